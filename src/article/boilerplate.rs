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
        r"-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|gdpr|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|newsletter|share|sharing|subscribe|signup|promo|outbrain|taboola|recirc|most-popular|trending|cookie|modal|byline|dateline|author-bio|caption|credit|tags|topics|toolbar|footer|masthead|\bprint-|reprint|article-tools|utility-bar",
    )
});
static MAYBE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"and|article|body|column|content|main|shadow|story|entry|post|text|social-media-embed|social-embed|twitter-tweet|instagram-media",
    )
});
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
    // Bootstrap's collapsed panels (`.collapse` without `.show`/`.in`) are display:none.
    if v.classes().any(|c| c == "collapse") && !v.classes().any(|c| c == "show" || c == "in") {
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

/// One class or id token that names a reader-comment section (WordPress `comment-list`,
/// `li.comment`, `#comments`, `#respond`, Disqus). Not `commentary`: opinion pieces use it.
static COMMENT_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(comments?([-_](list|area|section|container|wrap|wrapper|block|thread|form|respond|holder|widget))?|commentlist|comment-respond|respond|disqus_thread|dsq-content)$",
    )
});

/// Whether the element is a reader-comment section: never article text, even when the
/// article is short and the loose pass would take the comments for it.
fn is_comment_section(el: &ElementRef<'_>, tag: &str) -> bool {
    if matches!(tag, "html" | "body" | "p") {
        return false;
    }
    let v = el.value();
    v.classes().chain(v.id()).any(|name| {
        let name = name.to_ascii_lowercase();
        COMMENT_SECTION.is_match(&name)
    })
}

/// Whether to drop this element and everything under it, whatever the page looks like.
pub(super) fn is_skipped(el: &ElementRef<'_>, tag: &str) -> bool {
    is_skipped_tag(tag) || is_hidden(el) || is_comment_section(el, tag)
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
        r"(?i)^(advertisement|advertisement - continue reading below|ad|sponsored|story continues below( advertisement)?|continue reading( below)?|read more:?|related:?|related (articles|stories|coverage)|see also|share( this( article| story)?)?|share on (facebook|twitter)|tweet|email|print|comments?|\d+ comments?|click here.*|sign up.*|subscribe.*|follow us.*|image:.*|photo:.*|getty images|(ap )?photo|loading\.*|skip to .*|back to top|top of page|you may also like|recommended( for you)?|more from .*|watch:?.*video.*|listen to this article.*|order reprints?|print article|text size|\d+ min(ute)?s? read|(estimated )?reading time:?.*|tempo de leitura:?.*|tiempo de lectura:?.*|temps de lecture:?.*|lesezeit:?.*|время (чтения|прочтения):?.*|час читання:?.*|image \d+ of \d+|updated|tl;dr|adverts?|anzeige|реклама|publicidade?|publicité|pubblicità|iklan|image|фото:.*|back to gallery|sharing is caring!?|like this:|like loading\.*|\d+ shares?|shares|this slideshow requires javascript\.?|tell us what you think.*|terkait|sukai ini:|suka memuat\.*|this copy is for your personal,? non-commercial use only.*)$",
    )
});

static RELATED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^((more|other|related|recommended|popular|top|latest|trending)\b.{0,30}\b(stories|articles|news|reads|posts|links|coverage)|you (may|might) (also )?(like|enjoy)|read (more|also|next)|also read|see also|don'?t miss|most (read|popular|viewed)|related( content| links)?|recommended( for you)?|you (may|might) also be interested in|(você )?(também )?pode gostar|veja também|leia também|(también )?te puede interesar|lee también|noticias relacionadas|(à )?lire aussi|sur le même sujet|lesen sie auch|mehr zum thema|leggi anche|potrebbe interessarti|czytaj (też|także)|zobacz (też|także)|читайте (также|також)|по теме|за темою|похожие (статьи|новости)|схожі (статті|новини))\W*$",
    )
});

/// A short heading that opens a list of links to other stories ("More Great WIRED Stories",
/// "Related coverage", "You may also like").
pub(super) fn is_related_heading(text: &str) -> bool {
    text.len() < 80 && RELATED_HEADING.is_match(text.trim())
}

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
    // A linked lead sentence followed by its own text (list-style roundups) is content.
    (density > 0.5 && len < 300 && len.saturating_sub(link_len) < 100) || density > 0.8
}
