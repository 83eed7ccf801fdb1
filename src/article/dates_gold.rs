//! Publication-date check on the benchmark pages (see `docs/article-extraction.md`).
//!
//! The gold file `dates-gold.tsv` (id prefix, date) was built once from the pages' metadata and
//! reviewed by hand; see the doc for how.

use super::benchmark::DateReport;
use super::Article;

const GOLD: &str = include_str!("dates-gold.tsv");

/// Compare extracted publication dates with the gold set.
pub fn evaluate<'a>(ids: impl Iterator<Item = &'a str>, articles: &[Article]) -> DateReport {
    let mut report = DateReport {
        pages: 0,
        correct: 0,
        missing: 0,
        wrong: Vec::new(),
    };
    let gold: Vec<(&str, &str)> = GOLD
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect();
    for (id, article) in ids.zip(articles) {
        let Some((_, want)) = gold.iter().find(|(g, _)| id.starts_with(g)) else {
            continue;
        };
        report.pages += 1;
        let got = article.published.map(|d| d.to_string());
        match got.as_deref() {
            Some(g) if g == want.trim() => report.correct += 1,
            None => {
                report.missing += 1;
                report.wrong.push((id.to_string(), want.to_string(), None));
            }
            Some(_) => report.wrong.push((id.to_string(), want.to_string(), got)),
        }
    }
    report
}
