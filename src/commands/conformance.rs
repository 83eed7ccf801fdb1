//! `claimledger conformance`: runs the recogniser over third-party suites (Recognizers-Text
//! specs, quantulum3 tests) read from the shared peer folder and prints pass rates as markdown.

use super::{peer_dir, Context};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder holding recognizers-text/ and quantulum3/ (default: $CLAIMLEDGER_PEER or ../shared/peer).
    #[arg(long, value_name = "DIR")]
    pub peer: Option<PathBuf>,
}

pub fn run(_ctx: &Context, args: Args) -> anyhow::Result<()> {
    let dir = peer_dir(args.peer)?;
    let report = claimledger::claims::conformance::run(&dir);
    writeln!(std::io::stdout().lock(), "{report}")?;
    Ok(())
}
