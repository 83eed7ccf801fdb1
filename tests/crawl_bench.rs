//! Crawl benchmark (ignored by default): a local site of thousands of generated articles on
//! 127.0.0.1, politeness lifted, crawled end to end (fetch, extraction, claims, ledger).
//! Reports pages/s and peak RSS for growing site sizes (memory should stay flat):
//!
//! `cargo test --release --test crawl_bench -- --ignored --nocapture`

mod crawl_common;

use claimledger::crawl::{crawl_once, CrawlOptions};
use claimledger::ledger::SqliteStore;
use std::time::Instant;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --release -- --ignored --nocapture"]
async fn crawl_throughput() {
    let sizes: Vec<usize> = std::env::var("CRAWL_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_else(|| vec![1000, 4000]);
    for pages in sizes {
        let site = crawl_common::start(false, pages).await;
        let dir = tempfile::tempdir().unwrap();
        let sources = format!(
            "[[source]]\nname = \"gen\"\nkind = \"sitemap\"\nlocation = \"{}/gen-sitemap.xml\"\n",
            site.base
        );
        let extra = "per_host_delay = \"0s\"\nconcurrency = 32\nper_host_concurrency = 32\ntimeout = \"30s\"\n\
                     max_pages_per_source = 1000000\narchive_dir = \"\"";
        let settings = crawl_common::config(dir.path(), &sources, extra);
        let mut store = SqliteStore::open(&settings.ledger_path).unwrap();
        let t0 = Instant::now();
        let s = crawl_once(&settings, &mut store, &CrawlOptions::default())
            .await
            .unwrap();
        let secs = t0.elapsed().as_secs_f64();
        assert_eq!(s.new_articles, pages, "{s}");
        println!(
            "crawl bench: {pages} pages in {secs:.2} s = {:.0} pages/s, {} claims, peak RSS {} MiB",
            pages as f64 / secs,
            s.new_claims,
            peak_rss_kib() / 1024
        );
    }
}
