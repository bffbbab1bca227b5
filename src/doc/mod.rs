//! Stage 1: text → [`Document`].
//!
//! The parser keeps the document as printed: every paragraph keeps its literal marker (if
//! any) and its 1-based position, whatever the numbering does; nothing is renumbered or
//! corrected. Every node carries the line, column and byte span of its text.

pub mod numeral;

use std::path::Path;

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

/// A parsed responsibility list.
#[derive(Debug, Clone)]
pub struct Document {
    /// Identity used in IRIs (from the file name: `weidu-2022-draft`).
    pub id: String,
    /// The name the source was read from (a path, or the embedded name).
    pub source_name: String,
    /// 魏都区安全生产职责清单
    pub title: Option<Text>,
    /// 征求意见稿 (the words inside the parentheses under the title).
    pub status: Option<Text>,
    /// Administrative level word of the issuing body (区, 县, 市, 旗, 省…), from the title.
    pub level: Option<String>,
    pub chapters: Vec<Chapter>,
    pub articles: Vec<Article>,
    pub annex: Option<Annex>,
    /// Non-empty lines that belong to no article, chapter or annex.
    pub stray_lines: Vec<Text>,
    /// The source text the spans point into.
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
}

/// One paragraph of an article.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// 1-based order inside the article.
    pub position: u32,
    pub marker: Option<Marker>,
    /// The paragraph without its marker, trimmed.
    pub text: Text,
}

/// An item marker such as （七） or (3).
#[derive(Debug, Clone)]
pub struct Marker {
    /// The numeral as printed ("七").
    pub literal: String,
    /// Its value (7), when it parses.
    pub value: Option<u32>,
    /// The marker with its parentheses ("（七）").
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
    #[error(
        "{source_name}:{line}:1: no article (第X条) found in {lines} lines; is this a responsibility list?"
    )]
    NoArticles {
        source_name: String,
        line: u32,
        lines: u32,
    },
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

/// Whitespace as it occurs in these documents, including the ideographic space.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

/// One source line with its byte offset.
#[derive(Clone, Copy)]
struct Line<'a> {
    number: u32,
    start: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    /// The sub-slice `part` of this line (which must point into it), trimmed, as [`Text`].
    fn text_of(&self, part: &'a str) -> Option<Text> {
        let trimmed = part.trim_matches(is_space);
        if trimmed.is_empty() {
            return None;
        }
        Some(Text {
            text: trimmed.to_owned(),
            span: self.span_of(trimmed),
        })
    }

    fn span_of(&self, part: &str) -> Span {
        let offset = part.as_ptr() as usize - self.text.as_ptr() as usize;
        Span {
            start: self.start + offset,
            end: self.start + offset + part.len(),
            line: self.number,
            column: self.text[..offset].chars().count() as u32 + 1,
        }
    }

    fn is_blank(&self) -> bool {
        self.text.chars().all(is_space)
    }

    fn trimmed(&self) -> &'a str {
        self.text.trim_matches(is_space)
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let body = raw.strip_suffix('\r').unwrap_or(raw);
        out.push(Line {
            number: i as u32 + 1,
            start,
            text: body,
        });
        start += raw.len() + 1;
    }
    out
}

/// `第` numeral `unit` at the start of `s`: returns (numeral, value, rest).
fn numbered_heading(s: &str, unit: char) -> Option<(&str, u32, &str)> {
    let rest = s.strip_prefix('第')?;
    let end = rest
        .char_indices()
        .find(|&(_, c)| !numeral::is_numeral_char(c))
        .map_or(rest.len(), |(i, _)| i);
    let (digits, after) = rest.split_at(end);
    let after = after.strip_prefix(unit)?;
    Some((digits, numeral::parse(digits)?, after))
}

/// Splits the separator (spaces, full-width space, colon) off the start of `s`.
fn split_separator(s: &str) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|&(_, c)| !(is_space(c) || c == ':' || c == '：'))
        .map_or(s.len(), |(i, _)| i);
    s.split_at(end)
}

/// Recognises an item marker （一）, (一), （1）, (1) — mixed widths allowed.
fn split_marker(s: &str) -> Option<(&str, &str, &str)> {
    let open = s.chars().next()?;
    if open != '（' && open != '(' {
        return None;
    }
    let inner_start = open.len_utf8();
    let close_at = s[inner_start..].find(['）', ')'])? + inner_start;
    let inner = &s[inner_start..close_at];
    if inner.is_empty() || inner.chars().count() > 6 || !inner.chars().all(numeral::is_numeral_char)
    {
        return None;
    }
    let close_len = s[close_at..].chars().next().map_or(1, char::len_utf8);
    let printed = &s[..close_at + close_len];
    Some((printed, inner, &s[close_at + close_len..]))
}

/// The level word at the end of the place name that opens a title (魏都区… → 区).
fn level_from_title(title: &str) -> Option<String> {
    let place_end = title
        .find("安全生产")
        .or_else(|| title.find("职责"))
        .unwrap_or(title.len());
    let place = &title[..place_end];
    for level in ["自治旗", "自治县", "自治州", "自治区", "特别行政区"] {
        if place.ends_with(level) {
            return Some(level.to_owned());
        }
    }
    let last = place.chars().last()?;
    matches!(
        last,
        '区' | '县' | '市' | '旗' | '省' | '州' | '盟' | '镇' | '乡'
    )
    .then(|| last.to_string())
}

/// Parses a responsibility list. `source_name` is used in messages and `id` in IRIs.
pub fn parse(source_name: &str, id: &str, text: &str) -> Result<Document, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let all = lines(text);
    if all.iter().all(Line::is_blank) {
        return Err(ParseError::Empty {
            source_name: source_name.to_owned(),
        });
    }

    let mut doc = Document {
        id: id.to_owned(),
        source_name: source_name.to_owned(),
        title: None,
        status: None,
        level: None,
        chapters: Vec::new(),
        articles: Vec::new(),
        annex: None,
        stray_lines: Vec::new(),
        source: text.to_owned(),
    };

    let annex_start = all
        .iter()
        .position(|l| l.trimmed().starts_with("附件") || l.trimmed().starts_with("附表"));
    let (body, annex_lines) = all.split_at(annex_start.unwrap_or(all.len()));

    let mut current_chapter = None;
    for line in body {
        let trimmed = line.trimmed();
        if trimmed.is_empty() {
            continue;
        }
        if let Some((numeral, number, rest)) = numbered_heading(trimmed, '章') {
            let (_, heading) = split_separator(rest);
            doc.chapters.push(Chapter {
                number,
                numeral: numeral.to_owned(),
                heading: line.text_of(heading).unwrap_or(Text {
                    text: String::new(),
                    span: line.span_of(&trimmed[trimmed.len()..]),
                }),
                span: line.span_of(trimmed),
            });
            current_chapter = Some(number);
            continue;
        }
        if let Some((numeral, number, rest)) = numbered_heading(trimmed, '条') {
            let (separator, heading) = split_separator(rest);
            doc.articles.push(Article {
                number,
                numeral: numeral.to_owned(),
                chapter: current_chapter,
                heading: line.text_of(heading).unwrap_or(Text {
                    text: String::new(),
                    span: line.span_of(&trimmed[trimmed.len()..]),
                }),
                separator: separator.to_owned(),
                form: ArticleForm::Inline,
                paragraphs: Vec::new(),
                span: line.span_of(trimmed),
            });
            continue;
        }
        match doc.articles.last_mut() {
            Some(article) => {
                let position = article.paragraphs.len() as u32 + 1;
                let paragraph = match split_marker(trimmed) {
                    Some((printed, literal, rest)) => Paragraph {
                        position,
                        marker: Some(Marker {
                            literal: literal.to_owned(),
                            value: numeral::parse(literal),
                            printed: printed.to_owned(),
                            span: line.span_of(printed),
                        }),
                        text: line.text_of(rest).unwrap_or(Text {
                            text: String::new(),
                            span: line.span_of(&rest[rest.len()..]),
                        }),
                    },
                    None => Paragraph {
                        position,
                        marker: None,
                        text: Text {
                            text: trimmed.to_owned(),
                            span: line.span_of(trimmed),
                        },
                    },
                };
                article.form = ArticleForm::Titled;
                article.paragraphs.push(paragraph);
            }
            None if doc.chapters.is_empty() && doc.title.is_none() => {
                doc.title = line.text_of(trimmed);
            }
            None if doc.chapters.is_empty() && doc.status.is_none() && is_wrapped(trimmed) => {
                let inner =
                    &trimmed[first_char_len(trimmed)..trimmed.len() - last_char_len(trimmed)];
                doc.status = line.text_of(inner);
            }
            None => doc.stray_lines.extend(line.text_of(trimmed)),
        }
    }

    // An article with no paragraph of its own is its own single paragraph.
    for article in &mut doc.articles {
        if article.paragraphs.is_empty() && !article.heading.text.is_empty() {
            article.paragraphs.push(Paragraph {
                position: 1,
                marker: None,
                text: article.heading.clone(),
            });
        }
    }

    if doc.articles.is_empty() {
        let last = all
            .iter()
            .rev()
            .find(|l| !l.is_blank())
            .map_or(1, |l| l.number);
        return Err(ParseError::NoArticles {
            source_name: source_name.to_owned(),
            line: last,
            lines: last,
        });
    }
    doc.level = doc.title.as_ref().and_then(|t| level_from_title(&t.text));
    doc.annex = parse_annex(annex_lines);
    Ok(doc)
}

fn first_char_len(s: &str) -> usize {
    s.chars().next().map_or(0, char::len_utf8)
}

fn last_char_len(s: &str) -> usize {
    s.chars().next_back().map_or(0, char::len_utf8)
}

fn is_wrapped(s: &str) -> bool {
    (s.starts_with('（') || s.starts_with('('))
        && (s.ends_with('）') || s.ends_with(')'))
        && s.chars().count() > 2
}

/// Cells of a table line: tab-separated, leading tab ignored.
fn cells<'a>(line: &Line<'a>) -> Vec<Text> {
    line.text
        .split('\t')
        .filter_map(|cell| line.text_of(cell))
        .collect()
}

/// The annex: a title, then a table whose cells are tab-separated, either several to a
/// line or one per line with a blank line closing each record.
fn parse_annex(lines: &[Line<'_>]) -> Option<Annex> {
    let first = lines.first()?;
    let mut title = None;
    let mut records: Vec<(Vec<Text>, Span)> = Vec::new();
    let mut open: Option<(Vec<Text>, Span)> = None;
    for line in lines {
        if line.is_blank() {
            records.extend(open.take());
            continue;
        }
        if !line.text.contains('\t') {
            records.extend(open.take());
            // Lines without tabs before the table: the 附件 label and the table title.
            let trimmed = line.trimmed();
            if records.is_empty() && !trimmed.starts_with("附件") && !trimmed.starts_with("附表")
            {
                title = line.text_of(trimmed);
            }
            continue;
        }
        let row_cells = cells(line);
        if row_cells.len() > 1 {
            records.extend(open.take());
            records.push((row_cells, line.span_of(line.trimmed())));
        } else {
            let (cells, _) = open.get_or_insert_with(|| (Vec::new(), line.span_of(line.trimmed())));
            cells.extend(row_cells);
        }
    }
    records.extend(open.take());

    let mut records = records.into_iter().filter(|(cells, _)| !cells.is_empty());
    let header = records.next().map(|(cells, _)| cells).unwrap_or_default();
    let column = |words: &[&str], fallback: usize| {
        header
            .iter()
            .position(|h| words.iter().any(|w| h.text.contains(w)))
            .unwrap_or(fallback)
    };
    let category_col = column(&["类别", "分类"], 0);
    let count_col = column(&["数量", "个数"], 3);
    let names_col = column(&["具体部门", "部门名称", "单位名称", "具体单位"], 2);
    let description_col = column(&["职责"], 1);

    let rows = records
        .enumerate()
        .filter_map(|(i, (cells, span))| {
            let category = cells.get(category_col)?.clone();
            let count_text = cells.get(count_col).cloned();
            let count = count_text.as_ref().and_then(|t| numeral::parse(&t.text));
            let names = cells.get(names_col).map(split_names).unwrap_or_default();
            Some(AnnexRow {
                index: i as u32 + 1,
                category,
                description: cells.get(description_col).cloned(),
                names,
                count_text,
                count,
                span,
            })
        })
        .collect();
    Some(Annex {
        title,
        header,
        rows,
        span: first.span_of(first.trimmed()),
    })
}

/// Splits a 、-joined list of names, keeping each name's span.
fn split_names(cell: &Text) -> Vec<Text> {
    let mut out = Vec::new();
    let mut offset = 0;
    for part in cell.text.split(['、', ',', '，', ';', '；']) {
        let lead = part.len() - part.trim_start_matches(is_space).len();
        let trimmed = part.trim_matches(is_space);
        if !trimmed.is_empty() {
            let start = cell.span.start + offset + lead;
            let column = cell.span.column + cell.text[..offset + lead].chars().count() as u32;
            out.push(Text {
                text: trimmed.to_owned(),
                span: Span {
                    start,
                    end: start + trimmed.len(),
                    line: cell.span.line,
                    column,
                },
            });
        }
        offset += part.len();
        offset += cell.text[offset..].chars().next().map_or(0, char::len_utf8);
    }
    out
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_of_both_widths() {
        assert_eq!(split_marker("（七）负责"), Some(("（七）", "七", "负责")));
        assert_eq!(split_marker("(3)负责"), Some(("(3)", "3", "负责")));
        assert_eq!(split_marker("（一)负责"), Some(("（一)", "一", "负责")));
        assert_eq!(split_marker("（含储存）"), None);
    }

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
    fn level_words() {
        assert_eq!(
            level_from_title("魏都区安全生产职责清单").as_deref(),
            Some("区")
        );
        assert_eq!(
            level_from_title("长葛市安全生产职责清单").as_deref(),
            Some("市")
        );
        assert_eq!(
            level_from_title("某某自治县安全生产职责清单").as_deref(),
            Some("自治县")
        );
    }

    #[test]
    fn bad_input_is_named() {
        assert!(matches!(
            parse("e.txt", "e", " \n\n"),
            Err(ParseError::Empty { .. })
        ));
        let err = parse("n.txt", "n", "标题\n正文\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "n.txt:2:1: no article (第X条) found in 2 lines; is this a responsibility list?"
        );
        let err = decode("b.txt", b"ab\n\xe9\xad\x8fc\n\xff").unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.txt:3:1: not valid UTF-8 (byte offset 8)"
        );
    }
}
