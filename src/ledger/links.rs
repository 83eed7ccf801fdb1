//! Same-origin links of the new articles of one ingest transaction.
//!
//! ```text
//! new articles --signature--> 16 band keys each --sorted lookups (once a band)--> candidates
//!   + the batch's earlier articles (in memory) --similarity--> article_links; bands written sorted
//! ```
//! Each band key gives the most recent articles that share it; an article is linked to the most
//! similar of them. Looking every article's bands up on its own cost 16 randomly placed seeks
//! into `article_bands` and 16 randomly placed inserts (a seventh of ingest at a million
//! claims). Here the bands of the whole batch are read once each, in key order, before the
//! batch writes any, and written once, in key order, when it ends. The batch's own articles are
//! candidates of its later ones from memory; they have larger ids than every stored article, so
//! "the most recent" is the batch's first, then the stored ones: the links are those
//! article-by-article ingest makes. In a transaction of its own, the stored bands and
//! candidates' signatures are read on the preparation thread instead ([`ReadAhead`]), and the
//! writer only takes them ([`BatchLinker::know`]).

use super::ingest::article_with_text;
use super::neardup;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};

/// Articles read from each band of a new article's signature (the most recent ones).
const CANDIDATES_PER_BAND: usize = 8;
/// Near-duplicates an article is linked to when it is ingested (the most similar ones).
const LINKS_PER_ARTICLE: usize = 8;
/// Rows of one band insert statement.
const BAND_ROWS_PER_INSERT: usize = 64;
/// Signatures the store keeps between transactions (~1.2 MB).
const CACHED_SIGNATURES: usize = 4096;

/// Signatures of the articles the last transactions recorded or read, kept by the store between
/// transactions. A band's candidates are its most recent articles, so the next transactions ask
/// for the same signatures again (a crawl records one page a transaction, and every page of a
/// site shares its boilerplate's bands): each was an index seek. Bounded, oldest out first.
///
/// An article's signature never changes once stored, so an entry is right as long as its id
/// names the same article. SQLite gives an undone row's id again, so the store tells the cache
/// when a write transaction begins, commits, or is undone in part, and the cache forgets
/// everything whenever what it holds may have been undone.
#[derive(Default)]
pub(crate) struct SignatureCache {
    signatures: HashMap<i64, Vec<u32>>,
    /// Ids in the order they came in, for eviction.
    order: VecDeque<i64>,
    /// A transaction began that has not been seen to commit: what it recorded may yet be
    /// undone (SQLite undoes a whole group after a full disk, say).
    uncommitted: bool,
}

impl SignatureCache {
    fn clear(&mut self) {
        self.signatures.clear();
        self.order.clear();
    }

    /// A write transaction of the store's own begins. A transaction before it that was not
    /// seen to commit may have been undone: forget everything.
    pub(crate) fn transaction_begins(&mut self) {
        if self.uncommitted {
            self.clear();
        }
        self.uncommitted = true;
    }

    /// Writes go into a transaction already open (a crawl's group): they are sure once it
    /// commits.
    pub(crate) fn inside_transaction(&mut self) {
        self.uncommitted = true;
    }

    /// The open transaction committed: everything held names a stored article.
    pub(crate) fn committed(&mut self) {
        self.uncommitted = false;
    }

    /// Part of the open transaction was undone (or the whole of it, or it failed to commit):
    /// ids of articles it recorded will be given again.
    pub(crate) fn undone(&mut self) {
        self.clear();
    }

    fn get(&self, id: i64) -> Option<&Vec<u32>> {
        self.signatures.get(&id)
    }

    fn put(&mut self, id: i64, signature: Vec<u32>) {
        if self.signatures.insert(id, signature).is_none() {
            self.order.push_back(id);
        }
        while self.order.len() > CACHED_SIGNATURES {
            if let Some(old) = self.order.pop_front() {
                self.signatures.remove(&old);
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.signatures.len()
    }
}

/// The links of one transaction's new articles, in the order they are recorded.
#[derive(Default)]
pub(super) struct BatchLinker {
    /// Per band, the most recent stored articles (newest first) as the transaction found them.
    stored: HashMap<i64, Vec<i64>>,
    /// Per band, the batch's articles so far (oldest first).
    added: HashMap<i64, Vec<i64>>,
    /// Signatures of the batch's articles and of the stored candidates read so far.
    signatures: HashMap<i64, Vec<u32>>,
    /// Signatures known from earlier transactions; takes the batch's in when it ends.
    cache: SignatureCache,
    /// (band, article) rows to write.
    pending: Vec<(i64, i64)>,
}

impl BatchLinker {
    /// A linker for one transaction that knows the signatures in `cache` without reading them;
    /// [`finish`](Self::finish) gives the cache back with the batch's in it.
    pub(super) fn with_cache(cache: SignatureCache) -> BatchLinker {
        BatchLinker {
            cache,
            ..BatchLinker::default()
        }
    }

    /// Takes what the preparation thread read ahead (see [`ReadAhead`]): the stored articles of
    /// bands and the signatures of stored candidates. What it holds already stays.
    pub(super) fn know(&mut self, found: Near) {
        for (band, ids) in found.bands {
            self.stored.entry(band).or_insert(ids);
        }
        for (id, signature) in found.signatures {
            self.signatures.entry(id).or_insert(signature);
        }
    }

    /// Reads, in key order, the stored articles of every band of `signatures` not read yet
    /// (the new articles of the next part of the batch; those found to be known texts cost a
    /// read and nothing else). The batch writes its bands only when it ends, so a band reads
    /// the same whenever it is read: this orders the reads and changes no link.
    pub(super) fn prefetch<'s>(
        &mut self,
        conn: &Connection,
        signatures: impl IntoIterator<Item = &'s [u32]>,
    ) -> rusqlite::Result<()> {
        let (bands, candidates) = read_bands(conn, signatures, |b| self.stored.contains_key(b))?;
        self.stored.extend(bands);
        // Every stored candidate is compared with the first article of the batch that has its
        // band (the batch has none of its own there yet), so all of them are read: in id order,
        // one pass along the signature index rather than a seek at random per article.
        for id in candidates {
            self.signature_of(conn, id)?;
        }
        Ok(())
    }

    /// Links the just-recorded article `article_id` to its most similar recent articles and
    /// queues its bands.
    pub(super) fn link(
        &mut self,
        conn: &Connection,
        article_id: i64,
        sig: Vec<u32>,
    ) -> rusqlite::Result<()> {
        let bands = neardup::bands(&sig);
        let mut candidates: Vec<i64> = Vec::new();
        for band in &bands {
            if !self.stored.contains_key(band) {
                let ids = stored_of_band(conn, *band)?;
                self.stored.insert(*band, ids);
            }
            let ours = self.added.get(band).map_or(&[][..], Vec::as_slice);
            let stored = self.stored.get(band).map_or(&[][..], Vec::as_slice);
            candidates.extend(
                ours.iter()
                    .rev()
                    .chain(stored)
                    .take(CANDIDATES_PER_BAND)
                    .copied(),
            );
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut similar: Vec<(f64, i64)> = Vec::new();
        for other in candidates {
            if other == article_id {
                continue;
            }
            let Some(theirs) = self.signature_of(conn, other)? else {
                continue;
            };
            let sim = neardup::similarity(&sig, theirs);
            if sim >= neardup::SAME_ORIGIN_MIN_SIMILARITY {
                similar.push((sim, other));
            }
        }
        similar.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        similar.truncate(LINKS_PER_ARTICLE);
        let mut put = conn.prepare_cached(
            "INSERT OR IGNORE INTO article_links (a, b, similarity) VALUES (?,?,?)",
        )?;
        for (sim, other) in similar {
            put.execute(params![other.min(article_id), other.max(article_id), sim])?;
        }
        for band in bands {
            let ours = self.added.entry(band).or_default();
            if ours.last() != Some(&article_id) {
                ours.push(article_id);
                self.pending.push((band, article_id));
            }
        }
        self.signatures.insert(article_id, sig);
        Ok(())
    }

    /// The signature of a candidate: the batch's from memory, a stored one from the cache or the
    /// covering index (not from the article row, behind its text).
    fn signature_of(&mut self, conn: &Connection, id: i64) -> rusqlite::Result<Option<&[u32]>> {
        if let Entry::Vacant(slot) = self.signatures.entry(id) {
            if let Some(known) = self.cache.get(id) {
                slot.insert(known.clone());
                return Ok(self.signatures.get(&id).map(Vec::as_slice));
            }
            let Some(signature) = stored_signature(conn, id)? else {
                return Ok(None);
            };
            slot.insert(signature);
        }
        Ok(self.signatures.get(&id).map(Vec::as_slice))
    }

    /// Writes the queued bands in key order. Returns the cache with the batch's signatures in
    /// it (newest kept), for the store to keep once the transaction commits.
    pub(super) fn finish(mut self, conn: &Connection) -> rusqlite::Result<SignatureCache> {
        self.pending.sort_unstable();
        for chunk in self.pending.chunks(BAND_ROWS_PER_INSERT) {
            let rows = vec!["(?,?)"; chunk.len()].join(",");
            let mut put = conn.prepare_cached(&format!(
                "INSERT OR IGNORE INTO article_bands (band, article_id) VALUES {rows}"
            ))?;
            let args: Vec<i64> = chunk.iter().flat_map(|(b, a)| [*b, *a]).collect();
            put.execute(rusqlite::params_from_iter(&args))?;
        }
        let mut known: Vec<(i64, Vec<u32>)> = self.signatures.into_iter().collect();
        known.sort_unstable_by_key(|(id, _)| *id);
        for (id, signature) in known {
            self.cache.put(id, signature);
        }
        Ok(self.cache)
    }
}

/// What the preparation thread read of the stored near-duplicate candidates of some articles.
#[derive(Default)]
pub(super) struct Near {
    /// Bands and their stored articles (newest first, as [`stored_of_band`] gives them).
    pub bands: Vec<(i64, Vec<i64>)>,
    /// Signatures of the stored articles among them.
    pub signatures: Vec<(i64, Vec<u32>)>,
}

/// Reads on the preparation thread, through a read-only connection of its own, what the
/// writer would otherwise read before its statements: whether each text is stored already, and
/// the stored near-duplicate candidates of the new ones.
///
/// Only while the writer holds an IMMEDIATE transaction of its own, opened before the first
/// read here: no other writer can commit until it ends, and the writer writes no band before
/// the batch ends and no article whose text the batch has not recorded itself (it keeps those
/// in memory), so what this connection reads is what the writer would read, wherever it is in
/// the batch. Each band and signature is read once a batch, in key order within a chunk.
pub(super) struct ReadAhead {
    conn: Connection,
    bands: std::collections::HashSet<i64>,
    signatures: std::collections::HashSet<i64>,
}

/// The reader's page cache (KiB): the band index and signatures are read once a batch, in key
/// order, so a small cache does.
const READ_AHEAD_CACHE_KIB: i64 = 16 * 1024;

impl ReadAhead {
    /// A read-only connection to the ledger file `conn` has open; `None` for an in-memory
    /// ledger or when it cannot be opened (the writer then reads for itself).
    pub(super) fn open(conn: &Connection) -> Option<ReadAhead> {
        let path = conn.path().filter(|p| !p.is_empty())?;
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let reader = Connection::open_with_flags(path, flags).ok()?;
        reader
            .busy_timeout(std::time::Duration::from_secs(30))
            .ok()?;
        reader
            .pragma_update(None, "cache_size", -READ_AHEAD_CACHE_KIB)
            .ok()?;
        // One read transaction for all the reads (the snapshot the writer's lock keeps anyway):
        // each statement on its own would take and drop the shared-memory read lock.
        reader.execute_batch("BEGIN").ok()?;
        Some(ReadAhead {
            conn: reader,
            bands: Default::default(),
            signatures: Default::default(),
        })
    }

    /// The stored article of each content hash (`None`: a new text).
    pub(super) fn known<'h>(
        &self,
        hashes: impl IntoIterator<Item = &'h str>,
    ) -> rusqlite::Result<Vec<Option<i64>>> {
        hashes
            .into_iter()
            .map(|h| article_with_text(&self.conn, h))
            .collect()
    }

    /// The stored articles of the bands of `signatures` not read yet this batch, and the
    /// signatures of those articles not read yet.
    pub(super) fn near<'s>(
        &mut self,
        signatures: impl IntoIterator<Item = &'s [u32]>,
    ) -> rusqlite::Result<Near> {
        let (bands, candidates) = read_bands(&self.conn, signatures, |b| self.bands.contains(b))?;
        self.bands.extend(bands.iter().map(|(band, _)| *band));
        let mut found = Near {
            bands,
            signatures: Vec::new(),
        };
        for id in candidates {
            if self.signatures.insert(id) {
                if let Some(signature) = stored_signature(&self.conn, id)? {
                    found.signatures.push((id, signature));
                }
            }
        }
        Ok(found)
    }
}

/// The stored articles of each band of `signatures` not `read` yet, in key order, and all those
/// articles, in id order.
#[allow(clippy::type_complexity)]
fn read_bands<'s>(
    conn: &Connection,
    signatures: impl IntoIterator<Item = &'s [u32]>,
    read: impl Fn(&i64) -> bool,
) -> rusqlite::Result<(Vec<(i64, Vec<i64>)>, Vec<i64>)> {
    let mut bands: Vec<i64> = signatures
        .into_iter()
        .flat_map(neardup::bands)
        .filter(|b| !read(b))
        .collect();
    bands.sort_unstable();
    bands.dedup();
    let mut found = Vec::with_capacity(bands.len());
    let mut articles = Vec::new();
    for band in bands {
        let ids = stored_of_band(conn, band)?;
        articles.extend_from_slice(&ids);
        found.push((band, ids));
    }
    articles.sort_unstable();
    articles.dedup();
    Ok((found, articles))
}

/// A stored article's signature, from the covering index (not from the article row, behind
/// its text); `None` for an article without one.
fn stored_signature(conn: &Connection, id: i64) -> rusqlite::Result<Option<Vec<u32>>> {
    let blob: Option<Vec<u8>> = conn
        .prepare_cached("SELECT minhash FROM articles INDEXED BY articles_minhash WHERE id = ?")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(blob.map(|b| neardup::from_blob(&b)))
}

/// The most recent stored articles of a band, newest first. A band every page of a site shares
/// (boilerplate) gives only these: ingest never becomes quadratic in the pages of a site.
fn stored_of_band(conn: &Connection, band: i64) -> rusqlite::Result<Vec<i64>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT article_id FROM article_bands WHERE band = ? ORDER BY article_id DESC \
         LIMIT {CANDIDATES_PER_BAND}"
    ))?;
    let rows = st.query_map([band], |r| r.get(0))?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keeps_the_newest_signatures_and_forgets_the_oldest() {
        let mut cache = SignatureCache::default();
        for id in 0..(CACHED_SIGNATURES as i64 + 10) {
            cache.put(id, vec![id as u32; 2]);
        }
        assert_eq!(cache.len(), CACHED_SIGNATURES);
        assert!(cache.get(9).is_none());
        assert_eq!(cache.get(10), Some(&vec![10, 10]));
        // The same id again replaces its signature and keeps its place.
        cache.put(10, vec![7]);
        assert_eq!(cache.len(), CACHED_SIGNATURES);
        assert_eq!(cache.get(10), Some(&vec![7]));
        cache.undone();
        assert_eq!(cache.len(), 0);
    }
}
