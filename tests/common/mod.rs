//! Helpers shared by the integration tests: the reference list loaded once, and SPARQL
//! answers as plain strings.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use std::sync::OnceLock;

use dutygraph::store::DutyStore;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

/// The embedded reference list, loaded once per test binary.
pub fn reference() -> &'static DutyStore {
    static STORE: OnceLock<DutyStore> = OnceLock::new();
    STORE.get_or_init(|| DutyStore::load_default().expect("the reference list loads"))
}

/// A term as plain text: IRIs without brackets, literals by value.
pub fn text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

/// Runs a SELECT and returns its rows as strings, in the query's order.
pub fn select(store: &DutyStore, query: &str) -> Vec<Vec<String>> {
    match store.query(query, &[]).expect("the query runs") {
        QueryResults::Solutions(solutions) => solutions
            .map(|s| {
                s.expect("a solution")
                    .values()
                    .iter()
                    .map(|v| v.as_ref().map(text).unwrap_or_default())
                    .collect()
            })
            .collect(),
        _ => panic!("not a SELECT"),
    }
}

/// Runs a SELECT with one variable and returns its values.
pub fn column(store: &DutyStore, query: &str) -> Vec<String> {
    select(store, query)
        .into_iter()
        .map(|mut r| r.remove(0))
        .collect()
}

/// Runs an ASK.
pub fn ask(store: &DutyStore, query: &str) -> bool {
    match store.query(query, &[]).expect("the query runs") {
        QueryResults::Boolean(b) => b,
        _ => panic!("not an ASK"),
    }
}
