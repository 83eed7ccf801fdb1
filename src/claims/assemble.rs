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

use super::confidence::{Evidence, PeriodFrom};
use super::cues::{
    donor_after, drop_headline_repeats, headline_len, is_aside, is_good, is_level, is_measure,
    name_before_bracket, BACK_REF, BOUND_GOOD, COMPARISON_LEAD, COMPOSITION, EVENT_DATE,
    EXPORT_WORD, FOREIGN_TRADE, HEDGE_WORDS, ITEM_CARRY_ACROSS, MADE_FROM, MARKET_SHARE,
    OF_DENOMINATOR, OPENS_ON_PREVIOUS, PART_OF_TOTAL, PER_UNIT_PRICE, PRESENT_PERFECT, RELATIVE,
    SHARE_WHOLE, THAN_LEAD, THESE_FLOWS, THE_COMPANY, TOTAL_WORD, YEAR_BACK,
};
use super::gazetteer::{self, Mention};
use super::reading::{clauses, complete, metric_words, read_clause, Reading};
use super::sentences::{self, Sentence};
use super::sources::{Provenance, Sources};
use super::{
    calendar, coordination, figures, items, lang, periods, Attribution, Claim, ClaimKind, Document,
    Lang, Metric, PeriodRef, RawClaim, RawKind,
};
use chrono::NaiveDate;

fn period_ref(r: &RawClaim) -> PeriodRef {
    PeriodRef {
        start: r.start,
        end: r.end,
        surface: r.surface.clone(),
    }
}

/// Builds the claims of one document.
pub(super) fn build(doc: &Document<'_>) -> Vec<Claim> {
    let a = Article::read(doc);
    let mut carried = Carried::new();
    let mut out = Vec::new();
    for (si, &sent) in a.sents.iter().enumerate() {
        let s = SentenceView::new(&a, si, sent);
        let sentence_claims = out.len();
        let mut st = InSentence::new(s.start);
        for f in &s.figs {
            let Some(kind) = f.kind.claim_kind() else {
                continue;
            };
            out.push(a.claim(&s, f, kind, &mut carried, &mut st));
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

/// What the whole document offers every figure: found once, before the sentences are read.
struct Article<'a> {
    id: &'a str,
    text: &'a str,
    lang: Lang,
    /// The publication date, else a dateline in the text.
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
    fn read(doc: &Document<'a>) -> Article<'a> {
        let text = doc.text;
        let lang = lang::detect(text);
        let published = doc
            .published
            .or_else(|| periods::publication_date_in_text(text));
        let times = periods::find(text, lang, published);
        let mut figs: Vec<RawClaim> = figures::find(text, lang, &times)
            .into_iter()
            .filter(|f| f.kind.claim_kind().is_some() && !f.vague)
            .collect();
        drop_headline_repeats(text, doc.title, &mut figs);
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
        Article {
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
        }
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
        let carried = s
            .mains
            .iter()
            .filter(|t| t.kind == RawKind::Period && !s.exclusive.iter().any(|(x, _)| *x == t.span))
            .fold(None::<&&RawClaim>, |best, t| match best {
                Some(b) if !(b.start <= t.start && t.end <= b.end && t.end.is_some()) => Some(b),
                _ => Some(t),
            });
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
    /// Clause spans.
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
        let compared = |t: &RawClaim| {
            THAN_LEAD.is_match(&super::left_window(text, t.span[0], 24).to_lowercase())
        };
        let mains: Vec<&RawClaim> = s_times
            .iter()
            .copied()
            .filter(|t| !t.baseline && (t.start.is_some() || t.end.is_some()) && !compared(t))
            // "in a report published on Oct. 11": the date of an event, not of a figure
            .filter(|t| {
                !EVENT_DATE.is_match(&super::left_window(text, t.span[0], 24).to_lowercase())
            })
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
                let lead = super::left_window(text, g.span[0], 24).to_lowercase();
                let comparison = COMPARISON_LEAD.is_match(&lead);
                (gap.len() <= 24 && !gap.contains([',', ';', '.', ':']) && comparison)
                    .then_some((t.span, g.span))
            })
            .collect();
        SentenceView {
            index,
            start,
            end,
            para,
            text: sentence,
            backref: BACK_REF.is_match(sentence),
            cls: clauses(sentence, start),
            hedge: hedge_in(sentence),
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

/// A figure's period, its comparison period, and where the period came from.
struct Timing {
    period: Option<PeriodRef>,
    baseline: Option<PeriodRef>,
    from: PeriodFrom,
}

impl Article<'_> {
    /// The period and baseline of figure `f` in clause `clause` of sentence `s`.
    ///
    /// The period is the nearest main time expression in the figure's own clause, else one in
    /// an earlier clause that opens the sentence or holds a figure, else any other in the
    /// sentence when nothing is carried, else the period carried from before, else the
    /// publication date. A level with a comparison period of its own ("up from 17% a year
    /// earlier") stands in that period instead. A change or ratio is compared with the nearest
    /// comparison period, else the one carried with the period, else the same span a year
    /// before.
    fn timing(
        &self,
        s: &SentenceView<'_>,
        f: &RawClaim,
        kind: ClaimKind,
        clause: (usize, usize),
        carried: &Carried,
    ) -> Timing {
        let text = self.text;
        let s_figs = &s.figs;
        let mine = s
            .exclusive
            .iter()
            .find(|(_, g)| *g == f.span)
            .and_then(|(t, _)| s.mains.iter().find(|m| m.span == *t));
        let others = |t: &RawClaim| {
            !s.exclusive
                .iter()
                .any(|(x, g)| *x == t.span && *g != f.span)
        };
        let own = mine.or_else(|| {
            s.mains
                .iter()
                .filter(|t| others(t))
                .filter(|t| t.span[0] >= clause.0 && t.span[1] <= clause.1)
                .min_by_key(|t| dist(t.span, f.span))
        });
        // an earlier clause only when it opens the sentence ("In 2022, exports fell"), not
        // an aside ("Saudi Arabia, the top supplier for most of 2022, shipped ...")
        let first_clause = s.first_clause();
        let earlier = s
            .mains
            .iter()
            .filter(|t| others(t))
            .filter(|t| {
                t.span[1] <= clause.0
                    && (t.span[0] < first_clause.1 || s.with_figure(s.clause_of(t.span[0])))
            })
            .max_by_key(|t| t.span[0]);
        // a level "up from 17% a year earlier": the comparison period is the figure's own;
        // one written right after another figure ("48,2% против 19% годом ранее") is that
        // figure's, and one written right after this figure is its own whatever else the
        // clause names ("fell to $50.2 billion in 2023 from $238 billion a year earlier")
        let own_base = s
            .bases
            .iter()
            .filter(|t| t.span[0] >= clause.0 && t.span[1] <= clause.1)
            .filter(|t| {
                !s_figs
                    .iter()
                    .any(|g| g.span != f.span && right_after(text, g.span, t.span, s_figs))
            })
            .min_by_key(|t| dist(t.span, f.span));
        let base_right_after = own_base.is_some_and(|b| right_after(text, f.span, b.span, s_figs));
        let level_in_past = !matches!(kind, ClaimKind::Change | ClaimKind::Ratio)
            && (own.is_none() || base_right_after)
            && own_base.is_some();
        // a direct quote with no time of its own speaks of the moment it was said
        // ("Moscow has built a shadow fleet of some 600 tankers," said ...), unless it
        // refers back ("in this period")
        let quoted_now = s.mains.is_empty()
            && s.bases.is_empty()
            && !s.backref
            && s.text.starts_with(['"', '“', '„', '«']);
        // "Discounts ... have narrowed to about $4 a barrel", "The EU says it has frozen some
        // 210 billion euros": a level stated in the present perfect, with no time of its
        // own, stands at publication rather than in the period carried from before
        let standing_now = !matches!(kind, ClaimKind::Change | ClaimKind::Ratio)
            && !s.backref
            && PRESENT_PERFECT.is_match(&text[clause.0..f.span[0]]);
        let later_or_aside = if carried.period.is_some() {
            None
        } else {
            s.mains.iter().find(|t| others(t))
        };
        let continues = carried.period.is_some() && !quoted_now && !standing_now;
        let from = match own.or(earlier).or(later_or_aside) {
            _ if level_in_past => PeriodFrom::Clause,
            Some(t) if own.is_some_and(|o| o.span == t.span) => PeriodFrom::Clause,
            Some(_) => PeriodFrom::Sentence,
            None if continues => PeriodFrom::Carried,
            None => PeriodFrom::Published,
        };
        let (period, from_ctx) = match own.or(earlier).or(later_or_aside) {
            // "from 3.2% a year earlier" after "in the first quarter": that span a year back
            _ if level_in_past => {
                let main = own
                    .or(earlier)
                    .or(later_or_aside)
                    .map(|t| period_ref(t))
                    .or_else(|| carried.period.clone());
                match (own_base, main) {
                    (Some(b), Some(t)) if YEAR_BACK.is_match(&b.surface) => {
                        (year_before(&t).or(Some(period_ref(b))), false)
                    }
                    _ => (own_base.map(|t| period_ref(t)), false),
                }
            }
            Some(t) => (Some(period_ref(t)), false),
            None if continues => (carried.period.clone(), true),
            None => (
                self.published.map(|d| PeriodRef {
                    start: Some(d),
                    end: Some(d),
                    surface: String::new(),
                }),
                false,
            ),
        };
        let baseline = if matches!(kind, ClaimKind::Change | ClaimKind::Ratio) {
            let own_b = s
                .bases
                .iter()
                .filter(|t| t.span[0] >= clause.0 && t.span[1] <= clause.1)
                .min_by_key(|t| dist(t.span, f.span));
            match own_b.or(s.bases.first()) {
                // "year on year", "a year earlier": the period's own span a year back
                Some(t) if YEAR_BACK.is_match(&t.surface) && period.is_some() => period
                    .as_ref()
                    .and_then(year_before)
                    .or_else(|| Some(period_ref(t))),
                Some(t) => Some(period_ref(t)),
                None if from_ctx && carried.baseline.is_some() => carried.baseline.clone(),
                // a change with no stated baseline is against the same span a year before
                None => period.as_ref().and_then(year_before),
            }
        } else {
            None
        };
        Timing {
            period,
            baseline,
            from,
        }
    }

    /// The source of figure `f`: an attribution in its sentence (not one in another figure's
    /// clause unless nothing else is stated), else one a later sentence of the paragraph points
    /// back with, else the paragraph's, else the article's "Source:" line or the outlet.
    fn source(&self, s: &SentenceView<'_>, f: &RawClaim) -> (Option<Attribution>, Provenance) {
        self.sources
            .of(s.index, f.span[0], f.span[1] <= self.headline_end, |p| {
                s.other_figures_own(f.span, p)
            })
    }

    /// Reads figure `f` of sentence `s` into a claim.
    fn claim(
        &self,
        s: &SentenceView<'_>,
        f: &RawClaim,
        kind: ClaimKind,
        carried: &mut Carried,
        st: &mut InSentence,
    ) -> Claim {
        let text = self.text;
        let (start, end, para, sentence) = (s.start, s.end, s.para, s.text);
        let (s_figs, cls) = (&s.figs, &s.cls);
        let (places, words_all, items_all) = (&self.places, &self.words_all, &self.items_all);
        let (topic, top_two, headline_items) = (&self.topic, &self.top_two, &self.headline_items);
        let bases = &s.bases;
        let clause_of = |at: usize| s.clause_of(at);
        let other_figures_own = |p: usize| s.other_figures_own(f.span, p);
        let nearer_figure = |w: &(Metric, usize, usize)| s.nearer_figure(f.span, w);
        let clause = s.clause_of(f.span[0]);
        let first_clause = s.first_clause();
        let Timing {
            period,
            mut baseline,
            from: period_from,
        } = self.timing(s, f, kind, clause, carried);
        let mut reading = read_clause(text, clause, f, &places, &words_all);
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
                let lead_reading = read_clause(text, (w.1, clause.1), f, &places, &words_all);
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
                    .map(|c| read_clause(text, c, f, &places, &words_all))
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
                let mut whole = read_clause(text, (start, end), f, &places, &words_free);
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
                    .map(|c| read_clause(text, c, f, &places, &words_all))
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
            if let Some(m) = name_before_bracket(text, clause.0, &places) {
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
            if let Some(d) = donor_after(text, f.span[1], end, &places) {
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
        let inherited = reading.item.clone();
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
        let lex = bound
            .or_else(|| near(clause.0, clause.1))
            .or_else(|| near(start, f.span[0]))
            .or_else(after_figure)
            .map(|i| {
                if urals && i == "crude oil" {
                    "Urals crude".to_string()
                } else {
                    i
                }
            });
        let mut unit = f.unit.clone().unwrap_or_default();
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
            PER_UNIT_PRICE.is_match(&text[f.span[1]..super::floor_boundary(text, f.span[1] + 20)]);
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
        // "Hong Kong accounted for 52% of these deliveries and mainland China for another
        // 35%", "..., which provided 46%": a share that names no whole of its own is of the
        // whole the sentence's previous share was of
        if kind == ClaimKind::Share && !SHARE_WHOLE.is_match(&text[f.span[1]..end]) {
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
        // "the rouble lost 19% last year", "reserves grew 42.6% over the year": a level
        // that moves over an interval has no comparison period unless one is stated
        if kind == ClaimKind::Change && bases.is_empty() && item.as_deref().is_some_and(is_level) {
            baseline = None;
        }
        let mut metric = reading.metric.unwrap_or(Metric::Other);
        // a money figure per barrel or tonne is a price; GDP growth is production; inflation
        // is a price change
        if kind == ClaimKind::Amount
            && PER_UNIT_PRICE
                .is_match(&text[f.span[1]..super::floor_boundary(text, f.span[1] + 20)])
        {
            metric = Metric::Price;
        } else if matches!(metric, Metric::Other | Metric::Spending)
            || reading.metric.is_none()
            || !metric_in_clause
        {
            match item.as_deref() {
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
        if item.as_deref().is_some_and(is_measure)
            && (lex.as_deref() == item.as_deref() || !metric_in_clause)
        {
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
        if metric == Metric::ShareOfExports && !EXPORT_WORD.is_match(&text[f.span[1]..clause.1]) {
            let whole = text[f.span[1]..clause.1].trim_start();
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
        // "Around 40% of what Kyrgyzstan imported from China last year was re-exported to
        // Russia": the share that goes on is the importer's re-exports to the destination
        let mut item = item;
        let re_export = items_all
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
                metric = Metric::Other;
                item = Some("re-exports".to_string());
            }
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
            sentence: sentence.to_string(),
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
        if st.first_reading.is_none() && !RELATIVE.is_match(&text[clause.0..clause.1]) {
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

fn year_before(p: &PeriodRef) -> Option<PeriodRef> {
    let (a, b) = (p.start?, p.end?);
    if a == b {
        return None;
    }
    Some(PeriodRef {
        start: Some(calendar::shift_years(a, -1)),
        end: Some(calendar::shift_years(b, -1)),
        surface: String::new(),
    })
}

/// True when the time expression `t` follows the figure `g` with no punctuation and no other
/// figure between ("$238 billion a year earlier", "19% годом ранее").
fn right_after(text: &str, g: [usize; 2], t: [usize; 2], figs: &[&RawClaim]) -> bool {
    t[0] >= g[1]
        && t[0] - g[1] <= 16
        && !text[g[1]..t[0]].contains([',', ';', '.', ':', '(', ')'])
        && !figs.iter().any(|h| h.span[0] >= g[1] && h.span[1] <= t[0])
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
