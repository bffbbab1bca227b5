//! Text files: UTF-8 (with or without BOM), UTF-16 LE/BE (with BOM, or detected from
//! their zero bytes), GB18030/GBK/GB2312 and Big5 detected with chardetng; CRLF and CR
//! line ends.
//!
//! A UTF-8 file is its own extracted text (a BOM removed, a lone CR read as a line end,
//! which keeps every byte offset); any other encoding is decoded to UTF-8 first, and the
//! spans of later stages point into that.

use encoding_rs::{BIG5, Encoding, GB18030, UTF_16BE, UTF_16LE};

use super::{Extracted, Failure, Format, Placed};

/// Reads the bytes of a text file.
pub fn read(bytes: &[u8]) -> Result<Extracted, Placed> {
    let (text, encoding) = decode(bytes)?;
    Ok(from_text(text, encoding))
}

/// An extracted text of the given decoded text: every non-blank line a paragraph.
pub fn from_text(mut text: String, encoding: &'static str) -> Extracted {
    if text.contains('\r') {
        text = lone_cr_as_lf(text);
    }
    let blocks = Extracted::line_blocks(&text);
    Extracted {
        text,
        blocks,
        format: Format::Text,
        encoding: Some(encoding),
        warnings: Vec::new(),
    }
}

/// A CR not followed by LF (old Mac line ends) becomes LF: same length, same offsets.
fn lone_cr_as_lf(text: String) -> String {
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only an ASCII byte was replaced by another: still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Decodes a text file's bytes, naming the encoding it was in.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), Placed> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        return match encoding.decode_without_bom_handling_and_without_replacement(body) {
            Some(text) => Ok((text.into_owned(), encoding.name())),
            None if encoding == encoding_rs::UTF_8 => Err(not_utf8(body)),
            None => Err(Failure::Corrupt {
                format: "text",
                message: format!("not valid {} after its byte order mark", encoding.name()),
            }
            .into()),
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), "UTF-8"));
    }
    if let Some(encoding) = utf16_without_bom(bytes)
        && let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Ok((text.into_owned(), encoding.name()));
    }
    // Not UTF-8: a Chinese legacy encoding, if the detector and a clean decoding agree.
    let guess = guess_legacy(bytes);
    let candidate = if guess == BIG5 {
        Some(BIG5)
    } else if guess == encoding_rs::GBK || guess == GB18030 {
        Some(GB18030)
    } else {
        None
    };
    if let Some(encoding) = candidate
        && let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes)
    {
        // GB18030 is a superset of GBK and GB2312: name what the detector saw.
        let name = if guess == encoding_rs::GBK {
            "GBK"
        } else {
            encoding.name()
        };
        return Ok((text.into_owned(), name));
    }
    Err(not_utf8(bytes))
}

/// chardetng's guess for bytes that are not UTF-8. Hinted as from China, short GBK texts
/// are not mistaken for other encodings; but the hint would read Big5 (traditional
/// characters, Taiwan and Hong Kong pages) as GBK: when the unhinted guess is Big5, it is
/// taken.
pub(crate) fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let unhinted = detector.guess(None, chardetng::Utf8Detection::Deny);
    if unhinted == BIG5 {
        BIG5
    } else {
        detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny)
    }
}

/// UTF-16 without a BOM (text files and web pages): most of the bytes at even (LE) or odd (BE) offsets are zero,
/// as ASCII in UTF-16 has them, and the length is even.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let zero_high = sample.chunks(2).filter(|p| p[1] == 0).count();
    let zero_low = sample.chunks(2).filter(|p| p[0] == 0).count();
    if zero_high * 3 > pairs && zero_low == 0 {
        Some(UTF_16LE)
    } else if zero_low * 3 > pairs && zero_high == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The UTF-8 error, placed at the line and column of the first bad byte.
fn not_utf8(bytes: &[u8]) -> Placed {
    let offset = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
    let line = valid.matches('\n').count() as u32 + 1;
    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
    let column = valid[line_start..].chars().count() as u32 + 1;
    Placed {
        at: Some((line, column)),
        failure: Failure::NotText { offset },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "第十条 區應急管理局：\r\n（一）负责危险化学品安全监管。\r\n";

    #[test]
    fn utf8_is_kept_byte_for_byte() {
        let (text, encoding) = decode(LIST.as_bytes()).unwrap();
        assert_eq!((text.as_str(), encoding), (LIST, "UTF-8"));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), LIST.as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap().0, LIST);
    }

    #[test]
    fn gb18030_and_utf16_are_decoded() {
        let (gbk, _, _) = GB18030.encode(LIST);
        let (text, name) = decode(&gbk).unwrap();
        assert_eq!(text, LIST);
        assert!(matches!(name, "GBK" | "GB18030"), "{name}");
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in LIST.encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap(), (LIST.to_owned(), "UTF-16LE"));
        assert_eq!(decode(&be).unwrap(), (LIST.to_owned(), "UTF-16BE"));
    }

    #[test]
    fn big5_is_not_read_as_gbk() {
        let traditional =
            "某縣安全生產責任清單\n一、縣應急管理局\n（一）負責全縣安全生產綜合監督管理。\n";
        let (big5, _, _) = BIG5.encode(traditional);
        assert_eq!(decode(&big5).unwrap(), (traditional.to_owned(), "Big5"));
        let simplified =
            "某县安全生产责任清单\n一、县应急管理局\n（一）负责全县安全生产综合监督管理。\n";
        let (gbk, _, _) = GB18030.encode(simplified);
        assert_eq!(decode(&gbk).unwrap().0, simplified);
    }

    #[test]
    fn latin1_is_refused_at_its_first_bad_byte() {
        let err = decode(b"ab\ncaf\xe9 au lait\n").unwrap_err();
        assert_eq!(err.at, Some((2, 4)));
        assert_eq!(err.failure, Failure::NotText { offset: 6 });
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let read = from_text("一、甲\r（一）乙\r\n（二）丙".to_owned(), "UTF-8");
        assert_eq!(read.text, "一、甲\n（一）乙\r\n（二）丙");
        assert_eq!(read.blocks.len(), 3);
    }
}
