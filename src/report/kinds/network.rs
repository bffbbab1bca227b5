//! The network report.

use serde_json::Value;

use super::{About, Report};
use crate::analysis::{Analyses, Analysis, Lang, Reads};
use crate::catalogue;
use crate::error::Result;
use crate::report::content::{self, Block, Table};
use crate::report::{need, tables, to_value};

pub struct Network;

static ABOUT: About = About {
    name: "network",
    title: ("主体关系网络", "Network"),
    description: (
        "谁指导、督促、监督、协调谁；领导关系；中心性与可达性。",
        "Who guides, urges, supervises, coordinates whom; the line of command; centralities.",
    ),
    section: ("主体关系网络", "Network of bodies"),
    sheet_order: 4,
};

impl Report for Network {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn reads(&self) -> Reads {
        Reads::of(Analysis::Network)
    }

    fn heading(&self, title: &str, lang: Lang) -> String {
        format!(
            "{}{title}",
            catalogue::NETWORK_HEADING_PREFIX.get(lang).to_owned()
        )
    }

    fn json(&self, analyses: &Analyses) -> Result<Vec<(&'static str, Value)>> {
        let network = need(&analyses.network, "json", "network")?;
        Ok(vec![("network", to_value(network)?)])
    }

    fn blocks(
        &self,
        out: &mut Vec<Block>,
        analyses: &Analyses,
        lang: Lang,
        level: u8,
    ) -> Result<()> {
        let network = need(&analyses.network, "report", "network")?;
        content::network_blocks(out, network, lang, level);
        Ok(())
    }

    fn tables(&self, analyses: &Analyses, lang: Lang) -> Result<Vec<(String, Table)>> {
        let network = need(&analyses.network, "table", "network")?;
        Ok(vec![(
            catalogue::NETWORK.get(lang).to_owned(),
            tables::network(network, lang),
        )])
    }
}
