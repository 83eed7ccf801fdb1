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

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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

/// A set of words, looked up once per token.
pub(super) struct WordSet(FastMap<&'static str, ()>);

impl WordSet {
    pub(super) fn new(words: &[&'static str]) -> WordSet {
        WordSet(words.iter().map(|w| (*w, ())).collect())
    }

    pub(super) fn contains(&self, w: &str) -> bool {
        self.0.contains_key(w)
    }
}

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
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(x), None) if x.len_utf8() == c.len_utf8() => out.push(x),
            _ => out.push(c),
        }
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

impl<'a> Toks<'a> {
    pub(super) fn new(text: &'a str) -> Toks<'a> {
        let lower = fold(text);
        let mut toks = Vec::with_capacity(text.len() / 4);
        let mut glued = false;
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c.is_whitespace() {
                glued = false;
                continue;
            }
            let kind = if c.is_ascii_digit() {
                TokKind::Num
            } else if c.is_alphabetic() {
                TokKind::Word
            } else {
                TokKind::Punct
            };
            let mut end = i + c.len_utf8();
            match kind {
                TokKind::Num => {
                    while let Some(&(j, d)) = it.peek() {
                        if !d.is_ascii_digit() {
                            break;
                        }
                        end = j + 1;
                        it.next();
                    }
                }
                TokKind::Word => {
                    while let Some(&(j, d)) = it.peek() {
                        let apostrophe = is_apostrophe(d)
                            && text[j + d.len_utf8()..]
                                .chars()
                                .next()
                                .is_some_and(char::is_alphabetic);
                        if d.is_alphabetic() || apostrophe {
                            end = j + d.len_utf8();
                            it.next();
                        } else {
                            break;
                        }
                    }
                }
                TokKind::Punct => {}
            }
            toks.push(Tok {
                start: i,
                end,
                kind,
                glued,
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

    /// True when token `i` is a word of `set`.
    pub(super) fn in_set(&self, i: usize, set: &WordSet) -> bool {
        self.word(i).is_some_and(|w| set.contains(w))
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

    #[test]
    fn fold_keeps_offsets() {
        let s = "İSTANBUL Ǆ ẞ Straße";
        assert_eq!(fold(s).len(), s.len());
    }
}
