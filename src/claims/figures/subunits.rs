//! Whole units and sub-units of money written apart: "3 dollars 50 cents", "thirteen dollars
//! and forty-five cents", "15 dollars 50", "17 USD 25" are one amount.
//!
//! Only an amount whose currency is written after the number joins what follows: "between
//! $70 and 80" is a range, not $70.80.

use super::super::numbers::spelled_value;
use super::super::{RawClaim, RawKind};

/// The amount of `a` and `b` read as one, if `b` is the sub-unit part of `a`.
fn joined(text: &str, a: &RawClaim, b: &RawClaim) -> Option<f64> {
    let gap = text.get(a.span[1]..b.span[0])?.trim();
    if !(gap.is_empty() || gap.eq_ignore_ascii_case("and")) {
        return None;
    }
    let whole = a.value?;
    // the number comes first ("15 dollars", "thirteen dollars"), the currency last
    let first_word = a.surface.split_whitespace().next().unwrap_or("");
    let number_first =
        a.surface.starts_with(|c: char| c.is_ascii_digit()) || spelled_value(first_word).is_some();
    let currency_after = number_first && a.surface.ends_with(|c: char| !c.is_ascii_digit());
    let plain = a.kind == RawKind::Amount
        && a.low.is_none()
        && whole.fract() == 0.0
        && whole < 1e6
        && currency_after;
    if !plain || a.unit.is_none() {
        return None;
    }
    // "10 lira 11a" is a name
    if text[b.span[1]..].starts_with(char::is_alphanumeric) {
        return None;
    }
    let part = b.value?;
    let cents = if b.kind == RawKind::Amount && b.unit == a.unit && part < 1.0 {
        // "50 cents" was read as 0.50 of the currency
        part
    } else if b.kind == RawKind::Number && part.fract() == 0.0 && (1.0..100.0).contains(&part) {
        part / 100.0
    } else {
        return None;
    };
    Some(whole + cents)
}

/// Joins sub-unit parts into the amount before them.
pub(super) fn merge_subunits(text: &str, figs: Vec<RawClaim>) -> Vec<RawClaim> {
    let mut out: Vec<RawClaim> = Vec::with_capacity(figs.len());
    for f in figs {
        if let Some(prev) = out.last_mut() {
            if let Some(v) = joined(text, prev, &f) {
                let mut r = RawClaim::new(RawKind::Amount, text, prev.span[0], f.span[1]);
                r.unit = prev.unit.clone();
                r.approx = prev.approx;
                r.value = Some(v);
                *prev = r;
                continue;
            }
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::super::recognise;

    fn amounts(text: &str) -> Vec<(String, f64)> {
        recognise(text, None)
            .into_iter()
            .filter(|r| r.unit.as_deref() == Some("USD"))
            .map(|r| (r.surface, r.value.unwrap_or(f64::NAN)))
            .collect()
    }

    #[test]
    fn dollars_and_cents_are_one_amount() {
        assert_eq!(
            amounts("a ticket at 4 dollars 75 cents"),
            [("4 dollars 75 cents".into(), 4.75)]
        );
        assert_eq!(
            amounts("it was eight dollars and ten cents"),
            [("eight dollars and ten cents".into(), 8.10)]
        );
        assert_eq!(amounts("paid 9 USD 40."), [("9 USD 40".into(), 9.40)]);
    }

    #[test]
    fn a_symbol_before_the_number_does_not_join() {
        let v = amounts("between $70 and 80 a barrel");
        assert!(v.iter().all(|(_, x)| *x != 70.80), "{v:?}");
    }
}
