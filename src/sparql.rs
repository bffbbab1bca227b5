//! SPARQL helpers shared by the CLI and the endpoint: parsing with dutygraph's prefixes,
//! initial bindings (`--bind VAR=TERM`), compact display of IRIs.

use std::time::Duration;

use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::SparqlEvaluator;
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;

use crate::error::{Error, Result};
use crate::vocab::{PREFIXES, xsd};

/// How long one SERVICE call may take, by default (the CLI).
pub const SERVICE_TIMEOUT: Duration = Duration::from_secs(60);

/// A SPARQL evaluator with dutygraph's prefixes predeclared. `SERVICE <http://…>` calls
/// other endpoints over plain HTTP (oxigraph's http-client: no TLS), each call bounded by
/// [`SERVICE_TIMEOUT`].
pub fn evaluator() -> SparqlEvaluator {
    federated_evaluator(Some(SERVICE_TIMEOUT))
}

/// A SPARQL evaluator with dutygraph's prefixes predeclared; with a timeout, SERVICE
/// calls go out over HTTP, each bounded by it; without, SERVICE is refused (an endpoint
/// that must not make requests of its own).
pub fn federated_evaluator(service_timeout: Option<Duration>) -> SparqlEvaluator {
    let mut evaluator = service_evaluator(service_timeout);
    for (prefix, iri) in PREFIXES {
        // The prefixes are constants with valid IRIs.
        if let Ok(e) = evaluator.clone().with_prefix(*prefix, *iri) {
            evaluator = e;
        }
    }
    evaluator
}

/// [`federated_evaluator`] without the prefixes, for queries parsed already (cloning it
/// per query then copies no prefix table).
pub fn service_evaluator(service_timeout: Option<Duration>) -> SparqlEvaluator {
    let evaluator = SparqlEvaluator::new();
    match service_timeout {
        Some(timeout) => evaluator.with_http_timeout(timeout),
        None => evaluator.without_default_http_service_handler(),
    }
}

/// Parses a query with dutygraph's prefixes predeclared.
pub fn parse_query(sparql: &str) -> Result<spargebra::Query> {
    let mut parser = spargebra::SparqlParser::new();
    for (prefix, iri) in PREFIXES {
        parser = parser
            .with_prefix(*prefix, *iri)
            .map_err(|e| Error::Usage(e.to_string()))?;
    }
    Ok(parser.parse_query(sparql)?)
}

/// Parses a query and applies initial bindings: the VAR=TERM pairs become a one-row
/// VALUES table joined into the first element of the query's WHERE group (below any
/// grouping), so that it constrains variables the query does not project and is seen by
/// the BINDs and FILTERs that follow (`BIND(COALESCE(?topic, …))` picks it up).
pub fn prepare(sparql: &str, bindings: &[(Variable, Term)]) -> Result<spargebra::Query> {
    let mut query = parse_query(sparql)?;
    if !bindings.is_empty() {
        let mut row = Vec::new();
        for (variable, term) in bindings {
            row.push(Some(match term {
                Term::NamedNode(n) => GroundTerm::NamedNode(n.clone()),
                Term::Literal(l) => GroundTerm::Literal(l.clone()),
                _ => {
                    return Err(Error::Binding {
                        given: variable.to_string(),
                        reason: "a blank node cannot be bound".into(),
                    });
                }
            }));
        }
        let values = GraphPattern::Values {
            variables: bindings.iter().map(|(v, _)| v.clone()).collect(),
            bindings: vec![row],
        };
        let pattern = match &mut query {
            spargebra::Query::Select { pattern, .. }
            | spargebra::Query::Construct { pattern, .. }
            | spargebra::Query::Describe { pattern, .. }
            | spargebra::Query::Ask { pattern, .. } => pattern,
        };
        let taken = std::mem::replace(
            pattern,
            GraphPattern::Bgp {
                patterns: Vec::new(),
            },
        );
        *pattern = bind(taken, values);
    }
    Ok(query)
}

/// Whether a Group lies under the solution modifiers and SELECT expressions.
fn has_group(pattern: &GraphPattern) -> bool {
    match pattern {
        GraphPattern::Group { .. } => true,
        GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::Filter { inner, .. } => has_group(inner),
        _ => false,
    }
}

/// Joins the bindings into the first element of the WHERE group, so that what follows
/// (BIND, FILTER, OPTIONAL) sees them, as pre-bound variables should be seen.
fn bind_first(pattern: GraphPattern, values: &GraphPattern) -> GraphPattern {
    match pattern {
        GraphPattern::Join { left, right } => GraphPattern::Join {
            left: Box::new(bind_first(*left, values)),
            right,
        },
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => GraphPattern::LeftJoin {
            left: Box::new(bind_first(*left, values)),
            right,
            expression,
        },
        GraphPattern::Minus { left, right } => GraphPattern::Minus {
            left: Box::new(bind_first(*left, values)),
            right,
        },
        GraphPattern::Lateral { left, right } => GraphPattern::Lateral {
            left: Box::new(bind_first(*left, values)),
            right,
        },
        GraphPattern::Union { left, right } => GraphPattern::Union {
            left: Box::new(bind_first(*left, values)),
            right: Box::new(bind_first(*right, values)),
        },
        GraphPattern::Filter { expr, inner } => GraphPattern::Filter {
            expr,
            inner: Box::new(bind_first(*inner, values)),
        },
        GraphPattern::Extend {
            inner,
            variable,
            expression,
        } => GraphPattern::Extend {
            inner: Box::new(bind_first(*inner, values)),
            variable,
            expression,
        },
        other => GraphPattern::Join {
            left: Box::new(values.clone()),
            right: Box::new(other),
        },
    }
}

fn bind(pattern: GraphPattern, values: GraphPattern) -> GraphPattern {
    let join = |inner: GraphPattern| bind_first(inner, &values);
    match pattern {
        GraphPattern::Project { inner, variables } => GraphPattern::Project {
            inner: Box::new(bind(*inner, values)),
            variables,
        },
        GraphPattern::Distinct { inner } => GraphPattern::Distinct {
            inner: Box::new(bind(*inner, values)),
        },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced {
            inner: Box::new(bind(*inner, values)),
        },
        GraphPattern::Slice {
            inner,
            start,
            length,
        } => GraphPattern::Slice {
            inner: Box::new(bind(*inner, values)),
            start,
            length,
        },
        GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy {
            inner: Box::new(bind(*inner, values)),
            expression,
        },
        // SELECT expressions and HAVING sit above the group: go through them to it.
        GraphPattern::Extend {
            inner,
            variable,
            expression,
        } if has_group(&inner) => GraphPattern::Extend {
            inner: Box::new(bind(*inner, values)),
            variable,
            expression,
        },
        GraphPattern::Filter { expr, inner } if has_group(&inner) => GraphPattern::Filter {
            expr,
            inner: Box::new(bind(*inner, values)),
        },
        GraphPattern::Group {
            inner,
            variables,
            aggregates,
        } => GraphPattern::Group {
            inner: Box::new(join(*inner)),
            variables,
            aggregates,
        },
        other => join(other),
    }
}

/// Parses `--bind VAR=TERM`. TERM is an IRI (`<…>`), a prefixed name (`dg:Lead`), an
/// N-Triples literal (`"危险化学品"@zh`), an integer, or bare words — taken as a `@zh`
/// literal when they hold Chinese, else as a plain string.
pub fn parse_binding(given: &str) -> Result<(Variable, Term)> {
    let fail = |reason: &str| Error::Binding {
        given: given.to_owned(),
        reason: reason.to_owned(),
    };
    let (name, value) = given
        .split_once('=')
        .ok_or_else(|| fail("expected VAR=TERM"))?;
    let name = name.trim().trim_start_matches(['?', '$']);
    let variable = Variable::new(name).map_err(|e| fail(&e.to_string()))?;
    let value = value.trim();
    let term = if value.starts_with('<') || value.starts_with('"') {
        value.parse::<Term>().map_err(|e| fail(&e.to_string()))?
    } else if let Ok(n) = value.parse::<i64>() {
        Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into()
    } else if let Some((prefix, local)) = value.split_once(':')
        && let Some((_, ns)) = PREFIXES.iter().find(|(p, _)| *p == prefix)
    {
        NamedNode::new(format!("{ns}{local}"))
            .map_err(|e| fail(&e.to_string()))?
            .into()
    } else if value
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        Literal::new_language_tagged_literal_unchecked(value, "zh").into()
    } else {
        Literal::new_simple_literal(value).into()
    };
    Ok((variable, term))
}

/// An IRI shortened with a known prefix, for display to people.
pub fn compact_iri(iri: &str) -> Option<String> {
    PREFIXES
        .iter()
        .filter(|(_, ns)| iri.starts_with(ns) && iri.len() > ns.len())
        .max_by_key(|(_, ns)| ns.len())
        .map(|(prefix, ns)| format!("{prefix}:{}", &iri[ns.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings() {
        let (v, t) = parse_binding("topic=危险化学品").unwrap();
        assert_eq!(v.as_str(), "topic");
        assert_eq!(t.to_string(), "\"危险化学品\"@zh");
        assert_eq!(
            parse_binding("?n=10").unwrap().1.to_string(),
            "\"10\"^^<http://www.w3.org/2001/XMLSchema#integer>"
        );
        assert_eq!(
            parse_binding("m=dg:Lead").unwrap().1.to_string(),
            "<https://w3id.org/dutygraph/ns#Lead>"
        );
        assert!(parse_binding("novalue").is_err());
    }
}
