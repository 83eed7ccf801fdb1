//! Time expressions: dates, months, quarters, halves, "the first seven months of this year",
//! "last year", "the same period last year" (a baseline), "since the start of the war" (anchored
//! on 2022-02-24), "now" (the publication date), in English, German, Russian and Ukrainian.
//!
//! Every expression becomes a `RawClaim` of kind `period` or `date` whose `start`/`end` are
//! resolved against the publication date; relative comparison periods ("the same period a year
//! earlier", "year on year") are resolved against the last main period before them and flagged
//! `baseline`. Numbers inside a time expression are not quantities: the figure recogniser skips
//! them.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::{Regex, RegexSet, RegexSetBuilder};

use super::calendar::{
    invasion_day, last_day, month_number, months, ordinal, shift_years, small_number, ymd,
};
use super::candidates::Triggers;
use super::{Lang, RawClaim, RawKind};

const MONTH_EN: &str = r"(?-i:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";
const MONTH_OTHER: &str = r"(?-u:\b)(?:Januar|Jänner|Februar|März|Mai|Juni|Juli|Oktober|Dezember)(?-u:\b)|январ[ьяе]|феврал[ьяе]|марта?|марте|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августа?|августе|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе]|січ(?:ень|ня|ні)|лют(?:ий|ого|ому)|берез(?:ень|ня|ні)|квіт(?:ень|ня|ні)|трав(?:ень|ня|ні)|черв(?:ень|ня|ні)|лип(?:ень|ня|ні)|серп(?:ень|ня|ні)|верес(?:ень|ня|ні)|жовт(?:ень|ня|ні)|листопад(?:а|і)?|груд(?:ень|ня|ні)";
/// English months in any case, for places where the word before makes them unambiguous.
const MONTH_EN_ANY_CASE: &str = r"january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec";
const YEAR_SUFFIX: &str = r"(?:\s+(?:года|году|г\.|року|році|р\.))?";

/// Months of all four languages; the English ones carry their own word boundaries ("May" is
/// not "Maybe"), the others are whole inflected words.
fn month_pat() -> String {
    format!(r"(?:(?-u:\b){MONTH_EN}(?-u:\b)|{MONTH_OTHER})")
}

/// What a time expression says, before resolution.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expr {
    Date(Option<i32>, u32, u32),
    /// "between January 24, 2022 and October 31, 2023"
    DateRange((i32, u32, u32), (i32, u32, u32)),
    Months(YearRef, u32, u32),
    Year(i32, i32),
    /// A split year starting in month `.2`: marketing years (July), Indian fiscal years (April).
    SplitYear(i32, i32, u32),
    Rel(Rel),
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
}

struct Pat {
    scope: Scope,
    re: Regex,
    read: fn(&regex::Captures<'_>) -> Option<Expr>,
}

fn year_ref(s: Option<regex::Match<'_>>) -> YearRef {
    let Some(m) = s else { return YearRef::Context };
    let t = m.as_str().to_lowercase();
    if let Some(y) = t
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 4)
        .and_then(|w| w.parse().ok())
    {
        return YearRef::Abs(y);
    }
    if [
        "last",
        "previous",
        "prior",
        "vorjahr",
        "vergangen",
        "letzt",
        "прошл",
        "минул",
        "торік",
    ]
    .iter()
    .any(|k| t.contains(k))
    {
        YearRef::Last
    } else if t.starts_with("next") || t.starts_with("nächst") {
        YearRef::Next
    } else if [
        "this",
        "current",
        "dies",
        "laufend",
        "этого",
        "текущ",
        "цього",
        "поточн",
        "этом",
        "цьому",
    ]
    .iter()
    .any(|k| t.contains(k))
    {
        YearRef::This
    } else {
        YearRef::Context
    }
}

fn num(c: &regex::Captures<'_>, i: usize) -> Option<u32> {
    c.get(i)?.as_str().parse().ok()
}

/// One pass over a window tells which of the windowed patterns can match in it at all.
static WINDOWED: LazyLock<(RegexSet, Vec<usize>)> = LazyLock::new(|| {
    let ids: Vec<usize> = PATTERNS
        .iter()
        .enumerate()
        .filter(|(_, p)| p.scope == Scope::Windowed)
        .map(|(i, _)| i)
        .collect();
    let set = RegexSetBuilder::new(ids.iter().map(|&i| PATTERNS[i].re.as_str()))
        .dfa_size_limit(64 << 20)
        .size_limit(64 << 20)
        .build()
        .unwrap_or_else(|e| panic!("invalid built-in pattern set: {e}"));
    (set, ids)
});

static PATTERNS: LazyLock<Vec<Pat>> = LazyLock::new(|| {
    let month = month_pat();
    let yref = r"((?:19|20)\d{2}(?:\s+(?:года|году|року|році|г\.|р\.))?|(?:this|last|next|the|the\s+current|the\s+previous|the\s+same)\s+year|des\s+(?:laufenden\s+|vergangenen\s+)?Jahres|dieses\s+Jahres|des\s+Vorjahres|(?:этого|текущего|прошлого|\d{4})\s+года|(?:цього|поточного|минулого|\d{4})\s+року)";
    let mk = |scope: Scope, p: String, read: fn(&regex::Captures<'_>) -> Option<Expr>| Pat {
        scope,
        re: super::big_regex(&p),
        read,
    };
    vec![
        // 2023-08-22, 22.08.2023, 23-Apr-2020
        mk(Scope::Anywhere, r"(?-u:\b)((?:19|20)\d{2})-(\d{2})-(\d{2})(?-u:\b)".into(), |c| Some(Expr::Date(Some(c[1].parse().ok()?), num(c, 2)?, num(c, 3)?))),
        mk(Scope::Anywhere, r"(?-u:\b)(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?-u:\b)".into(), |c| Some(Expr::Date(Some(c[3].parse().ok()?), num(c, 2)?, num(c, 1)?))),
        mk(Scope::Windowed, format!(r"(?-u:\b)(\d{{1,2}})-({MONTH_EN})-((?:19|20)\d{{2}})(?-u:\b)"), |c| {
            Some(Expr::Date(Some(c[3].parse().ok()?), month_number(&c[2])?, num(c, 1)?))
        }),
        // between January 24, 2022 and October 31, 2023
        mk(Scope::Windowed, format!(r"(?-u:\b)(?:[Bb]etween|[Ff]rom)\s+({MONTH_EN})\s+(\d{{1,2}}),?\s+((?:19|20)\d{{2}})\s+(?:and|to|until|through)\s+({MONTH_EN})\s+(\d{{1,2}}),?\s+((?:19|20)\d{{2}})(?-u:\b)"), |c| {
            Some(Expr::DateRange((c[3].parse().ok()?, month_number(&c[1])?, num(c, 2)?), (c[6].parse().ok()?, month_number(&c[4])?, num(c, 5)?)))
        }),
        mk(Scope::Windowed, format!(r"(?i)(?-u:\b)(?:between|from)\s+(\d{{1,2}})\s+({MONTH_EN}),?\s+((?:19|20)\d{{2}})\s+(?:and|to|until)\s+(\d{{1,2}})\s+({MONTH_EN}),?\s+((?:19|20)\d{{2}})(?-u:\b)"), |c| {
            Some(Expr::DateRange((c[3].parse().ok()?, month_number(&c[2])?, num(c, 1)?), (c[6].parse().ok()?, month_number(&c[5])?, num(c, 4)?)))
        }),
        mk(Scope::Windowed, r"(?i)(?-u:\b)(?:the\s+)?same\s+(?:period|months?|quarter)\s+(?:of|in)\s+((?:19|20)\d{2})(?-u:\b)".into(), |c| Some(Expr::Rel(Rel::SamePeriodIn(c[1].parse().ok()?)))),
        // 22 August 2023, 22. August, 22 августа 2023 года
        mk(Scope::Windowed, format!(r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+({month})(?:,?\s+((?:19|20)\d{{2}})(?-u:\b){YEAR_SUFFIX})?"), |c| {
            let y = c.get(3).and_then(|m| m.as_str().parse().ok());
            Some(Expr::Date(y, month_number(&c[2])?, num(c, 1)?))
        }),
        // August 22, 2023
        mk(Scope::Windowed, format!(r"(?-u:\b)({MONTH_EN})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,\s+((?:19|20)\d{{2}})(?-u:\b))?"), |c| {
            let y = c.get(3).and_then(|m| m.as_str().parse().ok());
            Some(Expr::Date(y, month_number(&c[1])?, num(c, 2)?))
        }),
        // January-July 2023, from January to March, between January and June
        mk(Scope::Windowed, format!(r"(?i)(?:(?:(?-u:\b)(?:from|between|von)|(?:^|\s)(?:с|з))\s+)?({month})\s*(?:-|–|—|to|through|and|until|bis|по)\s*({month})(?:,?\s+(?:of\s+)?((?:19|20)\d{{2}})(?-u:\b){YEAR_SUFFIX})?"), |c| {
            Some(Expr::Months(year_ref(c.get(3)), month_number(&c[1])?, month_number(&c[2])?))
        }),
        // the first seven months of this year
        mk(Scope::Windowed, format!(r"(?i)(?-u:\b)(?:the\s+)?first\s+(\w+)\s+months(?:\s+of\s+{yref})?"), |c| {
            Some(Expr::Months(year_ref(c.get(2)), 1, small_number(&c[1])?))
        }),
        mk(Scope::Windowed, format!(r"(?i)(?-u:\b)ersten\s+(\w+)\s+Monate[n]?(?:\s+{yref})?"), |c| Some(Expr::Months(year_ref(c.get(2)), 1, small_number(&c[1])?))),
        mk(Scope::Windowed, format!(r"(?i)(?:за\s+)?(?:(?:перв|перш)\w*\s+)?(\S+)\s+(?:месяц|місяц)\w*(?:\s+{yref})?"), |c| {
            Some(Expr::Months(year_ref(c.get(2)), 1, small_number(&c[1])?))
        }),
        // quarters
        mk(Scope::Windowed, format!(r"(?i)(?-u:\b)(?:the\s+)?(first|second|third|fourth|final|1st|2nd|3rd|4th)\s+quarter(?:\s+of\s+{yref})?"), |c| quarter(c, 1, 2)),
        mk(Scope::Anywhere, r"(?-u:\b)Q([1-4])(?:\s*|[-/'])?((?:19|20)\d{2}|\d{2})?(?-u:\b)".into(), |c| {
            let q: u32 = num(c, 1)?;
            let y = c.get(2).map(|m| {
                let v: i32 = m.as_str().parse().unwrap_or(0);
                if v < 100 { 2000 + v } else { v }
            });
            Some(Expr::Months(y.map_or(YearRef::Context, YearRef::Abs), 3 * q - 2, 3 * q))
        }),
        mk(Scope::Windowed, format!(r"(?i)(?-u:\b)(ersten|zweiten|dritten|vierten|letzten)\s+Quartal(?:s)?(?:\s+{yref})?"), |c| quarter(c, 1, 2)),
        mk(Scope::Windowed, format!(r"(?i)(перв|втор|трет|четв|перш|друг)\w*\s+квартал\w*(?:\s+{yref})?"), |c| quarter(c, 1, 2)),
        // halves
        mk(Scope::Windowed, format!(r"(?i)(?-u:\b)(?:the\s+)?(first|second|1st|2nd)\s+half(?:\s+of\s+{yref})?"), |c| half(c, 1, 2)),
        mk(Scope::Anywhere, r"(?-u:\b)H([12])(?:\s*((?:19|20)\d{2}))?(?-u:\b)".into(), |c| {
            let h = num(c, 1)?;
            let y = c.get(2).and_then(|m| m.as_str().parse().ok());
            Some(Expr::Months(y.map_or(YearRef::Context, YearRef::Abs), 6 * h - 5, 6 * h))
        }),
        mk(Scope::Windowed, format!(r"(?i)(?-u:\b)(ersten|zweiten)\s+Halbjahr(?:es)?(?:\s+{yref})?"), |c| half(c, 1, 2)),
        mk(Scope::Windowed, format!(r"(?i)(перв|втор|перш|друг)\w*\s+(?:полугоди|півріч)\w*(?:\s+{yref})?"), |c| half(c, 1, 2)),
        // relative expressions
        mk(Scope::Windowed, r"(?i)(?-u:\b)(?:the\s+)?same\s+period\s+(?:of\s+|in\s+)?(?:last\s+year|a\s+year\s+(?:earlier|ago|before)|the\s+previous\s+year|the\s+prior\s+year|the\s+year\s+before)|(?-u:\b)Vorjahreszeitraum\w*|аналогичн\w+\s+период\w*\s+прошлого\s+года|аналогічн\w+\s+період\w*\s+минулого\s+року".into(), |_| Some(Expr::Rel(Rel::SamePeriodLastYear))),
        mk(Scope::Windowed, r"(?i)(?-u:\b)(?:year[\s-]on[\s-]year|year[\s-]over[\s-]year|y/y|yoy|on\s+the\s+year|a\s+year\s+(?:earlier|before)|the\s+previous\s+year|the\s+year\s+before|the\s+prior\s+year)(?-u:\b)|(?-u:\b)(?:im\s+)?Vorjahr(?:es)?(?-u:\b)|годом\s+ранее|в\s+годовом\s+выражении|роком\s+раніше|у\s+річному\s+вимірі".into(), |_| Some(Expr::Rel(Rel::YearEarlier))),
        mk(Scope::Windowed, r"(?i)(?-u:\b)(?:exactly\s+)?a\s+year\s+ago(?-u:\b)|год\s+назад|рік\s+тому".into(), |_| Some(Expr::Rel(Rel::YearAgoPoint))),
        mk(Scope::Windowed, r"(?i)(?-u:\b)(?:last\s+year|(?:im\s+)?(?:vergangenen|letzten|vorigen)\s+Jahr(?:es)?)(?-u:\b)|(?:в\s+)?прошлом\s+году|прошлого\s+года|(?:у\s+)?минулому\s+році|минулого\s+року|торік".into(), |_| Some(Expr::Rel(Rel::LastYear))),
        mk(Scope::Windowed, r"(?i)(?-u:\b)(?:so\s+far\s+)?this\s+year(?-u:\b)|(?-u:\b)year[\s-]to[\s-]date(?-u:\b)|(?-u:\b)(?:in\s+)?(?:diesem|dieses|laufenden)\s+Jahr(?:es)?(?-u:\b)|(?:в\s+)?этом\s+году|(?:с\s+начала\s+)?(?:этого|текущего)\s+года|(?:у\s+)?цьому\s+році|(?:з\s+початку\s+)?(?:цього|поточного)\s+року".into(), |_| Some(Expr::Rel(Rel::ThisYear))),
        mk(Scope::Windowed, r"(?i)(?-u:\b)next\s+year(?-u:\b)|(?-u:\b)nächsten\s+Jahr(?-u:\b)|в\s+следующем\s+году|наступного\s+року".into(), |_| Some(Expr::Rel(Rel::NextYear))),
        mk(Scope::Windowed, r"(?i)(?-u:\b)(?:last|the\s+previous)\s+month(?-u:\b)|(?-u:\b)Vormonat(?-u:\b)|в\s+прошлом\s+месяце|минулого\s+місяця".into(), |_| Some(Expr::Rel(Rel::LastMonth))),
        mk(Scope::Windowed, r"(?i)(?-u:\b)(?:next|upcoming|the\s+coming|the\s+following)\s+month(?-u:\b)|(?-u:\b)nächsten\s+Monat(?-u:\b)|в\s+следующем\s+месяце|наступного\s+місяця".into(), |_| Some(Expr::Rel(Rel::NextMonth))),
        // "last September", "next june": the month of the previous, next or this year
        mk(Scope::Windowed, format!(r"(?i)(?-u:\b)(last|next|this)\s+({MONTH_EN_ANY_CASE})(?-u:\b)"), |c| {
            let m = month_number(&c[2])?;
            Some(Expr::Months(year_ref(c.get(1)), m, m))
        }),
        // "the 1990s", "the 1970's": a decade
        mk(Scope::Anywhere, r"(?-u:\b)(?:[Tt]he\s+)?((?:1[89]|20)\d)0'?s(?-u:\b)".into(), |c| {
            let d: i32 = c[1].parse().ok()?;
            Some(Expr::Year(d * 10, d * 10 + 9))
        }),
        mk(Scope::Windowed, r"(?i)(?-u:\b)this\s+month(?-u:\b)|(?-u:\b)diesen\s+Monat(?-u:\b)|в\s+этом\s+месяце|цього\s+місяця".into(), |_| Some(Expr::Rel(Rel::ThisMonth))),
        mk(Scope::Windowed, r"(?i)(?-u:\b)(?:the\s+)?(?:past|last)\s+(\w+)\s+months(?-u:\b)".into(), |c| Some(Expr::Rel(Rel::PastMonths(small_number(&c[1])?)))),
        mk(Scope::Windowed, r"(?i)(?-u:\b)since\s+(?:the\s+)?(?:start|beginning|outbreak|onset)\s+of\s+(?:the\s+|Russia's\s+|Russia’s\s+)?(?:full[\s-]scale\s+)?(?:war|invasion)(?-u:\b)|(?-u:\b)since\s+(?:Russia's\s+|Russia’s\s+|the\s+)?(?:full[\s-]scale\s+)?invasion(?:\s+of\s+Ukraine)?|(?-u:\b)seit\s+(?:Beginn|Anfang|Ausbruch)\s+des\s+(?:Angriffs)?[Kk]rieges|с\s+начала\s+(?:полномасштабной\s+)?(?:войны|вторжения|полномасштабного\s+вторжения)|з\s+початку\s+(?:повномасштабної\s+)?(?:війни|вторгнення|повномасштабного\s+вторгнення)".into(), |_| Some(Expr::Rel(Rel::SinceWar))),
        mk(Scope::Windowed, r"(?i)(?-u:\b)(?:before|prior\s+to)\s+(?:the\s+start\s+of\s+)?(?:Russia's\s+|Russia’s\s+|the\s+)?(?:full[\s-]scale\s+)?(?:war|invasion)(?:\s+(?:of|in)\s+Ukraine)?(?-u:\b)|(?-u:\b)pre-(?:war|invasion)(?-u:\b)|(?-u:\b)vor\s+(?:dem\s+)?(?:Krieg|Kriegsbeginn|Einmarsch|der\s+Invasion)(?-u:\b)|до\s+(?:начала\s+)?(?:полномасштабного\s+)?(?:войны|вторжения)|до\s+(?:початку\s+)?(?:повномасштабного\s+)?(?:війни|вторгнення)".into(), |_| Some(Expr::Rel(Rel::BeforeWar))),
        mk(Scope::Windowed, r"(?i)(?-u:\b)(?:now|currently|at\s+present|today|at\s+the\s+moment|derzeit|aktuell|inzwischen)(?-u:\b)|(?:^|\s)(?:сейчас|в\s+настоящее\s+время|зараз|наразі)(?:\s|$|[,.])".into(), |_| Some(Expr::Rel(Rel::Now))),
        // months and years last: the longer forms above win
        mk(Scope::Windowed, format!(r"(?i)({month})(?:,?\s+(?:of\s+)?((?:19|20)\d{{2}})(?-u:\b){YEAR_SUFFIX})?(?:\s+alone)?"), |c| {
            let m = month_number(&c[1])?;
            Some(Expr::Months(year_ref(c.get(2)), m, m))
        }),
        mk(Scope::Anywhere, r"(?-u:\b)((?:19|20)\d{2})\s*[-/–]\s*(\d{2})(?-u:\b)".into(), |c| {
            let y: i32 = c[1].parse().ok()?;
            let yy: i32 = c[2].parse().ok()?;
            (yy == (y + 1) % 100).then_some(Expr::Year(y, y + 1))
        }),
        mk(Scope::Anywhere, format!(r"(?-u:\b)((?:19[5-9]|20[0-4])\d)(?-u:\b){YEAR_SUFFIX}"), |c| {
            let y: i32 = c[1].parse().ok()?;
            Some(Expr::Year(y, y))
        }),
    ]
});

static SEASON_NEAR: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)season|marketing|harvest|grain|wheat|сезон|маркетинг|зерн|урожа|Saison|Wirtschaftsjahr",
    )
});
static FISCAL_NEAR: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(r"(?i)fiscal|financial\s+year|FY|crore|lakh|Rs|rupee|India")
});

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

fn quarter(c: &regex::Captures<'_>, oi: usize, yi: usize) -> Option<Expr> {
    let q = ordinal(&c[oi])?;
    Some(Expr::Months(year_ref(c.get(yi)), 3 * q - 2, 3 * q))
}

fn half(c: &regex::Captures<'_>, oi: usize, yi: usize) -> Option<Expr> {
    let h = ordinal(&c[oi])?.min(2);
    Some(Expr::Months(year_ref(c.get(yi)), 6 * h - 5, 6 * h))
}

static BASELINE_LEFT: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:(?-u:\b)than|(?-u:\b)compared\s+(?:with|to)|(?-u:\b)from|(?-u:\b)versus|(?-u:\b)vs\.?|(?-u:\b)against|(?-u:\b)on|(?-u:\b)over|(?-u:\b)im\s+Vergleich\s+zu|(?-u:\b)gegenüber|по\s+сравнению\s+с|порівняно\s+з|(?-u:\b)von)(?:\s+(?:in|during|for|at|of|the|dem|der|im))*\s+$",
    )
});

static SINCE_LEFT: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}])(?:since|seit|с|з)(?:\s+(?:at\s+least|the\s+start\s+of|the\s+beginning\s+of|early|late|mid-?))?\s+$",
    )
});

static NOT_A_YEAR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^\s?(?:%|per\s?cent|percent|tonnes|tons|barrels|cars|units|people|troops|soldiers|[a-z]+s\s+of(?-u:\b))",
    )
});

/// Where a pattern runs: over the whole text (digit patterns and `Q1`/`H1`, whose literal
/// prefixes the regex engine finds fast) or only in windows around trigger words.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    Anywhere,
    Windowed,
}

/// Words every windowed pattern's matches contain (months, "quarter", "year", "war", "now", ...),
/// in English, German, Russian and Ukrainian.
static TRIGGERS: LazyLock<Triggers> = LazyLock::new(|| {
    Triggers::new(
        &[
            &[
                "jan",
                "feb",
                "mar",
                "apr",
                "may",
                "jun",
                "jul",
                "aug",
                "sep",
                "oct",
                "nov",
                "dec",
                "jänner",
                "märz",
                "mai",
                "okt",
                "dez",
                "январ",
                "феврал",
                "март",
                "апрел",
                "май",
                "мая",
                "мае",
                "июн",
                "июл",
                "август",
                "сентябр",
                "октябр",
                "ноябр",
                "декабр",
                "січ",
                "лют",
                "берез",
                "квіт",
                "трав",
                "черв",
                "лип",
                "серп",
                "верес",
                "жовт",
                "листопад",
                "груд",
            ],
            &["quarter", "quartal", "квартал"],
            &["half", "halbjahr", "полугоди", "півріч"],
            &["month", "monat", "vormonat", "месяц", "місяц"],
            &[
                "year",
                "jahr",
                "vorjahr",
                "y/y",
                "yoy",
                "год",
                "рок",
                "рік",
                "році",
                "річн",
                "торік",
            ],
            &["same"],
            &[
                "war",
                "pre-war",
                "invasion",
                "krieg",
                "einmarsch",
                "angriff",
                "войн",
                "вторжен",
                "війн",
                "вторгн",
            ],
            &[
                "now",
                "currently",
                "present",
                "today",
                "moment",
                "derzeit",
                "aktuell",
                "inzwischen",
                "сейчас",
                "настоящее",
                "зараз",
                "наразі",
            ],
        ],
        80,
        80,
    )
});

/// The matches of `p` inside the window `w` of `text`, as candidates.
fn read_matches(text: &str, w: Range<usize>, p: &Pat, cands: &mut Vec<(usize, usize, Expr)>) {
    for c in p.re.captures_iter(&text[w.clone()]) {
        let Some(m) = c.get(0) else { continue };
        let Some(e) = (p.read)(&c) else { continue };
        let (s, end) = (w.start + m.start(), w.start + m.end());
        if let Expr::Year(..) = e {
            if NOT_A_YEAR_AFTER.is_match(&text[end..]) || super::money::before(text, s).is_some() {
                continue;
            }
            // a year inside a larger number ("12,2023") or after a decimal point
            let prev = text[..s].chars().next_back();
            if prev.is_some_and(|ch| ch == ',' || ch == '.' || ch == '$') {
                continue;
            }
        }
        cands.push((s, end, e));
    }
}

/// Finds and resolves every time expression in `text`.
pub(super) fn find(text: &str, _lang: Lang, published: Option<NaiveDate>) -> Vec<RawClaim> {
    let mut cands: Vec<(usize, usize, Expr)> = Vec::new();
    let (set, ids) = &*WINDOWED;
    for p in PATTERNS.iter().filter(|p| p.scope == Scope::Anywhere) {
        read_matches(text, 0..text.len(), p, &mut cands);
    }
    for w in TRIGGERS.windows(text) {
        for k in set.matches(&text[w.clone()]).iter() {
            read_matches(text, w.clone(), &PATTERNS[ids[k]], &mut cands);
        }
    }
    // longest first at each position, then drop overlaps
    cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut chosen: Vec<(usize, usize, Expr)> = Vec::new();
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
    for (s, e, expr) in chosen {
        let left = super::left_window(text, s, 40);
        let comparison = BASELINE_LEFT.is_match(left);
        let since = !comparison && SINCE_LEFT.is_match(left);
        let expr = fiscal(expr, text, s, e);
        let (mut kind, mut start, mut end, baseline) =
            resolve(expr, published, main, latest, comparison);
        if since && start.is_some() {
            // "since March 2022", "the highest since at least 2015": from then to publication
            kind = RawKind::Period;
            end = published;
            if end.is_none() {
                start = start.filter(|_| false);
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
                | Expr::Rel(Rel::ThisYear | Rel::LastYear)
        ) && !since;
        if !baseline && anchors {
            if let (Some(a), Some(b)) = (start, end) {
                main = Some((a, b));
                if !matches!(latest, Some(l) if b <= l.1) {
                    latest = Some((a, b));
                }
            }
        }
        out.push(r);
    }
    out
}

type Resolved = (RawKind, Option<NaiveDate>, Option<NaiveDate>, bool);

fn resolve(
    expr: Expr,
    published: Option<NaiveDate>,
    main: Option<(NaiveDate, NaiveDate)>,
    latest: Option<(NaiveDate, NaiveDate)>,
    comparison: bool,
) -> Resolved {
    let pub_year = published.map(|d| d.year());
    let context_year = latest.map(|m| m.1.year()).or(pub_year);
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
        Rel::PastMonths(n) => {
            let start = p.and_then(|d| d.checked_sub_months(chrono::Months::new(n)));
            (RawKind::Period, start, p, false)
        }
    }
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(&format!(
        r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th|\.)?[\s-]+({m})[\s,-]+((?:19|20)\d{{2}})(?-u:\b)|(?-u:\b)({en})\s+(\d{{1,2}}),?\s+((?:19|20)\d{{2}})(?-u:\b)|(?-u:\b)(\d{{1,2}})\.(\d{{1,2}})\.((?:19|20)\d{{2}})(?-u:\b)|(?-u:\b)((?:19|20)\d{{2}})-(\d{{2}})-(\d{{2}})(?-u:\b)",
        m = month_pat(),
        en = MONTH_EN
    ))
});

static WIRE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(&format!(
        r"(?-u:\b)({MONTH_EN})\s+(\d{{1,2}})\s+\((?:Reuters|AP|AFP|Bloomberg|Xinhua|Interfax|TASS|dpa)\)"
    ))
});

static ANY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"(?-u:\b)(19[5-9]\d|20[0-4]\d)(?-u:\b)"));

/// A publication date stated in the first lines of the text (a dateline), if any.
pub fn publication_date_in_text(text: &str) -> Option<NaiveDate> {
    let head = &text[..super::floor_boundary(text, 1200)];
    if let Some(c) = DATELINE.captures(head) {
        let get = |i: usize| c.get(i).map(|m| m.as_str());
        let date = if let (Some(d), Some(m), Some(y)) = (get(1), get(2), get(3)) {
            NaiveDate::from_ymd_opt(y.parse().ok()?, month_number(m)?, d.parse().ok()?)
        } else if let (Some(m), Some(d), Some(y)) = (get(4), get(5), get(6)) {
            NaiveDate::from_ymd_opt(y.parse().ok()?, month_number(m)?, d.parse().ok()?)
        } else if let (Some(d), Some(m), Some(y)) = (get(7), get(8), get(9)) {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        } else if let (Some(y), Some(m), Some(d)) = (get(10), get(11), get(12)) {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        } else {
            None
        };
        if date.is_some() {
            return date;
        }
    }
    // "BEIJING, April 13 (Reuters)": the year is the latest one the story mentions
    let c = WIRE_DATELINE.captures(head)?;
    let m = month_number(&c[1])?;
    let d: u32 = c[2].parse().ok()?;
    let y: i32 = ANY_YEAR
        .find_iter(text)
        .filter_map(|m| m.as_str().parse().ok())
        .max()?;
    // early in a year, wire stories report the year just ended as a whole ("in 2023")
    let full_year = [
        format!("in {y}"),
        format!("for {y}"),
        format!("{y} as a whole"),
        format!("of {y}"),
    ];
    let y = if m <= 2 && full_year.iter().any(|p| text.contains(p.as_str())) {
        y + 1
    } else {
        y
    };
    NaiveDate::from_ymd_opt(y, m, d)
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
