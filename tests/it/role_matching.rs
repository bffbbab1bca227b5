//! Role matching across levels and years (dutygraph::matching), driven by the table of
//! name pairs in tests/fixtures/matching/role-pairs.tsv: pairs that must match, with the
//! kind, direction, roles and date expected, and pairs that must not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dutygraph::matching::{Chronology, Direction, MatchKind, match_bodies, roles_of};

const PAIRS: &str = include_str!("../fixtures/matching/role-pairs.tsv");

struct Row {
    line: usize,
    a: &'static str,
    b: &'static str,
    chronology: Chronology,
    kind: Option<MatchKind>,
    direction: Option<Direction>,
    shared: Vec<&'static str>,
    date: Option<&'static str>,
}

fn rows() -> Vec<Row> {
    PAIRS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 8, "line {}: {l}", i + 1);
            let dash = |s: &'static str| (s != "-").then_some(s);
            Row {
                line: i + 1,
                a: cols[0],
                b: cols[1],
                chronology: match cols[2] {
                    "unordered" => Chronology::Unordered,
                    "old-then-new" => Chronology::OldThenNew,
                    other => panic!("line {}: chronology {other}", i + 1),
                },
                kind: (cols[3] != "none").then(|| {
                    MatchKind::from_slug(cols[3])
                        .unwrap_or_else(|| panic!("line {}: kind {}", i + 1, cols[3]))
                }),
                direction: dash(cols[4]).map(|d| match d {
                    "forward" => Direction::Forward,
                    "backward" => Direction::Backward,
                    "undated" => Direction::Undated,
                    other => panic!("line {}: direction {other}", i + 1),
                }),
                shared: dash(cols[5])
                    .map(|s| s.split(',').collect())
                    .unwrap_or_default(),
                date: dash(cols[6]),
            }
        })
        .collect()
}

#[test]
fn every_pair_of_the_table_matches_as_expected() {
    let rows = rows();
    assert!(rows.len() >= 40, "{} pairs", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let found = match_bodies(row.a, row.b, row.chronology);
        let got = found.as_ref().map(|m| {
            let mut shared = m.shared.clone();
            shared.sort_unstable();
            (m.kind, m.direction, shared, m.date())
        });
        let want = row.kind.map(|kind| {
            let mut shared = row.shared.clone();
            shared.sort_unstable();
            (
                kind,
                row.direction.unwrap_or(Direction::Undated),
                shared,
                row.date,
            )
        });
        if got != want {
            failures.push(format!(
                "line {}: {} ~ {}: expected {want:?}, found {got:?}{}",
                row.line,
                row.a,
                row.b,
                found
                    .map(|m| format!("\n    {}", m.evidence))
                    .unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_covers_every_kind_and_both_chronologies() {
    let rows = rows();
    let count = |kind: Option<MatchKind>| rows.iter().filter(|r| r.kind == kind).count();
    for kind in [
        MatchKind::SameName,
        MatchKind::SameRole,
        MatchKind::Renamed,
        MatchKind::MergedInto,
        MatchKind::SplitFrom,
        MatchKind::Overlap,
    ] {
        assert!(count(Some(kind)) >= 1, "{kind:?}");
    }
    assert!(count(None) >= 15, "{} negatives", count(None));
    assert!(rows.iter().any(|r| r.chronology == Chronology::OldThenNew));
    assert!(rows.iter().any(|r| r.chronology == Chronology::Unordered));
    // Provinces, townships and dated changes of several reforms are all there.
    assert!(
        rows.iter()
            .any(|r| r.a.contains('省') || r.b.contains('省'))
    );
    assert!(
        rows.iter()
            .any(|r| r.a.contains('镇') || r.b.contains('镇'))
    );
    let mut years: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.date)
        .map(|d| &d[..4])
        .collect();
    years.sort_unstable();
    years.dedup();
    assert!(years.len() >= 6, "{years:?}");
}

/// Without a known order, a pair matches either way round: the same kind (the direction
/// turned for a dated change), or not at all.
#[test]
fn unordered_pairs_match_the_same_both_ways() {
    for row in rows()
        .iter()
        .filter(|r| r.chronology == Chronology::Unordered)
    {
        let there = match_bodies(row.a, row.b, Chronology::Unordered);
        let back = match_bodies(row.b, row.a, Chronology::Unordered);
        let turned = |d: Direction| match d {
            Direction::Forward => Direction::Backward,
            Direction::Backward => Direction::Forward,
            Direction::Undated => Direction::Undated,
        };
        let flip = |k: MatchKind| match k {
            MatchKind::MergedInto if there.as_ref().is_some_and(|m| m.changes.is_empty()) => {
                MatchKind::SplitFrom
            }
            MatchKind::SplitFrom if there.as_ref().is_some_and(|m| m.changes.is_empty()) => {
                MatchKind::MergedInto
            }
            k => k,
        };
        assert_eq!(
            there.as_ref().map(|m| (flip(m.kind), turned(m.direction))),
            back.as_ref().map(|m| (m.kind, m.direction)),
            "line {}: {} ~ {}",
            row.line,
            row.a,
            row.b
        );
    }
}

/// Every name of the table that is meant to match is read, with evidence.
#[test]
fn every_name_that_matches_is_read_with_evidence() {
    for row in rows().iter().filter(|r| r.kind.is_some()) {
        for name in [row.a, row.b] {
            let m = roles_of(name).unwrap_or_else(|| panic!("line {}: {name}", row.line));
            assert!(!m.roles.is_empty(), "{name}");
            assert!(
                m.evidence.iter().any(|e| e.contains(".tsv")),
                "{name}: {:?}",
                m.evidence
            );
        }
    }
}
