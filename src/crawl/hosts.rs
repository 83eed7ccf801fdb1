//! Per-host politeness: at most `per_host_concurrency` requests in flight to one host, at least
//! `delay` between two request starts (robots.txt crawl-delay wins when longer, a 429/503
//! Retry-After pushes the next start back), and a time budget per host and run.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

struct Host {
    slots: Arc<Semaphore>,
    next_start: Instant,
    delay: Duration,
    spent: Duration,
}

/// Shared by every task of a crawl run.
pub struct HostLimiter {
    per_host: usize,
    min_delay: Duration,
    budget: Duration,
    hosts: Mutex<HashMap<String, Host>>,
}

/// Held while a request to the host is in flight.
pub struct HostPermit {
    _permit: OwnedSemaphorePermit,
}

impl HostLimiter {
    pub fn new(per_host: usize, min_delay: Duration, budget: Duration) -> HostLimiter {
        HostLimiter {
            per_host: per_host.max(1),
            min_delay,
            budget,
            hosts: Mutex::default(),
        }
    }

    fn with<T>(&self, host: &str, f: impl FnOnce(&mut Host) -> T) -> Option<T> {
        let mut hosts = self.hosts.lock().ok()?;
        let h = hosts.entry(host.to_string()).or_insert_with(|| Host {
            slots: Arc::new(Semaphore::new(self.per_host)),
            next_start: Instant::now(),
            delay: self.min_delay,
            spent: Duration::ZERO,
        });
        Some(f(h))
    }

    /// Raises the host's delay to robots.txt's crawl-delay (capped at a minute).
    pub fn set_crawl_delay(&self, host: &str, secs: f32) {
        let d = Duration::from_secs_f32(secs.clamp(0.0, 60.0));
        self.with(host, |h| h.delay = h.delay.max(d));
    }

    /// Pushes the host's next request start back by `wait` (Retry-After).
    pub fn defer(&self, host: &str, wait: Duration) {
        self.with(host, |h| {
            h.next_start = h.next_start.max(Instant::now() + wait)
        });
    }

    /// When the host may next be asked (for the scheduler; `acquire` enforces it).
    pub fn ready_at(&self, host: &str) -> Instant {
        self.with(host, |h| h.next_start)
            .unwrap_or_else(Instant::now)
    }

    /// Free request slots of the host.
    pub fn available(&self, host: &str) -> usize {
        self.with(host, |h| h.slots.available_permits())
            .unwrap_or(0)
    }

    /// Waits for a slot and for the host's turn, then reserves the next start.
    pub async fn acquire(&self, host: &str) -> Option<HostPermit> {
        let slots = self.with(host, |h| h.slots.clone())?;
        let permit = slots.acquire_owned().await.ok()?;
        let start = self.with(host, |h| {
            let start = h.next_start.max(Instant::now());
            h.next_start = start + h.delay;
            start
        })?;
        tokio::time::sleep_until(start.into()).await;
        Some(HostPermit { _permit: permit })
    }

    /// Adds time spent on the host; true once its budget is used up.
    pub fn charge(&self, host: &str, took: Duration) -> bool {
        self.with(host, |h| {
            h.spent += took;
            h.spent >= self.budget
        })
        .unwrap_or(false)
    }

    pub fn exhausted(&self, host: &str) -> bool {
        self.with(host, |h| h.spent >= self.budget).unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn requests_to_one_host_are_spaced_by_the_delay() {
        let hosts = HostLimiter::new(4, Duration::from_millis(40), Duration::from_secs(60));
        let t0 = Instant::now();
        for _ in 0..3 {
            let _p = hosts.acquire("a").await;
        }
        assert!(t0.elapsed() >= Duration::from_millis(80));
        let t1 = Instant::now();
        let _q = hosts.acquire("b").await;
        assert!(
            t1.elapsed() < Duration::from_millis(30),
            "other hosts do not wait"
        );
    }

    #[test]
    fn budget_is_per_host() {
        let hosts = HostLimiter::new(1, Duration::ZERO, Duration::from_secs(1));
        assert!(!hosts.charge("a", Duration::from_millis(600)));
        assert!(hosts.charge("a", Duration::from_millis(600)));
        assert!(hosts.exhausted("a") && !hosts.exhausted("b"));
    }
}
