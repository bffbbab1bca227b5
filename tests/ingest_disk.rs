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
    assert!(
        message.contains("broken.txt:2:1: no duty found"),
        "{message}"
    );
    assert_eq!(count(&store), before);
    assert_eq!(graphs(&store), "id\r\nsynth-s3-00000\r\nsynth-s3-00001\r\n");
}

#[test]
fn report_with_graph_and_serve_a_store() {
    let dir = workdir("report");
    let lists = dir.join("lists");
    let status = Command::new(env!("CARGO_BIN_EXE_dutygraph"))
        .args(["synth", "--lists", "2", "--seed", "4", "--out"])
        .arg(&lists)
        .status()
        .unwrap();
    assert!(status.success());
    let store = dir.join("store");
    let ingest = dutygraph(&[
        "ingest",
        lists.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]);
    assert!(ingest.status.success());
    let graph = "https://w3id.org/dutygraph/id/synth-s4-00001";

    // --graph: the overlaps of one list, as if it had been loaded alone.
    let one = dutygraph(&[
        "report",
        "overlaps",
        "--store",
        store.to_str().unwrap(),
        "--graph",
        graph,
        "--format",
        "json",
    ]);
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let topics: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    let topics = topics.as_array().unwrap();
    assert!(!topics.is_empty());
    assert!(topics.iter().all(|t| t["list"] == graph));
    assert!(topics.iter().all(|t| {
        t["bodies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["iri"].as_str().unwrap().starts_with(graph))
    }));

    // Without --graph: both lists compared.
    let both = dutygraph(&[
        "report",
        "compare",
        "--store",
        store.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        both.status.success(),
        "{}",
        String::from_utf8_lossy(&both.stderr)
    );
    let compare: serde_json::Value = serde_json::from_slice(&both.stdout).unwrap();
    assert_eq!(compare["lists"].as_array().unwrap().len(), 2);
    assert!(
        compare["lists"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["bodies"] == 48)
    );

    // serve --store: the endpoint answers from the store.
    let mut child = Command::new(env!("CARGO_BIN_EXE_dutygraph"))
        .args(["serve", "--bind", "127.0.0.1:0", "--store"])
        .arg(&store)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let mut endpoint = None;
    while std::io::BufRead::read_line(&mut stderr, &mut line).unwrap() > 0 {
        if let Some(rest) = line.split("listening on ").nth(1) {
            endpoint = Some(rest.trim().to_owned());
            break;
        }
        line.clear();
    }
    let endpoint = endpoint.expect("the endpoint reports its address");
    let answer = Command::new("curl")
        .args([
            "--silent",
            "--show-error",
            "-G",
            &endpoint,
            "-H",
            "Accept: text/csv",
        ])
        .arg("--data-urlencode")
        .arg("query=SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a dg:DutyList } }")
        .output()
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(String::from_utf8(answer.stdout).unwrap(), "n\r\n2\r\n");
}
