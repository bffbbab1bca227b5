//! Which body of the new version is which body of the old one: by name, by alias or
//! abbreviation, by role, then by what a rename hook knows (the renames of the 2018 reform:
//! 安监局 → 应急管理局, …). Each step only pairs bodies that are still unpaired, and only
//! when the pairing is unique: two candidates are no evidence for either.

use std::collections::HashMap;

use serde::Serialize;

use crate::extract::{Body, BodyId, Model};

/// Why two bodies of two versions are taken for one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyEvidence {
    pub kind: EvidenceKind,
    /// What matched, for people: the shared alias, the role, the rename and its date.
    pub detail: String,
}

/// The kinds of [`BodyEvidence`], strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// The same name (in simplified characters).
    Name,
    /// A name, alias or abbreviation of one is a name, alias or abbreviation of the other.
    Alias,
    /// The same role of the roles table (market-regulation, emergency-management…).
    Role,
    /// A rename hook said so (see [`RenameHook`]).
    Rename,
}

/// Knowledge of renamed and merged bodies beyond the list itself, plugged into the
/// alignment after the name, alias and role steps (e.g. the role matcher of
/// `crate::matching` with the 2018 renames). It is asked about every pair of bodies still
/// unpaired; a pair is taken when the hook says yes to it and to no other pair of either.
pub trait RenameHook {
    fn same_body(&self, old: &Body, new: &Body) -> Option<BodyEvidence>;
}

/// Any function of the two names is a hook: `&|old: &str, new: &str| …`.
impl<F> RenameHook for F
where
    F: Fn(&str, &str) -> Option<BodyEvidence>,
{
    fn same_body(&self, old: &Body, new: &Body) -> Option<BodyEvidence> {
        self(&old.name, &new.name)
    }
}

/// The pairing of the bodies of two versions.
#[derive(Debug, Clone, Default)]
pub struct BodyAlignment {
    /// For each old body, its new body and why.
    pub old_to_new: Vec<Option<(BodyId, BodyEvidence)>>,
    /// For each new body, its old body.
    pub new_to_old: Vec<Option<BodyId>>,
}

impl BodyAlignment {
    /// The new body an old one became.
    pub fn new_of(&self, old: BodyId) -> Option<BodyId> {
        self.old_to_new
            .get(old)
            .and_then(|m| m.as_ref().map(|(n, _)| *n))
    }

    fn pair(&mut self, old: BodyId, new: BodyId, evidence: BodyEvidence) {
        self.old_to_new[old] = Some((new, evidence));
        self.new_to_old[new] = Some(old);
    }
}

/// The names a body answers to: its name, its aliases and its abbreviation, simplified.
fn names(body: &Body) -> Vec<&str> {
    let mut names = vec![body.simple_name.as_str(), body.name.as_str()];
    names.extend(body.aliases.iter().map(|a| a.text.as_str()));
    names.extend(body.abbreviation.as_deref());
    names.sort_unstable();
    names.dedup();
    names
}

/// Pairs the still unpaired bodies that share exactly one key with each other.
fn pair_unique<'a>(
    alignment: &mut BodyAlignment,
    old: &'a [Body],
    new: &'a [Body],
    keys: impl Fn(&'a Body) -> Vec<String>,
    evidence: impl Fn(&str) -> BodyEvidence,
) {
    let mut old_by_key: HashMap<String, Vec<BodyId>> = HashMap::new();
    for (id, body) in old.iter().enumerate() {
        if alignment.old_to_new[id].is_none() {
            for key in keys(body) {
                old_by_key.entry(key).or_default().push(id);
            }
        }
    }
    let mut new_by_key: HashMap<String, Vec<BodyId>> = HashMap::new();
    for (id, body) in new.iter().enumerate() {
        if alignment.new_to_old[id].is_none() {
            for key in keys(body) {
                new_by_key.entry(key).or_default().push(id);
            }
        }
    }
    // Candidates of each old body, over all its keys; taken when both sides agree.
    let mut candidates: HashMap<BodyId, Vec<(BodyId, String)>> = HashMap::new();
    let mut reverse: HashMap<BodyId, Vec<BodyId>> = HashMap::new();
    let mut keys_sorted: Vec<&String> = old_by_key.keys().collect();
    keys_sorted.sort();
    for key in keys_sorted {
        let (Some(olds), Some(news)) = (old_by_key.get(key), new_by_key.get(key)) else {
            continue;
        };
        for &o in olds {
            for &n in news {
                let list = candidates.entry(o).or_default();
                if !list.iter().any(|(m, _)| *m == n) {
                    list.push((n, key.clone()));
                    reverse.entry(n).or_default().push(o);
                }
            }
        }
    }
    let mut olds: Vec<BodyId> = candidates.keys().copied().collect();
    olds.sort_unstable();
    for o in olds {
        if let [(n, key)] = candidates[&o].as_slice()
            && reverse.get(n).is_some_and(|r| r.len() == 1)
        {
            alignment.pair(o, *n, evidence(key));
        }
    }
}

/// Aligns the bodies of two versions.
pub fn align(old: &Model, new: &Model, hook: Option<&dyn RenameHook>) -> BodyAlignment {
    let mut alignment = BodyAlignment {
        old_to_new: vec![None; old.bodies.len()],
        new_to_old: vec![None; new.bodies.len()],
    };
    pair_unique(
        &mut alignment,
        &old.bodies,
        &new.bodies,
        |b| vec![b.simple_name.clone()],
        |_| BodyEvidence {
            kind: EvidenceKind::Name,
            detail: String::new(),
        },
    );
    pair_unique(
        &mut alignment,
        &old.bodies,
        &new.bodies,
        |b| names(b).into_iter().map(str::to_owned).collect(),
        |key| BodyEvidence {
            kind: EvidenceKind::Alias,
            detail: key.to_owned(),
        },
    );
    pair_unique(
        &mut alignment,
        &old.bodies,
        &new.bodies,
        |b| b.role.iter().map(|r| r.slug.clone()).collect(),
        |slug| BodyEvidence {
            kind: EvidenceKind::Role,
            detail: slug.to_owned(),
        },
    );
    if let Some(hook) = hook {
        let olds: Vec<BodyId> = (0..old.bodies.len())
            .filter(|&o| alignment.old_to_new[o].is_none())
            .collect();
        let news: Vec<BodyId> = (0..new.bodies.len())
            .filter(|&n| alignment.new_to_old[n].is_none())
            .collect();
        let mut said: Vec<(BodyId, BodyId, BodyEvidence)> = Vec::new();
        for &o in &olds {
            for &n in &news {
                if let Some(evidence) = hook.same_body(&old.bodies[o], &new.bodies[n]) {
                    said.push((o, n, evidence));
                }
            }
        }
        for (o, n, evidence) in &said {
            let unique = said.iter().filter(|(a, b, _)| a == o || b == n).count() == 1;
            if unique {
                alignment.pair(*o, *n, evidence.clone());
            }
        }
    }
    alignment
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Taxonomy;
    use std::sync::Arc;

    fn model(text: &str) -> Model {
        let document = crate::doc::parse("test.txt", "test", text).unwrap();
        crate::extract::extract(document, Arc::clone(&Taxonomy::builtin()))
    }

    const OLD: &str = "某区安全生产职责清单\n第一条  区安全生产监督管理局安全生产职责\n（一）负责工商贸行业安全生产监管。\n第二条  区安全生产委员会（以下简称区安委会）职责\n（一）研究部署全区安全生产工作。\n第三条  区科工局安全生产职责\n（一）负责民用爆炸物品行业安全监督管理。\n";

    #[test]
    fn name_abbreviation_role_and_hook() {
        let old = model(OLD);
        // 安监局 → 应急管理局 (one role), the committee named by its abbreviation, the
        // 科工局 renamed 工信局: one role too. Nothing is left to a hook.
        let new = model(
            "某区安全生产职责清单\n第一条  区应急管理局安全生产职责\n（一）负责工商贸行业安全生产监管。\n第二条  区安委会职责\n（一）研究部署全区安全生产工作。\n第三条  区工信局安全生产职责\n（一）负责民用爆炸物品行业安全监督管理。\n",
        );
        let names: Vec<&str> = old.bodies.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(
            names,
            ["区安全生产监督管理局", "区安全生产委员会", "区科工局"]
        );
        let alignment = align(&old, &new, None);
        let kinds: Vec<Option<(BodyId, EvidenceKind)>> = alignment
            .old_to_new
            .iter()
            .map(|m| m.as_ref().map(|(n, e)| (*n, e.kind)))
            .collect();
        assert_eq!(
            kinds,
            [
                Some((0, EvidenceKind::Role)),
                Some((1, EvidenceKind::Alias)),
                Some((2, EvidenceKind::Role)),
            ]
        );
    }

    #[test]
    fn a_hook_pairs_what_the_list_cannot() {
        let old = model(OLD);
        let new = model(
            "某区安全生产职责清单\n第一条  区安全生产监督管理局安全生产职责\n（一）负责工商贸行业安全生产监管。\n第二条  区安全生产委员会（以下简称区安委会）职责\n（一）研究部署全区安全生产工作。\n第三条  区经济发展中心安全生产职责\n（一）负责民用爆炸物品行业安全监督管理。\n",
        );
        assert_eq!(align(&old, &new, None).new_of(2), None);
        let hook = |old: &str, new: &str| {
            (old == "区科工局" && new == "区经济发展中心").then(|| BodyEvidence {
                kind: EvidenceKind::Rename,
                detail: "2023年机构改革".to_owned(),
            })
        };
        let alignment = align(&old, &new, Some(&hook));
        assert_eq!(alignment.new_of(2), Some(2));
        assert_eq!(alignment.new_to_old, [Some(0), Some(1), Some(2)]);
        // A hook that says yes to everything pairs nothing: no pair is unique.
        let eager = |_: &str, _: &str| {
            Some(BodyEvidence {
                kind: EvidenceKind::Rename,
                detail: String::new(),
            })
        };
        let new = model(
            "某区安全生产职责清单\n第一条  区甲中心安全生产职责\n（一）负责工商贸行业安全生产监管。\n第二条  区乙中心安全生产职责\n（一）研究部署全区安全生产工作。\n",
        );
        let old = model(
            "某区安全生产职责清单\n第一条  区丙中心安全生产职责\n（一）负责工商贸行业安全生产监管。\n第二条  区丁中心安全生产职责\n（一）研究部署全区安全生产工作。\n",
        );
        assert_eq!(align(&old, &new, Some(&eager)).new_to_old, [None, None]);
    }
}
