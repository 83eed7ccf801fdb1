//! `claimledger export`: claims as JSON, JSON Lines or CSV, to stdout or a file. A file is
//! written to a temporary name and renamed, so a failed export never leaves half a file.

use super::claims::FilterArgs;
use super::Context;
use claimledger::export::{export, ExportFormat};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Output file (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print the JSON Schema of one exported claim (docs/claim.schema.json) and exit.
    #[arg(long)]
    pub schema: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    if args.schema {
        print!("{}", claimledger::export::json_schema());
        return Ok(());
    }
    let store = ctx.open_existing_store()?;
    let filter = args.filters.filter();
    match &args.output {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            export(&store, &filter, args.format, &mut out)?;
            out.flush()?;
        }
        Some(path) => {
            let tmp = path.with_extension(format!("{}.partial", args.format.extension()));
            let file = std::fs::File::create(&tmp)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", tmp.display()))?;
            let mut out = std::io::BufWriter::new(file);
            let n = export(&store, &filter, args.format, &mut out)?;
            out.flush()?;
            drop(out);
            std::fs::rename(&tmp, path)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            eprintln!("exported {n} claims to {}", path.display());
        }
    }
    Ok(())
}
