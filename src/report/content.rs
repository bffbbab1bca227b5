//! The content of the Markdown and HTML reports, as blocks both renderers share.

use crate::analysis::compare::{CompareReport, ListSummary};
use crate::analysis::engagement::EngagedBody;
use crate::analysis::gaps::{BodyGap, GapReport};
use crate::analysis::lint::LintReport;
use crate::analysis::matrix::Matrix;
use crate::analysis::network::{NetworkReport, NodeKind};
use crate::analysis::overlap::{OverlapReport, PairOverlap};
use crate::analysis::{Lang, Mode, Severity, SourceRef, letters};
use crate::sparql::compact_iri;

use super::tr;

/// A piece of a report.
#[derive(Debug, Clone)]
pub enum Block {
    /// Level 1–3.
    Heading(u8, String),
    Paragraph(String),
    Table(Table),
    /// Numbered review comments.
    Comments(Vec<Comment>),
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// A wide table (the matrix): small print in HTML.
    pub wide: bool,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<String>,
    /// high, medium, low: colours the row in HTML.
    pub class: Option<&'static str>,
}

/// One review comment (修改意见).
#[derive(Debug, Clone)]
pub struct Comment {
    /// 第三十六条第1段（第374行）
    pub place: String,
    pub severity: Severity,
    pub message: String,
    /// Label and text: 原文, 建议, 出处.
    pub details: Vec<(String, String)>,
}

fn class(severity: Severity) -> Option<&'static str> {
    match severity {
        Severity::High => Some("high"),
        Severity::Medium => Some("medium"),
        Severity::Low => Some("low"),
        Severity::None => None,
    }
}

/// The separator between a label and its text (原文：…, Text: …).
pub(crate) fn label_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// What an empty table shows, in every renderer.
pub(crate) fn nothing(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "（无）",
        Lang::En => "(none)",
    }
}

pub(crate) fn severity_label(lang: Lang, s: Severity) -> String {
    tr(lang, s.zh(), s.en())
}

/// A table (not wide) whose headers are given in Chinese and English.
pub(crate) fn table(lang: Lang, headers: &[(&str, &str)], rows: Vec<Row>) -> Table {
    Table {
        headers: headers.iter().map(|(zh, en)| tr(lang, zh, en)).collect(),
        rows,
        wide: false,
    }
}

pub(crate) fn heading(level: u8, lang: Lang, zh: &str, en: &str) -> Block {
    Block::Heading(level, tr(lang, zh, en))
}

/// Items joined with 、 (Chinese) or ", " (English).
fn series(lang: Lang, items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    })
}

/// Items joined with ； (Chinese) or "; " (English).
fn semicolons(lang: Lang, items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    })
}

pub(crate) fn mode_label(lang: Lang, m: Mode) -> String {
    match lang {
        Lang::Zh => format!("{}（{}）", m.letter(), m.zh()),
        Lang::En => format!("{} ({})", m.letter(), m.en()),
    }
}

pub(crate) fn modes_label(lang: Lang, modes: &[Mode]) -> String {
    series(lang, modes.iter().map(|m| mode_label(lang, *m)))
}

/// 第四十一条第（二）项（第447行，dgid:weidu-2022-draft/art41/item2）
pub(crate) fn cite(lang: Lang, s: &SourceRef) -> String {
    let iri = compact_iri(&s.duty).unwrap_or_else(|| s.duty.clone());
    match lang {
        Lang::Zh => format!("{}（第{}行，{iri}）", s.citation, s.line),
        Lang::En => format!("{} (line {}, {iri})", s.citation, s.line),
    }
}

pub(crate) fn cite_all(lang: Lang, sources: &[SourceRef]) -> String {
    semicolons(lang, sources.iter().map(|s| cite(lang, s)))
}

fn body_name(lang: Lang, b: &EngagedBody) -> &str {
    match lang {
        Lang::Zh => &b.name,
        Lang::En => &b.name_en,
    }
}

/// Each body in the lead with its sources: 区应急管理局：第五条（第12行，…）；…
fn leads_with_sources<'a>(
    lang: Lang,
    leads: impl IntoIterator<Item = (&'a str, &'a [SourceRef])>,
) -> String {
    semicolons(
        lang,
        leads
            .into_iter()
            .map(|(name, sources)| format!("{name}：{}", cite_all(lang, sources))),
    )
}

pub(crate) fn summary(
    o: &OverlapReport,
    g: &GapReport,
    n: &NetworkReport,
    l: &LintReport,
    m: &Matrix,
    lang: Lang,
) -> Table {
    let count = |s: Severity| o.topics.iter().filter(|t| t.severity == s).count();
    let top: Vec<String> = n.ranking.iter().take(3).map(|r| r.name.clone()).collect();
    let partners: usize = g
        .unspecified_partners
        .iter()
        .map(|b| b.mentions.len())
        .sum();
    let row = |a: String, b: String, c: String, s: Option<Severity>| Row {
        cells: vec![a, b, c],
        class: s.and_then(class),
    };
    let high_gaps = g
        .topics_without_lead
        .iter()
        .filter(|t| t.severity == Severity::High)
        .count();
    table(
        lang,
        &[("项目", "Item"), ("结果", "Result"), ("说明", "Note")],
        vec![
            row(
                tr(lang, "涉及的主题", "Topics dealt with"),
                o.topics.len().to_string(),
                tr(
                    lang,
                    "至少一个主体的职责涉及的主题",
                    "topics at least one body's duties concern",
                ),
                None,
            ),
            row(
                tr(
                    lang,
                    "多头牵头的主题（高/中/低）",
                    "Topics with several leads (high/medium/low)",
                ),
                format!(
                    "{}/{}/{}",
                    count(Severity::High),
                    count(Severity::Medium),
                    count(Severity::Low)
                ),
                tr(
                    lang,
                    "两个以上主体“负责”同一主题，推诿扯皮风险",
                    "two or more bodies lead the same topic",
                ),
                Some(if count(Severity::High) > 0 {
                    Severity::High
                } else {
                    Severity::Low
                }),
            ),
            row(
                tr(lang, "无人牵头的主题", "Topics nobody leads"),
                format!(
                    "{}（{}{high_gaps}）",
                    g.topics_without_lead.len(),
                    tr(lang, "高", "high ")
                ),
                tr(
                    lang,
                    "只被指导、协调、督促或配合，监管盲区",
                    "only guided, coordinated, overseen or cooperated on",
                ),
                Some(if high_gaps > 0 {
                    Severity::High
                } else {
                    Severity::Low
                }),
            ),
            row(
                tr(
                    lang,
                    "合作对象未指明的职责",
                    "Duties with an unnamed partner",
                ),
                partners.to_string(),
                tr(
                    lang,
                    "会同、配合“有关部门”等",
                    "会同/配合 有关部门 and the like",
                ),
                Some(Severity::Medium),
            ),
            row(
                tr(lang, "关系网络", "Network"),
                format!("{} / {}", n.nodes.len(), n.edges.len()),
                tr(
                    lang,
                    "节点 / 边（含文本所述领导关系）",
                    "nodes / edges (with the stated line of command)",
                ),
                None,
            ),
            row(
                tr(lang, "中心性前三", "Most central bodies"),
                series(lang, top),
                tr(lang, "按中介中心性排序", "by betweenness centrality"),
                None,
            ),
            row(
                tr(
                    lang,
                    "修改意见（高/中/低）",
                    "Review comments (high/medium/low)",
                ),
                format!(
                    "{} ({}/{}/{})",
                    l.findings.len(),
                    l.count(Severity::High),
                    l.count(Severity::Medium),
                    l.count(Severity::Low)
                ),
                tr(
                    lang,
                    "编号、附件、层级用语、日期、标点、简称",
                    "numbering, annex, level, dates, punctuation, abbreviations",
                ),
                Some(if l.count(Severity::High) > 0 {
                    Severity::High
                } else {
                    Severity::Medium
                }),
            ),
            row(
                tr(lang, "职责矩阵", "Matrix"),
                format!("{} × {}", m.rows.len(), m.topics.len()),
                tr(lang, "主体 × 主题", "bodies × topics"),
                None,
            ),
        ],
    )
}

pub(crate) fn overlap_blocks(out: &mut Vec<Block>, o: &OverlapReport, lang: Lang, level: u8) {
    if o.topics.iter().any(|t| t.across.is_some()) {
        return overlap_lists_blocks(out, o, lang, level);
    }
    let flagged: Vec<_> = o.flagged().collect();
    let (topics, several) = (o.topics.len(), flagged.len());
    let count = |s: Severity| flagged.iter().filter(|t| t.severity == s).count();
    let (high, medium, low) = (
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
    );
    out.push(Block::Paragraph(match lang {
        Lang::Zh => format!(
            "共{topics}个主题有主体涉及，其中{several}个主题有两个以上主体牵头负责（高{high}、中{medium}、低{low}）。“高”：两个以上部门牵头同一行业领域、风险或场所主题；“中”：牵头者中部门不足两个；“低”：各部门在本系统内各自履行的工作环节（如事故调查处理、安全生产统计）。"
        ),
        Lang::En => format!(
            "{topics} topics are dealt with; {several} have more than one body in the lead (high {high}, medium {medium}, low {low}). High: two or more departments lead the same industry, hazard or place topic; medium: fewer than two of the leads are departments; low: a function of safety work each body performs in its own field."
        ),
    }));
    out.push(heading(
        level,
        lang,
        "多头牵头的主题",
        "Topics with several leads",
    ));
    for t in &flagged {
        let label = tr(lang, &t.topic, &t.topic_en);
        out.push(Block::Heading(
            level + 1,
            match lang {
                Lang::Zh => format!(
                    "{label}（风险{}：{}个主体牵头）",
                    t.severity.zh(),
                    t.lead_count
                ),
                Lang::En => format!("{label} ({} risk: {} leads)", t.severity.en(), t.lead_count),
            },
        ));
        out.push(Block::Table(table(
            lang,
            &[
                ("主体", "Body"),
                ("方式（强→弱）", "Modes (strongest first)"),
                ("出处", "Sources"),
            ],
            t.bodies
                .iter()
                .map(|b| Row {
                    cells: vec![
                        body_name(lang, b).to_owned(),
                        modes_label(lang, &b.modes),
                        cite_all(lang, &b.sources),
                    ],
                    class: if b.leads() { class(t.severity) } else { None },
                })
                .collect(),
        )));
    }
    out.push(heading(
        level,
        lang,
        "单一牵头或无人牵头的主题",
        "Topics with one lead or none",
    ));
    out.push(Block::Table(table(
        lang,
        &[
            ("主题", "Topic"),
            ("牵头主体", "Lead"),
            ("其他参与主体（方式）", "Others (modes)"),
        ],
        o.topics
            .iter()
            .filter(|t| t.severity == Severity::None)
            .map(|t| {
                let leads: Vec<&str> = t
                    .bodies
                    .iter()
                    .filter(|b| b.leads())
                    .map(|b| body_name(lang, b))
                    .collect();
                let others: Vec<String> = t
                    .bodies
                    .iter()
                    .filter(|b| !b.leads())
                    .map(|b| format!("{} {}", body_name(lang, b), letters(&b.modes)))
                    .collect();
                Row {
                    cells: vec![
                        tr(lang, &t.topic, &t.topic_en),
                        if leads.is_empty() {
                            tr(lang, "（无）", "(none)")
                        } else {
                            leads.join("、")
                        },
                        others.join("、"),
                    ],
                    class: None,
                }
            })
            .collect(),
    )));
    out.push(heading(
        level,
        lang,
        "主体两两重叠（前20对）",
        "Pairwise overlap of bodies (top 20)",
    ));
    out.push(Block::Paragraph(tr(
        lang,
        "按两主体共同涉及的行业领域、风险和场所主题计算 Jaccard 系数（共同主题数 ÷ 任一方涉及的主题数）。",
        "Jaccard similarity over the industry, hazard and place topics the two bodies deal with (shared ÷ either).",
    )));
    out.push(Block::Table(pair_table(
        lang,
        o,
        [
            ("主体甲", "Body A"),
            ("主体乙", "Body B"),
            ("共同主题", "Shared"),
        ],
        |p| p.shared.len().to_string(),
    )));
}

/// The first 20 pairs of bodies (or roles): the two, `third` (a count), Jaccard and the
/// shared topics; `headers` names the first three columns.
fn pair_table(
    lang: Lang,
    o: &OverlapReport,
    headers: [(&str, &str); 3],
    third: impl Fn(&PairOverlap) -> String,
) -> Table {
    let [a, b, c] = headers;
    table(
        lang,
        &[
            a,
            b,
            c,
            ("Jaccard", "Jaccard"),
            ("共同主题", "Shared topics"),
        ],
        o.pairs
            .iter()
            .take(20)
            .map(|p| Row {
                cells: vec![
                    p.a.clone(),
                    p.b.clone(),
                    third(p),
                    format!("{:.3}", p.jaccard),
                    p.shared.join("、"),
                ],
                class: None,
            })
            .collect(),
    )
}

/// The overlaps over many lists: per topic, the lists with several leads and the roles.
fn overlap_lists_blocks(out: &mut Vec<Block>, o: &OverlapReport, lang: Lang, level: u8) {
    let flagged: Vec<_> = o.flagged().collect();
    let (topics, several) = (o.topics.len(), flagged.len());
    let sample = crate::analysis::compare::SAMPLE;
    out.push(Block::Paragraph(match lang {
        Lang::Zh => format!(
            "多份清单一并分析：风险逐份清单计算（不同清单的主体之间不算重叠），同一职能角色的主体（如区应急管理局、县应急管理局）合并为一行并注明清单数。共{topics}个主题有主体涉及，其中{several}个主题至少在一份清单中有两个以上主体牵头负责。每个主题最多列出{sample}份清单为例。"
        ),
        Lang::En => format!(
            "Several lists analysed together: severities are computed list by list (bodies of different lists never overlap), and bodies of the same role (区应急管理局, 县应急管理局…) make one row with the number of lists. {topics} topics are dealt with; {several} have more than one body in the lead in at least one list. Up to {sample} example lists per topic."
        ),
    }));
    out.push(heading(
        level,
        lang,
        "多头牵头的主题",
        "Topics with several leads",
    ));
    out.push(Block::Table(table(
        lang,
        &[
            ("主题", "Topic"),
            ("最高风险", "Worst severity"),
            ("涉及清单数", "Lists"),
            (
                "多头牵头清单数（高/中/低）",
                "Lists with several leads (high/medium/low)",
            ),
            ("牵头角色（牵头清单数）", "Lead roles (lists)"),
        ],
        flagged
            .iter()
            .filter_map(|t| {
                let a = t.across.as_ref()?;
                Some(Row {
                    cells: vec![
                        tr(lang, &t.topic, &t.topic_en),
                        severity_label(lang, t.severity),
                        a.lists.to_string(),
                        format!("{}（{}/{}/{}）", a.flagged(), a.high, a.medium, a.low),
                        role_counts(lang, &t.bodies),
                    ],
                    class: class(t.severity),
                })
            })
            .collect(),
    )));
    out.push(heading(
        level,
        lang,
        "多头牵头的清单（示例）",
        "Lists with several leads (examples)",
    ));
    out.push(Block::Table(table(
        lang,
        &[
            ("主题", "Topic"),
            ("清单", "List"),
            ("风险", "Severity"),
            ("牵头主体及出处", "Bodies in the lead and sources"),
        ],
        flagged
            .iter()
            .filter_map(|t| t.across.as_ref().map(|a| (t, a)))
            .flat_map(|(t, a)| {
                a.examples.iter().map(move |e| Row {
                    cells: vec![
                        tr(lang, &t.topic, &t.topic_en),
                        e.list_title.clone(),
                        severity_label(lang, e.severity),
                        leads_with_sources(
                            lang,
                            e.leads
                                .iter()
                                .map(|b| (body_name(lang, b), b.sources.as_slice())),
                        ),
                    ],
                    class: class(e.severity),
                })
            })
            .collect(),
    )));
    out.push(heading(
        level,
        lang,
        "各清单均单一牵头或无人牵头的主题",
        "Topics with one lead or none in every list",
    ));
    out.push(Block::Table(table(
        lang,
        &[
            ("主题", "Topic"),
            ("涉及清单数", "Lists"),
            ("牵头角色（牵头清单数）", "Lead roles (lists)"),
        ],
        o.topics
            .iter()
            .filter(|t| t.severity == Severity::None)
            .map(|t| Row {
                cells: vec![
                    tr(lang, &t.topic, &t.topic_en),
                    t.across.as_ref().map_or(0, |a| a.lists).to_string(),
                    role_counts(lang, &t.bodies),
                ],
                class: None,
            })
            .collect(),
    )));
    out.push(heading(
        level,
        lang,
        "角色两两重叠（前20对）",
        "Pairwise overlap of roles (top 20)",
    ));
    out.push(Block::Paragraph(tr(
        lang,
        "同一清单内两个主体共同涉及行业领域、风险或场所主题时计一次，按角色汇总：清单数、平均 Jaccard 系数、半数以上清单中共同涉及的主题。",
        "Two bodies of one list sharing industry, hazard or place topics count once, summed by role: the lists, the mean Jaccard similarity, the topics shared in at least half of them.",
    )));
    out.push(Block::Table(pair_table(
        lang,
        o,
        [
            ("角色甲", "Role A"),
            ("角色乙", "Role B"),
            ("清单数", "Lists"),
        ],
        |p| p.lists.unwrap_or(1).to_string(),
    )));
}

/// 应急管理部门（12）、住房城乡建设部门（3）: the roles in the lead, by lists.
fn role_counts(lang: Lang, bodies: &[EngagedBody]) -> String {
    let mut leads: Vec<&EngagedBody> = bodies
        .iter()
        .filter(|b| b.lead_lists.unwrap_or(0) > 0)
        .collect();
    leads.sort_by_key(|b| std::cmp::Reverse(b.lead_lists));
    if leads.is_empty() {
        return tr(lang, "（无）", "(none)");
    }
    series(
        lang,
        leads.iter().map(|b| match lang {
            Lang::Zh => format!("{}（{}）", b.name, b.lead_lists.unwrap_or(0)),
            Lang::En => format!("{} ({})", b.name_en, b.lead_lists.unwrap_or(0)),
        }),
    )
}

/// The columns of the list summary from `level` on (the title and the IRI come first).
pub(crate) fn list_counts(l: &ListSummary) -> [String; 6] {
    [
        l.level.clone().unwrap_or_default(),
        l.bodies.to_string(),
        l.duties.to_string(),
        l.topics.to_string(),
        l.topics_several_leads.to_string(),
        l.topics_without_lead.to_string(),
    ]
}

/// The comparison of lists.
pub(crate) fn compare_blocks(out: &mut Vec<Block>, c: &CompareReport, lang: Lang, level: u8) {
    let several = c
        .lists
        .iter()
        .filter(|l| l.topics_several_leads > 0)
        .count();
    let (lists, topics) = (c.lists.len(), c.topics.len());
    let sample = crate::analysis::compare::SAMPLE;
    out.push(Block::Paragraph(match lang {
        Lang::Zh => format!(
            "共比较{lists}份清单、{topics}个主题。不同清单的主体按职能角色对应（skos:closeMatch，如区应急管理局～县应急管理局～市应急管理局），未能对应角色的按名称。“通常牵头角色”指在最多清单中牵头该主题的角色；其他清单把牵头交给别的角色时列为“非通常牵头”（每个主题最多列{sample}份清单为例）。{several}份清单至少有一个主题多头牵头。"
        ),
        Lang::En => format!(
            "{lists} lists and {topics} topics compared. Bodies of different lists are matched by role (skos:closeMatch: 区应急管理局 ~ 县应急管理局 ~ 市应急管理局), a body no role fits by its name. The usual lead is the role that leads the topic in the most lists; lists that give the lead to another role are listed as unusual leads (up to {sample} per topic). {several} lists have at least one topic with several leads."
        ),
    }));
    out.push(heading(level, lang, "各清单概况", "The lists"));
    out.push(Block::Table(table(
        lang,
        &[
            ("清单", "List"),
            ("层级", "Level"),
            ("主体", "Bodies"),
            ("职责", "Duties"),
            ("涉及主题", "Topics"),
            ("多头牵头主题", "Topics with several leads"),
            ("无人牵头主题", "Topics nobody leads"),
        ],
        c.lists
            .iter()
            .map(|l| {
                let mut cells = vec![l.title.clone()];
                cells.extend(list_counts(l));
                Row { cells, class: None }
            })
            .collect(),
    )));
    out.push(heading(
        level,
        lang,
        "各主题由哪类主体牵头",
        "Who leads each topic",
    ));
    out.push(Block::Table(table(
        lang,
        &[
            ("主题", "Topic"),
            ("大类", "Facet"),
            (
                "涉及/牵头/多头/未涉及清单数",
                "Lists concerned/led/several leads/not concerned",
            ),
            ("通常牵头角色（清单数）", "Usual lead (lists)"),
            ("其他牵头角色（清单数）", "Other lead roles (lists)"),
            (
                "按附件类别牵头（清单数）",
                "Leads by annex category (lists)",
            ),
        ],
        c.topics
            .iter()
            .map(|t| {
                let usual = t.usual_lead.as_ref().map(|u| u.label.as_str());
                let others = t
                    .roles
                    .iter()
                    .filter(|r| r.leads > 0 && Some(r.label.as_str()) != usual)
                    .take(5)
                    .map(|r| format!("{}（{}）", tr(lang, &r.label, &r.label_en), r.leads));
                let categories = t
                    .categories
                    .iter()
                    .filter(|g| g.leads > 0)
                    .map(|g| format!("{}（{}）", tr(lang, &g.label, &g.label_en), g.leads));
                Row {
                    cells: vec![
                        tr(lang, &t.topic, &t.topic_en),
                        tr(lang, t.facet.zh(), t.facet.en()),
                        format!(
                            "{}/{}/{}/{}",
                            t.lists_concerned,
                            t.lists_led,
                            t.lists_several_leads,
                            t.lists_not_concerned
                        ),
                        t.usual_lead.as_ref().map_or_else(
                            || tr(lang, "（无）", "(none)"),
                            |u| {
                                format!(
                                    "{}（{}）",
                                    tr(lang, &u.label, &u.label_en),
                                    t.usual_lead_lists
                                )
                            },
                        ),
                        series(lang, others),
                        series(lang, categories),
                    ],
                    class: (t.lists_several_leads > 0).then_some("low"),
                }
            })
            .collect(),
    )));
    out.push(heading(
        level,
        lang,
        "把牵头交给非通常角色的清单（示例）",
        "Lists that give the lead to an unusual role (examples)",
    ));
    out.push(Block::Table(table(
        lang,
        &[
            ("主题", "Topic"),
            ("通常牵头角色", "Usual lead"),
            ("清单（共几份）", "List (of how many)"),
            ("牵头主体及出处", "Bodies in the lead and sources"),
        ],
        c.topics
            .iter()
            .flat_map(|t| {
                t.unusual_leads.iter().map(move |l| Row {
                    cells: vec![
                        tr(lang, &t.topic, &t.topic_en),
                        t.usual_lead
                            .as_ref()
                            .map(|u| tr(lang, &u.label, &u.label_en))
                            .unwrap_or_default(),
                        format!("{}（{}）", l.list_title, t.unusual_leads_total),
                        leads_with_sources(
                            lang,
                            l.leads
                                .iter()
                                .map(|b| (b.name.as_str(), b.sources.as_slice())),
                        ),
                    ],
                    class: Some("medium"),
                })
            })
            .collect(),
    )));
    let missing: Vec<String> = c
        .topics
        .iter()
        .filter(|t| t.lists_not_concerned > 0)
        .map(|t| {
            format!(
                "{}（{}）",
                tr(lang, &t.topic, &t.topic_en),
                t.lists_not_concerned
            )
        })
        .collect();
    let missing = if missing.is_empty() {
        tr(lang, "无", "none")
    } else {
        series(lang, missing)
    };
    out.push(heading(
        level,
        lang,
        "部分清单未涉及的主题",
        "Topics some lists give to nobody",
    ));
    out.push(Block::Paragraph(match lang {
        Lang::Zh => format!(
            "以下主题在括号内数量的清单中没有任何职责涉及（JSON 中 not_concerned 列出其中最多{sample}份）：{missing}。"
        ),
        Lang::En => format!(
            "These topics are concerned by no duty in the number of lists in brackets (not_concerned in the JSON names up to {sample} of them): {missing}."
        ),
    }));
}

fn body_gap_table(lang: Lang, gaps: &[BodyGap]) -> Table {
    table(
        lang,
        &[
            ("主体", "Body"),
            ("条", "Article"),
            ("附件类别", "Annex category"),
            ("具体领域分句（其中牵头）", "Topic-specific clauses (lead)"),
            ("风险", "Severity"),
            ("出处", "Sources"),
        ],
        gaps.iter()
            .map(|g| Row {
                cells: vec![
                    g.body.clone(),
                    match (lang, g.article) {
                        (Lang::Zh, Some(a)) => format!("第{a}条（第{}行）", g.line),
                        (Lang::En, Some(a)) => format!("art. {a} (line {})", g.line),
                        (Lang::Zh, None) => format!("第{}行", g.line),
                        (Lang::En, None) => format!("line {}", g.line),
                    },
                    g.category.map_or_else(
                        || tr(lang, "未列入", "not listed"),
                        |c| tr(lang, c.short_zh(), c.en()),
                    ),
                    format!("{}（{}）", g.specific_clauses, g.specific_leads),
                    severity_label(lang, g.severity),
                    cite_all(lang, &g.sources),
                ],
                class: class(g.severity),
            })
            .collect(),
    )
}

pub(crate) fn gap_blocks(out: &mut Vec<Block>, g: &GapReport, lang: Lang, level: u8) {
    out.push(heading(
        level,
        lang,
        "无人牵头的主题（监管盲区）",
        "Topics nobody leads",
    ));
    out.push(Block::Table(table(
        lang,
        &[
            ("主题", "Topic"),
            ("大类", "Facet"),
            ("风险", "Severity"),
            ("涉及主体、方式及出处", "Bodies, modes and sources"),
        ],
        g.topics_without_lead
            .iter()
            .map(|t| Row {
                cells: vec![
                    tr(lang, &t.topic, &t.topic_en),
                    tr(lang, t.facet.zh(), t.facet.en()),
                    severity_label(lang, t.severity),
                    semicolons(
                        lang,
                        t.bodies.iter().map(|b| {
                            format!(
                                "{} {}：{}",
                                body_name(lang, b),
                                letters(&b.modes),
                                cite_all(lang, &b.sources)
                            )
                        }),
                    ),
                ],
                class: class(t.severity),
            })
            .collect(),
    )));
    out.push(heading(
        level,
        lang,
        "未被任何条款涉及的主题",
        "Topics no duty concerns",
    ));
    let unmentioned = g.unmentioned_topics.len();
    let names = series(
        lang,
        g.unmentioned_topics
            .iter()
            .map(|t| tr(lang, &t.topic, &t.topic_en)),
    );
    out.push(Block::Paragraph(match lang {
        Lang::Zh => format!(
            "主题分类中有{unmentioned}个主题未被任何职责涉及（请核实本地是否存在相关行业领域）：{names}。"
        ),
        Lang::En => format!(
            "{unmentioned} topics of the taxonomy are concerned by no duty (check whether they exist locally): {names}."
        ),
    }));
    out.push(heading(
        level,
        lang,
        "合作对象未具体指明的职责",
        "Duties with an unnamed partner",
    ));
    out.push(Block::Table(table(
        lang,
        &[
            ("主体", "Body"),
            ("出处", "Source"),
            ("动词", "Verb"),
            ("对象原文", "Partner as written"),
            ("风险", "Severity"),
        ],
        g.unspecified_partners
            .iter()
            .flat_map(|b| {
                b.mentions.iter().map(move |m| Row {
                    cells: vec![
                        b.body.clone(),
                        cite(lang, &m.source),
                        m.verb.clone(),
                        m.partner.clone(),
                        severity_label(lang, m.severity),
                    ],
                    class: class(m.severity),
                })
            })
            .collect(),
    )));
    out.push(heading(
        level,
        lang,
        "清单中没有职责条款的相对方",
        "Parties with no article in the list",
    ));
    out.push(Block::Table(table(
        lang,
        &[
            ("相对方", "Party"),
            ("类别", "Class"),
            ("提及（主体、动词、出处）", "Named by (body, verb, source)"),
        ],
        g.unknown_parties
            .iter()
            .map(|p| Row {
                cells: vec![
                    p.party.clone(),
                    p.class.clone(),
                    semicolons(
                        lang,
                        p.mentions
                            .iter()
                            .map(|m| format!("{} {}：{}", m.body, m.verb, cite(lang, &m.source))),
                    ),
                ],
                class: class(p.severity),
            })
            .collect(),
    )));
    for (zh, en, gaps) in [
        (
            "附件列为“监督管理”类、却无具体领域牵头职责的部门",
            "Supervision departments (annex) with no topic-specific lead",
            &g.supervision_without_lead,
        ),
        (
            "有具体领域牵头职责、附件却未列为“监督管理”类的部门",
            "Departments leading specific topics the annex does not call supervision",
            &g.lead_outside_supervision,
        ),
        (
            "没有具体领域职责的主体",
            "Bodies with no topic-specific duty",
            &g.bodies_without_specific_duty,
        ),
    ] {
        out.push(heading(level, lang, zh, en));
        out.push(Block::Table(body_gap_table(lang, gaps)));
    }
}

fn relation_label(lang: Lang, relation: &str) -> String {
    let zh = match relation {
        "guides" => "指导",
        "urges" => "督促",
        "supervises" => "监督",
        "coordinates" => "协调",
        "cooperatesWith" => "配合",
        "jointlyWith" => "会同",
        "actsJointlyWith" => "联合",
        "assists" => "协助",
        "supports" => "支持",
        "commands" => "领导",
        "housedIn" => "设在",
        other => other,
    };
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => relation.to_owned(),
    }
}

pub(crate) fn network_blocks(out: &mut Vec<Block>, n: &NetworkReport, lang: Lang, level: u8) {
    let label = |id: &str| {
        n.node(id)
            .map_or(id.to_owned(), |x| tr(lang, &x.label, &x.label_en))
    };
    let count = |kind: NodeKind| n.nodes.iter().filter(|x| x.kind == kind).count();
    let (nodes, bodies, parties, organs, edges) = (
        n.nodes.len(),
        count(NodeKind::Body),
        count(NodeKind::Party),
        count(NodeKind::Organ),
        n.edges.len(),
    );
    out.push(Block::Paragraph(match lang {
        Lang::Zh => format!(
            "有向图共{nodes}个节点（{bodies}个责任主体、{parties}个相对方群体、{organs}个文本中的领导机关）和{edges}条边。边为文本所写的指导、督促、监督、协调、配合、会同、联合、协助、支持关系，加上文本所述的领导关系（“领导区安委会工作”“在区委、区政府领导下”“……交办”）和“设在”关系。中心性按简单有向图计算：中介中心性（rustworkx-core，归一化）、PageRank（petgraph，阻尼0.85）和度。"
        ),
        Lang::En => format!(
            "The directed graph has {nodes} nodes ({bodies} bodies, {parties} party groups, {organs} organs named in the text) and {edges} edges: the relations written in the duties plus the line of command the text states and the housing of the office. Centralities on the simple directed graph: normalised betweenness (rustworkx-core), PageRank (petgraph, damping 0.85) and degree."
        ),
    }));
    out.push(heading(
        level,
        lang,
        "中心性排名（前10）",
        "Centrality ranking (top 10)",
    ));
    out.push(Block::Table(table(
        lang,
        &[
            ("名次", "Rank"),
            ("主体", "Body"),
            ("中介中心性", "Betweenness"),
            ("PageRank", "PageRank"),
            ("度", "Degree"),
        ],
        n.ranking
            .iter()
            .take(10)
            .map(|r| Row {
                cells: vec![
                    r.rank.to_string(),
                    label(&r.iri),
                    format!("{:.4}", r.betweenness),
                    format!("{:.4}", r.pagerank),
                    r.degree.to_string(),
                ],
                class: None,
            })
            .collect(),
    )));
    let edge_table = |keep: &dyn Fn(&str, &str, &str) -> bool| {
        table(
            lang,
            &[
                ("主体", "From"),
                ("关系", "Relation"),
                ("对象", "To"),
                ("原文写法", "As written"),
                ("出处", "Sources"),
            ],
            n.edges
                .iter()
                .filter(|e| keep(&e.relation, &e.from, &e.to))
                .map(|e| Row {
                    cells: vec![
                        label(&e.from),
                        relation_label(lang, &e.relation),
                        label(&e.to),
                        e.as_written.join("、"),
                        cite_all(lang, &e.sources),
                    ],
                    class: None,
                })
                .collect(),
        )
    };
    out.push(heading(
        level,
        lang,
        "文本所述的领导关系",
        "The line of command the text states",
    ));
    out.push(Block::Table(edge_table(&|r, _, _| {
        r == "commands" || r == "housedIn"
    })));
    let is_body = |id: &str| n.node(id).is_some_and(|x| x.kind == NodeKind::Body);
    out.push(heading(
        level,
        lang,
        "主体之间的关系",
        "Relations between bodies",
    ));
    out.push(Block::Table(edge_table(&|r, f, t| {
        r != "commands" && r != "housedIn" && is_body(f) && is_body(t)
    })));
    out.push(heading(
        level,
        lang,
        "强连通分量与可达性",
        "Strongly connected components and reachability",
    ));
    let components = if n.components.is_empty() {
        tr(lang, "无", "none")
    } else {
        semicolons(
            lang,
            n.components
                .iter()
                .map(|c| c.iter().map(|id| label(id)).collect::<Vec<_>>().join("、")),
        )
    };
    // A list that states no line of command (an outline of one body) has no top.
    let or_none = |names: String| {
        if names.is_empty() {
            tr(lang, "无", "none")
        } else {
            names
        }
    };
    let roots = or_none(series(lang, n.roots.iter().map(|r| label(r))));
    let unreached = n.unreached_bodies.len();
    let unreached_names = or_none(series(lang, n.unreached_bodies.iter().map(|r| label(r))));
    out.push(Block::Paragraph(match lang {
        Lang::Zh => format!(
            "强连通分量（多于一个节点）：{components}。领导关系的顶端：{roots}。从顶端沿任何关系都到达不了的主体（{unreached}个）：{unreached_names}。"
        ),
        Lang::En => format!(
            "Strongly connected components (more than one node): {components}. Top of the line of command: {roots}. Bodies no path from the top reaches ({unreached}): {unreached_names}."
        ),
    }));
}

pub(crate) fn lint_blocks(out: &mut Vec<Block>, l: &LintReport, lang: Lang) {
    let (all, high, medium, low) = (
        l.findings.len(),
        l.count(Severity::High),
        l.count(Severity::Medium),
        l.count(Severity::Low),
    );
    out.push(Block::Paragraph(match lang {
        Lang::Zh => format!(
            "共{all}条意见（高{high}条、中{medium}条、低{low}条），按条款顺序排列。“高”指引用不明或机关写错，“中”指印发前须补正的不完整或不一致之处，“低”指格式和标点。"
        ),
        Lang::En => format!(
            "{all} comments (high {high}, medium {medium}, low {low}), in the order of the text. High: a wrong authority or an ambiguous citation; medium: incomplete or inconsistent text to settle before issue; low: form and punctuation."
        ),
    }));
    out.push(Block::Comments(
        l.findings
            .iter()
            .map(|f| {
                let mut details = vec![
                    (tr(lang, "原文", "Text"), format!("“{}”", f.evidence)),
                    (
                        tr(lang, "建议", "Suggestion"),
                        tr(lang, &f.suggestion, &f.suggestion_en),
                    ),
                ];
                if !f.sources.is_empty() {
                    details.push((tr(lang, "出处", "Sources"), cite_all(lang, &f.sources)));
                }
                Comment {
                    place: match lang {
                        Lang::Zh => format!("{}（第{}行）", f.citation, f.line),
                        Lang::En => format!("{} (line {})", f.citation, f.line),
                    },
                    severity: f.severity,
                    message: tr(lang, &f.message, &f.message_en),
                    details,
                }
            })
            .collect(),
    ));
}

/// Body × topic, with `corner` in the top-left cell.
pub(crate) fn matrix_table(m: &Matrix, lang: Lang, corner: String) -> Table {
    let mut headers = vec![corner];
    headers.extend(m.topics.iter().map(|t| tr(lang, &t.topic, &t.topic_en)));
    Table {
        headers,
        rows: m
            .rows
            .iter()
            .map(|r| {
                let mut cells = vec![tr(lang, &r.body, &r.body_en)];
                cells.extend(r.cells.iter().cloned());
                Row { cells, class: None }
            })
            .collect(),
        wide: true,
    }
}

pub(crate) fn matrix_blocks(out: &mut Vec<Block>, m: &Matrix, lang: Lang) {
    out.push(Block::Paragraph(match lang {
        Lang::Zh => format!(
            "{}个主体 × {}个主题。图例：{}。一格内多个字母按强弱排列。Excel/WPS 版：dutygraph report matrix --format xlsx -o 职责矩阵.xlsx。",
            m.rows.len(),
            m.topics.len(),
            m.legend
                .iter()
                .map(|e| format!("{}＝{}（{}）", e.letter, e.zh, e.verbs))
                .collect::<Vec<_>>()
                .join("，")
        ),
        Lang::En => format!(
            "{} bodies × {} topics. Legend: {}. Several letters in a cell are strongest first. For Excel/WPS: dutygraph report matrix --format xlsx -o matrix.xlsx.",
            m.rows.len(),
            m.topics.len(),
            m.legend
                .iter()
                .map(|e| format!("{} = {}", e.letter, e.en))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }));
    out.push(Block::Table(matrix_table(
        m,
        lang,
        tr(lang, "主体", "Body"),
    )));
}
