//! The dashboard: claims over time by metric, top sources, open conflicts, as server-rendered
//! SVG (no scripts, no inline styles: colours are presentation attributes, allowed by the CSP).

use super::pages::esc;
use crate::ledger::Dashboard;
use std::collections::BTreeMap;
use std::fmt::Write;

const PALETTE: &[&str] = &[
    "#3b6fd8", "#e08a1e", "#2e9e5b", "#c2413b", "#8a5cc7", "#2aa3b5", "#b5892a", "#6b7280",
];

fn url_param(v: &str) -> String {
    esc(&url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>())
}

/// Stacked bars: one per month, one colour per metric.
fn over_time(d: &Dashboard) -> String {
    let mut months: BTreeMap<&str, Vec<(&str, i64)>> = BTreeMap::new();
    let mut metrics: Vec<&str> = Vec::new();
    for (m, metric, n) in &d.by_month {
        months
            .entry(m.as_str())
            .or_default()
            .push((metric.as_str(), *n));
        if !metrics.contains(&metric.as_str()) {
            metrics.push(metric.as_str());
        }
    }
    if months.is_empty() {
        return "<p class=\"note\">No dated articles yet.</p>".into();
    }
    let colour =
        |m: &str| PALETTE[metrics.iter().position(|x| *x == m).unwrap_or(0) % PALETTE.len()];
    let max = months
        .values()
        .map(|v| v.iter().map(|x| x.1).sum::<i64>())
        .max()
        .unwrap_or(1)
        .max(1);
    let (w, h, left, bottom) = (560.0, 220.0, 40.0, 40.0);
    let bar = ((w - left) / months.len() as f64).min(48.0);
    let mut s = format!(
        "<svg id=\"chart-time\" viewBox=\"0 0 {w} {}\" width=\"100%\" role=\"img\" aria-label=\"claims over time by metric\">",
        h + 20.0 * ((metrics.len() as f64) / 3.0).ceil()
    );
    let _ = write!(
        s,
        "<text x=\"0\" y=\"12\">{max}</text><text x=\"0\" y=\"{}\">0</text>",
        h - bottom
    );
    for (i, (month, parts)) in months.iter().enumerate() {
        let x = left + i as f64 * bar;
        let mut y = h - bottom;
        for (metric, n) in parts {
            let bh = (*n as f64 / max as f64) * (h - bottom - 10.0);
            y -= bh;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{}\"><title>{} {}: {n}</title></rect>",
                bar * 0.8,
                colour(metric),
                esc(month),
                esc(metric)
            );
        }
        if months.len() <= 12 || i % (months.len() / 12 + 1) == 0 {
            let _ = write!(
                s,
                "<text x=\"{x:.1}\" y=\"{}\">{}</text>",
                h - bottom + 14.0,
                esc(month)
            );
        }
    }
    for (i, m) in metrics.iter().enumerate() {
        let (lx, ly) = (left + (i % 3) as f64 * 170.0, h + (i / 3) as f64 * 20.0);
        let _ = write!(
            s,
            "<rect x=\"{lx}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"></rect><text x=\"{}\" y=\"{ly}\">{}</text>",
            ly - 9.0,
            colour(m),
            lx + 14.0,
            esc(m)
        );
    }
    s.push_str("</svg>");
    s
}

/// Horizontal bars with a link per bar.
fn bars(id: &str, rows: &[(String, i64)], href: impl Fn(&str) -> String, empty: &str) -> String {
    if rows.is_empty() {
        return format!("<p class=\"note\">{}</p>", esc(empty));
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let (w, row) = (560.0, 24.0);
    let mut s = format!(
        "<svg id=\"{id}\" viewBox=\"0 0 {w} {}\" width=\"100%\" role=\"img\">",
        rows.len() as f64 * row + 4.0
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i as f64 * row;
        let bw = (*n as f64 / max as f64) * (w - 260.0);
        let short: String = label.chars().take(34).collect();
        let _ = write!(
            s,
            "<a href=\"{}\"><text x=\"0\" y=\"{:.1}\">{}</text><rect x=\"220\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"16\" \
             fill=\"{}\"><title>{}: {n}</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{n}</text></a>",
            href(label),
            y + 14.0,
            esc(&short),
            y + 2.0,
            PALETTE[i % PALETTE.len()],
            esc(label),
            224.0 + bw,
            y + 14.0
        );
    }
    s.push_str("</svg>");
    s
}

pub(super) fn dashboard_page(d: &Dashboard, session: &super::Session) -> String {
    let open: i64 = d.open_conflicts.iter().map(|x| x.1).sum();
    let body = format!(
        "<h1>Dashboard</h1><div class=\"charts\">\
         <section class=\"card\"><h2>Claims over time, by metric</h2><p class=\"help\">Claims seen per month of publication.</p>{}</section>\
         <section class=\"card\"><h2>Top sources</h2><p class=\"help\">Claims attributed to each source.</p>{}</section>\
         <section class=\"card\"><h2>Open conflicts: <span id=\"open-conflicts\">{open}</span></h2>\
         <p class=\"help\">Unreviewed claims with a conflicting figure, by metric.</p>{}</section></div>",
        over_time(d),
        bars("chart-sources", &d.top_sources, |s| format!("/?source={}", url_param(s)), "No attributed claims yet."),
        bars(
            "chart-conflicts",
            &d.open_conflicts,
            |m| format!("/?conflicts=1&amp;status=unreviewed&amp;metric={}", url_param(m)),
            "No open conflicts."
        ),
    );
    super::pages::layout("Dashboard", &body, session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_labels() {
        let d = Dashboard {
            by_month: vec![("2024-01".into(), "<exports>".into(), 3)],
            top_sources: vec![("<script>x</script>".into(), 2)],
            open_conflicts: vec![],
        };
        let s = super::super::Session {
            csrf: "t".into(),
            signed_in: false,
        };
        let html = dashboard_page(&d, &s);
        assert!(!html.contains("<script>x"));
        assert!(html.contains("&lt;exports&gt;"));
        assert!(html.contains("No open conflicts."));
    }
}
