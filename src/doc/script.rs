//! Traditional characters (machine-converted pages, lists of Hong Kong, Macao, Taiwan
//! sources) are read as simplified: numbering, bodies, topics and verbs are matched on a
//! simplified copy of the text, while every text kept in the graph is the source as printed.
//!
//! The copy is made character for character, and only where the simplified character takes
//! as many UTF-8 bytes as the traditional one, so every span of the source is the same span
//! of the copy.

use std::borrow::Cow;
use std::sync::OnceLock;

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

/// The blocks where the converter changes characters: CJK Unified Ideographs, Extension A
/// and Compatibility Ideographs (a test checks every other character it is given back).
const HAN_BLOCKS: [std::ops::RangeInclusive<char>; 3] = [
    '\u{3400}'..='\u{4dbf}',
    '\u{4e00}'..='\u{9fff}',
    '\u{f900}'..='\u{faff}',
];

/// Characters the converter changes only beside certain others (看著 → 看着), never alone.
const CHANGED_IN_CONTEXT: [char; 2] = ['著', '藉'];

/// Which characters of the Han blocks the converter may change: one bit per character,
/// found once by converting each block (cheaper than converting every text of a batch).
fn convertible() -> &'static [Vec<u64>; 3] {
    static BITS: OnceLock<[Vec<u64>; 3]> = OnceLock::new();
    BITS.get_or_init(|| {
        HAN_BLOCKS.clone().map(|block| {
            let first = *block.start() as usize;
            let mut bits = vec![0u64; (*block.end() as usize - first) / 64 + 1];
            // Separated by spaces so no character is read in another's context.
            let chars: String = block.flat_map(|c| [c, ' ']).collect();
            let converted = fast2s::convert(&chars);
            for (original, simple) in chars.chars().zip(converted.chars()) {
                if original != simple || CHANGED_IN_CONTEXT.contains(&original) {
                    let at = original as usize - first;
                    bits[at / 64] |= 1 << (at % 64);
                }
            }
            bits
        })
    })
}

/// Whether the converter could change any character of `text`.
fn has_convertible(text: &str) -> bool {
    let bits = convertible();
    text.chars().any(|c| {
        HAN_BLOCKS.iter().zip(bits).any(|(block, bits)| {
            block.contains(&c) && {
                let at = c as usize - *block.start() as usize;
                bits[at / 64] & (1 << (at % 64)) != 0
            }
        })
    })
}

/// The text in simplified characters, same byte layout as `text`.
pub fn simplified(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || !has_convertible(text) {
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
    if std::ptr::eq(text, simplified) || text == simplified {
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
    fn the_converter_changes_nothing_outside_the_han_blocks() {
        let outside: String = ('\u{800}'..='\u{ffff}')
            .filter(|c| !HAN_BLOCKS.iter().any(|b| b.contains(c)))
            .flat_map(|c| [c, ' '])
            .collect();
        assert_eq!(fast2s::convert(&outside), outside);
    }

    #[test]
    fn a_character_changed_only_in_context_is_still_converted() {
        assert_eq!(simplified("看著"), "看着");
        assert!(matches!(simplified("区应急管理局"), Cow::Borrowed(_)));
    }

    #[test]
    fn simplified_text_is_left_alone() {
        let text = "区应急管理局负责危险化学品安全监管，成效显著。";
        assert_eq!(detect(text, &simplified(text)), Script::Simplified);
    }
}
