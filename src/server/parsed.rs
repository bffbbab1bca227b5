//! The queries parsed lately, kept by their text and base IRI: the web UI, dashboards and
//! client loops send the same few texts again and again, and parsing one (with the
//! predeclared prefixes copied into the parser) cost about a tenth of a small query's time.
//! A clone of the parsed query is a fraction of that.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::{Mutex, PoisonError};

use spargebra::Query;

/// How many parsed queries are kept (a direct-mapped table: a new text replaces the one in
/// its slot).
const SLOTS: usize = 64;

/// Longer texts are parsed every time: the table's memory stays small.
const MAX_TEXT_BYTES: usize = 16 * 1024;

pub(crate) struct ParsedQueries {
    hasher: RandomState,
    slots: Box<[Mutex<Option<Entry>>]>,
}

struct Entry {
    hash: u64,
    text: String,
    base: Option<String>,
    query: Query,
}

impl Default for ParsedQueries {
    fn default() -> Self {
        ParsedQueries {
            hasher: RandomState::new(),
            slots: (0..SLOTS).map(|_| Mutex::new(None)).collect(),
        }
    }
}

impl ParsedQueries {
    /// The query of `text` under `base`: a copy of the one kept, or `parse`d (and kept
    /// when it parses).
    pub(crate) fn get_or_parse<E>(
        &self,
        text: &str,
        base: Option<&str>,
        parse: impl FnOnce() -> Result<Query, E>,
    ) -> Result<Query, E> {
        if text.len() > MAX_TEXT_BYTES {
            return parse();
        }
        let hash = self.hasher.hash_one((text, base));
        let slot = &self.slots[(hash as usize) % SLOTS];
        {
            let kept = slot.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(entry) = kept.as_ref()
                && entry.hash == hash
                && entry.text == text
                && entry.base.as_deref() == base
            {
                return Ok(entry.query.clone());
            }
        }
        let query = parse()?;
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(Entry {
            hash,
            text: text.to_owned(),
            base: base.map(str::to_owned),
            query: query.clone(),
        });
        Ok(query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spargebra::SparqlParser;

    fn parse(text: &str, base: Option<&str>) -> Result<Query, spargebra::SparqlSyntaxError> {
        let mut parser = SparqlParser::new();
        if let Some(base) = base {
            parser = parser.with_base_iri(base).unwrap();
        }
        parser.parse_query(text)
    }

    #[test]
    fn a_kept_query_is_the_parsed_one_and_the_base_counts() {
        let kept = ParsedQueries::default();
        let text = "SELECT ?s WHERE { ?s <p> ?o }";
        let mut parses = 0;
        for base in [
            Some("http://a.example/sparql"),
            Some("http://a.example/sparql"),
        ] {
            let query = kept
                .get_or_parse(text, base, || {
                    parses += 1;
                    parse(text, base)
                })
                .unwrap();
            assert_eq!(query, parse(text, base).unwrap());
        }
        assert_eq!(parses, 1, "the second request reused the first parse");
        // Another base resolves <p> elsewhere: parsed again, not the kept copy.
        let other = Some("http://b.example/sparql");
        let query = kept
            .get_or_parse(text, other, || {
                parses += 1;
                parse(text, other)
            })
            .unwrap();
        assert_eq!(parses, 2);
        assert!(query.to_string().contains("http://b.example/p"), "{query}");
    }

    #[test]
    fn syntax_errors_are_not_kept() {
        let kept = ParsedQueries::default();
        for _ in 0..2 {
            let mut parsed = false;
            let result = kept.get_or_parse("SELECT WHERE", None, || {
                parsed = true;
                parse("SELECT WHERE", None)
            });
            assert!(result.is_err());
            assert!(parsed);
        }
    }
}
