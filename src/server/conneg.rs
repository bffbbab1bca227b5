//! Content negotiation: picks a result format from the `Accept` header, with q-values.
//!
//! Each offered format gets the q-value of the most specific media range that matches it
//! (`type/subtype` > `type/*` > `*/*`, RFC 9110 §12.5.1); `q=0` means "not acceptable".
//! The format with the highest q wins; ties go to the more specific range, then to the
//! range listed first, then to the server's order. Exact ranges are recognised by
//! oxigraph's own media-type parsers, so their aliases (`application/json`, `text/xml`…)
//! work as in oxigraph.

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

use super::error::ApiError;

/// A format the endpoint can write, with the media type it answers with.
pub trait Negotiable: Copy + PartialEq {
    /// The media type without parameters, e.g. `text/turtle`.
    fn essence(self) -> &'static str;
    /// The `Content-Type` to answer with (with `charset` for `text/*`).
    fn content_type(self) -> &'static str;
    /// Recognises a concrete media type (with its aliases).
    fn from_media_type(media_type: &str) -> Option<Self>;
}

impl Negotiable for QueryResultsFormat {
    fn essence(self) -> &'static str {
        match self {
            QueryResultsFormat::Json => "application/sparql-results+json",
            QueryResultsFormat::Xml => "application/sparql-results+xml",
            QueryResultsFormat::Csv => "text/csv",
            QueryResultsFormat::Tsv => "text/tab-separated-values",
            _ => "application/octet-stream",
        }
    }

    fn content_type(self) -> &'static str {
        // oxigraph's media types; CSV and TSV already carry `charset=utf-8`.
        self.media_type()
    }

    fn from_media_type(media_type: &str) -> Option<Self> {
        QueryResultsFormat::from_media_type(media_type)
    }
}

/// The graph formats the endpoint writes.
pub const GRAPH_FORMATS: [RdfFormat; 5] = [
    RdfFormat::Turtle,
    RdfFormat::NTriples,
    RdfFormat::NQuads,
    RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    },
    RdfFormat::RdfXml,
];

/// The solution formats the endpoint writes (JSON first: the default).
pub const SOLUTION_FORMATS: [QueryResultsFormat; 4] = [
    QueryResultsFormat::Json,
    QueryResultsFormat::Xml,
    QueryResultsFormat::Csv,
    QueryResultsFormat::Tsv,
];

impl Negotiable for RdfFormat {
    fn essence(self) -> &'static str {
        match self {
            RdfFormat::JsonLd { .. } => "application/ld+json",
            other => other.media_type(),
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            RdfFormat::Turtle => "text/turtle; charset=utf-8",
            RdfFormat::N3 => "text/n3; charset=utf-8",
            RdfFormat::JsonLd { .. } => "application/ld+json",
            other => other.media_type(),
        }
    }

    fn from_media_type(media_type: &str) -> Option<Self> {
        // Any JSON-LD profile asked for is answered with plain JSON-LD.
        RdfFormat::from_media_type(media_type).map(|format| match format {
            RdfFormat::JsonLd { .. } => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            other => other,
        })
    }
}

/// One media range of an `Accept` header.
struct Range<'a> {
    /// The range with its parameters but without `q` and what follows it.
    media_type: &'a str,
    kind: &'a str,
    subtype: &'a str,
    q: f32,
}

fn parse_accept(header: &str) -> Vec<Range<'_>> {
    let mut ranges = Vec::new();
    for item in header.split(',') {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        // Parameters before `q` belong to the media type; `q` and what follows are
        // accept parameters.
        let mut q = 1.0_f32;
        let mut end = item.len();
        let mut offset = 0_usize;
        for (i, part) in item.split(';').enumerate() {
            if i > 0
                && let Some((name, value)) = part.split_once('=')
                && name.trim().eq_ignore_ascii_case("q")
            {
                q = value.trim().parse::<f32>().unwrap_or(0.0).clamp(0.0, 1.0);
                end = offset.saturating_sub(1);
                break;
            }
            offset += part.len() + 1;
        }
        let media_type = item[..end.min(item.len())].trim();
        let essence = media_type.split(';').next().unwrap_or_default().trim();
        let Some((kind, subtype)) = essence.split_once('/') else {
            continue;
        };
        ranges.push(Range {
            media_type,
            kind: kind.trim(),
            subtype: subtype.trim(),
            q,
        });
    }
    ranges
}

/// Picks the format to answer with. `accept` is the raw header (absent: the first offered
/// format). Fails with 406 when nothing offered is acceptable.
pub fn negotiate<F: Negotiable>(accept: Option<&str>, offered: &[F]) -> Result<F, ApiError> {
    let not_acceptable = || ApiError::NotAcceptable {
        available: offered
            .iter()
            .map(|f| f.essence())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let accept = accept.map(str::trim).unwrap_or_default();
    if accept.is_empty() {
        return offered.first().copied().ok_or_else(not_acceptable);
    }
    let ranges = parse_accept(accept);
    // (q, specificity, -index of range, -index of format)
    let mut best: Option<(F, (f32, u8, isize, isize))> = None;
    for (format_index, format) in offered.iter().enumerate() {
        let (format_kind, _) = format.essence().split_once('/').unwrap_or(("", ""));
        // The most specific matching range decides this format's q.
        let mut matched: Option<(u8, f32, usize)> = None;
        for (range_index, range) in ranges.iter().enumerate() {
            let specificity = if range.kind == "*" && range.subtype == "*" {
                0
            } else if range.subtype == "*" {
                if !range.kind.eq_ignore_ascii_case(format_kind) {
                    continue;
                }
                1
            } else if F::from_media_type(range.media_type) == Some(*format) {
                2
            } else {
                continue;
            };
            if matched.is_none_or(|(s, _, _)| specificity > s) {
                matched = Some((specificity, range.q, range_index));
            }
        }
        let Some((specificity, q, range_index)) = matched else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        let key = (
            q,
            specificity,
            -(range_index as isize),
            -(format_index as isize),
        );
        if best.as_ref().is_none_or(|(_, k)| key > *k) {
            best = Some((*format, key));
        }
    }
    best.map(|(format, _)| format).ok_or_else(not_acceptable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(accept: &str) -> Option<QueryResultsFormat> {
        negotiate(Some(accept), &SOLUTION_FORMATS).ok()
    }

    fn graph(accept: &str) -> Option<RdfFormat> {
        negotiate(Some(accept), &GRAPH_FORMATS).ok()
    }

    #[test]
    fn defaults_and_wildcards() {
        assert_eq!(
            negotiate(None, &SOLUTION_FORMATS).ok(),
            Some(QueryResultsFormat::Json)
        );
        assert_eq!(results("*/*"), Some(QueryResultsFormat::Json));
        assert_eq!(results("text/*"), Some(QueryResultsFormat::Csv));
        assert_eq!(graph("*/*"), Some(RdfFormat::Turtle));
        assert_eq!(graph("application/*"), Some(RdfFormat::NTriples));
    }

    #[test]
    fn q_values_decide() {
        assert_eq!(
            results("application/sparql-results+json;q=0.5, text/csv"),
            Some(QueryResultsFormat::Csv)
        );
        assert_eq!(
            results("text/csv;q=0.2, application/sparql-results+xml;q=0.9, */*;q=0.1"),
            Some(QueryResultsFormat::Xml)
        );
        // q=0 excludes a format even when a wildcard would admit it.
        assert_eq!(
            results("application/sparql-results+json;q=0, */*"),
            Some(QueryResultsFormat::Xml)
        );
        // An explicit type beats a wildcard of the same q.
        assert_eq!(results("*/*, text/csv"), Some(QueryResultsFormat::Csv));
        // Equal q and specificity: the client's order.
        assert_eq!(
            results("text/tab-separated-values, text/csv"),
            Some(QueryResultsFormat::Tsv)
        );
    }

    #[test]
    fn parameters_and_aliases() {
        assert_eq!(
            results("application/sparql-results+json;charset=utf-8"),
            Some(QueryResultsFormat::Json)
        );
        assert_eq!(results("application/json"), Some(QueryResultsFormat::Json));
        assert_eq!(
            graph("application/ld+json;profile=\"http://www.w3.org/ns/json-ld#expanded\""),
            Some(RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty()
            })
        );
        assert_eq!(
            graph("text/turtle;q=0.3, application/rdf+xml;q=0.8"),
            Some(RdfFormat::RdfXml)
        );
    }

    #[test]
    fn nothing_acceptable() {
        assert_eq!(results("image/png"), None);
        assert_eq!(results("application/sparql-results+json;q=0"), None);
        assert_eq!(graph("application/sparql-results+json"), None);
        let error = negotiate(Some("image/png"), &GRAPH_FORMATS).unwrap_err();
        assert_eq!(error.status(), axum::http::StatusCode::NOT_ACCEPTABLE);
        assert!(error.to_string().contains("text/turtle"), "{error}");
    }
}
