//! Organisation phrases by their names and head words, found without a regex automaton.
//!
//! ```text
//! text    "... the Bank of Finland and Reuters said, the Atlantic Council ..."
//! found        [Bank of Finland and]   [Reuters]      [Atlantic Council]
//! ```
//!
//! The phrase is the leftmost-first match of
//!
//! ```text
//! \b(?:(?:The\s+|the\s+)?KNOWN\b | (?:C1\s+)*(?:C2\s+)?HEAD(?:\s+(?:C4|of|for|and|the|de|of the))*)
//! ```
//!
//! (`\b` ASCII, `\s` space or tab, `C1` `[A-Z][\p{L}&'’.-]*`, `C2` `[A-Z][\p{L}.-]*`, `C4`
//! `[A-Z][\p{L}&'’-]*`; the caller trims trailing connector words). As one regex over dozens of
//! head words and names with Unicode classes, the lazy DFA built new states on every text it had
//! not seen, about 1,700 instructions a byte of extract. Walked by hand, each capitalised word is
//! tried once and costs the same on any text. A test compares both on fixed and random text.

use std::sync::LazyLock;

use regex::Regex;

/// Names that are organisations on their own, in the order the regex tried them.
pub(super) const KNOWN: &[&str] = &[
    "Reuters",
    "Bloomberg",
    "Associated Press",
    "AFP",
    "Rosstat",
    "Gazprom",
    "Rosneft",
    "Lukoil",
    "Novatek",
    "Naftogaz",
    "Ukrenergo",
    "IMF",
    "OECD",
    "IEA",
    "OPEC+",
    "OPEC",
    "NATO",
    "CREA",
    "KSE",
    "SIPRI",
    "Kpler",
    "Vortexa",
    "Interfax",
    "TASS",
    "Xinhua",
    "RIA Novosti",
    "Ukrstat",
    "NBU",
    "Eurostat",
    "Comtrade",
    "Kyiv Independent",
    "Ukrainska Pravda",
    "Kommersant",
    "Vedomosti",
    "RBC",
    "Meduza",
    "Financial Times",
    "Wall Street Journal",
    "New York Times",
    "Washington Post",
    "Nikkei",
    "Caixin",
    "Global Times",
    "Argus",
    "Platts",
    "S&P Global",
    "Moody's",
    "Fitch",
    "Goldman Sachs",
    "JPMorgan",
    "Morgan Stanley",
    "Citi",
    "Sberbank",
    "VTB",
    "Rosoboronexport",
    "Roscosmos",
    "Rostec",
];

/// Head words: a capitalised phrase holding one is an organisation. Matched as prefixes ("Bank"
/// in "Banking"), first listed first.
pub(super) const HEADS: &[&str] = &[
    "Bank",
    "Council",
    "Office",
    "Ministry",
    "Institute",
    "Agency",
    "Service",
    "Administration",
    "Department",
    "Committee",
    "Commission",
    "Fund",
    "School",
    "University",
    "Centre",
    "Center",
    "Group",
    "Foundation",
    "Bureau",
    "Authority",
    "Customs",
    "Statistics",
    "Association",
    "Forum",
    "Organisation",
    "Organization",
    "Treasury",
    "Intelligence",
    "Journal",
    "Times",
    "Post",
    "Economist",
    "Monitor",
    "Analytics",
    "Research",
    "Partners",
    "Capital",
    "Securities",
    "Economics",
    "Board",
    "Chamber",
    "Union",
    "Company",
    "Corporation",
    "Federation",
    "Ministerium",
    "Bundesamt",
    "Amt",
    "Institut",
    "Zentralbank",
    "Bundesbank",
];

/// Lower-case words that continue a name after its head ("Bank of Finland"), in order.
const CONNECTORS: &[&str] = &["of", "for", "and", "the", "de"];

/// Whether a char is a Unicode letter (`\p{L}`): a bit table below U+0800 (Latin, Greek,
/// Cyrillic), a regex past it.
struct Letters {
    table: [u64; 32],
    beyond: Regex,
}

static LETTERS: LazyLock<Letters> = LazyLock::new(|| {
    let beyond = super::big_regex(r"^\p{L}$");
    let mut table = [0u64; 32];
    let mut buf = [0u8; 4];
    for (i, c) in (0..0x800u32).filter_map(|i| Some((i, char::from_u32(i)?))) {
        if beyond.is_match(c.encode_utf8(&mut buf)) {
            table[(i / 64) as usize] |= 1 << (i % 64);
        }
    }
    Letters { table, beyond }
});

fn is_letter(c: char) -> bool {
    let i = c as u32;
    if i < 0x800 {
        LETTERS.table[(i / 64) as usize] >> (i % 64) & 1 == 1
    } else {
        LETTERS.beyond.is_match(c.encode_utf8(&mut [0u8; 4]))
    }
}

/// An ASCII word byte, as `(?-u:\b)` sees it.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn boundary(t: &[u8], i: usize) -> bool {
    let before = i > 0 && is_word(t[i - 1]);
    let after = i < t.len() && is_word(t[i]);
    before != after
}

/// The end of the `[ \t]+` run at `i` (`i` when there is none).
fn skip_blanks(t: &[u8], mut i: usize) -> usize {
    while i < t.len() && matches!(t[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

/// The end of `[A-Z]` and then the chars `more` accepts, from `i`; `None` without the capital.
fn capitalised(text: &str, i: usize, more: impl Fn(char) -> bool) -> Option<usize> {
    if !text.as_bytes().get(i).is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let rest = &text[i + 1..];
    let len = rest.find(|c: char| !more(c)).unwrap_or(rest.len());
    Some(i + 1 + len)
}

/// Words by their first byte (all start with an ASCII letter), in list order.
type ByFirst = [Vec<&'static str>; 128];

fn by_first(words: &[&'static str]) -> ByFirst {
    std::array::from_fn(|b| {
        words
            .iter()
            .filter(|w| usize::from(w.as_bytes()[0]) == b)
            .copied()
            .collect()
    })
}

static KNOWN_BY_FIRST: LazyLock<ByFirst> = LazyLock::new(|| by_first(KNOWN));
static HEADS_BY_FIRST: LazyLock<ByFirst> = LazyLock::new(|| by_first(HEADS));

/// The first of `words` (by first byte) that `text` has at `p`.
fn word_at<'w>(words: &'w ByFirst, text: &str, p: usize) -> Option<&'w &'static str> {
    let first = *text.as_bytes().get(p)?;
    words
        .get(usize::from(first))?
        .iter()
        .find(|w| text[p..].starts_with(**w))
}

/// `(?:The[ \t]+|the[ \t]+)?KNOWN\b` at `s`.
fn known_at(text: &str, s: usize) -> Option<usize> {
    let t = text.as_bytes();
    let name_at = |p: usize| {
        let first = *t.get(p)?;
        KNOWN_BY_FIRST
            .get(usize::from(first))?
            .iter()
            .find(|k| text[p..].starts_with(**k) && boundary(t, p + k.len()))
            .map(|k| p + k.len())
    };
    let article = text[s..].starts_with("The") || text[s..].starts_with("the");
    let after = skip_blanks(t, s + 3);
    if article && after > s + 3 {
        if let Some(e) = name_at(after) {
            return Some(e);
        }
    }
    name_at(s)
}

fn head_at(text: &str, p: usize) -> Option<usize> {
    word_at(&HEADS_BY_FIRST, text, p).map(|h| p + h.len())
}

/// `(?:C1[ \t]+)*(?:C2[ \t]+)?HEAD(?:[ \t]+CAP)*` at `s`.
fn headed_at(text: &str, s: usize, starts: &mut Vec<usize>) -> Option<usize> {
    let t = text.as_bytes();
    // where the words `(?:C1[ \t]+)*` can stop; `(?:C2[ \t]+)?` adds nothing, as a `C2` word
    // is a `C1` word and the head after it is tried with one `C1` word more
    starts.clear();
    starts.push(s);
    loop {
        let p = starts[starts.len() - 1];
        let Some(end) = capitalised(text, p, |c| is_letter(c) || "&'’.-".contains(c)) else {
            break;
        };
        let next = skip_blanks(t, end);
        if next == end {
            break;
        }
        starts.push(next);
    }
    // most words first, as the greedy repetition tries them
    let head_end = starts.iter().rev().find_map(|&p| head_at(text, p))?;
    let mut end = head_end;
    loop {
        let p = skip_blanks(t, end);
        if p == end {
            break;
        }
        if let Some(e) = capitalised(text, p, |c| is_letter(c) || "&'’-".contains(c)) {
            end = e;
        } else if let Some(w) = CONNECTORS.iter().find(|w| text[p..].starts_with(**w)) {
            end = p + w.len();
        } else {
            break;
        }
    }
    Some(end)
}

/// The leftmost organisation phrase at or after `at`, as a byte span.
fn find_at(text: &str, at: usize, starts: &mut Vec<usize>) -> Option<(usize, usize)> {
    let t = text.as_bytes();
    (at..t.len())
        .filter(|&s| (t[s].is_ascii_uppercase() || t[s] == b't') && (s == 0 || !is_word(t[s - 1])))
        .find_map(|s| {
            let end = known_at(text, s).or_else(|| {
                t[s].is_ascii_uppercase()
                    .then(|| headed_at(text, s, starts))
                    .flatten()
            })?;
            Some((s, end))
        })
}

/// Every organisation phrase in `text`, left to right, not overlapping.
pub(super) fn find_iter(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    let mut starts = Vec::new();
    std::iter::from_fn(move || {
        let (s, e) = find_at(text, at, &mut starts)?;
        at = e;
        Some((s, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex this module replaces.
    fn regex() -> Regex {
        let alt = |v: &[&str]| {
            v.iter()
                .map(|w| regex::escape(w))
                .collect::<Vec<_>>()
                .join("|")
        };
        let (known, heads) = (alt(KNOWN), alt(HEADS));
        let cap = r"(?:[A-Z][\p{L}&'’-]*|of|for|and|the|de|of the)";
        super::super::big_regex(&format!(
            r"(?-u:\b)(?:(?:The[ \t]+|the[ \t]+)?(?:{known})(?-u:\b)|(?:[A-Z][\p{{L}}&'’.-]*[ \t]+)*(?:[A-Z][\p{{L}}.-]*[ \t]+)?(?:{heads})(?:[ \t]+{cap})*(?:[ \t]+[A-Z][\p{{L}}-]*)?)"
        ))
    }

    fn same(re: &Regex, text: &str) {
        let want: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
        assert_eq!(find_iter(text).collect::<Vec<_>>(), want, "{text:?}");
    }

    #[test]
    fn finds_names_and_headed_phrases() {
        let t = "The Bank of Finland estimates, the Atlantic Council said, and Reuters reported.";
        let found: Vec<&str> = find_iter(t).map(|(s, e)| &t[s..e]).collect();
        assert_eq!(
            found,
            vec!["The Bank of Finland", "Atlantic Council", "Reuters"]
        );
    }

    #[test]
    fn matches_like_the_regex_on_fixed_text() {
        let re = regex();
        for text in [
            "The Bank of Finland estimates, the Atlantic Council said, and Reuters reported.",
            "According to the General Administration of Customs of the People's Republic",
            "OPEC+ said; OPEC+members and OPEC output, the  OPEC cut, The\tIMF",
            "Helsinki-based Centre for Research on Energy and Clean Air (CREA) said",
            "S&P Global Ratings, Moody's Investors Service and Fitch Ratings",
            "Banking Union, Euro-Bank, 5Bank, Bankers, DataBank, Café Bank, Über Bank",
            "Dr. O'Neil & Sons' Capital Partners, U.S. Treasury Department officials",
            "The Kyiv School of Economics (KSE) Institute and the Kiel Institute for the World",
            "Bundesamt für Wirtschaft und Ausfuhrkontrolle, das Statistische Bundesamt",
            "Центральный банк России, Citigroup, Citi, the Wall Street Journal’s report",
            "ÉCOLE Bank",
            "A B C D E Fund",
            "Bank",
            "the ",
            "The",
            "X Y",
            "Ministry of",
        ] {
            same(&re, text);
        }
    }

    #[test]
    fn matches_like_the_regex_on_random_text() {
        let re = regex();
        let pieces = [
            "Bank",
            "Council",
            "of",
            "the",
            "The",
            "and",
            "for",
            "de",
            "Finland",
            "Times",
            "Reuters",
            "OPEC",
            "+",
            "Global",
            "S&P",
            "Moody's",
            "O’Neil",
            "U.S.",
            "-",
            ".",
            " ",
            " ",
            "\t",
            "\n",
            ",",
            "5",
            "_",
            "é",
            "Ö",
            "Über",
            "банк",
            "Citi",
            "group",
            "Institut",
            "Institute",
            "e",
            "(",
            "KSE",
            ")",
            "x",
            "Research",
            "Group",
            "Sachs",
        ];
        for text in super::super::tokens::random_texts(&pieces, 20_000) {
            same(&re, &text);
        }
    }

    #[test]
    fn letters_are_unicode_letters() {
        let re = Regex::new(r"^\p{L}$").unwrap();
        for c in ('\0'..='\u{3000}').chain(['😀', '中', 'ǅ', '\u{10400}']) {
            assert_eq!(is_letter(c), re.is_match(&c.to_string()), "{c:?}");
        }
    }
}
