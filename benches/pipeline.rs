//! Parse + extract + load of the reference list (target: ≤ 10 ms in release).
//!
//! Run: `cargo bench --bench pipeline`. Figures are recorded in docs/benchmarks.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

// As in the binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use dutygraph::extract::{Taxonomy, extract};
use dutygraph::store::{DEFAULT_LIST, DutyStore, Source};
use dutygraph::{doc, rdf};

fn pipeline(c: &mut Criterion) {
    let taxonomy = Taxonomy::builtin();
    c.bench_function("parse", |b| {
        b.iter(|| doc::parse("weidu", "weidu-2022-draft", black_box(DEFAULT_LIST)).unwrap())
    });
    let document = doc::parse("weidu", "weidu-2022-draft", DEFAULT_LIST).unwrap();
    c.bench_function("extract", |b| {
        b.iter(|| extract(black_box(document.clone()), taxonomy.clone()))
    });
    let model = extract(document, taxonomy.clone());
    c.bench_function("rdf", |b| b.iter(|| rdf::quads(black_box(&model))));
    // What every command does on start: a store with the ontology and taxonomy, then the list.
    c.bench_function("parse+extract+load (whole store)", |b| {
        b.iter(|| DutyStore::load(black_box(&[Source::embedded()])).unwrap())
    });
    // The list alone, into a store that already holds the ontology and taxonomy.
    c.bench_function("parse+extract+load (the list)", |b| {
        b.iter_batched(
            || DutyStore::new().unwrap(),
            |mut store| {
                let model = Source::embedded().model(taxonomy.clone()).unwrap();
                store.add(&model).unwrap();
                store
            },
            criterion::BatchSize::SmallInput,
        )
    });
    // The load step alone: the extracted list written into that store.
    let model = Source::embedded().model(taxonomy.clone()).unwrap();
    c.bench_function("load (the list, extracted)", |b| {
        b.iter_batched(
            || DutyStore::new().unwrap(),
            |mut store| {
                store.add(black_box(&model)).unwrap();
                store
            },
            criterion::BatchSize::SmallInput,
        )
    });
    // What `query`, `report` and `graph` load instead (src/frozen.rs): the same, as a
    // read-only snapshot with the vocabularies.
    c.bench_function("parse+extract+load (snapshot, whole)", |b| {
        b.iter(|| DutyStore::load_frozen(black_box(&[Source::embedded()])).unwrap())
    });
    let twenty: Vec<Source> = (0..20)
        .map(|i| dutygraph::synth::list(1, i).unwrap().into_source())
        .collect();
    c.bench_function("parse+extract+load (snapshot, 20 synthetic lists)", |b| {
        b.iter(|| DutyStore::load_frozen(black_box(&twenty)).unwrap())
    });
    c.bench_function("parse+extract+load (store, 20 synthetic lists)", |b| {
        b.iter(|| DutyStore::load(black_box(&twenty)).unwrap())
    });
    // oxigraph's part of the load step: the same quads, already generated,
    // into an empty store.
    let quads = rdf::quads(&model);
    c.bench_function("insert (the list's quads, empty store)", |b| {
        b.iter_batched(
            || oxigraph::store::Store::new().unwrap(),
            |store| {
                let mut transaction = store.start_transaction().unwrap();
                for quad in &quads {
                    transaction.insert(quad);
                }
                transaction.commit().unwrap();
                store
            },
            criterion::BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
