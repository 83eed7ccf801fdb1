//! Picks the article container from a [`Layout`] and renders its blocks as text.
//!
//! Scoring follows Mozilla Readability: every paragraph of 25+ characters scores
//! `1 + commas + min(chars / 100, 3)`; the paragraph's parent gets it all, the grandparent half,
//! higher ancestors `1 / (3 level)`. Container scores start from their class weight and are
//! scaled by `1 - link density`. Siblings of the winner that score well or hold clean
//! paragraphs join it.

use std::sync::LazyLock;

use regex::Regex;

use super::boilerplate::{is_junk_block, is_related_heading, Kind};
use super::text::{Container, Layout};

fn tag_bonus(tag: &str) -> f32 {
    match tag {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn commas(s: &str) -> usize {
    s.chars().filter(|&c| c == ',' || c == '，').count()
}

/// `<article>` elements nested in another `<article>` that holds two or more of them are
/// teasers (WordPress "related posts" inside the post): left out like boilerplate.
fn mark_teasers(l: &mut Layout) {
    let n = l.containers.len();
    let mut outer: Vec<Option<usize>> = vec![None; n];
    let mut nested = vec![0usize; n];
    for i in 0..n {
        let Some(p) = l.containers[i].parent else {
            continue;
        };
        outer[i] = if l.containers[p].tag == "article" {
            Some(p)
        } else {
            outer[p]
        };
        if l.containers[i].tag == "article" {
            if let Some(o) = outer[i] {
                nested[o] += 1;
            }
        }
    }
    for (c, o) in l.containers.iter_mut().zip(&outer) {
        if c.tag == "article" && o.is_some_and(|o| nested[o] >= 2) {
            c.unlikely = true;
        }
    }
}

/// Sum text and link lengths bottom-up (once per page).
pub(super) fn aggregate(l: &mut Layout) {
    mark_teasers(l);
    let n = l.containers.len();
    for b in &l.blocks {
        let c = &mut l.containers[b.owner];
        c.text_len += b.text.chars().count();
        c.link_len += b.link_len;
        if matches!(b.kind, Kind::Paragraph | Kind::Cell | Kind::ListItem) {
            c.paragraphs += 1;
        }
    }
    // Children come after parents in pre-order, so a reverse sweep sums subtrees.
    for i in (1..n).rev() {
        if let Some(p) = l.containers[i].parent {
            let (t, k) = (l.containers[i].text_len, l.containers[i].link_len);
            l.containers[p].text_len += t;
            l.containers[p].link_len += k;
        }
    }
}

/// Containers left out in a strict pass: unlikely ones and everything under them.
fn excluded(l: &Layout, strict: bool) -> Vec<bool> {
    let mut out = vec![false; l.containers.len()];
    if !strict {
        return out;
    }
    for (i, c) in l.containers.iter().enumerate() {
        out[i] = c.unlikely || c.parent.is_some_and(|p| out[p]);
    }
    out
}

/// Score containers and return the chosen ones (winner first).
pub(super) fn choose(l: &mut Layout, strict: bool) -> Vec<usize> {
    let n = l.containers.len();
    if n == 0 {
        return Vec::new();
    }
    let skip = excluded(l, strict);
    for c in &mut l.containers {
        c.score = 0.0;
    }
    let mut scored = vec![false; n];
    for b in &l.blocks {
        if !matches!(b.kind, Kind::Paragraph | Kind::Cell) || skip[b.owner] {
            continue;
        }
        let len = b.text.chars().count();
        if len < 25 {
            continue;
        }
        let content = 1.0 + commas(&b.text) as f32 + (len as f32 / 100.0).min(3.0);
        let mut at = l.containers[b.owner].parent;
        // A block owned by a div (text directly in a div) scores the div itself first.
        if l.containers[b.owner].tag != "p" {
            at = Some(b.owner);
        }
        let mut level = 0;
        while let Some(c) = at {
            if level > 4 {
                break;
            }
            if !scored[c] {
                scored[c] = true;
                let cont = &mut l.containers[c];
                cont.score += cont.weight + tag_bonus(&cont.tag);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f32 * 3.0,
            };
            l.containers[c].score += content / div;
            at = l.containers[c].parent;
            level += 1;
        }
    }
    let mut best: Option<(usize, f32)> = None;
    for (i, c) in l.containers.iter_mut().enumerate() {
        if !scored[i] {
            continue;
        }
        let density = if c.text_len > 0 {
            c.link_len as f32 / c.text_len as f32
        } else {
            0.0
        };
        c.score *= 1.0 - density.min(1.0);
        let better = match best {
            None => true,
            Some((_, s)) => c.score > s,
        };
        if better {
            best = Some((i, c.score));
        }
    }
    let Some((mut top, top_score)) = best else {
        return vec![0];
    };
    // Climb while an ancestor scores comparably (the article is split over several children).
    // As Readability: stop below a third of the winner's score, take the first ancestor that
    // scores above its child.
    let mut last = top_score;
    let mut at = l.containers[top].parent;
    while let Some(p) = at {
        let s = l.containers[p].score;
        if !scored[p] || s < top_score / 3.0 || l.containers[p].tag == "body" {
            break;
        }
        if s > last {
            top = p;
            break;
        }
        last = s;
        at = l.containers[p].parent;
    }
    // Siblings that score well join the winner.
    let threshold = (l.containers[top].score * 0.2).max(10.0);
    let parent = l.containers[top].parent;
    let mut chosen = vec![top];
    if let Some(p) = parent {
        for (i, c) in l.containers.iter().enumerate() {
            if i == top || c.parent != Some(p) || skip[i] {
                continue;
            }
            let density = if c.text_len > 0 {
                c.link_len as f32 / c.text_len as f32
            } else {
                1.0
            };
            let bonus = if l.containers[top].weight > 0.0 && c.weight == l.containers[top].weight {
                l.containers[top].score * 0.2
            } else {
                0.0
            };
            let ok = (scored[i] && c.score + bonus >= threshold && density < 0.3)
                || (c.tag == "p" && c.text_len > 80 && density < 0.25);
            if ok {
                chosen.push(i);
            }
        }
    }
    add_chunks(l, &skip, &mut chosen);
    chosen
}

/// Bodies split into chunks (an ad or a pull quote between them) repeat the body container's
/// class on every chunk: other containers with the winner's class and real text join it.
/// Same tag and class, or same tag, weight and first class name (chunks often differ in a
/// modifier class: `article-body-text component` vs `article-body-text component version-2`).
fn same_kind(a: &Container, b: &Container) -> bool {
    a.tag == b.tag
        && (a.class == b.class
            || (a.weight == b.weight
                && a.class.split_whitespace().next() == b.class.split_whitespace().next()))
}

fn add_chunks(l: &Layout, skip: &[bool], chosen: &mut Vec<usize>) {
    let top = chosen[0];
    let class = &l.containers[top].class;
    if class.is_empty() || l.containers[top].weight <= 0.0 {
        return;
    }
    let n = l.containers.len();
    // Containers already covered: chosen ones and everything under them.
    let mut covered = vec![false; n];
    for &c in chosen.iter() {
        covered[c] = true;
    }
    for i in 0..n {
        if let Some(p) = l.containers[i].parent {
            covered[i] |= covered[p];
        }
    }
    // Ancestors of the winner hold it; they are not chunks.
    let mut at = l.containers[top].parent;
    while let Some(p) = at {
        covered[p] = true;
        at = l.containers[p].parent;
    }
    for (i, c) in l.containers.iter().enumerate() {
        if covered[i] || skip[i] || !same_kind(&l.containers[top], c) {
            continue;
        }
        let density = c.link_len as f32 / c.text_len.max(1) as f32;
        if c.text_len >= 200 && density < 0.3 {
            chosen.push(i);
            let mut j = i + 1;
            covered[i] = true;
            // Mark the new chunk's subtree (descendants follow it in pre-order).
            while j < n && l.containers[j].parent.is_some_and(|p| covered[p] && p >= i) {
                covered[j] = true;
                j += 1;
            }
        }
    }
}

/// Render the blocks under the chosen containers: paragraphs split by a blank line, table rows
/// as cells joined by " | ".
pub(super) fn render(l: &Layout, chosen: &[usize], strict: bool) -> String {
    let n = l.containers.len();
    let skip = excluded(l, strict);
    let mut inside = vec![false; n];
    for &c in chosen {
        if c < n {
            inside[c] = true;
        }
    }
    for i in 0..n {
        if let Some(p) = l.containers[i].parent {
            if inside[p] {
                inside[i] = true;
            }
        }
    }
    let mut out = String::new();
    let mut current_row: Option<usize> = None;
    let mut current_owner: Option<usize> = None;
    let mut current_table: Option<usize> = None;
    // Set after a "More stories" heading: the list that follows is links to other stories.
    let mut in_related_list = false;
    for b in &l.blocks {
        if !inside[b.owner] || skip[b.owner] || is_junk_block(&b.text, b.link_len) {
            continue;
        }
        if in_related_list && b.kind == Kind::ListItem {
            continue;
        }
        in_related_list = is_related_heading(&b.text);
        if in_related_list {
            continue;
        }
        // The title is its own field, and a bare dateline is metadata.
        if l.containers[b.owner].tag == "h1" || is_dateline(&b.text) || is_byline(&b.text) {
            continue;
        }
        if out.is_empty() && b.row.is_none() && b.kind == Kind::Paragraph && is_kicker(&b.text) {
            continue;
        }
        let data_row = match (b.row, b.table) {
            (Some(r), Some(t)) if !l.containers[t].layout_table => Some(r),
            _ => None,
        };
        if !out.is_empty() {
            if data_row.is_some() && data_row == current_row {
                out.push_str(if current_owner == Some(b.owner) {
                    " "
                } else {
                    " | "
                });
            } else if data_row.is_some() && current_row.is_some() && b.table == current_table {
                out.push('\n');
            } else {
                out.push_str("\n\n");
            }
        }
        out.push_str(&b.text);
        current_row = data_row;
        current_table = b.table;
        current_owner = Some(b.owner);
    }
    out
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(by|posted|published|updated|last updated|publicado|publié|veröffentlicht|pubblicato|опубліковано|опубликовано|оновлено|обновлено)\b|\bupdated\b|\d{1,2}:\d{2}\s*(am|pm|a\.m\.|p\.m\.)",
    )
    .expect("constant regex")
});

/// A short byline or "posted/updated" line carrying a date ("By HNN Staff | November 18, 2019
/// at 2:26 PM HST", "Posted on October 27, 2015 by Admin"): metadata, not text.
fn is_byline(text: &str) -> bool {
    text.len() < 160 && BYLINE.is_match(text) && super::dates::parse(text).is_some()
}

/// What stands above the story's first sentence: a kicker or section label ("GIRLS BASKETBALL",
/// "Review"), a byline without a date ("By LISA MASCARO and ERIC TUCKER", "Associated Press"),
/// a gallery counter ("1", "of"). Short, few words, not a sentence.
fn is_kicker(text: &str) -> bool {
    let t = text.trim();
    t.len() < 70
        && t.split_whitespace().count() < 9
        && !t.ends_with(['.', '!', '?', ':', '…', '"', '”', '»', '。'])
}

/// A short block that is only a date ("September 10, 2018 |", "Updated Nov. 5, 2019 10:02 a.m.").
fn is_dateline(text: &str) -> bool {
    text.len() < 48 && text.split_whitespace().count() <= 8 && super::dates::parse(text).is_some()
}
