//! Semantic relevance with the real sentence-embedding model (installed by `make setup`): on a
//! small fixture site, the war-economy story is kept and the museum story skipped, with its
//! score stored and listed among the skipped pages; the keyword rules still run first.

mod crawl_common;

use claimledger::crawl::{crawl_once, CrawlOptions};
use claimledger::embed::default_model_dir;
use claimledger::ledger::{SqliteStore, Store};
use crawl_common::{config, start};

fn relevance_config(
    dir: &std::path::Path,
    base: &str,
    keywords: &str,
) -> claimledger::config::Settings {
    let sources = format!(
        "[crawl.relevance]\nenabled = true\nthreshold = 0.25\n\
         topics = [\"the economic effects of the war: trade, exports, imports, sanctions, budgets, defence spending\"]\n\n\
         [model]\ndir = \"{}\"\n\n\
         [[source]]\nname = \"mixed\"\nkind = \"feed\"\nlocation = \"{base}/topics/feed.xml\"\nkeywords = [{keywords}]\n",
        default_model_dir().display()
    );
    config(
        dir,
        &sources,
        "per_host_delay = \"1ms\"\narchive_dir = \"\"",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_off_topic_page_is_skipped_with_its_score_and_an_on_topic_one_kept() {
    let site = start(false, 0).await;
    let dir = tempfile::tempdir().unwrap();
    let settings = relevance_config(dir.path(), &site.base, "");
    let mut store = SqliteStore::open(&settings.ledger_path).unwrap();

    let run = crawl_once(&settings, &mut store, &CrawlOptions::default())
        .await
        .unwrap();
    eprintln!("{run}");
    assert_eq!(run.new_articles, 1, "{run}");
    assert!(run.new_claims >= 1, "{run}");
    assert_eq!(
        run.skipped
            .get("off-topic (semantic relevance below the threshold)"),
        Some(&1),
        "{run}"
    );

    let skipped = store.skipped_pages(10).unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    let museum = &skipped[0];
    assert!(museum.url.ends_with("/topics/tapestry"), "{museum:?}");
    assert!(
        museum.reason.starts_with("off-topic: relevance"),
        "{museum:?}"
    );
    let score = museum.score.expect("the score is stored");
    assert!(score < 0.25, "museum story scored {score}");

    // The kept page's score is stored too, above the threshold.
    let kept: (f64, bool, bool) = rusqlite::Connection::open(&settings.ledger_path)
        .unwrap()
        .query_row(
            "SELECT score, relevant, keyword FROM relevance WHERE url LIKE '%/topics/exports'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(kept.0 >= 0.25 && kept.1 && kept.2, "{kept:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyword_rules_run_first_and_the_model_is_not_asked_for_what_they_reject() {
    let site = start(false, 0).await;
    let dir = tempfile::tempdir().unwrap();
    // "exports" is in the war-economy story only.
    let settings = relevance_config(dir.path(), &site.base, "\"exports\"");
    let mut store = SqliteStore::open(&settings.ledger_path).unwrap();
    let run = crawl_once(&settings, &mut store, &CrawlOptions::default())
        .await
        .unwrap();
    assert_eq!(run.new_articles, 1, "{run}");
    assert_eq!(
        run.skipped.get("no configured keyword in the text"),
        Some(&1),
        "{run}"
    );
    let skipped = store.skipped_pages(10).unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(skipped[0].url.ends_with("/topics/tapestry"));
    assert_eq!(skipped[0].score, None, "the model was not asked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relevance_switched_on_without_a_model_is_an_error_naming_the_setup_step() {
    let dir = tempfile::tempdir().unwrap();
    let sources = "[crawl.relevance]\nenabled = true\ntopics = [\"trade\"]\n\n[model]\ndir = \"no-model-here\"\n";
    let settings = config(dir.path(), sources, "");
    let err = claimledger::crawl::Crawler::new(&settings)
        .err()
        .expect("no model there");
    let msg = err.to_string();
    assert!(
        msg.contains("crawl.relevance") && msg.contains("make setup"),
        "{msg}"
    );
}
