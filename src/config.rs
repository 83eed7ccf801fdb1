//! Configuration: the `config.toml` file as written ([`FileConfig`]), then resolved settings
//! ([`Settings`]) with defaults applied and relative paths anchored at the file's folder.
//!
//! Precedence is CLI flag > file > default. Unknown keys are errors (`deny_unknown_fields`), and
//! parse errors name the key and the line, so a typo never silently falls back to a default.

pub use crate::crawl::Schedule;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The configuration shipped with claimledger; used when no `config.toml` is found.
pub const DEFAULT_CONFIG: &str = include_str!("../config.toml");

/// Default user agent of the crawler.
pub const DEFAULT_USER_AGENT: &str =
    "claimledger/0.1 (+https://github.com/claimledger/claimledger)";

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {source}")]
    Parse {
        path: PathBuf,
        #[source]
        source: Box<toml::de::Error>,
    },
    #[error("invalid config file {path}: {what}")]
    Invalid { path: PathBuf, what: String },
}

/// `config.toml` exactly as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    #[serde(default)]
    pub ledger: LedgerSection,
    #[serde(default)]
    pub crawl: CrawlSection,
    #[serde(default)]
    pub schedule: ScheduleSection,
    #[serde(default)]
    pub extract: ExtractSection,
    #[serde(default)]
    pub model: ModelSection,
    #[serde(default)]
    pub web: WebSection,
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceConfig>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerSection {
    pub path: Option<PathBuf>,
    pub suggest_links: Option<bool>,
    pub suggest_min_score: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrawlSection {
    pub user_agent: Option<String>,
    pub concurrency: Option<usize>,
    pub per_host_concurrency: Option<usize>,
    pub per_host_delay: Option<String>,
    pub timeout: Option<String>,
    pub retries: Option<u32>,
    pub max_body_bytes: Option<u64>,
    pub allow_private_hosts: Option<Vec<String>>,
    pub archive_dir: Option<PathBuf>,
    pub max_decompressed_bytes: Option<u64>,
    pub max_redirects: Option<usize>,
    pub host_time_budget: Option<String>,
    pub backoff: Option<String>,
    pub max_backoff: Option<String>,
    pub drain_timeout: Option<String>,
    pub max_pages_per_source: Option<usize>,
    #[serde(default)]
    pub relevance: RelevanceSection,
}

/// `[crawl.relevance]`: semantic relevance against topic descriptions (sentence embeddings).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RelevanceSection {
    pub enabled: Option<bool>,
    #[serde(default)]
    pub topics: Vec<String>,
    pub threshold: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSection {
    pub every: Option<String>,
    /// A cron expression (five fields, UTC) instead of `every`.
    pub cron: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractSection {
    pub min_confidence: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSection {
    pub dir: Option<PathBuf>,
}

/// `[web]`: the review page of `claimledger serve`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WebSection {
    /// Address to listen on ("127.0.0.1:8080").
    pub addr: Option<String>,
    /// Shared secret reviewers sign in with; required to listen on anything but loopback.
    pub token: Option<String>,
}

/// Resolved `[web]` settings.
#[derive(Debug, Clone)]
pub struct WebSettings {
    pub addr: std::net::SocketAddr,
    /// `None`: no sign-in (only allowed on loopback).
    pub token: Option<String>,
}

/// Where `claimledger serve` listens by default: loopback only.
pub const DEFAULT_WEB_ADDR: &str = "127.0.0.1:8080";

/// What a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Saved pages (`.html`, `.htm`, `.txt`) in a folder on disk, read recursively.
    Directory,
    /// An RSS or Atom feed; its item links are fetched.
    Feed,
    /// An XML sitemap or sitemap index.
    Sitemap,
    /// A seed page whose same-site links are fetched.
    Page,
    /// A WARC file (`.warc` / `.warc.gz`) or a folder of them, e.g. an earlier crawl's archive.
    Warc,
}

/// One `[[source]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    pub name: String,
    pub kind: SourceKind,
    /// URL, or path for `directory`.
    pub location: String,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Overrides `[schedule]` for this source.
    pub every: Option<String>,
    /// Overrides `[schedule]` for this source with a cron expression (instead of `every`).
    pub cron: Option<String>,
    /// Links followed beyond the seed/feed/sitemap (0: only the URLs they list).
    #[serde(default)]
    pub max_depth: u32,
    /// Hosts whose links are followed (default: the seed's host).
    #[serde(default)]
    pub domains: Vec<String>,
    /// Regexes: a URL must match one of `include` (if any) and none of `exclude`.
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// Resolved settings every command works from.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the settings came from (`None`: the embedded defaults).
    pub origin: Option<PathBuf>,
    pub ledger_path: PathBuf,
    /// Sentence-embedding link suggestions between entries at ingest (needs the model).
    pub suggest_links: bool,
    pub suggest_min_score: f64,
    pub crawl: CrawlSettings,
    /// When `claimledger crawl` runs again (sources may have their own: [`Settings::source_schedule`]).
    pub schedule: Schedule,
    pub min_confidence: f64,
    pub model_dir: PathBuf,
    pub sources: Vec<SourceConfig>,
    pub web: WebSettings,
}

#[derive(Debug, Clone)]
pub struct CrawlSettings {
    pub user_agent: String,
    pub concurrency: usize,
    pub per_host_concurrency: usize,
    pub per_host_delay: Duration,
    pub timeout: Duration,
    pub retries: u32,
    pub max_body_bytes: u64,
    pub allow_private_hosts: Vec<String>,
    pub archive_dir: Option<PathBuf>,
    pub max_decompressed_bytes: u64,
    pub max_redirects: usize,
    /// Time one run may spend on one host (fetching and waiting for retries).
    pub host_time_budget: Duration,
    /// First retry delay; doubles each attempt up to `max_backoff`, with +-25% jitter.
    pub backoff: Duration,
    pub max_backoff: Duration,
    /// How long a stopped crawl waits for requests in flight.
    pub drain_timeout: Duration,
    pub max_pages_per_source: usize,
    pub relevance: Option<RelevanceSettings>,
}

/// Semantic relevance, when switched on: pages scoring below `threshold` against every topic
/// are skipped (and the score recorded).
#[derive(Debug, Clone)]
pub struct RelevanceSettings {
    pub topics: Vec<String>,
    pub threshold: f64,
}

/// A source's own schedule (`every` or `cron`), if it has one.
fn source_schedule(s: &SourceConfig) -> Result<Option<Schedule>, String> {
    match (&s.every, &s.cron) {
        (Some(_), Some(_)) => Err("every and cron are both set; keep one".into()),
        (_, Some(c)) => Schedule::cron(c)
            .map(Some)
            .map_err(|e| format!("cron = {e}")),
        (Some(e), None) => Schedule::every(e)
            .map(Some)
            .map_err(|e| format!("every = {e}")),
        (None, None) => Ok(None),
    }
}

impl Settings {
    /// When `source` is crawled again: its own `every`/`cron`, else `[schedule]`.
    pub fn source_schedule(&self, source: &SourceConfig) -> Schedule {
        // Validated when the settings were loaded.
        source_schedule(source)
            .ok()
            .flatten()
            .unwrap_or_else(|| self.schedule.clone())
    }

    /// Loads `path`; with `None`, `./config.toml` if it exists, else the embedded defaults.
    pub fn load(path: Option<&Path>) -> Result<Settings, ConfigError> {
        match path {
            Some(p) => Self::from_file(p),
            None if Path::new("config.toml").is_file() => Self::from_file(Path::new("config.toml")),
            None => Self::from_str(
                DEFAULT_CONFIG,
                Path::new("<embedded config.toml>"),
                Path::new("."),
            ),
        }
    }

    pub fn from_file(path: &Path) -> Result<Settings, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut s = Self::from_str(&text, path, base)?;
        s.origin = Some(path.to_path_buf());
        Ok(s)
    }

    /// Parses config text; `name` is used in errors, `base` anchors relative paths.
    pub fn from_str(text: &str, name: &Path, base: &Path) -> Result<Settings, ConfigError> {
        let file: FileConfig = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: name.to_path_buf(),
            source: Box::new(e),
        })?;
        Self::resolve(file, name, base)
    }

    fn resolve(file: FileConfig, name: &Path, base: &Path) -> Result<Settings, ConfigError> {
        let invalid = |what: String| ConfigError::Invalid {
            path: name.to_path_buf(),
            what,
        };
        let anchor = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
        let duration =
            |key: &str, v: Option<&String>, default: Duration| -> Result<Duration, ConfigError> {
                match v {
                    None => Ok(default),
                    Some(s) => humantime::parse_duration(s).map_err(|e| {
                        invalid(format!(
                            "{key} = {s:?} is not a duration like \"30s\" or \"1h\": {e}"
                        ))
                    }),
                }
            };
        let c = &file.crawl;
        let concurrency = c.concurrency.unwrap_or(8);
        let per_host = c.per_host_concurrency.unwrap_or(2);
        if concurrency == 0 || per_host == 0 {
            return Err(invalid(
                "crawl.concurrency and crawl.per_host_concurrency must be at least 1".into(),
            ));
        }
        let min_confidence = file.extract.min_confidence.unwrap_or(0.0);
        if !(0.0..=1.0).contains(&min_confidence) {
            return Err(invalid(format!(
                "extract.min_confidence = {min_confidence} is outside 0..1"
            )));
        }
        let mut names = std::collections::HashSet::new();
        for s in &file.sources {
            if !names.insert(s.name.as_str()) {
                return Err(invalid(format!("two sources are named {:?}", s.name)));
            }
            source_schedule(s).map_err(|what| invalid(format!("source {:?}: {what}", s.name)))?;
            let local = matches!(s.kind, SourceKind::Directory | SourceKind::Warc);
            if !local && url::Url::parse(&s.location).is_err() {
                return Err(invalid(format!(
                    "source {:?}: location {:?} is not a URL",
                    s.name, s.location
                )));
            }
            for re in s.include.iter().chain(&s.exclude) {
                if let Err(e) = regex::Regex::new(re) {
                    return Err(invalid(format!(
                        "source {:?}: pattern {re:?} is not a regex: {e}",
                        s.name
                    )));
                }
            }
        }
        let sources = file
            .sources
            .iter()
            .cloned()
            .map(|mut s| {
                if matches!(s.kind, SourceKind::Directory | SourceKind::Warc) {
                    s.location = anchor(PathBuf::from(&s.location))
                        .to_string_lossy()
                        .into_owned();
                }
                s
            })
            .collect();
        Ok(Settings {
            origin: None,
            ledger_path: anchor(
                file.ledger
                    .path
                    .clone()
                    .unwrap_or_else(|| "claimledger.sqlite".into()),
            ),
            suggest_links: file.ledger.suggest_links.unwrap_or(true),
            suggest_min_score: match file.ledger.suggest_min_score.unwrap_or(0.75) {
                v if (0.0..=1.0).contains(&v) => v,
                v => {
                    return Err(invalid(format!(
                        "ledger.suggest_min_score = {v} is outside 0..1"
                    )))
                }
            },
            crawl: CrawlSettings {
                user_agent: c
                    .user_agent
                    .clone()
                    .unwrap_or_else(|| DEFAULT_USER_AGENT.into()),
                concurrency,
                per_host_concurrency: per_host,
                per_host_delay: duration(
                    "crawl.per_host_delay",
                    c.per_host_delay.as_ref(),
                    Duration::from_secs(1),
                )?,
                timeout: duration("crawl.timeout", c.timeout.as_ref(), Duration::from_secs(30))?,
                retries: c.retries.unwrap_or(3),
                max_body_bytes: c.max_body_bytes.unwrap_or(10_000_000),
                allow_private_hosts: c.allow_private_hosts.clone().unwrap_or_default(),
                archive_dir: match &c.archive_dir {
                    Some(p) if p.as_os_str().is_empty() => None,
                    Some(p) => Some(anchor(p.clone())),
                    None => Some(anchor("archive".into())),
                },
                max_decompressed_bytes: c.max_decompressed_bytes.unwrap_or(50_000_000),
                max_redirects: c.max_redirects.unwrap_or(10),
                host_time_budget: duration(
                    "crawl.host_time_budget",
                    c.host_time_budget.as_ref(),
                    Duration::from_secs(1800),
                )?,
                backoff: duration(
                    "crawl.backoff",
                    c.backoff.as_ref(),
                    Duration::from_millis(500),
                )?,
                max_backoff: duration(
                    "crawl.max_backoff",
                    c.max_backoff.as_ref(),
                    Duration::from_secs(30),
                )?,
                drain_timeout: duration(
                    "crawl.drain_timeout",
                    c.drain_timeout.as_ref(),
                    Duration::from_secs(30),
                )?,
                max_pages_per_source: c.max_pages_per_source.unwrap_or(10_000),
                relevance: match &c.relevance {
                    r if r.enabled == Some(true) => {
                        if r.topics.is_empty() {
                            return Err(invalid(
                                "crawl.relevance is enabled but has no topics".into(),
                            ));
                        }
                        let threshold = r.threshold.unwrap_or(0.25);
                        if !(-1.0..=1.0).contains(&threshold) {
                            return Err(invalid(format!(
                                "crawl.relevance.threshold = {threshold} is outside -1..1"
                            )));
                        }
                        Some(RelevanceSettings {
                            topics: r.topics.clone(),
                            threshold,
                        })
                    }
                    _ => None,
                },
            },
            schedule: match (&file.schedule.every, &file.schedule.cron) {
                (Some(_), Some(_)) => {
                    return Err(invalid(
                        "schedule.every and schedule.cron are both set; keep one".into(),
                    ))
                }
                (_, Some(c)) => {
                    Schedule::cron(c).map_err(|e| invalid(format!("schedule.cron = {e}")))?
                }
                (Some(e), None) => {
                    Schedule::every(e).map_err(|e| invalid(format!("schedule.every = {e}")))?
                }
                (None, None) => Schedule::Every(Duration::from_secs(3600)),
            },
            min_confidence,
            web: WebSettings {
                addr: file
                    .web
                    .addr
                    .as_deref()
                    .unwrap_or(DEFAULT_WEB_ADDR)
                    .parse()
                    .map_err(|e| {
                        invalid(format!(
                            "web.addr = {:?} is not an address like \"127.0.0.1:8080\": {e}",
                            file.web.addr
                        ))
                    })?,
                token: file.web.token.clone().filter(|t| !t.trim().is_empty()),
            },
            model_dir: anchor(
                file.model
                    .dir
                    .clone()
                    .unwrap_or_else(|| "models/all-MiniLM-L6-v2".into()),
            ),
            sources,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_section_defaults_to_loopback_and_rejects_bad_addresses() {
        let s = Settings::from_str("", Path::new("c.toml"), Path::new("/x")).unwrap();
        assert!(s.web.addr.ip().is_loopback() && s.web.token.is_none());
        let s = Settings::from_str(
            "[web]\ntoken = \"\"\n",
            Path::new("c.toml"),
            Path::new("/x"),
        )
        .unwrap();
        assert!(s.web.token.is_none(), "an empty token is no token");
        assert!(Settings::from_str(
            "[web]\naddr = \"everywhere\"\n",
            Path::new("c.toml"),
            Path::new("/x")
        )
        .is_err());
        assert!(Settings::from_str(
            "[web]\npasword = \"x\"\n",
            Path::new("c.toml"),
            Path::new("/x")
        )
        .is_err());
    }

    #[test]
    fn shipped_config_parses() {
        let s =
            Settings::from_str(DEFAULT_CONFIG, Path::new("config.toml"), Path::new("/x")).unwrap();
        assert_eq!(s.ledger_path, Path::new("/x/claimledger.sqlite"));
        assert_eq!(s.sources.len(), 1);
        assert_eq!(s.sources[0].location, "/x/samples/site");
        assert_eq!(s.crawl.per_host_delay, Duration::from_secs(1));
    }

    #[test]
    fn unknown_key_is_an_error_naming_key_and_line() {
        let err = Settings::from_str(
            "[ledger]\npath = \"a\"\npaht = \"b\"\n",
            Path::new("c.toml"),
            Path::new("."),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("paht"), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn schedules_take_every_or_cron_and_errors_name_the_key() {
        let load = |t: &str| Settings::from_str(t, Path::new("c.toml"), Path::new("."));
        let s = load("[schedule]\ncron = \"0 */6 * * *\"\n").unwrap();
        assert!(matches!(s.schedule, Schedule::Cron(..)), "{:?}", s.schedule);
        assert_eq!(
            load("").unwrap().schedule,
            Schedule::Every(Duration::from_secs(3600))
        );
        let source = |own: &str| {
            format!("[schedule]\nevery = \"1h\"\n[[source]]\nname = \"s\"\nkind = \"directory\"\nlocation = \"x\"\n{own}\n")
        };
        let s = load(&source("cron = \"30 2 * * 1\"")).unwrap();
        assert!(matches!(
            s.source_schedule(&s.sources[0]),
            Schedule::Cron(..)
        ));
        let s = load(&source("")).unwrap();
        assert_eq!(
            s.source_schedule(&s.sources[0]),
            Schedule::Every(Duration::from_secs(3600))
        );
        for (text, key) in [
            (
                "[schedule]\ncron = \"61 * * * *\"\n".to_string(),
                "schedule.cron",
            ),
            (
                "[schedule]\nevery = \"soon\"\n".to_string(),
                "schedule.every",
            ),
            (
                "[schedule]\nevery = \"1h\"\ncron = \"@daily\"\n".to_string(),
                "schedule.every and schedule.cron",
            ),
            (
                source("cron = \"0 0 * *\""),
                "source \"s\": cron = \"0 0 * *\"",
            ),
            (
                source("cron = \"@daily\"\nevery = \"1h\""),
                "source \"s\": every and cron",
            ),
            (
                source("every = \"often\""),
                "source \"s\": every = \"often\"",
            ),
        ] {
            let err = load(&text).unwrap_err().to_string();
            assert!(err.contains(key), "{text}: {err}");
        }
    }

    #[test]
    fn bad_duration_is_an_error() {
        let err = Settings::from_str(
            "[crawl]\ntimeout = \"soon\"\n",
            Path::new("c.toml"),
            Path::new("."),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("crawl.timeout"), "{err}");
    }
}
