//! The multi-outlet sample (`samples/multi-outlet/`, expected outcome in its README) through the
//! ledger: one entry per figure across outlets and languages, the planted conflicts, the wire
//! story and its republication as one origin, order-independence, and the CLI answering "who said
//! 27.8% and who said 28.7%?" in one command.

mod ledger_support;

use claimledger::ledger::{ClaimFilter, LedgerEntry, SqliteStore, Store};
use ledger_support::*;

fn ledger() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = SqliteStore::open(&dir.path().join("l.sqlite")).unwrap();
    s.ingest_batch(&gold_corpus()).unwrap();
    (dir, s)
}

fn find<'a>(
    all: &'a [LedgerEntry],
    metric: &str,
    kind: &str,
    unit: &str,
    period_end: &str,
    value: f64,
) -> &'a LedgerEntry {
    all.iter()
        .find(|e| {
            e.metric == metric
                && e.kind == kind
                && e.unit == unit
                && e.period_end.as_deref() == Some(period_end)
                && (e.value - value).abs() < 1e-6 * value.abs().max(1.0)
        })
        .unwrap_or_else(|| panic!("no {metric} {kind} {value} {unit} to {period_end} in {all:#?}"))
}

#[test]
fn the_same_figure_across_outlets_and_languages_is_one_entry() {
    let (_d, s) = ledger();
    let all = s.claims(&ClaimFilter::default()).unwrap();
    let t = find(&all, "trade", "amount", "USD", "2023-04-30", 73.15e9);
    assert_eq!(t.sightings, 8, "m01 m02 m03 m04 m05 m06 m07 m09");
    let d = s.claim(t.id).unwrap().unwrap();
    let langs: std::collections::BTreeSet<_> = d
        .sightings_list
        .iter()
        .filter_map(|x| x.lang.clone())
        .collect();
    assert_eq!(
        langs.into_iter().collect::<Vec<_>>(),
        ["de", "en", "ru", "uk"]
    );
    // The Russian "73,15 млрд долларов" is on the same entry as the English "$73.15 billion".
    assert!(d
        .sightings_list
        .iter()
        .any(|x| x.surface == "73,15 млрд долларов"));
    let i = find(&all, "imports", "amount", "USD", "2023-04-30", 38.17e9);
    assert_eq!(i.sightings, 6, "m01 m02 m03 ($38.2 billion) m04 m05 m07");
    let tc = find(&all, "trade", "change", "%", "2023-04-30", 41.3);
    assert!(tc.sightings >= 9, "41% agrees with 41.3%: {tc:?}");
    // Q1 is another period: its figures are their own entries, without conflicts.
    let q1 = find(&all, "trade", "amount", "USD", "2023-03-31", 53.85e9);
    assert!(q1.conflicts.is_empty());
    // "more than doubled" (ratio) is not merged by key with "153.1%".
    let ac = find(&all, "exports", "change", "%", "2023-04-30", 153.1);
    let ratio = find(&all, "exports", "ratio", "x", "2023-04-30", 2.0);
    assert_ne!(ac.id, ratio.id);
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check().unwrap());
}

#[test]
fn planted_conflicts_show_both_values_with_their_sources() {
    let (_d, s) = ledger();
    let all = s.claims(&ClaimFilter::default()).unwrap();
    let wrong = find(&all, "imports", "change", "%", "2023-04-30", 27.8);
    let right = find(&all, "imports", "change", "%", "2023-04-30", 28.7);
    assert_eq!(wrong.conflicts, vec![right.id]);
    let d = s.claim(wrong.id).unwrap().unwrap();
    let outlets: Vec<_> = d
        .sightings_list
        .iter()
        .filter_map(|x| x.outlet.clone())
        .collect();
    assert_eq!(outlets, ["Kyiv Independent"]);
    let other = s.claim(right.id).unwrap().unwrap();
    let mut said: Vec<_> = other
        .sightings_list
        .iter()
        .map(|x| x.article[..3].to_string())
        .collect();
    said.sort();
    assert_eq!(said, ["m01", "m02", "m03", "m05", "m07"]);
    let t = find(&all, "trade", "amount", "USD", "2023-04-30", 73.15e9);
    let m08 = find(&all, "trade", "amount", "USD", "2023-04-30", 75.1e9);
    assert_eq!(t.conflicts, vec![m08.id]);
    let conflicts = s
        .claims(&ClaimFilter {
            conflicts_only: true,
            ..Default::default()
        })
        .unwrap();
    assert!(conflicts.iter().all(|e| !e.conflicts.is_empty()));
    assert!(conflicts.iter().any(|e| e.id == wrong.id) && conflicts.iter().any(|e| e.id == m08.id));
}

#[test]
fn a_wire_story_and_its_republication_are_one_origin() {
    let (_d, s) = ledger();
    let all = s.claims(&ClaimFilter::default()).unwrap();
    let t = find(&all, "trade", "amount", "USD", "2023-04-30", 73.15e9);
    let d = s.claim(t.id).unwrap().unwrap();
    for x in &d.sightings_list {
        let expected: &[&str] = match &x.article[..3] {
            "m01" => &["m02-business-recorder-republished-wire-2023-05"],
            "m02" => &["m01-reuters-wire-china-russia-trade-jan-apr-2023"],
            _ => &[],
        };
        assert_eq!(x.same_origin_as, expected, "{}", x.article);
    }
}

#[test]
fn the_sample_ledger_does_not_depend_on_ingest_order() {
    let snapshot = |s: &SqliteStore| {
        let mut v: Vec<_> = s
            .claims(&ClaimFilter::default())
            .unwrap()
            .into_iter()
            .map(|e| {
                (
                    e.key,
                    e.value.to_bits(),
                    e.surface,
                    e.sightings,
                    e.outlets,
                    e.conflicts.len(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (_d, reference) = ledger();
    let mut corpus = gold_corpus();
    for round in 0..4 {
        corpus.rotate_left(3);
        if round % 2 == 1 {
            corpus.reverse();
        }
        let dir = tempfile::tempdir().unwrap();
        let mut s = SqliteStore::open(&dir.path().join("l.sqlite")).unwrap();
        for (a, cs) in &corpus {
            s.ingest(a, cs).unwrap();
        }
        assert_eq!(snapshot(&s), snapshot(&reference), "round {round}");
        assert!(s.check().unwrap().is_empty());
    }
}

#[test]
fn who_said_which_figure_is_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite");
    let (_d, s) = ledger();
    drop(s);
    std::fs::copy(_d.path().join("l.sqlite"), &db).unwrap();
    let cfg = quiet_config(dir.path());
    let out = std::process::Command::new(bin())
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(&db)
        .args(["claims", "list", "--conflicts", "--metric", "imports"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("27.8%") && text.contains("28.7%"), "{text}");
    assert!(
        text.contains("Kyiv Independent") && text.contains("Reuters") && text.contains("Interfax"),
        "{text}"
    );
}
