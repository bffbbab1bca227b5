//! Synthetic responsibility lists for scale tests, derived from the reference list.
//!
//! Each list is a deterministic function of (seed, index): another place name and level
//! (区/县/市/旗), duties dropped or moved between departments, synonyms, and the numbering
//! and punctuation variants that real lists show. The lists are realistic enough to
//! exercise the parser, the extractor and the analyses; they are not real documents.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::doc::{self, ArticleForm, Document, numeral};
use crate::error::{Error, Result};
use crate::extract::{BodyKind, Taxonomy, extract};
use crate::store::{DEFAULT_LIST, DEFAULT_LIST_NAME, Source};

/// One generated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticList {
    /// File name (`synth-s42-00007.txt`); its stem is the list's identity.
    pub file_name: String,
    /// The place and level, e.g. 安平县.
    pub place: String,
    pub level: &'static str,
    pub text: String,
}

impl SyntheticList {
    /// The list as a source to load, named and identified as its file would be.
    pub fn into_source(self) -> Source {
        Source::from_text(
            self.file_name.clone(),
            doc::id_from_path(Path::new(&self.file_name)),
            self.text,
        )
    }
}

/// The reference list, parsed once, with the articles that assign duties to departments.
struct Template {
    document: Document,
    /// Article number → is a department's article.
    departments: Vec<u32>,
    /// Body names of the reference (区应急管理局…), longest first.
    names: Vec<String>,
}

fn template() -> Option<&'static Template> {
    static TEMPLATE: OnceLock<Option<Template>> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let document = doc::parse(DEFAULT_LIST_NAME, "template", DEFAULT_LIST).ok()?;
            let model = extract(document.clone(), Taxonomy::builtin());
            let departments = model
                .bodies
                .iter()
                .filter(|b| b.kind == BodyKind::Department)
                .filter_map(|b| b.article)
                .collect();
            let mut names: Vec<String> = model.bodies.iter().map(|b| b.name.clone()).collect();
            if let Some(annex) = &document.annex {
                names.extend(
                    annex
                        .rows
                        .iter()
                        .flat_map(|r| r.names.iter().map(|n| n.text.clone())),
                );
            }
            names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
            names.dedup();
            Some(Template {
                document,
                departments,
                names,
            })
        })
        .as_ref()
}

const LEVELS: &[(&str, u32)] = &[("区", 30), ("县", 45), ("市", 15), ("旗", 10)];

const PLACE_CHARS: &[char] = &[
    '安', '平', '阳', '山', '河', '东', '西', '南', '北', '城', '宁', '兴', '华', '丰', '昌', '永',
    '新', '德', '清', '长', '乐', '和', '泰', '嘉', '定', '武', '文', '金', '石', '台', '林', '桥',
    '源', '泉', '江', '湖', '海', '川', '原', '峰', '岭', '溪', '宝', '鼎', '延', '庆', '顺', '康',
    '福', '寿', '通', '远', '沙', '洪', '临', '沂', '汾', '渭', '洛', '潼', '淮', '汉', '荣', '成',
];

/// Compound words in which 区 is the level (区委, 全区…); other 区 (辖区, 社区, 景区) stay.
const LEVEL_COMPOUNDS: &[&str] = &[
    "区安全生产委员会",
    "区人民政府",
    "区防灾减灾救灾办公室",
    "区安委会",
    "区委",
    "区政府",
    "全区",
    "区级",
    "区本级",
    "驻区",
    "区直",
    "我区",
    "区科学技术奖励",
    "区规划",
];

/// Department names that differ by level (a county has 公安局, a district 公安分局).
const LEVEL_NAMES: &[(&str, &str, &[&str])] = &[
    ("公安分局", "公安局", &["县", "市", "旗"]),
    ("市场监管分局", "市场监管局", &["县", "市", "旗"]),
    (
        "自然资源和规划分局",
        "自然资源和规划局",
        &["县", "市", "旗"],
    ),
    ("生态环境分局", "生态环境局", &["县", "市", "旗"]),
    ("消防救援大队", "消防救援支队", &["市"]),
];

/// Synonyms a drafting office may use, with the chance of each replacement.
const SYNONYMS: &[(&str, &str, f64)] = &[
    ("危险化学品", "危化品", 0.15),
    ("民用爆炸物品", "民爆物品", 0.2),
    ("有关部门", "相关部门", 0.2),
    (
        "职责范围内的其他安全生产工作",
        "完成上级交办的其他安全生产工作",
        0.3,
    ),
    ("贯彻执行", "贯彻落实", 0.3),
];

/// How a list prints its numbering.
#[derive(Clone, Copy)]
struct Style {
    open: &'static str,
    close: &'static str,
    arabic: bool,
    separator: &'static str,
    renumber: bool,
}

fn marker(style: Style, n: u32) -> String {
    let number = if style.arabic {
        n.to_string()
    } else {
        numeral::to_chinese(n)
    };
    format!("{}{number}{}", style.open, style.close)
}

/// Replaces the level word in body names and level compounds.
fn localizer(template: &Template, level: &str) -> Result<(AhoCorasick, Vec<String>)> {
    let mut patterns: Vec<String> = template.names.clone();
    patterns.extend(LEVEL_COMPOUNDS.iter().map(|s| (*s).to_owned()));
    let replacements = patterns
        .iter()
        .map(|p| {
            let mut name = if let Some(rest) = p.strip_prefix("团区") {
                format!("团{level}{rest}")
            } else if let Some(rest) = p.strip_prefix("全区") {
                format!("全{level}{rest}")
            } else if let Some(rest) = p.strip_prefix("驻区") {
                format!("驻{level}{rest}")
            } else if let Some(rest) = p.strip_prefix("我区") {
                format!("我{level}{rest}")
            } else if let Some(rest) = p.strip_prefix('区') {
                format!("{level}{}", rest.replace("驻区", &format!("驻{level}")))
            } else {
                p.clone()
            };
            for (district, other, levels) in LEVEL_NAMES {
                if levels.contains(&level) && name.ends_with(district) {
                    name = format!("{}{other}", &name[..name.len() - district.len()]);
                }
            }
            name
        })
        .collect();
    let matcher = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .map_err(|e| Error::Usage(format!("synth: {e}")))?;
    Ok((matcher, replacements))
}

fn localize(text: &str, matcher: &AhoCorasick, replacements: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    matcher.replace_all_with(text, &mut out, |m, _, dst| {
        dst.push_str(&replacements[m.pattern().as_usize()]);
        true
    });
    out
}

fn synonyms(text: &str, rng: &mut ChaCha8Rng) -> String {
    let mut text = text.to_owned();
    for (from, to, chance) in SYNONYMS {
        if text.contains(from) && rng.random_bool(*chance) {
            text = text.replace(from, to);
        }
    }
    text
}

/// Generates list `index` of the series `seed`.
pub fn list(seed: u64, index: usize) -> Result<SyntheticList> {
    let template = template()
        .ok_or_else(|| Error::Usage("the embedded reference list does not parse".into()))?;
    let mut rng =
        ChaCha8Rng::seed_from_u64(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let level = LEVELS
        .choose_weighted(&mut rng, |(_, w)| *w)
        .map(|(l, _)| *l)
        .unwrap_or("县");
    let place: String = (0..2)
        .map(|_| *PLACE_CHARS.choose(&mut rng).unwrap_or(&'安'))
        .collect();
    let style = Style {
        open: if rng.random_bool(0.8) { "（" } else { "(" },
        close: if rng.random_bool(0.85) { "）" } else { ")" },
        arabic: rng.random_bool(0.1),
        separator: ["  ", "　", "：", " "].choose(&mut rng).unwrap_or(&"  "),
        renumber: rng.random_bool(0.8),
    };
    let (matcher, replacements) = localizer(template, level)?;
    let document = &template.document;

    // Paragraphs per article, after drops and moves between departments.
    let mut paragraphs: HashMap<u32, Vec<(Option<String>, String)>> = document
        .articles
        .iter()
        .map(|a| {
            (
                a.number,
                a.paragraphs
                    .iter()
                    .map(|p| {
                        (
                            p.marker.as_ref().map(|m| m.literal.clone()),
                            p.text.text.clone(),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    for &article in &template.departments {
        let Some(items) = paragraphs.get_mut(&article) else {
            continue;
        };
        let mut kept = Vec::new();
        let mut moved = Vec::new();
        for (i, item) in std::mem::take(items).into_iter().enumerate() {
            // The last paragraph (职责范围内的其他…) and the first stay.
            let last = i + 1 == document.article(article).map_or(0, |a| a.paragraphs.len());
            if i == 0 || last {
                kept.push(item);
            } else if rng.random_bool(0.04) {
                // dropped
            } else if rng.random_bool(0.03) {
                moved.push(item);
            } else {
                kept.push(item);
            }
        }
        *items = kept;
        for item in moved {
            if let Some(&target) = template.departments.choose(&mut rng)
                && let Some(list) = paragraphs.get_mut(&target)
            {
                let at = list.len().saturating_sub(1);
                list.insert(at, item);
            }
        }
    }

    let mut out = String::with_capacity(DEFAULT_LIST.len());
    out.push_str(&format!("{place}{level}安全生产职责清单\n"));
    match rng.random_range(0..3) {
        0 => out.push_str("（征求意见稿）\n"),
        1 => out.push_str("（试行）\n"),
        _ => {}
    }
    out.push('\n');
    let mut chapter = None;
    for article in &document.articles {
        if article.chapter != chapter {
            chapter = article.chapter;
            if let Some(c) = chapter.and_then(|n| document.chapter(n)) {
                out.push_str(&format!(
                    "\n第{}章  {}\n",
                    c.numeral,
                    localize(&c.heading.text, &matcher, &replacements)
                ));
            }
        }
        let heading = localize(&article.heading.text, &matcher, &replacements);
        out.push_str(&format!("第{}条{}", article.numeral, style.separator));
        match article.form {
            ArticleForm::Inline => {
                out.push_str(&synonyms(&heading, &mut rng));
                out.push('\n');
            }
            ArticleForm::Titled => {
                out.push_str(&heading);
                out.push('\n');
                let items = paragraphs.remove(&article.number).unwrap_or_default();
                let mut n = 0;
                for (printed, text) in items {
                    let text = synonyms(&localize(&text, &matcher, &replacements), &mut rng);
                    match printed {
                        Some(literal) => {
                            n += 1;
                            let label = if style.renumber {
                                marker(style, n)
                            } else {
                                format!("{}{literal}{}", style.open, style.close)
                            };
                            out.push_str(&format!("{label}{text}\n"));
                        }
                        None => out.push_str(&format!("{text}\n")),
                    }
                    if rng.random_bool(0.5) {
                        out.push('\n');
                    }
                }
            }
        }
    }
    if let Some(annex) = &document.annex {
        out.push_str("附件:");
        if let Some(title) = &annex.title {
            out.push_str(&title.text);
            out.push_str("\n附件\n");
            out.push_str(&title.text);
        }
        out.push('\n');
        for cell in &annex.header {
            out.push_str(&format!("\t{}\n", cell.text));
        }
        for row in &annex.rows {
            out.push('\n');
            out.push_str(&format!("\t{}\n", row.category.text));
            if let Some(description) = &row.description {
                out.push_str(&format!("\t{}\n", description.text));
            }
            let names: Vec<String> = row
                .names
                .iter()
                .map(|n| localize(&n.text, &matcher, &replacements))
                .collect();
            out.push_str(&format!("\t{}\n", names.join("、")));
            out.push_str(&format!("\t{}\n", names.len()));
        }
    }
    Ok(SyntheticList {
        file_name: format!("synth-s{seed}-{index:05}.txt"),
        place: format!("{place}{level}"),
        level,
        text: out,
    })
}

/// Writes `lists` lists of the series `seed` into `dir` (created if needed).
pub fn write(dir: &Path, lists: usize, seed: u64) -> Result<usize> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    for index in 0..lists {
        let list = list(seed, index)?;
        let path = dir.join(&list.file_name);
        std::fs::write(&path, list.text.as_bytes())
            .map_err(|e| Error::io(path.display().to_string(), e))?;
    }
    Ok(lists)
}
