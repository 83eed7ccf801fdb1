//! The Zyte/Scrapinghub article-extraction benchmark, scored with its own metric.
//!
//! The metric is upstream `evaluate.py` re-implemented: tokens are maximal runs of word
//! characters (`\w+`, case kept), each text becomes a multiset of 4-token shingles, and per page
//! TP/FP/FN are normalised by their sum so every page weighs the same. Corpus precision and recall
//! are means of the per-page values; F1 is computed from those two means. Accuracy is the share of
//! pages whose predicted token list equals the true one.
//!
//! ```text
//! bench_dir/ground-truth.json   { id: { articleBody, url } }
//! bench_dir/html/<id>.html.gz   the page
//! bench_dir/output/<tool>.json.gz  stored outputs of other tools (used to check the metric)
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Instant;

use regex::Regex;

use serde::{Deserialize, Serialize};

use super::Article;

/// Per-page shingle counts, normalised so that `tp + fp + fn == 1` (unless all are zero).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PageScore {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
    /// Whether the predicted token list equals the true one.
    pub exact: bool,
}

/// Corpus metrics, as upstream `metrics_from_tp_fp_fns` computes them (no bootstrap).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub f1: f64,
    pub precision: f64,
    pub recall: f64,
    pub accuracy: f64,
}

/// A stored tool output re-scored with this metric, next to the value in `results-recomputed.tsv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricCheck {
    pub tool: String,
    pub ours: Option<Metrics>,
    pub expected: Option<Metrics>,
    /// Every metric agrees to 3 decimals.
    pub matches: bool,
}

/// Publication-date accuracy over the pages whose metadata names a date (see `dates_gold`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateReport {
    pub pages: usize,
    pub correct: usize,
    pub missing: usize,
    pub wrong: Vec<(String, String, Option<String>)>,
}

/// What `run` measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchReport {
    pub pages: usize,
    pub metrics: Metrics,
    pub seconds: f64,
    pub pages_per_second: f64,
    pub metric_checks: Vec<MetricCheck>,
    pub dates: Option<DateReport>,
    /// Lowest-F1 pages (id, f1), worst first; for looking at what went wrong.
    pub worst: Vec<(String, f64)>,
    /// Pages that could not be read (id, reason): data, not a crash.
    pub errors: Vec<(String, String)>,
}

/// The two stored tool outputs `run` re-scores to check the metric.
pub const CHECK_TOOLS: [&str; 2] = ["trafilatura", "readability_js"];

/// Word characters as Python's `re` sees them: letters, numbers and `_` (not combining marks).
static WORD_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}_]+").unwrap_or_else(|_| unreachable!("constant regex"))
});

/// Split into maximal runs of word characters, like Python's `re.findall(r"\w+", text)`.
pub fn tokenize(text: &str) -> Vec<&str> {
    WORD_RUN.find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles<'a>(tokens: &'a [&'a str]) -> HashMap<&'a [&'a str], u32> {
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    if tokens.len() < 4 {
        counts.insert(tokens, 1);
        return counts;
    }
    for w in tokens.windows(4) {
        *counts.entry(w).or_insert(0) += 1;
    }
    counts
}

/// Score one page: normalised TP/FP/FN over 4-token shingles.
pub fn score_page(truth: &str, pred: &str) -> PageScore {
    let tt = tokenize(truth);
    let pt = tokenize(pred);
    let ts = shingles(&tt);
    let ps = shingles(&pt);
    let (mut tp, mut fp, mut fn_) = (0f64, 0f64, 0f64);
    for (k, &t) in &ts {
        let p = ps.get(k).copied().unwrap_or(0);
        tp += f64::from(t.min(p));
        fn_ += f64::from(t.saturating_sub(p));
    }
    for (k, &p) in &ps {
        let t = ts.get(k).copied().unwrap_or(0);
        fp += f64::from(p.saturating_sub(t));
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        tp /= s;
        fp /= s;
        fn_ /= s;
    }
    PageScore {
        tp,
        fp,
        fn_,
        exact: tt == pt,
    }
}

fn precision_score(s: &PageScore) -> f64 {
    if s.fp == 0.0 && s.fn_ == 0.0 {
        1.0
    } else if s.tp == 0.0 && s.fp == 0.0 {
        0.0
    } else {
        s.tp / (s.tp + s.fp)
    }
}

fn recall_score(s: &PageScore) -> f64 {
    if s.fp == 0.0 && s.fn_ == 0.0 {
        1.0
    } else if s.tp == 0.0 && s.fn_ == 0.0 {
        0.0
    } else {
        s.tp / (s.tp + s.fn_)
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// Corpus metrics from per-page scores.
pub fn metrics(scores: &[PageScore]) -> Metrics {
    let precision = mean(
        scores
            .iter()
            .filter(|s| s.tp + s.fp > 0.0)
            .map(precision_score),
    );
    let recall = mean(
        scores
            .iter()
            .filter(|s| s.tp + s.fn_ > 0.0)
            .map(recall_score),
    );
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let accuracy = mean(scores.iter().map(|s| if s.exact { 1.0 } else { 0.0 }));
    Metrics {
        f1,
        precision,
        recall,
        accuracy,
    }
}

#[derive(Deserialize)]
struct Body {
    #[serde(rename = "articleBody", default)]
    article_body: String,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ToolOutput {
    Wrapped { output: BTreeMap<String, Body> },
    Plain(BTreeMap<String, Body>),
}

/// Why a benchmark file could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BenchError {
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("parsing {path}: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
}

fn read_maybe_gz(path: &Path) -> Result<Vec<u8>, BenchError> {
    let io = |source| BenchError::Io {
        path: path.to_path_buf(),
        source,
    };
    let raw = std::fs::read(path).map_err(io)?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(io)?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, BenchError> {
    let bytes = read_maybe_gz(path)?;
    serde_json::from_slice(&bytes).map_err(|source| BenchError::Json {
        path: path.to_path_buf(),
        source,
    })
}

fn load_truth(bench_dir: &Path) -> Result<BTreeMap<String, Body>, BenchError> {
    read_json(&bench_dir.join("ground-truth.json"))
}

/// Score a stored tool output (`output/<tool>.json.gz` or `.json`) against the ground truth.
pub fn score_tool(bench_dir: &Path, tool: &str) -> Result<Metrics, BenchError> {
    let truth = load_truth(bench_dir)?;
    let gz = bench_dir.join("output").join(format!("{tool}.json.gz"));
    let path = if gz.exists() {
        gz
    } else {
        bench_dir.join("output").join(format!("{tool}.json"))
    };
    let pred = match read_json::<ToolOutput>(&path)? {
        ToolOutput::Wrapped { output } => output,
        ToolOutput::Plain(map) => map,
    };
    let scores: Vec<PageScore> = truth
        .iter()
        .map(|(id, t)| {
            let p = pred.get(id).map(|b| b.article_body.as_str()).unwrap_or("");
            score_page(&t.article_body, p)
        })
        .collect();
    Ok(metrics(&scores))
}

/// Values for `tool` in `results-recomputed.tsv` (columns tool, version, f1, precision, recall,
/// accuracy; some rows lack the version and accuracy, which shifts them left).
fn expected_metrics(bench_dir: &Path, tool: &str) -> Option<Metrics> {
    let text = std::fs::read_to_string(bench_dir.join("results-recomputed.tsv")).ok()?;
    let line = text.lines().find(|l| l.split('\t').next() == Some(tool))?;
    let nums: Vec<f64> = line
        .split('\t')
        .skip(2)
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    match nums.as_slice() {
        [f1, precision, recall, accuracy, ..] => Some(Metrics {
            f1: *f1,
            precision: *precision,
            recall: *recall,
            accuracy: *accuracy,
        }),
        _ => None,
    }
}

fn agrees(a: &Metrics, b: &Metrics) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 0.0005 + 1e-9;
    close(a.f1, b.f1)
        && close(a.precision, b.precision)
        && close(a.recall, b.recall)
        && close(a.accuracy, b.accuracy)
}

/// Re-score the stored outputs of `CHECK_TOOLS` and compare with `results-recomputed.tsv`.
pub fn check_metric(bench_dir: &Path) -> Vec<MetricCheck> {
    CHECK_TOOLS
        .iter()
        .map(|tool| {
            let ours = score_tool(bench_dir, tool).ok();
            let expected = expected_metrics(bench_dir, tool);
            let matches = matches!((&ours, &expected), (Some(a), Some(b)) if agrees(a, b));
            MetricCheck {
                tool: (*tool).to_string(),
                ours,
                expected,
                matches,
            }
        })
        .collect()
}

/// Extract every page with `super::extract`, score it, time it, and check the metric.
pub fn run(bench_dir: &Path) -> BenchReport {
    let mut errors = Vec::new();
    let truth = match load_truth(bench_dir) {
        Ok(t) => t,
        Err(e) => {
            errors.push(("ground-truth.json".to_string(), e.to_string()));
            BTreeMap::new()
        }
    };
    // Read and decompress first so the timing covers extraction only.
    let mut pages = Vec::with_capacity(truth.len());
    for (id, body) in &truth {
        let path = bench_dir.join("html").join(format!("{id}.html.gz"));
        match read_maybe_gz(&path) {
            Ok(bytes) => pages.push((id, body, super::decode(&bytes, None))),
            Err(e) => errors.push((id.clone(), e.to_string())),
        }
    }
    let start = Instant::now();
    let articles: Vec<super::Article> = pages
        .iter()
        .map(|(_, body, html)| super::extract(html, body.url.as_deref()))
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    let mut scores = Vec::with_capacity(pages.len());
    let mut per_page = Vec::with_capacity(pages.len());
    for ((id, body, _), article) in pages.iter().zip(&articles) {
        let s = score_page(&body.article_body, &article.text);
        let p = precision_score(&s);
        let r = recall_score(&s);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        per_page.push(((*id).clone(), f));
        scores.push(s);
    }
    per_page.sort_by(|a, b| a.1.total_cmp(&b.1));
    per_page.truncate(15);
    let dates = super::dates_gold::evaluate(pages.iter().map(|(id, _, _)| id.as_str()), &articles);
    BenchReport {
        pages: scores.len(),
        metrics: metrics(&scores),
        seconds,
        pages_per_second: if seconds > 0.0 {
            scores.len() as f64 / seconds
        } else {
            0.0
        },
        metric_checks: check_metric(bench_dir),
        dates: Some(dates),
        worst: per_page,
        errors,
    }
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = &self.metrics;
        writeln!(
            f,
            "claimledger  pages={}  F1={:.3}  precision={:.3}  recall={:.3}  accuracy={:.3}",
            self.pages, m.f1, m.precision, m.recall, m.accuracy
        )?;
        writeln!(
            f,
            "speed        {:.2} s  {:.1} pages/s",
            self.seconds, self.pages_per_second
        )?;
        for c in &self.metric_checks {
            let show = |m: &Option<Metrics>| match m {
                Some(m) => format!(
                    "F1={:.3} P={:.3} R={:.3} acc={:.3}",
                    m.f1, m.precision, m.recall, m.accuracy
                ),
                None => "n/a".to_string(),
            };
            writeln!(
                f,
                "metric check {:<15} ours {}  expected {}  {}",
                c.tool,
                show(&c.ours),
                show(&c.expected),
                if c.matches { "OK" } else { "MISMATCH" }
            )?;
        }
        if let Some(d) = &self.dates {
            let acc = if d.pages > 0 {
                d.correct as f64 / d.pages as f64
            } else {
                0.0
            };
            writeln!(
                f,
                "dates        {}/{} correct ({:.3}), {} missing",
                d.correct, d.pages, acc, d.missing
            )?;
        }
        for (id, reason) in &self.errors {
            writeln!(f, "error        {id}: {reason}")?;
        }
        Ok(())
    }
}

/// Write each page's extraction as `<out>/<id>.txt` (debugging aid).
pub fn dump_outputs(bench_dir: &Path, out: &Path) {
    let Ok(truth) = load_truth(bench_dir) else {
        return;
    };
    let _ = std::fs::create_dir_all(out);
    for (id, body) in &truth {
        let path = bench_dir.join("html").join(format!("{id}.html.gz"));
        if let Ok(bytes) = read_maybe_gz(&path) {
            let a = super::extract(&super::decode(&bytes, None), body.url.as_deref());
            let _ = std::fs::write(out.join(format!("{id}.txt")), &a.text);
            let _ = std::fs::write(out.join(format!("{id}.truth")), &body.article_body);
            if let Ok(j) = serde_json::to_string_pretty(&Article {
                text: String::new(),
                ..a
            }) {
                let _ = std::fs::write(out.join(format!("{id}.json")), j);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenize_matches_python_word_runs() {
        assert_eq!(
            tokenize("Hello, wörld_1 — 3.5%"),
            vec!["Hello", "wörld_1", "3", "5"]
        );
    }

    #[test]
    fn short_text_is_one_shingle() {
        let s = score_page("a b c", "a b c");
        assert_eq!((s.tp, s.fp, s.fn_), (1.0, 0.0, 0.0));
        assert!(s.exact);
        let s = score_page("a b c", "a b");
        assert_eq!((s.tp, s.fp, s.fn_), (0.0, 0.5, 0.5));
    }

    #[test]
    fn empty_prediction_has_zero_recall_and_no_precision_page() {
        let s = score_page("one two three four five", "");
        assert_eq!(s.fn_, 1.0);
        let m = metrics(&[s]);
        assert_eq!(m.recall, 0.0);
        assert_eq!(m.precision, 0.0);
    }
}
