//! Language from the text when the page does not declare it: script first (Cyrillic, Greek,
//! Arabic, CJK...), then stopword counts among Latin- and Cyrillic-script languages.

const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "said",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "das", "nicht", "ist", "mit", "den", "von", "sich", "auch",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "et", "des", "est", "une", "dans", "pour", "que", "qui",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "y", "del", "que", "en", "por", "una", "para", "con",
        ],
    ),
    (
        "it",
        &[
            "il", "della", "che", "di", "e", "per", "una", "sono", "nel", "gli", "non",
        ],
    ),
    (
        "pl",
        &[
            "i", "w", "na", "nie", "z", "się", "do", "że", "jest", "to", "od",
        ],
    ),
    (
        "ru",
        &[
            "и", "в", "не", "на", "что", "с", "по", "это", "как", "из", "его", "года",
        ],
    ),
    (
        "uk",
        &[
            "і", "в", "не", "на", "що", "з", "та", "це", "як", "до", "його", "року",
        ],
    ),
];

/// Best guess at the ISO 639-1 code of `text`, or `None` when there is too little to go on.
pub(super) fn detect(text: &str) -> Option<String> {
    let sample: String = text.chars().take(5000).collect();
    let (mut latin, mut cyr, mut other) = (0usize, 0usize, None);
    for c in sample.chars().filter(|c| c.is_alphabetic()) {
        match c as u32 {
            0x41..=0x24F => latin += 1,
            0x400..=0x4FF => cyr += 1,
            0x370..=0x3FF => other = other.or(Some("el")),
            0x600..=0x6FF => other = other.or(Some("ar")),
            0x5D0..=0x5EA => other = other.or(Some("he")),
            0x3040..=0x30FF => return Some("ja".into()),
            0xAC00..=0xD7AF => return Some("ko".into()),
            0x4E00..=0x9FFF => other = other.or(Some("zh")),
            _ => {}
        }
    }
    if latin + cyr < 20 {
        return other.map(String::from);
    }
    // Ukrainian letters that Russian lacks decide between the two.
    if cyr > latin {
        let uk = sample
            .chars()
            .filter(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є'))
            .count();
        return Some(if uk * 200 > cyr { "uk" } else { "ru" }.into());
    }
    let words: Vec<String> = sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    STOPWORDS
        .iter()
        .filter(|(code, _)| !matches!(*code, "ru" | "uk"))
        .map(|(code, stops)| {
            (
                code,
                words.iter().filter(|w| stops.contains(&w.as_str())).count(),
            )
        })
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n >= 3)
        .map(|(code, _)| (*code).to_string())
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn detects_common_languages() {
        assert_eq!(
            detect("The ministry said that exports of grain fell by a third in the year to March.")
                .as_deref(),
            Some("en")
        );
        assert_eq!(detect("Die Regierung hat die Exporte nicht erhöht, und das ist auch von Bedeutung für den Markt.").as_deref(), Some("de"));
        assert_eq!(detect("Міністерство повідомило, що експорт зерна зріс на третину і це важливо для України.").as_deref(), Some("uk"));
        assert_eq!(
            detect(
                "Министерство сообщило, что экспорт зерна вырос на треть, и это важно для России."
            )
            .as_deref(),
            Some("ru")
        );
        assert_eq!(detect("42"), None);
    }
}
