//! Who says so: "according to X", "X said/estimates/reported", "data from X", "cited by X",
//! "X data showed", a named person with role and organisation ("Joseph Webster, a senior fellow
//! at the Atlantic Council"), the article's "Source: ..." line, in English, German, Russian and
//! Ukrainian.
//!
//! An attribution found in a sentence applies to that sentence and, unless another one replaces
//! it, to the following sentences of the same paragraph; the builder does that carrying.

use std::sync::LazyLock;

use regex::{Regex, RegexSet, RegexSetBuilder};

use super::gazetteer::Mention;
use super::Attribution;

/// "according to X" and its siblings: the source follows the cue.
static CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}\p{N}])(?:according\s+to|data\s+(?:from|by|of)|figures\s+(?:from|by|of)|statistics\s+(?:from|by|of)|estimates\s+(?:from|by|of)|cited\s+by|citing|a\s+(?:report|study|survey|analysis|note)\s+(?:by|from)|(?:released|published|compiled|calculated)\s+by|reported\s+by|laut|so\s+(?:das|die|der)|(?:за\s+|на\s+|по\s+)?(?:макро)?прогноз(?:ом|і|у|ам|ах)?|nach\s+Angaben\s+(?:des|der|von)|nach\s+Berechnungen|unter\s+Berufung\s+auf|aus\s+Daten\s+(?:des|der|von)|zufolge|по\s+расчетам|по\s+данным|по\s+словам|за\s+словами|по\s+оценк[аеи]м?|по\s+информации|как\s+сообщает|как\s+сообщил[аио]?|со\s+ссылкой\s+на|за\s+даними|за\s+оцінками|за\s+інформацією|як\s+повідомляє|як\s+повідомил[аио]?|з\s+посиланням\s+на)\s+",
    )
});

/// "X said" and its siblings: the source precedes the verb.
static VERB_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"^(?:[ \t]*\([^()]{1,12}\))?(?:'s|’s)?\s*(?:(?:data|figures|statistics|estimates|calculations)(?:[ \t]+(?:released|published|issued|compiled|out|also|again|on|last|this|earlier|[A-Z][a-z]+day|week|month))*)?\s*(?:also\s+)?(?:(?:has|have|had)\s+)?(?:said|says|say|estimated|estimates|estimate|reported|reports|report|wrote|writes|noted|notes|calculated|calculates|showed|shows|show|told|found|finds|forecast|forecasts|predicted|predicts|expects|expected|announced|announces|stated|states|added|according|cited|sagte|teilte|schätzt|beziffert|berichtete|meldete|ожидал[аи]?|ожидает|прогнозирует|сообщил[аи]?|заявил[аи]?|оценил[аи]?|сообщает|повідомив|повідомила|повідомили|заявив|заявила|оцінив|очікує|прогнозує)(?:[^\p{L}\p{N}]|$)",
    )
});

static PERSON: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"^(?:(?:[Tt]he\s+)?(?:[a-z]+\s+){0,3}?)?((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){1,2}[A-Z][a-z]+(?:-[A-Z][a-z]+)?)",
    )
});

static SAID_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}\p{N}])(?:said|says|told\s+\w+|added|noted|estimates|estimated|wrote|explained|sagte|sagt|erklärte|erklärt|сказал[аи]?|заявил[аи]?|сказав|сказала|заявив|заявила)[ \t]+((?:[A-Z\p{Lu}][\p{Ll}'’-]+[ \t]){1,2}[\p{Lu}][\p{Ll}'’-]+)",
    )
});

static PERSON_SAID: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}])((?:[\p{Lu}][\p{Ll}'’-]+[ \t]){1,2}[\p{Lu}][\p{Ll}'’-]+)(?:,[^,]*,)?[ \t]+(?:said|says|told|wrote|estimated|estimates|noted|sagte|сказал[аи]?|заявил[аи]?|сказав|заявив)(?:[^\p{L}\p{N}]|$)",
    )
});

static WORD_SAID: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}])([\p{Lu}][\p{L}-]+)[ \t]+(?:said|says|estimated|estimates|reported|reports|calculated|calculations|poll|data\s+show(?:ed|s)?|figures\s+show(?:ed|s)?)(?-u:\b)",
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
    // "the Helsinki-based Centre for Research on Energy and Clean Air (CREA)": the short name
    // the article itself gives goes with the long one
    let short = ABBREVIATION
        .captures(phrase)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string());
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
    let name = match short {
        Some(a) if person.is_none() && !name.contains(a.as_str()) => format!("{name} ({a})"),
        _ => name,
    };
    Some(Attribution {
        name,
        surface: surface.trim().to_string(),
        person,
        organisation: rest_org,
    })
}

/// One attribution found in a sentence.
#[derive(Debug, Clone)]
pub(super) struct Found {
    /// For an anaphor, the words as written until the builder resolves it.
    pub attr: Attribution,
    /// Byte offset of the attribution in the text (the nearest one to a figure wins).
    pub at: usize,
    /// Also speaks for the earlier sentences of its paragraph: "Das geht aus Daten ... hervor",
    /// "Про це повідомило ...", "..., the ministry said".
    pub back: bool,
    /// "the ministry said", "he said": who is meant is resolved against earlier attributions.
    pub anaphor: Option<Anaphor>,
    /// "according to calculations based on ...": the outlet's own work.
    pub outlet: bool,
}

/// What an anaphoric attribution points back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Anaphor {
    Person,
    /// The head noun as written, lower case ("ministry", "data", "institute").
    Org(String),
}

/// "the ministry said", "the group's data show", "he said", "so das Ministerium",
/// "по данным ведомства", "за даними міністерства".
static ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}\p{N}])(?:(?:according[ \t]+to|data[ \t]+from|figures[ \t]+from|estimates[ \t]+(?:from|by)|cited[ \t]+by)[ \t]+(?:the|its)[ \t]+(ministry|institute|agency|bank|central[ \t]+bank|regulator|service|committee|group|company|office|department|tracker|report|study|fund|commission|authority|customs|centre|council|bureau|association|assembly|documents?)(?:[^\p{L}\p{N}]|$)|(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts)[ \t]+(?:[\p{L}-]+[ \t]+){0,2}?(ministry|institute|agency|bank|regulator|service|committee|group|company|office|department|report|study|tracker|data|figures|statistics|think[ \t]+tank|researchers|analysis|survey|fund|commission|organisation|organization|authority|customs|centre|center|council|bureau|association|assembly|documents?|draft)(?:'s[ \t]+(?:data|figures|estimates?|calculations))?(?:[ \t]+[\p{L}-]+)?[ \t]+(?:said|says|say|showed|shows|show|reported|reports|estimates?|estimated|added|noted|found|finds|expects|calculated)|(he|she|He|She|it|It|they|They)[ \t]+(?:said|says|added|noted|told|estimates|estimated|expects)|(?:said|added|noted)[ \t]+(he|she)|so[ \t]+(?:das|die|der)[ \t]+(Ministerium|Behörde|Institut|Amt|Bank|Zentralbank)|(?:по[ \t]+данным|по[ \t]+оценкам|по[ \t]+информации)[ \t]+(министерства|ведомства|агентства|регулятора|службы|банка)|(?:[Зз]а[ \t]+даними|[Зз]а[ \t]+оцінками|[Зз]а[ \t]+інформацією)[ \t]+(міністерства|відомства|агентства|регулятора|служби|банку))(?:[^\p{L}\p{N}]|$)",
    )
});

/// A sentence that opens by pointing back at the one before: "Das geht aus ...", "Про це ...".
static POINTS_BACK: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"^(?:Das|Dies|Diese|This|That|These|Про[ \t]+це|Об[ \t]+этом|Это|Це)(?:[^\p{L}\p{N}]|$)",
    )
});

/// A reporting verb before its speaker (Russian, Ukrainian, German word order): "сообщило
/// агентство «Автостат»", "повідомила Державна служба статистики", "сказал РБК Андрей Соколов".
static VERB_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}\p{N}])(?:сообщил[аио]?|сообщают|заявил[аио]?|сказал[аио]?|отметил[аио]?|уточнил[аио]?|подсчитал[аио]?|повідомил[аио]?|повідомив|заявив|заявила|сказав|сказала|зазначил[аио]?|зазначив|зазначила|підрахувал[аи]|следует[ \t]+из[ \t]+данных|свідчать[ \t]+дані|teilte|teilten|berichtete|berichteten|meldete|erklärte|sagte|sagt|schätzt|schätzte|beziffert|bezifferte|plant|plante|erwartet|erwartete|rechnet)(?:[^\p{L}\p{N}]|$)",
    )
});

/// A verb that closes a German clause after its speaker: "wie das Finanzministerium am Mittwoch
/// mitteilte", "Das geht aus Daten des Statistischen Bundesamts hervor".
static VERB_FINAL: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}\p{N}])(?:mitteilte|mitteilten|mitteilt|berichtete|berichtet|meldete|erklärte|hervor|veröffentlichte|schätzt|beziffert|прогнозує|прогнозирует|очікує|ожидает|оцінює|оценивает|прогнозував|прогнозировал)(?:[^\p{L}\p{N}]|$)",
    )
});

/// Unnamed groups of speakers: "refining executives said", "traders estimate".
static GROUP_SAID: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:^|[^\p{L}\p{N}])((?:[\p{L}-]+[ \t]+)?(?:analysts|traders|economists|executives|officials|sources|diplomats|experts|bankers|insiders|participants))[ \t]+(?:said|say|says|estimate|estimated|estimates|expect|expected|told|reckon|believe|calculate|calculated)(?:[^\p{L}\p{N}]|$)",
    )
});

/// Person names written in Cyrillic: two capitalised words.
static CYR_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(r"^[ \t,]*([А-ЯЁІЇЄҐ][а-яёіїєґ'’]+[ \t]+[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+)")
});

/// An organisation's own abbreviation in brackets after its name: "(CREA)", "(IEEFA)".
static ABBREVIATION: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"^[^()]{8,}?\((\p{Lu}[\p{Lu}&-]{1,7})\)"));

/// A Cyrillic name after up to three lower-case words of role: "президента ассоциации Андрея
/// Волкова".
static CYR_PERSON_AFTER_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"^[ \t,]*(?:[а-яёіїєґ'’-]+[ \t]+){1,3}([А-ЯЁІЇЄҐ][а-яёіїєґ'’]+[ \t]+[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+)",
    )
});

/// The sentence patterns of `in_sentence`, in one set: a sentence is scanned once for all of
/// them, and only the patterns that match it are searched again for their spans (most sentences
/// state no attribution).
static SENTENCE_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    let patterns = [
        &POINTS_BACK,
        &CUE_BEFORE,
        &SAID_PERSON,
        &PERSON_SAID,
        &VERB_BEFORE,
        &VERB_FINAL,
        &WORD_SAID,
        &GROUP_SAID,
        &ANAPHOR,
    ]
    .map(|re| re.as_str());
    RegexSetBuilder::new(patterns)
        .dfa_size_limit(64 << 20)
        .size_limit(64 << 20)
        .build()
        .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
});

/// Indices into `SENTENCE_SET`.
const POINTS_BACK_K: usize = 0;
const CUE_BEFORE_K: usize = 1;
const SAID_PERSON_K: usize = 2;
const PERSON_SAID_K: usize = 3;
const VERB_BEFORE_K: usize = 4;
const VERB_FINAL_K: usize = 5;
const WORD_SAID_K: usize = 6;
const GROUP_SAID_K: usize = 7;
const ANAPHOR_K: usize = 8;

/// The attributions stated in `sentence` (at byte `base` in the text).
pub(super) fn in_sentence(text: &str, base: usize, sentence: &str, orgs: &[Mention]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let hit = SENTENCE_SET.matches(sentence);
    // the sentence for a pattern that matches it, else nothing to search (no pattern matches "")
    let hay = |k: usize| if hit.matched(k) { sentence } else { "" };
    let back = hit.matched(POINTS_BACK_K);
    let push = |out: &mut Vec<Found>, attr: Attribution, at: usize| {
        if !out.iter().any(|f| f.at == at || f.attr.name == attr.name) {
            out.push(Found {
                attr,
                at,
                back,
                anaphor: None,
                outlet: false,
            });
        }
    };
    let s_orgs: Vec<&Mention> = orgs
        .iter()
        .filter(|o| o.start >= base && o.end <= base + sentence.len())
        .collect();
    for m in CUE_BEFORE.find_iter(hay(CUE_BEFORE_K)) {
        let rest = &sentence[m.end()..];
        // the person's role and organisation follow after a comma
        let stop = rest.find(['.', ';', '"', '“']).unwrap_or(rest.len());
        let mut phrase_end = rest.find(',').map_or(stop, |i| i.min(stop));
        let appos = &rest[phrase_end.min(rest.len())..stop];
        if appos.starts_with(", a ") || appos.starts_with(", an ") || appos.starts_with(", the ") {
            phrase_end = appos[1..].find(',').map_or(stop, |i| phrase_end + 1 + i);
        }
        let phrase = &rest[..phrase_end];
        let lower = phrase.trim_start().to_lowercase();
        if lower.starts_with("calculations") || lower.starts_with("our ") {
            out.push(Found {
                attr: Attribution {
                    name: String::new(),
                    surface: sentence[m.start()..m.end() + phrase.len()]
                        .trim()
                        .to_string(),
                    person: None,
                    organisation: None,
                },
                at: base + m.start(),
                back,
                anaphor: None,
                outlet: true,
            });
            continue;
        }
        let sorgs: Vec<Mention> = s_orgs
            .iter()
            .filter(|o| o.start >= base + m.end() && o.end <= base + m.end() + phrase.len())
            .map(|o| (*o).clone())
            .collect();
        // "по данным ведомства", "according to the ministry", "so das Ministerium": an anaphor,
        // resolved below
        if ANAPHOR
            .find(&sentence[m.start()..])
            .is_some_and(|x| x.start() <= 1)
        {
            continue;
        }
        if sorgs.is_empty() {
            // "по словам президента ассоциации Андрея Волкова": the name after the role
            if let Some(p) = CYR_PERSON
                .captures(phrase)
                .or_else(|| CYR_PERSON_AFTER_ROLE.captures(phrase))
                .and_then(|c| c.get(1))
            {
                let name = transliterate(p.as_str());
                push(
                    &mut out,
                    Attribution {
                        name: name.clone(),
                        surface: sentence[m.start()..m.end() + phrase.len()]
                            .trim()
                            .to_string(),
                        person: Some(name),
                        organisation: None,
                    },
                    base + m.start(),
                );
                continue;
            }
        }
        if let Some(a) = from_phrase(
            phrase,
            base + m.end(),
            &sentence[m.start()..m.end() + phrase.len()],
            &sorgs,
        ) {
            push(&mut out, a, base + m.start());
            // "..., so das Finanzministerium": a trailing credit for the paragraph so far
            if m.as_str()
                .trim_start_matches(|c: char| !c.is_alphabetic())
                .starts_with("so ")
            {
                if let Some(f) = out.last_mut() {
                    f.back = true;
                }
            }
        }
    }
    // "said Lena Hartmann, who leads ...", "Maxim Orlov, chief economist at Sigma Capital, said"
    for c in SAID_PERSON
        .captures_iter(hay(SAID_PERSON_K))
        .chain(PERSON_SAID.captures_iter(hay(PERSON_SAID_K)))
    {
        let Some(p) = c.get(1) else { continue };
        let name = p.as_str().trim().to_string();
        if super::gazetteer::country_of(&name).is_some()
            || s_orgs.iter().any(|o| o.name.contains(name.as_str()))
            || s_orgs
                .iter()
                .any(|o| o.start <= base + p.start() && base + p.end() <= o.end)
        {
            continue;
        }
        let tail_end = c.get(0).map_or(p.end(), |m| m.end());
        let org = s_orgs
            .iter()
            .find(|o| o.start >= base + p.end() && o.start < base + tail_end + 80)
            .map(|o| o.name.clone());
        let name = if name.chars().any(is_cyrillic) {
            transliterate(&name)
        } else {
            name
        };
        push(
            &mut out,
            Attribution {
                name: name.clone(),
                surface: c[0].trim().to_string(),
                person: Some(name),
                organisation: org,
            },
            base + p.start(),
        );
    }
    // "сообщило агентство «Автостат»", "сказал РБК Андрей Соколов", "teilte das Amt mit"
    for v in VERB_BEFORE.find_iter(hay(VERB_BEFORE_K)) {
        let after = &sentence[v.end()..];
        let window = &after[..super::floor_boundary(after, 90)];
        let window = &window[..window.find(['.', ';']).unwrap_or(window.len())];
        // a person named right after the verb (possibly after the outlet told: "сказал РБК")
        let w0 = base + v.end();
        let person = CYR_PERSON
            .captures(window)
            .and_then(|c| c.get(1))
            .map(|p| (w0 + p.start(), p.as_str()))
            .or_else(|| {
                let lead = window.len() - window.trim_start().len();
                let skip = lead + window[lead..].find(char::is_whitespace)?;
                CYR_PERSON
                    .captures(&window[skip..])
                    .and_then(|c| c.get(1))
                    .map(|p| (w0 + skip + p.start(), p.as_str()))
            });
        let org = s_orgs
            .iter()
            .filter(|o| o.start >= w0 && o.start < w0 + window.len())
            .min_by_key(|o| o.start);
        if let Some((_, p)) = person.filter(|(ps, p)| {
            !s_orgs.iter().any(|o| o.start < ps + p.len() && *ps < o.end)
                && super::gazetteer::country_of(p).is_none()
        }) {
            let name = transliterate(p);
            push(
                &mut out,
                Attribution {
                    name: name.clone(),
                    surface: sentence[v.start()..v.end()].trim().to_string(),
                    person: Some(name),
                    organisation: None,
                },
                base + v.start(),
            );
        } else if let Some(o) = org {
            push(
                &mut out,
                Attribution {
                    name: canonical_org(&o.name),
                    surface: text[base + v.start()..o.end].trim().to_string(),
                    person: None,
                    organisation: Some(o.name.clone()),
                },
                base + v.start(),
            );
        }
    }
    // "wie das Finanzministerium in Moskau am Mittwoch mitteilte"
    for v in VERB_FINAL.find_iter(hay(VERB_FINAL_K)) {
        let org = s_orgs
            .iter()
            .filter(|o| o.end <= base + v.start() && o.end + 60 >= base + v.start())
            .filter(|o| !text[o.end..base + v.start()].contains([',', ';', ':']))
            .max_by_key(|o| o.end);
        if let Some(o) = org {
            push(
                &mut out,
                Attribution {
                    name: canonical_org(&o.name),
                    surface: text[o.start..base + v.end()].trim().to_string(),
                    person: None,
                    organisation: Some(o.name.clone()),
                },
                o.start,
            );
        }
    }
    // "Autostat said", "Kpler estimates": one capitalised name right before a reporting verb
    for c in WORD_SAID.captures_iter(hay(WORD_SAID_K)) {
        let Some(w) = c.get(1) else { continue };
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
        if pronoun {
            continue;
        }
        // "The EU says": a country or bloc speaking for itself
        if let Some(country) = super::gazetteer::country_of(name) {
            if c[0].trim_end().ends_with("says") || c[0].trim_end().ends_with("said") {
                push(
                    &mut out,
                    Attribution {
                        name: country.to_string(),
                        surface: c[0].trim().to_string(),
                        person: None,
                        organisation: Some(country.to_string()),
                    },
                    base + w.start(),
                );
            }
            continue;
        }
        // an acronym defined earlier: "the General Administration of Customs (GAC)"
        let defined = text
            .find(&format!("({name})"))
            .and_then(|at| orgs.iter().find(|o| o.end + 1 >= at && o.end <= at));
        let (name, org) = match defined {
            Some(o) => (canonical_org(&o.name), o.name.clone()),
            None => match s_orgs
                .iter()
                .find(|o| o.start <= base + w.start() && base + w.end() <= o.end)
            {
                Some(o) => (canonical_org(&o.name), o.name.clone()),
                None => (canonical_org(name), name.to_string()),
            },
        };
        push(
            &mut out,
            Attribution {
                name,
                surface: c[0].trim().to_string(),
                person: None,
                organisation: Some(org),
            },
            base + w.start(),
        );
    }
    // "X said": an organisation right before a reporting verb
    for o in &s_orgs {
        let after = &text[o.end..];
        if VERB_AFTER.is_match(after) {
            let s = o.start - base;
            let e =
                (o.end - base + after.find(char::is_whitespace).unwrap_or(0)).min(sentence.len());
            push(
                &mut out,
                Attribution {
                    name: canonical_org(&o.name),
                    surface: sentence[s..e].to_string(),
                    person: None,
                    organisation: Some(o.name.clone()),
                },
                o.start,
            );
        }
    }
    // "refining executives said"
    for c in GROUP_SAID.captures_iter(hay(GROUP_SAID_K)) {
        let Some(g) = c.get(1) else { continue };
        let words = g.as_str().trim();
        if words.split_whitespace().next().is_some_and(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "the" | "its" | "their" | "these" | "those"
            )
        }) {
            continue;
        }
        let name = words.to_lowercase();
        push(
            &mut out,
            Attribution {
                name: name.clone(),
                surface: c[0].trim().to_string(),
                person: None,
                organisation: None,
            },
            base + g.start(),
        );
    }
    // anaphors: resolved by the builder against what came before
    for c in ANAPHOR.captures_iter(hay(ANAPHOR_K)) {
        let Some(g) = (1..c.len()).find_map(|i| c.get(i)) else {
            continue;
        };
        let head = g.as_str().to_lowercase();
        let at = base + c.get(0).map_or(g.start(), |m| m.start());
        if out.iter().any(|f| f.at.abs_diff(at) < 24) {
            continue;
        }
        let kind = if matches!(head.as_str(), "he" | "she") {
            Anaphor::Person
        } else {
            Anaphor::Org(head)
        };
        out.push(Found {
            attr: Attribution {
                name: String::new(),
                surface: c[0].trim().to_string(),
                person: None,
                organisation: None,
            },
            at,
            back: true,
            anaphor: Some(kind),
            outlet: false,
        });
    }
    out.sort_by_key(|f| f.at);
    out
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Latin spelling of a Cyrillic name (a simple passport-style table), so that "Андрей Соколов"
/// reads "Andrei Sokolov" in the ledger.
pub(super) fn transliterate(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let t = match lower {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'ґ' => "g",
            'д' => "d",
            'е' => "e",
            'ё' => "e",
            'є' => "ye",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'і' => "i",
            'ї' => "yi",
            'й' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' | '\'' | '’' => "",
            'ы' => "y",
            'э' => "e",
            'ю' => "yu",
            'я' => "ya",
            _ => {
                out.push(c);
                continue;
            }
        };
        if c.is_uppercase() {
            let mut it = t.chars();
            if let Some(f) = it.next() {
                out.extend(f.to_uppercase());
                out.push_str(it.as_str());
            }
        } else {
            out.push_str(t);
        }
    }
    out
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
        in_sentence(s, 0, s, &orgs)
            .into_iter()
            .next()
            .map(|f| f.attr.name)
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

    /// The set says of each sentence pattern what the pattern itself says: its index names the
    /// right pattern, so a sentence skips only the searches that cannot match.
    #[test]
    fn sentence_set_matches_like_each_pattern() {
        let patterns: [(usize, &Regex); 9] = [
            (POINTS_BACK_K, &POINTS_BACK),
            (CUE_BEFORE_K, &CUE_BEFORE),
            (SAID_PERSON_K, &SAID_PERSON),
            (PERSON_SAID_K, &PERSON_SAID),
            (VERB_BEFORE_K, &VERB_BEFORE),
            (VERB_FINAL_K, &VERB_FINAL),
            (WORD_SAID_K, &WORD_SAID),
            (GROUP_SAID_K, &GROUP_SAID),
            (ANAPHOR_K, &ANAPHOR),
        ];
        let check = |t: &str| {
            let hit = SENTENCE_SET.matches(t);
            for (k, re) in patterns {
                assert_eq!(hit.matched(k), re.is_match(t), "pattern {k} on {t:?}");
            }
        };
        assert!(patterns.iter().all(|(_, re)| !re.is_match("")));
        for t in [
            "This is what Maxim Orlov, chief economist at Sigma Capital, said on Monday.",
            "According to the ministry, exports rose; the ministry said imports fell, he added.",
            "said Lena Hartmann, who leads the team. Kpler estimates 5%, traders said.",
            "По данным ведомства, экспорт вырос, сообщил Андрей Соколов. Про це повідомило Мінфін.",
            "wie das Finanzministerium mitteilte, so das Ministerium; Das geht aus Daten hervor.",
            "",
        ] {
            check(t);
        }
        let pieces = [
            "According",
            "according to",
            " to ",
            "the ",
            "The ",
            "ministry",
            " said",
            " says",
            "said ",
            "Reuters",
            " Maxim",
            " Orlov",
            "Kpler",
            " estimates",
            "analysts",
            " traders",
            ", ",
            ". ",
            " ",
            "\n",
            "he",
            "She",
            "по данным",
            " ведомства",
            "сообщил",
            " Андрей",
            " Соколов",
            "Про це",
            "так",
            "mitteilte",
            "hervor",
            "so das",
            " Ministerium",
            "Das",
            "data",
            " showed",
            "ACCORDING",
            "\u{17f}aid",
            "\u{212a}pler",
            "-",
            "’s",
            "ü",
            "3%",
        ];
        for t in super::super::tokens::random_texts(&pieces, 20_000) {
            check(&t);
        }
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
