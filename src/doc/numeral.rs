//! Chinese numerals as they appear in 第X条, 第X章 and （X） markers.

/// Characters that may make up a numeral (Chinese or Arabic).
pub fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || digit_value(c).is_some() || unit_value(c).is_some()
}

fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        '０'..='９' => c as u32 - '０' as u32,
        _ => return None,
    })
}

fn unit_value(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        '万' => 10_000,
        _ => return None,
    })
}

/// Parses a numeral of any size: 四十一 → 41, 十 → 10, 一百零三 → 103, 一〇五 → 105, 12 → 12.
///
/// Returns `None` for anything that is not a well-formed numeral (so that a stray
/// "第X条" in prose is not taken for an article).
pub fn parse(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    // Digit-by-digit form without units: 一〇五, １２.
    let digit_by_digit = s.chars().all(|c| digit_value(c).is_some())
        && s.chars()
            .any(|c| matches!(c, '〇' | '○' | '零' | '０'..='９'));
    if digit_by_digit {
        return s.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(digit_value(c)?)
        });
    }
    let mut total: u32 = 0; // completed groups of ten thousand
    let mut section: u32 = 0; // value below 10 000
    let mut digit: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            if digit.is_some_and(|prev| prev != 0) {
                return None; // two digits in a row: 二三
            }
            digit = Some(d);
        } else if let Some(unit) = unit_value(c) {
            if unit == 10_000 {
                section = section.checked_add(digit.take().unwrap_or(0))?;
                if section == 0 {
                    return None;
                }
                total = total.checked_add(section.checked_mul(10_000)?)?;
                section = 0;
                last_unit = u32::MAX;
                continue;
            }
            if unit >= last_unit {
                return None; // 十百, 百百
            }
            // A bare unit (十) means one of it; only 十 may stand bare, at the start.
            let d = match digit.take() {
                Some(d) => d,
                None if unit == 10 => 1,
                None => return None,
            };
            if d == 0 {
                return None;
            }
            section = section.checked_add(d.checked_mul(unit)?)?;
            last_unit = unit;
        } else {
            return None;
        }
    }
    section = section.checked_add(digit.unwrap_or(0))?;
    total.checked_add(section)
}

/// Writes a number as a Chinese numeral the way article numbers are printed:
/// 41 → 四十一, 10 → 十, 103 → 一百零三.
pub fn to_chinese(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 {
        return "零".to_owned();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let units = [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut out = String::new();
    let mut zero_pending = false;
    for (value, unit) in units {
        let digit = (n / value) % 10;
        if digit == 0 {
            if !out.is_empty() {
                zero_pending = true;
            }
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        // 十一, not 一十一, when the number starts with the tens.
        if !(value == 10 && digit == 1 && out.is_empty()) {
            out.push(DIGITS[digit as usize]);
        }
        if unit != ' ' {
            out.push(unit);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{parse, to_chinese};

    #[test]
    fn parses_numerals_of_any_size() {
        let cases = [
            ("一", 1),
            ("十", 10),
            ("十一", 11),
            ("二十", 20),
            ("四十一", 41),
            ("五十六", 56),
            ("一百", 100),
            ("一百零三", 103),
            ("一百一十", 110),
            ("两百", 200),
            ("一千零一", 1001),
            ("一〇五", 105),
            ("12", 12),
            ("１２", 12),
            ("一万零一", 10001),
        ];
        for (text, value) in cases {
            assert_eq!(parse(text), Some(value), "{text}");
        }
    }

    #[test]
    fn writes_numerals() {
        for n in [1, 10, 11, 20, 41, 56, 100, 103, 110, 1001, 1010] {
            assert_eq!(parse(&to_chinese(n)), Some(n), "{n}");
        }
        assert_eq!(to_chinese(41), "四十一");
        assert_eq!(to_chinese(110), "一百一十");
    }

    #[test]
    fn rejects_non_numerals() {
        for text in ["", "条", "二三", "十十", "百", "一二x", "零十"] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
