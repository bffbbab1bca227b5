//! Stage 6: renders the [`crate::analysis`] results as Markdown, JSON, HTML, CSV or XLSX.
//! Renderers never query: they only format what the analyses returned.
//!
//! - JSON follows the schemas in `schemas/` (one per report; `overlaps` and `lint` are
//!   lists, the others objects);
//! - Markdown and HTML are built from the same [`content::Block`]s, Chinese first
//!   (`--lang en` for English); the lint report reads as review comments (修改意见);
//! - CSV holds the main table of one report (compare: topic × role); XLSX holds one sheet
//!   per table (the matrix with its legend sheet).

pub mod content;
pub mod html;
pub mod md;
pub mod tables;
pub mod xlsx;

use serde_json::{Value, json};

use crate::analysis::{Analyses, Lang, ReportKind};
use crate::error::{Error, Result};

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Md,
    Json,
    Html,
    Csv,
    Xlsx,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Json => "json",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Renders a report.
pub fn render(
    analyses: &Analyses,
    kind: ReportKind,
    format: Format,
    lang: Lang,
) -> Result<Vec<u8>> {
    match format {
        Format::Json => {
            let value = json(analyses, kind)?;
            let mut out =
                serde_json::to_vec_pretty(&value).map_err(|e| Error::render("json", e))?;
            out.push(b'\n');
            Ok(out)
        }
        Format::Md => Ok(md::render(&content::blocks(analyses, kind, lang)?).into_bytes()),
        Format::Html => {
            Ok(html::render(&content::blocks(analyses, kind, lang)?, lang).into_bytes())
        }
        Format::Csv => {
            let tables = tables::tables(analyses, kind, lang)?;
            let Some((_, table)) = tables.first() else {
                return Err(Error::render("csv", "the report has no table"));
            };
            // The comparison's CSV is its main table (topic × role); XLSX has all its tables.
            if tables.len() > 1 && kind != ReportKind::Compare {
                return Err(Error::Usage(
                    "CSV holds one table: choose one report (overlaps, gaps, network, lint, matrix), or use --format xlsx for all"
                        .into(),
                ));
            }
            tables::csv(table)
        }
        Format::Xlsx => xlsx::render(&tables::tables(analyses, kind, lang)?, analyses, lang),
    }
}

/// The result of an analysis a report needs, or an error of `renderer` (json, report,
/// table) saying that it did not run.
pub(crate) fn need<'a, T>(analysis: &'a Option<T>, renderer: &str, what: &str) -> Result<&'a T> {
    analysis
        .as_ref()
        .ok_or_else(|| Error::render(renderer, format!("the {what} analysis did not run")))
}

fn to_value<T: serde::Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::render("json", e))
}

/// The JSON value of a report (see `schemas/`).
pub fn json(analyses: &Analyses, kind: ReportKind) -> Result<Value> {
    let overlaps = || need(&analyses.overlaps, "json", "overlaps");
    let gaps = || need(&analyses.gaps, "json", "gaps");
    let network = || need(&analyses.network, "json", "network");
    let lint = || need(&analyses.lint, "json", "lint");
    let matrix = || need(&analyses.matrix, "json", "matrix");
    Ok(match kind {
        ReportKind::Overlaps => to_value(&overlaps()?.topics)?,
        ReportKind::Gaps => to_value(gaps()?)?,
        ReportKind::Network => to_value(network()?)?,
        ReportKind::Lint => to_value(&lint()?.findings)?,
        ReportKind::Matrix => to_value(matrix()?)?,
        ReportKind::Compare => to_value(need(&analyses.compare, "json", "compare")?)?,
        ReportKind::All => {
            let mut all = json!({
                "lists": to_value(&analyses.lists)?,
                "overlaps": to_value(&overlaps()?.topics)?,
                "overlap_pairs": to_value(&overlaps()?.pairs)?,
                "gaps": to_value(gaps()?)?,
                "network": to_value(network()?)?,
                "lint": to_value(&lint()?.findings)?,
                "matrix": to_value(matrix()?)?,
            });
            if let (Some(compare), Some(object)) = (&analyses.compare, all.as_object_mut()) {
                object.insert("compare".to_owned(), to_value(compare)?);
            }
            all
        }
    })
}

/// Chinese or English.
pub(crate) fn tr(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}
