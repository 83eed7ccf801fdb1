//! Multipliers and vague counts, read over tokens: "almost twice as many", "three times more",
//! "2-3 times less", "tenfold", "doubled", "в 2,8 раза", "grew 2.5 times"; "thousands of
//! deliveries".
//!
//! ```text
//! "six times more than"  -> ratio 6 x      "halved" -> ratio 0.5 x
//! "thousands of deliveries" -> count 1000 delivery (vague, at least)
//! ```

use super::super::numbers;

use super::super::tokens::{class, Classes, TokKind, Toks};
use super::super::{Approx, RawClaim, RawKind};
use super::{counted_noun, hedge_before, overlaps, singular};

/// A multiplier: value (already inverted for "less"), optional high end, span.
struct Mult {
    start: usize,
    end: usize,
    value: f64,
    high: Option<f64>,
}

const SMALL_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty",
];

/// The verb forms of a multiplier and their factors.
const VERB_FACTORS: &[(&str, f64)] = &[
    ("doubled", 2.0),
    ("doubling", 2.0),
    ("вдвое", 2.0),
    ("удвічі", 2.0),
    ("вдвічі", 2.0),
    ("tripled", 3.0),
    ("trebled", 3.0),
    ("tripling", 3.0),
    ("втрое", 3.0),
    ("втричі", 3.0),
    ("quadrupled", 4.0),
    ("вчетверо", 4.0),
    ("quintupled", 5.0),
    ("halved", 0.5),
    ("halving", 0.5),
    ("halbiert", 0.5),
];

const RU_ENDS: &[&str] = &["", "ся", "ась", "ись", "ось", "и", "а"];
const UK_ENDS: &[&str] = &["", "ася", "ися", "ося", "ся", "и", "а"];

/// Inflected verb forms: stem, the endings it takes (`None`: any), factor.
const VERB_STEMS: &[(&str, Option<&[&str]>, f64)] = &[
    ("verdoppel", None, 2.0),
    ("удвоил", Some(RU_ENDS), 2.0),
    ("подвоїл", Some(UK_ENDS), 2.0),
    ("verdreifach", None, 3.0),
    ("утроил", Some(RU_ENDS), 3.0),
];

/// Registers the multiplier word lists: the small numbers, the change verbs, and the words
/// that open a multiplier ("twice", the verb forms, "в" of "в 2,8 раза").
pub(super) fn add_classes(c: &mut Classes) {
    c.words(class::SMALL, SMALL_WORDS);
    c.words(class::CHANGE_VERB, CHANGE_VERBS);
    c.words(class::MULTIPLIER, ["twice", "thrice", "half", "в"]);
    c.words(class::MULTIPLIER, VERB_FACTORS.iter().map(|v| v.0));
    c.stems(class::MULTIPLIER, VERB_STEMS.iter().map(|v| v.0));
    c.words(class::TIMES, ["times", "x", "fold"]);
    c.words(class::VAGUE, VAGUE_WORDS.iter().map(|v| v.0));
}

/// A multiplier number at token `i` ("2", "2.5", "2,8", "three"): (next token, value).
fn mult_num(t: &Toks<'_>, i: usize) -> Option<(usize, f64)> {
    if let Some(w) = t.word(i) {
        if !t.has(i, class::SMALL) {
            return None;
        }
        return Some((i + 1, numbers::spelled_value(w)?.0));
    }
    let d = t.digits(i)?;
    // a decimal part glued with "." or ","
    if (t.punct(i + 1, '.') || t.punct(i + 1, ',')) && t.glued(i + 1) && t.glued(i + 2) {
        if let Some(f) = t.digits(i + 2) {
            let v: f64 = format!("{d}.{f}").parse().ok()?;
            return Some((i + 3, v));
        }
    }
    Some((i + 1, d.parse().ok()?))
}

/// "2-3", "2 to 3", "three": (next token, low, high).
fn mult_range(t: &Toks<'_>, i: usize) -> Option<(usize, f64, Option<f64>)> {
    let (j, lo) = mult_num(t, i)?;
    let sep = t.raw(j);
    if sep == "-" || sep == "–" || t.is(j, "to") {
        if let Some((k, hi)) = mult_num(t, j + 1) {
            return Some((k, lo, Some(hi)));
        }
    }
    Some((j, lo, None))
}

/// Words after "N times" that make it a multiplier; `Some(true)` for the downward ones.
fn comparative(t: &Toks<'_>, j: usize) -> Option<(usize, bool)> {
    let w = t.word(j)?;
    match w {
        "as" => t
            .is_any(
                j + 1,
                &["many", "much", "large", "big", "high", "fast", "long"],
            )
            .then_some((j + 2, false)),
        "the" => t.word(j + 1).map(|_| (j + 2, false)),
        "more" | "higher" | "larger" | "bigger" | "greater" | "over" => Some((j + 1, false)),
        "less" | "fewer" | "lower" | "smaller" | "cheaper" => Some((j + 1, true)),
        _ => None,
    }
}

/// The factor of a verb-form multiplier ("doubled", "verdoppelt", "удвоилась").
fn verb_factor(w: &str) -> Option<f64> {
    if let Some(&(_, f)) = VERB_FACTORS.iter().find(|v| v.0 == w) {
        return Some(f);
    }
    VERB_STEMS.iter().find_map(|&(stem, ends, f)| {
        let rest = w.strip_prefix(stem)?;
        ends.map_or(true, |ends| ends.contains(&rest)).then_some(f)
    })
}

/// The multiplier that starts at token `i`, if any.
fn at(t: &Toks<'_>, i: usize) -> Option<Mult> {
    let tok = t.toks[i];
    // a letter or digit glued before: inside a word or a number
    if tok.glued && i > 0 && t.toks[i - 1].kind != TokKind::Punct {
        return None;
    }
    let w = t.word(i);
    // a word opens a multiplier only when it is of these classes or ends in "fold"
    if tok.class & (class::MULTIPLIER | class::SMALL) == 0
        && w.is_some_and(|w| !w.ends_with("fold"))
    {
        return None;
    }
    let ends_ok = |j: usize| !(t.glued(j) && t.word(j).is_some());
    let span = |j: usize| (tok.start, t.toks[j - 1].end);
    // twice as many, half the size
    if let Some(v) = w.and_then(|w| match w {
        "twice" => Some(2.0),
        "thrice" => Some(3.0),
        "half" => Some(0.5),
        _ => None,
    }) {
        let j = i + 1;
        let as_many =
            t.is(j, "as") && t.is_any(j + 1, &["many", "much", "large", "big", "high", "fast"]);
        if !(as_many || (t.is(j, "the") && t.word(j + 1).is_some())) {
            return None;
        }
        let e = j + 2;
        if !ends_ok(e) {
            return None;
        }
        let (s, e) = span(e);
        return Some(Mult {
            start: s,
            end: e,
            value: v,
            high: None,
        });
    }
    if let Some(v) = w.and_then(verb_factor) {
        if !ends_ok(i + 1) {
            return None;
        }
        let (s, e) = span(i + 1);
        return Some(Mult {
            start: s,
            end: e,
            value: v,
            high: None,
        });
    }
    // tenfold, fivefold
    if let Some(v) = w
        .and_then(|w| w.strip_suffix("fold"))
        .filter(|n| SMALL_WORDS.contains(n))
        .and_then(numbers::spelled_value)
    {
        let (s, e) = span(i + 1);
        return Some(Mult {
            start: s,
            end: e,
            value: v.0,
            high: None,
        });
    }
    // в 2,8 раза
    if w == Some("в") {
        let (j, v) = mult_num(t, i + 1).filter(|_| t.digits(i + 1).is_some())?;
        if t.is_any(j, &["раз", "раза", "рази"]) && ends_ok(j + 1) {
            let (s, e) = span(j + 1);
            return Some(Mult {
                start: s,
                end: e,
                value: v,
                high: None,
            });
        }
        return None;
    }
    // N times more, 2-3 times less, 2x as many, 10-fold, 10 fold: "times", "x" or "fold"
    // comes at most eight tokens after digits ("2 . 5 - 3 . 5 - fold"); without one, their
    // value is not worth parsing
    if tok.kind == TokKind::Num && !(i + 1..=i + 8).any(|k| t.has(k, class::TIMES)) {
        return None;
    }
    let (j, lo, hi) = mult_range(t, i)?;
    if t.is(j, "fold") || (t.punct(j, '-') && t.glued(j) && t.is(j + 1, "fold")) {
        let e = if t.is(j, "fold") { j + 1 } else { j + 2 };
        if hi.is_some() || !ends_ok(e) {
            return None;
        }
        let (s, e) = span(e);
        return Some(Mult {
            start: s,
            end: e,
            value: lo,
            high: None,
        });
    }
    if !t.is_any(j, &["times", "x"]) {
        return None;
    }
    let (e, down) = comparative(t, j + 1)?;
    if !ends_ok(e) {
        return None;
    }
    let (s, e) = span(e);
    let inv = |v: f64| if down { 1.0 / v } else { v };
    Some(Mult {
        start: s,
        end: e,
        value: inv(lo),
        high: hi,
    })
}

const CHANGE_VERBS: &[&str] = &[
    "grew",
    "rose",
    "increased",
    "jumped",
    "surged",
    "climbed",
    "soared",
    "expanded",
    "multiplied",
    "fell",
    "dropped",
    "decreased",
    "shrank",
];

/// "grew 2.5 times", "rose by about 2-3 times": the "N times" after a change verb.
fn after_verb(t: &Toks<'_>, i: usize) -> Option<Mult> {
    if !t.has(i, class::CHANGE_VERB) {
        return None;
    }
    let mut j = i + 1;
    if t.is(j, "by") {
        j += 1;
    }
    if t.is_any(
        j,
        &[
            "about", "around", "nearly", "almost", "over", "some", "roughly",
        ],
    ) {
        j += 1;
    } else if t.is(j, "more") && t.is(j + 1, "than") {
        j += 2;
    }
    let (k, lo, hi) = mult_range(t, j)?;
    if !t.is(k, "times") || (t.glued(k + 1) && t.word(k + 1).is_some()) {
        return None;
    }
    let (s, e) = t.span(j, k + 1);
    Some(Mult {
        start: s,
        end: e,
        value: lo,
        high: hi,
    })
}

fn ratio(text: &str, m: &Mult) -> RawClaim {
    let (mut start, mut approx) = (m.start, Approx::Exact);
    if let Some((s, a)) = hedge_before(text, start) {
        start = s;
        approx = a;
    }
    let mut r = RawClaim::new(RawKind::Ratio, text, start, m.end);
    r.unit = Some("x".into());
    r.approx = approx;
    r.value = Some(m.value);
    if let Some(hi) = m.high {
        r.low = Some(m.value);
        r.high = Some(hi);
        r.value = Some((m.value + hi) / 2.0);
        if r.approx == Approx::Exact {
            r.approx = Approx::Approx;
        }
    }
    r
}

/// Every multiplier of a tokenised text.
pub(super) fn find(t: &Toks<'_>) -> Vec<RawClaim> {
    let text = t.text;
    let mut out: Vec<RawClaim> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match at(t, i) {
            Some(m) if m.value > 0.0 => {
                let mut r = ratio(text, &m);
                // "as many front-end loaders": the thing multiplied
                if let Some((_, phrase, _)) = counted_noun(text, m.end) {
                    r.item = Some(phrase);
                }
                out.push(r);
                i = t.toks.partition_point(|x| x.start < m.end);
            }
            _ => i += 1,
        }
    }
    for i in 0..t.len() {
        let Some(m) = after_verb(t, i) else { continue };
        if m.value <= 0.0 || out.iter().any(|r| overlaps(r.span, [m.start, m.end])) {
            continue;
        }
        out.push(ratio(text, &m));
    }
    out
}

const VAGUE_WORDS: &[(&str, f64)] = &[
    ("tens", 10.0),
    ("dozens", 12.0),
    ("hundreds", 100.0),
    ("thousands", 1e3),
    ("millions", 1e6),
    ("billions", 1e9),
];

/// "thousands of deliveries", "tens of thousands of people": vague counts (at least).
pub(super) fn vague(t: &Toks<'_>) -> Vec<RawClaim> {
    let text = t.text;
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !t.has(i, class::VAGUE) {
            i += 1;
            continue;
        }
        let start = i;
        let mut k = i;
        // "tens of thousands of", "hundreds of thousands of"
        if t.is_any(k, &["tens", "hundreds"])
            && t.is(k + 1, "of")
            && VAGUE_WORDS.iter().any(|(w, _)| t.is(k + 2, w))
        {
            k += 2;
        }
        let Some(&(_, v)) = VAGUE_WORDS
            .iter()
            .find(|(w, _)| t.is(k, w) && t.is(k + 1, "of"))
        else {
            i += 1;
            continue;
        };
        // the noun: ASCII letters and hyphens ("front-end")
        let n0 = k + 2;
        let mut n1 = n0;
        while t.word(n1).is_some_and(str::is_ascii) && (n1 == n0 || t.glued(n1)) {
            n1 += 1;
            if t.punct(n1, '-') && t.glued(n1) && t.glued(n1 + 1) && t.word(n1 + 1).is_some() {
                n1 += 1;
            } else {
                break;
            }
        }
        if n1 == n0 || t.toks[n1 - 1].end - t.toks[n0].start < 2 {
            i += 1;
            continue;
        }
        let (s, e) = t.span(start, n1);
        let noun = &text[t.toks[n0].start..e];
        let mut r = RawClaim::new(RawKind::Count, text, s, e);
        r.value = Some(v);
        r.unit = Some(singular(&noun.to_lowercase()));
        r.item = Some(noun.to_string());
        r.approx = Approx::AtLeast;
        r.vague = true;
        out.push(r);
        i = n1;
    }
    out
}
