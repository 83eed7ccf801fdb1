//! `claimledger check`: verifies the ledger's integrity and invariants.

use super::Context;
use claimledger::ledger::Store;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Context, _args: Args) -> anyhow::Result<()> {
    let store = ctx.open_existing_store()?;
    let problems = store.check()?;
    let stats = store.stats()?;
    if problems.is_empty() {
        println!(
            "ok: {} articles, {} claims, {} sightings, {} in conflict, {} reviewed (schema v{})",
            stats.articles,
            stats.claims,
            stats.sightings,
            stats.conflicts,
            stats.reviewed,
            store.schema_version()?
        );
        Ok(())
    } else {
        for p in &problems {
            println!("problem: {p}");
        }
        anyhow::bail!(
            "{} integrity problems in {}",
            problems.len(),
            ctx.ledger_path().display()
        )
    }
}
