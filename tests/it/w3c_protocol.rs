//! The W3C SPARQL 1.1 Protocol test suite (`sparql11/protocol/manifest.ttl`), ported:
//! one test per case, named after it, with the requests and the expectations of the
//! manifest. Requests go to `/sparql` (the manifest's generic `/sparql/`), in-process.
//!
//! All query cases and the query-side negative cases run against a read-only endpoint,
//! plus `bad_update_get`, which a read-only endpoint must refuse too. The update cases run
//! against an endpoint started with an update token, so their requests also carry
//! `Authorization: Bearer …` (the manifest knows no authentication).
//!
//! The manifest's data graphs `data1.rdf`…`data3.rdf` are graphs named by those IRIs, each
//! holding `<dataN.rdf> a foaf:Document` (as the update cases insert them); `data0.rdf` is
//! named but absent, as the cases only use it where any graph does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::http_common;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use dutygraph::server::Options;
use dutygraph::store::DutyStore;
use http_common::{Reply, enc, endpoint_with, send, sparql_path, with};
use oxigraph::io::RdfFormat;
use oxigraph::model::GraphName;

const DATA: &str = "http://kasei.us/2009/09/sparql/data/";
const TOKEN: &str = "w3c-protocol-tests";

fn data(n: u8) -> String {
    format!("{DATA}data{n}.rdf")
}

/// A store with the ontology, the taxonomy and the manifest's three data graphs.
fn store() -> Arc<DutyStore> {
    let store = DutyStore::load(&[]).unwrap();
    for n in 1..=3 {
        let iri = data(n);
        store
            .add_rdf(
                &iri,
                format!("<{iri}> a <http://xmlns.com/foaf/0.1/Document> .").as_bytes(),
                RdfFormat::Turtle,
                GraphName::NamedNode(oxigraph::model::NamedNode::new(iri.clone()).unwrap()),
            )
            .unwrap();
    }
    Arc::new(store)
}

fn read_only() -> Router {
    endpoint_with(store(), Options::default())
}

fn writable() -> Router {
    endpoint_with(
        store(),
        Options {
            update_token: Some(TOKEN.into()),
            ..Options::default()
        },
    )
}

fn request(
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header("host", "www.example");
    if let Some(content_type) = content_type {
        builder = builder.header("content-type", content_type);
    }
    builder.body(body.into()).unwrap()
}

fn authorized(request: Request<Body>) -> Request<Body> {
    with(request, "authorization", &format!("Bearer {TOKEN}"))
}

async fn get(app: &Router, path: &str) -> Reply {
    send(app, request("GET", path, None, Body::empty())).await
}

async fn post(
    app: &Router,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Reply {
    send(app, request("POST", path, content_type, body)).await
}

/// A POST carrying the update token.
async fn update_authorized(
    app: &Router,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Reply {
    send(app, authorized(request("POST", path, content_type, body))).await
}

/// `POST /sparql` of a query, `application/sparql-query`, without the token.
async fn query(app: &Router, query: impl Into<Body>) -> Reply {
    post(app, "/sparql", Some("application/sparql-query"), query).await
}

/// `ht:StatusCode2xx, ht:StatusCode3xx`
fn success(reply: &Reply) {
    assert!(
        reply.status.is_success() || reply.status.is_redirection(),
        "{}: {}",
        reply.status,
        reply.text()
    );
}

/// `ht:StatusCode4xx`
fn client_error(reply: &Reply) {
    assert!(
        reply.status.is_client_error(),
        "{}: {}",
        reply.status,
        reply.text()
    );
}

fn essence(reply: &Reply) -> String {
    reply
        .content_type()
        .split(';')
        .next()
        .unwrap()
        .trim()
        .to_owned()
}

/// `mf:expectedFormat "boolean"` with `mf:expectedBoolean`.
fn expect_boolean(reply: &Reply, expected: bool) {
    success(reply);
    let content_type = essence(reply);
    match content_type.as_str() {
        "application/sparql-results+json" => assert_eq!(reply.boolean(), expected),
        "application/sparql-results+xml" => assert!(
            reply
                .text()
                .contains(&format!("<boolean>{expected}</boolean>")),
            "{}",
            reply.text()
        ),
        other => panic!("not a boolean results format: {other}"),
    }
}

fn expect_type(reply: &Reply, allowed: &[&str]) {
    success(reply);
    let content_type = essence(reply);
    assert!(
        allowed.contains(&content_type.as_str()),
        "{content_type} not in {allowed:?}"
    );
}

const TABULAR: &[&str] = &[
    "application/sparql-results+xml",
    "application/sparql-results+json",
    "text/tab-separated-values",
    "text/csv",
];
const RDF: &[&str] = &[
    "application/rdf+xml",
    "application/rdf+json",
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
];

// ---- positive query cases ------------------------------------------------------------------

#[tokio::test]
async fn query_post_form() {
    let reply = post(
        &read_only(),
        &sparql_path(&[("default-graph-uri", &data(0))]),
        Some("application/x-www-form-urlencoded"),
        "query=ASK%20%7B%7D",
    )
    .await;
    expect_boolean(&reply, true);
}

const TWO_DOCUMENTS: &str = "ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type . <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type . }";

#[tokio::test]
async fn query_dataset_default_graphs_get() {
    let app = read_only();
    let reply = get(
        &app,
        &sparql_path(&[
            ("query", TWO_DOCUMENTS),
            ("default-graph-uri", &data(1)),
            ("default-graph-uri", &data(2)),
        ]),
    )
    .await;
    expect_boolean(&reply, true);
    // Control: with only data1 as default graph, data2's triple is out of the dataset.
    let reply = get(
        &app,
        &sparql_path(&[("query", TWO_DOCUMENTS), ("default-graph-uri", &data(1))]),
    )
    .await;
    expect_boolean(&reply, false);
}

#[tokio::test]
async fn query_dataset_default_graphs_post() {
    let reply = post(
        &read_only(),
        &sparql_path(&[
            ("default-graph-uri", &data(1)),
            ("default-graph-uri", &data(2)),
        ]),
        Some("application/sparql-query"),
        TWO_DOCUMENTS,
    )
    .await;
    expect_boolean(&reply, true);
}

const TWO_NAMED: &str = "ASK { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }";

#[tokio::test]
async fn query_dataset_named_graphs_post() {
    let reply = post(
        &read_only(),
        &sparql_path(&[("named-graph-uri", &data(1)), ("named-graph-uri", &data(2))]),
        Some("application/sparql-query"),
        TWO_NAMED,
    )
    .await;
    expect_boolean(&reply, true);
}

#[tokio::test]
async fn query_dataset_named_graphs_get() {
    let app = read_only();
    let reply = get(
        &app,
        &sparql_path(&[
            ("query", TWO_NAMED),
            ("named-graph-uri", &data(1)),
            ("named-graph-uri", &data(2)),
        ]),
    )
    .await;
    expect_boolean(&reply, true);
    // Control: data2 not among the named graphs.
    let reply = get(
        &app,
        &sparql_path(&[("query", TWO_NAMED), ("named-graph-uri", &data(1))]),
    )
    .await;
    expect_boolean(&reply, false);
}

#[tokio::test]
async fn query_dataset_full() {
    let reply = post(
        &read_only(),
        &sparql_path(&[
            ("default-graph-uri", &data(3)),
            ("named-graph-uri", &data(1)),
            ("named-graph-uri", &data(2)),
        ]),
        Some("application/sparql-query"),
        "ASK {
  <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type
  GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type }
  GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type }
}",
    )
    .await;
    expect_boolean(&reply, true);
}

#[tokio::test]
async fn query_multiple_dataset() {
    // The manifest's path percent-encodes the `&` between its two named-graph-uri
    // parameters (…data1.rdf%26named-graph-uri%3D…): the case intends two parameters.
    let reply = post(
        &read_only(),
        &sparql_path(&[("named-graph-uri", &data(1)), ("named-graph-uri", &data(2))]),
        Some("application/sparql-query"),
        "ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }",
    )
    .await;
    expect_boolean(&reply, true);
}

#[tokio::test]
async fn query_get() {
    let reply = get(
        &read_only(),
        &format!(
            "/sparql?query=ASK%20%7B%7D&default-graph-uri={}",
            enc(&data(0))
        ),
    )
    .await;
    expect_boolean(&reply, true);
}

/// The `query_content_type_*` cases: a direct POST with `data0.rdf` as default graph.
async fn query_over_data0(query: &'static str) -> Reply {
    post(
        &read_only(),
        &sparql_path(&[("default-graph-uri", &data(0))]),
        Some("application/sparql-query"),
        query,
    )
    .await
}

#[tokio::test]
async fn query_content_type_select() {
    let reply = query_over_data0("SELECT (1 AS ?value) {}").await;
    expect_type(&reply, TABULAR);
    assert_eq!(reply.column("value"), ["1"]);
}

#[tokio::test]
async fn query_content_type_ask() {
    let reply = query_over_data0("ASK {}").await;
    expect_type(
        &reply,
        &[
            "application/sparql-results+xml",
            "application/sparql-results+json",
        ],
    );
}

#[tokio::test]
async fn query_content_type_describe() {
    let reply = query_over_data0("DESCRIBE <http://example.org/>").await;
    expect_type(&reply, RDF);
}

#[tokio::test]
async fn query_content_type_construct() {
    let reply = query_over_data0("CONSTRUCT { <s> <p> 1 } WHERE {}").await;
    expect_type(&reply, RDF);
    // The relative IRIs are resolved against the endpoint's URL.
    assert!(
        reply.text().contains("<http://www.example/s>"),
        "{}",
        reply.text()
    );
}

#[tokio::test]
async fn query_post_direct() {
    let reply = query(&read_only(), "ASK {}").await;
    expect_boolean(&reply, true);
}

// ---- negative query cases ------------------------------------------------------------------

#[tokio::test]
async fn bad_query_method() {
    let reply = send(
        &read_only(),
        request(
            "PUT",
            &format!(
                "/sparql?query=ASK%20%7B%7D&default-graph-uri={}",
                enc(&data(0))
            ),
            Some("application/x-www-form-urlencoded"),
            Body::empty(),
        ),
    )
    .await;
    client_error(&reply);
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn bad_multiple_queries() {
    let reply = get(
        &read_only(),
        "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D",
    )
    .await;
    client_error(&reply);
}

#[tokio::test]
async fn bad_query_wrong_media_type() {
    let reply = post(&read_only(), "/sparql", Some("text/plain"), "ASK {}").await;
    client_error(&reply);
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn bad_query_missing_form_type() {
    let reply = post(&read_only(), "/sparql", None, "query=ASK%20%7B%7D").await;
    client_error(&reply);
}

#[tokio::test]
async fn bad_query_missing_direct_type() {
    let reply = post(&read_only(), "/sparql", None, "ASK {}").await;
    client_error(&reply);
}

/// "ASK {}" in UTF-16 with a byte-order mark.
fn utf16(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    bytes
}

#[tokio::test]
async fn bad_query_non_utf8() {
    let reply = post(
        &read_only(),
        "/sparql",
        Some("application/sparql-query; charset=UTF-16"),
        utf16("ASK {}"),
    )
    .await;
    client_error(&reply);
}

#[tokio::test]
async fn bad_query_syntax() {
    let reply = get(&read_only(), "/sparql?query=ASK%20%7B").await;
    client_error(&reply);
    assert!(reply.text().contains("error at 1:"), "{}", reply.text());
}

#[tokio::test]
async fn bad_update_get() {
    for app in [read_only(), writable()] {
        let reply = send(
            &app,
            authorized(request(
                "GET",
                "/sparql?update=CLEAR%20ALL",
                None,
                Body::empty(),
            )),
        )
        .await;
        client_error(&reply);
    }
}

// ---- update cases (endpoint started with --update-token) -----------------------------------

async fn update_then_ask(path: &str, content_type: &str, update: &str, ask: &str) {
    let app = writable();
    let reply = update_authorized(&app, path, Some(content_type), update.to_owned()).await;
    success(&reply);
    let reply = query(&app, ask.to_owned()).await;
    expect_boolean(&reply, true);
}

#[tokio::test]
async fn update_dataset_default_graph() {
    update_then_ask(
        &sparql_path(&[("using-graph-uri", &data(1))]),
        "application/sparql-update",
        "PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document
    }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    ?s a foaf:Document
}",
        "ASK {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource>
    }
}",
    )
    .await;
}

const INSERT_THREE: &str = "PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }
} ;
";

#[tokio::test]
async fn update_dataset_default_graphs() {
    update_then_ask(
        &sparql_path(&[("using-graph-uri", &data(1)), ("using-graph-uri", &data(2))]),
        "application/sparql-update",
        &format!(
            "{INSERT_THREE}INSERT {{
    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {{
        ?s a dc:BibliographicResource
    }}
}}
WHERE {{
    ?s a foaf:Document
}}"
        ),
        "ASK {
    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        <http://kasei.us/2009/09/sparql/data/data2.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
    }
    FILTER NOT EXISTS {
        GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
            <http://kasei.us/2009/09/sparql/data/data3.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        }
    }
}",
    )
    .await;
}

#[tokio::test]
async fn update_dataset_named_graphs() {
    update_then_ask(
        &sparql_path(&[
            ("using-named-graph-uri", &data(1)),
            ("using-named-graph-uri", &data(2)),
        ]),
        "application/sparql-update",
        &format!(
            "{INSERT_THREE}INSERT {{
    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {{
        ?s a dc:BibliographicResource
    }}
}}
WHERE {{
    GRAPH ?g {{
        ?s a foaf:Document
    }}
}}"
        ),
        "ASK {
    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        <http://kasei.us/2009/09/sparql/data/data2.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
    }
    FILTER NOT EXISTS {
        GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {
            <http://kasei.us/2009/09/sparql/data/data3.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        }
    }
}",
    )
    .await;
}

#[tokio::test]
async fn update_dataset_full() {
    update_then_ask(
        &sparql_path(&[
            ("using-graph-uri", &data(1)),
            ("using-named-graph-uri", &data(2)),
        ]),
        "application/sparql-update",
        &format!(
            "{INSERT_THREE}INSERT {{
    GRAPH <http://example.org/protocol-update-dataset-full-test/> {{
        ?s <http://example.org/in> ?in
    }}
}}
WHERE {{
    {{
        GRAPH ?g {{ ?s a foaf:Document }}
        BIND(?g AS ?in)
    }}
    UNION
    {{
        ?s a foaf:Document .
        BIND(\"default\" AS ?in)
    }}
}}"
        ),
        "ASK {
    GRAPH <http://example.org/protocol-update-dataset-full-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> <http://example.org/in> \"default\" .
        <http://kasei.us/2009/09/sparql/data/data2.rdf> <http://example.org/in> <http://kasei.us/2009/09/sparql/data/data2.rdf> .
    }
    FILTER NOT EXISTS {
        GRAPH <http://example.org/protocol-update-dataset-full-test/> {
            <http://kasei.us/2009/09/sparql/data/data3.rdf> ?p ?o
        }
    }
}",
    )
    .await;
}

#[tokio::test]
async fn update_post_form() {
    let app = writable();
    let reply = update_authorized(
        &app,
        "/sparql",
        Some("application/x-www-form-urlencoded"),
        "update=CLEAR%20ALL",
    )
    .await;
    success(&reply);
    let reply = query(&app, "ASK { ?s ?p ?o }").await;
    expect_boolean(&reply, false);
}

#[tokio::test]
async fn update_post_direct() {
    let app = writable();
    let reply = update_authorized(
        &app,
        "/sparql",
        Some("application/sparql-update"),
        "CLEAR ALL",
    )
    .await;
    success(&reply);
    let reply = query(&app, "ASK { ?s ?p ?o }").await;
    expect_boolean(&reply, false);
}

#[tokio::test]
async fn update_base_uri() {
    let app = writable();
    // As in the manifest's current generator (gen_manifest.rb): CLEAR SILENT. The older
    // manifest.ttl has a plain CLEAR of a graph that does not exist yet, which oxigraph
    // (like the SPARQL 1.1 Update spec without SILENT) treats as an error.
    let reply = update_authorized(
        &app,
        "/sparql",
        Some("application/sparql-update"),
        "CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;
INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }",
    )
    .await;
    success(&reply);
    let reply = query(
        &app,
        "SELECT ?o WHERE {
    GRAPH <http://example.org/protocol-base-test/> {
        <http://example.org/s> <http://example.org/p> ?o
    }
}",
    )
    .await;
    expect_type(&reply, TABULAR);
    // One result, an IRI that is not <test>: resolved against the service's URL.
    let json = reply.json();
    let bindings = json["results"]["bindings"].as_array().unwrap();
    assert_eq!(bindings.len(), 1);
    assert_eq!(bindings[0]["o"]["type"], "uri");
    assert_eq!(bindings[0]["o"]["value"], "http://www.example/test");
}

#[tokio::test]
async fn bad_multiple_updates() {
    let reply = update_authorized(
        &writable(),
        "/sparql",
        Some("application/x-www-form-urlencoded"),
        "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
    )
    .await;
    client_error(&reply);
}

#[tokio::test]
async fn bad_update_wrong_media_type() {
    let reply = update_authorized(
        &writable(),
        &sparql_path(&[("using-graph-uri", &data(0))]),
        Some("text/plain"),
        "CLEAR NAMED",
    )
    .await;
    client_error(&reply);
}

#[tokio::test]
async fn bad_update_missing_form_type() {
    let reply = update_authorized(
        &writable(),
        &sparql_path(&[("using-graph-uri", &data(0))]),
        None,
        "update=CLEAR%20NAMED",
    )
    .await;
    client_error(&reply);
}

#[tokio::test]
async fn bad_update_non_utf8() {
    let reply = update_authorized(
        &writable(),
        &sparql_path(&[("using-graph-uri", &data(0))]),
        Some("application/sparql-update; charset=UTF-16"),
        utf16("CLEAR NAMED"),
    )
    .await;
    client_error(&reply);
}

#[tokio::test]
async fn bad_update_syntax() {
    let reply = update_authorized(
        &writable(),
        &sparql_path(&[("using-graph-uri", &data(0))]),
        Some("application/x-www-form-urlencoded"),
        "update=CLEAR%20XYZ",
    )
    .await;
    client_error(&reply);
}

#[tokio::test]
async fn bad_update_dataset_conflict() {
    let update = "PREFIX foaf:  <http://xmlns.com/foaf/0.1/>
WITH <http://example/addresses>
DELETE { ?person foaf:givenName 'Bill' }
INSERT { ?person foaf:givenName 'William' }
WHERE {
  ?person foaf:givenName 'Bill'
}";
    let reply = update_authorized(
        &writable(),
        "/sparql",
        Some("application/x-www-form-urlencoded"),
        format!(
            "using-named-graph-uri={}&update={}",
            enc("http://example/people"),
            enc(update)
        ),
    )
    .await;
    client_error(&reply);
}
