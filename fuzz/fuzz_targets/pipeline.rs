//! The whole pipeline: bytes → `read::read` (the format sniffed from the content) → the
//! model → RDF quads.
#![no_main]

use dutygraph::extract::Taxonomy;
use dutygraph::store::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let limits = dutygraph_fuzz::limits();
    let Ok(source) = Source::from_bytes("fuzz", "fuzz".to_owned(), bytes, &limits) else {
        return;
    };
    if let Ok(model) = source.model(Taxonomy::builtin()) {
        let quads = dutygraph::rdf::quads(&model);
        assert!(!quads.is_empty(), "a model with no quads");
    }
});
