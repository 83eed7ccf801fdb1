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

/// A 64K-bit table over the first two bytes of the body's literal prefixes. Case-insensitive
/// bodies are looked up by ASCII-lower-cased bytes, and any position with a non-ASCII byte in
/// its first two is searched (their case variants are not in the table).
struct StartPairs {
    bits: Vec<u64>,
    fold_ascii: bool,
    /// The ASCII tails of compound alternatives (`\p{L}+(?:exporte|ausfuhren)`), lower case: a
    /// word start is searched when the word holds one after its first byte.
    compounds: Vec<Vec<u8>>,
    /// The length of the shortest of `compounds` (a word must be longer).
    shortest_compound: usize,
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
    /// `None` when some alternative starts with no literal (a class, a group, `\w`) and is not a
    /// compound (`\p{L}+(?:exporte|ausfuhren)`), or under flags other than none or `(?i)`.
    /// An alternative that is one whole group is looked into.
    fn new(flags: &str, body: &str) -> Option<StartPairs> {
        let fold_ascii = match flags {
            "" => false,
            "(?i)" => true,
            _ => return None,
        };
        let mut starts = StartPairs {
            bits: vec![0; 1024],
            fold_ascii,
            compounds: Vec::new(),
            shortest_compound: usize::MAX,
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
                starts.shortest_compound = starts
                    .compounds
                    .iter()
                    .map(Vec::len)
                    .min()
                    .unwrap_or(usize::MAX);
                continue;
            }
            let lit = super::prefix_filter::literal_prefix(alt);
            let mut chars = lit.chars();
            let first = chars.next()?;
            let second = chars.next();
            if !fold_ascii {
                let b = lit.as_bytes();
                match b.get(1) {
                    Some(&b1) => starts.set(b[0], b1),
                    None => (0..=255).for_each(|b1| starts.set(b[0], b1)),
                }
                continue;
            }
            // (?i): only U+017F (ſ) and U+212A (Kelvin) fold with ASCII letters
            if matches!(first, '\u{17f}' | '\u{212a}')
                || second.is_some_and(|c| matches!(c, '\u{17f}' | '\u{212a}'))
            {
                return None;
            }
            if !first.is_ascii() {
                // matched only where the text starts with a non-ASCII char: always searched
                continue;
            }
            let b0 = first.to_ascii_lowercase() as u8;
            match second.filter(char::is_ascii) {
                Some(c) => starts.set(b0, c.to_ascii_lowercase() as u8),
                None => (0..=255).for_each(|b1| starts.set(b0, b1)),
            }
        }
        Some(starts)
    }

    fn set(&mut self, b0: u8, b1: u8) {
        let bit = usize::from(b0) << 8 | usize::from(b1);
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    /// Whether a match can start at byte `q` of `text`.
    fn may_start(&self, text: &str, q: usize) -> bool {
        self.pair_at(text, q) || self.compound_at(text, q)
    }

    /// Whether the word at byte `q` holds a compound's tail after its first byte. A compound's
    /// `\p{L}+` and ASCII tail cross no ASCII non-letter, so the word is read up to the first;
    /// a word with U+017F or U+212A (which fold with `s` and `k`) is always searched.
    fn compound_at(&self, text: &str, q: usize) -> bool {
        if self.compounds.is_empty() {
            return false;
        }
        let t = text.as_bytes();
        let end = t[q..]
            .iter()
            .position(|b| b.is_ascii() && !b.is_ascii_alphabetic())
            .map_or(t.len(), |k| q + k);
        let word = &t[q..end];
        if word.len() <= self.shortest_compound {
            return false;
        }
        if word.windows(2).any(|w| w == [0xC5, 0xBF])
            || word.windows(3).any(|w| w == [0xE2, 0x84, 0xAA])
        {
            return true;
        }
        self.compounds.iter().any(|c| {
            word[1..]
                .windows(c.len())
                .any(|w| w.eq_ignore_ascii_case(c))
        })
    }

    /// Whether the first two bytes at `q` start one of the literal alternatives.
    fn pair_at(&self, text: &str, q: usize) -> bool {
        let t = text.as_bytes();
        let (Some(&b0), Some(&b1)) = (t.get(q), t.get(q + 1)) else {
            // one byte or none left: searched, as a short literal may still match
            return true;
        };
        let (b0, b1) = if self.fold_ascii {
            if !b0.is_ascii() || !b1.is_ascii() {
                return true;
            }
            (b0.to_ascii_lowercase(), b1.to_ascii_lowercase())
        } else {
            (b0, b1)
        };
        let bit = usize::from(b0) << 8 | usize::from(b1);
        self.bits[bit / 64] >> (bit % 64) & 1 == 1
    }
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
        let may_start = |q: usize| match &self.starts {
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
