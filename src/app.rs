//! The application of `dutygraph serve`: the SPARQL endpoint ([`crate::server`]) and the
//! web UI ([`crate::web`]) side by side, each with its own state, under the endpoint's
//! limits, CORS and request log; and the server that runs it.
//!
//! | path | what |
//! |---|---|
//! | `/sparql`, `/query`, `/store`, `/health` | the endpoint ([`crate::server`]) |
//! | `/`, `/bodies`, `/body/…`, `/topics`, `/topic/…`, `/reports…`, `/editor`, `/graph.*`, `/assets/…` | the web UI ([`crate::web`]) |

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;

use crate::server::{self, AppState, Options, ServeError, human_bytes};
use crate::store::{DutyStore, Source};
#[cfg(feature = "web")]
use crate::web::UiState as Ui;

/// Without the web UI: no pages beside the endpoint.
#[cfg(not(feature = "web"))]
#[derive(Clone)]
struct Ui;

#[cfg(not(feature = "web"))]
impl Ui {
    fn new(_: Arc<DutyStore>) -> Self {
        Ui
    }

    fn site_blocking(&self) -> Result<(), String> {
        Ok(())
    }
}

/// The UI's routes.
fn ui_routes(ui: Ui) -> Router {
    #[cfg(feature = "web")]
    return crate::web::routes(ui);
    #[cfg(not(feature = "web"))]
    {
        let Ui = ui;
        Router::new()
    }
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

/// The endpoint's routes and the UI's, wrapped by the endpoint ([`server::wrap`]).
fn router(endpoint: AppState, ui: Ui) -> Router {
    let routes = server::routes(endpoint.clone()).merge(ui_routes(ui));
    server::wrap(routes, &endpoint)
}

/// The whole application over one store (what the tests drive in-process).
pub fn over(store: Arc<DutyStore>, options: Options) -> Result<Router, ServeError> {
    Ok(router(
        AppState::new(store.clone(), options)?,
        Ui::new(store),
    ))
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
                in_use: human_bytes(in_use),
                limit: human_bytes(memory.max_bytes),
            });
        }
    }
    let store = Arc::new(store);
    let ui = Ui::new(store.clone());
    // The web UI's analyses and layout, computed in the background while clients connect.
    let warm = ui.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = warm.site_blocking() {
            tracing::error!("the web UI's analyses failed: {e}");
        }
    });
    let app = router(AppState::new(store, config.options)?, ui);
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.bind,
            source,
        })?;
    let addr = listener.local_addr()?;
    eprintln!("dutygraph: SPARQL endpoint listening on http://{addr}/sparql");
    if cfg!(feature = "web") {
        eprintln!("dutygraph: web UI on http://{addr}/");
    }
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
