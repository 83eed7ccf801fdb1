//! Claim datasets out of the ledger: JSON (one array), JSON Lines (one claim a line) and CSV
//! (flat, one row per claim, safe to open in a spreadsheet). The CLI and the web page both call
//! [`export`], so a download from the browser and `claimledger export` are the same bytes.
//!
//! Claims are written as reviewers corrected them; JSON and JSONL keep each corrected field's
//! extracted value under `extracted`, CSV names the corrected fields in its last column.
//! JSON and JSONL carry every field, every sighting and the review history ([`ClaimDetail`]);
//! [`json_schema`] describes one such record (committed as `docs/claim.schema.json`; a JSON export
//! is an array of them).

use crate::ledger::{ClaimDetail, ClaimFilter, ExportError, Store};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Jsonl,
    Csv,
}

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Json => "application/json",
            ExportFormat::Jsonl => "application/x-ndjson",
            ExportFormat::Csv => "text/csv; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
        }
    }
}

const CSV_HEADER: &[&str] = &[
    "id",
    "status",
    "kind",
    "value",
    "low",
    "high",
    "unit",
    "approx",
    "metric",
    "subject",
    "counterpart",
    "item",
    "period_start",
    "period_end",
    "baseline_start",
    "baseline_end",
    "surface",
    "sightings",
    "outlets",
    "conflicts",
    "source",
    "url",
    "sentence",
    "reviews",
    "corrected",
];

/// A spreadsheet must never read a cell as a formula: text starting with = + - @ (or a tab or
/// carriage return) gets a leading apostrophe.
pub fn neutralise_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// The JSON Schema of one exported claim (a JSONL line, or an element of the JSON array),
/// generated from [`ClaimDetail`].
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ClaimDetail);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

fn to_io(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Writes every claim matching `filter` to `out`; returns how many.
pub fn export(
    store: &dyn Store,
    filter: &ClaimFilter,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let n = match format {
        ExportFormat::Json => {
            out.write_all(b"[")?;
            let mut first = true;
            let n = store.export(filter, &mut |d: ClaimDetail| {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                first = false;
                serde_json::to_writer(&mut *out, &d).map_err(to_io)
            })?;
            out.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })?;
            n
        }
        ExportFormat::Jsonl => store.export(filter, &mut |d: ClaimDetail| {
            serde_json::to_writer(&mut *out, &d).map_err(to_io)?;
            out.write_all(b"\n")
        })?,
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(CSV_HEADER).map_err(to_io)?;
            let n = store.export(filter, &mut |d: ClaimDetail| {
                w.write_record(csv_row(&d)).map_err(to_io)
            })?;
            w.flush()?;
            n
        }
    };
    out.flush()?;
    Ok(n)
}

fn csv_row(d: &ClaimDetail) -> Vec<String> {
    let e = &d.entry;
    let opt = |v: &Option<String>| neutralise_cell(v.as_deref().unwrap_or(""));
    let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let first = d.sightings_list.first();
    vec![
        e.id.to_string(),
        e.status.as_str().to_string(),
        neutralise_cell(&e.kind),
        e.value.to_string(),
        num(e.low),
        num(e.high),
        neutralise_cell(&e.unit),
        neutralise_cell(&e.approx),
        neutralise_cell(&e.metric),
        opt(&e.subject),
        opt(&e.counterpart),
        opt(&e.item),
        opt(&e.period_start),
        opt(&e.period_end),
        opt(&e.baseline_start),
        opt(&e.baseline_end),
        neutralise_cell(&e.surface),
        e.sightings.to_string(),
        e.outlets.to_string(),
        e.conflicts
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(" "),
        first.map(|s| opt(&s.source)).unwrap_or_default(),
        first.map(|s| opt(&s.url)).unwrap_or_default(),
        first
            .map(|s| neutralise_cell(&s.sentence))
            .unwrap_or_default(),
        d.history.len().to_string(),
        d.extracted.keys().cloned().collect::<Vec<_>>().join(" "),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_cell("-5"), "'-5");
        assert_eq!(neutralise_cell("China"), "China");
    }
}
