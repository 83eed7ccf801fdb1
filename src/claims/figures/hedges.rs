//! Hedges before a figure: "more than" (at least), "almost" (at most), "about" (approx), in
//! English, German, Russian and Ukrainian.

use std::sync::LazyLock;

use super::super::delimited::captures_if;
use regex::Regex;

use super::super::tokens::lowercase;

use super::super::Approx;

static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(
        r"(?i)(?:^|[^\p{L}])((?:is\s+)?equal\s+to|equals(?:\s+to)?|equall?ing(?:\s+to)?|(?:less|fewer|smaller|lower|more|greater|higher|bigger|larger)\s+than\s+or\s+equal\s+to|(?:less|smaller|lower|more|greater|higher|bigger|larger)\s+or\s+equal\s+(?:than|to)|at\s+least\s+or\s+equal\s+to|exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|(?:could|to|will|would|may)\s+top|larger\s+than|smaller\s+than|lower\s+than|превысит|превысить|превысил[аио]?|превышает|превышают|перевищить|перевищив|перевищила|перевищує|übersteigen|übersteigt|überschreiten|überschreitet|(more|greater|higher|bigger)\s+than|over|at\s+least|above|in\s+excess\s+of|upwards\s+of|no\s+(?:less|fewer)\s+than|not\s+less\s+than|exceeding|just\s+over|well\s+over|about|around|roughly|approximately|some|nearly|an\s+estimated|estimated|close\s+to|circa|ca\.|almost|up\s+to|under|just\s+under|below|less\s+than|fewer\s+than|no\s+more\s+than|at\s+most|rund|etwa|ungefähr|knapp|mehr\s+als|über|fast|beinahe|bis\s+zu|weniger\s+als|mindestens|около|примерно|почти|более|больше|свыше|менее|меньше|порядка|не\s+менее|близько|приблизно|майже|понад|більше|менше|щонайменше|не\s+менше)\s+$",
    )
});

fn hedge_kind(h: &str) -> Approx {
    let mut buf = [0; 32];
    let l = lowercase(h, &mut buf);
    // words joined by single spaces, as the phrases below are written
    let single_spaced = !l.starts_with(' ')
        && !l.ends_with(' ')
        && !l.contains("  ")
        && !l.contains(|c: char| c.is_whitespace() && c != ' ');
    let joined;
    let h: &str = if single_spaced {
        &l
    } else {
        joined = l.split_whitespace().collect::<Vec<_>>().join(" ");
        &joined
    };
    if h.starts_with("equal") || h.starts_with("is equal") {
        return Approx::Exact;
    }
    match h {
        "almost" | "up to" | "under" | "just under" | "below" | "less than" | "fewer than"
        | "no more than" | "at most" | "knapp" | "fast" | "beinahe" | "bis zu" | "weniger als"
        | "почти" | "менее" | "меньше" | "майже" | "менше" => {
            Approx::AtMost
        }
        "about" | "around" | "roughly" | "approximately" | "some" | "nearly" | "an estimated"
        | "estimated" | "close to" | "circa" | "ca." | "rund" | "etwa" | "ungefähr" | "около"
        | "примерно" | "порядка" | "близько" | "приблизно" => {
            Approx::Approx
        }
        _ if ["less", "fewer", "smaller", "lower"]
            .iter()
            .any(|p| h.starts_with(p)) =>
        {
            Approx::AtMost
        }
        _ => Approx::AtLeast,
    }
}

static HEDGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(
        r"(?i)^\s+(?:or|and)\s+(?:(more|greater|higher|above|over|larger|bigger)|(less|fewer|lower|below|smaller|under))(?-u:\b)",
    )
});

/// What makes "or more" the start of the next bound ("more than 40 and less than 60").
static NEXT_BOUND: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(
        r"(?i)^\s+(?:than\s+[\w$€£-]|or\s+equal|[-\d$€£.]|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|a\s+(?:half|third|quarter|hundred|thousand|million|billion))(?-u:\b))",
    )
});

/// Comparison signs written before a number: "> 10", ">=30", "≤ 5", "< = 100".
static SIGN: LazyLock<Regex> =
    LazyLock::new(|| super::super::big_regex(r"(?:^|[^<>=])([<>]\s*=?|[≤≥])\s*-?\s*$"));

/// Whether `SIGN` can match `left`: a match ends in a sign (`<`, `>`, `=`, `≤`, `≥`) with only
/// white space and a hyphen after it. Most windows end in a word and skip the search.
fn may_end_in_sign(left: &str) -> bool {
    let s = left.trim_end();
    let s = s.strip_suffix('-').unwrap_or(s).trim_end();
    s.ends_with(['<', '>', '=', '≤', '≥'])
}

/// Whether `HEDGE_AFTER` can match `right`: white space, then "or" or "and" (no char but the
/// ASCII letters folds to `a` or `o`). Most figures are followed by something else.
fn may_start_with_or_and(right: &str) -> bool {
    let r = right.trim_start();
    r.len() < right.len()
        && r.as_bytes()
            .first()
            .is_some_and(|&b| matches!(b | 0x20, b'a' | b'o'))
}

/// A hedge right after `end` ("200 or more", "500 or less"): (new end, approx).
pub(super) fn hedge_after(text: &str, end: usize) -> Option<(usize, Approx)> {
    let right = super::super::right_window(text, end, 24);
    if !may_start_with_or_and(right) {
        return None;
    }
    let c = captures_if(&HEDGE_AFTER, right)?;
    let m = c.get(0)?;
    if NEXT_BOUND.is_match(super::super::right_window(text, end + m.end(), 16)) {
        return None;
    }
    let a = if c.get(1).is_some() {
        Approx::AtLeast
    } else {
        Approx::AtMost
    };
    Some((end + m.end(), a))
}

/// A hedge right before `start`: (new start, approx).
pub(super) fn hedge_before(text: &str, start: usize) -> Option<(usize, Approx)> {
    let left = super::super::left_window(text, start, 32);
    if let Some(m) = may_end_in_sign(left)
        .then(|| captures_if(&SIGN, left))
        .flatten()
        .and_then(|c| c.get(1))
    {
        let a = if m.as_str().starts_with(['>', '≥']) {
            Approx::AtLeast
        } else {
            Approx::AtMost
        };
        return Some((start - left.len() + m.start(), a));
    }
    let m = HEDGE.find(left)?;
    let (at, phrase) = hedge_phrase(left, m)?;
    Some((start - left.len() + at, hedge_kind(phrase)))
}

/// Group 1 of a `HEDGE` match, read off the match itself where that is certain: every phrase
/// starts with a letter (`\p{L}`) and ends with a letter or a dot, so it is the match without
/// its trailing white space and, when the first char is no letter, without that delimiter. A
/// first char that is alphabetic outside ASCII and basic Cyrillic may be either (an alphabetic
/// mark is no `\p{L}`): the capture search decides. Group 1 found by captures costs thousands
/// of instructions a figure over this alternation.
fn hedge_phrase<'h>(left: &'h str, m: regex::Match<'h>) -> Option<(usize, &'h str)> {
    let first = m.as_str().chars().next()?;
    let lead = if first.is_ascii() || ('\u{400}'..='\u{45F}').contains(&first) {
        if first.is_alphabetic() {
            0
        } else {
            first.len_utf8()
        }
    } else if !first.is_alphabetic() {
        first.len_utf8()
    } else {
        let g = HEDGE.captures(left)?.get(1)?;
        return Some((g.start(), g.as_str()));
    };
    Some((m.start() + lead, m.as_str()[lead..].trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_signs() {
        assert_eq!(hedge_before("x >= 4", 5), Some((2, Approx::AtLeast)));
        assert_eq!(hedge_before("if y<-3", 6), Some((4, Approx::AtMost)));
        assert_eq!(hedge_before("a ≥ 2", 6), Some((2, Approx::AtLeast)));
        assert_eq!(hedge_before("x = 4", 4), None);
        assert_eq!(hedge_before("sum equal to 4", 13), Some((4, Approx::Exact)));
    }

    /// The phrase read off the match is group 1 of the whole pattern, at every end of a text
    /// full of hedges, delimiters and marks.
    #[test]
    fn hedge_phrase_is_group_one() {
        let text = "x more than 5, (almost\t6) ~about 7 ⅧNEARLY 8 \u{345}up to 9 \
                    equal to 1 ca. 2 Около\u{a0}3 at  least 4 under";
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let left = &text[..end];
            let want = HEDGE
                .captures(left)
                .and_then(|c| c.get(1))
                .map(|g| (g.start(), g.as_str()));
            let got = HEDGE.find(left).and_then(|m| hedge_phrase(left, m));
            assert_eq!(got, want, "{left:?}");
        }
    }

    /// The quick tests before `SIGN` and `HEDGE_AFTER` never turn away a window the regex
    /// matches: every start and end of fixed and random texts.
    #[test]
    fn quick_tests_keep_every_match() {
        let pieces = [
            "<",
            ">",
            "=",
            "≤",
            "≥",
            "<=",
            "> ",
            " or ",
            " and ",
            "OR",
            "And",
            "more",
            "less",
            "\u{2003}",
            "\n",
            "ª",
            "º",
            "å",
            "ö",
            "-",
            "--",
            "x",
            "4",
            " or more",
            " and less",
            "\tOR ABOVE",
            " or under",
        ];
        let fixed = "x >= 4, y<-3 a ≥ 2 x = 4 > - 5 <  = 1 200 or more 40 AND less \u{a0}or above";
        let (mut signs, mut afters) = (0, 0);
        super::super::super::tokens::for_every_cut(&pieces, fixed, |text, i| {
            let (left, right) = text.split_at(i);
            if SIGN.is_match(left) {
                signs += 1;
                assert!(may_end_in_sign(left), "{left:?}");
            }
            if HEDGE_AFTER.is_match(right) {
                afters += 1;
                assert!(may_start_with_or_and(right), "{right:?}");
            }
        });
        assert!(signs > 1000 && afters > 1000, "{signs} {afters}");
    }

    /// "more than 40 and less than 60" read "40 and less" as an upper bound on 40.
    #[test]
    fn or_more_is_not_the_next_bound() {
        assert_eq!(hedge_after("200 or more.", 3), Some((11, Approx::AtLeast)));
        assert_eq!(hedge_after("40 and less than 60", 2), None);
        assert_eq!(hedge_after("40 or more than 50", 2), None);
        assert_eq!(hedge_after("40 and above 50", 2), None);
        assert_eq!(
            hedge_after("40 or more than", 2),
            Some((10, Approx::AtLeast))
        );
    }
}
