//! Errors the endpoint answers with: each a status code and a short plain-text message,
//! Chinese first, then English.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oxigraph::sparql::SparqlSyntaxError;

/// `Content-Type` of every plain-text response.
pub(crate) const TEXT_PLAIN: &str = "text/plain; charset=utf-8";

/// Why a request failed. The `Display` text is the response body.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The query or update does not parse (400); the message names line and column.
    #[error("查询语法错误 / SPARQL syntax error: {}", short(.0))]
    Syntax(#[source] SparqlSyntaxError),
    /// A malformed request: missing or repeated parameter, bad IRI, body not UTF-8… (400).
    #[error("请求有误 / bad request: {0}")]
    BadRequest(String),
    /// An update while the endpoint is read-only (403).
    #[error(
        "只读端点，不接受 SPARQL 更新 / this endpoint is read-only: SPARQL Update is refused \
         (start `dutygraph serve` with --update-token TOKEN to accept updates)"
    )]
    ReadOnly,
    /// An update without the right `Authorization: Bearer TOKEN` (401).
    #[error(
        "需要有效的更新令牌 / a valid update token is required: send `Authorization: Bearer TOKEN` \
         with the token given to --update-token"
    )]
    Unauthorized,
    /// No such route or graph (404).
    #[error("未找到 / not found: {0}")]
    NotFound(String),
    /// The method is not supported on this path (405); `allow` lists the ones that are.
    #[error("不支持的请求方法 / method not allowed: use {allow}")]
    MethodNotAllowed { allow: &'static str },
    /// Nothing in `Accept` can be produced (406).
    #[error(
        "无法提供所请求的格式 / not acceptable: none of the media types in Accept can be produced; available: {available}"
    )]
    NotAcceptable { available: String },
    /// The request body is over the limit (413).
    #[error("请求体过大 / request body too large: the limit is {limit} bytes (--max-body-bytes)")]
    PayloadTooLarge { limit: usize },
    /// Unsupported `Content-Type` (415).
    #[error("不支持的内容类型 / unsupported media type: {0}")]
    UnsupportedMediaType(String),
    /// The result has more rows (or triples) than allowed (422).
    #[error(
        "结果行数超过上限 / too many results: more than {limit} rows (--max-rows); \
         add LIMIT or narrow the query"
    )]
    TooManyRows { limit: usize },
    /// The deadline passed (503); the evaluation was cancelled.
    #[error(
        "查询超时，已取消 / query timed out after {} s and was cancelled (--timeout)",
        .timeout.as_secs_f64()
    )]
    Timeout { timeout: Duration },
    /// The process's memory in use passed `--max-memory` while the query ran (503); the
    /// evaluation was cancelled.
    #[error(
        "查询占用内存过多，已取消 / query cancelled: the endpoint's memory in use passed {} \
         (--max-memory); narrow the query (a product of patterns, ORDER BY or GROUP BY over \
         many rows)",
        human_bytes(*.limit)
    )]
    MemoryLimit { limit: usize },
    /// An update passed its deadline and was rolled back (503).
    #[error(
        "更新超时，已回滚 / update timed out after {} s and was rolled back (--timeout)",
        .timeout.as_secs_f64()
    )]
    UpdateTimeout { timeout: Duration },
    /// The evaluator refused the query or update (400): unsupported SERVICE, missing graph…
    #[error("无法执行 / cannot evaluate: {0}")]
    Evaluation(String),
    /// Anything else (500).
    #[error("服务器内部错误 / internal server error: {0}")]
    Internal(String),
}

/// The parser's message, cut after its first line or 200 characters: it starts with the
/// place (`error at LINE:COLUMN: expected …`), and the list of expected tokens can be long.
fn short(error: &SparqlSyntaxError) -> String {
    const MAX: usize = 200;
    let message = error.to_string();
    let first_line = message.lines().next().unwrap_or_default();
    if first_line.len() == message.len() && message.chars().count() <= MAX {
        return message;
    }
    let cut: String = first_line.chars().take(MAX).collect();
    format!("{} …", cut.trim_end())
}

/// A byte count as people read it: `512 MiB`, `1.5 GiB`.
pub fn human_bytes(bytes: usize) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let mib = bytes as f64 / MIB;
    if mib >= 1024.0 {
        format!("{:.1} GiB", mib / 1024.0)
    } else {
        format!("{mib:.0} MiB")
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Syntax(_) | ApiError::BadRequest(_) | ApiError::Evaluation(_) => {
                StatusCode::BAD_REQUEST
            }
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::ReadOnly => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooManyRows { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Timeout { .. }
            | ApiError::UpdateTimeout { .. }
            | ApiError::MemoryLimit { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError::BadRequest(message.into())
    }

    pub(crate) fn internal(error: impl std::fmt::Display) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(TEXT_PLAIN))],
            format!("{self}\n"),
        )
            .into_response();
        match &self {
            ApiError::MethodNotAllowed { allow } => {
                response
                    .headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static(allow));
            }
            ApiError::Unauthorized => {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"dutygraph\""),
                );
            }
            _ => {}
        }
        response
    }
}
