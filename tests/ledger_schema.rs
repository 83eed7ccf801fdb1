//! The export's JSON Schema: generated from the types, committed as `docs/claim.schema.json`,
//! and real export output (JSON and JSON Lines from the CLI, with reviews, conflicts, corrections
//! and near-duplicate origins) validates against it.
//!
//! Regenerate after changing an export type: `CLAIMLEDGER_BLESS=1 cargo test --test ledger_schema`.

mod ledger_support;

use claimledger::ledger::{ClaimFilter, ReviewChange, ReviewStatus, SqliteStore, Store};
use ledger_support::*;
use std::path::Path;

fn committed() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/claim.schema.json")
}

#[test]
fn committed_schema_is_current() {
    let fresh = claimledger::export::json_schema();
    if std::env::var_os("CLAIMLEDGER_BLESS").is_some() {
        std::fs::write(committed(), &fresh).unwrap();
    }
    let on_disk = std::fs::read_to_string(committed()).unwrap_or_default();
    assert!(
        on_disk == fresh,
        "docs/claim.schema.json is stale: run `CLAIMLEDGER_BLESS=1 cargo test --test ledger_schema`"
    );
}

#[test]
fn real_exports_validate_against_the_committed_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(committed()).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite");
    {
        let mut s = SqliteStore::open(&db).unwrap();
        s.ingest_batch(&gold_corpus()).unwrap();
        let conflicting = s
            .claims(&ClaimFilter {
                conflicts_only: true,
                ..Default::default()
            })
            .unwrap();
        let change = ReviewChange {
            to: ReviewStatus::Disputed,
            by: "alice".into(),
            note: Some("=cmd|' /C calc'!A0".into()),
            expected_version: None,
        };
        s.review(conflicting[0].id, &change).unwrap();
    }
    let cfg = quiet_config(dir.path());
    for format in ["jsonl", "json"] {
        let out = std::process::Command::new(bin())
            .arg("--config")
            .arg(&cfg)
            .arg("--db")
            .arg(&db)
            .args(["export", "--format", format])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let records: Vec<serde_json::Value> = if format == "jsonl" {
            text.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        } else {
            serde_json::from_str::<Vec<serde_json::Value>>(&text).unwrap()
        };
        assert!(records.len() > 20, "{format}: {} records", records.len());
        assert!(records
            .iter()
            .any(|r| r["history"].as_array().is_some_and(|h| !h.is_empty())));
        assert!(records
            .iter()
            .any(|r| r["conflicting"].as_array().is_some_and(|h| !h.is_empty())));
        for r in &records {
            let errors: Vec<String> = validator
                .iter_errors(r)
                .map(|e| format!("{e} at {}", e.instance_path))
                .collect();
            assert!(
                errors.is_empty(),
                "{format} record {} fails the schema: {errors:?}",
                r["id"]
            );
        }
    }
    // The validator is not vacuous: a record missing a required field fails.
    assert!(!validator.is_valid(&serde_json::json!({"id": 1})));
}
