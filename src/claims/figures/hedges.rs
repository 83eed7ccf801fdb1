//! Hedges before a figure: "more than" (at least), "almost" (at most), "about" (approx), in
//! English, German, Russian and Ukrainian.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Approx;

static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(
        r"(?i)(?:^|[^\p{L}])((?:less|fewer|smaller|lower|more|greater|higher|bigger|larger)\s+than\s+or\s+equal\s+to|(?:less|smaller|lower|more|greater|higher|bigger|larger)\s+or\s+equal\s+(?:than|to)|at\s+least\s+or\s+equal\s+to|exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|(?:could|to|will|would|may)\s+top|larger\s+than|smaller\s+than|lower\s+than|превысит|превысить|превысил[аио]?|превышает|превышают|перевищить|перевищив|перевищила|перевищує|übersteigen|übersteigt|überschreiten|überschreitet|(more|greater|higher|bigger)\s+than|over|at\s+least|above|in\s+excess\s+of|upwards\s+of|no\s+(?:less|fewer)\s+than|not\s+less\s+than|exceeding|just\s+over|well\s+over|about|around|roughly|approximately|some|nearly|an\s+estimated|estimated|close\s+to|circa|ca\.|almost|up\s+to|under|just\s+under|below|less\s+than|fewer\s+than|no\s+more\s+than|at\s+most|rund|etwa|ungefähr|knapp|mehr\s+als|über|fast|beinahe|bis\s+zu|weniger\s+als|mindestens|около|примерно|почти|более|больше|свыше|менее|меньше|порядка|не\s+менее|близько|приблизно|майже|понад|більше|менше|щонайменше|не\s+менше)\s+$",
    )
});

fn hedge_kind(h: &str) -> Approx {
    let h = h.to_lowercase();
    let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
    match h.as_str() {
        "almost" | "up to" | "under" | "just under" | "below" | "less than" | "fewer than"
        | "no more than" | "at most" | "knapp" | "fast" | "beinahe" | "bis zu" | "weniger als"
        | "почти" | "менее" | "меньше" | "майже" | "менше" => {
            Approx::AtMost
        }
        "about" | "around" | "roughly" | "approximately" | "some" | "nearly" | "an estimated"
        | "estimated" | "close to" | "circa" | "ca." | "rund" | "etwa" | "ungefähr" | "около"
        | "примерно" | "порядка" | "близько" | "приблизно" => {
            Approx::Approx
        }
        _ if ["less", "fewer", "smaller", "lower"]
            .iter()
            .any(|p| h.starts_with(p)) =>
        {
            Approx::AtMost
        }
        _ => Approx::AtLeast,
    }
}

static HEDGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(
        r"(?i)^\s+(?:or|and)\s+(?:(more|greater|higher|above|over|larger|bigger)|(less|fewer|lower|below|smaller|under))(?-u:\b)",
    )
});

/// A hedge right after `end` ("200 or more", "500 or less"): (new end, approx).
pub(super) fn hedge_after(text: &str, end: usize) -> Option<(usize, Approx)> {
    let c = HEDGE_AFTER.captures(super::super::right_window(text, end, 24))?;
    let m = c.get(0)?;
    let a = if c.get(1).is_some() {
        Approx::AtLeast
    } else {
        Approx::AtMost
    };
    Some((end + m.end(), a))
}

/// A hedge right before `start`: (new start, approx).
pub(super) fn hedge_before(text: &str, start: usize) -> Option<(usize, Approx)> {
    let left = super::super::left_window(text, start, 32);
    let c = HEDGE.captures(left)?;
    let m = c.get(1)?;
    Some((start - left.len() + m.start(), hedge_kind(m.as_str())))
}
