//! How the review page's queries scale: builds a ledger of 1 million claims (1.2 million
//! sightings, 100,000 articles, 10% reviewed) straight in SQL, denormalised columns included, and times what the claims table,
//! the claim page, the queue and the dashboard ask of it. A measurement, not a test: it asserts
//! nothing about time, and it is ignored by default. Run it with
//!
//! ```sh
//! cargo test --test web_scale -- --ignored --nocapture          # CLAIMS=200000 for a quicker look
//! ```

use claimledger::ledger::{ClaimFilter, ClaimSort, ReviewStatus, SortKey, SqliteStore, Store};
use std::time::Instant;

fn build(path: &std::path::Path, claims: i64) {
    drop(SqliteStore::open(path).unwrap());
    let conn = rusqlite::Connection::open(path).unwrap();
    let articles = (claims / 10).max(1);
    let t = Instant::now();
    conn.execute_batch(&format!(
        "BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {articles})
         INSERT INTO articles (id, ext_id, url, content_hash, title, published, outlet, text, ingested_at, minhash)
         SELECT i, 'a' || i, 'https://news.example/' || i, 'h' || i, 'Title ' || i,
                date('2022-02-24', '+' || (i % 900) || ' days'), 'Outlet ' || (i % 40),
                'Intro sentence. China''s exports to Russia rose ' || (i % 97) || '% in 2023, customs said. More text.',
                '2024-01-01T00:00:00Z', x'' FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {claims})
         INSERT INTO claims (id, key, kind, value, precision, unit, approx, metric, subject, counterpart, period_start,
                             period_end, surface, first_seen, n_sightings, n_outlets, in_conflict, max_precision)
         SELECT i, 'k' || (i % ({claims} * 9 / 10)), 'change', i % 97, 1, '%', 'exact',
                CASE i % 8 WHEN 0 THEN 'exports' WHEN 1 THEN 'imports' WHEN 2 THEN 'trade' WHEN 3 THEN 'budget'
                  WHEN 4 THEN 'revenue' WHEN 5 THEN 'gdp' WHEN 6 THEN 'inflation' ELSE 'spending' END,
                'Country ' || (i % 50), 'Country ' || (i % 7), '2023-01-01', '2023-12-31', (i % 97) || '%',
                '2024-01-01T00:00:00Z', CASE WHEN i <= {claims} / 5 THEN 2 ELSE 1 END, 1,
                CASE WHEN i <= {claims} / 10 OR i > {claims} * 9 / 10 THEN 1 ELSE 0 END, 1 FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {claims} * 12 / 10)
         INSERT INTO sightings (claim_id, article_id, surface, span_start, span_end, sentence, source, confidence, claim_json,
                                value, precision)
         SELECT ((i - 1) % {claims}) + 1, ((i - 1) / 10) % {articles} + 1, 'x', i, i + 1,
                'China''s exports to Russia rose ' || (i % 97) || '% in 2023, customs said.',
                'Source ' || (i % 300), 0.9, '{{}}', i % 97, 1 FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {claims} / 10)
         INSERT INTO review_events (claim_id, seq, at, by, from_status, to_status)
         SELECT i * 10, 1, '2024-01-02T00:00:00Z', 'bench', 'unreviewed', 'confirmed' FROM n;
         COMMIT;"
    ))
    .unwrap();
    eprintln!(
        "built {claims} claims in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}

fn time<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    eprintln!("{:>9.1} ms  {what}", t.elapsed().as_secs_f64() * 1000.0);
    out
}

#[test]
#[ignore = "a measurement; run with --ignored --nocapture"]
fn review_page_queries_at_a_million_claims() {
    let claims: i64 = std::env::var("CLAIMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.sqlite");
    build(&path, claims);
    let s = SqliteStore::open(&path).unwrap();
    let page = |f: ClaimFilter| ClaimFilter {
        limit: Some(50),
        ..f
    };
    let id_asc = ClaimSort::default();
    let cases: Vec<(&str, ClaimFilter, ClaimSort)> = vec![
        ("first page", page(ClaimFilter::default()), id_asc),
        (
            "page 10,000 (offset)",
            ClaimFilter {
                offset: Some(500_000),
                ..page(ClaimFilter::default())
            },
            id_asc,
        ),
        (
            "status=unreviewed",
            page(ClaimFilter {
                status: Some(ReviewStatus::Unreviewed),
                ..Default::default()
            }),
            id_asc,
        ),
        (
            "status=confirmed",
            page(ClaimFilter {
                status: Some(ReviewStatus::Confirmed),
                ..Default::default()
            }),
            id_asc,
        ),
        (
            "metric=exports",
            page(ClaimFilter {
                metric: Some("exports".into()),
                ..Default::default()
            }),
            id_asc,
        ),
        (
            "subject=Country 7",
            page(ClaimFilter {
                subject: Some("Country 7".into()),
                ..Default::default()
            }),
            id_asc,
        ),
        (
            "conflicts only",
            page(ClaimFilter {
                conflicts_only: true,
                ..Default::default()
            }),
            id_asc,
        ),
        (
            "min_sightings=2",
            page(ClaimFilter {
                min_sightings: Some(2),
                ..Default::default()
            }),
            id_asc,
        ),
        (
            "outlet=Outlet 3",
            page(ClaimFilter {
                outlet: Some("Outlet 3".into()),
                ..Default::default()
            }),
            id_asc,
        ),
        (
            "source=Source 42",
            page(ClaimFilter {
                source: Some("Source 42".into()),
                ..Default::default()
            }),
            id_asc,
        ),
        (
            "search 'rose 12%'",
            page(ClaimFilter {
                search: Some("rose 12%".into()),
                ..Default::default()
            }),
            id_asc,
        ),
        (
            "sort by sightings desc",
            page(ClaimFilter::default()),
            ClaimSort {
                key: SortKey::Sightings,
                descending: true,
            },
        ),
        (
            "sort by value",
            page(ClaimFilter::default()),
            ClaimSort {
                key: SortKey::Value,
                descending: false,
            },
        ),
    ];
    for (name, filter, sort) in cases {
        let rows = time(&format!("{name}: page"), || {
            s.claims_sorted(&filter, sort).unwrap()
        });
        let n = time(&format!("{name}: count"), || {
            s.count_claims(&filter).unwrap()
        });
        eprintln!("            ({} rows of {n})", rows.len());
    }
    time("claim page detail", || s.claim(claims / 2).unwrap());
    time("sighting sources", || {
        s.sighting_sources(claims / 2).unwrap()
    });
    time("next unreviewed", || {
        s.next_unreviewed(claims / 2, false).unwrap()
    });
    time("dashboard", || s.dashboard().unwrap());
}
