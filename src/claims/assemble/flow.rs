//! The flow a figure belongs to: its metric and its two parties (subject and counterpart).

use super::super::cues::{
    donor_after, is_aside, name_before_bracket, FOREIGN_TRADE, OPENS_ON_PREVIOUS, PART_OF_TOTAL,
    PER_UNIT_PRICE, RELATIVE, THESE_FLOWS, THE_COMPANY, TOTAL_WORD,
};
use super::super::gazetteer::{self, Mention};
use super::super::reading::{complete, read_clause, Reading};
use super::super::{floor_boundary, ClaimKind, Metric};
use super::{Article, Carried, Fig, InSentence, SentenceView};

impl Article<'_> {
    /// The metric and parties of figure `fig`, and whether its own clause names a metric.
    ///
    /// The figure's clause is read first; a clause without a flow word takes one written right
    /// before the figure ("доходы — 1,77 трлн"), else a flow clause between the previous figure
    /// and this one, else continues the previous figure of the sentence, else reads the whole
    /// sentence (less metric words other figures own) and completes it from the flow carried
    /// from before. Parties left open come from the sentence's opening name, the antecedent of
    /// a relative clause, a name right before a bracketed figure, a donor right after an aid
    /// figure, or the flow pointed back at ("these deliveries").
    pub(super) fn read_flow(
        &self,
        s: &SentenceView<'_>,
        fig: &Fig<'_>,
        carried: &Carried,
        st: &InSentence,
    ) -> (Reading, bool) {
        let text = self.text;
        let (f, kind, clause) = (fig.raw, fig.kind, fig.clause);
        let (start, end, para, sentence) = (s.start, s.end, s.para, s.text);
        let (s_figs, cls) = (&s.figs, &s.cls);
        let (places, words_all) = (&self.places, &self.words_all);
        let clause_of = |at: usize| s.clause_of(at);
        let other_figures_own = |p: usize| s.other_figures_own(f.span, p);
        let nearer_figure = |w: &(Metric, usize, usize)| s.nearer_figure(f.span, w);
        let first_clause = s.first_clause();
        let mut reading = read_clause(text, clause, f, places, words_all);
        let metric_in_clause = reading.metric.is_some();
        // "Iraq, traditionally India's top supplier, shipped 870,000 bpd": the sentence's
        // opening name is the party of a flow clause that names none
        let opening: Vec<&Mention> = if clause.0 > first_clause.0 {
            places
                .iter()
                .filter(|m| !m.org && m.start >= first_clause.0 && m.end <= first_clause.1)
                .collect()
        } else {
            Vec::new()
        };
        // "The United Arab Emirates, which ..., tripled its exports ... to Russia", "Egypt,
        // the largest buyer, took about 22% of Russian wheat exports": the opening name
        // fills the one party the clause leaves open
        if let [m] = opening.as_slice() {
            let open_subject = reading.subject.is_none()
                && reading.counterpart.as_ref().is_some_and(|c| *c != m.name);
            let open_buyer = reading.counterpart.is_none()
                && reading.subject.as_ref().is_some_and(|s| *s != m.name);
            match reading.metric {
                Some(Metric::Exports) if open_subject => reading.subject = Some(m.name.clone()),
                Some(Metric::Exports) if open_buyer && kind == ClaimKind::Share => {
                    reading.counterpart = Some(m.name.clone())
                }
                Some(Metric::Imports) if open_buyer && !reading.total => {
                    reading.counterpart = Some(m.name.clone())
                }
                _ => {}
            }
        }
        if reading.metric.is_some() && reading.subject.is_none() && reading.counterpart.is_none() {
            if let [m] = opening.as_slice() {
                // "India, the world's third-largest oil importer, imported 4.9 million bpd
                // of crude overall": the reporting country's total
                if reading.metric == Some(Metric::Imports)
                    && TOTAL_WORD.is_match(&text[clause.0..clause.1])
                {
                    reading.subject = Some(m.name.clone());
                    reading.total = true;
                } else if reading.metric == Some(Metric::Imports) {
                    reading.counterpart = Some(m.name.clone());
                } else {
                    reading.subject = Some(m.name.clone());
                }
            }
        }
        // "after the United States, which provided 46%": a relative clause is about the
        // name right before it
        if reading.metric.is_some() && RELATIVE.is_match(&text[clause.0..clause.1]) {
            let head = text[..clause.0].trim_end().trim_end_matches(',').trim_end();
            let antecedent = places
                .iter()
                .find(|m| !m.org && m.end == head.len())
                .map(|m| m.name.clone());
            if let Some(a) = antecedent {
                match reading.metric {
                    Some(Metric::Imports) if reading.counterpart.is_none() => {
                        reading.counterpart = Some(a)
                    }
                    Some(Metric::Imports) => {}
                    _ if reading.subject.is_none() => reading.subject = Some(a),
                    _ => {}
                }
            }
        }
        // "доходы — 1,77 трлн", "расходы — 32,36 трлн": a metric word right before the
        // figure, with no other figure between, governs it though a dash or comma intervenes
        if reading.metric.is_none() {
            let lead = words_all
                .iter()
                .filter(|w| w.1 >= start && w.2 <= f.span[0] && f.span[0] - w.2 <= 24)
                .filter(|w| !is_aside(text, clause_of(w.1)))
                // "доходы — 1,77 трлн": a word and its figure, not a phrase between them
                .filter(|w| text[w.2..f.span[0]].split_whitespace().count() <= 3)
                .filter(|w| {
                    !s_figs
                        .iter()
                        .any(|g| g.span[0] >= w.2 && g.span[1] <= f.span[0])
                })
                .max_by_key(|w| w.1);
            if let Some(w) = lead {
                let lead_reading = read_clause(text, (w.1, clause.1), f, places, words_all);
                if lead_reading.metric.is_some() {
                    let parties = st.prev.as_ref().or(carried.reading()).cloned();
                    reading = lead_reading;
                    if let Some(p) = parties {
                        complete(&mut reading, &p, sentence);
                    }
                }
            }
        }
        if reading.metric.is_none() {
            // "..., while its imports from Russia, dominated by crude oil, gas and coal, grew
            // 28.7%": a flow clause between the previous figure and this one governs it
            let between = st.prev.as_ref().and_then(|p| {
                cls.iter()
                    .rev()
                    .copied()
                    .filter(|c| c.1 <= clause.0 && c.0 >= st.prev_end && !is_aside(text, *c))
                    .map(|c| read_clause(text, c, f, places, words_all))
                    .find(|r| r.metric.is_some())
                    .map(|mut r| {
                        complete(&mut r, p, &text[clause.0..clause.1]);
                        r
                    })
            });
            if let Some(b) = between {
                reading = b;
            } else if let Some(p) = &st.prev {
                reading = p.clone();
            } else {
                // a metric word in another figure's clause ("доходи — 1,77 трлн") or in an
                // aside ("- a category the country barely produces -") is not this figure's
                let words_free: Vec<(Metric, usize, usize)> = words_all
                    .iter()
                    .copied()
                    .filter(|w| {
                        let c = clause_of(w.1);
                        !(other_figures_own(w.1) || is_aside(text, c) || nearer_figure(w))
                    })
                    .collect();
                let mut whole = read_clause(text, (start, end), f, places, &words_free);
                if let Some((_, p)) = &carried.reading {
                    complete(&mut whole, p, sentence);
                }
                // a sentence without a flow word keeps the paragraph's flow ("The volume
                // included 12.5 million tons of wheat"; "taking 5.1 bcm")
                // or, opening by pointing back ("The volume", "These shipments"), the
                // previous paragraph's
                if whole.metric.is_none() {
                    if let Some((p_para, p)) = &carried.reading {
                        if *p_para == para
                            || OPENS_ON_PREVIOUS.is_match(sentence)
                            || (kind == ClaimKind::Share && PART_OF_TOTAL.is_match(sentence))
                        {
                            whole.metric = p.metric;
                            whole.aid = p.aid;
                        }
                    }
                }
                reading = if whole.metric.is_some() || whole.subject.is_some() {
                    whole
                } else {
                    carried
                        .reading
                        .as_ref()
                        .map(|(_, r)| r.clone())
                        .unwrap_or_default()
                };
            }
        } else {
            // "Russia was China's largest supplier ..., with shipments rising 23.8%": an
            // earlier clause of the sentence names the parties
            if st.prev.is_none()
                && !reading.total
                && (reading.subject.is_none() || reading.counterpart.is_none())
            {
                let opening = cls
                    .iter()
                    .rev()
                    .copied()
                    .filter(|c| c.1 <= clause.0)
                    .map(|c| read_clause(text, c, f, places, words_all))
                    .find(|r| {
                        r.metric.is_some() && (r.subject.is_some() || r.counterpart.is_some())
                    });
                if let Some(o) = opening {
                    complete(&mut reading, &o, &text[clause.0..clause.1]);
                }
            }
            if let Some(p) = st.prev.as_ref().or(carried.reading()) {
                complete(&mut reading, p, &text[clause.0..clause.1]);
            }
        }
        // "die Ausfuhren nach Kasachstan (plus 38 Prozent) und Armenien (plus 65,3 Prozent)":
        // a bracketed figure right after a name is that name's, in the role the flow gives it
        if !metric_in_clause {
            if let Some(m) = name_before_bracket(text, clause.0, places) {
                if reading.subject.as_ref() != Some(&m) && reading.counterpart.as_ref() != Some(&m)
                {
                    match reading.metric {
                        Some(Metric::Imports | Metric::ShareOfImports)
                            if reading.subject.is_some() =>
                        {
                            reading.subject = Some(m)
                        }
                        Some(Metric::Exports | Metric::ShareOfExports | Metric::Trade)
                            if reading.counterpart.is_some() =>
                        {
                            reading.counterpart = Some(m)
                        }
                        _ => reading.subject = Some(m),
                    }
                }
            }
        }
        // "..., and JPY 70 billion (about USD 530 million) from Japan": the donor right after
        // an aid figure that names no flow of its own
        if !metric_in_clause && reading.aid {
            if let Some(d) = donor_after(text, f.span[1], end, places) {
                if reading.counterpart.as_deref() != Some(d) {
                    reading.subject = Some(d.to_string());
                }
            }
        }
        // "Hong Kong alone accounted for 52% of these deliveries", "The value of such imports
        // was down 8%": a flow word pointed back at is the flow before, with its importer
        if let (true, Some((_, p))) = (
            THESE_FLOWS.is_match(&text[clause.0..clause.1]),
            &carried.reading,
        ) {
            if p.metric == Some(Metric::Imports) {
                let importer = if p.total {
                    p.subject.clone()
                } else {
                    p.counterpart.clone()
                };
                reading.metric = Some(Metric::Imports);
                if kind == ClaimKind::Share {
                    reading.counterpart = importer;
                } else {
                    reading.subject = p.subject.clone();
                    reading.counterpart = p.counterpart.clone();
                    reading.total = p.total;
                }
            }
        }
        (reading, metric_in_clause)
    }

    /// Settles the parties once the flow is read.
    ///
    /// Budget, output and price figures have no counterpart; a total flow keeps only a partner
    /// its clause names; an unnamed "bilateral trade" takes the last trade pair, else the
    /// article's two most named countries; a non-flow figure in a national currency is that
    /// country's; a company's own exports or output when no exporter is named; and a figure
    /// with no party at all takes the carried subject, else the article's topic.
    pub(super) fn settle_parties(
        &self,
        s: &SentenceView<'_>,
        fig: &Fig<'_>,
        carried: &mut Carried,
        reading: &mut Reading,
    ) {
        let text = self.text;
        let (f, clause) = (fig.raw, fig.clause);
        let (start, end, sentence) = (s.start, s.end, s.text);
        let places = &self.places;
        let (topic, top_two) = (&self.topic, &self.top_two);
        // budget, output and price levels are about the country the article is about; a
        // flow with no parties continues the one before
        let domestic = matches!(
            reading.metric,
            Some(Metric::Revenue | Metric::Spending | Metric::Production)
        );
        if domestic {
            reading.counterpart = None;
        }
        // "Всего ... российские компании экспортировали около 42 млн тонн": a total flow has
        // no partner unless the clause names one
        let named = |n: &Option<String>| {
            places
                .iter()
                .any(|m| m.start >= clause.0 && m.end <= clause.1 && Some(&m.name) == n.as_ref())
        };
        if matches!(reading.metric, Some(Metric::Exports | Metric::Imports))
            && TOTAL_WORD.is_match(&text[clause.0..clause.1])
            && !named(&reading.counterpart)
            && named(&reading.subject)
        {
            reading.counterpart = None;
        }
        // "bilateral trade rose 50.1%": the pair of the last two-way trade named, else the
        // article's two most named countries
        let per_unit =
            PER_UNIT_PRICE.is_match(&text[f.span[1]..floor_boundary(text, f.span[1] + 20)]);
        if reading.metric == Some(Metric::Trade)
            && reading.counterpart.is_none()
            && !per_unit
            && !TOTAL_WORD.is_match(sentence)
            && !FOREIGN_TRADE.is_match(sentence)
        {
            let pair = carried.pair.clone().or_else(|| match top_two.as_slice() {
                [a, b] => Some((a.clone(), b.clone())),
                _ => None,
            });
            if let Some((a, b)) = pair {
                if !reading.subject.as_ref().is_some_and(|x| *x != a && *x != b) {
                    reading.subject = Some(a);
                    reading.counterpart = Some(b);
                }
            }
        }
        if reading.metric == Some(Metric::Trade) {
            if let (Some(a), Some(b)) = (&reading.subject, &reading.counterpart) {
                carried.pair = Some((a.clone(), b.clone()));
            }
        }
        // a budget, price or output figure in a national currency is that country's
        // ("8.9 trillion rubles" of oil and gas revenue)
        let flow = matches!(
            reading.metric,
            Some(
                Metric::Exports
                    | Metric::Imports
                    | Metric::Trade
                    | Metric::ShareOfExports
                    | Metric::ShareOfImports
            )
        );
        let names_in_clause = places
            .iter()
            .any(|m| m.start >= clause.0 && m.end <= clause.1);
        if !flow && !reading.aid && !names_in_clause {
            if let Some(c) = f.unit.as_deref().and_then(gazetteer::country_of_currency) {
                reading.subject = Some(c.to_string());
                reading.counterpart = None;
            }
        }
        // "Exports to China ... rose to 22.7 bcm, Gazprom said", "The company expects to
        // deliver 38 bcm a year": a company's own flow when no exporter is named
        let company = places
            .iter()
            .filter(|m| gazetteer::COMPANIES.contains(&m.name.as_str()))
            .filter(|m| m.start >= start && m.end <= end)
            .map(|m| m.name.clone())
            .next()
            .or_else(|| {
                THE_COMPANY.is_match(sentence).then(|| {
                    places
                        .iter()
                        .rev()
                        .filter(|m| m.end <= start)
                        .find(|m| gazetteer::COMPANIES.contains(&m.name.as_str()))
                        .map(|m| m.name.clone())
                })?
            });
        if matches!(reading.metric, Some(Metric::Exports | Metric::Production))
            && !reading
                .subject
                .as_ref()
                .is_some_and(|s| named(&Some(s.clone())))
            && !places
                .iter()
                .any(|m| !m.org && m.start >= clause.0 && m.end <= f.span[0] && !m.adjective)
        {
            if let Some(c) = company {
                if reading.counterpart.as_ref() != Some(&c) {
                    reading.subject = Some(c);
                }
            }
        }
        if reading.subject.is_none() && reading.counterpart.is_none() {
            let carried = carried
                .reading
                .as_ref()
                .and_then(|(_, r)| r.subject.clone());
            reading.subject = if domestic {
                topic.clone().or(carried)
            } else {
                carried.or_else(|| topic.clone())
            };
        }
    }
}
