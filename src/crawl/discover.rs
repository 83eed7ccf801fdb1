//! Finding article URLs: RSS/Atom item links, sitemap and sitemap-index `<loc>`s (Google News
//! sitemaps and gzipped sitemaps included), links of seed pages, all canonicalised and filtered
//! by the source's domains and include/exclude patterns.

use crate::config::SourceConfig;
use std::io::Read;
use std::sync::LazyLock;

/// Tracking parameters dropped from URLs.
const TRACKING: &[&str] = &[
    "fbclid", "gclid", "dclid", "mc_cid", "mc_eid", "ref", "cmpid", "ocid", "igshid", "_ga",
];

/// Drops fragments, default ports and tracking parameters; lower-cases scheme and host (the
/// `url` crate does the case and port part when parsing).
pub fn canonical_url(u: &url::Url) -> String {
    let mut u = u.clone();
    u.set_fragment(None);
    if u.query().is_some() {
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| {
                let k = k.to_ascii_lowercase();
                !(k.starts_with("utm_") || TRACKING.contains(&k.as_str()))
            })
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            u.set_query(None);
        } else {
            u.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    u.to_string()
}

/// Parses `href` against `base` and canonicalises it; `None` for non-http(s) links.
pub fn resolve(base: &url::Url, href: &str) -> Option<String> {
    let u = base.join(href.trim()).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| canonical_url(&u))
}

fn xml_text(s: &str) -> String {
    s.trim()
        .trim_start_matches("<![CDATA[")
        .trim_end_matches("]]>")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

fn regex(re: &str) -> regex::Regex {
    // The patterns are constants checked by the unit tests below.
    regex::Regex::new(re).unwrap_or_else(|_| unreachable!("invalid built-in regex {re}"))
}

/// Item links of an RSS or Atom feed.
pub fn feed_links(xml: &str) -> Vec<String> {
    static RSS: LazyLock<regex::Regex> =
        LazyLock::new(|| regex(r"(?is)<item\b.*?<link>(.*?)</link>"));
    static ATOM: LazyLock<regex::Regex> =
        LazyLock::new(|| regex(r#"(?is)<entry\b.*?<link\b[^>]*?href\s*=\s*["']([^"']+)["']"#));
    RSS.captures_iter(xml)
        .chain(ATOM.captures_iter(xml))
        .map(|c| xml_text(&c[1]))
        .filter(|s| !s.is_empty())
        .collect()
}

/// A sitemap's `<loc>`s, and whether it is a sitemap index (whose locs are sitemaps).
pub fn sitemap_locs(xml: &str) -> (Vec<String>, bool) {
    static LOC: LazyLock<regex::Regex> = LazyLock::new(|| regex(r"(?is)<loc>(.*?)</loc>"));
    let locs = LOC
        .captures_iter(xml)
        .map(|c| xml_text(&c[1]))
        .filter(|s| !s.is_empty())
        .collect();
    (locs, xml.contains("<sitemapindex"))
}

/// Un-gzips a `.xml.gz` sitemap (at most `limit` bytes out); other bodies pass through.
pub fn maybe_gunzip(body: Vec<u8>, limit: u64) -> Result<Vec<u8>, String> {
    if !body.starts_with(&[0x1f, 0x8b]) {
        return Ok(body);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(body.as_slice())
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("bad gzip: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!("decompressed sitemap larger than {limit} bytes"));
    }
    Ok(out)
}

/// Every `<a href>` of a page, resolved against `base` and canonicalised.
pub fn page_links(html: &str, base: &url::Url) -> Vec<String> {
    static HREF: LazyLock<regex::Regex> =
        LazyLock::new(|| regex(r#"(?is)<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#));
    HREF.captures_iter(html)
        .filter_map(|c| c.get(1).or(c.get(2)).or(c.get(3)))
        .map(|m| m.as_str().replace("&amp;", "&"))
        .filter_map(|h| resolve(base, &h))
        .collect()
}

/// The source's rules for which discovered URLs to crawl.
pub struct LinkFilter {
    hosts: Vec<String>,
    include: Vec<regex::Regex>,
    exclude: Vec<regex::Regex>,
}

impl LinkFilter {
    pub fn new(source: &SourceConfig) -> LinkFilter {
        let compile = |v: &[String]| v.iter().filter_map(|r| regex::Regex::new(r).ok()).collect();
        let mut hosts: Vec<String> = source
            .domains
            .iter()
            .map(|d| d.to_ascii_lowercase())
            .collect();
        if hosts.is_empty() {
            hosts.extend(
                url::Url::parse(&source.location)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string)),
            );
        }
        LinkFilter {
            hosts,
            include: compile(&source.include),
            exclude: compile(&source.exclude),
        }
    }

    /// Feeds and sitemaps may list other hosts; followed links must stay on the source's.
    pub fn accepts(&self, url: &str, followed_link: bool) -> bool {
        let Ok(u) = url::Url::parse(url) else {
            return false;
        };
        let host = u.host_str().unwrap_or_default();
        if followed_link
            && !self
                .hosts
                .iter()
                .any(|h| host == h || host.ends_with(&format!(".{h}")))
        {
            return false;
        }
        (self.include.is_empty() || self.include.iter().any(|r| r.is_match(url)))
            && !self.exclude.iter().any(|r| r.is_match(url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_url_drops_tracking_fragment_default_port_and_case() {
        let u =
            url::Url::parse("HTTPS://Example.COM:443/a?utm_source=x&id=3&fbclid=9#top").unwrap();
        assert_eq!(canonical_url(&u), "https://example.com/a?id=3");
        let u = url::Url::parse("http://example.com:80/b?utm_medium=y").unwrap();
        assert_eq!(canonical_url(&u), "http://example.com/b");
    }

    #[test]
    fn feeds_and_sitemaps_yield_links() {
        let rss = "<rss><channel><link>https://x/</link><item><title>a</title><link>https://x/a</link></item></channel></rss>";
        assert_eq!(feed_links(rss), vec!["https://x/a"]);
        let atom = r#"<feed><entry><link rel="alternate" href="https://x/b"/></entry></feed>"#;
        assert_eq!(feed_links(atom), vec!["https://x/b"]);
        assert_eq!(
            sitemap_locs("<urlset><url><loc> https://x/c </loc></url></urlset>"),
            (vec!["https://x/c".into()], false)
        );
        assert!(
            sitemap_locs(
                "<sitemapindex><sitemap><loc>https://x/s.xml</loc></sitemap></sitemapindex>"
            )
            .1
        );
    }

    #[test]
    fn page_links_resolve_and_filter() {
        let base = url::Url::parse("http://h/news/").unwrap();
        let links = page_links(
            r#"<a href="a.html#x">A</a> <a href='/b?utm_source=z'>B</a> <a href=mailto:x@y>m</a>"#,
            &base,
        );
        assert_eq!(links, vec!["http://h/news/a.html", "http://h/b"]);
        let source: SourceConfig = toml::from_str(
            "name='s'\nkind='page'\nlocation='http://h/'\nexclude=['/tag/']\ninclude=['/news/']",
        )
        .unwrap();
        let f = LinkFilter::new(&source);
        assert!(f.accepts("http://h/news/1", true));
        assert!(!f.accepts("http://h/news/tag/1", true));
        assert!(!f.accepts("http://other/news/1", true));
        assert!(f.accepts("http://other/news/1", false));
    }
}
