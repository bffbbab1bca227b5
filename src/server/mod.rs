//! The SPARQL endpoint (`dutygraph serve`): SPARQL 1.1 Protocol over HTTP, with the read
//! side of the Graph Store Protocol, on top of the same store and query semantics as the
//! `query` command.
//!
//! | path | what |
//! |---|---|
//! | `/sparql`, `/query` | GET `?query=`, POST `application/sparql-query`, POST form; without a query, the service description; updates with `--update-token` |
//! | `/store?default`, `/store?graph=IRI` | a graph, in an RDF format chosen by `Accept` |
//! | `/health` | liveness: `{"status":"ok",…}` |
//! | `/`, `/bodies`, `/body/…`, `/topics`, `/topic/…`, `/reports…`, `/editor`, `/graph.*`, `/assets/…` | the web UI ([`crate::web`]) |
//!
//! [`router`] builds the application (driven in-process by the tests with
//! `tower::ServiceExt::oneshot`); [`serve`] binds a socket and runs it until SIGINT or
//! SIGTERM.

mod conneg;
mod error;
mod graph_store;
mod limits;
mod protocol;
mod service_description;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use oxigraph::sparql::SparqlEvaluator;
use spargebra::SparqlParser;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::store::{DutyStore, Source};
use crate::vocab::PREFIXES;

pub use conneg::{GRAPH_FORMATS, Negotiable, SOLUTION_FORMATS, negotiate};
pub use error::ApiError;
pub use limits::{Limits, MemoryGauge, MemoryLimit, default_concurrency, default_max_memory};

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

/// Everything `dutygraph serve` needs.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// Lists to load; the embedded reference list when empty.
    pub docs: Vec<PathBuf>,
    /// An on-disk store to serve instead (made by `dutygraph ingest`).
    pub store: Option<PathBuf>,
    pub options: Options,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            docs: Vec::new(),
            store: None,
            options: Options::default(),
        }
    }
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
    /// Update evaluator with dutygraph's prefixes predeclared.
    evaluator: SparqlEvaluator,
    /// What the web UI computes once: the analyses and the laid-out network.
    site: OnceLock<Result<Arc<crate::web::Site>, String>>,
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
        let evaluator = crate::sparql::federated_evaluator(
            (!options.no_service).then_some(options.limits.timeout),
        );
        Ok(AppState {
            inner: Arc::new(Inner {
                store,
                runner: limits::Runner::new(options.limits.clone()),
                cors: cors_layer(&options.cors)?,
                options,
                parser,
                evaluator,
                site: OnceLock::new(),
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

    pub(crate) fn evaluator(&self) -> &SparqlEvaluator {
        &self.inner.evaluator
    }

    pub(crate) fn updates_enabled(&self) -> bool {
        self.inner.options.update_token.is_some()
    }

    /// The web UI's data, computed on first use (blocking: call from a blocking thread).
    pub(crate) fn site_blocking(&self) -> Result<Arc<crate::web::Site>, String> {
        self.inner
            .site
            .get_or_init(|| {
                crate::web::Site::build(&self.inner.store)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    }

    /// The web UI's data, once computed.
    pub(crate) fn site_ready(&self) -> Option<Result<Arc<crate::web::Site>, String>> {
        self.inner.site.get().cloned()
    }
}

/// The application: the SPARQL routes, the web UI, body limit, CORS (when configured) and
/// one log line per request.
pub fn router(state: AppState) -> Router {
    let max_body_bytes = state.options().limits.max_body_bytes;
    let cors = state.inner.cors.clone();
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
    let mut app = Router::new()
        .route("/sparql", sparql.clone())
        .route("/query", sparql)
        .route("/store", store)
        .route("/health", health)
        .merge(crate::web::routes())
        .fallback(|method: Method, uri: axum::http::Uri| async move {
            ApiError::NotFound(format!(
                "{method} {} (try /sparql, /store?default, /health)",
                uri.path()
            ))
        })
        .with_state(state)
        // axum's own limit would answer before tower-http's; one limit is enough.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(max_body_bytes))
        .layer(middleware::map_response_with_state(
            max_body_bytes,
            explain_payload_too_large,
        ));
    if let Some(cors) = cors {
        app = app.layer(cors);
    }
    app.layer(
        TraceLayer::new_for_http()
            .make_span_with(|request: &Request| {
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = %request.uri().path(),
                )
            })
            .on_request(())
            .on_response(
                |response: &Response, latency: std::time::Duration, _span: &tracing::Span| {
                    tracing::info!(
                        status = response.status().as_u16(),
                        ms = format_args!("{:.1}", latency.as_secs_f64() * 1000.0),
                    );
                },
            )
            .on_body_chunk(())
            .on_eos(())
            .on_failure(()),
    )
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

/// Loads the lists, binds `config.bind` and serves until SIGINT or SIGTERM. Prints
/// `dutygraph: SPARQL endpoint listening on http://ADDR/sparql` on standard error once
/// the socket is bound (with the real port when given port 0).
pub async fn serve(config: Config) -> Result<(), ServeError> {
    let docs = config.docs.clone();
    let dir = config.store.clone();
    let writable = config.options.update_token.is_some();
    let store = tokio::task::spawn_blocking(move || match dir {
        Some(dir) if docs.is_empty() => DutyStore::open_dir(&dir, writable),
        Some(dir) => Err(crate::error::Error::Usage(format!(
            "give either --store {} or --doc, not both",
            dir.display()
        ))),
        None => DutyStore::load(&Source::read_all(&docs)?),
    })
    .await??;
    // Every query would be cut at once: say so now rather than answer 503 to everything.
    if let Some(memory) = &config.options.limits.memory {
        let in_use = memory.gauge.bytes();
        if in_use > memory.max_bytes {
            return Err(ServeError::MemoryTooSmall {
                in_use: error::human_bytes(in_use),
                limit: error::human_bytes(memory.max_bytes),
            });
        }
    }
    let state = AppState::new(Arc::new(store), config.options)?;
    // The web UI's analyses and layout, computed in the background while clients connect.
    let warm = state.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = warm.site_blocking() {
            tracing::error!("the web UI's analyses failed: {e}");
        }
    });
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.bind,
            source,
        })?;
    let addr = listener.local_addr()?;
    eprintln!("dutygraph: SPARQL endpoint listening on http://{addr}/sparql");
    eprintln!("dutygraph: web UI on http://{addr}/");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    eprintln!("dutygraph: shut down");
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received, finishing open requests");
}
