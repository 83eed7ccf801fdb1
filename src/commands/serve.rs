//! `claimledger serve`: the review web page. Listens on `[web] addr` (127.0.0.1:8080 by default);
//! any address other than loopback needs `[web] token`, and reviewers then sign in with it.

use super::{Context, UsageError};
use claimledger::web::{router, AppState, WebOptions};
use std::net::SocketAddr;

/// A token shorter than this is refused: it is the only thing between the ledger and the network.
const MIN_TOKEN_LEN: usize = 16;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on (default: `[web] addr` of the config, else 127.0.0.1:8080; port 0 picks one).
    #[arg(long)]
    pub addr: Option<SocketAddr>,
    /// Sign-in token (default: `[web] token` of the config).
    #[arg(long, env = "CLAIMLEDGER_WEB_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Do not load the sentence-embedding model (no "similar claims").
    #[arg(long)]
    pub no_similar: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let web = &ctx.settings.web;
    let addr = args.addr.unwrap_or(web.addr);
    let token = args
        .token
        .or_else(|| web.token.clone())
        .filter(|t| !t.trim().is_empty());
    match &token {
        None if !addr.ip().is_loopback() => {
            return Err(UsageError(format!(
                "refusing to serve on {addr}: listening beyond loopback needs a sign-in token \
                 (set `token` in the [web] section of config.toml, or CLAIMLEDGER_WEB_TOKEN)"
            ))
            .into())
        }
        Some(t) if t.trim().chars().count() < MIN_TOKEN_LEN => {
            return Err(UsageError(format!(
                "the [web] token must be at least {MIN_TOKEN_LEN} characters long"
            ))
            .into())
        }
        _ => {}
    }
    let store = ctx.open_store()?;
    let options = WebOptions {
        token: token.map(|t| t.trim().to_string()),
        model_dir: (!args.no_similar).then(|| ctx.settings.model_dir.clone()),
    };
    let signed = options.token.is_some();
    let app = router(AppState::with_options(store, options));
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
        eprintln!(
            "serving {} on http://{}{}",
            ctx.ledger_path().display(),
            listener.local_addr()?,
            if signed { " (sign-in required)" } else { "" }
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await?;
        Ok(())
    })
}

/// Ctrl-C or SIGTERM.
async fn shutdown() {
    #[cfg(unix)]
    {
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
