//! Inputs of `extract`, `ingest` and `eval`: text files, HTML files, URLs, stdin and JSON Lines
//! article records, all turned into [`ArticleRecord`]s — the article text with its metadata that
//! the claim extractor reads and the ledger stores.
//!
//! ```text
//! seed.txt (first line = headline) ─┐
//! page.html / http(s)://… ──────────┼─> ArticleRecord { id, url, title, published, outlet, text }
//! articles.jsonl ({"id","text"|"html"}) ┘
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};

/// An article ready for claim extraction. Claim spans are byte offsets into `text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// The record's id, else its URL, else the path it was read from.
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub author: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    /// The article's own "Source: ..." line, if it has one.
    pub source_line: Option<String>,
    pub text: String,
}

impl ArticleRecord {
    /// The claims stage's view of this record.
    pub fn document(&self) -> crate::claims::Document<'_> {
        crate::claims::Document {
            id: &self.id,
            text: &self.text,
            title: self.title.as_deref(),
            published: self.published,
            outlet: self.outlet.as_deref(),
        }
    }

    /// Builds a record from an HTML page: title, then a blank line, then the main text.
    pub fn from_html(id: String, html: &str, url: Option<&str>) -> ArticleRecord {
        let a = crate::article::extract(html, url);
        Self::from_article(id, a)
    }

    pub fn from_article(id: String, a: crate::article::Article) -> ArticleRecord {
        let text = match &a.title {
            Some(t) if !t.is_empty() && !a.text.starts_with(t.as_str()) => {
                format!("{t}\n\n{}", a.text)
            }
            _ => a.text.clone(),
        };
        ArticleRecord {
            id,
            url: a.url,
            title: a.title,
            published: a.published,
            author: a.author,
            outlet: a.outlet,
            lang: a.lang,
            source_line: a.source_line,
            text,
        }
    }

    /// Builds a record from plain text whose first line is the headline.
    pub fn from_text(id: String, text: String) -> ArticleRecord {
        let title = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_string());
        let source_line = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("Source:") || l.starts_with("Sources:"))
            .map(str::to_string);
        ArticleRecord {
            id,
            url: None,
            title,
            published: None,
            author: None,
            outlet: None,
            lang: None,
            source_line,
            text,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not valid UTF-8 text")]
    NotUtf8 { path: PathBuf },
    #[error("{path}, line {line}: not a valid article record: {source}")]
    Record {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}, line {line}: the record has neither \"text\" nor \"html\"")]
    NoText { path: PathBuf, line: usize },
    #[error("{path}, line {line}: \"published\" = {value:?} is not a date like 2023-08-22")]
    BadDate {
        path: PathBuf,
        line: usize,
        value: String,
    },
    #[error("fetching {url}: {reason}")]
    Fetch { url: String, reason: String },
}

/// One line of a `.jsonl` article file.
#[derive(Debug, Deserialize)]
struct JsonRecord {
    id: Option<String>,
    url: Option<String>,
    title: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    lang: Option<String>,
    text: Option<String>,
    html: Option<String>,
}

/// Parses a publication date given as `2023-08-22` or an RFC 3339 timestamp.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|d| d.date_naive())
        })
        .or_else(|| {
            s.get(..10)
                .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
        })
}

/// Reads one INPUT argument (not a URL; see [`crate::crawl::fetch_url`] for those).
pub fn load_path(input: &str) -> Result<Vec<ArticleRecord>, InputError> {
    if input == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|source| InputError::Read {
                path: "<stdin>".into(),
                source,
            })?;
        let text = String::from_utf8(buf).map_err(|_| InputError::NotUtf8 {
            path: "<stdin>".into(),
        })?;
        return Ok(vec![record_from_content(
            "-".into(),
            &text,
            looks_like_html(&text),
        )]);
    }
    let path = Path::new(input);
    let bytes = std::fs::read(path).map_err(|source| InputError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" => {
            let text = String::from_utf8(bytes).map_err(|_| InputError::NotUtf8 {
                path: path.to_path_buf(),
            })?;
            parse_jsonl(path, &text)
        }
        "html" | "htm" | "xhtml" => {
            let html = crate::article::decode(&bytes, None);
            Ok(vec![ArticleRecord::from_html(
                input.to_string(),
                &html,
                None,
            )])
        }
        _ => {
            let text = String::from_utf8(bytes).map_err(|_| InputError::NotUtf8 {
                path: path.to_path_buf(),
            })?;
            let html = looks_like_html(&text);
            Ok(vec![record_from_content(input.to_string(), &text, html)])
        }
    }
}

fn record_from_content(id: String, text: &str, html: bool) -> ArticleRecord {
    if html {
        ArticleRecord::from_html(id, text, None)
    } else {
        ArticleRecord::from_text(id, text.to_string())
    }
}

fn looks_like_html(text: &str) -> bool {
    let head = text
        .trim_start()
        .get(..200.min(text.trim_start().len()))
        .unwrap_or("")
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<head")
}

/// Parses a JSON Lines file of article records; the whole file fails on the first bad line so
/// nothing half-read is ingested.
pub fn parse_jsonl(path: &Path, text: &str) -> Result<Vec<ArticleRecord>, InputError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let r: JsonRecord = serde_json::from_str(line).map_err(|source| InputError::Record {
            path: path.to_path_buf(),
            line: line_no,
            source,
        })?;
        let published = match &r.published {
            Some(p) if !p.trim().is_empty() => {
                Some(parse_date(p).ok_or_else(|| InputError::BadDate {
                    path: path.to_path_buf(),
                    line: line_no,
                    value: p.clone(),
                })?)
            }
            _ => None,
        };
        let id =
            r.id.clone()
                .or_else(|| r.url.clone())
                .unwrap_or_else(|| format!("{}:{line_no}", path.display()));
        let mut rec = match (&r.text, &r.html) {
            (Some(t), _) => ArticleRecord::from_text(id, t.clone()),
            (None, Some(h)) => ArticleRecord::from_html(id, h, r.url.as_deref()),
            (None, None) => {
                return Err(InputError::NoText {
                    path: path.to_path_buf(),
                    line: line_no,
                })
            }
        };
        rec.url = r.url.or(rec.url);
        rec.title = r.title.or(rec.title);
        rec.published = published.or(rec.published);
        rec.outlet = r.outlet.or(rec.outlet);
        rec.author = r.author.or(rec.author);
        rec.lang = r.lang.or(rec.lang);
        out.push(rec);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_records_keep_metadata_and_fail_on_bad_lines() {
        let ok = "{\"id\":\"a\",\"published\":\"2023-08-22\",\"outlet\":\"X\",\"text\":\"Head\\n\\nBody 5%.\"}\n";
        let recs = parse_jsonl(Path::new("a.jsonl"), ok).unwrap();
        assert_eq!(recs[0].id, "a");
        assert_eq!(recs[0].published, NaiveDate::from_ymd_opt(2023, 8, 22));
        assert_eq!(recs[0].title.as_deref(), Some("Head"));
        let bad = format!("{ok}{{\"id\": 3\n");
        let err = parse_jsonl(Path::new("a.jsonl"), &bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2"), "{err}");
        let no_text = parse_jsonl(Path::new("a.jsonl"), "{\"id\":\"b\"}")
            .unwrap_err()
            .to_string();
        assert!(no_text.contains("neither"), "{no_text}");
    }

    #[test]
    fn text_source_line_is_found() {
        let r = ArticleRecord::from_text(
            "t".into(),
            "Head\n\nSource: Wall Street Journal\n\nBody".into(),
        );
        assert_eq!(
            r.source_line.as_deref(),
            Some("Source: Wall Street Journal")
        );
    }
}
