//! The matcher's tables as SKOS and PROV Turtle: `ontology/role-history.ttl`, written by
//! [`role_history_turtle`] and checked against it by a unit test.
//!
//! A former body is a `skos:Concept` of the roles scheme (`role:work-safety-administration`,
//! its old names as `skos:altLabel`s, a `skos:historyNote`). Its successor
//! `prov:wasDerivedFrom` it, `dcterms:replaces` it when it took the duties whole (renamed or
//! merged), `prov:wasRevisionOf` it when renamed, and carries a
//! `prov:qualifiedDerivation` (`prov:Revision` or `prov:Derivation`) with the
//! `prov:entity`, the `dcterms:date` (`xsd:gYear` or `xsd:gYearMonth`) and the evidence as
//! `skos:changeNote`s.

use std::io;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{
    BlankNode, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple,
};

use super::tables::{ChangeKind, tables};
use crate::vocab::{PREFIXES, ROLE_BASE, dcterms, dg, iri_segment, prov, rdf, rdfs, skos, xsd};

/// The comment the file opens with.
const HEADER: &str = "\
# Role history: bodies of responsibility lists across the reforms (2008, 2013, 2018, 2021, 2023).
# Generated from src/matching/{new-roles,formers,changes}.tsv by
# dutygraph::matching::turtle::role_history_turtle; do not edit by hand. A unit test fails
# when this file and the tables disagree; `DUTYGRAPH_UPDATE_ROLE_HISTORY=1 cargo test --lib
# matching::turtle` rewrites it. Today's role concepts come from src/extract/roles.tsv (the
# roles graph); this file adds the roles roles.tsv lacks, the former bodies, and the dated
# changes from former bodies to today's roles. See ontology/README.md.
";

/// Prefixes the file uses.
const USED_PREFIXES: &[&str] = &[
    "dg", "role", "rdf", "rdfs", "skos", "prov", "dcterms", "xsd",
];

fn role(slug: &str) -> NamedOrBlankNode {
    NamedNode::new_unchecked(format!("{ROLE_BASE}{}", iri_segment(slug))).into()
}

fn zh(text: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(text, "zh").into()
}

fn en(text: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(text, "en").into()
}

fn date(value: &str) -> Term {
    let datatype = if value.contains('-') {
        xsd::G_YEAR_MONTH
    } else {
        xsd::G_YEAR
    };
    Literal::new_typed_literal(value, datatype).into()
}

/// The zh and en halves of a note written `中文 / English`.
fn halves(note: &str) -> (&str, &str) {
    note.split_once(" / ").unwrap_or((note, note))
}

/// The stem of a `{L}`/`{P}` pattern (安监局).
fn stem(pattern: &str) -> &str {
    pattern
        .strip_prefix("{L}")
        .or_else(|| pattern.strip_prefix("{P}"))
        .unwrap_or(pattern)
}

/// A link from a successor to a former concept, and the changes it is written for.
type Link = (NamedNodeRef<'static>, fn(ChangeKind) -> bool);

/// The triples of `ontology/role-history.ttl`, in the order written.
pub fn role_history_triples() -> Vec<Triple> {
    let t = tables();
    let mut out = Vec::new();
    let mut add = |s: &NamedOrBlankNode, p: NamedNodeRef<'_>, o: Term| {
        out.push(Triple::new(s.clone(), p, o));
    };
    let concept = |add: &mut dyn FnMut(&NamedOrBlankNode, NamedNodeRef<'_>, Term),
                   r: &NamedOrBlankNode| {
        add(r, rdf::TYPE, skos::CONCEPT.into_owned().into());
        add(r, skos::IN_SCHEME, dg::ROLES.into_owned().into());
    };
    for new_role in &t.new_roles {
        let r = role(&new_role.slug);
        concept(&mut add, &r);
        add(&r, skos::PREF_LABEL, zh(&new_role.zh));
        add(&r, skos::PREF_LABEL, en(&new_role.en));
        let mut seen = Vec::new();
        for row in t
            .names
            .iter()
            .filter(|n| n.roles == [new_role.slug.as_str()])
        {
            let s = stem(&row.pattern);
            if !seen.contains(&s) {
                seen.push(s);
                add(&r, skos::ALT_LABEL, zh(s));
            }
        }
        let (note_zh, note_en) = halves(&new_role.note);
        add(&r, rdfs::COMMENT, zh(note_zh));
        add(&r, rdfs::COMMENT, en(note_en));
    }
    for former in &t.formers {
        let r = role(&former.slug);
        concept(&mut add, &r);
        add(&r, skos::PREF_LABEL, zh(&former.zh));
        add(&r, skos::PREF_LABEL, en(&former.en));
        let mut seen = Vec::new();
        for pattern in &former.patterns {
            let s = stem(pattern);
            if !seen.contains(&s) {
                seen.push(s);
                add(&r, skos::ALT_LABEL, zh(s));
            }
        }
        let outgoing: Vec<_> = t.changes.iter().filter(|c| c.from == former.slug).collect();
        let note_zh = outgoing
            .iter()
            .map(|c| format!("{} {}：{}", c.date, c.kind.zh(), super::label(&c.to)))
            .collect::<Vec<_>>()
            .join("；");
        let note_en = outgoing
            .iter()
            .map(|c| format!("{} {}: {}", c.date, c.kind.slug(), c.to))
            .collect::<Vec<_>>()
            .join("; ");
        add(&r, skos::HISTORY_NOTE, zh(&note_zh));
        add(&r, skos::HISTORY_NOTE, en(&note_en));
    }
    let mut successors: Vec<&str> = Vec::new();
    for change in &t.changes {
        if !successors.contains(&change.to.as_str()) {
            successors.push(&change.to);
        }
    }
    for successor in successors {
        let to = role(successor);
        let incoming: Vec<_> = t.changes.iter().filter(|c| c.to == successor).collect();
        // One predicate at a time, so that Turtle lists the objects together.
        let links: [Link; 3] = [
            (prov::WAS_DERIVED_FROM, |_| true),
            (dcterms::REPLACES, |k| k != ChangeKind::SplitFrom),
            (prov::WAS_REVISION_OF, |k| k == ChangeKind::Renamed),
        ];
        for (predicate, applies) in links {
            for change in incoming.iter().filter(|c| applies(c.kind)) {
                add(&to, predicate, role(&change.from).into());
            }
        }
        let mut nodes = Vec::new();
        for change in &incoming {
            let node =
                BlankNode::new(format!("{}-from-{}", change.to, change.from)).unwrap_or_default();
            add(&to, prov::QUALIFIED_DERIVATION, node.clone().into());
            nodes.push((node, change, Term::from(role(&change.from))));
        }
        for (node, change, from) in nodes {
            let class = match change.kind {
                ChangeKind::Renamed => prov::REVISION,
                ChangeKind::MergedInto | ChangeKind::SplitFrom => prov::DERIVATION,
            };
            let node: NamedOrBlankNode = node.into();
            let mut at = |p: NamedNodeRef<'_>, o: Term| add(&node, p, o);
            at(rdf::TYPE, class.into_owned().into());
            at(prov::ENTITY, from);
            at(dcterms::DATE, date(&change.date));
            at(
                skos::CHANGE_NOTE,
                zh(&format!("{}：{}", change.kind.zh(), change.evidence_zh)),
            );
            at(
                skos::CHANGE_NOTE,
                en(&format!("{}: {}", change.kind.slug(), change.evidence_en)),
            );
        }
    }
    out
}

/// `ontology/role-history.ttl`: the header comment and [`role_history_triples`] as Turtle.
pub fn role_history_turtle() -> io::Result<String> {
    let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
    for (prefix, iri) in PREFIXES.iter().filter(|(p, _)| USED_PREFIXES.contains(p)) {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
    }
    let mut writer = serializer.for_writer(HEADER.as_bytes().to_vec());
    for triple in role_history_triples() {
        writer.serialize_triple(&triple)?;
    }
    let bytes = writer.finish()?;
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use oxigraph::io::RdfParser;
    use oxigraph::model::Quad;

    use super::*;

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ontology/role-history.ttl");

    #[test]
    fn the_ontology_file_is_the_tables() {
        let generated = role_history_turtle().unwrap();
        if std::env::var_os("DUTYGRAPH_UPDATE_ROLE_HISTORY").is_some() {
            std::fs::write(PATH, &generated).unwrap();
        }
        let file = std::fs::read_to_string(PATH).unwrap();
        assert!(
            file == generated,
            "ontology/role-history.ttl differs from the tables; \
             DUTYGRAPH_UPDATE_ROLE_HISTORY=1 cargo test --lib matching::turtle rewrites it"
        );
    }

    #[test]
    fn the_file_parses_and_holds_every_change() {
        // The text generated, which the test above requires the file to be (reading the
        // file here would race with that test rewriting it).
        let file = role_history_turtle().unwrap();
        let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(file.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
        let objects = |s: &NamedOrBlankNode, p: NamedNodeRef<'_>| -> Vec<Term> {
            quads
                .iter()
                .filter(|q| &q.subject == s && q.predicate == p)
                .map(|q| q.object.clone())
                .collect()
        };
        for change in &tables().changes {
            let to = role(&change.to);
            let from: Term = role(&change.from).into();
            let nodes = objects(&to, prov::QUALIFIED_DERIVATION);
            assert!(!nodes.is_empty(), "{} has no derivation", change.to);
            let found = nodes.into_iter().any(|node| {
                let Term::BlankNode(b) = node else {
                    return false;
                };
                let b: NamedOrBlankNode = b.into();
                objects(&b, prov::ENTITY) == [from.clone()]
                    && objects(&b, dcterms::DATE) == [date(&change.date)]
            });
            assert!(found, "{} → {} not in the file", change.from, change.to);
            assert_eq!(
                objects(&to, dcterms::REPLACES).contains(&from),
                change.kind != ChangeKind::SplitFrom,
                "{} → {}",
                change.from,
                change.to
            );
        }
        // Every former and new role is a labelled concept of the roles scheme.
        let mut labels: HashMap<String, Vec<String>> = HashMap::new();
        for q in quads.iter().filter(|q| q.predicate == skos::PREF_LABEL) {
            if let Term::Literal(l) = &q.object {
                labels
                    .entry(q.subject.to_string())
                    .or_default()
                    .push(l.language().unwrap_or("").to_owned());
            }
        }
        let slugs = tables()
            .formers
            .iter()
            .map(|f| &f.slug)
            .chain(tables().new_roles.iter().map(|r| &r.slug));
        for slug in slugs {
            let subject = role(slug);
            let mut langs = labels.remove(&subject.to_string()).unwrap_or_default();
            langs.sort();
            assert_eq!(langs, ["en", "zh"], "{slug}");
            assert_eq!(
                objects(&subject, skos::IN_SCHEME),
                [Term::from(dg::ROLES.into_owned())],
                "{slug}"
            );
        }
    }

    /// The query of ontology/README.md's "Role history" section, run over the file.
    #[test]
    fn the_readme_query_finds_the_rename() {
        use oxigraph::sparql::{QueryResults, SparqlEvaluator};
        use oxigraph::store::Store;

        let readme = include_str!("../../ontology/README.md");
        let section = &readme[readme.find("## Role history").unwrap()..];
        let start = section.find("```sparql\n").unwrap() + "```sparql\n".len();
        let query = &section[start..start + section[start..].find("```").unwrap()];
        let store = Store::new().unwrap();
        store
            .load_from_slice(RdfFormat::Turtle, &role_history_turtle().unwrap())
            .unwrap();
        // The prefixes `query` and the endpoint predeclare (crate::sparql, not used here:
        // this module stays upstream of it).
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, iri) in PREFIXES {
            evaluator = evaluator.with_prefix(*prefix, *iri).unwrap();
        }
        let QueryResults::Solutions(solutions) = evaluator
            .parse_query(query)
            .unwrap()
            .on_store(&store)
            .execute()
            .unwrap()
        else {
            panic!("not a SELECT");
        };
        let rows: Vec<(Term, Term)> = solutions
            .map(|s| {
                let s = s.unwrap();
                (
                    s.get("successor").unwrap().clone(),
                    s.get("date").unwrap().clone(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [(role("emergency-management").into(), date("2018-03"))]
        );
    }
}
