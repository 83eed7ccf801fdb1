//! A figure's period and baseline (its comparison period).

use super::super::calendar;
use super::super::confidence::PeriodFrom;
use super::super::cues::{PRESENT_PERFECT, YEAR_BACK};
use super::super::periods::is_forecast_word;
use super::super::{ClaimKind, PeriodRef, RawClaim};
use super::{dist, period_ref, Article, Carried, Fig, SentenceView};

/// A figure's period, its comparison period, and where the period came from.
pub(super) struct Timing {
    pub(super) period: Option<PeriodRef>,
    pub(super) baseline: Option<PeriodRef>,
    pub(super) from: PeriodFrom,
}

impl Article<'_> {
    /// The period and baseline of figure `fig` of sentence `s`.
    ///
    /// The period is the nearest main time expression in the figure's own clause, else one in
    /// an earlier clause that opens the sentence or holds a figure, else any other in the
    /// sentence when nothing is carried, else the period carried from before, else the
    /// publication date. A level with a comparison period of its own ("up from 17% a year
    /// earlier") stands in that period instead. A change or ratio is compared with the nearest
    /// comparison period, else the one carried with the period, else the same span a year
    /// before.
    pub(super) fn timing(&self, s: &SentenceView<'_>, fig: &Fig<'_>, carried: &Carried) -> Timing {
        let text = self.text;
        let (f, kind, clause) = (fig.raw, fig.kind, fig.clause);
        let s_figs = &s.figs;
        let mine = s
            .exclusive
            .iter()
            .find(|(_, g)| *g == f.span)
            .and_then(|(t, _)| s.mains.iter().find(|m| m.span == *t));
        let others = |t: &RawClaim| {
            !s.exclusive
                .iter()
                .any(|(x, g)| *x == t.span && *g != f.span)
        };
        // "holds the rate at 15% and expects it to fall to 13.5% in the second quarter": the
        // forecast's period is not that of a figure stated before the forecast
        let forecast_past = |t: &RawClaim| {
            t.span[0] >= f.span[1] && forecast_between(text, f.span[1], t.span[0], s_figs)
        };
        let in_clause = |t: &&&RawClaim| t.span[0] >= clause.0 && t.span[1] <= clause.1;
        let forecast_only = mine.is_none()
            && s.mains.iter().filter(in_clause).any(|t| others(t))
            && s.mains
                .iter()
                .filter(in_clause)
                .filter(|t| others(t))
                .all(|t| forecast_past(t));
        let own = mine.or_else(|| {
            s.mains
                .iter()
                .filter(|t| others(t) && !forecast_past(t))
                .filter(in_clause)
                .min_by_key(|t| dist(t.span, f.span))
        });
        // "close to the 5 million tonnes a month exported under the deal, which operated from
        // August 2022 to July 2023": a closed past span in a relative clause right after the
        // figure's clause is the figure's
        let relative = s
            .mains
            .iter()
            .filter(|t| others(t) && t.start < t.end && t.end.is_some())
            .filter(|t| !matches!((self.published, t.end), (Some(p), Some(e)) if e >= p))
            .find(|t| {
                let c = s.clause_of(t.span[0]);
                c.0 >= clause.1
                    && !text[clause.1..c.0].contains(char::is_alphanumeric)
                    && !s.with_figure(c)
                    && opens_relative(&text[c.0..c.1])
            });
        // an earlier clause only when it opens the sentence ("In 2022, exports fell"), not
        // an aside ("Saudi Arabia, the top supplier for most of 2022, shipped ...")
        let first_clause = s.first_clause();
        let earlier = s
            .mains
            .iter()
            .filter(|t| others(t))
            .filter(|t| {
                t.span[1] <= clause.0
                    && (t.span[0] < first_clause.1
                        || s.with_figure(s.clause_of(t.span[0]))
                        || s.frames(t, clause))
            })
            .max_by_key(|t| t.span[0]);
        let earlier = relative.or(earlier);
        // a level "up from 17% a year earlier": the comparison period is the figure's own;
        // one written right after another figure ("48,2% против 19% годом ранее") is that
        // figure's, and one written right after this figure is its own whatever else the
        // clause names ("fell to $50.2 billion in 2023 from $238 billion a year earlier")
        let own_base = s
            .bases
            .iter()
            .filter(|t| t.span[0] >= clause.0 && t.span[1] <= clause.1)
            .filter(|t| {
                !s_figs
                    .iter()
                    .any(|g| g.span != f.span && right_after(text, g.span, t.span, s_figs))
            })
            .min_by_key(|t| dist(t.span, f.span));
        let base_right_after = own_base.is_some_and(|b| right_after(text, f.span, b.span, s_figs));
        let level_in_past = !matches!(kind, ClaimKind::Change | ClaimKind::Ratio)
            && (own.is_none() || base_right_after)
            && own_base.is_some();
        // a direct quote with no time of its own speaks of the moment it was said
        // ("Moscow has built a shadow fleet of some 600 tankers," said ...), unless it
        // refers back ("in this period")
        let quoted_now = s.mains.is_empty()
            && s.bases.is_empty()
            && !s.backref
            && s.text.starts_with(['"', '“', '„', '«']);
        // "Discounts ... have narrowed to about $4 a barrel", "The EU says it has frozen some
        // 210 billion euros": a level stated in the present perfect, with no time of its
        // own, stands at publication rather than in the period carried from before
        let standing_now = !matches!(kind, ClaimKind::Change | ClaimKind::Ratio)
            && !s.backref
            && PRESENT_PERFECT.is_match(&text[clause.0..f.span[0]]);
        // "throughput was still about a third below pre-war levels": as things stand; not
        // when compared with a dated period ("That's still 1.6% more than in July")
        let still = !s.backref
            && !s.bases.iter().any(|b| b.start.is_some() && b.end.is_some())
            && says_still(&text[clause.0..f.span[0]]);
        // a figure stated beside a forecast with no time of its own is the level now
        let now = standing_now || still || forecast_only;
        let later_or_aside = if carried.period.is_some() || forecast_only {
            None
        } else {
            s.mains.iter().find(|t| others(t))
        };
        let continues = carried.period.is_some() && !quoted_now && !now;
        let from = match own.or(earlier).or(later_or_aside) {
            _ if level_in_past => PeriodFrom::Clause,
            Some(t) if own.is_some_and(|o| o.span == t.span) => PeriodFrom::Clause,
            Some(_) => PeriodFrom::Sentence,
            None if continues => PeriodFrom::Carried,
            None => PeriodFrom::Published,
        };
        let (period, from_ctx) = match own.or(earlier).or(later_or_aside) {
            // "from 3.2% a year earlier" after "in the first quarter": that span a year back
            _ if level_in_past => {
                let main = own
                    .or(earlier)
                    .or(later_or_aside)
                    .map(|t| period_ref(t))
                    .or_else(|| carried.period.clone());
                match (own_base, main) {
                    (Some(b), Some(t)) if YEAR_BACK.is_match(&b.surface) => {
                        (year_before(&t).or(Some(period_ref(b))), false)
                    }
                    _ => (own_base.map(|t| period_ref(t)), false),
                }
            }
            Some(t) => (Some(period_ref(t)), false),
            // "over that period": the period named last before
            None if continues && s.backref => (
                carried.last.clone().or_else(|| carried.period.clone()),
                true,
            ),
            None if continues => (carried.period.clone(), true),
            None => (
                self.published.map(|d| PeriodRef {
                    start: Some(d),
                    end: Some(d),
                    surface: String::new(),
                }),
                false,
            ),
        };
        // "grain exports down 9% so far" in a season still running: up to publication
        let period = match (period, self.published) {
            (Some(mut p), Some(d))
                if from != PeriodFrom::Published
                    && p.start.is_some_and(|a| a <= d)
                    && p.end.is_some_and(|b| b > d)
                    && says_so_far(s.text) =>
            {
                p.end = Some(d);
                Some(p)
            }
            (p, _) => p,
        };
        let baseline = if matches!(kind, ClaimKind::Change | ClaimKind::Ratio) {
            let own_b = s
                .bases
                .iter()
                .filter(|t| t.span[0] >= clause.0 && t.span[1] <= clause.1)
                .min_by_key(|t| dist(t.span, f.span));
            match own_b.or(s.bases.first()) {
                // "year on year", "a year earlier": the period's own span a year back
                Some(t) if YEAR_BACK.is_match(&t.surface) && period.is_some() => period
                    .as_ref()
                    .and_then(year_before)
                    .or_else(|| Some(period_ref(t))),
                Some(t) => Some(period_ref(t)),
                None if from_ctx && carried.baseline.is_some() => carried.baseline.clone(),
                // a change with no stated baseline is against the same span a year before
                None => period.as_ref().and_then(year_before),
            }
        } else {
            None
        };
        Timing {
            period,
            baseline,
            from,
        }
    }
}

fn year_before(p: &PeriodRef) -> Option<PeriodRef> {
    let (a, b) = (p.start?, p.end?);
    if a == b {
        return None;
    }
    Some(PeriodRef {
        start: Some(calendar::shift_years(a, -1)),
        end: Some(calendar::shift_years(b, -1)),
        surface: String::new(),
    })
}

/// True when the time expression `t` follows the figure `g` with no punctuation and no other
/// figure between ("$238 billion a year earlier", "19% годом ранее").
fn right_after(text: &str, g: [usize; 2], t: [usize; 2], figs: &[&RawClaim]) -> bool {
    t[0] >= g[1]
        && t[0] - g[1] <= 16
        && !text[g[1]..t[0]].contains([',', ';', '.', ':', '(', ')'])
        && !figs.iter().any(|h| h.span[0] >= g[1] && h.span[1] <= t[0])
}

impl SentenceView<'_> {
    /// True when time expression `t` stands in a clause that holds nothing else but a word or
    /// two and comes right before clause `c`: it frames that clause ("Since the start of the
    /// war, the EU has adopted ...", "а з 1 квітня — 8000 гривень").
    pub(super) fn frames(&self, t: &RawClaim, c: (usize, usize)) -> bool {
        let tc = self.clause_of(t.span[0]);
        // not a parenthesis ("з початку 2023/24 маркетингового року (з 1 липня)")
        let before = self
            .text
            .get(..tc.0.saturating_sub(self.start))
            .unwrap_or("");
        if tc.1 != c.0 || t.span[1] > tc.1 || before.trim_end().ends_with('(') {
            return false;
        }
        let rest = |a: usize, b: usize| {
            let base = self.start;
            self.text
                .get(a.saturating_sub(base)..b.saturating_sub(base))
                .unwrap_or("")
                .split(|ch: char| !ch.is_alphabetic())
                .filter(|w| !w.is_empty())
                .map(|w| w.chars().count())
                .collect::<Vec<_>>()
        };
        let words: Vec<usize> = rest(tc.0, t.span[0])
            .into_iter()
            .chain(rest(t.span[1], tc.1))
            .collect();
        words.len() <= 2 && words.iter().all(|&n| n <= 5)
    }

    /// True when the sentence's time expression `t` can pass on to the sentences after it:
    /// not an aside in a clause without a figure before the first figure, which no figure of
    /// the sentence takes either ("Imports from Saudi Arabia, the top supplier for most of
    /// 2022, were 13.92 million tonnes").
    pub(super) fn passes_on(&self, t: &RawClaim) -> bool {
        let Some(first) = self.figs.first() else {
            return true;
        };
        let c = self.clause_of(t.span[0]);
        c == self.first_clause()
            || t.span[1] > first.span[0]
            || self.with_figure(c)
            || self.frames(t, self.clause_of(c.1))
    }
}

/// True when a forecast word stands between bytes `a` and `b` with a figure after it
/// ("... 15% and expects it to fall to 13.5% in ...").
fn forecast_between(text: &str, a: usize, b: usize, figs: &[&RawClaim]) -> bool {
    let gap = text[a..b].to_lowercase();
    let mut prev = "";
    let mut at = None;
    let mut pos = 0;
    for w in gap.split(|ch: char| !ch.is_alphabetic()) {
        if !w.is_empty() {
            if is_forecast_word(w, prev) {
                at = Some(a + pos);
                break;
            }
            prev = w;
        }
        pos += w.len() + 1;
    }
    at.is_some_and(|p| figs.iter().any(|g| g.span[0] >= p && g.span[1] <= b))
}

/// True when a clause opens with a relative pronoun ("which operated ...").
fn opens_relative(clause: &str) -> bool {
    let w = clause
        .trim_start_matches(|ch: char| !ch.is_alphabetic())
        .split(|ch: char| !ch.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        w.as_str(),
        "which"
            | "that"
            | "который"
            | "которая"
            | "которое"
            | "которые"
            | "який"
            | "яка"
            | "яке"
            | "які"
    )
}

/// True when `s` says a state still holds ("was still", "is still", "все ще", "всё ещё"); not
/// the "still" of a figure set against the one before ("That's still 1.6% more").
fn says_still(s: &str) -> bool {
    let s = s.to_lowercase();
    let first = s
        .split(|ch: char| !ch.is_alphabetic())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if matches!(first, "that" | "this" | "it" | "that's" | "it's") {
        return false;
    }
    s.split(|ch: char| !ch.is_alphabetic() && ch != '-')
        .any(|w| matches!(w, "still" | "досі" | "по-прежнему" | "weiterhin"))
        || s.contains("всё ещё")
        || s.contains("все ще")
        || s.contains("immer noch")
}

/// True when a sentence limits its figures to the time until publication ("so far", "to date").
fn says_so_far(s: &str) -> bool {
    let s = s.to_lowercase();
    ["so far", "thus far", "to date", "bisher", "bislang"]
        .iter()
        .any(|w| {
            s.match_indices(w).any(|(i, _)| {
                let before = s[..i].chars().next_back();
                let after = s[i + w.len()..].chars().next();
                !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
            })
        })
}

#[cfg(test)]
mod tests {
    use super::super::super::{extract, Claim, Document};
    use chrono::NaiveDate;

    fn periods(
        text: &str,
        published: (i32, u32, u32),
    ) -> Vec<(String, Option<String>, Option<String>)> {
        let doc = Document {
            id: "t",
            text,
            title: None,
            published: NaiveDate::from_ymd_opt(published.0, published.1, published.2),
            outlet: None,
        };
        let f = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        extract(&doc)
            .into_iter()
            .map(|c: Claim| {
                let p = c.period.as_ref();
                (
                    c.surface,
                    f(p.and_then(|p| p.start)),
                    f(p.and_then(|p| p.end)),
                )
            })
            .collect()
    }

    fn period_of(text: &str, published: (i32, u32, u32), surface: &str) -> (String, String) {
        let all = periods(text, published);
        let (_, a, b) = all
            .iter()
            .find(|c| c.0 == surface)
            .unwrap_or_else(|| panic!("{surface} missing: {all:?}"));
        (
            a.clone().unwrap_or_else(|| "open".into()),
            b.clone().unwrap_or_else(|| "open".into()),
        )
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    /// A central bank keeps a rate now and forecasts a lower one: the forecast takes the
    /// coming quarter, the rate kept stands at publication.
    #[test]
    fn a_forecast_quarter_is_not_the_current_level() {
        let text = "The central bank kept its key rate at 16% in 2023. It holds the rate at 16% \
                    and expects it to fall to 14% in the third quarter.";
        let p = (2024, 2, 1);
        assert_eq!(period_of(text, p, "14%"), pair("2024-07-01", "2024-09-30"));
        let all = periods(text, p);
        assert_eq!(all[1].1.as_deref(), Some("2024-02-01"), "{all:?}");
    }

    /// A clause that is only a time expression frames the clause after it.
    #[test]
    fn a_fronted_time_clause_frames_the_figure() {
        let text = "Context: Since the start of the full-scale invasion, the allies have \
                    delivered 300 tanks to Kyiv.";
        assert_eq!(
            period_of(text, (2024, 5, 6), "300 tanks"),
            pair("2022-02-24", "2024-05-06")
        );
        let text = "Пенсія з 1 березня 2025 року становитиме 2500 гривень, а з 1 жовтня — \
                    2700 гривень.";
        assert_eq!(
            period_of(text, (2024, 11, 20), "2700 гривень"),
            pair("2025-10-01", "open")
        );
    }

    /// A relative clause right after the figure's clause names the span the figure was
    /// stated for; "that period" in the next sentence points back to it.
    #[test]
    fn a_span_in_a_relative_clause_and_that_period() {
        let text = "In May alone, the port handled 2 million tonnes, close to the 3 million \
                    tonnes a month shipped under the old scheme, which ran from March 2021 to \
                    June 2022. The scheme carried 40 million tonnes of cargo over that period.";
        let p = (2024, 6, 10);
        assert_eq!(
            period_of(text, p, "2 million tonnes"),
            pair("2024-05-01", "2024-05-31")
        );
        for f in ["3 million tonnes a month", "40 million tonnes"] {
            assert_eq!(
                period_of(text, p, f),
                pair("2021-03-01", "2022-06-30"),
                "{f}"
            );
        }
    }

    /// A figure that "still" stands is stated at publication, a "so far" figure runs up to
    /// it, and an aside before the first figure is not passed on to the next sentence.
    #[test]
    fn still_so_far_and_asides() {
        let p = (2024, 3, 12);
        let text = "In February, steel output fell 4%. The minister said capacity was still \
                    about a quarter below pre-war levels.";
        assert_eq!(
            period_of(text, p, "about a quarter"),
            pair("2024-03-12", "2024-03-12")
        );
        let text = "Kazakhstan's 2023/24 wheat exports are up 12% so far, traders said.";
        assert_eq!(period_of(text, p, "12%"), pair("2023-07-01", "2024-03-12"));
        let text = "Coal imports in January-February rose 5% to 30 million tonnes. Imports \
                    from Indonesia, the top supplier for most of 2022, were 9 million tonnes. \
                    Prices averaged $120 a tonne.";
        assert_eq!(period_of(text, p, "$120"), pair("2024-01-01", "2024-02-29"));
    }
}
