//! One module per subcommand, plus what they share: settings, the ledger, input loading and the
//! mapping of errors to exit codes.

pub mod article;
pub mod bench_article;
pub mod check;
pub mod claims;
pub mod conformance;
pub mod crawl;
pub mod eval;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod review;
pub mod serve;

use crate::{Cli, Command};
use anyhow::Context as _;
use claimledger::config::{ConfigError, Settings};
use claimledger::input::{ArticleRecord, InputError};
use claimledger::ledger::SqliteStore;
use std::path::PathBuf;

/// A mistake in how the command was called (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// What every command starts from.
pub struct Context {
    pub settings: Settings,
}

impl Context {
    fn new(cli: &Cli) -> Result<Context, ConfigError> {
        let mut settings = Settings::load(cli.config.as_deref())?;
        if let Some(db) = &cli.db {
            settings.ledger_path = db.clone();
        }
        Ok(Context { settings })
    }

    pub fn ledger_path(&self) -> &PathBuf {
        &self.settings.ledger_path
    }

    /// Opens (creating) the ledger for writing.
    pub fn open_store(&self) -> anyhow::Result<SqliteStore> {
        Ok(SqliteStore::open(self.ledger_path())?)
    }

    /// Opens the ledger for commands that read it; a missing file is a usage error.
    pub fn open_existing_store(&self) -> anyhow::Result<SqliteStore> {
        if !self.ledger_path().is_file() {
            return Err(UsageError(format!(
                "no ledger at {} (run `claimledger ingest` or `claimledger crawl` first, or pass --db)",
                self.ledger_path().display()
            ))
            .into());
        }
        Ok(SqliteStore::open(self.ledger_path())?)
    }

    /// Loads INPUT arguments: files, `-`, `.jsonl` records, and http(s) URLs.
    pub fn load_inputs(&self, inputs: &[String]) -> anyhow::Result<Vec<ArticleRecord>> {
        let mut out = Vec::new();
        for input in inputs {
            if input.starts_with("http://") || input.starts_with("https://") {
                let rt = tokio::runtime::Runtime::new().context("starting the async runtime")?;
                let page = rt
                    .block_on(claimledger::crawl::fetch_url(input, &self.settings))
                    .map_err(|e| InputError::Fetch {
                        url: input.clone(),
                        reason: e.to_string(),
                    })?;
                let html = claimledger::article::decode(&page.body, page.content_type.as_deref());
                let mut rec = ArticleRecord::from_html(input.clone(), &html, Some(&page.final_url));
                rec.url.get_or_insert_with(|| page.final_url.clone());
                out.push(rec);
            } else {
                out.extend(claimledger::input::load_path(input)?);
            }
        }
        Ok(out)
    }
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let ctx = Context::new(&cli)?;
    match cli.command {
        Command::Extract(a) => extract::run(&ctx, a),
        Command::Article(a) => article::run(&ctx, a),
        Command::Ingest(a) => ingest::run(&ctx, a),
        Command::Crawl(a) => crawl::run(&ctx, a),
        Command::Claims(c) => claims::run(&ctx, c),
        Command::Review(a) => review::run(&ctx, a),
        Command::Export(a) => export::run(&ctx, a),
        Command::Serve(a) => serve::run(&ctx, a),
        Command::Eval(a) => eval::run(&ctx, a),
        Command::Conformance(a) => conformance::run(&ctx, a),
        Command::Check(a) => check::run(&ctx, a),
        Command::BenchArticle(a) => bench_article::run(&ctx, a),
    }
}

/// 2 for bad usage, config or input; 1 for everything that failed while running.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    for cause in e.chain() {
        if cause.is::<UsageError>() || cause.is::<ConfigError>() {
            return 2;
        }
        if let Some(ie) = cause.downcast_ref::<InputError>() {
            return if matches!(ie, InputError::Fetch { .. }) {
                1
            } else {
                2
            };
        }
    }
    1
}

/// The folder of third-party suites: `--peer`, else $CLAIMLEDGER_PEER, else `../shared/peer`.
pub fn peer_dir(arg: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let dir = arg
        .or_else(|| std::env::var_os("CLAIMLEDGER_PEER").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared/peer"));
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(UsageError(format!(
            "peer suites not found at {} (pass --peer DIR)",
            dir.display()
        ))
        .into())
    }
}

/// Parses `YYYY-MM-DD` for `--published`.
pub fn parse_published(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date like 2023-08-22"))
}
