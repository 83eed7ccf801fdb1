//! Reading one clause: which metric word governs a figure and who the parties of the flow are.
//!
//! ```text
//! clause   "Chinese exports to Russia increased by 73%"
//! word     "exports"            -> metric exports (the metric word nearest the figure)
//! before   "Chinese"            -> subject China (the exporter)
//! after    "to Russia"          -> counterpart Russia (the importer)
//! ```
//!
//! Imports turn round ("China's imports from Russia" -> Russia, China), two-way trade keeps the
//! order of mention, and aid goes from a donor to a recipient.

use std::sync::LazyLock;

use regex::Regex;

use super::delimited::Delimited;
use super::gazetteer::Mention;
use super::{Metric, RawClaim};

/// The metric word groups, in the order `metric_of` numbers them (1-based): a word belongs to
/// the first group with an alternative that matches it.
const METRIC_GROUPS: [&str; 8] = [
    r"trade|turnover|traded|bilateral\s+trade|handel|handelsvolumen|товарооборот\w*|товарообіг\w*|товарообор\w*|торгов\w*|торгівл\w*",
    r"exports?|\p{L}+(?:exporte|ausfuhren|lieferungen)|exported|seaborne|exporting|exporter|suppliers?|sold|sells|sell|sales\s+to|supplied|supplies|supply|supplying|shipped|shipments?|shipping|deliveries|delivered|deliver|provided|ausfuhren?|exporte?|exportiert\w*|ausgeführt|lieferungen|lieferte|вывез\w*|вивез\w*|экспорт\w*|поставк\w*|поставил\w*|продал\w*|експорт\w*|постачання|постачав|постачає|продав|продала",
    r"imports?|\p{L}+(?:importe|einfuhren)|imported|importing|importer|buyers?|paid|bought|buys|buy|purchased|purchases|einfuhren?|importe?|importiert\w*|eingeführt|ввез\w*|ввоз\w*|ввіз\w*|ввезен\w*|импорт\w*|закупк\w*|закупил\w*|купил\w*|імпорт\w*|закупівл\w*|купив|купила",
    r"production|produced|produce|produces|output|harvest|harvested|ernte|урожай|врожай|manufactured|manufacturing|mined|pumped|extracted|extraction|produktion|förderung|производств\w*|добыч\w*|выпуск\w*|виробництв\w*|видобут\w*",
    r"revenues?|\p{L}+einnahmen|НГД|income|proceeds|earnings|receipts|earned|earn|taxes|einnahmen|erlöse|доход\w*|выручк\w*|поступлени\w*|надходжен\w*",
    r"prices?|priced|costs?|traded\s+at|preis\w*|цен[аыуе]\w*|стоимост\w*|цін[аиуі]\w*|вартіст\w*",
    r"spending|\p{L}+ausgaben|spent|spend|expenditures?|allocated|outlays?|ausgaben|расход\w*|траты|видатк\w*|витрат\w*|закладен\w*|предусмотрен\w*|передбачен\w*",
    r"aid|assistance|support|pledges?|pledged|commitments?|committed|financing|loans?|grants?|tranches?|disbursed|Hilfe|Militärhilfe|Unterstützung|Finanzhilfe|помощ\w*|допомог\w*|фінансуванн\w*|кредит\w*|грант\w*",
];

/// The word boundary after a metric word.
const METRIC_TAIL: &str = r"(?:[^\p{L}\p{N}]|$)";

static METRIC_WORDS: LazyLock<Delimited> = LazyLock::new(|| {
    let body = METRIC_GROUPS.map(|g| format!("({g})")).join("|");
    Delimited::new("(?i)", r"\p{L}\p{N}", &body, METRIC_TAIL)
});

/// Each group of `METRIC_GROUPS` alone, anchored, with the word boundary: finding the group of a
/// matched word group by group costs a few small searches where the captures of the whole
/// alternation cost a backtracking search over all of it.
static METRIC_GROUP_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    METRIC_GROUPS
        .iter()
        .map(|g| super::big_regex(&format!("(?i)^({g}){METRIC_TAIL}")))
        .collect()
});

/// "trade deficit", "trade surplus", "trade balance": a measure of its own, not a trade flow.
static TRADE_MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^[\s-]*(?:deficit|surplus|balance|defizit|überschuss|дефицит|профицит|сальдо|дефіцит|профіцит)",
    )
});

/// "of", "of the", "of its total", "der", "от": a share's whole follows.
static SHARE_OF: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"(?i)^\s*(?:of|des|der|от|від|у|в)\s"));

/// The join of two trade partners: "China-Russia", "China and Russia", "між Китаєм і Росією".
static PAIR_GAP: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(r"^(?:'s)?(?:\s*[-–/]\s*|\s+(?:and|und|и|і|й|та|с|з|with)\s+)$")
});

/// A recipient's verb: "Ukraine received", "отримала", "erhielt".
static RECEIVED: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}])(?:received|receives|receive|got|obtained|erhielt|erhalten|erhält|получил\w*|получает|полученн\w*|отримал\w*|отримує|отримав|отриман\w*)(?:[^\p{L}]|$)",
    )
});

static AID_WORD: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^(?:aid|assistance|support|pledges?|pledged|commitments?|committed|financing|loans?|grants?|tranches?|disbursed|hilfe|militärhilfe|unterstützung|finanzhilfe|помощ\w*|допомог\w*|фінансуванн\w*|кредит\w*|грант\w*)$",
    )
});

/// Byte ranges of the clauses of a sentence: split at , ; : ( ) – — and "while", "but",
/// "even though", "although", "whereas" (commas inside numbers do not split).
pub(super) fn clauses(s: &str, base: usize) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut cuts = vec![0usize];
    for (i, ch) in s.char_indices() {
        let split = match ch {
            ',' => {
                !(i > 0
                    && b[i - 1].is_ascii_digit()
                    && b.get(i + 1).is_some_and(|c| c.is_ascii_digit()))
            }
            ';' | ':' | '–' | '—' => true,
            // "(bcm)", "(GAC)": a short aside without spaces does not end the clause
            '(' => !s[i + 1..]
                .find(')')
                .is_some_and(|j| j <= 12 && !s[i + 1..i + 1 + j].contains(' ')),
            ')' => !s[..i]
                .rfind('(')
                .is_some_and(|j| i - j <= 13 && !s[j..i].contains(' ')),
            _ => false,
        };
        if split {
            cuts.push(i + ch.len_utf8());
        }
    }
    for w in [
        " - ",
        " while ",
        " whereas ",
        " but ",
        " even though ",
        " although ",
        " though ",
        " which ",
    ] {
        let mut from = 0;
        while let Some(p) = s[from..].find(w) {
            cuts.push(from + p + 1);
            from += p + w.len();
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.push(s.len());
    cuts.windows(2)
        .filter(|w| w[1] > w[0])
        .map(|w| (base + w[0], base + w[1]))
        .collect()
}

fn metric_of(idx: usize) -> Metric {
    match idx {
        1 => Metric::Trade,
        2 => Metric::Exports,
        3 => Metric::Imports,
        4 => Metric::Production,
        5 => Metric::Revenue,
        6 => Metric::Price,
        7 => Metric::Spending,
        _ => Metric::Other,
    }
}

/// Every metric keyword of the document: (metric, start, end). One scan without captures; the
/// group is identified on the matched word only.
pub(super) fn metric_words(text: &str) -> Vec<(Metric, usize, usize)> {
    let mut out = Vec::new();
    for m in METRIC_WORDS.find_iter(text) {
        // the group of the word alone, as the whole pattern would capture it: the first group
        // with an alternative that matches (leftmost-first), and that alternative's span
        let Some((idx, g_start, g_end)) = metric_group(&text[m.body..m.end]) else {
            continue;
        };
        let (start, end) = (m.body + g_start, m.body + g_end);
        if idx == 4 {
            let before = super::left_window(text, start, 40);
            let prev_word = before.split_whitespace().next_back().unwrap_or("");
            if super::gazetteer::country_of(prev_word).is_some() {
                continue;
            }
        }
        if idx == 1 && TRADE_MEASURE.is_match(&text[end..super::floor_boundary(text, end + 16)]) {
            continue;
        }
        out.push((metric_of(idx), start, end));
    }
    out
}

/// The group of a matched metric word (with its tail char) and the group's span in it, as the
/// whole pattern would capture it: the first group with an alternative that matches
/// (leftmost-first), and that alternative's span.
///
/// Remembered per thread: the same few words recur in every article, and each answer costs up
/// to eight anchored searches and a capture search.
fn metric_group(word: &str) -> Option<(usize, usize, usize)> {
    type Seen = super::tokens::FastMap<String, Option<(usize, usize, usize)>>;
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
    }
    SEEN.with(|seen| {
        if let Some(&known) = seen.borrow().get(word) {
            return known;
        }
        let found = METRIC_GROUP_RES.iter().enumerate().find_map(|(k, re)| {
            let g = super::delimited::captures_if(re, word)?.get(1)?;
            Some((k + 1, g.start(), g.end()))
        });
        let mut seen = seen.borrow_mut();
        // bounded: inflected stems (`торгов\w*`) make an open set
        if seen.len() >= 1 << 14 {
            seen.clear();
        }
        seen.insert(word.to_string(), found);
        found
    })
}

/// What a clause says about a figure: metric and the two parties.
#[derive(Debug, Clone, Default)]
pub(super) struct Reading {
    pub(super) metric: Option<Metric>,
    pub(super) subject: Option<String>,
    pub(super) counterpart: Option<String>,
    pub(super) item: Option<String>,
    /// A country's total flow with no partner ("India imported 4.9 million bpd overall"):
    /// the counterpart stays empty.
    pub(super) total: bool,
    /// Read from an aid word ("aid", "pledges", "loans"): item `aid` unless a narrower one.
    pub(super) aid: bool,
}

/// Reads metric and parties from a clause around a figure.
pub(super) fn read_clause(
    text: &str,
    clause: (usize, usize),
    fig: &RawClaim,
    places: &[Mention],
    all_words: &[(Metric, usize, usize)],
) -> Reading {
    let words: Vec<(Metric, usize, usize)> = all_words
        .iter()
        .copied()
        .filter(|w| w.1 >= clause.0 && w.2 <= clause.1)
        .collect();
    let mut r = Reading::default();
    let inside: Vec<&Mention> = places
        .iter()
        .filter(|m| m.start >= clause.0 && m.end <= clause.1)
        .collect();
    // "supplier" names a flow only when no verb or flow noun does
    let weak = |s: usize| {
        if text[s..].starts_with("supplier") || text[s..].starts_with("buyer") {
            1 << 20
        } else {
            0
        }
    };
    let Some(&(metric, ms, me)) = words.iter().min_by_key(|(_, s, e)| {
        weak(*s)
            + if *e <= fig.span[0] {
                fig.span[0] - e
            } else {
                s.saturating_sub(fig.span[1])
            }
    }) else {
        r.subject = inside.first().map(|m| m.name.clone());
        return r;
    };
    r.metric = Some(metric);
    let before: Vec<&&Mention> = inside.iter().filter(|m| m.end <= ms).collect();
    let after: Vec<&&Mention> = inside.iter().filter(|m| m.start >= me).collect();
    let word = text[ms..me].to_lowercase();
    // "to X" / "from X" / "with X" right after the keyword
    let prep_after = |preps: &[&str]| -> Option<String> {
        after
            .iter()
            .find(|m| {
                let gap = text[me..m.start].to_lowercase();
                let gap = gap.trim_end();
                // "from the United States", "aus der Türkei"
                let gap = ["the", "der", "die", "dem", "den"]
                    .iter()
                    .find_map(|a| gap.strip_suffix(a).filter(|g| g.ends_with(' ')))
                    .unwrap_or(gap);
                preps.iter().any(|p| gap.trim_end().ends_with(p)) && gap.len() < 80
            })
            .map(|m| m.name.clone())
    };
    if AID_WORD.is_match(&word) {
        r.aid = true;
        // aid flows from a donor to a recipient: "Germany ... €17.1 billion in military aid to
        // Ukraine", "USD 1.25 billion in grants from the United States", "Ukraine received ..."
        let head = text[clause.0..fig.span[0]].to_lowercase();
        let received = RECEIVED.is_match(&head);
        let donor = prep_after(&["from", "von", "від", "от"]);
        if received {
            r.subject = donor;
            r.counterpart = before.iter().rev().find(|m| !m.org).map(|m| m.name.clone());
            return r;
        }
        r.subject = donor.or_else(|| before.iter().rev().find(|m| !m.org).map(|m| m.name.clone()));
        r.counterpart = prep_after(&["to", "for", "an", "für", "для", "на"])
            .or_else(|| {
                inside
                    .iter()
                    .find(|m| m.end <= fig.span[0] && text[m.end..fig.span[0]].contains(" to "))
                    .map(|m| m.name.clone())
            })
            .or_else(|| {
                places
                    .iter()
                    .find(|m| m.start >= clause.0 && text[clause.0..m.start].ends_with("to "))
                    .map(|m| m.name.clone())
            });
        if r.subject == r.counterpart {
            r.subject = None;
        }
        return r;
    }
    // "Russians bought 687,000 new cars", "1.16 million cars sold": sales in one market
    let sale_verb = matches!(
        word.as_str(),
        "sold" | "bought" | "sells" | "buys" | "sell" | "buy" | "purchased"
    );
    if sale_verb && inside.iter().filter(|m| !m.org).count() <= 1 {
        r.metric = Some(Metric::Other);
        r.subject = inside.iter().find(|m| !m.org).map(|m| m.name.clone());
        r.total = true;
        return r;
    }
    let is_verb = word.ends_with("ed")
        || matches!(
            word.as_str(),
            "sold" | "bought" | "spent" | "supplies" | "sells" | "buys" | "sell" | "buy"
        );
    // "Russia's share of Armenia's total exports", "Turkey's share of Russia's imports"
    if fig.kind == super::RawKind::Share && before.len() >= 2 {
        let (x, y) = (before[before.len() - 2], before[before.len() - 1]);
        if text[x.end..y.start].to_lowercase().contains("share of") {
            match metric {
                Metric::Exports => {
                    r.subject = Some(y.name.clone());
                    r.counterpart = Some(x.name.clone());
                    return r;
                }
                Metric::Imports => {
                    r.subject = Some(x.name.clone());
                    r.counterpart = Some(y.name.clone());
                    return r;
                }
                _ => {}
            }
        }
    }
    // "Russian LNG accounted for 16% of the bloc's total LNG imports", "Egypt took about 22%
    // of Russian wheat exports": the whole named after the figure holds one party, the clause
    // before the figure the other
    if fig.kind == super::RawKind::Share
        && ms >= fig.span[1]
        && matches!(metric, Metric::Imports | Metric::Exports)
        && SHARE_OF.is_match(&text[fig.span[1]..ms])
    {
        let whole = inside
            .iter()
            .rev()
            .find(|m| !m.org && m.start >= fig.span[1] && m.end <= ms)
            .map(|m| m.name.clone());
        let part = inside
            .iter()
            .rev()
            .find(|m| !m.org && m.end <= fig.span[0])
            .map(|m| m.name.clone());
        if whole.is_some() {
            let other = match metric {
                Metric::Imports => prep_after(&["from", "aus", "из", "з", "із"]),
                _ => prep_after(&["to", "nach", "в", "до", "into"]),
            };
            let part = part.or(other).filter(|p| Some(p) != whole.as_ref());
            if metric == Metric::Imports {
                r.subject = part;
                r.counterpart = whole;
            } else {
                r.subject = whole;
                r.counterpart = part;
            }
            return r;
        }
    }
    match metric {
        // "Russia was China's largest supplier": supplier first, buyer's possessive after
        Metric::Exports if word.starts_with("supplier") && before.len() >= 2 => {
            r.subject = Some(before[before.len() - 2].name.clone());
            r.counterpart = Some(before[before.len() - 1].name.clone());
        }
        // "traditionally India's top supplier": the possessive is the buyer
        Metric::Exports
            if word.starts_with("supplier")
                && before.last().is_some_and(|m| {
                    text[m.end..].starts_with("'s") || text[m.end..].starts_with("’s")
                }) =>
        {
            r.counterpart = before.last().map(|m| m.name.clone());
        }
        Metric::Exports => {
            // "Nach Kirgistan gingen Autos ... – fast die Hälfte aller Exporte": a name after
            // "to"/"nach" before the word is the destination, not the exporter
            let to_before = before
                .iter()
                .rev()
                .find(|m| destination(text, m.start))
                .map(|m| m.name.clone());
            // "Экспорт российского угля в Китай", "exports of Russian coal": the adjective of
            // the good right after the word is its exporter
            let origin = after
                .iter()
                .find(|m| {
                    let gap = text[me..m.start].trim().to_lowercase();
                    m.adjective && (gap.is_empty() || gap == "of" || gap == "of the")
                })
                .map(|m| m.name.clone());
            r.subject = before
                .iter()
                .rev()
                .find(|m| !destination(text, m.start))
                .map(|m| m.name.clone())
                .or(origin)
                .or_else(|| prep_after(&["from", "aus", "из", "з", "із"]));
            r.counterpart = to_before
                .or_else(|| prep_after(&["to", "nach", "в", "до", "into"]))
                .or_else(|| {
                    // "China sold Russia ...": the object right after the verb
                    if is_verb {
                        after
                            .first()
                            .filter(|m| {
                                text[me..m.start].trim().is_empty()
                                    || text[me..m.start].trim() == "to"
                            })
                            .map(|m| m.name.clone())
                    } else {
                        None
                    }
                });
        }
        Metric::Imports => {
            // "Russia's imports", "Импорт ... в Россию", "imports into Kyrgyzstan"
            // "... rund 17,8 Millionen Tonnen russisches Flüssiggas eingeführt": an adjective
            // between the figure and the word is the good's origin, not the importer
            let origin = |m: &Mention| m.adjective && m.start >= fig.span[1] && m.end <= ms;
            // "die Einfuhren der EU aus Russland", "aller LNG-Importe der EU": a genitive
            // right after the word is the importer
            let genitive = after
                .first()
                .filter(|m| {
                    !m.org
                        && !m.adjective
                        && matches!(text[me..m.start].trim(), "der" | "des" | "of the")
                })
                .map(|m| m.name.clone());
            let importer = genitive.or_else(|| {
                before
                    .iter()
                    .rev()
                    .find(|m| !m.org && !origin(m))
                    .map(|m| m.name.clone())
                    .or_else(|| prep_after(&["into", "в", "до", "nach", "in"]))
            });
            let exporter = prep_after(&["from", "aus", "из", "з", "із"])
                .or_else(|| after.iter().find(|m| m.adjective).map(|m| m.name.clone()))
                .or_else(|| before.iter().find(|m| origin(m)).map(|m| m.name.clone()))
                .or_else(|| {
                    // "the EU has paid Russia around €5.3bn": the one paid is the seller
                    (word == "paid")
                        .then(|| {
                            after
                                .first()
                                .filter(|m| text[me..m.start].trim().is_empty())
                        })
                        .flatten()
                        .map(|m| m.name.clone())
                });
            let others = inside
                .iter()
                .filter(|m| !m.org && Some(&m.name) != importer.as_ref())
                .count();
            if exporter.is_none()
                && importer.is_some()
                && others == 0
                && fig.kind != super::RawKind::Share
            {
                // "India imported 4.9 million bpd overall": the reporting country, no partner
                r.subject = importer;
                r.total = true;
            } else {
                r.subject = exporter;
                r.counterpart = importer;
            }
        }
        Metric::Trade => {
            let mut names: Vec<String> = Vec::new();
            // "China-Russia trade", "China and Russia's trade": a pair before the word
            let pair = match before.as_slice() {
                [.., x, y] if PAIR_GAP.is_match(&text[x.end..y.start]) => vec![*x, *y],
                [.., y] => vec![*y],
                [] => vec![],
            };
            for m in pair.into_iter().chain(after.iter().copied()) {
                if !names.contains(&m.name) {
                    names.push(m.name.clone());
                }
            }
            if before.is_empty() {
                names.sort_by_key(|n| inside.iter().position(|m| &m.name == n));
            }
            r.subject = names.first().cloned();
            r.counterpart = names.get(1).cloned();
        }
        _ => {
            r.subject = before
                .last()
                .map(|m| m.name.clone())
                .or_else(|| inside.first().map(|m| m.name.clone()));
        }
    }
    if r.subject.is_some() && r.subject == r.counterpart {
        r.counterpart = None;
    }
    r
}

/// Whether the name at `at` follows a destination preposition: "to Russia", "nach Kirgistan".
fn destination(text: &str, at: usize) -> bool {
    let head = super::left_window(text, at, 12).to_lowercase();
    let head = head.trim_end();
    let head = ["the", "der", "die", "dem", "den"]
        .iter()
        .find_map(|a| head.strip_suffix(a).filter(|g| g.ends_with(' ')))
        .unwrap_or(head)
        .trim_end();
    ["to", "nach", "into", "в", "до"]
        .iter()
        .any(|p| head == *p || head.ends_with(&format!(" {p}")))
}

/// Fills parties a clause leaves implicit from the previous reading: "while imports were down"
/// (both, swapped when the flow turns round), "Imports from Russia rose" (the importer).
pub(super) fn complete(r: &mut Reading, p: &Reading, clause: &str) {
    if r.total {
        return;
    }
    // "EU institutions ... account for €133 billion" after aid to Ukraine: still aid
    if r.metric.is_none() && p.aid {
        r.metric = p.metric;
        r.aid = true;
    }
    // "EUR 1.5 billion in loans from the European Union": the recipient named before
    if r.aid && p.aid {
        if r.counterpart.is_none() {
            r.counterpart = p
                .counterpart
                .clone()
                .filter(|c| Some(c) != r.subject.as_ref());
        }
        return;
    }
    // "Exports of goods fell 28.3% ..., while imports of goods rose 11.7%": the same country's
    // totals
    if p.total
        && r.subject.is_none()
        && r.counterpart.is_none()
        && matches!(r.metric, Some(Metric::Imports | Metric::Exports))
    {
        r.subject = p.subject.clone();
        r.total = true;
        return;
    }
    // "with Russia supplying 2.1 million bpd, or 44% of the country's imports": an "or" restates
    // the same flow from the other side
    let restated = ["or ", "oder ", "или ", "або "]
        .iter()
        .any(|w| clause.trim_start().starts_with(w));
    let flip = !restated
        && matches!(
            (r.metric, p.metric),
            (Some(Metric::Imports), Some(Metric::Exports))
                | (Some(Metric::Exports), Some(Metric::Imports))
        );
    // "Exports of goods fell 18.1% ..., while imports rose 14.4%": the other direction of a
    // flow without a partner is the same country's total
    if flip && p.counterpart.is_none() && r.subject.is_none() && r.counterpart.is_none() {
        r.subject = p.subject.clone();
        r.total = true;
        return;
    }
    let (ps, pc) = if flip {
        (p.counterpart.clone(), p.subject.clone())
    } else {
        (p.subject.clone(), p.counterpart.clone())
    };
    match (&r.subject, &r.counterpart) {
        (None, None) => {
            r.subject = ps;
            r.counterpart = pc;
        }
        (Some(s), None)
            if r.metric == Some(Metric::Imports)
                && !clause.contains("total")
                && !clause.contains("overall") =>
        {
            let other = [ps, pc].into_iter().flatten().find(|n| n != s);
            r.counterpart = other;
        }
        (None, Some(c)) => {
            r.subject = [ps, pc].into_iter().flatten().find(|n| n != c);
        }
        // "Iraq shipped 870,000 bpd" after "India's imports of Russian crude": same importer
        (Some(s), None)
            if r.metric == Some(Metric::Exports)
                && matches!(
                    p.metric,
                    Some(Metric::Imports | Metric::ShareOfImports | Metric::Exports)
                )
                && !clause.contains("total")
                && !clause.contains("overall") =>
        {
            r.counterpart = p.counterpart.clone().filter(|c| c != s);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::{extract, Document, Metric};
    use super::{Regex, METRIC_GROUPS, METRIC_TAIL, METRIC_WORDS};

    /// Metric words are searched only at word starts whose first bytes begin one (or that hold a
    /// compound's tail).
    #[test]
    fn metric_words_filter_word_starts() {
        assert!(METRIC_WORDS.filters_starts());
    }

    fn claims(text: &str) -> Vec<super::super::Claim> {
        let doc = Document {
            id: "t",
            text,
            title: None,
            published: chrono::NaiveDate::from_ymd_opt(2023, 7, 18),
            outlet: Some("Outlet"),
        };
        extract(&doc)
    }

    fn parties(text: &str, surface: &str) -> (Option<String>, Option<String>, Metric) {
        let c = claims(text)
            .into_iter()
            .find(|c| c.surface == surface)
            .unwrap_or_else(|| panic!("{surface} missing"));
        (c.subject, c.counterpart, c.metric)
    }

    /// A country's total imports have no partner (shared README): "India imported 4.9 million
    /// bpd overall" is India, null, not a flow from the previous sentence's exporter.
    /// The metric lexicon searched word start by word start (with its start filter) finds what
    /// the one unanchored regex finds, on article-like and random text.
    #[test]
    fn metric_words_match_like_the_whole_regex() {
        let body = METRIC_GROUPS.map(|g| format!("({g})")).join("|");
        let whole = Regex::new(&format!(
            r"(?i)(?:^|[^\p{{L}}\p{{N}}])(?:{body}){METRIC_TAIL}"
        ))
        .unwrap();
        let check = |text: &str| {
            let want: Vec<_> = whole
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            let got: Vec<_> = METRIC_WORDS
                .find_iter(text)
                .map(|f| (f.start, f.end))
                .collect();
            assert_eq!(got, want, "{text:?}");
        };
        check("Russian Waffenexporte and Energieeinnahmen rose; Rüstungsausgaben, EXPORTS");
        check("Exports to China, imports from India, НГД доходы, ſales to, Hilfe");
        let pieces = [
            "ex",
            "port",
            "s",
            "e",
            "im",
            "Aus",
            "fuhren",
            "gaben",
            "ein",
            "nahmen",
            "sales",
            " ",
            "  to",
            "\u{17f}",
            "\u{212a}",
            "trade",
            "ö",
            "НГД",
            "торгов",
            "ля",
            "_",
            "1",
            ",",
            "-",
            "aid",
            "price",
            "d",
            "Waffen",
            "lieferungen",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 9) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state >> 8) as usize % pieces.len()]);
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            check(&text);
        }
    }

    #[test]
    fn total_imports_keep_no_partner() {
        let t = "Russia supplied 2.1 million bpd to India in June. India imported 4.9 million bpd of crude overall in June.";
        assert_eq!(
            parties(t, "4.9 million bpd"),
            (Some("India".into()), None, Metric::Imports)
        );
    }

    /// Domestic sales are not imports: "Russians bought 687,000 new cars".
    #[test]
    fn domestic_sales_are_metric_other() {
        let t = "Russians bought 687,000 new cars in January-June.";
        let (s, c, m) = parties(t, "687,000 new cars");
        assert_eq!((s.as_deref(), c, m), (Some("Russia"), None, Metric::Other));
    }

    /// "trade deficit" is a measure of its own, not a trade flow.
    #[test]
    fn trade_deficit_is_not_trade() {
        let t = "Ukraine's imports rose 14.4% in 2022, leaving a trade deficit of $27.5 billion.";
        let c = claims(t)
            .into_iter()
            .find(|c| c.surface == "$27.5 billion")
            .expect("deficit figure");
        assert_eq!(
            (c.metric, c.item.as_deref()),
            (Metric::Other, Some("trade deficit"))
        );
    }

    /// Aid: the donor after "from", the recipient before "received".
    #[test]
    fn aid_donor_and_recipient() {
        let t = "Ukraine received USD 4.2 billion in external financing in March, including USD 1.25 billion in grants from the United States.";
        let (s, c, _) = parties(t, "USD 4.2 billion");
        assert_eq!((s, c.as_deref()), (None, Some("Ukraine")));
        let (s, _, _) = parties(t, "USD 1.25 billion");
        assert_eq!(s.as_deref(), Some("United States"));
    }

    /// "Exports fell ..., while imports rose ..." with no partner: both are the same country's
    /// totals (it used to turn the imports round into a flow into that country).
    #[test]
    fn other_direction_of_a_total_stays_a_total() {
        let t = "Ukraine's economy grew in 2023. Exports of goods fell by 18.1% to $36 billion in 2023, while imports rose 14.4% to $63.5 billion.";
        let (s, c, m) = parties(t, "14.4%");
        assert_eq!(
            (s.as_deref(), c, m),
            (Some("Ukraine"), None, Metric::Imports)
        );
    }

    /// "Die Ausfuhren nach Kasachstan (plus 38 Prozent) und Armenien (plus 65,3 Prozent)": the
    /// bracketed figure is the name's before it, not the previous partner's.
    #[test]
    fn bracketed_figure_belongs_to_the_name_before_it() {
        let t = "Die deutschen Ausfuhren nach Kasachstan (plus 38 Prozent) und Armenien (plus 65,3 Prozent) legten zu.";
        let (s, c, _) = parties(t, "65,3 Prozent");
        assert_eq!(
            (s.as_deref(), c.as_deref()),
            (Some("Germany"), Some("Armenia"))
        );
    }

    /// A name after "nach"/"to" before the export word is the destination, not the exporter.
    #[test]
    fn destination_before_the_export_word_is_not_the_exporter() {
        let t = "Nach Kirgistan gingen 2023 deutsche Exporte im Wert von 563 Mio. Euro.";
        let (s, c, _) = parties(t, "563 Mio. Euro");
        assert_eq!(
            (s.as_deref(), c.as_deref()),
            (Some("Germany"), Some("Kyrgyzstan"))
        );
    }

    /// A budget figure in roubles with no name in its clause is Russia's, not the previous
    /// sentence's party (the EU of "the cap imposed by the EU").
    #[test]
    fn national_currency_names_the_country_of_a_budget_figure() {
        let t = "The EU imposed a $60 cap on crude. The Finance Ministry expects oil and gas revenue of 8.9 trillion rubles this year.";
        let (s, _, m) = parties(t, "8.9 trillion rubles");
        assert_eq!((s.as_deref(), m), (Some("Russia"), Metric::Revenue));
    }
}
