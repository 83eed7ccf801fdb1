//! When `claimledger crawl` (without `--once`) crawls a source again: a fixed interval
//! (`every = "1h"`) or a cron expression (`cron = "0 */6 * * *"`, five fields, times in UTC),
//! from `[schedule]` or the source's own `every` / `cron`.
//!
//! ```text
//! "0 */6 * * *" ──Schedule::cron──> Schedule::Cron ──next_after(now)──> 2024-03-01T06:00:00Z
//! "1h"          ──Schedule::every─> Schedule::Every ─next_after(now)──> now + 1h
//! ```

use chrono::{DateTime, Utc};
use std::time::Duration;

/// The shortest interval a schedule may have: a crawl is not a busy loop.
pub const MIN_INTERVAL: Duration = Duration::from_secs(1);

/// A resolved crawl schedule.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    Every(Duration),
    /// The expression as written, and parsed.
    Cron(String, Box<croner::Cron>),
}

impl Schedule {
    /// A fixed interval like "30m" or "1h".
    pub fn every(text: &str) -> Result<Schedule, String> {
        humantime::parse_duration(text)
            .map(|d| Schedule::Every(d.max(MIN_INTERVAL)))
            .map_err(|e| format!("{text:?} is not a duration like \"30m\" or \"1h\": {e}"))
    }

    /// A cron expression: minute hour day-of-month month day-of-week ("0 */6 * * *"), or a
    /// nickname like "@daily". Times are UTC.
    pub fn cron(text: &str) -> Result<Schedule, String> {
        if text.split_whitespace().count() != 5 && !text.trim_start().starts_with('@') {
            return Err(format!(
                "{text:?} is not a cron expression of five fields (minute hour day month weekday), e.g. \"0 */6 * * *\""
            ));
        }
        let parsed: croner::Cron = text
            .parse()
            .map_err(|e| format!("{text:?} is not a cron expression: {e}"))?;
        // An expression that never fires ("0 0 30 2 *") would sleep forever: say so now.
        parsed
            .find_next_occurrence(&Utc::now(), false)
            .map_err(|e| format!("{text:?} never fires: {e}"))?;
        Ok(Schedule::Cron(text.to_string(), Box::new(parsed)))
    }

    /// The first time strictly after `now` the crawl is due.
    pub fn next_after(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let interval =
            |d: Duration| now + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
        match self {
            Schedule::Every(d) => interval(*d),
            Schedule::Cron(_, cron) => cron
                .find_next_occurrence(&now, false)
                // Validated to fire when parsed; should it stop firing, wait a day and ask again.
                .unwrap_or_else(|_| interval(Duration::from_secs(86_400))),
        }
    }
}

impl std::fmt::Display for Schedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Schedule::Every(d) => write!(f, "every {}", humantime::format_duration(*d)),
            Schedule::Cron(text, _) => write!(f, "cron {text:?} (UTC)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn cron_fires_at_the_next_matching_minute_strictly_after_now() {
        let six_hourly = Schedule::cron("0 */6 * * *").unwrap();
        let cases = [
            ("2024-03-01T05:59:59Z", "2024-03-01T06:00:00Z"),
            // Exactly at a fire time: the next one, not the same one again.
            ("2024-03-01T06:00:00Z", "2024-03-01T12:00:00Z"),
            ("2024-03-01T18:00:01Z", "2024-03-02T00:00:00Z"),
            // Across a month and a leap day.
            ("2024-02-29T23:30:00Z", "2024-03-01T00:00:00Z"),
        ];
        for (now, want) in cases {
            assert_eq!(six_hourly.next_after(at(now)), at(want), "from {now}");
        }
        let mondays = Schedule::cron("30 2 * * 1").unwrap();
        // 2024-03-01 is a Friday.
        assert_eq!(
            mondays.next_after(at("2024-03-01T12:00:00Z")),
            at("2024-03-04T02:30:00Z")
        );
        let daily = Schedule::cron("@daily").unwrap();
        assert_eq!(
            daily.next_after(at("2024-03-01T12:00:00Z")),
            at("2024-03-02T00:00:00Z")
        );
    }

    #[test]
    fn every_is_now_plus_the_interval_and_never_zero() {
        let now = at("2024-03-01T05:00:00Z");
        assert_eq!(
            Schedule::every("90m").unwrap().next_after(now),
            at("2024-03-01T06:30:00Z")
        );
        assert_eq!(
            Schedule::every("0s").unwrap(),
            Schedule::Every(MIN_INTERVAL)
        );
    }

    #[test]
    fn bad_expressions_are_errors_that_quote_them() {
        for bad in ["61 * * * *", "0 */6 * *", "every day", "0 0 30 2 *", ""] {
            let err = Schedule::cron(bad).unwrap_err();
            assert!(err.contains(&format!("{bad:?}")), "{bad}: {err}");
        }
        assert!(Schedule::every("soon").unwrap_err().contains("\"soon\""));
    }
}
