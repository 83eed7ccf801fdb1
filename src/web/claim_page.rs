//! The claim page: the normalised claim, review forms, each sighting's sentence in context with
//! the figure, period words and attribution highlighted, conflicts, similar claims, history.

use super::auth::Session;
use super::pages::{esc, fmt_value, layout, period, safe_link};
use super::similar::SimilarOutcome;
use crate::ledger::{ClaimDetail, LedgerEntry, SightingSource, CORRECTABLE_FIELDS};
use std::fmt::Write;

/// Everything the page shows.
pub struct ClaimView {
    /// The claim with reviewers' corrections applied.
    pub detail: ClaimDetail,
    /// The claim as extracted, before corrections.
    pub original: LedgerEntry,
    pub sources: Vec<SightingSource>,
    pub similar: SimilarOutcome,
}

/// Bytes of context kept at most on each side of the figure.
const CONTEXT_BYTES: usize = 500;

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn ends_sentence(text: &str, i: usize, c: char) -> bool {
    c == '\n'
        || (matches!(c, '.' | '!' | '?')
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .map_or(true, char::is_whitespace))
}

/// `[start, end)` of the sentence holding `[a, b)` plus one sentence either side. A run of
/// terminators with only whitespace between them (a blank line) is one boundary.
pub(super) fn context_bounds(text: &str, a: usize, b: usize) -> (usize, usize) {
    let lo = floor_boundary(text, a.saturating_sub(CONTEXT_BYTES));
    let mut start = lo;
    let (mut seen, mut content) = (0, false);
    for (i, c) in text[lo..a].char_indices().rev() {
        if ends_sentence(text, lo + i, c) {
            if content {
                seen += 1;
                content = false;
            }
            if seen == 2 {
                start = lo + i + c.len_utf8();
                break;
            }
        } else if !c.is_whitespace() {
            content = true;
        }
    }
    let hi = ceil_boundary(text, b + CONTEXT_BYTES);
    let mut end = hi;
    let (mut seen, mut content) = (0, true);
    for (i, c) in text[b..hi].char_indices() {
        if ends_sentence(text, b + i, c) {
            if content {
                seen += 1;
                content = false;
            }
            if seen == 2 {
                end = b + i + c.len_utf8();
                break;
            }
        } else if !c.is_whitespace() {
            content = true;
        }
    }
    (start, end)
}

/// The context of one sighting as HTML, with `<mark>`s; `None` when its span does not fit the text.
pub(super) fn sighting_context(src: &SightingSource) -> Option<String> {
    let text = &src.text;
    let [a, b] = src.span;
    if a > b || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
        return None;
    }
    let (start, end) = context_bounds(text, a, b);
    let mut marks: Vec<(usize, usize, &str)> = vec![(a, b, "figure")];
    let claim = src.claim.as_ref();
    let surfaces = [
        (
            claim
                .and_then(|c| c.period.as_ref())
                .map(|p| p.surface.as_str()),
            "period",
        ),
        (
            claim
                .and_then(|c| c.baseline.as_ref())
                .map(|p| p.surface.as_str()),
            "period",
        ),
        (
            claim
                .and_then(|c| c.source.as_ref())
                .map(|s| s.surface.as_str()),
            "source",
        ),
    ];
    for (surface, class) in surfaces {
        let Some(surface) = surface.filter(|s| !s.is_empty()) else {
            continue;
        };
        // The occurrence nearest the figure, within the context shown.
        let best = text[start..end]
            .match_indices(surface)
            .map(|(i, _)| (start + i, start + i + surface.len()))
            .min_by_key(|(s, _)| s.abs_diff(a));
        if let Some((s, e)) = best {
            if marks.iter().all(|(ms, me, _)| e <= *ms || s >= *me) {
                marks.push((s, e, class));
            }
        }
    }
    marks.sort();
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for (s, e, class) in marks {
        let _ = write!(
            out,
            "{}<mark class=\"{class}\">{}</mark>",
            esc(&text[at..s]),
            esc(&text[s..e])
        );
        at = e;
    }
    out.push_str(&esc(&text[at..end]));
    if end < text.len() {
        out.push('…');
    }
    Some(out)
}

fn field_value(e: &LedgerEntry, field: &str) -> String {
    let v = match field {
        "value" => Some(fmt_value(e)),
        "kind" => Some(e.kind.clone()),
        "approx" => Some(e.approx.clone()),
        "metric" => Some(e.metric.clone()),
        "subject" => e.subject.clone(),
        "counterpart" => e.counterpart.clone(),
        "item" => e.item.clone(),
        "period" => Some(period(&e.period_start, &e.period_end)).filter(|p| !p.is_empty()),
        "baseline" => Some(period(&e.baseline_start, &e.baseline_end)).filter(|p| !p.is_empty()),
        _ => None,
    };
    v.unwrap_or_else(|| "—".into())
}

fn claim_card(b: &mut String, v: &ClaimView) {
    let e = &v.detail.entry;
    let source = v
        .detail
        .sightings_list
        .iter()
        .find_map(|s| s.source.clone());
    let _ = write!(b, "<div class=\"card\"><dl class=\"claim\">");
    for (label, field) in [
        ("Value", "value"),
        ("Kind", "kind"),
        ("Approximation", "approx"),
        ("Metric", "metric"),
        ("Subject", "subject"),
        ("Counterpart", "counterpart"),
        ("Item", "item"),
        ("Period", "period"),
        ("Baseline", "baseline"),
    ] {
        let now = field_value(e, field);
        let was = field_value(&v.original, field);
        let corrected = if now != was {
            format!(
                " <span class=\"corrected\">corrected; extracted: {}</span>",
                esc(&was)
            )
        } else {
            String::new()
        };
        let _ = write!(
            b,
            "<dt>{label}</dt><dd id=\"f-{field}\">{}{corrected}</dd>",
            esc(&now)
        );
    }
    let source_was = match v.detail.extracted.get("source") {
        Some(was) => format!(
            " <span class=\"corrected\">corrected; extracted: {}</span>",
            esc(was.as_deref().unwrap_or("—"))
        ),
        None => String::new(),
    };
    let _ = write!(
        b,
        "<dt>Source</dt><dd id=\"f-source\">{}{source_was}</dd><dt>Status</dt><dd><span id=\"status\" class=\"status-{1}\">{1}</span> \
         <small>(version {2})</small></dd></dl></div>",
        esc(source.as_deref().unwrap_or("—")),
        e.status.as_str(),
        e.version,
    );
}

fn hidden(csrf: &str, version: i64) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"version\" value=\"{version}\">",
        esc(csrf)
    )
}

fn review_forms(b: &mut String, e: &LedgerEntry, session: &Session) {
    let h = hidden(&session.csrf, e.version);
    let id = e.id;
    let _ = write!(
        b,
        "<form class=\"card\" id=\"review\" method=\"post\" action=\"/claims/{id}/review\">{h}\
         <label>Reviewer <input name=\"by\" id=\"reviewer\" placeholder=\"your name\" autocomplete=\"name\"></label> \
         <label>Note <input name=\"note\" id=\"review-note\" size=\"40\"></label> \
         <label><input type=\"checkbox\" name=\"advance\" value=\"1\" id=\"advance\"> then next unreviewed</label><br>\
         <button name=\"status\" value=\"confirmed\" id=\"confirm\" accesskey=\"c\">Confirm <kbd>c</kbd></button> \
         <button name=\"status\" value=\"disputed\" id=\"dispute\">Dispute <kbd>d</kbd></button> \
         <button name=\"status\" value=\"rejected\" id=\"reject\">Reject <kbd>r</kbd></button> \
         <button name=\"status\" value=\"unreviewed\" id=\"reopen\">Reopen</button></form>"
    );
    let _ = write!(
        b,
        "<details class=\"card\"><summary>Correct a field or add a note</summary>\
         <form method=\"post\" action=\"/claims/{id}/correct\" id=\"correct\">{h}<label>Field <select name=\"field\">"
    );
    for f in CORRECTABLE_FIELDS {
        let _ = write!(b, "<option>{f}</option>");
    }
    let _ = write!(
        b,
        "</select></label> <label>New value <input name=\"value\" placeholder=\"empty clears it\"></label> \
         <label>Why <input name=\"note\" size=\"30\"></label> <label>Reviewer <input name=\"by\"></label> \
         <button>Record correction</button></form>\
         <form method=\"post\" action=\"/claims/{id}/note\" id=\"add-note\">{h}<label>Note <input name=\"note\" size=\"50\" required></label> \
         <label>Reviewer <input name=\"by\"></label> <button>Add note</button></form></details>"
    );
}

fn sightings(b: &mut String, v: &ClaimView) {
    let list = &v.detail.sightings_list;
    let _ = write!(
        b,
        "<h2>Sightings ({})</h2><p class=\"legend\"><mark class=\"figure\">figure</mark> \
         <mark class=\"period\">period</mark> <mark class=\"source\">attribution</mark></p>",
        list.len()
    );
    let opt = |v: &Option<String>| esc(v.as_deref().unwrap_or("—"));
    for (i, s) in list.iter().enumerate() {
        let context = v
            .sources
            .get(i)
            .filter(|src| src.article_id == s.article_id && src.span == s.span)
            .and_then(sighting_context)
            .unwrap_or_else(|| esc(&s.sentence));
        let link = s
            .url
            .as_deref()
            .and_then(safe_link)
            .map(|u| format!("<a href=\"{u}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">original article</a>"))
            .unwrap_or_else(|| format!("<span class=\"nolink\">{}</span>", esc(s.url.as_deref().unwrap_or(&s.article))));
        let _ = write!(
            b,
            "<div class=\"card sighting\"><p class=\"context\">{context}</p><p><small>{} · {} · source: {} · \
             confidence {:.2} · {link}</small></p></div>",
            opt(&s.outlet),
            opt(&s.published),
            opt(&s.source),
            s.confidence,
        );
    }
}

fn related(b: &mut String, v: &ClaimView) {
    let d = &v.detail;
    if !d.conflicting.is_empty() {
        let _ = write!(
            b,
            "<h2 class=\"conflict\" id=\"conflicts\">Conflicting figures</h2><ul>"
        );
        for c in &d.conflicting {
            let _ = write!(
                b,
                "<li><a href=\"/claims/{0}\">#{0}</a> {1} — {2} ({3} sightings, {4})</li>",
                c.id,
                esc(&c.surface),
                esc(&fmt_value(c)),
                c.sightings,
                c.status.as_str()
            );
        }
        b.push_str("</ul>");
    }
    let _ = write!(b, "<h2 id=\"similar\">Similar claims</h2>");
    match &v.similar {
        SimilarOutcome::Note(n) => {
            let _ = write!(b, "<p class=\"note\">{}</p>", esc(n));
        }
        SimilarOutcome::Found(list) if list.is_empty() => {
            b.push_str("<p class=\"note\">No similar claims found.</p>")
        }
        SimilarOutcome::Found(list) => {
            b.push_str("<ul>");
            for (c, score) in list {
                let _ = write!(
                    b,
                    "<li><a href=\"/claims/{0}\">#{0}</a> {1} — {2} · {3} <small>(similarity {score:.2})</small></li>",
                    c.id,
                    esc(&c.surface),
                    esc(&c.metric),
                    esc(c.subject.as_deref().unwrap_or("")),
                );
            }
            b.push_str("</ul>");
        }
    }
}

fn history(b: &mut String, d: &ClaimDetail) {
    let _ = write!(
        b,
        "<h2 id=\"history\">Review history</h2><table id=\"history-table\"><thead><tr><th>#</th><th>When</th>\
         <th>Who</th><th>What</th><th>Note</th></tr></thead><tbody>"
    );
    if d.history.is_empty() {
        b.push_str("<tr><td colspan=\"5\">Not reviewed yet.</td></tr>");
    }
    for h in &d.history {
        let what = match &h.correction {
            Some(c) => format!(
                "corrected {}: {} → {}",
                esc(&c.field),
                esc(c.from.as_deref().unwrap_or("—")),
                esc(c.to.as_deref().unwrap_or("—"))
            ),
            None if h.kind.is_status() => format!("{} → {}", h.from.as_str(), h.to.as_str()),
            None => "note".into(),
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{what}</td><td>{}</td></tr>",
            h.seq,
            esc(&h.at),
            esc(&h.by),
            esc(h.note.as_deref().unwrap_or(""))
        );
    }
    b.push_str("</tbody></table>");
}

pub(super) fn render(v: &ClaimView, session: &Session, notice: Option<&str>) -> String {
    let e = &v.detail.entry;
    let mut b = String::new();
    if let Some(n) = notice {
        let _ = write!(
            b,
            "<p class=\"notice\" id=\"notice\" role=\"alert\">{}</p>",
            esc(n)
        );
    }
    let _ = write!(
        b,
        "<nav class=\"queue\"><a href=\"/queue?after={0}&amp;dir=prev\" id=\"prev-unreviewed\">← previous unreviewed <kbd>k</kbd></a> \
         <a href=\"/queue?after={0}\" id=\"next-unreviewed\">next unreviewed <kbd>j</kbd> →</a></nav>\
         <h1>Claim {0}: {1}</h1>",
        e.id,
        esc(&e.surface)
    );
    b.push_str("<div class=\"columns\"><div>");
    claim_card(&mut b, v);
    review_forms(&mut b, e, session);
    history(&mut b, &v.detail);
    b.push_str("</div><div>");
    sightings(&mut b, v);
    related(&mut b, v);
    b.push_str("</div></div>");
    layout(&format!("Claim {}", e.id), &b, session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_takes_a_sentence_either_side() {
        let text = "One. Two is here. Exports rose 12% in 2023. Four follows. Five is out.";
        let a = text.find("12%").unwrap();
        let (s, e) = context_bounds(text, a, a + 3);
        assert_eq!(
            &text[s..e],
            " Two is here. Exports rose 12% in 2023. Four follows."
        );
    }

    #[test]
    fn a_blank_line_is_one_boundary() {
        let text = "Headline here\n\nExports rose 12% in 2023.\n\nNext one.\n\nLast.";
        let a = text.find("12%").unwrap();
        let (s, e) = context_bounds(text, a, a + 3);
        assert_eq!(
            &text[s..e],
            "Headline here\n\nExports rose 12% in 2023.\n\nNext one."
        );
    }

    #[test]
    fn marks_never_overlap_and_text_is_escaped() {
        let text =
            "Intro <b>. China's exports rose 12% in 2023, according to <customs>.".to_string();
        let a = text.find("12%").unwrap();
        let src = SightingSource {
            article_id: 1,
            span: [a, a + 3],
            claim: None,
            text,
        };
        let html = sighting_context(&src).unwrap();
        assert!(html.contains("<mark class=\"figure\">12%</mark>"));
        assert!(html.contains("&lt;customs&gt;"));
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn a_span_outside_the_text_gives_no_context() {
        let src = SightingSource {
            article_id: 1,
            span: [5, 50],
            claim: None,
            text: "short".into(),
        };
        assert!(sighting_context(&src).is_none());
    }
}
