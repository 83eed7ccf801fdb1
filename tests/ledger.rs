//! The SQLite ledger on a real file: dedup across outlets, conflicts, append-only reviews,
//! optimistic concurrency, idempotent and order-independent ingest.

use claimledger::claims::Claim;
use claimledger::input::ArticleRecord;
use claimledger::ledger::{ClaimFilter, LedgerError, ReviewChange, ReviewStatus, SqliteStore, Store};
use proptest::prelude::*;

fn claim(article: &str, surface: &str, value: f64, kind: &str, unit: &str, sentence: &str) -> Claim {
    let start = sentence.find(surface).expect("surface in text");
    serde_json::from_value(serde_json::json!({
        "article": article, "surface": surface, "span": [start, start + surface.len()], "sentence": sentence,
        "kind": kind, "value": value, "low": null, "high": null, "unit": unit, "approx": "exact",
        "metric": "trade", "subject": "China", "counterpart": "Russia", "item": null,
        "period": {"start": "2023-01-01", "end": "2023-07-31", "surface": "the first seven months"},
        "baseline": null, "source": {"name": "China's General Administration of Customs", "surface": "customs data"},
        "hedge": null, "confidence": 0.9, "lang": "en"
    }))
    .expect("claim JSON matches the Claim type")
}

fn article(id: &str, outlet: &str, text: &str) -> ArticleRecord {
    ArticleRecord {
        id: id.into(),
        url: Some(format!("https://{outlet}.example/{id}")),
        title: None,
        published: chrono::NaiveDate::from_ymd_opt(2023, 8, 8),
        author: None,
        outlet: Some(outlet.into()),
        lang: Some("en".into()),
        source_line: None,
        text: text.into(),
    }
}

/// Three outlets: two agree within rounding, one transposes digits.
fn corpus() -> Vec<(ArticleRecord, Vec<Claim>)> {
    let a = "$134.1 billion was traded. Trade grew 28.7%.";
    let b = "$134 billion was traded. Trade grew 28.7%.";
    let c = "$134 billion was traded. Trade grew 27.8%.";
    vec![
        (article("wire", "wire", a), vec![claim("wire", "$134.1 billion", 134.1e9, "amount", "USD", a), claim("wire", "28.7%", 28.7, "change", "%", a)]),
        (article("daily", "daily", b), vec![claim("daily", "$134 billion", 134e9, "amount", "USD", b), claim("daily", "28.7%", 28.7, "change", "%", b)]),
        (article("weekly", "weekly", c), vec![claim("weekly", "$134 billion", 134e9, "amount", "USD", c), claim("weekly", "27.8%", 27.8, "change", "%", c)]),
    ]
}

fn open() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("l.sqlite")).unwrap();
    (dir, store)
}

#[test]
fn same_figure_from_many_outlets_is_one_claim_and_transposed_digits_conflict() {
    let (_d, mut s) = open();
    for (a, cs) in corpus() {
        s.ingest(&a, &cs).unwrap();
    }
    let all = s.claims(&ClaimFilter::default()).unwrap();
    assert_eq!(all.len(), 3, "{all:#?}");
    let amount = all.iter().find(|e| e.unit == "USD").unwrap();
    assert_eq!(amount.sightings, 3);
    assert_eq!(amount.outlets, 3);
    assert_eq!(amount.value, 134.1e9, "the most precise figure is kept");
    let conflicts = s.claims(&ClaimFilter { conflicts_only: true, ..Default::default() }).unwrap();
    let pcts: Vec<f64> = conflicts.iter().map(|e| e.value).collect();
    assert_eq!(conflicts.len(), 2, "{pcts:?}");
    let detail = s.claim(conflicts[0].id).unwrap().unwrap();
    assert_eq!(detail.conflicting.len(), 1);
    assert!(detail.sightings_list.iter().all(|x| x.outlet.is_some()));
    assert!(s.check().unwrap().is_empty());
}

#[test]
fn reviews_are_appended_and_stale_versions_are_refused() {
    let (_d, mut s) = open();
    for (a, cs) in corpus() {
        s.ingest(&a, &cs).unwrap();
    }
    let id = s.claims(&ClaimFilter::default()).unwrap()[0].id;
    let change = |to, v| ReviewChange { to, by: "alice".into(), note: None, expected_version: v };
    s.review(id, &change(ReviewStatus::Confirmed, Some(0))).unwrap();
    let err = s.review(id, &change(ReviewStatus::Rejected, Some(0))).unwrap_err();
    assert!(matches!(err, LedgerError::Conflict { expected: 0, current: 1, .. }), "{err}");
    s.review(id, &change(ReviewStatus::Disputed, Some(1))).unwrap();
    let d = s.claim(id).unwrap().unwrap();
    assert_eq!(d.entry.status, ReviewStatus::Disputed);
    let steps: Vec<_> = d.history.iter().map(|h| (h.from, h.to)).collect();
    assert_eq!(
        steps,
        vec![(ReviewStatus::Unreviewed, ReviewStatus::Confirmed), (ReviewStatus::Confirmed, ReviewStatus::Disputed)]
    );
    assert!(matches!(s.review(424242, &change(ReviewStatus::Confirmed, None)), Err(LedgerError::NoSuchClaim(424242))));
}

#[test]
fn review_events_cannot_be_rewritten_even_with_raw_sql() {
    let (d, mut s) = open();
    let (a, cs) = corpus().remove(0);
    s.ingest(&a, &cs).unwrap();
    let id = s.claims(&ClaimFilter::default()).unwrap()[0].id;
    s.review(id, &ReviewChange { to: ReviewStatus::Confirmed, by: "a".into(), note: None, expected_version: None }).unwrap();
    drop(s);
    let conn = rusqlite::Connection::open(d.path().join("l.sqlite")).unwrap();
    assert!(conn.execute("UPDATE review_events SET to_status = 'rejected'", []).is_err());
    assert!(conn.execute("DELETE FROM review_events", []).is_err());
}

#[test]
fn a_ledger_from_a_newer_claimledger_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    drop(SqliteStore::open(&path).unwrap());
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
    assert!(matches!(SqliteStore::open(&path), Err(LedgerError::TooNew { found: 99, .. })));
}

fn snapshot(s: &SqliteStore) -> Vec<(String, f64, i64, i64)> {
    let mut v: Vec<_> = s
        .claims(&ClaimFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| (e.key, e.value, e.sightings, e.conflicts.len() as i64))
        .collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Ingesting the corpus in any order, any number of times, yields the same ledger.
    #[test]
    fn ingest_is_idempotent_and_order_independent(order in proptest::collection::vec(0usize..3, 1..10)) {
        let (_d, mut reference) = open();
        for (a, cs) in corpus() {
            reference.ingest(&a, &cs).unwrap();
        }
        let (_d2, mut s) = open();
        let docs = corpus();
        for &i in &order {
            s.ingest(&docs[i].0, &docs[i].1).unwrap();
        }
        for i in 0..3 {
            s.ingest(&docs[i].0, &docs[i].1).unwrap();
        }
        prop_assert_eq!(snapshot(&s), snapshot(&reference));
    }
}
