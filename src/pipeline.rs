//! The straight line every article takes, whichever command brought it in:
//!
//! ```text
//! FetchedPage ──article::decode/extract──> ArticleRecord ──claims::extract──> [Claim]
//!             ──Store::ingest──> LedgerEntry (new or merged sightings)
//! ```
//! `crawl`, `ingest` and `make run` all go through [`process_page`] / [`ingest_record`], so what
//! a test of one proves holds for the others.

use crate::claims::{self, Claim};
use crate::config::SourceConfig;
use crate::crawl::FetchedPage;
use crate::input::ArticleRecord;
use crate::ledger::{IngestOutcome, LedgerError, Store};

/// Claims of one article at or above `min_confidence`.
pub fn extract_claims(record: &ArticleRecord, min_confidence: f64) -> Vec<Claim> {
    claims::extract(&record.document())
        .into_iter()
        .filter(|c| c.confidence >= min_confidence)
        .collect()
}

/// Extracts and records one article.
pub fn ingest_record(
    store: &mut dyn Store,
    record: &ArticleRecord,
    min_confidence: f64,
) -> Result<IngestOutcome, LedgerError> {
    let claims = extract_claims(record, min_confidence);
    store.ingest(record, &claims)
}

/// Why a fetched page went no further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    NotHtml(String),
    NoText,
    NotRelevant,
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::NotHtml(ct) => write!(f, "not an article page ({ct})"),
            Skip::NoText => write!(f, "no article text found"),
            Skip::NotRelevant => write!(f, "no configured keyword in the text"),
        }
    }
}

/// Turns a fetched page into an article record (decoding its charset), or says why not.
pub fn page_to_record(page: &FetchedPage, source: &SourceConfig) -> Result<ArticleRecord, Skip> {
    let ct = page
        .content_type
        .clone()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let is_text = ct.starts_with("text/plain") || page.url.ends_with(".txt");
    // Feeds and sitemaps (`application/xml`, `application/rss+xml`) are not articles; XHTML is.
    let is_html = ct.is_empty() || ct.contains("html");
    if !is_text && !is_html {
        return Err(Skip::NotHtml(ct));
    }
    let body = crate::article::decode(&page.body, page.content_type.as_deref());
    let mut record = if is_text {
        ArticleRecord::from_text(page.url.clone(), body)
    } else {
        ArticleRecord::from_html(page.url.clone(), &body, Some(&page.final_url))
    };
    if record.url.is_none() {
        record.url = Some(page.url.clone());
    }
    if record.outlet.is_none() {
        record.outlet = source.outlet.clone();
    }
    if record.lang.is_none() {
        record.lang = source.lang.clone();
    }
    if record.text.trim().is_empty() {
        return Err(Skip::NoText);
    }
    if !is_relevant(&record.text, &source.keywords) {
        return Err(Skip::NotRelevant);
    }
    Ok(record)
}

/// Keyword relevance: no keywords means everything is relevant; matching is case-insensitive.
pub fn is_relevant(text: &str, keywords: &[String]) -> bool {
    if keywords.is_empty() {
        return true;
    }
    let lower = text.to_lowercase();
    keywords.iter().any(|k| lower.contains(&k.to_lowercase()))
}

/// The extraction half of [`process_page`]: blocking CPU work that needs no ledger, so the
/// crawler runs it on a worker pool and only the write goes through the single ledger writer.
pub fn extract_page(
    page: &FetchedPage,
    source: &SourceConfig,
    min_confidence: f64,
) -> Result<(ArticleRecord, Vec<Claim>), Skip> {
    let record = page_to_record(page, source)?;
    let claims = extract_claims(&record, min_confidence);
    Ok((record, claims))
}

/// What happened to one page.
#[derive(Debug)]
pub enum PageOutcome {
    Recorded(IngestOutcome),
    Skipped(Skip),
}

/// Runs one fetched page through extraction into the ledger.
pub fn process_page(
    store: &mut dyn Store,
    source: &SourceConfig,
    page: &FetchedPage,
    min_confidence: f64,
) -> Result<PageOutcome, LedgerError> {
    match page_to_record(page, source) {
        Ok(record) => ingest_record(store, &record, min_confidence).map(PageOutcome::Recorded),
        Err(skip) => Ok(PageOutcome::Skipped(skip)),
    }
}
