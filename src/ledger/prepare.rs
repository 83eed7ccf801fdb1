//! What ingest computes without the database, on a thread beside the writer.
//!
//! ```text
//! preparation thread: article 1, 2, .. 128 | 129, .. 384 | 385, .. 896 | ..
//!                                  \ (bounded channel)
//! writer:                   lookups, prefetch | statements of 1 .. 128, lookups, prefetch | ..
//! ```
//! Per article: content hash, MinHash signature, outlet; per claim: key, figure, stored JSON,
//! enum names and period dates. None of it depends on what the ledger holds, so the writer
//! only runs statements while the next articles are prepared. A batch of one article (a crawled
//! page, a CLI ingest of one record) is prepared in line. The preparation cannot fail (a claim
//! whose JSON cannot be written carries its error to the writer, which reports it where it
//! always did); a panic of the thread is resumed in the caller.

use super::ingest::Figure;
use super::key::{claim_key, enum_str};
use super::neardup;
use super::stored_json::stored_claim_json;
use crate::claims::{Claim, PeriodRef};
use crate::input::ArticleRecord;
use std::sync::mpsc;

/// Articles prepared ahead of the writer at most, but for the batch's size: a part of the
/// batch (see `super::ingest::FIRST_PART`) is prepared while the writer writes the one before.
const AHEAD: usize = 4096;

/// An article as ingest needs it before any statement.
pub(super) struct ArticlePrep {
    pub hash: String,
    pub signature: Vec<u32>,
    pub outlet: String,
}

/// A claim as its statements need it.
pub(super) struct ClaimPrep {
    pub key: String,
    pub fig: Figure,
    pub json: serde_json::Result<String>,
    pub kind: String,
    pub approx: String,
    pub metric: String,
    /// Start and end of the period, then of the baseline.
    pub dates: [Option<String>; 4],
}

fn outlet_of(a: &ArticleRecord) -> String {
    a.outlet
        .clone()
        .or_else(|| a.url.clone())
        .unwrap_or_else(|| a.id.clone())
}

fn date(p: &Option<PeriodRef>, end: bool) -> Option<String> {
    p.as_ref()
        .and_then(|p| if end { p.end } else { p.start })
        .map(|d| d.to_string())
}

pub(super) fn article(a: &ArticleRecord) -> ArticlePrep {
    ArticlePrep {
        hash: super::content_hash(&a.text),
        signature: neardup::signature(&a.text),
        outlet: outlet_of(a),
    }
}

pub(super) fn claim(c: &Claim) -> ClaimPrep {
    ClaimPrep {
        key: claim_key(c),
        fig: Figure::of(c),
        json: stored_claim_json(c),
        kind: enum_str(&c.kind),
        approx: enum_str(&c.approx),
        metric: enum_str(&c.metric),
        dates: [
            date(&c.period, false),
            date(&c.period, true),
            date(&c.baseline, false),
            date(&c.baseline, true),
        ],
    }
}

fn claims(cs: &[Claim]) -> Vec<ClaimPrep> {
    cs.iter().map(claim).collect()
}

/// The batch's articles prepared, one a call, in batch order; `None` past the end (or,
/// unreachable, when the preparation thread ended early).
pub(super) type Next<'a> = dyn FnMut() -> Option<(ArticlePrep, Vec<ClaimPrep>)> + 'a;

/// Runs `write` with the batch's articles arriving prepared, one by one.
pub(super) fn with_prepared<T>(
    batch: &[(&ArticleRecord, &[Claim])],
    write: impl FnOnce(&mut Next<'_>) -> T,
) -> T {
    if batch.len() < 2 {
        return in_line(batch, write);
    }
    std::thread::scope(|s| {
        let (ready, arrived) = mpsc::sync_channel(AHEAD.min(batch.len()));
        let helper = std::thread::Builder::new()
            .name("ledger-prepare".into())
            .spawn_scoped(s, move || {
                for (a, cs) in batch {
                    // The writer stopped (an error): so does the preparation.
                    if ready.send((article(a), claims(cs))).is_err() {
                        return;
                    }
                }
            });
        let Ok(helper) = helper else {
            return in_line(batch, write);
        };
        let out = write(&mut || arrived.recv().ok());
        // Unblocks a thread still sending, so the join below cannot wait forever.
        drop(arrived);
        if let Err(panic) = helper.join() {
            std::panic::resume_unwind(panic);
        }
        out
    })
}

fn in_line<T>(batch: &[(&ArticleRecord, &[Claim])], write: impl FnOnce(&mut Next<'_>) -> T) -> T {
    let mut rest = batch.iter();
    write(&mut || rest.next().map(|(a, cs)| (article(a), claims(cs))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(i: usize) -> ArticleRecord {
        ArticleRecord {
            id: format!("a{i}"),
            url: (i % 2 == 0).then(|| format!("https://example.com/{i}")),
            title: None,
            published: None,
            author: None,
            outlet: (i % 3 == 0).then(|| "Outlet".to_string()),
            lang: None,
            source_line: None,
            text: format!("Exports rose to {i} billion dollars in the year to March."),
        }
    }

    type Seen = Vec<(String, Vec<u32>, String, usize)>;

    /// What `write` is handed: the article preparations and their numbers of claims.
    fn seen(next: &mut Next<'_>) -> Seen {
        let mut seen = Vec::new();
        while let Some((p, cs)) = next() {
            seen.push((p.hash, p.signature, p.outlet, cs.len()));
        }
        seen
    }

    #[test]
    fn the_thread_prepares_what_the_writer_would_in_line() {
        let records: Vec<ArticleRecord> = (0..7).map(article).collect();
        let batch: Vec<(&ArticleRecord, &[Claim])> = records.iter().map(|a| (a, &[][..])).collect();
        let threaded = with_prepared(&batch, seen);
        let alone = in_line(&batch, seen);
        assert_eq!(threaded, alone);
        assert_eq!(threaded.len(), 7);
        assert_eq!(threaded[2].2, "https://example.com/2");
    }

    /// A writer that fails at the first article drops its end of the channel: the thread, ahead
    /// by at most `AHEAD` articles, stops instead of waiting for ever.
    #[test]
    fn a_writer_that_stops_early_stops_the_preparation() {
        let records: Vec<ArticleRecord> = (0..AHEAD * 3).map(article).collect();
        let batch: Vec<(&ArticleRecord, &[Claim])> = records.iter().map(|a| (a, &[][..])).collect();
        let out: Result<(), &str> = with_prepared(&batch, |next| {
            next();
            Err("the first statement failed")
        });
        assert_eq!(out, Err("the first statement failed"));
    }
}
