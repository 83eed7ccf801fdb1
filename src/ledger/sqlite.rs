//! The embedded SQLite ledger: one file, WAL, every ingest and review in one IMMEDIATE transaction.

use super::key::{claim_key, enum_str, precision, values_agree};
use super::schema::MIGRATIONS;
use super::*;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Hash identifying an article's content: the same text under two URLs is one article.
pub fn content_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

impl SqliteStore {
    /// Opens (creating if needed) the ledger at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore, LedgerError> {
        let err = |source| LedgerError::Sqlite { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    err(rusqlite::Error::InvalidPath(PathBuf::from(format!("{}: {e}", dir.display()))))
                })?;
            }
        }
        let conn = Connection::open(path).map_err(err)?;
        let mut store = SqliteStore { conn, path: path.to_path_buf() };
        store.configure().map_err(err)?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing ledger without creating it.
    pub fn open_existing(path: &Path) -> Result<SqliteStore, LedgerError> {
        if !path.is_file() {
            return Err(LedgerError::Sqlite {
                path: path.to_path_buf(),
                source: rusqlite::Error::InvalidPath(path.to_path_buf()),
            });
        }
        Self::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&mut self) -> rusqlite::Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(30))?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    fn sql<T>(&self, r: rusqlite::Result<T>) -> Result<T, LedgerError> {
        r.map_err(|source| LedgerError::Sqlite { path: self.path.clone(), source })
    }

    /// Schema version of the file.
    pub fn schema_version(&self) -> Result<i64, LedgerError> {
        self.sql(self.conn.pragma_query_value(None, "user_version", |r| r.get(0)))
    }

    fn migrate(&mut self) -> Result<(), LedgerError> {
        let known = MIGRATIONS.len() as i64;
        let found = self.schema_version()?;
        if found > known {
            return Err(LedgerError::TooNew { path: self.path.clone(), found, known });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let path = self.path.clone();
            let err = |source| LedgerError::Sqlite { path: path.clone(), source };
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
            // Another process may have migrated while we waited for the lock.
            let now_at: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(err)?;
            if now_at > i as i64 {
                continue;
            }
            tx.execute_batch(sql).map_err(err)?;
            tx.pragma_update(None, "user_version", i as i64 + 1).map_err(err)?;
            tx.commit().map_err(err)?;
        }
        Ok(())
    }

    fn entry_query(filter: &ClaimFilter) -> (String, Vec<Box<dyn rusqlite::ToSql>>) {
        let mut sql = String::from(
            "WITH e AS (SELECT c.id, c.key, c.kind, c.value, c.low, c.high, c.unit, c.approx, c.metric, \
             c.subject, c.counterpart, c.item, c.period_start, c.period_end, c.baseline_start, c.baseline_end, \
             c.surface, c.first_seen, \
             COALESCE((SELECT r.to_status FROM review_events r WHERE r.claim_id = c.id ORDER BY r.seq DESC LIMIT 1), 'unreviewed') AS status, \
             (SELECT COUNT(*) FROM review_events r WHERE r.claim_id = c.id) AS version, \
             (SELECT COUNT(*) FROM sightings s WHERE s.claim_id = c.id) AS n_sightings, \
             (SELECT COUNT(DISTINCT COALESCE(a.outlet, a.url, a.ext_id)) FROM sightings s JOIN articles a ON a.id = s.article_id WHERE s.claim_id = c.id) AS n_outlets, \
             (SELECT group_concat(c2.id) FROM claims c2 WHERE c2.key = c.key AND c2.id <> c.id) AS conflicts \
             FROM claims c) SELECT * FROM e WHERE 1=1",
        );
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        fn push(sql: &mut String, args: &mut Vec<Box<dyn rusqlite::ToSql>>, clause: &str, v: Box<dyn rusqlite::ToSql>) {
            sql.push_str(clause);
            args.push(v);
        }
        if let Some(s) = filter.status {
            push(&mut sql, &mut args, " AND status = ?", Box::new(s.as_str()));
        }
        if let Some(m) = &filter.metric {
            push(&mut sql, &mut args, " AND metric = ?", Box::new(m.clone()));
        }
        if let Some(s) = &filter.subject {
            push(&mut sql, &mut args, " AND lower(subject) = lower(?)", Box::new(s.clone()));
        }
        if let Some(s) = &filter.counterpart {
            push(&mut sql, &mut args, " AND lower(counterpart) = lower(?)", Box::new(s.clone()));
        }
        if let Some(o) = &filter.outlet {
            push(&mut sql, &mut args, " AND EXISTS (SELECT 1 FROM sightings s JOIN articles a ON a.id = s.article_id \
                 WHERE s.claim_id = e.id AND lower(a.outlet) = lower(?))", Box::new(o.clone()));
        }
        if let Some(src) = &filter.source {
            push(&mut sql, &mut args, " AND EXISTS (SELECT 1 FROM sightings s WHERE s.claim_id = e.id AND s.source LIKE '%' || ? || '%')", Box::new(src.clone()));
        }
        if let Some(from) = &filter.period_from {
            push(&mut sql, &mut args, " AND (period_end IS NULL OR period_end >= ?)", Box::new(from.clone()));
        }
        if let Some(to) = &filter.period_to {
            push(&mut sql, &mut args, " AND (period_start IS NULL OR period_start <= ?)", Box::new(to.clone()));
        }
        if let Some(n) = filter.min_sightings {
            push(&mut sql, &mut args, " AND n_sightings >= ?", Box::new(n));
        }
        if filter.conflicts_only {
            sql.push_str(" AND conflicts IS NOT NULL");
        }
        if let Some(q) = &filter.search {
            sql.push_str(
                " AND (e.surface LIKE '%' || ? || '%' OR EXISTS (SELECT 1 FROM sightings s \
                 WHERE s.claim_id = e.id AND s.sentence LIKE '%' || ? || '%'))",
            );
            args.push(Box::new(q.clone()));
            args.push(Box::new(q.clone()));
        }
        sql.push_str(" ORDER BY id");
        if let Some(l) = filter.limit {
            sql.push_str(&format!(" LIMIT {}", l.max(0)));
            if let Some(o) = filter.offset {
                sql.push_str(&format!(" OFFSET {}", o.max(0)));
            }
        }
        (sql, args)
    }

    fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LedgerEntry> {
        let status: String = r.get("status")?;
        let conflicts: Option<String> = r.get("conflicts")?;
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
            conflicts: conflicts
                .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
                .unwrap_or_default(),
            first_seen: r.get("first_seen")?,
        })
    }

    fn sightings_of(&self, id: i64) -> Result<Vec<Sighting>, LedgerError> {
        let mut st = self.sql(self.conn.prepare_cached(
            "SELECT s.article_id, a.ext_id, a.url, a.outlet, a.published, a.lang, s.surface, s.span_start, \
             s.span_end, s.sentence, s.source, s.source_surface, s.confidence \
             FROM sightings s JOIN articles a ON a.id = s.article_id WHERE s.claim_id = ? ORDER BY a.published, s.id",
        ))?;
        let rows = st.query_map([id], |r| {
            Ok(Sighting {
                article_id: r.get(0)?,
                article: r.get(1)?,
                url: r.get(2)?,
                outlet: r.get(3)?,
                published: r.get(4)?,
                lang: r.get(5)?,
                surface: r.get(6)?,
                span: [r.get::<_, i64>(7)? as usize, r.get::<_, i64>(8)? as usize],
                sentence: r.get(9)?,
                source: r.get(10)?,
                source_surface: r.get(11)?,
                confidence: r.get(12)?,
            })
        });
        let rows = self.sql(rows)?;
        self.sql(rows.collect())
    }

    fn history_of(&self, id: i64) -> Result<Vec<ReviewEvent>, LedgerError> {
        let mut st = self.sql(self.conn.prepare_cached(
            "SELECT seq, at, by, from_status, to_status, note FROM review_events WHERE claim_id = ? ORDER BY seq",
        ))?;
        let rows = st.query_map([id], |r| {
            let from: String = r.get(3)?;
            let to: String = r.get(4)?;
            Ok(ReviewEvent {
                claim_id: id,
                seq: r.get(0)?,
                at: r.get(1)?,
                by: r.get(2)?,
                from: ReviewStatus::parse(&from).unwrap_or(ReviewStatus::Unreviewed),
                to: ReviewStatus::parse(&to).unwrap_or(ReviewStatus::Unreviewed),
                note: r.get(5)?,
            })
        });
        let rows = self.sql(rows)?;
        self.sql(rows.collect())
    }

    fn detail(&self, entry: LedgerEntry) -> Result<ClaimDetail, LedgerError> {
        let mut conflicting = Vec::new();
        for id in &entry.conflicts {
            let f = ClaimFilter::default();
            let (mut sql, args) = Self::entry_query(&f);
            sql = sql.replace(" ORDER BY id", " AND id = ? ORDER BY id");
            let mut st = self.sql(self.conn.prepare_cached(&sql))?;
            let mut params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
            params.push(id);
            if let Some(e) = self.sql(st.query_row(params.as_slice(), Self::entry_from_row).optional())? {
                conflicting.push(e);
            }
        }
        Ok(ClaimDetail {
            sightings_list: self.sightings_of(entry.id)?,
            history: self.history_of(entry.id)?,
            conflicting,
            entry,
        })
    }
}

impl Store for SqliteStore {
    fn ingest(&mut self, article: &ArticleRecord, claims: &[Claim]) -> Result<IngestOutcome, LedgerError> {
        let path = self.path.clone();
        let err = |source| LedgerError::Sqlite { path: path.clone(), source };
        let hash = content_hash(&article.text);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        let existing: Option<i64> = tx
            .query_row("SELECT id FROM articles WHERE content_hash = ?", [&hash], |r| r.get(0))
            .optional()
            .map_err(err)?;
        if let Some(article_id) = existing {
            return Ok(IngestOutcome { article_id, ..Default::default() });
        }
        let version: i64 = match &article.url {
            Some(url) => tx
                .query_row("SELECT COALESCE(MAX(version), 0) + 1 FROM articles WHERE url = ?", [url], |r| r.get(0))
                .map_err(err)?,
            None => 1,
        };
        let at = now();
        tx.execute(
            "INSERT INTO articles (ext_id, url, content_hash, version, title, published, author, outlet, lang, \
             source_line, text, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            params![
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
                at
            ],
        )
        .map_err(err)?;
        let article_id = tx.last_insert_rowid();
        let mut outcome = IngestOutcome { article_id, new_article: true, ..Default::default() };
        for c in claims {
            let key = claim_key(c);
            let prec = precision(&c.surface, c.value);
            let mut found = None;
            {
                let mut st = tx
                    .prepare_cached("SELECT id, value, precision FROM claims WHERE key = ? ORDER BY id")
                    .map_err(err)?;
                let mut rows = st.query([&key]).map_err(err)?;
                while let Some(r) = rows.next().map_err(err)? {
                    let (id, v, p): (i64, f64, f64) = (r.get(0).map_err(err)?, r.get(1).map_err(err)?, r.get(2).map_err(err)?);
                    if values_agree(c.value, prec, v, p) {
                        found = Some((id, v, p));
                        break;
                    }
                }
            }
            let claim_id = match found {
                Some((id, v, p)) => {
                    // Keep the most precise figure; ties go to the smaller value so order does not matter.
                    if prec < p || (prec == p && c.value < v) {
                        tx.execute(
                            "UPDATE claims SET value = ?, low = ?, high = ?, precision = ?, surface = ? WHERE id = ?",
                            params![c.value, c.low, c.high, prec, c.surface, id],
                        )
                        .map_err(err)?;
                    }
                    id
                }
                None => {
                    let p = |p: &Option<crate::claims::PeriodRef>, end: bool| {
                        p.as_ref().and_then(|p| if end { p.end } else { p.start }).map(|d| d.to_string())
                    };
                    tx.execute(
                        "INSERT INTO claims (key, kind, value, low, high, precision, unit, approx, metric, subject, \
                         counterpart, item, period_start, period_end, baseline_start, baseline_end, surface, first_seen) \
                         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        params![
                            key,
                            enum_str(&c.kind),
                            c.value,
                            c.low,
                            c.high,
                            prec,
                            c.unit,
                            enum_str(&c.approx),
                            enum_str(&c.metric),
                            c.subject,
                            c.counterpart,
                            c.item,
                            p(&c.period, false),
                            p(&c.period, true),
                            p(&c.baseline, false),
                            p(&c.baseline, true),
                            c.surface,
                            at
                        ],
                    )
                    .map_err(err)?;
                    outcome.new_claims += 1;
                    tx.last_insert_rowid()
                }
            };
            let json = serde_json::to_string(c).map_err(|e| LedgerError::Corrupt(e.to_string()))?;
            let n = tx
                .execute(
                    "INSERT OR IGNORE INTO sightings (claim_id, article_id, surface, span_start, span_end, sentence, \
                     source, source_surface, confidence, claim_json) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    params![
                        claim_id,
                        article_id,
                        c.surface,
                        c.span[0] as i64,
                        c.span[1] as i64,
                        c.sentence,
                        c.source.as_ref().map(|s| s.name.clone()),
                        c.source.as_ref().map(|s| s.surface.clone()),
                        c.confidence,
                        json
                    ],
                )
                .map_err(err)?;
            outcome.new_sightings += n;
        }
        tx.commit().map_err(err)?;
        Ok(outcome)
    }

    fn claims(&self, filter: &ClaimFilter) -> Result<Vec<LedgerEntry>, LedgerError> {
        let (sql, args) = Self::entry_query(filter);
        let mut st = self.sql(self.conn.prepare(&sql))?;
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let rows = self.sql(st.query_map(params.as_slice(), Self::entry_from_row))?;
        self.sql(rows.collect())
    }

    fn count_claims(&self, filter: &ClaimFilter) -> Result<i64, LedgerError> {
        let f = ClaimFilter { limit: None, offset: None, ..filter.clone() };
        let (sql, args) = Self::entry_query(&f);
        let sql = format!("SELECT COUNT(*) FROM ({sql})");
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        self.sql(self.conn.query_row(&sql, params.as_slice(), |r| r.get(0)))
    }

    fn claim(&self, id: i64) -> Result<Option<ClaimDetail>, LedgerError> {
        let (sql, args) = Self::entry_query(&ClaimFilter::default());
        let sql = sql.replace(" ORDER BY id", " AND id = ? ORDER BY id");
        let mut params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        params.push(&id);
        let entry = self.sql(self.conn.query_row(&sql, params.as_slice(), Self::entry_from_row).optional())?;
        entry.map(|e| self.detail(e)).transpose()
    }

    fn review(&mut self, id: i64, change: &ReviewChange) -> Result<ReviewEvent, LedgerError> {
        let path = self.path.clone();
        let err = |source| LedgerError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        let exists: bool = tx
            .query_row("SELECT EXISTS(SELECT 1 FROM claims WHERE id = ?)", [id], |r| r.get(0))
            .map_err(err)?;
        if !exists {
            return Err(LedgerError::NoSuchClaim(id));
        }
        let (version, from): (i64, Option<String>) = tx
            .query_row(
                "SELECT COUNT(*), (SELECT to_status FROM review_events WHERE claim_id = ?1 ORDER BY seq DESC LIMIT 1) \
                 FROM review_events WHERE claim_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(err)?;
        if let Some(expected) = change.expected_version {
            if expected != version {
                return Err(LedgerError::Conflict { id, expected, current: version });
            }
        }
        let from = from.as_deref().and_then(ReviewStatus::parse).unwrap_or(ReviewStatus::Unreviewed);
        let event = ReviewEvent {
            claim_id: id,
            seq: version + 1,
            at: now(),
            by: change.by.clone(),
            from,
            to: change.to,
            note: change.note.clone(),
        };
        tx.execute(
            "INSERT INTO review_events (claim_id, seq, at, by, from_status, to_status, note) VALUES (?,?,?,?,?,?,?)",
            params![id, event.seq, event.at, event.by, from.as_str(), event.to.as_str(), event.note],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(event)
    }

    fn export(
        &self,
        filter: &ClaimFilter,
        f: &mut dyn FnMut(ClaimDetail) -> std::io::Result<()>,
    ) -> Result<usize, ExportError> {
        // One read transaction: the export is a consistent snapshot even while a crawl writes.
        let tx = self.sql(self.conn.unchecked_transaction())?;
        let entries = self.claims(filter)?;
        let n = entries.len();
        for e in entries {
            f(self.detail(e)?)?;
        }
        self.sql(tx.finish())?;
        Ok(n)
    }

    fn log_fetch(&mut self, r: &FetchRecord) -> Result<(), LedgerError> {
        let res = self.conn.execute(
            "INSERT INTO crawl_log (at, source, url, status, bytes, elapsed_ms, error, skipped) VALUES (?,?,?,?,?,?,?,?)",
            params![now(), r.source, r.url, r.status, r.bytes as i64, r.elapsed_ms as i64, r.error, r.skipped],
        );
        self.sql(res).map(|_| ())
    }

    fn page_state(&self, url: &str) -> Result<Option<PageState>, LedgerError> {
        let res = self
            .conn
            .query_row("SELECT etag, last_modified, content_hash FROM pages WHERE url = ?", [url], |r| {
                Ok(PageState { etag: r.get(0)?, last_modified: r.get(1)?, content_hash: r.get(2)? })
            })
            .optional();
        self.sql(res)
    }

    fn set_page_state(&mut self, url: &str, s: &PageState) -> Result<(), LedgerError> {
        let res = self.conn.execute(
            "INSERT INTO pages (url, etag, last_modified, content_hash, updated_at) VALUES (?,?,?,?,?) \
             ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, \
             content_hash = excluded.content_hash, updated_at = excluded.updated_at",
            params![url, s.etag, s.last_modified, s.content_hash, now()],
        );
        self.sql(res).map(|_| ())
    }

    fn stats(&self) -> Result<LedgerStats, LedgerError> {
        let res = self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM sightings), \
             (SELECT COUNT(*) FROM claims c WHERE EXISTS (SELECT 1 FROM claims c2 WHERE c2.key = c.key AND c2.id <> c.id)), \
             (SELECT COUNT(DISTINCT claim_id) FROM review_events)",
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
        );
        self.sql(res)
    }

    fn check(&self) -> Result<Vec<String>, LedgerError> {
        let mut problems = Vec::new();
        let integrity: String = self.sql(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)))?;
        if integrity != "ok" {
            problems.push(format!("sqlite integrity_check: {integrity}"));
        }
        let checks = [
            ("claims without sightings", "SELECT COUNT(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM sightings s WHERE s.claim_id = c.id)"),
            ("sightings of missing claims", "SELECT COUNT(*) FROM sightings s WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = s.claim_id)"),
            ("sightings of missing articles", "SELECT COUNT(*) FROM sightings s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id)"),
            ("review histories with gaps", "SELECT COUNT(*) FROM (SELECT claim_id FROM review_events GROUP BY claim_id HAVING MAX(seq) <> COUNT(*))"),
            ("sightings whose span does not match the article text", "SELECT COUNT(*) FROM sightings s JOIN articles a ON a.id = s.article_id WHERE substr(CAST(a.text AS BLOB), s.span_start + 1, s.span_end - s.span_start) <> CAST(s.surface AS BLOB)"),
        ];
        for (what, sql) in checks {
            let n: i64 = self.sql(self.conn.query_row(sql, [], |r| r.get(0)))?;
            if n > 0 {
                problems.push(format!("{n} {what}"));
            }
        }
        Ok(problems)
    }
}
