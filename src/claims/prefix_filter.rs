//! Which of several word-list patterns a text may match, from the literal text each alternative
//! starts with.
//!
//! ```text
//! pattern   Минфин\w*|Министерств\w+ финансов|Finanzministeri\w*
//! literals  "Минфин", "Министерств", "Finanzministeri"
//! text      "... сообщил Минфин ..."   -> the pattern may match: search it
//! ```
//!
//! A match of the pattern starts with one of its literals, so a text without any of them cannot
//! match and its search is skipped: the same answer as a `RegexSet` pass, without the set's lazy
//! DFA, which built new states over every text it had not seen. The scan looks up each byte pair
//! of the text in a 64K-bit table of the literals' first two bytes.

/// Literal prefixes of a list of patterns.
pub(super) struct PrefixFilter {
    /// Bit `256 * b0 + b1` is set when some literal starts with the bytes `b0 b1`.
    pairs: Vec<u64>,
    /// The literals sorted by their first two bytes: (bytes, pattern index, literal).
    by_pair: Vec<([u8; 2], usize, String)>,
    /// Patterns with an alternative that has no literal of two bytes or more.
    always: Vec<usize>,
    len: usize,
}

/// The literal text an alternative starts with, up to its first metacharacter. A char followed
/// by a quantifier is optional, so it is left out.
pub(super) fn literal_prefix(alt: &str) -> String {
    let mut out = String::new();
    for c in alt.chars() {
        match c {
            '?' | '*' | '+' | '{' => {
                out.pop();
                break;
            }
            '\\' | '[' | ']' | '(' | ')' | '.' | '^' | '$' | '|' => break,
            _ => out.push(c),
        }
    }
    out
}

/// The structural characters of a regex pattern: each `(`, `)` and `|` outside character classes
/// and escapes, with its byte offset and the group depth before it (0 = top level).
pub(super) fn structure(pattern: &str) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let (mut depth, mut class, mut escaped) = (0usize, false, false);
    pattern.char_indices().filter_map(move |(i, c)| {
        if escaped {
            escaped = false;
            return None;
        }
        match c {
            '\\' => escaped = true,
            '[' => class = true,
            ']' => class = false,
            '(' | ')' | '|' if !class => {
                let before = depth;
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                return Some((i, c, before));
            }
            _ => {}
        }
        None
    })
}

/// The top-level alternatives of a pattern (`|` outside groups and classes).
pub(super) fn alternatives(pattern: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    for (i, _, _) in structure(pattern).filter(|&(_, c, depth)| c == '|' && depth == 0) {
        out.push(&pattern[from..i]);
        from = i + 1;
    }
    out.push(&pattern[from..]);
    out
}

impl PrefixFilter {
    pub(super) fn new(patterns: &[&str]) -> PrefixFilter {
        let mut filter = PrefixFilter {
            pairs: vec![0; 1024],
            by_pair: Vec::new(),
            always: Vec::new(),
            len: patterns.len(),
        };
        for (k, p) in patterns.iter().enumerate() {
            let literals: Vec<String> = alternatives(p).into_iter().map(literal_prefix).collect();
            if literals.iter().any(|l| l.len() < 2) {
                filter.always.push(k);
                continue;
            }
            for l in literals {
                let b = l.as_bytes();
                let pair = [b[0], b[1]];
                let bit = usize::from(b[0]) << 8 | usize::from(b[1]);
                filter.pairs[bit / 64] |= 1 << (bit % 64);
                filter.by_pair.push((pair, k, l));
            }
        }
        filter.by_pair.sort_by_key(|e| e.0);
        filter
    }

    /// For each pattern, whether `text` holds one of its literals (every pattern that matches
    /// `text` is marked; a marked one may still not match).
    pub(super) fn candidates(&self, text: &str) -> Vec<bool> {
        let mut out = vec![false; self.len];
        for &k in &self.always {
            out[k] = true;
        }
        let t = text.as_bytes();
        for i in 0..t.len().saturating_sub(1) {
            let bit = usize::from(t[i]) << 8 | usize::from(t[i + 1]);
            if self.pairs[bit / 64] >> (bit % 64) & 1 == 0 {
                continue;
            }
            let pair = [t[i], t[i + 1]];
            let from = self.by_pair.partition_point(|e| e.0 < pair);
            for (_, k, l) in self.by_pair[from..].iter().take_while(|e| e.0 == pair) {
                if !out[*k] && t[i..].starts_with(l.as_bytes()) {
                    out[*k] = true;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_stop_at_metacharacters_and_optional_chars() {
        assert_eq!(
            alternatives(r"ГТУ(?: КНР)?|Главн\w+ (?:a|b)|[Мм]ін|Kiel[- ]Institut"),
            vec![
                r"ГТУ(?: КНР)?",
                r"Главн\w+ (?:a|b)",
                "[Мм]ін",
                "Kiel[- ]Institut"
            ]
        );
        assert_eq!(literal_prefix(r"ГТУ(?: КНР)?"), "ГТУ");
        assert_eq!(literal_prefix(r"OPEC\+?"), "OPEC");
        assert_eq!(literal_prefix("Bafas?"), "Bafa");
        assert_eq!(literal_prefix("[Мм]ін"), "");
    }

    #[test]
    fn marks_every_pattern_that_matches() {
        let patterns = [
            r"Минфин\w*|Министерств\w+ финансов",
            r"ЦБ(?: РФ)?|Bank von",
            "[Xx]yz",
        ];
        let res: Vec<regex::Regex> = patterns
            .iter()
            .map(|p| regex::Regex::new(p).unwrap())
            .collect();
        let filter = PrefixFilter::new(&patterns);
        let pieces = [
            "Минфин",
            "Мин",
            "фин",
            "Министерство",
            " финансов",
            "ЦБ",
            " РФ",
            "Bank",
            " von",
            "xyz",
            " ",
            "Ц",
            "Б",
            "a",
        ];
        let mut marked = 0;
        for text in super::super::tokens::random_texts(&pieces, 5_000) {
            let c = filter.candidates(&text);
            for (k, re) in res.iter().enumerate() {
                assert!(!re.is_match(&text) || c[k], "{k} {text:?}");
            }
            marked += usize::from(c[0]) + usize::from(c[1]);
        }
        assert!(marked < 2 * 5_000, "the filter marks everything");
    }
}
