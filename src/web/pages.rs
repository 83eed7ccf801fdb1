//! HTML shared by the pages, and the claims table. Everything that came from a crawled page goes
//! through [`esc`]; links are rendered only for http(s) URLs ([`safe_link`]).

use super::auth::Session;
use super::{TableQuery, PAGE_SIZE};
use crate::ledger::LedgerEntry;
use std::fmt::Write;

pub const CSS: &str = include_str!("static/app.css");
pub const JS: &str = include_str!("static/app.js");

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
pub fn safe_link(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| esc(parsed.as_str()))
}

fn header(session: Option<&Session>) -> String {
    let logout = match session {
        Some(s) if s.signed_in => format!(
            "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <button>Sign out</button></form>",
            esc(&s.csrf)
        ),
        _ => String::new(),
    };
    format!(
        "<header><a href=\"/\">claimledger</a><a href=\"/?status=unreviewed\">Unreviewed</a>\
         <a href=\"/queue\" id=\"start-queue\">Review queue</a><a href=\"/dashboard\">Dashboard</a>{logout}</header>"
    )
}

fn page(title: &str, body: &str, session: Option<&Session>) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{} · claimledger</title>\
         <link rel=\"stylesheet\" href=\"/static/app.css\"><script src=\"/static/app.js\" defer></script></head>\
         <body>{}<main>{body}</main></body></html>",
        esc(title),
        header(session)
    )
}

pub fn layout(title: &str, body: &str, session: &Session) -> String {
    page(title, body, Some(session))
}

pub fn error_page(title: &str, message: &str) -> String {
    page(
        title,
        &format!(
            "<h1>{}</h1><p class=\"notice\" id=\"notice\">{}</p>",
            esc(title),
            esc(message)
        ),
        None,
    )
}

pub fn login_page(message: Option<&str>) -> String {
    let msg = message
        .map(|m| format!("<p class=\"notice\" id=\"notice\">{}</p>", esc(m)))
        .unwrap_or_default();
    page(
        "Sign in",
        &format!(
            "<h1>Sign in</h1>{msg}<form class=\"card\" method=\"post\" action=\"/login\">\
             <label>Access token <input type=\"password\" name=\"token\" autocomplete=\"current-password\" required></label> \
             <button>Sign in</button></form>"
        ),
        None,
    )
}

pub fn fmt_value(e: &LedgerEntry) -> String {
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

pub fn period(start: &Option<String>, end: &Option<String>) -> String {
    match (start, end) {
        (None, None) => String::new(),
        (s, e) => format!(
            "{} – {}",
            s.as_deref().unwrap_or("…"),
            e.as_deref().unwrap_or("…")
        ),
    }
}

/// The table's query string (without page/sort unless asked), `&amp;`-joined for attributes.
fn query_string(q: &TableQuery, with_sort: bool) -> String {
    let mut s = String::new();
    let mut fields = vec![
        ("status", &q.status),
        ("metric", &q.metric),
        ("subject", &q.subject),
        ("counterpart", &q.counterpart),
        ("outlet", &q.outlet),
        ("source", &q.source),
        ("from", &q.from),
        ("to", &q.to),
        ("q", &q.q),
        ("conflicts", &q.conflicts),
        ("min_sightings", &q.min_sightings),
    ];
    if with_sort {
        fields.push(("sort", &q.sort));
        fields.push(("dir", &q.dir));
    }
    for (k, v) in fields {
        if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
            let enc: String = url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
            let _ = write!(s, "&amp;{k}={}", esc(&enc));
        }
    }
    s
}

fn filters_form(b: &mut String, q: &TableQuery) {
    let val = |v: &Option<String>| esc(v.as_deref().unwrap_or(""));
    let _ = write!(
        b,
        "<form class=\"filters\" method=\"get\" action=\"/\"><input type=\"search\" name=\"q\" id=\"search\" \
         placeholder=\"search text (/)\" value=\"{}\"><select name=\"status\" id=\"status-filter\"><option value=\"\">any status</option>",
        val(&q.q)
    );
    for s in ["unreviewed", "confirmed", "disputed", "rejected"] {
        let sel = if q.status.as_deref() == Some(s) {
            " selected"
        } else {
            ""
        };
        let _ = write!(b, "<option{sel}>{s}</option>");
    }
    b.push_str("</select>");
    for (name, label, v) in [
        ("metric", "metric", &q.metric),
        ("subject", "subject", &q.subject),
        ("counterpart", "counterpart", &q.counterpart),
        ("outlet", "outlet", &q.outlet),
        ("source", "source", &q.source),
    ] {
        let _ = write!(
            b,
            "<input name=\"{name}\" id=\"filter-{name}\" placeholder=\"{label}\" value=\"{}\">",
            val(v)
        );
    }
    let checked = if q.conflicts.as_deref().is_some_and(|c| !c.is_empty()) {
        " checked"
    } else {
        ""
    };
    let _ = write!(
        b,
        "<label>period from <input type=\"date\" name=\"from\" value=\"{}\"></label>\
         <label>to <input type=\"date\" name=\"to\" value=\"{}\"></label>\
         <label>min. sightings <input type=\"number\" min=\"1\" name=\"min_sightings\" value=\"{}\"></label>\
         <label><input type=\"checkbox\" name=\"conflicts\" value=\"1\"{checked}> conflicts only</label>\
         <input type=\"hidden\" name=\"sort\" value=\"{}\"><input type=\"hidden\" name=\"dir\" value=\"{}\">\
         <button type=\"submit\" id=\"apply-filters\">Filter</button> <a href=\"/\">clear</a></form>",
        val(&q.from),
        val(&q.to),
        val(&q.min_sightings),
        val(&q.sort),
        val(&q.dir),
    );
}

pub fn table_page(
    q: &TableQuery,
    rows: &[LedgerEntry],
    total: i64,
    page_no: i64,
    session: &Session,
) -> String {
    let mut b = String::from("<h1>Claims</h1>");
    if q.done.is_some() {
        b.push_str(
            "<p class=\"notice\" id=\"notice\">No unreviewed claim is left in the queue.</p>",
        );
    }
    filters_form(&mut b, q);
    let qs = query_string(q, false);
    let qs_sorted = query_string(q, true);
    let _ = write!(
        b,
        "<p class=\"exports\"><span id=\"total\">{total}</span> claims. Export this selection: \
         <a class=\"button\" id=\"export-json\" href=\"/export?format=json{qs}\">JSON</a> \
         <a class=\"button\" id=\"export-jsonl\" href=\"/export?format=jsonl{qs}\">JSONL</a> \
         <a class=\"button\" id=\"export-csv\" href=\"/export?format=csv{qs}\">CSV</a></p>\
         <p class=\"help\">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open, <kbd>/</kbd> search. \
         On a claim: <kbd>c</kbd> confirm, <kbd>d</kbd> dispute, <kbd>r</kbd> reject, <kbd>n</kbd> note, \
         <kbd>j</kbd>/<kbd>k</kbd> next/previous unreviewed.</p>"
    );
    let sort_link = |key: &str, label: &str| {
        let current = q.sort.as_deref().unwrap_or("id") == key;
        let desc = q.dir.as_deref() == Some("desc");
        let dir = if current && !desc { "desc" } else { "asc" };
        let arrow = match (current, desc) {
            (true, false) => " ▲",
            (true, true) => " ▼",
            _ => "",
        };
        format!("<a href=\"/?sort={key}&amp;dir={dir}{qs}\">{label}{arrow}</a>")
    };
    let _ = write!(
        b,
        "<table id=\"claims\"><thead><tr><th>{}</th><th>Figure</th><th>{}</th><th>{}</th><th>{}</th><th>Item</th>\
         <th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        sort_link("id", "#"),
        sort_link("value", "Value"),
        sort_link("metric", "Metric"),
        sort_link("subject", "Subject → counterpart"),
        sort_link("period", "Period"),
        sort_link("sightings", "Seen"),
        sort_link("status", "Status"),
    );
    if rows.is_empty() {
        b.push_str("<tr><td colspan=\"9\">No claims match.</td></tr>");
    }
    for e in rows {
        let conflict = if e.conflicts.is_empty() {
            ""
        } else {
            " <span class=\"conflict\" title=\"conflicting figures\">⚠ conflict</span>"
        };
        let _ = write!(
            b,
            "<tr><td><a href=\"/claims/{id}\">{id}</a></td><td><a href=\"/claims/{id}\">{}</a>{conflict}</td><td>{}</td>\
             <td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"status-{s}\">{s}</td></tr>",
            esc(&e.surface),
            esc(&fmt_value(e)),
            esc(&e.metric),
            esc(e.subject.as_deref().unwrap_or("")),
            e.counterpart.as_deref().map(|c| format!(" → {}", esc(c))).unwrap_or_default(),
            esc(e.item.as_deref().unwrap_or("")),
            esc(&period(&e.period_start, &e.period_end)),
            e.sightings,
            id = e.id,
            s = e.status.as_str(),
        );
    }
    b.push_str("</tbody></table>");
    pagination(&mut b, total, page_no, &qs_sorted);
    layout("Claims", &b, session)
}

fn pagination(b: &mut String, total: i64, page_no: i64, qs: &str) {
    let last = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    b.push_str("<nav class=\"pages\">");
    let link = |b: &mut String, p: i64, label: &str| {
        let _ = write!(b, "<a href=\"/?page={p}{qs}\">{label}</a>");
    };
    if page_no > 1 {
        link(b, 1, "« first");
        link(b, page_no - 1, "← previous");
    }
    let _ = write!(b, "<span>page {page_no} of {last}</span>");
    if page_no < last {
        link(b, page_no + 1, "next →");
        link(b, last, "last »");
    }
    b.push_str("</nav>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_survive() {
        assert_eq!(
            safe_link("https://example.com/a?b=1&c=<x>").as_deref(),
            Some("https://example.com/a?b=1&amp;c=%3Cx%3E")
        );
        assert_eq!(safe_link("javascript:alert(1)"), None);
        assert_eq!(safe_link(" JavaScript:alert(1)"), None);
        assert_eq!(safe_link("data:text/html,<script>"), None);
    }

    #[test]
    fn escaping_covers_attribute_quotes() {
        assert_eq!(
            esc("<a href='x' \"y\">&"),
            "&lt;a href=&#39;x&#39; &quot;y&quot;&gt;&amp;"
        );
    }
}
