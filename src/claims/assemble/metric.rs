//! A figure's metric once its flow, good and unit are known.

use super::super::cues::{is_measure, EXPORT_WORD, MARKET_SHARE, PER_UNIT_PRICE, SHARE_WHOLE};
use super::super::reading::Reading;
use super::super::{floor_boundary, ClaimKind, Metric};
use super::{Article, Carried, Fig, InSentence, SentenceView};

impl Article<'_> {
    /// "Hong Kong accounted for 52% of these deliveries and mainland China for another 35%",
    /// "..., which provided 46%": a share that names no whole of its own is of the whole the
    /// sentence's previous share was of.
    pub(super) fn share_of_previous_whole(
        &self,
        s: &SentenceView<'_>,
        fig: &Fig<'_>,
        st: &InSentence,
        reading: &mut Reading,
    ) {
        let f = fig.raw;
        if fig.kind == ClaimKind::Share && !SHARE_WHOLE.is_match(&self.text[f.span[1]..s.end]) {
            if let Some(p) = &st.prev_share {
                reading.metric = p.metric;
                if reading.metric == Some(Metric::Imports) {
                    reading.counterpart = p.counterpart.clone();
                }
                if reading.subject == reading.counterpart {
                    reading.subject = None;
                }
            }
        }
    }

    /// The metric of figure `fig`, with the parties it implies.
    ///
    /// A money figure per barrel or tonne is a price; GDP is production, consumer prices and
    /// currencies are prices; export earnings are exports; a measure of its own ("budget
    /// deficit") is other; shares of flows are shares of imports or exports, a supplier's
    /// share of a buyer's whole is the buyer's imports; a market share is other, of the
    /// market.
    pub(super) fn metric(
        &self,
        fig: &Fig<'_>,
        reading: &mut Reading,
        item: Option<&str>,
        lex: Option<&str>,
        metric_in_clause: bool,
    ) -> Metric {
        let text = self.text;
        let (f, kind, clause) = (fig.raw, fig.kind, fig.clause);
        let places = &self.places;
        let topic = &self.topic;
        let mut metric = reading.metric.unwrap_or(Metric::Other);
        // a money figure per barrel or tonne is a price; GDP growth is production; inflation
        // is a price change
        if kind == ClaimKind::Amount
            && PER_UNIT_PRICE.is_match(&text[f.span[1]..floor_boundary(text, f.span[1] + 20)])
        {
            metric = Metric::Price;
        } else if matches!(metric, Metric::Other | Metric::Spending)
            || reading.metric.is_none()
            || !metric_in_clause
        {
            match item {
                Some("GDP") => metric = Metric::Production,
                Some("consumer prices" | "rouble" | "hryvnia" | "US dollar") => {
                    metric = Metric::Price
                }
                _ => {}
            }
        }
        // export earnings are exports ("oil export revenue", "earned ... from fossil fuel
        // exports"); budget receipts stay revenue
        if metric == Metric::Revenue && EXPORT_WORD.is_match(&text[clause.0..clause.1]) {
            metric = Metric::Exports;
            // and the sentences after it continue an export flow ("That is down from ...")
            reading.metric = Some(Metric::Exports);
        }
        // a measure of its own ("budget deficit", "key rate") named next to the figure
        if item.is_some_and(is_measure) && (lex == item || !metric_in_clause) {
            metric = Metric::Other;
        }
        if kind == ClaimKind::Share {
            metric = match metric {
                Metric::Imports => Metric::ShareOfImports,
                Metric::Exports => Metric::ShareOfExports,
                m => m,
            };
        }
        // "the company supplied more than a third of the European Union's gas": a supplier's
        // share of a buyer's whole is a share of the buyer's imports
        // a figure can run past the end of the clause its start is in: nothing of it is after
        let after = &text[f.span[1]..clause.1.max(f.span[1])];
        if metric == Metric::ShareOfExports && !EXPORT_WORD.is_match(after) {
            let whole = after.trim_start();
            let buyer = whole
                .strip_prefix("of ")
                .map(|w| w.strip_prefix("the ").unwrap_or(w))
                .and_then(|w| {
                    let at = clause.1 - w.len();
                    places.iter().find(|m| {
                        !m.org
                            && !m.adjective
                            && m.start == at
                            && (text[m.end..].starts_with("'s") || text[m.end..].starts_with("’s"))
                    })
                });
            if let Some(b) = buyer {
                metric = Metric::ShareOfImports;
                if reading.subject.as_ref() == Some(&b.name) {
                    reading.subject = None;
                }
                reading.counterpart = Some(b.name.clone());
            }
        }
        // "Chinese carmakers accounted for 49% of new passenger car sales in Russia", "Доля
        // китайских брендов на рынке достигла 48,2%": a market share is metric other, of the
        // market named in the clause, else of the country the article is about
        if kind == ClaimKind::Share
            && !metric_in_clause
            && MARKET_SHARE.is_match(&text[clause.0..clause.1])
        {
            metric = Metric::Other;
            if reading.counterpart.is_none() {
                reading.counterpart = places
                    .iter()
                    .filter(|m| !m.org && m.start >= clause.0 && m.end <= clause.1)
                    .map(|m| m.name.clone())
                    .find(|n| Some(n) != reading.subject.as_ref())
                    .or_else(|| {
                        topic
                            .clone()
                            .filter(|t| Some(t) != reading.subject.as_ref())
                    });
            }
        }
        metric
    }

    /// "Around 40% of what Kyrgyzstan imported from China last year was re-exported to
    /// Russia": the share that goes on is the importer's re-exports to the destination. True
    /// when figure `fig` is such a share; its parties and item are then set.
    pub(super) fn re_export(
        &self,
        s: &SentenceView<'_>,
        fig: &Fig<'_>,
        carried: &Carried,
        reading: &mut Reading,
        item: &mut Option<String>,
    ) -> bool {
        let (f, kind, end) = (fig.raw, fig.kind, s.end);
        let (places, topic) = (&self.places, &self.topic);
        let re_export = self
            .items_all
            .iter()
            .find(|x| x.2 == "re-exports" && x.0 >= f.span[1] && x.1 <= end);
        if let (ClaimKind::Share, Some(x)) = (kind, re_export) {
            let dest = places
                .iter()
                .find(|m| !m.org && m.start >= x.1 && m.end <= end)
                .map(|m| m.name.clone());
            let origin = (reading.metric == Some(Metric::Imports))
                .then(|| reading.subject.clone())
                .flatten();
            let importer = (reading.metric == Some(Metric::Imports))
                .then(|| reading.counterpart.clone())
                .flatten();
            let ctx = carried.reading();
            let via = [
                importer,
                ctx.and_then(|r| r.subject.clone()),
                ctx.and_then(|r| r.counterpart.clone()),
                topic.clone(),
            ]
            .into_iter()
            .flatten()
            .find(|c| Some(c) != origin.as_ref() && Some(c) != dest.as_ref());
            if dest.is_some() && via.is_some() {
                reading.subject = via;
                reading.counterpart = dest;
                *item = Some("re-exports".to_string());
                return true;
            }
        }
        false
    }
}
