//! What is not article text: skipped elements, class/id weights and per-block filters.
//!
//! The class and id patterns follow Mozilla Readability's (`unlikelyCandidates`,
//! `positive`, `negative`), extended with names common on news sites.

use std::sync::LazyLock;

use regex::Regex;
use scraper::ElementRef;

/// What a block is, from the tag that owns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Paragraph,
    Heading,
    ListItem,
    Cell,
    Other,
}

impl Kind {
    pub fn of_tag(tag: &str) -> Kind {
        match tag {
            "p" | "pre" | "blockquote" | "div" | "section" | "article" | "main" | "center" => {
                Kind::Paragraph
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
            "li" | "dt" | "dd" => Kind::ListItem,
            "td" | "th" => Kind::Cell,
            _ => Kind::Other,
        }
    }
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("constant regex")
}

static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|gdpr|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|newsletter|share|sharing|subscribe|signup|promo|outbrain|taboola|recirc|most-popular|trending|cookie|modal|paywall|byline|dateline|author-bio|caption|credit|tags|topics|toolbar|footer|masthead",
    )
});
static MAYBE: LazyLock<Regex> =
    LazyLock::new(|| re(r"and|article|body|column|content|main|shadow|story|entry|post|text"));
static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|paragraph|prose|rich-text",
    )
});
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|newsletter|subscribe|recommend|teaser|card",
    )
});
static BODY_HINT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"articlebody|article-body|article__body|article_body|story-body|storybody|entry-content|post-content|post-body|article-content|article__content|story-content|content-body|body-text|article-text|story-text|rich-text|body-copy|bodytext|field-body",
    )
});

/// Tags whose subtree never holds article text.
fn is_skipped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "select"
            | "option"
            | "button"
            | "textarea"
            | "input"
            | "head"
            | "title"
            | "nav"
            | "aside"
            | "footer"
            | "figure"
            | "figcaption"
            | "picture"
            | "label"
            | "dialog"
            | "menu"
    )
}

fn class_and_id(el: &ElementRef<'_>) -> String {
    let v = el.value();
    let mut s = String::new();
    if let Some(c) = v.attr("class") {
        s.push_str(c);
    }
    if let Some(i) = v.attr("id") {
        s.push(' ');
        s.push_str(i);
    }
    s.make_ascii_lowercase();
    s
}

fn is_hidden(el: &ElementRef<'_>) -> bool {
    let v = el.value();
    if v.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = v.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// Whether to drop this element and everything under it, whatever the page looks like.
pub(super) fn is_skipped(el: &ElementRef<'_>, tag: &str) -> bool {
    is_skipped_tag(tag) || is_hidden(el)
}

/// Whether class or id name boilerplate (share bars, related links, comments). Such containers
/// are left out unless leaving them out leaves too little text.
pub(super) fn is_unlikely(el: &ElementRef<'_>, tag: &str) -> bool {
    if matches!(
        tag,
        "html" | "body" | "a" | "article" | "main" | "p" | "table" | "td" | "tr"
    ) {
        return false;
    }
    let names = class_and_id(el);
    if names.is_empty() {
        return false;
    }
    if let Some(prop) = el.value().attr("itemprop") {
        if prop.contains("articleBody") || prop.contains("text") {
            return false;
        }
    }
    UNLIKELY.is_match(&names) && !MAYBE.is_match(&names) && !BODY_HINT.is_match(&names)
}

/// Readability-style weight from class, id and microdata.
pub(super) fn class_weight(el: &ElementRef<'_>) -> f32 {
    let mut w = 0.0;
    if let Some(prop) = el.value().attr("itemprop") {
        if prop.contains("articleBody") {
            w += 60.0;
        }
    }
    let names = class_and_id(el);
    if names.is_empty() {
        return w;
    }
    if BODY_HINT.is_match(&names) {
        w += 40.0;
    }
    if POSITIVE.is_match(&names) {
        w += 25.0;
    }
    if NEGATIVE.is_match(&names) {
        w -= 25.0;
    }
    w
}

static JUNK_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(advertisement|advertisement - continue reading below|ad|sponsored|story continues below( advertisement)?|continue reading( below)?|read more:?|related:?|related (articles|stories|coverage)|see also|share( this( article| story)?)?|share on (facebook|twitter)|tweet|email|print|comments?|\d+ comments?|click here.*|sign up.*|subscribe.*|follow us.*|image:.*|photo:.*|getty images|(ap )?photo|loading\.*|skip to .*|back to top|top of page|you may also like|recommended( for you)?|more from .*|watch:?.*video.*|listen to this article.*)$",
    )
});

/// Whether a kept block still reads as boilerplate (ads, share buttons, link lists).
pub(super) fn is_junk_block(text: &str, link_len: usize) -> bool {
    let len = text.chars().count();
    if len == 0 {
        return true;
    }
    if len < 80 && JUNK_LINE.is_match(text.trim()) {
        return true;
    }
    let density = link_len as f32 / len as f32;
    (density > 0.5 && len < 300) || density > 0.8
}
