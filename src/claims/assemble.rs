//! The claim builder: reads each recognised figure in its sentence and clause.
//!
//! ```text
//! sentence  "During this period, Chinese exports to Russia increased by 73%, even though ..."
//! clause    "Chinese exports to Russia increased by 73%"
//! figure    73% change +1          -> metric exports (the nearest flow word in the clause)
//! flow      "Chinese exports to Russia" -> subject China, counterpart Russia
//! period    "During this period"   -> the period and baseline carried from before
//! source    none here              -> the paragraph's attribution, else "Source:", else outlet
//! ```
//!
//! A clause without its own flow word ("up from 25% before ...", "which is six times more")
//! continues the previous figure of the sentence and inherits its metric, parties and item.
//!
//! Three scopes of state: an [`Article`] holds what is found once per document (figures, time
//! expressions, places, metric words, goods, attributions); a [`SentenceView`] what one sentence
//! offers its figures (its clauses, main and comparison periods, hedge); [`Carried`] what a
//! sentence leaves to the sentences after it, and [`InSentence`] what a figure leaves to the
//! later figures of its sentence.

use super::confidence::Evidence;
use super::cues::{
    drop_headline_repeats, headline_len, is_level, BACK_REF, COMPARISON_LEAD, EVENT_DATE,
    HEDGE_WORDS, RELATIVE, THAN_LEAD,
};
use super::gazetteer::{self, Mention};
use super::reading::{clauses, metric_words, Reading};
use super::sentences::{self, Sentence};
use super::sources::{Provenance, Sources};
use super::tokens::Toks;
use super::{
    coordination, figures, items, lang, left_window, periods, Attribution, Claim, ClaimKind,
    Document, Lang, Metric, PeriodRef, RawClaim, RawKind,
};
use chrono::NaiveDate;

mod flow;
mod item;
mod metric;
mod period;

use period::Timing;

fn period_ref(r: &RawClaim) -> PeriodRef {
    PeriodRef {
        start: r.start,
        end: r.end,
        surface: r.surface.clone(),
    }
}

/// Builds the claims of one document.
pub(super) fn build(doc: &Document<'_>) -> Vec<Claim> {
    let Some(a) = Article::read(doc) else {
        return Vec::new();
    };
    let mut carried = Carried::new();
    let mut out = Vec::new();
    for (si, &sent) in a.sents.iter().enumerate() {
        let s = SentenceView::new(&a, si, sent);
        let sentence_claims = out.len();
        let mut st = InSentence::new(s.start);
        for &raw in &s.figs {
            let Some(kind) = raw.kind.claim_kind() else {
                continue;
            };
            let fig = Fig {
                raw,
                kind,
                clause: s.clause_of(raw.span[0]),
            };
            out.push(a.claim(&s, &fig, &mut carried, &mut st));
        }
        coordination::distribute(
            a.text,
            (s.start, s.end),
            &a.places,
            &mut out[sentence_claims..],
        );
        carried.after_sentence(&s, st);
    }
    out
}

/// A figure being read: as recognised, its claim kind and the clause around it.
struct Fig<'f> {
    raw: &'f RawClaim,
    kind: ClaimKind,
    clause: (usize, usize),
}

/// What the whole document offers every figure: found once, before the sentences are read.
struct Article<'a> {
    id: &'a str,
    text: &'a str,
    lang: Lang,
    /// The publication date, else a dateline in the first lines of the text.
    published: Option<NaiveDate>,
    /// Every time expression of the text.
    times: Vec<RawClaim>,
    /// The figures that can be claims: quantity kinds, not vague, not headline repeats.
    figs: Vec<RawClaim>,
    /// Countries and companies, less those inside an organisation's name or a time expression.
    places: Vec<Mention>,
    /// Every flow or budget word ("exports", "доходы") with its metric and span.
    words_all: Vec<(Metric, usize, usize)>,
    /// Every named good ("crude oil", "wheat") with its span.
    items_all: Vec<(usize, usize, &'static str)>,
    /// The country the article is mostly about: the subject of last resort.
    topic: Option<String>,
    /// The two countries the article names most: the partners of an unnamed "bilateral trade".
    top_two: Vec<String>,
    sents: Vec<Sentence>,
    headline_end: usize,
    sources: Sources,
    /// A good the headline names ("Russia overtakes Saudi Arabia as China's top oil
    /// supplier") keeps applying in later paragraphs.
    headline_items: Vec<&'static str>,
}

impl<'a> Article<'a> {
    /// Reads the document, or `None` when it states no figure (nothing else is looked for).
    fn read(doc: &Document<'a>) -> Option<Article<'a>> {
        let text = doc.text;
        let lang = lang::detect(text);
        // one tokenisation for the time expressions, the dateline and the figures
        let toks = Toks::new(text);
        let (times, published) = periods::find_dated(&toks, doc.published);
        let mut figs: Vec<RawClaim> = figures::find_in(&toks, lang, &times)
            .into_iter()
            .filter(|f| f.kind.claim_kind().is_some() && !f.vague)
            .collect();
        drop_headline_repeats(text, doc.title, &mut figs);
        if figs.is_empty() {
            return None;
        }
        let orgs = gazetteer::organisations(text);
        let all_places = gazetteer::countries(text, &[]);
        let words_all = metric_words(text);
        let items_all = items::find(text, 0, text.len());
        let places: Vec<Mention> = all_places
            .iter()
            .filter(|m| {
                gazetteer::COMPANIES.contains(&m.name.as_str())
                    // "Bundesregierung" is both the source "government" and Germany itself
                    || !orgs.iter().any(|o| {
                        o.start <= m.start && m.end <= o.end && (o.start, o.end) != (m.start, m.end)
                    })
            })
            .filter(|&m| {
                !times
                    .iter()
                    .any(|t| t.span[0] <= m.start && m.end <= t.span[1])
            })
            .cloned()
            .collect();
        let topic = most_named(&all_places)
            .or_else(|| gazetteer::country_of_institutions(text).map(str::to_string));
        let top_two = two_most_named_countries(&all_places);
        let sents = sentences::split(text);
        let headline_end = headline_len(text, doc.title);
        let sources = Sources::new(text, &sents, &orgs, headline_end, doc.outlet);
        let headline_items = items::find(text, 0, headline_end)
            .into_iter()
            .map(|x| x.2)
            .collect();
        Some(Article {
            id: doc.id,
            text,
            lang,
            published,
            times,
            figs,
            places,
            words_all,
            items_all,
            topic,
            top_two,
            sents,
            headline_end,
            sources,
            headline_items,
        })
    }
}

/// The place named most often (countries and companies); the first named wins a tie.
fn most_named(all_places: &[Mention]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for m in all_places {
        match counts.iter_mut().find(|(n, _)| *n == m.name) {
            Some(c) => c.1 += 1,
            None => counts.push((m.name.clone(), 1)),
        }
    }
    counts
        .iter()
        .max_by_key(|(_, c)| *c)
        .map(|(n, _)| n.clone())
}

/// The two countries named most often, most first.
fn two_most_named_countries(all_places: &[Mention]) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for m in all_places.iter().filter(|m| !m.org) {
        match counts.iter_mut().find(|(n, _)| *n == m.name) {
            Some(c) => c.1 += 1,
            None => counts.push((m.name.clone(), 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().take(2).map(|(n, _)| n).collect()
}

/// What a sentence leaves to the sentences after it.
struct Carried {
    /// The period the next sentences continue ("During this period").
    period: Option<PeriodRef>,
    /// The comparison period stated with it.
    baseline: Option<PeriodRef>,
    /// The period named last, which "over that period" points back to.
    last: Option<PeriodRef>,
    /// The flow of the last sentence's main clause, with its paragraph.
    reading: Option<(usize, Reading)>,
    /// The last good named, its paragraph and the parties of its flow.
    item: Option<String>,
    item_para: usize,
    item_parties: (Option<String>, Option<String>),
    /// The pair of the last two-way trade named.
    pair: Option<(String, String)>,
}

impl Carried {
    fn new() -> Carried {
        Carried {
            period: None,
            baseline: None,
            last: None,
            reading: None,
            item: None,
            item_para: usize::MAX,
            item_parties: (None, None),
            pair: None,
        }
    }

    /// The carried flow, without its paragraph.
    fn reading(&self) -> Option<&Reading> {
        self.reading.as_ref().map(|(_, r)| r)
    }

    /// Takes over what sentence `s` passes on once its figures are read.
    fn after_sentence(&mut self, s: &SentenceView<'_>, st: InSentence) {
        // the next sentence continues the flow of this one's main clause, not of a trailing
        // relative clause ("..., which provided 46%")
        if let Some(p) = st.first_reading.or(st.prev) {
            self.reading = Some((s.para, p));
        }
        // the period the next sentences continue: not one a comparison figure owns ("That is
        // down from more than EUR 1 bn a day in March 2022"), and the narrower of two that
        // nest ("in the 2023/24 season ... as of March 5")
        let own = |t: &&&RawClaim| {
            t.kind == RawKind::Period && !s.exclusive.iter().any(|(x, _)| *x == t.span)
        };
        if let Some(t) = s.mains.iter().rfind(own) {
            self.last = Some(period_ref(t));
        }
        let carried = s.mains.iter().filter(own).filter(|t| s.passes_on(t)).fold(
            None::<&&RawClaim>,
            |best, t| match best {
                Some(b) if !(b.start <= t.start && t.end <= b.end && t.end.is_some()) => Some(b),
                _ => Some(t),
            },
        );
        if let Some(t) = carried {
            self.period = Some(period_ref(t));
            self.baseline = s.bases.first().map(|t| period_ref(t));
        }
    }
}

/// What the figures read so far in a sentence leave to the next one.
struct InSentence {
    /// The reading of the previous figure.
    prev: Option<Reading>,
    /// The reading of the previous share ("... 52% of these deliveries and ... another 35%").
    prev_share: Option<Reading>,
    /// The first reading outside a relative clause: what the next sentence continues.
    first_reading: Option<Reading>,
    /// Where the previous figure ends (the sentence start before the first).
    prev_end: usize,
    /// A clause so far names a total ("Всего доходы бюджета составили ...").
    total: bool,
}

impl InSentence {
    fn new(start: usize) -> InSentence {
        InSentence {
            prev: None,
            prev_share: None,
            first_reading: None,
            prev_end: start,
            total: false,
        }
    }
}

/// One sentence as its figures see it.
struct SentenceView<'a> {
    /// Index into `Article::sents`.
    index: usize,
    start: usize,
    end: usize,
    para: usize,
    text: &'a str,
    /// The figures of the sentence, in text order.
    figs: Vec<&'a RawClaim>,
    /// Time expressions that can be a figure's period.
    mains: Vec<&'a RawClaim>,
    /// Comparison periods ("from the same period last year", "than in September").
    bases: Vec<&'a RawClaim>,
    /// Main periods owned by the comparison figure right before them: (period, figure).
    exclusive: Vec<([usize; 2], [usize; 2])>,
    /// Clause spans (none read in a sentence without figures, nor the two below).
    cls: Vec<(usize, usize)>,
    /// The sentence refers back ("in this period").
    backref: bool,
    hedge: Option<String>,
}

impl<'a> SentenceView<'a> {
    fn new(a: &'a Article<'_>, index: usize, sent: Sentence) -> SentenceView<'a> {
        let Sentence { start, end, para } = sent;
        let text = a.text;
        let sentence = &text[start..end];
        let s_times: Vec<&RawClaim> = a
            .times
            .iter()
            .filter(|t| t.span[0] >= start && t.span[1] <= end)
            .collect();
        let figs: Vec<&RawClaim> = a
            .figs
            .iter()
            .filter(|f| f.span[0] >= start && f.span[1] <= end)
            .collect();
        // "than in September", "чем в сентябре", "ніж у вересні": a comparison period
        let compared =
            |t: &RawClaim| THAN_LEAD.is_match(&left_window(text, t.span[0], 24).to_lowercase());
        let mains: Vec<&RawClaim> = s_times
            .iter()
            .copied()
            .filter(|t| !t.baseline && (t.start.is_some() || t.end.is_some()) && !compared(t))
            // "in a report published on Oct. 11": the date of an event, not of a figure
            .filter(|t| !EVENT_DATE.is_match(&left_window(text, t.span[0], 24).to_lowercase()))
            .collect();
        let bases: Vec<&RawClaim> = s_times
            .iter()
            .copied()
            .filter(|t| t.baseline || ((t.start.is_some() || t.end.is_some()) && compared(t)))
            .collect();
        // "rose to 40% from 15% in 2021", "after a 12.6% expansion in 2022": a period right
        // after a comparison figure is that figure's alone
        let exclusive = mains
            .iter()
            .filter_map(|t| {
                let g = figs
                    .iter()
                    .filter(|g| g.span[1] <= t.span[0])
                    .max_by_key(|g| g.span[1])?;
                let gap = &text[g.span[1]..t.span[0]];
                let lead = left_window(text, g.span[0], 24).to_lowercase();
                let comparison = COMPARISON_LEAD.is_match(&lead);
                (gap.len() <= 24 && !gap.contains([',', ';', '.', ':']) && comparison)
                    .then_some((t.span, g.span))
            })
            .collect();
        // a sentence without figures only passes its periods on
        let read = !figs.is_empty();
        SentenceView {
            index,
            start,
            end,
            para,
            text: sentence,
            backref: read && BACK_REF.is_match(sentence),
            cls: if read {
                clauses(sentence, start)
            } else {
                Vec::new()
            },
            hedge: if read { hedge_in(sentence) } else { None },
            figs,
            mains,
            bases,
            exclusive,
        }
    }

    /// The clause around byte `at`, else the whole sentence.
    fn clause_of(&self, at: usize) -> (usize, usize) {
        self.cls
            .iter()
            .copied()
            .find(|c| c.0 <= at && at < c.1)
            .unwrap_or((self.start, self.end))
    }

    /// The clause that opens the sentence.
    fn first_clause(&self) -> (usize, usize) {
        self.cls.first().copied().unwrap_or((self.start, self.end))
    }

    /// True when clause `c` holds a figure.
    fn with_figure(&self, c: (usize, usize)) -> bool {
        self.figs
            .iter()
            .any(|g| g.span[0] >= c.0 && g.span[0] < c.1)
    }

    /// True when byte `p` lies in the clause of another figure than the one at `f`.
    fn other_figures_own(&self, f: [usize; 2], p: usize) -> bool {
        let c = self.clause_of(p);
        !(c.0 <= f[0] && f[0] < c.1)
            && self
                .figs
                .iter()
                .any(|g| g.span != f && c.0 <= g.span[0] && g.span[0] < c.1)
    }

    /// True when another figure of the sentence stands nearer to the metric word `w` than the
    /// figure at `f`: the word is that figure's.
    fn nearer_figure(&self, f: [usize; 2], w: &(Metric, usize, usize)) -> bool {
        let mine = dist([w.1, w.2], f);
        self.figs
            .iter()
            .any(|g| g.span != f && dist([w.1, w.2], g.span) < mine)
    }
}

/// The word that weakens every figure of a sentence ("estimates", "could", "reportedly"),
/// lowercased.
fn hedge_in(sentence: &str) -> Option<String> {
    HEDGE_WORDS
        .captures(sentence)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_lowercase())
}

impl Article<'_> {
    /// The source of figure `f`: an attribution in its sentence (not one in another figure's
    /// clause unless nothing else is stated), else one a later sentence of the paragraph points
    /// back with, else the paragraph's, else the article's "Source:" line or the outlet.
    fn source(&self, s: &SentenceView<'_>, f: &RawClaim) -> (Option<Attribution>, Provenance) {
        self.sources
            .of(s.index, f.span[0], f.span[1] <= self.headline_end, |p| {
                s.other_figures_own(f.span, p)
            })
    }

    /// Reads figure `fig` of sentence `s` into a claim.
    fn claim(
        &self,
        s: &SentenceView<'_>,
        fig: &Fig<'_>,
        carried: &mut Carried,
        st: &mut InSentence,
    ) -> Claim {
        let (f, kind, clause) = (fig.raw, fig.kind, fig.clause);
        let Timing {
            period,
            mut baseline,
            from: period_from,
        } = self.timing(s, fig, carried);
        let (mut reading, metric_in_clause) = self.read_flow(s, fig, carried, st);
        let lex = self.lexical_item(s, fig, &reading);
        self.settle_parties(s, fig, carried, &mut reading);
        let (mut item, unit) = self.item(s, fig, &lex, carried, st, &mut reading);
        self.share_of_previous_whole(s, fig, st, &mut reading);
        // "the rouble lost 19% last year", "reserves grew 42.6% over the year": a level
        // that moves over an interval has no comparison period unless one is stated
        if kind == ClaimKind::Change && s.bases.is_empty() && item.as_deref().is_some_and(is_level)
        {
            baseline = None;
        }
        let mut metric = self.metric(
            fig,
            &mut reading,
            item.as_deref(),
            lex.as_deref(),
            metric_in_clause,
        );
        if self.re_export(s, fig, carried, &mut reading, &mut item) {
            metric = Metric::Other;
        }
        let (source, source_from) = self.source(s, f);
        let confidence = Evidence {
            kind,
            approx: f.approx,
            metric,
            metric_in_clause,
            subject: reading.subject.is_some(),
            counterpart: reading.counterpart.is_some(),
            item: item.is_some(),
            period_from,
            source_from,
            hedged: s.hedge.is_some(),
            english: self.lang == Lang::En,
        }
        .confidence();
        let claim = Claim {
            article: self.id.to_string(),
            surface: f.surface.clone(),
            span: f.span,
            sentence: s.text.to_string(),
            kind,
            value: f.value.unwrap_or(0.0),
            low: f.low,
            high: f.high,
            unit,
            approx: f.approx,
            metric,
            subject: reading.subject.clone(),
            counterpart: reading.counterpart.clone(),
            item,
            period,
            baseline,
            source,
            hedge: s.hedge.clone(),
            confidence,
            lang: self.lang.code().to_string(),
        };
        if kind == ClaimKind::Share {
            st.prev_share = Some(reading.clone());
        }
        if st.first_reading.is_none() && !RELATIVE.is_match(&self.text[clause.0..clause.1]) {
            st.first_reading = Some(reading.clone());
        }
        st.prev = Some(reading);
        st.prev_end = f.span[1];
        claim
    }
}

/// Lines of a budget that a spending or revenue figure can be about.
fn is_budget_line(item: &str) -> bool {
    matches!(
        item,
        "defence"
            | "defence and security"
            | "law enforcement and national security"
            | "oil and gas"
            | "non-oil and gas"
    )
}

fn dist(a: [usize; 2], b: [usize; 2]) -> usize {
    if a[1] <= b[0] {
        b[0] - a[1]
    } else {
        a[0].saturating_sub(b[1])
    }
}

#[cfg(test)]
mod tests {
    use super::super::{extract, Claim, Document, Metric};
    use chrono::NaiveDate;

    fn claims(text: &str, published: (i32, u32, u32)) -> Vec<Claim> {
        let doc = Document {
            id: "t",
            text,
            title: None,
            published: NaiveDate::from_ymd_opt(published.0, published.1, published.2),
            outlet: Some("Outlet"),
        };
        extract(&doc)
    }

    fn find<'a>(cs: &'a [Claim], surface: &str) -> &'a Claim {
        cs.iter()
            .find(|c| c.surface == surface)
            .unwrap_or_else(|| panic!("{surface} missing: {cs:#?}"))
    }

    fn span(c: &Claim) -> (Option<String>, Option<String>) {
        let p = c.period.as_ref();
        let f = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        (f(p.and_then(|p| p.start)), f(p.and_then(|p| p.end)))
    }

    fn days(a: &str, b: &str) -> (Option<String>, Option<String>) {
        (Some(a.to_string()), Some(b.to_string()))
    }

    /// A share whose range runs past the comma that ends its clause panicked: the text after
    /// the figure was sliced up to the clause end, which lay before the figure's end.
    #[test]
    fn share_running_past_its_clause_does_not_panic() {
        let cs = claims("експортувала 70–85%,", (2024, 3, 1));
        assert!(cs.iter().all(|c| c.surface != "експортувала"));
    }

    /// The comparison level takes the period a year back, not the main period of its clause
    /// (it took "2023" before), and the figure before it keeps the main period.
    #[test]
    fn comparison_level_written_after_a_figure_is_a_year_back() {
        let t = "Russia's current account surplus fell to $50.2 billion in 2023 from $238 billion a year earlier, the Bank of Russia said.";
        let cs = claims(t, (2024, 1, 17));
        assert_eq!(
            span(find(&cs, "$238 billion")),
            days("2022-01-01", "2022-12-31")
        );
        assert_eq!(
            span(find(&cs, "$50.2 billion")),
            days("2023-01-01", "2023-12-31")
        );
    }

    /// "против 19% годом ранее" is 19%'s; 48,2% keeps the carried year (it took 2022).
    #[test]
    fn a_year_back_after_another_figure_is_not_mine() {
        let t = "Продажи в 2023 году выросли.\n\nДоля китайских брендов на рынке достигла 48,2% против 19% годом ранее.";
        let cs = claims(t, (2024, 1, 20));
        assert_eq!(span(find(&cs, "48,2%")), days("2023-01-01", "2023-12-31"));
        assert_eq!(span(find(&cs, "19%")), days("2022-01-01", "2022-12-31"));
    }

    /// A share re-exported onwards is the importer's re-exports (it was read as China's
    /// exports to Kyrgyzstan).
    #[test]
    fn re_exported_share_is_the_importers_re_exports() {
        let t = "\"Around 40% of what Kyrgyzstan imported from China last year was re-exported to Russia,\" said an economist.";
        let cs = claims(t, (2023, 4, 1));
        let c = find(&cs, "Around 40%");
        assert_eq!(
            (
                c.subject.as_deref(),
                c.counterpart.as_deref(),
                c.metric,
                c.item.as_deref()
            ),
            (
                Some("Kyrgyzstan"),
                Some("Russia"),
                Metric::Other,
                Some("re-exports")
            )
        );
    }

    /// A market share names the market as counterpart (it had none).
    #[test]
    fn market_share_counterpart_is_the_market() {
        let t = "Chinese carmakers accounted for 49% of new passenger car sales in Russia in the first nine months of 2023.";
        let c = claims(t, (2023, 10, 12)).remove(0);
        assert_eq!(
            (c.subject.as_deref(), c.counterpart.as_deref(), c.metric),
            (Some("China"), Some("Russia"), Metric::Other)
        );
    }

    /// The adjective after the export word is the exporter (the subject was empty).
    #[test]
    fn adjective_after_export_word_is_the_exporter() {
        let t = "Экспорт российского угля в Китай в первом полугодии 2024 года увеличился на 15%.";
        let c = claims(t, (2024, 7, 18)).remove(0);
        assert_eq!(
            (
                c.subject.as_deref(),
                c.counterpart.as_deref(),
                c.item.as_deref()
            ),
            (Some("Russia"), Some("China"), Some("coal"))
        );
    }

    /// A present-perfect level with no time of its own stands at publication (it took the
    /// previous sentence's year).
    #[test]
    fn present_perfect_level_stands_at_publication() {
        let t = "The EU froze the assets in 2022. The EU says it has frozen some 210 billion euros of Russian central bank assets.";
        let cs = claims(t, (2024, 2, 23));
        assert_eq!(
            span(find(&cs, "some 210 billion euros")),
            days("2024-02-23", "2024-02-23")
        );
    }

    /// "these deliveries" are the imports named before: a share of them is of Russia's imports
    /// (it was read as a share of exports with no importer).
    #[test]
    fn these_deliveries_point_back_at_the_flow() {
        let t = "Russia imported at least $1.2bn worth of microchips in the first half of 2023. Hong Kong alone accounted for 52% of these deliveries.";
        let cs = claims(t, (2023, 11, 2));
        let c = find(&cs, "52%");
        assert_eq!(
            (c.subject.as_deref(), c.counterpart.as_deref(), c.metric),
            (Some("Hong Kong"), Some("Russia"), Metric::ShareOfImports)
        );
    }
}
