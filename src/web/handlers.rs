//! Route handlers: parse the request, run ledger work on a blocking thread, render a page.

use super::auth::{check_csrf, Session};
use super::claim_page::{self, ClaimView};
use super::{charts, pages, with_store, AppState, TableQuery, WebError, PAGE_SIZE};
use crate::export::{export, ExportFormat};
use crate::ledger::{Amendment, ClaimFilter, LedgerError, ReviewChange, ReviewStatus, Store};
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn claim_id(id: &str) -> Result<i64, WebError> {
    id.parse()
        .map_err(|_| WebError(StatusCode::BAD_REQUEST, format!("{id:?} is not a claim id")))
}

pub(super) async fn table(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Query(q): Query<TableQuery>,
) -> Result<Html<String>, WebError> {
    let page = q.page()?;
    let sort = q.sort()?;
    let filter = ClaimFilter {
        limit: Some(PAGE_SIZE),
        offset: Some((page - 1) * PAGE_SIZE),
        ..q.filter()?
    };
    let (rows, total) = with_store(&state, move |s| {
        Ok((s.claims_sorted(&filter, sort)?, s.count_claims(&filter)?))
    })
    .await?;
    Ok(Html(pages::table_page(&q, &rows, total, page, &session)))
}

/// Loads everything the claim page shows.
async fn claim_view(state: &AppState, id: i64) -> Result<ClaimView, WebError> {
    let (detail, sources) = with_store(state, move |s| {
        let detail = s.claim(id)?.ok_or(WebError(
            StatusCode::NOT_FOUND,
            format!("no claim with id {id}"),
        ))?;
        Ok((detail, s.sighting_sources(id)?))
    })
    .await?;
    let original = detail.entry.clone();
    let detail = detail.corrected();
    let similar = state.similar.similar_to(state, &detail).await;
    Ok(ClaimView {
        detail,
        original,
        sources,
        similar,
    })
}

pub(super) async fn claim(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let view = claim_view(&state, claim_id(&id)?).await?;
    Ok(Html(claim_page::render(&view, &session, None)))
}

/// The claim page again with a message, after a refused action.
async fn refused(
    state: &AppState,
    session: &Session,
    id: i64,
    status: StatusCode,
    msg: &str,
) -> Result<Response, WebError> {
    let view = claim_view(state, id).await?;
    Ok((status, Html(claim_page::render(&view, session, Some(msg)))).into_response())
}

const CONFLICT_MSG: &str =
    "Someone else changed this claim while you were looking at it. Their change is shown \
    below; nothing of yours was recorded. Review again if you still disagree.";

/// Where to go after an action; the outcome of the ledger call decides the response.
async fn after_action(
    state: &AppState,
    session: &Session,
    id: i64,
    advance: bool,
    result: Result<crate::ledger::ReviewEvent, LedgerError>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) if advance => Ok(Redirect::to(&format!("/queue?after={id}")).into_response()),
        Ok(_) => Ok(Redirect::to(&format!("/claims/{id}#history")).into_response()),
        Err(LedgerError::Conflict { .. }) => {
            refused(state, session, id, StatusCode::CONFLICT, CONFLICT_MSG).await
        }
        Err(e @ LedgerError::InvalidAmendment(_)) => {
            refused(
                state,
                session,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                &e.to_string(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

fn reviewer(by: &Option<String>) -> String {
    let by: String = by
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(80)
        .collect();
    if by.is_empty() {
        "web".into()
    } else {
        by
    }
}

#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    pub status: String,
    pub note: Option<String>,
    pub by: Option<String>,
    pub version: i64,
    pub csrf: String,
    pub advance: Option<String>,
}

pub(super) async fn review(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, WebError> {
    let id = claim_id(&id)?;
    check_csrf(&session, &form.csrf)?;
    let to = ReviewStatus::parse(&form.status).ok_or_else(|| {
        WebError(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("unknown status {:?}", form.status),
        )
    })?;
    let note = form
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let change = ReviewChange {
        to,
        by: reviewer(&form.by),
        note,
        expected_version: Some(form.version),
    };
    let result = with_store(&state, move |s| Ok(s.review(id, &change))).await?;
    after_action(&state, &session, id, form.advance.is_some(), result).await
}

#[derive(Debug, Deserialize)]
pub struct NoteForm {
    pub note: String,
    pub by: Option<String>,
    pub version: i64,
    pub csrf: String,
}

pub(super) async fn note(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, WebError> {
    let id = claim_id(&id)?;
    check_csrf(&session, &form.csrf)?;
    let a = Amendment {
        by: reviewer(&form.by),
        note: Some(form.note),
        correction: None,
        expected_version: Some(form.version),
    };
    let result = with_store(&state, move |s| Ok(s.amend(id, &a))).await?;
    after_action(&state, &session, id, false, result).await
}

#[derive(Debug, Deserialize)]
pub struct CorrectForm {
    pub field: String,
    pub value: String,
    pub note: Option<String>,
    pub by: Option<String>,
    pub version: i64,
    pub csrf: String,
}

pub(super) async fn correct(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    Form(form): Form<CorrectForm>,
) -> Result<Response, WebError> {
    let id = claim_id(&id)?;
    check_csrf(&session, &form.csrf)?;
    let a = Amendment {
        by: reviewer(&form.by),
        note: form.note,
        correction: Some((form.field, form.value)),
        expected_version: Some(form.version),
    };
    let result = with_store(&state, move |s| Ok(s.amend(id, &a))).await?;
    after_action(&state, &session, id, false, result).await
}

#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    pub after: Option<i64>,
    pub dir: Option<String>,
}

/// The next (or previous) unreviewed claim; the table of unreviewed claims when none is left.
pub(super) async fn queue(
    State(state): State<AppState>,
    Query(q): Query<QueueQuery>,
) -> Result<Response, WebError> {
    let backwards = q.dir.as_deref() == Some("prev");
    let after = q.after.unwrap_or(if backwards { i64::MAX } else { 0 });
    let next = with_store(&state, move |s| Ok(s.next_unreviewed(after, backwards)?)).await?;
    Ok(match next {
        Some(id) => Redirect::to(&format!("/claims/{id}")).into_response(),
        None => Redirect::to("/?status=unreviewed&done=1").into_response(),
    })
}

pub(super) async fn export_route(
    State(state): State<AppState>,
    Query(q): Query<TableQuery>,
) -> Result<Response, WebError> {
    let format = match q.format.as_deref().unwrap_or("json") {
        "json" => ExportFormat::Json,
        "jsonl" => ExportFormat::Jsonl,
        "csv" => ExportFormat::Csv,
        other => {
            return Err(WebError(
                StatusCode::BAD_REQUEST,
                format!("unknown export format {other:?}"),
            ))
        }
    };
    let filter = q.filter()?;
    let body = with_store(&state, move |s| {
        let mut buf = Vec::new();
        export(s, &filter, format, &mut buf)
            .map_err(|e| WebError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        Ok(buf)
    })
    .await?;
    let disposition = format!("attachment; filename=\"claims.{}\"", format.extension());
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// Dashboard aggregates are recomputed at most this often (they scan the ledger).
const DASHBOARD_TTL: Duration = Duration::from_secs(30);

pub(super) async fn dashboard(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
) -> Result<Html<String>, WebError> {
    let cached = state
        .dashboard
        .lock()
        .ok()
        .and_then(|c| c.clone())
        .filter(|(at, _)| at.elapsed() < DASHBOARD_TTL);
    let data = match cached {
        Some((_, d)) => d,
        None => {
            let d = Arc::new(with_store(&state, |s| Ok(s.dashboard()?)).await?);
            if let Ok(mut c) = state.dashboard.lock() {
                *c = Some((Instant::now(), d.clone()));
            }
            d
        }
    };
    Ok(Html(charts::dashboard_page(&data, &session)))
}
