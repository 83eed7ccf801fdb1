//! Lexicon patterns that stand between non-letters, matched only where a word can start.
//!
//! ```text
//! pattern   (?:^|[^\p{L}\p{N}])(?:China|Beijing|китайск\w*|...)(?:'s)?(?:$|[^\p{L}\p{N}])
//! text      "... and Chinese exports to Russia ..."
//! tried at  ^    ^       ^       ^  ^              one anchored search after each delimiter
//! match     " Chinese "  (start at the delimiter, as the unanchored regex reports it)
//! ```
//!
//! Why: as one unanchored regex, such a lexicon makes the lazy DFA build a reverse automaton over
//! hundreds of alternatives with Unicode `\w*` to find where a match starts. On text it has not
//! seen it determinises new states at tens of microseconds a byte, and its cache keeps filling
//! and clearing, so a 4 kB article could take half a second. An anchored forward search from each
//! word start finds exactly the same leftmost-first match (a match starts at a delimiter, or at
//! the start of the text through `^`) and its automaton stays small.

use regex::Regex;

/// `re.captures(hay)` after a plain `is_match`: most figures have no currency, unit or hedge
/// next to them, and a miss then costs one DFA scan instead of a capture search with its slots
/// allocated. The answer is the same.
pub(super) fn captures_if<'h>(re: &Regex, hay: &'h str) -> Option<regex::Captures<'h>> {
    if re.is_match(hay) {
        re.captures(hay)
    } else {
        None
    }
}

/// `{flags}(?:^|[^{class}])(?:{body}){tail}` searched one word start at a time.
pub(super) struct Delimited {
    /// `{flags}^(?:{body}){tail}`: the pattern after its leading delimiter.
    anchored: Regex,
    /// `{flags}^[^{class}]$`: whether one char is a delimiter, for chars past U+07FF.
    delimiter: Regex,
    /// The same answer for U+0000..U+07FF (ASCII, Latin, Greek, Cyrillic), one bit a char.
    table: [u64; 32],
    /// Which first two bytes a match of the body can start with, when the body's alternatives
    /// all start with literal text: the anchored search is skipped where none can.
    starts: Option<StartPairs>,
}

/// 64K-bit tables over the first bytes a match of the body can start with, exact bytes: under
/// `(?i)` every case variant is in them (`[Кк]`, `[Kk\u{212A}]`), as the regex parser expands
/// them. A word start passes when its first two bytes start a literal, and then its first four
/// (or three, or two) bytes are one: common words that share two bytes with a literal ("in",
/// "по", "the") are skipped without a search.
struct StartPairs {
    /// The first two bytes of every literal (a one-byte literal sets all pairs it starts).
    bits: Vec<u64>,
    /// Literals of one or two bytes, as `bits`.
    short: Vec<u64>,
    /// Hashed (see `hash_bit`): literals of three bytes, and the first four of longer ones.
    three: Vec<u64>,
    four: Vec<u64>,
    /// The ASCII tails of compound alternatives (`\p{L}+(?:exporte|ausfuhren)`), lower case: a
    /// word start is searched when the word holds one after its first byte.
    compounds: Vec<Vec<u8>>,
    /// The first two bytes of each of `compounds` (all pairs, for a one-byte tail).
    compound_pairs: Vec<u64>,
}

/// The first four bytes (or fewer, for a shorter literal) of every text a match of
/// `{flags}(?:{alt})` can start with, from the parsed pattern's prefix literals; `None` when they
/// are not a finite set (`\w+...`, a large class first, an alternative that matches empty).
fn start_bytes(flags: &str, alt: &str) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::Parser::new()
        .parse(&format!("{flags}(?:{alt})"))
        .ok()?;
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_literal_len(4)
        .limit_total(4096);
    let mut seq = extractor.extract(&hir);
    seq.keep_first_bytes(4);
    let literals = seq.literals()?;
    if literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// The alternatives of `body`, with an alternative that is one whole group replaced by the
/// group's own alternatives.
fn leaf_alternatives(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for alt in super::prefix_filter::alternatives(body) {
        match whole_group(alt) {
            Some(inner) => out.extend(leaf_alternatives(inner)),
            None => out.push(alt),
        }
    }
    out
}

/// The inside of `alt` when it is one group, `(...)` or `(?:...)`, and nothing else.
fn whole_group(alt: &str) -> Option<&str> {
    let inner = alt.strip_prefix('(')?.strip_suffix(')')?;
    let inner = inner.strip_prefix("?:").unwrap_or(inner);
    if inner.starts_with('?') {
        return None;
    }
    // the opening parenthesis must close at the very end
    let (close, _, _) =
        super::prefix_filter::structure(alt).find(|&(_, c, depth)| c == ')' && depth == 1)?;
    (close == alt.len() - 1).then_some(inner)
}

impl StartPairs {
    /// `None` when some alternative is neither a compound (`\p{L}+(?:exporte|ausfuhren)`) nor
    /// starts with a finite set of literals (`\w+`, a large class), or under flags other than
    /// none or `(?i)`. An alternative that is one whole group is looked into.
    fn new(flags: &str, body: &str) -> Option<StartPairs> {
        if !matches!(flags, "" | "(?i)") {
            return None;
        }
        let mut starts = StartPairs {
            bits: vec![0; 1024],
            short: vec![0; 1024],
            three: vec![0; 1024],
            four: vec![0; 1024],
            compounds: Vec::new(),
            compound_pairs: vec![0; 1024],
        };
        for alt in leaf_alternatives(body) {
            if let Some(rest) = alt.strip_prefix(r"\p{L}+") {
                // a compound: found by its ASCII tail inside the word
                let inner = rest.strip_prefix("(?:").and_then(|r| r.strip_suffix(')'));
                let tails = super::prefix_filter::alternatives(inner.unwrap_or(rest));
                if tails
                    .iter()
                    .any(|t| t.is_empty() || !t.bytes().all(|b| b.is_ascii_alphabetic()))
                {
                    return None;
                }
                starts
                    .compounds
                    .extend(tails.iter().map(|t| t.to_ascii_lowercase().into_bytes()));
                for t in &starts.compounds {
                    match t[..] {
                        [b0] => (0..=255).for_each(|b1| {
                            set_bit(&mut starts.compound_pairs, pair_bit(b0, b1));
                        }),
                        [b0, b1, ..] => set_bit(&mut starts.compound_pairs, pair_bit(b0, b1)),
                        [] => return None,
                    }
                }
                continue;
            }
            for lit in start_bytes(flags, alt)? {
                match lit[..] {
                    [b0] => (0..=255).for_each(|b1| {
                        set_bit(&mut starts.bits, pair_bit(b0, b1));
                        set_bit(&mut starts.short, pair_bit(b0, b1));
                    }),
                    [b0, b1] => {
                        set_bit(&mut starts.bits, pair_bit(b0, b1));
                        set_bit(&mut starts.short, pair_bit(b0, b1));
                    }
                    [b0, b1, b2] => {
                        set_bit(&mut starts.bits, pair_bit(b0, b1));
                        set_bit(
                            &mut starts.three,
                            hash_bit(u32::from_le_bytes([b0, b1, b2, 0])),
                        );
                    }
                    [b0, b1, b2, b3, ..] => {
                        set_bit(&mut starts.bits, pair_bit(b0, b1));
                        set_bit(
                            &mut starts.four,
                            hash_bit(u32::from_le_bytes([b0, b1, b2, b3])),
                        );
                    }
                    [] => return None,
                }
            }
        }
        Some(starts)
    }

    /// Whether a match can start at byte `q` of `text`.
    #[inline]
    fn may_start(&self, text: &str, q: usize) -> bool {
        self.pair_at(text, q) || (!self.compounds.is_empty() && self.compound_at(text, q))
    }

    /// Whether the word at byte `q` holds a compound's tail after its first byte. A compound's
    /// `\p{L}+` and ASCII tail cross no ASCII non-letter, so the word is read up to the first;
    /// a word with U+017F or U+212A (which fold with `s` and `k`) is always searched.
    fn compound_at(&self, text: &str, q: usize) -> bool {
        if self.compounds.is_empty() {
            return false;
        }
        let t = text.as_bytes();
        for i in q..t.len() {
            let b = t[i];
            if b.is_ascii_alphabetic() {
                let next = t.get(i + 1).map_or(0, u8::to_ascii_lowercase);
                if i > q
                    && get_bit(&self.compound_pairs, pair_bit(b.to_ascii_lowercase(), next))
                    && self.compounds.iter().any(|c| {
                        t.get(i..i + c.len())
                            .is_some_and(|w| w.eq_ignore_ascii_case(c))
                    })
                {
                    return true;
                }
            } else if b.is_ascii() {
                return false;
            } else if (b == 0xC5 && t.get(i + 1) == Some(&0xBF))
                || (b == 0xE2 && t.get(i + 1..i + 3) == Some(&[0x84, 0xAA][..]))
            {
                return true;
            }
        }
        false
    }

    /// Whether the bytes at `q` start one of the literals.
    #[inline]
    fn pair_at(&self, text: &str, q: usize) -> bool {
        let t = text.as_bytes();
        let Some(&[b0, b1, b2, b3]) = t.get(q..q + 4) else {
            // under four bytes left: searched, as a short literal may still match
            return true;
        };
        let w = u32::from_le_bytes([b0, b1, b2, b3]);
        let pair = (w & 0xFFFF) as usize;
        get_bit(&self.bits, pair)
            && (get_bit(&self.short, pair)
                || get_bit(&self.three, hash_bit(w & 0x00FF_FFFF))
                || get_bit(&self.four, hash_bit(w)))
    }
}

/// Two bytes as they read in a little-endian word.
fn pair_bit(b0: u8, b1: u8) -> usize {
    usize::from(b0) | usize::from(b1) << 8
}

/// A 16-bit hash of up to four bytes read as a little-endian word (a multiplicative hash:
/// collisions only cost a search).
fn hash_bit(w: u32) -> usize {
    (w.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

fn set_bit(bits: &mut [u64], bit: usize) {
    bits[bit / 64] |= 1 << (bit % 64);
}

fn get_bit(bits: &[u64], bit: usize) -> bool {
    bits[bit / 64] >> (bit % 64) & 1 == 1
}

/// One match: where it starts (at its delimiter, or 0), where the body starts, where it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    pub start: usize,
    pub body: usize,
    pub end: usize,
}

impl Delimited {
    /// `flags` like `"(?i)"` apply to the whole pattern, as they would at its front; `class` is
    /// the inside of the negated delimiter class (`\p{L}\p{N}` or `\p{L}`).
    pub(super) fn new(flags: &str, class: &str, body: &str, tail: &str) -> Delimited {
        let anchored = super::big_regex(&format!("{flags}^(?:{body}){tail}"));
        let delimiter = super::big_regex(&format!("{flags}^[^{class}]$"));
        let mut table = [0u64; 32];
        let mut buf = [0u8; 4];
        for cp in 0..0x800u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if delimiter.is_match(c.encode_utf8(&mut buf)) {
                table[cp as usize / 64] |= 1 << (cp % 64);
            }
        }
        Delimited {
            anchored,
            delimiter,
            table,
            starts: StartPairs::new(flags, body),
        }
    }

    /// Whether word starts are filtered by their first bytes before the anchored search.
    #[cfg(test)]
    pub(super) fn filters_starts(&self) -> bool {
        self.starts.is_some()
    }

    /// Whether the char at byte `i` of `s` is a delimiter, and its length.
    fn delimiter_at(&self, s: &str, i: usize) -> (bool, usize) {
        let b = s.as_bytes();
        let lead = b[i];
        if lead < 0x80 {
            return (self.table[lead as usize / 64] >> (lead % 64) & 1 == 1, 1);
        }
        if lead < 0xE0 {
            let cp = (u32::from(lead & 0x1F) << 6) | u32::from(b[i + 1] & 0x3F);
            return (self.table[cp as usize / 64] >> (cp % 64) & 1 == 1, 2);
        }
        let len = if lead < 0xF0 { 3 } else { 4 };
        (self.delimiter.is_match(&s[i..i + len]), len)
    }

    /// The leftmost-first match starting at or after byte `at` (a char boundary), as the
    /// unanchored regex's `find_at(text, at)` would report it.
    pub(super) fn find_at(&self, text: &str, at: usize) -> Option<Found> {
        let starts = self.starts.as_ref();
        let may_start = |q: usize| match starts {
            Some(s) => s.may_start(text, q),
            None => true,
        };
        if at == 0 && may_start(0) {
            if let Some(m) = self.anchored.find(text) {
                return Some(Found {
                    start: 0,
                    body: 0,
                    end: m.end(),
                });
            }
        }
        let mut p = at;
        while p < text.len() {
            let (delimiter, len) = self.delimiter_at(text, p);
            let q = p + len;
            if delimiter && may_start(q) {
                if let Some(m) = self.anchored.find(&text[q..]) {
                    return Some(Found {
                        start: p,
                        body: q,
                        end: q + m.end(),
                    });
                }
            }
            p = q;
        }
        None
    }

    /// Successive non-overlapping matches, as the unanchored regex's `find_iter` reports them
    /// (every alternative is non-empty, so each search resumes where the last match ended).
    pub(super) fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Found> + 'a {
        let mut at = 0;
        std::iter::from_fn(move || {
            if at > text.len() {
                return None;
            }
            let f = self.find_at(text, at)?;
            // an empty match cannot happen (every alternative is non-empty); never loop on one
            at = if f.end > f.start {
                f.end
            } else {
                text[f.end..]
                    .chars()
                    .next()
                    .map_or(text.len() + 1, |c| f.end + c.len_utf8())
            };
            Some(f)
        })
    }
}

/// A pattern anchored at the end of a short window (`...\s*$` over the text left of a figure),
/// searched from the starts where its leading words match instead of with a reverse automaton.
///
/// The regex crate finds where such a match starts by running the whole pattern backwards from
/// the end; with a lazy `(?:[^.;]|\.\d)*?` or `(?:\s+\S+){0,6}?` in the middle every window
/// it has not seen builds new states. `prefix` (the pattern's leading words, unanchored) yields
/// the candidate starts in order; the first where the whole pattern matches anchored is the
/// leftmost-first match. Valid when the pattern looks no further back than its start, except
/// through a `^` alternative that cannot match where `prefix` matched a delimiter.
pub(super) struct ByPrefix {
    prefix: Regex,
    anchored: Regex,
    /// Reads the groups at a start where the whole pattern matches, in place of running the
    /// whole pattern with captures (a backtracker over the rest of the window).
    groups: Option<Regex>,
}

impl ByPrefix {
    pub(super) fn new(prefix: &str, whole: &str) -> ByPrefix {
        ByPrefix {
            prefix: super::big_regex(prefix),
            anchored: super::big_regex(&format!("^(?:{whole})")),
            groups: None,
        }
    }

    /// Like `new`, with the groups read by `groups` (anchored at the match start) once the whole
    /// pattern is known to match there. The caller vouches that the groups it reads come out as
    /// the whole pattern's would.
    pub(super) fn with_groups(prefix: &str, whole: &str, groups: &str) -> ByPrefix {
        ByPrefix {
            groups: Some(super::big_regex(&format!("^(?:{groups})"))),
            ..ByPrefix::new(prefix, whole)
        }
    }

    /// The leftmost-first match with its groups: (offset of the match in `hay`, captures of
    /// `&hay[offset..]`).
    pub(super) fn captures<'h>(&self, hay: &'h str) -> Option<(usize, regex::Captures<'h>)> {
        self.captures_from(hay, 0)
    }

    /// Where the leftmost-first match starts, for a caller that reads the groups it needs by
    /// other means; no match starts before byte `from` (a char boundary).
    pub(super) fn start_from(&self, hay: &str, from: usize) -> Option<usize> {
        let mut at = from;
        while at <= hay.len() {
            let p = self.prefix.find_at(hay, at)?.start();
            if self.anchored.is_match(&hay[p..]) {
                return Some(p);
            }
            at = p + 1;
            while at < hay.len() && !hay.is_char_boundary(at) {
                at += 1;
            }
        }
        None
    }

    /// Like `captures`, for a caller that knows no match starts before byte `from` (a char
    /// boundary).
    pub(super) fn captures_from<'h>(
        &self,
        hay: &'h str,
        from: usize,
    ) -> Option<(usize, regex::Captures<'h>)> {
        let mut at = from;
        while at <= hay.len() {
            let p = self.prefix.find_at(hay, at)?.start();
            let found = match &self.groups {
                Some(groups) if self.anchored.is_match(&hay[p..]) => groups.captures(&hay[p..]),
                Some(_) => None,
                None => self.anchored.captures(&hay[p..]),
            };
            if let Some(c) = found {
                return Some((p, c));
            }
            at = p + 1;
            while at < hay.len() && !hay.is_char_boundary(at) {
                at += 1;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CLASS: &str = r"\p{L}\p{N}";

    fn pair(flags: &str, class: &str, body: &str, tail: &str) -> (Regex, Delimited) {
        let whole = Regex::new(&format!("{flags}(?:^|[^{class}])(?:{body}){tail}")).unwrap();
        (whole, Delimited::new(flags, class, body, tail))
    }

    fn same(whole: &Regex, d: &Delimited, text: &str) {
        let mut at = 0;
        while at <= text.len() {
            let want = whole.find_at(text, at).map(|m| (m.start(), m.end()));
            let got = d.find_at(text, at).map(|f| (f.start, f.end));
            assert_eq!(got, want, "{text:?} at {at}");
            at += 1;
            while at < text.len() && !text.is_char_boundary(at) {
                at += 1;
            }
        }
        let want: Vec<_> = whole
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let got: Vec<_> = d.find_iter(text).map(|f| (f.start, f.end)).collect();
        assert_eq!(got, want, "{text:?}");
    }

    #[test]
    fn matches_like_the_unanchored_regex() {
        let (w, d) = pair(
            "",
            CLASS,
            r"China|Chinas|~?Chinese|Китай\w*|US|U\.S\.",
            r"(?:'s|’s)?(?:$|[^\p{L}\p{N}])",
        );
        for t in [
            "China",
            "China's exports",
            "Chinas Exporte",
            "US$5 and U.S. goods",
            "ChinaChina China—Китаю, Китаєм",
            "(China)",
            "xChina China",
            "a\u{345}China",
            "😀China 😀 Китай",
        ] {
            same(&w, &d, t);
        }
        let (w, d) = pair(
            "(?i)",
            CLASS,
            r"oil|crude(?:\s+oil)?|нефт[ьиию]\w*",
            r"(?:[^\p{L}\p{N}]|$)",
        );
        for t in ["Crude Oil, OIL", "нефти\u{345}oil", "ΐoil ǅoil", "oil"] {
            same(&w, &d, t);
        }
    }

    /// The start-pair table skips no position where a match starts: exact bytes, ASCII case
    /// folding with the two non-ASCII chars that fold with ASCII letters, one-char literals.
    #[test]
    fn start_pairs_skip_no_match() {
        let (w, d) = pair(
            "(?i)",
            CLASS,
            r"sk\w*|kos|Ab|x|бр\w*",
            r"(?:[^\p{L}\p{N}]|$)",
        );
        assert!(d.starts.is_some());
        let (w2, d2) = pair(
            "",
            CLASS,
            r"Sk\w*|Kos|Ab|x|Бр\w*|U\.S\.",
            r"(?:[^\p{L}\p{N}]|$)",
        );
        assert!(d2.starts.is_some());
        let pieces = [
            "s", "S", "\u{17f}", "k", "K", "\u{212a}", "o", "a", "B", "x", "X", "бр", "БР", "U.S.",
            " ", ",", "é",
        ];
        for text in super::super::tokens::random_texts(&pieces, 20_000) {
            same(&w, &d, &text);
            same(&w2, &d2, &text);
        }
    }

    /// Whole-group alternatives are looked into, and compound alternatives
    /// (`\p{L}+(?:tail|tail)`) are searched wherever the word holds a tail, with the two
    /// non-ASCII chars that fold with `s` and `k`.
    #[test]
    fn groups_and_compounds_skip_no_match() {
        let (w, d) = pair(
            "(?i)",
            CLASS,
            r"(ab|\p{L}+(?:sko|ba))|(x\w*|\p{L}+ab)|(?:ko)",
            r"(?:[^\p{L}\p{N}]|$)",
        );
        assert!(d.starts.is_some());
        let pieces = [
            "s", "S", "\u{17f}", "k", "K", "\u{212a}", "o", "a", "A", "b", "B", "x", "é", "ж", " ",
            ",", "_", "1",
        ];
        for text in super::super::tokens::random_texts(&pieces, 30_000) {
            same(&w, &d, &text);
        }
    }

    /// Alternatives that start with a class or a group of literals, under `(?i)` with Cyrillic
    /// and the two non-ASCII chars that fold with ASCII letters, and without: the table holds
    /// every case variant the parser expands, so no position where a match starts is skipped.
    #[test]
    fn classes_and_groups_first_skip_no_match() {
        let body =
            r"[Tt]he\s+(?:rouble|ruble)|[Кк]урс|(?:per|a|за)\s+dollar\w*|[Рр]убль|sk|НГД|ö\w*";
        let (w, d) = pair("(?i)", CLASS, body, r"(?:[^\p{L}\p{N}]|$)");
        assert!(d.starts.is_some());
        let (w2, d2) = pair("", CLASS, body, r"(?:[^\p{L}\p{N}]|$)");
        assert!(d2.starts.is_some());
        let pieces = [
            "the",
            "THE",
            "T",
            "h",
            "e",
            " ",
            "rouble",
            "ruble",
            "курс",
            "Курс",
            "КУРС",
            "к",
            "per",
            "a",
            "A",
            "за",
            "ЗА",
            "dollar",
            "рубль",
            "РУБЛЬ",
            "s",
            "\u{17f}",
            "k",
            "\u{212a}",
            "нгд",
            "НГД",
            "ö",
            "Ö",
            ",",
            "1",
        ];
        for text in super::super::tokens::random_texts(&pieces, 30_000) {
            same(&w, &d, &text);
            same(&w2, &d2, &text);
        }
    }

    fn same_by_prefix(whole: &str, b: &ByPrefix, hay: &str) {
        let re = Regex::new(whole).unwrap();
        let want = re.captures(hay).map(|c| {
            c.iter()
                .map(|m| m.map(|m| (m.start(), m.end())))
                .collect::<Vec<_>>()
        });
        let got = b.captures(hay).map(|(o, c)| {
            c.iter()
                .map(|m| m.map(|m| (o + m.start(), o + m.end())))
                .collect::<Vec<_>>()
        });
        assert_eq!(got, want, "{hay:?}");
    }

    const NOUN: &str = r"(?i)(?:(rise|growth)|(fall|drop)|(inflation|инфляци\w*|GDP))[^\p{L}\p{N}](?:[^.;]|\.\d)*?(?:\s(of|at|by))?\s+(?:\p{L}+\s+){0,2}$";
    const NOUN_PREFIX: &str =
        r"(?i)(?:rise|growth|fall|drop|inflation|инфляци\w*|GDP)[^\p{L}\p{N}]";
    const VERB: &str = r"(?i)(?:^|[^\p{L}])(?:(rose|up)|(fell|down))((?:\s+[^\s.;:!?]+){0,2}?)\s*$";
    const VERB_PREFIX: &str = r"(?i)(?:^|[^\p{L}])(?:rose|up|fell|down)";

    #[test]
    fn by_prefix_matches_like_the_whole_regex() {
        let noun = ByPrefix::new(NOUN_PREFIX, NOUN);
        let verb = ByPrefix::new(VERB_PREFIX, VERB);
        for t in [
            "a rise of ",
            "growth, then a fall of about ",
            "GDP growth of 3.5 and inflation at ",
            "инфляция_ ",
            "rise; fall to ",
            "rise. fall ",
            "",
            " ",
            "rose",
            "up rose by ",
            "prices rose sharply by ",
            "fell. Up ",
            "xup by ",
        ] {
            same_by_prefix(NOUN, &noun, t);
            same_by_prefix(VERB, &verb, t);
        }
    }

    proptest! {
        #[test]
        fn by_prefix_on_any_text(s in "(rise|fall|GDP|rose|up|fell| |,|;|\\.|5|x|инфляция|_|of|by){0,14}") {
            same_by_prefix(NOUN, &ByPrefix::new(NOUN_PREFIX, NOUN), &s);
            same_by_prefix(VERB, &ByPrefix::new(VERB_PREFIX, VERB), &s);
        }

        #[test]
        fn any_text(s in "[a-zA-Z ,.'’_0-9\u{345}\u{400}-\u{45f}😀ǅ]{0,40}") {
            let (w, d) = pair(
                "(?i)",
                CLASS,
                r"a|ab\w*|b'|и\w+|ǆ",
                r"(?:'s|’s)?(?:[^\p{L}\p{N}]|$)",
            );
            same(&w, &d, &s);
            let (w, d) = pair("", r"\p{L}", r"a|ab\w*|b'|и\w+", r"(?:[^\p{L}]|$)");
            same(&w, &d, &s);
        }
    }
}
