//! claimledger: war-economy news in, a deduplicated ledger of quantitative claims out.
//!
//! ```text
//! crawl ──> FetchedPage ──article──> Article/ArticleRecord ──claims──> RawClaim ──> Claim
//!       ──ledger──> LedgerEntry (merged sightings, conflicts, review history) ──export/web──> people
//! ```
//!
//! Every stage boundary is a plain serde type, so any stage can be dumped, replayed and tested
//! alone. A minimal run, extracting the claims of one article:
//!
//! ```
//! use claimledger::input::ArticleRecord;
//! let record = ArticleRecord::from_text(
//!     "example".into(),
//!     "Trade grows\n\nChina's exports to Russia rose 12% in 2023, customs data showed.".into(),
//! );
//! let claims = claimledger::pipeline::extract_claims(&record, 0.0);
//! for c in &claims {
//!     assert_eq!(&record.text[c.span[0]..c.span[1]], c.surface);
//! }
//! ```

pub mod article;
pub mod claims;
pub mod config;
pub mod crawl;
pub mod embed;
pub mod export;
pub mod input;
pub mod ledger;
pub mod pipeline;
pub mod web;
