//! Helpers for the endpoint tests: the application built in-process and driven with
//! `tower::ServiceExt::oneshot`, no socket involved.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use dutygraph::app;
use dutygraph::server::{self, AppState, Options};
use dutygraph::store::DutyStore;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The embedded reference list, loaded once per test binary and shared (read-only).
pub fn reference() -> Arc<DutyStore> {
    static STORE: OnceLock<Arc<DutyStore>> = OnceLock::new();
    STORE
        .get_or_init(|| Arc::new(DutyStore::load_default().expect("the reference list loads")))
        .clone()
}

/// The application (endpoint and web UI) over the reference list.
pub fn app(options: Options) -> Router {
    app_with(reference(), options)
}

pub fn app_with(store: Arc<DutyStore>, options: Options) -> Router {
    app::over(store, options).expect("valid options")
}

/// The SPARQL endpoint alone, without the web UI, over the reference list.
pub fn endpoint(options: Options) -> Router {
    endpoint_with(reference(), options)
}

pub fn endpoint_with(store: Arc<DutyStore>, options: Options) -> Router {
    server::router(AppState::new(store, options).expect("valid options"))
}

/// A response, its body read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap())
            .unwrap_or_default()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The values of one variable in a SPARQL JSON result, in order.
    pub fn column(&self, variable: &str) -> Vec<String> {
        self.json()["results"]["bindings"]
            .as_array()
            .unwrap_or_else(|| panic!("not a SELECT result: {}", self.text()))
            .iter()
            .map(|b| b[variable]["value"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// The answer of an ASK in SPARQL JSON.
    pub fn boolean(&self) -> bool {
        self.json()["boolean"]
            .as_bool()
            .unwrap_or_else(|| panic!("not an ASK result: {}", self.text()))
    }

    /// Asserts the status, showing the body when it differs.
    pub fn expect(self, status: StatusCode) -> Self {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        self
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("the body is read")
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

/// Percent-encodes a parameter value.
pub fn enc(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `/sparql?name=value&…`, each value percent-encoded, the parameters in order.
pub fn sparql_path(params: &[(&str, &str)]) -> String {
    let params: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{name}={}", enc(value)))
        .collect();
    format!("/sparql?{}", params.join("&"))
}

/// `GET /sparql?query=…`
pub fn get_query(query: &str) -> Request<Body> {
    get(&format!("/sparql?query={}", enc(query)))
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, "dutygraph.test")
        .body(Body::empty())
        .unwrap()
}

pub fn post(uri: &str, content_type: Option<&str>, body: impl Into<Body>) -> Request<Body> {
    let mut request = Request::post(uri).header(header::HOST, "dutygraph.test");
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    request.body(body.into()).unwrap()
}

/// Adds a header to a request.
pub fn with(mut request: Request<Body>, name: &str, value: &str) -> Request<Body> {
    request.headers_mut().insert(
        header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
        value.parse().unwrap(),
    );
    request
}
