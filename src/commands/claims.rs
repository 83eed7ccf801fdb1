//! `claimledger claims list|show`: read the ledger.

use super::{Context, UsageError};
use claimledger::ledger::{
    ClaimDetail, ClaimFilter, LedgerEntry, ReviewStatus, Sighting, SqliteStore, Store,
};
use std::io::Write;

/// Filters shared by `claims list` and `export`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    #[arg(long, value_enum)]
    pub status: Option<ReviewStatus>,
    #[arg(long)]
    pub metric: Option<String>,
    #[arg(long)]
    pub subject: Option<String>,
    #[arg(long)]
    pub counterpart: Option<String>,
    #[arg(long)]
    pub outlet: Option<String>,
    /// Substring of the attributed source.
    #[arg(long)]
    pub source: Option<String>,
    /// Claims whose period ends on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_published)]
    pub from: Option<chrono::NaiveDate>,
    /// Claims whose period starts on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_published)]
    pub to: Option<chrono::NaiveDate>,
    #[arg(long, value_name = "N")]
    pub min_sightings: Option<i64>,
    /// Only claims that conflict with another figure for the same thing.
    #[arg(long)]
    pub conflicts: bool,
    /// Text in the figure or its sentence.
    #[arg(long)]
    pub search: Option<String>,
}

impl FilterArgs {
    pub fn filter(&self) -> ClaimFilter {
        ClaimFilter {
            status: self.status,
            metric: self.metric.clone(),
            subject: self.subject.clone(),
            counterpart: self.counterpart.clone(),
            outlet: self.outlet.clone(),
            source: self.source.clone(),
            period_from: self.from.map(|d| d.to_string()),
            period_to: self.to.map(|d| d.to_string()),
            min_sightings: self.min_sightings,
            conflicts_only: self.conflicts,
            search: self.search.clone(),
            limit: None,
            offset: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Jsonl,
}

#[derive(Debug, clap::Subcommand)]
pub enum ClaimsCommand {
    /// List claims matching the filters.
    List {
        #[command(flatten)]
        filters: FilterArgs,
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
        #[arg(long)]
        limit: Option<i64>,
    },
    /// Show one claim with every sighting, its conflicts and its review history.
    Show {
        id: i64,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: ClaimsCommand) -> anyhow::Result<()> {
    let store = ctx.open_existing_store()?;
    let mut out = std::io::stdout().lock();
    match cmd {
        ClaimsCommand::List {
            filters,
            format,
            limit,
        } => {
            let filter = ClaimFilter {
                limit,
                ..filters.filter()
            };
            let rows = store.claims(&filter)?;
            match format {
                ListFormat::Jsonl => {
                    for r in &rows {
                        serde_json::to_writer(&mut out, r)?;
                        out.write_all(b"\n")?;
                    }
                }
                ListFormat::Table => {
                    writeln!(
                        out,
                        "{:>5}  {:<10}  {:<32}  {:<16}  {:<22}  {:<23}  {:>4}  conflicts",
                        "id",
                        "status",
                        "figure",
                        "metric",
                        "subject -> counterpart",
                        "period",
                        "seen"
                    )?;
                    for r in &rows {
                        let who = match (&r.subject, &r.counterpart) {
                            (Some(s), Some(c)) => format!("{s} -> {c}"),
                            (Some(s), None) => s.clone(),
                            (None, Some(c)) => format!("? -> {c}"),
                            (None, None) => String::new(),
                        };
                        let period = format!(
                            "{}..{}",
                            r.period_start.as_deref().unwrap_or(""),
                            r.period_end.as_deref().unwrap_or("")
                        );
                        let conflicts = r
                            .conflicts
                            .iter()
                            .map(|c| c.to_string())
                            .collect::<Vec<_>>()
                            .join(",");
                        writeln!(
                            out,
                            "{:>5}  {:<10}  {:<32}  {:<16}  {:<22}  {:<23}  {:>4}  {}",
                            r.id,
                            r.status.as_str(),
                            clip(&r.surface, 32),
                            r.metric,
                            clip(&who, 22),
                            period,
                            r.sightings,
                            conflicts
                        )?;
                    }
                    eprintln!("{} claims", rows.len());
                    if filters.conflicts {
                        who_said_what(&store, &rows, &mut out)?;
                    }
                }
            }
        }
        ClaimsCommand::Show { id, json } => {
            let d = store
                .claim(id)?
                .ok_or_else(|| UsageError(format!("no claim with id {id}")))?
                .corrected();
            if json {
                serde_json::to_writer_pretty(&mut out, &d)?;
                out.write_all(b"\n")?;
                return Ok(());
            }
            let e = &d.entry;
            writeln!(
                out,
                "claim {}: {}  [{}]",
                e.id,
                e.surface,
                e.status.as_str()
            )?;
            writeln!(
                out,
                "  kind {} · value {} {} · {}",
                e.kind, e.value, e.unit, e.approx
            )?;
            if let (Some(l), Some(h)) = (e.low, e.high) {
                writeln!(out, "  range {l} .. {h}")?;
            }
            writeln!(
                out,
                "  metric {} · subject {} · counterpart {} · item {}",
                e.metric,
                opt(&e.subject),
                opt(&e.counterpart),
                opt(&e.item)
            )?;
            writeln!(
                out,
                "  period {}..{} · baseline {}..{}",
                opt(&e.period_start),
                opt(&e.period_end),
                opt(&e.baseline_start),
                opt(&e.baseline_end)
            )?;
            for (field, was) in &d.extracted {
                writeln!(
                    out,
                    "  {field} corrected by a reviewer (extracted: {}; now: {})",
                    opt(was),
                    opt(&d.field(field))
                )?;
            }
            if let Some(into) = e.merged_into {
                writeln!(
                    out,
                    "  merged into claim {into} (a more precise figure joined the two)"
                )?;
            }
            writeln!(
                out,
                "sightings ({}, {} outlets):",
                d.sightings_list.len(),
                e.outlets
            )?;
            for s in &d.sightings_list {
                write_sighting(&mut out, s, "  ")?;
            }
            if !d.conflicting.is_empty() {
                writeln!(out, "conflicts (same key, incompatible figure):")?;
                for c in &d.conflicting {
                    writeln!(
                        out,
                        "  - claim {}: {} ({} sightings, {})",
                        c.id,
                        c.surface,
                        c.sightings,
                        c.status.as_str()
                    )?;
                    if let Some(cd) = store.claim(c.id)? {
                        for s in &cd.sightings_list {
                            write_sighting(&mut out, s, "      ")?;
                        }
                    }
                }
            }
            if !d.suggestions.is_empty() {
                writeln!(out, "may state the same fact (suggestions, not merged):")?;
                for g in &d.suggestions {
                    writeln!(
                        out,
                        "  - claim {}: {} (score {:.2}, {})",
                        g.claim_id, g.surface, g.score, g.method
                    )?;
                }
            }
            writeln!(out, "review history ({}):", d.history.len())?;
            for h in &d.history {
                let what = match &h.correction {
                    Some(c) => format!("corrected {}: {} -> {}", c.field, opt(&c.from), opt(&c.to)),
                    None => format!("{} -> {}", h.from.as_str(), h.to.as_str()),
                };
                writeln!(
                    out,
                    "  #{} {} {}: {what}{}",
                    h.seq,
                    h.at,
                    h.by,
                    h.note
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default()
                )?;
            }
        }
    }
    Ok(())
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

fn write_sighting(out: &mut impl Write, s: &Sighting, indent: &str) -> std::io::Result<()> {
    let origin = if s.same_origin_as.is_empty() {
        String::new()
    } else {
        format!(" · same origin as {}", s.same_origin_as.join(", "))
    };
    writeln!(
        out,
        "{indent}- {:?} in {} ({}, {}, {}) source: {}{origin}",
        s.surface,
        opt(&s.outlet),
        opt(&s.published),
        opt(&s.lang),
        s.url.as_deref().unwrap_or(&s.article),
        opt(&s.source)
    )?;
    writeln!(out, "{indent}  \"{}\"", s.sentence.trim())
}

/// "Who said 27.8% and who said 28.7%?": each conflicting key with every figure and who said it.
fn who_said_what(
    store: &SqliteStore,
    rows: &[LedgerEntry],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut seen = std::collections::HashSet::new();
    for r in rows {
        if !seen.insert(r.key.clone()) {
            continue;
        }
        writeln!(out, "\n{}:", r.key)?;
        let mut ids = vec![r.id];
        ids.extend(&r.conflicts);
        ids.sort_unstable();
        for id in ids {
            let Some(ClaimDetail {
                entry,
                sightings_list,
                ..
            }) = store.claim(id)?
            else {
                continue;
            };
            writeln!(
                out,
                "  claim {} says {} ({}, {} sightings):",
                entry.id,
                entry.surface,
                entry.status.as_str(),
                entry.sightings
            )?;
            for s in &sightings_list {
                writeln!(
                    out,
                    "    {:<22} {:<18} {:<10} {:?} source: {}",
                    clip(opt(&s.outlet), 22),
                    clip(&s.article, 18),
                    opt(&s.published),
                    s.surface,
                    opt(&s.source)
                )?;
            }
        }
    }
    Ok(())
}
