//! Ingesting many lists: one named graph per list, idempotent, atomic per list. The same
//! code runs on the in-memory store here and on the on-disk store in tests/ingest_disk.rs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use dutygraph::ingest::{self, Outcome};
use dutygraph::store::DutyStore;
use dutygraph::synth;

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dutygraph-ingest-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn two_lists(dir: &std::path::Path) -> Vec<PathBuf> {
    (0..2)
        .map(|i| {
            let list = synth::list(11, i).unwrap();
            let path = dir.join(&list.file_name);
            std::fs::write(&path, list.text).unwrap();
            path
        })
        .collect()
}

#[test]
fn two_lists_two_named_graphs_and_reingest_is_idempotent() {
    let dir = workdir("two");
    let files = two_lists(&dir);
    let mut store = DutyStore::new().unwrap();
    let summary = ingest::ingest(
        &mut store,
        &ingest::files(std::slice::from_ref(&dir)).unwrap(),
        &mut |_, _| {},
    );
    assert_eq!(summary.loaded(), 2);
    let lists = store.lists_in_store().unwrap();
    let ids: Vec<&str> = lists.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["synth-s11-00000", "synth-s11-00001"]);
    assert_ne!(lists[0].graph, lists[1].graph);
    let before = store.store().unwrap().len().unwrap();

    let again = ingest::ingest(&mut store, &files, &mut |_, _| {});
    assert_eq!(again.loaded(), 2);
    assert_eq!(
        store.store().unwrap().len().unwrap(),
        before,
        "re-ingesting replaces, never adds"
    );
    assert_eq!(store.lists_in_store().unwrap().len(), 2);
}

#[test]
fn a_broken_file_leaves_the_store_unchanged_and_the_others_load() {
    let dir = workdir("broken");
    let mut files = two_lists(&dir);
    let broken = dir.join("broken.txt");
    std::fs::write(&broken, b"\xe7\xac\xac\xe4\xb8\x80\xe6\x9d\xa1 ok\n\xff\n").unwrap();
    files.insert(1, broken.clone());

    let mut store = DutyStore::new().unwrap();
    let empty = store.store().unwrap().len().unwrap();
    let only_broken = ingest::ingest(&mut store, std::slice::from_ref(&broken), &mut |_, _| {});
    assert_eq!(only_broken.loaded(), 0);
    assert_eq!(
        store.store().unwrap().len().unwrap(),
        empty,
        "a failing list writes nothing"
    );

    let mut seen = Vec::new();
    let summary = ingest::ingest(&mut store, &files, &mut |path, outcome| {
        seen.push((
            path.to_path_buf(),
            matches!(outcome, Outcome::Loaded { .. }),
        ));
    });
    assert_eq!(seen.len(), 3);
    assert_eq!(summary.loaded(), 2);
    let failures: Vec<String> = summary.failures().map(|(_, e)| e.to_string()).collect();
    assert_eq!(failures.len(), 1);
    assert!(
        failures[0].contains("broken.txt:2:1: not valid UTF-8"),
        "file:line in the message: {}",
        failures[0]
    );
    assert_eq!(store.lists_in_store().unwrap().len(), 2);
}

#[test]
fn bodies_are_matched_across_lists_by_role() {
    let dir = workdir("roles");
    // Lists of three levels: 区, 县 and 市 (the seed and indexes were picked for that).
    let mut files = Vec::new();
    let mut levels = std::collections::BTreeSet::new();
    for index in 0..30 {
        let list = synth::list(21, index).unwrap();
        if levels.insert(list.level) {
            let path = dir.join(&list.file_name);
            std::fs::write(&path, list.text).unwrap();
            files.push(path);
        }
    }
    assert!(levels.len() >= 3, "{levels:?}");
    let mut store = DutyStore::new().unwrap();
    let summary = ingest::ingest(&mut store, &files, &mut |_, _| {});
    assert_eq!(summary.loaded(), files.len());
    let results = store
        .query(
            "SELECT ?name WHERE { ?b skos:closeMatch role:emergency-management ; rdfs:label ?name
               FILTER(lang(?name) = 'zh') } ORDER BY ?name",
            &[],
        )
        .unwrap();
    let oxigraph::sparql::QueryResults::Solutions(solutions) = results else {
        panic!()
    };
    let names: Vec<String> = solutions
        .map(|s| match s.unwrap().get("name") {
            Some(oxigraph::model::Term::Literal(l)) => l.value().to_owned(),
            other => panic!("{other:?}"),
        })
        .collect();
    let mut expected: Vec<String> = levels.iter().map(|l| format!("{l}应急管理局")).collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn a_scope_restricts_queries_to_one_list() {
    let dir = workdir("scope");
    let files = two_lists(&dir);
    let mut store = DutyStore::new().unwrap();
    ingest::ingest(&mut store, &files, &mut |_, _| {});
    let bodies = |store: &DutyStore| {
        let results = store
            .query("SELECT (COUNT(?b) AS ?n) WHERE { ?b a dg:Body }", &[])
            .unwrap();
        let oxigraph::sparql::QueryResults::Solutions(mut s) = results else {
            panic!()
        };
        match s.next().unwrap().unwrap().get("n") {
            Some(oxigraph::model::Term::Literal(l)) => l.value().to_owned(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(bodies(&store), "96");
    let graph = store.lists_in_store().unwrap()[0].graph.as_str().to_owned();
    store.set_scope(Some(&graph)).unwrap();
    assert_eq!(bodies(&store), "48");
    // The vocabularies stay visible: labels of topics still resolve.
    let results = store
        .query("ASK { ?t skos:prefLabel '危险化学品'@zh }", &[])
        .unwrap();
    assert!(matches!(
        results,
        oxigraph::sparql::QueryResults::Boolean(true)
    ));
    assert!(
        store
            .set_scope(Some("https://w3id.org/dutygraph/id/nope"))
            .is_err()
    );
    store.set_scope(None).unwrap();
    assert_eq!(bodies(&store), "96");
}

#[test]
fn missing_paths_are_named() {
    let error = ingest::files(&[PathBuf::from("/nonexistent/lists")]).unwrap_err();
    assert!(error.to_string().contains("/nonexistent/lists"));
}

#[test]
fn a_directory_is_walked_for_every_format_lists_are_published_in() {
    let dir = workdir("formats");
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    for (from, to) in [
        ("docx/yantian-2005-rules.docx", "a/yantian.DOCX"),
        ("html/shijiazhuang-2024-table.html", "shijiazhuang.htm"),
        ("pdf/jinan-liuan-2024-sectors.pdf", "b/jinan.pdf"),
    ] {
        let to = dir.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixtures.join(from), to).unwrap();
    }
    // An old binary Word file is taken and refused with the conversion to run; other files
    // are not lists.
    std::fs::write(
        dir.join("old.doc"),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not really a document",
    )
    .unwrap();
    std::fs::write(dir.join("notes.md"), "# notes").unwrap();

    let files = ingest::files(std::slice::from_ref(&dir)).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(&dir).unwrap().display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "a/yantian.DOCX",
            "b/jinan.pdf",
            "old.doc",
            "shijiazhuang.htm"
        ]
    );
    let mut store = DutyStore::new().unwrap();
    let summary = ingest::ingest(&mut store, &files, &mut |_, _| {});
    assert_eq!(summary.loaded(), 3);
    let failures: Vec<(&str, String)> = summary
        .failures()
        .map(|(file, error)| (file, error.to_string()))
        .collect();
    assert_eq!(failures.len(), 1);
    assert!(failures[0].0.ends_with("old.doc"), "{failures:?}");
    assert!(
        failures[0]
            .1
            .contains("soffice --headless --convert-to docx"),
        "{failures:?}"
    );
}
