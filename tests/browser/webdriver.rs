//! A small W3C WebDriver client over reqwest, enough for the browser test: start chromedriver,
//! open a headless Chromium session, navigate, find, click, type, run scripts, take screenshots.

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Chromium flags: headless, no sandbox (CI runs as root), nothing that phones home.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1100",
];

pub type WdResult<T> = Result<T, String>;

/// The chromedriver process; killed on drop.
pub struct Driver {
    child: Child,
    base: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_program(names: &[&str]) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            if dir.join(n).is_file() {
                return Some(dir.join(n).to_string_lossy().into_owned());
            }
        }
    }
    None
}

/// Paths of chromium and chromedriver, or a message saying how to install them.
pub fn locate() -> WdResult<(String, String)> {
    let browser = std::env::var("CHROMIUM")
        .ok()
        .or_else(|| find_program(&["chromium", "chromium-browser"]));
    let driver = std::env::var("CHROMEDRIVER")
        .ok()
        .or_else(|| find_program(&["chromedriver"]));
    match (browser, driver) {
        (Some(b), Some(d)) => Ok((b, d)),
        _ => Err("the browser test needs Debian's `chromium` and `chromium-driver` (chromedriver) on PATH; \
                  install them with `make setup` (scripts/setup-system.sh) or \
                  `apt-get install -y chromium chromium-driver`"
            .into()),
    }
}

impl Driver {
    pub async fn start(chromedriver: &str) -> WdResult<Driver> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {chromedriver}: {e}"))?;
        let driver = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = http.get(format!("{}/status", driver.base)).send().await {
                if r.status().is_success() {
                    return Ok(driver);
                }
            }
            if Instant::now() > deadline {
                return Err("chromedriver did not come up within 20 s".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn session(&self, chromium: &str, profile: &Path) -> WdResult<Session> {
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "unhandledPromptBehavior": "ignore",
            "goog:chromeOptions": {"binary": chromium, "args": args},
            "timeouts": {"pageLoad": 30000, "script": 15000, "implicit": 0}
        }}});
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| e.to_string())?;
        let v = call(
            &http,
            reqwest::Method::POST,
            &format!("{}/session", self.base),
            Some(caps),
        )
        .await?;
        let id = v["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {v}"))?;
        Ok(Session {
            http,
            url: format!("{}/session/{id}", self.base),
        })
    }
}

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> WdResult<Value> {
    let mut req = http.request(method.clone(), url);
    let body = body.or_else(|| (method == reqwest::Method::POST).then(|| json!({})));
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let resp = req
        .send()
        .await
        .map_err(|e| format!("{method} {url}: {e}"))?;
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| format!("{method} {url}: {e}"))?;
    let v: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{method} {url}: bad JSON: {e}"))?;
    if let Some(err) = v["value"]["error"].as_str() {
        return Err(format!(
            "{method} {url}: {err}: {}",
            v["value"]["message"].as_str().unwrap_or("")
        ));
    }
    Ok(v["value"].clone())
}

/// A browser session; closed by [`Session::close`].
pub struct Session {
    http: reqwest::Client,
    url: String,
}

/// A found element.
pub struct Element(String);

impl Session {
    async fn cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> WdResult<Value> {
        call(&self.http, method, &format!("{}{path}", self.url), body).await
    }

    pub async fn goto(&self, url: &str) -> WdResult<()> {
        self.cmd(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await
            .map(|_| ())
    }

    pub async fn current_url(&self) -> WdResult<String> {
        Ok(self
            .cmd(reqwest::Method::GET, "/url", None)
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    pub async fn find(&self, css: &str) -> WdResult<Element> {
        let v = self
            .cmd(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await?;
        v[ELEMENT_KEY]
            .as_str()
            .map(|s| Element(s.to_string()))
            .ok_or_else(|| format!("no element {css} (driver said {v})"))
    }

    /// Waits up to 10 s for an element (pages load after a click).
    pub async fn wait_for(&self, css: &str) -> WdResult<Element> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.find(css).await {
                Ok(e) => return Ok(e),
                Err(e) if Instant::now() > deadline => {
                    let url = self.current_url().await.unwrap_or_default();
                    let text = self
                        .execute("return document.body ? document.body.innerText : '';")
                        .await
                        .unwrap_or_default();
                    let text: String = text
                        .as_str()
                        .unwrap_or_default()
                        .chars()
                        .take(400)
                        .collect();
                    return Err(format!("{e} on {url}; the page says: {text}"));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Waits up to 10 s for the page's URL to satisfy `ok` (`what` names the wait in the
    /// error): after a click or key that navigates, the old page and its elements are still
    /// there until the new one loads, so waiting for an element both pages have is not enough.
    pub async fn wait_for_url(&self, what: &str, ok: impl Fn(&str) -> bool) -> WdResult<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = self.current_url().await?;
            if ok(&url) {
                return Ok(url);
            }
            if Instant::now() > deadline {
                return Err(format!("no navigation to {what}; still on {url}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn click(&self, el: &Element) -> WdResult<()> {
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{}/click", el.0),
            None,
        )
        .await
        .map(|_| ())
    }

    pub async fn type_into(&self, el: &Element, text: &str) -> WdResult<()> {
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{}/clear", el.0),
            None,
        )
        .await?;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{}/value", el.0),
            Some(json!({ "text": text })),
        )
        .await
        .map(|_| ())
    }

    pub async fn text(&self, el: &Element) -> WdResult<String> {
        Ok(self
            .cmd(
                reqwest::Method::GET,
                &format!("/element/{}/text", el.0),
                None,
            )
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// Presses one key on whatever has the focus (keyboard shortcuts).
    pub async fn press(&self, key: &str) -> WdResult<()> {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.cmd(reqwest::Method::POST, "/actions", Some(actions))
            .await
            .map(|_| ())
    }

    pub async fn execute(&self, script: &str) -> WdResult<Value> {
        self.cmd(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    pub async fn execute_async(&self, script: &str) -> WdResult<Value> {
        self.cmd(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// The text of an open alert/confirm/prompt, if one is open.
    pub async fn alert_text(&self) -> Option<String> {
        self.cmd(reqwest::Method::GET, "/alert/text", None)
            .await
            .ok()
            .map(|v| v.as_str().unwrap_or_default().to_string())
    }

    pub async fn screenshot(&self, path: &Path) -> WdResult<()> {
        use base64::Engine as _;
        let v = self.cmd(reqwest::Method::GET, "/screenshot", None).await?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| format!("screenshot is not base64: {e}"))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub async fn close(self) {
        let _ = self.cmd(reqwest::Method::DELETE, "", None).await;
    }
}
