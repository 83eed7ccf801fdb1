//! Places and organisations: countries with their adjectives, demonyms, capitals used as
//! metonyms ("Beijing supplies Russia") and names in German, Russian and Ukrainian, all mapped to
//! one canonical English name; and organisations (central banks, customs services, ministries,
//! statistics offices, news agencies, think tanks) found by their head words.
//!
//! The table is small and hand-kept: no maintained Rust data package carries demonyms and
//! capitals together with Cyrillic case forms, and the claim builder needs exactly these.

use std::sync::LazyLock;

use regex::Regex;

use super::delimited::Delimited;
use super::prefix_filter::PrefixFilter;

/// A place or organisation named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mention {
    pub start: usize,
    pub end: usize,
    /// Canonical English name ("China", "Bank of Finland").
    pub name: String,
    pub org: bool,
    /// Written as an adjective or demonym ("Chinese", "Russian").
    pub adjective: bool,
}

/// Canonical name, then patterns: names, adjectives (prefixed `~`), capitals and other languages.
const COUNTRIES: &[(&str, &str)] = &[
    (
        "China",
        r"China|PRC|Beijing|~Chinese|China's|Chinas|Китай|Китая|Китаю|Китаем|Китае|Китаї|Китаєм|Пекин|Пекін|~китайск\w*|~китайськ\w*",
    ),
    (
        "Russia",
        r"Russia|Russian Federation|Moscow|Kremlin|~Russians?|Russland|Moskau|~russische\w*|Росси[яиюей]|Россией|Росі[яїює]|Росією|Москв[аеуы]|Кремль|~российск\w*|~російськ\w*|РФ",
    ),
    (
        "Ukraine",
        r"Ukraine|Kyiv|Kiev|~Ukrainians?|Ukraine|Kiew|~ukrainische\w*|Украин[аыеуой]|Україн[аиіуою]|Украйн\w*|Киев\w*|Києв\w*|~украинск\w*|~українськ\w*",
    ),
    (
        "United States",
        r"United States|U\.S\.|US|USA|America|Washington|~Americans?|USA|Vereinigte Staaten|~amerikanische\w*|США|Вашингтон\w*|~американск\w*|~американськ\w*",
    ),
    (
        "European Union",
        r"European Union|EU|Brussels|the bloc|~European|Europe|EU-Staaten|Europäische Union|ЕС|Евросоюз\w*|ЄС|Євросоюз\w*|Європ\w*|Европ\w*",
    ),
    (
        "Germany",
        r"Germany|Berlin|Bundesregierung|~Germans?|Deutschland|~deutsche\w*|Германи[яиюей]|Німеччин\w*|~немецк\w*|~німецьк\w*",
    ),
    (
        "India",
        r"India|New Delhi|Delhi|~Indians?|Indien|~indische\w*|Инди[яиюей]|Інді[яїю]|~индийск\w*|~індійськ\w*",
    ),
    (
        "Turkey",
        r"Turkey|Türkiye|Ankara|~Turkish|~Turks?|Türkei|~türkische\w*|Турци[яиюей]|Туреччин\w*|~турецк\w*|~турецьк\w*",
    ),
    (
        "Iran",
        r"Iran|Tehran|~Iranians?|~iranische\w*|Иран\w*|Іран\w*|~иранск\w*|~іранськ\w*",
    ),
    (
        "North Korea",
        r"North Korea|Pyongyang|~North Koreans?|Nordkorea|КНДР|Северн\w+ Коре\w+|Північн\w+ Коре\w+",
    ),
    (
        "South Korea",
        r"South Korea|Seoul|~South Koreans?|Südkorea|Южн\w+ Коре\w+|Південн\w+ Коре\w+",
    ),
    (
        "Belarus",
        r"Belarus|Minsk|~Belarusians?|Weißrussland|Belarus|Беларус\w*|Белорусси\w*|Білорус\w*|~белорусск\w*|~білоруськ\w*",
    ),
    (
        "Kazakhstan",
        r"Kazakhstan|Astana|~Kazakhs?|Kasachstan|~kasachische\w*|Казахстан\w*|~казахстанск\w*",
    ),
    (
        "Kyrgyzstan",
        r"Kyrgyzstan|Bishkek|~Kyrgyz|Kirgisistan|Kirgistan|~kirgisische\w*|Киргизи\w*|Кыргызстан\w*|Киргизстан\w*",
    ),
    (
        "Armenia",
        r"Armenia|Yerevan|~Armenians?|Armenien|Армени\w*|Вірмені\w*",
    ),
    ("Georgia", r"Georgia|Tbilisi|~Georgians?|Georgien|Грузи\w*"),
    ("Uzbekistan", r"Uzbekistan|Tashkent|~Uzbeks?|Узбекистан\w*"),
    (
        "United Arab Emirates",
        r"United Arab Emirates|UAE|Dubai|Abu Dhabi|~Emirati|ОАЭ|ОАЕ",
    ),
    (
        "Saudi Arabia",
        r"Saudi Arabia|Riyadh|~Saudis?|Саудовск\w+ Арави\w+|Саудівськ\w+ Аравi\w+",
    ),
    (
        "Japan",
        r"Japan|Tokyo|~Japanese|Япони\w*|~японск\w*|~японськ\w*",
    ),
    (
        "United Kingdom",
        r"United Kingdom|Britain|Great Britain|UK|U\.K\.|London|~British|Großbritannien|Великобритани\w*|Великобритані\w*",
    ),
    (
        "France",
        r"France|Paris|~French|Frankreich|Франци\w*|Франці\w*",
    ),
    ("Italy", r"Italy|Rome|~Italians?|Italien|Итали\w*|Італі\w*"),
    (
        "Poland",
        r"Poland|Warsaw|~Polish|~Poles|Polen|Польш\w*|Польщ\w*",
    ),
    (
        "Finland",
        r"Finland|Helsinki|~Finnish|Finnland|Финлянди\w*|Фінлянді\w*",
    ),
    (
        "Norway",
        r"Norway|Oslo|~Norwegian|Norwegen|Норвеги\w*|Норвегі\w*",
    ),
    (
        "Netherlands",
        r"Netherlands|Holland|~Dutch|Niederlande|Нидерланд\w*|Нідерланд\w*",
    ),
    (
        "Hungary",
        r"Hungary|Budapest|~Hungarian|Ungarn|Венгри\w*|Угорщин\w*",
    ),
    (
        "Slovakia",
        r"Slovakia|~Slovak|Slowakei|Словаки\w*|Словаччин\w*",
    ),
    (
        "Austria",
        r"Austria|Vienna|~Austrian|Österreich|Австри\w*|Австрі\w*",
    ),
    (
        "Brazil",
        r"Brazil|~Brazilian|Brasilien|~brasilianische\w*|Бразили\w*|Бразилі\w*|~бразильск\w*|~бразильськ\w*",
    ),
    ("Egypt", r"Egypt|Cairo|~Egyptian|Ägypten|Египт\w*|Єгипт\w*"),
    ("Syria", r"Syria|Damascus|~Syrian|Syrien|Сири\w*|Сирі\w*"),
    ("Israel", r"Israel|~Israeli|Израил\w*|Ізраїл\w*"),
    (
        "Azerbaijan",
        r"Azerbaijan|Baku|~Azerbaijani|Aserbaidschan|Азербайджан\w*",
    ),
    (
        "Vietnam",
        r"Vietnam|Hanoi|~Vietnamese|Вьетнам\w*|В'єтнам\w*",
    ),
    ("Malaysia", r"Malaysia|~Malaysian|Малайзи\w*|Малайзі\w*"),
    ("Singapore", r"Singapore|Singapur|Сингапур\w*|Сінгапур\w*"),
    ("Hong Kong", r"Hong Kong|Гонконг\w*"),
    ("Taiwan", r"Taiwan|Taipei|~Taiwanese|Тайван\w*"),
    (
        "Switzerland",
        r"Switzerland|~Swiss|Schweiz|Швейцари\w*|Швейцарі\w*",
    ),
    ("Canada", r"Canada|Ottawa|~Canadian|Kanada|Канад\w*"),
    ("Mongolia", r"Mongolia|~Mongolian|Монголи\w*|Монголі\w*"),
    (
        "Serbia",
        r"Serbia|Belgrade|~Serbian|Serbien|Серби\w*|Сербі\w*",
    ),
    ("Moldova", r"Moldova|Chisinau|~Moldovan|Молдов\w*"),
    (
        "Lithuania",
        r"Lithuania|Vilnius|~Lithuanian|Litauen|Литв\w*",
    ),
    ("Latvia", r"Latvia|Riga|~Latvian|Lettland|Латви\w*|Латві\w*"),
    (
        "Estonia",
        r"Estonia|Tallinn|~Estonian|Estland|Эстони\w*|Естоні\w*",
    ),
    (
        "Romania",
        r"Romania|Bucharest|~Romanian|Rumänien|Румыни\w*|Румуні\w*",
    ),
    (
        "Bulgaria",
        r"Bulgaria|~Bulgarian|Bulgarien|Болгари\w*|Болгарі\w*",
    ),
    (
        "Greece",
        r"Greece|Athens|~Greek|Griechenland|Греци\w*|Греці\w*",
    ),
    (
        "Spain",
        r"Spain|Madrid|~Spanish|Spanien|Испани\w*|Іспані\w*",
    ),
    ("Belgium", r"Belgium|~Belgian|Belgien|Бельги\w*|Бельгі\w*"),
    ("Iraq", r"Iraq|Baghdad|~Iraqi|Irak|Ирак\w*|Ірак\w*"),
    (
        "Indonesia",
        r"Indonesia|Jakarta|~Indonesian|Indonesien|Индонези\w*|Індонезі\w*",
    ),
    (
        "Tajikistan",
        r"Tajikistan|Dushanbe|~Tajik|Tadschikistan|Таджикистан\w*",
    ),
    (
        "Turkmenistan",
        r"Turkmenistan|Ashgabat|~Turkmen|Туркмени\w*|Туркменістан\w*",
    ),
    ("Qatar", r"Qatar|~Qatari|Katar|Катар\w*"),
    ("Oman", r"Oman|~Omani|Оман\w*"),
    ("Kuwait", r"Kuwait|~Kuwaiti|Кувейт\w*"),
    ("Pakistan", r"Pakistan|Islamabad|~Pakistani|Пакистан\w*"),
    ("Bangladesh", r"Bangladesh|Dhaka|~Bangladeshi|Бангладеш"),
    (
        "Sri Lanka",
        r"Sri Lanka|~Sri Lankan|Шри-Ланк\w*|Шрі-Ланк\w*",
    ),
    ("Thailand", r"Thailand|Bangkok|~Thai|Таиланд\w*|Таїланд\w*"),
    (
        "Philippines",
        r"Philippines|Manila|~Philippine|Philippinen|Филиппин\w*|Філіппін\w*",
    ),
    (
        "Australia",
        r"Australia|Canberra|~Australian|Australien|Австрали\w*|Австралі\w*",
    ),
    ("Mexico", r"Mexico|~Mexican|Mexiko|Мексик\w*"),
    (
        "South Africa",
        r"South Africa|~South African|Südafrika|ЮАР|ПАР",
    ),
    ("Nigeria", r"Nigeria|~Nigerian|Нигери\w*|Нігері\w*"),
    ("Algeria", r"Algeria|~Algerian|Algerien|Алжир\w*"),
    ("Morocco", r"Morocco|~Moroccan|Marokko|Марокко"),
    ("Libya", r"Libya|~Libyan|Libyen|Ливи[яиюей]|Лівії|Лівія"),
    (
        "Portugal",
        r"Portugal|Lisbon|~Portuguese|Португали\w*|Португалі\w*",
    ),
    ("Ireland", r"Ireland|~Irish|Irland|Ирланди\w*|Ірланді\w*"),
    (
        "Denmark",
        r"Denmark|Copenhagen|~Danish|Dänemark|Дани[яиюей]|Данії|Данія",
    ),
    (
        "Sweden",
        r"Sweden|Stockholm|~Swedish|Schweden|Швеци\w*|Швеці\w*",
    ),
    (
        "Czech Republic",
        r"Czech Republic|Czechia|Prague|~Czech|Tschechien|Чехи[яиюей]|Чехії|Чехія",
    ),
    (
        "Croatia",
        r"Croatia|~Croatian|Kroatien|Хорвати\w*|Хорваті\w*",
    ),
    ("Cyprus", r"Cyprus|~Cypriot|Zypern|Кипр\w*|Кіпр\w*"),
    (
        "Afghanistan",
        r"Afghanistan|Kabul|~Afghan|Афганистан\w*|Афганістан\w*",
    ),
    ("Myanmar", r"Myanmar|Мьянм\w*|М'янм\w*"),
    (
        "Venezuela",
        r"Venezuela|~Venezuelan|Венесуэл\w*|Венесуел\w*",
    ),
    ("Argentina", r"Argentina|~Argentine|Argentinien|Аргентин\w*"),
    ("Cuba", r"Cuba|Havana|~Cuban|Kuba|Куб[аеуы]"),
    ("Gazprom", r"Gazprom|Газпром\w*"),
    ("Rosneft", r"Rosneft|Роснефт\w*"),
    ("Lukoil", r"Lukoil|Лукойл\w*"),
    ("Novatek", r"Novatek|Новатэк\w*"),
    ("Naftogaz", r"Naftogaz|Нафтогаз\w*"),
    ("AvtoVAZ", r"AvtoVAZ|АвтоВАЗ\w*"),
];

/// Companies that are the party of a figure ("Gazprom's exports to Europe"): found with the
/// countries, and kept as parties although they are organisations too.
pub(super) const COMPANIES: &[&str] = &[
    "Gazprom",
    "Rosneft",
    "Lukoil",
    "Novatek",
    "Naftogaz",
    "AvtoVAZ",
    "Rosatom",
    "Transneft",
];

/// Organisations written in German, Russian or Ukrainian (every case form), and a few English
/// spellings the ledger shortens, with the English name the ledger uses. Matched case-sensitively
/// with letter boundaries that work for Cyrillic.
const NAMED_ORGS: &[(&str, &str)] = &[
    (
        "Finance Ministry",
        r"Минфин\w*|Мінфін\w*|Министерств\w+ финансов|Міністерств\w+ фінансів|Finanzministeri\w*|Bundesfinanzministeri\w*",
    ),
    (
        "National Bank of Ukraine",
        r"НБУ|Нацбанк\w*|Національн\w+ банк\w*(?: України)?|Национальн\w+ банк\w* Украины",
    ),
    (
        "Bank of Russia",
        r"Банк\w* России|Банк\w* Росії|ЦБ(?: РФ)?|Центробанк\w*|Центральн\w+ банк\w*(?: России)?|Bank von Russland|russische\w* Zentralbank",
    ),
    (
        "State Statistics Service",
        r"Держстат\w*|Державн\w+ служб\w+ статистики",
    ),
    ("Rosstat", r"Росстат\w*"),
    (
        "Economy Ministry",
        r"Мінекономіки|Міністерств\w+ економіки|Минэкономразвития|Минэкономики|Министерств\w+ экономическ\w+ развития|Wirtschaftsministeri\w*",
    ),
    (
        "Ministry of Agrarian Policy and Food",
        r"Мінагрополітики|Міністерств\w+ аграрної політики(?: та продовольства)?",
    ),
    (
        "Agriculture Ministry",
        r"Минсельхоз\w*|Agrarministeri\w*|Landwirtschaftsministeri\w*",
    ),
    (
        "General Administration of Customs",
        r"ГТУ(?: КНР)?|Главн\w+ таможенн\w+ управлени\w+(?: КНР)?|Головн\w+ митн\w+ управлінн\w+(?: КНР)?",
    ),
    (
        "Federal Customs Service",
        r"ФТС(?: России)?|Федеральн\w+ таможенн\w+ служб\w+",
    ),
    (
        "State Customs Service",
        r"Держмитслужб\w*|Державн\w+ митн\w+ служб\w+",
    ),
    ("Autostat", r"Автостат\w*"),
    ("Destatis", r"Statistische\w* Bundesamt\w*|Destatis"),
    (
        "Defence Ministry",
        r"Verteidigungsministeri\w*|Минобороны|Міноборони|Министерств\w+ обороны|Міністерств\w+ оборони",
    ),
    (
        "Interior Ministry",
        r"Bundesinnenministeri\w*|Innenministeri\w*",
    ),
    (
        "BAFA",
        r"Bundesamt\w* für Wirtschaft und Ausfuhrkontrolle|BAFA|Bafa",
    ),
    (
        "Kiel Institute",
        r"Kiel[- ]Institut\w*(?: für Weltwirtschaft)?|Institut\w* für Weltwirtschaft|IfW",
    ),
    ("government sources", r"Regierungskreise\w*"),
    ("independent economists", r"unabhängige\w* Ökonomen"),
    (
        "government",
        r"Bundesregierung|Regierung|Кабінет\w* [Мм]іністрів|Кабмін\w*|Правительств\w*|Уряд\w*",
    ),
    ("Interfax", r"Интерфакс\w*|ИНТЕРФАКС|Інтерфакс\w*"),
    ("RBC", r"РБК"),
];

/// One regex without capture groups finds every mention fast; per-country anchored regexes
/// then say whose it is (captures over hundreds of groups would be far slower).
struct Entry {
    find: super::delimited::Delimited,
    /// (canonical name, anchored name regex, anchored adjective regex)
    who: Vec<(&'static str, Option<Regex>, Option<Regex>)>,
}

static COUNTRY_RE: LazyLock<Entry> = LazyLock::new(|| {
    let mut all = Vec::new();
    let mut who = Vec::new();
    for (name, pats) in COUNTRIES {
        let (mut nouns, mut adjs) = (Vec::new(), Vec::new());
        for p in pats.split('|') {
            match p.strip_prefix('~') {
                Some(rest) => adjs.push(rest),
                None => nouns.push(p),
            }
            all.push(p.trim_start_matches('~'));
        }
        let anchored = |v: &Vec<&str>| {
            (!v.is_empty()).then(|| super::big_regex(&format!("^(?:{})$", v.join("|"))))
        };
        who.push((*name, anchored(&nouns), anchored(&adjs)));
    }
    let find = super::delimited::Delimited::new(
        "",
        r"\p{L}\p{N}",
        &all.join("|"),
        r"(?:'s|’s)?(?:$|[^\p{L}\p{N}])",
    );
    Entry { find, who }
});

/// Which country a mention names: (canonical name, written as an adjective).
///
/// Remembered per thread: the same few names recur in every article, and each answer costs up
/// to two anchored regexes per country.
fn identify(word: &str) -> Option<(&'static str, bool)> {
    type Seen = std::collections::HashMap<String, Option<(&'static str, bool)>>;
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
    }
    SEEN.with(|seen| {
        if let Some(&known) = seen.borrow().get(word) {
            return known;
        }
        let found = identify_uncached(word);
        let mut seen = seen.borrow_mut();
        // bounded: a long crawl meets many one-off capitalised phrases
        if seen.len() >= 1 << 14 {
            seen.clear();
        }
        seen.insert(word.to_string(), found);
        found
    })
}

fn identify_uncached(word: &str) -> Option<(&'static str, bool)> {
    let w = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word);
    for (name, noun, adj) in &COUNTRY_RE.who {
        if noun.as_ref().is_some_and(|r| r.is_match(w))
            || noun.as_ref().is_some_and(|r| r.is_match(word))
        {
            return Some((name, false));
        }
        if adj.as_ref().is_some_and(|r| r.is_match(w)) {
            return Some((name, true));
        }
    }
    None
}

static NAMED_ORG_RE: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    NAMED_ORGS
        .iter()
        .map(|(name, p)| {
            let re = super::big_regex(&format!(
                r"(?:^|[^\p{{L}}\p{{N}}])({p})(?:[^\p{{L}}\p{{N}}]|$)"
            ));
            (*name, re)
        })
        .collect()
});

/// Which organisations of `NAMED_ORG_RE` a text may name, by the literals their alternatives
/// start with, so that only those are searched one by one (most texts name none or one).
static NAMED_ORG_FILTER: LazyLock<PrefixFilter> =
    LazyLock::new(|| PrefixFilter::new(&NAMED_ORGS.iter().map(|(_, p)| *p).collect::<Vec<_>>()));

/// An acronym the text defines right after a name: " (CREA)", " (GAC)".
static ACRONYM_AFTER: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"^[ \t]*\(([A-Z][A-Za-z]{1,9})\)"));

/// Organisations written in lower case in running text ("the finance ministry said").
const LOWER_ORG_BODY: &str = r"finance\s+ministry|economy\s+ministry|economic\s+development\s+ministry|defen[cs]e\s+ministry|foreign\s+ministry|trade\s+ministry|commerce\s+ministry|energy\s+ministry|agriculture\s+ministry|industry\s+ministry|emergencies\s+ministry|central\s+bank|customs(?:\s+(?:service|office|authority|administration|agency|bureau))?|statistics\s+(?:office|service|agency|bureau)|tax\s+service|Finanzministerium|Zentralbank|Zoll(?:behörde)?|минфин|центробанк|таможн\w*|мінфін|митниц\w*";

/// `LOWER_ORG_BODY` between non-letters, tried at word starts only: as one unanchored regex its
/// lazy DFA built states over every text it had not seen.
static LOWER_ORG: LazyLock<Delimited> =
    LazyLock::new(|| Delimited::new("", r"\p{L}\p{N}", LOWER_ORG_BODY, r"(?:[^\p{L}\p{N}]|$)"));

/// Organisations in `text` (spans and names without a leading "the").
pub(super) fn organisations(text: &str) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let named = NAMED_ORG_FILTER.candidates(text);
    for (_, (name, re)) in NAMED_ORG_RE.iter().enumerate().filter(|(k, _)| named[*k]) {
        for c in re.captures_iter(text) {
            let Some(m) = c.get(1) else { continue };
            if out.iter().any(|o| o.start < m.end() && m.start() < o.end) {
                continue;
            }
            out.push(Mention {
                start: m.start(),
                end: m.end(),
                name: (*name).to_string(),
                org: true,
                adjective: false,
            });
        }
    }
    let lower: Vec<Mention> = LOWER_ORG
        .find_iter(text)
        .filter_map(|m| {
            // the match carries a delimiter on each side
            let t = &text[m.start..m.end];
            let lead = t.len() - t.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
            let core = t.trim_matches(|c: char| !c.is_alphanumeric());
            (!core.is_empty()).then(|| Mention {
                start: m.start + lead,
                end: m.start + lead + core.len(),
                name: core.to_string(),
                org: true,
                adjective: false,
            })
        })
        .collect();
    for m in lower {
        if !out.iter().any(|o| o.start < m.end && m.start < o.end) {
            out.push(m);
        }
    }
    for (m_start, m_end) in super::org_phrases::find_iter(text) {
        let mut s = &text[m_start..m_end];
        // trim trailing connector words ("Bank of Finland and" -> "Bank of Finland")
        loop {
            let t = s.trim_end();
            let cut = ["of", "for", "and", "on", "the", "of the", "de"]
                .iter()
                .find_map(|w| t.strip_suffix(w).filter(|r| r.ends_with(' ')));
            match cut {
                Some(r) => s = r.trim_end(),
                None => {
                    s = t;
                    break;
                }
            }
        }
        // a sentence-final dot is not part of the name ("Customs." but "U.S." stays)
        if s.ends_with('.')
            && s[..s.len() - 1]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_lowercase())
        {
            s = &s[..s.len() - 1];
        }
        let lead = s.len()
            - ["The ", "the ", "Die ", "Der ", "Das "]
                .iter()
                .fold(s, |t, a| t.trim_start_matches(a))
                .len();
        let name = &s[lead..];
        if identify(name).is_some() {
            continue;
        }
        if name.len() < 2 || !name.chars().next().is_some_and(|c| c.is_uppercase()) {
            continue;
        }
        if out
            .iter()
            .any(|o| o.start < m_start + s.len() && m_start < o.end)
        {
            continue;
        }
        // "Helsinki-based Centre for Research on Energy and Clean Air (CREA)": no "-based"
        // prefix, and the acronym the text defines kept with the name
        let lead_based = name
            .find("-based ")
            .filter(|&i| !name[..i].contains(' '))
            .map_or(0, |i| i + "-based ".len());
        let name = &name[lead_based..];
        let after = &text[m_start + s.len()..];
        let name = match ACRONYM_AFTER.captures(after).and_then(|c| c.get(1)) {
            Some(a) if a.as_str() != name => format!("{name} ({})", a.as_str()),
            _ => name.to_string(),
        };
        out.push(Mention {
            start: m_start + if lead_based > 0 { lead + lead_based } else { 0 },
            end: m_start + s.len(),
            name,
            org: true,
            adjective: false,
        });
    }
    out.sort_by_key(|m| m.start);
    out
}

/// Aid programmes by the donor that runs them: "The Ukraine Facility will provide €33 billion"
/// is the EU's aid.
const PROGRAMMES: &[(&str, &str)] = &[
    (
        "European Union",
        r"Ukraine[ -]Facility|Ukraine-Fazilität|European\s+Peace\s+Facility|Europäische\w*\s+Friedensfazilität|macro-financial\s+assistance|MFA\+",
    ),
    (
        "United States",
        r"Ukraine\s+Security\s+Assistance\s+Initiative|USAI|Presidential\s+Drawdown\s+Authority|Foreign\s+Military\s+Financing",
    ),
];

static PROGRAMME_RE: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    PROGRAMMES
        .iter()
        .map(|(donor, p)| {
            let re = super::big_regex(&format!(
                r"(?:^|[^\p{{L}}\p{{N}}])({p})(?:[^\p{{L}}\p{{N}}]|$)"
            ));
            (*donor, re)
        })
        .collect()
});

/// Aid programmes named in `text`: the span and the donor.
fn programmes(text: &str) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    for (donor, re) in PROGRAMME_RE.iter() {
        for c in re.captures_iter(text) {
            if let Some(m) = c.get(1) {
                out.push((m.start(), m.end(), *donor));
            }
        }
    }
    out
}

/// Countries in `text`, canonical names, outside the given organisation spans.
pub(super) fn countries(text: &str, orgs: &[Mention]) -> Vec<Mention> {
    // an aid programme stands for its donor ("the Ukraine Facility" is the EU's)
    let progs = programmes(text);
    let mut out: Vec<Mention> = progs
        .iter()
        .map(|p| Mention {
            start: p.0,
            end: p.1,
            name: p.2.to_string(),
            org: false,
            adjective: false,
        })
        .collect();
    let mut at = 0;
    while at < text.len() {
        let Some(m) = COUNTRY_RE.find.find_at(text, at) else {
            break;
        };
        // the match carries one delimiter on each side; the name is inside
        let raw = &text[m.start..m.end];
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
        let (start, mut end) = (m.start + lead, m.end - trail);
        // resume at the delimiter that ended the match so adjacent names are found
        at = end.max(at + 1);
        while at < text.len() && !text.is_char_boundary(at) {
            at += 1;
        }
        if start >= end {
            continue;
        }
        let word = &text[start..end];
        let Some((name, adjective)) = identify(word) else {
            continue;
        };
        if word.ends_with("'s") || word.ends_with("’s") {
            end -= if word.ends_with("'s") {
                2
            } else {
                "’s".len()
            };
        }
        if orgs.iter().any(|o| o.start <= start && end <= o.end)
            || progs.iter().any(|p| p.0 < end && start < p.1)
        {
            continue;
        }
        if &text[start..end] == "US" && text[end..].starts_with('$') {
            continue;
        }
        out.push(Mention {
            start,
            end,
            name: name.to_string(),
            org: false,
            adjective,
        });
    }
    out.sort_by_key(|m| m.start);
    out
}

/// Institutions that stand for one country's state ("Bundesregierung", "Кабмін", "державний
/// бюджет", "Госдума"): the country an article is about when it names no country at all.
static NATIONAL_INSTITUTIONS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        (
            "Germany",
            r"\b(?:Bundesregierung|Bundestag|Bundeshaushalt\w*|Bundesfinanzminist\w*|Bundeswehr)\b",
        ),
        (
            "Ukraine",
            r"(?i)(?:Верховн\w+\s+Рад\w+|Кабінет\w*\s+[Мм]іністрів|Кабмін\w*|держбюджет\w*|державн\w+\s+бюджет\w*|гривн\w+|гривен\w*|Verkhovna\s+Rada)",
        ),
        (
            "Russia",
            r"(?i)(?:Госдум\w*|Государственн\w+\s+Дум\w+|федеральн\w+\s+бюджет\w*|State\s+Duma)",
        ),
    ]
    .into_iter()
    .map(|(n, p)| (n, super::big_regex(p)))
    .collect()
});

/// The country whose state institutions the text names most often, for an article that names
/// no country: a Ukrainian budget story that only says "державного бюджету".
pub(super) fn country_of_institutions(text: &str) -> Option<&'static str> {
    NATIONAL_INSTITUTIONS
        .iter()
        .map(|(n, re)| (*n, re.find_iter(text).count()))
        .filter(|(_, c)| *c > 0)
        .max_by_key(|(_, c)| *c)
        .map(|(n, _)| n)
}

/// The country a national currency belongs to ("RUB" -> Russia); none for currencies that
/// several countries use or that are used for world prices (USD, EUR).
pub(super) fn country_of_currency(code: &str) -> Option<&'static str> {
    Some(match code {
        "RUB" => "Russia",
        "UAH" => "Ukraine",
        "CNY" => "China",
        "INR" => "India",
        "JPY" => "Japan",
        "TRY" => "Turkey",
        "KZT" => "Kazakhstan",
        "BYN" => "Belarus",
        "GBP" => "United Kingdom",
        "KGS" => "Kyrgyzstan",
        "AMD" => "Armenia",
        "GEL" => "Georgia",
        _ => return None,
    })
}

/// Canonical name of a single country word, if it is one ("Chinese" -> "China").
pub(super) fn country_of(word: &str) -> Option<&'static str> {
    identify(word.trim()).map(|x| x.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Country names and lower-case organisations are searched only at word starts whose
    /// first bytes begin one.
    #[test]
    fn lexicons_filter_word_starts() {
        assert!(COUNTRY_RE.find.filters_starts());
        assert!(LOWER_ORG.filters_starts());
    }

    fn names(t: &str) -> Vec<String> {
        let orgs = organisations(t);
        countries(t, &orgs).into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn countries_and_adjectives() {
        assert_eq!(
            names("Chinese exports to Russia rose"),
            vec!["China", "Russia"]
        );
        assert_eq!(
            names("Russian imports of Chinese equipment"),
            vec!["Russia", "China"]
        );
        assert_eq!(names("Beijing supplies Moscow"), vec!["China", "Russia"]);
        assert_eq!(
            names("The Bank of Finland estimates that China is"),
            vec!["China"]
        );
        assert_eq!(names("Экспорт Китая в Россию"), vec!["China", "Russia"]);
        assert_eq!(names("Експорт Китаю до Росії"), vec!["China", "Russia"]);
        assert_eq!(country_of("Chinese"), Some("China"));
    }

    #[test]
    fn aid_programmes_stand_for_their_donor() {
        assert_eq!(
            names("The Ukraine Facility will provide loans to Kyiv"),
            vec!["European Union", "Ukraine"]
        );
    }

    /// `LOWER_ORG` finds what the unanchored regex it replaced found.
    #[test]
    fn lower_case_organisations_like_the_regex() {
        let whole = super::super::big_regex(&format!(
            r"(?:^|[^\p{{L}}\p{{N}}])(?:{LOWER_ORG_BODY})(?:[^\p{{L}}\p{{N}}]|$)"
        ));
        let same = |text: &str| {
            let want: Vec<(usize, usize)> = whole
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            let got: Vec<(usize, usize)> = LOWER_ORG
                .find_iter(text)
                .map(|f| (f.start, f.end))
                .collect();
            assert_eq!(got, want, "{text:?}");
        };
        // the body as it was written before its alternatives were spelled out one by one
        let grouped = super::super::big_regex(
            r"(?:^|[^\p{L}\p{N}])(?:(?:(?:finance|economy|economic\s+development|defen[cs]e|foreign|trade|commerce|energy|agriculture|industry|emergencies)\s+ministry|central\s+bank|customs(?:\s+(?:service|office|authority|administration|agency|bureau))?|statistics\s+(?:office|service|agency|bureau)|tax\s+service|Finanzministerium|Zentralbank|Zoll(?:behörde)?|минфин|центробанк|таможн\w*|мінфін|митниц\w*))(?:[^\p{L}\p{N}]|$)",
        );
        let same = |text: &str| {
            let was: Vec<(usize, usize)> = grouped
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            let now: Vec<(usize, usize)> = whole
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(now, was, "{text:?}");
            same(text);
        };
        same("the finance ministry said customs service data and the central bank");
        same("таможня, митниці та мінфін; Zollbehörde/Zoll Finanzministeriums");
        let pieces = [
            "finance",
            "ministry",
            "central",
            "bank",
            "customs",
            "service",
            "statistics",
            "office",
            "tax",
            "Zoll",
            "behörde",
            "таможн",
            "ями",
            "митниц",
            "мінфін",
            " ",
            "\t",
            "\n",
            ",",
            "5",
            "_",
            "x",
            "é",
            "😀",
            "economic",
            "development",
            "defence",
        ];
        for text in super::super::tokens::random_texts(&pieces, 20_000) {
            same(&text);
        }
    }

    /// The filter marks every named organisation a text names.
    #[test]
    fn named_organisation_filter_misses_none() {
        let names = [
            "Мінфін",
            "Міністерство фінансів",
            "НБУ",
            "Нацбанку",
            "Національного банку України",
            "ЦБ РФ",
            "Центробанк",
            "Банка России",
            "Держстат",
            "ГТУ КНР",
            "Кабмін",
            "Кабінет Міністрів",
            "Kiel-Institut für Weltwirtschaft",
            "IfW",
            "Bafa",
            "Regierungskreisen",
            "РБК",
            "unabhängige Ökonomen",
            "Интерфакс",
            "ФТС России",
            "Statistischen Bundesamtes",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..3 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(names[(state >> 8) as usize % names.len()]);
                text.push_str([" ", ", ", "x", "."][(state >> 20) as usize % 4]);
            }
            let marked = NAMED_ORG_FILTER.candidates(&text);
            for (k, (_, re)) in NAMED_ORG_RE.iter().enumerate() {
                assert!(!re.is_match(&text) || marked[k], "{k} {text:?}");
            }
        }
    }

    #[test]
    fn organisations_by_head_word() {
        let o: Vec<String> = organisations("The Bank of Finland estimates, the Atlantic Council said, and Reuters reported, according to the General Administration of Customs.").into_iter().map(|m| m.name).collect();
        assert_eq!(
            o,
            vec![
                "Bank of Finland",
                "Atlantic Council",
                "Reuters",
                "General Administration of Customs"
            ]
        );
    }
}
