//! A read-only in-memory dataset for the commands that load lists, answer and exit
//! (`query`, `report`, `graph`): the same quads as the oxigraph store of [`crate::store`],
//! laid out for one bulk build and many reads.
//!
//! Every term is interned once into a `u32`; the quads are one sorted array of
//! `[subject, predicate, object, graph]` ids, and the five other orders a pattern may need
//! (POSG, OSPG, GSPO, GPOS, GOSP) are sorted copies built the first time a query asks for
//! them. Building it costs an interning lookup per term and a sort, against oxigraph's
//! four concurrent hash-map index chains and version ranges per quad, which a process that
//! never writes again does not need: loading 20 lists takes about a third of the time and
//! of the memory. SPARQL is evaluated by the same engine (spareval) through its
//! [`QueryableDataset`] trait, so answers are the same, which `tests/it/frozen.rs` checks
//! query by query against the oxigraph store.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use oxigraph::model::{GraphNameRef, Quad, QuadRef, Term, TermRef};
use rustc_hash::FxHasher;
use spareval::{InternalQuad, QueryableDataset};

/// The id of the default graph in the graph position (never a term's id).
const DEFAULT_GRAPH: u32 = u32::MAX;

/// Positions in a quad as stored: subject, predicate, object, graph.
const S: usize = 0;
const P: usize = 1;
const O: usize = 2;
const G: usize = 3;

/// The sort orders, as the positions they take in turn. A pattern uses the order whose
/// longest prefix is bound; with these six every set of bound positions is a prefix of one.
const ORDERS: [[usize; 4]; 6] = [
    [S, P, O, G],
    [P, O, S, G],
    [O, S, P, G],
    [G, S, P, O],
    [G, P, O, S],
    [G, O, S, P],
];

/// A quad's ids in one order, packed so that sorting keys sorts quads in that order and
/// the quads sharing a prefix are one range of keys.
type Key = u128;

fn pack(ids: [u32; 4]) -> Key {
    ids.iter().fold(0, |key, &id| (key << 32) | Key::from(id))
}

fn unpack(key: Key) -> [u32; 4] {
    // Each shift keeps 32 bits: the truncation is the point.
    #[allow(clippy::cast_possible_truncation)]
    [
        (key >> 96) as u32,
        (key >> 64) as u32,
        (key >> 32) as u32,
        key as u32,
    ]
}

fn term_hash(term: TermRef<'_>) -> u64 {
    let mut hasher = FxHasher::default();
    term.hash(&mut hasher);
    hasher.finish()
}

/// Terms and their ids.
struct Dictionary {
    terms: Vec<Term>,
    ids: HashTable<u32>,
    /// Recently interned ids, by the address of the term's text. A list is written node
    /// by node from IRIs built once and constant predicates, so most terms come back with
    /// the same text at the same address: checking the term found there skips hashing the
    /// text and probing the table. A different term at a reused address fails the check.
    recent: Box<[u32; RECENT]>,
}

/// Slots of [`Dictionary::recent`].
const RECENT: usize = 512;

fn recent_slot(term: TermRef<'_>) -> usize {
    let text = match term {
        TermRef::NamedNode(node) => node.as_str(),
        TermRef::BlankNode(node) => node.as_str(),
        TermRef::Literal(literal) => literal.value(),
    };
    let address = text.as_ptr() as usize;
    ((address >> 3) ^ (address >> 12) ^ text.len()) % RECENT
}

impl Dictionary {
    fn with_capacity(terms: usize) -> Self {
        Dictionary {
            terms: Vec::with_capacity(terms),
            ids: HashTable::with_capacity(terms),
            recent: Box::new([DEFAULT_GRAPH; RECENT]),
        }
    }

    fn get(&self, term: TermRef<'_>) -> Option<u32> {
        let terms = &self.terms;
        self.ids
            .find(term_hash(term), |&id| terms[id as usize].as_ref() == term)
            .copied()
    }

    fn intern(&mut self, term: TermRef<'_>) -> u32 {
        let slot = recent_slot(term);
        let seen = self.recent[slot];
        if self
            .terms
            .get(seen as usize)
            .is_some_and(|known| known.as_ref() == term)
        {
            return seen;
        }
        let id = self.intern_new(term);
        self.recent[slot] = id;
        id
    }

    fn intern_new(&mut self, term: TermRef<'_>) -> u32 {
        let Self { terms, ids, .. } = self;
        match ids.entry(
            term_hash(term),
            |&id| terms[id as usize].as_ref() == term,
            |&id| term_hash(terms[id as usize].as_ref()),
        ) {
            Entry::Occupied(entry) => *entry.get(),
            Entry::Vacant(entry) => {
                // More than 4 billion distinct terms do not fit in memory anyway.
                let id = u32::try_from(terms.len()).unwrap_or(DEFAULT_GRAPH - 1);
                terms.push(term.into_owned());
                entry.insert(id);
                id
            }
        }
    }

    fn intern_graph(&mut self, graph: GraphNameRef<'_>) -> u32 {
        match graph {
            GraphNameRef::NamedNode(node) => self.intern(node.into()),
            GraphNameRef::BlankNode(node) => self.intern(node.into()),
            GraphNameRef::DefaultGraph => DEFAULT_GRAPH,
        }
    }
}

/// Collects quads for a [`FrozenDataset`].
pub struct FrozenBuilder {
    dictionary: Dictionary,
    quads: Vec<[u32; 4]>,
}

impl Default for FrozenBuilder {
    fn default() -> Self {
        Self::with_capacity(0, 0)
    }
}

impl FrozenBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder with room for about `quads` quads of `terms` distinct terms (growing
    /// the table and the arrays costs copies and fresh memory).
    pub fn with_capacity(quads: usize, terms: usize) -> Self {
        FrozenBuilder {
            dictionary: Dictionary::with_capacity(terms),
            quads: Vec::with_capacity(quads),
        }
    }

    pub fn insert(&mut self, quad: QuadRef<'_>) {
        let dictionary = &mut self.dictionary;
        let quad = [
            dictionary.intern(quad.subject.into()),
            dictionary.intern(quad.predicate.into()),
            dictionary.intern(quad.object),
            dictionary.intern_graph(quad.graph_name),
        ];
        self.quads.push(quad);
    }

    /// Drops what a graph holds so far (a list loaded twice replaces itself, as in the
    /// oxigraph store).
    pub fn clear_graph(&mut self, graph: GraphNameRef<'_>) {
        let graph = match graph {
            GraphNameRef::NamedNode(node) => self.dictionary.get(node.into()),
            GraphNameRef::BlankNode(node) => self.dictionary.get(node.into()),
            GraphNameRef::DefaultGraph => Some(DEFAULT_GRAPH),
        };
        if let Some(graph) = graph {
            self.quads.retain(|quad| quad[G] != graph);
        }
    }

    /// How many quads graph `graph` holds so far (duplicates included).
    pub fn len(&self) -> usize {
        self.quads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.quads.is_empty()
    }

    /// Sorts the quads (dropping duplicates: a dataset is a set) and freezes them.
    pub fn build(self) -> FrozenDataset {
        let terms = self.dictionary.terms.len();
        let quads = &self.quads;
        // Nearly every query asks for a predicate and a class or a value (POSG): that
        // order is sorted beside the base one, on the other core.
        let (base, by_predicate) = rayon::join(
            || Index::build(quads.len(), |i| quads[i], ORDERS[0], terms),
            || Index::build(quads.len(), |i| quads[i], ORDERS[1], terms),
        );
        let mut graphs: Vec<u32> = base
            .keys
            .iter()
            .map(|&quad| unpack(quad)[G])
            .filter(|&graph| graph != DEFAULT_GRAPH)
            .collect();
        graphs.sort_unstable();
        graphs.dedup();
        let indexes: [OnceLock<Index>; 6] = Default::default();
        let _ = indexes[0].set(base);
        let _ = indexes[1].set(by_predicate);
        FrozenDataset {
            dictionary: self.dictionary,
            graphs,
            indexes,
        }
    }
}

/// The quads in one order: their sorted keys, and where the keys of each first id start.
struct Index {
    keys: Arc<[Key]>,
    /// `starts[slot(id)]..starts[slot(id) + 1]` are the keys whose first position is `id`
    /// (ids are dense: no search for the first position).
    starts: Vec<usize>,
}

/// The slot of an id in [`Index::starts`]: the default graph, which sorts last, after
/// every term.
fn slot(id: u32, terms: usize) -> usize {
    if id == DEFAULT_GRAPH {
        terms
    } else {
        id as usize
    }
}

impl Index {
    /// Sorts `len` quads (as stored: SPOG ids) into `positions` order, without
    /// duplicates: a counting sort on the first position, then a sort of each (small)
    /// bucket.
    fn build(
        len: usize,
        quad: impl Fn(usize) -> [u32; 4],
        positions: [usize; 4],
        terms: usize,
    ) -> Self {
        let mut starts = vec![0usize; terms + 2];
        for i in 0..len {
            starts[slot(quad(i)[positions[0]], terms) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut fill = starts.clone();
        let mut keys: Vec<Key> = vec![0; len];
        for i in 0..len {
            let quad = quad(i);
            let at = &mut fill[slot(quad[positions[0]], terms)];
            keys[*at] = pack(positions.map(|position| quad[position]));
            *at += 1;
        }
        // Sort and deduplicate each bucket, closing the gaps duplicates leave.
        let mut kept = 0;
        let mut new_starts = vec![0usize; terms + 2];
        for bucket in 0..=terms {
            let (start, end) = (starts[bucket], starts[bucket + 1]);
            keys[start..end].sort_unstable();
            new_starts[bucket] = kept;
            let mut previous = None;
            for i in start..end {
                if previous != Some(keys[i]) {
                    previous = Some(keys[i]);
                    keys[kept] = keys[i];
                    kept += 1;
                }
            }
        }
        new_starts[terms + 1] = kept;
        keys.truncate(kept);
        Index {
            keys: keys.into(),
            starts: new_starts,
        }
    }

    /// The range of keys whose first position is `id`.
    fn bucket(&self, id: u32) -> std::ops::Range<usize> {
        let terms = self.starts.len() - 2;
        let slot = slot(id, terms);
        self.starts[slot]..self.starts[slot + 1]
    }
}

/// The frozen quads: a dictionary and sorted arrays of ids.
pub struct FrozenDataset {
    dictionary: Dictionary,
    /// The named graphs' ids, sorted.
    graphs: Vec<u32>,
    /// One index per order of [`ORDERS`], built on first use (SPOG and POSG at once).
    indexes: [OnceLock<Index>; 6],
}

impl FrozenDataset {
    fn base(&self) -> &[Key] {
        self.indexes[0].get().map_or(&[], |index| &index.keys)
    }

    /// How many quads.
    pub fn len(&self) -> usize {
        self.base().len()
    }

    pub fn is_empty(&self) -> bool {
        self.base().is_empty()
    }

    /// Whether a named graph holds any quad.
    pub fn contains_named_graph(&self, graph: TermRef<'_>) -> bool {
        self.dictionary
            .get(graph)
            .is_some_and(|id| self.graphs.binary_search(&id).is_ok())
    }

    /// Every quad, in subject order.
    pub fn quads(&self) -> impl Iterator<Item = Quad> + '_ {
        self.base()
            .iter()
            .filter_map(|&key| self.decode(&unpack(key)))
    }

    fn decode(&self, quad: &[u32; 4]) -> Option<Quad> {
        let terms = &self.dictionary.terms;
        let subject: oxigraph::model::NamedOrBlankNode = match terms.get(quad[S] as usize)? {
            Term::NamedNode(node) => node.clone().into(),
            Term::BlankNode(node) => node.clone().into(),
            _ => return None,
        };
        let Term::NamedNode(predicate) = terms.get(quad[P] as usize)? else {
            return None;
        };
        let graph_name: oxigraph::model::GraphName = match quad[G] {
            DEFAULT_GRAPH => oxigraph::model::GraphName::DefaultGraph,
            id => match terms.get(id as usize)? {
                Term::NamedNode(node) => node.clone().into(),
                Term::BlankNode(node) => node.clone().into(),
                _ => return None,
            },
        };
        Some(Quad::new(
            subject,
            predicate.clone(),
            terms.get(quad[O] as usize)?.clone(),
            graph_name,
        ))
    }

    /// The index in order `order`, built on first use.
    fn index(&self, order: usize) -> &Index {
        self.indexes[order].get_or_init(|| {
            let base = self.base();
            Index::build(
                base.len(),
                |i| unpack(base[i]),
                ORDERS[order],
                self.dictionary.terms.len(),
            )
        })
    }
}

/// A term as the evaluator holds it: the id of a term of the dataset, or a term the
/// dataset lacks (a query's constant, a computed value). A term the dictionary holds is
/// always an id, so equal terms are equal values.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum FrozenTerm {
    Id(u32),
    Other(Arc<Term>),
}

/// The dataset as spareval queries it: a shared handle, so that results may outlive the
/// borrow that started the query.
#[derive(Clone)]
pub struct FrozenView(pub Arc<FrozenDataset>);

/// Quads of one index range that match the positions the range does not fix.
pub struct PatternIter {
    index: Arc<[Key]>,
    next: usize,
    end: usize,
    order: [usize; 4],
    /// (position in stored order, id) pairs still to check.
    checks: Vec<(usize, u32)>,
    /// Skip quads of the default graph (SPARQL's "any named graph").
    named_only: bool,
}

impl Iterator for PatternIter {
    type Item = Result<InternalQuad<FrozenTerm>, std::convert::Infallible>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.next < self.end {
            let permuted = unpack(self.index[self.next]);
            self.next += 1;
            let mut quad = [0; 4];
            for (slot, position) in self.order.iter().enumerate() {
                quad[*position] = permuted[slot];
            }
            if self.named_only && quad[G] == DEFAULT_GRAPH {
                continue;
            }
            if self
                .checks
                .iter()
                .any(|&(position, id)| quad[position] != id)
            {
                continue;
            }
            return Some(Ok(InternalQuad {
                subject: FrozenTerm::Id(quad[S]),
                predicate: FrozenTerm::Id(quad[P]),
                object: FrozenTerm::Id(quad[O]),
                graph_name: (quad[G] != DEFAULT_GRAPH).then_some(FrozenTerm::Id(quad[G])),
            }));
        }
        None
    }
}

impl PatternIter {
    fn empty() -> Self {
        PatternIter {
            index: Arc::from(Vec::new()),
            next: 0,
            end: 0,
            order: ORDERS[0],
            checks: Vec::new(),
            named_only: false,
        }
    }
}

impl QueryableDataset<'static> for FrozenView {
    type InternalTerm = FrozenTerm;
    type Error = std::convert::Infallible;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&FrozenTerm>,
        predicate: Option<&FrozenTerm>,
        object: Option<&FrozenTerm>,
        graph_name: Option<Option<&FrozenTerm>>,
    ) -> impl Iterator<Item = Result<InternalQuad<FrozenTerm>, Self::Error>> + use<> {
        // The bound positions; a term the dataset lacks matches nothing.
        let mut bound: [Option<u32>; 4] = [None; 4];
        let graph = match graph_name {
            None => None,
            Some(None) => Some(Some(&FrozenTerm::Id(DEFAULT_GRAPH))),
            Some(Some(graph)) => Some(Some(graph)),
        };
        for (position, term) in [
            (S, subject.map(Some)),
            (P, predicate.map(Some)),
            (O, object.map(Some)),
            (G, graph),
        ] {
            match term {
                None => {}
                Some(Some(FrozenTerm::Id(id))) => bound[position] = Some(*id),
                Some(Some(FrozenTerm::Other(_)) | None) => return PatternIter::empty(),
            }
        }
        // The order whose longest prefix is bound.
        let (order, prefix) = ORDERS
            .iter()
            .enumerate()
            .map(|(i, positions)| {
                (
                    i,
                    positions
                        .iter()
                        .take_while(|&&p| bound[p].is_some())
                        .count(),
                )
            })
            .fold((0, 0), |best, candidate| {
                if candidate.1 > best.1 {
                    candidate
                } else {
                    best
                }
            });
        let positions = ORDERS[order];
        // The range of keys starting with the bound prefix: [prefix 0…0, prefix 1…1].
        let mut low = [0; 4];
        let mut high = [u32::MAX; 4];
        for (slot, &position) in positions[..prefix].iter().enumerate() {
            let id = bound[position].unwrap_or(0);
            low[slot] = id;
            high[slot] = id;
        }
        let first = low[0];
        let (low, high) = (pack(low), pack(high));
        let index = self.0.index(order);
        let (mut start, mut end) = (0, index.keys.len());
        if prefix > 0 {
            let bucket = index.bucket(first);
            (start, end) = (bucket.start, bucket.end);
        }
        if prefix > 1 {
            let keys = &index.keys[start..end];
            let from = keys.partition_point(|&key| key < low);
            let to = from + keys[from..].partition_point(|&key| key <= high);
            (start, end) = (start + from, start + to);
        }
        let index = Arc::clone(&index.keys);
        let checks = positions[prefix..]
            .iter()
            .filter_map(|&p| bound[p].map(|id| (p, id)))
            .collect();
        PatternIter {
            index,
            next: start,
            end,
            order: positions,
            checks,
            named_only: graph_name.is_none(),
        }
    }

    fn internal_named_graphs(
        &self,
    ) -> impl Iterator<Item = Result<FrozenTerm, Self::Error>> + use<> {
        let graphs: Vec<_> = self
            .0
            .graphs
            .iter()
            .map(|&g| Ok(FrozenTerm::Id(g)))
            .collect();
        graphs.into_iter()
    }

    fn contains_internal_graph_name(&self, graph_name: &FrozenTerm) -> Result<bool, Self::Error> {
        Ok(match graph_name {
            FrozenTerm::Id(id) => self.0.graphs.binary_search(id).is_ok(),
            FrozenTerm::Other(_) => false,
        })
    }

    fn internalize_term(&self, term: Term) -> Result<FrozenTerm, Self::Error> {
        Ok(match self.0.dictionary.get(term.as_ref()) {
            Some(id) => FrozenTerm::Id(id),
            None => FrozenTerm::Other(Arc::new(term)),
        })
    }

    fn externalize_term(&self, term: FrozenTerm) -> Result<Term, Self::Error> {
        Ok(match term {
            FrozenTerm::Id(id) => self
                .0
                .dictionary
                .terms
                .get(id as usize)
                .cloned()
                // Ids come from this dictionary; the default graph is never a term.
                .unwrap_or_else(|| Term::from(oxigraph::model::Literal::from(""))),
            FrozenTerm::Other(term) => Arc::unwrap_or_clone(term),
        })
    }
}
