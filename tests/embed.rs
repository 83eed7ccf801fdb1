//! The real sentence-embedding model (installed by `make setup`) ranks a paraphrase above an
//! unrelated sentence.

use claimledger::embed::{cosine, default_model_dir, Embedder, MiniLmEmbedder};

#[test]
fn paraphrases_score_clearly_above_unrelated_sentences() {
    let model =
        MiniLmEmbedder::load(&default_model_dir()).expect("model installed by `make setup`");
    let v = model
        .embed(&[
            "China's exports to Russia rose 73% in the first seven months of the year.",
            "Chinese shipments to Russia increased by 73 percent between January and July.",
            "The museum reopened its medieval tapestry gallery after a long renovation.",
        ])
        .unwrap();
    assert_eq!(v.len(), 3);
    assert_eq!(v[0].len(), 384);
    let para = cosine(&v[0], &v[1]);
    let unrelated = cosine(&v[0], &v[2]);
    assert!(para > 0.7, "paraphrase similarity {para}");
    assert!(unrelated < 0.3, "unrelated similarity {unrelated}");
    assert!(para - unrelated > 0.4);
}

#[test]
fn a_missing_model_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let err = MiniLmEmbedder::load(dir.path())
        .err()
        .expect("no model there");
    assert!(err.to_string().contains("make setup"), "{err}");
}
