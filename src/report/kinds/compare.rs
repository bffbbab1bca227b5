//! The comparison of many lists.

use serde_json::Value;

use super::{About, InAll, Report};
use crate::analysis::{Analyses, Analysis, Lang, Reads};
use crate::catalogue;
use crate::error::Result;
use crate::report::content::{self, Block, Table};
use crate::report::{need, tables, to_value};

pub struct Compare;

static ABOUT: About = About {
    name: "compare",
    title: ("清单比较", "Comparison of lists"),
    description: (
        "多份清单之间：各清单把每个主题交给哪类主体牵头、参与。",
        "Across lists: which kind of body each list gives each topic's lead and engagement to.",
    ),
    section: ("清单比较", "Comparison of lists"),
    sheet_order: 0,
};

impl Report for Compare {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn reads(&self) -> Reads {
        Reads::of(Analysis::Compare)
    }

    fn in_all(&self) -> InAll {
        InAll::WithSeveralLists
    }

    fn ran(&self, analyses: &Analyses) -> bool {
        analyses.compare.is_some()
    }

    fn heading(&self, title: &str, lang: Lang) -> String {
        format!(
            "{}{title}",
            catalogue::COMPARE_HEADING_PREFIX.get(lang).to_owned()
        )
    }

    fn json(&self, analyses: &Analyses) -> Result<Vec<(&'static str, Value)>> {
        let compare = need(&analyses.compare, "json", "compare")?;
        Ok(vec![("compare", to_value(compare)?)])
    }

    fn blocks(
        &self,
        out: &mut Vec<Block>,
        analyses: &Analyses,
        lang: Lang,
        level: u8,
    ) -> Result<()> {
        let compare = need(&analyses.compare, "report", "compare")?;
        content::compare_blocks(out, compare, lang, level);
        Ok(())
    }

    /// Topic × role first: the comparison's CSV.
    fn tables(&self, analyses: &Analyses, lang: Lang) -> Result<Vec<(String, Table)>> {
        let compare = need(&analyses.compare, "table", "compare")?;
        Ok(tables::compare(compare, lang))
    }
}
