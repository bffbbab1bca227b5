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

fn missing(what: &str) -> Error {
    Error::render("json", format!("the {what} analysis did not run"))
}

fn to_value<T: serde::Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::render("json", e))
}

/// The JSON value of a report (see `schemas/`).
pub fn json(analyses: &Analyses, kind: ReportKind) -> Result<Value> {
    let overlaps = || {
        analyses
            .overlaps
            .as_ref()
            .ok_or_else(|| missing("overlaps"))
    };
    let gaps = || analyses.gaps.as_ref().ok_or_else(|| missing("gaps"));
    let network = || analyses.network.as_ref().ok_or_else(|| missing("network"));
    let lint = || analyses.lint.as_ref().ok_or_else(|| missing("lint"));
    let matrix = || analyses.matrix.as_ref().ok_or_else(|| missing("matrix"));
    Ok(match kind {
        ReportKind::Overlaps => to_value(&overlaps()?.topics)?,
        ReportKind::Gaps => to_value(gaps()?)?,
        ReportKind::Network => to_value(network()?)?,
        ReportKind::Lint => to_value(&lint()?.findings)?,
        ReportKind::Matrix => to_value(matrix()?)?,
        ReportKind::Compare => to_value(
            analyses
                .compare
                .as_ref()
                .ok_or_else(|| missing("compare"))?,
        )?,
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
