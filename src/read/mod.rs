//! Stage 0: a file as published (text in any of the usual encodings, a web page, a Word
//! document, a PDF) → [`Extracted`]: one text with one line per block, and the blocks
//! with their provenance.
//!
//! Readers know file formats and nothing of the genre: they never look for 第X条 or a
//! body. Every later stage reads [`Extracted::text`] and points into it with its spans, so
//! a plain UTF-8 file is read as it is (same lines, same byte offsets), and any other file
//! as the text its reader extracted from it.

pub mod docx;
pub mod html;
pub mod pdf;
pub mod text;

use std::fmt;

/// The file formats dutygraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Html,
    Docx,
    Pdf,
}

impl Format {
    /// The IANA media type, for `dcterms:format`.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Text => "text/plain",
            Format::Html => "text/html",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Pdf => "application/pdf",
        }
    }

    /// A short name for messages and `inspect` (text, html, docx, pdf).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph (a line of a text file, a `<p>`, a `w:p`, a rejoined PDF paragraph).
    Paragraph,
    /// A row of a table: its line holds the cells joined by tabs (a tab inside a cell is
    /// written as a space). `table` counts the tables of the file from 1, `row` the rows
    /// of the table from 1.
    Row { table: u32, row: u32 },
}

/// Where a block comes from in the file, beside its line in the extracted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A line of a text file (1-based): the extracted text is the file's.
    Line,
    /// The 1-based index of the paragraph (`w:p`, table cells' included) in a Word
    /// document's body.
    WordParagraph(u32),
    /// The 1-based page of a PDF.
    PdfPage(u32),
    /// The element of a web page, as a CSS-like path (`body>div#zoom>p:nth-of-type(3)`).
    HtmlElement(String),
}

/// One block of the extracted text: one line of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based line of [`Extracted::text`].
    pub line: u32,
    pub kind: BlockKind,
    pub origin: Origin,
}

/// A file read into text.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// One line per block, in document order; blank lines between blocks are allowed and
    /// mean nothing. For a text file, the file's own text (a BOM removed).
    pub text: String,
    /// The non-blank lines of `text`, in order.
    pub blocks: Vec<Block>,
    pub format: Format,
    /// The character encoding the text was decoded from (UTF-8, GB18030, UTF-16LE…), for
    /// text and HTML; `None` for formats that fix their own (docx, pdf).
    pub encoding: Option<&'static str>,
    /// Things a user should know about the reading (a dropped page header, a guessed
    /// encoding), each naming where.
    pub warnings: Vec<String>,
}

impl Extracted {
    /// What every reader promises of what it extracts: blocks in order, each on a non-blank
    /// line of the text. Checked by the fuzz targets and their regression test.
    pub fn check_blocks(&self) -> Result<(), String> {
        let lines: Vec<&str> = self.text.split('\n').collect();
        let mut previous = 0;
        for block in &self.blocks {
            if block.line <= previous {
                return Err(format!("blocks out of order: {block:?}"));
            }
            previous = block.line;
            let line = (block.line as usize)
                .checked_sub(1)
                .and_then(|i| lines.get(i))
                .ok_or_else(|| format!("block past the end of the text: {block:?}"))?;
            if line.trim_matches(is_space).is_empty() {
                return Err(format!("block on a blank line: {block:?}"));
            }
        }
        Ok(())
    }

    /// The block on a line of the text, if the line holds one.
    pub fn block_at(&self, line: u32) -> Option<&Block> {
        self.blocks
            .binary_search_by_key(&line, |b| b.line)
            .ok()
            .map(|i| &self.blocks[i])
    }

    /// Blocks for the non-blank lines of `text`, as a text file has them.
    pub fn line_blocks(text: &str) -> Vec<Block> {
        text.split('\n')
            .enumerate()
            .filter(|(_, l)| !l.trim_matches(is_space).is_empty())
            .map(|(i, _)| Block {
                line: i as u32 + 1,
                kind: BlockKind::Paragraph,
                origin: Origin::Line,
            })
            .collect()
    }
}

/// Whitespace as it occurs in these documents, including the ideographic space.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

/// Caps against hostile files: each one, when passed, refuses the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the file itself (`--max-input`).
    pub max_input: u64,
    /// Bytes a compressed container (a .docx) may unpack to, all entries together.
    pub max_unpacked: u64,
    /// Entries of a container (a .docx).
    pub max_entries: usize,
    /// Nesting depth of elements (HTML, XML).
    pub max_depth: usize,
    /// Objects of a PDF.
    pub max_objects: usize,
    /// Characters of extracted text.
    pub max_text: usize,
}

/// The default `max_input`: 50 MiB, or what `--max-input` set for the process.
static MAX_INPUT: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(50 * 1024 * 1024);

/// Sets the default size limit of input files for this process (`--max-input`).
pub fn set_max_input(bytes: u64) {
    MAX_INPUT.store(bytes, std::sync::atomic::Ordering::Relaxed);
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input: MAX_INPUT.load(std::sync::atomic::Ordering::Relaxed),
            max_unpacked: 256 * 1024 * 1024,
            max_entries: 10_000,
            max_depth: 512,
            max_objects: 500_000,
            max_text: 64 * 1024 * 1024,
        }
    }
}

impl Limits {
    /// Small caps, so that no input can make a fuzzer run out of memory (libFuzzer's
    /// `-rss_limit_mb=2048`) through a legitimate but huge document: the fuzz targets' and
    /// their regression test's.
    pub fn small() -> Self {
        Limits {
            max_input: 16 << 20,
            max_unpacked: 64 << 20,
            max_entries: 10_000,
            max_depth: 512,
            max_objects: 100_000,
            max_text: 16 << 20,
        }
    }
}

/// Why a file could not be read. The file's name is added by [`ReadError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error("the file is {size} bytes, over the limit of {limit} bytes (--max-input)")]
    TooLarge { size: u64, limit: u64 },
    #[error("the document is empty")]
    Empty,
    #[error("not valid UTF-8 (byte offset {offset}), and not text in GB18030/GBK or UTF-16 either")]
    NotText { offset: usize },
    #[error("{what} is not read: {advice}")]
    Unsupported {
        what: &'static str,
        advice: &'static str,
    },
    #[error("not a readable {format} file: {message}")]
    Corrupt {
        format: &'static str,
        message: String,
    },
    #[error("refused as hostile: {message}")]
    Hostile { message: String },
    #[error("the PDF is encrypted: decrypt it first (qpdf --decrypt IN.pdf OUT.pdf)")]
    Encrypted,
    #[error(
        "the PDF has no text layer (a scan?): OCR is needed first (for example ocrmypdf -l chi_sim IN.pdf OUT.pdf)"
    )]
    NoTextLayer,
}

impl Failure {
    /// The conversion advice for a format dutygraph refuses but that can be converted.
    pub fn is_conversion_advice(&self) -> bool {
        matches!(self, Failure::Unsupported { .. })
    }
}

/// A file that could not be read, with its name and, for text, the line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub name: String,
    /// 1-based line and column, where the failure has a place in a text.
    pub at: Option<(u32, u32)>,
    pub failure: Failure,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.name, self.failure),
            None => write!(f, "{}: {}", self.name, self.failure),
        }
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    pub fn new(name: &str, failure: Failure) -> Self {
        ReadError {
            name: name.to_owned(),
            at: None,
            failure,
        }
    }
}

/// What a file looks like from its first bytes.
fn sniff(bytes: &[u8], name: &str) -> Result<Format, Failure> {
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if bytes.starts_with(OLE) {
        // Word 97–2003, WPS, Excel 97–2003 share the OLE container; the extension says which.
        let lower = name.to_lowercase();
        let what = if lower.ends_with(".xls") || lower.ends_with(".et") {
            "an Excel 97–2003 workbook (.xls)"
        } else if lower.ends_with(".wps") {
            "a WPS document (.wps)"
        } else {
            "a Word 97–2003 document (.doc)"
        };
        return Err(Failure::Unsupported {
            what,
            advice: "convert it first, e.g. `soffice --headless --convert-to docx FILE` (LibreOffice), then read the .docx",
        });
    }
    if bytes.starts_with(b"%PDF-") || find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let head = &bytes[..bytes.len().min(64 * 1024)];
        if find(head, b"word/").is_some() {
            return Ok(Format::Docx);
        }
        if find(head, b"xl/").is_some() {
            return Err(Failure::Unsupported {
                what: "an Excel workbook (.xlsx)",
                advice: "save the sheet as CSV or the list as .docx, then read that",
            });
        }
        if find(head, b"Contents/").is_some()
            || find(head, b"mimetypeapplication/vnd.oasis").is_some()
        {
            return Err(Failure::Unsupported {
                what: "an OpenDocument file (.odt)",
                advice: "convert it first, e.g. `soffice --headless --convert-to docx FILE` (LibreOffice)",
            });
        }
        // A zip whose directory is not in the first bytes: let the Word reader decide.
        return Ok(Format::Docx);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(Failure::Unsupported {
            what: "a Rich Text Format document (.rtf)",
            advice: "convert it first, e.g. `soffice --headless --convert-to docx FILE` (LibreOffice)",
        });
    }
    if looks_like_html(bytes) {
        return Ok(Format::Html);
    }
    Ok(Format::Text)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An HTML page: after a BOM and blank space, `<!doctype html` or `<html`, or any tag with
/// `<html` or `<body` further on (in an ASCII-compatible or a UTF-16 encoding).
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    // UTF-16 pages: drop the zero bytes of ASCII characters for the check.
    let lower: Vec<u8> = head
        .iter()
        .filter(|&&b| b != 0)
        .map(u8::to_ascii_lowercase)
        .collect();
    let start = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF | 0xFF | 0xFE))
        .unwrap_or(lower.len());
    let lower = &lower[start..];
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || (lower.starts_with(b"<")
            && (find(lower, b"<html").is_some() || find(lower, b"<body").is_some()))
}

/// Reads a file's bytes into text, by what its content says it is (the extension only
/// tells the old binary formats apart). `name` is used in messages.
pub fn read(name: &str, bytes: &[u8], limits: &Limits) -> Result<Extracted, ReadError> {
    let fail = |failure| ReadError::new(name, failure);
    if bytes.len() as u64 > limits.max_input {
        return Err(fail(Failure::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_input,
        }));
    }
    let format = sniff(bytes, name).map_err(fail)?;
    let extracted = match format {
        Format::Text => text::read(bytes).map_err(|e| e.named(name))?,
        Format::Docx => docx::read(bytes, limits).map_err(|e| e.named(name))?,
        Format::Html => html::read(bytes, limits).map_err(|e| e.named(name))?,
        Format::Pdf => pdf::read(bytes, limits).map_err(|e| e.named(name))?,
    };
    if extracted.text.len() > limits.max_text {
        return Err(fail(Failure::Hostile {
            message: format!("the extracted text is over {} bytes", limits.max_text),
        }));
    }
    if extracted.blocks.is_empty() {
        return Err(ReadError {
            name: name.to_owned(),
            // A text file has a first line to point at.
            at: (format == Format::Text).then_some((1, 1)),
            failure: Failure::Empty,
        });
    }
    Ok(extracted)
}

/// A failure that has a place in the text: the line and column of a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub at: Option<(u32, u32)>,
    pub failure: Failure,
}

impl Placed {
    pub fn named(self, name: &str) -> ReadError {
        ReadError {
            name: name.to_owned(),
            at: self.at,
            failure: self.failure,
        }
    }
}

impl From<Failure> for Placed {
    fn from(failure: Failure) -> Self {
        Placed { at: None, failure }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_content() {
        assert_eq!(sniff(b"%PDF-1.7\n", "a.txt"), Ok(Format::Pdf));
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<!DOCTYPE html><html>", "a.txt"),
            Ok(Format::Html)
        );
        assert_eq!(
            sniff("第一条 区应急管理局".as_bytes(), "a.html"),
            Ok(Format::Text)
        );
        let doc = sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", "list.doc").unwrap_err();
        assert!(
            doc.to_string()
                .contains("soffice --headless --convert-to docx")
        );
        assert!(doc.to_string().contains(".doc"));
        let wps = sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", "list.WPS").unwrap_err();
        assert!(wps.to_string().contains(".wps"));
    }

    #[test]
    fn too_large_is_refused_with_the_name() {
        let limits = Limits {
            max_input: 4,
            ..Limits::default()
        };
        let err = read("big.txt", b"12345", &limits).unwrap_err();
        assert_eq!(
            err.to_string(),
            "big.txt: the file is 5 bytes, over the limit of 4 bytes (--max-input)"
        );
    }
}
