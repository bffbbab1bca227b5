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
use crate::catalogue;
use crate::graph::{self, RELATIONS, svg};

pub(crate) async fn page(State(state): State<UiState>, asked: PageRequest) -> Reply {
    let lang = asked.lang;
    let site = asked.site(&state).await?;
    let body = render(&site, lang, &asked.params);
    Ok(asked.page(catalogue::DASHBOARD.get(lang), Nav::Dashboard, body))
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
        h1 { (zh_text(lang, &a.title)) small { (catalogue::DASHBOARD_SUBTITLE.get(lang)) } } "\n"
        p class="lead" {
            (catalogue::DASHBOARD_LEAD.get(lang))
        } "\n"
        ul class="counts" aria-label=(catalogue::COUNTS.get(lang)) {
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
                h2 id="h-network" { (catalogue::NETWORK_AND_REVIEW.get(lang)) } "\n"
                @if let Some(network) = &a.network {
                    p { (catalogue::HIGHEST_BETWEENNESS.get(lang)) }
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
                        (catalogue::LINT_CARD_FOUND.fill(
                            lang,
                            &[("n", &n), ("high", &high), ("medium", &medium), ("low", &low)],
                        ))
                        " " a href="/reports/lint" { (catalogue::REVIEW_COMMENTS_LINK.get(lang)) }
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
    let found = catalogue::OVERLAPS_CARD_FOUND.fill(
        lang,
        &[
            ("n", &n),
            ("high", &high),
            ("medium", &medium),
            ("low", &low),
        ],
    );
    let shown: Vec<Markup> = topics
        .iter()
        .take(8)
        .map(|topic| {
            let what = catalogue::LEADS_COUNT.fill(lang, &[("n", &topic.lead_count)]);
            let label = t(lang, &topic.topic, &topic.topic_en);
            flagged(lang, topic.severity, &topic.topic_iri, label, &what)
        })
        .collect();
    card(
        "overlaps",
        catalogue::SEVERAL_LEAD_CARD.get(lang),
        &found,
        &shown,
        catalogue::OVERLAPS_LINK.get(lang),
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
    let found = catalogue::GAPS_CARD_FOUND
        .fill(lang, &[("high", &high), ("n", &n), ("partners", &partners)]);
    let shown: Vec<Markup> = gaps
        .topics_without_lead
        .iter()
        .take(8)
        .map(|gap| {
            let what = format!(
                "{}{}",
                catalogue::ONLY.get(lang),
                mode_list(lang, &gap.modes)
            );
            let label = t(lang, &gap.topic, &gap.topic_en);
            flagged(lang, gap.severity, &gap.topic_iri, label, &what)
        })
        .collect();
    card(
        "gaps",
        catalogue::NOBODY_LEADS_CARD.get(lang),
        &found,
        &shown,
        catalogue::GAPS_LINK.get(lang),
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
            h2 id="h-graph" { (catalogue::SUPERVISION_NETWORK.get(lang)) } "\n"
            p {
                (catalogue::NETWORK_HELP.get(lang))
            } "\n"
            // The form works without JavaScript (a GET of this page); the script applies it
            // at once.
            form class="graph-filter" id="graph-filter" method="get" action="/" {
                "\n"
                fieldset {
                    legend { (catalogue::RELATIONS.get(lang)) }
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
                    (catalogue::TOPIC.get(lang)) " "
                    select name="topic" id="graph-topic" {
                        option value="" { (catalogue::ALL_TOPICS.get(lang)) }
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
                button type="submit" class="nojs" { (catalogue::APPLY.get(lang)) } " "
                button type="button" id="graph-reset" { (catalogue::RESET.get(lang)) } " "
                button type="button" id="graph-zoom" aria-pressed="false" { (catalogue::FULL_SIZE.get(lang)) } " "
                a id="graph-open" href="/graph.svg" { (catalogue::OPEN_THE_SVG.get(lang)) }
                " · " a href="/graph.dot" { "DOT" } " · " a href="/graph.json" { "JSON" } "\n"
                p class="status" id="graph-status" aria-live="polite" {} "\n"
            } "\n"
            figure class="graph-figure" {
                "\n"
                div class="graph-scroll" id="graph" tabindex="0"
                    aria-label=(catalogue::NETWORK_SCROLL_LABEL.get(lang)) {
                    // The SVG writer's own templates escaped it.
                    (PreEscaped(site.laid(lang).write(&options, &highlight)))
                } "\n"
                figcaption { (graph::summary(picture, lang)) } "\n"
            } "\n"
            (edge_table(site, picture, lang))
        } "\n"
    }
}
