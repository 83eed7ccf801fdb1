//! `claimledger serve`: the web page where fact-checkers work through the ledger.
//!
//! Server-rendered HTML that works without JavaScript; `/static/app.js` only adds keyboard
//! shortcuts (the CSP forbids inline scripts). Every piece of crawled text is escaped.
//!
//! ```text
//! GET  /                       claims table: filters, search, sorting, pagination, export links
//! GET  /claims/{id}            the claim, each sighting in context, conflicts, similar claims, history
//! POST /claims/{id}/review     status decision      } CSRF token + the version the reviewer saw:
//! POST /claims/{id}/note       note                 } a concurrent change answers 409, never
//! POST /claims/{id}/correct    field correction     } overwrites (append-only review events)
//! GET  /queue?after=&dir=      next/previous unreviewed claim (keyboard j/k)
//! GET  /export?format=         the current filter as JSON / JSONL / CSV (src/export.rs)
//! GET  /dashboard              claims over time by metric, top sources, open conflicts (SVG)
//! GET|POST /login, POST /logout  sign-in with the configured token (when one is set)
//! ```

mod auth;
mod charts;
mod claim_page;
mod handlers;
mod pages;
mod similar;

pub use auth::Session;

use crate::ledger::{ClaimFilter, ClaimSort, LedgerError, ReviewStatus, SortKey, SqliteStore};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The last dashboard aggregates and when they were computed.
type DashboardCache = Arc<Mutex<Option<(std::time::Instant, Arc<crate::ledger::Dashboard>)>>>;

/// Shared state of the web application.
#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<SqliteStore>>,
    auth: Arc<auth::Auth>,
    similar: Arc<similar::Similar>,
    dashboard: DashboardCache,
}

/// How the application is set up.
#[derive(Debug, Clone, Default)]
pub struct WebOptions {
    /// Sign-in token; `None` lets everyone who can reach the port in (loopback only).
    pub token: Option<String>,
    /// Sentence-embedding model for similar claims; `None` switches them off.
    pub model_dir: Option<PathBuf>,
}

impl AppState {
    /// No sign-in, no similar claims: for tests and loopback use.
    pub fn new(store: SqliteStore) -> AppState {
        Self::with_options(store, WebOptions::default())
    }

    pub fn with_options(store: SqliteStore, options: WebOptions) -> AppState {
        AppState {
            store: Arc::new(Mutex::new(store)),
            auth: Arc::new(auth::Auth::new(options.token)),
            similar: Arc::new(similar::Similar::new(options.model_dir)),
            dashboard: Arc::new(Mutex::new(None)),
        }
    }
}

/// Query parameters of the claims table and export.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct TableQuery {
    pub status: Option<String>,
    pub metric: Option<String>,
    pub subject: Option<String>,
    pub counterpart: Option<String>,
    pub outlet: Option<String>,
    pub source: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub q: Option<String>,
    pub conflicts: Option<String>,
    pub min_sightings: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub page: Option<String>,
    pub format: Option<String>,
    /// Set by the review queue when no unreviewed claim is left.
    pub done: Option<String>,
}

pub const PAGE_SIZE: i64 = 50;

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl TableQuery {
    /// The ledger filter; a malformed value is a 400, never silently ignored.
    fn filter(&self) -> Result<ClaimFilter, WebError> {
        let bad = |what: String| WebError(StatusCode::BAD_REQUEST, what);
        let date = |v: &Option<String>, name: &str| -> Result<Option<String>, WebError> {
            match nonempty(v) {
                None => Ok(None),
                Some(d) => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map(|d| Some(d.to_string()))
                    .map_err(|_| bad(format!("{name} = {d:?} is not a date (YYYY-MM-DD)"))),
            }
        };
        let status = match nonempty(&self.status) {
            None => None,
            Some(s) => {
                Some(ReviewStatus::parse(&s).ok_or_else(|| bad(format!("unknown status {s:?}")))?)
            }
        };
        let min_sightings = match nonempty(&self.min_sightings) {
            None => None,
            Some(n) => Some(
                n.parse::<i64>()
                    .map_err(|_| bad(format!("min_sightings = {n:?} is not a number")))?,
            ),
        };
        Ok(ClaimFilter {
            status,
            metric: nonempty(&self.metric),
            subject: nonempty(&self.subject),
            counterpart: nonempty(&self.counterpart),
            outlet: nonempty(&self.outlet),
            source: nonempty(&self.source),
            period_from: date(&self.from, "from")?,
            period_to: date(&self.to, "to")?,
            search: nonempty(&self.q),
            conflicts_only: self
                .conflicts
                .as_deref()
                .is_some_and(|v| v == "1" || v == "on" || v == "true"),
            min_sightings,
            ..Default::default()
        })
    }

    fn sort(&self) -> Result<ClaimSort, WebError> {
        let key = match nonempty(&self.sort) {
            None => SortKey::Id,
            Some(s) => SortKey::parse(&s).ok_or_else(|| {
                WebError(StatusCode::BAD_REQUEST, format!("cannot sort by {s:?}"))
            })?,
        };
        Ok(ClaimSort {
            key,
            descending: self.dir.as_deref() == Some("desc"),
        })
    }

    fn page(&self) -> Result<i64, WebError> {
        match nonempty(&self.page) {
            None => Ok(1),
            Some(p) => match p.parse::<i64>() {
                Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
                _ => Err(WebError(
                    StatusCode::BAD_REQUEST,
                    format!("page = {p:?} is not a page number"),
                )),
            },
        }
    }
}

/// Builds the application router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(handlers::table))
        .route("/claims/{id}", get(handlers::claim))
        .route("/claims/{id}/review", post(handlers::review))
        .route("/claims/{id}/note", post(handlers::note))
        .route("/claims/{id}/correct", post(handlers::correct))
        .route("/queue", get(handlers::queue))
        .route("/export", get(handlers::export_route))
        .route("/dashboard", get(handlers::dashboard))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route(
            "/static/app.css",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
                    pages::CSS,
                )
            }),
        )
        .route(
            "/static/app.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    pages::JS,
                )
            }),
        )
        .fallback(|| async { WebError(StatusCode::NOT_FOUND, "No such page.".into()) })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_session,
        ))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// An error shown to the user as a page with the right status.
#[derive(Debug)]
pub struct WebError(pub StatusCode, pub String);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        (
            self.0,
            Html(pages::error_page(
                self.0.canonical_reason().unwrap_or("Error"),
                &self.1,
            )),
        )
            .into_response()
    }
}

impl From<LedgerError> for WebError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::NoSuchClaim(_) => WebError(StatusCode::NOT_FOUND, e.to_string()),
            LedgerError::Conflict { .. } => WebError(StatusCode::CONFLICT, e.to_string()),
            LedgerError::InvalidAmendment(_) => {
                WebError(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
            }
            other => WebError(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        }
    }
}

/// Runs ledger work on a blocking thread (SQLite calls block).
async fn with_store<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut SqliteStore) -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = store.lock().map_err(|_| {
            WebError(
                StatusCode::INTERNAL_SERVER_ERROR,
                "ledger lock poisoned".into(),
            )
        })?;
        f(&mut guard)
    })
    .await
    .map_err(|e| WebError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}
