//! The time-expression reader: at every token, the dates, months, quarters, halves, years and
//! month counts that can start there, in English, German, Russian and Ukrainian.
//!
//! Each rule reads a short token sequence and says what it means (`Expr`); it does not choose
//! between overlapping readings (the caller keeps the longest) nor resolve relative years.
//!
//! ```text
//! "the first half of 2022"   -> Months(Abs(2022), 1, 6)
//! "22 серпня 2023 року"      -> Date(Some(2023), 8, 22)
//! "Q1"                       -> Months(Context, 1, 3)
//! ```

use chrono::Datelike;

use super::super::calendar::{last_day, month_number, ordinal, small_number};
use super::super::tokens::{class, Classes, TokKind, Toks};
use super::words::{
    bare_yref, ends_word, half, month_any, month_en, of_yref, ordinal_en, quarter, relative_year,
    small, spelled_year, starts_word, trailing_year, year4, year_suffix, yref, MONTHS, MONTHS_EN,
};
use super::year_forms::{decade_words, month_year, short_decade, short_year, year_month};
use super::{phrases, weeks, Expr, Rel, YearRef};

/// Words other than months at which `words` can find a reading: "the" before a form that
/// allows it, the parts of a year, the relative and ordinal words, the quarter and half codes
/// and the German ordinals (seasons and the parts of the year are registered from their own
/// tables).
const OPENING_WORDS: &[&str] = &[
    "the", "eighteen", "nineteen", "first", "past", "last", "previous", "next", "coming", "this",
    "current", "same", "between", "from", "q", "h", "w", "week", "ersten", "zweiten", "dritten",
    "vierten", "letzten", "за",
];

/// Russian and Ukrainian stems that open a reading: "первые", "останні", "третьем".
const OPENING_STEMS: &[&str] = &[
    "перв",
    "перш",
    "последн",
    "останн",
    "втор",
    "трет",
    "четв",
    "друг",
];

/// English ordinals that open "the first quarter", "the second week", "the final half".
const ORDINAL_PART_WORDS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "final", "last",
];

/// Words that open a part of the year: "early 2023", "mid-2022", "the end of 2024".
const PART_OF_YEAR_WORDS: &[&str] = &[
    "early",
    "late",
    "mid",
    "beginning",
    "start",
    "middle",
    "end",
];

/// Seasons and their months (no winter: it spans two years).
const SEASONS: &[(&str, (u32, u32))] = &[
    ("spring", (3, 5)),
    ("frühjahr", (3, 5)),
    ("frühling", (3, 5)),
    ("весной", (3, 5)),
    ("весна", (3, 5)),
    ("навесні", (3, 5)),
    ("summer", (6, 8)),
    ("sommer", (6, 8)),
    ("летом", (6, 8)),
    ("влітку", (6, 8)),
    ("autumn", (9, 11)),
    ("herbst", (9, 11)),
    ("осенью", (9, 11)),
    ("восени", (9, 11)),
];

/// Registers the words a reading can start with (besides months) as `class::PERIOD`.
pub(super) fn add_classes(c: &mut Classes) {
    c.words(class::PERIOD, OPENING_WORDS);
    c.words(class::PERIOD, ORDINAL_PART_WORDS);
    c.words(class::PERIOD, PART_OF_YEAR_WORDS);
    c.words(class::PERIOD, SEASONS.iter().map(|s| s.0));
    c.stems(class::PERIOD, OPENING_STEMS);
}

/// A candidate: first token, end token (exclusive), meaning.
pub(super) type Cand = (usize, usize, Expr);

/// Every reading that starts at token `i`.
pub(super) fn at(t: &Toks<'_>, i: usize, out: &mut Vec<Cand>) {
    let Some(tok) = t.toks.get(i) else { return };
    match tok.kind {
        TokKind::Num => numeric(t, i, out),
        // the class tests `words` and `phrases::at` open with, here: most words fail both
        TokKind::Word => {
            if tok.class & (class::MONTH | class::PERIOD) != 0 {
                words(t, i, out);
            }
            if tok.class & class::PHRASE != 0 {
                phrases::at(t, i, out);
            }
        }
        TokKind::Punct => {}
    }
}

/// Readings that start with a number: dates, years, decades, fiscal years.
fn numeric(t: &Toks<'_>, i: usize, out: &mut Vec<Cand>) {
    if !starts_word(t, i) {
        return;
    }
    let d = t.digits(i).unwrap_or("");
    if let Some(y) = year4(t, i) {
        // 2023-08-22
        if t.punct(i + 1, '-') && t.glued(i + 1) && t.glued(i + 2) && t.glued(i + 3) {
            if let (Some(m), true, Some(day)) = (
                t.digits(i + 2).filter(|x| x.len() == 2),
                t.punct(i + 3, '-') && t.glued(i + 4),
                t.digits(i + 4).filter(|x| x.len() == 2),
            ) {
                if ends_word(t, i + 5) {
                    let (m, day) = (m.parse().unwrap_or(0), day.parse().unwrap_or(0));
                    out.push((i, i + 5, Expr::Date(Some(y), m, day)));
                }
            }
        }
        // 2022-23, 2022/23, 2022–23
        if ["-", "/", "–"].iter().any(|s| t.raw(i + 1) == *s) {
            if let Some(yy) = t.digits(i + 2).filter(|x| x.len() == 2) {
                let yy: i32 = yy.parse().unwrap_or(-1);
                if yy == (y + 1) % 100 && ends_word(t, i + 3) {
                    out.push((i, i + 3, Expr::Year(y, y + 1)));
                }
            }
        }
        // 2024-2027: a multi-year span
        if ["-", "–", "—"].iter().any(|s| t.raw(i + 1) == *s) {
            if let Some(y2) = year4(t, i + 2).filter(|&y2| y2 > y && y2 - y <= 10) {
                if ends_word(t, i + 3) {
                    out.push((i, i + 3, Expr::Year(y, y2)));
                }
            }
        }
        // 2016H2, 2023Q1
        if t.glued(i + 1) && t.glued(i + 2) && matches!(t.raw(i + 1), "H" | "Q") {
            if let Some(n) = t
                .digits(i + 2)
                .filter(|d| d.len() == 1)
                .and_then(|d| d.parse().ok())
            {
                let x = if t.raw(i + 1) == "Q" {
                    quarter(YearRef::Abs(y), n)
                } else if n <= 2 {
                    half(YearRef::Abs(y), n)
                } else {
                    None
                };
                if let (Some(x), true) = (x, ends_word(t, i + 3)) {
                    out.push((i, i + 3, x));
                }
            }
        }
        year_month(t, i, y, out);
        // the 1990s, the 1970's
        if d.ends_with('0') && (d.starts_with("18") || d.starts_with("19") || d.starts_with("20")) {
            let mut j = i + 1;
            if t.raw(j) == "'" && t.glued(j) {
                j += 1;
            }
            if t.is(j, "s") && t.glued(j) && ends_word(t, j + 1) {
                out.push((i, j + 1, Expr::Year(y, y + 9)));
            }
        }
        if (1950..2050).contains(&y) && ends_word(t, i + 1) {
            out.push((i, year_suffix(t, i + 1), Expr::Year(y, y)));
        }
        return;
    }
    // "6,107.31": the digits after a decimal point are no day
    if i >= 2
        && t.glued(i)
        && (t.punct(i - 1, '.') || t.punct(i - 1, ','))
        && t.digits(i - 2).is_some()
    {
        return;
    }
    let Some(day) = small(t, i) else { return };
    month_year(t, i, day, out);
    if d.len() == 2 {
        short_decade(t, i, day, out);
    }
    // the 15th century
    if t.glued(i + 1) && t.is_any(i + 1, &["st", "nd", "rd", "th"]) && t.is(i + 2, "century") {
        if (1..=21).contains(&day) {
            let c = day as i32 * 100;
            out.push((i, i + 3, Expr::Year(c - 100, c - 1)));
        }
        return;
    }
    if day == 0 || day > 31 {
        return;
    }
    // 22.08.2023
    if t.punct(i + 1, '.') && t.glued(i + 1) && t.glued(i + 2) {
        if let Some(m) = small(t, i + 2) {
            if t.punct(i + 3, '.') && t.glued(i + 3) && t.glued(i + 4) {
                if let Some(y) = year4(t, i + 4) {
                    if ends_word(t, i + 5) {
                        out.push((i, i + 5, Expr::Date(Some(y), m, day)));
                    }
                }
            }
        }
    }
    // 23-Apr-2020
    if t.punct(i + 1, '-') && t.glued(i + 1) && t.glued(i + 2) {
        if let Some(m) = month_en(t, i + 2) {
            if t.punct(i + 3, '-') && t.glued(i + 3) && t.glued(i + 4) {
                if let Some(y) = year4(t, i + 4) {
                    out.push((i, i + 5, Expr::Date(Some(y), m, day)));
                }
            }
        }
    }
    // 22 August 2023, 22. August, 22 августа 2023 года
    let mut j = i + 1;
    if t.glued(j) && (t.is_any(j, &["st", "nd", "rd", "th"]) || t.punct(j, '.')) {
        j += 1;
    }
    if t.glued(j) {
        return;
    }
    if let Some(m) = month_any(t, j) {
        match trailing_year(t, j + 1, false) {
            Some((e, y)) => out.push((i, e, Expr::Date(Some(y), m, day))),
            None => out.push((i, j + 1, Expr::Date(None, m, day))),
        }
    }
}

/// Readings that start with a word.
fn words(t: &Toks<'_>, i: usize, out: &mut Vec<Cand>) {
    let Some(w) = t.word(i) else { return };
    if !t.has(i, class::MONTH | class::PERIOD) {
        return;
    }
    // months, month ranges, "August 22, 2023" (one look-up serves both month readings, as
    // `month_any` would)
    let month = MONTHS.get(w).copied();
    if let Some(m) = month
        .filter(|&(_, en)| !en || t.capitalised(i))
        .map(|x| x.0)
    {
        month_forms(t, i, i, m, out);
    } else if let Some(m) = month.filter(|x| x.1).map(|x| x.0) {
        // "june 2016", "june next year": a lower-case month is a month when a year follows
        let of = if t.is(i + 1, "of") { i + 2 } else { i + 1 };
        let read = trailing_year(t, i + 1, true)
            .map(|(e, y)| (e, YearRef::Abs(y)))
            .or_else(|| relative_year(t, of).filter(|_| !matches!(w, "may" | "mar")));
        if let Some((e, yr)) = read {
            out.push((i, e, Expr::Months(yr, m, m)));
        }
    }
    part_of_year(t, i, out);
    // nineteen twenty eight (a spelled "twenty ..." or "two thousand ..." is a year only where
    // a year is expected: "June of two thousand and twenty")
    if matches!(w, "eighteen" | "nineteen") {
        if let Some((e, y)) = spelled_year(t, i) {
            out.push((i, e, Expr::Year(y, y)));
        }
    }
    // "the" before a form that allows it
    let (j, the) = if w == "the" {
        (i + 1, true)
    } else {
        (i, false)
    };
    let Some(v) = t.word(j) else {
        if the {
            // the 1990s, the 70s, the '40s
            let k = if matches!(t.raw(j), "'" | "’") {
                j + 1
            } else {
                j
            };
            let mut tmp = Vec::new();
            numeric(t, k, &mut tmp);
            out.extend(
                tmp.into_iter()
                    .filter(|c| c.0 == k)
                    .filter(|c| {
                        matches!(c.2, Expr::Year(a, b) if b == a + 9)
                            || matches!(c.2, Expr::Decade(_))
                    })
                    .map(|c| (i, c.1, c.2)),
            );
        }
        return;
    };
    if the {
        decade_words(t, i, j, out);
    }
    match v {
        "first" => {
            // the first seven months of this year
            let n = t.word(j + 1).or(t.digits(j + 1)).and_then(small_number);
            if let (Some(n), true) = (n, t.is(j + 2, "months")) {
                let (e, yr) = of_yref(t, j + 3);
                out.push((i, e, Expr::Months(yr, 1, n)));
            }
        }
        "past" | "last" | "previous" | "next" | "coming" => {
            // the past 12 months, the last three years, the next 3 decades, the past decade,
            // last week, the coming week, the past three weeks
            let n = t.word(j + 1).or(t.digits(j + 1)).and_then(small_number);
            let (n, k) = match n {
                Some(n) if n > 0 => (n, j + 2),
                _ => (1, j + 1),
            };
            let past = matches!(v, "past" | "last" | "previous");
            match t.word(k) {
                Some("weeks") if past && k == j + 2 => {
                    out.push((i, k + 1, Expr::Rel(Rel::PastWeeks(n))));
                }
                // "the past week" counts back seven days, "last week" is the calendar week
                Some("week") if k == j + 1 => {
                    let rel = match v {
                        "past" => Rel::PastWeeks(1),
                        "last" | "previous" => Rel::Weeks(-1),
                        _ => Rel::Weeks(1),
                    };
                    out.push((i, k + 1, Expr::Rel(rel)));
                }
                _ if v == "coming" || (v == "previous" && k == j + 1) => {}
                Some("months") if past && k == j + 2 => {
                    out.push((i, k + 1, Expr::Rel(Rel::PastMonths(n))));
                }
                Some("years") if past && k == j + 2 => {
                    out.push((i, k + 1, Expr::Rel(Rel::PastMonths(12 * n))));
                }
                Some("decades") if k == j + 2 => {
                    let from = if past { -(n as i32) } else { 1 };
                    out.push((i, k + 1, Expr::Rel(Rel::Decades(from, n))));
                }
                Some("decade") if k == j + 1 => {
                    let from = if past { -1 } else { 1 };
                    out.push((i, k + 1, Expr::Rel(Rel::Decades(from, 1))));
                }
                _ => {}
            }
        }
        "this" | "current" if t.is(j + 1, "decade") => {
            out.push((i, j + 2, Expr::Rel(Rel::Decades(0, 1))));
        }
        "this" | "current" if t.is(j + 1, "week") => {
            out.push((i, j + 2, Expr::Rel(Rel::Weeks(0))));
        }
        // the year after next, the month after the next (not "the year after the next vote")
        "year" | "month" | "week" if the && t.is(j + 1, "after") => {
            let k = if t.is(j + 2, "the") { j + 3 } else { j + 2 };
            if t.is(k, "next") && t.word(k + 1).is_none() && t.digits(k + 1).is_none() {
                let rel = match v {
                    "year" => Rel::YearAfterNext,
                    "month" => Rel::MonthAfterNext,
                    _ => Rel::Weeks(2),
                };
                out.push((i, k + 1, Expr::Rel(rel)));
            }
        }
        "week" if the => weeks::week_of_date(t, i, j + 1, out),
        // the same month, the same year (a year-ago comparison is read by the phrases)
        "same"
            if t.is_any(j + 1, &["week", "month", "year"])
                && !t.is_any(
                    j + 2,
                    &["last", "a", "the", "of", "in", "previous", "prior"],
                ) =>
        {
            let rel = match t.word(j + 1) {
                Some("week") => Rel::SameWeek,
                Some("month") => Rel::SameMonth,
                _ => Rel::SameYear,
            };
            out.push((i, j + 2, Expr::Rel(rel)));
        }
        "same"
            if t.is_any(j + 1, &["period", "month", "months", "quarter"])
                && t.is_any(j + 2, &["of", "in"]) =>
        {
            if let Some(y) = year4(t, j + 3).filter(|_| ends_word(t, j + 4)) {
                out.push((i, j + 4, Expr::Rel(Rel::SamePeriodIn(y))));
            }
        }
        "between" | "from" if !the => date_range(t, i, out),
        _ => {}
    }
    ordinal_part(t, i, j, out);
    // the spring, spring 2023, the spring of 2023
    if let Some((m1, m2)) = season(v) {
        let (e, yr) = if t.is(j + 1, "of") {
            of_yref(t, j + 1)
        } else {
            bare_yref(t, j + 1)
        };
        let yr = if yr == YearRef::Context {
            YearRef::Recent
        } else {
            yr
        };
        out.push((i, e, Expr::Months(yr, m1, m2)));
    }
    if the {
        return;
    }
    match w {
        // Q1, Q1 2020, Q3'23; H1, H2 2022
        "q" | "h" if t.raw(i) != w && t.glued(i + 1) => quarter_code(t, i, w, out),
        // w/c 4 Feb: week commencing
        "w" if t.punct(i + 1, '/') && t.glued(i + 1) && t.is(i + 2, "c") && t.glued(i + 2) => {
            weeks::week_of_date(t, i, i + 3, out);
        }
        // week 10, week 31 of 2018
        "week" => weeks::week_number(t, i, out),
        // "last September", "next june"
        "last" | "next" | "this" => {
            if let Some(m) = t.word(i + 1).filter(|m| {
                MONTHS_EN.contains(m) && (*m != "may" && *m != "mar" || t.capitalised(i + 1))
            }) {
                let yr = match w {
                    "last" => YearRef::Last,
                    "next" => YearRef::Next,
                    _ => YearRef::This,
                };
                if let Some(m) = month_number(m) {
                    out.push((i, i + 2, Expr::Months(yr, m, m)));
                }
            }
        }
        // German: ersten sieben Monate, zweiten Quartal, ersten Halbjahr
        "ersten" | "zweiten" | "dritten" | "vierten" | "letzten" => {
            let n = ordinal(w).unwrap_or(4);
            if t.is_any(i + 1, &["quartal", "quartals"]) {
                let (e, yr) = bare_yref(t, i + 2);
                out.extend(quarter(yr, n).map(|x| (i, e, x)));
            } else if t.is_any(i + 1, &["halbjahr", "halbjahres"]) && n <= 2 {
                let (e, yr) = bare_yref(t, i + 2);
                out.extend(half(yr, n).map(|x| (i, e, x)));
            } else if w == "ersten" && t.is_any(i + 2, &["monate", "monaten"]) {
                let n = t.word(i + 1).or(t.digits(i + 1)).and_then(small_number);
                if let Some(n) = n {
                    let (e, yr) = bare_yref(t, i + 3);
                    out.push((i, e, Expr::Months(yr, 1, n)));
                }
            }
        }
        // Russian and Ukrainian: за первые семь месяцев, в третьем квартале, первом полугодии
        _ if w.starts_with(|c: char| ('а'..='я').contains(&c) || "іїєґ".contains(c)) => {
            slavic(t, i, w, out);
        }
        _ => {}
    }
}

/// "Q1", "Q1 2020", "Q3'23", "Q12023", "H1", "H2 2022" at `i` (`w`: "q" or "h").
pub(super) fn quarter_code(t: &Toks<'_>, i: usize, w: &str, out: &mut Vec<Cand>) {
    let Some(d) = t.digits(i + 1) else { return };
    let n: u32 = d[..1].parse().unwrap_or(0);
    let (e, yr) = match d.len() {
        1 => {
            let sep = ["-", "/", "'"].contains(&t.raw(i + 2)) && t.glued(i + 2);
            let k = if sep { i + 3 } else { i + 2 };
            let two = t.digits(k).filter(|x| x.len() == 2 && sep && t.glued(k));
            if let Some(y) = year4(t, k).filter(|_| !t.glued(k) || sep) {
                (k + 1, YearRef::Abs(y))
            } else if let Some(yy) = two {
                (k + 1, YearRef::Abs(2000 + yy.parse::<i32>().unwrap_or(0)))
            } else {
                (i + 2, YearRef::Context)
            }
        }
        3 | 5 if w == "q" => {
            let y: i32 = d[1..].parse().unwrap_or(0);
            let y = if y < 100 { 2000 + y } else { y };
            (i + 2, YearRef::Abs(y))
        }
        _ => return,
    };
    if !ends_word(t, e) {
        return;
    }
    let x = if w == "q" {
        quarter(yr, n)
    } else if n <= 2 {
        half(yr, n)
    } else {
        None
    };
    if let Some(x) = x {
        out.push((i, e, x));
    }
}

/// Quarters and halves by ordinal at word `j` (`i` with a "the" before it): "the third quarter
/// of last year", "1st half".
/// Also weeks: "the third week of March", "the last week of July".
pub(super) fn ordinal_part(t: &Toks<'_>, i: usize, j: usize, out: &mut Vec<Cand>) {
    if let Some((k, n)) = ordinal_en(t, j, ORDINAL_PART_WORDS) {
        if t.is(k, "week") {
            weeks::nth_week(t, i, j, k, n, out);
        } else if t.is_any(j, &["fifth", "last"]) {
            // "the last quarter" is the one before this, not the fourth
        } else if t.is(k, "quarter") {
            let (e, yr) = of_yref(t, k + 1);
            if let Some(x) = quarter(yr, n) {
                out.push((i, e, x));
            }
        } else if t.is(k, "half") && n <= 2 {
            let (e, yr) = of_yref(t, k + 1);
            if let Some(x) = half(yr, n) {
                out.push((i, e, x));
            }
        }
    }
}

/// "early next year", "late 2022", "mid-2023", "the end of 2000": part of a year.
fn part_of_year(t: &Toks<'_>, i: usize, out: &mut Vec<Cand>) {
    let Some(w) = t.word(i) else { return };
    let (j, months) = match w {
        "early" => (i + 1, (1, 6)),
        "late" => (i + 1, (7, 12)),
        "mid" if t.punct(i + 1, '-') && t.glued(i + 1) => (i + 2, (5, 8)),
        "mid" => (i + 1, (5, 8)),
        "the" | "beginning" | "start" | "middle" | "end" => {
            let k = if w == "the" { i + 1 } else { i };
            let m = match t.word(k) {
                // the gold convention: a rate "by the end of 2024" is December's
                Some("beginning" | "start") => (1, 1),
                Some("middle") => (5, 8),
                Some("end") => (12, 12),
                _ => return,
            };
            if !t.is(k + 1, "of") {
                return;
            }
            (k + 2, m)
        }
        _ => return,
    };
    let read = yref(t, j).filter(|(_, r)| *r != YearRef::Context || t.is(j, "the"));
    if let Some((e, yr)) = read {
        out.push((i, e, Expr::Months(yr, months.0, months.1)));
    }
}

/// The months of a season word.
fn season(w: &str) -> Option<(u32, u32)> {
    SEASONS.iter().find(|s| s.0 == w).map(|s| s.1)
}

/// A month word at `m_i` (with an optional "from"/"між" before it at `i`).
fn month_forms(t: &Toks<'_>, i: usize, m_i: usize, m: u32, out: &mut Vec<Cand>) {
    let j = m_i + 1;
    // January-July 2023, from January to March, between January and June
    let mut k = j;
    let sep = t.raw(k);
    if ["-", "–", "—"].contains(&sep)
        || t.is_any(k, &["to", "through", "and", "until", "bis", "по"])
    {
        k += 1;
        if let Some(m2) = month_any(t, k) {
            let (e, yr) = trailing_year(t, k + 1, true)
                .map_or((k + 1, YearRef::Context), |(e, y)| (e, YearRef::Abs(y)));
            out.push((i, e, Expr::Months(yr, m, m2)));
            return;
        }
    }
    // "from August 2022 to July 2023", "January 2022–March 2023": months of two years
    if let Some((k0, y1)) = trailing_year(t, j, false) {
        let to = ["-", "–", "—"].contains(&t.raw(k0))
            || t.is_any(k0, &["to", "through", "and", "until", "bis", "по"]);
        if let (true, Some(m2)) = (to, month_any(t, k0 + 1)) {
            if let Some((e, y2)) = trailing_year(t, k0 + 2, false) {
                if (y1, m) < (y2, m2) && y2 - y1 <= 30 {
                    out.push((
                        i,
                        e,
                        Expr::DateRange((y1, m, 1), (y2, m2, last_day(y2, m2).day())),
                    ));
                    return;
                }
            }
        }
    }
    if i != m_i {
        return;
    }
    // August 22, 2023
    if month_en(t, m_i).is_some() {
        let mut k = j;
        if t.punct(k, '.') && t.glued(k) {
            k += 1;
        }
        let day = small(t, k).filter(|d| (1..=31).contains(d));
        if let (Some(day), false) = (day, t.glued(k)) {
            let mut e = k + 1;
            if t.glued(e) && t.is_any(e, &["st", "nd", "rd", "th"]) {
                e += 1;
            }
            if ends_word(t, e) {
                let year = (t.punct(e, ',') && t.glued(e) && !t.glued(e + 1))
                    .then(|| year4(t, e + 1).filter(|_| ends_word(t, e + 2)))
                    .flatten();
                match year {
                    Some(y) => out.push((i, e + 2, Expr::Date(Some(y), m, day))),
                    None => out.push((i, e, Expr::Date(None, m, day))),
                }
            }
        }
    }
    // March, March 2023, March alone, березні 2023 року, June last year, June of next year,
    // Aug '99, August 99
    let (mut e, yr) = trailing_year(t, j, true)
        .map(|(e, y)| (e, YearRef::Abs(y)))
        .or_else(|| relative_year(t, if t.is(j, "of") { j + 1 } else { j }))
        .or_else(|| short_year(t, j).map(|(e, y)| (e, YearRef::Abs(y))))
        .unwrap_or((j, YearRef::Context));
    if t.is(e, "alone") {
        e += 1;
    }
    out.push((i, e, Expr::Months(yr, m, m)));
}

/// "between January 24, 2022 and October 31, 2023", "from 1 March 2022 to 31 May 2023", and
/// month ranges after "from"/"between".
fn date_range(t: &Toks<'_>, i: usize, out: &mut Vec<Cand>) {
    let j = i + 1;
    if let Some(m) = month_any(t, j) {
        let before = out.len();
        month_forms(t, i, j, m, out);
        if out.len() > before {
            return;
        }
    }
    // between 2014 and 2018, from 2014 to 2018
    if let Some(y1) = year4(t, j) {
        if t.is_any(j + 1, &["and", "to", "until", "through"]) {
            if let Some(y2) = year4(t, j + 2).filter(|&y2| y2 > y1 && y2 - y1 <= 30) {
                if ends_word(t, j + 3) {
                    out.push((i, j + 3, Expr::Year(y1, y2)));
                }
            }
        }
        return;
    }
    let Some((k, a)) = full_date(t, j) else {
        return;
    };
    if !t.is_any(k, &["and", "to", "until", "through"]) {
        return;
    }
    let Some((e, b)) = full_date(t, k + 1) else {
        return;
    };
    out.push((i, e, Expr::DateRange(a, b)));
}

/// "January 24, 2022" or "24 January 2022": (end, (y, m, d)).
fn full_date(t: &Toks<'_>, j: usize) -> Option<(usize, (i32, u32, u32))> {
    if let Some(m) = month_en(t, j) {
        let d = small(t, j + 1)?;
        let mut k = j + 2;
        if t.punct(k, ',') {
            k += 1;
        }
        let y = year4(t, k)?;
        return Some((k + 1, (y, m, d)));
    }
    let d = small(t, j)?;
    let m = month_en(t, j + 1)?;
    let mut k = j + 2;
    if t.punct(k, ',') {
        k += 1;
    }
    let y = year4(t, k)?;
    Some((k + 1, (y, m, d)))
}

/// Russian and Ukrainian quarters, halves and month counts.
fn slavic(t: &Toks<'_>, i: usize, w: &str, out: &mut Vec<Cand>) {
    const ORD: &[&str] = &["перв", "втор", "трет", "четв", "перш", "друг"];
    // за первые семь месяцев, за 11 месяцев 2023 года, за последние три месяца
    let (j, za) = if w == "за" {
        (i + 1, true)
    } else {
        (i, false)
    };
    let first = t.has_stem(j, &["перв", "перш"]);
    let last = t.has_stem(j, &["последн", "останн"]);
    let n_i = if first || last { j + 1 } else { j };
    if za || first || last {
        let n = t.word(n_i).or(t.digits(n_i)).and_then(small_number);
        if let (Some(n), true) = (n, t.has_stem(n_i + 1, &["месяц", "місяц"])) {
            if last {
                out.push((i, n_i + 2, Expr::Rel(Rel::PastMonths(n))));
            } else {
                let (e, yr) = bare_yref(t, n_i + 2);
                out.push((i, e, Expr::Months(yr, 1, n)));
            }
        }
    }
    if !ORD.iter().any(|s| w.starts_with(s)) {
        return;
    }
    let n = ordinal(w).unwrap_or(1);
    if t.has_stem(i + 1, &["квартал"]) {
        let (e, yr) = bare_yref(t, i + 2);
        out.extend(quarter(yr, n).map(|x| (i, e, x)));
    } else if t.has_stem(i + 1, &["полугоди", "півріч"]) && n <= 2 {
        let (e, yr) = bare_yref(t, i + 2);
        out.extend(half(yr, n).map(|x| (i, e, x)));
    }
}
