//! What follows a number: a physical unit ("tonnes", "barrels per day", "bcm", "млн тонн на
//! місяць") or a counted noun ("341,000 cars", "front-end loaders"), and the singular of a
//! counted noun.

use std::sync::LazyLock;

use regex::Regex;

use super::super::tokens::lowercase;

pub(super) static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(
        r"(?i)^(?:\s|\u{a0})?(?:(metric\s+)?(tonnes|tonne|tons|ton|mt|Mt|barrels|barrel|bbl|bpd|b/d|bcm|cubic\s+met(?:re|er)s|cubic\s+met(?:re|er)|cu\s?m|m3|kwh|mwh|gwh|twh|megawatts?|gigawatts?|mw|gw|kilometres|kilometers|km|kilograms|kg|litres|liters|millilit(?:re|er)s?|Tonnen|Barrel|Kubikmeter|тонн[аы]?|баррел(?:ей|я|ь)|кубометр(?:ов|а)?|куб\.\s?м|барел(?:ів|я|ь)|кубометр(?:ів|а)?))(?:\s+(?:a|per|pro|в)\s+(day|year|month|Tag|сутки|день|добу|год|рік))?(?:[^\p{L}]|$)",
    )
});

pub(super) fn per_name(p: &str) -> &'static str {
    match &*lowercase(p, &mut [0; 32]) {
        "day" | "tag" | "сутки" | "день" | "добу" => "day",
        "month" | "monat" | "місяць" | "месяц" => "month",
        _ => "year",
    }
}

pub(super) fn unit_name(u: &str) -> (&'static str, f64) {
    let mut buf = [0; 32];
    let l = lowercase(u, &mut buf);
    let l: &str = &l;
    if l.starts_with("barrel")
        || l == "bbl"
        || l == "bpd"
        || l == "b/d"
        || l.starts_with("баррел")
        || l.starts_with("барел")
    {
        ("barrel", 1.0)
    } else if l == "bcm" {
        ("cubic metre", 1e9)
    } else if l.starts_with("cubic")
        || l.starts_with("cu")
        || l == "m3"
        || l.starts_with("kubik")
        || l.starts_with("куб")
    {
        ("cubic metre", 1.0)
    } else if l == "mt" {
        ("tonne", 1e6)
    } else if l.ends_with("wh") {
        let f = match &l[..1] {
            "k" => 1.0,
            "m" => 1e3,
            "g" => 1e6,
            _ => 1e9,
        };
        ("kilowatt-hour", f)
    } else if l.starts_with("mega") || l == "mw" {
        ("megawatt", 1.0)
    } else if l.starts_with("giga") || l == "gw" {
        ("megawatt", 1e3)
    } else if l.starts_with("kilom") || l == "km" {
        ("kilometre", 1.0)
    } else if l.starts_with("kilog") || l == "kg" {
        ("kilogram", 1.0)
    } else if l.starts_with("millilit") {
        ("litre", 1e-3)
    } else if l.starts_with("lit") {
        ("litre", 1.0)
    } else {
        ("tonne", 1.0)
    }
}

/// Words that end a counted noun phrase.
const STOP: &[&str] = &[
    "a", "an", "the", "to", "from", "and", "or", "in", "of", "at", "for", "with", "by", "on",
    "than", "that", "which", "who", "were", "was", "is", "are", "be", "been", "have", "has", "had",
    "will", "would", "could", "can", "may", "this", "these", "those", "it", "its", "their", "as",
    "per", "into", "over", "under", "between", "against", "more", "less", "fewer", "year", "years",
    "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes",
    "decade", "decades", "times", "percent", "per cent", "times", "so", "but", "not", "since",
    "after", "before", "during", "while", "last", "next", "each", "every", "others", "such",
    "some", "all", "most", "many", "much", "out", "up", "down", "about", "only", "also", "just",
    "i", "we", "they", "he", "she", "you", "them", "there", "here", "when", "where", "if", "then",
    "said", "says", "say", "bis", "und", "oder", "mln", "bn", "am", "pm", "gmt", "utc", "km",
];

/// Modifiers skipped before the counted noun.
const MODIFIERS: &[&str] = &[
    "new",
    "used",
    "more",
    "additional",
    "extra",
    "military",
    "civilian",
    "russian",
    "chinese",
    "ukrainian",
    "foreign",
    "western",
    "european",
    "american",
    "iranian",
    "north",
    "korean",
    "armoured",
    "armored",
    "heavy",
    "light",
    "passenger",
    "combat",
    "battle",
    "main",
    "cargo",
    "modern",
    "old",
    "soviet",
    "german",
    "indian",
    "turkish",
    "belarusian",
    "brand-new",
];

static WORD: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(r"^(?:\s|\u{a0})+(\p{Ll}[\p{L}-]*\p{L}|\p{Lu}[\p{Ll}-]*\p{Ll})")
});

/// Group 1 of a `WORD` match at the start of `hay`, with its offset: the match without its
/// leading white space (`\u{a0}` is white space too, and the word starts with a letter), so the
/// capture search is not needed.
fn next_word(hay: &str) -> Option<(usize, &str)> {
    let m = WORD.find(hay)?;
    let w = m.as_str().trim_start();
    Some((m.end() - w.len(), w))
}

/// The counted noun after a number: (end, noun phrase as written, last noun).
pub(super) fn counted_noun(text: &str, end: usize) -> Option<(usize, String, String)> {
    let mut pos = end;
    let mut phrase_start = None;
    let mut last: Option<(usize, usize)> = None;
    for _ in 0..4 {
        let (at, w) = next_word(&text[pos..])?;
        let mut buf = [0; 32];
        let lw = lowercase(w, &mut buf);
        let (ws, we) = (pos + at, pos + at + w.len());
        if STOP.contains(&&*lw) {
            break;
        }
        if MODIFIERS.contains(&&*lw) || (lw.ends_with("ed") && lw.len() > 4) {
            phrase_start.get_or_insert(ws);
            pos = we;
            continue;
        }
        if w.chars().next().is_some_and(|c| c.is_uppercase()) {
            break;
        }
        phrase_start.get_or_insert(ws);
        last = Some((ws, we));
        pos = we;
        // a compound noun: "front-end loaders", "air defence systems" stop after the plural
        if lw.ends_with('s')
            || lw == "people"
            || lw == "aircraft"
            || lw == "personnel"
            || lw == "equipment"
        {
            break;
        }
    }
    let (ls, le) = last?;
    let noun = &text[ls..le];
    if !is_countable(noun) {
        return None;
    }
    let start = phrase_start.unwrap_or(ls);
    Some((
        le,
        text[start..le].to_string(),
        singular(&noun.to_lowercase()),
    ))
}

pub(super) static UNITS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(
        r"^(?:\s|\u{a0})+(units|штук|шт\.|единиц|одиниць|Stück|Einheiten)(?:[^\p{L}]|$)",
    )
});

fn is_countable(noun: &str) -> bool {
    let mut buf = [0; 32];
    let l = lowercase(noun, &mut buf);
    l.len() > 2
        && (l.ends_with('s')
            || matches!(
                &*l,
                "people" | "aircraft" | "personnel" | "troops" | "staff"
            ))
}

/// Singular lower-case form of an English plural noun.
pub(in super::super) fn singular(w: &str) -> String {
    match w {
        "people" => return "person".into(),
        "men" => return "man".into(),
        "women" => return "woman".into(),
        "children" => return "child".into(),
        "aircraft" | "personnel" | "staff" | "series" | "species" => return w.into(),
        _ => {}
    }
    if let Some(s) = w.strip_suffix("ies") {
        return format!("{s}y");
    }
    for suf in ["sses", "ches", "shes", "xes", "zes", "uses"] {
        if let Some(s) = w.strip_suffix(suf) {
            return format!("{s}{}", &suf[..suf.len() - 2]);
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w.into();
    }
    w.strip_suffix('s').unwrap_or(w).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word read off the match is group 1 of `WORD`, at every start of fixed and random
    /// texts.
    #[test]
    fn next_word_is_group_one() {
        let pieces = [
            "tanks",
            "Tanks",
            "front-end",
            "-",
            "\u{2003}",
            "\u{3000}",
            "\n",
            "ǅ",
            "ß",
            "Ёж",
            "ʰ",
            "\u{345}",
            "a",
            "Z",
            "é",
        ];
        let fixed = "5 front-end loaders,\u{a0}12\u{2003}Tanks 3  ǅx 4 \u{345}y";
        let mut found = 0;
        super::super::super::tokens::for_every_cut(&pieces, fixed, |text, at| {
            let hay = &text[at..];
            let want = WORD
                .captures(hay)
                .and_then(|c| c.get(1))
                .map(|g| (g.start(), g.as_str()));
            found += usize::from(want.is_some());
            assert_eq!(next_word(hay), want, "{hay:?}");
        });
        assert!(found > 1000, "{found}");
    }
}
