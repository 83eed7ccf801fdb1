//! `claimledger serve`: the review web page. Binds to 127.0.0.1 unless told otherwise.

use super::{Context, UsageError};
use std::net::SocketAddr;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    if !args.addr.ip().is_loopback() {
        return Err(UsageError(format!(
            "refusing to serve on {}: the review page has no login yet, so it only binds to loopback addresses",
            args.addr
        ))
        .into());
    }
    let store = ctx.open_store()?;
    let app = claimledger::web::router(claimledger::web::AppState::new(store));
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.addr))?;
        eprintln!("serving {} on http://{}", ctx.ledger_path().display(), listener.local_addr()?);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}
