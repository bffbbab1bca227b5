//! Which duty of the new version is which duty of the old one.
//!
//! 1. Duties with the same normal form under the same (aligned) body are paired first, in
//!    document order: the common case of a revision, and the best pair either could have.
//! 2. The rest are assigned one to one, optimally, by the Kuhn–Munkres algorithm
//!    (`pathfinding::kuhn_munkres`), maximising the sum of Dice similarities over pairs at
//!    or above [`MATCH_MIN`], with [`SAME_BODY_BONUS`] for a pair under one body and a
//!    [`POSITION_TIE`] for pairs at the same relative place. Pairs across bodies are
//!    allowed: that is how a moved duty is found. The matrix is built per connected
//!    component of the graph of candidate pairs, so its size is that of the changes, not of
//!    the lists.
//! 3. Splits and merges: an old duty whose text is covered by two or more new duties that
//!    are each mostly made of it (and that are unpaired, or its own pair) was split; the
//!    reverse is a merge.

use std::collections::HashMap;

use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;

use super::text::{Fingerprint, containment, coverage, dice};
use crate::extract::BodyId;

/// Dice similarity at or above which two duties can be one duty reworded. Measured on the
/// reference list (36,000 pairs of distinct duties): every pair at or above 0.5 is one duty
/// written out for two bodies (the statistics-and-accident duty, 督促本系统学习…, the
/// catch-alls), which is what a moved duty looks like; the two closest distinct duties of
/// one body are at 0.46 and 0.45; rewording a phrase of a duty leaves it above 0.8, a clause
/// rewritten above 0.6 (see the tests).
pub const MATCH_MIN: f64 = 0.5;

/// Added to the similarity of two duties of one body (aligned across the versions): a
/// duty stays with its body unless another body's duty is clearly closer. Small, so that
/// a moved duty (similarity 1 elsewhere) still beats a loosely similar one at home.
pub const SAME_BODY_BONUS: f64 = 0.1;

/// Added, at most, for two duties at the same relative position in their lists: breaks ties
/// between equal texts (the boilerplate duties) in favour of order.
pub const POSITION_TIE: f64 = 0.001;

/// The share of a part's bigrams that must come from the whole for the part to be a piece
/// of a split (or merge). A piece keeps the words of the duty it came from, give or take a
/// connecting 负责 or 并.
pub const PART_MIN: f64 = 0.75;

/// The share of the distinct bigrams of the whole that its pieces must cover together for a
/// split (or merge); no single piece may cover that much (else it is a rewording, and the
/// other piece an added duty that repeats its words).
pub const COVER_MIN: f64 = 0.85;

/// A piece of a split or merge has at least this many bigrams (a catch-all like
/// 做好相关工作 is a piece of everything).
pub const PART_MIN_BIGRAMS: usize = 4;

/// What the matcher knows of a duty.
#[derive(Debug, Clone)]
pub struct Item {
    /// The bearer, as a body of the new version for both sides (an old body that has no
    /// new counterpart gets an id past the new bodies), `None` when unattributed.
    pub bearer: Option<BodyId>,
    pub fingerprint: Fingerprint,
}

/// How duties correspond.
#[derive(Debug, Clone, PartialEq)]
pub enum Pairing {
    /// Old duty, new duty, Dice similarity.
    One(usize, usize, f64),
    /// Old duty, its new pieces in order.
    Split(usize, Vec<usize>),
    /// Old pieces in order, new duty.
    Merge(Vec<usize>, usize),
    Removed(usize),
    Added(usize),
}

/// Scales similarities to the integer weights the assignment needs.
const SCALE: f64 = 1_000_000.0;

/// Largest side of a component assigned optimally (O(n³)); a larger one (two unrelated long
/// lists, whose boilerplate links everything) is paired greedily, best pair first.
pub const MAX_OPTIMAL: usize = 1_000;

/// Pairs the duties of two versions (see the module's description).
pub fn pair(old: &[Item], new: &[Item]) -> Vec<Pairing> {
    let mut old_to_new: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_to_old: Vec<Option<usize>> = vec![None; new.len()];

    // 1. Same words, same body.
    let mut same: HashMap<(Option<BodyId>, &str), Vec<usize>> = HashMap::new();
    for (i, item) in old.iter().enumerate().rev() {
        same.entry((item.bearer, item.fingerprint.key.as_str()))
            .or_default()
            .push(i);
    }
    for (j, item) in new.iter().enumerate() {
        if let Some(i) = same
            .get_mut(&(item.bearer, item.fingerprint.key.as_str()))
            .and_then(Vec::pop)
        {
            old_to_new[i] = Some(j);
            new_to_old[j] = Some(i);
        }
    }

    // 2. The rest, by optimal assignment within each component of candidate pairs.
    let rest_old: Vec<usize> = (0..old.len())
        .filter(|&i| old_to_new[i].is_none())
        .collect();
    let rest_new: Vec<usize> = (0..new.len())
        .filter(|&j| new_to_old[j].is_none())
        .collect();
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    for &i in &rest_old {
        for &j in &rest_new {
            let similarity = dice(&old[i].fingerprint, &new[j].fingerprint);
            if similarity >= MATCH_MIN {
                edges.push((i, j, similarity));
            }
        }
    }
    let similarity: HashMap<(usize, usize), f64> =
        edges.iter().map(|&(i, j, s)| ((i, j), s)).collect();
    for (olds, news) in components(&edges) {
        let weight = |i: usize, j: usize| -> i64 {
            let Some(&s) = similarity.get(&(i, j)) else {
                return 0;
            };
            let bonus = if old[i].bearer == new[j].bearer {
                SAME_BODY_BONUS
            } else {
                0.0
            };
            let place = i as f64 / old.len().max(1) as f64 - j as f64 / new.len().max(1) as f64;
            let tie = POSITION_TIE * (1.0 - place.abs());
            ((s + bonus + tie) * SCALE).round() as i64
        };
        if olds.len().min(news.len()) > MAX_OPTIMAL {
            let members: std::collections::HashSet<usize> = olds.iter().copied().collect();
            let mut candidates: Vec<(i64, usize, usize)> = edges
                .iter()
                .filter(|(i, _, _)| members.contains(i))
                .map(|&(i, j, _)| (weight(i, j), i, j))
                .collect();
            candidates.sort_unstable_by(|a, b| b.cmp(a));
            for (_, i, j) in candidates {
                if old_to_new[i].is_none() && new_to_old[j].is_none() {
                    old_to_new[i] = Some(j);
                    new_to_old[j] = Some(i);
                }
            }
            continue;
        }
        // The assignment wants no more rows than columns.
        let transposed = olds.len() > news.len();
        let (rows, columns) = if transposed {
            (&news, &olds)
        } else {
            (&olds, &news)
        };
        let matrix = Matrix::from_fn(rows.len(), columns.len(), |(r, c)| {
            if transposed {
                weight(columns[c], rows[r])
            } else {
                weight(rows[r], columns[c])
            }
        });
        let (_, assignment) = kuhn_munkres(&matrix);
        for (r, &c) in assignment.iter().enumerate() {
            let (i, j) = if transposed {
                (columns[c], rows[r])
            } else {
                (rows[r], columns[c])
            };
            // A zero weight is no pair: the assignment had to put the row somewhere.
            if similarity.contains_key(&(i, j)) {
                old_to_new[i] = Some(j);
                new_to_old[j] = Some(i);
            }
        }
    }

    // 3. Splits, then merges.
    let mut pairings = Vec::new();
    let mut taken_old = vec![false; old.len()];
    let mut taken_new = vec![false; new.len()];
    for i in 0..old.len() {
        let own = old_to_new[i];
        let free: Vec<usize> = (0..new.len())
            .filter(|&j| !taken_new[j] && (new_to_old[j].is_none() || own == Some(j)))
            .collect();
        if let Some(parts) = pieces(&old[i], &free, new) {
            for &j in &parts {
                taken_new[j] = true;
            }
            taken_old[i] = true;
            pairings.push(Pairing::Split(i, parts));
        }
    }
    for j in 0..new.len() {
        if taken_new[j] {
            continue;
        }
        let own = new_to_old[j];
        let free: Vec<usize> = (0..old.len())
            .filter(|&i| !taken_old[i] && (old_to_new[i].is_none() || own == Some(i)))
            .collect();
        if let Some(parts) = pieces(&new[j], &free, old) {
            for &i in &parts {
                taken_old[i] = true;
            }
            taken_new[j] = true;
            pairings.push(Pairing::Merge(parts, j));
        }
    }
    for i in 0..old.len() {
        if taken_old[i] {
            continue;
        }
        match old_to_new[i] {
            Some(j) if !taken_new[j] => {
                taken_new[j] = true;
                pairings.push(Pairing::One(
                    i,
                    j,
                    dice(&old[i].fingerprint, &new[j].fingerprint),
                ));
            }
            _ => pairings.push(Pairing::Removed(i)),
        }
    }
    pairings.extend(
        (0..new.len())
            .filter(|&j| !taken_new[j])
            .map(Pairing::Added),
    );
    pairings
}

/// The pieces of `whole` among the candidates `free` (indices into `side`), in order, if
/// they make a split (or merge) of it: two or more, each mostly made of the whole, together
/// covering it where none does alone. Pieces of the whole's own body are tried first.
fn pieces(whole: &Item, free: &[usize], side: &[Item]) -> Option<Vec<usize>> {
    let mut parts: Vec<usize> = free
        .iter()
        .copied()
        .filter(|&k| {
            let piece = &side[k].fingerprint;
            piece.bigrams.len() >= PART_MIN_BIGRAMS
                && containment(piece, &whole.fingerprint) >= PART_MIN
        })
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let alone = parts
        .iter()
        .map(|&k| coverage(&whole.fingerprint, &[&side[k].fingerprint]))
        .fold(0.0, f64::max);
    if alone >= COVER_MIN {
        return None;
    }
    // Prefer the pieces of the same body; fall back on all candidates.
    let home: Vec<usize> = parts
        .iter()
        .copied()
        .filter(|&k| side[k].bearer == whole.bearer)
        .collect();
    let covers = |set: &[usize]| {
        let prints: Vec<&Fingerprint> = set.iter().map(|&k| &side[k].fingerprint).collect();
        set.len() >= 2 && coverage(&whole.fingerprint, &prints) >= COVER_MIN
    };
    if covers(&home) {
        parts = home;
    } else if !covers(&parts) {
        return None;
    }
    parts.sort_unstable();
    Some(parts)
}

/// The connected components of a bipartite graph given by its edges: (old, new) sets.
fn components(edges: &[(usize, usize, f64)]) -> Vec<(Vec<usize>, Vec<usize>)> {
    // Union-find over old nodes 2i and new nodes 2j+1.
    let mut parent: HashMap<usize, usize> = HashMap::new();
    fn find(parent: &mut HashMap<usize, usize>, x: usize) -> usize {
        let mut root = x;
        while let Some(&p) = parent.get(&root) {
            if p == root {
                break;
            }
            root = p;
        }
        // Path compression.
        let mut node = x;
        while node != root {
            let next = parent.get(&node).copied().unwrap_or(root);
            parent.insert(node, root);
            node = next;
        }
        root
    }
    for &(i, j, _) in edges {
        let (a, b) = (2 * i, 2 * j + 1);
        parent.entry(a).or_insert(a);
        parent.entry(b).or_insert(b);
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent.insert(ra, rb);
        }
    }
    let mut groups: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    let mut nodes: Vec<usize> = parent.keys().copied().collect();
    nodes.sort_unstable();
    for node in nodes {
        let root = find(&mut parent, node);
        let group = groups.entry(root).or_default();
        if node % 2 == 0 {
            group.0.push(node / 2);
        } else {
            group.1.push(node / 2);
        }
    }
    let mut groups: Vec<(Vec<usize>, Vec<usize>)> = groups.into_values().collect();
    groups.sort_unstable();
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(bearer: usize, text: &str) -> Item {
        Item {
            bearer: Some(bearer),
            fingerprint: Fingerprint::of(text),
        }
    }

    #[test]
    fn the_thresholds_separate_rewordings_from_other_duties() {
        let sim = |a: &str, b: &str| dice(&Fingerprint::of(a), &Fingerprint::of(b));
        // A phrase added to a duty (第四十一条第（八）项): still the duty.
        let reworded = sim(
            "组织、指导全区安全生产宣传教育和安全文化建设工作,指导协调安全生产监督管理人员安全培训、考核工作。",
            "组织、指导全区安全生产宣传教育、安全文化建设和应急科普工作，指导协调安全生产监督管理人员安全培训、考核工作。",
        );
        assert!(reworded > 0.8, "{reworded}");
        // A clause rewritten: still above the line.
        let rewritten = sim(
            "负责全区河道采砂的行业管理和监督检查。",
            "负责全区河道采砂的统一管理和监督检查工作。",
        );
        assert!(rewritten >= MATCH_MIN, "{rewritten}");
        // Half of it rewritten: another duty.
        let other = sim(
            "负责全区河道采砂的行业管理和监督检查。",
            "负责全区河道采砂的统一规划和许可审批。",
        );
        assert!(other < MATCH_MIN, "{other}");
        // The two most similar distinct duties of one body in the reference list
        // (第十条第（二）项 and （四）, 0.46; 第九条第（一）项 and （六）, 0.45) are below it.
        for (a, b) in [
            (
                "协调安排区委区政府领导同志定期检查安全生产工作。",
                "完成区委、区政府交办的其他安全生产工作。",
            ),
            (
                "按照“一岗双责”要求，组织分管行业（领域）、部门（单位）贯彻执行各级关于安全生产的决策部署以及安全生产方针政策、法律法规。",
                "督促所分包联系街道办事处（管委会）、企业学习贯彻执行各级关于安全生产的决策部署、指示精神以及法律法规，做好安全生产工作。",
            ),
        ] {
            let s = sim(a, b);
            assert!(s > 0.4 && s < MATCH_MIN, "{s}: {a} / {b}");
        }
        // Duties of different bodies on different things, in the words of the genre.
        let different = sim(
            "负责特种设备安全监督管理，综合管理特种设备安全监察、监督工作。",
            "负责危险化学品生产企业安全生产准入管理，依法实施安全生产准入制度并负责监督管理。",
        );
        assert!(different < 0.3, "{different}");
    }

    #[test]
    fn one_to_one_prefers_the_same_body_and_finds_moves() {
        let old = [
            item(0, "负责公路建设工程安全生产监督管理工作。"),
            item(0, "承担铁路沿线安全环境治理局际联席会议日常工作。"),
            item(1, "职责范围内的其他安全生产工作。"),
            item(0, "职责范围内的其他安全生产工作。"),
        ];
        let new = [
            item(0, "负责公路建设工程安全生产监督管理工作。"),
            item(0, "职责范围内的其他安全生产工作。"),
            item(1, "承担铁路沿线安全环境治理局际联席会议日常工作。"),
            item(1, "职责范围内的其他安全生产工作。"),
        ];
        let pairings = pair(&old, &new);
        assert_eq!(
            pairings,
            [
                Pairing::One(0, 0, 1.0),
                Pairing::One(1, 2, 1.0),
                Pairing::One(2, 3, 1.0),
                Pairing::One(3, 1, 1.0),
            ]
        );
    }

    #[test]
    fn a_duty_stays_with_its_body_unless_another_is_closer_by_more_than_the_bonus() {
        let duty = "负责本系统安全生产统计分析，依法参加有关事故调查处理。";
        let elsewhere = item(1, duty);
        // At home, reworded but within the bonus of the identical text elsewhere: it stays.
        let close = "负责本系统安全生产统计分析，依法组织或参加有关事故调查处理。";
        let s = dice(&Fingerprint::of(duty), &Fingerprint::of(close));
        assert!(s + SAME_BODY_BONUS > 1.0, "{s}");
        assert_eq!(
            pair(&[item(0, duty)], &[item(0, close), elsewhere.clone()]),
            [Pairing::One(0, 0, s), Pairing::Added(1)]
        );
        // Reworded further: the identical text under the other body is the duty, moved.
        let far = "负责本系统安全生产统计工作，依法组织或参加有关生产安全事故的调查处理。";
        let s = dice(&Fingerprint::of(duty), &Fingerprint::of(far));
        assert!(s >= MATCH_MIN && s + SAME_BODY_BONUS < 1.0, "{s}");
        assert_eq!(
            pair(&[item(0, duty)], &[item(0, far), elsewhere]),
            [Pairing::One(0, 1, 1.0), Pairing::Added(0)]
        );
    }

    #[test]
    fn splits_and_merges() {
        let whole =
            "负责本系统的安全生产管理，指导安全生产检查、事故隐患排查治理和安全生产防范工作。";
        let first = "负责本系统的安全生产管理。";
        let second = "指导安全生产检查、事故隐患排查治理和安全生产防范工作。";
        let other = "职责范围内的其他安全生产工作。";
        let old = [item(0, whole), item(0, other)];
        let new = [item(0, first), item(0, second), item(0, other)];
        assert_eq!(
            pair(&old, &new),
            [Pairing::Split(0, vec![0, 1]), Pairing::One(1, 2, 1.0)]
        );
        assert_eq!(
            pair(&new, &old),
            [Pairing::Merge(vec![0, 1], 0), Pairing::One(2, 1, 1.0)]
        );
        // A new duty that repeats part of a kept one is an addition, not a split.
        let new = [item(0, whole), item(0, first), item(0, other)];
        assert_eq!(
            pair(&old, &new),
            [
                Pairing::One(0, 0, 1.0),
                Pairing::One(1, 2, 1.0),
                Pairing::Added(1)
            ]
        );
        // Pieces that do not cover the whole are no split: the rest was dropped.
        let old = [item(
            0,
            "负责本系统的安全生产管理，指导安全生产检查、事故隐患排查治理和安全生产防范工作，组织开展应急演练和安全生产宣传教育培训。",
        )];
        let new = [item(0, first), item(0, second)];
        let pairings = pair(&old, &new);
        assert!(
            !pairings.iter().any(|p| matches!(p, Pairing::Split(..))),
            "{pairings:?}"
        );
    }

    #[test]
    fn below_the_threshold_nothing_is_paired() {
        let old = [item(
            0,
            "负责渔业安全生产工作，承担职责范围内渔业安全生产应急处置工作。",
        )];
        let new = [item(
            0,
            "负责农机安全生产工作。指导农机作业安全和维修质量管理等工作。",
        )];
        assert_eq!(pair(&old, &new), [Pairing::Removed(0), Pairing::Added(0)]);
    }
}
