//! Two versions of the reference list compared (`dutygraph diff`): a revision written with
//! one change of every kind (tests/data/versions/weidu-revised.txt, its changes listed in
//! tests/data/versions/README.md), a copy that differs only in punctuation and whitespace,
//! and the list against itself. The JSON against schemas/diff.schema.json, and the command.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{assert_valid, run_ok, schema};
use dutygraph::diff::{self, ChangeKind, Diff, EditOp, EvidenceKind, TopicChangeKind};
use dutygraph::extract::{Model, Taxonomy};
use dutygraph::store::Source;
use serde_json::Value;

const REFERENCE: &str = "data/weidu-2022-draft.txt";
const REVISED: &str = "tests/data/versions/weidu-revised.txt";
const PUNCTUATION: &str = "tests/data/versions/weidu-punctuation.txt";

fn path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn model(relative: &str) -> Model {
    Source::read(&path(relative))
        .unwrap()
        .model(Taxonomy::builtin())
        .unwrap()
}

fn reference() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| model(REFERENCE))
}

fn revised() -> &'static Diff {
    static DIFF: OnceLock<Diff> = OnceLock::new();
    DIFF.get_or_init(|| diff::diff(reference(), &model(REVISED), &Default::default()))
}

/// A change as (kind, old citation, new citation), citations prefixed with the body.
fn row(change: &diff::Change) -> (&'static str, String, String) {
    let cite = |side: &Option<diff::Side>| {
        side.as_ref().map_or(String::new(), |s| {
            format!("{} {}", s.body.as_deref().unwrap_or(""), s.citation)
        })
    };
    (change.kind.name(), cite(&change.old), cite(&change.new))
}

/// Every change of the revision, in the order of the new version, and nothing else.
#[test]
fn the_revision_gives_exactly_the_changes_made() {
    let diff = revised();
    let rows: Vec<(&str, String, String)> = diff.changed().map(row).collect();
    let expected: Vec<(&str, &str, &str)> = vec![
        // 第三十五条（四） of 区交通局 given to 区委政法委 as its （四）; the items after it
        // in both articles renumbered.
        (
            "moved",
            "区交通局 第三十五条第（四）项",
            "区委政法委 第十九条第（四）项",
        ),
        (
            "renumbered",
            "区委政法委 第十九条第（四）项",
            "区委政法委 第十九条第（五）项",
        ),
        (
            "renumbered",
            "区委政法委 第十九条第（五）项",
            "区委政法委 第十九条第（六）项",
        ),
        (
            "renumbered",
            "区交通局 第三十五条第（五）项",
            "区交通局 第三十五条第（四）项",
        ),
        (
            "renumbered",
            "区交通局 第三十五条第（六）项",
            "区交通局 第三十五条第（五）项",
        ),
        // 第三十九条（六） (文物和博物馆) removed.
        ("removed", "区文广旅局 第三十九条第（六）项", ""),
        (
            "renumbered",
            "区文广旅局 第三十九条第（七）项",
            "区文广旅局 第三十九条第（六）项",
        ),
        (
            "renumbered",
            "区文广旅局 第三十九条第（八）项",
            "区文广旅局 第三十九条第（七）项",
        ),
        // 第四十一条 gets the （四） the draft skipped: nothing after it is renumbered.
        ("added", "", "区应急管理局 第四十一条第（四）项"),
        (
            "reworded",
            "区应急管理局 第四十一条第（八）项",
            "区应急管理局 第四十一条第（八）项",
        ),
        (
            "body_renamed",
            "区市场监管分局 第四十二条",
            "区市场监督管理局 第四十二条",
        ),
        (
            "split",
            "区政务服务和大数据管理局 第四十四条第（二）项",
            "区政务服务和大数据管理局 第四十四条第（二）项",
        ),
        (
            "renumbered",
            "区政务服务和大数据管理局 第四十四条第（三）项",
            "区政务服务和大数据管理局 第四十四条第（四）项",
        ),
        (
            "merged",
            "区园林绿化中心 第四十七条第（一）项",
            "区园林绿化中心 第四十七条第（一）项",
        ),
        (
            "renumbered",
            "区园林绿化中心 第四十七条第（三）项",
            "区园林绿化中心 第四十七条第（二）项",
        ),
        (
            "renumbered",
            "区园林绿化中心 第四十七条第（四）项",
            "区园林绿化中心 第四十七条第（三）项",
        ),
        // 第五十一条 and 第五十二条 exchanged.
        (
            "renumbered",
            "各街道办事处（管委会） 第五十二条第1段",
            "各街道办事处（管委会） 第五十一条第1段",
        ),
        (
            "renumbered",
            "区直及驻区其他有关部门 第五十一条第1段",
            "区直及驻区其他有关部门 第五十二条第1段",
        ),
    ];
    let expected: Vec<(&str, String, String)> = expected
        .into_iter()
        .map(|(k, o, n)| (k, o.to_owned(), n.to_owned()))
        .collect();
    assert_eq!(rows, expected);

    // Every other duty is unchanged: 269 in the draft, 1 removed, 1 split into 2, 2 merged
    // into 1, 1 added.
    let summary = &diff.summary;
    assert_eq!(
        (
            summary.unchanged,
            summary.renumbered,
            diff.old.duties,
            diff.new.duties
        ),
        (252, 11, 269, 269)
    );
    assert_eq!(
        diff.changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Unchanged)
            .count(),
        252
    );
}

#[test]
fn each_change_carries_what_a_table_of_changes_needs() {
    let diff = revised();
    let find = |kind: ChangeKind| diff.changed().find(|c| c.kind == kind).unwrap();

    // The rewording: what was deleted and inserted, in runs that rebuild both texts.
    let reworded = find(ChangeKind::Reworded);
    let runs: Vec<(EditOp, &str)> = reworded
        .edits
        .iter()
        .filter(|e| e.op != EditOp::Equal)
        .map(|e| (e.op, e.text.as_str()))
        .collect();
    assert_eq!(
        runs,
        [
            (EditOp::Delete, "和"),
            (EditOp::Insert, "、"),
            (EditOp::Insert, "和应急科普")
        ]
    );
    let rebuilt: String = reworded
        .edits
        .iter()
        .filter(|e| e.op != EditOp::Delete)
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(rebuilt, reworded.new.as_ref().unwrap().text);
    let similarity = reworded.similarity.unwrap();
    assert!(similarity > 0.85 && similarity < 1.0, "{similarity}");
    assert_eq!(reworded.old.as_ref().unwrap().line, 455);
    assert_eq!(reworded.new.as_ref().unwrap().line, 455);
    assert!(
        reworded
            .new
            .as_ref()
            .unwrap()
            .iri
            .ends_with("/weidu-revised/art41/item8")
    );

    // The move: same words, so no edits.
    let moved = find(ChangeKind::Moved);
    assert_eq!(moved.similarity, Some(1.0));
    assert!(moved.edits.is_empty());
    assert_eq!(
        moved.new.as_ref().unwrap().text,
        "承担铁路沿线安全环境治理局际联席会议日常工作。"
    );

    // The split: both pieces, in order; the words kept, the cut shown.
    let split = find(ChangeKind::Split);
    let pieces: Vec<&str> = split.parts.iter().map(|p| p.citation.as_str()).collect();
    assert_eq!(pieces, ["第四十四条第（二）项", "第四十四条第（三）项"]);
    assert_eq!(split.new.as_ref(), split.parts.first());
    let changed: Vec<(EditOp, &str)> = split
        .edits
        .iter()
        .filter(|e| e.op != EditOp::Equal)
        .map(|e| (e.op, e.text.as_str()))
        .collect();
    assert_eq!(changed, [(EditOp::Delete, "，"), (EditOp::Insert, "。")]);

    // The merge: both old items.
    let merged = find(ChangeKind::Merged);
    let pieces: Vec<&str> = merged.parts.iter().map(|p| p.citation.as_str()).collect();
    assert_eq!(pieces, ["第四十七条第（一）项", "第四十七条第（二）项"]);
    assert_eq!(merged.old.as_ref(), merged.parts.first());

    // The rename: by role (市场监管部门), with the headings as printed.
    let renamed = find(ChangeKind::BodyRenamed);
    let evidence = renamed.evidence.as_ref().unwrap();
    assert_eq!(
        (evidence.kind, evidence.detail.as_str()),
        (EvidenceKind::Role, "market-regulation")
    );
    assert_eq!(
        renamed.new.as_ref().unwrap().text,
        "区市场监督管理局安全生产职责"
    );

    // Bodies: one renamed, every other kept.
    let statuses: Vec<(&str, &str)> = diff
        .bodies
        .iter()
        .filter(|b| b.status != diff::BodyStatusKind::Kept)
        .map(|b| {
            (
                b.old.as_deref().unwrap_or(""),
                b.new.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(statuses, [("区市场监管分局", "区市场监督管理局")]);
    assert_eq!(diff.bodies.len(), 48);
}

/// A topic change as (kind, topic, old leads, new leads, gap).
type TopicRow<'a> = (TopicChangeKind, &'a str, Vec<&'a str>, Vec<&'a str>, bool);

/// What the revision does to who leads what: 文物博物馆 lost its only lead, 区应急管理局
/// became a second lead on 烟花爆竹, and 铁路 is no longer led by 区交通局.
#[test]
fn the_revision_changes_three_topics_leads() {
    let topics: Vec<TopicRow> = revised()
        .topics
        .iter()
        .map(|t| {
            (
                t.kind,
                t.topic.as_str(),
                t.old_leads.iter().map(|l| l.body.as_str()).collect(),
                t.new_leads.iter().map(|l| l.body.as_str()).collect(),
                t.gap,
            )
        })
        .collect();
    assert_eq!(
        topics,
        [
            (
                TopicChangeKind::LeadLost,
                "文物博物馆",
                vec!["区文广旅局"],
                vec![],
                false
            ),
            (
                TopicChangeKind::SecondLead,
                "烟花爆竹",
                vec!["区供销社"],
                vec!["区应急管理局", "区供销社"],
                false
            ),
            (
                TopicChangeKind::LeadChanged,
                "铁路",
                vec![
                    "区委政法委",
                    "区生态环境分局",
                    "区住建局",
                    "区交通局",
                    "区水利局",
                    "区城管局"
                ],
                vec![
                    "区委政法委",
                    "区生态环境分局",
                    "区住建局",
                    "区水利局",
                    "区城管局"
                ],
                false
            ),
        ]
    );
    // The leads cite their duties, in each version's numbering.
    let railway = &revised().topics[2];
    assert_eq!(
        railway.new_leads[0].citations,
        ["第十九条第（三）项", "第十九条第（四）项"]
    );
    assert_eq!(railway.old_leads[3].citations, ["第三十五条第（四）项"]);
}

/// The fixture's README documents every change the test expects, by its citations.
#[test]
fn the_readme_of_the_fixtures_names_every_change() {
    let readme = std::fs::read_to_string(path("tests/data/versions/README.md")).unwrap();
    for change in revised().changed() {
        for side in [&change.old, &change.new].into_iter().flatten() {
            assert!(
                readme.contains(&side.citation),
                "{} {} not in the README",
                change.kind.name(),
                side.citation
            );
        }
    }
}

#[test]
fn punctuation_and_whitespace_change_nothing() {
    let punctuated = model(PUNCTUATION);
    // The copy does differ: in 124 of the 269 duties (and in the headings).
    let differing = punctuated
        .duties
        .iter()
        .zip(&reference().duties)
        .filter(|(a, b)| a.text.text != b.text.text)
        .count();
    assert_eq!(differing, 124);
    let diff = diff::diff(reference(), &punctuated, &Default::default());
    let changed: Vec<_> = diff.changed().map(row).collect();
    assert_eq!(changed, []);
    assert_eq!(diff.summary.unchanged, 269);
    assert!(diff.topics.is_empty(), "{:?}", diff.topics);
    assert!(
        diff.bodies
            .iter()
            .all(|b| b.status == diff::BodyStatusKind::Kept)
    );
}

#[test]
fn a_list_against_itself_is_unchanged() {
    let diff = diff::diff(reference(), reference(), &Default::default());
    assert_eq!(diff.changed().count(), 0);
    assert_eq!(diff.changes.len(), 269);
    assert!(diff.topics.is_empty());
    // Every body kept by its name; every duty with similarity 1 and no edits.
    assert!(diff.bodies.iter().all(|b| {
        b.status == diff::BodyStatusKind::Kept
            && b.evidence.as_ref().unwrap().kind == EvidenceKind::Name
    }));
    assert!(
        diff.changes
            .iter()
            .all(|c| c.similarity == Some(1.0) && c.edits.is_empty() && c.old == c.new)
    );
}

/// The other direction: the revision undone is the same changes mirrored.
#[test]
fn the_revision_undone_mirrors_it() {
    let backwards = diff::diff(&model(REVISED), reference(), &Default::default());
    let mut kinds: Vec<&str> = backwards.changed().map(|c| c.kind.name()).collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        [
            "added",
            "body_renamed",
            "merged",
            "moved",
            "removed",
            "renumbered",
            "renumbered",
            "renumbered",
            "renumbered",
            "renumbered",
            "renumbered",
            "renumbered",
            "renumbered",
            "renumbered",
            "renumbered",
            "renumbered",
            "reworded",
            "split",
        ]
    );
    let added = backwards
        .changed()
        .find(|c| c.kind == ChangeKind::Added)
        .unwrap();
    assert_eq!(added.new.as_ref().unwrap().citation, "第三十九条第（六）项");
}

#[test]
fn the_json_validates_against_its_schema() {
    let value = serde_json::to_value(revised()).unwrap();
    assert_valid("diff", &value);
    let kinds: Vec<&str> = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    // The kinds of the schema are the kinds of the code.
    let schema = schema("diff");
    let named: Vec<&str> = schema["$defs"]["change"]["properties"]["kind"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    let code: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(named, code);
    for kind in kinds {
        assert!(named.contains(&kind));
    }
    let punctuated = diff::diff(reference(), &model(PUNCTUATION), &Default::default());
    assert_valid("diff", &serde_json::to_value(&punctuated).unwrap());
}

#[test]
fn the_schema_rejects_what_it_should() {
    let validator = jsonschema::validator_for(&schema("diff")).unwrap();
    let good = serde_json::to_value(revised()).unwrap();
    let mutate = |f: &dyn Fn(&mut Value)| {
        let mut bad = good.clone();
        f(&mut bad);
        validator.is_valid(&bad)
    };
    assert!(validator.is_valid(&good));
    let index = |kind: &str| {
        good["changes"]
            .as_array()
            .unwrap()
            .iter()
            .position(|c| c["kind"] == kind)
            .unwrap()
    };
    let (added, reworded, split) = (index("added"), index("reworded"), index("split"));
    // An unknown kind; an added duty with an old side; a rewording without edits; a split
    // without its parts; an edit that is neither equal, insert nor delete.
    assert!(!mutate(&|v| v["changes"][0]["kind"] = "changed".into()));
    assert!(!mutate(
        &|v| v["changes"][added]["old"] = v["changes"][added]["new"].clone()
    ));
    assert!(!mutate(
        &|v| v["changes"][reworded]["edits"] = Value::Array(vec![])
    ));
    assert!(!mutate(&|v| {
        v["changes"][split].as_object_mut().unwrap().remove("parts");
    }));
    assert!(!mutate(
        &|v| v["changes"][reworded]["edits"][0]["op"] = "replace".into()
    ));
    assert!(!mutate(&|v| v["topics"][0]["kind"] = "lead_moved".into()));
}

fn dutygraph(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dutygraph"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_writes_the_json() {
    let output = run_ok(
        Command::new(env!("CARGO_BIN_EXE_dutygraph"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["diff", REFERENCE, REVISED]),
    );
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid("diff", &value);
    assert_eq!(value["summary"]["moved"], 1);
    assert_eq!(value["old"]["source"], REFERENCE);
    assert_eq!(value["new"]["source"], REVISED);
    let moved = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "moved")
        .unwrap();
    assert_eq!(moved["old"]["body"], "区交通局");
    assert_eq!(moved["new"]["body"], "区委政法委");

    // -o writes the same bytes to a file.
    let dir = std::env::temp_dir().join(format!("dutygraph-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("changes.json");
    let written = dutygraph(&[
        "diff",
        REFERENCE,
        REVISED,
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(written.status.success());
    assert!(written.stdout.is_empty());
    assert_eq!(std::fs::read(&file).unwrap(), output.stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_command_names_the_file_it_cannot_read() {
    let missing = dutygraph(&["diff", REFERENCE, "/nonexistent/revised.txt"]);
    assert_eq!(missing.status.code(), Some(1));
    let message = String::from_utf8_lossy(&missing.stderr);
    assert!(message.contains("/nonexistent/revised.txt"), "{message}");
    // A file that is no list: refused with its name.
    let not_a_list = dutygraph(&["diff", "Cargo.toml", REVISED]);
    assert_eq!(not_a_list.status.code(), Some(1));
    let message = String::from_utf8_lossy(&not_a_list.stderr);
    assert!(message.starts_with("dutygraph: Cargo.toml:"), "{message}");
    // Formats not written yet are refused by the parser.
    let xlsx = dutygraph(&["diff", REFERENCE, REVISED, "--format", "xlsx"]);
    assert_eq!(xlsx.status.code(), Some(2));
    let help = dutygraph(&["diff", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    for words in [
        "新旧对照表",
        "OLD",
        "NEW",
        "moved",
        "split",
        "merged",
        "--format",
    ] {
        assert!(help.contains(words), "{words} not in --help");
    }
}
