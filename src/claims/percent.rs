//! Percentages and percentage points, and whether a percentage is a change or a level.
//!
//! `36%`, `36 percent`, `36 per cent`, `3.4 pct`, `2.5 percentage points`, `36 Prozent`,
//! `36 процентов`, `36 відсотків`. A percentage is a **change** when a change verb governs it
//! with `by` or nothing ("rose by 5%", "up 36% from", "fell 5%") or a change noun follows it
//! ("a 28.7% increase"); the sign comes from the verb. It is a **level** (a share) when it
//! follows `to`/`from` ("rose to 45%", "up from 25%") or nothing signals a change.

use std::sync::LazyLock;

use regex::Regex;

use super::RawKind;

static PCT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\s|\u{a0})?(%|percentage[\s-]points?|per\s?cent(?:age)?\s+points?|pct\.?\s+points?|p\.p\.|ppts?|pps|pp|basis\s+points?|bps|bp|per\s?cent|percent|pct\.?|Prozentpunkte?n?|Prozent|процентн(?:ых|ого|ый)\s+пункт(?:а|ов)?|п\.\s?п\.|процент(?:а|ов)?|відсотков(?:их|ого|ий)\s+пункт(?:и|ів)?|в\.\s?п\.|відсот(?:ок|ки|ків|ка))",
    )
    .expect("percent regex")
});

/// Percent unit right after `end`: (new end, unit "%" or "pp", factor).
pub(super) fn after(text: &str, end: usize) -> Option<(usize, &'static str, f64)> {
    let caps = PCT.captures(&text[end..])?;
    let m = caps.get(1)?;
    let word = m.as_str().to_lowercase();
    let next = text[end + m.end()..].chars().next();
    if word != "%" && !word.ends_with('.') && next.is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let (unit, factor) = if word.starts_with("basis") || word.starts_with("bp") {
        ("pp", 0.01)
    } else if word.contains("point")
        || word.starts_with("pp")
        || word.starts_with("p.p")
        || word.contains("punkt")
        || word.contains("пункт")
        || word.starts_with("п.")
        || word.starts_with("в.")
    {
        ("pp", 1.0)
    } else {
        ("%", 1.0)
    };
    Some((end + m.end(), unit, factor))
}

static UP_VERB: &str = r"rose|risen|rising|rises|rise|increased|increases|increasing|increase|grew|grown|growing|grows|jumped|jumps|jumping|surged|surges|surging|soared|soaring|climbed|climbing|gained|gains|added|up|expanded|expanding|accelerated|higher|advanced|rebounded|spiked|boosted|raised|raising|stieg|steigt|gestiegen|wuchs|gewachsen|zugelegt|legte|erhöhte|erhöht|вырос(?:ла|ли|ло)?|выросл[аио]|увеличил(?:ся|ась|ись|ось|и|а)?|прибавил[аио]?|зріс|зросл[аио]|зросте|збільшил(?:ася|ися|ося|ся|и|а)?";
static DOWN_VERB: &str = r"fell|fallen|falling|falls|fall|dropped|drops|dropping|drop|declined|declines|declining|decline|decreased|decreases|decreasing|decrease|slumped|slumping|plunged|plunging|plummeted|contracted|contracting|shrank|shrunk|shrinking|sank|sunk|tumbled|slid|sliding|down|lost|lower|cut|reduced|dipped|dropped|eased|gesunken|sank|fiel|gefallen|ging|zurückgegangen|schrumpfte|geschrumpft|verringerte|снизил(?:ся|ась|ись|ось|и|а)?|сократил(?:ся|ась|ись|ось|и|а)?|упал[аио]?|упал|уменьшил(?:ся|ась|ись|ось)?|знизил(?:ася|ися|ося|ся|и|а)?|скоротил(?:ася|ися|ося|ся|и|а)?|впав|впал[аи]|зменшил(?:ася|ися|ося|ся)?";

/// The last change verb before the figure and the words between: (direction, between).
static VERB_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}])(?:({UP_VERB})|({DOWN_VERB}))((?:\s+[^\s.;:!?]+){{0,6}}?)\s*$"
    ))
    .expect("change verb regex")
});

static NOUN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s-]*(?:(?:year[\s-]on[\s-]year|y/y|yoy|annual|annualised|annualized|on-year)\s+)?(?:(increase|rise|jump|growth|gain|surge|hike|climb|rally|more|higher|up|Anstieg|Plus|Zuwachs|рост|больше|зростання|більше)|(decrease|decline|drop|fall|slump|contraction|reduction|loss|cut|plunge|slide|less|lower|fewer|down|Rückgang|Minus|снижение|падение|сокращение|меньше|зниження|падіння|скорочення|менше))(?:[^\p{L}]|$)",
    )
    .expect("change noun regex")
});

static LEVEL_PREP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\s)(?:to|from|at|of|reach(?:ed|ing)?|auf|von|до|с|від|з)(?:\s|$)").expect("level prep regex")
});

/// Classifies a percentage from the text before and after it (both clipped to the clause).
/// Returns the kind and, for a change, the direction.
pub(super) fn classify(left: &str, right: &str, unit: &str) -> (RawKind, Option<i8>) {
    if let Some(c) = NOUN_AFTER.captures(right) {
        let dir = if c.get(1).is_some() { 1 } else { -1 };
        return (RawKind::Change, Some(dir));
    }
    if let Some(c) = VERB_BEFORE.captures(left) {
        let between = c.get(3).map_or("", |m| m.as_str());
        let dir = if c.get(1).is_some() { 1 } else { -1 };
        if !LEVEL_PREP.is_match(between) {
            return (RawKind::Change, Some(dir));
        }
        if unit == "pp" {
            return (RawKind::Change, Some(dir));
        }
        return (RawKind::Share, None);
    }
    if unit == "pp" {
        return (RawKind::Change, Some(1));
    }
    (RawKind::Share, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(after("36% of", 2), Some((3, "%", 1.0)));
        assert_eq!(after("36 percent of", 2), Some((10, "%", 1.0)));
        assert_eq!(after("36 per cent.", 2), Some((11, "%", 1.0)));
        assert_eq!(after("3.4 pct on", 3), Some((8, "%", 1.0)));
        assert_eq!(after("2.5 percentage points", 3), Some((21, "pp", 1.0)));
        assert_eq!(after("50 basis points", 2), Some((15, "pp", 0.01)));
        assert_eq!(after("36 Prozent", 2).map(|x| x.1), Some("%"));
        assert_eq!(after("36 процентов", 2).map(|x| x.1), Some("%"));
        assert_eq!(after("36 відсотків", 2).map(|x| x.1), Some("%"));
        assert_eq!(after("36 people", 2), None);
    }

    #[test]
    fn change_or_level() {
        use RawKind::*;
        assert_eq!(classify("exports increased by ", ",", "%"), (Change, Some(1)));
        assert_eq!(classify("total exports fell by ", ".", "%"), (Change, Some(-1)));
        assert_eq!(classify("billion, up ", " from", "%"), (Change, Some(1)));
        assert_eq!(classify("imports, up from ", " before", "%"), (Share, None));
        assert_eq!(classify("the share rose to ", ".", "%"), (Share, None));
        assert_eq!(classify("a ", " increase in", "%"), (Change, Some(1)));
        assert_eq!(classify("source of ", " of Russian imports", "%"), (Share, None));
        assert_eq!(classify("Экспорт снизился на ", ".", "%"), (Change, Some(-1)));
    }
}
