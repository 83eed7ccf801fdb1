//! The claim JSON a sighting row stores, written in one pass.
//!
//! ```text
//! Claim --minus the fields kept in columns, minus nulls, keys sorted--> {"approx":"exact","article":"a1",...}
//! ```
//! The stored form is what `serde_json::to_value` gave with the column fields and top-level nulls
//! removed, printed from its (sorted) map: keys in byte order, nested objects' keys sorted too,
//! a non-finite number dropped like a null. Building that `Value` tree (a map node and a string
//! per field) was a twentieth of ingest's time; [`stored_claim_json`] serializes mirror structs
//! whose fields are declared in that order instead, and a test compares both on claims with
//! every field set and every optional field empty (a field added to `Claim` and not here fails
//! it).

use crate::claims::{Approx, Attribution, Claim, ClaimKind, Metric, PeriodRef};
use chrono::NaiveDate;
use serde::Serialize;

/// Fields of a claim that its sighting row holds in columns of their own (migration 9): the
/// stored claim JSON leaves them out, as it leaves out empty fields, and
/// [`claim_from_stored_json`] puts them back. The sentence alone was a seventh of the row.
const CLAIM_FIELDS_IN_COLUMNS: [&str; 4] = ["surface", "span", "sentence", "confidence"];

/// A period as its `Value` prints: keys sorted, empty dates as `null` (nested nulls stay).
#[derive(Serialize)]
struct SortedPeriod<'a> {
    end: Option<NaiveDate>,
    start: Option<NaiveDate>,
    surface: &'a str,
}

impl<'a> SortedPeriod<'a> {
    fn of(p: &'a Option<PeriodRef>) -> Option<Self> {
        p.as_ref().map(|p| SortedPeriod {
            end: p.end,
            start: p.start,
            surface: &p.surface,
        })
    }
}

/// An attribution as its `Value` prints (its own empty fields are skipped by `Attribution`).
#[derive(Serialize)]
struct SortedSource<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<&'a str>,
    surface: &'a str,
}

impl<'a> SortedSource<'a> {
    fn of(a: &'a Option<Attribution>) -> Option<Self> {
        a.as_ref().map(|a| SortedSource {
            name: &a.name,
            organisation: a.organisation.as_deref(),
            person: a.person.as_deref(),
            surface: &a.surface,
        })
    }
}

/// A claim's stored fields in byte order of their names; `None` is a field left out.
#[derive(Serialize)]
struct Stored<'a> {
    approx: Approx,
    article: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<SortedPeriod<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counterpart: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hedge: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    high: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<&'a str>,
    kind: ClaimKind,
    lang: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    low: Option<f64>,
    metric: Metric,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<SortedPeriod<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<SortedSource<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    unit: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<f64>,
}

/// A number as a `Value` holds it: a non-finite one is `null`, and so left out.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The claim as a sighting stores it: its JSON without the fields kept in columns and without
/// nulls (a missing optional field reads back as `None`).
pub(super) fn stored_claim_json(c: &Claim) -> serde_json::Result<String> {
    serde_json::to_string(&Stored {
        approx: c.approx,
        article: &c.article,
        baseline: SortedPeriod::of(&c.baseline),
        counterpart: c.counterpart.as_deref(),
        hedge: c.hedge.as_deref(),
        high: c.high.and_then(finite),
        item: c.item.as_deref(),
        kind: c.kind,
        lang: &c.lang,
        low: c.low.and_then(finite),
        metric: c.metric,
        period: SortedPeriod::of(&c.period),
        source: SortedSource::of(&c.source),
        subject: c.subject.as_deref(),
        unit: &c.unit,
        value: finite(c.value),
    })
}

/// The claim of a sighting: its stored JSON with the fields kept in columns put back. JSON
/// that still carries a field (written before migration 9 by hand) keeps its own value.
pub(super) fn claim_from_stored_json(
    json: &str,
    surface: &str,
    span: [usize; 2],
    sentence: &str,
    confidence: f64,
) -> serde_json::Result<Claim> {
    let mut v: serde_json::Value = serde_json::from_str(json)?;
    if let Some(m) = v.as_object_mut() {
        let columns = [
            serde_json::Value::from(surface),
            serde_json::Value::from(span.to_vec()),
            serde_json::Value::from(sentence),
            serde_json::Value::from(confidence),
        ];
        for (f, col) in CLAIM_FIELDS_IN_COLUMNS.into_iter().zip(columns) {
            m.entry(f).or_insert(col);
        }
    }
    serde_json::from_value(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// How the stored JSON was written before this module: through a `Value` tree.
    fn via_value(c: &Claim) -> serde_json::Result<String> {
        let mut v = serde_json::to_value(c)?;
        if let Some(m) = v.as_object_mut() {
            for f in CLAIM_FIELDS_IN_COLUMNS {
                m.remove(f);
            }
            m.retain(|_, v| !v.is_null());
        }
        serde_json::to_string(&v)
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[a-zA-Z ]{1,12}",
            Just("quote \" back\\slash\nnewline \u{1} é 中".to_owned()),
        ]
    }

    fn number() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<f64>(),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-0.0),
            Just(38.2e9),
            Just(1.0),
        ]
    }

    fn date() -> impl Strategy<Value = Option<NaiveDate>> {
        proptest::option::of((1900i32..2100, 1u32..13, 1u32..29))
            .prop_map(|d| d.and_then(|(y, m, day)| NaiveDate::from_ymd_opt(y, m, day)))
    }

    fn period() -> impl Strategy<Value = Option<PeriodRef>> {
        proptest::option::of(
            (date(), date(), text()).prop_map(|(start, end, surface)| PeriodRef {
                start,
                end,
                surface,
            }),
        )
    }

    prop_compose! {
        fn claim()(
            words in proptest::collection::vec(text(), 9),
            opts in proptest::collection::vec(proptest::option::of(text()), 6),
            nums in (number(), proptest::option::of(number()), proptest::option::of(number()), number()),
            period in period(),
            baseline in period(),
            source in proptest::option::of(Just(())),
            enums in (0usize..5, 0usize..4, 0usize..10),
            span in (0usize..10_000, 0usize..10_000),
        ) -> Claim {
            let kinds = [ClaimKind::Amount, ClaimKind::Change, ClaimKind::Share, ClaimKind::Ratio, ClaimKind::Count];
            let approx = [Approx::Exact, Approx::Approx, Approx::AtLeast, Approx::AtMost];
            let metrics = [
                Metric::Trade, Metric::Exports, Metric::Imports, Metric::Production, Metric::Revenue,
                Metric::Price, Metric::Spending, Metric::ShareOfImports, Metric::ShareOfExports, Metric::Other,
            ];
            Claim {
                article: words[0].clone(),
                surface: words[1].clone(),
                span: [span.0, span.1],
                sentence: words[2].clone(),
                kind: kinds[enums.0],
                value: nums.0,
                low: nums.1,
                high: nums.2,
                unit: words[3].clone(),
                approx: approx[enums.1],
                metric: metrics[enums.2],
                subject: opts[0].clone(),
                counterpart: opts[1].clone(),
                item: opts[2].clone(),
                period,
                baseline,
                source: source.map(|()| Attribution {
                    name: words[4].clone(),
                    surface: words[5].clone(),
                    person: opts[3].clone(),
                    organisation: opts[4].clone(),
                }),
                hedge: opts[5].clone(),
                confidence: nums.3,
                lang: words[6].clone(),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Byte for byte what the `Value` route wrote, and it reads back as the claim.
        #[test]
        fn stored_json_is_what_the_value_tree_printed(c in claim()) {
            let json = stored_claim_json(&c).unwrap();
            prop_assert_eq!(&json, &via_value(&c).unwrap());
            if c.value.is_finite() {
                let back = claim_from_stored_json(&json, &c.surface, c.span, &c.sentence, 0.5).unwrap();
                prop_assert_eq!(back.subject, c.subject);
                prop_assert_eq!(back.period, c.period);
                prop_assert_eq!(back.source, c.source);
            }
        }
    }

    /// Every field set: a field added to `Claim` and not to `Stored` shows here.
    #[test]
    fn every_field_of_a_full_claim_is_stored() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 31);
        let p = Some(PeriodRef {
            start: d,
            end: d,
            surface: "January".into(),
        });
        let c = Claim {
            article: "a1".into(),
            surface: "$38.2 billion".into(),
            span: [3, 16],
            sentence: "Trade hit $38.2 billion.".into(),
            kind: ClaimKind::Amount,
            value: 38.2e9,
            low: Some(38.0e9),
            high: Some(38.4e9),
            unit: "USD".into(),
            approx: Approx::AtLeast,
            metric: Metric::ShareOfImports,
            subject: Some("China".into()),
            counterpart: Some("Russia".into()),
            item: Some("oil".into()),
            period: p.clone(),
            baseline: p,
            source: Some(Attribution {
                name: "Customs".into(),
                surface: "customs said".into(),
                person: Some("A. B.".into()),
                organisation: Some("Customs".into()),
            }),
            hedge: Some("estimates".into()),
            confidence: 0.9,
            lang: "en".into(),
        };
        assert_eq!(stored_claim_json(&c).unwrap(), via_value(&c).unwrap());
    }
}
