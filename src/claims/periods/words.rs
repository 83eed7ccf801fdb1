//! The words and numbers time expressions are made of: month names in four languages (with
//! Russian and Ukrainian case forms), years and their suffixes ("2023 року", "2023 г."), year
//! references ("this year", "des Vorjahres", "минулого року"), ordinals, and word boundaries
//! between tokens.

use std::sync::LazyLock;

use super::super::calendar::{month_number, ordinal};
use super::super::numbers::{tens_value, unit_value};
use super::super::tokens::{class, FastMap, TokKind, Toks};
use super::{Expr, YearRef};

pub(super) const MONTHS_EN: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];

/// German months not spelled as in English.
const MONTHS_DE: &[&str] = &[
    "januar", "jänner", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",
];

/// Russian and Ukrainian month stems and the case endings they take ("январ" + "ем").
const MONTHS_SLAVIC: &[(&[&str], &[&str])] = &[
    (
        &[
            "январ",
            "феврал",
            "апрел",
            "июн",
            "июл",
            "сентябр",
            "октябр",
            "ноябр",
            "декабр",
        ],
        &["ь", "я", "е", "ем", "ём", "ю"],
    ),
    (&["март", "август"], &["", "а", "е", "ом", "у"]),
    (&["ма"], &["й", "я", "е", "ем"]),
    (
        &[
            "січ",
            "берез",
            "квіт",
            "трав",
            "черв",
            "лип",
            "серп",
            "верес",
            "жовт",
            "груд",
        ],
        &["ень", "ня", "ні", "нем", "ню"],
    ),
    (&["лют"], &["ий", "ого", "ому", "им"]),
    (&["листопад"], &["", "а", "і", "ом", "у"]),
];

/// Token kinds that continue a word: a number glued to one ("Q1", "1st") is not a boundary.
pub(super) fn alnum(t: &Toks<'_>, i: usize) -> bool {
    t.toks.get(i).is_some_and(|k| k.kind != TokKind::Punct)
}

/// True when token `i` starts a word (no letter or digit glued before it).
pub(super) fn starts_word(t: &Toks<'_>, i: usize) -> bool {
    !(t.glued(i) && i > 0 && alnum(t, i - 1))
}

/// True when nothing alphanumeric is glued after token `j - 1`.
pub(super) fn ends_word(t: &Toks<'_>, j: usize) -> bool {
    !(t.glued(j) && alnum(t, j))
}

/// A number of at most two digits at `i` (a day, a month).
pub(super) fn small(t: &Toks<'_>, i: usize) -> Option<u32> {
    let d = t.digits(i)?;
    if d.len() > 2 {
        return None;
    }
    d.parse().ok()
}

/// A four-digit 19xx/20xx year at `i`.
pub(super) fn year4(t: &Toks<'_>, i: usize) -> Option<i32> {
    let d = t.digits(i)?;
    if d.len() != 4 || !(d.starts_with("19") || d.starts_with("20")) {
        return None;
    }
    d.parse().ok()
}

/// "года", "року", "г.", "р." after a year.
pub(super) fn year_suffix(t: &Toks<'_>, j: usize) -> usize {
    if t.is_any(j, &["года", "году", "року", "році"]) {
        j + 1
    } else if t.is_any(j, &["г", "р"]) && t.punct(j + 1, '.') && t.glued(j + 1) {
        j + 2
    } else {
        j
    }
}

/// Month words of the four languages: (number, English).
pub(super) static MONTHS: LazyLock<FastMap<String, (u32, bool)>> = LazyLock::new(|| {
    let en = MONTHS_EN.iter().map(|w| (w.to_string(), true));
    let de = MONTHS_DE.iter().map(|w| (w.to_string(), false));
    let slavic = MONTHS_SLAVIC.iter().flat_map(|(stems, ends)| {
        stems
            .iter()
            .flat_map(move |s| ends.iter().map(move |e| (format!("{s}{e}"), false)))
    });
    en.chain(de)
        .chain(slavic)
        .filter_map(|(w, e)| Some((month_number(&w)?, w, e)))
        .map(|(m, w, e)| (w, (m, e)))
        .collect()
});

/// An English month, capitalised as written ("May" is a month, "may" is not).
#[inline]
pub(super) fn month_en(t: &Toks<'_>, i: usize) -> Option<u32> {
    // the class test first, inlined: most words are no month and need no look-up
    if !t.has(i, class::MONTH) {
        return None;
    }
    month_en_word(t, i)
}

fn month_en_word(t: &Toks<'_>, i: usize) -> Option<u32> {
    let w = t.word(i).filter(|_| t.capitalised(i))?;
    match MONTHS.get(w) {
        Some(&(m, true)) => Some(m),
        _ => None,
    }
}

/// A month in any of the four languages.
#[inline]
pub(super) fn month_any(t: &Toks<'_>, i: usize) -> Option<u32> {
    if !t.has(i, class::MONTH) {
        return None;
    }
    month_any_word(t, i)
}

fn month_any_word(t: &Toks<'_>, i: usize) -> Option<u32> {
    match MONTHS.get(t.word(i)?) {
        Some(&(m, true)) if t.capitalised(i) => Some(m),
        Some(&(m, false)) => Some(m),
        _ => None,
    }
}

/// A following "YYYY" with its suffix, after an optional comma and "of": (end, year).
pub(super) fn trailing_year(t: &Toks<'_>, j: usize, allow_of: bool) -> Option<(usize, i32)> {
    let mut k = j;
    // "November, 2016", and as typed in a hurry "November , 2016"
    if t.punct(k, ',') {
        k += 1;
    }
    if allow_of && t.is(k, "of") {
        k += 1;
    }
    if t.glued(k) {
        return None;
    }
    if allow_of {
        // "June of nineteen ninety nine"
        if let Some(r) = spelled_year(t, k) {
            return Some(r);
        }
    }
    let y = year4(t, k)?;
    if !ends_word(t, k + 1) {
        return None;
    }
    Some((year_suffix(t, k + 1), y))
}

/// An English number below a hundred in words at `j` ("ninety nine", "twelve"): (end, value).
fn below_hundred(t: &Toks<'_>, j: usize) -> Option<(usize, u32)> {
    // the number words of the English number grammar, "one" to "nineteen" and the tens
    let units = |w: &str, max: f64| unit_value(w).filter(|&v| (1.0..=max).contains(&v));
    let w = t.word(j)?;
    if let Some(v) = units(w, 19.0) {
        return Some((j + 1, v as u32));
    }
    let tens = tens_value(w)? as u32;
    // "ninety nine", "ninety-nine"
    let k = if t.punct(j + 1, '-') && t.glued(j + 1) && t.glued(j + 2) {
        j + 2
    } else {
        j + 1
    };
    match t.word(k).and_then(|u| units(u, 9.0)) {
        Some(n) => Some((k + 1, tens + n as u32)),
        None => Some((j + 1, tens)),
    }
}

/// A year in words where a year is expected: "nineteen ninety nine", "two thousand and
/// twenty", "two thousand": (end, year). Before a noun it is a count ("in March two thousand
/// troops"), unless "of" introduced it ("the third quarter of two thousand and twenty").
pub(super) fn spelled_year(t: &Toks<'_>, j: usize) -> Option<(usize, i32)> {
    let (e, y) = spelled_number_year(t, j)?;
    let after_of = j >= 1 && t.is(j - 1, "of");
    (after_of || t.word(e).is_none()).then_some((e, y))
}

fn spelled_number_year(t: &Toks<'_>, j: usize) -> Option<(usize, i32)> {
    match t.word(j)? {
        "eighteen" | "nineteen" | "twenty" => {
            let century = if t.is(j, "eighteen") {
                1800
            } else if t.is(j, "nineteen") {
                1900
            } else {
                2000
            };
            let (e, n) = below_hundred(t, j + 1).filter(|&(_, n)| n >= 10)?;
            Some((e, century + n as i32))
        }
        "two" if t.is(j + 1, "thousand") => {
            let k = if t.is(j + 2, "and") { j + 3 } else { j + 2 };
            match below_hundred(t, k) {
                Some((e, n)) => Some((e, 2000 + n as i32)),
                None if k == j + 2 => Some((j + 2, 2000)),
                None => None,
            }
        }
        _ => None,
    }
}

/// The decade of a plural tens word ("seventies"), counted within a century.
pub(super) fn decade_word(w: &str) -> Option<u32> {
    Some(match w {
        "noughties" => 0,
        "tens" => 10,
        "twenties" => 20,
        "thirties" => 30,
        "forties" => 40,
        "fifties" => 50,
        "sixties" => 60,
        "seventies" => 70,
        "eighties" => 80,
        "nineties" => 90,
        _ => return None,
    })
}

/// What a year reference says: "2023", "this year", "des Vorjahres", "минулого року".
pub(super) fn yref(t: &Toks<'_>, j: usize) -> Option<(usize, YearRef)> {
    if let Some(y) = year4(t, j) {
        if ends_word(t, j + 1) {
            return Some((year_suffix(t, j + 1), YearRef::Abs(y)));
        }
        return None;
    }
    if let Some((e, y)) = spelled_year(t, j) {
        return Some((e, YearRef::Abs(y)));
    }
    let w = t.word(j)?;
    let rel = |w: &str| match w {
        "this" | "current" | "laufenden" | "dieses" | "этого" | "текущего" | "цього"
        | "поточного" => YearRef::This,
        "last" | "previous" | "vergangenen" | "прошлого" | "минулого" => {
            YearRef::Last
        }
        "next" => YearRef::Next,
        _ => YearRef::Context,
    };
    match w {
        "this" | "last" | "next" if t.is(j + 1, "year") => Some((j + 2, rel(w))),
        "that" if t.is(j + 1, "year") => Some((j + 2, YearRef::That)),
        "jenes" | "desselben" if t.is(j + 1, "jahres") => Some((j + 2, YearRef::That)),
        "того" => {
            let k = if t.is_any(j + 1, &["же", "ж"]) {
                j + 2
            } else {
                j + 1
            };
            t.is_any(k, &["года", "року"])
                .then_some((k + 1, YearRef::That))
        }
        "the" => {
            if t.is(j + 1, "year") {
                return Some((j + 2, YearRef::Context));
            }
            let m = t.word(j + 1)?;
            (matches!(m, "current" | "previous" | "same") && t.is(j + 2, "year"))
                .then(|| (j + 3, rel(m)))
        }
        "des" => {
            if t.is(j + 1, "jahres") {
                return Some((j + 2, YearRef::Context));
            }
            if t.is(j + 1, "vorjahres") {
                return Some((j + 2, YearRef::Last));
            }
            let m = t.word(j + 1)?;
            (matches!(m, "laufenden" | "vergangenen") && t.is(j + 2, "jahres"))
                .then(|| (j + 3, rel(m)))
        }
        "dieses" if t.is(j + 1, "jahres") => Some((j + 2, YearRef::This)),
        "этого" | "текущего" | "прошлого" if t.is(j + 1, "года") => {
            Some((j + 2, rel(w)))
        }
        "цього" | "поточного" | "минулого" if t.is(j + 1, "року") => {
            Some((j + 2, rel(w)))
        }
        _ => None,
    }
}

/// "last year", "next year", "this year" and their German, Russian and Ukrainian forms.
pub(super) fn relative_year(t: &Toks<'_>, j: usize) -> Option<(usize, YearRef)> {
    yref(t, j).filter(|(_, r)| matches!(r, YearRef::This | YearRef::Last | YearRef::Next))
}

/// " of <year>" after an English period word.
pub(super) fn of_yref(t: &Toks<'_>, j: usize) -> (usize, YearRef) {
    if t.is(j, "of") {
        if let Some(r) = yref(t, j + 1) {
            return r;
        }
    }
    (j, YearRef::Context)
}

/// A year right after (German, Russian, Ukrainian word order).
pub(super) fn bare_yref(t: &Toks<'_>, j: usize) -> (usize, YearRef) {
    yref(t, j).unwrap_or((j, YearRef::Context))
}

/// An English ordinal for quarters and halves ("first", "2nd"): (next token, n).
pub(super) fn ordinal_en(t: &Toks<'_>, i: usize, words: &[&str]) -> Option<(usize, u32)> {
    if let Some(w) = t.word(i) {
        return words.contains(&w).then(|| Some((i + 1, ordinal(w)?)))?;
    }
    let n = small(t, i)?;
    let suffix = t.word(i + 1)?;
    if !t.glued(i + 1) || !matches!(suffix, "st" | "nd" | "rd" | "th") {
        return None;
    }
    Some((i + 2, n))
}

pub(super) fn quarter(yr: YearRef, q: u32) -> Option<Expr> {
    (1..=4)
        .contains(&q)
        .then(|| Expr::Months(yr, 3 * q - 2, 3 * q))
}

pub(super) fn half(yr: YearRef, h: u32) -> Option<Expr> {
    (1..=2)
        .contains(&h)
        .then(|| Expr::Months(yr, 6 * h - 5, 6 * h))
}
