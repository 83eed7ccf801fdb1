//! Article extraction: `FetchedPage` HTML -> [`Article`] (main text + metadata).
mod text;
pub mod benchmark;
mod dates_gold;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<chrono::NaiveDate>,
    pub published_at: Option<String>,
    pub modified: Option<String>,
    pub author: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub section: Option<String>,
    pub source_line: Option<String>,
    pub text: String,
}

pub fn extract(html: &str, url: Option<&str>) -> Article {
    Article { url: url.map(str::to_string), title: None, published: None, published_at: None, modified: None, author: None, outlet: None, lang: None, section: None, source_line: None, text: text::main_text(html) }
}

pub fn decode(body: &[u8], _content_type: Option<&str>) -> String {
    String::from_utf8_lossy(body).into_owned()
}
