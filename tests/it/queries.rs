//! The SPARQL cookbook: every queries/*.rq opens with the question it answers, runs on the
//! reference list, and gives the answer the document holds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{HAZCHEM_BODIES, reference, select};

fn cookbook() -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

fn run(name: &str) -> Vec<Vec<String>> {
    let queries = cookbook();
    let text = queries
        .get(name)
        .unwrap_or_else(|| panic!("queries/{name}.rq"));
    select(reference(), text)
}

#[test]
fn every_query_says_which_question_it_answers_and_runs() {
    let queries = cookbook();
    assert!(queries.len() >= 6, "{} queries", queries.len());
    for (name, text) in &queries {
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("# Question:"),
            "{name}.rq must open with '# Question:'"
        );
        assert!(
            text.lines()
                .take_while(|l| l.starts_with('#'))
                .any(|l| l.contains("问题")),
            "{name}.rq must state its question in Chinese too"
        );
        // Each one runs on the reference list and finds something there, or — for what
        // only other layouts have (outline headings) — in the real excerpts of the genre.
        let rows = reference().query(text, &[]).map(|_| ());
        assert!(rows.is_ok(), "{name}.rq: {rows:?}");
        assert!(
            !select(reference(), text).is_empty() || !select(common::genre(), text).is_empty(),
            "{name}.rq answers nothing"
        );
    }
}

#[test]
fn bodies_sharing_hazardous_chemicals() {
    let rows = run("bodies-sharing-topic");
    let mut bodies: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    bodies.sort();
    assert_eq!(bodies, HAZCHEM_BODIES);
    // 区公安分局 coordinates the investigation of illegal purchases; the others lead.
    let police = rows.iter().find(|r| r[0] == "区公安分局").unwrap();
    assert_eq!(police[2], "Coordination");
}

#[test]
fn bodies_sharing_railway_with_a_binding() {
    let text = &cookbook()["bodies-sharing-topic"];
    let binding = dutygraph::sparql::parse_binding("topic=铁路").unwrap();
    let results = reference().query(text, &[binding]).unwrap();
    let oxigraph::sparql::QueryResults::Solutions(solutions) = results else {
        panic!("a SELECT")
    };
    let mut bodies: Vec<String> = solutions
        .map(|s| common::text(s.unwrap().get("body").unwrap()))
        .collect();
    bodies.sort();
    assert_eq!(
        bodies,
        [
            "区交通局",
            "区住建局",
            "区发改委",
            "区城管局",
            "区委政法委",
            "区教体局",
            "区水利局",
            "区生态环境分局",
            "区自然资源和规划分局"
        ]
    );
}

#[test]
fn duties_of_the_emergency_bureau() {
    let rows = run("duties-of-body");
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[0][0], "41");
    let markers: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        markers,
        ["一", "二", "三", "五", "六", "七", "八", "九", "十", "十一"]
    );
}

#[test]
fn exclusions_include_special_equipment_for_the_emergency_bureau() {
    let rows = run("exclusions");
    let found: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[3].as_str()))
        .collect();
    assert!(
        found.contains(&("区应急管理局", "41", "特种设备")),
        "{found:?}"
    );
    assert!(
        found.contains(&("区消防救援大队", "50", "森林防火")),
        "{found:?}"
    );
    assert!(found.contains(&("区发改委", "24", "煤炭")), "{found:?}");
}

#[test]
fn lead_overlaps_include_hazardous_chemicals() {
    let rows = run("lead-overlaps");
    let chemicals = rows.iter().find(|r| r[0] == "危险化学品").unwrap();
    assert_eq!(chemicals[1], "5");
    assert!(
        !chemicals[2].contains("区公安分局"),
        "the police only coordinate"
    );
}

#[test]
fn topics_without_a_lead() {
    let rows = run("topics-without-lead");
    let topics: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    // 大型群众性活动: 区公安分局 指导监督, 区文广旅局 监督检查 — nobody 负责.
    assert!(topics.contains(&"大型群众性活动"), "{topics:?}");
    assert!(!topics.contains(&"危险化学品"));
}

#[test]
fn unspecified_partners() {
    let rows = run("unspecified-partners");
    let found: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str(), r[3].as_str()))
        .collect();
    // 第十九条（三） 会同有关部门…; 第三十四条（三） 配合有关部门….
    assert!(found.contains(&("19", "3", "会同")));
    assert!(found.contains(&("34", "3", "配合")));
    assert!(
        !found.iter().any(|(a, p, _)| (*a, *p) == ("34", "5")),
        "消防部门 is a body"
    );
}

#[test]
fn who_guides_whom() {
    let rows = run("who-guides-whom");
    let edges: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert!(edges.contains(&("区住建局", "cooperatesWith", "区消防救援大队")));
    assert!(edges.contains(&("区委副书记", "assists", "区委主要负责同志")));
    assert!(edges.contains(&("区安委会办公室", "guides", "各街道办事处（管委会）")));
}

#[test]
fn annex_names_that_differ() {
    let rows = run("annex-names");
    let pairs: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("区政务服务和大数据局", "区政务服务和大数据管理局"),
            ("区商管中心", "区商贸企业管理中心")
        ]
    );
}

#[test]
fn numbering_irregularities() {
    let rows = run("numbering");
    let found: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("36", "1", ""),   // unnumbered first paragraph
            ("36", "8", "七"), // （七） again
            ("41", "4", "五"), // （四） skipped
            ("42", "6", "七"), // （六） skipped
        ]
    );
}

#[test]
fn bodies_by_category() {
    let rows = run("bodies-by-category");
    let counts: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        counts,
        [
            ("负有安全生产监督管理职责的部门", "24"),
            ("负有安全生产支持保障职责的部门", "7"),
            ("负有安全生产行业领域管理职责的部门", "5"),
        ]
    );
}
