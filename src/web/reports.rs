//! `/reports` and `/reports/{kind}`: the analyses' reports, rendered by [`crate::report`]
//! from the analyses computed once; `?format=md|json|csv|xlsx` downloads them.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::UiState;
use super::page::{Nav, crumbs, escape, t};
use super::{PageRequest, Reply};
use crate::analysis::{Lang, ReportKind};
use crate::report::{self, Format};

/// (path name, kind, zh title, en title, zh description, en description)
const KINDS: [(&str, ReportKind, &str, &str, &str, &str); 6] = [
    (
        "overlaps",
        ReportKind::Overlaps,
        "主题重叠分析",
        "Overlaps",
        "每个主题有哪些主体参与、以何种方式；两个以上主体牵头的主题（推诿扯皮风险）。",
        "For each topic, the bodies engaged and how; topics with more than one body in the lead.",
    ),
    (
        "gaps",
        ReportKind::Gaps,
        "职责空白分析",
        "Gaps",
        "无人牵头的主题（监管盲区）、合作对象未指明的职责、附件类别与条款不符。",
        "Topics nobody leads, partners named only as 有关部门, annex categories against the articles.",
    ),
    (
        "network",
        ReportKind::Network,
        "主体关系网络",
        "Network",
        "谁指导、督促、监督、协调谁；领导关系；中心性与可达性。",
        "Who guides, urges, supervises, coordinates whom; the line of command; centralities.",
    ),
    (
        "lint",
        ReportKind::Lint,
        "修改意见",
        "Review comments",
        "供起草单位参考：编号、附件、层级用语、日期、标点、简称。",
        "For the drafting office: numbering, annex, level words, dates, punctuation, abbreviations.",
    ),
    (
        "matrix",
        ReportKind::Matrix,
        "职责矩阵",
        "Matrix",
        "主体 × 主题，L 牵头负责、G 指导、C 协调、O 督促监督、P 配合、S 支持保障。",
        "Body × topic, L lead, G guidance, C coordination, O oversight, P cooperation, S support.",
    ),
    (
        "all",
        ReportKind::All,
        "综合报告",
        "All reports",
        "以上全部，附摘要表。",
        "All of the above, with a summary table.",
    ),
];

/// The download links of a report: Markdown, JSON, CSV (each analysis alone), Excel.
fn downloads(name: &str, kind: ReportKind) -> String {
    let csv = if kind == ReportKind::All {
        String::new()
    } else {
        format!(" · <a href=\"/reports/{name}?format=csv\">CSV</a>")
    };
    format!(
        "<a href=\"/reports/{name}?format=md\">Markdown</a> · <a href=\"/reports/{name}?format=json\">JSON</a>{csv} · <a href=\"/reports/{name}?format=xlsx\">Excel</a>"
    )
}

pub(crate) async fn index(asked: PageRequest) -> Response {
    let lang = asked.lang;
    let mut out = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<ul class=\"reports\">\n",
        t(lang, "分析报告", "Reports"),
        t(
            lang,
            "每项结论都注明出处（第X条第（Y）项、行号）。可下载 Markdown、JSON、CSV 或 Excel。",
            "Every finding cites its source (article, item, line). Download as Markdown, JSON, CSV or Excel."
        )
    );
    for (name, kind, zh, en, dzh, den) in KINDS {
        out.push_str(&format!(
            "<li><a href=\"/reports/{name}\"><strong>{}</strong></a> — {}<br><small>{}</small></li>\n",
            t(lang, zh, en),
            t(lang, dzh, den),
            downloads(name, kind),
        ));
    }
    out.push_str("</ul>\n");
    asked.page(t(lang, "分析报告", "Reports"), Nav::Reports, out)
}

pub(crate) async fn page(
    State(state): State<UiState>,
    Path(name): Path<String>,
    asked: PageRequest,
) -> Reply {
    let lang = asked.lang;
    let Some(&(name, kind, zh, en, _, _)) = KINDS.iter().find(|k| k.0 == name) else {
        return Err(asked.error(
            StatusCode::NOT_FOUND,
            &match lang {
                Lang::Zh => format!(
                    "没有这个报告：{name}（可选 overlaps、gaps、network、lint、matrix、all）"
                ),
                Lang::En => {
                    format!("no such report: {name} (overlaps, gaps, network, lint, matrix, all)")
                }
            },
        ));
    };
    let site = asked.site(&state).await?;
    let format = match asked.params.get("format") {
        None | Some("html") => None,
        Some("md") => Some(Format::Md),
        Some("json") => Some(Format::Json),
        Some("csv") => Some(Format::Csv),
        Some("xlsx") => Some(Format::Xlsx),
        Some(other) => {
            return Err(asked.error(
                StatusCode::BAD_REQUEST,
                &format!("format={other}: md, json, csv, xlsx"),
            ));
        }
    };
    if let Some(format) = format {
        let bytes =
            report::render(&site.analyses, kind, format, lang).map_err(|e| asked.failed(&e))?;
        let content_type = match format {
            Format::Md => "text/markdown; charset=utf-8",
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Html => "text/html; charset=utf-8",
        };
        let disposition = format!(
            "attachment; filename=\"dutygraph-{name}.{}\"",
            format.name()
        );
        let mut response = (
            [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            bytes,
        )
            .into_response();
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, value);
        }
        return Ok(response);
    }
    let blocks = report::content::blocks(&site.analyses, kind, lang)
        .map_err(|e| asked.error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()))?;
    let body = format!(
        "{}<p class=\"downloads\">{}: {}</p>\n<div class=\"report\">\n{}</div>",
        crumbs(
            lang,
            "/reports",
            t(lang, "分析报告", "Reports"),
            &escape(t(lang, zh, en))
        ),
        t(lang, "下载", "Download"),
        downloads(name, kind),
        report::html::render_fragment(&blocks, lang)
    );
    Ok(asked.page(t(lang, zh, en), Nav::Reports, body))
}
