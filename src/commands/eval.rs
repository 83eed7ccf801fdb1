//! `claimledger eval`: extract claims from INPUTs and score them against gold claims with the
//! matching rule of the gold format (kind + unit agree, value within 1% or ranges agree).
//!
//! Gold `article` ids are matched to inputs by record id, path or file stem.

use super::{parse_published, Context, UsageError};
use claimledger::claims::{score, Claim};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gold claims (JSON Lines, the format of the shared dev README).
    #[arg(long, value_name = "GOLD.jsonl")]
    pub gold: PathBuf,
    /// Publication date for inputs that carry none.
    #[arg(long, value_parser = parse_published, value_name = "YYYY-MM-DD")]
    pub published: Option<chrono::NaiveDate>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let gold = score::load_gold(&args.gold).map_err(|e| UsageError(e.to_string()))?;
    let gold_ids: std::collections::BTreeSet<String> =
        gold.iter().map(|g| g.article.clone()).collect();
    let records = ctx.load_inputs(&args.inputs)?;
    let mut predicted: Vec<Claim> = Vec::new();
    for mut rec in records {
        if rec.published.is_none() {
            rec.published = args.published;
        }
        let id =
            gold_id_for(&rec.id, &gold_ids, args.inputs.len()).unwrap_or_else(|| rec.id.clone());
        for mut c in claimledger::pipeline::extract_claims(&rec, ctx.settings.min_confidence) {
            c.article = id.clone();
            predicted.push(c);
        }
    }
    let report = score::score(&predicted, &gold);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{report}")?;
    }
    Ok(())
}

/// The gold id an input stands for: equal to its id, its file stem, or the only gold article
/// when a single input is scored.
fn gold_id_for(
    id: &str,
    gold: &std::collections::BTreeSet<String>,
    inputs: usize,
) -> Option<String> {
    if gold.contains(id) {
        return Some(id.to_string());
    }
    let stem = Path::new(id)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(id);
    if gold.contains(stem) {
        return Some(stem.to_string());
    }
    if inputs == 1 && gold.len() == 1 {
        return gold.iter().next().cloned();
    }
    gold.iter().find(|g| stem.starts_with(g.as_str())).cloned()
}
