//! The read side of the SQLite ledger: the entry query (one table, derived columns kept by
//! ingest), sightings with their near-duplicate origins, link suggestions, integrity checks that
//! recompute every derived column from scratch, and the backfill run after migrating old files.

use super::cluster::Figure;
use super::*;
use rusqlite::{params, Connection};

/// The columns of an entry, read from `claims e` (conflicting ids only for a live entry that has
/// any; a tombstone conflicts with nothing). A macro so [`ENTRY_BY_ID`] can be a constant too.
macro_rules! entry_columns {
    () => {
        "e.id, e.key, e.kind, e.value, e.low, e.high, e.unit, e.approx, e.metric, e.subject, \
         e.counterpart, e.item, e.period_start, e.period_end, e.baseline_start, e.baseline_end, \
         e.surface, e.first_seen, e.status, e.version, e.n_sightings, e.n_outlets, \
         e.merged_into, CASE WHEN e.in_conflict > 0 AND e.merged_into IS NULL THEN \
         (SELECT group_concat(c2.id) FROM claims c2 WHERE c2.key = e.key AND c2.id <> e.id \
         AND c2.merged_into IS NULL) END AS conflicts"
    };
}

/// The claims query for `filter`, ordered by `order` (a trusted `ORDER BY` list). Tombstones
/// (`merged_into`) are never listed.
pub(super) fn entry_query(
    filter: &ClaimFilter,
    order: &str,
) -> (String, Vec<Box<dyn rusqlite::ToSql>>) {
    let (conditions, args) = filter_conditions(filter);
    let mut sql = format!(
        "SELECT {} FROM claims e WHERE {conditions} ORDER BY {order}",
        entry_columns!()
    );
    if let Some(l) = filter.limit {
        sql.push_str(&format!(" LIMIT {}", l.max(0)));
        if let Some(o) = filter.offset {
            sql.push_str(&format!(" OFFSET {}", o.max(0)));
        }
    }
    (sql, args)
}

/// How many claims match `filter` (paging ignored): the same conditions, no columns to compute.
pub(super) fn count_query(filter: &ClaimFilter) -> (String, Vec<Box<dyn rusqlite::ToSql>>) {
    let (conditions, args) = filter_conditions(filter);
    (
        format!("SELECT COUNT(*) FROM claims e WHERE {conditions}"),
        args,
    )
}

/// The `WHERE` conditions of `filter` over `claims e`, user values only as parameters. Each
/// condition has an index (migration 5) except the substring ones (source, search).
fn filter_conditions(filter: &ClaimFilter) -> (String, Vec<Box<dyn rusqlite::ToSql>>) {
    let mut sql = String::from("e.merged_into IS NULL");
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    fn push(
        sql: &mut String,
        args: &mut Vec<Box<dyn rusqlite::ToSql>>,
        clause: &str,
        v: Box<dyn rusqlite::ToSql>,
    ) {
        sql.push_str(clause);
        args.push(v);
    }
    if let Some(s) = filter.status {
        push(
            &mut sql,
            &mut args,
            " AND e.status = ?",
            Box::new(s.as_str()),
        );
    }
    if let Some(m) = &filter.metric {
        push(
            &mut sql,
            &mut args,
            " AND e.metric = ?",
            Box::new(m.clone()),
        );
    }
    if let Some(s) = &filter.subject {
        push(
            &mut sql,
            &mut args,
            " AND lower(e.subject) = lower(?)",
            Box::new(s.clone()),
        );
    }
    if let Some(s) = &filter.counterpart {
        push(
            &mut sql,
            &mut args,
            " AND lower(e.counterpart) = lower(?)",
            Box::new(s.clone()),
        );
    }
    if let Some(o) = &filter.outlet {
        push(
            &mut sql,
            &mut args,
            " AND e.id IN (SELECT o.claim_id FROM claim_outlets o WHERE lower(o.outlet) = lower(?))",
            Box::new(o.clone()),
        );
    }
    if let Some(src) = &filter.source {
        text_condition(&mut sql, &mut args, "source", src);
    }
    if let Some(from) = &filter.period_from {
        push(
            &mut sql,
            &mut args,
            " AND (e.period_end IS NULL OR e.period_end >= ?)",
            Box::new(from.clone()),
        );
    }
    if let Some(to) = &filter.period_to {
        push(
            &mut sql,
            &mut args,
            " AND (e.period_start IS NULL OR e.period_start <= ?)",
            Box::new(to.clone()),
        );
    }
    if let Some(n) = filter.min_sightings {
        push(&mut sql, &mut args, " AND e.n_sightings >= ?", Box::new(n));
    }
    if filter.conflicts_only {
        sql.push_str(" AND e.in_conflict > 0");
    }
    if let Some(q) = &filter.search {
        text_condition(&mut sql, &mut args, "sentence", q);
    }
    (sql, args)
}

/// Claims with a sighting whose `column` (sentence or source) holds the words of `text`, in
/// order, the last one as a prefix ("bank of finl" finds "Bank of Finland"), through the
/// full-text index; case and diacritics do not matter. Text without any word (only "%", say)
/// falls back to a substring match.
fn text_condition(
    sql: &mut String,
    args: &mut Vec<Box<dyn rusqlite::ToSql>>,
    column: &str,
    text: &str,
) {
    match fts_phrase(text) {
        Some(phrase) => {
            sql.push_str(
                " AND e.id IN (SELECT s.claim_id FROM sightings s WHERE s.id IN \
                 (SELECT rowid FROM sightings_fts WHERE sightings_fts MATCH ?))",
            );
            args.push(Box::new(format!("{column} : {phrase}")));
        }
        None => {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM sightings s WHERE s.claim_id = e.id \
                 AND s.{column} LIKE '%' || ? || '%')"
            ));
            args.push(Box::new(text.to_string()));
        }
    }
}

/// The words of `text` as one FTS5 phrase with a prefix last word; `None` without words. Words
/// are split where the index's tokenizer (unicode61) splits them, so nothing of the user's text
/// can be read as FTS5 syntax.
pub(super) fn fts_phrase(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| format!("\"{}\"*", words.join(" ")))
}

/// The same columns for one entry by id, tombstones included.
pub(super) const ENTRY_BY_ID: &str =
    concat!("SELECT ", entry_columns!(), " FROM claims e WHERE e.id = ?");

pub(super) fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LedgerEntry> {
    let status: String = r.get("status")?;
    let conflicts: Option<String> = r.get("conflicts")?;
    let mut conflicts: Vec<i64> = conflicts
        .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_default();
    conflicts.sort_unstable();
    Ok(LedgerEntry {
        id: r.get("id")?,
        key: r.get("key")?,
        kind: r.get("kind")?,
        value: r.get("value")?,
        low: r.get("low")?,
        high: r.get("high")?,
        unit: r.get("unit")?,
        approx: r.get("approx")?,
        metric: r.get("metric")?,
        subject: r.get("subject")?,
        counterpart: r.get("counterpart")?,
        item: r.get("item")?,
        period_start: r.get("period_start")?,
        period_end: r.get("period_end")?,
        baseline_start: r.get("baseline_start")?,
        baseline_end: r.get("baseline_end")?,
        surface: r.get("surface")?,
        status: ReviewStatus::parse(&status).unwrap_or(ReviewStatus::Unreviewed),
        version: r.get("version")?,
        sightings: r.get("n_sightings")?,
        outlets: r.get("n_outlets")?,
        conflicts,
        first_seen: r.get("first_seen")?,
        merged_into: r.get("merged_into")?,
    })
}

pub(super) fn sightings_of(conn: &Connection, id: i64) -> rusqlite::Result<Vec<Sighting>> {
    let mut st = conn.prepare_cached(
        "SELECT s.article_id, a.ext_id, a.url, a.outlet, a.published, a.lang, s.surface, s.span_start, \
         s.span_end, s.sentence, s.source, s.source_surface, s.confidence, s.value, \
         (SELECT group_concat(ext_id, char(31)) FROM ( \
            SELECT x.ext_id FROM article_links l JOIN articles x ON x.id = l.b WHERE l.a = s.article_id \
            UNION SELECT x.ext_id FROM article_links l JOIN articles x ON x.id = l.a WHERE l.b = s.article_id \
            ORDER BY 1)) AS origin \
         FROM sightings s JOIN articles a INDEXED BY articles_listing ON a.id = s.article_id \
         WHERE s.claim_id = ? ORDER BY a.published, a.ext_id, s.span_start",
    )?;
    let rows = st.query_map([id], |r| {
        let origin: Option<String> = r.get(14)?;
        Ok(Sighting {
            article_id: r.get(0)?,
            article: r.get(1)?,
            url: r.get(2)?,
            outlet: r.get(3)?,
            published: r.get(4)?,
            lang: r.get(5)?,
            surface: r.get(6)?,
            span: [
                r.get::<_, i64>(7)?.max(0) as usize,
                r.get::<_, i64>(8)?.max(0) as usize,
            ],
            sentence: r.get(9)?,
            source: r.get(10)?,
            source_surface: r.get(11)?,
            confidence: r.get(12)?,
            value: r.get(13)?,
            same_origin_as: origin
                .map(|o| o.split('\u{1f}').map(str::to_string).collect())
                .unwrap_or_default(),
        })
    })?;
    rows.collect()
}

pub(super) fn suggestions_of(conn: &Connection, id: i64) -> rusqlite::Result<Vec<Suggestion>> {
    let mut st = conn.prepare_cached(
        "SELECT c.id, c.surface, c.key, g.score, g.method FROM claim_suggestions g \
         JOIN claims c ON c.id = CASE WHEN g.a = ?1 THEN g.b ELSE g.a END \
         WHERE g.a = ?1 OR g.b = ?1 ORDER BY g.score DESC, c.id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(Suggestion {
            claim_id: r.get(0)?,
            surface: r.get(1)?,
            key: r.get(2)?,
            score: r.get(3)?,
            method: r.get(4)?,
        })
    })?;
    rows.collect()
}

pub(super) fn stats(conn: &Connection) -> rusqlite::Result<LedgerStats> {
    conn.query_row(
        "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM claims WHERE merged_into IS NULL), \
         (SELECT COUNT(*) FROM sightings), (SELECT COUNT(*) FROM claims WHERE in_conflict > 0 AND merged_into IS NULL), \
         (SELECT COUNT(*) FROM claims WHERE version > 0 AND merged_into IS NULL)",
        [],
        |r| {
            Ok(LedgerStats {
                articles: r.get(0)?,
                claims: r.get(1)?,
                sightings: r.get(2)?,
                conflicts: r.get(3)?,
                reviewed: r.get(4)?,
            })
        },
    )
}

/// Integrity problems: SQLite's own check, references, spans, and every derived column
/// recomputed from its inputs.
pub(super) fn check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut problems = Vec::new();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        problems.push(format!("sqlite integrity_check: {integrity}"));
    }
    let fk: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if fk > 0 {
        problems.push(format!(
            "{fk} rows referencing missing rows (foreign_key_check)"
        ));
    }
    let checks = [
        ("listed claims without sightings", "SELECT COUNT(*) FROM claims c WHERE c.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM sightings s WHERE s.claim_id = c.id)"),
        ("merged claims that still have sightings or no review", "SELECT COUNT(*) FROM claims c WHERE c.merged_into IS NOT NULL AND (c.version = 0 OR EXISTS (SELECT 1 FROM sightings s WHERE s.claim_id = c.id))"),
        ("sightings of missing claims", "SELECT COUNT(*) FROM sightings s WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = s.claim_id)"),
        ("sightings of missing articles", "SELECT COUNT(*) FROM sightings s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id)"),
        ("review histories with gaps", "SELECT COUNT(*) FROM (SELECT claim_id FROM review_events GROUP BY claim_id HAVING MAX(seq) <> COUNT(*))"),
        ("sightings whose span does not match the article text", "SELECT COUNT(*) FROM sightings s JOIN articles a ON a.id = s.article_id WHERE substr(CAST(a.text AS BLOB), s.span_start + 1, s.span_end - s.span_start) <> CAST(s.surface AS BLOB)"),
        ("sightings without their own figure", "SELECT COUNT(*) FROM sightings s JOIN claims c ON c.id = s.claim_id WHERE s.value IS NULL OR s.precision IS NULL"),
        ("claims whose sighting count is stale", "SELECT COUNT(*) FROM claims c WHERE c.n_sightings <> (SELECT COUNT(*) FROM sightings s WHERE s.claim_id = c.id)"),
        ("claims whose outlet count is stale", "SELECT COUNT(*) FROM claims c WHERE c.n_outlets <> (SELECT COUNT(DISTINCT COALESCE(a.outlet, a.url, a.ext_id)) FROM sightings s JOIN articles a ON a.id = s.article_id WHERE s.claim_id = c.id)"),
        ("claims whose conflict flag is stale", "SELECT COUNT(*) FROM claims c WHERE c.merged_into IS NULL AND c.in_conflict <> EXISTS (SELECT 1 FROM claims c2 WHERE c2.key = c.key AND c2.id <> c.id AND c2.merged_into IS NULL)"),
        ("entry sources that no sighting gives, or sighting sources missing from their entry", "SELECT (SELECT COUNT(*) FROM (SELECT claim_id, source FROM claim_sources EXCEPT SELECT claim_id, source FROM sightings WHERE source IS NOT NULL)) + (SELECT COUNT(*) FROM (SELECT claim_id, source FROM sightings WHERE source IS NOT NULL EXCEPT SELECT claim_id, source FROM claim_sources))"),
        ("claims whose largest sighting precision is stale", "SELECT COUNT(*) FROM claims c WHERE c.merged_into IS NULL AND c.max_precision IS NOT (SELECT MAX(s.precision) FROM sightings s WHERE s.claim_id = c.id)"),
        ("claims whose review status is not their last event's", "SELECT COUNT(*) FROM claims c WHERE c.version <> (SELECT COUNT(*) FROM review_events r WHERE r.claim_id = c.id) OR c.status <> COALESCE((SELECT r.to_status FROM review_events r WHERE r.claim_id = c.id ORDER BY r.seq DESC LIMIT 1), 'unreviewed')"),
        ("articles without a MinHash signature", "SELECT COUNT(*) FROM articles WHERE minhash IS NULL"),
    ];
    for (what, sql) in checks {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        if n > 0 {
            problems.push(format!("{n} {what}"));
        }
    }
    if let Err(e) = conn.execute(
        "INSERT INTO sightings_fts(sightings_fts, rank) VALUES ('integrity-check', 1)",
        [],
    ) {
        problems.push(format!("full-text index of sightings: {e}"));
    }
    problems.extend(check_clusters(conn)?);
    Ok(problems)
}

/// Every key's entries must be exactly the canonical clusters of its sightings' figures.
fn check_clusters(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT c.key, s.claim_id, s.value, s.precision, c.value, c.precision FROM sightings s \
         JOIN claims c ON c.id = s.claim_id WHERE s.value IS NOT NULL AND s.precision IS NOT NULL ORDER BY c.key",
    )?;
    let mut rows = st.query([])?;
    let mut bad = 0usize;
    let mut current: Option<String> = None;
    let mut group: Vec<(i64, Figure, Figure)> = Vec::new();
    let mut judge = |group: &mut Vec<(i64, Figure, Figure)>| {
        let figs: Vec<Figure> = group.iter().map(|g| g.1).collect();
        let (reps, assign) = super::cluster::cluster(&figs);
        let mut rep_of_claim: std::collections::HashMap<i64, usize> = Default::default();
        for ((claim, _, rep), k) in group.iter().zip(&assign) {
            let ok = reps[*k] == *rep && *rep_of_claim.entry(*claim).or_insert(*k) == *k;
            if !ok {
                bad += 1;
                break;
            }
        }
        group.clear();
    };
    while let Some(r) = rows.next()? {
        let key: String = r.get(0)?;
        if current.as_deref() != Some(key.as_str()) {
            judge(&mut group);
            current = Some(key);
        }
        group.push((
            r.get(1)?,
            Figure {
                value: r.get(2)?,
                precision: r.get(3)?,
            },
            Figure {
                value: r.get(4)?,
                precision: r.get(5)?,
            },
        ));
    }
    judge(&mut group);
    Ok(if bad > 0 {
        vec![format!(
            "{bad} keys whose entries are not the canonical clusters of their figures"
        )]
    } else {
        vec![]
    })
}

/// Fills what migration 4 cannot compute in SQL for rows written by older versions: each
/// sighting's precision and each article's MinHash signature. Idempotent; cheap when done.
pub(super) fn backfill(conn: &mut Connection) -> rusqlite::Result<()> {
    let pending: i64 = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM sightings WHERE precision IS NULL OR value IS NULL) \
         + (SELECT COUNT(*) FROM articles WHERE minhash IS NULL)",
        [],
        |r| r.get(0),
    )?;
    if pending == 0 {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    {
        tx.execute(
            "UPDATE sightings SET value = json_extract(claim_json, '$.value') WHERE value IS NULL",
            [],
        )?;
        let todo: Vec<(i64, String, f64)> = {
            let mut st = tx.prepare(
                "SELECT id, surface, COALESCE(value, 0) FROM sightings WHERE precision IS NULL",
            )?;
            let r = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            r.collect::<rusqlite::Result<_>>()?
        };
        for (id, surface, value) in todo {
            tx.execute(
                "UPDATE sightings SET precision = ? WHERE id = ?",
                params![super::key::precision(&surface, value), id],
            )?;
        }
        let arts: Vec<(i64, String)> = {
            let mut st =
                tx.prepare("SELECT id, text FROM articles WHERE minhash IS NULL ORDER BY id")?;
            let r = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            r.collect::<rusqlite::Result<_>>()?
        };
        for (id, text) in arts {
            let sig = super::neardup::signature(&text);
            tx.execute(
                "UPDATE articles SET minhash = ? WHERE id = ?",
                params![super::neardup::to_blob(&sig), id],
            )?;
            let mut linker = super::links::BatchLinker::default();
            linker.prefetch(&tx, [sig.as_slice()])?;
            linker.link(&tx, id, sig)?;
            linker.finish(&tx)?;
        }
        // Old files were clustered greedily in arrival order: re-derive every key canonically.
        let keys: Vec<String> = {
            let mut st = tx.prepare("SELECT DISTINCT key FROM claims WHERE merged_into IS NULL")?;
            let r = st.query_map([], |r| r.get(0))?;
            r.collect::<rusqlite::Result<_>>()?
        };
        let at = super::sqlite::now();
        for k in keys {
            super::cluster::recluster(&tx, &k, &at)?;
        }
        // Re-clustering writes only what it changes; old rows may carry no counts at all.
        let live: Vec<i64> = {
            let mut st = tx.prepare("SELECT id FROM claims WHERE merged_into IS NULL")?;
            let r = st.query_map([], |r| r.get(0))?;
            r.collect::<rusqlite::Result<_>>()?
        };
        for id in live {
            super::cluster::refresh_counts(&tx, id)?;
        }
    }
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::fts_phrase;

    #[test]
    fn search_text_becomes_a_quoted_prefix_phrase() {
        assert_eq!(
            fts_phrase("Bank of Finl").as_deref(),
            Some("\"Bank of Finl\"*")
        );
        assert_eq!(fts_phrase("rose 12%").as_deref(), Some("\"rose 12\"*"));
        // FTS5 syntax in the user's text is only punctuation to the tokenizer.
        assert_eq!(
            fts_phrase("\"x\" OR source: NEAR(a b)*").as_deref(),
            Some("\"x OR source NEAR a b\"*")
        );
        assert_eq!(
            fts_phrase("Внешторгбанк").as_deref(),
            Some("\"Внешторгбанк\"*")
        );
        assert_eq!(fts_phrase(" % - "), None);
    }
}
