//! `/topics` and `/topic/{slug}`: the topics of the taxonomy, and for one topic who leads,
//! guides, coordinates, oversees, cooperates or supports, with the overlap (several bodies
//! lead) and gap (nobody leads) flags of the analyses, and its part of the network.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;

use super::UiState;
use super::page::{
    Nav, badge, body_link, cite_link, crumbs, escape, figure, heading_both, mode_badge, mode_list,
    t, table_start, topic_link,
};
use super::{PageRequest, Reply, Site, blocking};
use crate::analysis::gaps::TopicGap;
use crate::analysis::overlap::TopicOverlap;
use crate::analysis::{Facet, Lang, Mode, Severity, TopicInfo};
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
fn flags(site: &Site, lang: Lang, topic: &TopicInfo) -> Vec<String> {
    let mut out = Vec::new();
    match engaged(site, &topic.iri) {
        Some(o) if o.severity != Severity::None => out.push(format!(
            "{} {}",
            badge(lang, o.severity),
            escape(&match lang {
                Lang::Zh => format!("{} 个主体牵头负责（推诿扯皮风险）", o.lead_count),
                Lang::En => format!("{} bodies lead (overlap)", o.lead_count),
            })
        )),
        Some(_) => {}
        None => out.push(format!(
            "<span class=\"sev none\">{}</span> {}",
            t(lang, "未涉及", "unmentioned"),
            t(
                lang,
                "没有任何职责分句涉及该主题",
                "no clause concerns this topic"
            )
        )),
    }
    if let Some(g) = gap(site, &topic.iri) {
        out.push(format!(
            "{} {}{}",
            badge(lang, g.severity),
            t(
                lang,
                "无人牵头（监管盲区）：仅",
                "nobody leads (gap): only "
            ),
            escape(&mode_list(lang, &g.modes))
        ));
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
    let mut out = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        t(lang, "主题", "Topics"),
        t(
            lang,
            "主题分类中的行业领域、风险、场所和安全工作环节；标出多头牵头和无人牵头的主题。",
            "The industries, hazards, places and safety-work activities of the taxonomy; topics led by several bodies, or by none, are flagged."
        )
    );
    for (facet, mut topics) in by_facet {
        topics.sort_by(|a, b| label(lang, a).cmp(label(lang, b)));
        out.push_str(&format!(
            "<section><h2>{}</h2>\n{}",
            escape(facet_label(lang, facet)),
            table_start(
                "topics",
                &[
                    t(lang, "主题", "Topic"),
                    t(lang, "涉及主体", "Bodies"),
                    t(lang, "牵头主体", "Leads"),
                    t(lang, "提示", "Flags"),
                ]
            ),
        ));
        for topic in topics {
            let (bodies, leads) =
                engaged(&site, &topic.iri).map_or((0, 0), |o| (o.bodies.len(), o.lead_count));
            out.push_str(&format!(
                "<tr><td>{}</td><td class=\"num\">{bodies}</td><td class=\"num\">{leads}</td><td>{}</td></tr>\n",
                topic_link(&topic.iri, label(lang, topic)),
                flags(&site, lang, topic).join("<br>")
            ));
        }
        out.push_str("</tbody></table></section>\n");
    }
    Ok(asked.page(t(lang, "主题", "Topics"), Nav::Topics, out))
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
            &match lang {
                Lang::Zh => format!("没有这个主题：/topic/{slug}"),
                Lang::En => format!("no such topic: /topic/{slug}"),
            },
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

    let mut out = crumbs(
        lang,
        "/topics",
        t(lang, "主题", "Topics"),
        &escape(label(lang, topic)),
    );
    out.push_str(&heading_both(lang, &topic.label, &topic.label_en));
    out.push_str(&format!(
        "<dl class=\"facts\"><dt>{}</dt><dd>{}</dd><dt>IRI</dt><dd><code>{}</code></dd></dl>\n",
        t(lang, "大类", "Facet"),
        escape(facet_label(lang, topic.facet)),
        escape(&compact_iri(&topic.iri).unwrap_or_else(|| topic.iri.clone())),
    ));
    let flags = flags(&site, lang, topic);
    if !flags.is_empty() {
        out.push_str("<ul class=\"flags\">");
        for f in flags {
            out.push_str(&format!("<li>{f}</li>"));
        }
        out.push_str("</ul>\n");
    }

    if let Some(o) = engaged(&site, &topic.iri) {
        out.push_str(&format!(
            "<section aria-labelledby=\"h-modes\"><h2 id=\"h-modes\">{}</h2>\n<dl class=\"modes\">",
            t(
                lang,
                "谁牵头、谁指导、谁配合",
                "Who leads, guides, cooperates"
            )
        ));
        for mode in Mode::ALL {
            let bodies: Vec<String> = o
                .bodies
                .iter()
                .filter(|b| b.modes.contains(&mode))
                .map(|b| body_link(&b.iri, t(lang, &b.name, &b.name_en)))
                .collect();
            if bodies.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "<dt>{}</dt><dd data-mode=\"{}\">{}</dd>",
                mode_badge(lang, mode),
                mode.name(),
                bodies.join(t(lang, "、", ", "))
            ));
        }
        out.push_str("</dl>\n");
        out.push_str(&table_start(
            "",
            &[
                t(lang, "主体", "Body"),
                t(lang, "履职方式", "Modes"),
                t(lang, "出处", "Sources"),
            ],
        ));
        for b in &o.bodies {
            let modes: Vec<String> = b.modes.iter().map(|&m| mode_badge(lang, m)).collect();
            let cites: Vec<String> = b
                .sources
                .iter()
                .map(|s| cite_link(s, Some(&b.iri)))
                .collect();
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                body_link(&b.iri, t(lang, &b.name, &b.name_en)),
                modes.join(" "),
                cites.join("；")
            ));
        }
        out.push_str("</tbody></table>\n</section>\n");
    }

    out.push_str(&format!(
        "<section aria-labelledby=\"h-net\"><h2 id=\"h-net\">{}</h2>\n<p>{}</p>\n{}</section>\n",
        t(lang, "关系网络", "Network"),
        t(
            lang,
            "涉及该主题（含下位主题）的职责中写明的关系，以及处理该主题的主体。",
            "Relations written in duties concerning this topic (or a narrower one), and the bodies dealing with it."
        ),
        figure(&site, &picture, &svg, lang)
    ));
    Ok(asked.page(label(lang, topic), Nav::Topics, out))
}
