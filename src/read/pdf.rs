//! PDF files with a text layer: lists printed to PDF from Word, WPS or a browser.
//!
//! A small PDF reader of its own, on nothing but a zlib inflater: the file's
//! cross-reference data (tables, streams, hybrid files, `/Prev` chains, or a scan of the
//! file for `N G obj` when that data is broken), objects loaded lazily (object streams
//! included), a content-stream interpreter that knows positions (`cm q Q BT ET Tf Tc Tw
//! Tz TL Ts Td TD T* Tm Tj TJ ' "`, form XObjects, `/ActualText`), and fonts: composite
//! fonts (`Identity-H` with a `/ToUnicode` CMap, as Chromium and Word write them, and the
//! predefined Chinese CMaps), simple fonts (`/ToUnicode`, WinAnsi, MacRoman, Standard,
//! `/Differences`) and Type 3 fonts (Chromium's for OpenType/CFF collections).
//!
//! Glyphs become lines (same baseline, top to bottom, left to right), lines repeated in
//! the margin bands (running headers and footers, page numbers) are dropped, and lines
//! are rejoined into paragraphs by geometry: a line continues the paragraph above when
//! that one ran to the right edge and this one starts at the left edge, at the usual line
//! pitch, in the same size, and does not start with an enumeration or heading marker
//! ([`starts_with_marker`], the one piece of typographic knowledge of this reader).
//!
//! Every loop over the file's references is bounded, nothing recurses over the file's
//! structure, every inflation is capped by [`Limits::max_unpacked`] (all streams
//! together), and the work of drawing is capped: hostile files are refused, never
//! followed.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::rc::Rc;

use super::{Block, BlockKind, Extracted, Failure, Format, Limits, Origin, Placed, is_space};

/// Glyphs drawn on one page.
const MAX_PAGE_GLYPHS: usize = 2_000_000;
/// Form XObjects drawing form XObjects.
const MAX_FORM_DEPTH: usize = 32;
/// `q` without `Q`: deeper saves are ignored (a real page nests a few).
const MAX_SAVE_DEPTH: usize = 1024;
/// Sections of cross-reference data followed through `/Prev`.
const MAX_XREF_SECTIONS: usize = 1024;
/// Filters applied to one stream.
const MAX_FILTERS: usize = 8;
/// Hops of a reference to a reference.
const MAX_REF_HOPS: usize = 32;
/// Warnings kept (repeated ones are merged).
const MAX_WARNINGS: usize = 50;

fn corrupt(message: impl Into<String>) -> Failure {
    Failure::Corrupt {
        format: "pdf",
        message: message.into(),
    }
}

fn hostile(message: impl Into<String>) -> Failure {
    Failure::Hostile {
        message: message.into(),
    }
}

fn too_deep(limits: &Limits) -> Failure {
    hostile(format!(
        "objects nested deeper than {} levels (limits.max_depth)",
        max_depth(limits)
    ))
}

/// The nesting allowed: `max_depth`, but never so deep that dropping the objects could
/// overflow the stack.
fn max_depth(limits: &Limits) -> usize {
    limits.max_depth.min(1000)
}

// ---------------------------------------------------------------------------------------
// Objects and syntax
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Obj {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Rc<Vec<Obj>>),
    Dict(Rc<Dict>),
    Ref(u32, u16),
    Stream(Rc<Stream>),
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Dict(Vec<(Vec<u8>, Obj)>);

impl Dict {
    fn get(&self, key: &[u8]) -> Option<&Obj> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// A stream of the file: its dictionary and where its raw bytes are.
#[derive(Debug, Clone, PartialEq)]
struct Stream {
    dict: Rc<Dict>,
    start: usize,
    end: usize,
}

impl Obj {
    fn as_f64(&self) -> Option<f64> {
        match *self {
            Obj::Int(i) => Some(i as f64),
            Obj::Real(r) if r.is_finite() => Some(r),
            _ => None,
        }
    }
    fn as_int(&self) -> Option<i64> {
        match *self {
            Obj::Int(i) => Some(i),
            Obj::Real(r) if r.is_finite() => Some(r as i64),
            _ => None,
        }
    }
    fn as_name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(n) => Some(n),
            _ => None,
        }
    }
    fn as_dict(&self) -> Option<&Rc<Dict>> {
        match self {
            Obj::Dict(d) => Some(d),
            Obj::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }
    fn as_array(&self) -> Option<&[Obj]> {
        match self {
            Obj::Array(a) => Some(a),
            _ => None,
        }
    }
}

fn is_white(b: u8) -> bool {
    matches!(b, 0 | 9 | 10 | 12 | 13 | 32)
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[derive(Debug)]
enum Tok<'a> {
    Int(i64),
    Real(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    ArrOpen,
    ArrClose,
    DictOpen,
    DictClose,
    Keyword(&'a [u8]),
}

struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn new(b: &'a [u8], pos: usize) -> Self {
        Lexer { b, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if is_white(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn slice(&self, start: usize) -> &'a [u8] {
        self.b.get(start..self.pos).unwrap_or(&[])
    }

    fn next(&mut self) -> Option<Tok<'a>> {
        self.skip_ws();
        let start = self.pos;
        let c = self.peek()?;
        self.pos += 1;
        Some(match c {
            b'[' => Tok::ArrOpen,
            b']' => Tok::ArrClose,
            b'{' | b'}' | b')' => Tok::Keyword(self.slice(start)),
            b'<' => {
                if self.peek() == Some(b'<') {
                    self.pos += 1;
                    Tok::DictOpen
                } else {
                    self.hex_string()
                }
            }
            b'>' => {
                if self.peek() == Some(b'>') {
                    self.pos += 1;
                    Tok::DictClose
                } else {
                    Tok::Keyword(self.slice(start))
                }
            }
            b'(' => self.literal_string(),
            b'/' => self.name(),
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number(start),
            _ => {
                while let Some(c) = self.peek() {
                    if is_white(c) || is_delim(c) {
                        break;
                    }
                    self.pos += 1;
                }
                Tok::Keyword(self.slice(start))
            }
        })
    }

    fn number(&mut self, start: usize) -> Tok<'a> {
        self.pos = start;
        let mut negative = false;
        while let Some(c @ (b'+' | b'-')) = self.peek() {
            negative ^= c == b'-';
            self.pos += 1;
        }
        let (mut int, mut real, mut scale) = (0i64, 0f64, 1f64);
        let (mut digits, mut is_real) = (0usize, false);
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() {
                let d = c - b'0';
                if is_real {
                    scale /= 10.0;
                    real += f64::from(d) * scale;
                } else {
                    int = int.saturating_mul(10).saturating_add(i64::from(d));
                    real = real * 10.0 + f64::from(d);
                }
                digits += 1;
            } else if c == b'.' && !is_real {
                is_real = true;
            } else {
                break;
            }
            self.pos += 1;
        }
        if digits == 0 {
            return Tok::Keyword(self.slice(start));
        }
        match (is_real, negative) {
            (true, true) => Tok::Real(-real),
            (true, false) => Tok::Real(real),
            (false, true) => Tok::Int(-int),
            (false, false) => Tok::Int(int),
        }
    }

    fn name(&mut self) -> Tok<'a> {
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if is_white(c) || is_delim(c) {
                break;
            }
            self.pos += 1;
            if c == b'#' {
                let hi = self.peek().and_then(hex_val);
                let lo = self.b.get(self.pos + 1).copied().and_then(hex_val);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(c);
        }
        Tok::Name(out)
    }

    /// `<4E6F>`: read as the ASCIIHexDecode filter reads, up to and past the `>`.
    fn hex_string(&mut self) -> Tok<'a> {
        let rest = self.b.get(self.pos..).unwrap_or_default();
        let end = rest
            .iter()
            .position(|&c| c == b'>')
            .map_or(rest.len(), |e| e + 1);
        self.pos += end;
        Tok::Str(ascii_hex(&rest[..end]))
    }

    fn literal_string(&mut self) -> Tok<'a> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\r' => {
                    out.push(b'\n');
                    if self.peek() == Some(b'\n') {
                        self.pos += 1;
                    }
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        Tok::Str(out)
    }
}

/// What the syntax gives next: an object, a keyword (an operator, `obj`, `stream`…), or
/// the end of the bytes.
enum Item<'a> {
    Obj(Obj),
    Keyword(&'a [u8]),
    End,
}

enum Frame {
    Array(Vec<Obj>),
    Dict(Vec<(Vec<u8>, Obj)>, Option<Vec<u8>>),
}

fn close_frame(frame: Frame) -> Obj {
    match frame {
        Frame::Array(v) => Obj::Array(Rc::new(v)),
        Frame::Dict(v, _) => Obj::Dict(Rc::new(Dict(v))),
    }
}

/// Puts a finished value into the innermost open container; gives it back when there is
/// none.
fn place(stack: &mut [Frame], value: Obj) -> Option<Obj> {
    match stack.last_mut() {
        None => Some(value),
        Some(Frame::Array(v)) => {
            v.push(value);
            None
        }
        Some(Frame::Dict(v, key)) => {
            match key.take() {
                Some(k) => v.push((k, value)),
                None => {
                    if let Obj::Name(n) = value {
                        *key = Some(n);
                    }
                }
            }
            None
        }
    }
}

/// Closes every open container (a truncated or unterminated object) into one value.
fn unwind(stack: &mut Vec<Frame>) -> Obj {
    let mut value = Obj::Null;
    while let Some(frame) = stack.pop() {
        let closed = close_frame(frame);
        if let Some(v) = place(stack, closed) {
            value = v;
        }
    }
    value
}

/// Reads the next object or keyword, with an explicit stack for arrays and dictionaries
/// (never recursion). `refs`: read `N G R` as a reference (not in content streams).
fn parse_item<'a>(lx: &mut Lexer<'a>, max_depth: usize, refs: bool) -> Result<Item<'a>, usize> {
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        let before = lx.pos;
        let Some(tok) = lx.next() else {
            return Ok(if stack.is_empty() {
                Item::End
            } else {
                Item::Obj(unwind(&mut stack))
            });
        };
        let value = match tok {
            Tok::Int(i) => {
                if refs && let Some(r) = try_ref(lx, i) {
                    r
                } else {
                    Obj::Int(i)
                }
            }
            Tok::Real(r) => Obj::Real(r),
            Tok::Name(n) => Obj::Name(n),
            Tok::Str(s) => Obj::Str(s),
            Tok::ArrOpen | Tok::DictOpen => {
                if stack.len() >= max_depth {
                    return Err(max_depth);
                }
                stack.push(if matches!(tok, Tok::ArrOpen) {
                    Frame::Array(Vec::new())
                } else {
                    Frame::Dict(Vec::new(), None)
                });
                continue;
            }
            Tok::ArrClose => match stack.pop() {
                Some(f @ Frame::Array(_)) => close_frame(f),
                Some(other) => {
                    stack.push(other);
                    continue;
                }
                None => continue,
            },
            Tok::DictClose => match stack.pop() {
                Some(f @ Frame::Dict(..)) => close_frame(f),
                Some(other) => {
                    stack.push(other);
                    continue;
                }
                None => continue,
            },
            Tok::Keyword(k) => match k {
                b"true" => Obj::Bool(true),
                b"false" => Obj::Bool(false),
                b"null" => Obj::Null,
                _ if stack.is_empty() => return Ok(Item::Keyword(k)),
                _ => {
                    // A keyword inside an open container: the container was not closed
                    // (`endobj`, an operator). Close it here and leave the keyword.
                    lx.pos = before;
                    return Ok(Item::Obj(unwind(&mut stack)));
                }
            },
        };
        if let Some(v) = place(&mut stack, value) {
            return Ok(Item::Obj(v));
        }
    }
}

fn try_ref(lx: &mut Lexer, num: i64) -> Option<Obj> {
    let num = u32::try_from(num).ok()?;
    let save = lx.pos;
    if let Some(Tok::Int(generation)) = lx.next()
        && let Ok(generation) = u16::try_from(generation)
        && let Some(Tok::Keyword(b"R")) = lx.next()
    {
        return Some(Obj::Ref(num, generation));
    }
    lx.pos = save;
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

// ---------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
enum FilterError {
    /// The output would pass the cap.
    TooBig,
    /// A filter this reader does not decode (an image's, or an unknown one).
    Unsupported(String),
    /// Not decodable at all.
    Broken(&'static str),
}

fn apply_filter(
    name: &[u8],
    data: &[u8],
    parms: Option<&Dict>,
    cap: usize,
) -> Result<Vec<u8>, FilterError> {
    match name {
        b"FlateDecode" | b"Fl" => Ok(unpredict(inflate(data, cap)?, parms)),
        b"LZWDecode" | b"LZW" => {
            let early = parms
                .and_then(|p| p.get(b"EarlyChange"))
                .and_then(Obj::as_int)
                .is_none_or(|e| e != 0);
            Ok(unpredict(lzw(data, early, cap)?, parms))
        }
        b"ASCIIHexDecode" | b"AHx" => Ok(ascii_hex(data)),
        b"ASCII85Decode" | b"A85" => ascii85(data, cap),
        b"RunLengthDecode" | b"RL" => run_length(data, cap),
        other => Err(FilterError::Unsupported(
            String::from_utf8_lossy(other).into_owned(),
        )),
    }
}

/// Inflates a zlib stream (or a raw deflate one, as some writers make), reading at most
/// `cap + 1` bytes of output; a stream broken midway gives what came before the break.
fn inflate(data: &[u8], cap: usize) -> Result<Vec<u8>, FilterError> {
    let limit = (cap as u64).saturating_add(1);
    let mut out = Vec::new();
    let zlib = flate2::read::ZlibDecoder::new(data)
        .take(limit)
        .read_to_end(&mut out);
    if zlib.is_err() && out.is_empty() {
        let _ = flate2::read::DeflateDecoder::new(data)
            .take(limit)
            .read_to_end(&mut out);
    }
    if out.len() > cap {
        return Err(FilterError::TooBig);
    }
    if out.is_empty() && !data.is_empty() && zlib.is_err() {
        return Err(FilterError::Broken("a Flate stream that does not inflate"));
    }
    Ok(out)
}

/// Undoes a PNG predictor (`/Predictor` 10–15) as cross-reference and object streams use
/// it; other predictors (TIFF, for images) leave the data as it is.
fn unpredict(data: Vec<u8>, parms: Option<&Dict>) -> Vec<u8> {
    let Some(parms) = parms else { return data };
    let get = |k: &[u8], default: i64| parms.get(k).and_then(Obj::as_int).unwrap_or(default);
    if get(b"Predictor", 1) < 10 {
        return data;
    }
    let colors = get(b"Colors", 1).clamp(1, 32) as usize;
    let bits = get(b"BitsPerComponent", 8).clamp(1, 16) as usize;
    let columns = get(b"Columns", 1).clamp(1, 1 << 24) as usize;
    let row = (colors * bits * columns).div_ceil(8);
    if row > data.len() {
        // Not even one row: nothing to undo (and no row buffer sized by the file).
        return data;
    }
    let bpp = (colors * bits).div_ceil(8).max(1);
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row];
    let mut cur = vec![0u8; row];
    for chunk in data.chunks(row + 1) {
        let Some((&kind, bytes)) = chunk.split_first() else {
            break;
        };
        cur.iter_mut().for_each(|b| *b = 0);
        cur[..bytes.len()].copy_from_slice(bytes);
        for i in 0..row {
            let left = if i >= bpp { cur[i - bpp] } else { 0 };
            let up = prev[i];
            let up_left = if i >= bpp { prev[i - bpp] } else { 0 };
            let add = match kind {
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => 0,
            };
            cur[i] = cur[i].wrapping_add(add);
        }
        out.extend_from_slice(&cur[..bytes.len()]);
        std::mem::swap(&mut prev, &mut cur);
    }
    out
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut high: Option<u8> = None;
    for &c in data {
        if c == b'>' {
            break;
        }
        if let Some(v) = hex_val(c) {
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    out
}

fn ascii85(data: &[u8], cap: usize) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::new();
    let mut group = [0u8; 5];
    let mut n = 0usize;
    let data = data.strip_prefix(b"<~").unwrap_or(data);
    for &c in data {
        match c {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = c - b'!';
                n += 1;
                if n == 5 {
                    let v = group.iter().fold(0u64, |v, &d| v * 85 + u64::from(d));
                    if v > u64::from(u32::MAX) {
                        return Err(FilterError::Broken("an ASCII85 group out of range"));
                    }
                    out.extend_from_slice(&(v as u32).to_be_bytes());
                    n = 0;
                }
            }
            _ => {}
        }
        if out.len() > cap {
            return Err(FilterError::TooBig);
        }
    }
    if n > 1 {
        for d in group.iter_mut().skip(n) {
            *d = 84;
        }
        let v = group.iter().fold(0u64, |v, &d| v * 85 + u64::from(d));
        let bytes = (v.min(u64::from(u32::MAX)) as u32).to_be_bytes();
        out.extend_from_slice(&bytes[..n - 1]);
    }
    Ok(out)
}

fn run_length(data: &[u8], cap: usize) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&len) = data.get(i) {
        i += 1;
        match len {
            128 => break,
            0..=127 => {
                let end = (i + usize::from(len) + 1).min(data.len());
                out.extend_from_slice(data.get(i..end).unwrap_or(&[]));
                i = end;
            }
            _ => {
                let Some(&b) = data.get(i) else { break };
                i += 1;
                out.extend(std::iter::repeat_n(b, 257 - usize::from(len)));
            }
        }
        if out.len() > cap {
            return Err(FilterError::TooBig);
        }
    }
    Ok(out)
}

/// LZW as PDF has it (MSB first, 9 to 12 bits, `EarlyChange`).
fn lzw(data: &[u8], early: bool, cap: usize) -> Result<Vec<u8>, FilterError> {
    const SIZE: usize = 4096;
    let mut prefix = vec![0u16; SIZE];
    let mut suffix = vec![0u8; SIZE];
    let mut length = vec![0u16; SIZE];
    for i in 0..256 {
        suffix[i] = i as u8;
        length[i] = 1;
    }
    let mut out: Vec<u8> = Vec::new();
    let (mut next, mut width) = (258usize, 9u32);
    let mut prev: Option<usize> = None;
    let (mut acc, mut nbits, mut pos) = (0u32, 0u32, 0usize);
    loop {
        while nbits < width {
            let Some(&b) = data.get(pos) else {
                return Ok(out);
            };
            pos += 1;
            acc = (acc << 8) | u32::from(b);
            nbits += 8;
        }
        let code = ((acc >> (nbits - width)) & ((1 << width) - 1)) as usize;
        nbits -= width;
        acc &= (1u32 << nbits).wrapping_sub(1);
        if code == 256 {
            next = 258;
            width = 9;
            prev = None;
            continue;
        }
        if code == 257 {
            return Ok(out);
        }
        let first = match prev {
            None => {
                if code >= 256 {
                    return Ok(out);
                }
                out.push(code as u8);
                code as u8
            }
            Some(p) => {
                let source = if code < next {
                    code
                } else if code == next {
                    p
                } else {
                    return Ok(out);
                };
                let start = out.len();
                let len = usize::from(length[source]);
                out.resize(start + len, 0);
                let mut c = source;
                for k in (0..len).rev() {
                    out[start + k] = suffix[c];
                    c = usize::from(prefix[c]);
                }
                let first = out[start];
                if code == next {
                    out.push(first);
                }
                if next < SIZE {
                    prefix[next] = p as u16;
                    suffix[next] = first;
                    length[next] = length[p].saturating_add(1);
                    next += 1;
                }
                first
            }
        };
        let _ = first;
        prev = Some(code);
        let reach = next + usize::from(early);
        width = if reach >= 2048 {
            12
        } else if reach >= 1024 {
            11
        } else if reach >= 512 {
            10
        } else {
            9
        };
        if out.len() > cap {
            return Err(FilterError::TooBig);
        }
    }
}

// ---------------------------------------------------------------------------------------
// The document: cross-reference data, objects, streams
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Entry {
    Free,
    Offset(usize),
    InStream(u32, u32),
}

struct ObjStm {
    data: Rc<Vec<u8>>,
    first: usize,
    offsets: HashMap<u32, usize>,
}

#[derive(Default)]
struct Warnings(Vec<String>);

impl Warnings {
    fn add(&mut self, warning: String) {
        if self.0.len() < MAX_WARNINGS && !self.0.contains(&warning) {
            self.0.push(warning);
        }
    }
}

struct Doc<'a> {
    bytes: &'a [u8],
    limits: Limits,
    xref: HashMap<u32, Entry>,
    trailer: Rc<Dict>,
    scanned: Option<Rc<HashMap<u32, usize>>>,
    repaired: bool,
    objstms: HashMap<u32, Option<Rc<ObjStm>>>,
    cache: HashMap<u32, Obj>,
    decoded: HashMap<usize, Option<Rc<Vec<u8>>>>,
    unpacked: u64,
    endstreams: Option<Vec<usize>>,
    fonts: HashMap<u32, Rc<Font>>,
    warnings: Warnings,
}

impl<'a> Doc<'a> {
    fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, Failure> {
        if find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_none() {
            return Err(corrupt("no %PDF- header in its first 1024 bytes"));
        }
        let mut doc = Doc {
            bytes,
            limits: *limits,
            xref: HashMap::new(),
            trailer: Rc::new(Dict::default()),
            scanned: None,
            repaired: false,
            objstms: HashMap::new(),
            cache: HashMap::new(),
            decoded: HashMap::new(),
            unpacked: 0,
            endstreams: None,
            fonts: HashMap::new(),
            warnings: Warnings::default(),
        };
        match doc.read_xref() {
            Ok(()) => {}
            Err(f @ Failure::Hostile { .. }) => return Err(f),
            Err(_) => {}
        }
        if doc.catalog()?.is_none() {
            doc.repair()?;
            doc.warnings.add(
                "the cross-reference data is damaged: the objects were found by a scan of the file"
                    .to_owned(),
            );
        }
        if doc.trailer.get(b"Encrypt").is_some_and(|e| *e != Obj::Null) {
            return Err(Failure::Encrypted);
        }
        Ok(doc)
    }

    fn too_many_objects(&self) -> Failure {
        hostile(format!(
            "more than {} objects (limits.max_objects)",
            self.limits.max_objects
        ))
    }

    fn add_entry(&mut self, num: u32, entry: Entry) -> Result<(), Failure> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.xref.entry(num) {
            slot.insert(entry);
            if self.xref.len() > self.limits.max_objects {
                return Err(self.too_many_objects());
            }
        }
        Ok(())
    }

    fn read_xref(&mut self) -> Result<(), Failure> {
        let at = rfind(self.bytes, b"startxref").ok_or_else(|| corrupt("no startxref"))?;
        let mut lx = Lexer::new(self.bytes, at + 9);
        let Some(Tok::Int(offset)) = lx.next() else {
            return Err(corrupt("no offset after startxref"));
        };
        let mut next = usize::try_from(offset).ok();
        let mut seen = HashSet::new();
        let mut trailers: Vec<Rc<Dict>> = Vec::new();
        while let Some(offset) = next.take() {
            if offset >= self.bytes.len() || !seen.insert(offset) || seen.len() > MAX_XREF_SECTIONS
            {
                break;
            }
            let trailer = match self.read_section(offset) {
                Ok(t) => t,
                Err(f @ Failure::Hostile { .. }) => return Err(f),
                Err(f) if trailers.is_empty() => return Err(f),
                Err(_) => break,
            };
            if let Some(stream_at) = trailer.get(b"XRefStm").and_then(Obj::as_int)
                && let Ok(stream_at) = usize::try_from(stream_at)
                && seen.insert(stream_at)
                && let Err(f @ Failure::Hostile { .. }) = self.read_section(stream_at)
            {
                return Err(f);
            }
            next = trailer
                .get(b"Prev")
                .and_then(Obj::as_int)
                .and_then(|p| usize::try_from(p).ok());
            trailers.push(trailer);
        }
        let mut merged = Dict::default();
        for t in &trailers {
            for (k, v) in &t.0 {
                if merged.get(k).is_none() {
                    merged.0.push((k.clone(), v.clone()));
                }
            }
        }
        self.trailer = Rc::new(merged);
        Ok(())
    }

    /// Reads one section of cross-reference data (a table or a stream) at `offset`,
    /// adding the entries not yet known; gives its trailer dictionary.
    fn read_section(&mut self, offset: usize) -> Result<Rc<Dict>, Failure> {
        let mut lx = Lexer::new(self.bytes, offset);
        match lx.next() {
            Some(Tok::Keyword(b"xref")) => self.read_table(&mut lx),
            Some(Tok::Int(_)) => match self.parse_indirect_at(offset, true)? {
                (_, Obj::Stream(s)) => self.read_xref_stream(&s),
                _ => Err(corrupt(
                    "startxref points at an object that is no cross-reference stream",
                )),
            },
            _ => Err(corrupt("startxref points at no cross-reference data")),
        }
    }

    fn read_table(&mut self, lx: &mut Lexer) -> Result<Rc<Dict>, Failure> {
        let broken = || corrupt("a broken cross-reference table");
        loop {
            match lx.next() {
                Some(Tok::Int(start)) => {
                    let Some(Tok::Int(count)) = lx.next() else {
                        return Err(broken());
                    };
                    let start = u32::try_from(start).map_err(|_| broken())?;
                    for i in 0..count.max(0) {
                        let (Some(Tok::Int(at)), Some(Tok::Int(_)), Some(Tok::Keyword(kind))) =
                            (lx.next(), lx.next(), lx.next())
                        else {
                            return Err(broken());
                        };
                        let num = u32::try_from(i)
                            .ok()
                            .and_then(|i| start.checked_add(i))
                            .ok_or_else(broken)?;
                        let entry = match (kind, usize::try_from(at)) {
                            (b"n", Ok(at)) => Entry::Offset(at),
                            _ => Entry::Free,
                        };
                        self.add_entry(num, entry)?;
                    }
                }
                Some(Tok::Keyword(b"trailer")) => {
                    return match parse_item(lx, max_depth(&self.limits), true) {
                        Ok(Item::Obj(Obj::Dict(d))) => Ok(d),
                        Err(_) => Err(too_deep(&self.limits)),
                        _ => Err(corrupt("a trailer that is no dictionary")),
                    };
                }
                _ => return Err(broken()),
            }
        }
    }

    fn read_xref_stream(&mut self, s: &Stream) -> Result<Rc<Dict>, Failure> {
        let broken = || corrupt("a broken cross-reference stream");
        let widths: Vec<usize> = s
            .dict
            .get(b"W")
            .and_then(Obj::as_array)
            .map(|a| {
                a.iter()
                    .map(|w| {
                        w.as_int()
                            .and_then(|w| usize::try_from(w).ok())
                            .unwrap_or(99)
                    })
                    .collect()
            })
            .unwrap_or_default();
        if widths.len() != 3 || widths.iter().any(|&w| w > 8) || widths.iter().sum::<usize>() == 0 {
            return Err(broken());
        }
        let record = widths.iter().sum::<usize>();
        let data = self.decode(s)?.ok_or_else(broken)?;
        let size = s
            .dict
            .get(b"Size")
            .and_then(Obj::as_int)
            .unwrap_or(0)
            .max(0);
        let index: Vec<i64> = match s.dict.get(b"Index").and_then(Obj::as_array) {
            Some(a) => a.iter().filter_map(Obj::as_int).collect(),
            None => vec![0, size],
        };
        let mut records = data.chunks_exact(record);
        'sections: for pair in index.chunks_exact(2) {
            let (Ok(start), count) = (u32::try_from(pair[0]), pair[1].max(0)) else {
                continue;
            };
            for i in 0..count {
                let Some(rec) = records.next() else {
                    break 'sections;
                };
                let mut fields = [0u64; 3];
                let mut at = 0;
                for (f, &w) in fields.iter_mut().zip(&widths) {
                    for &b in &rec[at..at + w] {
                        *f = (*f << 8) | u64::from(b);
                    }
                    at += w;
                }
                let kind = if widths[0] == 0 { 1 } else { fields[0] };
                let entry = match kind {
                    0 => Entry::Free,
                    1 => match usize::try_from(fields[1]) {
                        Ok(at) => Entry::Offset(at),
                        Err(_) => Entry::Free,
                    },
                    2 => Entry::InStream(
                        u32::try_from(fields[1]).unwrap_or(u32::MAX),
                        u32::try_from(fields[2]).unwrap_or(u32::MAX),
                    ),
                    _ => continue,
                };
                let Some(num) = u32::try_from(i).ok().and_then(|i| start.checked_add(i)) else {
                    break;
                };
                self.add_entry(num, entry)?;
            }
        }
        Ok(s.dict.clone())
    }

    /// Parses `N G obj …` at `offset`: the object's number and the object. A stream's
    /// `/Length` is followed when it is a reference only if `length_refs` (a reference
    /// to a plain object at an offset, never further).
    fn parse_indirect_at(
        &mut self,
        offset: usize,
        length_refs: bool,
    ) -> Result<(u32, Obj), Failure> {
        let mut lx = Lexer::new(self.bytes, offset);
        let (Some(Tok::Int(num)), Some(Tok::Int(_)), Some(Tok::Keyword(b"obj"))) =
            (lx.next(), lx.next(), lx.next())
        else {
            return Err(corrupt(format!("no object at byte {offset}")));
        };
        let num = u32::try_from(num).map_err(|_| corrupt(format!("no object at byte {offset}")))?;
        let obj = match parse_item(&mut lx, max_depth(&self.limits), true) {
            Ok(Item::Obj(o)) => o,
            Ok(_) => Obj::Null,
            Err(_) => return Err(too_deep(&self.limits)),
        };
        if let Obj::Dict(dict) = &obj
            && let Some(Tok::Keyword(b"stream")) = lx.next()
        {
            let mut start = lx.pos;
            if self.bytes.get(start) == Some(&b'\r') {
                start += 1;
            }
            if self.bytes.get(start) == Some(&b'\n') {
                start += 1;
            }
            let declared = match dict.get(b"Length") {
                Some(Obj::Int(n)) => usize::try_from(*n).ok(),
                Some(Obj::Ref(n, _)) if length_refs => self.plain_length(*n),
                _ => None,
            };
            let end = self.stream_end(start, declared);
            return Ok((
                num,
                Obj::Stream(Rc::new(Stream {
                    dict: dict.clone(),
                    start,
                    end,
                })),
            ));
        }
        Ok((num, obj))
    }

    /// A stream length kept in an object of its own (at an offset, not in a stream).
    fn plain_length(&mut self, num: u32) -> Option<usize> {
        match self.xref.get(&num).copied() {
            Some(Entry::Offset(at)) => match self.parse_indirect_at(at, false) {
                Ok((n, o)) if n == num => o.as_int().and_then(|l| usize::try_from(l).ok()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Where a stream's data ends: at its declared length when `endstream` follows it
    /// there, else at the next `endstream` of the file.
    fn stream_end(&mut self, start: usize, declared: Option<usize>) -> usize {
        if let Some(len) = declared
            && let Some(end) = start.checked_add(len)
            && end <= self.bytes.len()
        {
            let mut lx = Lexer::new(self.bytes, end);
            lx.skip_ws();
            if self
                .bytes
                .get(lx.pos..)
                .is_some_and(|rest| rest.starts_with(b"endstream"))
            {
                return end;
            }
        }
        let bytes = self.bytes;
        let ends = self.endstreams.get_or_insert_with(|| {
            let mut v = Vec::new();
            let mut i = 0;
            while let Some(p) = bytes.get(i..).and_then(|rest| find(rest, b"endstream")) {
                v.push(i + p);
                i += p + 9;
            }
            v
        });
        let k = ends.partition_point(|&e| e < start);
        match ends.get(k) {
            Some(&e) => {
                let mut end = e;
                if end > start && bytes.get(end - 1) == Some(&b'\n') {
                    end -= 1;
                }
                if end > start && bytes.get(end - 1) == Some(&b'\r') {
                    end -= 1;
                }
                end
            }
            None => bytes.len(),
        }
    }

    /// Every `N G obj` of the file (the last definition of a number wins).
    fn scan(&mut self) -> Result<Rc<HashMap<u32, usize>>, Failure> {
        if let Some(s) = &self.scanned {
            return Ok(s.clone());
        }
        let b = self.bytes;
        let mut map = HashMap::new();
        let mut i = 0;
        while let Some(p) = b.get(i..).and_then(|rest| find(rest, b"obj")) {
            let at = i + p;
            i = at + 3;
            if b.get(at + 3).is_some_and(|&c| !is_white(c) && !is_delim(c)) {
                continue;
            }
            // Backwards: blank, generation digits, blank, number digits.
            let mut j = at;
            let back_blank = |j: &mut usize| {
                let from = *j;
                while *j > 0 && is_white(b[*j - 1]) {
                    *j -= 1;
                }
                *j < from
            };
            let back_digits = |j: &mut usize| {
                let from = *j;
                while *j > 0 && b[*j - 1].is_ascii_digit() && from - *j < 10 {
                    *j -= 1;
                }
                *j < from
            };
            if !(back_blank(&mut j) && back_digits(&mut j)) {
                continue;
            }
            if !(back_blank(&mut j)) {
                continue;
            }
            let num_end = j;
            if !back_digits(&mut j) {
                continue;
            }
            if j > 0 && !is_white(b[j - 1]) && !is_delim(b[j - 1]) {
                continue;
            }
            let num = b[j..num_end]
                .iter()
                .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
            let Ok(num) = u32::try_from(num) else {
                continue;
            };
            map.insert(num, j);
            if map.len() > self.limits.max_objects {
                return Err(self.too_many_objects());
            }
        }
        let map = Rc::new(map);
        self.scanned = Some(map.clone());
        Ok(map)
    }

    /// Rebuilds the cross-reference data from a scan of the file.
    fn repair(&mut self) -> Result<(), Failure> {
        let map = self.scan()?;
        self.repaired = true;
        let old = std::mem::take(&mut self.xref);
        self.xref = map.iter().map(|(&n, &at)| (n, Entry::Offset(at))).collect();
        for (n, e) in old {
            if let Entry::InStream(..) = e {
                self.xref.entry(n).or_insert(e);
            }
        }
        self.cache.clear();
        // Trailers, the last one first.
        let mut trailer = Dict::default();
        let mut ends = Vec::new();
        let mut i = 0;
        while let Some(p) = self.bytes.get(i..).and_then(|rest| find(rest, b"trailer")) {
            ends.push(i + p + 7);
            i += p + 7;
        }
        for &at in ends.iter().rev() {
            let mut lx = Lexer::new(self.bytes, at);
            if let Ok(Item::Obj(Obj::Dict(d))) = parse_item(&mut lx, max_depth(&self.limits), true)
            {
                for (k, v) in &d.0 {
                    if trailer.get(k).is_none() {
                        trailer.0.push((k.clone(), v.clone()));
                    }
                }
            }
        }
        // Objects: cross-reference streams (their dictionaries are trailers), object
        // streams (their objects), and the catalog, if no trailer names it.
        let mut nums: Vec<(u32, usize)> = map.iter().map(|(&n, &at)| (n, at)).collect();
        nums.sort_unstable();
        let mut catalog = None;
        for (num, at) in nums {
            let Ok((_, obj)) = self.parse_indirect_at(at, true) else {
                continue;
            };
            let Some(dict) = obj.as_dict() else { continue };
            match dict.get(b"Type").and_then(Obj::as_name) {
                Some(b"XRef") => {
                    for (k, v) in &dict.0 {
                        if trailer.get(k).is_none()
                            && matches!(k.as_slice(), b"Root" | b"Info" | b"Encrypt")
                        {
                            trailer.0.push((k.clone(), v.clone()));
                        }
                    }
                }
                Some(b"ObjStm") => {
                    if let Some(os) = self.objstm(num)? {
                        let mut members: Vec<(u32, usize)> =
                            os.offsets.iter().map(|(&n, &o)| (n, o)).collect();
                        members.sort_unstable_by_key(|&(_, o)| o);
                        for (index, (member, _)) in members.into_iter().enumerate() {
                            let index = u32::try_from(index).unwrap_or(u32::MAX);
                            if let std::collections::hash_map::Entry::Vacant(slot) =
                                self.xref.entry(member)
                            {
                                slot.insert(Entry::InStream(num, index));
                                if self.xref.len() > self.limits.max_objects {
                                    return Err(self.too_many_objects());
                                }
                            }
                        }
                    }
                }
                Some(b"Catalog") if catalog.is_none() => catalog = Some(num),
                _ => {}
            }
        }
        self.trailer = Rc::new(trailer);
        if self.catalog()?.is_none()
            && let Some(num) = catalog
        {
            {
                let mut t = (*self.trailer).clone();
                t.0.retain(|(k, _)| k != b"Root");
                t.0.push((b"Root".to_vec(), Obj::Ref(num, 0)));
                self.trailer = Rc::new(t);
            }
        }
        if self.catalog()?.is_none() {
            return Err(corrupt(
                "no document catalog (/Root) found: the file is damaged beyond repair (export it again, or try `qpdf IN.pdf OUT.pdf`)",
            ));
        }
        Ok(())
    }

    fn catalog(&mut self) -> Result<Option<Rc<Dict>>, Failure> {
        let Some(root) = self.trailer.get(b"Root").cloned() else {
            return Ok(None);
        };
        Ok(self.resolve(&root)?.as_dict().cloned())
    }

    fn get(&mut self, num: u32) -> Result<Obj, Failure> {
        if let Some(o) = self.cache.get(&num) {
            return Ok(o.clone());
        }
        let obj = match self.xref.get(&num).copied() {
            Some(Entry::Offset(at)) => match self.parse_indirect_at(at, true) {
                Ok((n, o)) if n == num => o,
                Err(f @ Failure::Hostile { .. }) => return Err(f),
                _ => self.get_scanned(num)?,
            },
            Some(Entry::InStream(stm, index)) => self.objstm_object(stm, num, index)?,
            Some(Entry::Free) => Obj::Null,
            None => self.get_scanned(num)?,
        };
        self.cache.insert(num, obj.clone());
        Ok(obj)
    }

    /// An object the cross-reference data misplaces, from a scan of the file.
    fn get_scanned(&mut self, num: u32) -> Result<Obj, Failure> {
        if self.repaired && !self.xref.contains_key(&num) {
            return Ok(Obj::Null);
        }
        let map = self.scan()?;
        match map.get(&num) {
            Some(&at) => match self.parse_indirect_at(at, true) {
                Ok((n, o)) if n == num => Ok(o),
                Err(f @ Failure::Hostile { .. }) => Err(f),
                _ => Ok(Obj::Null),
            },
            None => Ok(Obj::Null),
        }
    }

    fn objstm(&mut self, stm: u32) -> Result<Option<Rc<ObjStm>>, Failure> {
        if let Some(o) = self.objstms.get(&stm) {
            return Ok(o.clone());
        }
        self.objstms.insert(stm, None);
        let at = match self.xref.get(&stm).copied() {
            Some(Entry::Offset(at)) => at,
            _ => return Ok(None),
        };
        let s = match self.parse_indirect_at(at, true) {
            Ok((n, Obj::Stream(s))) if n == stm => s,
            Err(f @ Failure::Hostile { .. }) => return Err(f),
            _ => return Ok(None),
        };
        let Some(data) = self.decode(&s)? else {
            return Ok(None);
        };
        let n = s.dict.get(b"N").and_then(Obj::as_int).unwrap_or(0).max(0);
        let first = s
            .dict
            .get(b"First")
            .and_then(Obj::as_int)
            .and_then(|f| usize::try_from(f).ok())
            .unwrap_or(0)
            .min(data.len());
        let mut offsets = HashMap::new();
        {
            let mut lx = Lexer::new(&data[..first], 0);
            for _ in 0..n {
                let (Some(Tok::Int(num)), Some(Tok::Int(off))) = (lx.next(), lx.next()) else {
                    break;
                };
                if let (Ok(num), Ok(off)) = (u32::try_from(num), usize::try_from(off)) {
                    offsets.entry(num).or_insert(off);
                }
            }
        }
        let os = Some(Rc::new(ObjStm {
            data,
            first,
            offsets,
        }));
        self.objstms.insert(stm, os.clone());
        Ok(os)
    }

    fn objstm_object(&mut self, stm: u32, num: u32, _index: u32) -> Result<Obj, Failure> {
        let Some(os) = self.objstm(stm)? else {
            return Ok(Obj::Null);
        };
        let Some(at) = os.offsets.get(&num).and_then(|&o| os.first.checked_add(o)) else {
            return Ok(Obj::Null);
        };
        let mut lx = Lexer::new(&os.data, at);
        match parse_item(&mut lx, max_depth(&self.limits), true) {
            Ok(Item::Obj(o)) => Ok(o),
            Ok(_) => Ok(Obj::Null),
            Err(_) => Err(too_deep(&self.limits)),
        }
    }

    /// Follows references (a bounded number of hops; missing objects are null).
    fn resolve(&mut self, o: &Obj) -> Result<Obj, Failure> {
        let mut cur = o.clone();
        for _ in 0..MAX_REF_HOPS {
            match cur {
                Obj::Ref(n, _) => cur = self.get(n)?,
                other => return Ok(other),
            }
        }
        Ok(Obj::Null)
    }

    /// A stream's decoded bytes (cached), or `None` when its filters are not decodable
    /// (a warning says so). All decoded bytes together are capped by `max_unpacked`.
    fn decode(&mut self, s: &Stream) -> Result<Option<Rc<Vec<u8>>>, Failure> {
        if let Some(d) = self.decoded.get(&s.start) {
            return Ok(d.clone());
        }
        let raw = self.bytes.get(s.start..s.end).unwrap_or(&[]);
        let filter = match s.dict.get(b"Filter") {
            Some(f) => self.resolve(f)?,
            None => Obj::Null,
        };
        let parms = match s.dict.get(b"DecodeParms").or_else(|| s.dict.get(b"DP")) {
            Some(p) => self.resolve(p)?,
            None => Obj::Null,
        };
        let names: Vec<Vec<u8>> = match &filter {
            Obj::Name(n) => vec![n.clone()],
            Obj::Array(a) => a
                .iter()
                .filter_map(|f| f.as_name().map(<[u8]>::to_vec))
                .collect(),
            _ => Vec::new(),
        };
        let mut parm_list: Vec<Option<Rc<Dict>>> = Vec::new();
        match &parms {
            Obj::Dict(d) => parm_list.push(Some(d.clone())),
            Obj::Array(a) => {
                for p in a.iter().take(MAX_FILTERS) {
                    parm_list.push(self.resolve(p)?.as_dict().cloned());
                }
            }
            _ => {}
        }
        let result = if names.len() > MAX_FILTERS {
            Err(FilterError::Broken("too many filters"))
        } else {
            let cap = usize::try_from(self.limits.max_unpacked.saturating_sub(self.unpacked))
                .unwrap_or(usize::MAX);
            let mut data: Option<Vec<u8>> = None;
            let mut result = Ok(());
            for (i, name) in names.iter().enumerate() {
                let input = data.as_deref().unwrap_or(raw);
                let parm = parm_list.get(i).and_then(Option::as_deref);
                match apply_filter(name, input, parm, cap) {
                    Ok(out) => data = Some(out),
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
            result.map(|()| data.unwrap_or_else(|| raw.to_vec()))
        };
        let decoded = match result {
            Ok(data) => {
                self.unpacked = self.unpacked.saturating_add(data.len() as u64);
                Some(Rc::new(data))
            }
            Err(FilterError::TooBig) => {
                return Err(hostile(format!(
                    "its streams inflate to more than {} bytes (limits.max_unpacked)",
                    self.limits.max_unpacked
                )));
            }
            Err(FilterError::Unsupported(name)) => {
                self.warnings.add(format!(
                    "a stream with the filter /{name} was skipped (not supported)"
                ));
                None
            }
            Err(FilterError::Broken(what)) => {
                self.warnings.add(format!("a stream was skipped: {what}"));
                None
            }
        };
        self.decoded.insert(s.start, decoded.clone());
        Ok(decoded)
    }
}

// ---------------------------------------------------------------------------------------
// Fonts: character codes, their Unicode text and their widths
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct CodeRange {
    len: usize,
    lo: [u8; 4],
    hi: [u8; 4],
}

/// How a string of a font splits into character codes.
#[derive(Debug, Clone)]
enum Codes {
    One,
    Two,
    Ranges(Vec<CodeRange>),
    /// GB 2312/GBK/GB 18030 (1, 2 or 4 bytes).
    Gb,
    /// Big5, EUC-KR, UHC: 1 byte below 0x80, else 2.
    DoubleHigh,
    ShiftJis,
    Utf16,
    Utf8,
}

#[derive(Debug)]
enum RangeDst {
    Base(Vec<u16>),
    List(Vec<Box<str>>),
}

/// A CMap: a `/ToUnicode` map (`bfchar`, `bfrange`) or a font's encoding (`cidchar`,
/// `cidrange`), with its code space.
#[derive(Debug, Default)]
struct CMap {
    codespace: Vec<CodeRange>,
    single: HashMap<u32, Box<str>>,
    ranges: Vec<(u32, u32, RangeDst)>,
    cid_single: HashMap<u32, u32>,
    cid_ranges: Vec<(u32, u32, u32)>,
    /// A predefined CMap the embedded one builds on (`/UseCMap`, `usecmap`).
    uses: Option<Vec<u8>>,
}

fn code_value(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some(bytes.iter().fold(0u32, |v, &b| v << 8 | u32::from(b)))
}

fn utf16_text(bytes: &[u8]) -> String {
    let units = bytes.chunks(2).map(|c| match *c {
        [hi, lo] => u16::from_be_bytes([hi, lo]),
        [b] => u16::from(b),
        _ => 0,
    });
    char::decode_utf16(units).filter_map(Result::ok).collect()
}

impl CMap {
    fn parse(data: &[u8], max_depth: usize) -> CMap {
        #[derive(PartialEq, Clone, Copy)]
        enum Mode {
            None,
            Codespace,
            BfChar,
            BfRange,
            CidChar,
            CidRange,
        }
        let mut cmap = CMap::default();
        let mut lx = Lexer::new(data, 0);
        let mut mode = Mode::None;
        let mut ops: Vec<Obj> = Vec::new();
        loop {
            match parse_item(&mut lx, max_depth, false) {
                Ok(Item::Obj(o)) => {
                    ops.push(o);
                    let need = match mode {
                        Mode::None => {
                            if ops.len() > 8 {
                                ops.remove(0);
                            }
                            continue;
                        }
                        Mode::Codespace | Mode::BfChar | Mode::CidChar => 2,
                        Mode::BfRange | Mode::CidRange => 3,
                    };
                    if ops.len() < need {
                        continue;
                    }
                    cmap.entry(mode as u8, &ops);
                    ops.clear();
                }
                Ok(Item::Keyword(k)) => {
                    mode = match k {
                        b"begincodespacerange" => Mode::Codespace,
                        b"beginbfchar" => Mode::BfChar,
                        b"beginbfrange" => Mode::BfRange,
                        b"begincidchar" => Mode::CidChar,
                        b"begincidrange" => Mode::CidRange,
                        b"usecmap" => {
                            if let Some(Obj::Name(n)) = ops.last() {
                                cmap.uses = Some(n.clone());
                            }
                            Mode::None
                        }
                        _ => Mode::None,
                    };
                    ops.clear();
                }
                Ok(Item::End) | Err(_) => break,
            }
        }
        cmap.ranges.sort_by_key(|r| r.0);
        cmap.cid_ranges.sort_by_key(|r| r.0);
        cmap
    }

    /// One entry of a section: `mode` 1 codespace, 2 bfchar, 3 bfrange, 4 cidchar,
    /// 5 cidrange (the order of `Mode`).
    fn entry(&mut self, mode: u8, ops: &[Obj]) {
        match (mode, ops) {
            (1, [Obj::Str(lo), Obj::Str(hi)])
                if lo.len() == hi.len() && (1..=4).contains(&lo.len()) =>
            {
                let mut range = CodeRange {
                    len: lo.len(),
                    lo: [0; 4],
                    hi: [0; 4],
                };
                range.lo[..lo.len()].copy_from_slice(lo);
                range.hi[..hi.len()].copy_from_slice(hi);
                self.codespace.push(range);
            }
            (2, [Obj::Str(src), dst]) => {
                let Some(code) = code_value(src) else { return };
                let text = match dst {
                    Obj::Str(d) => utf16_text(d),
                    Obj::Name(n) => glyph_char(n).map(String::from).unwrap_or_default(),
                    _ => return,
                };
                self.single.insert(code, text.into_boxed_str());
            }
            (3, [Obj::Str(lo), Obj::Str(hi), dst]) => {
                let (Some(lo), Some(hi)) = (code_value(lo), code_value(hi)) else {
                    return;
                };
                if lo > hi {
                    return;
                }
                let dst = match dst {
                    Obj::Str(d) => RangeDst::Base(
                        d.chunks(2)
                            .map(|c| match *c {
                                [a, b] => u16::from_be_bytes([a, b]),
                                [a] => u16::from(a),
                                _ => 0,
                            })
                            .collect(),
                    ),
                    Obj::Array(a) => RangeDst::List(
                        a.iter()
                            .map(|d| match d {
                                Obj::Str(d) => utf16_text(d).into_boxed_str(),
                                _ => Box::from(""),
                            })
                            .collect(),
                    ),
                    _ => return,
                };
                self.ranges.push((lo, hi, dst));
            }
            (4, [Obj::Str(src), cid]) => {
                if let (Some(code), Some(cid)) = (code_value(src), cid.as_int()) {
                    self.cid_single
                        .insert(code, u32::try_from(cid).unwrap_or(0));
                }
            }
            (5, [Obj::Str(lo), Obj::Str(hi), cid]) => {
                if let (Some(lo), Some(hi), Some(cid)) =
                    (code_value(lo), code_value(hi), cid.as_int())
                    && lo <= hi
                {
                    self.cid_ranges
                        .push((lo, hi, u32::try_from(cid).unwrap_or(0)));
                }
            }
            _ => {}
        }
    }

    /// The text of a code, appended to `out`; false when the map has none.
    fn text(&self, code: u32, out: &mut String) -> bool {
        if let Some(t) = self.single.get(&code) {
            out.push_str(t);
            return !t.is_empty();
        }
        let k = self.ranges.partition_point(|r| r.0 <= code);
        // The range starting last at or before the code, then earlier ones (overlaps).
        for (lo, hi, dst) in self.ranges[..k].iter().rev().take(8) {
            if code > *hi {
                continue;
            }
            let offset = code - lo;
            match dst {
                RangeDst::Base(units) => {
                    let mut units = units.clone();
                    if let Some(last) = units.last_mut() {
                        *last = last.wrapping_add(offset as u16);
                    }
                    let before = out.len();
                    out.extend(char::decode_utf16(units).filter_map(Result::ok));
                    return out.len() > before;
                }
                RangeDst::List(list) => {
                    return match list.get(offset as usize) {
                        Some(t) if !t.is_empty() => {
                            out.push_str(t);
                            true
                        }
                        _ => false,
                    };
                }
            }
        }
        false
    }

    fn cid(&self, code: u32) -> Option<u32> {
        if let Some(&c) = self.cid_single.get(&code) {
            return Some(c);
        }
        let k = self.cid_ranges.partition_point(|r| r.0 <= code);
        let (lo, hi, cid) = *self.cid_ranges.get(k.checked_sub(1)?)?;
        (code <= hi).then(|| cid.wrapping_add(code - lo))
    }
}

#[derive(Debug)]
enum Widths {
    /// A simple font: `/FirstChar` and `/Widths`, the width of codes not listed.
    Simple {
        first: i64,
        widths: Vec<f64>,
        missing: f64,
    },
    /// A CID font: `/W` as sorted ranges of CIDs, `/DW`.
    Cid {
        ranges: Vec<(u32, u32, f64)>,
        default: f64,
    },
}

#[derive(Debug)]
struct Font {
    name: String,
    codes: Codes,
    to_unicode: Option<CMap>,
    /// A simple font's encoding: the character of each code.
    simple: Option<Vec<Option<char>>>,
    /// A composite font's predefined CMap whose codes are Unicode (UTF-16BE, UTF-8).
    unicode_codes: bool,
    /// A composite font's predefined CMap whose codes are a legacy encoding's.
    legacy: Option<&'static encoding_rs::Encoding>,
    /// A composite font's embedded encoding CMap (code → CID).
    cid_map: Option<CMap>,
    identity: bool,
    widths: Widths,
    /// Glyph-space width units to text space (1/1000, or a Type 3 font's matrix).
    scale: f64,
    /// The em of a Type 3 font relative to the text size.
    em: f64,
    vertical: bool,
}

impl Font {
    /// A font for text drawn without one (no `Tf`, or a name the resources lack).
    fn fallback() -> Font {
        Font {
            name: "(none)".to_owned(),
            codes: Codes::One,
            to_unicode: None,
            simple: Some(base_encoding(b"WinAnsiEncoding")),
            unicode_codes: false,
            legacy: None,
            cid_map: None,
            identity: false,
            widths: Widths::Simple {
                first: 0,
                widths: Vec::new(),
                missing: 500.0,
            },
            scale: 0.001,
            em: 1.0,
            vertical: false,
        }
    }

    /// The next code of a string: its value and byte length (at least 1).
    fn next_code(&self, s: &[u8]) -> (u32, usize) {
        let b0 = s.first().copied().unwrap_or(0);
        let len = match &self.codes {
            Codes::One => 1,
            Codes::Two => 2,
            Codes::Ranges(ranges) => (1..=4)
                .find(|&len| {
                    s.len() >= len
                        && ranges.iter().any(|r| {
                            r.len == len && (0..len).all(|i| r.lo[i] <= s[i] && s[i] <= r.hi[i])
                        })
                })
                .unwrap_or_else(|| ranges.iter().map(|r| r.len).min().unwrap_or(1)),
            Codes::Gb => {
                if b0 < 0x80 {
                    1
                } else if s.get(1).is_some_and(|b| (0x30..=0x39).contains(b)) {
                    4
                } else {
                    2
                }
            }
            Codes::DoubleHigh => {
                if b0 < 0x80 {
                    1
                } else {
                    2
                }
            }
            Codes::ShiftJis => {
                if matches!(b0, 0x81..=0x9F | 0xE0..=0xFC) {
                    2
                } else {
                    1
                }
            }
            Codes::Utf16 => {
                if (0xD8..=0xDB).contains(&b0) {
                    4
                } else {
                    2
                }
            }
            Codes::Utf8 => match b0 {
                0xF0..=0xF7 => 4,
                0xE0..=0xEF => 3,
                0xC0..=0xDF => 2,
                _ => 1,
            },
        };
        let len = len.clamp(1, s.len().max(1)).min(4);
        let bytes = s.get(..len).unwrap_or(s);
        (code_value(bytes).unwrap_or(0), len.max(1))
    }

    /// Appends the text of a code to `out`; false when the font does not say it.
    fn text(&self, code: u32, bytes: &[u8], out: &mut String) -> bool {
        if let Some(tu) = &self.to_unicode
            && tu.text(code, out)
        {
            return true;
        }
        if let Some(table) = &self.simple {
            return match table.get(code as usize).copied().flatten() {
                Some(c) => {
                    out.push(c);
                    true
                }
                None => false,
            };
        }
        if self.unicode_codes {
            let text = match self.codes {
                Codes::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
                _ => utf16_text(bytes),
            };
            out.push_str(&text);
            return !text.is_empty();
        }
        if let Some(enc) = self.legacy
            && let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes)
        {
            out.push_str(&text);
            return !text.is_empty();
        }
        false
    }

    /// The advance of a code, in text space units per unit of font size.
    fn width(&self, code: u32, len: usize) -> f64 {
        let w = match &self.widths {
            Widths::Simple {
                first,
                widths,
                missing,
            } => i64::from(code)
                .checked_sub(*first)
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| widths.get(i))
                .copied()
                .unwrap_or(*missing),
            Widths::Cid { ranges, default } => {
                let cid = if self.identity {
                    Some(code)
                } else {
                    self.cid_map.as_ref().and_then(|m| m.cid(code))
                };
                match cid {
                    Some(cid) => {
                        let k = ranges.partition_point(|r| r.0 <= cid);
                        match k.checked_sub(1).and_then(|k| ranges.get(k)) {
                            Some(&(_, hi, w)) if cid <= hi => w,
                            _ => *default,
                        }
                    }
                    // A legacy CMap without its CID tables: half width for single bytes.
                    None if len == 1 => default / 2.0,
                    None => *default,
                }
            }
        };
        w * self.scale
    }
}

/// A predefined CMap by name: how its codes split and what they are.
fn predefined_cmap(name: &[u8]) -> (Codes, bool, Option<&'static encoding_rs::Encoding>) {
    let has = |part: &[u8]| find(name, part).is_some();
    if name.starts_with(b"Identity") {
        (Codes::Two, false, None)
    } else if name.starts_with(b"Uni") && (has(b"UCS2") || has(b"UTF16")) {
        (Codes::Utf16, true, None)
    } else if name.starts_with(b"Uni") && has(b"UTF8") {
        (Codes::Utf8, true, None)
    } else if name.starts_with(b"GB") {
        (Codes::Gb, false, Some(encoding_rs::GB18030))
    } else if has(b"B5") || name.starts_with(b"CNS-EUC") {
        (Codes::DoubleHigh, false, Some(encoding_rs::BIG5))
    } else if has(b"RKSJ") {
        (Codes::ShiftJis, false, Some(encoding_rs::SHIFT_JIS))
    } else if name.starts_with(b"KSC") {
        (Codes::DoubleHigh, false, Some(encoding_rs::EUC_KR))
    } else {
        (Codes::Two, false, None)
    }
}

/// Glyph names of ASCII 0x20–0x7E, in order.
const ASCII_NAMES: [&str; 95] = [
    "space",
    "exclam",
    "quotedbl",
    "numbersign",
    "dollar",
    "percent",
    "ampersand",
    "quotesingle",
    "parenleft",
    "parenright",
    "asterisk",
    "plus",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less",
    "equal",
    "greater",
    "question",
    "at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "bracketleft",
    "backslash",
    "bracketright",
    "asciicircum",
    "underscore",
    "grave",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "braceleft",
    "bar",
    "braceright",
    "asciitilde",
];

/// Glyph names of Latin-1 0xA0–0xFF, in order.
const LATIN1_NAMES: [&str; 96] = [
    "nbspace",
    "exclamdown",
    "cent",
    "sterling",
    "currency",
    "yen",
    "brokenbar",
    "section",
    "dieresis",
    "copyright",
    "ordfeminine",
    "guillemotleft",
    "logicalnot",
    "sfthyphen",
    "registered",
    "macron",
    "degree",
    "plusminus",
    "twosuperior",
    "threesuperior",
    "acute",
    "mu",
    "paragraph",
    "periodcentered",
    "cedilla",
    "onesuperior",
    "ordmasculine",
    "guillemotright",
    "onequarter",
    "onehalf",
    "threequarters",
    "questiondown",
    "Agrave",
    "Aacute",
    "Acircumflex",
    "Atilde",
    "Adieresis",
    "Aring",
    "AE",
    "Ccedilla",
    "Egrave",
    "Eacute",
    "Ecircumflex",
    "Edieresis",
    "Igrave",
    "Iacute",
    "Icircumflex",
    "Idieresis",
    "Eth",
    "Ntilde",
    "Ograve",
    "Oacute",
    "Ocircumflex",
    "Otilde",
    "Odieresis",
    "multiply",
    "Oslash",
    "Ugrave",
    "Uacute",
    "Ucircumflex",
    "Udieresis",
    "Yacute",
    "Thorn",
    "germandbls",
    "agrave",
    "aacute",
    "acircumflex",
    "atilde",
    "adieresis",
    "aring",
    "ae",
    "ccedilla",
    "egrave",
    "eacute",
    "ecircumflex",
    "edieresis",
    "igrave",
    "iacute",
    "icircumflex",
    "idieresis",
    "eth",
    "ntilde",
    "ograve",
    "oacute",
    "ocircumflex",
    "otilde",
    "odieresis",
    "divide",
    "oslash",
    "ugrave",
    "uacute",
    "ucircumflex",
    "udieresis",
    "yacute",
    "thorn",
    "ydieresis",
];

/// Other glyph names of the Adobe Glyph List that text fonts use.
const OTHER_NAMES: [(&str, char); 38] = [
    ("quoteleft", '\u{2018}'),
    ("quoteright", '\u{2019}'),
    ("quotedblleft", '\u{201C}'),
    ("quotedblright", '\u{201D}'),
    ("quotesinglbase", '\u{201A}'),
    ("quotedblbase", '\u{201E}'),
    ("guilsinglleft", '\u{2039}'),
    ("guilsinglright", '\u{203A}'),
    ("bullet", '\u{2022}'),
    ("endash", '\u{2013}'),
    ("emdash", '\u{2014}'),
    ("ellipsis", '\u{2026}'),
    ("dagger", '\u{2020}'),
    ("daggerdbl", '\u{2021}'),
    ("perthousand", '\u{2030}'),
    ("trademark", '\u{2122}'),
    ("Euro", '\u{20AC}'),
    ("fi", '\u{FB01}'),
    ("fl", '\u{FB02}'),
    ("ff", '\u{FB00}'),
    ("ffi", '\u{FB03}'),
    ("ffl", '\u{FB04}'),
    ("fraction", '\u{2044}'),
    ("florin", '\u{0192}'),
    ("circumflex", '\u{02C6}'),
    ("tilde", '\u{02DC}'),
    ("dotlessi", '\u{0131}'),
    ("OE", '\u{0152}'),
    ("oe", '\u{0153}'),
    ("Scaron", '\u{0160}'),
    ("scaron", '\u{0161}'),
    ("Zcaron", '\u{017D}'),
    ("zcaron", '\u{017E}'),
    ("Ydieresis", '\u{0178}'),
    ("minus", '\u{2212}'),
    ("space", ' '),
    ("nonbreakingspace", '\u{00A0}'),
    ("middot", '\u{00B7}'),
];

/// The character of a glyph name: `uniXXXX`, `uXXXX[XX]`, or a name of the Adobe Glyph
/// List that Latin text fonts use.
fn glyph_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let name = name.split('.').next().unwrap_or(name);
    let hex = |h: &str| u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
    if let Some(h) = name.strip_prefix("uni")
        && h.len() == 4
    {
        return hex(h);
    }
    if let Some(h) = name.strip_prefix('u')
        && (4..=6).contains(&h.len())
        && h.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return hex(h);
    }
    static NAMES: std::sync::LazyLock<HashMap<&'static str, char>> =
        std::sync::LazyLock::new(|| {
            let mut names: HashMap<&'static str, char> = OTHER_NAMES.iter().copied().collect();
            for (i, &name) in (0u32..).zip(LATIN1_NAMES.iter()) {
                names.insert(name, char::from_u32(0xA0 + i).unwrap_or(' '));
            }
            for (i, &name) in (0u32..).zip(ASCII_NAMES.iter()) {
                names.insert(name, char::from_u32(0x20 + i).unwrap_or(' '));
            }
            names
        });
    NAMES.get(name).copied()
}

/// StandardEncoding's codes above 0x7E (the rest is ASCII but 0x27 and 0x60).
const STANDARD_HIGH: [(u8, char); 56] = [
    (0xA1, '¡'),
    (0xA2, '¢'),
    (0xA3, '£'),
    (0xA4, '\u{2044}'),
    (0xA5, '¥'),
    (0xA6, 'ƒ'),
    (0xA7, '§'),
    (0xA8, '¤'),
    (0xA9, '\''),
    (0xAA, '“'),
    (0xAB, '«'),
    (0xAC, '‹'),
    (0xAD, '›'),
    (0xAE, '\u{FB01}'),
    (0xAF, '\u{FB02}'),
    (0xB1, '–'),
    (0xB2, '†'),
    (0xB3, '‡'),
    (0xB4, '·'),
    (0xB6, '¶'),
    (0xB7, '•'),
    (0xB8, '‚'),
    (0xB9, '„'),
    (0xBA, '”'),
    (0xBB, '»'),
    (0xBC, '…'),
    (0xBD, '‰'),
    (0xBF, '¿'),
    (0xC1, '`'),
    (0xC2, '´'),
    (0xC3, 'ˆ'),
    (0xC4, '˜'),
    (0xC5, '¯'),
    (0xC6, '˘'),
    (0xC7, '˙'),
    (0xC8, '¨'),
    (0xCA, '˚'),
    (0xCB, '¸'),
    (0xCD, '˝'),
    (0xCE, '˛'),
    (0xCF, 'ˇ'),
    (0xD0, '—'),
    (0xE1, 'Æ'),
    (0xE3, 'ª'),
    (0xE8, 'Ł'),
    (0xE9, 'Ø'),
    (0xEA, 'Œ'),
    (0xEB, 'º'),
    (0xF1, 'æ'),
    (0xF5, 'ı'),
    (0xF8, 'ł'),
    (0xF9, 'ø'),
    (0xFA, 'œ'),
    (0xFB, 'ß'),
    (0x27, '’'),
    (0x60, '‘'),
];

/// The 256 characters of a base encoding by name (StandardEncoding for any other name).
fn base_encoding(name: &[u8]) -> Vec<Option<char>> {
    type Table = std::sync::LazyLock<Vec<Option<char>>>;
    static WIN_ANSI: Table = Table::new(|| make_base_encoding(b"WinAnsiEncoding"));
    static MAC_ROMAN: Table = Table::new(|| make_base_encoding(b"MacRomanEncoding"));
    static STANDARD: Table = Table::new(|| make_base_encoding(b"StandardEncoding"));
    match name {
        b"WinAnsiEncoding" | b"PDFDocEncoding" => WIN_ANSI.clone(),
        b"MacRomanEncoding" | b"MacExpertEncoding" => MAC_ROMAN.clone(),
        _ => STANDARD.clone(),
    }
}

fn make_base_encoding(name: &[u8]) -> Vec<Option<char>> {
    let mut table = vec![None; 256];
    let single = |enc: &'static encoding_rs::Encoding, b: u8| {
        enc.decode_without_bom_handling_and_without_replacement(&[b])
            .and_then(|s| s.chars().next())
            .filter(|c| !c.is_control())
    };
    match name {
        b"WinAnsiEncoding" | b"PDFDocEncoding" => {
            for (b, slot) in table.iter_mut().enumerate() {
                *slot = single(encoding_rs::WINDOWS_1252, b as u8);
            }
        }
        b"MacRomanEncoding" | b"MacExpertEncoding" => {
            for (b, slot) in table.iter_mut().enumerate() {
                *slot = single(encoding_rs::MACINTOSH, b as u8);
            }
        }
        _ => {
            for b in 0x20u8..0x7F {
                table[usize::from(b)] = Some(char::from(b));
            }
            for &(b, c) in &STANDARD_HIGH {
                table[usize::from(b)] = Some(c);
            }
        }
    }
    table
}

/// The ideograph a Kangxi radical or CJK radical supplement code point prints as: Word
/// and other writers map some ideographs to these in `/ToUnicode` (方 as ⽅ U+2F45).
fn radical_as_ideograph(c: char) -> Option<char> {
    const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";
    const SUPPLEMENT: [(char, char); 24] = [
        ('\u{2E9F}', '母'),
        ('\u{2EA0}', '民'),
        ('\u{2EC5}', '见'),
        ('\u{2EC6}', '角'),
        ('\u{2EC9}', '贝'),
        ('\u{2ECB}', '车'),
        ('\u{2ED3}', '长'),
        ('\u{2ED4}', '门'),
        ('\u{2ED9}', '韦'),
        ('\u{2EDA}', '页'),
        ('\u{2EDB}', '风'),
        ('\u{2EDC}', '飞'),
        ('\u{2EE2}', '马'),
        ('\u{2EE3}', '骨'),
        ('\u{2EE5}', '鱼'),
        ('\u{2EE6}', '鸟'),
        ('\u{2EE7}', '卤'),
        ('\u{2EE8}', '麦'),
        ('\u{2EE9}', '黄'),
        ('\u{2EEA}', '黾'),
        ('\u{2EEC}', '齐'),
        ('\u{2EEE}', '齿'),
        ('\u{2EF0}', '龙'),
        ('\u{2EF3}', '龟'),
    ];
    let code = u32::from(c);
    if !(0x2E80..=0x2FD5).contains(&code) {
        return None;
    }
    if (0x2F00..=0x2FD5).contains(&code) {
        return KANGXI.chars().nth((code - 0x2F00) as usize);
    }
    SUPPLEMENT.iter().find(|(r, _)| *r == c).map(|&(_, i)| i)
}

/// A text string of the document (`/ActualText`): UTF-16BE with its BOM, UTF-8 with its
/// BOM, else PDFDocEncoding (read as Latin-1).
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16_text(rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

fn rect(o: &Obj) -> Option<[f64; 4]> {
    let a = o.as_array()?;
    let v: Vec<f64> = a.iter().filter_map(Obj::as_f64).collect();
    let [x0, y0, x1, y1] = <[f64; 4]>::try_from(v).ok()?;
    let r = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}

fn matrix(o: Option<&Obj>) -> Option<M> {
    let v: Vec<f64> = o?.as_array()?.iter().filter_map(Obj::as_f64).collect();
    <[f64; 6]>::try_from(v).ok()
}

/// A page-tree node to visit, with the resources, media box and crop box it inherits.
type Node = (Obj, Obj, Option<[f64; 4]>, Option<[f64; 4]>);

struct Page {
    resources: Obj,
    contents: Obj,
    bbox: [f64; 4],
}

impl Doc<'_> {
    fn font(&mut self, obj: &Obj) -> Result<Rc<Font>, Failure> {
        let key = match obj {
            Obj::Ref(n, _) => Some(*n),
            _ => None,
        };
        if let Some(k) = key
            && let Some(f) = self.fonts.get(&k)
        {
            return Ok(f.clone());
        }
        let font = Rc::new(self.load_font(obj)?);
        if let Some(k) = key {
            self.fonts.insert(k, font.clone());
        }
        Ok(font)
    }

    fn cmap_of(&mut self, obj: Option<&Obj>) -> Result<Option<CMap>, Failure> {
        let Some(obj) = obj else { return Ok(None) };
        match self.resolve(obj)? {
            Obj::Stream(s) => Ok(self
                .decode(&s)?
                .map(|data| CMap::parse(&data, max_depth(&self.limits)))),
            _ => Ok(None),
        }
    }

    fn load_font(&mut self, obj: &Obj) -> Result<Font, Failure> {
        let mut font = Font::fallback();
        let Some(d) = self.resolve(obj)?.as_dict().cloned() else {
            return Ok(font);
        };
        let subtype = d
            .get(b"Subtype")
            .and_then(Obj::as_name)
            .unwrap_or(b"")
            .to_vec();
        font.name = d
            .get(b"BaseFont")
            .and_then(Obj::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_else(|| format!("a {} font", String::from_utf8_lossy(&subtype)));
        font.to_unicode = self.cmap_of(d.get(b"ToUnicode"))?;
        if subtype == b"Type0" {
            self.composite_font(&d, &mut font)?;
        } else {
            self.simple_font(&d, &subtype, &mut font)?;
        }
        Ok(font)
    }

    fn composite_font(&mut self, d: &Dict, font: &mut Font) -> Result<(), Failure> {
        font.simple = None;
        let encoding = match d.get(b"Encoding") {
            Some(e) => self.resolve(e)?,
            None => Obj::Null,
        };
        let mut ranges = Vec::new();
        let name: Vec<u8> = match &encoding {
            Obj::Name(n) => n.clone(),
            Obj::Stream(s) => {
                let cmap = self.cmap_of(Some(&encoding))?;
                let uses = s
                    .dict
                    .get(b"UseCMap")
                    .and_then(Obj::as_name)
                    .map(<[u8]>::to_vec);
                let named = s
                    .dict
                    .get(b"CMapName")
                    .and_then(Obj::as_name)
                    .map(<[u8]>::to_vec);
                font.vertical = s.dict.get(b"WMode").and_then(Obj::as_int) == Some(1);
                let mut name = uses.or_else(|| cmap.as_ref().and_then(|c| c.uses.clone()));
                if let Some(cmap) = cmap {
                    ranges.clone_from(&cmap.codespace);
                    font.cid_map = Some(cmap);
                }
                if name.is_none() {
                    name = named;
                }
                name.unwrap_or_default()
            }
            _ => b"Identity-H".to_vec(),
        };
        let (codes, unicode_codes, legacy) = predefined_cmap(&name);
        font.identity = name.starts_with(b"Identity") && font.cid_map.is_none();
        font.vertical |= name.ends_with(b"-V");
        font.codes = if ranges.is_empty() {
            codes
        } else {
            Codes::Ranges(ranges)
        };
        // An unknown CMap: the code space of the /ToUnicode map, if it has one.
        if matches!(font.codes, Codes::Two)
            && !font.identity
            && let Some(tu) = &font.to_unicode
            && !tu.codespace.is_empty()
        {
            font.codes = Codes::Ranges(tu.codespace.clone());
        }
        font.unicode_codes = unicode_codes;
        font.legacy = legacy;
        let descendant = match d.get(b"DescendantFonts") {
            Some(a) => self.resolve(a)?,
            None => Obj::Null,
        };
        let first = descendant.as_array().and_then(|a| a.first()).cloned();
        let cid_font = match first {
            Some(f) => self.resolve(&f)?.as_dict().cloned(),
            None => None,
        };
        let mut ranges = Vec::new();
        let mut default = 1000.0;
        if let Some(cf) = cid_font {
            default = cf.get(b"DW").and_then(Obj::as_f64).unwrap_or(1000.0);
            let w = match cf.get(b"W") {
                Some(w) => self.resolve(w)?,
                None => Obj::Null,
            };
            let items = w.as_array().unwrap_or(&[]);
            let mut i = 0;
            while let Some(first) = items.get(i).and_then(Obj::as_int) {
                let Ok(first) = u32::try_from(first) else {
                    break;
                };
                match items.get(i + 1) {
                    Some(Obj::Array(ws)) => {
                        for (k, w) in ws.iter().enumerate() {
                            let cid = first.saturating_add(u32::try_from(k).unwrap_or(u32::MAX));
                            ranges.push((cid, cid, w.as_f64().unwrap_or(default)));
                        }
                        i += 2;
                    }
                    Some(last) => {
                        let (Some(last), Some(w)) = (
                            last.as_int().and_then(|l| u32::try_from(l).ok()),
                            items.get(i + 2).and_then(Obj::as_f64),
                        ) else {
                            break;
                        };
                        if first <= last {
                            ranges.push((first, last, w));
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
        }
        ranges.sort_by_key(|r| r.0);
        font.widths = Widths::Cid { ranges, default };
        Ok(())
    }

    fn simple_font(&mut self, d: &Dict, subtype: &[u8], font: &mut Font) -> Result<(), Failure> {
        font.codes = Codes::One;
        let type3 = subtype == b"Type3";
        if type3 {
            let fm = matrix(d.get(b"FontMatrix")).unwrap_or([0.001, 0.0, 0.0, 0.001, 0.0, 0.0]);
            if fm[0].abs() > 1e-9 && fm[0].is_finite() {
                font.scale = fm[0].abs();
            }
            if fm[3].abs() > 1e-9 && fm[3].is_finite() {
                font.em = fm[3].abs() * 1000.0;
            }
        }
        // Encoding: a base encoding and /Differences.
        let encoding = match d.get(b"Encoding") {
            Some(e) => self.resolve(e)?,
            None => Obj::Null,
        };
        let default_base: &[u8] = match subtype {
            b"TrueType" => b"WinAnsiEncoding",
            b"Type3" => b"",
            _ => b"StandardEncoding",
        };
        let (base, differences) = match &encoding {
            Obj::Name(n) => (n.clone(), None),
            Obj::Dict(e) => (
                e.get(b"BaseEncoding")
                    .and_then(Obj::as_name)
                    .map_or_else(|| default_base.to_vec(), <[u8]>::to_vec),
                e.get(b"Differences").cloned(),
            ),
            _ => (default_base.to_vec(), None),
        };
        let mut table = if base.is_empty() {
            vec![None; 256]
        } else {
            base_encoding(&base)
        };
        if let Some(diff) = differences {
            let diff = self.resolve(&diff)?;
            let mut code: i64 = 0;
            for item in diff.as_array().unwrap_or(&[]) {
                match item {
                    Obj::Int(c) => code = *c,
                    Obj::Name(n) => {
                        if let Some(slot) =
                            usize::try_from(code).ok().and_then(|c| table.get_mut(c))
                        {
                            *slot = glyph_char(n);
                        }
                        code = code.saturating_add(1);
                    }
                    _ => {}
                }
            }
        }
        font.simple = Some(table);
        // Widths.
        let first = d.get(b"FirstChar").and_then(Obj::as_int).unwrap_or(0);
        let widths = match d.get(b"Widths") {
            Some(w) => self.resolve(w)?,
            None => Obj::Null,
        };
        let descriptor = match d.get(b"FontDescriptor") {
            Some(f) => self.resolve(f)?,
            None => Obj::Null,
        };
        let missing = descriptor
            .as_dict()
            .and_then(|f| f.get(b"MissingWidth"))
            .and_then(Obj::as_f64);
        let widths: Vec<f64> = widths
            .as_array()
            .unwrap_or(&[])
            .iter()
            .map(|w| w.as_f64().unwrap_or(0.0))
            .collect();
        let missing = missing.unwrap_or(if widths.is_empty() {
            // A standard font without widths: an average advance.
            if font.name.contains("Courier") {
                600.0
            } else {
                500.0
            }
        } else {
            0.0
        });
        font.widths = Widths::Simple {
            first,
            widths,
            missing,
        };
        Ok(())
    }

    fn pages(&mut self) -> Result<Vec<Page>, Failure> {
        let catalog = self
            .catalog()?
            .ok_or_else(|| corrupt("no document catalog (/Root)"))?;
        let root = catalog.get(b"Pages").cloned().unwrap_or(Obj::Null);
        let mut pages = Vec::new();
        let mut seen = HashSet::new();
        let mut stack: Vec<Node> = vec![(root, Obj::Null, None, None)];
        while let Some((node, resources, media, crop)) = stack.pop() {
            if let Obj::Ref(n, _) = node
                && !seen.insert(n)
            {
                return Err(hostile(format!(
                    "the page tree comes back to object {n} (a /Kids loop)"
                )));
            }
            let node = self.resolve(&node)?;
            let Some(d) = node.as_dict().cloned() else {
                continue;
            };
            let resources = d.get(b"Resources").cloned().unwrap_or(resources);
            let media = match d.get(b"MediaBox") {
                Some(m) => rect(&self.resolve(m)?).or(media),
                None => media,
            };
            let crop = match d.get(b"CropBox") {
                Some(c) => rect(&self.resolve(c)?).or(crop),
                None => crop,
            };
            let kind = d.get(b"Type").and_then(Obj::as_name);
            let kids = d.get(b"Kids");
            if kind == Some(b"Pages") || (kind != Some(b"Page") && kids.is_some()) {
                let kids = match kids {
                    Some(k) => self.resolve(k)?,
                    None => Obj::Null,
                };
                for kid in kids.as_array().unwrap_or(&[]).iter().rev() {
                    stack.push((kid.clone(), resources.clone(), media, crop));
                }
                if stack.len() > self.limits.max_objects {
                    return Err(self.too_many_objects());
                }
            } else {
                let media = media.unwrap_or([0.0, 0.0, 612.0, 792.0]);
                let bbox = match crop {
                    // The crop box within the media box.
                    Some(c) => {
                        let r = [
                            c[0].max(media[0]),
                            c[1].max(media[1]),
                            c[2].min(media[2]),
                            c[3].min(media[3]),
                        ];
                        if r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0 {
                            r
                        } else {
                            media
                        }
                    }
                    None => media,
                };
                pages.push(Page {
                    resources,
                    contents: d.get(b"Contents").cloned().unwrap_or(Obj::Null),
                    bbox,
                });
                if pages.len() > self.limits.max_objects {
                    return Err(self.too_many_objects());
                }
            }
        }
        Ok(pages)
    }

    /// A named resource (`/Font /F1`, `/XObject /X1`, `/Properties /P1`), unresolved.
    fn named(
        &mut self,
        resources: Option<&Rc<Dict>>,
        category: &[u8],
        name: &[u8],
    ) -> Result<Obj, Failure> {
        let Some(group) = resources.and_then(|r| r.get(category)).cloned() else {
            return Ok(Obj::Null);
        };
        Ok(self
            .resolve(&group)?
            .as_dict()
            .and_then(|g| g.get(name))
            .cloned()
            .unwrap_or(Obj::Null))
    }

    fn dict_of(&mut self, o: &Obj) -> Result<Option<Rc<Dict>>, Failure> {
        Ok(self.resolve(o)?.as_dict().cloned())
    }
}

// ---------------------------------------------------------------------------------------
// Drawing: the content-stream interpreter
// ---------------------------------------------------------------------------------------

type M = [f64; 6];
const IDENTITY: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

#[derive(Clone)]
struct GState {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f64,
    tc: f64,
    tw: f64,
    th: f64,
    tl: f64,
    rise: f64,
}

/// A glyph placed in the frame of its own orientation: `x` along its baseline, `y` up.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    orient: u8,
    start: u32,
    len: u32,
}

#[derive(Default)]
struct PageText {
    glyphs: Vec<Glyph>,
    text: String,
    undecodable: usize,
    undecodable_font: Option<String>,
    radicals: usize,
}

/// Glyphs drawn inside `/ActualText` marked content: replaced by that text.
struct Actual {
    depth: usize,
    text: String,
    /// The origin, baseline direction and size of the first glyph.
    first: Option<(Point, Point, f64)>,
    end: (f64, f64),
}

type Point = (f64, f64);

struct Exec {
    data: Rc<Vec<u8>>,
    pos: usize,
    resources: Option<Rc<Dict>>,
    /// The fonts of `resources` by name, as loaded (a font given directly in the
    /// resources, not by reference, is loaded once, not at every `Tf`).
    fonts: HashMap<Vec<u8>, Option<Rc<Font>>>,
    form: Option<u32>,
    saved: usize,
}

struct Painter {
    gs: GState,
    gstack: Vec<GState>,
    tm: M,
    tlm: M,
    out: PageText,
    actual: Option<Actual>,
    marked: usize,
    bbox: [f64; 4],
    fallback: Rc<Font>,
}

fn to_frame(orient: u8, (x, y): (f64, f64)) -> (f64, f64) {
    match orient {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    }
}

impl Painter {
    fn show(&mut self, s: &[u8]) -> Result<(), Failure> {
        let font = self
            .gs
            .font
            .clone()
            .unwrap_or_else(|| self.fallback.clone());
        let mut i = 0;
        while i < s.len() {
            let rest = &s[i..];
            let (code, len) = font.next_code(rest);
            let bytes = rest.get(..len).unwrap_or(rest);
            i += len;
            let g = &self.gs;
            let w0 = font.width(code, len);
            let m = mul(&self.tm, &g.ctm);
            let trm = mul(&[g.size * g.th, 0.0, 0.0, g.size, 0.0, g.rise], &m);
            let size = (g.size * font.em).abs() * m[2].hypot(m[3]);
            let origin = (trm[4], trm[5]);
            let spacing = g.tc + if len == 1 && code == 32 { g.tw } else { 0.0 };
            let (end, dir, advance) = if font.vertical {
                // Vertical writing: one em down per glyph (the default /W2).
                let down = (
                    -trm[2] / g.size.abs().max(1e-9),
                    -trm[3] / g.size.abs().max(1e-9),
                );
                let em = g.size;
                (
                    (origin.0 + down.0 * em, origin.1 + down.1 * em),
                    down,
                    [1.0, 0.0, 0.0, 1.0, 0.0, -(em + spacing)],
                )
            } else {
                (
                    (w0 * trm[0] + trm[4], w0 * trm[1] + trm[5]),
                    (trm[0], trm[1]),
                    [1.0, 0.0, 0.0, 1.0, (w0 * g.size + spacing) * g.th, 0.0],
                )
            };
            self.glyph(&font, code, bytes, origin, end, dir, size)?;
            self.tm = mul(&advance, &self.tm);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn glyph(
        &mut self,
        font: &Font,
        code: u32,
        bytes: &[u8],
        origin: (f64, f64),
        end: (f64, f64),
        dir: (f64, f64),
        size: f64,
    ) -> Result<(), Failure> {
        let finite = [origin.0, origin.1, end.0, end.1, dir.0, dir.1, size];
        if finite.iter().any(|v| !v.is_finite()) || size < 0.05 {
            return Ok(());
        }
        if let Some(a) = &mut self.actual {
            if a.first.is_none() {
                a.first = Some((origin, dir, size));
            }
            a.end = end;
            return Ok(());
        }
        let start = self.out.text.len();
        if !font.text(code, bytes, &mut self.out.text) {
            self.out.text.truncate(start);
            self.out.undecodable += 1;
            if self.out.undecodable_font.is_none() {
                self.out.undecodable_font = Some(font.name.clone());
            }
            return Ok(());
        }
        self.place(start, origin, end, dir, size)
    }

    /// Records the glyph whose text was appended from byte `start`.
    fn place(
        &mut self,
        start: usize,
        origin: (f64, f64),
        end: (f64, f64),
        dir: (f64, f64),
        size: f64,
    ) -> Result<(), Failure> {
        let added = self.out.text.get(start..).unwrap_or("");
        if added
            .chars()
            .any(|c| c.is_control() || radical_as_ideograph(c).is_some())
        {
            let mut fixed = String::with_capacity(added.len());
            for c in added.chars() {
                if let Some(i) = radical_as_ideograph(c) {
                    self.out.radicals += 1;
                    fixed.push(i);
                } else if c.is_control() {
                    fixed.push(' ');
                } else {
                    fixed.push(c);
                }
            }
            self.out.text.truncate(start);
            self.out.text.push_str(&fixed);
        }
        let b = self.bbox;
        let slack = 2.0 * size + 10.0;
        if origin.0 < b[0] - slack
            || origin.0 > b[2] + slack
            || origin.1 < b[1] - slack
            || origin.1 > b[3] + slack
        {
            // Drawn off the page: not printed.
            self.out.text.truncate(start);
            return Ok(());
        }
        if self.out.glyphs.len() >= MAX_PAGE_GLYPHS {
            return Err(hostile(format!(
                "a page draws more than {MAX_PAGE_GLYPHS} glyphs"
            )));
        }
        let orient = if dir.0.abs() >= dir.1.abs() {
            if dir.0 >= 0.0 { 0 } else { 2 }
        } else if dir.1 > 0.0 {
            1
        } else {
            3
        };
        let (x0, y) = to_frame(orient, origin);
        let (x1, _) = to_frame(orient, end);
        let len = self.out.text.len() - start;
        self.out.glyphs.push(Glyph {
            x0: x0 as f32,
            x1: x1.max(x0) as f32,
            y: y as f32,
            size: size as f32,
            orient,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            len: u32::try_from(len).unwrap_or(0),
        });
        Ok(())
    }

    fn end_actual(&mut self) -> Result<(), Failure> {
        if let Some(a) = self.actual.take()
            && let Some((origin, dir, size)) = a.first
            && !a.text.is_empty()
        {
            let start = self.out.text.len();
            self.out.text.push_str(&a.text);
            self.place(start, origin, a.end, dir, size)?;
        }
        Ok(())
    }
}

fn nums<const N: usize>(ops: &[Obj]) -> Option<[f64; N]> {
    let tail = ops.get(ops.len().checked_sub(N)?..)?;
    let mut out = [0.0; N];
    for (o, v) in out.iter_mut().zip(tail) {
        *o = v.as_f64()?;
    }
    Some(out)
}

impl Doc<'_> {
    /// Counts content bytes interpreted, a form's each time it is drawn: all together
    /// capped by `max_unpacked`, so that forms drawing forms many times cannot hang.
    fn count_drawn(&self, bytes: usize, drawn: &mut u64) -> Result<(), Failure> {
        *drawn = drawn.saturating_add(bytes as u64);
        if *drawn > self.limits.max_unpacked {
            return Err(hostile(format!(
                "its pages draw more than {} bytes of content, forms counted each time they are drawn (limits.max_unpacked)",
                self.limits.max_unpacked
            )));
        }
        Ok(())
    }

    /// Draws a page: its glyphs with their text and places.
    fn draw(&mut self, page: &Page, operations: &mut u64) -> Result<PageText, Failure> {
        let mut data = Vec::new();
        let contents = self.resolve(&page.contents)?;
        let streams: Vec<Obj> = match &contents {
            Obj::Array(a) => a.iter().cloned().collect(),
            other => vec![other.clone()],
        };
        for s in streams {
            if let Obj::Stream(s) = self.resolve(&s)?
                && let Some(d) = self.decode(&s)?
            {
                self.count_drawn(d.len() + 1, operations)?;
                data.extend_from_slice(&d);
                data.push(b'\n');
            }
        }
        let resources = self.dict_of(&page.resources)?;
        let mut painter = Painter {
            gs: GState {
                ctm: IDENTITY,
                font: None,
                size: 0.0,
                tc: 0.0,
                tw: 0.0,
                th: 1.0,
                tl: 0.0,
                rise: 0.0,
            },
            gstack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            out: PageText::default(),
            actual: None,
            marked: 0,
            bbox: page.bbox,
            fallback: Rc::new(Font::fallback()),
        };
        let mut frames = vec![Exec {
            data: Rc::new(data),
            pos: 0,
            resources,
            fonts: HashMap::new(),
            form: None,
            saved: 0,
        }];
        let mut operands: Vec<Obj> = Vec::new();
        let mut warned_font = false;
        while let Some(top) = frames.last_mut() {
            let data = top.data.clone();
            let mut lx = Lexer::new(&data, top.pos);
            let item = parse_item(&mut lx, max_depth(&self.limits), false)
                .map_err(|_| too_deep(&self.limits))?;
            top.pos = lx.pos;
            let saved = top.saved;
            let res = top.resources.clone();
            let op = match item {
                Item::End => {
                    frames.pop();
                    if !frames.is_empty() {
                        painter.gstack.truncate(saved);
                        if let Some(gs) = painter.gstack.pop() {
                            painter.gs = gs;
                        }
                    }
                    continue;
                }
                Item::Obj(o) => {
                    if operands.len() < 64 {
                        operands.push(o);
                    }
                    continue;
                }
                Item::Keyword(k) => k,
            };
            let p = &mut painter;
            match op {
                b"q" if p.gstack.len() < MAX_SAVE_DEPTH => p.gstack.push(p.gs.clone()),
                b"Q" => {
                    if p.gstack.len() > saved
                        && let Some(gs) = p.gstack.pop()
                    {
                        p.gs = gs;
                    }
                }
                b"cm" => {
                    if let Some(m) = nums::<6>(&operands) {
                        p.gs.ctm = mul(&m, &p.gs.ctm);
                    }
                }
                b"BT" => {
                    p.tm = IDENTITY;
                    p.tlm = IDENTITY;
                }
                b"Tf" => {
                    if let [.., Obj::Name(name), size] = operands.as_slice() {
                        p.gs.size = size.as_f64().unwrap_or(0.0);
                        let cached = frames.last().and_then(|f| f.fonts.get(name).cloned());
                        let font = match cached {
                            Some(font) => font,
                            None => {
                                let f = self.named(res.as_ref(), b"Font", name)?;
                                let font = if f == Obj::Null {
                                    if !warned_font {
                                        warned_font = true;
                                        self.warnings.add(format!(
                                            "the font /{} is missing from a page's resources: its text is read as WinAnsi",
                                            String::from_utf8_lossy(name)
                                        ));
                                    }
                                    None
                                } else {
                                    Some(self.font(&f)?)
                                };
                                if let Some(top) = frames.last_mut()
                                    && top.fonts.len() < 4096
                                {
                                    top.fonts.insert(name.clone(), font.clone());
                                }
                                font
                            }
                        };
                        p.gs.font = font;
                    }
                }
                b"Tc" => p.gs.tc = nums::<1>(&operands).map_or(0.0, |[v]| v),
                b"Tw" => p.gs.tw = nums::<1>(&operands).map_or(0.0, |[v]| v),
                b"Tz" => p.gs.th = nums::<1>(&operands).map_or(1.0, |[v]| v / 100.0),
                b"TL" => p.gs.tl = nums::<1>(&operands).map_or(0.0, |[v]| v),
                b"Ts" => p.gs.rise = nums::<1>(&operands).map_or(0.0, |[v]| v),
                b"Td" | b"TD" => {
                    if let Some([tx, ty]) = nums::<2>(&operands) {
                        if op == b"TD" {
                            p.gs.tl = -ty;
                        }
                        p.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &p.tlm);
                        p.tm = p.tlm;
                    }
                }
                b"Tm" => {
                    if let Some(m) = nums::<6>(&operands) {
                        p.tlm = m;
                        p.tm = m;
                    }
                }
                b"T*" | b"'" | b"\"" => {
                    if op == b"\""
                        && let [aw, ac, _] = operands
                            .as_slice()
                            .get(operands.len().saturating_sub(3)..)
                            .unwrap_or(&[])
                    {
                        p.gs.tw = aw.as_f64().unwrap_or(0.0);
                        p.gs.tc = ac.as_f64().unwrap_or(0.0);
                    }
                    p.tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -p.gs.tl], &p.tlm);
                    p.tm = p.tlm;
                    if op != b"T*"
                        && let Some(Obj::Str(s)) = operands.last()
                    {
                        p.show(s)?;
                    }
                }
                b"Tj" => {
                    if let Some(Obj::Str(s)) = operands.last() {
                        p.show(s)?;
                    }
                }
                b"TJ" => {
                    if let Some(Obj::Array(items)) = operands.last() {
                        for item in items.iter() {
                            match item {
                                Obj::Str(s) => p.show(s)?,
                                other => {
                                    if let Some(n) = other.as_f64() {
                                        let shift = -n / 1000.0 * p.gs.size;
                                        let vertical =
                                            p.gs.font.as_ref().is_some_and(|f| f.vertical);
                                        let t = if vertical {
                                            [1.0, 0.0, 0.0, 1.0, 0.0, shift]
                                        } else {
                                            [1.0, 0.0, 0.0, 1.0, shift * p.gs.th, 0.0]
                                        };
                                        p.tm = mul(&t, &p.tm);
                                    }
                                }
                            }
                        }
                    }
                }
                b"BDC" | b"BMC" => {
                    if op == b"BDC" && p.actual.is_none() {
                        let props = match operands.last() {
                            Some(Obj::Dict(d)) => Some(d.clone()),
                            Some(Obj::Name(n)) => {
                                let o = self.named(res.as_ref(), b"Properties", n)?;
                                self.dict_of(&o)?
                            }
                            _ => None,
                        };
                        if let Some(Obj::Str(t)) = props.as_ref().and_then(|d| d.get(b"ActualText"))
                        {
                            p.actual = Some(Actual {
                                depth: p.marked,
                                text: text_string(t),
                                first: None,
                                end: (0.0, 0.0),
                            });
                        }
                    }
                    p.marked = p.marked.saturating_add(1);
                }
                b"EMC" => {
                    p.marked = p.marked.saturating_sub(1);
                    if p.actual.as_ref().is_some_and(|a| a.depth >= p.marked) {
                        p.end_actual()?;
                    }
                }
                b"BI" => {
                    // An inline image: skip to its end (`EI` after white space).
                    let top = frames.last_mut();
                    if let Some(top) = top {
                        let d = &top.data;
                        let mut i = top.pos;
                        let mut lx = Lexer::new(d, i);
                        while let Some(t) = lx.next() {
                            if let Tok::Keyword(b"ID") = t {
                                break;
                            }
                        }
                        i = lx.pos + 1;
                        loop {
                            match d.get(i..).and_then(|rest| find(rest, b"EI")) {
                                Some(k) => {
                                    let at = i + k;
                                    let before =
                                        at == 0 || d.get(at - 1).is_some_and(|&c| is_white(c));
                                    let after = d.get(at + 2).is_none_or(|&c| is_white(c));
                                    i = at + 2;
                                    if before && after {
                                        break;
                                    }
                                }
                                None => {
                                    i = d.len();
                                    break;
                                }
                            }
                        }
                        top.pos = i.min(d.len());
                    }
                }
                b"Do" => {
                    if let Some(Obj::Name(name)) = operands.last() {
                        let xo = self.named(res.as_ref(), b"XObject", name)?;
                        let num = match xo {
                            Obj::Ref(n, _) => Some(n),
                            _ => None,
                        };
                        if let Obj::Stream(s) = self.resolve(&xo)?
                            && s.dict.get(b"Subtype").and_then(Obj::as_name) == Some(b"Form")
                        {
                            if let Some(n) = num
                                && frames.iter().any(|f| f.form == Some(n))
                            {
                                return Err(hostile(format!(
                                    "a form XObject (object {n}) draws itself (Do recursion)"
                                )));
                            }
                            if frames.len() > MAX_FORM_DEPTH {
                                return Err(hostile(format!(
                                    "form XObjects nested more than {MAX_FORM_DEPTH} deep"
                                )));
                            }
                            if let Some(data) = self.decode(&s)? {
                                self.count_drawn(data.len(), operations)?;
                                let m = matrix(s.dict.get(b"Matrix")).unwrap_or(IDENTITY);
                                let form_res = match s.dict.get(b"Resources") {
                                    Some(r) => self.dict_of(r)?.or(res),
                                    None => res,
                                };
                                painter.gstack.push(painter.gs.clone());
                                let saved = painter.gstack.len();
                                painter.gs.ctm = mul(&m, &painter.gs.ctm);
                                frames.push(Exec {
                                    data,
                                    pos: 0,
                                    resources: form_res,
                                    fonts: HashMap::new(),
                                    form: num,
                                    saved,
                                });
                            }
                        }
                    }
                }
                _ => {}
            }
            operands.clear();
        }
        painter.end_actual()?;
        Ok(painter.out)
    }
}

// ---------------------------------------------------------------------------------------
// Layout: lines, running headers and footers, paragraphs
// ---------------------------------------------------------------------------------------

/// CJK characters and punctuation: no space between them when lines are joined.
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x2E80..=0x2FDF | 0x3000..=0x312F | 0x3190..=0x31FF | 0x3200..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Punctuation that may not start a line (so it wraps with the character before it).
fn is_closing(c: char) -> bool {
    "，。、；：？！）】》」』〉〕］｝”’…—·,.;:?!)]}%％".contains(c)
}

/// Punctuation that may not end a line.
fn is_opening(c: char) -> bool {
    "（【《「『〈〔［｛“‘([{".contains(c)
}

/// Whether a line starts with an enumeration or heading marker — （一） (一) 一、 1. 1、
/// （1） ① 第X条 第X章 — and so starts a paragraph whatever its geometry. The one piece of
/// typographic knowledge of this reader.
pub fn starts_with_marker(line: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十百千零〇两";
    let s = line.trim_start_matches(is_space);
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let is_num = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let is_numeral = |c: char| NUMERALS.contains(c);
    // ① … ⒇, ⑴ …, ⒈ …, ㉑ …
    if ('\u{2460}'..='\u{249B}').contains(&first)
        || ('\u{3251}'..='\u{325F}').contains(&first)
        || ('\u{32B1}'..='\u{32BF}').contains(&first)
    {
        return true;
    }
    if first == '(' || first == '（' {
        let inner: String = chars
            .clone()
            .take_while(|&c| c != ')' && c != '）')
            .take(5)
            .collect();
        let closed = chars
            .clone()
            .nth(inner.chars().count())
            .is_some_and(|c| c == ')' || c == '）');
        return closed
            && !inner.is_empty()
            && (inner.chars().all(is_numeral) || inner.chars().all(is_num));
    }
    if first == '第' {
        let n: String = chars
            .clone()
            .take_while(|&c| is_numeral(c) || is_num(c))
            .collect();
        let after = chars.clone().nth(n.chars().count());
        return !n.is_empty() && after.is_some_and(|c| "条章节编款部".contains(c));
    }
    let run: Vec<char> = s
        .chars()
        .take_while(|&c| is_numeral(c) || is_num(c))
        .take(6)
        .collect();
    if run.is_empty() || run.len() == 6 {
        return false;
    }
    let all_numerals = run.iter().all(|&c| is_numeral(c));
    let all_digits = run.iter().all(|&c| is_num(c));
    let mut rest = s.chars().skip(run.len());
    match rest.next() {
        Some('、') => all_numerals || all_digits,
        Some('．') => all_numerals || all_digits,
        Some('.') => all_digits && !rest.next().is_some_and(|c| c.is_ascii_digit()),
        Some(')' | '）') => all_digits,
        _ => false,
    }
}

#[derive(Debug, Clone)]
struct Line {
    /// 0-based page.
    page: usize,
    orient: u8,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
    /// Width of the first word (or CJK character with its punctuation): what would
    /// have had to fit at the end of the line above.
    first_width: f64,
}

/// Groups a page's glyphs into lines: same orientation and baseline, left to right.
fn lines_of(page: usize, pt: &PageText) -> Vec<Line> {
    let g = &pt.glyphs;
    let mut order: Vec<usize> = (0..g.len()).collect();
    order.sort_by(|&a, &b| {
        g[a].orient
            .cmp(&g[b].orient)
            .then(g[b].y.total_cmp(&g[a].y))
            .then(g[a].x0.total_cmp(&g[b].x0))
    });
    let mut lines = Vec::new();
    let mut current: Vec<Glyph> = Vec::new();
    for &i in &order {
        let glyph = g[i];
        if let Some(anchor) = current.first()
            && (anchor.orient != glyph.orient
                || f64::from(anchor.y - glyph.y) > 0.35 * f64::from(anchor.size.max(1.0)))
        {
            lines.extend(make_line(page, pt, &mut current));
            current.clear();
        }
        current.push(glyph);
    }
    lines.extend(make_line(page, pt, &mut current));
    lines
}

fn glyph_text<'t>(pt: &'t PageText, g: &Glyph) -> &'t str {
    let start = g.start as usize;
    pt.text.get(start..start + g.len as usize).unwrap_or("")
}

fn make_line(page: usize, pt: &PageText, glyphs: &mut [Glyph]) -> Option<Line> {
    glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let first = *glyphs.first()?;
    let size = glyphs.iter().map(|g| f64::from(g.size)).fold(0.0, f64::max);
    let mut text = String::new();
    // (x0, x1, first char, byte range in `text`) of each glyph kept.
    let mut kept: Vec<(f64, f64, char)> = Vec::new();
    let mut prev: Option<(Glyph, &str)> = None;
    for g in glyphs.iter() {
        let t = glyph_text(pt, g);
        let Some(c) = t.chars().next() else { continue };
        if let Some((p, pt_text)) = prev {
            // The same glyph drawn again at nearly the same place (fake bold, shadows).
            let em = 0.2 * f64::from(g.size);
            if pt_text == t && f64::from((g.x0 - p.x0).abs()) < em && f64::from(g.x1 - g.x0) > em {
                continue;
            }
            let before = pt_text.chars().last().unwrap_or(' ');
            if !is_space(before) && !is_space(c) {
                let gap = f64::from(g.x0 - p.x1);
                let em = f64::from(g.size.min(p.size)).max(0.1);
                let threshold = if is_cjk(before) || is_cjk(c) {
                    1.0
                } else {
                    0.2
                };
                if gap > threshold * em {
                    text.push(' ');
                    kept.push((f64::from(p.x1), f64::from(g.x0), ' '));
                }
            }
        }
        text.push_str(t);
        // A glyph of several characters (a ligature, an /ActualText) counts as its first.
        kept.push((f64::from(g.x0), f64::from(g.x1), c));
        prev = Some((*g, t));
    }
    let trimmed = text.trim_matches(is_space);
    if trimmed.is_empty() {
        return None;
    }
    let glyph_chars: Vec<&(f64, f64, char)> = kept.iter().filter(|k| !is_space(k.2)).collect();
    let x0 = glyph_chars.first().map_or(f64::from(first.x0), |k| k.0);
    let x1 = glyph_chars.iter().map(|k| k.1).fold(x0, f64::max);
    // The first word, or CJK character with the punctuation that sticks to it.
    let visible: Vec<&(f64, f64, char)> = kept.iter().skip_while(|k| is_space(k.2)).collect();
    let mut end = 0;
    while visible.get(end).is_some_and(|k| is_opening(k.2)) {
        end += 1;
    }
    let latin = |c: char| !is_cjk(c) && !is_space(c) && !is_closing(c) && !is_opening(c);
    if visible.get(end).is_some_and(|k| latin(k.2)) {
        while visible.get(end + 1).is_some_and(|k| latin(k.2)) {
            end += 1;
        }
    }
    while visible.get(end + 1).is_some_and(|k| is_closing(k.2)) {
        end += 1;
    }
    let first_width = visible
        .get(end.min(visible.len().saturating_sub(1)))
        .map_or(0.0, |k| k.1 - x0)
        .max(0.0);
    Some(Line {
        page,
        orient: first.orient,
        x0,
        x1,
        y: f64::from(first.y),
        size,
        text: trimmed.to_owned(),
        first_width,
    })
}

/// A lone page number and whether its form says so by itself ("- 3 -", "第3页",
/// "3/10", "Page 3") or not (a bare "3").
fn page_number(text: &str) -> Option<(i64, bool)> {
    let t: String = text
        .chars()
        .filter(|c| !is_space(*c))
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + 0x30).unwrap_or(c),
            '／' => '/',
            _ => c,
        })
        .collect();
    let number = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if let Some(n) = number(&t) {
        return Some((n, false));
    }
    let dashes: &[char] = &['-', '‐', '‑', '‒', '–', '—', '―', '－', '~', '·', '•'];
    let inner = t.trim_start_matches(dashes).trim_end_matches(dashes);
    if inner.len() < t.len() && t.starts_with(dashes) && t.ends_with(dashes) {
        return number(inner).map(|n| (n, true));
    }
    if let Some(rest) = t.strip_prefix('第') {
        let (n, rest) = rest.split_once('页')?;
        let n = number(n)?;
        let rest = rest.trim_start_matches([',', '，']);
        if rest.is_empty() {
            return Some((n, true));
        }
        let total = rest.strip_prefix('共')?.strip_suffix('页')?;
        return number(total).map(|_| (n, true));
    }
    if let Some((n, total)) = t.split_once('/') {
        return number(total).and(number(n)).map(|n| (n, true));
    }
    let lower = t.to_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        let n = rest.split("of").next().unwrap_or(rest);
        return number(n).map(|n| (n, true));
    }
    None
}

/// The text of a line as a key for repetition: without blanks, every number as `#`.
fn repeat_key(text: &str) -> String {
    let mut key = String::new();
    let mut in_number = false;
    for c in text.chars().filter(|c| !is_space(*c)) {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            if !in_number {
                key.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            key.push(c);
        }
    }
    key
}

/// Drops running headers and footers (lines of the margin bands that repeat, numbers
/// aside, on most pages) and lone page numbers; one warning per kind.
fn drop_margins(pages: &mut [(Vec<Line>, [f64; 4])], warnings: &mut Warnings) {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Header,
        Footer,
        PageNumber,
    }
    struct Candidate {
        page: usize,
        line: usize,
        top: bool,
        key: String,
        number: Option<(i64, bool)>,
    }
    let n_pages = pages.len();
    let mut candidates = Vec::new();
    for (p, (lines, bbox)) in pages.iter().enumerate() {
        let band = 0.12 * (bbox[3] - bbox[1]);
        let upright: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].orient == 0).collect();
        let tops = upright
            .iter()
            .take(2)
            .filter(|&&i| lines[i].y > bbox[3] - band);
        let bottoms = upright
            .iter()
            .rev()
            .take(2)
            .filter(|&&i| lines[i].y < bbox[1] + band);
        for (&i, top) in tops.map(|i| (i, true)).chain(bottoms.map(|i| (i, false))) {
            // A line both among the first and the last two (a page of few lines): once.
            if candidates
                .iter()
                .rev()
                .take(4)
                .any(|c: &Candidate| c.page == p && c.line == i)
            {
                continue;
            }
            candidates.push(Candidate {
                page: p,
                line: i,
                top,
                key: repeat_key(&lines[i].text),
                number: page_number(&lines[i].text),
            });
        }
    }
    let mut pages_of: HashMap<(bool, &str), HashSet<usize>> = HashMap::new();
    for c in &candidates {
        pages_of
            .entry((c.top, c.key.as_str()))
            .or_default()
            .insert(c.page);
    }
    // Page numbers: the number minus the page's index is the same on most of them.
    let mut offsets: HashMap<i64, usize> = HashMap::new();
    for c in &candidates {
        if let Some((n, _)) = c.number {
            *offsets.entry(n - c.page as i64 - 1).or_default() += 1;
        }
    }
    let common = offsets
        .iter()
        .max_by_key(|&(o, count)| (*count, -o.abs()))
        .map(|(&o, &count)| (o, count));
    let mut dropped: Vec<(Kind, usize, usize)> = Vec::new();
    for c in &candidates {
        let repeated = pages_of
            .get(&(c.top, c.key.as_str()))
            .is_some_and(|s| s.len() >= 2 && s.len() * 2 >= n_pages);
        let numbered = c.number.is_some_and(|(n, distinctive)| {
            let offset = n - c.page as i64 - 1;
            common.is_some_and(|(o, count)| o == offset && count >= 2)
                || (offset == 0 && (distinctive || n_pages == 1))
        });
        // A header or footer line that ends with this page's number in a form that says
        // so ("file:///… 1/1", "… 第1页"): a running one even when nothing repeats it.
        let text = &pages[c.page].0[c.line].text;
        let ends_numbered = text
            .rsplit(is_space)
            .next()
            .and_then(page_number)
            .is_some_and(|(n, distinctive)| distinctive && n == c.page as i64 + 1);
        let repeated = repeated || ends_numbered;
        let kind = match (
            c.number.is_some() && (numbered || repeated),
            repeated,
            c.top,
        ) {
            (true, _, _) => Kind::PageNumber,
            (false, true, true) => Kind::Header,
            (false, true, false) => Kind::Footer,
            (false, false, _) => continue,
        };
        dropped.push((kind, c.page, c.line));
    }
    for (kind, name) in [
        (Kind::Header, "running header"),
        (Kind::Footer, "running footer"),
        (Kind::PageNumber, "page number"),
    ] {
        let of_kind: Vec<&(Kind, usize, usize)> = dropped.iter().filter(|d| d.0 == kind).collect();
        if let Some(&&(_, page, line)) = of_kind.first() {
            let example = pages[page].0[line].text.clone();
            let on: HashSet<usize> = of_kind.iter().map(|d| d.1).collect();
            warnings.add(format!(
                "dropped a {name} on {} of {n_pages} pages (page {}: \"{example}\")",
                on.len(),
                page + 1
            ));
        }
    }
    dropped.sort_by_key(|d| std::cmp::Reverse((d.1, d.2)));
    for (_, page, line) in dropped {
        if line < pages[page].0.len() {
            pages[page].0.remove(line);
        }
    }
}

/// The left and right edges of a page's text column: the outermost starts and ends that
/// enough lines share (two, and a tenth of the page's lines, within an em), else the
/// outermost; and whether the right edge is well attested (three lines end there).
fn edges(lines: &[&Line]) -> (f64, f64, bool) {
    let em = {
        let mut sizes: Vec<f64> = lines.iter().map(|l| l.size).collect();
        sizes.sort_by(f64::total_cmp);
        sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0)
    };
    let support = (lines.len() / 10).max(2);
    let outermost = |mut xs: Vec<f64>, tolerance: f64| {
        xs.sort_by(f64::total_cmp);
        xs.iter()
            .enumerate()
            .find(|&(i, &x)| xs.get(i + support - 1).is_some_and(|&n| n - x <= tolerance))
            .map_or(xs.first().copied().unwrap_or(0.0), |(_, &x)| x)
    };
    let left = outermost(lines.iter().map(|l| l.x0).collect(), 0.5 * em);
    let right = -outermost(lines.iter().map(|l| -l.x1).collect(), em);
    let attested = lines.iter().filter(|l| (l.x1 - right).abs() <= em).count() >= 3;
    (left, right, attested)
}

/// The document's usual line pitch within a paragraph, in ems: the smallest pitch that
/// enough pairs of consecutive lines share (three, and a tenth of the pairs, within 8%),
/// else the commonest.
fn usual_pitch(pages: &[(Vec<Line>, [f64; 4])]) -> Option<f64> {
    let mut ratios = Vec::new();
    for (lines, _) in pages {
        for pair in lines.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.orient == b.orient && (a.size - b.size).abs() <= 0.15 * a.size.max(b.size) {
                let r = (a.y - b.y) / b.size.max(0.1);
                if (0.5..5.0).contains(&r) {
                    ratios.push(r);
                }
            }
        }
    }
    ratios.sort_by(f64::total_cmp);
    let support = (ratios.len() / 10).max(3);
    let shared = |i: usize, r: f64| ratios[i..].partition_point(|&n| n <= r * 1.08);
    ratios
        .iter()
        .enumerate()
        .find(|&(i, &r)| shared(i, r) >= support)
        .or_else(|| {
            ratios
                .iter()
                .enumerate()
                .max_by_key(|&(i, &r)| shared(i, r))
        })
        .map(|(_, &r)| r)
}

/// Joins a line to the paragraph it continues: no space at a CJK side, a hyphenated
/// Latin word rejoined, else one space.
fn join(paragraph: &mut String, line: &str) {
    let last = paragraph.chars().last().unwrap_or(' ');
    let next = line.chars().next().unwrap_or(' ');
    if last == '-' && next.is_lowercase() {
        let mut before = paragraph.chars().rev().skip(1);
        if before
            .next()
            .is_some_and(|c| c.is_alphabetic() && !is_cjk(c))
        {
            paragraph.pop();
            paragraph.push_str(line);
            return;
        }
    }
    // The characters that decide: past any punctuation and quotes at the join.
    let punct = |c: &char| c.is_ascii_punctuation() || ('\u{2010}'..='\u{206F}').contains(c);
    let left = paragraph.chars().rev().find(|c| !punct(c)).unwrap_or(last);
    let right = line.chars().find(|c| !punct(c)).unwrap_or(next);
    if !(is_cjk(left) || is_cjk(right) || is_cjk(last) || is_cjk(next)) {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

/// Rejoins lines into paragraphs, each with the 0-based page of its first line.
fn paragraphs(pages: &[(Vec<Line>, [f64; 4])]) -> Vec<(usize, String)> {
    let pitch = usual_pitch(pages);
    let mut page_edges: HashMap<(usize, u8), (f64, f64)> = HashMap::new();
    let mut found = Vec::new();
    for (p, (lines, _)) in pages.iter().enumerate() {
        for orient in 0..4u8 {
            let of: Vec<&Line> = lines.iter().filter(|l| l.orient == orient).collect();
            if !of.is_empty() {
                found.push((p, orient, edges(&of)));
            }
        }
    }
    // A page whose lines are all short (a table column, a list of names) has the column
    // of the other pages, or if none tells, one that ends where the margins are equal.
    let mut attested: Vec<f64> = found
        .iter()
        .filter(|f| f.1 == 0 && f.2.2)
        .map(|f| f.2.1)
        .collect();
    attested.sort_by(f64::total_cmp);
    let usual_right = attested.get(attested.len() / 2).copied();
    for (p, orient, (left, right, attested)) in found {
        let right = match (attested, orient, usual_right) {
            (true, _, _) | (false, 1..=3, _) => right,
            (false, _, Some(usual)) => right.max(usual),
            (false, _, None) => {
                let bbox = pages[p].1;
                right.max(bbox[2] - (left - bbox[0]))
            }
        };
        page_edges.insert((p, orient), (left, right));
    }
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut prev: Option<&Line> = None;
    for (lines, _) in pages {
        for line in lines {
            let continues = prev.is_some_and(|p| continues(p, line, pitch, &page_edges));
            match out.last_mut() {
                Some((_, text)) if continues => join(text, &line.text),
                _ => out.push((line.page, line.text.clone())),
            }
            prev = Some(line);
        }
    }
    out
}

/// Whether `line` continues the paragraph whose last line is `prev`.
fn continues(
    prev: &Line,
    line: &Line,
    pitch: Option<f64>,
    edges: &HashMap<(usize, u8), (f64, f64)>,
) -> bool {
    if prev.orient != line.orient || starts_with_marker(&line.text) {
        return false;
    }
    let size = line.size.max(prev.size).max(0.1);
    if (line.size - prev.size).abs() > 0.15 * size {
        return false;
    }
    if line.page == prev.page {
        let dy = prev.y - line.y;
        if dy < 0.3 * size {
            return false;
        }
        let ratio = dy / line.size.max(0.1);
        if ratio > pitch.map_or(2.5, |p| (p * 1.25).min(3.0)) {
            return false;
        }
    } else if line.page != prev.page + 1 {
        return false;
    }
    let (Some(&(left, _)), Some(&(_, right))) = (
        edges.get(&(line.page, line.orient)),
        edges.get(&(prev.page, prev.orient)),
    ) else {
        return false;
    };
    // Indented (a first line) or centred.
    if line.x0 > left + 0.5 * line.size {
        return false;
    }
    // The line above stopped short: this line's first word would have fitted there,
    // with an em and a half to spare (writers that break Chinese between dictionary words,
    // as LibreOffice does, and keep punctuation off line starts, end lines that short).
    let room = right - prev.x1;
    room <= line.first_width + 1.5 * line.size
}

/// Reads a PDF's text layer into paragraphs.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Extracted, Placed> {
    let mut doc = Doc::open(bytes, limits)?;
    let pages = doc.pages()?;
    if pages.is_empty() {
        return Err(corrupt("the document has no pages").into());
    }
    let mut operations = 0u64;
    let mut laid: Vec<(Vec<Line>, [f64; 4])> = Vec::with_capacity(pages.len());
    let (mut glyphs, mut undecodable, mut radicals, mut chars) = (0usize, 0usize, 0usize, 0usize);
    let mut undecodable_font = None;
    for (i, page) in pages.iter().enumerate() {
        let drawn = doc.draw(page, &mut operations)?;
        glyphs += drawn.glyphs.len();
        undecodable += drawn.undecodable;
        radicals += drawn.radicals;
        if undecodable_font.is_none() && drawn.undecodable > 0 {
            undecodable_font = drawn.undecodable_font.clone().map(|f| (i + 1, f));
        }
        chars += drawn.text.len();
        if chars > limits.max_text {
            return Err(hostile(format!(
                "the extracted text is over {} bytes (limits.max_text)",
                limits.max_text
            ))
            .into());
        }
        laid.push((lines_of(i, &drawn), page.bbox));
    }
    let mut warnings = std::mem::take(&mut doc.warnings);
    if glyphs == 0 {
        if undecodable > 0 {
            return Err(corrupt(format!(
                "its text is drawn in fonts without a Unicode mapping (no /ToUnicode, e.g. {}), so its characters cannot be known: OCR it (ocrmypdf --force-ocr IN.pdf OUT.pdf)",
                undecodable_font.map_or_else(String::new, |(_, f)| f)
            ))
            .into());
        }
        return Err(Failure::NoTextLayer.into());
    }
    if let Some((page, font)) = undecodable_font {
        warnings.add(format!(
            "page {page}: skipped {undecodable} glyphs of fonts without a Unicode mapping (font {font})"
        ));
    }
    if radicals > 0 {
        warnings.add(format!(
            "read {radicals} Kangxi radical code points of the fonts' Unicode maps as the ideographs they print"
        ));
    }
    drop_margins(&mut laid, &mut warnings);
    let mut text = String::new();
    let mut blocks = Vec::new();
    for (page, paragraph) in paragraphs(&laid) {
        let paragraph = paragraph.replace(['\t', '\r', '\n'], " ");
        let paragraph = paragraph.trim_matches(is_space);
        if paragraph.is_empty() {
            continue;
        }
        text.push_str(paragraph);
        text.push('\n');
        blocks.push(Block {
            line: u32::try_from(blocks.len() + 1).unwrap_or(u32::MAX),
            kind: BlockKind::Paragraph,
            origin: Origin::PdfPage(u32::try_from(page + 1).unwrap_or(u32::MAX)),
        });
    }
    Ok(Extracted {
        text,
        blocks,
        format: Format::Pdf,
        encoding: None,
        warnings: warnings.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;
    use std::io::Write as _;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats/pdf");
    const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/weidu-2022-draft.txt");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
    }

    /// The non-blank lines of a text file, trimmed.
    fn text_lines(path: &str) -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap()
            .split('\n')
            .map(|l| l.trim_matches(is_space).to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    }

    fn lines(e: &Extracted) -> Vec<&str> {
        e.text.lines().filter(|l| !l.trim().is_empty()).collect()
    }

    fn failure(bytes: &[u8], limits: &Limits) -> Failure {
        read(bytes, limits).unwrap_err().failure
    }

    /// A PDF of the given objects (object 1 the catalog), with a cross-reference table.
    fn build(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            writeln!(out, "{} 0 obj", i + 1).unwrap();
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
        for o in &offsets {
            writeln!(out, "{o:010} 00000 n ").unwrap();
        }
        write!(
            out,
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .unwrap();
        out
    }

    fn obj(s: &str) -> Vec<u8> {
        s.as_bytes().to_vec()
    }

    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream");
        out
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// One A4 page (object 3) drawing `content` with the fonts /F1 (object 5) and /F2
    /// (object 6), more objects after them.
    fn one_page(content: &[u8], f1: Vec<u8>, f2: Vec<u8>, more: Vec<Vec<u8>>) -> Vec<u8> {
        let mut objects = vec![
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> /XObject << /Im1 7 0 R /Fm1 8 0 R >> >> /Contents 4 0 R >>",
            ),
            stream("", content),
            f1,
            f2,
        ];
        objects.extend(more);
        build(&objects, "")
    }

    const HELVETICA: &str =
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

    /// A Type0 Identity-H font (object 5, its CID font object 9, its /ToUnicode object
    /// 10 when `to_unicode`) whose CIDs are the characters' indices in `chars` plus one.
    struct Cjk {
        chars: Vec<char>,
    }

    impl Cjk {
        fn new(texts: &[&str]) -> Self {
            let mut chars: Vec<char> = texts.iter().flat_map(|t| t.chars()).collect();
            chars.sort_unstable();
            chars.dedup();
            Cjk { chars }
        }
        fn hex(&self, text: &str) -> String {
            text.chars()
                .map(|c| {
                    format!(
                        "{:04X}",
                        self.chars.iter().position(|&k| k == c).unwrap() + 1
                    )
                })
                .collect()
        }
        fn font(&self) -> Vec<u8> {
            Self::font_at(9, 10)
        }
        fn font_at(descendant: u32, to_unicode: u32) -> Vec<u8> {
            obj(&format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [{descendant} 0 R] /ToUnicode {to_unicode} 0 R >>"
            ))
        }
        fn cid_font() -> Vec<u8> {
            obj(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
            )
        }
        fn to_unicode(&self) -> Vec<u8> {
            let mut cmap = String::from(
                "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /Adobe-Identity-UCS def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
            );
            writeln!(cmap, "{} beginbfchar", self.chars.len()).unwrap();
            for (i, c) in self.chars.iter().enumerate() {
                let mut units = [0u16; 2];
                let hex: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                writeln!(cmap, "<{:04X}> <{hex}>", i + 1).unwrap();
            }
            cmap.push_str(
                "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n",
            );
            stream("", cmap.as_bytes())
        }
    }

    fn literal(text: &str) -> String {
        text.replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)")
    }

    #[test]
    fn reference_list_reads_back_line_for_line() {
        let read = read(&fixture("weidu-2022-draft.pdf"), &Limits::default()).unwrap();
        let expected = text_lines(REFERENCE);
        // No difference at all: the annex table was printed one cell per paragraph (one
        // <p> per line of the .txt), and Chromium draws every space as a glyph (the two
        // spaces of "第一章  总则", the ideographic one of "第八条　区政府…").
        assert_eq!(lines(&read), expected);
        assert_eq!(read.blocks.len(), expected.len());
        assert_eq!(read.format, Format::Pdf);
        assert_eq!(read.encoding, None);
    }

    #[test]
    fn libreoffice_justified_list_with_page_footers_reads_back() {
        // No indent, no space between paragraphs, justified: only the right edge, the
        // short last lines and the markers tell paragraphs apart. Simple TrueType fonts
        // (WinAnsi codes, /ToUnicode), a running header, "第 N 页 共 13 页" footers.
        let read = read(
            &fixture("weidu-2022-draft-libreoffice.pdf"),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(lines(&read), text_lines(REFERENCE));
        assert_eq!(
            read.warnings,
            [
                "dropped a running header on 13 of 13 pages (page 1: \"魏都区安全生产职责清单（征求意见稿）\")",
                "dropped a page number on 13 of 13 pages (page 1: \"第 1 页 共 13 页\")",
            ]
        );
    }

    #[test]
    fn chromium_headers_footers_and_page_numbers_are_dropped() {
        let read = read(&fixture("weidu-2022-draft.pdf"), &Limits::default()).unwrap();
        for line in lines(&read) {
            assert!(!line.contains("file://"), "{line}");
            assert!(!line.contains("/19"), "{line}");
            assert!(!line.contains(" PM") && !line.contains(" AM"), "{line}");
        }
        // The page title is in every header; the document's own title line stays, once.
        assert_eq!(
            lines(&read)
                .iter()
                .filter(|l| **l == "魏都区安全生产职责清单")
                .count(),
            1
        );
        assert_eq!(read.warnings.len(), 2, "{:?}", read.warnings);
        assert!(
            read.warnings[0].starts_with("dropped a running header on 19 of 19 pages (page 1: \"")
        );
        assert!(read.warnings[0].ends_with(" 魏都区安全生产职责清单\")"));
        assert!(
            read.warnings[1]
                .starts_with("dropped a running footer on 19 of 19 pages (page 1: \"file:///")
        );
        assert!(read.warnings[1].ends_with("weidu-2022-draft.html 1/19\")"));
    }

    #[test]
    fn paragraphs_keep_the_page_of_their_first_line() {
        let read = read(&fixture("weidu-2022-draft.pdf"), &Limits::default()).unwrap();
        let page_of = |start: &str| {
            let i = lines(&read)
                .iter()
                .position(|l| l.starts_with(start))
                .unwrap();
            assert_eq!(read.blocks[i].line as usize, i + 1);
            assert_eq!(read.blocks[i].kind, BlockKind::Paragraph);
            read.blocks[i].origin.clone()
        };
        assert_eq!(page_of("魏都区安全生产职责清单"), Origin::PdfPage(1));
        // Begins at the foot of page 1, ends on page 2.
        assert_eq!(page_of("（三）领导区安委会工作"), Origin::PdfPage(1));
        assert_eq!(page_of("（四）加强安全生产监管部门"), Origin::PdfPage(2));
        assert_eq!(page_of("第五十六条"), Origin::PdfPage(19));
    }

    #[test]
    fn type3_fonts_and_actual_text_of_chromium_read_back() {
        // Chromium draws Noto Sans CJK (an OpenType/CFF collection) as Type 3 fonts, some
        // glyphs inside /ActualText spans; paragraphs are apart, not indented.
        let read = read(&fixture("jinan-liuan-2024-sectors.pdf"), &Limits::default()).unwrap();
        let expected = text_lines(&format!("{FIXTURES}/jinan-liuan-2024-sectors.txt"));
        assert_eq!(lines(&read), expected);
        assert_eq!(read.blocks.last().unwrap().origin, Origin::PdfPage(2));
        assert_eq!(read.warnings.len(), 2, "{:?}", read.warnings);
    }

    #[test]
    fn cjk_lines_rejoin_into_paragraphs_by_geometry_and_markers() {
        // 12 pt, a column 240 pt wide from x 72: 20 CJK characters a line.
        let rows: [(usize, &str); 8] = [
            (2, "第一条为了加强安全生产工作，防止和减"),
            (0, "少生产安全事故，保障人民群众生命和财产安"),
            (0, "全。"),
            (0, "（一）区应急管理局负责综合监督管理全区"),
            (0, "安全生产工作。"),
            (0, "（二）区住建局负责建筑施工安全监管工作"),
            (0, "和城镇燃气安全监管工作，指导物业企业开展"),
            (0, "安全检查。"),
        ];
        let latin = [
            "Offices keep their list of duties, emer-",
            "gency plans and the names of people to",
            "call.",
        ];
        let texts: Vec<&str> = rows.iter().map(|r| r.1).collect();
        let cjk = Cjk::new(&texts);
        let mut content = String::new();
        let mut y = 770.0;
        for (indent, text) in rows {
            // Each character placed by a TJ adjustment of 0 between two strings.
            let (a, b) = text.split_at(text.char_indices().nth(1).map_or(text.len(), |(i, _)| i));
            writeln!(
                content,
                "BT /F1 12 Tf 1 0 0 1 {} {y} Tm [<{}> 0 <{}>] TJ ET",
                72 + 12 * indent,
                cjk.hex(a),
                cjk.hex(b)
            )
            .unwrap();
            y -= 18.0;
        }
        // Helvetica without /Widths: half an em a character, 40 characters a line.
        writeln!(content, "BT /F2 12 Tf 18 TL 72 {y} Td").unwrap();
        for line in latin {
            writeln!(content, "({}) Tj T*", literal(line)).unwrap();
        }
        content.push_str("ET\n");
        // A page number at the foot.
        content.push_str("BT /F2 10 Tf 290 40 Td (- 1 -) Tj ET\n");
        let pdf = one_page(
            content.as_bytes(),
            cjk.font(),
            obj(HELVETICA),
            vec![obj("null"), obj("null"), Cjk::cid_font(), cjk.to_unicode()],
        );
        let read = read(&pdf, &Limits::default()).unwrap();
        assert_eq!(
            lines(&read),
            [
                "第一条为了加强安全生产工作，防止和减少生产安全事故，保障人民群众生命和财产安全。",
                "（一）区应急管理局负责综合监督管理全区安全生产工作。",
                "（二）区住建局负责建筑施工安全监管工作和城镇燃气安全监管工作，指导物业企业开展安全检查。",
                "Offices keep their list of duties, emergency plans and the names of people to call.",
            ]
        );
        assert!(read.blocks.iter().all(|b| b.origin == Origin::PdfPage(1)));
        assert_eq!(
            read.warnings,
            ["dropped a page number on 1 of 1 pages (page 1: \"- 1 -\")"]
        );
    }

    /// Three pages with a running header, a footer "第 N 页 共 3 页", and body lines.
    fn three_pages(bodies: [&[&str]; 3]) -> Vec<u8> {
        let all: Vec<&str> = bodies
            .iter()
            .flat_map(|b| b.iter().copied())
            .chain(["安全生产职责清单（征求意见稿）", "第页共"])
            .collect();
        let cjk = Cjk::new(&all);
        let mut objects = vec![
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj(
                "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> >>",
            ),
        ];
        let mut contents = Vec::new();
        for (p, body) in bodies.iter().enumerate() {
            objects.push(obj(&format!(
                "<< /Type /Page /Parent 2 0 R /Contents {} 0 R >>",
                9 + p
            )));
            let mut c = format!(
                "BT /F1 9 Tf 72 800 Td <{}> Tj ET\n",
                cjk.hex("安全生产职责清单（征求意见稿）")
            );
            let mut y = 760.0;
            for line in body.iter() {
                let hex: String = line
                    .chars()
                    .map(|ch| {
                        if ch.is_ascii_digit() {
                            format!("00{:02X}", 0x60 + ch as u32)
                        } else {
                            cjk.hex(&ch.to_string())
                        }
                    })
                    .collect();
                writeln!(c, "BT /F1 12 Tf 72 {y} Td <{hex}> Tj ET").unwrap();
                y -= 18.0;
                if y < 60.0 {
                    break;
                }
            }
            // The footer: digits are CIDs 0x90+d here.
            writeln!(
                c,
                "BT /F1 9 Tf 260 30 Td <{}> Tj <00{:02X}> Tj <{}> Tj <0093> Tj <{}> Tj ET",
                cjk.hex("第"),
                0x90 + p + 1,
                cjk.hex("页共"),
                cjk.hex("页")
            )
            .unwrap();
            contents.push(stream("", c.as_bytes()));
        }
        objects.push(Cjk::font_at(7, 8));
        objects.push(Cjk::cid_font());
        objects.push({
            // The characters, then digits for the body (0x60+d) and the footer (0x90+d).
            let mut tu = String::from_utf8(cjk.to_unicode()).unwrap();
            let extra = "2 beginbfrange\n<0060> <0069> <0030>\n<0090> <0099> [<0030> <0031> <0032> <0033> <0034> <0035> <0036> <0037> <0038> <0039>]\nendbfrange\n";
            let at = tu.find("endcmap").unwrap();
            tu.insert_str(at, extra);
            let body = &tu[tu.find("stream\n").unwrap() + 7..tu.rfind("\nendstream").unwrap()];
            stream("", body.as_bytes())
        });
        objects.extend(contents);
        // Objects: 1 catalog, 2 pages, 3-5 page, 6 font, 7 CID font, 8 ToUnicode, 9-11 contents.
        build(&objects, "")
    }

    #[test]
    fn running_headers_and_page_footers_go_numbers_in_the_body_stay() {
        let pdf = three_pages([
            &["附件", "类别", "部门数量"],
            &["区应急管理局", "24"],
            &["区消防救援大队", "7"],
        ]);
        let read = read(&pdf, &Limits::default()).unwrap();
        assert_eq!(
            lines(&read),
            [
                "附件",
                "类别",
                "部门数量",
                "区应急管理局",
                "24",
                "区消防救援大队",
                "7"
            ]
        );
        assert_eq!(read.blocks[4].origin, Origin::PdfPage(2));
        assert_eq!(
            read.warnings,
            [
                "dropped a running header on 3 of 3 pages (page 1: \"安全生产职责清单（征求意见稿）\")",
                "dropped a page number on 3 of 3 pages (page 1: \"第1页共3页\")",
            ]
        );
    }

    #[test]
    fn page_tree_loops_are_hostile() {
        let kids_loop = build(
            &[
                obj("<< /Type /Catalog /Pages 2 0 R >>"),
                obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
                obj("<< /Type /Pages /Kids [2 0 R] /Count 1 >>"),
            ],
            "",
        );
        assert_eq!(
            failure(&kids_loop, &Limits::default()),
            hostile("the page tree comes back to object 2 (a /Kids loop)")
        );
        // A /Parent loop is never followed: the page reads.
        let parent_loop = build(
            &[
                obj("<< /Type /Catalog /Pages 2 0 R >>"),
                obj("<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>"),
                obj("<< /Type /Page /Parent 3 0 R /Resources 5 0 R /Contents 4 0 R >>"),
                stream(
                    "",
                    b"BT /F1 12 Tf 72 700 Td (Parent loops are not followed.) Tj ET",
                ),
                // Resources that refer to themselves, and a font that is the resources.
                obj("<< /Font << /F1 5 0 R >> /Self 5 0 R >>"),
            ],
            "",
        );
        let read = read(&parent_loop, &Limits::default()).unwrap();
        assert_eq!(lines(&read), ["Parent loops are not followed."]);
    }

    #[test]
    fn encrypted_files_are_refused() {
        let pdf = build(
            &[
                obj("<< /Type /Catalog /Pages 2 0 R >>"),
                obj("<< /Type /Pages /Kids [] /Count 0 >>"),
                obj("<< /Filter /Standard /V 2 /R 3 /O (owner) /U (user) /P -4 >>"),
            ],
            "/Encrypt 3 0 R",
        );
        assert_eq!(failure(&pdf, &Limits::default()), Failure::Encrypted);
    }

    #[test]
    fn a_scan_has_no_text_layer() {
        let pdf = one_page(
            b"q 595 0 0 842 0 0 cm /Im1 Do Q",
            obj(HELVETICA),
            obj(HELVETICA),
            vec![stream(
                "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
                b"\xFF\xD8\xFF\xD9",
            )],
        );
        assert_eq!(failure(&pdf, &Limits::default()), Failure::NoTextLayer);
    }

    #[test]
    fn text_without_unicode_is_refused_with_advice() {
        // An Identity-H font without /ToUnicode: the glyphs cannot be read.
        let pdf = one_page(
            b"BT /F1 12 Tf 72 700 Td <00010002> Tj ET",
            obj(
                "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [9 0 R] >>",
            ),
            obj(HELVETICA),
            vec![obj("null"), obj("null"), Cjk::cid_font()],
        );
        let Failure::Corrupt { format, message } = failure(&pdf, &Limits::default()) else {
            panic!()
        };
        assert_eq!(format, "pdf");
        assert!(
            message.contains("no /ToUnicode, e.g. SimSun") && message.contains("ocrmypdf"),
            "{message}"
        );
    }

    #[test]
    fn inflation_past_max_unpacked_is_hostile() {
        let bomb = deflate(&vec![b' '; 4 << 20]);
        assert!(bomb.len() < 8 << 10);
        let pdf = one_page(b"", obj(HELVETICA), obj(HELVETICA), vec![]);
        let pdf = String::from_utf8_lossy(&pdf)
            .replace("/Contents 4 0 R", "/Contents 7 0 R")
            .into_bytes();
        let mut objects = vec![
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"),
        ];
        objects.push(stream("/Filter /FlateDecode", &bomb));
        let pdf2 = build(&objects, "");
        let limits = Limits {
            max_unpacked: 1 << 20,
            ..Limits::default()
        };
        assert_eq!(
            failure(&pdf2, &limits),
            hostile("its streams inflate to more than 1048576 bytes (limits.max_unpacked)")
        );
        // Within the default limit it is a blank page.
        assert_eq!(failure(&pdf2, &Limits::default()), Failure::NoTextLayer);
        let _ = pdf;
    }

    #[test]
    fn more_objects_than_max_objects_is_hostile() {
        let pdf = one_page(
            b"BT /F1 12 Tf 72 700 Td (x) Tj ET",
            obj(HELVETICA),
            obj(HELVETICA),
            vec![],
        );
        let limits = Limits {
            max_objects: 4,
            ..Limits::default()
        };
        assert_eq!(
            failure(&pdf, &limits),
            hostile("more than 4 objects (limits.max_objects)")
        );
        assert!(read(&pdf, &Limits::default()).is_ok());
    }

    #[test]
    fn a_form_drawing_itself_is_hostile() {
        let form = stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 8 0 R >> /Font << /F1 5 0 R >> >>",
            b"BT /F1 12 Tf 72 700 Td (again) Tj ET /Fm1 Do",
        );
        let pdf = one_page(
            b"/Fm1 Do",
            obj(HELVETICA),
            obj(HELVETICA),
            vec![obj("null"), form],
        );
        assert_eq!(
            failure(&pdf, &Limits::default()),
            hostile("a form XObject (object 8) draws itself (Do recursion)")
        );
        // Forms drawn many times, each drawing more: the work is capped, not followed.
        let fan: Vec<Vec<u8>> = (0..12)
            .map(|i| {
                stream(
                    &format!(
                        "/Subtype /Form /Resources << /XObject << /X {} 0 R >> >>",
                        9 + i
                    ),
                    "/X Do ".repeat(if i == 11 { 0 } else { 8 }).as_bytes(),
                )
            })
            .collect();
        let mut more = vec![obj("null")];
        more.extend(fan);
        let pdf = one_page(b"/Fm1 Do", obj(HELVETICA), obj(HELVETICA), more);
        let pdf = String::from_utf8_lossy(&pdf)
            .replace("/Fm1 8 0 R", "/Fm1 9 0 R")
            .into_bytes();
        let limits = Limits {
            max_unpacked: 1 << 20,
            ..Limits::default()
        };
        assert_eq!(
            failure(&pdf, &limits),
            hostile(
                "its pages draw more than 1048576 bytes of content, forms counted each time they are drawn (limits.max_unpacked)"
            )
        );
    }

    #[test]
    fn deep_nesting_is_hostile_not_a_stack_overflow() {
        let deep = format!(
            "<< /Type /Catalog /Pages 2 0 R /X {} >>",
            "[".repeat(200_000)
        );
        let pdf = build(&[obj(&deep), obj("<< /Type /Pages /Kids [] >>")], "");
        assert_eq!(
            failure(&pdf, &Limits::default()),
            hostile("objects nested deeper than 512 levels (limits.max_depth)")
        );
        let content = format!("BT /F1 12 Tf 72 700 Td {} ET", "[".repeat(100_000));
        let pdf = one_page(content.as_bytes(), obj(HELVETICA), obj(HELVETICA), vec![]);
        assert_eq!(
            failure(&pdf, &Limits::default()),
            hostile("objects nested deeper than 512 levels (limits.max_depth)")
        );
    }

    #[test]
    fn unreadable_files_are_corrupt() {
        let corrupt_message = |bytes: &[u8]| match failure(bytes, &Limits::default()) {
            Failure::Corrupt {
                format: "pdf",
                message,
            } => message,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            corrupt_message(b"hello"),
            "no %PDF- header in its first 1024 bytes"
        );
        assert_eq!(
            corrupt_message(b"%PDF-1.4\n1 0 obj\n<< /Type /Font >>\nendobj\n"),
            "no document catalog (/Root) found: the file is damaged beyond repair (export it again, or try `qpdf IN.pdf OUT.pdf`)"
        );
        let empty = build(
            &[
                obj("<< /Type /Catalog /Pages 2 0 R >>"),
                obj("<< /Type /Pages /Kids [] /Count 0 >>"),
            ],
            "",
        );
        assert_eq!(corrupt_message(&empty), "the document has no pages");
    }

    #[test]
    fn damaged_cross_references_are_repaired_by_a_scan() {
        let pdf = one_page(
            b"BT /F1 12 Tf 72 700 Td (Found by a scan.) Tj ET",
            obj(HELVETICA),
            obj(HELVETICA),
            vec![],
        );
        // Every offset of the table shifted, and startxref pointing nowhere.
        let text = String::from_utf8_lossy(&pdf).into_owned();
        let broken = text.replace("startxref\n", "startxref\n9");
        let broken = broken.replacen(
            "%PDF-1.7\n",
            "%PDF-1.7\n%% a comment that moves every object\n",
            1,
        );
        let read = read(broken.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(lines(&read), ["Found by a scan."]);
        assert_eq!(
            read.warnings,
            ["the cross-reference data is damaged: the objects were found by a scan of the file"]
        );
    }

    #[test]
    fn legacy_chinese_cmaps_and_radicals_read_as_text() {
        // A Type0 font with the predefined GBK-EUC-H CMap and no /ToUnicode: the codes
        // are GBK bytes. A second one with a /ToUnicode that maps to Kangxi radicals.
        let (gbk, _, _) = encoding_rs::GBK.encode("安全生产职责");
        let mut content = b"BT /F1 12 Tf 72 700 Td <".to_vec();
        content.extend(
            gbk.iter()
                .map(|b| format!("{b:02X}"))
                .collect::<String>()
                .bytes(),
        );
        content.extend_from_slice(b"> Tj ET\nBT /F2 12 Tf 72 680 Td <00010002> Tj ET");
        let radicals = stream("", b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0001> <0002> [<2F45> <2ED4>] endbfrange");
        let pdf = one_page(
            &content,
            obj(
                "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H /DescendantFonts [9 0 R] >>",
            ),
            obj(
                "<< /Type /Font /Subtype /Type0 /BaseFont /SimHei /Encoding /Identity-H /DescendantFonts [9 0 R] /ToUnicode 10 0 R >>",
            ),
            vec![obj("null"), obj("null"), Cjk::cid_font(), radicals],
        );
        let read = read(&pdf, &Limits::default()).unwrap();
        assert_eq!(lines(&read), ["安全生产职责", "方门"]);
        assert_eq!(
            read.warnings,
            [
                "read 2 Kangxi radical code points of the fonts' Unicode maps as the ideographs they print"
            ]
        );
    }

    #[test]
    fn inline_images_and_unknown_operators_are_skipped() {
        let content = b"BT /F1 12 Tf 72 700 Td (Before) Tj ET\nBI /W 4 /H 1 /BPC 8 /CS /G ID \x00(Tj)EI\xFF EI\nBT /F1 12 Tf 72 600 Td (after.) Tj ET zz 1 2 xyz";
        let pdf = one_page(content, obj(HELVETICA), obj(HELVETICA), vec![]);
        let read = read(&pdf, &Limits::default()).unwrap();
        assert_eq!(lines(&read), ["Before", "after."]);
    }

    #[test]
    fn markers_start_paragraphs() {
        for yes in [
            "（一）区",
            "(一)区",
            "一、总则",
            "十二、",
            "1.负责",
            "1、负责",
            "（1）",
            "(12)",
            "①负责",
            "第五条 区",
            "第十二章",
            "第3条",
            "2）",
            "１．",
        ] {
            assert!(starts_with_marker(yes), "{yes}");
        }
        for no in [
            "区应急管理局",
            "1.5万元",
            "2022年",
            "（含快递）",
            "(经本局许可的)",
            "第三方合作单位",
            "一岗双责",
            "12345678、",
            "",
        ] {
            assert!(!starts_with_marker(no), "{no}");
        }
    }

    #[test]
    fn page_number_forms() {
        assert_eq!(page_number("3"), Some((3, false)));
        assert_eq!(page_number("- 3 -"), Some((3, true)));
        assert_eq!(page_number("— 12 —"), Some((12, true)));
        assert_eq!(page_number("第 3 页"), Some((3, true)));
        assert_eq!(page_number("第3页 共10页"), Some((3, true)));
        assert_eq!(page_number("3/10"), Some((3, true)));
        assert_eq!(page_number("Page 3 of 10"), Some((3, true)));
        assert_eq!(page_number("３"), Some((3, false)));
        assert_eq!(page_number("第三条"), None);
        assert_eq!(page_number("2024年"), None);
        assert_eq!(repeat_key("file:///a.html 12/19"), "file:///a.html#/#");
    }

    #[test]
    fn joins_follow_the_scripts() {
        let joined = |a: &str, b: &str| {
            let mut s = a.to_owned();
            join(&mut s, b);
            s
        };
        assert_eq!(joined("安全生产责任", "落实"), "安全生产责任落实");
        assert_eq!(joined("责任落实,", "防范"), "责任落实,防范");
        assert_eq!(joined("失职追责”", "“管行业"), "失职追责”“管行业");
        assert_eq!(joined("the list of", "duties"), "the list of duties");
        assert_eq!(joined("the emer-", "gency office"), "the emergency office");
        assert_eq!(joined("non-", "English"), "non- English");
        assert_eq!(
            joined("根据《安全生产法》", "(2021 revision)"),
            "根据《安全生产法》(2021 revision)"
        );
        assert_eq!(joined("the word", "“quoted”"), "the word “quoted”");
    }

    #[test]
    fn cmaps_parse_chars_ranges_and_arrays() {
        let cmap = CMap::parse(
            b"begincmap 2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange\n\
              2 beginbfchar <01> <0041> <8140> <D840DC00> endbfchar\n\
              2 beginbfrange <10> <12> <4E00> <20> <21> [<0031> <00660069>] endbfrange endcmap",
            64,
        );
        let text = |code| {
            let mut s = String::new();
            cmap.text(code, &mut s).then_some(s)
        };
        assert_eq!(text(0x01).as_deref(), Some("A"));
        assert_eq!(text(0x8140).as_deref(), Some("\u{20000}"));
        assert_eq!(text(0x12).as_deref(), Some("丂"));
        assert_eq!(text(0x21).as_deref(), Some("fi"));
        assert_eq!(text(0x13), None);
        let font = Font {
            codes: Codes::Ranges(cmap.codespace.clone()),
            ..Font::fallback()
        };
        assert_eq!(font.next_code(b"\x01\x81\x40"), (0x01, 1));
        assert_eq!(font.next_code(b"\x81\x40"), (0x8140, 2));
    }

    #[test]
    fn filters_decode_and_cap() {
        assert_eq!(ascii_hex(b"41 42 4>"), b"AB@");
        assert_eq!(
            ascii85(b"<~87cURD]i,\"Ebo80~>", 100).unwrap(),
            b"Hello World!"
        );
        assert_eq!(
            run_length(&[2, b'a', b'b', b'c', 254, b'x', 128], 100).unwrap(),
            b"abcxxx"
        );
        assert_eq!(inflate(&deflate(&[7; 100]), 99), Err(FilterError::TooBig));
        assert_eq!(inflate(&deflate(&[7; 100]), 100).unwrap(), vec![7; 100]);
        // LZW of "-----A---B" (the example of the PDF reference).
        assert_eq!(
            lzw(
                &[0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01],
                true,
                100
            )
            .unwrap(),
            b"-----A---B"
        );
        // The PNG Up predictor, rows of 2 bytes.
        let parms = Dict(vec![
            (b"Predictor".to_vec(), Obj::Int(12)),
            (b"Columns".to_vec(), Obj::Int(2)),
        ]);
        assert_eq!(
            unpredict(vec![2, 1, 2, 2, 1, 1], Some(&parms)),
            [1, 2, 2, 3]
        );
    }

    #[test]
    fn truncated_and_mutated_files_never_panic() {
        let good = fixture("jinan-liuan-2024-sectors.pdf");
        // Cut anywhere: a clean failure or the text of the pages that survived.
        for cut in [10, 1000, good.len() / 3, good.len() / 2, good.len() - 100] {
            match read(&good[..cut], &Limits::default()) {
                Ok(e) => assert_eq!(e.blocks.len(), lines(&e).len()),
                Err(p) => assert!(
                    matches!(p.failure, Failure::Corrupt { .. } | Failure::NoTextLayer),
                    "{:?}",
                    p.failure
                ),
            }
        }
        // Bytes flipped at pseudo-random places.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..60 {
            let mut bytes = good.clone();
            for _ in 0..8 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed % bytes.len() as u64) as usize;
                bytes[at] = (seed >> 32) as u8;
            }
            if let Ok(e) = read(&bytes, &Limits::default()) {
                assert_eq!(e.blocks.len(), lines(&e).len());
            }
        }
    }
}
