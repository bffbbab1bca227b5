//! The body registry: one body per duty-bearing article, with its canonical name, aliases,
//! kind, annex category and English name.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::doc::{Article, ArticleForm, Document, Span, Text};

/// Index of a body in [`super::Model::bodies`].
pub type BodyId = usize;

/// What sort of body an article addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BodyKind {
    /// A leader's post (区委主要负责同志).
    Post,
    /// A committee or its office (区安委会, 区安委会办公室).
    Committee,
    /// A department (区应急管理局).
    Department,
    /// A collective designation (各有关部门, 各街道办事处（管委会）).
    Collective,
}

/// The three categories of the annex table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// 负有安全生产监督管理职责的部门
    Supervision,
    /// 负有安全生产行业领域管理职责的部门
    Industry,
    /// 负有安全生产支持保障职责的部门
    Support,
}

impl Category {
    /// Recognises a category from the words of an annex row.
    pub fn from_words(words: &str) -> Option<Category> {
        if words.contains("支持保障") || words.contains("保障职责") {
            Some(Category::Support)
        } else if words.contains("行业领域管理") || words.contains("行业管理") {
            Some(Category::Industry)
        } else if words.contains("监督管理") {
            Some(Category::Supervision)
        } else {
            None
        }
    }
}

/// Where an alias was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasSource {
    /// Defined in a heading with 以下简称.
    Abbreviation,
    /// The annex lists the body under this name.
    Annex,
    /// A generic reference (消防部门) that occurs in the text and names this body.
    Reference,
}

/// Another name of a body, as found in the text.
#[derive(Debug, Clone)]
pub struct Alias {
    pub text: String,
    pub source: AliasSource,
    /// Where it was first seen.
    pub span: Span,
}

/// A duty-bearing body or post.
#[derive(Debug, Clone)]
pub struct Body {
    /// The article that assigns its duties.
    pub article: u32,
    /// Canonical name, as in the heading (区应急管理局).
    pub name: String,
    /// Where the name stands in the heading.
    pub name_span: Span,
    pub kind: BodyKind,
    pub english: String,
    pub aliases: Vec<Alias>,
    /// Abbreviation defined by 以下简称 in the heading.
    pub abbreviation: Option<String>,
    /// The annex category.
    pub category: Option<Category>,
    /// Words after 设在 in the heading (区安委会办公室（设在区应急管理局）).
    pub housed_in_words: Option<String>,
    /// The body those words name.
    pub housed_in: Option<BodyId>,
    /// Generic references that name this body (消防部门), from the roles table.
    pub references: Vec<String>,
    /// Its role in the roles table, which matches it with bodies of other lists.
    pub role: Option<&'static Role>,
}

/// One row of the roles table (`roles.tsv`).
#[derive(Debug, Clone)]
pub struct Role {
    /// Slug of the role concept `<https://w3id.org/dutygraph/role/{slug}>`; several name
    /// patterns may share one role (公安分局 and 公安局).
    pub slug: String,
    /// The role in Chinese, without a level (应急管理部门).
    pub zh: String,
    pub pattern: String,
    pub english: String,
    pub references: Vec<String>,
}

impl Role {
    /// The role in English, without a level (Emergency Management Bureau).
    pub fn english_without_level(&self) -> String {
        self.english
            .replace("{E} ", "")
            .replace(" {E}", "")
            .replace("{E}", "")
    }
}

const ROLES_TSV: &str = include_str!("roles.tsv");

/// The roles table shipped with dutygraph.
pub fn roles() -> &'static [Role] {
    static ROLES: OnceLock<Vec<Role>> = OnceLock::new();
    ROLES.get_or_init(|| {
        ROLES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let slug = cols.next()?.trim().to_owned();
                let zh = cols.next()?.trim().to_owned();
                let pattern = cols.next()?.trim().to_owned();
                let english = cols.next()?.trim().to_owned();
                let references = cols
                    .next()
                    .unwrap_or_default()
                    .split('|')
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
                    .collect();
                Some(Role {
                    slug,
                    zh,
                    pattern,
                    english,
                    references,
                })
            })
            .collect()
    })
}

/// English adjective of a level word.
pub fn level_english(level: &str) -> &'static str {
    match level {
        "区" => "District",
        "县" => "County",
        "市" => "Municipal",
        "旗" => "Banner",
        "省" => "Provincial",
        "州" => "Prefecture",
        "盟" => "League",
        "自治县" => "Autonomous County",
        "自治旗" => "Autonomous Banner",
        "自治州" => "Autonomous Prefecture",
        "自治区" => "Autonomous Region",
        "镇" => "Town",
        "乡" => "Township",
        _ => "Local",
    }
}

/// Level words tried when the document does not state its level.
const LEVELS: &[&str] = &[
    "区",
    "县",
    "市",
    "旗",
    "省",
    "州",
    "盟",
    "自治县",
    "自治旗",
    "自治州",
];

/// Every role pattern instantiated with every level word: name → (role index, level).
fn role_names() -> &'static HashMap<String, Vec<(usize, &'static str)>> {
    static NAMES: OnceLock<HashMap<String, Vec<(usize, &'static str)>>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: HashMap<String, Vec<(usize, &'static str)>> = HashMap::new();
        for (index, role) in roles().iter().enumerate() {
            if role.pattern.contains("{L}") {
                for level in LEVELS {
                    names
                        .entry(role.pattern.replace("{L}", level))
                        .or_default()
                        .push((index, level));
                }
            } else {
                names
                    .entry(role.pattern.clone())
                    .or_default()
                    .push((index, "区"));
            }
        }
        names
    })
}

/// The role whose pattern, instantiated with a level word, is `name`; and that level.
/// The document's own level is preferred when a name fits several.
pub fn role_of(name: &str, level: Option<&str>) -> Option<(&'static Role, &'static str)> {
    let candidates = role_names().get(name)?;
    let (index, level) = candidates
        .iter()
        .find(|(_, l)| Some(*l) == level)
        .or_else(|| candidates.first())?;
    Some((&roles()[*index], level))
}

fn kind_of(name: &str) -> BodyKind {
    if name.starts_with('各') || name.contains("其他有关部门") {
        BodyKind::Collective
    } else if ["负责同志", "书记", "领导干部", "主任", "成员", "负责人"]
        .iter()
        .any(|s| name.ends_with(s))
    {
        BodyKind::Post
    } else if name.contains("委员会") || name.contains("安委会") || name.ends_with("安委办")
    {
        BodyKind::Committee
    } else {
        BodyKind::Department
    }
}

/// Splits trailing punctuation and a 安全生产职责-style suffix off an article heading and
/// returns the subject's byte range inside the heading.
fn subject_of_title(heading: &str) -> Option<(usize, usize)> {
    let trimmed = heading.trim_end_matches(['。', '：', ':', '；', ';', ' ', '\u{3000}', '.']);
    if let Some(i) = trimmed.find("履行") {
        return (i > 0).then_some((0, i));
    }
    for suffix in [
        "安全生产共同职责",
        "安全生产工作职责",
        "安全生产职责",
        "安全职责",
        "工作职责",
        "共同职责",
        "职责",
    ] {
        if let Some(stem) = trimmed.strip_suffix(suffix) {
            return (!stem.is_empty()).then_some((0, stem.len()));
        }
    }
    None
}

/// The subject of an inline article (第五十二条 各街道办事处（管委会）明确负责…).
fn subject_of_inline(text: &str) -> Option<(usize, usize)> {
    const ENDS: &[&str] = &[
        "应当", "依据", "依照", "根据", "按照", "履行", "负责", "明确", "承担", "要", "应", "在",
    ];
    let end = ENDS
        .iter()
        .filter_map(|w| text.find(w))
        .filter(|&i| i > 0)
        .min()?;
    let subject = &text[..end];
    (subject.chars().count() <= 30 && !subject.contains(['，', '。', ','])).then_some((0, end))
}

/// Whether an article assigns duties: a title naming a subject's duties, or an inline
/// article inside a chapter about duties.
pub fn is_duty_article(doc: &Document, article: &Article) -> bool {
    match article.form {
        ArticleForm::Titled => subject_of_title(&article.heading.text).is_some(),
        ArticleForm::Inline => {
            let duty_chapter = article
                .chapter
                .and_then(|n| doc.chapter(n))
                .is_some_and(|c| c.heading.text.contains("职责"));
            duty_chapter && subject_of_inline(&article.heading.text).is_some()
        }
    }
}

fn sub_span(text: &Text, start: usize, end: usize) -> Span {
    Span {
        start: text.span.start + start,
        end: text.span.start + end,
        line: text.span.line,
        column: text.span.column + text.text[..start].chars().count() as u32,
    }
}

/// Builds the body of a duty-bearing article.
pub fn body_of(doc: &Document, article: &Article) -> Option<Body> {
    let heading = &article.heading;
    let (start, end) = match article.form {
        ArticleForm::Titled => subject_of_title(&heading.text)?,
        ArticleForm::Inline => subject_of_inline(&heading.text)?,
    };
    let subject = &heading.text[start..end];

    // Parentheticals that are notes, not part of the name.
    let mut name = subject.to_owned();
    let mut name_end = end;
    let mut abbreviation = None;
    let mut housed_in_words = None;
    if let Some(open) = subject.find('（').or_else(|| subject.find('(')) {
        let inner = subject[open..]
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')']);
        let note = inner
            .strip_prefix("以下简称")
            .or_else(|| inner.strip_prefix("简称"))
            .map(|a| a.trim_matches(['“', '”', '"']));
        if let Some(abbr) = note {
            abbreviation = Some(abbr.to_owned());
            name = subject[..open].to_owned();
            name_end = start + open;
        } else if let Some(host) = inner.strip_prefix("设在") {
            housed_in_words = Some(host.to_owned());
            name = subject[..open].to_owned();
            name_end = start + open;
        }
    }
    let name = name.trim().to_owned();
    let role = role_of(&name, doc.level.as_deref());
    let (english, references) = match role {
        Some((role, level)) => (
            role.english.replace("{E}", level_english(level)),
            role.references.clone(),
        ),
        None => (
            format!("Duty-bearing body of article {}", article.number),
            Vec::new(),
        ),
    };
    let mut aliases = Vec::new();
    if let Some(abbr) = &abbreviation {
        aliases.push(Alias {
            text: abbr.clone(),
            source: AliasSource::Abbreviation,
            span: sub_span(heading, start, end),
        });
    }
    Some(Body {
        article: article.number,
        kind: kind_of(&name),
        name_span: sub_span(heading, start, name_end),
        name,
        english,
        aliases,
        abbreviation,
        category: None,
        housed_in_words,
        housed_in: None,
        references,
        role: role.map(|(r, _)| r),
    })
}

/// How an annex name was matched to a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexLink {
    /// 1-based row of the annex table.
    pub row: u32,
    /// 1-based position of the name in the row.
    pub entry: u32,
    /// The name as the annex prints it.
    pub name: Text,
    pub body: Option<BodyId>,
}

/// Whether the characters of `short` occur in `long` in order (区商管中心 ⊂ 区商贸企业管理中心).
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// Matches the annex names to bodies: exact names and aliases first, then the unique body
/// whose name contains the annex name's characters in order. Records categories and
/// annex aliases on the bodies.
pub fn link_annex(doc: &Document, bodies: &mut [Body]) -> Vec<AnnexLink> {
    let Some(annex) = &doc.annex else {
        return Vec::new();
    };
    let mut links = Vec::new();
    for row in &annex.rows {
        let category = Category::from_words(&row.category.text);
        for (i, name) in row.names.iter().enumerate() {
            links.push((row.index, i as u32 + 1, name.clone(), category));
        }
    }
    let exact: HashMap<&str, BodyId> = bodies
        .iter()
        .enumerate()
        .flat_map(|(id, b)| {
            std::iter::once((b.name.as_str(), id))
                .chain(b.aliases.iter().map(move |a| (a.text.as_str(), id)))
        })
        .collect();
    let mut resolved: Vec<Option<BodyId>> = links
        .iter()
        .map(|(_, _, name, _)| exact.get(name.text.as_str()).copied())
        .collect();
    let taken: Vec<BodyId> = resolved.iter().flatten().copied().collect();
    for (slot, (_, _, name, _)) in resolved.iter_mut().zip(&links) {
        if slot.is_some() {
            continue;
        }
        let candidates: Vec<BodyId> = bodies
            .iter()
            .enumerate()
            .filter(|(id, b)| !taken.contains(id) && is_subsequence(&name.text, &b.name))
            .map(|(id, _)| id)
            .collect();
        if let [only] = candidates[..] {
            *slot = Some(only);
        }
    }
    links
        .into_iter()
        .zip(resolved)
        .map(|((row, entry, name, category), body)| {
            if let Some(id) = body {
                let b = &mut bodies[id];
                if b.category.is_none() {
                    b.category = category;
                }
                if name.text != b.name && !b.aliases.iter().any(|a| a.text == name.text) {
                    b.aliases.push(Alias {
                        text: name.text.clone(),
                        source: AliasSource::Annex,
                        span: name.span,
                    });
                }
            }
            AnnexLink {
                row,
                entry,
                name,
                body,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_of_headings() {
        let cases = [
            ("区应急管理局安全生产职责", "区应急管理局"),
            ("区生态环境分局安全生产职责。", "区生态环境分局"),
            ("各有关部门履行以下安全生产共同职责：", "各有关部门"),
            (
                "区安全生产委员会（以下简称区安委会）职责",
                "区安全生产委员会（以下简称区安委会）",
            ),
        ];
        for (heading, subject) in cases {
            let (s, e) = subject_of_title(heading).unwrap();
            assert_eq!(&heading[s..e], subject);
        }
        assert_eq!(
            subject_of_title("落实“管行业必须管安全”，应建立健全以下工作制度："),
            None
        );
    }

    #[test]
    fn roles_follow_the_level() {
        let (role, level) = role_of("县应急管理局", Some("县")).unwrap();
        assert_eq!(
            role.english.replace("{E}", level_english(level)),
            "County Emergency Management Bureau"
        );
        assert!(role_of("市市场监管局", Some("市")).is_some());
        assert!(role_of("区不存在局", Some("区")).is_none());
    }

    #[test]
    fn annex_abbreviations_are_subsequences() {
        assert!(is_subsequence("区商管中心", "区商贸企业管理中心"));
        assert!(is_subsequence(
            "区政务服务和大数据局",
            "区政务服务和大数据管理局"
        ));
        assert!(!is_subsequence("区商务局", "区商贸企业管理中心"));
    }
}
