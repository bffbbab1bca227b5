//! Bodies: how a body is named in a heading, a lead-in or as the subject of a paragraph
//! (区文旅局负责…), what kind of body it is, its role (which matches it with bodies of other
//! lists, under the names they had before the 2018 reform too), its English name, aliases
//! and annex category.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

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
    /// A collective designation (各有关部门, 各街道办事处（管委会）, 市、县（区）人民政府,
    /// 市交通运输局等有关市直部门).
    Collective,
    /// A people's government or Party committee of an area, or its agency in a subdistrict
    /// (乡镇人民政府, 街道办事处).
    Government,
    /// A company or other enterprise (供电公司, 各资产经营投资公司).
    Enterprise,
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
    /// The name in simplified characters, for a name printed in traditional ones.
    Simplified,
}

/// Another name of a body, as found in the text.
#[derive(Debug, Clone)]
pub struct Alias {
    pub text: String,
    pub source: AliasSource,
    /// Where it was first seen.
    pub span: Span,
}

/// How a body was found in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FoundAs {
    /// A heading names it (第十条 区应急管理局：, 一、各街道办事处, （三十六）质监部门。).
    Heading,
    /// A lead-in names it (市、县（区）人民政府应当…，履行下列职责：).
    LeadIn,
    /// It is the subject of a paragraph (区文旅局负责…, 第八条 房产行政主管部门负责…).
    Subject,
    /// A table's department column names it.
    TableCell,
}

impl FoundAs {
    pub fn name(self) -> &'static str {
        match self {
            FoundAs::Heading => "heading",
            FoundAs::LeadIn => "lead-in",
            FoundAs::Subject => "subject",
            FoundAs::TableCell => "table-cell",
        }
    }
}

/// A duty-bearing body or post.
#[derive(Debug, Clone)]
pub struct Body {
    /// The IRI segment after `body/`: `art41` for the body of an article, else its name.
    pub key: String,
    /// The article that assigns its duties, in a list with articles.
    pub article: Option<u32>,
    /// Canonical name, as printed in the heading (区应急管理局), or where first named.
    pub name: String,
    /// The name in simplified characters, as it is matched.
    pub simple_name: String,
    pub found_as: FoundAs,
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
    /// The unit that names it: its article, its heading's section, or its first duty's.
    pub unit: Option<usize>,
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
    "自治区",
    "镇",
    "乡",
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
    let candidates = match role_names().get(name) {
        Some(found) => found,
        // A province's departments are 厅 where a city's are 局 (省公安厅, 自治区应急管理厅).
        None => {
            let stem = name.strip_suffix('厅')?;
            let found = role_names().get(&format!("{stem}局"))?;
            if !found.iter().any(|(_, l)| matches!(*l, "省" | "自治区")) {
                return None;
            }
            found
        }
    };
    let (index, level) = candidates
        .iter()
        .find(|(_, l)| Some(*l) == level)
        .or_else(|| candidates.first())?;
    Some((&roles()[*index], level))
}

/// Post titles a name can end with (区委主要负责同志, 乡长).
const POST_ENDS: &[&str] = &[
    "负责同志",
    "书记",
    "领导干部",
    "主任",
    "成员",
    "负责人",
    "局长",
    "乡长",
    "镇长",
    "县长",
    "区长",
    "市长",
    "省长",
    "主席",
    "主要领导",
    "分管领导",
    "厂长",
    "经理",
    "站长",
    "所长",
    "校长",
    "院长",
    "队长",
    "主席团",
];

/// What kind of body a (simplified) name designates.
pub fn kind_of(name: &str) -> BodyKind {
    // 乡镇人民政府（街道办事处）: the kind of the name before a trailing alternative.
    let name = match name.strip_suffix(['）', ')']) {
        Some(open) => open
            .rfind(['（', '('])
            .map_or(name, |at| &open[..at])
            .trim_end(),
        None => name,
    };
    let name = if name.is_empty() { "?" } else { name };
    if name.starts_with('各') || name.contains("其他有关部门") {
        BodyKind::Collective
    } else if POST_ENDS.iter().any(|s| name.ends_with(s)) {
        BodyKind::Post
    } else if name.contains("委员会") || name.contains("安委会") || name.ends_with("安委办")
    {
        BodyKind::Committee
    } else if name.contains('、') || name.contains("等有关") || name.contains("等部门") {
        BodyKind::Collective
    } else if [
        "人民政府",
        "政府",
        "办事处",
        "管委会",
        "管理委员会",
        "党委",
        "党工委",
    ]
    .iter()
    .any(|s| name.ends_with(s))
    {
        BodyKind::Government
    } else if ["公司", "集团", "企业"].iter().any(|s| name.ends_with(s)) {
        BodyKind::Enterprise
    } else {
        BodyKind::Department
    }
}

/// Words an organisation's name ends with.
const ORGAN_ENDS: &[&str] = &[
    "局",
    "委",
    "办",
    "厅",
    "部",
    "署",
    "院",
    "会",
    "社",
    "所",
    "站",
    "队",
    "中心",
    "部门",
    "单位",
    "机构",
    "机关",
    "政府",
    "办事处",
    "公司",
    "集团",
    "企业",
    "组织",
    "党委",
    "党组",
    "街道",
    "乡镇",
    "银行",
    "学校",
    "馆",
    "处",
    "科",
    "室",
    "团",
    "联",
    "委员会",
    "办公室",
];

/// Words that cannot be part of a body's name: verbs and function words of duties.
const NOT_IN_NAMES: &[&str] = &[
    "会同",
    "配合",
    "协助",
    "依照",
    "依据",
    "根据",
    "牵头",
    "督促",
    "履行",
    "承担",
    "贯彻",
    "负责",
    "应当",
    "必须",
    "按照",
    "依法",
    "做好",
    "加强",
    "落实",
    "开展",
    "实施",
    "组织开展",
    "监督检查",
    "是",
    "对",
    "将",
    "把",
    "为",
    "在",
    "或",
    "职责",
    "责任",
    "工作",
    "安全",
    "管理",
    "监管",
    "生产",
    "经营场所",
    "场所",
    "经济",
    "行业",
    "领域",
    "制度",
];

/// Words a body's name never starts with: verbs and prepositions of duties.
const NOT_NAME_STARTS: &[&str] = &[
    "负责", "会同", "配合", "协助", "参与", "指导", "督促", "监督", "协调", "统筹", "承担", "履行",
    "按照", "依法", "依照", "依据", "根据", "做好", "抓好", "加强", "落实", "开展", "建立", "制定",
    "实施", "推动", "推进", "引导", "联合", "查处", "贯彻", "研究", "定期", "及时", "对", "在",
    "将", "为", "把", "由", "与", "和", "及", "并", "以", "向", "从", "组织", "牵头", "支持",
    "保障", "会商",
];

/// Whether a (simplified) phrase names a body: a role of the table, or a short phrase
/// ending with the name of an organisation or a post, without the verbs of a duty.
pub fn looks_like_body(name: &str, level: Option<&str>) -> bool {
    let n = name.chars().count();
    if !(2..=40).contains(&n)
        || name.contains(['，', ',', '。', '；', ';', '：', ':', '“', '”', '"', '《'])
    {
        return false;
    }
    if role_of(name, level).is_some() {
        return true;
    }
    let core = without_note(name);
    // Cheapest test first: most words tried as a name (every opening of a paragraph of a
    // subject-first list) do not end like one.
    let ends =
        ORGAN_ENDS.iter().any(|e| core.ends_with(e)) || POST_ENDS.iter().any(|e| core.ends_with(e));
    if !ends {
        return false;
    }
    // 会同有关部门, 负责…单位: a predicate, not a name.
    if NOT_NAME_STARTS.iter().any(|w| name.starts_with(w)) {
        return false;
    }
    // 有关部门 on its own names no one: it is a party, not a body of the list.
    let generic = matches!(core, "有关部门" | "相关部门" | "部门" | "单位" | "有关单位");
    !generic
        && !not_in_names()
            .find_overlapping_iter(core)
            .any(|hit| !allowed_inside(core, NOT_IN_NAMES[hit.pattern().as_usize()]))
}

fn not_in_names() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        // The word list is a constant; building it cannot fail on input.
        #[allow(clippy::expect_used)]
        AhoCorasick::new(NOT_IN_NAMES).expect("the function-word list builds")
    })
}

/// Some function words occur inside real names (安全生产委员会, 市场监督管理局,
/// 城市管理局, 商贸企业管理中心, 区直及驻区其他有关部门).
fn allowed_inside(name: &str, word: &str) -> bool {
    const NAMES_WITH: &[&str] = &[
        "安全生产委员会",
        "安全生产监督管理",
        "监督管理局",
        "管理局",
        "管理中心",
        "管理委员会",
        "管理办公室",
        "管理处",
        "管理站",
        "管理所",
        "管理部门",
        "生产建设兵团",
        "监管局",
        "监管分局",
        "监管部门",
        "安委会",
        "安全监管部门",
        "行业主管部门",
        "行政主管部门",
        "主管部门",
        "经营投资公司",
        "工作委员会",
        "工作部",
        "工作领导小组",
        "行业协会",
        "安全监察",
        "职责部门",
        "生产经营单位",
        "经营单位",
        "管委会",
        "安全生产监管",
        "安全生产监督",
        "安监",
        "经济和信息化",
        "经济技术开发区",
        "经济开发区",
    ];
    NAMES_WITH
        .iter()
        .any(|n| n.contains(word) && name.contains(n))
}

/// `name` without a trailing parenthetical: 各街道办事处（管委会） → 各街道办事处.
fn without_note(name: &str) -> &str {
    if let Some(stripped) = name.strip_suffix('）').or_else(|| name.strip_suffix(')'))
        && let Some(open) = stripped.rfind(['（', '('])
        && open > 0
    {
        return &stripped[..open];
    }
    name
}

/// Words that start the predicate after a subject (区文旅局负责…, 市、县（区）人民政府应当…).
const PREDICATE_STARTS: &[&str] = &[
    "负责",
    "牵头",
    "会同",
    "配合",
    "协助",
    "参与",
    "指导",
    "督促",
    "监督",
    "组织",
    "协调",
    "统筹",
    "承担",
    "履行",
    "应当",
    "应",
    "要",
    "须",
    "必须",
    "按照",
    "按",
    "依法",
    "依照",
    "依据",
    "根据",
    "做好",
    "抓好",
    "加强",
    "落实",
    "对",
    "在",
    "将",
    "为",
    "是",
    "主管",
    "分管",
    "具体",
    "全面",
    "严格",
    "认真",
    "切实",
    "积极",
    "建立",
    "制定",
    "开展",
    "实施",
    "推动",
    "推进",
    "引导",
    "联合",
    "审批",
    "核发",
    "查处",
    "贯彻",
    "领导",
    "研究",
    "定期",
    "及时",
    "主要",
    "依",
    "结合",
    "通过",
    "有责任",
    "可以",
    "管理",
    "监管",
    "指挥",
    "保障",
    "支持",
    "做",
    "把",
    "每年",
    "重点",
    "同时",
    "明确",
];

/// The subject a paragraph opens with: the end (bytes) of the longest prefix that names a
/// body and is followed by a predicate (区市场监管局按职责分工做好… → 区市场监管局; 区委、
/// 区政府领导班子成员应当… → 区委、区政府领导班子成员, although 领导 could start a predicate).
/// A longer prefix that holds a verb of duties (会同, 按照…) or a comma names no body.
pub fn subject_end(text: &str, level: Option<&str>) -> Option<usize> {
    let limit = text.char_indices().nth(42).map_or(text.len(), |(i, _)| i);
    // A predicate word starting before the limit may end after it (the longest is 3 chars).
    let window = text.char_indices().nth(45).map_or(text.len(), |(i, _)| i);
    // One pass of an automaton finds every place a predicate word starts (several words may
    // start at one place: 应 and 应当); testing each word at each place took a third of the
    // time of reading a subject-first list.
    let mut starts: Vec<usize> = predicate_starts()
        .find_overlapping_iter(&text[..window])
        .map(|hit| hit.start())
        .filter(|&i| i > 0 && i < limit)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    // The longest prefix that names a body: tried from the longest down.
    starts.into_iter().rev().find_map(|i| {
        // 县教育局：负责… as well as 县教育局负责….
        let prefix = text[..i].trim_end_matches(['，', ',', '：', ':', ' ', '\u{3000}']);
        looks_like_body(prefix, level).then_some(prefix.len())
    })
}

fn predicate_starts() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        // The word list is a constant; building it cannot fail on input.
        #[allow(clippy::expect_used)]
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(PREDICATE_STARTS)
            .expect("the predicate word list builds")
    })
}

/// Suffixes of a heading that are not part of the name.
const HEADING_SUFFIXES: &[&str] = &[
    "安全生产共同职责",
    "安全生产工作职责",
    "安全生产监管职责",
    "安全生产监督管理职责",
    "安全监督管理职责",
    "安全生产管理职责",
    "安全监管职责",
    "安全生产职责",
    "安全管理职责",
    "安全职责",
    "工作职责",
    "主要职责",
    "共同职责",
    "的职责",
    "职责",
];

/// The name in a heading: 区应急管理局安全生产职责 → 区应急管理局, （三十六）质监部门。 →
/// 质监部门, 各有关部门履行以下安全生产共同职责： → 各有关部门. Returns the byte range.
pub fn name_in_heading(heading: &str, level: Option<&str>) -> Option<(usize, usize)> {
    let trimmed =
        heading.trim_end_matches(['。', '：', ':', '；', ';', ' ', '\u{3000}', '.', '，', ',']);
    // 区应急管理局：负责全区…: the name before the colon, a duty after it.
    if let Some(colon) = trimmed.find(['：', ':'])
        && colon > 0
        && looks_like_body(trimmed[..colon].trim_end(), level)
    {
        return Some((0, trimmed[..colon].trim_end().len()));
    }
    // The words before what announces the duties: …履行下列职责, …安全生产职责, or (a heading
    // that only speaks of duties) the whole heading, which must then open with a name.
    let (stem, must_be_name) = if let Some(i) = trimmed.find("履行") {
        if i == 0 {
            return None;
        }
        // 市、县（区）人民政府应当落实…，履行下列职责: the subject before the predicate.
        let before = &trimmed[..i];
        if before.contains(['，', ',']) || before.contains("应当") {
            return subject_end(before, level).map(|e| (0, e));
        }
        (before, false)
    } else if let Some(stem) = HEADING_SUFFIXES
        .iter()
        .find_map(|suffix| trimmed.strip_suffix(suffix))
    {
        if stem.is_empty() {
            return None;
        }
        (stem, false)
    } else if ["职责", "责任"].iter().any(|w| trimmed.contains(w))
        && !trimmed.contains(['，', ',', '。', '；', ';'])
    {
        (trimmed, true)
    } else {
        return None;
    };
    // 区应急管理局的, 区应急管理局主要职责是, 区应急管理局在安全生产工作中: the name without
    // the words after it.
    if looks_like_body(stem, level) {
        return Some((0, stem.len()));
    }
    match longest_name(stem, level) {
        Some(end) => Some((0, end)),
        None if !must_be_name => Some((0, stem.len())),
        None => None,
    }
}

/// The longest start of `text` that is a body's name, as its byte length.
fn longest_name(text: &str, level: Option<&str>) -> Option<usize> {
    text.char_indices()
        .rev()
        .map(|(i, c)| i + c.len_utf8())
        .find(|&end| looks_like_body(&text[..end], level))
}

/// Splits trailing punctuation and a 安全生产职责-style suffix off an article heading and
/// returns the subject's byte range inside the heading.
fn subject_of_title(heading: &str) -> Option<(usize, usize)> {
    name_in_heading(heading, None)
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

/// Whether a chapter heading is about duties (职责, 责任, 分工), and not the general or
/// supplementary provisions (总则, 附则).
pub fn is_duty_chapter(heading: &str) -> bool {
    let compact: String = heading
        .chars()
        .filter(|c| !crate::doc::is_space(*c))
        .collect();
    ["职责", "责任", "分工"].iter().any(|w| compact.contains(w))
        && !["总则", "附则"].iter().any(|w| compact.contains(w))
}

/// Whether an article assigns duties, and the byte range of its body's name in its heading
/// (`matched` is the heading as matched: simplified).
pub fn duty_article(
    doc: &Document,
    article: &Article,
    matched: &str,
) -> Option<(usize, usize, FoundAs)> {
    let level = doc.level.as_deref();
    let chapter = article.chapter.and_then(|n| doc.chapter(n));
    let chapter_words = chapter.map(|c| doc.matched(&c.heading).to_owned());
    let in_general = chapter_words
        .as_deref()
        .is_some_and(|h| !is_duty_chapter(h));
    match article.form {
        ArticleForm::Titled => {
            if let Some((s, e)) = subject_of_title(matched) {
                return Some((s, e, FoundAs::Heading));
            }
            // A lead-in: 市、县（区）人民政府应当…，履行下列职责：
            if is_lead_in(matched) && !in_general {
                return subject_end(matched, level).map(|e| (0, e, FoundAs::LeadIn));
            }
            // A heading that is only a name: 第八条：县应急管理局
            let name = matched.trim_end_matches(['。', '：', ':', ' ', '\u{3000}']);
            (!in_general && looks_like_body(name, level)).then_some((
                0,
                name.len(),
                FoundAs::Heading,
            ))
        }
        ArticleForm::Inline => {
            if in_general {
                return None;
            }
            let duty_chapter = chapter_words.as_deref().is_some_and(is_duty_chapter);
            if let Some(e) = subject_end(matched, level) {
                return Some((0, e, FoundAs::Subject));
            }
            if duty_chapter && let Some((s, e)) = subject_of_inline(matched) {
                return Some((s, e, FoundAs::Subject));
            }
            // A heading whose items the text does not reach (第六条 各级人民政府).
            let name = matched.trim_end_matches(['。', '：', ':', ' ']);
            (duty_chapter && looks_like_body(name, level)).then_some((
                0,
                name.len(),
                FoundAs::Heading,
            ))
        }
    }
}

/// A lead-in sentence: it announces the items below (…履行下列职责：, …职责如下：).
pub fn is_lead_in(text: &str) -> bool {
    let t = text.trim_end_matches(' ');
    (t.ends_with('：') || t.ends_with(':'))
        && ["下列", "以下", "如下"].iter().any(|w| t.contains(w))
}

/// A body's name with its notes: 区安全生产委员会（以下简称区安委会） and 区安委会办公室
/// （设在区应急管理局） keep the name before the parenthesis.
#[derive(Debug, Clone)]
pub struct NameParts {
    pub name: Text,
    pub abbreviation: Option<String>,
    pub housed_in_words: Option<String>,
}

/// Splits the notes off a subject (`range` of `text`).
pub fn name_parts(text: &Text, range: (usize, usize)) -> NameParts {
    let (start, end) = range;
    let subject = &text.text[start..end];
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
            name_end = start + open;
        } else if let Some(host) = inner.strip_prefix("设在") {
            housed_in_words = Some(host.to_owned());
            name_end = start + open;
        }
    }
    let raw = &text.text[start..name_end];
    let trimmed_start = start + (raw.len() - raw.trim_start().len());
    let trimmed_end = name_end - (raw.len() - raw.trim_end().len());
    NameParts {
        name: text.slice(trimmed_start..trimmed_end),
        abbreviation,
        housed_in_words,
    }
}

/// Builds a body from its name. `key` is its IRI segment, `article` its article (if any).
pub fn new_body(
    parts: NameParts,
    simple_name: String,
    key: String,
    article: Option<u32>,
    found_as: FoundAs,
    level: Option<&str>,
) -> Body {
    let role = role_of(&simple_name, level).or_else(|| role_of(without_note(&simple_name), level));
    let (english, references) = match role {
        Some((role, role_level)) => (
            role.english.replace("{E}", level_english(role_level)),
            role.references.clone(),
        ),
        None => (
            match article {
                Some(number) => format!("Duty-bearing body of article {number}"),
                None => format!("Duty-bearing body \"{}\"", parts.name.text),
            },
            Vec::new(),
        ),
    };
    let mut aliases = Vec::new();
    if let Some(abbr) = &parts.abbreviation {
        aliases.push(Alias {
            text: abbr.clone(),
            source: AliasSource::Abbreviation,
            span: parts.name.span,
        });
    }
    // A name printed in traditional characters is also known by its simplified form.
    if simple_name != parts.name.text {
        aliases.push(Alias {
            text: simple_name.clone(),
            source: AliasSource::Simplified,
            span: parts.name.span,
        });
    }
    Body {
        key,
        article,
        kind: kind_of(&simple_name),
        name_span: parts.name.span,
        name: parts.name.text,
        simple_name,
        found_as,
        english,
        aliases,
        abbreviation: parts.abbreviation,
        category: None,
        housed_in_words: parts.housed_in_words,
        housed_in: None,
        references,
        role: role.map(|(r, _)| r),
        unit: None,
    }
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
pub fn is_subsequence(short: &str, long: &str) -> bool {
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
