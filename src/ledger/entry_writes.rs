//! What a transaction's sightings change in their entries' rows, kept in memory and written once
//! per entry before the transaction commits.
//!
//! ```text
//! sighting joins entry 7 -> +1 sighting, +1 outlet, coarser reach 1e9, smaller surface "$38 billion"
//! sighting joins entry 7 -> +1 sighting                       } one UPDATE of entry 7 at the end,
//! sighting joins entry 7 -> +1 sighting, +1 outlet            } in entry order
//! ```
//! A bulk transaction sights many entries more than once (20,000 claims fell on ~25,000 facts
//! at 300k claims); each sighting used to rewrite its entry's row and move it in the
//! `claims_n_sightings` index. The entry's outlet and source rows (`claim_outlets`,
//! `claim_sources`) wait too, deduplicated per entry, and are written just before its row, in
//! (entry, outlet) order: each sighting used to probe both tables at a random place. Reads inside the transaction see through the pending counters
//! where it matters: an entry's reach (`max_precision`) through [`EntryWrites::max_precision`],
//! and re-clustering a key, which recounts from the sightings, writes that key's pending
//! counters first ([`EntryWrites::flush_key`]).

use rusqlite::{params, Connection};
use std::collections::{BTreeSet, HashMap};

/// The pending change of one entry row. Applied in one statement, it leaves the row as the
/// per-sighting updates would have, in whatever order they came.
#[derive(Default)]
struct Delta {
    sightings: i64,
    /// The outlets and sources of the pending sightings; those the entry lacks are added (and
    /// counted, for outlets) when it is written.
    outlets: BTreeSet<String>,
    sources: BTreeSet<String>,
    /// The largest precision of a sighting coarser than the entry's reach when it came.
    reach: Option<f64>,
    /// The smallest surface among sightings of the entry's own figure, with its range; it
    /// replaces the entry's when smaller (the first of equal ones stays, as it did row by row).
    surface: Option<(String, Option<f64>, Option<f64>)>,
}

/// A sighting as it changes its entry.
pub(super) struct Sighted<'a> {
    pub outlet: &'a str,
    pub source: Option<&'a str>,
    /// The sighting's precision when it is coarser than the entry's reach.
    pub coarser: Option<f64>,
    /// The sighting's surface and range when it carries the entry's own figure.
    pub same_figure: Option<(&'a str, Option<f64>, Option<f64>)>,
}

/// Pending entry-row changes of one transaction, by entry id, and the entries of each key.
#[derive(Default)]
pub(super) struct EntryWrites {
    pending: HashMap<i64, Delta>,
    by_key: HashMap<String, Vec<i64>>,
}

impl EntryWrites {
    pub(super) fn add(&mut self, id: i64, key: &str, s: Sighted<'_>) {
        let d = self.pending.entry(id).or_insert_with(|| {
            match self.by_key.get_mut(key) {
                Some(ids) => ids.push(id),
                None => {
                    self.by_key.insert(key.to_owned(), vec![id]);
                }
            }
            Delta::default()
        });
        d.sightings += 1;
        if !d.outlets.contains(s.outlet) {
            d.outlets.insert(s.outlet.to_owned());
        }
        if let Some(source) = s.source.filter(|x| !d.sources.contains(*x)) {
            d.sources.insert(source.to_owned());
        }
        if let Some(p) = s.coarser {
            d.reach = Some(d.reach.map_or(p, |r| r.max(p)));
        }
        if let Some((surface, low, high)) = s.same_figure {
            if d.surface
                .as_ref()
                .map_or(true, |(b, ..)| surface < b.as_str())
            {
                d.surface = Some((surface.to_owned(), low, high));
            }
        }
    }

    /// The reach the entry's pending sightings give it (0 when none is pending): the reach of an
    /// entry is the larger of this and what its row says.
    pub(super) fn max_precision(&self, id: i64) -> f64 {
        self.pending.get(&id).and_then(|d| d.reach).unwrap_or(0.0)
    }

    /// Writes the pending changes of `key`'s entries (before the key is re-clustered).
    pub(super) fn flush_key(&mut self, conn: &Connection, key: &str) -> rusqlite::Result<()> {
        let Some(mut ids) = self.by_key.remove(key) else {
            return Ok(());
        };
        ids.sort_unstable();
        for id in ids {
            if let Some(d) = self.pending.remove(&id) {
                write(conn, id, &d)?;
            }
        }
        Ok(())
    }

    /// Writes every pending change, in entry order.
    pub(super) fn flush(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        let mut all: Vec<(i64, Delta)> = self.pending.drain().collect();
        self.by_key.clear();
        all.sort_unstable_by_key(|(id, _)| *id);
        for (id, d) in &all {
            write(conn, *id, d)?;
        }
        Ok(())
    }
}

/// The entry's new outlet and source rows, then one write of its row. Every `SET` expression
/// reads the row as it was; only the columns that change are named, so an unchanged surface or
/// reach costs no index update.
fn write(conn: &Connection, id: i64, d: &Delta) -> rusqlite::Result<()> {
    let mut new_outlets = 0i64;
    let mut put =
        conn.prepare_cached("INSERT OR IGNORE INTO claim_outlets (claim_id, outlet) VALUES (?,?)")?;
    for outlet in &d.outlets {
        new_outlets += put.execute(params![id, outlet])? as i64;
    }
    let mut put =
        conn.prepare_cached("INSERT OR IGNORE INTO claim_sources (claim_id, source) VALUES (?,?)")?;
    for source in &d.sources {
        put.execute(params![id, source])?;
    }
    let mut st = match (d.reach.is_some(), d.surface.is_some()) {
        (false, false) => conn.prepare_cached(
            "UPDATE claims SET n_sightings = n_sightings + ?2, n_outlets = n_outlets + ?3 WHERE id = ?1",
        )?,
        (true, false) => conn.prepare_cached(
            "UPDATE claims SET n_sightings = n_sightings + ?2, n_outlets = n_outlets + ?3, \
             max_precision = max(COALESCE(max_precision, 0), ?4) WHERE id = ?1",
        )?,
        (false, true) => conn.prepare_cached(
            "UPDATE claims SET n_sightings = n_sightings + ?2, n_outlets = n_outlets + ?3, \
             low = iif(?5 < surface, ?6, low), high = iif(?5 < surface, ?7, high), \
             surface = min(surface, ?5) WHERE id = ?1",
        )?,
        (true, true) => conn.prepare_cached(
            "UPDATE claims SET n_sightings = n_sightings + ?2, n_outlets = n_outlets + ?3, \
             max_precision = max(COALESCE(max_precision, 0), ?4), \
             low = iif(?5 < surface, ?6, low), high = iif(?5 < surface, ?7, high), \
             surface = min(surface, ?5) WHERE id = ?1",
        )?,
    };
    let (surface, low, high) = match &d.surface {
        Some((s, l, h)) => (Some(s.as_str()), *l, *h),
        None => (None, None, None),
    };
    let args = params![id, d.sightings, new_outlets, d.reach, surface, low, high];
    // Bind as many parameters as the statement numbers (rusqlite refuses extra ones).
    let n = st.parameter_count();
    st.execute(&args[..n])?;
    Ok(())
}
