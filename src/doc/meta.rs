//! Around the list: the issuing notice (印发通知, 文号, 主送, the issuer and the date), the
//! list's title and status, preambles, legal bases and copies at the end, and page noise.
//! None of it becomes a duty; the metadata goes on the list.

use super::{LineRole, Scanned, Text, numeral};

/// What the document says about itself.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// The list's title (魏都区安全生产职责清单).
    pub title: Option<Text>,
    /// 征求意见稿, 试行… as printed.
    pub status: Option<Text>,
    /// The level word of the issuing body (区, 县, 市, 自治区…).
    pub level: Option<String>,
    /// The issuing notice's title (…关于印发《…》的通知).
    pub notice_title: Option<Text>,
    /// 文号 (宁政发〔2010〕55号).
    pub number: Option<Text>,
    /// The issuing authority as printed.
    pub issuer: Option<Text>,
    /// The date line as printed.
    pub date: Option<Text>,
    /// The date, when it parses: (year, month, day).
    pub issued: Option<(u32, u32, u32)>,
}

/// Trailing punctuation that does not make a line a sentence.
fn trim_end_punct(s: &str) -> &str {
    s.trim_end_matches(['：', ':', '。', '.', ' ', '\u{3000}'])
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Page noise: 朗读, `? ?`, HTML remnants, print and share links, counters.
pub fn is_noise(line: &str) -> bool {
    let trimmed = line.trim_matches(|c: char| {
        super::is_space(c) || matches!(c, '【' | '】' | '[' | ']' | '|' | '｜' | '·')
    });
    if trimmed.is_empty() {
        return true;
    }
    if !has_cjk(trimmed) && !trimmed.chars().any(|c| c.is_alphanumeric()) {
        return true;
    }
    let lower = trimmed.to_ascii_lowercase();
    if (lower.starts_with('<') && lower.ends_with('>'))
        || ["&nbsp;", "&amp;", "<br", "</", "<p>", "javascript:"]
            .iter()
            .any(|h| lower.contains(h))
    {
        return true;
    }
    const CHROME: &[&str] = &[
        "朗读",
        "打印",
        "打印本页",
        "关闭",
        "关闭窗口",
        "返回顶部",
        "返回",
        "分享",
        "分享到",
        "收藏",
        "字体",
        "大 中 小",
        "扫一扫",
        "上一篇",
        "下一篇",
        "我要纠错",
        "视力保护色",
    ];
    if CHROME.contains(&trimmed) {
        return true;
    }
    const PREFIXES: &[&str] = &[
        "字体：",
        "字体:",
        "字号：",
        "字号:",
        "来源：",
        "来源:",
        "发布时间",
        "浏览次数",
        "点击数",
        "阅读次数",
        "责任编辑",
        "分享到",
        "【打印",
        "打印本页",
        "信息来源",
        "发布日期：",
        "访问量",
    ];
    trimmed.chars().count() <= 80 && PREFIXES.iter().any(|p| trimmed.starts_with(p))
}

/// 宁政发〔2010〕55号, 深盐府[2003]7号, 金政办〔2024〕4号: the whole line.
pub fn is_doc_number(line: &str) -> bool {
    let s = line.trim();
    let Some(open) = s.find(['〔', '[', '【', '(', '（']) else {
        return false;
    };
    let prefix = &s[..open];
    if prefix.is_empty() || prefix.chars().count() > 12 || !has_cjk(prefix) {
        return false;
    }
    let rest = &s[open..];
    let digits: String = rest[open_len(rest)..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.len() != 4 {
        return false;
    }
    let after = &rest[open_len(rest) + 4..];
    let Some(close) = after.chars().next() else {
        return false;
    };
    if !matches!(close, '〕' | ']' | '】' | ')' | '）') {
        return false;
    }
    let tail = after[close.len_utf8()..].trim();
    let number: String = tail.chars().take_while(|c| c.is_ascii_digit()).collect();
    !number.is_empty() && tail[number.len()..].trim() == "号"
}

fn open_len(s: &str) -> usize {
    s.chars().next().map_or(0, char::len_utf8)
}

/// A date line: 2024年5月17日, 二○一○年三月二十九日, 二OO九年三月 (with a 印发 at the end).
pub fn parse_date(line: &str) -> Option<(u32, u32, u32)> {
    let s = line.trim().trim_end_matches("印发").trim();
    let (year, rest) = s.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest
        .strip_suffix('日')
        .or_else(|| rest.strip_suffix('号'))?;
    let year: String = year
        .chars()
        .map(|c| match c {
            '〇' | '○' | 'O' | 'o' | 'Ｏ' | '零' | '０' => '0',
            other => other,
        })
        .collect();
    let year = if year.chars().all(|c| c.is_ascii_digit()) {
        year.parse().ok()?
    } else {
        // 二〇一〇: digit by digit.
        year.chars().try_fold(0u32, |acc, c| {
            let d = if c == '0' {
                0
            } else {
                numeral::parse(&c.to_string())?
            };
            (d < 10).then_some(acc * 10 + d)
        })?
    };
    let month = numeral::parse(month.trim())?;
    let day = numeral::parse(day.trim())?;
    ((1949..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some((year, month, day))
}

/// …关于印发《…》的通知
fn is_notice_title(line: &str) -> bool {
    let s = trim_end_punct(line);
    (s.contains("关于") || s.contains("印发") || s.contains("转发"))
        && ["通知", "决定", "意见", "函", "批复", "通报", "公告"]
            .iter()
            .any(|e| s.ends_with(e))
        && s.chars().count() <= 120
}

/// Words in the titles of lists of the genre.
const TITLE_WORDS: &[&str] = &[
    "清单", "规定", "办法", "职责", "分工", "责任", "制度", "细则", "方案", "规范", "目录", "意见",
    "规则", "要点", "任务", "实施",
];

fn is_title_like(line: &str) -> bool {
    let s = line.trim();
    let n = s.chars().count();
    (2..=60).contains(&n)
        && !is_wrapped(s)
        && !s.ends_with(['。', '；', ';', '，', ',', '：', ':'])
        && !["为", "根据", "现将", "经", "请", "按照", "依据"]
            .iter()
            .any(|p| s.starts_with(p))
        && TITLE_WORDS.iter().any(|w| s.contains(w))
}

/// （征求意见稿）: a line wrapped in parentheses.
fn is_wrapped(s: &str) -> bool {
    (s.starts_with('（') || s.starts_with('('))
        && (s.ends_with('）') || s.ends_with(')'))
        && s.chars().count() > 2
}

/// 主送: 各乡镇人民政府、街道办事处,园区管委,区直有关单位:
fn is_addressee(line: &str) -> bool {
    let s = line.trim();
    (s.ends_with('：') || s.ends_with(':'))
        && s.chars().count() <= 120
        && s.contains(['、', '，', ','])
        && ["政府", "部门", "单位", "机构", "委", "局", "办", "公司"]
            .iter()
            .any(|w| s.contains(w))
        && !s.starts_with('为')
}

/// The notice speaking of itself: 现通知如下, 现将…印发给你们, 请遵照执行.
fn is_notice_sentence(line: &str) -> bool {
    [
        "通知如下",
        "印发给你们",
        "请遵照执行",
        "请认真贯彻执行",
        "请认真贯彻落实",
        "请结合实际",
        "现予印发",
        "现予以印发",
    ]
    .iter()
    .any(|w| line.contains(w))
}

/// A line that is only a date: 2023年5月6日, 二〇二三年五月六日.
fn is_date_line(line: &str) -> bool {
    line.chars().count() <= 16 && parse_date(line).is_some()
}

/// A signature's name: 某市人民政府办公室, 区安委会, on a line of its own.
fn is_signature_name(line: &str) -> bool {
    let s = line.trim();
    (2..=30).contains(&s.chars().count())
        && !s.contains(['，', ',', '。', '；', ';', '：', ':', '、'])
        && !s.contains("负责")
        && [
            "政府",
            "办公室",
            "办公厅",
            "委员会",
            "安委会",
            "局",
            "委",
            "办",
            "厅",
            "部",
            "中心",
            "党委",
            "管委会",
            "大队",
            "支队",
            "公司",
        ]
        .iter()
        .any(|w| s.ends_with(w))
}

/// 相关依据, 抄送, 印发 lines that open the back matter.
fn is_back_heading(line: &str) -> bool {
    let s = trim_end_punct(line.trim());
    matches!(
        s,
        "相关依据"
            | "法律依据"
            | "政策依据"
            | "参考依据"
            | "制定依据"
            | "依据"
            | "法规依据"
            | "主要依据"
            | "职责依据"
    ) || s.starts_with("抄送")
        || s.starts_with("此件公开发布")
        || s.starts_with("（此件公开发布")
        || s.starts_with("(此件公开发布")
        || (s.ends_with("印发") && parse_date(s).is_some())
}

/// The level word a title or issuer starts with (魏都区… → 区, 宁夏回族自治区… → 自治区,
/// 进一步明确我区… → 区): the first level word after a place name, within its first words.
pub fn level_of(words: &str) -> Option<String> {
    const LEVELS: &[&str] = &[
        "特别行政区",
        "自治区",
        "自治州",
        "自治县",
        "自治旗",
        "省",
        "市",
        "区",
        "县",
        "旗",
        "州",
        "盟",
        "镇",
        "乡",
    ];
    let head: String = words.chars().take(14).collect();
    for (i, _) in head.char_indices() {
        if i == 0 {
            continue;
        }
        if let Some(level) = LEVELS.iter().find(|l| head[i..].starts_with(*l)) {
            return Some((*level).to_owned());
        }
    }
    None
}

/// Classifies the lines around the list (front matter, back matter) and returns where
/// the list starts. Lines left unclassified are the list's.
pub(crate) fn classify(lines: &[Scanned<'_>], roles: &mut [Option<LineRole>]) -> usize {
    // The list starts at its first numbered line or table.
    let first_structure = lines
        .iter()
        .zip(roles.iter())
        .position(|(l, r)| r.is_some() || (l.marker.is_some() && !is_noise(l.simple)));
    let front_end = first_structure.unwrap_or_else(|| {
        // No numbering at all: the list starts after its title, if there is one.
        lines
            .iter()
            .position(|l| is_title_like(l.simple))
            .map_or(0, |t| {
                let status = lines.get(t + 1).is_some_and(|l| is_wrapped(l.simple));
                t + 1 + usize::from(status)
            })
    });
    // An unnumbered heading of the first items (区应急管理局 then 1.) is the list's, unless
    // it is the title itself.
    let front_end = match front_end.checked_sub(1) {
        Some(heading)
            if roles[heading].is_none()
                && lines.get(front_end).is_some_and(|first| {
                    super::outline::is_unnumbered_heading(&lines[heading], first)
                })
                && parse_date(lines[heading].simple).is_none()
                && !is_doc_number(lines[heading].simple)
                && !is_notice_title(lines[heading].simple)
                && (!is_title_like(lines[heading].simple)
                    || lines[..heading].iter().any(|l| {
                        is_title_like(l.simple)
                            && !is_notice_title(l.simple)
                            && !l.simple.contains(lines[heading].simple)
                    })) =>
        {
            heading
        }
        _ => front_end,
    };
    classify_front(&lines[..front_end], &mut roles[..front_end]);
    classify_back(&lines[front_end..], &mut roles[front_end..]);
    front_end
}

fn classify_front(lines: &[Scanned<'_>], roles: &mut [Option<LineRole>]) {
    // The list title named in the notice (《…》), if a line prints it.
    let named: Option<String> = lines
        .iter()
        .find(|l| is_notice_title(l.simple))
        .and_then(|l| {
            let open = l.simple.find('《')?;
            let close = l.simple[open..].find('》')? + open;
            Some(l.simple[open + '《'.len_utf8()..close].to_owned())
        });
    let title_at = named
        .as_deref()
        .and_then(|n| lines.iter().rposition(|l| l.simple == n))
        .or_else(|| {
            lines
                .iter()
                .rposition(|l| is_title_like(l.simple) && !is_notice_title(l.simple))
        });
    let mut found_meta = title_at.is_some();
    for (i, (line, role)) in lines.iter().zip(roles.iter_mut()).enumerate() {
        if role.is_some() {
            continue;
        }
        let s = line.simple;
        let next_is_date = lines
            .get(i + 1)
            .is_some_and(|n| parse_date(n.simple).is_some());
        *role = Some(if is_noise(s) {
            LineRole::Noise
        } else if Some(i) == title_at {
            LineRole::Title
        } else if title_at.is_some_and(|t| i == t + 1) && is_wrapped(s) {
            LineRole::Status
        } else if is_notice_title(s) {
            found_meta = true;
            LineRole::NoticeTitle
        } else if is_doc_number(s) {
            found_meta = true;
            LineRole::DocNumber
        } else if parse_date(s).is_some() {
            found_meta = true;
            LineRole::Date
        } else if is_addressee(s) {
            // 主送: the page is a notice.
            found_meta = true;
            LineRole::Addressee
        } else if is_notice_sentence(s) {
            found_meta = true;
            LineRole::Preamble
        } else if next_is_date
            && s.chars().count() <= 40
            && !s.contains(['，', ',', '。', '；', '：', ':'])
        {
            LineRole::Issuer
        } else {
            LineRole::Preamble
        });
    }
    // A page that starts in the middle of a list has no notice and no title: what comes
    // before its first numbered line is the list's (the rest of a body's duties).
    if !found_meta {
        for role in roles.iter_mut() {
            if *role == Some(LineRole::Preamble) {
                *role = Some(LineRole::Outline);
            }
        }
    }
}

fn classify_back(lines: &[Scanned<'_>], roles: &mut [Option<LineRole>]) {
    // The signature after the last item: the issuer's name and the date, each on a line of
    // its own (what follows them, 抄送 and the like, is back matter below).
    let open: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            roles[i].is_none() && !is_noise(lines[i].simple) && !is_back_heading(lines[i].simple)
        })
        .collect();
    let back_start = (0..lines.len())
        .find(|&i| {
            roles[i].is_none() && lines[i].marker.is_none() && is_back_heading(lines[i].simple)
        })
        .unwrap_or(lines.len());
    if let Some(&date) = open.iter().rev().find(|&&i| i < back_start)
        && lines[date].marker.is_none()
        && is_date_line(lines[date].simple)
    {
        roles[date] = Some(LineRole::Date);
        for &i in open.iter().rev().filter(|&&i| i < date).take(3) {
            if lines[i].marker.is_some() || !is_signature_name(lines[i].simple) {
                break;
            }
            roles[i] = Some(LineRole::Issuer);
        }
    }
    let mut in_back = false;
    for (line, role) in lines.iter().zip(roles.iter_mut()) {
        if role.is_some() {
            // A table ends the back matter of the table before it.
            in_back = false;
            continue;
        }
        let s = line.simple;
        if is_noise(s) {
            *role = Some(LineRole::Noise);
            continue;
        }
        if line.marker.is_none() && is_back_heading(s) {
            in_back = true;
            *role = Some(LineRole::BackMatter);
            continue;
        }
        if in_back {
            // Senior numbering (第X章, 第X条, 一、) is the list again.
            let senior = line.marker.as_ref().is_some_and(|m| {
                matches!(
                    m.kind,
                    super::MarkerKind::Chapter
                        | super::MarkerKind::Article
                        | super::MarkerKind::Ordinal
                )
            });
            if senior {
                in_back = false;
            } else {
                *role = Some(LineRole::BackMatter);
            }
        }
    }
}

/// Reads the metadata from the classified lines.
pub(crate) fn read(
    lines: &[Scanned<'_>],
    roles: &[Option<LineRole>],
    front_end: usize,
) -> Metadata {
    let mut meta = Metadata::default();
    let text_of = |l: &Scanned<'_>| l.raw.text_of(l.text);
    for (i, (line, role)) in lines.iter().zip(roles).enumerate() {
        match role {
            Some(LineRole::Title) if meta.title.is_none() => meta.title = text_of(line),
            Some(LineRole::Status) if meta.status.is_none() => {
                let inner = &line.text[open_len(line.text)
                    ..line.text.len() - line.text.chars().next_back().map_or(0, char::len_utf8)];
                meta.status = line.raw.text_of(inner);
            }
            Some(LineRole::NoticeTitle) if meta.notice_title.is_none() => {
                meta.notice_title = text_of(line);
            }
            Some(LineRole::DocNumber) if meta.number.is_none() => meta.number = text_of(line),
            Some(LineRole::Issuer) if meta.issuer.is_none() => meta.issuer = text_of(line),
            Some(LineRole::Date) if meta.date.is_none() && i < front_end.max(1) => {
                meta.issued = parse_date(line.simple);
                meta.date = text_of(line);
            }
            _ => {}
        }
    }
    // A status printed in the title: 某某清单（试行）.
    if meta.status.is_none()
        && let Some(title) = &meta.title
        && title.text.ends_with(['）', ')'])
        && let Some(open) = title.text.rfind(['（', '('])
    {
        let inner_start = open + open_len(&title.text[open..]);
        let inner_end = title.text.len() - title.text.chars().next_back().map_or(0, char::len_utf8);
        let inner = &title.text[inner_start..inner_end];
        if [
            "征求意见稿",
            "试行",
            "暂行",
            "送审稿",
            "草案",
            "讨论稿",
            "修订稿",
            "初稿",
            "报批稿",
        ]
        .iter()
        .any(|w| inner.contains(w))
        {
            meta.status = Some(title.slice(inner_start..inner_end));
        }
    }
    // The issuer from the notice title (XX人民政府关于印发…).
    if meta.issuer.is_none()
        && let Some(notice) = &meta.notice_title
        && let Some(at) = super::script::simplified(&notice.text).find("关于")
        && at > 0
    {
        meta.issuer = Some(notice.slice(0..at));
    }
    let simple_of = |t: &Text| -> String { super::script::simplified(&t.text).into_owned() };
    meta.level = meta
        .title
        .as_ref()
        .map(simple_of)
        .and_then(|t| level_of(&t))
        .or_else(|| {
            meta.issuer
                .as_ref()
                .map(simple_of)
                .and_then(|t| level_of(&t))
        })
        .or_else(|| {
            meta.notice_title
                .as_ref()
                .map(simple_of)
                .and_then(|t| level_of(&t))
        });
    // A list printed without a title above its first table takes the table's title.
    if meta.title.is_none()
        && let Some(line) = lines
            .iter()
            .zip(roles)
            .find(|(_, r)| **r == Some(LineRole::TableTitle))
            .map(|(l, _)| l)
    {
        meta.title = text_of(line);
    }
    // A date at the end (the signature of a list without a notice).
    if meta.date.is_none()
        && let Some(line) = lines
            .iter()
            .zip(roles)
            .filter(|(_, r)| matches!(r, Some(LineRole::Date | LineRole::BackMatter)))
            .map(|(l, _)| l)
            .find(|l| parse_date(l.simple).is_some())
    {
        meta.issued = parse_date(line.simple);
        meta.date = text_of(line);
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_printed() {
        assert_eq!(parse_date("2024年5月17日"), Some((2024, 5, 17)));
        assert_eq!(parse_date("二○一○年三月二十九日"), Some((2010, 3, 29)));
        assert_eq!(parse_date("二OO九年十二月一日"), Some((2009, 12, 1)));
        assert_eq!(parse_date("2005年5月23日印发"), Some((2005, 5, 23)));
        assert_eq!(parse_date("本清单自2022年2月  日起施行"), None);
    }

    #[test]
    fn document_numbers() {
        for n in ["宁政发〔2010〕55号", "金政办〔2024〕4号", "深盐府[2003]7号"] {
            assert!(is_doc_number(n), "{n}");
        }
        assert!(!is_doc_number(
            "《盐田区各街道办事处和有关部门安全生产管理职责》(深盐府[2003]7号)废止执行。"
        ));
    }

    #[test]
    fn levels_from_titles() {
        assert_eq!(level_of("魏都区安全生产职责清单").as_deref(), Some("区"));
        assert_eq!(
            level_of("宁夏回族自治区安全生产监督管理责任规定").as_deref(),
            Some("自治区")
        );
        assert_eq!(
            level_of("进一步明确我区部分行业(领域)安全生产监管职责分工").as_deref(),
            Some("区")
        );
        assert_eq!(
            level_of("某某自治县安全生产职责清单").as_deref(),
            Some("自治县")
        );
        assert_eq!(level_of("烟花爆竹安全监管"), None);
    }

    #[test]
    fn noise() {
        for n in [
            "朗读",
            "? ?",
            "<p>",
            "【字体：大 中 小】",
            "分享到：",
            "&nbsp;&nbsp;",
        ] {
            assert!(is_noise(n), "{n}");
        }
        assert!(!is_noise("（一）负责危险化学品安全监管。"));
        assert!(!is_noise("烟花爆竹安全监管"));
    }
}
