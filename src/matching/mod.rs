//! Whether a body of one list is "the same" as a body of another: across levels of
//! government (河南省教育厅 ~ 许昌市教育局 ~ 魏都区教体局) and across years (区安监局 →
//! 区应急管理局, 2018).
//!
//! Two questions use it. A **diff** of two versions of one list (`diff OLD NEW`, same level,
//! perhaps on either side of the 2018 reform) asks, for each body of the old version, which
//! body of the new one carries its duties now. An **alignment** of an upper-level list with
//! a lower-level one (`report align --upper FILE --doc FILE`) asks which body below answers
//! to which body above. Both read the names through [`roles_of`] and compare them with
//! [`match_roles`] (or [`match_bodies`] on the names); [`align`] pairs two whole lists.
//!
//! A name carries a set of **roles**, the slugs of `src/extract/roles.tsv` (a merged bureau
//! several: 教体局 carries `education` and `sports`), and, if it is an old name, the
//! **former body** it designates (`formers.tsv`: 安监局 is `work-safety-administration`,
//! whose duties went to `emergency-management`). Dated **changes** (`changes.tsv`) lead from
//! former bodies to today's roles: renamed (在…基础上组建), merged into (并入) or split from
//! (职责划入). The same data, as SKOS and PROV, is `ontology/role-history.ttl`
//! ([`turtle::role_history_turtle`]).
//!
//! The matcher never guesses: a name none of the tables knows, or two names whose roles
//! and histories do not meet, give `None`. Two old names whose duties went to one role
//! today (区质监局, 区工商局) are not the same body. A change between two roles of today
//! (民政局 → 退役军人事务局) is used only when the caller says which list is older
//! ([`Chronology::OldThenNew`]), since both bodies exist side by side after it.
//!
//! The tables (`src/matching/*.tsv`) are read beside roles.tsv, which they never change:
//! the reference list's bodies and their roles are as before.

mod history;
mod names;
mod tables;
pub mod turtle;

use std::cmp::Ordering;

pub use names::Rank;
pub use tables::{Change, ChangeKind, Former, NewRole};

use crate::extract::bodies::roles;

/// The former bodies of `formers.tsv`.
pub fn formers() -> &'static [Former] {
    &tables::tables().formers
}

/// The changes of `changes.tsv`, in the table's order.
pub fn changes() -> &'static [Change] {
    &tables::tables().changes
}

/// The roles `roles.tsv` lacks (`new-roles.tsv`).
pub fn new_roles() -> &'static [NewRole] {
    &tables::tables().new_roles
}

/// What a body's name says: its place and level, and the roles it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleMatch {
    /// The name as read (whitespace out, brackets full-width, 中共 dropped).
    pub name: String,
    /// The place before the level word (许昌 of 许昌市教育局), if any.
    pub place: Option<String>,
    /// The level word (市), if any.
    pub level: Option<&'static str>,
    /// The rank of the level (from the level word, or a station's or branch's own).
    pub rank: Option<Rank>,
    /// The name after place and level, as written (教育厅).
    pub stem: String,
    /// Slugs of the roles the body carries, the main one first (教体局: education, sports);
    /// for a former body, the roles its duties went to whole.
    pub roles: Vec<&'static str>,
    /// The former body an old name designates (区安监局 → work-safety-administration).
    pub former: Option<&'static Former>,
    /// Second names in brackets that were read (区应急管理局（区安委办） → 区安委办).
    pub plates: Vec<String>,
    /// How the roles were found: table and pattern, variants, brackets (zh / en).
    pub evidence: Vec<String>,
    /// Prefix, level word and stem of the name without brackets: equal for the same name.
    canonical: String,
}

/// The roles a body's name carries, with the level and the evidence; `None` for a name
/// none of the tables knows.
///
/// ```
/// let m = dutygraph::matching::roles_of("魏都区教体局").unwrap();
/// assert_eq!(m.roles, ["education", "sports"]);
/// assert_eq!((m.place.as_deref(), m.level), (Some("魏都"), Some("区")));
/// ```
pub fn roles_of(name: &str) -> Option<RoleMatch> {
    let name = names::normalise(name);
    if name.is_empty() {
        return None;
    }
    if let Some(reading) = names::read(&name) {
        return Some(from_reading(&name, reading));
    }
    let (main, extras) = split_brackets(&name)?;
    let mut found = from_reading(&name, names::read(&main)?);
    for extra in extras {
        // A second name may leave the level out: 区委统战部（民族宗教事务局）.
        let reading = names::read(&extra).or_else(|| {
            found
                .level
                .and_then(|level| names::read(&format!("{level}{extra}")))
        });
        match reading {
            Some(r) => {
                for role in &r.entry.roles {
                    if !found.roles.contains(role) {
                        found.roles.push(role);
                    }
                }
                found.evidence.push(format!(
                    "加挂牌子「{extra}」→ {} / second name in brackets",
                    r.entry.roles.join(", ")
                ));
                found.plates.push(extra);
            }
            None => found.evidence.push(format!(
                "括注「{extra}」未识别 / words in brackets not read"
            )),
        }
    }
    Some(found)
}

fn from_reading(name: &str, r: names::Reading) -> RoleMatch {
    let entry = r.entry;
    let roles_text = entry.roles.join(", ");
    let mut evidence = vec![match entry.source {
        names::Source::RolesTsv => format!("roles.tsv「{}」→ {roles_text}", entry.pattern),
        names::Source::Names => {
            format!(
                "names.tsv「{}」→ {roles_text}（{}）",
                entry.pattern, entry.note
            )
        }
        names::Source::Former => match entry.former {
            Some(f) => format!(
                "formers.tsv「{}」：原{} / former {} ({}) → {roles_text}",
                entry.pattern, f.zh, f.en, f.slug
            ),
            None => format!("formers.tsv「{}」→ {roles_text}", entry.pattern),
        },
    }];
    if let Some(level) = r.level {
        evidence.push(format!(
            "级别「{level}」/ level: {}",
            r.rank.map_or("unknown", Rank::english)
        ));
    }
    evidence.extend(r.notes);
    RoleMatch {
        name: name.to_owned(),
        canonical: format!("{}{}{}", r.prefix, r.level.unwrap_or(""), r.stem),
        place: r.place,
        level: r.level,
        rank: r.rank,
        stem: r.stem,
        roles: entry.roles.clone(),
        former: entry.former,
        plates: Vec::new(),
        evidence,
    }
}

/// The name outside brackets and the words inside each pair; `None` without brackets or
/// with unbalanced ones.
fn split_brackets(name: &str) -> Option<(String, Vec<String>)> {
    let mut main = String::new();
    let mut extras = Vec::new();
    let mut inside: Option<String> = None;
    for c in name.chars() {
        match (c, &mut inside) {
            ('（', None) => inside = Some(String::new()),
            ('）', Some(words)) => {
                if !words.is_empty() {
                    extras.push(std::mem::take(words));
                }
                inside = None;
            }
            ('（' | '）', _) => return None,
            (c, Some(words)) => words.push(c),
            (c, None) => main.push(c),
        }
    }
    (inside.is_none() && !extras.is_empty() && !main.is_empty()).then_some((main, extras))
}

/// Which of the two lists is older, as far as the caller knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Chronology {
    /// The first name is from the older list (a diff OLD NEW): changes between two roles of
    /// today (民政局 → 退役军人事务局, 2018) are used too.
    OldThenNew,
    /// Lists of the same time, or of times unknown (an alignment of an upper-level list
    /// with a lower-level one): only changes from a former body, whose old name dates it,
    /// in either direction.
    #[default]
    Unordered,
}

/// How two bodies correspond, from the closest to the loosest (the order of `Ord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The same name, place words aside (许昌市教育局 ~ 市教育局).
    SameName,
    /// The same roles (or the same former body) under another name or level (省教育厅 ~
    /// 县教育局, 区公安分局 ~ 县公安局, 省安全生产监督管理局 ~ 县安监局).
    SameRole,
    /// The later body was formed on the basis of the earlier one (区安监局 → 区应急管理局).
    Renamed,
    /// The first body's roles all went into the second, which carries others too: a
    /// merger in time (区质监局 → 区市场监管局) or a merged bureau at the other level
    /// (市教育局 ~ 县教体局).
    MergedInto,
    /// The second body carries part of the first's roles: duties split off in time
    /// (区民政局 → 区退役军人事务局) or a merged bureau on the first side (县教体局 ~
    /// 市体育局).
    SplitFrom,
    /// Both carry some role, neither all of the other's (县文体旅游局 ~ 市教体局: sports).
    Overlap,
}

impl MatchKind {
    /// same-name, same-role, renamed, merged-into, split-from, overlap.
    pub fn slug(self) -> &'static str {
        match self {
            MatchKind::SameName => "same-name",
            MatchKind::SameRole => "same-role",
            MatchKind::Renamed => "renamed",
            MatchKind::MergedInto => "merged-into",
            MatchKind::SplitFrom => "split-from",
            MatchKind::Overlap => "overlap",
        }
    }

    pub fn from_slug(slug: &str) -> Option<MatchKind> {
        [
            MatchKind::SameName,
            MatchKind::SameRole,
            MatchKind::Renamed,
            MatchKind::MergedInto,
            MatchKind::SplitFrom,
            MatchKind::Overlap,
        ]
        .into_iter()
        .find(|k| k.slug() == slug)
    }

    fn of_change(kind: ChangeKind) -> MatchKind {
        match kind {
            ChangeKind::Renamed => MatchKind::Renamed,
            ChangeKind::MergedInto => MatchKind::MergedInto,
            ChangeKind::SplitFrom => MatchKind::SplitFrom,
        }
    }
}

/// Which way the dated changes of a match run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the first body to the second (the first is the older).
    Forward,
    /// From the second body to the first (the second is the older: an old name on the
    /// side the caller took for newer, or for an upper level).
    Backward,
    /// No dated change: the same body, or roles compared as they are.
    Undated,
}

/// How two bodies correspond, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub kind: MatchKind,
    pub direction: Direction,
    /// The roles the two meet at (for a change, those of the later body it reaches).
    pub shared: Vec<&'static str>,
    /// The dated changes on the way, oldest first (empty when undated).
    pub changes: Vec<&'static Change>,
    /// One line, Chinese and English: the rule, the pattern or the change.
    pub evidence: String,
}

impl Match {
    /// The date of the latest change on the way (`2018-03`), if any.
    pub fn date(&self) -> Option<&'static str> {
        self.changes.iter().map(|c| c.date.as_str()).max()
    }
}

/// How the bodies named `a` and `b` correspond; `None` when either name is unknown or they
/// do not. See [`match_roles`].
///
/// ```
/// use dutygraph::matching::{Chronology, MatchKind, match_bodies};
/// let m = match_bodies("区安监局", "区应急管理局", Chronology::OldThenNew).unwrap();
/// assert_eq!((m.kind, m.date()), (MatchKind::Renamed, Some("2018-03")));
/// assert!(match_bodies("区公安分局", "区司法局", Chronology::Unordered).is_none());
/// ```
pub fn match_bodies(a: &str, b: &str, chronology: Chronology) -> Option<Match> {
    match_roles(&roles_of(a)?, &roles_of(b)?, chronology)
}

/// How two bodies read by [`roles_of`] correspond: the closest of the same body (same
/// roles or former body), a dated change from one to the other, and the comparison of
/// their roles as they are (merged bureaus). `None` when none applies.
pub fn match_roles(a: &RoleMatch, b: &RoleMatch, chronology: Chronology) -> Option<Match> {
    let candidates = [
        identity(a, b),
        history(a, b, chronology),
        // Backwards only from an old name: it dates its own list.
        history(b, a, Chronology::Unordered).map(|m| Match {
            direction: Direction::Backward,
            ..m
        }),
        structural(a, b),
    ];
    // The closest kind; of equals, the first (a dated change before a bare comparison).
    candidates
        .into_iter()
        .flatten()
        .fold(None, |best: Option<Match>, m| match &best {
            Some(b) if b.kind.cmp(&m.kind) != Ordering::Greater => best,
            _ => Some(m),
        })
}

fn same_set(a: &[&str], b: &[&str]) -> bool {
    a.len() == b.len() && a.iter().all(|r| b.contains(r))
}

fn places_agree(a: &RoleMatch, b: &RoleMatch) -> bool {
    match (&a.place, &b.place) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// The role's Chinese name (应急管理部门), or the slug.
fn label(slug: &str) -> &str {
    roles()
        .iter()
        .find(|r| r.slug == slug)
        .map(|r| r.zh.as_str())
        .or_else(|| {
            let t = tables::tables();
            t.new_roles
                .iter()
                .find(|r| r.slug == slug)
                .map(|r| r.zh.as_str())
                .or_else(|| {
                    t.formers
                        .iter()
                        .find(|f| f.slug == slug)
                        .map(|f| f.zh.as_str())
                })
        })
        .unwrap_or(slug)
}

fn labels(slugs: &[&str]) -> String {
    slugs
        .iter()
        .map(|s| format!("{}（{s}）", label(s)))
        .collect::<Vec<_>>()
        .join("、")
}

/// The same body: one former body, or today's same set of roles.
fn identity(a: &RoleMatch, b: &RoleMatch) -> Option<Match> {
    let same_former = match (a.former, b.former) {
        (Some(x), Some(y)) => x.slug == y.slug,
        (None, None) => true,
        _ => false,
    };
    // The same name is the same body, whatever second names either adds in brackets.
    let same_name = same_former && a.canonical == b.canonical && places_agree(a, b);
    let same_role = same_former && (a.former.is_some() || same_set(&a.roles, &b.roles));
    if !same_name && !same_role {
        return None;
    }
    let kind = if same_name {
        MatchKind::SameName
    } else {
        MatchKind::SameRole
    };
    let evidence = match (kind, a.former) {
        (MatchKind::SameName, _) => format!("同名 / same name: {}", a.canonical),
        (_, Some(f)) => format!(
            "同一旧机构 / the same former body: {}（{}）: {} ~ {}",
            f.zh, f.slug, a.name, b.name
        ),
        _ => format!(
            "同一角色 / same role: {}: {} ~ {}",
            labels(&a.roles),
            a.name,
            b.name
        ),
    };
    Some(Match {
        kind,
        direction: Direction::Undated,
        shared: a
            .roles
            .iter()
            .copied()
            .filter(|r| b.roles.contains(r))
            .collect(),
        changes: Vec::new(),
        evidence,
    })
}

/// The loosest kind of a chain of changes.
fn kind_of_path(path: &[&Change]) -> MatchKind {
    path.iter()
        .map(|c| MatchKind::of_change(c.kind))
        .max()
        .unwrap_or(MatchKind::Renamed)
}

/// Dated changes from `old` to `new`: from the former body `old` names, or, when the caller
/// knows `old` is older, from its roles of today.
fn history(old: &RoleMatch, new: &RoleMatch, chronology: Chronology) -> Option<Match> {
    let (kind, shared, paths): (MatchKind, Vec<&'static str>, Vec<Vec<&'static Change>>) =
        match (old.former, new.former) {
            (Some(f), Some(g)) => {
                let reached = history::reach(&f.slug)
                    .into_iter()
                    .find(|r| r.slug == g.slug)?;
                let shared = new
                    .roles
                    .iter()
                    .copied()
                    .filter(|r| old.roles.contains(r))
                    .collect();
                (kind_of_path(&reached.path), shared, vec![reached.path])
            }
            (Some(f), None) => {
                let reached = history::reach(&f.slug);
                let hits: Vec<_> = new
                    .roles
                    .iter()
                    .filter_map(|role| reached.iter().find(|r| r.slug == *role))
                    .collect();
                if hits.is_empty() {
                    return None;
                }
                let whole: Vec<_> = hits.iter().filter(|r| !r.via_split()).collect();
                let all_kept = old.roles.iter().all(|r| new.roles.contains(r));
                let kind = if whole.is_empty() || !all_kept {
                    MatchKind::SplitFrom
                } else {
                    whole
                        .iter()
                        .map(|r| kind_of_path(&r.path))
                        .max()
                        .unwrap_or(MatchKind::MergedInto)
                };
                let shared = hits.iter().map(|r| r.slug).collect();
                (kind, shared, hits.iter().map(|r| r.path.clone()).collect())
            }
            (None, None) if chronology == Chronology::OldThenNew => {
                let mut hits = Vec::new();
                for role in &old.roles {
                    for r in history::reach(role) {
                        if new.roles.contains(&r.slug)
                            && !old.roles.contains(&r.slug)
                            && !hits.iter().any(|h: &history::Reached| h.slug == r.slug)
                        {
                            hits.push(r);
                        }
                    }
                }
                if hits.is_empty() {
                    return None;
                }
                let kind = hits
                    .iter()
                    .map(|r| kind_of_path(&r.path))
                    .max()
                    .unwrap_or(MatchKind::SplitFrom);
                let shared = hits.iter().map(|r| r.slug).collect();
                (kind, shared, hits.into_iter().map(|r| r.path).collect())
            }
            _ => return None,
        };
    let mut changes: Vec<&'static Change> = Vec::new();
    for change in paths.into_iter().flatten() {
        if !changes.iter().any(|c| std::ptr::eq(*c, change)) {
            changes.push(change);
        }
    }
    changes.sort_by(|x, y| x.date.cmp(&y.date));
    let steps = changes
        .iter()
        .map(|c| {
            format!(
                "{} {} / {}: {} → {}：{} / {}",
                c.date,
                c.kind.zh(),
                c.kind.slug(),
                label(&c.from),
                label(&c.to),
                c.evidence_zh,
                c.evidence_en
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Some(Match {
        kind,
        direction: Direction::Forward,
        shared,
        changes,
        evidence: format!("{} → {}: {steps}", old.name, new.name),
    })
}

/// Today's roles compared as they are: a merged bureau on one side.
fn structural(a: &RoleMatch, b: &RoleMatch) -> Option<Match> {
    if a.former.is_some() || b.former.is_some() {
        return None;
    }
    let shared: Vec<&'static str> = a
        .roles
        .iter()
        .copied()
        .filter(|r| b.roles.contains(r))
        .collect();
    if shared.is_empty() || same_set(&a.roles, &b.roles) {
        return None;
    }
    let (kind, evidence) = if shared.len() == a.roles.len() {
        (
            MatchKind::MergedInto,
            format!(
                "合并设立 / merged bureau: {} 含 / carries {}; {} 仅 / only {}",
                b.name,
                labels(&b.roles),
                a.name,
                labels(&a.roles)
            ),
        )
    } else if shared.len() == b.roles.len() {
        (
            MatchKind::SplitFrom,
            format!(
                "合并设立 / merged bureau: {} 含 / carries {}; {} 仅 / only {}",
                a.name,
                labels(&a.roles),
                b.name,
                labels(&b.roles)
            ),
        )
    } else {
        (
            MatchKind::Overlap,
            format!(
                "部分职责相同 / some roles shared: {} ({} ~ {})",
                labels(&shared),
                a.name,
                b.name
            ),
        )
    };
    Some(Match {
        kind,
        direction: Direction::Undated,
        shared,
        changes: Vec::new(),
        evidence,
    })
}

/// One pair of an [`Alignment`]: indexes into the two lists of names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub found: Match,
}

/// Two lists of body names paired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    /// Pairs in the order of `a`, then `b`.
    pub pairs: Vec<Pair>,
    /// Names of `a` in no pair.
    pub unmatched_a: Vec<usize>,
    /// Names of `b` in no pair.
    pub unmatched_b: Vec<usize>,
    /// Names of `a` the tables do not know (a subset of `unmatched_a`).
    pub unread_a: Vec<usize>,
    /// Names of `b` the tables do not know.
    pub unread_b: Vec<usize>,
}

/// Pairs the bodies of two lists (`a` the old version or the upper level). A pair is kept
/// when its kind is the closest either of its bodies has: 区安监局 pairs with 区应急管理局
/// (renamed), and 区民政局 with 区民政局 only, not also with 区应急管理局 (救灾, split
/// from), which found a closer partner; 区退役军人事务局, new in `b`, still pairs with 区民政局
/// (split from) when no closer body is there.
pub fn align<A: AsRef<str>, B: AsRef<str>>(a: &[A], b: &[B], chronology: Chronology) -> Alignment {
    let read_a: Vec<Option<RoleMatch>> = a.iter().map(|n| roles_of(n.as_ref())).collect();
    let read_b: Vec<Option<RoleMatch>> = b.iter().map(|n| roles_of(n.as_ref())).collect();
    let mut all = Vec::new();
    for (i, ra) in read_a.iter().enumerate() {
        for (j, rb) in read_b.iter().enumerate() {
            if let (Some(ra), Some(rb)) = (ra, rb)
                && let Some(found) = match_roles(ra, rb, chronology)
            {
                all.push(Pair { a: i, b: j, found });
            }
        }
    }
    let best = |side: &dyn Fn(&Pair) -> usize, index: usize| {
        all.iter()
            .filter(|p| side(p) == index)
            .map(|p| p.found.kind)
            .min()
    };
    let best_a: Vec<Option<MatchKind>> = (0..a.len()).map(|i| best(&|p| p.a, i)).collect();
    let best_b: Vec<Option<MatchKind>> = (0..b.len()).map(|j| best(&|p| p.b, j)).collect();
    let pairs: Vec<Pair> = all
        .iter()
        .filter(|p| best_a[p.a] == Some(p.found.kind) || best_b[p.b] == Some(p.found.kind))
        .cloned()
        .collect();
    let unmatched = |n: usize, side: &dyn Fn(&Pair) -> usize| -> Vec<usize> {
        (0..n)
            .filter(|i| !pairs.iter().any(|p| side(p) == *i))
            .collect()
    };
    Alignment {
        unmatched_a: unmatched(a.len(), &|p| p.a),
        unmatched_b: unmatched(b.len(), &|p| p.b),
        unread_a: (0..a.len()).filter(|i| read_a[*i].is_none()).collect(),
        unread_b: (0..b.len()).filter(|j| read_b[*j].is_none()).collect(),
        pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(a: &str, b: &str, chronology: Chronology) -> Option<MatchKind> {
        match_bodies(a, b, chronology).map(|m| m.kind)
    }

    #[test]
    fn across_levels() {
        use MatchKind::*;
        let u = Chronology::Unordered;
        assert_eq!(kind("河南省教育厅", "许昌市教育局", u), Some(SameRole));
        assert_eq!(kind("许昌市教育局", "市教育局", u), Some(SameName));
        assert_eq!(kind("许昌市教育局", "郑州市教育局", u), Some(SameRole));
        assert_eq!(kind("市教育局", "魏都区教体局", u), Some(MergedInto));
        assert_eq!(kind("魏都区教体局", "市体育局", u), Some(SplitFrom));
        assert_eq!(kind("市消防救援支队", "区消防救援大队", u), Some(SameRole));
        assert_eq!(kind("区公安分局", "县公安局", u), Some(SameRole));
        assert_eq!(kind("县文体旅游局", "市教体局", u), Some(Overlap));
    }

    #[test]
    fn across_years() {
        let m = match_bodies("区安监局", "区应急管理局", Chronology::Unordered);
        let m = m.unwrap_or_else(|| panic!("no match"));
        assert_eq!(
            (m.kind, m.direction),
            (MatchKind::Renamed, Direction::Forward)
        );
        assert!(m.evidence.contains("2018-03"), "{}", m.evidence);
        let back = match_bodies("区应急管理局", "区安监局", Chronology::Unordered);
        assert_eq!(back.map(|m| m.direction), Some(Direction::Backward));
        let m = match_bodies("县卫生局", "县卫健委", Chronology::Unordered);
        let dates: Vec<_> = m
            .iter()
            .flat_map(|m| m.changes.iter().map(|c| c.date.as_str()))
            .collect();
        assert_eq!(dates, ["2013-03", "2018-03"]);
        assert_eq!(
            kind("区质监局", "区市场监管局", Chronology::Unordered),
            Some(MatchKind::MergedInto)
        );
    }

    #[test]
    fn old_names_of_one_role_stay_apart() {
        assert_eq!(kind("区质监局", "区工商局", Chronology::Unordered), None);
        assert_eq!(
            kind("县质量技术监督局", "市质监局", Chronology::Unordered),
            Some(MatchKind::SameRole)
        );
    }

    #[test]
    fn transfers_between_todays_roles_need_the_order() {
        assert_eq!(
            kind("区民政局", "区退役军人事务局", Chronology::Unordered),
            None
        );
        let m = match_bodies("区民政局", "区退役军人事务局", Chronology::OldThenNew);
        assert_eq!(
            m.map(|m| (m.kind, m.date())),
            Some((MatchKind::SplitFrom, Some("2018-03")))
        );
        assert_eq!(
            kind("区退役军人事务局", "区民政局", Chronology::OldThenNew),
            None
        );
    }

    #[test]
    fn brackets_add_second_names() {
        let m = roles_of("区委统战部（区民族宗教事务局）");
        assert_eq!(
            m.map(|m| m.roles),
            Some(vec!["united-front-department", "ethnic-religious-affairs"])
        );
        let m = roles_of("区委统战部（民宗局）").map(|m| m.plates);
        assert_eq!(m, Some(vec!["民宗局".to_owned()]));
        assert_eq!(
            kind(
                "区应急管理局",
                "区应急管理局（区安委办）",
                Chronology::Unordered
            ),
            Some(MatchKind::SameName)
        );
        assert_eq!(
            roles_of("各街道办事处（管委会）").map(|m| m.roles),
            Some(vec!["subdistricts"])
        );
        assert!(roles_of("区应急管理局（").is_none());
    }

    /// Names roles.tsv marks as before 2018 whose history is left to roles.tsv: no single
    /// date (电业局 became 供电公司 over the 2000s as the grid companies formed) or evidence
    /// not checked (煤炭局 → 能源局 in some coal provinces).
    const LEFT_TO_ROLES_TSV: &[&str] = &["{L}电业局", "{L}煤炭局", "{L}煤炭工业局"];

    #[test]
    fn every_old_name_of_roles_tsv_is_a_former_body() {
        let former_patterns: Vec<&str> = formers()
            .iter()
            .flat_map(|f| f.patterns.iter().map(String::as_str))
            .collect();
        for role in roles()
            .iter()
            .filter(|r| r.english.contains("(before 2018)"))
        {
            let pattern = role.pattern.as_str();
            let covered = former_patterns.contains(&pattern)
                // 公安机关消防机构 and the like are generic references, not names.
                || !pattern.starts_with("{L}");
            assert!(
                covered || LEFT_TO_ROLES_TSV.contains(&pattern),
                "{pattern} ({}) is in no former body",
                role.slug
            );
            assert!(
                !(covered && LEFT_TO_ROLES_TSV.contains(&pattern)),
                "{pattern}"
            );
        }
        // And a former body's old name keeps roles.tsv's role.
        for role in roles() {
            if let Some(f) = formers()
                .iter()
                .find(|f| f.patterns.contains(&role.pattern))
            {
                let found = roles_of(&role.pattern.replace("{L}", "区"));
                assert_eq!(
                    found.map(|m| (m.roles.contains(&role.slug.as_str()), m.former)),
                    Some((true, Some(f))),
                    "{}",
                    role.pattern
                );
            }
        }
    }

    #[test]
    fn unknown_names_give_none() {
        assert!(roles_of("").is_none());
        assert!(roles_of("某某有限公司").is_none());
        assert_eq!(
            kind("某某有限公司", "区应急管理局", Chronology::Unordered),
            None
        );
    }

    #[test]
    fn align_keeps_the_closest_partners() {
        let old = ["区安监局", "区民政局", "区质监局", "区工商局", "区某某中心"];
        let new = [
            "区应急管理局",
            "区民政局",
            "区市场监管局",
            "区退役军人事务局",
        ];
        let al = align(&old, &new, Chronology::OldThenNew);
        let pairs: Vec<(usize, usize, MatchKind)> =
            al.pairs.iter().map(|p| (p.a, p.b, p.found.kind)).collect();
        assert_eq!(
            pairs,
            [
                (0, 0, MatchKind::Renamed),
                (1, 1, MatchKind::SameName),
                (1, 3, MatchKind::SplitFrom),
                (2, 2, MatchKind::MergedInto),
                (3, 2, MatchKind::MergedInto),
            ]
        );
        assert_eq!(al.unmatched_a, [4]);
        assert_eq!(al.unread_a, [4]);
        assert!(al.unmatched_b.is_empty());
    }
}
