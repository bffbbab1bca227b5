//! The SPARQL endpoint driven in-process (`tower::ServiceExt::oneshot`): protocol, content
//! negotiation, errors, read-only and token-guarded updates, limits, Graph Store reads,
//! CORS, health and the per-request log line. Answers are facts of the reference list.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::http_common;

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use common::HAZCHEM_BODIES;
use dutygraph::server::{Limits, Options};
use dutygraph::store::DutyStore;
use http_common::{
    Reply, enc, endpoint, endpoint_with, get, get_query, post, send, sparql_path, with,
};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Quad, Term};

const BODIES_SHARING_TOPIC: &str = include_str!("../../queries/bodies-sharing-topic.rq");
const ART41: &str =
    "SELECT ?n WHERE { ?b dg:article 41 ; a dg:Body ; rdfs:label ?n FILTER(lang(?n) = 'zh') }";
const EMERGENCY_DUTIES: &str =
    "SELECT (COUNT(?d) AS ?n) WHERE { ?d a dg:Duty ; dg:bearer/rdfs:label '区应急管理局'@zh }";
const WEIDU_GRAPH: &str = "https://w3id.org/dutygraph/id/weidu-2022-draft";
const ONTOLOGY_GRAPH: &str = "https://w3id.org/dutygraph/graph/ontology";
/// Runs for minutes: every pair of triples, compared and counted. Nothing is returned
/// until the end, so only oxigraph's cancellation token can stop it.
const RUNAWAY_COUNT: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STR(?c) < STR(?f)) }";
/// Never finishes either, but streams rows as it goes.
const RUNAWAY_STREAM: &str = "SELECT ?x WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i BIND(1 AS ?x) }";

fn options() -> Options {
    Options::default()
}

fn with_limits(limits: Limits) -> Options {
    Options {
        limits,
        ..Options::default()
    }
}

fn sorted(values: Vec<String>) -> BTreeSet<String> {
    values.into_iter().collect()
}

fn expected_hazchem() -> BTreeSet<String> {
    HAZCHEM_BODIES.iter().map(|s| s.to_string()).collect()
}

fn parse_rdf(reply: &Reply, format: RdfFormat) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(&reply.body)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("invalid {format}: {e}\n{}", reply.text()))
}

fn has_label(quads: &[Quad], label: &str) -> bool {
    quads.iter().any(|q| {
        q.predicate.as_str() == "http://www.w3.org/2000/01/rdf-schema#label"
            && matches!(&q.object, Term::Literal(l) if l.value() == label)
    })
}

// ---- queries and their facts ------------------------------------------------------------

#[tokio::test]
async fn bodies_sharing_hazardous_chemicals_over_get() {
    let reply = send(&endpoint(options()), get_query(BODIES_SHARING_TOPIC))
        .await
        .expect(StatusCode::OK);
    assert_eq!(reply.content_type(), "application/sparql-results+json");
    assert_eq!(sorted(reply.column("body")), expected_hazchem());
    // Ordered by the number of duties, most first.
    let duties: Vec<u32> = reply
        .column("duties")
        .iter()
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(duties.windows(2).all(|w| w[0] >= w[1]), "{duties:?}");
}

#[tokio::test]
async fn query_path_is_an_alias_of_sparql() {
    let reply = send(
        &endpoint(options()),
        get(&format!("/query?query={}", enc(EMERGENCY_DUTIES))),
    )
    .await
    .expect(StatusCode::OK);
    // 区应急管理局 has ten duty paragraphs (第四十一条 （一）…（十一）, no （四）).
    assert_eq!(reply.column("n"), ["10"]);
}

#[tokio::test]
async fn post_direct_and_post_form_answer_like_get() {
    let app = endpoint(options());
    let direct = send(
        &app,
        post(
            "/sparql",
            Some("application/sparql-query"),
            BODIES_SHARING_TOPIC,
        ),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(sorted(direct.column("body")), expected_hazchem());
    let form = send(
        &app,
        post(
            "/sparql",
            Some("application/x-www-form-urlencoded"),
            format!("query={}", enc(BODIES_SHARING_TOPIC)),
        ),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(form.body, direct.body);
}

#[tokio::test]
async fn predeclared_prefixes_and_union_default_graph() {
    // No PREFIX declared; the answer needs the list's graph and the taxonomy's together.
    let reply = send(
        &endpoint(options()),
        get_query(
            "SELECT DISTINCT ?body WHERE {
               ?d dg:bearer/rdfs:label ?body ; dg:concerns/skos:prefLabel '危险化学品'@zh
               FILTER(lang(?body) = 'zh') }",
        ),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(sorted(reply.column("body")), expected_hazchem());
}

#[tokio::test]
async fn protocol_dataset_replaces_the_union() {
    let app = endpoint(options());
    let count_bodies_in = |graph| {
        get(&sparql_path(&[
            (
                "query",
                "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b a dg:Body }",
            ),
            ("default-graph-uri", graph),
        ]))
    };
    let in_list = send(&app, count_bodies_in(WEIDU_GRAPH))
        .await
        .expect(StatusCode::OK);
    assert_eq!(in_list.column("n"), ["48"]);
    let in_ontology = send(&app, count_bodies_in(ONTOLOGY_GRAPH))
        .await
        .expect(StatusCode::OK);
    assert_eq!(in_ontology.column("n"), ["0"]);
    // Only named graphs given: the default graph is empty, GRAPH sees just those.
    let graphs = send(
        &app,
        get(&sparql_path(&[
            (
                "query",
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            ),
            ("named-graph-uri", ONTOLOGY_GRAPH),
        ])),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(graphs.column("g"), [ONTOLOGY_GRAPH]);
    // FROM in the query is honoured when the request names no graphs.
    let from = send(
        &app,
        get_query(&format!(
            "SELECT (COUNT(DISTINCT ?b) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?b a dg:Body }}"
        )),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(from.column("n"), ["0"]);
}

// ---- content negotiation -----------------------------------------------------------------

#[tokio::test]
async fn select_in_every_results_format() {
    let app = endpoint(options());
    let ask = |accept: &'static str| {
        let app = app.clone();
        async move { send(&app, with(get_query(ART41), "accept", accept)).await }
    };
    let csv = ask("text/csv").await.expect(StatusCode::OK);
    assert_eq!(csv.content_type(), "text/csv; charset=utf-8");
    assert_eq!(csv.text(), "n\r\n区应急管理局\r\n");
    let tsv = ask("text/tab-separated-values")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        tsv.content_type(),
        "text/tab-separated-values; charset=utf-8"
    );
    assert_eq!(tsv.text(), "?n\n\"区应急管理局\"@zh\n");
    let xml = ask("application/sparql-results+xml")
        .await
        .expect(StatusCode::OK);
    assert_eq!(xml.content_type(), "application/sparql-results+xml");
    assert!(
        xml.text()
            .contains("<literal xml:lang=\"zh\">区应急管理局</literal>"),
        "{}",
        xml.text()
    );
    let json = ask("application/sparql-results+json")
        .await
        .expect(StatusCode::OK);
    assert_eq!(json.json()["results"]["bindings"][0]["n"]["xml:lang"], "zh");
    assert_eq!(json.headers.get(header::VARY).unwrap(), "accept");
}

#[tokio::test]
async fn q_values_choose_the_format() {
    let app = endpoint(options());
    let reply = send(
        &app,
        with(
            get_query(ART41),
            "accept",
            "application/sparql-results+json;q=0.4, text/csv;q=0.9, */*;q=0.1",
        ),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(reply.content_type(), "text/csv; charset=utf-8");
    let reply = send(
        &app,
        with(
            get_query(ART41),
            "accept",
            "application/sparql-results+json;q=0, */*",
        ),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(reply.content_type(), "application/sparql-results+xml");
}

#[tokio::test]
async fn nothing_acceptable_is_406() {
    let app = endpoint(options());
    let reply = send(&app, with(get_query(ART41), "accept", "image/png"))
        .await
        .expect(StatusCode::NOT_ACCEPTABLE);
    assert_eq!(reply.content_type(), "text/plain; charset=utf-8");
    assert!(
        reply
            .text()
            .starts_with("无法提供所请求的格式 / not acceptable")
    );
    assert!(reply.text().contains("application/sparql-results+json"));
    // A results format is no graph format.
    send(
        &app,
        with(
            get_query("CONSTRUCT WHERE { ?s a dg:Body }"),
            "accept",
            "application/sparql-results+json",
        ),
    )
    .await
    .expect(StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn construct_in_every_graph_format() {
    let app = endpoint(options());
    let query =
        "CONSTRUCT { ?b rdfs:label ?n } WHERE { ?b dg:article 41 ; a dg:Body ; rdfs:label ?n }";
    for (accept, content_type, format) in [
        (
            "text/turtle",
            "text/turtle; charset=utf-8",
            RdfFormat::Turtle,
        ),
        (
            "application/n-triples",
            "application/n-triples",
            RdfFormat::NTriples,
        ),
        (
            "application/n-quads",
            "application/n-quads",
            RdfFormat::NQuads,
        ),
        (
            "application/ld+json",
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
        (
            "application/rdf+xml",
            "application/rdf+xml",
            RdfFormat::RdfXml,
        ),
    ] {
        let reply = send(&app, with(get_query(query), "accept", accept))
            .await
            .expect(StatusCode::OK);
        assert_eq!(reply.content_type(), content_type, "for {accept}");
        let quads = parse_rdf(&reply, format);
        assert!(
            has_label(&quads, "区应急管理局"),
            "{accept}: {}",
            reply.text()
        );
        // Its zh and en labels, nothing else.
        assert_eq!(quads.len(), 2, "{accept}: {}", reply.text());
    }
    // Without Accept, a graph comes as Turtle with dutygraph's prefixes.
    let turtle = send(&app, get_query(query)).await.expect(StatusCode::OK);
    assert_eq!(turtle.content_type(), "text/turtle; charset=utf-8");
    assert!(turtle.text().contains("@prefix rdfs:"), "{}", turtle.text());
}

#[tokio::test]
async fn describe_and_ask() {
    let app = endpoint(options());
    let describe = send(
        &app,
        with(
            get_query(&format!("DESCRIBE <{WEIDU_GRAPH}/art41/item2>")),
            "accept",
            "application/n-triples",
        ),
    )
    .await
    .expect(StatusCode::OK);
    let quads = parse_rdf(&describe, RdfFormat::NTriples);
    assert!(quads.iter().any(|q| {
        q.predicate.as_str() == "https://w3id.org/dutygraph/ns#text"
            && matches!(&q.object, Term::Literal(l) if l.value().starts_with("负责危险化学品生产企业安全生产准入管理"))
    }));
    let yes = send(
        &app,
        get_query("ASK { ?b rdfs:label '区应急管理局'@zh ; dg:article 41 }"),
    )
    .await
    .expect(StatusCode::OK);
    assert!(yes.boolean());
    let no = send(
        &app,
        with(
            get_query("ASK { ?b rdfs:label '区应急管理局'@zh ; dg:article 42 }"),
            "accept",
            "application/sparql-results+xml",
        ),
    )
    .await
    .expect(StatusCode::OK);
    assert!(
        no.text().contains("<boolean>false</boolean>"),
        "{}",
        no.text()
    );
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let request = axum::http::Request::head(format!("/sparql?query={}", enc(ART41)))
        .body(axum::body::Body::empty())
        .unwrap();
    let reply = send(&endpoint(options()), request)
        .await
        .expect(StatusCode::OK);
    assert_eq!(reply.content_type(), "application/sparql-results+json");
    assert!(reply.body.is_empty());
}

// ---- errors ---------------------------------------------------------------------------------

#[tokio::test]
async fn syntax_error_names_line_and_column() {
    let reply = send(
        &endpoint(options()),
        get_query("SELECT ?b\nWHERE { ?b a dg:Body"),
    )
    .await
    .expect(StatusCode::BAD_REQUEST);
    assert_eq!(reply.content_type(), "text/plain; charset=utf-8");
    let text = reply.text();
    assert!(
        text.starts_with("查询语法错误 / SPARQL syntax error: error at 2:"),
        "{text}"
    );
    // The parser's long list of expected tokens is cut: one short line.
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.chars().count() < 300, "{text}");
}

#[tokio::test]
async fn unknown_prefix_is_a_syntax_error() {
    let reply = send(
        &endpoint(options()),
        get_query("SELECT * WHERE { ?s nope:p ?o }"),
    )
    .await
    .expect(StatusCode::BAD_REQUEST);
    assert!(reply.text().contains("error at 1:"), "{}", reply.text());
}

#[tokio::test]
async fn unsupported_content_types_are_415() {
    let app = endpoint(options());
    for content_type in [
        Some("text/plain"),
        None,
        Some("application/sparql-query; charset=ISO-8859-1"),
    ] {
        let reply = send(&app, post("/sparql", content_type, "ASK {}"))
            .await
            .expect(StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(
            reply
                .text()
                .starts_with("不支持的内容类型 / unsupported media type"),
            "{}",
            reply.text()
        );
    }
    // Parameters are fine when the charset is UTF-8.
    send(
        &app,
        post(
            "/sparql",
            Some("Application/SPARQL-Query; charset=UTF-8"),
            "ASK {}",
        ),
    )
    .await
    .expect(StatusCode::OK);
}

#[tokio::test]
async fn body_not_utf8_is_400() {
    let reply = send(
        &endpoint(options()),
        post(
            "/sparql",
            Some("application/sparql-query"),
            vec![b'A', b'S', b'K', 0xff, b'{', b'}'],
        ),
    )
    .await
    .expect(StatusCode::BAD_REQUEST);
    assert!(reply.text().contains("not UTF-8"), "{}", reply.text());
}

#[tokio::test]
async fn wrong_method_is_405_with_allow() {
    let app = endpoint(options());
    let request = axum::http::Request::put(format!("/sparql?query={}", enc("ASK {}")))
        .body(axum::body::Body::empty())
        .unwrap();
    let reply = send(&app, request)
        .await
        .expect(StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.headers.get(header::ALLOW).unwrap(), "GET, HEAD, POST");
    assert!(
        reply
            .text()
            .starts_with("不支持的请求方法 / method not allowed")
    );
    let request = axum::http::Request::delete("/store?default")
        .body(axum::body::Body::empty())
        .unwrap();
    let reply = send(&app, request)
        .await
        .expect(StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.headers.get(header::ALLOW).unwrap(), "GET, HEAD");
}

#[tokio::test]
async fn missing_or_repeated_query_is_400() {
    let app = endpoint(options());
    let reply = send(&app, get("/sparql?default-graph-uri=http%3A%2F%2Fa"))
        .await
        .expect(StatusCode::BAD_REQUEST);
    assert!(reply.text().contains("missing the 'query' parameter"));
    let reply = send(
        &app,
        post(
            "/sparql",
            Some("application/x-www-form-urlencoded"),
            "default-graph-uri=http%3A%2F%2Fa",
        ),
    )
    .await
    .expect(StatusCode::BAD_REQUEST);
    assert!(reply.text().contains("missing the 'query' or 'update'"));
    send(&app, get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D"))
        .await
        .expect(StatusCode::BAD_REQUEST);
    let reply = send(
        &app,
        get(&format!(
            "/sparql?query={}&default-graph-uri=not%20an%20iri",
            enc("ASK {}")
        )),
    )
    .await
    .expect(StatusCode::BAD_REQUEST);
    assert!(reply.text().contains("is not an IRI"), "{}", reply.text());
}

#[tokio::test]
async fn unknown_path_is_404() {
    let reply = send(&endpoint(options()), get("/nope"))
        .await
        .expect(StatusCode::NOT_FOUND);
    assert!(reply.text().starts_with("未找到 / not found: GET /nope"));
}

// ---- service description -----------------------------------------------------------------

#[tokio::test]
async fn service_description_by_content_negotiation() {
    let app = endpoint(options());
    let turtle = send(&app, get("/sparql")).await.expect(StatusCode::OK);
    assert_eq!(turtle.content_type(), "text/turtle; charset=utf-8");
    assert!(turtle.text().contains("sd:Service"), "{}", turtle.text());
    let reply = send(
        &app,
        with(get("/sparql"), "accept", "application/n-triples"),
    )
    .await
    .expect(StatusCode::OK);
    let quads = parse_rdf(&reply, RdfFormat::NTriples);
    let sd = |local: &str| format!("http://www.w3.org/ns/sparql-service-description#{local}");
    let objects = |p: &str| -> Vec<String> {
        quads
            .iter()
            .filter(|q| q.predicate.as_str() == p)
            .map(|q| match &q.object {
                Term::NamedNode(n) => n.as_str().to_owned(),
                other => other.to_string(),
            })
            .collect()
    };
    assert_eq!(objects(&sd("endpoint")), ["http://dutygraph.test/sparql"]);
    let languages = objects(&sd("supportedLanguage"));
    assert!(languages.contains(&sd("SPARQL11Query")));
    // Read-only: no update language.
    assert!(!languages.contains(&sd("SPARQL11Update")));
    assert!(objects(&sd("feature")).contains(&sd("UnionDefaultGraph")));
    let formats = objects(&sd("resultFormat"));
    for format in [
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
        "http://www.w3.org/ns/formats/SPARQL_Results_XML",
        "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
        "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
        "http://www.w3.org/ns/formats/Turtle",
        "http://www.w3.org/ns/formats/RDF_XML",
    ] {
        assert!(
            formats.iter().any(|f| f == format),
            "{format} in {formats:?}"
        );
    }
    let graphs = objects(&sd("name"));
    assert!(graphs.iter().any(|g| g == WEIDU_GRAPH), "{graphs:?}");
    assert!(graphs.iter().any(|g| g == ONTOLOGY_GRAPH), "{graphs:?}");
    send(&app, with(get("/sparql"), "accept", "image/png"))
        .await
        .expect(StatusCode::NOT_ACCEPTABLE);
}

// ---- updates -------------------------------------------------------------------------------

const INSERT: &str =
    "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> rdfs:label '新增'@zh } }";
const ASK_INSERTED: &str = "ASK { <http://example.org/s> rdfs:label '新增'@zh }";

async fn inserted(app: &axum::Router) -> bool {
    send(app, get_query(ASK_INSERTED))
        .await
        .expect(StatusCode::OK)
        .boolean()
}

/// An endpoint over a fresh copy of the reference list that takes updates with `token`.
fn writable(token: &str) -> axum::Router {
    endpoint_with(
        Arc::new(DutyStore::load_default().unwrap()),
        Options {
            update_token: Some(token.into()),
            ..Options::default()
        },
    )
}

/// `POST /sparql` of an update (`content_type`) with `Authorization: Bearer <token>`.
fn authorized(
    content_type: &str,
    update: impl Into<axum::body::Body>,
    token: &str,
) -> axum::http::Request<axum::body::Body> {
    with(
        post("/sparql", Some(content_type), update),
        "authorization",
        &format!("Bearer {token}"),
    )
}

#[tokio::test]
async fn read_only_refuses_updates_with_403() {
    let app = endpoint_with(Arc::new(DutyStore::load_default().unwrap()), options());
    for request in [
        post("/sparql", Some("application/sparql-update"), INSERT),
        post(
            "/sparql",
            Some("application/x-www-form-urlencoded"),
            format!("update={}", enc(INSERT)),
        ),
        // An update sent where a query is expected is refused as an update.
        post("/sparql", Some("application/sparql-query"), INSERT),
        get(&format!("/sparql?update={}", enc(INSERT))),
    ] {
        let reply = send(&app, request).await.expect(StatusCode::FORBIDDEN);
        assert!(
            reply
                .text()
                .starts_with("只读端点，不接受 SPARQL 更新 / this endpoint is read-only"),
            "{}",
            reply.text()
        );
        assert!(reply.text().contains("--update-token"));
    }
    assert!(!inserted(&app).await);
}

#[tokio::test]
async fn updates_need_the_bearer_token() {
    let app = writable("s3cret");
    let update = || post("/sparql", Some("application/sparql-update"), INSERT);
    let reply = send(&app, update()).await.expect(StatusCode::UNAUTHORIZED);
    assert_eq!(
        reply.headers.get(header::WWW_AUTHENTICATE).unwrap(),
        "Bearer realm=\"dutygraph\""
    );
    assert!(reply.text().starts_with("需要有效的更新令牌"));
    send(&app, with(update(), "authorization", "Bearer wrong"))
        .await
        .expect(StatusCode::UNAUTHORIZED);
    send(&app, with(update(), "authorization", "Basic czNjcmV0"))
        .await
        .expect(StatusCode::UNAUTHORIZED);
    assert!(!inserted(&app).await);
    send(&app, with(update(), "authorization", "Bearer s3cret"))
        .await
        .expect(StatusCode::NO_CONTENT);
    assert!(inserted(&app).await);
    // The service description now lists SPARQL Update.
    let sd = send(&app, get("/sparql")).await.expect(StatusCode::OK);
    assert!(sd.text().contains("sd:SPARQL11Update"), "{}", sd.text());
    // Form updates too; the prefixes are predeclared for updates as well.
    send(
        &app,
        authorized(
            "application/x-www-form-urlencoded",
            format!(
                "update={}",
                enc("DELETE WHERE { GRAPH ?g { <http://example.org/s> rdfs:label ?l } }")
            ),
            "s3cret",
        ),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    assert!(!inserted(&app).await);
}

#[tokio::test]
async fn updates_are_atomic() {
    let app = writable("t");
    // The second operation fails (the graph does not exist): the first is not applied.
    let reply = send(
        &app,
        authorized(
            "application/sparql-update",
            format!("{INSERT} ; DROP GRAPH <http://example.org/missing>"),
            "t",
        ),
    )
    .await
    .expect(StatusCode::BAD_REQUEST);
    assert!(reply.text().contains("does not exist"), "{}", reply.text());
    assert!(!inserted(&app).await);
    // A syntax error in an update names its place too.
    let reply = send(
        &app,
        authorized("application/sparql-update", "INSERT DATA {", "t"),
    )
    .await
    .expect(StatusCode::BAD_REQUEST);
    assert!(reply.text().contains("error at 1:"), "{}", reply.text());
}

#[tokio::test]
async fn update_where_sees_the_union_default_graph() {
    let app = writable("t");
    send(
        &app,
        authorized(
            "application/sparql-update",
            "INSERT { GRAPH <http://example.org/hazchem> { ?b a <http://example.org/HazchemBody> } }
                 WHERE { ?d dg:bearer ?b ; dg:concerns/skos:prefLabel '危险化学品'@zh }",
            "t",
        ),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    let reply = send(
        &app,
        get_query(
            "SELECT ?n WHERE { GRAPH <http://example.org/hazchem> { ?b a ?t } ?b rdfs:label ?n FILTER(lang(?n) = 'zh') }",
        ),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(sorted(reply.column("n")), expected_hazchem());
}

// ---- limits --------------------------------------------------------------------------------

#[tokio::test]
async fn row_cap_is_422() {
    let app = endpoint(with_limits(Limits {
        max_rows: 5,
        ..Limits::default()
    }));
    // Six bodies: one too many.
    let reply = send(&app, get_query(BODIES_SHARING_TOPIC))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .text()
            .starts_with("结果行数超过上限 / too many results: more than 5 rows"),
        "{}",
        reply.text()
    );
    send(&app, get_query(&format!("{BODIES_SHARING_TOPIC} LIMIT 5")))
        .await
        .expect(StatusCode::OK);
    send(&app, get_query("CONSTRUCT WHERE { ?b a dg:Body }"))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn body_limit_is_413() {
    let app = endpoint(with_limits(Limits {
        max_body_bytes: 64,
        ..Limits::default()
    }));
    let big = format!("ASK {{ {} }}", "?s ?p ?o . ".repeat(20));
    // Declared length over the limit: refused before reading.
    let declared = with(
        post("/sparql", Some("application/sparql-query"), big.clone()),
        "content-length",
        &big.len().to_string(),
    );
    let reply = send(&app, declared)
        .await
        .expect(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.content_type(), "text/plain; charset=utf-8");
    assert!(
        reply
            .text()
            .starts_with("请求体过大 / request body too large: the limit is 64 bytes"),
        "{}",
        reply.text()
    );
    // Streamed without a length: cut while reading.
    let stream = chunked_body(big.clone());
    let reply = send(
        &app,
        post("/sparql", Some("application/sparql-query"), stream),
    )
    .await
    .expect(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.text().starts_with("请求体过大"), "{}", reply.text());
    send(
        &app,
        post("/sparql", Some("application/sparql-query"), "ASK {}"),
    )
    .await
    .expect(StatusCode::OK);
}

/// A body without a known length, as a chunked upload is.
fn chunked_body(text: String) -> axum::body::Body {
    axum::body::Body::new(Chunked(
        text.into_bytes().chunks(16).map(|c| c.to_vec()).collect(),
    ))
}

/// Chunks of unknown total length.
struct Chunked(std::collections::VecDeque<Vec<u8>>);

impl http_body::Body for Chunked {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Ready(
            self.0
                .pop_front()
                .map(|chunk| Ok(http_body::Frame::data(chunk.into()))),
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runaway_query_gets_503_while_others_stay_answered() {
    let app = endpoint(with_limits(Limits {
        timeout: Duration::from_secs(3),
        max_concurrent: 4,
        ..Limits::default()
    }));
    let runaway = tokio::spawn({
        let app = app.clone();
        async move { send(&app, get_query(RUNAWAY_COUNT)).await }
    });
    // Let the runaway start evaluating, then ask something simple meanwhile.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let simple = send(&app, get_query(EMERGENCY_DUTIES))
        .await
        .expect(StatusCode::OK);
    assert_eq!(simple.column("n"), ["10"]);
    assert!(
        !runaway.is_finished(),
        "the simple query was answered while the runaway was still running"
    );
    let reply = runaway
        .await
        .unwrap()
        .expect(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.content_type(), "text/plain; charset=utf-8");
    assert!(
        reply
            .text()
            .starts_with("查询超时，已取消 / query timed out after 3 s"),
        "{}",
        reply.text()
    );
}

/// With a single evaluation slot, the slot only comes back once the cut evaluation has
/// really stopped: a query answered within the next three tries (each waits for the slot
/// up to the 1 s timeout) proves the runaway was cancelled when it was cut, not minutes later.
async fn runaway_is_really_cancelled(query: &str) {
    runaway_is_really_cancelled_with(query, Limits::default().inline_budget).await;
}

/// The same, with a given inline budget: at zero the probe itself needs the slot (at the
/// default it is answered inline, without one, and only the 503 is checked).
async fn runaway_is_really_cancelled_with(query: &str, inline_budget: Duration) {
    let app = endpoint(with_limits(Limits {
        timeout: Duration::from_secs(1),
        max_concurrent: 1,
        max_rows: usize::MAX,
        inline_budget,
        ..Limits::default()
    }));
    send(&app, with(get_query(query), "accept", "text/csv"))
        .await
        .expect(StatusCode::SERVICE_UNAVAILABLE);
    // The slot comes back once the evaluation has seen its token and unwound: within
    // moments (a busy machine may take some), not after the tens of seconds an uncut
    // evaluation runs, nor never.
    let cut = Instant::now();
    loop {
        let reply = send(&app, get_query(EMERGENCY_DUTIES)).await;
        if reply.status == StatusCode::OK {
            assert_eq!(reply.column("n"), ["10"]);
            break;
        }
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            cut.elapsed() < Duration::from_secs(5),
            "the runaway evaluation did not give its slot back within 5 s of being cut: {query}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runaway_count_is_really_cancelled() {
    runaway_is_really_cancelled(RUNAWAY_COUNT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runaway_stream_is_really_cancelled() {
    runaway_is_really_cancelled(RUNAWAY_STREAM).await;
}

/// Work on results already read, where oxigraph itself never checks its cancellation token
/// (it only does while reading quads). Without dutygraph's patch to spareval
/// (vendor/README.md) the first of these held its slot for 25 s after its 503, the grouping
/// for 22 s, the sort and the distinct count until the machine ran out of memory; the other
/// shapes stopped in time already and are kept so that they stay so.
const RUNAWAYS_ON_RESULTS_ALREADY_READ: &[(&str, &str)] = &[
    (
        "cartesian product of three scans",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    ),
    (
        "hash join on a shared predicate",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f }",
    ),
    (
        "optional over a hash join",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b OPTIONAL { ?c ?p ?d . ?e ?p ?f } }",
    ),
    (
        "sort of a product",
        "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a LIMIT 1",
    ),
    (
        "grouping of a product",
        "SELECT ?b (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?b",
    ),
    (
        "distinct count of a product",
        "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    ),
    (
        "closure over any predicate",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a (!<urn:none>|^!<urn:none>)* ?b . ?c ?d ?e }",
    ),
    (
        "exists over a product",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c FILTER NOT EXISTS { ?d ?e ?f . ?g ?h ?c } }",
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runaways_on_results_already_read_are_really_cancelled() {
    for (shape, query) in RUNAWAYS_ON_RESULTS_ALREADY_READ {
        eprintln!("{shape}");
        runaway_is_really_cancelled(query).await;
    }
}

/// Every query on the pool (no inline budget): the probe waits for the runaway's slot, so
/// its answer proves the slot came back once the runaway was cut.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runaways_on_the_pool_give_their_slot_back() {
    for query in [
        RUNAWAY_COUNT,
        RUNAWAY_STREAM,
        RUNAWAYS_ON_RESULTS_ALREADY_READ[0].1,
    ] {
        runaway_is_really_cancelled_with(query, Duration::ZERO).await;
    }
}

// ---- the inline budget ----------------------------------------------------------------------

/// The duties report's query: tens of milliseconds in a test build, over a 1 ms budget.
const REPORT_DUTIES: &str = include_str!("../../queries/report-duties.rq");

/// `eval=` of each request line logged while `requests` run (on this thread: the
/// subscriber is this thread's).
async fn evaluated_where(app: &axum::Router, requests: &[&str]) -> (Vec<String>, Vec<Reply>) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let mut replies = Vec::new();
    for query in requests {
        replies.push(send(app, with(get_query(query), "accept", "text/csv")).await);
    }
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let evaluated = log
        .lines()
        .map(|line| {
            line.split_once(" eval=")
                .map(|(_, rest)| rest.split_whitespace().next().unwrap_or_default())
                .unwrap_or_else(|| panic!("no eval= in {line}"))
                .to_owned()
        })
        .collect();
    (evaluated, replies)
}

#[tokio::test]
async fn a_query_over_its_inline_budget_is_cut_and_answered_from_the_pool() {
    let budget = |inline_budget| {
        endpoint(with_limits(Limits {
            timeout: Duration::from_secs(600),
            inline_budget,
            ..Limits::default()
        }))
    };
    let cut = budget(Duration::from_millis(1));
    let (evaluated, replies) = evaluated_where(&cut, &[REPORT_DUTIES; 3]).await;
    // Cut twice in a row, then known to be expensive: straight to the pool.
    assert_eq!(evaluated, ["cut-to-pool", "cut-to-pool", "pool"]);
    // The same answer as evaluated whole on either side of the budget.
    let (_, on_pool) = evaluated_where(&budget(Duration::ZERO), &[REPORT_DUTIES]).await;
    let (inline, whole) =
        evaluated_where(&budget(Duration::from_secs(300)), &[REPORT_DUTIES]).await;
    assert_eq!(inline, ["inline"]);
    for reply in replies.iter().chain(&on_pool) {
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.text(), whole[0].text());
    }
    // One CSV row per duty of the reference list, after the header.
    assert_eq!(whole[0].text().lines().count(), 1 + 269);
    assert!(whole[0].text().contains("危险化学品"));
}

/// A budget that a cheap query keeps even in a test build on a busy machine (debug
/// builds evaluate about ten times slower than the 5 ms default is tuned for).
const GENEROUS_BUDGET: Duration = Duration::from_millis(500);

#[tokio::test]
async fn a_cheap_query_is_answered_inline_and_stays_so() {
    let app = endpoint(with_limits(Limits {
        inline_budget: GENEROUS_BUDGET,
        ..Limits::default()
    }));
    let (evaluated, replies) = evaluated_where(&app, &[EMERGENCY_DUTIES; 3]).await;
    assert_eq!(evaluated, ["inline"; 3]);
    for reply in replies {
        assert_eq!(reply.text().lines().nth(1), Some("10"));
    }
}

/// Cheap queries take no slot: with the only one held by a runaway, they are answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runaway_holding_the_only_slot_does_not_block_cheap_queries() {
    let app = endpoint(with_limits(Limits {
        timeout: Duration::from_secs(3),
        max_concurrent: 1,
        inline_budget: GENEROUS_BUDGET,
        ..Limits::default()
    }));
    let runaway = tokio::spawn({
        let app = app.clone();
        async move { send(&app, get_query(RUNAWAY_COUNT)).await }
    });
    // Past its inline budget the runaway is cut and takes the slot (for its 3 s timeout).
    tokio::time::sleep(GENEROUS_BUDGET + Duration::from_millis(300)).await;
    for _ in 0..3 {
        let simple = send(&app, get_query(EMERGENCY_DUTIES))
            .await
            .expect(StatusCode::OK);
        assert_eq!(simple.column("n"), ["10"]);
    }
    assert!(!runaway.is_finished());
    runaway
        .await
        .unwrap()
        .expect(StatusCode::SERVICE_UNAVAILABLE);
}

/// NOW() is read once per query (at its first use: spareval read the clock for every
/// query before vendor/spareval.patch), and is the time of the query.
#[tokio::test]
async fn now_is_one_value_per_query() {
    let reply = send(
        &endpoint(options()),
        get_query(
            "SELECT (COUNT(DISTINCT ?t) AS ?n) (MIN(?recent) AS ?all_recent) \
             WHERE { ?s ?p ?o BIND(NOW() AS ?t) \
                     BIND(?t > '2026-01-01T00:00:00Z'^^xsd:dateTime AS ?recent) }",
        ),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(reply.column("n"), ["1"]);
    assert_eq!(reply.column("all_recent"), ["true"]);
}

// ---- Graph Store Protocol ------------------------------------------------------------------

#[tokio::test]
async fn graph_store_default_is_the_union() {
    let app = endpoint(options());
    let reply = send(
        &app,
        with(get("/store?default"), "accept", "application/n-triples"),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(reply.content_type(), "application/n-triples");
    let triples = parse_rdf(&reply, RdfFormat::NTriples);
    // The list's facts and the ontology's, each triple once.
    assert!(has_label(&triples, "区应急管理局"));
    assert!(
        triples
            .iter()
            .any(|q| q.subject.to_string() == "<https://w3id.org/dutygraph/ns#Body>")
    );
    let unique: std::collections::HashSet<_> = triples.iter().collect();
    assert_eq!(unique.len(), triples.len());
    let turtle = send(&app, get("/store?default"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(turtle.content_type(), "text/turtle; charset=utf-8");
    assert_eq!(parse_rdf(&turtle, RdfFormat::Turtle).len(), triples.len());
}

#[tokio::test]
async fn graph_store_named_graph() {
    let app = endpoint(options());
    let reply = send(
        &app,
        with(
            get(&format!("/store?graph={}", enc(ONTOLOGY_GRAPH))),
            "accept",
            "application/rdf+xml",
        ),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(reply.content_type(), "application/rdf+xml");
    let triples = parse_rdf(&reply, RdfFormat::RdfXml);
    assert!(has_label(&triples, "责任主体"));
    // The ontology graph holds no duty.
    assert!(!has_label(&triples, "区应急管理局"));
    let reply = send(
        &app,
        get(&format!("/store?graph={}", enc("http://example.org/none"))),
    )
    .await
    .expect(StatusCode::NOT_FOUND);
    assert!(reply.text().contains("http://example.org/none"));
    send(&app, get("/store"))
        .await
        .expect(StatusCode::BAD_REQUEST);
    send(
        &app,
        get(&format!("/store?default&graph={}", enc(ONTOLOGY_GRAPH))),
    )
    .await
    .expect(StatusCode::BAD_REQUEST);
    send(&app, with(get("/store?default"), "accept", "text/csv"))
        .await
        .expect(StatusCode::NOT_ACCEPTABLE);
}

// ---- health, CORS, logging -----------------------------------------------------------------

#[tokio::test]
async fn health() {
    let reply = send(&endpoint(options()), get("/health"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(reply.content_type(), "application/json");
    assert_eq!(
        reply.json(),
        serde_json::json!({ "status": "ok", "lists": ["weidu-2022-draft"] })
    );
}

/// The `Access-Control-Allow-Origin` of the answer to a query sent from `origin`.
async fn allowed_origin(app: &axum::Router, origin: &str) -> Option<String> {
    let reply = send(app, with(get_query(ART41), "origin", origin))
        .await
        .expect(StatusCode::OK);
    reply
        .headers
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn cors_is_off_by_default() {
    assert!(
        allowed_origin(&endpoint(options()), "https://yasgui.example")
            .await
            .is_none()
    );
}

#[tokio::test]
async fn cors_when_asked() {
    let any = endpoint(Options {
        cors: vec!["*".into()],
        ..Options::default()
    });
    assert_eq!(
        allowed_origin(&any, "https://yasgui.example")
            .await
            .unwrap(),
        "*"
    );
    // A preflight for a POST with a SPARQL body.
    let preflight = axum::http::Request::options("/sparql")
        .header("origin", "https://yasgui.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .body(axum::body::Body::empty())
        .unwrap();
    let reply = send(&any, preflight).await.expect(StatusCode::OK);
    let methods = reply.headers.get("access-control-allow-methods").unwrap();
    assert!(methods.to_str().unwrap().contains("POST"));

    let one = endpoint(Options {
        cors: vec!["https://yasgui.example".into()],
        ..Options::default()
    });
    assert_eq!(
        allowed_origin(&one, "https://yasgui.example")
            .await
            .unwrap(),
        "https://yasgui.example"
    );
    assert!(
        allowed_origin(&one, "https://other.example")
            .await
            .is_none()
    );
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn one_log_line_per_request() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = endpoint(options());
    send(&app, get_query(ART41)).await.expect(StatusCode::OK);
    send(&app, get_query("SELECT WHERE"))
        .await
        .expect(StatusCode::BAD_REQUEST);
    send(&app, post("/store?default", None, ""))
        .await
        .expect(StatusCode::METHOD_NOT_ALLOWED);
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 3, "{log}");
    for (line, (method, path, status)) in lines.iter().zip([
        ("GET", "/sparql", 200),
        ("GET", "/sparql", 400),
        ("POST", "/store", 405),
    ]) {
        assert!(line.contains(&format!("method={method}")), "{line}");
        assert!(line.contains(&format!("path={path}")), "{line}");
        assert!(line.contains(&format!("status={status}")), "{line}");
        assert!(line.contains(" ms="), "{line}");
        // The query string (which may be long or private) is not logged.
        assert!(!line.contains("query="), "{line}");
    }
}

#[test]
fn named_node_of_the_reference_graph() {
    // The graph IRIs used above are the store's.
    let store = http_common::reference();
    let graphs: Vec<NamedNode> = store.lists().iter().map(|l| l.graph.clone()).collect();
    assert_eq!(graphs, [NamedNode::new(WEIDU_GRAPH).unwrap()]);
}
