//! Ranges: "45% to 50%", "$2bn-$3bn", "between 2 and 3 million", "5-6 млн тонн" merged into
//! one figure with low, high and the midpoint as its value.

use std::sync::LazyLock;

use regex::Regex;

use super::super::{Approx, RawClaim, RawKind};

static RANGE_JOIN: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(r"(?i)^\s*(?:-|–|—|~|to|through|and|or|bis|до|по)\s*$")
});
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(r"(?i)(?:^|[^\p{L}])(?:between|zwischen|от|між|від)\s+$")
});
static FROM: LazyLock<Regex> =
    LazyLock::new(|| super::super::big_regex(r"(?i)(?:^|[^\p{L}])(?:from|von|с|з)\s+$"));

/// A bare four-digit number that reads as a year.
fn is_year(r: &RawClaim) -> bool {
    r.value
        .is_some_and(|v| (1900.0..=2100.0).contains(&v) && v.fract() == 0.0)
        && r.surface.trim().len() == 4
}

/// Merges "45% to 50%", "$2bn-$3bn", "between 2 and 3 million" into one ranged figure.
pub(super) fn merge_ranges(text: &str, figs: Vec<RawClaim>) -> Vec<RawClaim> {
    let mut out: Vec<RawClaim> = Vec::with_capacity(figs.len());
    for f in figs {
        if let Some(prev) = out.last_mut() {
            let gap = &text[prev.span[1]..f.span[0]];
            let join = RANGE_JOIN.is_match(gap);
            let lw = super::super::left_window(text, prev.span[0], 16);
            let between = BETWEEN.is_match(lw);
            let from = FROM.is_match(lw);
            let is_and =
                gap.trim().eq_ignore_ascii_case("and") || gap.trim() == "и" || gap.trim() == "і";
            let units_fit =
                prev.unit.is_none() || prev.unit == f.unit || (prev.kind == RawKind::Number);
            let both_bare = prev.kind == RawKind::Number && f.kind == RawKind::Number;
            let hyphen_year_like = gap.trim() == "-" && both_bare && (is_year(prev) || is_year(&f));
            let plain_between = between && is_and && both_bare;
            // "20 through 100", "1000–5000": a range of bare numbers (not "3 or 4", not years)
            let plain_span = both_bare
                && !is_and
                && !gap.trim().eq_ignore_ascii_case("or")
                && !is_year(prev)
                && !is_year(&f);
            if join
                && !from
                && (!is_and || between)
                && units_fit
                && (f.kind != RawKind::Number || plain_between || plain_span)
                && !hyphen_year_like
            {
                let (mut lo, hi) = (prev.value.unwrap_or(0.0), f.value.unwrap_or(0.0));
                // "2 to 3 billion dollars", "5-6 млн тонн": the scale of the second applies to the first
                if lo > 0.0 && hi / lo >= 100.0 && prev.kind == RawKind::Number {
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
