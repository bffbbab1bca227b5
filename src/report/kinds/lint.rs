//! The review comments (修改意见) on a draft.

use serde_json::Value;

use super::{About, Report};
use crate::analysis::{Analyses, Analysis, Lang, Reads};
use crate::catalogue;
use crate::error::Result;
use crate::report::content::{self, Block, Table};
use crate::report::{need, tables, to_value};

pub struct Lint;

static ABOUT: About = About {
    name: "lint",
    title: ("修改意见", "Review comments"),
    description: (
        "供起草单位参考：编号、附件、层级用语、日期、标点、简称。",
        "For the drafting office: numbering, annex, level words, dates, punctuation, abbreviations.",
    ),
    section: ("修改意见", "Review comments"),
    sheet_order: 5,
};

impl Report for Lint {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn reads(&self) -> Reads {
        Reads::of(Analysis::Lint)
    }

    // Addressed to the drafting office, titled as a letter of comments is.
    fn heading(&self, title: &str, lang: Lang) -> String {
        catalogue::LINT_TITLE.fill(lang, &[("title", &title)])
    }

    fn json(&self, analyses: &Analyses) -> Result<Vec<(&'static str, Value)>> {
        let lint = need(&analyses.lint, "json", "lint")?;
        Ok(vec![("lint", to_value(&lint.findings)?)])
    }

    fn blocks(
        &self,
        out: &mut Vec<Block>,
        analyses: &Analyses,
        lang: Lang,
        _level: u8,
    ) -> Result<()> {
        let lint = need(&analyses.lint, "report", "lint")?;
        content::lint_blocks(out, lint, lang);
        Ok(())
    }

    fn tables(&self, analyses: &Analyses, lang: Lang) -> Result<Vec<(String, Table)>> {
        let lint = need(&analyses.lint, "table", "lint")?;
        Ok(vec![(
            catalogue::REVIEW.get(lang).to_owned(),
            tables::lint(lint, lang),
        )])
    }
}
