//! The page chrome (head, navigation, language switch, footer) and small HTML helpers.
//! Everything that comes from the graph or the request is escaped with [`escape`].

use axum::http::StatusCode;
use axum::response::Response;

use super::Site;
use crate::analysis::{Lang, Mode, SourceRef};
use crate::graph::{self, Picture, relation_style};

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    crate::report::html::escape(text)
}

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
    pub body: String,
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
        let mut out = String::with_capacity(self.body.len() + 4096);
        out.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{} · {}</title>\n\
             <link rel=\"stylesheet\" href=\"/assets/app.css\">\n\
             <link rel=\"icon\" href=\"/assets/icon.svg\" type=\"image/svg+xml\">\n\
             <script src=\"/assets/app.js\" defer></script>\n</head>\n<body>\n",
            html_lang(lang),
            escape(self.title),
            t(lang, "职责图谱", "dutygraph"),
        ));
        out.push_str(&format!(
            "<a class=\"skip\" href=\"#main\">{}</a>\n<header class=\"top\">\n<nav aria-label=\"{}\">\n<a class=\"brand\" href=\"/\">{}</a>\n<ul>",
            t(lang, "跳到正文", "Skip to content"),
            t(lang, "主导航", "Main"),
            t(lang, "职责图谱", "dutygraph"),
        ));
        for (nav, href, zh, en) in [
            (Nav::Dashboard, "/", "概览", "Dashboard"),
            (Nav::Bodies, "/bodies", "责任主体", "Bodies"),
            (Nav::Topics, "/topics", "主题", "Topics"),
            (Nav::Reports, "/reports", "分析报告", "Reports"),
            (Nav::Editor, "/editor", "SPARQL 查询", "SPARQL editor"),
        ] {
            let current = if nav == self.nav {
                " aria-current=\"page\""
            } else {
                ""
            };
            out.push_str(&format!(
                "<li><a href=\"{href}\"{current}>{}</a></li>",
                t(lang, zh, en)
            ));
        }
        out.push_str("</ul>\n");
        let (other, label, hreflang) = match lang {
            Lang::Zh => (Lang::En, "English", "en"),
            Lang::En => (Lang::Zh, "中文", "zh-CN"),
        };
        out.push_str(&format!(
            "<a class=\"lang-switch\" id=\"lang-switch\" href=\"{}\" lang=\"{hreflang}\" hreflang=\"{hreflang}\">{label}</a>\n</nav>\n</header>\n",
            escape(&switch_url(self.here, other))
        ));
        out.push_str("<main id=\"main\">\n");
        out.push_str(&self.body);
        out.push_str("\n</main>\n<footer>");
        out.push_str(t(
            lang,
            "职责图谱 dutygraph · 数据来自所载入的职责清单，每项结论均可追溯到原文条、项、行。",
            "dutygraph · every finding traces back to the article, item and line of the loaded list.",
        ));
        out.push_str(" <a href=\"/sparql\">SPARQL</a></footer>\n</body>\n</html>\n");
        out
    }
}

/// An error page (404, 500…) in the chrome, with the message.
pub(crate) fn error(lang: Lang, status: StatusCode, message: &str) -> Response {
    let here: axum::http::Uri = axum::http::Uri::from_static("/");
    let title = match status {
        StatusCode::NOT_FOUND => t(lang, "未找到", "Not found"),
        StatusCode::BAD_REQUEST => t(lang, "请求有误", "Bad request"),
        _ => t(lang, "出错了", "Something went wrong"),
    };
    let body = format!(
        "<h1>{} <small>{}</small></h1>\n<p class=\"error\" role=\"alert\">{}</p>\n<p><a href=\"/\">{}</a></p>",
        escape(title),
        status.as_u16(),
        escape(message),
        t(lang, "返回概览", "Back to the dashboard"),
    );
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
pub(crate) fn body_link(iri: &str, name: &str) -> String {
    match graph::body_page(iri) {
        Some(page) => format!("<a href=\"{}\">{}</a>", escape(&page), escape(name)),
        None => escape(name),
    }
}

/// A link to a topic's page.
pub(crate) fn topic_link(iri: &str, label: &str) -> String {
    match graph::topic_page(iri) {
        Some(page) => format!("<a href=\"{}\">{}</a>", escape(&page), escape(label)),
        None => escape(label),
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
pub(crate) fn cite_link(source: &SourceRef, bearer: Option<&str>) -> String {
    let text = escape(&source.citation);
    match bearer.and_then(graph::body_page) {
        Some(page) if source.position > 0 => format!(
            "<a href=\"{}#{}\">{text}</a>",
            escape(&page),
            duty_anchor(&source.duty)
        ),
        _ => text,
    }
}

/// A severity badge.
pub(crate) fn badge(lang: Lang, severity: crate::analysis::Severity) -> String {
    format!(
        "<span class=\"sev {}\">{}</span>",
        severity.en(),
        escape(t(lang, severity.zh(), severity.en()))
    )
}

/// The name of a mode of engagement (牵头负责, lead) as a coloured tag.
pub(crate) fn mode_badge(lang: Lang, mode: Mode) -> String {
    format!(
        "<span class=\"mode m{}\">{}</span>",
        mode.letter(),
        escape(t(lang, mode.zh(), mode.en()))
    )
}

/// The names of modes as a list (指导、配合 or guidance, cooperation), not escaped.
pub(crate) fn mode_list(lang: Lang, modes: &[Mode]) -> String {
    let names: Vec<&str> = modes.iter().map(|m| t(lang, m.zh(), m.en())).collect();
    names.join(t(lang, "、", ", "))
}

/// A table head, one column header per cell (markup, as given).
/// The opening of a table up to its `<tbody>`: `class` (none when empty) and the header
/// cells (markup).
pub(crate) fn table_start(class: &str, cells: &[&str]) -> String {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    format!("<table{class}>{}<tbody>\n", thead(cells))
}

pub(crate) fn thead(cells: &[&str]) -> String {
    let mut out = String::from("<thead><tr>");
    for cell in cells {
        out.push_str("<th scope=\"col\">");
        out.push_str(cell);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>");
    out
}

/// The breadcrumb of a page under an index (`/bodies`, `/topics`, `/reports`): the index's
/// link, then the page's name (markup).
pub(crate) fn crumbs(lang: Lang, index: &str, index_name: &str, here: &str) -> String {
    format!(
        "<nav class=\"crumbs\" aria-label=\"{}\"><a href=\"{index}\">{index_name}</a> › {here}</nav>\n",
        t(lang, "位置", "Breadcrumb"),
    )
}

/// The heading of a page named in both languages: the page's language first, the other one
/// beside it.
pub(crate) fn heading_both(lang: Lang, zh: &str, en: &str) -> String {
    let (primary, secondary, secondary_lang) = match lang {
        Lang::Zh => (zh, en, "en"),
        Lang::En => (en, zh, "zh-CN"),
    };
    format!(
        "<h1>{} <small lang=\"{secondary_lang}\">{}</small></h1>\n",
        escape(primary),
        escape(secondary)
    )
}

/// A narrower picture inline (a body's, a topic's), its summary and its text alternative.
pub(crate) fn figure(site: &Site, picture: &Picture, svg: &str, lang: Lang) -> String {
    format!(
        "<figure class=\"graph-figure\"><div class=\"graph-scroll\">{svg}</div><figcaption>{}</figcaption></figure>\n{}",
        escape(&graph::summary(picture, lang)),
        edge_table(site, picture, lang)
    )
}

/// The text alternative of a picture: every edge with its sources.
pub(crate) fn edge_table(site: &Site, picture: &Picture, lang: Lang) -> String {
    let mut out = format!(
        "<details class=\"edges\"><summary>{}</summary>\n<table>\n{}\n<tbody>\n",
        escape(&match lang {
            Lang::Zh => format!("图的文字说明：{} 条关系", picture.edges.len()),
            Lang::En => format!("The picture as text: {} relations", picture.edges.len()),
        }),
        thead(&[
            t(lang, "主体", "From"),
            t(lang, "关系", "Relation"),
            t(lang, "对象", "To"),
            t(lang, "出处", "Sources"),
        ]),
    );
    let name = |id: &str| -> String {
        picture.node(id).map_or_else(String::new, |n| {
            let label = n.label(lang);
            match &n.page {
                Some(_) => body_link(&n.key, label),
                None if !n.members.is_empty() => {
                    format!("{}（{}）", escape(label), escape(&n.members.join("、")))
                }
                None => escape(label),
            }
        })
    };
    for edge in &picture.edges {
        let style = relation_style(&edge.relation);
        let bearer = picture.node(&edge.from).map(|n| n.key.as_str());
        let cites: Vec<String> = edge
            .sources
            .iter()
            .map(|s| {
                // A duty's page is its bearer's (for `commands` read from another's duty,
                // the bearer is the duty's own).
                let owner = site.context.duty(&s.duty).and_then(|d| d.bearer.as_deref());
                cite_link(s, owner.or(bearer))
            })
            .collect();
        out.push_str(&format!(
            "<tr data-relation=\"{}\" data-topics=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&edge.relation),
            escape(&edge.topics.join(" ")),
            name(&edge.from),
            escape(style.label(lang)),
            name(&edge.to),
            cites.join("；")
        ));
    }
    out.push_str("</tbody>\n</table>\n</details>\n");
    out
}

/// Chinese text inside an English page keeps its language.
pub(crate) fn zh_text(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Zh => escape(text),
        Lang::En => format!("<span lang=\"zh-CN\">{}</span>", escape(text)),
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
