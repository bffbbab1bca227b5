//! The in-memory store after the ways dutygraph writes to it: these tests load, replace,
//! update and roll back real lists and check that every index still agrees with the full
//! scan: oxigraph's own `validate` walks every chain, and each pattern lookup must count what
//! a scan counts. (Written for a patch of oxigraph's insert, dropped since: vendor/README.md.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use dutygraph::extract::{Model, Taxonomy};
use dutygraph::store::{DutyStore, Source};
use dutygraph::synth;
use oxigraph::model::{GraphNameRef, NamedNode, Quad, Term};
use oxigraph::store::Store;

/// Every quad counted by subject, predicate, object and graph: by scanning, then by the
/// store's index for each of those terms.
fn assert_indexes_agree(store: &Store) {
    store.validate().unwrap();
    let quads: Vec<Quad> = store.iter().map(Result::unwrap).collect();
    assert_eq!(quads.len(), store.len().unwrap());
    let mut by_subject = HashMap::new();
    let mut by_predicate = HashMap::new();
    let mut by_object = HashMap::new();
    let mut by_graph = HashMap::new();
    for quad in &quads {
        *by_subject.entry(quad.subject.clone()).or_insert(0) += 1;
        *by_predicate.entry(quad.predicate.clone()).or_insert(0) += 1;
        *by_object.entry(quad.object.clone()).or_insert(0) += 1;
        *by_graph.entry(quad.graph_name.clone()).or_insert(0) += 1;
    }
    for (subject, count) in by_subject {
        let indexed = store.quads_for_pattern(Some(subject.as_ref()), None, None, None);
        assert_eq!(indexed.count(), count, "subject {subject}");
    }
    for (predicate, count) in by_predicate {
        let indexed = store.quads_for_pattern(None, Some(predicate.as_ref()), None, None);
        assert_eq!(indexed.count(), count, "predicate {predicate}");
    }
    for (object, count) in by_object {
        let indexed = store.quads_for_pattern(None, None, Some(object.as_ref()), None);
        assert_eq!(indexed.count(), count, "object {object}");
    }
    for (graph, count) in by_graph {
        let indexed = store.quads_for_pattern(None, None, None, Some(graph.as_ref()));
        assert_eq!(indexed.count(), count, "graph {graph}");
    }
}

fn synthetic(seed: u64, index: usize) -> Model {
    let source = synth::list(seed, index).unwrap().into_source();
    source.model(Taxonomy::builtin()).unwrap()
}

#[test]
fn loading_replacing_and_updating_lists_keeps_every_index_consistent() {
    let mut store = DutyStore::load(&[Source::embedded()]).unwrap();
    assert_indexes_agree(store.store().unwrap());
    let reference_quads = store.store().unwrap().len().unwrap();

    let first = synthetic(5, 0);
    let second = synthetic(5, 1);
    store.add(&first).unwrap();
    store.add(&second).unwrap();
    assert_indexes_agree(store.store().unwrap());
    let with_three = store.store().unwrap().len().unwrap();
    assert!(with_three > reference_quads);

    // Re-adding a list clears its graph and inserts quads that are still in the store
    // (removed in the same transaction): the path where an insert finds its node.
    store.add(&first).unwrap();
    assert_eq!(store.store().unwrap().len().unwrap(), with_three);
    assert_indexes_agree(store.store().unwrap());

    store
        .store()
        .unwrap()
        .update(
            "PREFIX dg: <https://w3id.org/dutygraph/ns#>
             DELETE { GRAPH ?g { ?clause dg:mode ?mode } }
             INSERT { GRAPH ?g { ?clause dg:mode dg:Support } }
             WHERE { GRAPH ?g { ?clause dg:mode ?mode FILTER(?mode = dg:Lead) } }",
        )
        .unwrap();
    assert_indexes_agree(store.store().unwrap());
    // A clause has one mode: the update replaced quads, it neither added nor lost any.
    assert_eq!(store.store().unwrap().len().unwrap(), with_three);
    let mode = NamedNode::new("https://w3id.org/dutygraph/ns#mode").unwrap();
    let lead = Term::from(NamedNode::new("https://w3id.org/dutygraph/ns#Lead").unwrap());
    let leads = store
        .store()
        .unwrap()
        .quads_for_pattern(None, Some(mode.as_ref()), Some(lead.as_ref()), None)
        .count();
    assert_eq!(leads, 0, "every Lead clause was rewritten");
}

#[test]
fn a_transaction_rolled_back_leaves_the_store_and_its_indexes_as_they_were() {
    let store = DutyStore::load(&[Source::embedded()]).unwrap();
    let oxigraph = store.store().unwrap();
    let before: Vec<Quad> = oxigraph.iter().map(Result::unwrap).collect();

    let graph = NamedNode::new("https://example.org/rolled-back").unwrap();
    {
        let mut transaction = oxigraph.start_transaction().unwrap();
        for quad in &before {
            // The same subjects, predicates and objects in a new graph: every chain's head
            // moves, and must move back.
            transaction.insert(oxigraph::model::QuadRef::new(
                quad.subject.as_ref(),
                quad.predicate.as_ref(),
                quad.object.as_ref(),
                GraphNameRef::NamedNode(graph.as_ref()),
            ));
        }
        // Dropped without commit.
    }
    assert_eq!(oxigraph.len().unwrap(), before.len());
    assert!(!oxigraph.contains_named_graph(graph.as_ref()).unwrap());
    assert_indexes_agree(oxigraph);
}
