//! The good a figure is about ("crude oil", "wheat", "aid") and the unit of a counted figure.

use super::super::cues::{
    is_good, is_measure, BOUND_GOOD, COMPOSITION, ITEM_CARRY_ACROSS, MADE_FROM, OF_DENOMINATOR,
    TOTAL_WORD,
};
use super::super::reading::Reading;
use super::super::{figures, ClaimKind, Metric};
use super::{dist, is_budget_line};
use super::{Article, Carried, Fig, InSentence, SentenceView};

impl Article<'_> {
    /// The good named for figure `fig` in its text: one bound to the figure ("€17 billion in
    /// grants"), else the nearest in its clause, else the nearest before it in the sentence,
    /// else the budget line right after a spending or revenue figure. Wholes a share is taken
    /// of, measures of other clauses, the make-up of another flow and what a good is made from
    /// are not the good; "crude oil" next to "Urals" is Urals crude.
    pub(super) fn lexical_item(
        &self,
        s: &SentenceView<'_>,
        fig: &Fig<'_>,
        reading: &Reading,
    ) -> Option<String> {
        let text = self.text;
        let (f, kind, clause) = (fig.raw, fig.kind, fig.clause);
        let (start, end) = (s.start, s.end);
        let s_figs = &s.figs;
        let items_all = &self.items_all;
        let clause_of = |at: usize| s.clause_of(at);
        // the good: counted noun, else the nearest named good in the clause, the sentence,
        // the figure this clause continues, the article so far
        // "6% of GDP": the whole a share is taken of is not the item
        let near = |a: usize, b: usize| {
            items_all
                .iter()
                .copied()
                .filter(|x| x.0 >= a && x.1 <= b)
                .filter(|x| {
                    // "6% of GDP", "1,9% ВВП": the whole a share is taken of
                    !(x.0 >= f.span[1]
                        && kind == ClaimKind::Share
                        && OF_DENOMINATOR.is_match(&text[f.span[1]..x.0]))
                })
                // a measure ("trade deficit") named elsewhere in the sentence is another
                // figure's
                .filter(|x| (x.0 >= clause.0 && x.1 <= clause.1) || !is_measure(x.2))
                // "its imports from Russia, dominated by crude oil, gas and coal, grew": the
                // make-up of a flow named in another clause is not its good
                .filter(|x| {
                    (x.0 >= clause.0 && x.1 <= clause.1)
                        || !COMPOSITION.is_match(&text[clause_of(x.0).0..x.0])
                })
                // "exports of refined products, much of them made from Russian crude,
                // reached": what a good is made from is not the good
                .filter(|x| !MADE_FROM.is_match(&text[clause_of(x.0).0..x.0]))
                .min_by_key(|x| dist([x.0, x.1], f.span) + usize::from(x.0 >= f.span[1]) * 4)
                .map(|x| x.2.to_string())
        };
        // "Urals, Russia's flagship crude grade": the grade named in the sentence is the
        // narrower good
        let urals = items_all
            .iter()
            .any(|x| x.0 >= start && x.1 <= end && x.2 == "Urals crude");
        // outside its clause, a good named before the figure ("Exports of gold and diamonds
        // ..., grew ninefold"), not one in a trailing aside ("driven by re-exports of cars")
        // "€17 billion in grants", "5 million tonnes of wheat": the good bound to the figure
        let bound = items_all
            .iter()
            .filter(|_| kind != ClaimKind::Share)
            .find(|x| {
                x.0 >= f.span[1] && x.1 <= clause.1 && BOUND_GOOD.is_match(&text[f.span[1]..x.0])
            })
            .map(|x| x.2.to_string());
        // "gab der Staat ... mehr als 10 Billionen Rubel, umgerechnet rund 100 Milliarden
        // Euro, für Verteidigung und Sicherheit aus": the budget line after a spending
        // figure, with no other figure between, when the sentence names none before it
        let after_figure = || {
            near(f.span[1], end).filter(|i| {
                matches!(reading.metric, Some(Metric::Spending | Metric::Revenue))
                    && is_budget_line(i)
                    && items_all
                        .iter()
                        .find(|x| x.0 >= f.span[1] && x.1 <= end && x.2 == i.as_str())
                        .is_some_and(|x| {
                            !s_figs
                                .iter()
                                .any(|g| g.span[0] >= f.span[1] && g.span[1] <= x.0)
                        })
            })
        };
        bound
            .or_else(|| near(clause.0, clause.1))
            .or_else(|| near(start, f.span[0]))
            .or_else(after_figure)
            .map(|i| {
                if urals && i == "crude oil" {
                    "Urals crude".to_string()
                } else {
                    i
                }
            })
    }

    /// The item and unit of figure `fig`; sets the reading's item.
    ///
    /// A counted figure ("341,000 cars", unit `unit`) takes its noun from the lexical good, the
    /// flow it continues or the carried good. Any other takes the recogniser's item, else the
    /// lexical good, else the flow's (not for a total), else the carried good when within its
    /// paragraph, in a flow between the same parties and no total, or named in the headline as
    /// a good of a trade flow. Flows counted in barrels are crude oil and aid figures aid.
    /// The good found becomes the carried one.
    pub(super) fn item(
        &self,
        s: &SentenceView<'_>,
        fig: &Fig<'_>,
        lex: &Option<String>,
        carried: &mut Carried,
        st: &mut InSentence,
        reading: &mut Reading,
    ) -> (Option<String>, String) {
        let text = self.text;
        let (f, kind, clause) = (fig.raw, fig.kind, fig.clause);
        let para = s.para;
        let places = &self.places;
        let headline_items = &self.headline_items;
        let inherited = reading.item.clone();
        let mut unit = f.unit.clone().unwrap_or_default();
        let names_in_clause = places
            .iter()
            .any(|m| m.start >= clause.0 && m.end <= clause.1);
        let item = if unit == "unit" {
            let it = lex.clone().or(inherited).or_else(|| carried.item.clone());
            if let Some(i) = &it {
                unit = figures::singular(i.rsplit(' ').next().unwrap_or(i));
            }
            it
        } else {
            // "Machinery made up nearly half of the total. Kazakh exports to Russia rose to
            // $2.4 billion": a flow between other parties is not about the good before
            let other_flow = names_in_clause
                && [
                    (&reading.subject, &carried.item_parties.0),
                    (&reading.counterpart, &carried.item_parties.1),
                ]
                .iter()
                .any(|(a, b)| a.is_some() && b.is_some() && a != b);
            // "Всего доходы бюджета составили 29,12 трлн руб.": a total is of no narrower
            // good than its clause names
            // nor are the figures that continue its sentence ("..., расходы — 32,36 трлн")
            let total = TOTAL_WORD.is_match(&text[clause.0..clause.1]);
            st.total |= total;
            let inherited = inherited.filter(|_| !total);
            let total = st.total;
            f.item.clone().or(lex.clone()).or(inherited).or_else(|| {
                carried.item.clone().filter(|i| {
                    ITEM_CARRY_ACROSS
                        || (carried.item_para == para && !other_flow && !total)
                        || (headline_items.contains(&i.as_str())
                            && is_good(i)
                            && matches!(
                                reading.metric,
                                Some(
                                    Metric::Exports
                                        | Metric::Imports
                                        | Metric::ShareOfExports
                                        | Metric::ShareOfImports
                                )
                            ))
                })
            })
        };
        // "shipments of 2.2 million barrels per day": a flow counted in barrels is crude
        let barrels = unit.starts_with("barrel")
            && matches!(
                reading.metric,
                Some(Metric::Exports | Metric::Imports | Metric::Production)
            );
        let item = item
            .or_else(|| barrels.then(|| "crude oil".to_string()))
            .or_else(|| reading.aid.then(|| "aid".to_string()));
        // "More than 400 vessels ..., carrying 12.4 million tonnes": a counted noun is not
        // the good of the figures that continue its clause
        reading.item = if kind == ClaimKind::Count && f.item.is_some() {
            None
        } else {
            item.clone()
        };
        if item.is_some() && (f.item.is_none() || kind != ClaimKind::Count) {
            carried.item = item.clone().map(|i| (para, i)).map(|x| x.1);
            carried.item_para = para;
            carried.item_parties = (reading.subject.clone(), reading.counterpart.clone());
        }
        (item, unit)
    }
}
