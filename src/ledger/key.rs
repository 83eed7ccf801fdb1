//! The canonical key of a claim and the "same figure" test.
//!
//! Two sightings are the same claim when their keys agree (metric, subject, counterpart, item,
//! period, baseline, kind, unit) and their values agree within the precision the text gives:
//! "$38.17 billion" and "$38.2 billion" agree (38.17 rounds to 38.2), "27.8%" and "28.7%" do not.

use crate::claims::Claim;

/// Order-free for two-way trade, case-folded, `-` for an empty part.
pub fn claim_key(c: &Claim) -> String {
    let metric = enum_str(&c.metric);
    let fold = |s: &Option<String>| {
        s.as_deref()
            .map(|v| v.trim().to_lowercase())
            .unwrap_or_else(|| "-".into())
    };
    let (mut a, mut b) = (fold(&c.subject), fold(&c.counterpart));
    if metric == "trade" && a > b {
        std::mem::swap(&mut a, &mut b);
    }
    let period = |p: &Option<crate::claims::PeriodRef>| match p {
        Some(p) => format!(
            "{}..{}",
            p.start.map(|d| d.to_string()).unwrap_or_default(),
            p.end.map(|d| d.to_string()).unwrap_or_default()
        ),
        None => "-".into(),
    };
    format!(
        "{metric}|{a}|{b}|{}|{}|{}|{}|{}",
        fold(&c.item),
        period(&c.period),
        period(&c.baseline),
        enum_str(&c.kind),
        c.unit.to_lowercase()
    )
}

/// The serde name of a unit-like enum (`Metric::ShareOfImports` -> "share_of_imports").
pub fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The absolute precision the surface gives its value: one unit of the last written digit, in the
/// value's base units ("38.2 billion" -> 0.1e9; "341,000" -> 1). Falls back to a relative 1e-6.
pub fn precision(surface: &str, value: f64) -> f64 {
    let fallback = (value.abs() * 1e-6).max(1e-9);
    let Some((literal, decimals)) = first_number(surface) else {
        return fallback;
    };
    if literal == 0.0 || value == 0.0 {
        return fallback;
    }
    let scale = (value / literal).abs();
    (10f64.powi(-(decimals as i32)) * scale).max(fallback)
}

/// Whether two written figures can be the same figure.
pub fn values_agree(a: f64, prec_a: f64, b: f64, prec_b: f64) -> bool {
    (a - b).abs() <= 0.5 * prec_a.max(prec_b) + 1e-9 * a.abs().max(b.abs())
}

/// First number in `s` with the count of digits after its decimal mark. Both `.` and `,` may be
/// decimal marks: a separator followed by exactly three digits is read as thousands grouping.
fn first_number(s: &str) -> Option<(f64, usize)> {
    let bytes = s.as_bytes();
    let start = bytes.iter().position(u8::is_ascii_digit)?;
    let mut end = start;
    while end < bytes.len()
        && (bytes[end].is_ascii_digit() || matches!(bytes[end], b'.' | b',' | b' '))
    {
        end += 1;
    }
    let token = s[start..end].trim_end_matches(['.', ',', ' ']);
    let mut digits = String::new();
    let mut decimals = 0;
    let groups: Vec<&str> = token.split(['.', ',', ' ']).collect();
    for (i, g) in groups.iter().enumerate() {
        let last = i + 1 == groups.len();
        if i > 0 && last && g.len() != 3 {
            digits.push('.');
            decimals = g.len();
        }
        digits.push_str(g);
    }
    digits.parse().ok().map(|v| (v, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounded_figures_agree_and_transposed_digits_do_not() {
        let a = 38.17e9;
        let b = 38.2e9;
        assert!(values_agree(
            a,
            precision("$38.17 billion", a),
            b,
            precision("$38.2 billion", b)
        ));
        assert!(!values_agree(
            27.8,
            precision("27.8%", 27.8),
            28.7,
            precision("28.7%", 28.7)
        ));
        assert!(values_agree(
            341_000.0,
            precision("341,000 cars", 341_000.0),
            341_000.0,
            1.0
        ));
    }

    #[test]
    fn precision_reads_grouping_and_decimals() {
        assert_eq!(first_number("US$134 billion"), Some((134.0, 0)));
        assert_eq!(first_number("1.234,5 Mrd."), Some((1234.5, 1)));
        assert_eq!(first_number("341,000"), Some((341000.0, 0)));
        assert!((precision("$1.2bn", 1.2e9) - 1e8).abs() < 1.0);
    }
}
