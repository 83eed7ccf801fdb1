//! Handler tests of the review web page without a server (`Router` + `oneshot`).

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use claimledger::input::ArticleRecord;
use claimledger::ledger::{ClaimFilter, SqliteStore, Store};
use http_body_util::BodyExt;
use tower::ServiceExt;

const HOSTILE: &str = "Exports <script>alert(1)</script> rose\n\n\
    China's exports to Russia rose 12% in 2023 <img src=x onerror=alert(2)>, according to <a href=\"javascript:alert(3)\">customs</a>.";

fn app() -> (tempfile::TempDir, axum::Router, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("l.sqlite")).unwrap();
    let mut rec = ArticleRecord::from_text("hostile".into(), HOSTILE.into());
    rec.url = Some("javascript:alert(4)".into());
    rec.published = chrono::NaiveDate::from_ymd_opt(2024, 2, 1);
    claimledger::pipeline::ingest_record(&mut store, &rec, 0.0).unwrap();
    let id = store.claims(&ClaimFilter::default()).unwrap().first().map(|e| e.id).expect("a claim from the hostile article");
    (dir, claimledger::web::router(claimledger::web::AppState::new(store)), id)
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let resp = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

async fn post(app: &axum::Router, uri: &str, form: &str) -> (StatusCode, String) {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn csrf_of(page: &str) -> String {
    let i = page.find("name=\"csrf\" value=\"").expect("csrf field") + "name=\"csrf\" value=\"".len();
    page[i..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn table_and_claim_pages_escape_crawled_text_and_send_security_headers() {
    let (_d, app, id) = app();
    let (status, headers, body) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(body.contains(&format!("/claims/{id}")));
    let (status, _, page) = get(&app, &format!("/claims/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    for bad in ["<script>alert", "<img src=x", "href=\"javascript:", "onerror=alert"] {
        assert!(!page.contains(bad), "unescaped {bad:?} in claim page");
    }
    assert!(page.contains("<mark class=\"figure\">"));
}

#[tokio::test]
async fn review_needs_the_csrf_token_and_the_current_version() {
    let (_d, app, id) = app();
    let (_, _, page) = get(&app, &format!("/claims/{id}")).await;
    let token = csrf_of(&page);
    let (status, _) = post(&app, &format!("/claims/{id}/review"), "status=confirmed&version=0&csrf=forged").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post(&app, &format!("/claims/{id}/review"), &format!("status=confirmed&by=alice&note=ok&version=0&csrf={token}")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, body) = post(&app, &format!("/claims/{id}/review"), &format!("status=rejected&version=0&csrf={token}")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("Someone else reviewed"));
    let (_, _, page) = get(&app, &format!("/claims/{id}")).await;
    assert!(page.contains("id=\"status\" class=\"status-confirmed\""));
    assert!(page.contains("alice"));
    let (status, _) = post(&app, &format!("/claims/{id}/review"), &format!("status=sideways&version=1&csrf={token}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn errors_have_the_right_status() {
    let (_d, app, _) = app();
    assert_eq!(get(&app, "/claims/999999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/claims/abc").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, "/nowhere").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/export?format=xml").await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn export_route_uses_the_shared_export_code() {
    let (_d, app, _) = app();
    let (status, headers, body) = get(&app, "/export?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(body.starts_with("id,status,kind"));
    let (_, _, jsonl) = get(&app, "/export?format=jsonl&status=unreviewed").await;
    for line in jsonl.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    let (_, _, css) = get(&app, "/static/app.css").await;
    assert!(css.contains("mark.figure"));
}
