//! Picks the article container from a [`Layout`] and renders its blocks as text.
//!
//! Scoring follows Mozilla Readability: every paragraph of 25+ characters scores
//! `1 + commas + min(chars / 100, 3)`; the paragraph's parent gets it all, the grandparent half,
//! higher ancestors `1 / (3 level)`. Container scores start from their class weight and are
//! scaled by `1 - link density`. Siblings of the winner that score well or hold clean
//! paragraphs join it.

use super::boilerplate::{is_junk_block, Kind};
use super::text::Layout;

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

/// Sum text and link lengths bottom-up (once per page).
pub(super) fn aggregate(l: &mut Layout) {
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
    let mut last = top_score;
    let mut at = l.containers[top].parent;
    while let Some(p) = at {
        let s = l.containers[p].score;
        if !scored[p] || s < last / 3.0 || l.containers[p].tag == "body" {
            break;
        }
        if s > last {
            top = p;
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
            let ok = (scored[i] && c.score + bonus >= threshold)
                || (c.tag == "p" && c.text_len > 80 && density < 0.25);
            if ok {
                chosen.push(i);
            }
        }
    }
    chosen
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
    for b in &l.blocks {
        if !inside[b.owner] || skip[b.owner] || is_junk_block(&b.text, b.link_len) {
            continue;
        }
        // The title is its own field, and a bare dateline is metadata.
        if l.containers[b.owner].tag == "h1" || is_dateline(&b.text) {
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

/// A short block that is only a date ("September 10, 2018 |", "Updated Nov. 5, 2019 10:02 a.m.").
fn is_dateline(text: &str) -> bool {
    text.len() < 48 && text.split_whitespace().count() <= 8 && super::dates::parse(text).is_some()
}
