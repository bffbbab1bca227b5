//! Stage 5: analyses of whatever graph is loaded — overlaps, gaps, the network of bodies,
//! a drafting review (lint) and the body × topic matrix.
//!
//! Every analysis reads the store only through the SPARQL files of `queries/` (embedded
//! here with `include_str!`, so the documented query is the one that runs) and returns plain
//! serde-serialisable structs; [`crate::report`] renders them. Every finding carries its
//! sources as [`SourceRef`]: 第X条第（Y）项 (or 第X条第N段), the duty's IRI and its line.

pub mod compare;
pub mod engagement;
pub mod gaps;
pub mod lint;
pub mod matrix;
pub mod network;
pub mod overlap;

use std::collections::HashMap;

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, QuerySolution};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::DutyStore;
use crate::vocab::{DG, TOPIC_BASE};

/// The SPARQL behind the reports, as documented in `queries/`.
pub mod queries {
    pub const LISTS: &str = include_str!("../../queries/report-lists.rq");
    pub const DUTIES: &str = include_str!("../../queries/report-duties.rq");
    pub const BODIES: &str = include_str!("../../queries/report-bodies.rq");
    pub const TOPICS: &str = include_str!("../../queries/report-topics.rq");
    pub const OVERLAPS: &str = include_str!("../../queries/report-overlaps.rq");
    pub const MATRIX: &str = include_str!("../../queries/report-matrix.rq");
    pub const GAPS_TOPICS: &str = include_str!("../../queries/report-gaps-topics.rq");
    pub const GAPS_PARTNERS: &str = include_str!("../../queries/report-gaps-partners.rq");
    pub const GAPS_PARTIES: &str = include_str!("../../queries/report-gaps-parties.rq");
    pub const GAPS_BODIES: &str = include_str!("../../queries/report-gaps-bodies.rq");
    pub const NETWORK_EDGES: &str = include_str!("../../queries/report-network-edges.rq");
    pub const NETWORK_COMMAND: &str = include_str!("../../queries/report-network-command.rq");
    pub const LINT_ARTICLES: &str = include_str!("../../queries/report-lint-articles.rq");
    pub const LINT_ANNEX: &str = include_str!("../../queries/report-lint-annex.rq");
    pub const LINT_ABBREVIATIONS: &str = include_str!("../../queries/report-lint-abbreviations.rq");
    pub const LINT_SECTIONS: &str = include_str!("../../queries/report-lint-sections.rq");
    pub const ROLES: &str = include_str!("../../queries/report-roles.rq");
    pub const COMPARE_ROLES: &str = include_str!("../../queries/report-compare-roles.rq");
    pub const COMPARE_LEADS: &str = include_str!("../../queries/report-compare-leads.rq");
    pub const COMPARE_LISTS: &str = include_str!("../../queries/report-compare-lists.rq");
    pub const COMPARE_GROUPS: &str = include_str!("../../queries/report-compare-groups.rq");

    /// Every report query with its file name, for tests and documentation.
    pub const ALL: &[(&str, &str)] = &[
        ("report-lists.rq", LISTS),
        ("report-duties.rq", DUTIES),
        ("report-bodies.rq", BODIES),
        ("report-topics.rq", TOPICS),
        ("report-overlaps.rq", OVERLAPS),
        ("report-matrix.rq", MATRIX),
        ("report-gaps-topics.rq", GAPS_TOPICS),
        ("report-gaps-partners.rq", GAPS_PARTNERS),
        ("report-gaps-parties.rq", GAPS_PARTIES),
        ("report-gaps-bodies.rq", GAPS_BODIES),
        ("report-network-edges.rq", NETWORK_EDGES),
        ("report-network-command.rq", NETWORK_COMMAND),
        ("report-lint-articles.rq", LINT_ARTICLES),
        ("report-lint-annex.rq", LINT_ANNEX),
        ("report-lint-abbreviations.rq", LINT_ABBREVIATIONS),
        ("report-lint-sections.rq", LINT_SECTIONS),
        ("report-roles.rq", ROLES),
        ("report-compare-roles.rq", COMPARE_ROLES),
        ("report-compare-leads.rq", COMPARE_LEADS),
        ("report-compare-lists.rq", COMPARE_LISTS),
        ("report-compare-groups.rq", COMPARE_GROUPS),
    ];
}

// ---------------------------------------------------------------------------------------
// Query plumbing

/// Runs a SELECT and collects its solutions.
pub(crate) fn select(store: &DutyStore, name: &str, query: &str) -> Result<Vec<QuerySolution>> {
    match store.query(query, &[])? {
        QueryResults::Solutions(solutions) => Ok(solutions.collect::<Result<Vec<_>, _>>()?),
        _ => Err(Error::analysis(name, "expected a SELECT query")),
    }
}

/// A bound value as plain text: an IRI without brackets, a literal by its value.
pub(crate) fn text(solution: &QuerySolution, var: &str) -> Option<String> {
    match solution.get(var)? {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::Literal(l) => Some(l.value().to_owned()),
        Term::BlankNode(b) => Some(format!("_:{}", b.as_str())),
    }
}

/// A required value as text.
pub(crate) fn need(solution: &QuerySolution, var: &str, query: &str) -> Result<String> {
    text(solution, var).ok_or_else(|| Error::analysis(query, format!("?{var} is unbound")))
}

/// A bound value as a non-negative integer.
pub(crate) fn int(solution: &QuerySolution, var: &str) -> Option<u32> {
    text(solution, var).and_then(|t| t.parse().ok())
}

/// A required non-negative integer.
pub(crate) fn need_int(solution: &QuerySolution, var: &str, query: &str) -> Result<u32> {
    int(solution, var)
        .ok_or_else(|| Error::analysis(query, format!("?{var} is not a non-negative integer")))
}

/// The modes of a GROUP_CONCAT of mode names or IRIs (unbound: none), collected into `C`.
pub(crate) fn modes<C: FromIterator<Mode>>(solution: &QuerySolution, var: &str) -> C {
    text(solution, var)
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(Mode::parse)
        .collect()
}

// ---------------------------------------------------------------------------------------
// Shared vocabulary of the reports

/// How a body deals with a topic: the six modes of `dg:mode`, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Mode {
    Lead,
    Guidance,
    Coordination,
    Oversight,
    Cooperation,
    Support,
}

impl Mode {
    pub const ALL: [Mode; 6] = [
        Mode::Lead,
        Mode::Guidance,
        Mode::Coordination,
        Mode::Oversight,
        Mode::Cooperation,
        Mode::Support,
    ];

    /// The mode of a `dg:` IRI or local name (`Lead`).
    pub fn parse(iri_or_name: &str) -> Option<Mode> {
        let local = iri_or_name.strip_prefix(DG).unwrap_or(iri_or_name);
        Mode::ALL.into_iter().find(|m| m.name() == local)
    }

    /// The local name of the `dg:` individual.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Lead => "Lead",
            Mode::Guidance => "Guidance",
            Mode::Coordination => "Coordination",
            Mode::Oversight => "Oversight",
            Mode::Cooperation => "Cooperation",
            Mode::Support => "Support",
        }
    }

    /// The matrix letter (as in a RACI chart).
    pub fn letter(self) -> char {
        match self {
            Mode::Lead => 'L',
            Mode::Guidance => 'G',
            Mode::Coordination => 'C',
            Mode::Oversight => 'O',
            Mode::Cooperation => 'P',
            Mode::Support => 'S',
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Mode::Lead => "牵头负责",
            Mode::Guidance => "指导",
            Mode::Coordination => "协调",
            Mode::Oversight => "督促监督",
            Mode::Cooperation => "配合",
            Mode::Support => "支持保障",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Mode::Lead => "lead",
            Mode::Guidance => "guidance",
            Mode::Coordination => "coordination",
            Mode::Oversight => "oversight",
            Mode::Cooperation => "cooperation",
            Mode::Support => "support",
        }
    }

    /// The verbs of the mode, for legends.
    pub fn verbs(self) -> &'static str {
        match self {
            Mode::Lead => "负责、承担、监督管理、组织",
            Mode::Guidance => "指导",
            Mode::Coordination => "协调、统筹",
            Mode::Oversight => "督促、监督、检查",
            Mode::Cooperation => "配合、协助、参与",
            Mode::Support => "支持、保障",
        }
    }
}

/// Modes as letters, strongest first ("LG").
pub fn letters(modes: &[Mode]) -> String {
    modes.iter().map(|m| m.letter()).collect()
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    High,
    Medium,
    Low,
    /// Nothing to fix (a topic with a single lead).
    None,
}

impl Severity {
    pub fn zh(self) -> &'static str {
        match self {
            Severity::High => "高",
            Severity::Medium => "中",
            Severity::Low => "低",
            Severity::None => "无",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::None => "none",
        }
    }
}

/// The top concept a topic sits under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    /// 行业与领域
    Sectors,
    /// 风险与灾害
    Hazards,
    /// 场所与设施
    Places,
    /// 安全工作环节: functions every body performs in its own field.
    Activities,
    /// A concept under no known top concept (another taxonomy).
    Other,
}

impl Facet {
    fn from_iri(iri: &str) -> Facet {
        match iri.strip_prefix(TOPIC_BASE) {
            Some("sectors") => Facet::Sectors,
            Some("hazards") => Facet::Hazards,
            Some("places") => Facet::Places,
            Some("activities") => Facet::Activities,
            _ => Facet::Other,
        }
    }

    /// Whether topics of this facet are topic-specific (an industry, hazard or place),
    /// as opposed to a function of safety work every body performs.
    pub fn is_specific(self) -> bool {
        self != Facet::Activities
    }

    pub fn zh(self) -> &'static str {
        match self {
            Facet::Sectors => "行业与领域",
            Facet::Hazards => "风险与灾害",
            Facet::Places => "场所与设施",
            Facet::Activities => "安全工作环节",
            Facet::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Facet::Sectors => "sectors",
            Facet::Hazards => "hazards",
            Facet::Places => "places",
            Facet::Activities => "activities",
            Facet::Other => "other",
        }
    }
}

/// What sort of body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    Post,
    Committee,
    Department,
    Collective,
    Government,
    Enterprise,
    Unknown,
}

impl BodyKind {
    pub(crate) fn from_iri(iri: Option<&str>) -> BodyKind {
        match iri.and_then(|i| i.strip_prefix(DG)) {
            Some("Post") => BodyKind::Post,
            Some("Committee") => BodyKind::Committee,
            Some("Department") => BodyKind::Department,
            Some("Collective") => BodyKind::Collective,
            Some("Government") => BodyKind::Government,
            Some("Enterprise") => BodyKind::Enterprise,
            _ => BodyKind::Unknown,
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            BodyKind::Post => "领导职务",
            BodyKind::Committee => "议事协调机构",
            BodyKind::Department => "部门",
            BodyKind::Collective => "集合主体",
            BodyKind::Government => "地方党委政府",
            BodyKind::Enterprise => "企业",
            BodyKind::Unknown => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            BodyKind::Post => "post",
            BodyKind::Committee => "committee",
            BodyKind::Department => "department",
            BodyKind::Collective => "collective",
            BodyKind::Government => "government",
            BodyKind::Enterprise => "enterprise",
            BodyKind::Unknown => "other",
        }
    }
}

/// The annex category of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Supervision,
    Industry,
    Support,
}

impl Category {
    pub(crate) fn from_iri(iri: &str) -> Option<Category> {
        match iri.strip_prefix(DG) {
            Some("SupervisionDepartment") => Some(Category::Supervision),
            Some("IndustryDepartment") => Some(Category::Industry),
            Some("SupportDepartment") => Some(Category::Support),
            _ => None,
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Category::Supervision => "负有安全生产监督管理职责的部门",
            Category::Industry => "负有安全生产行业领域管理职责的部门",
            Category::Support => "负有安全生产支持保障职责的部门",
        }
    }

    pub fn short_zh(self) -> &'static str {
        match self {
            Category::Supervision => "监督管理",
            Category::Industry => "行业领域管理",
            Category::Support => "支持保障",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Category::Supervision => "supervision",
            Category::Industry => "industry management",
            Category::Support => "support",
        }
    }
}

/// How a duty is cited: as the graph records it (`dg:citation`), else — a list loaded
/// before citations were written — by its article: 第X条第（Y）项, 第X条第N段.
pub(crate) fn duty_citation(
    recorded: Option<String>,
    unit_citation: &str,
    marker: Option<&str>,
    position: u32,
) -> String {
    recorded.unwrap_or_else(|| match marker {
        Some(m) => format!("{unit_citation}第（{m}）项"),
        None => format!("{unit_citation}第{position}段"),
    })
}

/// Where a finding comes from: a duty, cited as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// 第四十一条第（二）项, or 第三十六条第1段 for an unnumbered paragraph; 二、平台经济（二）
    /// in an outline; 烟花爆竹安全监管表序号2 in a table.
    pub citation: String,
    /// The article number, in a list with articles (null otherwise).
    pub article: Option<u32>,
    /// 1-based paragraph order in the article (or section, or table row).
    pub position: u32,
    /// The marker as printed (二), when there is one.
    pub marker: Option<String>,
    pub line: u32,
    /// The duty's IRI (the article's, for a fact stated in an article heading).
    pub duty: String,
}

// ---------------------------------------------------------------------------------------
// What every analysis needs: lists, duties, bodies, topics

/// A loaded list.
#[derive(Debug, Clone, Serialize)]
pub struct ListInfo {
    pub iri: String,
    pub title: Option<String>,
    pub status: Option<String>,
    pub level: Option<String>,
    pub source: Option<String>,
}

impl ListInfo {
    /// 魏都区安全生产职责清单（征求意见稿）; the file's name for a list without a title.
    pub fn display_title(&self) -> String {
        let title = self
            .title
            .clone()
            .or_else(|| self.source.clone())
            .unwrap_or_else(|| self.iri.clone());
        match &self.status {
            Some(status) => format!("{title}（{status}）"),
            None => title,
        }
    }
}

/// A duty paragraph.
#[derive(Debug, Clone)]
pub struct DutyInfo {
    pub iri: String,
    pub list: String,
    /// The unit it is part of: its article, section or table row.
    pub unit: String,
    /// How the unit is cited: 第四十一条, 二、平台经济, 烟花爆竹安全监管表序号2.
    pub unit_citation: String,
    /// The article number, in a list with articles.
    pub article: Option<u32>,
    /// The article number as printed (四十一).
    pub numeral: Option<String>,
    pub position: u32,
    pub marker: Option<String>,
    pub marker_value: Option<u32>,
    pub line: u32,
    /// `None` when the text does not say whose duty it is.
    pub bearer: Option<String>,
    pub text: String,
    /// As printed: 第四十一条第（二）项, 二、平台经济（二）.
    pub cited_as: String,
}

impl DutyInfo {
    /// 第X条第（Y）项 with the printed marker, or 第X条第N段; 二、平台经济（二） in an outline.
    pub fn citation(&self) -> String {
        self.cited_as.clone()
    }

    /// The duty's unit in English: "article 41", or its citation.
    pub fn unit_en(&self) -> String {
        match self.article {
            Some(n) => format!("article {n}"),
            None => self.unit_citation.clone(),
        }
    }

    /// The bearer's IRI, or "" for a duty whose bearer the text does not name.
    pub fn bearer_iri(&self) -> &str {
        self.bearer.as_deref().unwrap_or_default()
    }

    pub fn source(&self) -> SourceRef {
        SourceRef {
            citation: self.citation(),
            article: self.article,
            position: self.position,
            marker: self.marker.clone(),
            line: self.line,
            duty: self.iri.clone(),
        }
    }
}

/// A body.
#[derive(Debug, Clone)]
pub struct BodyInfo {
    pub iri: String,
    pub list: String,
    /// Its article, in a list with articles.
    pub article: Option<u32>,
    pub line: u32,
    pub name: String,
    pub name_en: String,
    pub kind: BodyKind,
    pub category: Option<Category>,
    /// Aliases and the abbreviation (the canonical name excluded).
    pub aliases: Vec<String>,
    /// The role concept (IRI) the body is skos:closeMatch to, matching it across lists.
    pub role: Option<String>,
}

impl BodyInfo {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.name,
            Lang::En => &self.name_en,
        }
    }
}

/// A topic of the taxonomy.
#[derive(Debug, Clone)]
pub struct TopicInfo {
    pub iri: String,
    pub label: String,
    pub label_en: String,
    pub facet: Facet,
    /// A top concept of the scheme (the facet itself).
    pub is_top: bool,
}

/// A role concept: bodies of different lists with the same role are the same kind of body
/// (区应急管理局 ~ 县应急管理局 ~ 市应急管理局).
#[derive(Debug, Clone)]
pub struct RoleInfo {
    pub iri: String,
    /// 应急管理部门
    pub label: String,
    pub label_en: String,
}

/// Language of the messages of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The lists, duties, bodies and topics of the store, read once and shared by the analyses.
#[derive(Debug, Clone)]
pub struct Context {
    pub lists: Vec<ListInfo>,
    /// Duties in list, article and position order.
    pub duties: Vec<DutyInfo>,
    /// Bodies in list and article order.
    pub bodies: Vec<BodyInfo>,
    /// Topics in IRI order.
    pub topics: Vec<TopicInfo>,
    /// Role concepts by IRI.
    pub roles: HashMap<String, RoleInfo>,
    duty_index: HashMap<String, usize>,
    body_index: HashMap<String, usize>,
    topic_index: HashMap<String, usize>,
}

impl Context {
    /// Everything: lists, duties, bodies, topics, roles.
    pub fn load(store: &DutyStore) -> Result<Self> {
        Self::load_with(store, true)
    }

    /// The lists, topics and roles, with the duties and bodies when `full` (see
    /// [`Context::with_details`]).
    pub fn load_with(store: &DutyStore, full: bool) -> Result<Self> {
        let q = "report-lists.rq";
        let lists = select(store, q, queries::LISTS)?
            .iter()
            .map(|s| {
                Ok(ListInfo {
                    iri: need(s, "list", q)?,
                    title: text(s, "title"),
                    status: text(s, "status"),
                    level: text(s, "level"),
                    source: text(s, "source"),
                })
            })
            .collect::<Result<Vec<_>>>()?;

        let q = "report-topics.rq";
        let mut topics: Vec<TopicInfo> = Vec::new();
        for s in select(store, q, queries::TOPICS)? {
            let iri = need(&s, "topic", q)?;
            let facet_iri = text(&s, "facet");
            let is_top = facet_iri.as_deref() == Some(iri.as_str());
            let facet = facet_iri.map_or(Facet::Other, |f| Facet::from_iri(&f));
            match topics.iter_mut().find(|t| t.iri == iri) {
                // Several paths to top concepts: the first known facet wins.
                Some(t) if t.facet == Facet::Other => t.facet = facet,
                Some(_) => {}
                None => {
                    let label = need(&s, "label", q)?;
                    topics.push(TopicInfo {
                        label_en: text(&s, "labelEn").unwrap_or_else(|| label.clone()),
                        label,
                        facet,
                        is_top,
                        iri,
                    });
                }
            }
        }

        let q = "report-roles.rq";
        let mut roles = HashMap::new();
        for s in select(store, q, queries::ROLES)? {
            let iri = need(&s, "role", q)?;
            let label = need(&s, "label", q)?;
            roles.entry(iri.clone()).or_insert(RoleInfo {
                label_en: text(&s, "labelEn").unwrap_or_else(|| label.clone()),
                label,
                iri,
            });
        }

        let topic_index = index(topics.iter().map(|t| t.iri.as_str()));
        let context = Context {
            lists,
            duties: Vec::new(),
            bodies: Vec::new(),
            topics,
            roles,
            duty_index: HashMap::new(),
            body_index: HashMap::new(),
            topic_index,
        };
        if full {
            context.with_details(store)
        } else {
            Ok(context)
        }
    }

    /// Adds the duties and the bodies, row by row. Over thousands of lists that takes
    /// minutes, and the comparison and the overlaps of many lists do without them (they
    /// count in SPARQL), so the light context leaves them out.
    pub fn with_details(self, store: &DutyStore) -> Result<Self> {
        self.with_detail_rows(DetailRows::read(store)?)
    }

    /// Adds the duties and the bodies from their query rows.
    fn with_detail_rows(mut self, rows: DetailRows) -> Result<Self> {
        let q = "report-duties.rq";
        let duties = rows
            .duties
            .iter()
            .map(|s| {
                let article = int(s, "article");
                let numeral = text(s, "numeral");
                let position = need_int(s, "position", q)?;
                let marker = text(s, "marker");
                let unit = need(s, "unit", q)?;
                // Lists loaded before citations were written: cite articles as before.
                let unit_citation = text(s, "unitCitation")
                    .or_else(|| numeral.as_ref().map(|n| format!("第{n}条")))
                    .unwrap_or_default();
                let cited_as = duty_citation(
                    text(s, "citation"),
                    &unit_citation,
                    marker.as_deref(),
                    position,
                );
                Ok(DutyInfo {
                    iri: need(s, "duty", q)?,
                    list: need(s, "list", q)?,
                    unit,
                    unit_citation,
                    article,
                    numeral,
                    position,
                    marker,
                    marker_value: int(s, "markerValue"),
                    line: need_int(s, "line", q)?,
                    bearer: text(s, "bearer"),
                    text: need(s, "text", q)?,
                    cited_as,
                })
            })
            .collect::<Result<Vec<_>>>()?;

        let q = "report-bodies.rq";
        let mut bodies: Vec<BodyInfo> = Vec::new();
        for s in rows.bodies {
            let iri = need(&s, "body", q)?;
            let name = need(&s, "name", q)?;
            let kind = BodyKind::from_iri(text(&s, "kind").as_deref());
            let category = text(&s, "category").and_then(|c| Category::from_iri(&c));
            // A body typed twice (another graph) gives two rows: keep the first.
            if bodies.iter().any(|b| b.iri == iri) {
                continue;
            }
            let aliases = text(&s, "names")
                .unwrap_or_default()
                .split('|')
                .filter(|a| !a.is_empty() && *a != name)
                .map(str::to_owned)
                .collect();
            bodies.push(BodyInfo {
                list: need(&s, "list", q)?,
                article: int(&s, "article"),
                line: need_int(&s, "line", q)?,
                name_en: text(&s, "nameEn").unwrap_or_else(|| name.clone()),
                name,
                kind,
                category,
                aliases,
                role: text(&s, "role"),
                iri,
            });
        }

        self.duty_index = index(duties.iter().map(|d| d.iri.as_str()));
        self.body_index = index(bodies.iter().map(|b| b.iri.as_str()));
        self.duties = duties;
        self.bodies = bodies;
        Ok(self)
    }

    pub fn duty(&self, iri: &str) -> Option<&DutyInfo> {
        self.duty_index.get(iri).map(|&i| &self.duties[i])
    }

    pub fn body(&self, iri: &str) -> Option<&BodyInfo> {
        self.body_index.get(iri).map(|&i| &self.bodies[i])
    }

    /// Index of a body in [`Context::bodies`].
    pub fn body_position(&self, iri: &str) -> Option<usize> {
        self.body_index.get(iri).copied()
    }

    pub fn topic(&self, iri: &str) -> Option<&TopicInfo> {
        self.topic_index.get(iri).map(|&i| &self.topics[i])
    }

    /// The source of a duty IRI.
    pub fn source(&self, duty: &str) -> Option<SourceRef> {
        self.duty(duty).map(DutyInfo::source)
    }

    /// The level word of the list (区), when the list states one.
    pub fn level_of(&self, list: &str) -> Option<&str> {
        self.lists
            .iter()
            .find(|l| l.iri == list)
            .and_then(|l| l.level.as_deref())
    }

    /// The title of the loaded lists, for report headings: the titles of up to three
    /// lists, else their number and the first three.
    pub fn title(&self) -> String {
        let titles: Vec<String> = self.lists.iter().map(ListInfo::display_title).collect();
        match titles.len() {
            0 => "（无清单）".to_owned(),
            1..=3 => titles.join("、"),
            n => format!("{n}份清单（{}等）", titles[..3].join("、")),
        }
    }

    /// Whether several lists are analysed together (a store of many lists, no scope).
    pub fn is_multi_list(&self) -> bool {
        self.lists.len() > 1
    }

    /// The list a body belongs to.
    pub fn list_of(&self, body: &str) -> Option<&str> {
        self.body(body).map(|b| b.list.as_str())
    }

    /// The title of a list (its IRI when it has none).
    pub fn list_title(&self, list: &str) -> String {
        self.lists
            .iter()
            .find(|l| l.iri == list)
            .map_or_else(|| list.to_owned(), ListInfo::display_title)
    }

    /// How a body is matched across lists: its role, else its own name.
    pub fn role_key(&self, body: &BodyInfo) -> RoleKey {
        match body.role.as_ref().and_then(|r| self.roles.get(r)) {
            Some(role) => RoleKey {
                iri: Some(role.iri.clone()),
                label: role.label.clone(),
                label_en: role.label_en.clone(),
            },
            None => RoleKey {
                iri: None,
                label: body.name.clone(),
                label_en: body.name_en.clone(),
            },
        }
    }
}

/// A role, or the name of a body no role fits: the key bodies are matched by across lists.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct RoleKey {
    /// The role concept's IRI; `None` for a body no role pattern fits (then matched by name).
    pub iri: Option<String>,
    pub label: String,
    pub label_en: String,
}

fn index<'a>(iris: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, iri) in iris.enumerate() {
        map.entry(iri.to_owned()).or_insert(i);
    }
    map
}

/// Sorts sources in document order and removes repeats.
pub(crate) fn sort_sources(sources: &mut Vec<SourceRef>) {
    sources.sort_by(|a, b| {
        (a.article, a.line, a.position, &a.duty).cmp(&(b.article, b.line, b.position, &b.duty))
    });
    sources.dedup_by(|a, b| a.duty == b.duty);
}

// ---------------------------------------------------------------------------------------
// All analyses at once

/// One analysis of the lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analysis {
    Overlaps,
    Gaps,
    Network,
    Lint,
    Matrix,
    /// Many lists compared: which topics each list gives to which kind of body.
    Compare,
}

impl Analysis {
    const EVERY: [Analysis; 6] = [
        Analysis::Overlaps,
        Analysis::Gaps,
        Analysis::Network,
        Analysis::Lint,
        Analysis::Matrix,
        Analysis::Compare,
    ];

    const fn bit(self) -> u8 {
        1 << self as u8
    }

    /// Whether it reads every duty and body row (the context's details). The comparison,
    /// and the overlaps of many lists, count in SPARQL instead: over thousands of lists,
    /// reading those rows would take minutes.
    fn needs_details(self, multi: bool) -> bool {
        match self {
            Analysis::Gaps | Analysis::Network | Analysis::Lint | Analysis::Matrix => true,
            Analysis::Overlaps => !multi,
            Analysis::Compare => false,
        }
    }
}

/// The analyses a report reads: some whatever is loaded, some only when several lists
/// are (`report all` compares lists only then).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reads {
    always: u8,
    with_several_lists: u8,
}

impl Reads {
    pub const NOTHING: Reads = Reads {
        always: 0,
        with_several_lists: 0,
    };

    /// One analysis, whatever is loaded.
    pub const fn of(analysis: Analysis) -> Reads {
        Reads::NOTHING.and(analysis)
    }

    /// These reads and `analysis`, whatever is loaded.
    pub const fn and(self, analysis: Analysis) -> Reads {
        Reads {
            always: self.always | analysis.bit(),
            ..self
        }
    }

    /// These reads, only when several lists are loaded.
    pub const fn with_several_lists_only(self) -> Reads {
        Reads {
            always: 0,
            with_several_lists: self.always | self.with_several_lists,
        }
    }

    pub const fn union(self, other: Reads) -> Reads {
        Reads {
            always: self.always | other.always,
            with_several_lists: self.with_several_lists | other.with_several_lists,
        }
    }

    /// Whether `analysis` runs, `multi` saying whether several lists are loaded.
    pub fn wants(self, analysis: Analysis, multi: bool) -> bool {
        let bits = if multi {
            self.always | self.with_several_lists
        } else {
            self.always
        };
        bits & analysis.bit() != 0
    }

    /// Whether the analyses need the context's details whatever is loaded.
    fn surely_need_details(self) -> bool {
        Analysis::EVERY
            .into_iter()
            .any(|a| self.always & a.bit() != 0 && a.needs_details(true))
    }

    /// Whether the analyses need the context's details.
    fn need_details(self, multi: bool) -> bool {
        Analysis::EVERY
            .into_iter()
            .any(|a| self.wants(a, multi) && a.needs_details(multi))
    }
}

/// The result of the analyses a report asked for.
#[derive(Debug, Clone, Serialize)]
pub struct Analyses {
    /// The lists analysed.
    pub lists: Vec<ListInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlaps: Option<overlap::OverlapReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gaps: Option<gaps::GapReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<network::NetworkReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lint: Option<lint::LintReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matrix: Option<matrix::Matrix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare: Option<compare::CompareReport>,
    /// The title of the lists, for headings.
    #[serde(skip)]
    pub title: String,
}

/// The rows of the duties and of the bodies, read side by side (two cores: this is most of
/// what a report over a few lists reads before it analyses).
struct DetailRows {
    duties: Vec<QuerySolution>,
    bodies: Vec<QuerySolution>,
}

impl DetailRows {
    fn read(store: &DutyStore) -> Result<Self> {
        let (duties, bodies) = rayon::join(
            || select(store, "report-duties.rq", queries::DUTIES),
            || select(store, "report-bodies.rq", queries::BODIES),
        );
        Ok(DetailRows {
            duties: duties?,
            bodies: bodies?,
        })
    }
}

/// Runs the analyses a report reads, reading the duties and bodies only if one of them
/// needs them (see [`Context::with_details`]).
pub fn analyse(store: &DutyStore, reads: Reads) -> Result<Analyses> {
    // These need the details whatever the store holds: read them while the light context
    // is read.
    if reads.surely_need_details() {
        // The network's rows need no context either: read them at the same time too.
        let network = reads.wants(Analysis::Network, false);
        let (light, (rows, network_rows)) = rayon::join(
            || Context::load_with(store, false),
            || {
                rayon::join(
                    || DetailRows::read(store),
                    || network.then(|| network::NetworkRows::read(store)),
                )
            },
        );
        let context = light?.with_detail_rows(rows?)?;
        let network_rows = network_rows.transpose()?;
        return analyse_with_rows(store, &context, reads, network_rows);
    }
    let light = Context::load_with(store, false)?;
    let context = if reads.need_details(light.is_multi_list()) {
        light.with_details(store)?
    } else {
        light
    };
    analyse_with(store, &context, reads)
}

/// Runs the analyses of `reads` with a context already loaded (with its details if the
/// analyses need them). The analyses run side by side on threads of their own (the store
/// is shared read-only), so that `report all` costs about its longest analysis.
pub fn analyse_with(store: &DutyStore, context: &Context, reads: Reads) -> Result<Analyses> {
    analyse_with_rows(store, context, reads, None)
}

/// [`analyse_with`], the network built from rows already read when given.
fn analyse_with_rows(
    store: &DutyStore,
    context: &Context,
    reads: Reads,
    network_rows: Option<network::NetworkRows>,
) -> Result<Analyses> {
    let multi = context.is_multi_list();
    let wants = |a| reads.wants(a, multi);

    type Shared = (
        Option<overlap::OverlapReport>,
        Option<gaps::GapReport>,
        Option<compare::CompareReport>,
    );
    // Overlaps, gaps and the comparison share what they read.
    let shared = || -> Result<Shared> {
        let many = (wants(Analysis::Compare) || (wants(Analysis::Overlaps) && multi))
            .then(|| compare::Many::load(store, context, wants(Analysis::Compare)))
            .transpose()?;
        let compare = match (&many, wants(Analysis::Compare)) {
            (Some(many), true) => Some(compare::analyse(context, many)),
            _ => None,
        };
        let rows = if wants(Analysis::Gaps) || (wants(Analysis::Overlaps) && !multi) {
            engagement::engagement(store, context)?
        } else {
            Vec::new()
        };
        let by_topic = engagement::by_topic(context, &rows);
        let overlaps = match &many {
            Some(many) if wants(Analysis::Overlaps) => Some(overlap::analyse_lists(context, many)),
            _ => wants(Analysis::Overlaps)
                .then(|| overlap::analyse_grouped(context, &rows, &by_topic)),
        };
        let gaps = if wants(Analysis::Gaps) {
            Some(gaps::analyse(store, context, &rows, &by_topic)?)
        } else {
            None
        };
        Ok((overlaps, gaps, compare))
    };
    let network = || {
        wants(Analysis::Network)
            .then(|| match network_rows {
                Some(rows) => network::analyse_rows(context, rows),
                None => network::analyse(store, context),
            })
            .transpose()
    };
    let lint = || {
        wants(Analysis::Lint)
            .then(|| lint::analyse(store, context))
            .transpose()
    };
    let matrix = || {
        wants(Analysis::Matrix)
            .then(|| matrix::analyse(store, context))
            .transpose()
    };
    let ((shared, network), (lint, matrix)) = rayon::join(
        || rayon::join(shared, network),
        || rayon::join(lint, matrix),
    );
    let (overlaps, gaps, compare) = shared?;
    Ok(Analyses {
        lists: context.lists.clone(),
        title: context.title(),
        overlaps,
        gaps,
        network: network?,
        lint: lint?,
        matrix: matrix?,
        compare,
    })
}
