//! Bakes the location of the libtorch installed by `make setup` into every binary and test of this
//! package, so `claimledger` runs without LD_LIBRARY_PATH.
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let libtorch = std::env::var("LIBTORCH")
        .map(PathBuf::from)
        .unwrap_or_else(|_| manifest.join("models/libtorch"));
    let libtorch = if libtorch.is_absolute() {
        libtorch
    } else {
        manifest.join(libtorch)
    };
    let lib = libtorch.join("lib");
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.display());
    println!(
        "cargo:rustc-env=CLAIMLEDGER_MODELS_DIR={}",
        manifest.join("models").display()
    );
}
