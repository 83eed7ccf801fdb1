//! `claimledger crawl`: fetch the configured sources once, or every DURATION until stopped
//! (Ctrl-C / SIGTERM end the run after the page in progress).

use super::{Context, UsageError};
use claimledger::crawl::{crawl_once, CrawlOptions};
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Crawl once and exit.
    #[arg(long, conflicts_with = "every")]
    pub once: bool,
    /// Crawl again every DURATION ("30m", "1h") until stopped; default: `[schedule] every`.
    #[arg(long, value_name = "DURATION")]
    pub every: Option<String>,
    /// List what would be fetched; fetch and record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let every = match &args.every {
        Some(s) => humantime::parse_duration(s)
            .map_err(|e| UsageError(format!("--every {s:?} is not a duration like \"30m\" or \"1h\": {e}")))?,
        None => ctx.settings.schedule_every,
    };
    if ctx.settings.sources.is_empty() {
        return Err(UsageError("no [[source]] in the configuration: nothing to crawl".into()).into());
    }
    let opts = CrawlOptions { dry_run: args.dry_run };
    let mut store = ctx.open_store()?;
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        loop {
            let summary = crawl_once(&ctx.settings, &mut store, &opts).await?;
            if opts.dry_run {
                for url in &summary.planned {
                    println!("{url}");
                }
            } else {
                eprintln!("{summary}");
            }
            if args.once || opts.dry_run {
                return Ok(());
            }
            eprintln!("next crawl in {}", humantime::format_duration(every));
            tokio::select! {
                _ = tokio::time::sleep(every.max(Duration::from_secs(1))) => {}
                _ = shutdown_signal() => {
                    eprintln!("stopping");
                    return Ok(());
                }
            }
        }
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
