//! Claims: from article text to quantitative, attributed claims.
//!
//! Two stages, each with plain owned serde types so either can be dumped and replayed:
//!
//! ```text
//! &str ──recognise──▶ Vec<RawClaim>        every figure and time expression, with its span
//!      ──extract────▶ Vec<Claim>           figures that state a fact, with metric, subject,
//!                                          counterpart, item, period, baseline and source
//! ```
//!
//! A `RawClaim` is "text that looked like a figure": `"US$134 billion"` at `[231, 245]`, kind
//! `amount`, value `134e9`, unit `USD`; or a time expression: `"the first seven months of this
//! year"`, kind `period`, 2023-01-01..2023-07-31. A `Claim` is that figure read in its sentence:
//! metric `trade`, subject `China`, counterpart `Russia`, source `Wall Street Journal`.
//!
//! Spans are byte offsets into the text and `&text[span[0]..span[1]] == surface` always holds.
//! The subtree only uses `self::`/`super::` paths so it can be mounted anywhere in a crate.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod assemble;
mod attribution;
mod calendar;
mod confidence;
pub mod conformance;
mod coordination;
mod cues;
mod delimited;
mod figures;
mod gazetteer;
mod items;
mod lang;
mod money;
mod numbers;
mod org_phrases;
mod percent;
mod periods;
mod prefix_filter;
mod reading;
#[cfg(test)]
mod regression;
pub mod score;
mod sentences;
mod sources;
mod tokens;
mod wire_credit;

pub use lang::Lang;
pub use periods::publication_date_in_text;

/// One article as the claim builder sees it.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// Article id (file stem or URL); copied into every claim.
    pub id: &'a str,
    /// Plain text; spans point into it.
    pub text: &'a str,
    pub title: Option<&'a str>,
    /// Publication date; when absent a dateline in the text is used.
    pub published: Option<NaiveDate>,
    /// Outlet name, the source of last resort.
    pub outlet: Option<&'a str>,
}

/// What a figure is: the gold vocabulary of `shared/dev/README.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    /// Money or a physical level ("US$134 billion", "3,500 tonnes").
    Amount,
    /// Percent or percentage-point change against a baseline, signed.
    Change,
    /// Part of a whole ("45% to 50% of Russian imports").
    Share,
    /// Multiplier ("three times as many", "doubled"), unit `x`.
    Ratio,
    /// Number of things, unit = the singular counted noun ("car").
    Count,
}

/// How exactly a figure is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    #[default]
    Exact,
    /// "about", "nearly", "roughly", and ranges.
    Approx,
    /// "more than", "over", "at least".
    AtLeast,
    /// "almost", "up to", "under".
    AtMost,
}

/// What a figure measures, from the sentence wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Trade,
    Exports,
    Imports,
    Production,
    Revenue,
    Price,
    Spending,
    ShareOfImports,
    ShareOfExports,
    Other,
}

/// A time span a figure covers, resolved against the publication date where it is relative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRef {
    /// First day covered; `None` when open ("before the invasion") or unresolved.
    pub start: Option<NaiveDate>,
    /// Last day covered; `None` when open or unresolved.
    pub end: Option<NaiveDate>,
    /// The expression as written ("the first seven months of this year").
    pub surface: String,
}

/// Who a figure is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// Canonical short name: "Bank of Finland", "Joseph Webster".
    pub name: String,
    /// The attribution as written: "according to Joseph Webster, a senior fellow at ...".
    pub surface: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
}

/// A figure that states a fact, read in its sentence. Field names are the ledger's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub article: String,
    pub surface: String,
    /// Byte offsets into the document text; `&text[span[0]..span[1]] == surface`.
    pub span: [usize; 2],
    pub sentence: String,
    pub kind: ClaimKind,
    /// Base units; signed for changes; the midpoint for ranges.
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// ISO 4217 code, `%`, `pp`, `x`, a physical unit or the counted noun.
    pub unit: String,
    pub approx: Approx,
    pub metric: Metric,
    pub subject: Option<String>,
    pub counterpart: Option<String>,
    pub item: Option<String>,
    pub period: Option<PeriodRef>,
    pub baseline: Option<PeriodRef>,
    pub source: Option<Attribution>,
    /// A word that weakens the claim ("estimates", "could", "reportedly").
    pub hedge: Option<String>,
    /// Estimated probability that every field is right, in [0, 1].
    pub confidence: f64,
    /// ISO 639-1 code of the text.
    pub lang: String,
}

/// What a recognised expression is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawKind {
    Amount,
    Change,
    Share,
    Ratio,
    Count,
    /// A bare number with no unit: not a claim by itself.
    Number,
    /// A time span ("the first half of 2022", "last year").
    Period,
    /// A single day ("22 August 2023").
    Date,
}

impl RawKind {
    /// The claim kind for quantity kinds; `None` for numbers and time expressions.
    pub fn claim_kind(self) -> Option<ClaimKind> {
        match self {
            RawKind::Amount => Some(ClaimKind::Amount),
            RawKind::Change => Some(ClaimKind::Change),
            RawKind::Share => Some(ClaimKind::Share),
            RawKind::Ratio => Some(ClaimKind::Ratio),
            RawKind::Count => Some(ClaimKind::Count),
            _ => None,
        }
    }
}

/// Text that looked like a figure or a time expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawClaim {
    pub kind: RawKind,
    pub surface: String,
    /// Byte offsets into the text; `&text[span[0]..span[1]] == surface`.
    pub span: [usize; 2],
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: Option<String>,
    pub approx: Approx,
    /// +1 / -1 for changes (already applied to `value`).
    pub direction: Option<i8>,
    /// Resolved first day of a time expression.
    pub start: Option<NaiveDate>,
    /// Resolved last day of a time expression.
    pub end: Option<NaiveDate>,
    /// A time expression that names a comparison period ("from the same period last year").
    #[serde(default)]
    pub baseline: bool,
    /// A vague figure ("thousands of deliveries").
    #[serde(default)]
    pub vague: bool,
    /// The counted or measured thing as written ("cars", "front-end loaders").
    #[serde(default)]
    pub item: Option<String>,
}

impl RawClaim {
    fn new(kind: RawKind, text: &str, start: usize, end: usize) -> RawClaim {
        RawClaim {
            kind,
            surface: text[start..end].to_string(),
            span: [start, end],
            value: None,
            low: None,
            high: None,
            unit: None,
            approx: Approx::Exact,
            direction: None,
            start: None,
            end: None,
            baseline: false,
            vague: false,
            item: None,
        }
    }

    /// True for time expressions.
    pub fn is_time(&self) -> bool {
        matches!(self.kind, RawKind::Period | RawKind::Date)
    }
}

/// Every quantity and time expression in `text`, sorted by span, with normalised values.
///
/// `published` anchors relative periods; when `None` a dateline in the text is used, and when
/// none is found relative periods keep their surface with open dates.
pub fn recognise(text: &str, published: Option<NaiveDate>) -> Vec<RawClaim> {
    let lang = lang::detect(text);
    let toks = tokens::Toks::new(text);
    let (times, _) = periods::find_dated(&toks, published);
    let mut out = figures::find_in(&toks, lang, &times);
    out.extend(times);
    out.sort_by_key(|r| (r.span[0], r.span[1]));
    out
}

/// The claims of one document: figures that state a fact, with everything the ledger needs.
pub fn extract(doc: &Document<'_>) -> Vec<Claim> {
    assemble::build(doc)
}

/// Compiles a pattern with a lazy-DFA cache large enough for the big multilingual alternations
/// (with the default cache they thrash and fall back to the slow NFA simulation).
fn big_regex(pattern: &str) -> regex::Regex {
    regex::RegexBuilder::new(pattern)
        .dfa_size_limit(64 << 20)
        .size_limit(64 << 20)
        .build()
        .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
}

/// Largest char boundary <= i.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary >= i.
fn ceil_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Up to `n` bytes of `s` before `at`, cut on a char boundary.
fn left_window(s: &str, at: usize, n: usize) -> &str {
    let start = ceil_boundary(s, at.saturating_sub(n));
    &s[start..at]
}

/// Up to `n` bytes of `s` after `at`, cut on a char boundary.
fn right_window(s: &str, at: usize, n: usize) -> &str {
    let end = floor_boundary(s, at.saturating_add(n));
    &s[at..end.max(at)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEED: &str = include_str!("../../samples/seed.txt");

    fn check_spans(text: &str) {
        for r in recognise(text, None) {
            assert!(r.span[0] <= r.span[1] && r.span[1] <= text.len(), "{r:?}");
            assert!(text.is_char_boundary(r.span[0]) && text.is_char_boundary(r.span[1]));
            assert_eq!(&text[r.span[0]..r.span[1]], r.surface);
        }
        let doc = Document {
            id: "p",
            text,
            title: None,
            published: None,
            outlet: None,
        };
        for c in extract(&doc) {
            assert_eq!(&text[c.span[0]..c.span[1]], c.surface);
            assert!((0.0..=1.0).contains(&c.confidence));
        }
    }

    /// Words that exercise every recogniser path, glued at random.
    const PIECES: &[&str] = &[
        "US$",
        "$",
        "€",
        "RMB ",
        "1",
        "2",
        "341,000",
        "2,77,000",
        "816 000",
        "1,5",
        "0.5",
        ".",
        ",",
        "-",
        "–",
        " ",
        "\n",
        "billion",
        "bn",
        "m",
        "mln",
        "Mrd.",
        "млрд",
        "тис.",
        "%",
        " percent",
        " percentage points",
        "times",
        "twice",
        "as many",
        "more than",
        "almost",
        "about",
        "between",
        "and",
        "to",
        "cars",
        "tonnes",
        "barrels per day",
        "rose",
        "fell by",
        "from",
        "in",
        "the first seven months of this year",
        "2022",
        "Q1",
        "H1",
        "January-March",
        "last year",
        "the same period last year",
        "a year earlier",
        "now",
        "since the start of the war",
        "China",
        "Russia's",
        "exports",
        "imports",
        "according to",
        "the Bank of Finland",
        "said",
        "Source: ",
        "рублей",
        "доларів",
        "Prozent",
        "відсотків",
        "a third",
        "half",
        "doubled",
        "-fold",
        "(",
        ")",
        "\"",
        "é",
        "ü",
        "ї",
        "😀",
        ":",
        "20:25",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        #[test]
        fn spans_hold_on_any_input(s in "\\PC{0,200}") {
            check_spans(&s);
        }

        #[test]
        fn spans_hold_on_figure_soup(idx in proptest::collection::vec(0..PIECES.len(), 0..40)) {
            let s: String = idx.iter().map(|&i| PIECES[i]).collect();
            check_spans(&s);
        }

        #[test]
        fn spans_hold_on_cut_seed(a in 0usize..3400, len in 0usize..800) {
            let a = floor_boundary(SEED, a);
            let b = floor_boundary(SEED, a + len);
            check_spans(&SEED[a..b]);
        }
    }

    #[test]
    fn seed_article_claims() {
        let doc = Document {
            id: "seed",
            text: SEED,
            title: None,
            published: None,
            outlet: Some("Ukrainska Pravda"),
        };
        let claims = extract(&doc);
        let find = |s: &str| {
            claims
                .iter()
                .find(|c| c.surface == s)
                .unwrap_or_else(|| panic!("{s} missing"))
        };
        let c = find("US$134 billion");
        assert_eq!(
            (c.kind, c.value, c.unit.as_str(), c.metric),
            (ClaimKind::Amount, 134e9, "USD", Metric::Trade)
        );
        assert_eq!(
            (c.subject.as_deref(), c.counterpart.as_deref()),
            (Some("China"), Some("Russia"))
        );
        let c = find("5%");
        assert_eq!(
            (c.kind, c.value, c.counterpart.as_deref()),
            (ClaimKind::Change, -5.0, None)
        );
        let c = find("45% to 50%");
        assert_eq!(
            (c.low, c.high, c.metric),
            (Some(45.0), Some(50.0), Metric::ShareOfImports)
        );
        assert_eq!(
            c.source.as_ref().map(|s| s.name.as_str()),
            Some("Bank of Finland")
        );
        let c = find("more than 341,000 cars");
        assert_eq!(
            (c.unit.as_str(), c.approx, c.item.as_deref()),
            ("car", Approx::AtLeast, Some("cars"))
        );
    }
}
