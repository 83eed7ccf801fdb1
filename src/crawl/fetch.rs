//! One polite, guarded HTTP fetch: SSRF check and robots.txt on every hop, per-host slots and
//! delays, redirects followed by hand (limit, loop detection, each hop checked and recorded),
//! retries with capped exponential backoff and jitter on timeouts, resets, 429 and 5xx
//! (Retry-After honoured), conditional GET, and limits on body and decompressed size.

use super::guard::{check_url, GuardedResolver};
use super::hosts::HostLimiter;
use super::robots::RobotsCache;
use super::{CrawlError, FetchedPage};
use crate::config::CrawlSettings;
use crate::ledger::PageState;
use reqwest::header::{self, HeaderMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest wait a server may ask for with Retry-After before the URL is given up for this run.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// Why a URL was not fetched. `is_skip` ones are decisions, the rest failures.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    #[error("not a URL: {0}")]
    BadUrl(String),
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Robots(String),
    #[error("not an article page ({0})")]
    NotHtml(String),
    #[error("HTTP {0}")]
    Status(u16),
    #[error("body larger than {0} bytes")]
    TooLarge(u64),
    #[error("decompressed body larger than {0} bytes (compression bomb?)")]
    Decompressed(u64),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("redirect loop back to {0}")]
    RedirectLoop(String),
    #[error("redirect without a usable Location")]
    BadRedirect,
    #[error("Retry-After {0:?} is longer than the crawler waits")]
    RetryAfterTooLong(Duration),
    #[error("time budget for this host is spent")]
    HostBudget,
    #[error("{0}")]
    Network(String),
    #[error("cannot read: {0}")]
    Read(String),
    #[error("extraction crashed: {0}")]
    Internal(String),
}

impl FetchError {
    /// Skips are decisions (robots, content type, budget); everything else is a failure.
    pub fn is_skip(&self) -> bool {
        matches!(
            self,
            FetchError::Robots(_) | FetchError::NotHtml(_) | FetchError::HostBudget
        )
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status(s) => Some(*s),
            _ => None,
        }
    }
}

/// A fetch that worked.
#[derive(Debug)]
pub enum Fetched {
    Page(FetchedPage),
    /// 304: the validators still hold.
    NotModified {
        final_url: String,
        elapsed_ms: u64,
    },
}

enum Hop {
    Done(Fetched),
    Redirect(url::Url),
}

enum Attempt {
    /// Worth another try: why, the server's Retry-After, the HTTP status if there was one.
    Transient(String, Option<Duration>, Option<u16>),
    Fatal(FetchError),
}

/// One try that failed and was tried again; the crawl log gets a row for each, so a page that
/// took three tries shows three rows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RetriedAttempt {
    /// The URL of this hop (a redirect target, when the retry was after a redirect).
    pub url: String,
    pub status: Option<u16>,
    pub error: String,
    pub elapsed_ms: u64,
    /// 1 for the first try.
    pub attempt: u32,
    /// How long the crawler waited before the next try.
    pub retry_in_ms: u64,
}

/// A polite HTTP fetcher shared by all tasks of a crawl (and by consecutive scheduled runs).
pub struct Fetcher {
    client: reqwest::Client,
    cfg: CrawlSettings,
    robots: RobotsCache,
    hosts: HostLimiter,
}

impl Fetcher {
    pub fn new(cfg: &CrawlSettings) -> Result<Fetcher, CrawlError> {
        let client = reqwest::Client::builder()
            .user_agent(cfg.user_agent.clone())
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout.min(Duration::from_secs(10)))
            .dns_resolver(Arc::new(GuardedResolver {
                allow: Arc::new(cfg.allow_private_hosts.clone()),
            }))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| CrawlError::Client(e.to_string()))?;
        let hosts = HostLimiter::new(
            cfg.per_host_concurrency,
            cfg.per_host_delay,
            cfg.host_time_budget,
        );
        Ok(Fetcher {
            client,
            cfg: cfg.clone(),
            robots: RobotsCache::default(),
            hosts,
        })
    }

    pub fn user_agent(&self) -> &str {
        &self.cfg.user_agent
    }

    pub fn hosts(&self) -> &HostLimiter {
        &self.hosts
    }

    /// Fetches an article page: only HTML, XML or text is read.
    pub async fn fetch(
        &self,
        url: &str,
        validators: Option<&PageState>,
    ) -> Result<Fetched, FetchError> {
        self.fetch_inner(url, validators, true, false, &mut Vec::new())
            .await
    }

    /// As [`fetch`](Self::fetch), adding each retried try to `retried`.
    pub async fn fetch_logged(
        &self,
        url: &str,
        validators: Option<&PageState>,
        retried: &mut Vec<RetriedAttempt>,
    ) -> Result<Fetched, FetchError> {
        self.fetch_inner(url, validators, true, false, retried)
            .await
    }

    /// Fetches a feed, sitemap or robots.txt-free resource of any content type.
    pub async fn fetch_index(&self, url: &str) -> Result<Fetched, FetchError> {
        self.fetch_inner(url, None, true, true, &mut Vec::new())
            .await
    }

    /// As [`fetch_index`](Self::fetch_index), adding each retried try to `retried`.
    pub async fn fetch_index_logged(
        &self,
        url: &str,
        retried: &mut Vec<RetriedAttempt>,
    ) -> Result<Fetched, FetchError> {
        self.fetch_inner(url, None, true, true, retried).await
    }

    /// For robots.txt itself: every guard but robots.txt.
    pub(super) async fn fetch_unchecked(&self, url: &str) -> Result<Fetched, FetchError> {
        self.fetch_inner(url, None, false, true, &mut Vec::new())
            .await
    }

    async fn fetch_inner(
        &self,
        url: &str,
        validators: Option<&PageState>,
        check_robots: bool,
        any_type: bool,
        retried: &mut Vec<RetriedAttempt>,
    ) -> Result<Fetched, FetchError> {
        let started = Instant::now();
        let mut current =
            url::Url::parse(url).map_err(|e| FetchError::BadUrl(format!("{url}: {e}")))?;
        let mut chain: Vec<String> = Vec::new();
        let mut validators = validators;
        loop {
            check_url(&current, &self.cfg.allow_private_hosts).map_err(FetchError::Refused)?;
            if check_robots {
                self.robots
                    .rules(self, &current)
                    .await
                    .allowed(current.as_str())
                    .map_err(FetchError::Robots)?;
            }
            match self
                .with_retries(&current, validators, any_type, retried)
                .await?
            {
                Hop::Done(Fetched::Page(mut p)) => {
                    p.url = url.to_string();
                    p.redirects = chain;
                    p.elapsed_ms = started.elapsed().as_millis() as u64;
                    return Ok(Fetched::Page(p));
                }
                Hop::Done(not_modified) => return Ok(not_modified),
                Hop::Redirect(next) => {
                    chain.push(current.to_string());
                    if chain.len() > self.cfg.max_redirects {
                        return Err(FetchError::TooManyRedirects(self.cfg.max_redirects));
                    }
                    if chain.iter().any(|c| c == next.as_str()) {
                        return Err(FetchError::RedirectLoop(next.to_string()));
                    }
                    validators = None;
                    current = next;
                }
            }
        }
    }

    async fn with_retries(
        &self,
        url: &url::Url,
        validators: Option<&PageState>,
        any_type: bool,
        retried: &mut Vec<RetriedAttempt>,
    ) -> Result<Hop, FetchError> {
        let host = url.host_str().unwrap_or_default().to_string();
        let mut attempt = 0;
        loop {
            if self.hosts.exhausted(&host) {
                return Err(FetchError::HostBudget);
            }
            let permit = self.hosts.acquire(&host).await;
            let t0 = Instant::now();
            let result = self.attempt(url, validators, any_type).await;
            drop(permit);
            self.hosts.charge(&host, t0.elapsed());
            let elapsed_ms = t0.elapsed().as_millis() as u64;
            let (reason, after, status) = match result {
                Ok(hop) => return Ok(hop),
                Err(Attempt::Fatal(e)) => return Err(e),
                Err(Attempt::Transient(reason, after, status)) => (reason, after, status),
            };
            if attempt >= self.cfg.retries {
                return Err(FetchError::Network(format!(
                    "{reason} (after {} tries)",
                    attempt + 1
                )));
            }
            let wait = match after {
                Some(w) if w > MAX_RETRY_AFTER => return Err(FetchError::RetryAfterTooLong(w)),
                Some(w) => {
                    self.hosts.defer(&host, w);
                    w
                }
                None => backoff(attempt, self.cfg.backoff, self.cfg.max_backoff),
            };
            tracing::debug!(%url, %reason, ?wait, "retrying");
            retried.push(RetriedAttempt {
                url: url.to_string(),
                status,
                error: reason,
                elapsed_ms,
                attempt: attempt + 1,
                retry_in_ms: wait.as_millis() as u64,
            });
            tokio::time::sleep(wait).await;
            self.hosts.charge(&host, wait);
            attempt += 1;
        }
    }

    async fn attempt(
        &self,
        url: &url::Url,
        validators: Option<&PageState>,
        any_type: bool,
    ) -> Result<Hop, Attempt> {
        let mut req = self.client.get(url.clone());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        let started = Instant::now();
        let mut resp = req
            .send()
            .await
            .map_err(|e| Attempt::Transient(error_chain(&e), None, None))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = |name: header::HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if status.is_redirection() && status != reqwest::StatusCode::NOT_MODIFIED {
            let next = text(header::LOCATION)
                .and_then(|l| url.join(&l).ok())
                .ok_or(Attempt::Fatal(FetchError::BadRedirect))?;
            return Ok(Hop::Redirect(next));
        }
        if status == reqwest::StatusCode::NOT_MODIFIED {
            let elapsed_ms = started.elapsed().as_millis() as u64;
            return Ok(Hop::Done(Fetched::NotModified {
                final_url: url.to_string(),
                elapsed_ms,
            }));
        }
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            return Err(Attempt::Transient(
                format!("HTTP {status}"),
                retry_after(&headers),
                Some(status.as_u16()),
            ));
        }
        if !status.is_success() {
            return Err(Attempt::Fatal(FetchError::Status(status.as_u16())));
        }
        let content_type = text(header::CONTENT_TYPE);
        if !any_type {
            let ct = content_type
                .clone()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if !(ct.is_empty()
                || ct.contains("html")
                || ct.contains("xml")
                || ct.starts_with("text/"))
            {
                return Err(Attempt::Fatal(FetchError::NotHtml(ct)));
            }
        }
        if resp
            .content_length()
            .is_some_and(|n| n > self.cfg.max_body_bytes)
        {
            return Err(Attempt::Fatal(FetchError::TooLarge(
                self.cfg.max_body_bytes,
            )));
        }
        // reqwest decompresses transparently: count what comes out, not what came in.
        let limit = self.cfg.max_decompressed_bytes;
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() as u64 + chunk.len() as u64 > limit {
                        return Err(Attempt::Fatal(FetchError::Decompressed(limit)));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(Attempt::Transient(error_chain(&e), None, None)),
            }
        }
        Ok(Hop::Done(Fetched::Page(FetchedPage {
            url: url.to_string(),
            final_url: url.to_string(),
            status: status.as_u16(),
            content_type,
            etag: text(header::ETAG),
            last_modified: text(header::LAST_MODIFIED),
            body,
            fetched_at: chrono::Utc::now().to_rfc3339(),
            elapsed_ms: started.elapsed().as_millis() as u64,
            redirects: Vec::new(),
        })))
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (at.timestamp() - chrono::Utc::now().timestamp()).max(0);
    Some(Duration::from_secs(secs as u64))
}

pub(super) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(inner) = cur {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        cur = inner.source();
    }
    s
}

/// Capped exponential backoff with +-25% jitter: base, 2*base, 4*base ... up to `cap`.
pub fn backoff(attempt: u32, base: Duration, cap: Duration) -> Duration {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEED: AtomicU64 = AtomicU64::new(0x9e37_79b9_7f4a_7c15);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    // xorshift over a shared seed, so tasks retrying at the same instant still spread out.
    let mut x = SEED.fetch_add(nanos | 1, Ordering::Relaxed) ^ nanos;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    let jitter = 0.75 + (x % 1000) as f64 / 2000.0;
    base.saturating_mul(1 << attempt.min(16))
        .min(cap)
        .mul_f64(jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let (base, cap) = (Duration::from_millis(100), Duration::from_secs(1));
        let b0 = backoff(0, base, cap);
        assert!(
            b0 >= Duration::from_millis(75) && b0 <= Duration::from_millis(125),
            "{b0:?}"
        );
        let b3 = backoff(3, base, cap);
        assert!(
            b3 >= Duration::from_millis(600) && b3 <= Duration::from_millis(1000),
            "{b3:?}"
        );
        assert!(backoff(30, base, cap) <= Duration::from_millis(1250));
    }

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(header::RETRY_AFTER, header::HeaderValue::from_static("2"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert(
            header::RETRY_AFTER,
            header::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
    }
}
