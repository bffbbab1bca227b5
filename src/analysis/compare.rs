//! Comparing lists: which topics each list gives to which kind of body.
//!
//! Bodies of different lists are different nodes; they are matched by role (区应急管理局 ~
//! 县应急管理局 ~ 市应急管理局 are `skos:closeMatch role:emergency-management`), a body no
//! role fits by its name. For every topic some list deals with: in how many lists each role
//! (and each annex category, each kind of body) concerns it and leads it; which role leads
//! it in the most lists (the usual lead) and which lists give the lead to another role; how
//! many lists give it to nobody. For every list: its bodies, duties, topics, topics with
//! more than one body in the lead and topics nobody leads.
//!
//! The counts come from SPARQL aggregates over every list (`report-compare-roles.rq`,
//! `report-compare-leads.rq`, `report-compare-lists.rq`), so that only numbers leave the
//! store; the examples (lists that give the lead to an unusual role or the topic to
//! nobody, with their bodies and citations) from the first [`SAMPLE`] lists, analysed in
//! detail one by one. The overlap report over many lists reads the same [`Many`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::NamedNode;
use serde::Serialize;

use super::engagement::{self, EngagedBody, EngagementRow};
use super::{
    BodyKind, Category, Context, Facet, Mode, RoleKey, SourceRef, modes, need, need_int, queries,
    select, text,
};
use crate::error::{Error, Result};
use crate::store::DutyStore;

/// How many lists are analysed in detail for the examples (the first by IRI), and so how
/// many example lists a topic names at most. The counts are always over every list.
pub const SAMPLE: usize = 10;

/// One list, in numbers.
#[derive(Debug, Clone, Serialize)]
pub struct ListSummary {
    pub iri: String,
    pub title: String,
    pub level: Option<String>,
    pub bodies: usize,
    pub duties: usize,
    /// Topics some duty of the list concerns.
    pub topics: usize,
    /// Topics with more than one body in the lead (推诿扯皮 risk).
    pub topics_several_leads: usize,
    /// Topics the list deals with but nobody leads.
    pub topics_without_lead: usize,
}

/// How many lists give a topic to one role (or one group of bodies).
#[derive(Debug, Clone, Serialize)]
pub struct Share {
    /// The role concept's IRI, or the annex category / kind of body (`supervision`,
    /// `department`…); `null` for a body no role fits (matched by its name).
    pub key: Option<String>,
    pub label: String,
    pub label_en: String,
    /// Lists where a body of this role (group) has a duty concerning the topic.
    pub concerns: usize,
    /// Lists where such a body leads it.
    pub leads: usize,
    /// Its modes on the topic in any list, strongest first.
    pub modes: Vec<Mode>,
}

/// A body in the lead, with the duties that say so.
#[derive(Debug, Clone, Serialize)]
pub struct LeadBody {
    pub name: String,
    pub iri: String,
    pub role: Option<String>,
    pub sources: Vec<SourceRef>,
}

/// A list and the bodies that lead a topic there.
#[derive(Debug, Clone, Serialize)]
pub struct ListLeads {
    pub list: String,
    pub list_title: String,
    pub leads: Vec<LeadBody>,
}

/// One topic across the lists.
#[derive(Debug, Clone, Serialize)]
pub struct TopicComparison {
    pub topic: String,
    pub topic_en: String,
    pub topic_iri: String,
    pub facet: Facet,
    /// Lists some duty of which concerns the topic.
    pub lists_concerned: usize,
    /// Lists where some body leads it.
    pub lists_led: usize,
    /// Lists where more than one body leads it.
    pub lists_several_leads: usize,
    /// Lists where no duty concerns it at all.
    pub lists_not_concerned: usize,
    /// Those of them among the lists analysed in detail (IRIs).
    pub not_concerned: Vec<String>,
    /// The role that leads it in the most lists.
    pub usual_lead: Option<RoleKey>,
    /// In how many lists the usual lead role leads it.
    pub usual_lead_lists: usize,
    /// Lists that lead the topic but not by the usual role.
    pub unusual_leads_total: usize,
    /// Those of them among the lists analysed in detail, with the bodies in the lead and
    /// their duties.
    pub unusual_leads: Vec<ListLeads>,
    /// Per role: most leads first.
    pub roles: Vec<Share>,
    /// Per annex category (`supervision`, `industry`, `support`, `none`).
    pub categories: Vec<Share>,
    /// Per kind of body (`post`, `committee`, `department`, `collective`, `unknown`).
    pub kinds: Vec<Share>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompareReport {
    pub lists: Vec<ListSummary>,
    /// Topics some list deals with: most lists first.
    pub topics: Vec<TopicComparison>,
}

impl CompareReport {
    pub fn topic(&self, label: &str) -> Option<&TopicComparison> {
        self.topics.iter().find(|t| t.topic == label)
    }
}

/// One row of `report-compare-roles.rq`.
#[derive(Debug, Clone)]
pub struct RoleRow {
    pub topic: String,
    /// `None` for bodies no role fits.
    pub role: Option<String>,
    pub concerns: usize,
    pub leads: usize,
    pub modes: BTreeSet<Mode>,
}

/// One row of `report-compare-groups.rq`: an annex category or a kind of body.
#[derive(Debug, Clone)]
pub struct GroupRow {
    pub topic: String,
    pub group: Group,
    pub concerns: usize,
    pub leads: usize,
    pub modes: BTreeSet<Mode>,
}

/// How bodies are grouped in [`GroupRow`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Category(Option<Category>),
    Kind(BodyKind),
}

/// One row of `report-compare-leads.rq`: `lists` lists have `leads` bodies (`dept_leads`
/// departments) in the lead on the topic.
#[derive(Debug, Clone)]
pub struct LeadRow {
    pub topic: String,
    pub leads: usize,
    pub dept_leads: usize,
    pub lists: usize,
}

/// One row of `report-compare-lists.rq`.
#[derive(Debug, Clone, Default)]
pub struct ListRow {
    pub bodies: usize,
    pub duties: usize,
    pub topics: usize,
    pub several: usize,
    pub without: usize,
}

/// A list analysed in detail: its own context and engagement rows, grouped by topic.
pub struct Detail {
    pub list: String,
    pub title: String,
    pub context: Context,
    pub rows: Vec<EngagementRow>,
    pub by_topic: BTreeMap<String, Vec<EngagedBody>>,
}

impl Detail {
    /// The role key of a body of this list.
    pub fn role_of(&self, body: &str) -> Option<RoleKey> {
        self.context.body(body).map(|b| self.context.role_key(b))
    }
}

/// What the comparison and the overlaps of many lists read.
pub struct Many {
    pub roles: Vec<RoleRow>,
    pub leads: Vec<LeadRow>,
    /// By list IRI (the comparison only).
    pub lists: Option<HashMap<String, ListRow>>,
    /// By annex category and kind (the comparison only).
    pub groups: Vec<GroupRow>,
    pub details: Vec<Detail>,
}

fn count(s: &oxigraph::sparql::QuerySolution, var: &str, q: &str) -> Result<usize> {
    need_int(s, var, q).map(|n| n as usize)
}

impl Many {
    /// Runs the aggregate queries side by side, and the detailed analyses of the first
    /// [`SAMPLE`] lists. `with_lists`: also the per-list counts (the comparison).
    pub fn load(store: &DutyStore, context: &Context, with_lists: bool) -> Result<Many> {
        let ((roles, leads), (lists, groups)) = rayon::join(
            || rayon::join(|| role_rows(store), || lead_rows(store)),
            || {
                rayon::join(
                    || with_lists.then(|| list_rows(store)).transpose(),
                    || {
                        with_lists
                            .then(|| group_rows(store))
                            .transpose()
                            .map(Option::unwrap_or_default)
                    },
                )
            },
        );
        Ok(Many {
            roles: roles?,
            leads: leads?,
            lists: lists?,
            groups: groups?,
            details: details(store, context)?,
        })
    }
}

fn role_rows(store: &DutyStore) -> Result<Vec<RoleRow>> {
    let q = "report-compare-roles.rq";
    select(store, q, queries::COMPARE_ROLES)?
        .iter()
        .map(|s| {
            Ok(RoleRow {
                topic: need(s, "topic", q)?,
                role: text(s, "role"),
                concerns: count(s, "concerns", q)?,
                leads: count(s, "leads", q)?,
                modes: modes(s, "modes"),
            })
        })
        .collect()
}

fn group_rows(store: &DutyStore) -> Result<Vec<GroupRow>> {
    let q = "report-compare-groups.rq";
    select(store, q, queries::COMPARE_GROUPS)?
        .iter()
        .map(|s| {
            let group = text(s, "group");
            Ok(GroupRow {
                topic: need(s, "topic", q)?,
                group: if need(s, "grouping", q)? == "category" {
                    Group::Category(group.and_then(|c| Category::from_iri(&c)))
                } else {
                    Group::Kind(BodyKind::from_iri(group.as_deref()))
                },
                concerns: count(s, "concerns", q)?,
                leads: count(s, "leads", q)?,
                modes: modes(s, "modes"),
            })
        })
        .collect()
}

fn lead_rows(store: &DutyStore) -> Result<Vec<LeadRow>> {
    let q = "report-compare-leads.rq";
    select(store, q, queries::COMPARE_LEADS)?
        .iter()
        .map(|s| {
            Ok(LeadRow {
                topic: need(s, "topic", q)?,
                leads: count(s, "leads", q)?,
                dept_leads: count(s, "deptLeads", q)?,
                lists: count(s, "lists", q)?,
            })
        })
        .collect()
}

fn list_rows(store: &DutyStore) -> Result<HashMap<String, ListRow>> {
    let q = "report-compare-lists.rq";
    select(store, q, queries::COMPARE_LISTS)?
        .iter()
        .map(|s| {
            Ok((
                need(s, "list", q)?,
                ListRow {
                    bodies: count(s, "bodies", q)?,
                    duties: count(s, "duties", q)?,
                    topics: count(s, "topics", q)?,
                    several: count(s, "severalLeads", q)?,
                    without: count(s, "withoutLead", q)?,
                },
            ))
        })
        .collect()
}

/// The first [`SAMPLE`] lists, each analysed alone (its graph as the scope).
fn details(store: &DutyStore, context: &Context) -> Result<Vec<Detail>> {
    let mut out = Vec::new();
    for list in context.lists.iter().take(SAMPLE) {
        let graph = NamedNode::new(&list.iri)
            .map_err(|e| Error::analysis("report-lists.rq", e.to_string()))?;
        let scoped = store.scoped(&graph);
        let context = Context::load(&scoped)?;
        let rows = engagement::engagement(&scoped, &context)?;
        let by_topic = engagement::by_topic(&context, &rows).into_iter().collect();
        out.push(Detail {
            list: list.iri.clone(),
            title: list.display_title(),
            context,
            rows,
            by_topic,
        });
    }
    Ok(out)
}

/// The role key of a role IRI (or of the bodies no role fits).
pub fn role_key(context: &Context, role: Option<&str>) -> RoleKey {
    match role.and_then(|r| context.roles.get(r)) {
        Some(info) => RoleKey {
            iri: Some(info.iri.clone()),
            label: info.label.clone(),
            label_en: info.label_en.clone(),
        },
        None => RoleKey {
            iri: role.map(str::to_owned),
            label: role.map_or_else(|| "（无对应角色的主体）".to_owned(), str::to_owned),
            label_en: role.map_or_else(|| "(bodies no role fits)".to_owned(), str::to_owned),
        },
    }
}

/// Lists concerned, led, with several leads, per topic (from the lead rows).
#[derive(Default, Clone, Copy)]
pub struct LeadCounts {
    pub concerned: usize,
    pub led: usize,
    pub several: usize,
}

pub fn lead_counts(many: &Many) -> BTreeMap<&str, LeadCounts> {
    let mut out: BTreeMap<&str, LeadCounts> = BTreeMap::new();
    for row in &many.leads {
        let c = out.entry(&row.topic).or_default();
        c.concerned += row.lists;
        if row.leads > 0 {
            c.led += row.lists;
        }
        if row.leads > 1 {
            c.several += row.lists;
        }
    }
    out
}

type Sums<K> = BTreeMap<K, (usize, usize, BTreeSet<Mode>)>;

fn shares<K>(
    sums: Sums<K>,
    describe: impl Fn(&K) -> (Option<String>, String, String),
) -> Vec<Share> {
    let mut out: Vec<Share> = sums
        .into_iter()
        .map(|(k, (concerns, leads, modes))| {
            let (key, label, label_en) = describe(&k);
            Share {
                key,
                label,
                label_en,
                concerns,
                leads,
                modes: modes.into_iter().collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (
            std::cmp::Reverse(a.leads),
            std::cmp::Reverse(a.concerns),
            &a.label,
        )
            .cmp(&(
                std::cmp::Reverse(b.leads),
                std::cmp::Reverse(b.concerns),
                &b.label,
            ))
    });
    out
}

fn category_key(c: Option<Category>) -> &'static str {
    match c {
        Some(Category::Supervision) => "supervision",
        Some(Category::Industry) => "industry",
        Some(Category::Support) => "support",
        None => "none",
    }
}

pub fn analyse(context: &Context, many: &Many) -> CompareReport {
    let counts = lead_counts(many);
    let mut by_topic: BTreeMap<&str, Vec<&RoleRow>> = BTreeMap::new();
    for row in &many.roles {
        by_topic.entry(&row.topic).or_default().push(row);
    }
    let mut groups: BTreeMap<&str, (Sums<Option<Category>>, Sums<BodyKind>)> = BTreeMap::new();
    for row in &many.groups {
        let (categories, kinds) = groups.entry(&row.topic).or_default();
        let sums = match row.group {
            Group::Category(c) => categories.entry(c).or_default(),
            Group::Kind(k) => kinds.entry(k).or_default(),
        };
        sums.0 += row.concerns;
        sums.1 += row.leads;
        sums.2.extend(row.modes.iter().copied());
    }
    let total = context.lists.len();
    let mut topics = Vec::new();
    for (topic, rows) in &by_topic {
        let c = counts.get(topic).copied().unwrap_or_default();
        let mut role_sums: Sums<RoleKey> = BTreeMap::new();
        for r in rows {
            let sums = role_sums
                .entry(role_key(context, r.role.as_deref()))
                .or_default();
            sums.0 += r.concerns;
            sums.1 += r.leads;
            sums.2.extend(r.modes.iter().copied());
        }
        let roles = shares(role_sums, |k| {
            (k.iri.clone(), k.label.clone(), k.label_en.clone())
        });
        let (category_sums, kind_sums) = groups.remove(topic).unwrap_or_default();
        let usual = roles
            .iter()
            .filter(|r| r.key.is_some() && r.leads > 0)
            .max_by(|a, b| a.leads.cmp(&b.leads).then(b.label.cmp(&a.label)))
            .map(|r| {
                (
                    RoleKey {
                        iri: r.key.clone(),
                        label: r.label.clone(),
                        label_en: r.label_en.clone(),
                    },
                    r.leads,
                )
            });
        let mut unusual = Vec::new();
        let mut not_concerned = Vec::new();
        for detail in &many.details {
            match detail.by_topic.get(*topic) {
                None => not_concerned.push(detail.list.clone()),
                Some(bodies) => {
                    let leads: Vec<&EngagedBody> = bodies.iter().filter(|b| b.leads()).collect();
                    let by_usual = leads.iter().any(|b| {
                        usual.as_ref().is_some_and(|(u, _)| {
                            detail.role_of(&b.iri).is_some_and(|k| k.iri == u.iri)
                        })
                    });
                    if !leads.is_empty() && usual.is_some() && !by_usual {
                        unusual.push(ListLeads {
                            list: detail.list.clone(),
                            list_title: detail.title.clone(),
                            leads: leads
                                .iter()
                                .map(|b| LeadBody {
                                    name: b.name.clone(),
                                    iri: b.iri.clone(),
                                    role: detail.context.body(&b.iri).and_then(|x| x.role.clone()),
                                    sources: b.sources.clone(),
                                })
                                .collect(),
                        });
                    }
                }
            }
        }
        let (label, label_en, facet) = context.topic(topic).map_or_else(
            || ((*topic).to_owned(), (*topic).to_owned(), Facet::Other),
            |t| (t.label.clone(), t.label_en.clone(), t.facet),
        );
        let usual_lists = usual.as_ref().map_or(0, |(_, n)| *n);
        topics.push(TopicComparison {
            topic: label,
            topic_en: label_en,
            topic_iri: (*topic).to_owned(),
            facet,
            lists_concerned: c.concerned,
            lists_led: c.led,
            lists_several_leads: c.several,
            lists_not_concerned: total.saturating_sub(c.concerned),
            not_concerned,
            usual_lead: usual.map(|(k, _)| k),
            usual_lead_lists: usual_lists,
            unusual_leads_total: c.led.saturating_sub(usual_lists),
            unusual_leads: unusual,
            roles,
            categories: shares(category_sums, |k| {
                let (zh, en) = match k {
                    Some(Category::Supervision) => ("监督管理", "supervision"),
                    Some(Category::Industry) => ("行业领域管理", "industry management"),
                    Some(Category::Support) => ("支持保障", "support"),
                    None => ("未列入附件", "not in the annex"),
                };
                (
                    Some(category_key(*k).to_owned()),
                    zh.to_owned(),
                    en.to_owned(),
                )
            }),
            kinds: shares(kind_sums, |k| {
                (
                    Some(k.en().to_owned()),
                    k.zh().to_owned(),
                    k.en().to_owned(),
                )
            }),
        });
    }
    topics.sort_by(|a, b| {
        (std::cmp::Reverse(a.lists_concerned), a.facet, &a.topic_iri).cmp(&(
            std::cmp::Reverse(b.lists_concerned),
            b.facet,
            &b.topic_iri,
        ))
    });
    let empty = HashMap::new();
    let rows = many.lists.as_ref().unwrap_or(&empty);
    let lists = context
        .lists
        .iter()
        .map(|l| {
            let r = rows.get(&l.iri).cloned().unwrap_or_default();
            ListSummary {
                iri: l.iri.clone(),
                title: l.display_title(),
                level: l.level.clone(),
                bodies: r.bodies,
                duties: r.duties,
                topics: r.topics,
                topics_several_leads: r.several,
                topics_without_lead: r.without,
            }
        })
        .collect();
    CompareReport { lists, topics }
}
