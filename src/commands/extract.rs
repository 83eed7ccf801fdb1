//! `claimledger extract`: claims (or, with `--stage quantities`, every recognised figure and
//! time expression) of each INPUT as JSON Lines on stdout. Touches no ledger.

use super::{parse_published, Context};
use claimledger::claims::{
    Approx, Attribution, Claim, ClaimKind, Metric, PeriodRef, RawClaim, RawKind,
};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Stage {
    /// Every quantity and period the recogniser found, with spans.
    Quantities,
    /// Structured claims.
    Claims,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Publication date for resolving "this year", "last month"... (overrides the inputs').
    #[arg(long, value_parser = parse_published, value_name = "YYYY-MM-DD")]
    pub published: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value = "claims")]
    pub stage: Stage,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// `.txt` (first line = headline), `.html`, `.jsonl` article records, an http(s) URL, or `-`.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// A claim as `serde_json::Value` writes it (keys in sorted order, as the JSON Lines output has
/// always had them), written straight from the claim: no map of owned keys and values per line.
#[derive(serde::Serialize)]
struct ClaimLine<'a> {
    approx: Approx,
    article: &'a str,
    baseline: Option<PeriodLine<'a>>,
    confidence: f64,
    counterpart: &'a Option<String>,
    hedge: &'a Option<String>,
    high: Option<f64>,
    item: &'a Option<String>,
    kind: ClaimKind,
    lang: &'a str,
    low: Option<f64>,
    metric: Metric,
    period: Option<PeriodLine<'a>>,
    sentence: &'a str,
    source: Option<SourceLine<'a>>,
    span: [usize; 2],
    subject: &'a Option<String>,
    surface: &'a str,
    unit: &'a str,
    value: f64,
}

#[derive(serde::Serialize)]
struct PeriodLine<'a> {
    end: Option<chrono::NaiveDate>,
    start: Option<chrono::NaiveDate>,
    surface: &'a str,
}

#[derive(serde::Serialize)]
struct SourceLine<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    person: &'a Option<String>,
    surface: &'a str,
}

impl<'a> ClaimLine<'a> {
    fn of(c: &'a Claim) -> ClaimLine<'a> {
        let period = |p: &'a Option<PeriodRef>| {
            p.as_ref().map(|p| PeriodLine {
                end: p.end,
                start: p.start,
                surface: &p.surface,
            })
        };
        // every field by name, so that a field added to `Claim` fails to compile here
        let Claim {
            article,
            surface,
            span,
            sentence,
            kind,
            value,
            low,
            high,
            unit,
            approx,
            metric,
            subject,
            counterpart,
            item,
            period: claim_period,
            baseline,
            source,
            hedge,
            confidence,
            lang,
        } = c;
        ClaimLine {
            approx: *approx,
            article,
            baseline: period(baseline),
            confidence: *confidence,
            counterpart,
            hedge,
            high: *high,
            item,
            kind: *kind,
            lang,
            low: *low,
            metric: *metric,
            period: period(claim_period),
            sentence,
            source: source.as_ref().map(|s| {
                let Attribution {
                    name,
                    surface,
                    person,
                    organisation,
                } = s;
                SourceLine {
                    name,
                    organisation,
                    person,
                    surface,
                }
            }),
            span: *span,
            subject,
            surface,
            unit,
            value: *value,
        }
    }
}

/// A recognised figure or time expression as `serde_json::Value` writes it (the article id and
/// the raw claim's fields, keys in sorted order), written straight from the raw claim.
#[derive(serde::Serialize)]
struct QuantityLine<'a> {
    approx: Approx,
    article: &'a str,
    baseline: bool,
    direction: Option<i8>,
    end: Option<chrono::NaiveDate>,
    high: Option<f64>,
    item: &'a Option<String>,
    kind: RawKind,
    low: Option<f64>,
    span: [usize; 2],
    start: Option<chrono::NaiveDate>,
    surface: &'a str,
    unit: &'a Option<String>,
    vague: bool,
    value: Option<f64>,
}

impl<'a> QuantityLine<'a> {
    fn of(article: &'a str, raw: &'a RawClaim) -> QuantityLine<'a> {
        // every field by name, so that a field added to `RawClaim` fails to compile here
        let RawClaim {
            kind,
            surface,
            span,
            value,
            low,
            high,
            unit,
            approx,
            direction,
            start,
            end,
            baseline,
            vague,
            item,
        } = raw;
        QuantityLine {
            approx: *approx,
            article,
            baseline: *baseline,
            direction: *direction,
            end: *end,
            high: *high,
            item,
            kind: *kind,
            low: *low,
            span: *span,
            start: *start,
            surface,
            unit,
            vague: *vague,
            value: *value,
        }
    }
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let records = ctx.load_inputs(&args.inputs)?;
    let mut values = Vec::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for mut rec in records {
        if args.published.is_some() {
            rec.published = args.published;
        }
        // JSON Lines are written straight from the claims and figures; JSON through `Value`.
        let lines: Vec<serde_json::Value> = match (args.stage, args.format) {
            (Stage::Claims, Format::Jsonl) => {
                for c in claimledger::pipeline::extract_claims(&rec, ctx.settings.min_confidence) {
                    serde_json::to_writer(&mut out, &ClaimLine::of(&c))?;
                    out.write_all(b"\n")?;
                }
                continue;
            }
            (Stage::Quantities, Format::Jsonl) => {
                for raw in claimledger::claims::recognise(&rec.text, rec.published) {
                    serde_json::to_writer(&mut out, &QuantityLine::of(&rec.id, &raw))?;
                    out.write_all(b"\n")?;
                }
                continue;
            }
            (Stage::Quantities, Format::Json) => {
                claimledger::claims::recognise(&rec.text, rec.published)
                    .iter()
                    .map(|raw| serde_json::to_value(QuantityLine::of(&rec.id, raw)))
                    .collect::<Result<_, _>>()?
            }
            (Stage::Claims, Format::Json) => {
                claimledger::pipeline::extract_claims(&rec, ctx.settings.min_confidence)
                    .iter()
                    .map(serde_json::to_value)
                    .collect::<Result<_, _>>()?
            }
        };
        match args.format {
            Format::Jsonl => {
                for v in lines {
                    serde_json::to_writer(&mut out, &v)?;
                    out.write_all(b"\n")?;
                }
            }
            Format::Json => values.extend(lines),
        }
    }
    if args.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &values)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The article records of every sample corpus.
    fn sample_records() -> Vec<claimledger::input::ArticleRecord> {
        [
            "devset",
            "heldout",
            "heldout-b",
            "heldout-c",
            "multi-outlet",
        ]
        .iter()
        .flat_map(|corpus| {
            let path = format!(
                "{}/samples/{corpus}/articles.jsonl",
                env!("CARGO_MANIFEST_DIR")
            );
            claimledger::input::load_path(&path).unwrap()
        })
        .collect()
    }

    /// The claim lines are the bytes `serde_json::Value` wrote for them (sorted keys): claims of
    /// every sample corpus, with and without sources, periods and ranges.
    #[test]
    fn claim_lines_are_what_value_wrote() {
        let same = |c: &Claim| {
            let want = serde_json::to_string(&serde_json::to_value(c).unwrap()).unwrap();
            let got = serde_json::to_string(&ClaimLine::of(c)).unwrap();
            assert_eq!(got, want);
        };
        let mut n = 0;
        let mut last = None;
        for rec in sample_records() {
            for c in claimledger::pipeline::extract_claims(&rec, 0.0) {
                same(&c);
                n += 1;
                last = Some(c);
            }
        }
        assert!(n > 300, "{n} claims");
        // every optional field filled, and a value JSON cannot hold
        let mut c = last.unwrap();
        c.value = f64::NAN;
        c.low = Some(-1.5);
        c.high = Some(f64::INFINITY);
        c.source = Some(Attribution {
            name: "Joseph Webster (Atlantic Council)".into(),
            surface: "according to Joseph Webster".into(),
            person: Some("Joseph Webster".into()),
            organisation: Some("Atlantic Council".into()),
        });
        c.period = Some(PeriodRef {
            start: None,
            end: chrono::NaiveDate::from_ymd_opt(2023, 5, 31),
            surface: "\"until May\"".into(),
        });
        c.baseline = c.period.clone();
        c.hedge = Some("estimates".into());
        same(&c);
    }

    /// The quantity lines are the bytes the flattened `{article, ..raw}` went through
    /// `serde_json::Value` as (sorted keys): every figure and time expression of every sample
    /// corpus, and one with every optional field filled and values JSON cannot hold.
    #[test]
    fn quantity_lines_are_what_value_wrote() {
        #[derive(serde::Serialize)]
        struct Flattened<'a> {
            article: &'a str,
            #[serde(flatten)]
            raw: &'a RawClaim,
        }
        let same = |article: &str, raw: &RawClaim| {
            let old = serde_json::to_value(Flattened { article, raw }).unwrap();
            let want = serde_json::to_string(&old).unwrap();
            let got = serde_json::to_string(&QuantityLine::of(article, raw)).unwrap();
            assert_eq!(got, want);
        };
        let mut n = 0;
        let mut last = None;
        for rec in sample_records() {
            for raw in claimledger::claims::recognise(&rec.text, rec.published) {
                same(&rec.id, &raw);
                n += 1;
                last = Some(raw);
            }
        }
        assert!(n > 900, "{n} figures");
        let mut raw = last.unwrap();
        raw.value = Some(f64::NAN);
        raw.low = Some(-1.5);
        raw.high = Some(f64::INFINITY);
        raw.unit = Some("USD".into());
        raw.direction = Some(-1);
        raw.start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1);
        raw.end = chrono::NaiveDate::from_ymd_opt(2023, 7, 31);
        raw.baseline = true;
        raw.vague = true;
        raw.item = Some("\"front-end\" loaders".into());
        same("id with \u{a0}and \"quotes\"", &raw);
    }
}
