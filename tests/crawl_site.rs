//! The crawler against a real HTTP server on 127.0.0.1 serving a fixture site and a fault
//! matrix: what is stored, what is never requested, politeness timing, archives, reruns.

mod crawl_common;

use claimledger::crawl::{crawl_once, CrawlOptions};
use claimledger::ledger::{SqliteStore, Store};
use crawl_common::{config, start};
use std::time::Duration;

fn stored_urls(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT COALESCE(url, '') FROM articles ORDER BY url")
        .unwrap();
    let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fixture_site_and_fault_matrix_are_crawled_politely_and_a_rerun_is_a_no_op() {
    let site = start(true, 0).await;
    let dir = tempfile::tempdir().unwrap();
    let base = &site.base;
    let sources = format!(
        "[[source]]\nname = \"feed\"\nkind = \"feed\"\nlocation = \"{base}/feed.xml\"\noutlet = \"WEM\"\n\n\
         [[source]]\nname = \"sitemap\"\nkind = \"sitemap\"\nlocation = \"{base}/sitemap.xml\"\n"
    );
    let settings = config(dir.path(), &sources, "");
    let db = settings.ledger_path.clone();
    let mut store = SqliteStore::open(&db).unwrap();

    let first = crawl_once(&settings, &mut store, &CrawlOptions::default())
        .await
        .unwrap();
    eprintln!("{first}\n{:#?}", site.paths());

    // The right pages are stored, each once, under its canonical URL.
    let urls = stored_urls(&db);
    for want in [
        "/news/a1",
        "/news/a2",
        "/news/a3",
        "/news/a4",
        "/faults/flaky",
        "/faults/429",
        "/faults/latin1",
        "/faults/malformed",
    ] {
        assert!(
            urls.iter().any(|u| u == &format!("{base}{want}")),
            "{want} not stored: {urls:?}"
        );
    }
    assert_eq!(
        urls.iter().filter(|u| u.ends_with("/news/a1")).count(),
        1,
        "{urls:?}"
    );
    assert!(
        first.duplicates >= 1,
        "the /print/ copy of a1 is a duplicate: {first}"
    );
    assert!(first.new_claims >= 8, "{first}");
    // Missing charset: windows-1252 fallback decodes the euro sign and the accent.
    let latin1: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT text FROM articles WHERE url LIKE '%/faults/latin1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        latin1.contains("€45 million") && latin1.contains("café"),
        "{latin1}"
    );

    // Disallowed paths are never requested; robots.txt is asked once.
    assert_eq!(site.requests("/private/"), 0, "{:?}", site.paths());
    assert_eq!(site.requests("/robots.txt"), 1);
    assert!(
        first.skipped.keys().any(|k| k.contains("robots.txt")),
        "{first}"
    );
    assert!(
        first.skipped.keys().any(|k| k.contains("application/pdf")),
        "{first}"
    );

    // The fault matrix: every fault is a recorded failure, none a crash.
    let failures: Vec<&String> = first.failures.keys().collect();
    for want in [
        "timed out",
        "HTTP 503",
        "HTTP 410",
        "redirect loop",
        "refused: private address",
        "connection failed",
    ] {
        assert!(
            failures.iter().any(|f| f.contains(want)),
            "no {want:?} failure in {failures:?}"
        );
    }
    assert!(
        failures
            .iter()
            .any(|f| f.contains("decompressed body larger")),
        "gzip bomb: {failures:?}"
    );
    assert!(
        failures.iter().any(|f| f.starts_with("body larger")),
        "oversized: {failures:?}"
    );
    assert_eq!(
        site.requests("/faults/storm"),
        3,
        "503 storm: one try and two retries"
    );
    assert_eq!(site.requests("/faults/flaky"), 3, "500, 500, then the page");
    assert_eq!(site.requests("/faults/bomb"), 1, "a bomb is not retried");

    // Politeness: after robots.txt is read, requests to the host start >= crawl-delay apart,
    // and a 429's Retry-After holds the page back a full second.
    let log = site.log.lock().unwrap().clone();
    let mut times: Vec<_> = log.iter().map(|(_, t)| *t).collect();
    times.sort();
    let gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
    // Arrival times carry connection-setup jitter; the starts themselves are 50 ms apart.
    let mut later: Vec<Duration> = gaps.iter().skip(2).copied().collect();
    later.sort();
    assert!(
        later[0] >= Duration::from_millis(20),
        "requests {:?} apart, crawl-delay is 50 ms",
        later[0]
    );
    assert!(
        later[later.len() / 2] >= Duration::from_millis(45),
        "median gap {:?}",
        later[later.len() / 2]
    );
    let t429: Vec<_> = log
        .iter()
        .filter(|(p, _)| p == "/faults/429")
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(t429.len(), 2);
    assert!(
        t429[1] - t429[0] >= Duration::from_millis(950),
        "Retry-After: 1 not honoured"
    );

    // Every fetch is in the crawl log, redirects included; responses are archived.
    let distinct: std::collections::HashSet<&String> = log
        .iter()
        .map(|(p, _)| p)
        .filter(|p| !p.ends_with("robots.txt"))
        .collect();
    assert!(count(&db, "SELECT COUNT(*) FROM crawl_log") >= distinct.len() as i64);
    assert!(
        count(
            &db,
            "SELECT COUNT(*) FROM crawl_log WHERE skipped LIKE 'redirected to %/news/a3'"
        ) == 1
    );
    // Every try is a row: the 503 storm is two retried tries and the final failure; the flaky
    // page two retried 500s and the 200.
    let rows = |path: &str| -> Vec<(Option<i64>, Option<String>)> {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut st = conn
            .prepare("SELECT status, error FROM crawl_log WHERE url LIKE ? ORDER BY id")
            .unwrap();
        let found = st
            .query_map([format!("%{path}")], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        found.map(Result::unwrap).collect()
    };
    let storm = rows("/faults/storm");
    assert_eq!(storm.len(), 3, "{storm:?}");
    for (i, (status, error)) in storm[..2].iter().enumerate() {
        assert_eq!(*status, Some(503), "{storm:?}");
        let error = error.as_deref().unwrap_or_default();
        assert!(
            error.contains(&format!("(try {}, retried after", i + 1)),
            "{error}"
        );
    }
    assert!(
        storm[2]
            .1
            .as_deref()
            .unwrap_or_default()
            .contains("after 3 tries"),
        "{storm:?}"
    );
    let flaky = rows("/faults/flaky");
    assert_eq!(
        flaky.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        vec![Some(500), Some(500), Some(200)],
        "{flaky:?}"
    );
    assert!(flaky[2].1.is_none(), "{flaky:?}");
    assert!(first.archived >= 8, "{first}");
    assert!(store.check().unwrap().is_empty());

    // A rerun is a no-op: conditional GET or same bytes, nothing new.
    let before = site.log.lock().unwrap().len();
    let second = crawl_once(&settings, &mut store, &CrawlOptions::default())
        .await
        .unwrap();
    eprintln!("{second}");
    assert_eq!(
        (second.new_articles, second.new_claims, second.new_sightings),
        (0, 0, 0),
        "{second}"
    );
    assert!(second.unchanged >= 6, "{second}");
    assert!(site.log.lock().unwrap()[before..]
        .iter()
        .all(|(p, _)| !p.starts_with("/private/")));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM frontier WHERE state = 'pending'"),
        0
    );

    // The archive is a source: a fresh ledger fed only from the WARC files gets the same
    // articles without a single request.
    let before = site.log.lock().unwrap().len();
    let warc_dir = dir.path().join("replay");
    std::fs::create_dir_all(&warc_dir).unwrap();
    let replay_sources = format!(
        "[[source]]\nname = \"archive\"\nkind = \"warc\"\nlocation = \"{}\"\n",
        dir.path().join("archive").display()
    );
    let replay = config(&warc_dir, &replay_sources, "");
    let mut replay_store = SqliteStore::open(&replay.ledger_path).unwrap();
    let replayed = crawl_once(&replay, &mut replay_store, &CrawlOptions::default())
        .await
        .unwrap();
    assert_eq!(site.log.lock().unwrap().len(), before);
    assert_eq!(replayed.new_articles, urls.len(), "{replayed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_pages_are_followed_to_the_configured_depth_within_the_patterns() {
    let site = start(false, 40).await;
    let dir = tempfile::tempdir().unwrap();
    let base = &site.base;
    let sources = format!(
        "[[source]]\nname = \"seed\"\nkind = \"page\"\nlocation = \"{base}/gen/index.html\"\nmax_depth = 1\n\
         exclude = [\"/gen/3$\"]\nkeywords = [\"exports\"]\n"
    );
    // Only the first 5 links of the seed page: a small site.
    let settings = config(
        dir.path(),
        &sources,
        "per_host_delay = \"1ms\"\nconcurrency = 8\nper_host_concurrency = 4",
    );
    let mut store = SqliteStore::open(&settings.ledger_path).unwrap();

    let plan = crawl_once(
        &settings,
        &mut store,
        &CrawlOptions {
            dry_run: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        plan.planned.len(),
        39,
        "every seed link but the excluded one"
    );
    assert_eq!(
        store.stats().unwrap().articles,
        0,
        "a dry run records nothing"
    );

    let run = crawl_once(&settings, &mut store, &CrawlOptions::default())
        .await
        .unwrap();
    assert_eq!(run.new_articles, 39, "{run}");
    assert!(
        site.paths().iter().all(|p| p != "/gen/3"),
        "excluded by pattern"
    );
    // Depth 1 links (n+1, n+7) past the end of the site are 404s, not crashes.
    assert!(
        run.failures.get("HTTP 404").copied().unwrap_or(0) > 0,
        "{run}"
    );
    assert!(store.skipped_pages(10).unwrap().is_empty() || run.skipped.values().sum::<usize>() > 0);
}
