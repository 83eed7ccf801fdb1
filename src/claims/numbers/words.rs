//! Numbers written as words: English spelled-out numbers ("twenty-three", "two and a half
//! million", "a third") and German, Russian and Ukrainian number words and fractions ("zwei
//! Drittel", "die Hälfte", "acht Milliarden", "четверть", "половину"), found over tokens.

use std::sync::LazyLock;

use super::super::tokens::{TokKind, Toks, WordSet};

const NUM_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "dozen",
    "half",
    "third",
    "thirds",
    "quarter",
    "quarters",
    "fourth",
    "fourths",
    "fifth",
    "fifths",
    "sixth",
    "sixths",
    "seventh",
    "sevenths",
    "eighth",
    "eighths",
    "ninth",
    "ninths",
    "tenth",
    "tenths",
    "hundredth",
    "hundredths",
];

static NUM_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(NUM_WORDS));

fn num_word(t: &Toks<'_>, i: usize) -> bool {
    t.in_set(i, &NUM_SET)
}

/// True when a letter or digit is glued before token `i`.
fn glued_to_word(t: &Toks<'_>, i: usize) -> bool {
    t.glued(i) && i > 0 && t.toks[i - 1].kind != TokKind::Punct
}

/// The next number word after the one at `k` that joins it ("twenty-three", "two hundred",
/// "one hundred and five", "two and a half", "a third"), if any.
fn join(t: &Toks<'_>, k: usize) -> Option<usize> {
    let j = k + 1;
    // "twenty-three", "fifty - two"
    if t.punct(j, '-') && num_word(t, j + 1) {
        return Some(j + 1);
    }
    if !t.glued(j) && num_word(t, j) {
        return Some(j);
    }
    let a = |i: usize| t.is_any(i, &["a", "an"]);
    if t.is(j, "and") {
        if num_word(t, j + 1) {
            return Some(j + 1);
        }
        if a(j + 1) && num_word(t, j + 2) {
            return Some(j + 2);
        }
    }
    (a(j) && num_word(t, j + 1)).then_some(j + 1)
}

/// Byte spans of English spelled-out numbers.
pub(super) fn spelled(t: &Toks<'_>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if glued_to_word(t, i) {
            i += 1;
            continue;
        }
        // "a third", "a-half"
        let mut k = if t.is_any(i, &["a", "an"]) {
            let j = i + 1;
            if t.punct(j, '-') && num_word(t, j + 1) {
                j + 1
            } else if num_word(t, j) && !t.glued(j) {
                j
            } else {
                i += 1;
                continue;
            }
        } else if num_word(t, i) {
            i
        } else {
            i += 1;
            continue;
        };
        while let Some(n) = join(t, k) {
            k = n;
        }
        out.push(t.span(i, k + 1));
        i = k + 1;
    }
    out
}

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

/// Byte spans of German, Russian and Ukrainian number words and fractions.
pub(super) fn other(t: &Toks<'_>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..t.len() {
        let Some(w) = t.word(i) else { continue };
        let end = if matches!(w, "drittel" | "viertel" | "hälfte") || FRACTIONS_SLAVIC.contains(&w)
        {
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

fn word_value(w: &str) -> Option<f64> {
    Some(match w {
        "zero" => 0.0,
        "a" | "an" | "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

/// The denominator a fraction word names ("quarter" and "fourth" 4, "fifths" 5).
fn denominator(w: &str) -> f64 {
    match w.trim_end_matches('s') {
        "half" => 2.0,
        "third" => 3.0,
        "quarter" | "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        _ => 100.0,
    }
}

/// Value of a spelled-out number ("two and a half million" -> 2.5e6). Returns (value, fraction).
pub(in super::super) fn spelled_value(s: &str) -> Option<(f64, bool)> {
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && *w != "and")
        .collect();
    let (mut total, mut current, mut any, mut fraction) = (0.0f64, 0.0f64, false, false);
    for (k, w) in words.iter().enumerate() {
        match *w {
            "hundred" => {
                current = if current == 0.0 {
                    100.0
                } else {
                    current * 100.0
                };
                any = true;
            }
            "thousand" | "million" | "billion" | "trillion" => {
                let f = match *w {
                    "thousand" => 1e3,
                    "million" => 1e6,
                    "billion" => 1e9,
                    _ => 1e12,
                };
                let c = if current == 0.0 { 1.0 } else { current };
                total = (total + c) * f;
                current = 0.0;
                any = true;
            }
            "dozen" => {
                current = if current == 0.0 { 12.0 } else { current * 12.0 };
                any = true;
            }
            "half" | "third" | "thirds" | "quarter" | "quarters" | "fourth" | "fourths"
            | "fifth" | "fifths" | "sixth" | "sixths" | "seventh" | "sevenths" | "eighth"
            | "eighths" | "ninth" | "ninths" | "tenth" | "tenths" | "hundredth" | "hundredths" => {
                let d = denominator(w);
                // "the fifth month" is an ordinal: only "a fifth", "three fifths" are fractions
                if d > 4.0 && k == 0 {
                    return None;
                }
                // "two and a half": the "a" added 1 to current already
                let prev_a = k > 0 && matches!(words[k - 1], "a" | "an");
                if prev_a && k >= 2 && current > 1.0 {
                    current = current - 1.0 + 1.0 / d;
                } else {
                    let c = if current == 0.0 { 1.0 } else { current };
                    current = c / d;
                    fraction = total == 0.0;
                }
                any = true;
            }
            w => {
                let v = word_value(w)?;
                if (w == "a" || w == "an") && current != 0.0 {
                    // "two and a half": keep current, the fraction word adjusts it
                    current += 1.0;
                    continue;
                }
                let tens_then_unit =
                    v >= 1.0 && current % 10.0 == 0.0 && current >= 20.0 && v < 10.0;
                let hundreds_then_rest = current >= 100.0 && current % 100.0 == 0.0;
                if tens_then_unit || hundreds_then_rest {
                    current += v;
                } else if current > 0.0 && v > 0.0 {
                    // "seven eight": not one number
                    return None;
                } else {
                    current = v;
                }
                if w != "a" && w != "an" {
                    any = true;
                }
            }
        }
    }
    if !any {
        return None;
    }
    // "billion billion billion ...": no number anyone writes
    let v = total + current;
    (v.is_finite() && v < 1e18).then_some((v, fraction))
}
