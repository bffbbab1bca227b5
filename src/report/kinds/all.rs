//! Every report of the registry in one, with a summary table.

use serde_json::{Map, Value};

use super::{About, InAll, REPORTS, Report};
use crate::analysis::{Analyses, Lang, Reads};
use crate::catalogue;
use crate::doc::numeral::to_chinese;
use crate::error::Result;
use crate::report::content::{self, Block, Table};
use crate::report::{need, to_value, tr};

pub struct All;

static ABOUT: About = About {
    name: "all",
    title: ("综合报告", "All reports"),
    description: (
        "以上全部，附摘要表。",
        "All of the above, with a summary table.",
    ),
    section: ("综合报告", "All reports"),
    sheet_order: u8::MAX,
};

/// The kinds `report all` holds for these analyses, in the registry's order.
fn included(analyses: &Analyses) -> impl Iterator<Item = &'static dyn Report> + '_ {
    REPORTS.iter().copied().filter(|kind| match kind.in_all() {
        InAll::Always => true,
        InAll::WithSeveralLists => kind.ran(analyses),
    })
}

impl Report for All {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn reads(&self) -> Reads {
        REPORTS
            .iter()
            .fold(Reads::NOTHING, |reads, kind| match kind.in_all() {
                InAll::Always => reads.union(kind.reads()),
                InAll::WithSeveralLists => reads.union(kind.reads().with_several_lists_only()),
            })
    }

    fn heading(&self, title: &str, lang: Lang) -> String {
        format!(
            "{}{title}",
            catalogue::ALL_HEADING_PREFIX.get(lang).to_owned()
        )
    }

    fn json(&self, analyses: &Analyses) -> Result<Vec<(&'static str, Value)>> {
        let mut all = Map::new();
        all.insert("lists".to_owned(), to_value(&analyses.lists)?);
        for kind in included(analyses) {
            for (key, value) in kind.json(analyses)? {
                all.insert(key.to_owned(), value);
            }
        }
        Ok(vec![("all", Value::Object(all))])
    }

    fn blocks(
        &self,
        out: &mut Vec<Block>,
        analyses: &Analyses,
        lang: Lang,
        level: u8,
    ) -> Result<()> {
        let summary = content::summary(
            need(&analyses.overlaps, "report", "overlaps")?,
            need(&analyses.gaps, "report", "gaps")?,
            need(&analyses.network, "report", "network")?,
            need(&analyses.lint, "report", "lint")?,
            need(&analyses.matrix, "report", "matrix")?,
            lang,
        );
        out.push(Block::Table(summary));
        for (n, kind) in (1u32..).zip(included(analyses)) {
            let (zh, en) = kind.about().section;
            out.push(Block::Heading(
                level,
                catalogue::NUMBERED_SECTION.fill(
                    lang,
                    &[
                        ("numeral", &to_chinese(n)),
                        ("n", &n),
                        ("title", &tr(lang, zh, en)),
                    ],
                ),
            ));
            kind.blocks(out, analyses, lang, level + 1)?;
        }
        Ok(())
    }

    fn tables(&self, analyses: &Analyses, lang: Lang) -> Result<Vec<(String, Table)>> {
        let mut kinds: Vec<&dyn Report> = included(analyses).collect();
        kinds.sort_by_key(|kind| kind.about().sheet_order);
        let mut out = Vec::new();
        for kind in kinds {
            out.extend(kind.tables(analyses, lang)?);
        }
        Ok(out)
    }
}
