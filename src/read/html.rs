//! Web pages (.html) as government sites publish lists: often in GBK or GB2312, the list as
//! `<p>` paragraphs or a `<table>` amid navigation, scripts, headers, footers, breadcrumbs,
//! share buttons and related-links boxes.
//!
//! The reading, in order:
//!
//! 1. **Charset** (`decode`): a byte order mark; else the page's own declaration
//!    (`<meta charset>` or `<meta http-equiv="Content-Type" content="…charset=…">`), found
//!    by the browsers' prescan of the first 4 KB and used when the page decodes in it
//!    without errors; else the bytes as UTF-8 when they are; else chardetng's guess (with
//!    the `.cn` hint). Two stale declarations are overruled, with a warning: a legacy
//!    encoding on bytes that are valid UTF-8 with non-ASCII text, and a single-byte one
//!    (Latin-1 decodes any bytes) on text chardetng finds to be GBK or Big5.
//! 2. **Parsing** with html5ever (the HTML5 algorithm browsers use; entities decoded by
//!    it) into a flat arena (`Dom`), fed in 4 KB chunks so that a page nesting deeper
//!    than `limits.max_depth` is refused after at most one more chunk (the tree
//!    builder's scope checks cost the depth at every tag). No recursion anywhere: every
//!    walk over the tree uses an explicit stack.
//! 3. **Site chrome** (`Page::mark`) is dropped: elements never printed as text
//!    (script, style, noscript, template, iframe, object, svg, canvas, form controls…),
//!    the landmarks nav and aside, header and footer unless inside an
//!    article/main/section (ARIA's rule for the banner and contentinfo landmarks),
//!    chrome roles, and elements whose class or id marks chrome (see `chrome_token`),
//!    hidden elements and print/close buttons — the last three only while the element
//!    holds less than `KEEP_CJK` characters or less than half of the page's text, so a
//!    too-broad class match (`<div class="wrap has-sidebar">` around everything) cannot
//!    drop the content.
//! 4. **The content container** (`Page::choose`): the element with the most text in
//!    paragraph-like children, widened to its parent while a sibling holds a paragraph
//!    block or a data table of its own; plus the page's main heading when it stands just
//!    before the container rather than inside it (and the content does not repeat it).
//! 5. **Blocks** (`Emitter`): p, div with direct text, li, h1–h6, blockquote, dt/dd… each
//!    a line; `<br>` splits a block into lines; runs of HTML whitespace collapse to one
//!    space (a line break between two CJK characters to nothing, as CSS Text 3 renders
//!    it), except in `<pre>`; each line is trimmed (U+3000 and U+00A0 too). A data table
//!    gives one Row block per `<tr>`, cells joined by tabs, a spanned cell read once with
//!    the positions it spans left empty; a layout table (one column, or a cell holding a
//!    nested table, a heading or many blocks) is read as flow content. Each block's
//!    origin is a short CSS-like path of its element (`Page::path`).
//!
//! Numbering of `<ol>` is rendered only where the page itself asks for it (a `type`
//! attribute or an inline `list-style-type`): most sites reset list styles in their style
//! sheets, which are not read, and a number the browser does not show must not be invented.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::collections::HashMap;

use encoding_rs::{
    BIG5, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED,
};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeBuilderOpts, TreeSink};
use html5ever::{Attribute, LocalName, ParseOpts, QualName, local_name, ns};

use super::{Block, BlockKind, Extracted, Failure, Format, Limits, Origin, Placed, is_space, text};

/// Bytes of the page searched for a charset declaration, as browsers do (they use 1 KB;
/// 4 KB finds the declarations of pages with a long head).
const PRESCAN: usize = 4096;
/// Characters of the decoded page handed to the parser at a time: the depth limit is
/// checked between chunks.
const CHUNK: usize = 4 * 1024;
/// An element marked as chrome by its class, id, style or `hidden` is kept all the same
/// when it holds at least this many CJK characters (or three times as many letters and
/// digits on a page without CJK text) and half of the page's text.
const KEEP_CJK: u64 = 200;
/// A sibling of the chosen container whose subtree has a paragraph block of at least
/// this many CJK characters (three times as many letters) is part of the content: the
/// container is widened to their parent.
const SIBLING_CJK: u64 = 50;
/// A cell with this many block elements makes its table a layout table.
const LAYOUT_BLOCKS: u32 = 10;
/// Columns of a table row padded for spanned cells; cells past it are still read.
const MAX_COLUMNS: usize = 1000;
/// Steps of an origin path below its anchor (the body or an element with a unique id).
const PATH_STEPS: usize = 8;

/// Reads a web page's bytes.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Extracted, Placed> {
    let decoded = decode(bytes);
    let dom = parse(&decoded.text, limits.max_depth)?;
    drop(decoded.text);
    let page = Page::analyse(&dom, limits.max_depth)?;
    let mut warnings = decoded.warnings;
    let mut emitter = Emitter::new(&page, limits.max_text);
    if let Some(choice) = page.choose() {
        let mut title = Vec::new();
        if let Some(heading) = choice.heading {
            emitter.flow(heading, Some(&mut title))?;
        }
        emitter.flow(choice.container, None)?;
        // The heading, unless the content repeats it at its start.
        let heading = choice
            .heading
            .filter(|_| !title.is_empty() && !emitter.starts_with(&title));
        if let Some(heading) = heading {
            emitter.prepend(&title, heading)?;
        }
        if choice.left_out > 0 {
            let heading = heading
                .map(|h| format!(" and the heading {}", page.path(h)))
                .unwrap_or_default();
            warnings.push(format!(
                "kept the content of {}{heading}: {} characters of other text on the page were left out as site chrome",
                page.path(choice.container),
                choice.left_out
            ));
        }
    }
    Ok(Extracted {
        text: emitter.text,
        blocks: emitter.blocks,
        format: Format::Html,
        encoding: Some(decoded.encoding),
        warnings,
    })
}

// ----------------------------------------------------------------------------------------
// Charset

struct Decoded {
    text: String,
    encoding: &'static str,
    warnings: Vec<String>,
}

/// Decodes a page: BOM, declaration, UTF-8, detection, in that order (see the module doc).
fn decode(bytes: &[u8]) -> Decoded {
    let mut warnings = Vec::new();
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors {
            warnings.push(format!(
                "the page is not valid {} after its byte order mark: the bad bytes were read as U+FFFD",
                encoding.name()
            ));
        }
        return Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            warnings,
        };
    }
    let declared = prescan(bytes.get(..PRESCAN).unwrap_or(bytes));
    if let Some(encoding) = declared
        && let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes)
    {
        if encoding != UTF_8 && !bytes.is_ascii() {
            // A template's stale declaration: the bytes are UTF-8 …
            if std::str::from_utf8(bytes).is_ok() {
                warnings.push(format!(
                    "the page declares the encoding {} but its bytes are UTF-8: read as UTF-8",
                    encoding.name()
                ));
                return Decoded {
                    text: String::from_utf8_lossy(bytes).into_owned(),
                    encoding: UTF_8.name(),
                    warnings,
                };
            }
            // … or Chinese in a page declared Latin-1 (which decodes any bytes).
            let guess = if encoding.is_single_byte() {
                text::guess_legacy(bytes)
            } else {
                encoding
            };
            if (guess == GBK || guess == GB18030 || guess == BIG5)
                && guess != encoding
                && let Some(text) = guess.decode_without_bom_handling_and_without_replacement(bytes)
            {
                warnings.push(format!(
                    "the page declares the encoding {} but its text is {}: read as {1} (detected)",
                    encoding.name(),
                    guess.name()
                ));
                return Decoded {
                    text: text.into_owned(),
                    encoding: guess.name(),
                    warnings,
                };
            }
        }
        return Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            warnings,
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Some(encoding) = declared {
            warnings.push(format!(
                "the page declares the encoding {} but is not valid {0}: read as UTF-8, which it is",
                encoding.name()
            ));
        }
        return Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
            warnings,
        };
    }
    let guess = text::utf16_without_bom(bytes).unwrap_or_else(|| text::guess_legacy(bytes));
    let why = match declared {
        Some(encoding) => format!(
            "the page declares the encoding {} but is not valid {0}",
            encoding.name()
        ),
        None => "the page declares no character encoding".to_owned(),
    };
    let (text, had_errors) = guess.decode_without_bom_handling(bytes);
    warnings.push(if had_errors {
        format!(
            "{why}: read as {} (detected), with the bytes not valid in it read as U+FFFD",
            guess.name()
        )
    } else {
        format!("{why}: read as {} (detected)", guess.name())
    });
    Decoded {
        text: text.into_owned(),
        encoding: guess.name(),
        warnings,
    }
}

/// The WHATWG "prescan a byte stream to determine its encoding": the encoding named by
/// the first `<meta charset>` or `<meta http-equiv="content-type" content="…charset=…">`
/// outside comments. UTF-16 declared in ASCII bytes means UTF-8, x-user-defined
/// windows-1252, as the standard says.
fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let mut pos = 0;
    while pos < bytes.len() {
        let rest = bytes.get(pos..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            // A comment ends at the first "-->" whose dashes may overlap its opening's.
            let after = pos + 2;
            pos = find(bytes.get(after..).unwrap_or_default(), b"-->")? + after + 3;
            continue;
        }
        if starts_with_ignore_case(rest, b"<meta")
            && rest.get(5).is_some_and(|&b| is_ascii_space(b) || b == b'/')
        {
            pos += 5;
            let mut seen: Vec<Vec<u8>> = Vec::new();
            let mut got_pragma = false;
            let mut need_pragma = None;
            let mut charset: Option<Vec<u8>> = None;
            while let Some((name, value)) = attribute(bytes, &mut pos) {
                if seen.contains(&name) {
                    continue;
                }
                match name.as_slice() {
                    b"http-equiv" if value == b"content-type" => got_pragma = true,
                    b"content" if charset.is_none() => {
                        if let Some(label) = charset_in_content(&value) {
                            charset = Some(label);
                            need_pragma = Some(true);
                        }
                    }
                    b"charset" => {
                        charset = Some(value.clone());
                        need_pragma = Some(false);
                    }
                    _ => {}
                }
                seen.push(name);
            }
            let Some(need_pragma) = need_pragma else {
                continue;
            };
            if need_pragma && !got_pragma {
                continue;
            }
            let Some(encoding) = charset.and_then(|label| Encoding::for_label(&label)) else {
                continue;
            };
            return Some(if encoding == UTF_16BE || encoding == UTF_16LE {
                UTF_8
            } else if encoding == X_USER_DEFINED {
                WINDOWS_1252
            } else {
                encoding
            });
        }
        let tag_start = rest.first() == Some(&b'<')
            && (rest.get(1).is_some_and(u8::is_ascii_alphabetic)
                || (rest.get(1) == Some(&b'/')
                    && rest.get(2).is_some_and(u8::is_ascii_alphabetic)));
        if tag_start {
            while pos < bytes.len()
                && !bytes
                    .get(pos)
                    .is_some_and(|&b| is_ascii_space(b) || b == b'>')
            {
                pos += 1;
            }
            while attribute(bytes, &mut pos).is_some() {}
            pos += 1;
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            pos += find(rest, b">")? + 1;
            continue;
        }
        pos += 1;
    }
    None
}

/// The prescan's "get an attribute": lowercased name and value, `pos` moved past them;
/// `None` at a `>` or at the end of the bytes.
fn attribute(bytes: &[u8], pos: &mut usize) -> Option<(Vec<u8>, Vec<u8>)> {
    let at = |p: usize| bytes.get(p).copied();
    while at(*pos).is_some_and(|b| is_ascii_space(b) || b == b'/') {
        *pos += 1;
    }
    if at(*pos)? == b'>' {
        return None;
    }
    let mut name = Vec::new();
    let mut value = Vec::new();
    loop {
        let b = at(*pos)?;
        if b == b'=' && !name.is_empty() {
            *pos += 1;
            break;
        }
        if is_ascii_space(b) {
            while at(*pos).is_some_and(is_ascii_space) {
                *pos += 1;
            }
            if at(*pos)? != b'=' {
                return Some((name, value));
            }
            *pos += 1;
            break;
        }
        if b == b'/' || b == b'>' {
            return Some((name, value));
        }
        name.push(b.to_ascii_lowercase());
        *pos += 1;
    }
    while at(*pos).is_some_and(is_ascii_space) {
        *pos += 1;
    }
    let b = at(*pos)?;
    if b == b'"' || b == b'\'' {
        *pos += 1;
        loop {
            let c = at(*pos)?;
            *pos += 1;
            if c == b {
                return Some((name, value));
            }
            value.push(c.to_ascii_lowercase());
        }
    }
    if b == b'>' {
        return Some((name, value));
    }
    loop {
        let Some(c) = at(*pos) else {
            return Some((name, value));
        };
        if is_ascii_space(c) || c == b'>' {
            return Some((name, value));
        }
        value.push(c.to_ascii_lowercase());
        *pos += 1;
    }
}

/// The charset named in a `content` attribute (`text/html; charset=gb2312`), per the
/// standard's "extract a character encoding from a meta element".
fn charset_in_content(value: &[u8]) -> Option<Vec<u8>> {
    let mut from = 0;
    loop {
        let start = from + find(value.get(from..)?, b"charset")? + 7;
        let mut p = start;
        while value.get(p).copied().is_some_and(is_ascii_space) {
            p += 1;
        }
        if value.get(p) != Some(&b'=') {
            from = start;
            continue;
        }
        p += 1;
        while value.get(p).copied().is_some_and(is_ascii_space) {
            p += 1;
        }
        let rest = value.get(p..)?;
        return match rest.first()? {
            &q @ (b'"' | b'\'') => {
                let inner = rest.get(1..)?;
                let end = inner.iter().position(|&c| c == q)?;
                inner.get(..end).map(<[u8]>::to_vec)
            }
            _ => {
                let end = rest
                    .iter()
                    .position(|&c| is_ascii_space(c) || c == b';')
                    .unwrap_or(rest.len());
                (end > 0)
                    .then(|| rest.get(..end).map(<[u8]>::to_vec))
                    .flatten()
            }
        };
    }
}

fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0C' | b'\r')
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

// ----------------------------------------------------------------------------------------
// Parsing: html5ever into a flat arena

type Id = usize;

struct Node {
    parent: Option<Id>,
    prev: Option<Id>,
    next: Option<Id>,
    first: Option<Id>,
    last: Option<Id>,
    /// Depth when the node was last inserted (the document is 0). A subtree moved by the
    /// tree builder keeps its old depths below its root: this depth only stops runaway
    /// nesting early; the exact depth is checked again in [`Page::analyse`].
    depth: usize,
    data: Data,
}

enum Data {
    Document,
    Element(Box<Element>),
    Text(String),
    /// Comments, processing instructions.
    Other,
}

struct Element {
    name: QualName,
    attrs: Vec<Attribute>,
    template: Option<Id>,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| &*a.value)
    }
}

/// The parsed page: nodes in an arena, linked by ids (no `Rc`, nothing dropped
/// recursively).
struct Dom {
    nodes: Vec<Node>,
    /// Answered for `elem_name` of a handle that is not an element (never asked).
    dummy: QualName,
    /// Set when an element was inserted deeper than the limit: the parse stops.
    too_deep: bool,
    /// Nodes the page may make, and bytes of attributes ([`max_nodes`]); past either
    /// `too_many` is set and the parse stops.
    max_nodes: usize,
    attr_bytes: usize,
    too_many: bool,
}

impl Dom {
    fn new(max_nodes: usize) -> Self {
        let mut dom = Dom {
            nodes: Vec::new(),
            dummy: QualName::new(None, ns!(html), local_name!("span")),
            too_deep: false,
            max_nodes,
            attr_bytes: 0,
            too_many: false,
        };
        dom.push(Data::Document);
        dom
    }

    fn push(&mut self, data: Data) -> Id {
        self.nodes.push(Node {
            parent: None,
            prev: None,
            next: None,
            first: None,
            last: None,
            depth: 0,
            data,
        });
        if self.nodes.len() > self.max_nodes {
            self.too_many = true;
        }
        self.nodes.len() - 1
    }

    /// Whether the parse was stopped: the tree is not built further.
    fn stopped(&self) -> bool {
        self.too_deep || self.too_many
    }

    fn element(&self, id: Id) -> Option<&Element> {
        match self.nodes.get(id).map(|n| &n.data) {
            Some(Data::Element(e)) => Some(e),
            _ => None,
        }
    }

    fn children(&self, id: Id) -> Children<'_> {
        Children {
            dom: self,
            next: self.nodes.get(id).and_then(|n| n.first),
        }
    }

    fn parent(&self, id: Id) -> Option<Id> {
        self.nodes.get(id).and_then(|n| n.parent)
    }

    fn detach(&mut self, id: Id) {
        let Some(node) = self.nodes.get_mut(id) else {
            return;
        };
        let (parent, prev, next) = (node.parent.take(), node.prev.take(), node.next.take());
        if let Some(p) = prev.and_then(|p| self.nodes.get_mut(p)) {
            p.next = next;
        } else if let Some(parent) = parent.and_then(|p| self.nodes.get_mut(p)) {
            parent.first = next;
        }
        if let Some(n) = next.and_then(|n| self.nodes.get_mut(n)) {
            n.prev = prev;
        } else if let Some(parent) = parent.and_then(|p| self.nodes.get_mut(p)) {
            parent.last = prev;
        }
    }

    /// Sets the depth of a node inserted under `parent`; false (and the parse stopped)
    /// past the limit.
    fn place(&mut self, parent: Id, child: Id, max_depth: usize) -> bool {
        let depth = self.nodes.get(parent).map_or(0, |p| p.depth) + 1;
        if depth > max_depth {
            self.too_deep = true;
            return false;
        }
        if let Some(node) = self.nodes.get_mut(child) {
            node.depth = depth;
        }
        true
    }

    fn append_child(&mut self, parent: Id, child: Id) {
        if parent == child || parent >= self.nodes.len() || child >= self.nodes.len() {
            return;
        }
        self.detach(child);
        let last = self.nodes.get(parent).and_then(|p| p.last);
        if let Some(node) = self.nodes.get_mut(child) {
            node.parent = Some(parent);
            node.prev = last;
        }
        match last.and_then(|l| self.nodes.get_mut(l)) {
            Some(l) => l.next = Some(child),
            None => {
                if let Some(p) = self.nodes.get_mut(parent) {
                    p.first = Some(child);
                }
            }
        }
        if let Some(p) = self.nodes.get_mut(parent) {
            p.last = Some(child);
        }
    }

    fn insert_before(&mut self, sibling: Id, child: Id) {
        if sibling == child || child >= self.nodes.len() {
            return;
        }
        self.detach(child);
        let Some(s) = self.nodes.get(sibling) else {
            return;
        };
        let (parent, prev) = (s.parent, s.prev);
        if let Some(node) = self.nodes.get_mut(child) {
            node.parent = parent;
            node.prev = prev;
            node.next = Some(sibling);
        }
        if let Some(s) = self.nodes.get_mut(sibling) {
            s.prev = Some(child);
        }
        match prev.and_then(|p| self.nodes.get_mut(p)) {
            Some(p) => p.next = Some(child),
            None => {
                if let Some(p) = parent.and_then(|p| self.nodes.get_mut(p)) {
                    p.first = Some(child);
                }
            }
        }
    }

    fn text_mut(&mut self, id: Option<Id>) -> Option<&mut String> {
        match id
            .and_then(|id| self.nodes.get_mut(id))
            .map(|n| &mut n.data)
        {
            Some(Data::Text(t)) => Some(t),
            _ => None,
        }
    }
}

struct Children<'a> {
    dom: &'a Dom,
    next: Option<Id>,
}

impl Iterator for Children<'_> {
    type Item = Id;
    fn next(&mut self) -> Option<Id> {
        let id = self.next?;
        self.next = self.dom.nodes.get(id).and_then(|n| n.next);
        Some(id)
    }
}

/// html5ever's tree sink over [`Dom`].
struct Sink {
    dom: RefCell<Dom>,
    max_depth: usize,
}

impl TreeSink for Sink {
    type Handle = Id;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        self.dom.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Id {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a Id) -> Ref<'a, QualName> {
        Ref::map(self.dom.borrow(), |dom| match dom.element(*target) {
            Some(e) => &e.name,
            None => &dom.dummy,
        })
    }

    fn create_element(&self, name: QualName, mut attrs: Vec<Attribute>, flags: ElementFlags) -> Id {
        let mut dom = self.dom.borrow_mut();
        // Attributes copied with every re-created formatting element count against the
        // page's size too; once the parse is stopped they are not kept.
        if dom.stopped() {
            attrs.clear();
        }
        let size: usize = attrs
            .iter()
            .map(|a| a.value.len() + a.name.local.len())
            .sum();
        dom.attr_bytes = dom.attr_bytes.saturating_add(size);
        if dom.attr_bytes > dom.max_nodes.saturating_mul(4) {
            dom.too_many = true;
        }
        let template = flags.template.then(|| dom.push(Data::Document));
        dom.push(Data::Element(Box::new(Element {
            name,
            attrs,
            template,
        })))
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.dom.borrow_mut().push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.dom.borrow_mut().push(Data::Other)
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        let mut dom = self.dom.borrow_mut();
        if dom.stopped() {
            return;
        }
        match child {
            NodeOrText::AppendNode(child) => {
                if dom.place(*parent, child, self.max_depth) {
                    dom.append_child(*parent, child);
                }
            }
            NodeOrText::AppendText(text) => {
                let last = dom.nodes.get(*parent).and_then(|p| p.last);
                if let Some(t) = dom.text_mut(last) {
                    t.push_str(&text);
                } else {
                    let id = dom.push(Data::Text(text.to_string()));
                    dom.append_child(*parent, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(&self, element: &Id, prev_element: &Id, child: NodeOrText<Id>) {
        let has_parent = self.dom.borrow().parent(*element).is_some();
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Id) -> Id {
        self.dom
            .borrow()
            .element(*target)
            .and_then(|e| e.template)
            .unwrap_or(*target)
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Id, new_node: NodeOrText<Id>) {
        let mut dom = self.dom.borrow_mut();
        if dom.stopped() {
            return;
        }
        let Some(parent) = dom.parent(*sibling) else {
            return;
        };
        match new_node {
            NodeOrText::AppendNode(child) => {
                if dom.place(parent, child, self.max_depth) {
                    dom.insert_before(*sibling, child);
                }
            }
            NodeOrText::AppendText(text) => {
                let prev = dom.nodes.get(*sibling).and_then(|s| s.prev);
                if let Some(t) = dom.text_mut(prev) {
                    t.push_str(&text);
                } else {
                    let id = dom.push(Data::Text(text.to_string()));
                    dom.insert_before(*sibling, id);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &Id, attrs: Vec<Attribute>) {
        let mut dom = self.dom.borrow_mut();
        if let Some(Data::Element(e)) = dom.nodes.get_mut(*target).map(|n| &mut n.data) {
            for attr in attrs {
                if !e.attrs.iter().any(|a| a.name == attr.name) {
                    e.attrs.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        self.dom.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let mut dom = self.dom.borrow_mut();
        if node == new_parent {
            return;
        }
        while let Some(child) = dom.nodes.get(*node).and_then(|n| n.first) {
            dom.detach(child);
            if dom.place(*new_parent, child, self.max_depth) {
                dom.append_child(*new_parent, child);
            }
        }
    }
}

/// Nodes a page of this many bytes may make: an element takes at least three bytes
/// (`<p>`), and a page makes a few implied ones. More means misnested formatting tags
/// that the HTML algorithm copies again at every paragraph (`<font a=1>…<font a=400>`
/// then `<p>x</p>` repeated makes 400 elements per 8 bytes): refused as hostile. The
/// elements' attributes may take four times as many bytes (twice the page).
fn max_nodes(bytes: usize) -> usize {
    bytes / 2 + 10_000
}

/// Parses a decoded page, refusing it once an element is inserted deeper than the limit,
/// or once it has made more nodes than its size allows (checked between chunks).
fn parse(text: &str, max_depth: usize) -> Result<Dom, Placed> {
    let sink = Sink {
        dom: RefCell::new(Dom::new(max_nodes(text.len()))),
        max_depth,
    };
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            scripting_enabled: true,
            ..TreeBuilderOpts::default()
        },
        ..ParseOpts::default()
    };
    let mut parser = html5ever::parse_document(sink, opts);
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (head, tail) = rest.split_at(cut);
        parser.process(StrTendril::from_slice(head));
        if parser.tokenizer.sink.sink.dom.borrow().stopped() {
            break;
        }
        rest = tail;
    }
    let dom = parser.finish();
    if dom.too_deep {
        return Err(too_deep(max_depth));
    }
    if dom.too_many {
        return Err(Failure::Hostile {
            message: format!(
                "its {} bytes of markup make more than {} elements or {} bytes of attributes (misnested tags copied again and again)",
                text.len(),
                dom.max_nodes,
                dom.max_nodes.saturating_mul(4)
            ),
        }
        .into());
    }
    Ok(dom)
}

fn too_deep(max_depth: usize) -> Placed {
    Failure::Hostile {
        message: format!(
            "the page nests elements more than {max_depth} levels deep (the max_depth limit); a real page nests a few dozen"
        ),
    }
    .into()
}

// ----------------------------------------------------------------------------------------
// Elements

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Tag {
    /// The document, comments.
    #[default]
    Other,
    Text,
    /// Never printed as text, or navigation landmarks: dropped with what they hold.
    Drop,
    /// header, footer: dropped unless inside article, main or section.
    HeaderFooter,
    /// article, main, section.
    Sectioning,
    Inline,
    A,
    Br,
    /// div and the other generic blocks.
    Block,
    /// p, address, blockquote, dt, dd, figcaption, summary, legend.
    Para,
    Heading(u8),
    Pre,
    Li,
    Ol,
    /// ul, dl, menu, dir.
    List,
    Table,
    /// thead, tbody, tfoot.
    TSection,
    Tr,
    /// td, th.
    Cell,
    Caption,
    Body,
    Html,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "script" | "style" | "noscript" | "template" | "iframe" | "frame" | "frameset"
            | "noframes" | "object" | "embed" | "applet" | "svg" | "canvas" | "audio" | "video"
            | "input" | "button" | "select" | "textarea" | "option" | "optgroup" | "datalist"
            | "output" | "progress" | "meter" | "nav" | "aside" | "marquee" | "dialog" | "head"
            | "title" | "meta" | "link" | "base" | "img" | "param" | "source" | "track"
            | "noembed" | "map" | "area" | "picture" => Tag::Drop,
            "header" | "footer" => Tag::HeaderFooter,
            "article" | "main" | "section" => Tag::Sectioning,
            "a" => Tag::A,
            "br" => Tag::Br,
            "p" | "address" | "blockquote" | "dt" | "dd" | "figcaption" | "summary" | "legend" => {
                Tag::Para
            }
            "h1" => Tag::Heading(1),
            "h2" => Tag::Heading(2),
            "h3" => Tag::Heading(3),
            "h4" => Tag::Heading(4),
            "h5" => Tag::Heading(5),
            "h6" => Tag::Heading(6),
            "pre" | "listing" | "xmp" | "plaintext" => Tag::Pre,
            "li" => Tag::Li,
            "ol" => Tag::Ol,
            "ul" | "dl" | "menu" | "dir" => Tag::List,
            "table" => Tag::Table,
            "thead" | "tbody" | "tfoot" => Tag::TSection,
            "tr" => Tag::Tr,
            "td" | "th" => Tag::Cell,
            "caption" => Tag::Caption,
            "body" => Tag::Body,
            "html" => Tag::Html,
            "div" | "center" | "form" | "fieldset" | "figure" | "details" | "hgroup" | "search"
            | "hr" | "colgroup" | "col" => Tag::Block,
            _ => Tag::Inline,
        }
    }

    fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Inline | Tag::A | Tag::Br | Tag::Text | Tag::Other
        )
    }
}

/// How an element's attributes mark it as site chrome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    None,
    /// By class, id, `hidden`, an inline `display:none`, or a print/close action: dropped
    /// only while it holds little of the page's text.
    Weak,
    /// By an ARIA landmark role: dropped.
    Strong,
}

/// The chrome mark of an element of the given tag. The parts of a table, paragraphs,
/// headings and list items are not marked by the region words of their class or id
/// (`<tr class="table-head">` is a table's header row, not the page's header).
fn mark_of(e: &Element, tag: Tag) -> Mark {
    let regions = !matches!(
        tag,
        Tag::TSection | Tag::Tr | Tag::Cell | Tag::Caption | Tag::Para | Tag::Heading(_) | Tag::Li
    );
    let chrome = |token: &str| chrome_token(token, regions);
    let mut mark = Mark::None;
    for attr in &e.attrs {
        let value = &*attr.value;
        match &*attr.name.local {
            "role" => {
                let role = value.trim().to_ascii_lowercase();
                if matches!(
                    role.as_str(),
                    "navigation"
                        | "banner"
                        | "contentinfo"
                        | "complementary"
                        | "search"
                        | "menu"
                        | "menubar"
                        | "toolbar"
                ) {
                    return Mark::Strong;
                }
            }
            "class" if value.split_ascii_whitespace().any(chrome) => mark = Mark::Weak,
            "id" if chrome(value.trim()) => mark = Mark::Weak,
            "hidden" => mark = Mark::Weak,
            "style" => {
                let style: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .flat_map(char::to_lowercase)
                    .collect();
                if style.contains("display:none") || style.contains("visibility:hidden") {
                    mark = Mark::Weak;
                }
            }
            "href" | "onclick" => {
                let action = value.to_ascii_lowercase();
                if action.contains("print(") || action.contains("close(") {
                    mark = Mark::Weak;
                }
            }
            _ => {}
        }
    }
    mark
}

/// Whether one class name (or an id) marks site chrome. The name is cut into words at
/// `-`, `_`, digits and camelCase humps (`printContent` → print, content), and:
///
/// - a word naming navigation or page furniture outright (nav…, menu…, breadcrumb, crumb,
///   share…, copyright, sidebar, topbar, toolbar, logo, banner, search, login, pager,
///   qrcode, and the pinyin initials Chinese sites use: dqwz 当前位置, mbx 面包屑,
///   xglj 相关链接, yqlj 友情链接, fx 分享…) marks it;
/// - a word naming a region that may as well be the article's own (header, head, top,
///   footer, foot, bottom, side, tools, links, related, print, close, hidden…) marks it
///   only when no word of the name says content (content, article, main, text, body,
///   zoom, detail, title, con, news…): `article-header` and `printContent` are kept;
/// - a few whole names (position, location, hidden, sr-only…) mark it.
///
/// With `regions` false, only the first and the last rule apply.
///
/// Whole words only: `canvas` is no nav, `topic` no top. And a marked element is still
/// kept while it holds much of the page's text ([`KEEP_CJK`]).
fn chrome_token(token: &str, regions: bool) -> bool {
    const WHOLE: &[&str] = &[
        "position",
        "location",
        "weizhi",
        "curpos",
        "sr-only",
        "visually-hidden",
        "d-none",
        "hide",
        "hidden",
    ];
    const STRONG: &[&str] = &[
        "nav",
        "navi",
        "menu",
        "menus",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "bread",
        "share",
        "sharing",
        "copyright",
        "banquan",
        "sidebar",
        "topbar",
        "toolbar",
        "skip",
        "login",
        "logo",
        "banner",
        "search",
        "pagination",
        "pager",
        "social",
        "advert",
        "ads",
        "ad",
        "qrcode",
        "ewm",
        "dqwz",
        "mbx",
        "xglj",
        "xgwz",
        "xgxx",
        "yqlj",
        "friendlink",
        "friendlinks",
        "fx",
        "dh",
        "jiathis",
    ];
    const STRONG_PREFIXES: &[&str] = &[
        "nav",
        "menu",
        "breadcrumb",
        "bdshare",
        "bshare",
        "jiathis",
        "sidebar",
        "topbar",
        "toolbar",
        "copyright",
        "share",
        "friendlink",
    ];
    const WEAK: &[&str] = &[
        "header", "head", "top", "footer", "foot", "bottom", "side", "tool", "tools", "link",
        "links", "related", "relate", "print", "close", "comment", "comments",
    ];
    const CONTENT: &[&str] = &[
        "content", "contents", "article", "main", "text", "body", "zoom", "detail", "details",
        "title", "con", "cont", "news", "doc", "document", "editor", "post", "entry", "zw",
        "zhengwen", "wenzhang", "nr", "neirong",
    ];
    let lower = token.to_ascii_lowercase();
    if WHOLE.contains(&lower.as_str()) {
        return true;
    }
    let words = words_of(token);
    if words
        .iter()
        .any(|w| STRONG.contains(&w.as_str()) || STRONG_PREFIXES.iter().any(|p| w.starts_with(p)))
    {
        return true;
    }
    regions
        && words.iter().any(|w| WEAK.contains(&w.as_str()))
        && !words.iter().any(|w| CONTENT.contains(&w.as_str()))
}

/// The lowercased words of a class name or id (see [`chrome_token`]).
fn words_of(token: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in token.chars() {
        if !c.is_ascii_alphabetic() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_ascii_lowercase();
        word.push(c.to_ascii_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Whether a token of an id/class names a title (for the page's heading outside the
/// content container).
fn names_title(e: &Element) -> bool {
    ["class", "id"].iter().any(|a| {
        e.attr(a).is_some_and(|v| {
            v.split_ascii_whitespace()
                .flat_map(words_of)
                .any(|w| matches!(w.as_str(), "title" | "tit" | "biaoti"))
        })
    })
}

/// A CJK ideograph: the characters the content is measured in.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// A wide (East Asian) character other than Hangul: a line break between two of them
/// is removed rather than read as a space (CSS Text 3, segment break transformation).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r')
}

// ----------------------------------------------------------------------------------------
// Analysis: chrome, measures, the content container

/// What text counts when the content is looked for: CJK characters outside links; on a
/// page without any, letters and digits outside links; failing that, all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Cjk,
    Alnum,
    All,
}

impl Measure {
    fn scale(self) -> u64 {
        if self == Measure::Cjk { 1 } else { 3 }
    }
}

#[derive(Default, Clone)]
struct Info {
    tag: Tag,
    reached: bool,
    pos: u32,
    end: u32,
    depth: u32,
    mark: Option<Mark>,
    /// Inside a dropped element (or dropped itself).
    dropped: bool,
    strong: bool,
    link: bool,
    cjk: u32,
    alnum: u32,
    /// Non-blank text reaches this element without crossing a block.
    inline_text: bool,
    /// `<br>`s reached without crossing a block.
    brs: u32,
    /// Block elements inside.
    blocks: u32,
    has_table: bool,
    has_heading: bool,
    data_table: bool,
    /// A data table inside (or this one).
    has_data_table: bool,
    /// Element children (not dropped), and whether one of them is paragraph-like.
    kids: u32,
    kid_contributes: bool,
    /// The measured text inside (dropped parts excluded).
    total: u64,
    /// The measured text in paragraph-like children and direct inline content.
    score: u64,
    /// The greatest score in the subtree.
    best_below: u64,
    type_index: u32,
    type_total: u32,
    /// The nearest element at or above with an id usable in a path.
    anchor: Option<Id>,
}

struct Page<'a> {
    dom: &'a Dom,
    info: Vec<Info>,
    /// Reachable nodes in document order.
    order: Vec<Id>,
    body: Id,
    measure: Measure,
    ids: HashMap<String, u32>,
}

struct Choice {
    container: Id,
    heading: Option<Id>,
    left_out: u64,
}

impl<'a> Page<'a> {
    fn analyse(dom: &'a Dom, max_depth: usize) -> Result<Self, Placed> {
        let mut page = Page {
            dom,
            info: vec![Info::default(); dom.nodes.len()],
            order: Vec::new(),
            body: 0,
            measure: Measure::Cjk,
            ids: HashMap::new(),
        };
        page.walk(max_depth)?;
        page.mark();
        page.measure();
        Ok(page)
    }

    /// Document order, exact depths, tags, strong drops, link context, text counts,
    /// `:nth-of-type` indices and path anchors.
    fn walk(&mut self, max_depth: usize) -> Result<(), Placed> {
        #[derive(Clone, Copy)]
        struct Ctx {
            depth: u32,
            strong: bool,
            link: bool,
            sectioning: bool,
            anchor: Option<Id>,
        }
        let dom = self.dom;
        let mut stack = vec![(
            0,
            Ctx {
                depth: 0,
                strong: false,
                link: false,
                sectioning: false,
                anchor: None,
            },
        )];
        let mut body = None;
        let mut counts: HashMap<LocalName, (u32, u32)> = HashMap::new();
        let mut children = Vec::new();
        while let Some((id, ctx)) = stack.pop() {
            let Some(info) = self.info.get_mut(id) else {
                continue;
            };
            if info.reached {
                continue;
            }
            if ctx.depth as usize > max_depth
                && matches!(dom.nodes.get(id).map(|n| &n.data), Some(Data::Element(_)))
            {
                return Err(too_deep(max_depth));
            }
            info.reached = true;
            info.pos = self.order.len() as u32;
            info.end = info.pos + 1;
            info.depth = ctx.depth;
            info.link = ctx.link;
            self.order.push(id);
            let mut child = Ctx {
                depth: ctx.depth + 1,
                ..ctx
            };
            let Some(node) = dom.nodes.get(id) else {
                continue;
            };
            match &node.data {
                Data::Text(text) => {
                    info.tag = Tag::Text;
                    info.strong = ctx.strong;
                    for c in text.chars() {
                        if is_cjk(c) {
                            info.cjk = info.cjk.saturating_add(1);
                        } else if c.is_alphanumeric() {
                            info.alnum = info.alnum.saturating_add(1);
                        }
                    }
                }
                Data::Element(e) => {
                    let tag = Tag::of(&e.name.local);
                    info.tag = tag;
                    let mark = mark_of(e, tag);
                    info.strong = ctx.strong
                        || tag == Tag::Drop
                        || (tag == Tag::HeaderFooter && !ctx.sectioning)
                        || mark == Mark::Strong;
                    info.mark = Some(mark);
                    if tag == Tag::Body && body.is_none() {
                        body = Some(id);
                    }
                    child.strong = info.strong;
                    child.link = ctx.link || tag == Tag::A;
                    child.sectioning = ctx.sectioning || tag == Tag::Sectioning;
                    if let Some(value) = e.attr("id").filter(|v| is_path_id(v)) {
                        *self.ids.entry(value.to_owned()).or_default() += 1;
                        info.anchor = Some(id);
                    } else {
                        info.anchor = ctx.anchor;
                    }
                    child.anchor = info.anchor;
                }
                Data::Document | Data::Other => {}
            }
            // `:nth-of-type` of the element children.
            children.clear();
            children.extend(dom.children(id));
            // A fresh map after a node with many kinds of children: clearing costs the
            // map's capacity, paid again at every node.
            if counts.capacity() > 64 {
                counts = HashMap::new();
            } else {
                counts.clear();
            }
            for &c in &children {
                if let Some(e) = dom.element(c) {
                    let entry = counts.entry(e.name.local.clone()).or_default();
                    entry.0 += 1;
                }
            }
            for &c in &children {
                if let (Some(e), Some(info)) = (dom.element(c), self.info.get_mut(c))
                    && let Some(entry) = counts.get_mut(&e.name.local)
                {
                    entry.1 += 1;
                    info.type_index = entry.1;
                    info.type_total = entry.0;
                }
            }
            for &c in children.iter().rev() {
                stack.push((c, child));
            }
        }
        self.body = body.unwrap_or(0);
        // Subtree ends, children before parents.
        for &id in self.order.iter().rev() {
            let end = self.info[id].end;
            if let Some(p) = dom.parent(id).filter(|&p| self.info[p].reached) {
                let parent = &mut self.info[p];
                parent.end = parent.end.max(end);
            }
        }
        Ok(())
    }

    fn weight(&self, id: Id, measure: Measure) -> u64 {
        let info = &self.info[id];
        if info.tag != Tag::Text {
            return 0;
        }
        match measure {
            Measure::Cjk if !info.link => info.cjk.into(),
            Measure::Alnum if !info.link => info.alnum.into(),
            Measure::All => u64::from(info.cjk) + u64::from(info.alnum),
            _ => 0,
        }
    }

    /// The measured text of each subtree, the strongly dropped parts left out.
    fn raw_totals(&self, measure: Measure) -> Vec<u64> {
        let mut totals = vec![0u64; self.info.len()];
        for &id in self.order.iter().rev() {
            if self.info[id].strong {
                continue;
            }
            let own = totals[id] + self.weight(id, measure);
            totals[id] = own;
            if let Some(p) = self.dom.parent(id) {
                totals[p] += own;
            }
        }
        totals
    }

    /// Decides the drops: strong marks always; weak marks (class, id, hidden, print
    /// buttons) only on an element holding less than [`KEEP_CJK`] and less than half of
    /// the page's measured text, so that a class match never drops the content itself.
    fn mark(&mut self) {
        let mut measure = Measure::Cjk;
        let mut raw = self.raw_totals(measure);
        for next in [Measure::Alnum, Measure::All] {
            if raw[self.body] > 0 {
                break;
            }
            measure = next;
            raw = self.raw_totals(measure);
        }
        self.measure = measure;
        let keep = (KEEP_CJK * measure.scale()).max(raw[self.body] / 2);
        for i in 0..self.order.len() {
            let id = self.order[i];
            let parent_dropped = self.dom.parent(id).is_some_and(|p| self.info[p].dropped);
            let info = &mut self.info[id];
            let weak = info.mark == Some(Mark::Weak)
                && raw[id] < keep
                && !matches!(info.tag, Tag::Body | Tag::Html);
            info.dropped = parent_dropped || info.strong || weak;
        }
    }

    /// Totals, scores and the facts about blocks and tables, children before parents.
    fn measure(&mut self) {
        for i in (0..self.order.len()).rev() {
            let id = self.order[i];
            if self.info[id].dropped {
                continue;
            }
            let tag = self.info[id].tag;
            if tag == Tag::Table {
                let data = self.is_data_table(id);
                self.info[id].data_table = data;
                self.info[id].has_data_table |= data;
            }
            let w = self.weight(id, self.measure);
            let info = &mut self.info[id];
            info.total += w;
            info.best_below = info.best_below.max(info.score);
            let nonblank = match &self.dom.nodes[id].data {
                Data::Text(t) => !t.trim_matches(is_space).is_empty(),
                _ => false,
            };
            let contributes = match tag {
                Tag::Text => true,
                t if !t.is_block() => true,
                _ => self.paragraph_like(id) || self.wrapper(id),
            };
            let info = self.info[id].clone();
            let Some(p) = self.dom.parent(id) else {
                continue;
            };
            let parent = &mut self.info[p];
            parent.total += info.total;
            if contributes {
                parent.score += info.total;
            }
            parent.best_below = parent.best_below.max(info.best_below);
            if tag != Tag::Text {
                parent.kids = parent.kids.saturating_add(1);
                parent.kid_contributes |= contributes;
            }
            match tag {
                Tag::Text => parent.inline_text |= nonblank,
                Tag::Br => parent.brs = parent.brs.saturating_add(1),
                t if !t.is_block() => {
                    parent.inline_text |= info.inline_text;
                    parent.brs = parent.brs.saturating_add(info.brs);
                }
                _ => {}
            }
            parent.blocks = parent
                .blocks
                .saturating_add(info.blocks)
                .saturating_add(u32::from(tag.is_block()));
            parent.has_table |= info.has_table || tag == Tag::Table;
            parent.has_data_table |= info.has_data_table;
            parent.has_heading |= info.has_heading || matches!(tag, Tag::Heading(1..=3));
        }
    }

    /// A div (or section…) wrapping one paragraph-like element and nothing else counts
    /// as that paragraph: `<div class="para"><p>…</p></div>` repeated is a list of
    /// paragraphs, whose parent is the container.
    fn wrapper(&self, id: Id) -> bool {
        let info = &self.info[id];
        matches!(info.tag, Tag::Block | Tag::Sectioning)
            && info.kids == 1
            && info.kid_contributes
            && !info.inline_text
    }

    /// Whether an element's text is a paragraph of its parent (counted in the parent's
    /// score) rather than a container of its own.
    fn paragraph_like(&self, id: Id) -> bool {
        let info = &self.info[id];
        match info.tag {
            Tag::Heading(_) | Tag::Li | Tag::List | Tag::Ol | Tag::Pre | Tag::Caption => true,
            Tag::Table => info.data_table,
            // A block with its own text is a paragraph — unless `<br>`s make it a list of
            // lines, then it is the container of those lines.
            _ => info.inline_text && info.brs < 3,
        }
    }

    /// The rows of a table (its own, not those of nested tables), each with its cells.
    fn rows(&self, table: Id) -> Vec<Vec<Id>> {
        let mut rows = Vec::new();
        for c in self.dom.children(table) {
            let trs: Vec<Id> = match self.info[c].tag {
                Tag::Tr => vec![c],
                Tag::TSection => self.dom.children(c).collect(),
                _ => continue,
            };
            for r in trs {
                if self.info[r].tag == Tag::Tr && !self.info[r].dropped {
                    rows.push(
                        self.dom
                            .children(r)
                            .filter(|&d| self.info[d].tag == Tag::Cell && !self.info[d].dropped)
                            .collect(),
                    );
                }
            }
        }
        rows
    }

    /// A data table: a row with at least two cells (a one-column table is a box), and no
    /// cell holding a nested table, a heading (h1–h3) or [`LAYOUT_BLOCKS`] blocks (a few
    /// `<p>` per cell, as Word writes them, are still data).
    fn is_data_table(&self, table: Id) -> bool {
        let rows = self.rows(table);
        rows.iter().any(|r| r.len() >= 2)
            && rows.iter().flatten().all(|&c| {
                let info = &self.info[c];
                !info.has_table && !info.has_heading && info.blocks < LAYOUT_BLOCKS
            })
    }

    /// The content container and the page's heading.
    ///
    /// Every element is scored with the measured text (CJK characters outside links) of
    /// its own inline content and of its paragraph-like children: p, h1–h6, li, lists,
    /// pre, data tables, inline elements and blocks with their own text. Containers
    /// without text of their own (a wrapping div, a layout table's cell) count for
    /// nothing in their parent's score, so the element with the highest score is the one
    /// whose children are the paragraphs: `div#zoom` rather than the page around it. Ties
    /// go to the outer element. Then the container is widened to its parent while a
    /// sibling (not a heading) holds a block scoring at least [`SIBLING_CJK`] or a data
    /// table — content split in two sections, an annex table after the text — and stops
    /// at the body.
    ///
    /// The heading: when the container holds no h1/h2, the nearest h1 before it (else
    /// h2, else an element whose class or id names a title), not dropped, not an
    /// ancestor, within the three levels above the container and at most 200 measured
    /// characters long.
    fn choose(&self) -> Option<Choice> {
        let body = &self.info[self.body];
        let range = body.pos as usize..body.end as usize;
        let mut best: Option<Id> = None;
        let mut best_score = 0;
        for &id in self.order.get(range)? {
            let info = &self.info[id];
            if !info.dropped && info.tag != Tag::Text && info.score > best_score {
                best = Some(id);
                best_score = info.score;
            }
        }
        let mut container = best?;
        let min = SIBLING_CJK * self.measure.scale();
        for _ in 0..self.order.len() {
            if container == self.body {
                break;
            }
            let Some(parent) = self.dom.parent(container) else {
                break;
            };
            if !self.info[parent].reached || matches!(self.info[parent].tag, Tag::Html | Tag::Other)
            {
                break;
            }
            let sibling = self
                .dom
                .children(parent)
                .filter(|&s| s != container)
                .filter(|&s| !self.info[s].dropped && !matches!(self.info[s].tag, Tag::Heading(_)))
                .map(|s| {
                    let info = &self.info[s];
                    if info.tag == Tag::Text {
                        self.weight(s, self.measure)
                    } else if info.has_data_table && info.total > 0 {
                        // A data table beside the text is content (an annex table).
                        min
                    } else {
                        info.best_below
                    }
                })
                .max()
                .unwrap_or(0);
            if sibling < min {
                break;
            }
            container = parent;
        }
        let heading = self.heading(container);
        let kept = self.info[container].total + heading.map_or(0, |h| self.info[h].total);
        Some(Choice {
            container,
            heading,
            left_out: self.info[self.body].total.saturating_sub(kept),
        })
    }

    fn heading(&self, container: Id) -> Option<Id> {
        let c = &self.info[container];
        if container == self.body {
            return None;
        }
        let inside = self.order.get(c.pos as usize..c.end as usize)?;
        if inside
            .iter()
            .any(|&id| !self.info[id].dropped && matches!(self.info[id].tag, Tag::Heading(1 | 2)))
        {
            return None;
        }
        let mut scope = container;
        for _ in 0..3 {
            match self.dom.parent(scope) {
                Some(p) if self.info[p].reached && self.info[p].tag != Tag::Html => scope = p,
                _ => break,
            }
            if scope == self.body {
                break;
            }
        }
        let before = self
            .order
            .get(self.info[scope].pos as usize..c.pos as usize)?;
        let limit = 200 * self.measure.scale();
        let candidate = |id: Id| {
            let info = &self.info[id];
            !info.dropped
                && info.end <= c.pos
                && (info.total > 0 || info.inline_text)
                && info.total <= limit
        };
        for wanted in 0..3 {
            let found = before.iter().rev().copied().find(|&id| {
                let tag = self.info[id].tag;
                let matches = match wanted {
                    0 => tag == Tag::Heading(1),
                    1 => tag == Tag::Heading(2),
                    _ => tag != Tag::Text && self.dom.element(id).is_some_and(names_title),
                };
                matches && candidate(id)
            });
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// The CSS-like path of an element: from the body or the nearest element with a
    /// unique id, `:nth-of-type(n)` where siblings share the tag, at most
    /// [`PATH_STEPS`] steps (`body>…>div>p` when cut).
    fn path(&self, id: Id) -> String {
        let mut steps = Vec::new();
        let mut cur = Some(id);
        let mut anchored = false;
        while let Some(n) = cur {
            let Some(e) = self.dom.element(n) else {
                cur = None;
                break;
            };
            let name = &*e.name.local;
            if self.info[n].tag == Tag::Body {
                steps.push("body".to_owned());
                anchored = true;
                break;
            }
            if let Some(value) = e.attr("id").filter(|v| self.unique_id(v)) {
                steps.push(format!("{name}#{value}"));
                anchored = true;
                break;
            }
            if steps.len() == PATH_STEPS {
                break;
            }
            let info = &self.info[n];
            if info.type_total > 1 {
                steps.push(format!("{name}:nth-of-type({})", info.type_index));
            } else {
                steps.push(name.to_owned());
            }
            cur = self.dom.parent(n);
        }
        if !anchored && let Some(n) = cur {
            steps.push("…".to_owned());
            let anchor = self.info[n]
                .anchor
                .and_then(|a| {
                    let e = self.dom.element(a)?;
                    let value = e.attr("id").filter(|v| self.unique_id(v))?;
                    Some(format!("{}#{value}", &*e.name.local))
                })
                .unwrap_or_else(|| "body".to_owned());
            steps.push(anchor);
        }
        steps.reverse();
        steps.join(">")
    }

    fn unique_id(&self, value: &str) -> bool {
        is_path_id(value) && self.ids.get(value) == Some(&1)
    }
}

/// An id written as is in a CSS selector: ASCII letters, digits, `-` and `_`, not
/// starting with a digit.
fn is_path_id(value: &str) -> bool {
    value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && value.len() <= 64
}

// ----------------------------------------------------------------------------------------
// Blocks

/// A line being gathered, whitespace collapsed as a browser renders it.
#[derive(Default)]
struct Line {
    text: String,
    /// Collapsible whitespace seen since the last character: none, spaces, or spaces
    /// with a line break.
    pending: Pending,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Pending {
    #[default]
    None,
    Space,
    Break,
}

impl Line {
    fn push_collapsed(&mut self, s: &str) {
        for c in s.chars() {
            if is_html_space(c) {
                if !self.text.is_empty() {
                    self.pending = if c == '\n' || self.pending == Pending::Break {
                        Pending::Break
                    } else {
                        Pending::Space
                    };
                }
                continue;
            }
            match self.pending {
                Pending::None => {}
                Pending::Space => self.text.push(' '),
                Pending::Break => {
                    let joined = self.text.chars().next_back().is_some_and(is_wide) && is_wide(c);
                    if !joined {
                        self.text.push(' ');
                    }
                }
            }
            self.pending = Pending::None;
            self.text.push(c);
        }
    }

    fn push_raw(&mut self, s: &str) {
        if self.pending != Pending::None && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.pending = Pending::None;
        self.text.push_str(s);
    }

    fn take(&mut self) -> String {
        self.pending = Pending::None;
        let text = std::mem::take(&mut self.text);
        let trimmed = text.trim_matches(is_space);
        if trimmed.len() == text.len() {
            text
        } else {
            trimmed.to_owned()
        }
    }
}

/// List numbering of an `<ol>` whose page asks for it.
struct Numbering {
    list: Id,
    next: i64,
    step: i64,
    style: NumberStyle,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NumberStyle {
    Decimal,
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
    Chinese,
}

impl NumberStyle {
    /// The style a list element asks for by its `type` attribute or inline
    /// `list-style(-type)`; `None` when it does not say (or says none).
    fn of(e: &Element) -> Option<Option<NumberStyle>> {
        let style: String = e
            .attr("style")
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        for decl in style.split(';') {
            let Some(value) = decl
                .strip_prefix("list-style-type:")
                .or_else(|| decl.strip_prefix("list-style:"))
            else {
                continue;
            };
            let value = value.trim_end_matches("!important");
            return Some(match value {
                "decimal" | "decimal-leading-zero" => Some(NumberStyle::Decimal),
                "lower-alpha" | "lower-latin" => Some(NumberStyle::LowerAlpha),
                "upper-alpha" | "upper-latin" => Some(NumberStyle::UpperAlpha),
                "lower-roman" => Some(NumberStyle::LowerRoman),
                "upper-roman" => Some(NumberStyle::UpperRoman),
                "cjk-ideographic" | "simp-chinese-informal" | "cjk-decimal" => {
                    Some(NumberStyle::Chinese)
                }
                _ => None,
            });
        }
        match e.attr("type")? {
            "1" => Some(Some(NumberStyle::Decimal)),
            "a" => Some(Some(NumberStyle::LowerAlpha)),
            "A" => Some(Some(NumberStyle::UpperAlpha)),
            "i" => Some(Some(NumberStyle::LowerRoman)),
            "I" => Some(Some(NumberStyle::UpperRoman)),
            _ => None,
        }
    }

    fn marker(self, n: i64) -> String {
        let alpha = |upper: bool| {
            let mut n = n;
            let mut s = Vec::new();
            while n > 0 && s.len() < 16 {
                n -= 1;
                let c = (b'a' + (n % 26) as u8) as char;
                s.push(if upper { c.to_ascii_uppercase() } else { c });
                n /= 26;
            }
            s.iter().rev().collect::<String>()
        };
        let roman = |upper: bool| {
            const DIGITS: [(i64, &str); 13] = [
                (1000, "m"),
                (900, "cm"),
                (500, "d"),
                (400, "cd"),
                (100, "c"),
                (90, "xc"),
                (50, "l"),
                (40, "xl"),
                (10, "x"),
                (9, "ix"),
                (5, "v"),
                (4, "iv"),
                (1, "i"),
            ];
            let mut n = n;
            let mut s = String::new();
            for (value, digits) in DIGITS {
                while n >= value {
                    s.push_str(digits);
                    n -= value;
                }
            }
            if upper { s.to_ascii_uppercase() } else { s }
        };
        match self {
            NumberStyle::LowerAlpha | NumberStyle::UpperAlpha if n >= 1 => {
                format!("{}.", alpha(self == NumberStyle::UpperAlpha))
            }
            NumberStyle::LowerRoman | NumberStyle::UpperRoman if (1..4000).contains(&n) => {
                format!("{}.", roman(self == NumberStyle::UpperRoman))
            }
            NumberStyle::Chinese if (1..100).contains(&n) => {
                const DIGITS: [&str; 10] =
                    ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
                let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
                let tens = match tens {
                    0 => String::new(),
                    1 => "十".to_owned(),
                    t => format!("{}十", DIGITS.get(t).unwrap_or(&"")),
                };
                format!("{tens}{}、", DIGITS.get(ones).unwrap_or(&""))
            }
            _ => format!("{n}."),
        }
    }
}

/// Where the lines of a walk go: blocks of the extracted text, or a table cell's
/// paragraphs.
enum Target<'t> {
    Blocks,
    Cell(&'t mut Vec<String>),
}

struct Emitter<'p, 'a> {
    page: &'p Page<'a>,
    text: String,
    blocks: Vec<Block>,
    lines: u32,
    tables: u32,
    max_text: usize,
}

enum Step {
    Enter(Id),
    Exit(Id),
}

impl<'p, 'a> Emitter<'p, 'a> {
    fn new(page: &'p Page<'a>, max_text: usize) -> Self {
        Emitter {
            page,
            text: String::new(),
            blocks: Vec::new(),
            lines: 0,
            tables: 0,
            max_text,
        }
    }

    fn emit(&mut self, line: &str, kind: BlockKind, owner: Id) -> Result<(), Placed> {
        if line.trim_matches(is_space).is_empty() {
            return Ok(());
        }
        if self.text.len() + line.len() + 1 > self.max_text {
            return Err(Failure::Hostile {
                message: format!(
                    "the extracted text is over {} bytes (the max_text limit)",
                    self.max_text
                ),
            }
            .into());
        }
        if self.lines > 0 {
            self.text.push('\n');
        }
        self.text.push_str(line);
        self.lines += 1;
        self.blocks.push(Block {
            line: self.lines,
            kind,
            origin: Origin::HtmlElement(self.page.path(owner)),
        });
        Ok(())
    }

    /// Whether the text starts with these lines (whitespace aside, line breaks anywhere).
    fn starts_with(&self, lines: &[String]) -> bool {
        let squash = |s: &str| s.chars().filter(|&c| !is_space(c)).collect::<String>();
        let want = squash(&lines.concat());
        let mut got = String::new();
        for line in self.text.split('\n').take(lines.len() + 2) {
            got.push_str(&squash(line));
            if got.len() >= want.len() {
                return got == want;
            }
        }
        false
    }

    /// Puts lines (the page's heading) before the text read so far.
    fn prepend(&mut self, lines: &[String], owner: Id) -> Result<(), Placed> {
        let mut head = Emitter::new(self.page, self.max_text);
        for line in lines {
            head.emit(line, BlockKind::Paragraph, owner)?;
        }
        let shift = head.lines;
        if !self.text.is_empty() {
            head.emit(&std::mem::take(&mut self.text), BlockKind::Paragraph, owner)?;
        }
        self.text = head.text;
        self.lines += shift;
        for block in &mut self.blocks {
            block.line += shift;
        }
        head.blocks.truncate(shift as usize);
        head.blocks.append(&mut self.blocks);
        self.blocks = head.blocks;
        Ok(())
    }

    fn flush(
        &mut self,
        line: &mut Line,
        owner: Id,
        prefix: &mut Option<String>,
        target: &mut Target<'_>,
    ) -> Result<(), Placed> {
        let mut text = line.take();
        if text.is_empty() {
            return Ok(());
        }
        if let Some(marker) = prefix.take() {
            let sep = if marker.ends_with('、') { "" } else { " " };
            text = format!("{marker}{sep}{text}");
        }
        match target {
            Target::Blocks => self.emit(&text, BlockKind::Paragraph, owner),
            Target::Cell(lines) => {
                lines.push(text);
                Ok(())
            }
        }
    }

    /// Walks the content under `root` in document order, each block a line (see the
    /// module doc); into blocks, or (`cell`) into a table cell's paragraphs.
    fn flow(&mut self, root: Id, cell: Option<&mut Vec<String>>) -> Result<(), Placed> {
        let page = self.page;
        let dom = page.dom;
        let mut target = match cell {
            Some(lines) => Target::Cell(lines),
            None => Target::Blocks,
        };
        let mut stack = vec![Step::Enter(root)];
        let mut owners: Vec<Id> = vec![root];
        let mut line = Line::default();
        let mut pre = 0u32;
        let mut prefix: Option<String> = None;
        let mut numbering: Vec<Numbering> = Vec::new();
        while let Some(step) = stack.pop() {
            let owner = owners.last().copied().unwrap_or(root);
            match step {
                Step::Enter(id) => {
                    let info = &page.info[id];
                    if info.dropped || !info.reached {
                        continue;
                    }
                    match (&dom.nodes[id].data, info.tag) {
                        (Data::Text(t), _) => {
                            if pre > 0 {
                                let mut parts = t.split('\n');
                                if let Some(first) = parts.next() {
                                    line.push_raw(first);
                                }
                                for part in parts {
                                    self.flush(&mut line, owner, &mut prefix, &mut target)?;
                                    line.push_raw(part);
                                }
                            } else {
                                line.push_collapsed(t);
                            }
                        }
                        (Data::Element(_), Tag::Br) => {
                            self.flush(&mut line, owner, &mut prefix, &mut target)?;
                        }
                        (Data::Element(_), Tag::Table)
                            if info.data_table && matches!(target, Target::Blocks) =>
                        {
                            self.flush(&mut line, owner, &mut prefix, &mut target)?;
                            self.table(id)?;
                        }
                        (Data::Element(e), tag) => {
                            if tag.is_block() {
                                self.flush(&mut line, owner, &mut prefix, &mut target)?;
                                stack.push(Step::Exit(id));
                                owners.push(id);
                                match tag {
                                    Tag::Pre => pre += 1,
                                    Tag::Ol => {
                                        if let Some(n) = self.numbering(id, e) {
                                            numbering.push(n);
                                        }
                                    }
                                    Tag::Li => {
                                        prefix = None;
                                        let parent = dom.parent(id);
                                        if let Some(n) =
                                            numbering.last_mut().filter(|n| Some(n.list) == parent)
                                        {
                                            if let Some(v) = e.attr("value").and_then(parse_int) {
                                                n.next = v;
                                            }
                                            prefix = Some(n.style.marker(n.next));
                                            n.next = n.next.saturating_add(n.step);
                                        }
                                    }
                                    _ => {}
                                }
                            }
                            let first = stack.len();
                            stack.extend(dom.children(id).map(Step::Enter));
                            if let Some(pushed) = stack.get_mut(first..) {
                                pushed.reverse();
                            }
                        }
                        _ => {}
                    }
                }
                Step::Exit(id) => {
                    self.flush(&mut line, id, &mut prefix, &mut target)?;
                    owners.pop();
                    match page.info[id].tag {
                        Tag::Pre => pre = pre.saturating_sub(1),
                        Tag::Ol if numbering.last().is_some_and(|n| n.list == id) => {
                            numbering.pop();
                        }
                        Tag::Li => prefix = None,
                        _ => {}
                    }
                }
            }
        }
        let owner = owners.last().copied().unwrap_or(root);
        self.flush(&mut line, owner, &mut prefix, &mut target)
    }

    fn numbering(&self, list: Id, e: &Element) -> Option<Numbering> {
        let style = NumberStyle::of(e)??;
        let reversed = e.attr("reversed").is_some();
        let items = self
            .page
            .dom
            .children(list)
            .filter(|&c| self.page.info[c].tag == Tag::Li && !self.page.info[c].dropped)
            .count() as i64;
        let start = e
            .attr("start")
            .and_then(parse_int)
            .unwrap_or(if reversed { items } else { 1 });
        Some(Numbering {
            list,
            next: start,
            step: if reversed { -1 } else { 1 },
            style,
        })
    }

    /// A data table: its caption as a paragraph, then each `<tr>` a Row block, its cells
    /// joined by tabs. A cell spanning columns or rows is read once, at its first
    /// position; the other positions it covers are empty cells.
    fn table(&mut self, table: Id) -> Result<(), Placed> {
        let page = self.page;
        self.tables += 1;
        let number = self.tables;
        let mut row = 0u32;
        for child in page.dom.children(table) {
            if page.info[child].dropped {
                continue;
            }
            let rows: Vec<Id> = match page.info[child].tag {
                Tag::Caption => {
                    let mut lines = Vec::new();
                    self.flow(child, Some(&mut lines))?;
                    for line in lines {
                        self.emit(&line, BlockKind::Paragraph, child)?;
                    }
                    continue;
                }
                Tag::Tr => vec![child],
                Tag::TSection => page.dom.children(child).collect(),
                _ => continue,
            };
            // For each column, the last row (of this section) that a rowspan covers.
            let mut covered: Vec<u32> = Vec::new();
            for tr in rows {
                if page.info[tr].tag != Tag::Tr || page.info[tr].dropped {
                    continue;
                }
                row += 1;
                let line = self.row(tr, row, &mut covered)?;
                if !line.trim_matches(is_space).is_empty() {
                    self.emit(&line, BlockKind::Row { table: number, row }, tr)?;
                }
            }
        }
        Ok(())
    }

    fn row(&mut self, tr: Id, row: u32, covered: &mut Vec<u32>) -> Result<String, Placed> {
        let page = self.page;
        let mut cells: Vec<String> = Vec::new();
        let mut col = 0usize;
        for cell in page.dom.children(tr) {
            if page.info[cell].tag != Tag::Cell || page.info[cell].dropped {
                continue;
            }
            while covered.get(col).is_some_and(|&last| last >= row) {
                cells.push(String::new());
                col += 1;
            }
            let mut paragraphs = Vec::new();
            self.flow(cell, Some(&mut paragraphs))?;
            cells.push(paragraphs.join(" ").replace('\t', " "));
            let e = page.dom.element(cell);
            let span = |name: &str| e.and_then(|e| e.attr(name)).and_then(parse_int);
            let colspan = span("colspan").unwrap_or(1).clamp(1, 1000) as usize;
            let rowspan = match span("rowspan").unwrap_or(1) {
                0 => 65534,
                n => n.clamp(1, 65534),
            } as u32;
            for k in 0..colspan {
                let at = col + k;
                if at < MAX_COLUMNS {
                    if covered.len() <= at {
                        covered.resize(at + 1, 0);
                    }
                    if rowspan > 1 {
                        covered[at] = row.saturating_add(rowspan - 1);
                    }
                    if k > 0 {
                        cells.push(String::new());
                    }
                }
            }
            col += colspan;
        }
        // Positions after the last cell that a rowspan from above still covers.
        if let Some(last) = covered.iter().rposition(|&last| last >= row) {
            while col <= last {
                cells.push(String::new());
                col += 1;
            }
        }
        Ok(cells.join("\t"))
    }
}

/// An HTML integer attribute (`colspan="2"`, `start=" 3"`): leading digits, at most 9.
fn parse_int(value: &str) -> Option<i64> {
    let value = value.trim_matches(is_html_space);
    let (sign, digits) = match value.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, value.strip_prefix('+').unwrap_or(value)),
    };
    let digits: String = digits
        .chars()
        .take_while(char::is_ascii_digit)
        .take(9)
        .collect();
    digits.parse::<i64>().ok().map(|n| sign * n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn fixture(name: &str) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/formats/html")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn read_str(page: &str) -> Extracted {
        read(page.as_bytes(), &Limits::default()).unwrap()
    }

    fn lines(read: &Extracted) -> Vec<&str> {
        read.text.split('\n').collect()
    }

    fn origin(read: &Extracted, i: usize) -> &str {
        match &read.blocks[i].origin {
            Origin::HtmlElement(path) => path,
            other => panic!("not an element: {other:?}"),
        }
    }

    const CHROME: &str = r#"<header><h1>某某区人民政府</h1><div class="search">搜索</div></header>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a>政务公开</a> &gt; 通知公告</div>
<script>document.write("首页");</script><style>p { color: red }</style>"#;
    const FOOTER: &str = r#"<div class="bdsharebuttonbox">分享到：<a>微信</a><a>微博</a></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/1">某某市安全生产职责清单</a></li></ul></div>
<footer><p>版权所有：某某区人民政府 豫ICP备05001234号</p></footer>"#;

    /// The key test: the reference list as a GBK page declaring gb2312, amid site chrome,
    /// reads back as exactly the non-blank trimmed lines of the .txt. One difference,
    /// explained: the .txt's runs of spaces inside a line ("第一条  为…") are written in
    /// the page as editors write them, `&nbsp; ` (HTML would collapse plain spaces), and
    /// the reader keeps the U+00A0 it reads; the comparison reads U+00A0 as a space.
    #[test]
    fn reference_page_gives_the_reference_lines() {
        let page = fixture("weidu-2022-draft-gbk.html");
        let read = read(&page, &Limits::default()).unwrap();
        let txt = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("data/weidu-2022-draft.txt"),
        )
        .unwrap();
        let expected: Vec<&str> = txt
            .split('\n')
            .map(|l| l.trim_matches(is_space))
            .filter(|l| !l.is_empty())
            .collect();
        let got: Vec<String> = lines(&read)
            .iter()
            .map(|l| l.replace('\u{a0}', " "))
            .collect();
        assert_eq!(got.len(), expected.len());
        for (i, (got, want)) in got.iter().zip(&expected).enumerate() {
            assert_eq!(got, want, "line {}", i + 1);
        }
        assert_eq!(read.encoding, Some("GBK"));
        assert_eq!(read.format, Format::Html);
        for chrome in [
            "首页",
            "版权所有",
            "ICP",
            "分享",
            "打印",
            "相关链接",
            "发布时间",
            "搜索",
        ] {
            assert!(!read.text.contains(chrome), "{chrome} kept");
        }
        assert_eq!(read.blocks.len(), expected.len());
        assert!(
            read.blocks
                .iter()
                .enumerate()
                .all(|(i, b)| b.line == i as u32 + 1 && b.kind == BlockKind::Paragraph)
        );
        // The heading before the container, split by its <br>; then the paragraphs.
        assert_eq!(
            origin(&read, 0),
            "body>div:nth-of-type(3)>div:nth-of-type(2)>h1"
        );
        assert_eq!(origin(&read, 1), origin(&read, 0));
        assert_eq!(origin(&read, 2), "div#zoom>p:nth-of-type(2)");
        // 附件<br>安全生产监督管理职责分类表: one <p>, two lines.
        let annex = expected.iter().position(|l| *l == "附件").unwrap();
        assert_eq!(origin(&read, annex), origin(&read, annex + 1));
        assert_eq!(
            read.warnings,
            [
                "kept the content of div#zoom and the heading body>div:nth-of-type(3)>div:nth-of-type(2)>h1: 20 characters of other text on the page were left out as site chrome"
            ]
        );
    }

    /// The 石家庄 duty table as a UTF-8 page: the title and the 相关依据 list as <p>s, the
    /// table as rows; row 2's duties are two rows of the page's table whose 序号 and
    /// 涉及部门 span both (read once, the spanned positions empty).
    #[test]
    fn table_page_gives_rows_with_their_cells() {
        let read = read(&fixture("shijiazhuang-2024-table.html"), &Limits::default()).unwrap();
        let txt = String::from_utf8(fixture("shijiazhuang-2024-table.txt")).unwrap();
        let source: Vec<&str> = txt
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let got = lines(&read);
        assert_eq!(read.encoding, Some("UTF-8"));
        assert_eq!(got[0], "烟花爆竹安全监管");
        assert_eq!(read.blocks[0].kind, BlockKind::Paragraph);
        let mut want_rows: Vec<String> = vec![source[1].replacen(' ', "\t", 2)];
        for line in &source[2..9] {
            let row = line.replacen(' ', "\t", 2);
            if line.starts_with("2 ") {
                let (first, second) = row.split_at(row.find("按照职责分工").unwrap());
                want_rows.push(first.to_owned());
                want_rows.push(format!("\t\t{second}"));
            } else {
                want_rows.push(row);
            }
        }
        assert_eq!(want_rows.len(), 9);
        for (i, want) in want_rows.iter().enumerate() {
            assert_eq!(got[i + 1], want, "row {}", i + 1);
            assert_eq!(
                read.blocks[i + 1].kind,
                BlockKind::Row {
                    table: 1,
                    row: i as u32 + 1
                }
            );
        }
        assert_eq!(
            got[4],
            "\t\t按照职责分工,会同有关部门依法查处未经许可擅自非法生产、经营、储存烟花爆竹等行为。"
        );
        assert_eq!(&got[10..], &source[9..]);
        assert_eq!(got.len(), 10 + source.len() - 9);
        assert_eq!(origin(&read, 0), "div#ivs_content>p:nth-of-type(1)");
        assert_eq!(
            origin(&read, 1),
            "div#ivs_content>table>tbody>tr:nth-of-type(1)"
        );
        assert_eq!(origin(&read, 10), "div#ivs_content>p:nth-of-type(2)");
        for chrome in [
            "首页",
            "版权所有",
            "ICP",
            "您现在的位置",
            "相关文章",
            "机构编制网",
        ] {
            assert!(!read.text.contains(chrome), "{chrome} kept");
        }
    }

    #[test]
    fn gb18030_page_without_charset_is_detected() {
        // 䶮 (U+4DAE) is outside GBK: four bytes in GB18030.
        let page = format!(
            "<html><body>{CHROME}<div class=\"content\"><p>第一条　区应急管理局负责综合监督管理。</p>\
             <p>（一）组织编制安全生产规划，龑䶮字样保留。</p></div>{FOOTER}</body></html>"
        );
        let (bytes, _, errors) = encoding_rs::GB18030.encode(&page);
        assert!(!errors);
        assert!(std::str::from_utf8(&bytes).is_err());
        let read = read(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            lines(&read),
            [
                "第一条　区应急管理局负责综合监督管理。",
                "（一）组织编制安全生产规划，龑䶮字样保留。"
            ]
        );
        assert_eq!(read.encoding, Some("GBK"));
        assert_eq!(
            read.warnings,
            ["the page declares no character encoding: read as GBK (detected)"]
        );
    }

    #[test]
    fn declared_charset_is_used_and_a_wrong_one_detected() {
        let body = "<p>第二条 市应急管理局负责烟花爆竹生产企业的安全监管。</p>";
        // A Big5 page that says so.
        let page = format!("<html><head><meta charset=\"big5\"></head><body>{body}</body></html>");
        let (big5, _, _) = encoding_rs::BIG5.encode(&page);
        let read_big5 = read(&big5, &Limits::default()).unwrap();
        assert_eq!(read_big5.encoding, Some("Big5"));
        assert_eq!(
            lines(&read_big5),
            ["第二条 市应急管理局负责烟花爆竹生产企业的安全监管。"]
        );
        assert!(read_big5.warnings.is_empty());
        // A UTF-8 page whose template still says gb2312.
        let page = format!(
            "<html><head><META HTTP-EQUIV='content-type' CONTENT='text/html;charset=gb2312'></head><body>{body}</body></html>"
        );
        let read_utf8 = read_str(&page);
        assert_eq!(read_utf8.encoding, Some("UTF-8"));
        assert_eq!(
            lines(&read_utf8),
            ["第二条 市应急管理局负责烟花爆竹生产企业的安全监管。"]
        );
        assert_eq!(
            read_utf8.warnings,
            ["the page declares the encoding GBK but is not valid GBK: read as UTF-8, which it is"]
        );
        // A GBK page declaring UTF-8: not valid UTF-8, so detected.
        let page = format!("<html><head><meta charset=utf-8></head><body>{body}</body></html>");
        let (gbk, _, _) = encoding_rs::GBK.encode(&page);
        let read_gbk = read(&gbk, &Limits::default()).unwrap();
        assert_eq!(read_gbk.encoding, Some("GBK"));
        assert_eq!(
            lines(&read_gbk),
            ["第二条 市应急管理局负责烟花爆竹生产企业的安全监管。"]
        );
        assert_eq!(
            read_gbk.warnings,
            ["the page declares the encoding UTF-8 but is not valid UTF-8: read as GBK (detected)"]
        );
        // A GBK page declaring Latin-1 (which decodes any bytes): detected.
        let page =
            format!("<html><head><meta charset=iso-8859-1></head><body>{body}</body></html>");
        let (gbk, _, _) = encoding_rs::GBK.encode(&page);
        let latin = read(&gbk, &Limits::default()).unwrap();
        assert_eq!(latin.encoding, Some("GBK"));
        assert_eq!(
            lines(&latin),
            ["第二条 市应急管理局负责烟花爆竹生产企业的安全监管。"]
        );
        assert_eq!(
            latin.warnings,
            [
                "the page declares the encoding windows-1252 but its text is GBK: read as GBK (detected)"
            ]
        );
    }

    #[test]
    fn prescan_follows_the_standard() {
        let enc = |s: &str| prescan(s.as_bytes()).map(Encoding::name);
        assert_eq!(enc("<meta charset=gb2312>"), Some("GBK"));
        assert_eq!(enc("<meta charset='GB18030'/>"), Some("gb18030"));
        assert_eq!(
            enc("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">"),
            Some("GBK")
        );
        // content without http-equiv, a declaration inside a comment, an unknown label:
        // none counts.
        assert_eq!(enc("<meta content=\"text/html; charset=gbk\">"), None);
        assert_eq!(enc("<!-- <meta charset=gbk> --><p>"), None);
        assert_eq!(enc("<meta charset=nonsense>"), None);
        // A declaration after a comment and a tag with a '>' in a quoted attribute.
        assert_eq!(
            enc("<!--x--><div title='a>b'><meta charset=\"big5\">"),
            Some("Big5")
        );
        // UTF-16 named in ASCII bytes means UTF-8.
        assert_eq!(enc("<meta charset=utf-16le>"), Some("UTF-8"));
        assert_eq!(
            enc("<meta http-equiv=content-type content='text/html;charset = \"gb2312\"'>"),
            Some("GBK")
        );
        assert_eq!(enc("<meta charset=\"gbk"), None);
    }

    #[test]
    fn utf16_page_with_bom() {
        let page = "<!DOCTYPE html><html><head><meta charset=\"gb2312\"></head><body>\
                    <div id=\"zoom\"><p>第三条\u{3000}区住建局</p><p>（一）负责建筑施工安全。</p></div></body></html>";
        for (bom, le) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
            let mut bytes = bom.to_vec();
            for unit in page.encode_utf16() {
                bytes.extend(if le {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                });
            }
            let read = read(&bytes, &Limits::default()).unwrap();
            assert_eq!(
                lines(&read),
                ["第三条\u{3000}区住建局", "（一）负责建筑施工安全。"]
            );
            assert_eq!(
                read.encoding,
                Some(if le { "UTF-16LE" } else { "UTF-16BE" })
            );
            assert!(read.warnings.is_empty());
        }
    }

    #[test]
    fn deep_nesting_is_refused_quickly_without_recursion() {
        let deep = |n: usize| {
            format!(
                "<html><body>{}<p>第一条 区应急管理局。</p>{}</body></html>",
                "<div>".repeat(n),
                "</div>".repeat(n)
            )
        };
        let page = deep(100_000);
        // A small stack: nothing in the reader may recurse over the nesting.
        let outcome = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let start = std::time::Instant::now();
                let result = read(page.as_bytes(), &Limits::default());
                (result.err(), start.elapsed())
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(
            outcome.0,
            Some(Placed::from(Failure::Hostile {
                message: "the page nests elements more than 512 levels deep (the max_depth limit); a real page nests a few dozen".to_owned()
            }))
        );
        assert!(
            outcome.1 < std::time::Duration::from_secs(5),
            "{:?}",
            outcome.1
        );
        // Within the limit, read, also in a small stack.
        let page = deep(3000);
        let within = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let limits = Limits {
                    max_depth: 4000,
                    ..Limits::default()
                };
                read(page.as_bytes(), &limits)
            })
            .unwrap()
            .join()
            .unwrap()
            .unwrap();
        assert_eq!(lines(&within), ["第一条 区应急管理局。"]);
        assert_eq!(origin(&within, 0), "body>…>div>div>div>div>div>div>div>p");
        // At the limit exactly: html 1, body 2, 509 divs, p 512.
        let ok = read_str(&deep(509));
        assert_eq!(ok.blocks.len(), 1);
        assert!(read(deep(510).as_bytes(), &Limits::default()).is_err());
    }

    #[test]
    fn deep_unclosed_formatting_is_refused() {
        let page = format!("<body>{}x", "<b><i><font><span>".repeat(30_000));
        let err = read(page.as_bytes(), &Limits::default()).unwrap_err();
        assert!(matches!(err.failure, Failure::Hostile { .. }), "{err:?}");
        // A table nest: each <table><tr><td> three levels deeper.
        let page = format!("<body>{}x", "<table><tr><td>".repeat(30_000));
        let err = read(page.as_bytes(), &Limits::default()).unwrap_err();
        assert!(matches!(err.failure, Failure::Hostile { .. }), "{err:?}");
    }

    #[test]
    fn misnested_tags_multiplying_elements_are_refused() {
        let fonts: String = (0..400).map(|i| format!("<font a={i}>")).collect();
        let page = format!("<body><div>{fonts}</div>{}", "<p>x</p>".repeat(10_000));
        let start = std::time::Instant::now();
        let err = read(page.as_bytes(), &Limits::default()).unwrap_err();
        assert_eq!(
            err.failure,
            Failure::Hostile {
                message: "its 84707 bytes of markup make more than 52353 elements or 209412 bytes of attributes (misnested tags copied again and again)".to_owned()
            }
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        // Long attributes copied: refused by their bytes before the elements' count.
        let long = "x".repeat(2000);
        let fonts: String = (0..100).map(|i| format!("<font a{i}={long}>")).collect();
        let page = format!("<body><div>{fonts}</div>{}", "<p>x</p>".repeat(50));
        let err = read(page.as_bytes(), &Limits::default()).unwrap_err();
        assert!(
            matches!(&err.failure, Failure::Hostile { message } if message.contains("bytes of attributes")),
            "{err:?}"
        );
        // A few misnested formatting tags, as real pages have them, are read.
        let page = format!(
            "<body><div id=c><b><font color=red>{}</div></body>",
            "<p>第一条 甲</p>".repeat(2000)
        );
        assert_eq!(read_str(&page).blocks.len(), 2000);
    }

    #[test]
    fn page_of_only_chrome_gives_no_blocks() {
        let read = read_str(&format!(
            "<!DOCTYPE html><html><body>{CHROME}{FOOTER}</body></html>"
        ));
        assert_eq!(read.text, "");
        assert!(read.blocks.is_empty());
        let empty = read_str("");
        assert!(empty.blocks.is_empty());
        let blank = read_str("<html><body><p>&nbsp;</p><p>\u{3000}</p></body></html>");
        assert!(blank.blocks.is_empty());
    }

    #[test]
    fn text_over_the_limit_is_refused() {
        let page = format!(
            "<body>{}</body>",
            "<p>第一条 区应急管理局负责。</p>".repeat(100)
        );
        let limits = Limits {
            max_text: 1000,
            ..Limits::default()
        };
        let err = read(page.as_bytes(), &limits).unwrap_err();
        assert_eq!(
            err.failure,
            Failure::Hostile {
                message: "the extracted text is over 1000 bytes (the max_text limit)".to_owned()
            }
        );
        // Spanning cells cannot multiply the text past it either.
        let rows = "<tr><td colspan=1000>区</td><td>乙</td></tr>".repeat(50);
        let page = format!("<body><table>{rows}</table></body>");
        let limits = Limits {
            max_text: 10_000,
            ..Limits::default()
        };
        assert!(read(page.as_bytes(), &limits).is_err());
    }

    #[test]
    fn whitespace_collapses_and_lines_are_trimmed() {
        let read = read_str(
            "<body><div id=c>\
             <p>\u{3000}\u{3000}第一条  区\t应急\n  管理局 <b> 负责</b>。&nbsp;</p>\
             <p>（一）负责危险化学品\n   安全监管；\nabc\ndef。</p>\
             <p>第二条 甲<br>（一）乙<br/><br>（二）丙&#x3000;丁</p>\
             <div>第三条 直接写在 div 中的文字<p>（一）段落</p>其后的文字</div>\
             <pre>  一、  保留空格\n二、第二行</pre>\
             <p>&lt;不是标签&gt; &amp; 实体 &ldquo;引号&rdquo;</p></div></body>",
        );
        assert_eq!(
            lines(&read),
            [
                "第一条 区 应急管理局 负责。",
                "（一）负责危险化学品安全监管； abc def。",
                "第二条 甲",
                "（一）乙",
                "（二）丙\u{3000}丁",
                "第三条 直接写在 div 中的文字",
                "（一）段落",
                "其后的文字",
                "一、  保留空格",
                "二、第二行",
                "<不是标签> & 实体 \u{201c}引号\u{201d}",
            ]
        );
        assert_eq!(origin(&read, 0), "div#c>p:nth-of-type(1)");
        assert_eq!(origin(&read, 3), "div#c>p:nth-of-type(3)");
        assert_eq!(origin(&read, 5), "div#c>div");
        assert_eq!(origin(&read, 6), "div#c>div>p");
        assert_eq!(origin(&read, 7), "div#c>div");
        assert_eq!(origin(&read, 8), "div#c>pre");
    }

    #[test]
    fn spanned_cells_are_read_once() {
        let read = read_str(
            "<body><div id=c><table>\
             <caption>表1 分工</caption>\
             <thead class=\"header\"><tr class=\"table-head\"><th>序号</th><th colspan=2>部门与职责</th><th>备注</th></tr></thead>\
             <tbody>\
             <tr><td rowspan=3>1</td><td>区应急局</td><td><p>负责综合监管。</p><p>组织\t检查。</p></td><td rowspan=2>无</td></tr>\
             <tr><td>区住建局</td><td>负责建筑施工。</td></tr>\
             <tr><td colspan=\"3\">以上为示例</td></tr>\
             <tr><td></td><td></td></tr>\
             <tr><td>2</td><td>区交通局</td><td>负责道路运输。</td></tr>\
             </tbody></table></div></body>",
        );
        assert_eq!(
            lines(&read),
            [
                "表1 分工",
                "序号\t部门与职责\t\t备注",
                "1\t区应急局\t负责综合监管。 组织 检查。\t无",
                "\t区住建局\t负责建筑施工。\t",
                "\t以上为示例\t\t",
                "2\t区交通局\t负责道路运输。",
            ]
        );
        let kinds: Vec<&BlockKind> = read.blocks.iter().map(|b| &b.kind).collect();
        assert_eq!(
            kinds,
            [
                &BlockKind::Paragraph,
                &BlockKind::Row { table: 1, row: 1 },
                &BlockKind::Row { table: 1, row: 2 },
                &BlockKind::Row { table: 1, row: 3 },
                &BlockKind::Row { table: 1, row: 4 },
                &BlockKind::Row { table: 1, row: 6 },
            ]
        );
        assert_eq!(origin(&read, 0), "div#c>table>caption");
        assert_eq!(origin(&read, 1), "div#c>table>thead>tr");
        assert_eq!(origin(&read, 5), "div#c>table>tbody>tr:nth-of-type(5)");
    }

    #[test]
    fn layout_tables_are_read_as_flow() {
        let paragraphs: String = (1..=12)
            .map(|i| format!("<p>（{i}）区应急管理局负责第{i}项安全生产工作。</p>"))
            .collect();
        let page = format!(
            "<body><table width=980><tr><td class=\"left\"><a href=/>首页</a><br><a href=/a>通知</a></td>\
             <td><table><tr><td><h2>关于印发职责清单的通知</h2></td></tr></table>{paragraphs}\
             <table><tr><td>甲</td><td>乙</td></tr></table></td></tr></table></body>"
        );
        let read = read_str(&page);
        let got = lines(&read);
        assert_eq!(got.len(), 14);
        assert_eq!(got[0], "关于印发职责清单的通知");
        assert_eq!(got[1], "（1）区应急管理局负责第1项安全生产工作。");
        assert_eq!(got[13], "甲\t乙");
        assert_eq!(read.blocks[1].kind, BlockKind::Paragraph);
        assert_eq!(read.blocks[13].kind, BlockKind::Row { table: 1, row: 1 });
        assert!(!read.text.contains("首页"));
    }

    #[test]
    fn chrome_classes_do_not_drop_the_content() {
        // The whole content inside a wrapper whose class has "sidebar" and a "top" id:
        // kept, as it holds most of the page's text. A small box of the same classes
        // is dropped.
        let paragraphs: String = (1..=30)
            .map(|i| format!("<p>第{i}条 区应急管理局负责全区安全生产综合监督管理工作。</p>"))
            .collect();
        let page = format!(
            "<body><div class=\"page has-sidebar\" id=\"top\">{paragraphs}</div>\
             <div class=\"sidebar\">热点新闻：区长调研安全生产工作</div>\
             <div class=\"article-header\"><h1>第二部分</h1></div></body>"
        );
        let read = read_str(&page);
        assert_eq!(read.blocks.len(), 30);
        assert!(!read.text.contains("热点"));
        for (token, chrome) in [
            ("nav", true),
            ("mainNav", true),
            ("bdsharebuttonbox", true),
            ("breadcrumb-wrap", true),
            ("footer", true),
            ("article-header", false),
            ("printContent", false),
            ("canvas", false),
            ("topic", false),
            ("TRS_Editor", false),
            ("zoom", false),
            ("content-top", false),
            ("position", true),
            ("dqwz", true),
            ("bshare-custom", true),
            ("navCurrent", true),
            ("barrierfree_container", false),
            ("overflow-hidden", false),
            ("hidden", true),
        ] {
            assert_eq!(chrome_token(token, true), chrome, "{token}");
        }
    }

    #[test]
    fn header_inside_an_article_is_content_and_heading_is_found() {
        let paragraphs: String = (1..=5)
            .map(|i| format!("<p>（{i}）负责本行业领域安全生产工作。</p>"))
            .collect();
        let page = format!(
            "<body><header><h1>某某市人民政府</h1></header>\
             <article><header><h2>市交通局安全生产职责</h2></header>\
             <div class=\"info\">发布日期：2024-07-25</div>\
             <div class=\"TRS_Editor\">{paragraphs}</div></article></body>"
        );
        let read = read_str(&page);
        let got = lines(&read);
        assert_eq!(got[0], "市交通局安全生产职责");
        assert_eq!(got[1], "（1）负责本行业领域安全生产工作。");
        assert_eq!(got.len(), 6);
        assert!(!read.text.contains("某某市人民政府"));
        assert!(!read.text.contains("发布日期"));
        // A title named by its class, in a layout table above the content.
        let page = format!(
            "<body><table><tr><td class=\"title\">关于职责清单的通知</td></tr>\
             <tr><td class=\"bt_content\">{paragraphs}</td></tr></table></body>"
        );
        let got = read_str(&page);
        assert_eq!(lines(&got)[0], "关于职责清单的通知");
        assert_eq!(got.blocks.len(), 6);
    }

    #[test]
    fn a_heading_repeated_by_the_content_is_read_once() {
        let items: String = (1..=6)
            .map(|i| format!("<p>（{i}）负责本系统安全生产工作。</p>"))
            .collect();
        let page = |repeat: &str| {
            format!(
                "<body><div class=\"art\"><h1>魏都区安全生产职责清单（征求意见稿）</h1>\
                 <div id=\"zoom\">{repeat}{items}</div></div></body>"
            )
        };
        let repeated = read_str(&page("<p>魏都区安全生产职责清单</p><p>（征求意见稿）</p>"));
        assert_eq!(repeated.blocks.len(), 8);
        assert_eq!(lines(&repeated)[0], "魏都区安全生产职责清单");
        assert_eq!(origin(&repeated, 0), "div#zoom>p:nth-of-type(1)");
        let not_repeated = read_str(&page(""));
        assert_eq!(not_repeated.blocks.len(), 7);
        assert_eq!(
            lines(&not_repeated)[0],
            "魏都区安全生产职责清单（征求意见稿）"
        );
        assert_eq!(origin(&not_repeated, 0), "body>div>h1");
        assert_eq!(not_repeated.blocks[6].line, 7);
        assert_eq!(lines(&not_repeated)[6], "（6）负责本系统安全生产工作。");
    }

    #[test]
    fn paragraphs_each_in_a_wrapper_are_one_content() {
        let items: String = (1..=8)
            .map(|i| format!("<div class=\"para\"><p>（{i}）负责监管。</p></div>"))
            .collect();
        let page = format!(
            "<body><div class=\"info\">来源：区政府办公室</div><div id=\"zoom\">{items}</div></body>"
        );
        let read = read_str(&page);
        assert_eq!(read.blocks.len(), 8);
        assert_eq!(lines(&read)[7], "（8）负责监管。");
        assert_eq!(origin(&read, 7), "div#zoom>div:nth-of-type(8)>p");
    }

    #[test]
    fn content_split_in_sections_is_kept_whole() {
        let section = |from: usize, to: usize| -> String {
            (from..=to)
                .map(|i| format!("<p>第{i}条 各部门按照职责分工负责安全生产工作。</p>"))
                .collect()
        };
        let page = format!(
            "<body><div id=\"zoom\"><div class=\"WordSection1\">{}</div>\
             <div class=\"WordSection2\"><table><tr><td>类别</td><td>部门</td></tr>\
             <tr><td>负有安全生产监督管理职责的部门</td><td>区发改委、区教体局、区科工局</td></tr>\
             <tr><td>监督管理</td><td>区应急管理局、区住建局、区交通局</td></tr></table></div></div>\
             <div class=\"info\">浏览次数：12</div></body>",
            section(1, 20)
        );
        let read = read_str(&page);
        assert_eq!(read.blocks.len(), 23);
        assert_eq!(read.blocks[22].kind, BlockKind::Row { table: 1, row: 3 });
        assert_eq!(
            lines(&read)[22],
            "监督管理\t区应急管理局、区住建局、区交通局"
        );
        assert!(!read.text.contains("浏览次数"));
    }

    #[test]
    fn ordered_lists_are_numbered_only_when_the_page_says_so() {
        let read = read_str(
            "<body><div id=c><ol><li>负责甲。</li><li>负责乙。</li></ol>\
             <ol style=\"list-style-type: decimal;\" start=\"3\"><li><p>负责丙。</p></li><li value=7>负责丁。</li></ol>\
             <ol type=\"a\"><li>戊</li></ol>\
             <ol style=\"list-style-type:cjk-ideographic\"><li>己</li><li>庚</li></ol>\
             <ul><li>辛</li></ul></div></body>",
        );
        assert_eq!(
            lines(&read),
            [
                "负责甲。",
                "负责乙。",
                "3. 负责丙。",
                "7. 负责丁。",
                "a. 戊",
                "一、己",
                "二、庚",
                "辛"
            ]
        );
        assert_eq!(NumberStyle::UpperRoman.marker(1994), "MCMXCIV.");
        assert_eq!(NumberStyle::LowerAlpha.marker(28), "ab.");
        assert_eq!(NumberStyle::Chinese.marker(21), "二十一、");
    }

    #[test]
    fn hidden_and_dropped_elements_are_not_read() {
        let read = read_str(
            "<body><div id=c><p>第一条 甲<span style=\"display: none\">隐藏</span>乙</p>\
             <p hidden>隐藏段落</p><noscript>请启用脚本</noscript><template><p>模板</p></template>\
             <p>第二条<select><option>选项</option></select>丙<iframe>框架</iframe><svg><text>图</text></svg></p>\
             <p><a href=\"javascript:window.print()\">打印</a>第三条 丁</p></div></body>",
        );
        assert_eq!(lines(&read), ["第一条 甲乙", "第二条丙", "第三条 丁"]);
    }

    #[test]
    fn malformed_pages_do_not_panic() {
        // A deterministic tag soup: every block line is non-blank, numbered in order.
        let pieces = [
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<table>",
            "<tr>",
            "<td colspan=99999>",
            "<td rowspan=0>",
            "</table>",
            "<b>",
            "</i>",
            "<li>",
            "<ol start=-5 reversed type=i>",
            "<br>",
            "第一条",
            "区",
            "&nbsp;",
            "&#0;",
            "<template>",
            "<svg>",
            "<math>",
            "<select>",
            "<!--",
            "-->",
            "<pre>",
            "\n",
            "<h1>",
            "<a href=x>",
            "<caption>",
            "<thead>",
            "<frameset>",
            "\u{3000}",
            "<meta charset=gbk>",
            "<body>",
            "<html>",
            "</body>",
            "<plaintext>",
            "<xmp>",
            "<script>",
        ];
        let mut state = 0x2545_f491_u32;
        for _ in 0..300 {
            let mut page = String::new();
            for _ in 0..200 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                page.push_str(pieces[state as usize % pieces.len()]);
            }
            let limits = Limits {
                max_depth: 64,
                ..Limits::default()
            };
            match read(page.as_bytes(), &limits) {
                Ok(read) => {
                    for (i, block) in read.blocks.iter().enumerate() {
                        assert_eq!(block.line, i as u32 + 1);
                        let line = read.text.split('\n').nth(i).unwrap();
                        assert!(!line.trim_matches(is_space).is_empty());
                    }
                    assert_eq!(read.text.split('\n').count(), read.blocks.len().max(1));
                }
                Err(e) => assert!(matches!(e.failure, Failure::Hostile { .. }), "{e:?}"),
            }
        }
        for bytes in [
            &b"\xFF\xFE<\x00"[..],
            b"\xEF\xBB\xBF",
            b"\xFE\xFF\xD8\x00",
            b"<meta charset=\"",
            b"<!--",
        ] {
            assert!(read(bytes, &Limits::default()).is_ok());
        }
    }
}
