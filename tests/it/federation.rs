//! Federation: two `dutygraph serve` processes on free ports, each with the list of another
//! "province", and queries joining both with SERVICE — through one endpoint and through
//! the CLI. A corpus too big for one machine is served this way (README, "Beyond one machine").

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Server, run_ok};
use dutygraph::synth::{self, SyntheticList};

/// Two synthetic lists of different levels (two "provinces"), written to files.
fn two_lists(dir: &Path) -> Vec<(PathBuf, SyntheticList)> {
    let mut out: Vec<(PathBuf, SyntheticList)> = Vec::new();
    for index in 0..20 {
        let list = synth::list(17, index).unwrap();
        if out.iter().any(|(_, l)| l.level == list.level) {
            continue;
        }
        let path = dir.join(&list.file_name);
        std::fs::write(&path, &list.text).unwrap();
        out.push((path, list));
        if out.len() == 2 {
            break;
        }
    }
    assert_eq!(out.len(), 2);
    out
}

/// The emergency-management body of each list, here and at `service`.
fn federated_query(services: &[&str], local: bool) -> String {
    let pattern = "?b skos:closeMatch role:emergency-management ; rdfs:label ?name ; \
                   eli:is_part_of ?list FILTER(lang(?name) = \"zh\")";
    let mut parts = Vec::new();
    if local {
        parts.push(format!("{{ {pattern} }}"));
    }
    for service in services {
        parts.push(format!("{{ SERVICE <{service}> {{ {pattern} }} }}"));
    }
    format!(
        "SELECT ?list ?name WHERE {{ {} }} ORDER BY ?name",
        parts.join(" UNION ")
    )
}

fn curl_csv(endpoint: &str, query: &str) -> (String, String) {
    let output = Command::new("curl")
        .args(["--silent", "--show-error", "-G", endpoint])
        .args(["-H", "Accept: text/csv", "-w", "\n%{http_code}"])
        .arg("--data-urlencode")
        .arg(format!("query={query}"))
        .output()
        .unwrap_or_else(|e| panic!("curl is required for this test: {e}"));
    let text = String::from_utf8(output.stdout).unwrap();
    let (body, status) = text.rsplit_once('\n').unwrap();
    (status.to_owned(), body.to_owned())
}

fn expected_rows(lists: &[(PathBuf, SyntheticList)]) -> Vec<String> {
    let mut rows: Vec<String> = lists
        .iter()
        .map(|(_, l)| {
            let id = l.file_name.trim_end_matches(".txt");
            format!("https://w3id.org/dutygraph/id/{id},{}应急管理局", l.level)
        })
        .collect();
    rows.sort_by(|a, b| a.split(',').nth(1).cmp(&b.split(',').nth(1)));
    rows
}

#[test]
fn a_query_through_one_endpoint_joins_both_with_service() {
    let dir = std::env::temp_dir().join(format!("dutygraph-federation-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let lists = two_lists(&dir);
    let a = Server::start(&["--doc", lists[0].0.to_str().unwrap()]);
    let b = Server::start(&["--doc", lists[1].0.to_str().unwrap(), "--no-service"]);

    // Through A: A's own list plus B's, fetched by A with SERVICE.
    let (status, body) = curl_csv(&a.sparql(), &federated_query(&[&b.sparql()], true));
    assert_eq!(status, "200", "{body}");
    let rows: Vec<&str> = body.lines().skip(1).map(str::trim_end).collect();
    assert_eq!(rows, expected_rows(&lists), "one row from each endpoint");

    // Through the CLI (its own list, the embedded one, left out): both endpoints remote.
    let output = run_ok(
        Command::new(env!("CARGO_BIN_EXE_dutygraph"))
            .args(["query", "--format", "csv"])
            .arg(federated_query(&[&a.sparql(), &b.sparql()], false)),
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).map(str::trim_end).collect();
    assert_eq!(rows, expected_rows(&lists));

    // B was started with --no-service: it refuses to call out.
    let (status, body) = curl_csv(&b.sparql(), &federated_query(&[&a.sparql()], false));
    assert_eq!(status, "400", "{body}");
}
