//! `claimledger ingest`: extract claims from articles and record them in the ledger.
//! All inputs are read (and validated) before the ledger is touched; then the articles go in by
//! batches, each batch one transaction (a killed ingest loses at most the batch in flight, and a
//! rerun skips what is already recorded). A batch closes at `--batch` articles or
//! `--batch-claims` claims, whichever comes first: what a transaction costs grows with its
//! claims, not its articles.

use super::{parse_published, Context};
use claimledger::input::ArticleRecord;
use claimledger::ledger::{Store, Suggester};

/// Articles per ingest transaction at most, by default: fewer commits (the pages a transaction
/// dirties level off as it grows); claims are extracted before the write lock is taken, so
/// readers wait only for SQLite. With the usual 5 to 10 claims an article, a batch closes at
/// about [`claimledger::ledger::BULK_CLAIMS_PER_TX`] claims either way.
const BATCH: u64 = 8192;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Publication date for inputs that carry none.
    #[arg(long, value_parser = parse_published, value_name = "YYYY-MM-DD")]
    pub published: Option<chrono::NaiveDate>,
    /// Outlet name for inputs that carry none.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Skip sentence-embedding link suggestions (overrides `[ledger] suggest_links`).
    #[arg(long)]
    pub no_suggest: bool,
    /// Articles per transaction: a killed ingest loses at most this many, a rerun redoes them.
    #[arg(long, default_value_t = BATCH, value_parser = clap::value_parser!(u64).range(1..), value_name = "N")]
    pub batch: u64,
    /// Claims per transaction at most (a batch closes at whichever limit it reaches first). The
    /// default keeps a transaction to seconds, well under the 30 s another writer waits.
    #[arg(long, default_value_t = claimledger::ledger::BULK_CLAIMS_PER_TX as u64, value_parser = clap::value_parser!(u64).range(1..), value_name = "N")]
    pub batch_claims: u64,
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let records = ctx.load_inputs(&args.inputs)?;
    let mut store = ctx.open_store()?;
    if ctx.settings.suggest_links && !args.no_suggest {
        match Suggester::load(
            &ctx.settings.model_dir,
            ctx.settings.suggest_min_score as f32,
        ) {
            Ok(s) => store.set_suggester(Some(s)),
            Err(e) => tracing::warn!("link suggestions off for this run: {e}"),
        }
    }
    let (mut new_articles, mut claims, mut sightings) = (0, 0, 0);
    let max_articles = usize::try_from(args.batch).unwrap_or(usize::MAX);
    let max_claims = usize::try_from(args.batch_claims).unwrap_or(usize::MAX);
    let mut batch: Vec<(ArticleRecord, Vec<_>)> = Vec::new();
    let mut batch_claims = 0;
    let mut records = records.into_iter().peekable();
    while let Some(mut rec) = records.next() {
        if rec.published.is_none() {
            rec.published = args.published;
        }
        if rec.outlet.is_none() {
            rec.outlet = args.outlet.clone();
        }
        let cs = claimledger::pipeline::extract_claims(&rec, ctx.settings.min_confidence);
        batch_claims += cs.len();
        batch.push((rec, cs));
        let full = batch.len() >= max_articles || batch_claims >= max_claims;
        if !full && records.peek().is_some() {
            continue;
        }
        for o in store.ingest_batch(&batch)? {
            new_articles += usize::from(o.new_article);
            claims += o.new_claims;
            sightings += o.new_sightings;
        }
        batch.clear();
        batch_claims = 0;
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
