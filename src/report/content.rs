//! The content of the Markdown and HTML reports, as blocks both renderers share.

use crate::analysis::compare::{CompareReport, ListSummary};
use crate::analysis::engagement::EngagedBody;
use crate::analysis::gaps::{BodyGap, GapReport};
use crate::analysis::lint::LintReport;
use crate::analysis::matrix::Matrix;
use crate::analysis::network::{NetworkReport, NodeKind};
use crate::analysis::overlap::{OverlapReport, PairOverlap};
use crate::analysis::{Lang, Mode, Severity, SourceRef, letters};
use crate::catalogue::{self, Text};
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
    catalogue::LABEL_SEPARATOR.get(lang)
}

/// What an empty table shows, in every renderer.
pub(crate) fn nothing(lang: Lang) -> &'static str {
    catalogue::NONE_PARENS.get(lang)
}

pub(crate) fn severity_label(lang: Lang, s: Severity) -> String {
    tr(lang, s.zh(), s.en())
}

/// A table (not wide) whose headers are given in Chinese and English.
pub(crate) fn table(lang: Lang, headers: &[Text], rows: Vec<Row>) -> Table {
    Table {
        headers: headers.iter().map(|h| h.get(lang).to_owned()).collect(),
        rows,
        wide: false,
    }
}

pub(crate) fn heading(level: u8, lang: Lang, text: Text) -> Block {
    Block::Heading(level, text.get(lang).to_owned())
}

/// Items joined with 、 (Chinese) or ", " (English).
fn series(lang: Lang, items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    items.join(catalogue::LIST_SEPARATOR.get(lang))
}

/// Items joined with ； (Chinese) or "; " (English).
fn semicolons(lang: Lang, items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    items.join(catalogue::SEMICOLON_SEPARATOR.get(lang))
}

pub(crate) fn mode_label(lang: Lang, m: Mode) -> String {
    catalogue::MODE_WITH_LETTER.fill(
        lang,
        &[("letter", &m.letter()), ("mode", &tr(lang, m.zh(), m.en()))],
    )
}

pub(crate) fn modes_label(lang: Lang, modes: &[Mode]) -> String {
    series(lang, modes.iter().map(|m| mode_label(lang, *m)))
}

/// 第四十一条第（二）项（第447行，dgid:weidu-2022-draft/art41/item2）
pub(crate) fn cite(lang: Lang, s: &SourceRef) -> String {
    let iri = compact_iri(&s.duty).unwrap_or_else(|| s.duty.clone());
    catalogue::CITATION_LINE_IRI.fill(
        lang,
        &[("citation", &s.citation), ("line", &s.line), ("iri", &iri)],
    )
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
        &[catalogue::ITEM, catalogue::RESULT, catalogue::NOTE],
        vec![
            row(
                catalogue::TOPICS_DEALT_WITH.get(lang).to_owned(),
                o.topics.len().to_string(),
                catalogue::TOPICS_DEALT_WITH_NOTE.get(lang).to_owned(),
                None,
            ),
            row(
                catalogue::TOPICS_SEVERAL_LEADS_BY_SEVERITY
                    .get(lang)
                    .to_owned(),
                format!(
                    "{}/{}/{}",
                    count(Severity::High),
                    count(Severity::Medium),
                    count(Severity::Low)
                ),
                catalogue::TOPICS_SEVERAL_LEADS_NOTE.get(lang).to_owned(),
                Some(if count(Severity::High) > 0 {
                    Severity::High
                } else {
                    Severity::Low
                }),
            ),
            row(
                catalogue::TOPICS_NOBODY_LEADS.get(lang).to_owned(),
                format!(
                    "{}（{}{high_gaps}）",
                    g.topics_without_lead.len(),
                    catalogue::HIGH_PREFIX.get(lang).to_owned()
                ),
                catalogue::TOPICS_NOBODY_LEADS_NOTE.get(lang).to_owned(),
                Some(if high_gaps > 0 {
                    Severity::High
                } else {
                    Severity::Low
                }),
            ),
            row(
                catalogue::DUTIES_WITH_AN_UNNAMED_PARTNER
                    .get(lang)
                    .to_owned(),
                partners.to_string(),
                catalogue::UNNAMED_PARTNER_NOTE.get(lang).to_owned(),
                Some(Severity::Medium),
            ),
            row(
                catalogue::NETWORK.get(lang).to_owned(),
                format!("{} / {}", n.nodes.len(), n.edges.len()),
                catalogue::NODES_EDGES_NOTE.get(lang).to_owned(),
                None,
            ),
            row(
                catalogue::MOST_CENTRAL_BODIES.get(lang).to_owned(),
                series(lang, top),
                catalogue::MOST_CENTRAL_NOTE.get(lang).to_owned(),
                None,
            ),
            row(
                catalogue::REVIEW_COMMENTS_BY_SEVERITY.get(lang).to_owned(),
                format!(
                    "{} ({}/{}/{})",
                    l.findings.len(),
                    l.count(Severity::High),
                    l.count(Severity::Medium),
                    l.count(Severity::Low)
                ),
                catalogue::REVIEW_COMMENTS_NOTE.get(lang).to_owned(),
                Some(if l.count(Severity::High) > 0 {
                    Severity::High
                } else {
                    Severity::Medium
                }),
            ),
            row(
                catalogue::MATRIX.get(lang).to_owned(),
                format!("{} × {}", m.rows.len(), m.topics.len()),
                catalogue::MATRIX_NOTE.get(lang).to_owned(),
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
    out.push(Block::Paragraph(catalogue::OVERLAPS_SUMMARY.fill(
        lang,
        &[
            ("high", &high),
            ("low", &low),
            ("medium", &medium),
            ("several", &several),
            ("topics", &topics),
        ],
    )));
    out.push(heading(level, lang, catalogue::SEVERAL_LEADS_HEADING));
    for t in &flagged {
        let label = tr(lang, &t.topic, &t.topic_en);
        out.push(Block::Heading(
            level + 1,
            catalogue::TOPIC_SEVERITY_LEADS.fill(
                lang,
                &[
                    ("topic", &label),
                    ("severity", &severity_label(lang, t.severity)),
                    ("leads", &t.lead_count),
                ],
            ),
        ));
        out.push(Block::Table(table(
            lang,
            &[
                catalogue::BODY,
                catalogue::MODES_STRONGEST_FIRST,
                catalogue::SOURCES,
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
    out.push(heading(level, lang, catalogue::ONE_LEAD_OR_NONE_HEADING));
    out.push(Block::Table(table(
        lang,
        &[catalogue::TOPIC, catalogue::LEAD, catalogue::OTHERS_MODES],
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
                            catalogue::NONE_PARENS.get(lang).to_owned()
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
    out.push(heading(level, lang, catalogue::PAIRWISE_BODIES_HEADING));
    out.push(Block::Paragraph(
        catalogue::PAIR_OVERLAP_METHOD.get(lang).to_owned(),
    ));
    out.push(Block::Table(pair_table(
        lang,
        o,
        [catalogue::BODY_A, catalogue::BODY_B, catalogue::SHARED],
        |p| p.shared.len().to_string(),
    )));
}

/// The first 20 pairs of bodies (or roles): the two, `third` (a count), Jaccard and the
/// shared topics; `headers` names the first three columns.
fn pair_table(
    lang: Lang,
    o: &OverlapReport,
    headers: [Text; 3],
    third: impl Fn(&PairOverlap) -> String,
) -> Table {
    let [a, b, c] = headers;
    table(
        lang,
        &[a, b, c, catalogue::JACCARD, catalogue::SHARED_TOPICS],
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
    out.push(Block::Paragraph(catalogue::OVERLAPS_MANY_SUMMARY.fill(
        lang,
        &[
            ("sample", &sample),
            ("several", &several),
            ("topics", &topics),
        ],
    )));
    out.push(heading(level, lang, catalogue::SEVERAL_LEADS_HEADING));
    out.push(Block::Table(table(
        lang,
        &[
            catalogue::TOPIC,
            catalogue::WORST_SEVERITY,
            catalogue::LISTS_CONCERNED,
            catalogue::LISTS_SEVERAL_LEADS_BY_SEVERITY,
            catalogue::LEAD_ROLES_LISTS,
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
        catalogue::LISTS_WITH_SEVERAL_LEADS_EXAMPLES,
    ));
    out.push(Block::Table(table(
        lang,
        &[
            catalogue::TOPIC,
            catalogue::LIST,
            catalogue::SEVERITY,
            catalogue::LEADS_AND_SOURCES,
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
    out.push(heading(level, lang, catalogue::ONE_LEAD_OR_NONE_EVERY_LIST));
    out.push(Block::Table(table(
        lang,
        &[
            catalogue::TOPIC,
            catalogue::LISTS_CONCERNED,
            catalogue::LEAD_ROLES_LISTS,
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
    out.push(heading(level, lang, catalogue::PAIRWISE_ROLES_HEADING));
    out.push(Block::Paragraph(
        catalogue::ROLE_PAIR_METHOD.get(lang).to_owned(),
    ));
    out.push(Block::Table(pair_table(
        lang,
        o,
        [catalogue::ROLE_A, catalogue::ROLE_B, catalogue::LIST_COUNT],
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
        return catalogue::NONE_PARENS.get(lang).to_owned();
    }
    series(
        lang,
        leads.iter().map(|b| {
            catalogue::NAME_WITH_COUNT.fill(
                lang,
                &[
                    ("name", &tr(lang, &b.name, &b.name_en)),
                    ("count", &b.lead_lists.unwrap_or(0)),
                ],
            )
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
    out.push(Block::Paragraph(catalogue::COMPARE_SUMMARY.fill(
        lang,
        &[
            ("lists", &lists),
            ("sample", &sample),
            ("several", &several),
            ("topics", &topics),
        ],
    )));
    out.push(heading(level, lang, catalogue::THE_LISTS));
    out.push(Block::Table(table(
        lang,
        &[
            catalogue::LIST,
            catalogue::LEVEL,
            catalogue::BODIES_COLUMN,
            catalogue::DUTIES,
            catalogue::TOPICS_CONCERNED,
            catalogue::TOPICS_WITH_SEVERAL_LEADS,
            catalogue::TOPICS_NOBODY_LEADS_COLUMN,
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
    out.push(heading(level, lang, catalogue::WHO_LEADS_EACH_TOPIC));
    out.push(Block::Table(table(
        lang,
        &[
            catalogue::TOPIC,
            catalogue::FACET,
            catalogue::LIST_COUNTS_COLUMN,
            catalogue::USUAL_LEAD_LISTS,
            catalogue::OTHER_LEAD_ROLES_LISTS,
            catalogue::LEADS_BY_CATEGORY,
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
                            || catalogue::NONE_PARENS.get(lang).to_owned(),
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
    out.push(heading(level, lang, catalogue::UNUSUAL_LEAD_LISTS));
    out.push(Block::Table(table(
        lang,
        &[
            catalogue::TOPIC,
            catalogue::USUAL_LEAD,
            catalogue::LIST_OF_HOW_MANY,
            catalogue::LEADS_AND_SOURCES,
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
        catalogue::NONE.get(lang).to_owned()
    } else {
        series(lang, missing)
    };
    out.push(heading(level, lang, catalogue::TOPICS_SOME_LISTS_LEAVE));
    out.push(Block::Paragraph(
        catalogue::TOPICS_NOT_CONCERNED_IN_LISTS
            .fill(lang, &[("missing", &missing), ("sample", &sample)]),
    ));
}

fn body_gap_table(lang: Lang, gaps: &[BodyGap]) -> Table {
    table(
        lang,
        &[
            catalogue::BODY,
            catalogue::ARTICLE_SHORT,
            catalogue::ANNEX_CATEGORY,
            catalogue::TOPIC_SPECIFIC_CLAUSES_LEAD,
            catalogue::SEVERITY,
            catalogue::SOURCES,
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
                        || catalogue::NOT_LISTED.get(lang).to_owned(),
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
    out.push(heading(level, lang, catalogue::NOBODY_LEADS_HEADING));
    out.push(Block::Table(table(
        lang,
        &[
            catalogue::TOPIC,
            catalogue::FACET,
            catalogue::SEVERITY,
            catalogue::BODIES_MODES_AND_SOURCES,
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
    out.push(heading(level, lang, catalogue::TOPICS_NO_DUTY_CONCERNS));
    let unmentioned = g.unmentioned_topics.len();
    let names = series(
        lang,
        g.unmentioned_topics
            .iter()
            .map(|t| tr(lang, &t.topic, &t.topic_en)),
    );
    out.push(Block::Paragraph(
        catalogue::UNMENTIONED_TOPICS_NOTE
            .fill(lang, &[("names", &names), ("unmentioned", &unmentioned)]),
    ));
    out.push(heading(level, lang, catalogue::UNNAMED_PARTNER_HEADING));
    out.push(Block::Table(table(
        lang,
        &[
            catalogue::BODY,
            catalogue::SOURCE,
            catalogue::VERB,
            catalogue::PARTNER_AS_WRITTEN,
            catalogue::SEVERITY,
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
    out.push(heading(level, lang, catalogue::PARTIES_WITHOUT_ARTICLE));
    out.push(Block::Table(table(
        lang,
        &[
            catalogue::PARTY,
            catalogue::CLASS,
            catalogue::NAMED_BY_BODY_VERB_SOURCE,
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
    for (title, gaps) in [
        (
            catalogue::SUPERVISION_WITHOUT_LEAD,
            &g.supervision_without_lead,
        ),
        (
            catalogue::LEAD_OUTSIDE_SUPERVISION,
            &g.lead_outside_supervision,
        ),
        (
            catalogue::WITHOUT_SPECIFIC_DUTY,
            &g.bodies_without_specific_duty,
        ),
    ] {
        out.push(heading(level, lang, title));
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
    out.push(Block::Paragraph(catalogue::NETWORK_SUMMARY.fill(
        lang,
        &[
            ("bodies", &bodies),
            ("edges", &edges),
            ("nodes", &nodes),
            ("organs", &organs),
            ("parties", &parties),
        ],
    )));
    out.push(heading(level, lang, catalogue::CENTRALITY_RANKING_TOP_10));
    out.push(Block::Table(table(
        lang,
        &[
            catalogue::RANK,
            catalogue::BODY,
            catalogue::BETWEENNESS,
            catalogue::PAGERANK,
            catalogue::DEGREE,
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
                catalogue::EDGE_FROM,
                catalogue::RELATION,
                catalogue::EDGE_TO,
                catalogue::AS_WRITTEN,
                catalogue::SOURCES,
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
    out.push(heading(level, lang, catalogue::LINE_OF_COMMAND));
    out.push(Block::Table(edge_table(&|r, _, _| {
        r == "commands" || r == "housedIn"
    })));
    let is_body = |id: &str| n.node(id).is_some_and(|x| x.kind == NodeKind::Body);
    out.push(heading(level, lang, catalogue::RELATIONS_BETWEEN_BODIES));
    out.push(Block::Table(edge_table(&|r, f, t| {
        r != "commands" && r != "housedIn" && is_body(f) && is_body(t)
    })));
    out.push(heading(level, lang, catalogue::COMPONENTS_AND_REACH));
    let components = if n.components.is_empty() {
        catalogue::NONE.get(lang).to_owned()
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
            catalogue::NONE.get(lang).to_owned()
        } else {
            names
        }
    };
    let roots = or_none(series(lang, n.roots.iter().map(|r| label(r))));
    let unreached = n.unreached_bodies.len();
    let unreached_names = or_none(series(lang, n.unreached_bodies.iter().map(|r| label(r))));
    out.push(Block::Paragraph(catalogue::COMPONENTS_SUMMARY.fill(
        lang,
        &[
            ("components", &components),
            ("roots", &roots),
            ("unreached", &unreached),
            ("unreached_names", &unreached_names),
        ],
    )));
}

pub(crate) fn lint_blocks(out: &mut Vec<Block>, l: &LintReport, lang: Lang) {
    let (all, high, medium, low) = (
        l.findings.len(),
        l.count(Severity::High),
        l.count(Severity::Medium),
        l.count(Severity::Low),
    );
    out.push(Block::Paragraph(catalogue::LINT_SUMMARY.fill(
        lang,
        &[
            ("all", &all),
            ("high", &high),
            ("low", &low),
            ("medium", &medium),
        ],
    )));
    out.push(Block::Comments(
        l.findings
            .iter()
            .map(|f| {
                let mut details = vec![
                    (
                        catalogue::TEXT.get(lang).to_owned(),
                        format!("“{}”", f.evidence),
                    ),
                    (
                        catalogue::SUGGESTION.get(lang).to_owned(),
                        tr(lang, &f.suggestion, &f.suggestion_en),
                    ),
                ];
                if !f.sources.is_empty() {
                    details.push((
                        catalogue::SOURCES.get(lang).to_owned(),
                        cite_all(lang, &f.sources),
                    ));
                }
                Comment {
                    place: catalogue::CITATION_LINE
                        .fill(lang, &[("citation", &f.citation), ("line", &f.line)]),
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
    let legend: Vec<String> = m
        .legend
        .iter()
        .map(|e| match lang {
            Lang::Zh => format!("{}＝{}（{}）", e.letter, e.zh, e.verbs),
            Lang::En => format!("{} = {}", e.letter, e.en),
        })
        .collect();
    out.push(Block::Paragraph(catalogue::MATRIX_SUMMARY.fill(
        lang,
        &[
            ("bodies", &m.rows.len()),
            ("topics", &m.topics.len()),
            (
                "legend",
                &legend.join(catalogue::LEGEND_SEPARATOR.get(lang)),
            ),
        ],
    )));
    out.push(Block::Table(matrix_table(
        m,
        lang,
        catalogue::BODY.get(lang).to_owned(),
    )));
}
