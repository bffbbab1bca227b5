//! The numbering of official documents: what opens a line, and how senior it is.
//!
//! 第X章 > 第X节 > 第X条 > 一、 > （一） > 1. > （1） > ① is the order the national standard
//! for official documents (GB/T 9704) gives and that lists follow; a list may use any part
//! of it, and some nest differently, so the outline trusts the order in which kinds appear
//! first and uses this ranking only to close levels ([`super::outline`]).

use super::numeral;

/// The kinds of numbering that open a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MarkerKind {
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 第一条
    Article,
    /// 一、
    Ordinal,
    /// （一） or (一)
    ParenOrdinal,
    /// 1. 1、 1．
    Number,
    /// （1） or (1)
    ParenNumber,
    /// ①
    Circled,
}

impl MarkerKind {
    /// Seniority: lower is more senior.
    pub fn rank(self) -> u8 {
        self as u8
    }

    /// Whether the kind is one of the 第X… headings.
    pub fn is_di(self) -> bool {
        matches!(
            self,
            MarkerKind::Chapter | MarkerKind::Section | MarkerKind::Article
        )
    }

    /// A stable name, for JSON and the graph.
    pub fn name(self) -> &'static str {
        match self {
            MarkerKind::Chapter => "chapter",
            MarkerKind::Section => "section",
            MarkerKind::Article => "article",
            MarkerKind::Ordinal => "ordinal",
            MarkerKind::ParenOrdinal => "paren-ordinal",
            MarkerKind::Number => "number",
            MarkerKind::ParenNumber => "paren-number",
            MarkerKind::Circled => "circled",
        }
    }

    /// How the kind is written, for messages (（一）).
    pub fn example(self) -> &'static str {
        match self {
            MarkerKind::Chapter => "第一章",
            MarkerKind::Section => "第一节",
            MarkerKind::Article => "第一条",
            MarkerKind::Ordinal => "一、",
            MarkerKind::ParenOrdinal => "（一）",
            MarkerKind::Number => "1.",
            MarkerKind::ParenNumber => "（1）",
            MarkerKind::Circled => "①",
        }
    }
}

/// A marker found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: MarkerKind,
    /// Byte length of the marker as printed (（七）, 第四十一条, 1.).
    pub len: usize,
    /// The numeral as printed (七, 四十一, 1).
    pub literal_range: std::ops::Range<usize>,
    pub value: Option<u32>,
    /// Byte length of the separator after the marker (spaces, a colon), within the line.
    pub separator_len: usize,
}

fn is_space(c: char) -> bool {
    super::is_space(c)
}

/// Length of the numeral at the start of `s` (Chinese or Arabic, not mixed).
fn numeral_len(s: &str) -> usize {
    let arabic = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || ('０'..='９').contains(&c)))
        .map_or(s.len(), |(i, _)| i);
    if arabic > 0 {
        return arabic;
    }
    s.char_indices()
        .find(|&(_, c)| !numeral::is_numeral_char(c) || c.is_ascii_digit())
        .map_or(s.len(), |(i, _)| i)
}

fn is_arabic(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// Separator after a 第X条-style heading: spaces, an ideographic space, a colon.
fn separator_len(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !(is_space(c) || c == ':' || c == '：'))
        .map_or(s.len(), |(i, _)| i)
}

/// Spaces only.
fn spaces_len(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !is_space(c))
        .map_or(s.len(), |(i, _)| i)
}

/// Recognises the marker that opens `line` (already trimmed, and simplified when the
/// document is in traditional characters: 第一條 is read as 第一条).
pub fn find(line: &str) -> Option<Found> {
    if let Some(found) = di(line) {
        return Some(found);
    }
    if let Some(found) = parenthesised(line) {
        return Some(found);
    }
    if let Some(found) = circled(line) {
        return Some(found);
    }
    enumerated(line)
}

/// 第X章, 第X节, 第X条 (条 also as printed in traditional pages, 條).
fn di(line: &str) -> Option<Found> {
    let rest = line.strip_prefix('第')?;
    let n = numeral_len(rest);
    if n == 0 {
        return None;
    }
    let literal = &rest[..n];
    let after = &rest[n..];
    let unit = after.chars().next()?;
    let kind = match unit {
        '章' => MarkerKind::Chapter,
        '节' | '節' => MarkerKind::Section,
        '条' | '條' => MarkerKind::Article,
        _ => return None,
    };
    let value = numeral::parse(literal)?;
    let len = '第'.len_utf8() + n + unit.len_utf8();
    Some(Found {
        kind,
        len,
        literal_range: '第'.len_utf8()..'第'.len_utf8() + n,
        value: Some(value),
        separator_len: separator_len(&line[len..]),
    })
}

/// （一） (一) （1） (1), widths mixed as printed.
fn parenthesised(line: &str) -> Option<Found> {
    let open = line.chars().next()?;
    if open != '（' && open != '(' {
        return None;
    }
    let inner_start = open.len_utf8();
    let close_at = line[inner_start..].find(['）', ')'])? + inner_start;
    let inner = &line[inner_start..close_at];
    let count = inner.chars().count();
    if inner.is_empty() || count > 6 || !inner.chars().all(numeral::is_numeral_char) {
        return None;
    }
    let close_len = line[close_at..].chars().next().map_or(1, char::len_utf8);
    let len = close_at + close_len;
    let kind = if is_arabic(inner) {
        MarkerKind::ParenNumber
    } else {
        MarkerKind::ParenOrdinal
    };
    Some(Found {
        kind,
        len,
        literal_range: inner_start..close_at,
        value: numeral::parse(inner),
        separator_len: separator_len(&line[len..]),
    })
}

/// ① … ⑳ (and the rarer ㉑ … ㊿).
fn circled(line: &str) -> Option<Found> {
    let c = line.chars().next()?;
    let value = match c {
        '①'..='⑳' => c as u32 - '①' as u32 + 1,
        '㉑'..='㉟' => c as u32 - '㉑' as u32 + 21,
        '㊱'..='㊿' => c as u32 - '㊱' as u32 + 36,
        _ => return None,
    };
    let len = c.len_utf8();
    Some(Found {
        kind: MarkerKind::Circled,
        len,
        literal_range: 0..len,
        value: Some(value),
        separator_len: spaces_len(&line[len..]),
    })
}

/// 一、 (Chinese numeral and 、 or ．), 1. 1、 1． (Arabic numeral and a point or 、).
fn enumerated(line: &str) -> Option<Found> {
    let n = numeral_len(line);
    if n == 0 {
        return None;
    }
    let literal = &line[..n];
    let after = &line[n..];
    let point = after.chars().next()?;
    let arabic = is_arabic(literal);
    let ok = if arabic {
        matches!(point, '.' | '、' | '．' | '。')
            // 1.5万, 2.0版: a decimal number, not an item.
            && !after[point.len_utf8()..].starts_with(|c: char| c.is_ascii_digit())
    } else {
        matches!(point, '、' | '．')
    };
    // Up to 一千九百九十九、 (lists of a large city run past 一百一十一、), or 4 digits.
    let longest = if arabic { 4 } else { 7 };
    if !ok || literal.chars().count() > longest {
        return None;
    }
    let value = numeral::parse(literal)?;
    let len = n + point.len_utf8();
    Some(Found {
        kind: if arabic {
            MarkerKind::Number
        } else {
            MarkerKind::Ordinal
        },
        len,
        literal_range: 0..n,
        value: Some(value),
        separator_len: spaces_len(&line[len..]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<(MarkerKind, Option<u32>, &str)> {
        find(line).map(|f| (f.kind, f.value, &line[f.literal_range.clone()]))
    }

    #[test]
    fn every_kind() {
        use MarkerKind::*;
        assert_eq!(
            kind("第四十一条  区应急管理局"),
            Some((Article, Some(41), "四十一"))
        );
        assert_eq!(kind("第一條 為加強"), Some((Article, Some(1), "一")));
        assert_eq!(kind("第二章 政府责任"), Some((Chapter, Some(2), "二")));
        assert_eq!(kind("第3条 甲"), Some((Article, Some(3), "3")));
        assert_eq!(kind("一、各街道办事处"), Some((Ordinal, Some(1), "一")));
        assert_eq!(kind("十二、其他"), Some((Ordinal, Some(12), "十二")));
        assert_eq!(
            kind("一百一十一、某区市场监管局"),
            Some((Ordinal, Some(111), "一百一十一"))
        );
        assert_eq!(
            kind("（三十六）质监部门。"),
            Some((ParenOrdinal, Some(36), "三十六"))
        );
        assert_eq!(
            kind("(一)区文旅局负责"),
            Some((ParenOrdinal, Some(1), "一"))
        );
        assert_eq!(kind("（1）负责"), Some((ParenNumber, Some(1), "1")));
        assert_eq!(kind("4.负责牵头"), Some((Number, Some(4), "4")));
        assert_eq!(kind("2、负责"), Some((Number, Some(2), "2")));
        assert_eq!(kind("①负责"), Some((Circled, Some(1), "①")));
    }

    #[test]
    fn prose_is_not_numbered() {
        assert_eq!(kind("2005年5月23日"), None);
        assert_eq!(kind("1.5万元"), None);
        assert_eq!(kind("一岗双责"), None);
        assert_eq!(kind("（含储存）"), None);
        assert_eq!(kind("第一责任人"), None);
        assert_eq!(kind("1 市公安局 负责"), None);
    }

    #[test]
    fn separators() {
        let f = find("第一条：甲").unwrap();
        assert_eq!(&"第一条：甲"[f.len..f.len + f.separator_len], "：");
        let f = find("第十条　乙").unwrap();
        assert_eq!(f.separator_len, '　'.len_utf8());
    }
}
