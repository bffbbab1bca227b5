//! The six real excerpts of the genre (tests/fixtures/genre/, copied from
//! ../shared/docs/genre/ with their README), read as a careful reader reads them: layout,
//! bodies and their duty counts, roles, sectors, metadata, and what is not a duty.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

use dutygraph::extract::{Model, Taxonomy};
use dutygraph::store::Source;

fn model(name: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/genre")
        .join(name);
    Source::read(&path)
        .unwrap()
        .model(Taxonomy::builtin())
        .unwrap()
}

/// (name as printed, duties, role slug) of every body, in the order found.
fn bodies(model: &Model) -> Vec<(String, usize, Option<String>)> {
    model
        .bodies
        .iter()
        .enumerate()
        .map(|(id, b)| {
            (
                b.name.clone(),
                model.duties.iter().filter(|d| d.bearer == Some(id)).count(),
                b.role.map(|r| r.slug.clone()),
            )
        })
        .collect()
}

fn names_and_counts(model: &Model) -> Vec<(String, usize)> {
    bodies(model).into_iter().map(|(n, c, _)| (n, c)).collect()
}

fn owned(expected: &[(&str, usize)]) -> Vec<(String, usize)> {
    expected
        .iter()
        .map(|(n, c)| ((*n).to_owned(), *c))
        .collect()
}

fn unattributed(model: &Model) -> usize {
    model.duties.iter().filter(|d| d.bearer.is_none()).count()
}

#[test]
fn yantian_a_body_per_outline_heading_after_the_notice() {
    let m = model("yantian-2005-rules.txt");
    assert_eq!(m.layout.kind.name(), "body-outline");
    // 一、各街道办事处 and its items (一)…(八), the last cut off mid-sentence.
    assert_eq!(names_and_counts(&m), owned(&[("各街道办事处", 8)]));
    assert_eq!(m.bodies[0].kind, dutygraph::extract::BodyKind::Collective);
    assert_eq!(
        m.bodies[0].role.map(|r| r.slug.as_str()),
        Some("subdistricts")
    );
    let meta = &m.document.meta;
    assert_eq!(
        meta.title.as_ref().unwrap().text,
        "盐田区政府工作部门及有关单位安全监督管理职责规定"
    );
    assert_eq!(meta.issued, Some((2005, 5, 23)));
    assert_eq!(m.document.level.as_deref(), Some("区"));
    // The repealed document's number in the notice is not this list's.
    assert!(meta.number.is_none());
    assert_eq!(m.duties[7].citation, "一、各街道办事处（八）");
    assert_eq!(unattributed(&m), 0);
}

#[test]
fn city_page_8_starts_mid_list_with_generic_and_non_government_bodies() {
    let m = model("city-rules-p8-depts.txt");
    assert_eq!(m.layout.kind.name(), "body-outline");
    let found: Vec<(String, usize, Option<String>)> = bodies(&m);
    let expected = [
        ("质监部门", 5, Some("market-regulation")),
        ("供销部门", 3, Some("supply-marketing")),
        ("邮政部门", 2, Some("postal-administration")),
        ("供电部门", 6, Some("power-supply")),
        ("通信单位", 2, Some("telecom-operators")),
        ("各资产经营投资公司、集团公司、控股公司", 1, None),
    ];
    let expected: Vec<(String, usize, Option<String>)> = expected
        .iter()
        .map(|(n, c, r)| ((*n).to_owned(), *c, r.map(str::to_owned)))
        .collect();
    assert_eq!(found, expected);
    // Items 4. and 5. of a body whose heading is on page 7: kept, without a bearer.
    assert_eq!(unattributed(&m), 2);
    let orphans: Vec<&str> = m
        .duties
        .iter()
        .filter(|d| d.bearer.is_none())
        .map(|d| d.citation.as_str())
        .collect();
    assert_eq!(orphans, ["第4项", "第5项"]);
    assert_eq!(m.duties[2].citation, "（三十六）质监部门第1项");
}

#[test]
fn jinan_liuan_sector_first_with_the_issuing_notice() {
    let m = model("jinan-liuan-2024-sectors.txt");
    assert_eq!(m.layout.kind.name(), "sector-first");
    assert_eq!(
        names_and_counts(&m),
        owned(&[
            ("区文旅局", 1),
            ("区公安分局", 1),
            ("区住建局", 1),
            ("区消防救援大队", 1),
            ("区市场监管局", 1),
            ("区商务局", 1),
            ("区城管局", 1),
            ("区交通局", 1),
            ("区邮政管理局", 1),
            ("区经信局", 1),
            ("区发改委", 1),
        ])
    );
    let roles: Vec<Option<&str>> = m
        .bodies
        .iter()
        .map(|b| b.role.map(|r| r.slug.as_str()))
        .collect();
    assert!(roles.iter().all(Option::is_some), "{roles:?}");
    let sectors: Vec<(&str, usize)> = m
        .sectors
        .iter()
        .enumerate()
        .map(|(id, s)| {
            let n = m.duties.iter().filter(|d| d.sectors.contains(&id)).count();
            (s.label.text.as_str(), n)
        })
        .collect();
    assert_eq!(
        sectors,
        [("剧本娱乐经营场所", 4), ("平台经济", 5), ("新能源汽车", 2)]
    );
    let meta = &m.document.meta;
    assert_eq!(meta.number.as_ref().unwrap().text, "金政办〔2024〕4号");
    assert_eq!(
        meta.issuer.as_ref().unwrap().text,
        "六安市金安区人民政府办公室"
    );
    assert_eq!(meta.issued, Some((2024, 5, 17)));
    assert_eq!(
        meta.title.as_ref().unwrap().text,
        "进一步明确我区部分行业(领域)安全生产监管职责分工"
    );
    assert_eq!(m.document.level.as_deref(), Some("区"));
    assert_eq!(m.duties[5].citation, "二、平台经济（二）");
}

#[test]
fn shijiazhuang_a_flattened_duty_boundary_table() {
    let m = model("shijiazhuang-2024-table.txt");
    assert_eq!(m.layout.kind.name(), "table");
    assert_eq!(
        names_and_counts(&m),
        owned(&[
            ("市公安局", 1),
            ("市应急管理局", 1),
            ("市市场监督管理局", 1),
            ("市供销社", 1),
            ("市行政审批局", 1),
            ("市交通运输局等有关市直部门", 1),
        ])
    );
    // The 其他 row names no body; the legal bases are no duties.
    assert_eq!(unattributed(&m), 1);
    assert_eq!(m.duties.len(), 7);
    let taxonomy = Taxonomy::builtin();
    assert_eq!(m.sectors.len(), 1);
    assert_eq!(m.sectors[0].label.text, "烟花爆竹安全监管");
    assert_eq!(
        m.sectors[0]
            .concept
            .map(|c| taxonomy.concepts[c].pref_zh.as_str()),
        Some("烟花爆竹")
    );
    assert_eq!(m.document.level.as_deref(), Some("市"));
    assert_eq!(m.bodies[5].kind, dutygraph::extract::BodyKind::Collective);
}

#[test]
fn ningxia_traditional_characters_general_provisions_only() {
    let m = model("ningxia-2010-rules-trad.txt");
    assert_eq!(m.document.script, dutygraph::doc::Script::Traditional);
    assert_eq!(m.layout.kind.name(), "articles");
    // 第六條 各級人民政府: the text ends before its items.
    assert_eq!(names_and_counts(&m), owned(&[("各級人民政府", 0)]));
    let body = &m.bodies[0];
    assert!(body.aliases.iter().any(|a| a.text == "各级人民政府"));
    assert_eq!(
        body.role.map(|r| r.slug.as_str()),
        Some("all-level-governments")
    );
    assert_eq!(m.layout.warnings.len(), 1);
    // 第一條…第五條 are the general provisions (總則).
    assert_eq!(m.layout.skipped.len(), 5);
    let meta = &m.document.meta;
    assert_eq!(meta.number.as_ref().unwrap().text, "寧政發〔2010〕55號");
    assert_eq!(meta.issued, Some((2010, 3, 29)));
    assert_eq!(
        meta.title.as_ref().unwrap().text,
        "寧夏回族自治區安全生產監督管理責任規定"
    );
    assert_eq!(meta.issuer.as_ref().unwrap().text, "自治區人民政府");
    assert_eq!(m.document.level.as_deref(), Some("自治区"));
}

#[test]
fn yinchuan_a_lead_in_names_the_body() {
    let m = model("yinchuan-rules.txt");
    assert_eq!(m.layout.kind.name(), "articles");
    assert_eq!(names_and_counts(&m), owned(&[("市、县(区)人民政府", 5)]));
    assert_eq!(m.layout.skipped.len(), 4);
    assert_eq!(m.document.level.as_deref(), Some("市"));
    assert_eq!(m.duties[0].citation, "第五条第（一）项");
}

#[test]
fn every_excerpt_loads_into_one_store_with_every_report() {
    let store = common::load_dir("tests/fixtures/genre");
    assert_eq!(store.lists().len(), 6);
    let analyses =
        dutygraph::analysis::analyse(&store, dutygraph::report::Kind::ALL.reads()).unwrap();
    let matrix = analyses.matrix.as_ref().unwrap();
    // 6 lists' bodies: 1 + 6 + 11 + 6 + 1 + 1.
    assert_eq!(matrix.rows.len(), 26);
    let unattributed = common::column(
        &store,
        "SELECT ?d WHERE { ?d a dg:Duty ; dg:unattributed true }",
    );
    assert_eq!(unattributed.len(), 3);
    // Sector topics of a list's own are topics like the taxonomy's.
    let own = common::column(
        &store,
        "SELECT ?label WHERE { ?t a dg:Topic ; skos:prefLabel ?label ; eli:is_part_of ?list }
         ORDER BY ?label",
    );
    assert_eq!(own, ["剧本娱乐经营场所", "平台经济", "新能源汽车"]);
}

#[test]
fn every_report_on_every_layout_validates_against_its_schema() {
    use dutygraph::analysis::{Lang, analyse};
    use dutygraph::report::Kind;
    use dutygraph::report::{self, Format};
    // Lists without articles give null articles and citations like 二、平台经济（二）.
    let analyses = analyse(common::genre(), Kind::ALL.reads()).unwrap();
    let bytes = report::render(&analyses, Kind::ALL, Format::Json, Lang::Zh).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    common::assert_valid("all", &value);
    for part in ["overlaps", "gaps", "network", "lint", "matrix"] {
        common::assert_valid(part, &value[part]);
    }
    let citations: Vec<&str> = value["lint"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|finding| finding["citation"].as_str())
        .collect();
    assert!(
        citations.iter().any(|c| !c.starts_with('第')),
        "no finding cited by an outline or table: {citations:?}"
    );
}

#[test]
fn outline_headings_are_numbered_as_printed() {
    // The section query of the lint report: the city page's body headings count up from
    // （三十六）, Yantian's single 一、, Jinan's 一、二、三、.
    let rows = common::select(
        common::genre(),
        include_str!("../../queries/report-lint-sections.rq"),
    );
    let values = |list: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r[0].ends_with(list))
            .map(|r| r[4].clone())
            .collect()
    };
    assert_eq!(
        values("/city-rules-p8-depts"),
        ["36", "37", "38", "39", "40", "41"]
    );
    assert_eq!(values("/jinan-liuan-2024-sectors"), ["1", "2", "3"]);
    assert_eq!(values("/yantian-2005-rules"), ["1"]);
}
