//! `claimledger article`: main text and metadata of one page as JSON.

use super::{Context, UsageError};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// An `.html` file, an http(s) URL, or `-` for stdin.
    #[arg(value_name = "INPUT")]
    pub input: String,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let article = if args.input.starts_with("http://") || args.input.starts_with("https://") {
        let rt = tokio::runtime::Runtime::new()?;
        let page = rt
            .block_on(claimledger::crawl::fetch_url(&args.input, &ctx.settings))
            .map_err(|e| claimledger::input::InputError::Fetch {
                url: args.input.clone(),
                reason: e.to_string(),
            })?;
        let html = claimledger::article::decode(&page.body, page.content_type.as_deref());
        claimledger::article::extract(&html, Some(&page.final_url))
    } else {
        let bytes = if args.input == "-" {
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut b)?;
            b
        } else {
            std::fs::read(&args.input)
                .map_err(|e| UsageError(format!("cannot read {}: {e}", args.input)))?
        };
        let html = claimledger::article::decode(&bytes, None);
        claimledger::article::extract(&html, None)
    };
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &article)?;
    out.write_all(b"\n")?;
    Ok(())
}
