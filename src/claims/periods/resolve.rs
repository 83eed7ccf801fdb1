//! Resolution: what a time expression means in dates, given the publication date and the
//! periods the story has named before it.

use chrono::{Datelike, Duration, NaiveDate};

use super::super::calendar::{invasion_day, last_day, months, shift_years, ymd};
use super::super::RawKind;
use super::{weeks, Expr, Rel, WeekBase, YearRef};

pub(super) type Resolved = (RawKind, Option<NaiveDate>, Option<NaiveDate>, bool);

pub(super) fn resolve(
    expr: Expr,
    published: Option<NaiveDate>,
    main: Option<(NaiveDate, NaiveDate)>,
    latest: Option<(NaiveDate, NaiveDate)>,
    comparison: bool,
) -> Resolved {
    let pub_year = published.map(|d| d.year());
    // the year under discussion: the latest period's, unless that spans years ("2024-2027")
    let context_year = latest
        .filter(|m| m.0.year() == m.1.year())
        .map(|m| m.1.year())
        .or(pub_year)
        .or(latest.map(|m| m.1.year()));
    let period = |a: Option<NaiveDate>, b: Option<NaiveDate>| (RawKind::Period, a, b, false);
    match expr {
        Expr::Date(y, m, d) => {
            let y = y.or_else(|| {
                let p = published?;
                let y = p.year();
                Some(if (m, d) > (p.month(), p.day()) {
                    y - 1
                } else {
                    y
                })
            });
            let date = y.and_then(|y| NaiveDate::from_ymd_opt(y, m, d));
            (RawKind::Date, date, date, false)
        }
        Expr::Months(yr, m1, m2) => {
            if m1 == 0 || m2 > 12 || m1 > m2 {
                return period(None, None);
            }
            let y = match yr {
                YearRef::Abs(y) => Some(y),
                YearRef::This => pub_year,
                YearRef::Next => pub_year.map(|y| y + 1),
                YearRef::Last => pub_year.map(|y| y - 1),
                // "the first ten months of that year": the year of the period named last
                YearRef::That => main
                    .filter(|m| m.0.year() == m.1.year())
                    .map(|m| m.0.year())
                    .or(context_year),
                // "in the spring": the latest such span that has begun by publication
                YearRef::Recent => published.map(|p| {
                    if m1 > p.month() {
                        p.year() - 1
                    } else {
                        p.year()
                    }
                }),
                YearRef::Context => {
                    if let (true, Some(m)) = (comparison, latest) {
                        // "compared with November": the latest such months before the main period
                        let y = m.0.year();
                        Some(if last_day(y, m2) >= m.0 { y - 1 } else { y })
                    } else if m1 == m2 && main.is_none() {
                        // a bare month: the latest such month not after publication
                        published.map(|p| {
                            if m1 > p.month() {
                                p.year() - 1
                            } else {
                                p.year()
                            }
                        })
                    } else {
                        context_year
                    }
                }
            };
            let Some(y) = y else {
                return period(None, None);
            };
            let (a, b) = months(y, m1, m2);
            let baseline = comparison && latest.is_some_and(|m| m.0 > b);
            (RawKind::Period, Some(a), Some(b), baseline)
        }
        Expr::Year(y1, y2) => {
            let (a, b) = (ymd(y1, 1, 1), ymd(y2, 12, 31));
            let baseline = comparison && latest.is_some_and(|m| m.0 > b);
            (RawKind::Period, Some(a), Some(b), baseline)
        }
        Expr::Decade(d) => {
            // the latest such decade begun by publication ("the 70s" in 2016: the 1970s)
            let y = pub_year.map_or(1900 + d as i32, |p| {
                let c = p - p.rem_euclid(100);
                let y = c + d as i32;
                if y > p {
                    y - 100
                } else {
                    y
                }
            });
            period(Some(ymd(y, 1, 1)), Some(ymd(y + 9, 12, 31)))
        }
        Expr::SplitYear(y1, y2, m) => (
            RawKind::Period,
            Some(ymd(y1, m, 1)),
            Some(last_day(y2, m - 1)),
            false,
        ),
        Expr::DateRange(a, b) => {
            let (a, b) = (
                NaiveDate::from_ymd_opt(a.0, a.1, a.2),
                NaiveDate::from_ymd_opt(b.0, b.1, b.2),
            );
            (RawKind::Period, a, b, false)
        }
        Expr::Rel(Rel::SamePeriodIn(y)) => {
            let s = main.map(|(a, b)| {
                let d = y - b.year();
                (shift_years(a, d), shift_years(b, d))
            });
            (
                RawKind::Period,
                s.map(|x| x.0).or(Some(ymd(y, 1, 1))),
                s.map(|x| x.1).or(Some(ymd(y, 12, 31))),
                true,
            )
        }
        // "for the year", "за рік": the year under discussion
        Expr::Rel(Rel::ForYear) => {
            let y = context_year;
            (
                RawKind::Period,
                y.map(|y| ymd(y, 1, 1)),
                y.map(|y| ymd(y, 12, 31)),
                false,
            )
        }
        Expr::WeekIn(base, n) => {
            let start = match base {
                WeekBase::Year(yr) => {
                    let y = match yr {
                        YearRef::Abs(y) => Some(y),
                        YearRef::Next => pub_year.map(|y| y + 1),
                        YearRef::Last => pub_year.map(|y| y - 1),
                        _ => pub_year,
                    };
                    y.map(|y| weeks::week_of_year(y, n))
                }
                WeekBase::Month(yr, m) => {
                    // the year a bare month would have
                    let (_, a, _, _) =
                        resolve(Expr::Months(yr, m, m), published, main, latest, comparison);
                    a.map(|a| weeks::week_of_month(a.year(), m, n))
                }
                WeekBase::RelMonth(off) => published.and_then(|p| {
                    let first = p.with_day(1)?;
                    let d = if off >= 0 {
                        first.checked_add_months(chrono::Months::new(off as u32))?
                    } else {
                        first.checked_sub_months(chrono::Months::new(off.unsigned_abs()))?
                    };
                    Some(weeks::week_of_month(d.year(), d.month(), n))
                }),
            };
            period(start, start.map(|a| a + Duration::days(6)))
        }
        Expr::WeekOfDate(y, m, d) => {
            let (_, a, _, _) = resolve(Expr::Date(y, m, d), published, main, latest, comparison);
            let a = a.map(weeks::monday);
            period(a, a.map(|a| a + Duration::days(6)))
        }
        Expr::Rel(Rel::SameWeek) => {
            let m = main
                .filter(|m| weeks::monday(m.0) == weeks::monday(m.1))
                .map(|m| m.0)
                .or(published)
                .map(weeks::monday);
            period(m, m.map(|a| a + Duration::days(6)))
        }
        Expr::Rel(Rel::SameMonth) => {
            // the month under discussion when the story has named a single one
            let d = main.filter(|m| (m.0.year(), m.0.month()) == (m.1.year(), m.1.month()));
            let d = d.map(|m| m.0).or(published);
            period(
                d.map(|d| ymd(d.year(), d.month(), 1)),
                d.map(|d| last_day(d.year(), d.month())),
            )
        }
        Expr::Rel(Rel::SameYear) => {
            let y = main
                .filter(|m| m.0.year() == m.1.year())
                .map(|m| m.0.year())
                .or(pub_year);
            period(y.map(|y| ymd(y, 1, 1)), y.map(|y| ymd(y, 12, 31)))
        }
        Expr::Rel(rel) => resolve_rel(rel, published, main, comparison),
    }
}

fn resolve_rel(
    rel: Rel,
    published: Option<NaiveDate>,
    main: Option<(NaiveDate, NaiveDate)>,
    comparison: bool,
) -> Resolved {
    let p = published;
    let py = p.map(|d| d.year());
    let shifted = |m: Option<(NaiveDate, NaiveDate)>| {
        m.map(|(a, b)| (shift_years(a, -1), shift_years(b, -1)))
    };
    match rel {
        Rel::SamePeriodIn(_) => (RawKind::Period, None, None, true),
        Rel::SamePeriodLastYear => {
            let s = shifted(main);
            (RawKind::Period, s.map(|x| x.0), s.map(|x| x.1), true)
        }
        Rel::YearEarlier => {
            let s = shifted(main).or_else(|| py.map(|y| (ymd(y - 1, 1, 1), ymd(y - 1, 12, 31))));
            (RawKind::Period, s.map(|x| x.0), s.map(|x| x.1), true)
        }
        Rel::YearAgoPoint => {
            let d = p.map(|d| shift_years(d, -1));
            (RawKind::Date, d, d, comparison)
        }
        Rel::ThisYear => (
            RawKind::Period,
            py.map(|y| ymd(y, 1, 1)),
            py.map(|y| ymd(y, 12, 31)),
            false,
        ),
        Rel::LastYear => (
            RawKind::Period,
            py.map(|y| ymd(y - 1, 1, 1)),
            py.map(|y| ymd(y - 1, 12, 31)),
            comparison && main.is_some(),
        ),
        Rel::NextYear => (
            RawKind::Period,
            py.map(|y| ymd(y + 1, 1, 1)),
            py.map(|y| ymd(y + 1, 12, 31)),
            false,
        ),
        Rel::LastMonth => {
            let d = p.map(|d| d.with_day(1).unwrap_or(d) - Duration::days(1));
            (
                RawKind::Period,
                d.map(|d| ymd(d.year(), d.month(), 1)),
                d.map(|d| last_day(d.year(), d.month())),
                comparison,
            )
        }
        Rel::NextMonth => {
            let d = p.and_then(|d| d.with_day(1)?.checked_add_months(chrono::Months::new(1)));
            (
                RawKind::Period,
                d,
                d.map(|d| last_day(d.year(), d.month())),
                false,
            )
        }
        Rel::ThisMonth => (
            RawKind::Period,
            p.map(|d| ymd(d.year(), d.month(), 1)),
            p.map(|d| last_day(d.year(), d.month())),
            false,
        ),
        Rel::SinceWar => (RawKind::Period, Some(invasion_day()), p, false),
        Rel::BeforeWar => (
            RawKind::Period,
            None,
            Some(invasion_day() - Duration::days(1)),
            false,
        ),
        Rel::Now => (RawKind::Date, p, p, false),
        Rel::YearToDate => (RawKind::Period, py.map(|y| ymd(y, 1, 1)), p, false),
        Rel::EarlierThis(month) => {
            let start = p.map(|d| ymd(d.year(), if month { d.month() } else { 1 }, 1));
            (
                RawKind::Period,
                start,
                p.map(|d| d - Duration::days(1)),
                false,
            )
        }
        Rel::LaterThis(month) => {
            let end = p.map(|d| last_day(d.year(), if month { d.month() } else { 12 }));
            (RawKind::Period, p, end, false)
        }
        Rel::ForYear => (
            RawKind::Period,
            py.map(|y| ymd(y, 1, 1)),
            py.map(|y| ymd(y, 12, 31)),
            false,
        ),
        Rel::Decades(from, n) => {
            let first = py.map(|y| y - y.rem_euclid(10) + 10 * from);
            (
                RawKind::Period,
                first.map(|y| ymd(y, 1, 1)),
                first.map(|y| ymd(y + 10 * n as i32 - 1, 12, 31)),
                false,
            )
        }
        Rel::YearAfterNext => (
            RawKind::Period,
            py.map(|y| ymd(y + 2, 1, 1)),
            py.map(|y| ymd(y + 2, 12, 31)),
            false,
        ),
        Rel::MonthAfterNext => {
            let d = p.and_then(|d| d.with_day(1)?.checked_add_months(chrono::Months::new(2)));
            (
                RawKind::Period,
                d,
                d.map(|d| last_day(d.year(), d.month())),
                false,
            )
        }
        Rel::SameMonth | Rel::SameYear | Rel::SameWeek => (RawKind::Period, None, None, false),
        Rel::Weeks(k) => {
            let a = p.map(|d| weeks::monday(d) + Duration::weeks(i64::from(k)));
            (
                RawKind::Period,
                a,
                a.map(|a| a + Duration::days(6)),
                comparison && k < 0,
            )
        }
        // exactly n weeks of days, the last one the day before publication
        Rel::PastWeeks(n) => (
            RawKind::Period,
            p.map(|d| d - Duration::weeks(i64::from(n))),
            p.map(|d| d - Duration::days(1)),
            false,
        ),
        Rel::PastMonths(n) => {
            let start = p.and_then(|d| d.checked_sub_months(chrono::Months::new(n)));
            (RawKind::Period, start, p, false)
        }
    }
}
