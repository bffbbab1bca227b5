//! The layout step: which lines of the outline name bodies, which name sectors, and which
//! paragraphs are whose duties — decided from how the list is written, with the evidence
//! `inspect` shows.
//!
//! - **Articles** (第X条): an article whose heading names a body (区应急管理局安全生产职责,
//!   a lead-in 市、县（区）人民政府应当…，履行下列职责：) has that body's duties as paragraphs;
//!   an article in a chapter of duties that opens with a body (第八条 房产行政主管部门负责…)
//!   is one duty of that body; articles of the general and supplementary provisions (总则,
//!   附则) bear no duty.
//! - **Outline** (一、 （一） 1. …): a heading that names a body (一、各街道办事处, （三十六）
//!   质监部门。, （一）乡长安全生产职责) owns the lines under it; a heading whose lines open
//!   with bodies (一、剧本娱乐经营场所 then （一）区文旅局负责…) is a sector, and each line's
//!   subject is its bearer; a heading with neither names general provisions.
//! - **Tables**: the department column names the bearer, the duty column the duty, the title
//!   or a sector column the sector; 配合 columns give cooperating bodies.
//! - Lines before the first heading of a page that starts mid-list are duties whose bearer
//!   is not in the text: kept, unattributed.

use std::collections::HashMap;

use super::bodies::{self, FoundAs, NameParts};
use super::lexicon::Mode;
use crate::doc::{Document, Marker, MarkerKind, NodeId, Span, Table, Text, outline};

/// Index of a unit in [`Plan::units`].
pub type UnitId = usize;

/// How a list is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayoutKind {
    /// 第X条 per body (the reference list).
    Articles,
    /// Headings per body, no articles (一、各街道办事处 then （一）…).
    BodyOutline,
    /// Sector headings first, bodies as the subjects of their lines.
    SectorFirst,
    /// A table of departments and duties.
    Table,
    /// Several of the above.
    Mixed,
    /// No duty found.
    Unknown,
}

impl LayoutKind {
    pub fn name(self) -> &'static str {
        match self {
            LayoutKind::Articles => "articles",
            LayoutKind::BodyOutline => "body-outline",
            LayoutKind::SectorFirst => "sector-first",
            LayoutKind::Table => "table",
            LayoutKind::Mixed => "mixed",
            LayoutKind::Unknown => "unknown",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            LayoutKind::Articles => "按条（第X条）逐一规定各主体职责",
            LayoutKind::BodyOutline => "按提纲标题逐一列出各主体职责",
            LayoutKind::SectorFirst => "按行业领域分列，各项以责任主体开头",
            LayoutKind::Table => "表格（部门—职责）",
            LayoutKind::Mixed => "多种体例混合",
            LayoutKind::Unknown => "未识别",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            LayoutKind::Articles => "an article (第X条) per body",
            LayoutKind::BodyOutline => "an outline heading per body",
            LayoutKind::SectorFirst => "sector headings, each line opening with its body",
            LayoutKind::Table => "a table of departments and duties",
            LayoutKind::Mixed => "several layouts",
            LayoutKind::Unknown => "not recognised",
        }
    }
}

/// A reason, in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub zh: String,
    pub en: String,
    /// The line it is about, if any.
    pub line: Option<u32>,
}

impl Note {
    fn new(line: Option<u32>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Note {
            zh: zh.into(),
            en: en.into(),
            line,
        }
    }
}

/// What a heading of the outline names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingRole {
    /// A body: the lines under it are its duties.
    Body(usize),
    /// A sector: the lines under it concern it, each with its own bearer.
    Sector(usize),
    /// A group of bodies or sectors (一、区直部门 above （一）区应急管理局).
    Group,
    /// General provisions (总则, 工作要求): no duty under it.
    General,
}

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Article {
        number: u32,
    },
    Section,
    Row {
        table: u32,
        row: u32,
    },
    /// The lines before the first heading of a page that starts mid-list.
    Orphans,
}

/// A container duties are numbered in: an article, a section of the outline, a table row.
#[derive(Debug, Clone)]
pub struct Unit {
    /// IRI path under the list: art41, s2, s1-3, t1/row2, front.
    pub key: String,
    pub kind: UnitKind,
    /// Its heading node (or row's first node), if any.
    pub node: Option<NodeId>,
    /// How the unit is cited: 第四十一条, 二、平台经济, 烟花爆竹安全监管表序号2.
    pub citation: String,
    pub heading: Option<Text>,
    pub marker: Option<Marker>,
    pub span: Span,
    /// The unit of the heading above, for nested sections.
    pub parent: Option<UnitId>,
    pub role: Option<HeadingRole>,
}

/// A body as the layout found it.
#[derive(Debug, Clone)]
pub struct BodyDraft {
    pub parts: NameParts,
    pub simple: String,
    pub key: String,
    pub article: Option<u32>,
    pub found_as: FoundAs,
}

/// A sector heading or table title.
#[derive(Debug, Clone)]
pub struct SectorDraft {
    /// As printed, without its marker and trailing punctuation.
    pub label: Text,
    pub simple: String,
}

/// Why a duty has no bearer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unattributed {
    /// Before the first heading: the page starts in the middle of a list.
    BeforeFirstHeading,
    /// Under a sector or group heading, with no body of its own.
    NoSubject,
    /// A table row whose department cell names no body (其他).
    NoBodyInRow,
}

impl Unattributed {
    pub fn zh(self) -> &'static str {
        match self {
            Unattributed::BeforeFirstHeading => {
                "位于第一个主体标题之前（页面从清单中间开始，主体标题不在文中）"
            }
            Unattributed::NoSubject => "所在标题不是责任主体，本段也未以责任主体开头",
            Unattributed::NoBodyInRow => "表格行的部门栏未写明责任主体",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Unattributed::BeforeFirstHeading => {
                "before the first body heading (the page starts in the middle of a list)"
            }
            Unattributed::NoSubject => "under a heading that names no body, and names none itself",
            Unattributed::NoBodyInRow => "the table row's department cell names no body",
        }
    }
}

/// A duty paragraph as the layout found it.
#[derive(Debug, Clone)]
pub struct Item {
    pub unit: UnitId,
    /// 1-based order in the unit.
    pub position: u32,
    pub marker: Option<Marker>,
    pub text: Text,
    pub bearer: Option<usize>,
    /// Bytes of `text` that name the bearer (not read for verbs, topics or counterparts).
    pub subject: Option<(usize, usize)>,
    pub sectors: Vec<usize>,
    /// A mode the layout states (a matrix's 牵头/配合 columns, 由…牵头负责).
    pub mode: Option<Mode>,
    pub unattributed: Option<Unattributed>,
    pub citation: String,
}

/// A line of the list that is no duty, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub span: Span,
    pub note: Note,
}

/// What the layout step decided.
#[derive(Debug, Clone)]
pub struct Plan {
    pub kind: LayoutKind,
    pub evidence: Vec<Note>,
    pub units: Vec<Unit>,
    pub bodies: Vec<BodyDraft>,
    pub sectors: Vec<SectorDraft>,
    pub items: Vec<Item>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Note>,
    /// The document's level, or the one most bodies' names start with (市公安局 → 市).
    pub level: Option<String>,
}

struct Planner<'a> {
    doc: &'a Document,
    level: Option<&'a str>,
    plan: Plan,
    body_keys: HashMap<String, usize>,
    sector_keys: HashMap<String, usize>,
    unit_keys: HashMap<String, usize>,
}

/// Decides the layout of a document.
pub fn plan(doc: &Document) -> Plan {
    let mut planner = Planner {
        doc,
        level: doc.level.as_deref(),
        plan: Plan {
            kind: LayoutKind::Unknown,
            evidence: Vec::new(),
            units: Vec::new(),
            bodies: Vec::new(),
            sectors: Vec::new(),
            items: Vec::new(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            level: None,
        },
        body_keys: HashMap::new(),
        sector_keys: HashMap::new(),
        unit_keys: HashMap::new(),
    };
    let mut kinds = Vec::new();
    if !doc.articles.is_empty() {
        if planner.articles() {
            kinds.push(LayoutKind::Articles);
        }
    } else if let Some(kind) = planner.outline() {
        kinds.push(kind);
    }
    if planner.tables() {
        kinds.push(LayoutKind::Table);
    }
    planner.plan.level = planner
        .level
        .map(str::to_owned)
        .or_else(|| planner.inferred_level());
    planner.plan.kind = match kinds.as_slice() {
        [] => LayoutKind::Unknown,
        [one] => *one,
        _ => LayoutKind::Mixed,
    };
    planner.plan
}

/// The printed form of a marker in a citation: （二） with full-width parentheses, 一、,
/// 第1项 for 1., ①.
fn cite_marker(marker: &Marker) -> String {
    match marker.kind {
        MarkerKind::ParenOrdinal | MarkerKind::ParenNumber => format!("（{}）", marker.literal),
        MarkerKind::Ordinal => format!("{}、", marker.literal),
        MarkerKind::Number => format!("第{}项", marker.literal),
        MarkerKind::Circled => marker.literal.clone(),
        MarkerKind::Chapter | MarkerKind::Section | MarkerKind::Article => marker.printed.clone(),
    }
}

/// A heading's words for a citation: at most 16 characters, without trailing punctuation.
fn short(text: &str) -> String {
    let t = text.trim_end_matches(['。', '：', ':', '；', ';', '，', ',', ' ']);
    let n = t.chars().count();
    if n <= 16 {
        t.to_owned()
    } else {
        format!("{}…", t.chars().take(15).collect::<String>())
    }
}

fn trim_heading(text: &Text) -> Text {
    let t = text
        .text
        .trim_end_matches(['。', '：', ':', '；', ';', '，', ',', ' ', '.']);
    text.slice(0..t.len())
}

impl Planner<'_> {
    fn matched<'b>(&'b self, text: &'b Text) -> &'b str {
        self.doc.matched(text)
    }

    /// The level word most bodies' names start with, for a list that does not state its
    /// own (a table whose rows are 市公安局, 市应急管理局…).
    fn inferred_level(&self) -> Option<String> {
        const LEVELS: &[&str] = &[
            "自治区",
            "省",
            "市",
            "州",
            "盟",
            "区",
            "县",
            "旗",
            "乡",
            "镇",
        ];
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for body in &self.plan.bodies {
            if let Some(level) = LEVELS.iter().find(|l| body.simple.starts_with(*l)) {
                *counts.entry(level).or_default() += 1;
            }
        }
        let (level, count) = counts
            .into_iter()
            .max_by_key(|&(l, c)| (c, std::cmp::Reverse(l)))?;
        (count * 2 > self.plan.bodies.len()).then(|| level.to_owned())
    }

    fn unique_key(&mut self, key: String) -> String {
        let count = self.unit_keys.entry(key.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            key
        } else {
            format!("{key}_{count}")
        }
    }

    fn add_unit(&mut self, unit: Unit) -> UnitId {
        self.plan.units.push(unit);
        self.plan.units.len() - 1
    }

    /// The body named `parts`: one per name in lists without articles.
    fn body_named(&mut self, parts: NameParts, found_as: FoundAs) -> usize {
        let simple = crate::doc::script::simplified(&parts.name.text).into_owned();
        if let Some(&id) = self.body_keys.get(&simple) {
            return id;
        }
        let id = self.plan.bodies.len();
        self.plan.bodies.push(BodyDraft {
            key: crate::vocab::iri_segment(&parts.name.text),
            parts,
            simple: simple.clone(),
            article: None,
            found_as,
        });
        self.body_keys.insert(simple, id);
        id
    }

    fn sector_named(&mut self, label: Text) -> usize {
        let simple = crate::doc::script::simplified(&label.text).into_owned();
        if let Some(&id) = self.sector_keys.get(&simple) {
            return id;
        }
        let id = self.plan.sectors.len();
        self.plan.sectors.push(SectorDraft {
            label,
            simple: simple.clone(),
        });
        self.sector_keys.insert(simple, id);
        id
    }

    // -----------------------------------------------------------------------------------
    // Articles

    /// Lists with 第X条: returns whether any article bears duties.
    fn articles(&mut self) -> bool {
        let doc = self.doc;
        let mut any = false;
        for article in &doc.articles {
            let matched = self.matched(&article.heading).to_owned();
            let Some((start, end, found_as)) = bodies::duty_article(doc, article, &matched) else {
                let chapter = article.chapter.and_then(|n| doc.chapter(n));
                let general =
                    chapter.is_some_and(|c| !bodies::is_duty_chapter(self.matched(&c.heading)));
                let note = match chapter {
                    Some(c) if general => Note::new(
                        Some(article.span.line),
                        format!(
                            "第{}条属于第{}章“{}”（总则、附则等），不规定具体主体的职责",
                            article.numeral, c.numeral, c.heading.text
                        ),
                        format!(
                            "article {} is in chapter {} \"{}\" (general or supplementary provisions): no body's duties",
                            article.number, c.number, c.heading.text
                        ),
                    ),
                    _ => Note::new(
                        Some(article.span.line),
                        format!("第{}条的标题或首句未点明责任主体", article.numeral),
                        format!(
                            "article {} names no body in its heading or first words",
                            article.number
                        ),
                    ),
                };
                self.plan.skipped.push(Skipped {
                    span: article.span,
                    note,
                });
                continue;
            };
            any = true;
            let key = self.unique_key(format!("art{}", article.number));
            let unit = self.add_unit(Unit {
                key: key.clone(),
                kind: UnitKind::Article {
                    number: article.number,
                },
                node: Some(article.node),
                citation: format!("第{}条", article.numeral),
                heading: Some(article.heading.clone()),
                marker: doc.nodes[article.node].marker.clone(),
                span: article.span,
                parent: None,
                role: None,
            });
            let parts = bodies::name_parts(&article.heading, (start, end));
            let simple = crate::doc::script::simplified(&parts.name.text).into_owned();
            let body = self.plan.bodies.len();
            self.plan.bodies.push(BodyDraft {
                parts,
                simple,
                key,
                article: Some(article.number),
                found_as,
            });
            self.plan.units[unit].role = Some(HeadingRole::Body(body));
            let inline = article.form == crate::doc::ArticleForm::Inline;
            if inline && found_as == FoundAs::Heading {
                // 第六条 各级人民政府, and the text ends: a body with no duty yet.
                self.plan.warnings.push(Note::new(
                    Some(article.span.line),
                    format!(
                        "第{}条只有主体“{}”，其后没有职责（原文在此中断？）",
                        article.numeral, self.plan.bodies[body].parts.name.text
                    ),
                    format!(
                        "article {} names \"{}\" but no duty follows (is the text cut here?)",
                        article.number, self.plan.bodies[body].parts.name.text
                    ),
                ));
                continue;
            }
            // 第十条 区应急管理局：负责全区…； then （一）…: the heading's own duty first.
            let heading_duty = (!inline && found_as == FoundAs::Heading)
                .then(|| {
                    let after = &matched[end..];
                    let colon = after.find(['：', ':'])?;
                    let sep = after[colon..].chars().next().map_or(0, char::len_utf8);
                    let from = end + colon + sep;
                    let rest = matched[from..].trim_start_matches(crate::doc::is_space);
                    let from = matched.len() - rest.len();
                    let rest = rest.trim_end_matches(crate::doc::is_space);
                    (!rest.is_empty()).then(|| article.heading.slice(from..from + rest.len()))
                })
                .flatten();
            let shift = u32::from(heading_duty.is_some());
            if let Some(text) = heading_duty {
                self.plan.items.push(Item {
                    unit,
                    position: 1,
                    marker: None,
                    text,
                    bearer: Some(body),
                    subject: None,
                    sectors: Vec::new(),
                    mode: None,
                    unattributed: None,
                    citation: format!("第{}条", article.numeral),
                });
            }
            for paragraph in &article.paragraphs {
                let subject = (inline && found_as == FoundAs::Subject).then_some((start, end));
                // 第三条第（二）项 for （二）, 第三条第2项 for 2. or 二、, 第三条第②项 for ②.
                let citation = match &paragraph.marker {
                    Some(m) => match m.kind {
                        MarkerKind::ParenOrdinal | MarkerKind::ParenNumber => {
                            format!("第{}条第（{}）项", article.numeral, m.literal)
                        }
                        _ => format!("第{}条第{}项", article.numeral, m.literal),
                    },
                    None => format!("第{}条第{}段", article.numeral, paragraph.position),
                };
                self.plan.items.push(Item {
                    unit,
                    position: paragraph.position + shift,
                    marker: paragraph.marker.clone(),
                    text: paragraph.text.clone(),
                    bearer: Some(body),
                    subject,
                    sectors: Vec::new(),
                    mode: None,
                    unattributed: None,
                    citation,
                });
            }
        }
        if any {
            let count = self.plan.bodies.len();
            self.plan.evidence.push(Note::new(
                None,
                format!("{count}条以第X条为单位规定一个责任主体的职责（标题、引导句或主语）"),
                format!("{count} articles (第X条) each assign the duties of one body (by heading, lead-in or subject)"),
            ));
        }
        any
    }

    // -----------------------------------------------------------------------------------
    // Outline

    /// The body a heading names, as a byte range of its text.
    fn heading_body(&self, text: &Text) -> Option<(usize, usize, FoundAs)> {
        let matched = self.matched(text);
        if let Some((s, e)) = bodies::name_in_heading(matched, self.level)
            && bodies::looks_like_body(&matched[s..e], self.level)
        {
            return Some((s, e, FoundAs::Heading));
        }
        let trimmed = matched.trim_end_matches(['。', '：', ':', '；', ';', ' ', '.']);
        if bodies::looks_like_body(trimmed, self.level) {
            return Some((0, trimmed.len(), FoundAs::Heading));
        }
        if bodies::is_lead_in(matched)
            && let Some(e) = bodies::subject_end(matched, self.level)
        {
            return Some((0, e, FoundAs::LeadIn));
        }
        None
    }

    /// Outline lists: returns the layout found, if any duty is.
    fn outline(&mut self) -> Option<LayoutKind> {
        let doc = self.doc;
        let nodes = &doc.nodes;
        if nodes.is_empty() {
            return None;
        }
        // What each line is, bottom-up (a node's descendants come after it).
        let subject: Vec<Option<usize>> = nodes
            .iter()
            .map(|n| bodies::subject_end(self.matched(&n.text), self.level))
            .collect();
        // Lines of a lead table written as sentences (…由省教育厅牵头负责…).
        let leads: Vec<Option<LeadSentence>> = nodes
            .iter()
            .map(|n| lead_sentence(self.matched(&n.text), self.level))
            .collect();
        let names: Vec<Option<(usize, usize, FoundAs)>> = nodes
            .iter()
            .map(|n| {
                if n.children.is_empty() {
                    None
                } else {
                    self.heading_body(&n.text)
                }
            })
            .collect();
        #[derive(Clone, Copy, PartialEq, Eq)]
        enum Kind {
            Line,
            Body,
            Sector,
            Group,
            General,
        }
        let mut kinds = vec![Kind::Line; nodes.len()];
        let mut bears = vec![false; nodes.len()];
        for id in (0..nodes.len()).rev() {
            let node = &nodes[id];
            if node.children.is_empty() {
                bears[id] = subject[id].is_some() || leads[id].is_some();
                continue;
            }
            let children = &node.children;
            let with_body = children
                .iter()
                .filter(|&&c| {
                    kinds[c] == Kind::Body
                        || (kinds[c] == Kind::Line && (subject[c].is_some() || leads[c].is_some()))
                })
                .count();
            let mostly = with_body * 2 >= children.len() && with_body > 0;
            let descendant_bears = children.iter().any(|&c| bears[c]);
            // Headings of bodies under a heading: it groups them; lead sentences under a
            // heading that looks like a name (学校): it is their sector.
            let body_children = children.iter().any(|&c| kinds[c] == Kind::Body);
            let lead_children =
                children.iter().filter(|&&c| leads[c].is_some()).count() * 2 >= children.len();
            kinds[id] = match names[id] {
                Some((_, _, FoundAs::LeadIn)) => Kind::Body,
                Some(_) if body_children => Kind::Group,
                Some(_) if lead_children => Kind::Sector,
                // Lines opening with a body under a heading that names no known body: the
                // heading is their sector (or group). A heading that is a body of the roles
                // table (区交通运输局) stays that body, whatever its items open with.
                Some((s, e, _))
                    if mostly
                        && children.len() >= 2
                        && bodies::role_of(&self.matched(&node.text)[s..e], self.level)
                            .is_none() =>
                {
                    let name = &self.matched(&node.text)[s..e];
                    if ["部门", "单位", "机关"].iter().any(|w| name.contains(w)) {
                        Kind::Group
                    } else {
                        Kind::Sector
                    }
                }
                Some(_) => Kind::Body,
                None if mostly => Kind::Sector,
                None if descendant_bears => Kind::Group,
                None => Kind::General,
            };
            bears[id] = kinds[id] != Kind::General || descendant_bears;
        }

        // Units and items, top-down.
        let mut unit_of: Vec<Option<UnitId>> = vec![None; nodes.len()];
        let mut orphans: Option<UnitId> = None;
        let mut counts: HashMap<UnitId, u32> = HashMap::new();
        let mut saw_body_heading = false;
        let mut saw_sector = false;
        let mut saw_subject = false;
        for id in 0..nodes.len() {
            let node = &nodes[id];
            let parent_unit = outline::ancestors(nodes, id).find_map(|a| unit_of[a]);
            let is_heading = kinds[id] != Kind::Line;
            let body_above = outline::ancestors(nodes, id).find_map(|a| {
                match self.plan.units[unit_of[a]?].role {
                    Some(HeadingRole::Body(b)) => Some(b),
                    _ => None,
                }
            });
            if is_heading && body_above.is_none() {
                let key = self.section_key(id, parent_unit);
                let citation = self.section_citation(id, parent_unit);
                let role = match kinds[id] {
                    Kind::Body => {
                        let (s, e, found_as) = names[id].unwrap_or((0, 0, FoundAs::Heading));
                        let parts = bodies::name_parts(&node.text, (s, e));
                        saw_body_heading = true;
                        HeadingRole::Body(self.body_named(parts, found_as))
                    }
                    Kind::Sector => {
                        saw_sector = true;
                        HeadingRole::Sector(self.sector_named(trim_heading(&node.text)))
                    }
                    Kind::Group => HeadingRole::Group,
                    _ => HeadingRole::General,
                };
                let unit = self.add_unit(Unit {
                    key,
                    kind: UnitKind::Section,
                    node: Some(id),
                    citation,
                    heading: Some(node.text.clone()),
                    marker: node.marker.clone(),
                    span: node.span,
                    parent: parent_unit,
                    role: Some(role),
                });
                unit_of[id] = Some(unit);
                continue;
            }
            // A line (or a heading inside a body's section): a duty, or not.
            let sectors: Vec<usize> = outline::ancestors(nodes, id)
                .filter_map(|a| match self.plan.units[unit_of[a]?].role {
                    Some(HeadingRole::Sector(s)) => Some(s),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let general = parent_unit.and_then(|u| match self.plan.units[u].role {
                Some(HeadingRole::General) => Some(u),
                _ => None,
            });
            let own = subject[id];
            if body_above.is_none()
                && own.is_none()
                && let Some(lead) = &leads[id]
            {
                saw_subject = true;
                self.lead_items(id, lead, parent_unit, sectors, &mut counts);
                continue;
            }
            let (bearer, subject_range, unattributed, unit) = if let Some(b) = body_above {
                (Some(b), None, None, parent_unit)
            } else if let Some(e) = own {
                saw_subject = true;
                let parts = bodies::name_parts(&node.text, (0, e));
                let b = self.body_named(parts, FoundAs::Subject);
                let unit = match parent_unit {
                    Some(u) if general.is_none() => Some(u),
                    // A line of its own that names its body (（四十一）各资产经营投资公司…应…):
                    // its own unit.
                    _ => {
                        let key = self.section_key(id, parent_unit);
                        let citation = match &node.marker {
                            Some(m) => {
                                format!("{}{}", cite_marker_heading(m), short(&node.text.text[..e]))
                            }
                            None => short(&node.text.text[..e]),
                        };
                        let u = self.add_unit(Unit {
                            key,
                            kind: UnitKind::Section,
                            node: Some(id),
                            citation,
                            heading: None,
                            marker: node.marker.clone(),
                            span: node.span,
                            parent: parent_unit,
                            role: Some(HeadingRole::Body(b)),
                        });
                        unit_of[id] = Some(u);
                        Some(u)
                    }
                };
                (Some(b), Some((0, e)), None, unit)
            } else if let Some(g) = general {
                self.plan.skipped.push(Skipped {
                    span: node.span,
                    note: Note::new(
                        Some(node.span.line),
                        format!(
                            "属于“{}”，该标题不是责任主体或行业领域（总则、要求等），不作为职责",
                            short(&self.plan.units[g].heading.as_ref().map_or(String::new(), |h| h.text.clone()))
                        ),
                        "under a heading that names neither a body nor a sector (general provisions): not a duty",
                    ),
                });
                continue;
            } else if parent_unit.is_some() {
                (None, None, Some(Unattributed::NoSubject), parent_unit)
            } else {
                let unit = *orphans.get_or_insert_with(|| {
                    self.plan.units.push(Unit {
                        key: "front".to_owned(),
                        kind: UnitKind::Orphans,
                        node: None,
                        citation: String::new(),
                        heading: None,
                        marker: None,
                        span: node.span,
                        parent: None,
                        role: None,
                    });
                    self.plan.units.len() - 1
                });
                (
                    None,
                    None,
                    Some(Unattributed::BeforeFirstHeading),
                    Some(unit),
                )
            };
            let Some(unit) = unit else { continue };
            let position = counts.entry(unit).or_insert(0);
            *position += 1;
            let position = *position;
            let own_unit = unit_of[id] == Some(unit);
            let citation = if own_unit {
                self.plan.units[unit].citation.clone()
            } else {
                let item = match &node.marker {
                    Some(m) => cite_marker(m),
                    None => format!("第{position}段"),
                };
                format!("{}{item}", self.plan.units[unit].citation)
            };
            self.plan.items.push(Item {
                unit,
                position,
                // A line that is its own unit: its marker numbers the unit, not an item.
                marker: if own_unit { None } else { node.marker.clone() },
                text: node.text.clone(),
                bearer,
                subject: subject_range,
                sectors,
                mode: None,
                unattributed,
                citation,
            });
        }
        let duties = self.plan.items.len();
        if duties == 0 {
            return None;
        }
        let kind = if saw_sector && !saw_body_heading {
            self.plan.evidence.push(Note::new(
                None,
                format!(
                    "{}个行业领域标题，其下各项以责任主体开头（主语即承担主体）",
                    self.plan.sectors.len()
                ),
                format!(
                    "{} sector headings, each line under them opening with its body",
                    self.plan.sectors.len()
                ),
            ));
            LayoutKind::SectorFirst
        } else if saw_body_heading {
            let headings = self
                .plan
                .units
                .iter()
                .filter(|u| matches!(u.role, Some(HeadingRole::Body(_))) && u.heading.is_some())
                .count();
            self.plan.evidence.push(Note::new(
                None,
                format!("{headings}个提纲标题各自点明一个责任主体，其下各项为该主体的职责"),
                format!("{headings} outline headings each name a body, the lines under them are its duties"),
            ));
            if saw_sector {
                LayoutKind::Mixed
            } else {
                LayoutKind::BodyOutline
            }
        } else if saw_subject {
            self.plan.evidence.push(Note::new(
                None,
                "各段以责任主体开头（主语即承担主体）",
                "lines open with their bodies (the subject bears the duty)",
            ));
            LayoutKind::SectorFirst
        } else {
            LayoutKind::BodyOutline
        };
        let orphaned = self
            .plan
            .items
            .iter()
            .filter(|i| i.unattributed == Some(Unattributed::BeforeFirstHeading))
            .count();
        if orphaned > 0 {
            self.plan.warnings.push(Note::new(
                None,
                format!("开头{orphaned}项位于第一个主体标题之前，承担主体不在文中，作为未归属职责保留"),
                format!("{orphaned} items before the first body heading: their body is not in the text; kept as unattributed duties"),
            ));
        }
        Some(kind)
    }

    /// The duties of a lead-table sentence: one for each body it names, in the mode it
    /// gives (牵头负责 Lead, 配合 Cooperation, 主管领导 Lead for the post).
    fn lead_items(
        &mut self,
        id: NodeId,
        lead: &LeadSentence,
        parent_unit: Option<UnitId>,
        mut sectors: Vec<usize>,
        counts: &mut HashMap<UnitId, u32>,
    ) {
        let node = &self.doc.nodes[id];
        // The sector the sentence names, when no heading above names one.
        if sectors.is_empty()
            && let Some((s, e)) = lead.sector
        {
            let label = node.text.slice(s..e);
            sectors.push(self.sector_named(label));
        }
        let unit = match parent_unit {
            Some(u) => u,
            None => {
                let key = self.section_key(id, None);
                let citation = match &node.marker {
                    Some(m) => cite_marker_heading(m),
                    None => format!("第{}行", node.span.line),
                };
                self.add_unit(Unit {
                    key,
                    kind: UnitKind::Section,
                    node: Some(id),
                    citation,
                    heading: None,
                    marker: node.marker.clone(),
                    span: node.span,
                    parent: None,
                    role: None,
                })
            }
        };
        let parties = lead
            .leads
            .iter()
            .map(|r| (r, Mode::Lead))
            .chain(lead.cooperating.iter().map(|r| (r, Mode::Cooperation)))
            .chain(lead.leader.iter().map(|r| (r, Mode::Lead)));
        let unit_citation = self.plan.units[unit].citation.clone();
        let own_unit = self.plan.units[unit].node == Some(id);
        for (&(s, e), mode) in parties {
            let parts = bodies::name_parts(&node.text, (s, e));
            let bearer = self.body_named(parts, FoundAs::Subject);
            let position = counts.entry(unit).or_insert(0);
            *position += 1;
            let position = *position;
            let item = match &node.marker {
                Some(m) if !own_unit => cite_marker(m),
                _ => String::new(),
            };
            self.plan.items.push(Item {
                unit,
                position,
                marker: if own_unit { None } else { node.marker.clone() },
                text: node.text.clone(),
                bearer: Some(bearer),
                subject: Some((s, e)),
                sectors: sectors.clone(),
                mode: Some(mode),
                unattributed: None,
                citation: format!("{unit_citation}{item}"),
            });
        }
    }

    /// s2, s1-3: the marker values of the section and the sections above it.
    fn section_key(&mut self, id: NodeId, parent: Option<UnitId>) -> String {
        let node = &self.doc.nodes[id];
        let own = match &node.marker {
            Some(m) => m
                .value
                .map_or_else(|| format!("l{}", node.span.line), |v| v.to_string()),
            None => format!("l{}", node.span.line),
        };
        let key = match parent.map(|p| self.plan.units[p].key.clone()) {
            Some(p) if p != "front" => format!("{p}-{own}"),
            _ => format!("s{own}"),
        };
        self.unique_key(key)
    }

    /// 二、平台经济 — with the headings above it: 一、区直部门（三）区应急管理局.
    fn section_citation(&self, id: NodeId, parent: Option<UnitId>) -> String {
        let node = &self.doc.nodes[id];
        let above = parent.map_or(String::new(), |p| self.plan.units[p].citation.clone());
        let own = match &node.marker {
            Some(m) => format!("{}{}", cite_marker_heading(m), short(&node.text.text)),
            None => short(&node.text.text),
        };
        format!("{above}{own}")
    }

    // -----------------------------------------------------------------------------------
    // Tables

    /// Tables of departments and duties: returns whether any row bears a duty.
    fn tables(&mut self) -> bool {
        let doc = self.doc;
        let mut any = false;
        for table in &doc.tables {
            any |= self.table(table);
        }
        if any {
            self.plan.evidence.push(Note::new(
                None,
                "表格的部门栏为承担主体，职责栏为职责，表题或行业栏为行业领域",
                "tables: the department column bears the duty in the duty column; the title or a sector column is the sector",
            ));
        }
        any
    }

    fn table(&mut self, table: &Table) -> bool {
        let columns = Columns::of(table, self);
        let Some(body_col) = columns.body else {
            return false;
        };
        // The sector of the whole table: its title, or the sector heading above it.
        let heading_sector = table.parent.and_then(|p| {
            self.plan.units.iter().find_map(|u| match (u.node, u.role) {
                (Some(n), Some(HeadingRole::Sector(s))) if n == p => Some(s),
                _ => None,
            })
        });
        let title_sector = table
            .title
            .as_ref()
            .filter(|t| is_sector_title(self.matched(t)))
            .map(trim_heading)
            .map(|t| self.sector_named(t));
        let table_sectors: Vec<usize> = heading_sector.into_iter().chain(title_sector).collect();
        let title = table
            .title
            .as_ref()
            .map_or_else(|| format!("表{}", table.index), |t| short(&t.text));
        let mut any = false;
        // The items of the last row, for a row that continues it: a cell spanning rows
        // (rowspan, a vertical merge) leaves the number and department empty below it.
        let mut last_row: Vec<Item> = Vec::new();
        for row in &table.rows {
            let blank = |column: Option<usize>| {
                column
                    .and_then(|c| row.cells.get(c))
                    .is_none_or(|cell| cell.text.is_empty())
            };
            let continued_duty = columns
                .duty
                .and_then(|c| row.cells.get(c))
                .filter(|c| !c.text.is_empty());
            if let Some(duty) = continued_duty
                && !last_row.is_empty()
                && blank(columns.number)
                && blank(Some(body_col))
                && blank(columns.cooperating)
            {
                let after = last_row.iter().map(|item| item.position).max().unwrap_or(0);
                for (k, item) in last_row.iter_mut().enumerate() {
                    item.position = after + 1 + k as u32;
                    item.text = duty.clone();
                    self.plan.items.push(item.clone());
                }
                continue;
            }
            let items_before = self.plan.items.len();
            let number = columns
                .number
                .and_then(|c| row.cells.get(c))
                .map(|c| c.text.clone())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| row.index.to_string());
            let citation = format!("{title}表序号{number}");
            let key = self.unique_key(format!("t{}/row{}", table.index, row.index));
            let unit = self.add_unit(Unit {
                key,
                kind: UnitKind::Row {
                    table: table.index,
                    row: row.index,
                },
                node: None,
                citation: citation.clone(),
                heading: None,
                marker: None,
                span: row.span,
                parent: None,
                role: None,
            });
            let mut sectors = table_sectors.clone();
            if let Some(cell) = columns.sector.and_then(|c| row.cells.get(c))
                && !cell.text.is_empty()
            {
                let s = self.sector_named(trim_heading(cell));
                sectors.push(s);
            }
            let row_text = Text {
                text: doc_text(self.doc, row.span),
                span: row.span,
            };
            let duty_text = columns
                .duty
                .and_then(|c| row.cells.get(c))
                .filter(|c| !c.text.is_empty())
                .cloned();
            let mut position = 0;
            let mut push = |planner: &mut Self,
                            bearer: Option<usize>,
                            mode: Option<Mode>,
                            unattributed: Option<Unattributed>| {
                position += 1;
                let (text, forced) = match &duty_text {
                    Some(t) => (t.clone(), mode.filter(|m| *m != Mode::Lead)),
                    None => (row_text.clone(), mode),
                };
                planner.plan.items.push(Item {
                    unit,
                    position,
                    marker: None,
                    text,
                    bearer,
                    subject: None,
                    sectors: sectors.clone(),
                    mode: forced,
                    unattributed,
                    citation: citation.clone(),
                });
            };
            let lead_cell = row.cells.get(body_col);
            let leads = lead_cell.map(|c| self.names_in_cell(c)).unwrap_or_default();
            if leads.is_empty() {
                push(self, None, None, Some(Unattributed::NoBodyInRow));
            }
            for parts in leads {
                let b = self.body_named(parts, FoundAs::TableCell);
                push(self, Some(b), Some(Mode::Lead), None);
                any = true;
            }
            if let Some(cell) = columns.cooperating.and_then(|c| row.cells.get(c)) {
                for parts in self.names_in_cell(cell) {
                    let b = self.body_named(parts, FoundAs::TableCell);
                    push(self, Some(b), Some(Mode::Cooperation), None);
                    any = true;
                }
            }
            // A row that names no body has nothing to continue.
            last_row = self.plan.items[items_before..]
                .iter()
                .filter(|item| item.bearer.is_some())
                .cloned()
                .collect();
        }
        any
    }

    /// The bodies a cell names: the whole cell (市交通运输局等有关市直部门), or each of a
    /// 、-separated list when every part is a body; none for 其他, /, 无.
    fn names_in_cell(&self, cell: &Text) -> Vec<NameParts> {
        let matched = self.matched(cell);
        let whole = matched.trim_end_matches(['。', ' ']);
        if whole.is_empty() {
            return Vec::new();
        }
        let mut parts = Vec::new();
        let mut start = 0;
        for (i, c) in matched.char_indices() {
            if matches!(c, '、' | '，' | ',' | '；' | ';' | '\n') {
                parts.push((start, i));
                start = i + c.len_utf8();
            }
        }
        parts.push((start, matched.len()));
        let parts: Vec<(usize, usize)> = parts
            .into_iter()
            .map(|(s, e)| {
                let piece = &matched[s..e];
                let lead = piece.len() - piece.trim_start().len();
                (s + lead, s + piece.trim_end().len())
            })
            .filter(|(s, e)| s < e)
            .collect();
        if parts.len() > 1
            && parts
                .iter()
                .all(|&(s, e)| bodies::looks_like_body(&matched[s..e], self.level))
        {
            return parts
                .into_iter()
                .map(|r| bodies::name_parts(cell, r))
                .collect();
        }
        if bodies::looks_like_body(whole, self.level) {
            return vec![bodies::name_parts(cell, (0, whole.len()))];
        }
        Vec::new()
    }
}

/// How a marker is printed before a heading in a citation: as printed, widths unified.
fn cite_marker_heading(marker: &Marker) -> String {
    match marker.kind {
        MarkerKind::ParenOrdinal | MarkerKind::ParenNumber => format!("（{}）", marker.literal),
        MarkerKind::Ordinal => format!("{}、", marker.literal),
        MarkerKind::Number => format!("{}.", marker.literal),
        _ => marker.printed.clone(),
    }
}

/// The source text of a span.
fn doc_text(doc: &Document, span: Span) -> String {
    doc.source
        .get(span.start..span.end)
        .unwrap_or_default()
        .to_owned()
}

/// A table title that names a sector (烟花爆竹安全监管), not the list (…职责分工表).
fn is_sector_title(title: &str) -> bool {
    let t = title.trim();
    ![
        "清单",
        "规定",
        "职责",
        "分工",
        "一览表",
        "目录",
        "办法",
        "方案",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// The meaning of a table's columns.
struct Columns {
    number: Option<usize>,
    body: Option<usize>,
    cooperating: Option<usize>,
    duty: Option<usize>,
    sector: Option<usize>,
}

impl Columns {
    fn of(table: &Table, planner: &Planner<'_>) -> Columns {
        let header: Vec<String> = table
            .header
            .iter()
            .map(|h| planner.matched(h).to_owned())
            .collect();
        let find = |words: &[&str], not: &[&str]| {
            header.iter().position(|h| {
                words.iter().any(|w| h.contains(w)) && !not.iter().any(|w| h.contains(w))
            })
        };
        if header.is_empty() {
            // No header: 序号, body, duty when the cells say so.
            let cells = table.rows.first().map_or(0, |r| r.cells.len());
            let numbered = table.rows.iter().all(|r| {
                r.cells
                    .first()
                    .is_some_and(|c| c.text.chars().all(|ch| ch.is_ascii_digit()))
            });
            let offset = usize::from(numbered);
            let body_like = table.rows.iter().filter(|r| {
                r.cells
                    .get(offset)
                    .is_some_and(|c| bodies::looks_like_body(planner.matched(c), planner.level))
            });
            let ok = cells >= offset + 2 && body_like.count() * 2 >= table.rows.len();
            return Columns {
                number: numbered.then_some(0),
                body: ok.then_some(offset),
                cooperating: None,
                duty: ok.then_some(offset + 1),
                sector: None,
            };
        }
        let cooperating = find(&["配合", "协同", "协助", "参与"], &[]);
        let body = find(
            &[
                "牵头部门",
                "牵头单位",
                "责任部门",
                "责任单位",
                "涉及部门",
                "主管部门",
                "监管部门",
                "部门",
                "单位",
                "主体",
            ],
            &["配合", "协同", "协助", "参与", "职责", "序号"],
        );
        let number = find(&["序号", "编号"], &[]);
        let duty = find(
            &["职责", "分工", "任务", "内容", "措施", "要求", "事项"],
            &["序号", "部门", "单位"],
        )
        .filter(|d| Some(*d) != body);
        let sector = find(
            &["行业", "领域", "类别", "环节", "项目", "名称"],
            &["部门", "单位", "职责"],
        )
        .filter(|s| Some(*s) != body && Some(*s) != duty);
        Columns {
            number,
            body,
            cooperating,
            duty,
            sector,
        }
    }
}

/// A sentence of a lead table: …学校的安全生产工作由省教育厅牵头负责，省公安厅、省卫健委配合，
/// 副省长为主管领导. Byte ranges in the (simplified) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadSentence {
    /// 学校: what the sentence is about.
    pub sector: Option<(usize, usize)>,
    /// 省教育厅: who leads (由…牵头负责).
    pub leads: Vec<(usize, usize)>,
    /// 省公安厅, 省卫健委: who cooperates (…配合).
    pub cooperating: Vec<(usize, usize)>,
    /// 副省长: the post named 主管领导.
    pub leader: Option<(usize, usize)>,
}

/// Splits `range` of `text` on 、 into the parts that name bodies (all of them, or none).
fn body_list(text: &str, range: (usize, usize), level: Option<&str>) -> Vec<(usize, usize)> {
    let (start, end) = range;
    let mut parts = Vec::new();
    let mut from = start;
    for (i, c) in text[start..end].char_indices() {
        if c == '、' {
            parts.push((from, start + i));
            from = start + i + c.len_utf8();
        }
    }
    parts.push((from, end));
    let parts: Vec<(usize, usize)> = parts.into_iter().filter(|(s, e)| s < e).collect();
    if !parts.is_empty()
        && parts
            .iter()
            .all(|&(s, e)| bodies::looks_like_body(&text[s..e], level))
    {
        parts
    } else {
        Vec::new()
    }
}

/// Reads a lead-table sentence: 由X(牵头)负责 names the lead, "Y配合" the cooperating bodies,
/// "Z为主管领导" the post in charge; the words before 由 name the sector.
pub fn lead_sentence(text: &str, level: Option<&str>) -> Option<LeadSentence> {
    let by = text.find('由')?;
    let after = by + '由'.len_utf8();
    let lead_end = ["牵头负责", "牵头", "负责"]
        .iter()
        .filter_map(|w| text[after..].find(w).map(|i| after + i))
        .min()?;
    let leads = body_list(text, (after, lead_end), level);
    // 督促检查…由街道办事处负责管辖的企业: a verb before 由 makes it a duty's clause, not a
    // sentence of a lead table.
    let before = &text[..by];
    if leads.is_empty() || !super::clauses::verb_tokens(before).is_empty() {
        return None;
    }
    let mut end = before.trim_end_matches(['，', ',', ' ']).len();
    for suffix in [
        "的安全生产监管工作",
        "的安全生产工作",
        "安全生产工作",
        "的安全监管工作",
        "的安全工作",
        "安全监管工作",
        "的安全生产",
        "安全生产",
        "的安全",
        "工作",
    ] {
        if before[..end].ends_with(suffix) {
            end -= suffix.len();
            break;
        }
    }
    let mut start = before.len() - before.trim_start().len();
    for prefix in [
        "全省",
        "全市",
        "全区",
        "全县",
        "全州",
        "全旗",
        "本地区",
        "辖区内",
        "各类",
    ] {
        if before[start..end.max(start)].starts_with(prefix) {
            start += prefix.len();
            break;
        }
    }
    let sector = (start < end).then_some((start, end));
    let mut cooperating = Vec::new();
    let mut leader = None;
    let mut from = lead_end;
    let ends = text[lead_end..]
        .char_indices()
        .filter(|&(_, c)| matches!(c, '，' | ',' | '；' | ';' | '。'))
        .map(|(i, c)| (lead_end + i, c.len_utf8()))
        .chain(std::iter::once((text.len(), 0)));
    for (cut, len) in ends {
        let segment = (from, cut);
        from = cut + len;
        if segment.0 >= segment.1 {
            continue;
        }
        let words = &text[segment.0..segment.1];
        let words_start = segment.0 + (words.len() - words.trim_start().len());
        if let Some(k) = ["配合", "协助", "参与"]
            .iter()
            .filter_map(|w| words.find(w))
            .min()
        {
            cooperating.extend(body_list(text, (words_start, segment.0 + k), level));
        } else if let Some(k) = ["为主管领导", "为分管领导", "为牵头领导", "为主要领导"]
            .iter()
            .filter_map(|w| words.find(w))
            .min()
        {
            let name = (words_start, segment.0 + k);
            if name.0 < name.1 && bodies::looks_like_body(&text[name.0..name.1], level) {
                leader = Some(name);
            }
        }
    }
    Some(LeadSentence {
        sector,
        leads,
        cooperating,
        leader,
    })
}
