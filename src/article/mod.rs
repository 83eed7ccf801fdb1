//! Article extraction: a fetched HTML page -> [`Article`] (main text + metadata).
//!
//! The page is parsed once with `scraper`. Metadata comes from JSON-LD (`NewsArticle`, `@graph`),
//! Open Graph, Dublin Core, `<meta>` tags, `<time datetime>`, URL date patterns and bylines
//! ([`metadata`]); the main text from a readability-style scorer over the DOM ([`text`],
//! [`select`], [`boilerplate`]). Bytes become text in [`decode`] ([`charset`]).
//!
//! ```ignore
//! // (the same example runs as `tests::module_doc_example`)
//! let html = r#"<html lang="en"><head><meta property="og:site_name" content="Kyiv Post">
//!   <meta property="article:published_time" content="2023-08-22T09:30:00+03:00"></head>
//!   <body><h1>Grain exports</h1><article><p>Grain exports fell by 12%, the ministry said,
//!   after the port strikes of July and August.</p></article></body></html>"#;
//! let a = extract(html, Some("https://example.com/2023/08/22/grain"));
//! assert_eq!(a.outlet.as_deref(), Some("Kyiv Post"));
//! assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2023-08-22"));
//! assert!(a.text.starts_with("Grain exports fell by 12%"));
//! ```
//!
//! Benchmark figures and method: `docs/article-extraction.md`.

pub mod benchmark;
mod boilerplate;
mod charset;
mod dates;
mod dates_gold;
mod lang;
mod metadata;
mod select;
mod text;

#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

pub use charset::decode;
#[doc(hidden)]
pub use text::debug_candidates;

/// One article: metadata plus main text. The stage boundary `FetchedPage -> Article`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Canonical URL (`<link rel=canonical>`, `og:url`) else the URL it was fetched from.
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<chrono::NaiveDate>,
    /// Full publication timestamp as RFC 3339 when the page gives a time.
    pub published_at: Option<String>,
    /// Last modification, RFC 3339 (or a bare date when no time is given).
    pub modified: Option<String>,
    /// Authors joined with ", ".
    pub author: Option<String>,
    /// `og:site_name` / JSON-LD publisher / host-derived.
    pub outlet: Option<String>,
    /// ISO 639-1 code: `<html lang>`, meta, else detected from the text.
    pub lang: Option<String>,
    pub section: Option<String>,
    /// The article's own "Source: ..." line, if any.
    pub source_line: Option<String>,
    /// Main text: paragraphs separated by "\n\n", table rows one a line with cells joined by
    /// " | ", whitespace normalised. The title is not repeated here.
    pub text: String,
}

/// Pages larger than this are cut (at a char boundary) before parsing, to bound time and memory.
pub const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

static SOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^(?:sources?|quelle|źródło|джерело|источник|fuente|source de données|data source)\s*:\s*\S.{0,300}$")
        .expect("constant regex")
});

/// Extract the article from an HTML page. `url` is where it was fetched from. Never panics.
pub fn extract(html: &str, url: Option<&str>) -> Article {
    let html = truncate(html, MAX_HTML_BYTES);
    let doc = scraper::Html::parse_document(html);
    let meta = metadata::extract(&doc, url);
    let mut text = text::main_text(&doc);
    if let Some(title) = meta.title.as_deref() {
        text = strip_leading_title(text, title);
    }
    let source_line = SOURCE_LINE
        .find(&text)
        .map(|m| m.as_str().trim().to_string());
    let lang = meta.lang.or_else(|| lang::detect(&text));
    let (published, published_at) = match meta.published {
        Some(s) => (Some(s.date), s.rfc3339),
        None => (None, None),
    };
    Article {
        url: meta.url,
        title: meta.title,
        published,
        published_at,
        modified: meta.modified,
        author: meta.author,
        outlet: meta.outlet,
        lang,
        section: meta.section,
        source_line,
        text,
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The title lives in its own field; drop it when the body repeats it as its first paragraph.
fn strip_leading_title(text: String, title: &str) -> String {
    let first = text.split("\n\n").next().unwrap_or("");
    if !first.is_empty() && first.trim().eq_ignore_ascii_case(title.trim()) {
        text[first.len()..].trim_start().to_string()
    } else {
        text
    }
}
