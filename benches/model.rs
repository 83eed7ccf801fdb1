//! The sentence-embedding model (all-MiniLM-L6-v2 through rust-bert, CPU): sentences per second
//! at the batch sizes the ledger uses, and the share of ingest time the model takes when link
//! suggestions are on.
//!
//! Run: `cargo bench --bench model` (release). Under `cargo test` it is a one-pass smoke run.
//! `MODEL_BENCH_RUNS` (default 3) sets the runs per figure; each figure is the median of the runs
//! with the spread (min–max). The model must be installed (`make setup`); without it the bench
//! says so and exits 0.
//!
//! What "share of the model" means here: the dev set and the multi-outlet set (45 articles) are
//! extracted and ingested into a fresh ledger twice, once without and once with the suggester;
//! the model's share is the extra time over the whole with-suggester run (extraction + ingest).
//! Only sentences of new entries that have a compatible partner reach the model.

use claimledger::embed::{default_model_dir, Embedder, MiniLmEmbedder};
use claimledger::input::{load_path, ArticleRecord};
use claimledger::ledger::suggest::DEFAULT_MIN_SCORE;
use claimledger::ledger::{SqliteStore, Store, Suggester};
use claimledger::pipeline::extract_claims;
use std::time::{Duration, Instant};

fn median_spread(mut xs: Vec<f64>) -> (f64, f64, f64) {
    xs.sort_by(|a, b| a.total_cmp(b));
    let mid = xs[xs.len() / 2];
    (mid, xs[0], xs[xs.len() - 1])
}

fn corpus() -> Vec<ArticleRecord> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut records = Vec::new();
    for set in ["devset", "multi-outlet"] {
        let path = format!("{root}/samples/{set}/articles.jsonl");
        match load_path(&path) {
            Ok(r) => records.extend(r),
            Err(e) => panic!("{path}: {e}"),
        }
    }
    records
}

/// Extracts and ingests every record into a fresh ledger; returns (extract, ingest) time and the
/// number of sentences embedded.
fn pipeline_run(
    records: &[ArticleRecord],
    suggester: Option<Suggester>,
) -> (Duration, Duration, i64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ledger.sqlite");
    let mut store = SqliteStore::open(&path).expect("ledger");
    store.set_suggester(suggester);
    let t = Instant::now();
    let batch: Vec<(ArticleRecord, Vec<_>)> = records
        .iter()
        .map(|r| (r.clone(), extract_claims(r, 0.0)))
        .collect();
    let extract = t.elapsed();
    let t = Instant::now();
    // One article a transaction, as the crawler records pages.
    for (record, claims) in &batch {
        store.ingest(record, claims).expect("ingest");
    }
    let ingest = t.elapsed();
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("reopen");
    let embedded: i64 = conn
        .query_row("SELECT COUNT(*) FROM claim_embeddings", [], |r| r.get(0))
        .expect("count");
    (extract, ingest, embedded)
}

fn main() {
    let smoke = !std::env::args().any(|a| a == "--bench");
    let runs: usize = std::env::var("MODEL_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if smoke { 1 } else { 3 })
        .max(1);
    let dir = default_model_dir();
    let model = match MiniLmEmbedder::load(&dir) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("model bench skipped: {e}");
            return;
        }
    };
    let records = corpus();
    let mut sentences: Vec<String> = records
        .iter()
        .flat_map(|r| extract_claims(r, 0.0))
        .map(|c| c.sentence)
        .collect();
    sentences.sort();
    sentences.dedup();
    if smoke {
        sentences.truncate(16);
    }
    let threads = tch::get_num_threads();
    let batch_sizes: &[usize] = if smoke { &[8] } else { &[1, 8, 32, 64] };

    println!("Embedding {} distinct claim sentences from the dev and multi-outlet sets; libtorch intra-op threads: {threads}; {runs} runs each.", sentences.len());
    println!();
    println!("| batch size | sentences/s (median) | spread (min–max) | ms per sentence |");
    println!("| --- | --- | --- | --- |");
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    // One warm-up pass so the first run does not pay for lazy initialisation.
    let _ = model.embed(&refs[..refs.len().min(8)]);
    for &bs in batch_sizes {
        let rates: Vec<f64> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                for chunk in refs.chunks(bs) {
                    model.embed(chunk).expect("embed");
                }
                refs.len() as f64 / t.elapsed().as_secs_f64()
            })
            .collect();
        let (mid, lo, hi) = median_spread(rates);
        println!(
            "| {bs} | {mid:.0} | {lo:.0}–{hi:.0} | {:.2} |",
            1000.0 / mid
        );
    }
    drop(model);

    let (mut plain, mut with, mut shares) = (Vec::new(), Vec::new(), Vec::new());
    let mut embedded = 0;
    for _ in 0..runs {
        let (e0, i0, _) = pipeline_run(&records, None);
        let suggester = Suggester::load(&dir, DEFAULT_MIN_SCORE).expect("suggester");
        let (e1, i1, n) = pipeline_run(&records, Some(suggester));
        embedded = n;
        let total0 = (e0 + i0).as_secs_f64();
        let total1 = (e1 + i1).as_secs_f64();
        plain.push(total0 * 1000.0);
        with.push(total1 * 1000.0);
        shares.push(((total1 - total0) / total1).max(0.0) * 100.0);
    }
    let (p, plo, phi) = median_spread(plain);
    let (w, wlo, whi) = median_spread(with);
    let (s, slo, shi) = median_spread(shares);
    println!();
    println!(
        "Extract + ingest of {} articles: {p:.0} ms ({plo:.0}–{phi:.0}) without suggestions, \
         {w:.0} ms ({wlo:.0}–{whi:.0}) with them; {embedded} sentences went to the model; the \
         model's share of the run: {s:.0}% ({slo:.0}–{shi:.0}%).",
        records.len()
    );
}
