//! Who says so, per figure: the attributions of every sentence resolved once per article, then
//! the nearest one for each figure.
//!
//! ```text
//! own sentence      the attribution nearest the figure ("..., Kpler data showed")
//! pointing back     a later sentence of the paragraph that refers back ("Про це повідомило ...",
//!                   "..., so das Ministerium")
//! carried           an earlier attribution of the same paragraph
//! fallback          headline/Background paragraph -> outlet; else "Source:" line, wire credit,
//!                   outlet (never carried across paragraphs)
//! ```
//!
//! Anaphors ("the ministry said", "he said", "по данным ведомства") are resolved against the
//! attributions met before them in the article.

use std::sync::LazyLock;

use regex::Regex;

use super::attribution::{self, Anaphor, Found};
use super::gazetteer::Mention;
use super::sentences::Sentence;
use super::wire_credit;
use super::Attribution;

static LABEL: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"^(?:Background|Context|Reminder|Recap)\s*:"));

/// A headline's trailing credit: "... до 5,1% – Держстат", "... - ministry".
static HEADLINE_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| super::big_regex(r"[ \t][-–—][ \t]+([^-–—]{2,60})$"));

/// Where a figure's source came from: the evidence behind it, for the confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Provenance {
    /// Stated in the figure's own sentence.
    Own,
    /// A later sentence of the paragraph pointing back, or carried from an earlier one.
    Paragraph,
    /// The headline, a "Background:" paragraph, the "Source:" line, the wire credit or the outlet.
    Fallback,
}

/// The attributions of an article, sentence by sentence.
pub(super) struct Sources {
    /// Per sentence: resolved attributions (anaphors replaced, unresolvable ones dropped).
    found: Vec<Vec<Found>>,
    paras: Vec<usize>,
    /// Paragraphs labelled "Background:" and the headline: the outlet speaks.
    outlet_paras: Vec<usize>,
    fallback: Option<Attribution>,
    outlet: Option<Attribution>,
}

impl Sources {
    /// Finds and resolves every attribution of the article.
    pub(super) fn new(
        text: &str,
        sents: &[Sentence],
        orgs: &[Mention],
        headline_end: usize,
        outlet_name: Option<&str>,
    ) -> Sources {
        let outlet = outlet_name.map(|o| Attribution {
            name: o.to_string(),
            surface: o.to_string(),
            person: None,
            organisation: Some(o.to_string()),
        });
        let wire = wire_credit::wire_credit(text).map(|w| Attribution {
            name: attribution::canonical_org(&w),
            surface: format!("({w})"),
            person: None,
            organisation: Some(w),
        });
        let fallback = attribution::source_line(text).or(wire);
        let mut history: Vec<Attribution> = Vec::new();
        let mut found = Vec::with_capacity(sents.len());
        let mut outlet_paras = Vec::new();
        let mut headline_credit: Option<(usize, String)> = None;
        let mut last_para = usize::MAX;
        for s in sents {
            let sentence = &text[s.start..s.end];
            if s.para != last_para {
                last_para = s.para;
                if LABEL.is_match(sentence) {
                    outlet_paras.push(s.para);
                }
            }
            let mut here = attribution::in_sentence(text, s.start, sentence, orgs);
            if s.end <= headline_end {
                if let Some(c) = HEADLINE_CREDIT.captures(sentence).and_then(|c| c.get(1)) {
                    let at = s.start + c.start();
                    let org = orgs.iter().find(|o| o.start >= at && o.end <= s.end);
                    let words = c.as_str().split_whitespace().count();
                    if org.is_none() && words <= 3 {
                        // "- ministry", "- analysts": a generic credit, named in the body
                        headline_credit = Some((found.len(), c.as_str().trim().to_lowercase()));
                    }
                    if let Some(o) = org {
                        here.push(Found {
                            attr: Attribution {
                                name: attribution::canonical_org(&o.name),
                                surface: c.as_str().to_string(),
                                person: None,
                                organisation: Some(o.name.clone()),
                            },
                            at,
                            back: false,
                            anaphor: None,
                            outlet: false,
                        });
                    }
                }
            }
            // "Die chinesischen Einfuhren ... legten demnach um 28,7 Prozent zu": the sentence
            // says it reports the release named before, in any earlier paragraph
            if here.is_empty() && ACCORDINGLY.is_match(sentence) {
                if let Some(h) = history.iter().rev().find(|h| h.person.is_none()) {
                    here.push(Found {
                        attr: h.clone(),
                        at: s.start,
                        back: false,
                        anaphor: None,
                        outlet: false,
                    });
                }
            }
            let mut resolved = Vec::new();
            for mut f in here {
                if let Some(a) = &f.anaphor {
                    let before_in_sentence = orgs
                        .iter()
                        .rfind(|o| o.start >= s.start && o.end <= f.at)
                        .map(|o| Attribution {
                            name: attribution::canonical_org(&o.name),
                            surface: o.name.clone(),
                            person: None,
                            organisation: Some(o.name.clone()),
                        });
                    let Some(r) = resolve(a, &history, before_in_sentence) else {
                        continue;
                    };
                    f.attr = Attribution {
                        surface: f.attr.surface.clone(),
                        ..r
                    };
                } else if let Some(h) = generic_named_before(&f.attr, &history) {
                    // "the customs service said" after "the General Administration of Customs"
                    f.attr = Attribution {
                        surface: f.attr.surface.clone(),
                        ..h
                    };
                } else if f.outlet {
                    match &outlet {
                        Some(o) => f.attr = o.clone(),
                        None => continue,
                    }
                }
                if !f.outlet {
                    history.push(f.attr.clone());
                }
                resolved.push(f);
            }
            found.push(resolved);
        }
        if let Some((i, credit)) = headline_credit {
            let key = credit.trim_end_matches('s');
            let named = found
                .iter()
                .flatten()
                .map(|f| &f.attr)
                .find(|a| a.name.to_lowercase().contains(key));
            let attr = named.cloned().unwrap_or_else(|| Attribution {
                name: credit.clone(),
                surface: credit.clone(),
                person: None,
                organisation: None,
            });
            let at = sents.get(i).map_or(0, |s| s.start);
            if let Some(v) = found.get_mut(i) {
                v.push(Found {
                    attr,
                    at,
                    back: false,
                    anaphor: None,
                    outlet: false,
                });
            }
        }
        Sources {
            found,
            paras: sents.iter().map(|s| s.para).collect(),
            outlet_paras,
            fallback,
            outlet,
        }
    }

    /// The source of a figure at byte `at` in sentence `i`.
    ///
    /// `other_figures_own(at)` says whether an attribution at `at` sits in another figure's
    /// clause ("... far worse than the 0.4% decline forecast in a Reuters poll"): such an
    /// attribution is that figure's, used for this one only when nothing else is stated.
    pub(super) fn of(
        &self,
        i: usize,
        at: usize,
        in_headline: bool,
        other_figures_own: impl Fn(usize) -> bool,
    ) -> (Option<Attribution>, Provenance) {
        let para = self.paras[i];
        let nearest = self.found[i]
            .iter()
            .filter(|f| !other_figures_own(f.at))
            .min_by_key(|f| f.at.abs_diff(at))
            .or_else(|| self.found[i].iter().min_by_key(|f| f.at.abs_diff(at)));
        if let Some(f) = nearest {
            return (Some(f.attr.clone()), Provenance::Own);
        }
        if in_headline || self.outlet_paras.contains(&para) {
            let a = self.outlet.clone().or_else(|| self.fallback.clone());
            return (a, Provenance::Fallback);
        }
        // a later sentence of the paragraph that points back
        for j in i + 1..self.found.len() {
            if self.paras[j] != para {
                break;
            }
            if let Some(f) = self.found[j].first() {
                if f.back {
                    return (Some(f.attr.clone()), Provenance::Paragraph);
                }
                break;
            }
        }
        // carried from earlier in the paragraph
        for j in (0..i).rev() {
            if self.paras[j] != para {
                break;
            }
            if let Some(f) = self.found[j].last() {
                return (Some(f.attr.clone()), Provenance::Paragraph);
            }
        }
        let a = self.fallback.clone().or_else(|| self.outlet.clone());
        (a, Provenance::Fallback)
    }
}

/// "demnach", "accordingly", "according to these data", "согласно этим данным", "за цими
/// даними": the figure reports the release named before.
static ACCORDINGLY: LazyLock<Regex> = LazyLock::new(|| {
    super::big_regex(
        r"(?i)(?:^|[^\p{L}])(?:demnach|demzufolge|accordingly|according\s+to\s+(?:these|the\s+same)\s+(?:data|figures)|согласно\s+(?:этим|тем\s+же)\s+данным|по\s+(?:этим|тем\s+же)\s+данным|за\s+цими\s+даними|згідно\s+з\s+цими\s+даними)(?:[^\p{L}]|$)",
    )
});

/// A generic name written in lower case ("customs service", "statistics office") for an
/// organisation named properly before ("General Administration of Customs").
fn generic_named_before(a: &Attribution, history: &[Attribution]) -> Option<Attribution> {
    if a.person.is_some() || !a.name.starts_with(char::is_lowercase) {
        return None;
    }
    let head = a.name.split_whitespace().next()?.to_lowercase();
    let key = head.trim_end_matches('s');
    if key.len() < 4 {
        return None;
    }
    history
        .iter()
        .rev()
        .find(|h| {
            h.person.is_none()
                && h.name.starts_with(char::is_uppercase)
                && h.name.to_lowercase().contains(key)
        })
        .cloned()
}

/// Who an anaphor means: a matching organisation earlier in its sentence, else the latest
/// attribution whose name holds the head word, else the latest of the right kind.
fn resolve(
    a: &Anaphor,
    history: &[Attribution],
    in_sentence: Option<Attribution>,
) -> Option<Attribution> {
    match a {
        Anaphor::Person => history.iter().rev().find(|h| h.person.is_some()).cloned(),
        Anaphor::Org(head) => {
            let key = match head.as_str() {
                "ministry" | "министерства" | "міністерства" | "ministerium" => {
                    "ministr"
                }
                "institute" | "institut" => "institut",
                "department" => "department",
                "bank" | "банка" | "банку" | "zentralbank" => "bank",
                "agency" | "агентства" => "agen",
                "committee" => "committee",
                "customs" => "customs",
                _ => "",
            };
            if !key.is_empty() {
                if let Some(o) = in_sentence.filter(|o| o.name.to_lowercase().contains(key)) {
                    return Some(o);
                }
                if let Some(h) = history
                    .iter()
                    .rev()
                    .find(|h| h.person.is_none() && h.name.to_lowercase().contains(key))
                {
                    return Some(h.clone());
                }
            }
            history
                .iter()
                .rev()
                .find(|h| h.person.is_none())
                .or_else(|| history.last())
                .cloned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{extract, Document};

    fn sources_of(text: &str, outlet: &str) -> Vec<(String, String)> {
        let doc = Document {
            id: "t",
            text,
            title: None,
            published: chrono::NaiveDate::from_ymd_opt(2024, 1, 10),
            outlet: Some(outlet),
        };
        extract(&doc)
            .into_iter()
            .map(|c| (c.surface, c.source.map(|s| s.name).unwrap_or_default()))
            .collect()
    }

    fn source<'a>(v: &'a [(String, String)], surface: &str) -> &'a str {
        v.iter()
            .find(|(s, _)| s == surface)
            .map_or("", |(_, n)| n.as_str())
    }

    /// The lead's releasing body used to speak for every later paragraph; the conventions say a
    /// new paragraph without an attribution falls back to the outlet.
    #[test]
    fn attribution_does_not_cross_paragraphs() {
        let t = "Trade rose 40.7% to $93.8 billion in May, Chinese customs data showed.\n\nIn yuan terms, trade rose 50.1% in May.";
        let v = sources_of(t, "Reuters");
        assert_eq!(source(&v, "40.7%"), "customs");
        assert_eq!(source(&v, "50.1%"), "Reuters");
    }

    /// "Про це повідомило ..." and "so das Ministerium" point back to the sentence before.
    #[test]
    fn back_pointing_attribution_covers_the_sentence_before() {
        let t = "У жовтні Україна експортувала 4,2 млн тонн зерна. Про це повідомило Міністерство аграрної політики та продовольства.";
        let v = sources_of(t, "Ekonomichna Pravda");
        assert_eq!(
            source(&v, "4,2 млн тонн"),
            "Ministry of Agrarian Policy and Food"
        );
        let t = "Die Einnahmen gingen um 23,9 Prozent zurück. Die Ausgaben lagen bei 32,36 Billionen Rubel, so das Finanzministerium.";
        let v = sources_of(t, "tagesschau.de");
        assert_eq!(source(&v, "23,9 Prozent"), "Finance Ministry");
    }

    /// "the institute said" resolves to the institute named earlier, not to the outlet.
    #[test]
    fn anaphors_resolve_to_the_earlier_organisation() {
        let t = "Aid fell to €2.11 billion in October, according to the Kiel Institute for the World Economy.\n\nPledges were down 87% in October, the institute said.";
        let v = sources_of(t, "Deutsche Welle");
        assert!(source(&v, "87%").contains("Kiel Institute"), "{v:?}");
    }

    /// Cyrillic organisations were invisible to an ASCII word boundary.
    #[test]
    fn cyrillic_organisations_get_english_names() {
        let t = "За даними НБУ, резерви зросли на 42,6% у 2023 році.";
        let v = sources_of(t, "Interfax-Ukraine");
        assert_eq!(source(&v, "42,6%"), "National Bank of Ukraine");
        let t = "Дефицит составил 3,24 трлн руб., сказал РБК Андрей Соколов, главный экономист.";
        let v = sources_of(t, "RBC");
        assert_eq!(source(&v, "3,24 трлн руб."), "Andrei Sokolov");
    }

    /// "...far worse than the 0.4% decline forecast in a Reuters poll, customs data also
    /// showed": the poll is the 0.4%'s source, not the 7.5%'s.
    #[test]
    fn attribution_in_another_figures_clause_stays_with_it() {
        let t = "China's exports fell 7.5% in May, far worse than the 0.4% decline forecast in a Reuters poll, customs data also showed.";
        let v = sources_of(t, "Reuters");
        assert_eq!(source(&v, "7.5%"), "customs");
        assert_eq!(source(&v, "0.4%"), "Reuters");
    }
}
