//! Who says so: "according to X", "X said/estimates/reported", "data from X", "cited by X",
//! "X data showed", a named person with role and organisation ("Joseph Webster, a senior fellow
//! at the Atlantic Council"), the article's "Source: ..." line, in English, German, Russian and
//! Ukrainian.
//!
//! An attribution found in a sentence applies to that sentence and, unless another one replaces
//! it, to the following sentences of the same paragraph; the builder does that carrying.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::Mention;
use super::Attribution;

/// "according to X" and its siblings: the source follows the cue.
static CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}\p{N}])(?:according\s+to|data\s+(?:from|by|of)|figures\s+(?:from|by|of)|statistics\s+(?:from|by|of)|estimates\s+(?:from|by|of)|cited\s+by|citing|a\s+(?:report|study|survey|analysis|note)\s+(?:by|from)|(?:released|published|compiled|calculated)\s+by|reported\s+by|laut|nach\s+Angaben\s+(?:des|der|von)|zufolge|по\s+данным|по\s+оценк[аеи]м?|по\s+информации|как\s+сообщает|как\s+сообщил[аио]?|со\s+ссылкой\s+на|за\s+даними|за\s+оцінками|за\s+інформацією|як\s+повідомляє|як\s+повідомил[аио]?|з\s+посиланням\s+на)\s+",
    )
});

/// "X said" and its siblings: the source precedes the verb.
static VERB_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"^(?:'s|’s)?\s*(?:data|figures|statistics|estimates|calculations)?\s*(?:said|says|say|estimated|estimates|estimate|reported|reports|report|wrote|writes|noted|notes|calculated|calculates|showed|shows|show|told|found|finds|forecast|forecasts|predicted|predicts|expects|expected|announced|announces|stated|states|added|according|cited|sagte|teilte|schätzt|berichtete|meldete|сообщил[аи]?|заявил[аи]?|оценил[аи]?|сообщает|повідомив|повідомила|повідомили|заявив|заявила|оцінив)(?:[^\p{L}\p{N}]|$)",
    )
});

static PERSON: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"^(?:(?:[Tt]he\s+)?(?:[a-z]+\s+){0,3}?)?((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){1,2}[A-Z][a-z]+(?:-[A-Z][a-z]+)?)",
    )
});

static SAID_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}\p{N}])(?:said|says|told\s+\w+|added|noted|sagte|erklärte|сказал[аи]?|заявил[аи]?|сказав|сказала|заявив|заявила)[ \t]+((?:[A-Z\p{Lu}][\p{Ll}'’-]+[ \t]){1,2}[\p{Lu}][\p{Ll}'’-]+)",
    )
});

static PERSON_SAID: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}])((?:[\p{Lu}][\p{Ll}'’-]+[ \t]){1,2}[\p{Lu}][\p{Ll}'’-]+)(?:,[^,]*,)?[ \t]+(?:said|says|told|wrote|estimated|estimates|noted|sagte|сказал[аи]?|заявил[аи]?|сказав|заявив)(?:[^\p{L}\p{N}]|$)",
    )
});

static WORD_SAID: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}])([\p{Lu}][\p{L}-]+)[ \t]+(?:said|says|estimated|estimates|reported|reports|calculated|data\s+show(?:ed|s)?|figures\s+show(?:ed|s)?)(?-u:\b)",
    )
});

static SOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(r"(?m)^\s*(?:Source|Sources|Quelle|Источник|Джерело)\s*:\s*(.+?)\s*$")
});

/// Cuts a source phrase at the first clause break.
fn head_phrase(s: &str) -> &str {
    let end = s
        .find([',', ';', '.', ':', '(', '"', '“', '–', '—'])
        .map_or(s.len(), |i| i);
    let s = &s[..end];
    let cut = [
        " that ", " which ", " in ", " on ", " for ", " as ", " show", " said", " say", " the ",
        " from ",
    ]
    .iter()
    .filter_map(|w| s.find(w))
    .min()
    .unwrap_or(s.len());
    s[..cut].trim()
}

static CAPS: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"[\p{Lu}][\p{L}&'’-]*(?:[ \t]+(?:of[ \t]+|for[ \t]+|and[ \t]+)?(?:the[ \t]+)?[\p{Lu}][\p{L}&'’-]*)*",
    )
});

/// Like `head_phrase` but keeps "by X" and "of X" (the name often follows them).
fn head_phrase_keep_by(s: &str) -> &str {
    let end = s
        .find([',', ';', ':', '(', '"', '“', '–', '—'])
        .unwrap_or(s.len());
    let s = &s[..end];
    let cut = [" that ", " which ", " show", " said", " say", " on "]
        .iter()
        .filter_map(|w| s.find(w))
        .min()
        .unwrap_or(s.len());
    s[..cut].trim().trim_end_matches('.')
}

/// English names for organisations written in German, Russian or Ukrainian.
pub(super) fn canonical_org(name: &str) -> String {
    let l = name.to_lowercase();
    let table: &[(&str, &str)] = &[
        ("мінфін", "Finance Ministry"),
        ("минфин", "Finance Ministry"),
        ("міністерств фінансів", "Finance Ministry"),
        ("министерств финансов", "Finance Ministry"),
        ("finanzministerium", "Finance Ministry"),
        ("нбу", "National Bank of Ukraine"),
        ("нацбанк", "National Bank of Ukraine"),
        ("національн банк", "National Bank of Ukraine"),
        ("росстат", "Rosstat"),
        ("фтс", "Federal Customs Service"),
        ("таможенн", "customs"),
        ("митниц", "customs"),
        ("держмитслужб", "State Customs Service"),
        ("мінагрополітики", "Ministry of Agrarian Policy and Food"),
        ("аграрної політики", "Ministry of Agrarian Policy and Food"),
        ("держстат", "State Statistics Service"),
        ("банк росси", "Bank of Russia"),
        ("центробанк", "Bank of Russia"),
        ("statistische bundesamt", "Destatis"),
        ("zoll", "customs"),
    ];
    table
        .iter()
        .find(|(k, _)| l.contains(k))
        .map_or_else(|| name.to_string(), |(_, v)| v.to_string())
}

fn clean_name(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix("The ")
        .or_else(|| s.strip_prefix("the "))
        .unwrap_or(s);
    s.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')')
        .to_string()
}

/// Builds an attribution from the phrase after a cue or before a verb.
fn from_phrase(phrase: &str, base: usize, surface: &str, orgs: &[Mention]) -> Option<Attribution> {
    let org = orgs
        .iter()
        .find(|o| o.start >= base && o.start < base + phrase.len().max(1) + 2);
    let person = PERSON
        .captures(phrase)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string());
    let person = person.filter(|p| {
        let org_name = org.map(|o| o.name.as_str()).unwrap_or("");
        !org_name.contains(p.as_str()) && super::gazetteer::country_of(p).is_none()
    });
    let rest_org = org.map(|o| canonical_org(&o.name));
    let name = match (&person, &rest_org) {
        (Some(p), Some(o)) => format!("{p} ({o})"),
        (Some(p), None) => p.clone(),
        (None, Some(o)) => o.clone(),
        (None, None) => {
            // the last capitalised name in the phrase: "industry analyst Autostat",
            // "an analysis of ship-tracking data by Global Witness"; never "a video released"
            let cut = head_phrase_keep_by(phrase);
            let last = CAPS
                .find_iter(cut)
                .filter(|m| !matches!(m.as_str(), "The" | "A" | "An"))
                .last()?;
            clean_name(last.as_str())
        }
    };
    if name.is_empty() {
        return None;
    }
    Some(Attribution {
        name,
        surface: surface.trim().to_string(),
        person,
        organisation: rest_org,
    })
}

/// The attribution stated in `sentence` (at byte `base` in the text), if any.
pub(super) fn in_sentence(
    text: &str,
    base: usize,
    sentence: &str,
    orgs: &[Mention],
) -> Option<Attribution> {
    if let Some(m) = CUE_BEFORE.find(sentence) {
        let rest = &sentence[m.end()..];
        // the person's role and organisation follow after a comma
        let stop = rest.find(['.', ';', '"', '“']).unwrap_or(rest.len());
        let mut phrase_end = rest.find(',').map_or(stop, |i| i.min(stop));
        let appos = &rest[phrase_end.min(rest.len())..stop];
        if appos.starts_with(", a ") || appos.starts_with(", an ") || appos.starts_with(", the ") {
            phrase_end = appos[1..].find(',').map_or(stop, |i| phrase_end + 1 + i);
        }
        let phrase = &rest[..phrase_end];
        let sorgs: Vec<Mention> = orgs
            .iter()
            .filter(|o| o.start >= base + m.end() && o.end <= base + m.end() + phrase.len())
            .cloned()
            .collect();
        let _ = text;
        if let Some(a) = from_phrase(
            phrase,
            base + m.end(),
            &sentence[m.start()..m.end() + phrase.len()],
            &sorgs,
        ) {
            return Some(a);
        }
    }
    // "said Lena Hartmann, who leads ...", "Maxim Orlov, chief economist at Sigma Capital, said"
    if let Some(c) = SAID_PERSON
        .captures(sentence)
        .or_else(|| PERSON_SAID.captures(sentence))
    {
        if let Some(p) = c.get(1) {
            let name = p.as_str().trim().to_string();
            if super::gazetteer::country_of(&name).is_none()
                && !orgs.iter().any(|o| o.name.contains(name.as_str()))
            {
                let tail_end = c.get(0).map_or(p.end(), |m| m.end());
                let org = orgs
                    .iter()
                    .find(|o| o.start >= base + p.end() && o.start < base + tail_end + 80)
                    .map(|o| o.name.clone());
                return Some(Attribution {
                    name: name.clone(),
                    surface: c[0].trim().to_string(),
                    person: Some(name),
                    organisation: org,
                });
            }
        }
    }
    // "Autostat said", "Kpler estimates": one capitalised name right before a reporting verb
    if let Some(c) = WORD_SAID.captures(sentence) {
        if let Some(w) = c.get(1) {
            let name = w.as_str();
            let pronoun = [
                "He",
                "She",
                "It",
                "They",
                "We",
                "This",
                "That",
                "The",
                "I",
                "Officials",
                "Analysts",
            ]
            .contains(&name);
            if !pronoun && super::gazetteer::country_of(name).is_none() {
                // an acronym defined earlier: "the General Administration of Customs (GAC)"
                let defined = text
                    .find(&format!("({name})"))
                    .and_then(|at| orgs.iter().find(|o| o.end + 1 >= at && o.end <= at));
                if let Some(o) = defined {
                    return Some(Attribution {
                        name: canonical_org(&o.name),
                        surface: c[0].trim().to_string(),
                        person: None,
                        organisation: Some(o.name.clone()),
                    });
                }
                return Some(Attribution {
                    name: canonical_org(name),
                    surface: c[0].trim().to_string(),
                    person: None,
                    organisation: Some(name.to_string()),
                });
            }
        }
    }
    // "X said": an organisation or person right before a reporting verb
    for o in orgs
        .iter()
        .filter(|o| o.start >= base && o.end <= base + sentence.len())
    {
        let after = &text[o.end..];
        if VERB_AFTER.is_match(after) {
            let s = o.start - base;
            let e =
                (o.end - base + after.find(char::is_whitespace).unwrap_or(0)).min(sentence.len());
            return Some(Attribution {
                name: canonical_org(&o.name),
                surface: sentence[s..e].to_string(),
                person: None,
                organisation: Some(o.name.clone()),
            });
        }
    }
    None
}

/// The article's "Source: X, with reference to ..." line, as (name, surface).
pub(super) fn source_line(text: &str) -> Option<Attribution> {
    let c = SOURCE_LINE.captures(text)?;
    let m = c.get(1)?;
    let name = clean_name(head_phrase(m.as_str()));
    (!name.is_empty()).then(|| Attribution {
        name,
        surface: c.get(0).map_or("", |x| x.as_str()).trim().to_string(),
        person: None,
        organisation: None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::gazetteer::organisations;
    use super::*;

    fn attr(s: &str) -> Option<String> {
        let orgs = organisations(s);
        in_sentence(s, 0, s, &orgs).map(|a| a.name)
    }

    #[test]
    fn cues_and_verbs() {
        assert_eq!(
            attr("According to The Wall Street Journal, Chinese firms provided"),
            Some("Wall Street Journal".into())
        );
        assert_eq!(
            attr("The Bank of Finland estimates that China is now the source"),
            Some("Bank of Finland".into())
        );
        assert_eq!(attr("According to Joseph Webster, a senior fellow at the Atlantic Council, this indicates"), Some("Joseph Webster (Atlantic Council)".into()));
        assert_eq!(
            attr("Exports rose 5%, data from the Federal Customs Service showed."),
            Some("Federal Customs Service".into())
        );
        assert_eq!(
            attr("Exports rose 5%, Reuters reported."),
            Some("Reuters".into())
        );
        assert_eq!(attr("Exports rose 5% in May."), None);
    }

    #[test]
    fn source_lines() {
        let t = "Title\n\nSource: Wall Street Journal, with reference to trade data\n\nBody";
        assert_eq!(
            source_line(t).map(|a| a.name),
            Some("Wall Street Journal".into())
        );
    }
}
