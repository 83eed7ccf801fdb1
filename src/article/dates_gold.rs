use super::benchmark::DateReport;
pub fn evaluate<'a>(_pages: impl Iterator<Item = (&'a str, &'a str)>, _articles: &[super::Article]) -> DateReport {
    DateReport { pages: 0, correct: 0, missing: 0, wrong: vec![] }
}
