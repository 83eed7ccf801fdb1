//! "Similar claims" on the claim page, by sentence embedding.
//!
//! The model is loaded lazily, on the first claim page, by one worker thread that owns it and
//! takes jobs from a bounded channel (inference is blocking work and the model is not `Sync`).
//! Candidates are the latest claims with the same metric or subject; their sentence vectors are
//! cached by claim id, so a page only embeds what it has not seen. A page waits a few seconds at
//! most: while the model loads it says so, and with no model it says why.

use super::{with_store, AppState};
use crate::embed::{cosine, Embedder, MiniLmEmbedder};
use crate::ledger::{ClaimDetail, ClaimFilter, ClaimSort, LedgerEntry, SortKey, Store};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);
const CANDIDATES: i64 = 60;
const SHOWN: usize = 5;
const MIN_SCORE: f32 = 0.5;
const MAX_CACHED: usize = 200_000;

/// What the claim page shows under "Similar claims".
#[derive(Debug, Clone)]
pub enum SimilarOutcome {
    /// A note instead of results (no model, still loading, busy).
    Note(String),
    Found(Vec<(LedgerEntry, f32)>),
}

type Vectors = Arc<Mutex<HashMap<i64, Vec<f32>>>>;

struct Job {
    items: Vec<(i64, String)>,
    done: tokio::sync::oneshot::Sender<Result<(), String>>,
}

pub(super) struct Similar {
    model_dir: Option<PathBuf>,
    worker: OnceLock<SyncSender<Job>>,
    vectors: Vectors,
}

impl Similar {
    pub(super) fn new(model_dir: Option<PathBuf>) -> Similar {
        Similar {
            model_dir,
            worker: OnceLock::new(),
            vectors: Arc::default(),
        }
    }

    fn worker(&self, dir: &std::path::Path) -> &SyncSender<Job> {
        self.worker.get_or_init(|| {
            let (tx, rx) = sync_channel::<Job>(4);
            let (dir, vectors) = (dir.to_path_buf(), self.vectors.clone());
            let spawned = std::thread::Builder::new()
                .name("similar-claims".into())
                .spawn(move || {
                    let model = MiniLmEmbedder::load(&dir).map_err(|e| e.to_string());
                    if let Err(e) = &model {
                        tracing::warn!("similar claims are off: {e}");
                    }
                    for job in rx {
                        let res = match &model {
                            Ok(m) => embed_into(m, &job.items, &vectors),
                            Err(e) => Err(e.clone()),
                        };
                        let _ = job.done.send(res);
                    }
                });
            if let Err(e) = spawned {
                tracing::warn!("cannot start the similar-claims worker: {e}");
            }
            tx
        })
    }

    pub(super) async fn similar_to(&self, state: &AppState, d: &ClaimDetail) -> SimilarOutcome {
        let Some(dir) = self.model_dir.clone() else {
            return SimilarOutcome::Note(
                "Similar claims are off: no sentence-embedding model is configured.".into(),
            );
        };
        let id = d.entry.id;
        let Some(own) = d.sightings_list.first().map(|s| s.sentence.clone()) else {
            return SimilarOutcome::Note("This claim has no sighting to compare.".into());
        };
        let (metric, subject) = (d.entry.metric.clone(), d.entry.subject.clone());
        let vectors = self.vectors.clone();
        let found = with_store(state, move |s| {
            let sort = ClaimSort {
                key: SortKey::Id,
                descending: true,
            };
            let mut cands = s.claims_sorted(
                &ClaimFilter {
                    metric: Some(metric),
                    limit: Some(CANDIDATES),
                    ..Default::default()
                },
                sort,
            )?;
            if let Some(subject) = subject {
                let f = ClaimFilter {
                    subject: Some(subject),
                    limit: Some(CANDIDATES),
                    ..Default::default()
                };
                cands.extend(s.claims_sorted(&f, sort)?);
            }
            cands.retain(|c| c.id != id);
            cands.sort_by_key(|c| c.id);
            cands.dedup_by_key(|c| c.id);
            let known: Vec<i64> = vectors
                .lock()
                .map(|v| {
                    cands
                        .iter()
                        .map(|c| c.id)
                        .filter(|i| v.contains_key(i))
                        .collect()
                })
                .unwrap_or_default();
            let mut missing = vec![(id, own)];
            for c in cands.iter().filter(|c| !known.contains(&c.id)) {
                if let Some(sentence) = s
                    .claim(c.id)?
                    .and_then(|d| d.sightings_list.into_iter().next())
                    .map(|s| s.sentence)
                {
                    missing.push((c.id, sentence));
                }
            }
            Ok((cands, missing))
        })
        .await;
        let (cands, mut missing) = match found {
            Ok(x) => x,
            Err(e) => {
                return SimilarOutcome::Note(format!("Similar claims are unavailable: {}", e.1))
            }
        };
        if let Ok(v) = self.vectors.lock() {
            missing.retain(|(i, _)| !v.contains_key(i));
        }
        if !missing.is_empty() {
            let (done, wait) = tokio::sync::oneshot::channel();
            match self.worker(&dir).try_send(Job {
                items: missing,
                done,
            }) {
                Ok(()) => {}
                Err(TrySendError::Full(_)) => {
                    return SimilarOutcome::Note(
                        "Similar claims: the model is busy; reload in a moment.".into(),
                    )
                }
                Err(TrySendError::Disconnected(_)) => {
                    return SimilarOutcome::Note(
                        "Similar claims are unavailable: the model worker stopped.".into(),
                    )
                }
            }
            match tokio::time::timeout(WAIT, wait).await {
                Ok(Ok(Ok(()))) => {}
                Ok(Ok(Err(e))) => return SimilarOutcome::Note(format!("Similar claims are unavailable: {e}")),
                Ok(Err(_)) => return SimilarOutcome::Note("Similar claims are unavailable: the model worker stopped.".into()),
                Err(_) => return SimilarOutcome::Note("Similar claims are still being computed (the model is loading); reload in a moment.".into()),
            }
        }
        let Ok(v) = self.vectors.lock() else {
            return SimilarOutcome::Note("Similar claims are unavailable.".into());
        };
        let Some(me) = v.get(&id) else {
            return SimilarOutcome::Note("Similar claims are unavailable.".into());
        };
        let mut scored: Vec<(LedgerEntry, f32)> = cands
            .into_iter()
            .filter_map(|c| {
                v.get(&c.id)
                    .map(|x| cosine(me, x))
                    .filter(|s| *s >= MIN_SCORE)
                    .map(|s| (c, s))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.truncate(SHOWN);
        SimilarOutcome::Found(scored)
    }
}

fn embed_into(
    model: &MiniLmEmbedder,
    items: &[(i64, String)],
    vectors: &Vectors,
) -> Result<(), String> {
    for chunk in items.chunks(32) {
        let texts: Vec<&str> = chunk.iter().map(|(_, s)| s.as_str()).collect();
        let out = model.embed(&texts).map_err(|e| e.to_string())?;
        let mut v = vectors
            .lock()
            .map_err(|_| "embedding cache poisoned".to_string())?;
        if v.len() > MAX_CACHED {
            v.clear();
        }
        for ((id, _), vec) in chunk.iter().zip(out) {
            v.insert(*id, vec);
        }
    }
    Ok(())
}
