//! `/`: counts, the overlap and gap headlines, and the network with its filters and its
//! text alternative.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::State;

use super::UiState;
use maud::{Markup, PreEscaped, html};

use super::page::{Nav, badge, body_link, edge_table, mode_list, t, topic_link, zh_text};
use super::{PageRequest, Params, Reply, Site, svg_options};
use crate::analysis::gaps::GapReport;
use crate::analysis::overlap::OverlapReport;
use crate::analysis::{Facet, Lang, Severity};
use crate::graph::{self, RELATIONS, svg};

pub(crate) async fn page(State(state): State<UiState>, asked: PageRequest) -> Reply {
    let lang = asked.lang;
    let site = asked.site(&state).await?;
    let body = render(&site, lang, &asked.params);
    Ok(asked.page(t(lang, "概览", "Dashboard"), Nav::Dashboard, body))
}

/// A headline card: what it found, the first topics it flags, a link to its report.
fn card(report: &str, heading: &str, found: &str, topics: &[Markup], more: &str) -> Markup {
    html! {
        section class="card" aria-labelledby={ "h-" (report) } {
            h2 id={ "h-" (report) } { (heading) } "\n"
            p { (found) } "\n"
            ul { @for topic in topics { (topic) } }
            p { a href={ "/reports/" (report) } { (more) } }
        } "\n"
    }
}

/// A flagged topic of a headline card.
fn flagged(lang: Lang, severity: Severity, iri: &str, label: &str, what: &str) -> Markup {
    html! { li { (badge(lang, severity)) " " (topic_link(iri, label)) " — " (what) } }
}

fn render(site: &Site, lang: Lang, params: &Params) -> Markup {
    let a = &site.analyses;
    let c = &site.counts;
    let counts = [
        (c.lists, "职责清单", "lists", None),
        (c.bodies, "责任主体", "bodies", Some("/bodies")),
        (c.duties, "职责条目", "duties", None),
        (c.clauses, "分句", "clauses", None),
        (c.topics, "涉及主题", "topics concerned", Some("/topics")),
        (c.relations, "关系提及", "relation mentions", None),
        (c.parties, "相对方群体", "counterpart groups", None),
    ];
    html! {
        h1 { (zh_text(lang, &a.title)) small { (t(lang, "职责图谱概览", "dashboard")) } } "\n"
        p class="lead" {
            (t(
                lang,
                "谁负责什么、与谁共管、哪里多头牵头、哪里无人牵头：以下均由知识图谱计算得出，每项可追溯到原文。",
                "Who owns what, with whom, where several bodies lead and where nobody does: computed from the knowledge graph, each traceable to the text."
            ))
        } "\n"
        ul class="counts" aria-label=(t(lang, "数量", "Counts")) {
            @for (n, zh, en, href) in counts {
                li {
                    @match href {
                        Some(h) => a href=(h) { strong { (n) } " " (t(lang, zh, en)) },
                        None => { strong { (n) } " " (t(lang, zh, en)) },
                    }
                }
            }
        } "\n"
        div class="headlines" {
            "\n"
            @if let Some(overlaps) = &a.overlaps { (overlap_card(lang, overlaps)) }
            @if let Some(gaps) = &a.gaps { (gap_card(lang, gaps)) }
            section class="card" aria-labelledby="h-network" {
                h2 id="h-network" { (t(lang, "关系网络与修改意见", "Network and review")) } "\n"
                @if let Some(network) = &a.network {
                    p { (t(lang, "中介中心性最高的主体：", "Bodies with the highest betweenness:")) }
                    ol {
                        @for r in network.ranking.iter().take(5) {
                            @let name = site.context.body(&r.iri).map_or(r.name.as_str(), |b| b.label(lang));
                            li { (body_link(&r.iri, name)) }
                        }
                    }
                }
                @if let Some(lint) = &a.lint {
                    @let (n, high, medium, low) = (
                        lint.findings.len(),
                        lint.count(Severity::High),
                        lint.count(Severity::Medium),
                        lint.count(Severity::Low),
                    );
                    p {
                        @match lang {
                            Lang::Zh => { "起草审查：" (n) " 条修改意见（高 " (high) "、中 " (medium) "、低 " (low) "）。" }
                            Lang::En => { "Drafting review: " (n) " comments (high " (high) ", medium " (medium) ", low " (low) ")." }
                        }
                        " " a href="/reports/lint" { (t(lang, "查看修改意见 →", "Review comments →")) }
                    }
                }
            } "\n"
        } "\n"
        (graph_section(site, lang, params))
    }
}

/// The overlap headline: topics that several bodies lead.
fn overlap_card(lang: Lang, overlaps: &OverlapReport) -> Markup {
    let topics: Vec<_> = overlaps.flagged().collect();
    let count = |s: Severity| topics.iter().filter(|t| t.severity == s).count();
    let (n, high, medium, low) = (
        topics.len(),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
    );
    let found = match lang {
        Lang::Zh => {
            format!("{n} 个主题有两个以上主体牵头负责（高 {high}、中 {medium}、低 {low}）。")
        }
        Lang::En => format!(
            "{n} topics have more than one body in the lead (high {high}, medium {medium}, low {low})."
        ),
    };
    let shown: Vec<Markup> = topics
        .iter()
        .take(8)
        .map(|topic| {
            let what = match lang {
                Lang::Zh => format!("{} 个主体牵头", topic.lead_count),
                Lang::En => format!("{} bodies lead", topic.lead_count),
            };
            let label = t(lang, &topic.topic, &topic.topic_en);
            flagged(lang, topic.severity, &topic.topic_iri, label, &what)
        })
        .collect();
    card(
        "overlaps",
        t(
            lang,
            "多头牵头（推诿扯皮风险）",
            "Several bodies lead (overlaps)",
        ),
        &found,
        &shown,
        t(lang, "查看主题重叠分析 →", "Overlaps report →"),
    )
}

/// The gap headline: topics dealt with that nobody leads, partners left unnamed.
fn gap_card(lang: Lang, gaps: &GapReport) -> Markup {
    let high = gaps
        .topics_without_lead
        .iter()
        .filter(|g| g.severity == Severity::High)
        .count();
    let partners: usize = gaps
        .unspecified_partners
        .iter()
        .map(|b| b.mentions.len())
        .sum();
    let n = gaps.topics_without_lead.len();
    let found = match lang {
        Lang::Zh => format!(
            "{n} 个主题有人涉及却无人牵头（高 {high}）；{partners} 处合作对象只写作“有关部门”等。"
        ),
        Lang::En => format!(
            "{n} topics are dealt with but led by nobody (high {high}); {partners} duties name their partner only as 有关部门 or the like."
        ),
    };
    let shown: Vec<Markup> = gaps
        .topics_without_lead
        .iter()
        .take(8)
        .map(|gap| {
            let what = format!("{}{}", t(lang, "仅", "only "), mode_list(lang, &gap.modes));
            let label = t(lang, &gap.topic, &gap.topic_en);
            flagged(lang, gap.severity, &gap.topic_iri, label, &what)
        })
        .collect();
    card(
        "gaps",
        t(lang, "无人牵头（监管盲区）", "Nobody leads (gaps)"),
        &found,
        &shown,
        t(lang, "查看职责空白分析 →", "Gaps report →"),
    )
}

/// The network with its filter form and its text alternative.
fn graph_section(site: &Site, lang: Lang, params: &Params) -> Markup {
    let picture = &site.picture;
    // The filter given in the URL: the same rule as in the browser.
    let chosen: BTreeSet<String> = params
        .all("rel")
        .filter(|r| RELATIONS.iter().any(|s| s.name == *r))
        .map(str::to_owned)
        .collect();
    let topic = params.get("topic").and_then(|words| {
        graph::resolve_topic(&site.context, words)
            .and_then(|t| graph::topic_slug(&t.iri).map(str::to_owned))
    });
    let highlight = svg::Highlight {
        relations: (!chosen.is_empty()).then(|| chosen.clone()),
        topic: topic.clone(),
    };

    // Topics that occur in the picture, by facet.
    let mut by_facet: BTreeMap<Facet, Vec<(&str, &str)>> = BTreeMap::new();
    let used: BTreeSet<&str> = picture
        .nodes
        .iter()
        .flat_map(|n| n.topics.iter())
        .chain(picture.edges.iter().flat_map(|e| e.topics.iter()))
        .map(String::as_str)
        .collect();
    for topic_info in &site.context.topics {
        if topic_info.is_top {
            continue;
        }
        if let Some(slug) = graph::topic_slug(&topic_info.iri)
            && used.contains(slug)
        {
            let label = t(lang, &topic_info.label, &topic_info.label_en);
            by_facet
                .entry(topic_info.facet)
                .or_default()
                .push((slug, label));
        }
    }
    for topics in by_facet.values_mut() {
        topics.sort_by(|a, b| a.1.cmp(b.1));
    }
    let options = svg_options(lang, "g-", false);
    html! {
        section class="graph" aria-labelledby="h-graph" {
            "\n"
            h2 id="h-graph" { (t(lang, "职责网络图", "The supervision network")) } "\n"
            p {
                (t(
                    lang,
                    "点击主体打开其职责页面。可按关系和主题筛选；未选中的部分变淡。",
                    "Click a body to open its page. Filter by relation and topic; what is left out fades."
                ))
            } "\n"
            // The form works without JavaScript (a GET of this page); the script applies it
            // at once.
            form class="graph-filter" id="graph-filter" method="get" action="/" {
                "\n"
                fieldset {
                    legend { (t(lang, "关系", "Relations")) }
                    @for r in picture.relations_used() {
                        label class="rel" {
                            input type="checkbox" name="rel" value=(r.name)
                                checked[chosen.is_empty() || chosen.contains(r.name)];
                            " "
                            svg class="swatch" width="26" height="10" aria-hidden="true" {
                                path d="M1 5 h24" stroke=(r.color) stroke-width=(r.width + 0.6)
                                    stroke-dasharray=[r.dash] {}
                            }
                            (r.label(lang))
                        }
                    }
                } "\n"
                label class="topic" {
                    (t(lang, "主题", "Topic")) " "
                    select name="topic" id="graph-topic" {
                        option value="" { (t(lang, "（全部主题）", "(all topics)")) }
                        @for (facet, topics) in &by_facet {
                            optgroup label=(t(lang, facet.zh(), facet.en())) {
                                @for (slug, label) in topics {
                                    option value=(slug) selected[topic.as_deref() == Some(*slug)] { (label) }
                                }
                            }
                        }
                    }
                } "\n"
                @if lang == Lang::En { input type="hidden" name="lang" value="en"; }
                button type="submit" class="nojs" { (t(lang, "筛选", "Apply")) } " "
                button type="button" id="graph-reset" { (t(lang, "重置", "Reset")) } " "
                button type="button" id="graph-zoom" aria-pressed="false" { (t(lang, "原始大小", "Full size")) } " "
                a id="graph-open" href="/graph.svg" { (t(lang, "单独打开 SVG", "Open the SVG")) }
                " · " a href="/graph.dot" { "DOT" } " · " a href="/graph.json" { "JSON" } "\n"
                p class="status" id="graph-status" aria-live="polite" {} "\n"
            } "\n"
            figure class="graph-figure" {
                "\n"
                div class="graph-scroll" id="graph" tabindex="0"
                    aria-label=(t(lang, "职责网络图（可滚动）", "Supervision network (scrollable)")) {
                    // The SVG writer's own templates escaped it.
                    (PreEscaped(site.laid(lang).write(&options, &highlight)))
                } "\n"
                figcaption { (graph::summary(picture, lang)) } "\n"
            } "\n"
            (edge_table(site, picture, lang))
        } "\n"
    }
}
