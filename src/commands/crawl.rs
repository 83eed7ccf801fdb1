//! `claimledger crawl`: fetch the configured sources once, or on a schedule until stopped: a
//! first run at once, then each source when its schedule next fires (`--every` / `--cron`, else
//! the source's own `every` / `cron`, else `[schedule]`; cron times are UTC). Ctrl-C / SIGTERM stop new
//! requests and wait `crawl.drain_timeout` for those in flight; the next run resumes from the
//! frontier kept in the ledger.

use super::{Context, UsageError};
use chrono::{DateTime, Utc};
use claimledger::crawl::{CrawlOptions, Crawler, Schedule};
use claimledger::ledger::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Crawl once and exit.
    #[arg(long, conflicts_with_all = ["every", "cron"])]
    pub once: bool,
    /// Crawl again every DURATION ("30m", "1h") until stopped; default: `[schedule]`.
    #[arg(long, value_name = "DURATION", conflicts_with = "cron")]
    pub every: Option<String>,
    /// Crawl again whenever the cron EXPRESSION fires ("0 */6 * * *", UTC) until stopped.
    #[arg(long, value_name = "EXPRESSION")]
    pub cron: Option<String>,
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
    let forced = match (&args.every, &args.cron) {
        (Some(e), _) => Some(Schedule::every(e).map_err(|e| UsageError(format!("--every {e}")))?),
        (_, Some(c)) => Some(Schedule::cron(c).map_err(|e| UsageError(format!("--cron {e}")))?),
        _ => None,
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
    let schedules: Vec<(String, Schedule)> = sources
        .iter()
        .map(|s| {
            let schedule = forced
                .clone()
                .unwrap_or_else(|| ctx.settings.source_schedule(s));
            (s.name.clone(), schedule)
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
        let mut due: Vec<DateTime<Utc>> = vec![Utc::now(); schedules.len()];
        loop {
            let now = Utc::now();
            let run_now: Vec<String> = schedules
                .iter()
                .zip(&due)
                .filter(|(_, d)| **d <= now)
                .map(|((n, _), _)| n.clone())
                .collect();
            let opts = CrawlOptions {
                dry_run: args.dry_run,
                sources: Some(run_now.clone()),
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
            // Due times count from the end of the run, so a long run never queues a backlog.
            let finished = Utc::now();
            for ((name, schedule), d) in schedules.iter().zip(due.iter_mut()) {
                if run_now.contains(name) {
                    *d = schedule.next_after(finished);
                }
            }
            let next = due.iter().min().copied().unwrap_or(finished);
            let wait = (next - Utc::now()).to_std().unwrap_or_default();
            eprintln!(
                "next crawl at {} (in {})",
                next.format("%Y-%m-%d %H:%M:%S UTC"),
                humantime::format_duration(std::time::Duration::from_secs(wait.as_secs()))
            );
            let mut stop = stop_rx.clone();
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
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
