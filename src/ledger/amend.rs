//! What reviewers add besides a status: notes and field corrections (appended as review events,
//! never edited), plus the read side the review page needs: sorted pages of claims, each
//! sighting with its article text, and dashboard aggregates.
//!
//! ```text
//! Amendment { note | FieldCorrection { field, to } } --amend--> review_events (kind, field, old, new)
//! ClaimDetail --corrected--> the claim as reviewers corrected it (`extracted` keeps the originals)
//! ```

use super::sqlite::now;
use super::*;
use rusqlite::{params, OptionalExtension, TransactionBehavior};

/// What a review event records.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// A status decision (confirm, dispute, reject, reopen).
    #[default]
    Status,
    /// A note only; the status stays.
    Note,
    /// One field of the normalised claim corrected; the status stays.
    Correction,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Status => "status",
            EventKind::Note => "note",
            EventKind::Correction => "correction",
        }
    }

    /// Unknown kinds (from a newer claimledger) read as notes: they never change the status.
    pub fn parse(s: &str) -> EventKind {
        match s {
            "status" => EventKind::Status,
            "correction" => EventKind::Correction,
            _ => EventKind::Note,
        }
    }

    pub fn is_status(&self) -> bool {
        *self == EventKind::Status
    }
}

/// A corrected field: its value before (as the reviewer saw it) and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldCorrection {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Fields of a [`LedgerEntry`] a reviewer may correct.
pub const CORRECTABLE_FIELDS: &[&str] = &[
    "value",
    "low",
    "high",
    "unit",
    "metric",
    "subject",
    "counterpart",
    "item",
    "period_start",
    "period_end",
    "baseline_start",
    "baseline_end",
    "source",
];

/// A note or a correction from a reviewer.
#[derive(Debug, Clone)]
pub struct Amendment {
    pub by: String,
    pub note: Option<String>,
    /// `(field, new value)`; an empty value clears an optional field.
    pub correction: Option<(String, String)>,
    /// The entry version the reviewer saw; `None` skips the concurrency check.
    pub expected_version: Option<i64>,
}

/// How to order a page of claims.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClaimSort {
    pub key: SortKey,
    pub descending: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Id,
    Value,
    Metric,
    Subject,
    Period,
    Sightings,
    Status,
}

impl SortKey {
    pub const ALL: &'static [(&'static str, SortKey)] = &[
        ("id", SortKey::Id),
        ("value", SortKey::Value),
        ("metric", SortKey::Metric),
        ("subject", SortKey::Subject),
        ("period", SortKey::Period),
        ("sightings", SortKey::Sightings),
        ("status", SortKey::Status),
    ];

    pub fn parse(s: &str) -> Option<SortKey> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .unwrap_or("id")
    }
}

impl ClaimSort {
    /// The `ORDER BY` list: built from fixed column names only, never from user text.
    fn sql(self) -> String {
        let col = match self.key {
            SortKey::Id => "id",
            SortKey::Value => "value",
            SortKey::Metric => "metric",
            SortKey::Subject => "subject",
            SortKey::Period => "period_start",
            SortKey::Sightings => "n_sightings",
            SortKey::Status => "status",
        };
        let dir = if self.descending { "DESC" } else { "ASC" };
        if self.key == SortKey::Id {
            format!("id {dir}")
        } else {
            format!("{col} {dir}, id {dir}")
        }
    }
}

/// One sighting with what the claim page shows around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SightingSource {
    pub article_id: i64,
    pub span: [usize; 2],
    /// The claim as extracted from this article (period and attribution surfaces included).
    pub claim: Option<crate::claims::Claim>,
    pub text: String,
}

/// Aggregates shown on the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dashboard {
    /// `(month "YYYY-MM" of publication, metric, claims seen)`.
    pub by_month: Vec<(String, String, i64)>,
    /// `(source, claims)`, most first.
    pub top_sources: Vec<(String, i64)>,
    /// `(metric, unreviewed claims with a conflicting figure)`.
    pub open_conflicts: Vec<(String, i64)>,
}

impl ClaimDetail {
    /// The claim as reviewers corrected it: the latest correction of each field wins, and
    /// `extracted` keeps the value each corrected field had as extracted. A corrected `source`
    /// replaces every sighting's source (their `source_surface` still shows the text's words).
    pub fn corrected(mut self) -> ClaimDetail {
        let mut extracted = std::mem::take(&mut self.extracted);
        for c in self.history.iter().filter_map(|h| h.correction.as_ref()) {
            if !extracted.contains_key(&c.field) {
                let was = if c.field == "source" {
                    extracted_source(&self.sightings_list)
                } else {
                    current_value(&self.entry, &c.field)
                };
                extracted.insert(c.field.clone(), was);
            }
        }
        apply_corrections(&mut self.entry, &self.history);
        if let Some(source) = corrected_source(&self.history) {
            for s in &mut self.sightings_list {
                s.source = source.clone();
            }
        }
        self.extracted = extracted;
        self
    }

    /// A field's value as the claim page and a correction's "from" show it.
    pub fn field(&self, field: &str) -> Option<String> {
        if field == "source" {
            return extracted_source(&self.sightings_list);
        }
        current_value(&self.entry, field)
    }
}

/// The distinct sources of the sightings, in order, joined by "; ".
fn extracted_source(sightings: &[Sighting]) -> Option<String> {
    let mut seen: Vec<&str> = Vec::new();
    for s in sightings.iter().filter_map(|s| s.source.as_deref()) {
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    (!seen.is_empty()).then(|| seen.join("; "))
}

/// The latest `source` correction: `Some(None)` when a reviewer cleared it.
fn corrected_source(history: &[ReviewEvent]) -> Option<Option<String>> {
    history
        .iter()
        .filter_map(|h| h.correction.as_ref())
        .rfind(|c| c.field == "source")
        .map(|c| c.to.clone())
}

/// The entry as corrected by its history: the latest correction of each field wins.
fn apply_corrections(entry: &mut LedgerEntry, history: &[ReviewEvent]) {
    for c in history.iter().filter_map(|h| h.correction.as_ref()) {
        let to = c.to.clone();
        let num = || to.as_deref().and_then(|v| v.parse::<f64>().ok());
        match c.field.as_str() {
            "value" => entry.value = num().unwrap_or(entry.value),
            "low" => entry.low = num(),
            "high" => entry.high = num(),
            "unit" => entry.unit = to.unwrap_or_default(),
            "metric" => entry.metric = to.unwrap_or_default(),
            "subject" => entry.subject = to,
            "counterpart" => entry.counterpart = to,
            "item" => entry.item = to,
            "period_start" => entry.period_start = to,
            "period_end" => entry.period_end = to,
            "baseline_start" => entry.baseline_start = to,
            "baseline_end" => entry.baseline_end = to,
            _ => {}
        }
    }
}

fn current_value(e: &LedgerEntry, field: &str) -> Option<String> {
    let num = |v: f64| Some(v.to_string());
    match field {
        "value" => num(e.value),
        "low" => e.low.and_then(num),
        "high" => e.high.and_then(num),
        "unit" => Some(e.unit.clone()),
        "metric" => Some(e.metric.clone()),
        "subject" => e.subject.clone(),
        "counterpart" => e.counterpart.clone(),
        "item" => e.item.clone(),
        "period_start" => e.period_start.clone(),
        "period_end" => e.period_end.clone(),
        "baseline_start" => e.baseline_start.clone(),
        "baseline_end" => e.baseline_end.clone(),
        _ => None,
    }
}

/// Checks a correction's new value; returns it normalised (`None`: cleared).
fn validate(field: &str, value: &str) -> Result<Option<String>, LedgerError> {
    let bad = |why: &str| Err(LedgerError::InvalidAmendment(format!("{field}: {why}")));
    let v = value.trim();
    if !CORRECTABLE_FIELDS.contains(&field) {
        return bad("not a field that can be corrected");
    }
    let required = matches!(field, "value" | "unit" | "metric");
    if v.is_empty() {
        return if required {
            bad("must not be empty")
        } else {
            Ok(None)
        };
    }
    if v.chars().count() > 200 {
        return bad("longer than 200 characters");
    }
    match field {
        "value" | "low" | "high" => match v.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x.to_string())),
            _ => bad("not a number"),
        },
        f if f.ends_with("_start") || f.ends_with("_end") => {
            match chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                Ok(d) => Ok(Some(d.to_string())),
                Err(_) => bad("not a date (YYYY-MM-DD)"),
            }
        }
        _ => Ok(Some(v.to_string())),
    }
}

impl SqliteStore {
    pub(super) fn amend_claim(
        &mut self,
        id: i64,
        a: &Amendment,
    ) -> Result<ReviewEvent, LedgerError> {
        let note = a
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        let correction = match &a.correction {
            Some((field, value)) => Some((field.clone(), validate(field, value)?)),
            None if note.is_none() => {
                return Err(LedgerError::InvalidAmendment(
                    "a note must not be empty".into(),
                ))
            }
            None => None,
        };
        // The value before comes from the entry as already corrected, read outside the write lock
        // but re-checked by version inside it.
        let before = match &correction {
            Some((field, _)) => {
                let Some(d) = self.claim(id)? else {
                    return Err(LedgerError::NoSuchClaim(id));
                };
                let d = d.corrected();
                Some((d.entry.version, d.field(field)))
            }
            None => None,
        };
        let path = self.path.clone();
        let err = |source| LedgerError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let expected = a.expected_version.or(before.as_ref().map(|b| b.0));
        let (version, status) = super::sqlite::review_head(&tx, &path, id, expected)?;
        let event = ReviewEvent {
            claim_id: id,
            seq: version + 1,
            at: now(),
            by: a.by.clone(),
            from: status,
            to: status,
            note,
            kind: if correction.is_some() {
                EventKind::Correction
            } else {
                EventKind::Note
            },
            correction: correction.map(|(field, to)| FieldCorrection {
                field,
                from: before.and_then(|b| b.1),
                to,
            }),
        };
        let c = event.correction.as_ref();
        tx.execute(
            "INSERT INTO review_events (claim_id, seq, at, by, from_status, to_status, note, kind, field, old_value, \
             new_value) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            params![
                id,
                event.seq,
                event.at,
                event.by,
                status.as_str(),
                status.as_str(),
                event.note,
                event.kind.as_str(),
                c.map(|c| c.field.clone()),
                c.and_then(|c| c.from.clone()),
                c.and_then(|c| c.to.clone())
            ],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(event)
    }

    pub(super) fn claims_page(
        &self,
        filter: &ClaimFilter,
        sort: ClaimSort,
    ) -> Result<Vec<LedgerEntry>, LedgerError> {
        let (sql, args) = Self::entry_query_ordered(filter, &sort.sql());
        let mut st = self.sql(self.conn.prepare(&sql))?;
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let rows = self.sql(st.query_map(params.as_slice(), Self::entry_from_row))?;
        self.sql(rows.collect())
    }

    pub(super) fn sources_of(&self, id: i64) -> Result<Vec<SightingSource>, LedgerError> {
        let mut st = self.sql(self.conn.prepare_cached(
            "SELECT s.article_id, s.span_start, s.span_end, s.claim_json, a.text, s.surface, s.sentence, \
             s.confidence FROM sightings s \
             JOIN articles a ON a.id = s.article_id WHERE s.claim_id = ? ORDER BY a.published, s.id",
        ))?;
        let rows = st.query_map([id], |r| {
            let json: String = r.get(3)?;
            let span = [
                r.get::<_, i64>(1)?.max(0) as usize,
                r.get::<_, i64>(2)?.max(0) as usize,
            ];
            let surface: String = r.get(5)?;
            let sentence: String = r.get(6)?;
            Ok(SightingSource {
                article_id: r.get(0)?,
                span,
                claim: super::stored_json::claim_from_stored_json(
                    &json,
                    &surface,
                    span,
                    &sentence,
                    r.get(7)?,
                )
                .ok(),
                text: r.get(4)?,
            })
        });
        let rows = self.sql(rows)?;
        self.sql(rows.collect())
    }

    pub(super) fn dashboard_data(&self) -> Result<Dashboard, LedgerError> {
        let pairs = |sql: &str| -> Result<Vec<(String, i64)>, LedgerError> {
            let mut st = self.sql(self.conn.prepare(sql))?;
            let rows = self.sql(st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))))?;
            self.sql(rows.collect())
        };
        let mut st = self.sql(self.conn.prepare(
            "SELECT substr(a.published, 1, 7) AS month, c.metric, COUNT(DISTINCT s.claim_id) FROM sightings s \
             JOIN articles a ON a.id = s.article_id JOIN claims c ON c.id = s.claim_id \
             WHERE a.published IS NOT NULL GROUP BY month, c.metric ORDER BY month, c.metric",
        ))?;
        let rows = self.sql(st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))?;
        let by_month = self.sql(rows.collect())?;
        let top_sources = pairs(
            "SELECT source, COUNT(*) AS n FROM claim_sources GROUP BY source ORDER BY n DESC, source LIMIT 10",
        )?;
        let open_conflicts = pairs(
            "SELECT c.metric, COUNT(*) AS n FROM claims c \
             WHERE c.merged_into IS NULL AND c.in_conflict > 0 AND c.status = 'unreviewed' \
             GROUP BY c.metric ORDER BY n DESC, c.metric",
        )?;
        Ok(Dashboard {
            by_month,
            top_sources,
            open_conflicts,
        })
    }

    pub(super) fn unreviewed_after(
        &self,
        after: i64,
        backwards: bool,
    ) -> Result<Option<i64>, LedgerError> {
        let (cmp, dir) = if backwards {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        let sql = format!(
            "SELECT c.id FROM claims c WHERE c.merged_into IS NULL AND c.id {cmp} ?1 \
             AND c.status = 'unreviewed' ORDER BY c.id {dir} LIMIT 1"
        );
        let r = self.conn.query_row(&sql, [after], |r| r.get(0)).optional();
        self.sql(r)
    }

    /// The text of one stored article.
    pub fn article_text(&self, article_id: i64) -> Result<Option<String>, LedgerError> {
        let r = self
            .conn
            .query_row(
                "SELECT text FROM articles WHERE id = ?",
                [article_id],
                |r| r.get(0),
            )
            .optional();
        self.sql(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_validate_their_values() {
        assert_eq!(validate("value", " 12.5 ").unwrap(), Some("12.5".into()));
        assert!(validate("value", "twelve").is_err());
        assert!(validate("value", "").is_err());
        assert_eq!(validate("subject", "").unwrap(), None);
        assert_eq!(
            validate("period_start", "2023-01-01").unwrap(),
            Some("2023-01-01".into())
        );
        assert!(validate("period_start", "January").is_err());
        assert!(validate("key", "x").is_err());
    }

    #[test]
    fn sort_sql_uses_fixed_column_names() {
        let s = ClaimSort {
            key: SortKey::Sightings,
            descending: true,
        };
        assert_eq!(s.sql(), "n_sightings DESC, id DESC");
        assert_eq!(SortKey::parse("period"), Some(SortKey::Period));
        assert_eq!(SortKey::parse("id; DROP TABLE claims"), None);
    }
}
