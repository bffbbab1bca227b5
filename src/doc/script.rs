//! Traditional characters (machine-converted pages, lists of Hong Kong, Macao, Taiwan
//! sources) are read as simplified: numbering, bodies, topics and verbs are matched on a
//! simplified copy of the text, while every text kept in the graph is the source as printed.
//!
//! The copy is made character for character, and only where the simplified character takes
//! as many UTF-8 bytes as the traditional one, so every span of the source is the same span
//! of the copy.

use std::borrow::Cow;

/// Which characters a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Simplified,
    Traditional,
}

impl Script {
    pub fn name(self) -> &'static str {
        match self {
            Script::Simplified => "simplified",
            Script::Traditional => "traditional",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Script::Simplified => "简体",
            Script::Traditional => "繁体（按简体匹配）",
        }
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The text in simplified characters, same byte layout as `text`.
pub fn simplified(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let converted = fast2s::convert(text);
    if converted == text {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    if converted.chars().count() == text.chars().count() {
        for (original, simple) in text.chars().zip(converted.chars()) {
            out.push(same_width(original, simple));
        }
    } else {
        // The converter changed the number of characters: convert one at a time.
        let mut buf = [0u8; 4];
        for original in text.chars() {
            let one = fast2s::convert(original.encode_utf8(&mut buf));
            let mut chars = one.chars();
            let simple = match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => original,
            };
            out.push(same_width(original, simple));
        }
    }
    Cow::Owned(out)
}

fn same_width(original: char, simple: char) -> char {
    if original.len_utf8() == simple.len_utf8() {
        simple
    } else {
        original
    }
}

/// The script of a text: traditional when the conversion changes at least 3 characters
/// and at least one CJK character in fifty (a simplified text has at most a few
/// characters that a converter would change, such as 著 in 显著).
pub fn detect(text: &str, simplified: &str) -> Script {
    if text == simplified {
        return Script::Simplified;
    }
    let cjk = text.chars().filter(|&c| is_cjk(c)).count();
    let changed = text
        .chars()
        .zip(simplified.chars())
        .filter(|(a, b)| a != b)
        .count();
    if changed >= 3 && changed * 50 >= cjk {
        Script::Traditional
    } else {
        Script::Simplified
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_is_matched_as_simplified_in_place() {
        let text = "第一條 自治區人民政府關於安全生產監督管理責任";
        let simple = simplified(text);
        assert_eq!(simple, "第一条 自治区人民政府关于安全生产监督管理责任");
        assert_eq!(simple.len(), text.len());
        assert_eq!(detect(text, &simple), Script::Traditional);
    }

    #[test]
    fn simplified_text_is_left_alone() {
        let text = "区应急管理局负责危险化学品安全监管，成效显著。";
        assert_eq!(detect(text, &simplified(text)), Script::Simplified);
    }
}
