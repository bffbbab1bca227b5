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

/// Writes a number as a Chinese numeral the way article and item numbers are printed:
/// 41 → 四十一, 10 → 十, 103 → 一百零三, 10 001 → 一万零一, 100 000 → 十万. The one writer
/// of the crate (reports, lint, pages); from 100 000 000 up, Arabic digits.
pub fn to_chinese(n: u32) -> String {
    if n == 0 {
        return "零".to_owned();
    }
    if n >= 100_000_000 {
        return n.to_string();
    }
    let (high, low) = (n / 10_000, n % 10_000);
    if high == 0 {
        return below_ten_thousand(low, true);
    }
    let mut out = below_ten_thousand(high, true);
    out.push('万');
    if low > 0 {
        // 一万零一, 一万零五百: a zero where the thousands are missing.
        if low < 1000 {
            out.push('零');
        }
        out.push_str(&below_ten_thousand(low, false));
    }
    out
}

/// 1..=9999; `leading`: the numeral starts here, so 十一 rather than 一十一.
fn below_ten_thousand(n: u32, leading: bool) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
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
        if !(leading && value == 10 && digit == 1 && out.is_empty()) {
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
        for n in (0..=100_000).chain([1_000_000, 12_345_678, 99_999_999]) {
            assert_eq!(
                parse(&to_chinese(n)).unwrap_or(0),
                n,
                "{n}: {}",
                to_chinese(n)
            );
        }
        let cases = [
            (10, "十"),
            (41, "四十一"),
            (101, "一百零一"),
            (110, "一百一十"),
            (1010, "一千零一十"),
            (10_001, "一万零一"),
            (10_010, "一万零一十"),
            (10_500, "一万零五百"),
            (11_000, "一万一千"),
            (100_000, "十万"),
            (110_000, "十一万"),
        ];
        for (n, text) in cases {
            assert_eq!(to_chinese(n), text);
        }
    }

    #[test]
    fn rejects_non_numerals() {
        for text in ["", "条", "二三", "十十", "百", "一二x", "零十"] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
