//! Who guides, urges, supervises or works with whom, and the line of command the text
//! states, as a directed petgraph graph with centralities.
//!
//! Nodes are the bodies, the party groups they name (有关部门, 企业…) and the organs the text
//! names as commanding (区委, 区政府: not bodies of the list). Edges:
//! - every relation mention (`report-network-edges.rq`): bearer → counterpart, labelled with
//!   the relation property (guides, urges, supervises, coordinates, cooperatesWith,
//!   jointlyWith, actsJointlyWith, assists, supports);
//! - `commands`, read from the duty texts of `report-network-command.rq`: 领导 X → bearer
//!   commands X (第五条（三） 领导区安委会工作); 在 X 领导下 and X 交办 → X commands the bearer
//!   (第十二条（一） 在区委、区政府领导下; 第十三条（六） 承办区委、区政府和区安委会交办的…);
//! - `housedIn`: 区安委会办公室 → 区应急管理局 (设在).
//!
//! Centralities are computed on the simple directed graph (one edge per ordered pair):
//! degree (in + out) / (n − 1), PageRank (petgraph, damping 0.85) and normalised betweenness
//! (rustworkx-core). Bodies are ranked by betweenness, then PageRank, then degree.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::Bfs;
use serde::Serialize;

use super::overlap::round;
use super::{BodyKind, Context, SourceRef, int, need, queries, select, sort_sources, text};
use crate::error::Result;
use crate::store::DutyStore;
use crate::vocab::DG;

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A body of the list.
    Body,
    /// A party group (有关部门, 企业…).
    Party,
    /// An organ named as commanding that is not a body of the list (区委, 区政府).
    Organ,
}

#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// The IRI for bodies and party groups; `organ:` + the words for organs.
    pub id: String,
    pub label: String,
    pub label_en: String,
    pub iri: Option<String>,
    pub kind: NodeKind,
    pub body_kind: Option<BodyKind>,
    /// Local name of the party class, for party groups.
    pub party_class: Option<String>,
    pub in_degree: usize,
    pub out_degree: usize,
    /// (in + out) / (n − 1) on the simple graph.
    pub degree_centrality: f64,
    pub pagerank: f64,
    /// Normalised betweenness.
    pub betweenness: f64,
    /// Number of nodes reachable from this one.
    pub reach: usize,
    /// Whether a path leads to it from the top of the command structure.
    pub reached_from_top: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// guides, urges, supervises, coordinates, cooperatesWith, jointlyWith,
    /// actsJointlyWith, assists, supports, commands, housedIn.
    pub relation: String,
    /// The words as written for the counterpart (区委、区政府 for a command).
    pub as_written: Vec<String>,
    pub sources: Vec<SourceRef>,
}

/// A body in the centrality ranking.
#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub rank: usize,
    pub name: String,
    pub iri: String,
    pub betweenness: f64,
    pub pagerank: f64,
    pub degree: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct NetworkReport {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Every body, most central first.
    pub ranking: Vec<Ranked>,
    /// Strongly connected components of more than one node (node ids).
    pub components: Vec<Vec<String>>,
    /// The top of the command structure: nodes that command and are commanded by none.
    pub roots: Vec<String>,
    /// Bodies no path from the top reaches.
    pub unreached_bodies: Vec<String>,
}

impl NetworkReport {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// (from, to, relation) → (words as written, sources).
type EdgeMap = BTreeMap<(usize, usize, String), (BTreeSet<String>, Vec<SourceRef>)>;

struct Builder<'a> {
    context: &'a Context,
    nodes: Vec<Node>,
    ids: HashMap<String, usize>,
    edges: EdgeMap,
}

impl Builder<'_> {
    fn node(&mut self, id: &str, make: impl FnOnce() -> Node) -> usize {
        if let Some(&i) = self.ids.get(id) {
            return i;
        }
        self.nodes.push(make());
        self.ids.insert(id.to_owned(), self.nodes.len() - 1);
        self.nodes.len() - 1
    }

    fn body(&mut self, iri: &str) -> usize {
        let context = self.context;
        self.node(iri, || {
            let body = context.body(iri);
            blank_node(
                iri,
                body.map_or(iri, |b| &b.name),
                body.map_or(iri, |b| &b.name_en),
                Some(iri),
                NodeKind::Body,
                body.map(|b| b.kind),
                None,
            )
        })
    }

    fn edge(
        &mut self,
        from: usize,
        to: usize,
        relation: &str,
        as_written: &str,
        source: Option<SourceRef>,
    ) {
        if from == to {
            return;
        }
        let entry = self
            .edges
            .entry((from, to, relation.to_owned()))
            .or_default();
        entry.0.insert(as_written.to_owned());
        entry.1.extend(source);
    }
}

fn blank_node(
    id: &str,
    label: &str,
    label_en: &str,
    iri: Option<&str>,
    kind: NodeKind,
    body_kind: Option<BodyKind>,
    party_class: Option<String>,
) -> Node {
    Node {
        id: id.to_owned(),
        label: label.to_owned(),
        label_en: label_en.to_owned(),
        iri: iri.map(str::to_owned),
        kind,
        body_kind,
        party_class,
        in_degree: 0,
        out_degree: 0,
        degree_centrality: 0.0,
        pagerank: 0.0,
        betweenness: 0.0,
        reach: 0,
        reached_from_top: false,
    }
}

/// Resolves the words naming a commanding party: a body (by name, alias or abbreviation) of
/// the same list, or an organ of the list's own level (区委, 区政府, 区人民政府).
enum Named {
    Body(String),
    Organ(String),
}

struct Names {
    /// (words, body IRI), longest words first.
    table: Vec<(String, String)>,
}

impl Names {
    fn new(context: &Context, list: &str) -> Self {
        let mut table: Vec<(String, String)> = context
            .bodies
            .iter()
            .filter(|b| b.list == list)
            .flat_map(|b| {
                std::iter::once((b.name.clone(), b.iri.clone()))
                    .chain(b.aliases.iter().map(|a| (a.clone(), b.iri.clone())))
            })
            .filter(|(w, _)| w.chars().count() >= 2)
            .collect();
        table.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        Names { table }
    }

    fn exact(&self, words: &str, level: Option<&str>) -> Option<Named> {
        if let Some((_, iri)) = self.table.iter().find(|(w, _)| w == words) {
            return Some(Named::Body(iri.clone()));
        }
        let rest = words.strip_prefix(level?)?;
        matches!(
            rest,
            "委" | "政府" | "人民政府" | "委员会" | "人大" | "政协"
        )
        .then(|| Named::Organ(words.to_owned()))
    }

    /// The body whose name or alias starts `text`, longest first.
    fn prefix(&self, text: &str) -> Option<(&str, &str)> {
        self.table
            .iter()
            .find(|(w, _)| text.starts_with(w.as_str()))
            .map(|(w, iri)| (w.as_str(), iri.as_str()))
    }
}

/// Splits 区委、区政府和区安委会 into its conjuncts.
fn conjuncts(words: &str) -> Vec<&str> {
    words
        .split(['、', '和', '及', '与'])
        .map(|w| w.trim_matches(|c: char| c.is_whitespace() || c == '的'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_stop(c: char) -> bool {
    matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '（' | '）')
}

/// Command statements in a duty text: (commander words, commanded words or None for the
/// bearer), in order.
fn commands(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    // 在 X 领导下: X commands the bearer.
    for (at, _) in text.match_indices("领导下") {
        let before = &text[..at];
        let clause_start = before.rfind(is_stop).map_or(0, |i| {
            i + before[i..].chars().next().map_or(0, char::len_utf8)
        });
        if let Some(zai) = before[clause_start..].rfind('在') {
            let x = &before[clause_start + zai + '在'.len_utf8()..];
            let x = x.trim_end_matches("的统一").trim_end_matches('的');
            out.push((x.to_owned(), None));
        }
    }
    // X 交办: X commands the bearer.
    for (at, _) in text.match_indices("交办") {
        let before = &text[..at];
        let start = ["完成", "承办", "办理", "落实"]
            .iter()
            .filter_map(|v| before.rfind(v).map(|i| i + v.len()))
            .chain(
                before
                    .rfind(is_stop)
                    .map(|i| i + before[i..].chars().next().map_or(0, char::len_utf8)),
            )
            .max()
            .unwrap_or(0);
        out.push((before[start..].to_owned(), None));
    }
    // 领导 X: the bearer commands X (X resolved later by prefix).
    for (at, _) in text.match_indices("领导") {
        let after = &text[at + "领导".len()..];
        if !after.starts_with('下') {
            out.push((String::new(), Some(after.to_owned())));
        }
    }
    out
}

/// The rows the network is built from: relation mentions and command statements.
pub struct NetworkRows {
    edges: Vec<oxigraph::sparql::QuerySolution>,
    command: Vec<oxigraph::sparql::QuerySolution>,
}

impl NetworkRows {
    /// Both queries at once (two cores). They need no context: a report reads them while
    /// it reads the context.
    pub fn read(store: &DutyStore) -> Result<Self> {
        let (edges, command) = rayon::join(
            || select(store, "report-network-edges.rq", queries::NETWORK_EDGES),
            || select(store, "report-network-command.rq", queries::NETWORK_COMMAND),
        );
        Ok(NetworkRows {
            edges: edges?,
            command: command?,
        })
    }
}

pub fn analyse(store: &DutyStore, context: &Context) -> Result<NetworkReport> {
    analyse_rows(context, NetworkRows::read(store)?)
}

/// The network from rows already read.
pub fn analyse_rows(context: &Context, rows: NetworkRows) -> Result<NetworkReport> {
    let mut b = Builder {
        context,
        nodes: Vec::new(),
        ids: HashMap::new(),
        edges: BTreeMap::new(),
    };
    for body in &context.bodies {
        b.body(&body.iri);
    }
    // Relation mentions.
    let q = "report-network-edges.rq";
    for s in rows.edges {
        let from = b.body(&need(&s, "from", q)?);
        let to_iri = need(&s, "to", q)?;
        let to = match text(&s, "class") {
            None => b.body(&to_iri),
            Some(class) => {
                let label = need(&s, "toName", q)?;
                let class = class.strip_prefix(DG).unwrap_or(&class).to_owned();
                b.node(&to_iri, || {
                    blank_node(
                        &to_iri,
                        &label,
                        &label,
                        Some(&to_iri),
                        NodeKind::Party,
                        None,
                        Some(class),
                    )
                })
            }
        };
        let relation = need(&s, "relation", q)?;
        let relation = relation.strip_prefix(DG).unwrap_or(&relation).to_owned();
        let source = context.source(&need(&s, "duty", q)?);
        b.edge(from, to, &relation, &need(&s, "asWritten", q)?, source);
    }

    // Command statements and housing.
    let q = "report-network-command.rq";
    let mut names: HashMap<String, Names> = HashMap::new();
    for s in rows.command {
        let bearer_iri = need(&s, "bearer", q)?;
        let Some(bearer) = context.body(&bearer_iri) else {
            continue;
        };
        let bearer_node = b.body(&bearer_iri);
        if let Some(host) = text(&s, "host") {
            let host_node = b.body(&host);
            let words = context.body(&host).map_or(host.clone(), |h| h.name.clone());
            // Stated in the article heading: cited as 第X条（标题）, with the article's IRI.
            let source = match (text(&s, "art"), text(&s, "numeral"), int(&s, "number")) {
                (Some(art), Some(numeral), Some(number)) => Some(SourceRef {
                    citation: format!("第{numeral}条（标题）"),
                    article: Some(number),
                    position: 0,
                    marker: None,
                    line: int(&s, "line").unwrap_or(0),
                    duty: art,
                }),
                _ => None,
            };
            b.edge(bearer_node, host_node, "housedIn", &words, source);
            continue;
        }
        let (Some(duty_iri), Some(duty_text)) = (text(&s, "duty"), text(&s, "text")) else {
            continue;
        };
        let source = context.source(&duty_iri);
        let level = context.level_of(&bearer.list);
        let table = names
            .entry(bearer.list.clone())
            .or_insert_with(|| Names::new(context, &bearer.list));
        let mut found: Vec<(Named, Option<Named>, String)> = Vec::new();
        for (commander, commanded) in commands(&duty_text) {
            match commanded {
                None => {
                    for words in conjuncts(&commander) {
                        if let Some(named) = table.exact(words, level) {
                            found.push((named, None, words.to_owned()));
                        }
                    }
                }
                Some(after) => {
                    if let Some((words, iri)) = table.prefix(&after) {
                        found.push((
                            Named::Body(bearer_iri.clone()),
                            Some(Named::Body(iri.to_owned())),
                            words.to_owned(),
                        ));
                    }
                }
            }
        }
        for (commander, commanded, words) in found {
            let resolve = |named: Named, b: &mut Builder<'_>| match named {
                Named::Body(iri) => b.body(&iri),
                Named::Organ(words) => {
                    let id = format!("organ:{words}");
                    b.node(&id, || {
                        blank_node(&id, &words, &words, None, NodeKind::Organ, None, None)
                    })
                }
            };
            let from = resolve(commander, &mut b);
            let to = match commanded {
                Some(named) => resolve(named, &mut b),
                None => bearer_node,
            };
            b.edge(from, to, "commands", &words, source.clone());
        }
    }

    finish(context, b)
}

/// PageRank as `petgraph::algo::page_rank` computes it (same damping, same treatment of
/// nodes without out-edges, normalised after each iteration), in O(nodes + edges) per
/// iteration instead of petgraph's O(nodes²): over a store of many lists the network has
/// thousands of nodes and petgraph's version took most of the report's time. `edges` are
/// distinct (from, to) pairs of node indexes below `n`.
fn page_rank(
    n: usize,
    edges: &BTreeSet<(usize, usize)>,
    damping: f64,
    iterations: usize,
) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    let nb = n as f64;
    let mut out_degree = vec![0usize; n];
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(from, to) in edges {
        out_degree[from] += 1;
        predecessors[to].push(from);
    }
    let mut ranks = vec![1.0 / nb; n];
    for _ in 0..iterations {
        // Every node w gives each node v: damping·r/out(w) along an edge w → v; else
        // damping·r/n when w has no out-edges; else the random jump (1 − damping)·r/n.
        let spread: f64 = (0..n)
            .map(|w| {
                if out_degree[w] == 0 {
                    damping * ranks[w] / nb
                } else {
                    (1.0 - damping) * ranks[w] / nb
                }
            })
            .sum();
        let next: Vec<f64> = (0..n)
            .map(|v| {
                spread
                    + predecessors[v]
                        .iter()
                        .map(|&w| {
                            damping * ranks[w] / out_degree[w] as f64
                                - (1.0 - damping) * ranks[w] / nb
                        })
                        .sum::<f64>()
            })
            .collect();
        let sum: f64 = next.iter().sum();
        ranks = next.into_iter().map(|r| r / sum).collect();
    }
    ranks
}

fn finish(context: &Context, b: Builder<'_>) -> Result<NetworkReport> {
    let Builder {
        mut nodes, edges, ..
    } = b;
    let n = nodes.len();

    // The simple directed graph for centralities.
    let mut graph: DiGraph<usize, ()> = DiGraph::with_capacity(n, edges.len());
    let index: Vec<NodeIndex> = (0..n).map(|i| graph.add_node(i)).collect();
    let pairs: BTreeSet<(usize, usize)> = edges.keys().map(|(f, t, _)| (*f, *t)).collect();
    for &(f, t) in &pairs {
        graph.add_edge(index[f], index[t], ());
    }

    let pagerank = page_rank(n, &pairs, 0.85, 60);
    let betweenness = rustworkx_core::centrality::betweenness_centrality(&graph, false, true, 1000);
    for (i, node) in nodes.iter_mut().enumerate() {
        node.in_degree = graph
            .edges_directed(index[i], petgraph::Direction::Incoming)
            .count();
        node.out_degree = graph.edges(index[i]).count();
        node.degree_centrality = if n > 1 {
            round((node.in_degree + node.out_degree) as f64 / (n - 1) as f64)
        } else {
            0.0
        };
        node.pagerank = round(pagerank.get(i).copied().unwrap_or(0.0));
        node.betweenness = round(betweenness.get(i).copied().flatten().unwrap_or(0.0));
        let mut bfs = Bfs::new(&graph, index[i]);
        let mut reach = 0;
        while let Some(next) = bfs.next(&graph) {
            if next != index[i] {
                reach += 1;
            }
        }
        node.reach = reach;
    }

    // The top of the command structure: commanders nobody commands.
    let commanded: BTreeSet<usize> = edges
        .keys()
        .filter(|(_, _, r)| r == "commands")
        .map(|(_, t, _)| *t)
        .collect();
    let root_indices: BTreeSet<usize> = edges
        .keys()
        .filter(|(f, _, r)| r == "commands" && !commanded.contains(f))
        .map(|(f, _, _)| *f)
        .collect();
    for &root in &root_indices {
        let mut bfs = Bfs::new(&graph, index[root]);
        while let Some(next) = bfs.next(&graph) {
            nodes[graph[next]].reached_from_top = true;
        }
    }

    let components: Vec<Vec<String>> = petgraph::algo::tarjan_scc(&graph)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut ids: Vec<usize> = c.into_iter().map(|x| graph[x]).collect();
            ids.sort_unstable();
            ids.into_iter().map(|i| nodes[i].id.clone()).collect()
        })
        .collect();

    let mut ranking: Vec<Ranked> = nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Body)
        .map(|n| Ranked {
            rank: 0,
            name: n.label.clone(),
            iri: n.id.clone(),
            betweenness: n.betweenness,
            pagerank: n.pagerank,
            degree: n.in_degree + n.out_degree,
        })
        .collect();
    ranking.sort_by(|a, b| {
        b.betweenness
            .total_cmp(&a.betweenness)
            .then_with(|| b.pagerank.total_cmp(&a.pagerank))
            .then_with(|| b.degree.cmp(&a.degree))
            .then_with(|| {
                context
                    .body_position(&a.iri)
                    .cmp(&context.body_position(&b.iri))
            })
    });
    for (i, r) in ranking.iter_mut().enumerate() {
        r.rank = i + 1;
    }

    let unreached_bodies = nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Body && !n.reached_from_top && !root_indices.is_empty())
        .map(|n| n.id.clone())
        .collect();
    let roots = root_indices.iter().map(|&i| nodes[i].id.clone()).collect();

    let edges = edges
        .into_iter()
        .map(|((f, t, relation), (as_written, mut sources))| {
            sort_sources(&mut sources);
            Edge {
                from: nodes[f].id.clone(),
                to: nodes[t].id.clone(),
                relation,
                as_written: as_written.into_iter().collect(),
                sources,
            }
        })
        .collect();

    Ok(NetworkReport {
        nodes,
        edges,
        ranking,
        components,
        roots,
        unreached_bodies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_phrases() {
        assert_eq!(
            commands("在区委、区政府领导下，研究部署、指导协调全区安全生产工作。"),
            [("区委、区政府".to_owned(), None)]
        );
        assert_eq!(
            commands("承办区委、区政府和区安委会交办的其他事项。"),
            [("区委、区政府和区安委会".to_owned(), None)]
        );
        assert_eq!(
            conjuncts("区委、区政府和区安委会"),
            ["区委", "区政府", "区安委会"]
        );
        let led = commands("领导区安委会工作，督促落实安全生产“一岗双责”。");
        assert_eq!(led.len(), 1);
        assert!(
            led[0]
                .1
                .as_deref()
                .is_some_and(|a| a.starts_with("区安委会"))
        );
    }
}

#[cfg(test)]
mod page_rank_tests {
    use super::*;

    #[test]
    fn page_rank_matches_petgraph() {
        // A small graph with a cycle, a dangling node and a node nobody points at.
        let edges: BTreeSet<(usize, usize)> =
            [(0, 1), (1, 2), (2, 0), (2, 3), (4, 0), (4, 3), (1, 3)]
                .into_iter()
                .collect();
        let mut graph: DiGraph<usize, ()> = DiGraph::new();
        let index: Vec<NodeIndex> = (0..5).map(|i| graph.add_node(i)).collect();
        for &(f, t) in &edges {
            graph.add_edge(index[f], index[t], ());
        }
        let expected = petgraph::algo::page_rank(&graph, 0.85_f64, 60);
        let got = page_rank(5, &edges, 0.85, 60);
        for (e, g) in expected.iter().zip(&got) {
            assert!((e - g).abs() < 1e-12, "{expected:?} vs {got:?}");
        }
    }
}
