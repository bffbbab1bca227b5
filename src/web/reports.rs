//! `/reports` and `/reports/{kind}`: the analyses' reports, rendered by [`crate::report`]
//! from the analyses computed once; `?format=md|json|csv|xlsx` downloads them.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::UiState;
use maud::{Markup, html};

use super::page::{Nav, crumbs, t};
use super::{PageRequest, Reply};
use crate::catalogue;
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
        h1 { (catalogue::REPORTS.get(lang)) } "\n"
        p {
            (catalogue::REPORTS_LEAD.get(lang))
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
    asked.page(catalogue::REPORTS.get(lang), Nav::Reports, out)
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
            &catalogue::NO_SUCH_REPORT.fill(
                lang,
                &[
                    ("name", &name),
                    ("names", &names.join(catalogue::LIST_SEPARATOR.get(lang))),
                ],
            ),
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
        (crumbs(lang, "/reports", catalogue::REPORTS.get(lang), t(lang, zh, en)))
        p class="downloads" { (catalogue::DOWNLOAD.get(lang)) ": " (downloads(kind)) } "\n"
        div class="report" { "\n" (report::html::render_fragment(&blocks, lang)) }
    };
    Ok(asked.page(t(lang, zh, en), Nav::Reports, body))
}
