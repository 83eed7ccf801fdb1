//! Throughput of the quantity recogniser and the claim builder, in bytes of article text per
//! second on one core, over the seed article, the dev set and the multi-outlet set
//! (`samples/`): short, dense war-economy news, the text the recogniser is built for.
//!
//! Run: `cargo bench --bench recogniser` (criterion prints `thrpt` in MiB/s;
//! `CLAIMLEDGER_SAMPLES=DIR` reads another `samples/` folder). The side-by-side with
//! quantulum3 and Recognizers-Text is `scripts/bench-figures.sh`.

use std::hint::black_box;
use std::path::PathBuf;

use claimledger::claims::{extract, recognise, Document};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// The article texts of the samples folder.
fn corpus() -> Vec<String> {
    let dir = std::env::var_os("CLAIMLEDGER_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/samples")));
    let mut texts = Vec::new();
    if let Ok(t) = std::fs::read_to_string(dir.join("seed.txt")) {
        texts.push(t);
    }
    for set in ["devset", "multi-outlet"] {
        let Ok(lines) = std::fs::read_to_string(dir.join(set).join("articles.jsonl")) else {
            continue;
        };
        for line in lines.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                texts.push(t.to_string());
            }
        }
    }
    assert!(!texts.is_empty(), "no sample texts under {}", dir.display());
    texts
}

fn recogniser(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("recogniser");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("recognise", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(recognise(black_box(t), None));
            }
        })
    });
    group.bench_function("extract", |b| {
        b.iter(|| {
            for t in &texts {
                let doc = Document {
                    id: "bench",
                    text: t,
                    title: None,
                    published: None,
                    outlet: None,
                };
                black_box(extract(black_box(&doc)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, recogniser);
criterion_main!(benches);
