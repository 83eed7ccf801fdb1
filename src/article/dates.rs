//! Date strings as pages write them -> a calendar date and, when a time is known, RFC 3339.
//!
//! ```text
//! "2023-08-22T14:05:00-04:00"       -> 2023-08-22, Some("2023-08-22T14:05:00-04:00")
//! "2023-08-22T14:05:00.000Z"        -> 2023-08-22, Some("2023-08-22T14:05:00+00:00")
//! "Tue, 22 Aug 2023 14:05:00 GMT"   -> 2023-08-22, Some(..)
//! "August 22, 2023" / "22 Aug 2023" -> 2023-08-22, None
//! "/news/2023/08/22/slug.html"      -> 2023-08-22 (url_date)
//! ```

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use regex::Regex;

/// A parsed date, with the full timestamp when the source had one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stamp {
    pub date: NaiveDate,
    pub rfc3339: Option<String>,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("constant regex")
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?",
    )
});
static COMPACT: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})(\d{2})(\d{2})(?:\D|$)"));
static SLASHED_YMD: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b"));
static SLASHED_MDY: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"));
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})",
    )
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})",
    )
});
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|-|_|\.|$)")
});

fn month(name: &str) -> Option<u32> {
    let m = match name.get(..3)?.to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    plausible(date)
}

/// Dates before the web or far in the future are parse accidents.
fn plausible(date: NaiveDate) -> Option<NaiveDate> {
    let y = chrono::Datelike::year(&date);
    (1990..=2100).contains(&y).then_some(date)
}

/// Parse a date as found in metadata or visible text.
pub(super) fn parse(raw: &str) -> Option<Stamp> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return stamp_from(dt);
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return stamp_from(dt);
    }
    if let Some(c) = ISO.captures(s) {
        let date = ymd(&c[1], &c[2], &c[3])?;
        let rfc3339 = match (c.get(4), c.get(5)) {
            (Some(h), Some(mi)) => {
                let sec = c.get(6).map_or("00", |m| m.as_str());
                let zone = match c.get(7).map(|z| z.as_str()) {
                    Some("Z" | "UTC" | "GMT") => Some("+00:00".to_string()),
                    Some(z) => {
                        let digits: String = z.chars().filter(char::is_ascii_digit).collect();
                        Some(format!("{}{}:{}", &z[..1], &digits[..2], &digits[2..]))
                    }
                    None => None,
                };
                let naive = format!("{}T{:0>2}:{}:{:0>2}", date, h.as_str(), mi.as_str(), sec);
                match zone {
                    Some(z) => DateTime::parse_from_rfc3339(&format!("{naive}{z}"))
                        .ok()
                        .map(|d| d.to_rfc3339()),
                    None => NaiveDateTime::parse_from_str(&naive, "%Y-%m-%dT%H:%M:%S")
                        .ok()
                        .map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string()),
                }
            }
            _ => None,
        };
        return Some(Stamp { date, rfc3339 });
    }
    if let Some(c) = COMPACT.captures(s) {
        return ymd(&c[1], &c[2], &c[3]).map(date_only);
    }
    if let Some(c) = MONTH_FIRST.captures(s) {
        let m = month(&c[1])?.to_string();
        return ymd(&c[3], &m, &c[2]).map(date_only);
    }
    if let Some(c) = DAY_FIRST.captures(s) {
        let m = month(&c[2])?.to_string();
        return ymd(&c[3], &m, &c[1]).map(date_only);
    }
    if let Some(c) = SLASHED_YMD.captures(s) {
        return ymd(&c[1], &c[2], &c[3]).map(date_only);
    }
    if let Some(c) = SLASHED_MDY.captures(s) {
        return ymd(&c[3], &c[1], &c[2]).map(date_only);
    }
    // Unix timestamps (seconds or milliseconds), as some `<meta>` tags carry.
    if s.len() >= 9 && s.len() <= 13 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        let secs = if s.len() == 13 { n / 1000 } else { n };
        let dt = DateTime::from_timestamp(secs, 0)?;
        return stamp_from(dt.fixed_offset());
    }
    None
}

fn date_only(date: NaiveDate) -> Stamp {
    Stamp {
        date,
        rfc3339: None,
    }
}

fn stamp_from(dt: DateTime<chrono::FixedOffset>) -> Option<Stamp> {
    Some(Stamp {
        date: plausible(dt.date_naive())?,
        rfc3339: Some(dt.to_rfc3339()),
    })
}

/// A `/2023/08/22/` or `/20230822/` date in a URL path.
pub(super) fn url_date(url: &str) -> Option<NaiveDate> {
    let c = URL_DATE.captures(url)?;
    ymd(&c[1], &c[2], &c[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn parses_common_forms() {
        let s = parse("2023-08-22T14:05:00-04:00").expect("rfc3339");
        assert_eq!(s.date, d(2023, 8, 22));
        assert_eq!(s.rfc3339.as_deref(), Some("2023-08-22T14:05:00-04:00"));
        let s = parse("2023-08-22T14:05:00.000Z").expect("millis");
        assert_eq!(s.rfc3339.as_deref(), Some("2023-08-22T14:05:00+00:00"));
        let s = parse("2023-08-22 14:05:00 -0400").expect("space and compact zone");
        assert_eq!(s.rfc3339.as_deref(), Some("2023-08-22T14:05:00-04:00"));
        assert_eq!(
            parse("Tue, 22 Aug 2023 14:05:00 GMT").map(|s| s.date),
            Some(d(2023, 8, 22))
        );
        assert_eq!(
            parse("Published Aug. 22, 2023").map(|s| s.date),
            Some(d(2023, 8, 22))
        );
        assert_eq!(
            parse("22nd August 2023").map(|s| s.date),
            Some(d(2023, 8, 22))
        );
        assert_eq!(parse("20230822").map(|s| s.date), Some(d(2023, 8, 22)));
        assert_eq!(parse("08/22/2023").map(|s| s.date), Some(d(2023, 8, 22)));
        assert_eq!(parse("1692713100").map(|s| s.date), Some(d(2023, 8, 22)));
        assert_eq!(parse("not a date"), None);
        assert_eq!(parse("2023-13-45"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://x.com/2023/08/22/slug"),
            Some(d(2023, 8, 22))
        );
        assert_eq!(
            url_date("https://x.com/news/20230822-slug"),
            Some(d(2023, 8, 22))
        );
        assert_eq!(url_date("https://x.com/a/1234567"), None);
    }
}
