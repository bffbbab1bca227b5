//! The read side of the SPARQL 1.1 Graph Store HTTP Protocol: `GET /store?default` and
//! `GET /store?graph=IRI`.
//!
//! The endpoint's default graph is the union of all graphs (as for queries), so
//! `?default` answers with that union, each triple once.

use std::collections::HashSet;

use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use oxigraph::model::{GraphNameRef, NamedNode, Triple};

use super::AppState;
use super::conneg::{GRAPH_FORMATS, Negotiable, negotiate};
use super::error::ApiError;
use super::protocol::{Params, RequestInfo, graph_serializer, negotiated};

enum Target {
    Default,
    Named(NamedNode),
}

pub(crate) async fn get(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let info = RequestInfo::new(&uri, &headers)?;
    let params = Params::from_url(&uri);
    let target = match (params.contains("default"), params.single("graph")?) {
        (true, None) => Target::Default,
        (false, Some(iri)) => Target::Named(NamedNode::new(iri).map_err(|e| {
            ApiError::bad_request(format!(
                "graph=<{iri}> 不是 IRI / is not an absolute IRI: {e}"
            ))
        })?),
        _ => {
            return Err(ApiError::bad_request(
                "请给出 ?default 或 ?graph=IRI 之一 / give exactly one of ?default or ?graph=IRI",
            ));
        }
    };
    let format = negotiate(info.accept(), &GRAPH_FORMATS)?;
    let store = state.store().clone();
    if let Target::Named(graph) = &target
        && !store
            .contains_named_graph(graph)
            .map_err(ApiError::internal)?
    {
        return Err(ApiError::NotFound(format!("graph {graph}")));
    }
    let body = state
        .runner()
        .run(false, move |guard| {
            let mut body = Vec::new();
            let mut writer = graph_serializer(format).for_writer(&mut body);
            match &target {
                Target::Named(graph) => {
                    let graph = GraphNameRef::NamedNode(graph.as_ref());
                    for quad in store
                        .store()
                        .map_err(ApiError::internal)?
                        .quads_for_pattern(None, None, None, Some(graph))
                    {
                        let quad = quad.map_err(ApiError::internal)?;
                        guard.row()?;
                        writer
                            .serialize_triple(quad.as_ref())
                            .map_err(ApiError::internal)?;
                    }
                }
                Target::Default => {
                    let mut seen = HashSet::new();
                    for quad in store.store().map_err(ApiError::internal)?.iter() {
                        let quad = quad.map_err(ApiError::internal)?;
                        guard.row()?;
                        let triple = Triple::from(quad);
                        if seen.insert(triple.clone()) {
                            writer
                                .serialize_triple(&triple)
                                .map_err(ApiError::internal)?;
                        }
                    }
                }
            }
            writer.finish().map_err(ApiError::internal)?;
            Ok(body)
        })
        .await?;
    Ok(negotiated(format.content_type(), body))
}
