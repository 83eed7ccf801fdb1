//! Regression table: one line per pattern family the recogniser reads (issue #3's list), each
//! checked for kind, value, unit and `&text[span] == surface`, plus the bugs fuzzing found.

use chrono::NaiveDate;

use super::{recognise, Approx, RawClaim, RawKind};

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

/// Everything recognised in `text`, every span checked against its surface.
fn all(text: &str) -> Vec<RawClaim> {
    let v = recognise(text, d(2023, 8, 22));
    for r in &v {
        assert!(text.is_char_boundary(r.span[0]) && text.is_char_boundary(r.span[1]));
        assert_eq!(&text[r.span[0]..r.span[1]], r.surface, "{text}");
    }
    v
}

fn find(text: &str, surface: &str) -> RawClaim {
    let v = all(text);
    v.iter()
        .find(|r| r.surface == surface)
        .cloned()
        .unwrap_or_else(|| panic!("{surface:?} not in {text:?}: {v:#?}"))
}

/// (text, surface, kind, value, unit)
const FIGURES: &[(&str, &str, RawKind, f64, &str)] = &[
    // numbers and scales
    (
        "sold 341,000 cars",
        "341,000 cars",
        RawKind::Count,
        341_000.0,
        "car",
    ),
    (
        "a 2,77,000 tonnes",
        "2,77,000 tonnes",
        RawKind::Amount,
        277_000.0,
        "tonne",
    ),
    (
        "some 816 000 tonnes",
        "some 816 000 tonnes",
        RawKind::Amount,
        816_000.0,
        "tonne",
    ),
    (
        "twenty-three tanks",
        "twenty-three tanks",
        RawKind::Count,
        23.0,
        "tank",
    ),
    (
        "worth 3 mln euros",
        "3 mln euros",
        RawKind::Amount,
        3e6,
        "EUR",
    ),
    ("a $2 bln loan", "$2 bln", RawKind::Amount, 2e9, "USD"),
    (
        "debt of 1.1 tn yuan",
        "1.1 tn yuan",
        RawKind::Amount,
        1.1e12,
        "CNY",
    ),
    // money, symbol or code before or after
    (
        "rose to US$134 billion in",
        "US$134 billion",
        RawKind::Amount,
        134e9,
        "USD",
    ),
    ("a $1.2bn deal", "$1.2bn", RawKind::Amount, 1.2e9, "USD"),
    ("a €3 mln grant", "€3 mln", RawKind::Amount, 3e6, "EUR"),
    (
        "RMB 243.03 billion in",
        "RMB 243.03 billion",
        RawKind::Amount,
        243.03e9,
        "CNY",
    ),
    (
        "5.7 trillion roubles",
        "5.7 trillion roubles",
        RawKind::Amount,
        5.7e12,
        "RUB",
    ),
    (
        "raised USD 20m from",
        "USD 20m",
        RawKind::Amount,
        20e6,
        "USD",
    ),
    (
        "down 34 cents a share",
        "34 cents",
        RawKind::Amount,
        0.34,
        "USD",
    ),
    (
        "to hk $ 10.05 billion",
        "hk $ 10.05 billion",
        RawKind::Amount,
        10.05e9,
        "HKD",
    ),
    // percentages and percentage points
    (
        "the share is 36 per cent now",
        "36 per cent",
        RawKind::Share,
        36.0,
        "%",
    ),
    (
        "inflation of 3.4 pct in",
        "3.4 pct",
        RawKind::Change,
        3.4,
        "%",
    ),
    (
        "up 2.5 percentage points",
        "2.5 percentage points",
        RawKind::Change,
        2.5,
        "pp",
    ),
    ("exports fell by 5%.", "5%", RawKind::Change, -5.0, "%"),
    ("a 28.7% increase", "28.7%", RawKind::Change, 28.7, "%"),
    ("45% of Russian imports", "45%", RawKind::Share, 45.0, "%"),
    // multipliers
    (
        "almost twice as many loaders",
        "almost twice as many",
        RawKind::Ratio,
        2.0,
        "x",
    ),
    (
        "six times more than",
        "six times more",
        RawKind::Ratio,
        6.0,
        "x",
    ),
    (
        "imports have tripled since",
        "tripled",
        RawKind::Ratio,
        3.0,
        "x",
    ),
    ("imports halved in", "halved", RawKind::Ratio, 0.5, "x"),
    ("a 13-fold increase", "13-fold", RawKind::Ratio, 13.0, "x"),
    (
        "three times less than",
        "three times less",
        RawKind::Ratio,
        1.0 / 3.0,
        "x",
    ),
    // counts and physical units
    (
        "1.2 million barrels a day",
        "1.2 million barrels a day",
        RawKind::Amount,
        1.2e6,
        "barrel per day",
    ),
    (
        "3,500 tonnes of grain",
        "3,500 tonnes",
        RawKind::Amount,
        3500.0,
        "tonne",
    ),
    // other languages
    (
        "1,5 Mrd. Euro für",
        "1,5 Mrd. Euro",
        RawKind::Amount,
        1.5e9,
        "EUR",
    ),
    (
        "auf 3,24 Billionen Rubel",
        "3,24 Billionen Rubel",
        RawKind::Amount,
        3.24e12,
        "RUB",
    ),
    (
        "составил 196,48 млрд долларов",
        "196,48 млрд долларов",
        RawKind::Amount,
        196.48e9,
        "USD",
    ),
    (
        "склав 12 тис. тонн",
        "12 тис. тонн",
        RawKind::Amount,
        12e3,
        "tonne",
    ),
    (
        "на 27 відсотків менше",
        "27 відсотків",
        RawKind::Change,
        -27.0,
        "%",
    ),
];

#[test]
fn every_figure_family_reads_with_its_span() {
    for &(text, surface, kind, value, unit) in FIGURES {
        let r = find(text, surface);
        assert_eq!(r.kind, kind, "{text}");
        let v = r.value.unwrap_or(f64::NAN);
        assert!(
            (v - value).abs() <= 1e-9 * value.abs().max(1.0),
            "{text}: {v} != {value}"
        );
        assert_eq!(r.unit.as_deref(), Some(unit), "{text}");
    }
}

#[test]
fn hedges_ranges_and_non_quantities() {
    let cases = [
        ("almost 5,000 drones", Approx::AtMost),
        ("nearly 5,000 drones", Approx::Approx),
        ("up to 5,000 drones", Approx::AtMost),
        ("under 5,000 drones", Approx::AtMost),
        ("more than 5,000 drones", Approx::AtLeast),
        ("over 5,000 drones", Approx::AtLeast),
        ("at least 5,000 drones", Approx::AtLeast),
        ("about 5,000 drones", Approx::Approx),
        ("around 5,000 drones", Approx::Approx),
        ("roughly 5,000 drones", Approx::Approx),
        ("some 5,000 drones", Approx::Approx),
    ];
    for (text, approx) in cases {
        assert_eq!(find(text, text).approx, approx, "{text}");
    }
    let r = find("the source of 45% to 50% of imports", "45% to 50%");
    assert_eq!((r.low, r.high), (Some(45.0), Some(50.0)));
    let r = find("between $2bn and $3bn", "$2bn and $3bn");
    assert_eq!((r.low, r.high), (Some(2e9), Some(3e9)));
    let r = find("grew 2-3 times", "2-3 times");
    assert_eq!((r.low, r.high), (Some(2.0), Some(3.0)));
    // identifiers, list markers, times and years are not quantities
    let v = all("1. The Su-34 and G7 met at 20:25 in 2022 and fiscal 2012-13.");
    assert!(v.iter().all(|r| r.kind.claim_kind().is_none()), "{v:#?}");
}

#[test]
fn every_period_family_resolves_with_its_span() {
    let cases = [
        ("in 2022 exports", "2022", d(2022, 1, 1), d(2022, 12, 31)),
        (
            "in March 2023 exports",
            "March 2023",
            d(2023, 3, 1),
            d(2023, 3, 31),
        ),
        ("in Q1 2020 the", "Q1 2020", d(2020, 1, 1), d(2020, 3, 31)),
        (
            "in the first quarter of 2020",
            "the first quarter of 2020",
            d(2020, 1, 1),
            d(2020, 3, 31),
        ),
        ("in H1 2022 the", "H1 2022", d(2022, 1, 1), d(2022, 6, 30)),
        (
            "in the first half of 2022",
            "the first half of 2022",
            d(2022, 1, 1),
            d(2022, 6, 30),
        ),
        (
            "in January-March 2023",
            "January-March 2023",
            d(2023, 1, 1),
            d(2023, 3, 31),
        ),
        (
            "in the first seven months of this year",
            "the first seven months of this year",
            d(2023, 1, 1),
            d(2023, 7, 31),
        ),
        (
            "in March alone",
            "March alone",
            d(2023, 3, 1),
            d(2023, 3, 31),
        ),
        (
            "rose last year",
            "last year",
            d(2022, 1, 1),
            d(2022, 12, 31),
        ),
        ("in the 1990s", "the 1990s", d(1990, 1, 1), d(1999, 12, 31)),
        (
            "since the start of the war",
            "since the start of the war",
            d(2022, 2, 24),
            d(2023, 8, 22),
        ),
        ("is now the", "now", d(2023, 8, 22), d(2023, 8, 22)),
        (
            "за первые семь месяцев 2023 года",
            "за первые семь месяцев 2023 года",
            d(2023, 1, 1),
            d(2023, 7, 31),
        ),
        (
            "im ersten Halbjahr 2022",
            "ersten Halbjahr 2022",
            d(2022, 1, 1),
            d(2022, 6, 30),
        ),
    ];
    for (text, surface, start, end) in cases {
        let r = find(text, surface);
        assert_eq!((r.start, r.end), (start, end), "{text}");
    }
    let t = "rose in the first half of 2023, up 36% from the same period last year";
    let r = find(t, "the same period last year");
    assert!(r.baseline);
    assert_eq!((r.start, r.end), (d(2022, 1, 1), d(2022, 6, 30)));
    let r = find("a year earlier", "a year earlier");
    assert!(r.baseline);
    let r = find(
        "before Russia's full-scale invasion",
        "before Russia's full-scale invasion",
    );
    assert_eq!((r.start, r.end), (None, d(2022, 2, 23)));
}

/// Fuzzing: "billion billion …" multiplied to infinity and a 400-digit number parsed to inf;
/// neither is a figure.
#[test]
fn overflowing_numbers_are_not_figures() {
    let text = format!(
        "{} dollars and {} tonnes",
        "billion ".repeat(60),
        "9".repeat(400)
    );
    for r in all(&text) {
        assert!(r.value.iter().all(|v| v.is_finite()), "{r:?}");
    }
}

/// Property test: quarter and half numbers out of range ("Q0", "Q5", "H0") are not periods and
/// must not underflow computing their months.
#[test]
fn quarters_and_halves_out_of_range_are_not_periods() {
    for (text, bad) in [
        ("Q0 2023", "Q0"),
        ("Q0🃁", "Q0"),
        ("Q5 2023", "Q5"),
        ("H0 2023", "H0"),
        ("the 0th quarter of 2023", "0th"),
    ] {
        let v = recognise(text, d(2023, 8, 22));
        assert!(v.iter().all(|r| !r.surface.contains(bad)), "{text}: {v:#?}");
    }
}

/// Fuzzing: "since the start of the war" in a text dated before the invasion ended before it
/// started.
#[test]
fn since_the_war_before_the_war_has_no_end() {
    let v = recognise("Exports grew since start of war.", d(2022, 1, 24));
    let r = v
        .iter()
        .find(|r| r.surface == "since start of war")
        .unwrap_or_else(|| panic!("{v:#?}"));
    assert_eq!((r.start, r.end), (d(2022, 2, 24), None));
}

/// Period forms added with the token reader (published 2023-08-22), each with its span.
#[test]
fn token_reader_period_forms() {
    let cases = [
        // a change over the year so far, not the whole year
        (
            "has lost 27% since the start of the year",
            "since the start of the year",
            d(2023, 1, 1),
            d(2023, 8, 22),
        ),
        (
            "So far this year, the EU has paid",
            "So far this year",
            d(2023, 1, 1),
            d(2023, 8, 22),
        ),
        (
            "с начала года рубль",
            "с начала года",
            d(2023, 1, 1),
            d(2023, 8, 22),
        ),
        // a multi-year programme
        (
            "for 2024-2027 the facility",
            "2024-2027",
            d(2024, 1, 1),
            d(2027, 12, 31),
        ),
        // a season with no year: the latest begun by publication
        (
            "from about 60% in the spring, the",
            "the spring",
            d(2023, 3, 1),
            d(2023, 5, 31),
        ),
        ("in 2016H2 sales", "2016H2", d(2016, 7, 1), d(2016, 12, 31)),
        (
            "в апреле 2023 года",
            "апреле 2023 года",
            d(2023, 4, 1),
            d(2023, 4, 30),
        ),
        (
            "по сравнению с январем",
            "январем",
            d(2023, 1, 1),
            d(2023, 1, 31),
        ),
        (
            "за 11 месяцев 2023 года",
            "за 11 месяцев 2023 года",
            d(2023, 1, 1),
            d(2023, 11, 30),
        ),
        (
            "за последние три месяца",
            "за последние три месяца",
            d(2023, 5, 22),
            d(2023, 8, 22),
        ),
        (
            "a deficit in 2022-2023 overall",
            "2022-2023",
            d(2022, 1, 1),
            d(2023, 12, 31),
        ),
        (
            "in fiscal 2022-2023 the",
            "2022-2023",
            d(2022, 4, 1),
            d(2023, 3, 31),
        ),
    ];
    for (text, surface, start, end) in cases {
        let r = find(text, surface);
        assert_eq!((r.start, r.end), (start, end), "{text}");
    }
    // parts of years, lower-case months with a year, relative years after a month
    let cases = [
        (
            "due early next year",
            "early next year",
            d(2024, 1, 1),
            d(2024, 6, 30),
        ),
        (
            "cut late last year",
            "late last year",
            d(2022, 7, 1),
            d(2022, 12, 31),
        ),
        ("by mid-2024 the", "mid-2024", d(2024, 5, 1), d(2024, 8, 31)),
        (
            "at the end of 2024 the",
            "the end of 2024",
            d(2024, 12, 1),
            d(2024, 12, 31),
        ),
        (
            "out june 2016 and",
            "june 2016",
            d(2016, 6, 1),
            d(2016, 6, 30),
        ),
        (
            "in June last year",
            "June last year",
            d(2022, 6, 1),
            d(2022, 6, 30),
        ),
        (
            "between 2014 and 2018 the",
            "between 2014 and 2018",
            d(2014, 1, 1),
            d(2018, 12, 31),
        ),
        (
            "in the 15th century",
            "15th century",
            d(1400, 1, 1),
            d(1499, 12, 31),
        ),
    ];
    for (text, surface, start, end) in cases {
        let r = find(text, surface);
        assert_eq!((r.start, r.end), (start, end), "{text}");
    }
    // the digits after a decimal point are no day ("6,107.31 August 2019")
    let r = find("6,107.31 August 2019 the", "August 2019");
    assert_eq!((r.start, r.end), (d(2019, 8, 1), d(2019, 8, 31)));
    // "for the year", "за рік": the year under discussion
    let t = "Prices in 2022 rose. For the year, they gained 5%.";
    let r = find(t, "For the year");
    assert_eq!((r.start, r.end), (d(2022, 1, 1), d(2022, 12, 31)));
    let t = "Інфляція у 2022 році. За рік вони зросли на 42,6%.";
    let r = find(t, "За рік");
    assert_eq!((r.start, r.end), (d(2022, 1, 1), d(2022, 12, 31)));
    // "as of March 5" in a season: from the season's start to that day
    let t = "exports in the 2022/23 July-June season reached 30 million tons as of March 5";
    let r = find(t, "March 5");
    assert_eq!((r.start, r.end), (d(2022, 7, 1), d(2023, 3, 5)));
    // "С 1 января": from that day on, the end open
    let r = find("С 1 января 2024 года сбор вырастет", "1 января 2024 года");
    assert_eq!((r.start, r.end), (d(2024, 1, 1), None));
    // a month inside a word is not a month; "this may" is a verb
    assert!(all("используемая").iter().all(|r| !r.is_time()));
    assert!(all("this may take time").iter().all(|r| !r.is_time()));
}

/// Spelled numbers with spaced hyphens, multipliers and vague counts read over tokens.
#[test]
fn token_reader_figure_forms() {
    let r = find("about fifty - two tanks", "about fifty - two tanks");
    assert_eq!((r.value, r.kind), (Some(52.0), RawKind::Count));
    let r = find("Imports grew 2.5 times in", "2.5 times");
    assert_eq!((r.kind, r.value), (RawKind::Ratio, Some(2.5)));
    let r = find("exports rose 2-3 times", "2-3 times");
    assert_eq!(
        (r.low, r.high, r.approx),
        (Some(2.0), Some(3.0), Approx::Approx)
    );
    let r = find("prices are 3x higher", "3x higher");
    assert_eq!(r.value, Some(3.0));
    let r = find("a tenfold rise", "tenfold");
    assert_eq!(r.value, Some(10.0));
    let r = find("nearly three times less", "nearly three times less");
    assert!((r.value.unwrap_or(0.0) - 1.0 / 3.0).abs() < 1e-9);
    let r = find(
        "tens of thousands of refugees",
        "tens of thousands of refugees",
    );
    assert_eq!((r.value, r.unit.as_deref()), (Some(1e3), Some("refugee")));
    let r = find("забезпечив майже половину імпорту", "майже половину");
    assert_eq!(
        (r.kind, r.value, r.approx),
        (RawKind::Share, Some(50.0), Approx::AtMost)
    );
}

/// Hedges after a figure and verbs that bound it; "5k-20k" is a range, not a name "k-20".
#[test]
fn trailing_hedges_bounding_verbs_and_scaled_ranges() {
    let r = find("about 500 or more products", "about 500 or more");
    assert_eq!((r.value, r.approx), (Some(500.0), Approx::AtLeast));
    let r = find("some 30 tonnes or less", "some 30 tonnes or less");
    assert_eq!(r.approx, Approx::AtMost);
    let r = find("trade could exceed $200 billion", "exceed $200 billion");
    assert_eq!((r.value, r.approx), (Some(200e9), Approx::AtLeast));
    let r = find(
        "less than or equal to 30 units",
        "less than or equal to 30 units",
    );
    assert_eq!(r.approx, Approx::AtMost);
    let r = find("должны превысить 2 трлн руб.", "превысить 2 трлн руб.");
    assert_eq!(r.approx, Approx::AtLeast);
    let r = find("The range is 5k-20k", "5k-20k");
    assert_eq!((r.low, r.high), (Some(5e3), Some(20e3)));
    // a hyphen after a multi-byte character before a number (this slice panicked once)
    all("The number range is 1000–5000 and €3-€5");
}

/// "growth of 3.6% in 2024 ... and sees inflation slowing to 8.6%": the inflation noun nearest
/// the figure makes it a change, though "growth" is further left and "to" would name a level.
#[test]
fn inflation_nearest_the_figure_governs() {
    let t = "It forecasts growth of 3.6% in 2024, and sees inflation slowing to 8.6% by the end of 2024.";
    let r = find(t, "8.6%");
    assert_eq!((r.kind, r.value), (RawKind::Change, Some(8.6)));
    let r = find(t, "3.6%");
    assert_eq!(r.kind, RawKind::Change);
}
