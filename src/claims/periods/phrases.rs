//! Fixed relative time phrases ("the same period last year", "since the start of the war",
//! "в прошлом году") matched over tokens.
//!
//! A phrase is a list of slots; each slot lists alternatives and may be optional (`?` first).
//! An alternative is words separated by spaces; inside a word `-` matches a hyphen or a space
//! ("year-on-year" also reads "year on year"), `/` matches a slash ("y/y"), and a trailing `*`
//! matches any ending ("аналогичн*").

use std::sync::LazyLock;

use super::super::tokens::{class, Classes, FastMap, Toks};
use super::{Expr, Rel};

type Slot = &'static [&'static str];

struct Phrase {
    slots: &'static [Slot],
    expr: Expr,
}

const fn p(slots: &'static [Slot], rel: Rel) -> Phrase {
    Phrase {
        slots,
        expr: Expr::Rel(rel),
    }
}

const RUSSIAS: Slot = &["?", "the", "russia's", "russia’s"];
const FULL_SCALE: Slot = &["?", "full-scale"];

static PHRASES: &[Phrase] = &[
    p(
        &[
            &["?", "the"],
            &["same"],
            &["period", "month", "quarter", "months"],
            &["?", "of", "in"],
            &[
                "last year",
                "a year earlier",
                "a year ago",
                "a year before",
                "the previous year",
                "the prior year",
                "the year before",
            ],
        ],
        Rel::SamePeriodLastYear,
    ),
    // "down from 33.2 million tons at the same point of the previous season", "in the previous
    // season": the main period one season (a year) back
    p(
        &[
            &["?", "at", "in", "over"],
            &["?", "the"],
            &["?", "same"],
            &["?", "point", "period", "time"],
            &["?", "of", "in"],
            &["the previous season", "the prior season", "last season"],
        ],
        Rel::SamePeriodLastYear,
    ),
    p(
        &[&[
            "прошлого сезона",
            "предыдущего сезона",
            "минулого сезону",
            "попереднього сезону",
        ]],
        Rel::SamePeriodLastYear,
    ),
    p(&[&["vorjahreszeitraum*"]], Rel::SamePeriodLastYear),
    p(
        &[&["аналогичн*"], &["период*"], &["прошлого года"]],
        Rel::SamePeriodLastYear,
    ),
    p(
        &[&["аналогічн*"], &["період*"], &["минулого року"]],
        Rel::SamePeriodLastYear,
    ),
    p(
        &[&[
            "year-on-year",
            "year-over-year",
            "y/y",
            "yoy",
            "on the year",
            "a year earlier",
            "a year before",
            "the previous year",
            "the year before",
            "the prior year",
        ]],
        Rel::YearEarlier,
    ),
    p(&[&["?", "im"], &["vorjahr", "vorjahres"]], Rel::YearEarlier),
    p(
        &[&[
            "годом ранее",
            "в годовом выражении",
            "роком раніше",
            "у річному вимірі",
        ]],
        Rel::YearEarlier,
    ),
    p(&[&["?", "exactly"], &["a year ago"]], Rel::YearAgoPoint),
    p(&[&["год назад", "рік тому"]], Rel::YearAgoPoint),
    p(&[&["last year"]], Rel::LastYear),
    p(
        &[
            &["?", "im"],
            &["vergangenen", "letzten", "vorigen"],
            &["jahr", "jahres"],
        ],
        Rel::LastYear,
    ),
    p(&[&["?", "в"], &["прошлом году"]], Rel::LastYear),
    p(
        &[&["прошлого года", "минулого року", "торік"]],
        Rel::LastYear,
    ),
    p(&[&["?", "у"], &["минулому році"]], Rel::LastYear),
    p(&[&["so far this year", "year-to-date"]], Rel::YearToDate),
    p(&[&["earlier this year"]], Rel::EarlierThis(false)),
    p(&[&["earlier this month"]], Rel::EarlierThis(true)),
    p(&[&["later this year"]], Rel::LaterThis(false)),
    p(&[&["later this month"]], Rel::LaterThis(true)),
    p(&[&["this year"], &["so far", "to date"]], Rel::YearToDate),
    p(
        &[
            &["since"],
            &["the start of", "the beginning of", "the turn of"],
            &["the", "this"],
            &["year"],
        ],
        Rel::YearToDate,
    ),
    p(
        &[&[
            "seit jahresbeginn",
            "seit jahresanfang",
            "seit beginn des jahres",
            "seit anfang des jahres",
            "с начала года",
            "з початку року",
        ]],
        Rel::YearToDate,
    ),
    p(
        &[
            &["с начала", "з початку"],
            &["этого", "текущего", "цього", "поточного"],
            &["года", "року"],
        ],
        Rel::YearToDate,
    ),
    p(
        &[&[
            "for the year",
            "for the full year",
            "for the whole year",
            "im gesamtjahr",
            "за год",
            "за рік",
        ]],
        Rel::ForYear,
    ),
    p(&[&["this year"]], Rel::ThisYear),
    p(
        &[
            &["?", "in"],
            &["diesem", "dieses", "laufenden"],
            &["jahr", "jahres"],
        ],
        Rel::ThisYear,
    ),
    p(&[&["?", "в"], &["этом году"]], Rel::ThisYear),
    p(&[&["этого", "текущего"], &["года"]], Rel::ThisYear),
    p(&[&["?", "у"], &["цьому році"]], Rel::ThisYear),
    p(&[&["цього", "поточного"], &["року"]], Rel::ThisYear),
    p(
        &[&[
            "next year",
            "nächsten jahr",
            "kommenden jahr",
            "kommendes jahr",
            "в будущем году",
            "наступному році",
            "в следующем году",
            "наступного року",
        ]],
        Rel::NextYear,
    ),
    p(
        &[&[
            "last month",
            "the previous month",
            "vormonat",
            "в прошлом месяце",
            "минулого місяця",
        ]],
        Rel::LastMonth,
    ),
    p(
        &[&[
            "next month",
            "upcoming month",
            "the coming month",
            "the following month",
            "nächsten monat",
            "в следующем месяце",
            "наступного місяця",
        ]],
        Rel::NextMonth,
    ),
    p(
        &[&[
            "this month",
            "diesen monat",
            "в этом месяце",
            "цього місяця",
        ]],
        Rel::ThisMonth,
    ),
    p(
        &[
            &["since"],
            &["?", "the"],
            &["start", "beginning", "outbreak", "onset"],
            &["of"],
            RUSSIAS,
            FULL_SCALE,
            &["war", "invasion"],
        ],
        Rel::SinceWar,
    ),
    p(
        &[
            &["since"],
            RUSSIAS,
            FULL_SCALE,
            &["invasion"],
            &["?", "of ukraine"],
        ],
        Rel::SinceWar,
    ),
    p(
        &[
            &["seit"],
            &["beginn", "anfang", "ausbruch"],
            &["des"],
            &["krieges", "angriffskrieges"],
        ],
        Rel::SinceWar,
    ),
    p(
        &[
            &["с начала", "з початку"],
            &[
                "?",
                "полномасштабной",
                "полномасштабного",
                "повномасштабної",
                "повномасштабного",
            ],
            &["войны", "вторжения", "війни", "вторгнення"],
        ],
        Rel::SinceWar,
    ),
    p(
        &[
            &["before", "prior to"],
            &["?", "the start of"],
            RUSSIAS,
            FULL_SCALE,
            &["war", "invasion"],
            &["?", "of ukraine", "in ukraine"],
        ],
        Rel::BeforeWar,
    ),
    p(&[&["pre-war", "pre-invasion"]], Rel::BeforeWar),
    p(
        &[
            &["vor"],
            &["?", "dem"],
            &["krieg", "kriegsbeginn", "einmarsch", "der invasion"],
        ],
        Rel::BeforeWar,
    ),
    p(
        &[
            &["до"],
            &["?", "начала", "початку"],
            &["?", "полномасштабного", "повномасштабного"],
            &["войны", "вторжения", "війни", "вторгнення"],
        ],
        Rel::BeforeWar,
    ),
    p(
        &[&[
            "now",
            "currently",
            "at present",
            "today",
            "at the moment",
            "derzeit",
            "aktuell",
            "inzwischen",
            "сейчас",
            "в настоящее время",
            "зараз",
            "наразі",
        ]],
        Rel::Now,
    ),
];

/// One alternative of a slot, split once: its words and the piece its first word starts with.
struct Alt {
    /// The first word up to a space, hyphen or slash, without a trailing `*`.
    first: &'static str,
    /// True when the first word is a stem (`аналогичн*`): a token need only start with `first`.
    stem: bool,
    words: Vec<&'static str>,
}

struct Compiled {
    optional: bool,
    alts: Vec<Alt>,
}

/// Phrases split into words once, and indexed by the words they can start with; `*` stems are
/// kept apart and tried by prefix.
struct Index {
    phrases: Vec<Vec<Compiled>>,
    /// Per phrase, a cheap necessary test: the last pieces of its first required slot's
    /// alternatives, one of which must be a token within `reach` tokens of the start; `None`
    /// where a stem ends an alternative.
    keys: Vec<Option<(Vec<&'static str>, usize)>>,
    /// The largest `reach` of `keys`.
    max_reach: usize,
    words: FastMap<&'static str, Vec<usize>>,
    stems: Vec<(&'static str, usize)>,
}

fn compile(slot: Slot) -> Compiled {
    let (optional, alts) = split_slot(slot);
    let alts = alts
        .iter()
        .map(|alt| {
            let words: Vec<&'static str> = alt.split(' ').collect();
            let head = words.first().copied().unwrap_or("");
            let (head, stem) = match head.strip_suffix('*') {
                Some(s) => (s, true),
                None => (head, false),
            };
            let first = head.split(['-', '/']).next().unwrap_or(head);
            Alt { first, stem, words }
        })
        .collect();
    Compiled { optional, alts }
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut ix = Index {
        phrases: PHRASES
            .iter()
            .map(|ph| ph.slots.iter().map(|s| compile(s)).collect())
            .collect(),
        keys: Vec::new(),
        max_reach: 0,
        words: FastMap::default(),
        stems: Vec::new(),
    };
    ix.keys = ix.phrases.iter().map(|slots| key_of(slots)).collect();
    ix.max_reach = ix.keys.iter().flatten().map(|k| k.1).max().unwrap_or(0);
    for (k, slots) in ix.phrases.iter().enumerate() {
        for slot in slots {
            for alt in &slot.alts {
                if alt.stem {
                    ix.stems.push((alt.first, k));
                } else {
                    let v = ix.words.entry(alt.first).or_default();
                    if !v.contains(&k) {
                        v.push(k);
                    }
                }
            }
            if !slot.optional {
                break;
            }
        }
    }
    ix
});

/// Tokens an alternative can span at most: each hyphen or slash may add a punctuation token.
fn max_tokens(alt: &Alt) -> usize {
    alt.words
        .iter()
        .map(|w| 2 * w.split(['-', '/']).count() - 1)
        .sum()
}

fn key_of(slots: &[Compiled]) -> Option<(Vec<&'static str>, usize)> {
    let mut reach = 0;
    for slot in slots {
        reach += slot.alts.iter().map(max_tokens).max().unwrap_or(0);
        if slot.optional {
            continue;
        }
        let mut keys = Vec::new();
        for alt in &slot.alts {
            let last = alt.words.last()?;
            if last.ends_with('*') {
                return None;
            }
            let piece = last.rsplit(['-', '/']).next().unwrap_or(last);
            if !keys.contains(&piece) {
                keys.push(piece);
            }
        }
        return Some((keys, reach));
    }
    None
}

fn split_slot(slot: Slot) -> (bool, Slot) {
    match slot.first() {
        Some(&"?") => (true, &slot[1..]),
        _ => (false, slot),
    }
}

/// Matches one word of an alternative at token `i`; returns the next token.
fn word_at(t: &Toks<'_>, i: usize, w: &str) -> Option<usize> {
    if let Some(stem) = w.strip_suffix('*') {
        return t.word(i).filter(|x| x.starts_with(stem)).map(|_| i + 1);
    }
    // "year-on-year", "y/y": pieces joined by a glued hyphen or slash (a hyphen may be a space)
    let mut j = i;
    let mut rest = w;
    loop {
        let cut = rest.find(['-', '/']).unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(cut);
        if t.word(j) != Some(piece) {
            return None;
        }
        j += 1;
        let Some(sep) = tail.chars().next() else {
            return Some(j);
        };
        rest = &tail[1..];
        if t.punct(j, sep) && t.glued(j) && t.glued(j + 1) {
            j += 1;
        } else if sep != '-' || t.glued(j) {
            return None;
        }
    }
}

/// Matches `alt` at token `i`, whose word is `w`; returns the next token.
fn alt_at(t: &Toks<'_>, i: usize, w: &str, alt: &Alt) -> Option<usize> {
    // most alternatives fail on their first word
    let fits = if alt.stem {
        w.starts_with(alt.first)
    } else {
        w == alt.first
    };
    if !fits {
        return None;
    }
    let mut j = i;
    for w in &alt.words {
        j = word_at(t, j, w)?;
    }
    Some(j)
}

fn slots_at(t: &Toks<'_>, i: usize, slots: &[Compiled]) -> Option<usize> {
    let Some((slot, rest)) = slots.split_first() else {
        return Some(i);
    };
    if let Some(w) = t.word(i) {
        for alt in &slot.alts {
            if let Some(j) = alt_at(t, i, w, alt) {
                if let Some(end) = slots_at(t, j, rest) {
                    return Some(end);
                }
            }
        }
    }
    if slot.optional {
        return slots_at(t, i, rest);
    }
    None
}

/// Registers the words and stems a phrase can start with as `class::PHRASE`.
pub(super) fn add_classes(c: &mut Classes) {
    c.words(class::PHRASE, INDEX.words.keys());
    c.stems(class::PHRASE, INDEX.stems.iter().map(|s| s.0));
    for (keys, _) in INDEX.keys.iter().flatten() {
        c.words(class::PHRASE_KEY, keys);
    }
}

/// Every phrase that matches at token `i`: (first token, end token, expression).
pub(super) fn at(t: &Toks<'_>, i: usize, out: &mut Vec<(usize, usize, Expr)>) {
    let Some(w) = t.word(i) else { return };
    if !t.has(i, class::PHRASE) {
        return;
    }
    let ix = &*INDEX;
    // every key is a `PHRASE_KEY` word: none of a phrase's keys lies before the first of them
    let first_key = (i..(i + ix.max_reach).min(t.len())).find(|&j| t.has(j, class::PHRASE_KEY));
    let mut try_phrase = |k: usize| {
        if let Some((keys, reach)) = &ix.keys[k] {
            let end = (i + reach).min(t.len());
            let Some(from) = first_key.filter(|&f| f < end) else {
                return;
            };
            let key = |j: usize| {
                t.has(j, class::PHRASE_KEY) && t.word(j).is_some_and(|w| keys.contains(&w))
            };
            if !(from..end).any(key) {
                return;
            }
        }
        if let Some(j) = slots_at(t, i, &ix.phrases[k]) {
            out.push((i, j, PHRASES[k].expr));
        }
    };
    if let Some(ids) = ix.words.get(w) {
        ids.iter().for_each(|&k| try_phrase(k));
    }
    for &(stem, k) in &ix.stems {
        if w.starts_with(stem) {
            try_phrase(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Vec<(String, Expr)> {
        let t = Toks::new(s);
        let mut out = Vec::new();
        for i in 0..t.len() {
            at(&t, i, &mut out);
        }
        out.into_iter()
            .map(|(i, j, e)| {
                let (a, b) = t.span(i, j);
                (s[a..b].to_string(), e)
            })
            .collect()
    }

    #[test]
    fn phrases_with_optional_words_hyphens_and_stems() {
        let r =
            read("up 5% year-on-year and 3% y/y, since Russia's full-scale invasion of Ukraine");
        let s: Vec<&str> = r.iter().map(|x| x.0.as_str()).collect();
        assert!(s.contains(&"year-on-year"), "{s:?}");
        assert!(s.contains(&"y/y"), "{s:?}");
        assert!(
            s.contains(&"since Russia's full-scale invasion of Ukraine"),
            "{s:?}"
        );
        let r = read("по сравнению с аналогичным периодом прошлого года");
        assert_eq!(r[0].0, "аналогичным периодом прошлого года");
        assert!(read("nowhere to go").is_empty());
        assert_eq!(read("before the war")[0].0, "before the war");
    }

    #[test]
    fn key_words_do_not_hide_phrases_with_long_optional_openings() {
        let r = read("output fell from 33.2 million tons at the same point of the previous season");
        let s: Vec<&str> = r.iter().map(|x| x.0.as_str()).collect();
        assert!(
            s.contains(&"at the same point of the previous season"),
            "{s:?}"
        );
        // the filter only skips work: a phrase still needs all of its required words
        assert!(read("at the time of a poor season").is_empty());
    }
}
