//! What was read (`dutygraph inspect`): the file's format and encoding, the list's
//! metadata, the layout recognised and why, the outline with what each line is, the bodies
//! with their duty counts and roles, the sectors, the tables, and every paragraph that is
//! not attributed to a body or not a duty, with the reason.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::analysis::Lang;
use crate::doc::LineRole;
use crate::extract::layout::HeadingRole;
use crate::extract::{Model, UnitKind};
use crate::read::Origin;

/// Everything `inspect` shows about one list.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    pub file: String,
    pub format: &'static str,
    pub encoding: Option<&'static str>,
    pub bytes: u64,
    pub sha256: String,
    /// simplified or traditional (matched as simplified).
    pub script: &'static str,
    /// Non-blank lines of the text read.
    pub lines: usize,
    pub metadata: MetadataView,
    pub layout: LayoutView,
    pub outline: Vec<OutlineLine>,
    pub bodies: Vec<BodyView>,
    pub sectors: Vec<SectorView>,
    pub tables: Vec<TableView>,
    /// Duties whose bearer the text does not name.
    pub unattributed: Vec<ParagraphView>,
    /// Lines of the list that are not duties (general provisions).
    pub not_duties: Vec<ParagraphView>,
    /// Lines around the list: notice, metadata, legal bases, page noise.
    pub around: Vec<AroundLine>,
    pub warnings: Vec<NoteView>,
    pub duties: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetadataView {
    pub title: Option<String>,
    pub status: Option<String>,
    pub level: Option<String>,
    pub notice_title: Option<String>,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
    /// YYYY-MM-DD, when the date parses.
    pub issued: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LayoutView {
    pub kind: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub evidence: Vec<NoteView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub line: Option<u32>,
    pub zh: String,
    pub en: String,
}

/// A line of the outline and what the layout made of it.
#[derive(Debug, Clone, Serialize)]
pub struct OutlineLine {
    pub line: u32,
    pub depth: u32,
    pub marker: Option<String>,
    pub text: String,
    /// body-heading, sector-heading, group-heading, general-heading, duty, unattributed,
    /// not-a-duty, other.
    pub role: &'static str,
    /// The bearer of a duty, or the body or sector a heading names.
    pub names: Option<String>,
    /// Where the line came from besides its line: a page, a Word paragraph, an element.
    pub origin: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BodyView {
    pub name: String,
    pub iri: String,
    pub kind: &'static str,
    pub english: String,
    /// The role concept's label (应急管理部门), when a role fits.
    pub role: Option<String>,
    pub role_iri: Option<String>,
    /// heading, lead-in, subject, table-cell.
    pub found_as: &'static str,
    pub duties: usize,
    pub line: u32,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectorView {
    pub label: String,
    pub topic: String,
    /// Whether the taxonomy has the concept (else a topic of the list's own).
    pub in_taxonomy: bool,
    pub topic_label: String,
    /// For a topic of the list's own: the broader concept it was placed under.
    pub broader: Option<String>,
    pub duties: usize,
    pub line: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub index: u32,
    pub line: u32,
    pub title: Option<String>,
    pub header: Vec<String>,
    pub rows: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParagraphView {
    pub line: u32,
    pub citation: String,
    pub text: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AroundLine {
    pub line: u32,
    pub role: &'static str,
    pub role_zh: &'static str,
    pub text: String,
}

fn clip(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(n).collect::<String>())
    }
}

fn origin_of(model: &Model, line: u32) -> Option<String> {
    match &model.document.block_at(line)?.origin {
        Origin::Line => None,
        Origin::PdfPage(p) => Some(format!("page {p}")),
        Origin::WordParagraph(i) => Some(format!("paragraph {i}")),
        Origin::HtmlElement(path) => Some(path.clone()),
    }
}

/// What was read of a model.
pub fn inspect(model: &Model) -> Inspection {
    let doc = &model.document;
    let iris = crate::rdf::Iris::new(&doc.id);
    let meta = &doc.meta;
    let mut duty_counts: HashMap<usize, usize> = HashMap::new();
    let mut sector_counts: HashMap<usize, usize> = HashMap::new();
    for duty in &model.duties {
        if let Some(b) = duty.bearer {
            *duty_counts.entry(b).or_default() += 1;
        }
        for &s in &duty.sectors {
            *sector_counts.entry(s).or_default() += 1;
        }
    }
    let bodies = model
        .bodies
        .iter()
        .enumerate()
        .map(|(id, b)| BodyView {
            name: b.name.clone(),
            iri: iris.body(&b.key).as_str().to_owned(),
            kind: crate::rdf::kind_iri(b.kind)
                .as_str()
                .rsplit('#')
                .next()
                .unwrap_or_default(),
            english: b.english.clone(),
            role: b.role.map(|r| r.zh.clone()),
            role_iri: b
                .role
                .map(|r| crate::rdf::role_iri(&r.slug).as_str().to_owned()),
            found_as: b.found_as.name(),
            duties: duty_counts.get(&id).copied().unwrap_or(0),
            line: b.name_span.line,
            aliases: b.aliases.iter().map(|a| a.text.clone()).collect(),
        })
        .collect();
    let sectors = model
        .sectors
        .iter()
        .enumerate()
        .map(|(id, s)| {
            let (topic, topic_label) = match s.concept {
                Some(c) => (
                    model.taxonomy.concepts[c].iri.clone(),
                    model.taxonomy.concepts[c].pref_zh.clone(),
                ),
                None => (iris.topic(&s.key).as_str().to_owned(), s.label.text.clone()),
            };
            SectorView {
                label: s.label.text.clone(),
                in_taxonomy: s.concept.is_some(),
                topic,
                topic_label,
                broader: s
                    .broader
                    .map(|b| model.taxonomy.concepts[b].pref_zh.clone()),
                duties: sector_counts.get(&id).copied().unwrap_or(0),
                line: s.label.span.line,
            }
        })
        .collect();

    // What each outline line became.
    let mut line_role: HashMap<u32, (&'static str, Option<String>)> = HashMap::new();
    for unit in &model.units {
        let Some(node) = unit.node else { continue };
        let line = doc.nodes[node].span.line;
        let entry = match unit.role {
            Some(HeadingRole::Body(b)) if unit.heading.is_some() => {
                ("body-heading", Some(model.bodies[b].name.clone()))
            }
            Some(HeadingRole::Body(_)) => continue,
            Some(HeadingRole::Sector(s)) => {
                ("sector-heading", Some(model.sectors[s].label.text.clone()))
            }
            Some(HeadingRole::Group) => ("group-heading", None),
            Some(HeadingRole::General) => ("general-heading", None),
            None => match unit.kind {
                UnitKind::Article { .. } => continue,
                _ => ("other", None),
            },
        };
        line_role.insert(line, entry);
    }
    let mut unattributed = Vec::new();
    for duty in &model.duties {
        let line = duty.text.span.line;
        match (duty.bearer, duty.unattributed) {
            (Some(b), _) => {
                line_role
                    .entry(line)
                    .or_insert(("duty", Some(model.bodies[b].name.clone())));
            }
            (None, reason) => {
                line_role.entry(line).or_insert(("unattributed", None));
                let reason = reason.unwrap_or(crate::extract::Unattributed::NoSubject);
                unattributed.push(ParagraphView {
                    line,
                    citation: duty.citation.clone(),
                    text: clip(&duty.text.text, 60),
                    zh: reason.zh().to_owned(),
                    en: reason.en().to_owned(),
                });
            }
        }
    }
    let not_duties: Vec<ParagraphView> = model
        .layout
        .skipped
        .iter()
        .map(|s| {
            line_role.entry(s.span.line).or_insert(("not-a-duty", None));
            ParagraphView {
                line: s.span.line,
                citation: String::new(),
                text: clip(
                    doc.source.get(s.span.start..s.span.end).unwrap_or_default(),
                    60,
                ),
                zh: s.note.zh.clone(),
                en: s.note.en.clone(),
            }
        })
        .collect();
    let outline = doc
        .nodes
        .iter()
        .map(|n| {
            let (role, names) = line_role
                .get(&n.span.line)
                .cloned()
                .unwrap_or(("not-a-duty", None));
            OutlineLine {
                line: n.span.line,
                depth: n.depth,
                marker: n.marker.as_ref().map(|m| m.printed.clone()),
                text: clip(&n.text.text, 40),
                role,
                names,
                origin: origin_of(model, n.span.line),
            }
        })
        .collect();
    let around = doc
        .lines
        .iter()
        .filter(|l| l.role != LineRole::Outline && l.role != LineRole::TableRow)
        .map(|l| AroundLine {
            line: l.number,
            role: l.role.name(),
            role_zh: l.role.zh(),
            text: clip(
                doc.source.get(l.span.start..l.span.end).unwrap_or_default(),
                60,
            ),
        })
        .collect();
    let tables = doc
        .tables
        .iter()
        .map(|t| TableView {
            index: t.index,
            line: t.line,
            title: t.title.as_ref().map(|x| x.text.clone()),
            header: t.header.iter().map(|h| h.text.clone()).collect(),
            rows: t.rows.len(),
        })
        .collect();
    let note = |n: &crate::extract::Note| NoteView {
        line: n.line,
        zh: n.zh.clone(),
        en: n.en.clone(),
    };
    Inspection {
        file: doc.source_name.clone(),
        format: doc.file.format.name(),
        encoding: doc.file.encoding,
        bytes: doc.file.bytes,
        sha256: doc.file.sha256.clone(),
        script: doc.script.name(),
        lines: doc.lines.len(),
        metadata: MetadataView {
            title: meta.title.as_ref().map(|t| t.text.clone()),
            status: meta.status.as_ref().map(|t| t.text.clone()),
            level: doc.level.clone(),
            notice_title: meta.notice_title.as_ref().map(|t| t.text.clone()),
            number: meta.number.as_ref().map(|t| t.text.clone()),
            issuer: meta.issuer.as_ref().map(|t| t.text.clone()),
            date: meta.date.as_ref().map(|t| t.text.clone()),
            issued: meta.issued.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        },
        layout: LayoutView {
            kind: model.layout.kind.name(),
            zh: model.layout.kind.zh(),
            en: model.layout.kind.en(),
            evidence: model.layout.evidence.iter().map(note).collect(),
        },
        outline,
        bodies,
        sectors,
        tables,
        unattributed,
        not_duties,
        around,
        warnings: model.layout.warnings.iter().map(note).collect(),
        duties: model.duties.len(),
    }
}

fn role_words(role: &str, lang: Lang) -> &'static str {
    let zh = lang == Lang::Zh;
    match role {
        "body-heading" if zh => "主体标题",
        "body-heading" => "body heading",
        "sector-heading" if zh => "行业领域",
        "sector-heading" => "sector",
        "group-heading" if zh => "分组标题",
        "group-heading" => "group heading",
        "general-heading" if zh => "一般性标题（非主体）",
        "general-heading" => "general heading",
        "duty" if zh => "职责",
        "duty" => "duty",
        "unattributed" if zh => "未归属职责",
        "unattributed" => "unattributed duty",
        "not-a-duty" if zh => "非职责",
        "not-a-duty" => "not a duty",
        _ if zh => "其他",
        _ => "other",
    }
}

/// The inspection as text for a terminal, Chinese first (or English).
/// A section of the text view: its title and how many entries it has.
fn heading(out: &mut String, title: impl std::fmt::Display, count: usize) {
    let _ = writeln!(out, "\n{title} ({count})");
}

pub fn render_text(i: &Inspection, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let t = |zh_text: &str, en_text: &str| -> String {
        if zh {
            zh_text.to_owned()
        } else {
            en_text.to_owned()
        }
    };
    let _ = writeln!(out, "{} {}", t("文件", "File"), i.file);
    let _ = writeln!(
        out,
        "  {}: {}{}, {} bytes, {}: {}, sha256 {}",
        t("格式", "format"),
        i.format,
        i.encoding.map_or(String::new(), |e| format!(" ({e})")),
        i.bytes,
        t("文字", "script"),
        if zh {
            if i.script == "traditional" {
                "繁体（按简体匹配，原文照录）"
            } else {
                "简体"
            }
        } else {
            i.script
        },
        &i.sha256[..i.sha256.len().min(16)],
    );
    let m = &i.metadata;
    let _ = writeln!(
        out,
        "  {}: {}{}",
        t("标题", "title"),
        m.title.as_deref().unwrap_or("—"),
        // A status printed in the title (某某清单（试行）) is not printed twice.
        m.status
            .as_ref()
            .filter(|s| !m.title.as_deref().is_some_and(|t| t.contains(s.as_str())))
            .map_or(String::new(), |s| format!("（{s}）")),
    );
    let facts: Vec<String> = [
        m.issuer
            .as_ref()
            .map(|x| format!("{} {x}", t("发文机关", "issued by"))),
        m.number
            .as_ref()
            .map(|x| format!("{} {x}", t("文号", "number"))),
        m.issued
            .as_ref()
            .or(m.date.as_ref())
            .map(|x| format!("{} {x}", t("日期", "date"))),
        m.level
            .as_ref()
            .map(|x| format!("{} {x}", t("层级", "level"))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !facts.is_empty() {
        let _ = writeln!(out, "  {}", facts.join(" · "));
    }
    if let Some(notice) = &m.notice_title {
        let _ = writeln!(out, "  {}: {notice}", t("印发通知", "notice"));
    }
    let _ = writeln!(
        out,
        "\n{}: {} ({})",
        t("体例", "Layout"),
        if zh { i.layout.zh } else { i.layout.en },
        i.layout.kind
    );
    for e in &i.layout.evidence {
        let _ = writeln!(
            out,
            "  {} {}",
            t("依据：", "because"),
            if zh { &e.zh } else { &e.en }
        );
    }
    let _ = writeln!(
        out,
        "\n{} ({} {}, {} {})",
        t("提纲", "Outline"),
        i.outline.len(),
        t("行", "lines"),
        i.duties,
        t("项职责", "duties")
    );
    for line in &i.outline {
        let indent = "  ".repeat(line.depth as usize);
        let what = role_words(line.role, lang);
        let names = line
            .names
            .as_ref()
            .map_or(String::new(), |n| format!(" → {n}"));
        let origin = line
            .origin
            .as_ref()
            .map_or(String::new(), |o| format!(" ({o})"));
        let _ = writeln!(
            out,
            "  L{:<4} {indent}{}{}  [{what}{names}]{origin}",
            line.line,
            line.marker.as_deref().unwrap_or(""),
            line.text
        );
    }
    heading(&mut out, t("责任主体", "Bodies"), i.bodies.len());
    for b in &i.bodies {
        let _ = writeln!(
            out,
            "  {}  {} {}  {}: {}  {}  L{}{}",
            b.name,
            b.duties,
            t("项", "duties"),
            t("角色", "role"),
            b.role.as_deref().unwrap_or("—"),
            b.kind,
            b.line,
            if zh {
                match b.found_as {
                    "heading" => "  由标题点明",
                    "lead-in" => "  由引导句点明",
                    "subject" => "  为段落主语",
                    _ => "  见于表格部门栏",
                }
            } else {
                match b.found_as {
                    "heading" => "  named by a heading",
                    "lead-in" => "  named by a lead-in",
                    "subject" => "  subject of its lines",
                    _ => "  named in a table's department column",
                }
            }
        );
    }
    if !i.sectors.is_empty() {
        heading(&mut out, t("行业领域", "Sectors"), i.sectors.len());
        for s in &i.sectors {
            let place = if s.in_taxonomy {
                format!("{} {}", t("主题", "topic"), s.topic_label)
            } else {
                format!(
                    "{}{}",
                    t("本清单新增主题", "a topic of the list's own"),
                    s.broader
                        .as_ref()
                        .map_or(String::new(), |b| format!(" ⊂ {b}"))
                )
            };
            let _ = writeln!(
                out,
                "  {}  {} {}  {place}  L{}",
                s.label,
                s.duties,
                t("项", "duties"),
                s.line
            );
        }
    }
    if !i.tables.is_empty() {
        heading(&mut out, t("表格", "Tables"), i.tables.len());
        for tb in &i.tables {
            let _ = writeln!(
                out,
                "  {} {}  L{}  {}  {}: {}  {} {}",
                t("表", "table"),
                tb.index,
                tb.line,
                tb.title.as_deref().unwrap_or("—"),
                t("表头", "header"),
                tb.header.join(" | "),
                tb.rows,
                t("行", "rows")
            );
        }
    }
    heading(
        &mut out,
        t("未归属主体的职责", "Duties with no bearer"),
        i.unattributed.len(),
    );
    for p in &i.unattributed {
        let _ = writeln!(
            out,
            "  L{} {}  {}  — {}",
            p.line,
            p.citation,
            p.text,
            if zh { &p.zh } else { &p.en }
        );
    }
    heading(
        &mut out,
        t("不作为职责的段落", "Paragraphs that are no duty"),
        i.not_duties.len(),
    );
    for p in &i.not_duties {
        let _ = writeln!(
            out,
            "  L{} {}  — {}",
            p.line,
            p.text,
            if zh { &p.zh } else { &p.en }
        );
    }
    heading(
        &mut out,
        t("清单以外的内容", "Around the list"),
        i.around.len(),
    );
    for a in &i.around {
        let _ = writeln!(
            out,
            "  L{} [{}] {}",
            a.line,
            if zh { a.role_zh } else { a.role },
            a.text
        );
    }
    if !i.warnings.is_empty() {
        heading(&mut out, t("提示", "Warnings"), i.warnings.len());
        for w in &i.warnings {
            let _ = writeln!(
                out,
                "  {}{}",
                w.line.map_or(String::new(), |l| format!("L{l} ")),
                if zh { &w.zh } else { &w.en }
            );
        }
    }
    out
}
