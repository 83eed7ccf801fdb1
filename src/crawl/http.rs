//! The HTTP side of crawling: a polite fetcher (robots.txt, per-host delay, retries with capped
//! exponential backoff and jitter, Retry-After, conditional GET, body limits, SSRF guard) and the
//! discovery of article URLs from feeds, sitemaps and seed pages.

use super::{CrawlError, CrawlSummary, FetchedPage};
use crate::config::{CrawlSettings, Settings, SourceConfig, SourceKind};
use crate::ledger::{PageState, SqliteStore, Store};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest wait a server may ask for with Retry-After before we give up on the URL.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
const MAX_REDIRECTS: usize = 10;

/// True for addresses a crawler must not reach through links: private, loopback, link-local,
/// unspecified and cloud metadata ranges.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_private() || v4.is_loopback() || v4.is_link_local() || v4.is_unspecified() || v4.is_broadcast()
                || v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1]) // CGNAT
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

/// DNS resolution that refuses private addresses unless the host is allow-listed.
struct GuardedResolver {
    allow: Arc<Vec<String>>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed = allow.iter().any(|a| a.eq_ignore_ascii_case(&host));
            let addrs: Vec<SocketAddr> = addrs.into_iter().filter(|a| allowed || !is_private(a.ip())).collect();
            if addrs.is_empty() {
                return Err(format!("{host} resolves only to private addresses (allow it in crawl.allow_private_hosts)").into());
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

fn host_allowed(url: &url::Url, allow: &[String]) -> Result<(), String> {
    let host = url.host_str().unwrap_or_default();
    if allow.iter().any(|a| a.eq_ignore_ascii_case(host)) {
        return Ok(());
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) if is_private(ip) => Err(format!("{host} is a private address (allow it in crawl.allow_private_hosts)")),
        _ => Ok(()),
    }
}

/// A polite HTTP fetcher shared by all sources of a run.
pub struct Fetcher {
    client: reqwest::Client,
    cfg: CrawlSettings,
    robots: Mutex<HashMap<String, Option<Arc<texting_robots::Robot>>>>,
    last_hit: Mutex<HashMap<String, Instant>>,
}

enum Fetched {
    Page(FetchedPage),
    NotModified,
}

impl Fetcher {
    pub fn new(cfg: &CrawlSettings) -> Result<Fetcher, CrawlError> {
        let allow = Arc::new(cfg.allow_private_hosts.clone());
        let redirect_allow = allow.clone();
        let client = reqwest::Client::builder()
            .user_agent(cfg.user_agent.clone())
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout.min(Duration::from_secs(10)))
            .dns_resolver(Arc::new(GuardedResolver { allow }))
            .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                if attempt.previous().len() >= MAX_REDIRECTS {
                    attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
                } else if let Err(e) = host_allowed(attempt.url(), &redirect_allow) {
                    attempt.error(e)
                } else {
                    attempt.follow()
                }
            }))
            .build()
            .map_err(|e| CrawlError::Fetch { url: String::new(), reason: format!("cannot build HTTP client: {e}") })?;
        Ok(Fetcher { client, cfg: cfg.clone(), robots: Mutex::default(), last_hit: Mutex::default() })
    }

    async fn robot(&self, url: &url::Url) -> Option<Arc<texting_robots::Robot>> {
        let origin = url.origin().ascii_serialization();
        if let Some(r) = self.robots.lock().ok()?.get(&origin) {
            return r.clone();
        }
        let robots_url = format!("{origin}/robots.txt");
        let robot = match self.get(&robots_url, None).await {
            Ok(Fetched::Page(p)) if p.status == 200 => {
                texting_robots::Robot::new(&self.cfg.user_agent, &p.body).ok().map(Arc::new)
            }
            _ => None,
        };
        if let Ok(mut m) = self.robots.lock() {
            m.insert(origin, robot.clone());
        }
        robot
    }

    async fn wait_turn(&self, url: &url::Url, crawl_delay: Option<f32>) {
        let host = url.host_str().unwrap_or_default().to_string();
        let delay = crawl_delay
            .map(|d| Duration::from_secs_f32(d.clamp(0.0, 60.0)))
            .unwrap_or_default()
            .max(self.cfg.per_host_delay);
        loop {
            let wait = {
                let Ok(mut hits) = self.last_hit.lock() else { return };
                let now = Instant::now();
                match hits.get(&host) {
                    Some(last) if now.duration_since(*last) < delay => Some(delay - now.duration_since(*last)),
                    _ => {
                        hits.insert(host.clone(), now);
                        None
                    }
                }
            };
            match wait {
                Some(w) => tokio::time::sleep(w).await,
                None => return,
            }
        }
    }

    /// Fetches `url` politely: robots.txt, per-host delay, retries, conditional GET.
    async fn fetch(&self, url: &str, validators: Option<&PageState>) -> Result<Fetched, CrawlError> {
        let fail = |reason: String| CrawlError::Fetch { url: url.to_string(), reason };
        let parsed = url::Url::parse(url).map_err(|e| fail(format!("not a URL: {e}")))?;
        host_allowed(&parsed, &self.cfg.allow_private_hosts).map_err(fail)?;
        let robot = self.robot(&parsed).await;
        if let Some(r) = &robot {
            if !r.allowed(url) {
                return Err(fail("disallowed by robots.txt".into()));
            }
        }
        let mut attempt = 0;
        loop {
            self.wait_turn(&parsed, robot.as_ref().and_then(|r| r.delay)).await;
            let result = self.get(url, validators).await;
            let retry_after = match &result {
                Err(Retry::Transient(_, after)) => *after,
                _ => None,
            };
            match result {
                Ok(f) => return Ok(f),
                Err(Retry::Fatal(reason)) => return Err(fail(reason)),
                Err(Retry::Transient(reason, _)) if attempt >= self.cfg.retries => return Err(fail(reason)),
                Err(Retry::Transient(reason, _)) => {
                    let wait = match retry_after {
                        Some(w) if w > MAX_RETRY_AFTER => return Err(fail(format!("{reason}; Retry-After {w:?} too long"))),
                        Some(w) => w,
                        None => backoff(attempt),
                    };
                    tracing::debug!(url, %reason, ?wait, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
            }
        }
    }

    async fn get(&self, url: &str, validators: Option<&PageState>) -> Result<Fetched, Retry> {
        let started = Instant::now();
        let mut req = self.client.get(url);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.header(reqwest::header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
            }
        }
        let mut resp = req.send().await.map_err(|e| {
            if e.is_timeout() || e.is_connect() || e.is_request() && !e.is_redirect() {
                Retry::Transient(error_chain(&e), None)
            } else {
                Retry::Fatal(error_chain(&e))
            }
        })?;
        let status = resp.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let after = resp
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err(Retry::Transient(format!("HTTP {status}"), after));
        }
        if !status.is_success() {
            return Err(Retry::Fatal(format!("HTTP {status}")));
        }
        let header = |name: reqwest::header::HeaderName| {
            resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let etag = header(reqwest::header::ETAG);
        let last_modified = header(reqwest::header::LAST_MODIFIED);
        let final_url = resp.url().to_string();
        let limit = self.cfg.max_body_bytes;
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() as u64 + chunk.len() as u64 > limit {
                        return Err(Retry::Fatal(format!("body larger than {limit} bytes")));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => return Err(Retry::Transient(error_chain(&e), None)),
                Err(e) => return Err(Retry::Fatal(error_chain(&e))),
            }
        }
        Ok(Fetched::Page(FetchedPage {
            url: url.to_string(),
            final_url,
            status: status.as_u16(),
            content_type,
            etag,
            last_modified,
            body,
            fetched_at: chrono::Utc::now().to_rfc3339(),
            elapsed_ms: started.elapsed().as_millis() as u64,
        }))
    }

    /// Discovers a source's article URLs and fetches the new or changed ones.
    pub(super) async fn source_pages(
        &self,
        source: &SourceConfig,
        store: &mut SqliteStore,
        dry_run: bool,
        summary: &mut CrawlSummary,
    ) -> Result<Vec<Result<FetchedPage, CrawlError>>, CrawlError> {
        let index = match self.fetch(&source.location, None).await {
            Ok(Fetched::Page(p)) => p,
            Ok(Fetched::NotModified) => return Ok(Vec::new()),
            Err(e) => return Ok(vec![Err(e)]),
        };
        let body = crate::article::decode(&index.body, index.content_type.as_deref());
        let mut urls = match source.kind {
            SourceKind::Feed => feed_links(&body),
            SourceKind::Sitemap => {
                let mut locs = Vec::new();
                for loc in sitemap_locs(&body) {
                    if loc.ends_with(".xml") || loc.ends_with(".xml.gz") {
                        if let Ok(Fetched::Page(p)) = self.fetch(&loc, None).await {
                            locs.extend(sitemap_locs(&String::from_utf8_lossy(&p.body)));
                        }
                    } else {
                        locs.push(loc);
                    }
                }
                locs
            }
            SourceKind::Page => page_links(&body, &index.final_url),
            SourceKind::Directory => Vec::new(),
        };
        let base = url::Url::parse(&index.final_url).ok();
        urls = urls
            .into_iter()
            .filter_map(|u| base.as_ref().and_then(|b| b.join(&u).ok()).map(|u| canonical_url(&u)))
            .collect();
        urls.dedup();
        let mut seen = std::collections::HashSet::new();
        urls.retain(|u| seen.insert(u.clone()));
        let mut out = Vec::new();
        for url in urls {
            if dry_run {
                summary.planned.push(url);
                continue;
            }
            let state = store.page_state(&url)?;
            match self.fetch(&url, state.as_ref()).await {
                Ok(Fetched::Page(p)) => {
                    store.set_page_state(
                        &url,
                        &PageState {
                            etag: p.etag.clone(),
                            last_modified: p.last_modified.clone(),
                            content_hash: Some(crate::ledger::content_hash_bytes(&p.body)),
                        },
                    )?;
                    out.push(Ok(p));
                }
                Ok(Fetched::NotModified) => summary.unchanged += 1,
                Err(e) => out.push(Err(e)),
            }
        }
        Ok(out)
    }
}

enum Retry {
    Transient(String, Option<Duration>),
    Fatal(String),
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(inner) = cur {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        cur = inner.source();
    }
    s
}

/// Capped exponential backoff with jitter: 0.5s, 1s, 2s ... up to 30s, each +-25%.
fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(500).saturating_mul(1 << attempt.min(10)).min(MAX_BACKOFF);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let jitter = 0.75 + (nanos % 1000) as f64 / 2000.0;
    base.mul_f64(jitter)
}

/// Drops fragments, default ports and tracking parameters; lower-cases scheme and host.
pub fn canonical_url(u: &url::Url) -> String {
    let mut u = u.clone();
    u.set_fragment(None);
    let kept: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !(k.starts_with("utm_") || matches!(k.as_str(), "fbclid" | "gclid" | "mc_cid" | "mc_eid" | "ref" | "cmpid"))
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(kept);
    }
    u.to_string()
}

fn xml_text(s: &str) -> String {
    s.trim()
        .trim_start_matches("<![CDATA[")
        .trim_end_matches("]]>")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

/// Item links of an RSS or Atom feed.
pub fn feed_links(xml: &str) -> Vec<String> {
    static RSS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?is)<item\b.*?<link>(.*?)</link>").expect("valid regex"));
    static ATOM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?is)<entry\b.*?<link\b[^>]*?href\s*=\s*["']([^"']+)["']"#).expect("valid regex")
    });
    RSS.captures_iter(xml).chain(ATOM.captures_iter(xml)).map(|c| xml_text(&c[1])).filter(|s| !s.is_empty()).collect()
}

/// `<loc>` entries of a sitemap or sitemap index (Google News sitemaps included).
pub fn sitemap_locs(xml: &str) -> Vec<String> {
    static LOC: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?is)<loc>(.*?)</loc>").expect("valid regex"));
    LOC.captures_iter(xml).map(|c| xml_text(&c[1])).filter(|s| !s.is_empty()).collect()
}

/// Same-host links of a seed page.
pub fn page_links(html: &str, base: &str) -> Vec<String> {
    let Ok(base) = url::Url::parse(base) else { return Vec::new() };
    let doc = scraper::Html::parse_document(html);
    let Ok(sel) = scraper::Selector::parse("a[href]") else { return Vec::new() };
    doc.select(&sel)
        .filter_map(|a| a.value().attr("href"))
        .filter_map(|h| base.join(h).ok())
        .filter(|u| u.host_str() == base.host_str() && u.as_str() != base.as_str())
        .map(|u| u.to_string())
        .collect()
}

/// Fetches one URL given on the command line (`extract https://...`), with the crawler's
/// politeness and guards.
pub async fn fetch_url(url: &str, settings: &Settings) -> Result<FetchedPage, CrawlError> {
    let fetcher = Fetcher::new(&settings.crawl)?;
    match fetcher.fetch(url, None).await? {
        Fetched::Page(p) => Ok(p),
        Fetched::NotModified => Err(CrawlError::Fetch { url: url.into(), reason: "304 without validators".into() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_refused_unless_allowed() {
        let u = url::Url::parse("http://127.0.0.1:8080/x").unwrap();
        assert!(host_allowed(&u, &[]).is_err());
        assert!(host_allowed(&u, &["127.0.0.1".into()]).is_ok());
        assert!(host_allowed(&url::Url::parse("http://169.254.169.254/").unwrap(), &[]).is_err());
        assert!(host_allowed(&url::Url::parse("http://[::1]/").unwrap(), &[]).is_err());
        assert!(host_allowed(&url::Url::parse("https://example.com/").unwrap(), &[]).is_ok());
    }

    #[test]
    fn canonical_url_drops_tracking_and_fragment() {
        let u = url::Url::parse("HTTPS://Example.COM:443/a?utm_source=x&id=3#top").unwrap();
        assert_eq!(canonical_url(&u), "https://example.com/a?id=3");
    }

    #[test]
    fn feeds_and_sitemaps_yield_links() {
        let rss = "<rss><channel><link>https://x/</link><item><title>a</title><link>https://x/a</link></item></channel></rss>";
        assert_eq!(feed_links(rss), vec!["https://x/a"]);
        let atom = r#"<feed><entry><link rel="alternate" href="https://x/b"/></entry></feed>"#;
        assert_eq!(feed_links(atom), vec!["https://x/b"]);
        assert_eq!(sitemap_locs("<urlset><url><loc> https://x/c </loc></url></urlset>"), vec!["https://x/c"]);
    }
}
