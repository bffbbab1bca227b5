//! The web UI driven in-process (`tower::ServiceExt::oneshot`): status codes, content types,
//! the facts of the reference list on each page, the language switch, embedded assets, the
//! pictures, and 404 pages. The SPARQL routes are covered by tests/it/server.rs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::http_common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use axum::http::{StatusCode, header};
use common::{ART41_MARKERS, HAZCHEM_BODIES};
use dutygraph::server::Options;
use http_common::{Reply, app, enc, get, send, with};

/// One application for all the tests, so that the UI's analyses run once.
fn shared() -> &'static axum::Router {
    static APP: OnceLock<axum::Router> = OnceLock::new();
    APP.get_or_init(|| app(Options::default()))
}

async fn page(uri: &str) -> Reply {
    send(shared(), get(uri)).await
}

/// The text of a page that must answer 200.
async fn page_text(uri: &str) -> String {
    page(uri).await.expect(StatusCode::OK).text()
}

fn assert_html(reply: &Reply, lang: &str) -> String {
    assert_eq!(reply.content_type(), "text/html; charset=utf-8");
    let text = reply.text();
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(
        text.contains(&format!("<html lang=\"{lang}\">")),
        "expected lang {lang}"
    );
    text
}

/// The first inline `<svg class="dg-graph"…>…</svg>` of a page, parsed as XML.
fn inline_svg(html: &str) -> String {
    let start = html
        .find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dg-graph\"")
        .expect("an inline network picture");
    let end = html[start..].find("</svg>").unwrap() + start + "</svg>".len();
    html[start..end].to_owned()
}

/// The values of an attribute on the elements of a parsed document that have it.
fn attribute_values<'a>(doc: &'a roxmltree::Document<'_>, name: &str) -> Vec<&'a str> {
    doc.descendants()
        .filter_map(|n| n.attribute(name))
        .collect()
}

/// The `data-marker`s of the duties on a body page, in order.
fn markers(html: &str) -> Vec<String> {
    html.split("<li class=\"duty\"")
        .skip(1)
        .map(|li| {
            let at = li.find("data-marker=\"").unwrap() + "data-marker=\"".len();
            li[at..at + li[at..].find('"').unwrap()].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_dashboard_shows_counts_headlines_and_the_network() {
    let reply = page("/").await.expect(StatusCode::OK);
    let html = assert_html(&reply, "zh-CN");
    assert!(html.contains("<strong>48</strong> 责任主体"));
    assert!(html.contains("<strong>269</strong> 职责条目"));
    // Overlap headline: 铁路 has six bodies in the lead, 危险化学品 five.
    assert!(html.contains("铁路</a> — 6 个主体牵头"));
    assert!(html.contains("危险化学品</a> — 5 个主体牵头"));
    // Gap headline: 燃气 is only coordinated.
    assert!(html.contains("燃气</a> — 仅协调"));

    let svg = inline_svg(&html);
    let doc = roxmltree::Document::parse(&svg).expect("the inline SVG is well-formed");
    let bodies: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("data-kind") == Some("body"))
        .collect();
    assert_eq!(bodies.len(), 48);
    // Every body is a link to its page.
    let emergency = bodies
        .iter()
        .find(|n| n.attribute("data-label") == Some("区应急管理局"))
        .unwrap();
    assert!(emergency.has_tag_name("a"));
    assert_eq!(
        emergency.attribute("href"),
        Some("/body/weidu-2022-draft/art41")
    );
    // Text alternative: the title/desc, and the table of edges with their sources.
    assert!(doc.descendants().any(|n| n.has_tag_name("desc")));
    assert!(html.contains("<details class=\"edges\"><summary>图的文字说明"));
    assert!(html.contains("第十三条（标题）"));
    // The filter form lists the relations and the topics.
    assert!(html.contains("name=\"rel\" value=\"guides\" checked"));
    assert!(html.contains("<option value=\"hazardous-chemicals\">危险化学品</option>"));
    // Nothing is dimmed without a filter.
    assert!(
        !attribute_values(&doc, "class")
            .iter()
            .any(|c| c.contains("dg-dim"))
    );
}

#[tokio::test]
async fn a_filter_in_the_url_dims_what_it_leaves_out() {
    let reply = page("/?rel=guides&rel=supervises&topic=hazardous-chemicals")
        .await
        .expect(StatusCode::OK);
    let html = reply.text();
    let svg = inline_svg(&html);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let lit: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("dg-edge"))
        .collect();
    assert!(!lit.is_empty());
    for edge in &lit {
        assert!(["guides", "supervises"].contains(&edge.attribute("data-relation").unwrap()));
        assert!(
            edge.attribute("data-topics")
                .unwrap()
                .split(' ')
                .any(|t| t == "hazardous-chemicals")
        );
    }
    // The bodies that stand out are the six dealing with 危险化学品 (and those the lit edges
    // touch, which are among them).
    let lit_bodies: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class") == Some("dg-node") && n.attribute("data-kind") == Some("body")
        })
        .filter_map(|n| n.attribute("data-label"))
        .collect();
    assert_eq!(lit_bodies, HAZCHEM_BODIES.into_iter().collect());
    // The form shows the filter.
    assert!(html.contains("value=\"hazardous-chemicals\" selected"));
    assert!(html.contains("name=\"rel\" value=\"urges\">"));
}

#[tokio::test]
async fn the_body_page_has_its_duties_with_source_and_clauses() {
    let reply = page("/body/weidu-2022-draft/art41")
        .await
        .expect(StatusCode::OK);
    let html = assert_html(&reply, "zh-CN");
    assert!(html.contains(
        "<h1>区应急管理局 <small lang=\"en\">District Emergency Management Bureau</small></h1>"
    ));
    assert_eq!(markers(&html), ART41_MARKERS);
    assert!(html.contains("第四十一条第（五）项"));
    assert!(html.contains("第 450 行"));
    assert!(html.contains("负有安全生产监督管理职责的部门"));
    // The exact source text of 第四十一条（二）.
    assert!(html.contains("负责危险化学品生产企业安全生产准入管理"));
    // Modes and topics of the clauses; the exclusion is shown as one.
    assert!(html.contains("<span class=\"mode mL\">牵头负责</span>"));
    assert!(html.contains("<a href=\"/topic/hazardous-chemicals\">危险化学品</a>"));
    assert!(html.contains(
        "<span class=\"excluded\">（不含<a href=\"/topic/special-equipment\">特种设备</a>）</span>"
    ));
    // Its neighbourhood: 区安委会办公室 is housed in it (第十三条).
    let svg = inline_svg(&html);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(attribute_values(&doc, "data-label").contains(&"区安委会办公室"));
}

#[tokio::test]
async fn counterparts_link_to_their_pages_both_ways() {
    // 第三十四条（五） 区住建局 配合消防部门 (= 区消防救援大队).
    let housing = page_text("/body/weidu-2022-draft/art34").await;
    assert!(housing.contains(
        "配合 <a href=\"/body/weidu-2022-draft/art50\">区消防救援大队</a> <small>（消防部门）</small>"
    ));
    let fire = page_text("/body/weidu-2022-draft/art50").await;
    assert!(fire.contains("<a href=\"/body/weidu-2022-draft/art34\">区住建局</a>"));
    assert!(
        fire.contains("<a href=\"/body/weidu-2022-draft/art34#item5\">第三十四条第（五）项</a>")
    );
}

#[tokio::test]
async fn the_topic_page_says_who_leads_and_flags_overlaps_and_gaps() {
    let html = page_text("/topic/hazardous-chemicals").await;
    assert!(html.contains("<span class=\"sev high\">高</span> 5 个主体牵头负责（推诿扯皮风险）"));
    let lead = html
        .split("<dd data-mode=\"Lead\">")
        .nth(1)
        .and_then(|s| s.split("</dd>").next())
        .unwrap();
    for body in [
        "区应急管理局",
        "区卫健委",
        "区市场监管分局",
        "区教体局",
        "区生态环境分局",
    ] {
        assert!(lead.contains(body), "{body} leads");
    }
    assert!(!lead.contains("区公安分局"));
    assert!(html.contains("<dd data-mode=\"Coordination\"><a href=\"/body/weidu-2022-draft/art27\">区公安分局</a></dd>"));

    // 燃气: dealt with, but nobody leads.
    let gas = page_text("/topic/gas").await;
    assert!(gas.contains("无人牵头（监管盲区）：仅协调"));

    let index = page_text("/topics").await;
    assert!(index.contains("<a href=\"/topic/railway\">铁路</a></td><td class=\"num\">"));
}

#[tokio::test]
async fn english_by_parameter_then_by_cookie() {
    let reply = page("/?lang=en").await.expect(StatusCode::OK);
    let html = assert_html(&reply, "en");
    let cookie = reply
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cookie.starts_with("dg_lang=en;"));
    assert!(html.contains("District Emergency Management Bureau"));
    assert!(html.contains(">Dashboard</a>"));
    // The switch leads back to Chinese.
    assert!(html.contains("id=\"lang-switch\" href=\"/?lang=zh\""));

    let body = send(
        shared(),
        with(
            get("/body/weidu-2022-draft/art41"),
            "cookie",
            "other=1; dg_lang=en",
        ),
    )
    .await
    .expect(StatusCode::OK);
    let html = assert_html(&body, "en");
    assert!(html.contains(
        "<h1>District Emergency Management Bureau <small lang=\"zh-CN\">区应急管理局</small></h1>"
    ));
    // The source text stays Chinese, marked as such.
    assert!(html.contains("<blockquote class=\"source\" lang=\"zh-CN\">"));
    assert!(body.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn unknown_pages_are_404_pages() {
    for uri in [
        "/body/weidu-2022-draft/art999",
        "/body/nowhere",
        "/body/weidu-2022-draft/art41/extra",
        "/topic/no-such-topic",
        "/reports/everything",
    ] {
        let reply = page(uri).await.expect(StatusCode::NOT_FOUND);
        let html = assert_html(&reply, "zh-CN");
        assert!(html.contains("<p class=\"error\" role=\"alert\">"), "{uri}");
    }
    let missing = page("/body/weidu-2022-draft/art999").await.text();
    assert!(missing.contains("没有这个责任主体：/body/weidu-2022-draft/art999"));
    // Elsewhere the endpoint's plain-text 404 is unchanged.
    let other = page("/nothing-here").await.expect(StatusCode::NOT_FOUND);
    assert!(other.content_type().starts_with("text/plain"));
}

/// The UI and the endpoint are composed at the top (`dutygraph::app`): the UI's pages go
/// through the endpoint's CORS layer, and the endpoint built alone has no page at all.
#[tokio::test]
async fn the_ui_is_beside_the_endpoint_not_inside_it() {
    let options = Options {
        cors: vec!["https://example.org".into()],
        ..Options::default()
    };
    let request = with(get("/topics"), "origin", "https://example.org");
    let reply = send(&app(options.clone()), request).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.headers["access-control-allow-origin"],
        "https://example.org"
    );

    let endpoint = http_common::endpoint(options);
    let topics = send(&endpoint, get("/topics")).await;
    assert_eq!(topics.status, StatusCode::NOT_FOUND);
    assert!(topics.content_type().starts_with("text/plain"));
    let health = send(&endpoint, get("/health")).await;
    assert_eq!(health.status, StatusCode::OK);
}

#[tokio::test]
async fn reports_render_and_download() {
    let lint = page("/reports/lint").await.expect(StatusCode::OK);
    let html = assert_html(&lint, "zh-CN");
    assert!(html.contains("<h1>关于《魏都区安全生产职责清单（征求意见稿）》的修改意见</h1>"));
    assert!(html.contains("第三十六条"));

    let json = page("/reports/overlaps?format=json")
        .await
        .expect(StatusCode::OK);
    assert_eq!(json.content_type(), "application/json");
    let topics = json.json();
    let hazchem = topics
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["topic"] == "危险化学品")
        .unwrap();
    assert_eq!(hazchem["lead_count"], 5);

    let xlsx = page("/reports/matrix?format=xlsx")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        xlsx.content_type(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let sheets = crate::common::xlsx_sheets(xlsx.body.clone());
    assert_eq!(sheets[0].1[1][0], "区委主要负责同志", "{:?}", sheets[0].0);
    assert_eq!(
        xlsx.headers.get(header::CONTENT_DISPOSITION).unwrap(),
        "attachment; filename=\"dutygraph-matrix.xlsx\""
    );
    let md = page("/reports/gaps?format=md&lang=en")
        .await
        .expect(StatusCode::OK);
    assert!(md.text().starts_with("# Gaps: "));
    // CSV holds one table: not for "all".
    page("/reports/all?format=csv")
        .await
        .expect(StatusCode::BAD_REQUEST);
    page("/reports").await.expect(StatusCode::OK);
}

#[tokio::test]
async fn the_editor_offers_every_cookbook_query() {
    let reply = page("/editor").await.expect(StatusCode::OK);
    let html = assert_html(&reply, "zh-CN");
    // The default example is in the text area, escaped.
    assert!(html.contains("<textarea id=\"query\" name=\"query\""));
    assert!(html.contains("BIND(COALESCE(?topic, &quot;危险化学品&quot;@zh) AS ?wanted)"));
    assert!(
        html.contains(
            "<option value=\"bodies-sharing-topic.rq\" selected>哪些主体的职责涉及某一主题"
        )
    );
    // The examples as JSON, one per file of queries/.
    let json = html
        .split("<script type=\"application/json\" id=\"examples\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .unwrap();
    let examples: serde_json::Value = serde_json::from_str(json).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let files: BTreeSet<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rq"))
        .collect();
    let offered: BTreeSet<String> = examples.as_object().unwrap().keys().cloned().collect();
    assert_eq!(offered, files);
    assert_eq!(
        dutygraph::web::EXAMPLES.len(),
        files.len(),
        "every query once"
    );

    // A shared URL brings its query back, and the page runs it.
    let shared = page(&format!(
        "/editor?query={}",
        enc("ASK { ?b rdfs:label \"区应急管理局\"@zh }")
    ))
    .await
    .expect(StatusCode::OK)
    .text();
    assert!(shared.contains("ASK { ?b rdfs:label &quot;区应急管理局&quot;@zh }</textarea>"));
    assert!(shared.contains("data-autorun=\"true\""));
    assert!(shared.contains("<option value=\"\" selected>"));
    // An example by name.
    let numbering = page_text("/editor?example=numbering.rq").await;
    assert!(numbering.contains("<option value=\"numbering.rq\" selected>"));
}

#[tokio::test]
async fn assets_are_embedded_with_their_types() {
    for (uri, content_type, needle) in [
        (
            "/assets/app.css",
            "text/css; charset=utf-8",
            ".graph-scroll",
        ),
        (
            "/assets/app.js",
            "text/javascript; charset=utf-8",
            "function editor()",
        ),
        ("/assets/icon.svg", "image/svg+xml", "<svg"),
    ] {
        let reply = page(uri).await.expect(StatusCode::OK);
        assert_eq!(reply.content_type(), content_type, "{uri}");
        assert!(reply.text().contains(needle), "{uri}");
    }
    page("/assets/missing.js")
        .await
        .expect(StatusCode::NOT_FOUND);
    // No page refers to anything outside the server (no CDN).
    for uri in ["/", "/editor", "/body/weidu-2022-draft/art41"] {
        let html = page(uri).await.text();
        assert!(
            !html.contains("src=\"http") && !html.contains("href=\"http"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn the_picture_as_files() {
    let svg = page("/graph.svg").await.expect(StatusCode::OK);
    assert_eq!(svg.content_type(), "image/svg+xml");
    let text = svg.text();
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.attribute("data-kind") == Some("body"))
            .count(),
        48
    );

    let topic = page(&format!("/graph.svg?topic={}", enc("危险化学品")))
        .await
        .expect(StatusCode::OK)
        .text();
    let doc = roxmltree::Document::parse(&topic).unwrap();
    let bodies: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.attribute("data-kind") == Some("body"))
        .filter_map(|n| n.attribute("data-label"))
        .collect();
    assert_eq!(bodies, HAZCHEM_BODIES.into_iter().collect());

    let json = page("/graph.json?relations=commands")
        .await
        .expect(StatusCode::OK);
    assert_eq!(json.content_type(), "application/json");
    assert!(
        json.json()["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["relation"] == "commands")
    );
    let dot = page(
        "/graph.dot?body=区应急管理局"
            .replace("区应急管理局", &enc("区应急管理局"))
            .as_str(),
    )
    .await
    .expect(StatusCode::OK);
    assert!(dot.text().contains("label=\"区安委会办公室\""));
    page("/graph.svg?relations=likes")
        .await
        .expect(StatusCode::BAD_REQUEST);
    page("/graph.svg?topic=nothing")
        .await
        .expect(StatusCode::BAD_REQUEST);
}

/// The UI over a sector-first list and an outline list (tests/fixtures/genre/).
fn genre_app() -> &'static axum::Router {
    static APP: OnceLock<axum::Router> = OnceLock::new();
    APP.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/genre");
        let sources = dutygraph::store::Source::read_all(&[
            dir.join("jinan-liuan-2024-sectors.txt"),
            dir.join("yantian-2005-rules.txt"),
        ])
        .unwrap();
        let store = dutygraph::store::DutyStore::load(&sources).unwrap();
        http_common::app_with(std::sync::Arc::new(store), Options::default())
    })
}

#[tokio::test]
async fn every_page_works_on_lists_without_articles() {
    let text = |uri: String| async move {
        let reply = send(genre_app(), get(&uri)).await.expect(StatusCode::OK);
        assert_html(&reply, "zh-CN")
    };
    // The dashboard links each duty to its place on its body's page; sections repeat
    // positions, so the anchor names the section.
    let dashboard = text("/".to_owned()).await;
    assert!(dashboard.contains("href=\"/body/jinan-liuan-2024-sectors/区商务局#s2-item2\""));

    // A body named by its sentences' subject (sector-first), its page at a Chinese path as a
    // browser sends it (percent-encoded).
    let body = text(format!(
        "/body/jinan-liuan-2024-sectors/{}",
        enc("区文旅局")
    ))
    .await;
    assert!(body.contains("一、剧本娱乐经营场所（一）"));
    assert!(body.contains("区文旅局负责指导督促剧本娱乐经营场所履行安全生产和消防安全责任。"));
    assert!(body.contains("id=\"s1-item1\""));
    assert!(body.contains("职责（1 项）"));

    // A body named by an outline heading: its eight items, cited by the outline.
    let body = text(format!("/body/yantian-2005-rules/{}", enc("各街道办事处"))).await;
    assert!(body.contains("职责（8 项）"));
    assert!(body.contains("一、各街道办事处（八）"));
    assert_eq!(body.matches("<li class=\"duty\"").count(), 8);

    // A sector the taxonomy lacks is a topic of the list's own, with a page.
    let topic = text(format!(
        "/topic/jinan-liuan-2024-sectors/topic/{}",
        enc("平台经济")
    ))
    .await;
    assert!(topic.contains("<h1>平台经济"));
    assert!(topic.contains("二、平台经济（四）"));
    // A taxonomy topic, its leads cited by section.
    let fire = text("/topic/fire".to_owned()).await;
    assert!(fire.contains("一、剧本娱乐经营场所（三）"));

    for uri in ["/bodies", "/topics", "/reports", "/editor"] {
        text(uri.to_owned()).await;
    }
    for kind in ["overlaps", "gaps", "network", "lint", "matrix", "all"] {
        let reply = send(genre_app(), get(&format!("/reports/{kind}")))
            .await
            .expect(StatusCode::OK);
        assert!(!reply.body.is_empty(), "{kind}");
    }
}

/// The catalogue's own words of one language (placeholders cut out): Chinese fragments of
/// two characters or more, English ones of several words; the same rule as the reports'
/// test.
fn catalogue_fragments(lang: dutygraph::analysis::Lang) -> Vec<&'static str> {
    let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    dutygraph::catalogue::ALL
        .iter()
        .flat_map(|(_, text)| text.fragments(lang))
        .map(str::trim)
        .filter(|f| match lang {
            dutygraph::analysis::Lang::Zh => f.chars().filter(|&c| is_cjk(c)).count() >= 2,
            dutygraph::analysis::Lang::En => {
                f.contains(' ') && f.chars().filter(char::is_ascii_alphabetic).count() >= 6
            }
        })
        .collect()
}

/// Every kind of page in each language holds none of the catalogue's strings of the other
/// language (Chinese that the list itself contains aside: pages quote it; and the editor's
/// example queries, which are data, commented in both languages).
#[tokio::test]
async fn no_page_leaks_a_catalogue_string_of_the_other_language() {
    use dutygraph::analysis::Lang;
    let list = dutygraph::store::DEFAULT_LIST;
    let (zh, en) = (catalogue_fragments(Lang::Zh), catalogue_fragments(Lang::En));
    assert!(
        zh.len() > 150 && en.len() > 80,
        "{} / {}",
        zh.len(),
        en.len()
    );
    let pages = [
        "/",
        "/bodies",
        "/body/weidu-2022-draft/art41",
        "/body/weidu-2022-draft/art34",
        "/topics",
        "/topic/hazardous-chemicals",
        "/reports",
        "/reports/overlaps",
        "/reports/lint",
        "/editor",
        "/body/nonexistent",
    ];
    let queries =
        regex::Regex::new(r"(?s)<textarea[^>]*>.*?</textarea>|<script[^>]*>.*?</script>").unwrap();
    let mut leaks = Vec::new();
    for uri in pages {
        for (lang, code, other) in [(Lang::Zh, "zh", &en), (Lang::En, "en", &zh)] {
            let text = page(&format!("{uri}?lang={code}")).await.text();
            let text = queries.replace_all(&text, "");
            for fragment in other.iter() {
                if text.contains(fragment) && !list.contains(fragment) {
                    leaks.push(format!("{uri} {lang:?}: {fragment}"));
                }
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}
