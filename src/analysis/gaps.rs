//! Where nobody leads (监管盲区), who works with an unnamed partner, and where the annex
//! categories and the articles disagree.
//!
//! Severity (documented in docs/reports.md):
//! - a topic some body deals with but none leads: **high** for an industry, hazard or place
//!   topic, **medium** for a function of safety work;
//! - 会同/配合/联合/协助 an unnamed partner (有关部门): **medium** (who leads the joint work is
//!   open); 指导/督促/协调/监督/支持 an unnamed party: **low**;
//! - a relation naming a party that has no article in the list: **low**;
//! - a body the annex calls 监督管理 with no topic-specific Lead clause: **medium**; a
//!   department with topic-specific Lead clauses that the annex does not call 监督管理:
//!   **medium**; a department with no topic-specific clause: **medium** if the annex calls it
//!   监督管理, else **low**; posts, committees and collectives: **low**.

use std::collections::BTreeMap;

use serde::Serialize;

use super::engagement::{EngagedBody, EngagementRow};
use super::{
    BodyKind, Category, Context, Facet, Mode, Severity, SourceRef, int, modes, need, queries,
    select, sort_sources, text,
};
use crate::error::Result;
use crate::store::DutyStore;
use crate::vocab::DG;

/// A topic some body deals with, but none leads.
#[derive(Debug, Clone, Serialize)]
pub struct TopicGap {
    pub topic: String,
    pub topic_en: String,
    pub topic_iri: String,
    pub facet: Facet,
    pub severity: Severity,
    /// The modes it is dealt with in, strongest first (never Lead).
    pub modes: Vec<Mode>,
    pub bodies: Vec<EngagedBody>,
}

/// A topic of the taxonomy.
#[derive(Debug, Clone, Serialize)]
pub struct TopicRef {
    pub topic: String,
    pub topic_en: String,
    pub topic_iri: String,
    pub facet: Facet,
}

/// One relation with an unnamed partner.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerMention {
    /// The verb as written (会同).
    pub verb: String,
    /// The relation property's local name (jointlyWith).
    pub relation: String,
    /// The partner as written (有关部门).
    pub partner: String,
    pub party_iri: String,
    pub severity: Severity,
    pub source: SourceRef,
}

/// The unnamed partners of one body.
#[derive(Debug, Clone, Serialize)]
pub struct BodyPartners {
    pub body: String,
    pub body_iri: String,
    pub mentions: Vec<PartnerMention>,
}

/// A body naming a party that is not in the list.
#[derive(Debug, Clone, Serialize)]
pub struct PartyUse {
    pub body: String,
    pub body_iri: String,
    pub verb: String,
    pub relation: String,
    pub source: SourceRef,
}

/// A party that has no article in the list, and where it is named.
#[derive(Debug, Clone, Serialize)]
pub struct PartyMention {
    pub party: String,
    pub party_iri: String,
    /// OtherParty or HigherLevel.
    pub class: String,
    pub severity: Severity,
    pub mentions: Vec<PartyUse>,
}

/// A body-level finding.
#[derive(Debug, Clone, Serialize)]
pub struct BodyGap {
    pub body: String,
    pub body_iri: String,
    pub kind: BodyKind,
    pub category: Option<Category>,
    /// Its article, in a list with articles.
    pub article: Option<u32>,
    /// Line of the body's article heading (where the body is named).
    pub line: u32,
    /// Clauses on industry, hazard or place topics.
    pub specific_clauses: u32,
    /// Of which Lead.
    pub specific_leads: u32,
    pub severity: Severity,
    /// The duties behind the counts (topic-specific duties; for a lead outside the
    /// supervision category, the Lead ones).
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GapReport {
    /// Topics dealt with, but led by nobody (监管盲区).
    pub topics_without_lead: Vec<TopicGap>,
    /// Topics of the taxonomy no clause concerns (top concepts left out).
    pub unmentioned_topics: Vec<TopicRef>,
    /// Duties whose partner is unspecified (有关部门), per body.
    pub unspecified_partners: Vec<BodyPartners>,
    /// Relations naming a party that is not in the list.
    pub unknown_parties: Vec<PartyMention>,
    /// Bodies the annex calls 监督管理 with no topic-specific Lead clause.
    pub supervision_without_lead: Vec<BodyGap>,
    /// Departments with topic-specific Lead clauses the annex does not call 监督管理.
    pub lead_outside_supervision: Vec<BodyGap>,
    /// Bodies with no topic-specific duty.
    pub bodies_without_specific_duty: Vec<BodyGap>,
}

impl GapReport {
    /// Number of entries in all lists.
    pub fn total(&self) -> usize {
        self.topics_without_lead.len()
            + self.unmentioned_topics.len()
            + self
                .unspecified_partners
                .iter()
                .map(|b| b.mentions.len())
                .sum::<usize>()
            + self.unknown_parties.len()
            + self.supervision_without_lead.len()
            + self.lead_outside_supervision.len()
            + self.bodies_without_specific_duty.len()
    }
}

fn local(iri: &str) -> String {
    iri.strip_prefix(DG).unwrap_or(iri).to_owned()
}

/// Relations that share the work with the partner: an unnamed partner leaves open who leads.
fn is_partnership(relation: &str) -> bool {
    matches!(
        relation,
        "jointlyWith" | "cooperatesWith" | "actsJointlyWith" | "assists"
    )
}

pub fn analyse(
    store: &DutyStore,
    context: &Context,
    engagement: &[EngagementRow],
    grouped: &[(String, Vec<EngagedBody>)],
) -> Result<GapReport> {
    let engaged: BTreeMap<&str, &Vec<EngagedBody>> =
        grouped.iter().map(|(t, b)| (t.as_str(), b)).collect();

    // Topics nobody leads.
    let q = "report-gaps-topics.rq";
    let mut topics_without_lead = Vec::new();
    let mut unmentioned_topics = Vec::new();
    for s in select(store, q, queries::GAPS_TOPICS)? {
        let iri = need(&s, "topic", q)?;
        let Some(topic) = context.topic(&iri) else {
            continue;
        };
        let mut modes: Vec<Mode> = modes(&s, "modes");
        modes.sort();
        modes.dedup();
        if modes.is_empty() {
            if !topic.is_top {
                unmentioned_topics.push(TopicRef {
                    topic: topic.label.clone(),
                    topic_en: topic.label_en.clone(),
                    topic_iri: iri,
                    facet: topic.facet,
                });
            }
            continue;
        }
        topics_without_lead.push(TopicGap {
            topic: topic.label.clone(),
            topic_en: topic.label_en.clone(),
            facet: topic.facet,
            severity: if topic.facet.is_specific() {
                Severity::High
            } else {
                Severity::Medium
            },
            modes,
            bodies: engaged
                .get(iri.as_str())
                .map(|b| (*b).clone())
                .unwrap_or_default(),
            topic_iri: iri,
        });
    }
    topics_without_lead.sort_by(|a, b| {
        (a.severity, a.facet, &a.topic_iri).cmp(&(b.severity, b.facet, &b.topic_iri))
    });
    unmentioned_topics.sort_by(|a, b| (a.facet, &a.topic_iri).cmp(&(b.facet, &b.topic_iri)));

    // Unnamed partners, per body.
    let q = "report-gaps-partners.rq";
    let mut partners: BTreeMap<usize, BodyPartners> = BTreeMap::new();
    for s in select(store, q, queries::GAPS_PARTNERS)? {
        let body_iri = need(&s, "body", q)?;
        let duty = need(&s, "duty", q)?;
        let Some(source) = context.source(&duty) else {
            continue;
        };
        let relation = local(&need(&s, "relation", q)?);
        let entry = partners
            .entry(context.body_position(&body_iri).unwrap_or(usize::MAX))
            .or_insert_with(|| BodyPartners {
                body: need(&s, "bodyName", q).unwrap_or_else(|_| body_iri.clone()),
                body_iri: body_iri.clone(),
                mentions: Vec::new(),
            });
        entry.mentions.push(PartnerMention {
            verb: need(&s, "verb", q)?,
            severity: if is_partnership(&relation) {
                Severity::Medium
            } else {
                Severity::Low
            },
            relation,
            partner: need(&s, "partner", q)?,
            party_iri: need(&s, "party", q)?,
            source,
        });
    }
    let mut unspecified_partners: Vec<BodyPartners> = partners.into_values().collect();
    for b in &mut unspecified_partners {
        b.mentions.sort_by(|x, y| {
            (x.source.article, x.source.position, &x.verb).cmp(&(
                y.source.article,
                y.source.position,
                &y.verb,
            ))
        });
    }

    // Parties that are not in the list.
    let q = "report-gaps-parties.rq";
    let mut parties: BTreeMap<String, PartyMention> = BTreeMap::new();
    for s in select(store, q, queries::GAPS_PARTIES)? {
        let party_iri = need(&s, "party", q)?;
        let duty = need(&s, "duty", q)?;
        let Some(source) = context.source(&duty) else {
            continue;
        };
        let body_iri = need(&s, "body", q)?;
        let entry = parties
            .entry(party_iri.clone())
            .or_insert_with(|| PartyMention {
                party: need(&s, "partyName", q).unwrap_or_else(|_| party_iri.clone()),
                party_iri: party_iri.clone(),
                class: text(&s, "class").map(|c| local(&c)).unwrap_or_default(),
                severity: Severity::Low,
                mentions: Vec::new(),
            });
        entry.mentions.push(PartyUse {
            body: context
                .body(&body_iri)
                .map_or_else(|| body_iri.clone(), |b| b.name.clone()),
            body_iri,
            verb: need(&s, "verb", q)?,
            relation: local(&need(&s, "relation", q)?),
            source,
        });
    }
    let mut unknown_parties: Vec<PartyMention> = parties.into_values().collect();
    for p in &mut unknown_parties {
        p.mentions
            .sort_by_key(|m| (m.source.article, m.source.position));
    }
    unknown_parties.sort_by_key(|p| {
        p.mentions
            .first()
            .map(|m| (m.source.article, m.source.position))
    });

    // Annex categories against the articles.
    let mut specific_sources: BTreeMap<&str, (Vec<SourceRef>, Vec<SourceRef>)> = BTreeMap::new();
    for row in engagement {
        if !context
            .topic(&row.topic)
            .is_some_and(|t| t.facet.is_specific())
        {
            continue;
        }
        let entry = specific_sources.entry(&row.body).or_default();
        if let Some(source) = context.source(&row.duty) {
            if row.mode == Mode::Lead {
                entry.1.push(source.clone());
            }
            entry.0.push(source);
        }
    }
    let q = "report-gaps-bodies.rq";
    let mut supervision_without_lead = Vec::new();
    let mut lead_outside_supervision = Vec::new();
    let mut bodies_without_specific_duty = Vec::new();
    for s in select(store, q, queries::GAPS_BODIES)? {
        let iri = need(&s, "body", q)?;
        let Some(body) = context.body(&iri) else {
            continue;
        };
        let specific_clauses = int(&s, "specificClauses").unwrap_or(0);
        let specific_leads = int(&s, "specificLeads").unwrap_or(0);
        let (mut all, mut leads) = specific_sources
            .get(iri.as_str())
            .cloned()
            .unwrap_or_default();
        sort_sources(&mut all);
        sort_sources(&mut leads);
        let gap = |severity: Severity, sources: Vec<SourceRef>| BodyGap {
            body: body.name.clone(),
            body_iri: iri.clone(),
            kind: body.kind,
            category: body.category,
            article: body.article,
            line: body.line,
            specific_clauses,
            specific_leads,
            severity,
            sources,
        };
        let supervision = body.category == Some(Category::Supervision);
        if supervision && specific_leads == 0 {
            supervision_without_lead.push(gap(Severity::Medium, all.clone()));
        }
        if !supervision && body.kind == BodyKind::Department && specific_leads > 0 {
            lead_outside_supervision.push(gap(Severity::Medium, leads));
        }
        if specific_clauses == 0 {
            let severity = if supervision {
                Severity::Medium
            } else {
                Severity::Low
            };
            bodies_without_specific_duty.push(gap(severity, Vec::new()));
        }
    }
    for list in [
        &mut supervision_without_lead,
        &mut lead_outside_supervision,
        &mut bodies_without_specific_duty,
    ] {
        list.sort_by_key(|g| context.body_position(&g.body_iri));
    }

    Ok(GapReport {
        topics_without_lead,
        unmentioned_topics,
        unspecified_partners,
        unknown_parties,
        supervision_without_lead,
        lead_outside_supervision,
        bodies_without_specific_duty,
    })
}
