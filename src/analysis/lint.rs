//! What a careful reviewer of a draft would flag, read from the graph: item numbering,
//! the annex table against the articles, references to another administrative level,
//! blank dates, punctuation, and abbreviations used before they are defined.
//!
//! Severity (documented in docs/reports.md):
//! - **high**: the text names the wrong authority or cannot be cited unambiguously — a
//!   repeated or backwards item number, a repeated or skipped article number, an organ of
//!   another level (市委 in a 区 list), an annex count that differs from the names listed,
//!   a body in the annex with no article or a department missing from the annex;
//! - **medium**: the text is incomplete or inconsistent and must be settled before issue —
//!   a skipped item number, a missing first marker or unnumbered paragraph among numbered
//!   ones, an annex name that differs from the heading, a blank date, 各地 in a list of one
//!   level, an abbreviation used before it is defined;
//! - **low**: form — stray punctuation in a heading, an item ending in ；, half-width
//!   punctuation among full-width, a heading separator unlike the others.

use std::collections::{BTreeMap, HashMap};

use oxigraph::sparql::QuerySolution;
use regex::Regex;
use serde::Serialize;

use super::{Context, DutyInfo, Severity, SourceRef, int, need, need_int, queries, select, text};
use crate::doc::numeral::to_chinese;
use crate::error::{Error, Result};
use crate::store::DutyStore;

/// One review comment.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// numbering-gap, numbering-duplicate, numbering-unnumbered, numbering-missing-first,
    /// numbering-order, article-numbering, annex-alias, annex-count, annex-unlinked,
    /// annex-missing, annex-duplicate, other-level, blank-date, heading-punctuation,
    /// heading-separator, halfwidth-punctuation, item-ending, abbreviation-before-definition.
    pub kind: &'static str,
    pub severity: Severity,
    /// The article concerned (the body's article for an annex name), if any.
    pub article: Option<u32>,
    /// Source line.
    pub line: u32,
    /// The words as printed.
    pub evidence: String,
    pub message: String,
    pub message_en: String,
    pub suggestion: String,
    pub suggestion_en: String,
    /// 第X条第（Y）项, 第X条第N段, 第X条 or 附件第N行.
    pub citation: String,
    /// The duty's IRI, when the finding is about a duty.
    pub duty: Option<String>,
    /// The IRI of the node concerned: the duty, article, annex entry, annex or body.
    pub iri: String,
    /// Every duty the finding concerns.
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LintReport {
    /// In document order.
    pub findings: Vec<Finding>,
}

impl LintReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// An article or chapter as printed.
#[derive(Debug, Clone)]
struct ArticleRow {
    list: String,
    node: String,
    article: Option<u32>,
    numeral: String,
    chapter: Option<u32>,
    heading: Option<String>,
    text: Option<String>,
    line: u32,
    duties: u32,
}

/// Where a finding points.
struct At {
    iri: String,
    article: Option<u32>,
    line: u32,
    citation: String,
    duty: Option<SourceRef>,
}

struct Lint<'a> {
    context: &'a Context,
    findings: Vec<Finding>,
    /// (list, line) → duty printed on that line.
    duty_at: HashMap<(&'a str, u32), &'a DutyInfo>,
}

/// A sentence of a finding in both languages.
struct Words {
    zh: String,
    en: String,
}

/// A finding as a rule writes it.
struct Draft {
    kind: &'static str,
    severity: Severity,
    at: At,
    /// The words of the list the finding is about, as printed.
    evidence: String,
    message: Words,
    suggestion: Words,
    /// The duties concerned; none: the duty at `at`, if any.
    sources: Vec<SourceRef>,
}

impl<'a> Lint<'a> {
    fn push(&mut self, draft: Draft) {
        let Draft {
            kind,
            severity,
            at,
            evidence,
            message,
            suggestion,
            mut sources,
        } = draft;
        if sources.is_empty() {
            sources.extend(at.duty.clone());
        }
        self.findings.push(Finding {
            kind,
            severity,
            article: at.article,
            line: at.line,
            evidence,
            message: message.zh,
            message_en: message.en,
            suggestion: suggestion.zh,
            suggestion_en: suggestion.en,
            citation: at.citation,
            iri: at.iri,
            duty: at.duty.map(|d| d.duty),
            sources,
        });
    }

    fn at_duty(&self, duty: &DutyInfo) -> At {
        At {
            iri: duty.iri.clone(),
            article: duty.article,
            line: duty.line,
            citation: duty.citation(),
            duty: Some(duty.source()),
        }
    }

    /// A line of an article: the duty printed there, or the article itself.
    /// Where a paragraph is: its article's line in a list with articles, else its duty's
    /// citation, else (a paragraph of the annex) the annex.
    fn at_paragraph(
        &self,
        list: &str,
        node: &str,
        article: Option<u32>,
        numeral: &str,
        line: u32,
    ) -> At {
        match article {
            Some(a) => self.at_line(list, node, a, numeral, line),
            None => match self.context.duty(node) {
                Some(duty) => self.at_duty(duty),
                None => At {
                    iri: node.to_owned(),
                    article: None,
                    line,
                    citation: "附件".to_owned(),
                    duty: None,
                },
            },
        }
    }

    fn at_line(&self, list: &str, node: &str, article: u32, numeral: &str, line: u32) -> At {
        match self.duty_at.get(&(list, line)) {
            Some(duty) => self.at_duty(duty),
            None => At {
                iri: node.to_owned(),
                article: Some(article),
                line,
                citation: format!("第{numeral}条"),
                duty: None,
            },
        }
    }

    fn bearer_name(&self, duty: &DutyInfo) -> String {
        self.context
            .body(duty.bearer_iri())
            .map_or_else(String::new, |b| format!("（{}）", b.name))
    }
}

/// "Article 41" or the unit's citation, for the start of an English sentence.
fn unit_en(duty: &DutyInfo) -> String {
    let unit = duty.unit_en();
    let mut chars = unit.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => unit,
    }
}

/// The marker as printed: （七） in an article, 1. or （二） in an outline.
fn printed_marker(duty: &DutyInfo) -> String {
    let marker = duty.marker.as_deref().unwrap_or_default();
    if duty.article.is_none() && marker.chars().all(|c| c.is_ascii_digit()) {
        format!("{marker}.")
    } else {
        format!("（{marker}）")
    }
}

/// An item cited in a message: 第四十一条第（七）项, 二、平台经济（二）.
fn item_citation(duty: &DutyInfo, printed: &str) -> String {
    match duty.article {
        Some(_) => format!("{}第{printed}项", duty.unit_citation),
        None => format!("{}{printed}", duty.unit_citation),
    }
}

/// The first `n` characters of a text, with an ellipsis if cut.
fn excerpt(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        out.push('…');
    }
    out
}

/// Up to `n` characters either side of byte `at`.
fn context_around(text: &str, at: usize, len: usize, n: usize) -> String {
    let before: Vec<char> = text[..at].trim_start().chars().collect();
    let start = before.len().saturating_sub(n);
    let mut out: String = before[start..].iter().collect();
    if start > 0 {
        out.insert(0, '…');
    }
    let after = &text[at..];
    let tail: String = after.chars().take(n + len).collect();
    out.push_str(&tail);
    if after.chars().count() > n + len {
        out.push('…');
    }
    out.trim().to_owned()
}

fn marker_zh(value: u32) -> String {
    format!("（{}）", to_chinese(value))
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
        || ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{ff00}'..='\u{ffef}').contains(&c)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Half-width punctuation next to Chinese text: (byte offset, char).
fn halfwidth(text: &str) -> Vec<(usize, char)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, ',' | ';' | ':' | '(' | ')' | '?' | '!') {
            continue;
        }
        let prev = chars[..k]
            .iter()
            .rev()
            .map(|&(_, p)| p)
            .find(|p| !p.is_whitespace());
        let next = chars[k + 1..]
            .iter()
            .map(|&(_, p)| p)
            .find(|p| !p.is_whitespace());
        if prev.is_some_and(is_cjk) || next.is_some_and(is_cjk) {
            out.push((i, c));
        }
    }
    out
}

fn fullwidth_of(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '?' => '？',
        '!' => '！',
        other => other,
    }
}

/// Byte ranges inside 《…》 (titles of documents, quoted as they are).
fn title_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut open = None;
    for (i, c) in text.char_indices() {
        match c {
            '《' => open = Some(i),
            '》' => {
                if let Some(o) = open.take() {
                    spans.push(o..i);
                }
            }
            _ => {}
        }
    }
    spans
}

/// How a separator looks, for messages.
fn describe_separator(sep: &str) -> (String, String) {
    if sep.is_empty() {
        return ("无分隔".to_owned(), "no separator".to_owned());
    }
    let half = sep.chars().filter(|&c| c == ' ').count();
    let full = sep.chars().filter(|&c| c == '\u{3000}').count();
    let other: String = sep
        .chars()
        .filter(|&c| c != ' ' && c != '\u{3000}')
        .collect();
    let mut zh = Vec::new();
    let mut en = Vec::new();
    if half > 0 {
        zh.push(format!("{half}个半角空格"));
        en.push(format!("{half} half-width space(s)"));
    }
    if full > 0 {
        zh.push(format!("{full}个全角空格"));
        en.push(format!("{full} full-width space(s)"));
    }
    if !other.is_empty() {
        zh.push(format!("“{other}”"));
        en.push(format!("\"{other}\""));
    }
    (zh.join("加"), en.join(" and "))
}

pub fn analyse(store: &DutyStore, context: &Context) -> Result<LintReport> {
    let mut lint = Lint {
        context,
        findings: Vec::new(),
        duty_at: context
            .duties
            .iter()
            .map(|d| ((d.list.as_str(), d.line), d))
            .collect(),
    };

    let q = "report-lint-articles.rq";
    let mut articles = Vec::new();
    for s in select(store, q, queries::LINT_ARTICLES)? {
        articles.push(ArticleRow {
            list: need(&s, "list", q)?,
            node: need(&s, "node", q)?,
            article: int(&s, "article"),
            numeral: text(&s, "numeral").unwrap_or_default(),
            chapter: int(&s, "chapter"),
            heading: text(&s, "heading"),
            text: text(&s, "text"),
            line: need_int(&s, "line", q)?,
            duties: int(&s, "duties").unwrap_or(0),
        });
    }

    let annex_rows = select(store, "report-lint-annex.rq", queries::LINT_ANNEX)?;
    numbering(&mut lint);
    article_numbering(&mut lint, &articles);
    annex(&mut lint, &annex_rows)?;
    other_level(&mut lint)?;
    blank_dates(&mut lint, &articles)?;
    headings(&mut lint, &articles);
    punctuation(&mut lint, &articles, &annex_rows)?;
    item_endings(&mut lint);
    abbreviations(&mut lint, &articles, store)?;
    section_numbering(&mut lint, store)?;

    let mut findings = lint.findings;
    findings.sort_by(|a, b| {
        (a.line, a.article, a.kind, &a.evidence).cmp(&(b.line, b.article, b.kind, &b.evidence))
    });
    Ok(LintReport { findings })
}

/// Item markers inside each article: skipped, repeated, backwards, missing first, unnumbered.
fn numbering(lint: &mut Lint<'_>) {
    let context = lint.context;
    let mut by_article: BTreeMap<(&str, &str), Vec<&DutyInfo>> = BTreeMap::new();
    for duty in &context.duties {
        by_article
            .entry((duty.list.as_str(), duty.unit.as_str()))
            .or_default()
            .push(duty);
    }
    for duties in by_article.into_values() {
        if !duties.iter().any(|d| d.marker.is_some()) {
            continue;
        }
        let first_numbered = duties.iter().find_map(|d| d.marker_value);
        let mut previous: Option<(u32, &DutyInfo)> = None;
        for (k, duty) in duties.iter().enumerate() {
            let Some(value) = duty.marker_value else {
                if duty.marker.is_some() {
                    continue;
                }
                // The opening paragraph of items that start at (2) stands for item (1).
                let opening = k == 0 && first_numbered == Some(2);
                unnumbered_item(lint, duty, opening);
                if opening {
                    previous = Some((1, duty));
                }
                continue;
            };
            numbered_item(lint, duty, value, previous);
            previous = Some((value, duty));
        }
    }
}

/// An unnumbered paragraph among numbered ones (`opening`: the first, before （二）).
fn unnumbered_item(lint: &mut Lint<'_>, duty: &DutyInfo, opening: bool) {
    let who = lint.bearer_name(duty);
    let art = &duty.unit_citation;
    let evidence = excerpt(&duty.text, 30);
    let (message, message_en, suggestion, suggestion_en) = if opening {
        (
            format!(
                "{art}{who}第{}段未编序号，其后各项从（二）开始，该段应为第（一）项。",
                duty.position
            ),
            format!(
                "{} paragraph {} has no item number although the items after it start at (2); it should be item (1).",
                unit_en(duty),
                duty.position
            ),
            "在该段段首加“（一）”。".to_owned(),
            "Add \"（一）\" at the start of the paragraph.".to_owned(),
        )
    } else {
        (
            format!(
                "{art}{who}第{}段未编序号，夹在已编号的各项之间，无法按“第（X）项”引用。",
                duty.position
            ),
            format!(
                "{} paragraph {} has no item number among numbered items, so it cannot be cited as an item.",
                unit_en(duty), duty.position
            ),
            "为该段编号并依次调整其后各项序号，或并入上一项。".to_owned(),
            "Number the paragraph and renumber the items after it, or merge it into the item before."
                .to_owned(),
        )
    };
    let at = lint.at_duty(duty);
    lint.push(Draft {
        kind: "numbering-unnumbered",
        severity: Severity::Medium,
        at,
        evidence,
        message: Words {
            zh: message,
            en: message_en,
        },
        suggestion: Words {
            zh: suggestion,
            en: suggestion_en,
        },
        sources: Vec::new(),
    });
}

/// A numbered item against the one before it: missing first, repeated, skipped, backwards.
fn numbered_item(
    lint: &mut Lint<'_>,
    duty: &DutyInfo,
    value: u32,
    previous: Option<(u32, &DutyInfo)>,
) {
    let who = lint.bearer_name(duty);
    let art = &duty.unit_citation;
    let printed = printed_marker(duty);
    let evidence = format!("{printed}{}", excerpt(&duty.text, 24));
    match previous {
        // Items before the first heading of a page that starts mid-list: their
        // first items were on the page before.
        None if value != 1 && duty.bearer.is_some() => {
            let at = lint.at_duty(duty);
            lint.push(Draft {
                kind: "numbering-missing-first",
                severity: Severity::Medium,
                at,
                evidence,
                message: Words {
                    zh: format!("{art}{who}的序号从{printed}开始，缺少（一）。"),
                    en: format!(
                        "The items of {} start at {printed}; there is no item (1).",
                        duty.unit_en()
                    ),
                },
                suggestion: Words {
                    zh: "将首项改为（一），其后各项依次调整。".to_owned(),
                    en: "Make the first item (1) and renumber the rest.".to_owned(),
                },
                sources: Vec::new(),
            });
        }
        Some((pv, prev)) if value == pv => {
            let sources = vec![prev.source(), duty.source()];
            let at = lint.at_duty(duty);
            lint.push(Draft {
kind: "numbering-duplicate",
severity: Severity::High,
at,
evidence,
message: Words { zh: format!(
                    "{art}{who}的序号{printed}重复出现（第{}段、第{}段），“{}”指向不明。",
                    prev.position, duty.position, item_citation(duty, &printed)
                ), en: format!(
                    "{} prints {printed} twice (paragraphs {} and {}); a citation of that item is ambiguous.",
                    unit_en(duty), prev.position, duty.position
                ) },
suggestion: Words { zh: format!(
                    "将第{}段的序号改为{}，其后各项依次顺延。",
                    duty.position,
                    marker_zh(pv + 1)
                ), en: format!(
                    "Number paragraph {} as ({}) and renumber the items after it.",
                    duty.position,
                    pv + 1
                ) },
sources,
});
        }
        Some((pv, prev)) if value > pv + 1 => {
            let missing: Vec<String> = (pv + 1..value).map(marker_zh).collect();
            let at = lint.at_duty(duty);
            lint.push(Draft {
kind: "numbering-gap",
severity: Severity::Medium,
at,
evidence,
message: Words { zh: format!(
                    "{art}{who}的序号由{}直接跳到{printed}，缺少{}。",
                    marker_zh(pv),
                    missing.join("")
                ), en: format!(
                    "{} jumps from ({pv}) to ({value}); item(s) {} are missing.",
                    unit_en(duty),
                    (pv + 1..value)
                        .map(|v| format!("({v})"))
                        .collect::<Vec<_>>()
                        .join("")
                ) },
suggestion: Words { zh: format!(
                    "核实是否漏项：如有漏项请补齐{}；如无，将{printed}及其后各项序号依次前移。",
                    missing.join("")
                ), en: "Check whether an item was dropped: restore it, or renumber the items from here on."
                    .to_owned() },
sources: vec![prev.source(), duty.source()],
});
        }
        Some((pv, prev)) if value < pv => {
            let at = lint.at_duty(duty);
            lint.push(Draft {
                kind: "numbering-order",
                severity: Severity::High,
                at,
                evidence,
                message: Words {
                    zh: format!(
                        "{art}{who}的序号{printed}排在{}之后，顺序倒置。",
                        marker_zh(pv)
                    ),
                    en: format!(
                        "{} prints ({value}) after ({pv}): the numbering goes backwards.",
                        unit_en(duty)
                    ),
                },
                suggestion: Words {
                    zh: "按顺序重新编排各项序号。".to_owned(),
                    en: "Renumber the items in order.".to_owned(),
                },
                sources: vec![prev.source(), duty.source()],
            });
        }
        _ => {}
    }
}

/// Article and chapter numbers: each one more than the one before.
fn article_numbering(lint: &mut Lint<'_>, rows: &[ArticleRow]) {
    let mut by_list: BTreeMap<&str, Vec<&ArticleRow>> = BTreeMap::new();
    for row in rows {
        by_list.entry(&row.list).or_default().push(row);
    }
    for rows in by_list.into_values() {
        for (unit, unit_en, pick) in [
            (
                "条",
                "article",
                (|r: &ArticleRow| r.article) as fn(&ArticleRow) -> Option<u32>,
            ),
            ("章", "chapter", |r: &ArticleRow| r.chapter),
        ] {
            let mut previous: Option<u32> = None;
            for row in rows.iter().filter(|r| pick(r).is_some()) {
                let Some(n) = pick(row) else { continue };
                let expected = previous.map_or(1, |p| p + 1);
                if n != expected {
                    let (message, message_en) = if previous == Some(n) {
                        (
                            format!("第{}{unit}的编号重复。", to_chinese(n)),
                            format!("{unit_en} {n} is numbered twice."),
                        )
                    } else {
                        (
                            format!(
                                "第{}{unit}之前应为第{}{unit}，编号不连续。",
                                to_chinese(n),
                                to_chinese(expected.saturating_sub(1).max(1))
                            ),
                            format!(
                                "{unit_en} {n} follows {unit_en} {}: numbers are not consecutive.",
                                previous.unwrap_or(0)
                            ),
                        )
                    };
                    let at = At {
                        iri: row.node.clone(),
                        article: row.article,
                        line: row.line,
                        citation: format!("第{}{unit}", to_chinese(n)),
                        duty: None,
                    };
                    lint.push(Draft {
                        kind: "article-numbering",
                        severity: Severity::High,
                        at,
                        evidence: format!("第{}{unit}", to_chinese(n)),
                        message: Words {
                            zh: message,
                            en: message_en,
                        },
                        suggestion: Words {
                            zh: format!("核对并依次重排各{unit}编号。"),
                            en: format!("Check and renumber the {unit_en}s in order."),
                        },
                        sources: Vec::new(),
                    });
                }
                previous = Some(n);
            }
        }
    }
}

/// The headings of an outline: siblings numbered one more than the one before (a page that
/// starts mid-list may start anywhere).
fn section_numbering(lint: &mut Lint<'_>, store: &DutyStore) -> Result<()> {
    /// (section IRI, marker as printed, its value, line, citation)
    type Section = (String, String, u32, u32, String);
    let q = "report-lint-sections.rq";
    let mut groups: BTreeMap<(String, String), Vec<Section>> = BTreeMap::new();
    for s in select(store, q, queries::LINT_SECTIONS)? {
        let key = (need(&s, "list", q)?, text(&s, "parent").unwrap_or_default());
        groups.entry(key).or_default().push((
            need(&s, "section", q)?,
            need(&s, "marker", q)?,
            need_int(&s, "value", q)?,
            need_int(&s, "line", q)?,
            text(&s, "citation").unwrap_or_default(),
        ));
    }
    for sections in groups.into_values() {
        let mut previous: Option<(u32, &str)> = None;
        for (iri, marker, value, line, citation) in &sections {
            if let Some((pv, prev_citation)) = previous {
                let problem = if *value == pv {
                    Some((
                        Severity::High,
                        format!(
                            "标题序号“{marker}”与上一标题（{prev_citation}）重复，引用指向不明。"
                        ),
                        format!(
                            "The heading number {value} repeats the one before ({prev_citation})."
                        ),
                        "将其后各标题序号依次顺延。".to_owned(),
                        "Renumber the headings from here on.".to_owned(),
                    ))
                } else if *value < pv {
                    Some((
                        Severity::High,
                        format!("标题序号“{marker}”排在（{prev_citation}）之后，顺序倒置。"),
                        format!(
                            "The heading number {value} comes after {pv}: the numbering goes backwards."
                        ),
                        "按顺序重新编排标题序号。".to_owned(),
                        "Renumber the headings in order.".to_owned(),
                    ))
                } else if *value > pv + 1 {
                    Some((
                        Severity::Medium,
                        format!(
                            "标题序号由{pv}直接跳到{value}（“{marker}”），中间缺少{}个标题。",
                            value - pv - 1
                        ),
                        format!("The heading numbers jump from {pv} to {value}."),
                        "核实是否漏项：补齐缺少的标题，或将其后各标题序号依次前移。".to_owned(),
                        "Check whether a heading was dropped; restore it or renumber.".to_owned(),
                    ))
                } else {
                    None
                };
                if let Some((severity, message, message_en, suggestion, suggestion_en)) = problem {
                    let at = At {
                        iri: iri.clone(),
                        article: None,
                        line: *line,
                        citation: citation.clone(),
                        duty: None,
                    };
                    lint.push(Draft {
                        kind: "section-numbering",
                        severity,
                        at,
                        evidence: citation.clone(),
                        message: Words {
                            zh: message,
                            en: message_en,
                        },
                        suggestion: Words {
                            zh: suggestion,
                            en: suggestion_en,
                        },
                        sources: Vec::new(),
                    });
                }
            }
            previous = Some((*value, citation));
        }
    }
    Ok(())
}

/// The annex table against the articles.
fn annex(lint: &mut Lint<'_>, annex_rows: &[QuerySolution]) -> Result<()> {
    let (rows, lists_with_annex) = AnnexRow::read(annex_rows)?;
    // Body IRI → how the annex names it: (name as written, line, entry IRI).
    let mut named: BTreeMap<String, Vec<(String, u32, String)>> = BTreeMap::new();
    for row in &rows {
        annex_count(lint, row);
        for entry in &row.entries {
            let Some(body_iri) = &entry.body else {
                annex_unlinked(lint, entry);
                continue;
            };
            named.entry(body_iri.clone()).or_default().push((
                entry.name.clone(),
                entry.line,
                entry.iri.clone(),
            ));
            annex_alias(lint, entry, body_iri);
        }
    }
    annex_duplicates(lint, &named);
    annex_missing(lint, &lists_with_annex, &named);
    Ok(())
}

/// A row of the annex table, with the entries it lists.
struct AnnexRow {
    iri: String,
    label: String,
    line: u32,
    declared: Option<u32>,
    entries: Vec<AnnexEntry>,
}

/// A body as the annex names it.
struct AnnexEntry {
    name: String,
    line: u32,
    iri: String,
    /// The body it was matched to, if any.
    body: Option<String>,
}

impl AnnexRow {
    /// The rows of `report-lint-annex.rq`, in (list, row) order, and the lists that have
    /// an annex.
    fn read(annex_rows: &[QuerySolution]) -> Result<(Vec<AnnexRow>, Vec<String>)> {
        let q = "report-lint-annex.rq";
        let mut rows: BTreeMap<(String, String), AnnexRow> = BTreeMap::new();
        let mut lists_with_annex: Vec<String> = Vec::new();
        for s in annex_rows {
            let list = need(s, "list", q)?;
            if !lists_with_annex.contains(&list) {
                lists_with_annex.push(list.clone());
            }
            let Some(row) = text(s, "row") else {
                continue;
            };
            let entry = rows.entry((list, row.clone())).or_insert_with(|| AnnexRow {
                iri: row,
                label: text(s, "rowLabel").unwrap_or_default(),
                line: int(s, "rowLine").unwrap_or(0),
                declared: int(s, "declared"),
                entries: Vec::new(),
            });
            if let (Some(name), Some(iri)) = (text(s, "asWritten"), text(s, "entry")) {
                entry.entries.push(AnnexEntry {
                    name,
                    line: int(s, "line").unwrap_or(0),
                    iri,
                    body: text(s, "body"),
                });
            }
        }
        Ok((rows.into_values().collect(), lists_with_annex))
    }
}

/// A row whose 部门数量 is not the number of bodies it lists.
fn annex_count(lint: &mut Lint<'_>, row: &AnnexRow) {
    let listed = row.entries.len() as u32;
    let Some(declared) = row.declared.filter(|&declared| declared != listed) else {
        return;
    };
    let at = At {
        iri: row.iri.clone(),
        article: None,
        line: row.line,
        citation: "附件".to_owned(),
        duty: None,
    };
    lint.push(Draft {
        kind: "annex-count",
        severity: Severity::High,
        at,
        evidence: format!("{}……{declared}", row.label),
        message: Words {
            zh: format!(
                "附件“{}”一行列出{listed}个部门，“部门数量”却写为{declared}。",
                row.label
            ),
            en: format!(
                "The annex row \"{}\" lists {listed} bodies but its count says {declared}.",
                row.label
            ),
        },
        suggestion: Words {
            zh: format!("将部门数量改为{listed}，或补齐/删减所列部门。"),
            en: format!("Make the count {listed}, or complete the list."),
        },
        sources: Vec::new(),
    });
}

/// A body the annex lists that no article gives duties to.
fn annex_unlinked(lint: &mut Lint<'_>, entry: &AnnexEntry) {
    let name = &entry.name;
    let at = At {
        iri: entry.iri.clone(),
        article: None,
        line: entry.line,
        citation: "附件".to_owned(),
        duty: None,
    };
    lint.push(Draft {
        kind: "annex-unlinked",
        severity: Severity::High,
        at,
        evidence: name.clone(),
        message: Words {
            zh: format!("附件列出的“{name}”在正文中没有对应的职责条款。"),
            en: format!("The annex lists \"{name}\", which has no article of duties."),
        },
        suggestion: Words {
            zh: format!("为“{name}”补写职责条款，或从附件中删去。"),
            en: format!("Add an article for \"{name}\" or remove it from the annex."),
        },
        sources: Vec::new(),
    });
}

/// A body the annex names otherwise than its article does.
fn annex_alias(lint: &mut Lint<'_>, entry: &AnnexEntry, body_iri: &str) {
    let Some(b) = lint.context.body(body_iri) else {
        return;
    };
    let name = &entry.name;
    if *name == b.name {
        return;
    }
    // 第四十一条 in a list with articles; the body's name elsewhere.
    let (place, place_en) = match b.article {
        Some(n) => (
            format!("第{}条标题", to_chinese(n)),
            format!("the heading of article {n}"),
        ),
        None => ("正文".to_owned(), "the list".to_owned()),
    };
    let at = At {
        iri: entry.iri.clone(),
        article: b.article,
        line: entry.line,
        citation: match b.article {
            Some(n) => format!("附件（第{}条{}）", to_chinese(n), b.name),
            None => format!("附件（{}）", b.name),
        },
        duty: None,
    };
    lint.push(Draft {
        kind: "annex-alias",
        severity: Severity::Medium,
        at,
        evidence: name.clone(),
        message: Words {
            zh: format!(
                "附件写作“{name}”，而{place}为“{}”，同一部门名称前后不一致。",
                b.name
            ),
            en: format!(
                "The annex writes \"{name}\" where {place_en} says \"{}\".",
                b.name
            ),
        },
        suggestion: Words {
            zh: format!("附件中统一写作“{}”。", b.name),
            en: format!("Write \"{}\" in the annex.", b.name),
        },
        sources: Vec::new(),
    });
}

/// A body the annex lists more than once.
fn annex_duplicates(lint: &mut Lint<'_>, named: &BTreeMap<String, Vec<(String, u32, String)>>) {
    for (body_iri, names) in named {
        if names.len() < 2 {
            continue;
        }
        let Some(b) = lint.context.body(body_iri) else {
            continue;
        };
        let written: Vec<&str> = names.iter().map(|(n, _, _)| n.as_str()).collect();
        let at = At {
            iri: names[1].2.clone(),
            article: b.article,
            line: names[1].1,
            citation: "附件".to_owned(),
            duty: None,
        };
        lint.push(Draft {
            kind: "annex-duplicate",
            severity: Severity::High,
            at,
            evidence: written.join("、"),
            message: Words {
                zh: format!("“{}”在附件中列出了{}次。", b.name, names.len()),
                en: format!(
                    "\"{}\" is listed {} times in the annex.",
                    b.name_en,
                    names.len()
                ),
            },
            suggestion: Words {
                zh: "每个部门只归入一个类别。".to_owned(),
                en: "List each body in one category only.".to_owned(),
            },
            sources: Vec::new(),
        });
    }
}

/// A department with duties that its list's annex puts in no category.
fn annex_missing(
    lint: &mut Lint<'_>,
    lists_with_annex: &[String],
    named: &BTreeMap<String, Vec<(String, u32, String)>>,
) {
    let context = lint.context;
    for b in &context.bodies {
        if b.kind != super::BodyKind::Department
            || !lists_with_annex.contains(&b.list)
            || named.contains_key(&b.iri)
        {
            continue;
        }
        let (place, place_en) = match b.article {
            Some(n) => (format!("第{}条", to_chinese(n)), format!("Article {n}")),
            None => ("正文".to_owned(), "The list".to_owned()),
        };
        let at = At {
            iri: b.iri.clone(),
            article: b.article,
            line: b.line,
            citation: if b.article.is_some() {
                place.clone()
            } else {
                b.name.clone()
            },
            duty: None,
        };
        lint.push(Draft {
            kind: "annex-missing",
            severity: Severity::High,
            at,
            evidence: b.name.clone(),
            message: Words {
                zh: format!(
                    "{place}规定了“{}”的职责，但附件分类表未将其列入任何类别。",
                    b.name
                ),
                en: format!(
                    "{place_en} gives \"{}\" duties, but the annex table lists it in no category.",
                    b.name_en
                ),
            },
            suggestion: Words {
                zh: format!("在附件中将“{}”归入相应类别并调整部门数量。", b.name),
                en: format!("List \"{}\" in its category in the annex.", b.name_en),
            },
            sources: Vec::new(),
        });
    }
}

const LEVELS: &[&str] = &["省", "市", "县", "区", "旗", "乡", "镇"];

/// Organs of another administrative level named in duties (市委 in a 区 list), and 各地.
fn other_level(lint: &mut Lint<'_>) -> Result<()> {
    let context = lint.context;
    let mut patterns: HashMap<String, Regex> = HashMap::new();
    for duty in &context.duties {
        let Some(level) = context.level_of(&duty.list) else {
            continue;
        };
        let level = level.to_owned();
        let regex = match patterns.get(&level) {
            Some(r) => r.clone(),
            None => {
                let others: Vec<&str> = LEVELS.iter().copied().filter(|l| *l != level).collect();
                let r = Regex::new(&format!(
                    "({})(委员会|人民政府|政府|安委会|纪委监委|纪委|人大|政协|委)|各地",
                    others.join("|")
                ))
                .map_err(|e| Error::analysis("lint other-level", e.to_string()))?;
                patterns.insert(level.clone(), r.clone());
                r
            }
        };
        let titles = title_spans(&duty.text);
        for m in regex.find_iter(&duty.text) {
            if titles.iter().any(|t| t.contains(&m.start())) {
                continue;
            }
            let words = m.as_str();
            let evidence = context_around(&duty.text, m.start(), words.chars().count(), 12);
            let art = &duty.unit_citation;
            let who = lint.bearer_name(duty);
            let at = lint.at_duty(duty);
            if words == "各地" {
                let tail: String = duty.text[m.end()..]
                    .chars()
                    .take_while(|c| is_cjk(*c) && !matches!(c, '，' | '。' | '；' | '、'))
                    .take(8)
                    .collect();
                lint.push(Draft {
kind: "other-level",
severity: Severity::Medium,
at,
evidence,
message: Words { zh: format!(
                        "{}{who}写“各地{tail}”：{level}级清单中的对象应为本{level}的单位，“各地”沿用了上级清单的写法。",
                        duty.citation()
                    ), en: format!(
                        "{} writes 各地 (\"every locality\"), the wording of a higher-level list; a {level}-level list addresses its own units.",
                        duty.citation()
                    ) },
suggestion: Words { zh: format!("改为本{level}的具体对象（如“各街道”或明确的部门）。"), en: "Name the list's own units instead (e.g. the sub-districts).".to_owned() },
sources: Vec::new(),
});
            } else {
                let own: String = words
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if i == 0 { level.clone() } else { c.to_string() })
                    .collect();
                lint.push(Draft {
kind: "other-level",
severity: Severity::High,
at,
evidence,
message: Words { zh: format!(
                        "{art}{who}出现“{words}”：这是{level}级清单，此处应指本级“{own}”，写成了另一级机关。"
                    ), en: format!(
                        "{} names \"{words}\", an organ of another level, in a {level}-level list; the list's own \"{own}\" is meant.",
                        unit_en(duty)
                    ) },
suggestion: Words { zh: format!("将“{words}”改为“{own}”。"), en: format!("Replace \"{words}\" with \"{own}\".") },
sources: Vec::new(),
});
            }
        }
    }
    Ok(())
}

/// Line of byte `at` in an article text that starts on `line`.
fn line_in(text: &str, line: u32, at: usize) -> u32 {
    line + text[..at].matches('\n').count() as u32
}

/// Dates with a blank month or day (2022年2月  日).
fn blank_dates(lint: &mut Lint<'_>, rows: &[ArticleRow]) -> Result<()> {
    let regex = Regex::new(
        r"([0-9]{4}|[〇零一二三四五六七八九]{4})\s*年\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})?\s*月\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})?\s*日",
    )
    .map_err(|e| Error::analysis("lint blank-date", e.to_string()))?;
    for row in rows {
        let (Some(article), Some(text)) = (row.article, &row.text) else {
            continue;
        };
        for caps in regex.captures_iter(text) {
            let (Some(whole), month, day) = (caps.get(0), caps.get(2), caps.get(3)) else {
                continue;
            };
            if month.is_some() && day.is_some() {
                continue;
            }
            let missing = match (month, day) {
                (None, None) => ("月、日", "month and day"),
                (None, Some(_)) => ("月", "month"),
                _ => ("日", "day"),
            };
            let line = line_in(text, row.line, whole.start());
            let at = lint.at_line(&row.list, &row.node, article, &row.numeral, line);
            let evidence = context_around(text, whole.start(), whole.as_str().chars().count(), 8);
            lint.push(Draft {
                kind: "blank-date",
                severity: Severity::Medium,
                at,
                evidence,
                message: Words {
                    zh: format!(
                        "第{}条的日期“{}”未填写{}。",
                        row.numeral,
                        whole.as_str(),
                        missing.0
                    ),
                    en: format!(
                        "Article {article}: the date \"{}\" has no {}.",
                        whole.as_str(),
                        missing.1
                    ),
                },
                suggestion: Words {
                    zh: format!("印发前补全{}。", missing.0),
                    en: format!("Fill in the {} before issue.", missing.1),
                },
                sources: Vec::new(),
            });
        }
    }
    Ok(())
}

/// Stray punctuation at the end of headings, and separators after 第X条 unlike the others.
fn headings(lint: &mut Lint<'_>, rows: &[ArticleRow]) {
    for row in rows {
        let Some(heading) = &row.heading else {
            continue;
        };
        let Some(last) = heading.chars().next_back() else {
            continue;
        };
        if !matches!(last, '。' | '．' | '.' | '，' | ',' | '；' | ';' | '、') {
            continue;
        }
        let (citation, what, what_en) = match (row.article, row.chapter) {
            (Some(_), _) => (
                format!("第{}条", row.numeral),
                format!("第{}条标题", row.numeral),
                format!("The heading of article {}", row.article.unwrap_or(0)),
            ),
            (None, Some(c)) => (
                format!("第{}章", to_chinese(c)),
                format!("第{}章标题", to_chinese(c)),
                format!("The heading of chapter {c}"),
            ),
            _ => continue,
        };
        let at = At {
            iri: row.node.clone(),
            article: row.article,
            line: row.line,
            citation,
            duty: None,
        };
        lint.push(Draft {
kind: "heading-punctuation",
severity: Severity::Low,
at,
evidence: heading.clone(),
message: Words { zh: format!("{what}“{heading}”末尾多了“{last}”，其他标题均无标点。"), en: format!(
                "{what_en} \"{heading}\" ends with \"{last}\"; headings carry no final punctuation."
            ) },
suggestion: Words { zh: format!("删去标题末尾的“{last}”。"), en: format!("Delete the final \"{last}\".") },
sources: Vec::new(),
});
    }

    // Separators after 第X条 on the first line of each article.
    let mut separators: Vec<(&ArticleRow, String)> = Vec::new();
    for row in rows {
        let (Some(_), Some(text)) = (row.article, &row.text) else {
            continue;
        };
        let prefix = format!("第{}条", row.numeral);
        let Some(rest) = text.strip_prefix(&prefix) else {
            continue;
        };
        let sep: String = rest
            .chars()
            .take_while(|c| c.is_whitespace() || matches!(c, '\u{3000}' | ':' | '：'))
            .filter(|c| *c != '\n' && *c != '\r')
            .collect();
        separators.push((row, sep));
    }
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (row, sep) in &separators {
        *counts.entry((&row.list, sep)).or_default() += 1;
    }
    for (row, sep) in &separators {
        let usual = counts
            .iter()
            .filter(|((l, _), _)| *l == row.list)
            .max_by_key(|(_, n)| **n)
            .map(|((_, s), n)| (*s, *n));
        let Some((usual, usual_count)) = usual else {
            continue;
        };
        if sep == usual || usual_count < 2 {
            continue;
        }
        let (this_zh, this_en) = describe_separator(sep);
        let (usual_zh, usual_en) = describe_separator(usual);
        let at = At {
            iri: row.node.clone(),
            article: row.article,
            line: row.line,
            citation: format!("第{}条", row.numeral),
            duty: None,
        };
        lint.push(Draft {
kind: "heading-separator",
severity: Severity::Low,
at,
evidence: format!("第{}条{sep}", row.numeral),
message: Words { zh: format!(
                "第{}条条号后用{this_zh}分隔，其他{usual_count}条均用{usual_zh}。",
                row.numeral
            ), en: format!(
                "Article {} is followed by {this_en}; {usual_count} other articles use {usual_en}.",
                row.article.unwrap_or(0)
            ) },
suggestion: Words { zh: format!("统一为{usual_zh}。"), en: format!("Use {usual_en} like the others.") },
sources: Vec::new(),
});
    }
}

/// Half-width punctuation among full-width, one finding per paragraph.
fn punctuation(
    lint: &mut Lint<'_>,
    rows: &[ArticleRow],
    annex_rows: &[QuerySolution],
) -> Result<()> {
    let paragraphs = Paragraph::all(lint.context, rows, annex_rows)?;
    // A list printed in half-width punctuation throughout gets one comment, not one per
    // paragraph.
    let half_lists = lists_in_halfwidth(&paragraphs);
    for list in &half_lists {
        halfwidth_throughout(lint, list, &paragraphs);
    }
    for paragraph in &paragraphs {
        if !half_lists.contains(&paragraph.list) {
            halfwidth_in_paragraph(lint, paragraph);
        }
    }
    Ok(())
}

/// A paragraph or heading as lint cites it.
struct Paragraph {
    list: String,
    node: String,
    article: Option<u32>,
    numeral: String,
    line: u32,
    text: String,
}

impl Paragraph {
    /// Every paragraph and heading of the lists: articles' headings and their paragraphs
    /// without duties, the duties (those of lists without articles last, cited by their own
    /// citation), the annex's rows.
    fn all(
        context: &Context,
        rows: &[ArticleRow],
        annex_rows: &[QuerySolution],
    ) -> Result<Vec<Paragraph>> {
        let mut paragraphs = Vec::new();
        for row in rows {
            let (Some(article), Some(text)) = (row.article, &row.text) else {
                continue;
            };
            let paragraph = |line: u32, text: &str| Paragraph {
                list: row.list.clone(),
                node: row.node.clone(),
                article: Some(article),
                numeral: row.numeral.clone(),
                line,
                text: text.to_owned(),
            };
            if row.duties > 0 {
                // Duties are cited one by one; the heading line separately.
                if let Some(heading) = &row.heading {
                    paragraphs.push(paragraph(row.line, heading));
                }
                continue;
            }
            for (i, line_text) in text.split('\n').enumerate() {
                paragraphs.push(paragraph(
                    row.line + i as u32,
                    line_text.trim_end_matches('\r'),
                ));
            }
        }
        let mut by_duty = Vec::new();
        for duty in &context.duties {
            let numbered = duty.article.zip(duty.numeral.clone());
            let paragraph = Paragraph {
                list: duty.list.clone(),
                node: duty.iri.clone(),
                article: numbered.as_ref().map(|(article, _)| *article),
                numeral: numbered.map(|(_, numeral)| numeral).unwrap_or_default(),
                line: duty.line,
                text: duty.text.clone(),
            };
            match paragraph.article {
                Some(_) => paragraphs.push(paragraph),
                None => by_duty.push(paragraph),
            }
        }
        let q = "report-lint-annex.rq";
        for s in annex_rows {
            if let (Some(annex), Some(text), Some(line)) =
                (text(s, "annex"), text(s, "text"), int(s, "line"))
            {
                paragraphs.push(Paragraph {
                    list: need(s, "list", q)?,
                    node: annex,
                    article: None,
                    numeral: String::new(),
                    line,
                    text,
                });
            }
        }
        paragraphs.extend(by_duty);
        Ok(paragraphs)
    }
}

/// The lists written in half-width punctuation at least as often as in full-width.
fn lists_in_halfwidth(paragraphs: &[Paragraph]) -> Vec<String> {
    let mut widths: HashMap<&str, (usize, usize)> = HashMap::new();
    for paragraph in paragraphs {
        let entry = widths.entry(paragraph.list.as_str()).or_default();
        entry.0 += halfwidth(&paragraph.text).len();
        entry.1 += paragraph
            .text
            .chars()
            .filter(|c| matches!(c, '，' | '；' | '：' | '（' | '）' | '？' | '！'))
            .count();
    }
    widths
        .iter()
        .filter(|(_, (half, full))| *half > 0 && half >= full)
        .map(|(list, _)| (*list).to_owned())
        .collect()
}

/// One comment for a list in half-width punctuation throughout, at its first mark.
fn halfwidth_throughout(lint: &mut Lint<'_>, list: &str, paragraphs: &[Paragraph]) {
    let mut counts: BTreeMap<char, usize> = BTreeMap::new();
    let mut first = None;
    for paragraph in paragraphs.iter().filter(|p| p.list == list) {
        let found = halfwidth(&paragraph.text);
        for (_, c) in &found {
            *counts.entry(*c).or_default() += 1;
        }
        if first.is_none()
            && let Some(&(at, _)) = found.first()
        {
            first = Some((paragraph, at));
        }
    }
    let Some((paragraph, at_byte)) = first else {
        return;
    };
    let at = lint.at_paragraph(
        list,
        &paragraph.node,
        paragraph.article,
        &paragraph.numeral,
        paragraph.line,
    );
    let (list_zh, list_en, fix_zh) = describe_halfwidth(&counts);
    lint.push(Draft {
        kind: "halfwidth-punctuation",
        severity: Severity::Low,
        at,
        evidence: context_around(&paragraph.text, at_byte, 1, 10),
        message: Words {
            zh: format!(
                "全文中文语句使用半角标点（{}），公文应使用全角标点。",
                list_zh.join("、")
            ),
            en: format!(
                "The list uses half-width punctuation in Chinese text throughout ({}); official documents use full-width.",
                list_en.join(", ")
            ),
        },
        suggestion: Words {
            zh: format!("全文统一改为全角：{}。", fix_zh.join("，")),
            en: "Use full-width punctuation throughout.".to_owned(),
        },
        sources: Vec::new(),
    });
}

/// Half-width marks in one paragraph of a list otherwise in full-width.
fn halfwidth_in_paragraph(lint: &mut Lint<'_>, paragraph: &Paragraph) {
    let found = halfwidth(&paragraph.text);
    let Some(&(first, _)) = found.first() else {
        return;
    };
    let mut counts: BTreeMap<char, usize> = BTreeMap::new();
    for (_, c) in &found {
        *counts.entry(*c).or_default() += 1;
    }
    let (list_zh, list_en, fix_zh) = describe_halfwidth(&counts);
    let at = lint.at_paragraph(
        &paragraph.list,
        &paragraph.node,
        paragraph.article,
        &paragraph.numeral,
        paragraph.line,
    );
    let place = at.citation.clone();
    lint.push(Draft {
        kind: "halfwidth-punctuation",
        severity: Severity::Low,
        at,
        evidence: context_around(&paragraph.text, first, 1, 10),
        message: Words {
            zh: format!(
                "{place}混用半角标点：{}，全文其余为全角标点。",
                list_zh.join("、")
            ),
            en: format!(
                "{place} mixes in half-width punctuation ({}) among full-width.",
                list_en.join(", ")
            ),
        },
        suggestion: Words {
            zh: format!("改为全角：{}。", fix_zh.join("，")),
            en: "Use full-width punctuation.".to_owned(),
        },
        sources: Vec::new(),
    });
}

/// The half-width marks counted, for a comment: （“,”15处, ',' ×15, “,”→“，”).
fn describe_halfwidth(counts: &BTreeMap<char, usize>) -> (Vec<String>, Vec<String>, Vec<String>) {
    let list_zh = counts.iter().map(|(c, n)| format!("“{c}”{n}处")).collect();
    let list_en = counts.iter().map(|(c, n)| format!("'{c}' ×{n}")).collect();
    let fix_zh = counts
        .keys()
        .map(|c| format!("“{c}”→“{}”", fullwidth_of(*c)))
        .collect();
    (list_zh, list_en, fix_zh)
}

/// Items that end with ；，、 where the others end with 。.
fn item_endings(lint: &mut Lint<'_>) {
    let context = lint.context;
    let duties: Vec<&DutyInfo> = context
        .duties
        .iter()
        .filter(|d| d.marker.is_some())
        .collect();
    let full_stops = duties.iter().filter(|d| d.text.ends_with('。')).count();
    if full_stops * 2 < duties.len() {
        return;
    }
    for duty in duties {
        let Some(last) = duty.text.chars().next_back() else {
            continue;
        };
        if !matches!(last, '；' | ';' | '，' | ',' | '、' | '：' | ':') {
            continue;
        }
        let at = lint.at_duty(duty);
        let tail: String = {
            let chars: Vec<char> = duty.text.chars().collect();
            let start = chars.len().saturating_sub(16);
            chars[start..].iter().collect()
        };
        lint.push(Draft {
            kind: "item-ending",
            severity: Severity::Low,
            at,
            evidence: format!("…{tail}"),
            message: Words {
                zh: format!("{}以“{last}”结尾，其余各项均以“。”结尾。", duty.citation()),
                en: format!(
                    "{} ends with \"{last}\" where the other items end with \"。\".",
                    duty.citation()
                ),
            },
            suggestion: Words {
                zh: format!("将末尾的“{last}”改为“。”。"),
                en: format!("Replace the final \"{last}\" with \"。\"."),
            },
            sources: Vec::new(),
        });
    }
}

/// Abbreviations (以下简称) used in articles before the one that defines them.
fn abbreviations(lint: &mut Lint<'_>, rows: &[ArticleRow], store: &DutyStore) -> Result<()> {
    let q = "report-lint-abbreviations.rq";
    for s in select(store, q, queries::LINT_ABBREVIATIONS)? {
        let body_iri = need(&s, "body", q)?;
        let context = lint.context;
        let Some(body) = context.body(&body_iri) else {
            continue;
        };
        let abbreviation = need(&s, "abbreviation", q)?;
        let defined_in = need_int(&s, "definedIn", q)?;
        let definition_line = need_int(&s, "line", q)?;
        let mut uses: Vec<At> = Vec::new();
        for row in rows.iter().filter(|r| r.list == body.list) {
            let (Some(article), Some(text)) = (row.article, &row.text) else {
                continue;
            };
            if article >= defined_in || row.line >= definition_line {
                continue;
            }
            for (at, _) in text.match_indices(abbreviation.as_str()) {
                let line = line_in(text, row.line, at);
                let place = lint.at_line(&row.list, &row.node, article, &row.numeral, line);
                if !uses.iter().any(|u| u.citation == place.citation) {
                    uses.push(place);
                }
            }
        }
        let Some(first) = uses.first() else {
            continue;
        };
        let all: Vec<String> = uses.iter().map(|u| u.citation.clone()).collect();
        let sources: Vec<SourceRef> = uses.iter().filter_map(|u| u.duty.clone()).collect();
        let first_text = first
            .duty
            .as_ref()
            .and_then(|d| lint.context.duty(&d.duty))
            .map(|d| d.text.clone())
            .unwrap_or_default();
        let evidence = first_text
            .find(abbreviation.as_str())
            .map(|i| context_around(&first_text, i, abbreviation.chars().count(), 10))
            .unwrap_or_else(|| abbreviation.clone());
        let numeral = to_chinese(defined_in);
        let at = At {
            iri: first.iri.clone(),
            article: first.article,
            line: first.line,
            citation: first.citation.clone(),
            duty: first.duty.clone(),
        };
        lint.push(Draft {
kind: "abbreviation-before-definition",
severity: Severity::Medium,
at,
evidence,
message: Words { zh: format!(
                "简称“{abbreviation}”在{}首次使用，但第{numeral}条才定义（“{}（以下简称{abbreviation}）”）；定义前共使用{}处：{}。",
                all[0],
                body.name,
                all.len(),
                all.join("、")
            ), en: format!(
                "The abbreviation \"{abbreviation}\" is used in {} before article {defined_in} defines it ({} places).",
                all[0],
                all.len()
            ) },
suggestion: Words { zh: format!(
                "在首次出现处写全称“{}（以下简称{abbreviation}）”，第{numeral}条标题改用简称或保留全称。",
                body.name
            ), en: format!(
                "Write the full name \"{}\" with the abbreviation at its first use.",
                body.name
            ) },
sources,
});
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_item_numbers() {
        assert_eq!(to_chinese(4), "四");
        assert_eq!(to_chinese(10), "十");
        assert_eq!(to_chinese(11), "十一");
        assert_eq!(to_chinese(20), "二十");
        assert_eq!(to_chinese(56), "五十六");
    }

    #[test]
    fn halfwidth_only_next_to_chinese() {
        assert_eq!(halfwidth("工作,有效"), [(6, ',')]);
        assert_eq!(halfwidth("1,000 and (x)"), []);
        assert_eq!(halfwidth("标线(城市)").len(), 2);
    }
}
