//! The claim ledger: articles, claims merged across outlets, their sightings, conflicts, the
//! append-only review history and the crawl log.
//!
//! ```text
//! ArticleRecord + [Claim] --ingest--> articles, claims (one per canonical key + agreeing value),
//!                                      sightings (one per place a claim was seen)
//! ReviewChange --review--> review_events (append-only; status is derived from the last event)
//! ```
//! Storage sits behind the [`Store`] trait so a PostgreSQL backend can follow; [`SqliteStore`]
//! is the embedded default (one file, WAL, migrations embedded in the binary).

pub mod key;
mod schema;
mod sqlite;

pub use sqlite::{content_hash, SqliteStore};

/// Hash of raw fetched bytes (page change detection).
pub fn content_hash_bytes(b: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(b))
}

use crate::claims::Claim;
use crate::input::ArticleRecord;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    #[error("ledger {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("ledger {path} has schema version {found}, newer than this claimledger knows ({known}); upgrade claimledger")]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("no claim with id {0}")]
    NoSuchClaim(i64),
    #[error("claim {id} was changed by someone else (now at version {current}, you had {expected}); reload and try again")]
    Conflict { id: i64, expected: i64, current: i64 },
    #[error("ledger data is corrupt: {0}")]
    Corrupt(String),
}

/// Review state of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    Unreviewed,
    Confirmed,
    Disputed,
    Rejected,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Unreviewed => "unreviewed",
            ReviewStatus::Confirmed => "confirmed",
            ReviewStatus::Disputed => "disputed",
            ReviewStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewStatus> {
        [Self::Unreviewed, Self::Confirmed, Self::Disputed, Self::Rejected]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// One claim in the ledger: the normalised figure, shared by all its sightings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub id: i64,
    /// Canonical key without the value (see [`key::claim_key`]); entries sharing it conflict.
    pub key: String,
    pub kind: String,
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: String,
    pub approx: String,
    pub metric: String,
    pub subject: Option<String>,
    pub counterpart: Option<String>,
    pub item: Option<String>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub baseline_start: Option<String>,
    pub baseline_end: Option<String>,
    /// The surface of the most precise sighting ("US$134 billion").
    pub surface: String,
    pub status: ReviewStatus,
    /// Number of review events so far; pass it back to [`Store::review`] to detect concurrent edits.
    pub version: i64,
    pub sightings: i64,
    pub outlets: i64,
    /// Ids of entries with the same key and an incompatible value.
    pub conflicts: Vec<i64>,
    pub first_seen: String,
}

/// One place a claim was seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sighting {
    pub article_id: i64,
    pub article: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    pub surface: String,
    pub span: [usize; 2],
    pub sentence: String,
    pub source: Option<String>,
    pub source_surface: Option<String>,
    pub confidence: f64,
}

/// One review decision, never changed after it is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewEvent {
    pub claim_id: i64,
    pub seq: i64,
    pub at: String,
    pub by: String,
    pub from: ReviewStatus,
    pub to: ReviewStatus,
    pub note: Option<String>,
}

/// A claim with everything known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimDetail {
    #[serde(flatten)]
    pub entry: LedgerEntry,
    pub sightings_list: Vec<Sighting>,
    pub conflicting: Vec<LedgerEntry>,
    pub history: Vec<ReviewEvent>,
}

/// A reviewer's decision.
#[derive(Debug, Clone)]
pub struct ReviewChange {
    pub to: ReviewStatus,
    pub by: String,
    pub note: Option<String>,
    /// The entry version the reviewer saw; `None` skips the concurrency check (CLI).
    pub expected_version: Option<i64>,
}

/// Which claims to list or export. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub status: Option<ReviewStatus>,
    pub metric: Option<String>,
    pub subject: Option<String>,
    pub counterpart: Option<String>,
    pub outlet: Option<String>,
    pub source: Option<String>,
    /// Claims whose period overlaps `[period_from, period_to]` (ISO dates).
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub min_sightings: Option<i64>,
    pub conflicts_only: bool,
    /// Substring of a sighting's sentence or surface.
    pub search: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// What one ingest changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestOutcome {
    pub article_id: i64,
    pub new_article: bool,
    pub new_claims: usize,
    pub new_sightings: usize,
}

/// One fetch, for the crawl log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FetchRecord {
    pub url: String,
    pub source: String,
    pub status: Option<u16>,
    pub bytes: u64,
    pub elapsed_ms: u64,
    pub error: Option<String>,
    /// Why the page went no further (not modified, not relevant, not HTML...), if it did not.
    pub skipped: Option<String>,
}

/// Validators remembered from the last fetch of a URL, for conditional GET.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: Option<String>,
}

/// Totals for summaries.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LedgerStats {
    pub articles: i64,
    pub claims: i64,
    pub sightings: i64,
    pub conflicts: i64,
    pub reviewed: i64,
}

/// The storage seam: everything the pipeline, CLI and web page need from a ledger.
pub trait Store {
    /// Records an article and its claims; recording the same article again changes nothing.
    fn ingest(&mut self, article: &ArticleRecord, claims: &[Claim]) -> Result<IngestOutcome, LedgerError>;
    fn claims(&self, filter: &ClaimFilter) -> Result<Vec<LedgerEntry>, LedgerError>;
    fn count_claims(&self, filter: &ClaimFilter) -> Result<i64, LedgerError>;
    fn claim(&self, id: i64) -> Result<Option<ClaimDetail>, LedgerError>;
    /// Appends a review event; fails with [`LedgerError::Conflict`] if the version moved on.
    fn review(&mut self, id: i64, change: &ReviewChange) -> Result<ReviewEvent, LedgerError>;
    /// Runs `f` over every matching claim with its details inside one read transaction.
    fn export(&self, filter: &ClaimFilter, f: &mut dyn FnMut(ClaimDetail) -> std::io::Result<()>)
        -> Result<usize, ExportError>;
    fn log_fetch(&mut self, record: &FetchRecord) -> Result<(), LedgerError>;
    fn page_state(&self, url: &str) -> Result<Option<PageState>, LedgerError>;
    fn set_page_state(&mut self, url: &str, state: &PageState) -> Result<(), LedgerError>;
    fn stats(&self) -> Result<LedgerStats, LedgerError>;
    /// Integrity problems found (empty when the ledger is sound).
    fn check(&self) -> Result<Vec<String>, LedgerError>;
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
}
