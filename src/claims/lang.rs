//! Language detection for the four languages the recogniser reads: English, German, Russian and
//! Ukrainian.
//!
//! Why: the decimal separator flips between them (`1,5 Mrd.` is 1.5e9, `1,500` is 1500) and the
//! scale, currency and period words differ. Detection is a cheap count of script and function
//! words over the first 4 kB, enough for news articles.

use serde::{Deserialize, Serialize};

/// A text language, serialised as its ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "de")]
    De,
    #[serde(rename = "ru")]
    Ru,
    #[serde(rename = "uk")]
    Uk,
}

impl Lang {
    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Ru => "ru",
            Lang::Uk => "uk",
        }
    }

    /// True where `,` is the decimal separator.
    pub fn decimal_comma(self) -> bool {
        !matches!(self, Lang::En)
    }
}

const EN_WORDS: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "that", "with", "for", "from",
];
const DE_WORDS: &[&str] = &[
    "der", "die", "das", "und", "nicht", "ist", "mit", "von", "den", "im", "auf", "für", "sich",
];

/// Detects the language of `text` from its first 4 kB.
pub fn detect(text: &str) -> Lang {
    let head = &text[..super::floor_boundary(text, 4096)];
    let (mut cyr, mut latin, mut uk_marks, mut ru_marks) = (0usize, 0usize, 0usize, 0usize);
    for c in head.chars() {
        match c {
            'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => {
                cyr += 1;
                uk_marks += 1
            }
            'ы' | 'э' | 'ё' | 'ъ' | 'Ы' | 'Э' | 'Ё' => {
                cyr += 1;
                ru_marks += 1
            }
            '\u{0400}'..='\u{04FF}' => cyr += 1,
            'a'..='z' | 'A'..='Z' => latin += 1,
            _ => {}
        }
    }
    if cyr > latin {
        return if uk_marks > ru_marks {
            Lang::Uk
        } else {
            Lang::Ru
        };
    }
    let (mut en, mut de) = (0usize, 0usize);
    for w in head.split(|c: char| !c.is_alphabetic()) {
        if w.is_empty() {
            continue;
        }
        // no function word is longer than six bytes
        if w.len() <= 6 {
            if EN_WORDS.iter().any(|x| x.eq_ignore_ascii_case(w)) {
                en += 1;
            } else if DE_WORDS.iter().any(|x| x.eq_ignore_ascii_case(w)) {
                de += 1;
            }
        }
        if w.contains(['ä', 'ö', 'ü', 'ß']) {
            de += 1;
        }
    }
    if de > en {
        Lang::De
    } else {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_language() {
        assert_eq!(
            detect("China's exports to Russia rose by 36% in the first half."),
            Lang::En
        );
        assert_eq!(
            detect(
                "Die Exporte Chinas nach Russland sind im ersten Halbjahr um 36 Prozent gestiegen."
            ),
            Lang::De
        );
        assert_eq!(
            detect("Экспорт Китая в Россию вырос на 36% за первые семь месяцев."),
            Lang::Ru
        );
        assert_eq!(
            detect("Експорт Китаю до Росії зріс на 36% за перші сім місяців."),
            Lang::Uk
        );
    }
}
