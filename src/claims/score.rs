//! Scoring predicted claims against gold claims (the format of `shared/dev/README.md`).
//!
//! Matching rule: same article, `kind` and `unit` agree (case-insensitive), and `value` within
//! 1% (or both ranges agree within 1%). Optional gold claims are matched last and neither
//! rewarded nor penalised. For matched non-optional pairs each field is compared: period and
//! baseline exactly (start and end), names case-insensitively with containment counting as equal.
//! `full_claim` is the share of matched pairs with every field right; `full_claim_of_gold` the
//! share of all non-optional gold claims found with every field right.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Approx, Claim, ClaimKind, Metric};

/// One gold claim, one JSON object a line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldClaim {
    pub article: String,
    pub surface: String,
    pub kind: ClaimKind,
    pub value: f64,
    #[serde(default)]
    pub low: Option<f64>,
    #[serde(default)]
    pub high: Option<f64>,
    pub unit: String,
    #[serde(default)]
    pub approx: Approx,
    pub metric: Metric,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub counterpart: Option<String>,
    #[serde(default)]
    pub item: Option<String>,
    #[serde(default)]
    pub period_start: Option<NaiveDate>,
    #[serde(default)]
    pub period_end: Option<NaiveDate>,
    #[serde(default)]
    pub baseline_start: Option<NaiveDate>,
    #[serde(default)]
    pub baseline_end: Option<NaiveDate>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub optional: bool,
}

/// Why a gold file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GoldError {
    #[error("cannot read gold file {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: not a gold claim")]
    Parse {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
}

/// Reads a JSONL gold file; blank lines are skipped.
pub fn load_gold(path: &Path) -> Result<Vec<GoldClaim>, GoldError> {
    let text = std::fs::read_to_string(path).map_err(|source| GoldError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let g = serde_json::from_str(line).map_err(|source| GoldError::Parse {
            path: path.to_path_buf(),
            line: i + 1,
            source,
        })?;
        out.push(g);
    }
    Ok(out)
}

/// The fields compared on matched pairs.
pub const FIELDS: [&str; 8] = [
    "period",
    "baseline",
    "subject",
    "counterpart",
    "item",
    "metric",
    "source",
    "approx",
];

/// One gold claim that was not found, or one prediction that matched nothing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Miss {
    pub article: String,
    pub surface: String,
    pub kind: ClaimKind,
    pub value: f64,
    pub unit: String,
}

/// A matched pair with the fields that disagree.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldError {
    pub article: String,
    pub surface: String,
    pub field: String,
    pub gold: String,
    pub predicted: String,
}

/// Precision, recall, F1, per-field and full-claim accuracy, and the list of errors.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EvalReport {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Field name -> share of matched pairs where it is right.
    pub field_accuracy: BTreeMap<String, f64>,
    pub full_claim: f64,
    pub full_claim_of_gold: f64,
    /// Among predictions with confidence >= 0.9 that matched: share fully right.
    pub high_confidence_full: Option<f64>,
    pub misses: Vec<Miss>,
    pub false_positives: Vec<Miss>,
    pub field_errors: Vec<FieldError>,
}

fn close(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    let scale = a.abs().max(b.abs());
    (a - b).abs() <= 0.01 * scale
}

fn opt_close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => close(x, y),
        _ => false,
    }
}

fn same_figure(p: &Claim, g: &GoldClaim) -> bool {
    if p.article != g.article || p.kind != g.kind || !p.unit.eq_ignore_ascii_case(&g.unit) {
        return false;
    }
    close(p.value, g.value) || (opt_close(p.low, g.low) && opt_close(p.high, g.high))
}

fn name_eq(p: &Option<String>, g: &Option<String>) -> bool {
    match (p, g) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let (a, b) = (a.to_lowercase(), b.to_lowercase());
            a.contains(&b) || b.contains(&a)
        }
        _ => false,
    }
}

fn show<T: fmt::Debug>(v: &Option<T>) -> String {
    v.as_ref().map_or("null".into(), |x| format!("{x:?}"))
}

/// Field comparisons of a matched pair: (field, right, gold, predicted).
fn compare(p: &Claim, g: &GoldClaim) -> Vec<(&'static str, bool, String, String)> {
    let ps = (
        p.period.as_ref().and_then(|x| x.start),
        p.period.as_ref().and_then(|x| x.end),
    );
    let bs = (
        p.baseline.as_ref().and_then(|x| x.start),
        p.baseline.as_ref().and_then(|x| x.end),
    );
    let src = p.source.as_ref().map(|s| s.name.clone());
    // two-way trade has no direction: the partners may come in either order
    let swapped = g.metric == Metric::Trade
        && p.metric == Metric::Trade
        && name_eq(&p.subject, &g.counterpart)
        && name_eq(&p.counterpart, &g.subject);
    vec![
        (
            "period",
            ps == (g.period_start, g.period_end),
            format!("{:?}..{:?}", g.period_start, g.period_end),
            format!("{:?}..{:?}", ps.0, ps.1),
        ),
        (
            "baseline",
            bs == (g.baseline_start, g.baseline_end),
            format!("{:?}..{:?}", g.baseline_start, g.baseline_end),
            format!("{:?}..{:?}", bs.0, bs.1),
        ),
        (
            "subject",
            swapped || name_eq(&p.subject, &g.subject),
            show(&g.subject),
            show(&p.subject),
        ),
        (
            "counterpart",
            swapped || name_eq(&p.counterpart, &g.counterpart),
            show(&g.counterpart),
            show(&p.counterpart),
        ),
        (
            "item",
            name_eq(&p.item, &g.item),
            show(&g.item),
            show(&p.item),
        ),
        (
            "metric",
            p.metric == g.metric,
            format!("{:?}", g.metric),
            format!("{:?}", p.metric),
        ),
        (
            "source",
            name_eq(&src, &g.source),
            show(&g.source),
            show(&src),
        ),
        (
            "approx",
            p.approx == g.approx,
            format!("{:?}", g.approx),
            format!("{:?}", p.approx),
        ),
    ]
}

fn miss_of(article: &str, surface: &str, kind: ClaimKind, value: f64, unit: &str) -> Miss {
    Miss {
        article: article.into(),
        surface: surface.into(),
        kind,
        value,
        unit: unit.into(),
    }
}

/// Scores `pred` against `gold`.
pub fn score(pred: &[Claim], gold: &[GoldClaim]) -> EvalReport {
    let mut used = vec![false; pred.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut misses = Vec::new();
    // non-optional gold first, then optional; prefer the same surface, then the best fields
    for pass_optional in [false, true] {
        for (gi, g) in gold
            .iter()
            .enumerate()
            .filter(|(_, g)| g.optional == pass_optional)
        {
            let best = pred
                .iter()
                .enumerate()
                .filter(|(pi, p)| !used[*pi] && same_figure(p, g))
                .max_by_key(|(_, p)| {
                    (
                        p.surface == g.surface,
                        compare(p, g).iter().filter(|c| c.1).count(),
                    )
                })
                .map(|(pi, _)| pi);
            match best {
                Some(pi) => {
                    used[pi] = true;
                    pairs.push((pi, gi));
                }
                None if !g.optional => {
                    misses.push(miss_of(&g.article, &g.surface, g.kind, g.value, &g.unit))
                }
                None => {}
            }
        }
    }
    let scored: Vec<(usize, usize)> = pairs
        .iter()
        .copied()
        .filter(|(_, gi)| !gold[*gi].optional)
        .collect();
    let n_gold = gold.iter().filter(|g| !g.optional).count();
    let n_opt_matched = pairs.len() - scored.len();
    let n_pred = pred.len() - n_opt_matched;
    let tp = scored.len();
    let precision = if n_pred == 0 {
        1.0
    } else {
        tp as f64 / n_pred as f64
    };
    let recall = if n_gold == 0 {
        1.0
    } else {
        tp as f64 / n_gold as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    let mut right: BTreeMap<String, usize> = FIELDS.iter().map(|f| (f.to_string(), 0)).collect();
    let mut full = 0usize;
    let mut field_errors = Vec::new();
    let (mut hi_n, mut hi_full) = (0usize, 0usize);
    for &(pi, gi) in &scored {
        let (p, g) = (&pred[pi], &gold[gi]);
        let cmp = compare(p, g);
        let all = cmp.iter().all(|c| c.1);
        for (field, ok, gv, pv) in cmp {
            if ok {
                *right.entry(field.to_string()).or_default() += 1;
            } else {
                field_errors.push(FieldError {
                    article: g.article.clone(),
                    surface: g.surface.clone(),
                    field: field.into(),
                    gold: gv,
                    predicted: pv,
                });
            }
        }
        if all {
            full += 1;
        }
        if p.confidence >= 0.9 {
            hi_n += 1;
            hi_full += usize::from(all);
        }
    }
    let false_positives = pred
        .iter()
        .enumerate()
        .filter(|(pi, _)| !used[*pi])
        .map(|(_, p)| miss_of(&p.article, &p.surface, p.kind, p.value, &p.unit))
        .collect();
    let denom = tp.max(1) as f64;
    EvalReport {
        gold: n_gold,
        predicted: n_pred,
        matched: tp,
        precision,
        recall,
        f1,
        field_accuracy: right
            .into_iter()
            .map(|(k, v)| (k, if tp == 0 { 0.0 } else { v as f64 / denom }))
            .collect(),
        full_claim: if tp == 0 { 0.0 } else { full as f64 / denom },
        full_claim_of_gold: if n_gold == 0 {
            1.0
        } else {
            full as f64 / n_gold as f64
        },
        high_confidence_full: (hi_n > 0).then(|| hi_full as f64 / hi_n as f64),
        misses,
        false_positives,
        field_errors,
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "gold {}  predicted {}  matched {}",
            self.gold, self.predicted, self.matched
        )?;
        writeln!(
            f,
            "precision {:.3}  recall {:.3}  F1 {:.3}",
            self.precision, self.recall, self.f1
        )?;
        for (k, v) in &self.field_accuracy {
            writeln!(f, "  {k:<12} {v:.3}")?;
        }
        writeln!(
            f,
            "full-claim accuracy {:.3} of matched, {:.3} of gold",
            self.full_claim, self.full_claim_of_gold
        )?;
        if let Some(h) = self.high_confidence_full {
            writeln!(f, "confidence >= 0.9: {h:.3} fully right")?;
        }
        for m in &self.misses {
            writeln!(
                f,
                "MISS  {}: {:?} ({:?} {} {})",
                m.article, m.surface, m.kind, m.value, m.unit
            )?;
        }
        for m in &self.false_positives {
            writeln!(
                f,
                "FP    {}: {:?} ({:?} {} {})",
                m.article, m.surface, m.kind, m.value, m.unit
            )?;
        }
        for e in &self.field_errors {
            writeln!(
                f,
                "FIELD {}: {:?} {}: gold {} predicted {}",
                e.article, e.surface, e.field, e.gold, e.predicted
            )?;
        }
        Ok(())
    }
}
