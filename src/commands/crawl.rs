//! `claimledger crawl`: fetch the configured sources once, or on a schedule until stopped
//! (each source every `[schedule] every`, or its own `every`). Ctrl-C / SIGTERM stop new
//! requests and wait `crawl.drain_timeout` for those in flight; the next run resumes from the
//! frontier kept in the ledger.

use super::{Context, UsageError};
use claimledger::crawl::{CrawlOptions, Crawler};
use claimledger::ledger::Store;
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Crawl once and exit.
    #[arg(long, conflicts_with = "every")]
    pub once: bool,
    /// Crawl again every DURATION ("30m", "1h") until stopped; default: `[schedule] every`.
    #[arg(long, value_name = "DURATION")]
    pub every: Option<String>,
    /// List what would be fetched; fetch only feeds, sitemaps and seed pages; record nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Only this source (repeatable).
    #[arg(long = "source", value_name = "NAME")]
    pub sources: Vec<String>,
    /// List the latest N skipped pages (JSON Lines: url, reason, relevance score) and exit.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "100")]
    pub skipped: Option<i64>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    if let Some(limit) = args.skipped {
        let store = ctx.open_store()?;
        for page in store.skipped_pages(limit)? {
            println!("{}", serde_json::to_string(&page)?);
        }
        return Ok(());
    }
    let every = match &args.every {
        Some(s) => humantime::parse_duration(s).map_err(|e| {
            UsageError(format!(
                "--every {s:?} is not a duration like \"30m\" or \"1h\": {e}"
            ))
        })?,
        None => ctx.settings.schedule_every,
    };
    let sources: Vec<_> = ctx
        .settings
        .sources
        .iter()
        .filter(|s| args.sources.is_empty() || args.sources.contains(&s.name))
        .collect();
    if sources.is_empty() {
        return Err(UsageError(
            "no [[source]] to crawl (check the configuration and --source)".into(),
        )
        .into());
    }
    // Each source's own interval (the config validated these durations already).
    let intervals: Vec<(String, Duration)> = sources
        .iter()
        .map(|s| {
            let own = s
                .every
                .as_deref()
                .and_then(|e| humantime::parse_duration(e).ok());
            let interval = if args.every.is_some() {
                every
            } else {
                own.unwrap_or(every)
            };
            (s.name.clone(), interval.max(Duration::from_secs(1)))
        })
        .collect();
    let mut store = ctx.open_store()?;
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = stop_tx.send(true);
        });
        let crawler = Crawler::new(&ctx.settings)?;
        let mut due: Vec<Instant> = vec![Instant::now(); intervals.len()];
        loop {
            let now = Instant::now();
            let run_now: Vec<String> = intervals
                .iter()
                .zip(&due)
                .filter(|(_, d)| **d <= now)
                .map(|((n, _), _)| n.clone())
                .collect();
            for ((_, interval), d) in intervals.iter().zip(due.iter_mut()) {
                if *d <= now {
                    *d = now + *interval;
                }
            }
            let opts = CrawlOptions {
                dry_run: args.dry_run,
                sources: Some(run_now),
                shutdown: Some(stop_rx.clone()),
                progress: true,
            };
            let summary = crawler.run(&mut store, &opts).await?;
            if opts.dry_run {
                for url in &summary.planned {
                    println!("{url}");
                }
            } else {
                eprintln!("{summary}");
            }
            if args.once || opts.dry_run || *stop_rx.borrow() {
                return Ok(());
            }
            let next = due.iter().min().copied().unwrap_or(now + every);
            eprintln!(
                "next crawl in {}",
                humantime::format_duration(next.saturating_duration_since(Instant::now()))
            );
            let mut stop = stop_rx.clone();
            tokio::select! {
                _ = tokio::time::sleep_until(next.into()) => {}
                _ = stop.wait_for(|s| *s) => {
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
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
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
