//! HTML of the review pages. Everything that came from a crawled page goes through [`esc`].

use super::{TableQuery, PAGE_SIZE};
use crate::ledger::{ClaimDetail, LedgerEntry, Sighting};
use std::fmt::Write;

pub const CSS: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}\
header{background:#1d2330;color:#fff;padding:.6em 1.2em}header a{color:#fff;text-decoration:none;font-weight:600}\
main{padding:1em 1.2em;max-width:1200px}table{border-collapse:collapse;width:100%;background:#fff}\
th,td{border-bottom:1px solid #e2e5ea;padding:.35em .5em;text-align:left;vertical-align:top}th{background:#eef0f4}\
form.filters{display:flex;flex-wrap:wrap;gap:.5em;margin-bottom:1em}form.filters input,form.filters select{padding:.25em}\
.status-confirmed{color:#176b2c}.status-disputed{color:#a15c00}.status-rejected{color:#a1121b}\
mark.figure{background:#ffe58a}.card{background:#fff;border:1px solid #e2e5ea;padding:.8em 1em;margin:.8em 0}\
dl.claim{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dt{color:#5b6475}\
.notice{background:#fff3cd;border:1px solid #e0c36a;padding:.6em 1em}.conflict{color:#a1121b;font-weight:600}\
nav.pages a{margin-right:1em}";

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Only http(s) links are rendered as links; anything else (javascript:, data:) is shown as text.
fn safe_link(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| esc(url.trim()))
}

fn layout(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} · claimledger</title>\
         <link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><header><a href=\"/\">claimledger</a></header>\
         <main>{body}</main></body></html>",
        esc(title)
    )
}

pub fn error_page(title: &str, message: &str) -> String {
    layout(title, &format!("<h1>{}</h1><p class=\"notice\">{}</p>", esc(title), esc(message)))
}

fn fmt_value(e: &LedgerEntry) -> String {
    let v = |x: f64| {
        if x.abs() >= 1e9 {
            format!("{} bn", trim_num(x / 1e9))
        } else if x.abs() >= 1e6 {
            format!("{} mn", trim_num(x / 1e6))
        } else {
            trim_num(x)
        }
    };
    match (e.low, e.high) {
        (Some(l), Some(h)) => format!("{}–{} {}", v(l), v(h), e.unit),
        _ => format!("{} {}", v(e.value), e.unit),
    }
}

fn trim_num(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn period(start: &Option<String>, end: &Option<String>) -> String {
    match (start, end) {
        (None, None) => String::new(),
        (s, e) => format!("{} – {}", s.as_deref().unwrap_or("…"), e.as_deref().unwrap_or("…")),
    }
}

pub fn table_page(q: &TableQuery, rows: &[LedgerEntry], total: i64, page: i64) -> String {
    let val = |v: &Option<String>| esc(v.as_deref().unwrap_or(""));
    let mut b = String::new();
    let _ = write!(b, "<h1>Claims</h1><form class=\"filters\" method=\"get\" action=\"/\">");
    let _ = write!(b, "<input name=\"q\" placeholder=\"search text\" value=\"{}\">", val(&q.q));
    let _ = write!(b, "<select name=\"status\"><option value=\"\">any status</option>");
    for s in ["unreviewed", "confirmed", "disputed", "rejected"] {
        let sel = if q.status.as_deref() == Some(s) { " selected" } else { "" };
        let _ = write!(b, "<option{sel}>{s}</option>");
    }
    let _ = write!(b, "</select>");
    for (name, label, v) in [
        ("metric", "metric", &q.metric),
        ("subject", "subject", &q.subject),
        ("counterpart", "counterpart", &q.counterpart),
        ("outlet", "outlet", &q.outlet),
        ("source", "source", &q.source),
    ] {
        let _ = write!(b, "<input name=\"{name}\" placeholder=\"{label}\" value=\"{}\">", val(v));
    }
    let checked = if q.conflicts.is_some() { " checked" } else { "" };
    let _ = write!(
        b,
        "<label><input type=\"checkbox\" name=\"conflicts\" value=\"1\"{checked}> conflicts only</label>\
         <button type=\"submit\">Filter</button></form>"
    );
    let qs = export_query(q);
    let _ = write!(
        b,
        "<p>{total} claims. Export: <a href=\"/export?format=json{qs}\">JSON</a> · \
         <a href=\"/export?format=jsonl{qs}\">JSONL</a> · <a href=\"/export?format=csv{qs}\">CSV</a></p>"
    );
    let _ = write!(
        b,
        "<table id=\"claims\"><thead><tr><th>#</th><th>Figure</th><th>Value</th><th>Metric</th><th>Subject → counterpart</th>\
         <th>Item</th><th>Period</th><th>Seen</th><th>Status</th></tr></thead><tbody>"
    );
    for e in rows {
        let conflict = if e.conflicts.is_empty() { "" } else { " <span class=\"conflict\" title=\"conflicting figures\">⚠</span>" };
        let _ = write!(
            b,
            "<tr><td><a href=\"/claims/{id}\">{id}</a></td><td><a href=\"/claims/{id}\">{}</a>{conflict}</td><td>{}</td>\
             <td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"status-{s}\">{s}</td></tr>",
            esc(&e.surface),
            esc(&fmt_value(e)),
            esc(&e.metric),
            val(&e.subject),
            e.counterpart.as_deref().map(|c| format!(" → {}", esc(c))).unwrap_or_default(),
            val(&e.item),
            esc(&period(&e.period_start, &e.period_end)),
            e.sightings,
            id = e.id,
            s = e.status.as_str(),
        );
    }
    let _ = write!(b, "</tbody></table><nav class=\"pages\">");
    if page > 1 {
        let _ = write!(b, "<a href=\"/?page={}{qs}\">← previous</a>", page - 1);
    }
    if page * PAGE_SIZE < total {
        let _ = write!(b, "<a href=\"/?page={}{qs}\">next →</a>", page + 1);
    }
    b.push_str("</nav>");
    layout("Claims", &b)
}

fn export_query(q: &TableQuery) -> String {
    let mut s = String::new();
    for (k, v) in [
        ("status", &q.status),
        ("metric", &q.metric),
        ("subject", &q.subject),
        ("counterpart", &q.counterpart),
        ("outlet", &q.outlet),
        ("source", &q.source),
        ("q", &q.q),
        ("conflicts", &q.conflicts),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            let _ = write!(s, "&amp;{k}={}", esc(&url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()));
        }
    }
    s
}

/// The sentence with the figure marked; spans are byte offsets into the article, so the surface
/// is searched for within the sentence.
fn sentence_with_figure(s: &Sighting) -> String {
    match s.sentence.find(&s.surface) {
        Some(i) => format!(
            "{}<mark class=\"figure\">{}</mark>{}",
            esc(&s.sentence[..i]),
            esc(&s.surface),
            esc(&s.sentence[i + s.surface.len()..])
        ),
        None => esc(&s.sentence),
    }
}

pub fn claim_page(d: &ClaimDetail, csrf: &str, notice: Option<&str>) -> String {
    let e = &d.entry;
    let opt = |v: &Option<String>| esc(v.as_deref().unwrap_or("—"));
    let mut b = String::new();
    if let Some(n) = notice {
        let _ = write!(b, "<p class=\"notice\" id=\"notice\">{}</p>", esc(n));
    }
    let _ = write!(b, "<h1>Claim {}: {}</h1><div class=\"card\"><dl class=\"claim\">", e.id, esc(&e.surface));
    let period_txt = period(&e.period_start, &e.period_end);
    let baseline_txt = period(&e.baseline_start, &e.baseline_end);
    for (k, v) in [
        ("Value", esc(&fmt_value(e))),
        ("Kind", esc(&e.kind)),
        ("Approximation", esc(&e.approx)),
        ("Metric", esc(&e.metric)),
        ("Subject", opt(&e.subject)),
        ("Counterpart", opt(&e.counterpart)),
        ("Item", opt(&e.item)),
        ("Period", esc(&period_txt)),
        ("Baseline", esc(&baseline_txt)),
        ("Status", format!("<span id=\"status\" class=\"status-{0}\">{0}</span>", e.status.as_str())),
    ] {
        let _ = write!(b, "<dt>{k}</dt><dd>{v}</dd>");
    }
    let _ = write!(b, "</dl></div>");
    let _ = write!(
        b,
        "<form class=\"card\" id=\"review\" method=\"post\" action=\"/claims/{}/review\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"version\" value=\"{}\">\
         <label>Decision <select name=\"status\">",
        e.id,
        esc(csrf),
        e.version
    );
    for s in ["confirmed", "disputed", "rejected", "unreviewed"] {
        let _ = write!(b, "<option>{s}</option>");
    }
    let _ = write!(
        b,
        "</select></label> <label>Reviewer <input name=\"by\" placeholder=\"your name\"></label> \
         <label>Note <input name=\"note\" size=\"40\"></label> <button type=\"submit\" id=\"submit-review\">Record decision</button></form>"
    );
    let _ = write!(b, "<h2>Sightings ({})</h2>", d.sightings_list.len());
    for s in &d.sightings_list {
        let link = s
            .url
            .as_deref()
            .and_then(safe_link)
            .map(|u| format!("<a href=\"{u}\" rel=\"noopener noreferrer\">{u}</a>"))
            .unwrap_or_else(|| esc(s.url.as_deref().unwrap_or(&s.article)));
        let _ = write!(
            b,
            "<div class=\"card sighting\"><p>{}</p><p><small>{} · {} · source: {} · {}</small></p></div>",
            sentence_with_figure(s),
            opt(&s.outlet),
            opt(&s.published),
            opt(&s.source),
            link
        );
    }
    if !d.conflicting.is_empty() {
        let _ = write!(b, "<h2 class=\"conflict\">Conflicting figures</h2><ul>");
        for c in &d.conflicting {
            let _ = write!(b, "<li><a href=\"/claims/{0}\">#{0}</a> {1} ({2} sightings)</li>", c.id, esc(&c.surface), c.sightings);
        }
        b.push_str("</ul>");
    }
    let _ = write!(b, "<h2>Review history</h2><table id=\"history\"><thead><tr><th>When</th><th>Who</th><th>From</th><th>To</th><th>Note</th></tr></thead><tbody>");
    for h in &d.history {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&h.at),
            esc(&h.by),
            h.from.as_str(),
            h.to.as_str(),
            opt(&h.note)
        );
    }
    b.push_str("</tbody></table>");
    layout(&format!("Claim {}", e.id), &b)
}
