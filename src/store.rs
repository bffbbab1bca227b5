//! Stage 4: the oxigraph store holding the ontology, the taxonomy and one named graph per
//! list. In memory by default; SPARQL sees the union of all graphs as its default graph.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use std::collections::HashMap;

use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Quad, Term, Variable};
use oxigraph::sparql::{PreparedSparqlQuery, QueryResults};
use oxigraph::store::Store;

use crate::doc::{self, Document, FileInfo};
use crate::error::{Error, Result};
use crate::extract::topics::BUILTIN_TOPICS_TTL;
use crate::extract::{self, Model, Taxonomy};
use crate::frozen::{FrozenBuilder, FrozenView};
use crate::read::{Failure, Limits, ReadError};
use crate::vocab::{ONTOLOGY_GRAPH, ROLES_GRAPH, TOPICS_GRAPH};
use crate::{rdf, sparql};

/// `ontology/dutygraph.ttl`, embedded.
pub const ONTOLOGY_TTL: &str = include_str!("../ontology/dutygraph.ttl");
/// The reference list, embedded: the default dataset.
pub const DEFAULT_LIST: &str = include_str!("../data/weidu-2022-draft.txt");
/// Name of the embedded list (used in messages and as its source name).
pub const DEFAULT_LIST_NAME: &str = "data/weidu-2022-draft.txt";

/// A list to load: its name (for messages), identity (for IRIs) and text.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub id: String,
    /// The text of the list: the file's own for UTF-8 text, else what its reader extracted.
    pub text: String,
    /// How the file was read (its blocks, format, encoding and checksum); `None` for a
    /// text given as UTF-8.
    pub read: Option<Box<(Vec<crate::read::Block>, FileInfo)>>,
}

impl Source {
    /// A list given as UTF-8 text.
    pub fn from_text(
        name: impl Into<String>,
        id: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        Source {
            name: name.into(),
            id: id.into(),
            text: text.into(),
            read: None,
        }
    }

    /// The embedded reference list.
    pub fn embedded() -> Self {
        Source::from_text(
            DEFAULT_LIST_NAME,
            doc::id_from_path(Path::new(DEFAULT_LIST_NAME)),
            DEFAULT_LIST,
        )
    }

    /// Reads a list from a file in any format dutygraph reads (text in UTF-8, GB18030 or
    /// UTF-16, a web page, a Word document, a PDF), the identity from the file name.
    pub fn read(path: &Path) -> Result<Self> {
        Self::read_with(path, &Limits::default())
    }

    /// [`Source::read`] with the given limits against hostile files.
    pub fn read_with(path: &Path, limits: &Limits) -> Result<Self> {
        let name = path.display().to_string();
        let size = std::fs::metadata(path)
            .map_err(|e| Error::io(&name, e))?
            .len();
        if size > limits.max_input {
            return Err(Error::Read(ReadError::new(
                &name,
                Failure::TooLarge {
                    size,
                    limit: limits.max_input,
                },
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(&name, e))?;
        Self::from_bytes(&name, doc::id_from_path(path), &bytes, limits)
    }

    /// A list from a file's bytes.
    pub fn from_bytes(name: &str, id: String, bytes: &[u8], limits: &Limits) -> Result<Self> {
        let extracted = crate::read::read(name, bytes, limits)?;
        let file = FileInfo::of(bytes, &extracted);
        Ok(Source {
            name: name.to_owned(),
            id,
            text: extracted.text,
            read: Some(Box::new((extracted.blocks, file))),
        })
    }

    /// The given paths, or the embedded list when there are none.
    pub fn read_all(paths: &[impl AsRef<Path>]) -> Result<Vec<Self>> {
        if paths.is_empty() {
            return Ok(vec![Source::embedded()]);
        }
        paths.iter().map(|p| Source::read(p.as_ref())).collect()
    }

    /// Parses this list.
    pub fn document(&self) -> Result<Document> {
        Ok(match &self.read {
            None => doc::parse(&self.name, &self.id, &self.text)?,
            Some(read) => {
                let (blocks, file) = read.as_ref();
                let extracted = crate::read::Extracted {
                    text: self.text.clone(),
                    blocks: blocks.clone(),
                    format: file.format,
                    encoding: file.encoding,
                    warnings: Vec::new(),
                };
                doc::parse_extracted(&self.name, &self.id, extracted, file.clone())?
            }
        })
    }

    /// Parses and extracts this list; a document in which no duty and no body is found is
    /// refused, with what it looked like.
    pub fn model(&self, taxonomy: Arc<Taxonomy>) -> Result<Model> {
        let model = extract::extract(self.document()?, taxonomy);
        if model.is_empty() {
            return Err(Error::NotAList(model.refusal()));
        }
        Ok(model)
    }
}

/// A loaded list.
#[derive(Debug, Clone)]
pub struct LoadedList {
    pub id: String,
    pub source_name: String,
    pub graph: NamedNode,
    /// Quads written when loaded by this process; 0 for a list found in an on-disk store.
    pub quads: usize,
}

/// Where the quads are.
#[derive(Clone)]
enum Backend {
    /// oxigraph's store, in memory or on disk: the endpoint, `ingest`, anything that writes.
    Oxigraph(Store),
    /// A read-only snapshot, for the commands that load lists, answer and exit.
    Frozen(FrozenView),
}

/// The store with the vocabulary, the taxonomy and the lists.
pub struct DutyStore {
    backend: Backend,
    taxonomy: Arc<Taxonomy>,
    lists: Vec<LoadedList>,
    /// When set, queries see this list's graph (with the vocabularies) instead of the union.
    scope: Option<NamedNode>,
    /// On disk (RocksDB): new lists go in through the bulk loader.
    on_disk: bool,
}

impl DutyStore {
    /// An in-memory store with the ontology and the built-in taxonomy.
    pub fn new() -> Result<Self> {
        Self::with_taxonomy(Taxonomy::builtin())
    }

    /// An in-memory store with the ontology and the given taxonomy.
    pub fn with_taxonomy(taxonomy: Arc<Taxonomy>) -> Result<Self> {
        let store = Store::new()?;
        load_vocabularies(&store, &taxonomy.turtle)?;
        Ok(Self::in_memory(store, taxonomy))
    }

    /// An in-memory store already holding its vocabularies, with no list yet.
    fn in_memory(store: Store, taxonomy: Arc<Taxonomy>) -> Self {
        DutyStore {
            backend: Backend::Oxigraph(store),
            taxonomy,
            lists: Vec::new(),
            scope: None,
            on_disk: false,
        }
    }

    /// Opens (or creates) the on-disk store in `dir`, with the ontology and the built-in
    /// taxonomy (re)loaded into their graphs, so that a store always matches this build's
    /// vocabulary. The lists it holds are listed from the graph.
    #[cfg(feature = "rocksdb")]
    pub fn open(dir: &Path) -> Result<Self> {
        let store = Store::open(dir).map_err(|e| Error::Store {
            dir: dir.display().to_string(),
            message: e.to_string(),
        })?;
        let taxonomy = Taxonomy::builtin();
        load_vocabularies(&store, &taxonomy.turtle)?;
        let mut this = DutyStore {
            backend: Backend::Oxigraph(store),
            taxonomy,
            lists: Vec::new(),
            scope: None,
            on_disk: true,
        };
        this.lists = this.lists_in_store()?;
        Ok(this)
    }

    /// Opens the on-disk store in `dir` for reading only (queries, reports, the endpoint).
    #[cfg(feature = "rocksdb")]
    pub fn open_read_only(dir: &Path) -> Result<Self> {
        if !dir.join("CURRENT").exists() {
            return Err(Error::Store {
                dir: dir.display().to_string(),
                message: "no dutygraph store here (create one with `dutygraph ingest --store DIR`)"
                    .into(),
            });
        }
        let store = Store::open_read_only(dir).map_err(|e| Error::Store {
            dir: dir.display().to_string(),
            message: e.to_string(),
        })?;
        let mut this = DutyStore {
            backend: Backend::Oxigraph(store),
            taxonomy: Taxonomy::builtin(),
            lists: Vec::new(),
            scope: None,
            on_disk: true,
        };
        this.lists = this.lists_in_store()?;
        Ok(this)
    }

    /// The store in `dir` when given (read-only), else the given lists (or the embedded
    /// one) as a read-only snapshot in memory. Refuses `--store` in a build without the
    /// on-disk store.
    pub fn from_args(store_dir: Option<&Path>, docs: &[impl AsRef<Path>]) -> Result<Self> {
        match store_dir {
            None => Self::load_frozen(&Source::read_all(docs)?),
            Some(dir) if !docs.is_empty() => Err(Error::Usage(format!(
                "give either --store {} or --doc, not both",
                dir.display()
            ))),
            #[cfg(feature = "rocksdb")]
            Some(dir) => Self::open_read_only(dir),
            #[cfg(not(feature = "rocksdb"))]
            Some(dir) => Err(no_disk_store(dir)),
        }
    }

    /// The on-disk store in `dir`: read-only unless `writable` (the endpoint with an update
    /// token writes to it). Refuses in a build without the on-disk store.
    pub fn open_dir(dir: &Path, writable: bool) -> Result<Self> {
        #[cfg(feature = "rocksdb")]
        {
            if writable {
                Self::open(dir)
            } else {
                Self::open_read_only(dir)
            }
        }
        #[cfg(not(feature = "rocksdb"))]
        {
            let _ = writable;
            Err(no_disk_store(dir))
        }
    }

    /// The lists a store holds: every named graph that holds a dg:DutyList. Their quads
    /// are not counted (`quads` is 0): over thousands of lists that would read every quad.
    pub fn lists_in_store(&self) -> Result<Vec<LoadedList>> {
        let mut lists = Vec::new();
        let results = self.query(
            "SELECT ?g ?id WHERE { GRAPH ?g { ?g a dg:DutyList ; dcterms:identifier ?id } } ORDER BY ?id",
            &[],
        )?;
        if let QueryResults::Solutions(solutions) = results {
            for solution in solutions {
                let solution = solution?;
                if let (Some(Term::NamedNode(graph)), Some(Term::Literal(id))) =
                    (solution.get("g"), solution.get("id"))
                {
                    lists.push(LoadedList {
                        id: id.value().to_owned(),
                        source_name: id.value().to_owned(),
                        graph: graph.clone(),
                        quads: 0,
                    });
                }
            }
        }
        Ok(lists)
    }

    /// Parses, extracts and loads the sources (the embedded list when empty).
    ///
    /// The lists are parsed and extracted in a job on the pool while this one loads the
    /// vocabularies and then each list in turn: every command starts with this, and the
    /// two halves take about as long.
    pub fn load(sources: &[Source]) -> Result<Self> {
        rayon::in_place_scope(|scope| {
            // The reader builds the taxonomy's matcher first (a few ms in a fresh process)
            // while this thread loads the vocabularies' Turtle.
            let models = read_models(scope, sources, 1);
            let store = Store::new()?;
            load_vocabularies(&store, BUILTIN_TOPICS_TTL)?;
            // Ready by now, or being built by the reader: this waits for it, never builds twice.
            let mut this = Self::in_memory(store, Taxonomy::builtin());
            for model in models {
                this.add(&model?)?;
            }
            Ok(this)
        })
    }

    /// Parses, extracts and loads the sources (the embedded list when empty) into a
    /// read-only snapshot ([`crate::frozen`]): the same quads and answers as
    /// [`DutyStore::load`], for the commands that only read. The lists are parsed and
    /// extracted in two jobs on the pool, in order, while this one writes the snapshot.
    pub fn load_frozen(sources: &[Source]) -> Result<Self> {
        rayon::in_place_scope(|scope| {
            let models = read_models(scope, sources, 2);
            // A list gives about a quad per 4.6 bytes of text (the reference list: 54,875
            // bytes, 11,871 quads) and up to a new term per 9 (lists share many: 20
            // synthetic lists, 1.07 MB, have 46,640); the vocabularies ~3,000 quads.
            let text: usize = sources.iter().map(|s| s.text.len()).sum();
            let mut builder = FrozenBuilder::with_capacity(text / 4 + 4096, text / 16 + 4096);
            write_vocabularies(BUILTIN_TOPICS_TTL, &mut |quad| builder.insert(quad))?;
            let mut lists: Vec<LoadedList> = Vec::new();
            for model in models {
                let model = model?;
                let graph = rdf::Iris::new(&model.document.id).document();
                if lists.iter().any(|l| l.graph == graph) {
                    builder.clear_graph(graph.as_ref().into());
                    lists.retain(|l| l.graph != graph);
                }
                let before = builder.len();
                rdf::write(&model, &mut |quad| builder.insert(quad));
                lists.push(LoadedList {
                    id: model.document.id.clone(),
                    source_name: model.document.source_name.clone(),
                    graph,
                    quads: builder.len() - before,
                });
            }
            Ok(DutyStore {
                backend: Backend::Frozen(FrozenView(Arc::new(builder.build()))),
                taxonomy: Taxonomy::builtin(),
                lists,
                scope: None,
                on_disk: false,
            })
        })
    }

    /// The embedded reference list, loaded.
    pub fn load_default() -> Result<Self> {
        Self::load(&[Source::embedded()])
    }

    /// Loads models, each into its own named graph, replacing what the graph held; each
    /// atomically: the store holds the whole list or, if its load fails, what it held
    /// before. One result per model, in order.
    ///
    /// On disk, the models whose graphs are new (and distinct) go in together through
    /// oxigraph's bulk loader, several times faster than transactions: their quads are
    /// written to sorted SST files that RocksDB ingests, every column family at once, in
    /// one atomic operation at commit (the loader's default: nothing is visible before,
    /// nothing is left of a failed commit). Should that commit fail, those models are
    /// loaded again one by one, so that a list whose load fails does not take the others
    /// with it. The other models (graphs the store holds: a re-ingest) are loaded with
    /// [`DutyStore::add`], one transaction each.
    pub fn add_all(&mut self, models: &[Model]) -> Vec<Result<usize>> {
        let mut results: Vec<Option<Result<usize>>> = models.iter().map(|_| None).collect();
        if let (true, Backend::Oxigraph(store)) = (self.on_disk, &self.backend) {
            let mut fresh: Vec<usize> = Vec::new();
            let mut graphs: Vec<NamedNode> = Vec::new();
            for (i, model) in models.iter().enumerate() {
                let graph = rdf::Iris::new(&model.document.id).document();
                match store.contains_named_graph(graph.as_ref()) {
                    Ok(false) if !graphs.contains(&graph) => {
                        graphs.push(graph);
                        fresh.push(i);
                    }
                    Ok(_) => {}
                    Err(e) => results[i] = Some(Err(e.into())),
                }
            }
            if fresh.len() > 1 {
                let mut quads = Vec::new();
                let mut counts = Vec::new();
                for &i in &fresh {
                    let before = quads.len();
                    rdf::write(&models[i], &mut |quad| quads.push(quad.into_owned()));
                    counts.push(quads.len() - before);
                }
                if self.bulk_load(quads).is_ok() {
                    for (&i, count) in fresh.iter().zip(counts) {
                        self.loaded(&models[i], count);
                        results[i] = Some(Ok(count));
                    }
                }
            }
        }
        models
            .iter()
            .zip(results)
            .map(|(model, result)| result.unwrap_or_else(|| self.add(model)))
            .collect()
    }

    /// One bulk load, committed atomically.
    fn bulk_load(&self, quads: Vec<Quad>) -> Result<()> {
        let mut loader = self.writable()?.bulk_loader().with_num_threads(2);
        loader.load_quads(quads)?;
        loader.commit()?;
        Ok(())
    }

    /// Loads a model into its own named graph, replacing what the graph held, atomically:
    /// the store holds the whole list or, on failure, what it held before. A graph the
    /// store already holds is cleared and refilled in one transaction; a new graph of the
    /// on-disk store goes through the bulk loader (see [`DutyStore::add_all`]).
    pub fn add(&mut self, model: &Model) -> Result<usize> {
        let graph = rdf::Iris::new(&model.document.id).document();
        let mut count = 0;
        let store = self.writable()?;
        if self.on_disk && !store.contains_named_graph(graph.as_ref())? {
            let mut quads = Vec::new();
            rdf::write(model, &mut |quad| quads.push(quad.into_owned()));
            count = quads.len();
            self.bulk_load(quads)?;
        } else {
            let mut transaction = store.start_transaction()?;
            transaction.clear_graph(graph.as_ref())?;
            rdf::write(model, &mut |quad| {
                transaction.insert(quad);
                count += 1;
            });
            transaction.commit()?;
        }
        self.loaded(model, count);
        Ok(count)
    }

    /// Records a list as loaded.
    fn loaded(&mut self, model: &Model, quads: usize) {
        let graph = rdf::Iris::new(&model.document.id).document();
        self.lists.retain(|l| l.graph != graph);
        self.lists.push(LoadedList {
            id: model.document.id.clone(),
            source_name: model.document.source_name.clone(),
            graph,
            quads,
        });
    }

    /// Loads extra RDF (a hand correction, another graph) into a named graph.
    pub fn add_rdf(
        &self,
        name: &str,
        data: &[u8],
        format: RdfFormat,
        graph: GraphName,
    ) -> Result<()> {
        load_rdf(self.writable()?, name, data, format, graph)
    }

    /// The oxigraph store; refused for a read-only snapshot ([`DutyStore::load_frozen`]).
    pub fn store(&self) -> Result<&Store> {
        match &self.backend {
            Backend::Oxigraph(store) => Ok(store),
            Backend::Frozen(_) => Err(Error::Usage(
                "this graph is a read-only snapshot (loaded for a query or a report), not an oxigraph store".into(),
            )),
        }
    }

    fn writable(&self) -> Result<&Store> {
        self.store()
    }

    /// Whether a named graph holds anything.
    pub fn contains_named_graph(&self, graph: &NamedNode) -> Result<bool> {
        Ok(match &self.backend {
            Backend::Oxigraph(store) => store.contains_named_graph(graph.as_ref())?,
            Backend::Frozen(view) => view.0.contains_named_graph(graph.as_ref().into()),
        })
    }

    /// How many quads the store holds, vocabularies included.
    pub fn len(&self) -> Result<usize> {
        Ok(match &self.backend {
            Backend::Oxigraph(store) => store.len()?,
            Backend::Frozen(view) => view.0.len(),
        })
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    pub fn taxonomy(&self) -> &Arc<Taxonomy> {
        &self.taxonomy
    }

    pub fn lists(&self) -> &[LoadedList] {
        &self.lists
    }

    /// Runs a query over the union of all graphs, with the usual prefixes predeclared.
    pub fn query(
        &self,
        query: &str,
        bindings: &[(Variable, Term)],
    ) -> Result<QueryResults<'static>> {
        let mut prepared = sparql::evaluator().for_query(sparql::prepare(query, bindings)?);
        // A query with FROM / FROM NAMED gets exactly the graphs it names, as in SPARQL.
        if !prepared.dataset().is_default_dataset() {
            return self.execute(prepared);
        }
        match &self.scope {
            None => prepared.dataset_mut().set_default_graph_as_union(),
            Some(graph) => {
                let graphs = [graph.as_ref(), ONTOLOGY_GRAPH, TOPICS_GRAPH, ROLES_GRAPH];
                prepared
                    .dataset_mut()
                    .set_default_graph(graphs.iter().map(|g| g.into_owned().into()).collect());
                prepared.dataset_mut().set_available_named_graphs(
                    graphs.iter().map(|g| g.into_owned().into()).collect(),
                );
            }
        }
        self.execute(prepared)
    }

    fn execute(&self, prepared: PreparedSparqlQuery) -> Result<QueryResults<'static>> {
        Ok(match &self.backend {
            Backend::Oxigraph(store) => prepared.on_store(store).execute()?,
            Backend::Frozen(view) => prepared.on_queryable_dataset(view.clone()).execute()?,
        })
    }

    /// The same store seen through one list's graph (with the vocabularies), as
    /// [`DutyStore::set_scope`] would; the store itself is shared, not copied.
    pub fn scoped(&self, graph: &NamedNode) -> DutyStore {
        DutyStore {
            backend: self.backend.clone(),
            taxonomy: self.taxonomy.clone(),
            lists: self
                .lists
                .iter()
                .filter(|l| &l.graph == graph)
                .cloned()
                .collect(),
            scope: Some(graph.clone()),
            on_disk: self.on_disk,
        }
    }

    /// Restricts queries (and so the analyses) to one list's graph, with the vocabularies;
    /// `None` goes back to the union of everything. Refuses a graph the store lacks.
    pub fn set_scope(&mut self, graph: Option<&str>) -> Result<()> {
        self.scope = match graph {
            None => None,
            Some(iri) => {
                let node =
                    NamedNode::new(iri).map_err(|e| Error::Usage(format!("--graph {iri}: {e}")))?;
                if !self.contains_named_graph(&node)? {
                    let known: Vec<String> = self
                        .lists_in_store()?
                        .into_iter()
                        .map(|l| l.graph.as_str().to_owned())
                        .take(5)
                        .collect();
                    return Err(Error::Usage(format!(
                        "--graph {iri}: no such graph in the store (lists: {}…)",
                        known.join(", ")
                    )));
                }
                Some(node)
            }
        };
        Ok(())
    }

    /// Every quad, sorted, for deterministic output.
    pub fn sorted_quads(&self, data_only: bool) -> Result<Vec<Quad>> {
        let vocabulary = |q: &Quad| {
            q.graph_name == ONTOLOGY_GRAPH.into()
                || q.graph_name == TOPICS_GRAPH.into()
                || q.graph_name == ROLES_GRAPH.into()
        };
        let mut quads = match &self.backend {
            Backend::Oxigraph(store) => store
                .iter()
                .filter(|q| !data_only || !matches!(&q, Ok(q) if vocabulary(q)))
                .collect::<Result<Vec<_>, _>>()?,
            Backend::Frozen(view) => view
                .0
                .quads()
                .filter(|q| !data_only || !vocabulary(q))
                .collect(),
        };
        quads.sort_by_cached_key(|q| {
            (
                q.graph_name.to_string(),
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            )
        });
        Ok(quads)
    }

    /// Writes the store in an RDF format: quad formats keep the graphs; triple formats
    /// write the union, each triple once. Same store, same bytes.
    pub fn export(&self, format: RdfFormat, data_only: bool, out: impl Write) -> Result<()> {
        let quads = self.sorted_quads(data_only)?;
        let mut serializer = RdfSerializer::from_format(format);
        if matches!(format, RdfFormat::Turtle | RdfFormat::TriG) {
            for (prefix, iri) in crate::vocab::turtle_prefixes() {
                serializer = serializer
                    .with_prefix(*prefix, *iri)
                    .map_err(|e| Error::Usage(e.to_string()))?;
            }
        }
        let mut writer = serializer.for_writer(out);
        let io = |e: std::io::Error| Error::io("output", e);
        if format.supports_datasets() {
            for quad in &quads {
                writer.serialize_quad(quad).map_err(io)?;
            }
        } else {
            let mut triples: Vec<_> = quads
                .iter()
                .map(|q| q.as_ref().into())
                .collect::<Vec<oxigraph::model::TripleRef<'_>>>();
            triples.sort_by_cached_key(|t| {
                (
                    t.subject.to_string(),
                    t.predicate.to_string(),
                    t.object.to_string(),
                )
            });
            triples.dedup();
            for triple in triples {
                writer.serialize_triple(triple).map_err(io)?;
            }
        }
        writer.finish().map_err(io)?;
        Ok(())
    }
}

/// Parses and extracts the sources in `workers` jobs on the pool (rayon, through `scope`:
/// the thread that takes the models must not be one of the pool's); the models come out
/// in the sources' order (ids, and so the order of unsorted results, follow it), up to the
/// first failure.
fn read_models<'scope>(
    scope: &rayon::Scope<'scope>,
    sources: &'scope [Source],
    workers: usize,
) -> impl Iterator<Item = Result<Model>> + 'scope {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (sender, receiver) = std::sync::mpsc::sync_channel::<(usize, Result<Model>)>(workers);
    let next = Arc::new(AtomicUsize::new(0));
    for _ in 0..workers {
        let sender = sender.clone();
        let next = Arc::clone(&next);
        scope.spawn(move |_| {
            // The taxonomy's matcher is built once, by whichever worker asks first.
            let taxonomy = Taxonomy::builtin();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(source) = sources.get(i) else { break };
                let model = source.model(taxonomy.clone());
                let failed = model.is_err();
                // A closed channel means the reader stopped on an error: stop too.
                if sender.send((i, model)).is_err() || failed {
                    // No other worker needs to start a list after a failure.
                    next.store(sources.len(), Ordering::Relaxed);
                    break;
                }
            }
        });
    }
    drop(sender);
    let mut pending: std::collections::BTreeMap<usize, Result<Model>> = Default::default();
    let mut wanted = 0;
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed {
            return None;
        }
        loop {
            if let Some(model) = pending.remove(&wanted) {
                wanted += 1;
                failed = model.is_err();
                return Some(model);
            }
            // Every worker gone and the wanted model not among those received: a worker
            // stopped after another one's failure, which comes out in its turn.
            let (i, model) = match receiver.recv() {
                Ok(received) => received,
                Err(_) => return pending.pop_first().map(|(_, model)| model),
            };
            pending.insert(i, model);
        }
    })
}

/// (Re)loads the ontology, the taxonomy and the roles into their graphs, so that a store
/// always carries this build's vocabulary.
fn load_vocabularies(store: &Store, topics_turtle: &str) -> Result<()> {
    // Parsed first: a syntax error leaves the store as it was.
    let mut quads = Vec::new();
    write_vocabularies(topics_turtle, &mut |quad| quads.push(quad.into_owned()))?;
    let mut transaction = store.start_transaction()?;
    for graph in [ONTOLOGY_GRAPH, TOPICS_GRAPH, ROLES_GRAPH] {
        transaction.clear_graph(graph)?;
    }
    transaction.extend(quads.iter());
    transaction.commit()?;
    Ok(())
}

/// The roles, the ontology and the taxonomy as quads in their graphs: what both the store
/// and the snapshot hold besides the lists.
fn write_vocabularies(
    topics_turtle: &str,
    sink: &mut dyn FnMut(oxigraph::model::QuadRef<'_>),
) -> Result<()> {
    rdf::write_roles(sink);
    for (name, turtle, graph) in [
        ("ontology/dutygraph.ttl", ONTOLOGY_TTL, ONTOLOGY_GRAPH),
        ("ontology/topics.ttl", topics_turtle, TOPICS_GRAPH),
    ] {
        for quad in parse_rdf(name, turtle.as_bytes(), RdfFormat::Turtle, graph.into())? {
            sink(quad.as_ref());
        }
    }
    Ok(())
}

/// Parses RDF and loads it atomically. Blank nodes get labels from their order in the
/// source (the parser's own are random), so that exports are byte-for-byte repeatable.
fn load_rdf(
    store: &Store,
    name: &str,
    data: &[u8],
    format: RdfFormat,
    graph: GraphName,
) -> Result<()> {
    let quads = parse_rdf(name, data, format, graph)?;
    let mut transaction = store.start_transaction()?;
    transaction.extend(quads.iter());
    transaction.commit()?;
    Ok(())
}

/// Parses RDF into quads, blank nodes labelled as [`load_rdf`] says.
fn parse_rdf(name: &str, data: &[u8], format: RdfFormat, graph: GraphName) -> Result<Vec<Quad>> {
    let mut labels: HashMap<String, BlankNode> = HashMap::new();
    let mut relabel = |node: &BlankNode| {
        let next = labels.len();
        labels
            .entry(node.as_str().to_owned())
            .or_insert_with(|| BlankNode::new_unchecked(format!("b{next}")))
            .clone()
    };
    let mut quads = Vec::new();
    for quad in RdfParser::from_format(format)
        .with_default_graph(graph)
        .for_slice(data)
    {
        let mut quad = quad.map_err(|e| Error::Rdf {
            context: name.to_owned(),
            message: e.to_string(),
        })?;
        if let NamedOrBlankNode::BlankNode(b) = &quad.subject {
            quad.subject = relabel(b).into();
        }
        if let Term::BlankNode(b) = &quad.object {
            quad.object = relabel(b).into();
        }
        if let GraphName::BlankNode(b) = &quad.graph_name {
            quad.graph_name = relabel(b).into();
        }
        quads.push(quad);
    }
    Ok(quads)
}

/// The error for `--store` in a build without the on-disk store.
#[cfg(not(feature = "rocksdb"))]
pub fn no_disk_store(dir: &Path) -> Error {
    Error::Usage(format!(
        "--store {}: this build has no on-disk store; rebuild with `cargo build --release --features rocksdb` (needs Debian's libclang-dev)",
        dir.display()
    ))
}
