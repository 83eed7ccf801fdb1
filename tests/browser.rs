//! End to end in a real headless Chromium (Debian's `chromium` + `chromium-driver`, installed by
//! `make setup`): the real `claimledger` binary ingests the samples and a hostile article, serves
//! the ledger on 127.0.0.1 (port 0), and a reviewer works through it in the browser.
//!
//! Covered: the claims table, filtering, opening a claim, the keyboard shortcuts from
//! /static/app.js, confirming (the history updates), a concurrent change answered with a
//! message, exporting the filtered claims, the dashboard, and a hostile article whose
//! `<script>`, event handlers and `javascript:` URLs must not run. Screenshots go to
//! `test-artifacts/`; with `CLAIMLEDGER_UPDATE_DOCS=1` the claim page also goes to
//! `docs/claim-page.png`. A missing chromium fails the test with how to install it.

#[path = "browser/webdriver.rs"]
mod webdriver;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use webdriver::{locate, Driver, Session};

const BIN: &str = env!("CARGO_BIN_EXE_claimledger");

/// Each payload would set `window.__pwned` (or open an alert) if the page ever ran it.
const HOSTILE: &str = r#"{"id":"hostile","url":"javascript:window.__pwned='url'","title":"<script>window.__pwned='title'</script>","published":"2024-02-01","outlet":"<img src=x onerror=\"window.__pwned='outlet'\">","text":"Kazakh exports <script>window.__pwned='script';alert('script')</script> surge\n\nKazakhstan's exports to Russia rose 34% in 2023 <img src=x onerror=\"window.__pwned='img';alert('img')\">, according to <a href=\"javascript:window.__pwned='link'\">the statistics bureau</a>. <svg onload=\"window.__pwned='svg'\"></svg> <iframe src=\"javascript:alert('frame')\"></iframe>"}"#;

/// The served binary; killed on drop.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ingest(db: &Path, inputs: &[&Path]) {
    let out = Command::new(BIN)
        .args([
            "--db",
            &db.to_string_lossy(),
            "ingest",
            "--no-suggest",
            "--published",
            "2023-08-22",
        ])
        .args(inputs)
        .output()
        .expect("run claimledger ingest");
    assert!(
        out.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn serve(db: &Path) -> Server {
    let mut child = Command::new(BIN)
        .args([
            "--db",
            &db.to_string_lossy(),
            "serve",
            "--addr",
            "127.0.0.1:0",
        ])
        .env_remove("CLAIMLEDGER_WEB_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start claimledger serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let base = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(url) = line
                    .split(" on ")
                    .nth(1)
                    .filter(|_| line.starts_with("serving "))
                {
                    break url
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string();
                }
            }
            _ => panic!("claimledger serve exited before it listened"),
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.by_ref() {});
    Server { child, base }
}

fn artifacts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-artifacts")
}

async fn shot(s: &Session, name: &str) {
    s.screenshot(&artifacts().join(name))
        .await
        .expect("screenshot");
}

async fn nothing_ran(s: &Session, where_: &str) {
    assert_eq!(s.alert_text().await, None, "an alert opened on {where_}");
    let pwned = s
        .execute("return window.__pwned === undefined ? null : String(window.__pwned);")
        .await
        .unwrap();
    assert!(pwned.is_null(), "hostile code ran on {where_}: {pwned}");
    let links = s.execute("return document.querySelectorAll('a[href^=\"javascript:\" i], iframe, img, [onerror], [onload]').length;").await.unwrap();
    assert_eq!(
        links.as_i64(),
        Some(0),
        "hostile markup became live elements on {where_}"
    );
    let js = s
        .execute("return document.documentElement.getAttribute('data-js');")
        .await
        .unwrap();
    assert_eq!(
        js.as_str(),
        Some("on"),
        "the page's own script (/static/app.js) should run on {where_}"
    );
}

async fn open_first_claim(s: &Session) -> String {
    let first = s.wait_for("#claims tbody tr td a").await.unwrap();
    s.click(&first).await.unwrap();
    let url = s
        .wait_for_url("a claim page", |u| u.contains("/claims/"))
        .await
        .unwrap();
    s.wait_for("#review").await.unwrap();
    url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reviewer_works_through_the_ledger_in_chromium() {
    let (chromium, chromedriver) = locate().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite");
    let hostile = dir.path().join("hostile.jsonl");
    std::fs::write(&hostile, HOSTILE).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ingest(
        &db,
        &[
            &root.join("samples/multi-outlet/articles.jsonl"),
            &root.join("samples/seed.txt"),
            &hostile,
        ],
    );
    let server = serve(&db);
    let driver = Driver::start(&chromedriver)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let s = driver
        .session(&chromium, &dir.path().join("profile"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let base = server.base.clone();

    // The table, then a filter.
    s.goto(&format!("{base}/")).await.unwrap();
    s.wait_for("#claims").await.unwrap();
    let total_all: i64 = s
        .text(&s.find("#total").await.unwrap())
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert!(total_all > 5, "the samples give claims");
    shot(&s, "01-table.png").await;
    s.type_into(&s.find("#filter-subject").await.unwrap(), "China")
        .await
        .unwrap();
    s.click(&s.find("#apply-filters").await.unwrap())
        .await
        .unwrap();
    let url = s
        .wait_for_url("the filtered table", |u| u.contains("subject="))
        .await
        .unwrap();
    s.wait_for("#claims").await.unwrap();
    assert!(url.contains("subject=China"), "{url}");
    let total_china: i64 = s
        .text(&s.find("#total").await.unwrap())
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        0 < total_china && total_china < total_all,
        "{total_china} of {total_all}"
    );
    nothing_ran(&s, "the table").await;

    // Open a claim and confirm it; the history shows the decision.
    let claim_url = open_first_claim(&s).await;
    shot(&s, "02-claim.png").await;
    s.type_into(&s.find("#reviewer").await.unwrap(), "browser-test")
        .await
        .unwrap();
    s.type_into(
        &s.find("#review-note").await.unwrap(),
        "matches customs data",
    )
    .await
    .unwrap();
    s.click(&s.find("#confirm").await.unwrap()).await.unwrap();
    s.wait_for_url("the claim's history", |u| u.ends_with("#history"))
        .await
        .unwrap();
    s.wait_for("#history-table").await.unwrap();
    let status = s.text(&s.find("#status").await.unwrap()).await.unwrap();
    assert_eq!(status, "confirmed");
    let history = s
        .text(&s.find("#history-table").await.unwrap())
        .await
        .unwrap();
    assert!(
        history.contains("unreviewed → confirmed") && history.contains("browser-test"),
        "{history}"
    );
    assert!(history.contains("matches customs data"));
    shot(&s, "03-confirmed.png").await;
    if std::env::var_os("CLAIMLEDGER_UPDATE_DOCS").is_some() {
        s.execute("window.scrollTo(0, 0);").await.unwrap();
        s.screenshot(&root.join("docs/claim-page.png"))
            .await
            .unwrap();
    }

    // Keyboard: j goes to the next unreviewed claim.
    let here = s.current_url().await.unwrap();
    s.press("j").await.unwrap();
    let next = s
        .wait_for_url("the next claim", |u| u != here)
        .await
        .unwrap();
    s.wait_for("#review").await.unwrap();
    assert_ne!(next, claim_url, "j moves on to the next unreviewed claim");
    assert_eq!(
        s.text(&s.find("#status").await.unwrap()).await.unwrap(),
        "unreviewed"
    );

    // A reviewer whose page is stale is told, and overwrites nothing.
    s.goto(&claim_url).await.unwrap();
    s.wait_for("#review").await.unwrap();
    s.execute("document.querySelector('#review input[name=version]').value = '0';")
        .await
        .unwrap();
    s.click(&s.find("#reject").await.unwrap()).await.unwrap();
    let notice = s.text(&s.wait_for("#notice").await.unwrap()).await.unwrap();
    assert!(
        notice.contains("Someone else changed this claim"),
        "{notice}"
    );
    assert_eq!(
        s.text(&s.find("#status").await.unwrap()).await.unwrap(),
        "confirmed"
    );

    // Export the filtered selection from the table's button.
    s.goto(&format!("{base}/?subject=China&status=confirmed"))
        .await
        .unwrap();
    let href = s
        .execute("return document.getElementById('export-jsonl').href;")
        .await
        .unwrap();
    let href = href.as_str().unwrap().to_string();
    assert!(
        href.contains("subject=China") && href.contains("status=confirmed"),
        "{href}"
    );
    let script = format!(
        "const done = arguments[arguments.length - 1]; fetch({}).then(r => r.text()).then(done, e => done('ERR ' + e));",
        serde_json::to_string(&href).unwrap()
    );
    let jsonl = s.execute_async(&script).await.unwrap();
    let lines: Vec<serde_json::Value> = jsonl
        .as_str()
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 1, "one confirmed claim about China");
    assert_eq!(lines[0]["status"], "confirmed");

    // The hostile article: shown as text, nothing runs.
    s.goto(&format!("{base}/?q=Kazakhstan")).await.unwrap();
    nothing_ran(&s, "the table of the hostile article").await;
    open_first_claim(&s).await;
    let page = s
        .execute("return document.querySelector('main').innerText;")
        .await
        .unwrap();
    assert!(
        page.as_str().unwrap().contains("<script>"),
        "the hostile text is shown, as text"
    );
    nothing_ran(&s, "the hostile claim page").await;
    shot(&s, "04-hostile.png").await;

    // The dashboard.
    s.goto(&format!("{base}/dashboard")).await.unwrap();
    s.wait_for("#chart-time").await.unwrap();
    nothing_ran(&s, "the dashboard").await;
    shot(&s, "05-dashboard.png").await;

    s.close().await;
}
