//! Synthetic lists: deterministic, and lists the parser and extractor read like real ones.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use dutygraph::extract::{Taxonomy, extract};
use dutygraph::{doc, synth};

#[test]
fn same_seed_same_bytes_other_seed_other_lists() {
    for index in [0, 1, 17] {
        assert_eq!(
            synth::list(42, index).unwrap(),
            synth::list(42, index).unwrap()
        );
    }
    assert_ne!(
        synth::list(42, 0).unwrap().text,
        synth::list(43, 0).unwrap().text
    );
    assert_ne!(
        synth::list(42, 0).unwrap().text,
        synth::list(42, 1).unwrap().text
    );
}

#[test]
fn the_command_writes_the_same_files_twice() {
    let base = std::env::temp_dir().join(format!("dutygraph-synth-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let run = |dir: &str| {
        let out = base.join(dir);
        let status = Command::new(env!("CARGO_BIN_EXE_dutygraph"))
            .args([
                "synth",
                "--lists",
                "5",
                "--seed",
                "9",
                "--out",
                out.to_str().unwrap(),
            ])
            .status()
            .unwrap();
        assert!(status.success());
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let first = run("a");
    let second = run("b");
    assert_eq!(first.len(), 5);
    assert!(first == second, "same seed, same bytes");
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn synthetic_lists_read_like_real_ones() {
    let mut levels = std::collections::BTreeSet::new();
    for index in 0..40 {
        let list = synth::list(5, index).unwrap();
        levels.insert(list.level);
        let document = doc::parse(&list.file_name, "s", &list.text).unwrap();
        assert_eq!(
            document.level.as_deref(),
            Some(list.level),
            "{}",
            list.file_name
        );
        let model = extract(document, Taxonomy::builtin());
        // Every duty-bearing article of the reference is still a body, under the list's level.
        assert_eq!(model.bodies.len(), 48, "{}", list.file_name);
        let emergency = model.bodies.iter().find(|b| b.article == Some(41)).unwrap();
        assert_eq!(emergency.name, format!("{}应急管理局", list.level));
        assert!(
            !emergency.english.starts_with("Duty-bearing body"),
            "{}",
            emergency.english
        );
        // The annex still names every department and its counts agree.
        let annex = model.document.annex.as_ref().unwrap();
        let named: usize = annex.rows.iter().map(|r| r.names.len()).sum();
        assert_eq!(named, 36);
        assert!(
            model.annex_links.iter().all(|l| l.body.is_some()),
            "{}",
            list.file_name
        );
        // Duties were dropped or moved, never lost wholesale.
        assert!(
            (230..=290).contains(&model.duties.len()),
            "{} duties",
            model.duties.len()
        );
    }
    assert_eq!(levels.len(), 4, "区, 县, 市 and 旗 all occur: {levels:?}");
}
