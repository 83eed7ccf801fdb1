//! The `claimledger` command: parses the command line and hands each subcommand to
//! `commands/<name>.rs`. Exit codes: 0 ok, 1 runtime failure, 2 bad usage, config or input.

mod commands;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "claimledger",
    version,
    about = "A ledger of quantitative claims from war-economy news"
)]
pub struct Cli {
    /// Configuration file (default: ./config.toml if present, else the built-in defaults).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Ledger file; overrides `[ledger] path` of the config.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// More log output on stderr (-v, -vv).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract claims from articles and print them as JSON Lines (touches no ledger).
    Extract(commands::extract::Args),
    /// Print the main text and metadata of one page.
    Article(commands::article::Args),
    /// Extract claims from articles and record them in the ledger.
    Ingest(commands::ingest::Args),
    /// Fetch the configured sources and record new articles and claims.
    Crawl(commands::crawl::Args),
    /// List or show claims in the ledger.
    #[command(subcommand)]
    Claims(commands::claims::ClaimsCommand),
    /// Record a review decision for a claim.
    Review(commands::review::Args),
    /// Export claims as JSON, JSON Lines or CSV.
    Export(commands::export::Args),
    /// Serve the review web page.
    Serve(commands::serve::Args),
    /// Score extracted claims against gold claims.
    Eval(commands::eval::Args),
    /// Run the recogniser over third-party conformance suites.
    Conformance(commands::conformance::Args),
    /// Verify the integrity of the ledger.
    Check(commands::check::Args),
    /// Run the article-extraction benchmark.
    BenchArticle(commands::bench_article::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let level = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (false, 0) => "warn,claimledger=info",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CLAIMLEDGER_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level)),
        )
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`| head`) is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let code = commands::exit_code(&e);
            eprintln!("error: {e:#}");
            ExitCode::from(code)
        }
    }
}
