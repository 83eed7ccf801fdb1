//! Time expressions: dates, months, quarters, halves, "the first seven months of this year",
//! "last year", "the same period last year" (a baseline), "since the start of the war" (anchored
//! on 2022-02-24), "now" (the publication date), in English, German, Russian and Ukrainian; in
//! English also months written with their year in digits ("2016-11", "11/2016"), decades ("the
//! 70s", "the past two decades"), weeks ("last week", "the third week of March") and years in
//! words ("June of nineteen ninety nine").
//!
//! Every expression becomes a `RawClaim` of kind `period` or `date` whose `start`/`end` are
//! resolved against the publication date; relative comparison periods ("the same period a year
//! earlier", "year on year") are resolved against the last main period before them and flagged
//! `baseline`. Numbers inside a time expression are not quantities: the figure recogniser skips
//! them.

mod dateline;
mod phrases;
mod reader;
mod resolve;
mod weeks;
mod words;
mod year_forms;

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::tokens::{class, Classes, Toks};
#[cfg(test)]
use super::Lang;
use super::{RawClaim, RawKind};

pub use dateline::publication_date_in_text;

/// What a time expression says, before resolution.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expr {
    Date(Option<i32>, u32, u32),
    /// "between January 24, 2022 and October 31, 2023"
    DateRange((i32, u32, u32), (i32, u32, u32)),
    Months(YearRef, u32, u32),
    Year(i32, i32),
    /// "the 70s", "the seventies": a decade named without its century, the latest one begun
    /// by publication.
    Decade(u32),
    /// A split year starting in month `.2`: marketing years (July), Indian fiscal years (April).
    SplitYear(i32, i32, u32),
    /// Week `.1` (-1: the last) of a month or year: "the third week of March".
    WeekIn(WeekBase, i32),
    /// The week that holds a date: "the week of February 4".
    WeekOfDate(Option<i32>, u32, u32),
    Rel(Rel),
}

/// What "the third week of ..." counts the weeks of.
#[derive(Debug, Clone, Copy, PartialEq)]
enum WeekBase {
    Year(YearRef),
    Month(YearRef, u32),
    /// "this month" (0), "next month" (1), "last month" (-1)
    RelMonth(i32),
}

/// Which year a partial period belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum YearRef {
    Abs(i32),
    This,
    Last,
    Next,
    /// "of the year" or nothing: the year of the surrounding discussion.
    Context,
    /// "that year", "того же года": the year of the period named last.
    That,
    /// A season with no year ("in the spring"): the latest one begun by publication.
    Recent,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Rel {
    SamePeriodLastYear,
    SamePeriodIn(i32),
    YearEarlier,
    ThisYear,
    LastYear,
    NextYear,
    LastMonth,
    NextMonth,
    ThisMonth,
    SinceWar,
    BeforeWar,
    Now,
    YearAgoPoint,
    PastMonths(u32),
    /// Whole calendar decades from the one `.0` decades after the current one, `.1` of them:
    /// "this decade" (0, 1), "the next 3 decades" (1, 3), "the past 2 decades" (-2, 2).
    Decades(i32, u32),
    /// "the year after next"
    YearAfterNext,
    /// "the month after next"
    MonthAfterNext,
    /// "the same month", "the same year": that of the period under discussion, else of
    /// publication.
    SameMonth,
    SameYear,
    /// Whole weeks (Monday to Sunday) from publication's: "this week" 0, "last week" -1,
    /// "the week after next" 2.
    Weeks(i32),
    /// "the past three weeks": the n * 7 days before the publication day.
    PastWeeks(u32),
    /// "the same week": that of the period under discussion when it lies in one week.
    SameWeek,
    /// "so far this year", "since the start of the year": January 1 to publication.
    YearToDate,
    /// "earlier this year" (`false`), "earlier this month" (`true`): from its start to the day
    /// before publication.
    EarlierThis(bool),
    /// "later this year", "later this month": from publication to its end.
    LaterThis(bool),
    /// "for the year", "за рік": the whole year under discussion.
    ForYear,
}

static SEASON_NEAR: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)season|marketing|harvest|grain|wheat|сезон|маркетинг|зерн|урожа|Saison|Wirtschaftsjahr",
    )
});
static FISCAL_NEAR: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"(?i)fiscal|financial\s+year|FY|crore|lakh|Rs|rupee|India"));

/// "2022-23": a July-June season near grain words, an April-March fiscal year in Indian
/// context, else the two calendar years.
fn fiscal(expr: Expr, text: &str, s: usize, e: usize) -> Expr {
    let Expr::Year(y1, y2) = expr else {
        return expr;
    };
    if y2 != y1 + 1 {
        return expr;
    }
    let near = &text
        [super::ceil_boundary(text, s.saturating_sub(80))..super::floor_boundary(text, e + 80)];
    if SEASON_NEAR.is_match(near) {
        Expr::SplitYear(y1, y2, 7)
    } else if FISCAL_NEAR.is_match(near)
        || FISCAL_NEAR.is_match(&text[..super::floor_boundary(text, 3000)])
    {
        Expr::SplitYear(y1, y2, 4)
    } else {
        expr
    }
}

/// Words that can stand between a comparison word and the period ("than in", "from the").
const FILLERS: &[&str] = &["in", "during", "for", "at", "of", "the", "dem", "der", "im"];

/// True when the period at token `i` is a comparison ("than in 2021", "compared with the same
/// period", "from a year earlier", "по сравнению с ...").
fn comparison_before(t: &Toks<'_>, i: usize) -> bool {
    let mut j = i;
    let floor = i.saturating_sub(8);
    while j > floor && t.is_any(j - 1, FILLERS) {
        j -= 1;
    }
    if j == 0 {
        return false;
    }
    let w = |k: usize| t.word(k).unwrap_or("");
    let k = j - 1;
    if t.punct(k, '.') && t.is(k.wrapping_sub(1), "vs") {
        return true;
    }
    match w(k) {
        "than" | "from" | "versus" | "vs" | "against" | "on" | "over" | "gegenüber" | "von" => {
            true
        }
        "with" | "to" => k > 0 && t.is(k - 1, "compared"),
        "zu" => k > 1 && t.is(k - 1, "vergleich") && t.is(k - 2, "im"),
        "с" => k > 1 && t.is(k - 1, "сравнению") && t.is(k - 2, "по"),
        "з" => k > 0 && t.is(k - 1, "порівняно"),
        _ => false,
    }
}

/// True when the period at token `i` follows "since" ("since March 2022", "the highest since at
/// least 2015", "з 1 січня").
fn since_before(t: &Toks<'_>, i: usize) -> bool {
    let mut j = i;
    // "since at least", "since the start of", "since early", "since mid-"
    if j >= 2 && t.is(j - 2, "at") && t.is(j - 1, "least") {
        j -= 2;
    } else if j >= 3
        && t.is(j - 3, "the")
        && t.is_any(j - 2, &["start", "beginning"])
        && t.is(j - 1, "of")
    {
        j -= 3;
    } else if j >= 2 && t.is_any(j - 2, &["с", "з"]) && t.is_any(j - 1, &["начала", "початку"])
    {
        // "с начала 2023/24 сезона", "з початку 2023/24 маркетингового року"
        j -= 1;
    } else if j >= 1 && t.is_any(j - 1, &["early", "late", "mid"]) {
        j -= 1;
    } else if j >= 2 && t.punct(j - 1, '-') && t.is(j - 2, "mid") {
        j -= 2;
    }
    if j >= 1 && t.is_any(j - 1, &["since", "seit", "с", "з"]) {
        return true;
    }
    // "since it opened in August", "since the corridor was launched in 2023": "since" before a
    // short clause of words that ends in the period
    j >= 2
        && t.is(j - 1, "in")
        && (j.saturating_sub(7)..j - 1)
            .rev()
            .take_while(|&k| t.word(k).is_some())
            .any(|k| t.is(k, "since"))
}

/// What follows a number that makes it a count, not a year ("2022 tonnes", "1990 people of").
fn not_a_year_after(t: &Toks<'_>, j: usize) -> bool {
    if t.punct(j, '%') {
        return true;
    }
    let Some(w) = t.word(j) else { return false };
    if matches!(
        w,
        "per"
            | "percent"
            | "pct"
            | "tonnes"
            | "tons"
            | "barrels"
            | "cars"
            | "units"
            | "people"
            | "troops"
            | "soldiers"
    ) {
        return w != "per" || t.is_any(j + 1, &["cent"]) || t.raw(j + 1).is_empty();
    }
    w.ends_with('s') && w.is_ascii() && w.len() > 1 && t.is(j + 1, "of")
}

/// True when the tokens from `from` to `to` (exclusive) hold no sentence end and no line break
/// after token `from - 1`.
fn same_sentence(t: &Toks<'_>, from: usize, to: usize) -> bool {
    if from == 0 || to < from || to - from > 16 {
        return false;
    }
    let stop = |k: usize| ['.', '!', '?', ';'].iter().any(|&c| t.punct(k, c)) && !t.glued(k + 1);
    let newline = |k: usize| t.text[t.span(k, k + 1).1..t.span(k + 1, k + 2).0].contains('\n');
    !(from..to).any(stop) && !(from - 1..to).any(newline)
}

/// True when a forecast word stands before token `i` in its sentence ("expects ... in the
/// second quarter", "прогнозує її зниження до 13,5% у другому кварталі").
fn forecast_before(t: &Toks<'_>, i: usize) -> bool {
    let floor = i.saturating_sub(12);
    for k in (floor..i).rev() {
        if ['.', '!', '?', ';'].iter().any(|&c| t.punct(k, c)) && !t.glued(k + 1) {
            return false;
        }
        let Some(w) = t.word(k) else { continue };
        let prev = k.checked_sub(1).and_then(|p| t.word(p)).unwrap_or("");
        if is_forecast_word(w, prev) {
            return true;
        }
    }
    false
}

/// True when the lower-cased word `w` (after `prev`) says what is forecast or planned
/// ("expects", "will", "прогнозує", "erwartet"); past forecasts ("had expected",
/// "прогнозировал", "очікував") do not count.
pub(super) fn is_forecast_word(w: &str, prev: &str) -> bool {
    match w {
        "forecast"
        | "forecasts"
        | "expects"
        | "expect"
        | "predicts"
        | "projects"
        | "will"
        | "wird"
        | "werden"
        | "erwartet"
        | "prognostiziert"
        | "ожидается"
        | "очікується" => true,
        "expected" => matches!(prev, "is" | "are" | "be"),
        _ => {
            [
                "прогнозир",
                "прогнозу",
                "ожида",
                "очіку",
                "планир",
                "планує",
                "планують",
            ]
            .iter()
            .any(|s| w.starts_with(s))
                && !w.ends_with('л')
                && !w.ends_with("ла")
                && !w.ends_with("ли")
                && !w.ends_with('в')
        }
    }
}

/// Finds and resolves every time expression in `text` (for tests: the pipeline tokenises a text
/// once and calls `find_dated`).
#[cfg(test)]
pub(super) fn find(text: &str, _lang: Lang, published: Option<NaiveDate>) -> Vec<RawClaim> {
    find_in(&Toks::new(text), published)
}

/// Finds and resolves every time expression of a tokenised text.
#[cfg(test)]
pub(super) fn find_in(t: &Toks<'_>, published: Option<NaiveDate>) -> Vec<RawClaim> {
    find_dated(t, published).0
}

/// Registers the month names and the words time expressions start with in the word-class
/// table.
pub(super) fn add_classes(c: &mut Classes) {
    c.words(class::MONTH, words::MONTHS.keys());
    reader::add_classes(c);
    phrases::add_classes(c);
}

/// Finds and resolves every time expression of a tokenised text against `published`, or when
/// that is `None` against a dateline in the text; returns the date used too.
pub(super) fn find_dated(
    t: &Toks<'_>,
    published: Option<NaiveDate>,
) -> (Vec<RawClaim>, Option<NaiveDate>) {
    let text = t.text;
    let mut cands: Vec<reader::Cand> = Vec::new();
    for i in 0..t.len() {
        reader::at(t, i, &mut cands);
    }
    let published = published.or_else(|| dateline::from_readings(t, &cands, text));
    cands.retain(|&(i, j, e)| {
        // years, and months written after or before a year in digits ("2016-11", "11/2016")
        let numeric = matches!(e, Expr::Months(..)) && t.digits(i).is_some();
        if !matches!(e, Expr::Year(..)) && !numeric {
            return true;
        }
        let (s, _) = t.span(i, j);
        if not_a_year_after(t, j) || super::money::before(text, s).is_some() {
            return false;
        }
        // a year inside a larger number ("12,2023") or after a decimal point
        let prev = text[..s].chars().next_back();
        !prev.is_some_and(|ch| ch == ',' || ch == '.' || ch == '$')
    });
    // byte spans; longest first at each position, then drop overlaps
    let mut cands: Vec<(usize, usize, Expr, usize, usize)> = cands
        .into_iter()
        .map(|(i, j, e)| {
            let (s, end) = t.span(i, j);
            (s, end, e, i, j)
        })
        .collect();
    cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut chosen: Vec<(usize, usize, Expr, usize, usize)> = Vec::new();
    for c in cands {
        if let Some(last) = chosen.last() {
            if c.0 < last.1 {
                if c.1 - c.0 > last.1 - last.0 && c.0 >= last.0 {
                    // a longer expression starting inside the last one: keep the longer
                    chosen.pop();
                } else {
                    continue;
                }
            }
        }
        chosen.push(c);
    }
    let mut out = Vec::with_capacity(chosen.len());
    let mut main: Option<(NaiveDate, NaiveDate)> = None;
    // the latest period the story has reached: "the year" and comparisons refer to it
    let mut latest: Option<(NaiveDate, NaiveDate)> = None;
    // the last date or month named with its year, and the token after it
    let mut dated: Option<(NaiveDate, usize)> = None;
    for (s, e, expr, i, j) in chosen {
        let comparison = comparison_before(t, i);
        let since = !comparison && since_before(t, i);
        let expr = fiscal(expr, text, s, e);
        let (mut kind, mut start, mut end, mut baseline) =
            resolve::resolve(expr, published, main, latest, comparison);
        // "pre-war levels": a level to compare with, not a period a figure covers
        if matches!(expr, Expr::Rel(Rel::BeforeWar)) && t.has_stem(j, &["level"]) {
            baseline = true;
        }
        // "from 1 January 2024 ... and from 1 April": a date without its year takes the year
        // of a date named just before it in the sentence when that keeps them in order
        if let (Expr::Date(None, m, d), Some((prev, pj))) = (expr, dated) {
            let own = NaiveDate::from_ymd_opt(prev.year(), m, d);
            if own.is_some_and(|o| o >= prev) && same_sentence(t, pj, i) {
                (start, end) = (own, own);
            }
        }
        match expr {
            Expr::Date(Some(_), ..) | Expr::Months(YearRef::Abs(_), ..) => {
                dated = start.map(|a| (a, j));
            }
            _ => {}
        }
        // "expects it to fall to 13.5% in the second quarter": a forecast's period named
        // without its year is not one that has already ended
        let mut forecast = false;
        if let (Expr::Months(YearRef::Context, ..), Some(p), false, false) =
            (expr, published, comparison, since)
        {
            if forecast_before(t, i) {
                while let (Some(a), Some(b)) = (start, end) {
                    if b >= p {
                        break;
                    }
                    forecast = true;
                    (start, end) = (
                        Some(super::calendar::shift_years(a, 1)),
                        Some(super::calendar::shift_years(b, 1)),
                    );
                }
            }
        }
        // "since December" in an April article: the December before, not the one to come
        if let (true, Expr::Months(YearRef::Context, ..), Some(a), Some(p)) =
            (since, expr, start, published)
        {
            if a > p {
                start = Some(super::calendar::shift_years(a, -1));
            }
        }
        if since && start.is_some() {
            // "since March 2022", "the highest since at least 2015": from then to publication;
            // "з 1 квітня", "С 1 января": from that day on
            kind = RawKind::Period;
            let from_day =
                matches!(expr, Expr::Date(..)) && t.is_any(i.wrapping_sub(1), &["с", "з"]);
            end = if from_day { None } else { published };
            if end.is_none() && !from_day {
                start = start.filter(|_| false);
            }
        }
        // "from 2025", "ab 2025", "starting in 2025": a future start with no end yet
        if let (Some(a), Some(p), Expr::Year(..)) = (start, published, expr) {
            let lead =
                |k: usize| i >= k && t.is_any(i - k, &["from", "ab", "starting", "beginning"]);
            if a > p && (lead(1) || (lead(2) && t.is_any(i - 1, &["in", "with"]))) {
                end = None;
            }
        }
        // "as of March 5" inside a season or year: from its start to that day
        if let (Expr::Date(..), Some(d), Some(l)) = (expr, start, latest) {
            if i >= 2 && t.is(i - 2, "as") && t.is(i - 1, "of") && l.0 < d && d <= l.1 {
                kind = RawKind::Period;
                start = Some(l.0);
                // "at the same point of the previous season" compares with this span
                main = Some((l.0, d));
            }
        }
        // "since the start of the war" in a text dated before it: the end is not known
        if matches!((start, end), (Some(a), Some(b)) if a > b) {
            end = None;
        }
        let mut r = RawClaim::new(kind, text, s, e);
        r.start = start;
        r.end = end;
        r.baseline = baseline;
        // only spans that a later "the same period" or "the year" can refer back to
        let anchors = matches!(
            expr,
            Expr::Months(..)
                | Expr::Year(..)
                | Expr::SplitYear(..)
                | Expr::DateRange(..)
                | Expr::Rel(Rel::ThisYear | Rel::LastYear | Rel::YearToDate | Rel::ForYear)
        ) && !since;
        // a forecast moved to a later year is not the story's period: the months after it
        // keep the year they had
        if !baseline && anchors && !forecast {
            if let (Some(a), Some(b)) = (start, end) {
                main = Some((a, b));
                if !matches!(latest, Some(l) if b <= l.1) {
                    latest = Some((a, b));
                }
            }
        }
        out.push(r);
    }
    (out, published)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    fn one(text: &str, surface: &str) -> RawClaim {
        let pubd = d(2023, 8, 22);
        let all = find(text, Lang::En, pubd);
        let r = all
            .into_iter()
            .find(|r| r.surface == surface)
            .unwrap_or_else(|| panic!("{surface} not in {text}: {:?}", find(text, Lang::En, pubd)));
        assert_eq!(&text[r.span[0]..r.span[1]], surface);
        r
    }

    /// Spans across years, "that year", "pre-war levels", forecasts and dates whose year the
    /// sentence gave just before.
    #[test]
    fn spans_context_years_and_forecasts() {
        let r = one(
            "the scheme ran from October 2021 to March 2023, officials said",
            "from October 2021 to March 2023",
        );
        assert_eq!((r.start, r.end), (d(2021, 10, 1), d(2023, 3, 31)));
        let r = one(
            "sales fell in April 2021; in the first half of that year",
            "the first half of that year",
        );
        assert_eq!((r.start, r.end), (d(2021, 1, 1), d(2021, 6, 30)));
        let r = one("output is 20% below pre-war levels", "pre-war");
        assert!(r.baseline);
        assert!(!one("output fell after the pre-war peak", "pre-war").baseline);
        // published 2023-08-22: a forecast quarter or month is still to come
        let r = one(
            "the bank expects inflation to slow in the second quarter",
            "the second quarter",
        );
        assert_eq!((r.start, r.end), (d(2024, 4, 1), d(2024, 6, 30)));
        let r = one(
            "inflation slowed in the second quarter",
            "the second quarter",
        );
        assert_eq!((r.start, r.end), (d(2023, 4, 1), d(2023, 6, 30)));
        let r = one("прогнозує зниження ставки у листопаді", "листопаді");
        assert_eq!((r.start, r.end), (d(2023, 11, 1), d(2023, 11, 30)));
        let r = one(
            "the tariff rises on 1 January 2024 and again on 1 July",
            "1 July",
        );
        assert_eq!(r.start, d(2024, 7, 1));
        let r = one("the tariff rose on 1 January 2021. On 1 July, it", "1 July");
        assert_eq!(r.start, d(2023, 7, 1));
    }

    #[test]
    fn months_and_parts_of_years() {
        let r = one(
            "increased in the first seven months of this year, up",
            "the first seven months of this year",
        );
        assert_eq!((r.start, r.end), (d(2023, 1, 1), d(2023, 7, 31)));
        let r = one("than in the first half of 2022.", "the first half of 2022");
        assert_eq!((r.start, r.end), (d(2022, 1, 1), d(2022, 6, 30)));
        let r = one("in Q1 2020 exports", "Q1 2020");
        assert_eq!((r.start, r.end), (d(2020, 1, 1), d(2020, 3, 31)));
        let r = one(
            "in the third quarter of last year",
            "the third quarter of last year",
        );
        assert_eq!((r.start, r.end), (d(2022, 7, 1), d(2022, 9, 30)));
        let r = one("in January-March 2023", "January-March 2023");
        assert_eq!((r.start, r.end), (d(2023, 1, 1), d(2023, 3, 31)));
        let r = one("in March alone", "March alone");
        assert_eq!((r.start, r.end), (d(2023, 3, 1), d(2023, 3, 31)));
        let r = one("in September exports", "September");
        assert_eq!((r.start, r.end), (d(2022, 9, 1), d(2022, 9, 30)));
        let r = one("out last sept and", "last sept");
        assert_eq!((r.start, r.end), (d(2022, 9, 1), d(2022, 9, 30)));
        let r = one("due next month", "next month");
        assert_eq!((r.start, r.end), (d(2023, 9, 1), d(2023, 9, 30)));
        let r = one("in the 1990s,", "the 1990s");
        assert_eq!((r.start, r.end), (d(1990, 1, 1), d(1999, 12, 31)));
        assert!(find("97 february", Lang::En, d(2023, 1, 1)).is_empty());
        let r = one("in fiscal 2012-13 the", "2012-13");
        assert_eq!((r.start, r.end), (d(2012, 4, 1), d(2013, 3, 31)));
        let r = one("wheat exports in the 2022-23 season", "2022-23");
        assert_eq!((r.start, r.end), (d(2022, 7, 1), d(2023, 6, 30)));
        let r = one("a deficit in 2022-23 overall", "2022-23");
        assert_eq!((r.start, r.end), (d(2022, 1, 1), d(2023, 12, 31)));
    }

    fn none(text: &str, surface: &str) {
        let all = find(text, Lang::En, d(2023, 8, 22));
        assert!(
            all.iter().all(|r| r.surface != surface),
            "{surface} in {all:?}"
        );
    }

    #[test]
    fn months_written_with_their_year_in_digits() {
        let r = one("sales in 2016-11 fell", "2016-11");
        assert_eq!((r.start, r.end), (d(2016, 11, 1), d(2016, 11, 30)));
        let r = one("filed 11/2016, then", "11/2016");
        assert_eq!((r.start, r.end), (d(2016, 11, 1), d(2016, 11, 30)));
        let r = one("the index for 2015.3.", "2015.3");
        assert_eq!((r.start, r.end), (d(2015, 3, 1), d(2015, 3, 31)));
        let r = one("reported for 2016 / 11", "2016 / 11");
        assert_eq!((r.start, r.end), (d(2016, 11, 1), d(2016, 11, 30)));
        // a decimal with a scale, a spaced dash before a count, a numbered act, a longer date
        none("worth 2015.3 million", "2015.3");
        none("in 2016 - 11 people died", "2016 - 11");
        none("Law No. 3/2015 says", "3/2015");
        none("on 1/11/2016 it", "11/2016");
    }

    #[test]
    fn a_month_or_part_after_its_year() {
        let r = one("in 2016 Q3 output", "2016 Q3");
        assert_eq!((r.start, r.end), (d(2016, 7, 1), d(2016, 9, 30)));
        let r = one("in 2016 the third quarter was", "2016 the third quarter");
        assert_eq!((r.start, r.end), (d(2016, 7, 1), d(2016, 9, 30)));
        let r = one("In 2021, March exports", "2021, March");
        assert_eq!((r.start, r.end), (d(2021, 3, 1), d(2021, 3, 31)));
        let r = one("out 2016 june", "2016 june");
        assert_eq!((r.start, r.end), (d(2016, 6, 1), d(2016, 6, 30)));
        let r = one("due in june next year", "june next year");
        assert_eq!((r.start, r.end), (d(2024, 6, 1), d(2024, 6, 30)));
        let r = one("signed November , 2016 in", "November , 2016");
        assert_eq!((r.start, r.end), (d(2016, 11, 1), d(2016, 11, 30)));
        let r = one("since Aug '99 the", "Aug '99");
        assert_eq!((r.start, r.end), (d(1999, 8, 1), d(2023, 8, 22)));
        let r = one("records for August 99", "August 99");
        assert_eq!((r.start, r.end), (d(1999, 8, 1), d(1999, 8, 31)));
        none("in August 99 people", "August 99");
    }

    #[test]
    fn decades_and_spelled_years() {
        for (text, surface, y) in [
            ("in the 70s output", "the 70s", 1970),
            ("back in the '90s the", "the '90s", 1990),
            ("boom of the 20s.", "the 20s", 2020),
            ("since the seventies", "the seventies", 1970),
            ("in the nineteen eighties", "the nineteen eighties", 1980),
            ("during the twenty-tens", "the twenty-tens", 2010),
            (
                "in the two thousand and tens",
                "the two thousand and tens",
                2010,
            ),
            ("in the two thousands", "the two thousands", 2000),
            ("in the noughties", "the noughties", 2000),
        ] {
            let r = find(text, Lang::En, d(2023, 8, 22))
                .into_iter()
                .find(|r| r.surface == surface && r.start.is_some())
                .unwrap_or_else(|| panic!("{surface} in {text}"));
            assert_eq!(r.start, d(y, 1, 1), "{text}");
        }
        none("people in their 70s", "70s");
        none("tens of thousands", "tens");
        none("In March two thousand troops", "March two thousand");
        none("in nineteen twenty eight people", "nineteen twenty eight");
        let r = one("built in nineteen twenty eight", "nineteen twenty eight");
        assert_eq!((r.start, r.end), (d(1928, 1, 1), d(1928, 12, 31)));
        let r = one(
            "out June of nineteen ninety nine",
            "June of nineteen ninety nine",
        );
        assert_eq!((r.start, r.end), (d(1999, 6, 1), d(1999, 6, 30)));
        let r = one(
            "in the third quarter of two thousand and twenty",
            "the third quarter of two thousand and twenty",
        );
        assert_eq!((r.start, r.end), (d(2020, 7, 1), d(2020, 9, 30)));
    }

    #[test]
    fn spans_counted_back_or_forward_from_publication() {
        let r = one("over the past three years, trade", "the past three years");
        assert_eq!((r.start, r.end), (d(2020, 8, 22), d(2023, 8, 22)));
        // decades are whole calendar decades, as the Recognizers-Text spec reads them
        let r = one("in the past two decades", "the past two decades");
        assert_eq!((r.start, r.end), (d(2000, 1, 1), d(2019, 12, 31)));
        let r = one("by the end of this decade", "this decade");
        assert_eq!((r.start, r.end), (d(2020, 1, 1), d(2029, 12, 31)));
        let r = one("over the next 3 decades", "the next 3 decades");
        assert_eq!((r.start, r.end), (d(2030, 1, 1), d(2059, 12, 31)));
        let r = one("budgets for the year after next.", "the year after next");
        assert_eq!((r.start, r.end), (d(2025, 1, 1), d(2025, 12, 31)));
        let r = one("due the month after the next", "the month after the next");
        assert_eq!((r.start, r.end), (d(2023, 10, 1), d(2023, 10, 31)));
        none(
            "the year after the next election",
            "the year after the next",
        );
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        // published on Tuesday 2023-08-22
        for (text, surface, a, b) in [
            (
                "prices rose last week",
                "last week",
                d(2023, 8, 14),
                d(2023, 8, 20),
            ),
            (
                "talks this week",
                "this week",
                d(2023, 8, 21),
                d(2023, 8, 27),
            ),
            (
                "due the week after next",
                "the week after next",
                d(2023, 9, 4),
                d(2023, 9, 10),
            ),
            (
                "over the past three weeks",
                "the past three weeks",
                d(2023, 8, 1),
                d(2023, 8, 21),
            ),
            (
                "prices rose in the past week",
                "the past week",
                d(2023, 8, 15),
                d(2023, 8, 21),
            ),
            (
                "in the third week of March",
                "the third week of March",
                d(2023, 3, 13),
                d(2023, 3, 19),
            ),
            (
                "the last week of July saw",
                "the last week of July",
                d(2023, 7, 24),
                d(2023, 7, 30),
            ),
            (
                "in the first week of 2015",
                "the first week of 2015",
                d(2014, 12, 29),
                d(2015, 1, 4),
            ),
            (
                "in the week of February 4",
                "the week of February 4",
                d(2023, 1, 30),
                d(2023, 2, 5),
            ),
            (
                "meet w/c 4 Feb 2019 then",
                "w/c 4 Feb 2019",
                d(2019, 2, 4),
                d(2019, 2, 10),
            ),
        ] {
            let r = one(text, surface);
            assert_eq!((r.start, r.end), (a, b), "{text}");
        }
        none("in the coming weeks", "the coming weeks");
    }

    /// A numbered week is an ISO week of the year named, else of publication's; a number after
    /// "the week" or before a noun is a count, not a week.
    #[test]
    fn numbered_weeks_are_iso_weeks() {
        let r = one("shipments stalled in week 31 of 2018", "week 31 of 2018");
        assert_eq!((r.start, r.end), (d(2018, 7, 30), d(2018, 8, 5)));
        let r = one("Week 10, the busiest so far", "Week 10");
        assert_eq!((r.start, r.end), (d(2023, 3, 6), d(2023, 3, 12)));
        none("in the week 10 tanks arrived", "week 10");
        none("week 10 deliveries fell", "week 10");
        none("over 12 weeks 54 ships", "weeks 54");
    }

    #[test]
    fn earlier_and_later_this_year() {
        let r = one("Earlier this year, Moscow said", "Earlier this year");
        assert_eq!((r.start, r.end), (d(2023, 1, 1), d(2023, 8, 21)));
        let r = one("a decision later this month", "later this month");
        assert_eq!((r.start, r.end), (d(2023, 8, 22), d(2023, 8, 31)));
    }

    #[test]
    fn the_same_month_is_the_one_under_discussion() {
        let t = "Exports fell in March. In the same month, imports rose.";
        let r = one(t, "the same month");
        assert_eq!((r.start, r.end), (d(2023, 3, 1), d(2023, 3, 31)));
        let r = one("it closed the same year that", "the same year");
        assert_eq!((r.start, r.end), (d(2023, 1, 1), d(2023, 12, 31)));
        let t = "Revenue fell in February compared with the same month last year.";
        let r = one(t, "the same month last year");
        assert!(r.baseline);
        assert_eq!((r.start, r.end), (d(2022, 2, 1), d(2022, 2, 28)));
    }

    #[test]
    fn baselines_follow_the_main_period() {
        let t =
            "rose in the first seven months of this year, up 36% from the same period last year.";
        let r = one(t, "the same period last year");
        assert!(r.baseline);
        assert_eq!((r.start, r.end), (d(2022, 1, 1), d(2022, 7, 31)));
        let t = "In the first seven months of the year, sales doubled than in the same period a year earlier.";
        let r = one(t, "the first seven months of the year");
        assert_eq!((r.start, r.end), (d(2023, 1, 1), d(2023, 7, 31)));
        let r = one(t, "the same period a year earlier");
        assert_eq!((r.start, r.end), (d(2022, 1, 1), d(2022, 7, 31)));
    }

    #[test]
    fn war_anchors_and_now() {
        let r = one(
            "up from 25% before Russia's full-scale invasion of Ukraine.",
            "before Russia's full-scale invasion of Ukraine",
        );
        assert_eq!((r.start, r.end), (None, d(2022, 2, 23)));
        let r = one(
            "Since the beginning of the full-scale war, China",
            "Since the beginning of the full-scale war",
        );
        assert_eq!((r.start, r.end), (d(2022, 2, 24), d(2023, 8, 22)));
        let r = one(
            "This year exports rose. The key rate has stood at 12% since December.",
            "December",
        );
        assert_eq!((r.start, r.end), (d(2022, 12, 1), d(2023, 8, 22)));
        let r = one("ports since it opened in August, carrying", "August");
        assert_eq!((r.start, r.end), (d(2023, 8, 1), d(2023, 8, 22)));
        let r = one("to deliver 38 bcm a year to China from 2025.", "2025");
        assert_eq!((r.start, r.end), (d(2025, 1, 1), None));
        let r = one("China is now the source", "now");
        assert_eq!((r.start, r.end), (d(2023, 8, 22), d(2023, 8, 22)));
    }

    #[test]
    fn other_languages() {
        let r = one(
            "за первые семь месяцев этого года",
            "за первые семь месяцев этого года",
        );
        assert_eq!((r.start, r.end), (d(2023, 1, 1), d(2023, 7, 31)));
        let r = one("im ersten Halbjahr 2022", "ersten Halbjahr 2022");
        assert_eq!((r.start, r.end), (d(2022, 1, 1), d(2022, 6, 30)));
        let r = one("у першому кварталі 2023 року", "першому кварталі 2023 року");
        assert_eq!((r.start, r.end), (d(2023, 1, 1), d(2023, 3, 31)));
    }

    #[test]
    fn datelines() {
        assert_eq!(
            publication_date_in_text("Headline\n\nTuesday, 22 August 2023, 20:25\n\nBody"),
            d(2023, 8, 22)
        );
        assert_eq!(
            publication_date_in_text("Updated 17:39, 23-Apr-2020\nText"),
            d(2020, 4, 23)
        );
        assert_eq!(
            publication_date_in_text("Kyiv, 13.10.2023. Text"),
            d(2023, 10, 13)
        );
        assert_eq!(
            publication_date_in_text("BEIJING, April 13 (Reuters) - China's exports in 2023 rose"),
            d(2023, 4, 13)
        );
        assert_eq!(publication_date_in_text("No date here."), None);
    }
}
