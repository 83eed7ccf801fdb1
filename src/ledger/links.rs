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
//! article-by-article ingest makes.

use super::neardup;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// Articles read from each band of a new article's signature (the most recent ones).
const CANDIDATES_PER_BAND: usize = 8;
/// Near-duplicates an article is linked to when it is ingested (the most similar ones).
const LINKS_PER_ARTICLE: usize = 8;
/// Rows of one band insert statement.
const BAND_ROWS_PER_INSERT: usize = 64;

/// The links of one transaction's new articles, in the order they are recorded.
#[derive(Default)]
pub(super) struct BatchLinker {
    /// Per band, the most recent stored articles (newest first) as the transaction found them.
    stored: HashMap<i64, Vec<i64>>,
    /// Per band, the batch's articles so far (oldest first).
    added: HashMap<i64, Vec<i64>>,
    /// Signatures of the batch's articles and of the stored candidates read so far.
    signatures: HashMap<i64, Vec<u32>>,
    /// (band, article) rows to write.
    pending: Vec<(i64, i64)>,
}

impl BatchLinker {
    /// Reads, in key order, the stored articles of every band of `signatures` not read yet
    /// (the new articles of the next part of the batch; those found to be known texts cost a
    /// read and nothing else). The batch writes its bands only when it ends, so a band reads
    /// the same whenever it is read: this orders the reads and changes no link.
    pub(super) fn prefetch<'s>(
        &mut self,
        conn: &Connection,
        signatures: impl IntoIterator<Item = &'s [u32]>,
    ) -> rusqlite::Result<()> {
        let mut bands: Vec<i64> = signatures
            .into_iter()
            .flat_map(neardup::bands)
            .filter(|b| !self.stored.contains_key(b))
            .collect();
        bands.sort_unstable();
        bands.dedup();
        let mut candidates = Vec::new();
        for band in bands {
            let ids = stored_of_band(conn, band)?;
            candidates.extend_from_slice(&ids);
            self.stored.insert(band, ids);
        }
        // Every stored candidate is compared with the first article of the batch that has its
        // band (the batch has none of its own there yet), so all of them are read: in id order,
        // one pass along the signature index rather than a seek at random per article.
        candidates.sort_unstable();
        candidates.dedup();
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

    /// The signature of a candidate: the batch's from memory, a stored one from the covering
    /// index (not from the article row, behind its text).
    fn signature_of(&mut self, conn: &Connection, id: i64) -> rusqlite::Result<Option<&[u32]>> {
        if let Entry::Vacant(slot) = self.signatures.entry(id) {
            let blob: Option<Vec<u8>> = conn
                .prepare_cached(
                    "SELECT minhash FROM articles INDEXED BY articles_minhash WHERE id = ?",
                )?
                .query_row([id], |r| r.get(0))
                .optional()?
                .flatten();
            let Some(blob) = blob else {
                return Ok(None);
            };
            slot.insert(neardup::from_blob(&blob));
        }
        Ok(self.signatures.get(&id).map(Vec::as_slice))
    }

    /// Writes the queued bands in key order.
    pub(super) fn finish(mut self, conn: &Connection) -> rusqlite::Result<()> {
        self.pending.sort_unstable();
        for chunk in self.pending.chunks(BAND_ROWS_PER_INSERT) {
            let rows = vec!["(?,?)"; chunk.len()].join(",");
            let mut put = conn.prepare_cached(&format!(
                "INSERT OR IGNORE INTO article_bands (band, article_id) VALUES {rows}"
            ))?;
            let args: Vec<i64> = chunk.iter().flat_map(|(b, a)| [*b, *a]).collect();
            put.execute(rusqlite::params_from_iter(&args))?;
        }
        Ok(())
    }
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
