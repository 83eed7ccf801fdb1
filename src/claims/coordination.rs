//! Coordination with "respectively": the n-th figure of the sentence belongs to the n-th name of
//! a coordinated list.
//!
//! ```text
//! sentence  "EU exports to Kazakhstan and Armenia fell 18% and 25% respectively"
//! list      Kazakhstan, Armenia          (names joined by "," / "and" / "und" / "и" / "і" / "та")
//! figures   18%, 25%                     (the sentence's figures of one kind, as many as names)
//! result    18% -> counterpart Kazakhstan, 25% -> counterpart Armenia
//! ```
//!
//! The role each name fills (exporter or importer) is the one the clause reading gave to the list;
//! only the name changes.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::Mention;
use super::{Claim, Metric};

static RESPECTIVELY: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}])(?:respectively|beziehungsweise|соответственно|відповідно)(?:[^\p{L}]|$)",
    )
});

/// A separator between two names of one list.
static LIST_GAP: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"^(?:\s*,\s*|\s*,?\s+(?:and|und|sowie|и|і|й|та)\s+)$"));

/// The longest run of country names joined only by list separators.
fn coordinated(text: &str, places: &[&Mention]) -> Vec<String> {
    let mut best: Vec<String> = Vec::new();
    let mut run: Vec<&Mention> = Vec::new();
    for m in places {
        let joined = run
            .last()
            .is_some_and(|p| p.end <= m.start && LIST_GAP.is_match(&text[p.end..m.start]));
        if !joined {
            run.clear();
        }
        run.push(m);
        if run.len() > best.len() {
            best = run.iter().map(|m| m.name.clone()).collect();
        }
    }
    best.dedup();
    if best.len() >= 2 {
        best
    } else {
        Vec::new()
    }
}

/// Gives the figures of a "respectively" sentence the names of its coordinated list, in order.
pub(super) fn distribute(
    text: &str,
    sentence: (usize, usize),
    places: &[Mention],
    claims: &mut [Claim],
) {
    if !RESPECTIVELY.is_match(&text[sentence.0..sentence.1]) {
        return;
    }
    let inside: Vec<&Mention> = places
        .iter()
        .filter(|m| !m.org && m.start >= sentence.0 && m.end <= sentence.1)
        .collect();
    let names = coordinated(text, &inside);
    if names.is_empty() {
        return;
    }
    // the figures of one kind that are as many as the names
    let Some(kind) = claims
        .iter()
        .map(|c| c.kind)
        .find(|k| claims.iter().filter(|c| c.kind == *k).count() == names.len())
    else {
        return;
    };
    let mut group: Vec<&mut Claim> = claims.iter_mut().filter(|c| c.kind == kind).collect();
    group.sort_by_key(|c| c.span[0]);
    for (c, name) in group.into_iter().zip(names.iter()) {
        let in_list = |n: &Option<String>| n.as_ref().is_some_and(|n| names.contains(n));
        let imports = matches!(c.metric, Metric::Imports | Metric::ShareOfImports);
        if in_list(&c.subject) {
            c.subject = Some(name.clone());
        } else if in_list(&c.counterpart) || imports {
            c.counterpart = Some(name.clone());
        } else {
            c.subject = Some(name.clone());
        }
        if c.subject == c.counterpart {
            c.counterpart = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{extract, Document};

    fn parties(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let doc = Document {
            id: "t",
            text,
            title: None,
            published: chrono::NaiveDate::from_ymd_opt(2024, 5, 20),
            outlet: Some("Outlet"),
        };
        extract(&doc)
            .into_iter()
            .map(|c| (c.surface, c.subject, c.counterpart))
            .collect()
    }

    /// "respectively" pairs the n-th figure with the n-th name, in the role the list plays.
    #[test]
    fn respectively_pairs_figures_with_names_in_order() {
        let got = parties(
            "German exports to Kazakhstan and Armenia rose 12% and 31% respectively in 2023.",
        );
        let want = |s: &str, c: &str| (Some(s.to_string()), Some(c.to_string()));
        assert_eq!(
            (got[0].1.clone(), got[0].2.clone()),
            want("Germany", "Kazakhstan")
        );
        assert_eq!(
            (got[1].1.clone(), got[1].2.clone()),
            want("Germany", "Armenia")
        );
    }
}
