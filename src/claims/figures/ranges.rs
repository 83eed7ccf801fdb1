//! Ranges: "45% to 50%", "$2bn-$3bn", "between 2 and 3 million", "5-6 млн тонн" merged into
//! one figure with low, high and the midpoint as its value.

use std::sync::LazyLock;

use regex::Regex;

use super::super::tokens::folds_to_any;
use super::super::{Approx, RawClaim, RawKind};

static RANGE_JOIN: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(r"(?i)^\s*(?:-|–|—|~|to|through|and|or|bis|до|по)\s*$")
});
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(
        r"(?i)(?:^|[^\p{L}])(?:between|zwischen|от|між|від)\s+(?:negative\s+|minus\s+|-)?$",
    )
});
static FROM: LazyLock<Regex> =
    LazyLock::new(|| super::super::big_regex(r"(?i)(?:^|[^\p{L}])(?:from|von|с|з)\s+$"));

/// The words that join the two ends of a range, lower case.
const JOINS: &[&str] = &[
    "-", "–", "—", "~", "to", "through", "and", "or", "bis", "до", "по",
];

/// `RANGE_JOIN.is_match(gap)`: the gap is one joining word between white space. Its letters are
/// compared by hand; the regex only answers gaps with chars past ASCII and basic Cyrillic that
/// could fold to one ("biſ").
fn range_join(gap: &str) -> bool {
    let word = gap.trim();
    // the longest join, in any spelling that folds to it, is "through": 7 bytes
    if word.len() > 7 {
        return false;
    }
    folds_to_any(word, JOINS).unwrap_or_else(|| RANGE_JOIN.is_match(gap))
}

/// A bare four-digit number that reads as a year.
fn is_year(r: &RawClaim) -> bool {
    r.value
        .is_some_and(|v| (1900.0..=2100.0).contains(&v) && v.fract() == 0.0)
        && r.surface.trim().len() == 4
}

/// "more than 40 and less than 60", "at most 100 and at least 20": a lower and an upper bound
/// joined by "and", "but" or a comma, in either order, are one range.
fn two_bounds(text: &str, a: &RawClaim, b: &RawClaim) -> Option<RawClaim> {
    let gap = text[a.span[1]..b.span[0]].trim();
    let joined = ["and", "but", ",", ", and", ", but"]
        .iter()
        .any(|w| gap.eq_ignore_ascii_case(w));
    if !joined {
        return None;
    }
    let units_fit = a.unit == b.unit || a.kind == RawKind::Number;
    if !units_fit || a.low.is_some() || b.low.is_some() {
        return None;
    }
    let (x, y) = (a.value?, b.value?);
    let (lo, hi) = match (a.approx, b.approx) {
        (Approx::AtLeast, Approx::AtMost) => (x, y),
        (Approx::AtMost, Approx::AtLeast) => (y, x),
        _ => return None,
    };
    // "more than 40 and less than 10" are two ranges
    if lo >= hi {
        return None;
    }
    let mut r = RawClaim::new(b.kind, text, a.span[0], b.span[1]);
    r.unit = b.unit.clone();
    r.item = b.item.clone().or_else(|| a.item.clone());
    r.direction = a.direction;
    r.low = Some(lo);
    r.high = Some(hi);
    r.value = Some((lo + hi) / 2.0);
    r.approx = Approx::Approx;
    Some(r)
}

/// Merges "45% to 50%", "$2bn-$3bn", "between 2 and 3 million" into one ranged figure.
pub(super) fn merge_ranges(text: &str, figs: Vec<RawClaim>) -> Vec<RawClaim> {
    let mut out: Vec<RawClaim> = Vec::with_capacity(figs.len());
    for f in figs {
        if let Some(prev) = out.last_mut() {
            if let Some(r) = two_bounds(text, prev, &f) {
                *prev = r;
                continue;
            }
            // "+1-222-2222-2222": a chain of hyphenated numbers is a code, not a range
            let chained = prev.low.is_some()
                || text[..prev.span[0]].ends_with(['-', '/'])
                || text[f.span[1]..].starts_with(['-', '/']);
            let gap = &text[prev.span[1]..f.span[0]];
            let join = range_join(gap);
            let gap = gap.trim();
            // only a join asks for the words before the first figure
            let lw = || super::super::left_window(text, prev.span[0], 26);
            let between = || BETWEEN.is_match(lw());
            let from = || FROM.is_match(lw());
            let is_and = gap.eq_ignore_ascii_case("and") || gap == "и" || gap == "і";
            let units_fit =
                prev.unit.is_none() || prev.unit == f.unit || (prev.kind == RawKind::Number);
            let both_bare = prev.kind == RawKind::Number && f.kind == RawKind::Number;
            let hyphen_year_like = gap == "-" && both_bare && (is_year(prev) || is_year(&f));
            let plain_between = || is_and && both_bare && between();
            // "20 through 100", "1000–5000": a range of bare numbers (not "3 or 4", not years)
            let plain_span = both_bare
                && !is_and
                && !gap.eq_ignore_ascii_case("or")
                && !is_year(prev)
                && !is_year(&f);
            // "from 5 to 7 tonnes" is a change; "from 200 to 3000" of bare numbers a range
            if join
                && !chained
                && (plain_span || !from())
                && (!is_and || between())
                && units_fit
                && (f.kind != RawKind::Number || plain_span || plain_between())
                && !hyphen_year_like
            {
                let (mut lo, hi) = (prev.value.unwrap_or(0.0), f.value.unwrap_or(0.0));
                // "2 to 3 billion dollars", "5-6 млн тонн": the scale of the second applies to the first
                let hi_scaled = f.surface.contains(char::is_alphabetic);
                if lo > 0.0 && hi / lo >= 100.0 && prev.kind == RawKind::Number && hi_scaled {
                    if let Some(s) = [1e12, 1e9, 1e6, 1e3]
                        .into_iter()
                        .find(|s| lo * s <= hi * 1.0001)
                    {
                        lo *= s;
                    }
                }
                let start = prev.span[0];
                let kind = if prev.kind != RawKind::Number {
                    prev.kind
                } else {
                    f.kind
                };
                let mut r = RawClaim::new(kind, text, start, f.span[1]);
                r.unit = f.unit.clone();
                r.item = f.item.clone();
                r.direction = if prev.kind != RawKind::Number {
                    prev.direction
                } else {
                    f.direction
                };
                let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
                r.low = Some(lo);
                r.high = Some(hi);
                r.value = Some((lo + hi) / 2.0);
                r.approx = if prev.approx != Approx::Exact {
                    prev.approx
                } else {
                    Approx::Approx
                };
                *prev = r;
                continue;
            }
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::super::tokens::{random_texts, TRICKY};
    use super::super::super::{recognise, RawClaim};
    use super::{range_join, RANGE_JOIN};

    /// The hand reader of a range's joining word answers as its regex, on every gap of a fixed
    /// text and on made-up gaps.
    #[test]
    fn range_join_agrees_with_its_regex() {
        let text = " to - TO 2 – and\u{a0}Or bis \tДО по  through  biſ ᲁᲂ пᲂ BIS x to, or";
        let mut gaps: Vec<String> = Vec::new();
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (n, &a) in cuts.iter().enumerate() {
            for &b in &cuts[n..] {
                gaps.push(text[a..b].to_string());
            }
        }
        let mut pieces = vec![
            "to", "TO", "and", "Or", "bis", "до", "По", "through", "—", "~",
        ];
        pieces.extend(TRICKY);
        gaps.extend(random_texts(&pieces, 20_000));
        for g in &gaps {
            assert_eq!(range_join(g), RANGE_JOIN.is_match(g), "{g:?}");
        }
    }

    fn ranges(text: &str) -> Vec<RawClaim> {
        recognise(text, None)
            .into_iter()
            .filter(|r| r.low.is_some())
            .collect()
    }

    #[test]
    fn lower_and_upper_bounds_make_one_range() {
        let r = ranges("prices above 70 and below 85 dollars");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!((r[0].low, r[0].high), (Some(70.0), Some(85.0)));
        let r = ranges("no more than 9 but at least 4");
        assert_eq!((r[0].low, r[0].high), (Some(4.0), Some(9.0)));
        // the bounds do not overlap: two open ranges
        assert!(ranges("over 90 and under 10").is_empty());
    }

    #[test]
    fn codes_and_bare_from_to() {
        assert!(ranges("call +7-495-123-4567 now").is_empty());
        let r = ranges("the index ran from 300 to 450 in May");
        assert_eq!((r[0].low, r[0].high), (Some(300.0), Some(450.0)));
        let r = ranges("between minus 4 and 12");
        assert_eq!((r[0].low, r[0].high), (Some(-4.0), Some(12.0)));
        // a change of a figure with a unit stays two figures
        assert!(ranges("exports rose from 5% to 7%").is_empty());
    }
}
