//! The SPARQL 1.1 Protocol: reading the operation from a request, evaluating it within the
//! limits, and writing the results with oxigraph's serializers.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, QueryDataset, QueryEvaluationError, QueryResults, UpdateEvaluationError,
};

use super::conneg::{GRAPH_FORMATS, Negotiable, SOLUTION_FORMATS, negotiate};
use super::error::ApiError;
use super::limits::Guard;
use super::{AppState, service_description};
use crate::store::DutyStore;

/// The parameters of a request (URL query, and form body when there is one), in order.
#[derive(Debug, Default)]
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn from_url(uri: &Uri) -> Self {
        Self::parse(uri.query().unwrap_or_default().as_bytes())
    }

    fn parse(data: &[u8]) -> Self {
        Params(
            form_urlencoded::parse(data)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// Adds the parameters of a form body; a name may not be in both the URL and the body.
    fn merge_body(&mut self, body: Params) -> Result<(), ApiError> {
        for (key, _) in &body.0 {
            if self.contains(key) {
                return Err(ApiError::bad_request(format!(
                    "参数 {key} 不能同时出现在 URL 和请求体中 / parameter '{key}' is given both in \
                     the URL and in the body"
                )));
            }
        }
        self.0.extend(body.0);
        Ok(())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn contains(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    pub(crate) fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of a parameter that may be given at most once.
    pub(crate) fn single(&self, key: &str) -> Result<Option<&str>, ApiError> {
        match self.all(key).as_slice() {
            [] => Ok(None),
            [value] => Ok(Some(value)),
            _ => Err(ApiError::bad_request(format!(
                "参数 {key} 只能给出一次 / parameter '{key}' must be given at most once"
            ))),
        }
    }
}

/// What the handlers need from the request's headers.
pub(crate) struct RequestInfo {
    /// The request URL without its query: the base IRI of queries and updates, and the
    /// endpoint IRI of the service description.
    pub(crate) base: Option<String>,
    accept: Option<String>,
    authorization: Option<String>,
}

impl RequestInfo {
    pub(crate) fn new(uri: &Uri, headers: &HeaderMap) -> Result<Self, ApiError> {
        let accept = headers
            .get_all(header::ACCEPT)
            .iter()
            .map(|v| {
                v.to_str().map_err(|_| {
                    ApiError::bad_request("Accept 头必须是 ASCII / the Accept header must be ASCII")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let accept = (!accept.is_empty()).then(|| accept.join(","));
        let host = uri.authority().map(|a| a.as_str().to_owned()).or_else(|| {
            headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_owned)
        });
        let base = host.map(|host| {
            format!(
                "{}://{host}{}",
                uri.scheme_str().unwrap_or("http"),
                uri.path()
            )
        });
        Ok(RequestInfo {
            base,
            accept,
            authorization: headers
                .get(header::AUTHORIZATION)
                .and_then(|h| h.to_str().ok())
                .map(str::to_owned),
        })
    }

    pub(crate) fn accept(&self) -> Option<&str> {
        self.accept.as_deref()
    }
}

/// `GET /sparql?query=…` (or the service description without a query).
pub(crate) async fn sparql_get(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let info = RequestInfo::new(&uri, &headers)?;
    let params = Params::from_url(&uri);
    if params.contains("update") {
        if !state.updates_enabled() {
            return Err(ApiError::ReadOnly);
        }
        return Err(ApiError::bad_request(
            "SPARQL 更新必须用 POST 发送 / a SPARQL Update must be sent with POST",
        ));
    }
    match params.single("query")? {
        Some(query) => {
            let query = query.to_owned();
            run_query(&state, &info, query, &params).await
        }
        None if params.is_empty() => service_description::response(&state, &info),
        None => Err(ApiError::bad_request(
            "缺少 query 参数 / missing the 'query' parameter",
        )),
    }
}

/// `POST /sparql` with `application/sparql-query`, `application/sparql-update` or a form.
pub(crate) async fn sparql_post(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let info = RequestInfo::new(&uri, &headers)?;
    let mut params = Params::from_url(&uri);
    match content_type(&headers)?.as_str() {
        "application/sparql-query" => {
            if params.contains("query") {
                return Err(ApiError::bad_request(
                    "查询已在请求体中，URL 中不能再有 query / the query is in the body: the URL \
                     must not have a 'query' parameter too",
                ));
            }
            let query = utf8(body)?;
            run_query(&state, &info, query, &params).await
        }
        "application/sparql-update" => {
            authorize(&state, &info)?;
            if params.contains("update") {
                return Err(ApiError::bad_request(
                    "更新已在请求体中，URL 中不能再有 update / the update is in the body: the \
                     URL must not have an 'update' parameter too",
                ));
            }
            let update = utf8(body)?;
            run_update(&state, &info, update, &params).await
        }
        "application/x-www-form-urlencoded" => {
            params.merge_body(Params::parse(&body))?;
            match (params.single("query")?, params.single("update")?) {
                (Some(_), Some(_)) => Err(ApiError::bad_request(
                    "query 与 update 不能同时给出 / 'query' and 'update' cannot both be given",
                )),
                (Some(query), None) => {
                    let query = query.to_owned();
                    run_query(&state, &info, query, &params).await
                }
                (None, Some(update)) => {
                    authorize(&state, &info)?;
                    let update = update.to_owned();
                    run_update(&state, &info, update, &params).await
                }
                (None, None) => Err(ApiError::bad_request(
                    "缺少 query 或 update 参数 / missing the 'query' or 'update' parameter",
                )),
            }
        }
        other => Err(ApiError::UnsupportedMediaType(format!(
            "{other}; 请使用 / use application/sparql-query, application/sparql-update or \
             application/x-www-form-urlencoded"
        ))),
    }
}

/// The request's media type, lower-cased, without parameters. Missing → 415; a charset
/// other than UTF-8 → 415.
fn content_type(headers: &HeaderMap) -> Result<String, ApiError> {
    let value = headers
        .get(header::CONTENT_TYPE)
        .ok_or_else(|| {
            ApiError::UnsupportedMediaType(
                "缺少 Content-Type / no Content-Type: use application/sparql-query, \
                 application/sparql-update or application/x-www-form-urlencoded"
                    .into(),
            )
        })?
        .to_str()
        .map_err(|_| ApiError::UnsupportedMediaType("Content-Type is not ASCII".into()))?;
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    for parameter in parts {
        if let Some((name, charset)) = parameter.split_once('=')
            && name.trim().eq_ignore_ascii_case("charset")
        {
            let charset = charset.trim().trim_matches('"');
            if !charset.eq_ignore_ascii_case("utf-8") && !charset.eq_ignore_ascii_case("utf8") {
                return Err(ApiError::UnsupportedMediaType(format!(
                    "charset={charset}: 只接受 UTF-8 / only UTF-8 is accepted"
                )));
            }
        }
    }
    Ok(essence)
}

fn utf8(body: Bytes) -> Result<String, ApiError> {
    String::from_utf8(body.to_vec()).map_err(|e| {
        ApiError::bad_request(format!("请求体不是 UTF-8 / the body is not UTF-8: {e}"))
    })
}

/// Graphs named by the protocol (`default-graph-uri`/`named-graph-uri`, or the `using-`
/// pair for updates). `None` when neither is given.
struct DatasetParams {
    default: Vec<GraphName>,
    named: Vec<NamedOrBlankNode>,
}

impl DatasetParams {
    fn from(params: &Params, default: &str, named: &str) -> Result<Option<Self>, ApiError> {
        let iri = |value: &str| {
            NamedNode::new(value).map_err(|e| {
                ApiError::bad_request(format!(
                    "{default}/{named}: <{value}> 不是 IRI / is not an IRI: {e}"
                ))
            })
        };
        let default = params
            .all(default)
            .into_iter()
            .map(|v| iri(v).map(GraphName::from))
            .collect::<Result<Vec<_>, _>>()?;
        let named = params
            .all(named)
            .into_iter()
            .map(|v| iri(v).map(NamedOrBlankNode::from))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((!default.is_empty() || !named.is_empty()).then_some(DatasetParams { default, named }))
    }

    fn apply(&self, dataset: &mut QueryDataset) {
        dataset.set_default_graph(self.default.clone());
        dataset.set_available_named_graphs(self.named.clone());
    }
}

/// How a query's results are written.
#[derive(Clone, Copy)]
enum Output {
    Results(QueryResultsFormat),
    Graph(RdfFormat),
}

async fn run_query(
    state: &AppState,
    info: &RequestInfo,
    text: String,
    params: &Params,
) -> Result<Response, ApiError> {
    let dataset = DatasetParams::from(params, "default-graph-uri", "named-graph-uri")?;
    let parsed = state
        .parsed_queries()
        .get_or_parse(&text, info.base.as_deref(), || {
            let mut parser = state.parser().clone();
            if let Some(base) = &info.base {
                parser = parser
                    .with_base_iri(base.as_str())
                    .unwrap_or_else(|_| state.parser().clone());
            }
            parser.parse_query(&text)
        });
    let query = match parsed {
        Ok(query) => query,
        Err(error) => {
            return Err(misdirected_update(state, info, &text).unwrap_or(ApiError::Syntax(error)));
        }
    };
    let output = match &query {
        spargebra::Query::Select { .. } | spargebra::Query::Ask { .. } => {
            Output::Results(negotiate(info.accept(), &SOLUTION_FORMATS)?)
        }
        spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. } => {
            Output::Graph(negotiate(info.accept(), &GRAPH_FORMATS)?)
        }
    };
    // A federated query waits on other servers: never on the thread that reads requests.
    let calls_out = !state.options().no_service && mentions_service(&text);
    let cost_key = (!calls_out).then(|| {
        state.runner().cost_key((
            &text,
            params.all("default-graph-uri"),
            params.all("named-graph-uri"),
        ))
    });
    let for_work = state.clone();
    let (body, evaluated) = state
        .runner()
        .run_query(cost_key, move |guard| {
            let state = &for_work;
            let mut prepared = state
                .query_evaluator()
                .clone()
                .with_cancellation_token(guard.token())
                .for_query(query.clone());
            match &dataset {
                // The protocol's dataset replaces the query's FROM/FROM NAMED.
                Some(dataset) => dataset.apply(prepared.dataset_mut()),
                // Neither: the default graph is the union of all graphs, as in the CLI.
                None if prepared.dataset().is_default_dataset() => {
                    prepared.dataset_mut().set_default_graph_as_union();
                }
                None => {}
            }
            let results = prepared
                .on_store(state.store().store().map_err(ApiError::internal)?)
                .execute()
                .map_err(|e| query_error(e, guard))?;
            write_results(results, output, guard)
        })
        .await;
    let content_type = match output {
        Output::Results(format) => format.content_type(),
        Output::Graph(format) => format.content_type(),
    };
    let mut response = match body {
        Ok(body) => negotiated(content_type, body),
        Err(error) => error.into_response(),
    };
    response.extensions_mut().insert(evaluated);
    Ok(response)
}

/// Whether a query may call SERVICE (the keyword anywhere, even in a string or a
/// comment: a false alarm only costs the inline attempt).
fn mentions_service(text: &str) -> bool {
    text.as_bytes()
        .windows(b"service".len())
        .any(|w| w.eq_ignore_ascii_case(b"service"))
}

/// A text sent as a query that is really an update: refused as such (403 when read-only).
fn misdirected_update(state: &AppState, info: &RequestInfo, text: &str) -> Option<ApiError> {
    let mut evaluator = state.evaluator().clone();
    if let Some(base) = &info.base {
        evaluator = evaluator.with_base_iri(base.as_str()).ok()?;
    }
    let _update = evaluator.parse_update(text).ok()?;
    Some(if state.updates_enabled() {
        ApiError::bad_request(
            "这是 SPARQL 更新，请用 update= 参数或 application/sparql-update 发送 / this is a SPARQL \
             Update: send it as 'update=' or with Content-Type application/sparql-update",
        )
    } else {
        ApiError::ReadOnly
    })
}

fn query_error(error: QueryEvaluationError, guard: &Guard) -> ApiError {
    match error {
        QueryEvaluationError::Cancelled => guard.timeout_error(),
        QueryEvaluationError::Dataset(e) | QueryEvaluationError::Unexpected(e) => {
            ApiError::internal(e)
        }
        other => ApiError::Evaluation(other.to_string()),
    }
}

/// Serialises results, counting rows against the cap and checking the deadline on each.
fn write_results(
    results: QueryResults<'_>,
    output: Output,
    guard: &mut Guard,
) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    match (results, output) {
        (QueryResults::Solutions(solutions), Output::Results(format)) => {
            let mut serializer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut body, solutions.variables().to_vec())
                .map_err(ApiError::internal)?;
            for solution in solutions {
                let solution = solution.map_err(|e| query_error(e, guard))?;
                guard.row()?;
                serializer
                    .serialize(&solution)
                    .map_err(ApiError::internal)?;
            }
            serializer.finish().map_err(ApiError::internal)?;
        }
        (QueryResults::Boolean(value), Output::Results(format)) => {
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(&mut body, value)
                .map_err(ApiError::internal)?;
        }
        (QueryResults::Graph(triples), Output::Graph(format)) => {
            let mut writer = graph_serializer(format).for_writer(&mut body);
            for triple in triples {
                let triple = triple.map_err(|e| query_error(e, guard))?;
                guard.row()?;
                writer
                    .serialize_triple(&triple)
                    .map_err(ApiError::internal)?;
            }
            writer.finish().map_err(ApiError::internal)?;
        }
        _ => {
            return Err(ApiError::internal(
                "the query form does not match the negotiated format",
            ));
        }
    }
    Ok(body)
}

/// An RDF serializer; Turtle gets dutygraph's prefixes, as in `dutygraph export`.
pub(crate) fn graph_serializer(format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    if format == RdfFormat::Turtle {
        for (prefix, iri) in crate::vocab::turtle_prefixes() {
            serializer = match serializer.clone().with_prefix(*prefix, *iri) {
                Ok(s) => s,
                Err(_) => serializer,
            };
        }
    }
    serializer
}

/// A negotiated response: its `Content-Type`, and `Vary: Accept`.
pub(crate) fn negotiated(content_type: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::VARY, HeaderValue::from_static("accept")),
        ],
        body,
    )
        .into_response()
}

/// Updates need `--update-token` (else 403) and the matching bearer token (else 401).
fn authorize(state: &AppState, info: &RequestInfo) -> Result<(), ApiError> {
    let Some(expected) = &state.options().update_token else {
        return Err(ApiError::ReadOnly);
    };
    let given = info
        .authorization
        .as_deref()
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    match given {
        Some(token) if constant_time_eq(token.as_bytes(), expected.as_bytes()) => Ok(()),
        _ => Err(ApiError::Unauthorized),
    }
}

/// Compares secrets without an early exit that would leak how much of them matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut difference = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        let y = b.get(i % b.len().max(1)).copied().unwrap_or(0);
        difference |= usize::from(x ^ y);
    }
    difference == 0
}

async fn run_update(
    state: &AppState,
    info: &RequestInfo,
    text: String,
    params: &Params,
) -> Result<Response, ApiError> {
    let using = DatasetParams::from(params, "using-graph-uri", "using-named-graph-uri")?;
    let mut evaluator = state.evaluator().clone();
    if let Some(base) = &info.base
        && let Ok(with_base) = evaluator.clone().with_base_iri(base.as_str())
    {
        evaluator = with_base;
    }
    let store = state.store().clone();
    state
        .runner()
        .run_update(move |token| apply_update(&store, evaluator, &text, using, token))
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}

/// Parses and applies an update in one transaction: all of it or nothing.
fn apply_update(
    store: &DutyStore,
    evaluator: oxigraph::sparql::SparqlEvaluator,
    text: &str,
    using: Option<DatasetParams>,
    token: CancellationToken,
) -> Result<(), ApiError> {
    let mut prepared = evaluator
        .with_cancellation_token(token)
        .parse_update(text)
        .map_err(ApiError::Syntax)?;
    for dataset in prepared.using_datasets_mut() {
        match &using {
            Some(_) if !dataset.is_default_dataset() => {
                return Err(ApiError::bad_request(
                    "using-graph-uri/using-named-graph-uri 不能与 USING/WITH 同用 / \
                     using-graph-uri and using-named-graph-uri cannot be combined with \
                     USING or WITH in the update",
                ));
            }
            Some(using) => using.apply(dataset),
            // As for queries, WHERE sees the union of all graphs by default.
            None if dataset.is_default_dataset() => dataset.set_default_graph_as_union(),
            None => {}
        }
    }
    prepared
        .on_store(store.store().map_err(ApiError::internal)?)
        .execute()
        .map_err(|error| match error {
            UpdateEvaluationError::Storage(e) => ApiError::internal(e),
            UpdateEvaluationError::Unexpected(e) => ApiError::internal(e),
            other => ApiError::Evaluation(other.to_string()),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_exactly() {
        assert!(constant_time_eq(b"s3cret", b"s3cret"));
        assert!(!constant_time_eq(b"s3cret", b"s3cres"));
        assert!(!constant_time_eq(b"s3cre", b"s3cret"));
        assert!(!constant_time_eq(b"s3crett", b"s3cret"));
        assert!(!constant_time_eq(b"", b"s3cret"));
    }

    #[test]
    fn parameters() {
        let uri: Uri = "/sparql?query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fa&default-graph-uri=http%3A%2F%2Fb"
            .parse()
            .unwrap();
        let params = Params::from_url(&uri);
        assert_eq!(params.single("query").unwrap(), Some("ASK {}"));
        assert_eq!(params.all("default-graph-uri"), ["http://a", "http://b"]);
        assert!(params.single("default-graph-uri").is_err());
    }
}
