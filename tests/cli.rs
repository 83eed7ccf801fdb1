//! End-to-end tests of the real `claimledger` binary against a real SQLite file.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    let mut c = Command::cargo_bin("claimledger").expect("binary built");
    c.env_remove("CLAIMLEDGER_LOG");
    c
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn sha(path: &Path) -> Vec<u8> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for f in [path.to_path_buf(), path.with_extension("sqlite-wal")] {
        if let Ok(b) = std::fs::read(&f) {
            h.update(&b);
        }
    }
    h.finalize().to_vec()
}

#[test]
fn extract_prints_claims_with_valid_spans() {
    let seed = samples().join("seed.txt");
    let out = bin()
        .args(["extract", "--published", "2023-08-22"])
        .arg(&seed)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let text = std::fs::read_to_string(&seed).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        !lines.is_empty(),
        "no claims extracted from the seed article"
    );
    for c in &lines {
        for field in [
            "article",
            "surface",
            "span",
            "sentence",
            "kind",
            "value",
            "low",
            "high",
            "unit",
            "approx",
            "metric",
            "subject",
            "counterpart",
            "item",
            "period",
            "baseline",
            "source",
            "confidence",
        ] {
            assert!(c.get(field).is_some(), "claim lacks {field}: {c}");
        }
        let (s, e) = (
            c["span"][0].as_u64().unwrap() as usize,
            c["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], c["surface"].as_str().unwrap());
    }
}

#[test]
fn extract_quantities_stage_lists_figures_with_spans() {
    let seed = samples().join("seed.txt");
    let out = bin()
        .args([
            "extract",
            "--stage",
            "quantities",
            "--published",
            "2023-08-22",
        ])
        .arg(&seed)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let text = std::fs::read_to_string(&seed).unwrap();
    let mut n = 0;
    for l in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let (s, e) = (
            v["span"][0].as_u64().unwrap() as usize,
            v["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], v["surface"].as_str().unwrap());
        n += 1;
    }
    assert!(
        n >= 10,
        "only {n} quantities recognised in the seed article"
    );
}

#[test]
fn ingest_list_review_export_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite");
    let seed = samples().join("seed.txt");
    bin()
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--published", "2023-08-22"])
        .arg(&seed)
        .assert()
        .success();
    // Ingesting the same article again changes nothing.
    let before = bin()
        .arg("--db")
        .arg(&db)
        .args(["claims", "list", "--format", "jsonl"])
        .assert()
        .success();
    bin()
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--published", "2023-08-22"])
        .arg(&seed)
        .assert()
        .success();
    let after = bin()
        .arg("--db")
        .arg(&db)
        .args(["claims", "list", "--format", "jsonl"])
        .assert()
        .success();
    assert_eq!(before.get_output().stdout, after.get_output().stdout);

    let listed = String::from_utf8(after.get_output().stdout.clone()).unwrap();
    let first: serde_json::Value =
        serde_json::from_str(listed.lines().next().expect("a claim")).unwrap();
    let id = first["id"].as_i64().unwrap().to_string();

    bin()
        .arg("--db")
        .arg(&db)
        .args([
            "review",
            &id,
            "--status",
            "confirmed",
            "--note",
            "checked against customs data",
            "--by",
            "alice",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("unreviewed -> confirmed"));
    bin()
        .arg("--db")
        .arg(&db)
        .args(["review", &id, "--status", "disputed", "--by", "bob"])
        .assert()
        .success();
    bin()
        .arg("--db")
        .arg(&db)
        .args(["claims", "show", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "alice: unreviewed -> confirmed (checked against customs data)",
        ))
        .stdout(predicate::str::contains("bob: confirmed -> disputed"));

    let export = bin()
        .arg("--db")
        .arg(&db)
        .args(["export", "--format", "jsonl", "--status", "disputed"])
        .assert()
        .success();
    let exported = String::from_utf8(export.get_output().stdout.clone()).unwrap();
    let rows: Vec<serde_json::Value> = exported
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"].as_i64().unwrap().to_string(), id);
    assert_eq!(rows[0]["history"].as_array().unwrap().len(), 2);
    assert!(!rows[0]["sightings_list"].as_array().unwrap().is_empty());

    let csv_path = dir.path().join("claims.csv");
    bin()
        .arg("--db")
        .arg(&db)
        .args(["export", "--format", "csv", "-o"])
        .arg(&csv_path)
        .assert()
        .success();
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with("id,status,kind,value"));
    assert_eq!(csv.lines().count(), listed.lines().count() + 1);

    let json = bin()
        .arg("--db")
        .arg(&db)
        .args(["export", "--format", "json"])
        .assert()
        .success();
    let all: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(all.as_array().unwrap().len(), listed.lines().count());

    bin()
        .arg("--db")
        .arg(&db)
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok:"));
}

/// Corrections are review events that export honours: the corrected value is exported, the
/// extracted one is kept beside it, and a bad correction is refused without touching the ledger.
#[test]
fn corrections_from_the_cli_are_exported_with_the_extracted_value_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite");
    bin()
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--published", "2023-08-22"])
        .arg(samples().join("seed.txt"))
        .assert()
        .success();
    let listed = bin()
        .arg("--db")
        .arg(&db)
        .args(["claims", "list", "--format", "jsonl"])
        .assert()
        .success();
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&listed.get_output().stdout)
            .lines()
            .next()
            .expect("a claim"),
    )
    .unwrap();
    let id = first["id"].as_i64().unwrap().to_string();
    let period_before = first["period_start"].clone();

    let unchanged = sha(&db);
    for bad in ["period_start=July", "surface=1", "period_start"] {
        bin()
            .arg("--db")
            .arg(&db)
            .args(["review", &id, "--correct", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("period_start").or(predicate::str::contains("FIELD")));
    }
    assert_eq!(
        sha(&db),
        unchanged,
        "refused corrections left the ledger as it was"
    );

    bin()
        .arg("--db")
        .arg(&db)
        .args([
            "review",
            &id,
            "--correct",
            "period_start=2021-01-01",
            "--by",
            "carol",
        ])
        .args(["--note", "the text says since 2021"])
        .assert()
        .success()
        .stdout(predicate::str::contains("period_start corrected"));
    bin()
        .arg("--db")
        .arg(&db)
        .args([
            "review",
            &id,
            "--correct",
            "source=Federal Customs Service",
            "--by",
            "carol",
        ])
        .assert()
        .success();
    bin()
        .arg("--db")
        .arg(&db)
        .args(["claims", "show", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "period_start corrected by a reviewer",
        ))
        .stdout(predicate::str::contains("carol: corrected source"));

    let export = bin()
        .arg("--db")
        .arg(&db)
        .args(["export", "--format", "jsonl"])
        .assert()
        .success();
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&export.get_output().stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let row = rows
        .iter()
        .find(|r| r["id"].as_i64().unwrap().to_string() == id)
        .unwrap();
    assert_eq!(row["period_start"], "2021-01-01");
    assert_eq!(row["extracted"]["period_start"], period_before);
    assert!(row["extracted"].get("source").is_some());
    for s in row["sightings_list"].as_array().unwrap() {
        assert_eq!(s["source"], "Federal Customs Service");
    }
    let others_corrected = rows
        .iter()
        .filter(|r| r["id"] != row["id"] && r.get("extracted").is_some())
        .count();
    assert_eq!(others_corrected, 0);

    let csv = bin()
        .arg("--db")
        .arg(&db)
        .args(["export", "--format", "csv"])
        .assert()
        .success();
    let csv = String::from_utf8_lossy(&csv.get_output().stdout).to_string();
    let line = csv
        .lines()
        .find(|l| l.starts_with(&format!("{id},")))
        .unwrap();
    assert!(line.contains("2021-01-01"), "{line}");
    assert!(line.ends_with("period_start source"), "{line}");
}

#[test]
fn bad_config_is_exit_2_naming_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[ledger]\npath = \"x.sqlite\"\n\n[crawl]\nconcurency = 3\n",
    )
    .unwrap();
    bin()
        .arg("--config")
        .arg(&cfg)
        .args(["claims", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("concurency"))
        .stderr(predicate::str::contains("line 5"));
}

#[test]
fn missing_and_malformed_inputs_fail_cleanly_and_leave_the_ledger_intact() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite");
    bin()
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--published", "2023-08-22"])
        .arg(samples().join("seed.txt"))
        .assert()
        .success();
    let before = sha(&db);

    bin()
        .arg("--db")
        .arg(&db)
        .args(["ingest", "no/such/article.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/article.txt"));

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\":\"ok\",\"text\":\"Exports rose 5% in 2023.\"}\n{\"id\": \"broken\", \"text\": \n",
    )
    .unwrap();
    bin()
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 2"));

    let binary = dir.path().join("blob.txt");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x80, 0x81]).unwrap();
    bin()
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(&binary)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("UTF-8"));

    bin()
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--batch", "0"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--batch"));
    bin()
        .arg("--db")
        .arg(&db)
        .args(["review", "999999", "--status", "confirmed"])
        .assert()
        .code(2);
    bin()
        .arg("--db")
        .arg(&db)
        .args(["extract", "--published", "22/08/2023", "x.txt"])
        .assert()
        .code(2);
    assert_eq!(before, sha(&db), "a failed command changed the ledger");
    bin().arg("--db").arg(&db).arg("check").assert().success();
}

#[test]
fn reading_commands_refuse_a_missing_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nothing-here.sqlite");
    bin()
        .arg("--db")
        .arg(&db)
        .args(["claims", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no ledger"));
    assert!(!db.exists());
}

#[test]
fn crawl_of_the_bundled_samples_records_claims_and_a_rerun_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite");
    let cfg = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml");
    let first = bin()
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(&db)
        .args(["crawl", "--once"])
        .assert()
        .success();
    let summary = String::from_utf8(first.get_output().stderr.clone()).unwrap();
    assert!(summary.contains("new articles: 1"), "{summary}");
    let list = bin()
        .arg("--db")
        .arg(&db)
        .args(["claims", "list", "--format", "jsonl"])
        .assert()
        .success();
    let n = String::from_utf8(list.get_output().stdout.clone())
        .unwrap()
        .lines()
        .count();
    assert!(n >= 5, "only {n} claims from the samples");
    let again = bin()
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(&db)
        .args(["crawl", "--once"])
        .assert()
        .success();
    let summary = String::from_utf8(again.get_output().stderr.clone()).unwrap();
    assert!(
        summary.contains("new articles: 0") && summary.contains("new claims: 0"),
        "{summary}"
    );
}
