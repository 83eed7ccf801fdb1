//! What ingest computes without the database, on a thread beside the writer.
//!
//! ```text
//! preparation thread: signatures of the batch's second half | claims of article 1, 2, 3, ..
//!                                   \ (one message)                 \ (bounded channel)
//! writer:   signatures of the first half, lookups | prefetch | statements of article 1, 2, ..
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

/// Articles of claims prepared ahead of the writer at most.
const CLAIMS_AHEAD: usize = 64;

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

/// The claims of the batch's articles, one article a call, in batch order; `None` past the
/// end (or, unreachable, when the preparation thread ended early).
pub(super) type NextClaims<'a> = dyn FnMut() -> Option<Vec<ClaimPrep>> + 'a;

/// Runs `write` with the batch's articles prepared and its claims arriving article by article.
pub(super) fn with_prepared<T>(
    batch: &[(&ArticleRecord, &[Claim])],
    write: impl FnOnce(Vec<ArticlePrep>, &mut NextClaims<'_>) -> T,
) -> T {
    if batch.len() < 2 {
        return in_line(batch, write);
    }
    let mid = batch.len() / 2;
    std::thread::scope(|s| {
        let (articles_tx, articles_rx) = mpsc::sync_channel(1);
        let (claims_tx, claims_rx) = mpsc::sync_channel(CLAIMS_AHEAD);
        let helper = std::thread::Builder::new()
            .name("ledger-prepare".into())
            .spawn_scoped(s, move || {
                let second: Vec<ArticlePrep> =
                    batch[mid..].iter().map(|(a, _)| article(a)).collect();
                if articles_tx.send(second).is_err() {
                    return;
                }
                for (_, cs) in batch {
                    // The writer stopped (an error): so does the preparation.
                    if claims_tx.send(claims(cs)).is_err() {
                        return;
                    }
                }
            });
        let Ok(helper) = helper else {
            return in_line(batch, write);
        };
        let mut articles: Vec<ArticlePrep> = batch[..mid].iter().map(|(a, _)| article(a)).collect();
        if let Ok(second) = articles_rx.recv() {
            articles.extend(second);
        }
        let out = write(articles, &mut || claims_rx.recv().ok());
        // Unblocks a thread still sending, so the join below cannot wait forever.
        drop(claims_rx);
        if let Err(panic) = helper.join() {
            std::panic::resume_unwind(panic);
        }
        out
    })
}

fn in_line<T>(
    batch: &[(&ArticleRecord, &[Claim])],
    write: impl FnOnce(Vec<ArticlePrep>, &mut NextClaims<'_>) -> T,
) -> T {
    let articles = batch.iter().map(|(a, _)| article(a)).collect();
    let mut rest = batch.iter();
    write(articles, &mut || rest.next().map(|(_, cs)| claims(cs)))
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

    type Seen = (Vec<(String, Vec<u32>, String)>, usize);

    /// What `write` is handed: the article preparations and the number of claim messages.
    fn seen(articles: Vec<ArticlePrep>, next: &mut NextClaims<'_>) -> Seen {
        let mut n = 0;
        while next().is_some() {
            n += 1;
        }
        let a = articles
            .into_iter()
            .map(|p| (p.hash, p.signature, p.outlet))
            .collect();
        (a, n)
    }

    #[test]
    fn the_thread_prepares_what_the_writer_would_in_line() {
        let records: Vec<ArticleRecord> = (0..7).map(article).collect();
        let batch: Vec<(&ArticleRecord, &[Claim])> = records.iter().map(|a| (a, &[][..])).collect();
        let threaded = with_prepared(&batch, seen);
        let alone = in_line(&batch, seen);
        assert_eq!(threaded, alone);
        assert_eq!(threaded.1, 7);
        assert_eq!(threaded.0[2].2, "https://example.com/2");
    }

    /// A writer that fails at the first article drops its end of the channel: the thread, ahead
    /// by at most `CLAIMS_AHEAD` articles, stops instead of waiting for ever.
    #[test]
    fn a_writer_that_stops_early_stops_the_preparation() {
        let records: Vec<ArticleRecord> = (0..CLAIMS_AHEAD * 3).map(article).collect();
        let batch: Vec<(&ArticleRecord, &[Claim])> = records.iter().map(|a| (a, &[][..])).collect();
        let out: Result<(), &str> = with_prepared(&batch, |_, next| {
            next();
            Err("the first statement failed")
        });
        assert_eq!(out, Err("the first statement failed"));
    }
}
