//! The ledger at scale: ingests N claims (default 1,000,000) generated from realistic templates,
//! many of them the same figure told by many outlets (rounded differently, in other languages)
//! and some conflicting (transposed digits, another total), then exports. Then the floor: the
//! same claims through the schema's writes alone (see [`floor`]).
//!
//! Run: `cargo bench --bench ledger_scale` (release build; `LEDGER_BENCH_CLAIMS=100000` for a
//! quicker run, `LEDGER_BENCH_DIR` to keep the ledger files, `LEDGER_BENCH_ARTICLES_PER_TX` for
//! another transaction size than bulk ingest's 50,000 claims, `LEDGER_BENCH_FLOOR=0` without
//! the floor, `=only` for the floor alone). Reports claims/s, file size, the time of a filtered
//! and of a full JSONL export, peak memory (VmHWM) along the way, and the floor's claims/s.

use claimledger::claims::Claim;
use claimledger::input::ArticleRecord;
use claimledger::ledger::{ClaimFilter, SqliteStore, Store};
use std::time::Instant;

const CLAIMS_PER_ARTICLE: usize = 10;
/// Articles per ingest transaction unless `LEDGER_BENCH_ARTICLES_PER_TX` says otherwise: the
/// transaction size of bulk ingest (`claimledger ingest`); rounds before the sixth used 500.
const ARTICLES_PER_BATCH: usize = claimledger::ledger::BULK_CLAIMS_PER_TX / CLAIMS_PER_ARTICLE;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const METRICS: &[&str] = &[
    "trade",
    "exports",
    "imports",
    "production",
    "revenue",
    "spending",
];
const PLACES: &[&str] = &[
    "China",
    "Russia",
    "India",
    "Turkey",
    "Kazakhstan",
    "Germany",
    "Ukraine",
    "Iran",
    "Belarus",
    "Japan",
    "Brazil",
    "Egypt",
    "Poland",
    "Georgia",
    "Armenia",
    "Uzbekistan",
    "Kyrgyzstan",
    "UAE",
    "Vietnam",
    "Serbia",
];
const OUTLETS: &[&str] = &[
    "Reuters",
    "Bloomberg",
    "Interfax",
    "TASS",
    "Kyiv Independent",
    "Handelsblatt",
    "Nikkei",
    "Meduza",
    "Ekonomichna Pravda",
    "Business Recorder",
    "The Diplomat",
    "Asia Markets Daily",
];
const SOURCES: &[&str] = &[
    "General Administration of Customs",
    "Rosstat",
    "Bank of Finland",
    "analysts",
];

/// The "true" figure of fact number `f`: (metric, subject, counterpart, year, month, kind, value).
fn fact(
    f: u64,
) -> (
    &'static str,
    &'static str,
    &'static str,
    i32,
    u32,
    &'static str,
    f64,
) {
    let mut r = Rng(f.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let metric = METRICS[r.below(METRICS.len() as u64) as usize];
    let a = PLACES[r.below(PLACES.len() as u64) as usize];
    let b = PLACES[r.below(PLACES.len() as u64) as usize];
    let year = 2015 + r.below(10) as i32;
    let month = 1 + r.below(12) as u32;
    let (kind, value) = if r.below(2) == 0 {
        ("amount", (1000 + r.below(90_000)) as f64 * 1e7) // $10.00 billion .. $910 billion, 2 decimals
    } else {
        ("change", (r.below(2000) as f64) / 10.0) // 0.0% .. 199.9%
    };
    (metric, a, b, year, month, kind, value)
}

fn surface(kind: &str, value: f64, decimals: usize) -> String {
    if kind == "amount" {
        format!("${:.*} billion", decimals, value / 1e9)
    } else {
        format!("{:.*}%", decimals.min(1), value)
    }
}

fn claim(article: &str, text: &mut String, f: u64, r: &mut Rng) -> Claim {
    let (metric, a, b, year, month, kind, mut value) = fact(f);
    // Most outlets repeat the figure, rounded to what they print; a few get it wrong.
    let decimals = [2, 1, 1, 0][r.below(4) as usize];
    if r.below(20) == 0 {
        value *= 1.07;
    }
    let s = surface(kind, value, decimals);
    let written: f64 = s
        .trim_start_matches('$')
        .split([' ', '%'])
        .next()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let value = if kind == "amount" {
        written * 1e9
    } else {
        written
    };
    let sentence = format!(
        "{a}'s {metric} with {b} came to {s} in {year}-{month:02}, according to {}. ",
        SOURCES[(f % SOURCES.len() as u64) as usize]
    );
    let start = text.len() + sentence.find(&s).unwrap_or(0);
    text.push_str(&sentence);
    let end_day = chrono::NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .and_then(|d| d.pred_opt());
    serde_json::from_value(serde_json::json!({
        "article": article, "surface": s, "span": [start, start + s.len()], "sentence": sentence.trim_end(),
        "kind": kind, "value": value, "low": null, "high": null, "unit": if kind == "amount" { "USD" } else { "%" },
        "approx": "exact", "metric": metric, "subject": a, "counterpart": b, "item": null,
        "period": {"start": format!("{year}-{month:02}-01"), "end": end_day.map(|d| d.to_string()), "surface": ""},
        "baseline": null, "source": {"name": SOURCES[(f % 4) as usize], "surface": "customs data"},
        "hedge": null, "confidence": 0.9, "lang": "en"
    }))
    .expect("template claim is a Claim")
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// CPU seconds this thread has used (user + system), from /proc: on a shared machine the wall
/// clock measures the neighbours too.
fn thread_cpu_s() -> f64 {
    cpu_s("/proc/thread-self/stat")
}

/// CPU seconds of the whole process: the ledger's own threads (checkpoints, preparation) too.
fn process_cpu_s() -> f64 {
    cpu_s("/proc/self/stat")
}

fn cpu_s(file: &str) -> f64 {
    let stat = std::fs::read_to_string(file).unwrap_or_default();
    let rest = stat.rfind(')').map(|i| &stat[i + 1..]).unwrap_or("");
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|v| v.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

/// The floor pass: the same claims written with the writes the ledger's schema needs
/// and nothing else: every article row with its 16 band rows, every sighting row and its
/// full-text entry, a claims row per entry (found in a hash map, never read), and per
/// transaction each touched entry's outlet and source rows and counters. No reads, no
/// clustering, no near-duplicate comparison, no conflict flags. What ingest would reach on the
/// machine if everything but the writes were free, to set the ingest figure against.
mod floor {
    use super::*;
    use rusqlite::{params, Connection};
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    pub struct Floor {
        conn: Connection,
        entries: HashMap<String, i64>,
        /// Parts left out (`LEDGER_BENCH_FLOOR_WITHOUT`).
        without: Vec<String>,
        checkpoint: Option<std::sync::mpsc::Sender<()>>,
        worker: Option<std::thread::JoinHandle<()>>,
    }

    /// What the ledger makes on its preparation thread, beside the writer: made before the
    /// writes are timed.
    struct Prepared {
        hash: String,
        bands: Vec<i64>,
        /// Per claim: its entry's key, the entry bucket (key and rounded figure), the stored
        /// claim JSON.
        claims: Vec<(String, String, String)>,
    }

    impl Floor {
        /// Opens `path` (schema created by `SqliteStore::open`) as the ledger does: WAL,
        /// synchronous NORMAL, 64 MiB cache, checkpoints on a thread of their own.
        /// `LEDGER_BENCH_FLOOR_WITHOUT=fts,bands,entries` (or `outlets`, `sources`, `counts`)
        /// leaves those writes out, to price each.
        pub fn open(path: &std::path::Path) -> Floor {
            drop(SqliteStore::open(path).expect("schema"));
            let conn = Connection::open(path).expect("open");
            conn.execute_batch(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; \
                 PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF; PRAGMA wal_autocheckpoint=0;",
            )
            .expect("pragmas");
            let (tx, rx) = std::sync::mpsc::channel::<()>();
            let cp = path.to_path_buf();
            let worker = std::thread::spawn(move || {
                let c = Connection::open(cp).expect("open checkpointer");
                while rx.recv().is_ok() {
                    let _ = c.execute_batch("PRAGMA wal_checkpoint(PASSIVE);");
                }
                let _ = c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
            });
            let without = std::env::var("LEDGER_BENCH_FLOOR_WITHOUT")
                .unwrap_or_default()
                .split(',')
                .map(|w| w.trim().to_owned())
                .filter(|w| !w.is_empty())
                .collect();
            Floor {
                conn,
                entries: HashMap::new(),
                without,
                checkpoint: Some(tx),
                worker: Some(worker),
            }
        }

        fn skip(&self, part: &str) -> bool {
            self.without.iter().any(|w| w == part)
        }

        fn prepare(a: &ArticleRecord, claims: &[Claim]) -> Prepared {
            let hash = format!("{:016x}", fnv(a.text.as_bytes()));
            let bands = (0..16u64)
                .map(|b| fnv(format!("{hash}{b}").as_bytes()) as i64)
                .collect();
            let claims = claims
                .iter()
                .map(|c| {
                    let key = format!(
                        "{:?}|{:?}|{:?}|{:?}|{}|{:?}",
                        c.metric,
                        c.subject,
                        c.counterpart,
                        c.period.as_ref().map(|p| p.start),
                        c.unit,
                        c.kind
                    );
                    let bucket = format!("{key}|{}", (c.value / 1e9).round());
                    // The fields the ledger's stored JSON keeps (not the sentence, surface or
                    // span, which have columns of their own).
                    let json = serde_json::to_string(&serde_json::json!({
                        "approx": c.approx, "article": c.article, "counterpart": c.counterpart,
                        "kind": c.kind, "lang": c.lang, "metric": c.metric, "period": c.period,
                        "source": c.source, "subject": c.subject, "unit": c.unit, "value": c.value
                    }))
                    .expect("json");
                    (key, bucket, json)
                })
                .collect();
            Prepared {
                hash,
                bands,
                claims,
            }
        }

        /// Writes one batch in one transaction; returns the wall and CPU seconds of the writes
        /// (the preparation before them is not counted, as the ledger makes it on another
        /// thread).
        pub fn write(&mut self, batch: &[(ArticleRecord, Vec<Claim>)]) -> (f64, f64) {
            let prepared: Vec<Prepared> =
                batch.iter().map(|(a, cs)| Self::prepare(a, cs)).collect();
            let (t, cpu) = (Instant::now(), thread_cpu_s());
            let (skip_bands, skip_entries) = (self.skip("bands"), self.skip("entries"));
            let (skip_outlets, skip_sources) = (self.skip("outlets"), self.skip("sources"));
            let (skip_counts, skip_fts) = (self.skip("counts"), self.skip("fts"));
            let tx = self.conn.transaction().expect("begin");
            let last: i64 = tx
                .query_row("SELECT COALESCE(MAX(id), 0) FROM sightings", [], |r| {
                    r.get(0)
                })
                .expect("last");
            let mut bands: Vec<(i64, i64)> = Vec::new();
            // Per touched entry: its new sightings, outlets and sources.
            let mut touched: BTreeMap<i64, (i64, BTreeSet<&str>, BTreeSet<&str>)> = BTreeMap::new();
            {
                let mut art = tx
                    .prepare(
                        "INSERT INTO articles (ext_id, url, content_hash, version, title, published, author, \
                         outlet, lang, source_line, text, ingested_at, minhash) VALUES (?,?,?,1,?,?,?,?,?,?,?,?,?)",
                    )
                    .expect("prepare");
                let mut new_entry = tx
                    .prepare(
                        "INSERT INTO claims (key, kind, value, low, high, precision, unit, approx, metric, subject, \
                         counterpart, item, period_start, period_end, baseline_start, baseline_end, surface, \
                         first_seen, max_precision, in_conflict) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
                    )
                    .expect("prepare");
                let mut sighting = tx
                    .prepare(
                        "INSERT INTO sightings (claim_id, article_id, surface, span_start, span_end, sentence, \
                         source, source_surface, confidence, claim_json, value, precision) \
                         VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    )
                    .expect("prepare");
                let minhash = vec![0u8; 256];
                for ((a, claims), p) in batch.iter().zip(&prepared) {
                    art.execute(params![
                        a.id,
                        a.url,
                        p.hash,
                        a.title,
                        a.published.map(|d| d.to_string()),
                        a.author,
                        a.outlet,
                        a.lang,
                        a.source_line,
                        a.text,
                        "2026-01-01T00:00:00Z",
                        minhash
                    ])
                    .expect("article");
                    let article_id = tx.last_insert_rowid();
                    bands.extend(p.bands.iter().map(|b| (*b, article_id)));
                    for (c, (key, bucket, json)) in claims.iter().zip(&p.claims) {
                        let id = match self.entries.get(bucket) {
                            Some(id) => *id,
                            None => {
                                new_entry
                                    .execute(params![
                                        key,
                                        format!("{:?}", c.kind),
                                        c.value,
                                        c.low,
                                        c.high,
                                        0.1,
                                        c.unit,
                                        "exact",
                                        format!("{:?}", c.metric),
                                        c.subject,
                                        c.counterpart,
                                        c.item,
                                        c.period
                                            .as_ref()
                                            .and_then(|p| p.start)
                                            .map(|d| d.to_string()),
                                        c.period
                                            .as_ref()
                                            .and_then(|p| p.end)
                                            .map(|d| d.to_string()),
                                        None::<String>,
                                        None::<String>,
                                        c.surface,
                                        "2026-01-01T00:00:00Z",
                                        0.1
                                    ])
                                    .expect("entry");
                                let id = tx.last_insert_rowid();
                                self.entries.insert(bucket.clone(), id);
                                id
                            }
                        };
                        let source = c.source.as_ref().map(|s| s.name.as_str());
                        sighting
                            .execute(params![
                                id,
                                article_id,
                                c.surface,
                                c.span[0] as i64,
                                c.span[1] as i64,
                                c.sentence,
                                source,
                                c.source.as_ref().map(|s| s.surface.as_str()),
                                c.confidence,
                                json,
                                c.value,
                                0.1
                            ])
                            .expect("sighting");
                        let t = touched.entry(id).or_default();
                        t.0 += 1;
                        t.1.insert(a.outlet.as_deref().unwrap_or_default());
                        t.2.extend(source);
                    }
                }
                bands.sort_unstable();
                let mut band = tx
                    .prepare("INSERT OR IGNORE INTO article_bands (band, article_id) VALUES (?,?)")
                    .expect("prepare");
                for (b, a) in bands.iter().filter(|_| !skip_bands) {
                    band.execute(params![b, a]).expect("band");
                }
                let mut outlet = tx
                    .prepare("INSERT OR IGNORE INTO claim_outlets (claim_id, outlet) VALUES (?,?)")
                    .expect("prepare");
                let mut source = tx
                    .prepare("INSERT OR IGNORE INTO claim_sources (claim_id, source) VALUES (?,?)")
                    .expect("prepare");
                let mut counts = tx
                    .prepare(
                        "UPDATE claims SET n_sightings = n_sightings + ?2, n_outlets = n_outlets + ?3 WHERE id = ?1",
                    )
                    .expect("prepare");
                for (id, (n, outlets, sources)) in touched.iter().filter(|_| !skip_entries) {
                    let mut new_outlets = 0;
                    for o in outlets.iter().filter(|_| !skip_outlets) {
                        new_outlets += outlet.execute(params![id, o]).expect("outlet");
                    }
                    for s in sources.iter().filter(|_| !skip_sources) {
                        source.execute(params![id, s]).expect("source");
                    }
                    if !skip_counts {
                        counts
                            .execute(params![id, n, new_outlets as i64])
                            .expect("counts");
                    }
                }
            }
            if !skip_fts {
                tx.execute(
                    "INSERT INTO sightings_fts(rowid, sentence, source) SELECT id, sentence, source FROM sightings WHERE id > ?",
                    [last],
                )
                .expect("fts");
            }
            tx.commit().expect("commit");
            if let Some(c) = &self.checkpoint {
                let _ = c.send(());
            }
            (t.elapsed().as_secs_f64(), thread_cpu_s() - cpu)
        }
    }

    impl Drop for Floor {
        fn drop(&mut self) {
            self.checkpoint = None;
            if let Some(w) = self.worker.take() {
                let _ = w.join();
            }
        }
    }

    fn fnv(bytes: &[u8]) -> u64 {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    }
}

/// Generates the bench's articles (`total` claims about `facts` facts) and hands them to `write`
/// by batches of `per_tx` articles; returns the claims generated.
fn generate(
    total: usize,
    facts: u64,
    per_tx: usize,
    mut write: impl FnMut(&[(ArticleRecord, Vec<Claim>)]),
) -> usize {
    let mut r = Rng(0x1234_5678_9abc_def1);
    let articles = total / CLAIMS_PER_ARTICLE;
    let mut done = 0usize;
    let mut batch = Vec::with_capacity(per_tx);
    for i in 0..articles {
        let id = format!("a{i}");
        let mut text = String::new();
        let claims: Vec<Claim> = (0..CLAIMS_PER_ARTICLE)
            .map(|_| claim(&id, &mut text, r.below(facts), &mut r))
            .collect();
        let outlet = OUTLETS[r.below(OUTLETS.len() as u64) as usize];
        text.push_str(&format!("({outlet}, edition {i})"));
        let rec = ArticleRecord {
            id: id.clone(),
            url: Some(format!(
                "https://{}.example/{i}",
                outlet.to_lowercase().replace(' ', "-")
            )),
            title: None,
            published: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
            author: None,
            outlet: Some(outlet.into()),
            lang: Some("en".into()),
            source_line: None,
            text,
        };
        batch.push((rec, claims));
        if batch.len() == per_tx || i + 1 == articles {
            write(&batch);
            done += batch.iter().map(|b| b.1.len()).sum::<usize>();
            batch.clear();
        }
    }
    done
}

fn main() {
    // `cargo bench` passes --bench; under `cargo test` this runs as a quick smoke test.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let total: usize = std::env::var("LEDGER_BENCH_CLAIMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if smoke { 2_000 } else { 1_000_000 });
    let facts = (total / 12).max(1) as u64; // ~12 tellings of each fact
    let per_tx: usize = std::env::var("LEDGER_BENCH_ARTICLES_PER_TX")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(ARTICLES_PER_BATCH);
    // `LEDGER_BENCH_FLOOR=0` skips the floor pass, `only` runs nothing else.
    let floor_pass = std::env::var("LEDGER_BENCH_FLOOR").unwrap_or_default();
    let keep = std::env::var_os("LEDGER_BENCH_DIR").map(std::path::PathBuf::from);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = keep.unwrap_or_else(|| tmp.path().to_path_buf());
    if floor_pass != "only" {
        ledger_pass(&dir.join("bench.sqlite"), total, facts, per_tx);
    }
    if floor_pass != "0" {
        floor_pass_run(&dir.join("floor.sqlite"), total, facts, per_tx);
    }
}

/// The floor: the same claims through [`floor::Floor`] (the schema's writes alone).
fn floor_pass_run(path: &std::path::Path, total: usize, facts: u64, per_tx: usize) {
    let _ = std::fs::remove_file(path);
    let mut floor = floor::Floor::open(path);
    let (mut wall, mut cpu) = (0.0f64, 0.0f64);
    let done = generate(total, facts, per_tx, |batch| {
        let (w, c) = floor.write(batch);
        wall += w;
        cpu += c;
    });
    drop(floor);
    let without = std::env::var("LEDGER_BENCH_FLOOR_WITHOUT").unwrap_or_default();
    let without = if without.is_empty() {
        String::new()
    } else {
        format!(" (without: {without})")
    };
    println!(
        "floor{without}: the schema's writes alone for the same {done} claims, no reads and no logic: \
         {wall:.1} s wall, {:.0} claims/s; {cpu:.1} CPU s, {:.0} claims per CPU second",
        done as f64 / wall,
        done as f64 / cpu.max(1e-9),
    );
}

/// Ingests the generated claims through the ledger and exports them; prints the figures.
fn ledger_pass(path: &std::path::Path, total: usize, facts: u64, per_tx: usize) {
    let _ = std::fs::remove_file(path);
    let mut store = SqliteStore::open(path).expect("open ledger");
    let articles = total / CLAIMS_PER_ARTICLE;
    let (mut ingest, mut ingest_cpu, mut ingest_process) = (0.0f64, 0.0f64, 0.0f64);
    let mut checkpoints = Vec::new();
    let mut so_far = 0usize;
    // The ledger's helper threads (checkpoints) also run between the timed calls, while this
    // thread makes the next batch: their CPU is the process's less this thread's, over the loop.
    let (loop_thread, loop_process) = (thread_cpu_s(), process_cpu_s());
    let done = generate(total, facts, per_tx, |batch| {
        // Only the ledger's work is timed, not the generation of the test claims.
        let (t, cpu, process) = (Instant::now(), thread_cpu_s(), process_cpu_s());
        store.ingest_batch(batch).expect("ingest");
        ingest += t.elapsed().as_secs_f64();
        ingest_cpu += thread_cpu_s() - cpu;
        ingest_process += process_cpu_s() - process;
        so_far += batch.iter().map(|b| b.1.len()).sum::<usize>();
        if so_far % (total / 4).max(1) < per_tx * CLAIMS_PER_ARTICLE {
            checkpoints.push(format!(
                "{}k claims: {:.0} MB peak",
                so_far / 1000,
                peak_rss_mb()
            ));
        }
    });
    let helpers = (process_cpu_s() - loop_process) - (thread_cpu_s() - loop_thread);
    let stats = store.stats().expect("stats");
    drop(store);
    let size = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok())
        .map(|m| m.len())
        .sum::<u64>() as f64
        / 1e6;
    let store = SqliteStore::open(path).expect("reopen");
    let export = |filter: &ClaimFilter| {
        let (t, cpu) = (Instant::now(), thread_cpu_s());
        let mut sink = std::io::BufWriter::new(std::io::sink());
        let n = claimledger::export::export(
            &store,
            filter,
            claimledger::export::ExportFormat::Jsonl,
            &mut sink,
        )
        .expect("export");
        (n, t.elapsed().as_secs_f64(), thread_cpu_s() - cpu)
    };
    let (n_f, t_f, cpu_f) = export(&ClaimFilter {
        metric: Some("exports".into()),
        min_sightings: Some(2),
        ..Default::default()
    });
    let (n_all, t_all, cpu_all) = export(&ClaimFilter::default());
    println!(
        "ledger benchmark: {done} claims in {articles} articles, {per_tx} articles ({} claims) per transaction",
        per_tx * CLAIMS_PER_ARTICLE
    );
    println!(
        "  ingest: {ingest:.1} s wall, {:.0} claims/s; calling thread {ingest_cpu:.1} CPU s, {:.0} claims per CPU second",
        done as f64 / ingest,
        done as f64 / ingest_cpu.max(1e-9),
    );
    let all = ingest_cpu + helpers;
    println!(
        "  ingest CPU of all threads: {ingest_process:.1} s inside the calls; with the helpers' {helpers:.1} s \
         between them {all:.1} CPU s, {:.0} claims per CPU second",
        done as f64 / all.max(1e-9)
    );
    println!(
        "  ledger: {} entries, {} sightings, {} in conflict, file {size:.0} MB",
        stats.claims, stats.sightings, stats.conflicts
    );
    println!(
        "  export jsonl --metric exports --min-sightings 2: {n_f} claims in {t_f:.1} s ({cpu_f:.1} CPU s)"
    );
    println!("  export jsonl (all): {n_all} claims in {t_all:.1} s ({cpu_all:.1} CPU s)");
    println!(
        "  peak memory: {}; end {:.0} MB",
        checkpoints.join(", "),
        peak_rss_mb()
    );
}
