//! Versioned schema migrations, embedded in the binary. `PRAGMA user_version` holds the version;
//! each migration runs once, in its own transaction, in order. Never edit a released migration:
//! append a new one.

pub const MIGRATIONS: &[&str] = &[
    // 1: articles, claims, sightings, reviews, crawl log, page validators.
    r#"
    CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        ext_id        TEXT NOT NULL,
        url           TEXT,
        content_hash  TEXT NOT NULL UNIQUE,
        version       INTEGER NOT NULL DEFAULT 1,
        title         TEXT,
        published     TEXT,
        author        TEXT,
        outlet        TEXT,
        lang          TEXT,
        source_line   TEXT,
        text          TEXT NOT NULL,
        ingested_at   TEXT NOT NULL
    );
    CREATE INDEX articles_url ON articles(url);

    CREATE TABLE claims (
        id             INTEGER PRIMARY KEY,
        key            TEXT NOT NULL,
        kind           TEXT NOT NULL,
        value          REAL NOT NULL,
        low            REAL,
        high           REAL,
        precision      REAL NOT NULL,
        unit           TEXT NOT NULL,
        approx         TEXT NOT NULL,
        metric         TEXT NOT NULL,
        subject        TEXT,
        counterpart    TEXT,
        item           TEXT,
        period_start   TEXT,
        period_end     TEXT,
        baseline_start TEXT,
        baseline_end   TEXT,
        surface        TEXT NOT NULL,
        first_seen     TEXT NOT NULL
    );
    CREATE INDEX claims_key ON claims(key);
    CREATE INDEX claims_metric ON claims(metric);

    CREATE TABLE sightings (
        id             INTEGER PRIMARY KEY,
        claim_id       INTEGER NOT NULL REFERENCES claims(id),
        article_id     INTEGER NOT NULL REFERENCES articles(id),
        surface        TEXT NOT NULL,
        span_start     INTEGER NOT NULL,
        span_end       INTEGER NOT NULL,
        sentence       TEXT NOT NULL,
        source         TEXT,
        source_surface TEXT,
        confidence     REAL NOT NULL,
        claim_json     TEXT NOT NULL,
        UNIQUE(article_id, span_start, span_end)
    );
    CREATE INDEX sightings_claim ON sightings(claim_id);

    CREATE TABLE review_events (
        id          INTEGER PRIMARY KEY,
        claim_id    INTEGER NOT NULL REFERENCES claims(id),
        seq         INTEGER NOT NULL,
        at          TEXT NOT NULL,
        by          TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status   TEXT NOT NULL,
        note        TEXT,
        UNIQUE(claim_id, seq)
    );
    CREATE TRIGGER review_events_append_only_u BEFORE UPDATE ON review_events
        BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END;
    CREATE TRIGGER review_events_append_only_d BEFORE DELETE ON review_events
        BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END;

    CREATE TABLE crawl_log (
        id         INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        source     TEXT NOT NULL,
        url        TEXT NOT NULL,
        status     INTEGER,
        bytes      INTEGER NOT NULL,
        elapsed_ms INTEGER NOT NULL,
        error      TEXT,
        skipped    TEXT
    );

    CREATE TABLE pages (
        url           TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        content_hash  TEXT,
        updated_at    TEXT NOT NULL
    );
    "#,
    // 2: the crawl frontier (a killed crawl resumes from it) and relevance decisions.
    r#"
    CREATE TABLE frontier (
        source     TEXT NOT NULL,
        url        TEXT NOT NULL,
        depth      INTEGER NOT NULL DEFAULT 0,
        state      TEXT NOT NULL DEFAULT 'pending',
        added_at   TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (source, url)
    );
    CREATE INDEX frontier_state ON frontier(source, state);

    CREATE TABLE relevance (
        url        TEXT PRIMARY KEY,
        source     TEXT NOT NULL,
        keyword    INTEGER NOT NULL,
        score      REAL,
        relevant   INTEGER NOT NULL,
        reason     TEXT,
        decided_at TEXT NOT NULL
    );
    "#,
    // 3: review events of other kinds than a status change: a note, or a correction of one field
    // (the old and new value kept in the event, so the history stays complete and append-only).
    r#"
    ALTER TABLE review_events ADD COLUMN kind TEXT NOT NULL DEFAULT 'status';
    ALTER TABLE review_events ADD COLUMN field TEXT;
    ALTER TABLE review_events ADD COLUMN old_value TEXT;
    ALTER TABLE review_events ADD COLUMN new_value TEXT;
    "#,
    // 4: ledger v2 (issue 7). Derived state kept in the claims row by the same transaction that
    // changes its inputs (counters, review status), each sighting's own figure, near-duplicate
    // articles (MinHash bands and links), sentence-embedding link suggestions, and tombstones for
    // reviewed claims that a later, more precise figure merged into another entry.
    r#"
    ALTER TABLE claims ADD COLUMN status TEXT NOT NULL DEFAULT 'unreviewed';
    ALTER TABLE claims ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE claims ADD COLUMN n_sightings INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE claims ADD COLUMN n_outlets INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE claims ADD COLUMN n_conflicts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE claims ADD COLUMN merged_into INTEGER REFERENCES claims(id);
    ALTER TABLE sightings ADD COLUMN value REAL;
    ALTER TABLE sightings ADD COLUMN precision REAL;
    ALTER TABLE articles ADD COLUMN minhash BLOB;

    CREATE TABLE claim_outlets (
        claim_id INTEGER NOT NULL REFERENCES claims(id),
        outlet   TEXT NOT NULL,
        PRIMARY KEY (claim_id, outlet)
    ) WITHOUT ROWID;
    CREATE TABLE article_bands (
        band       INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        PRIMARY KEY (band, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE article_links (
        a          INTEGER NOT NULL REFERENCES articles(id),
        b          INTEGER NOT NULL REFERENCES articles(id),
        similarity REAL NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE INDEX article_links_b ON article_links(b);
    CREATE TABLE claim_embeddings (
        claim_id INTEGER PRIMARY KEY REFERENCES claims(id),
        sentence TEXT NOT NULL,
        vector   BLOB NOT NULL
    );
    CREATE TABLE claim_suggestions (
        a          INTEGER NOT NULL REFERENCES claims(id),
        b          INTEGER NOT NULL REFERENCES claims(id),
        score      REAL NOT NULL,
        method     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE INDEX claim_suggestions_b ON claim_suggestions(b);
    CREATE INDEX claims_live ON claims(merged_into, id);

    UPDATE sightings SET value = json_extract(claim_json, '$.value');
    INSERT OR IGNORE INTO claim_outlets (claim_id, outlet)
        SELECT s.claim_id, COALESCE(a.outlet, a.url, a.ext_id) FROM sightings s JOIN articles a ON a.id = s.article_id;
    UPDATE claims SET
        n_sightings = (SELECT COUNT(*) FROM sightings s WHERE s.claim_id = claims.id),
        n_outlets = (SELECT COUNT(*) FROM claim_outlets o WHERE o.claim_id = claims.id),
        n_conflicts = (SELECT COUNT(*) FROM claims c2 WHERE c2.key = claims.key AND c2.id <> claims.id),
        version = (SELECT COUNT(*) FROM review_events r WHERE r.claim_id = claims.id),
        status = COALESCE((SELECT r.to_status FROM review_events r WHERE r.claim_id = claims.id
                           ORDER BY r.seq DESC LIMIT 1), 'unreviewed');

    CREATE TRIGGER review_events_derive_status AFTER INSERT ON review_events
        BEGIN UPDATE claims SET status = NEW.to_status, version = NEW.seq WHERE id = NEW.claim_id; END;
    "#,
    // 5: indexes for the review page at a million claims. Every filter and sort of the claims
    // table walks an index of live entries (partial, so counts read the index alone); text
    // search and the source filter use a full-text index of the sightings (FTS5, kept by
    // triggers). `claims_live` goes: the planner took `merged_into IS NULL`
    // for a selective equality and chose it over the key, status or sort indexes; tombstones keep
    // an index of their own (the foreign-key check of every claim deleted by re-clustering).
    r#"
    DROP INDEX claims_live;
    CREATE INDEX claims_merged ON claims(merged_into) WHERE merged_into IS NOT NULL;
    CREATE INDEX claims_status ON claims(status) WHERE merged_into IS NULL;
    CREATE INDEX claims_metric_live ON claims(metric) WHERE merged_into IS NULL;
    CREATE INDEX claims_subject_lc ON claims(lower(subject)) WHERE merged_into IS NULL;
    CREATE INDEX claims_counterpart_lc ON claims(lower(counterpart)) WHERE merged_into IS NULL;
    CREATE INDEX claims_value ON claims(value) WHERE merged_into IS NULL;
    CREATE INDEX claims_n_sightings ON claims(n_sightings) WHERE merged_into IS NULL;
    CREATE INDEX claims_period ON claims(period_start) WHERE merged_into IS NULL;
    CREATE INDEX claims_conflicted ON claims(n_conflicts) WHERE merged_into IS NULL AND n_conflicts > 0;
    CREATE INDEX claim_outlets_outlet ON claim_outlets(lower(outlet));
    CREATE INDEX sightings_source ON sightings(source, claim_id);

    CREATE VIRTUAL TABLE sightings_fts USING fts5(sentence, source, content='sightings', content_rowid='id');
    INSERT INTO sightings_fts(sightings_fts) VALUES ('rebuild');
    CREATE TRIGGER sightings_fts_i AFTER INSERT ON sightings BEGIN
        INSERT INTO sightings_fts(rowid, sentence, source) VALUES (new.id, new.sentence, new.source);
    END;
    CREATE TRIGGER sightings_fts_d AFTER DELETE ON sightings BEGIN
        INSERT INTO sightings_fts(sightings_fts, rowid, sentence, source)
            VALUES ('delete', old.id, old.sentence, old.source);
    END;
    CREATE TRIGGER sightings_fts_u AFTER UPDATE OF sentence, source ON sightings BEGIN
        INSERT INTO sightings_fts(sightings_fts, rowid, sentence, source)
            VALUES ('delete', old.id, old.sentence, old.source);
        INSERT INTO sightings_fts(rowid, sentence, source) VALUES (new.id, new.sentence, new.source);
    END;
    "#,
    // 6: new sightings are added to the full-text index once per ingest transaction
    // (`ingest::index_new_sightings`), not by a row trigger. FTS5 flushes its pending terms to a
    // new segment at every statement savepoint, so the trigger wrote one segment per sighting and
    // spent a seventh of ingest merging them. Deletes and edits stay on triggers (rare).
    // `claims_metric` (every row) is served by `claims_metric_live` (live rows) and only cost
    // writes.
    r#"
    DROP TRIGGER sightings_fts_i;
    DROP INDEX claims_metric;
    "#,
    // 7: re-clustering reads every figure of a key whenever a new distinct one arrives; an index
    // on (claim_id, value, precision) answers that from the index alone instead of reading each
    // sighting row (sentence and claim JSON). It leads with claim_id, so it also serves the
    // foreign key and every lookup `sightings_claim` served.
    r#"
    CREATE INDEX sightings_claim_figure ON sightings(claim_id, value, precision);
    DROP INDEX sightings_claim;
    "#,
    // 8: a key's entries are found by figure. Ingest used to read every entry of a key for each
    // sighting and to rewrite the conflict count of every entry of a key whenever one was
    // added, both linear in the entries of the key (quadratic over a crawl that keeps finding
    // new conflicting figures for one thing). Now:
    // - `claims_key_figure` (live entries, by key then figure, with the largest precision among
    //   each entry's sightings) answers "which entry does this figure join" with a range read
    //   and "could this new figure pull sightings from other entries" from the index alone;
    // - `in_conflict` (0 or 1) replaces the count `n_conflicts`: an entry is in conflict when
    //   another live entry has its key. It changes for at most two entries when an entry is
    //   added; the conflicting ids (and so their number) are read from the key index.
    // - `articles_minhash`: near-duplicate candidates' signatures without reading their rows
    //   (the signature sits after the article text, behind its overflow pages).
    r#"
    DROP INDEX claims_conflicted;
    ALTER TABLE claims RENAME COLUMN n_conflicts TO in_conflict;
    UPDATE claims SET in_conflict = 1 WHERE in_conflict > 1;
    CREATE INDEX claims_conflicted ON claims(in_conflict) WHERE merged_into IS NULL AND in_conflict > 0;
    ALTER TABLE claims ADD COLUMN max_precision REAL;
    UPDATE claims SET max_precision = (SELECT MAX(s.precision) FROM sightings s WHERE s.claim_id = claims.id);
    DROP INDEX claims_key;
    CREATE INDEX claims_key_figure ON claims(key, value, precision, max_precision) WHERE merged_into IS NULL;
    CREATE INDEX articles_minhash ON articles(id, minhash);
    "#,
    // 9: a sighting's claim JSON no longer repeats what the row holds in columns (sentence,
    // surface, span, confidence) nor empty fields: the sentence alone was a seventh of a
    // sighting row, the JSON two thirds of it (`ingest::stored_claim_json`).
    // `articles_listing`: what a sighting shows of its article (`read::sightings_of`, every
    // claim page and every exported claim) without reading the article row, text and
    // signature included, from wherever it lies in the file. Ingest appends to it.
    r#"
    CREATE INDEX articles_listing ON articles(id, ext_id, url, outlet, published, lang);

    -- The distinct sources of each entry, for the dashboard's top sources, in place of an index
    -- of every sighting by source: that was one randomly placed index write per sighting,
    -- where a source an entry already has costs one read of this table.
    CREATE TABLE claim_sources (
        claim_id INTEGER NOT NULL REFERENCES claims(id),
        source   TEXT NOT NULL,
        PRIMARY KEY (claim_id, source)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO claim_sources (claim_id, source)
        SELECT claim_id, source FROM sightings WHERE source IS NOT NULL;
    DROP INDEX sightings_source;
    UPDATE sightings SET claim_json = json_remove(claim_json, '$.surface', '$.span', '$.sentence', '$.confidence')
        WHERE json_type(claim_json) = 'object';
    UPDATE sightings SET claim_json = (SELECT json_group_object(j.key, CASE WHEN j.type IN ('object', 'array')
        THEN json(j.value) WHEN j.type IN ('true', 'false') THEN json(j.type) ELSE j.value END)
        FROM json_each(sightings.claim_json) j WHERE j.type <> 'null') WHERE json_type(claim_json) = 'object';
    "#,
];
