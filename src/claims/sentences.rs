//! Sentence and paragraph splitting that respects abbreviations ("U.S.", "Mr.", "Jan.",
//! "Mrd.", "млрд.") and decimals ("1.5").
//!
//! The claim builder reads figures sentence by sentence and carries periods and sources within a
//! paragraph, so both boundaries are kept: a `Sentence` is a byte range plus its paragraph index.

use serde::{Deserialize, Serialize};

/// One sentence of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph (blank-line or line separated block).
    pub para: usize,
}

const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "prof", "gen", "col", "lt", "sgt", "gov", "sen", "rep", "inc",
    "ltd", "corp", "co", "jr", "sr", "vs", "etc", "approx", "no", "nos", "fig", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n",
    "e.u", "e.g", "i.e", "mln", "bln", "mrd", "mio", "bio", "tsd", "ca", "bzw", "vgl", "nr",
    "млрд", "млн", "трлн", "тыс", "тис", "г", "гг", "р", "им", "т", "п", "ст",
];

// "руб.", "грн." are not in the list: they close a figure, and before a capital they close the
// sentence too ("до 20,3 трлн руб. Всего доходы ..."), unlike "Mrd." before "Euro"

fn is_abbrev(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = before[word_start..].to_lowercase();
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() {
        return false;
    }
    // single capital letters: initials ("J. Webster")
    if word.chars().count() == 1 && before[word_start..].chars().all(|c| c.is_uppercase()) {
        return true;
    }
    ABBREV.contains(&word)
}

/// Splits `text` into sentences.
pub(super) fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut para = 0usize;
    let mut line_start = 0usize;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let body = line.trim_end();
        if body.trim().is_empty() {
            line_start = line_end;
            continue;
        }
        let base = line_start;
        let mut s = base + (body.len() - body.trim_start().len());
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if matches!(c, b'.' | b'!' | b'?') {
                // end of sentence: punctuation (plus closing quotes) then space then a capital,
                // a digit or a quote
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')') {
                    j += 1;
                }
                let rest = &body[j..];
                let closes_line = rest.trim().is_empty();
                let next_ok = rest.starts_with(' ')
                    && rest.trim_start().chars().next().is_some_and(|ch| {
                        ch.is_uppercase() || ch.is_ascii_digit() || "\"“«'‘".contains(ch)
                    });
                if !closes_line && next_ok && !(c == b'.' && is_abbrev(body, i)) {
                    out.push(Sentence {
                        start: s,
                        end: base + j,
                        para,
                    });
                    let ws = rest.len() - rest.trim_start().len();
                    s = base + j + ws;
                    i = j + ws;
                    continue;
                }
            }
            i += 1;
        }
        let end = base + body.len();
        if end > s {
            out.push(Sentence {
                start: s,
                end,
                para,
            });
        }
        para += 1;
        line_start = line_end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        split(t).iter().map(|s| &t[s.start..s.end]).collect()
    }

    /// A word after a no-break space (two bytes) before a dot panicked: the word was taken to
    /// start one byte after the space, inside it.
    #[test]
    fn abbreviation_after_a_no_break_space() {
        let t = "Доходы составили 5\u{a0}млрд. Далее\u{a0}Mr. Smith agreed.";
        assert_eq!(
            texts(t),
            vec!["Доходы составили 5\u{a0}млрд. Далее\u{a0}Mr. Smith agreed."]
        );
    }

    #[test]
    fn splits_on_sentence_ends_only() {
        let t = "Exports rose 1.5% to $3.2 bn. in 2023. The U.S. Treasury said so. Mr. Smith agreed.\n\nNew para here.";
        assert_eq!(
            texts(t),
            vec![
                "Exports rose 1.5% to $3.2 bn. in 2023.",
                "The U.S. Treasury said so.",
                "Mr. Smith agreed.",
                "New para here."
            ]
        );
        let s = split(t);
        assert_eq!(s[0].para, s[2].para);
        assert_ne!(s[2].para, s[3].para);
    }

    #[test]
    fn quotes_and_cyrillic() {
        let t = "\"It is over.\" Then 5 млрд. рублей. Дальше.";
        assert_eq!(
            texts(t),
            vec!["\"It is over.\"", "Then 5 млрд. рублей.", "Дальше."]
        );
    }
}
