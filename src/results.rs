//! Writing SPARQL results: the W3C formats through oxigraph's serializers, graphs through
//! its RDF serializers, and an aligned table for people.

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use unicode_width::UnicodeWidthStr;

use crate::error::{Error, Result};
use crate::sparql::compact_iri;

/// How to print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Aligned columns, IRIs shortened with the usual prefixes.
    Table,
    /// A W3C SPARQL results format (JSON, XML, CSV, TSV).
    Results(QueryResultsFormat),
    /// An RDF format, for CONSTRUCT and DESCRIBE.
    Graph(RdfFormat),
}

fn io(e: std::io::Error) -> Error {
    Error::io("output", e)
}

/// Writes query results in the format asked for. Graph results asked for in a solutions
/// format are written as Turtle.
pub fn write(results: QueryResults<'_>, format: OutputFormat, mut out: impl Write) -> Result<()> {
    match results {
        QueryResults::Solutions(solutions) => match format {
            OutputFormat::Results(f) => {
                let mut serializer = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())
                    .map_err(io)?;
                for solution in solutions {
                    serializer.serialize(&solution?).map_err(io)?;
                }
                serializer.finish().map_err(io)?;
            }
            _ => {
                let variables: Vec<String> = solutions
                    .variables()
                    .iter()
                    .map(|v| v.as_str().to_owned())
                    .collect();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution?;
                    rows.push(
                        solution
                            .values()
                            .iter()
                            .map(|v| v.as_ref().map(display_term).unwrap_or_default())
                            .collect::<Vec<_>>(),
                    );
                }
                write_table(&variables, &rows, &mut out)?;
            }
        },
        QueryResults::Boolean(value) => match format {
            OutputFormat::Results(f) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut out, value)
                    .map_err(io)?;
            }
            _ => writeln!(out, "{value}").map_err(io)?,
        },
        QueryResults::Graph(triples) => {
            let rdf_format = match format {
                OutputFormat::Graph(f) => f,
                _ => RdfFormat::Turtle,
            };
            let mut serializer = RdfSerializer::from_format(rdf_format);
            if rdf_format == RdfFormat::Turtle {
                for (prefix, iri) in crate::vocab::turtle_prefixes() {
                    serializer = serializer
                        .with_prefix(*prefix, *iri)
                        .map_err(|e| Error::Usage(e.to_string()))?;
                }
            }
            let mut writer = serializer.for_writer(&mut out);
            for triple in triples {
                writer.serialize_triple(&triple?).map_err(io)?;
            }
            writer.finish().map_err(io)?;
        }
    }
    Ok(())
}

/// A term as a person reads it: prefixed IRIs, bare literal values.
pub fn display_term(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            compact_iri(n.as_str()).unwrap_or_else(|| format!("<{}>", n.as_str()))
        }
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// Writes an aligned table (CJK characters count double).
pub fn write_table(header: &[String], rows: &[Vec<String>], mut out: impl Write) -> Result<()> {
    let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(clean(cell).width());
            }
        }
    }
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let cell = clean(cell);
            text.push_str(&cell);
            if i + 1 < cells.len() {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.width());
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(header, &mut out).map_err(io)?;
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    line(&rule, &mut out).map_err(io)?;
    for row in rows {
        line(row, &mut out).map_err(io)?;
    }
    writeln!(
        out,
        "({} {})",
        rows.len(),
        if rows.len() == 1 { "row" } else { "rows" }
    )
    .map_err(io)?;
    Ok(())
}
