//! Goods and budget lines a figure can be about: "crude oil", "LNG", "cars", "microchips",
//! "grain", "military aid", "budget deficit", "consumer prices", in four languages, mapped to one
//! English name.
//!
//! Why a lexicon: the item is the narrow thing a figure measures ("exports of crude oil", "car
//! exports", "inflation slowed to 5.1%" is about consumer prices), and news keeps to a small
//! vocabulary of war-economy goods; a lexicon gives stable names that can be compared across
//! articles and languages.

use std::sync::LazyLock;

use regex::{RegexSet, RegexSetBuilder};

/// (canonical name, pattern), most specific first.
const ITEMS: &[(&str, &str)] = &[
    (
        "non-oil and gas",
        r"non-oil(?:[\s-]+and[\s-]+gas)?|ненефтегаз\w*|ненафтогаз\w*",
    ),
    (
        "oil and gas",
        r"oil[\s-]+and[\s-]+gas|нефтегаз\w*|нафтогаз\w*|НГД|Öl-\s+und\s+Gas\w*",
    ),
    (
        "Urals discount",
        r"Urals\s+discounts?|discounts?\s+(?:on|for|to)\s+(?:Russian\s+)?Urals|дисконт\w*\s+(?:на\s+)?Urals|Urals-Abschl\w+",
    ),
    ("Urals crude", r"Urals(?:\s+crude)?"),
    ("Brent crude", r"Brent"),
    (
        "refined products",
        r"refined\s+(?:oil\s+)?products|oil\s+products|petroleum\s+products|нефтепродукт\w*|нафтопродукт\w*",
    ),
    (
        "sunflower oil",
        r"sunflower\s+oil|подсолнечн\w+\s+масл\w*|соняшников\w+\s+ол\w*",
    ),
    (
        "crude oil",
        r"crude(?:\s+oil)?|oil|нефт[ьиию]\w*|нафт[аиуо]\w*|Rohöl|Öl",
    ),
    ("LNG", r"LNG|liquefied\s+natural\s+gas|СПГ|ЗПГ|Flüssiggas"),
    (
        "pipeline gas",
        r"pipeline\s+gas|pipeline\s+(?:deliveries|supplies|exports)|gas|газ[аау]?|Gas",
    ),
    (
        "coal",
        r"coal|уголь\w*|угол\w*|угл[яюи]|углем|вугілл\w*|вугіль\w*|Kohle",
    ),
    (
        "machinery",
        r"machinery|machine\s+tools|Maschinen(?:bau\w*)?|оборудовани\w*|станк\w*|обладнанн\w*|верстат\w*",
    ),
    (
        "parallel imports",
        r"parallel\s+imports?|параллельн\w+\s+импорт\w*|паралельн\w+\s+імпорт\w*|Parallelimport\w*",
    ),
    (
        "re-exports",
        r"re-?exports?|re-?exported|re-?exporting|реэкспорт\w*|реекспорт\w*|Re-?[Ee]xport\w*|weiterverkauf\w*",
    ),
    (
        "port throughput",
        r"(?:port\s+)?throughput|перевалк\w*|Hafenumschlag\w*",
    ),
    (
        "frozen central bank assets",
        r"(?:frozen|immobili[sz]ed)\s+(?:central\s+bank\s+)?assets|central\s+bank\s+assets|заморожен\w+\s+(?:\w+\s+)?актив\w*|eingefroren\w*\s+(?:\w+\s+)?Vermögen\w*",
    ),
    (
        "high priority items",
        r"high[\s-]+priority(?:\s+(?:items|goods))?",
    ),
    ("wheat", r"wheat|пшениц\w*|пшениц\w*|Weizen"),
    ("corn", r"corn|maize|кукуруз\w*|кукурудз\w*|Mais"),
    ("barley", r"barley|ячмен\w*|ячмін\w*|Gerste"),
    ("grain", r"grains?|зерн\w*|Getreide"),
    (
        "fertilisers",
        r"fertili[sz]ers?|удобрени\w*|добрив\w*|Düngemittel",
    ),
    (
        "agricultural products",
        r"agricultural\s+(?:products|goods|exports)|agri-?food|аграрн\w+|агропродукц\w*|агроекспорт\w*|агроэкспорт\w*|сільськогосподарськ\w+\s+продукц\w+|сельхозпродукц\w+|Agrarprodukte\w*",
    ),
    (
        "cars",
        r"(?:passenger\s+)?cars?|vehicles|автомобил\w*|машин\w*|легков\w*|Autos|Pkw",
    ),
    (
        "microchips",
        r"micro-?chips|chips|semiconductors|microelectronics|микросхем\w*|мікросхем\w*|Chips|Halbleiter",
    ),
    ("excavators", r"excavators"),
    ("drones", r"drones|беспилотник\w*|дрон\w*|Drohnen"),
    ("weapons", r"weapons|arms|оруж\w*|зброї|зброя|Waffen"),
    (
        "military aid",
        r"military\s+(?:aid|assistance|support)|Militärhilfe|военн\w+\s+помощ\w*|військов\w+\s+допомог\w*",
    ),
    (
        "budget support",
        r"budget\s+support|Budgethilfe|бюджетн\w+\s+підтримк\w*|бюджетн\w+\s+поддержк\w*",
    ),
    ("loans", r"loans|Kredite|кредит\w*"),
    ("grants", r"grants|Zuschüsse|грант\w*"),
    ("aid", r"aid|assistance|Hilfe|помощ\w*|допомог\w*"),
    (
        "law enforcement and national security",
        r"law\s+enforcement\s+and\s+(?:national\s+)?security",
    ),
    (
        "defence and security",
        r"defen[cs]e\s+and\s+security|security\s+and\s+defen[cs]e|безпек\w*\s+(?:та|і)\s+оборон\w*|оборон\w*\s+(?:та|і)\s+безпек\w*|оборон\w*\s+и\s+безопасност\w*|Verteidigung\s+und\s+Sicherheit",
    ),
    (
        "defence",
        r"defen[cs]e|military\s+spending|оборон\w*|Verteidigung\w*|Rüstung\w*",
    ),
    (
        "financing gap",
        r"financing\s+gap|funding\s+gap|Finanzierungslücke|дефіцит\w*\s+фінансування|дефицит\w*\s+финансирования",
    ),
    (
        "external financing",
        r"external\s+financing|зовнішн\w+\s+фінансуванн\w*|внешн\w+\s+финансировани\w*|Auslandsfinanzierung",
    ),
    (
        "minimum wage",
        r"minimum\s+wage|Mindestlohn\w*|мінімальн\w+\s+зарплат\w*|мінімальн\w+\s+заробітн\w+\s+плат\w*|минимальн\w+\s+зарплат\w*|МРОТ",
    ),
    (
        "budget deficit",
        r"(?:budget\s+)?deficit|Haushaltsdefizit|Defizit|дефицит\w*|дефіцит\w*",
    ),
    ("current account surplus", r"current[\s-]+account"),
    (
        "net private capital outflow",
        r"(?:net\s+)?(?:private\s+)?capital\s+(?:outflows?|flight)|отток\w*\s+капитала|відплив\w*\s+капіталу|Kapitalabfl\w+|Kapitalflucht",
    ),
    ("trade surplus", r"trade\s+surplus"),
    ("trade deficit", r"trade\s+deficit"),
    (
        "GDP",
        r"GDP|gross\s+domestic\s+product|economy|(?:economic\s+)?growth\s+of|ВВП|BIP|Wirtschaftsleistung|Wirtschaft",
    ),
    (
        "consumer prices",
        r"inflation|consumer\s+prices|инфляци\w*|інфляці\w*|Inflation|Verbraucherpreise",
    ),
    (
        "key rate",
        r"key\s+(?:interest\s+)?rate|policy\s+rate|Leitzins\w*|ключев\w+\s+ставк\w*|обліков\w+\s+ставк\w*",
    ),
    (
        "international reserves",
        r"(?:international|foreign[\s-]+exchange|FX|gold\s+and\s+foreign\s+currency)\s+reserves|міжнародн\w+\s+резерв\w*|международн\w+\s+резерв\w*",
    ),
    ("fossil fuels", r"fossil\s+fuels?"),
    // a currency as the thing that moves ("The rouble has lost 27%"), not a unit after a number
    (
        "rouble",
        r"[Tt]he\s+(?:rouble|ruble)|Der\s+Rubel|[Кк]урс\s+рубля|[Рр]убль|[Рр]убль\s",
    ),
    ("hryvnia", r"[Tt]he\s+hryvnia|[Гг]ривня|[Кк]урс\s+гривні"),
    (
        "US dollar",
        r"(?:per|a|against\s+the|за)\s+(?:U\.S\.\s+|US\s+|американськ\w+\s+)?(?:dollar|долар|доллар)\w*",
    ),
];

struct Lexicon {
    find: super::delimited::Delimited,
    /// Each item's pattern alone, whole-word: the first that matches a found word names it.
    who: RegexSet,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let alts: Vec<&str> = ITEMS.iter().map(|(_, p)| *p).collect();
    let find = super::delimited::Delimited::new(
        "(?i)",
        r"\p{L}\p{N}",
        &alts.join("|"),
        r"(?:[^\p{L}\p{N}]|$)",
    );
    let who = RegexSetBuilder::new(ITEMS.iter().map(|(_, p)| format!("(?i)^(?:{p})$")))
        .dfa_size_limit(64 << 20)
        .size_limit(64 << 20)
        .build()
        .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"));
    Lexicon { find, who }
});

/// Items named in `text[s..e]`: (start, end, canonical name), in text order.
pub(super) fn find(text: &str, s: usize, e: usize) -> Vec<(usize, usize, &'static str)> {
    let lex = &*LEXICON;
    let hay = &text[s..e];
    let mut out = Vec::new();
    let mut at = 0;
    while at < hay.len() {
        let Some(m) = lex.find.find_at(hay, at) else {
            break;
        };
        let raw = &hay[m.start..m.end];
        let lead = raw
            .chars()
            .next()
            .filter(|c| !c.is_alphanumeric())
            .map_or(0, char::len_utf8);
        let trail = raw
            .chars()
            .next_back()
            .filter(|c| !c.is_alphanumeric() && raw.len() > lead)
            .map_or(0, char::len_utf8);
        let (a, b) = (m.start + lead, m.end - trail);
        at = b.max(at + 1);
        while at < hay.len() && !hay.is_char_boundary(at) {
            at += 1;
        }
        if a >= b {
            continue;
        }
        // the first item, in lexicon order, whose pattern is the whole word
        if let Some(k) = lex.who.matches(&hay[a..b]).iter().next() {
            out.push((s + a, s + b, ITEMS[k].0));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word start of an article is filtered by its first bytes before the lexicon's
    /// anchored search (alternatives that open with `[Tt]he` or `(?:per|a|за)` included).
    #[test]
    fn lexicon_filters_word_starts() {
        assert!(LEXICON.find.filters_starts());
    }

    fn names(t: &str) -> Vec<&'static str> {
        find(t, 0, t.len()).into_iter().map(|x| x.2).collect()
    }

    #[test]
    fn goods_in_four_languages() {
        assert_eq!(
            names("Shipments of crude oil from Russia"),
            vec!["crude oil"]
        );
        assert_eq!(names("Russia's oil and gas revenues"), vec!["oil and gas"]);
        assert_eq!(
            names("Annual inflation accelerated"),
            vec!["consumer prices"]
        );
        assert_eq!(names("Нефтегазовые доходы бюджета"), vec!["oil and gas"]);
        assert_eq!(names("експорт зерна"), vec!["grain"]);
        assert_eq!(
            names("die Militärhilfe für die Ukraine"),
            vec!["military aid"]
        );
        assert_eq!(names("the key rate to 12%"), vec!["key rate"]);
        assert_eq!(names("Экспорт российского угля"), vec!["coal"]);
        assert_eq!(names("Ненефтегазовые доходы"), vec!["non-oil and gas"]);
        assert_eq!(
            names("6,1 млн тонн агропродукції"),
            vec!["agricultural products"]
        );
        assert_eq!(names("Shipments of machinery"), vec!["machinery"]);
    }
}
