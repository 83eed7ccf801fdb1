//! `claimledger extract`: claims (or, with `--stage quantities`, every recognised figure and
//! time expression) of each INPUT as JSON Lines on stdout. Touches no ledger.

use super::{parse_published, Context};
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

#[derive(serde::Serialize)]
struct QuantityLine<'a> {
    article: &'a str,
    #[serde(flatten)]
    raw: &'a claimledger::claims::RawClaim,
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
        // Serialised through `Value` only for `--format json`; JSON Lines keep the types' field order.
        let lines: Vec<serde_json::Value> = match args.stage {
            Stage::Quantities => claimledger::claims::recognise(&rec.text, rec.published)
                .iter()
                .map(|raw| {
                    serde_json::to_value(QuantityLine {
                        article: &rec.id,
                        raw,
                    })
                })
                .collect::<Result<_, _>>()?,
            Stage::Claims => {
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
