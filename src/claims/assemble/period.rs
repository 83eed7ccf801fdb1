//! A figure's period and baseline (its comparison period).

use super::super::calendar;
use super::super::confidence::PeriodFrom;
use super::super::cues::{PRESENT_PERFECT, YEAR_BACK};
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
        let own = mine.or_else(|| {
            s.mains
                .iter()
                .filter(|t| others(t))
                .filter(|t| t.span[0] >= clause.0 && t.span[1] <= clause.1)
                .min_by_key(|t| dist(t.span, f.span))
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
                    && (t.span[0] < first_clause.1 || s.with_figure(s.clause_of(t.span[0])))
            })
            .max_by_key(|t| t.span[0]);
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
        let later_or_aside = if carried.period.is_some() {
            None
        } else {
            s.mains.iter().find(|t| others(t))
        };
        let continues = carried.period.is_some() && !quoted_now && !standing_now;
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
