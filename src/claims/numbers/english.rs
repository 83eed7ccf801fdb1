//! English numbers written as words, found over tokens and valued by a small grammar:
//!
//! ```text
//! "one hundred and five"            105       "two and a half million"        2.5e6
//! "a third", "three quarters"       1/3, 3/4  "one hundred and three quarters" 100.75
//! "one hundred thirty-fifths"       100/35    "one million and a half"         1.5e6
//! "two hundred point zero three"    200.03    "half a dozen", "half a million" 6, 5e5
//! "two thirds of a million"         666,667   "three hundred and two dozen"    324
//! ```
//!
//! The finder takes the longest run of number words (with "and", "a", "of a", "point" and
//! hyphens between them) and cuts it back until it parses, so "seven eight" is two numbers,
//! "three-nought-four" three, and "the fifth month" none: an ordinal is a fraction only after a
//! numerator ("a fifth", "three fifths"), except "half".

use super::super::tokens::{class, TokKind, Toks};

pub(super) const NUM_WORDS: &[&str] = &[
    "zero",
    "nought",
    "naught",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "million",
    "billion",
    "trillion",
    "dozen",
    "dozens",
    "half",
    "halves",
    "quarter",
    "quarters",
    "first",
    "firsts",
    "second",
    "seconds",
    "third",
    "thirds",
    "fourth",
    "fourths",
    "fifth",
    "fifths",
    "sixth",
    "sixths",
    "seventh",
    "sevenths",
    "eighth",
    "eighths",
    "ninth",
    "ninths",
    "tenth",
    "tenths",
    "eleventh",
    "elevenths",
    "twelfth",
    "twelfths",
    "thirteenth",
    "thirteenths",
    "fourteenth",
    "fourteenths",
    "fifteenth",
    "fifteenths",
    "sixteenth",
    "sixteenths",
    "seventeenth",
    "seventeenths",
    "eighteenth",
    "eighteenths",
    "nineteenth",
    "nineteenths",
    "twentieth",
    "twentieths",
    "thirtieth",
    "thirtieths",
    "fortieth",
    "fortieths",
    "fiftieth",
    "fiftieths",
    "sixtieth",
    "sixtieths",
    "seventieth",
    "seventieths",
    "eightieth",
    "eightieths",
    "ninetieth",
    "ninetieths",
    "hundredth",
    "hundredths",
    "thousandth",
    "thousandths",
    "millionth",
    "millionths",
    "billionth",
    "billionths",
    "trillionth",
    "trillionths",
];

/// Cardinal words 0..=19.
pub(in super::super) fn unit_value(w: &str) -> Option<f64> {
    Some(match w {
        "zero" | "nought" | "naught" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        _ => return None,
    })
}

/// Tens words 20..=90.
pub(in super::super) fn tens_value(w: &str) -> Option<f64> {
    Some(match w {
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

/// "thousand" and up.
fn scale_value(w: &str) -> Option<f64> {
    Some(match w {
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

/// What an ordinal can follow in a denominator ("thirty fifths", "one hundred and fifth").
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ordinal {
    /// first..ninth: after a tens word, "hundred" or a scale word, or alone from "third" up.
    Unit,
    /// tenth..nineteenth, twentieth..ninetieth: after "hundred" or a scale word, or alone.
    Round,
    /// hundredth..trillionth: alone.
    Scale,
    /// half, quarter: alone.
    Plain,
}

/// An ordinal or fraction word: (the number it names, its class).
fn ordinal(w: &str) -> Option<(f64, Ordinal)> {
    use Ordinal::{Plain, Round, Scale, Unit};
    match w {
        "half" | "halves" => return Some((2.0, Plain)),
        "quarter" | "quarters" => return Some((4.0, Plain)),
        _ => {}
    }
    let s = w.strip_suffix('s').unwrap_or(w);
    Some(match s {
        "first" => (1.0, Unit),
        "second" => (2.0, Unit),
        "third" => (3.0, Unit),
        "fourth" => (4.0, Unit),
        "fifth" => (5.0, Unit),
        "sixth" => (6.0, Unit),
        "seventh" => (7.0, Unit),
        "eighth" => (8.0, Unit),
        "ninth" => (9.0, Unit),
        "tenth" => (10.0, Round),
        "eleventh" => (11.0, Round),
        "twelfth" => (12.0, Round),
        "thirteenth" => (13.0, Round),
        "fourteenth" => (14.0, Round),
        "fifteenth" => (15.0, Round),
        "sixteenth" => (16.0, Round),
        "seventeenth" => (17.0, Round),
        "eighteenth" => (18.0, Round),
        "nineteenth" => (19.0, Round),
        "twentieth" => (20.0, Round),
        "thirtieth" => (30.0, Round),
        "fortieth" => (40.0, Round),
        "fiftieth" => (50.0, Round),
        "sixtieth" => (60.0, Round),
        "seventieth" => (70.0, Round),
        "eightieth" => (80.0, Round),
        "ninetieth" => (90.0, Round),
        "hundredth" => (1e2, Scale),
        "thousandth" => (1e3, Scale),
        "millionth" => (1e6, Scale),
        "billionth" => (1e9, Scale),
        "trillionth" => (1e12, Scale),
        _ => return None,
    })
}

/// One word of a spelled number; `joined` when a hyphen links it to the word before.
#[derive(Debug, Clone, Copy)]
struct Atom<'a> {
    w: &'a str,
    joined: bool,
}

/// Splits lower-cased text into words, marking hyphen links.
fn atoms(s: &str) -> Vec<Atom<'_>> {
    let mut out = Vec::new();
    let mut joined = false;
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_alphabetic() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(st) = start.take() {
            out.push(Atom {
                w: &s[st..i],
                joined,
            });
            joined = false;
        }
        if c == '-' && !out.is_empty() {
            joined = true;
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Last {
    Start,
    A,
    Unit,
    Tens,
    Hundred,
    Scale,
    Dozen,
}

/// A whole number: "one hundred and five", "ninety-five hundred", "three hundred and two dozen".
fn integer(a: &[Atom<'_>]) -> Option<f64> {
    let (mut total, mut group) = (0.0f64, 0.0f64);
    let mut last = Last::Start;
    let mut and = false;
    let mut last_scale = f64::INFINITY;
    for (i, x) in a.iter().enumerate() {
        let w = x.w;
        let unit = unit_value(w);
        if x.joined && !(last == Last::Tens && unit.is_some_and(|v| (1.0..10.0).contains(&v))) {
            return None;
        }
        if w == "and" {
            if and || !matches!(last, Last::Tens | Last::Hundred | Last::Scale) {
                return None;
            }
            and = true;
            continue;
        }
        if matches!(w, "a" | "an") {
            if i != 0 {
                return None;
            }
            group = 1.0;
            last = Last::A;
            continue;
        }
        let was_and = std::mem::take(&mut and);
        if let Some(v) = unit {
            match last {
                Last::Start | Last::Scale | Last::Hundred => group += v,
                Last::Tens if (1.0..10.0).contains(&v) => group += v,
                _ => return None,
            }
            last = Last::Unit;
        } else if let Some(v) = tens_value(w) {
            if !matches!(last, Last::Start | Last::Scale | Last::Hundred) {
                return None;
            }
            group += v;
            last = Last::Tens;
        } else if was_and {
            // "and" is followed by what it adds
            return None;
        } else if matches!(w, "hundred" | "hundreds" | "dozen" | "dozens") {
            // "dozens of", "hundreds of" are vague, not 12 or 100
            let counted = matches!(last, Last::A | Last::Unit | Last::Tens);
            if !(counted || (last == Last::Start && !w.ends_with('s'))) {
                return None;
            }
            let small = group % 100.0;
            let f = if w.starts_with('h') { 100.0 } else { 12.0 };
            let n = if last == Last::Start { 1.0 } else { small };
            group = group - small + n * f;
            last = if w.starts_with('h') {
                Last::Hundred
            } else {
                Last::Dozen
            };
        } else if let Some(f) = scale_value(w) {
            if matches!(last, Last::Scale) {
                return None;
            }
            let n = if last == Last::Start { 1.0 } else { group };
            if f < last_scale {
                total += n * f;
            } else {
                total = (total + n) * f;
            }
            last_scale = f;
            group = 0.0;
            last = Last::Scale;
        } else {
            return None;
        }
    }
    if and || matches!(last, Last::Start | Last::A) {
        return None;
    }
    Some(total + group)
}

/// A denominator: "fifths", "thirty-fifths", "one hundred and fifth", "trillionths".
fn denominator(a: &[Atom<'_>]) -> Option<f64> {
    let (last, p) = a.split_last()?;
    let (d, class) = ordinal(last.w)?;
    let Some(first) = p.first() else {
        return (class != Ordinal::Unit || d >= 3.0).then_some(d);
    };
    if matches!(class, Ordinal::Plain | Ordinal::Scale)
        || matches!(first.w, "and" | "a" | "an" | "hundred")
        || scale_value(first.w).is_some()
    {
        return None;
    }
    let (pp, and) = match p.split_last() {
        Some((x, rest)) if x.w == "and" => (rest, true),
        _ => (p, false),
    };
    let before = pp.last()?.w;
    let big = before == "hundred" || scale_value(before).is_some();
    let fits = match class {
        Ordinal::Unit => big || (tens_value(before).is_some() && !and),
        _ => big && !last.joined,
    };
    fits.then_some(())?;
    Some(integer(pp)? + d)
}

/// A fraction: "a third", "three quarters", "one twenty-fifth", "half".
fn fraction(a: &[Atom<'_>]) -> Option<f64> {
    if let [only] = a {
        return (matches!(only.w, "half")).then_some(0.5);
    }
    // the longest denominator whose numerator is a number
    (1..a.len()).find_map(|k| {
        // "two-thirds", "ninety-five hundred-fifths"; "thirty-fifths" is a denominator
        let before = a[k - 1].w;
        let glue_ok = k + 1 == a.len()
            && ((k == 1 && unit_value(before).is_some())
                || before == "hundred"
                || scale_value(before).is_some());
        if a[k].joined && !glue_ok {
            return None;
        }
        let n = match &a[..k] {
            [one] if matches!(one.w, "a" | "an") => 1.0,
            num => integer(num)?,
        };
        // "the two millionth visitor": an ordinal; fractions above one take a plural
        let last = a[a.len() - 1].w;
        if n > 1.0 && !last.ends_with('s') {
            return None;
        }
        Some(n / denominator(&a[k..])?)
    })
}

/// The digits after "point": "zero three" -> "03", "seventy-one" -> "71".
fn decimals(a: &[Atom<'_>]) -> Option<String> {
    let mut out = String::new();
    let mut i = 0;
    while i < a.len() {
        let mut j = i + 1;
        while j < a.len() && a[j].joined {
            j += 1;
        }
        let v = integer(&a[i..j]).filter(|v| *v < 100.0)?;
        out.push_str(&format!("{v}"));
        i = j;
    }
    (!out.is_empty()).then_some(out)
}

/// A trailing "a"/"of a" before a final scale word ("half a million", "two thirds of a million").
fn strip_article<'s, 'a>(a: &'s [Atom<'a>]) -> (&'s [Atom<'a>], bool) {
    match a {
        [rest @ .., of, art] if of.w == "of" && matches!(art.w, "a" | "an") => (rest, true),
        [rest @ .., art] if matches!(art.w, "a" | "an") => (rest, true),
        _ => (a, false),
    }
}

fn is_ordinal(a: &[Atom<'_>]) -> bool {
    a.last().is_some_and(|x| ordinal(x.w).is_some())
}

/// "X and F": a whole number and a fraction, the fraction counted in the unit of X's last scale
/// word ("one million and a half" is 1.5 million, "one hundred and three quarters" 100.75).
fn mixed(a: &[Atom<'_>], scale: f64) -> Option<f64> {
    let at = a.iter().rposition(|x| x.w == "and")?;
    let x = integer(&a[..at])?;
    // the fraction of a mixed number is proper: "one hundred and thirty fifths" is 130/5
    let f = fraction(&a[at + 1..]).filter(|f| *f < 1.0)?;
    let own = a[..at].last().and_then(|w| scale_value(w.w)).unwrap_or(1.0);
    Some(if scale > 1.0 && x < scale {
        (x + f) * scale
    } else if scale > 1.0 {
        x + f * scale
    } else {
        x + f * own
    })
}

/// Value of a spelled-out number; (value, is a fraction below one).
fn value(a: &[Atom<'_>]) -> Option<(f64, bool)> {
    if let Some(p) = a.iter().position(|x| x.w == "point") {
        let int = if p == 0 { 0.0 } else { integer(&a[..p])? };
        let frac: f64 = format!("0.{}", decimals(&a[p + 1..])?).parse().ok()?;
        return Some((int + frac, false));
    }
    let (last, rest) = a.split_last()?;
    let scale = scale_value(last.w).or((last.w == "dozen").then_some(12.0));
    if let Some(s) = scale {
        let (rest, article) = strip_article(rest);
        if is_ordinal(rest) {
            let v = if let [one] = rest {
                // "quarter million", "half a million"
                let (d, class) = ordinal(one.w)?;
                (class == Ordinal::Plain).then_some(s / d)?
            } else if article {
                fraction(rest)? * s
            } else {
                mixed(rest, s).or_else(|| fraction(rest).map(|f| f * s))?
            };
            return Some((v, false));
        }
    }
    if is_ordinal(a) {
        if let Some(v) = mixed(a, 1.0) {
            return Some((v, false));
        }
        let f = fraction(a)?;
        return Some((f, f <= 1.0));
    }
    integer(a).map(|v| (v, false))
}

/// Value of a spelled-out number ("two and a half million" -> 2.5e6): (value, is a fraction
/// below one).
pub(in super::super) fn spelled_value(s: &str) -> Option<(f64, bool)> {
    let lower = s.to_lowercase();
    let (v, f) = value(&atoms(&lower))?;
    // "billion billion billion ...": no number anyone writes
    (v.is_finite() && v < 1e18).then_some((v, f))
}

fn num_word(t: &Toks<'_>, i: usize) -> bool {
    t.has(i, class::NUMBER)
}

/// True when a letter or digit is glued before token `i`.
fn glued_to_word(t: &Toks<'_>, i: usize) -> bool {
    t.glued(i) && i > 0 && t.toks[i - 1].kind != TokKind::Punct
}

/// The token after `k` that continues a run of number words, if any: a number word, or "and",
/// "a", "of a", "point" or a hyphen that a number word follows.
fn next_in_run(t: &Toks<'_>, k: usize) -> Option<usize> {
    let j = k + 1;
    let a = |i: usize| t.is_any(i, &["a", "an"]);
    let ok = if num_word(t, j) {
        !t.glued(j) || t.punct(k, '-')
    } else if t.punct(j, '-') || t.is(j, "point") {
        num_word(t, j + 1)
    } else if t.is(j, "and") {
        num_word(t, j + 1) || (a(j + 1) && num_word(t, j + 2))
    } else if a(j) {
        num_word(t, j + 1)
    } else if t.is(j, "of") {
        a(j + 1) && t.is_any(j + 2, &["thousand", "million", "billion", "trillion"])
    } else {
        false
    };
    ok.then_some(j)
}

/// Spelled-out numbers: (start, end, value, is a fraction below one).
pub(super) fn spelled(t: &Toks<'_>) -> Vec<(usize, usize, f64, bool)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        // a run starts on a number word or on "a"/"an" before one: most tokens are neither
        if !num_word(t, i) && !num_word(t, i + 1) {
            i += 1;
            continue;
        }
        // "3 million and a half": the scale word belongs to the digits
        let after_digits = i > 0
            && t.toks[i - 1].kind == TokKind::Num
            && t.is_any(
                i,
                &["hundred", "thousand", "million", "billion", "trillion"],
            );
        let starts = !glued_to_word(t, i)
            && !after_digits
            && (num_word(t, i) || (num_word(t, i + 1) && t.is_any(i, &["a", "an"])));
        if !starts {
            i += 1;
            continue;
        }
        let mut run = vec![i];
        while let Some(n) = next_in_run(t, *run.last().unwrap_or(&i)) {
            run.push(n);
        }
        // the longest prefix that ends on a number word and parses
        let found = (0..run.len()).rev().find_map(|e| {
            let k = run[e];
            if !num_word(t, k) {
                return None;
            }
            // "twenty-first" is not "twenty"
            if t.punct(k + 1, '-') && t.word(k + 2).is_some_and(|w| ordinal(w).is_some()) {
                return None;
            }
            let (s, end) = t.span(i, k + 1);
            let (v, f) = spelled_value(&t.text[s..end])?;
            Some((k, (s, end, v, f)))
        });
        match found {
            Some((k, n)) => {
                out.push(n);
                i = k + 1;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<f64> {
        spelled_value(s).map(|x| x.0)
    }

    fn near(s: &str, want: f64) {
        let got = v(s).unwrap_or_else(|| panic!("{s}: not read"));
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{s}: {got}"
        );
    }

    #[test]
    fn whole_numbers() {
        near("one hundred and five", 105.0);
        near("twenty-three", 23.0);
        near("ninety - five hundred", 9500.0);
        near("a hundred thousand", 1e5);
        near("one million two thousand two hundred three", 1_002_203.0);
        near("three hundred and two dozen", 324.0);
        near("nought", 0.0);
        assert_eq!(v("seven eight"), None);
        assert_eq!(v("dozens"), None);
        assert_eq!(v("hundreds"), None);
        near("five hundreds", 500.0);
        assert_eq!(v("nineteen seventy"), None);
    }

    #[test]
    fn fractions_need_a_numerator() {
        near("a third", 1.0 / 3.0);
        near("three quarters", 0.75);
        near("half", 0.5);
        near("three halves", 1.5);
        near("three-quarters", 0.75);
        near("one twenty-fifth", 0.04);
        near("seven thirty-fifths", 0.2);
        near("one one hundred and fifth", 1.0 / 105.0);
        near("a thousandth", 1e-3);
        assert_eq!(v("fifth"), None);
        assert_eq!(v("three millionth"), None);
        assert_eq!(v("twenty-first"), None);
    }

    #[test]
    fn mixed_numbers_and_scales() {
        near("one hundred and three quarters", 100.75);
        near("one hundred and sixty fifths", 32.0);
        near("forty and two fifths", 40.4);
        near("six and one eighth", 6.125);
        near("two and a half million", 2.5e6);
        near("four million and a half", 4.5e6);
        near("two billion and a quarter million", 2.00025e9);
        near("half a million", 5e5);
        near("half a dozen", 6.0);
        near("a quarter million", 250_000.0);
        near("quarter billion", 2.5e8);
        near("a third of a billion", 1e9 / 3.0);
    }

    #[test]
    fn decimals_after_point() {
        near("three point two five", 3.25);
        near("ten point zero five", 10.05);
        near("nought point eleven", 0.11);
        near("one hundred point forty-two", 100.42);
    }

    fn found(text: &str) -> Vec<(String, f64)> {
        let t = Toks::new(text);
        spelled(&t)
            .into_iter()
            .map(|(s, e, v, _)| (text[s..e].to_string(), v))
            .collect()
    }

    #[test]
    fn finder_cuts_runs_back_to_numbers() {
        assert_eq!(
            found("seven eight nine"),
            [
                ("seven".into(), 7.0),
                ("eight".into(), 8.0),
                ("nine".into(), 9.0)
            ]
        );
        assert_eq!(found("the fifth month and the twenty-first century"), []);
        assert_eq!(
            found("half a million barrels"),
            [("half a million".into(), 5e5)]
        );
        assert_eq!(
            found("sold two thirds of a million tonnes"),
            [("two thirds of a million".into(), 2e6 / 3.0)]
        );
        assert_eq!(found("one and a"), [("one".into(), 1.0)]);
    }
}
