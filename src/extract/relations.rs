//! Relations of a clause with other parties: 会同, 配合, 协助, 协调, 指导, 督促, 监督, 支持,
//! 联合, each with the words naming its counterpart. A verb whose object is an activity
//! (协调燃气…安全运行监督管理) is not a relation.

use std::ops::Range;

use super::clauses::{Governing, VerbToken, bracket_depths, depth_at, group_end};
use super::lexicon::{self, PARTY_CLASS_CUES, PARTY_HEADS, RelationKind};

/// A relation found in a clause, before its counterpart is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundRelation {
    pub kind: RelationKind,
    pub verb: &'static str,
    /// Byte ranges (in the clause text) of the counterparts' words, one per conjunct.
    pub counterparts: Vec<Range<usize>>,
}

/// The class of a counterpart that is not one of the list's bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartyClass {
    UnspecifiedDepartments,
    LowerLevelUnits,
    Enterprises,
    HigherLevel,
    OtherParty,
}

/// Classifies counterpart words by the cues of [`PARTY_CLASS_CUES`].
pub fn classify(words: &str) -> PartyClass {
    // A bare 部门 or 单位 (督促部门落实普法责任) names no one in particular.
    if matches!(words, "部门" | "单位" | "部门（单位）") {
        return PartyClass::UnspecifiedDepartments;
    }
    for (class, cues) in PARTY_CLASS_CUES {
        if cues.iter().any(|cue| words.contains(cue)) {
            return match *class {
                "HigherLevel" => PartyClass::HigherLevel,
                "Enterprises" => PartyClass::Enterprises,
                "LowerLevelUnits" => PartyClass::LowerLevelUnits,
                _ => PartyClass::UnspecifiedDepartments,
            };
        }
    }
    PartyClass::OtherParty
}

/// `words` without a trailing parenthetical: 学校（幼儿园） → 学校.
fn without_trailing_note(words: &str) -> &str {
    if let Some(stripped) = words.strip_suffix('）').or_else(|| words.strip_suffix(')'))
        && let Some(open) = stripped.rfind(['（', '('])
    {
        return &stripped[..open];
    }
    words
}

/// Whether the words name a party (end with a party head such as 部门, 单位, 企业).
pub fn is_party(words: &str) -> bool {
    let core = without_trailing_note(words.trim_end_matches('等'));
    let n = core.chars().count();
    n >= 2
        && PARTY_HEADS.iter().any(|h| {
            let k = h.chars().count();
            core.ends_with(h) && (n > k || k >= 2)
        })
}

/// Where the counterpart phrase starting at `from` must end at the latest.
fn window_end(
    text: &str,
    depths: &[(usize, u32)],
    from: usize,
    limit: usize,
    tokens: &[VerbToken],
) -> usize {
    let mut end = limit;
    for (i, c) in text[from..limit].char_indices() {
        let at = from + i;
        if depth_at(depths, at) == 0 && matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':')
        {
            end = at;
            break;
        }
    }
    // A verb ends it, unless it is part of a name (监督部门, 群团组织).
    for t in tokens {
        if t.start <= from || t.start >= end || depth_at(depths, t.start) > 0 {
            continue;
        }
        // 组织、宣传…等部门: a verb inside an enumeration is a noun here.
        let listed = text[..t.start].ends_with('、');
        let in_name = listed
            || PARTY_HEADS
                .iter()
                .any(|h| text[..t.end].ends_with(h) && h.len() > t.end - t.start);
        if !in_name {
            end = t.start;
            break;
        }
    }
    for m in lexicon::np_stop_matcher().find_iter(&text[from..end]) {
        let at = from + m.start();
        let word = &text[at..from + m.end()];
        let next = text[from + m.end()..].chars().next();
        let part_of_word = match word {
            "对" => matches!(next, Some('外' | '应')),
            "其" => matches!(next, Some('他')) || text[..at].ends_with('及'),
            "以" => matches!(next, Some('及' | '下' | '上')),
            "应" => matches!(next, Some('急' | '用' | '对')),
            "为" => text[..at].ends_with('作'),
            "在" => matches!(next, Some('地')) || text[..at].ends_with('所'),
            "从" => matches!(next, Some('事' | '业')),
            // X安全管理工作: X's safety work; 安全 never opens a counterpart.
            "安全" => at == from,
            _ => false,
        };
        if at > from && !part_of_word && depth_at(depths, at) == 0 {
            end = at;
            break;
        }
        if at == from && !part_of_word {
            return from;
        }
    }
    end
}

/// The longest phrase from `from` (before `limit`) that names a party.
pub fn party_phrase(
    text: &str,
    depths: &[(usize, u32)],
    from: usize,
    limit: usize,
    tokens: &[VerbToken],
    party_by_grammar: bool,
) -> Option<Range<usize>> {
    // The counterpart is the whole object up to the next verb or stop word, so that a
    // party that only qualifies the object (区安委会会议决定重大事项) is not taken.
    let end = window_end(text, depths, from, limit, tokens);
    let candidate = |words: &str| {
        let words = words.trim_end_matches(['或', '和', '及', '、', ' ']);
        let balanced = depth_at(depths, from + words.len()) == depth_at(depths, from);
        (balanced && is_party(words)).then(|| from..from + words.len())
    };
    if let Some(whole) = candidate(&text[from..end]) {
        return Some(whole);
    }
    // 会同/配合/协助/联合 take a party by grammar (会同有关部门科学规划…): the longest
    // party-naming prefix will do.
    if !party_by_grammar {
        return None;
    }
    text[from..end]
        .char_indices()
        .map(|(i, c)| from + i + c.len_utf8())
        .rev()
        .find_map(|at| candidate(&text[from..at]))
}

const CONJUNCTIONS: &[&str] = &["以及", "或者", "及其", "、", "和", "及", "与", "或"];

/// Splits a phrase into conjuncts that each name a party, merging pieces that do not
/// (区自然资源 + 和 + 规划分局; 组织、宣传…等部门).
pub fn conjuncts(text: &str, depths: &[(usize, u32)], phrase: Range<usize>) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = phrase.start;
    let mut at = phrase.start;
    while at < phrase.end {
        let rest = &text[at..phrase.end];
        let conj = (depth_at(depths, at) == 0)
            .then(|| CONJUNCTIONS.iter().find(|c| rest.starts_with(*c)))
            .flatten();
        match conj {
            Some(c) => {
                pieces.push(start..at);
                at += c.len();
                start = at;
            }
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    pieces.push(start..phrase.end);

    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open: Option<Range<usize>> = None;
    for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
        let range = match open.take() {
            Some(o) => o.start..piece.end,
            None => piece,
        };
        if is_party(&text[range.clone()]) {
            out.push(range);
        } else {
            open = Some(range);
        }
    }
    if let Some(rest) = open {
        match out.last_mut() {
            Some(last) => last.end = rest.end,
            None => out.push(rest),
        }
    }
    out
}

/// The relations of one clause.
pub fn find(text: &str, tokens: &[VerbToken], governing: &Governing) -> Vec<FoundRelation> {
    if !tokens.iter().any(|t| t.verb.relation.is_some()) {
        return Vec::new();
    }
    let depths = bracket_depths(text);
    let mut found: Vec<FoundRelation> = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let last = group_end(text, tokens, index);
        for token in &tokens[index..=last] {
            let Some(kind) = token.verb.relation else {
                continue;
            };
            let phrase = match &governing.dui_object {
                // 对 X 进行指导: X is the counterpart of the verbs after 对 X.
                Some(object) if token.start >= object.end => {
                    party_phrase(text, &depths, object.start, object.end, tokens, false)
                }
                _ => {
                    let from = tokens[last].end;
                    party_phrase(
                        text,
                        &depths,
                        from,
                        text.len(),
                        tokens,
                        kind.takes_a_party(),
                    )
                }
            };
            let Some(phrase) = phrase else { continue };
            let counterparts = conjuncts(text, &depths, phrase);
            if counterparts.is_empty()
                || found
                    .iter()
                    .any(|f| f.kind == kind && f.counterparts == counterparts)
            {
                continue;
            }
            found.push(FoundRelation {
                kind,
                verb: token.verb.word,
                counterparts,
            });
        }
        index = last + 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::clauses::{governing, verb_tokens};
    use super::*;

    fn relations(text: &str) -> Vec<(RelationKind, Vec<&str>)> {
        let tokens = verb_tokens(text);
        let gov = governing(text, &tokens);
        find(text, &tokens, &gov)
            .into_iter()
            .map(|r| {
                (
                    r.kind,
                    r.counterparts.iter().map(|c| &text[c.clone()]).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn counterparts_are_parties() {
        assert_eq!(
            relations("配合消防部门做好共用消防设施器材维护检查"),
            [(RelationKind::CooperatesWith, vec!["消防部门"])]
        );
        assert_eq!(
            relations("会同有关部门组织开展铁路沿线安全综合治理"),
            [(RelationKind::JointlyWith, vec!["有关部门"])]
        );
        assert_eq!(relations("协调燃气、热力等安全运行监督管理"), []);
        assert_eq!(
            relations("指导、督促、检查下级部门和所属单位落实安全管理责任"),
            [
                (RelationKind::Guides, vec!["下级部门", "所属单位"]),
                (RelationKind::Urges, vec!["下级部门", "所属单位"]),
            ]
        );
        assert_eq!(
            relations("对成员单位和各街道办事处（管委会）安全生产工作进行指导督导检查"),
            [(
                RelationKind::Guides,
                vec!["成员单位", "各街道办事处（管委会）"]
            )]
        );
        assert_eq!(
            relations("协调上级行业领域监督部门齐抓共管"),
            [(RelationKind::Coordinates, vec!["上级行业领域监督部门"])]
        );
        assert_eq!(
            relations("督促纪委监委、组织、宣传、政法、机构编制等部门重视支持安全生产工作"),
            [(
                RelationKind::Urges,
                vec!["纪委监委", "组织、宣传、政法、机构编制等部门"]
            )]
        );
        assert_eq!(
            relations("指导协调区安委会各成员单位和各街道办事处（管委会）的安全生产工作"),
            [
                (
                    RelationKind::Guides,
                    vec!["区安委会各成员单位", "各街道办事处（管委会）"]
                ),
                (
                    RelationKind::Coordinates,
                    vec!["区安委会各成员单位", "各街道办事处（管委会）"]
                ),
            ]
        );
    }

    #[test]
    fn party_classes() {
        assert_eq!(classify("有关部门"), PartyClass::UnspecifiedDepartments);
        assert_eq!(classify("全区公安派出所"), PartyClass::LowerLevelUnits);
        assert_eq!(classify("物业服务企业"), PartyClass::Enterprises);
        assert_eq!(classify("上级行业领域监督部门"), PartyClass::HigherLevel);
        assert_eq!(classify("人大"), PartyClass::OtherParty);
    }
}
