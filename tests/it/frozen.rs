//! The read-only snapshot (`src/frozen.rs`, what `query`, `report` and `graph` load) must
//! answer exactly as the oxigraph store (what `serve`, `export` and `ingest` use): every
//! query of `queries/`, every report, the export, a scoped query — on the reference list
//! and on the reference list with three synthetic lists (other levels, numbering, names).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use crate::common;
use dutygraph::analysis;
use dutygraph::report;
use dutygraph::report::Kind;
use dutygraph::store::{DutyStore, Source};
use dutygraph::synth;
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use regex::Regex;

fn sources(synthetic: usize) -> Vec<Source> {
    let mut sources = vec![Source::embedded()];
    for index in 0..synthetic {
        sources.push(synth::list(7, index).unwrap().into_source());
    }
    sources
}

/// The variables a query binds to a GROUP_CONCAT, with their separators. SPARQL leaves
/// the order of a concatenation open, and the two stores differ (oxigraph walks its
/// indexes newest first, the snapshot in id order): their parts are compared sorted.
fn concatenations(query: &str) -> Vec<(String, String)> {
    let pattern =
        Regex::new(r#"(?s)GROUP_CONCAT\(.*?SEPARATOR\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)"#)
            .unwrap();
    pattern
        .captures_iter(query)
        .map(|c| (c[2].to_owned(), c[1].to_owned()))
        .collect()
}

/// A result as comparable text: the rows (or triples) as N-Triples-like strings, sorted
/// (ties of an ORDER BY may come out in either order), with the header or the boolean.
fn canonical(results: QueryResults<'static>, query: &str) -> Vec<String> {
    let concatenations = concatenations(query);
    match results {
        QueryResults::Boolean(value) => vec![value.to_string()],
        QueryResults::Solutions(solutions) => {
            let variables: Vec<String> = solutions
                .variables()
                .iter()
                .map(ToString::to_string)
                .collect();
            let mut rows: Vec<String> = solutions
                .map(|solution| {
                    let solution = solution.unwrap();
                    variables
                        .iter()
                        .map(|v| {
                            let name = &v[1..];
                            match (
                                solution.get(name),
                                concatenations.iter().find(|(c, _)| c == name),
                            ) {
                                (Some(Term::Literal(value)), Some((_, separator))) => {
                                    let mut parts: Vec<&str> =
                                        value.value().split(separator.as_str()).collect();
                                    parts.sort_unstable();
                                    parts.join(separator)
                                }
                                (term, _) => {
                                    term.map_or_else(|| "UNDEF".to_owned(), ToString::to_string)
                                }
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            rows.sort();
            rows.insert(0, variables.join(" "));
            rows
        }
        QueryResults::Graph(triples) => {
            let mut triples: Vec<String> = triples.map(|t| t.unwrap().to_string()).collect();
            triples.sort();
            triples
        }
    }
}

fn queries() -> Vec<(String, String)> {
    let mut queries: Vec<(String, String)> = std::fs::read_dir(Path::new("queries"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rq"))
        .map(|path| {
            (
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    queries.sort();
    queries
}

fn assert_same_answers(oxigraph: &DutyStore, frozen: &DutyStore) {
    assert_eq!(oxigraph.len().unwrap(), frozen.len().unwrap());
    let queries = queries();
    assert!(queries.len() >= 30, "the queries directory was found");
    let mut rows = 0;
    for (name, query) in &queries {
        let expected = canonical(oxigraph.query(query, &[]).unwrap(), query);
        let got = canonical(frozen.query(query, &[]).unwrap(), query);
        assert_eq!(got, expected, "{name}");
        rows += expected.len();
    }
    assert!(rows > 1000, "the queries returned rows ({rows})");
    // Patterns with every combination of bound positions, graphs named and not.
    let extra = [
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a dg:Duty } } GROUP BY ?g",
        "SELECT ?g ?s WHERE { GRAPH ?g { ?s dg:article 5 ; dg:position 1 } }",
        "SELECT ?s ?o WHERE { ?s rdfs:label ?o FILTER(?o = \"区应急管理局\"@zh) }",
        "SELECT ?p WHERE { ?s ?p \"区应急管理局\"@zh }",
        "SELECT ?g WHERE { GRAPH ?g { } }",
        "SELECT * WHERE { GRAPH <https://w3id.org/dutygraph/id/weidu-2022-draft> { ?s dg:bearer ?b } }",
        "SELECT * WHERE { GRAPH ?g { ?s dg:bearer <https://w3id.org/dutygraph/id/weidu-2022-draft/body/art41> } }",
        "SELECT * WHERE { <https://w3id.org/dutygraph/id/weidu-2022-draft/art41/item1> ?p ?o }",
        "SELECT * WHERE { ?s ?p <https://w3id.org/dutygraph/id/weidu-2022-draft/body/art41> }",
        "SELECT * WHERE { GRAPH <https://w3id.org/dutygraph/id/nowhere> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p \"no such literal\" }",
        "ASK { ?s dg:position 1 }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o ; a dg:Body }",
        "SELECT * FROM <https://w3id.org/dutygraph/id/weidu-2022-draft> WHERE { ?s a dg:Body }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isBlank(?s)) }",
    ];
    for query in extra {
        let expected = canonical(oxigraph.query(query, &[]).unwrap(), query);
        let got = canonical(frozen.query(query, &[]).unwrap(), query);
        assert_eq!(got, expected, "{query}");
    }
    // `report network` and `report all` read the network's rows beside the context; the
    // network alone is the one within `report all`.
    let alone = report_json(frozen, common::kind("network"), common::kind("network"));
    let within_all = report_json(frozen, Kind::ALL, common::kind("network"));
    assert!(
        alone == within_all,
        "the network alone differs from the one in report all"
    );
    for kind in [Kind::ALL, common::kind("compare"), common::kind("network")] {
        assert_same_report(oxigraph, frozen, kind);
    }
    let mut expected = Vec::new();
    oxigraph
        .export(RdfFormat::NQuads, false, &mut expected)
        .unwrap();
    let mut got = Vec::new();
    frozen.export(RdfFormat::NQuads, false, &mut got).unwrap();
    assert!(expected == got, "the N-Quads exports differ");
    assert_eq!(
        oxigraph
            .lists()
            .iter()
            .map(|l| (&l.id, l.quads))
            .collect::<Vec<_>>(),
        frozen
            .lists()
            .iter()
            .map(|l| (&l.id, l.quads))
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_snapshot_answers_as_the_store_on_the_reference_list() {
    let sources = sources(0);
    let oxigraph = DutyStore::load(&sources).unwrap();
    let frozen = DutyStore::load_frozen(&sources).unwrap();
    assert_same_answers(&oxigraph, &frozen);
    assert!(frozen.store().is_err(), "a snapshot is not writable");
}

#[test]
fn the_snapshot_answers_as_the_store_on_several_lists_and_in_scope() {
    let sources = sources(3);
    let mut oxigraph = DutyStore::load(&sources).unwrap();
    let mut frozen = DutyStore::load_frozen(&sources).unwrap();
    assert_eq!(frozen.lists().len(), 4);
    assert_same_answers(&oxigraph, &frozen);
    let graph = frozen.lists()[2].graph.as_str().to_owned();
    oxigraph.set_scope(Some(&graph)).unwrap();
    frozen.set_scope(Some(&graph)).unwrap();
    assert_same_answers_in_scope(&oxigraph, &frozen);
}

fn assert_same_answers_in_scope(oxigraph: &DutyStore, frozen: &DutyStore) {
    for (name, query) in queries() {
        let expected = canonical(oxigraph.query(&query, &[]).unwrap(), &query);
        let got = canonical(frozen.query(&query, &[]).unwrap(), &query);
        assert_eq!(got, expected, "{name} (scoped)");
    }
    assert_same_report(oxigraph, frozen, Kind::ALL);
}

/// The JSON of `section` of the report `kind` runs.
fn report_json(store: &DutyStore, kind: Kind, section: Kind) -> serde_json::Value {
    report::json(&analysis::analyse(store, kind.reads()).unwrap(), section).unwrap()
}

/// The same report from both; on a difference, both written out for `diff`.
fn assert_same_report(oxigraph: &DutyStore, frozen: &DutyStore, kind: Kind) {
    let expected = report_json(oxigraph, kind, kind);
    let got = report_json(frozen, kind, kind);
    if expected != got {
        let write = |name: &str, value: &serde_json::Value| {
            let path = std::env::temp_dir().join(format!("dutygraph-frozen-{kind:?}-{name}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
            path.display().to_string()
        };
        panic!(
            "report {kind:?} differs: diff {} {}",
            write("store", &expected),
            write("snapshot", &got)
        );
    }
}

#[test]
fn a_list_given_twice_replaces_itself_in_the_snapshot_as_in_the_store() {
    let sources = vec![Source::embedded(), Source::embedded()];
    let oxigraph = DutyStore::load(&sources).unwrap();
    let frozen = DutyStore::load_frozen(&sources).unwrap();
    assert_eq!(frozen.lists().len(), 1);
    assert_eq!(oxigraph.len().unwrap(), frozen.len().unwrap());
}

#[test]
fn a_broken_list_fails_the_snapshot_with_its_name() {
    let broken = Source::from_text("broken.txt", "broken", "not a duty list");
    let sources = vec![Source::embedded(), broken, Source::embedded()];
    let error = DutyStore::load_frozen(&sources).err().expect("refused");
    assert!(error.to_string().contains("broken.txt"), "{error}");
}

/// Every combination of bound positions (and the three graph modes: any named graph, the
/// default graph, one graph) finds exactly what a scan finds, for a sample of quads.
#[test]
fn every_pattern_finds_what_a_scan_finds() {
    use dutygraph::frozen::{FrozenBuilder, FrozenTerm, FrozenView};
    use oxigraph::model::{GraphName, NamedNode, Quad, QuadRef};
    use spareval::QueryableDataset;

    let store = DutyStore::load(&sources(1)).unwrap();
    let mut quads: Vec<Quad> = store.store().unwrap().iter().map(Result::unwrap).collect();
    // A few quads in the default graph, one also in a named graph.
    let dg =
        |local: &str| NamedNode::new(format!("https://w3id.org/dutygraph/ns#{local}")).unwrap();
    let extra = Quad::new(dg("a"), dg("p"), dg("b"), GraphName::DefaultGraph);
    quads.push(extra.clone());
    quads.push(Quad::new(
        dg("a"),
        dg("p"),
        dg("c"),
        GraphName::DefaultGraph,
    ));
    quads.push(Quad::new(dg("a"), dg("p"), dg("b"), dg("g")));
    quads.push(extra); // a duplicate: a dataset is a set
    let mut builder = FrozenBuilder::new();
    for quad in &quads {
        builder.insert(QuadRef::from(quad));
    }
    let view = FrozenView(std::sync::Arc::new(builder.build()));
    quads.sort_by_key(ToString::to_string);
    quads.dedup();
    assert_eq!(view.0.len(), quads.len());

    let id = |term: Term| view.internalize_term(term).unwrap();
    let graph_term = |g: &GraphName| match g {
        GraphName::NamedNode(n) => Some(Term::from(n.clone())),
        GraphName::BlankNode(b) => Some(Term::from(b.clone())),
        GraphName::DefaultGraph => None,
    };
    let mut checked = 0;
    for sample in quads.iter().step_by(997).chain(quads.iter().rev().take(3)) {
        let terms = [
            Term::from(sample.subject.clone()),
            Term::from(sample.predicate.clone()),
            sample.object.clone(),
        ];
        for mask in 0..8u8 {
            let bound: Vec<Option<FrozenTerm>> = (0..3)
                .map(|i| (mask & (1 << i) != 0).then(|| id(terms[i].clone())))
                .collect();
            // 0: any named graph, 1: the default graph, 2: the sample's graph.
            for graph_mode in 0..3 {
                let sample_graph = graph_term(&sample.graph_name).map(id);
                let graph: Option<Option<&FrozenTerm>> = match graph_mode {
                    0 => None,
                    1 => Some(None),
                    _ => Some(sample_graph.as_ref()),
                };
                let found = view
                    .internal_quads_for_pattern(
                        bound[0].as_ref(),
                        bound[1].as_ref(),
                        bound[2].as_ref(),
                        graph,
                    )
                    .count();
                let expected = quads
                    .iter()
                    .filter(|q| {
                        (mask & 1 == 0 || Term::from(q.subject.clone()) == terms[0])
                            && (mask & 2 == 0 || Term::from(q.predicate.clone()) == terms[1])
                            && (mask & 4 == 0 || q.object == terms[2])
                            && match graph_mode {
                                0 => !q.graph_name.is_default_graph(),
                                1 => q.graph_name.is_default_graph(),
                                _ => q.graph_name == sample.graph_name,
                            }
                    })
                    .count();
                assert_eq!(
                    found, expected,
                    "{sample} mask {mask} graph mode {graph_mode}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked} patterns");
    // A term the dataset lacks matches nothing.
    let absent = id(Term::from(dg("absent")));
    assert!(matches!(absent, FrozenTerm::Other(_)));
    assert_eq!(
        view.internal_quads_for_pattern(Some(&absent), None, None, None)
            .count(),
        0
    );
}
