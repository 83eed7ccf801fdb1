//! robots.txt, fetched once per origin and cached for a day (RFC 9309): a 2xx body is parsed
//! with `texting_robots`, a 4xx means "everything allowed", a 5xx or an unreachable server means
//! "nothing allowed" until the next try. The crawl-delay it names slows the host down.

use super::fetch::{Fetched, Fetcher};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

const TTL: Duration = Duration::from_secs(24 * 3600);

/// What robots.txt says about an origin.
#[derive(Debug, Clone)]
pub enum Rules {
    AllowAll,
    /// The robots.txt could not be fetched (server error, timeout): stay away for now.
    DenyAll(String),
    Robot(Arc<texting_robots::Robot>),
}

impl Rules {
    pub fn allowed(&self, url: &str) -> Result<(), String> {
        match self {
            Rules::AllowAll => Ok(()),
            Rules::DenyAll(why) => Err(format!("robots.txt unavailable ({why})")),
            Rules::Robot(r) if r.allowed(url) => Ok(()),
            Rules::Robot(_) => Err("disallowed by robots.txt".into()),
        }
    }

    pub fn crawl_delay(&self) -> Option<f32> {
        match self {
            Rules::Robot(r) => r.delay,
            _ => None,
        }
    }
}

type Cell = Arc<OnceCell<Rules>>;

/// Per-origin robots.txt rules; concurrent requests to a new origin share one fetch.
#[derive(Default)]
pub struct RobotsCache {
    cells: Mutex<HashMap<String, (Instant, Cell)>>,
}

impl RobotsCache {
    fn cell(&self, origin: &str) -> Cell {
        let Ok(mut cells) = self.cells.lock() else {
            return Arc::new(OnceCell::new());
        };
        let now = Instant::now();
        let entry = cells
            .entry(origin.to_string())
            .or_insert_with(|| (now, Arc::new(OnceCell::new())));
        if now.duration_since(entry.0) > TTL {
            *entry = (now, Arc::new(OnceCell::new()));
        }
        entry.1.clone()
    }

    /// The rules for `url`'s origin, fetching robots.txt on first use.
    pub async fn rules(&self, fetcher: &Fetcher, url: &url::Url) -> Rules {
        let origin = url.origin().ascii_serialization();
        let cell = self.cell(&origin);
        cell.get_or_init(|| async {
            let robots_url = format!("{origin}/robots.txt");
            let rules = match Box::pin(fetcher.fetch_unchecked(&robots_url)).await {
                Ok(Fetched::Page(p)) => {
                    match texting_robots::Robot::new(fetcher.user_agent(), &p.body) {
                        Ok(r) => Rules::Robot(Arc::new(r)),
                        Err(_) => Rules::AllowAll,
                    }
                }
                Ok(Fetched::NotModified { .. }) => Rules::AllowAll,
                Err(e) if e.status().is_some_and(|s| (400..500).contains(&s)) => Rules::AllowAll,
                Err(e) => Rules::DenyAll(e.to_string()),
            };
            if let (Some(host), Some(delay)) = (url.host_str(), rules.crawl_delay()) {
                fetcher.hosts().set_crawl_delay(host, delay);
            }
            rules
        })
        .await
        .clone()
    }
}
