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

/// Detects the language of `text` from its first 4 kB.
///
/// One pass over the bytes counts Cyrillic and Latin letters, the Ukrainian and Russian marks,
/// and the English and German function words (words split on non-letters, ASCII case ignored,
/// up to six bytes long) together with German words that carry an umlaut or `ß`.
pub fn detect(text: &str) -> Lang {
    let head = &text[..super::floor_boundary(text, 4096)];
    let b = head.as_bytes();
    let (mut cyr, mut latin, mut uk_marks, mut ru_marks) = (0usize, 0usize, 0usize, 0usize);
    let (mut en, mut de) = (0usize, 0usize);
    // the current word: its first byte (when in one) and whether it has an umlaut or ß
    let mut word: Option<usize> = None;
    let mut umlaut = false;
    // counts nothing for a word of one byte or over six without an umlaut: the ASCII loop tests
    // that before the call (most words)
    let mut end_word = |from: usize, to: usize, umlaut: bool| {
        match function_word(&b[from..to]) {
            Some(Lang::En) => en += 1,
            Some(_) => de += 1,
            None => {}
        }
        if umlaut {
            de += 1;
        }
    };
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x.is_ascii() {
            if x.is_ascii_alphabetic() {
                let from = i;
                i += 1;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                latin += i - from;
                word.get_or_insert(from);
            } else {
                if let Some(from) = word.take() {
                    if umlaut || (2..=6).contains(&(i - from)) {
                        end_word(from, i, umlaut);
                    }
                    umlaut = false;
                }
                i += 1;
            }
            continue;
        }
        // the Cyrillic letters U+0400..U+047F, two bytes each
        if matches!(x, 0xD0 | 0xD1) {
            if let Some(&y) = b.get(i + 1) {
                let c = (usize::from(x & 1) << 6) | usize::from(y & 0x3F);
                match CYRILLIC_MARKS[c] {
                    Mark::Uk => uk_marks += 1,
                    Mark::Ru => ru_marks += 1,
                    Mark::None => {}
                }
                cyr += 1;
                word.get_or_insert(i);
                i += 2;
                continue;
            }
        }
        let c = char_at(head, i);
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
            _ => {}
        }
        if matches!(c, '\u{400}'..='\u{45F}') || c.is_alphabetic() {
            word.get_or_insert(i);
            umlaut |= matches!(c, 'ä' | 'ö' | 'ü' | 'ß');
        } else if let Some(from) = word.take() {
            end_word(from, i, umlaut);
            umlaut = false;
        }
        i += c.len_utf8();
    }
    if let Some(from) = word {
        end_word(from, b.len(), umlaut);
    }
    if cyr > latin {
        return if uk_marks > ru_marks {
            Lang::Uk
        } else {
            Lang::Ru
        };
    }
    if de > en {
        Lang::De
    } else {
        Lang::En
    }
}

#[derive(Clone, Copy)]
enum Mark {
    None,
    Uk,
    Ru,
}

/// The Ukrainian and Russian marks among U+0400..U+047F, by `c - 0x400`.
const CYRILLIC_MARKS: [Mark; 128] = {
    let mut t = [Mark::None; 128];
    let uk = ['і', 'ї', 'є', 'І', 'Ї', 'Є'];
    let ru = ['ы', 'э', 'ё', 'ъ', 'Ы', 'Э', 'Ё'];
    let mut k = 0;
    while k < uk.len() {
        t[uk[k] as usize - 0x400] = Mark::Uk;
        k += 1;
    }
    k = 0;
    while k < ru.len() {
        t[ru[k] as usize - 0x400] = Mark::Ru;
        k += 1;
    }
    t
};

/// The non-ASCII char that starts at byte `i` of `s` (a char boundary below `s.len()`); the
/// two-byte ones (Latin-1, Cyrillic), nearly all of them in news text, decoded by hand.
fn char_at(s: &str, i: usize) -> char {
    let b = s.as_bytes();
    if b[i] & 0xE0 == 0xC0 {
        if let Some(&y) = b.get(i + 1) {
            let c = (u32::from(b[i] & 0x1F) << 6) | u32::from(y & 0x3F);
            return char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER);
        }
    }
    s[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Bit `c - b'a'` set for each letter `c` of `letters`.
const fn first_letters(letters: &[u8]) -> u32 {
    let mut m = 0;
    let mut i = 0;
    while i < letters.len() {
        m |= 1 << (letters[i] - b'a');
        i += 1;
    }
    m
}

/// Bit `(c & 0x1F)` of entry `w[0] - b'a'` set for each word `w` of `words`, `c` its second byte.
const fn first_pairs(words: &[&[u8]]) -> [u32; 26] {
    let mut t = [0; 26];
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        t[(w[0] - b'a') as usize] |= 1 << (w[1] & 0x1F);
        i += 1;
    }
    t
}

/// `Lang::En` or `Lang::De` when `w` is one of their function words (ASCII case ignored).
fn function_word(w: &[u8]) -> Option<Lang> {
    // two to six bytes, and first letters of function words: most words fail here
    const FIRSTS: u32 = first_letters(b"adfimnostuvw");
    let first = w
        .first()
        .map_or(u8::MAX, |&c| (c | 0x20).wrapping_sub(b'a'));
    if !(2..=6).contains(&w.len()) || first >= 26 || FIRSTS >> first & 1 == 0 {
        return None;
    }
    // and their first two bytes (the second one's low five bits, case ignored): "de", "im" pass,
    // "as", "do", "it" stop here
    const PAIRS: [u32; 26] = first_pairs(&[
        b"the",
        b"and",
        b"of",
        b"to",
        b"in",
        b"is",
        b"that",
        b"with",
        b"for",
        b"from",
        b"der",
        b"die",
        b"das",
        b"und",
        b"nicht",
        b"ist",
        b"mit",
        b"von",
        b"den",
        b"im",
        b"auf",
        b"f\xc3\xbcr",
        b"sich",
    ]);
    if PAIRS[usize::from(first)] >> (w[1] & 0x1F) & 1 == 0 {
        return None;
    }
    let mut buf = [0u8; 6];
    for (d, s) in buf.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    match &buf[..w.len()] {
        b"the" | b"and" | b"of" | b"to" | b"in" | b"is" | b"that" | b"with" | b"for" | b"from" => {
            Some(Lang::En)
        }
        b"der" | b"die" | b"das" | b"und" | b"nicht" | b"ist" | b"mit" | b"von" | b"den"
        | b"im" | b"auf" | b"f\xc3\xbcr" | b"sich" => Some(Lang::De),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first-two-bytes filter turns away no function word: every word of up to four bytes
    /// over their letters in both cases, and "für", is read as the plain match reads it.
    #[test]
    fn function_words_pass_the_pair_filter() {
        fn plain(w: &[u8]) -> Option<Lang> {
            match w.to_ascii_lowercase().as_slice() {
                b"the" | b"and" | b"of" | b"to" | b"in" | b"is" | b"that" | b"with" | b"for"
                | b"from" => Some(Lang::En),
                b"der" | b"die" | b"das" | b"und" | b"nicht" | b"ist" | b"mit" | b"von"
                | b"den" | b"im" | b"auf" | b"f\xc3\xbcr" | b"sich" => Some(Lang::De),
                _ => None,
            }
        }
        let letters = b"thaenodfrmiswucvATHENODFRMISWUCV\xc3\xbc";
        let mut words: Vec<Vec<u8>> = vec![b"f\xc3\xbcr".to_vec(), b"F\xc3\xbcR".to_vec()];
        for &a in letters {
            for &b in letters {
                words.push(vec![a, b]);
                for &c in letters {
                    words.push(vec![a, b, c]);
                    words.extend(letters.iter().map(|&d| vec![a, b, c, d]));
                }
            }
        }
        for w in ["nicht", "NICHT", "sich", "With", "from", "that"] {
            words.push(w.as_bytes().to_vec());
        }
        let mut hits = 0;
        for w in &words {
            hits += usize::from(plain(w).is_some());
            assert_eq!(function_word(w), plain(w), "{w:?}");
        }
        assert!(hits > 50, "{hits}");
    }

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

    /// The counting rule spelled out the slow way: letters per script, then words split on
    /// non-letters; the one-pass detector must agree with it.
    fn detect_by_words(text: &str) -> Lang {
        let head = &text[..super::super::floor_boundary(text, 4096)];
        let cyr = |c: &char| matches!(c, '\u{400}'..='\u{4FF}');
        let count = |set: &str| head.chars().filter(|c| set.contains(*c)).count();
        let (uk, ru) = (count("іїєґІЇЄҐ"), count("ыэёъЫЭЁ"));
        if head.chars().filter(cyr).count() > head.chars().filter(char::is_ascii_alphabetic).count()
        {
            return if uk > ru { Lang::Uk } else { Lang::Ru };
        }
        let (mut en, mut de) = (0, 0);
        for w in head
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            match function_word(w.as_bytes()) {
                Some(Lang::En) => en += 1,
                Some(_) => de += 1,
                None => {}
            }
            de += usize::from(w.contains(['ä', 'ö', 'ü', 'ß']));
        }
        if de > en {
            Lang::De
        } else {
            Lang::En
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_agrees_with_word_split(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "the ", "THE", "Für ", "FÜR ", "für", "über ", "Straße", "und ", "Und-", "of",
                "sich,", "nicht.", "в ", "і", "ё", "рублей ", "ґ", "ß", "ü", "x", "5%", "2023 ",
                "\u{482}", "\u{483}", "ѣ", "Ѫ", "é", "😀", "\u{a0}", "-", "'", "Q1 ", "in", "is",
            ][..]), 0..60)
        ) {
            let s: String = parts.concat();
            proptest::prop_assert_eq!(detect(&s), detect_by_words(&s));
        }
    }

    /// Function words count only where they stand alone, in any ASCII case.
    #[test]
    fn function_words_are_whole_words() {
        assert_eq!(function_word(b"THE"), Some(Lang::En));
        assert_eq!(function_word("Für".as_bytes()), Some(Lang::De));
        assert_eq!(function_word(b"theirs"), None);
        assert_eq!(function_word(b"nichtsx"), None);
        assert_eq!(detect("Der Umsatz und die Kosten, the end"), Lang::De);
    }
}
