//! Errors that reach the user, each naming what failed and where.

use oxigraph::sparql::{QueryEvaluationError, SparqlSyntaxError};
use oxigraph::store::StorageError;

use crate::doc::ParseError;
use crate::extract::topics::TaxonomyError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Parse(#[from] ParseError),
    #[error(transparent)]
    Read(#[from] crate::read::ReadError),
    /// No duty and no body found: what the document looked like.
    #[error("{0}")]
    NotAList(String),
    #[error(transparent)]
    Taxonomy(#[from] TaxonomyError),
    #[error("{context}: invalid RDF: {message}")]
    Rdf { context: String, message: String },
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
    #[error("{dir}: cannot open the store: {message}")]
    Store { dir: String, message: String },
    #[error("SPARQL syntax error: {0}")]
    QuerySyntax(#[from] SparqlSyntaxError),
    #[error("query evaluation failed: {0}")]
    QueryEvaluation(#[from] QueryEvaluationError),
    #[error("--bind {given:?}: {reason}")]
    Binding { given: String, reason: String },
    #[error("{0}")]
    Usage(String),
    #[error("analysis query {query}: {message}")]
    Analysis { query: String, message: String },
    #[error("rendering {format}: {message}")]
    Render { format: String, message: String },
}

impl Error {
    /// A query of an analysis returned something it cannot use.
    pub fn analysis(query: &str, message: impl Into<String>) -> Self {
        Error::Analysis {
            query: query.to_owned(),
            message: message.into(),
        }
    }

    /// A renderer failed (CSV, XLSX writers).
    pub fn render(format: &str, message: impl std::fmt::Display) -> Self {
        Error::Render {
            format: format.to_owned(),
            message: message.to_string(),
        }
    }

    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The process exit code: 2 for a query the user must fix, 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::QuerySyntax(_) | Error::Binding { .. } | Error::Usage(_) => 2,
            // A format that must be converted first: the user has to act, as for a usage error.
            Error::Read(e) if e.failure.is_conversion_advice() => 2,
            _ => 1,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
