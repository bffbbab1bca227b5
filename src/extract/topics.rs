//! The topic taxonomy (`ontology/topics.ttl`) and the tagger built over its labels.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, MatchKind};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};

use crate::vocab::{TOPIC_BASE, dg, rdf, skos};

/// The taxonomy shipped with dutygraph.
pub const BUILTIN_TOPICS_TTL: &str = include_str!("../../ontology/topics.ttl");

/// Index of a concept in [`Taxonomy::concepts`].
pub type TopicId = usize;

/// One topic concept.
#[derive(Debug, Clone)]
pub struct Concept {
    pub iri: String,
    pub pref_zh: String,
    pub pref_en: String,
    /// Every zh surface form (prefLabel first, then altLabels).
    pub labels_zh: Vec<String>,
    /// IRIs of broader concepts.
    pub broader: Vec<String>,
}

/// Why a taxonomy could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    #[error("{source_name}: invalid Turtle: {message}")]
    Syntax {
        source_name: String,
        message: String,
    },
    #[error("{source_name}: the zh label {label:?} belongs to both <{first}> and <{second}>")]
    AmbiguousLabel {
        source_name: String,
        label: String,
        first: String,
        second: String,
    },
    #[error("{source_name}: no dg:Topic concept with a zh label")]
    NoConcepts { source_name: String },
    #[error("building the label automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

/// A SKOS taxonomy ready for tagging.
#[derive(Debug)]
pub struct Taxonomy {
    pub concepts: Vec<Concept>,
    /// The Turtle it was read from (loaded into the store as is).
    pub turtle: String,
    matcher: AhoCorasick,
    /// Concept of each automaton pattern.
    pattern_concept: Vec<TopicId>,
    by_label: HashMap<String, TopicId>,
    by_iri: HashMap<String, TopicId>,
}

/// A label found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicMatch {
    pub topic: TopicId,
    /// Byte range in the tagged text.
    pub start: usize,
    pub end: usize,
}

impl Taxonomy {
    /// The built-in taxonomy, parsed once.
    pub fn builtin() -> Arc<Taxonomy> {
        static BUILTIN: OnceLock<Arc<Taxonomy>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // The built-in file is checked by the test suite; failing here is a build defect.
                #[allow(clippy::expect_used)]
                Arc::new(
                    Taxonomy::from_turtle("ontology/topics.ttl", BUILTIN_TOPICS_TTL)
                        .expect("the built-in taxonomy is valid"),
                )
            })
            .clone()
    }

    /// Reads the concepts typed `dg:Topic` (or `skos:Concept` under [`TOPIC_BASE`]).
    pub fn from_turtle(source_name: &str, turtle: &str) -> Result<Self, TaxonomyError> {
        #[derive(Default)]
        struct Draft {
            is_topic: bool,
            pref_zh: Option<String>,
            pref_en: Option<String>,
            alt_zh: Vec<String>,
            broader: Vec<String>,
        }
        let mut drafts: BTreeMap<String, Draft> = BTreeMap::new();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
            let quad = quad.map_err(|e| TaxonomyError::Syntax {
                source_name: source_name.to_owned(),
                message: e.to_string(),
            })?;
            let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                continue;
            };
            let draft = drafts.entry(subject.as_str().to_owned()).or_default();
            let predicate = quad.predicate.as_ref();
            match &quad.object {
                Term::NamedNode(object) => {
                    if predicate == rdf::TYPE
                        && (object.as_ref() == dg::TOPIC
                            || (object.as_ref() == skos::CONCEPT
                                && subject.as_str().starts_with(TOPIC_BASE)))
                    {
                        draft.is_topic = true;
                    } else if predicate == skos::BROADER {
                        draft.broader.push(object.as_str().to_owned());
                    }
                }
                Term::Literal(literal) => {
                    let lang = literal.language().unwrap_or_default();
                    let value = literal.value().to_owned();
                    if predicate == skos::PREF_LABEL && lang.starts_with("zh") {
                        draft.pref_zh = Some(value);
                    } else if predicate == skos::PREF_LABEL && lang.starts_with("en") {
                        draft.pref_en = Some(value);
                    } else if predicate == skos::ALT_LABEL && lang.starts_with("zh") {
                        draft.alt_zh.push(value);
                    }
                }
                _ => {}
            }
        }

        let mut concepts = Vec::new();
        for (iri, draft) in drafts {
            let Some(pref_zh) = draft.pref_zh.filter(|_| draft.is_topic) else {
                continue;
            };
            let mut labels_zh = vec![pref_zh.clone()];
            for alt in draft.alt_zh {
                if !labels_zh.contains(&alt) {
                    labels_zh.push(alt);
                }
            }
            concepts.push(Concept {
                pref_en: draft.pref_en.unwrap_or_else(|| pref_zh.clone()),
                iri,
                pref_zh,
                labels_zh,
                broader: draft.broader,
            });
        }
        if concepts.is_empty() {
            return Err(TaxonomyError::NoConcepts {
                source_name: source_name.to_owned(),
            });
        }

        let mut by_label: HashMap<String, TopicId> = HashMap::new();
        let mut patterns = Vec::new();
        let mut pattern_concept = Vec::new();
        for (id, concept) in concepts.iter().enumerate() {
            for label in &concept.labels_zh {
                if let Some(&other) = by_label.get(label) {
                    return Err(TaxonomyError::AmbiguousLabel {
                        source_name: source_name.to_owned(),
                        label: label.clone(),
                        first: concepts[other].iri.clone(),
                        second: concept.iri.clone(),
                    });
                }
                by_label.insert(label.clone(), id);
                patterns.push(label.as_str());
                pattern_concept.push(id);
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)?;
        let by_iri = concepts
            .iter()
            .enumerate()
            .map(|(id, c)| (c.iri.clone(), id))
            .collect();
        Ok(Taxonomy {
            concepts,
            turtle: turtle.to_owned(),
            matcher,
            pattern_concept,
            by_label,
            by_iri,
        })
    }

    /// Leftmost-longest label matches in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<TopicMatch> {
        self.matcher
            .find_iter(text)
            .map(|m| TopicMatch {
                topic: self.pattern_concept[m.pattern().as_usize()],
                start: m.start(),
                end: m.end(),
            })
            .collect()
    }

    /// The concept whose zh label is exactly `label`.
    pub fn by_label(&self, label: &str) -> Option<TopicId> {
        self.by_label.get(label).copied()
    }

    /// The concept with this IRI.
    pub fn by_iri(&self, iri: &str) -> Option<TopicId> {
        self.by_iri.get(iri).copied()
    }

    /// The concept whose zh prefLabel is `label` (for tests and examples).
    pub fn by_pref_label(&self, label: &str) -> Option<TopicId> {
        self.concepts.iter().position(|c| c.pref_zh == label)
    }
}
