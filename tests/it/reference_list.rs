//! Facts of the reference list (魏都区安全生产职责清单（征求意见稿）), asserted on the graph.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{ask, column, reference, select};

/// Every duty-bearing article and the canonical name of its body, as in its heading.
const BODIES: &[(u32, &str)] = &[
    (5, "区委主要负责同志"),
    (6, "区政府主要负责同志"),
    (7, "区委副书记"),
    (8, "区政府常务工作负责同志"),
    (9, "区政府其他领导干部"),
    (10, "区委、区政府办公室主任"),
    (11, "区委、区政府领导班子成员"),
    (12, "区安全生产委员会"),
    (13, "区安委会办公室"),
    (14, "各有关部门"),
    (15, "区纪委监委"),
    (16, "区委组织部"),
    (17, "区委宣传部"),
    (18, "区委统战部"),
    (19, "区委政法委"),
    (20, "区人武部"),
    (21, "区总工会"),
    (22, "团区委"),
    (23, "区妇联"),
    (24, "区发改委"),
    (25, "区教体局"),
    (26, "区科工局"),
    (27, "区公安分局"),
    (28, "区民政局"),
    (29, "区司法局"),
    (30, "区财政局"),
    (31, "区人社局"),
    (32, "区自然资源和规划分局"),
    (33, "区生态环境分局"),
    (34, "区住建局"),
    (35, "区交通局"),
    (36, "区水利局"),
    (37, "区农业农村局"),
    (38, "区商务局"),
    (39, "区文广旅局"),
    (40, "区卫健委"),
    (41, "区应急管理局"),
    (42, "区市场监管分局"),
    (43, "区城管局"),
    (44, "区政务服务和大数据管理局"),
    (45, "区供销社"),
    (46, "区商贸企业管理中心"),
    (47, "区园林绿化中心"),
    (48, "区烟草专卖局"),
    (49, "区旅游文化中心"),
    (50, "区消防救援大队"),
    (51, "区直及驻区其他有关部门"),
    (52, "各街道办事处（管委会）"),
];

/// The number of paragraphs of every duty-bearing article, counted by hand.
const PARAGRAPHS: &[(u32, usize)] = &[
    (5, 5),
    (6, 6),
    (7, 3),
    (8, 6),
    (9, 7),
    (10, 4),
    (11, 1),
    (12, 7),
    (13, 6),
    (14, 10),
    (15, 4),
    (16, 5),
    (17, 7),
    (18, 3),
    (19, 5),
    (20, 3),
    (21, 5),
    (22, 4),
    (23, 3),
    (24, 11),
    (25, 9),
    (26, 10),
    (27, 6),
    (28, 4),
    (29, 3),
    (30, 4),
    (31, 7),
    (32, 9),
    (33, 7),
    (34, 10),
    (35, 6),
    (36, 9),
    (37, 6),
    (38, 5),
    (39, 8),
    (40, 8),
    (41, 10),
    (42, 9),
    (43, 7),
    (44, 3),
    (45, 4),
    (46, 3),
    (47, 4),
    (48, 3),
    (49, 1),
    (50, 7),
    (51, 1),
    (52, 1),
];

#[test]
fn every_duty_bearing_article_is_a_body_with_its_heading_name() {
    let rows = select(
        reference(),
        "SELECT ?article ?name WHERE {
           ?b a dg:Body ; dg:article ?article ; rdfs:label ?name FILTER(lang(?name) = 'zh')
         } ORDER BY ?article",
    );
    let found: Vec<(u32, &str)> = rows
        .iter()
        .map(|r| (r[0].parse().unwrap(), r[1].as_str()))
        .collect();
    assert_eq!(found, BODIES);
}

#[test]
fn every_body_has_an_english_label() {
    let missing = column(
        reference(),
        "SELECT ?b WHERE { ?b a dg:Body FILTER NOT EXISTS { ?b rdfs:label ?en FILTER(lang(?en) = 'en') } }",
    );
    assert!(missing.is_empty(), "{missing:?}");
    let en = column(
        reference(),
        "SELECT ?en WHERE { ?b a dg:Body ; dg:article 41 ; rdfs:label ?en FILTER(lang(?en) = 'en') }",
    );
    assert_eq!(en, ["District Emergency Management Bureau"]);
}

#[test]
fn paragraph_count_of_every_article() {
    let rows = select(
        reference(),
        "SELECT ?article (COUNT(?d) AS ?n) WHERE { ?d a dg:Duty ; dg:article ?article }
         GROUP BY ?article ORDER BY ?article",
    );
    let found: Vec<(u32, usize)> = rows
        .iter()
        .map(|r| (r[0].parse().unwrap(), r[1].parse().unwrap()))
        .collect();
    assert_eq!(found, PARAGRAPHS);
    let total: usize = PARAGRAPHS
        .iter()
        .filter(|(a, _)| *a != 11)
        .map(|(_, n)| n)
        .sum();
    assert_eq!(total, 268, "articles 5–10 and 12–52");
}

#[test]
fn the_water_bureau_keeps_its_irregular_numbering() {
    let rows = select(
        reference(),
        "SELECT ?position ?marker WHERE {
           ?d dg:bearer/rdfs:label '区水利局'@zh ; dg:position ?position
           OPTIONAL { ?d dg:marker ?marker }
         } ORDER BY ?position",
    );
    let markers: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        markers,
        [
            ("1", ""), // the first paragraph is unnumbered
            ("2", "二"),
            ("3", "三"),
            ("4", "四"),
            ("5", "五"),
            ("6", "六"),
            ("7", "七"),
            ("8", "七"), // （七） printed twice
            ("9", "八"),
        ]
    );
}

#[test]
fn skipped_markers_are_kept_as_printed() {
    // 第四十一条 goes from （三） to （五）; 第四十二条 from （五） to （七）.
    let markers = |name: &str| {
        column(
            reference(),
            &format!(
                "SELECT ?m WHERE {{ ?d dg:bearer/rdfs:label '{name}'@zh ; dg:position ?p ; dg:marker ?m }} ORDER BY ?p"
            ),
        )
    };
    assert_eq!(
        markers("区应急管理局"),
        ["一", "二", "三", "五", "六", "七", "八", "九", "十", "十一"]
    );
    assert_eq!(
        markers("区市场监管分局"),
        ["一", "二", "三", "四", "五", "七", "八", "九", "十"]
    );
}

#[test]
fn duties_carry_their_provenance() {
    let rows = select(
        reference(),
        "SELECT ?text ?line ?marker WHERE {
           ?d dg:article 41 ; dg:position 2 ; dg:text ?text ; dg:line ?line ; dg:marker ?marker
         }",
    );
    assert_eq!(rows.len(), 1);
    assert!(rows[0][0].starts_with("负责危险化学品生产企业安全生产准入管理"));
    assert_eq!(rows[0][1], "447");
    assert_eq!(rows[0][2], "二");
    // The IRI is readable: …/art41/item2.
    assert!(ask(
        reference(),
        "ASK { <https://w3id.org/dutygraph/id/weidu-2022-draft/art41/item2> dg:bearer/rdfs:label '区应急管理局'@zh }"
    ));
}

#[test]
fn annex_aliases_are_alt_labels() {
    let rows = select(
        reference(),
        "SELECT ?name ?alias WHERE {
           ?e a dg:AnnexEntry ; dg:asWritten ?alias ; dg:names ?b .
           ?b rdfs:label ?name ; skos:altLabel ?a FILTER(lang(?name) = 'zh' && str(?a) = ?alias && ?alias != str(?name))
         } ORDER BY ?name",
    );
    let pairs: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("区商贸企业管理中心", "区商管中心"),
            ("区政务服务和大数据管理局", "区政务服务和大数据局"),
        ]
    );
}

#[test]
fn the_abbreviation_defined_in_article_12_is_an_alias() {
    assert!(ask(
        reference(),
        "ASK { ?b rdfs:label '区安全生产委员会'@zh ; skos:altLabel '区安委会'@zh ; dg:abbreviation '区安委会' }"
    ));
}

#[test]
fn annex_categories_are_24_5_7() {
    let rows = select(
        reference(),
        "SELECT ?category (COUNT(?b) AS ?n) WHERE { ?b a dg:Body ; dg:category ?category }
         GROUP BY ?category ORDER BY DESC(?n)",
    );
    let counts: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].rsplit('#').next().unwrap(), r[1].as_str()))
        .collect();
    assert_eq!(
        counts,
        [
            ("SupervisionDepartment", "24"),
            ("SupportDepartment", "7"),
            ("IndustryDepartment", "5"),
        ]
    );
    // The annex's own counts agree with the names it lists.
    let declared = column(
        reference(),
        "SELECT ?n WHERE { ?r a dg:AnnexRow ; dg:declaredCount ?n } ORDER BY ?r",
    );
    assert_eq!(declared, ["24", "5", "7"]);
}

#[test]
fn body_kinds() {
    let count = |class: &str| {
        column(
            reference(),
            &format!("SELECT (COUNT(?b) AS ?n) WHERE {{ ?b a dg:{class} }}"),
        )[0]
        .clone()
    };
    assert_eq!(count("Post"), "7"); // articles 5–11
    assert_eq!(count("Committee"), "2"); // 12, 13
    assert_eq!(count("Department"), "36"); // 15–50
    assert_eq!(count("Collective"), "3"); // 14, 51, 52
}

#[test]
fn the_safety_committee_office_is_housed_in_the_emergency_bureau() {
    assert!(ask(
        reference(),
        "ASK { ?o rdfs:label '区安委会办公室'@zh ; dg:housedIn/rdfs:label '区应急管理局'@zh }"
    ));
}

#[test]
fn document_metadata() {
    let rows = select(
        reference(),
        "SELECT ?title ?status ?level WHERE { ?d a dg:DutyList ; dcterms:title ?title ; dg:status ?status ; dg:level ?level }",
    );
    assert_eq!(rows, [["魏都区安全生产职责清单", "征求意见稿", "区"]]);
    let chapters = column(
        reference(),
        "SELECT ?h WHERE { ?c a dg:Chapter ; dg:chapterNumber ?n ; dg:heading ?h } ORDER BY ?n",
    );
    assert_eq!(chapters.len(), 6);
    assert_eq!(chapters[3], "各有关部门安全生产职责");
}

#[test]
fn special_equipment_is_excluded_by_the_emergency_bureau_and_concerned_by_market_supervision() {
    // 第四十一条（一） …有关设备（不含特种设备）…: excludes, never concerns.
    assert!(ask(
        reference(),
        "ASK { ?d dg:article 41 ; dg:position 1 ; dg:excludes ?t . ?t skos:prefLabel '特种设备'@zh
               FILTER NOT EXISTS { ?d dg:concerns ?t } }"
    ));
    let concerned = column(
        reference(),
        "SELECT DISTINCT ?name WHERE {
           ?d dg:bearer/rdfs:label ?name ; dg:concerns/skos:prefLabel '特种设备'@zh FILTER(lang(?name) = 'zh')
         }",
    );
    assert_eq!(concerned, ["区市场监管分局"]);
}
