//! `claimledger bench-article`: the article-extraction benchmark (shingle F1 averaged per page,
//! as the benchmark's SOURCE.md defines it) over `article-extraction-benchmark/` of the peer folder.

use super::{peer_dir, Context, UsageError};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder holding article-extraction-benchmark/ (default: $CLAIMLEDGER_PEER or ../shared/peer).
    #[arg(long, value_name = "DIR")]
    pub peer: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_ctx: &Context, args: Args) -> anyhow::Result<()> {
    let dir = peer_dir(args.peer)?.join("article-extraction-benchmark");
    if !dir.join("ground-truth.json").is_file() {
        return Err(UsageError(format!(
            "no article-extraction benchmark at {}",
            dir.display()
        ))
        .into());
    }
    let report = claimledger::article::benchmark::run(&dir);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{report}")?;
    }
    Ok(())
}
