//! How a key's figures group into entries: canonical clustering (most precise first, each
//! figure joining the first representative it agrees with), and re-clustering a key's stored
//! entries when a new figure changes that grouping. Ingest decides when it must
//! (`ingest::record_claim`); the backfill after migration 4 re-clusters the keys of older rows
//! (`read::backfill`), and `check` recomputes the clusters and compares (`read::check_clusters`).

use super::key::{precision, values_agree};
use crate::claims::Claim;
use rusqlite::{params, Connection};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// A figure as written: its value and the precision its surface gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub precision: f64,
}

impl Figure {
    pub fn of(c: &Claim) -> Figure {
        Figure {
            value: c.value,
            precision: precision(&c.surface, c.value),
        }
    }

    /// Canonical order: most precise first, then the smaller value.
    pub fn canonical_cmp(&self, o: &Figure) -> Ordering {
        self.precision
            .total_cmp(&o.precision)
            .then(self.value.total_cmp(&o.value))
    }

    pub fn agrees(&self, o: &Figure) -> bool {
        values_agree(self.value, self.precision, o.value, o.precision)
    }
}

/// Clusters figures canonically. Returns the representatives in canonical order and, for each
/// input figure, the index of its representative.
pub fn cluster(figs: &[Figure]) -> (Vec<Figure>, Vec<usize>) {
    let mut order: Vec<usize> = (0..figs.len()).collect();
    order.sort_by(|a, b| figs[*a].canonical_cmp(&figs[*b]));
    let mut reps: Vec<Figure> = Vec::new();
    let mut assign = vec![0; figs.len()];
    for i in order {
        let f = figs[i];
        assign[i] = match reps.iter().position(|r| r.agrees(&f)) {
            Some(k) => k,
            None => {
                reps.push(f);
                reps.len() - 1
            }
        };
    }
    (reps, assign)
}

/// A sighting as re-clustering needs it: read from the index on (claim_id, value, precision)
/// alone, never from the sighting rows.
pub(super) struct Seen {
    pub id: i64,
    pub claim_id: i64,
    pub fig: Figure,
}

/// An entry of the key being re-clustered, as it stands.
struct Live {
    id: i64,
    reviewed: bool,
    fig: Figure,
    surface: String,
    low: Option<f64>,
    high: Option<f64>,
}

/// Every sighting of the live entries of `key`, in sighting order, from the figure index.
pub(super) fn key_figures(conn: &Connection, key: &str) -> rusqlite::Result<Vec<Seen>> {
    let mut st = conn.prepare_cached(
        "SELECT s.id, s.claim_id, s.value, s.precision FROM claims c \
         JOIN sightings s INDEXED BY sightings_claim_figure ON s.claim_id = c.id \
         WHERE c.key = ? AND c.merged_into IS NULL ORDER BY s.id",
    )?;
    let r = st.query_map([key], |r| {
        Ok(Seen {
            id: r.get(0)?,
            claim_id: r.get(1)?,
            fig: Figure {
                value: r.get(2)?,
                precision: r.get(3)?,
            },
        })
    })?;
    r.collect()
}

/// Re-derives the entries of `key` from all its figures. Returns (entries created, entries removed).
/// Writes only what changed: a figure that founds an entry of its own (a conflict) costs the
/// reads and one conflict-count update.
pub(super) fn recluster(
    conn: &Connection,
    key: &str,
    at: &str,
) -> rusqlite::Result<(Vec<i64>, usize)> {
    let rows: Vec<Live> = {
        let mut st = conn.prepare_cached(
            "SELECT id, version, value, precision, surface, low, high FROM claims \
             WHERE key = ? AND merged_into IS NULL ORDER BY id",
        )?;
        let r = st.query_map([key], |r| {
            Ok(Live {
                id: r.get(0)?,
                reviewed: r.get::<_, i64>(1)? > 0,
                fig: Figure {
                    value: r.get(2)?,
                    precision: r.get(3)?,
                },
                surface: r.get(4)?,
                low: r.get(5)?,
                high: r.get(6)?,
            })
        })?;
        r.collect::<rusqlite::Result<_>>()?
    };
    let seen = key_figures(conn, key)?;
    let figs: Vec<Figure> = seen.iter().map(|s| s.fig).collect();
    let (reps, assign) = cluster(&figs);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); reps.len()];
    for (i, a) in assign.iter().enumerate() {
        members[*a].push(i);
    }
    let current: HashMap<i64, &Live> = rows.iter().map(|l| (l.id, l)).collect();
    let mut taken: HashSet<i64> = HashSet::new();
    let mut target = vec![0i64; reps.len()];
    let mut made = Vec::new();
    for (k, m) in members.iter().enumerate() {
        let mut counts: HashMap<i64, usize> = HashMap::new();
        for &i in m {
            if !taken.contains(&seen[i].claim_id) {
                *counts.entry(seen[i].claim_id).or_default() += 1;
            }
        }
        // Keep reviewed entries alive first, then the one holding most of the cluster.
        let reviewed = |id: &i64| current.get(id).is_some_and(|l| l.reviewed);
        let best = counts
            .iter()
            .max_by(|a, b| (reviewed(a.0), a.1, -a.0).cmp(&(reviewed(b.0), b.1, -b.0)));
        let id = match best {
            Some((id, _)) => *id,
            None => {
                let tmpl = rows.first().map(|r| r.id).unwrap_or_default();
                conn.prepare_cached(
                    "INSERT INTO claims (key, kind, value, low, high, precision, unit, approx, metric, subject, \
                     counterpart, item, period_start, period_end, baseline_start, baseline_end, surface, first_seen) \
                     SELECT key, kind, value, low, high, precision, unit, approx, metric, subject, counterpart, item, \
                     period_start, period_end, baseline_start, baseline_end, surface, ? FROM claims WHERE id = ?",
                )?
                .execute(params![at, tmpl])?;
                let id = conn.last_insert_rowid();
                made.push(id);
                id
            }
        };
        taken.insert(id);
        target[k] = id;
    }
    let mut moved_to: HashMap<i64, HashMap<i64, usize>> = HashMap::new();
    let mut changed: HashSet<i64> = made.iter().copied().collect();
    for (s, a) in seen.iter().zip(&assign) {
        let to = target[*a];
        if to != s.claim_id {
            conn.prepare_cached("UPDATE sightings SET claim_id = ? WHERE id = ?")?
                .execute(params![to, s.id])?;
            *moved_to
                .entry(s.claim_id)
                .or_default()
                .entry(to)
                .or_default() += 1;
            changed.insert(to);
            changed.insert(s.claim_id);
        }
    }
    // An entry's figure and surface are its representative's: re-read (from the sighting rows,
    // the only read of them) only for entries that are new or whose members changed.
    for (k, rep) in reps.iter().enumerate() {
        let id = target[k];
        let kept = current.get(&id).is_some_and(|l| l.fig == *rep);
        if kept && !changed.contains(&id) {
            continue;
        }
        let mut best: Option<(String, i64, Option<f64>, Option<f64>)> = None;
        let mut st = conn.prepare_cached(
            "SELECT surface, json_extract(claim_json, '$.low'), json_extract(claim_json, '$.high') \
             FROM sightings WHERE id = ?",
        )?;
        for &i in &members[k] {
            if seen[i].fig != *rep {
                continue;
            }
            let (surface, low, high): (String, Option<f64>, Option<f64>) =
                st.query_row([seen[i].id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let better = match &best {
                None => true,
                Some(b) => (surface.as_str(), seen[i].id) < (b.0.as_str(), b.1),
            };
            if better {
                best = Some((surface, seen[i].id, low, high));
            }
        }
        let Some((surface, _, low, high)) = best else {
            continue;
        };
        let unchanged = current.get(&id).is_some_and(|l| {
            l.fig == *rep && l.surface == surface && l.low == low && l.high == high
        });
        if !unchanged {
            conn.prepare_cached(
                "UPDATE claims SET value = ?, precision = ?, surface = ?, low = ?, high = ? WHERE id = ?",
            )?
            .execute(params![rep.value, rep.precision, surface, low, high, id])?;
        }
    }
    let mut removed = 0;
    for live in &rows {
        let id = &live.id;
        if taken.contains(id) {
            continue;
        }
        removed += 1;
        let into = moved_to.get(id).and_then(|m| {
            m.iter()
                .max_by_key(|(to, n)| (**n, -**to))
                .map(|(to, _)| *to)
        });
        conn.prepare_cached("DELETE FROM claim_outlets WHERE claim_id = ?")?
            .execute([id])?;
        conn.prepare_cached("DELETE FROM claim_sources WHERE claim_id = ?")?
            .execute([id])?;
        conn.prepare_cached("DELETE FROM claim_embeddings WHERE claim_id = ?")?
            .execute([id])?;
        conn.prepare_cached("DELETE FROM claim_suggestions WHERE a = ?1 OR b = ?1")?
            .execute([id])?;
        if live.reviewed {
            conn.prepare_cached(
                "UPDATE claims SET merged_into = ?, n_sightings = 0, n_outlets = 0, in_conflict = 0 WHERE id = ?",
            )?
            .execute(params![into, id])?;
        } else {
            conn.prepare_cached("DELETE FROM claims WHERE id = ?")?
                .execute([id])?;
        }
    }
    for id in taken.intersection(&changed) {
        refresh_counts(conn, *id)?;
    }
    let in_conflict = (taken.len() > 1) as i64;
    conn.prepare_cached(
        "UPDATE claims SET in_conflict = ?1 WHERE key = ?2 AND merged_into IS NULL AND in_conflict != ?1",
    )?
    .execute(params![in_conflict, key])?;
    Ok((made, removed))
}

/// Recomputes the sighting and outlet counts and the sources of entry `id` from its sightings.
pub(super) fn refresh_counts(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM claim_sources WHERE claim_id = ?")?
        .execute([id])?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO claim_sources (claim_id, source) SELECT claim_id, source FROM sightings \
         WHERE claim_id = ? AND source IS NOT NULL",
    )?
    .execute([id])?;
    conn.prepare_cached("DELETE FROM claim_outlets WHERE claim_id = ?")?
        .execute([id])?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO claim_outlets (claim_id, outlet) SELECT s.claim_id, COALESCE(a.outlet, a.url, a.ext_id) \
         FROM sightings s JOIN articles a ON a.id = s.article_id WHERE s.claim_id = ?",
    )?
    .execute([id])?;
    conn.prepare_cached(
        "UPDATE claims SET n_sightings = (SELECT COUNT(*) FROM sightings WHERE claim_id = ?1), \
         n_outlets = (SELECT COUNT(*) FROM claim_outlets WHERE claim_id = ?1), \
         max_precision = (SELECT MAX(precision) FROM sightings WHERE claim_id = ?1) WHERE id = ?1",
    )?
    .execute([id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(value: f64, precision: f64) -> Figure {
        Figure { value, precision }
    }

    #[test]
    fn clusters_do_not_depend_on_input_order() {
        // 73 (whole billions) agrees with both 73.15 and 72.6, which disagree with each other.
        let figs = [f(73.0, 1.0), f(72.6, 0.1), f(73.15, 0.01), f(73.2, 0.1)];
        let (reps, assign) = cluster(&figs);
        let mut perm = figs;
        perm.reverse();
        let (reps2, assign2) = cluster(&perm);
        assert_eq!(reps, reps2);
        let mut a2 = assign2.clone();
        a2.reverse();
        assert_eq!(assign, a2);
        assert_eq!(reps, vec![f(73.15, 0.01), f(72.6, 0.1)]);
        assert_eq!(assign, vec![0, 1, 0, 0]);
    }
}
