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
use crate::catalogue;
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
            (
                catalogue::CATEGORY_COLUMN.get(lang).to_owned(),
                &t.categories,
            ),
            (catalogue::KIND_COLUMN.get(lang).to_owned(), &t.kinds),
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
            catalogue::TOPIC_X_ROLE.get(lang).to_owned(),
            table(
                lang,
                &[
                    catalogue::COLUMN_TOPIC,
                    catalogue::COLUMN_TOPIC_IRI,
                    catalogue::COLUMN_LISTS_CONCERNED,
                    catalogue::COLUMN_LISTS_LED,
                    catalogue::COLUMN_LISTS_SEVERAL_LEADS,
                    catalogue::COLUMN_LISTS_NOT_CONCERNED,
                    catalogue::COLUMN_ROLE,
                    catalogue::COLUMN_ROLE_IRI,
                    catalogue::COLUMN_ROLE_CONCERNS,
                    catalogue::COLUMN_ROLE_LEADS,
                    catalogue::COLUMN_MODES,
                ],
                roles,
            ),
        ),
        (
            catalogue::LISTS.get(lang).to_owned(),
            table(
                lang,
                &[
                    catalogue::COLUMN_LIST,
                    catalogue::COLUMN_LIST_IRI,
                    catalogue::COLUMN_LEVEL,
                    catalogue::COLUMN_BODIES,
                    catalogue::COLUMN_DUTIES,
                    catalogue::COLUMN_TOPICS,
                    catalogue::COLUMN_TOPICS_SEVERAL_LEADS,
                    catalogue::COLUMN_TOPICS_WITHOUT_LEAD,
                ],
                lists,
            ),
        ),
        (
            catalogue::TOPIC_X_CATEGORY.get(lang).to_owned(),
            table(
                lang,
                &[
                    catalogue::COLUMN_TOPIC,
                    catalogue::COLUMN_GROUPING,
                    catalogue::COLUMN_GROUP,
                    catalogue::COLUMN_CONCERNS,
                    catalogue::COLUMN_LEADS,
                ],
                groups,
            ),
        ),
        (
            catalogue::UNUSUAL_LEADS.get(lang).to_owned(),
            table(
                lang,
                &[
                    catalogue::COLUMN_TOPIC,
                    catalogue::COLUMN_USUAL_LEAD,
                    catalogue::COLUMN_LIST,
                    catalogue::COLUMN_LIST_IRI,
                    catalogue::COLUMN_LEAD_BODY,
                    catalogue::COLUMN_BODY_IRI,
                    catalogue::COLUMN_SOURCES,
                ],
                unusual,
            ),
        ),
    ]
}

/// Body × topic; the top-left cell holds the legend.
pub fn matrix(m: &Matrix, lang: Lang) -> Table {
    let corner = catalogue::MATRIX_CORNER.fill(lang, &[("legend", &legend_line(m, lang))]);
    matrix_table(m, lang, corner)
}

pub(crate) fn overlaps(o: &OverlapReport, lang: Lang) -> Table {
    let headers = [
        catalogue::COLUMN_TOPIC,
        catalogue::COLUMN_TOPIC_IRI,
        catalogue::COLUMN_SEVERITY,
        catalogue::COLUMN_LEAD_COUNT,
        catalogue::COLUMN_BODY,
        catalogue::COLUMN_BODY_IRI,
        catalogue::COLUMN_MODES,
        catalogue::COLUMN_SOURCES,
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
    for t in &g.topics_without_lead {
        for b in &t.bodies {
            rows.push(row(vec![
                catalogue::GAP_LIST_TOPICS_WITHOUT_LEAD.get(lang).to_owned(),
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
            catalogue::GAP_LIST_UNMENTIONED_TOPICS.get(lang).to_owned(),
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
                catalogue::GAP_LIST_UNSPECIFIED_PARTNERS
                    .get(lang)
                    .to_owned(),
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
                catalogue::GAP_LIST_UNKNOWN_PARTIES.get(lang).to_owned(),
                severity_label(lang, p.severity),
                p.party.clone(),
                m.body.clone(),
                m.verb.clone(),
                cite_all(lang, std::slice::from_ref(&m.source)),
            ]));
        }
    }
    for (list, gaps) in [
        (
            catalogue::GAP_LIST_SUPERVISION_WITHOUT_LEAD,
            &g.supervision_without_lead,
        ),
        (
            catalogue::GAP_LIST_LEAD_OUTSIDE_SUPERVISION,
            &g.lead_outside_supervision,
        ),
        (
            catalogue::GAP_LIST_BODIES_WITHOUT_SPECIFIC_DUTY,
            &g.bodies_without_specific_duty,
        ),
    ] {
        for b in gaps {
            rows.push(row(vec![
                list.get(lang).to_owned(),
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
        catalogue::COLUMN_FINDING_LIST,
        catalogue::COLUMN_SEVERITY,
        catalogue::COLUMN_SUBJECT,
        catalogue::COLUMN_BODY,
        catalogue::COLUMN_DETAIL,
        catalogue::COLUMN_SOURCES,
    ];
    table(lang, &headers, rows)
}

pub(crate) fn network(n: &NetworkReport, lang: Lang) -> Table {
    let headers = [
        catalogue::COLUMN_NODE,
        catalogue::COLUMN_KIND,
        catalogue::COLUMN_IRI,
        catalogue::COLUMN_IN_DEGREE,
        catalogue::COLUMN_OUT_DEGREE,
        catalogue::COLUMN_DEGREE_CENTRALITY,
        catalogue::COLUMN_PAGERANK,
        catalogue::COLUMN_BETWEENNESS,
        catalogue::COLUMN_REACH,
        catalogue::COLUMN_REACHED_FROM_TOP,
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
        catalogue::COLUMN_NO,
        catalogue::COLUMN_KIND,
        catalogue::COLUMN_SEVERITY,
        catalogue::COLUMN_ARTICLE,
        catalogue::COLUMN_LINE,
        catalogue::COLUMN_CITATION,
        catalogue::COLUMN_EVIDENCE,
        catalogue::COLUMN_MESSAGE,
        catalogue::COLUMN_SUGGESTION,
        catalogue::COLUMN_DUTY,
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
