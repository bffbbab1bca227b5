//! The integration tests, in one binary (one link instead of one per file): each module is
//! a former `tests/NAME.rs`, run alone with `cargo test --test it NAME::`. The on-disk
//! store's tests (tests/ingest_disk.rs, feature `rocksdb`) stay in their own binary, so that
//! only they are built with RocksDB.

mod common;
mod http_common;

#[cfg(feature = "web")]
mod browser;
mod cli;
mod compare;
mod diff;
mod federation;
mod formats;
mod frozen;
mod fuzz_regressions;
mod genre;
mod graph;
mod ingest;
mod layouts;
mod lint;
mod queries;
mod readme;
mod real_server;
mod reference_list;
mod relations;
mod report_queries;
mod reports;
mod robustness;
mod role_matching;
mod server;
mod synth;
mod vendored_store;
mod w3c_protocol;
#[cfg(feature = "web")]
mod web;
