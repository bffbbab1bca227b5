//! `/topics` and `/topic/{slug}`: the topics of the taxonomy, and for one topic who leads,
//! guides, coordinates, oversees, cooperates or supports, with the overlap (several bodies
//! lead) and gap (nobody leads) flags of the analyses, and its part of the network.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;

use super::UiState;
use maud::{Markup, html};

use super::page::{
    Nav, badge, body_link, cite_link, crumbs, figure, heading_both, joined, mode_badge, mode_list,
    t, thead, topic_link,
};
use super::{PageRequest, Reply, Site, blocking};
use crate::analysis::gaps::TopicGap;
use crate::analysis::overlap::TopicOverlap;
use crate::analysis::{Facet, Lang, Mode, Severity, TopicInfo};
use crate::catalogue;
use crate::graph::{self, Filter};
use crate::sparql::compact_iri;

fn engaged<'a>(site: &'a Site, iri: &str) -> Option<&'a TopicOverlap> {
    site.analyses
        .overlaps
        .as_ref()
        .and_then(|o| o.topics.iter().find(|t| t.topic_iri == iri))
}

fn gap<'a>(site: &'a Site, iri: &str) -> Option<&'a TopicGap> {
    site.analyses
        .gaps
        .as_ref()
        .and_then(|g| g.topics_without_lead.iter().find(|t| t.topic_iri == iri))
}

fn label(lang: Lang, topic: &TopicInfo) -> &str {
    t(lang, &topic.label, &topic.label_en)
}

fn facet_label(lang: Lang, facet: Facet) -> &'static str {
    t(lang, facet.zh(), facet.en())
}

/// The flags of a topic: several leads, nobody leads, nobody mentions it.
fn flags(site: &Site, lang: Lang, topic: &TopicInfo) -> Vec<Markup> {
    let mut out = Vec::new();
    match engaged(site, &topic.iri) {
        Some(o) if o.severity != Severity::None => out.push(html! {
            (badge(lang, o.severity)) " "
            (catalogue::SEVERAL_LEAD_FLAG.fill(lang, &[("n", &o.lead_count)]))
        }),
        Some(_) => {}
        None => out.push(html! {
            span class="sev none" { (catalogue::UNMENTIONED.get(lang)) } " "
            (catalogue::NO_CLAUSE_CONCERNS_THIS_TOPIC.get(lang))
        }),
    }
    if let Some(g) = gap(site, &topic.iri) {
        out.push(html! {
            (badge(lang, g.severity)) " "
            (catalogue::NOBODY_LEADS_ONLY.get(lang))
            (mode_list(lang, &g.modes))
        });
    }
    out
}

pub(crate) async fn index(State(state): State<UiState>, asked: PageRequest) -> Reply {
    let lang = asked.lang;
    let site = asked.site(&state).await?;
    let mut by_facet: BTreeMap<Facet, Vec<&TopicInfo>> = BTreeMap::new();
    for topic in site.context.topics.iter().filter(|t| !t.is_top) {
        by_facet.entry(topic.facet).or_default().push(topic);
    }
    let facets = by_facet.into_iter().map(|(facet, mut topics)| {
        topics.sort_by(|a, b| label(lang, a).cmp(label(lang, b)));
        let rows: Vec<_> = topics
            .into_iter()
            .map(|topic| {
                let (bodies, leads) =
                    engaged(&site, &topic.iri).map_or((0, 0), |o| (o.bodies.len(), o.lead_count));
                (topic, bodies, leads, flags(&site, lang, topic))
            })
            .collect();
        (facet, rows)
    });
    let out = html! {
        h1 { (catalogue::TOPICS.get(lang)) } "\n"
        p {
            (catalogue::TOPICS_LEAD.get(lang))
        } "\n"
        @for (facet, rows) in facets {
            section {
                h2 { (facet_label(lang, facet)) } "\n"
                table class="topics" {
                    (thead(&[
                        catalogue::TOPIC.get(lang),
                        catalogue::BODIES_DEALING.get(lang),
                        catalogue::LEADS.get(lang),
                        catalogue::FLAGS.get(lang),
                    ]))
                    tbody {
                        "\n"
                        @for (topic, bodies, leads, flags) in rows {
                            tr {
                                td { (topic_link(&topic.iri, label(lang, topic))) }
                                td class="num" { (bodies) }
                                td class="num" { (leads) }
                                td {
                                    @for (i, flag) in flags.into_iter().enumerate() {
                                        @if i > 0 { br; }
                                        (flag)
                                    }
                                }
                            } "\n"
                        }
                    }
                }
            } "\n"
        }
    };
    Ok(asked.page(catalogue::TOPICS.get(lang), Nav::Topics, out))
}

pub(crate) async fn page(State(state): State<UiState>, asked: PageRequest) -> Reply {
    let lang = asked.lang;
    let site = asked.site(&state).await?;
    let path = graph::path_as_iri(asked.uri.path());
    let slug = path.strip_prefix("/topic/").unwrap_or_default();
    let Some(topic) = site
        .context
        .topics
        .iter()
        .find(|t| graph::topic_slug(&t.iri) == Some(slug))
    else {
        return Err(asked.error(
            StatusCode::NOT_FOUND,
            &catalogue::NO_SUCH_TOPIC.fill(lang, &[("slug", &slug)]),
        ));
    };
    let filter = Filter {
        topic: Some(topic.iri.clone()),
        ..Filter::default()
    };
    let work_site = site.clone();
    let (picture, svg) = blocking(move || work_site.draw(&filter, lang, "t-"))
        .await
        .map_err(|e| asked.error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()))?;

    let flags = flags(&site, lang, topic);
    let engagement = engaged(&site, &topic.iri).map(|o| {
        let by_mode = Mode::ALL
            .into_iter()
            .map(|mode| {
                let bodies: Vec<Markup> = o
                    .bodies
                    .iter()
                    .filter(|b| b.modes.contains(&mode))
                    .map(|b| body_link(&b.iri, t(lang, &b.name, &b.name_en)))
                    .collect();
                (mode, bodies)
            })
            .filter(|(_, bodies)| !bodies.is_empty());
        html! {
            section aria-labelledby="h-modes" {
                h2 id="h-modes" { (catalogue::WHO_LEADS_GUIDES.get(lang)) } "\n"
                dl class="modes" {
                    @for (mode, bodies) in by_mode {
                        dt { (mode_badge(lang, mode)) }
                        dd data-mode=(mode.name()) { (joined(bodies, html! { (catalogue::LIST_SEPARATOR.get(lang)) })) }
                    }
                } "\n"
                table {
                    (thead(&[
                        catalogue::BODY.get(lang),
                        catalogue::MODES.get(lang),
                        catalogue::SOURCES.get(lang),
                    ]))
                    tbody {
                        "\n"
                        @for b in &o.bodies {
                            @let modes = b.modes.iter().map(|&m| mode_badge(lang, m));
                            @let cites = b.sources.iter().map(|s| cite_link(s, Some(&b.iri)));
                            tr {
                                td { (body_link(&b.iri, t(lang, &b.name, &b.name_en))) }
                                td { (joined(modes, html! { " " })) }
                                td { (joined(cites, html! { "；" })) }
                            } "\n"
                        }
                    }
                } "\n"
            } "\n"
        }
    });
    let out = html! {
        (crumbs(lang, "/topics", catalogue::TOPICS.get(lang), label(lang, topic)))
        (heading_both(lang, &topic.label, &topic.label_en))
        dl class="facts" {
            dt { (catalogue::FACET.get(lang)) }
            dd { (facet_label(lang, topic.facet)) }
            dt { "IRI" }
            dd { code { (compact_iri(&topic.iri).unwrap_or_else(|| topic.iri.clone())) } }
        } "\n"
        @if !flags.is_empty() {
            ul class="flags" { @for flag in flags { li { (flag) } } } "\n"
        }
        @if let Some(engagement) = engagement { (engagement) }
        section aria-labelledby="h-net" {
            h2 id="h-net" { (catalogue::NETWORK.get(lang)) } "\n"
            p {
                (catalogue::TOPIC_NETWORK_NOTE.get(lang))
            } "\n"
            (figure(&site, &picture, &svg, lang))
        } "\n"
    };
    Ok(asked.page(label(lang, topic), Nav::Topics, out))
}
