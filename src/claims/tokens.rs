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

use std::borrow::Cow;
use std::cell::Cell;
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
    /// Words that open the German and Slavic number forms ("drittel", "zwei Milliarden",
    /// "половину"): `numbers::words`.
    pub const OTHER_NUMBER: u16 = 1 << 10;
}

/// The word-class table: exact words and stems (prefixes), each with its class bits.
pub(super) struct Classes {
    exact: FastMap<String, u16>,
    /// Bit `exact_sig(w)` set for every word of `exact`: most words of a text miss it and skip
    /// the hash.
    exact_sigs: [u64; 64],
    /// Stems of two bytes or more, with their first two bytes.
    stems: Vec<([u8; 2], String, u16)>,
    /// Bit `pair_sig` of the first two bytes of every stem in `stems`.
    stem_sigs: [u64; 64],
    /// Stems of one byte.
    short_stems: Vec<(String, u16)>,
}

impl Default for Classes {
    fn default() -> Classes {
        Classes {
            exact: FastMap::default(),
            exact_sigs: [0; 64],
            stems: Vec::new(),
            stem_sigs: [0; 64],
            short_stems: Vec::new(),
        }
    }
}

/// A 12-bit signature of a word from its length and first, second and last bytes.
fn exact_sig(w: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (w.first(), w.last()) else {
        return 0;
    };
    let second = w.get(1).copied().unwrap_or(0);
    ((w.len() << 7)
        ^ (usize::from(first) << 4)
        ^ (usize::from(second) << 1)
        ^ (usize::from(last) * 5))
        & 4095
}

/// A 12-bit signature of two first bytes.
fn pair_sig(p: [u8; 2]) -> usize {
    ((usize::from(p[0]) << 6) ^ usize::from(p[1])) & 4095
}

fn has_sig(set: &[u64; 64], sig: usize) -> bool {
    set[sig >> 6] & (1 << (sig & 63)) != 0
}

impl Classes {
    /// Adds `words` (lower case) to `bits`.
    pub(super) fn words<S: AsRef<str>>(&mut self, bits: u16, words: impl IntoIterator<Item = S>) {
        for w in words {
            let w = w.as_ref();
            let sig = exact_sig(w.as_bytes());
            self.exact_sigs[sig >> 6] |= 1 << (sig & 63);
            *self.exact.entry(w.to_string()).or_default() |= bits;
        }
    }

    /// Adds every word that starts with one of `stems` (lower case) to `bits`.
    pub(super) fn stems<S: AsRef<str>>(&mut self, bits: u16, stems: impl IntoIterator<Item = S>) {
        for s in stems {
            let s = s.as_ref();
            match *s.as_bytes() {
                [] => {}
                [_] => self.short_stems.push((s.to_string(), bits)),
                [a, b, ..] => {
                    let sig = pair_sig([a, b]);
                    self.stem_sigs[sig >> 6] |= 1 << (sig & 63);
                    self.stems.push(([a, b], s.to_string(), bits));
                }
            }
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
        let wb = w.as_bytes();
        if wb.is_empty() {
            return 0;
        }
        let mut bits = 0;
        if has_sig(&self.exact_sigs, exact_sig(wb)) {
            bits = self.exact.get(w).copied().unwrap_or(0);
        }
        if let [a, b, ..] = *wb {
            if has_sig(&self.stem_sigs, pair_sig([a, b])) {
                for (p, s, sb) in &self.stems {
                    if *p == [a, b] && w.starts_with(s.as_str()) {
                        bits |= sb;
                    }
                }
            }
        }
        for (s, b) in &self.short_stems {
            if w.starts_with(s.as_str()) {
                bits |= b;
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

thread_local! {
    /// The buffers of this thread's last dropped `Toks`, for the next one: a text's two big
    /// allocations cost more than cutting a short article.
    static SPARE: Cell<Option<(String, Vec<Tok>)>> = const { Cell::new(None) };
}

/// Buffers above this many bytes of text go back to the allocator.
const SPARE_MAX: usize = 1 << 20;

impl Drop for Toks<'_> {
    fn drop(&mut self) {
        if self.lower.capacity() <= SPARE_MAX {
            SPARE.set(Some((
                std::mem::take(&mut self.lower),
                std::mem::take(&mut self.toks),
            )));
        }
    }
}

/// `text` lower-cased character by character where that keeps the byte length, written into
/// `out` (emptied first).
fn fold_to(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        // eight bytes at a time; the check of the result is the quick one of ASCII
        let mut bytes = std::mem::take(out).into_bytes();
        bytes.extend_from_slice(text.as_bytes());
        lower_ascii(&mut bytes);
        *out = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        return;
    }
    // a check of the whole text would cost more than lower-casing its ASCII byte by byte
    out.push_str(text);
    // ASCII capitals never occur inside a multi-byte sequence
    out.make_ascii_lowercase();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii() {
            i += 1;
            continue;
        }
        // basic Cyrillic, most of it lower case already
        if let Some(pair) = b.get(i + 1).and_then(|&y| fold_cyrillic(b[i], y)) {
            if pair != b[i..i + 2] {
                let l = fold_char(char_at(text, i));
                out.replace_range(i..i + 2, l.encode_utf8(&mut [0; 4]));
            }
            i += 2;
            continue;
        }
        let c = char_at(text, i);
        let n = c.len_utf8();
        let l = fold_char(c);
        if l != c {
            // a char of the same UTF-8 length as `c`
            out.replace_range(i..i + n, l.encode_utf8(&mut [0; 4]));
        }
        i += n;
    }
}

/// The lower case of the basic Cyrillic letter (U+0400..U+045F) encoded as `x y`, as two
/// bytes; `None` for any other char.
fn fold_cyrillic(x: u8, y: u8) -> Option<[u8; 2]> {
    match (x, y) {
        // Ѐ..Џ -> ѐ..џ
        (0xD0, 0x80..=0x8F) => Some([0xD1, y + 0x10]),
        // А..П -> а..п
        (0xD0, 0x90..=0x9F) => Some([0xD0, y + 0x20]),
        // Р..Я -> р..я
        (0xD0, 0xA0..=0xAF) => Some([0xD1, y - 0x20]),
        // а..п, р..я, ѐ..џ
        (0xD0, 0xB0..=0xBF) | (0xD1, 0x80..=0x9F) => Some([x, y]),
        _ => None,
    }
}

/// `<[u8]>::make_ascii_lowercase`, eight bytes at a time: a byte in `A..=Z` gets bit 5 set.
fn lower_ascii(b: &mut [u8]) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact_mut(8);
    for chunk in &mut chunks {
        let mut w = [0; 8];
        w.copy_from_slice(chunk);
        let x = u64::from_le_bytes(w);
        let low7 = x & !HIGH;
        // high bit of each byte: low7 >= 'A', low7 > 'Z', and the byte is ASCII
        let ge_a = low7 + (0x80 - u64::from(b'A')) * ONES;
        let gt_z = low7 + (0x7F - u64::from(b'Z')) * ONES;
        let upper = ge_a & !gt_z & !x & HIGH;
        chunk.copy_from_slice(&(x | (upper >> 2)).to_le_bytes());
    }
    chunks.into_remainder().make_ascii_lowercase();
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

/// `word` lower-cased like `Toks::lower`, written into `buf`; `None` past 32 bytes.
pub(super) fn fold_into<'b>(word: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let n = word.len();
    let out = buf.get_mut(..n)?;
    out.copy_from_slice(word.as_bytes());
    if fold_basic(out) {
        return std::str::from_utf8(&buf[..n]).ok();
    }
    let mut at = 0;
    for c in word.chars() {
        // the same UTF-8 length as `c`, so it fits
        at += fold_char(c).encode_utf8(&mut buf[at..]).len();
    }
    std::str::from_utf8(&buf[..at]).ok()
}

/// `s.to_lowercase()`, written into `buf` without an allocation when `s` fits and is all ASCII
/// and basic Cyrillic (there the full lower case is the char-by-char `fold_char`); owned
/// otherwise ("İ", a final "Σ" lower-case to other lengths or by context).
pub(super) fn lowercase<'b>(s: &str, buf: &'b mut [u8; 32]) -> Cow<'b, str> {
    let basic = buf.get_mut(..s.len()).is_some_and(|out| {
        out.copy_from_slice(s.as_bytes());
        fold_basic(out)
    });
    match std::str::from_utf8(&buf[..if basic { s.len() } else { 0 }]) {
        Ok(l) if basic => Cow::Borrowed(l),
        _ => Cow::Owned(s.to_lowercase()),
    }
}

/// Lower-cases the UTF-8 bytes `b` in place when they are all ASCII and basic Cyrillic
/// (U+0400..U+045F), byte by byte; false (and `b` half done) on any other char.
fn fold_basic(b: &mut [u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x.is_ascii() {
            b[i] = x.to_ascii_lowercase();
            i += 1;
            continue;
        }
        let Some(pair) = b.get(i + 1).and_then(|&y| fold_cyrillic(x, y)) else {
            return false;
        };
        b[i..i + 2].copy_from_slice(&pair);
        i += 2;
    }
    true
}

/// `char::is_whitespace`, with the ASCII answer first.
fn is_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '\t'..='\r' | ' ')
    } else {
        c.is_whitespace()
    }
}

/// `char::is_alphabetic`, with ASCII, the basic Cyrillic block and the punctuation and currency
/// blocks (dashes, quotes, `’`, `€`: no letters there) answered first.
pub(super) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        match c {
            '\u{400}'..='\u{45F}' => true,
            '\u{2000}'..='\u{206F}' | '\u{20A0}'..='\u{20CF}' => false,
            _ => c.is_alphabetic(),
        }
    }
}

/// What an ASCII byte starts: whitespace, digits, a word, or a punctuation token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Starts {
    Space,
    Digit,
    Letter,
    Punct,
}

/// `Starts` of every ASCII byte, agreeing with `is_space` and `is_letter`.
const ASCII_STARTS: [Starts; 128] = {
    let mut t = [Starts::Punct; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if matches!(c, b'\t'..=b'\r' | b' ') {
            Starts::Space
        } else if c.is_ascii_digit() {
            Starts::Digit
        } else if c.is_ascii_alphabetic() {
            Starts::Letter
        } else {
            Starts::Punct
        };
        b += 1;
    }
    t
};

/// The end of the word whose letters continue at byte `i`: letters, and an apostrophe with a
/// letter after it.
fn word_end(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    loop {
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        if i >= b.len() {
            return i;
        }
        let d = char_at(text, i);
        let next = i + d.len_utf8();
        if is_letter(d) || (is_apostrophe(d) && next < b.len() && is_letter(char_at(text, next))) {
            i = next;
        } else {
            return i;
        }
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
        let (mut lower, mut toks) = SPARE.take().unwrap_or_default();
        fold_to(text, &mut lower);
        toks.clear();
        toks.reserve(text.len() / 4);
        let classes = &*CLASSES;
        let b = text.as_bytes();
        let mut glued = false;
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            let start = i;
            let kind = if x.is_ascii() {
                i += 1;
                match ASCII_STARTS[usize::from(x)] {
                    Starts::Space => {
                        glued = false;
                        continue;
                    }
                    Starts::Digit => {
                        while b.get(i).is_some_and(u8::is_ascii_digit) {
                            i += 1;
                        }
                        TokKind::Num
                    }
                    Starts::Letter => {
                        i = word_end(text, i);
                        TokKind::Word
                    }
                    Starts::Punct => TokKind::Punct,
                }
            } else {
                let c = char_at(text, i);
                i += c.len_utf8();
                if is_space(c) {
                    glued = false;
                    continue;
                }
                if is_letter(c) {
                    i = word_end(text, i);
                    TokKind::Word
                } else {
                    TokKind::Punct
                }
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

    #[inline]
    pub(super) fn len(&self) -> usize {
        self.toks.len()
    }

    /// The lower-cased word at `i`, if token `i` is a word.
    #[inline]
    pub(super) fn word(&self, i: usize) -> Option<&str> {
        let t = self.toks.get(i)?;
        (t.kind == TokKind::Word).then(|| &self.lower[t.start..t.end])
    }

    /// The token at `i` as written.
    #[inline]
    pub(super) fn raw(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// True when token `i` is the word `w` (lower case).
    #[inline]
    pub(super) fn is(&self, i: usize, w: &str) -> bool {
        self.word(i) == Some(w)
    }

    #[inline]
    pub(super) fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        self.word(i).is_some_and(|x| ws.contains(&x))
    }

    /// True when token `i` is a word of one of the classes `bits`.
    #[inline]
    pub(super) fn has(&self, i: usize, bits: u16) -> bool {
        self.toks.get(i).is_some_and(|t| t.class & bits != 0)
    }

    /// True when token `i` is a word that starts with one of `stems`.
    #[inline]
    pub(super) fn has_stem(&self, i: usize, stems: &[&str]) -> bool {
        self.word(i)
            .is_some_and(|x| stems.iter().any(|s| x.starts_with(s)))
    }

    /// The digits at `i`.
    #[inline]
    pub(super) fn digits(&self, i: usize) -> Option<&'a str> {
        let t = self.toks.get(i)?;
        (t.kind == TokKind::Num).then(|| &self.text[t.start..t.end])
    }

    /// True when token `i` is the punctuation `c`.
    #[inline]
    pub(super) fn punct(&self, i: usize, c: char) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokKind::Punct && self.text[t.start..].starts_with(c))
    }

    /// True when token `i` exists and follows the one before without whitespace.
    #[inline]
    pub(super) fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.glued)
    }

    /// True when the word at `i` starts with an upper-case letter as written.
    #[inline]
    pub(super) fn capitalised(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Byte span of tokens `i..j` (`j > i`).
    #[inline]
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

/// Calls `f(text, i)` at every char boundary `i` of 20,000 made-up texts of `TRICKY` and `extra`
/// pieces, then of `fixed`: where the tests hold a hand reader or a quick test to its regex.
#[cfg(test)]
pub(super) fn for_every_cut(extra: &[&str], fixed: &str, mut f: impl FnMut(&str, usize)) {
    let mut pieces = TRICKY.to_vec();
    pieces.extend(extra);
    let mut texts = random_texts(&pieces, 20_000);
    texts.push(fixed.into());
    for text in &texts {
        for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            f(text, i);
        }
    }
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

    /// The byte-driven cutter and `fold` agree with a plain char-by-char reading of the same
    /// rules (the one they replaced) on made-up texts of tricky pieces and on mixed words.
    #[test]
    fn cutter_agrees_with_char_by_char_reading() {
        fn reference(text: &str) -> (String, Vec<(usize, usize, TokKind, bool)>) {
            let lower: String = text.chars().map(fold_char).collect();
            let mut out = Vec::new();
            let cs: Vec<(usize, char)> = text.char_indices().collect();
            let (mut k, mut glued) = (0, false);
            while k < cs.len() {
                let (start, c) = cs[k];
                k += 1;
                if c.is_whitespace() {
                    glued = false;
                    continue;
                }
                let kind = if c.is_ascii_digit() {
                    while k < cs.len() && cs[k].1.is_ascii_digit() {
                        k += 1;
                    }
                    TokKind::Num
                } else if c.is_alphabetic() {
                    while k < cs.len()
                        && (cs[k].1.is_alphabetic()
                            || (is_apostrophe(cs[k].1)
                                && cs.get(k + 1).is_some_and(|d| d.1.is_alphabetic())))
                    {
                        k += 1;
                    }
                    TokKind::Word
                } else {
                    TokKind::Punct
                };
                let end = cs.get(k).map_or(text.len(), |x| x.0);
                out.push((start, end, kind, glued));
                glued = true;
            }
            (lower, out)
        }
        let mut pieces = TRICKY.to_vec();
        pieces.extend([
            "’",
            "'",
            "Russia",
            "ПЕРШІ",
            "ґ",
            "—",
            "«",
            "»",
            "\u{85}",
            "ª",
            "Straße",
            "Ѡѡ",
            "ЀЏѐ",
        ]);
        for text in random_texts(&pieces, 4000) {
            let t = Toks::new(&text);
            let got: Vec<_> = t
                .toks
                .iter()
                .map(|t| (t.start, t.end, t.kind, t.glued))
                .collect();
            let (lower, want) = reference(&text);
            assert_eq!(t.lower, lower, "{text:?}");
            assert_eq!(got, want, "{text:?}");
        }
    }

    /// The eight-byte lower-casing is `make_ascii_lowercase` on every byte value at every
    /// position of a chunk.
    #[test]
    fn lower_ascii_is_make_ascii_lowercase() {
        for v in 0..=255u8 {
            for at in 0..11 {
                let mut b: Vec<u8> = (0..11)
                    .map(|k| if k == at { v } else { b'A' + k as u8 })
                    .collect();
                let mut want = b.clone();
                want.make_ascii_lowercase();
                lower_ascii(&mut b);
                assert_eq!(b, want, "{v} at {at}");
            }
        }
    }

    /// `lowercase` is `to_lowercase`, borrowed or not.
    #[test]
    fn lowercase_is_to_lowercase() {
        let mut pieces = TRICKY.to_vec();
        pieces.extend(["İ", "Σ", "ΣΑ", "ПЕРШІ", "Ґ", "MAY", "Straße", "ẞ", "Ǆ"]);
        for text in random_texts(&pieces, 3000) {
            let mut buf = [0; 32];
            assert_eq!(lowercase(&text, &mut buf), text.to_lowercase(), "{text:?}");
        }
    }

    #[test]
    fn fold_keeps_offsets() {
        let s = "İSTANBUL Ǆ ẞ Straße";
        assert_eq!(Toks::new(s).lower.len(), s.len());
    }
}
