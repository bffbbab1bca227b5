//! Stage 2: [`Document`] → [`Model`]: the layout (which lines name bodies and sectors),
//! then bodies, duties, clauses, modes, topics, relations.

pub mod bodies;
pub mod clauses;
pub mod layout;
pub mod lexicon;
pub mod relations;
pub mod topics;

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::doc::{Document, Marker, Span, Text};
pub use bodies::{Alias, AliasSource, AnnexLink, Body, BodyId, BodyKind, Category, FoundAs};
pub use layout::{LayoutKind, Note, Skipped, Unattributed, Unit, UnitId, UnitKind};
pub use lexicon::{Mode, RelationKind};
pub use relations::PartyClass;
pub use topics::{Taxonomy, TopicId};

/// Index of a party group in [`Model::parties`].
pub type PartyId = usize;

/// Index of a sector in [`Model::sectors`].
pub type SectorId = usize;

/// The extracted content of one list.
#[derive(Debug, Clone)]
pub struct Model {
    pub document: Document,
    pub taxonomy: Arc<Taxonomy>,
    pub layout: Layout,
    /// The containers of duties: articles, sections of the outline, table rows.
    pub units: Vec<Unit>,
    /// Sector headings and table titles, as topics.
    pub sectors: Vec<Sector>,
    pub bodies: Vec<Body>,
    /// Duties in document order.
    pub duties: Vec<Duty>,
    pub parties: Vec<PartyGroup>,
    pub annex_links: Vec<AnnexLink>,
}

/// How the list was read: its layout, the evidence, and what was not a duty.
#[derive(Debug, Clone)]
pub struct Layout {
    pub kind: LayoutKind,
    pub evidence: Vec<Note>,
    pub warnings: Vec<Note>,
    /// Lines of the list that are no duty (general provisions), with the reason.
    pub skipped: Vec<Skipped>,
}

/// A sector heading or table title as a topic: the taxonomy's concept when a label matches,
/// else a topic of the list's own, placed under the nearest broader concept.
#[derive(Debug, Clone)]
pub struct Sector {
    /// As printed (剧本娱乐经营场所, 烟花爆竹安全监管).
    pub label: Text,
    pub concept: Option<TopicId>,
    /// For a topic of the list's own: the taxonomy's concept its label contains.
    pub broader: Option<TopicId>,
    /// IRI segment of a topic of the list's own.
    pub key: String,
}

/// One duty paragraph.
#[derive(Debug, Clone)]
pub struct Duty {
    pub unit: UnitId,
    /// The article number, in a list with articles.
    pub article: Option<u32>,
    /// 1-based order in its unit (article, section, row).
    pub position: u32,
    pub marker: Option<Marker>,
    pub text: Text,
    /// `None` when the text does not say whose duty it is (see `unattributed`).
    pub bearer: Option<BodyId>,
    pub unattributed: Option<Unattributed>,
    /// The sectors the duty sits under.
    pub sectors: Vec<SectorId>,
    /// 第四十一条第（五）项, 二、平台经济（二）, 烟花爆竹安全监管表序号2.
    pub citation: String,
    pub clauses: Vec<Clause>,
}

/// One clause of a duty.
#[derive(Debug, Clone)]
pub struct Clause {
    /// 1-based order in the duty.
    pub index: u32,
    pub text: Text,
    pub verb: Option<&'static str>,
    pub mode: Mode,
    pub concerns: Vec<TopicId>,
    pub excludes: Vec<TopicId>,
    pub relations: Vec<Relation>,
}

/// A relation of a clause with one counterpart.
#[derive(Debug, Clone)]
pub struct Relation {
    pub kind: RelationKind,
    pub verb: &'static str,
    /// The words naming the counterpart, as written.
    pub as_written: Text,
    pub counterpart: Counterpart,
}

/// Who a relation points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Counterpart {
    Body(BodyId),
    Party(PartyId),
}

/// A counterpart that is not one of the list's bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyGroup {
    /// The words as written (有关部门).
    pub label: String,
    pub class: PartyClass,
}

impl Duty {
    /// Topics concerned by any clause (the union), in first-mention order. The concepts of
    /// the sectors it sits under are in [`Duty::sector_concepts`]: a clause concerns a
    /// sector only when its words do.
    pub fn concerns(&self) -> Vec<TopicId> {
        union(self.clauses.iter().flat_map(|c| &c.concerns))
    }

    /// Topics excluded by any clause, in first-mention order.
    pub fn excludes(&self) -> Vec<TopicId> {
        union(self.clauses.iter().flat_map(|c| &c.excludes))
    }
}

fn union<'a>(ids: impl Iterator<Item = &'a TopicId>) -> Vec<TopicId> {
    let mut out = Vec::new();
    for &id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Names, aliases and references → body, for resolving counterparts.
struct Resolver {
    /// `None` where two bodies share the words.
    names: HashMap<String, Option<BodyId>>,
}

impl Resolver {
    fn new(bodies: &[Body], level: Option<&str>) -> Self {
        let mut names: HashMap<String, Option<BodyId>> = HashMap::new();
        let mut add = |words: &str, id: BodyId, strong: bool| {
            if words.chars().count() < 2 {
                return;
            }
            match names.get(words) {
                Some(Some(other)) if *other != id && !strong => {
                    names.insert(words.to_owned(), None);
                }
                Some(_) if !strong => {}
                _ => {
                    names.insert(words.to_owned(), Some(id));
                }
            }
        };
        // Names and aliases win over derived forms.
        for (id, body) in bodies.iter().enumerate() {
            add(&body.name, id, true);
            for alias in &body.aliases {
                add(&alias.text, id, true);
            }
        }
        for (id, body) in bodies.iter().enumerate() {
            for reference in &body.references {
                add(reference, id, false);
            }
            if let Some(rest) = level.and_then(|l| body.name.strip_prefix(l)) {
                add(rest, id, false);
            }
            // 各街道办事处 is also 街道办事处; but 各有关部门 is not every 有关部门.
            if let Some(rest) = body.name.strip_prefix('各')
                && relations::classify(rest) != PartyClass::UnspecifiedDepartments
            {
                add(rest, id, false);
            }
        }
        Resolver { names }
    }

    fn resolve(&self, words: &str) -> Option<BodyId> {
        self.names.get(words).copied().flatten()
    }
}

fn sub_text(text: &Text, range: std::ops::Range<usize>) -> Text {
    Text {
        text: text.text[range.clone()].to_owned(),
        span: Span {
            start: text.span.start + range.start,
            end: text.span.start + range.end,
            line: text.span.line,
            column: text.span.column + text.text[..range.start].chars().count() as u32,
        },
    }
}

/// Expands 组织、宣传、政法等部门 into 组织部门, 宣传部门, 政法部门 when that names bodies.
fn expand_ellipsis(words: &str, resolver: &Resolver) -> Option<Vec<String>> {
    if !words.contains('、') {
        return None;
    }
    let head = ["部门（单位）", "部门(单位)", "部门", "单位", "机构"]
        .into_iter()
        .find(|h| words.ends_with(h))?;
    let stems = words[..words.len() - head.len()].trim_end_matches('等');
    let expanded: Vec<String> = stems.split('、').map(|s| format!("{s}部门")).collect();
    expanded
        .iter()
        .any(|w| resolver.resolve(w).is_some())
        .then_some(expanded)
}

/// Runs the extraction.
pub fn extract(mut document: Document, taxonomy: Arc<Taxonomy>) -> Model {
    let plan = layout::plan(&document);
    // A list that does not state its level has the level of its bodies' names.
    if document.level.is_none() {
        document.level = plan.level.clone();
    }
    let level = document.level.clone();
    let mut bodies: Vec<Body> = plan
        .bodies
        .iter()
        .map(|draft| {
            bodies::new_body(
                draft.parts.clone(),
                draft.simple.clone(),
                draft.key.clone(),
                draft.article,
                draft.found_as,
                level.as_deref(),
            )
        })
        .collect();
    // A body's unit: its heading's, else that of its first paragraph. One pass over each
    // (a search per body was quadratic: a list of 5,000 bodies spent 10 % of its reading here).
    let mut heading_unit: HashMap<BodyId, usize> = HashMap::new();
    for (index, unit) in plan.units.iter().enumerate() {
        if let Some(layout::HeadingRole::Body(id)) = unit.role {
            heading_unit.entry(id).or_insert(index);
        }
    }
    let mut first_item_unit: HashMap<BodyId, usize> = HashMap::new();
    for item in &plan.items {
        if let Some(id) = item.bearer {
            first_item_unit.entry(id).or_insert(item.unit);
        }
    }
    for (id, body) in bodies.iter_mut().enumerate() {
        body.unit = heading_unit
            .get(&id)
            .or_else(|| first_item_unit.get(&id))
            .copied();
    }
    let annex_links = bodies::link_annex(&document, &mut bodies);
    add_reference_aliases(&document, &mut bodies);
    let sectors: Vec<Sector> = plan
        .sectors
        .iter()
        .map(|draft| sector(draft, &taxonomy))
        .collect();

    let resolver = Resolver::new(&bodies, level.as_deref());
    for (id, body) in bodies.iter_mut().enumerate() {
        if let Some(words) = &body.housed_in_words {
            body.housed_in = resolver.resolve(words).filter(|&h| h != id);
        }
    }

    // Paragraphs are read independently, so the two halves go to two threads (about half
    // of the time of extraction on two cores); party groups are numbered afterwards, in
    // document order, exactly as a single pass would number them.
    let work: Vec<&layout::Item> = plan.items.iter().collect();
    let context = Reading {
        document: &document,
        taxonomy: &taxonomy,
        resolver: &resolver,
        units: &plan.units,
    };
    // Paragraphs are read independently: two halves of about the same amount of text,
    // the first on this thread, the second on the pool, then in document order. (This
    // thread has the document in its cache and frees what it allocates: a `par_iter` over
    // the paragraphs, or both halves on the pool, took 20–30 % longer on a 1 MB list,
    // benches/layouts.rs, 2026-12-04.)
    let read = |part: &[&layout::Item]| -> Vec<(Duty, Vec<String>)> {
        part.iter().map(|item| read_duty(item, &context)).collect()
    };
    let (first, second) = work.split_at(split_point(&work));
    let mut rest = Vec::new();
    let mut read_duties = Vec::new();
    rayon::in_place_scope(|scope| {
        scope.spawn(|_| rest = read(second));
        read_duties = read(first);
    });
    read_duties.extend(rest);

    let mut parties: Vec<PartyGroup> = Vec::new();
    let mut party_ids: HashMap<String, PartyId> = HashMap::new();
    let mut duties = Vec::with_capacity(read_duties.len());
    for (mut duty, party_words) in read_duties {
        let mut words = party_words.into_iter();
        for relation in duty.clauses.iter_mut().flat_map(|c| c.relations.iter_mut()) {
            if let Counterpart::Party(_) = relation.counterpart {
                let Some(words) = words.next() else { continue };
                let id = *party_ids.entry(words.clone()).or_insert_with(|| {
                    parties.push(PartyGroup {
                        class: relations::classify(&words),
                        label: words,
                    });
                    parties.len() - 1
                });
                relation.counterpart = Counterpart::Party(id);
            }
        }
        duties.push(duty);
    }

    Model {
        document,
        taxonomy,
        layout: Layout {
            kind: plan.kind,
            evidence: plan.evidence,
            warnings: plan.warnings,
            skipped: plan.skipped,
        },
        units: plan.units,
        sectors,
        bodies,
        duties,
        parties,
        annex_links,
    }
}

/// Words around a sector's name that are not the sector (烟花爆竹安全监管 → 烟花爆竹).
const SECTOR_AFFIXES: &[&str] = &[
    "安全生产监督管理",
    "安全监督管理",
    "安全生产监管",
    "安全生产管理",
    "安全生产工作",
    "安全监管",
    "安全管理",
    "安全生产",
    "监管职责",
    "监督管理",
    "监管",
    "管理",
    "领域",
    "行业",
    "工作",
    "安全",
];

/// Matches a sector to the taxonomy: its label, or its label without 安全监管-style words;
/// else the concept its label contains, as the broader concept of a topic of the list's own.
fn sector(draft: &layout::SectorDraft, taxonomy: &Taxonomy) -> Sector {
    let mut label = draft.simple.as_str();
    let mut concept = taxonomy.by_label(label);
    while concept.is_none() {
        let Some(shorter) = SECTOR_AFFIXES
            .iter()
            .find_map(|a| label.strip_suffix(a).filter(|s| !s.is_empty()))
        else {
            break;
        };
        label = shorter;
        concept = taxonomy.by_label(label);
    }
    let broader = match concept {
        Some(_) => None,
        None => broader_of(&draft.simple, taxonomy),
    };
    Sector {
        label: draft.label.clone(),
        concept,
        broader,
        key: crate::vocab::iri_segment(&draft.label.text),
    }
}

/// The concept a sector of the list's own falls under: the longest label with the same head
/// (a Chinese compound ends with its head: 剧本娱乐经营场所 is a 场所) whose characters the
/// sector's name contains in order (娱乐场所).
fn broader_of(name: &str, taxonomy: &Taxonomy) -> Option<TopicId> {
    let head: String = name
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if head.chars().count() < 2 {
        return None;
    }
    taxonomy
        .concepts
        .iter()
        .enumerate()
        .flat_map(|(id, c)| c.labels_zh.iter().map(move |l| (id, l)))
        .filter(|(_, label)| {
            label.chars().count() >= 2
                && label.as_str() != name
                && label.ends_with(head.as_str())
                && bodies::is_subsequence(label, name)
        })
        .max_by_key(|(_, label)| label.chars().count())
        .map(|(id, _)| id)
}

/// What reading a duty needs besides the duty.
struct Reading<'a> {
    document: &'a Document,
    taxonomy: &'a Taxonomy,
    resolver: &'a Resolver,
    units: &'a [Unit],
}

/// Where to cut the paragraphs in two halves of about the same amount of text.
fn split_point(work: &[&layout::Item]) -> usize {
    let total: usize = work.iter().map(|i| i.text.text.len()).sum();
    let mut seen = 0;
    for (i, item) in work.iter().enumerate() {
        if seen * 2 >= total {
            return i;
        }
        seen += item.text.text.len();
    }
    work.len()
}

/// The text as matched, with the bearer's name blanked (same length): a body's own name
/// is no verb, topic or counterpart of its duty (区市场监管局 is not 监管).
fn masked(matched: &str, subject: Option<(usize, usize)>) -> std::borrow::Cow<'_, str> {
    match subject {
        Some((start, end)) if end <= matched.len() && start < end => {
            let mut bytes = matched.as_bytes().to_vec();
            for b in &mut bytes[start..end] {
                *b = b' ';
            }
            // Whole characters were replaced by ASCII spaces: still UTF-8.
            std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| matched.to_owned()))
        }
        _ => std::borrow::Cow::Borrowed(matched),
    }
}

/// Reads one paragraph into a duty. Counterparts that are not bodies come back as
/// `Counterpart::Party(0)`, with their words in the same order in the second value, for
/// the caller to number.
fn read_duty(item: &layout::Item, context: &Reading<'_>) -> (Duty, Vec<String>) {
    let Reading {
        document,
        taxonomy,
        resolver,
        units,
    } = context;
    let bearer = item.bearer;
    let matched = masked(document.matched(&item.text), item.subject);
    let mut party_words = Vec::new();
    let ranges = match item.mode {
        // A mode the layout states: the whole paragraph is one clause.
        Some(_) => std::iter::once(0..item.text.text.len()).collect(),
        // Cut where the printed text is cut: the bearer's name stays in its clause.
        None => clauses::split(document.matched(&item.text)),
    };
    let clauses = ranges
        .into_iter()
        .enumerate()
        .map(|(i, range)| {
            let text = sub_text(&item.text, range.clone());
            let words = &matched[range];
            let tokens = clauses::verb_tokens(words);
            let mut governing = clauses::governing(words, &tokens);
            if let Some(mode) = item.mode {
                governing.mode = mode;
            }
            let tags = clauses::tag(taxonomy, words);
            let mut relations = Vec::new();
            for found in relations::find(words, &tokens, &governing) {
                for words_range in found.counterparts {
                    let as_written = sub_text(&text, words_range.clone());
                    let matched_words = &words[words_range];
                    let expanded = expand_ellipsis(matched_words, resolver)
                        .unwrap_or_else(|| vec![matched_words.to_owned()]);
                    for words in expanded {
                        let counterpart =
                            match resolver.resolve(&words).filter(|&b| Some(b) != bearer) {
                                Some(body) => Counterpart::Body(body),
                                None => {
                                    party_words.push(words);
                                    Counterpart::Party(0)
                                }
                            };
                        relations.push(Relation {
                            kind: found.kind,
                            verb: found.verb,
                            as_written: as_written.clone(),
                            counterpart,
                        });
                    }
                }
            }
            Clause {
                index: i as u32 + 1,
                text,
                verb: governing.verb,
                mode: governing.mode,
                concerns: tags.concerns,
                excludes: tags.excludes,
                relations,
            }
        })
        .collect();
    let article = match units[item.unit].kind {
        UnitKind::Article { number } => Some(number),
        _ => None,
    };
    let duty = Duty {
        unit: item.unit,
        article,
        position: item.position,
        marker: item.marker.clone(),
        text: item.text.clone(),
        bearer,
        unattributed: item.unattributed,
        sectors: item.sectors.clone(),
        citation: item.citation.clone(),
        clauses,
    };
    (duty, party_words)
}

/// Generic references of the roles table (消防部门) that occur in the text on their own
/// become aliases of the body they name.
fn add_reference_aliases(document: &Document, bodies: &mut [Body]) {
    let mut patterns: Vec<String> = Vec::new();
    let mut owner: Vec<Option<BodyId>> = Vec::new();
    for (id, body) in bodies.iter().enumerate() {
        patterns.push(body.simple_name.clone());
        owner.push(None);
        for alias in &body.aliases {
            patterns.push(alias.text.clone());
            owner.push(None);
        }
        for reference in &body.references {
            patterns.push(reference.clone());
            owner.push(Some(id));
        }
    }
    let Ok(matcher) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
    else {
        return;
    };
    // The text of the list: every article's paragraphs, or every line of the outline and
    // every table row.
    let texts: Vec<&Text> = if document.articles.is_empty() {
        document
            .nodes
            .iter()
            .map(|n| &n.text)
            .chain(
                document
                    .tables
                    .iter()
                    .flat_map(|t| t.rows.iter().flat_map(|r| &r.cells)),
            )
            .collect()
    } else {
        document
            .articles
            .iter()
            .flat_map(|a| a.paragraphs.iter().map(|p| &p.text))
            .collect()
    };
    for paragraph in texts {
        let text = document.matched(paragraph);
        for m in matcher.find_iter(text) {
            let Some(id) = owner[m.pattern().as_usize()] else {
                continue;
            };
            let words = &patterns[m.pattern().as_usize()];
            let before = &text[..m.start()];
            if ["各地", "上级", "各级", "下级"]
                .iter()
                .any(|q| before.ends_with(q))
                || bodies[id].simple_name == *words
                || bodies[id].aliases.iter().any(|a| a.text == *words)
            {
                continue;
            }
            let span = sub_text(paragraph, m.start()..m.end()).span;
            bodies[id].aliases.push(Alias {
                text: words.clone(),
                source: AliasSource::Reference,
                span,
            });
        }
    }
}

impl Model {
    /// Whether nothing of a responsibility list was found: no body (paragraphs whose body
    /// is not in the text do not make a list).
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// What the document looked like, for the message that refuses it.
    pub fn refusal(&self) -> String {
        let doc = &self.document;
        let numbered = doc.nodes.iter().filter(|n| n.marker.is_some()).count();
        let mut kinds: Vec<&str> = doc
            .nodes
            .iter()
            .filter_map(|n| n.marker.as_ref().map(|m| m.kind.example()))
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        let lines = doc.lines.len();
        let last = doc.lines.last().map_or(1, |l| l.number);
        format!(
            "{}:{last}:1: no duty found in {lines} lines: tried articles (第X条 with a body's heading, lead-in or subject), outline headings naming bodies (一、 （一） 1. …), sector headings with lines that open with a body, and tables with a department column; the document has {numbered} numbered lines ({}), {} tables{}; is this a responsibility list?",
            doc.source_name,
            if kinds.is_empty() {
                "none".to_owned()
            } else {
                kinds.join(" ")
            },
            doc.tables.len(),
            doc.title
                .as_ref()
                .map_or(String::new(), |t| format!(", title “{}”", t.text)),
        )
    }
}
