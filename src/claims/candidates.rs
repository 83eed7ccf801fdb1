//! Candidate windows: the few stretches of a text where an expensive pattern can match at all.
//!
//! Why: the period, multiplier and vague-count patterns are big Unicode alternations, and running
//! thirty of them over a whole article costs far more than reading its figures. Every match of
//! them contains a trigger (a digit, a month name, a word such as "quarter", "times" or
//! "thousands"), so one Aho-Corasick pass finds the triggers and the patterns run only on short
//! windows around them:
//!
//! ```text
//! "... sales rose in the first half of 2022, while ..."
//!                    [------ window around "half" and "2022" ------]
//! ```
//!
//! Windows are widened to whitespace so that word boundaries and `^`/`$` read inside a window as
//! they read in the whole text; overlapping windows are merged.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;

/// Trigger words, and how far a match can reach around a trigger.
pub(super) struct Triggers {
    words: AhoCorasick,
    left: usize,
    right: usize,
}

/// How far a window is widened to find whitespace before it is cut at a char boundary.
const SNAP: usize = 48;

impl Triggers {
    /// Trigger words (lists of them, for reading), matched at the start of a word and
    /// ASCII-case-insensitively (other scripts are added with their first letter upper-cased).
    pub(super) fn new(lists: &[&[&str]], left: usize, right: usize) -> Triggers {
        let words: Vec<String> = lists.iter().flat_map(|l| both_cases(l)).collect();
        let words = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .unwrap_or_else(|e| panic!("invalid trigger words: {e}"));
        Triggers { words, left, right }
    }

    /// The merged windows of `text` that can hold a match, in order.
    pub(super) fn windows(&self, text: &str) -> Vec<Range<usize>> {
        let mut raw: Vec<Range<usize>> = Vec::new();
        for m in self.words.find_overlapping_iter(text) {
            let word_start = !matches!(
                text[..m.start()].chars().next_back(),
                Some(c) if c.is_alphanumeric()
            );
            if !word_start {
                continue;
            }
            let w = m.start().saturating_sub(self.left)..m.end().saturating_add(self.right);
            raw.push(w);
        }
        merge(text, raw)
    }
}

/// A capture group of a match found in a window, with offsets into the whole text (the subset of
/// `regex::Match` the recognisers use).
#[derive(Debug, Clone, Copy)]
pub(super) struct Piece<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Piece<'t> {
    pub(super) fn start(&self) -> usize {
        self.start
    }

    pub(super) fn end(&self) -> usize {
        self.end
    }

    pub(super) fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

/// One match found in a window: its capture groups, with offsets into the whole text.
pub(super) struct Found<'t> {
    text: &'t str,
    groups: Vec<Option<(usize, usize)>>,
}

impl<'t> Found<'t> {
    pub(super) fn get(&self, i: usize) -> Option<Piece<'t>> {
        let (start, end) = (*self.groups.get(i)?)?;
        Some(Piece {
            text: self.text,
            start,
            end,
        })
    }
}

/// Every match of `re` inside the windows of `text` that `triggers` finds.
pub(super) fn captures_in<'t>(re: &Regex, text: &'t str, triggers: &Triggers) -> Vec<Found<'t>> {
    let mut out = Vec::new();
    for w in triggers.windows(text) {
        for c in re.captures_iter(&text[w.clone()]) {
            let groups = c
                .iter()
                .map(|g| g.map(|g| (w.start + g.start(), w.start + g.end())))
                .collect();
            out.push(Found { text, groups });
        }
    }
    out
}

/// Each word as given and with its first letter upper-cased (for scripts the ASCII-case-insensitive
/// matcher does not fold).
fn both_cases(words: &[&str]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len() * 2);
    for w in words {
        out.push((*w).to_string());
        let mut cs = w.chars();
        if let Some(c) = cs.next() {
            if !c.is_ascii() {
                out.push(c.to_uppercase().chain(cs).collect());
            }
        }
    }
    out
}

fn merge(text: &str, raw: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(raw.len());
    for w in raw {
        let w = snap(text, w);
        match out.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => out.push(w),
        }
    }
    out
}

/// Widens `w` to start right after whitespace and to end right before whitespace.
fn snap(text: &str, w: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    let mut s = w.start.min(b.len());
    let floor = s.saturating_sub(SNAP);
    while s > floor && !b[s - 1].is_ascii_whitespace() {
        s -= 1;
    }
    let s = if s == 0 || b[s - 1].is_ascii_whitespace() {
        s
    } else {
        super::floor_boundary(text, w.start.min(b.len()))
    };
    let mut e = w.end.min(b.len());
    let ceil = e.saturating_add(SNAP).min(b.len());
    while e < ceil && !b[e].is_ascii_whitespace() {
        e += 1;
    }
    let e = if e == b.len() || b[e].is_ascii_whitespace() {
        e
    } else {
        super::ceil_boundary(text, w.end.min(b.len()))
    };
    s..e.max(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_triggers_and_snap_to_whitespace() {
        let t = Triggers::new(&[&["quarter"], &["bank", "січ"]], 10, 10);
        let text =
            "Exports fell in the first quarter of the year, said officials of the bank in Січень.";
        let w = t.windows(text);
        assert_eq!(w.len(), 2, "{w:?}");
        for r in &w {
            let s = &text[r.clone()];
            assert!(!s.starts_with(' ') && !s.ends_with(' '), "{s:?}");
        }
        assert!(text[w[0].clone()].contains("first quarter of"));
        assert!(text[w[1].clone()].contains("bank in Січень."));
        // a trigger inside a word is not one
        assert!(t.windows("headquarters").is_empty());
    }

    #[test]
    fn windows_are_char_boundaries_without_whitespace() {
        let text = "ж".repeat(200) + " war" + &"ї".repeat(200);
        let t = Triggers::new(&[&["war"]], 5, 5);
        for r in t.windows(&text) {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }
}
