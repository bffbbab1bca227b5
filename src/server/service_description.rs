//! The service description (SPARQL 1.1 Service Description, `sd:`) answered by
//! `GET /sparql` without a query, in the RDF format chosen by `Accept`.

use axum::response::Response;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    BlankNode, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple,
};

use super::AppState;
use super::conneg::{GRAPH_FORMATS, Negotiable, SOLUTION_FORMATS, negotiate};
use super::error::ApiError;
use super::protocol::{RequestInfo, negotiated};

/// The `sd:` namespace.
pub const SD: &str = "http://www.w3.org/ns/sparql-service-description#";

fn sd(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SD}{local}"))
}

pub(crate) fn response(state: &AppState, info: &RequestInfo) -> Result<Response, ApiError> {
    let format = negotiate(info.accept(), &GRAPH_FORMATS)?;
    let endpoint = info
        .base
        .as_deref()
        .and_then(|base| NamedNode::new(base).ok())
        .unwrap_or_else(|| NamedNode::new_unchecked("http://localhost/sparql"));
    let service = BlankNode::new_unchecked("service");
    let dataset = BlankNode::new_unchecked("dataset");
    let default_graph = BlankNode::new_unchecked("defaultGraph");
    let mut triples: Vec<Triple> = Vec::new();
    let mut add = |s: &BlankNode, p: NamedNode, o: Term| {
        triples.push(Triple::new(NamedOrBlankNode::from(s.clone()), p, o));
    };
    add(&service, rdf::TYPE.into_owned(), sd("Service").into());
    add(&service, sd("endpoint"), endpoint.into());
    add(
        &service,
        sd("supportedLanguage"),
        sd("SPARQL10Query").into(),
    );
    add(
        &service,
        sd("supportedLanguage"),
        sd("SPARQL11Query").into(),
    );
    if state.updates_enabled() {
        add(
            &service,
            sd("supportedLanguage"),
            sd("SPARQL11Update").into(),
        );
    }
    for format in SOLUTION_FORMATS {
        add(
            &service,
            sd("resultFormat"),
            NamedNode::new_unchecked(format.iri()).into(),
        );
    }
    for format in GRAPH_FORMATS {
        add(
            &service,
            sd("resultFormat"),
            NamedNode::new_unchecked(format.iri()).into(),
        );
    }
    add(&service, sd("feature"), sd("UnionDefaultGraph").into());
    add(
        &service,
        sd("defaultEntailmentRegime"),
        NamedNode::new_unchecked("http://www.w3.org/ns/entailment/Simple").into(),
    );
    let title = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title").into_owned();
    add(
        &service,
        title.clone(),
        Literal::new_language_tagged_literal_unchecked("职责图谱 SPARQL 端点", "zh").into(),
    );
    add(
        &service,
        title,
        Literal::new_language_tagged_literal_unchecked("dutygraph SPARQL endpoint", "en").into(),
    );
    add(&service, sd("defaultDataset"), dataset.clone().into());
    add(&dataset, rdf::TYPE.into_owned(), sd("Dataset").into());
    add(&dataset, sd("defaultGraph"), default_graph.clone().into());
    let mut graphs = state
        .store()
        .store()
        .map_err(ApiError::internal)?
        .named_graphs()
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    graphs.sort_by_cached_key(|g| g.to_string());
    let nodes: Vec<BlankNode> = (0..graphs.len())
        .map(|i| BlankNode::new_unchecked(format!("namedGraph{i}")))
        .collect();
    for node in &nodes {
        add(&dataset, sd("namedGraph"), node.clone().into());
    }
    add(&default_graph, rdf::TYPE.into_owned(), sd("Graph").into());
    for (node, graph) in nodes.iter().zip(graphs) {
        add(node, rdf::TYPE.into_owned(), sd("NamedGraph").into());
        add(node, sd("name"), graph.into());
    }

    let mut body = Vec::new();
    let mut serializer = RdfSerializer::from_format(format);
    if format == RdfFormat::Turtle {
        for (prefix, iri) in [("sd", SD), ("dcterms", "http://purl.org/dc/terms/")] {
            serializer = serializer
                .with_prefix(prefix, iri)
                .map_err(ApiError::internal)?;
        }
    }
    let mut writer = serializer.for_writer(&mut body);
    for triple in &triples {
        writer
            .serialize_triple(triple)
            .map_err(ApiError::internal)?;
    }
    writer.finish().map_err(ApiError::internal)?;
    Ok(negotiated(format.content_type(), body))
}
