//! `claimledger conformance`: runs the recogniser over third-party suites (Recognizers-Text
//! specs, quantulum3 tests) read from the shared peer folder and prints pass rates as markdown.

use super::{Context, UsageError};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder holding recognizers-text/ and quantulum3/ (default: $CLAIMLEDGER_PEER or ../shared/peer).
    #[arg(long, value_name = "DIR")]
    pub peer: Option<PathBuf>,
}

pub fn run(_ctx: &Context, args: Args) -> anyhow::Result<()> {
    let dir = args
        .peer
        .or_else(|| std::env::var_os("CLAIMLEDGER_PEER").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared/peer"));
    if !dir.is_dir() {
        return Err(UsageError(format!("peer suites not found at {} (pass --peer DIR)", dir.display())).into());
    }
    let report = claimledger::claims::conformance::run(&dir);
    println!("{report}");
    Ok(())
}
