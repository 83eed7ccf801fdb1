//! Numbers as written in news text: `341,000`, `2,77,000` (Indian grouping), `816 000`,
//! `1,5` (German/Russian decimal comma), `134.5`, `twenty-three`, `two and a half million`,
//! `a third`, and a following scale word (`billion`, `bn`, `mln`, `Mrd.`, `млрд`, `тис.`).
//!
//! Why hand-written: a byte scanner over digits is both faster than a regex and lets the grouping
//! rules depend on the language. Output is a `Num`: a span and a value, nothing about units yet.

use std::sync::LazyLock;

use regex::Regex;

use super::tokens::{class, is_letter, lowercase, Classes, TokKind, Toks};

mod english;
mod words;

use super::Lang;
pub(super) use english::{spelled_value, tens_value, unit_value};

/// Registers the spelled number words as `class::NUMBER`.
pub(super) fn add_classes(c: &mut Classes) {
    c.words(class::NUMBER, english::NUM_WORDS);
    words::add_classes(c);
}

/// A number found in text, with any scale word already applied.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Num {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Written with words ("seven", "a third").
    pub spelled: bool,
    /// Digits before the decimal point, separators excluded (4 for "2023", 6 for "341,000").
    pub int_digits: usize,
    /// Had a thousands separator.
    pub grouped: bool,
    /// Had a decimal part.
    pub decimal: bool,
    /// A scale word was applied (its factor).
    pub scale: Option<f64>,
    /// A fraction word ("a third", "half").
    pub fraction: bool,
}

impl Num {
    /// A number written in words ("seven", "a third") at `start..end`, before any scale word.
    fn spelled(start: usize, end: usize, value: f64, fraction: bool) -> Num {
        Num {
            start,
            end,
            value,
            spelled: true,
            int_digits: 0,
            grouped: false,
            decimal: false,
            scale: None,
            fraction,
        }
    }
}

/// The scale words with Unicode case folding, for words with letters beyond ASCII and basic
/// Cyrillic, where a letter has more than one spelling ("thouſand"); `scale_word` reads the rest.
static SCALE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^(?:\s|\u{a0}|-)?(trillions?|billions?|millions?|thousands?|hundreds?|dozens?|crores?|lakhs?|bn|mil|bln|mln|mn|tn|trln|trn|tln|mio\.?|mrd\.?|bio\.?|tsd\.?|tausend|millionen|milliarden?|billionen|тыс\.?|тысяч[аи]?|млн\.?|миллион(?:а|ов)?|млрд\.?|миллиард(?:а|ов)?|трлн\.?|триллион(?:а|ов)?|тис\.?|тисяч[аі]?|мільйон(?:а|ів)?|мільярд(?:а|ів)?|трильйон(?:а|ів)?)(?:[^\p{L}\p{N}]|$)",
    )
});

/// The first two letters of the ASCII scale words of `scale_word`.
const SCALE_STARTS: &[[u8; 2]] = &[
    *b"tr", *b"bi", *b"mi", *b"th", *b"hu", *b"do", *b"cr", *b"la", *b"bn", *b"bl", *b"ml", *b"mn",
    *b"tn", *b"tl", *b"mr", *b"ts", *b"ta",
];

/// Factor of a scale word (lower-cased, trailing dot removed).
fn scale_factor(word: &str, lang: Lang) -> Option<f64> {
    let w = word.trim_end_matches('.');
    let f = match w {
        "hundred" | "hundreds" => 1e2,
        "dozen" | "dozens" => 12.0,
        "thousand" | "thousands" | "tsd" | "tausend" => 1e3,
        "lakh" | "lakhs" => 1e5,
        "crore" | "crores" => 1e7,
        "million" | "millions" | "mil" | "mln" | "mn" | "mio" | "millionen" => 1e6,
        "billion" | "billions" if lang == Lang::De => 1e12,
        "billion" | "billions" | "bn" | "bln" | "mrd" | "milliarde" | "milliarden" => 1e9,
        "trillion" | "trillions" | "tn" | "trln" | "trn" | "tln" | "bio" | "billionen" => 1e12,
        _ => {
            if w.starts_with("тыс") || w.starts_with("тис") {
                1e3
            } else if w.starts_with("млн") || w.starts_with("миллион") || w.starts_with("мільйон")
            {
                1e6
            } else if w.starts_with("млрд") || w.starts_with("миллиард") || w.starts_with("мільярд")
            {
                1e9
            } else if w.starts_with("трлн")
                || w.starts_with("триллион")
                || w.starts_with("трильйон")
            {
                1e12
            } else {
                return None;
            }
        }
    };
    Some(f)
}

fn is_space_sep(text: &[u8], i: usize) -> Option<usize> {
    match text.get(i) {
        Some(b' ') => Some(1),
        Some(0xC2) if text.get(i + 1) == Some(&0xA0) => Some(2),
        // U+202F narrow no-break space, U+2009 thin space
        Some(0xE2)
            if text.get(i + 1) == Some(&0x80) && matches!(text.get(i + 2), Some(0xAF | 0x89)) =>
        {
            Some(3)
        }
        _ => None,
    }
}

fn digit_run(b: &[u8], i: usize) -> usize {
    b[i..].iter().take_while(|c| c.is_ascii_digit()).count()
}

/// Parses the digit number starting at `start` (a digit). Returns (end, value, int_digits,
/// grouped, decimal).
fn parse_digits(text: &str, start: usize, lang: Lang) -> (usize, f64, usize, bool, bool) {
    let b = text.as_bytes();
    let first = digit_run(b, start);
    // the digits without separators, then "." and the decimals
    let mut int = String::with_capacity(32);
    int.push_str(&text[start..start + first]);
    let mut i = start + first;
    let mut grouped = false;
    let mut continental = false;
    let after_letter = text[..start].ends_with(char::is_alphabetic);
    let mut frac: Option<&str> = None;
    loop {
        let (sep, sep_len) = match b.get(i) {
            Some(&c @ (b',' | b'.' | b'\'')) => (c, 1),
            _ => match is_space_sep(b, i) {
                Some(n) => (b' ', n),
                None => break,
            },
        };
        let j = i + sep_len;
        if j >= b.len() || !b[j].is_ascii_digit() {
            break;
        }
        let run = digit_run(b, j);
        let group_sep = match sep {
            b',' => !lang.decimal_comma(),
            b'.' => lang.decimal_comma(),
            _ => true,
        };
        let first_group_ok = grouped || first <= 3 || (sep == b',' && first <= 2);
        // "i7 860", "G20 500": a space does not group digits glued to a name
        let space_ok = sep != b' ' || (first <= 3 && !after_letter);
        if group_sep && run == 3 && first_group_ok && space_ok {
            int.push_str(&text[j..j + 3]);
            grouped = true;
            i = j + 3;
            continue;
        }
        // Indian grouping: 2,77,000 / 1,00,00,000 (a list "22,24,26,31" ends in two digits)
        if sep == b',' && !lang.decimal_comma() && run == 2 && indian_tail(b, j) {
            int.push_str(&text[j..j + 2]);
            grouped = true;
            i = j + 2;
            continue;
        }
        // "1.111,11" in English text: dots group, the comma is decimal
        if sep == b'.'
            && run == 3
            && ((!grouped && first <= 3) || continental)
            && continental_tail(b, j + 3)
        {
            int.push_str(&text[j..j + 3]);
            grouped = true;
            continental = true;
            i = j + 3;
            continue;
        }
        // "5,00", "1,3": one or two digits after a lone comma are decimals, also in English
        let in_list = start >= 2 && b[start - 1] == b',' && b[start - 2].is_ascii_digit();
        let lone_comma = sep == b','
            && run <= 2
            && (!grouped || continental)
            && !in_list
            && !(b.get(j + run) == Some(&b',')
                && b.get(j + run + 1).is_some_and(u8::is_ascii_digit));
        let decimal_sep = match sep {
            b'.' => !lang.decimal_comma() || run != 3,
            b',' => lang.decimal_comma() || lone_comma,
            _ => false,
        };
        // "192.168.1.2": dotted parts are not a decimal
        let dotted_before = start >= 2 && b[start - 1] == b'.' && b[start - 2].is_ascii_digit();
        let dotted_after =
            b.get(j + run) == Some(&b'.') && b.get(j + run + 1).is_some_and(u8::is_ascii_digit);
        if decimal_sep && sep == b'.' && !grouped && (dotted_before || dotted_after) {
            break;
        }
        if decimal_sep && frac.is_none() {
            frac = Some(&text[j..j + run]);
            i = j + run;
        }
        break;
    }
    let int_digits = int.len();
    if let Some(f) = frac {
        int.push('.');
        int.push_str(f);
    }
    let value = int.parse::<f64>().unwrap_or(0.0);
    (i, value, int_digits, grouped, frac.is_some())
}

/// After the first two-digit group at `j`: more two-digit groups, then a last group of three.
fn indian_tail(b: &[u8], mut j: usize) -> bool {
    while digit_run(b, j) == 2 && b.get(j + 2) == Some(&b',') {
        j += 3;
    }
    digit_run(b, j) == 3
}

/// After a first ".ddd" group ending at `j`: more ".ddd" groups, then ",d" or ",dd".
fn continental_tail(b: &[u8], mut j: usize) -> bool {
    while b.get(j) == Some(&b'.') && digit_run(b, j + 1) == 3 {
        j += 4;
    }
    b.get(j) == Some(&b',') && (1..=2).contains(&digit_run(b, j + 1))
}

/// "3/4", "1/40": a proper fraction of two plain integers at `start` (not a date "5/17/2018"
/// or "24/7"): (end, value).
fn slash_fraction(text: &str, start: usize, end: usize) -> Option<(usize, f64)> {
    let b = text.as_bytes();
    if b.get(end) != Some(&b'/') || (start > 0 && matches!(b[start - 1], b'/' | b'.' | b',')) {
        return None;
    }
    let run = digit_run(b, end + 1);
    let tail = end + 1 + run;
    if run == 0 || matches!(b.get(tail), Some(b'/' | b'.' | b',' | b'-')) {
        return None;
    }
    if b.get(tail)
        .is_some_and(|c| c.is_ascii_digit() || c.is_ascii_alphabetic())
    {
        return None;
    }
    let num: f64 = text[start..end].parse().ok()?;
    let den: f64 = text[end + 1..tail].parse().ok()?;
    (num > 0.0 && num < den).then_some((tail, num / den))
}

/// A scale letter after a number: glued "10k", "1.2b", "10M", "1MM", or spaced "2.33 k",
/// "1,674,200.5 M" (not "m", which is metres, nor "G"): (new end, factor).
fn scale_letter(text: &str, end: usize) -> Option<(usize, f64)> {
    let b = text.as_bytes();
    let gap = b[end..].iter().take(3).take_while(|c| **c == b' ').count();
    let at = end + gap;
    let (len, f) = match (b.get(at), b.get(at + 1)) {
        (Some(b'M'), Some(b'M')) => (2, 1e6),
        (Some(b'k' | b'K'), _) => (1, 1e3),
        (Some(b'M'), _) => (1, 1e6),
        (Some(b'b' | b'B'), _) if gap == 0 => (1, 1e9),
        _ => return None,
    };
    if b.get(at + len).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((at + len, f))
}

/// Vulgar fraction characters ("½", "¾").
fn vulgar_fraction(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅕' => 0.2,
        '⅙' => 1.0 / 6.0,
        '⅛' => 0.125,
        _ => return None,
    })
}

/// A scale word right after `end`: (new end, factor).
pub(super) fn scale_after(text: &str, end: usize, lang: Lang) -> Option<(usize, f64)> {
    // every scale word starts with one of these two ASCII letters (in either case) or is not
    // ASCII: a cheaper "no" than the regex for the many numbers with no scale word after them
    let mut rest = text[end..].chars();
    let first = match rest.next()? {
        c if c.is_whitespace() || c == '-' => rest.next()?,
        c => c,
    };
    if first.is_ascii() {
        let second = rest.next().unwrap_or(' ');
        if second.is_ascii() {
            let pair = [first, second].map(|c| c.to_ascii_lowercase() as u8);
            if !SCALE_STARTS.contains(&pair) {
                return None;
            }
        }
    }
    // one optional space or hyphen, then a whole scale word: its letters end on neither a letter
    // nor a digit, or on a dot the abbreviations may take ("Mrd.", "млн.")
    let rest = &text[end..];
    let at = rest
        .chars()
        .next()
        .filter(|&c| c.is_whitespace() || c == '-')
        .map_or(0, char::len_utf8);
    let word_end = rest[at..]
        .find(|c: char| !is_letter(c))
        .map_or(rest.len(), |n| at + n);
    let raw = &rest[at..word_end];
    if !raw
        .chars()
        .all(|c| c.is_ascii() || matches!(c, '\u{400}'..='\u{45F}'))
    {
        let m = SCALE.captures(rest)?.get(1)?;
        let f = scale_factor(&lowercase(m.as_str(), &mut [0; 32]), lang)?;
        return Some((end + m.end(), f));
    }
    let mut buf = [0; 32];
    let word = lowercase(raw, &mut buf);
    let dotted = scale_word(&word)?;
    let mut after = rest[word_end..].chars();
    let e = match after.next() {
        Some(c) if c.is_numeric() => return None,
        Some('.') if dotted && !after.next().is_some_and(char::is_alphanumeric) => word_end + 1,
        _ => word_end,
    };
    let f = scale_factor(&word, lang)?;
    Some((end + e, f))
}

/// A scale word (lower case): `Some(true)` for the abbreviations that may end in a dot.
fn scale_word(w: &str) -> Option<bool> {
    let dotted = match w {
        "mio" | "mrd" | "bio" | "tsd" | "тыс" | "млн" | "млрд" | "трлн" | "тис" => {
            true
        }
        "trillion"
        | "trillions"
        | "billion"
        | "billions"
        | "million"
        | "millions"
        | "thousand"
        | "thousands"
        | "hundred"
        | "hundreds"
        | "dozen"
        | "dozens"
        | "crore"
        | "crores"
        | "lakh"
        | "lakhs"
        | "bn"
        | "mil"
        | "bln"
        | "mln"
        | "mn"
        | "tn"
        | "trln"
        | "trn"
        | "tln"
        | "tausend"
        | "millionen"
        | "milliarde"
        | "milliarden"
        | "billionen"
        | "тысяча"
        | "тысячи"
        | "тысяч"
        | "миллион"
        | "миллиона"
        | "миллионов"
        | "миллиард"
        | "миллиарда"
        | "миллиардов"
        | "триллион"
        | "триллиона"
        | "триллионов"
        | "тисяча"
        | "тисячі"
        | "тисяч"
        | "мільйон"
        | "мільйона"
        | "мільйонів"
        | "мільярд"
        | "мільярда"
        | "мільярдів"
        | "трильйон"
        | "трильйона"
        | "трильйонів" => false,
        _ => return None,
    };
    Some(dotted)
}

/// A plain whole number: no scale, separator, decimal or fraction.
fn plain(n: &Num) -> bool {
    n.scale.is_none() && !n.grouped && !n.decimal && !n.fraction && n.value.fract() == 0.0
}

/// The value of `a` and `b` read as one number, when the words between join them: "2 1/4",
/// "3 hundred and 21", "3 million and a half", "one over three", "two out of five", "1 in 20".
fn joined_value(text: &str, a: &Num, b: &Num) -> Option<f64> {
    let gap = text.get(a.end..b.start)?;
    // the longest joining words are " out of "
    if gap.len() > 10 {
        return None;
    }
    let gap = gap.trim().to_ascii_lowercase();
    let gap = gap.as_str();
    let spaced = b.start > a.end;
    if gap.is_empty() {
        let ok = spaced && plain(a) && !a.spelled && b.fraction && !b.spelled && b.value < 1.0;
        return ok.then_some(a.value + b.value);
    }
    if gap == "and" {
        return match a.scale {
            // "4 thousand 3 hundred and 0 are two numbers"
            Some(s) if s == 1e2 && plain(b) && (1.0..100.0).contains(&b.value) => {
                Some(a.value + b.value)
            }
            Some(s) if s >= 1e3 && b.spelled && b.fraction && b.value < 1.0 => {
                Some(a.value + b.value * s)
            }
            _ => None,
        };
    }
    let proper = plain(a) && plain(b) && a.value < b.value && a.value > 0.0;
    let ok = match gap {
        // "over" is a hedge before a figure ("over 3 million"): a fraction only when the
        // denominator ends the phrase
        "over" => {
            plain(a)
                && plain(b)
                && b.value > 0.0
                && !text[b.end..]
                    .trim_start()
                    .starts_with(|c: char| c.is_alphanumeric())
        }
        "out of" => proper,
        "in" => proper && b.value <= 1000.0,
        _ => false,
    };
    ok.then(|| a.value / b.value)
}

/// All numbers in `text`, sorted, non-overlapping, scale words applied.
#[cfg(test)]
pub(super) fn scan(text: &str, lang: Lang) -> Vec<Num> {
    scan_in(&Toks::new(text), lang)
}

/// All numbers of a tokenised text, sorted, non-overlapping, scale words applied.
pub(super) fn scan_in(t: &Toks<'_>, lang: Lang) -> Vec<Num> {
    let text = t.text;
    let b = text.as_bytes();
    let mut out = Vec::new();
    // every ASCII digit lies in a number token: the next digit at or after `next` is `next`
    // itself inside a token, else the start of the next token
    let mut next = 0;
    for tok in t.toks.iter().filter(|x| x.kind == TokKind::Num) {
        let i = if tok.start >= next {
            tok.start
        } else if next < tok.end {
            next
        } else {
            continue;
        };
        let (end, value, int_digits, grouped, decimal) = parse_digits(text, i, lang);
        // ".5" written without the leading zero
        let mut start = i;
        let mut value = value;
        if start > 0
            && b[start - 1] == b'.'
            && (start < 2 || !b[start - 2].is_ascii_digit())
            && !grouped
        {
            let frac = format!("0.{}", &text[i..end]);
            if let Ok(v) = frac.parse::<f64>() {
                if !decimal {
                    value = v;
                    start -= 1;
                }
            }
        }
        let mut num = Num {
            start,
            end,
            value,
            spelled: false,
            int_digits,
            grouped,
            decimal,
            scale: None,
            fraction: false,
        };
        if let Some((e, f)) = scale_after(text, end, lang) {
            num.end = e;
            num.value *= f;
            num.scale = Some(f);
        } else if let Some((e, f)) = scale_letter(text, end) {
            // "10k", "5k-20k", "$3.5bn" (read by `scale_after`), "1.2b"
            num.end = e;
            num.value *= f;
            num.scale = Some(f);
        } else if let Some((e, v)) = (!decimal && !grouped)
            .then(|| slash_fraction(text, start, end))
            .flatten()
        {
            num.end = e;
            num.value = v;
            num.fraction = true;
        }
        // "2½": a whole number and a fraction character
        if let Some(f) = text[num.end..].chars().next().and_then(vulgar_fraction) {
            if num.scale.is_none() && !decimal {
                num.value += f;
                num.end += text[num.end..].chars().next().map_or(0, char::len_utf8);
            }
        }
        next = num.end.max(end);
        out.push(num);
    }
    // the fraction characters are punctuation tokens of two or three bytes led by 0xC2 or 0xE2
    let leads = t
        .toks
        .iter()
        .filter(|x| x.kind == TokKind::Punct && matches!(b[x.start], 0xC2 | 0xE2))
        .map(|x| x.start);
    for at in leads {
        let Some(c) = text[at..].chars().next() else {
            continue;
        };
        let Some(f) = vulgar_fraction(c) else {
            continue;
        };
        if text[..at].ends_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        out.push(Num {
            start: at,
            end: at + c.len_utf8(),
            value: f,
            spelled: false,
            int_digits: 0,
            grouped: false,
            decimal: true,
            scale: None,
            fraction: true,
        });
    }
    for (start, end, value, fraction) in english::spelled(t) {
        let mut num = Num::spelled(start, end, value, fraction);
        let lower = text[start..end].to_lowercase();
        if lower.ends_with("thousand")
            || lower.ends_with("million")
            || lower.ends_with("billion")
            || lower.ends_with("trillion")
        {
            num.scale = Some(1.0);
        }
        out.push(num);
    }
    for (start, end) in words::other(t) {
        let Some((value, fraction)) = words::other_value(&text[start..end]) else {
            continue;
        };
        let mut num = Num::spelled(start, end, value, fraction);
        if let Some((e, f)) = scale_after(text, num.end, lang) {
            num.end = e;
            num.value *= f;
            num.scale = Some(f);
        }
        out.push(num);
    }
    out.sort_by_key(|n| n.start);
    // digits followed by spelled scale ("1.5 million") were merged by scale_after; drop overlaps
    let mut merged: Vec<Num> = Vec::with_capacity(out.len());
    for n in out {
        if let Some(last) = merged.last_mut() {
            if n.start < last.end {
                continue;
            }
            // "2 млн 147 тис.": a smaller scaled number right after a scaled one adds to it
            let gap = &text[last.end..n.start];
            if let (Some(a), Some(b)) = (last.scale, n.scale) {
                if b < a
                    && b > 1.0
                    && gap.chars().all(char::is_whitespace)
                    && !gap.is_empty()
                    && n.value < a
                {
                    last.value += n.value;
                    last.end = n.end;
                    last.scale = Some(b);
                    continue;
                }
            }
            if let Some(v) = joined_value(text, last, &n) {
                last.value = v;
                last.end = n.end;
                last.fraction = v < 1.0 && (n.fraction || !gap.trim().is_empty());
                continue;
            }
        }
        merged.push(n);
    }
    merged.retain(|n| n.value.is_finite());
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The letter check in front of `scale_after` only says "no" where the regex does.
    #[test]
    fn scale_after_agrees_with_its_regex() {
        let text = "5 Bn, 6-mln 7\u{a0}тыс. 8 ТРЛН 9 Dozen 1 Lakhs 2 CRORE 3 hundreds 4 k 5 Mrd. \
                    6 \u{2009}million 7 -bn 8 Tausend 9 мільярдів 1 mio 2 xbn 3 ѳ 4 \t tn \
                    5 TLN 6 tſd 7 thouſand 8 K";
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let want = SCALE.captures(&text[end..]).and_then(|c| {
                let m = c.get(1)?;
                let f = scale_factor(&m.as_str().to_lowercase(), Lang::En)?;
                Some((end + m.end(), f))
            });
            assert_eq!(scale_after(text, end, Lang::En), want, "at {end}");
        }
    }

    fn one(text: &str, lang: Lang) -> (String, f64) {
        let v = scan(text, lang);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        (text[v[0].start..v[0].end].to_string(), v[0].value)
    }

    #[test]
    fn digit_forms() {
        assert_eq!(
            one("sold 341,000 cars", Lang::En),
            ("341,000".into(), 341000.0)
        );
        assert_eq!(
            one("a 2,77,000 figure", Lang::En),
            ("2,77,000".into(), 277000.0)
        );
        assert_eq!(
            one("some 816 000 tonnes", Lang::En),
            ("816 000".into(), 816000.0)
        );
        assert_eq!(one("grew 134.5 now", Lang::En), ("134.5".into(), 134.5));
        assert_eq!(one("1,5 Mrd. Euro", Lang::De), ("1,5 Mrd.".into(), 1.5e9));
        assert_eq!(one("1.500 Tonnen", Lang::De), ("1.500".into(), 1500.0));
        assert_eq!(
            one("US$134 billion in", Lang::En),
            ("134 billion".into(), 134e9)
        );
        assert_eq!(one("$1.2bn.", Lang::En), ("1.2bn".into(), 1.2e9));
        assert_eq!(
            one("5,7 трлн рублей", Lang::Ru),
            ("5,7 трлн".into(), 5.7e12)
        );
        assert_eq!(one("12 тис. тонн", Lang::Uk), ("12 тис.".into(), 12e3));
        assert_eq!(one("in 2022.", Lang::En), ("2022".into(), 2022.0));
    }

    #[test]
    fn spelled_forms() {
        assert_eq!(one("seven months", Lang::En), ("seven".into(), 7.0));
        assert_eq!(
            one("twenty-three tanks", Lang::En),
            ("twenty-three".into(), 23.0)
        );
        assert_eq!(one("two and a half million barrels", Lang::En).1, 2.5e6);
        assert_eq!(
            one("a third of imports", Lang::En),
            ("a third".into(), 1.0 / 3.0)
        );
        assert_eq!(one("one hundred and five", Lang::En).1, 105.0);
        assert_eq!(one("three hundred thousand", Lang::En).1, 300000.0);
        assert_eq!(one("five eighths of", Lang::En).1, 0.625);
        assert_eq!(one("three and a fifth", Lang::En).1, 3.2);
        assert!(scan("the fifth month", Lang::En).is_empty());
        assert_eq!(one("about 10k people", Lang::En), ("10k".into(), 1e4));
        assert_eq!(one("the result is ¾", Lang::En), ("¾".into(), 0.75));
        assert_eq!(one("322 hundred", Lang::En).1, 32200.0);
    }

    #[test]
    fn digit_fractions_and_scale_letters() {
        assert_eq!(
            one("about 2/3 of exports", Lang::En),
            ("2/3".into(), 2.0 / 3.0)
        );
        assert_eq!(one("a 5 3/8 inch pipe", Lang::En), ("5 3/8".into(), 5.375));
        // dates and "24/7" are not fractions
        assert_eq!(scan("on 4/11/2022 and 24/7", Lang::En).len(), 5);
        assert_eq!(one("worth 3.4b", Lang::En), ("3.4b".into(), 3.4e9));
        assert_eq!(one("raised 40M from", Lang::En), ("40M".into(), 4e7));
        assert_eq!(one("a 7 k run", Lang::En), ("7 k".into(), 7e3));
        assert_eq!(one("by 25 mil", Lang::En), ("25 mil".into(), 2.5e7));
        assert_eq!(one("four dozen", Lang::En).1, 48.0);
        assert_eq!(one("7 dozen eggs", Lang::En).1, 84.0);
        // a 3 m wall is metres, not millions
        assert_eq!(one("a 3m wall", Lang::En).1, 3.0);
    }

    #[test]
    fn separators_in_english_text() {
        // a list of two-digit numbers is not Indian grouping
        assert_eq!(scan("items 12,14,16,18", Lang::En).len(), 4);
        assert_eq!(one("rose to 7,4 here", Lang::En), ("7,4".into(), 7.4));
        assert_eq!(one("2.345,6 tonnes", Lang::En).1, 2345.6);
        assert_eq!(scan("host 10.0.0.1", Lang::En).len(), 4);
        assert_eq!(scan("the G20 500 firms", Lang::En)[1].value, 500.0);
    }

    #[test]
    fn words_join_numbers() {
        assert_eq!(one("5 hundred and 12", Lang::En).1, 512.0);
        assert_eq!(one("2 thousand 4 hundred and 6", Lang::En).1, 2406.0);
        assert_eq!(one("4 million and a half", Lang::En).1, 4.5e6);
        assert_eq!(one("two out of seven", Lang::En).1, 2.0 / 7.0);
        assert_eq!(one("one in four", Lang::En).1, 0.25);
        assert_eq!(one("3 over 8.", Lang::En).1, 0.375);
        // "over" before a counted figure is a hedge
        assert_eq!(scan("3 over 8 people", Lang::En).len(), 2);
        assert_eq!(scan("1 in 2023", Lang::En).len(), 2);
    }
}
