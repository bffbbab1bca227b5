//! The SPARQL endpoint (`dutygraph serve`): SPARQL 1.1 Protocol over HTTP, with the read
//! side of the Graph Store Protocol, on top of the same store and query semantics as the
//! `query` command.
//!
//! | path | what |
//! |---|---|
//! | `/sparql`, `/query` | GET `?query=`, POST `application/sparql-query`, POST form; without a query, the service description; updates with `--update-token` |
//! | `/store?default`, `/store?graph=IRI` | a graph, in an RDF format chosen by `Accept` |
//! | `/health` | liveness: `{"status":"ok",…}` |
//!
//! [`router`] builds the endpoint alone (driven in-process by the tests with
//! `tower::ServiceExt::oneshot`); [`crate::app`] adds the web UI's routes beside
//! [`routes`], wraps both with [`wrap`], and serves them. This module knows nothing of the UI.

mod budget;
mod conneg;
mod error;
mod graph_store;
mod limits;
mod log;
mod parsed;
mod protocol;
mod service_description;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use oxigraph::sparql::SparqlEvaluator;
use spargebra::SparqlParser;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

use crate::store::DutyStore;
use crate::vocab::PREFIXES;

pub use conneg::{GRAPH_FORMATS, Negotiable, SOLUTION_FORMATS, negotiate};
pub use error::{ApiError, human_bytes};
pub use limits::{Limits, MemoryGauge, MemoryLimit, default_concurrency, default_max_memory};
pub use log::BatchedStderr;

/// How the endpoint behaves (everything but where it listens and what it loads).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub limits: Limits,
    /// Origins allowed by CORS (`*` for any); empty: no CORS headers at all.
    pub cors: Vec<String>,
    /// With a token, SPARQL Update is accepted from requests bearing it; without, the
    /// endpoint is read-only.
    pub update_token: Option<String>,
    /// Refuse SERVICE (federated queries make the endpoint send HTTP requests of its own,
    /// to any address a query names).
    pub no_service: bool,
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Load(#[from] crate::error::Error),
    #[error("invalid --cors origin {origin:?}: {reason}")]
    Cors { origin: String, reason: String },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the loaded lists already use {in_use}, more than --max-memory {limit}: \
         give a larger --max-memory, or serve an on-disk store (--store)"
    )]
    MemoryTooSmall { in_use: String, limit: String },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
    #[error("loading the store failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// The shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<DutyStore>,
    options: Options,
    runner: limits::Runner,
    cors: Option<CorsLayer>,
    /// Query parser with dutygraph's prefixes predeclared (cloned per request to set the
    /// base IRI).
    parser: SparqlParser,
    /// The queries parsed lately.
    parsed_queries: parsed::ParsedQueries,
    /// Update evaluator with dutygraph's prefixes predeclared.
    evaluator: SparqlEvaluator,
    /// The same without prefixes, for queries (parsed before they reach it).
    query_evaluator: SparqlEvaluator,
}

impl AppState {
    /// The state for a loaded store. Fails on a `--cors` origin that is not a valid
    /// header value.
    pub fn new(store: Arc<DutyStore>, options: Options) -> Result<Self, ServeError> {
        let mut parser = SparqlParser::new();
        for (prefix, iri) in PREFIXES {
            // The prefixes are constants with valid IRIs.
            if let Ok(p) = parser.clone().with_prefix(*prefix, *iri) {
                parser = p;
            }
        }
        // SERVICE calls are bounded by the query's own timeout.
        let service_timeout = (!options.no_service).then_some(options.limits.timeout);
        let evaluator = crate::sparql::federated_evaluator(service_timeout);
        let query_evaluator = crate::sparql::service_evaluator(service_timeout);
        Ok(AppState {
            inner: Arc::new(Inner {
                store,
                runner: limits::Runner::new(options.limits.clone()),
                cors: cors_layer(&options.cors)?,
                options,
                parser,
                parsed_queries: parsed::ParsedQueries::default(),
                evaluator,
                query_evaluator,
            }),
        })
    }

    pub fn store(&self) -> &Arc<DutyStore> {
        &self.inner.store
    }

    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    pub(crate) fn runner(&self) -> &limits::Runner {
        &self.inner.runner
    }

    pub(crate) fn parser(&self) -> &SparqlParser {
        &self.inner.parser
    }

    pub(crate) fn parsed_queries(&self) -> &parsed::ParsedQueries {
        &self.inner.parsed_queries
    }

    pub(crate) fn evaluator(&self) -> &SparqlEvaluator {
        &self.inner.evaluator
    }

    pub(crate) fn query_evaluator(&self) -> &SparqlEvaluator {
        &self.inner.query_evaluator
    }

    pub(crate) fn updates_enabled(&self) -> bool {
        self.inner.options.update_token.is_some()
    }
}

/// The endpoint's routes (SPARQL, Graph Store, health), with their state.
pub fn routes(state: AppState) -> Router {
    let sparql = get(protocol::sparql_get)
        .post(protocol::sparql_post)
        .fallback(|| async {
            ApiError::MethodNotAllowed {
                allow: "GET, HEAD, POST",
            }
        });
    let store = get(graph_store::get)
        .fallback(|| async { ApiError::MethodNotAllowed { allow: "GET, HEAD" } });
    let health =
        get(health).fallback(|| async { ApiError::MethodNotAllowed { allow: "GET, HEAD" } });
    Router::new()
        .route("/sparql", sparql.clone())
        .route("/query", sparql)
        .route("/store", store)
        .route("/health", health)
        .with_state(state)
}

/// The endpoint alone: [`routes`], [`wrap`]ped.
pub fn router(state: AppState) -> Router {
    wrap(routes(state.clone()), &state)
}

/// What every request to the application goes through, whichever routes it holds: the
/// not-found answer, the body limit, CORS (when configured) and one log line per request.
pub fn wrap(routes: Router, state: &AppState) -> Router {
    let max_body_bytes = state.options().limits.max_body_bytes;
    let mut app = routes
        .fallback(|method: Method, uri: axum::http::Uri| async move {
            ApiError::NotFound(format!(
                "{method} {} (try /sparql, /store?default, /health)",
                uri.path()
            ))
        })
        // axum's own limit would answer before tower-http's; one limit is enough.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(max_body_bytes))
        .layer(middleware::map_response_with_state(
            max_body_bytes,
            explain_payload_too_large,
        ));
    if let Some(cors) = state.inner.cors.clone() {
        app = app.layer(cors);
    }
    app.layer(middleware::from_fn(log::request_line))
}

/// tower-http's body limit answers 413 with its own English text: give it ours.
async fn explain_payload_too_large(State(limit): State<usize>, response: Response) -> Response {
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge { limit }.into_response()
    } else {
        response
    }
}

fn cors_layer(origins: &[String]) -> Result<Option<CorsLayer>, ServeError> {
    if origins.is_empty() {
        return Ok(None);
    }
    let allow_origin = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        let values = origins
            .iter()
            .map(|origin| {
                HeaderValue::from_str(origin).map_err(|e| ServeError::Cors {
                    origin: origin.clone(),
                    reason: e.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        AllowOrigin::list(values)
    };
    Ok(Some(
        CorsLayer::new()
            .allow_origin(allow_origin)
            .allow_methods([Method::GET, Method::HEAD, Method::POST])
            .allow_headers([header::ACCEPT, header::CONTENT_TYPE, header::AUTHORIZATION])
            .max_age(std::time::Duration::from_secs(3600)),
    ))
}

async fn health(State(state): State<AppState>) -> Response {
    let lists: Vec<&str> = state
        .store()
        .lists()
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    let body = serde_json::json!({ "status": "ok", "lists": lists }).to_string();
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}
