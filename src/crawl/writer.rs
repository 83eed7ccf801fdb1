//! The single ledger writer: a plain thread that owns its own connection and receives every
//! crawl outcome through a bounded channel, so SQLite sees one writer and async tasks never
//! block on it. The messages already waiting commit as one transaction (a group), each page a
//! savepoint in it: archive, ingest, page validators, crawl log, frontier state. A page's
//! frontier state commits with its article, so a page still pending after a kill is simply
//! fetched again (ingest is idempotent, so nothing is duplicated); a page whose writes fail is
//! undone alone and logged as failed.

use super::fetch::{FetchError, RetriedAttempt};
use super::relevance::{Verdict, OFF_TOPIC};
use super::warc::WarcWriter;
use super::{CrawlSummary, FetchedPage};
use crate::claims::Claim;
use crate::input::ArticleRecord;
use crate::ledger::{
    FetchRecord, FrontierEntry, FrontierState, LedgerError, PageState, RelevanceRecord,
    SqliteStore, Store,
};
use crate::pipeline::Skip;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// What a fetch (or a local read) came to.
pub enum Outcome {
    /// 304, or the same bytes as last time.
    Unchanged {
        page: Option<FetchedPage>,
        elapsed_ms: u64,
    },
    /// A feed, sitemap or seed page: logged and archived, not extracted.
    Index(FetchedPage),
    Extracted {
        page: FetchedPage,
        result: Box<Result<(ArticleRecord, Vec<Claim>), Skip>>,
        /// The model's verdict, when `[crawl.relevance]` is on and the keywords passed.
        relevance: Option<Verdict>,
    },
    /// Passed the keyword rules, scored below the relevance threshold: not extracted.
    OffTopic {
        page: FetchedPage,
        verdict: Verdict,
    },
    Failed {
        error: FetchError,
        elapsed_ms: u64,
    },
}

/// Most messages one writer transaction takes.
const GROUP_MAX_MESSAGES: usize = 256;
/// Longest a writer transaction stays open collecting messages (reviewers wait for it).
const GROUP_MAX_TIME: Duration = Duration::from_millis(200);

/// The failure reason of a page the ledger could not record.
const LEDGER_FAILURE: &str = "not recorded in the ledger";

pub struct PageReport {
    pub source: String,
    /// The frontier URL (None: not from the frontier, e.g. directory or WARC pages).
    pub frontier_url: Option<String>,
    /// The URL asked for, for the crawl log.
    pub url: String,
    /// Whether the page's validators should be remembered (HTTP pages).
    pub remember: bool,
    pub outcome: Outcome,
    /// Tries before the last one that failed and were retried (each gets its own log row).
    pub retried: Vec<RetriedAttempt>,
}

pub enum Msg {
    /// This many more pages are queued for fetching (the progress bar's length).
    Planned(usize),
    Frontier {
        source: String,
        entries: Vec<FrontierEntry>,
    },
    Page(Box<PageReport>),
}

/// How progress shows on stderr.
enum Progress {
    Off,
    /// Not a terminal (a log file, CI): a line every few seconds.
    Lines {
        last: Instant,
    },
    /// A terminal: a bar over the pages queued so far.
    Bar(indicatif::ProgressBar),
}

/// Seconds between two progress lines.
const PROGRESS_EVERY: Duration = Duration::from_secs(2);

pub struct Writer {
    store: SqliteStore,
    archive: Option<WarcWriter>,
    summary: CrawlSummary,
    progress: Progress,
}

impl Writer {
    pub fn new(store: SqliteStore, archive: Option<WarcWriter>, progress: bool) -> Writer {
        use std::io::IsTerminal;
        let progress = match progress {
            false => Progress::Off,
            true if std::io::stderr().is_terminal() => {
                let bar = indicatif::ProgressBar::new(0);
                let style = indicatif::ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} pages ({per_sec}) {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
                bar.set_style(style);
                bar.enable_steady_tick(Duration::from_millis(200));
                Progress::Bar(bar)
            }
            true => Progress::Lines {
                last: Instant::now(),
            },
        };
        Writer {
            store,
            archive,
            summary: CrawlSummary::default(),
            progress,
        }
    }

    /// One line of totals, for the bar's message and the log lines.
    fn totals(&self) -> String {
        let s = &self.summary;
        format!(
            "{} fetched, {} unchanged, {} failed, {} skipped, {} new articles, {} new claims",
            s.fetched,
            s.unchanged,
            s.failed,
            s.skipped.values().sum::<usize>(),
            s.new_articles,
            s.new_claims
        )
    }

    fn show_progress(&mut self, page_done: bool) {
        match &mut self.progress {
            Progress::Off => {}
            Progress::Lines { last } => {
                if last.elapsed() >= PROGRESS_EVERY {
                    *last = Instant::now();
                    eprintln!("crawl: {}", self.totals());
                }
            }
            Progress::Bar(bar) => {
                if page_done {
                    bar.inc(1);
                }
                let bar = bar.clone();
                bar.set_message(self.totals());
            }
        }
    }

    /// Runs until every sender is dropped; returns the run's totals.
    pub fn run(mut self, mut rx: mpsc::Receiver<Msg>) -> Result<CrawlSummary, LedgerError> {
        while let Some(first) = rx.blocking_recv() {
            // What is already waiting goes into the same transaction, up to a bound in count and
            // time: one commit per group instead of four per page. A kill loses at most the open
            // group, whose frontier entries are still pending and are fetched again.
            self.store.begin_group()?;
            let started = Instant::now();
            let mut msg = Some(first);
            let mut n = 0;
            while let Some(m) = msg.take() {
                self.handle(m)?;
                n += 1;
                if n < GROUP_MAX_MESSAGES && started.elapsed() < GROUP_MAX_TIME {
                    msg = rx.try_recv().ok();
                }
            }
            self.store.commit_group()?;
        }
        if let Progress::Bar(bar) = &self.progress {
            bar.finish_and_clear();
        }
        if let Some(w) = self.archive.as_mut() {
            if let Err(e) = w.flush() {
                tracing::warn!(error = %e, "cannot flush the WARC archive");
            }
        }
        Ok(self.summary)
    }

    fn handle(&mut self, msg: Msg) -> Result<(), LedgerError> {
        let mut page_done = false;
        match msg {
            Msg::Planned(n) => {
                if let Progress::Bar(bar) = &self.progress {
                    bar.inc_length(n as u64);
                }
            }
            Msg::Frontier { source, entries } => {
                self.store.frontier_add(&source, &entries, true)?;
            }
            Msg::Page(report) => {
                page_done = report.frontier_url.is_some();
                self.page_unit(*report)?;
            }
        }
        self.show_progress(page_done);
        Ok(())
    }

    /// Records one page as a savepoint of the group. A page whose writes fail is undone alone
    /// (its counts too) and recorded as a failed fetch, so the other pages of its group still
    /// commit; only an error that ends the whole transaction, or one recording the failure
    /// itself, stops the run (the group is then lost whole and fetched again on resume).
    fn page_unit(&mut self, r: PageReport) -> Result<(), LedgerError> {
        let (source, url, frontier_url) = (r.source.clone(), r.url.clone(), r.frontier_url.clone());
        let before = self.summary.clone();
        self.store.begin_unit()?;
        let err = match self.page(r) {
            Ok(()) => return self.store.end_unit(true),
            Err(e) => e,
        };
        if !self.store.in_transaction() {
            return Err(err);
        }
        self.store.end_unit(false)?;
        tracing::warn!(%url, error = %err, "cannot record the page; it is logged as failed");
        // The WARC record, if any, is written either way.
        let archived = self.summary.archived;
        self.summary = before;
        self.summary.archived = archived;
        self.summary.failed += 1;
        *self
            .summary
            .failures
            .entry(LEDGER_FAILURE.into())
            .or_default() += 1;
        self.store.log_fetch(&FetchRecord {
            url,
            source: source.clone(),
            status: None,
            bytes: 0,
            elapsed_ms: 0,
            error: Some(format!("{LEDGER_FAILURE}: {err}")),
            skipped: None,
        })?;
        if let Some(u) = frontier_url {
            self.store
                .frontier_set(&source, &u, FrontierState::Failed)?;
        }
        Ok(())
    }

    fn archive(&mut self, page: &FetchedPage) {
        // Pages read from disk or from a WARC are archived already.
        if !page.url.starts_with("http") || page.elapsed_ms == 0 && page.fetched_at.is_empty() {
            return;
        }
        if let Some(w) = self.archive.as_mut() {
            match w.write_response(page) {
                Ok(()) => self.summary.archived += 1,
                Err(e) => {
                    tracing::warn!(error = %e, "WARC archiving failed; archiving is off for the rest of this run");
                    self.archive = None;
                }
            }
        }
    }

    fn remember(&mut self, r: &PageReport, page: &FetchedPage) -> Result<(), LedgerError> {
        if !r.remember {
            return Ok(());
        }
        let key = r.frontier_url.as_deref().unwrap_or(&r.url);
        self.store.set_page_state(
            key,
            &PageState {
                etag: page.etag.clone(),
                last_modified: page.last_modified.clone(),
                content_hash: Some(crate::ledger::content_hash_bytes(&page.body)),
            },
        )
    }

    fn page(&mut self, r: PageReport) -> Result<(), LedgerError> {
        for a in &r.retried {
            self.store.log_fetch(&FetchRecord {
                url: a.url.clone(),
                source: r.source.clone(),
                status: a.status,
                bytes: 0,
                elapsed_ms: a.elapsed_ms,
                error: Some(format!(
                    "{} (try {}, retried after {} ms)",
                    a.error, a.attempt, a.retry_in_ms
                )),
                skipped: None,
            })?;
        }
        let mut log = FetchRecord {
            url: r.url.clone(),
            source: r.source.clone(),
            status: None,
            bytes: 0,
            elapsed_ms: 0,
            error: None,
            skipped: None,
        };
        let mut state = FrontierState::Done;
        match &r.outcome {
            Outcome::Unchanged { page, elapsed_ms } => {
                self.summary.unchanged += 1;
                log.status = Some(page.as_ref().map_or(304, |p| p.status));
                log.bytes = page.as_ref().map_or(0, |p| p.body.len() as u64);
                log.elapsed_ms = *elapsed_ms;
                log.skipped = Some("unchanged since the last fetch".into());
                if let Some(p) = page {
                    self.summary.fetched += 1;
                    self.archive(p);
                }
            }
            Outcome::Index(page) => {
                self.summary.fetched += 1;
                self.note_page(&mut log, page)?;
                self.archive(page);
            }
            Outcome::Extracted {
                page,
                result,
                relevance,
            } => {
                self.summary.fetched += 1;
                self.note_page(&mut log, page)?;
                self.archive(page);
                let keyword_skip = matches!(result.as_ref(), Err(Skip::NotRelevant));
                if let Some(v) = relevance
                    .clone()
                    .or_else(|| keyword_skip.then(Verdict::no_keyword))
                {
                    self.record_relevance(&log, v)?;
                }
                match result.as_ref() {
                    Ok((record, claims)) => {
                        let o = self.store.ingest(record, claims)?;
                        if o.new_article {
                            self.summary.new_articles += 1;
                        } else {
                            self.summary.duplicates += 1;
                        }
                        self.summary.new_claims += o.new_claims;
                        self.summary.new_sightings += o.new_sightings;
                    }
                    Err(skip) => {
                        let why = skip.to_string();
                        *self.summary.skipped.entry(why.clone()).or_default() += 1;
                        log.skipped = Some(why);
                    }
                }
                self.remember(&r, page)?;
            }
            Outcome::OffTopic { page, verdict } => {
                self.summary.fetched += 1;
                self.note_page(&mut log, page)?;
                self.archive(page);
                *self.summary.skipped.entry(OFF_TOPIC.into()).or_default() += 1;
                log.skipped = Some(verdict.reason.clone().unwrap_or_else(|| OFF_TOPIC.into()));
                self.record_relevance(&log, verdict.clone())?;
                self.remember(&r, page)?;
            }
            Outcome::Failed { error, elapsed_ms } => {
                log.status = error.status();
                log.elapsed_ms = *elapsed_ms;
                let why = error.to_string();
                if error.is_skip() {
                    *self.summary.skipped.entry(why.clone()).or_default() += 1;
                    log.skipped = Some(why);
                } else {
                    self.summary.failed += 1;
                    *self
                        .summary
                        .failures
                        .entry(failure_kind(error))
                        .or_default() += 1;
                    log.error = Some(why);
                    state = FrontierState::Failed;
                }
            }
        }
        self.store.log_fetch(&log)?;
        if let Some(url) = &r.frontier_url {
            self.store.frontier_set(&r.source, url, state)?;
        }
        Ok(())
    }

    /// Stores a relevance decision under the URL the crawl log names, so skipped pages list
    /// with their score.
    fn record_relevance(&mut self, log: &FetchRecord, v: Verdict) -> Result<(), LedgerError> {
        self.store.record_relevance(&RelevanceRecord {
            url: log.url.clone(),
            source: log.source.clone(),
            keyword: v.keyword,
            score: v.score.map(f64::from),
            relevant: v.relevant,
            reason: v.reason,
        })
    }

    /// Fills the log line of a page and logs each redirect hop before it as its own fetch.
    fn note_page(&mut self, log: &mut FetchRecord, page: &FetchedPage) -> Result<(), LedgerError> {
        log.status = Some(page.status);
        log.bytes = page.body.len() as u64;
        log.elapsed_ms = page.elapsed_ms;
        if page.redirects.is_empty() {
            return Ok(());
        }
        self.summary.redirected += 1;
        let hops = page
            .redirects
            .iter()
            .chain(std::iter::once(&page.final_url))
            .collect::<Vec<_>>();
        for pair in hops.windows(2) {
            self.store.log_fetch(&FetchRecord {
                url: pair[0].clone(),
                source: log.source.clone(),
                status: None,
                bytes: 0,
                elapsed_ms: 0,
                error: None,
                skipped: Some(format!("redirected to {}", pair[1])),
            })?;
        }
        log.url = page.final_url.clone();
        Ok(())
    }
}

/// A failure's reason without its URL-specific details, for the summary.
fn failure_kind(e: &FetchError) -> String {
    match e {
        FetchError::Network(s) => {
            let s = s.split(" (after").next().unwrap_or(s);
            if s.contains("timed out") || s.contains("timeout") {
                "timed out".into()
            } else if s.starts_with("HTTP ") {
                s.to_string()
            } else {
                "connection failed".into()
            }
        }
        other => {
            let s = other.to_string();
            if s.contains("private address")
                || s.contains("loopback name")
                || s.contains("resolves only to private")
            {
                "refused: private address".into()
            } else if let FetchError::RedirectLoop(_) = other {
                "redirect loop".into()
            } else {
                s
            }
        }
    }
}
