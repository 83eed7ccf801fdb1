//! Semantic relevance: does a page talk about the war economy?
//!
//! Two gates, cheapest first, and a page must pass both:
//!
//! 1. the source's `keywords` (plain substring rules in [`crate::pipeline::page_to_record`]): a
//!    page with none of them is skipped without asking the model;
//! 2. with `[crawl.relevance] enabled`, the sentence-embedding model scores the page's title and
//!    lead ([`lead_text`], not the whole body: the lead says what a news story is about, and it
//!    keeps inference short) against each topic description; the score is the best cosine
//!    similarity, and a page below `threshold` is skipped.
//!
//! Keywords are a broad, cheap pre-filter ("%" or "billion" match much more than war-economy
//! news); the model is the precise gate. The score and the decision are stored in the ledger's
//! `relevance` table and skipped pages listed by `claimledger crawl --skipped`.
//!
//! ```text
//! page task ──(lead text, reply)──> bounded channel ──> model thread: batch of up to
//!     MAX_BATCH leads -> one forward pass -> best cosine per lead ──reply──> page task
//! ```
//! The model lives on one plain thread that owns it (inference is blocking work and the model is
//! not `Sync`); topic vectors are computed once, when the thread starts.

use crate::config::RelevanceSettings;
use crate::embed::{cosine, EmbedError, Embedder, MiniLmEmbedder};
use crate::input::ArticleRecord;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Leads scored in one forward pass at most.
const MAX_BATCH: usize = 16;
/// Leads waiting for the model at most (page tasks wait beyond that: backpressure).
const QUEUE: usize = 64;
/// Characters of article text after the title that make up the lead.
const LEAD_CHARS: usize = 600;

#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum RelevanceError {
    #[error("relevance model: {0}")]
    Model(#[source] Arc<EmbedError>),
    #[error("the relevance model thread stopped")]
    WorkerGone,
}

/// The relevance decision about one page (stored as a `RelevanceRecord` with its URL).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Whether the keyword rules passed (true when the source has none).
    pub keyword: bool,
    /// Best cosine similarity to a topic, when the model was asked.
    pub score: Option<f32>,
    pub relevant: bool,
    /// Why it was skipped, or what went wrong while scoring.
    pub reason: Option<String>,
}

impl Verdict {
    /// The keyword rules rejected the page; the model was not asked.
    pub fn no_keyword() -> Verdict {
        Verdict {
            keyword: false,
            score: None,
            relevant: false,
            reason: Some(crate::pipeline::Skip::NotRelevant.to_string()),
        }
    }
}

/// Why an off-topic page was skipped, for the run summary (the score is in the crawl log).
pub const OFF_TOPIC: &str = "off-topic (semantic relevance below the threshold)";

/// The text the model sees: the title and the first paragraphs, about `LEAD_CHARS` long.
pub fn lead_text(record: &ArticleRecord) -> String {
    let mut lead = String::new();
    if let Some(t) = record.title.as_deref().filter(|t| !t.trim().is_empty()) {
        lead.push_str(t.trim());
        lead.push_str(". ");
    }
    let text = record.text.trim();
    let mut end = text.len().min(LEAD_CHARS);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // End at a sentence or word boundary when there is one.
    if end < text.len() {
        if let Some(cut) = text[..end].rfind(['.', '\n']).filter(|&c| c > end / 2) {
            end = cut + 1;
        } else if let Some(cut) = text[..end].rfind(' ') {
            end = cut;
        }
    }
    lead.push_str(&text[..end]);
    lead
}

struct Request {
    lead: String,
    reply: oneshot::Sender<Result<f32, RelevanceError>>,
}

/// The model thread and the threshold; shared by every page task of a crawler.
pub struct RelevanceGate {
    tx: mpsc::Sender<Request>,
    threshold: f32,
}

impl RelevanceGate {
    /// Loads all-MiniLM-L6-v2 from `model_dir` on its thread and embeds the topics; returns
    /// when the model is ready (a second or two) or could not be loaded.
    pub fn start(
        settings: &RelevanceSettings,
        model_dir: &Path,
    ) -> Result<RelevanceGate, RelevanceError> {
        let dir = model_dir.to_path_buf();
        Self::with_embedder(settings, move || MiniLmEmbedder::load(&dir))
    }

    /// As [`start`](Self::start) with any embedder, built on the model thread by `load`.
    pub fn with_embedder<E, F>(
        settings: &RelevanceSettings,
        load: F,
    ) -> Result<RelevanceGate, RelevanceError>
    where
        E: Embedder + 'static,
        F: FnOnce() -> Result<E, EmbedError> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel::<Request>(QUEUE);
        let (ready_tx, ready_rx) = std::sync::mpsc::sync_channel(1);
        let topics = settings.topics.clone();
        std::thread::Builder::new()
            .name("crawl-relevance".into())
            .spawn(move || {
                let ready = load().and_then(|model| {
                    let refs: Vec<&str> = topics.iter().map(String::as_str).collect();
                    let vectors = model.embed(&refs)?;
                    Ok((model, vectors))
                });
                match ready {
                    Ok((model, vectors)) => {
                        let _ = ready_tx.send(Ok(()));
                        serve(&model, &vectors, rx);
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(RelevanceError::Model(Arc::new(e))));
                    }
                }
            })
            .map_err(|_| RelevanceError::WorkerGone)?;
        ready_rx.recv().map_err(|_| RelevanceError::WorkerGone)??;
        Ok(RelevanceGate {
            tx,
            threshold: settings.threshold as f32,
        })
    }

    /// Scores a page that passed the keyword rules.
    pub async fn judge(&self, record: &ArticleRecord) -> Verdict {
        let (reply, rx) = oneshot::channel();
        let lead = lead_text(record);
        let score = match self.tx.send(Request { lead, reply }).await {
            Ok(()) => rx.await.unwrap_or(Err(RelevanceError::WorkerGone)),
            Err(_) => Err(RelevanceError::WorkerGone),
        };
        self.verdict(score)
    }

    /// As [`judge`](Self::judge), from blocking code (directory and WARC sources).
    pub fn judge_blocking(&self, record: &ArticleRecord) -> Verdict {
        let (reply, rx) = oneshot::channel();
        let lead = lead_text(record);
        let score = match self.tx.blocking_send(Request { lead, reply }) {
            Ok(()) => rx
                .blocking_recv()
                .unwrap_or(Err(RelevanceError::WorkerGone)),
            Err(_) => Err(RelevanceError::WorkerGone),
        };
        self.verdict(score)
    }

    fn verdict(&self, score: Result<f32, RelevanceError>) -> Verdict {
        match score {
            Ok(s) if s >= self.threshold => Verdict {
                keyword: true,
                score: Some(s),
                relevant: true,
                reason: None,
            },
            Ok(s) => Verdict {
                keyword: true,
                score: Some(s),
                relevant: false,
                reason: Some(format!(
                    "off-topic: relevance {s:.3} below the threshold {:.3}",
                    self.threshold
                )),
            },
            // A model failure on one page is data, not a crash: the page goes on to extraction
            // (the keyword rules passed) and the failure is recorded with it.
            Err(e) => {
                tracing::warn!(error = %e, "relevance scoring failed; keeping the page");
                Verdict {
                    keyword: true,
                    score: None,
                    relevant: true,
                    reason: Some(e.to_string()),
                }
            }
        }
    }
}

/// The model thread: takes what is queued (up to `MAX_BATCH`), one forward pass, replies.
fn serve(model: &dyn Embedder, topics: &[Vec<f32>], mut rx: mpsc::Receiver<Request>) {
    while let Some(first) = rx.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(r) => batch.push(r),
                Err(_) => break,
            }
        }
        let leads: Vec<&str> = batch.iter().map(|r| r.lead.as_str()).collect();
        match model.embed(&leads) {
            Ok(vectors) if vectors.len() == batch.len() => {
                for (r, v) in batch.into_iter().zip(vectors) {
                    let best = topics
                        .iter()
                        .map(|t| cosine(&v, t))
                        .fold(f32::NEG_INFINITY, f32::max);
                    let _ = r.reply.send(Ok(best));
                }
            }
            Ok(_) => {
                for r in batch {
                    let _ = r.reply.send(Err(RelevanceError::WorkerGone));
                }
            }
            Err(e) => {
                let e = Arc::new(e);
                for r in batch {
                    let _ = r.reply.send(Err(RelevanceError::Model(e.clone())));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Bag of two words: "trade" and "art", so cosines are easy to reason about.
    struct TwoWords {
        calls: Arc<AtomicUsize>,
    }

    impl Embedder for TwoWords {
        fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            // As slow as a real forward pass, so pages queue up behind it.
            std::thread::sleep(std::time::Duration::from_millis(20));
            Ok(sentences
                .iter()
                .map(|s| {
                    let s = s.to_lowercase();
                    vec![
                        s.matches("trade").count() as f32,
                        s.matches("art").count() as f32,
                    ]
                })
                .collect())
        }
    }

    fn record(title: &str, text: &str) -> ArticleRecord {
        let mut r = ArticleRecord::from_text("t".into(), text.into());
        r.title = Some(title.into());
        r
    }

    #[test]
    fn lead_is_title_and_first_paragraphs_cut_at_a_sentence() {
        let body = format!("First sentence here. {}", "word ".repeat(300));
        let lead = lead_text(&record("Title", &body));
        assert!(lead.starts_with("Title. First sentence here."), "{lead}");
        assert!(lead.len() <= LEAD_CHARS + 10, "{}", lead.len());
        let short = lead_text(&record("", "Only text."));
        assert_eq!(short, "Only text.");
        // Multi-byte text is cut on a character boundary.
        let cyr = "Експорт ".repeat(200);
        assert!(lead_text(&record("", &cyr)).len() <= LEAD_CHARS);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pages_below_the_threshold_are_off_topic_and_scores_are_kept() {
        let calls = Arc::new(AtomicUsize::new(0));
        let settings = RelevanceSettings {
            topics: vec!["trade".into()],
            threshold: 0.5,
        };
        let c = calls.clone();
        let gate = Arc::new(
            RelevanceGate::with_embedder(&settings, move || Ok(TwoWords { calls: c })).unwrap(),
        );
        let on = gate.judge(&record("Trade", "trade rose")).await;
        assert!(on.relevant && on.keyword && on.score == Some(1.0), "{on:?}");
        let off = gate.judge(&record("Art", "art fair")).await;
        assert!(!off.relevant && off.score == Some(0.0), "{off:?}");
        assert!(off.reason.unwrap().contains("below the threshold 0.500"));
        // Many concurrent pages share forward passes.
        let before = calls.load(Ordering::SeqCst);
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..40 {
            let gate = gate.clone();
            tasks.spawn(async move { gate.judge(&record("", &format!("trade {i}"))).await });
        }
        while let Some(v) = tasks.join_next().await {
            assert!(v.unwrap().relevant);
        }
        let passes = calls.load(Ordering::SeqCst) - before;
        assert!(
            passes < 20,
            "{passes} forward passes for 40 pages: not batched"
        );
    }

    #[test]
    fn a_model_that_cannot_load_is_an_error() {
        let settings = RelevanceSettings {
            topics: vec!["trade".into()],
            threshold: 0.5,
        };
        let err = RelevanceGate::with_embedder(&settings, || {
            MiniLmEmbedder::load(Path::new("/nonexistent/model"))
        })
        .err()
        .expect("no model there");
        assert!(err.to_string().contains("make setup"), "{err}");
    }
}
