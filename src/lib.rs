//! dutygraph: a Chinese work-safety responsibility list (安全生产职责清单) as an RDF
//! knowledge graph.
//!
//! The pipeline flows one way: [`doc`] (text → Document) → [`extract`] (Document → Model)
//! → [`rdf`] (Model → quads) → [`store`] (oxigraph) → SPARQL ([`results`]) and
//! [`analysis`] (overlaps, gaps, network, lint, matrix, read from the store) → [`report`]
//! (Markdown, JSON, HTML, CSV, XLSX) and [`graph`] (pictures of the network: DOT, SVG,
//! JSON); [`server`] answers SPARQL over HTTP and [`web`] is the web UI, composed side by
//! side by [`app`]. No module imports one that imports it back (checked by a unit test).

#[cfg(test)]
mod architecture;

pub mod analysis;
pub mod app;
pub mod catalogue;
pub mod diff;
pub mod doc;
pub mod error;
pub mod extract;
pub mod frozen;
pub mod graph;
pub mod ingest;
pub mod inspect;
pub mod matching;
pub mod rdf;
pub mod read;
pub mod report;
pub mod results;
pub mod server;
pub mod sparql;
pub mod store;
pub mod synth;
pub mod vocab;
#[cfg(feature = "web")]
pub mod web;
