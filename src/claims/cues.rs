//! Lexical cues the claim builder reads around a figure: comparison and back-reference words,
//! the words that bind a good or a share's whole to a figure, asides and brackets, and the item
//! vocabulary (measures, levels, goods).
//!
//! ```text
//! "..., which provided 46%"          RELATIVE      -> about the name before the clause
//! "€17 billion in grants"            BOUND_GOOD    -> item grants
//! "- a category it barely produces -" is_aside     -> its words govern no figure outside it
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::Mention;
use super::{RawClaim, RawKind};

pub(super) static BACK_REF: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}\p{N}])(?:during\s+(?:this|that|the\s+same)\s+period|in\s+(?:the\s+same|this|that)\s+period|over\s+(?:the\s+same|this|that)\s+period|in\s+that\s+(?:month|year|quarter)|that\s+month|over\s+that\s+time|im\s+selben\s+Zeitraum|im\s+gleichen\s+Zeitraum|за\s+(?:этот|тот\s+же|аналогичный)\s+период|за\s+(?:цей|той\s+самий)\s+період)(?:[^\p{L}\p{N}]|$)",
    )
});

pub(super) static HEDGE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}\p{N}])(estimates?|estimated|could|may|might|reportedly|allegedly|expected\s+to|forecasts?|projected|likely|probably|possibly|rumou?red|unconfirmed|schätzt|vermutlich|angeblich|по\s+оценкам|предположительно|якобы|може|ймовірно|нібито|за\s+оцінками)(?:[^\p{L}\p{N}]|$)",
    )
});

pub(super) static OF_DENOMINATOR: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^\s*(?:(?:of|des|der|от|від)\s+)?(?:(?:its|the|their|Russia's|the\s+country's)\s+)?(?:total\s+)?$",
    )
});

/// Whether a good named earlier keeps applying in later paragraphs.
pub(super) const ITEM_CARRY_ACROSS: bool = false;

/// A sentence that opens on what the one before measured: "The volume", "These shipments",
/// "Этот объем", "Цей обсяг", "Diese Menge".
pub(super) static OPENS_ON_PREVIOUS: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"^(?i:the|this|these|that|those)\s+(?:volume|total|amount|figure|shipments|deliveries|supplies|exports|imports)\b|^(?:Этот|Эти|Этого|Цей|Ці|Цього|Diese|Dieser|Dieses)\s+(?:объ[её]м\w*|обсяг\w*|поставк\w*|постачан\w*|Menge\w*|Lieferung\w*|Volumen)",
    )
});

/// A share given as a part of a whole named before: "accounted for 49% of the total, followed by
/// oil products (28%)", "на долю ... от общего объёма".
pub(super) static PART_OF_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)\bof the total\b|\bfollowed by\b|от общего|від загальн\w*|\b(?:am|des) Gesamt\w*",
    )
});

/// What a good is made from, right before the raw material: "much of them made from Russian
/// crude", "hergestellt aus russischem", "произведенных из российской".
pub(super) static MADE_FROM: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:made|produced|refined|derived|processed)\s+from\s+(?:[\p{L}-]+\s+){0,2}$|hergestellt\s+aus\s+(?:[\p{L}-]+\s+){0,2}$|(?:произведен\w*|изготовлен\w*|вироблен\w*)\s+(?:из|з)\s+(?:[\p{L}-]+\s+){0,2}$",
    )
});

/// The date of a publication or announcement right before it: "a report published on", "data
/// released on", "veröffentlicht am", "опубликованном".
pub(super) static EVENT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:published|released|issued|announced|unveiled|presented)\s+(?:on|in)\s*$|veröffentlicht\w*\s+am\s*$|опубликован\w*\s*$|оприлюднен\w*\s*$",
    )
});

/// A flow pointed back at: "these deliveries", "such imports", "those shipments".
pub(super) static THESE_FLOWS: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}])(?:these|such|those)\s+(?:[\p{L}-]+\s+)?(?:deliveries|shipments|imports|supplies|purchases)(?:[^\p{L}]|$)",
    )
});

/// A company referred back to: "the company", "the group", "компания", "das Unternehmen".
pub(super) static THE_COMPANY: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}])(?:[Tt]he\s+(?:company|group|firm|monopoly)|[Кк]омпани[яи]|[Кк]омпанія|[Кк]онцерн|das\s+Unternehmen|der\s+Konzern)(?:[^\p{L}]|$)",
    )
});

/// A share of a market or of sales: "of new car sales in Russia", "на рынке", "Marktanteil".
pub(super) static MARKET_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}])(?:sales|market|рынк\w*|рынок|ринк\w*|ринок|продаж\w*|Markt\w*|Absatz\w*)(?:[^\p{L}]|$)",
    )
});

/// A verb in the present perfect before a figure: "have narrowed to", "has frozen", "has built".
pub(super) static PRESENT_PERFECT: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}])(?:has|have)\s+(?:(?:now|already|so\s+far|since|also)\s+)?(?:\p{L}+ed|built|frozen|grown|risen|fallen|become|held|kept|paid|sold|bought|spent|lent|sent|seen|shrunk|taken)(?:[^\p{L}]|$)",
    )
});

/// A comparison period named after "than": "than in September", "чем в сентябре".
pub(super) static THAN_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}])(?:than|чем|ніж|als|compared\s+with|compared\s+to|порівняно\s+з|по\s+сравнению\s+с)\s*(?:in|during|at|в|у|im)?\s*(?:the\s+)?$",
    )
});

/// An export word inside a revenue clause.
pub(super) static EXPORT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(r"(?i)(?:^|[^\p{L}])(?:exports?|export-|Export\w*|экспорт\w*|експорт\w*)")
});

/// A baseline that means "the same span one year back".
pub(super) static YEAR_BACK: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)year[\s-]+on[\s-]+year|a\s+year\s+(?:earlier|ago|before)|y/y|yoy|same\s+(?:period|month|quarter|time)\s+(?:a\s+year\s+earlier|last\s+year|of\s+the\s+previous\s+year)|годом\s+ранее|аналогичн\w+\s+период\w*\s+прошлого\s+года|у\s+річному\s+вимірі|в\s+річному\s+вимірі|аналогічн\w+\s+період\w*\s+минулого\s+року|Vorjahr\w*",
    )
});

/// Words before a comparison figure: "from 15%", "after a 12.6% expansion", "против 19%", "з
/// 5,3%", "from as much as $30".
pub(super) static COMPARISON_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}])(?:from|from\s+just|from\s+only|after\s+an?|after|compared\s+with(?:\s+only)?|versus|vs\.?|against|против|порівняно\s+з|gegenüber|nach|von|с|со|з|із|від)(?:\s+(?:as\s+much\s+as|as\s+many\s+as|about|around|roughly|nearly|almost|more\s+than|over|some))?\s*$",
    )
});

/// The whole of a share named right after it: "of Russia's imports", "der Exporte", "от".
pub(super) static SHARE_WHOLE: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"^\s*(?:of|des|der|aller|от|від|из|із|в|у)\s"));

/// The make-up of a flow: "dominated by", "mostly", "mainly", "including", "such as".
pub(super) static COMPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^\s*(?:dominated\s+by|mostly|mainly|largely|chiefly|primarily|including|such\s+as|led\s+by|in\s+particular|vor\s+allem|darunter|в\s+основном|главным\s+образом|в\s+том\s+числе|переважно|зокрема|у\s+тому\s+числі)",
    )
});

/// A country's trade with the whole world: "foreign trade", "Außenhandel", "внешнеторгов".
pub(super) static FOREIGN_TRADE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)foreign\s+trade|external\s+trade|außenhandel|внешн\w+\s+торгов\w*|внешнеторгов\w*|зовнішн\w+\s+торгівл\w*|зовнішньоторговель\w*",
    )
});

/// What binds a good to the figure before it: "in", "of", "worth of", "an", "в виде".
pub(super) static BOUND_GOOD: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^\s*(?:in|of|worth\s+of|an|in\s+Form\s+von|в\s+виде|у\s+вигляді)\s+(?:(?:new|additional|fresh|military|neuen?|zusätzliche)\s+)?$",
    )
});

/// A relative clause: "which provided 46%", "der ... lieferte", "который", "який".
pub(super) static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(r"^\s*(?:which|that|who|der|die|das|который|которая|которое|які?й|яка|яке)\s")
});

/// A country's total flow: "overall", "in total", "insgesamt", "всего", "загалом".
pub(super) static TOTAL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}])(?:overall|in\s+total|total|insgesamt|gesamt\w*|всего|в\s+целом|общ\w+|загалом|загальн\w+|усього)(?:[^\p{L}]|$)",
    )
});

/// A money figure that is a price: per unit ("a barrel", "je Barrel", "за тонну") or a price cap
/// ("the $60 cap", "Preisobergrenze", "потолок").
pub(super) static PER_UNIT_PRICE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^(?:-|\s)*(?:a|per|an|pro|je|за)[\s-]+(?:barrel|tonne|ton|litre|liter|cubic|thousand\s+cubic|mwh|kwh|dollar|euro|Barrel|Tonne|баррел\w*|тонн\w*|барел\w*)|^\s*(?:price\s+)?cap\b|^\s*(?:Preisobergrenze|Preisdeckel)|^\s*потол\w*|^\s*стел\w*",
    )
});

/// Byte length of the headline when the text opens with one (the title, or a first line without
/// sentence punctuation followed by a blank line).
pub(super) fn headline_len(text: &str, title: Option<&str>) -> usize {
    let first = text.split('\n').next().unwrap_or("");
    let is_title = title.is_some_and(|t| !t.trim().is_empty() && first.trim() == t.trim());
    let looks_like = !first.trim_end().ends_with(['.', '!', '?', '"'])
        && text[first.len()..].starts_with("\n\n");
    if is_title || looks_like {
        first.len()
    } else {
        0
    }
}

/// A headline figure that the body repeats is one claim, not two: the body's copy is kept.
pub(super) fn drop_headline_repeats(text: &str, title: Option<&str>, figs: &mut Vec<RawClaim>) {
    let h = headline_len(text, title);
    if h == 0 {
        return;
    }
    let body: Vec<(RawKind, f64)> = figs
        .iter()
        .filter(|f| f.span[0] >= h)
        .map(|f| (f.kind, f.value.unwrap_or(0.0)))
        .collect();
    figs.retain(|f| {
        f.span[0] >= h
            || !body.iter().any(|(k, v)| {
                *k == f.kind && (*v - f.value.unwrap_or(0.0)).abs() <= 0.01 * v.abs().max(1e-9)
            })
    });
}

/// Whether a clause is an aside set off on both sides: "- a category the country barely
/// produces -", "(the top supplier)".
pub(super) fn is_aside(text: &str, c: (usize, usize)) -> bool {
    let head = text[..c.0].trim_end();
    let body = text[c.0..c.1].trim_start();
    let tail = body.trim_end();
    let opens = head.ends_with(['–', '—', '('])
        || head.ends_with(" -")
        || body.starts_with(['–', '—', '('])
        || body.starts_with("- ");
    let closes = tail.ends_with(['–', '—', ')']) || tail.ends_with(" -") || {
        let rest = text[c.1..].trim_start();
        rest.starts_with(['–', '—', ')']) || rest.starts_with("- ")
    };
    opens && closes
}

/// The place named right before the bracket that opens the clause at `at`: "Armenien (".
pub(super) fn name_before_bracket(text: &str, at: usize, places: &[Mention]) -> Option<String> {
    let head = text[..at].trim_end();
    let head = head.strip_suffix('(')?.trim_end();
    places
        .iter()
        .find(|m| !m.org && m.end == head.len())
        .map(|m| m.name.clone())
}

/// The donor named right after an aid figure, past a bracketed aside: "JPY 70 billion (about USD
/// 530 million) from Japan", "500 Millionen Euro von Deutschland".
pub(super) fn donor_after<'a>(
    text: &str,
    from: usize,
    to: usize,
    places: &'a [Mention],
) -> Option<&'a str> {
    let m = places
        .iter()
        .find(|m| !m.org && !m.adjective && m.start >= from && m.end <= to)?;
    let mut gap = String::new();
    let mut depth = 0usize;
    for c in text[from..m.start].chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => gap.push(c),
            _ => {}
        }
    }
    let gap = gap.to_lowercase();
    let gap = gap.trim();
    let gap = gap.strip_suffix(" the").unwrap_or(gap);
    matches!(gap, "from" | "von" | "від" | "от").then_some(m.name.as_str())
}

/// Items that are measures of their own rather than goods: their figures have metric `other`.
pub(super) fn is_measure(item: &str) -> bool {
    matches!(
        item,
        "budget deficit"
            | "trade deficit"
            | "trade surplus"
            | "current account surplus"
            | "key rate"
            | "international reserves"
            | "net private capital outflow"
            | "financing gap"
    )
}

/// Measures that are levels at a moment (a currency's rate, reserves, debt): their changes are
/// over an interval, not against a comparison period.
pub(super) fn is_level(item: &str) -> bool {
    matches!(
        item,
        "rouble" | "hryvnia" | "US dollar" | "international reserves" | "public debt" | "key rate"
    )
}

/// Goods that a flow can be about, as opposed to measures, budget lines and aid types.
pub(super) fn is_good(item: &str) -> bool {
    !is_measure(item)
        && !matches!(
            item,
            "oil and gas"
                | "defence"
                | "defence and security"
                | "law enforcement and national security"
                | "aid"
                | "military aid"
                | "loans"
                | "grants"
                | "budget support"
                | "external financing"
                | "GDP"
                | "consumer prices"
                | "minimum wage"
                | "rouble"
                | "hryvnia"
                | "US dollar"
        )
}
