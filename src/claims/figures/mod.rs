//! Figures: numbers read with what surrounds them.
//!
//! For every number that is not part of a time expression this stage looks left for a currency,
//! a hedge ("more than", "almost") or a sign, and right for a currency, a percent sign, a physical
//! unit or a counted noun, then merges ranges ("45% to 50%", "between $2bn and $3bn", "2-3 times")
//! and adds multipliers ("almost twice as many", "six times more", "doubled", "N-fold") and vague
//! figures ("thousands of deliveries"). Output: `RawClaim`s of kind amount, change, share, ratio,
//! count or number.

use std::sync::LazyLock;

use super::delimited::captures_if;
use regex::Regex;

mod hedges;
mod multipliers;
mod ranges;
mod subunits;
mod units;

use hedges::{hedge_after, hedge_before};
use ranges::merge_ranges;
use subunits::merge_subunits;
pub(super) use units::singular;
use units::{counted_noun, per_name, unit_name, UNIT, UNITS_WORD};

use super::numbers::{self, Num};
use super::tokens::{lowercase, Toks};
use super::{money, percent, Approx, Lang, RawClaim, RawKind};

static FRACTION_OF: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^\s*(?:aller|der|des|всех|всего|всіх|усіх|видатк\w*|расход\w*|импорт\w*|экспорт\w*|імпорт\w*|експорт\w*)(?:[^\p{L}\p{N}]|$)",
    )
});
static FRACTION_BELOW: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"(?i)^\s*(?:below|lower|less|smaller|under)(?-u:\b)"));

/// Registers the word lists of this stage's passes in the word-class table.
pub(super) fn add_classes(c: &mut super::tokens::Classes) {
    multipliers::add_classes(c);
}

fn overlaps(a: [usize; 2], b: [usize; 2]) -> bool {
    a[0] < b[1] && b[0] < a[1]
}

/// All quantity figures in `text`, given the time expressions already found (for tests: the
/// pipeline tokenises a text once and calls `find_in`).
#[cfg(test)]
pub(super) fn find(text: &str, lang: Lang, times: &[RawClaim]) -> Vec<RawClaim> {
    find_in(&Toks::new(text), lang, times)
}

/// All quantity figures of a tokenised text, given the time expressions already found.
pub(super) fn find_in(t: &Toks<'_>, lang: Lang, times: &[RawClaim]) -> Vec<RawClaim> {
    let text = t.text;
    let mut out = multipliers::find(t);
    let blocked: Vec<[usize; 2]> = times
        .iter()
        .map(|t| t.span)
        .chain(out.iter().map(|r| r.span))
        .collect();
    let nums = numbers::scan_in(t, lang);
    let mut figs: Vec<RawClaim> = Vec::with_capacity(nums.len());
    for n in &nums {
        if blocked.iter().any(|b| overlaps(*b, [n.start, n.end])) {
            continue;
        }
        if let Some(r) = read_figure(text, lang, n) {
            // a currency or hedge read leftwards can reach into the previous figure
            if let Some(last) = figs.last() {
                if r.span[0] < last.span[1] {
                    if last.kind == RawKind::Number && r.kind != RawKind::Number {
                        figs.pop();
                    } else {
                        continue;
                    }
                }
            }
            if blocked.iter().any(|b| overlaps(*b, r.span)) {
                continue;
            }
            figs.push(r);
        }
    }
    let figs = merge_ranges(text, merge_subunits(text, figs));
    for r in multipliers::vague(t) {
        if !figs
            .iter()
            .chain(out.iter())
            .any(|f| overlaps(f.span, r.span))
        {
            out.push(r);
        }
    }
    out.extend(figs);
    // "999…9 billion" overflows to infinity: not a figure anyone wrote
    out.retain(|r| {
        [r.value, r.low, r.high]
            .into_iter()
            .flatten()
            .all(f64::is_finite)
    });
    out.sort_by_key(|r| r.span[0]);
    out
}

/// Reads one number with its surroundings; `None` when it is part of an identifier or a time.
fn read_figure(text: &str, lang: Lang, n: &Num) -> Option<RawClaim> {
    let b = text.as_bytes();
    let prev = text[..n.start].chars().next_back();
    let next = text[n.end..].chars().next();
    // identifiers: "Su-34", "G7", "COVID-19", times "20:25", list markers
    if prev.is_some_and(|c| c.is_alphanumeric() || c == '_')
        && !matches!(prev, Some('$' | '€' | '£' | '¥' | '₽' | '₴' | '₹'))
    {
        money::before(text, n.start)?;
    }
    // "5k-20k": the letter before the hyphen is a scale, not part of a name
    let scale_before = text[..n.start - prev.map_or(0, char::len_utf8)]
        .strip_suffix(['k', 'K', 'm', 'M'])
        .is_some_and(|s| s.ends_with(|c: char| c.is_ascii_digit()));
    // "Su-34" is a name; "three-nought-four" spells digits out
    if prev == Some('-')
        && n.start >= 2
        && !scale_before
        && !n.spelled
        && text[..n.start - 1]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphabetic())
    {
        return None;
    }
    if prev == Some(':')
        || (next == Some(':') && text[n.end + 1..].starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    if in_url(text, n.start) {
        return None;
    }
    // "the one you mentioned", "which one": a pronoun, not a number
    if n.spelled && n.value == 1.0 && n.end - n.start == 3 {
        let before = super::left_window(text, n.start, 12)
            .trim_end()
            .to_lowercase();
        let prev_word = before
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        if matches!(
            prev_word,
            "the" | "this" | "that" | "which" | "each" | "any" | "every" | "no" | "another"
        ) {
            return None;
        }
    }
    let mut start = n.start;
    let mut end = n.end;
    let mut value = n.value;
    let mut unit: Option<String> = None;
    let mut kind = RawKind::Number;
    let mut item = None;
    // "USD50" glued is the next number's
    let owned =
        |s: usize| text[s..start].ends_with(char::is_whitespace) && owned_by_previous(text, s);
    if let Some((s, iso)) = money::before(text, start).filter(|&(s, _)| !owned(s)) {
        start = s;
        unit = Some(iso.into());
        kind = RawKind::Amount;
        if n.scale.is_none() {
            if let Some((e, f)) = money::weak_scale(text, end) {
                end = e;
                value *= f;
            }
        }
        // "$5 billion dollars" is rare; "US$ 5 bn USD" rarer: no second currency read
    } else if let Some((e, u, f)) = percent::after(text, end) {
        end = e;
        value *= f;
        unit = Some(u.into());
        kind = RawKind::Share;
    } else {
        let mut e0 = end;
        let mut v0 = value;
        if n.scale.is_none() {
            if let Some((e, f)) = money::weak_scale(text, end) {
                if money::after(text, e).is_some_and(|(_, _, f)| f == 1.0) {
                    e0 = e;
                    v0 *= f;
                }
            }
        }
        if let Some((e, iso, f)) = money::after(text, e0) {
            end = e;
            value = v0 * f;
            unit = Some(iso.into());
            kind = RawKind::Amount;
            // "75 USD million": a scale word after a currency code
            let code = text[e0..e].trim();
            if n.scale.is_none() && code.len() == 3 && code.bytes().all(|c| c.is_ascii_uppercase())
            {
                if let Some((e2, s)) = numbers::scale_after(text, end, lang) {
                    end = e2;
                    value *= s;
                }
            }
        } else if let Some(c) = captures_if(&UNIT, &text[end..]) {
            let m = c.get(2)?;
            let (name, f) = unit_name(m.as_str());
            let mut buf = [0; 32];
            let w = lowercase(m.as_str(), &mut buf);
            let per_day_unit = w == "bpd" || w == "b/d";
            end += if per_day_unit {
                m.end()
            } else {
                c.get(3).map_or(m.end(), |p| p.end())
            };
            value *= f;
            let per = if per_day_unit {
                Some("day")
            } else {
                c.get(3).map(|p| per_name(p.as_str()))
            };
            unit = Some(match per {
                Some(p) => format!("{name} per {p}"),
                None => name.into(),
            });
            kind = RawKind::Amount;
        } else if let Some(u) = captures_if(&UNITS_WORD, &text[end..]).and_then(|c| c.get(1)) {
            // "482,000 units": the builder replaces the unit with the good the sentence is about
            end += u.end();
            unit = Some("unit".into());
            kind = RawKind::Count;
        } else if !n.fraction {
            if let Some((e, phrase, noun)) = counted_noun(text, end) {
                if !n.spelled || n.scale.is_some() || n.value >= 10.0 {
                    end = e;
                    unit = Some(noun);
                    item = Some(phrase);
                    kind = RawKind::Count;
                }
            }
        }
    }
    if n.fraction && kind == RawKind::Number {
        // "a third of Russian imports": a share; "fell by more than a quarter": a change
        let right = clause_right(text, end);
        let (k, _) = percent::classify(clause_left(text, start), right, "%");
        let of_whole = right.trim_start().starts_with("of ") || FRACTION_OF.is_match(right);
        if k == RawKind::Change || of_whole || FRACTION_BELOW.is_match(right) {
            value *= 100.0;
            unit = Some("%".into());
            kind = if of_whole && k != RawKind::Change {
                RawKind::Share
            } else {
                RawKind::Change
            };
        }
    }
    // list markers "1." / "(2)" at the start of a line
    if kind == RawKind::Number && n.int_digits <= 2 && !n.decimal {
        let line_start = text[..n.start].rfind('\n').map_or(0, |i| i + 1);
        let lead = text[line_start..n.start].trim();
        if (lead.is_empty() || lead == "(") && matches!(b.get(n.end), Some(b'.' | b')')) {
            return None;
        }
    }
    let mut approx = Approx::Exact;
    let mut equal_to = false;
    if let Some((s, a)) = hedge_before(text, start) {
        start = s;
        approx = a;
        // the only hedge that keeps a figure exact: "equal to 20" is the range [20, 20]
        equal_to = a == Approx::Exact;
    }
    if let Some((e, a)) = hedge_after(text, end) {
        end = e;
        approx = a;
    }
    // a sign written with the number ("-5", "minus 5", "negative one")
    let sign_prefix = super::left_window(text, start, 9);
    let word_sign = sign_prefix.ends_with("minus ") || sign_prefix.ends_with("negative ");
    // a minus glued to the digits after a sign or symbol: "<-30", "$-99.99"
    let glued_minus = text[..n.start]
        .strip_suffix(['-', '−'])
        .is_some_and(|b| !b.ends_with(|c: char| c.is_alphanumeric() || c == '-'));
    let negative = word_sign
        || (glued_minus && !n.spelled)
        || ((sign_prefix.ends_with('-') || sign_prefix.ends_with('−'))
            && !sign_prefix
                .trim_end_matches(['-', '−'])
                .ends_with(|c: char| c.is_alphanumeric()));
    let mut r = RawClaim::new(kind, text, start, end);
    r.approx = approx;
    r.unit = unit;
    r.item = item;
    if kind == RawKind::Share || (kind == RawKind::Change && n.fraction) {
        let left = clause_left(text, start);
        let right = clause_right(text, end);
        let (mut k, dir) = percent::classify(left, right, r.unit.as_deref().unwrap_or("%"));
        if n.fraction && kind == RawKind::Change {
            k = RawKind::Change;
        }
        r.kind = k;
        if k == RawKind::Change {
            let below = n.fraction && FRACTION_BELOW.is_match(right);
            let d = if negative || below {
                -1
            } else {
                dir.unwrap_or(1)
            };
            r.direction = Some(d);
            value = value.abs() * f64::from(d);
        }
    } else if negative {
        value = -value;
    }
    r.value = Some(value);
    if equal_to && r.approx == Approx::Exact {
        r.low = Some(value);
        r.high = Some(value);
    }
    Some(r)
}

/// "10 rmb 20 usd", "17 USD 25": a currency code right after a number without a currency of
/// its own belongs to that number, not to the one after it.
fn owned_by_previous(text: &str, currency_start: usize) -> bool {
    let before = text[..currency_start].trim_end();
    if before.len() == currency_start || !before.ends_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let num_start = before
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
        .len();
    money::before(text, num_start).is_none()
}

/// True when `at` is inside a URL ("https://...?q=30%25"): its digits are not figures.
fn in_url(text: &str, at: usize) -> bool {
    let token_start = text[..at]
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let token = &text[token_start..at];
    token.contains("://") || token.starts_with("www.")
}

/// Text before `at` back to the start of its clause (at most 80 bytes).
fn clause_left(text: &str, at: usize) -> &str {
    let w = super::left_window(text, at, 200);
    let b = w.as_bytes();
    // a dot between digits ("4.3%") does not end a clause; the marks are ASCII, so bytes do
    let cut = b
        .iter()
        .enumerate()
        .rev()
        .find(|&(i, &c)| {
            matches!(c, b';' | b'!' | b'?' | b'\n' | b':')
                || (c == b'.'
                    && !(i > 0
                        && b[i - 1].is_ascii_digit()
                        && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
        })
        .map_or(0, |(i, _)| i + 1);
    &w[cut..]
}

/// Text after `at` up to the end of its clause (at most 60 bytes).
fn clause_right(text: &str, at: usize) -> &str {
    let w = super::right_window(text, at, 60);
    let cut = w
        .bytes()
        .position(|c| matches!(c, b';' | b'!' | b'?' | b'\n'))
        .unwrap_or(w.len());
    &w[..cut]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clause cuts read bytes (their marks are ASCII); they cut where the char-by-char
    /// reading they replaced does, at every position of made-up texts.
    #[test]
    fn clause_cuts_agree_with_a_char_reading() {
        fn left_by_chars(text: &str, at: usize) -> &str {
            let w = super::super::left_window(text, at, 200);
            let b = w.as_bytes();
            let cut = w
                .char_indices()
                .rev()
                .find(|&(i, c)| {
                    matches!(c, ';' | '!' | '?' | '\n' | ':')
                        || (c == '.'
                            && !(i > 0
                                && b[i - 1].is_ascii_digit()
                                && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
                })
                .map_or(0, |(i, _)| i + 1);
            &w[cut..]
        }
        fn right_by_chars(text: &str, at: usize) -> &str {
            let w = super::super::right_window(text, at, 60);
            &w[..w.find([';', '!', '?', '\n']).unwrap_or(w.len())]
        }
        let mut pieces = super::super::tokens::TRICKY.to_vec();
        pieces.extend([
            ";",
            "!",
            "?",
            "\n",
            ":",
            "4.3",
            "Ціни ",
            "rose ",
            "—",
            "«",
            "…",
        ]);
        for text in super::super::tokens::random_texts(&pieces, 1500) {
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(
                    clause_left(&text, at),
                    left_by_chars(&text, at),
                    "{text:?} {at}"
                );
                assert_eq!(
                    clause_right(&text, at),
                    right_by_chars(&text, at),
                    "{text:?} {at}"
                );
            }
        }
    }

    fn figs(text: &str) -> Vec<RawClaim> {
        let v = find(
            text,
            Lang::En,
            &super::super::periods::find(text, Lang::En, None),
        );
        for r in &v {
            assert_eq!(&text[r.span[0]..r.span[1]], r.surface);
        }
        v.into_iter()
            .filter(|r| r.kind != RawKind::Number)
            .collect()
    }

    fn one(text: &str) -> RawClaim {
        let v = figs(text);
        assert_eq!(v.len(), 1, "{text}: {v:#?}");
        v.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn money() {
        let r = one("trade increased to US$134 billion in");
        assert_eq!(
            (r.surface.as_str(), r.value, r.unit.as_deref()),
            ("US$134 billion", Some(134e9), Some("USD"))
        );
        let r = one("a $1.2bn deal");
        assert_eq!((r.value, r.unit.as_deref()), (Some(1.2e9), Some("USD")));
        let r = one("worth 243.03 billion yuan.");
        assert_eq!(
            (r.surface.as_str(), r.unit.as_deref()),
            ("243.03 billion yuan", Some("CNY"))
        );
        let r = one("raised USD 20m from");
        assert_eq!((r.surface.as_str(), r.value), ("USD 20m", Some(20e6)));
        let r = one("revenue of 5.7 trillion roubles");
        assert_eq!((r.value, r.unit.as_deref()), (Some(5.7e12), Some("RUB")));
    }

    #[test]
    fn percentages() {
        let r = one("exports increased by 73%, even");
        assert_eq!((r.kind, r.value), (RawKind::Change, Some(73.0)));
        let r = one("total exports fell by 5%.");
        assert_eq!((r.kind, r.value), (RawKind::Change, Some(-5.0)));
        let r = one("the source of 45% to 50% of Russian imports");
        assert_eq!(
            (r.kind, r.surface.as_str(), r.low, r.high, r.approx),
            (
                RawKind::Share,
                "45% to 50%",
                Some(45.0),
                Some(50.0),
                Approx::Approx
            )
        );
        let r = one("rates rose 2.5 percentage points");
        assert_eq!(
            (r.kind, r.unit.as_deref(), r.value),
            (RawKind::Change, Some("pp"), Some(2.5))
        );
    }

    #[test]
    fn multipliers_and_counts() {
        let r = one("China sold Russia almost twice as many front-end loaders");
        assert_eq!(
            (r.surface.as_str(), r.value, r.approx),
            ("almost twice as many", Some(2.0), Approx::AtMost)
        );
        assert_eq!(r.item.as_deref(), Some("front-end loaders"));
        let r = one("and more than three times as many excavators");
        assert_eq!(
            (r.surface.as_str(), r.value, r.approx),
            ("more than three times as many", Some(3.0), Approx::AtLeast)
        );
        let r = one("which is almost six times more than");
        assert_eq!(
            (r.surface.as_str(), r.value),
            ("almost six times more", Some(6.0))
        );
        let r = one("China exported more than 341,000 cars to Russia");
        assert_eq!(
            (r.surface.as_str(), r.kind, r.unit.as_deref(), r.approx),
            (
                "more than 341,000 cars",
                RawKind::Count,
                Some("car"),
                Approx::AtLeast
            )
        );
        let r = one("imports have doubled since");
        assert_eq!((r.surface.as_str(), r.value), ("doubled", Some(2.0)));
        let r = one("a fivefold increase");
        assert_eq!(r.value, Some(5.0));
        let r = one("some 1.2 million barrels a day");
        assert_eq!(
            (r.kind, r.value, r.unit.as_deref(), r.approx),
            (
                RawKind::Amount,
                Some(1.2e6),
                Some("barrel per day"),
                Approx::Approx
            )
        );
    }

    #[test]
    fn non_quantities() {
        assert!(figs("the Su-34 jets and G7 leaders met at 20:25 in 2022").is_empty());
        assert_eq!(singular("deliveries"), "delivery");
        assert_eq!(singular("excavators"), "excavator");
        assert_eq!(singular("buses"), "bus");
    }

    /// A currency read leftwards reached into the previous number and the range merge sliced
    /// backwards ("1 $10 dollars bill" panicked in the conformance run).
    #[test]
    fn overlapping_currency_does_not_panic() {
        // figs() checks every span; which reading wins here is ambiguous
        let v = figs("1 $10 dollars bill");
        assert!(v.iter().all(|r| r.unit.as_deref() == Some("USD")));
    }

    #[test]
    fn other_languages() {
        let t = "Die Exporte sanken um 38,3 Prozent auf 8.912,4 Mio. Euro.";
        let v = find(t, Lang::De, &[]);
        let c = v
            .iter()
            .find(|r| r.surface == "38,3 Prozent")
            .unwrap_or_else(|| panic!("{v:?}"));
        assert_eq!((c.kind, c.value), (RawKind::Change, Some(-38.3)));
        assert!(v.iter().any(|r| r.surface == "8.912,4 Mio. Euro"
            && r.value == Some(8_912.4e6)
            && r.unit.as_deref() == Some("EUR")));
        let t = "Импорт вырос в 2,8 раза и составил около 960 тыс. штук.";
        let v = find(t, Lang::Ru, &[]);
        assert!(
            v.iter()
                .any(|r| r.kind == RawKind::Ratio && r.value == Some(2.8)),
            "{v:?}"
        );
        assert!(v
            .iter()
            .any(|r| r.surface == "около 960 тыс. штук" && r.approx == Approx::Approx));
        let t = "Доходи впали майже на четверть.";
        let v = find(t, Lang::Uk, &[]);
        assert!(
            v.iter()
                .any(|r| r.kind == RawKind::Change && r.value == Some(-25.0)),
            "{v:?}"
        );
    }
}
