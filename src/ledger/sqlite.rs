//! The embedded SQLite ledger: one file, WAL, every ingest and review in one IMMEDIATE transaction.

use super::checkpoint::Checkpointer;
use super::links::SignatureCache;
use super::schema::MIGRATIONS;
use super::*;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub struct SqliteStore {
    pub(super) conn: Connection,
    /// Checkpoints `conn`'s commits on a thread of its own; held for its `Drop`, which must
    /// come after `conn`'s (fields drop in declaration order).
    _checkpoints: Checkpointer,
    pub(super) path: PathBuf,
    /// Sentence-embedding link suggestions at ingest; `None` switches them off.
    pub(super) suggester: Option<Suggester>,
    /// Near-duplicate signatures of recent articles, for the next ingest's candidates; told
    /// when a write transaction begins, commits or is undone.
    link_cache: SignatureCache,
}

pub(super) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Hash identifying an article's content: the same text under two URLs is one article.
pub fn content_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 128;

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // A 64 MiB page cache (default 2 MiB): at a million claims the indexes no longer fit the
    // default and ingest spends its time re-reading pages. Memory stays bounded by it.
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Ingest alone keeps ~25 statements hot; rusqlite's default cache of 16 re-parsed SQL
    // for every claim.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(())
}

/// A write: its own IMMEDIATE transaction, or a savepoint inside the group transaction of
/// [`SqliteStore::begin_group`] (all or nothing either way).
pub(super) enum WriteTx<'c> {
    Own(rusqlite::Transaction<'c>),
    InGroup(rusqlite::Savepoint<'c>),
}

impl std::ops::Deref for WriteTx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            WriteTx::Own(t) => t,
            WriteTx::InGroup(s) => s,
        }
    }
}

impl WriteTx<'_> {
    pub(super) fn commit(self) -> rusqlite::Result<()> {
        match self {
            WriteTx::Own(t) => t.commit(),
            WriteTx::InGroup(s) => s.commit(),
        }
    }
}

pub(super) fn write_tx(conn: &mut Connection) -> rusqlite::Result<WriteTx<'_>> {
    if conn.is_autocommit() {
        conn.transaction_with_behavior(TransactionBehavior::Immediate)
            .map(WriteTx::Own)
    } else {
        conn.savepoint().map(WriteTx::InGroup)
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the ledger at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore, LedgerError> {
        let err = |source| LedgerError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    err(rusqlite::Error::InvalidPath(PathBuf::from(format!(
                        "{}: {e}",
                        dir.display()
                    ))))
                })?;
            }
        }
        let conn = Connection::open(path).map_err(err)?;
        configure(&conn).map_err(err)?;
        let checkpoints = Checkpointer::install(&conn, path).map_err(err)?;
        let mut store = SqliteStore {
            conn,
            _checkpoints: checkpoints,
            path: path.to_path_buf(),
            suggester: None,
            link_cache: SignatureCache::default(),
        };
        store.migrate()?;
        super::read::backfill(&mut store.conn).map_err(err)?;
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

    /// Opens a group transaction: every write until [`commit_group`](Self::commit_group) commits
    /// together (a crawl's writer groups the pages that arrive together, so each page does not pay
    /// for a commit of its own). Writes inside keep their own all-or-nothing as savepoints.
    pub fn begin_group(&mut self) -> Result<(), LedgerError> {
        self.link_cache.transaction_begins();
        let r = self.conn.execute_batch("BEGIN IMMEDIATE");
        self.sql(r)
    }

    /// Commits the group opened by [`begin_group`](Self::begin_group).
    pub fn commit_group(&mut self) -> Result<(), LedgerError> {
        let r = self.conn.execute_batch("COMMIT");
        match r {
            Ok(()) => self.link_cache.committed(),
            Err(_) => self.link_cache.undone(),
        }
        self.sql(r)
    }

    /// Ingests in a transaction of its own, or in the open group. The signature cache goes in
    /// and comes back with the batch's; a batch that fails drops it (its transaction, or the
    /// whole group, may have been undone).
    fn ingest_items(
        &mut self,
        items: &[(&ArticleRecord, &[Claim])],
    ) -> Result<Vec<IngestOutcome>, LedgerError> {
        let own = self.conn.is_autocommit();
        match own {
            true => self.link_cache.transaction_begins(),
            false => self.link_cache.inside_transaction(),
        }
        let cache = std::mem::take(&mut self.link_cache);
        let (out, cache) = super::ingest::ingest_batch(
            &mut self.conn,
            &self.path,
            items,
            self.suggester.as_ref(),
            cache,
        )?;
        self.link_cache = cache;
        if own {
            self.link_cache.committed();
        }
        Ok(out)
    }

    /// Opens one unit of work inside the group (a crawled page): a savepoint that
    /// [`end_unit`](Self::end_unit) keeps or rolls back, so a unit that fails takes nothing else
    /// of its group with it.
    pub fn begin_unit(&mut self) -> Result<(), LedgerError> {
        let r = self.conn.execute_batch("SAVEPOINT group_unit");
        self.sql(r)
    }

    /// Ends the unit opened by [`begin_unit`](Self::begin_unit): keeps its writes, or undoes them.
    pub fn end_unit(&mut self, keep: bool) -> Result<(), LedgerError> {
        let sql = match keep {
            true => "RELEASE group_unit",
            false => "ROLLBACK TO group_unit; RELEASE group_unit",
        };
        if !keep {
            self.link_cache.undone();
        }
        let r = self.conn.execute_batch(sql);
        self.sql(r)
    }

    /// Whether a transaction is open. After a failed write it says whether SQLite ended the
    /// whole transaction itself (a full disk, an I/O error) rather than just the statement.
    pub fn in_transaction(&self) -> bool {
        !self.conn.is_autocommit()
    }

    /// Switches sentence-embedding link suggestions at ingest on (`Some`) or off.
    pub fn set_suggester(&mut self, suggester: Option<Suggester>) {
        self.suggester = suggester;
    }

    pub(super) fn sql<T>(&self, r: rusqlite::Result<T>) -> Result<T, LedgerError> {
        r.map_err(|source| LedgerError::Sqlite {
            path: self.path.clone(),
            source,
        })
    }

    /// Schema version of the file.
    pub fn schema_version(&self) -> Result<i64, LedgerError> {
        self.sql(
            self.conn
                .pragma_query_value(None, "user_version", |r| r.get(0)),
        )
    }

    fn migrate(&mut self) -> Result<(), LedgerError> {
        let known = MIGRATIONS.len() as i64;
        let found = self.schema_version()?;
        if found > known {
            return Err(LedgerError::TooNew {
                path: self.path.clone(),
                found,
                known,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let path = self.path.clone();
            let err = |source| LedgerError::Sqlite {
                path: path.clone(),
                source,
            };
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(err)?;
            // Another process may have migrated while we waited for the lock.
            let now_at: i64 = tx
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(err)?;
            if now_at > i as i64 {
                continue;
            }
            tx.execute_batch(sql).map_err(err)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)
                .map_err(err)?;
            tx.commit().map_err(err)?;
        }
        Ok(())
    }

    fn entry_query(filter: &ClaimFilter) -> (String, Vec<Box<dyn rusqlite::ToSql>>) {
        Self::entry_query_ordered(filter, "id")
    }

    /// The claims query with `order` (a trusted `ORDER BY` list, see [`ClaimSort::sql`]).
    pub(super) fn entry_query_ordered(
        filter: &ClaimFilter,
        order: &str,
    ) -> (String, Vec<Box<dyn rusqlite::ToSql>>) {
        super::read::entry_query(filter, order)
    }

    pub(super) fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LedgerEntry> {
        super::read::entry_from_row(r)
    }

    fn sightings_of(&self, id: i64) -> Result<Vec<Sighting>, LedgerError> {
        self.sql(super::read::sightings_of(&self.conn, id))
    }

    fn history_of(&self, id: i64) -> Result<Vec<ReviewEvent>, LedgerError> {
        let mut st = self.sql(self.conn.prepare_cached(
            "SELECT seq, at, by, from_status, to_status, note, kind, field, old_value, new_value \
             FROM review_events WHERE claim_id = ? ORDER BY seq",
        ))?;
        let rows = st.query_map([id], |r| {
            let from: String = r.get(3)?;
            let to: String = r.get(4)?;
            let kind: String = r.get(6)?;
            let field: Option<String> = r.get(7)?;
            Ok(ReviewEvent {
                kind: EventKind::parse(&kind),
                correction: field
                    .map(|field| {
                        Ok::<_, rusqlite::Error>(FieldCorrection {
                            field,
                            from: r.get(8)?,
                            to: r.get(9)?,
                        })
                    })
                    .transpose()?,
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
            let e = self
                .conn
                .prepare_cached(super::read::ENTRY_BY_ID)
                .and_then(|mut st| st.query_row([id], Self::entry_from_row).optional());
            if let Some(e) = self.sql(e)? {
                conflicting.push(e);
            }
        }
        Ok(ClaimDetail {
            sightings_list: self.sightings_of(entry.id)?,
            history: self.history_of(entry.id)?,
            suggestions: self.sql(super::read::suggestions_of(&self.conn, entry.id))?,
            conflicting,
            entry,
            extracted: Default::default(),
        })
    }
}

/// The review head of claim `id` inside a transaction: (events so far, current status).
/// Fails with `NoSuchClaim`, or with `Conflict` when `expected` is not the current version.
pub(super) fn review_head(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    id: i64,
    expected: Option<i64>,
) -> Result<(i64, ReviewStatus), LedgerError> {
    let err = |source| LedgerError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let exists: bool = tx
        .query_row(
            "SELECT EXISTS(SELECT 1 FROM claims WHERE id = ?)",
            [id],
            |r| r.get(0),
        )
        .map_err(err)?;
    if !exists {
        return Err(LedgerError::NoSuchClaim(id));
    }
    let (version, status): (i64, Option<String>) = tx
        .query_row(
            "SELECT COUNT(*), (SELECT to_status FROM review_events WHERE claim_id = ?1 ORDER BY seq DESC LIMIT 1) \
             FROM review_events WHERE claim_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(err)?;
    if let Some(expected) = expected.filter(|e| *e != version) {
        return Err(LedgerError::Conflict {
            id,
            expected,
            current: version,
        });
    }
    let status = status
        .as_deref()
        .and_then(ReviewStatus::parse)
        .unwrap_or(ReviewStatus::Unreviewed);
    Ok((version, status))
}

impl Store for SqliteStore {
    fn amend(&mut self, id: i64, amendment: &Amendment) -> Result<ReviewEvent, LedgerError> {
        self.amend_claim(id, amendment)
    }

    fn claims_sorted(
        &self,
        filter: &ClaimFilter,
        sort: ClaimSort,
    ) -> Result<Vec<LedgerEntry>, LedgerError> {
        self.claims_page(filter, sort)
    }

    fn sighting_sources(&self, id: i64) -> Result<Vec<SightingSource>, LedgerError> {
        self.sources_of(id)
    }

    fn dashboard(&self) -> Result<Dashboard, LedgerError> {
        self.dashboard_data()
    }

    fn next_unreviewed(&self, after: i64, backwards: bool) -> Result<Option<i64>, LedgerError> {
        self.unreviewed_after(after, backwards)
    }

    fn ingest(
        &mut self,
        article: &ArticleRecord,
        claims: &[Claim],
    ) -> Result<IngestOutcome, LedgerError> {
        let mut out = self.ingest_items(&[(article, claims)])?;
        out.pop()
            .ok_or_else(|| LedgerError::Corrupt("ingest recorded nothing".into()))
    }

    fn ingest_batch(
        &mut self,
        batch: &[(ArticleRecord, Vec<Claim>)],
    ) -> Result<Vec<IngestOutcome>, LedgerError> {
        let items: Vec<(&ArticleRecord, &[Claim])> =
            batch.iter().map(|(a, c)| (a, c.as_slice())).collect();
        self.ingest_items(&items)
    }

    fn claims(&self, filter: &ClaimFilter) -> Result<Vec<LedgerEntry>, LedgerError> {
        let (sql, args) = Self::entry_query(filter);
        let mut st = self.sql(self.conn.prepare(&sql))?;
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let rows = self.sql(st.query_map(params.as_slice(), Self::entry_from_row))?;
        self.sql(rows.collect())
    }

    fn count_claims(&self, filter: &ClaimFilter) -> Result<i64, LedgerError> {
        let (sql, args) = super::read::count_query(filter);
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        self.sql(self.conn.query_row(&sql, params.as_slice(), |r| r.get(0)))
    }

    fn claim(&self, id: i64) -> Result<Option<ClaimDetail>, LedgerError> {
        let entry = self.sql(
            self.conn
                .query_row(super::read::ENTRY_BY_ID, [id], Self::entry_from_row)
                .optional(),
        )?;
        entry.map(|e| self.detail(e)).transpose()
    }

    fn review(&mut self, id: i64, change: &ReviewChange) -> Result<ReviewEvent, LedgerError> {
        let path = self.path.clone();
        let err = |source| LedgerError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let (version, from) = review_head(&tx, &path, id, change.expected_version)?;
        let event = ReviewEvent {
            claim_id: id,
            seq: version + 1,
            at: now(),
            by: change.by.clone(),
            from,
            to: change.to,
            note: change.note.clone(),
            kind: EventKind::Status,
            correction: None,
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
        // Entries stream from one statement (memory stays flat however many match); each is
        // written as reviewers corrected it.
        let tx = self.sql(self.conn.unchecked_transaction())?;
        let (sql, args) = Self::entry_query(filter);
        let mut st = self.sql(self.conn.prepare(&sql))?;
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let mut rows = self.sql(st.query(params.as_slice()))?;
        let mut n = 0;
        while let Some(row) = self.sql(rows.next())? {
            let entry = self.sql(Self::entry_from_row(row))?;
            f(self.detail(entry)?.corrected())?;
            n += 1;
        }
        drop(rows);
        drop(st);
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
            .query_row(
                "SELECT etag, last_modified, content_hash FROM pages WHERE url = ?",
                [url],
                |r| {
                    Ok(PageState {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                        content_hash: r.get(2)?,
                    })
                },
            )
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

    fn frontier_add(
        &mut self,
        source: &str,
        entries: &[FrontierEntry],
        revisit: bool,
    ) -> Result<usize, LedgerError> {
        let path = self.path.clone();
        let err = |source| LedgerError::Sqlite {
            path: path.clone(),
            source,
        };
        let at = now();
        let tx = write_tx(&mut self.conn).map_err(err)?;
        let mut n = 0;
        {
            let sql = if revisit {
                "INSERT INTO frontier (source, url, depth, state, added_at, updated_at) VALUES (?1,?2,?3,'pending',?4,?4) \
                 ON CONFLICT(source, url) DO UPDATE SET state = 'pending', updated_at = excluded.updated_at \
                 WHERE frontier.state <> 'pending'"
            } else {
                "INSERT OR IGNORE INTO frontier (source, url, depth, state, added_at, updated_at) \
                 VALUES (?1,?2,?3,'pending',?4,?4)"
            };
            let mut st = tx.prepare_cached(sql).map_err(err)?;
            for e in entries {
                n += st
                    .execute(params![source, e.url, e.depth, at])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(n)
    }

    fn frontier_pending(&self, source: &str) -> Result<Vec<FrontierEntry>, LedgerError> {
        let mut st = self.sql(self.conn.prepare(
            "SELECT url, depth FROM frontier WHERE source = ? AND state = 'pending' ORDER BY rowid",
        ))?;
        let rows = self.sql(st.query_map([source], |r| {
            Ok(FrontierEntry {
                url: r.get(0)?,
                depth: r.get(1)?,
            })
        }))?;
        self.sql(rows.collect())
    }

    fn frontier_set(
        &mut self,
        source: &str,
        url: &str,
        state: FrontierState,
    ) -> Result<(), LedgerError> {
        let res = self.conn.execute(
            "UPDATE frontier SET state = ?, updated_at = ? WHERE source = ? AND url = ?",
            params![state.as_str(), now(), source, url],
        );
        self.sql(res).map(|_| ())
    }

    fn record_relevance(&mut self, r: &RelevanceRecord) -> Result<(), LedgerError> {
        let res = self.conn.execute(
            "INSERT INTO relevance (url, source, keyword, score, relevant, reason, decided_at) VALUES (?,?,?,?,?,?,?) \
             ON CONFLICT(url) DO UPDATE SET source = excluded.source, keyword = excluded.keyword, \
             score = excluded.score, relevant = excluded.relevant, reason = excluded.reason, \
             decided_at = excluded.decided_at",
            params![r.url, r.source, r.keyword, r.score, r.relevant, r.reason, now()],
        );
        self.sql(res).map(|_| ())
    }

    fn skipped_pages(&self, limit: i64) -> Result<Vec<SkippedPage>, LedgerError> {
        let mut st = self.sql(self.conn.prepare(
            "SELECT l.at, l.source, l.url, l.skipped, r.score FROM crawl_log l LEFT JOIN relevance r ON r.url = l.url \
             WHERE l.skipped IS NOT NULL ORDER BY l.id DESC LIMIT ?",
        ))?;
        let rows = self.sql(st.query_map([limit], |r| {
            Ok(SkippedPage {
                at: r.get(0)?,
                source: r.get(1)?,
                url: r.get(2)?,
                reason: r.get(3)?,
                score: r.get(4)?,
            })
        }))?;
        self.sql(rows.collect())
    }

    fn stats(&self) -> Result<LedgerStats, LedgerError> {
        self.sql(super::read::stats(&self.conn))
    }

    fn check(&self) -> Result<Vec<String>, LedgerError> {
        self.sql(super::read::check(&self.conn))
    }
}
