//! `/editor`: a SPARQL editor over the endpoint's `/sparql`. The page is server-rendered;
//! `assets/app.js` posts the query with `fetch()`, renders the JSON results as a table,
//! downloads CSV or JSON by asking the endpoint with `Accept`, and keeps the query in the
//! URL (`/editor?query=…`) so that it can be shared. Examples are the cookbook's
//! `queries/*.rq`, each with its question.

use std::sync::LazyLock;

use axum::response::Response;

use super::PageRequest;
use maud::{Markup, PreEscaped, html};

use super::page::{Nav, t};
use crate::analysis::Lang;
use crate::catalogue;
use crate::vocab::{ID_BASE, PREFIXES, TOPIC_BASE};

/// An example query: its file name in `queries/` and its text.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub file: &'static str,
    pub text: &'static str,
}

const fn example(file: &'static str, text: &'static str) -> Example {
    Example { file, text }
}

impl Example {
    /// The question the query answers, from its `# Question:` / `# 问题：` line.
    pub fn question(&self, lang: Lang) -> &'static str {
        let prefix = match lang {
            Lang::Zh => "# 问题：",
            Lang::En => "# Question:",
        };
        self.text
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .map_or(self.file, str::trim)
    }

    /// A query of the cookbook proper, rather than one behind a report or a page.
    pub fn is_cookbook(&self) -> bool {
        !["report-", "ui-", "graph-"]
            .iter()
            .any(|p| self.file.starts_with(p))
    }
}

/// Every query of `queries/`, the cookbook first (the default example first of all).
pub const EXAMPLES: &[Example] = &[
    example(
        "bodies-sharing-topic.rq",
        include_str!("../../queries/bodies-sharing-topic.rq"),
    ),
    example(
        "annex-names.rq",
        include_str!("../../queries/annex-names.rq"),
    ),
    example(
        "bodies-by-category.rq",
        include_str!("../../queries/bodies-by-category.rq"),
    ),
    example(
        "duties-of-body.rq",
        include_str!("../../queries/duties-of-body.rq"),
    ),
    example("exclusions.rq", include_str!("../../queries/exclusions.rq")),
    example(
        "lead-overlaps.rq",
        include_str!("../../queries/lead-overlaps.rq"),
    ),
    example("numbering.rq", include_str!("../../queries/numbering.rq")),
    example(
        "topics-without-lead.rq",
        include_str!("../../queries/topics-without-lead.rq"),
    ),
    example(
        "unspecified-partners.rq",
        include_str!("../../queries/unspecified-partners.rq"),
    ),
    example(
        "who-guides-whom.rq",
        include_str!("../../queries/who-guides-whom.rq"),
    ),
    example(
        "graph-duty-topics.rq",
        include_str!("../../queries/graph-duty-topics.rq"),
    ),
    example(
        "report-bodies.rq",
        include_str!("../../queries/report-bodies.rq"),
    ),
    example(
        "report-compare-groups.rq",
        include_str!("../../queries/report-compare-groups.rq"),
    ),
    example(
        "report-compare-leads.rq",
        include_str!("../../queries/report-compare-leads.rq"),
    ),
    example(
        "report-compare-lists.rq",
        include_str!("../../queries/report-compare-lists.rq"),
    ),
    example(
        "report-compare-roles.rq",
        include_str!("../../queries/report-compare-roles.rq"),
    ),
    example(
        "report-duties.rq",
        include_str!("../../queries/report-duties.rq"),
    ),
    example(
        "report-gaps-bodies.rq",
        include_str!("../../queries/report-gaps-bodies.rq"),
    ),
    example(
        "report-gaps-parties.rq",
        include_str!("../../queries/report-gaps-parties.rq"),
    ),
    example(
        "report-gaps-partners.rq",
        include_str!("../../queries/report-gaps-partners.rq"),
    ),
    example(
        "report-gaps-topics.rq",
        include_str!("../../queries/report-gaps-topics.rq"),
    ),
    example(
        "report-lint-abbreviations.rq",
        include_str!("../../queries/report-lint-abbreviations.rq"),
    ),
    example(
        "report-lint-annex.rq",
        include_str!("../../queries/report-lint-annex.rq"),
    ),
    example(
        "report-lint-articles.rq",
        include_str!("../../queries/report-lint-articles.rq"),
    ),
    example(
        "report-lint-sections.rq",
        include_str!("../../queries/report-lint-sections.rq"),
    ),
    example(
        "report-lists.rq",
        include_str!("../../queries/report-lists.rq"),
    ),
    example(
        "report-matrix.rq",
        include_str!("../../queries/report-matrix.rq"),
    ),
    example(
        "report-network-command.rq",
        include_str!("../../queries/report-network-command.rq"),
    ),
    example(
        "report-network-edges.rq",
        include_str!("../../queries/report-network-edges.rq"),
    ),
    example(
        "report-overlaps.rq",
        include_str!("../../queries/report-overlaps.rq"),
    ),
    example(
        "report-roles.rq",
        include_str!("../../queries/report-roles.rq"),
    ),
    example(
        "report-topics.rq",
        include_str!("../../queries/report-topics.rq"),
    ),
    example(
        "ui-body-clauses.rq",
        include_str!("../../queries/ui-body-clauses.rq"),
    ),
    example(
        "ui-body-mentions.rq",
        include_str!("../../queries/ui-body-mentions.rq"),
    ),
    example(
        "ui-body-relations.rq",
        include_str!("../../queries/ui-body-relations.rq"),
    ),
    example(
        "ui-body-topics.rq",
        include_str!("../../queries/ui-body-topics.rq"),
    ),
    example("ui-counts.rq", include_str!("../../queries/ui-counts.rq")),
];

/// The example shown when the URL names none.
const DEFAULT_EXAMPLE: &str = "bodies-sharing-topic.rq";

pub(crate) async fn page(asked: PageRequest) -> Response {
    let (params, lang) = (&asked.params, asked.lang);
    let chosen = params
        .get("example")
        .and_then(|f| EXAMPLES.iter().find(|e| e.file == f));
    // "Load" (without JavaScript) takes the example chosen over the text sent with it.
    let loading = params.get("load").is_some();
    let query = match (params.get("query").filter(|_| !loading), chosen) {
        (Some(q), _) => q.to_owned(),
        (None, Some(e)) => e.text.to_owned(),
        (None, None) => EXAMPLES
            .iter()
            .find(|e| e.file == DEFAULT_EXAMPLE)
            .map(|e| e.text.to_owned())
            .unwrap_or_default(),
    };
    let selected = chosen
        .map(|e| e.file)
        .or_else(|| {
            EXAMPLES
                .iter()
                .find(|e| e.text.trim() == query.trim())
                .map(|e| e.file)
        })
        .unwrap_or_default();
    let autorun = params.get("query").is_some() || chosen.is_some();
    let body = render(lang, &query, selected, autorun);
    asked.page(catalogue::SPARQL_EDITOR.get(lang), Nav::Editor, body)
}

/// The examples and the prefixes as JSON for the page's script, and the prefixes as the
/// page names them (`dg: dgt: …`): the same on every request, so made once.
struct Embedded {
    examples: String,
    prefixes: String,
    predeclared: String,
}

static EMBEDDED: LazyLock<Embedded> = LazyLock::new(|| {
    let prefixes: serde_json::Map<String, serde_json::Value> = PREFIXES
        .iter()
        .map(|(p, iri)| ((*p).to_owned(), serde_json::Value::from(*iri)))
        .collect();
    let examples: serde_json::Map<String, serde_json::Value> = EXAMPLES
        .iter()
        .map(|e| (e.file.to_owned(), serde_json::Value::from(e.text)))
        .collect();
    // JSON inside <script>: no "<" at all (it could close the element or open a comment);
    // "<" only occurs inside JSON strings, where \u003c means the same.
    let script_json = |v: serde_json::Value| v.to_string().replace('<', "\\u003c");
    let predeclared: Vec<String> = PREFIXES.iter().map(|(p, _)| format!("{p}:")).collect();
    Embedded {
        examples: script_json(serde_json::Value::Object(examples)),
        prefixes: script_json(serde_json::Value::Object(prefixes)),
        predeclared: predeclared.join(" "),
    }
});

fn render(lang: Lang, query: &str, selected: &str, autorun: bool) -> Markup {
    let embedded = &*EMBEDDED;
    let groups = [
        (true, "查询手册", "Cookbook"),
        (
            false,
            "报告与页面所用的查询",
            "Queries behind the reports and pages",
        ),
    ];
    let share = format!(
        "/editor?query={}",
        form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>()
    );
    html! {
        h1 { (catalogue::SPARQL_EDITOR.get(lang)) } "\n"
        p {
            (catalogue::EDITOR_LEAD.fill(lang, &[("prefixes", &embedded.predeclared)]))
        } "\n"
        form id="editor" class="editor" method="get" action="/editor" data-endpoint="/sparql"
            data-id-base=(ID_BASE) data-topic-base=(TOPIC_BASE) data-autorun=(autorun)
            data-lang=(t(lang, "zh", "en")) {
            "\n"
            p class="row" {
                label for="example" { (catalogue::EXAMPLE.get(lang)) } " "
                select id="example" name="example" {
                    option value="" selected[selected.is_empty()] {
                        (catalogue::YOUR_OWN_QUERY.get(lang))
                    }
                    @for (cookbook, group_zh, group_en) in groups {
                        optgroup label=(t(lang, group_zh, group_en)) {
                            @for e in EXAMPLES.iter().filter(|e| e.is_cookbook() == cookbook) {
                                option value=(e.file) selected[e.file == selected] { (e.question(lang)) }
                            }
                        }
                    }
                }
                " " button type="submit" class="nojs" name="load" value="1" { (catalogue::LOAD.get(lang)) }
            } "\n"
            label for="query" { (catalogue::QUERY.get(lang)) } "\n"
            textarea id="query" name="query" rows="18" spellcheck="false" autocapitalize="off"
                autocomplete="off" aria-describedby="query-help" { (query) } "\n"
            p id="query-help" class="help" {
                (catalogue::QUERY_HELP.get(lang))
            } "\n"
            p class="buttons" {
                button type="submit" id="run" { (catalogue::RUN.get(lang)) } " "
                button type="button" id="dl-csv" { (catalogue::DOWNLOAD_CSV.get(lang)) } " "
                button type="button" id="dl-json" { (catalogue::DOWNLOAD_JSON.get(lang)) }
            } "\n"
            p class="row share" {
                label for="share" { (catalogue::SHAREABLE_LINK.get(lang)) } " "
                input id="share" type="text" readonly value=(share); " "
                button type="button" id="copy-share" { (catalogue::COPY.get(lang)) }
            } "\n"
        } "\n"
        noscript {
            p class="error" {
                (catalogue::EDITOR_NEEDS_SCRIPT.get(lang))
            }
        } "\n"
        p id="status" class="status" role="status" aria-live="polite" {} "\n"
        div id="error" class="error" role="alert" hidden {} "\n"
        div id="results" class="results" {} "\n"
        // JSON made safe for a script element when it was built (no "<" at all).
        script type="application/json" id="examples" { (PreEscaped(&embedded.examples)) } "\n"
        script type="application/json" id="prefixes" { (PreEscaped(&embedded.prefixes)) } "\n"
    }
}
