//! Percentages and percentage points, and whether a percentage is a change or a level.
//!
//! `36%`, `36 percent`, `36 per cent`, `3.4 pct`, `2.5 percentage points`, `36 Prozent`,
//! `36 процентов`, `36 відсотків`. A percentage is a **change** when a change verb governs it
//! with `by` or nothing ("rose by 5%", "up 36% from", "fell 5%") or a change noun follows it
//! ("a 28.7% increase"); the sign comes from the verb. It is a **level** (a share) when it
//! follows `to`/`from` ("rose to 45%", "up from 25%") or nothing signals a change.

use std::sync::LazyLock;

use regex::Regex;

use super::delimited::{captures_if, ByPrefix};
use super::tokens::lowercase;
use super::RawKind;

static PCT: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^(?:\s|\u{a0})?(%|percentage[\s-]points?|per\s?cent(?:age)?\s+points?|pct\.?\s+points?|p\.p\.|ppts?|pps|pp|basis\s+points?|bps|bp|percentages?|per\s?cents?|percents?|pct\.?|Prozentpunkte?n?|Prozent|процентн(?:ых|ого|ый)\s+пункт(?:а|ов)?|п\.\s?п\.|процент(?:а|ов)?|відсотков(?:их|ого|ий)\s+пункт(?:и|ів)?|в\.\s?п\.|відсот(?:ок|ки|ків|ка))",
    )
});

/// Percent unit right after `end`: (new end, unit "%" or "pp", factor).
pub(super) fn after(text: &str, end: usize) -> Option<(usize, &'static str, f64)> {
    // the common case, "%" glued or after one space, is what `PCT` would read
    let rest = &text[end..];
    let mut chars = rest.chars();
    let sign_at = match chars.next() {
        Some('%') => Some(0),
        Some(c) if c.is_whitespace() && chars.next() == Some('%') => Some(c.len_utf8()),
        _ => None,
    };
    if let Some(at) = sign_at {
        return Some((end + at + 1, "%", 1.0));
    }
    // every unit of `PCT` but "%" starts with a "p", "b", "п" or "в" (after one optional space),
    // and no other letter of ASCII or basic Cyrillic folds to one of those
    let mut chars = rest.chars();
    let first = match chars.next() {
        Some(c) if c.is_whitespace() => chars.next(),
        c => c,
    };
    match first {
        Some('p' | 'P' | 'b' | 'B' | 'п' | 'П' | 'в' | 'В') => after_pattern(text, end),
        Some(c) if c.is_ascii() || matches!(c, '\u{400}'..='\u{45F}') => None,
        Some(c) if c.is_alphabetic() => after_pattern(text, end),
        _ => None,
    }
}

/// `after` read with `PCT` alone.
fn after_pattern(text: &str, end: usize) -> Option<(usize, &'static str, f64)> {
    let (m_end, m) = pct_unit(&text[end..])?;
    let mut buf = [0; 32];
    let word = lowercase(m, &mut buf);
    let next = text[end + m_end..].chars().next();
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
    Some((end + m_end, unit, factor))
}

/// Group 1 of a `PCT` match at the start of `hay`, with its end: the match without its one
/// optional leading white space char (group 1 starts with `%` or a letter), so no capture search
/// is needed.
fn pct_unit(hay: &str) -> Option<(usize, &str)> {
    let m = PCT.find(hay)?;
    Some((m.end(), m.as_str().trim_start()))
}

static UP_VERB: &str = r"rose|raise|raises|hike|hikes|hiked|boost|boosts|jump|surge|soar|climb|grow|gain|rebound|advance|risen|rising|rises|rise|increased|increases|increasing|increase|grew|grown|growing|grows|jumped|jumps|jumping|surged|surges|surging|soared|soaring|climbed|climbing|gained|gains|added|up|expanded|expanding|accelerated|higher|advanced|rebounded|spiked|boosted|raised|raising|stieg|steigt|gestiegen|wuchs|gewachsen|zugelegt|legte|erhöhte|erhöht|вырос(?:ла|ли|ло)?|выросл[аио]|увеличил(?:ся|ась|ись|ось|и|а)?|прибавил[аио]?|зріс|зросл[аио]|зросте|збільшил(?:ася|ися|ося|ся|и|а)?";
static DOWN_VERB: &str = r"fell|verlor|verloren|lose|loses|lost|reduce|reduces|lower|lowers|lowered|cuts|slump|plunge|sink|slide|tumble|shrink|contract|plummet|dip|fallen|falling|falls|fall|dropped|drops|dropping|drop|declined|declines|declining|decline|decreased|decreases|decreasing|decrease|slumped|slumping|plunged|plunging|plummeted|contracted|contracting|shrank|shrunk|shrinking|sank|sunk|tumbled|slid|sliding|down|lost|lower|cut|reduced|dipped|dropped|eased|gesunken|sank|fiel|gefallen|ging|zurückgegangen|schrumpfte|geschrumpft|verringerte|снизил(?:ся|ась|ись|ось|и|а)?|сократил(?:ся|ась|ись|ось|и|а)?|упал[аио]?|упал|уменьшил(?:ся|ась|ись|ось)?|знизил(?:ася|ися|ося|ся|и|а)?|скоротил(?:ася|ися|ося|ся|и|а)?|впав|впал[аи]|зменшил(?:ася|ися|ося|ся)?";

/// The last change verb before the figure and the words between: (direction, between).
fn verb_before_pattern() -> String {
    format!(r"(?i)(?:^|[^\p{{L}}])(?:({UP_VERB})|({DOWN_VERB}))((?:\s+[^\s.;:!?]+){{0,6}}?)\s*$")
}

/// Group 3 ("between") is not read from the groups regex: it is the rest of the window up to its
/// trailing white space (see `classify`). A verb is letters only and must be followed by white
/// space or the end, so the first alternative that does is the one the whole pattern takes.
static VERB_BEFORE: LazyLock<ByPrefix> = LazyLock::new(|| {
    ByPrefix::with_groups(
        &format!(r"(?i)(?:^|[^\p{{L}}])(?:{UP_VERB}|{DOWN_VERB})"),
        &verb_before_pattern(),
        &format!(r"(?i)(?:^|[^\p{{L}}])(?:({UP_VERB})|({DOWN_VERB}))(?:\s|$)"),
    )
});

/// Group 1 and group 2 of the groups regex one at a time, without groups: a capture search over
/// the verb alternation costs thousands of instructions a figure, a DFA match a few hundred.
static UP_AT: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(&format!(r"(?i)^(?:^|[^\p{{L}}])(?:{UP_VERB})(?:\s|$)")));
static DOWN_AT: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(&format!(r"(?i)^(?:^|[^\p{{L}}])(?:{DOWN_VERB})(?:\s|$)")));

/// The change verb of `VERB_BEFORE` in `left`: (start, end, upward), offsets in `left`.
fn verb_before(left: &str) -> Option<(usize, usize, bool)> {
    // at most six words follow the verb, so its match starts in the last seven
    let at = VERB_BEFORE.start_from(left, last_words_start(left, 7))?;
    let w = &left[at..];
    let first = w.chars().next()?;
    // a verb starts with a letter (\p{L}) and ends with one; the match is the verb with the
    // delimiter before it (when the first char is no letter) and the white space after it. Past
    // ASCII and basic Cyrillic an alphabetic char may be a mark, no \p{L}: the groups decide.
    if !(first.is_ascii() || ('\u{400}'..='\u{45F}').contains(&first)) {
        let (at, c) = VERB_BEFORE.captures_from(left, at)?;
        let (m, up) = match (c.get(1), c.get(2)) {
            (Some(m), _) => (m, true),
            (None, m) => (m?, false),
        };
        return Some((at + m.start(), at + m.end(), up));
    }
    let lead = if first.is_alphabetic() {
        0
    } else {
        first.len_utf8()
    };
    let (m, up) = match UP_AT.find(w) {
        Some(m) => (m, true),
        None => (DOWN_AT.find(w)?, false),
    };
    // the one `\s` after the verb (which ends with a letter)
    let verb = m.as_str().trim_end_matches(char::is_whitespace);
    Some((at + lead, at + verb.len(), up))
}

static NOUN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^[\s-]*(?:(?:year[\s-]on[\s-]year|y/y|yoy|annual|annualised|annualized|on-year)\s+)?(?:(increase|rise|jump|growth|gain|surge|hike|climb|rally|expansion|more|higher|up|above|Anstieg|Plus|Zuwachs|рост|больше|зростання|більше)|(decrease|decline|drop|fall|slump|contraction|reduction|loss|cut|plunge|slide|less|lower|fewer|down|below|Rückgang|Minus|снижение|падение|сокращение|меньше|зниження|падіння|скорочення|менше))(?:[^\p{L}]|$)",
    )
});

const NOUN_BEFORE_PATTERN: &str = r"(?i)(?:(increase|rise|growth|gain|jump|surge|expansion|Anstieg|Zuwachs|Wachstum|рост|увеличение|зростання|збільшення)|(decrease|decline|drop|fall|contraction|reduction|slump|loss|Rückgang|снижение|падение|сокращение|зниження|падіння|скорочення)|(inflation|deflation|Inflation|инфляци\w*|інфляці\w*|GDP|ВВП|BIP))[^\p{L}\p{N}](?:[^.;]|\.\d)*?(?:\s(of|at|by|to|um|auf|von|на|до|в|у|на\s+рівні|на\s+уровне|was|stood\s+at|reached|становила|составила|составил|склала|склав|was\s+running\s+at))?\s+(?:\p{L}+\s+){0,2}$";

/// No change noun is a prefix of another, so at one start only one alternative can match: the
/// groups regex names the same group, and the same span for groups 1 and 2 (group 3 is only
/// tested for presence).
static NOUN_BEFORE: LazyLock<ByPrefix> = LazyLock::new(|| {
    ByPrefix::with_groups(
        r"(?i)(?:increase|rise|growth|gain|jump|surge|expansion|Anstieg|Zuwachs|Wachstum|рост|увеличение|зростання|збільшення|decrease|decline|drop|fall|contraction|reduction|slump|loss|Rückgang|снижение|падение|сокращение|зниження|падіння|скорочення|inflation|deflation|Inflation|инфляци\w*|інфляці\w*|GDP|ВВП|BIP)[^\p{L}\p{N}]",
        NOUN_BEFORE_PATTERN,
        r"(?i)(?:(increase|rise|growth|gain|jump|surge|expansion|Anstieg|Zuwachs|Wachstum|рост|увеличение|зростання|збільшення)|(decrease|decline|drop|fall|contraction|reduction|slump|loss|Rückgang|снижение|падение|сокращение|зниження|падіння|скорочення)|(inflation|deflation|Inflation|инфляци\w*|інфляці\w*|GDP|ВВП|BIP))",
    )
});

static INFLATION: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(r"(?i)(?:^|[^\p{L}])(?:inflation|deflation|инфляци|інфляці)")
});
static BY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:(plus|\+)|(minus))\s*$|(?:^|\s)(?:um|на)\s+(?:(?:rund|knapp|fast|etwa|mehr\s+als|über|почти|около|более|примерно|майже|близько|понад|приблизно)\s+)?$",
    )
});

static UP_ANY: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(&format!(
        r"(?i)(?:^|[^\p{{L}}])(?:{UP_VERB}|gestiegen|zugelegt|legten|wuchsen)(?:[^\p{{L}}]|$)"
    ))
});
static DOWN_ANY: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(&format!(
        r"(?i)(?:^|[^\p{{L}}])(?:{DOWN_VERB}|zurück|sanken|verlor|verloren|lost|упали|снизились|сократились|знизилися|скоротилися|впали)(?:[^\p{{L}}]|$)"
    ))
});

static PHRASAL: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?-u:\b)(?:make|makes|made|making|take|takes|took|set|sets|pick|picked|end|ended|add|adds|added|sum|sums|summed|shore|shored|build|built)\s+$",
    )
});

static RATE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}\p{N}])(?:rate|rates|yield|yields|interest|tariff|duty|duties|Leitzins\w*|Zins\w*|ставк\w*|доходност\w*)(?:[^\p{L}\p{N}]|$)",
    )
});

static LEVEL_PREP: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(r"(?i)(?:^|\s)(?:to|from|at|of|reach(?:ed|ing)?|auf|von|до|с|від|з)(?:\s|$)")
});

/// Where the delimiter before the `n`th white-space separated word from the end of `s` is; 0
/// when `s` has fewer words.
fn last_words_start(s: &str, n: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in s.trim_end().char_indices().rev() {
        if !c.is_whitespace() {
            in_word = true;
        } else if in_word {
            in_word = false;
            words += 1;
            if words == n {
                return i;
            }
        }
    }
    0
}

/// The direction of any change word in the clause ("um 23,9 Prozent ... zurück"): down when a
/// downward word and no upward one is found. No change word holds a char that is no letter, so
/// none runs across the figure: each side is searched on its own.
fn clause_direction(left: &str, right: &str) -> i8 {
    if UP_ANY.is_match(left) || UP_ANY.is_match(right) {
        1
    } else if DOWN_ANY.is_match(left) || DOWN_ANY.is_match(right) {
        -1
    } else {
        1
    }
}

/// Classifies a percentage from the text before and after it (both clipped to the clause).
/// Returns the kind and, for a change, the direction.
pub(super) fn classify(left: &str, right: &str, unit: &str) -> (RawKind, Option<i8>) {
    let clause_dir = || clause_direction(left, right);
    if let Some(c) = captures_if(&NOUN_AFTER, right) {
        let dir = if c.get(1).is_some() { 1 } else { -1 };
        return (RawKind::Change, Some(dir));
    }
    // "a decrease of 45.7%", "growth of 3.6%", "inflation accelerated to 4.3%"
    if let Some((at, c)) = NOUN_BEFORE.captures(left) {
        // "a decrease to 13.5%" names a level; "inflation slowed to 5.1%" is still a change
        let last = left
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .to_lowercase();
        // "growth of 3.6% ... and sees inflation slowing to 8.6%": the nearest noun governs
        let noun_end = c.get(1).or(c.get(2)).map_or(0, |m| at + m.end());
        let inflation = c.get(3).is_some() || INFLATION.is_match(&left[noun_end..]);
        let to_level = !inflation
            && matches!(
                last.as_str(),
                "to" | "до" | "auf" | "from" | "von" | "з" | "с"
            );
        let rate_level = RATE.is_match(left) && !inflation;
        if !(to_level || rate_level) {
            let dir = if inflation {
                clause_dir()
            } else if c.get(1).is_some() {
                1
            } else {
                -1
            };
            return (RawKind::Change, Some(dir));
        }
    }
    // "um 38 Prozent", "на 4,6%", "plus 38 Prozent"
    if let Some(c) = captures_if(&BY_WORD, left) {
        let dir = if c.get(1).is_some() {
            1
        } else if c.get(2).is_some() {
            -1
        } else {
            clause_dir()
        };
        return (RawKind::Change, Some(dir));
    }
    let of_whole = right.trim_start().starts_with("of ")
        && !right.contains("of its value")
        && !right.contains("of their value");
    if let Some((verb_start, verb_end, up)) = verb_before(left) {
        let verb = &left[verb_start..verb_end];
        let before_verb = &left[..verb_start];
        let particle = verb.eq_ignore_ascii_case("up") && PHRASAL.is_match(before_verb);
        // group 3 of the whole pattern: the words after the verb, without trailing space
        let between = &left[verb_end..left.trim_end().len().max(verb_end)];
        let dir = if up { 1 } else { -1 };
        let share_of_whole = of_whole && !between.contains("by");
        if !(particle || share_of_whole) {
            if !LEVEL_PREP.is_match(between) || unit == "pp" {
                return (RawKind::Change, Some(dir));
            }
            if RATE.is_match(left) && !of_whole {
                return (RawKind::Amount, None);
            }
            return (RawKind::Share, None);
        }
    }
    if unit == "pp" {
        return (RawKind::Change, Some(1));
    }
    // a rate is a level in its own right: "key rate to 12%", "yield of 16%"
    if RATE.is_match(left) && !of_whole {
        return (RawKind::Amount, None);
    }
    (RawKind::Share, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unit read off the match is group 1 of `PCT`, at every start of fixed and random
    /// texts.
    #[test]
    fn pct_unit_is_group_one() {
        let pieces = [
            "%",
            "percent",
            "per cent",
            "Prozent",
            "pp",
            "bps",
            "basis points",
            "pct.",
            "p.p.",
            "процентов",
            "п. п.",
            "відсотків",
            "в.п.",
            " points",
            "\u{2003}",
            "\u{3000}",
        ];
        let fixed = "5 % 6\u{a0}percent 7  pct. 8 basis points 9 процента";
        let mut found = 0;
        super::super::tokens::for_every_cut(&pieces, fixed, |text, at| {
            let hay = &text[at..];
            let want = captures_if(&PCT, hay)
                .and_then(|c| c.get(1))
                .map(|g| (g.end(), g.as_str()));
            found += usize::from(want.is_some());
            assert_eq!(pct_unit(hay), want, "{hay:?}");
        });
        assert!(found > 1000, "{found}");
    }

    /// The shortcuts for a percent sign and for what starts no unit give what the pattern
    /// gives, at every char of a fixed text and of made-up ones.
    #[test]
    fn percent_sign_shortcut_agrees_with_the_pattern() {
        use super::super::tokens::{random_texts, TRICKY};
        let fixed = "5% 6 % 7\u{a0}% 8\u{2009}% 9  % 1 percent 2 pp 3%-points 4\t% 5 Bps 6 п. п. \
                     7 в.п. 8 Prozent 9 ᲀ.п. 1 PCT. points 2 процентов 3 відсотків 4 people";
        let pieces = [
            "p",
            "P",
            "percent",
            "age",
            " points",
            "pct",
            ".",
            "b",
            "ps",
            "п",
            "в",
            ". ",
            "процент",
            "ов",
            "відсот",
            "ків",
            "Prozent",
            "punkte",
            "ᲀ",
            "\u{a0}",
        ];
        let mut all = pieces.to_vec();
        all.extend(TRICKY);
        let mut texts = vec![fixed.to_string()];
        texts.extend(random_texts(&all, 5_000));
        for t in &texts {
            for end in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                assert_eq!(after(t, end), after_pattern(t, end), "{t:?} at {end}");
            }
        }
    }

    #[test]
    fn units() {
        assert_eq!(after("36% of", 2), Some((3, "%", 1.0)));
        assert_eq!(after("36 percent of", 2), Some((10, "%", 1.0)));
        assert_eq!(after("36 per cent.", 2), Some((11, "%", 1.0)));
        assert_eq!(after("3.4 pct on", 3), Some((7, "%", 1.0)));
        assert_eq!(after("2.5 percentage points", 3), Some((21, "pp", 1.0)));
        assert_eq!(after("50 basis points", 2), Some((15, "pp", 0.01)));
        assert_eq!(after("36 Prozent", 2).map(|x| x.1), Some("%"));
        assert_eq!(after("36 процентов", 2).map(|x| x.1), Some("%"));
        assert_eq!(after("36 відсотків", 2).map(|x| x.1), Some("%"));
        assert_eq!(after("36 people", 2), None);
        assert_eq!(after("100 percentage", 3), Some((14, "%", 1.0)));
    }

    /// The candidate-start search reads the same groups as the whole end-anchored patterns, on
    /// every window the figure reader could pass over the seed article and some made-up ones.
    #[test]
    fn verb_and_noun_groups_as_the_whole_patterns() {
        let verb = Regex::new(&verb_before_pattern()).unwrap_or_else(|e| panic!("{e}"));
        let noun = Regex::new(NOUN_BEFORE_PATTERN).unwrap_or_else(|e| panic!("{e}"));
        let seed = include_str!("../../samples/seed.txt");
        let mut windows: Vec<&str> = Vec::new();
        for (i, _) in seed.char_indices() {
            windows.push(super::super::left_window(seed, i, 120));
        }
        let made_up = [
            "exports rose ",
            "raises by ",
            "prices rose  sharply  by \u{a0}",
            "Up ",
            "fell; then rose to ",
            "инфляция_ ",
            "a decrease of 4.5 and a rise of ",
            "the increase was ",
            "Экспорт снизился на ",
            "growth. ",
            "rose",
            "",
            "\u{345}rose ",
            "ⅫFELL\u{2009}",
            "they ЗРОСЛИ на ",
            "(dropped)\u{a0}",
        ];
        windows.extend(made_up);
        let spans = |c: &regex::Captures<'_>, at: usize, groups: &[usize]| {
            groups
                .iter()
                .map(|&g| c.get(g).map(|m| (at + m.start(), at + m.end())))
                .collect::<Vec<_>>()
        };
        for w in windows {
            let want = verb.captures(w).map(|c| {
                let g3 = c.get(3).map(|m| m.as_str());
                (spans(&c, 0, &[1, 2]), g3)
            });
            let got = VERB_BEFORE
                .captures_from(w, last_words_start(w, 7))
                .map(|(at, c)| {
                    let verb_end = c.get(1).or(c.get(2)).map_or(0, |m| at + m.end());
                    let between = &w[verb_end..w.trim_end().len().max(verb_end)];
                    (spans(&c, at, &[1, 2]), Some(between))
                });
            assert_eq!(got, want, "{w:?}");
            let got = verb_before(w).map(|(s, e, up)| {
                let between = &w[e..w.trim_end().len().max(e)];
                let span = Some((s, e));
                let spans = if up { [span, None] } else { [None, span] };
                (spans.to_vec(), Some(between))
            });
            assert_eq!(got, want, "{w:?}");
            let want = noun
                .captures(w)
                .map(|c| (spans(&c, 0, &[1, 2]), c.get(3).is_some()));
            let got = NOUN_BEFORE
                .captures(w)
                .map(|(at, c)| (spans(&c, at, &[1, 2]), c.get(3).is_some()));
            assert_eq!(got, want, "{w:?}");
        }
    }

    /// Each side searched on its own finds what the two sides joined by a space would.
    #[test]
    fn clause_direction_as_on_the_joined_clause() {
        use super::super::tokens::{random_texts, TRICKY};
        let pieces = [
            "rose",
            "fell",
            "zurück",
            "up",
            "down",
            "x",
            "ſ",
            "упали",
            "выросли",
            "ris",
            "e",
            " ",
        ];
        let mut all = pieces.to_vec();
        all.extend(TRICKY);
        let texts = random_texts(&all, 4_000);
        for pair in texts.chunks(2) {
            let (left, right) = (&pair[0], pair.get(1).map_or("", |r| r.as_str()));
            let both = format!("{left} {right}");
            let want = match (UP_ANY.is_match(&both), DOWN_ANY.is_match(&both)) {
                (false, true) => -1,
                _ => 1,
            };
            assert_eq!(clause_direction(left, right), want, "{left:?} {right:?}");
        }
    }

    #[test]
    fn change_or_level() {
        use RawKind::*;
        assert_eq!(
            classify("exports increased by ", ",", "%"),
            (Change, Some(1))
        );
        assert_eq!(
            classify("total exports fell by ", ".", "%"),
            (Change, Some(-1))
        );
        assert_eq!(classify("billion, up ", " from", "%"), (Change, Some(1)));
        assert_eq!(classify("imports, up from ", " before", "%"), (Share, None));
        assert_eq!(classify("the share rose to ", ".", "%"), (Share, None));
        assert_eq!(classify("a ", " increase in", "%"), (Change, Some(1)));
        assert_eq!(
            classify("source of ", " of Russian imports", "%"),
            (Share, None)
        );
        assert_eq!(
            classify("Экспорт снизился на ", ".", "%"),
            (Change, Some(-1))
        );
    }
}
