//! The crate's shape, checked: no module imports a module that imports it back (directly or
//! through others), whether modules are taken file by file or as the crate's top-level
//! modules (all of `server::…` as one). A submodule may use its parent's items; every other
//! `crate::…` or `super::…` path found in a module's code (comments and its `mod tests`
//! aside) is an edge.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;
use regex::Regex;

/// Module path (`analysis::overlap`) → source file, for every file under `src/`.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut modules = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(src).unwrap().with_extension("");
        let mut parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if matches!(
            parts.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            parts.pop();
        }
        let code = std::fs::read_to_string(path).unwrap();
        modules.insert(parts.join("::"), code);
    }
    modules
}

/// The code a module is made of: without its unit tests and comment lines.
fn code_of(source: &str) -> String {
    let source = match source.find("#[cfg(test)]\nmod tests") {
        Some(tests) => &source[..tests],
        None => source,
    };
    source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `module` uses, other than itself, its ancestors and its descendants.
fn uses(module: &str, code: &str, known: &BTreeMap<String, String>) -> BTreeSet<String> {
    let path =
        Regex::new(r"\b(crate|super)::((?:[a-z_0-9]+::)*[a-z_0-9]+)(?:::\{([^;]*?)\})?").unwrap();
    let word = Regex::new(r"[a-z_0-9]+(?:::[a-z_0-9]+)*").unwrap();
    let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
    let mut found = BTreeSet::new();
    for m in path.captures_iter(code) {
        let base = match &m[1] {
            "crate" => m[2].to_owned(),
            _ if parent.is_empty() => m[2].to_owned(),
            _ => format!("{parent}::{}", &m[2]),
        };
        let mut candidates = vec![base.clone()];
        if let Some(group) = m.get(3) {
            candidates.extend(
                word.find_iter(group.as_str())
                    .map(|w| format!("{base}::{}", w.as_str())),
            );
        }
        for candidate in candidates {
            let mut parts: Vec<&str> = candidate.split("::").collect();
            while !parts.is_empty() && !known.contains_key(&parts.join("::")) {
                parts.pop();
            }
            let target = parts.join("::");
            let related = target.is_empty()
                || target == module
                || module.starts_with(&format!("{target}::"))
                || target.starts_with(&format!("{module}::"));
            if !related {
                found.insert(target);
            }
        }
    }
    found
}

/// The groups of modules that reach each other, given the edges.
fn cycles<'a>(edges: &BTreeSet<(&'a str, &'a str)>) -> Vec<Vec<&'a str>> {
    let mut graph = DiGraph::<&str, ()>::new();
    let mut nodes = BTreeMap::new();
    for &(from, to) in edges {
        let from = *nodes.entry(from).or_insert_with(|| graph.add_node(from));
        let to = *nodes.entry(to).or_insert_with(|| graph.add_node(to));
        graph.add_edge(from, to, ());
    }
    tarjan_scc(&graph)
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| component.into_iter().map(|n| graph[n]).collect())
        .collect()
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&src);
    assert!(
        modules.contains_key("analysis::overlap"),
        "{:?}",
        modules.keys()
    );
    let used: Vec<(&str, BTreeSet<String>)> = modules
        .iter()
        .map(|(module, source)| (module.as_str(), uses(module, &code_of(source), &modules)))
        .collect();
    let files: BTreeSet<(&str, &str)> = used
        .iter()
        .flat_map(|(module, targets)| targets.iter().map(move |t| (*module, t.as_str())))
        .collect();
    assert_eq!(cycles(&files), Vec::<Vec<&str>>::new(), "file modules");
    fn top(module: &str) -> &str {
        module.split("::").next().unwrap_or(module)
    }
    let tops: BTreeSet<(&str, &str)> = files
        .iter()
        .map(|&(from, to)| (top(from), top(to)))
        .filter(|(from, to)| from != to)
        .collect();
    assert_eq!(cycles(&tops), Vec::<Vec<&str>>::new(), "top-level modules");
}

#[test]
fn the_check_sees_a_cycle() {
    let known: BTreeMap<String, String> = ["a", "b", "a::c"]
        .into_iter()
        .map(|m| (m.to_owned(), String::new()))
        .collect();
    assert_eq!(
        uses("a::c", "use crate::b::{self, X};\nuse super::Y;", &known),
        BTreeSet::from(["b".to_owned()])
    );
    assert_eq!(
        uses(
            "b",
            &code_of("// crate::a\nfn f() { crate::a::c::g() }"),
            &known
        ),
        BTreeSet::from(["a::c".to_owned()])
    );
}
