//! Handler tests of the review web page without a server (`Router` + `oneshot`): every route,
//! its status codes and its errors.

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use claimledger::input::ArticleRecord;
use claimledger::ledger::{ClaimFilter, SqliteStore, Store};
use claimledger::web::{router, AppState, WebOptions};
use http_body_util::BodyExt;
use tower::ServiceExt;

const HOSTILE: &str = "Exports <script>alert(1)</script> rose\n\n\
    China's exports to Russia rose 12% in 2023 <img src=x onerror=alert(2)>, according to <a href=\"javascript:alert(3)\">customs</a>.";

const PLAIN: &str = "Budget strain\n\nRussia's budget deficit reached 3.3 trillion roubles in 2023, the finance ministry said. \
    India's imports of Russian oil rose 20% in the first half of 2023.";

fn ledger(dir: &std::path::Path) -> (SqliteStore, i64) {
    let mut store = SqliteStore::open(&dir.join("l.sqlite")).unwrap();
    let mut rec = ArticleRecord::from_text("hostile".into(), HOSTILE.into());
    rec.url = Some("javascript:alert(4)".into());
    rec.published = chrono::NaiveDate::from_ymd_opt(2024, 2, 1);
    claimledger::pipeline::ingest_record(&mut store, &rec, 0.0).unwrap();
    let mut rec = ArticleRecord::from_text("plain".into(), PLAIN.into());
    rec.url = Some("https://example.com/budget".into());
    rec.published = chrono::NaiveDate::from_ymd_opt(2024, 3, 1);
    claimledger::pipeline::ingest_record(&mut store, &rec, 0.0).unwrap();
    let id = store
        .claims(&ClaimFilter::default())
        .unwrap()
        .first()
        .map(|e| e.id)
        .expect("a claim from the hostile article");
    (store, id)
}

fn app() -> (tempfile::TempDir, axum::Router, i64) {
    let dir = tempfile::tempdir().unwrap();
    let (store, id) = ledger(dir.path());
    (dir, router(AppState::new(store)), id)
}

async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, HeaderMap, String) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &axum::Router, uri: &str, form: &str) -> (StatusCode, HeaderMap, String) {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .unwrap();
    send(app, req).await
}

fn field_of(page: &str, name: &str) -> String {
    let needle = format!("name=\"{name}\" value=\"");
    let i = page
        .find(&needle)
        .unwrap_or_else(|| panic!("no {name} field"))
        + needle.len();
    page[i..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn table_and_claim_pages_escape_crawled_text_and_send_security_headers() {
    let (_d, app, id) = app();
    let (status, headers, body) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'")
            && csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline")
    );
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(body.contains(&format!("/claims/{id}")));
    let (status, _, page) = get(&app, &format!("/claims/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    for bad in [
        "<script>alert",
        "<img src=x",
        "href=\"javascript:",
        "javascript:alert(4)\"",
    ] {
        assert!(!page.contains(bad), "unescaped {bad:?} in claim page");
    }
    assert!(
        page.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "the markup is shown as text"
    );
    assert!(page.contains("<mark class=\"figure\">"));
    assert!(
        page.contains("Similar claims are off"),
        "no model configured: the page says so"
    );
    assert!(
        !page.contains("<script>")
            && page.contains("<script src=\"/static/app.js\" defer></script>")
    );
}

#[tokio::test]
async fn the_claim_page_shows_context_with_period_and_attribution_marked() {
    let (_d, app, _) = app();
    let (_, _, body) = get(&app, "/?q=deficit").await;
    let id: i64 = body
        .split("href=\"/claims/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    let (_, _, page) = get(&app, &format!("/claims/{id}")).await;
    assert!(page.contains("<mark class=\"figure\">"), "{page}");
    assert!(
        page.contains("<mark class=\"period\">2023</mark>"),
        "{page}"
    );
    assert!(page.contains("<mark class=\"source\">"), "{page}");
    assert!(page.contains("href=\"https://example.com/budget\""));
    assert!(
        page.contains("India"),
        "the next sentence is part of the context"
    );
}

#[tokio::test]
async fn table_filters_sorts_and_rejects_bad_parameters() {
    let (_d, app, _) = app();
    let (_, _, all) = get(&app, "/").await;
    let total = |b: &str| {
        b.split("<span id=\"total\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap()
            .parse::<i64>()
            .unwrap()
    };
    assert!(total(&all) >= 2);
    let (_, _, one) = get(
        &app,
        "/?q=deficit&status=unreviewed&min_sightings=1&from=2023-01-01&to=2023-12-31",
    )
    .await;
    assert_eq!(total(&one), 1);
    let (_, _, none) = get(&app, "/?status=confirmed").await;
    assert_eq!(total(&none), 0);
    assert!(none.contains("No claims match."));
    let (status, _, sorted) = get(&app, "/?sort=sightings&dir=desc&page=1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(sorted.contains("▼"));
    for bad in [
        "/?from=yesterday",
        "/?sort=drop",
        "/?page=0",
        "/?page=x",
        "/?min_sightings=many",
        "/?status=maybe",
    ] {
        assert_eq!(get(&app, bad).await.0, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn review_needs_the_csrf_token_and_the_current_version() {
    let (_d, app, id) = app();
    let (_, _, page) = get(&app, &format!("/claims/{id}")).await;
    let token = field_of(&page, "csrf");
    let uri = format!("/claims/{id}/review");
    assert_eq!(
        post(&app, &uri, "status=confirmed&version=0&csrf=forged")
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, headers, _) = post(
        &app,
        &uri,
        &format!("status=confirmed&by=alice&note=ok&version=0&csrf={token}"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], format!("/claims/{id}#history"));
    let (status, _, body) = post(
        &app,
        &uri,
        &format!("status=rejected&version=0&csrf={token}"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("Someone else changed this claim"));
    let (_, _, page) = get(&app, &format!("/claims/{id}")).await;
    assert!(page.contains("id=\"status\" class=\"status-confirmed\""));
    assert!(page.contains("alice") && page.contains("unreviewed → confirmed"));
    assert_eq!(
        post(
            &app,
            &uri,
            &format!("status=sideways&version=1&csrf={token}")
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, headers, _) = post(
        &app,
        &uri,
        &format!("status=disputed&version=1&advance=1&csrf={token}"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], format!("/queue?after={id}"));
}

#[tokio::test]
async fn notes_and_corrections_are_appended_with_the_version_check() {
    let (_d, app, id) = app();
    let (_, _, page) = get(&app, &format!("/claims/{id}")).await;
    let token = field_of(&page, "csrf");
    let note = format!("/claims/{id}/note");
    let correct = format!("/claims/{id}/correct");
    assert_eq!(
        post(
            &app,
            &note,
            &format!("note=checked+customs&by=bob&version=0&csrf={token}")
        )
        .await
        .0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post(&app, &note, &format!("note=+&version=1&csrf={token}"))
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        post(&app, &note, &format!("note=late&version=0&csrf={token}"))
            .await
            .0,
        StatusCode::CONFLICT
    );
    let form = format!("field=subject&value=Kazakhstan&note=misread&by=bob&version=1&csrf={token}");
    assert_eq!(post(&app, &correct, &form).await.0, StatusCode::SEE_OTHER);
    let (status, _, body) = post(
        &app,
        &correct,
        &format!("field=value&value=lots&version=2&csrf={token}"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("not a number"));
    assert_eq!(
        post(
            &app,
            &correct,
            &format!("field=key&value=x&version=2&csrf={token}")
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        post(&app, &correct, "field=subject&value=x&version=2&csrf=nope")
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (_, _, page) = get(&app, &format!("/claims/{id}")).await;
    assert!(
        page.contains("corrected subject:") && page.contains("→ Kazakhstan"),
        "{page}"
    );
    assert!(page.contains("<dd id=\"f-subject\">Kazakhstan <span class=\"corrected\">"));
    assert!(page.contains("checked customs"));
    assert!(
        page.contains("id=\"status\" class=\"status-unreviewed\""),
        "notes and corrections keep the status"
    );
    let (_, _, export) = get(&app, "/export?format=json").await;
    assert!(
        export.contains("\"correction\""),
        "exports carry the complete history"
    );
}

#[tokio::test]
async fn the_queue_walks_unreviewed_claims() {
    let (_d, app, id) = app();
    let (status, headers, _) = get(&app, "/queue").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], format!("/claims/{id}"));
    let (_, headers, _) = get(&app, &format!("/queue?after={id}")).await;
    assert_ne!(headers[header::LOCATION], format!("/claims/{id}"));
    let (_, headers, _) = get(&app, "/queue?after=999999").await;
    assert_eq!(headers[header::LOCATION], "/?status=unreviewed&done=1");
    let (_, _, body) = get(&app, "/?status=unreviewed&done=1").await;
    assert!(body.contains("No unreviewed claim is left"));
    let (_, headers, _) = get(&app, &format!("/queue?after={}&dir=prev", id + 1)).await;
    assert_eq!(headers[header::LOCATION], format!("/claims/{id}"));
}

#[tokio::test]
async fn errors_have_the_right_status() {
    let (_d, app, _) = app();
    assert_eq!(get(&app, "/claims/999999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/claims/abc").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, "/nowhere").await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        get(&app, "/export?format=xml").await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post(
            &app,
            "/claims/999999/review",
            "status=confirmed&version=0&csrf=x"
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&app, "/claims/1/review", "status=confirmed").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let req = Request::delete("/claims/1").body(Body::empty()).unwrap();
    assert_eq!(send(&app, req).await.0, StatusCode::METHOD_NOT_ALLOWED);
    let (_, _, page) = get(&app, "/").await;
    let token = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .map(|s| s.split('"').next().unwrap().to_string());
    assert!(token.is_none(), "the table has no forms that change state");
}

#[tokio::test]
async fn export_route_uses_the_shared_export_code() {
    let (_d, app, _) = app();
    let (status, headers, body) = get(&app, "/export?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("claims.csv"));
    assert!(body.starts_with("id,status,kind"));
    let (_, _, jsonl) = get(&app, "/export?format=jsonl&status=unreviewed").await;
    for line in jsonl.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    let (_, _, json) = get(&app, "/export?format=json&q=deficit").await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        get(&app, "/export?format=csv&from=never").await.0,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn dashboard_and_static_files() {
    let (_d, app, _) = app();
    let (status, _, body) = get(&app, "/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<svg id=\"chart-time\"") && body.contains("2024-02"));
    assert!(body.contains("id=\"open-conflicts\""));
    let (_, headers, css) = get(&app, "/static/app.css").await;
    assert!(
        css.contains("mark.figure")
            && headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/css")
    );
    let (_, headers, js) = get(&app, "/static/app.js").await;
    assert!(
        js.contains("keydown")
            && headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/javascript")
    );
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let (_d, app, id) = app();
    let req = Request::post(format!("/claims/{id}/review"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("status=confirmed&version=0&csrf=x"))
        .unwrap();
    assert_eq!(send(&app, req).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn with_a_token_every_page_needs_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let (store, id) = ledger(dir.path());
    let options = WebOptions {
        token: Some("correct horse battery staple".into()),
        model_dir: None,
    };
    let app = router(AppState::with_options(store, options));
    let (status, headers, _) = get(&app, "/").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/login");
    assert_eq!(
        get(&app, "/export?format=csv").await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post(
            &app,
            &format!("/claims/{id}/review"),
            "status=confirmed&version=0&csrf=x"
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(get(&app, "/login").await.0, StatusCode::OK);
    assert_eq!(get(&app, "/static/app.css").await.0, StatusCode::OK);
    assert_eq!(
        post(&app, "/login", "token=guess").await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, headers, _) = post(&app, "/login", "token=correct+horse+battery+staple").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let cookie = cookie.split(';').next().unwrap().to_string();
    let with_cookie = |uri: &str| {
        Request::get(uri)
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap()
    };
    let (status, _, page) = send(&app, with_cookie(&format!("/claims/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    let token = field_of(&page, "csrf");
    let review = |csrf: &str| {
        Request::post(format!("/claims/{id}/review"))
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "status=confirmed&version=0&csrf={csrf}"
            )))
            .unwrap()
    };
    assert_eq!(send(&app, review("wrong")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, review(&token)).await.0, StatusCode::SEE_OTHER);
    let logout = Request::post("/logout")
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={token}")))
        .unwrap();
    assert_eq!(send(&app, logout).await.0, StatusCode::SEE_OTHER);
    assert_eq!(
        send(&app, with_cookie("/")).await.0,
        StatusCode::SEE_OTHER,
        "the session ended"
    );
}

#[tokio::test]
async fn without_a_token_login_is_not_needed() {
    let (_d, app, _) = app();
    let (status, headers, _) = get(&app, "/login").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/");
}

#[test]
fn serve_refuses_to_leave_loopback_without_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite");
    let out = assert_cmd::Command::cargo_bin("claimledger")
        .unwrap()
        .args([
            "--db",
            &db.to_string_lossy(),
            "serve",
            "--addr",
            "0.0.0.0:0",
        ])
        .env_remove("CLAIMLEDGER_WEB_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a sign-in token"));
    let out = assert_cmd::Command::cargo_bin("claimledger")
        .unwrap()
        .args([
            "--db",
            &db.to_string_lossy(),
            "serve",
            "--addr",
            "0.0.0.0:0",
            "--token",
            "short",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a short token is refused too");
}
