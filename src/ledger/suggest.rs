//! Link suggestions from sentence embeddings: two entries whose keys cannot be compared by value
//! (one lacks a subject or a period, or they state the same fact as a different kind of figure,
//! "153.1%" against "more than doubled") but whose sentences say the same thing. A suggestion is
//! stored with its score for a reviewer to judge; entries are never merged by it.
//!
//! Only new entries that have a compatible partner are embedded, in one batch per ingest
//! transaction; vectors are cached in `claim_embeddings`. A pair is considered whichever of the
//! two arrives last, so the suggestions do not depend on ingest order.

use super::LedgerError;
use crate::embed::Embedder;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// Cosine similarity at or above which a pair is suggested.
pub const DEFAULT_MIN_SCORE: f32 = 0.75;
/// Recorded with each suggestion.
pub const METHOD: &str = "all-MiniLM-L6-v2 cosine";

/// An embedder and the score a pair needs.
pub struct Suggester {
    embedder: Box<dyn Embedder + Send>,
    min_score: f32,
}

/// Whether two keys describe possibly the same fact: the same metric, and every other part equal
/// or missing on one side (kind and unit may differ). Identical keys are the dedup's business.
pub fn keys_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split('|').collect(), b.split('|').collect());
    if pa.len() != 8 || pb.len() != 8 || pa[0] != pb[0] {
        return false;
    }
    (1..6).all(|i| pa[i] == pb[i] || pa[i] == "-" || pb[i] == "-")
}

/// The period start written in a key (`...|2023-04-01..2023-04-30|...`), when it has one.
fn period_start_of(key: &str) -> Option<&str> {
    let period = key.split('|').nth(4)?;
    let (start, _) = period.split_once("..")?;
    (!start.is_empty()).then_some(start)
}

fn to_blob(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn from_blob(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

impl Suggester {
    pub fn new(embedder: Box<dyn Embedder + Send>, min_score: f32) -> Suggester {
        Suggester {
            embedder,
            min_score,
        }
    }

    /// The all-MiniLM-L6-v2 suggester from a model folder (see [`crate::embed::default_model_dir`]).
    pub fn load(
        model_dir: &std::path::Path,
        min_score: f32,
    ) -> Result<Suggester, crate::embed::EmbedError> {
        let model = crate::embed::MiniLmEmbedder::load(model_dir)?;
        Ok(Suggester::new(Box::new(model), min_score))
    }

    /// Suggests links for the entries in `created` (inside the ingest transaction).
    pub(super) fn link(
        &self,
        conn: &Connection,
        created: &[i64],
        at: &str,
    ) -> Result<(), LedgerError> {
        match self.try_link(conn, created, at) {
            Ok(()) => Ok(()),
            Err(LinkError::Sql(source)) => Err(LedgerError::Sqlite {
                path: conn.path().unwrap_or_default().into(),
                source,
            }),
            Err(LinkError::Embed(e)) => {
                // The figures are recorded either way; only the suggestions are missing.
                tracing::warn!("no link suggestions for this ingest: {e}");
                Ok(())
            }
        }
    }

    fn try_link(&self, conn: &Connection, created: &[i64], at: &str) -> Result<(), LinkError> {
        let mut pairs: Vec<(i64, i64)> = Vec::new();
        let mut ids: Vec<i64> = created.to_vec();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let Some((key, metric)): Option<(String, String)> = conn
                .query_row(
                    "SELECT key, metric FROM claims WHERE id = ? AND merged_into IS NULL",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
            else {
                continue;
            };
            // A partner's period is this one's or missing, so a key with a period start only
            // looks at those two index ranges; scanning the whole metric made every new entry
            // cost time proportional to the ledger.
            let candidates: Vec<(i64, String)> = match period_start_of(&key) {
                Some(start) => {
                    let mut st = conn.prepare_cached(
                        "SELECT id, key FROM claims WHERE metric = ?1 AND merged_into IS NULL AND period_start = ?2 \
                         UNION ALL \
                         SELECT id, key FROM claims WHERE metric = ?1 AND merged_into IS NULL AND period_start IS NULL",
                    )?;
                    let rows =
                        st.query_map(params![metric, start], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    rows.collect::<rusqlite::Result<_>>()?
                }
                None => {
                    let mut st = conn.prepare_cached(
                        "SELECT id, key FROM claims WHERE metric = ? AND merged_into IS NULL",
                    )?;
                    let rows = st.query_map([&metric], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    rows.collect::<rusqlite::Result<_>>()?
                }
            };
            for (other, other_key) in candidates {
                if other != id && keys_compatible(&key, &other_key) {
                    pairs.push((id.min(other), id.max(other)));
                }
            }
        }
        if pairs.is_empty() {
            return Ok(());
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut sentences: HashMap<i64, String> = HashMap::new();
        for (a, b) in &pairs {
            for id in [a, b] {
                if !sentences.contains_key(id) {
                    let s: Option<String> = conn.query_row(
                        "SELECT MIN(sentence) FROM sightings WHERE claim_id = ?",
                        [id],
                        |r| r.get(0),
                    )?;
                    sentences.insert(*id, s.unwrap_or_default());
                }
            }
        }
        let mut vectors: HashMap<i64, Vec<f32>> = HashMap::new();
        let mut missing: Vec<i64> = Vec::new();
        for (id, sentence) in &sentences {
            let cached: Option<(String, Vec<u8>)> = conn
                .query_row(
                    "SELECT sentence, vector FROM claim_embeddings WHERE claim_id = ?",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match cached {
                Some((s, v)) if s == *sentence => {
                    vectors.insert(*id, from_blob(&v));
                }
                _ => missing.push(*id),
            }
        }
        missing.sort_unstable();
        if !missing.is_empty() {
            let texts: Vec<&str> = missing.iter().map(|id| sentences[id].as_str()).collect();
            let embedded = self.embedder.embed(&texts)?;
            for (id, v) in missing.iter().zip(embedded) {
                conn.execute(
                    "INSERT OR REPLACE INTO claim_embeddings (claim_id, sentence, vector) VALUES (?,?,?)",
                    params![id, sentences[id], to_blob(&v)],
                )?;
                vectors.insert(*id, v);
            }
        }
        for (a, b) in pairs {
            let (Some(va), Some(vb)) = (vectors.get(&a), vectors.get(&b)) else {
                continue;
            };
            let score = crate::embed::cosine(va, vb);
            if score >= self.min_score {
                conn.execute(
                    "INSERT OR REPLACE INTO claim_suggestions (a, b, score, method, created_at) VALUES (?,?,?,?,?)",
                    params![a, b, f64::from(score), METHOD, at],
                )?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
enum LinkError {
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    #[error(transparent)]
    Embed(#[from] crate::embed::EmbedError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_a_missing_part_or_another_kind_are_compatible() {
        let full = "exports|china|russia|-|2023-04-01..2023-04-30|2022-04-01..2022-04-30|change|%";
        let ratio = "exports|china|russia|-|2023-04-01..2023-04-30|2022-04-01..2022-04-30|ratio|x";
        let no_period = "exports|china|russia|-|-|-|change|%";
        let other_year = "exports|china|russia|-|2022-04-01..2022-04-30|-|change|%";
        let imports = "imports|china|russia|-|2023-04-01..2023-04-30|-|change|%";
        assert!(keys_compatible(full, ratio));
        assert!(keys_compatible(full, no_period));
        assert!(!keys_compatible(full, other_year));
        assert!(!keys_compatible(full, imports));
        assert!(!keys_compatible(full, full));
        assert_eq!(period_start_of(full), Some("2023-04-01"));
        assert_eq!(period_start_of(no_period), None);
        assert_eq!(
            period_start_of("exports|a|b|-|..2023-04-30|-|change|%"),
            None
        );
    }
}
