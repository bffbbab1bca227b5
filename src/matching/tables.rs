//! The matcher's own data, embedded: `names.tsv` (merged bureaus, township units, names
//! roles.tsv lacks), `new-roles.tsv`, `formers.tsv` (bodies known only by old names) and
//! `changes.tsv` (what became of them, dated). Each file's header says its columns.

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use crate::extract::bodies::roles;

const NAMES_TSV: &str = include_str!("names.tsv");
const NEW_ROLES_TSV: &str = include_str!("new-roles.tsv");
const FORMERS_TSV: &str = include_str!("formers.tsv");
const CHANGES_TSV: &str = include_str!("changes.tsv");

/// A body that exists no more under its old name (区安监局, 区质监局): a concept of its own,
/// `<https://w3id.org/dutygraph/role/{slug}>`, so that two old names of one list stay
/// apart although both now belong to one role.
#[derive(Debug, PartialEq, Eq)]
pub struct Former {
    pub slug: String,
    /// The body in Chinese, without a level (安全生产监督管理部门).
    pub zh: String,
    /// The body in English, without a level (Work safety administration).
    pub en: String,
    /// Name patterns, `{L}` or `{P}` first (`{L}安监局`).
    pub patterns: Vec<String>,
}

/// A role of today that `src/extract/roles.tsv` lacks (广播电视部门).
#[derive(Debug, PartialEq, Eq)]
pub struct NewRole {
    pub slug: String,
    pub zh: String,
    pub en: String,
    /// Why it is a role of its own, zh / en.
    pub note: String,
}

/// How a body became another (`changes.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    /// The successor was formed on the basis of this body (在…基础上组建, 更名).
    Renamed,
    /// This body went, whole, into a successor together with others (并入).
    MergedInto,
    /// The successor took over part of this body's duties (职责划入).
    SplitFrom,
}

impl ChangeKind {
    fn parse(word: &str) -> Option<ChangeKind> {
        match word {
            "renamed" => Some(ChangeKind::Renamed),
            "merged-into" => Some(ChangeKind::MergedInto),
            "split-from" => Some(ChangeKind::SplitFrom),
            _ => None,
        }
    }

    /// The word of `changes.tsv` (renamed, merged-into, split-from).
    pub fn slug(self) -> &'static str {
        match self {
            ChangeKind::Renamed => "renamed",
            ChangeKind::MergedInto => "merged-into",
            ChangeKind::SplitFrom => "split-from",
        }
    }

    /// The kind in Chinese (更名, 并入, 职责划出).
    pub fn zh(self) -> &'static str {
        match self {
            ChangeKind::Renamed => "更名",
            ChangeKind::MergedInto => "并入",
            ChangeKind::SplitFrom => "职责划出",
        }
    }
}

/// One dated change: `from` became (part of) `to`.
#[derive(Debug, PartialEq, Eq)]
pub struct Change {
    /// Slug of a former body or of a role of today.
    pub from: String,
    /// Slug of the successor: a role of today or another former body.
    pub to: String,
    pub kind: ChangeKind,
    /// `YYYY` or `YYYY-MM`: the national decision.
    pub date: String,
    pub evidence_zh: String,
    pub evidence_en: String,
}

/// One row of `names.tsv`.
#[derive(Debug)]
pub(super) struct NameRow {
    pub pattern: String,
    pub roles: Vec<String>,
    /// Level words the row is limited to; empty = any.
    pub levels: Vec<String>,
    pub note: String,
}

#[derive(Debug, Default)]
pub(super) struct Tables {
    pub names: Vec<NameRow>,
    pub new_roles: Vec<NewRole>,
    pub formers: Vec<Former>,
    pub changes: Vec<Change>,
    /// Rows that could not be read; a unit test requires none.
    pub problems: Vec<String>,
}

/// The data rows of a TSV file: (line number, columns).
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
}

fn list(cell: &str, separator: char) -> Vec<String> {
    cell.split(separator)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(super) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(load)
}

fn load() -> Tables {
    let mut t = Tables::default();
    for (line, cols) in rows(NAMES_TSV) {
        match cols.as_slice() {
            [pattern, roles, levels, note] => t.names.push(NameRow {
                pattern: (*pattern).to_owned(),
                roles: list(roles, ','),
                levels: list(levels, ','),
                note: (*note).to_owned(),
            }),
            _ => t
                .problems
                .push(format!("names.tsv:{line}: 4 columns expected")),
        }
    }
    for (line, cols) in rows(NEW_ROLES_TSV) {
        match cols.as_slice() {
            [slug, zh, en, note] => t.new_roles.push(NewRole {
                slug: (*slug).to_owned(),
                zh: (*zh).to_owned(),
                en: (*en).to_owned(),
                note: (*note).to_owned(),
            }),
            _ => t
                .problems
                .push(format!("new-roles.tsv:{line}: 4 columns expected")),
        }
    }
    for (line, cols) in rows(FORMERS_TSV) {
        match cols.as_slice() {
            [slug, zh, en, patterns] => t.formers.push(Former {
                slug: (*slug).to_owned(),
                zh: (*zh).to_owned(),
                en: (*en).to_owned(),
                patterns: list(patterns, '|'),
            }),
            _ => t
                .problems
                .push(format!("formers.tsv:{line}: 4 columns expected")),
        }
    }
    for (line, cols) in rows(CHANGES_TSV) {
        match cols.as_slice() {
            [from, to, kind, date, zh, en] => match ChangeKind::parse(kind) {
                Some(kind) => t.changes.push(Change {
                    from: (*from).to_owned(),
                    to: (*to).to_owned(),
                    kind,
                    date: (*date).to_owned(),
                    evidence_zh: (*zh).to_owned(),
                    evidence_en: (*en).to_owned(),
                }),
                None => t
                    .problems
                    .push(format!("changes.tsv:{line}: unknown kind {kind}")),
            },
            _ => t
                .problems
                .push(format!("changes.tsv:{line}: 6 columns expected")),
        }
    }
    check(&mut t);
    t
}

/// Cross-checks the tables against each other and roles.tsv; findings go to `problems`.
fn check(t: &mut Tables) {
    let known_roles: HashSet<&str> = roles()
        .iter()
        .map(|r| r.slug.as_str())
        .chain(t.new_roles.iter().map(|r| r.slug.as_str()))
        .collect();
    let formers: HashSet<&str> = t.formers.iter().map(|f| f.slug.as_str()).collect();
    let mut problems = Vec::new();
    for role in &t.new_roles {
        if roles().iter().any(|r| r.slug == role.slug) {
            problems.push(format!("new-roles.tsv: {} is in roles.tsv", role.slug));
        }
    }
    for row in &t.names {
        for slug in &row.roles {
            if !known_roles.contains(slug.as_str()) {
                problems.push(format!("names.tsv: {}: unknown role {slug}", row.pattern));
            }
        }
        if !valid_pattern(&row.pattern) {
            problems.push(format!("names.tsv: bad pattern {}", row.pattern));
        }
        // A row over a roles.tsv name keeps roles.tsv's role first, so that the main role
        // of a body is the one the graph links it to.
        // (A row limited to some levels means another body there: 镇人民政府.)
        if let Some(role) = roles().iter().find(|r| r.pattern == row.pattern)
            && row.levels.is_empty()
            && row.roles.first() != Some(&role.slug)
        {
            problems.push(format!(
                "names.tsv: {}: roles.tsv says {} first",
                row.pattern, role.slug
            ));
        }
    }
    for former in &t.formers {
        if known_roles.contains(former.slug.as_str()) {
            problems.push(format!("formers.tsv: {} is a role of today", former.slug));
        }
        for pattern in &former.patterns {
            if !valid_pattern(pattern) {
                problems.push(format!("formers.tsv: bad pattern {pattern}"));
            }
        }
        if !t.changes.iter().any(|c| c.from == former.slug) {
            problems.push(format!("formers.tsv: {} has no change", former.slug));
        }
    }
    let mut seen = BTreeSet::new();
    for change in &t.changes {
        let from_ok =
            formers.contains(change.from.as_str()) || known_roles.contains(change.from.as_str());
        let to_ok =
            formers.contains(change.to.as_str()) || known_roles.contains(change.to.as_str());
        if !from_ok || !to_ok {
            problems.push(format!(
                "changes.tsv: unknown slug in {} → {}",
                change.from, change.to
            ));
        }
        if !valid_date(&change.date) {
            problems.push(format!("changes.tsv: bad date {}", change.date));
        }
        if !seen.insert((change.from.as_str(), change.to.as_str())) {
            problems.push(format!(
                "changes.tsv: {} → {} twice",
                change.from, change.to
            ));
        }
    }
    t.problems.extend(problems);
}

/// `{L}` or `{P}` once, at the start, then a stem without braces.
fn valid_pattern(pattern: &str) -> bool {
    let stem = pattern
        .strip_prefix("{L}")
        .or_else(|| pattern.strip_prefix("{P}"));
    stem.is_some_and(|s| !s.is_empty() && !s.contains('{') && !s.contains('}'))
}

/// `YYYY` or `YYYY-MM`.
fn valid_date(date: &str) -> bool {
    let (year, month) = match date.split_once('-') {
        Some((y, m)) => (y, Some(m)),
        None => (date, None),
    };
    let year_ok = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
    let month_ok =
        month.is_none_or(|m| m.len() == 2 && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)));
    year_ok && month_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_read_without_problems() {
        let t = tables();
        assert!(t.problems.is_empty(), "{:#?}", t.problems);
        assert!(t.names.len() >= 40, "{}", t.names.len());
        assert!(t.formers.len() >= 30, "{}", t.formers.len());
        assert!(t.changes.len() >= 45, "{}", t.changes.len());
        assert_eq!(t.new_roles.len(), 1);
    }

    #[test]
    fn dates_are_years_or_months() {
        assert!(valid_date("2018"));
        assert!(valid_date("2018-03"));
        assert!(!valid_date("2018-13"));
        assert!(!valid_date("18-03"));
        assert!(!valid_date("2018-3"));
    }
}
