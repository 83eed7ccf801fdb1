//! The credit of a wire dateline: "BEIJING, May 9 (Reuters) -", "BEIJING, April 13. /TASS/.",
//! "МОСКВА, 14 мая. /ТАСС/." (in Latin letters: "TASS").
//!
//! A dateline is the leftmost-first match, at the start of a line, of
//!
//! ```text
//! [\p{Lu} .,]{3,40}[^\n()]{0,30}?(?:\((NAME)\)[ \t]*(?:-|–|—|--)|/([\p{Lu}]{2,10})/)
//! NAME = [\p{Lu}][\p{L}-]+(?:[ -][\p{Lu}][\p{L}-]+)?
//! ```
//!
//! As one regex its counted Unicode repetitions made the lazy DFA build new states for every
//! dateline it had not seen (about 1,600 instructions a byte of extract on unseen text). The
//! walk below takes the same path: the greedy capitals stop at the first char outside their
//! class (the "(" or "/" cannot be inside it), so only the 31 positions after them can hold the
//! credit, tried left to right; a "(" ends the walk, as the lazy gap cannot cross it.

use std::sync::LazyLock;

use regex::Regex;

use super::attribution::transliterate;

/// The name inside the parentheses, whole.
static NAME: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"^[\p{Lu}][\p{L}-]+(?:[ -][\p{Lu}][\p{L}-]+)?$"));

/// One upper-case letter (`\p{Lu}`, narrower than `char::is_uppercase`).
static UPPER: LazyLock<Regex> = LazyLock::new(|| super::big_regex(r"^\p{Lu}$"));

fn is_upper(c: char) -> bool {
    c.is_ascii_uppercase() || (!c.is_ascii() && UPPER.is_match(c.encode_utf8(&mut [0u8; 4])))
}

/// The wire credit of the first line that opens with a dateline.
pub(super) fn wire_credit(text: &str) -> Option<String> {
    text.split_inclusive('\n')
        .find_map(credit_in_line)
        .map(transliterate)
}

/// The credit a line's dateline names: `(NAME)` or `/CAPS/`.
fn credit_in_line(line: &str) -> Option<&str> {
    // `[\p{Lu} .,]{3,40}`, greedy: as many as there are, up to 40
    let mut chars = line.char_indices().peekable();
    let mut caps = 0;
    while caps < 40
        && chars
            .next_if(|&(_, c)| is_upper(c) || matches!(c, ' ' | '.' | ','))
            .is_some()
    {
        caps += 1;
    }
    if caps < 3 {
        return None;
    }
    // `[^\n()]{0,30}?` then the credit, tried at each of the next 31 positions
    for (gap, (i, c)) in chars.enumerate() {
        match c {
            '(' => return parenthesised(&line[i + 1..]),
            '/' => {
                if let Some(name) = slashed(&line[i + 1..]) {
                    return Some(name);
                }
            }
            ')' | '\n' => return None,
            _ => {}
        }
        if gap == 30 {
            return None;
        }
    }
    None
}

/// `NAME)[ \t]*` and a dash, after the "(".
fn parenthesised(rest: &str) -> Option<&str> {
    let close = rest.find(')')?;
    let name = &rest[..close];
    let after = rest[close + 1..].trim_start_matches([' ', '\t']);
    (NAME.is_match(name) && after.starts_with(['-', '–', '—'])).then_some(name)
}

/// `[\p{Lu}]{2,10}/`, after the "/".
fn slashed(rest: &str) -> Option<&str> {
    let end = rest
        .char_indices()
        .take(11)
        .find(|&(_, c)| !is_upper(c))
        .map_or(rest.len(), |(i, _)| i);
    let n = rest[..end].chars().count();
    ((2..=10).contains(&n) && rest[end..].starts_with('/')).then(|| &rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex this module replaces.
    static WIRE: LazyLock<Regex> = LazyLock::new(|| {
        super::super::big_regex(
            r"(?m)^[\p{Lu} .,]{3,40}[^\n()]{0,30}?(?:\(([\p{Lu}][\p{L}-]+(?:[ -][\p{Lu}][\p{L}-]+)?)\)[ \t]*(?:-|–|—|--)|/([\p{Lu}]{2,10})/)",
        )
    });

    fn by_regex(text: &str) -> Option<String> {
        text.split_inclusive('\n')
            .find_map(|line| WIRE.captures(line))
            .and_then(|c| c.get(1).or_else(|| c.get(2)))
            .map(|m| transliterate(m.as_str()))
    }

    #[test]
    fn credits() {
        assert_eq!(
            wire_credit("BEIJING, May 9 (Reuters) - China's exports rose").as_deref(),
            Some("Reuters")
        );
        assert_eq!(
            wire_credit("Headline\nМОСКВА, 14 мая. /ТАСС/. Экспорт").as_deref(),
            Some("TASS")
        );
        assert_eq!(wire_credit("EU sanctions (in force) - exports fell"), None);
    }

    #[test]
    fn matches_like_the_regex_on_fixed_text() {
        // the credit 40 capitals and 30 more chars in, and one char further
        let long = format!("{}{}(Reuters) - x", "ABCDEFGHI ".repeat(5), "x".repeat(20));
        let longer = format!("{}{}(Reuters) - x", "ABCDEFGHI ".repeat(5), "x".repeat(21));
        assert!(wire_credit(&long).is_some());
        assert!(wire_credit(&longer).is_none());
        for text in [
            long.as_str(),
            longer.as_str(),
            "BEIJING, May 9 (Reuters) - China's exports rose",
            "МОСКВА, 14 мая. /ТАСС/. Экспорт",
            "KYIV, Ukraine (AP) — Russia",
            "WASHINGTON (Dow Jones-Newswires) -- prices",
            "WASHINGTON (Dow Jones Newswires Extra) - prices",
            "NEW YORK, Jan 5 (Foo-Bar Baz) –x",
            "LONDON /ABCDEFGHIJK/ and /AB/",
            "LONDON /A/ then /BC/",
            "ABC".repeat(20).as_str(),
            "AB, a (Reuters) -",
            "ⒶⒷⒸ (Reuters) -",
            "ÉÇÀ, le 3 mai /AFP/",
        ] {
            assert_eq!(wire_credit(text), by_regex(text), "{text:?}");
        }
    }

    #[test]
    fn matches_like_the_regex_on_random_text() {
        let pieces = [
            "BEIJING",
            "МОСКВА",
            ", ",
            "May 9 ",
            "(Reuters) - ",
            "/TASS/",
            "(",
            ")",
            "/",
            " ",
            "-",
            "—",
            "EU sanctions",
            "Ukraine ",
            "U.S.",
            "\n",
            "a",
            "ÄÖ",
            "AP",
            "Dow",
            "Ⓐ",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "\t",
            "--",
            ".",
            "ТАСС",
            "Foo-Bar",
        ];
        for text in super::super::tokens::random_texts(&pieces, 20_000) {
            assert_eq!(wire_credit(&text), by_regex(&text), "{text:?}");
        }
    }
}
