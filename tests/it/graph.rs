//! The pictures of the supervision network (`dutygraph graph`, `dutygraph::graph`): the SVG
//! is valid XML with every body's label, a legend, a title and a description; filters by
//! topic, body and relation keep what the document says they should. Labels are checked
//! against the store, not against the picture's own data.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{HAZCHEM_BODIES, column, reference, run_ok};
use dutygraph::analysis::network::NodeKind;
use dutygraph::analysis::{self, Context, Lang};
use dutygraph::graph::{self, DutyTopics, Filter, Parties, Picture, svg};

fn picture(filter: &Filter) -> Picture {
    let store = reference();
    let context = Context::load(store).unwrap();
    let analyses = analysis::analyse(store, common::kind("network").reads()).unwrap();
    let topics = DutyTopics::load(store).unwrap();
    graph::build(
        &context,
        analyses.network.as_ref().unwrap(),
        &topics,
        filter,
    )
    .unwrap()
}

fn render(picture: &Picture, lang: Lang, links: bool) -> String {
    svg::render(
        picture,
        &svg::Options {
            lang,
            link_base: links.then(String::new),
            ..Default::default()
        },
    )
    .unwrap()
}

/// The labels of the picture's nodes of one kind.
fn labels_of_kind(picture: &Picture, kind: NodeKind) -> BTreeSet<&str> {
    picture
        .nodes
        .iter()
        .filter(|n| n.kind == kind)
        .map(|n| n.label.as_str())
        .collect()
}

/// Every body's zh label, from the store.
fn body_labels() -> BTreeSet<String> {
    column(
        reference(),
        "SELECT ?name WHERE { ?b a dg:Body ; rdfs:label ?name FILTER(lang(?name) = 'zh') }",
    )
    .into_iter()
    .collect()
}

/// The texts of the nodes of a parsed SVG whose `data-kind` is `kind`.
fn node_labels(doc: &roxmltree::Document<'_>, kind: &str) -> BTreeSet<String> {
    doc.descendants()
        .filter(|n| n.attribute("data-kind") == Some(kind))
        .filter_map(|n| {
            n.descendants()
                .find(|t| t.has_tag_name("text"))
                .and_then(|t| t.text())
                .map(str::to_owned)
        })
        .collect()
}

fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect()
}

#[test]
fn the_whole_network_has_every_body_a_legend_and_a_text_alternative() {
    let picture = picture(&Filter::default());
    let svg = render(&picture, Lang::Zh, false);
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );

    let labels = body_labels();
    assert_eq!(labels.len(), 48);
    assert_eq!(node_labels(&doc, "body"), labels);

    // The font is one that carries Chinese, not layout-rs's Times.
    let style = doc
        .descendants()
        .find(|n| n.has_tag_name("style"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(style.contains("Noto Sans CJK SC") && !style.contains("Times"));

    // Title and description, referenced by aria-labelledby.
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert!(title.text().unwrap().contains("魏都区安全生产职责清单"));
    let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
    assert!(desc.text().unwrap().contains("48 个责任主体"));
    let labelled = root.attribute("aria-labelledby").unwrap();
    for id in labelled.split(' ') {
        assert!(doc.descendants().any(|n| n.attribute("id") == Some(id)));
    }

    // The legend names the annex categories and the relations drawn.
    let legend = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("dg-legend"))
        .unwrap();
    let legend_texts: Vec<&str> = legend
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for expected in [
        "监督管理部门",
        "行业领域管理部门",
        "支持保障部门",
        "指导",
        "督促",
        "监督",
        "领导",
        "设在",
    ] {
        assert!(legend_texts.contains(&expected), "legend lacks {expected}");
    }

    // Every edge is styled by a known relation and its marker exists.
    let ids: BTreeSet<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let edges: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("dg-edge"))
        .collect();
    assert_eq!(edges.len(), picture.edges.len());
    for edge in &edges {
        let relation = edge.attribute("data-relation").unwrap();
        assert!(graph::RELATIONS.iter().any(|r| r.name == relation));
        let marker = edge
            .attribute("marker-end")
            .or_else(|| edge.attribute("marker-start"))
            .unwrap();
        let id = marker.trim_start_matches("url(#").trim_end_matches(')');
        assert!(ids.contains(id), "{id}");
    }
}

#[test]
fn the_line_of_command_and_housing_are_drawn() {
    let picture = picture(&Filter::default());
    let label = |id: &str| picture.node(id).unwrap().label.clone();
    let edges: BTreeSet<(String, String, String)> = picture
        .edges
        .iter()
        .map(|e| (label(&e.from), e.relation.clone(), label(&e.to)))
        .collect();
    // 第五条（三） 领导区安委会工作.
    assert!(edges.contains(&(
        "区委主要负责同志".into(),
        "commands".into(),
        "区安全生产委员会".into()
    )));
    // 第十二条（一） 在区委、区政府领导下.
    assert!(edges.contains(&("区委".into(), "commands".into(), "区安全生产委员会".into())));
    // 第十三条 区安委会办公室（设在区应急管理局）.
    assert!(edges.contains(&(
        "区安委会办公室".into(),
        "housedIn".into(),
        "区应急管理局".into()
    )));
    // 第三十四条（五） 区住建局 配合消防部门 (= 区消防救援大队).
    assert!(edges.contains(&(
        "区住建局".into(),
        "cooperatesWith".into(),
        "区消防救援大队".into()
    )));
    // Counterparts are grouped by class: 企业 stands for 物业服务企业 among others.
    let enterprises = picture
        .nodes
        .iter()
        .find(|n| n.key == "class:Enterprises")
        .unwrap();
    assert!(enterprises.members.iter().any(|m| m == "物业服务企业"));
}

#[test]
fn a_topic_narrows_the_picture_to_the_bodies_dealing_with_it() {
    let picture = picture(&Filter {
        topic: Some("危险化学品".into()),
        ..Filter::default()
    });
    let bodies = labels_of_kind(&picture, NodeKind::Body);
    assert_eq!(bodies, HAZCHEM_BODIES.into_iter().collect());
    assert!(
        picture
            .edges
            .iter()
            .all(|e| e.topics.iter().any(|t| t == "hazardous-chemicals"))
    );
    // The same topic by its English label or slug.
    for words in ["Hazardous chemicals", "hazardous-chemicals"] {
        let again = self::picture(&Filter {
            topic: Some(words.into()),
            ..Filter::default()
        });
        assert_eq!(again.nodes.len(), picture.nodes.len(), "{words}");
    }
    let svg = render(&picture, Lang::Zh, false);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(
        doc.descendants()
            .find(|n| n.has_tag_name("desc"))
            .and_then(|n| n.text())
            .unwrap()
            .contains("危险化学品")
    );
}

#[test]
fn a_body_narrows_the_picture_to_its_neighbours_and_links_to_pages() {
    let picture = picture(&Filter {
        body: Some("区应急管理局".into()),
        ..Filter::default()
    });
    let svg = render(&picture, Lang::Zh, true);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let link = doc
        .descendants()
        .find(|n| n.has_tag_name("a") && n.attribute("data-label") == Some("区应急管理局"))
        .unwrap();
    assert_eq!(link.attribute("href"), Some("/body/weidu-2022-draft/art41"));
    let bodies = node_labels(&doc, "body");
    assert!(bodies.contains("区安委会办公室"));
    // Every edge touches 区应急管理局.
    let focus = picture
        .nodes
        .iter()
        .find(|n| n.label == "区应急管理局")
        .unwrap();
    assert!(
        picture
            .edges
            .iter()
            .all(|e| e.from == focus.id || e.to == focus.id)
    );
}

#[test]
fn relations_parties_and_english() {
    let commands = picture(&Filter {
        relations: Some(graph::parse_relations("领导").unwrap()),
        ..Filter::default()
    });
    assert!(commands.edges.iter().all(|e| e.relation == "commands"));
    assert!(commands.nodes.iter().any(|n| n.label == "区政府"));

    let each = picture(&Filter {
        parties: Parties::Each,
        ..Filter::default()
    });
    let parties = labels_of_kind(&each, NodeKind::Party);
    assert!(parties.contains("物业服务企业") && parties.contains("有关部门"));
    let doc_svg = render(&each, Lang::En, false);
    let doc = roxmltree::Document::parse(&doc_svg).unwrap();
    let texts = texts(&doc);
    assert!(
        texts
            .iter()
            .any(|t| t == "District Emergency Management Bureau")
    );
    assert!(texts.iter().any(|t| t == "supervision department"));

    let hidden = picture(&Filter {
        parties: Parties::Hidden,
        ..Filter::default()
    });
    assert!(hidden.nodes.iter().all(|n| n.kind != NodeKind::Party));
}

#[test]
fn the_command_writes_valid_svg_dot_and_json() {
    let run = |args: &[&str]| {
        let out = run_ok(
            Command::new(env!("CARGO_BIN_EXE_dutygraph"))
                .arg("graph")
                .args(args),
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let svg = run(&["--format", "svg"]);
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    let found: BTreeSet<String> = texts(&doc).into_iter().collect();
    for label in body_labels() {
        assert!(found.contains(&label), "{label} missing from the SVG");
    }

    let dot = run(&["--format", "dot", "--topic", "铁路"]);
    assert!(dot.starts_with("// ") && dot.contains("digraph dutygraph {"));
    assert!(dot.contains("label=\"区交通局\""));

    let json: serde_json::Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    assert_eq!(
        json["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "body")
            .count(),
        48
    );

    let bad = Command::new(env!("CARGO_BIN_EXE_dutygraph"))
        .args(["graph", "--topic", "没有这个主题"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown topic"));
}
