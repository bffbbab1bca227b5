//! The web UI of `dutygraph serve` (网页界面): server-rendered HTML, a little vanilla
//! JavaScript, every asset embedded in the binary (no CDN: it works offline).
//!
//! | path | page |
//! |---|---|
//! | `/` | dashboard: counts, overlap and gap headlines, the network (filter by relation and topic) |
//! | `/bodies`, `/body/{list}/{key}` | the bodies; one body's duties with source text, clauses, modes, topics and counterparts |
//! | `/topics`, `/topic/{slug}` | the topics; who leads, guides, cooperates on one, with overlap and gap flags |
//! | `/reports`, `/reports/{kind}` | the analyses' reports (`?format=md|json|csv|xlsx` to download) |
//! | `/editor` | a SPARQL editor over `/sparql`: the cookbook's examples, results table, CSV/JSON, shareable URL |
//! | `/graph.svg`, `/graph.dot`, `/graph.json` | the network picture, with `relations`, `topic`, `body`, `parties` |
//! | `/assets/…` | CSS, JavaScript, icon |
//!
//! Chinese first: `?lang=en` switches to English and is remembered in a cookie (`dg_lang`).
//! The dashboard's analyses and the laid-out network ([`Site`]) are computed once, when the
//! server starts; body pages query the store (documented queries in `queries/ui-*.rq`), so
//! they show the graph as it is, updates included.

mod assets;
mod body;
mod dashboard;
mod editor;
mod page;
mod reports;
mod topic;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::analysis::network::NetworkReport;
use crate::analysis::{self, Analyses, Context, Lang, int, select};
use crate::error::{Error, Result};
use crate::graph::{self, DutyTopics, Filter, Picture, svg};
use crate::store::DutyStore;
use page::{Nav, Page};

pub use editor::EXAMPLES;

/// The documented queries behind the pages.
pub mod queries {
    pub const COUNTS: &str = include_str!("../../queries/ui-counts.rq");
    pub const BODY_CLAUSES: &str = include_str!("../../queries/ui-body-clauses.rq");
    pub const BODY_TOPICS: &str = include_str!("../../queries/ui-body-topics.rq");
    pub const BODY_RELATIONS: &str = include_str!("../../queries/ui-body-relations.rq");
    pub const BODY_MENTIONS: &str = include_str!("../../queries/ui-body-mentions.rq");
}

/// How much the graph holds (`queries/ui-counts.rq`).
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub lists: u32,
    pub bodies: u32,
    pub duties: u32,
    pub clauses: u32,
    pub relations: u32,
    pub topics: u32,
    pub parties: u32,
}

impl Counts {
    pub fn load(store: &DutyStore) -> Result<Self> {
        let q = "ui-counts.rq";
        let rows = select(store, q, queries::COUNTS)?;
        let row = rows.first().ok_or_else(|| Error::analysis(q, "no row"))?;
        let n = |var: &str| int(row, var).unwrap_or(0);
        Ok(Counts {
            lists: n("lists"),
            bodies: n("bodies"),
            duties: n("duties"),
            clauses: n("clauses"),
            relations: n("relations"),
            topics: n("topics"),
            parties: n("parties"),
        })
    }
}

/// What the UI computes once: the analyses, the whole network laid out in both languages.
pub struct Site {
    pub context: Context,
    pub analyses: Analyses,
    pub duty_topics: DutyTopics,
    pub counts: Counts,
    pub picture: Picture,
    laid_zh: svg::Laid,
    laid_en: svg::Laid,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("title", &self.analyses.title)
            .field("nodes", &self.picture.nodes.len())
            .field("edges", &self.picture.edges.len())
            .finish()
    }
}

impl Site {
    /// Runs the analyses and lays out the network.
    pub fn build(store: &DutyStore) -> Result<Self> {
        let context = Context::load(store)?;
        let analyses =
            analysis::analyse_with(store, &context, crate::report::Kind::ALL.report().reads())?;
        let duty_topics = DutyTopics::load(store)?;
        let counts = Counts::load(store)?;
        let picture = graph::build(
            &context,
            network(&analyses)?,
            &duty_topics,
            &Filter::default(),
        )?;
        let laid_zh = svg::Laid::new(&picture, Lang::Zh)?;
        let laid_en = svg::Laid::new(&picture, Lang::En)?;
        Ok(Site {
            context,
            analyses,
            duty_topics,
            counts,
            picture,
            laid_zh,
            laid_en,
        })
    }

    /// The whole network laid out in a language.
    pub fn laid(&self, lang: Lang) -> &svg::Laid {
        match lang {
            Lang::Zh => &self.laid_zh,
            Lang::En => &self.laid_en,
        }
    }

    /// A narrower picture (a topic's, a body's), laid out anew.
    pub fn picture(&self, filter: &Filter) -> Result<Picture> {
        graph::build(
            &self.context,
            network(&self.analyses)?,
            &self.duty_topics,
            filter,
        )
    }

    /// A narrower picture and its SVG, to show inline with its ids under `id_prefix`.
    pub(crate) fn draw(
        &self,
        filter: &Filter,
        lang: Lang,
        id_prefix: &str,
    ) -> Result<(Picture, String)> {
        let picture = self.picture(filter)?;
        let svg = svg::render(&picture, &svg_options(lang, id_prefix, false))?;
        Ok((picture, svg))
    }
}

/// The network analysis, which the pictures are drawn from.
fn network(analyses: &Analyses) -> Result<&NetworkReport> {
    analyses
        .network
        .as_ref()
        .ok_or_else(|| Error::analysis("network", "the network analysis did not run"))
}

/// How the UI writes its pictures: bodies linked to their pages on this site.
pub(crate) fn svg_options(lang: Lang, id_prefix: &str, standalone: bool) -> svg::Options {
    svg::Options {
        lang,
        link_base: Some(String::new()),
        standalone,
        id_prefix: id_prefix.to_owned(),
    }
}

/// The web UI's state: the store it shows, and what it computes once from it (the
/// analyses and the laid-out network), shared by every request.
#[derive(Clone)]
pub struct UiState {
    store: Arc<DutyStore>,
    site: Arc<OnceLock<std::result::Result<Arc<Site>, String>>>,
}

impl UiState {
    pub fn new(store: Arc<DutyStore>) -> Self {
        UiState {
            store,
            site: Arc::new(OnceLock::new()),
        }
    }

    pub fn store(&self) -> &Arc<DutyStore> {
        &self.store
    }

    /// The UI's data, computed on first use (blocking: call from a blocking thread).
    pub fn site_blocking(&self) -> std::result::Result<Arc<Site>, String> {
        self.site
            .get_or_init(|| {
                Site::build(&self.store)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    }

    /// The UI's data, once computed.
    fn site_ready(&self) -> Option<std::result::Result<Arc<Site>, String>> {
        self.site.get().cloned()
    }
}

/// The UI's pages, with their state (merged with the endpoint's by [`crate::app`]).
pub fn routes(state: UiState) -> Router {
    Router::new()
        .route("/", get(dashboard::page))
        .route("/bodies", get(body::index))
        .route("/body/{*rest}", get(body::page))
        .route("/topics", get(topic::index))
        .route("/topic/{*rest}", get(topic::page))
        .route("/reports", get(reports::index))
        .route("/reports/{kind}", get(reports::page))
        .route("/editor", get(editor::page))
        .route("/graph.svg", get(graph_svg))
        .route("/graph.dot", get(graph_dot))
        .route("/graph.json", get(graph_json))
        .route("/assets/{name}", get(assets::get))
        .with_state(state)
}

// ---------------------------------------------------------------------------------------
// Request helpers

/// The query parameters of a request, each name with all its values.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params(BTreeMap<String, Vec<String>>);

impl Params {
    pub(crate) fn of(uri: &axum::http::Uri) -> Self {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
            map.entry(k.into_owned()).or_default().push(v.into_owned());
        }
        Params(map)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub(crate) fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0
            .get(name)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// What a request of the UI asks for: its query parameters, its language and its address
/// (for the language switch). Every handler of the UI starts from one.
pub(crate) struct PageRequest {
    pub(crate) params: Params,
    pub(crate) lang: Lang,
    /// The language given in the URL, to remember in the cookie.
    remember: Option<Lang>,
    pub(crate) uri: Uri,
}

impl<S: Send + Sync> FromRequestParts<S> for PageRequest {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> std::result::Result<Self, Self::Rejection> {
        let params = Params::of(&parts.uri);
        let (lang, remember) = language(&params, &parts.headers);
        Ok(PageRequest {
            params,
            lang,
            remember,
            uri: parts.uri.clone(),
        })
    }
}

impl PageRequest {
    /// The page in the chrome, as a 200 response remembering a language given in the URL.
    pub(crate) fn page(&self, title: &str, nav: Nav, body: maud::Markup) -> Response {
        let page = Page {
            lang: self.lang,
            title,
            nav,
            here: &self.uri,
            body,
        };
        html(StatusCode::OK, page.render(), self.remember)
    }

    /// An error page in the request's language.
    pub(crate) fn error(&self, status: StatusCode, message: &str) -> Response {
        page::error(self.lang, status, message)
    }

    /// The error page of a failure: 400 for a usage error, else 500.
    pub(crate) fn failed(&self, e: &Error) -> Response {
        let status = match e {
            Error::Usage(_) => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        self.error(status, &e.to_string())
    }

    /// The site data, computed once; on failure, the error page.
    pub(crate) async fn site(&self, state: &UiState) -> std::result::Result<Arc<Site>, Response> {
        let result = match state.site_ready() {
            Some(result) => result,
            None => {
                let state = state.clone();
                tokio::task::spawn_blocking(move || state.site_blocking())
                    .await
                    .unwrap_or_else(|e| Err(e.to_string()))
            }
        };
        result.map_err(|message| {
            self.error(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("分析失败 / the analyses failed: {message}"),
            )
        })
    }
}

/// The language of a request: `?lang=` first, then the `dg_lang` cookie, else Chinese.
/// The second value is the language given in the URL, to remember in the cookie.
fn language(params: &Params, headers: &HeaderMap) -> (Lang, Option<Lang>) {
    let parse = |v: &str| match v.trim() {
        "en" => Some(Lang::En),
        "zh" | "zh-CN" => Some(Lang::Zh),
        _ => None,
    };
    if let Some(lang) = params.get("lang").and_then(parse) {
        return (lang, Some(lang));
    }
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix("dg_lang="))
        .find_map(parse);
    (cookie.unwrap_or_default(), None)
}

/// An HTML response, remembering a language given in the URL.
fn html(status: StatusCode, body: String, remember: Option<Lang>) -> Response {
    let mut response = (status, axum::response::Html(body)).into_response();
    if let Some(lang) = remember {
        let value = match lang {
            Lang::Zh => "dg_lang=zh; Path=/; Max-Age=31536000; SameSite=Lax",
            Lang::En => "dg_lang=en; Path=/; Max-Age=31536000; SameSite=Lax",
        };
        response
            .headers_mut()
            .insert(header::SET_COOKIE, HeaderValue::from_static(value));
    }
    response
}

/// Runs blocking work (a query, a layout) off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(Error::render("page", e)))
}

/// The picture filter of a request: `relations` (comma-separated or repeated, also `rel`),
/// `topic`, `body`, `parties` (grouped, each, hidden).
pub(crate) fn filter_of(params: &Params) -> Result<Filter> {
    let relations: Vec<&str> = params.all("relations").chain(params.all("rel")).collect();
    Ok(Filter {
        relations: if relations.is_empty() {
            None
        } else {
            Some(graph::parse_relations(&relations.join(","))?)
        },
        topic: params.get("topic").map(str::to_owned),
        body: params.get("body").map(str::to_owned),
        parties: match params.get("parties") {
            None | Some("grouped") => graph::Parties::Grouped,
            Some("each") => graph::Parties::Each,
            Some("hidden") => graph::Parties::Hidden,
            Some(other) => {
                return Err(Error::Usage(format!(
                    "parties={other}: use grouped, each or hidden"
                )));
            }
        },
    })
}

enum GraphFormat {
    Svg,
    Dot,
    Json,
}

/// What a UI handler returns: the page, or the error page.
type Reply = std::result::Result<Response, Response>;

async fn graph_svg(state: State<UiState>, asked: PageRequest) -> Reply {
    graph_file(state, asked, GraphFormat::Svg).await
}

async fn graph_dot(state: State<UiState>, asked: PageRequest) -> Reply {
    graph_file(state, asked, GraphFormat::Dot).await
}

async fn graph_json(state: State<UiState>, asked: PageRequest) -> Reply {
    graph_file(state, asked, GraphFormat::Json).await
}

/// `/graph.svg` and friends: the whole network (laid out once) or a filtered one.
async fn graph_file(
    State(state): State<UiState>,
    asked: PageRequest,
    format: GraphFormat,
) -> Reply {
    let lang = asked.lang;
    let site = asked.site(&state).await?;
    let filter = filter_of(&asked.params)
        .map_err(|e| asked.error(StatusCode::BAD_REQUEST, &e.to_string()))?;
    let (content_type, body) = blocking(move || -> Result<(&'static str, Vec<u8>)> {
        let options = svg_options(lang, "dg-", true);
        let whole = !filter.is_narrowed() && filter.parties == graph::Parties::Grouped;
        Ok(match format {
            GraphFormat::Svg if whole => (
                "image/svg+xml",
                site.laid(lang)
                    .write(&options, &svg::Highlight::default())
                    .into_bytes(),
            ),
            GraphFormat::Svg => (
                "image/svg+xml",
                svg::render(&site.picture(&filter)?, &options)?.into_bytes(),
            ),
            GraphFormat::Dot => (
                "text/vnd.graphviz; charset=utf-8",
                graph::dot::render(&site.picture(&filter)?, lang, Some("")).into_bytes(),
            ),
            GraphFormat::Json => ("application/json", graph::json(&site.picture(&filter)?)?),
        })
    })
    .await
    .map_err(|e| asked.failed(&e))?;
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response())
}
