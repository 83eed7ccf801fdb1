//! Main-text extraction: one pass over the parsed DOM turns it into text blocks owned by block
//! containers, a readability-style scorer picks the container that holds the article, and a
//! boilerplate filter keeps the blocks of that container that read like article text.
//!
//! ```text
//! <div class=story><p>Para one, long.</p><p>Para two.</p><aside>..</aside></div>
//!   -> containers [html, body, div.story, p, p]   blocks [(p#3, "Para one, long."), (p#4, ..)]
//!   -> scores flow from each paragraph to its parent (1), grandparent (1/2), then 1/(3 level)
//!   -> best container = div.story -> "Para one, long.\n\nPara two."
//! ```
//!
//! The walk uses `ego_tree`'s iterative traversal, so deeply nested documents cannot overflow
//! the stack.

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};

use super::boilerplate::{self, Kind};

/// A block-level element: the unit that collects paragraph scores.
#[derive(Debug, Clone)]
pub(super) struct Container {
    pub parent: Option<usize>,
    pub tag: String,
    /// Class/id/itemprop weight (positive for article-like names).
    pub weight: f32,
    pub score: f32,
    /// Text and link-text characters of all blocks under this container.
    pub text_len: usize,
    pub link_len: usize,
    /// Number of paragraph-like blocks directly owned by this container.
    pub paragraphs: usize,
    /// Class or id names boilerplate.
    pub unlikely: bool,
    /// For tables: some cell holds long text or a nested table (so rows are not data rows).
    pub layout_table: bool,
    /// The `class` attribute, to find the other chunks of a body split over sibling blocks.
    pub class: Box<str>,
}

/// Inline text of one block element.
#[derive(Debug, Clone)]
pub(super) struct Block {
    pub owner: usize,
    pub kind: Kind,
    pub text: String,
    pub link_len: usize,
    /// Innermost table row and table, when inside one.
    pub row: Option<usize>,
    pub table: Option<usize>,
}

/// The page as containers and blocks in document order.
#[derive(Debug, Default)]
pub(super) struct Layout {
    pub containers: Vec<Container>,
    pub blocks: Vec<Block>,
}

fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "html"
            | "body"
            | "main"
            | "article"
            | "section"
            | "div"
            | "p"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "header"
            | "center"
            | "form"
            | "fieldset"
            | "address"
            | "hr"
            | "details"
            | "summary"
            | "span-block"
    )
}

struct Walker {
    layout: Layout,
    /// Stack of open containers.
    open: Vec<usize>,
    /// DOM node of each open container, to close it on the right element.
    open_ids: Vec<NodeId>,
    buf: String,
    buf_links: usize,
    link_depth: usize,
    pre_depth: usize,
}

impl Walker {
    fn flush(&mut self) {
        let Some(&owner) = self.open.last() else {
            self.buf.clear();
            return;
        };
        let text = if self.pre_depth > 0 {
            normalize_lines(&self.buf)
        } else {
            normalize_inline(&self.buf)
        };
        self.buf.clear();
        let links = std::mem::take(&mut self.buf_links);
        if text.is_empty() {
            return;
        }
        let containers = &self.layout.containers;
        let kind = Kind::of_tag(&containers[owner].tag);
        let mut row = None;
        let mut table = None;
        for &c in self.open.iter().rev() {
            match containers[c].tag.as_str() {
                "tr" if row.is_none() => row = Some(c),
                "table" => {
                    table = Some(c);
                    break;
                }
                _ => {}
            }
        }
        if let Some(t) = table {
            if text.chars().count() > 300 {
                self.layout.containers[t].layout_table = true;
            }
        }
        self.layout.blocks.push(Block {
            owner,
            kind,
            text,
            link_len: links,
            row,
            table,
        });
    }

    fn open_container(&mut self, el: &ElementRef<'_>, tag: &str, unlikely: bool, id: NodeId) {
        self.flush();
        let parent = self.open.last().copied();
        if tag == "table" {
            let nested = self
                .open
                .iter()
                .rev()
                .find(|&&c| self.layout.containers[c].tag == "table")
                .copied();
            if let Some(outer) = nested {
                self.layout.containers[outer].layout_table = true;
            }
        }
        self.layout.containers.push(Container {
            parent,
            tag: tag.to_string(),
            weight: boilerplate::class_weight(el),
            score: 0.0,
            text_len: 0,
            link_len: 0,
            paragraphs: 0,
            layout_table: false,
            unlikely,
            class: el.value().attr("class").unwrap_or("").trim().into(),
        });
        self.open.push(self.layout.containers.len() - 1);
        self.open_ids.push(id);
    }
}

/// Walk the document once and collect containers and blocks, skipping non-content subtrees.
pub(super) fn layout(doc: &Html) -> Layout {
    let mut w = Walker {
        layout: Layout::default(),
        open: Vec::new(),
        open_ids: Vec::new(),
        buf: String::new(),
        buf_links: 0,
        link_depth: 0,
        pre_depth: 0,
    };
    let mut skipping: Option<NodeId> = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => {
                        if w.link_depth > 0 {
                            w.buf_links += t.trim().chars().count();
                        }
                        w.buf.push_str(t);
                    }
                    Node::Element(_) => {
                        let Some(el) = ElementRef::wrap(node) else {
                            continue;
                        };
                        let tag = el.value().name();
                        if boilerplate::is_skipped(&el, tag) {
                            skipping = Some(node.id());
                            continue;
                        }
                        match tag {
                            "br" => w.buf.push('\n'),
                            "a" => w.link_depth += 1,
                            "pre" => w.pre_depth += 1,
                            _ => {}
                        }
                        let unlikely = boilerplate::is_unlikely(&el, tag);
                        if is_block_tag(tag) || unlikely {
                            w.open_container(&el, tag, unlikely, node.id());
                        } else if matches!(tag, "td" | "th" | "li") {
                            w.buf.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skipping {
                    if id == node.id() {
                        skipping = None;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    let tag = e.name();
                    match tag {
                        "a" => w.link_depth = w.link_depth.saturating_sub(1),
                        "pre" => w.pre_depth = w.pre_depth.saturating_sub(1),
                        _ => {}
                    }
                    if w.open_ids.last() == Some(&node.id()) {
                        w.flush();
                        w.open.pop();
                        w.open_ids.pop();
                    } else if matches!(tag, "img" | "input") {
                        w.buf.push(' ');
                    }
                }
            }
        }
    }
    w.flush();
    w.layout
}

/// The article's main text from a parsed page.
pub(super) fn main_text(doc: &Html) -> String {
    let mut l = layout(doc);
    super::select::aggregate(&mut l);
    let strict = super::select::choose(&mut l, true);
    let text = super::select::render(&l, &strict, true);
    if text.len() >= MIN_STRICT_TEXT {
        return text;
    }
    let loose = super::select::choose(&mut l, false);
    let other = super::select::render(&l, &loose, false);
    if other.len() > text.len() {
        other
    } else {
        text
    }
}

/// Below this many bytes the strict pass (boilerplate class names left out) is retried loose.
const MIN_STRICT_TEXT: usize = 500;

/// Collapse runs of whitespace (and `<br>` line breaks) inside a block: lines are kept, each
/// line's whitespace collapsed, soft hyphens and zero-width characters dropped.
pub(super) fn normalize_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let mut pending_space = false;
        let start = out.len();
        for c in line.chars() {
            if matches!(
                c,
                '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}'
            ) {
                continue;
            }
            if c.is_whitespace() || c.is_control() {
                pending_space = true;
                continue;
            }
            if pending_space && out.len() > start {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
        if out.len() > start {
            out.push('\n');
        }
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

/// Like `normalize_inline` but every source line is kept (for `<pre>`).
fn normalize_lines(s: &str) -> String {
    normalize_inline(s)
}

/// Debug view: the best-scoring containers and what was chosen.
#[doc(hidden)]
pub fn debug_candidates(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut l = layout(&doc);
    super::select::aggregate(&mut l);
    let chosen = super::select::choose(&mut l, true);
    let mut idx: Vec<usize> = (0..l.containers.len()).collect();
    idx.sort_by(|&a, &b| l.containers[b].score.total_cmp(&l.containers[a].score));
    let mut s = format!("chosen {chosen:?} blocks {}\n", l.blocks.len());
    let mut at = chosen.first().copied();
    while let Some(i) = at {
        let c = &l.containers[i];
        s.push_str(&format!(
            "  up {i} {} {:?} score {:.1} text {}\n",
            c.tag, c.class, c.score, c.text_len
        ));
        at = c.parent;
    }
    for i in idx.into_iter().take(8) {
        let c = &l.containers[i];
        s.push_str(&format!(
            "{i} {} score {:.1} w {} text {} links {} parent {:?}\n",
            c.tag, c.score, c.weight, c.text_len, c.link_len, c.parent
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_follow_document_order_and_skip_scripts() {
        let doc = Html::parse_document(
            "<body><div>Intro <b>bold</b><p>Para</p>tail<script>var x=1;</script></div></body>",
        );
        let l = layout(&doc);
        let texts: Vec<&str> = l.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, vec!["Intro bold", "Para", "tail"]);
    }

    #[test]
    fn normalize_inline_collapses_whitespace() {
        assert_eq!(normalize_inline("  a \t b\u{ad}c \n\n d  "), "a bc\nd");
    }
}
