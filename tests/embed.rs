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

/// Sentences are encoded in batches of similar length: each vector still belongs to its own
/// sentence, in the order given, and equals the vector of that sentence encoded alone.
#[test]
fn batched_vectors_come_back_in_order_and_equal_single_ones() {
    let model =
        MiniLmEmbedder::load(&default_model_dir()).expect("model installed by `make setup`");
    let sentences: Vec<String> = (0..19)
        .map(|i| {
            let filler = "and the figure was revised again ".repeat(i % 7);
            format!("Exports of item {i} rose {i}% last year {filler}according to customs.")
        })
        .collect();
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let batched = model.embed(&refs).unwrap();
    assert_eq!(batched.len(), refs.len());
    for (i, s) in refs.iter().enumerate() {
        let alone = model.embed(&[s]).unwrap().remove(0);
        let sim = cosine(&batched[i], &alone);
        assert!(
            sim > 0.999,
            "sentence {i}: similarity {sim} to itself encoded alone"
        );
    }
}

#[test]
fn a_missing_model_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let err = MiniLmEmbedder::load(dir.path())
        .err()
        .expect("no model there");
    assert!(err.to_string().contains("make setup"), "{err}");
}

/// Link suggestions at ingest with the real model: an entry whose key lacks the importer is
/// suggested to the complete entry of the same period with the same meaning, never to one of
/// another period (the candidates come from the period index).
#[test]
fn an_incomplete_key_is_suggested_to_the_same_claim_of_its_period_only() {
    use claimledger::claims::Claim;
    use claimledger::input::ArticleRecord;
    use claimledger::ledger::{ClaimFilter, SqliteStore, Store, Suggester};

    let claim = |article: &str,
                 sentence: &str,
                 surface: &str,
                 value: f64,
                 counterpart: Option<&str>,
                 start: &str,
                 end: &str|
     -> Claim {
        let at = sentence.find(surface).expect("surface in sentence");
        serde_json::from_value(serde_json::json!({
            "article": article, "surface": surface, "span": [at, at + surface.len()], "sentence": sentence,
            "kind": "change", "value": value, "low": null, "high": null, "unit": "%", "approx": "exact",
            "metric": "exports", "subject": "China", "counterpart": counterpart, "item": null,
            "period": {"start": start, "end": end, "surface": ""}, "baseline": null,
            "source": {"name": "customs", "surface": "customs data"}, "hedge": null, "confidence": 0.8, "lang": "en"
        }))
        .unwrap()
    };
    let record = |id: &str, text: &str| ArticleRecord {
        id: id.into(),
        url: Some(format!("https://example.org/{id}")),
        title: None,
        published: chrono::NaiveDate::from_ymd_opt(2023, 8, 22),
        author: None,
        outlet: Some(id.into()),
        lang: Some("en".into()),
        source_line: None,
        text: text.into(),
    };
    let full = "China's exports to Russia rose 73% in the first seven months of the year, customs data showed.";
    let partial =
        "China's exports rose 73.1% in the first seven months of the year, customs figures showed.";
    let other_period = "Chinese exports jumped 12 percent in 2021, according to customs data.";
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("l.sqlite")).unwrap();
    store.set_suggester(Some(
        Suggester::load(
            &default_model_dir(),
            claimledger::ledger::suggest::DEFAULT_MIN_SCORE,
        )
        .expect("model installed by `make setup`"),
    ));
    let batch = vec![
        (
            record("a", full),
            vec![claim(
                "a",
                full,
                "73%",
                73.0,
                Some("Russia"),
                "2023-01-01",
                "2023-07-31",
            )],
        ),
        (
            record("b", other_period),
            vec![claim(
                "b",
                other_period,
                "12 percent",
                12.0,
                None,
                "2021-01-01",
                "2021-12-31",
            )],
        ),
    ];
    store.ingest_batch(&batch).unwrap();
    store
        .ingest(
            &record("c", partial),
            &[claim(
                "c",
                partial,
                "73.1%",
                73.1,
                None,
                "2023-01-01",
                "2023-07-31",
            )],
        )
        .unwrap();
    let entries = store.claims(&ClaimFilter::default()).unwrap();
    let id_of = |v: f64| entries.iter().find(|e| e.value == v).map(|e| e.id).unwrap();
    let (a, b, c) = (id_of(73.0), id_of(12.0), id_of(73.1));
    let linked = |id: i64| -> Vec<i64> {
        store
            .claim(id)
            .unwrap()
            .unwrap()
            .suggestions
            .iter()
            .map(|s| s.claim_id)
            .collect()
    };
    assert_eq!(
        linked(c),
        vec![a],
        "the partial entry is suggested to the complete one"
    );
    assert_eq!(linked(a), vec![c]);
    assert!(linked(b).is_empty(), "another period is never a candidate");
}
