//! `claimledger review`: append a decision, a field correction or a note to a claim's history.
//!
//! ```text
//! claimledger review 12 --status confirmed --note "matches the customs release"
//! claimledger review 12 --correct period_start=2023-01-01 --note "the text says January-July"
//! claimledger review 12 --note "asked the outlet for its source"
//! ```

use super::{Context, UsageError};
use claimledger::ledger::{
    Amendment, LedgerError, ReviewChange, ReviewEvent, ReviewStatus, Store, CORRECTABLE_FIELDS,
};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Claim id (see `claimledger claims list`).
    pub id: i64,
    /// The new status.
    #[arg(long, value_enum, conflicts_with = "correct")]
    pub status: Option<ReviewStatus>,
    /// Correct one field: FIELD=VALUE (an empty VALUE clears an optional field). Export and
    /// `claims show` then give the corrected value and keep the extracted one.
    #[arg(long, value_name = "FIELD=VALUE")]
    pub correct: Option<String>,
    /// A note (alone: recorded without changing anything else).
    #[arg(long)]
    pub note: Option<String>,
    /// Reviewer name (default: $USER).
    #[arg(long)]
    pub by: Option<String>,
    /// Refuse if the claim's history is no longer at this version (someone else acted since).
    #[arg(long, value_name = "N")]
    pub expect_version: Option<i64>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let mut store = ctx.open_existing_store()?;
    let by = args
        .by
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".into());
    let result = if let Some(to) = args.status {
        store.review(
            args.id,
            &ReviewChange {
                to,
                by,
                note: args.note,
                expected_version: args.expect_version,
            },
        )
    } else if args.correct.is_some() || args.note.is_some() {
        let correction = match &args.correct {
            Some(c) => Some(parse_correction(c)?),
            None => None,
        };
        store.amend(
            args.id,
            &Amendment {
                by,
                note: args.note,
                correction,
                expected_version: args.expect_version,
            },
        )
    } else {
        return Err(UsageError("give --status, --correct FIELD=VALUE or --note".into()).into());
    };
    match result {
        Ok(ev) => {
            println!("{}", describe(&ev));
            Ok(())
        }
        Err(LedgerError::NoSuchClaim(id)) => {
            Err(UsageError(format!("no claim with id {id}")).into())
        }
        Err(LedgerError::InvalidAmendment(why)) => Err(UsageError(why).into()),
        Err(e) => Err(e.into()),
    }
}

fn parse_correction(s: &str) -> Result<(String, String), UsageError> {
    let Some((field, value)) = s.split_once('=') else {
        return Err(UsageError(format!(
            "--correct {s:?}: expected FIELD=VALUE, FIELD one of {}",
            CORRECTABLE_FIELDS.join(", ")
        )));
    };
    let field = field.trim();
    if !CORRECTABLE_FIELDS.contains(&field) {
        return Err(UsageError(format!(
            "--correct: {field:?} cannot be corrected; fields: {}",
            CORRECTABLE_FIELDS.join(", ")
        )));
    }
    Ok((field.to_string(), value.to_string()))
}

fn describe(ev: &ReviewEvent) -> String {
    let what = match &ev.correction {
        Some(c) => format!(
            "{} corrected: {} -> {}",
            c.field,
            c.from.as_deref().unwrap_or("-"),
            c.to.as_deref().unwrap_or("-")
        ),
        None if ev.from == ev.to && !ev.kind.is_status() => "note added".to_string(),
        None => format!("{} -> {}", ev.from.as_str(), ev.to.as_str()),
    };
    format!(
        "claim {}: {what} (review #{}, by {})",
        ev.claim_id, ev.seq, ev.by
    )
}
