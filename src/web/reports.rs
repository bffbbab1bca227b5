//! `/reports` and `/reports/{kind}`: the analyses' reports, rendered by [`crate::report`]
//! from the analyses computed once; `?format=md|json|csv|xlsx` downloads them.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::UiState;
use maud::{Markup, html};

use super::page::{Nav, crumbs, t};
use super::{PageRequest, Reply};
use crate::analysis::Lang;
use crate::report::{self, Format, Kind};

/// The download links of a report: Markdown, JSON, CSV (each analysis alone), Excel.
fn downloads(kind: Kind) -> Markup {
    let name = kind.name();
    html! {
        a href={ "/reports/" (name) "?format=md" } { "Markdown" } " · "
        a href={ "/reports/" (name) "?format=json" } { "JSON" }
        @if !kind.is_all() {
            " · " a href={ "/reports/" (name) "?format=csv" } { "CSV" }
        }
        " · " a href={ "/reports/" (name) "?format=xlsx" } { "Excel" }
    }
}

pub(crate) async fn index(asked: PageRequest) -> Response {
    let lang = asked.lang;
    let out = html! {
        h1 { (t(lang, "分析报告", "Reports")) } "\n"
        p {
            (t(
                lang,
                "每项结论都注明出处（第X条第（Y）项、行号）。可下载 Markdown、JSON、CSV 或 Excel。",
                "Every finding cites its source (article, item, line). Download as Markdown, JSON, CSV or Excel."
            ))
        } "\n"
        ul class="reports" {
            "\n"
            @for kind in Kind::offered() {
                @let about = kind.report().about();
                li {
                    a href={ "/reports/" (kind.name()) } { strong { (t(lang, about.title.0, about.title.1)) } }
                    " — " (t(lang, about.description.0, about.description.1)) br;
                    small { (downloads(kind)) }
                } "\n"
            }
        } "\n"
    };
    asked.page(t(lang, "分析报告", "Reports"), Nav::Reports, out)
}

pub(crate) async fn page(
    State(state): State<UiState>,
    Path(name): Path<String>,
    asked: PageRequest,
) -> Reply {
    let lang = asked.lang;
    let Some(kind) = Kind::offered().find(|k| k.name() == name) else {
        let names: Vec<&str> = Kind::offered().map(Kind::name).collect();
        return Err(asked.error(
            StatusCode::NOT_FOUND,
            &match lang {
                Lang::Zh => format!("没有这个报告：{name}（可选 {}）", names.join("、")),
                Lang::En => format!("no such report: {name} ({})", names.join(", ")),
            },
        ));
    };
    let (zh, en) = kind.report().about().title;
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
    let blocks = report::kinds::blocks(&site.analyses, kind, lang)
        .map_err(|e| asked.error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()))?;
    let body = html! {
        (crumbs(lang, "/reports", t(lang, "分析报告", "Reports"), t(lang, zh, en)))
        p class="downloads" { (t(lang, "下载", "Download")) ": " (downloads(kind)) } "\n"
        div class="report" { "\n" (report::html::render_fragment(&blocks, lang)) }
    };
    Ok(asked.page(t(lang, zh, en), Nav::Reports, body))
}
