//! The gaps report.

use serde_json::Value;

use super::{About, Report};
use crate::analysis::{Analyses, Analysis, Lang, Reads};
use crate::catalogue;
use crate::error::Result;
use crate::report::content::{self, Block, Table};
use crate::report::{need, tables, to_value};

pub struct Gaps;

static ABOUT: About = About {
    name: "gaps",
    title: ("职责空白分析", "Gaps"),
    description: (
        "无人牵头的主题（监管盲区）、合作对象未指明的职责、附件类别与条款不符。",
        "Topics nobody leads, partners named only as 有关部门, annex categories against the articles.",
    ),
    section: ("职责空白（监管盲区）", "Gaps (blind spots)"),
    sheet_order: 3,
};

impl Report for Gaps {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn reads(&self) -> Reads {
        Reads::of(Analysis::Gaps)
    }

    fn heading(&self, title: &str, lang: Lang) -> String {
        format!(
            "{}{title}",
            catalogue::GAPS_HEADING_PREFIX.get(lang).to_owned()
        )
    }

    fn json(&self, analyses: &Analyses) -> Result<Vec<(&'static str, Value)>> {
        let gaps = need(&analyses.gaps, "json", "gaps")?;
        Ok(vec![("gaps", to_value(gaps)?)])
    }

    fn blocks(
        &self,
        out: &mut Vec<Block>,
        analyses: &Analyses,
        lang: Lang,
        level: u8,
    ) -> Result<()> {
        let gaps = need(&analyses.gaps, "report", "gaps")?;
        content::gap_blocks(out, gaps, lang, level);
        Ok(())
    }

    fn tables(&self, analyses: &Analyses, lang: Lang) -> Result<Vec<(String, Table)>> {
        let gaps = need(&analyses.gaps, "table", "gaps")?;
        Ok(vec![(
            catalogue::GAPS.get(lang).to_owned(),
            tables::gaps(gaps, lang),
        )])
    }
}
