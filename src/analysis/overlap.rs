//! Who shares a topic, and where several bodies claim the lead (推诿扯皮 risk).
//!
//! Severity of a topic (documented in docs/reports.md):
//! - more than one body in the lead on an industry, hazard or place topic, at least two of
//!   them departments: **high** (two departments each 负责 the same thing);
//! - more than one body in the lead on such a topic, fewer than two of them departments
//!   (a post, committee or collective leads beside a department): **medium**;
//! - more than one body in the lead on a function of safety work (安全工作环节: 事故调查处理,
//!   安全生产统计…), which every body performs in its own field: **low**;
//! - one body in the lead (with others guiding or cooperating), or none: **none** here (a
//!   topic nobody leads is a gap, see [`super::gaps`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{
    BodyKind, Context, Facet, Mode, Severity, SourceRef, need, queries, select, sort_sources,
};
use crate::error::Result;
use crate::store::DutyStore;

/// One row of `report-overlaps.rq`: a body deals with a topic in a mode, in a duty.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EngagementRow {
    pub topic: String,
    pub body: String,
    pub mode: Mode,
    pub duty: String,
}

/// Reads the engagement rows (topic, body, mode, duty).
pub fn engagement(store: &DutyStore, _context: &Context) -> Result<Vec<EngagementRow>> {
    let q = "report-overlaps.rq";
    let mut rows = Vec::new();
    for s in select(store, q, queries::OVERLAPS)? {
        let mode_iri = need(&s, "mode", q)?;
        let Some(mode) = Mode::parse(&mode_iri) else {
            continue;
        };
        rows.push(EngagementRow {
            topic: need(&s, "topic", q)?,
            body: need(&s, "body", q)?,
            mode,
            duty: need(&s, "duty", q)?,
        });
    }
    rows.sort();
    rows.dedup();
    Ok(rows)
}

/// A body engaged in a topic.
#[derive(Debug, Clone, Serialize)]
pub struct EngagedBody {
    pub name: String,
    pub name_en: String,
    pub iri: String,
    pub kind: BodyKind,
    /// Its modes on the topic, strongest first.
    pub modes: Vec<Mode>,
    /// The duties, in document order.
    pub sources: Vec<SourceRef>,
}

impl EngagedBody {
    pub fn leads(&self) -> bool {
        self.modes.first() == Some(&Mode::Lead)
    }
}

/// The bodies engaged in one topic.
#[derive(Debug, Clone, Serialize)]
pub struct TopicOverlap {
    /// The zh prefLabel.
    pub topic: String,
    pub topic_en: String,
    pub topic_iri: String,
    pub facet: Facet,
    /// Bodies with a Lead clause on the topic.
    pub lead_count: usize,
    pub severity: Severity,
    /// Strongest mode first, then article order.
    pub bodies: Vec<EngagedBody>,
}

/// Two bodies and the topic-specific topics they share.
#[derive(Debug, Clone, Serialize)]
pub struct PairOverlap {
    pub a: String,
    pub a_iri: String,
    pub b: String,
    pub b_iri: String,
    /// zh labels of the shared topics.
    pub shared: Vec<String>,
    /// Number of topics either deals with.
    pub union: usize,
    /// |shared| / |union|.
    pub jaccard: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverlapReport {
    /// Every topic some body deals with; flagged topics first.
    pub topics: Vec<TopicOverlap>,
    /// Pairs of bodies sharing topic-specific topics, by Jaccard similarity.
    pub pairs: Vec<PairOverlap>,
}

impl OverlapReport {
    pub fn flagged(&self) -> impl Iterator<Item = &TopicOverlap> {
        self.topics.iter().filter(|t| t.severity != Severity::None)
    }
}

/// The bodies of each topic, from the engagement rows.
pub fn by_topic(context: &Context, rows: &[EngagementRow]) -> Vec<(String, Vec<EngagedBody>)> {
    type Engaged = (BTreeSet<Mode>, Vec<SourceRef>);
    let mut grouped: BTreeMap<&str, BTreeMap<&str, Engaged>> = BTreeMap::new();
    for row in rows {
        let entry = grouped
            .entry(&row.topic)
            .or_default()
            .entry(&row.body)
            .or_default();
        entry.0.insert(row.mode);
        entry.1.extend(context.source(&row.duty));
    }
    grouped
        .into_iter()
        .map(|(topic, bodies)| {
            let mut engaged: Vec<EngagedBody> = bodies
                .into_iter()
                .map(|(iri, (modes, mut sources))| {
                    sort_sources(&mut sources);
                    let (name, name_en, kind) = context.body(iri).map_or_else(
                        || (iri.to_owned(), iri.to_owned(), BodyKind::Unknown),
                        |b| (b.name.clone(), b.name_en.clone(), b.kind),
                    );
                    EngagedBody {
                        name,
                        name_en,
                        iri: iri.to_owned(),
                        kind,
                        modes: modes.into_iter().collect(),
                        sources,
                    }
                })
                .collect();
            engaged.sort_by_key(|b| {
                (
                    b.modes.first().copied(),
                    context.body_position(&b.iri).unwrap_or(usize::MAX),
                )
            });
            (topic.to_owned(), engaged)
        })
        .collect()
}

/// The severity of a topic with `bodies` engaged (see the module documentation).
pub fn severity(facet: Facet, bodies: &[EngagedBody]) -> Severity {
    let leads: Vec<&EngagedBody> = bodies.iter().filter(|b| b.leads()).collect();
    if leads.len() < 2 {
        return Severity::None;
    }
    if !facet.is_specific() {
        return Severity::Low;
    }
    let departments = leads
        .iter()
        .filter(|b| b.kind == BodyKind::Department)
        .count();
    if departments >= 2 {
        Severity::High
    } else {
        Severity::Medium
    }
}

pub fn analyse(context: &Context, rows: &[EngagementRow]) -> OverlapReport {
    analyse_grouped(context, rows, &by_topic(context, rows))
}

/// [`analyse`] with the rows already grouped by [`by_topic`].
pub fn analyse_grouped(
    context: &Context,
    rows: &[EngagementRow],
    grouped: &[(String, Vec<EngagedBody>)],
) -> OverlapReport {
    let mut topics: Vec<TopicOverlap> = grouped
        .iter()
        .cloned()
        .map(|(iri, bodies)| {
            let (label, label_en, facet) = context.topic(&iri).map_or_else(
                || (iri.clone(), iri.clone(), Facet::Other),
                |t| (t.label.clone(), t.label_en.clone(), t.facet),
            );
            TopicOverlap {
                topic: label,
                topic_en: label_en,
                topic_iri: iri,
                facet,
                lead_count: bodies.iter().filter(|b| b.leads()).count(),
                severity: severity(facet, &bodies),
                bodies,
            }
        })
        .collect();
    topics.sort_by(|a, b| {
        (
            a.severity,
            std::cmp::Reverse(a.lead_count),
            std::cmp::Reverse(a.bodies.len()),
        )
            .cmp(&(
                b.severity,
                std::cmp::Reverse(b.lead_count),
                std::cmp::Reverse(b.bodies.len()),
            ))
            .then_with(|| a.topic_iri.cmp(&b.topic_iri))
    });

    OverlapReport {
        pairs: pairs(context, rows),
        topics,
    }
}

/// Pairwise overlap of bodies on topic-specific topics (any mode).
fn pairs(context: &Context, rows: &[EngagementRow]) -> Vec<PairOverlap> {
    let mut sets: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for row in rows {
        let specific = context
            .topic(&row.topic)
            .is_some_and(|t| t.facet.is_specific());
        if specific {
            sets.entry(&row.body).or_default().insert(&row.topic);
        }
    }
    let bodies: Vec<(&str, &BTreeSet<&str>)> = sets.iter().map(|(k, v)| (*k, v)).collect();
    let name = |iri: &str| context.body(iri).map_or(iri.to_owned(), |b| b.name.clone());
    let label = |iri: &str| {
        context
            .topic(iri)
            .map_or(iri.to_owned(), |t| t.label.clone())
    };
    let mut out = Vec::new();
    for (i, (a, sa)) in bodies.iter().enumerate() {
        for (b, sb) in &bodies[i + 1..] {
            let shared: Vec<String> = sa.intersection(sb).map(|t| label(t)).collect();
            if shared.is_empty() {
                continue;
            }
            let union = sa.union(sb).count();
            out.push(PairOverlap {
                a: name(a),
                a_iri: (*a).to_owned(),
                b: name(b),
                b_iri: (*b).to_owned(),
                jaccard: round(shared.len() as f64 / union as f64),
                shared,
                union,
            });
        }
    }
    out.sort_by(|x, y| {
        y.jaccard
            .total_cmp(&x.jaccard)
            .then_with(|| y.shared.len().cmp(&x.shared.len()))
            .then_with(|| {
                let px = (
                    context.body_position(&x.a_iri),
                    context.body_position(&x.b_iri),
                );
                let py = (
                    context.body_position(&y.a_iri),
                    context.body_position(&y.b_iri),
                );
                px.cmp(&py)
            })
    });
    out
}

/// Rounds to 4 decimals, for stable output.
pub(crate) fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
