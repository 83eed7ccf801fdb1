//! Shared by the ledger test files: the multi-outlet sample as articles with their gold claims
//! (so ledger behaviour is tested independently of the extractor), and the CLI binary.
#![allow(dead_code)]

use claimledger::claims::Claim;
use claimledger::input::ArticleRecord;
use std::path::{Path, PathBuf};

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("claimledger")
}

/// A config that keeps the model out of CLI runs (suggestions off) and the ledger at `db`.
pub fn quiet_config(dir: &Path) -> PathBuf {
    let p = dir.join("config.toml");
    std::fs::write(
        &p,
        "[ledger]\nsuggest_links = false\n[crawl]\narchive_dir = \"\"\n",
    )
    .expect("write config");
    p
}

pub fn articles() -> Vec<ArticleRecord> {
    let text = std::fs::read_to_string(samples().join("multi-outlet/articles.jsonl"))
        .expect("sample articles");
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("article JSON");
            ArticleRecord {
                id: v["id"].as_str().unwrap_or_default().into(),
                url: v["url"].as_str().map(str::to_string),
                title: v["title"].as_str().map(str::to_string),
                published: v["published"].as_str().and_then(|d| d.parse().ok()),
                author: None,
                outlet: v["outlet"].as_str().map(str::to_string),
                lang: v["lang"].as_str().map(str::to_string),
                source_line: None,
                text: v["text"].as_str().unwrap_or_default().into(),
            }
        })
        .collect()
}

/// The sentence of `text` around byte `at` (split on ". " and newlines).
fn sentence_at(text: &str, at: usize) -> (usize, &str) {
    let start = text[..at].rfind(['\n']).map(|i| i + 1).unwrap_or(0);
    let end = text[at..].find('\n').map(|i| at + i).unwrap_or(text.len());
    (start, &text[start..end])
}

/// Each article with its gold claims turned into [`Claim`]s with valid spans.
pub fn gold_corpus() -> Vec<(ArticleRecord, Vec<Claim>)> {
    let gold = std::fs::read_to_string(samples().join("multi-outlet/gold.jsonl")).expect("gold");
    let mut out: Vec<(ArticleRecord, Vec<Claim>)> =
        articles().into_iter().map(|a| (a, Vec::new())).collect();
    for l in gold.lines() {
        let g: serde_json::Value = serde_json::from_str(l).expect("gold JSON");
        let Some((a, claims)) = out
            .iter_mut()
            .find(|(a, _)| a.id == g["article"].as_str().unwrap_or_default())
        else {
            continue;
        };
        let surface = g["surface"].as_str().unwrap_or_default();
        // The n-th occurrence for the n-th gold claim with this surface.
        let nth = claims.iter().filter(|c| c.surface == surface).count();
        let Some((at, _)) = a.text.match_indices(surface).nth(nth) else {
            continue;
        };
        let (_, sentence) = sentence_at(&a.text, at);
        let period = |s: &str, e: &str| match (g[s].as_str(), g[e].as_str()) {
            (None, None) => serde_json::Value::Null,
            (s, e) => serde_json::json!({"start": s, "end": e, "surface": ""}),
        };
        let c: Claim = serde_json::from_value(serde_json::json!({
            "article": a.id, "surface": surface, "span": [at, at + surface.len()], "sentence": sentence,
            "kind": g["kind"], "value": g["value"], "low": g["low"], "high": g["high"], "unit": g["unit"],
            "approx": g["approx"], "metric": g["metric"], "subject": g["subject"], "counterpart": g["counterpart"],
            "item": g["item"], "period": period("period_start", "period_end"),
            "baseline": period("baseline_start", "baseline_end"),
            "source": g["source"].as_str().map(|s| serde_json::json!({"name": s, "surface": s})),
            "hedge": null, "confidence": 0.9, "lang": a.lang.clone().unwrap_or_default()
        }))
        .expect("gold claim maps to Claim");
        claims.push(c);
    }
    out
}
