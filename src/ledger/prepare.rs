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
//!
//! Once the writer's transaction has begun, the writer may lend the thread a read-only
//! connection ([`Feed::lend`], [`ReadAhead`]): the thread then also reads what the writer would
//! read before its statements (whether a text is stored, the stored near-duplicate
//! candidates), in key order, chunk by chunk. A read that fails ends the read-ahead and the
//! writer reads for itself, as it does for whatever comes without it.

use super::cluster::Figure;
use super::key::{claim_key, enum_str};
use super::links::{Near, ReadAhead};
use super::neardup;
use super::stored_json::stored_claim_json;
use crate::claims::{Claim, PeriodRef};
use crate::input::ArticleRecord;
use std::sync::mpsc;

/// Articles prepared ahead of the writer at most, but for the batch's size: a part of the
/// batch (see `super::ingest::FIRST_PART`) is prepared while the writer writes the one before.
const AHEAD: usize = 4096;
/// Articles whose reads the thread makes together, in key order: the first chunk, doubling up
/// to the largest.
const FIRST_CHUNK: usize = 64;
const LARGEST_CHUNK: usize = 256;

/// An article as ingest needs it before any statement.
pub(super) struct ArticlePrep {
    pub hash: String,
    pub signature: Vec<u32>,
    pub outlet: String,
    /// Read ahead: the stored article with this text (`Some(None)`: a new text), or `None` when
    /// the thread did not look.
    pub known: Option<Option<i64>>,
    /// Read ahead: near-duplicate candidates this article is the first of its chunk to need.
    pub near: Near,
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
        known: None,
        near: Near::default(),
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

type Prepared = (ArticlePrep, Vec<ClaimPrep>);

/// The batch's articles prepared, one a call to [`Feed::next`], in batch order.
pub(super) struct Feed<'a> {
    next: Box<dyn FnMut() -> Option<Prepared> + 'a>,
    /// Where a read-only connection goes to the thread; `None` once lent or given up.
    lend: Option<mpsc::SyncSender<ReadAhead>>,
}

impl Feed<'_> {
    /// The next article; `None` past the end (or, unreachable, when the preparation thread
    /// ended early). A reader not lent by now will not be: the thread stops waiting for it.
    pub(super) fn next(&mut self) -> Option<Prepared> {
        self.lend = None;
        (self.next)()
    }

    /// Whether the thread would use a reader (a batch prepared in line does not).
    pub(super) fn wants_reader(&self) -> bool {
        self.lend.is_some()
    }

    /// Lends the thread `reader`, whose reads must see what the writer's transaction, begun
    /// before this call, sees. Whether the thread took it.
    pub(super) fn lend(&mut self, reader: ReadAhead) -> bool {
        self.lend
            .take()
            .is_some_and(|lend| lend.send(reader).is_ok())
    }
}

/// Runs `write` with the batch's articles arriving prepared, one by one.
pub(super) fn with_prepared<T>(
    batch: &[(&ArticleRecord, &[Claim])],
    write: impl FnOnce(&mut Feed<'_>) -> T,
) -> T {
    if batch.len() < 2 {
        return in_line(batch, write);
    }
    std::thread::scope(|s| {
        let (ready, arrived) = mpsc::sync_channel(AHEAD.min(batch.len()));
        let (lend, lent) = mpsc::sync_channel(1);
        let helper = std::thread::Builder::new()
            .name("ledger-prepare".into())
            .spawn_scoped(s, move || prepare_all(batch, &ready, &lent));
        let Ok(helper) = helper else {
            return in_line(batch, write);
        };
        let mut feed = Feed {
            next: Box::new(move || arrived.recv().ok()),
            lend: Some(lend),
        };
        let out = write(&mut feed);
        // Unblocks a thread still sending, so the join below cannot wait forever.
        drop(feed);
        if let Err(panic) = helper.join() {
            std::panic::resume_unwind(panic);
        }
        out
    })
}

/// The thread: prepares the batch chunk by chunk and, with a reader, reads ahead for each chunk.
fn prepare_all(
    batch: &[(&ArticleRecord, &[Claim])],
    ready: &mpsc::SyncSender<Prepared>,
    lent: &mpsc::Receiver<ReadAhead>,
) {
    let mut reader: Option<ReadAhead> = None;
    let mut asked = false;
    let (mut rest, mut size) = (batch, FIRST_CHUNK);
    while !rest.is_empty() {
        let (chunk, after) = rest.split_at(size.min(rest.len()));
        (rest, size) = (after, (size * 2).min(LARGEST_CHUNK));
        let mut prepared: Vec<Prepared> = chunk
            .iter()
            .map(|(a, cs)| (article(a), claims(cs)))
            .collect();
        if !asked {
            // Blocks until the writer lends a reader or asks for its first article.
            asked = true;
            reader = lent.recv().ok();
        }
        if let Some(r) = reader.as_mut() {
            if read_ahead(r, &mut prepared).is_err() {
                reader = None;
                for (p, _) in &mut prepared {
                    p.known = None;
                    p.near = Near::default();
                }
            }
        }
        for p in prepared {
            // The writer stopped (an error): so does the preparation.
            if ready.send(p).is_err() {
                return;
            }
        }
    }
}

/// Reads what the writer needs of a chunk: which texts are stored, then the stored
/// near-duplicate candidates of the new ones, all handed with the chunk's first article.
fn read_ahead(reader: &mut ReadAhead, chunk: &mut [Prepared]) -> rusqlite::Result<()> {
    let known = reader.known(chunk.iter().map(|(p, _)| p.hash.as_str()))?;
    for ((p, _), k) in chunk.iter_mut().zip(known) {
        p.known = Some(k);
    }
    let new = chunk
        .iter()
        .filter(|(p, _)| p.known == Some(None))
        .map(|(p, _)| p.signature.as_slice());
    let near = reader.near(new)?;
    if let Some((first, _)) = chunk.first_mut() {
        first.near = near;
    }
    Ok(())
}

fn in_line<T>(batch: &[(&ArticleRecord, &[Claim])], write: impl FnOnce(&mut Feed<'_>) -> T) -> T {
    let mut rest = batch.iter();
    let mut feed = Feed {
        next: Box::new(move || rest.next().map(|(a, cs)| (article(a), claims(cs)))),
        lend: None,
    };
    write(&mut feed)
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
    fn seen(next: &mut Feed<'_>) -> Seen {
        let mut seen = Vec::new();
        while let Some((p, cs)) = next.next() {
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
        let out: Result<(), &str> = with_prepared(&batch, |feed| {
            feed.next();
            Err("the first statement failed")
        });
        assert_eq!(out, Err("the first statement failed"));
    }

    /// A writer that fails before its first article (say, its transaction cannot begin) never
    /// lends a reader nor asks for an article: the thread, waiting for one or the other, must
    /// still stop.
    #[test]
    fn a_writer_that_fails_before_its_first_article_stops_the_preparation() {
        let records: Vec<ArticleRecord> = (0..AHEAD * 2).map(article).collect();
        let batch: Vec<(&ArticleRecord, &[Claim])> = records.iter().map(|a| (a, &[][..])).collect();
        let out: Result<(), &str> = with_prepared(&batch, |_| Err("the database is locked"));
        assert_eq!(out, Err("the database is locked"));
    }
}
