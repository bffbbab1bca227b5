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
//!
//! Over a store of many lists ([`analyse_lists`]) bodies of different lists never overlap
//! each other: severities are computed list by list (counted in SPARQL over every list).
//! Each topic then holds its bodies grouped by role (区应急管理局 ~ 县应急管理局, with the
//! number of lists), the number of lists where it has several leads by severity, and, from
//! the first [`super::compare::SAMPLE`] lists analysed in detail, the lists where it has
//! several leads with their bodies in the lead and their duties; pairs are of roles,
//! counted over those lists.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::compare::Many;
use super::engagement::{EngagedBody, EngagementRow, by_topic};
use super::{BodyKind, Context, Facet, Mode, RoleKey, Severity, SourceRef};

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
    /// Strongest mode first, then article order. Over many lists: one entry per role.
    pub bodies: Vec<EngagedBody>,
    /// The list (its IRI), when one list is analysed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// Over many lists: the lists where the topic has several leads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub across: Option<AcrossLists>,
}

/// A topic over many lists.
#[derive(Debug, Clone, Serialize)]
pub struct AcrossLists {
    /// Lists some duty of which concerns the topic.
    pub lists: usize,
    /// Lists where more than one body leads it, by severity.
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    /// Up to [`super::compare::SAMPLE`] of them, worst first: the bodies in the lead.
    pub examples: Vec<FlaggedList>,
}

impl AcrossLists {
    pub fn flagged(&self) -> usize {
        self.high + self.medium + self.low
    }
}

/// One list where a topic has several leads.
#[derive(Debug, Clone, Serialize)]
pub struct FlaggedList {
    pub list: String,
    pub list_title: String,
    pub severity: Severity,
    pub lead_count: usize,
    /// The bodies in the lead, with their duties.
    pub leads: Vec<EngagedBody>,
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
    /// Over many lists, where a and b are roles: the lists where their bodies share
    /// topics (shared: the topics shared in at least half of them; union and jaccard: means).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lists: Option<usize>,
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
                list: bodies
                    .first()
                    .and_then(|b| context.list_of(&b.iri))
                    .map(str::to_owned),
                bodies,
                across: None,
            }
        })
        .collect();
    sort_topics(&mut topics);
    OverlapReport {
        pairs: pairs(context, rows),
        topics,
    }
}

/// Flagged topics first, then by leads and bodies.
fn sort_topics(topics: &mut [TopicOverlap]) {
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
}

/// The overlaps over many lists (see the module documentation): severities list by list
/// from the counts of `report-compare-leads.rq`, roles from `report-compare-roles.rq`,
/// citations, examples and pairs from the lists analysed in detail.
pub fn analyse_lists(context: &Context, many: &Many) -> OverlapReport {
    struct TopicAcc {
        lists: usize,
        lead_count: usize,
        severity: Severity,
        counts: [usize; 3],
    }
    let mut topics: BTreeMap<&str, TopicAcc> = BTreeMap::new();
    for row in &many.leads {
        let facet = context.topic(&row.topic).map_or(Facet::Other, |t| t.facet);
        let severity = if row.leads < 2 {
            Severity::None
        } else if !facet.is_specific() {
            Severity::Low
        } else if row.dept_leads >= 2 {
            Severity::High
        } else {
            Severity::Medium
        };
        let acc = topics.entry(&row.topic).or_insert(TopicAcc {
            lists: 0,
            lead_count: 0,
            severity: Severity::None,
            counts: [0; 3],
        });
        acc.lists += row.lists;
        acc.lead_count = acc.lead_count.max(row.leads);
        acc.severity = acc.severity.min(severity);
        match severity {
            Severity::High => acc.counts[0] += row.lists,
            Severity::Medium => acc.counts[1] += row.lists,
            Severity::Low => acc.counts[2] += row.lists,
            Severity::None => {}
        }
    }
    // Roles per topic: (concerns, leads, modes, kind with the most lists).
    type RoleAcc = (usize, usize, BTreeSet<Mode>, BTreeMap<BodyKind, usize>);
    let mut roles: BTreeMap<&str, BTreeMap<RoleKey, RoleAcc>> = BTreeMap::new();
    for row in &many.roles {
        let key = super::compare::role_key(context, row.role.as_deref());
        let acc = roles.entry(&row.topic).or_default().entry(key).or_default();
        acc.0 += row.concerns;
        acc.1 += row.leads;
        acc.2.extend(row.modes.iter().copied());
    }
    // The kind of a role's bodies, as the lists analysed in detail have it.
    for detail in &many.details {
        for body in &detail.context.bodies {
            let key = detail.context.role_key(body);
            for per_topic in roles.values_mut() {
                if let Some(acc) = per_topic.get_mut(&key) {
                    *acc.3.entry(body.kind).or_default() += 1;
                }
            }
        }
    }

    let mut out: Vec<TopicOverlap> = topics
        .into_iter()
        .map(|(iri, acc)| {
            let (label, label_en, facet) = context.topic(iri).map_or_else(
                || (iri.to_owned(), iri.to_owned(), Facet::Other),
                |t| (t.label.clone(), t.label_en.clone(), t.facet),
            );
            let mut examples = Vec::new();
            let mut sources: BTreeMap<Option<String>, Vec<SourceRef>> = BTreeMap::new();
            let mut cited: BTreeMap<Option<String>, usize> = BTreeMap::new();
            for detail in &many.details {
                let Some(bodies) = detail.by_topic.get(iri) else {
                    continue;
                };
                for body in bodies {
                    let key = detail.role_of(&body.iri).and_then(|k| k.iri);
                    let lists = cited.entry(key.clone()).or_default();
                    if *lists < SOURCE_LISTS {
                        *lists += 1;
                        sources
                            .entry(key)
                            .or_default()
                            .extend(body.sources.iter().cloned());
                    }
                }
                let severity = severity(facet, bodies);
                if severity != Severity::None {
                    let leads: Vec<EngagedBody> =
                        bodies.iter().filter(|b| b.leads()).cloned().collect();
                    examples.push(FlaggedList {
                        list: detail.list.clone(),
                        list_title: detail.title.clone(),
                        severity,
                        lead_count: leads.len(),
                        leads,
                    });
                }
            }
            examples.sort_by_key(|e| e.severity);
            let mut bodies: Vec<EngagedBody> = roles
                .remove(iri)
                .unwrap_or_default()
                .into_iter()
                .map(|(key, (concerns, leads, modes, kinds))| EngagedBody {
                    iri: key.iri.clone().unwrap_or_default(),
                    sources: sources.remove(&key.iri).unwrap_or_default(),
                    name: key.label,
                    name_en: key.label_en,
                    kind: kinds
                        .into_iter()
                        .max_by_key(|(_, n)| *n)
                        .map_or(BodyKind::Unknown, |(k, _)| k),
                    modes: modes.into_iter().collect(),
                    lists: Some(concerns),
                    lead_lists: Some(leads),
                })
                .collect();
            bodies.sort_by(|a, b| {
                (
                    a.modes.first(),
                    std::cmp::Reverse(a.lead_lists),
                    std::cmp::Reverse(a.lists),
                    &a.name,
                )
                    .cmp(&(
                        b.modes.first(),
                        std::cmp::Reverse(b.lead_lists),
                        std::cmp::Reverse(b.lists),
                        &b.name,
                    ))
            });
            TopicOverlap {
                topic: label,
                topic_en: label_en,
                topic_iri: iri.to_owned(),
                facet,
                lead_count: acc.lead_count,
                severity: acc.severity,
                bodies,
                list: None,
                across: Some(AcrossLists {
                    lists: acc.lists,
                    high: acc.counts[0],
                    medium: acc.counts[1],
                    low: acc.counts[2],
                    examples,
                }),
            }
        })
        .collect();
    sort_topics(&mut out);
    OverlapReport {
        topics: out,
        pairs: role_pairs(many),
    }
}

/// Pairs of roles whose bodies share topic-specific topics in the lists analysed in detail.
fn role_pairs(many: &Many) -> Vec<PairOverlap> {
    type PairAcc = (usize, f64, usize, BTreeMap<String, usize>);
    let mut role_pairs: BTreeMap<(RoleKey, RoleKey), PairAcc> = BTreeMap::new();
    for detail in &many.details {
        for pair in pairs(&detail.context, &detail.rows) {
            let (Some(a), Some(b)) = (detail.role_of(&pair.a_iri), detail.role_of(&pair.b_iri))
            else {
                continue;
            };
            let entry = role_pairs
                .entry(if a <= b { (a, b) } else { (b, a) })
                .or_default();
            entry.0 += 1;
            entry.1 += pair.jaccard;
            entry.2 += pair.union;
            for topic in pair.shared {
                *entry.3.entry(topic).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<PairOverlap> = role_pairs
        .into_iter()
        .map(|((a, b), (lists, jaccard, union, shared))| {
            let mut shared: Vec<(String, usize)> =
                shared.into_iter().filter(|(_, n)| 2 * n >= lists).collect();
            shared.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
            PairOverlap {
                a_iri: a.iri.unwrap_or_else(|| a.label.clone()),
                a: a.label,
                b_iri: b.iri.unwrap_or_else(|| b.label.clone()),
                b: b.label,
                shared: shared.into_iter().map(|(t, _)| t).collect(),
                union: union / lists.max(1),
                jaccard: round(jaccard / lists.max(1) as f64),
                lists: Some(lists),
            }
        })
        .collect();
    pairs.sort_by(|x, y| {
        y.lists
            .cmp(&x.lists)
            .then_with(|| y.jaccard.total_cmp(&x.jaccard))
            .then_with(|| (&x.a_iri, &x.b_iri).cmp(&(&y.a_iri, &y.b_iri)))
    });
    pairs.truncate(MAX_ROLE_PAIRS);
    pairs
}

/// Over many lists, a role's sources are those of its first lists (analysed in detail).
const SOURCE_LISTS: usize = 3;
/// Over many lists, the pairs of roles kept (most lists first).
const MAX_ROLE_PAIRS: usize = 200;

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
                lists: None,
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
