//! WARC (ISO 28500, version 1.1) archiving of fetched responses, and reading WARC files back as
//! a source, so articles can be re-extracted later without refetching.
//!
//! Written files are `archive_dir/claimledger-<UTC time>-<pid>-<n>.warc.gz`: a `warcinfo` record,
//! then one `response` record per fetched page, each record its own gzip member (the usual
//! `.warc.gz` layout, readable by standard tools). reqwest hands us the *decoded* body, so the
//! archived HTTP headers carry no Content-Encoding and a Content-Length of the decoded body.

use super::FetchedPage;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// Files are rotated past this size.
const ROTATE_BYTES: u64 = 1 << 30;

/// Appends response records to gzip-compressed WARC files in one folder.
pub struct WarcWriter {
    dir: PathBuf,
    file: Option<(PathBuf, File)>,
    written: u64,
    files: u32,
    records: u64,
}

fn record_id(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    let d = h.finalize();
    let hexed = hex::encode(&d[..16]);
    format!(
        "<urn:uuid:{}-{}-{}-{}-{}>",
        &hexed[0..8],
        &hexed[8..12],
        &hexed[12..16],
        &hexed[16..20],
        &hexed[20..32]
    )
}

fn warc_date() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn header_value(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

impl WarcWriter {
    pub fn new(dir: &Path) -> WarcWriter {
        WarcWriter {
            dir: dir.to_path_buf(),
            file: None,
            written: 0,
            files: 0,
            records: 0,
        }
    }

    /// The file being written, once one is open.
    pub fn current_path(&self) -> Option<&Path> {
        self.file.as_ref().map(|(p, _)| p.as_path())
    }

    fn record(&mut self, headers: &[(&str, String)], block: &[u8]) -> io::Result<()> {
        let mut head = String::from("WARC/1.1\r\n");
        for (k, v) in headers {
            head.push_str(&format!("{k}: {}\r\n", header_value(v)));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(head.as_bytes())?;
        gz.write_all(block)?;
        gz.write_all(b"\r\n\r\n")?;
        let member = gz.finish()?;
        let (_, file) = self
            .file
            .as_mut()
            .ok_or_else(|| io::Error::other("no WARC file open"))?;
        file.write_all(&member)?;
        self.written += member.len() as u64;
        self.records += 1;
        Ok(())
    }

    fn open_if_needed(&mut self) -> io::Result<()> {
        if self.file.is_some() && self.written < ROTATE_BYTES {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        self.files += 1;
        let name = format!(
            "claimledger-{}-{}-{}.warc.gz",
            chrono::Utc::now().format("%Y%m%d%H%M%S"),
            std::process::id(),
            self.files
        );
        let path = self.dir.join(&name);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        self.file = Some((path, file));
        self.written = 0;
        let info = format!(
            "software: claimledger/{}\r\nformat: WARC File Format 1.1\r\n",
            env!("CARGO_PKG_VERSION")
        );
        let id = record_id(&[name.as_bytes(), warc_date().as_bytes()]);
        self.record(
            &[
                ("WARC-Type", "warcinfo".into()),
                ("WARC-Record-ID", id),
                ("WARC-Date", warc_date()),
                ("WARC-Filename", name),
                ("Content-Type", "application/warc-fields".into()),
            ],
            info.as_bytes(),
        )
    }

    /// Archives one response.
    pub fn write_response(&mut self, page: &FetchedPage) -> io::Result<()> {
        self.open_if_needed()?;
        let mut http = format!("HTTP/1.1 {} {}\r\n", page.status, reason(page.status));
        let mut push = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                http.push_str(&format!("{k}: {}\r\n", header_value(v)));
            }
        };
        push("Content-Type", &page.content_type);
        push("ETag", &page.etag);
        push("Last-Modified", &page.last_modified);
        http.push_str(&format!("Content-Length: {}\r\n\r\n", page.body.len()));
        let mut block = http.into_bytes();
        block.extend_from_slice(&page.body);
        let id = record_id(&[
            page.final_url.as_bytes(),
            page.fetched_at.as_bytes(),
            &self.records.to_le_bytes(),
        ]);
        let mut headers = vec![
            ("WARC-Type", "response".to_string()),
            ("WARC-Record-ID", id),
            ("WARC-Date", warc_date()),
            ("WARC-Target-URI", page.final_url.clone()),
            ("Content-Type", "application/http; msgtype=response".into()),
            (
                "WARC-Payload-Digest",
                format!("sha256:{}", hex::encode(Sha256::digest(&page.body))),
            ),
        ];
        if page.url != page.final_url {
            headers.push(("WARC-Refers-To-Target-URI", page.url.clone()));
        }
        self.record(&headers, &block)
    }

    pub fn flush(&mut self) -> io::Result<()> {
        match self.file.as_mut() {
            Some((_, f)) => f.flush(),
            None => Ok(()),
        }
    }
}

fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

/// Reads the `response` records of a WARC file (`.warc` or `.warc.gz`) one at a time.
pub struct WarcReader {
    input: Box<dyn BufRead + Send>,
    max_record: u64,
}

impl WarcReader {
    pub fn open(path: &Path, max_record: u64) -> io::Result<WarcReader> {
        let file = File::open(path)?;
        let gz = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let input: Box<dyn BufRead + Send> = if gz {
            Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
        } else {
            Box::new(BufReader::new(file))
        };
        Ok(WarcReader { input, max_record })
    }

    /// The next response record as a fetched page; `Ok(None)` at the end.
    pub fn next_page(&mut self) -> io::Result<Option<FetchedPage>> {
        loop {
            let mut line = String::new();
            // Skip the blank lines between records.
            loop {
                line.clear();
                if self.input.read_line(&mut line)? == 0 {
                    return Ok(None);
                }
                if !line.trim().is_empty() {
                    break;
                }
            }
            if !line.starts_with("WARC/") {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("not a WARC record: {:?}", line.trim()),
                ));
            }
            let mut fields = Vec::new();
            loop {
                line.clear();
                if self.input.read_line(&mut line)? == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = line.split_once(':') {
                    fields.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let field = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
            let len: u64 = field("content-length")
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        "WARC record without Content-Length",
                    )
                })?;
            if len > self.max_record {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("WARC record of {len} bytes is too large"),
                ));
            }
            let mut block = Vec::with_capacity(len as usize);
            (&mut self.input).take(len).read_to_end(&mut block)?;
            let is_response = field("warc-type").as_deref() == Some("response")
                && field("content-type").is_some_and(|c| c.contains("application/http"));
            if !is_response {
                continue;
            }
            let Some(url) = field("warc-target-uri") else {
                continue;
            };
            if let Some(page) = parse_http(&url, field("warc-date"), &block, self.max_record) {
                return Ok(Some(page));
            }
        }
    }
}

fn parse_http(url: &str, date: Option<String>, block: &[u8], limit: u64) -> Option<FetchedPage> {
    let split = block.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&block[..split]);
    let mut body = block[split + 4..].to_vec();
    let mut lines = head.lines();
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let h = |k: &str| headers.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if h("content-encoding").is_some_and(|e| e.eq_ignore_ascii_case("gzip")) {
        body = super::discover::maybe_gunzip(body, limit).ok()?;
    }
    let url = url.trim_start_matches('<').trim_end_matches('>');
    Some(FetchedPage {
        url: url.to_string(),
        final_url: url.to_string(),
        status,
        content_type: h("content-type"),
        etag: h("etag"),
        last_modified: h("last-modified"),
        body,
        fetched_at: date.unwrap_or_default(),
        elapsed_ms: 0,
        redirects: Vec::new(),
    })
}

/// The WARC files of a source location (a file, or a folder searched recursively), in path order.
pub fn warc_files(location: &Path) -> io::Result<Vec<PathBuf>> {
    if location.is_file() {
        return Ok(vec![location.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![location.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let p = entry?.path();
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_ascii_lowercase();
            if p.is_dir() {
                stack.push(p);
            } else if name.ends_with(".warc") || name.ends_with(".warc.gz") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_records_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = WarcWriter::new(dir.path());
        let page = FetchedPage {
            url: "http://h/a".into(),
            final_url: "http://h/b".into(),
            status: 200,
            content_type: Some("text/html; charset=utf-8".into()),
            etag: Some("\"e1\"".into()),
            last_modified: None,
            body: b"<html><body><p>Exports rose 5%.</p>\r\n\r\n</body></html>".to_vec(),
            fetched_at: "2024-01-01T00:00:00Z".into(),
            elapsed_ms: 3,
            redirects: vec!["http://h/a".into()],
        };
        w.write_response(&page).unwrap();
        w.write_response(&page).unwrap();
        w.flush().unwrap();
        let files = warc_files(dir.path()).unwrap();
        assert_eq!(files.len(), 1);
        let mut r = WarcReader::open(&files[0], 1 << 20).unwrap();
        let back = r.next_page().unwrap().unwrap();
        assert_eq!(back.final_url, "http://h/b");
        assert_eq!(back.body, page.body);
        assert_eq!(back.etag, page.etag);
        assert!(r.next_page().unwrap().is_some());
        assert!(r.next_page().unwrap().is_none());
    }
}
