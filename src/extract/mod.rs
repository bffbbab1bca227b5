//! Stage 2: [`Document`] → [`Model`]: bodies, duties, clauses, modes, topics, relations.

pub mod bodies;
pub mod clauses;
pub mod lexicon;
pub mod relations;
pub mod topics;

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::doc::{Article, Document, Marker, Paragraph, Span, Text};
pub use bodies::{Alias, AliasSource, AnnexLink, Body, BodyId, BodyKind, Category};
pub use lexicon::{Mode, RelationKind};
pub use relations::PartyClass;
pub use topics::{Taxonomy, TopicId};

/// Index of a party group in [`Model::parties`].
pub type PartyId = usize;

/// The extracted content of one list.
#[derive(Debug, Clone)]
pub struct Model {
    pub document: Document,
    pub taxonomy: Arc<Taxonomy>,
    pub bodies: Vec<Body>,
    /// Duties in document order.
    pub duties: Vec<Duty>,
    pub parties: Vec<PartyGroup>,
    pub annex_links: Vec<AnnexLink>,
}

/// One duty paragraph.
#[derive(Debug, Clone)]
pub struct Duty {
    pub article: u32,
    /// 1-based order in the article.
    pub position: u32,
    pub marker: Option<Marker>,
    pub text: Text,
    pub bearer: BodyId,
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
    /// Topics concerned by any clause (the union), in first-mention order.
    pub fn concerns(&self) -> Vec<TopicId> {
        union(self.clauses.iter().flat_map(|c| &c.concerns))
    }

    /// Topics excluded by any clause, in first-mention order.
    pub fn excludes(&self) -> Vec<TopicId> {
        union(self.clauses.iter().flat_map(|c| &c.excludes))
    }

    /// 第X条第(Y)项 style citation, with the marker as printed or the position.
    pub fn citation(&self) -> String {
        let article = crate::doc::numeral::to_chinese(self.article);
        match &self.marker {
            Some(m) => format!("第{article}条第（{}）项", m.literal),
            None => format!("第{article}条第{}段", self.position),
        }
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
pub fn extract(document: Document, taxonomy: Arc<Taxonomy>) -> Model {
    let level = document.level.clone();
    let mut bodies: Vec<Body> = Vec::new();
    let mut article_body: HashMap<u32, BodyId> = HashMap::new();
    for article in &document.articles {
        if !bodies::is_duty_article(&document, article)
            || article_body.contains_key(&article.number)
        {
            continue;
        }
        if let Some(body) = bodies::body_of(&document, article) {
            article_body.insert(article.number, bodies.len());
            bodies.push(body);
        }
    }
    let annex_links = bodies::link_annex(&document, &mut bodies);
    add_reference_aliases(&document, &mut bodies);

    let resolver = Resolver::new(&bodies, level.as_deref());
    for (id, body) in bodies.iter_mut().enumerate() {
        if let Some(words) = &body.housed_in_words {
            body.housed_in = resolver.resolve(words).filter(|&h| h != id);
        }
    }

    // The paragraphs of the duty-bearing articles, in document order.
    let work: Vec<(BodyId, &Article, &Paragraph)> = document
        .articles
        .iter()
        .filter_map(|article| article_body.get(&article.number).map(|&b| (b, article)))
        .flat_map(|(bearer, article)| article.paragraphs.iter().map(move |p| (bearer, article, p)))
        .collect();
    // Paragraphs are read independently, so the two halves go to two threads (about half
    // of the time of extraction on two cores); party groups are numbered afterwards, in
    // document order, exactly as a single pass would number them.
    let read = |part: &[(BodyId, &Article, &Paragraph)]| -> Vec<(Duty, Vec<String>)> {
        part.iter()
            .map(|&(bearer, article, paragraph)| {
                read_duty(bearer, article, paragraph, &taxonomy, &resolver)
            })
            .collect()
    };
    let (first, second) = work.split_at(split_point(&work));
    let read_duties = std::thread::scope(|scope| {
        let other = scope.spawn(|| read(second));
        let mut read_duties = read(first);
        match other.join() {
            Ok(rest) => read_duties.extend(rest),
            // A panic on the other thread is a bug: let it surface here.
            Err(panic) => std::panic::resume_unwind(panic),
        }
        read_duties
    });

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
        bodies,
        duties,
        parties,
        annex_links,
    }
}

/// Where to cut the paragraphs in two halves of about the same amount of text.
fn split_point(work: &[(BodyId, &Article, &Paragraph)]) -> usize {
    let total: usize = work.iter().map(|(_, _, p)| p.text.text.len()).sum();
    let mut seen = 0;
    for (i, (_, _, p)) in work.iter().enumerate() {
        if seen * 2 >= total {
            return i;
        }
        seen += p.text.text.len();
    }
    work.len()
}

/// Reads one paragraph into a duty. Counterparts that are not bodies come back as
/// `Counterpart::Party(0)`, with their words in the same order in the second value, for
/// the caller to number.
fn read_duty(
    bearer: BodyId,
    article: &Article,
    paragraph: &Paragraph,
    taxonomy: &Taxonomy,
    resolver: &Resolver,
) -> (Duty, Vec<String>) {
    let mut party_words = Vec::new();
    let clauses = clauses::split(&paragraph.text.text)
        .into_iter()
        .enumerate()
        .map(|(i, range)| {
            let text = sub_text(&paragraph.text, range);
            let tokens = clauses::verb_tokens(&text.text);
            let governing = clauses::governing(&text.text, &tokens);
            let tags = clauses::tag(taxonomy, &text.text);
            let mut relations = Vec::new();
            for found in relations::find(&text.text, &tokens, &governing) {
                for words_range in found.counterparts {
                    let as_written = sub_text(&text, words_range);
                    let expanded = expand_ellipsis(&as_written.text, resolver)
                        .unwrap_or_else(|| vec![as_written.text.clone()]);
                    for words in expanded {
                        let counterpart = match resolver.resolve(&words).filter(|&b| b != bearer) {
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
    let duty = Duty {
        article: article.number,
        position: paragraph.position,
        marker: paragraph.marker.clone(),
        text: paragraph.text.clone(),
        bearer,
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
        patterns.push(body.name.clone());
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
    for article in &document.articles {
        for paragraph in &article.paragraphs {
            let text = &paragraph.text.text;
            for m in matcher.find_iter(text) {
                let Some(id) = owner[m.pattern().as_usize()] else {
                    continue;
                };
                let words = &patterns[m.pattern().as_usize()];
                let before = &text[..m.start()];
                if ["各地", "上级", "各级", "下级"]
                    .iter()
                    .any(|q| before.ends_with(q))
                    || bodies[id].name == *words
                    || bodies[id].aliases.iter().any(|a| a.text == *words)
                {
                    continue;
                }
                let span = sub_text(&paragraph.text, m.start()..m.end()).span;
                bodies[id].aliases.push(Alias {
                    text: words.clone(),
                    source: AliasSource::Reference,
                    span,
                });
            }
        }
    }
}
