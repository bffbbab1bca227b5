//! The page chrome (head, navigation, language switch, footer) and small HTML helpers.
//! Everything that comes from the graph or the request is escaped with [`escape`].

use axum::http::StatusCode;
use axum::response::Response;

use crate::analysis::{Lang, SourceRef};
use crate::graph;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    crate::report::html::escape(text)
}

/// Chinese or English.
pub(crate) fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
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
    pub title: String,
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
            escape(&self.title),
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
            title: title.to_owned(),
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

/// The anchor of a duty on its body's page (`item4`).
pub(crate) fn duty_anchor(position: u32) -> String {
    format!("item{position}")
}

/// A citation linked to the duty on its body's page.
pub(crate) fn cite_link(source: &SourceRef, bearer: Option<&str>) -> String {
    let text = escape(&source.citation);
    match bearer.and_then(graph::body_page) {
        Some(page) if source.position > 0 => format!(
            "<a href=\"{}#{}\">{text}</a>",
            escape(&page),
            duty_anchor(source.position)
        ),
        _ => text,
    }
}

/// A severity badge.
pub(crate) fn badge(lang: Lang, severity: crate::analysis::Severity) -> String {
    let label = match lang {
        Lang::Zh => severity.zh(),
        Lang::En => severity.en(),
    };
    format!(
        "<span class=\"sev {}\">{}</span>",
        severity.en(),
        escape(label)
    )
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
