//! The overlaps report.

use serde_json::Value;

use super::{About, Report};
use crate::analysis::{Analyses, Analysis, Lang, Reads};
use crate::catalogue;
use crate::error::Result;
use crate::report::content::{self, Block, Table};
use crate::report::{need, tables, to_value};

pub struct Overlaps;

static ABOUT: About = About {
    name: "overlaps",
    title: ("主题重叠分析", "Overlaps"),
    description: (
        "每个主题有哪些主体参与、以何种方式；两个以上主体牵头的主题（推诿扯皮风险）。",
        "For each topic, the bodies engaged and how; topics with more than one body in the lead.",
    ),
    section: (
        "主题重叠（推诿扯皮风险）",
        "Overlaps (risk of buck-passing)",
    ),
    sheet_order: 2,
};

impl Report for Overlaps {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn reads(&self) -> Reads {
        Reads::of(Analysis::Overlaps)
    }

    fn heading(&self, title: &str, lang: Lang) -> String {
        format!(
            "{}{title}",
            catalogue::OVERLAPS_HEADING_PREFIX.get(lang).to_owned()
        )
    }

    fn json(&self, analyses: &Analyses) -> Result<Vec<(&'static str, Value)>> {
        let overlaps = need(&analyses.overlaps, "json", "overlaps")?;
        Ok(vec![
            ("overlaps", to_value(&overlaps.topics)?),
            ("overlap_pairs", to_value(&overlaps.pairs)?),
        ])
    }

    fn blocks(
        &self,
        out: &mut Vec<Block>,
        analyses: &Analyses,
        lang: Lang,
        level: u8,
    ) -> Result<()> {
        let overlaps = need(&analyses.overlaps, "report", "overlaps")?;
        content::overlap_blocks(out, overlaps, lang, level);
        Ok(())
    }

    fn tables(&self, analyses: &Analyses, lang: Lang) -> Result<Vec<(String, Table)>> {
        let overlaps = need(&analyses.overlaps, "table", "overlaps")?;
        Ok(vec![(
            catalogue::OVERLAPS.get(lang).to_owned(),
            tables::overlaps(overlaps, lang),
        )])
    }
}
