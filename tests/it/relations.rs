//! Relations of the reference list: every 会同 and 配合 with its counterpart, and the
//! resolution of counterparts to the list's bodies.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{ask, column, reference, select};

/// Every 会同 and 配合 whose object is a party: (article, position, verb, words, counterpart).
const JOINT_AND_COOPERATION: &[(u32, u32, &str, &str, &str)] = &[
    (19, 3, "会同", "有关部门", "有关部门"),
    (22, 3, "会同", "有关部门", "有关部门"),
    (25, 5, "会同", "有关部门", "有关部门"),
    (26, 3, "会同", "有关部门", "有关部门"),
    (31, 1, "会同", "有关部门", "有关部门"),
    (31, 4, "会同", "有关部门", "有关部门"),
    (32, 4, "会同", "有关部门", "有关部门"),
    (34, 1, "会同", "有关部门", "有关部门"),
    (34, 3, "配合", "有关部门", "有关部门"),
    (34, 5, "配合", "消防部门", "区消防救援大队"),
    (38, 2, "会同", "有关部门", "有关部门"),
    (38, 3, "配合", "有关部门", "有关部门"),
    (38, 4, "配合", "有关部门", "有关部门"),
    (39, 5, "配合", "有关部门", "有关部门"),
    (42, 2, "配合", "有关部门", "有关部门"),
    (42, 5, "配合", "主管部门", "主管部门"),
    (42, 5, "会同", "有关部门", "有关部门"),
    (42, 6, "配合", "有关部门", "有关部门"),
    (42, 7, "会同", "有关部门", "有关部门"),
];

#[test]
fn every_jointly_and_cooperating_relation_has_its_counterpart() {
    let rows = select(
        reference(),
        "SELECT ?article ?position ?verb ?words ?label WHERE {
           ?d dg:article ?article ; dg:position ?position ; dg:clause/dg:relation ?r .
           ?r dg:verb ?verb ; dg:asWritten ?words ; dg:counterpart ?c .
           ?c rdfs:label ?label FILTER(lang(?label) = 'zh')
           FILTER(?verb IN ('会同', '配合'))
         } ORDER BY ?article ?position ?r",
    );
    let found: Vec<(u32, u32, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r[0].parse().unwrap(),
                r[1].parse().unwrap(),
                r[2].as_str(),
                r[3].as_str(),
                r[4].as_str(),
            )
        })
        .collect();
    assert_eq!(found, JOINT_AND_COOPERATION);
}

#[test]
fn every_occurrence_of_the_verbs_is_accounted_for() {
    // Each 会同/配合 in a duty's text is a relation, except one whose object is an
    // activity, not a party: 第十四条（七） 依法组织、配合或参与相关生产安全事故应急救援和调查处理.
    let rows = select(
        reference(),
        "SELECT ?article ?position ?text WHERE {
           ?d a dg:Duty ; dg:article ?article ; dg:position ?position ; dg:text ?text
           FILTER(CONTAINS(?text, '会同') || CONTAINS(?text, '配合'))
         } ORDER BY ?article ?position",
    );
    let mut in_text = 0;
    for row in &rows {
        in_text += row[2].matches("会同").count() + row[2].matches("配合").count();
    }
    assert_eq!(in_text, JOINT_AND_COOPERATION.len() + 1);
    assert!(!ask(
        reference(),
        "ASK { ?d dg:article 14 ; dg:position 7 ; dg:clause/dg:relation/dg:verb '配合' }"
    ));
}

#[test]
fn cooperation_with_the_fire_department_resolves_to_the_fire_brigade() {
    assert!(ask(
        reference(),
        "ASK { ?d dg:article 34 ; dg:position 5 ; dg:clause ?c .
               ?c dg:cooperatesWith ?b ; dg:mode dg:Cooperation .
               ?b a dg:Body ; rdfs:label '区消防救援大队'@zh }"
    ));
    // 消防部门 is recorded as one of the brigade's aliases, since the text uses it.
    assert!(ask(
        reference(),
        "ASK { ?b rdfs:label '区消防救援大队'@zh ; skos:altLabel '消防部门'@zh }"
    ));
}

#[test]
fn jointly_with_keeps_the_clauses_own_mode() {
    // 第十九条（三） 会同有关部门组织开展铁路沿线安全综合治理: Lead, jointly with 有关部门.
    let rows = select(
        reference(),
        "SELECT ?mode ?class WHERE {
           ?d dg:article 19 ; dg:position 3 ; dg:clause ?c .
           ?c dg:mode ?mode ; dg:jointlyWith ?p . ?p dg:partyClass ?class
         }",
    );
    assert_eq!(
        rows,
        [[
            "https://w3id.org/dutygraph/ns#Lead",
            "https://w3id.org/dutygraph/ns#UnspecifiedDepartments"
        ]]
    );
}

#[test]
fn assisting_a_leader_resolves_to_that_post() {
    let assisted = column(
        reference(),
        "SELECT DISTINCT ?name WHERE {
           ?d dg:bearer/rdfs:label '区委副书记'@zh ; dg:clause/dg:assists ?b .
           ?b a dg:Post ; rdfs:label ?name FILTER(lang(?name) = 'zh')
         }",
    );
    assert_eq!(assisted, ["区委主要负责同志"]);
}

#[test]
fn party_groups_are_classified() {
    let class = |label: &str| {
        column(
            reference(),
            &format!("SELECT ?c WHERE {{ ?p a dg:PartyGroup ; rdfs:label '{label}'@zh ; dg:partyClass ?c }}"),
        )
        .into_iter()
        .map(|c| c.rsplit('#').next().unwrap().to_owned())
        .collect::<Vec<_>>()
    };
    assert_eq!(class("有关部门"), ["UnspecifiedDepartments"]);
    assert_eq!(class("全区公安派出所"), ["LowerLevelUnits"]);
    assert_eq!(class("物业服务企业"), ["Enterprises"]);
    assert_eq!(class("上级行业领域监督部门"), ["HigherLevel"]);
    assert_eq!(class("民族宗教管理部门"), ["OtherParty"]);
}

#[test]
fn guidance_names_the_streets_body() {
    // 第十三条（二） 指导协调区安委会各成员单位和各街道办事处（管委会）的安全生产工作.
    assert!(ask(
        reference(),
        "ASK { ?d dg:article 13 ; dg:position 2 ; dg:clause ?c .
               ?c dg:guides ?s ; dg:coordinates ?s ; dg:mode dg:Guidance .
               ?s a dg:Body ; dg:article 52 }"
    ));
}

#[test]
fn an_activity_object_is_not_a_relation() {
    // 第三十四条（三） 协调燃气、热力等安全运行监督管理: 协调 an activity, no counterpart.
    let coordinated = column(
        reference(),
        "SELECT ?x WHERE { ?d dg:article 34 ; dg:position 3 ; dg:clause/dg:coordinates ?x }",
    );
    assert!(coordinated.is_empty(), "{coordinated:?}");
}

#[test]
fn relation_properties_are_sub_properties_of_relates_to() {
    let properties = column(
        reference(),
        "SELECT ?p WHERE { ?p rdfs:subPropertyOf dg:relatesTo } ORDER BY ?p",
    );
    assert_eq!(properties.len(), 9);
}
