//! Stage 1: extracted text → [`Document`]: the outline of a list, whatever its layout.
//!
//! Every non-blank line is classified ([`LineRole`]): the issuing notice and the list's
//! metadata ([`meta`]), page noise, tables ([`table`]), legal bases and other back matter,
//! and the list proper, which becomes an outline of numbered headings and paragraphs with
//! levels ([`outline`]). 第X章/第X条 lists also get the article view ([`Article`]) that the
//! reference list has always had. The outline knows numbering and tables, nothing of
//! bodies or sectors: deciding which level names what is the layout step's
//! ([`crate::extract::layout`]).
//!
//! Nothing is renumbered or corrected: every node keeps its literal marker (if any) and its
//! line, column and byte span. Traditional characters are matched as simplified
//! ([`script`]) and kept as printed.

mod annex;
pub mod marker;
pub mod meta;
pub mod numeral;
pub mod outline;
pub mod script;
pub mod table;

use std::path::Path;

pub use crate::read::is_space;
use crate::read::{Block, Extracted, Format};
pub use marker::MarkerKind;
pub use meta::Metadata;
pub use script::Script;
pub use table::{Table, TableRow};

/// Where a piece of text sits in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Byte offset of the first byte (0-based).
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// 1-based line of the first character.
    pub line: u32,
    /// 1-based column of the first character, in characters.
    pub column: u32,
}

/// A piece of source text with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub span: Span,
}

impl Text {
    /// The part `range` (bytes of `self.text`) with its own span.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Text {
        Text {
            text: self.text[range.clone()].to_owned(),
            span: Span {
                start: self.span.start + range.start,
                end: self.span.start + range.end,
                line: self.span.line,
                column: self.span.column + self.text[..range.start].chars().count() as u32,
            },
        }
    }
}

/// The file a document was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    pub format: Format,
    /// The character encoding, for text and HTML.
    pub encoding: Option<&'static str>,
    /// SHA-256 of the file's bytes, in lowercase hex.
    pub sha256: String,
    pub bytes: u64,
}

impl FileInfo {
    /// The file of `bytes` as read into `extracted`.
    pub fn of(bytes: &[u8], extracted: &Extracted) -> Self {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(bytes);
        FileInfo {
            format: extracted.format,
            encoding: extracted.encoding,
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
            bytes: bytes.len() as u64,
        }
    }
}

/// What a line of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineRole {
    /// The title of the list.
    Title,
    /// （征求意见稿）, （试行）…
    Status,
    /// 关于印发《…》的通知
    NoticeTitle,
    /// 文号: 宁政发〔2010〕55号
    DocNumber,
    /// 主送: 各乡镇人民政府、街道办事处…：
    Addressee,
    /// The issuing authority printed above the date.
    Issuer,
    /// A date line (the notice's, the list's).
    Date,
    /// Prose of the notice or a preamble (为…，制定本规定。…如下：).
    Preamble,
    /// Page noise: 朗读, `? ?`, HTML remnants, print and share links.
    Noise,
    /// A line of the list's outline (a heading or a paragraph).
    Outline,
    /// The title of a table.
    TableTitle,
    /// The header row of a table.
    TableHeader,
    /// A row of a table.
    TableRow,
    /// Legal bases and other back matter (相关依据, 抄送, 印发).
    BackMatter,
    /// The annex (附件) and its table.
    Annex,
}

impl LineRole {
    pub fn name(self) -> &'static str {
        match self {
            LineRole::Title => "title",
            LineRole::Status => "status",
            LineRole::NoticeTitle => "notice-title",
            LineRole::DocNumber => "document-number",
            LineRole::Addressee => "addressee",
            LineRole::Issuer => "issuer",
            LineRole::Date => "date",
            LineRole::Preamble => "preamble",
            LineRole::Noise => "noise",
            LineRole::Outline => "outline",
            LineRole::TableTitle => "table-title",
            LineRole::TableHeader => "table-header",
            LineRole::TableRow => "table-row",
            LineRole::BackMatter => "back-matter",
            LineRole::Annex => "annex",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            LineRole::Title => "标题",
            LineRole::Status => "版本状态",
            LineRole::NoticeTitle => "印发通知标题",
            LineRole::DocNumber => "文号",
            LineRole::Addressee => "主送单位",
            LineRole::Issuer => "发文机关",
            LineRole::Date => "日期",
            LineRole::Preamble => "通知正文或引言",
            LineRole::Noise => "页面杂项",
            LineRole::Outline => "清单正文",
            LineRole::TableTitle => "表格标题",
            LineRole::TableHeader => "表头",
            LineRole::TableRow => "表格行",
            LineRole::BackMatter => "依据、抄送等附属内容",
            LineRole::Annex => "附件",
        }
    }
}

/// One non-blank line of the source and what it is.
#[derive(Debug, Clone)]
pub struct Line {
    pub number: u32,
    /// The line trimmed.
    pub span: Span,
    pub role: LineRole,
}

/// Index of a node in [`Document::nodes`].
pub type NodeId = usize;

/// A line of the list's outline: a numbered heading or item, or an unnumbered paragraph.
#[derive(Debug, Clone)]
pub struct Node {
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    /// 0 for the top level.
    pub depth: u32,
    pub marker: Option<Marker>,
    /// The separator printed after the marker ("  ", "　", "：", or "").
    pub separator: String,
    /// The line without its marker and separator, trimmed (may be empty).
    pub text: Text,
    /// The whole line, trimmed.
    pub span: Span,
}

impl Node {
    pub fn kind(&self) -> Option<MarkerKind> {
        self.marker.as_ref().map(|m| m.kind)
    }
}

/// A parsed responsibility list.
#[derive(Debug, Clone)]
pub struct Document {
    /// Identity used in IRIs (from the file name: `weidu-2022-draft`).
    pub id: String,
    /// The name the source was read from (a path, or the embedded name).
    pub source_name: String,
    pub file: FileInfo,
    /// The blocks of the reader (their origin in the file), by line.
    pub blocks: Vec<Block>,
    pub script: Script,
    /// The source in simplified characters when it is in traditional ones (same layout).
    simplified: Option<String>,
    /// 魏都区安全生产职责清单
    pub title: Option<Text>,
    /// 征求意见稿 (the words inside the parentheses under the title).
    pub status: Option<Text>,
    /// Administrative level word of the issuing body (区, 县, 市, 旗, 省…), from the title.
    pub level: Option<String>,
    pub meta: Metadata,
    /// Every non-blank line with its role.
    pub lines: Vec<Line>,
    /// The outline of the list proper, in document order.
    pub nodes: Vec<Node>,
    /// 第X章 headings (a view of the outline).
    pub chapters: Vec<Chapter>,
    /// 第X条 and their paragraphs (a view of the outline).
    pub articles: Vec<Article>,
    /// Tables inside the list (duty tables, matrices), not the annex.
    pub tables: Vec<Table>,
    pub annex: Option<Annex>,
    /// Non-empty lines that belong to no article, chapter or annex, in lists with articles.
    pub stray_lines: Vec<Text>,
    /// The text the spans point into (the extracted text of the file).
    pub source: String,
}

/// 第X章 heading.
#[derive(Debug, Clone)]
pub struct Chapter {
    pub number: u32,
    /// The numeral as printed (四).
    pub numeral: String,
    /// Heading as printed after the numeral (各有关部门安全生产职责).
    pub heading: Text,
    /// Span of the whole heading line.
    pub span: Span,
}

/// How an article's first line is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleForm {
    /// The first line is a title (区应急管理局安全生产职责) followed by paragraphs.
    Titled,
    /// The first line is the article's only paragraph (第五十一条 区直及驻区其他有关部门…).
    Inline,
}

/// 第X条 and its paragraphs.
#[derive(Debug, Clone)]
pub struct Article {
    pub number: u32,
    /// The numeral as printed (四十一).
    pub numeral: String,
    /// Number of the chapter the article sits in.
    pub chapter: Option<u32>,
    /// What follows 第X条 and its separator on the first line, trimmed.
    pub heading: Text,
    /// The separator printed after 第X条 ("  ", "　", "：", or "" when missing).
    pub separator: String,
    pub form: ArticleForm,
    /// Duty paragraphs in order; for an [`ArticleForm::Inline`] article, the heading text.
    pub paragraphs: Vec<Paragraph>,
    /// Span of the whole first line.
    pub span: Span,
    /// The article's node in the outline.
    pub node: NodeId,
}

/// One paragraph of an article.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// 1-based order inside the article.
    pub position: u32,
    pub marker: Option<Marker>,
    /// The paragraph without its marker, trimmed.
    pub text: Text,
    /// Its node in the outline (the article's own for an inline article).
    pub node: NodeId,
}

/// An item marker such as （七）, 一、 or 1.
#[derive(Debug, Clone)]
pub struct Marker {
    pub kind: MarkerKind,
    /// The numeral as printed ("七").
    pub literal: String,
    /// Its value (7), when it parses.
    pub value: Option<u32>,
    /// The marker as printed ("（七）", "一、", "第七条").
    pub printed: String,
    pub span: Span,
}

/// The annex table (附件).
#[derive(Debug, Clone)]
pub struct Annex {
    /// 安全生产监督管理职责分类表
    pub title: Option<Text>,
    /// Column titles as printed (类别, 安全生产职责, 具体部门, 部门数量).
    pub header: Vec<Text>,
    pub rows: Vec<AnnexRow>,
    /// Span of the line that opens the annex (附件…).
    pub span: Span,
}

/// One category row of the annex table.
#[derive(Debug, Clone)]
pub struct AnnexRow {
    /// 1-based order of the row.
    pub index: u32,
    pub category: Text,
    pub description: Option<Text>,
    /// The names listed in the row, split on 、 (and on , ，).
    pub names: Vec<Text>,
    /// The count printed in the row, as text.
    pub count_text: Option<Text>,
    /// The count printed in the row, when it parses.
    pub count: Option<u32>,
    pub span: Span,
}

/// Why a source could not be read as a responsibility list.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("{source_name}:{line}:{column}: not valid UTF-8 (byte offset {offset})")]
    NotUtf8 {
        source_name: String,
        line: u32,
        column: u32,
        offset: usize,
    },
    #[error("{source_name}:1:1: the document is empty")]
    Empty { source_name: String },
}

/// Decodes bytes as UTF-8, naming the line and column of the first bad byte.
pub fn decode<'a>(source_name: &str, bytes: &'a [u8]) -> Result<&'a str, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let line = valid.matches('\n').count() as u32 + 1;
        let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
        let column = valid[line_start..].chars().count() as u32 + 1;
        ParseError::NotUtf8 {
            source_name: source_name.to_owned(),
            line,
            column,
            offset,
        }
    })
}

/// A document identity from a file name: `data/weidu-2022-draft.txt` → `weidu-2022-draft`.
///
/// Keeps letters (any script), digits, `-` and `_`; everything else becomes `-`.
pub fn id_from_path(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let id = id.trim_matches('-').to_owned();
    if id.is_empty() { "list".to_owned() } else { id }
}

/// One source line with its byte offset.
#[derive(Clone, Copy)]
pub(crate) struct RawLine<'a> {
    pub number: u32,
    pub start: usize,
    pub text: &'a str,
}

impl<'a> RawLine<'a> {
    /// The sub-slice `part` of this line (which must point into it), trimmed, as [`Text`].
    pub fn text_of(&self, part: &'a str) -> Option<Text> {
        let trimmed = part.trim_matches(is_space);
        if trimmed.is_empty() {
            return None;
        }
        Some(Text {
            text: trimmed.to_owned(),
            span: self.span_of(trimmed),
        })
    }

    /// An empty text just past `part` (for a heading with nothing after its marker).
    fn empty_after(&self, part: &'a str) -> Text {
        Text {
            text: String::new(),
            span: self.span_of(&part[part.len()..]),
        }
    }

    pub fn span_of(&self, part: &str) -> Span {
        let offset = part.as_ptr() as usize - self.text.as_ptr() as usize;
        Span {
            start: self.start + offset,
            end: self.start + offset + part.len(),
            line: self.number,
            column: self.text[..offset].chars().count() as u32 + 1,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.chars().all(is_space)
    }

    pub fn trimmed(&self) -> &'a str {
        self.text.trim_matches(is_space)
    }
}

pub(crate) fn raw_lines(text: &str) -> Vec<RawLine<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let body = raw.strip_suffix('\r').unwrap_or(raw);
        out.push(RawLine {
            number: i as u32 + 1,
            start,
            text: body,
        });
        start += raw.len() + 1;
    }
    out
}

/// A non-blank line as the later steps of the parser see it.
#[derive(Clone)]
pub(crate) struct Scanned<'a> {
    pub raw: RawLine<'a>,
    /// The trimmed line as printed.
    pub text: &'a str,
    /// The trimmed line in simplified characters (same byte layout).
    pub simple: &'a str,
    pub marker: Option<marker::Found>,
    /// Cells, when the reader found a table row (`Some(table)`).
    pub row_table: Option<u32>,
}

impl Scanned<'_> {
    pub fn span(&self) -> Span {
        self.raw.span_of(self.text)
    }
}

/// Parses a list given as UTF-8 text (a BOM is ignored). `source_name` is used in messages
/// and `id` in IRIs.
pub fn parse(source_name: &str, id: &str, text: &str) -> Result<Document, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let extracted = crate::read::text::from_text(text.to_owned(), "UTF-8");
    let file = FileInfo::of(text.as_bytes(), &extracted);
    parse_extracted(source_name, id, extracted, file)
}

/// Parses a list read from a file by [`crate::read::read`].
pub fn parse_extracted(
    source_name: &str,
    id: &str,
    extracted: Extracted,
    file: FileInfo,
) -> Result<Document, ParseError> {
    let Extracted { text, blocks, .. } = extracted;
    let simple_text = script::simplified(&text);
    let script = script::detect(&text, &simple_text);
    let simplified = match (&simple_text, script) {
        (std::borrow::Cow::Owned(s), Script::Traditional) => Some(s.clone()),
        _ => None,
    };
    drop(simple_text);
    let matched: &str = simplified.as_deref().unwrap_or(&text);

    let raws = raw_lines(&text);
    let matched_raws = raw_lines(matched);
    let mut scanned: Vec<Scanned<'_>> = Vec::new();
    for (raw, simple_raw) in raws.iter().zip(&matched_raws) {
        if raw.is_blank() {
            continue;
        }
        let text_trimmed = raw.trimmed();
        let offset = text_trimmed.as_ptr() as usize - raw.text.as_ptr() as usize;
        let simple = simple_raw
            .text
            .get(offset..offset + text_trimmed.len())
            .unwrap_or(text_trimmed);
        let row_table = blocks
            .binary_search_by_key(&raw.number, |b| b.line)
            .ok()
            .and_then(|i| match blocks[i].kind {
                crate::read::BlockKind::Row { table, .. } => Some(table),
                crate::read::BlockKind::Paragraph => None,
            });
        scanned.push(Scanned {
            raw: *raw,
            text: text_trimmed,
            simple,
            marker: if row_table.is_some() {
                None
            } else {
                marker::find(simple)
            },
            row_table,
        });
    }
    if scanned.is_empty() {
        return Err(ParseError::Empty {
            source_name: source_name.to_owned(),
        });
    }

    // The annex: from a 附件/附表 line that follows the list's own numbering.
    let annex_at = annex_start(&scanned);
    let (body, annex_lines) = scanned.split_at(annex_at.unwrap_or(scanned.len()));
    let annex = annex_at.and_then(|i| scanned.get(i)).and_then(|first| {
        let from = raws.iter().position(|r| r.number == first.raw.number)?;
        annex::parse_annex(&raws[from..])
    });

    let mut roles: Vec<Option<LineRole>> = vec![None; body.len()];
    let tables = table::find(body, &mut roles);
    let front_end = meta::classify(body, &mut roles);
    let meta = meta::read(body, &roles, front_end);
    outline_roles(body, &mut roles);

    let outline_lines: Vec<&Scanned<'_>> = body
        .iter()
        .zip(&roles)
        .filter(|(_, r)| **r == Some(LineRole::Outline))
        .map(|(s, _)| s)
        .collect();
    let nodes = outline::build(&outline_lines);
    let mut tables = tables;
    table::attach(&mut tables, &nodes);

    let mut lines: Vec<Line> = body
        .iter()
        .zip(&roles)
        .map(|(s, r)| Line {
            number: s.raw.number,
            span: s.span(),
            role: r.unwrap_or(LineRole::Outline),
        })
        .collect();
    lines.extend(annex_lines.iter().map(|s| Line {
        number: s.raw.number,
        span: s.span(),
        role: LineRole::Annex,
    }));

    let (chapters, articles) = articles_of(&nodes, matched, &text);
    let stray_lines = if articles.is_empty() {
        Vec::new()
    } else {
        stray_lines(body, &roles, &nodes, &articles)
    };

    let title = meta.title.clone();
    let status = meta.status.clone();
    let level = meta.level.clone();
    Ok(Document {
        id: id.to_owned(),
        source_name: source_name.to_owned(),
        file,
        blocks,
        script,
        simplified,
        title,
        status,
        level,
        meta,
        lines,
        nodes,
        chapters,
        articles,
        tables,
        annex,
        stray_lines,
        source: text,
    })
}

/// Where the annex starts: the first line opening with 附件 or 附表 after a numbered line
/// of the list (a 附件 line before the list is the notice's attachment heading: the list
/// itself follows it).
fn annex_start(scanned: &[Scanned<'_>]) -> Option<usize> {
    let first_numbered = scanned.iter().position(|s| s.marker.is_some())?;
    scanned
        .iter()
        .enumerate()
        .skip(first_numbered + 1)
        .find(|(_, s)| {
            (s.simple.starts_with("附件") || s.simple.starts_with("附表")) && s.marker.is_none()
        })
        .map(|(i, _)| i)
}

/// Every line not claimed by a table, the metadata or the back matter is part of the
/// outline, except page noise.
fn outline_roles(body: &[Scanned<'_>], roles: &mut [Option<LineRole>]) {
    for (line, role) in body.iter().zip(roles.iter_mut()) {
        if role.is_none() {
            *role = Some(if meta::is_noise(line.simple) {
                LineRole::Noise
            } else {
                LineRole::Outline
            });
        }
    }
}

/// The 第X章 and 第X条 views of an outline.
fn articles_of(nodes: &[Node], matched: &str, text: &str) -> (Vec<Chapter>, Vec<Article>) {
    let _ = (matched, text);
    let mut chapters = Vec::new();
    let mut articles = Vec::new();
    let mut current_chapter = None;
    for (id, node) in nodes.iter().enumerate() {
        let Some(marker) = &node.marker else { continue };
        match marker.kind {
            MarkerKind::Chapter => {
                if let Some(number) = marker.value {
                    chapters.push(Chapter {
                        number,
                        numeral: marker.literal.clone(),
                        heading: node.text.clone(),
                        span: node.span,
                    });
                    current_chapter = Some(number);
                }
            }
            MarkerKind::Article => {
                let Some(number) = marker.value else { continue };
                let mut paragraphs: Vec<Paragraph> = outline::descendants(nodes, id)
                    .into_iter()
                    .enumerate()
                    .map(|(i, d)| Paragraph {
                        position: i as u32 + 1,
                        marker: nodes[d].marker.clone(),
                        text: nodes[d].text.clone(),
                        node: d,
                    })
                    .collect();
                let form = if paragraphs.is_empty() {
                    ArticleForm::Inline
                } else {
                    ArticleForm::Titled
                };
                // An article with no paragraph of its own is its own single paragraph.
                if paragraphs.is_empty() && !node.text.text.is_empty() {
                    paragraphs.push(Paragraph {
                        position: 1,
                        marker: None,
                        text: node.text.clone(),
                        node: id,
                    });
                }
                articles.push(Article {
                    number,
                    numeral: marker.literal.clone(),
                    chapter: current_chapter,
                    heading: node.text.clone(),
                    separator: node.separator.clone(),
                    form,
                    paragraphs,
                    span: node.span,
                    node: id,
                });
            }
            _ => {}
        }
    }
    (chapters, articles)
}

/// Lines of a list with articles that are neither metadata nor inside an article or
/// chapter heading.
fn stray_lines(
    body: &[Scanned<'_>],
    roles: &[Option<LineRole>],
    nodes: &[Node],
    articles: &[Article],
) -> Vec<Text> {
    let mut inside = std::collections::HashSet::new();
    for article in articles {
        inside.insert(article.node);
        for d in outline::descendants(nodes, article.node) {
            inside.insert(d);
        }
    }
    for (id, node) in nodes.iter().enumerate() {
        if node.kind() == Some(MarkerKind::Chapter) || node.kind() == Some(MarkerKind::Section) {
            inside.insert(id);
        }
    }
    let outside: std::collections::HashSet<u32> = nodes
        .iter()
        .enumerate()
        .filter(|(id, _)| !inside.contains(id))
        .map(|(_, n)| n.span.line)
        .collect();
    body.iter()
        .zip(roles)
        .filter(|(s, r)| {
            matches!(r, Some(LineRole::Outline)) && outside.contains(&s.raw.number)
                || matches!(r, Some(LineRole::Preamble))
        })
        .filter_map(|(s, _)| s.raw.text_of(s.text))
        .collect()
}

impl Document {
    /// The article numbered `number`, if any (the first one when numbers repeat).
    pub fn article(&self, number: u32) -> Option<&Article> {
        self.articles.iter().find(|a| a.number == number)
    }

    /// The chapter numbered `number`, if any.
    pub fn chapter(&self, number: u32) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.number == number)
    }

    /// A text of the document as matched: in simplified characters when the document is
    /// in traditional ones (same length, same offsets), else the text itself.
    pub fn matched<'a>(&'a self, text: &'a Text) -> &'a str {
        match &self.simplified {
            Some(simple) => simple
                .get(text.span.start..text.span.end)
                .unwrap_or(&text.text),
            None => &text.text,
        }
    }

    /// The block a line came from.
    pub fn block_at(&self, line: u32) -> Option<&Block> {
        self.blocks
            .binary_search_by_key(&line, |b| b.line)
            .ok()
            .map(|i| &self.blocks[i])
    }

    /// The role of a line.
    pub fn role_of(&self, line: u32) -> Option<LineRole> {
        self.lines
            .binary_search_by_key(&line, |l| l.number)
            .ok()
            .map(|i| self.lines[i].role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_separators() {
        let doc = parse("t", "t", "第一条：甲\n第二条　乙\n第三条丙\n第十条  丁\n").unwrap();
        let headings: Vec<_> = doc
            .articles
            .iter()
            .map(|a| a.heading.text.as_str())
            .collect();
        assert_eq!(headings, ["甲", "乙", "丙", "丁"]);
        assert_eq!(doc.articles[3].number, 10);
    }

    #[test]
    fn bad_input_is_named() {
        assert!(matches!(
            parse("e.txt", "e", " \n\n"),
            Err(ParseError::Empty { .. })
        ));
        let err = decode("b.txt", b"ab\n\xe9\xad\x8fc\n\xff").unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.txt:3:1: not valid UTF-8 (byte offset 8)"
        );
    }

    #[test]
    fn traditional_articles_are_articles() {
        let doc = parse(
            "t",
            "t",
            "第一章 總則\n第一條 為加強安全生產工作，制定本規定。\n第二章 職責\n第二條 各級人民政府\n",
        )
        .unwrap();
        assert_eq!(doc.script, Script::Traditional);
        assert_eq!(doc.articles.len(), 2);
        assert_eq!(doc.chapters[0].heading.text, "總則");
        assert_eq!(doc.articles[1].heading.text, "各級人民政府");
    }
}
