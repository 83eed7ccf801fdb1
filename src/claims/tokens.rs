//! Tokens: one pass that cuts a text into words, digit runs and punctuation, with byte spans and
//! a lower-cased copy of the text at the same offsets.
//!
//! Why: the time-expression reader matches short word sequences ("the first half of 2022",
//! "since the start of the war") at every word, and doing that over tokens costs a few
//! comparisons per word instead of a pass of a big Unicode regex per pattern.
//!
//! ```text
//! "In Q1 2020, y/y"  ->  In | Q 1 | 2020 | , | y / y      (glued: Q-1, 2020-",", y-/-y)
//! ```
//!
//! `lower` is `text` with every character whose lower case has the same UTF-8 length
//! lower-cased (ASCII, Latin-1, Cyrillic: all the letters the reader compares), so a span means
//! the same thing in both.
//!
//! Every word token also carries its classes (`class::*`): one look-up of its lower-cased form
//! in a table that the passes fill with their closed word lists (number words, months, words
//! that open a time expression or a multiplier...). A pass asks `t.has(i, class::MONTH)`
//! instead of hashing or comparing the word again, and skips most words with one AND.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// FNV-1a: word tables are looked up once per token, and SipHash costs more than the compare.
#[derive(Default)]
pub(super) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A map keyed by words.
pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Word classes, one bit each: the closed word lists the passes test tokens against. Each list
/// is owned by its pass and registered in `Classes::build`.
pub(super) mod class {
    /// Spelled number words ("seven", "hundred", "third"): `numbers::english`.
    pub const NUMBER: u16 = 1 << 0;
    /// Small numbers a multiplier is spelled with ("three times"): `figures::multipliers`.
    pub const SMALL: u16 = 1 << 1;
    /// Change verbs before "N times" ("grew 2.5 times"): `figures::multipliers`.
    pub const CHANGE_VERB: u16 = 1 << 2;
    /// Words that open a multiplier ("twice", "doubled", "verdoppelt", "в"):
    /// `figures::multipliers`.
    pub const MULTIPLIER: u16 = 1 << 3;
    /// Month names in the four languages: `periods::words`.
    pub const MONTH: u16 = 1 << 4;
    /// Other words a time-expression reading can start with ("the", "first", "early", "Q"):
    /// `periods::reader`.
    pub const PERIOD: u16 = 1 << 5;
    /// First words of the fixed period phrases ("since", "year", "аналогичн*"):
    /// `periods::phrases`.
    pub const PHRASE: u16 = 1 << 6;
    /// Words one of which a fixed period phrase cannot do without ("year" of "year-on-year"):
    /// `periods::phrases`.
    pub const PHRASE_KEY: u16 = 1 << 7;
    /// The words that make digits a multiplier: "times", "x", "fold": `figures::multipliers`.
    pub const TIMES: u16 = 1 << 8;
    /// Vague counts ("thousands of"): `figures::multipliers`.
    pub const VAGUE: u16 = 1 << 9;
}

/// The word-class table: exact words and stems (prefixes), each with its class bits.
#[derive(Default)]
pub(super) struct Classes {
    exact: FastMap<String, u16>,
    /// Bit `n` set when a word of `n` bytes is in `exact` (63 stands for 63 and longer).
    lens: u64,
    stems: Vec<(String, u16)>,
    /// Bit `b & 63` set when a stem starts with byte `b`.
    stem_firsts: u64,
}

impl Classes {
    /// Adds `words` (lower case) to `bits`.
    pub(super) fn words<S: AsRef<str>>(&mut self, bits: u16, words: impl IntoIterator<Item = S>) {
        for w in words {
            let w = w.as_ref();
            self.lens |= 1 << w.len().min(63);
            *self.exact.entry(w.to_string()).or_default() |= bits;
        }
    }

    /// Adds every word that starts with one of `stems` (lower case) to `bits`.
    pub(super) fn stems<S: AsRef<str>>(&mut self, bits: u16, stems: impl IntoIterator<Item = S>) {
        for s in stems {
            let s = s.as_ref();
            if let Some(&b) = s.as_bytes().first() {
                self.stem_firsts |= 1 << (b & 63);
            }
            self.stems.push((s.to_string(), bits));
        }
    }

    fn build() -> Classes {
        let mut c = Classes::default();
        super::numbers::add_classes(&mut c);
        super::figures::add_classes(&mut c);
        super::periods::add_classes(&mut c);
        c
    }

    /// The classes of the lower-cased word `w`.
    fn of(&self, w: &str) -> u16 {
        let Some(&first) = w.as_bytes().first() else {
            return 0;
        };
        let mut bits = 0;
        if self.lens & (1 << w.len().min(63)) != 0 {
            bits = self.exact.get(w).copied().unwrap_or(0);
        }
        if self.stem_firsts & (1 << (first & 63)) != 0 {
            for (s, b) in &self.stems {
                if w.starts_with(s.as_str()) {
                    bits |= b;
                }
            }
        }
        bits
    }
}

static CLASSES: LazyLock<Classes> = LazyLock::new(Classes::build);

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokKind {
    /// Letters, with apostrophes between letters ("russia's", "п'ять").
    Word,
    /// ASCII digits.
    Num,
    /// Any other single non-space character.
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// No whitespace between this token and the one before it.
    pub glued: bool,
    /// The word's `class::*` bits (0 for numbers and punctuation).
    pub class: u16,
}

/// A tokenised text.
pub(super) struct Toks<'a> {
    pub text: &'a str,
    pub lower: String,
    pub toks: Vec<Tok>,
}

/// `text` lower-cased character by character where that keeps the byte length.
pub(super) fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        out.push(fold_char(c));
    }
    out
}

/// The lower case of `c` when it is one character of the same UTF-8 length, else `c`.
fn fold_char(c: char) -> char {
    match c {
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        // Cyrillic capitals, the bulk of the non-ASCII text: 'А'..='Я' and 'Ѐ'..='Џ'
        '\u{410}'..='\u{42F}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        '\u{400}'..='\u{40F}' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        '\u{430}'..='\u{45F}' => c,
        _ => {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
                _ => c,
            }
        }
    }
}

/// Whether `text` is `word` (lower case) under the simple case folding of a `(?i)` regex, from
/// its letters alone: `Some` when that is sure, `None` when a char of `text` past ASCII and the
/// basic Cyrillic block might fold to the letter it stands against ("ſ" is an "s", "ᲁ" a "д") and
/// only the regex can tell. Simple folding maps a char to a char, so the char counts must agree.
pub(super) fn folds_to(text: &str, word: &str) -> Option<bool> {
    let mut sure = true;
    let mut w = word.chars();
    for c in text.chars() {
        let Some(l) = w.next() else {
            return Some(false);
        };
        if c.is_ascii() || matches!(c, '\u{400}'..='\u{45F}') {
            if fold_char(c) != l {
                return Some(false);
            }
        } else if c != l {
            sure = false;
        }
    }
    if w.next().is_some() {
        return Some(false);
    }
    sure.then_some(true)
}

/// `folds_to` over a list: `Some(true)` when `text` is one of `words`, `Some(false)` when it is
/// surely none of them, `None` when only the regex can tell.
pub(super) fn folds_to_any(text: &str, words: &[&str]) -> Option<bool> {
    let mut sure = true;
    for w in words {
        match folds_to(text, w) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => sure = false,
        }
    }
    sure.then_some(false)
}

/// `fold(word)` written into `buf` instead of a new string; `None` past 32 bytes.
pub(super) fn fold_into<'b>(word: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    if word.len() > buf.len() {
        return None;
    }
    let mut at = 0;
    for c in word.chars() {
        // the same UTF-8 length as `c`, so it fits
        at += fold_char(c).encode_utf8(&mut buf[at..]).len();
    }
    std::str::from_utf8(&buf[..at]).ok()
}

/// `char::is_whitespace`, with the ASCII answer first.
fn is_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '\t'..='\r' | ' ')
    } else {
        c.is_whitespace()
    }
}

/// `char::is_alphabetic`, with ASCII and the basic Cyrillic block answered first.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        matches!(c, '\u{400}'..='\u{45F}') || c.is_alphabetic()
    }
}

/// The char starting at byte `i` of `text` (a char boundary below `text.len()`).
fn char_at(text: &str, i: usize) -> char {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        char::from(b)
    } else {
        text[i..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

impl<'a> Toks<'a> {
    pub(super) fn new(text: &'a str) -> Toks<'a> {
        let lower = fold(text);
        let classes = &*CLASSES;
        let b = text.as_bytes();
        let mut toks = Vec::with_capacity(text.len() / 4);
        let mut glued = false;
        let mut i = 0;
        while i < b.len() {
            let c = char_at(text, i);
            let start = i;
            i += c.len_utf8();
            if is_space(c) {
                glued = false;
                continue;
            }
            let kind = if c.is_ascii_digit() {
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                TokKind::Num
            } else if is_letter(c) {
                // letters, and an apostrophe with a letter after it
                while i < b.len() {
                    let d = char_at(text, i);
                    let next = i + d.len_utf8();
                    if is_letter(d)
                        || (is_apostrophe(d) && next < b.len() && is_letter(char_at(text, next)))
                    {
                        i = next;
                    } else {
                        break;
                    }
                }
                TokKind::Word
            } else {
                TokKind::Punct
            };
            let class = if kind == TokKind::Word {
                classes.of(&lower[start..i])
            } else {
                0
            };
            toks.push(Tok {
                start,
                end: i,
                kind,
                glued,
                class,
            });
            glued = true;
        }
        Toks { text, lower, toks }
    }

    pub(super) fn len(&self) -> usize {
        self.toks.len()
    }

    /// The lower-cased word at `i`, if token `i` is a word.
    pub(super) fn word(&self, i: usize) -> Option<&str> {
        let t = self.toks.get(i)?;
        (t.kind == TokKind::Word).then(|| &self.lower[t.start..t.end])
    }

    /// The token at `i` as written.
    pub(super) fn raw(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// True when token `i` is the word `w` (lower case).
    pub(super) fn is(&self, i: usize, w: &str) -> bool {
        self.word(i) == Some(w)
    }

    pub(super) fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        self.word(i).is_some_and(|x| ws.contains(&x))
    }

    /// True when token `i` is a word of one of the classes `bits`.
    pub(super) fn has(&self, i: usize, bits: u16) -> bool {
        self.toks.get(i).is_some_and(|t| t.class & bits != 0)
    }

    /// True when token `i` is a word that starts with one of `stems`.
    pub(super) fn has_stem(&self, i: usize, stems: &[&str]) -> bool {
        self.word(i)
            .is_some_and(|x| stems.iter().any(|s| x.starts_with(s)))
    }

    /// The digits at `i`.
    pub(super) fn digits(&self, i: usize) -> Option<&'a str> {
        let t = self.toks.get(i)?;
        (t.kind == TokKind::Num).then(|| &self.text[t.start..t.end])
    }

    /// True when token `i` is the punctuation `c`.
    pub(super) fn punct(&self, i: usize, c: char) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokKind::Punct && self.text[t.start..].starts_with(c))
    }

    /// True when token `i` exists and follows the one before without whitespace.
    pub(super) fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.glued)
    }

    /// True when the word at `i` starts with an upper-case letter as written.
    pub(super) fn capitalised(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Byte span of tokens `i..j` (`j > i`).
    pub(super) fn span(&self, i: usize, j: usize) -> (usize, usize) {
        (self.toks[i].start, self.toks[j - 1].end)
    }
}

/// Made-up texts for the tests that hold a hand reader to its regex: `n` strings of up to 12
/// pieces drawn from `pieces` (a fixed generator, so a failure repeats).
#[cfg(test)]
pub(super) fn random_texts(pieces: &[&str], n: usize) -> Vec<String> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|_| {
            let len = next() % 13;
            (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect()
        })
        .collect()
}

/// Pieces for `random_texts`: spaces, marks and letters that fold, digits, punctuation.
#[cfg(test)]
pub(super) const TRICKY: &[&str] = &[
    " ", "  ", "\u{a0}", "\u{2009}", "\t", "-", ".", ",", "5", "12", "ſ", "\u{212a}", "ᲁ", "ᲂ",
    "\u{345}", "\u{301}", "x", "A", "é", "Ё", "元", "$", "€", "%",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_words_numbers_and_punctuation() {
        let t = Toks::new("In Q1 2020, Russia’s y/y ÄБВ");
        let raw: Vec<&str> = (0..t.len()).map(|i| t.raw(i)).collect();
        assert_eq!(
            raw,
            [
                "In",
                "Q",
                "1",
                "2020",
                ",",
                "Russia’s",
                "y",
                "/",
                "y",
                "ÄБВ"
            ]
        );
        assert!(t.glued(2) && !t.glued(3) && t.glued(4));
        assert_eq!(t.word(9), Some("äбв"));
        assert_eq!(t.word(5), Some("russia’s"));
        assert_eq!(t.lower.len(), t.text.len());
    }

    /// The fast paths of `fold_char`, `is_space` and `is_letter` answer like the standard
    /// library for every char.
    #[test]
    fn fast_paths_agree_with_std_on_every_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut l = c.to_lowercase();
            let want = match (l.next(), l.next()) {
                (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
                _ => c,
            };
            assert_eq!(fold_char(c), want, "{c:?}");
            assert_eq!(is_space(c), c.is_whitespace(), "{c:?}");
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    /// Token boundaries on mixed-script text with odd spaces and apostrophes at the edges.
    #[test]
    fn cuts_mixed_scripts_and_spaces() {
        let t = Toks::new("ЗРОСЛИ\u{a0}на 5%,\u{2009}l'été' '9 d’\u{85}Ж");
        let raw: Vec<&str> = (0..t.len()).map(|i| t.raw(i)).collect();
        assert_eq!(
            raw,
            [
                "ЗРОСЛИ",
                "на",
                "5",
                "%",
                ",",
                "l'été",
                "'",
                "'",
                "9",
                "d",
                "’",
                "Ж"
            ]
        );
        let glued: Vec<bool> = t.toks.iter().map(|t| t.glued).collect();
        assert_eq!(
            glued,
            [false, false, false, true, true, false, true, false, true, false, true, false]
        );
        assert_eq!(t.word(0), Some("зросли"));
    }

    /// Exact words get their bits only as whole words, stems on any word they start; bits of
    /// several lists add up.
    #[test]
    fn classes_of_words_and_stems() {
        let mut c = Classes::default();
        c.words(
            class::NUMBER,
            ["a", "twenty", "тисяча", "x".repeat(70).as_str()],
        );
        c.words(class::SMALL, ["twenty"]);
        c.stems(class::PHRASE, ["аналогичн", "since"]);
        assert_eq!(c.of("twenty"), class::NUMBER | class::SMALL);
        assert_eq!(c.of("тисяча"), class::NUMBER);
        assert_eq!(c.of(&"x".repeat(70)), class::NUMBER);
        for w in [
            "",
            "b",
            "twelve",
            "twenty-",
            "тисячі",
            "x".repeat(64).as_str(),
        ] {
            assert_eq!(c.of(w), 0, "{w}");
        }
        assert_eq!(c.of("аналогичным"), class::PHRASE);
        assert_eq!(c.of("since"), class::PHRASE);
        assert_eq!(c.of("sinc"), 0);
    }

    /// Tokens carry the classes of their lower-cased word; digits and punctuation carry none.
    #[test]
    fn tokens_carry_their_word_classes() {
        let t = Toks::new("Twice in March, 3 TIMES: doubled");
        assert!(t.has(0, class::MULTIPLIER));
        assert!(t.has(2, class::MONTH) && !t.has(2, class::NUMBER));
        assert!(!t.has(3, u16::MAX) && !t.has(4, u16::MAX));
        assert!(t.has(7, class::MULTIPLIER));
        assert!(!t.has(99, u16::MAX));
    }

    #[test]
    fn fold_keeps_offsets() {
        let s = "İSTANBUL Ǆ ẞ Straße";
        assert_eq!(fold(s).len(), s.len());
    }
}
