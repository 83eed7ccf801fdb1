//! Ingest: one article (or a batch) in one IMMEDIATE transaction.
//!
//! ```text
//! ArticleRecord --content hash--> articles (a known text changes nothing) --MinHash--> article_links
//! Claim --claim_key--> key --Figure (value, precision)--> claims row (the entry) + sightings row
//! ```
//! An entry is a cluster of figures under one key. The clusters are a function of the *set* of
//! figures seen, never of the order they came in: figures are taken most precise first (then
//! smallest value), and each joins the first representative it agrees with, else founds an entry.
//! A new figure that joins an existing representative changes nothing else (the fast path, one
//! range read of the key index). One that founds an entry usually stands beside the others as a
//! conflict (a read of the key index and, for the few entries within reach, of their figures in
//! the sightings index). When it would pull figures over from another entry, it usually just
//! refines that entry (a more precise telling of its figure: [`takeover`], one entry update);
//! anything else re-clusters the key (the slow path). None of this grows with the number of
//! sightings of the key, and only the rare slow path touches every entry of it. An entry left empty is deleted, or
//! kept as a tombstone (`merged_into`) when reviewers have already spoken about it.
//!
//! Derived state (sighting and outlet counts, conflict flag, review status) lives in the claims row
//! and is maintained in the same transaction, so listing a million claims reads one table;
//! `claimledger check` recomputes it from scratch and compares.

use super::cluster::{cluster, key_figures, recluster, Figure};
use super::entry_writes::{EntryWrites, Sighted};
use super::links::{BatchLinker, ReadAhead, SignatureCache};
use super::prepare::{self, ClaimPrep, Feed};
use super::suggest::Suggester;
use super::*;
use rusqlite::{params, Connection, OptionalExtension};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// What the first pass over a batch found out about an article's text.
pub(super) enum Text {
    /// Already recorded (by an earlier transaction or earlier in this batch): the article's id.
    Known(i64),
    /// New: its content hash and MinHash signature.
    New { hash: String, signature: Vec<u32> },
}

impl Text {
    /// Looks the text up by its content hash.
    pub(super) fn of(
        conn: &Connection,
        hash: String,
        signature: Vec<u32>,
    ) -> rusqlite::Result<Text> {
        Ok(match article_with_text(conn, &hash)? {
            Some(id) => Text::Known(id),
            None => Text::New { hash, signature },
        })
    }
}

/// The stored article whose text has content hash `hash`, if any.
pub(super) fn article_with_text(conn: &Connection, hash: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM articles WHERE content_hash = ?")?
        .query_row([hash], |r| r.get(0))
        .optional()
}

/// Records one article and its claims inside the caller's transaction. Ids of entries created
/// are appended to `created` (for link suggestions).
#[allow(clippy::too_many_arguments)]
pub(super) fn ingest_article(
    conn: &Connection,
    article: &ArticleRecord,
    claims: &[Claim],
    (prepared, outlet): (Vec<ClaimPrep>, &str),
    text: Text,
    linker: &mut BatchLinker,
    writes: &mut EntryWrites,
    at: &str,
    created: &mut Vec<i64>,
) -> rusqlite::Result<IngestOutcome> {
    let (hash, sig) = match text {
        Text::Known(article_id) => {
            return Ok(IngestOutcome {
                article_id,
                ..Default::default()
            })
        }
        Text::New { hash, signature } => (hash, signature),
    };
    let version: i64 = match &article.url {
        Some(url) => conn
            .prepare_cached("SELECT COALESCE(MAX(version), 0) + 1 FROM articles WHERE url = ?")?
            .query_row([url], |r| r.get(0))?,
        None => 1,
    };
    conn.prepare_cached(
        "INSERT INTO articles (ext_id, url, content_hash, version, title, published, author, outlet, lang, \
         source_line, text, ingested_at, minhash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
    )?
    .execute(params![
        article.id,
        article.url,
        hash,
        version,
        article.title,
        article.published.map(|d| d.to_string()),
        article.author,
        article.outlet,
        article.lang,
        article.source_line,
        article.text,
        at,
        neardup::to_blob(&sig)
    ])?;
    let article_id = conn.last_insert_rowid();
    linker.link(conn, article_id, sig)?;
    let mut outcome = IngestOutcome {
        article_id,
        new_article: true,
        ..Default::default()
    };
    let mut spans = HashSet::new();
    for (c, p) in claims.iter().zip(prepared) {
        // One sighting per place in the text, whatever the extractor made of it.
        if !spans.insert(c.span) {
            continue;
        }
        let (new, sighted) = record_claim(conn, article_id, outlet, c, p, writes, at, created)?;
        outcome.new_claims += new;
        outcome.new_sightings += usize::from(sighted);
    }
    Ok(outcome)
}

/// A live entry of a key as the key index holds it: its figure and the largest precision among
/// its sightings.
struct Rep {
    id: i64,
    fig: Figure,
    max_precision: f64,
}

impl Rep {
    /// From a row of `SELECT id, value, precision, max_precision FROM claims`.
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Rep> {
        Ok(Rep {
            id: r.get(0)?,
            fig: Figure {
                value: r.get(1)?,
                precision: r.get(2)?,
            },
            max_precision: r.get::<_, Option<f64>>(3)?.unwrap_or(0.0),
        })
    }
}

/// Slack added to every figure window, far above `values_agree`'s relative tolerance (1e-9),
/// so a window never misses a figure that agrees; the exact test runs on what the window finds.
fn slack(a: f64, b: f64) -> f64 {
    4e-9 * (a.abs() + b.abs())
}

/// The entry `g` joins: the first live entry of `key`, in canonical order, whose figure comes
/// no later than `g` and agrees with it. Such a figure is at most as coarse as `g`, so it lies
/// within half of `g`'s precision: one range read of the key index.
fn joined_entry(conn: &Connection, key: &str, g: Figure) -> rusqlite::Result<Option<Rep>> {
    let half = 0.5 * g.precision + slack(g.value, g.precision);
    let mut st = conn.prepare_cached(
        "SELECT id, value, precision, max_precision FROM claims \
         WHERE key = ?1 AND merged_into IS NULL AND value BETWEEN ?2 AND ?3",
    )?;
    let rows = st.query_map(params![key, g.value - half, g.value + half], Rep::from_row)?;
    let mut best: Option<Rep> = None;
    for rep in rows {
        let rep = rep?;
        if rep.fig.canonical_cmp(&g) == Ordering::Greater || !rep.fig.agrees(&g) {
            continue;
        }
        let first = best.as_ref().map_or(true, |b| {
            (rep.fig.canonical_cmp(&b.fig), rep.id) < (Ordering::Equal, b.id)
        });
        if first {
            best = Some(rep);
        }
    }
    Ok(best)
}

/// Whether a new entry founded by `g` would take sightings from the other entries `reps` of its
/// key (so the key must be re-clustered), or simply stands beside them (a conflict).
///
/// Clusters are built in canonical order, each figure joining the first representative it
/// agrees with. `g` founded an entry, so no earlier representative agrees with it; it changes
/// the clustering only if some figure `f` after it agrees with it and sits in an entry whose
/// representative `r` comes after `g`. Then `|f - g|` and `|f - r|` are both within half of
/// `f`'s precision, so `|r - g|` is within the largest precision of `r`'s sightings: only those
/// entries are read, and of their sightings only the ones inside that window.
fn takes_from_others(conn: &Connection, reps: &[Rep], g: Figure) -> rusqlite::Result<bool> {
    let mut st = conn.prepare_cached(
        "SELECT value, precision FROM sightings INDEXED BY sightings_claim_figure \
         WHERE claim_id = ?1 AND value BETWEEN ?2 AND ?3",
    )?;
    for r in reps {
        if g.canonical_cmp(&r.fig) != Ordering::Less {
            continue;
        }
        let reach = r.max_precision.max(r.fig.precision);
        let tolerance = slack(r.fig.value, g.value) + slack(reach, 0.0);
        if (r.fig.value - g.value).abs() > reach + tolerance {
            continue;
        }
        let half = 0.5 * reach + tolerance;
        let mut rows = st.query(params![r.id, g.value - half, g.value + half])?;
        while let Some(row) = rows.next()? {
            let f = Figure {
                value: row.get(0)?,
                precision: row.get(1)?,
            };
            if g.canonical_cmp(&f) == Ordering::Less && g.agrees(&f) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Returns (entries created, whether a sighting was added).
#[allow(clippy::too_many_arguments)]
fn record_claim(
    conn: &Connection,
    article_id: i64,
    outlet: &str,
    c: &Claim,
    p: ClaimPrep,
    writes: &mut EntryWrites,
    at: &str,
    created: &mut Vec<i64>,
) -> rusqlite::Result<(usize, bool)> {
    let key = p.key.as_str();
    let g = p.fig;
    if let Some(rep) = joined_entry(conn, key, g)? {
        let reach = rep.max_precision.max(writes.max_precision(rep.id));
        let joined = Joined {
            coarser: g.precision > reach,
            same_figure: rep.fig == g,
        };
        let entry = (rep.id, key);
        let sighting = (c, g, p.json);
        return Ok((
            0,
            add_sighting(conn, entry, article_id, outlet, sighting, joined, writes)?,
        ));
    }
    // The other live entries of the key, from the key index alone.
    let others: Vec<Rep> = {
        let mut st = conn.prepare_cached(
            "SELECT id, value, precision, max_precision FROM claims WHERE key = ? AND merged_into IS NULL",
        )?;
        let rows = st.query_map([key], |r| {
            let mut rep = Rep::from_row(r)?;
            rep.max_precision = rep.max_precision.max(writes.max_precision(rep.id));
            Ok(rep)
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let takes = !others.is_empty() && takes_from_others(conn, &others, g)?;
    if takes {
        if let Some(taken) = takeover(conn, key, &others, g)? {
            // The entry's pending surface (of its old figure) must not outlive the figure.
            writes.flush_key(conn, key)?;
            let entry = (taken, key);
            let sighting = (c, g, p.json);
            let sighted = add_sighting(
                conn,
                entry,
                article_id,
                outlet,
                sighting,
                Joined::default(),
                writes,
            )?;
            if sighted {
                conn.prepare_cached(
                    "UPDATE claims SET value = ?, precision = ?, surface = ?, low = ?, high = ? WHERE id = ?",
                )?
                .execute(params![g.value, g.precision, c.surface, c.low, c.high, taken])?;
            }
            return Ok((0, sighted));
        }
    }
    let id = insert_entry(conn, c, &p, at, !others.is_empty())?;
    let entry = (id, key);
    let sighted = add_sighting(
        conn,
        entry,
        article_id,
        outlet,
        (c, g, p.json),
        Joined::default(),
        writes,
    )?;
    created.push(id);
    if others.is_empty() {
        return Ok((1, sighted));
    }
    if !takes {
        // A conflict and nothing else: the one entry that stood alone is now in conflict too.
        if let [alone] = others.as_slice() {
            conn.prepare_cached("UPDATE claims SET in_conflict = 1 WHERE id = ?")?
                .execute([alone.id])?;
        }
        return Ok((1, sighted));
    }
    // Re-clustering recounts the key's entries from their sightings.
    writes.flush_key(conn, key)?;
    let (made, removed) = recluster(conn, key, at)?;
    created.extend(made.iter().copied());
    Ok(((1 + made.len()).saturating_sub(removed), sighted))
}

/// The entry `g` takes over, if that is all re-clustering the key would do: `g`'s cluster is
/// exactly one entry's sightings plus `g` (so `g`, the most precise of them, becomes that
/// entry's figure) and every other entry keeps its sightings and figure. This is the common
/// case of re-clustering (a more precise telling of a figure arrives after rounder ones), and
/// it then costs one entry update instead of a new entry, its sighting moved and the entry
/// deleted again. Anything else (figures pulled from two entries, an entry split) returns None
/// and goes through [`recluster`].
fn takeover(
    conn: &Connection,
    key: &str,
    others: &[Rep],
    g: Figure,
) -> rusqlite::Result<Option<i64>> {
    let seen = key_figures(conn, key)?;
    let mut figs: Vec<Figure> = seen.iter().map(|s| s.fig).collect();
    figs.push(g);
    let (reps, assign) = cluster(&figs);
    if reps.len() != others.len() {
        return Ok(None);
    }
    // The entry each new cluster falls on; every sighting must stay in its entry.
    let mut entry_of: Vec<Option<i64>> = vec![None; reps.len()];
    for (s, a) in seen.iter().zip(&assign) {
        match entry_of[*a] {
            None => entry_of[*a] = Some(s.claim_id),
            Some(e) if e == s.claim_id => {}
            Some(_) => return Ok(None),
        }
    }
    let ours = assign[seen.len()];
    let Some(taken) = entry_of[ours] else {
        return Ok(None);
    };
    // Every other cluster keeps its entry's figure (and every entry has a cluster).
    for (k, rep) in reps.iter().enumerate() {
        let Some(e) = entry_of[k] else {
            return Ok(None);
        };
        let kept = k == ours || others.iter().any(|o| o.id == e && o.fig == *rep);
        if !kept {
            return Ok(None);
        }
    }
    let mut ids: Vec<i64> = entry_of.iter().flatten().copied().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok((ids.len() == others.len() && reps[ours] == g).then_some(taken))
}

fn insert_entry(
    conn: &Connection,
    c: &Claim,
    p: &ClaimPrep,
    at: &str,
    in_conflict: bool,
) -> rusqlite::Result<i64> {
    let (key, g) = (p.key.as_str(), p.fig);
    // Trade is two-way: store the pair in key order so either telling shows the same way.
    let (mut subject, mut counterpart) = (c.subject.clone(), c.counterpart.clone());
    let metric = p.metric.as_str();
    let fold = |s: &Option<String>| s.as_deref().map(str::to_lowercase);
    if metric == "trade" && fold(&subject) > fold(&counterpart) && counterpart.is_some() {
        std::mem::swap(&mut subject, &mut counterpart);
    }
    conn.prepare_cached(
        "INSERT INTO claims (key, kind, value, low, high, precision, unit, approx, metric, subject, counterpart, \
         item, period_start, period_end, baseline_start, baseline_end, surface, first_seen, max_precision, \
         in_conflict) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    )?
    .execute(params![
        key,
        p.kind,
        g.value,
        c.low,
        c.high,
        g.precision,
        c.unit,
        p.approx,
        metric,
        subject,
        counterpart,
        c.item,
        p.dates[0],
        p.dates[1],
        p.dates[2],
        p.dates[3],
        c.surface,
        at,
        g.precision,
        in_conflict as i64
    ])?;
    Ok(conn.last_insert_rowid())
}

/// How a sighting relates to the existing entry it joins.
#[derive(Default)]
struct Joined {
    /// Coarser than every sighting so far: the entry's reach in the key index grows (see
    /// `takes_from_others`).
    coarser: bool,
    /// The entry's own figure: its surface may become the entry's (the smallest such surface
    /// is, whatever the order the sightings came in).
    same_figure: bool,
}

/// Records the sighting of `c` in entry `(id, key)`; what it changes in the entry's row, outlet
/// and source rows waits in `writes`.
#[allow(clippy::too_many_arguments)]
fn add_sighting(
    conn: &Connection,
    (claim_id, key): (i64, &str),
    article_id: i64,
    outlet: &str,
    (c, g, json): (&Claim, Figure, serde_json::Result<String>),
    joined: Joined,
    writes: &mut EntryWrites,
) -> rusqlite::Result<bool> {
    let json = json.map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO sightings (claim_id, article_id, surface, span_start, span_end, sentence, source, \
             source_surface, confidence, claim_json, value, precision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        )?
        .execute(params![
            claim_id,
            article_id,
            c.surface,
            c.span[0] as i64,
            c.span[1] as i64,
            c.sentence,
            c.source.as_ref().map(|s| s.name.clone()),
            c.source.as_ref().map(|s| s.surface.clone()),
            c.confidence,
            json,
            g.value,
            g.precision
        ])?;
    if n == 0 {
        return Ok(false);
    }
    let sighted = Sighted {
        outlet,
        source: c.source.as_ref().map(|s| s.name.as_str()),
        coarser: joined.coarser.then_some(g.precision),
        same_figure: joined
            .same_figure
            .then_some((c.surface.as_str(), c.low, c.high)),
    };
    writes.add(claim_id, key, sighted);
    Ok(true)
}

/// Adds the sightings inserted after `last` to the full-text index, in one statement (one FTS5
/// segment per transaction instead of one per sighting; schema migration 6). Row ids only grow
/// inside a write transaction, so "after `last`" is exactly this transaction's sightings.
fn index_new_sightings(conn: &Connection, last: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sightings_fts(rowid, sentence, source) SELECT id, sentence, source FROM sightings WHERE id > ?",
    )?
    .execute([last])?;
    Ok(())
}

/// Ingests a batch in one transaction; suggestions for the entries it created are computed
/// before it commits.
///
/// In a transaction of its own, ingest does not have SQLite check foreign keys: every id it
/// writes was read or created by the same IMMEDIATE transaction, which no other writer can
/// interleave with, and the checks were a parent seek (and a statement journal) for every row
/// written. `check` still verifies every foreign key. Inside a caller's group transaction the
/// setting cannot change, and the checks stay on.
///
/// `cache` holds signatures of earlier transactions' articles; it comes back with this batch's
/// in it once the batch is written, and is dropped with a batch that fails.
pub(super) fn ingest_batch(
    conn: &mut Connection,
    path: &std::path::Path,
    batch: &[(&ArticleRecord, &[Claim])],
    suggester: Option<&Suggester>,
    cache: SignatureCache,
) -> Result<(Vec<IngestOutcome>, SignatureCache), LedgerError> {
    let wrap = |source| LedgerError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let own = conn.is_autocommit();
    if own {
        conn.pragma_update(None, "foreign_keys", false)
            .map_err(wrap)?;
    }
    let done = ingest_in_tx(conn, path, batch, suggester, cache);
    if own {
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(wrap)?;
    }
    done
}

fn ingest_in_tx(
    conn: &mut Connection,
    path: &std::path::Path,
    batch: &[(&ArticleRecord, &[Claim])],
    suggester: Option<&Suggester>,
    cache: SignatureCache,
) -> Result<(Vec<IngestOutcome>, SignatureCache), LedgerError> {
    prepare::with_prepared(batch, |feed| {
        write_batch(conn, path, batch, feed, suggester, cache)
    })
}

/// Articles of a batch's first part, whose near-duplicate bands are read together, in key
/// order. When the writer reads for itself, each later part is twice the one before: the
/// writer waits for the first part's preparation only (a part is prepared faster than the one
/// before it is written), and the larger parts keep the band reads ordered. When the
/// preparation thread reads ahead (in key order itself), every part is this size.
const FIRST_PART: usize = 128;

/// The statements of [`ingest_in_tx`], given what [`prepare`] computed.
fn write_batch(
    conn: &mut Connection,
    path: &std::path::Path,
    batch: &[(&ArticleRecord, &[Claim])],
    feed: &mut Feed<'_>,
    suggester: Option<&Suggester>,
    cache: SignatureCache,
) -> Result<(Vec<IngestOutcome>, SignatureCache), LedgerError> {
    let ended = || LedgerError::Corrupt("ingest: the preparation thread ended early".into());
    let wrap = |source| LedgerError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let tx = super::sqlite::write_tx(conn).map_err(wrap)?;
    // In a transaction of its own (not a group's, whose earlier writes another connection
    // cannot see), the preparation thread reads ahead.
    let reading_ahead = feed.wants_reader()
        && matches!(tx, super::sqlite::WriteTx::Own(_))
        && ReadAhead::open(&tx).is_some_and(|reader| feed.lend(reader));
    let at = super::sqlite::now();
    let last_sighting: i64 = tx
        .query_row("SELECT COALESCE(MAX(id), 0) FROM sightings", [], |r| {
            r.get(0)
        })
        .map_err(wrap)?;
    let mut created = Vec::new();
    let mut out = Vec::with_capacity(batch.len());
    let mut linker = BatchLinker::with_cache(cache);
    // A text twice in one batch is recorded once: the second copy is known by then.
    let mut recorded: HashMap<String, i64> = HashMap::new();
    let mut writes = EntryWrites::default();
    let (mut start, mut size) = (0, FIRST_PART);
    while start < batch.len() {
        let part = &batch[start..(start + size).min(batch.len())];
        // Read ahead, the parts need not grow: the writer then waits only for the article it
        // is at, not for the end of a part twice the last.
        let grown = if reading_ahead { size } else { size * 2 };
        (start, size) = (start + part.len(), grown);
        // First pass over the part: which texts are new, so the near-duplicate bands of the
        // part are read once, in order (the next part is prepared meanwhile).
        let mut prepared = Vec::with_capacity(part.len());
        for _ in part {
            let (article, claims) = feed.next().ok_or_else(ended)?;
            linker.know(article.near);
            let text = match article.known {
                Some(Some(id)) => Text::Known(id),
                Some(None) => Text::New {
                    hash: article.hash,
                    signature: article.signature,
                },
                None => Text::of(&tx, article.hash, article.signature).map_err(wrap)?,
            };
            prepared.push((text, article.outlet, claims));
        }
        let new_signatures = prepared.iter().filter_map(|(t, ..)| match t {
            Text::New { signature, .. } => Some(signature.as_slice()),
            Text::Known(_) => None,
        });
        linker.prefetch(&tx, new_signatures).map_err(wrap)?;
        for ((a, cs), (text, outlet, claims)) in part.iter().zip(prepared) {
            let text = match text {
                Text::New { hash, .. } if recorded.contains_key(&hash) => {
                    Text::Known(recorded[&hash])
                }
                t => t,
            };
            let hash = match &text {
                Text::New { hash, .. } => Some(hash.clone()),
                Text::Known(_) => None,
            };
            let outcome = ingest_article(
                &tx,
                a,
                cs,
                (claims, &outlet),
                text,
                &mut linker,
                &mut writes,
                &at,
                &mut created,
            )
            .map_err(wrap)?;
            if let Some(hash) = hash {
                recorded.insert(hash, outcome.article_id);
            }
            out.push(outcome);
        }
    }
    writes.flush(&tx).map_err(wrap)?;
    let cache = linker.finish(&tx).map_err(wrap)?;
    index_new_sightings(&tx, last_sighting).map_err(wrap)?;
    if let Some(s) = suggester {
        s.link(&tx, &created, &at)?;
    }
    tx.commit().map_err(wrap)?;
    Ok((out, cache))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ingest switches foreign-key checks off for its own transaction only: a write after it
    /// (a review of a claim that does not exist) is still refused.
    #[test]
    fn foreign_keys_are_checked_again_after_an_ingest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.sqlite");
        let mut store = super::super::SqliteStore::open(&path).unwrap();
        let article = ArticleRecord {
            id: "a1".into(),
            url: None,
            title: None,
            published: None,
            author: None,
            outlet: Some("o".into()),
            lang: None,
            source_line: None,
            text: "Exports rose.".into(),
        };
        let cache = SignatureCache::default();
        ingest_batch(&mut store.conn, &path, &[(&article, &[])], None, cache).unwrap();
        let on: bool = store
            .conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert!(on);
        let orphan = store.conn.execute(
            "INSERT INTO claim_outlets (claim_id, outlet) VALUES (999, 'o')",
            [],
        );
        assert!(orphan.is_err(), "{orphan:?}");
    }
}
