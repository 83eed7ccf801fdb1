//! How far to trust a claim: a logistic model over the evidence each field was read from,
//! fitted on half of the dev set and checked on the other half (`docs/accuracy.md`).
//!
//! ```text
//! evidence  metric word in the figure's clause, parties found, period from the clause or
//!           carried, source stated in the sentence or fallen back to the outlet, hedges
//! model     p = 1 / (1 + exp(-(b + w . x)))      p = estimated chance every field is right
//! ```

use super::sources::Provenance;
use super::{Approx, ClaimKind, Metric};

/// Where a figure's period came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PeriodFrom {
    /// A time expression in the figure's own clause.
    Clause,
    /// Elsewhere in the sentence.
    Sentence,
    /// Carried from an earlier sentence.
    Carried,
    /// None stated: the publication date.
    Published,
}

/// What the builder knew when it read a figure.
#[derive(Debug, Clone, Copy)]
pub(super) struct Evidence {
    pub kind: ClaimKind,
    pub approx: Approx,
    pub metric: Metric,
    pub metric_in_clause: bool,
    pub subject: bool,
    pub counterpart: bool,
    pub item: bool,
    pub period_from: PeriodFrom,
    pub source_from: Provenance,
    pub hedged: bool,
    pub english: bool,
}

/// Feature order of `WEIGHTS`.
const FEATURES: usize = 14;

impl Evidence {
    /// The features, each 0 or 1, in the order of `WEIGHTS`.
    pub(super) fn features(&self) -> [f64; FEATURES] {
        let b = |x: bool| if x { 1.0 } else { 0.0 };
        [
            b(self.metric_in_clause),
            b(self.subject),
            b(self.counterpart),
            b(self.item),
            b(self.period_from == PeriodFrom::Clause),
            b(self.period_from == PeriodFrom::Carried),
            b(self.period_from == PeriodFrom::Published),
            b(self.source_from == Provenance::Own),
            b(self.source_from == Provenance::Fallback),
            b(self.approx != Approx::Exact),
            b(matches!(self.kind, ClaimKind::Change | ClaimKind::Ratio)),
            b(self.metric == Metric::Other),
            b(self.hedged),
            b(self.english),
        ]
    }

    /// Estimated probability that every field of the claim is right.
    pub(super) fn confidence(&self) -> f64 {
        let z = BIAS
            + self
                .features()
                .iter()
                .zip(WEIGHTS)
                .map(|(x, w)| x * w)
                .sum::<f64>();
        (1.0 / (1.0 + (-z).exp())).clamp(0.0, 1.0)
    }
}

/// Logistic regression (L2, gradient descent) fitted on the dev set's even-numbered articles
/// (2026-11-28, refitted after the second round of builder rules) and checked on the odd-numbered
/// ones; see `docs/accuracy.md`. Refit whenever the
/// builder changes: the weights describe today's error profile, not a law.
const BIAS: f64 = 0.55;
const WEIGHTS: [f64; FEATURES] = [
    0.687, 0.352, 0.458, 0.087, -0.306, -0.485, -0.487, -0.487, -0.405, -0.201, -0.124, -1.205,
    0.788, 0.197,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence() -> Evidence {
        Evidence {
            kind: ClaimKind::Amount,
            approx: Approx::Exact,
            metric: Metric::Exports,
            metric_in_clause: true,
            subject: true,
            counterpart: true,
            item: true,
            period_from: PeriodFrom::Clause,
            source_from: Provenance::Own,
            hedged: false,
            english: true,
        }
    }

    #[test]
    fn confidence_is_a_probability_and_falls_with_weaker_evidence() {
        let full = evidence().confidence();
        let weak = Evidence {
            subject: false,
            item: false,
            metric: Metric::Other,
            source_from: Provenance::Fallback,
            ..evidence()
        }
        .confidence();
        assert!((0.0..=1.0).contains(&full) && (0.0..=1.0).contains(&weak));
        assert!(weak < full, "{weak} >= {full}");
    }
}
