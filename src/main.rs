//! The `dutygraph` command line: a thin layer over the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use dutygraph::analysis::{self, Analysis, Lang, Reads};
use dutygraph::error::{Error, Result};
use dutygraph::report::{self, Format};
use dutygraph::results::{self, OutputFormat};
use dutygraph::sparql;
use dutygraph::store::{DutyStore, Source};
use dutygraph::{app, server};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

mod allocator;

// The graph is built anew on every run; mimalloc makes its many small allocations cheap.
// It counts the bytes in use, so that `serve` can cut queries that fill memory.
#[global_allocator]
static GLOBAL: allocator::CountingMiMalloc = allocator::CountingMiMalloc;

/// dutygraph (职责图谱): a Chinese work-safety responsibility list (安全生产职责清单) as an
/// RDF knowledge graph — who owns which duty, on which topic, with whom.
///
/// Every command works on the embedded reference list (魏都区安全生产职责清单（征求意见稿）)
/// unless given lists with --doc.
#[derive(Parser)]
#[command(name = "dutygraph", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Refuse list files larger than this (50MiB, 200MB…), before reading them.
    #[arg(long, global = true, value_name = "SIZE", default_value = "50MiB", value_parser = parse_size)]
    max_input: usize,
}

#[derive(Subcommand)]
enum Command {
    /// Show what was read of lists (读取情况): format and encoding, metadata, the layout
    /// recognised and why, the outline, bodies with their duty counts and roles, sectors,
    /// tables, and every paragraph not attributed to a body, with the reason.
    ///
    /// Reads text (UTF-8, GB18030/GBK, UTF-16), web pages (.html), Word (.docx) and PDF;
    /// with no FILE, the embedded reference list.
    #[command(after_help = "Examples:\n  \
        dutygraph inspect list.txt\n  \
        dutygraph inspect --lang en --format json list.docx page.html")]
    Inspect {
        /// Lists to read (any number).
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: InspectFormat,
        /// Language of the text output.
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    },
    /// Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the graph.
    ///
    /// The default graph is the union of every list, the ontology and the topic taxonomy.
    /// The prefixes dg:, dgid:, topic:, rdf:, rdfs:, owl:, xsd:, skos:, org:, eli:, prov:
    /// and dcterms: are predeclared.
    #[command(after_help = "Examples:\n  \
        dutygraph query 'SELECT ?name WHERE { ?b a dg:Body ; rdfs:label ?name FILTER(lang(?name)=\"zh\") }'\n  \
        dutygraph query -f queries/bodies-sharing-topic.rq --bind topic=危险化学品 --format csv")]
    Query {
        /// The query text (omit it to use -f).
        query: Option<String>,
        /// Read the query from a file ("-" for standard input).
        #[arg(short, long, value_name = "FILE", conflicts_with = "query")]
        file: Option<PathBuf>,
        /// Output format. Default: table on a terminal, CSV otherwise; Turtle for graphs.
        #[arg(long, value_enum)]
        format: Option<QueryFormat>,
        /// Bind a variable before evaluation: VAR=TERM, e.g. topic=危险化学品, b=dgid:weidu-2022-draft/body/art41, n=10.
        #[arg(long = "bind", value_name = "VAR=TERM")]
        bindings: Vec<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Write the whole graph (lists, ontology, taxonomy) in an RDF format, deterministically.
    Export {
        #[arg(long, value_enum, default_value = "turtle")]
        format: ExportFormat,
        /// Write to this file instead of standard output (written only if all succeeds).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only the lists' graphs, without the ontology and the taxonomy.
        #[arg(long)]
        data_only: bool,
        /// Lists to load instead of the embedded one.
        #[arg(long = "doc", value_name = "PATH")]
        docs: Vec<PathBuf>,
    },
    /// Load lists into the on-disk store, each into its own named graph.
    ///
    /// Directories are walked for lists: .txt, .html/.htm, .docx and .pdf (and .doc/.wps,
    /// which are refused with the conversion to run). Re-ingesting a file replaces its graph;
    /// a file that fails (unreadable, no duty found…) is reported with file:line and leaves
    /// the store as it was, and the others still load. Needs a build with `--features rocksdb`.
    Ingest {
        /// Files or directories of lists.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The store directory (created if needed).
        #[arg(long, value_name = "DIR", default_value = "dutygraph-store")]
        store: PathBuf,
    },
    /// Write synthetic lists derived from the reference list, for scale tests only.
    ///
    /// Each list gets another place name and level (区/县/市/旗), some duties dropped or
    /// moved between departments, synonyms, and numbering and punctuation variants. The
    /// output is a deterministic function of --seed: same seed, same bytes.
    Synth {
        /// How many lists.
        #[arg(long, default_value_t = 10)]
        lists: usize,
        /// Seed of the series.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Directory to write them to (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Analyse the graph and write a report (分析报告): overlaps, gaps, network, lint, matrix, compare or all.
    ///
    /// overlaps: for each topic, the bodies engaged and how; topics with more than one body in
    /// the lead (推诿扯皮 risk) flagged high/medium/low; pairwise overlap of bodies (Jaccard).
    /// gaps: topics nobody leads (监管盲区), partners named only as 有关部门, parties with no
    /// article, annex categories against the articles.
    /// network: who guides, urges, supervises, coordinates or works with whom, plus the line
    /// of command the text states; degree, PageRank and betweenness; components; reachability.
    /// lint: review comments (修改意见) for the drafting office: numbering, annex names and
    /// counts, other administrative levels, blank dates, punctuation, abbreviations.
    /// matrix: the body × topic responsibility matrix (L G C O P S letters), for Excel/WPS.
    /// compare: many lists side by side (a store made by `dutygraph ingest`): per topic, in
    /// how many lists each role (区应急管理局 ~ 县应急管理局), annex category and kind of body
    /// concerns or leads it, the usual lead and the lists that give the lead to another
    /// role or the topic to nobody; per list, its bodies, duties and topics with several
    /// leads or none.
    /// all: everything in one Markdown or HTML report with a summary table on top (with the
    /// comparison when several lists are loaded).
    ///
    /// Over several lists, overlaps are computed list by list and bodies are grouped by role.
    ///
    /// Every finding cites its source as 第X条第（Y）项 with the duty's IRI and line.
    /// The analyses read the store, so any list loaded with --doc is analysed the same way.
    #[command(after_help = "Examples:\n  \
        dutygraph report lint                              # 修改意见 in Markdown\n  \
        dutygraph report all --format html -o report.html  # one self-contained page\n  \
        dutygraph report matrix --format xlsx -o matrix.xlsx\n  \
        dutygraph report compare --store dutygraph-store --format xlsx -o compare.xlsx\n  \
        dutygraph report overlaps --format json --lang en")]
    Report {
        /// Which report.
        #[arg(value_parser = report_names())]
        which: String,
        /// Output format. csv: the report's main table; xlsx: one sheet per table (binary:
        /// give -o or redirect standard output).
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        /// Language of headings and messages (JSON keys stay English; JSON has both).
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// Write to this file instead of standard output (written only if all succeeds).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Compare two versions of one list (新旧对照表): which duties were reworded, moved to
    /// another body, split, merged, added or removed, and what that does to the topics.
    ///
    /// Bodies are aligned first: same name, an alias or abbreviation (区安委会), or the same
    /// role (区安监局 → 区应急管理局, 区市场监管分局 → 区市场监督管理局); each is kept,
    /// renamed, added or removed. Duties are then paired one to one by the similarity of
    /// their texts (character bigrams; punctuation, full/half width and spaces ignored),
    /// under the same body first, across bodies where that fits better, and classified
    /// (分类): unchanged, renumbered (序号调整), reworded (修改, with the characters inserted
    /// and deleted), moved (调整至其他主体), split (拆分), merged (合并), added (新增),
    /// removed (删除). Last, the topics whose lead changed: lead lost (无人牵头), a second
    /// lead (新的多头牵头), a new gap (监管盲区).
    ///
    /// OLD and NEW are read like any list: text (UTF-8, GB18030/GBK, UTF-16), web pages,
    /// Word .docx or PDF. The JSON is described by schemas/diff.schema.json.
    #[command(after_help = "Examples:\n  \
        dutygraph diff draft.txt revised.txt\n  \
        dutygraph diff 2019.docx 2023.docx -o changes.json\n  \
        dutygraph diff draft.txt revised.txt | jq '.changes[] | select(.kind == \"moved\")'")]
    Diff {
        /// The earlier version (原版本).
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The later version (新版本).
        #[arg(value_name = "NEW")]
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: DiffFormat,
        /// Write to this file instead of standard output (written only if all succeeds).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Serve the graph over HTTP as a SPARQL 1.1 endpoint (SPARQL 端点) and a web UI (网页界面).
    ///
    /// Routes: /sparql and /query (SPARQL 1.1 Protocol: GET ?query=, POST
    /// application/sparql-query, POST form; without a query, the service description),
    /// /store?default and /store?graph=IRI (Graph Store Protocol, read side), /health.
    /// The web UI: / (dashboard and the network), /bodies, /body/…, /topics, /topic/…,
    /// /reports, /editor (SPARQL editor), /graph.svg|dot|json; ?lang=en for English.
    /// Queries see the same graph with the same predeclared prefixes as `dutygraph query`;
    /// the default graph is the union of all graphs unless the request names graphs with
    /// default-graph-uri / named-graph-uri. Logs one line per request on standard error;
    /// stops cleanly on Ctrl-C or SIGTERM.
    #[command(after_help = "Examples:\n  \
        dutygraph serve\n  \
        dutygraph serve --bind 0.0.0.0:7878 --cors '*' --timeout 10\n  \
        curl -G http://127.0.0.1:7878/sparql -H 'Accept: text/csv' \\\n    \
        --data-urlencode 'query=SELECT ?n WHERE { ?b dg:article 41 ; rdfs:label ?n }'")]
    Serve(ServeArgs),
    /// Draw the supervision network (职责网络图): who guides, urges, supervises,
    /// coordinates or works with whom, and the line of command the text states.
    ///
    /// SVG is laid out in pure Rust (layout-rs; no Graphviz needed), with a CJK font stack,
    /// a legend, and a title and description for screen readers. Node colour: kind of body
    /// and annex category; edge colour and dashes: relation. Counterparts that are not
    /// bodies of the list (企业, 有关部门…) are grouped by class unless --parties each.
    /// DOT is for Graphviz; JSON holds the nodes and edges drawn, with their sources.
    #[command(after_help = "Examples:\n  \
        dutygraph graph -o network.svg\n  \
        dutygraph graph --topic 危险化学品 --relations guides,urges,supervises\n  \
        dutygraph graph --body 区应急管理局 --format dot | dot -Tpng -o ego.png\n  \
        dutygraph graph --format json --parties each")]
    Graph(GraphArgs),
}

#[derive(Args)]
struct GraphArgs {
    /// Only these relations, comma-separated: commands, guides, supervises, urges,
    /// coordinates, jointlyWith, actsJointlyWith, cooperatesWith, assists, supports,
    /// housedIn (or the verbs: 领导,指导,监督,督促,协调,会同,联合,配合,协助,支持,设在).
    #[arg(long, value_name = "LIST")]
    relations: Option<String>,
    /// Only relations written in duties concerning this topic (or a narrower one), and the
    /// bodies dealing with it: a label of the taxonomy (危险化学品, 铁路, Gas) or a slug.
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,
    /// Only this body and the nodes directly connected to it: its name (区应急管理局), an
    /// alias or its English name.
    #[arg(long, value_name = "BODY")]
    body: Option<String>,
    /// How to draw counterparts that are not bodies of the list.
    #[arg(long, value_enum, default_value = "grouped")]
    parties: PartiesArg,
    #[arg(long, value_enum, default_value = "svg")]
    format: GraphFormat,
    /// Language of the labels and the legend.
    #[arg(long, value_enum, default_value = "zh")]
    lang: LangArg,
    /// Link every body to its page under this address (a running `dutygraph serve`,
    /// e.g. http://127.0.0.1:7878); no links by default.
    #[arg(long, value_name = "URL")]
    link_base: Option<String>,
    /// Write to this file instead of standard output (written only if all succeeds).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    data: DataArgs,
}

/// Where `query`, `report` and `graph` read from.
#[derive(Args)]
struct DataArgs {
    /// Lists to load instead of the embedded one: text (UTF-8, GB18030/GBK, UTF-16), web
    /// pages, Word .docx or PDF, the format read from the content.
    #[arg(long = "doc", value_name = "PATH")]
    docs: Vec<PathBuf>,
    /// Read an on-disk store made by `dutygraph ingest` instead (read-only). Needs a build
    /// with `--features rocksdb`.
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    /// Restrict to one list's named graph (its IRI), with the ontology and the taxonomy;
    /// by default every list loaded is read together.
    #[arg(long, value_name = "IRI")]
    graph: Option<String>,
}

impl DataArgs {
    /// The store the arguments name, scoped to `--graph` if given.
    fn open(&self) -> Result<DutyStore> {
        let mut store = DutyStore::from_args(self.store.as_deref(), &self.docs)?;
        store.set_scope(self.graph.as_deref())?;
        Ok(store)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum PartiesArg {
    /// One node per class of counterpart (企业, 有关部门, 下级单位, 上级, 其他).
    Grouped,
    /// One node per counterpart as written.
    Each,
    /// Leave them out.
    Hidden,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Svg,
    Dot,
    Json,
}

fn graph(args: GraphArgs) -> Result<()> {
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let filter = dutygraph::graph::Filter {
        relations: args
            .relations
            .as_deref()
            .map(dutygraph::graph::parse_relations)
            .transpose()?,
        topic: args.topic,
        body: args.body,
        parties: match args.parties {
            PartiesArg::Grouped => dutygraph::graph::Parties::Grouped,
            PartiesArg::Each => dutygraph::graph::Parties::Each,
            PartiesArg::Hidden => dutygraph::graph::Parties::Hidden,
        },
    };
    let store = args.data.open()?;
    let context = analysis::Context::load(&store)?;
    let analyses = analysis::analyse_with(&store, &context, Reads::of(Analysis::Network))?;
    let network = analyses
        .network
        .as_ref()
        .ok_or_else(|| Error::analysis("network", "the network analysis did not run"))?;
    let topics = dutygraph::graph::DutyTopics::load(&store)?;
    let picture = dutygraph::graph::build(&context, network, &topics, &filter)?;
    write_output(args.output.as_deref(), |out| {
        match args.format {
            GraphFormat::Svg => {
                let options = dutygraph::graph::svg::Options {
                    lang,
                    link_base: args.link_base.clone(),
                    ..Default::default()
                };
                out.extend(dutygraph::graph::svg::render(&picture, &options)?.into_bytes());
            }
            GraphFormat::Dot => out.extend(
                dutygraph::graph::dot::render(&picture, lang, args.link_base.as_deref())
                    .into_bytes(),
            ),
            GraphFormat::Json => out.extend(dutygraph::graph::json(&picture)?),
        }
        Ok(())
    })
}

/// The report kinds of the registry (`report::REPORTS`), then `all`.
fn report_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(report::Kind::every().map(report::Kind::name))
}

#[derive(Args)]
struct ServeArgs {
    /// Address and port to listen on. The default listens on this machine only; use
    /// 0.0.0.0:PORT to accept connections from other machines. Port 0 picks a free port
    /// (the address is printed on standard error).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    bind: std::net::SocketAddr,
    /// Lists to load instead of the embedded one: text (UTF-8, GB18030/GBK, UTF-16), web
    /// pages, Word .docx or PDF, the format read from the content.
    #[arg(long = "doc", value_name = "PATH")]
    docs: Vec<PathBuf>,
    /// Serve an on-disk store made by `dutygraph ingest` instead (read-only unless
    /// --update-token is given). Needs a build with `--features rocksdb`.
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    /// Seconds a query may take, waiting for a free slot included. At the deadline the
    /// client gets 503 and the evaluation is cancelled. Fractions allowed (0.5).
    #[arg(long, value_name = "SECS", default_value_t = 30.0, value_parser = parse_seconds)]
    timeout: f64,
    /// Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) in one answer; a query with
    /// more gets 422 and is cancelled. /store is not capped.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_rows: usize,
    /// Most queries evaluated at once on threads of their own; others wait for a slot
    /// within their timeout. A query first runs for up to --inline-budget on the thread
    /// that read it, without a slot: only queries that outlast that take one.
    /// Default: the number of cores, at least 2.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_concurrent: Option<u32>,
    /// Milliseconds a query may first run on the thread that read its request; past it,
    /// it is cut there and evaluated again on a thread of its own (where --timeout and
    /// --max-memory are watched), and so is that query text the next time. 0: every query
    /// on a thread of its own.
    #[arg(long, value_name = "MS", default_value_t = 5)]
    inline_budget: u64,
    /// Largest request body accepted, in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    max_body_bytes: usize,
    /// Heap memory the server may have in use, loaded lists included, e.g. 4GiB or
    /// 512MiB: when it has more, the queries during which it grew are cancelled with 503
    /// (a sort or grouping of a huge product fills memory long before --timeout).
    /// Default: half of this machine's memory.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_memory: Option<usize>,
    /// Allow cross-origin requests (CORS) from this origin, e.g. https://yasgui.triply.cc,
    /// or from any origin with '*'. Repeatable. Off by default: no CORS headers.
    #[arg(long, value_name = "ORIGIN|*")]
    cors: Vec<String>,
    /// Accept SPARQL Update, applied atomically, from requests with
    /// `Authorization: Bearer TOKEN` (others get 401). Without it the endpoint is
    /// read-only and updates get 403. Updates change the in-memory graph only. Prefer the
    /// environment variable: a command line is visible to other users of the machine.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "DUTYGRAPH_UPDATE_TOKEN",
        hide_env_values = true
    )]
    update_token: Option<String>,
    /// Refuse federated queries (SERVICE). By default a query may name other SPARQL
    /// endpoints with `SERVICE <http://host:port/sparql> { … }` (plain HTTP, each call
    /// bounded by --timeout): the endpoint then sends requests of its own to the addresses
    /// queries name. Give --no-service on an endpoint reachable from untrusted clients.
    #[arg(long)]
    no_service: bool,
}

/// A size in bytes, with an optional binary unit: `1048576`, `512MiB`, `4G`.
fn parse_size(given: &str) -> std::result::Result<usize, String> {
    let trimmed = given.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => {
            return Err(format!(
                "unknown unit in {given:?}: use B, KiB, MiB, GiB or TiB"
            ));
        }
    };
    match number.parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 && n * ((1u64 << shift) as f64) < usize::MAX as f64 => {
            Ok((n * (1u64 << shift) as f64) as usize)
        }
        _ => Err(format!(
            "expected a positive size such as 4GiB or 512MiB, got {given:?}"
        )),
    }
}

fn parse_seconds(given: &str) -> std::result::Result<f64, String> {
    match given.parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs > 0.0 && secs < 1e9 => Ok(secs),
        _ => Err(format!(
            "expected a positive number of seconds, got {given:?}"
        )),
    }
}

impl ServeArgs {
    fn config(self) -> app::Config {
        app::Config {
            bind: self.bind,
            docs: self.docs,
            store: self.store,
            options: server::Options {
                limits: server::Limits {
                    timeout: std::time::Duration::from_secs_f64(self.timeout),
                    max_rows: self.max_rows,
                    max_concurrent: self
                        .max_concurrent
                        .map_or_else(server::default_concurrency, |n| n as usize),
                    inline_budget: std::time::Duration::from_millis(self.inline_budget),
                    max_body_bytes: self.max_body_bytes,
                    memory: Some(server::MemoryLimit {
                        max_bytes: self.max_memory.unwrap_or_else(server::default_max_memory),
                        gauge: server::MemoryGauge::new(allocator::bytes_in_use),
                    }),
                },
                cors: self.cors,
                update_token: self.update_token,
                no_service: self.no_service,
            },
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Md,
    Json,
    Html,
    Csv,
    Xlsx,
}

impl ReportFormat {
    fn format(self) -> Format {
        match self {
            ReportFormat::Md => Format::Md,
            ReportFormat::Json => Format::Json,
            ReportFormat::Html => Format::Html,
            ReportFormat::Csv => Format::Csv,
            ReportFormat::Xlsx => Format::Xlsx,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// Every change, body and topic, as described by schemas/diff.schema.json.
    Json,
}

/// `dutygraph diff`: both versions read and extracted (each error names its file), then
/// compared; a renderer needs only the [`dutygraph::diff::Diff`].
fn diff(old: &Path, new: &Path, format: DiffFormat, output: Option<&Path>) -> Result<()> {
    let taxonomy = dutygraph::extract::Taxonomy::builtin();
    let old = Source::read(old)?.model(taxonomy.clone())?;
    let new = Source::read(new)?.model(taxonomy)?;
    let comparison = dutygraph::diff::diff(&old, &new, &dutygraph::diff::Options::default());
    write_output(output, |out| match format {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &comparison)
                .map_err(|e| Error::render("json", e))?;
            out.push(b'\n');
            Ok(())
        }
    })
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

impl LangArg {
    fn lang(self) -> Lang {
        match self {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum InspectFormat {
    Text,
    Json,
}

/// `dutygraph inspect`: every file is read and shown; a file that cannot be read is
/// reported and the others still shown. Fails with the first failure's exit code.
fn inspect(files: &[PathBuf], format: InspectFormat, lang: Lang) -> Result<()> {
    let sources: Vec<Result<Source>> = if files.is_empty() {
        vec![Ok(Source::embedded())]
    } else {
        files.iter().map(|f| Source::read(f)).collect()
    };
    let taxonomy = dutygraph::extract::Taxonomy::builtin();
    let mut views = Vec::new();
    let mut errors = Vec::new();
    for source in sources {
        match source.and_then(|s| s.model(taxonomy.clone())) {
            Ok(model) => views.push(dutygraph::inspect::inspect(&model)),
            Err(e) => errors.push(e),
        }
    }
    let mut out = std::io::stdout().lock();
    let io = |e| Error::io("standard output", e);
    match format {
        InspectFormat::Json => {
            let json =
                serde_json::to_string_pretty(&views).map_err(|e| Error::render("json", e))?;
            writeln!(out, "{json}").map_err(io)?;
        }
        InspectFormat::Text => {
            for (i, view) in views.iter().enumerate() {
                if i > 0 {
                    writeln!(out).map_err(io)?;
                }
                write!(out, "{}", dutygraph::inspect::render_text(view, lang)).map_err(io)?;
            }
        }
    }
    // Every error once: the last one is returned (and printed by `main`, which takes its
    // exit code), the others printed here.
    let last = errors.pop();
    for error in errors {
        eprintln!("dutygraph: {error}");
    }
    last.map_or(Ok(()), Err)
}

/// Runs the endpoint until SIGINT or SIGTERM; log lines go to standard error.
fn serve(args: ServeArgs) -> Result<()> {
    let log = server::BatchedStderr::new();
    tracing_subscriber::fmt()
        .with_writer(log.clone())
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("tokio runtime", e))?;
    let result = runtime.block_on(app::serve(args.config()));
    // Evaluations cut at their deadline may still be unwinding: don't wait for them long.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    log.flush();
    result.map_err(|error| match error {
        server::ServeError::Load(e) => e,
        server::ServeError::Bind { addr, source } => Error::io(format!("--bind {addr}"), source),
        server::ServeError::Io(e) => Error::io("server", e),
        usage @ (server::ServeError::Cors { .. } | server::ServeError::MemoryTooSmall { .. }) => {
            Error::Usage(usage.to_string())
        }
        other => Error::io("server", std::io::Error::other(other.to_string())),
    })
}

#[derive(Clone, Copy, ValueEnum)]
enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
    Jsonld,
    Rdfxml,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
    Rdfxml,
}

impl ExportFormat {
    fn rdf(self) -> RdfFormat {
        match self {
            ExportFormat::Turtle => RdfFormat::Turtle,
            ExportFormat::Ntriples => RdfFormat::NTriples,
            ExportFormat::Nquads => RdfFormat::NQuads,
            ExportFormat::Trig => RdfFormat::TriG,
            ExportFormat::Jsonld => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            ExportFormat::Rdfxml => RdfFormat::RdfXml,
        }
    }
}

fn output_format(format: Option<QueryFormat>, terminal: bool) -> OutputFormat {
    match format {
        None if terminal => OutputFormat::Table,
        None => OutputFormat::Results(QueryResultsFormat::Csv),
        Some(QueryFormat::Table) => OutputFormat::Table,
        Some(QueryFormat::Csv) => OutputFormat::Results(QueryResultsFormat::Csv),
        Some(QueryFormat::Tsv) => OutputFormat::Results(QueryResultsFormat::Tsv),
        Some(QueryFormat::Json) => OutputFormat::Results(QueryResultsFormat::Json),
        Some(QueryFormat::Xml) => OutputFormat::Results(QueryResultsFormat::Xml),
        Some(QueryFormat::Turtle) => OutputFormat::Graph(RdfFormat::Turtle),
        Some(QueryFormat::Ntriples) => OutputFormat::Graph(RdfFormat::NTriples),
        Some(QueryFormat::Jsonld) => OutputFormat::Graph(RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        }),
        Some(QueryFormat::Rdfxml) => OutputFormat::Graph(RdfFormat::RdfXml),
    }
}

fn read_query(query: Option<String>, file: Option<&Path>) -> Result<String> {
    match (query, file) {
        (Some(q), _) => Ok(q),
        (None, Some(path)) if path == Path::new("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Error::io("<stdin>", e))?;
            Ok(text)
        }
        (None, Some(path)) => {
            std::fs::read_to_string(path).map_err(|e| Error::io(path.display().to_string(), e))
        }
        (None, None) => Err(Error::Usage(
            "no query: give it as an argument or with -f FILE (see dutygraph query --help)".into(),
        )),
    }
}

/// Writes to a file only once everything is produced, so a failure leaves nothing behind.
fn write_output(
    output: Option<&Path>,
    produce: impl FnOnce(&mut Vec<u8>) -> Result<()>,
) -> Result<()> {
    let mut buffer = Vec::new();
    produce(&mut buffer)?;
    match output {
        Some(path) => {
            let name = path.display().to_string();
            let tmp = path.with_extension("dutygraph-tmp");
            std::fs::write(&tmp, &buffer).map_err(|e| Error::io(&name, e))?;
            std::fs::rename(&tmp, path).map_err(|e| Error::io(&name, e))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(&buffer).and_then(|()| stdout.flush()) {
                // The reader went away (`| head`): nothing more to say.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| Error::io("<stdout>", e)),
            }
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    dutygraph::read::set_max_input(cli.max_input as u64);
    match cli.command {
        Command::Inspect {
            files,
            format,
            lang,
        } => inspect(&files, format, lang.lang()),
        Command::Query {
            query,
            file,
            format,
            bindings,
            data,
        } => {
            let text = read_query(query, file.as_deref())?;
            let bindings = bindings
                .iter()
                .map(|b| sparql::parse_binding(b))
                .collect::<Result<Vec<_>>>()?;
            // Check the syntax before loading anything.
            sparql::parse_query(&text)?;
            let graph = data.open()?;
            let results = graph.query(&text, &bindings)?;
            let format = output_format(format, std::io::stdout().is_terminal());
            write_output(None, |out| results::write(results, format, out))
        }
        Command::Diff {
            old,
            new,
            format,
            output,
        } => diff(&old, &new, format, output.as_deref()),
        Command::Serve(args) => serve(args),
        Command::Graph(args) => graph(args),
        Command::Export {
            format,
            output,
            data_only,
            docs,
        } => {
            let graph = DutyStore::load(&Source::read_all(&docs)?)?;
            write_output(output.as_deref(), |out| {
                graph.export(format.rdf(), data_only, out)
            })
        }
        Command::Ingest { paths, store } => ingest(&paths, &store),
        Command::Synth { lists, seed, out } => {
            let written = dutygraph::synth::write(&out, lists, seed)?;
            eprintln!("wrote {written} synthetic lists to {}", out.display());
            Ok(())
        }
        Command::Report {
            which,
            format,
            lang,
            output,
            data,
        } => {
            let format = format.format();
            if format == Format::Xlsx && output.is_none() && std::io::stdout().is_terminal() {
                return Err(Error::Usage(
                    "xlsx is binary: give -o FILE or redirect standard output".into(),
                ));
            }
            let lang = match lang {
                LangArg::Zh => Lang::Zh,
                LangArg::En => Lang::En,
            };
            let kind = report::Kind::named(&which)
                .ok_or_else(|| Error::Usage(format!("no such report: {which}")))?;
            let graph = data.open()?;
            let analyses = analysis::analyse(&graph, kind.report().reads())?;
            write_output(output.as_deref(), |out| {
                out.extend(report::render(&analyses, kind, format, lang)?);
                Ok(())
            })
        }
    }
}

#[cfg(feature = "rocksdb")]
fn ingest(paths: &[PathBuf], dir: &Path) -> Result<()> {
    use dutygraph::ingest::{self, Outcome};
    let files = ingest::files(paths)?;
    let mut store = DutyStore::open(dir)?;
    let bar = indicatif::ProgressBar::new(files.len() as u64).with_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} lists ({per_sec}, eta {eta}) {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let summary = ingest::ingest(&mut store, &files, &mut |path, outcome| {
        if let Outcome::Failed(e) = outcome {
            bar.println(format!("failed: {e}"));
        }
        bar.set_message(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        bar.inc(1);
    });
    bar.finish_and_clear();
    let failed = summary.failures().count();
    eprintln!(
        "ingested {} of {} lists ({} quads) into {} in {:.1} s; {} failed; the store holds {} lists",
        summary.loaded(),
        files.len(),
        summary.quads(),
        dir.display(),
        summary.elapsed.as_secs_f64(),
        failed,
        store.lists_in_store()?.len(),
    );
    for (_, error) in summary.failures() {
        eprintln!("  {error}");
    }
    if failed > 0 {
        return Err(Error::Usage(format!(
            "{failed} of {} lists failed to load",
            files.len()
        )));
    }
    Ok(())
}

#[cfg(not(feature = "rocksdb"))]
fn ingest(_paths: &[PathBuf], dir: &Path) -> Result<()> {
    Err(dutygraph::store::no_disk_store(dir))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dutygraph: {error}");
            ExitCode::from(error.exit_code() as u8)
        }
    }
}
