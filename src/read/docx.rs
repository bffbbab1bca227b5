//! Word documents (.docx, Office Open XML): the paragraphs and table rows of the main
//! document part, with Word's automatic numbering rendered as printed.
//!
//! The package is a zip: only its relationships (`_rels/.rels`,
//! `word/_rels/document.xml.rels`), the main part (`word/document.xml`), the numbering
//! part and the styles part are unpacked, each through `Read::take` against
//! [`Limits::max_unpacked`] (declared sizes are never trusted). Headers, footers,
//! footnotes and comments live in other parts and are not read.
//!
//! The XML is read as a stream (quick-xml), with an explicit stack and
//! [`Limits::max_depth`]: nothing recurses over the document's structure.
//!
//! - Each `w:p` is a block with [`Origin::WordParagraph`], counted from 1 in document order
//!   (table cells' and text boxes' paragraphs included). `w:br`/`w:cr` end a line: the next
//!   line is a new block with the same paragraph index. Empty paragraphs are blank lines.
//! - Deleted text (`w:del`, `w:moveFrom`), field instructions and ruby text are left out;
//!   of an `mc:AlternateContent`, only the first `mc:Choice` (else the `mc:Fallback`) is
//!   read, so a text box is read once. Text a run hides (`w:vanish`) is left out.
//! - A paragraph's number (`w:numPr`, directly or through its style) is rendered as Word
//!   prints it and put before its text. Counters are kept per abstract numbering
//!   definition, as Word keeps them: `w:num`s sharing one continue each other's count, and
//!   a `w:num` with a `w:startOverride` restarts it where it is first used.
//! - A table's rows are [`BlockKind::Row`] blocks, cells joined by a tab, each cell's
//!   paragraphs by a space; a merged cell is read once (`w:gridSpan` is one cell, a
//!   `w:vMerge` continuation an empty one); a nested table is flattened into its cell.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use zip::ZipArchive;
use zip::result::ZipError;

use super::{Block, BlockKind, Extracted, Failure, Format, Limits, Origin, Placed, is_space};

const FORMAT: &str = "docx";

/// The main document part when the package's relationships do not name another.
const DEFAULT_MAIN: &str = "word/document.xml";

/// Styles followed through `w:basedOn`, numbering definitions through `w:numStyleLink`.
const MAX_STYLE_CHAIN: usize = 32;
const MAX_LINK_CHAIN: usize = 8;
/// Open fields (`w:fldChar begin`) tracked one by one; deeper ones are only counted.
const MAX_FIELDS: usize = 64;
/// Warnings kept; the rest are counted in a last one.
const MAX_WARNINGS: usize = 20;

/// Reads a .docx file's bytes.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Extracted, Placed> {
    let mut package = Package::open(bytes, limits)?;
    let mut warnings = Warnings::default();

    let main = package.main_part_name(limits)?;
    let Some(document) = package.part(&main)? else {
        return Err(corrupt(format!(
            "the package has no main document part ({main}): not a Word document, or a damaged one"
        ))
        .into());
    };
    let (styles_name, numbering_name) = package.related_parts(&main, limits)?;
    let styles = match package.part(&styles_name)? {
        Some(xml) => parse_part(&xml, &styles_name, limits, Styles::default(), &mut warnings)?,
        None => Styles::default(),
    };
    let numbering = match package.part(&numbering_name)? {
        Some(xml) => {
            parse_part(
                &xml,
                &numbering_name,
                limits,
                NumberingParser::default(),
                &mut warnings,
            )?
            .numbering
        }
        None => Numbering::default(),
    };

    let text = xml_text(&document, &main)?;
    let mut body = Document::new(limits, &styles, &numbering, &numbering_name);
    drive(text, &main, limits, &mut body)?;
    let Document {
        out,
        warnings: body_warnings,
        tracked_deletions,
        alt_chunks,
        ..
    } = body;
    warnings.extend(body_warnings);
    if tracked_deletions {
        warnings.push(
            "the document has tracked changes: deleted text was left out and inserted text kept, as if all changes were accepted"
                .to_owned(),
        );
    }
    if alt_chunks {
        warnings.push(
            "the document embeds other files (w:altChunk) whose text was not read: open it in Word and save it again to merge them"
                .to_owned(),
        );
    }
    Ok(Extracted {
        text: out.text,
        blocks: out.blocks,
        format: Format::Docx,
        encoding: None,
        warnings: warnings.finish(),
    })
}

fn corrupt(message: String) -> Failure {
    Failure::Corrupt {
        format: FORMAT,
        message,
    }
}

// ---------------------------------------------------------------------------------------
// The package
// ---------------------------------------------------------------------------------------

struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes the parts read so far may still unpack to.
    budget: u64,
    limit: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, Failure> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            corrupt(format!(
                "not a zip archive ({e}); a .docx is a zip package: save the document again as .docx"
            ))
        })?;
        if zip.len() > limits.max_entries {
            return Err(Failure::Hostile {
                message: format!(
                    "the zip package has {} entries, over the limit of {} (limits.max_entries)",
                    zip.len(),
                    limits.max_entries
                ),
            });
        }
        Ok(Package {
            zip,
            budget: limits.max_unpacked,
            limit: limits.max_unpacked,
        })
    }

    /// The entry's name as stored, found exactly or, as OPC part names are, ignoring case.
    fn entry_name(&self, name: &str) -> Option<String> {
        if self.zip.index_for_name(name).is_some() {
            return Some(name.to_owned());
        }
        self.zip
            .file_names()
            .filter_map(Result::ok)
            .find(|n| n.trim_start_matches('/').eq_ignore_ascii_case(name))
            .map(|n| n.into_owned())
    }

    /// A part's bytes, `None` if the package has no such part.
    fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, Failure> {
        let Some(stored) = self.entry_name(name) else {
            return Ok(None);
        };
        let entry = match self.zip.by_name(&stored) {
            Ok(entry) => entry,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(corrupt(format!(
                    "cannot open {name} in the zip package: {e}"
                )));
            }
        };
        let mut data = Vec::new();
        let read = entry
            .take(self.budget.saturating_add(1))
            .read_to_end(&mut data);
        if data.len() as u64 > self.budget {
            return Err(Failure::Hostile {
                message: format!(
                    "the parts read unpack to more than {} bytes (limits.max_unpacked): a zip bomb?",
                    self.limit
                ),
            });
        }
        read.map_err(|e| corrupt(format!("cannot unpack {name}: {e}")))?;
        self.budget -= data.len() as u64;
        Ok(Some(data))
    }

    /// The main document part, from the package relationships (`_rels/.rels`).
    fn main_part_name(&mut self, limits: &Limits) -> Result<String, Failure> {
        Ok(self
            .relationships("_rels/.rels", "", limits)?
            .into_iter()
            .find(|(kind, _)| kind.ends_with("/officeDocument"))
            .map_or_else(|| DEFAULT_MAIN.to_owned(), |(_, target)| target))
    }

    /// The styles and numbering parts of the main part, from its relationships.
    fn related_parts(&mut self, main: &str, limits: &Limits) -> Result<(String, String), Failure> {
        let (dir, file) = main.rsplit_once('/').unwrap_or(("", main));
        let rels = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let found = self.relationships(&rels, dir, limits)?;
        let pick = |suffix: &str, default: &str| {
            found
                .iter()
                .find(|(kind, _)| kind.ends_with(suffix))
                .map_or_else(|| join(dir, default), |(_, target)| target.clone())
        };
        Ok((
            pick("/styles", "styles.xml"),
            pick("/numbering", "numbering.xml"),
        ))
    }

    /// (type, part name) of the internal relationships in a .rels part; none if the part
    /// is missing or damaged (the default part names are used then).
    fn relationships(
        &mut self,
        rels: &str,
        base: &str,
        limits: &Limits,
    ) -> Result<Vec<(String, String)>, Failure> {
        let xml = match self.part(rels) {
            Ok(Some(xml)) => xml,
            Err(e @ Failure::Hostile { .. }) => return Err(e),
            _ => return Ok(Vec::new()),
        };
        let Ok(text) = xml_text(&xml, rels) else {
            return Ok(Vec::new());
        };
        let mut parser = Relationships::default();
        match drive(text, rels, limits, &mut parser) {
            Ok(()) => {}
            Err(e @ Failure::Hostile { .. }) => return Err(e),
            Err(_) => return Ok(Vec::new()),
        }
        Ok(parser
            .found
            .into_iter()
            .map(|(kind, target)| (kind, join(base, &target)))
            .collect())
    }
}

/// A relationship target resolved against the folder of its source part.
fn join(base: &str, target: &str) -> String {
    let full = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None if base.is_empty() => target.to_owned(),
        None => format!("{base}/{target}"),
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in full.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

#[derive(Default)]
struct Relationships {
    found: Vec<(String, String)>,
}

impl Handler for Relationships {
    fn start(&mut self, _ns: Ns, local: &[u8], e: &BytesStart) -> Result<Flow, Failure> {
        if local == b"Relationship"
            && attr(e, b"TargetMode").as_deref() != Some("External")
            && self.found.len() < 10_000
            && let (Some(kind), Some(target)) = (attr(e, b"Type"), attr(e, b"Target"))
        {
            self.found.push((kind, target));
        }
        Ok(Flow::Enter)
    }
}

// ---------------------------------------------------------------------------------------
// The XML stream
// ---------------------------------------------------------------------------------------

/// The namespaces that matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// WordprocessingML (transitional or strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    Other,
}

fn namespace(resolved: &ResolveResult) -> Ns {
    match resolved {
        ResolveResult::Bound(ns) => match ns.as_ref() {
            b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
            | b"http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
            b"http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
            _ => Ns::Other,
        },
        _ => Ns::Other,
    }
}

/// What to do with an element's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Enter,
    /// Skip the element and everything in it; its `end` is not called either.
    Skip,
}

/// A reader of one part's elements.
trait Handler {
    /// An element opens (an empty element opens and closes at once).
    fn start(&mut self, ns: Ns, local: &[u8], e: &BytesStart) -> Result<Flow, Failure>;
    /// An element entered closes.
    fn end(&mut self, _ns: Ns, _local: &[u8]) -> Result<(), Failure> {
        Ok(())
    }
    /// Character data, entities decoded.
    fn text(&mut self, _text: &str) -> Result<(), Failure> {
        Ok(())
    }
}

/// A part's bytes as text: UTF-8 (a BOM dropped) or UTF-16 with a BOM.
fn xml_text<'b>(bytes: &'b [u8], part: &str) -> Result<std::borrow::Cow<'b, str>, Failure> {
    use std::borrow::Cow;
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        if encoding != encoding_rs::UTF_8 {
            return encoding
                .decode_without_bom_handling_and_without_replacement(body)
                .map(|text| Cow::Owned(text.into_owned()))
                .ok_or_else(|| corrupt(format!("{part} is not valid {}", encoding.name())));
        }
        return std::str::from_utf8(body)
            .map(Cow::Borrowed)
            .map_err(|e| corrupt(format!("{part} is not valid UTF-8 ({e})")));
    }
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|e| corrupt(format!("{part} is not valid UTF-8 ({e})")))
}

/// Streams a part's XML to a handler: nesting capped by `limits.max_depth`, and only one
/// branch of each `mc:AlternateContent` passed on (the first `mc:Choice`, else the
/// `mc:Fallback`); these three `mc:` elements themselves are not passed on.
fn drive(
    xml: std::borrow::Cow<'_, str>,
    part: &str,
    limits: &Limits,
    handler: &mut impl Handler,
) -> Result<(), Failure> {
    let mut reader = NsReader::from_str(&xml);
    let mut depth = 0usize;
    // Depth inside a skipped element (0: not skipping).
    let mut skip = 0usize;
    // Open mc:AlternateContent elements: their depth, and whether a branch was taken.
    let mut alternates: Vec<(usize, bool)> = Vec::new();
    let too_deep = || Failure::Hostile {
        message: format!(
            "{part} nests elements deeper than {} levels (limits.max_depth)",
            limits.max_depth
        ),
    };
    loop {
        let (resolved, event) = match reader.read_resolved_event() {
            Ok(read) => read,
            Err(e) => {
                return Err(corrupt(format!(
                    "{part} is not well-formed XML (near byte {}): {e}",
                    reader.error_position()
                )));
            }
        };
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(too_deep());
                }
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                let ns = namespace(&resolved);
                let local = e.local_name();
                let local = local.as_ref();
                match alternate(ns, local, depth, &mut alternates, false) {
                    Some(Flow::Enter) => {}
                    Some(Flow::Skip) => skip = 1,
                    None => {
                        if handler.start(ns, local, &e)? == Flow::Skip {
                            skip = 1;
                        }
                    }
                }
            }
            Event::Empty(e) => {
                if depth + 1 > limits.max_depth {
                    return Err(too_deep());
                }
                if skip > 0 {
                    continue;
                }
                let ns = namespace(&resolved);
                let local = e.local_name();
                let local = local.as_ref();
                if alternate(ns, local, depth + 1, &mut alternates, true).is_none()
                    && handler.start(ns, local, &e)? == Flow::Enter
                {
                    handler.end(ns, local)?;
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                } else {
                    let ns = namespace(&resolved);
                    let local = e.local_name();
                    let local = local.as_ref();
                    if !close_alternate(ns, local, depth, &mut alternates) {
                        handler.end(ns, local)?;
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(e) if skip == 0 => {
                let text = e.unescape().map_err(|e| {
                    corrupt(format!(
                        "{part} has text that cannot be decoded (near byte {}): {e}",
                        reader.buffer_position()
                    ))
                })?;
                handler.text(&text)?;
            }
            Event::CData(e) if skip == 0 => {
                let text = std::str::from_utf8(&e).map_err(|e| {
                    corrupt(format!(
                        "{part} has a CDATA section that is not UTF-8 ({e})"
                    ))
                })?;
                handler.text(text)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(corrupt(format!(
            "{part} ends before its elements are closed (a truncated or damaged file)"
        )));
    }
    Ok(())
}

/// The `mc:` elements of an alternate content block opening at `depth`: `Some` what to do
/// with it, `None` for any other element (passed on to the handler).
fn alternate(
    ns: Ns,
    local: &[u8],
    depth: usize,
    alternates: &mut Vec<(usize, bool)>,
    empty: bool,
) -> Option<Flow> {
    if ns != Ns::Mc {
        return None;
    }
    match local {
        b"AlternateContent" => {
            if !empty {
                alternates.push((depth, false));
            }
            Some(Flow::Enter)
        }
        b"Choice" | b"Fallback" => match alternates.last_mut() {
            Some((at, taken)) if *at + 1 == depth => {
                if *taken {
                    Some(Flow::Skip)
                } else {
                    *taken = true;
                    Some(Flow::Enter)
                }
            }
            // Outside an alternate content block: read as a plain wrapper.
            _ => Some(Flow::Enter),
        },
        _ => None,
    }
}

/// Whether a closing element was one of the `mc:` elements [`alternate`] kept to itself.
fn close_alternate(
    ns: Ns,
    local: &[u8],
    depth: usize,
    alternates: &mut Vec<(usize, bool)>,
) -> bool {
    if ns != Ns::Mc {
        return false;
    }
    match local {
        b"AlternateContent" => {
            if alternates.last().is_some_and(|(at, _)| *at == depth) {
                alternates.pop();
            }
            true
        }
        b"Choice" | b"Fallback" => true,
        _ => false,
    }
}

/// An attribute's value by its local name (the prefix is not checked).
fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn int_attr(e: &BytesStart, name: &[u8]) -> Option<i64> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

/// An on/off property (`<w:vanish/>`, `<w:isLgl w:val="0"/>`).
fn on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, b"val").as_deref().map(str::trim),
        Some("0" | "false" | "off" | "none")
    )
}

/// A numbering level index (0–8).
fn level_index(value: Option<i64>) -> Option<usize> {
    value.filter(|v| (0..=8).contains(v)).map(|v| v as usize)
}

/// Parses a styles or numbering part. A damaged part does not stop the reading (the
/// document is read without its styles or numbering, with a warning); a hostile one does.
fn parse_part<H: Handler + Default>(
    bytes: &[u8],
    part: &str,
    limits: &Limits,
    mut handler: H,
    warnings: &mut Warnings,
) -> Result<H, Failure> {
    let text = match xml_text(bytes, part) {
        Ok(text) => text,
        Err(e) => {
            warnings.push(format!("{part} was left out: {e}"));
            return Ok(H::default());
        }
    };
    match drive(text, part, limits, &mut handler) {
        Ok(()) => Ok(handler),
        Err(e @ Failure::Hostile { .. }) => Err(e),
        Err(e) => {
            warnings.push(format!(
                "{part} was left out, automatic numbers may be missing: {e}"
            ));
            Ok(H::default())
        }
    }
}

#[derive(Default)]
struct Warnings {
    kept: Vec<String>,
    more: usize,
}

impl Warnings {
    fn push(&mut self, warning: String) {
        if self.kept.len() < MAX_WARNINGS {
            self.kept.push(warning);
        } else {
            self.more += 1;
        }
    }

    fn extend(&mut self, other: Warnings) {
        for w in other.kept {
            self.push(w);
        }
        self.more += other.more;
    }

    fn finish(mut self) -> Vec<String> {
        if self.more > 0 {
            self.kept.push(format!(
                "{} more warnings like these were left out",
                self.more
            ));
        }
        self.kept
    }
}

// ---------------------------------------------------------------------------------------
// Styles (word/styles.xml): the numbering paragraph styles carry
// ---------------------------------------------------------------------------------------

#[derive(Debug, Default, Clone)]
struct Style {
    based_on: Option<String>,
    num_id: Option<i64>,
    ilvl: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StyleTag {
    Styles,
    Style,
    PPr,
    NumPr,
    Other,
}

#[derive(Default)]
struct Styles {
    map: HashMap<String, Style>,
    default_paragraph: Option<String>,
    path: Vec<StyleTag>,
    current: Option<(String, Style)>,
}

impl Handler for Styles {
    fn start(&mut self, ns: Ns, local: &[u8], e: &BytesStart) -> Result<Flow, Failure> {
        if ns != Ns::W {
            return Ok(Flow::Skip);
        }
        let parent = self.path.last().copied();
        let tag = match (parent, local) {
            (None, b"styles") => StyleTag::Styles,
            (Some(StyleTag::Styles), b"style") => {
                let id = attr(e, b"styleId").unwrap_or_default();
                if attr(e, b"type").as_deref() == Some("paragraph")
                    && attr(e, b"default").is_some_and(|d| matches!(d.trim(), "1" | "true" | "on"))
                    && self.default_paragraph.is_none()
                {
                    self.default_paragraph = Some(id.clone());
                }
                self.current = Some((id, Style::default()));
                StyleTag::Style
            }
            (Some(StyleTag::Style), b"basedOn") => {
                if let Some((_, style)) = &mut self.current {
                    style.based_on = attr(e, b"val");
                }
                StyleTag::Other
            }
            (Some(StyleTag::Style), b"pPr") => StyleTag::PPr,
            (Some(StyleTag::PPr), b"numPr") => StyleTag::NumPr,
            (Some(StyleTag::NumPr), b"numId" | b"ilvl") => {
                if let Some((_, style)) = &mut self.current {
                    let value = int_attr(e, b"val");
                    if local == b"numId" {
                        style.num_id = value;
                    } else {
                        style.ilvl = value;
                    }
                }
                StyleTag::Other
            }
            _ => return Ok(Flow::Skip),
        };
        self.path.push(tag);
        Ok(Flow::Enter)
    }

    fn end(&mut self, _ns: Ns, _local: &[u8]) -> Result<(), Failure> {
        if self.path.pop() == Some(StyleTag::Style)
            && let Some((id, style)) = self.current.take()
        {
            self.map.entry(id).or_insert(style);
        }
        Ok(())
    }
}

impl Styles {
    /// The numbering a paragraph style gives, following `w:basedOn` (bounded, cycles
    /// stopped): (numId, ilvl, the style it was found in).
    fn numbering(&self, style: Option<&str>) -> (Option<i64>, Option<i64>, Option<String>) {
        let mut num_id = None;
        let mut ilvl = None;
        let mut found_in = None;
        let mut next = style.or(self.default_paragraph.as_deref());
        let mut seen: HashSet<&str> = HashSet::new();
        for _ in 0..MAX_STYLE_CHAIN {
            let Some(id) = next else { break };
            if !seen.insert(id) {
                break;
            }
            let Some(s) = self.map.get(id) else { break };
            if num_id.is_none() && s.num_id.is_some() {
                num_id = s.num_id;
                found_in = Some(id.to_owned());
            }
            if ilvl.is_none() {
                ilvl = s.ilvl;
            }
            if num_id.is_some() && ilvl.is_some() {
                break;
            }
            next = s.based_on.as_deref();
        }
        (num_id, ilvl, found_in)
    }
}

// ---------------------------------------------------------------------------------------
// Numbering (word/numbering.xml)
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum NumFmt {
    #[default]
    Decimal,
    DecimalZero,
    DecimalFullWidth,
    ChineseCounting,
    ChineseLegalSimplified,
    ChineseLegalTraditional,
    IdeographTraditional,
    IdeographZodiac,
    IdeographEnclosedCircle,
    EnclosedCircle,
    EnclosedFullstop,
    EnclosedParen,
    UpperLetter,
    LowerLetter,
    UpperRoman,
    LowerRoman,
    Bullet,
    None,
    /// Decimal padded with zeros to a width (custom formats "01, 02, 03, ..." and like).
    ZeroPadded(usize),
}

impl NumFmt {
    /// A `w:numFmt w:val="custom"` by the first number of its `w:format` ("001, 002, 003,
    /// ..."); decimal when it is not one of the known ones.
    fn custom(format: &str) -> NumFmt {
        let first = format.split(',').next().unwrap_or("").trim();
        match first {
            "一" => NumFmt::ChineseCounting,
            "壹" => NumFmt::ChineseLegalSimplified,
            "甲" => NumFmt::IdeographTraditional,
            "子" => NumFmt::IdeographZodiac,
            "①" => NumFmt::EnclosedCircle,
            "１" => NumFmt::DecimalFullWidth,
            "A" => NumFmt::UpperLetter,
            "a" => NumFmt::LowerLetter,
            "I" => NumFmt::UpperRoman,
            "i" => NumFmt::LowerRoman,
            f if f.len() > 1 && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
                NumFmt::ZeroPadded(f.len())
            }
            _ => NumFmt::Decimal,
        }
    }

    fn parse(value: &str) -> NumFmt {
        match value {
            "decimalZero" => NumFmt::DecimalZero,
            "decimalFullWidth" | "decimalFullWidth2" => NumFmt::DecimalFullWidth,
            "chineseCounting"
            | "chineseCountingThousand"
            | "japaneseCounting"
            | "taiwaneseCounting"
            | "taiwaneseCountingThousand" => NumFmt::ChineseCounting,
            "chineseLegalSimplified" => NumFmt::ChineseLegalSimplified,
            "ideographLegalTraditional" => NumFmt::ChineseLegalTraditional,
            "ideographTraditional" => NumFmt::IdeographTraditional,
            "ideographZodiac" => NumFmt::IdeographZodiac,
            "ideographEnclosedCircle" => NumFmt::IdeographEnclosedCircle,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => NumFmt::EnclosedCircle,
            "decimalEnclosedFullstop" => NumFmt::EnclosedFullstop,
            "decimalEnclosedParen" => NumFmt::EnclosedParen,
            "upperLetter" => NumFmt::UpperLetter,
            "lowerLetter" => NumFmt::LowerLetter,
            "upperRoman" => NumFmt::UpperRoman,
            "lowerRoman" => NumFmt::LowerRoman,
            "bullet" => NumFmt::Bullet,
            "none" => NumFmt::None,
            _ => NumFmt::Decimal,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<i64>,
    fmt: NumFmt,
    text: Option<String>,
    restart: Option<i64>,
    suffix: Suffix,
    legal: bool,
    style: Option<String>,
    font: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; 9],
    num_style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: Option<i64>,
    start_override: [Option<i64>; 9],
    levels: [Option<Level>; 9],
}

#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<i64, Abstract>,
    nums: HashMap<i64, Num>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumTag {
    Numbering,
    Abstract,
    Num,
    Override,
    Level,
    LevelRPr,
    Other,
}

#[derive(Default)]
struct NumberingParser {
    numbering: Numbering,
    path: Vec<NumTag>,
    abstract_num: Option<(Option<i64>, Abstract)>,
    num: Option<(Option<i64>, Num)>,
    override_level: Option<usize>,
    level: Option<(Option<usize>, Level)>,
}

impl Handler for NumberingParser {
    fn start(&mut self, ns: Ns, local: &[u8], e: &BytesStart) -> Result<Flow, Failure> {
        if ns != Ns::W {
            return Ok(Flow::Skip);
        }
        let parent = self.path.last().copied();
        let val = || attr(e, b"val");
        let tag = match (parent, local) {
            (None, b"numbering") => NumTag::Numbering,
            (Some(NumTag::Numbering), b"abstractNum") => {
                self.abstract_num = Some((int_attr(e, b"abstractNumId"), Abstract::default()));
                NumTag::Abstract
            }
            (Some(NumTag::Numbering), b"num") => {
                self.num = Some((int_attr(e, b"numId"), Num::default()));
                NumTag::Num
            }
            (Some(NumTag::Abstract), b"numStyleLink") => {
                if let Some((_, a)) = &mut self.abstract_num {
                    a.num_style_link = val();
                }
                NumTag::Other
            }
            (Some(NumTag::Abstract | NumTag::Override), b"lvl") => {
                let index = level_index(int_attr(e, b"ilvl")).or(match parent {
                    Some(NumTag::Override) => self.override_level,
                    _ => None,
                });
                self.level = Some((index, Level::default()));
                NumTag::Level
            }
            (Some(NumTag::Num), b"abstractNumId") => {
                if let Some((_, n)) = &mut self.num {
                    n.abstract_id = int_attr(e, b"val");
                }
                NumTag::Other
            }
            (Some(NumTag::Num), b"lvlOverride") => {
                self.override_level = level_index(int_attr(e, b"ilvl"));
                NumTag::Override
            }
            (Some(NumTag::Override), b"startOverride") => {
                if let (Some((_, n)), Some(i)) = (&mut self.num, self.override_level)
                    && let Some(slot) = n.start_override.get_mut(i)
                {
                    *slot = int_attr(e, b"val");
                }
                NumTag::Other
            }
            (Some(NumTag::Level), _) => {
                let Some((_, level)) = &mut self.level else {
                    return Ok(Flow::Skip);
                };
                match local {
                    b"start" => level.start = int_attr(e, b"val"),
                    b"numFmt" => {
                        level.fmt = match val().as_deref() {
                            Some("custom") => {
                                NumFmt::custom(&attr(e, b"format").unwrap_or_default())
                            }
                            v => NumFmt::parse(v.unwrap_or("")),
                        }
                    }
                    b"lvlText" => level.text = val(),
                    b"lvlRestart" => level.restart = int_attr(e, b"val"),
                    b"suff" => {
                        level.suffix = match val().as_deref() {
                            Some("space") => Suffix::Space,
                            Some("nothing") => Suffix::Nothing,
                            _ => Suffix::Tab,
                        }
                    }
                    b"isLgl" => level.legal = on(e),
                    b"pStyle" => level.style = val(),
                    b"rPr" => {
                        self.path.push(NumTag::LevelRPr);
                        return Ok(Flow::Enter);
                    }
                    _ => return Ok(Flow::Skip),
                }
                NumTag::Other
            }
            (Some(NumTag::LevelRPr), b"rFonts") => {
                if let Some((_, level)) = &mut self.level {
                    level.font = attr(e, b"ascii").or_else(|| attr(e, b"hAnsi"));
                }
                NumTag::Other
            }
            _ => return Ok(Flow::Skip),
        };
        self.path.push(tag);
        Ok(Flow::Enter)
    }

    fn end(&mut self, _ns: Ns, _local: &[u8]) -> Result<(), Failure> {
        let tag = self.path.pop();
        let parent = self.path.last().copied();
        match tag {
            Some(NumTag::Level) => {
                if let Some((Some(i), level)) = self.level.take() {
                    let slot = match parent {
                        Some(NumTag::Override) => {
                            self.num.as_mut().and_then(|(_, n)| n.levels.get_mut(i))
                        }
                        _ => self
                            .abstract_num
                            .as_mut()
                            .and_then(|(_, a)| a.levels.get_mut(i)),
                    };
                    if let Some(slot) = slot {
                        *slot = Some(level);
                    }
                }
            }
            Some(NumTag::Override) => self.override_level = None,
            Some(NumTag::Abstract) => {
                if let Some((Some(id), a)) = self.abstract_num.take() {
                    self.numbering.abstracts.entry(id).or_insert(a);
                }
            }
            Some(NumTag::Num) => {
                if let Some((Some(id), n)) = self.num.take() {
                    self.numbering.nums.entry(id).or_insert(n);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The running counts of the lists, as Word keeps them.
#[derive(Default)]
struct Counters {
    /// Per abstract numbering definition: the last number of each level (`None`: not
    /// used since it was last restarted).
    lists: HashMap<i64, [Option<i64>; 9]>,
    /// (numId, level) whose `w:startOverride` was applied.
    overridden: HashSet<(i64, usize)>,
}

impl Numbering {
    /// The abstract definition of a `w:num`, following `w:numStyleLink` through the
    /// numbering styles (bounded): (its id, the definition).
    fn definition(&self, num: &Num, styles: &Styles) -> Option<(i64, &Abstract)> {
        let mut id = num.abstract_id?;
        for _ in 0..MAX_LINK_CHAIN {
            let definition = self.abstracts.get(&id)?;
            let Some(link) = &definition.num_style_link else {
                return Some((id, definition));
            };
            let linked = styles
                .map
                .get(link)
                .and_then(|s| s.num_id)
                .and_then(|n| self.nums.get(&n))
                .and_then(|n| n.abstract_id);
            match linked {
                Some(next) if next != id => id = next,
                _ => return Some((id, definition)),
            }
        }
        None
    }

    /// Advances the list of (numId, ilvl) and renders its number with the level's suffix;
    /// `Err` says why there is none.
    fn label(
        &self,
        styles: &Styles,
        counters: &mut Counters,
        num_id: i64,
        ilvl: Option<i64>,
        style: Option<&str>,
        budget: usize,
    ) -> Result<String, &'static str> {
        let num = self.nums.get(&num_id).ok_or("is not defined")?;
        let (key, definition) = self
            .definition(num, styles)
            .ok_or("has no abstract numbering definition")?;
        let level_def = |i: usize| -> Option<&Level> {
            num.levels
                .get(i)
                .and_then(Option::as_ref)
                .or_else(|| definition.levels.get(i).and_then(Option::as_ref))
        };
        // A style's numbering without a level: the level linked to that style, else 0.
        let ilvl = match ilvl {
            Some(i) => level_index(Some(i)).ok_or("has a level outside 0–8")?,
            None => style
                .and_then(|s| {
                    (0..9).find(|&i| level_def(i).and_then(|l| l.style.as_deref()) == Some(s))
                })
                .unwrap_or(0),
        };
        let level = level_def(ilvl).ok_or("has no definition for the level")?;
        let start = |i: usize| -> i64 {
            num.start_override
                .get(i)
                .copied()
                .flatten()
                .or_else(|| level_def(i).and_then(|l| l.start))
                .unwrap_or(0)
        };
        let list = counters.lists.entry(key).or_insert([None; 9]);
        if num.start_override.get(ilvl).copied().flatten().is_some()
            && counters.overridden.insert((num_id, ilvl))
            && let Some(slot) = list.get_mut(ilvl)
        {
            *slot = None;
        }
        let value = match list.get(ilvl).copied().flatten() {
            Some(last) => last.saturating_add(1),
            None => start(ilvl),
        };
        if let Some(slot) = list.get_mut(ilvl) {
            *slot = Some(value);
        }
        // Deeper levels restart when this one advances, unless their w:lvlRestart says
        // otherwise (0: never; n: only when one of the levels 1..n advances).
        for (deeper, slot) in list.iter_mut().enumerate().skip(ilvl + 1) {
            let bound = level_def(deeper)
                .and_then(|l| l.restart)
                .unwrap_or(deeper as i64);
            if (ilvl as i64) < bound {
                *slot = None;
            }
        }
        let values: [i64; 9] = std::array::from_fn(|i| match list.get(i).copied().flatten() {
            Some(v) => v,
            None => start(i),
        });
        let template = level.text.as_deref().unwrap_or("");
        let mut label = String::new();
        let mut chars = template.chars().peekable();
        // Past the budget the text limit refuses the file anyway: stop rendering there.
        while let Some(c) = chars.next()
            && label.len() <= budget
        {
            let placeholder = match (c, chars.peek()) {
                ('%', Some(d)) if ('1'..='9').contains(d) => d.to_digit(10),
                _ => None,
            };
            match placeholder {
                Some(d) => {
                    chars.next();
                    let i = d as usize - 1;
                    let fmt = match level_def(i) {
                        Some(l) if level.legal && l.fmt != NumFmt::None => NumFmt::Decimal,
                        Some(l) => l.fmt,
                        None => NumFmt::None,
                    };
                    format_number(values.get(i).copied().unwrap_or(0), fmt, &mut label);
                }
                None if level.fmt == NumFmt::Bullet => {
                    label.push(symbol_char(c, level.font.as_deref()).unwrap_or('•'));
                }
                None => label.push(c),
            }
        }
        let label = label.trim_matches(is_space).to_owned();
        if label.is_empty() {
            return Ok(label);
        }
        Ok(match level.suffix {
            Suffix::Tab | Suffix::Space => label + " ",
            Suffix::Nothing => label,
        })
    }
}

/// The printed character of a symbol-font character (a bullet of Symbol or Wingdings),
/// `None` for one not known; characters of other fonts are themselves.
fn symbol_char(c: char, font: Option<&str>) -> Option<char> {
    let code = c as u32;
    let font = font.unwrap_or("").to_ascii_lowercase();
    let wingdings = font.contains("wingdings");
    let symbol = font.contains("symbol");
    let symbol_area = (0xF020..=0xF0FF).contains(&code);
    if !symbol_area && (code >= 0x100 || !(wingdings || symbol)) {
        return Some(c);
    }
    match (wingdings, code & 0xFF) {
        (false, 0xB7) => Some('•'),
        (true, 0x6C) => Some('●'),
        (true, 0x6E) => Some('■'),
        (true, 0x71) => Some('❑'),
        (true, 0x75) => Some('◆'),
        (true, 0x76) => Some('❖'),
        (true, 0xA7) => Some('▪'),
        (true, 0xD8) => Some('➢'),
        (true, 0xFC) => Some('✓'),
        _ => None,
    }
}

/// Writes a number in a numbering format.
fn format_number(n: i64, fmt: NumFmt, out: &mut String) {
    const CIRCLED: [char; 20] = [
        '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '⑪', '⑫', '⑬', '⑭', '⑮', '⑯', '⑰', '⑱',
        '⑲', '⑳',
    ];
    const HEAVENLY: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    const EARTHLY: [char; 12] = [
        '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
    ];
    const IDEOGRAPH_CIRCLED: [char; 10] =
        ['㈠', '㈡', '㈢', '㈣', '㈤', '㈥', '㈦', '㈧', '㈨', '㈩'];
    let nth = |table: &[char]| -> Option<char> {
        usize::try_from(n)
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| table.get(i))
            .copied()
    };
    let cyclic = |table: &[char]| -> Option<char> {
        (n >= 1)
            .then(|| table.get((n as usize - 1) % table.len()).copied())
            .flatten()
    };
    let enclosed = |base: u32| -> Option<char> {
        (1..=20)
            .contains(&n)
            .then(|| char::from_u32(base + n as u32 - 1))
            .flatten()
    };
    let one = match fmt {
        NumFmt::None => return,
        NumFmt::Decimal | NumFmt::Bullet => None,
        NumFmt::DecimalZero => {
            out.push_str(&format!("{n:02}"));
            return;
        }
        NumFmt::ZeroPadded(width) => {
            out.push_str(&format!("{n:0width$}"));
            return;
        }
        NumFmt::DecimalFullWidth => {
            for c in n.to_string().chars() {
                out.push(match c.to_digit(10) {
                    Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
                    None => c,
                });
            }
            return;
        }
        NumFmt::ChineseCounting => {
            if chinese(n, &LOWER, out) {
                return;
            }
            None
        }
        NumFmt::ChineseLegalSimplified => {
            if chinese(n, &LEGAL_SIMPLIFIED, out) {
                return;
            }
            None
        }
        NumFmt::ChineseLegalTraditional => {
            if chinese(n, &LEGAL_TRADITIONAL, out) {
                return;
            }
            None
        }
        NumFmt::IdeographTraditional => cyclic(&HEAVENLY),
        NumFmt::IdeographZodiac => cyclic(&EARTHLY),
        NumFmt::IdeographEnclosedCircle => nth(&IDEOGRAPH_CIRCLED),
        NumFmt::EnclosedCircle => nth(&CIRCLED),
        NumFmt::EnclosedFullstop => enclosed(0x2488),
        NumFmt::EnclosedParen => enclosed(0x2474),
        NumFmt::UpperLetter | NumFmt::LowerLetter => {
            if n >= 1 {
                let upper = fmt == NumFmt::UpperLetter;
                let letter = char::from(b'A' + ((n - 1) % 26) as u8);
                let letter = if upper {
                    letter
                } else {
                    letter.to_ascii_lowercase()
                };
                // Word repeats the letter: 27 is AA, 28 BB.
                let times = ((n - 1) / 26 + 1).min(1000);
                for _ in 0..times {
                    out.push(letter);
                }
                return;
            }
            None
        }
        NumFmt::UpperRoman | NumFmt::LowerRoman => {
            if (1..4000).contains(&n) {
                roman(n, fmt == NumFmt::LowerRoman, out);
                return;
            }
            None
        }
    };
    match one {
        Some(c) => out.push(c),
        None => out.push_str(&n.to_string()),
    }
}

/// Digits 0–9 and the units 十 百 千 万 亿 of a Chinese numeral style; whether 10–19
/// drop their leading 一 (一十 → 十).
struct ChineseStyle {
    zero: char,
    digits: [char; 10],
    units: [char; 3],
    big: [char; 2],
    short_ten: bool,
}

const LOWER: ChineseStyle = ChineseStyle {
    zero: '〇',
    digits: ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
    units: ['十', '百', '千'],
    big: ['万', '亿'],
    short_ten: true,
};

const LEGAL_SIMPLIFIED: ChineseStyle = ChineseStyle {
    zero: '零',
    digits: ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'],
    units: ['拾', '佰', '仟'],
    big: ['万', '亿'],
    short_ten: false,
};

const LEGAL_TRADITIONAL: ChineseStyle = ChineseStyle {
    zero: '零',
    digits: ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'],
    units: ['拾', '佰', '仟'],
    big: ['萬', '億'],
    short_ten: false,
};

/// Writes 0 ≤ n < 10¹² as a Chinese numeral (一百零一, 十一, 一万零一十); false (nothing
/// written) outside that range.
fn chinese(n: i64, style: &ChineseStyle, out: &mut String) -> bool {
    if !(0..1_000_000_000_000).contains(&n) {
        return false;
    }
    if n == 0 {
        out.push(style.zero);
        return true;
    }
    let groups = [
        (n / 100_000_000, Some(style.big[1])),
        (n / 10_000 % 10_000, Some(style.big[0])),
        (n % 10_000, None),
    ];
    let mut s = String::new();
    let mut started = false;
    let mut gap = false;
    for (group, unit) in groups {
        if group == 0 {
            gap |= started;
            continue;
        }
        if started && (gap || group < 1000) {
            s.push(style.digits[0]);
        }
        chinese_group(group, style, &mut s);
        if let Some(unit) = unit {
            s.push(unit);
        }
        started = true;
        gap = false;
    }
    let ten = [style.digits[1], style.units[0]];
    if style.short_ten && s.chars().take(2).eq(ten) {
        s.remove(0);
    }
    out.push_str(&s);
    true
}

/// 1 ≤ group ≤ 9999 within a Chinese numeral (its inner zeros written once).
fn chinese_group(group: i64, style: &ChineseStyle, s: &mut String) {
    let digits = [group / 1000, group / 100 % 10, group / 10 % 10, group % 10];
    let mut started = false;
    let mut zero = false;
    for (position, &d) in digits.iter().enumerate() {
        if d == 0 {
            zero |= started;
            continue;
        }
        if zero {
            s.push(style.digits[0]);
            zero = false;
        }
        s.push(style.digits[d as usize]);
        if let Some(unit) = style.units.get(2usize.wrapping_sub(position)) {
            s.push(*unit);
        }
        started = true;
    }
}

fn roman(mut n: i64, lower: bool, out: &mut String) {
    const TABLE: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    for (value, letters) in TABLE {
        while n >= value {
            if lower {
                out.push_str(&letters.to_ascii_lowercase());
            } else {
                out.push_str(letters);
            }
            n -= value;
        }
    }
}

// ---------------------------------------------------------------------------------------
// The document body
// ---------------------------------------------------------------------------------------

/// A finished paragraph or table row, on its way to what holds it.
enum Out {
    Para {
        index: u32,
        lines: Vec<String>,
    },
    Row {
        table: u32,
        row: u32,
        origin: u32,
        cells: Vec<String>,
    },
}

struct Para {
    index: u32,
    lines: Vec<String>,
    current: String,
    num_id: Option<i64>,
    ilvl: Option<i64>,
    style: Option<String>,
    label: Option<String>,
    /// The outermost paragraph of the chain this one is in (text boxes in paragraphs):
    /// its index in the frames. The paragraphs and rows inside that chain are held there
    /// and written after it, in document order.
    root: usize,
    deferred: Vec<Out>,
}

struct Row {
    cells: Vec<String>,
    first_para: Option<u32>,
    deleted: bool,
}

/// A table cell. The paragraphs of nested tables' cells go to the outermost cell: a
/// nested table is flattened into it.
struct Cell {
    parts: Vec<String>,
    continued: bool,
}

enum Frame {
    Body,
    Para(Para),
    /// `number` 0: a table nested in a cell, flattened into it.
    Table {
        number: u32,
        rows: u32,
    },
    Row(Row),
    Cell(Cell),
}

/// What an open element is to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Pushed a frame (w:p, w:tbl, w:tr, w:tc).
    Frame,
    PPr,
    NumPr,
    /// A run, and whether it hides its text (w:vanish).
    Run {
        hidden: bool,
    },
    RPr,
    Text,
    TrPr,
    TcPr,
    Other,
}

/// The extracted text being written.
struct Output {
    text: String,
    blocks: Vec<Block>,
    lines: u32,
}

impl Output {
    fn line(&mut self, line: &str, kind: BlockKind, origin: u32) {
        self.lines = self.lines.saturating_add(1);
        if !line.trim_matches(is_space).is_empty() {
            self.blocks.push(Block {
                line: self.lines,
                kind,
                origin: Origin::WordParagraph(origin),
            });
            self.text.push_str(line);
        }
        self.text.push('\n');
    }
}

struct Document<'a> {
    limits: &'a Limits,
    styles: &'a Styles,
    numbering: &'a Numbering,
    numbering_part: &'a str,
    counters: Counters,
    out: Output,
    warnings: Warnings,
    roles: Vec<Role>,
    frames: Vec<Frame>,
    /// Indices in `frames` of the open frames that take finished blocks (body,
    /// paragraphs, cells), innermost last.
    sinks: Vec<usize>,
    /// Indices in `frames` of the open rows, innermost last.
    rows: Vec<usize>,
    /// Indices in `frames` of the open cells, outermost first.
    cells: Vec<usize>,
    /// Open cells that continue a vertical merge: what is in them is not read.
    continued_open: usize,
    paragraphs: u32,
    tables: u32,
    /// Open fields: whether each is still in its instruction (before `separate`).
    fields: Vec<bool>,
    fields_beyond: usize,
    in_instruction: usize,
    /// Bytes of text produced, against `limits.max_text`.
    produced: usize,
    tracked_deletions: bool,
    alt_chunks: bool,
    unknown_nums: HashSet<i64>,
}

impl<'a> Document<'a> {
    fn new(
        limits: &'a Limits,
        styles: &'a Styles,
        numbering: &'a Numbering,
        numbering_part: &'a str,
    ) -> Self {
        Document {
            limits,
            styles,
            numbering,
            numbering_part,
            counters: Counters::default(),
            out: Output {
                text: String::new(),
                blocks: Vec::new(),
                lines: 0,
            },
            warnings: Warnings::default(),
            roles: Vec::new(),
            frames: vec![Frame::Body],
            sinks: vec![0],
            rows: Vec::new(),
            cells: Vec::new(),
            continued_open: 0,
            paragraphs: 0,
            tables: 0,
            fields: Vec::new(),
            fields_beyond: 0,
            in_instruction: 0,
            produced: 0,
            tracked_deletions: false,
            alt_chunks: false,
            unknown_nums: HashSet::new(),
        }
    }

    fn produce(&mut self, bytes: usize) -> Result<(), Failure> {
        self.produced = self.produced.saturating_add(bytes);
        if self.produced > self.limits.max_text {
            return Err(Failure::Hostile {
                message: format!(
                    "the extracted text is over {} bytes (limits.max_text)",
                    self.limits.max_text
                ),
            });
        }
        Ok(())
    }

    /// The paragraph text goes to: the innermost open paragraph, if it is the innermost
    /// sink (a run outside a paragraph is dropped).
    fn paragraph(&mut self) -> Option<&mut Para> {
        let at = *self.sinks.last()?;
        match self.frames.get_mut(at) {
            Some(Frame::Para(p)) => Some(p),
            _ => None,
        }
    }

    fn parent_role(&self) -> Option<Role> {
        self.roles.last().copied()
    }

    /// Whether the run holding the current element shows its text.
    fn run_visible(&self) -> bool {
        matches!(self.parent_role(), Some(Role::Run { hidden: false }))
            && self.in_instruction == 0
            && self.fields_beyond == 0
    }

    fn push_text(&mut self, text: &str) -> Result<(), Failure> {
        self.produce(text.len())?;
        if let Some(p) = self.paragraph() {
            // Control characters (C0, DEL, C1: their UTF-8 starts 0xC2) are rare.
            if text
                .bytes()
                .all(|b| (b >= 0x20 || b == b'\t') && b != 0x7F && b != 0xC2)
            {
                p.current.push_str(text);
            } else {
                for c in text.chars() {
                    // A line ends only where Word ends one: other line ends are spaces.
                    p.current
                        .push(if c.is_control() && c != '\t' { ' ' } else { c });
                }
            }
        }
        Ok(())
    }

    fn break_line(&mut self) {
        if let Some(p) = self.paragraph() {
            let line = std::mem::take(&mut p.current);
            p.lines.push(line);
        }
    }

    /// Renders the number of the innermost paragraph once its properties are read.
    fn number_paragraph(&mut self) -> Result<(), Failure> {
        let Some(at) = self.sinks.last().copied() else {
            return Ok(());
        };
        let Some(Frame::Para(p)) = self.frames.get(at) else {
            return Ok(());
        };
        if p.label.is_some() {
            return Ok(());
        }
        let (index, direct_num, direct_ilvl) = (p.index, p.num_id, p.ilvl);
        let style = p.style.clone();
        let (style_num, style_ilvl, found_in) = if direct_num.is_some() && direct_ilvl.is_some() {
            (None, None, None)
        } else {
            self.styles.numbering(style.as_deref())
        };
        let num_id = direct_num.or(style_num);
        let ilvl = direct_ilvl.or(style_ilvl);
        let label = match num_id {
            None | Some(0) => String::new(),
            Some(num_id) => {
                let linked_style = if direct_num.is_some() { None } else { found_in };
                match self.numbering.label(
                    self.styles,
                    &mut self.counters,
                    num_id,
                    ilvl,
                    linked_style.as_deref(),
                    self.limits.max_text.saturating_sub(self.produced),
                ) {
                    Ok(label) => label,
                    Err(why) => {
                        if self.unknown_nums.insert(num_id) {
                            self.warnings.push(format!(
                                "paragraph {index}: its numbering (numId {num_id}) {why} in {}; read without its number",
                                self.numbering_part
                            ));
                        }
                        String::new()
                    }
                }
            }
        };
        self.produce(label.len())?;
        if let Some(Frame::Para(p)) = self.frames.get_mut(at) {
            p.label = Some(label);
        }
        Ok(())
    }

    fn push_frame(&mut self, frame: Frame) {
        let at = self.frames.len();
        match &frame {
            Frame::Para(_) | Frame::Cell(_) => self.sinks.push(at),
            Frame::Row(_) => self.rows.push(at),
            _ => {}
        }
        if matches!(frame, Frame::Cell(_)) {
            self.cells.push(at);
        }
        self.frames.push(frame);
    }

    /// The root (see [`Para::root`]) of a paragraph opening now.
    fn paragraph_root(&self) -> usize {
        match self.sinks.last().and_then(|&at| self.frames.get(at)) {
            Some(Frame::Para(p)) => p.root,
            _ => self.frames.len(),
        }
    }

    fn start_paragraph(&mut self) {
        self.paragraphs = self.paragraphs.saturating_add(1);
        let index = self.paragraphs;
        // The first paragraph of a row (and of the rows it is nested in) gives its origin.
        for &r in self.rows.iter().rev() {
            match self.frames.get_mut(r) {
                Some(Frame::Row(row)) if row.first_para.is_none() => row.first_para = Some(index),
                _ => break,
            }
        }
        self.push_frame(Frame::Para(Para {
            index,
            lines: Vec::new(),
            current: String::new(),
            num_id: None,
            ilvl: None,
            style: None,
            label: None,
            root: self.paragraph_root(),
            deferred: Vec::new(),
        }));
    }

    /// Closes the innermost frame and hands what it made to the sink around it.
    fn end_frame(&mut self) -> Result<(), Failure> {
        if self.frames.len() <= 1 {
            return Ok(());
        }
        if matches!(self.frames.last(), Some(Frame::Para(_))) {
            self.number_paragraph()?;
        }
        let at = self.frames.len() - 1;
        if self.sinks.last() == Some(&at) {
            self.sinks.pop();
        }
        if self.rows.last() == Some(&at) {
            self.rows.pop();
        }
        let Some(frame) = self.frames.pop() else {
            return Ok(());
        };
        if self.cells.last() == Some(&at) {
            self.cells.pop();
        }
        match frame {
            Frame::Body => {}
            Frame::Para(mut p) => {
                p.lines.push(std::mem::take(&mut p.current));
                let label = p.label.take().unwrap_or_default();
                let mut lines: Vec<String> = p
                    .lines
                    .iter()
                    .map(|l| l.trim_matches(is_space).to_owned())
                    .collect();
                if let Some(first) = lines.first_mut()
                    && !label.is_empty()
                {
                    *first = format!("{label}{first}").trim_matches(is_space).to_owned();
                }
                self.deliver(Out::Para {
                    index: p.index,
                    lines,
                })?;
                // A root: what its text boxes held, in document order.
                let mut held = p.deferred;
                held.sort_by_key(|out| match out {
                    Out::Para { index, .. } => *index,
                    Out::Row { origin, .. } => *origin,
                });
                for out in held {
                    self.deliver(out)?;
                }
            }
            Frame::Table { .. } => {}
            Frame::Row(row) => {
                let number = match self.frames.last_mut() {
                    Some(Frame::Table { number, rows }) if !row.deleted => {
                        *rows = rows.saturating_add(1);
                        Some((*number, *rows))
                    }
                    _ => None,
                };
                // A nested table (number 0) is already in its outermost cell.
                if let Some((table, number)) = number.filter(|(table, _)| *table > 0) {
                    let origin = row.first_para.unwrap_or(self.paragraphs.max(1));
                    self.deliver(Out::Row {
                        table,
                        row: number,
                        origin,
                        cells: row.cells,
                    })?;
                }
            }
            Frame::Cell(cell) => {
                if cell.continued {
                    self.continued_open = self.continued_open.saturating_sub(1);
                }
                let text = if cell.continued {
                    String::new()
                } else {
                    cell.parts.join(" ").replace('\t', " ")
                };
                if let Some(Frame::Row(row)) = self.frames.last_mut() {
                    row.cells.push(text);
                }
            }
        }
        Ok(())
    }

    /// Hands a finished paragraph or row to the innermost sink: a paragraph holds it for
    /// the root of its chain, a cell gives it to the outermost open cell (unless a cell
    /// continuing a vertical merge is open), the body writes it.
    fn deliver(&mut self, out: Out) -> Result<(), Failure> {
        let mut at = self.sinks.last().copied().unwrap_or(0);
        match self.frames.get(at) {
            Some(Frame::Para(p)) => at = p.root,
            Some(Frame::Cell(_)) if self.continued_open > 0 => return Ok(()),
            Some(Frame::Cell(_)) => at = self.cells.first().copied().unwrap_or(at),
            _ => {}
        }
        match self.frames.get_mut(at) {
            Some(Frame::Para(p)) => p.deferred.push(out),
            Some(Frame::Cell(cell)) => match out {
                Out::Para { lines, .. } => {
                    cell.parts
                        .extend(lines.into_iter().filter(|l| !l.is_empty()));
                }
                Out::Row { cells, .. } => {
                    let cells = cells
                        .into_iter()
                        .map(|c| c.trim_matches(is_space).to_owned());
                    cell.parts.extend(cells.filter(|c| !c.is_empty()));
                }
            },
            _ => match out {
                Out::Para { index, lines } => {
                    for line in lines {
                        self.out.line(&line, BlockKind::Paragraph, index);
                    }
                }
                Out::Row {
                    table,
                    row,
                    origin,
                    cells,
                } => {
                    let cells: Vec<String> = cells
                        .iter()
                        .map(|c| c.trim_matches(is_space).to_owned())
                        .collect();
                    let line = if cells.iter().all(String::is_empty) {
                        String::new()
                    } else {
                        cells.join("\t")
                    };
                    let kind = if table == 0 {
                        BlockKind::Paragraph
                    } else {
                        BlockKind::Row { table, row }
                    };
                    self.out.line(&line, kind, origin);
                }
            },
        }
        Ok(())
    }

    fn field_char(&mut self, e: &BytesStart) {
        match attr(e, b"fldCharType").as_deref() {
            Some("begin") => {
                if self.fields.len() < MAX_FIELDS {
                    self.fields.push(true);
                    self.in_instruction += 1;
                } else {
                    self.fields_beyond += 1;
                }
            }
            Some("separate") => {
                if self.fields_beyond == 0
                    && let Some(open) = self.fields.last_mut()
                    && *open
                {
                    *open = false;
                    self.in_instruction = self.in_instruction.saturating_sub(1);
                }
            }
            Some("end") => {
                if self.fields_beyond > 0 {
                    self.fields_beyond -= 1;
                } else if self.fields.pop() == Some(true) {
                    self.in_instruction = self.in_instruction.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    fn symbol(&mut self, e: &BytesStart) -> Result<(), Failure> {
        let code = attr(e, b"char").and_then(|c| u32::from_str_radix(c.trim(), 16).ok());
        let font = attr(e, b"font");
        let c = code
            .and_then(char::from_u32)
            .and_then(|c| symbol_char(c, font.as_deref()));
        match c {
            Some(c) if !c.is_control() => self.push_text(c.encode_utf8(&mut [0; 4])),
            _ => {
                let index = self.paragraph().map_or(0, |p| p.index);
                self.warnings.push(format!(
                    "paragraph {index}: a symbol-font character ({} {}) was left out",
                    font.as_deref().unwrap_or("no font"),
                    code.map_or_else(|| "no code".to_owned(), |c| format!("{c:04X}")),
                ));
                Ok(())
            }
        }
    }
}

impl Document<'_> {
    /// What an opening element is; `None` to skip it and what it holds.
    fn start_element(
        &mut self,
        ns: Ns,
        local: &[u8],
        e: &BytesStart,
    ) -> Result<Option<Role>, Failure> {
        let parent = self.parent_role();
        let in_properties = matches!(
            parent,
            Some(Role::PPr | Role::NumPr | Role::RPr | Role::TrPr | Role::TcPr | Role::Text)
        );
        if ns != Ns::W {
            // Drawings, VML shapes, math: read through, for the text boxes they hold.
            return Ok((!in_properties).then_some(Role::Other));
        }
        if in_properties {
            self.property(parent, local, e);
            return Ok((parent == Some(Role::PPr) && local == b"numPr").then_some(Role::NumPr));
        }
        let top_frame = |d: &Self| match d.frames.last() {
            Some(Frame::Para(_)) => 1,
            Some(Frame::Table { .. }) => 2,
            Some(Frame::Row(_)) => 3,
            Some(Frame::Cell(_)) => 4,
            _ => 0,
        };
        let in_frame = |d: &Self, kind| parent == Some(Role::Frame) && top_frame(d) == kind;
        // A paragraph's number is rendered before anything in it but its properties.
        if in_frame(self, 1) && local != b"pPr" {
            self.number_paragraph()?;
        }
        let in_run = matches!(parent, Some(Role::Run { .. }));
        let visible = in_run && self.run_visible();
        Ok(match local {
            b"p" => {
                self.start_paragraph();
                Some(Role::Frame)
            }
            b"pPr" => in_frame(self, 1).then_some(Role::PPr),
            b"r" => Some(Role::Run { hidden: false }),
            b"rPr" => in_run.then_some(Role::RPr),
            b"t" => in_run.then_some(Role::Text),
            b"tab" | b"ptab" => {
                if visible {
                    self.push_text("\t")?;
                }
                None
            }
            b"br" | b"cr" => {
                if visible {
                    self.break_line();
                }
                None
            }
            b"noBreakHyphen" => {
                if visible {
                    self.push_text("-")?;
                }
                None
            }
            b"sym" => {
                if visible {
                    self.symbol(e)?;
                }
                None
            }
            b"fldChar" => {
                if in_run {
                    self.field_char(e);
                }
                None
            }
            b"del" | b"moveFrom" => {
                self.tracked_deletions = true;
                None
            }
            b"altChunk" => {
                self.alt_chunks = true;
                None
            }
            b"tbl" => {
                let number = if self.cells.is_empty() {
                    self.tables = self.tables.saturating_add(1);
                    self.tables
                } else {
                    0
                };
                self.push_frame(Frame::Table { number, rows: 0 });
                Some(Role::Frame)
            }
            b"tr" if top_frame(self) == 2 => {
                self.push_frame(Frame::Row(Row {
                    cells: Vec::new(),
                    first_para: None,
                    deleted: false,
                }));
                Some(Role::Frame)
            }
            b"tc" if top_frame(self) == 3 => {
                self.push_frame(Frame::Cell(Cell {
                    parts: Vec::new(),
                    continued: false,
                }));
                Some(Role::Frame)
            }
            b"trPr" => in_frame(self, 3).then_some(Role::TrPr),
            b"tcPr" => in_frame(self, 4).then_some(Role::TcPr),
            // Properties, revisions' old properties, field data, deleted and instruction
            // text, ruby annotations: nothing printed in the body's text.
            b"softHyphen"
            | b"delText"
            | b"instrText"
            | b"delInstrText"
            | b"rt"
            | b"tblPr"
            | b"tblGrid"
            | b"tblPrEx"
            | b"sectPr"
            | b"sdtPr"
            | b"sdtEndPr"
            | b"customXmlPr"
            | b"smartTagPr"
            | b"fldData"
            | b"pPrChange"
            | b"rPrChange"
            | b"tblPrChange"
            | b"trPrChange"
            | b"tcPrChange"
            | b"tblGridChange"
            | b"numberingChange"
            | b"footnoteReference"
            | b"endnoteReference"
            | b"commentReference"
            | b"annotationRef"
            | b"footnoteRef"
            | b"endnoteRef"
            | b"separator"
            | b"continuationSeparator"
            | b"lastRenderedPageBreak"
            | b"background" => None,
            _ => Some(Role::Other),
        })
    }

    /// A property of a paragraph, run, row or cell.
    fn property(&mut self, parent: Option<Role>, local: &[u8], e: &BytesStart) {
        match (parent, local) {
            (Some(Role::PPr), b"pStyle") => {
                let style = attr(e, b"val");
                if let Some(p) = self.paragraph() {
                    p.style = style;
                }
            }
            (Some(Role::NumPr), b"numId" | b"ilvl") => {
                let value = int_attr(e, b"val");
                if let Some(p) = self.paragraph() {
                    if local == b"numId" {
                        p.num_id = value;
                    } else {
                        p.ilvl = value;
                    }
                }
            }
            (Some(Role::RPr), b"vanish") => {
                if on(e)
                    && let Some(i) = self.roles.len().checked_sub(2)
                    && let Some(Role::Run { hidden }) = self.roles.get_mut(i)
                {
                    *hidden = true;
                }
            }
            (Some(Role::TrPr), b"del") => {
                self.tracked_deletions = true;
                if let Some(Frame::Row(row)) = self.frames.last_mut() {
                    row.deleted = true;
                }
            }
            (Some(Role::TcPr), b"vMerge") => {
                let restart = attr(e, b"val").is_some_and(|v| v.trim() == "restart");
                if let Some(Frame::Cell(cell)) = self.frames.last_mut()
                    && !restart
                    && !cell.continued
                {
                    cell.continued = true;
                    self.continued_open += 1;
                }
            }
            _ => {}
        }
    }
}

impl Handler for Document<'_> {
    fn start(&mut self, ns: Ns, local: &[u8], e: &BytesStart) -> Result<Flow, Failure> {
        Ok(match self.start_element(ns, local, e)? {
            Some(role) => {
                self.roles.push(role);
                Flow::Enter
            }
            None => Flow::Skip,
        })
    }

    fn end(&mut self, _ns: Ns, _local: &[u8]) -> Result<(), Failure> {
        match self.roles.pop() {
            Some(Role::Frame) => self.end_frame(),
            Some(Role::PPr) => self.number_paragraph(),
            _ => Ok(()),
        }
    }

    fn text(&mut self, text: &str) -> Result<(), Failure> {
        if self.parent_role() == Some(Role::Text) {
            let visible = matches!(
                self.roles
                    .len()
                    .checked_sub(2)
                    .and_then(|i| self.roles.get(i)),
                Some(Role::Run { hidden: false })
            ) && self.in_instruction == 0
                && self.fields_beyond == 0;
            if visible {
                self.push_text(text)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::path::PathBuf;
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    const NAMESPACES: &str = concat!(
        r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
        r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
        r#"xmlns:v="urn:schemas-microsoft-com:vml""#
    );

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/formats/docx")
            .join(name)
    }

    fn read_fixture(name: &str) -> Extracted {
        let bytes = std::fs::read(fixture(name)).unwrap();
        read(&bytes, &Limits::default()).unwrap()
    }

    /// The non-blank lines of a text, trimmed.
    fn trimmed_lines(text: &str) -> Vec<String> {
        text.split('\n')
            .map(|l| l.trim_matches(is_space))
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The lines of the blocks, as the extracted text has them.
    fn block_lines(x: &Extracted) -> Vec<&str> {
        let lines: Vec<&str> = x.text.split('\n').collect();
        x.blocks
            .iter()
            .map(|b| lines[b.line as usize - 1])
            .collect()
    }

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, data) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>{inner}</w:body></w:document>"#
        )
    }

    fn numbering_xml(inner: &str) -> String {
        format!(r#"<w:numbering {NAMESPACES}>{inner}</w:numbering>"#)
    }

    fn styles_xml(inner: &str) -> String {
        format!(r#"<w:styles {NAMESPACES}>{inner}</w:styles>"#)
    }

    /// A package of a body, and a numbering and a styles part if given (no relationships:
    /// the default part names are used).
    fn docx(inner: &str, numbering: &str, styles: &str) -> Vec<u8> {
        let document = body(inner);
        let numbering = numbering_xml(numbering);
        let styles = styles_xml(styles);
        zip_of(&[
            ("word/document.xml", document.as_bytes()),
            ("word/numbering.xml", numbering.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
        ])
    }

    fn read_body(inner: &str) -> Extracted {
        read(&docx(inner, "", ""), &Limits::default()).unwrap()
    }

    fn p(text: &str) -> String {
        format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    fn numbered(num_id: u32, ilvl: u32, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    fn level(ilvl: u32, fmt: &str, text: &str, extra: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>"#
        )
    }

    fn failure(bytes: &[u8], limits: &Limits) -> Failure {
        read(bytes, limits).unwrap_err().failure
    }

    // --- fixtures -------------------------------------------------------------------------

    /// The reference list, one paragraph per line and its annex as a real 4×4 table, gives
    /// the .txt's non-blank trimmed lines; the one difference: the annex's cells, one per
    /// line in the .txt (each after a tab, rows between blank lines), are 4 Row blocks
    /// whose cells are joined by tabs.
    #[test]
    fn reference_list_reads_back_line_for_line() {
        let x = read_fixture("weidu-2022-draft.docx");
        let txt = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/weidu-2022-draft.txt"),
        )
        .unwrap();
        let raw: Vec<&str> = txt.split('\n').collect();
        let annex = raw.iter().position(|l| l.starts_with('\t')).unwrap();
        let paragraphs = trimmed_lines(&raw[..annex].join("\n"));
        let mut rows: Vec<Vec<String>> = vec![Vec::new()];
        for line in &raw[annex..] {
            match line.trim_matches(is_space) {
                "" => rows.push(Vec::new()),
                cell => rows.last_mut().unwrap().push(cell.to_owned()),
            }
        }
        rows.retain(|r| !r.is_empty());
        assert_eq!(rows.len(), 4);
        assert_eq!(paragraphs.len() + 16, trimmed_lines(&txt).len());

        let got = block_lines(&x);
        assert_eq!(got.len(), paragraphs.len() + 4);
        for (i, want) in paragraphs.iter().enumerate() {
            assert_eq!(got[i], want, "block {i}");
            assert_eq!(x.blocks[i].kind, BlockKind::Paragraph);
        }
        for (r, cells) in rows.iter().enumerate() {
            let block = &x.blocks[paragraphs.len() + r];
            assert_eq!(
                block.kind,
                BlockKind::Row {
                    table: 1,
                    row: r as u32 + 1
                }
            );
            assert_eq!(got[paragraphs.len() + r], cells.join("\t"));
        }
        assert_eq!(
            got[paragraphs.len()],
            "类别\t安全生产职责\t具体部门\t部门数量"
        );
        // One w:p per line of the .txt before the annex: the origins are the line numbers.
        for (i, block) in x.blocks.iter().take(3).enumerate() {
            assert_eq!(block.origin, Origin::WordParagraph([1, 2, 4][i]));
        }
        assert_eq!(
            x.blocks[paragraphs.len()].origin,
            Origin::WordParagraph(annex as u32 + 1)
        );
        assert_eq!(x.format, Format::Docx);
        assert_eq!(x.encoding, None);
        assert!(x.warnings.is_empty(), "{:?}", x.warnings);
        // The blocks are exactly the non-blank lines of the text.
        let lines: Vec<u32> = Extracted::line_blocks(&x.text)
            .iter()
            .map(|b| b.line)
            .collect();
        assert_eq!(lines, x.blocks.iter().map(|b| b.line).collect::<Vec<_>>());
    }

    /// 一、 and (一) are Word's automatic numbering (chineseCounting, "%1、" and "(%2)",
    /// nothing after them), rendered as the excerpt prints them, (一) restarting under
    /// each 一、.
    #[test]
    fn automatic_numbering_is_printed_as_the_excerpt() {
        let x = read_fixture("jinan-liuan-2024-sectors.docx");
        let txt = std::fs::read_to_string(fixture("jinan-liuan-2024-sectors.txt")).unwrap();
        assert_eq!(block_lines(&x), trimmed_lines(&txt));
        let got = block_lines(&x);
        assert_eq!(got[7], "一、剧本娱乐经营场所");
        assert_eq!(
            got[11],
            "(四)区消防救援大队负责开展剧本娱乐经营场所消防监督检查工作。"
        );
        assert_eq!(got[12], "二、平台经济");
        assert_eq!(
            got[13],
            "(一)区市场监管局按职责分工做好辖区内电商等平台企业有关监管工作。"
        );
        assert_eq!(got[18], "三、新能源汽车");
        assert_eq!(x.blocks[18].origin, Origin::WordParagraph(19));
        // The numbers are not in the file's text: they come from numbering.xml.
        let bytes = std::fs::read(fixture("jinan-liuan-2024-sectors.docx")).unwrap();
        let mut zip = ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
        let mut document = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut document)
            .unwrap();
        assert!(!document.contains("(一)") && !document.contains("一、"));
    }

    /// The same through paragraph styles: 一、 from a style whose level is linked by
    /// w:lvl/w:pStyle, (一) from the style its style is based on.
    #[test]
    fn numbering_through_paragraph_styles() {
        let x = read_fixture("yantian-2005-rules.docx");
        let txt = std::fs::read_to_string(fixture("yantian-2005-rules.txt")).unwrap();
        assert_eq!(block_lines(&x), trimmed_lines(&txt));
        assert_eq!(block_lines(&x)[4], "一、各街道办事处");
        assert!(block_lines(&x)[12].starts_with("(八)对报告重大事故隐患"));
    }

    /// The duty table is a real Word table: the title row merged across the three columns
    /// is one cell, read once; header and seven rows; the legal basis after it stays
    /// paragraphs.
    #[test]
    fn duty_table_gives_rows() {
        let x = read_fixture("shijiazhuang-2024-table.docx");
        let txt = std::fs::read_to_string(fixture("shijiazhuang-2024-table.txt")).unwrap();
        let want: Vec<String> = txt.lines().collect::<Vec<_>>()[1..9]
            .iter()
            .map(|l| l.splitn(3, ' ').collect::<Vec<_>>().join("\t"))
            .collect();
        let got = block_lines(&x);
        assert_eq!(got[0], "烟花爆竹安全监管");
        assert_eq!(got[1], "序号\t涉及部门\t职责分工");
        assert_eq!(&got[1..9], &want[..]);
        assert_eq!(got[2].split('\t').collect::<Vec<_>>()[1], "市公安局");
        assert_eq!(got[8].split('\t').collect::<Vec<_>>()[..2], ["7", "其他"]);
        for (i, block) in x.blocks.iter().take(9).enumerate() {
            let row = i as u32 + 1;
            assert_eq!(block.kind, BlockKind::Row { table: 1, row });
            // The title row has one paragraph, the others three (one per cell).
            let first = if row == 1 { 1 } else { 2 + 3 * (row - 2) };
            assert_eq!(block.origin, Origin::WordParagraph(first));
        }
        assert_eq!(
            &got[9..],
            &[
                "相关依据:",
                "1.《烟花爆竹安全管理条例》(国务院令第455号)",
                "2.《关于进一步明确民用爆炸物品安全监管部门职责分工的通知》(中央编办发〔2005〕6号)",
                "3.市公安局“三定”规定",
                "4.市应急管理局“三定”规定"
            ]
        );
        assert!(x.blocks[9..].iter().all(|b| b.kind == BlockKind::Paragraph));
    }

    // --- hostile and broken files ---------------------------------------------------------

    /// A raw deflate stream of `1 + 258 * runs` zero bytes, written by hand with the fixed
    /// Huffman codes (13 bits per 258 bytes): a bomb built in no time, whatever the build.
    fn deflated_zeros(runs: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let (mut acc, mut bits) = (0u64, 0u32);
        let mut put = |value: u32, len: u32, huffman: bool| {
            let value = if huffman {
                value.reverse_bits() >> (32 - len)
            } else {
                value
            };
            acc |= u64::from(value) << bits;
            bits += len;
            while bits >= 8 {
                out.push(acc as u8);
                acc >>= 8;
                bits -= 8;
            }
        };
        put(1, 1, false); // the last block
        put(1, 2, false); // fixed Huffman codes
        put(0x30, 8, true); // the literal 0
        for _ in 0..runs {
            put(0xC5, 8, true); // length 258 (symbol 285)
            put(0, 5, true); // distance 1
        }
        put(0, 7, true); // end of block
        put(0, 7, false); // flush the last bits
        out
    }

    /// A zip of one deflated entry, its uncompressed size declared as `declared`.
    fn zip_of_deflated(name: &str, deflated: &[u8], declared: u32) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        zip.start_file(name, options).unwrap();
        zip.write_all(deflated).unwrap();
        let mut bytes = zip.finish().unwrap().into_inner();
        // Mark the stored bytes as deflated, in the local and the central header.
        let central = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        for (method, size) in [(8, 22), (central + 10, central + 24)] {
            bytes[method..method + 2].copy_from_slice(&8u16.to_le_bytes());
            bytes[size..size + 4].copy_from_slice(&declared.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn zip_bomb_is_refused_at_the_unpacked_limit() {
        // One entry of 300 MB of zeros in 2 MB, its size declared truly.
        let runs = (300 << 20) / 258;
        let deflated = deflated_zeros(runs);
        let bomb = zip_of_deflated("word/document.xml", &deflated, 1 + 258 * runs as u32);
        assert!(bomb.len() < 2_100_000, "{}", bomb.len());
        let limits = Limits {
            max_unpacked: 8 << 20,
            ..Limits::default()
        };
        let refused = Failure::Hostile {
            message: "the parts read unpack to more than 8388608 bytes (limits.max_unpacked): a zip bomb?"
                .to_owned(),
        };
        let started = std::time::Instant::now();
        assert_eq!(failure(&bomb, &limits), refused);
        // Its size declared as 1,000 bytes: the zip crate stops at the declared size and
        // refuses the entry (the limit would stop it otherwise: no size is trusted).
        let liar = zip_of_deflated("word/document.xml", &deflated, 1000);
        assert_eq!(
            failure(&liar, &limits),
            corrupt(
                "cannot unpack word/document.xml: File is larger than its declared uncompressed size"
                    .to_owned()
            )
        );
        assert!(started.elapsed().as_secs() < 10);
        // The stream is sound: with room enough, it unpacks to its 300 MB of zeros.
        let small = zip_of_deflated("word/document.xml", &deflated_zeros(10), 2581);
        let mut zip = ZipArchive::new(Cursor::new(small.as_slice())).unwrap();
        let mut unpacked = Vec::new();
        let _ = zip.by_index(0).unwrap().read_to_end(&mut unpacked);
        assert_eq!(unpacked, vec![0u8; 2581]);
    }

    #[test]
    fn parts_together_count_against_the_unpacked_limit() {
        // Each part is under the limit, the document and styles together are not.
        let big = format!("<w:styles {NAMESPACES}>{}</w:styles>", " ".repeat(600_000));
        let document = body(&p(&"字".repeat(100_000)));
        let bytes = zip_of(&[
            ("word/document.xml", document.as_bytes()),
            ("word/styles.xml", big.as_bytes()),
        ]);
        let limits = Limits {
            max_unpacked: 800_000,
            ..Limits::default()
        };
        assert!(
            matches!(failure(&bytes, &limits), Failure::Hostile { message } if message.contains("limits.max_unpacked"))
        );
        assert!(read(&bytes, &Limits::default()).is_ok());
    }

    #[test]
    fn too_many_entries_are_refused() {
        let document = body(&p("正文"));
        let mut parts: Vec<(String, Vec<u8>)> = (0..10)
            .map(|i| (format!("word/media/image{i}.png"), vec![0u8; 4]))
            .collect();
        parts.push(("word/document.xml".to_owned(), document.into_bytes()));
        let parts: Vec<(&str, &[u8])> = parts
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        let bytes = zip_of(&parts);
        let limits = Limits {
            max_entries: 10,
            ..Limits::default()
        };
        assert_eq!(
            failure(&bytes, &limits),
            Failure::Hostile {
                message:
                    "the zip package has 11 entries, over the limit of 10 (limits.max_entries)"
                        .to_owned()
            }
        );
        let limits = Limits {
            max_entries: 11,
            ..Limits::default()
        };
        assert_eq!(block_lines(&read(&bytes, &limits).unwrap()), ["正文"]);
    }

    #[test]
    fn deep_xml_is_refused() {
        let deep = |n: usize| {
            format!(
                "{}{}{}",
                "<w:sdt><w:sdtContent>".repeat(n),
                p("深"),
                "</w:sdtContent></w:sdt>".repeat(n)
            )
        };
        let limits = Limits {
            max_depth: 64,
            ..Limits::default()
        };
        // document, body, 2 per w:sdt, p, r, t: 30 levels of w:sdt are 65 deep.
        assert_eq!(
            failure(&docx(&deep(30), "", ""), &limits),
            Failure::Hostile {
                message:
                    "word/document.xml nests elements deeper than 64 levels (limits.max_depth)"
                        .to_owned()
            }
        );
        assert_eq!(
            block_lines(&read(&docx(&deep(29), "", ""), &limits).unwrap()),
            ["深"]
        );
        // Far deeper than any stack could recurse, with the default limits: refused at once.
        let deeper = format!("{}{}", "<w:tbl><w:tr><w:tc>".repeat(200_000), p("x"));
        assert!(matches!(
            failure(&docx(&deeper, "", ""), &Limits::default()),
            Failure::Hostile { message } if message.contains("limits.max_depth")
        ));
        // The styles and numbering parts are held to the same limit.
        let deep_styles = format!("{}{}", "<w:style>".repeat(100), "</w:style>".repeat(100));
        assert!(matches!(
            failure(&docx(&p("x"), "", &deep_styles), &limits),
            Failure::Hostile { message } if message.starts_with("word/styles.xml nests")
        ));
    }

    /// Deep chains of paragraphs in paragraphs (text boxes) and of tables in cells, with
    /// many paragraphs at the bottom: each paragraph is handed on once, not once a level.
    #[test]
    fn deep_nesting_costs_no_more_per_level() {
        let started = std::time::Instant::now();
        let many = p("字").repeat(30_000);
        let chain = format!("{}{many}{}", "<w:p>".repeat(400), "</w:p>".repeat(400));
        let x = read(&docx(&chain, "", ""), &Limits::default()).unwrap();
        assert_eq!(x.blocks.len(), 30_000);
        assert_eq!(x.blocks[0].origin, Origin::WordParagraph(401));
        let tables = format!(
            "{}{many}{}",
            "<w:tbl><w:tr><w:tc>".repeat(160),
            "</w:tc></w:tr></w:tbl>".repeat(160)
        );
        let x = read(&docx(&tables, "", ""), &Limits::default()).unwrap();
        assert_eq!(x.blocks.len(), 1);
        assert_eq!(x.blocks[0].kind, BlockKind::Row { table: 1, row: 1 });
        assert_eq!(x.text.len(), "字 ".len() * 30_000);
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    #[test]
    fn extracted_text_is_capped() {
        // A numbering label of 10 KB printed before each of 100 paragraphs.
        let label = "%1".repeat(5_000);
        let numbering = format!(
            r#"<w:abstractNum w:abstractNumId="1">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#,
            level(0, "decimal", &label, "")
        );
        let paragraphs = numbered(1, 0, "x").repeat(100);
        let limits = Limits {
            max_text: 100_000,
            ..Limits::default()
        };
        assert_eq!(
            failure(&docx(&paragraphs, &numbering, ""), &limits),
            Failure::Hostile {
                message: "the extracted text is over 100000 bytes (limits.max_text)".to_owned()
            }
        );
    }

    #[test]
    fn garbage_and_broken_packages_are_corrupt() {
        let corrupt_message = |bytes: &[u8]| match failure(bytes, &Limits::default()) {
            Failure::Corrupt { format, message } => {
                assert_eq!(format, "docx");
                message
            }
            other => panic!("{other:?}"),
        };
        let garbage: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(corrupt_message(&garbage).starts_with("not a zip archive"));
        assert!(corrupt_message(b"PK\x03\x04 not really").starts_with("not a zip archive"));
        assert!(corrupt_message(b"").starts_with("not a zip archive"));
        // A zip without a document part.
        let other = zip_of(&[("xl/workbook.xml", b"<workbook/>")]);
        assert_eq!(
            corrupt_message(&other),
            "the package has no main document part (word/document.xml): not a Word document, or a damaged one"
        );
        // Truncated and ill-formed XML.
        let whole = body(&p("半"));
        let cut = whole.find("</w:r>").unwrap();
        let truncated = zip_of(&[("word/document.xml", &whole.as_bytes()[..cut])]);
        let m = corrupt_message(&truncated);
        assert!(m.starts_with("word/document.xml ends before"), "{m}");
        let mismatched = zip_of(&[("word/document.xml", body("<w:p><w:r></w:p>").as_bytes())]);
        assert!(
            corrupt_message(&mismatched).starts_with("word/document.xml is not well-formed XML")
        );
        let latin1 = zip_of(&[("word/document.xml", b"<w:document>caf\xe9</w:document>")]);
        assert!(corrupt_message(&latin1).starts_with("word/document.xml is not valid UTF-8"));
        // A damaged numbering part is left out with a warning, not a failure.
        let x = read(
            &zip_of(&[
                ("word/document.xml", body(&p("仍可读")).as_bytes()),
                ("word/numbering.xml", b"<w:numbering><w:num></w:numbering>"),
            ]),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(block_lines(&x), ["仍可读"]);
        assert!(
            x.warnings[0].starts_with("word/numbering.xml was left out"),
            "{:?}",
            x.warnings
        );
    }

    /// Mutated packages and XML never panic (a small, fixed-seed stand-in for the fuzzer).
    #[test]
    fn mutations_never_panic() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let numbering = std::fs::read(fixture("jinan-liuan-2024-sectors.docx")).unwrap();
        let mut zip = ZipArchive::new(Cursor::new(numbering.as_slice())).unwrap();
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            parts.push((entry.name().unwrap().into_owned(), data));
        }
        let limits = Limits {
            max_depth: 40,
            ..Limits::default()
        };
        // DOCX_MUTATION_ROUNDS=100000 cargo test --release mutations: a longer run.
        let rounds = std::env::var("DOCX_MUTATION_ROUNDS").map_or(300, |r| r.parse().unwrap());
        for round in 0..rounds {
            let mut mutated = parts.clone();
            for _ in 0..1 + next() % 4 {
                let part = &mut mutated[(next() % 6) as usize % parts.len()].1;
                if part.is_empty() {
                    continue;
                }
                let at = (next() as usize) % part.len();
                let len = ((next() % 64) as usize).min(part.len() - at);
                match next() % 4 {
                    0 => {
                        part.drain(at..at + len);
                    }
                    1 => {
                        let copy = part[at..at + len].to_vec();
                        let to = (next() as usize) % part.len();
                        part.splice(to..to, copy.iter().copied().cycle().take(len * 8));
                    }
                    2 => part[at] = next() as u8,
                    _ => {
                        let tag: &[u8] = [
                            &b"<w:p>"[..],
                            b"</w:tc>",
                            b"<w:tr>",
                            b"<w:br/>",
                            b"<w:numPr>",
                        ][(next() % 5) as usize];
                        part.splice(at..at, tag.iter().copied());
                    }
                }
            }
            let refs: Vec<(&str, &[u8])> = mutated
                .iter()
                .map(|(n, d)| (n.as_str(), d.as_slice()))
                .collect();
            let _ = read(&zip_of(&refs), &limits);
            // And the zip's own bytes, flipped.
            let mut bytes = numbering.clone();
            let at = (next() as usize) % bytes.len();
            bytes[at] ^= 1 << (round % 8);
            let _ = read(&bytes, &limits);
        }
    }

    /// Random well-formed documents of the elements the reader knows, with random
    /// numbering and styles: never a panic, and the blocks always match the text.
    #[test]
    fn random_documents_never_panic() {
        const DOCUMENT: [&str; 26] = [
            "w:p",
            "w:r",
            "w:t",
            "w:tbl",
            "w:tr",
            "w:tc",
            "w:tcPr",
            "w:pPr",
            "w:numPr",
            "w:rPr",
            "w:txbxContent",
            "mc:AlternateContent",
            "mc:Choice",
            "mc:Fallback",
            "w:del",
            "w:ins",
            "w:sdt",
            "w:sdtContent",
            "w:trPr",
            "w:hyperlink",
            "w:fldSimple",
            "w:ruby",
            "w:rt",
            "w:drawing",
            "w:tblPr",
            "w:smartTag",
        ];
        const EMPTY: [&str; 16] = [
            r#"<w:br/>"#,
            r#"<w:tab/>"#,
            r#"<w:vMerge/>"#,
            r#"<w:vMerge w:val="restart"/>"#,
            r#"<w:gridSpan w:val="2"/>"#,
            r#"<w:numId w:val="1"/>"#,
            r#"<w:ilvl w:val="1"/>"#,
            r#"<w:pStyle w:val="S1"/>"#,
            r#"<w:fldChar w:fldCharType="begin"/>"#,
            r#"<w:fldChar w:fldCharType="separate"/>"#,
            r#"<w:fldChar w:fldCharType="end"/>"#,
            r#"<w:vanish/>"#,
            r#"<w:sym w:font="Wingdings" w:char="F0FC"/>"#,
            r#"<w:del/>"#,
            "文字\t",
            r#"<w:noBreakHyphen/>"#,
        ];
        const NUMBERING: [&str; 8] = [
            r#"<w:abstractNum w:abstractNumId="1">"#,
            r#"<w:lvl w:ilvl="1">"#,
            r#"<w:lvl w:ilvl="0">"#,
            r#"<w:num w:numId="1">"#,
            r#"<w:lvlOverride w:ilvl="0">"#,
            r#"<w:num w:numId="2">"#,
            r#"<w:abstractNum w:abstractNumId="2">"#,
            r#"<w:rPr>"#,
        ];
        const NUMBERING_EMPTY: [&str; 10] = [
            r#"<w:abstractNumId w:val="1"/>"#,
            r#"<w:abstractNumId w:val="2"/>"#,
            r#"<w:start w:val="0"/>"#,
            r#"<w:numFmt w:val="chineseCounting"/>"#,
            r#"<w:lvlText w:val="%1.%2、%9%"/>"#,
            r#"<w:lvlRestart w:val="0"/>"#,
            r#"<w:startOverride w:val="-5"/>"#,
            r#"<w:numStyleLink w:val="S1"/>"#,
            r#"<w:numFmt w:val="bullet"/>"#,
            r#"<w:suff w:val="space"/>"#,
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut tree = |open: &[&str], empty: &[&str], size: usize| {
            let mut out = String::new();
            let mut stack: Vec<&str> = Vec::new();
            for _ in 0..size {
                match next(3) {
                    0 if stack.len() < 30 => {
                        let tag = open[next(open.len())];
                        out.push_str(
                            tag.strip_suffix('>')
                                .map_or_else(|| format!("<{tag}>"), |t| format!("{t}>"))
                                .as_str(),
                        );
                        let name = tag
                            .trim_start_matches('<')
                            .split([' ', '>'])
                            .next()
                            .unwrap_or(tag);
                        stack.push(name);
                    }
                    1 => out.push_str(empty[next(empty.len())]),
                    _ => {
                        if let Some(name) = stack.pop() {
                            out.push_str(&format!("</{name}>"));
                        }
                    }
                }
            }
            while let Some(name) = stack.pop() {
                out.push_str(&format!("</{name}>"));
            }
            out
        };
        // DOCX_RANDOM_ROUNDS=200000 cargo test --release random_documents: a longer run.
        let rounds = std::env::var("DOCX_RANDOM_ROUNDS").map_or(400, |r| r.parse().unwrap());
        for _ in 0..rounds {
            let document = tree(&DOCUMENT, &EMPTY, 120);
            let numbering = tree(&NUMBERING, &NUMBERING_EMPTY, 40);
            let styles = concat!(
                r#"<w:style w:type="paragraph" w:styleId="S1"><w:basedOn w:val="S1"/>"#,
                r#"<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>"#
            );
            let x = read(&docx(&document, &numbering, styles), &Limits::default()).unwrap();
            let lines: Vec<u32> = Extracted::line_blocks(&x.text)
                .iter()
                .map(|b| b.line)
                .collect();
            assert_eq!(
                lines,
                x.blocks.iter().map(|b| b.line).collect::<Vec<_>>(),
                "{document}"
            );
        }
    }

    // --- the body -------------------------------------------------------------------------

    #[test]
    fn runs_tabs_breaks_and_hyphens() {
        let x = read_body(concat!(
            r#"<w:p><w:r><w:t>第一条</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">区应急管理局 </w:t></w:r>"#,
            r#"<w:r><w:t>负责</w:t><w:br/><w:t>第二行</w:t><w:cr/><w:t>第三行</w:t></w:r></w:p>"#,
            r#"<w:p/><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>"#,
            r#"<w:r><w:t>非</w:t><w:noBreakHyphen/><w:t>煤</w:t><w:softHyphen/><w:t>矿山</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>  　前后空白　 </w:t></w:r></w:p>"#,
        ));
        assert_eq!(
            x.text,
            "第一条\t区应急管理局 负责\n第二行\n第三行\n\n非-煤矿山\n前后空白\n"
        );
        let origins: Vec<Origin> = x.blocks.iter().map(|b| b.origin.clone()).collect();
        assert_eq!(origins, [1, 1, 1, 3, 4].map(Origin::WordParagraph).to_vec());
        assert_eq!(
            x.blocks.iter().map(|b| b.line).collect::<Vec<_>>(),
            [1, 2, 3, 5, 6]
        );
    }

    #[test]
    fn deleted_hidden_and_instruction_text_are_left_out() {
        let x = read_body(concat!(
            r#"<w:p><w:r><w:t>负责</w:t></w:r><w:del w:id="1"><w:r><w:delText>旧的</w:delText></w:r></w:del>"#,
            r#"<w:ins w:id="2"><w:r><w:t>新的</w:t></w:r></w:ins><w:moveFrom w:id="3"><w:r><w:t>移走</w:t></w:r></w:moveFrom>"#,
            r#"<w:moveTo w:id="4"><w:r><w:t>移来</w:t></w:r></w:moveTo>"#,
            r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>显示</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>见第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>"#,
            r#"<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \h </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r>"#,
            r#"<w:fldSimple w:instr=" SEQ 表 "><w:r><w:t>2</w:t></w:r></w:fldSimple></w:p>"#,
            r#"<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>zhí</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>职</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>"#,
        ));
        assert_eq!(block_lines(&x), ["负责新的移来显示", "见第3页2", "职"]);
        assert_eq!(
            x.warnings,
            [
                "the document has tracked changes: deleted text was left out and inserted text kept, as if all changes were accepted"
            ]
        );
    }

    /// A text box is in both branches of its mc:AlternateContent: read once, after the
    /// paragraph it is anchored in, as paragraphs of its own.
    #[test]
    fn text_boxes_are_read_once() {
        let text_box = |text: &str| {
            format!(r#"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"#)
        };
        let x = read_body(&format!(
            concat!(
                r#"<w:p><w:r><w:t>锚</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">"#,
                r#"<w:drawing><wps:wsp><wps:txbx>{}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"#,
                r#"<mc:Fallback><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback>"#,
                r#"</mc:AlternateContent></w:r><w:r><w:t>点</w:t></w:r></w:p>{}"#,
                r#"<w:p><w:r><mc:AlternateContent><mc:Fallback><w:t>只有后备</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
            ),
            text_box("文本框"),
            text_box("文本框"),
            p("其后")
        ));
        assert_eq!(block_lines(&x), ["锚点", "文本框", "其后", "只有后备"]);
        let origins: Vec<Origin> = x.blocks.iter().map(|b| b.origin.clone()).collect();
        assert_eq!(origins, [1, 2, 3, 4].map(Origin::WordParagraph).to_vec());
    }

    #[test]
    fn tables_rows_and_merged_cells() {
        let cell = |text: &str, props: &str| {
            format!(r#"<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>"#, p(text))
        };
        let row = |cells: &[String]| format!("<w:tr>{}</w:tr>", cells.concat());
        let nested = format!(
            r#"<w:tc><w:tbl><w:tr>{}{}</w:tr><w:tr>{}</w:tr></w:tbl>{}</w:tc>"#,
            cell("甲", ""),
            cell("乙", ""),
            cell("丙", ""),
            p("丁")
        );
        let x = read_body(&format!(
            "{}<w:tbl><w:tblPr/><w:tblGrid/>{}{}{}{}{}</w:tbl>{}<w:tbl>{}</w:tbl>",
            p("前言"),
            row(&[cell("类别", ""), cell("部门", ""), cell("职责", "")]),
            row(&[
                cell("监督管理", r#"<w:vMerge w:val="restart"/>"#),
                cell("区应急局", ""),
                format!(r#"<w:tc>{}{}</w:tc>"#, p("负责\t综合"), p("监督。")),
            ]),
            // A continuation keeps stale text in some producers: read once, as an empty cell.
            row(&[
                cell("监督管理", "<w:vMerge/>"),
                cell("区住建局", ""),
                cell("负责建筑。", ""),
            ]),
            row(&[
                cell("合并两列", r#"<w:gridSpan w:val="2"/>"#),
                cell("末", "")
            ]),
            row(&[cell("", ""), nested, cell("", "")]),
            p("之间"),
            row(&[format!(r#"<w:tc>{}</w:tc>"#, "<w:p/>"), cell("", ""),]),
        ));
        assert_eq!(
            block_lines(&x),
            [
                "前言",
                "类别\t部门\t职责",
                "监督管理\t区应急局\t负责 综合 监督。",
                "\t区住建局\t负责建筑。",
                "合并两列\t末",
                "\t甲 乙 丙 丁\t",
                "之间"
            ]
        );
        let kinds: Vec<BlockKind> = x.blocks.iter().map(|b| b.kind.clone()).collect();
        assert_eq!(
            kinds[1..6],
            [1, 2, 3, 4, 5].map(|row| BlockKind::Row { table: 1, row })
        );
        // Origins: the first w:p of each row (row 2: 前言 is 1, row 1 holds 2–4).
        let origins: Vec<Origin> = x.blocks.iter().map(|b| b.origin.clone()).collect();
        assert_eq!(
            origins,
            [1, 2, 5, 9, 12, 14, 20].map(Origin::WordParagraph).to_vec()
        );
        // The second table has only an empty row: a blank line, no block.
        assert!(x.text.ends_with("之间\n\n"));
    }

    // --- numbering ------------------------------------------------------------------------

    fn two_level_numbering(extra_nums: &str) -> String {
        format!(
            r#"<w:abstractNum w:abstractNumId="7">{}{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>{extra_nums}"#,
            level(0, "chineseCounting", "第%1条", r#"<w:suff w:val="space"/>"#),
            level(
                1,
                "chineseCounting",
                "（%2）",
                r#"<w:suff w:val="nothing"/>"#
            ),
            level(2, "decimal", "%3.", r#"<w:lvlRestart w:val="1"/>"#),
        )
    }

    #[test]
    fn levels_restart_and_render() {
        let numbering = two_level_numbering("");
        let x = read(
            &docx(
                &[
                    numbered(1, 0, "总则"),
                    numbered(1, 1, "负责甲"),
                    numbered(1, 2, "细则"),
                    numbered(1, 1, "负责乙"),
                    numbered(1, 2, "细则"),
                    numbered(1, 0, "附则"),
                    numbered(1, 1, "负责丙"),
                    numbered(1, 2, "细则"),
                    numbered(0, 0, "numId 0: no number"),
                ]
                .concat(),
                &numbering,
                "",
            ),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            block_lines(&x),
            [
                "第一条 总则",
                "（一）负责甲",
                "1.细则",
                "（二）负责乙",
                // lvlRestart 1: level 3 restarts only when level 1 advances.
                "2.细则",
                "第二条 附则",
                "（一）负责丙",
                "1.细则",
                "numId 0: no number"
            ]
            .map(|l| l.replace("1.细则", "1. 细则").replace("2.细则", "2. 细则"))
        );
    }

    #[test]
    fn lists_sharing_a_definition_continue_and_start_overrides_restart() {
        let numbering = two_level_numbering(concat!(
            r#"<w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>"#,
            r#"<w:num w:numId="3"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>"#,
            r#"<w:num w:numId="4"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0">"#,
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:suff w:val="nothing"/></w:lvl></w:lvlOverride></w:num>"#,
        ));
        let x = read(
            &docx(
                &[
                    numbered(1, 0, "甲"),
                    numbered(2, 0, "乙"),
                    numbered(3, 0, "丙"),
                    numbered(3, 0, "丁"),
                    numbered(1, 0, "戊"),
                    numbered(4, 0, "己"),
                ]
                .concat(),
                &numbering,
                "",
            ),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            block_lines(&x),
            [
                "第一条 甲",
                // Another w:num of the same definition continues its count, as Word does.
                "第二条 乙",
                // A w:startOverride restarts it where that w:num is first used.
                "第十条 丙",
                "第十一条 丁",
                "第十二条 戊",
                // A level redefined in a w:lvlOverride: its own format, the shared count.
                "XIII.己"
            ]
        );
    }

    #[test]
    fn numbering_from_styles_with_based_on_cycles_and_defaults() {
        let numbering = two_level_numbering("");
        let styles = concat!(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Article"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Item"><w:basedOn w:val="Article"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Plain"><w:basedOn w:val="Article"/><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="LoopA"><w:basedOn w:val="LoopB"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="LoopB"><w:basedOn w:val="LoopA"/></w:style>"#,
        );
        let styled = |style: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let x = read(
            &docx(
                &[
                    styled("Article", "甲"),
                    styled("Item", "乙"),
                    styled("Plain", "丙"),
                    styled("LoopA", "丁"),
                    styled("Missing", "戊"),
                    // Direct numbering over the style's: a level of its own.
                    r#"<w:p><w:pPr><w:pStyle w:val="Article"/><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr><w:r><w:t>己</w:t></w:r></w:p>"#.to_owned(),
                    styled("Article", "庚"),
                ]
                .concat(),
                &numbering,
                styles,
            ),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            block_lines(&x),
            [
                "第一条 甲",
                "（一）乙",
                "丙",
                "丁",
                "戊",
                "（二）己",
                "第二条 庚"
            ]
        );
    }

    #[test]
    fn unknown_numbering_is_read_without_a_number_and_told() {
        let x = read(&docx(&numbered(9, 0, "正文"), "", ""), &Limits::default()).unwrap();
        assert_eq!(block_lines(&x), ["正文"]);
        assert_eq!(
            x.warnings,
            [
                "paragraph 1: its numbering (numId 9) is not defined in word/numbering.xml; read without its number"
            ]
        );
    }

    fn formatted(n: i64, fmt: &str) -> String {
        let mut s = String::new();
        format_number(n, NumFmt::parse(fmt), &mut s);
        s
    }

    #[test]
    fn number_formats() {
        let chinese: Vec<String> = [
            1,
            9,
            10,
            11,
            19,
            20,
            21,
            99,
            100,
            101,
            110,
            111,
            1000,
            1001,
            1010,
            10_000,
            10_010,
            100_000,
            120_034,
            100_000_000,
            0,
        ]
        .iter()
        .map(|&n| formatted(n, "chineseCounting"))
        .collect();
        assert_eq!(
            chinese,
            [
                "一",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一百一十一",
                "一千",
                "一千零一",
                "一千零一十",
                "一万",
                "一万零一十",
                "十万",
                "十二万零三十四",
                "一亿",
                "〇"
            ]
        );
        assert_eq!(formatted(15, "chineseCountingThousand"), "十五");
        assert_eq!(formatted(10, "chineseLegalSimplified"), "壹拾");
        assert_eq!(formatted(23, "chineseLegalSimplified"), "贰拾叁");
        assert_eq!(formatted(3, "ideographTraditional"), "丙");
        assert_eq!(formatted(11, "ideographTraditional"), "甲");
        assert_eq!(formatted(12, "ideographZodiac"), "亥");
        assert_eq!(formatted(1, "decimalEnclosedCircle"), "①");
        assert_eq!(formatted(20, "decimalEnclosedCircleChinese"), "⑳");
        assert_eq!(formatted(21, "decimalEnclosedCircle"), "21");
        assert_eq!(formatted(7, "decimalZero"), "07");
        assert_eq!(formatted(12, "decimalZero"), "12");
        let custom = |n, format| {
            let mut s = String::new();
            format_number(n, NumFmt::custom(format), &mut s);
            s
        };
        assert_eq!(custom(7, "001, 002, 003, ..."), "007");
        assert_eq!(custom(12, "一, 二, 三, ..."), "十二");
        assert_eq!(custom(12, "unknown"), "12");
        assert_eq!(formatted(12, "decimalFullWidth"), "１２");
        assert_eq!(formatted(28, "upperLetter"), "BB");
        assert_eq!(formatted(3, "lowerLetter"), "c");
        assert_eq!(formatted(1994, "upperRoman"), "MCMXCIV");
        assert_eq!(formatted(4, "lowerRoman"), "iv");
        assert_eq!(formatted(5, "none"), "");
        assert_eq!(formatted(5, "cardinalText"), "5");
        assert_eq!(formatted(-3, "chineseCounting"), "-3");
        assert_eq!(formatted(i64::MAX, "upperLetter").len(), 1000);
    }

    #[test]
    fn suffixes_bullets_and_legal_numbering() {
        let numbering = concat!(
            r#"<w:abstractNum w:abstractNumId="1">"#,
            r#"<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>"#,
            r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:isLgl/><w:lvlText w:val="%1.%2"/><w:suff w:val="space"/></w:lvl>"#,
            r#"<w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr></w:lvl>"#,
            r#"<w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/><w:suff w:val="nothing"/></w:lvl>"#,
            r#"</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>"#,
        );
        let x = read(
            &docx(
                &[
                    numbered(5, 0, "tab"),
                    numbered(5, 1, "legal"),
                    numbered(5, 2, "symbol"),
                    numbered(5, 3, "nothing"),
                    numbered(5, 0, ""),
                ]
                .concat(),
                numbering,
                "",
            ),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            block_lines(&x),
            ["3. tab", "3.1 legal", "• symbol", "●nothing", "4."]
        );
    }

    #[test]
    fn symbols_and_control_characters() {
        let x = read_body(concat!(
            r#"<w:p><w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:t>已</w:t>"#,
            r#"<w:sym w:font="SimSun" w:char="2460"/><w:sym w:font="Wingdings" w:char="F021"/></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>换&#10;行</w:t></w:r></w:p>"#,
        ));
        assert_eq!(block_lines(&x), ["✓已①", "换 行"]);
        assert_eq!(
            x.warnings,
            ["paragraph 1: a symbol-font character (Wingdings F021) was left out"]
        );
    }

    #[test]
    fn utf16_parts_are_read() {
        let xml = body(&p("双字节")).replace(r#"encoding="UTF-8""#, r#"encoding="UTF-16""#);
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in xml.encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let bytes = zip_of(&[("word/document.xml", utf16.as_slice())]);
        assert_eq!(
            block_lines(&read(&bytes, &Limits::default()).unwrap()),
            ["双字节"]
        );
    }

    #[test]
    fn main_part_found_through_relationships() {
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/doc/main.xml"/></Relationships>"#;
        let doc_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="../doc/lists.xml"/></Relationships>"#;
        let numbering = numbering_xml(&two_level_numbering(""));
        let document = body(&numbered(1, 0, "总则"));
        let bytes = zip_of(&[
            ("_rels/.rels", rels.as_bytes()),
            ("doc/_rels/main.xml.rels", doc_rels.as_bytes()),
            ("doc/main.xml", document.as_bytes()),
            ("doc/lists.xml", numbering.as_bytes()),
        ]);
        assert_eq!(
            block_lines(&read(&bytes, &Limits::default()).unwrap()),
            ["第一条 总则"]
        );
        assert_eq!(join("word", "../media/a.png"), "media/a.png");
        assert_eq!(join("word", "/word/x.xml"), "word/x.xml");
    }
}
