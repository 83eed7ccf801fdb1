//! German, Russian and Ukrainian number words and fractions ("zwei Drittel", "die Hälfte",
//! "acht Milliarden", "четверть", "половину"), found over tokens. English words are read by
//! `english`.

use super::super::tokens::{class, Classes, Toks};

/// German fractions that stand alone as a number.
const FRACTIONS_DE: &[&str] = &["drittel", "viertel", "hälfte"];

const SMALL_DE: &[&str] = &[
    "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "zwölf", "zwanzig",
    "dreißig", "hundert",
];
const FRACTIONS_SLAVIC: &[&str] = &[
    "четверть",
    "четверти",
    "треть",
    "трети",
    "половина",
    "половины",
    "половину",
    "половині",
    "третина",
    "третини",
    "третину",
    "третині",
    "чверть",
    "чверті",
];

/// Registers the words that open these forms as `class::OTHER_NUMBER`.
pub(super) fn add_classes(c: &mut Classes) {
    c.words(class::OTHER_NUMBER, FRACTIONS_DE);
    c.words(class::OTHER_NUMBER, FRACTIONS_SLAVIC);
    c.words(class::OTHER_NUMBER, SMALL_DE);
}

/// Byte spans of German, Russian and Ukrainian number words and fractions.
pub(super) fn other(t: &Toks<'_>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..t.len() {
        if !t.has(i, class::OTHER_NUMBER) {
            continue;
        }
        let Some(w) = t.word(i) else { continue };
        let end = if FRACTIONS_DE.contains(&w) || FRACTIONS_SLAVIC.contains(&w) {
            Some(i + 1)
        } else if SMALL_DE.contains(&w)
            && t.is_any(i + 1, &["milliarden", "millionen", "billionen"])
        {
            Some(i + 2)
        } else {
            None
        };
        let Some(end) = end else { continue };
        // "zwei Drittel", "die Hälfte"
        let start = if i > 0
            && ((t.is_any(i - 1, &["zwei", "drei"]) && matches!(w, "drittel" | "viertel"))
                || (t.is(i - 1, "die") && w == "hälfte"))
        {
            i - 1
        } else {
            i
        };
        if out.last().is_some_and(|&(_, e)| e > t.toks[start].start) {
            continue;
        }
        out.push(t.span(start, end));
    }
    out
}

pub(super) fn other_value(s: &str) -> Option<(f64, bool)> {
    let l = s
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let first = l.split_whitespace().next().unwrap_or("");
    let small = match first {
        "zwei" => 2.0,
        "drei" => 3.0,
        "vier" => 4.0,
        "fünf" => 5.0,
        "sechs" => 6.0,
        "sieben" => 7.0,
        "acht" => 8.0,
        "neun" => 9.0,
        "zehn" => 10.0,
        "zwölf" => 12.0,
        "zwanzig" => 20.0,
        "dreißig" => 30.0,
        "hundert" => 100.0,
        _ => 1.0,
    };
    if l.contains("drittel") || l.starts_with("трет") {
        return Some((small / 3.0, true));
    }
    if l.contains("viertel") || l.starts_with("четвер") || l.starts_with("чвер") {
        return Some((small / 4.0, true));
    }
    if l.contains("hälfte") || l.starts_with("половин") {
        return Some((0.5, true));
    }
    if l.contains("milliarden") {
        return Some((small * 1e9, false));
    }
    if l.contains("millionen") {
        return Some((small * 1e6, false));
    }
    if l.contains("billionen") {
        return Some((small * 1e12, false));
    }
    None
}
