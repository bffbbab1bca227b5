//! Reading a body's name: the place and level word in front (河南省, 许昌市, 魏都区, 城关镇,
//! 西关街道), the stem after them (教育厅, 教体局), and the table row the stem is, directly
//! or by a variant (厅 → 局, 支队 ↔ 大队, 分局 → 局, a city bureau's district branch).

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind as AcMatchKind};
use regex::Regex;

use super::history;
use super::tables::{Former, tables};
use crate::extract::bodies::roles;

/// The rank of a level of government, from the level word (approximate: 市 is taken as a
/// prefecture-level city, although 禹州市 is a county-level one; only a gazetteer could tell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rank {
    /// 省, 自治区, 直辖市.
    Province,
    /// 市, 州, 盟, 地区, 自治州.
    Prefecture,
    /// 县, 区, 旗, 自治县, 县级市.
    County,
    /// 乡, 镇, 街道, and the stations of county bureaus there (派出所, 司法所).
    Township,
}

impl Rank {
    /// The rank one below (a city bureau's branch serves a district).
    pub fn below(self) -> Rank {
        match self {
            Rank::Province => Rank::Prefecture,
            Rank::Prefecture => Rank::County,
            Rank::County | Rank::Township => Rank::Township,
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Rank::Province => "province",
            Rank::Prefecture => "prefecture",
            Rank::County => "county",
            Rank::Township => "township",
        }
    }
}

/// Level words, the longer before the shorter that ends them (自治县 before 县).
const LEVEL_WORDS: &[(&str, Rank)] = &[
    ("自治区", Rank::Province),
    ("直辖市", Rank::Province),
    ("省", Rank::Province),
    ("县级市", Rank::County),
    ("自治州", Rank::Prefecture),
    ("地区", Rank::Prefecture),
    ("市", Rank::Prefecture),
    ("州", Rank::Prefecture),
    ("盟", Rank::Prefecture),
    ("自治县", Rank::County),
    ("自治旗", Rank::County),
    ("县", Rank::County),
    ("区", Rank::County),
    ("旗", Rank::County),
    ("民族乡", Rank::Township),
    ("乡", Rank::Township),
    ("镇", Rank::Township),
    ("街道", Rank::Township),
];

pub(super) fn rank_of(level: &str) -> Option<Rank> {
    LEVEL_WORDS
        .iter()
        .find(|(w, _)| *w == level)
        .map(|(_, rank)| *rank)
}

/// Words before the place that are not part of it (中共许昌市委 → 许昌市委).
const PARTY_PREFIXES: &[&str] = &["中国共产党", "中共"];

/// Which table a row comes from; a later one wins over an earlier one for the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Source {
    RolesTsv,
    Names,
    Former,
}

/// A row of one of the tables, as the lexicon keeps it.
#[derive(Debug)]
pub(super) struct Entry {
    /// The roles of today the name carries, the main one first.
    pub roles: Vec<&'static str>,
    pub former: Option<&'static Former>,
    /// Level words the row is limited to; empty = any.
    pub levels: Vec<&'static str>,
    pub source: Source,
    pub pattern: &'static str,
    /// A short description: the names.tsv note, the roles.tsv English name.
    pub note: &'static str,
    /// A `{P}` row: a station named after its place (西关派出所), township rank.
    pub township_unit: bool,
}

/// What a name was read as.
#[derive(Debug)]
pub(super) struct Reading {
    pub place: Option<String>,
    pub level: Option<&'static str>,
    pub rank: Option<Rank>,
    /// `团` of 团区委, else empty.
    pub prefix: &'static str,
    pub stem: String,
    pub entry: &'static Entry,
    /// How the stem was found when not as written (厅 → 局…), zh / en.
    pub notes: Vec<String>,
}

struct Lexicon {
    /// Whole names: patterns without `{L}`, and those with two (`{L}委、{L}政府`) for each
    /// level word.
    exact: HashMap<String, (Option<&'static str>, Entry)>,
    /// (prefix, stem) → rows; the prefix is `团` of `团{L}委`, mostly empty.
    stems: HashMap<(&'static str, String), Vec<Entry>>,
    /// Non-empty prefixes, longest first.
    prefixes: Vec<&'static str>,
    levels: AhoCorasick,
    /// The `{P}` stems, found at the end of a name.
    units: AhoCorasick,
    unit_stems: Vec<String>,
    branch: Regex,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(build)
}

fn build() -> Lexicon {
    let mut exact = HashMap::new();
    let mut stems: HashMap<(&'static str, String), Vec<Entry>> = HashMap::new();
    let mut prefixes: Vec<&'static str> = Vec::new();
    let mut unit_stems: Vec<String> = Vec::new();
    for role in roles() {
        let entry = |levels: Vec<&'static str>| Entry {
            roles: vec![role.slug.as_str()],
            former: None,
            levels,
            source: Source::RolesTsv,
            pattern: role.pattern.as_str(),
            note: role.english.as_str(),
            township_unit: false,
        };
        match role.pattern.matches("{L}").count() {
            0 => {
                exact
                    .entry(role.pattern.clone())
                    .or_insert((None, entry(Vec::new())));
            }
            1 => {
                let (prefix, stem) = role.pattern.split_once("{L}").unwrap_or_default();
                if !prefix.is_empty() && !prefixes.contains(&prefix) {
                    prefixes.push(prefix);
                }
                stems
                    .entry((prefix, stem.to_owned()))
                    .or_default()
                    .push(entry(Vec::new()));
            }
            _ => {
                for (level, _) in LEVEL_WORDS {
                    exact
                        .entry(role.pattern.replace("{L}", level))
                        .or_insert((Some(*level), entry(vec![*level])));
                }
            }
        }
    }
    let t = tables();
    let mut add = |pattern: &'static str, entry: Entry| {
        let (stem, unit) = match (pattern.strip_prefix("{L}"), pattern.strip_prefix("{P}")) {
            (Some(stem), _) => (stem, false),
            (None, Some(stem)) => (stem, true),
            // The tables' check reports it.
            (None, None) => return,
        };
        if unit && !unit_stems.iter().any(|s| s == stem) {
            unit_stems.push(stem.to_owned());
        }
        stems.entry(("", stem.to_owned())).or_default().push(Entry {
            township_unit: unit,
            ..entry
        });
    };
    for row in &t.names {
        add(
            &row.pattern,
            Entry {
                roles: row.roles.iter().map(String::as_str).collect(),
                former: None,
                levels: row.levels.iter().map(String::as_str).collect(),
                source: Source::Names,
                pattern: &row.pattern,
                note: &row.note,
                township_unit: false,
            },
        );
    }
    for former in &t.formers {
        let successors = history::successors(&former.slug);
        for pattern in &former.patterns {
            add(
                pattern,
                Entry {
                    roles: successors.clone(),
                    former: Some(former),
                    levels: Vec::new(),
                    source: Source::Former,
                    pattern,
                    note: &former.zh,
                    township_unit: false,
                },
            );
        }
    }
    prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
    // The level words, the `{P}` stems and the pattern are constants and embedded tables
    // (read by the unit tests); building them cannot fail on input.
    #[allow(clippy::expect_used)]
    let levels = AhoCorasick::builder()
        .match_kind(AcMatchKind::Standard)
        .build(LEVEL_WORDS.iter().map(|(w, _)| *w))
        .expect("the level words build");
    #[allow(clippy::expect_used)]
    let units = AhoCorasick::builder()
        .match_kind(AcMatchKind::Standard)
        .build(&unit_stems)
        .expect("the station stems build");
    // A city bureau's branch in a district: 许昌市生态环境局魏都分局.
    #[allow(clippy::expect_used)]
    let branch = Regex::new(r"^(.+?局)(\p{Han}{1,8}?)分局$").expect("the branch pattern compiles");
    Lexicon {
        exact,
        stems,
        prefixes,
        levels,
        units,
        unit_stems,
        branch,
    }
}

/// Whitespace out, half-width brackets made full-width, trailing punctuation and the
/// Party's name in front (中共) dropped.
pub(super) fn normalise(name: &str) -> String {
    let mut out: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect();
    while out.ends_with(['。', '，', '、', '：', ':', '；', ';', ',', '.']) {
        out.pop();
    }
    for prefix in PARTY_PREFIXES {
        if let Some(rest) = out.strip_prefix(prefix)
            && !rest.is_empty()
        {
            out = rest.to_owned();
            break;
        }
    }
    out
}

/// The row for (prefix, stem) at a level word: rows limited to that level first, then
/// formers.tsv over names.tsv over roles.tsv.
fn lookup(prefix: &'static str, stem: &str, level: Option<&str>) -> Option<&'static Entry> {
    let rows = lexicon().stems.get(&(prefix, stem.to_owned()))?;
    rows.iter()
        .filter(|e| e.levels.is_empty() || level.is_some_and(|l| e.levels.contains(&l)))
        .max_by_key(|e| (!e.levels.is_empty(), e.source))
}

/// The stems to try for a stem not found as written, with what the variant means.
fn variants(stem: &str, rank: Option<Rank>) -> Vec<(String, &'static str, Option<Rank>)> {
    let mut out = Vec::new();
    if let Some(base) = stem.strip_suffix('厅')
        && matches!(rank, None | Some(Rank::Province))
    {
        out.push((
            format!("{base}局"),
            "厅→局：省级政府部门称厅 / a province's departments are 厅 where a city's are 局",
            Some(Rank::Province),
        ));
    }
    const TEAMS: &[&str] = &["总队", "支队", "大队", "中队"];
    if let Some(team) = TEAMS.iter().find(|t| stem.ends_with(**t)) {
        let base = &stem[..stem.len() - team.len()];
        for other in TEAMS.iter().filter(|t| *t != team) {
            out.push((
                format!("{base}{other}"),
                "总队/支队/大队/中队：同一队伍在省、市、县、乡的单位 / corps, detachment, brigade, squadron: one service at province, city, county, township",
                None,
            ));
        }
    }
    if let Some(base) = stem.strip_suffix("分局") {
        out.push((
            format!("{base}局"),
            "分局→局：区县分局与局同职 / a sub-bureau has the bureau's role",
            None,
        ));
    }
    out
}

/// Reads a normalised name without brackets.
pub(super) fn read(name: &str) -> Option<Reading> {
    read_direct(name).or_else(|| read_branch(name))
}

fn read_direct(name: &str) -> Option<Reading> {
    let lex = lexicon();
    if let Some((level, entry)) = lex.exact.get(name) {
        return Some(Reading {
            place: None,
            level: *level,
            rank: level.and_then(rank_of),
            prefix: "",
            stem: name.to_owned(),
            entry,
            notes: Vec::new(),
        });
    }
    for prefix in lex.prefixes.iter().copied().chain([""]) {
        let Some(rest) = name.strip_prefix(prefix) else {
            continue;
        };
        if let Some(found) = read_after_prefix(prefix, rest) {
            return Some(found);
        }
    }
    read_unit(name)
}

/// Tries each split of `rest` after a level word, the longest stem first.
fn read_after_prefix(prefix: &'static str, rest: &str) -> Option<Reading> {
    // (end of the level word, the level word); 0 = no level word.
    let mut splits: Vec<(usize, Option<&'static str>)> = vec![(0, None)];
    for m in lexicon().levels.find_overlapping_iter(rest) {
        let word = LEVEL_WORDS[m.pattern().as_usize()].0;
        match splits.iter_mut().find(|(end, _)| *end == m.end()) {
            // The longer word ending there wins (自治县 over 县, 地区 over 区).
            Some((_, Some(w))) if w.len() < word.len() => *w = word,
            Some(_) => {}
            None => splits.push((m.end(), Some(word))),
        }
    }
    splits.sort_by_key(|(end, _)| *end);
    for (end, level) in splits {
        let stem = &rest[end..];
        if stem.is_empty() {
            continue;
        }
        let place = &rest[..end - level.map_or(0, str::len)];
        let rank = level.and_then(rank_of);
        let reading = |entry: &'static Entry, stem: &str, rank: Option<Rank>, notes| Reading {
            place: (!place.is_empty()).then(|| place.to_owned()),
            level,
            rank: rank.or(entry.township_unit.then_some(Rank::Township)),
            prefix,
            stem: stem.to_owned(),
            entry,
            notes,
        };
        if let Some(entry) = lookup(prefix, stem, level) {
            return Some(reading(entry, stem, rank, Vec::new()));
        }
        for (alt, note, alt_rank) in variants(stem, rank) {
            if let Some(entry) = lookup(prefix, &alt, level) {
                return Some(reading(
                    entry,
                    stem,
                    rank.or(alt_rank),
                    vec![note.to_owned()],
                ));
            }
        }
    }
    None
}

/// A station named after its place without a level word (西关派出所).
fn read_unit(name: &str) -> Option<Reading> {
    let lex = lexicon();
    let stem = lex
        .units
        .find_overlapping_iter(name)
        .filter(|m| m.end() == name.len())
        .map(|m| lex.unit_stems[m.pattern().as_usize()].as_str())
        .max_by_key(|s| s.len())?;
    let entry = lookup("", stem, None)?;
    let place = &name[..name.len() - stem.len()];
    Some(Reading {
        place: (!place.is_empty()).then(|| place.to_owned()),
        level: None,
        rank: Some(Rank::Township),
        prefix: "",
        stem: stem.to_owned(),
        entry,
        notes: vec!["以驻地命名的派出机构 / a station named after its place".to_owned()],
    })
}

/// A city bureau's branch in a district (许昌市生态环境局魏都分局): the bureau's role, one
/// rank below.
fn read_branch(name: &str) -> Option<Reading> {
    let caps = lexicon().branch.captures(name)?;
    let parent = read_direct(caps.get(1)?.as_str())?;
    let place = caps.get(2)?.as_str();
    let mut notes = parent.notes;
    notes.push(format!(
        "{}的派出分局 / a branch of the {} bureau",
        caps.get(1)?.as_str(),
        parent.rank.map_or("upper-level", Rank::english)
    ));
    Some(Reading {
        place: Some(place.to_owned()),
        level: None,
        rank: parent.rank.map(Rank::below),
        prefix: parent.prefix,
        stem: format!("{}{place}分局", parent.stem),
        entry: parent.entry,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(name: &str) -> Reading {
        read(&normalise(name)).unwrap_or_else(|| panic!("{name} not read"))
    }

    #[test]
    fn place_and_level_come_off_the_front() {
        let r = reading("河南省教育厅");
        assert_eq!(
            (r.place.as_deref(), r.level, r.rank, r.stem.as_str()),
            (Some("河南"), Some("省"), Some(Rank::Province), "教育厅")
        );
        assert_eq!(r.entry.roles, ["education"]);
        let r = reading("魏都区教体局");
        assert_eq!((r.place.as_deref(), r.level), (Some("魏都"), Some("区")));
        assert_eq!(r.entry.roles, ["education", "sports"]);
        let r = reading("济南市市中区应急管理局");
        assert_eq!(
            (r.place.as_deref(), r.level),
            (Some("济南市市中"), Some("区"))
        );
        let r = reading("县市场监督管理局");
        assert_eq!((r.level, r.stem.as_str()), (Some("县"), "市场监督管理局"));
        let r = reading("市场监管局");
        assert_eq!((r.level, r.rank), (None, None));
    }

    #[test]
    fn the_longer_level_word_wins() {
        let r = reading("广西壮族自治区应急管理厅");
        assert_eq!((r.level, r.rank), (Some("自治区"), Some(Rank::Province)));
        let r = reading("长阳土家族自治县应急管理局");
        assert_eq!(r.level, Some("自治县"));
        let r = reading("喀什地区应急管理局");
        assert_eq!((r.level, r.rank), (Some("地区"), Some(Rank::Prefecture)));
    }

    #[test]
    fn party_organs_and_the_youth_league() {
        let r = reading("中共魏都区委宣传部");
        assert_eq!((r.level, r.stem.as_str()), (Some("区"), "委宣传部"));
        assert_eq!(r.entry.roles, ["publicity-department"]);
        assert_eq!(reading("团区委").entry.roles, ["youth-league"]);
        assert_eq!(reading("区委").entry.roles, ["party-committee"]);
    }

    #[test]
    fn stations_and_branches() {
        let r = reading("西关派出所");
        assert_eq!(
            (r.place.as_deref(), r.rank),
            (Some("西关"), Some(Rank::Township))
        );
        assert_eq!(r.entry.roles, ["public-security"]);
        let r = reading("城关镇司法所");
        assert_eq!((r.level, r.rank), (Some("镇"), Some(Rank::Township)));
        let r = reading("许昌市生态环境局魏都分局");
        assert_eq!(
            (r.place.as_deref(), r.rank),
            (Some("魏都"), Some(Rank::County))
        );
        assert_eq!(r.entry.roles, ["ecology-environment"]);
    }

    #[test]
    fn a_township_office_is_not_the_old_county_office() {
        let town = reading("城关镇应急管理办公室");
        assert_eq!(town.entry.former, None);
        assert_eq!(town.entry.roles, ["emergency-management"]);
        let county = reading("县政府应急管理办公室");
        assert_eq!(
            county.entry.former.map(|f| f.slug.as_str()),
            Some("government-emergency-office")
        );
        assert_eq!(reading("城关镇人民政府").entry.roles, ["townships"]);
        assert_eq!(reading("县人民政府").entry.roles, ["government"]);
    }

    #[test]
    fn normalising() {
        assert_eq!(
            normalise(" 区应急管理局(区安委办)。"),
            "区应急管理局（区安委办）"
        );
        assert_eq!(normalise("中共"), "中共");
    }

    #[test]
    fn unknown_names_are_not_read() {
        for name in ["区", "许昌市", "某某公司", "区教育", "分局"] {
            assert!(read(&normalise(name)).is_none(), "{name}");
        }
    }
}
