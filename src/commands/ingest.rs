//! `claimledger ingest`: extract claims from articles and record them in the ledger.
//! All inputs are read (and validated) before the ledger is touched.

use super::{parse_published, Context};
use claimledger::ledger::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Publication date for inputs that carry none.
    #[arg(long, value_parser = parse_published, value_name = "YYYY-MM-DD")]
    pub published: Option<chrono::NaiveDate>,
    /// Outlet name for inputs that carry none.
    #[arg(long)]
    pub outlet: Option<String>,
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let records = ctx.load_inputs(&args.inputs)?;
    let mut store = ctx.open_store()?;
    let (mut new_articles, mut claims, mut sightings) = (0, 0, 0);
    for mut rec in records {
        if rec.published.is_none() {
            rec.published = args.published;
        }
        if rec.outlet.is_none() {
            rec.outlet = args.outlet.clone();
        }
        let o = claimledger::pipeline::ingest_record(&mut store, &rec, ctx.settings.min_confidence)?;
        new_articles += usize::from(o.new_article);
        claims += o.new_claims;
        sightings += o.new_sightings;
    }
    let stats = store.stats()?;
    eprintln!(
        "ingested: {new_articles} new articles, {claims} new claims, {sightings} new sightings \
         (ledger {}: {} articles, {} claims)",
        ctx.ledger_path().display(),
        stats.articles,
        stats.claims
    );
    Ok(())
}
