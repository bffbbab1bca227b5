//! The picture as SVG, laid out by layout-rs and written here.
//!
//! layout-rs (pure Rust, a Sugiyama-style layered layout of DOT-like graphs) places the
//! nodes and routes the edges; it reports them through its `RenderBackend` trait, which
//! [`Recorder`] implements to keep the geometry. The SVG is then written here rather than by
//! layout-rs's own writer (whose font is hard-coded to `Times, serif` and which cannot tag
//! shapes), so that it can carry:
//! - a CJK-capable font stack and text widths measured for Chinese;
//! - a `<title>` and `<desc>` (the text alternative), and a `<title>` on every node and edge;
//! - a legend: node colours by kind and annex category, edge colours and dashes by relation;
//! - an `<a href>` around each body, to its page in the web UI (works without JavaScript);
//! - `data-` attributes (relation, endpoints, topics) for filtering in the browser.
//!
//! Several relations between the same two nodes share one route, drawn side by side.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::panic::AssertUnwindSafe;

use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::{Point, Position};
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use maud::{Markup, PreEscaped, html};
use unicode_width::UnicodeWidthChar;

use super::{NodeClass, PicEdge, PicNode, Picture, RelationStyle, relation_style, summary, title};
use crate::analysis::Lang;
use crate::analysis::network::NodeKind;
use crate::catalogue;
use crate::error::{Error, Result};

/// Fonts that carry Chinese on the usual systems, then the generic family.
pub const FONT_FAMILY: &str = "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',sans-serif";

const FONT_SIZE: f64 = 14.0;
const NODE_HEIGHT: f64 = 30.0;
const PAD_X: f64 = 10.0;
/// Space around a node inside its rank (vertical, left to right) and between ranks.
const HALO_ALONG: f64 = 14.0;
const HALO_ACROSS: f64 = 90.0;
const MARGIN: f64 = 16.0;
/// Distance between parallel edges of the same pair.
const PARALLEL_GAP: f64 = 4.0;

/// How to write the SVG.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    /// Prefix of the links from bodies to their pages (`""` for the site's own paths,
    /// `http://127.0.0.1:7878`); no links when `None`.
    pub link_base: Option<String>,
    /// A file of its own (XML declaration, `xml:lang`), rather than inline in HTML.
    pub standalone: bool,
    /// Prefix of every `id` in the SVG, so that several can share a page.
    pub id_prefix: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Zh,
            link_base: None,
            standalone: true,
            id_prefix: "dg-".to_owned(),
        }
    }
}

/// The width of a label in pixels at `size`: wide (CJK, fullwidth) characters take one em,
/// others about 0.6 em.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c.width() {
            Some(2) => 1.0,
            Some(0) | None => 0.0,
            _ => 0.6,
        })
        .sum::<f64>()
        * size
}

/// XML 1.0 allows no control characters but tab and line breaks; the templates escape
/// markup, and this removes those from the finished document (only text from the list
/// can bring them).
fn without_forbidden_characters(mut svg: String) -> String {
    let forbidden = |c: char| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r');
    if svg.contains(forbidden) {
        svg.retain(|c| !forbidden(c));
    }
    svg
}

/// A coordinate or length with one decimal, as every number of the picture is written.
#[derive(Clone, Copy)]
struct Num(f64);

impl maud::Render for Num {
    fn render_to(&self, buffer: &mut String) {
        let _ = write!(buffer, "{:.1}", self.0);
    }
}

/// The geometry layout-rs reports: node boxes by node index, routes by pair index.
#[derive(Debug, Default)]
struct Recorder {
    /// (top-left, size)
    nodes: HashMap<usize, (Point, Point)>,
    /// The route of a pair: its path (as layout-rs gives it) and (arrow at start, at end).
    routes: HashMap<usize, Route>,
}

/// A route as layout-rs draws it: its path and (arrow at start, arrow at end).
type Route = (Vec<(Point, Point)>, (bool, bool));

fn tag(properties: Option<String>, prefix: char) -> Option<usize> {
    properties?.strip_prefix(prefix)?.parse().ok()
}

impl RenderBackend for Recorder {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        if let Some(i) = tag(properties, 'n') {
            self.nodes.insert(i, (xy, size));
        }
    }

    fn draw_line(
        &mut self,
        _start: Point,
        _stop: Point,
        _look: &StyleAttr,
        _properties: Option<String>,
    ) {
    }

    fn draw_circle(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
    ) {
        if let Some(i) = tag(properties, 'n') {
            let top_left = Point::new(xy.x - size.x / 2.0, xy.y - size.y / 2.0);
            self.nodes.insert(i, (top_left, size));
        }
    }

    fn draw_text(&mut self, _xy: Point, _text: &str, _look: &StyleAttr) {}

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        head: (bool, bool),
        _look: &StyleAttr,
        properties: Option<String>,
        _text: &str,
    ) {
        if let Some(k) = tag(properties, 'p') {
            self.routes.insert(k, (path.to_vec(), head));
        }
    }

    fn create_clip(&mut self, _xy: Point, _size: Point, _rounded_px: usize) -> ClipHandle {
        0
    }
}

/// Where everything went.
#[derive(Debug, Clone)]
struct Geometry {
    /// (top-left, size) per node, in picture order.
    nodes: Vec<(Point, Point)>,
    /// Per edge: the SVG path data and whether it runs from the edge's source.
    edges: Vec<(String, bool, f64)>,
    min: Point,
    max: Point,
}

fn node_size(label: &str, class: NodeClass) -> Point {
    let w = text_width(label, FONT_SIZE) + 2.0 * PAD_X;
    match class {
        NodeClass::Party => Point::new(w + 18.0, NODE_HEIGHT),
        _ => Point::new(w.max(44.0), NODE_HEIGHT),
    }
}

fn layout(picture: &Picture, lang: Lang) -> Result<Geometry> {
    let mut vg = VisualGraph::new(Orientation::LeftToRight);
    let mut handles = Vec::with_capacity(picture.nodes.len());
    let index: HashMap<&str, usize> = picture
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    for (i, node) in picture.nodes.iter().enumerate() {
        let label = node.label(lang);
        let shape = match node.class {
            NodeClass::Party => ShapeKind::new_circle(label),
            _ => ShapeKind::new_box(label),
        };
        let element = Element {
            shape,
            pos: Position::new(
                Point::zero(),
                node_size(label, node.class),
                Point::zero(),
                Point::new(HALO_ACROSS, HALO_ALONG),
            ),
            look: StyleAttr::simple(),
            orientation: Orientation::LeftToRight,
            properties: Some(format!("n{i}")),
        };
        handles.push(vg.add_node(element));
    }
    // One route per unordered pair of nodes, in the direction first seen: (from, to, edges).
    let mut pair_index: HashMap<(usize, usize), usize> = HashMap::new();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    // Per edge: its pair and its rank among the pair's edges.
    let mut edge_pair: Vec<(usize, usize)> = Vec::with_capacity(picture.edges.len());
    for edge in &picture.edges {
        let (Some(&f), Some(&t)) = (index.get(edge.from.as_str()), index.get(edge.to.as_str()))
        else {
            return Err(Error::render(
                "svg",
                format!("edge {} names no node", edge.id),
            ));
        };
        let k = *pair_index.entry((f.min(t), f.max(t))).or_insert_with(|| {
            pairs.push((f, t, 0));
            pairs.len() - 1
        });
        edge_pair.push((k, pairs[k].2));
        pairs[k].2 += 1;
    }
    for (k, &(from, to, _)) in pairs.iter().enumerate() {
        let arrow = Arrow::with_properties(
            LineEndKind::None,
            LineEndKind::Arrow,
            LineStyleKind::Normal,
            "",
            &StyleAttr::simple(),
            format!("p{k}"),
            &None,
            &None,
        );
        vg.add_edge(arrow, handles[from], handles[to]);
    }

    let mut recorder = Recorder::default();
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        vg.do_it(false, false, false, &mut recorder);
    }))
    .map_err(|_| Error::render("svg", "the layout failed (layout-rs panicked)"))?;

    let mut min = Point::new(f64::MAX, f64::MAX);
    let mut max = Point::new(f64::MIN, f64::MIN);
    let mut grow = |p: Point| {
        min = Point::new(min.x.min(p.x), min.y.min(p.y));
        max = Point::new(max.x.max(p.x), max.y.max(p.y));
    };
    let mut nodes = Vec::with_capacity(picture.nodes.len());
    for i in 0..picture.nodes.len() {
        let (xy, size) = recorder
            .nodes
            .get(&i)
            .copied()
            .ok_or_else(|| Error::render("svg", format!("the layout lost node n{i}")))?;
        grow(xy);
        grow(Point::new(xy.x + size.x, xy.y + size.y));
        nodes.push((xy, size));
    }
    for (path, _) in recorder.routes.values() {
        for (a, b) in path {
            grow(*a);
            grow(*b);
        }
    }

    let mut edges = Vec::with_capacity(picture.edges.len());
    for (edge, &(k, nth)) in picture.edges.iter().zip(&edge_pair) {
        let (path, head) = recorder
            .routes
            .get(&k)
            .ok_or_else(|| Error::render("svg", format!("the layout lost edge {}", edge.id)))?;
        if path.len() < 2 {
            return Err(Error::render(
                "svg",
                format!("edge {} has no route", edge.id),
            ));
        }
        // The route runs from the pair's first node unless layout-rs turned it round (the
        // arrow then at its start) to keep the graph acyclic.
        let (pair_from, pair_to, count) = pairs[k];
        let route_start = if head.0 && !head.1 {
            pair_to
        } else {
            pair_from
        };
        let forward = index.get(edge.from.as_str()) == Some(&route_start);
        let offset = (nth as f64 - (count as f64 - 1.0) / 2.0) * PARALLEL_GAP;
        edges.push((path_data(path), forward, offset));
    }
    Ok(Geometry {
        nodes,
        edges,
        min,
        max,
    })
}

/// SVG path data for a layout-rs route: `M p C c1, c2, p2 S c, p …`.
fn path_data(path: &[(Point, Point)]) -> String {
    let mut d = String::new();
    let f = |x: f64| format!("{x:.1}");
    if let [first, second, rest @ ..] = path {
        let _ = write!(
            d,
            "M{} {} C{} {},{} {},{} {}",
            f(first.0.x),
            f(first.0.y),
            f(first.1.x),
            f(first.1.y),
            f(second.0.x),
            f(second.0.y),
            f(second.1.x),
            f(second.1.y)
        );
        for p in rest {
            let _ = write!(d, " S{} {},{} {}", f(p.0.x), f(p.0.y), f(p.1.x), f(p.1.y));
        }
    }
    d
}

/// A legend item: swatch or line, and its label.
enum Item {
    Node(NodeClass),
    Edge(RelationStyle),
}

/// Lays the legend out in rows no wider than `width`; returns the SVG and its height.
fn legend(picture: &Picture, lang: Lang, width: f64, p: &str) -> (Markup, f64) {
    let rows: [(&str, Vec<Item>); 2] = [
        (
            catalogue::LEGEND_NODES.get(lang),
            picture.classes_used().into_iter().map(Item::Node).collect(),
        ),
        (
            catalogue::LEGEND_RELATIONS.get(lang),
            picture
                .relations_used()
                .into_iter()
                .map(Item::Edge)
                .collect(),
        ),
    ];
    let line_h = 22.0;
    let mut y = 0.0;
    let mut parts = Vec::new();
    for (head, items) in rows {
        if items.is_empty() {
            continue;
        }
        let head_w = text_width(head, 13.0) + 8.0;
        parts.push(html! {
            text class="dg-legend-head" x="0" y=(Num(y + line_h / 2.0)) { (head) }
        });
        let mut x = head_w;
        for item in items {
            let (label, swatch_w) = match &item {
                Item::Node(c) => (c.label(lang), 20.0),
                Item::Edge(r) => (r.label(lang), 30.0),
            };
            let item_w = swatch_w + 6.0 + text_width(label, 13.0) + 16.0;
            if x + item_w > width && x > head_w {
                x = head_w;
                y += line_h;
            }
            let cy = y + line_h / 2.0;
            let swatch = match item {
                Item::Node(c) => {
                    let (fill, stroke) = c.colors();
                    html! {
                        rect x=(Num(x)) y=(Num(cy - 6.5)) width="20" height="13" rx="3" fill=(fill)
                            stroke=(stroke) stroke-width="1.2"
                            stroke-dasharray=[(c == NodeClass::Party).then_some("3 2")] {}
                    }
                }
                Item::Edge(r) => html! {
                    path class="dg-legend-edge" data-relation=(r.name)
                        d={ "M" (Num(x)) " " (Num(cy)) " h26" } stroke=(r.color)
                        stroke-width=(r.width) stroke-dasharray=[r.dash] fill="none"
                        marker-end={ "url(#" (p) "m-" (r.name) ")" } {}
                },
            };
            parts.push(html! {
                (swatch)
                text class="dg-legend-label" x=(Num(x + swatch_w + 6.0)) y=(Num(cy)) { (label) }
            });
            x += item_w;
        }
        y += line_h;
    }
    let svg = html! {
        g class="dg-legend" aria-label=(catalogue::LEGEND.get(lang)) {
            @for part in parts { (part) }
        }
    };
    (svg, y)
}

/// Which edges and nodes stand out; the others are dimmed (class `dg-dim`). The browser
/// applies the same rule when the filters change (`assets/app.js`).
#[derive(Debug, Clone, Default)]
pub struct Highlight {
    /// Edges of these relations; all when `None`.
    pub relations: Option<BTreeSet<String>>,
    /// Edges written in duties concerning this topic (slug), and the bodies dealing with it.
    pub topic: Option<String>,
}

impl Highlight {
    pub fn is_empty(&self) -> bool {
        self.relations.is_none() && self.topic.is_none()
    }

    pub fn edge(&self, edge: &PicEdge) -> bool {
        self.relations
            .as_ref()
            .is_none_or(|r| r.contains(&edge.relation))
            && self
                .topic
                .as_ref()
                .is_none_or(|t| edge.topics.iter().any(|x| x == t))
    }

    /// Whether a node stands out, given the nodes the lit edges touch.
    fn node(&self, node: &PicNode, lit_nodes: &BTreeSet<&str>) -> bool {
        self.is_empty()
            || lit_nodes.contains(node.id.as_str())
            || self
                .topic
                .as_ref()
                .is_some_and(|t| node.kind == NodeKind::Body && node.topics.iter().any(|x| x == t))
    }
}

/// A picture laid out once, to be written many times (with other highlights, ids, links).
#[derive(Debug, Clone)]
pub struct Laid {
    picture: Picture,
    lang: Lang,
    geometry: Geometry,
}

impl Laid {
    /// Lays the picture out with its labels in `lang`.
    pub fn new(picture: &Picture, lang: Lang) -> Result<Self> {
        let geometry = if picture.nodes.is_empty() {
            Geometry {
                nodes: Vec::new(),
                edges: Vec::new(),
                min: Point::zero(),
                max: Point::new(320.0, 40.0),
            }
        } else {
            layout(picture, lang)?
        };
        Ok(Laid {
            picture: picture.clone(),
            lang,
            geometry,
        })
    }

    pub fn picture(&self) -> &Picture {
        &self.picture
    }

    /// Writes the SVG, in the language it was laid out in (`options.lang` is not used).
    pub fn write(&self, options: &Options, highlight: &Highlight) -> String {
        write(&self.picture, self.lang, &self.geometry, options, highlight)
    }
}

/// Lays out and writes the picture.
pub fn render(picture: &Picture, options: &Options) -> Result<String> {
    Ok(Laid::new(picture, options.lang)?.write(options, &Highlight::default()))
}

fn write(
    picture: &Picture,
    lang: Lang,
    geometry: &Geometry,
    options: &Options,
    highlight: &Highlight,
) -> String {
    let p = options.id_prefix.as_str();
    let graph_w = geometry.max.x - geometry.min.x;
    let graph_h = geometry.max.y - geometry.min.y;
    let legend_w = graph_w.max(720.0);
    let (legend_svg, legend_h) = legend(picture, lang, legend_w, p);
    let width = legend_w.max(graph_w) + 2.0 * MARGIN;
    let top = MARGIN + legend_h + 12.0;
    let height = top + graph_h + MARGIN;
    let dx = MARGIN - geometry.min.x;
    let dy = top - geometry.min.y;

    let lit: Vec<bool> = picture.edges.iter().map(|e| highlight.edge(e)).collect();
    let lit_nodes: BTreeSet<&str> = picture
        .edges
        .iter()
        .zip(&lit)
        .filter(|(_, lit)| **lit)
        .flat_map(|(e, _)| [e.from.as_str(), e.to.as_str()])
        .collect();
    let edges = picture
        .edges
        .iter()
        .zip(&geometry.edges)
        .zip(&lit)
        .map(|((edge, shape), lit)| edge_svg(picture, lang, p, edge, shape, *lit));
    let nodes = picture
        .nodes
        .iter()
        .zip(&geometry.nodes)
        .map(|(node, place)| {
            let lit = highlight.node(node, &lit_nodes);
            node_svg(lang, p, options, node, place, lit)
        });
    let style = format!(
        ".dg-graph text{{font-family:{FONT_FAMILY};font-size:{FONT_SIZE}px;dominant-baseline:central}}\
         .dg-graph .dg-label{{text-anchor:middle;pointer-events:none}}\
         .dg-graph .dg-legend-head,.dg-graph .dg-legend-label{{font-size:13px;fill:#333}}\
         .dg-graph .dg-legend-head{{font-weight:bold}}\
         .dg-graph .dg-dim{{opacity:.12}}\
         .dg-graph a.dg-node:hover rect,.dg-graph a.dg-node:focus rect{{stroke-width:3}}"
    );
    let markers = super::RELATIONS
        .iter()
        .copied()
        .chain(std::iter::once(relation_style("other")));
    let xml_lang = options.standalone.then_some(match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    });
    let svg = html! {
        @if options.standalone {
            (PreEscaped("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
        }
        svg xmlns="http://www.w3.org/2000/svg" class="dg-graph" width=(format!("{width:.0}"))
            height=(format!("{height:.0}")) viewBox=(format!("0 0 {width:.0} {height:.0}"))
            aria-labelledby={ (p) "title " (p) "desc" } data-bodies=(picture.body_count())
            data-edges=(picture.edges.len()) "xml:lang"=[xml_lang]
            role=[options.link_base.is_none().then_some("img")] {
            "\n"
            title id={ (p) "title" } { (title(picture, lang)) } "\n"
            desc id={ (p) "desc" } { (summary(picture, lang)) } "\n"
            // The style sheet is ours: no markup to escape, and quotes must stay quotes.
            style { (PreEscaped(style)) } "\n"
            defs {
                @for r in markers {
                    marker id={ (p) "m-" (r.name) } viewBox="0 0 10 10" refX="9" refY="5"
                        markerWidth="6" markerHeight="6" orient="auto-start-reverse" {
                        path d="M0 0 L10 5 L0 10 z" fill=(r.color) {}
                    }
                }
            } "\n"
            g transform={ "translate(" (Num(MARGIN)) "," (Num(MARGIN)) ")" } { (legend_svg) } "\n"
            @if picture.nodes.is_empty() {
                text x=(Num(MARGIN)) y=(Num(top + 16.0)) {
                    (catalogue::NO_RELATION_MATCHES.get(lang))
                } "\n"
            }
            // Edges under the nodes.
            g class="dg-edges" transform={ "translate(" (Num(dx)) "," (Num(dy)) ")" } {
                "\n"
                @for edge in edges { (edge) "\n" }
            } "\n"
            g class="dg-nodes" transform={ "translate(" (Num(dx)) "," (Num(dy)) ")" } {
                "\n"
                @for node in nodes { (node) "\n" }
            } "\n"
        } "\n"
    };
    without_forbidden_characters(svg.into_string())
}

/// One edge: its path, drawn with its relation's style, and a tooltip naming both ends and
/// the clauses it comes from.
fn edge_svg(
    picture: &Picture,
    lang: Lang,
    p: &str,
    edge: &PicEdge,
    (d, forward, offset): &(String, bool, f64),
    lit: bool,
) -> Markup {
    let style = relation_style(&edge.relation);
    let from = picture.node(&edge.from);
    let to = picture.node(&edge.to);
    let name = |n: Option<&PicNode>| n.map(|n| n.label(lang).to_owned()).unwrap_or_default();
    let mut tip = format!("{} {} {}", name(from), style.label(lang), name(to));
    if !edge.as_written.is_empty() && to.is_some_and(|n| n.kind != NodeKind::Body) {
        tip.push_str(&format!("（{}）", edge.as_written.join("、")));
    }
    let cites: Vec<&str> = edge.sources.iter().map(|s| s.citation.as_str()).collect();
    if !cites.is_empty() {
        tip.push_str(" — ");
        tip.push_str(&cites.join("；"));
    }
    let marker = html! { "url(#" (p) "m-" (style.name) ")" };
    html! {
        path id={ (p) (edge.id) } class=(if lit { "dg-edge" } else { "dg-edge dg-dim" }) d=(d)
            transform=[(offset.abs() > f64::EPSILON).then(|| html! { "translate(0," (Num(*offset)) ")" })]
            fill="none" stroke=(style.color) stroke-width=(style.width)
            stroke-dasharray=[style.dash]
            marker-end=[forward.then(|| marker.clone())]
            marker-start=[(!forward).then_some(marker)]
            data-relation=(edge.relation) data-from=(edge.from) data-to=(edge.to)
            data-topics=(edge.topics.join(" ")) {
            title { (tip) }
        }
    }
}

/// One node: a box (an ellipse for a party), its label, a tooltip with its class and
/// degrees, and a link to its page when the picture has links.
fn node_svg(
    lang: Lang,
    p: &str,
    options: &Options,
    node: &PicNode,
    (xy, size): &(Point, Point),
    lit: bool,
) -> Markup {
    let label = node.label(lang);
    let (fill, stroke) = node.class.colors();
    let mut tip = format!("{label} · {}", node.class.label(lang));
    tip.push_str(
        &catalogue::NODE_DEGREES.fill(lang, &[("out", &node.out_degree), ("in", &node.in_degree)]),
    );
    if !node.members.is_empty() {
        let shown: Vec<&str> = node.members.iter().take(12).map(String::as_str).collect();
        let more = if node.members.len() > shown.len() {
            "…"
        } else {
            ""
        };
        tip.push_str(&format!("：{}{more}", shown.join("、")));
    }
    let (cx, cy) = (xy.x + size.x / 2.0, xy.y + size.y / 2.0);
    let shape = match node.class {
        NodeClass::Party => html! {
            ellipse cx=(Num(cx)) cy=(Num(cy)) rx=(Num(size.x / 2.0)) ry=(Num(size.y / 2.0))
                fill=(fill) stroke=(stroke) stroke-width="1.2" stroke-dasharray="3 2" {}
        },
        class => {
            let (rx, width) = match class {
                NodeClass::Collective => (14.0, 1.4),
                NodeClass::Organ => (2.0, 2.0),
                _ => (5.0, 1.4),
            };
            html! {
                rect x=(Num(xy.x)) y=(Num(xy.y)) width=(Num(size.x)) height=(Num(size.y))
                    rx=(rx) fill=(fill) stroke=(stroke) stroke-width=(width) {}
            }
        }
    };
    let inside = html! {
        title { (tip) }
        (shape)
        text class="dg-label" x=(Num(cx)) y=(Num(cy)) fill=(node.class.text_color()) { (label) }
    };
    let class = if lit { "dg-node" } else { "dg-node dg-dim" };
    let id = html! { (p) (node.id) };
    let kind = match node.kind {
        NodeKind::Body => "body",
        NodeKind::Party => "party",
        NodeKind::Organ => "organ",
    };
    let topics = node.topics.join(" ");
    match (&options.link_base, &node.page) {
        (Some(base), Some(page)) => html! {
            a href={ (base) (page) } class=(class) id=(id) data-node=(node.id) data-kind=(kind)
                data-class=(node.class.name()) data-label=(label) data-topics=(topics) { (inside) }
        },
        _ => html! {
            g class=(class) id=(id) data-node=(node.id) data-kind=(kind)
                data-class=(node.class.name()) data-label=(label) data-topics=(topics) { (inside) }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_wider_than_latin() {
        assert_eq!(text_width("区应急管理局", 10.0), 60.0);
        assert!((text_width("abc", 10.0) - 18.0).abs() < 1e-9);
    }

    #[test]
    fn control_characters_are_dropped_from_the_document() {
        assert_eq!(
            without_forbidden_characters("<t>a\u{1}b\tc\n</t>".to_owned()),
            "<t>ab\tc\n</t>"
        );
    }
}
