//! The matrix report.

use serde_json::Value;

use super::{About, Report};
use crate::analysis::{Analyses, Analysis, Lang, Reads};
use crate::catalogue;
use crate::error::Result;
use crate::report::content::{self, Block, Table};
use crate::report::{need, tables, to_value};

pub struct Matrix;

static ABOUT: About = About {
    name: "matrix",
    title: ("职责矩阵", "Matrix"),
    description: (
        "主体 × 主题，L 牵头负责、G 指导、C 协调、O 督促监督、P 配合、S 支持保障。",
        "Body × topic, L lead, G guidance, C coordination, O oversight, P cooperation, S support.",
    ),
    section: ("职责矩阵", "Responsibility matrix"),
    sheet_order: 1,
};

impl Report for Matrix {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn reads(&self) -> Reads {
        Reads::of(Analysis::Matrix)
    }

    fn heading(&self, title: &str, lang: Lang) -> String {
        format!(
            "{}{title}",
            catalogue::MATRIX_HEADING_PREFIX.get(lang).to_owned()
        )
    }

    fn json(&self, analyses: &Analyses) -> Result<Vec<(&'static str, Value)>> {
        let matrix = need(&analyses.matrix, "json", "matrix")?;
        Ok(vec![("matrix", to_value(matrix)?)])
    }

    fn blocks(
        &self,
        out: &mut Vec<Block>,
        analyses: &Analyses,
        lang: Lang,
        _level: u8,
    ) -> Result<()> {
        let matrix = need(&analyses.matrix, "report", "matrix")?;
        content::matrix_blocks(out, matrix, lang);
        Ok(())
    }

    fn tables(&self, analyses: &Analyses, lang: Lang) -> Result<Vec<(String, Table)>> {
        let matrix = need(&analyses.matrix, "table", "matrix")?;
        Ok(vec![(
            catalogue::MATRIX.get(lang).to_owned(),
            tables::matrix(matrix, lang),
        )])
    }
}
