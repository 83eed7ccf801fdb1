//! The crawl driver: discovery into the persisted frontier, then a scheduler that keeps at most
//! `crawl.concurrency` fetches in flight, round-robin over hosts, never more than
//! `per_host_concurrency` per host nor before the host's next allowed start. Extraction runs on
//! the blocking pool (at most one job per core); every outcome goes to the ledger writer.

use super::discover::{maybe_gunzip, page_links, resolve, sitemap_locs, LinkFilter};
use super::fetch::{FetchError, Fetched, Fetcher};
use super::relevance::RelevanceGate;
use super::warc::{warc_files, WarcReader, WarcWriter};
use super::writer::{Msg, Outcome, PageReport, Writer};
use super::{directory, CrawlError, CrawlOptions, CrawlSummary};
use crate::config::{Settings, SourceConfig, SourceKind};
use crate::ledger::{content_hash_bytes, FrontierEntry, PageState, SqliteStore, Store};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinSet;

/// A feed, sitemap or seed fetch: its URL, what came of it, the tries that were retried.
type IndexFetch = (String, Outcome, Vec<super::fetch::RetriedAttempt>);

/// Sitemap indexes nest at most this deep.
const MAX_SITEMAP_NESTING: u32 = 3;

/// A crawler; keep one across scheduled runs so robots.txt and host state stay cached.
pub struct Crawler {
    settings: Arc<Settings>,
    fetcher: Arc<Fetcher>,
    extract_slots: Arc<Semaphore>,
    /// The sentence-embedding gate, when `[crawl.relevance]` is enabled.
    relevance: Option<Arc<RelevanceGate>>,
}

struct Job {
    source: usize,
    url: String,
    depth: u32,
    validators: Option<PageState>,
}

struct Done {
    source: usize,
    host: String,
    depth: u32,
    links: Vec<String>,
}

struct Scheduler {
    queues: HashMap<String, VecDeque<Job>>,
    order: VecDeque<String>,
    in_flight: HashMap<String, usize>,
    seen: HashSet<(usize, String)>,
    dispatched: Vec<usize>,
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

impl Scheduler {
    fn push(&mut self, job: Job) {
        let host = host_of(&job.url);
        let q = self.queues.entry(host.clone()).or_default();
        if q.is_empty() && !self.order.contains(&host) {
            self.order.push_back(host);
        }
        q.push_back(job);
    }

    fn is_empty(&self) -> bool {
        self.queues.values().all(VecDeque::is_empty)
    }
}

impl Crawler {
    /// With `[crawl.relevance]` enabled this loads the sentence-embedding model (a second or
    /// two); a missing model is an error, since the run would let off-topic pages through.
    pub fn new(settings: &Settings) -> Result<Crawler, CrawlError> {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        let relevance = match &settings.crawl.relevance {
            Some(r) => Some(Arc::new(RelevanceGate::start(r, &settings.model_dir)?)),
            None => None,
        };
        Ok(Crawler {
            settings: Arc::new(settings.clone()),
            fetcher: Arc::new(Fetcher::new(&settings.crawl)?),
            extract_slots: Arc::new(Semaphore::new(cores)),
            relevance,
        })
    }

    fn sources(&self, opts: &CrawlOptions) -> Vec<Arc<SourceConfig>> {
        let wanted = |s: &SourceConfig| {
            opts.sources
                .as_ref()
                .map_or(true, |names| names.contains(&s.name))
        };
        self.settings
            .sources
            .iter()
            .filter(|s| wanted(s))
            .cloned()
            .map(Arc::new)
            .collect()
    }

    /// Crawls the sources once (or until `opts.shutdown`) and records what is new.
    pub async fn run(
        &self,
        store: &mut SqliteStore,
        opts: &CrawlOptions,
    ) -> Result<CrawlSummary, CrawlError> {
        let sources = self.sources(opts);
        if opts.dry_run {
            return self.plan(store, &sources).await;
        }
        let writer_store = SqliteStore::open(store.path())?;
        let archive = self
            .settings
            .crawl
            .archive_dir
            .as_deref()
            .map(WarcWriter::new);
        let (tx, rx) = mpsc::channel(256);
        let writer = Writer::new(writer_store, archive, opts.progress);
        let handle = std::thread::spawn(move || writer.run(rx));
        let driven = self.drive(store, &sources, tx, opts).await;
        let written = tokio::task::spawn_blocking(move || handle.join()).await;
        let mut summary = match written {
            Ok(Ok(result)) => result?,
            _ => return Err(CrawlError::WriterGone),
        };
        summary.interrupted = driven?;
        Ok(summary)
    }

    /// Discovers and fetches; returns whether it was interrupted.
    async fn drive(
        &self,
        store: &mut SqliteStore,
        sources: &[Arc<SourceConfig>],
        tx: mpsc::Sender<Msg>,
        opts: &CrawlOptions,
    ) -> Result<bool, CrawlError> {
        let send = |msg| {
            let tx = tx.clone();
            async move { tx.send(msg).await.map_err(|_| CrawlError::WriterGone) }
        };
        let mut sched = Scheduler {
            queues: HashMap::new(),
            order: VecDeque::new(),
            in_flight: HashMap::new(),
            seen: HashSet::new(),
            dispatched: vec![0; sources.len()],
        };
        for (i, source) in sources.iter().enumerate() {
            if matches!(source.kind, SourceKind::Directory | SourceKind::Warc) {
                self.read_local(source.clone(), tx.clone()).await?;
                continue;
            }
            let resuming = !store.frontier_pending(&source.name)?.is_empty();
            let (urls, indexes) = self.discover(source).await;
            for (url, outcome, retried) in indexes {
                let report = PageReport {
                    source: source.name.clone(),
                    frontier_url: None,
                    url,
                    remember: false,
                    outcome,
                    retried,
                };
                send(Msg::Page(Box::new(report))).await?;
            }
            let entries: Vec<FrontierEntry> = urls
                .into_iter()
                .map(|url| FrontierEntry { url, depth: 0 })
                .collect();
            store.frontier_add(&source.name, &entries, !resuming)?;
            if resuming {
                tracing::info!(source = %source.name, "resuming an interrupted crawl from its frontier");
            }
            let pending = store.frontier_pending(&source.name)?;
            let queued = pending.len().min(self.settings.crawl.max_pages_per_source);
            send(Msg::Planned(queued)).await?;
            for e in pending {
                if sched.seen.insert((i, e.url.clone())) {
                    let validators = store.page_state(&e.url)?;
                    sched.push(Job {
                        source: i,
                        url: e.url,
                        depth: e.depth,
                        validators,
                    });
                }
            }
        }
        let cfg = &self.settings.crawl;
        let mut tasks: JoinSet<Done> = JoinSet::new();
        let mut shutdown = opts.shutdown.clone();
        let filters: Vec<LinkFilter> = sources.iter().map(|s| LinkFilter::new(s)).collect();
        let mut interrupted = false;
        loop {
            self.dispatch(&mut sched, &mut tasks, sources, &tx, &send)
                .await?;
            if tasks.is_empty() && sched.is_empty() {
                break;
            }
            let wake = self.next_wake(&sched);
            tokio::select! {
                joined = tasks.join_next(), if !tasks.is_empty() => {
                    if let Some(Ok(done)) = joined {
                        self.finished(store, &mut sched, done, sources, &filters, &send).await?;
                    }
                }
                _ = tokio::time::sleep_until(wake.into()) => {}
                _ = stopped(&mut shutdown) => {
                    interrupted = true;
                    break;
                }
            }
        }
        if interrupted {
            eprintln!(
                "stopping: waiting up to {:?} for requests in flight",
                cfg.drain_timeout
            );
            let deadline = tokio::time::Instant::now() + cfg.drain_timeout;
            while let Ok(Some(_)) = tokio::time::timeout_at(deadline, tasks.join_next()).await {}
            tasks.abort_all();
            while tasks.join_next().await.is_some() {}
        }
        Ok(interrupted)
    }

    fn next_wake(&self, sched: &Scheduler) -> Instant {
        let hosts = self.fetcher.hosts();
        let soon = Instant::now() + Duration::from_secs(1);
        sched
            .queues
            .iter()
            .filter(|(h, q)| !q.is_empty() && hosts.available(h) > 0)
            .map(|(h, _)| {
                hosts
                    .ready_at(h)
                    .max(Instant::now() + Duration::from_millis(1))
            })
            .min()
            .unwrap_or(soon)
            .min(soon)
    }

    async fn dispatch<F, Fut>(
        &self,
        sched: &mut Scheduler,
        tasks: &mut JoinSet<Done>,
        sources: &[Arc<SourceConfig>],
        tx: &mpsc::Sender<Msg>,
        send: &F,
    ) -> Result<(), CrawlError>
    where
        F: Fn(Msg) -> Fut,
        Fut: std::future::Future<Output = Result<(), CrawlError>>,
    {
        let cfg = &self.settings.crawl;
        let hosts = self.fetcher.hosts();
        let mut progressed = true;
        while progressed && tasks.len() < cfg.concurrency {
            progressed = false;
            for _ in 0..sched.order.len() {
                if tasks.len() >= cfg.concurrency {
                    break;
                }
                let Some(host) = sched.order.pop_front() else {
                    break;
                };
                let Some(queue) = sched.queues.get_mut(&host) else {
                    continue;
                };
                if queue.is_empty() {
                    sched.queues.remove(&host);
                    continue;
                }
                if hosts.exhausted(&host) {
                    for job in queue.drain(..) {
                        let report = PageReport {
                            source: sources[job.source].name.clone(),
                            frontier_url: None,
                            url: job.url,
                            remember: false,
                            outcome: Outcome::Failed {
                                error: FetchError::HostBudget,
                                elapsed_ms: 0,
                            },
                            retried: Vec::new(),
                        };
                        send(Msg::Page(Box::new(report))).await?;
                    }
                    continue;
                }
                let busy =
                    sched.in_flight.get(&host).copied().unwrap_or(0) >= cfg.per_host_concurrency;
                if busy || hosts.ready_at(&host) > Instant::now() + Duration::from_millis(2) {
                    sched.order.push_back(host);
                    continue;
                }
                let Some(job) = queue.pop_front() else {
                    continue;
                };
                sched.order.push_back(host.clone());
                if sched.dispatched[job.source] >= cfg.max_pages_per_source {
                    continue; // stays pending in the frontier for the next run
                }
                sched.dispatched[job.source] += 1;
                *sched.in_flight.entry(host.clone()).or_default() += 1;
                let source = sources[job.source].clone();
                tasks.spawn(page_task(self.task_ctx(), source, job, host, tx.clone()));
                progressed = true;
            }
        }
        Ok(())
    }

    fn task_ctx(&self) -> TaskCtx {
        TaskCtx {
            fetcher: self.fetcher.clone(),
            extract_slots: self.extract_slots.clone(),
            min_confidence: self.settings.min_confidence,
            relevance: self.relevance.clone(),
        }
    }

    async fn finished<F, Fut>(
        &self,
        store: &mut SqliteStore,
        sched: &mut Scheduler,
        done: Done,
        sources: &[Arc<SourceConfig>],
        filters: &[LinkFilter],
        send: &F,
    ) -> Result<(), CrawlError>
    where
        F: Fn(Msg) -> Fut,
        Fut: std::future::Future<Output = Result<(), CrawlError>>,
    {
        if let Some(n) = sched.in_flight.get_mut(&done.host) {
            *n = n.saturating_sub(1);
        }
        let mut entries = Vec::new();
        for link in done.links {
            if filters[done.source].accepts(&link, true)
                && sched.seen.insert((done.source, link.clone()))
            {
                entries.push(FrontierEntry {
                    url: link,
                    depth: done.depth + 1,
                });
            }
        }
        if entries.is_empty() {
            return Ok(());
        }
        for e in &entries {
            let validators = store.page_state(&e.url)?;
            sched.push(Job {
                source: done.source,
                url: e.url.clone(),
                depth: e.depth,
                validators,
            });
        }
        send(Msg::Planned(entries.len())).await?;
        send(Msg::Frontier {
            source: sources[done.source].name.clone(),
            entries,
        })
        .await
    }

    /// Fetches a source's feed, sitemap(s) or seed page; returns the article URLs found and
    /// the index fetches themselves (for the crawl log and the archive).
    async fn discover(&self, source: &SourceConfig) -> (Vec<String>, Vec<IndexFetch>) {
        let limit = self.settings.crawl.max_decompressed_bytes;
        let filter = LinkFilter::new(source);
        let (mut urls, mut fetched) = (Vec::new(), Vec::new());
        let mut todo = vec![(source.location.clone(), 0u32)];
        while let Some((url, level)) = todo.pop() {
            let started = Instant::now();
            let mut retried = Vec::new();
            let res = match source.kind {
                SourceKind::Page => self.fetcher.fetch_logged(&url, None, &mut retried).await,
                _ => self.fetcher.fetch_index_logged(&url, &mut retried).await,
            };
            let page = match res {
                Ok(Fetched::Page(p)) => p,
                Ok(Fetched::NotModified { .. }) => continue,
                Err(error) => {
                    let elapsed_ms = started.elapsed().as_millis() as u64;
                    fetched.push((url, Outcome::Failed { error, elapsed_ms }, retried));
                    continue;
                }
            };
            let Ok(base) = url::Url::parse(&page.final_url) else {
                continue;
            };
            match source.kind {
                SourceKind::Feed => {
                    let xml = crate::article::decode(&page.body, page.content_type.as_deref());
                    urls.extend(
                        super::feed_links(&xml)
                            .iter()
                            .filter_map(|l| resolve(&base, l)),
                    );
                }
                SourceKind::Sitemap => match maybe_gunzip(page.body.clone(), limit) {
                    Ok(xml) => {
                        let (locs, is_index) = sitemap_locs(&String::from_utf8_lossy(&xml));
                        if is_index && level < MAX_SITEMAP_NESTING {
                            todo.extend(
                                locs.iter()
                                    .rev()
                                    .filter_map(|l| resolve(&base, l))
                                    .map(|l| (l, level + 1)),
                            );
                        } else {
                            urls.extend(locs.iter().filter_map(|l| resolve(&base, l)));
                        }
                    }
                    Err(why) => tracing::warn!(%url, %why, "unreadable sitemap"),
                },
                _ => {
                    let html = crate::article::decode(&page.body, page.content_type.as_deref());
                    urls.extend(page_links(&html, &base));
                }
            }
            fetched.push((url, Outcome::Index(page), retried));
        }
        let followed = source.kind == SourceKind::Page;
        let mut seen = HashSet::new();
        urls.retain(|u| {
            u != &source.location && filter.accepts(u, followed) && seen.insert(u.clone())
        });
        (urls, fetched)
    }

    /// Directory and WARC sources: read and extract on the blocking pool.
    async fn read_local(
        &self,
        source: Arc<SourceConfig>,
        tx: mpsc::Sender<Msg>,
    ) -> Result<(), CrawlError> {
        let min_confidence = self.settings.min_confidence;
        let max_record = self.settings.crawl.max_decompressed_bytes;
        let gate = self.relevance.clone();
        let job = tokio::task::spawn_blocking(move || -> Result<(), CrawlError> {
            let send = |url: String, outcome: Outcome| {
                let report = PageReport {
                    source: source.name.clone(),
                    frontier_url: None,
                    url,
                    remember: false,
                    outcome,
                    retried: Vec::new(),
                };
                tx.blocking_send(Msg::Page(Box::new(report)))
                    .map_err(|_| CrawlError::WriterGone)
            };
            let extracted = |page: super::FetchedPage| {
                let url = page.url.clone();
                (url, extract(page, &source, min_confidence, gate.as_deref()))
            };
            if source.kind == SourceKind::Directory {
                for page in directory::pages(&source, false)? {
                    let (url, outcome) = match page {
                        Ok(page) => extracted(page),
                        Err(e) => (
                            e.to_string(),
                            Outcome::Failed {
                                error: FetchError::Read(e.to_string()),
                                elapsed_ms: 0,
                            },
                        ),
                    };
                    send(url, outcome)?;
                }
                return Ok(());
            }
            let location = std::path::PathBuf::from(&source.location);
            let read_err = |e: std::io::Error| CrawlError::Directory {
                source_name: source.name.clone(),
                path: source.location.clone(),
                error: e,
            };
            for path in warc_files(&location).map_err(read_err)? {
                let mut reader = match WarcReader::open(&path, max_record) {
                    Ok(r) => r,
                    Err(e) => {
                        let error = FetchError::Read(e.to_string());
                        send(
                            path.display().to_string(),
                            Outcome::Failed {
                                error,
                                elapsed_ms: 0,
                            },
                        )?;
                        continue;
                    }
                };
                loop {
                    match reader.next_page() {
                        Ok(Some(page)) if page.status == 200 => {
                            let (url, outcome) = extracted(page);
                            send(url, outcome)?;
                        }
                        Ok(Some(_)) => {}
                        Ok(None) => break,
                        Err(e) => {
                            let error = FetchError::Read(format!("{}: {e}", path.display()));
                            send(
                                path.display().to_string(),
                                Outcome::Failed {
                                    error,
                                    elapsed_ms: 0,
                                },
                            )?;
                            break;
                        }
                    }
                }
            }
            Ok(())
        });
        job.await
            .map_err(|e| CrawlError::Client(format!("local source reader crashed: {e}")))?
    }

    /// Dry run: what each source would fetch (feeds, sitemaps and seeds are fetched to find out).
    async fn plan(
        &self,
        store: &mut SqliteStore,
        sources: &[Arc<SourceConfig>],
    ) -> Result<CrawlSummary, CrawlError> {
        let mut summary = CrawlSummary::default();
        for source in sources {
            match source.kind {
                SourceKind::Directory => {
                    summary.planned.extend(
                        directory::pages(source, true)?
                            .into_iter()
                            .flatten()
                            .map(|p| p.url),
                    );
                }
                SourceKind::Warc => summary.planned.push(source.location.clone()),
                _ => {
                    let mut urls: Vec<String> = store
                        .frontier_pending(&source.name)?
                        .into_iter()
                        .map(|e| e.url)
                        .collect();
                    let (found, _) = self.discover(source).await;
                    let known: HashSet<String> = urls.iter().cloned().collect();
                    urls.extend(found.into_iter().filter(|u| !known.contains(u)));
                    summary.planned.extend(urls);
                }
            }
        }
        Ok(summary)
    }
}

async fn stopped(rx: &mut Option<tokio::sync::watch::Receiver<bool>>) {
    match rx {
        Some(rx) => {
            if rx.wait_for(|stop| *stop).await.is_err() {
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending().await,
    }
}

struct TaskCtx {
    fetcher: Arc<Fetcher>,
    extract_slots: Arc<Semaphore>,
    min_confidence: f64,
    relevance: Option<Arc<RelevanceGate>>,
}

/// Blocking: keyword rules, the relevance model (if any), claims. Used for pages read from disk
/// or a WARC, and for fetched pages when there is no model.
fn extract(
    page: super::FetchedPage,
    source: &SourceConfig,
    min_confidence: f64,
    gate: Option<&RelevanceGate>,
) -> Outcome {
    let record = match crate::pipeline::page_to_record(&page, source) {
        Ok(record) => record,
        Err(skip) => {
            return Outcome::Extracted {
                page,
                result: Box::new(Err(skip)),
                relevance: None,
            }
        }
    };
    let verdict = gate.map(|g| g.judge_blocking(&record));
    if let Some(v) = verdict.as_ref().filter(|v| !v.relevant) {
        return Outcome::OffTopic {
            page,
            verdict: v.clone(),
        };
    }
    let claims = crate::pipeline::extract_claims(&record, min_confidence);
    Outcome::Extracted {
        page,
        result: Box::new(Ok((record, claims))),
        relevance: verdict,
    }
}

/// A fetched page that changed: record and links on the blocking pool (one job per core at
/// most), then, with a model, the relevance verdict (waiting for the model thread holds no
/// core), then claims.
async fn extract_fetched(
    ctx: &TaskCtx,
    page: super::FetchedPage,
    source: Arc<SourceConfig>,
    follow: bool,
) -> (Outcome, Vec<String>) {
    let crashed = |e: tokio::task::JoinError| Outcome::Failed {
        error: FetchError::Internal(e.to_string()),
        elapsed_ms: 0,
    };
    let links_of = move |page: &super::FetchedPage| match url::Url::parse(&page.final_url) {
        Ok(base) if follow => page_links(
            &crate::article::decode(&page.body, page.content_type.as_deref()),
            &base,
        ),
        _ => Vec::new(),
    };
    let min_confidence = ctx.min_confidence;
    let Some(gate) = ctx.relevance.clone() else {
        let _slot = ctx.extract_slots.acquire().await;
        let work = tokio::task::spawn_blocking(move || {
            let links = links_of(&page);
            (extract(page, &source, min_confidence, None), links)
        });
        return work.await.unwrap_or_else(|e| (crashed(e), Vec::new()));
    };
    let slot = ctx.extract_slots.acquire().await;
    let src = source.clone();
    let work = tokio::task::spawn_blocking(move || {
        let links = links_of(&page);
        let record = crate::pipeline::page_to_record(&page, &src);
        (page, record, links)
    });
    let (page, record, links) = match work.await {
        Ok(done) => done,
        Err(e) => return (crashed(e), Vec::new()),
    };
    drop(slot);
    let record = match record {
        Ok(record) => record,
        Err(skip) => {
            let outcome = Outcome::Extracted {
                page,
                result: Box::new(Err(skip)),
                relevance: None,
            };
            return (outcome, links);
        }
    };
    let verdict = gate.judge(&record).await;
    if !verdict.relevant {
        return (Outcome::OffTopic { page, verdict }, links);
    }
    let _slot = ctx.extract_slots.acquire().await;
    let work = tokio::task::spawn_blocking(move || {
        let claims = crate::pipeline::extract_claims(&record, min_confidence);
        (record, claims)
    });
    let outcome = match work.await {
        Ok(done) => Outcome::Extracted {
            page,
            result: Box::new(Ok(done)),
            relevance: Some(verdict),
        },
        Err(e) => crashed(e),
    };
    (outcome, links)
}

/// Fetches one frontier URL, extracts it if it changed, reports to the writer.
async fn page_task(
    ctx: TaskCtx,
    source: Arc<SourceConfig>,
    job: Job,
    host: String,
    tx: mpsc::Sender<Msg>,
) -> Done {
    let started = Instant::now();
    let mut links = Vec::new();
    let mut retried = Vec::new();
    let fetched = ctx
        .fetcher
        .fetch_logged(&job.url, job.validators.as_ref(), &mut retried)
        .await;
    let outcome = match fetched {
        Ok(Fetched::NotModified { elapsed_ms, .. }) => Outcome::Unchanged {
            page: None,
            elapsed_ms,
        },
        Ok(Fetched::Page(page)) => {
            let known = job
                .validators
                .as_ref()
                .and_then(|v| v.content_hash.as_deref());
            if known == Some(content_hash_bytes(&page.body).as_str()) {
                let elapsed_ms = page.elapsed_ms;
                Outcome::Unchanged {
                    page: Some(page),
                    elapsed_ms,
                }
            } else {
                let follow = job.depth < source.max_depth;
                let (outcome, found) = extract_fetched(&ctx, page, source.clone(), follow).await;
                links = found;
                outcome
            }
        }
        Err(error) => Outcome::Failed {
            error,
            elapsed_ms: started.elapsed().as_millis() as u64,
        },
    };
    let report = PageReport {
        source: source.name.clone(),
        frontier_url: Some(job.url.clone()),
        url: job.url,
        remember: true,
        outcome,
        retried,
    };
    // A closed channel means the writer failed; the driver reports that.
    let _ = tx.send(Msg::Page(Box::new(report))).await;
    Done {
        source: job.source,
        host,
        depth: job.depth,
        links,
    }
}
