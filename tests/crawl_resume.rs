//! A crawl stopped part-way (signal with drain, or the task dropped outright) resumes from the
//! frontier kept in the ledger, with no duplicate articles or sightings and nothing lost.

mod crawl_common;

use claimledger::crawl::{crawl_once, CrawlOptions};
use claimledger::ledger::{SqliteStore, Store};
use crawl_common::{config, start};
use std::time::Duration;

const PAGES: usize = 60;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_crawl_resumes_without_duplicates() {
    let site = start(false, PAGES).await;
    let base = &site.base;
    let sources = format!(
        "[[source]]\nname = \"gen\"\nkind = \"sitemap\"\nlocation = \"{base}/gen-sitemap.xml\"\n"
    );
    let extra = "per_host_delay = \"5ms\"\nconcurrency = 2\nper_host_concurrency = 2\ndrain_timeout = \"200ms\"";

    // Reference: one uninterrupted crawl.
    let clean_dir = tempfile::tempdir().unwrap();
    let clean = config(clean_dir.path(), &sources, extra);
    let mut clean_store = SqliteStore::open(&clean.ledger_path).unwrap();
    crawl_once(&clean, &mut clean_store, &CrawlOptions::default())
        .await
        .unwrap();
    let want = clean_store.stats().unwrap();
    assert_eq!(want.articles, PAGES as i64);

    let dir = tempfile::tempdir().unwrap();
    let settings = config(dir.path(), &sources, extra);
    let mut store = SqliteStore::open(&settings.ledger_path).unwrap();

    // 1: a graceful stop (Ctrl-C) part-way.
    let (stop, rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let _ = stop.send(true);
    });
    let opts = CrawlOptions {
        shutdown: Some(rx),
        ..Default::default()
    };
    let part = crawl_once(&settings, &mut store, &opts).await.unwrap();
    assert!(part.interrupted, "{part}");
    let after_stop = store.stats().unwrap().articles;
    assert!(
        after_stop < PAGES as i64,
        "stopped too late to test anything ({after_stop})"
    );

    // 2: an abrupt stop (the future dropped mid-run, as near to kill -9 as a test gets).
    let _ = tokio::time::timeout(
        Duration::from_millis(100),
        crawl_once(&settings, &mut store, &CrawlOptions::default()),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await; // let the orphaned writer finish

    // 3: resume to the end.
    let rest = crawl_once(&settings, &mut store, &CrawlOptions::default())
        .await
        .unwrap();
    assert!(!rest.interrupted);
    let got = store.stats().unwrap();
    assert_eq!(
        (got.articles, got.claims, got.sightings),
        (want.articles, want.claims, want.sightings)
    );
    assert!(store.check().unwrap().is_empty());
    assert!(store.frontier_pending("gen").unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_the_ledger_refuses_fails_alone_and_the_crawl_goes_on() {
    const N: usize = 16;
    const BAD: usize = 5;
    let site = start(false, N).await;
    let base = &site.base;
    let sources = format!(
        "[[source]]\nname = \"gen\"\nkind = \"sitemap\"\nlocation = \"{base}/gen-sitemap.xml\"\n"
    );
    let extra = "per_host_delay = \"0ms\"\nconcurrency = 8\nper_host_concurrency = 8";
    let dir = tempfile::tempdir().unwrap();
    let settings = config(dir.path(), &sources, extra);
    let mut store = SqliteStore::open(&settings.ledger_path).unwrap();
    // A real SQLite failure for one page's article (as a constraint the record breaks would be).
    let bad_url = format!("{base}/gen/{BAD}");
    let conn = rusqlite::Connection::open(&settings.ledger_path).unwrap();
    conn.execute_batch(&format!(
        "CREATE TRIGGER refuse_one BEFORE INSERT ON articles WHEN NEW.url = '{bad_url}' \
         BEGIN SELECT RAISE(ABORT, 'a bad record'); END;"
    ))
    .unwrap();

    let s = crawl_once(&settings, &mut store, &CrawlOptions::default())
        .await
        .unwrap();
    assert_eq!((s.new_articles, s.failed), (N - 1, 1), "{s}");
    assert_eq!(s.failures.values().sum::<usize>(), 1, "{s}");
    assert_eq!(store.stats().unwrap().articles, (N - 1) as i64);
    let q = |sql: &str| -> i64 {
        conn.query_row(sql, [bad_url.as_str()], |r| r.get(0))
            .unwrap()
    };
    // Nothing of the refused page stays but one failure row and its frontier state.
    assert_eq!(q("SELECT count(*) FROM articles WHERE url = ?1"), 0);
    assert_eq!(
        q("SELECT count(*) FROM crawl_log WHERE url = ?1 AND error LIKE '%a bad record%'"),
        1
    );
    assert_eq!(q("SELECT count(*) FROM crawl_log WHERE url = ?1"), 1);
    assert_eq!(
        q("SELECT count(*) FROM frontier WHERE url = ?1 AND state = 'failed'"),
        1
    );
    assert_eq!(
        q("SELECT count(*) FROM frontier WHERE url LIKE '%/gen/%' AND url != ?1 AND state = 'done'"),
        (N - 1) as i64
    );
    assert!(store.check().unwrap().is_empty());
}
