//! Clause splitting, governing verbs and modes, and topic tagging with exclusions.
//!
//! A duty paragraph is cut at sentence ends (。；) and at commas outside brackets and
//! quotes; a segment that is only an adverbial (按照职责分工，…) joins the segment after it,
//! a segment with no verb joins the one before. 并 + verb also opens a clause.

use std::ops::Range;

use super::lexicon::{self, LIGHT_VERBS, Mode, NOUN_COMPOUNDS, NOUN_HEADS, VERBS, Verb};
use super::topics::{Taxonomy, TopicId};

/// A verb found in a clause.
#[derive(Debug, Clone, Copy)]
pub struct VerbToken {
    pub verb: &'static Verb,
    /// Byte range in the clause text.
    pub start: usize,
    pub end: usize,
}

/// Verb tokens of `text` (leftmost-longest), skipping those inside brackets.
pub fn verb_tokens(text: &str) -> Vec<VerbToken> {
    let depth = bracket_depths(text);
    lexicon::verb_matcher()
        .find_iter(text)
        .filter(|m| depth_at(&depth, m.start()) == 0)
        // A verb before 部门, 人员, 职责… modifies a noun (监督部门, 监督管理职责).
        .filter(|m| {
            let verb = &VERBS[m.pattern().as_usize()];
            // 督促部门落实… is a verb and its object; 监督部门 is a noun.
            let takes_parties = matches!(verb.word, "督促" | "指导" | "协调" | "支持")
                || verb.relation.is_some_and(|r| r.takes_a_party());
            takes_parties || !NOUN_HEADS.iter().any(|h| text[m.end()..].starts_with(h))
        })
        .filter(|m| {
            !NOUN_COMPOUNDS.iter().any(|n| {
                text[..m.end()].ends_with(n)
                    || text[m.start()..].starts_with(n) && m.len() < n.len()
            })
        })
        .map(|m| VerbToken {
            verb: &VERBS[m.pattern().as_usize()],
            start: m.start(),
            end: m.end(),
        })
        .collect()
}

fn is_open(c: char) -> bool {
    matches!(c, '（' | '(' | '“' | '《' | '‘' | '[' | '【' | '「')
}

fn is_close(c: char) -> bool {
    matches!(c, '）' | ')' | '”' | '》' | '’' | ']' | '】' | '」')
}

/// Bracket depth before each char boundary: `(byte offset, depth)` at every char start;
/// empty (every depth 0, see [`depth_at`]) for the many texts without brackets.
pub fn bracket_depths(text: &str) -> Vec<(usize, u32)> {
    if !text.contains(is_open) {
        return Vec::new();
    }
    let mut depth = 0u32;
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    for (i, c) in text.char_indices() {
        if is_close(c) {
            depth = depth.saturating_sub(1);
        }
        out.push((i, depth));
        if is_open(c) {
            depth += 1;
        }
    }
    out
}

/// Depth of the char starting at byte `at` (0 past the end).
pub fn depth_at(depths: &[(usize, u32)], at: usize) -> u32 {
    match depths.binary_search_by_key(&at, |&(i, _)| i) {
        Ok(k) => depths[k].1,
        Err(k) => depths.get(k).map_or(0, |d| d.1),
    }
}

const ADVERBIAL_STARTS: &[&str] = &[
    "按照", "依照", "依据", "根据", "结合", "遵照", "围绕", "针对", "为了", "为", "在", "从", "对",
    "以", "按",
];

fn is_adverbial(segment: &str, has_verb: bool) -> bool {
    let starts = ADVERBIAL_STARTS.iter().any(|w| segment.starts_with(w));
    let framed = segment.starts_with('在')
        && ["下", "中", "内", "时", "方面", "期间"]
            .iter()
            .any(|w| segment.ends_with(w));
    framed || (starts && !has_verb)
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let part = &text[range.clone()];
    let is_trim = |c: char| {
        c.is_whitespace()
            || c == '\u{3000}'
            || matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '、')
    };
    let lead = part.len() - part.trim_start_matches(is_trim).len();
    let trail = part.len() - part.trim_end_matches(is_trim).len();
    if lead + trail >= part.len() {
        return range.start..range.start;
    }
    range.start + lead..range.end - trail
}

/// Splits a duty paragraph into clause byte ranges.
pub fn split(text: &str) -> Vec<Range<usize>> {
    // Segments with the index of the sentence they belong to.
    let mut segments: Vec<(Range<usize>, usize)> = Vec::new();
    let mut sentence = 0;
    let mut start = 0;
    let mut depth = 0u32;
    for (i, c) in text.char_indices() {
        if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if is_open(c) {
            depth += 1;
        }
        if depth > 0 {
            continue;
        }
        let hard = matches!(c, '。' | '；' | ';' | '！' | '？');
        let soft = matches!(c, '，' | ',' | '：' | ':');
        if hard || soft {
            segments.push((start..i, sentence));
            start = i + c.len_utf8();
            if hard {
                sentence += 1;
            }
        }
    }
    segments.push((start..text.len(), sentence));

    // Verbs of the whole paragraph, found once; a segment's are those inside it.
    let all_tokens = verb_tokens(text);
    let has_verb = |r: &Range<usize>| {
        all_tokens
            .iter()
            .any(|t| t.start >= r.start && t.end <= r.end)
    };

    // 并 + verb opens a clause.
    let mut split_segments = Vec::new();
    for (range, s) in segments {
        let mut cut = range.start;
        let tokens: Vec<VerbToken> = all_tokens
            .iter()
            .filter(|t| t.start >= range.start && t.end <= range.end)
            .map(|t| VerbToken {
                start: t.start - range.start,
                end: t.end - range.start,
                ..*t
            })
            .collect();
        for token in &tokens {
            let at = range.start + token.start;
            if at >= cut + '并'.len_utf8() && text[..at].ends_with('并') {
                let before = at - '并'.len_utf8();
                // 组织编制并监督实施X shares its object: only cut when the part before 并
                // has words of its own besides verbs.
                let own_words = text[cut..before].len()
                    > tokens
                        .iter()
                        .filter(|t| range.start + t.start >= cut && range.start + t.end <= before)
                        .map(|t| t.end - t.start)
                        .sum::<usize>();
                if own_words {
                    split_segments.push((cut..before, s));
                    cut = before;
                }
            }
        }
        split_segments.push((cut..range.end, s));
    }

    let segments: Vec<(Range<usize>, usize)> = split_segments
        .into_iter()
        .map(|(r, s)| (trim_range(text, r), s))
        .filter(|(r, _)| !r.is_empty())
        .collect();

    // Merge adverbials forward and verb-less continuations backward, within a sentence.
    let mut clauses: Vec<(Range<usize>, usize)> = Vec::new();
    let mut pending: Option<(Range<usize>, usize)> = None;
    for (range, s) in segments {
        let range = match pending.take() {
            Some((p, ps)) if ps == s => p.start..range.end,
            Some(p) => {
                clauses.push(p);
                range
            }
            None => range,
        };
        let part = &text[range.clone()];
        let verb = has_verb(&range);
        if is_adverbial(part, verb) {
            pending = Some((range, s));
            continue;
        }
        if !verb {
            // No verb: it continues the clause before, or leads into the next one
            // (遇有重大事项，随时听取汇报).
            match clauses.last_mut() {
                Some((last, ls)) if *ls == s => last.end = range.end,
                _ => pending = Some((range, s)),
            }
            continue;
        }
        clauses.push((range, s));
    }
    if let Some((range, s)) = pending {
        match clauses.last_mut() {
            Some((last, ls)) if *ls == s => last.end = range.end,
            _ => clauses.push((range, s)),
        }
    }
    clauses.into_iter().map(|(r, _)| r).collect()
}

/// The governing verb of a clause and the clause's mode.
#[derive(Debug, Clone)]
pub struct Governing {
    pub verb: Option<&'static str>,
    pub mode: Mode,
    /// For 对…进行 X: byte range of the object after 对.
    pub dui_object: Option<Range<usize>>,
    /// Index in the token list of the first token of the governing group.
    pub head: Option<usize>,
}

/// Verb tokens that follow each other directly or across 、和或及与.
pub fn group_end(text: &str, tokens: &[VerbToken], first: usize) -> usize {
    let mut last = first;
    while let Some(next) = tokens.get(last + 1) {
        let gap = &text[tokens[last].end..next.start];
        if gap.is_empty() || matches!(gap, "、" | "和" | "或" | "及" | "与" | "或者" | "并")
        {
            last += 1;
        } else {
            break;
        }
    }
    last
}

/// Position of a prepositional 对 (not 对外, 针对…) before byte `before`.
fn dui_before(text: &str, before: usize) -> Option<usize> {
    text[..before].char_indices().find_map(|(i, c)| {
        if c != '对' {
            return None;
        }
        let prev = text[..i].chars().next_back();
        let next = text[i + c.len_utf8()..].chars().next();
        let word = matches!(prev, Some('针' | '相' | '绝' | '核' | '应' | '面'))
            || matches!(
                next,
                Some('外' | '应' | '接' | '象' | '照' | '比' | '口' | '称' | '待')
            );
        (!word).then_some(i)
    })
}

/// Finds the governing verb and mode (see ontology/README.md for the rules).
pub fn governing(text: &str, tokens: &[VerbToken]) -> Governing {
    let Some(first) = tokens.first() else {
        return Governing {
            verb: None,
            mode: Mode::Lead,
            dui_object: None,
            head: None,
        };
    };
    let pick = |index: usize| {
        let token = &tokens[index];
        // 负责/承担 + a verb of another mode takes that verb's mode (负责指导 → Guidance).
        let mode = match tokens.get(index + 1) {
            Some(next)
                if matches!(token.verb.word, "负责" | "承担")
                    && next.start == token.end
                    && next.verb.mode != Mode::Lead =>
            {
                next.verb.mode
            }
            _ => token.verb.mode,
        };
        Governing {
            verb: Some(token.verb.word),
            mode,
            dui_object: None,
            head: Some(index),
        }
    };

    // 对 X 进行/实施 V: V governs.
    if let Some(dui) = dui_before(text, first.start) {
        let object_start = dui + '对'.len_utf8();
        let light = LIGHT_VERBS
            .iter()
            .filter_map(|w| {
                text[object_start..]
                    .find(w)
                    .map(|i| (object_start + i, w.len()))
            })
            .min();
        let chosen = match light {
            Some((at, len)) => tokens
                .iter()
                .position(|t| t.start >= at + len)
                .or_else(|| tokens.iter().rposition(|t| t.end <= at && t.start > dui)),
            None => tokens.len().checked_sub(1),
        };
        if let Some(index) = chosen {
            let object_end = light.map_or(tokens[index].start, |(at, _)| at);
            let mut governing = pick(index);
            governing.dui_object = Some(object_start..object_end.max(object_start));
            return governing;
        }
    }

    // 会同/联合 X + V: V's mode.
    if first.verb.relation.is_some_and(|r| r.is_prepositional()) {
        let end = group_end(text, tokens, 0);
        if let Some(next) = tokens.get(end + 1) {
            let index = tokens
                .iter()
                .position(|t| t.start == next.start)
                .unwrap_or(end + 1);
            return pick(index);
        }
    }

    // 将/把 X 纳入…: Lead, whatever verbs the object holds.
    if matches!(first.verb.word, "将" | "把") {
        return Governing {
            verb: Some(first.verb.word),
            mode: Mode::Lead,
            dui_object: None,
            head: Some(0),
        };
    }
    pick(0)
}

/// Topics of a clause: concerned and excluded, in first-mention order, without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    pub concerns: Vec<TopicId>,
    pub excludes: Vec<TopicId>,
}

/// Byte ranges of exclusion parentheticals: （不含…）, （…除外）, （不包括…）.
pub fn exclusion_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, c) in text.char_indices() {
        if c == '（' || c == '(' {
            stack.push(i + c.len_utf8());
        } else if (c == '）' || c == ')')
            && let Some(open) = stack.pop()
        {
            let inner = &text[open..i];
            let excluding = ["不含", "不包括", "不包含", "不属于"]
                .iter()
                .any(|w| inner.starts_with(w))
                || inner.ends_with("除外");
            if excluding {
                spans.push(open..i);
            }
        }
    }
    // 除…外 outside brackets.
    let mut from = 0;
    while let Some(i) = text[from..].find('除').map(|i| from + i) {
        let after = i + '除'.len_utf8();
        if let Some(j) = text[after..].find('外').map(|j| after + j) {
            let inner = &text[after..j];
            if !inner.is_empty()
                && inner.chars().count() <= 20
                && !inner.contains(['，', '。', '；'])
                && text[..i].chars().next_back().is_none_or(is_boundary)
            {
                spans.push(after..j);
            }
        }
        from = after;
    }
    spans
}

/// Tags `text` with the taxonomy; mentions inside exclusions are excluded, never concerned.
/// Coordinated ellipsis is expanded: in 森林、草原火灾, 森林火灾 is tagged too.
pub fn tag(taxonomy: &Taxonomy, text: &str) -> Tags {
    let exclusions = exclusion_spans(text);
    let excluded = |at: usize| exclusions.iter().any(|r| r.contains(&at));
    let mut tags = Tags::default();
    let mut push = |topic: TopicId, excluding: bool| {
        let list = if excluding {
            &mut tags.excludes
        } else {
            &mut tags.concerns
        };
        if !list.contains(&topic) {
            list.push(topic);
        }
    };
    for m in taxonomy.find(text) {
        let excluding = excluded(m.start);
        push(m.topic, excluding);
        // Ellipsis: X、Y<head> where X<head> is a label too.
        let before = &text[..m.start];
        let Some(conjunct) = before
            .strip_suffix('、')
            .or_else(|| before.strip_suffix('和'))
            .or_else(|| before.strip_suffix('及'))
        else {
            continue;
        };
        let left_start = conjunct
            .char_indices()
            .rev()
            .take_while(|&(_, c)| !is_boundary(c))
            .last()
            .map_or(conjunct.len(), |(i, _)| i);
        let left = &conjunct[left_start..];
        if left.is_empty() || left.chars().count() > 6 {
            continue;
        }
        let label = &text[m.start..m.end];
        for (k, _) in label.char_indices().skip(1) {
            let candidate = format!("{left}{}", &label[k..]);
            if let Some(topic) = taxonomy.by_label(&candidate) {
                push(topic, excluded(left_start));
                break;
            }
        }
    }
    tags
}

fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | ','
            | '。'
            | '；'
            | ';'
            | '（'
            | '('
            | '）'
            | ')'
            | '和'
            | '及'
            | '“'
            | '”'
            | '：'
    ) || c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn adverbials_join_the_next_clause() {
        assert_eq!(
            clauses(
                "负责危险化学品生产企业安全生产准入管理，依法实施安全生产准入制度并负责监督管理；按照职责分工，负责危险化学品安全监督管理综合工作。"
            ),
            [
                "负责危险化学品生产企业安全生产准入管理",
                "依法实施安全生产准入制度",
                "并负责监督管理",
                "按照职责分工，负责危险化学品安全监督管理综合工作",
            ]
        );
        assert_eq!(
            clauses("在区委、区政府领导下，研究部署、指导协调、督促检查全区安全生产工作。"),
            ["在区委、区政府领导下，研究部署、指导协调、督促检查全区安全生产工作"]
        );
    }

    #[test]
    fn modes_of_governing_verbs() {
        let mode = |t: &str| governing(t, &verb_tokens(t)).mode;
        assert_eq!(mode("会同有关部门组织开展铁路沿线安全综合治理"), Mode::Lead);
        assert_eq!(
            mode("配合消防部门做好共用消防设施器材维护检查"),
            Mode::Cooperation
        );
        assert_eq!(mode("负责指导协调电力行业安全生产管理"), Mode::Guidance);
        assert_eq!(mode("负责监督建设工程消防设计审查"), Mode::Oversight);
        assert_eq!(mode("依法对企业进行监督"), Mode::Oversight);
        assert_eq!(
            mode("按照职责分工对事故发生单位落实防范和整改措施的情况进行监督检查"),
            Mode::Oversight
        );
        assert_eq!(mode("将安全生产纳入民政事业发展规划"), Mode::Lead);
        assert_eq!(
            mode("对成员单位和各街道办事处（管委会）安全生产工作进行指导督导检查"),
            Mode::Guidance
        );
        assert_eq!(
            mode("依法对新闻出版系统（含所属企事业单位）和新闻出版市场实施监督管理"),
            Mode::Lead
        );
        assert_eq!(mode("支持安全生产领域技术攻关"), Mode::Support);
    }

    #[test]
    fn exclusions() {
        let t = "有关设备（不含特种设备）、材料";
        let spans = exclusion_spans(t);
        assert_eq!(spans.len(), 1);
        assert_eq!(&t[spans[0].clone()], "不含特种设备");
        let t = "统一组织和指挥火灾(森林、草原火灾除外)现场扑救";
        assert_eq!(&t[exclusion_spans(t)[0].clone()], "森林、草原火灾除外");
    }
}
