//! The body × topic responsibility matrix: one row per body, one column per topic some body
//! deals with; a cell holds the body's mode letters on the topic, strongest first (as in a
//! RACI chart): L 牵头负责, G 指导, C 协调, O 督促监督, P 配合, S 支持保障.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{BodyKind, Category, Context, Facet, Mode, letters, modes, need, queries, select};
use crate::error::Result;
use crate::store::DutyStore;

/// One letter of the legend.
#[derive(Debug, Clone, Serialize)]
pub struct LegendEntry {
    pub letter: String,
    pub mode: Mode,
    pub zh: String,
    pub en: String,
    /// The verbs that give the mode.
    pub verbs: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicColumn {
    pub topic: String,
    pub topic_en: String,
    pub topic_iri: String,
    pub facet: Facet,
    /// Bodies with a non-empty cell in the column.
    pub bodies: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub body: String,
    pub body_en: String,
    pub body_iri: String,
    /// Its article, in a list with articles.
    pub article: Option<u32>,
    pub kind: BodyKind,
    pub category: Option<Category>,
    /// One cell per topic column: mode letters, strongest first ("" when none).
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub legend: Vec<LegendEntry>,
    pub topics: Vec<TopicColumn>,
    pub rows: Vec<MatrixRow>,
}

pub fn legend() -> Vec<LegendEntry> {
    Mode::ALL
        .iter()
        .map(|&m| LegendEntry {
            letter: m.letter().to_string(),
            mode: m,
            zh: m.zh().to_owned(),
            en: m.en().to_owned(),
            verbs: m.verbs().to_owned(),
        })
        .collect()
}

pub fn analyse(store: &DutyStore, context: &Context) -> Result<Matrix> {
    let q = "report-matrix.rq";
    let mut cells: BTreeMap<(String, String), BTreeSet<Mode>> = BTreeMap::new();
    for s in select(store, q, queries::MATRIX)? {
        let modes: BTreeSet<Mode> = modes(&s, "modes");
        if modes.is_empty() {
            continue;
        }
        cells
            .entry((need(&s, "body", q)?, need(&s, "topic", q)?))
            .or_default()
            .extend(modes);
    }

    let mut per_topic: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, topic) in cells.keys() {
        *per_topic.entry(topic).or_default() += 1;
    }
    let mut topics: Vec<TopicColumn> = per_topic
        .into_iter()
        .map(|(iri, bodies)| {
            let (label, label_en, facet) = context.topic(iri).map_or_else(
                || (iri.to_owned(), iri.to_owned(), Facet::Other),
                |t| (t.label.clone(), t.label_en.clone(), t.facet),
            );
            TopicColumn {
                topic: label,
                topic_en: label_en,
                topic_iri: iri.to_owned(),
                facet,
                bodies,
            }
        })
        .collect();
    topics.sort_by(|a, b| {
        (a.facet, std::cmp::Reverse(a.bodies), &a.topic_iri).cmp(&(
            b.facet,
            std::cmp::Reverse(b.bodies),
            &b.topic_iri,
        ))
    });

    let rows = context
        .bodies
        .iter()
        .map(|b| MatrixRow {
            body: b.name.clone(),
            body_en: b.name_en.clone(),
            body_iri: b.iri.clone(),
            article: b.article,
            kind: b.kind,
            category: b.category,
            cells: topics
                .iter()
                .map(|t| {
                    cells
                        .get(&(b.iri.clone(), t.topic_iri.clone()))
                        .map(|modes| letters(&modes.iter().copied().collect::<Vec<_>>()))
                        .unwrap_or_default()
                })
                .collect(),
        })
        .collect();

    Ok(Matrix {
        legend: legend(),
        topics,
        rows,
    })
}
