//! Crawling: turning configured sources into [`FetchedPage`]s and sending each through the
//! pipeline into the ledger.
//!
//! ```text
//! [[source]] ──discover──> URLs / files ──fetch──> FetchedPage ──pipeline::process_page──> ledger
//!                                                  └─> crawl_log (every fetch, with its outcome)
//! ```

mod directory;
mod http;

pub use http::{fetch_url, Fetcher};

use crate::config::{Settings, SourceConfig, SourceKind};
use crate::ledger::{FetchRecord, LedgerError, SqliteStore, Store};
use crate::pipeline::{process_page, PageOutcome};
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
    #[error("{url}: {reason}")]
    Fetch { url: String, reason: String },
    #[error("source {source_name:?}: cannot read {path}: {error}")]
    Directory { source_name: String, path: String, error: std::io::Error },
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// How a crawl run should behave.
#[derive(Debug, Clone, Default)]
pub struct CrawlOptions {
    /// List what would be fetched, fetch nothing, record nothing.
    pub dry_run: bool,
}

/// Totals of one crawl run, printed at its end.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CrawlSummary {
    pub fetched: usize,
    pub failed: usize,
    pub unchanged: usize,
    pub new_articles: usize,
    pub new_claims: usize,
    pub new_sightings: usize,
    /// Skipped pages by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Dry run: what would be fetched.
    pub planned: Vec<String>,
}

impl std::fmt::Display for CrawlSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pages fetched: {}, failed: {}, unchanged: {}, new articles: {}, new claims: {}, new sightings: {}",
            self.fetched, self.failed, self.unchanged, self.new_articles, self.new_claims, self.new_sightings
        )?;
        for (why, n) in &self.skipped {
            write!(f, "\nskipped {n}: {why}")?;
        }
        Ok(())
    }
}

impl CrawlSummary {
    fn record(&mut self, outcome: PageOutcome) {
        match outcome {
            PageOutcome::Recorded(o) => {
                if o.new_article {
                    self.new_articles += 1;
                } else {
                    self.unchanged += 1;
                }
                self.new_claims += o.new_claims;
                self.new_sightings += o.new_sightings;
            }
            PageOutcome::Skipped(why) => *self.skipped.entry(why.to_string()).or_default() += 1,
        }
    }
}

/// Fetches every configured source once and records what is new.
pub async fn crawl_once(
    settings: &Settings,
    store: &mut SqliteStore,
    opts: &CrawlOptions,
) -> Result<CrawlSummary, CrawlError> {
    let mut summary = CrawlSummary::default();
    let fetcher = Fetcher::new(&settings.crawl)?;
    for source in &settings.sources {
        tracing::info!(source = %source.name, kind = ?source.kind, "crawling");
        let pages = match source.kind {
            SourceKind::Directory => directory::pages(source, opts.dry_run)?,
            _ => fetcher.source_pages(source, store, opts.dry_run, &mut summary).await?,
        };
        for page in pages {
            handle_page(store, settings, source, page, opts, &mut summary)?;
        }
    }
    Ok(summary)
}

fn handle_page(
    store: &mut SqliteStore,
    settings: &Settings,
    source: &SourceConfig,
    page: Result<FetchedPage, CrawlError>,
    opts: &CrawlOptions,
    summary: &mut CrawlSummary,
) -> Result<(), CrawlError> {
    match page {
        Ok(page) if opts.dry_run => summary.planned.push(page.url),
        Ok(page) => {
            summary.fetched += 1;
            let outcome = process_page(store, source, &page, settings.min_confidence)?;
            let skipped = match &outcome {
                PageOutcome::Skipped(why) => Some(why.to_string()),
                _ => None,
            };
            store.log_fetch(&FetchRecord {
                url: page.url.clone(),
                source: source.name.clone(),
                status: Some(page.status),
                bytes: page.body.len() as u64,
                elapsed_ms: page.elapsed_ms,
                error: None,
                skipped,
            })?;
            summary.record(outcome);
        }
        Err(CrawlError::Fetch { url, reason }) => {
            tracing::warn!(%url, %reason, "fetch failed");
            summary.failed += 1;
            store.log_fetch(&FetchRecord {
                url,
                source: source.name.clone(),
                status: None,
                bytes: 0,
                elapsed_ms: 0,
                error: Some(reason),
                skipped: None,
            })?;
        }
        Err(other) => return Err(other),
    }
    Ok(())
}
