//! The crawl tests' in-process fixture site on 127.0.0.1: an axum server for the well-behaved
//! and the misbehaving routes, plus a raw TCP server for what axum will not do (connection
//! resets, slow-drip bodies). Both record every request (path and time) in one log.
#![allow(dead_code)]

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub struct Site {
    pub base: String,
    pub raw_base: String,
    /// (path, time the request arrived)
    pub log: Mutex<Vec<(String, Instant)>>,
    hits: Mutex<HashMap<String, usize>>,
    pub faults: bool,
    /// Number of generated pages under /gen/ (benchmark and resume tests).
    pub generated: usize,
    /// Whether robots.txt asks for a crawl-delay (off for the benchmark: politeness lifted).
    pub crawl_delay: bool,
    bomb: Vec<u8>,
}

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/crawl")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Leads of the fixture articles: each has figures the claim extractor picks up.
pub const LEADS: &[(&str, &str, &str)] = &[
    ("a1", "Exports to China climb", "Russia's exports to China rose 23% in 2023 to $110 billion, customs data showed."),
    ("a2", "Fuel imports fall", "Ukraine's imports of fuel fell 12% in January to $1.2 billion, the customs service said."),
    ("a3", "Grain corridor", "Grain exports through the Black Sea corridor reached 4.5 million tonnes in February, up 8% on January."),
    ("a4", "Oil revenue hit", "Sanctions cut Russia's oil and gas revenue by 30% to $8.4 billion in March, the finance ministry said."),
    ("flaky", "Defence budget", "Ukraine's defence budget grew to $43 billion in 2024, up 15% from 2023, the parliament said."),
    ("slowly", "Steel output", "Ukraine's steel output fell 40% in 2023 to 6.2 million tonnes, industry data showed."),
    ("malformed", "Wheat prices", "Wheat export prices rose 6% in March to $210 a tonne, traders said."),
];

pub fn article(id: &str, title: &str, lead: &str, canonical: &str, n: usize) -> String {
    fixture("article.html")
        .replace("{{TITLE}}", title)
        .replace("{{LEAD}}", lead)
        .replace("{{CANONICAL}}", canonical)
        .replace("{{DAY}}", &format!("{:02}", 1 + n % 28))
        .replace("{{PCT}}", &format!("{}", 5 + n % 50))
        .replace("{{ID}}", id)
}

/// A generated article: `/gen/N`, distinct text and figures.
pub fn generated(base: &str, n: usize) -> String {
    let lead = format!(
        "Exports of product {n} from Ukraine rose {}% in 2023 to ${}.{} billion, and imports fell {}% to {} million tonnes, customs data showed.",
        3 + n % 90,
        1 + n % 97,
        n % 10,
        2 + n % 40,
        10 + n % 300
    );
    let mut html = article(
        &n.to_string(),
        &format!("Trade report {n}"),
        &lead,
        &format!("{base}/gen/{n}"),
        n,
    );
    // Links to the next pages, for link-following sources.
    html = html.replace(
        "</article>",
        &format!(
            "<a href=\"/gen/{}\">next</a> <a href=\"/gen/{}\">skip</a></article>",
            n + 1,
            n + 7
        ),
    );
    html
}

fn lead(id: &str) -> Option<(&'static str, &'static str)> {
    LEADS
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, t, l)| (*t, *l))
}

impl Site {
    pub fn requests(&self, prefix: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .count()
    }

    pub fn paths(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .map(|(p, _)| p.clone())
            .collect()
    }

    fn hit(&self, path: &str) -> usize {
        let mut hits = self.hits.lock().unwrap();
        let n = hits.entry(path.to_string()).or_default();
        *n += 1;
        *n
    }
}

fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

fn xml(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/xml")], body).into_response()
}

fn redirect(to: &str) -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, to.to_string())],
    )
        .into_response()
}

async fn handle(State(site): State<Arc<Site>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let full = req
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    site.log.lock().unwrap().push((full, Instant::now()));
    let headers: &HeaderMap = req.headers();
    let base = site.base.clone();
    let n = site.hit(&path);
    let faults = format!(
        "<item><link>{base}/faults/storm</link></item>\n<item><link>{base}/faults/flaky</link></item>\n\
         <item><link>{base}/faults/429</link></item>\n<item><link>{base}/faults/slow</link></item>\n\
         <item><link>{base}/faults/huge</link></item>\n<item><link>{base}/faults/bomb</link></item>\n\
         <item><link>{base}/faults/pdf</link></item>\n<item><link>{base}/faults/latin1</link></item>\n\
         <item><link>{base}/faults/wrong-charset</link></item>\n<item><link>{base}/faults/malformed</link></item>\n\
         <item><link>{base}/loop/a</link></item>\n<item><link>{base}/faults/to-metadata</link></item>\n\
         <item><link>{base}/faults/to-private</link></item>\n<item><link>{base}/faults/to-localhost</link></item>\n\
         <item><link>{base}/faults/gone</link></item>\n\
         <item><link>{raw}/reset</link></item>\n<item><link>{raw}/drip</link></item>\n",
        raw = site.raw_base
    );
    match path.as_str() {
        "/robots.txt" if !site.crawl_delay => fixture("robots.txt")
            .lines()
            .filter(|l| !l.starts_with("Crawl-delay"))
            .collect::<Vec<_>>()
            .join("\n")
            .into_response(),
        "/robots.txt" => fixture("robots.txt").into_response(),
        "/feed.xml" => (
            [(header::CONTENT_TYPE, "application/rss+xml")],
            fixture("feed.xml").replace("{{FAULTS}}", if site.faults { &faults } else { "" }).replace("{{BASE}}", &base),
        )
            .into_response(),
        "/sitemap.xml" => xml(fixture("sitemap-index.xml").replace("{{BASE}}", &base)),
        "/sitemap-news.xml" => xml(fixture("sitemap-news.xml").replace("{{BASE}}", &base)),
        "/gen/index.html" => {
            let links: String = (0..site.generated).map(|i| format!("<a href=\"/gen/{i}\">{i}</a>\n")).collect();
            html(format!("<html><body>{links}</body></html>"))
        }
        "/gen-sitemap.xml" => {
            let locs: String = (0..site.generated).map(|i| format!("<url><loc>{base}/gen/{i}</loc></url>\n")).collect();
            xml(format!("<urlset>{locs}</urlset>"))
        }
        // Relevance: one war-economy story, one about a museum (no figure about the economy).
        "/topics/feed.xml" => xml(format!(
            "<rss version=\"2.0\"><channel><title>Mixed</title>\
             <item><link>{base}/topics/exports</link></item><item><link>{base}/topics/tapestry</link></item>\
             </channel></rss>"
        )),
        "/topics/exports" => html(article("exports", LEADS[0].1, LEADS[0].2, &format!("{base}{path}"), 3)),
        "/topics/tapestry" => html(format!(
            "<html><head><title>Tapestry gallery reopens</title></head><body><article>\
             <h1>Tapestry gallery reopens</h1>\
             <p>The city museum reopened its medieval tapestry gallery on Saturday after a long renovation, \
             with 14 restored hangings from the 15th century and a new room for children's drawing classes.</p>\
             <p>Curators said visitors could see the Flemish weavings up close for the first time in decades.</p>\
             </article><p><a href=\"{base}/news/a1\">trade</a></p></body></html>"
        )),
        "/redirect/a3" => redirect("/news/a3"),
        "/print/a1" => html(article("a1", LEADS[0].1, LEADS[0].2, &format!("{base}/news/a1"), 0)),
        "/news/a1" => {
            // Conditional GET: a1 never changes.
            if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == "\"a1-v1\"") {
                return StatusCode::NOT_MODIFIED.into_response();
            }
            let mut r = html(article("a1", LEADS[0].1, LEADS[0].2, &format!("{base}/news/a1"), 0));
            r.headers_mut().insert(header::ETAG, "\"a1-v1\"".parse().unwrap());
            r
        }
        p if p.starts_with("/news/") => {
            let id = &p[6..];
            match lead(id) {
                Some((t, l)) => html(article(id, t, l, &format!("{base}{p}"), id.len())),
                None => StatusCode::NOT_FOUND.into_response(),
            }
        }
        p if p.starts_with("/gen/") => match p[5..].parse::<usize>() {
            Ok(i) if i < site.generated => html(generated(&base, i)),
            _ => StatusCode::NOT_FOUND.into_response(),
        },
        "/faults/storm" => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        "/faults/flaky" if n <= 2 => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        "/faults/flaky" => {
            let (t, l) = lead("flaky").unwrap();
            html(article("flaky", t, l, &format!("{base}{path}"), 9))
        }
        "/faults/429" if n == 1 => (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response(),
        "/faults/429" => html(article(
            "429",
            "Gas transit",
            "Gas transit through Ukraine fell 25% in 2023 to 14.6 billion cubic metres, the operator said.",
            &format!("{base}{path}"),
            11,
        )),
        "/faults/slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            html("<p>too late</p>".into())
        }
        "/faults/huge" => html(format!("<html><body><p>{}</p></body></html>", "x".repeat(400_000))),
        "/faults/bomb" => (
            [(header::CONTENT_TYPE, "text/html"), (header::CONTENT_ENCODING, "gzip")],
            site.bomb.clone(),
        )
            .into_response(),
        "/faults/pdf" => ([(header::CONTENT_TYPE, "application/pdf")], vec![b'%'; 1000]).into_response(),
        "/faults/latin1" => {
            // No charset anywhere: windows-1252 bytes, the WHATWG fallback.
            let text = "<html><head><title>Caf\u{e9} exports</title></head><body><article><h1>Caf\u{e9} exports</h1>\
                <p>Exports of coffee to Poland rose 17% in 2023 to \u{20ac}45 million, the caf\u{e9} association said.</p>\
                <p>Officials said the figures reflected the war's effect on trade.</p></article></body></html>";
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
            ([(header::CONTENT_TYPE, "text/html")], bytes.into_owned()).into_response()
        }
        "/faults/wrong-charset" => {
            // Says UTF-8, is windows-1251: decoded with replacement characters, never a crash.
            let text = "<html><body><article><p>\u{42d}\u{43a}\u{441}\u{43f}\u{43e}\u{440}\u{442} grain exports rose 9% in 2023 to 3.1 million tonnes.</p></article></body></html>";
            let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes.into_owned()).into_response()
        }
        "/faults/malformed" => {
            let (t, l) = lead("malformed").unwrap();
            html(format!("<html><body><div><article><h1>{t}<p>{l}<p>Officials said trade flows changed.<div><span></article></table></b>"))
        }
        "/loop/a" => redirect("/loop/b"),
        "/loop/b" => redirect("/loop/a"),
        "/faults/to-metadata" => redirect("http://169.254.169.254/latest/meta-data/"),
        "/faults/to-private" => redirect("http://10.0.0.1/admin"),
        "/faults/to-localhost" => redirect(&format!("http://localhost:{}/news/a1", base.rsplit(':').next().unwrap_or("80"))),
        "/faults/gone" => StatusCode::GONE.into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Raw TCP faults: `/reset` (RST without a response), `/drip` (one byte every 100 ms).
async fn raw_conn(site: Arc<Site>, mut stream: tokio::net::TcpStream) {
    let mut buf = vec![0u8; 4096];
    let mut got = Vec::new();
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    let line = String::from_utf8_lossy(&got)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    site.log
        .lock()
        .unwrap()
        .push((format!("raw{path}"), Instant::now()));
    if path == "/robots.txt" {
        let _ = stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .await;
    } else if path == "/drip" {
        let _ = stream
            .write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n",
            )
            .await;
        for _ in 0..100 {
            if stream.write_all(b"x").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    } else {
        let std = stream.into_std().unwrap();
        let sock = socket2_linger(std);
        drop(sock);
    }
}

fn socket2_linger(s: std::net::TcpStream) -> std::net::TcpStream {
    // SO_LINGER 0 makes close() send RST: a connection reset as the client sees it.
    let _ = s.set_nonblocking(false);
    #[cfg(unix)]
    unsafe {
        use std::os::fd::AsRawFd;
        let l = libc_linger {
            l_onoff: 1,
            l_linger: 0,
        };
        setsockopt(
            s.as_raw_fd(),
            1,
            13,
            &l as *const _ as *const core::ffi::c_void,
            8,
        );
    }
    s
}

#[cfg(unix)]
#[repr(C)]
struct libc_linger {
    l_onoff: i32,
    l_linger: i32,
}

#[cfg(unix)]
extern "C" {
    fn setsockopt(fd: i32, level: i32, name: i32, value: *const core::ffi::c_void, len: u32)
        -> i32;
}

/// Starts the fixture site (and its raw twin) on 127.0.0.1; lives until the runtime ends.
pub async fn start(faults: bool, generated: usize) -> Arc<Site> {
    start_with(faults, generated, true).await
}

/// As [`start`] with robots.txt asking for no crawl-delay (the benchmark).
pub async fn start_unthrottled(generated: usize) -> Arc<Site> {
    start_with(false, generated, false).await
}

async fn start_with(faults: bool, generated: usize, crawl_delay: bool) -> Arc<Site> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let raw = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    // The gzip bomb only where faults are served: its 20 MB would count in a benchmark's RSS.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    if faults {
        gz.write_all(&vec![b' '; 20_000_000]).unwrap();
    }
    let site = Arc::new(Site {
        base: format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port()),
        raw_base: format!("http://127.0.0.1:{}", raw.local_addr().unwrap().port()),
        log: Mutex::default(),
        hits: Mutex::default(),
        faults,
        generated,
        crawl_delay,
        bomb: gz.finish().unwrap(),
    });
    let app = axum::Router::new()
        .fallback(handle)
        .with_state(site.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let raw_site = site.clone();
    tokio::spawn(async move {
        while let Ok((s, _)) = raw.accept().await {
            tokio::spawn(raw_conn(raw_site.clone(), s));
        }
    });
    site
}

/// A config for the fixture site: 127.0.0.1 allowed, small delays and limits; `extra_crawl`
/// lines (`key = value`) replace the defaults of the same key.
pub fn config(dir: &Path, sources: &str, extra_crawl: &str) -> claimledger::config::Settings {
    let defaults = "user_agent = \"claimledger-test/1.0\"\nconcurrency = 4\nper_host_concurrency = 2\n\
         per_host_delay = \"20ms\"\ntimeout = \"400ms\"\nretries = 2\nbackoff = \"20ms\"\nmax_backoff = \"100ms\"\n\
         max_body_bytes = 200_000\nmax_decompressed_bytes = 1_000_000\nallow_private_hosts = [\"127.0.0.1\"]\n\
         archive_dir = \"archive\"\ndrain_timeout = \"2s\"";
    let key = |l: &str| l.split('=').next().unwrap_or_default().trim().to_string();
    let overridden: Vec<String> = extra_crawl.lines().map(key).collect();
    let kept: Vec<&str> = defaults
        .lines()
        .filter(|l| !overridden.contains(&key(l)))
        .collect();
    let text = format!(
        "[ledger]\npath = \"ledger.sqlite\"\n\n[crawl]\n{}\n{extra_crawl}\n\n{sources}",
        kept.join("\n")
    );
    claimledger::config::Settings::from_str(&text, Path::new("test.toml"), dir).unwrap()
}
