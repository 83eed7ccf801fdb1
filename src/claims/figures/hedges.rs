//! Hedges before a figure: "more than" (at least), "almost" (at most), "about" (approx), in
//! English, German, Russian and Ukrainian.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Approx;

static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    super::super::big_regex(
        r"(?i)(?:^|[^\p{L}])((more|greater|higher|bigger)\s+than|over|at\s+least|above|in\s+excess\s+of|upwards\s+of|no\s+(?:less|fewer)\s+than|not\s+less\s+than|exceeding|just\s+over|well\s+over|about|around|roughly|approximately|some|nearly|an\s+estimated|estimated|close\s+to|circa|ca\.|almost|up\s+to|under|just\s+under|below|less\s+than|fewer\s+than|no\s+more\s+than|at\s+most|rund|etwa|ungefähr|knapp|mehr\s+als|über|fast|beinahe|bis\s+zu|weniger\s+als|mindestens|около|примерно|почти|более|больше|свыше|менее|меньше|порядка|не\s+менее|близько|приблизно|майже|понад|більше|менше|щонайменше|не\s+менше)\s+$",
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
        _ => Approx::AtLeast,
    }
}

/// A hedge right before `start`: (new start, approx).
pub(super) fn hedge_before(text: &str, start: usize) -> Option<(usize, Approx)> {
    let left = super::super::left_window(text, start, 32);
    let c = HEDGE.captures(left)?;
    let m = c.get(1)?;
    Some((start - left.len() + m.start(), hedge_kind(m.as_str())))
}
