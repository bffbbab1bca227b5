//! The picture as Graphviz DOT: `dot -Tsvg` draws it where Graphviz is installed, and
//! layout-rs reads it too. Colours and line styles match the SVG; a legend is a cluster.

use std::fmt::Write as _;

use super::svg::FONT_FAMILY;
use super::{NodeClass, Picture, relation_style, summary, title};
use crate::analysis::Lang;
use crate::analysis::network::NodeKind;
use crate::catalogue;

/// Quotes a DOT string.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The first font of the stack, for Graphviz (which takes one name).
fn font() -> &'static str {
    FONT_FAMILY
        .split(',')
        .next()
        .map_or("sans-serif", |f| f.trim_matches('\''))
}

/// Writes DOT. `link_base` as for the SVG: bodies get a `URL` when it is given.
pub fn render(picture: &Picture, lang: Lang, link_base: Option<&str>) -> String {
    let mut out = String::new();
    let summary = summary(picture, lang);
    let f = quote(font());
    let _ = writeln!(out, "// {summary}");
    out.push_str("digraph dutygraph {\n");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, fontname={f}, label={}, labelloc=t, tooltip={}];",
        quote(&title(picture, lang)),
        quote(&summary),
    );
    let _ = writeln!(
        out,
        "  node [fontname={f}, fontsize=12, style=filled, shape=box];\n  edge [fontname={f}, fontsize=10];"
    );
    for node in &picture.nodes {
        let (fill, stroke) = node.class.colors();
        let shape = match node.class {
            NodeClass::Party => "ellipse",
            _ => "box",
        };
        let style = match node.class {
            NodeClass::Party => "\"filled,dashed\"",
            NodeClass::Collective => "\"filled,rounded\"",
            _ => "filled",
        };
        let mut attrs = format!(
            "label={}, shape={shape}, style={style}, fillcolor={}, color={}, fontcolor={}, tooltip={}",
            quote(node.label(lang)),
            quote(fill),
            quote(stroke),
            quote(node.class.text_color()),
            quote(node.class.label(lang))
        );
        if let (Some(base), Some(page)) = (link_base, &node.page)
            && node.kind == NodeKind::Body
        {
            let _ = write!(attrs, ", URL={}", quote(&format!("{base}{page}")));
        }
        let _ = writeln!(out, "  {} [{attrs}];", node.id);
    }
    for edge in &picture.edges {
        let style = relation_style(&edge.relation);
        let cites: Vec<&str> = edge.sources.iter().map(|s| s.citation.as_str()).collect();
        let _ = writeln!(
            out,
            "  {} -> {} [color={}, style={}, penwidth={}, tooltip={}];",
            edge.from,
            edge.to,
            quote(style.color),
            style.dot_style(),
            style.width,
            quote(&format!("{}：{}", style.label(lang), cites.join("；")))
        );
    }
    // The legend: one node per class used, one edge sample per relation used.
    out.push_str("  subgraph cluster_legend {\n");
    let _ = writeln!(
        out,
        "    label={}; fontsize=12; color=\"#bbbbbb\";",
        quote(catalogue::LEGEND.get(lang))
    );
    for (i, class) in picture.classes_used().into_iter().enumerate() {
        let (fill, stroke) = class.colors();
        let _ = writeln!(
            out,
            "    legend_node{i} [label={}, fillcolor={}, color={}, fontcolor={}];",
            quote(class.label(lang)),
            quote(fill),
            quote(stroke),
            quote(class.text_color())
        );
    }
    for (i, r) in picture.relations_used().into_iter().enumerate() {
        let _ = writeln!(
            out,
            "    legend_a{i} [label=\"\", shape=point, width=0.05];\n    legend_b{i} [label=\"\", shape=point, width=0.05];\n    legend_a{i} -> legend_b{i} [label={}, color={}, style={}, penwidth={}];",
            quote(r.label(lang)),
            quote(r.color),
            r.dot_style(),
            r.width
        );
    }
    out.push_str("  }\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_escaped() {
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(font(), "Noto Sans CJK SC");
    }
}
