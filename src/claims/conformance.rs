//! Conformance against third-party test suites, read at run time from `shared/peer/`:
//! Microsoft Recognizers-Text English specs (CurrencyModel, PercentModel, NumberModel,
//! NumberRangeModel, DatePeriodParser) and quantulum3 `tests/quantities.json` (money,
//! percentages and dimensionless counts).
//!
//! Why: the recogniser is hand-written, so its coverage is measured against suites that other
//! people wrote. A case passes when every expected result is found with the same value (within
//! 1e-6 relative), the same ISO currency or percent unit, the same start and end for periods
//! (Recognizers-Text ends are exclusive), and a span that holds the spec's span (see
//! `span_fits`); a case that expects nothing passes when nothing of that kind is found.
//!
//! Some spec cases are out of scope for a recogniser of news figures, for a reason that is a
//! property of the case, never of our output (`out_of_scope`): they are counted apart and the
//! report gives both the in-scope rate and the rate over all cases.

use std::fmt;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
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
    /// Cases left out as out of scope, with the reason (not in `cases`).
    pub excluded: usize,
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
        } else if self.failures.len() < 500 {
            self.failures.push(input.to_string());
        }
    }

    fn exclude(&mut self) {
        self.excluded += 1;
    }

    /// Pass rate over all cases, out-of-scope ones counted as failures.
    pub fn rate_all(&self) -> f64 {
        let all = self.cases + self.excluded;
        if all == 0 {
            0.0
        } else {
            100.0 * self.passed as f64 / all as f64
        }
    }

    /// Pass rate in percent over the in-scope cases.
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

/// The spec's span of one expected result as byte offsets into `input` (Recognizers-Text gives
/// char offsets: `Start`/`End` inclusive, or `Start`/`Length`).
fn spec_span(input: &str, e: &Value) -> Option<[usize; 2]> {
    let start = usize::try_from(e.get("Start")?.as_u64()?).ok()?;
    let end = match e.get("End").and_then(Value::as_u64) {
        Some(end) => usize::try_from(end).ok()? + 1,
        None => start + usize::try_from(e.get("Length")?.as_u64()?).ok()?,
    };
    let byte = |c: usize| {
        input
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(input.len()))
            .nth(c)
    };
    Some([byte(start)?, byte(end)?])
}

/// Spans agree on the figure: they overlap and hold the same digits. Words around the figure
/// differ by design (a `RawClaim` keeps "more than" and the counted noun, Recognizers-Text keeps
/// "between" and drops hedges), so they are not compared.
fn span_fits(input: &str, want: Option<[usize; 2]>, got: [usize; 2]) -> bool {
    let Some(want) = want else { return true };
    if !(got[0] < want[1] && want[0] < got[1]) {
        return false;
    }
    let digits = |s: [usize; 2]| {
        input
            .get(s[0]..s[1])
            .unwrap_or("")
            .char_indices()
            .filter(|(_, c)| c.is_ascii_digit())
            .map(move |(i, _)| s[0] + i)
            .collect::<Vec<_>>()
    };
    digits(want) == digits(got)
}

/// ISO code and factor of a Recognizers-Text currency resolution; `None` for units that have no
/// ISO 4217 code in the spec and none that their name determines.
fn currency_iso(res: &Value) -> Option<(String, f64)> {
    if let Some(i) = res.get("isoCurrency").and_then(Value::as_str) {
        return Some((i.to_string(), 1.0));
    }
    let (iso, f) = match res.get("unit")?.as_str()? {
        "Dollar" => ("USD", 1.0),
        "Pound" => ("GBP", 1.0),
        "Euro" => ("EUR", 1.0),
        "Rupee" => ("INR", 1.0),
        "Yen" => ("JPY", 1.0),
        "Cent" => ("USD", 0.01),
        "Pence" | "Penny" => ("GBP", 0.01),
        _ => return None,
    };
    Some((iso.to_string(), f))
}

fn is_quantity(r: &RawClaim) -> bool {
    !r.is_time()
}

/// Why a spec case is out of scope for a recogniser of news figures, if it is.
fn out_of_scope(model: Model, case: &Value) -> Option<&'static str> {
    let results = case.get("Results").and_then(Value::as_array)?;
    for e in results {
        let res = e.get("Resolution");
        let value = res.and_then(|r| r.get("value"));
        match model {
            Model::Currency => {
                if res.is_some_and(|r| currency_iso(r).is_none()) {
                    return Some("currency without an ISO 4217 code (historic, ambiguous, crypto)");
                }
                // as for numbers and percentages: a currency word alone is no amount
                if value.and_then(num).is_none() {
                    return Some("a mention without a figure (value null)");
                }
            }
            Model::Percent | Model::Number => {
                // in news "percent of 10 million" is a part of 10 million, never 10%
                let text = e.get("Text").and_then(Value::as_str).unwrap_or("");
                if model == Model::Percent && text.to_lowercase().starts_with("per") {
                    return Some("the percent word before its number (\"per cent of 22\")");
                }
                if value.and_then(num).is_none() {
                    return Some("a mention without a figure (value null)");
                }
                if res.and_then(|r| r.get("subtype")).and_then(Value::as_str) == Some("power") {
                    return Some("scientific notation (1e10, 1.1^23)");
                }
            }
            Model::Range => {}
            Model::Period => {
                // news figures are stated per week, month, quarter, half or year: whole
                // months, or whole Monday-to-Sunday weeks ("last week")
                let whole = ["PastResolution", "FutureResolution"].iter().any(|k| {
                    let r = e.get("Value").and_then(|v| v.get(*k));
                    let start = date_of(r.and_then(|r| r.get("startDate")));
                    let end = date_of(r.and_then(|r| r.get("endDate")));
                    let Some((a, b)) = start.zip(end) else {
                        return false;
                    };
                    let days = (b - a).num_days();
                    (a.day() == 1 && b.day() == 1)
                        || (a.weekday() == Weekday::Mon && days > 0 && days % 7 == 0)
                });
                if !whole {
                    return Some("periods that are not whole months or weeks (days, weekends)");
                }
            }
        }
    }
    if model == Model::Period && results.is_empty() {
        return None;
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Model {
    Currency,
    Percent,
    Number,
    Range,
    Period,
}

/// Recognizers-Text model files: each case passes when every expected result is found.
fn rt_model(path: &Path, name: &str, model: Model, report: &mut ConformanceReport) {
    let Some(Value::Array(cases)) = read_json(path) else {
        report.unreadable.push(path.display().to_string());
        return;
    };
    let mut res = SuiteResult::new("Recognizers-Text", name);
    for case in &cases {
        let Some(input) = case.get("Input").and_then(Value::as_str) else {
            continue;
        };
        if out_of_scope(model, case).is_some() {
            res.exclude();
            continue;
        }
        let got = recognise(input, reference(case));
        let expected = case
            .get("Results")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let ok = if expected.is_empty() {
            !got.iter().any(|g| nothing_of(model, g))
        } else {
            expected.iter().all(|e| {
                let want = spec_span(input, e);
                got.iter()
                    .any(|g| span_fits(input, want, g.span) && matches(model, e, g))
            })
        };
        let label = if ok {
            String::new()
        } else {
            failure_label(input, &expected, &got)
        };
        res.record(ok, &label);
    }
    report.results.push(res);
}

/// What a case that expects nothing must not find.
fn nothing_of(model: Model, g: &RawClaim) -> bool {
    match model {
        Model::Currency => g.kind == RawKind::Amount && g.unit.as_deref().is_some_and(is_iso),
        Model::Percent => g.unit.as_deref() == Some("%"),
        // a number read with its unit ("180ml") is not a bare number
        Model::Number => g.kind == RawKind::Number,
        Model::Range => g.low.is_some(),
        Model::Period => g.kind == RawKind::Period,
    }
}

fn is_iso(u: &str) -> bool {
    u.len() == 3 && u.bytes().all(|b| b.is_ascii_uppercase())
}

fn matches(model: Model, e: &Value, g: &RawClaim) -> bool {
    match model {
        Model::Currency => check_currency(e, g),
        Model::Percent => check_percent(e, g),
        Model::Number => check_number(e, g),
        Model::Range => check_range(e, g),
        Model::Period => check_period(e, g),
    }
}

fn failure_label(input: &str, expected: &[Value], got: &[RawClaim]) -> String {
    let want: Vec<String> = expected
        .iter()
        .map(|e| {
            let text = e.get("Text").and_then(Value::as_str).unwrap_or("");
            let v = e.get("Resolution").or_else(|| e.get("Value"));
            let v = v.map(|v| {
                v.get("FutureResolution")
                    .unwrap_or(v)
                    .to_string()
                    .chars()
                    .take(80)
                    .collect::<String>()
            });
            format!("{text:?} {}", v.unwrap_or_default())
        })
        .collect();
    let have: Vec<String> = got
        .iter()
        .map(|g| match (g.start, g.end) {
            (Some(a), Some(b)) => format!("{:?} {a}..{b}", g.surface),
            _ => format!(
                "{:?} {:?} {}",
                g.surface,
                g.value.or(g.low).unwrap_or(f64::NAN),
                g.unit.as_deref().unwrap_or("")
            ),
        })
        .collect();
    let input: String = input.chars().take(160).collect();
    format!(
        "{input} — want [{}] got [{}]",
        want.join("; "),
        have.join("; ")
    )
}

fn check_currency(e: &Value, g: &RawClaim) -> bool {
    let Some(r) = e.get("Resolution") else {
        return false;
    };
    let (Some(v), Some((iso, f))) = (r.get("value").and_then(num), currency_iso(r)) else {
        return false;
    };
    g.kind == RawKind::Amount
        && g.unit.as_deref() == Some(iso.as_str())
        && g.value.is_some_and(|x| close(x, v * f))
}

fn expected_value(e: &Value) -> Option<f64> {
    e.get("Resolution")
        .and_then(|r| r.get("value"))
        .and_then(num)
}

fn check_percent(e: &Value, g: &RawClaim) -> bool {
    let Some(v) = expected_value(e) else {
        return false;
    };
    // a change keeps its sign in `value`; the spec's value is the written number
    g.unit.as_deref() == Some("%")
        && g.value
            .is_some_and(|x| close(x, v) || (g.kind == RawKind::Change && close(-x, v)))
}

fn check_number(e: &Value, g: &RawClaim) -> bool {
    let Some(v) = expected_value(e) else {
        return false;
    };
    is_quantity(g)
        && (g.value.is_some_and(|x| close(x, v))
            || g.low.is_some_and(|x| close(x, v))
            || g.high.is_some_and(|x| close(x, v)))
}

/// "[20,30)", "(20,35]", "(,30)", "[20,)": compares the finite bounds.
fn check_range(e: &Value, g: &RawClaim) -> bool {
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
    match (lo, hi) {
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
    }
}

fn date_of(v: Option<&Value>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v?.as_str()?, "%Y-%m-%d").ok()
}

/// DatePeriodParser: a time expression with the expected start and (exclusive) end, past or
/// future reading.
fn check_period(e: &Value, g: &RawClaim) -> bool {
    let value = e.get("Value");
    ["PastResolution", "FutureResolution"].iter().any(|k| {
        let r = value.and_then(|v| v.get(*k));
        let s = date_of(r.and_then(|r| r.get("startDate")));
        let en = date_of(r.and_then(|r| r.get("endDate")));
        g.is_time() && s.is_some() && g.start == s && g.end.map(|d| d + Duration::days(1)) == en
    })
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
            let want = input
                .find(surface)
                .filter(|_| !surface.is_empty())
                .map(|i| [i, i + surface.len()]);
            let fits = |g: &RawClaim| span_fits(input, want, g.span);
            let label = format!("{input} => {surface} {v}");
            if let Some(iso) = units
                .get(unit)
                .and_then(|u| u.get("currency_code"))
                .and_then(Value::as_str)
            {
                let ok = got.iter().any(|g| {
                    g.kind == RawKind::Amount
                        && g.unit.as_deref() == Some(iso)
                        && g.value.is_some_and(|x| close(x, v))
                        && fits(g)
                });
                money.record(ok, &label);
            } else if unit == "percentage" {
                let ok = got.iter().any(|g| {
                    g.unit.as_deref() == Some("%")
                        && g.value.is_some_and(|x| {
                            close(x, v) || (g.kind == RawKind::Change && close(-x, v))
                        })
                        && fits(g)
                });
                pct.record(ok, &label);
            } else if unit == "dimensionless" {
                // years are time expressions here, not numbers; both count as found. A
                // fraction of a whole ("two thirds of the cake") is read as a share in
                // percent: the same dimensionless quantity in units of 1/100.
                let ok = got.iter().any(|g| {
                    (g.value.is_some_and(|x| close(x, v))
                        || (g.unit.as_deref() == Some("%")
                            && g.value.is_some_and(|x| close(x / 100.0, v)))
                        || (g.is_time() && g.surface.contains(surface) && !surface.is_empty()))
                        && fits(g)
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
    for (file, model) in [
        ("NumberWithUnit/English/CurrencyModel.json", Model::Currency),
        ("Number/English/PercentModel.json", Model::Percent),
        ("Number/English/NumberModel.json", Model::Number),
        ("Number/English/NumberRangeModel.json", Model::Range),
        ("DateTime/English/DatePeriodParser.json", Model::Period),
    ] {
        rt_model(&rt.join(file), file, model, &mut report);
    }
    quantulum(peer_dir, &mut report);
    report
}

impl fmt::Display for ConformanceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "| suite | file / category | in scope | passed | rate | out of scope | rate of all |"
        )?;
        writeln!(f, "|---|---|---:|---:|---:|---:|---:|")?;
        for r in &self.results {
            writeln!(
                f,
                "| {} | {} | {} | {} | {:.1}% | {} | {:.1}% |",
                r.suite,
                r.category,
                r.cases,
                r.passed,
                r.rate(),
                r.excluded,
                r.rate_all()
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
        assert!(got.iter().any(|g| check_range(&e, g)), "{got:?}");
    }

    #[test]
    fn whole_weeks_and_months_are_in_scope_days_are_not() {
        let case = |s: &str, e: &str| serde_json::json!({"Results": [{"Value": {"PastResolution": {"startDate": s, "endDate": e}}}]});
        // a month, two Monday-to-Sunday weeks, three days, a week that starts on a Tuesday
        assert!(out_of_scope(Model::Period, &case("2016-11-01", "2016-12-01")).is_none());
        assert!(out_of_scope(Model::Period, &case("2016-11-07", "2016-11-21")).is_none());
        assert!(out_of_scope(Model::Period, &case("2016-11-07", "2016-11-10")).is_some());
        assert!(out_of_scope(Model::Period, &case("2016-11-08", "2016-11-15")).is_some());
    }

    #[test]
    fn spans_agree_on_digits() {
        let t = "about $ 90 million.";
        let e = serde_json::json!({"Start": 6, "End": 17});
        let want = spec_span(t, &e);
        assert_eq!(want, Some([6, 18]));
        assert!(span_fits(t, want, [0, 18]));
        assert!(!span_fits(t, want, [0, 9]));
    }
}
