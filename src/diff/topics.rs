//! What the changes do to the topics: who leads each topic (a clause in `Mode::Lead` that
//! concerns it) in each version, bodies identified across the versions by their alignment.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::bodies::BodyAlignment;
use crate::extract::{BodyId, Mode, Model};

/// A topic whose lead bodies changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicChange {
    pub kind: TopicChangeKind,
    /// The topic's zh label.
    pub topic: String,
    pub topic_en: String,
    pub topic_iri: String,
    /// The bodies leading it in OLD, with the duties that say so.
    pub old_leads: Vec<Lead>,
    /// The bodies leading it in NEW.
    pub new_leads: Vec<Lead>,
    /// The bodies that deal with it in NEW without leading it (guide, coordinate,
    /// cooperate…), by name.
    pub new_others: Vec<String>,
    /// In NEW, bodies deal with the topic and nobody leads it (a 监管盲区).
    pub gap: bool,
}

/// What happened to a topic's lead, one kind per topic, the first that applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicChangeKind {
    /// Led in OLD, nobody leads it in NEW (`gap` says whether it is still dealt with).
    LeadLost,
    /// Not in OLD at all; dealt with in NEW, and nobody leads it.
    NewGap,
    /// Led by several bodies in NEW, at least one of which did not lead it in OLD: a new
    /// overlap (推诿扯皮 risk).
    SecondLead,
    /// Led in both, by other bodies (a lead moved, or one of several leads dropped).
    LeadChanged,
    /// Nobody led it in OLD; one body leads it in NEW.
    LeadGained,
}

/// A body leading a topic, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lead {
    pub body: String,
    pub citations: Vec<String>,
}

/// A body across the versions: its new id when it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Identity {
    New(BodyId),
    OldOnly(BodyId),
}

#[derive(Default)]
struct Engagement {
    /// Leading bodies with their citations, in document order.
    leads: BTreeMap<Identity, Vec<String>>,
    /// Every body that deals with it.
    engaged: BTreeSet<Identity>,
}

struct Labels {
    zh: String,
    en: String,
}

/// Who deals with and who leads each topic (by IRI) in one version.
fn engagement(
    model: &Model,
    identity: impl Fn(BodyId) -> Identity,
    labels: &mut BTreeMap<String, Labels>,
) -> BTreeMap<String, Engagement> {
    let mut topics: BTreeMap<String, Engagement> = BTreeMap::new();
    for duty in &model.duties {
        let Some(bearer) = duty.bearer else { continue };
        let who = identity(bearer);
        for clause in &duty.clauses {
            for &topic in &clause.concerns {
                let Some(concept) = model.taxonomy.concepts.get(topic) else {
                    continue;
                };
                labels.entry(concept.iri.clone()).or_insert_with(|| Labels {
                    zh: concept.pref_zh.clone(),
                    en: concept.pref_en.clone(),
                });
                let entry = topics.entry(concept.iri.clone()).or_default();
                entry.engaged.insert(who);
                if clause.mode == Mode::Lead {
                    let citations = entry.leads.entry(who).or_default();
                    if !citations.contains(&duty.citation) {
                        citations.push(duty.citation.clone());
                    }
                }
            }
        }
    }
    topics
}

/// The topics whose lead changed between the versions.
pub fn consequences(old: &Model, new: &Model, alignment: &BodyAlignment) -> Vec<TopicChange> {
    let mut labels = BTreeMap::new();
    let before = engagement(
        old,
        |b| match alignment.new_of(b) {
            Some(n) => Identity::New(n),
            None => Identity::OldOnly(b),
        },
        &mut labels,
    );
    let after = engagement(new, Identity::New, &mut labels);
    let name = |who: Identity, in_new: bool| -> String {
        match who {
            Identity::New(n) if in_new => new.bodies.get(n).map(|b| b.name.clone()),
            // An old body that has a new counterpart is shown under its old name on the
            // old side.
            Identity::New(n) => alignment
                .new_to_old
                .get(n)
                .copied()
                .flatten()
                .and_then(|o| old.bodies.get(o))
                .map(|b| b.name.clone()),
            Identity::OldOnly(o) => old.bodies.get(o).map(|b| b.name.clone()),
        }
        .unwrap_or_default()
    };
    let empty = Engagement::default();
    let mut changes = Vec::new();
    for (iri, label) in &labels {
        let was = before.get(iri).unwrap_or(&empty);
        let is = after.get(iri).unwrap_or(&empty);
        let led_before: BTreeSet<Identity> = was.leads.keys().copied().collect();
        let led_now: BTreeSet<Identity> = is.leads.keys().copied().collect();
        let gap = led_now.is_empty() && !is.engaged.is_empty();
        let kind = if !led_before.is_empty() && led_now.is_empty() {
            TopicChangeKind::LeadLost
        } else if was.engaged.is_empty() && gap {
            TopicChangeKind::NewGap
        } else if led_now.len() >= 2 && !led_now.is_subset(&led_before) {
            TopicChangeKind::SecondLead
        } else if led_before.is_empty() && !led_now.is_empty() {
            TopicChangeKind::LeadGained
        } else if led_before != led_now {
            TopicChangeKind::LeadChanged
        } else {
            continue;
        };
        let leads = |e: &Engagement, in_new: bool| -> Vec<Lead> {
            e.leads
                .iter()
                .map(|(&who, citations)| Lead {
                    body: name(who, in_new),
                    citations: citations.clone(),
                })
                .collect()
        };
        changes.push(TopicChange {
            kind,
            topic: label.zh.clone(),
            topic_en: label.en.clone(),
            topic_iri: iri.clone(),
            old_leads: leads(was, false),
            new_leads: leads(is, true),
            new_others: is
                .engaged
                .iter()
                .filter(|who| !is.leads.contains_key(who))
                .map(|&who| name(who, true))
                .collect(),
            gap,
        });
    }
    changes.sort_by(|a, b| (a.kind, &a.topic_iri).cmp(&(b.kind, &b.topic_iri)));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Taxonomy;
    use std::sync::Arc;

    fn model(text: &str) -> Model {
        let document = crate::doc::parse("test.txt", "test", text).unwrap();
        crate::extract::extract(document, Arc::clone(&Taxonomy::builtin()))
    }

    #[test]
    fn every_kind_of_consequence() {
        let old = model(
            "某区安全生产职责清单\n第一条  区住建局安全生产职责\n（一）负责城镇燃气安全监督管理。\n第二条  区市场监管局安全生产职责\n（一）负责特种设备安全监督管理。\n（二）指导消防产品质量监督工作。\n第三条  区交通局安全生产职责\n（一）负责公路建设工程安全生产监督管理工作。\n",
        );
        let new = model(
            "某区安全生产职责清单\n第一条  区住建局安全生产职责\n（一）配合有关部门做好城镇燃气安全工作。\n（二）负责公路建设工程安全生产监督管理工作。\n第二条  区市场监管局安全生产职责\n（一）负责特种设备安全监督管理。\n（二）负责消防产品质量监督工作。\n（三）指导危险化学品经营单位安全管理。\n第三条  区交通局安全生产职责\n（一）指导公路养护工作。\n第四条  区应急管理局安全生产职责\n（一）负责特种设备安全监督管理。\n",
        );
        let alignment = super::super::bodies::align(&old, &new, None);
        let changes = consequences(&old, &new, &alignment);
        let found: Vec<(TopicChangeKind, &str, bool)> = changes
            .iter()
            .map(|t| (t.kind, t.topic.as_str(), t.gap))
            .collect();
        assert_eq!(
            found,
            [
                // Only cooperated on now: lost its lead, and a gap.
                (TopicChangeKind::LeadLost, "燃气", true),
                // Only guided, and new to the list.
                (TopicChangeKind::NewGap, "危险化学品", true),
                // 区应急管理局 leads it beside 区市场监管局.
                (TopicChangeKind::SecondLead, "特种设备", false),
                // 区交通局's duty on 公路 went to 区住建局.
                (TopicChangeKind::LeadChanged, "公路", false),
                // Guided before, led now.
                (TopicChangeKind::LeadGained, "消防", false),
                (TopicChangeKind::LeadGained, "产品质量", false),
            ]
        );
    }
}
