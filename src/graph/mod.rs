//! Stage 7: pictures of the supervision network (职责网络图) — who guides, urges, supervises,
//! coordinates or works with whom — as DOT, SVG or JSON.
//!
//! A [`Picture`] is built from what the analyses return (the network report's nodes and
//! edges, the bodies' kinds and annex categories from [`Context`]) plus one documented
//! query, `queries/graph-duty-topics.rq`, which says which topics each duty concerns (so
//! that the network can be filtered by topic). It never reads the text or the model.
//!
//! - [`dot`] writes Graphviz DOT;
//! - [`svg`] lays the picture out with layout-rs (pure Rust: no Graphviz needed) and writes
//!   the SVG itself, with a CJK-capable font, a legend, a `<title>`/`<desc>`, links from
//!   the bodies to their pages in the web UI and `data-` attributes for filtering;
//! - JSON is the [`Picture`] serialised with serde.
//!
//! Nodes are coloured by kind and annex category ([`NodeClass`]); edges are styled by
//! relation ([`RELATIONS`]).

pub mod dot;
pub mod svg;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::analysis::network::{NetworkReport, NodeKind};
use crate::analysis::{BodyKind, Category, Context, Lang, SourceRef, need, select};
use crate::catalogue;
use crate::error::{Error, Result};
use crate::store::DutyStore;
use crate::vocab::{ID_BASE, TOPIC_BASE};

/// `queries/graph-duty-topics.rq`, embedded: the topics of every duty, broader ones included.
pub const DUTY_TOPICS_QUERY: &str = include_str!("../../queries/graph-duty-topics.rq");

// ---------------------------------------------------------------------------------------
// Styles

/// How a relation is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RelationStyle {
    /// The local name used in the network report (`guides`).
    pub name: &'static str,
    /// The verb as a label (指导).
    pub zh: &'static str,
    pub en: &'static str,
    /// Stroke colour.
    pub color: &'static str,
    /// SVG `stroke-dasharray`, `None` for a solid line.
    pub dash: Option<&'static str>,
    pub width: f32,
}

impl RelationStyle {
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// The Graphviz `style` closest to the dash pattern.
    pub fn dot_style(&self) -> &'static str {
        match self.dash {
            None => "solid",
            Some(d) if d.starts_with("1 ") || d.starts_with("2 ") => "dotted",
            Some(_) => "dashed",
        }
    }
}

/// Every relation of the network report, in legend order: the line of command first, then
/// the relations of the vocabulary (`dg:relatesTo` sub-properties), then housing (设在).
pub const RELATIONS: [RelationStyle; 11] = [
    style("commands", "领导", "leads", "#1f2d3d", None, 2.4),
    style("guides", "指导", "guides", "#1f6fb2", None, 1.6),
    style("supervises", "监督", "supervises", "#c0392b", None, 1.6),
    style("urges", "督促", "urges", "#d35400", Some("7 4"), 1.6),
    style(
        "coordinates",
        "协调",
        "coordinates",
        "#1e8449",
        Some("2 3"),
        1.8,
    ),
    style("jointlyWith", "会同", "jointly with", "#7d3c98", None, 1.6),
    style(
        "actsJointlyWith",
        "联合",
        "acts jointly with",
        "#7d3c98",
        Some("7 4"),
        1.6,
    ),
    style(
        "cooperatesWith",
        "配合",
        "cooperates with",
        "#5d6d7e",
        Some("7 4"),
        1.4,
    ),
    style("assists", "协助", "assists", "#148f77", Some("2 3"), 1.6),
    style("supports", "支持", "supports", "#b7950b", Some("2 3"), 1.6),
    style(
        "housedIn",
        "设在",
        "housed in",
        "#6e2c00",
        Some("10 3 2 3"),
        1.6,
    ),
];

const fn style(
    name: &'static str,
    zh: &'static str,
    en: &'static str,
    color: &'static str,
    dash: Option<&'static str>,
    width: f32,
) -> RelationStyle {
    RelationStyle {
        name,
        zh,
        en,
        color,
        dash,
        width,
    }
}

/// The style of a relation, or a plain grey line for one this build does not know.
pub fn relation_style(name: &str) -> RelationStyle {
    RELATIONS
        .iter()
        .find(|r| r.name == name)
        .copied()
        .unwrap_or(RelationStyle {
            name: "other",
            zh: "其他关系",
            en: "other relation",
            color: "#7f8c8d",
            dash: None,
            width: 1.2,
        })
}

/// What colour a node gets: its kind, and for departments the annex category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NodeClass {
    /// A department the annex lists under 监督管理.
    Supervision,
    /// … under 行业领域管理.
    Industry,
    /// … under 支持保障.
    Support,
    /// A department (or other unit) the annex does not list.
    Uncategorised,
    /// A leader's post (区委主要负责同志).
    Post,
    /// A committee or its office (区安委会).
    Committee,
    /// A collective body (各有关部门, 各街道办事处).
    Collective,
    /// An organ named as commanding that is not a body of the list (区委, 区政府).
    Organ,
    /// A party group, or a class of them (企业, 有关部门…).
    Party,
}

impl NodeClass {
    pub const ALL: [NodeClass; 9] = [
        NodeClass::Supervision,
        NodeClass::Industry,
        NodeClass::Support,
        NodeClass::Uncategorised,
        NodeClass::Post,
        NodeClass::Committee,
        NodeClass::Collective,
        NodeClass::Organ,
        NodeClass::Party,
    ];

    fn of_body(kind: BodyKind, category: Option<Category>) -> NodeClass {
        match (kind, category) {
            (_, Some(Category::Supervision)) => NodeClass::Supervision,
            (_, Some(Category::Industry)) => NodeClass::Industry,
            (_, Some(Category::Support)) => NodeClass::Support,
            (BodyKind::Post, None) => NodeClass::Post,
            (BodyKind::Committee, None) => NodeClass::Committee,
            (BodyKind::Collective, None) => NodeClass::Collective,
            // A people's government bearing duties is drawn as the organs are.
            (BodyKind::Government, None) => NodeClass::Organ,
            (BodyKind::Department | BodyKind::Enterprise | BodyKind::Unknown, None) => {
                NodeClass::Uncategorised
            }
        }
    }

    /// The CSS-friendly name (`supervision`).
    pub fn name(self) -> &'static str {
        match self {
            NodeClass::Supervision => "supervision",
            NodeClass::Industry => "industry",
            NodeClass::Support => "support",
            NodeClass::Uncategorised => "uncategorised",
            NodeClass::Post => "post",
            NodeClass::Committee => "committee",
            NodeClass::Collective => "collective",
            NodeClass::Organ => "organ",
            NodeClass::Party => "party",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (NodeClass::Supervision, Lang::Zh) => "监督管理部门",
            (NodeClass::Supervision, Lang::En) => "supervision department",
            (NodeClass::Industry, Lang::Zh) => "行业领域管理部门",
            (NodeClass::Industry, Lang::En) => "industry department",
            (NodeClass::Support, Lang::Zh) => "支持保障部门",
            (NodeClass::Support, Lang::En) => "support department",
            (NodeClass::Uncategorised, Lang::Zh) => "附件未列的部门",
            (NodeClass::Uncategorised, Lang::En) => "department not in the annex",
            (NodeClass::Post, Lang::Zh) => "领导职务",
            (NodeClass::Post, Lang::En) => "leader's post",
            (NodeClass::Committee, Lang::Zh) => "议事协调机构",
            (NodeClass::Committee, Lang::En) => "committee",
            (NodeClass::Collective, Lang::Zh) => "集合主体",
            (NodeClass::Collective, Lang::En) => "collective body",
            (NodeClass::Organ, Lang::Zh) => "领导机关（清单外）",
            (NodeClass::Organ, Lang::En) => "commanding organ (not in the list)",
            (NodeClass::Party, Lang::Zh) => "相对方（非清单主体）",
            (NodeClass::Party, Lang::En) => "counterpart (not a body of the list)",
        }
    }

    /// (fill, stroke).
    pub fn colors(self) -> (&'static str, &'static str) {
        match self {
            NodeClass::Supervision => ("#f9d0cb", "#b03a2e"),
            NodeClass::Industry => ("#d2e6f7", "#1f6fb2"),
            NodeClass::Support => ("#d5f0d0", "#1e8449"),
            NodeClass::Uncategorised => ("#ececec", "#6b6b6b"),
            NodeClass::Post => ("#fde7bf", "#b9770e"),
            NodeClass::Committee => ("#e8dcf5", "#6c3483"),
            NodeClass::Collective => ("#d0ede7", "#117a65"),
            NodeClass::Organ => ("#2c3e50", "#1b2631"),
            NodeClass::Party => ("#ffffff", "#8c8c8c"),
        }
    }

    /// Text colour on the fill.
    pub fn text_color(self) -> &'static str {
        match self {
            NodeClass::Organ => "#ffffff",
            _ => "#1b1b1b",
        }
    }
}

/// The zh and en labels of a party class (`dg:partyClass`), as in `ontology/dutygraph.ttl`.
fn party_class_labels(class: &str) -> (&'static str, &'static str) {
    match class {
        "UnspecifiedDepartments" => ("有关部门（未指明）", "unspecified departments"),
        "LowerLevelUnits" => ("下级单位", "lower-level units"),
        "Enterprises" => ("企业", "enterprises"),
        "HigherLevel" => ("上级", "higher level"),
        _ => ("其他单位", "other parties"),
    }
}

// ---------------------------------------------------------------------------------------
// Paths of the web UI

/// The web UI's path of a body's page: `…/id/{list}/body/{key}` → `/body/{list}/{key}`.
pub fn body_page(iri: &str) -> Option<String> {
    let rest = iri.strip_prefix(ID_BASE)?;
    let (list, key) = rest.split_once("/body/")?;
    (!list.is_empty() && !key.is_empty() && !key.contains('/'))
        .then(|| format!("/body/{list}/{key}"))
}

/// The inverse of [`body_page`]: the body IRI of `{list}/{key}`.
pub fn body_iri(list: &str, key: &str) -> String {
    format!("{ID_BASE}{list}/body/{key}")
}

/// A topic's slug: its IRI after `…/topic/` (`hazardous-chemicals`); for a topic of a
/// list's own (a sector heading no concept matches), its IRI after `…/id/`
/// (`jinan/topic/平台经济`).
pub fn topic_slug(iri: &str) -> Option<&str> {
    iri.strip_prefix(TOPIC_BASE)
        .or_else(|| {
            iri.strip_prefix(ID_BASE)
                .filter(|rest| rest.contains("/topic/"))
        })
        .filter(|s| !s.is_empty())
}

/// A request path as its IRI has it: browsers percent-encode the Chinese of a path
/// (区文旅局), which the IRI keeps as characters, while the IRI's own escapes of ASCII
/// (`%28` for `(`) stay as sent.
pub fn path_as_iri(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| raw.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) if byte >= 0x80 => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_owned())
}

/// The web UI's path of a topic's page.
pub fn topic_page(iri: &str) -> Option<String> {
    topic_slug(iri).map(|s| format!("/topic/{s}"))
}

// ---------------------------------------------------------------------------------------
// The picture

/// Which topics each duty concerns, broader topics included (duty IRI → topic IRIs).
#[derive(Debug, Clone, Default)]
pub struct DutyTopics(HashMap<String, BTreeSet<String>>);

impl DutyTopics {
    /// Runs `queries/graph-duty-topics.rq`.
    pub fn load(store: &DutyStore) -> Result<Self> {
        let q = "graph-duty-topics.rq";
        let mut map: HashMap<String, BTreeSet<String>> = HashMap::new();
        for s in select(store, q, DUTY_TOPICS_QUERY)? {
            map.entry(need(&s, "duty", q)?)
                .or_default()
                .insert(need(&s, "topic", q)?);
        }
        Ok(DutyTopics(map))
    }

    /// The topics of a duty.
    pub fn of(&self, duty: &str) -> impl Iterator<Item = &str> {
        self.0.get(duty).into_iter().flatten().map(String::as_str)
    }
}

/// How the counterparts that are not bodies of the list (企业, 有关部门…) are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Parties {
    /// One node per party class (企业, 有关部门, 下级单位, 上级, 其他): a readable picture.
    #[default]
    Grouped,
    /// One node per party group as written.
    Each,
    /// Left out, with their edges.
    Hidden,
}

/// What to draw.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these relations (local names, as in [`RELATIONS`]); all when `None`.
    pub relations: Option<BTreeSet<String>>,
    /// Only edges written in duties concerning this topic (or a narrower one), and the
    /// bodies dealing with it: a zh or en label, a slug or an IRI.
    pub topic: Option<String>,
    /// Only this body and its neighbours: a name, alias, English name or IRI.
    pub body: Option<String>,
    pub parties: Parties,
}

impl Filter {
    /// Whether anything narrows the picture (parties aside).
    pub fn is_narrowed(&self) -> bool {
        self.relations.is_some() || self.topic.is_some() || self.body.is_some()
    }
}

/// A topic the picture is about.
#[derive(Debug, Clone, Serialize)]
pub struct TopicRef {
    pub iri: String,
    pub slug: String,
    pub label: String,
    pub label_en: String,
}

/// A body the picture is about.
#[derive(Debug, Clone, Serialize)]
pub struct BodyRef {
    pub iri: String,
    pub label: String,
    pub label_en: String,
}

/// The filter as applied, resolved.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Applied {
    /// The relations drawn (all when no relation filter was given).
    pub relations: Vec<String>,
    pub topic: Option<TopicRef>,
    pub body: Option<BodyRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PicNode {
    /// `n0`, `n1`… in drawing order.
    pub id: String,
    /// The network report's node id (the IRI of a body or party group, `organ:区委`), or
    /// `class:Enterprises` for a grouped party class.
    pub key: String,
    pub label: String,
    pub label_en: String,
    pub class: NodeClass,
    pub kind: NodeKind,
    /// The web UI's page of a body.
    pub page: Option<String>,
    /// The party groups a class node stands for, as written.
    pub members: Vec<String>,
    /// Slugs of the topics the node's duties (bodies) or edges (others) concern.
    pub topics: Vec<String>,
    /// Edges drawn from and to this node.
    pub out_degree: usize,
    pub in_degree: usize,
}

impl PicNode {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.label,
            Lang::En => &self.label_en,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PicEdge {
    /// `e0`, `e1`…
    pub id: String,
    /// Node ids.
    pub from: String,
    pub to: String,
    /// The relation's local name (`guides`).
    pub relation: String,
    /// The counterpart words as written.
    pub as_written: Vec<String>,
    /// The duties it is written in.
    pub sources: Vec<SourceRef>,
    /// Slugs of the topics those duties concern.
    pub topics: Vec<String>,
}

/// A drawable network.
#[derive(Debug, Clone, Serialize)]
pub struct Picture {
    /// The lists drawn (for the title).
    pub title: String,
    pub filter: Applied,
    pub nodes: Vec<PicNode>,
    pub edges: Vec<PicEdge>,
}

impl Picture {
    pub fn node(&self, id: &str) -> Option<&PicNode> {
        self.nodes.iter().find(|n| n.id == id)
    }

    pub fn body_count(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Body)
            .count()
    }

    /// The relations that occur, in legend order.
    pub fn relations_used(&self) -> Vec<RelationStyle> {
        let used: BTreeSet<&str> = self.edges.iter().map(|e| e.relation.as_str()).collect();
        let mut out: Vec<RelationStyle> = RELATIONS
            .iter()
            .filter(|r| used.contains(r.name))
            .copied()
            .collect();
        if used.iter().any(|u| !RELATIONS.iter().any(|r| r.name == *u)) {
            out.push(relation_style("other"));
        }
        out
    }

    /// The node classes that occur, in legend order.
    pub fn classes_used(&self) -> Vec<NodeClass> {
        let used: BTreeSet<NodeClass> = self.nodes.iter().map(|n| n.class).collect();
        NodeClass::ALL
            .into_iter()
            .filter(|c| used.contains(c))
            .collect()
    }
}

/// Finds a topic by zh or en label, slug or IRI.
pub fn resolve_topic<'a>(
    context: &'a Context,
    words: &str,
) -> Option<&'a crate::analysis::TopicInfo> {
    let words = words.trim();
    context.topics.iter().find(|t| {
        t.iri == words
            || t.label == words
            || t.label_en.eq_ignore_ascii_case(words)
            || topic_slug(&t.iri) == Some(words)
    })
}

/// Finds a body by name, alias, English name or IRI.
pub fn resolve_body<'a>(
    context: &'a Context,
    words: &str,
) -> Option<&'a crate::analysis::BodyInfo> {
    let words = words.trim();
    context
        .bodies
        .iter()
        .find(|b| b.iri == words || b.name == words || b.name_en.eq_ignore_ascii_case(words))
        .or_else(|| {
            context
                .bodies
                .iter()
                .find(|b| b.aliases.iter().any(|a| a == words))
        })
}

/// Parses `guides,urges,…` (zh verbs accepted too: 指导,督促) into relation names.
pub fn parse_relations(given: &str) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for word in given
        .split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        let found = RELATIONS
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(word) || r.zh == word || r.en == word)
            .ok_or_else(|| {
                let known: Vec<String> = RELATIONS
                    .iter()
                    .map(|r| format!("{} ({})", r.name, r.zh))
                    .collect();
                Error::Usage(format!(
                    "unknown relation {word:?}; known: {}",
                    known.join(", ")
                ))
            })?;
        out.insert(found.name.to_owned());
    }
    if out.is_empty() {
        return Err(Error::Usage("--relations: no relation given".into()));
    }
    Ok(out)
}

/// Builds the picture of the network, narrowed by `filter`.
pub fn build(
    context: &Context,
    network: &NetworkReport,
    duty_topics: &DutyTopics,
    filter: &Filter,
) -> Result<Picture> {
    let topic = filter
        .topic
        .as_deref()
        .map(|words| {
            resolve_topic(context, words).ok_or_else(|| {
                Error::Usage(format!(
                    "unknown topic {words:?}: give a zh or en label of the taxonomy (危险化学品, 铁路…) or a slug"
                ))
            })
        })
        .transpose()?;
    let body = filter
        .body
        .as_deref()
        .map(|words| {
            resolve_body(context, words).ok_or_else(|| {
                Error::Usage(format!(
                    "unknown body {words:?}: give a name as in its article heading (区应急管理局), an alias or the English name"
                ))
            })
        })
        .transpose()?;
    let slug = |iri: &str| topic_slug(iri).unwrap_or(iri).to_owned();

    // Where each network node goes: its own picture node, a class node, or nowhere.
    let placed = |id: &str| -> Option<String> {
        let node = network.node(id)?;
        match (node.kind, filter.parties) {
            (NodeKind::Party, Parties::Hidden) => None,
            (NodeKind::Party, Parties::Grouped) => Some(format!(
                "class:{}",
                node.party_class.as_deref().unwrap_or("OtherParty")
            )),
            _ => Some(node.id.clone()),
        }
    };

    // Edges, narrowed and merged after grouping.
    type Merged = (BTreeSet<String>, Vec<SourceRef>, BTreeSet<String>);
    let mut merged: BTreeMap<(String, String, String), Merged> = BTreeMap::new();
    // Class node → the party groups it stands for, as written.
    let mut members: HashMap<String, BTreeSet<String>> = HashMap::new();
    for edge in &network.edges {
        if let Some(relations) = &filter.relations
            && !relations.contains(&edge.relation)
        {
            continue;
        }
        if let Some(body) = body
            && edge.from != body.iri
            && edge.to != body.iri
        {
            continue;
        }
        let topics: BTreeSet<String> = edge
            .sources
            .iter()
            .flat_map(|s| duty_topics.of(&s.duty))
            .map(str::to_owned)
            .collect();
        if let Some(topic) = topic
            && !topics.contains(&topic.iri)
        {
            continue;
        }
        let (Some(from), Some(to)) = (placed(&edge.from), placed(&edge.to)) else {
            continue;
        };
        if from == to {
            continue;
        }
        for (id, placed_as) in [(&edge.from, &from), (&edge.to, &to)] {
            if placed_as.starts_with("class:")
                && let Some(n) = network.node(id)
            {
                members
                    .entry(placed_as.clone())
                    .or_default()
                    .insert(n.label.clone());
            }
        }
        let entry = merged.entry((from, to, edge.relation.clone())).or_default();
        entry.0.extend(edge.as_written.iter().cloned());
        entry.1.extend(edge.sources.iter().cloned());
        entry.2.extend(topics.iter().map(|t| slug(t)));
    }

    // Topics of each body, from its duties.
    let mut body_topics: HashMap<&str, BTreeSet<String>> = HashMap::new();
    for duty in &context.duties {
        let Some(bearer) = duty.bearer.as_deref() else {
            continue;
        };
        body_topics
            .entry(bearer)
            .or_default()
            .extend(duty_topics.of(&duty.iri).map(&slug));
    }

    // Which nodes: those the edges touch, and the bodies the filter is about.
    let mut wanted: BTreeSet<String> = merged
        .keys()
        .flat_map(|(f, t, _)| [f.clone(), t.clone()])
        .collect();
    for b in &context.bodies {
        let keep = match (topic, body) {
            (_, Some(focus)) => focus.iri == b.iri,
            (Some(topic), None) => body_topics
                .get(b.iri.as_str())
                .is_some_and(|t| t.contains(&slug(&topic.iri))),
            (None, None) => filter.relations.is_none(),
        };
        if keep {
            wanted.insert(b.iri.clone());
        }
    }

    // Nodes in a stable order: bodies in article order, organs, then parties by label.
    let mut nodes: Vec<PicNode> = Vec::new();
    for b in &context.bodies {
        if wanted.contains(&b.iri) {
            nodes.push(PicNode {
                id: String::new(),
                key: b.iri.clone(),
                label: b.name.clone(),
                label_en: b.name_en.clone(),
                class: NodeClass::of_body(b.kind, b.category),
                kind: NodeKind::Body,
                page: body_page(&b.iri),
                members: Vec::new(),
                topics: body_topics
                    .get(b.iri.as_str())
                    .map(|t| t.iter().cloned().collect())
                    .unwrap_or_default(),
                out_degree: 0,
                in_degree: 0,
            });
        }
    }
    let mut others: Vec<PicNode> = Vec::new();
    for key in &wanted {
        if nodes.iter().any(|n| &n.key == key) {
            continue;
        }
        if let Some(class) = key.strip_prefix("class:") {
            let (zh, en) = party_class_labels(class);
            let members = members.get(key).cloned().unwrap_or_default();
            others.push(PicNode {
                id: String::new(),
                key: key.clone(),
                label: zh.to_owned(),
                label_en: en.to_owned(),
                class: NodeClass::Party,
                kind: NodeKind::Party,
                page: None,
                members: members.into_iter().collect(),
                topics: Vec::new(),
                out_degree: 0,
                in_degree: 0,
            });
            continue;
        }
        let Some(n) = network.node(key) else {
            continue;
        };
        others.push(PicNode {
            id: String::new(),
            key: key.clone(),
            label: n.label.clone(),
            label_en: n.label_en.clone(),
            class: match n.kind {
                NodeKind::Organ => NodeClass::Organ,
                NodeKind::Party => NodeClass::Party,
                NodeKind::Body => NodeClass::of_body(
                    n.body_kind.unwrap_or(BodyKind::Unknown),
                    context.body(&n.id).and_then(|b| b.category),
                ),
            },
            kind: n.kind,
            page: (n.kind == NodeKind::Body)
                .then(|| body_page(&n.id))
                .flatten(),
            members: Vec::new(),
            topics: Vec::new(),
            out_degree: 0,
            in_degree: 0,
        });
    }
    others.sort_by(|a, b| {
        (a.kind != NodeKind::Organ, &a.label).cmp(&(b.kind != NodeKind::Organ, &b.label))
    });
    nodes.extend(others);
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (i, node) in nodes.iter_mut().enumerate() {
        node.id = format!("n{i}");
        ids.insert(node.key.clone(), i);
    }

    let mut edges = Vec::new();
    for ((from, to, relation), (as_written, mut sources, topics)) in merged {
        let (Some(&f), Some(&t)) = (ids.get(&from), ids.get(&to)) else {
            continue;
        };
        crate::analysis::sort_sources(&mut sources);
        nodes[f].out_degree += 1;
        nodes[t].in_degree += 1;
        for side in [f, t] {
            if nodes[side].kind != NodeKind::Body {
                let mut all: BTreeSet<String> = nodes[side].topics.drain(..).collect();
                all.extend(topics.iter().cloned());
                nodes[side].topics = all.into_iter().collect();
            }
        }
        edges.push(PicEdge {
            id: format!("e{}", edges.len()),
            from: nodes[f].id.clone(),
            to: nodes[t].id.clone(),
            relation,
            as_written: as_written.into_iter().collect(),
            sources,
            topics: topics.into_iter().collect(),
        });
    }

    let applied = Applied {
        relations: match &filter.relations {
            Some(r) => RELATIONS
                .iter()
                .filter(|s| r.contains(s.name))
                .map(|s| s.name.to_owned())
                .collect(),
            None => RELATIONS.iter().map(|s| s.name.to_owned()).collect(),
        },
        topic: topic.map(|t| TopicRef {
            iri: t.iri.clone(),
            slug: slug(&t.iri),
            label: t.label.clone(),
            label_en: t.label_en.clone(),
        }),
        body: body.map(|b| BodyRef {
            iri: b.iri.clone(),
            label: b.name.clone(),
            label_en: b.name_en.clone(),
        }),
    };
    Ok(Picture {
        title: context.title(),
        filter: applied,
        nodes,
        edges,
    })
}

/// Serialises a picture as pretty JSON.
pub fn json(picture: &Picture) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(picture).map_err(|e| Error::render("json", e))?;
    out.push(b'\n');
    Ok(out)
}

/// The title of a picture (`职责网络图 · …`), for the SVG's `<title>` and the DOT label.
pub fn title(picture: &Picture, lang: Lang) -> String {
    catalogue::PICTURE_TITLE.fill(lang, &[("title", &picture.title)])
}

/// A one-line summary of what the picture shows, for `<desc>` and text alternatives.
pub fn summary(picture: &Picture, lang: Lang) -> String {
    let bodies = picture.body_count();
    let others = picture.nodes.len() - bodies;
    let edges = picture.edges.len();
    let mut out = catalogue::PICTURE_SUMMARY.fill(
        lang,
        &[("bodies", &bodies), ("others", &others), ("edges", &edges)],
    );
    if let Some(topic) = &picture.filter.topic {
        let label = match lang {
            Lang::Zh => &topic.label,
            Lang::En => &topic.label_en,
        };
        out.push_str(&catalogue::PICTURE_TOPIC_FILTER.fill(lang, &[("topic", label)]));
    }
    if let Some(body) = &picture.filter.body {
        let label = match lang {
            Lang::Zh => &body.label,
            Lang::En => &body.label_en,
        };
        out.push_str(&catalogue::PICTURE_BODY_FILTER.fill(lang, &[("body", label)]));
    }
    if picture.filter.relations.len() < RELATIONS.len() {
        let names: Vec<&str> = picture
            .filter
            .relations
            .iter()
            .map(|r| relation_style(r).label(lang))
            .collect();
        let names = names.join(catalogue::LIST_SEPARATOR.get(lang));
        out.push_str(&catalogue::PICTURE_RELATION_FILTER.fill(lang, &[("relations", &names)]));
    }
    out.push_str(catalogue::PICTURE_COLOURS.get(lang));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_pages_round_trip() {
        let iri = format!("{ID_BASE}weidu-2022-draft/body/art41");
        assert_eq!(
            body_page(&iri).as_deref(),
            Some("/body/weidu-2022-draft/art41")
        );
        assert_eq!(body_iri("weidu-2022-draft", "art41"), iri);
        assert_eq!(
            body_page(&format!("{ID_BASE}weidu-2022-draft/party/x")),
            None
        );
    }

    #[test]
    fn relations_parse_in_both_languages() {
        let r = parse_relations("guides, 督促").unwrap_or_default();
        assert_eq!(r.into_iter().collect::<Vec<_>>(), ["guides", "urges"]);
        assert!(parse_relations("likes").is_err());
        assert!(parse_relations(" , ").is_err());
    }

    #[test]
    fn every_relation_has_a_distinct_look() {
        let looks: BTreeSet<(&str, Option<&str>)> =
            RELATIONS.iter().map(|r| (r.color, r.dash)).collect();
        assert_eq!(looks.len(), RELATIONS.len());
    }
}
