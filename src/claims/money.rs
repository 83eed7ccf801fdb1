//! Currencies around a number: symbols and codes before it (`US$`, `$`, `€`, `RMB `, `USD `) or
//! words, codes and symbols after it (`yuan`, `roubles`, `Euro`, `рублей`, `доларів`, `грн`, `₽`),
//! mapped to ISO 4217 codes.
//!
//! Single-letter scales (`$20m`, `$2.174T`, `$10k`) are only read here, next to a currency, where
//! they cannot be metres or tonnes.

use std::sync::LazyLock;

use super::delimited::captures_if;
use super::tokens::{is_letter, lowercase, FastMap};
use regex::Regex;

static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?:(?-u:\b)(USD|EUR|GBP|CNY|RMB|RUB|UAH|JPY|INR|CHF|TRY|KZT|BYN|CAD|AUD|HKD|MXN|NZD|Rs\.?|Rp|(?i:usd|eur|gbp|cny|rmb|uah|jpy|chf|cad|aud|hkd|nzd))\s?\$?|(?-u:\b)(US|C|A|HK|NZ|S|NT|R|(?i:us|hk|nz|mex|mxn|aud|cad|nzd|usd|hkd|c)) ?\$|([$€£¥₽₴₹]))\s?-?$",
    )
});

static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)^(?:\s|\u{a0}|-)?((?:U\.?S\.?|American|Hong Kong|Canadian|Australian|Singapore|New Zealand)\s+dollars?|(?:US-)?dollars?|euros?|(?:Chinese\s+)?yuan|renminbi|roubles?|rubles?|hryvnias?|hryvnas?|hryvnya|pounds sterling|pounds|sterling|yen|rupees?|(?:Turkish\s+)?liras?|tenge|swiss francs?|Mexican\s+pesos?|cents?|pence|penny|m(?:usd|eur|gbp)|usd|eur|cny|rmb|rub|uah|gbp|jpy|inr|chf|try|kzt|byn|cad|aud|hkd|mxn|nzd|Rubel|Yuan|Euro|Hrywnja|Griwna|долл(?:ар(?:ов|а|ы)?|\.)|доллар(?:ов|а|ы)?|евро|руб(?:лей|ля|ль|\.)|юан(?:ей|я|ь)|гривен|гривн[ыа]|долар(?:ів|а|и)?|євро|рубл(?:ів|я|ь)|юан(?:ів|я|ь)|гривень|гривн[іяю]|грн\.?|元|[$€£¥₽₴₹₡₾₭])(?:[^\p{L}]|$)",
    )
});

/// Single-letter scales right after the number inside money: `$20m`, `$2.174T`, `£3bn`.
static WEAK_SCALE: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"^\s?([mMkKbBtT])(?:[^\p{L}\p{N}]|$)"));

fn code_iso(code: &str) -> &'static str {
    match code.to_uppercase().trim_end_matches('.') {
        "US" | "USD" => "USD",
        "EUR" => "EUR",
        "GBP" => "GBP",
        "CNY" | "RMB" => "CNY",
        "RUB" => "RUB",
        "UAH" => "UAH",
        "JPY" => "JPY",
        "INR" | "RS" => "INR",
        "CHF" => "CHF",
        "TRY" => "TRY",
        "KZT" => "KZT",
        "BYN" => "BYN",
        "CAD" | "C" => "CAD",
        "AUD" | "A" => "AUD",
        "HKD" | "HK" => "HKD",
        "NZ" => "NZD",
        "S" => "SGD",
        "NT" => "TWD",
        "RP" => "IDR",
        "MEX" | "MXN" => "MXN",
        "NZD" => "NZD",
        "R" => "BRL",
        _ => "USD",
    }
}

fn symbol_iso(s: &str) -> &'static str {
    match s {
        "€" => "EUR",
        "£" => "GBP",
        "¥" => "CNY",
        "₽" => "RUB",
        "₴" => "UAH",
        "₹" => "INR",
        "元" => "CNY",
        "₡" => "CRC",
        "₾" => "GEL",
        "₭" => "LAK",
        _ => "USD",
    }
}

fn word_iso(w: &str) -> &'static str {
    let mut buf = [0; 32];
    let l = lowercase(w, &mut buf);
    let l: &str = &l;
    const CODES: &[&str] = &[
        "usd", "eur", "cny", "rmb", "rub", "uah", "gbp", "jpy", "inr", "chf", "try", "kzt", "byn",
        "cad", "aud", "hkd", "mxn", "nzd",
    ];
    if CODES.contains(&l) {
        return code_iso(l);
    }
    if let Some(code) = l.strip_prefix('m').filter(|c| c.len() == 3) {
        return code_iso(code);
    }
    if l.starts_with("cent") || l == "penny" || l == "pence" {
        return if l.starts_with('p') { "GBP" } else { "USD" };
    }
    if l.starts_with("mexican") {
        return "MXN";
    }
    if l.starts_with("hong kong") {
        "HKD"
    } else if l.starts_with("canadian") {
        "CAD"
    } else if l.starts_with("australian") {
        "AUD"
    } else if l.starts_with("singapore") {
        "SGD"
    } else if l.starts_with("new zealand") {
        "NZD"
    } else if l.contains("dollar") || l.starts_with("долл") || l.starts_with("долар") {
        "USD"
    } else if l.starts_with("euro") || l == "евро" || l == "євро" {
        "EUR"
    } else if l.contains("yuan") || l == "renminbi" || l.starts_with("юан") {
        "CNY"
    } else if l.starts_with("roub") || l.starts_with("rub") || l.starts_with("руб") {
        "RUB"
    } else if l.starts_with("hryv")
        || l.starts_with("hryw")
        || l.starts_with("griw")
        || l.starts_with("грив")
        || l.starts_with("грн")
    {
        "UAH"
    } else if l.contains("pound") || l == "sterling" {
        "GBP"
    } else if l == "yen" {
        "JPY"
    } else if l.starts_with("rupee") {
        "INR"
    } else if l.contains("lira") {
        "TRY"
    } else if l == "tenge" {
        "KZT"
    } else if l.contains("franc") {
        "CHF"
    } else {
        symbol_iso(l)
    }
}

/// A currency right before `start`: (new start, ISO code).
pub(super) fn before(text: &str, start: usize) -> Option<(usize, &'static str)> {
    let left = super::left_window(text, start, 8);
    if !may_end_in_currency(left) {
        return None;
    }
    let m = BEFORE.find(left)?;
    Some((start - left.len() + m.start(), before_iso(m.as_str())))
}

/// The ISO code of a `BEFORE` match, read off the match (the capture search cost a thousand
/// instructions a figure): every alternative starts with its code, prefix or sign, and only
/// white space, a `$` and a hyphen follow. Groups 1 and 2 both go through `code_iso`, so which
/// of them matched makes no difference.
fn before_iso(m: &str) -> &'static str {
    let s = m.strip_suffix('-').unwrap_or(m).trim_end();
    if let Some(prefix) = s.strip_suffix('$') {
        let prefix = prefix.trim_end();
        return if prefix.is_empty() {
            symbol_iso("$")
        } else {
            code_iso(prefix)
        };
    }
    match s.char_indices().next_back() {
        Some((at, '€' | '£' | '¥' | '₽' | '₴' | '₹')) => symbol_iso(&s[at..]),
        _ => code_iso(s),
    }
}

/// Whether `BEFORE` can match `left`: past its trailing white space and hyphens a match ends in
/// a currency sign, a dot ("Rs.") or a code of two or three ASCII letters that starts at an ASCII
/// word boundary. Most numbers follow a longer word and skip the search.
fn may_end_in_currency(left: &str) -> bool {
    let s = left.trim_end_matches(|c: char| c.is_whitespace() || c == '-');
    match s.chars().next_back() {
        Some('$' | '€' | '£' | '¥' | '₽' | '₴' | '₹' | '.') => true,
        Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
            let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
            (2..=3).contains(&s.bytes().rev().take_while(word).count())
        }
        _ => false,
    }
}

/// How `after` reads a word of ASCII or basic Cyrillic letters (lower case) that `AFTER` may take.
#[derive(Clone, Copy)]
enum Reading {
    /// the currency is the whole word
    Word,
    /// the word with the dot after it ("руб.", "долл.")
    Dot,
    /// the word with or without the dot after it ("грн.", "грн")
    MaybeDot,
    /// a currency that may go on past the word ("U.S. dollars", "pounds sterling"): the regex's
    Pattern,
}

static AFTER_WORDS: LazyLock<FastMap<&'static str, Reading>> = LazyLock::new(|| {
    let words = "dollar dollars euro euros yuan renminbi rouble roubles ruble rubles hryvnia \
                 hryvnias hryvna hryvnas hryvnya sterling yen rupee rupees lira liras tenge cent \
                 cents pence penny musd meur mgbp usd eur cny rmb rub uah gbp jpy inr chf try kzt \
                 byn cad aud hkd mxn nzd rubel hrywnja griwna доллар доллары доллара долларов \
                 евро рублей рубля рубль юаней юаня юань гривен гривны гривна долар доларів \
                 долара долари євро рублів юанів гривень гривні гривня гривню";
    let longer = "u us american hong canadian australian singapore new chinese pounds turkish \
                  swiss mexican";
    let mut m: FastMap<&'static str, Reading> = words
        .split_whitespace()
        .map(|w| (w, Reading::Word))
        .chain(longer.split_whitespace().map(|w| (w, Reading::Pattern)))
        .collect();
    m.insert("руб", Reading::Dot);
    m.insert("долл", Reading::Dot);
    m.insert("грн", Reading::MaybeDot);
    m
});

/// A currency right after `end`: (new end, ISO code, factor). Sub-units scale the value
/// ("34 cents" is 0.34 USD, "470 pence" 4.70 GBP); "30 MUSD" is 30 million USD.
pub(super) fn after(text: &str, end: usize) -> Option<(usize, &'static str, f64)> {
    // `AFTER` read by hand for a word of ASCII or basic Cyrillic letters: one optional space or
    // hyphen, then a whole currency word (a word of such letters ends on a char that is no
    // letter). Symbols, other scripts and words that may go on are the regex's.
    let rest = &text[end..];
    let mut chars = rest.chars();
    let at = match chars.next() {
        Some(c) if c.is_whitespace() || c == '-' => c.len_utf8(),
        _ => 0,
    };
    let first = rest[at..].chars().next()?;
    let plain = |c: char| c.is_ascii_alphabetic() || matches!(c, '\u{400}'..='\u{45F}');
    if !plain(first) {
        // a letter of another script may fold to one of a currency ("ſterling"); nothing that
        // is no letter does
        let symbol = matches!(
            first,
            '$' | '€' | '£' | '¥' | '₽' | '₴' | '₹' | '₡' | '₾' | '₭'
        );
        return if symbol || first.is_alphabetic() {
            after_pattern(text, end)
        } else {
            None
        };
    }
    let word_end = rest[at..]
        .find(|c: char| !is_letter(c))
        .map_or(rest.len(), |n| at + n);
    let word = &rest[at..word_end];
    if !word.chars().all(plain) {
        return after_pattern(text, end);
    }
    let mut buf = [0; 32];
    // longer than any currency word
    let lower = super::tokens::fold_into(word, &mut buf)?;
    let reading = *AFTER_WORDS.get(lower)?;
    let stop = match reading {
        Reading::Word => word_end,
        Reading::Pattern => return after_pattern(text, end),
        Reading::Dot | Reading::MaybeDot if rest[word_end..].starts_with('.') => {
            // the dot is the currency's when no letter follows it (what is not alphabetic is no
            // letter; past ASCII and basic Cyrillic an alphabetic char may be a mark, no \p{L})
            match rest[word_end + 1..].chars().next() {
                Some(c) if c.is_alphabetic() && !plain(c) => return after_pattern(text, end),
                Some(c) if c.is_alphabetic() => match reading {
                    Reading::MaybeDot => word_end,
                    _ => return None,
                },
                _ => word_end + 1,
            }
        }
        Reading::MaybeDot => word_end,
        Reading::Dot => return None,
    };
    currency_after(text, end, at, stop)
}

/// `after` read with `AFTER` alone.
fn after_pattern(text: &str, end: usize) -> Option<(usize, &'static str, f64)> {
    let caps = captures_if(&AFTER, &text[end..])?;
    let m = caps.get(1)?;
    currency_after(text, end, m.start(), m.end())
}

/// The currency `text[end + start..end + stop]` read by `after`.
fn currency_after(
    text: &str,
    end: usize,
    start: usize,
    stop: usize,
) -> Option<(usize, &'static str, f64)> {
    let m = &text[end + start..end + stop];
    // "3 USD50 cards", "1 $10 bill": a code or symbol right before digits is theirs
    let rest = &text[end + stop..];
    let symbol = !m.starts_with(char::is_alphabetic);
    let rest = if symbol { rest.trim_start() } else { rest };
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut buf = [0; 32];
    let w = lowercase(m, &mut buf);
    let factor = if w.starts_with("cent") || w == "pence" || w == "penny" {
        0.01
    } else if w.len() == 4 && w.starts_with('m') && w.is_ascii() {
        1e6
    } else {
        1.0
    };
    Some((end + stop, word_iso(m), factor))
}

/// A single-letter scale right after a money number: (new end, factor).
pub(super) fn weak_scale(text: &str, end: usize) -> Option<(usize, f64)> {
    let caps = captures_if(&WEAK_SCALE, &text[end..])?;
    let m = caps.get(1)?;
    let f = match m.as_str() {
        "k" | "K" => 1e3,
        "m" | "M" => 1e6,
        "b" | "B" => 1e9,
        _ => 1e12,
    };
    Some((end + m.end(), f))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick test before `BEFORE` never turns away a window the regex matches: every end of
    /// fixed and random texts.
    #[test]
    fn quick_test_keeps_every_match_before() {
        let pieces = [
            "USD", "usd", "Usd", "EUR", "Rs", "Rs.", "Rp", "US", "HK", "C", "mex", "NT", "S", "£",
            "¥", "₽", "₴", "₹", "_", "9", "é", " ", "-", "rose", "\u{2003}",
        ];
        let fixed = "costs USD 5, US$ 4, Rs. 3, HK$-2, €- 1, xUSD 7, _EUR 8, ₹ 9, rose 6";
        let mut matches = 0;
        super::super::tokens::for_every_cut(&pieces, fixed, |text, end| {
            let left = super::super::left_window(text, end, 8);
            if BEFORE.is_match(left) {
                matches += 1;
                assert!(may_end_in_currency(left), "{left:?}");
            }
        });
        assert!(matches > 1000, "{matches}");
    }

    /// `before` as it read the currency from the capture groups.
    fn before_by_captures(text: &str, start: usize) -> Option<(usize, &'static str)> {
        let left = super::super::left_window(text, start, 8);
        let caps = captures_if(&BEFORE, left)?;
        let m = caps.get(0)?;
        let base = start - left.len();
        let iso = if let Some(c) = caps.get(1) {
            code_iso(c.as_str())
        } else if let Some(c) = caps.get(2) {
            code_iso(c.as_str())
        } else {
            symbol_iso(caps.get(3)?.as_str())
        };
        Some((base + m.start(), iso))
    }

    /// The code read off the match is the one the capture groups gave, at every end of fixed
    /// and random texts.
    #[test]
    fn before_reads_the_groups_off_the_match() {
        let pieces = [
            "USD", "usd", "Usd", "EUR", "Rs", "Rs.", "Rp", "US", "HK", "C", "A", "R", "mex", "NT",
            "S", "nzd", "£", "¥", "₽", "₴", "₹", "$", "$", "9", " ", "-", "\u{2003}",
        ];
        let fixed = "costs USD 5, US$ 4, Rs. 3, HK$-2, €- 1, USD$ 7, C $8, Rs.$ 9, $ - 6";
        let mut found = 0;
        super::super::tokens::for_every_cut(&pieces, fixed, |text, end| {
            let want = before_by_captures(text, end);
            found += usize::from(want.is_some());
            assert_eq!(before(text, end), want, "{:?}", &text[..end]);
        });
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn symbols_and_codes_before() {
        let t = "worth US$134 billion";
        assert_eq!(before(t, 9), Some((6, "USD")));
        let t = "RMB 243.03 billion";
        assert_eq!(before(t, 4), Some((0, "CNY")));
        assert_eq!(before("€3", 3), Some((0, "EUR")));
        assert_eq!(before("HK$3", 3), Some((0, "HKD")));
        assert_eq!(before("USD 20m", 4), Some((0, "USD")));
        assert_eq!(before("to hk $ 10", 8), Some((3, "HKD")));
        assert_eq!(before("mxn$ 15", 5), Some((0, "MXN")));
        assert_eq!(before("cars 20", 5), None);
        assert_eq!(before("cost c $ 4", 9), Some((5, "CAD")));
        assert_eq!(before("pay usd 20", 8), Some((4, "USD")));
        // "try" is a word, not the Turkish lira
        assert_eq!(before("try 20", 4), None);
        // the sign between symbol and digits: "$-99.99"
        assert_eq!(before("a $-9", 4), Some((2, "USD")));
    }

    /// The hand reader of `after` answers as the regex, at every char of a fixed text and of
    /// made-up ones.
    #[test]
    fn after_agrees_with_its_regex() {
        use super::super::tokens::{random_texts, TRICKY};
        let fixed = "5 U.S. dollars 6 US-Dollar 7 pounds sterling 8 Pounds 9 долл. 1 руб. 2 грн. \
                     3 грн 4 ГРН.x 5 Euros 6-yuan 7\u{a0}CENTS 8 MUSD 9 try 1 TRY 2 euroſ 3 ſterling \
                     4 $5 5 $ 6 € 7 元 8 Chinese  yuan 9 Swiss franc 1 francs 2 pesos 3 Mexican peso \
                     4 рублей 5 Рубля 6 гривню 7 євро 8 юанів 9 dollarx 1 rubel 2 ᲁоллар 3 dollarѐ 4 руб.» \
                     5 руб.x 6 ДОЛЛ., 7 долл 8 грн.ї 9 руб.\u{345} 1 –85% 2 руб.é 3 грн.é 4 грн";
        let pieces = [
            "dollar",
            "Dollars",
            "U.S.",
            "US",
            "-",
            "pounds",
            " sterling",
            "yuan",
            "Chinese",
            "euro",
            "руб",
            "долл",
            "грн",
            "гривн",
            "ы",
            "юань",
            "MUSD",
            "cents",
            "s",
            "Hong Kong",
            "€",
        ];
        let mut texts = vec![fixed.to_string()];
        let mut all = pieces.to_vec();
        all.extend(TRICKY);
        texts.extend(random_texts(&all, 5_000));
        for t in &texts {
            for end in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                assert_eq!(after(t, end), after_pattern(t, end), "{t:?} at {end}");
            }
        }
    }

    #[test]
    fn words_after() {
        let t = "243.03 billion yuan in";
        assert_eq!(after(t, 14), Some((19, "CNY", 1.0)));
        assert_eq!(after("34 cents a share", 2), Some((8, "USD", 0.01)));
        assert_eq!(after("470 pence", 3), Some((9, "GBP", 0.01)));
        assert_eq!(after("30 MUSD", 2), Some((7, "USD", 1e6)));
        assert_eq!(after("10 turkish lira", 2).map(|x| x.1), Some("TRY"));
        assert_eq!(after("100元", 3).map(|x| x.1), Some("CNY"));
        assert_eq!(after("5 roubles", 1).map(|x| x.1), Some("RUB"));
        assert_eq!(after("5 рублей", 1).map(|x| x.1), Some("RUB"));
        assert_eq!(after("5 доларів", 1).map(|x| x.1), Some("USD"));
        assert_eq!(after("5 Euro", 1).map(|x| x.1), Some("EUR"));
        assert_eq!(after("5 грн", 1).map(|x| x.1), Some("UAH"));
        assert_eq!(after("5 Canadian dollars", 1).map(|x| x.1), Some("CAD"));
        assert_eq!(after("5 cars", 1), None);
        assert_eq!(after("3 USD50 cards", 1), None);
        assert_eq!(after("1 $ 10 bill", 1), None);
        assert_eq!(after("10 $ and", 2), Some((4, "USD", 1.0)));
    }
}
