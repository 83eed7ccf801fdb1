//! Crawling: configured sources to [`FetchedPage`]s, each sent through the pipeline into the
//! ledger, politely, concurrently, incrementally and resumably.
//!
//! ```text
//! [[source]] ──discover──> frontier (ledger) ──scheduler──> fetch tasks (global cap, per-host
//!     slots + delays, robots.txt, retries, SSRF guard, size limits)
//!          ──FetchedPage──> extraction (blocking pool: keyword rules, article, claims)
//!          [──lead──> relevance model thread (bounded channel, batched)]
//!          ──bounded channel──> ledger writer thread
//!          (ingest, page validators, crawl log, relevance, frontier state, WARC archive, summary)
//! ```
//! Directory and WARC sources skip the fetch and join at extraction.

mod directory;
mod discover;
mod fetch;
mod guard;
mod hosts;
mod relevance;
mod robots;
mod run;
mod schedule;
mod warc;
mod writer;

pub use discover::{canonical_url, feed_links, page_links, sitemap_locs};
pub use fetch::{backoff, FetchError, Fetched, Fetcher, RetriedAttempt};
pub use guard::is_private;
pub use relevance::{lead_text, RelevanceError, RelevanceGate, Verdict};
pub use run::Crawler;
pub use schedule::Schedule;
pub use warc::{warc_files, WarcReader, WarcWriter};

use crate::config::Settings;
use crate::ledger::{LedgerError, SqliteStore};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A response (or a file read from disk) as fetched, before any parsing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FetchedPage {
    /// The URL the page was asked for (`file://` for directory sources).
    pub url: String,
    /// Where redirects ended.
    pub final_url: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    #[serde(with = "body_as_text")]
    pub body: Vec<u8>,
    pub fetched_at: String,
    pub elapsed_ms: u64,
    /// URLs redirected from, in order (empty when there was no redirect).
    #[serde(default)]
    pub redirects: Vec<String>,
}

mod body_as_text {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&String::from_utf8_lossy(b))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        String::deserialize(d).map(String::into_bytes)
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CrawlError {
    #[error("{url}: {source}")]
    Fetch {
        url: String,
        #[source]
        source: FetchError,
    },
    #[error("source {source_name:?}: cannot read {path}: {error}")]
    Directory {
        source_name: String,
        path: String,
        error: std::io::Error,
    },
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    #[error("the ledger writer stopped unexpectedly")]
    WriterGone,
    #[error("crawl.relevance is enabled but unusable: {0}")]
    Relevance(#[from] RelevanceError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// How a crawl run should behave.
#[derive(Debug, Clone, Default)]
pub struct CrawlOptions {
    /// List what would be fetched, fetch only feeds/sitemaps/seeds, record nothing.
    pub dry_run: bool,
    /// Only these sources (by name); `None`: all.
    pub sources: Option<Vec<String>>,
    /// Becomes `true` to stop: no new requests, in-flight ones get `crawl.drain_timeout`.
    pub shutdown: Option<tokio::sync::watch::Receiver<bool>>,
    /// Progress lines on stderr every few seconds.
    pub progress: bool,
}

/// Totals of one crawl run, printed at its end.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CrawlSummary {
    /// Responses with a body (pages, feeds, sitemaps).
    pub fetched: usize,
    pub failed: usize,
    /// 304 or same bytes as last time: not re-extracted.
    pub unchanged: usize,
    pub new_articles: usize,
    /// Pages already in the ledger under another URL or an earlier run.
    pub duplicates: usize,
    pub new_claims: usize,
    pub new_sightings: usize,
    pub redirected: usize,
    pub archived: usize,
    /// Skipped pages by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Failures by reason.
    pub failures: BTreeMap<String, usize>,
    /// Dry run: what would be fetched.
    pub planned: Vec<String>,
    /// Stopped by a signal before the frontier was empty (resume with the next run).
    pub interrupted: bool,
}

impl std::fmt::Display for CrawlSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pages fetched: {}, failed: {}, unchanged: {}, new articles: {}, duplicates: {}, new claims: {}, \
             new sightings: {}, redirected: {}, archived: {}",
            self.fetched,
            self.failed,
            self.unchanged,
            self.new_articles,
            self.duplicates,
            self.new_claims,
            self.new_sightings,
            self.redirected,
            self.archived
        )?;
        for (why, n) in &self.skipped {
            write!(f, "\nskipped {n}: {why}")?;
        }
        for (why, n) in &self.failures {
            write!(f, "\nfailed {n}: {why}")?;
        }
        if self.interrupted {
            write!(f, "\ninterrupted: the next run resumes from the frontier")?;
        }
        Ok(())
    }
}

/// Fetches every configured source once and records what is new.
pub async fn crawl_once(
    settings: &Settings,
    store: &mut SqliteStore,
    opts: &CrawlOptions,
) -> Result<CrawlSummary, CrawlError> {
    Crawler::new(settings)?.run(store, opts).await
}

/// Fetches one URL given on the command line (`extract https://...`), with the crawler's
/// politeness and guards.
pub async fn fetch_url(url: &str, settings: &Settings) -> Result<FetchedPage, CrawlError> {
    let fetcher = Fetcher::new(&settings.crawl)?;
    let fail = |source| CrawlError::Fetch {
        url: url.to_string(),
        source,
    };
    match fetcher.fetch(url, None).await.map_err(fail)? {
        Fetched::Page(p) => Ok(p),
        Fetched::NotModified { .. } => Err(fail(FetchError::Status(304))),
    }
}
