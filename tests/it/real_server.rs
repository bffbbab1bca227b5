//! The real binary (`dutygraph serve`) on a free port, driven by real clients: curl and
//! Python's SPARQLWrapper (installed by scripts/test.sh from tests/requirements.txt).
//! Also: one log line per request on standard error, and a clean exit on SIGTERM/SIGINT.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::process::{Command, Output};

use common::{HAZCHEM_BODIES, Server};

fn curl(args: &[&str]) -> Output {
    let output = Command::new("curl")
        .args(["--silent", "--show-error"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("curl is required for this test and could not run: {e}"));
    assert!(
        output.status.success(),
        "curl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn text(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn curl_drives_the_endpoint() {
    let mut server = Server::start(&[]);
    let sparql = server.sparql();

    // GET with a url-encoded query, CSV.
    let csv = curl(&[
        "-G",
        &sparql,
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        "query=SELECT ?n WHERE { ?b dg:article 41 ; a dg:Body ; rdfs:label ?n FILTER(lang(?n) = \"zh\") }",
    ]);
    assert_eq!(text(&csv), "n\r\n区应急管理局\r\n");

    // POST of a query file.
    let csv = curl(&[
        &sparql,
        "-H",
        "Content-Type: application/sparql-query",
        "-H",
        "Accept: text/csv",
        "--data-binary",
        "@queries/bodies-sharing-topic.rq",
    ]);
    let body = text(&csv);
    let mut lines = body.lines();
    assert_eq!(lines.next(), Some("body,duties,modes"));
    let mut bodies: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    bodies.sort_unstable();
    let mut expected = HAZCHEM_BODIES.to_vec();
    expected.sort_unstable();
    assert_eq!(bodies, expected);

    // A form POST, JSON by default.
    let json = curl(&[
        &sparql,
        "--data-urlencode",
        "query=ASK { ?b rdfs:label \"区应急管理局\"@zh }",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["boolean"], true);

    // Errors: status and message.
    let bad = curl(&[
        "-G",
        &sparql,
        "--write-out",
        "\n%{http_code} %{content_type}",
        "--data-urlencode",
        "query=SELECT ?b WHERE { ?b a dg:Body",
    ]);
    let bad = text(&bad);
    assert!(
        bad.starts_with("查询语法错误 / SPARQL syntax error: error at 1:"),
        "{bad}"
    );
    assert!(bad.ends_with("\n400 text/plain; charset=utf-8"), "{bad}");
    let refused = curl(&[
        &sparql,
        "--write-out",
        "%{http_code}",
        "--output",
        "/dev/null",
        "-H",
        "Content-Type: application/sparql-update",
        "--data",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    ]);
    assert_eq!(text(&refused), "403");

    // Service description, Graph Store, health.
    let sd = curl(&[&sparql, "-H", "Accept: text/turtle"]);
    assert!(text(&sd).contains("sd:Service"));
    let topics = curl(&[
        "-H",
        "Accept: application/n-triples",
        &format!(
            "{}/store?graph=https://w3id.org/dutygraph/graph/topics",
            server.base
        ),
    ]);
    assert!(text(&topics).contains("\"危险化学品\"@zh"));
    let health = curl(&[&format!("{}/health", server.base)]);
    assert!(text(&health).contains("\"status\":\"ok\""));

    // One log line per request: method, path, status, milliseconds.
    let status = server.stop("-TERM");
    assert!(status.success(), "{status:?}");
    let log = server.log();
    let requests: Vec<&String> = log.iter().filter(|l| l.contains("status=")).collect();
    assert_eq!(requests.len(), 8, "{log:#?}");
    assert!(
        requests.iter().any(|l| l.contains("method=GET")
            && l.contains("path=/sparql")
            && l.contains("status=400")
            && l.contains(" ms=")),
        "{log:#?}"
    );
    assert!(
        requests
            .iter()
            .any(|l| l.contains("method=POST") && l.contains("status=403")),
        "{log:#?}"
    );
    assert!(log.iter().any(|l| l.contains("shut down")), "{log:#?}");
}

#[test]
fn sparqlwrapper_drives_the_endpoint() {
    let check = Command::new("python3")
        .args(["-c", "import SPARQLWrapper"])
        .output();
    match check {
        Ok(output) if output.status.success() => {}
        Ok(output) => panic!(
            "Python's SPARQLWrapper is required: install it with \
             `python3 -m pip install -r tests/requirements.txt` (scripts/test.sh does): {}",
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(e) => panic!("python3 is required for this test: {e}"),
    }
    let mut server = Server::start(&[]);
    let output = Command::new("python3")
        .args([
            "tests/clients/sparqlwrapper_client.py",
            &server.sparql(),
            "queries/bodies-sharing-topic.rq",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the SPARQLWrapper client failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    let mut bodies: Vec<&str> = report["get"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[0].as_str().unwrap())
        .collect();
    bodies.sort_unstable();
    let mut expected = HAZCHEM_BODIES.to_vec();
    expected.sort_unstable();
    assert_eq!(bodies, expected);
    assert_eq!(report["post"], report["get"]);
    assert_eq!(report["ask"], true);
    assert_eq!(
        report["construct_labels"],
        serde_json::json!(["District Emergency Management Bureau", "区应急管理局"])
    );
    let bad = report["bad_query"].as_str().unwrap();
    assert!(bad.contains("error at 1:"), "{bad}");
    assert_eq!(report["update_status"], 403);
    assert!(server.stop("-INT").success());
}

/// The binary counts the memory it has in use: a sort of a product of three scans, which
/// fills memory at hundreds of MB a second, is cut at --max-memory long before its
/// --timeout, and the server answers the next query.
#[test]
fn a_query_filling_memory_is_cut_at_max_memory() {
    let mut server = Server::start(&["--max-memory", "300MiB", "--timeout", "600"]);
    let sparql = server.sparql();
    let cut = curl(&[
        "-G",
        &sparql,
        "-w",
        "%{http_code}",
        "--data-urlencode",
        "query=SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a LIMIT 1",
    ]);
    let body = text(&cut);
    assert!(
        body.starts_with("查询占用内存过多，已取消 / query cancelled: the endpoint's memory in use passed 300 MiB (--max-memory)"),
        "{body}"
    );
    assert!(body.ends_with("503"), "{body}");
    let count = curl(&[
        "-G",
        &sparql,
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        "query=SELECT (COUNT(?d) AS ?n) WHERE { ?d a dg:Duty ; dg:bearer/rdfs:label '区应急管理局'@zh }",
    ]);
    assert_eq!(text(&count), "n\r\n10\r\n");
    assert!(server.stop("-TERM").success());
}

#[test]
fn bad_arguments_fail_before_listening() {
    for (bad, message) in [
        (["--timeout", "0"], "--timeout"),
        (["--cors", "bad\norigin"], "invalid --cors origin"),
        (["--max-memory", "4 parsecs"], "unknown unit"),
        (["--max-memory", "0"], "--max-memory"),
        (["--max-memory", "1MiB"], "the loaded lists already use"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_dutygraph"))
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(bad)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains(message));
    }
}
