//! `claimledger serve`: a local web page over the ledger where fact-checkers review claims.
//!
//! Server-rendered HTML, no inline scripts (CSP forbids them), every piece of crawled text
//! escaped. Routes: `/` claims table with filters, `/claims/{id}` one claim with its sightings in
//! context and review history, `POST /claims/{id}/review` a decision (CSRF token + optimistic
//! version check), `/export?format=` the current filter as JSON/JSONL/CSV.

mod pages;

use crate::export::{export, ExportFormat};
use crate::ledger::{ClaimFilter, LedgerError, ReviewChange, ReviewStatus, SqliteStore, Store};
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use std::sync::{Arc, Mutex};

/// Shared state of the web application.
#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<SqliteStore>>,
    /// Token every state-changing form must echo back.
    csrf: Arc<String>,
}

impl AppState {
    pub fn new(store: SqliteStore) -> AppState {
        let seed = format!(
            "{:?}{}{:p}",
            std::time::SystemTime::now(),
            std::process::id(),
            &store as *const SqliteStore
        );
        AppState { store: Arc::new(Mutex::new(store)), csrf: Arc::new(crate::ledger::content_hash(&seed)) }
    }
}

/// Query parameters of the claims table and export.
#[derive(Debug, Default, Deserialize)]
pub struct TableQuery {
    pub status: Option<String>,
    pub metric: Option<String>,
    pub subject: Option<String>,
    pub counterpart: Option<String>,
    pub outlet: Option<String>,
    pub source: Option<String>,
    pub q: Option<String>,
    pub conflicts: Option<String>,
    pub min_sightings: Option<i64>,
    pub page: Option<i64>,
    pub format: Option<String>,
}

pub const PAGE_SIZE: i64 = 50;

impl TableQuery {
    fn filter(&self) -> ClaimFilter {
        let nonempty = |s: &Option<String>| s.as_ref().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        ClaimFilter {
            status: nonempty(&self.status).and_then(|s| ReviewStatus::parse(&s)),
            metric: nonempty(&self.metric),
            subject: nonempty(&self.subject),
            counterpart: nonempty(&self.counterpart),
            outlet: nonempty(&self.outlet),
            source: nonempty(&self.source),
            search: nonempty(&self.q),
            conflicts_only: self.conflicts.as_deref().is_some_and(|v| v == "1" || v == "on" || v == "true"),
            min_sightings: self.min_sightings,
            ..Default::default()
        }
    }
}

/// Builds the application router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(table))
        .route("/claims/{id}", get(claim_page))
        .route("/claims/{id}/review", post(review))
        .route("/export", get(export_route))
        .route("/static/app.css", get(|| async { ([(header::CONTENT_TYPE, "text/css")], pages::CSS) }))
        .fallback(|| async { (StatusCode::NOT_FOUND, Html(pages::error_page("Not found", "No such page."))) })
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    resp
}

/// An error shown to the user as a page with the right status.
pub struct WebError(StatusCode, String);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        (self.0, Html(pages::error_page(self.0.canonical_reason().unwrap_or("Error"), &self.1))).into_response()
    }
}

impl From<LedgerError> for WebError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::NoSuchClaim(_) => WebError(StatusCode::NOT_FOUND, e.to_string()),
            LedgerError::Conflict { .. } => WebError(StatusCode::CONFLICT, e.to_string()),
            other => WebError(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        }
    }
}

async fn with_store<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut SqliteStore) -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = store
            .lock()
            .map_err(|_| WebError(StatusCode::INTERNAL_SERVER_ERROR, "ledger lock poisoned".into()))?;
        f(&mut guard)
    })
    .await
    .map_err(|e| WebError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

async fn table(State(state): State<AppState>, Query(q): Query<TableQuery>) -> Result<Html<String>, WebError> {
    let page = q.page.unwrap_or(1).max(1);
    let filter = ClaimFilter { limit: Some(PAGE_SIZE), offset: Some((page - 1) * PAGE_SIZE), ..q.filter() };
    let (rows, total) = with_store(&state, move |s| Ok((s.claims(&filter)?, s.count_claims(&filter)?))).await?;
    Ok(Html(pages::table_page(&q, &rows, total, page)))
}

async fn claim_page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError(StatusCode::BAD_REQUEST, format!("{id:?} is not a claim id")))?;
    let detail = with_store(&state, move |s| s.claim(id)?.ok_or(WebError(StatusCode::NOT_FOUND, format!("no claim with id {id}")))).await?;
    Ok(Html(pages::claim_page(&detail, &state.csrf, None)))
}

#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    pub status: String,
    pub note: Option<String>,
    pub by: Option<String>,
    pub version: i64,
    pub csrf: String,
}

async fn review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError(StatusCode::BAD_REQUEST, format!("{id:?} is not a claim id")))?;
    if form.csrf != *state.csrf {
        return Err(WebError(StatusCode::FORBIDDEN, "the form's security token is missing or stale; reload the page".into()));
    }
    let to = ReviewStatus::parse(&form.status)
        .ok_or_else(|| WebError(StatusCode::UNPROCESSABLE_ENTITY, format!("unknown status {:?}", form.status)))?;
    let by = form.by.clone().map(|b| b.trim().to_string()).filter(|b| !b.is_empty()).unwrap_or_else(|| "web".into());
    let note = form.note.clone().map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    let change = ReviewChange { to, by, note, expected_version: Some(form.version) };
    let result = with_store(&state, move |s| Ok(s.review(id, &change))).await?;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/claims/{id}")).into_response()),
        Err(LedgerError::Conflict { .. }) => {
            let detail = with_store(&state, move |s| s.claim(id)?.ok_or(WebError(StatusCode::NOT_FOUND, "gone".into()))).await?;
            let msg = "Someone else reviewed this claim while you were looking at it. Their decision is shown below; review again if you still disagree.";
            Ok((StatusCode::CONFLICT, Html(pages::claim_page(&detail, &state.csrf, Some(msg)))).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn export_route(State(state): State<AppState>, Query(q): Query<TableQuery>) -> Result<Response, WebError> {
    let format = match q.format.as_deref().unwrap_or("json") {
        "json" => ExportFormat::Json,
        "jsonl" => ExportFormat::Jsonl,
        "csv" => ExportFormat::Csv,
        other => return Err(WebError(StatusCode::BAD_REQUEST, format!("unknown export format {other:?}"))),
    };
    let filter = q.filter();
    let body = with_store(&state, move |s| {
        let mut buf = Vec::new();
        export(s, &filter, format, &mut buf).map_err(|e| WebError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        Ok(buf)
    })
    .await?;
    let disposition = format!("attachment; filename=\"claims.{}\"", format.extension());
    Ok(([(header::CONTENT_TYPE, format.content_type().to_string()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response())
}
