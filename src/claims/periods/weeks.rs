//! Weeks: "last week", "this week", "the week after next", "the past three weeks", "the third
//! week of March", "the first week of 2015", "the week of February 4".
//!
//! A week runs Monday to Sunday. The weeks of a year are ISO 8601 weeks (week 1 holds the
//! year's first Thursday), and a week belongs to the month that holds its Thursday, so "the
//! first week of October 2016" starts on Monday October 3, not in September.
//!
//! ```text
//! "the last week of July"  -> WeekIn(Month(Context, 7), -1)
//! "the week after next"    -> Rel(Weeks(2))
//! ```

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::super::calendar::{last_day, ymd};
use super::super::tokens::Toks;
use super::reader::Cand;
use super::words::{ends_word, month_any, relative_year, small, trailing_year, yref, MONTHS};
use super::{Expr, WeekBase, YearRef};

/// "the third week of ...", "the last week of ...": the ordinal `n` at `j` (after an optional
/// "the" at `i`), "week" at `k`.
pub(super) fn nth_week(t: &Toks<'_>, i: usize, j: usize, k: usize, n: u32, out: &mut Vec<Cand>) {
    let n = if t.is_any(j, &["last", "final"]) {
        -1
    } else {
        n as i32
    };
    if n == 0 || n > 5 {
        return;
    }
    // "the third week next year"
    if let Some((e, yr)) = relative_year(t, k + 1) {
        out.push((i, e, Expr::WeekIn(WeekBase::Year(yr), n)));
        return;
    }
    if !t.is(k + 1, "of") {
        return;
    }
    let m = k + 2;
    let base = if let Some(mo) = month_any(t, m) {
        let (e, yr) = trailing_year(t, m + 1, true)
            .map(|(e, y)| (e, YearRef::Abs(y)))
            .or_else(|| relative_year(t, m + 1))
            .unwrap_or((m + 1, YearRef::Context));
        Some((e, WeekBase::Month(yr, mo)))
    } else if let Some(mo) = t
        .word(m)
        .filter(|w| *w != "may")
        .and_then(|w| MONTHS.get(w))
        .filter(|x| x.1)
    {
        // "the last week of july": lower case after "week of" is still a month
        Some((m + 1, WeekBase::Month(YearRef::Context, mo.0)))
    } else if t.is_any(m, &["this", "next", "last"]) && t.is(m + 1, "month") {
        let off = match t.word(m) {
            Some("next") => 1,
            Some("last") => -1,
            _ => 0,
        };
        Some((m + 2, WeekBase::RelMonth(off)))
    } else {
        yref(t, m)
            .filter(|(_, r)| *r != YearRef::Context)
            .map(|(e, r)| (e, WeekBase::Year(r)))
    };
    if let Some((e, base)) = base {
        out.push((i, e, Expr::WeekIn(base, n)));
    }
}

/// "the week of February 4", "the week commencing 4 February 2019", "w/c feb 4": the week that
/// holds a date; `j` is the token after "week" (or after "w/c").
pub(super) fn week_of_date(t: &Toks<'_>, i: usize, j: usize, out: &mut Vec<Cand>) {
    let mut k = j;
    if t.is_any(k, &["of", "commencing", "starting", "beginning"]) {
        k += 1;
        if t.is(k, "on") {
            k += 1;
        }
    } else if !(t.is(i, "w") && t.punct(i + 1, '/') && t.is(i + 2, "c")) {
        return;
    }
    let month = |x: usize| {
        t.word(x)
            .and_then(|w| MONTHS.get(w))
            .filter(|m| m.1)
            .map(|m| m.0)
    };
    let (m, d, e) = if let (Some(m), Some(d)) = (month(k), small(t, k + 1)) {
        (m, d, k + 2)
    } else if let (Some(d), Some(m)) = (small(t, k), month(k + 1)) {
        (m, d, k + 2)
    } else {
        return;
    };
    let e = if t.glued(e) && t.is_any(e, &["st", "nd", "rd", "th"]) {
        e + 1
    } else {
        e
    };
    if !(1..=31).contains(&d) || !ends_word(t, e) {
        return;
    }
    match trailing_year(t, e, false) {
        Some((e, y)) => out.push((i, e, Expr::WeekOfDate(Some(y), m, d))),
        None => out.push((i, e, Expr::WeekOfDate(None, m, d))),
    }
}

/// "week 10", "in week 31 of 2018", "Week 5 2024": ISO week `n` of a year; `i` is "week".
///
/// A week label stands alone: not after a determiner ("the week 10 tanks arrived") and not
/// before a word other than a linking one ("week 10 deliveries" counts deliveries).
pub(super) fn week_number(t: &Toks<'_>, i: usize, out: &mut Vec<Cand>) {
    const DETERMINERS: &[&str] = &[
        "the", "a", "an", "this", "that", "each", "every", "per", "last", "next", "one", "same",
        "past", "previous", "coming", "first",
    ];
    const LINKS: &[&str] = &[
        "to", "and", "through", "until", "of", "in", "at", "on", "for",
    ];
    let Some(n) = t
        .digits(i + 1)
        .filter(|d| d.len() <= 2)
        .and_then(|d| d.parse::<i32>().ok())
    else {
        return;
    };
    if !(1..=53).contains(&n) || t.glued(i + 1) || !ends_word(t, i + 2) {
        return;
    }
    if i > 0 && t.is_any(i - 1, DETERMINERS) {
        return;
    }
    let (e, yr) = trailing_year(t, i + 2, true)
        .map(|(e, y)| (e, YearRef::Abs(y)))
        .or_else(|| relative_year(t, i + 2))
        .unwrap_or((i + 2, YearRef::Context));
    if t.word(e).is_some_and(|w| !LINKS.contains(&w)) {
        return;
    }
    out.push((i, e, Expr::WeekIn(WeekBase::Year(yr), n)));
}

/// The Monday of the week that holds `d`.
pub(super) fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// Week `n` of month `m` (-1: the last), a week belonging to the month of its Thursday.
pub(super) fn week_of_month(y: i32, m: u32, n: i32) -> NaiveDate {
    if n < 0 {
        let end = last_day(y, m);
        let back =
            (end.weekday().num_days_from_monday() + 7 - Weekday::Thu.num_days_from_monday()) % 7;
        return monday(end - Duration::days(i64::from(back)));
    }
    let first = ymd(y, m, 1);
    let ahead =
        (Weekday::Thu.num_days_from_monday() + 7 - first.weekday().num_days_from_monday()) % 7;
    monday(first + Duration::days(i64::from(ahead))) + Duration::weeks(i64::from(n - 1))
}

/// ISO week `n` of year `y` (-1: the last).
pub(super) fn week_of_year(y: i32, n: i32) -> NaiveDate {
    if n < 0 {
        return monday(ymd(y, 12, 28));
    }
    monday(ymd(y, 1, 4)) + Duration::weeks(i64::from(n - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_belong_to_the_month_and_year_of_their_thursday() {
        // October 2016 starts on a Saturday: its first week starts Monday the 3rd
        assert_eq!(week_of_month(2016, 10, 1), ymd(2016, 10, 3));
        // November 2016 starts on a Tuesday: its first week starts Monday October 31
        assert_eq!(week_of_month(2016, 11, 3), ymd(2016, 11, 14));
        assert_eq!(week_of_month(2017, 7, -1), ymd(2017, 7, 24));
        assert_eq!(week_of_year(2015, 1), ymd(2014, 12, 29));
        assert_eq!(week_of_year(2015, -1), ymd(2015, 12, 28));
        assert_eq!(week_of_year(2027, 3), ymd(2027, 1, 18));
        assert_eq!(monday(ymd(2023, 8, 27)), ymd(2023, 8, 21));
    }
}
