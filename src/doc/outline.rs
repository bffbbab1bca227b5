//! The outline: numbered lines nest by the seniority of their numbering, unnumbered lines
//! are paragraphs of the numbered line above them.
//!
//! A kind of numbering that is already open closes everything under it (a second （二）
//! is a sibling of （一）). A kind not open yet is a child of the open line when it is more
//! junior (（一） under 一、), and closes the open lines that are not more senior than it
//! otherwise: a page that starts with items 4. 5. of a body whose heading was on the
//! previous page, then （三十六）质监部门, gets （三十六） at the top, not under 5.
//!
//! An unnumbered short line followed by a numbering's first item (区应急管理局 then 1.)
//! is a heading too: the items nest under it until the next such line or a more senior
//! numbering.

use super::marker::MarkerKind;
use super::{Marker, Node, NodeId, Scanned, Text};

/// Seniority on one scale for numbered lines and unnumbered headings: an unnumbered
/// heading sits just above the numbering of the items it introduces.
fn seniority(kind: MarkerKind) -> u8 {
    kind.rank() * 2 + 1
}

/// An unnumbered line that heads the numbered items after it (区应急管理局 then 1. 2.;
/// 城镇燃气 then （一）（二）): short, no sentence, and the next line starts a numbering at
/// its first value. Inside an article the paragraphs are the article's own.
fn heads_items(
    line: &Scanned<'_>,
    next: Option<&&Scanned<'_>>,
    open: &[(NodeId, Option<MarkerKind>, u8)],
) -> Option<u8> {
    let next = next?;
    let in_article = open
        .iter()
        .any(|&(_, k, _)| k.is_some_and(|k| k == MarkerKind::Article));
    let kind = next.marker.as_ref()?.kind;
    (!in_article && is_unnumbered_heading(line, next)).then(|| seniority(kind) - 1)
}

/// Whether `line` is an unnumbered heading of the numbered items that `next` starts.
pub(crate) fn is_unnumbered_heading(line: &Scanned<'_>, next: &Scanned<'_>) -> bool {
    let Some(next_marker) = &next.marker else {
        return false;
    };
    let text = line.text.trim_end_matches(['：', ':']);
    let short = (2..=30).contains(&text.chars().count());
    let sentence = text.contains(['。', '；', ';', '，', ',']);
    let starts = next_marker.value == Some(1) && !next_marker.kind.is_di();
    line.marker.is_none() && short && !sentence && starts
}

/// Builds the outline of the list's lines, in order.
pub(crate) fn build(lines: &[&Scanned<'_>]) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::with_capacity(lines.len());
    // Open headings, outermost first: numbered lines (with their kind) and unnumbered
    // headings, each with its seniority.
    let mut open: Vec<(NodeId, Option<MarkerKind>, u8)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let id = nodes.len();
        let heading_rank = heads_items(line, lines.get(index + 1), &open);
        if let Some(rank) = heading_rank {
            while open.last().is_some_and(|&(_, _, r)| r >= rank) {
                open.pop();
            }
        }
        let (marker, separator, text) = match &line.marker {
            Some(found) => {
                let kind = found.kind;
                match open.iter().rposition(|&(_, k, _)| k == Some(kind)) {
                    Some(at) => open.truncate(at),
                    None => {
                        while open.last().is_some_and(|&(_, _, r)| r >= seniority(kind)) {
                            open.pop();
                        }
                    }
                }
                let printed = &line.text[..found.len.min(line.text.len())];
                let literal = line
                    .text
                    .get(found.literal_range.clone())
                    .unwrap_or_default();
                let after_marker = &line.text[printed.len()..];
                let separator_len = found.separator_len.min(after_marker.len());
                let separator = &after_marker[..separator_len];
                let rest = &after_marker[separator_len..];
                let text = line
                    .raw
                    .text_of(rest)
                    .unwrap_or_else(|| line.raw.empty_after(rest));
                let marker = Marker {
                    kind,
                    literal: literal.to_owned(),
                    value: found.value,
                    printed: printed.to_owned(),
                    span: line.raw.span_of(printed),
                };
                (Some(marker), separator.to_owned(), text)
            }
            None => (
                None,
                String::new(),
                Text {
                    text: line.text.to_owned(),
                    span: line.span(),
                },
            ),
        };
        let parent = open.last().map(|&(p, _, _)| p);
        let depth = parent.map_or(0, |p| nodes[p].depth + 1);
        if let Some(p) = parent {
            nodes[p].children.push(id);
        }
        if let Some(m) = &marker {
            open.push((id, Some(m.kind), seniority(m.kind)));
        } else if let Some(rank) = heading_rank {
            open.push((id, None, rank));
        }
        nodes.push(Node {
            parent,
            children: Vec::new(),
            depth,
            marker,
            separator,
            text,
            span: line.span(),
        });
    }
    nodes
}

/// The descendants of a node in document order (nodes are stored in document order and
/// a node's descendants follow it).
pub fn descendants(nodes: &[Node], id: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack: Vec<NodeId> = nodes[id].children.iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        out.push(n);
        stack.extend(nodes[n].children.iter().rev().copied());
    }
    out
}

/// The ancestors of a node, nearest first.
pub fn ancestors(nodes: &[Node], id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    std::iter::successors(nodes[id].parent, move |&p| nodes[p].parent)
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    fn shape(text: &str) -> Vec<(u32, String)> {
        let doc = parse("t", "t", text).unwrap();
        doc.nodes
            .iter()
            .map(|n| {
                let printed = n.marker.as_ref().map_or("", |m| m.printed.as_str());
                (n.depth, format!("{printed}{}", n.text.text))
            })
            .collect()
    }

    #[test]
    fn seniority_closes_levels() {
        let text = "4.负责甲。\n5.负责乙。\n（三十六）质监部门。\n1.负责丙。\n2.负责丁。\n（三十七）供销部门。\n1.负责戊。\n";
        let depths: Vec<u32> = shape(text).iter().map(|(d, _)| *d).collect();
        assert_eq!(depths, [0, 0, 0, 1, 1, 0, 1]);
    }

    #[test]
    fn paragraphs_belong_to_the_line_above() {
        let text = "一、剧本娱乐经营场所\n文化旅游部门负责甲。\n公安机关负责乙。\n二、平台经济\n（一）区商务局负责丙。\n";
        let shape = shape(text);
        assert_eq!(
            shape.iter().map(|(d, _)| *d).collect::<Vec<_>>(),
            [0, 1, 1, 0, 1]
        );
        assert_eq!(shape[1].1, "文化旅游部门负责甲。");
    }
}
