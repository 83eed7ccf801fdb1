//! Checkpoints off the writer's thread.
//!
//! ```text
//! writer:        BEGIN .. COMMIT --wal hook--> signal        BEGIN .. COMMIT --> signal ..
//! checkpointer:                          wal_checkpoint(PASSIVE)            wal_checkpoint ..
//! ```
//! SQLite's automatic checkpoint runs inside the commit that pushes the WAL past 1,000 pages:
//! the writer copies the WAL's pages into the database file and syncs it before it can start
//! the next transaction (12% of a bulk ingest at a million claims). Here the writer's
//! connection does not checkpoint itself (`wal_autocheckpoint = 0`); its WAL hook, which SQLite
//! calls after every commit with the WAL's size, wakes a thread that checkpoints through a
//! connection of its own while the writer builds the next transaction. A passive checkpoint
//! never blocks the writer or a reader, and durability is the WAL's as before: a commit is in
//! the WAL when it returns, the checkpoint only moves it.
//!
//! The WAL stays bounded: the writer restarts it from the beginning only when the last
//! checkpoint finished before its transaction began, which a writer that never pauses would
//! not allow. So past [`WAL_LIMIT_PAGES`] the commit waits in the hook for a checkpoint of
//! everything it wrote, and the next transaction starts the WAL over. On drop the thread
//! checkpoints once more and closes its connection (the last to close checkpoints and removes
//! the WAL, as a single connection's close did).

use rusqlite::Connection;
use std::os::raw::{c_char, c_int, c_void};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

/// The WAL size at which a commit asks for a checkpoint: SQLite's own default.
pub(super) const CHECKPOINT_PAGES: c_int = 1000;

/// The WAL size (pages, 512 MiB at 4 KiB a page) past which a commit waits for the
/// checkpointer, so the next transaction starts the WAL over.
pub(super) const WAL_LIMIT_PAGES: c_int = 131_072;

#[derive(Default)]
struct State {
    /// Commits that asked for a checkpoint so far.
    asked: u64,
    /// Asks answered by a checkpoint that started after them.
    done: u64,
    /// The store is closing.
    closing: bool,
    /// The thread has ended (or could not start): nobody waits for it.
    gone: bool,
}

struct Shared {
    path: PathBuf,
    /// [`WAL_LIMIT_PAGES`], smaller in tests.
    limit: c_int,
    state: Mutex<State>,
    changed: Condvar,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// After a commit that left `pages` in the WAL.
    fn committed(self: &Arc<Self>, pages: c_int) {
        if pages < CHECKPOINT_PAGES {
            return;
        }
        self.start();
        let mut st = self.state();
        st.asked += 1;
        let ticket = st.asked;
        self.changed.notify_all();
        if pages < self.limit {
            return;
        }
        while st.done < ticket && !st.gone {
            st = self
                .changed
                .wait(st)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Starts the thread on the first ask (a store that only reads never needs one).
    fn start(self: &Arc<Self>) {
        let mut thread = self.thread.lock().unwrap_or_else(PoisonError::into_inner);
        if thread.is_some() || self.state().gone {
            return;
        }
        let shared = Arc::clone(self);
        match std::thread::Builder::new()
            .name("ledger-checkpoint".into())
            .spawn(move || shared.run())
        {
            Ok(h) => *thread = Some(h),
            // No thread: commits go on without checkpoints until the close checkpoints.
            Err(_) => self.state().gone = true,
        }
    }

    fn run(&self) {
        /// Marks the thread gone however it ends, so a waiting commit never hangs.
        struct Gone<'a>(&'a Shared);
        impl Drop for Gone<'_> {
            fn drop(&mut self) {
                self.0.state().gone = true;
                self.0.changed.notify_all();
            }
        }
        let _gone = Gone(self);
        let Ok(conn) = Connection::open(&self.path) else {
            return;
        };
        // As the writer's: the WAL is synced before a checkpoint and the file after it.
        let _ = conn.pragma_update(None, "synchronous", "NORMAL");
        loop {
            let (ticket, closing) = {
                let mut st = self.state();
                while st.done == st.asked && !st.closing {
                    st = self
                        .changed
                        .wait(st)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                (st.asked, st.closing)
            };
            // A busy or failed checkpoint is retried at the next commit, as SQLite's own is;
            // the WAL keeps every commit meanwhile.
            let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            let mut st = self.state();
            st.done = st.done.max(ticket);
            self.changed.notify_all();
            if closing {
                break;
            }
        }
        drop(conn);
    }
}

/// The checkpointer of one store's writer connection. Declared after the connection in
/// [`super::SqliteStore`], so it is dropped after it: the hook's pointer to it never dangles.
pub(super) struct Checkpointer {
    shared: Arc<Shared>,
}

impl Checkpointer {
    /// Stops `conn` checkpointing itself and hands its checkpoints to a thread.
    pub(super) fn install(conn: &Connection, path: &Path) -> rusqlite::Result<Checkpointer> {
        Self::install_with_limit(conn, path, WAL_LIMIT_PAGES)
    }

    fn install_with_limit(
        conn: &Connection,
        path: &Path,
        limit: c_int,
    ) -> rusqlite::Result<Checkpointer> {
        let shared = Arc::new(Shared {
            path: path.to_path_buf(),
            limit,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            thread: Mutex::new(None),
        });
        // Before the hook: this pragma installs SQLite's own hook, or clears it at 0.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        // SAFETY: the hook's data points into `shared`, which this `Checkpointer` keeps alive
        // and which outlives the connection (see the struct's doc); the hook only reads it
        // through `&` and does not unwind (no panics: poisoned locks are taken as they are).
        unsafe {
            rusqlite::ffi::sqlite3_wal_hook(
                conn.handle(),
                Some(wal_hook),
                Arc::as_ptr(&shared) as *mut c_void,
            );
        }
        Ok(Checkpointer { shared })
    }
}

extern "C" fn wal_hook(
    data: *mut c_void,
    _db: *mut rusqlite::ffi::sqlite3,
    _name: *const c_char,
    pages: c_int,
) -> c_int {
    // SAFETY: `data` is the `Arc<Shared>` of a live `Checkpointer` (see `install`).
    let shared = unsafe { &*(data as *const Shared) };
    // `committed` needs the Arc itself to start the thread: rebuild a counted handle.
    // SAFETY: the pointer came from `Arc::as_ptr` of an Arc that is still alive.
    let arc = unsafe {
        Arc::increment_strong_count(shared as *const Shared);
        Arc::from_raw(shared as *const Shared)
    };
    // Nothing in `committed` panics; were it to, unwinding into SQLite must not happen.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| arc.committed(pages)));
    rusqlite::ffi::SQLITE_OK
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        {
            let mut st = self.shared.state();
            st.closing = true;
            self.shared.changed.notify_all();
        }
        let thread = self
            .shared
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(h) = thread {
            // The thread does not panic; if it did, the close must not panic in turn.
            let _ = h.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages in the WAL (after a checkpoint of them, from a connection of its own).
    fn wal(path: &Path) -> i64 {
        let c = Connection::open(path).unwrap();
        c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))
            .unwrap()
    }

    fn writer(path: &Path, limit: c_int) -> (Connection, Checkpointer) {
        let conn = Connection::open(path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch("CREATE TABLE t (x BLOB)").unwrap();
        let ck = Checkpointer::install_with_limit(&conn, path, limit).unwrap();
        (conn, ck)
    }

    /// Writes about `pages` pages of 4 KiB in one transaction.
    fn write(conn: &Connection, pages: i64) {
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) \
             INSERT INTO t SELECT zeroblob(3000) FROM n",
            [pages],
        )
        .unwrap();
    }

    /// A commit past the limit returns only once a checkpoint that began after it is done: then
    /// the whole WAL is in the file, and the next transaction starts the WAL over.
    #[test]
    fn a_commit_past_the_limit_waits_for_its_checkpoint_and_the_wal_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.sqlite");
        let (conn, _ck) = writer(&path, 1500);
        write(&conn, 2000);
        // The thread copied the pages into the file (the writer's connection does not).
        let file = std::fs::metadata(&path).unwrap().len();
        assert!(file > 1500 * 4096, "{file} bytes");
        write(&conn, 10);
        let log = wal(&path);
        assert!(log < 100, "the WAL did not start over: {log} pages");
    }

    /// The writer's connection never checkpoints; the thread's does, and the last close (the
    /// thread's connection, after the writer's) copies the rest and removes the WAL.
    #[test]
    fn the_close_checkpoints_and_removes_the_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.sqlite");
        let (conn, ck) = writer(&path, WAL_LIMIT_PAGES);
        write(&conn, 1200);
        write(&conn, 10);
        let wal_file = dir.path().join("l.sqlite-wal");
        assert!(wal_file.exists());
        drop(conn);
        drop(ck);
        assert!(!wal_file.exists());
        let c = Connection::open(&path).unwrap();
        let n: i64 = c
            .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1210);
    }

    /// A store that only reads starts no thread.
    #[test]
    fn small_commits_start_no_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.sqlite");
        let (conn, ck) = writer(&path, WAL_LIMIT_PAGES);
        write(&conn, 10);
        assert!(ck.shared.thread.lock().unwrap().is_none());
        write(&conn, 1200);
        assert!(ck.shared.thread.lock().unwrap().is_some());
    }
}
