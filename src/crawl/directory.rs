//! Directory sources: saved pages on disk (`.html`, `.htm`, `.txt`), read recursively in path
//! order, so a folder of saved pages goes through the same pipeline as a crawled site.

use super::{CrawlError, FetchError, FetchedPage};
use crate::config::SourceConfig;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Every page file under the source's folder, as fetched pages with `file://` URLs.
pub fn pages(
    source: &SourceConfig,
    dry_run: bool,
) -> Result<Vec<Result<FetchedPage, CrawlError>>, CrawlError> {
    let root = PathBuf::from(&source.location);
    let mut files = Vec::new();
    walk(&root, &mut files).map_err(|error| CrawlError::Directory {
        source_name: source.name.clone(),
        path: root.display().to_string(),
        error,
    })?;
    files.sort();
    Ok(files.into_iter().map(|p| read_page(&p, dry_run)).collect())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("html" | "htm" | "txt")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

fn read_page(path: &Path, dry_run: bool) -> Result<FetchedPage, CrawlError> {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let url = url::Url::from_file_path(&abs)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| format!("file://{}", abs.display()));
    let started = Instant::now();
    let body = if dry_run {
        Vec::new()
    } else {
        std::fs::read(path).map_err(|e| CrawlError::Fetch {
            url: url.clone(),
            source: FetchError::Read(e.to_string()),
        })?
    };
    let is_txt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    Ok(FetchedPage {
        final_url: url.clone(),
        url,
        status: 200,
        content_type: Some(
            if is_txt {
                "text/plain; charset=utf-8"
            } else {
                "text/html"
            }
            .into(),
        ),
        etag: None,
        last_modified: None,
        body,
        fetched_at: chrono::Utc::now().to_rfc3339(),
        elapsed_ms: started.elapsed().as_millis() as u64,
        redirects: Vec::new(),
    })
}
