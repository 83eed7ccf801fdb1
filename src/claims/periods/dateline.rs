//! The publication date stated in a text: a dateline in its first lines ("Tuesday, 22 August
//! 2023, 20:25", "Updated 17:39, 23-Apr-2020", "13.10.2023", "BEIJING, April 13 (Reuters)").

use chrono::NaiveDate;

use super::super::tokens::Toks;
use super::{reader, words, Expr};

/// Agencies whose credit closes a wire dateline.
const WIRES: &[&str] = &[
    "Reuters",
    "AP",
    "AFP",
    "Bloomberg",
    "Xinhua",
    "Interfax",
    "TASS",
    "dpa",
];

/// How far into a text a dateline is looked for.
const HEAD: usize = 1200;

/// A publication date stated in the first lines of the text (a dateline), if any.
pub fn publication_date_in_text(text: &str) -> Option<NaiveDate> {
    let head = &text[..super::super::floor_boundary(text, HEAD)];
    let t = Toks::new(head);
    let mut cands = Vec::new();
    for i in 0..t.len() {
        reader::at(&t, i, &mut cands);
    }
    from_readings(&t, &cands, text)
}

/// The dateline among the readings of a text's tokens (`cands` in token order), else a wire
/// dateline; `text` is the whole text (a wire dateline takes the latest year it mentions).
pub(super) fn from_readings(t: &Toks<'_>, cands: &[reader::Cand], text: &str) -> Option<NaiveDate> {
    let mut k = 0;
    while k < cands.len() {
        let i = cands[k].0;
        if t.toks[i].start >= HEAD {
            break;
        }
        // the longest reading at this token, like the reader's own choice
        let n = cands[k..].iter().take_while(|c| c.0 == i).count();
        let same = &cands[k..k + n];
        k += n;
        let best = same
            .iter()
            .filter_map(|c| match c.2 {
                Expr::Date(Some(y), m, d) => Some((c.1, NaiveDate::from_ymd_opt(y, m, d)?)),
                _ => None,
            })
            .max_by_key(|x| x.0);
        if let Some((_, date)) = best {
            return Some(date);
        }
    }
    // "BEIJING, April 13 (Reuters)": the year is the latest one the story mentions
    let head = t.toks.partition_point(|x| x.start < HEAD);
    let (m, d) = (0..head).find_map(|i| wire_dateline(t, i))?;
    let y = latest_year(text)?;
    // early in a year, wire stories report the year just ended as a whole ("in 2023")
    let full_year = [
        format!("in {y}"),
        format!("for {y}"),
        format!("{y} as a whole"),
        format!("of {y}"),
    ];
    let y = if m <= 2 && full_year.iter().any(|p| text.contains(p.as_str())) {
        y + 1
    } else {
        y
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// "April 13 (Reuters)" at token `i`: (month, day).
fn wire_dateline(t: &Toks<'_>, i: usize) -> Option<(u32, u32)> {
    let m = words::month_en(t, i)?;
    // "Jan. 12"
    let i = if t.punct(i + 1, '.') && t.glued(i + 1) {
        i + 1
    } else {
        i
    };
    let d = t.digits(i + 1).filter(|d| d.len() <= 2)?.parse().ok()?;
    (t.punct(i + 2, '(') && WIRES.contains(&t.raw(i + 3)) && t.punct(i + 4, ')')).then_some((m, d))
}

/// The latest year from 1950 to 2049 written as a whole number in `text`.
fn latest_year(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut best: Option<i32> = None;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && word(b[i - 1])) {
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let after = b.get(i + run).copied();
        if run == 4 && !after.is_some_and(word) {
            let y: i32 = text[i..i + 4].parse().unwrap_or(0);
            if (1950..2050).contains(&y) {
                best = best.max(Some(y));
            }
        }
        i += run;
    }
    best
}
