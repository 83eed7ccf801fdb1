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
];
