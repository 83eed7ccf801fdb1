//! Calendar arithmetic and month/number words for the period recogniser.
//!
//! Kept apart from the patterns so the resolution rules (what "the first seven months of this
//! year" means on 2023-08-22) can be read and tested on their own.

use chrono::{Datelike, Duration, NaiveDate};

use super::tokens::lowercase;

/// The day Russia's full-scale invasion began: the anchor of "since the start of the war".
pub(super) fn invasion_day() -> NaiveDate {
    ymd(2022, 2, 24)
}

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

pub(super) fn last_day(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m >= 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1) - Duration::days(1)
}

/// Months `m1..=m2` of year `y`.
pub(super) fn months(y: i32, m1: u32, m2: u32) -> (NaiveDate, NaiveDate) {
    (ymd(y, m1, 1), last_day(y, m2))
}

/// A date shifted by whole years, month ends kept as month ends.
pub(super) fn shift_years(d: NaiveDate, years: i32) -> NaiveDate {
    let y = d.year() + years;
    let is_month_end = d == last_day(d.year(), d.month());
    if is_month_end {
        return last_day(y, d.month());
    }
    NaiveDate::from_ymd_opt(y, d.month(), d.day()).unwrap_or_else(|| last_day(y, d.month()))
}

/// Month number of an English, German, Russian or Ukrainian month word (any case form).
pub(super) fn month_number(word: &str) -> Option<u32> {
    let mut buf = [0; 32];
    let w = lowercase(word, &mut buf);
    let w = w.trim_end_matches('.');
    const TABLE: &[(&str, u32)] = &[
        ("jan", 1),
        ("jän", 1),
        ("feb", 2),
        ("mar", 3),
        ("mär", 3),
        ("apr", 4),
        ("may", 5),
        ("mai", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("okt", 10),
        ("nov", 11),
        ("dec", 12),
        ("dez", 12),
        ("январ", 1),
        ("феврал", 2),
        ("март", 3),
        ("апрел", 4),
        ("ма", 5),
        ("июн", 6),
        ("июл", 7),
        ("август", 8),
        ("сентябр", 9),
        ("октябр", 10),
        ("ноябр", 11),
        ("декабр", 12),
        ("січ", 1),
        ("лют", 2),
        ("берез", 3),
        ("квіт", 4),
        ("трав", 5),
        ("черв", 6),
        ("лип", 7),
        ("серп", 8),
        ("верес", 9),
        ("жовт", 10),
        ("листопад", 11),
        ("груд", 12),
    ];
    TABLE
        .iter()
        .find(|(p, _)| w.starts_with(p))
        .map(|(_, n)| *n)
}

/// Small counts used in "the first seven months" in the four languages.
pub(super) fn small_number(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return Some(n);
    }
    let mut buf = [0; 32];
    let w = lowercase(word, &mut buf);
    const TABLE: &[(&str, u32)] = &[
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("zwei", 2),
        ("drei", 3),
        ("vier", 4),
        ("fünf", 5),
        ("sechs", 6),
        ("sieben", 7),
        ("acht", 8),
        ("neun", 9),
        ("zehn", 10),
        ("elf", 11),
        ("zwölf", 12),
        ("два", 2),
        ("две", 2),
        ("три", 3),
        ("четыре", 4),
        ("пять", 5),
        ("шесть", 6),
        ("семь", 7),
        ("восемь", 8),
        ("девять", 9),
        ("десять", 10),
        ("одиннадцать", 11),
        ("чотири", 4),
        ("п'ять", 5),
        ("п’ять", 5),
        ("шість", 6),
        ("сім", 7),
        ("вісім", 8),
        ("дев'ять", 9),
        ("дев’ять", 9),
        ("одинадцять", 11),
    ];
    TABLE.iter().find(|(p, _)| w == *p).map(|(_, n)| *n)
}

/// Ordinal words for quarters and halves: "first", "2nd", "ersten", "третьем", "другому".
pub(super) fn ordinal(word: &str) -> Option<u32> {
    let mut buf = [0; 32];
    let w = lowercase(word, &mut buf);
    let pairs: &[(&str, u32)] = &[
        ("first", 1),
        ("1st", 1),
        ("second", 2),
        ("2nd", 2),
        ("third", 3),
        ("3rd", 3),
        ("fourth", 4),
        ("4th", 4),
        ("fifth", 5),
        ("5th", 5),
        ("final", 4),
        ("last", 4),
        ("erst", 1),
        ("zweit", 2),
        ("dritt", 3),
        ("viert", 4),
        ("перв", 1),
        ("втор", 2),
        ("трет", 3),
        ("четв", 4),
        ("перш", 1),
        ("друг", 2),
    ];
    pairs
        .iter()
        .find(|(p, _)| w.starts_with(p))
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic() {
        assert_eq!(last_day(2024, 2), ymd(2024, 2, 29));
        assert_eq!(shift_years(ymd(2024, 2, 29), -1), ymd(2023, 2, 28));
        assert_eq!(shift_years(ymd(2023, 7, 31), -1), ymd(2022, 7, 31));
        assert_eq!(months(2023, 1, 7), (ymd(2023, 1, 1), ymd(2023, 7, 31)));
    }

    #[test]
    fn words() {
        assert_eq!(month_number("August"), Some(8));
        assert_eq!(month_number("августа"), Some(8));
        assert_eq!(month_number("серпня"), Some(8));
        assert_eq!(month_number("März"), Some(3));
        assert_eq!(small_number("seven"), Some(7));
        assert_eq!(small_number("сім"), Some(7));
        assert_eq!(ordinal("третьем"), Some(3));
    }
}
