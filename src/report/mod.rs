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
pub mod kinds;
pub mod md;
pub mod tables;
pub mod xlsx;

use serde_json::Value;

pub use kinds::{Kind, REPORTS, Report};

use crate::analysis::{Analyses, Lang};
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
pub fn render(analyses: &Analyses, kind: Kind, format: Format, lang: Lang) -> Result<Vec<u8>> {
    match format {
        Format::Json => {
            let value = json(analyses, kind)?;
            let mut out =
                serde_json::to_vec_pretty(&value).map_err(|e| Error::render("json", e))?;
            out.push(b'\n');
            Ok(out)
        }
        Format::Md => Ok(md::render(&kinds::blocks(analyses, kind, lang)?, lang).into_bytes()),
        Format::Html => Ok(html::render(&kinds::blocks(analyses, kind, lang)?, lang).into_bytes()),
        Format::Csv => {
            if kind.is_all() {
                let one: Vec<&str> = Kind::offered()
                    .filter(|k| !k.is_all())
                    .map(Kind::name)
                    .collect();
                return Err(Error::Usage(format!(
                    "CSV holds one table: choose one report ({}), or use --format xlsx for all",
                    one.join(", ")
                )));
            }
            // A report's CSV is its main table (the comparison's: topic × role); XLSX has
            // all its tables.
            let tables = kind.report().tables(analyses, lang)?;
            let Some((_, table)) = tables.first() else {
                return Err(Error::render("csv", "the report has no table"));
            };
            tables::csv(table)
        }
        Format::Xlsx => xlsx::render(&kind.report().tables(analyses, lang)?, analyses, lang),
    }
}

/// The result of an analysis a report needs, or an error of `renderer` (json, report,
/// table) saying that it did not run.
pub(crate) fn need<'a, T>(analysis: &'a Option<T>, renderer: &str, what: &str) -> Result<&'a T> {
    analysis
        .as_ref()
        .ok_or_else(|| Error::render(renderer, format!("the {what} analysis did not run")))
}

pub(crate) fn to_value<T: serde::Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::render("json", e))
}

/// The JSON value of a report (see `schemas/`).
pub fn json(analyses: &Analyses, kind: Kind) -> Result<Value> {
    kind.report()
        .json(analyses)?
        .into_iter()
        .next()
        .map(|(_, value)| value)
        .ok_or_else(|| Error::render("json", format!("the {} report has no value", kind.name())))
}

/// Chinese or English.
pub(crate) fn tr(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}
