//! The command line on good and bad input: exit codes, messages naming file, line and
//! column, nothing written on failure, deterministic export that re-loads into oxigraph.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::store::Store;

use common::HAZCHEM_BODIES;

fn dutygraph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dutygraph"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// `dutygraph query --format csv [--doc LIST] QUERY`
fn query_csv(doc: Option<&Path>, query: &str) -> Output {
    let mut args = vec!["query", "--format", "csv"];
    if let Some(doc) = doc {
        args.extend(["--doc", doc.to_str().unwrap()]);
    }
    args.push(query);
    dutygraph(&args)
}

/// The bodies whose duties concern 危险化学品, ordered by label.
const HAZCHEM_QUERY: &str = "SELECT DISTINCT ?body WHERE {
           ?d dg:bearer/rdfs:label ?body ; dg:concerns/skos:prefLabel '危险化学品'@zh
           FILTER(lang(?body) = 'zh')
         } ORDER BY ?body";

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dutygraph-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` to `file` in a fresh temporary directory named after the test.
fn write_file(test: &str, file: &str, text: &str) -> PathBuf {
    let path = temp_dir(test).join(file);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn hazardous_chemicals_query_in_csv() {
    let output = query_csv(None, HAZCHEM_QUERY);
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = stdout(&output);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("body"));
    let bodies: Vec<&str> = lines.collect();
    // Exactly the bodies whose own article mentions 危险化学品 outside an exclusion.
    assert_eq!(bodies, HAZCHEM_BODIES);
}

#[test]
fn a_body_whose_only_mention_is_an_exclusion_is_not_returned() {
    let path = write_file(
        "exclusion-only",
        "excluded.txt",
        "某县安全生产职责清单\n\n第一章 部门职责\n第一条 县应急管理局安全生产职责\n（一）负责危险化学品安全监督管理综合工作。\n第二条 县交通运输局安全生产职责\n（一）负责道路运输安全监督管理（不含危险化学品道路运输）。\n",
    );
    let output = query_csv(Some(&path), HAZCHEM_QUERY);
    assert_eq!(stdout(&output), "body\r\n县应急管理局\r\n");
    let excluded = query_csv(
        Some(&path),
        "SELECT DISTINCT ?body WHERE {
           ?d dg:bearer/rdfs:label ?body ; dg:excludes/skos:prefLabel '危险化学品'@zh
           FILTER(lang(?body) = 'zh')
         }",
    );
    assert_eq!(stdout(&excluded), "body\r\n县交通运输局\r\n");
}

#[test]
fn every_result_format() {
    let query =
        "SELECT ?n WHERE { ?b dg:article 41 ; a dg:Body ; rdfs:label ?n FILTER(lang(?n)='zh') }";
    let csv = stdout(&dutygraph(&["query", "--format", "csv", query]));
    assert_eq!(csv, "n\r\n区应急管理局\r\n");
    let tsv = stdout(&dutygraph(&["query", "--format", "tsv", query]));
    assert_eq!(tsv, "?n\n\"区应急管理局\"@zh\n");
    let json = stdout(&dutygraph(&["query", "--format", "json", query]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["results"]["bindings"][0]["n"]["value"],
        "区应急管理局"
    );
    assert_eq!(value["results"]["bindings"][0]["n"]["xml:lang"], "zh");
    let xml = stdout(&dutygraph(&["query", "--format", "xml", query]));
    assert!(
        xml.contains("<literal xml:lang=\"zh\">区应急管理局</literal>"),
        "{xml}"
    );
    let table = stdout(&dutygraph(&["query", "--format", "table", query]));
    assert_eq!(table, "n\n────────────\n区应急管理局\n(1 row)\n");
}

#[test]
fn ask_construct_and_bind() {
    let yes = dutygraph(&[
        "query",
        "--format",
        "json",
        "ASK { ?b rdfs:label '区水利局'@zh }",
    ]);
    assert_eq!(stdout(&yes).trim(), r#"{"head":{},"boolean":true}"#);

    let graph = dutygraph(&[
        "query",
        "CONSTRUCT { ?b rdfs:label ?n } WHERE { ?b dg:article 41 ; a dg:Body ; rdfs:label ?n }",
    ]);
    assert!(graph.status.success());
    let turtle = stdout(&graph);
    assert!(
        turtle.contains("<https://w3id.org/dutygraph/id/weidu-2022-draft/body/art41>"),
        "{turtle}"
    );
    assert!(turtle.contains("\"区应急管理局\"@zh"));

    let bound = dutygraph(&[
        "query",
        "--format",
        "csv",
        "--bind",
        "name=区水利局",
        "SELECT (COUNT(?d) AS ?n) WHERE { ?d dg:bearer/rdfs:label ?name }",
    ]);
    assert_eq!(stdout(&bound), "n\r\n9\r\n");
}

#[test]
fn query_from_a_file() {
    let path = write_file(
        "query-file",
        "q.rq",
        "SELECT (COUNT(*) AS ?n) WHERE { ?b a dg:Body }",
    );
    let output = dutygraph(&["query", "--format", "csv", "-f", path.to_str().unwrap()]);
    assert_eq!(stdout(&output), "n\r\n48\r\n");
}

#[test]
fn a_syntax_error_gives_line_and_column_and_exit_2() {
    let output = dutygraph(&["query", "SELECT ?x WHERE {\n  ?x dg:bearer \n}"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("SPARQL syntax error"), "{message}");
    assert!(message.contains("error at 3:1"), "{message}");
}

#[test]
fn a_bad_binding_exits_2() {
    let output = dutygraph(&[
        "query",
        "--bind",
        "nonsense",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("expected VAR=TERM"));
}

#[test]
fn bad_documents_are_named_and_nothing_is_written() {
    let dir = temp_dir("bad-docs");
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "latin1.txt",
            b"\xce\xba\n\xe7\xac\xac\xe4\xb8\x80\xe6\x9d\xa1 ok\n\xff\xfe\n",
            "latin1.txt:3:1: not valid UTF-8",
        ),
        ("empty.txt", b"", "empty.txt:1:1: the document is empty"),
        (
            "prose.txt",
            "标题\n这里没有任何条款。\n".as_bytes(),
            "prose.txt:2:1: no duty found in 2 lines",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = dir.join(format!("{name}.ttl"));
        let output = dutygraph(&[
            "export",
            "--doc",
            path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert!(
            stderr(&output).contains(expected),
            "{name}: {}",
            stderr(&output)
        );
        assert!(!out.exists(), "{name}: nothing may be written");
    }
    let missing = dutygraph(&["query", "--doc", "/nonexistent/list.txt", "ASK {}"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("/nonexistent/list.txt"));
}

#[test]
fn export_is_deterministic_and_round_trips() {
    let first = dutygraph(&["export", "--format", "turtle"]);
    let second = dutygraph(&["export", "--format", "turtle"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        first.stdout == second.stdout,
        "two runs must give identical bytes"
    );

    // Re-load into a fresh oxigraph store: the same triples.
    let reloaded = Store::new().unwrap();
    reloaded
        .load_from_slice(RdfParser::from_format(RdfFormat::Turtle), &first.stdout)
        .unwrap();
    let ntriples = dutygraph(&["export", "--format", "ntriples"]);
    let lines = stdout(&ntriples).lines().filter(|l| !l.is_empty()).count();
    assert_eq!(reloaded.len().unwrap(), lines);

    // N-Quads keep one graph per list plus the ontology, the taxonomy and the roles.
    let nquads = dutygraph(&["export", "--format", "nquads"]);
    let dataset = Store::new().unwrap();
    dataset
        .load_from_slice(RdfParser::from_format(RdfFormat::NQuads), &nquads.stdout)
        .unwrap();
    assert_eq!(dataset.named_graphs().count(), 4);

    let jsonld = dutygraph(&["export", "--format", "jsonld", "--data-only"]);
    let value: serde_json::Value = serde_json::from_slice(&jsonld.stdout).unwrap();
    assert!(value.is_object() || value.is_array());
}

#[test]
fn other_lists_load_with_doc() {
    let path = write_file(
        "other-list",
        "changge-county.txt",
        "长葛县安全生产职责清单\n\n第一章 县直部门职责\n第一条：县应急管理局安全生产职责\n(一)负责危险化学品安全监督管理综合工作。\n(二)配合消防部门做好消防工作。\n第二条　县消防救援大队安全生产职责\n（一）负责火灾扑救。\n",
    );
    let output = query_csv(
        Some(&path),
        "SELECT ?en ?n WHERE { ?b a dg:Body ; rdfs:label ?en ; dg:article ?a . { SELECT ?b (COUNT(?d) AS ?n) WHERE { ?d dg:bearer ?b } GROUP BY ?b } FILTER(lang(?en)='en') } ORDER BY ?a",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "en,n\r\nCounty Emergency Management Bureau,2\r\nCounty Fire and Rescue Brigade,1\r\n"
    );
}

#[test]
fn help_explains_the_commands() {
    let help = stdout(&dutygraph(&["--help"]));
    assert!(help.contains("query"));
    assert!(help.contains("export"));
    let query_help = stdout(&dutygraph(&["query", "--help"]));
    assert!(query_help.contains("--bind"));
    assert!(query_help.contains("union of every list"));
}

#[test]
fn from_names_the_graphs_a_query_sees() {
    // Without FROM: the union of all graphs (the list, the ontology, the taxonomy, the roles).
    let all = query_csv(None, "SELECT (COUNT(?t) AS ?n) WHERE { ?t a skos:Concept }");
    assert_ne!(stdout(&all), "n\r\n0\r\n");
    // With FROM the list's graph only: no topic concepts there.
    let from = query_csv(
        None,
        "SELECT (COUNT(?t) AS ?n) FROM <https://w3id.org/dutygraph/id/weidu-2022-draft> WHERE { ?t a skos:Concept }",
    );
    assert_eq!(stdout(&from), "n\r\n0\r\n");
    let bodies = query_csv(
        None,
        "SELECT (COUNT(?b) AS ?n) FROM <https://w3id.org/dutygraph/id/weidu-2022-draft> WHERE { ?b a dg:Body }",
    );
    assert_eq!(stdout(&bodies), "n\r\n48\r\n");
}
