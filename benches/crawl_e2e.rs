//! The crawler end to end: a generated site of N article pages on 127.0.0.1 (a sitemap listing
//! them, each page a distinct war-economy story with figures), politeness lifted
//! (`per_host_delay = "0s"`, concurrency 32, archiving off), crawled through fetch, article
//! extraction, claims and the ledger. Each size runs in a fresh child process so its peak RSS
//! (VmHWM, site server included) is its own; prints a Markdown table.
//!
//! Run: `cargo bench --bench crawl_e2e` (release; sizes 1000,10000,100000 by default, or
//! e.g. `CRAWL_BENCH_SIZES=1000,10000`; `CRAWL_BENCH_SUGGEST=1` keeps the ledger's embedding link
//! suggestions on, which run the model at ingest). Under `cargo test --all-targets` it is a smoke run of
//! 100 pages that checks every page became an article.

#[path = "../tests/crawl_common/mod.rs"]
mod crawl_common;

use claimledger::crawl::{crawl_once, CrawlOptions};
use claimledger::ledger::SqliteStore;
use std::process::Command;
use std::time::Instant;

/// Set in a child: the one size it measures.
const CHILD_ENV: &str = "CRAWL_BENCH_CHILD";

/// Set (to anything) to keep the ledger's link suggestions on during the crawl.
const SUGGEST_ENV: &str = "CRAWL_BENCH_SUGGEST";

/// What one size came to (one line of the child's stdout).
struct Measured {
    pages: usize,
    secs: f64,
    articles: usize,
    /// Claims found and recorded (ledger sightings).
    sightings: usize,
    /// Ledger entries they made (the same figure told on many pages is one entry).
    entries: usize,
    failed: usize,
    peak_rss_kib: u64,
}

impl Measured {
    fn to_line(&self) -> String {
        format!(
            "measured {} {:.3} {} {} {} {} {}",
            self.pages,
            self.secs,
            self.articles,
            self.sightings,
            self.entries,
            self.failed,
            self.peak_rss_kib
        )
    }

    fn from_line(line: &str) -> Option<Measured> {
        let mut f = line.strip_prefix("measured ")?.split_whitespace();
        Some(Measured {
            pages: f.next()?.parse().ok()?,
            secs: f.next()?.parse().ok()?,
            articles: f.next()?.parse().ok()?,
            sightings: f.next()?.parse().ok()?,
            entries: f.next()?.parse().ok()?,
            failed: f.next()?.parse().ok()?,
            peak_rss_kib: f.next()?.parse().ok()?,
        })
    }
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// The child: serve the site, crawl it once, report.
fn measure(pages: usize) -> Measured {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async {
        let site = crawl_common::start_unthrottled(pages).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let sources = format!(
            "[[source]]\nname = \"gen\"\nkind = \"sitemap\"\nlocation = \"{}/gen-sitemap.xml\"\n",
            site.base
        );
        let extra = "per_host_delay = \"0s\"\nconcurrency = 32\nper_host_concurrency = 32\n\
                     timeout = \"30s\"\nmax_pages_per_source = 10_000_000\narchive_dir = \"\"\n\
                     max_body_bytes = 1_000_000_000\nmax_decompressed_bytes = 1_000_000_000";
        let mut settings = crawl_common::config(dir.path(), &sources, extra);
        // The ledger's embedding link suggestions run the model at ingest: a separate cost,
        // measured only when asked for.
        settings.suggest_links = std::env::var_os(SUGGEST_ENV).is_some();
        let mut store = SqliteStore::open(&settings.ledger_path).expect("open ledger");
        let t0 = Instant::now();
        let s = crawl_once(&settings, &mut store, &CrawlOptions::default())
            .await
            .expect("crawl");
        Measured {
            pages,
            secs: t0.elapsed().as_secs_f64(),
            articles: s.new_articles,
            sightings: s.new_sightings,
            entries: s.new_claims,
            failed: s.failed,
            peak_rss_kib: peak_rss_kib(),
        }
    })
}

fn main() {
    if let Some(n) = std::env::var(CHILD_ENV).ok().and_then(|v| v.parse().ok()) {
        println!("{}", measure(n).to_line());
        return;
    }
    // `cargo bench` passes --bench; under `cargo test` this runs as a quick smoke test.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let sizes: Vec<usize> = match std::env::var("CRAWL_BENCH_SIZES") {
        Ok(s) => s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) if smoke => vec![100],
        Err(_) => vec![1_000, 10_000, 100_000],
    };
    let exe = std::env::current_exe().expect("own path");
    println!(
        "| pages | new articles | time (s) | pages/s | claims found | claims/s | ledger entries | failed | peak RSS (MiB) |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for pages in sizes {
        let out = Command::new(&exe)
            .env(CHILD_ENV, pages.to_string())
            .output()
            .expect("run the measuring child");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let Some(m) = stdout.lines().find_map(Measured::from_line) else {
            panic!(
                "child for {pages} pages failed ({}): {}\n{}",
                out.status,
                stdout,
                String::from_utf8_lossy(&out.stderr)
            );
        };
        println!(
            "| {} | {} | {:.2} | {:.0} | {} | {:.0} | {} | {} | {:.0} |",
            m.pages,
            m.articles,
            m.secs,
            m.pages as f64 / m.secs,
            m.sightings,
            m.sightings as f64 / m.secs,
            m.entries,
            m.failed,
            m.peak_rss_kib as f64 / 1024.0
        );
        if smoke {
            assert_eq!(m.articles, m.pages, "every page is a new article");
            assert_eq!(m.failed, 0);
            assert!(
                m.sightings >= m.pages,
                "every generated page tells figures: {} claims from {} pages",
                m.sightings,
                m.pages
            );
        }
    }
}
