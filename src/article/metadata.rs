//! Article metadata from JSON-LD, Open Graph, Dublin Core, `<meta>` tags, `<time>` elements,
//! the URL and visible bylines, in that order of trust.

use std::collections::HashMap;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use super::dates::{self, Stamp};

/// Metadata found in the page head and markup (the text is extracted separately).
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Meta {
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<Stamp>,
    pub modified: Option<String>,
    pub author: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub section: Option<String>,
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("constant selector")
}

static META: LazyLock<Selector> = LazyLock::new(|| sel("meta"));
static LD_JSON: LazyLock<Selector> = LazyLock::new(|| sel(r#"script[type="application/ld+json"]"#));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| sel(r#"link[rel~="canonical"]"#));
static TITLE: LazyLock<Selector> = LazyLock::new(|| sel("title"));
static H1: LazyLock<Selector> = LazyLock::new(|| sel("h1"));
static HTML: LazyLock<Selector> = LazyLock::new(|| sel("html"));
static TIME: LazyLock<Selector> = LazyLock::new(|| sel("time"));
static BYLINE: LazyLock<Selector> = LazyLock::new(|| {
    sel(
        r#"[rel="author"], [itemprop="author"] [itemprop="name"], .byline a, .author-name, .byline__name"#,
    )
});

/// The first non-empty `content` per lowercased `property`/`name`/`itemprop`/`http-equiv`.
fn meta_map(doc: &Html) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for m in doc.select(&META) {
        let v = m.value();
        let content = v.attr("content").or_else(|| v.attr("datetime"));
        let Some(content) = content.map(str::trim).filter(|c| !c.is_empty()) else {
            continue;
        };
        for key in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(k) = v.attr(key) {
                map.entry(k.trim().to_ascii_lowercase())
                    .or_insert_with(|| content.to_string());
            }
        }
    }
    map
}

fn first<'a>(map: &'a HashMap<String, String>, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| map.get(*k).map(String::as_str))
}

/// JSON-LD objects of an article type (top level, arrays and `@graph`), best first.
fn ld_articles(doc: &Html) -> (Vec<Value>, Vec<Value>) {
    let mut articles = Vec::new();
    let mut others = Vec::new();
    for script in doc.select(&LD_JSON) {
        let raw: String = script.text().collect();
        let raw = raw
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>");
        let Ok(value) = serde_json::from_str::<Value>(raw.trim().trim_end_matches(';')) else {
            continue;
        };
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items.into_iter().rev()),
                Value::Object(mut map) => {
                    if let Some(graph) = map.remove("@graph") {
                        stack.push(graph);
                    }
                    let kind = type_names(map.get("@type"));
                    let v = Value::Object(map);
                    if kind
                        .iter()
                        .any(|t| t.ends_with("Article") || t == "BlogPosting" || t == "Report")
                    {
                        articles.push(v);
                    } else {
                        others.push(v);
                    }
                }
                _ => {}
            }
        }
    }
    (articles, others)
}

fn type_names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

fn ld_str(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => clean(s),
        Value::Array(a) => a.iter().find_map(|x| x.as_str().and_then(clean)),
        Value::Object(o) => o.get("name").and_then(Value::as_str).and_then(clean),
        _ => None,
    }
}

fn ld_names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => clean(s).into_iter().collect(),
        Value::Array(a) => a.iter().flat_map(ld_names).collect(),
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .and_then(clean)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// Trim, collapse whitespace and decode the entities JSON-LD sometimes double-encodes.
pub(super) fn clean(s: &str) -> Option<String> {
    let s = s
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"");
    let out = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!out.is_empty()).then_some(out)
}

fn join_authors(names: Vec<String>) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for n in names {
        let n = n
            .trim_start_matches("By ")
            .trim_start_matches("by ")
            .to_string();
        if n.starts_with("http") || n.is_empty() || seen.iter().any(|s| s.eq_ignore_ascii_case(&n))
        {
            continue;
        }
        seen.push(n);
    }
    (!seen.is_empty()).then(|| seen.join(", "))
}

fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if let Ok(u) = url::Url::parse(href) {
        return Some(u.to_string());
    }
    let base = url::Url::parse(base?).ok()?;
    base.join(href).ok().map(|u| u.to_string())
}

/// Strip a trailing " | Outlet" / " - Outlet" from a `<title>`.
fn strip_site_suffix(title: &str, outlet: Option<&str>) -> String {
    for sep in [" | ", " - ", " — ", " – ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let tail_is_site = outlet.is_some_and(|o| tail.eq_ignore_ascii_case(o))
                || tail.split_whitespace().count() <= 4;
            if tail_is_site && head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn host_outlet(url: Option<&str>) -> Option<String> {
    let u = url::Url::parse(url?).ok()?;
    let host = u.host_str()?;
    Some(host.trim_start_matches("www.").to_string())
}

fn lang_code(raw: &str) -> Option<String> {
    let primary = raw.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() >= 2 && primary.len() <= 3 && primary.bytes().all(|b| b.is_ascii_alphabetic()))
        .then_some(primary)
}

fn text_of(el: ElementRef<'_>) -> Option<String> {
    clean(&el.text().collect::<String>())
}

/// Read every metadata field the page offers; `url` is the address it was fetched from.
pub(super) fn extract(doc: &Html, url: Option<&str>) -> Meta {
    let meta = meta_map(doc);
    let (articles, others) = ld_articles(doc);
    let ld = articles.first();
    let ld_any = |key: &str| {
        articles
            .iter()
            .chain(others.iter())
            .find_map(|v| ld_str(v, key))
    };

    let canonical = doc
        .select(&CANONICAL)
        .find_map(|l| l.value().attr("href").and_then(|h| absolute(h, url)));
    let page_url = canonical
        .or_else(|| first(&meta, &["og:url"]).and_then(|h| absolute(h, url)))
        .or_else(|| url.map(String::from));

    let outlet = first(&meta, &["og:site_name", "application-name", "twitter:site"])
        .and_then(clean)
        .filter(|s| !s.starts_with('@'))
        .or_else(|| {
            ld.and_then(|v| v.get("publisher"))
                .and_then(|p| ld_names(p).into_iter().next())
        })
        .or_else(|| host_outlet(page_url.as_deref().or(url)));

    let title = ld
        .and_then(|v| ld_str(v, "headline"))
        .or_else(|| {
            first(&meta, &["og:title", "twitter:title", "dc.title", "title"]).and_then(clean)
        })
        .or_else(|| {
            let h1s: Vec<_> = doc.select(&H1).filter_map(text_of).collect();
            (h1s.len() == 1).then(|| h1s[0].clone())
        })
        .or_else(|| doc.select(&TITLE).next().and_then(text_of))
        .map(|t| strip_site_suffix(&t, outlet.as_deref()));

    let ld_date = ld
        .and_then(|v| ld_str(v, "datePublished"))
        .or_else(|| others.iter().find_map(|v| ld_str(v, "datePublished")));
    let published = published(
        doc,
        &meta,
        ld_date,
        ld.is_some(),
        page_url.as_deref().or(url),
    );
    let modified = ld
        .and_then(|v| ld_str(v, "dateModified"))
        .or_else(|| {
            first(
                &meta,
                &[
                    "article:modified_time",
                    "og:updated_time",
                    "datemodified",
                    "last-modified",
                    "dcterms.modified",
                ],
            )
            .map(String::from)
        })
        .and_then(|raw| dates::parse(&raw))
        .map(|s| s.rfc3339.unwrap_or_else(|| s.date.to_string()));

    let mut names = ld
        .and_then(|v| v.get("author"))
        .map(ld_names)
        .unwrap_or_default();
    if names.is_empty() {
        for key in [
            "author",
            "article:author",
            "dc.creator",
            "parsely-author",
            "sailthru.author",
            "byl",
        ] {
            if let Some(a) = meta.get(key) {
                names.extend(a.split([',', ';']).filter_map(clean));
                break;
            }
        }
    }
    if names.is_empty() {
        names = doc
            .select(&BYLINE)
            .filter_map(text_of)
            .filter(|n| n.len() < 80)
            .take(4)
            .collect();
    }
    let author = join_authors(names);

    let lang = doc
        .select(&HTML)
        .next()
        .and_then(|h| {
            h.value()
                .attr("lang")
                .or_else(|| h.value().attr("xml:lang"))
        })
        .and_then(lang_code)
        .or_else(|| {
            first(&meta, &["content-language", "dc.language", "og:locale"]).and_then(lang_code)
        })
        .or_else(|| ld_any("inLanguage").as_deref().and_then(lang_code));

    let section = ld.and_then(|v| ld_str(v, "articleSection")).or_else(|| {
        first(
            &meta,
            &[
                "article:section",
                "parsely-section",
                "section",
                "sailthru.section",
            ],
        )
        .and_then(clean)
    });

    Meta {
        url: page_url,
        title,
        published,
        modified,
        author,
        outlet,
        lang,
        section,
    }
}

/// `ld_date` is JSON-LD `datePublished` (of the article object when `ld_is_article`).
fn published(
    doc: &Html,
    meta: &HashMap<String, String>,
    ld_date: Option<String>,
    ld_is_article: bool,
    url: Option<&str>,
) -> Option<Stamp> {
    const KEYS: [&str; 16] = [
        "article:published_time",
        "og:published_time",
        "datepublished",
        "article.published",
        "parsely-pub-date",
        "sailthru.date",
        "pubdate",
        "publishdate",
        "publish-date",
        "date",
        "dc.date.issued",
        "dc.date",
        "dcterms.created",
        "dcterms.date",
        "article_date_original",
        "cxenseparse:recs:publishtime",
    ];
    let from_ld = ld_date.as_deref().and_then(dates::parse);
    let from_meta = || {
        KEYS.iter()
            .find_map(|k| meta.get(*k).and_then(|v| dates::parse(v)))
    };
    let from_time = || {
        let times: Vec<_> = doc.select(&TIME).collect();
        times
            .iter()
            .find(|t| {
                t.value().attr("pubdate").is_some()
                    || t.value()
                        .attr("itemprop")
                        .is_some_and(|p| p.contains("ublished"))
            })
            .or(times.first())
            .and_then(|t| {
                t.value()
                    .attr("datetime")
                    .and_then(dates::parse)
                    .or_else(|| text_of(*t).as_deref().and_then(dates::parse))
            })
    };
    let from_url = || {
        url.and_then(dates::url_date).map(|date| Stamp {
            date,
            rfc3339: None,
        })
    };
    if ld_is_article {
        from_ld
            .or_else(from_meta)
            .or_else(from_time)
            .or_else(from_url)
    } else {
        from_meta().or(from_ld).or_else(from_time).or_else(from_url)
    }
}
