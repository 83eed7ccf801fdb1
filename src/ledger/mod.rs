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

mod amend;
mod checkpoint;
mod cluster;
mod entry_writes;
mod ingest;
pub mod key;
mod links;
pub mod neardup;
mod prepare;
mod read;
mod schema;
mod sqlite;
mod stored_json;
pub mod suggest;

pub use amend::{
    Amendment, ClaimSort, Dashboard, EventKind, FieldCorrection, SightingSource, SortKey,
    CORRECTABLE_FIELDS,
};
pub use cluster::{cluster, Figure};
pub use schema::MIGRATIONS;
pub use sqlite::{content_hash, SqliteStore};
pub use suggest::Suggester;

/// Claims per transaction for bulk ingest (`claimledger ingest`, the ledger bench). Each
/// transaction rewrites the rows (and counter index entries) of every entry its sightings fall
/// on; once a ledger's entries outgrow the page cache, nearly every page of them. Fewer, larger
/// transactions pay that less often: at a million claims, 20,000 claims a transaction ingest
/// ~20,000 claims/s, 50,000 ingest ~26,000 and 100,000 ingest 29,000, for more memory (the bench
/// peaks at 264, 381 and 517 MB; benchmarks/history/ledger.md, ninth round). A transaction
/// this size takes about two seconds, well under the 30 s another writer (a reviewer) waits.
pub const BULK_CLAIMS_PER_TX: usize = 50_000;

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
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("no claim with id {0}")]
    NoSuchClaim(i64),
    #[error("claim {id} was changed by someone else (now at version {current}, you had {expected}); reload and try again")]
    Conflict {
        id: i64,
        expected: i64,
        current: i64,
    },
    #[error("ledger data is corrupt: {0}")]
    Corrupt(String),
    #[error("invalid amendment: {0}")]
    InvalidAmendment(String),
}

/// Review state of a claim.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    schemars::JsonSchema,
)]
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
        [
            Self::Unreviewed,
            Self::Confirmed,
            Self::Disputed,
            Self::Rejected,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// One claim in the ledger: the normalised figure, shared by all its sightings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// Set on a reviewed entry whose figures a more precise figure later pulled into another
    /// entry; the entry is kept (with its review history) but no longer listed.
    #[serde(default)]
    pub merged_into: Option<i64>,
}

/// One place a claim was seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// The figure as this sighting wrote it (the entry keeps the most precise one).
    #[serde(default)]
    pub value: Option<f64>,
    /// Articles whose text is a near-duplicate of this one (a wire story and its republications),
    /// by article id: they are one origin, not independent confirmations.
    #[serde(default)]
    pub same_origin_as: Vec<String>,
}

/// One review decision, never changed after it is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReviewEvent {
    pub claim_id: i64,
    pub seq: i64,
    pub at: String,
    pub by: String,
    pub from: ReviewStatus,
    pub to: ReviewStatus,
    pub note: Option<String>,
    /// A status change (the default), a note, or a correction of one field.
    #[serde(default, skip_serializing_if = "EventKind::is_status")]
    pub kind: EventKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<FieldCorrection>,
}

/// A claim with everything known about it: the unit of the JSON and JSON Lines exports
/// (`docs/claim.schema.json` is generated from this type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClaimDetail {
    #[serde(flatten)]
    pub entry: LedgerEntry,
    pub sightings_list: Vec<Sighting>,
    /// Entries with the same key and an incompatible value, each with its sightings' sources.
    pub conflicting: Vec<LedgerEntry>,
    pub history: Vec<ReviewEvent>,
    /// Entries that may state the same fact (sentence embeddings); never merged automatically.
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
    /// For each field a reviewer corrected, its value as extracted (the fields above show the
    /// corrected value; see [`ClaimDetail::corrected`]). Empty on an uncorrected claim.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub extracted: std::collections::BTreeMap<String, Option<String>>,
}

/// A suggested link to another entry whose sentences say the same thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Suggestion {
    pub claim_id: i64,
    pub surface: String,
    pub key: String,
    /// Cosine similarity of the two sentences' embeddings.
    pub score: f64,
    pub method: String,
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

/// One URL waiting in (or done with) a source's crawl frontier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontierEntry {
    pub url: String,
    /// Links followed from the source's seed to reach it (0: found on the seed, feed or sitemap).
    pub depth: u32,
}

/// Where a frontier URL stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FrontierState {
    Pending,
    Done,
    Failed,
}

impl FrontierState {
    pub fn as_str(self) -> &'static str {
        match self {
            FrontierState::Pending => "pending",
            FrontierState::Done => "done",
            FrontierState::Failed => "failed",
        }
    }
}

/// The relevance decision about one page: keyword match, semantic score, verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelevanceRecord {
    pub url: String,
    pub source: String,
    pub keyword: bool,
    /// Cosine similarity to the closest configured topic, when the model was asked.
    pub score: Option<f64>,
    pub relevant: bool,
    pub reason: Option<String>,
}

/// A fetched page that went no further, with why (from the crawl log).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedPage {
    pub at: String,
    pub source: String,
    pub url: String,
    pub reason: String,
    /// Relevance score, when one was computed.
    pub score: Option<f64>,
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
    fn ingest(
        &mut self,
        article: &ArticleRecord,
        claims: &[Claim],
    ) -> Result<IngestOutcome, LedgerError>;
    /// Records many articles at once (one transaction where the backend can); same result as
    /// ingesting them one by one.
    fn ingest_batch(
        &mut self,
        batch: &[(ArticleRecord, Vec<Claim>)],
    ) -> Result<Vec<IngestOutcome>, LedgerError> {
        batch.iter().map(|(a, cs)| self.ingest(a, cs)).collect()
    }
    fn claims(&self, filter: &ClaimFilter) -> Result<Vec<LedgerEntry>, LedgerError>;
    fn count_claims(&self, filter: &ClaimFilter) -> Result<i64, LedgerError>;
    fn claim(&self, id: i64) -> Result<Option<ClaimDetail>, LedgerError>;
    /// Appends a review event; fails with [`LedgerError::Conflict`] if the version moved on.
    fn review(&mut self, id: i64, change: &ReviewChange) -> Result<ReviewEvent, LedgerError>;
    /// Runs `f` over every matching claim with its details inside one read transaction.
    fn export(
        &self,
        filter: &ClaimFilter,
        f: &mut dyn FnMut(ClaimDetail) -> std::io::Result<()>,
    ) -> Result<usize, ExportError>;
    fn log_fetch(&mut self, record: &FetchRecord) -> Result<(), LedgerError>;
    fn page_state(&self, url: &str) -> Result<Option<PageState>, LedgerError>;
    fn set_page_state(&mut self, url: &str, state: &PageState) -> Result<(), LedgerError>;
    /// Adds URLs to a source's frontier as pending; `revisit` also re-queues ones already done.
    /// Returns how many became pending.
    fn frontier_add(
        &mut self,
        source: &str,
        entries: &[FrontierEntry],
        revisit: bool,
    ) -> Result<usize, LedgerError>;
    /// The source's pending URLs, oldest first.
    fn frontier_pending(&self, source: &str) -> Result<Vec<FrontierEntry>, LedgerError>;
    fn frontier_set(
        &mut self,
        source: &str,
        url: &str,
        state: FrontierState,
    ) -> Result<(), LedgerError>;
    fn record_relevance(&mut self, record: &RelevanceRecord) -> Result<(), LedgerError>;
    /// The latest `limit` pages skipped by the crawler, newest first.
    fn skipped_pages(&self, limit: i64) -> Result<Vec<SkippedPage>, LedgerError>;
    fn stats(&self) -> Result<LedgerStats, LedgerError>;
    /// Integrity problems found (empty when the ledger is sound).
    fn check(&self) -> Result<Vec<String>, LedgerError>;
    /// Appends a note or a field correction to a claim's history (same version check as review).
    fn amend(&mut self, id: i64, amendment: &Amendment) -> Result<ReviewEvent, LedgerError>;
    /// One page of claims in the given order (`filter.limit`/`offset` apply).
    fn claims_sorted(
        &self,
        filter: &ClaimFilter,
        sort: ClaimSort,
    ) -> Result<Vec<LedgerEntry>, LedgerError>;
    /// Each sighting of a claim with the full extracted claim and the article text it came from.
    fn sighting_sources(&self, id: i64) -> Result<Vec<SightingSource>, LedgerError>;
    /// Aggregates for the dashboard.
    fn dashboard(&self) -> Result<Dashboard, LedgerError>;
    /// The first claim still unreviewed after `after` (before it, `backwards`), by id.
    fn next_unreviewed(&self, after: i64, backwards: bool) -> Result<Option<i64>, LedgerError>;
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
}
