//! The read-only snapshot (src/frozen.rs) against oxrdf's `Dataset`, which spareval can
//! query as it is (`QueryableDataset` for `&Dataset`): is a storage structure of our own
//! worth keeping? (issue 16)
//!
//! For the reference list and for 20 synthetic lists, the same quads: the time to build
//! each from them, and the time of every report query (`queries/report-*.rq`, what `report
//! all` reads) evaluated on each through the same evaluator, over the union graph as
//! `DutyStore::query` does.
//!
//! Run: `cargo bench --bench snapshot_vs_dataset`. Figures are in docs/benchmarks.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

// As in the binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use dutygraph::frozen::{FrozenBuilder, FrozenView};
use dutygraph::sparql;
use dutygraph::store::{DutyStore, Source};
use oxigraph::model::{Dataset, Quad};
use oxigraph::sparql::QueryResults;
use spareval::QueryableDataset;

/// The report queries, by file name.
fn report_queries() -> Vec<(String, spargebra::Query)> {
    let mut queries: Vec<(String, spargebra::Query)> = std::fs::read_dir("queries")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("report-") && n.ends_with(".rq"))
        })
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, sparql::prepare(&text, &[]).unwrap())
        })
        .collect();
    queries.sort_by(|a, b| a.0.cmp(&b.0));
    queries
}

/// Evaluates `query` on `dataset` over the union graph and counts the answers.
fn run<'a, D: QueryableDataset<'a>>(query: &spargebra::Query, dataset: D) -> usize {
    let mut prepared = sparql::evaluator().for_query(query.clone());
    prepared.dataset_mut().set_default_graph_as_union();
    match prepared.on_queryable_dataset(dataset).execute().unwrap() {
        QueryResults::Solutions(solutions) => solutions.fold(0, |n, s| n + usize::from(s.is_ok())),
        QueryResults::Boolean(_) => 1,
        QueryResults::Graph(triples) => triples.fold(0, |n, t| n + usize::from(t.is_ok())),
    }
}

fn frozen(quads: &[Quad]) -> FrozenView {
    let mut builder = FrozenBuilder::with_capacity(quads.len(), quads.len() / 4);
    for quad in quads {
        builder.insert(quad.as_ref());
    }
    FrozenView(std::sync::Arc::new(builder.build()))
}

fn compare(c: &mut Criterion, name: &str, sources: &[Source]) {
    let quads = DutyStore::load_frozen(sources)
        .unwrap()
        .sorted_quads(false)
        .unwrap();
    let queries = report_queries();
    let mut group = c.benchmark_group(format!("{name} ({} quads)", quads.len()));
    group.sample_size(20);
    group.bench_function("build: snapshot", |b| b.iter(|| frozen(black_box(&quads))));
    group.bench_function("build: oxrdf Dataset", |b| {
        b.iter(|| {
            black_box(&quads)
                .iter()
                .map(Quad::as_ref)
                .collect::<Dataset>()
        })
    });
    let snapshot = frozen(&quads);
    let dataset: Dataset = quads.iter().map(Quad::as_ref).collect();
    // The same answers from both, or the comparison means nothing.
    for (file, query) in &queries {
        assert_eq!(
            run(query, snapshot.clone()),
            run(query, &dataset),
            "{file}: different answer counts"
        );
    }
    group.bench_function("report queries: snapshot", |b| {
        b.iter(|| {
            queries
                .iter()
                .map(|(_, q)| run(q, snapshot.clone()))
                .sum::<usize>()
        })
    });
    group.bench_function("report queries: oxrdf Dataset", |b| {
        b.iter(|| queries.iter().map(|(_, q)| run(q, &dataset)).sum::<usize>())
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    compare(c, "reference list", &[Source::embedded()]);
    let twenty: Vec<Source> = (0..20)
        .map(|i| dutygraph::synth::list(1, i).unwrap().into_source())
        .collect();
    compare(c, "20 synthetic lists", &twenty);
}

criterion_group!(snapshot_vs_dataset, benches);
criterion_main!(snapshot_vs_dataset);
