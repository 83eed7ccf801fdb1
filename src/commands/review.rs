//! `claimledger review`: append a review decision to a claim's history.

use super::{Context, UsageError};
use claimledger::ledger::{LedgerError, ReviewChange, ReviewStatus, Store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Claim id (see `claimledger claims list`).
    pub id: i64,
    #[arg(long, value_enum)]
    pub status: ReviewStatus,
    #[arg(long)]
    pub note: Option<String>,
    /// Reviewer name (default: $USER).
    #[arg(long)]
    pub by: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let mut store = ctx.open_existing_store()?;
    let by = args
        .by
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".into());
    let change = ReviewChange {
        to: args.status,
        by,
        note: args.note,
        expected_version: None,
    };
    match store.review(args.id, &change) {
        Ok(ev) => {
            println!(
                "claim {}: {} -> {} (review #{}, by {})",
                ev.claim_id,
                ev.from.as_str(),
                ev.to.as_str(),
                ev.seq,
                ev.by
            );
            Ok(())
        }
        Err(LedgerError::NoSuchClaim(id)) => {
            Err(UsageError(format!("no claim with id {id}")).into())
        }
        Err(e) => Err(e.into()),
    }
}
