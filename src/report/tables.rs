//! The reports as plain tables, for CSV and XLSX.

use super::content::{
    Row, Table, cite_all, list_counts, matrix_table, modes_label, severity_label, table,
};
use super::tr;
use crate::analysis::Lang;
use crate::analysis::compare::CompareReport;
use crate::analysis::gaps::GapReport;
use crate::analysis::lint::LintReport;
use crate::analysis::matrix::Matrix;
use crate::analysis::network::NetworkReport;
use crate::analysis::overlap::OverlapReport;
use crate::error::{Error, Result};

fn row(cells: Vec<String>) -> Row {
    Row { cells, class: None }
}

/// The legend of the mode letters, in one line.
pub fn legend_line(m: &Matrix, lang: Lang) -> String {
    m.legend
        .iter()
        .map(|e| format!("{}={}", e.letter, tr(lang, &e.zh, &e.en)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The comparison of lists: topic × role (the main table), the lists, topic × annex
/// category and kind of body, and the lists that give a topic's lead to an unusual role.
pub fn compare(c: &CompareReport, lang: Lang) -> Vec<(String, Table)> {
    let mut roles = Vec::new();
    let mut groups = Vec::new();
    let mut unusual = Vec::new();
    for t in &c.topics {
        let topic = tr(lang, &t.topic, &t.topic_en);
        for r in &t.roles {
            roles.push(row(vec![
                topic.clone(),
                t.topic_iri.clone(),
                t.lists_concerned.to_string(),
                t.lists_led.to_string(),
                t.lists_several_leads.to_string(),
                t.lists_not_concerned.to_string(),
                tr(lang, &r.label, &r.label_en),
                r.key.clone().unwrap_or_default(),
                r.concerns.to_string(),
                r.leads.to_string(),
                crate::analysis::letters(&r.modes),
            ]));
        }
        for (what, shares) in [
            (tr(lang, "附件类别", "category"), &t.categories),
            (tr(lang, "主体类型", "kind"), &t.kinds),
        ] {
            for g in shares {
                groups.push(row(vec![
                    topic.clone(),
                    what.clone(),
                    tr(lang, &g.label, &g.label_en),
                    g.concerns.to_string(),
                    g.leads.to_string(),
                ]));
            }
        }
        for l in &t.unusual_leads {
            for b in &l.leads {
                unusual.push(row(vec![
                    topic.clone(),
                    t.usual_lead
                        .as_ref()
                        .map(|u| tr(lang, &u.label, &u.label_en))
                        .unwrap_or_default(),
                    l.list_title.clone(),
                    l.list.clone(),
                    b.name.clone(),
                    b.iri.clone(),
                    cite_all(lang, &b.sources),
                ]));
            }
        }
    }
    let lists = c
        .lists
        .iter()
        .map(|l| {
            let mut cells = vec![l.title.clone(), l.iri.clone()];
            cells.extend(list_counts(l));
            row(cells)
        })
        .collect();
    vec![
        (
            tr(lang, "主题×角色", "Topic x role"),
            table(
                lang,
                &[
                    ("主题", "topic"),
                    ("主题IRI", "topic_iri"),
                    ("涉及清单数", "lists_concerned"),
                    ("有牵头清单数", "lists_led"),
                    ("多头牵头清单数", "lists_several_leads"),
                    ("未涉及清单数", "lists_not_concerned"),
                    ("角色", "role"),
                    ("角色IRI", "role_iri"),
                    ("该角色涉及的清单数", "role_concerns"),
                    ("该角色牵头的清单数", "role_leads"),
                    ("方式", "modes"),
                ],
                roles,
            ),
        ),
        (
            tr(lang, "各清单概况", "Lists"),
            table(
                lang,
                &[
                    ("清单", "list"),
                    ("清单IRI", "list_iri"),
                    ("层级", "level"),
                    ("主体数", "bodies"),
                    ("职责数", "duties"),
                    ("涉及主题数", "topics"),
                    ("多头牵头主题数", "topics_several_leads"),
                    ("无人牵头主题数", "topics_without_lead"),
                ],
                lists,
            ),
        ),
        (
            tr(lang, "主题×主体类别", "Topic x category"),
            table(
                lang,
                &[
                    ("主题", "topic"),
                    ("分组", "grouping"),
                    ("类别", "group"),
                    ("涉及清单数", "concerns"),
                    ("牵头清单数", "leads"),
                ],
                groups,
            ),
        ),
        (
            tr(lang, "非通常牵头", "Unusual leads"),
            table(
                lang,
                &[
                    ("主题", "topic"),
                    ("通常牵头角色", "usual_lead"),
                    ("清单", "list"),
                    ("清单IRI", "list_iri"),
                    ("牵头主体", "body"),
                    ("主体IRI", "body_iri"),
                    ("出处", "sources"),
                ],
                unusual,
            ),
        ),
    ]
}

/// Body × topic; the top-left cell holds the legend.
pub fn matrix(m: &Matrix, lang: Lang) -> Table {
    let corner = match lang {
        Lang::Zh => format!("主体＼主题（{}）", legend_line(m, lang)),
        Lang::En => format!("Body \\ topic ({})", legend_line(m, lang)),
    };
    matrix_table(m, lang, corner)
}

pub(crate) fn overlaps(o: &OverlapReport, lang: Lang) -> Table {
    let headers = [
        ("主题", "topic"),
        ("主题IRI", "topic_iri"),
        ("风险", "severity"),
        ("牵头主体数", "lead_count"),
        ("主体", "body"),
        ("主体IRI", "body_iri"),
        ("方式", "modes"),
        ("出处", "sources"),
    ];
    let rows = o
        .topics
        .iter()
        .flat_map(|t| {
            t.bodies.iter().map(move |b| {
                row(vec![
                    tr(lang, &t.topic, &t.topic_en),
                    t.topic_iri.clone(),
                    severity_label(lang, t.severity),
                    t.lead_count.to_string(),
                    tr(lang, &b.name, &b.name_en),
                    b.iri.clone(),
                    modes_label(lang, &b.modes),
                    cite_all(lang, &b.sources),
                ])
            })
        })
        .collect();
    table(lang, &headers, rows)
}

pub(crate) fn gaps(g: &GapReport, lang: Lang) -> Table {
    let mut rows = Vec::new();
    let list = |zh: &str, en: &str| tr(lang, zh, en);
    for t in &g.topics_without_lead {
        for b in &t.bodies {
            rows.push(row(vec![
                list("无人牵头的主题", "topics_without_lead"),
                severity_label(lang, t.severity),
                t.topic.clone(),
                b.name.clone(),
                modes_label(lang, &b.modes),
                cite_all(lang, &b.sources),
            ]));
        }
    }
    for t in &g.unmentioned_topics {
        rows.push(row(vec![
            list("未被涉及的主题", "unmentioned_topics"),
            severity_label(lang, crate::analysis::Severity::Low),
            t.topic.clone(),
            String::new(),
            String::new(),
            String::new(),
        ]));
    }
    for b in &g.unspecified_partners {
        for m in &b.mentions {
            rows.push(row(vec![
                list("合作对象未指明", "unspecified_partners"),
                severity_label(lang, m.severity),
                m.partner.clone(),
                b.body.clone(),
                m.verb.clone(),
                cite_all(lang, std::slice::from_ref(&m.source)),
            ]));
        }
    }
    for p in &g.unknown_parties {
        for m in &p.mentions {
            rows.push(row(vec![
                list("清单外的相对方", "unknown_parties"),
                severity_label(lang, p.severity),
                p.party.clone(),
                m.body.clone(),
                m.verb.clone(),
                cite_all(lang, std::slice::from_ref(&m.source)),
            ]));
        }
    }
    for (zh, en, gaps) in [
        (
            "监督管理类无具体牵头",
            "supervision_without_lead",
            &g.supervision_without_lead,
        ),
        (
            "具体牵头但非监督管理类",
            "lead_outside_supervision",
            &g.lead_outside_supervision,
        ),
        (
            "无具体领域职责",
            "bodies_without_specific_duty",
            &g.bodies_without_specific_duty,
        ),
    ] {
        for b in gaps {
            rows.push(row(vec![
                list(zh, en),
                severity_label(lang, b.severity),
                format!("{}/{}", b.specific_clauses, b.specific_leads),
                b.body.clone(),
                b.category
                    .map(|c| c.short_zh().to_owned())
                    .unwrap_or_default(),
                cite_all(lang, &b.sources),
            ]));
        }
    }
    let headers = [
        ("类别", "list"),
        ("风险", "severity"),
        ("对象", "subject"),
        ("主体", "body"),
        ("说明", "detail"),
        ("出处", "sources"),
    ];
    table(lang, &headers, rows)
}

pub(crate) fn network(n: &NetworkReport, lang: Lang) -> Table {
    let headers = [
        ("节点", "node"),
        ("类型", "kind"),
        ("IRI", "iri"),
        ("入度", "in_degree"),
        ("出度", "out_degree"),
        ("度中心性", "degree_centrality"),
        ("PageRank", "pagerank"),
        ("中介中心性", "betweenness"),
        ("可达节点数", "reach"),
        ("自领导顶端可达", "reached_from_top"),
    ];
    let rows = n
        .nodes
        .iter()
        .map(|x| {
            row(vec![
                tr(lang, &x.label, &x.label_en),
                format!("{:?}", x.kind).to_lowercase(),
                x.iri.clone().unwrap_or_default(),
                x.in_degree.to_string(),
                x.out_degree.to_string(),
                format!("{:.4}", x.degree_centrality),
                format!("{:.4}", x.pagerank),
                format!("{:.4}", x.betweenness),
                x.reach.to_string(),
                x.reached_from_top.to_string(),
            ])
        })
        .collect();
    table(lang, &headers, rows)
}

pub(crate) fn lint(l: &LintReport, lang: Lang) -> Table {
    let headers = [
        ("序号", "no"),
        ("类型", "kind"),
        ("风险", "severity"),
        ("条", "article"),
        ("行", "line"),
        ("出处", "citation"),
        ("原文", "evidence"),
        ("意见", "message"),
        ("建议", "suggestion"),
        ("职责IRI", "duty"),
    ];
    let rows = l
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            row(vec![
                (i + 1).to_string(),
                f.kind.to_owned(),
                severity_label(lang, f.severity),
                f.article.map(|a| a.to_string()).unwrap_or_default(),
                f.line.to_string(),
                f.citation.clone(),
                f.evidence.clone(),
                tr(lang, &f.message, &f.message_en),
                tr(lang, &f.suggestion, &f.suggestion_en),
                f.duty.clone().unwrap_or_default(),
            ])
        })
        .collect();
    table(lang, &headers, rows)
}

/// A table as CSV (UTF-8 with a byte-order mark, so that Excel and WPS read it as UTF-8).
pub fn csv(table: &Table) -> Result<Vec<u8>> {
    let mut writer = ::csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let err = |e: ::csv::Error| Error::render("csv", e);
    writer.write_record(&table.headers).map_err(err)?;
    for r in &table.rows {
        writer.write_record(&r.cells).map_err(err)?;
    }
    writer
        .into_inner()
        .map_err(|e| Error::render("csv", e.to_string()))
}
