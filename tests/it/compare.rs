//! Many lists in one (in-memory) store: the comparison report, the overlaps over many lists
//! and the --graph scope. The reference list and three synthetic lists of other levels.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::sync::OnceLock;

use common::{assert_valid, run_ok};
use dutygraph::analysis::{self, Analyses, Lang, Severity};
use dutygraph::report::Kind;
use dutygraph::report::{self, Format};
use dutygraph::store::{DutyStore, Source};
use dutygraph::synth;
use serde_json::Value;

const EMERGENCY: &str = "https://w3id.org/dutygraph/role/emergency-management";
const HAZCHEM: &str = "危险化学品";

/// The reference list and synthetic lists 0, 1 and 3 of seed 5 (of three levels: 区, 县, 市).
/// (Synthetic list 2 drops 区应急管理局's duty on 危险化学品.)
fn sources() -> Vec<Source> {
    let mut sources = vec![Source::embedded()];
    for index in [0, 1, 3] {
        sources.push(synth::list(5, index).unwrap().into_source());
    }
    sources
}

fn store() -> &'static DutyStore {
    static STORE: OnceLock<DutyStore> = OnceLock::new();
    STORE.get_or_init(|| DutyStore::load(&sources()).unwrap())
}

fn analyses(kind: Kind) -> Analyses {
    analysis::analyse(store(), kind.reads()).unwrap()
}

fn reference_graph() -> String {
    store()
        .lists()
        .iter()
        .find(|l| l.id == "weidu-2022-draft")
        .unwrap()
        .graph
        .as_str()
        .to_owned()
}

/// Per list (graph IRI): does a body of the role lead the topic? Asked of the graph
/// directly, independently of the report.
fn role_leads_topic(role: &str, topic: &str) -> Vec<(String, bool)> {
    let query = format!(
        "SELECT ?g (MAX(?leads) AS ?led) WHERE {{
           GRAPH ?g {{ ?g a dg:DutyList }}
           OPTIONAL {{
             GRAPH ?g {{ ?duty dg:bearer ?body ; dg:clause ?c . ?c dg:concerns ?t ; dg:mode ?m }}
             ?t skos:prefLabel '{topic}'@zh .
             BIND(IF(EXISTS {{ ?body skos:closeMatch <{role}> }} && ?m = dg:Lead, 1, 0) AS ?leads)
           }}
         }} GROUP BY ?g ORDER BY ?g"
    );
    common::select(store(), &query)
        .into_iter()
        .map(|r| (r[0].clone(), r[1] == "1"))
        .collect()
}

/// Per list: is the topic concerned by some duty?
fn lists_concerning(topic: &str) -> usize {
    let query = format!(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{
           GRAPH ?g {{ ?duty dg:bearer ?body ; dg:clause ?c . ?c dg:concerns ?t }}
           ?t skos:prefLabel '{topic}'@zh }}"
    );
    common::column(store(), &query)[0].parse().unwrap()
}

#[test]
fn hazardous_chemicals_is_led_by_the_emergency_management_role_in_every_list() {
    let compare = analyses(common::kind("compare")).compare.unwrap();
    assert_eq!(compare.lists.len(), 4);
    let t = compare.topic(HAZCHEM).unwrap();
    assert_eq!(t.lists_concerned, lists_concerning(HAZCHEM));
    assert_eq!(t.lists_concerned, 4, "every list deals with 危险化学品");
    // The graph, asked directly: the role leads the topic in every list.
    let per_list = role_leads_topic(EMERGENCY, HAZCHEM);
    assert_eq!(per_list.len(), 4);
    assert!(per_list.iter().all(|(_, led)| *led), "{per_list:?}");
    let role = t
        .roles
        .iter()
        .find(|r| r.key.as_deref() == Some(EMERGENCY))
        .unwrap();
    assert_eq!(role.label, "应急管理部门");
    assert_eq!((role.concerns, role.leads), (4, 4));
    // Several roles lead it everywhere (卫健委 too, in the reference and in these lists):
    // the usual lead is one that leads it in all four, so no list is unusual.
    let health = "https://w3id.org/dutygraph/role/health";
    assert!(
        role_leads_topic(health, HAZCHEM)
            .iter()
            .all(|(_, led)| *led)
    );
    let usual = t.usual_lead.as_ref().unwrap();
    assert_eq!(t.usual_lead_lists, 4, "{usual:?}");
    assert_eq!(t.unusual_leads_total, 0);
    assert!(t.unusual_leads.is_empty());
    assert_eq!(t.lists_not_concerned, 0);
    // By annex category: a 监督管理 department leads it in every list.
    let supervision = t
        .categories
        .iter()
        .find(|c| c.key.as_deref() == Some("supervision"))
        .unwrap();
    assert_eq!(supervision.leads, 4);
    // In the reference list five bodies lead it: several leads there.
    assert!(t.lists_several_leads >= 1);
}

#[test]
fn the_per_list_summary_agrees_with_the_single_list_reports() {
    let compare = analyses(common::kind("compare")).compare.unwrap();
    let graph = reference_graph();
    let row = compare.lists.iter().find(|l| l.iri == graph).unwrap();
    assert_eq!(row.title, "魏都区安全生产职责清单（征求意见稿）");
    assert_eq!((row.bodies, row.duties), (48, 269));

    // The same list alone (--graph): its overlaps and gaps give the same counts.
    let mut scoped = DutyStore::load(&sources()).unwrap();
    scoped.set_scope(Some(&graph)).unwrap();
    let alone = analysis::analyse(&scoped, Kind::ALL.reads()).unwrap();
    assert_eq!(alone.lists.len(), 1);
    assert!(alone.compare.is_none(), "one list: nothing to compare");
    let overlaps = alone.overlaps.unwrap();
    assert_eq!(overlaps.topics.len(), row.topics);
    assert_eq!(overlaps.flagged().count(), row.topics_several_leads);
    let without_lead = overlaps.topics.iter().filter(|t| t.lead_count == 0).count();
    assert_eq!(without_lead, row.topics_without_lead);
    let hazchem = overlaps.topics.iter().find(|t| t.topic == HAZCHEM).unwrap();
    assert_eq!(hazchem.lead_count, 5);
    assert_eq!(hazchem.list.as_deref(), Some(graph.as_str()));
    assert!(
        hazchem.bodies.iter().all(|b| b
            .sources
            .iter()
            .all(|s| s.duty.contains("/weidu-2022-draft/"))),
        "the scope keeps the other lists out"
    );
}

#[test]
fn overlaps_over_many_lists_are_per_list_and_grouped_by_role() {
    let overlaps = analyses(common::kind("overlaps")).overlaps.unwrap();
    let hazchem = overlaps.topics.iter().find(|t| t.topic == HAZCHEM).unwrap();
    let across = hazchem.across.as_ref().unwrap();
    assert_eq!(across.lists, 4);
    assert_eq!(hazchem.severity, Severity::High);
    // The reference list is one of the lists with several leads, with its five bodies.
    let graph = reference_graph();
    let example = across.examples.iter().find(|e| e.list == graph).unwrap();
    assert_eq!(example.lead_count, 5);
    assert!(example.leads.iter().any(|b| b.name == "区应急管理局"));
    assert!(example.leads.iter().all(|b| {
        b.sources
            .iter()
            .all(|s| s.duty.contains("/weidu-2022-draft/"))
    }));
    // One entry per role: 应急管理部门 in four lists, leading in four.
    let role = hazchem.bodies.iter().find(|b| b.iri == EMERGENCY).unwrap();
    assert_eq!(role.name, "应急管理部门");
    assert_eq!((role.lists, role.lead_lists), (Some(4), Some(4)));
    let roles: Vec<&str> = hazchem.bodies.iter().map(|b| b.iri.as_str()).collect();
    let mut unique = roles.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(roles.len(), unique.len(), "each role once");
    // No topic entry is larger than the roles there are: bodies do not pile up per list.
    let bodies_per_list = 48;
    assert!(
        overlaps
            .topics
            .iter()
            .all(|t| t.bodies.len() <= bodies_per_list)
    );
    // Pairs are pairs of roles, counted in lists.
    assert!(!overlaps.pairs.is_empty());
    assert!(
        overlaps
            .pairs
            .iter()
            .all(|p| p.lists.is_some_and(|n| (1..=4).contains(&n)))
    );
}

#[test]
fn json_of_many_lists_validates_and_the_renderers_work() {
    let all = analyses(Kind::ALL);
    assert!(all.compare.is_some(), "report all compares several lists");
    let value: Value =
        serde_json::from_slice(&report::render(&all, Kind::ALL, Format::Json, Lang::Zh).unwrap())
            .unwrap();
    assert_valid("all", &value);
    assert_valid("compare", &value["compare"]);
    assert_valid("overlaps", &value["overlaps"]);
    let compare = report::json(&all, common::kind("compare")).unwrap();
    assert_valid("compare", &compare);
    assert_eq!(compare["lists"].as_array().unwrap().len(), 4);

    let md = String::from_utf8(
        report::render(&all, common::kind("compare"), Format::Md, Lang::Zh).unwrap(),
    )
    .unwrap();
    assert!(md.starts_with("# 清单比较：4份清单"), "{}", &md[..200]);
    assert!(md.contains("| 危险化学品 | 行业与领域 | 4/4/"));
    assert!(md.contains("应急管理部门（4）"));
    let en = String::from_utf8(
        report::render(&all, common::kind("compare"), Format::Md, Lang::En).unwrap(),
    )
    .unwrap();
    assert!(en.starts_with("# Comparison of lists: "));
    assert!(en.contains("Emergency Management"));
    let all_md =
        String::from_utf8(report::render(&all, Kind::ALL, Format::Md, Lang::Zh).unwrap()).unwrap();
    assert!(all_md.contains("## 六、清单比较"));

    let csv = report::render(&all, common::kind("compare"), Format::Csv, Lang::Zh).unwrap();
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    assert_eq!(&reader.headers().unwrap()[6], "角色");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let hazchem_emergency = records
        .iter()
        .find(|r| &r[0] == HAZCHEM && &r[7] == EMERGENCY)
        .unwrap();
    assert_eq!((&hazchem_emergency[8], &hazchem_emergency[9]), ("4", "4"));
    // The workbook read back: its first sheet holds the CSV's rows.
    let xlsx = report::render(&all, common::kind("compare"), Format::Xlsx, Lang::Zh).unwrap();
    let sheets = common::xlsx_sheets(xlsx);
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(sheets[0].1[1..], rows[..], "sheet {}", sheets[0].0);
}

#[test]
fn the_compare_command_on_lists_given_with_doc() {
    let dir = std::env::temp_dir().join(format!("dutygraph-compare-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut args = vec!["report".to_owned(), "compare".to_owned()];
    for index in 0..2 {
        let list = synth::list(5, index).unwrap();
        let path = dir.join(&list.file_name);
        std::fs::write(&path, list.text).unwrap();
        args.extend(["--doc".to_owned(), path.display().to_string()]);
    }
    args.extend(["--format".to_owned(), "json".to_owned()]);
    let output = run_ok(std::process::Command::new(env!("CARGO_BIN_EXE_dutygraph")).args(&args));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid("compare", &value);
    let ids: Vec<&str> = value["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["iri"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|i| i.contains("synth-s5-0000")));
}
