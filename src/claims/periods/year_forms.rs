//! Years written together with a month or a part of a year, in either order and in digits
//! ("2016-11", "11/2016", "2016 Q3", "November , 2016", "Aug '99"), and decades ("the 70s",
//! "the nineteen seventies", "the noughties").
//!
//! Numbers written this way are also counts and scores, so each form says what may follow
//! it: a spaced "2016 - 11" is a month only where its clause ends ("in 2016 - 11 people died"
//! is a count), "No. 3/2015" is a number, "in their 70s" an age.
//!
//! ```text
//! "2016 the third quarter" -> Months(Abs(2016), 7, 9)
//! "the '40s"               -> Decade(40)
//! ```

use super::super::tokens::{TokKind, Toks};
use super::reader::{ordinal_part, quarter_code, Cand};
use super::words::{decade_word, ends_word, month_any, small, trailing_year, year4, MONTHS};
use super::{Expr, YearRef};

/// The 70s, the 70's, the '40s (not "in their 70s": an age): a decade at the two-digit
/// number `n` at `i`.
pub(super) fn short_decade(t: &Toks<'_>, i: usize, n: u32, out: &mut Vec<Cand>) {
    if n % 10 != 0 {
        return;
    }
    let mut j = i + 1;
    if matches!(t.raw(j), "'" | "’") && t.glued(j) {
        j += 1;
    }
    if t.is(j, "s") && t.glued(j) && ends_word(t, j + 1) && !age_before(t, i) {
        out.push((i, j + 1, Expr::Decade(n)));
    }
}

/// True when a number at `i` is someone's age: "in their 70s", "in his early 40s".
fn age_before(t: &Toks<'_>, i: usize) -> bool {
    const POSSESSIVE: &[&str] = &["their", "his", "her", "its", "my", "our", "your"];
    let mut k = i;
    if k >= 2 && t.punct(k - 1, '-') && t.is_any(k - 2, &["mid"]) {
        k -= 2;
    } else if k >= 1 && t.is_any(k - 1, &["early", "mid", "late"]) {
        k -= 1;
    }
    k >= 1 && t.is_any(k - 1, POSSESSIVE)
}

/// True when nothing after token `k - 1` continues a spaced numeric date: the end of the text,
/// or punctuation that is not a percent sign nor a separator before more digits.
fn clause_end(t: &Toks<'_>, k: usize) -> bool {
    let Some(tok) = t.toks.get(k) else {
        return true;
    };
    if tok.kind != TokKind::Punct || t.punct(k, '%') {
        return false;
    }
    !(t.glued(k) && t.digits(k + 1).is_some() && t.glued(k + 1))
}

/// A separator of a numeric month and year ("2016-11", "11/2016", "2015.3"): whether it is
/// glued on both sides, or `None` when token `k` is no separator.
fn numeric_sep(t: &Toks<'_>, k: usize, dot: bool) -> Option<bool> {
    let sep = t.raw(k);
    let ok = matches!(sep, "-" | "/" | "–") || (dot && sep == ".");
    let glued = t.glued(k) && t.glued(k + 1);
    // "2015.3" is a month only written solid: "2015. 3" is a sentence end
    (ok && (sep != "." || glued)).then_some(glued)
}

/// A month after the year at `i`: "2016-11", "2016/11", "2015.3", "2016 / 11", "2016 Q3",
/// "2016 the third quarter", "2016 November", "2016, nov".
pub(super) fn year_month(t: &Toks<'_>, i: usize, y: i32, out: &mut Vec<Cand>) {
    if let Some(glued) = numeric_sep(t, i + 1, true) {
        let m = t.digits(i + 2).filter(|x| x.len() <= 2);
        // "2022-23" is a split year, not March
        let split = m.is_some_and(|x| x.len() == 2 && x.parse() == Ok((y + 1) % 100));
        if let (Some(m), false) = (m.and_then(|x| x.parse::<u32>().ok()), split) {
            // a spaced or dotted form must end its clause ("in 2016 - 11 people" is a count)
            let solid = glued && t.raw(i + 1) != "." && ends_word(t, i + 3);
            let tail = if solid {
                !(t.glued(i + 3) && t.digits(i + 4).is_some())
            } else {
                clause_end(t, i + 3)
            };
            if (1..=12).contains(&m) && tail {
                out.push((i, i + 3, Expr::Months(YearRef::Abs(y), m, m)));
            }
        }
        return;
    }
    if !ends_word(t, i + 1) {
        return;
    }
    let k = if t.punct(i + 1, ',') { i + 2 } else { i + 1 };
    // a month word that names no year of its own
    let month = month_any(t, k).or_else(|| {
        let w = t.word(k).filter(|w| *w != "may")?;
        MONTHS.get(w).filter(|x| x.1).map(|x| x.0)
    });
    if let Some(m) = month {
        let dated = small(t, k + 1).is_some() || trailing_year(t, k + 1, true).is_some();
        if !dated && ends_word(t, k + 1) {
            out.push((i, k + 1, Expr::Months(YearRef::Abs(y), m, m)));
        }
        return;
    }
    // Q3, H2, the third quarter: a part of a year with no year after it
    let mut tmp = Vec::new();
    match t.word(k) {
        Some(w @ ("q" | "h")) if t.raw(k) != w && t.glued(k + 1) => quarter_code(t, k, w, &mut tmp),
        Some("the") => ordinal_part(t, k, k + 1, &mut tmp),
        _ => {}
    }
    for (_, e, x) in tmp.into_iter().filter(|c| c.0 == k) {
        if let Expr::Months(YearRef::Context, m1, m2) = x {
            if m2 - m1 == 2 || m2 - m1 == 5 {
                out.push((i, e, Expr::Months(YearRef::Abs(y), m1, m2)));
            }
        }
    }
}

/// A month before a year: "11/2016", "3-2015", "11 / 2016" (not "No. 3/2015", a number, nor
/// part of a longer date "1/11/2016").
pub(super) fn month_year(t: &Toks<'_>, i: usize, m: u32, out: &mut Vec<Cand>) {
    if !(1..=12).contains(&m) {
        return;
    }
    let Some(glued) = numeric_sep(t, i + 1, false) else {
        return;
    };
    let Some(y) = year4(t, i + 2) else { return };
    let longer = i >= 2
        && t.glued(i)
        && matches!(t.raw(i - 1), "/" | "-" | ".")
        && t.digits(i - 2).is_some();
    let w = if i >= 2 && t.punct(i - 1, '.') {
        i - 2
    } else {
        i.wrapping_sub(1)
    };
    let numbered = t.is_any(w, &["no", "nr", "number"]) || t.punct(i.wrapping_sub(1), '#');
    let tail = if glued {
        ends_word(t, i + 3) && !(t.glued(i + 3) && t.digits(i + 4).is_some())
    } else {
        clause_end(t, i + 3)
    };
    if tail && !longer && !numbered && (1950..2100).contains(&y) {
        out.push((i, i + 3, Expr::Months(YearRef::Abs(y), m, m)));
    }
}

/// Decades in words after "the" at `i` (word `j`): "the seventies", "the nineteen seventies",
/// "the twenty-tens", "the two thousand and tens", "the two thousands", "the noughties".
pub(super) fn decade_words(t: &Toks<'_>, i: usize, j: usize, out: &mut Vec<Cand>) {
    let Some(v) = t.word(j) else { return };
    // "the tens of thousands" is no decade: "tens" needs its century
    if let Some(d) = decade_word(v).filter(|_| v != "tens") {
        out.push((i, j + 1, Expr::Decade(d)));
        return;
    }
    let (century, k) = match v {
        "eighteen" => (1800, j + 1),
        "nineteen" => (1900, j + 1),
        "twenty" => (2000, j + 1),
        "two" if t.is(j + 1, "thousands") => {
            out.push((i, j + 2, Expr::Year(2000, 2009)));
            return;
        }
        "two" if t.is(j + 1, "thousand") => (2000, if t.is(j + 2, "and") { j + 3 } else { j + 2 }),
        _ => return,
    };
    let k = if t.punct(k, '-') && t.glued(k) && t.glued(k + 1) {
        k + 1
    } else {
        k
    };
    if let Some(d) = t.word(k).and_then(decade_word).filter(|&d| d > 0) {
        let y = century + d as i32;
        out.push((i, k + 1, Expr::Year(y, y + 9)));
    }
}

/// A two-digit year after a month: "'99" (apostrophe), or a bare "99" that cannot be a day and
/// ends the clause ("August 99 people" is a count). 69-99 are the 1900s, 00-68 the 2000s.
pub(super) fn short_year(t: &Toks<'_>, j: usize) -> Option<(usize, i32)> {
    let apostrophe = matches!(t.raw(j), "'" | "’") && t.glued(j + 1);
    let k = if apostrophe { j + 1 } else { j };
    let yy: i32 = t.digits(k).filter(|d| d.len() == 2)?.parse().ok()?;
    if !ends_word(t, k + 1) || !(apostrophe || (yy > 31 && clause_end(t, k + 1))) {
        return None;
    }
    Some((k + 1, if yy >= 69 { 1900 + yy } else { 2000 + yy }))
}
