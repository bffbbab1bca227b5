//! The page chrome (head, navigation, language switch, footer) and small HTML helpers,
//! written with maud templates, which escape what they interpolate. The helpers return
//! [`Markup`], which the pages' templates take as it is; text given to them is escaped.

use axum::http::StatusCode;
use axum::response::Response;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::Site;
use crate::analysis::{Lang, Mode, SourceRef};
use crate::catalogue;
use crate::graph::{self, Picture, relation_style};

/// Chinese or English.
pub(crate) fn t<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub(crate) fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    }
}

/// Which entry of the navigation is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Dashboard,
    Bodies,
    Topics,
    Reports,
    Editor,
    None,
}

/// A page to render.
pub(crate) struct Page<'a> {
    pub lang: Lang,
    pub title: &'a str,
    pub nav: Nav,
    /// The path and query of this page, for the language switch (without `lang`).
    pub here: &'a axum::http::Uri,
    pub body: Markup,
}

/// The URL of this page in the other language.
fn switch_url(here: &axum::http::Uri, to: Lang) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(here.query().unwrap_or_default().as_bytes()) {
        if k != "lang" {
            query.append_pair(&k, &v);
        }
    }
    query.append_pair(
        "lang",
        match to {
            Lang::Zh => "zh",
            Lang::En => "en",
        },
    );
    format!("{}?{}", here.path(), query.finish())
}

impl Page<'_> {
    pub(crate) fn render(&self) -> String {
        let lang = self.lang;
        let (other, other_name, hreflang) = match lang {
            Lang::Zh => (Lang::En, "English", "en"),
            Lang::En => (Lang::Zh, "中文", "zh-CN"),
        };
        let navigation = [
            (Nav::Dashboard, "/", "概览", "Dashboard"),
            (Nav::Bodies, "/bodies", "责任主体", "Bodies"),
            (Nav::Topics, "/topics", "主题", "Topics"),
            (Nav::Reports, "/reports", "分析报告", "Reports"),
            (Nav::Editor, "/editor", "SPARQL 查询", "SPARQL editor"),
        ];
        let page = html! {
            (DOCTYPE) "\n"
            html lang=(html_lang(lang)) {
                "\n"
                head {
                    "\n"
                    meta charset="utf-8"; "\n"
                    meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                    title { (self.title) " · " (catalogue::DUTYGRAPH.get(lang)) } "\n"
                    link rel="stylesheet" href="/assets/app.css"; "\n"
                    link rel="icon" href="/assets/icon.svg" type="image/svg+xml"; "\n"
                    script src="/assets/app.js" defer {} "\n"
                } "\n"
                body {
                    "\n"
                    a class="skip" href="#main" { (catalogue::SKIP_TO_CONTENT.get(lang)) } "\n"
                    header class="top" {
                        "\n"
                        nav aria-label=(catalogue::MAIN_NAVIGATION.get(lang)) {
                            "\n"
                            a class="brand" href="/" { (catalogue::DUTYGRAPH.get(lang)) } "\n"
                            ul {
                                @for (nav, href, zh, en) in navigation {
                                    li {
                                        a href=(href) aria-current=[(nav == self.nav).then_some("page")] {
                                            (t(lang, zh, en))
                                        }
                                    }
                                }
                            } "\n"
                            a class="lang-switch" id="lang-switch" href=(switch_url(self.here, other))
                                lang=(hreflang) hreflang=(hreflang) { (other_name) } "\n"
                        } "\n"
                    } "\n"
                    main id="main" { "\n" (self.body) "\n" } "\n"
                    footer {
                        (catalogue::FOOTER.get(lang))
                        " " a href="/sparql" { "SPARQL" }
                    } "\n"
                } "\n"
            } "\n"
        };
        page.into_string()
    }
}

/// An error page (404, 500…) in the chrome, with the message.
pub(crate) fn error(lang: Lang, status: StatusCode, message: &str) -> Response {
    let here: axum::http::Uri = axum::http::Uri::from_static("/");
    let title = match status {
        StatusCode::NOT_FOUND => catalogue::NOT_FOUND.get(lang),
        StatusCode::BAD_REQUEST => catalogue::BAD_REQUEST.get(lang),
        _ => catalogue::SOMETHING_WENT_WRONG.get(lang),
    };
    let body = html! {
        h1 { (title) " " small { (status.as_u16()) } } "\n"
        p class="error" role="alert" { (message) } "\n"
        p { a href="/" { (catalogue::BACK_TO_THE_DASHBOARD.get(lang)) } }
    };
    super::html(
        status,
        Page {
            lang,
            title,
            nav: Nav::None,
            here: &here,
            body,
        }
        .render(),
        None,
    )
}

/// A link to a body's page, or its name when it has none.
pub(crate) fn body_link(iri: &str, name: &str) -> Markup {
    link_or_text(graph::body_page(iri), name)
}

/// A link to a topic's page.
pub(crate) fn topic_link(iri: &str, label: &str) -> Markup {
    link_or_text(graph::topic_page(iri), label)
}

fn link_or_text(page: Option<String>, text: &str) -> Markup {
    html! {
        @match page {
            Some(page) => a href=(page) { (text) },
            None => (text),
        }
    }
}

/// The anchor of a duty on its body's page, from the duty's IRI: `item4` for the 4th
/// paragraph of an article (a body's only unit there); `s2-item1` or `t1-row3-item1` where
/// a body's duties come from several sections or table rows, whose positions repeat.
pub(crate) fn duty_anchor(duty_iri: &str) -> String {
    let tail = duty_iri
        .strip_prefix(crate::vocab::ID_BASE)
        .and_then(|rest| rest.split_once('/'))
        .map_or(duty_iri, |(_, tail)| tail);
    match tail.split_once('/') {
        Some((unit, item))
            if unit
                .strip_prefix("art")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                && !item.contains('/') =>
        {
            item.to_owned()
        }
        _ => tail.replace('/', "-"),
    }
}

/// A citation linked to the duty on its body's page.
pub(crate) fn cite_link(source: &SourceRef, bearer: Option<&str>) -> Markup {
    html! {
        @match bearer.and_then(graph::body_page) {
            Some(page) if source.position > 0 => {
                a href={ (page) "#" (duty_anchor(&source.duty)) } { (source.citation) }
            }
            _ => (source.citation),
        }
    }
}

/// A severity badge.
pub(crate) fn badge(lang: Lang, severity: crate::analysis::Severity) -> Markup {
    html! {
        span class={ "sev " (severity.en()) } { (t(lang, severity.zh(), severity.en())) }
    }
}

/// The name of a mode of engagement (牵头负责, lead) as a coloured tag.
pub(crate) fn mode_badge(lang: Lang, mode: Mode) -> Markup {
    html! {
        span class={ "mode m" (mode.letter()) } { (t(lang, mode.zh(), mode.en())) }
    }
}

/// The names of modes as a list (指导、配合 or guidance, cooperation), not escaped.
pub(crate) fn mode_list(lang: Lang, modes: &[Mode]) -> String {
    let names: Vec<&str> = modes.iter().map(|m| t(lang, m.zh(), m.en())).collect();
    names.join(catalogue::LIST_SEPARATOR.get(lang))
}

/// A table head: one column header per text.
pub(crate) fn thead(cells: &[&str]) -> Markup {
    html! { thead { tr { @for cell in cells { th scope="col" { (cell) } } } } }
}

/// The breadcrumb of a page under an index (`/bodies`, `/topics`, `/reports`): the index's
/// link, then the page's name.
pub(crate) fn crumbs(lang: Lang, index: &str, index_name: &str, here: &str) -> Markup {
    html! {
        nav class="crumbs" aria-label=(catalogue::BREADCRUMB.get(lang)) {
            a href=(index) { (index_name) } " › " (here)
        } "\n"
    }
}

/// Items with a separator between them (、 or <br>).
pub(crate) fn joined(items: impl IntoIterator<Item = Markup>, separator: Markup) -> Markup {
    html! {
        @for (i, item) in items.into_iter().enumerate() {
            @if i > 0 { (separator) }
            (item)
        }
    }
}

/// The heading of a page named in both languages: the page's language first, the other one
/// beside it.
pub(crate) fn heading_both(lang: Lang, zh: &str, en: &str) -> Markup {
    let (primary, secondary, secondary_lang) = match lang {
        Lang::Zh => (zh, en, "en"),
        Lang::En => (en, zh, "zh-CN"),
    };
    html! { h1 { (primary) " " small lang=(secondary_lang) { (secondary) } } "\n" }
}

/// A narrower picture inline (a body's, a topic's), its summary and its text alternative.
pub(crate) fn figure(site: &Site, picture: &Picture, svg: &str, lang: Lang) -> Markup {
    html! {
        figure class="graph-figure" {
            // The SVG writer's own templates escaped it.
            div class="graph-scroll" { (PreEscaped(svg)) }
            figcaption { (graph::summary(picture, lang)) }
        } "\n"
        (edge_table(site, picture, lang))
    }
}

/// The text alternative of a picture: every edge with its sources.
pub(crate) fn edge_table(site: &Site, picture: &Picture, lang: Lang) -> Markup {
    let caption = catalogue::EDGE_TABLE_CAPTION.fill(lang, &[("n", &picture.edges.len())]);
    let name = |id: &str| -> Markup {
        html! {
            @if let Some(n) = picture.node(id) {
                @let label = n.label(lang);
                @match &n.page {
                    Some(_) => (body_link(&n.key, label)),
                    None if !n.members.is_empty() => { (label) "（" (n.members.join("、")) "）" }
                    None => (label),
                }
            }
        }
    };
    let rows = picture.edges.iter().map(|edge| {
        let style = relation_style(&edge.relation);
        let bearer = picture.node(&edge.from).map(|n| n.key.as_str());
        let cites = edge.sources.iter().map(|s| {
            // A duty's page is its bearer's (for `commands` read from another's duty,
            // the bearer is the duty's own).
            let owner = site.context.duty(&s.duty).and_then(|d| d.bearer.as_deref());
            cite_link(s, owner.or(bearer))
        });
        html! {
            tr data-relation=(edge.relation) data-topics=(edge.topics.join(" ")) {
                td { (name(&edge.from)) }
                td { (style.label(lang)) }
                td { (name(&edge.to)) }
                td { (joined(cites, html! { "；" })) }
            } "\n"
        }
    });
    html! {
        details class="edges" {
            summary { (caption) } "\n"
            table {
                "\n"
                (thead(&[
                    catalogue::EDGE_FROM.get(lang),
                    catalogue::RELATION.get(lang),
                    catalogue::EDGE_TO.get(lang),
                    catalogue::SOURCES.get(lang),
                ]))
                "\n"
                tbody { "\n" @for row in rows { (row) } } "\n"
            } "\n"
        } "\n"
    }
}

/// Chinese text inside an English page keeps its language.
pub(crate) fn zh_text(lang: Lang, text: &str) -> Markup {
    html! {
        @match lang {
            Lang::Zh => (text),
            Lang::En => span lang="zh-CN" { (text) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_keeps_other_parameters() {
        let uri: axum::http::Uri = "/editor?query=ASK%20%7B%7D&lang=zh"
            .parse()
            .unwrap_or_default();
        assert_eq!(
            switch_url(&uri, Lang::En),
            "/editor?query=ASK+%7B%7D&lang=en"
        );
    }
}
