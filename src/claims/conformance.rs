//! Conformance against third-party test suites, read at run time from `shared/peer/`:
//! Microsoft Recognizers-Text English specs (CurrencyModel, PercentModel, NumberModel,
//! NumberRangeModel, DatePeriodParser) and quantulum3 `tests/quantities.json` (money,
//! percentages and dimensionless counts).
//!
//! Why: the recogniser is hand-written, so its coverage is measured against suites that other
//! people wrote. A case passes when every expected result is found with the same value (within
//! 1e-6 relative), the same ISO currency or percent unit, and, for periods, the same start and end
//! (Recognizers-Text ends are exclusive); a case that expects nothing passes when nothing of that
//! kind is found. Rates are reported as they are: nothing is skipped to make them look better,
//! and the categories deliberately unsupported are listed in `docs/conformance.md`.

use std::fmt;
use std::path::Path;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{recognise, RawClaim, RawKind};

/// Pass counts of one spec file or category.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SuiteResult {
    pub suite: String,
    pub category: String,
    pub cases: usize,
    pub passed: usize,
    /// Inputs of the first failing cases, for reading.
    pub failures: Vec<String>,
}

impl SuiteResult {
    fn new(suite: &str, category: &str) -> SuiteResult {
        SuiteResult {
            suite: suite.into(),
            category: category.into(),
            ..Default::default()
        }
    }

    fn record(&mut self, ok: bool, input: &str) {
        self.cases += 1;
        if ok {
            self.passed += 1;
        } else if self.failures.len() < 25 {
            self.failures.push(input.to_string());
        }
    }

    /// Pass rate in percent.
    pub fn rate(&self) -> f64 {
        if self.cases == 0 {
            0.0
        } else {
            100.0 * self.passed as f64 / self.cases as f64
        }
    }
}

/// All suites, plus the files that could not be read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ConformanceReport {
    pub results: Vec<SuiteResult>,
    pub unreadable: Vec<String>,
}

fn read_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim_end_matches('%').parse().ok(),
        _ => None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1e-9)
}

fn reference(case: &Value) -> Option<NaiveDate> {
    let s = case.get("Context")?.get("ReferenceDateTime")?.as_str()?;
    NaiveDate::parse_from_str(&s[..s.len().min(10)], "%Y-%m-%d").ok()
}

fn currency_iso(res: &Value) -> Option<String> {
    if let Some(i) = res.get("isoCurrency").and_then(Value::as_str) {
        return Some(i.to_string());
    }
    let unit = res.get("unit")?.as_str()?;
    Some(
        match unit {
            "Dollar" => "USD",
            "Pound" => "GBP",
            "Euro" => "EUR",
            "Rupee" => "INR",
            "Yen" => "JPY",
            _ => return Some(format!("?{unit}")),
        }
        .to_string(),
    )
}

fn is_quantity(r: &RawClaim) -> bool {
    !r.is_time()
}

/// Recognizers-Text model files: each case passes when every expected result is found.
fn rt_model(
    path: &Path,
    name: &str,
    check: impl Fn(&Value, &[RawClaim]) -> bool,
    nothing: impl Fn(&RawClaim) -> bool,
    report: &mut ConformanceReport,
) {
    let Some(Value::Array(cases)) = read_json(path) else {
        report.unreadable.push(path.display().to_string());
        return;
    };
    let mut res = SuiteResult::new("Recognizers-Text", name);
    for case in &cases {
        let Some(input) = case.get("Input").and_then(Value::as_str) else {
            continue;
        };
        let got = recognise(input, reference(case));
        let expected = case
            .get("Results")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let ok = if expected.is_empty() {
            !got.iter().any(&nothing)
        } else {
            expected.iter().all(|e| check(e, &got))
        };
        res.record(ok, input);
    }
    report.results.push(res);
}

fn check_currency(e: &Value, got: &[RawClaim]) -> bool {
    let Some(r) = e.get("Resolution") else {
        return false;
    };
    let (Some(v), Some(iso)) = (r.get("value").and_then(num), currency_iso(r)) else {
        return false;
    };
    got.iter().any(|g| {
        g.kind == RawKind::Amount
            && g.unit.as_deref() == Some(iso.as_str())
            && g.value.is_some_and(|x| close(x, v))
    })
}

fn check_percent(e: &Value, got: &[RawClaim]) -> bool {
    let Some(v) = e
        .get("Resolution")
        .and_then(|r| r.get("value"))
        .and_then(num)
    else {
        return false;
    };
    got.iter()
        .any(|g| g.unit.as_deref() == Some("%") && g.value.is_some_and(|x| close(x.abs(), v.abs())))
}

fn check_number(e: &Value, got: &[RawClaim]) -> bool {
    let Some(v) = e
        .get("Resolution")
        .and_then(|r| r.get("value"))
        .and_then(num)
    else {
        return false;
    };
    got.iter().any(|g| {
        is_quantity(g)
            && (g.value.is_some_and(|x| close(x.abs(), v.abs()))
                || g.low.is_some_and(|x| close(x, v))
                || g.high.is_some_and(|x| close(x, v)))
    })
}

/// "[20,30)", "(20,35]", "(,30)", "[20,)": compares the finite bounds.
fn check_range(e: &Value, got: &[RawClaim]) -> bool {
    let Some(s) = e
        .get("Resolution")
        .and_then(|r| r.get("value"))
        .and_then(Value::as_str)
    else {
        return false;
    };
    let inner = s.trim_matches(|c| matches!(c, '[' | ']' | '(' | ')'));
    let mut parts = inner.split(',');
    let lo: Option<f64> = parts.next().and_then(|p| p.trim().parse().ok());
    let hi: Option<f64> = parts.next().and_then(|p| p.trim().parse().ok());
    got.iter().any(|g| match (lo, hi) {
        (Some(l), Some(h)) => {
            g.low.is_some_and(|x| close(x, l)) && g.high.is_some_and(|x| close(x, h))
        }
        (Some(l), None) => {
            g.approx == super::Approx::AtLeast && g.value.is_some_and(|x| close(x, l))
        }
        (None, Some(h)) => {
            g.approx == super::Approx::AtMost && g.value.is_some_and(|x| close(x, h))
        }
        (None, None) => false,
    })
}

fn date_of(v: Option<&Value>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v?.as_str()?, "%Y-%m-%d").ok()
}

/// DatePeriodParser: a period with the expected start and (exclusive) end.
fn rt_periods(path: &Path, report: &mut ConformanceReport) {
    let Some(Value::Array(cases)) = read_json(path) else {
        report.unreadable.push(path.display().to_string());
        return;
    };
    let mut res = SuiteResult::new("Recognizers-Text", "DateTime/English/DatePeriodParser.json");
    for case in &cases {
        let Some(input) = case.get("Input").and_then(Value::as_str) else {
            continue;
        };
        let got = recognise(input, reference(case));
        let expected = case
            .get("Results")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let ok = if expected.is_empty() {
            !got.iter().any(|g| g.kind == RawKind::Period)
        } else {
            expected.iter().all(|e| {
                let value = e.get("Value");
                ["PastResolution", "FutureResolution"].iter().any(|k| {
                    let r = value.and_then(|v| v.get(*k));
                    let (s, en) = (
                        date_of(r.and_then(|r| r.get("startDate"))),
                        date_of(r.and_then(|r| r.get("endDate"))),
                    );
                    got.iter().any(|g| {
                        g.is_time()
                            && g.start == s
                            && s.is_some()
                            && g.end.map(|d| d + Duration::days(1)) == en
                    })
                })
            })
        };
        res.record(ok, input);
    }
    report.results.push(res);
}

/// quantulum3 quantities.json: each expected money, percentage or dimensionless quantity.
fn quantulum(peer: &Path, report: &mut ConformanceReport) {
    let path = peer.join("quantulum3/tests/quantities.json");
    let (Some(Value::Array(cases)), Some(units)) = (
        read_json(&path),
        read_json(&peer.join("quantulum3/lexicon/units.json")),
    ) else {
        report.unreadable.push(path.display().to_string());
        return;
    };
    let mut money = SuiteResult::new("quantulum3", "money");
    let mut pct = SuiteResult::new("quantulum3", "percentages");
    let mut count = SuiteResult::new("quantulum3", "counts (dimensionless)");
    for case in &cases {
        let Some(input) = case.get("req").and_then(Value::as_str) else {
            continue;
        };
        let got = recognise(input, None);
        for q in case
            .get("res")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(unit), Some(v)) = (
                q.get("unit").and_then(Value::as_str),
                q.get("value").and_then(num),
            ) else {
                continue;
            };
            let surface = q.get("surface").and_then(Value::as_str).unwrap_or("");
            let label = format!("{input} => {surface}");
            if let Some(iso) = units
                .get(unit)
                .and_then(|u| u.get("currency_code"))
                .and_then(Value::as_str)
            {
                let ok = got.iter().any(|g| {
                    g.kind == RawKind::Amount
                        && g.unit.as_deref() == Some(iso)
                        && g.value.is_some_and(|x| close(x, v))
                });
                money.record(ok, &label);
            } else if unit == "percentage" {
                let ok = got.iter().any(|g| {
                    g.unit.as_deref() == Some("%") && g.value.is_some_and(|x| close(x.abs(), v))
                });
                pct.record(ok, &label);
            } else if unit == "dimensionless" {
                // years are time expressions here, not numbers; both count as found
                let ok = got.iter().any(|g| {
                    g.value.is_some_and(|x| close(x, v))
                        || (g.is_time() && g.surface.contains(surface) && !surface.is_empty())
                });
                count.record(ok, &label);
            }
        }
    }
    report.results.extend([money, pct, count]);
}

/// Runs every supported suite under `peer_dir` (the `shared/peer` folder).
pub fn run(peer_dir: &Path) -> ConformanceReport {
    let mut report = ConformanceReport::default();
    let rt = peer_dir.join("recognizers-text/Specs");
    rt_model(
        &rt.join("NumberWithUnit/English/CurrencyModel.json"),
        "NumberWithUnit/English/CurrencyModel.json",
        check_currency,
        |g| g.kind == RawKind::Amount,
        &mut report,
    );
    rt_model(
        &rt.join("Number/English/PercentModel.json"),
        "Number/English/PercentModel.json",
        check_percent,
        |g| g.unit.as_deref() == Some("%"),
        &mut report,
    );
    rt_model(
        &rt.join("Number/English/NumberModel.json"),
        "Number/English/NumberModel.json",
        check_number,
        is_quantity,
        &mut report,
    );
    rt_model(
        &rt.join("Number/English/NumberRangeModel.json"),
        "Number/English/NumberRangeModel.json",
        check_range,
        |g| g.low.is_some(),
        &mut report,
    );
    rt_periods(
        &rt.join("DateTime/English/DatePeriodParser.json"),
        &mut report,
    );
    quantulum(peer_dir, &mut report);
    report
}

impl fmt::Display for ConformanceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "| suite | file / category | cases | passed | rate |")?;
        writeln!(f, "|---|---|---:|---:|---:|")?;
        for r in &self.results {
            writeln!(
                f,
                "| {} | {} | {} | {} | {:.1}% |",
                r.suite,
                r.category,
                r.cases,
                r.passed,
                r.rate()
            )?;
        }
        for u in &self.unreadable {
            writeln!(f, "\nunreadable: {u}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_bounds_are_read() {
        let got = recognise("between 20 and 30 tonnes", None);
        let e: Value = serde_json::json!({"Resolution": {"value": "[20,30)"}});
        assert!(check_range(&e, &got), "{got:?}");
    }
}
