//! The registry of report kinds. Each kind says once what it reads and how it renders
//! (a module here implementing [`Report`]); `report all`, the JSON writer, the tables, the
//! command line and the web UI read [`REPORTS`].
//!
//! Adding a report over the analyses there are: one module implementing [`Report`] and
//! one line in [`REPORTS`]. A report that needs an analysis of its own also adds it to
//! [`crate::analysis`] (its module, its [`Analysis`](crate::analysis::Analysis) and its
//! field of [`Analyses`]).

mod all;
mod compare;
mod gaps;
mod lint;
mod matrix;
mod network;
mod overlaps;

use serde_json::Value;

use super::content::{Block, Table};
use crate::analysis::{Analyses, Lang, Reads};
use crate::error::Result;

/// The report kinds, in the order of `report all` and of the lists that show them.
pub static REPORTS: &[&dyn Report] = &[
    &overlaps::Overlaps,
    &gaps::Gaps,
    &network::Network,
    &lint::Lint,
    &matrix::Matrix,
    &compare::Compare,
];

/// Whether a kind is part of `report all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InAll {
    Always,
    /// Only when several lists are loaded (and so its analysis ran).
    WithSeveralLists,
}

/// What a report kind is called, in both languages, and where it goes.
#[derive(Debug)]
pub struct About {
    /// Its name on the command line and in URLs (`report overlaps`, `/reports/overlaps`).
    pub name: &'static str,
    /// Its title in lists of reports (zh, en).
    pub title: (&'static str, &'static str),
    /// What it shows, in a sentence (zh, en).
    pub description: (&'static str, &'static str),
    /// Its section heading within `report all`, without the number (zh, en).
    pub section: (&'static str, &'static str),
    /// Where its sheets go in the workbook of `report all` (lowest first: the comparison,
    /// then the matrix, are what a reader of a workbook looks for).
    pub sheet_order: u8,
}

/// A report kind: its names, what it reads and how it renders.
pub trait Report: Sync {
    fn about(&self) -> &'static About;
    /// The analyses it reads.
    fn reads(&self) -> Reads;
    fn in_all(&self) -> InAll {
        InAll::Always
    }
    /// Whether its analysis ran (a kind [`InAll::WithSeveralLists`] is left out of `all`
    /// when it did not).
    fn ran(&self, analyses: &Analyses) -> bool {
        let _ = analyses;
        true
    }
    /// The page title of the report alone, on the lists titled `title`.
    fn heading(&self, title: &str, lang: Lang) -> String;
    /// Its JSON: its own value first (the report alone), then any others `report all`
    /// holds under their keys.
    fn json(&self, analyses: &Analyses) -> Result<Vec<(&'static str, Value)>>;
    /// Its content, headings within it at `level`.
    fn blocks(
        &self,
        out: &mut Vec<Block>,
        analyses: &Analyses,
        lang: Lang,
        level: u8,
    ) -> Result<()>;
    /// Its tables with a sheet name each (CSV takes the first).
    fn tables(&self, analyses: &Analyses, lang: Lang) -> Result<Vec<(String, Table)>>;
}

/// A report kind: one of [`REPORTS`], or all of them.
#[derive(Clone, Copy)]
pub struct Kind(&'static dyn Report);

impl PartialEq for Kind {
    fn eq(&self, other: &Kind) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Kind {}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Kind {
    /// Every kind of [`REPORTS`] in one report, with a summary table.
    pub const ALL: Kind = Kind(&all::All);

    /// The kind called `name` (`all` included).
    pub fn named(name: &str) -> Option<Kind> {
        Kind::every().find(|k| k.name() == name)
    }

    /// Every kind, `all` last.
    pub fn every() -> impl Iterator<Item = Kind> {
        REPORTS.iter().map(|&r| Kind(r)).chain([Kind::ALL])
    }

    /// The kinds that are in `report all` whatever is loaded, then `all`: what a list of
    /// reports over one store offers.
    pub fn offered() -> impl Iterator<Item = Kind> {
        REPORTS
            .iter()
            .filter(|r| r.in_all() == InAll::Always)
            .map(|&r| Kind(r))
            .chain([Kind::ALL])
    }

    pub fn name(self) -> &'static str {
        self.0.about().name
    }

    pub fn is_all(self) -> bool {
        self == Kind::ALL
    }

    pub fn report(self) -> &'static dyn Report {
        self.0
    }

    /// The analyses it reads (for [`crate::analysis::analyse`]).
    pub fn reads(self) -> Reads {
        self.0.reads()
    }
}

/// The blocks of a report: its title, then its content.
pub fn blocks(analyses: &Analyses, kind: Kind, lang: Lang) -> Result<Vec<Block>> {
    let mut out = vec![Block::Heading(1, kind.0.heading(&analyses.title, lang))];
    kind.0.blocks(&mut out, analyses, lang, 2)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;

    #[test]
    fn every_kind_has_its_own_name_and_sheet_place() {
        let mut names: Vec<&str> = Kind::every().map(Kind::name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), REPORTS.len() + 1);
        let mut orders: Vec<u8> = REPORTS.iter().map(|r| r.about().sheet_order).collect();
        orders.sort_unstable();
        orders.dedup();
        assert_eq!(orders.len(), REPORTS.len());
    }

    #[test]
    fn all_reads_what_its_kinds_read_and_compares_only_several_lists() {
        let all = Kind::ALL.reads();
        for analysis in [
            Analysis::Overlaps,
            Analysis::Gaps,
            Analysis::Network,
            Analysis::Lint,
            Analysis::Matrix,
        ] {
            assert!(all.wants(analysis, false) && all.wants(analysis, true));
        }
        assert!(!all.wants(Analysis::Compare, false));
        assert!(all.wants(Analysis::Compare, true));
        // A kind alone reads its own analysis, whatever is loaded.
        let compare = Kind::named("compare").map(Kind::reads);
        assert_eq!(
            compare.map(|r| r.wants(Analysis::Compare, false)),
            Some(true)
        );
    }
}
