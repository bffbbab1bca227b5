//! The on-disk store (feature `rocksdb`): `dutygraph ingest` and `query --store`.

#![cfg(feature = "rocksdb")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dutygraph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dutygraph"))
        .args(args)
        .output()
        .unwrap()
}

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dutygraph-disk-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn count(store: &Path) -> String {
    let out = dutygraph(&[
        "query",
        "--store",
        store.to_str().unwrap(),
        "--format",
        "csv",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn graphs(store: &Path) -> String {
    let out = dutygraph(&[
        "query",
        "--store",
        store.to_str().unwrap(),
        "--format",
        "csv",
        "SELECT ?id WHERE { GRAPH ?g { ?g a dg:DutyList ; dcterms:identifier ?id } } ORDER BY ?id",
    ]);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn ingest_two_lists_reingest_and_a_broken_file() {
    let dir = workdir("lists");
    let lists = dir.join("lists");
    let status = Command::new(env!("CARGO_BIN_EXE_dutygraph"))
        .args([
            "synth",
            "--lists",
            "2",
            "--seed",
            "3",
            "--out",
            lists.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let store = dir.join("store");

    let first = dutygraph(&[
        "ingest",
        lists.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(graphs(&store), "id\r\nsynth-s3-00000\r\nsynth-s3-00001\r\n");
    let before = count(&store);

    // Idempotent: the same files again give the same triples.
    let again = dutygraph(&[
        "ingest",
        lists.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]);
    assert!(again.status.success());
    assert_eq!(count(&store), before);

    // A broken file: exit code not 0, file:line in the message, the store unchanged.
    let broken = dir.join("broken.txt");
    std::fs::write(&broken, "只有标题\n没有条款\n").unwrap();
    let failed = dutygraph(&[
        "ingest",
        broken.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]);
    assert_ne!(failed.status.code(), Some(0));
    let message = String::from_utf8_lossy(&failed.stderr);
    assert!(message.contains("broken.txt:2:1: no article"), "{message}");
    assert_eq!(count(&store), before);
    assert_eq!(graphs(&store), "id\r\nsynth-s3-00000\r\nsynth-s3-00001\r\n");
}
