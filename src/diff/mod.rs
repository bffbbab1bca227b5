//! Two versions of one list, duty by duty: the comparison behind a 新旧对照表.
//!
//! After 征求意见 a drafting office revises a list and publishes the changes. [`diff`]
//! aligns the bodies of the two versions ([`bodies`]: name, alias, role, then a rename
//! hook), then the duties ([`duties`]: same words under the same body, then an optimal
//! one-to-one assignment by text similarity across all bodies, then splits and merges), and
//! classifies every duty and every body. Last, the consequences on the topics ([`topics`]):
//! which lost their lead, gained a second one, or became a gap.
//!
//! The result types are all a renderer needs (JSON here; a 对照表 in Markdown, HTML or
//! XLSX reads the same [`Diff`]). The module reads [`Model`]s and nothing downstream.

pub mod bodies;
pub mod duties;
pub mod text;
pub mod topics;

use serde::Serialize;

pub use bodies::{BodyAlignment, BodyEvidence, EvidenceKind, RenameHook};
pub use duties::{
    COVER_MIN, MATCH_MIN, MAX_OPTIMAL, PART_MIN, PART_MIN_BIGRAMS, POSITION_TIE, Pairing,
    SAME_BODY_BONUS,
};
pub use text::{Edit, EditOp};
pub use topics::{Lead, TopicChange, TopicChangeKind};

use crate::extract::{Body, BodyId, Duty, Model};
use crate::vocab::{ID_BASE, iri_segment};

/// How to compare.
#[derive(Default, Clone, Copy)]
pub struct Options<'a> {
    /// Renames beyond what the lists say (none by default); see [`RenameHook`].
    pub renames: Option<&'a dyn RenameHook>,
}

/// The comparison of two versions of a list.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub old: ListInfo,
    pub new: ListInfo,
    /// How many changes of each kind.
    pub summary: Summary,
    /// Every body of either version: kept, renamed, added or removed.
    pub bodies: Vec<BodyStatus>,
    /// Every duty of either version (unchanged ones too) and every body renamed, added or
    /// removed, in the order of the new version (removed ones where they stood).
    pub changes: Vec<Change>,
    /// The topics whose lead bodies changed.
    pub topics: Vec<TopicChange>,
}

/// One version.
#[derive(Debug, Clone, Serialize)]
pub struct ListInfo {
    /// The file it was read from.
    pub source: String,
    pub title: Option<String>,
    /// The list's IRI (the name of its graph).
    pub iri: String,
    pub bodies: usize,
    pub duties: usize,
}

/// The kinds of [`Change`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Same words (normal form), same body, same article and item.
    Unchanged,
    /// Same words and body, another article or item number.
    Renumbered,
    /// Same body, other words (similar at or above [`MATCH_MIN`]); `edits` says which.
    Reworded,
    /// Now a duty of another body; `edits` is not empty when it was also reworded.
    Moved,
    /// One old duty became several new ones (`parts`).
    Split,
    /// Several old duties (`parts`) became one.
    Merged,
    Added,
    Removed,
    BodyRenamed,
    BodyAdded,
    BodyRemoved,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 11] = [
        ChangeKind::Unchanged,
        ChangeKind::Renumbered,
        ChangeKind::Reworded,
        ChangeKind::Moved,
        ChangeKind::Split,
        ChangeKind::Merged,
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::BodyRenamed,
        ChangeKind::BodyAdded,
        ChangeKind::BodyRemoved,
    ];

    /// The name in JSON.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Unchanged => "unchanged",
            ChangeKind::Renumbered => "renumbered",
            ChangeKind::Reworded => "reworded",
            ChangeKind::Moved => "moved",
            ChangeKind::Split => "split",
            ChangeKind::Merged => "merged",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::BodyRenamed => "body_renamed",
            ChangeKind::BodyAdded => "body_added",
            ChangeKind::BodyRemoved => "body_removed",
        }
    }
}

/// One row of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The duty (or body) in OLD; for a merge, the first of `parts`.
    pub old: Option<Side>,
    /// The duty (or body) in NEW; for a split, the first of `parts`.
    pub new: Option<Side>,
    /// Dice similarity of the normal forms (for a split or merge, of the one duty against
    /// the pieces together), when there are both sides of a duty.
    pub similarity: Option<f64>,
    /// Character-level runs turning the old printed text into the new one (for a split or
    /// merge, the pieces joined), when the words changed; else empty.
    pub edits: Vec<Edit>,
    /// The pieces on the side of a split or merge that has several, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Side>,
    /// Why a renamed body is the same body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<BodyEvidence>,
}

/// A duty or body in one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// Its body's name as that version prints it (`None` for a duty whose bearer the text
    /// does not name).
    pub body: Option<String>,
    /// 第四十一条第（五）项 for a duty, 第四十一条 for a body.
    pub citation: String,
    pub line: u32,
    /// The printed text of the duty, or the words of the heading naming the body (after
    /// its number: 区市场监督管理局安全生产职责).
    pub text: String,
    /// The duty's or body's IRI in the graph of that version.
    pub iri: String,
}

/// What became of one body.
#[derive(Debug, Clone, Serialize)]
pub struct BodyStatus {
    pub status: BodyStatusKind,
    /// Its name in OLD.
    pub old: Option<String>,
    /// Its name in NEW.
    pub new: Option<String>,
    /// Why the two are one (for kept and renamed bodies).
    pub evidence: Option<BodyEvidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyStatusKind {
    Kept,
    Renamed,
    Added,
    Removed,
}

/// The number of changes of each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub unchanged: usize,
    pub renumbered: usize,
    pub reworded: usize,
    pub moved: usize,
    pub split: usize,
    pub merged: usize,
    pub added: usize,
    pub removed: usize,
    pub body_renamed: usize,
    pub body_added: usize,
    pub body_removed: usize,
}

impl Summary {
    fn count(&mut self, kind: ChangeKind) {
        let slot = match kind {
            ChangeKind::Unchanged => &mut self.unchanged,
            ChangeKind::Renumbered => &mut self.renumbered,
            ChangeKind::Reworded => &mut self.reworded,
            ChangeKind::Moved => &mut self.moved,
            ChangeKind::Split => &mut self.split,
            ChangeKind::Merged => &mut self.merged,
            ChangeKind::Added => &mut self.added,
            ChangeKind::Removed => &mut self.removed,
            ChangeKind::BodyRenamed => &mut self.body_renamed,
            ChangeKind::BodyAdded => &mut self.body_added,
            ChangeKind::BodyRemoved => &mut self.body_removed,
        };
        *slot += 1;
    }
}

impl Diff {
    /// The changes other than `unchanged`.
    pub fn changed(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|c| c.kind != ChangeKind::Unchanged)
    }
}

/// The IRI base of a list's instances (as `rdf::Iris` writes them).
fn base(model: &Model) -> String {
    format!("{ID_BASE}{}", iri_segment(&model.document.id))
}

fn list_info(model: &Model) -> ListInfo {
    ListInfo {
        source: model.document.source_name.clone(),
        title: model.document.title.as_ref().map(|t| t.text.clone()),
        iri: base(model),
        bodies: model.bodies.len(),
        duties: model.duties.len(),
    }
}

fn duty_side(model: &Model, duty: &Duty) -> Side {
    let unit = model.units.get(duty.unit).map_or("", |u| u.key.as_str());
    Side {
        body: duty
            .bearer
            .and_then(|b| model.bodies.get(b))
            .map(|b| b.name.clone()),
        citation: duty.citation.clone(),
        line: duty.text.span.line,
        text: duty.text.text.clone(),
        iri: format!("{}/{unit}/item{}", base(model), duty.position),
    }
}

fn body_side(model: &Model, body: &Body) -> Side {
    let unit = body.unit.and_then(|u| model.units.get(u));
    Side {
        body: Some(body.name.clone()),
        citation: unit.map(|u| u.citation.clone()).unwrap_or_default(),
        line: body.name_span.line,
        text: unit
            .and_then(|u| u.heading.as_ref())
            .map_or_else(|| body.name.clone(), |h| h.text.clone()),
        iri: format!("{}/body/{}", base(model), body.key),
    }
}

/// Where a duty stands: its unit (art41, s1-3, t1/row2) and its item (the marker as
/// printed, or the paragraph's position when it has none). Citations are not compared:
/// in an outline they carry the heading's words, which a rename changes.
fn place(model: &Model, duty: &Duty) -> (String, String) {
    let unit = model
        .units
        .get(duty.unit)
        .map(|u| u.key.clone())
        .unwrap_or_default();
    let item = match &duty.marker {
        Some(marker) => marker.literal.clone(),
        None => format!("¶{}", duty.position),
    };
    (unit, item)
}

/// Compares two versions of a list.
pub fn diff(old: &Model, new: &Model, options: &Options<'_>) -> Diff {
    let alignment = bodies::align(old, new, options.renames);
    let beyond = new.bodies.len();
    let old_items: Vec<duties::Item> = old
        .duties
        .iter()
        .map(|d| duties::Item {
            bearer: d.bearer.map(|b| alignment.new_of(b).unwrap_or(beyond + b)),
            fingerprint: text::Fingerprint::of(old.document.matched(&d.text)),
        })
        .collect();
    let new_items: Vec<duties::Item> = new
        .duties
        .iter()
        .map(|d| duties::Item {
            bearer: d.bearer,
            fingerprint: text::Fingerprint::of(new.document.matched(&d.text)),
        })
        .collect();
    let pairings = duties::pair(&old_items, &new_items);

    // Where each change goes, as (slot, rank, tie): slot j+1 is the new duty j, and in it
    // come a removed body whose first duty went there (rank 0), a renamed or added body
    // (1), the duty's change (2), then what was removed after it (3). A removed duty goes
    // after the new counterpart of the last old duty before it that has one.
    let mut counterpart: Vec<Option<usize>> = vec![None; old.duties.len()];
    for pairing in &pairings {
        match pairing {
            Pairing::One(i, j, _) => counterpart[*i] = Some(*j),
            Pairing::Split(i, parts) => counterpart[*i] = parts.first().copied(),
            Pairing::Merge(parts, j) => {
                for &i in parts {
                    counterpart[i] = Some(*j);
                }
            }
            Pairing::Removed(_) | Pairing::Added(_) => {}
        }
    }
    let mut slot_of_old = Vec::with_capacity(old.duties.len());
    let mut last = 0;
    for c in &counterpart {
        if let Some(j) = c {
            last = j + 1;
        }
        slot_of_old.push(last);
    }
    let mut rows: Vec<((usize, u8, usize), Change)> = Vec::new();

    let change = |kind, old_side, new_side, similarity, edits, parts| Change {
        kind,
        old: old_side,
        new: new_side,
        similarity,
        edits,
        parts,
        evidence: None,
    };
    for pairing in &pairings {
        match pairing {
            Pairing::One(i, j, similarity) => {
                let (o, n) = (&old.duties[*i], &new.duties[*j]);
                let same_words = old_items[*i].fingerprint.key == new_items[*j].fingerprint.key;
                let same_body = old_items[*i].bearer == new_items[*j].bearer;
                let kind = if !same_body {
                    ChangeKind::Moved
                } else if !same_words {
                    ChangeKind::Reworded
                } else if place(old, o) != place(new, n) {
                    ChangeKind::Renumbered
                } else {
                    ChangeKind::Unchanged
                };
                let edits = if same_words {
                    Vec::new()
                } else {
                    text::edits(&o.text.text, &n.text.text)
                };
                rows.push((
                    (j + 1, 2, 0),
                    change(
                        kind,
                        Some(duty_side(old, o)),
                        Some(duty_side(new, n)),
                        Some(round(*similarity)),
                        edits,
                        Vec::new(),
                    ),
                ));
            }
            Pairing::Split(i, parts) => {
                let o = &old.duties[*i];
                let pieces: Vec<Side> = parts
                    .iter()
                    .map(|&j| duty_side(new, &new.duties[j]))
                    .collect();
                let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
                let joined_print = text::Fingerprint::of(&joined);
                let first = parts.first().copied().unwrap_or(0);
                rows.push((
                    (first + 1, 2, 0),
                    change(
                        ChangeKind::Split,
                        Some(duty_side(old, o)),
                        pieces.first().cloned(),
                        Some(round(text::dice(&old_items[*i].fingerprint, &joined_print))),
                        text::edits(&o.text.text, &joined),
                        pieces,
                    ),
                ));
            }
            Pairing::Merge(parts, j) => {
                let n = &new.duties[*j];
                let pieces: Vec<Side> = parts
                    .iter()
                    .map(|&i| duty_side(old, &old.duties[i]))
                    .collect();
                let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
                let joined_print = text::Fingerprint::of(&joined);
                rows.push((
                    (j + 1, 2, 0),
                    change(
                        ChangeKind::Merged,
                        pieces.first().cloned(),
                        Some(duty_side(new, n)),
                        Some(round(text::dice(&joined_print, &new_items[*j].fingerprint))),
                        text::edits(&joined, &n.text.text),
                        pieces,
                    ),
                ));
            }
            Pairing::Removed(i) => rows.push((
                (slot_of_old[*i], 3, 2 * i + 1),
                change(
                    ChangeKind::Removed,
                    Some(duty_side(old, &old.duties[*i])),
                    None,
                    None,
                    Vec::new(),
                    Vec::new(),
                ),
            )),
            Pairing::Added(j) => rows.push((
                (j + 1, 2, 0),
                change(
                    ChangeKind::Added,
                    None,
                    Some(duty_side(new, &new.duties[*j])),
                    None,
                    Vec::new(),
                    Vec::new(),
                ),
            )),
        }
    }

    // Bodies: a renamed or added body before its first duty, a removed one before its
    // first duty (removed, or wherever it went); bodies without duties last.
    let first_duty =
        |model: &Model, body: BodyId| model.duties.iter().position(|d| d.bearer == Some(body));
    let mut statuses = Vec::new();
    for (o, body) in old.bodies.iter().enumerate() {
        match &alignment.old_to_new[o] {
            Some((n, evidence)) => {
                let renamed = new.bodies[*n].simple_name != body.simple_name;
                statuses.push(BodyStatus {
                    status: if renamed {
                        BodyStatusKind::Renamed
                    } else {
                        BodyStatusKind::Kept
                    },
                    old: Some(body.name.clone()),
                    new: Some(new.bodies[*n].name.clone()),
                    evidence: Some(evidence.clone()),
                });
                if renamed {
                    let at = first_duty(new, *n).map_or((usize::MAX, 4, *n), |j| (j + 1, 1, 0));
                    rows.push((
                        at,
                        Change {
                            evidence: Some(evidence.clone()),
                            ..change(
                                ChangeKind::BodyRenamed,
                                Some(body_side(old, body)),
                                Some(body_side(new, &new.bodies[*n])),
                                None,
                                Vec::new(),
                                Vec::new(),
                            )
                        },
                    ));
                }
            }
            None => {
                statuses.push(BodyStatus {
                    status: BodyStatusKind::Removed,
                    old: Some(body.name.clone()),
                    new: None,
                    evidence: None,
                });
                let at = first_duty(old, o).map_or((usize::MAX, 4, o), |i| match counterpart[i] {
                    // Before the new body that took its first duty.
                    Some(j) => (j + 1, 0, o),
                    None => (slot_of_old[i], 3, 2 * i),
                });
                rows.push((
                    at,
                    change(
                        ChangeKind::BodyRemoved,
                        Some(body_side(old, body)),
                        None,
                        None,
                        Vec::new(),
                        Vec::new(),
                    ),
                ));
            }
        }
    }
    for (n, body) in new.bodies.iter().enumerate() {
        if alignment.new_to_old[n].is_some() {
            continue;
        }
        statuses.push(BodyStatus {
            status: BodyStatusKind::Added,
            old: None,
            new: Some(body.name.clone()),
            evidence: None,
        });
        let at = first_duty(new, n).map_or((usize::MAX, 4, n), |j| (j + 1, 1, 0));
        rows.push((
            at,
            change(
                ChangeKind::BodyAdded,
                None,
                Some(body_side(new, body)),
                None,
                Vec::new(),
                Vec::new(),
            ),
        ));
    }
    rows.sort_by_key(|(at, _)| *at);
    let changes: Vec<Change> = rows.into_iter().map(|(_, c)| c).collect();
    let mut summary = Summary::default();
    for c in &changes {
        summary.count(c.kind);
    }
    Diff {
        old: list_info(old),
        new: list_info(new),
        summary,
        bodies: statuses,
        changes,
        topics: topics::consequences(old, new, &alignment),
    }
}

/// Similarities to three decimals: enough to read, stable in JSON.
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
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

    fn rows(diff: &Diff) -> Vec<(&'static str, String, String)> {
        let cite = |side: &Option<Side>| {
            side.as_ref().map_or(String::new(), |s| {
                format!("{} {}", s.body.as_deref().unwrap_or(""), s.citation)
            })
        };
        diff.changes
            .iter()
            .map(|c| (c.kind.name(), cite(&c.old), cite(&c.new)))
            .collect()
    }

    const OLD: &str = "某区安全生产职责清单\n第一条  区安监局安全生产职责\n（一）负责工商贸行业安全生产监管。\n（二）职责范围内的其他安全生产工作。\n第二条  区旅游文化中心安全生产职责\n（一）开展管辖范围内景区、游乐园安全隐患排查整治。\n第三条  区商贸企业管理中心安全生产职责\n（一）按照职责分工，负责商业企业的安全监督管理工作。\n";
    const NEW: &str = "某区安全生产职责清单\n第一条  区应急管理局安全生产职责\n（一）负责工商贸行业安全生产监管。\n（二）职责范围内的其他安全生产工作。\n第二条  区商务发展中心安全生产职责\n（一）按照职责分工，负责商业企业的安全监督管理工作。\n第三条  区气象局安全生产职责\n（一）负责雷电灾害防御工作。\n";

    fn strings(rows: &[(&'static str, &str, &str)]) -> Vec<(&'static str, String, String)> {
        rows.iter()
            .map(|&(k, o, n)| (k, o.to_owned(), n.to_owned()))
            .collect()
    }

    #[test]
    fn bodies_renamed_added_and_removed_in_the_order_of_the_new_version() {
        let (old, new) = (model(OLD), model(NEW));
        // Without knowledge of the rename, 区商贸企业管理中心 is gone and its duty moved to
        // a new body.
        let diff = diff(&old, &new, &Options::default());
        assert_eq!(
            rows(&diff),
            strings(&[
                ("body_renamed", "区安监局 第一条", "区应急管理局 第一条"),
                (
                    "unchanged",
                    "区安监局 第一条第（一）项",
                    "区应急管理局 第一条第（一）项"
                ),
                (
                    "unchanged",
                    "区安监局 第一条第（二）项",
                    "区应急管理局 第一条第（二）项"
                ),
                ("body_removed", "区旅游文化中心 第二条", ""),
                ("removed", "区旅游文化中心 第二条第（一）项", ""),
                ("body_removed", "区商贸企业管理中心 第三条", ""),
                ("body_added", "", "区商务发展中心 第二条"),
                (
                    "moved",
                    "区商贸企业管理中心 第三条第（一）项",
                    "区商务发展中心 第二条第（一）项"
                ),
                ("body_added", "", "区气象局 第三条"),
                ("added", "", "区气象局 第三条第（一）项"),
            ])
        );
        assert_eq!(
            diff.changes[0].evidence.as_ref().map(|e| e.kind),
            Some(EvidenceKind::Role)
        );
        // With a hook that knows it, a rename, and the duty only renumbered.
        let hook = |old: &str, new: &str| {
            (old == "区商贸企业管理中心" && new == "区商务发展中心").then(|| BodyEvidence {
                kind: EvidenceKind::Rename,
                detail: "2023年机构改革".to_owned(),
            })
        };
        let diff = super::diff(
            &old,
            &new,
            &Options {
                renames: Some(&hook),
            },
        );
        assert_eq!(
            rows(&diff)[5..],
            strings(&[
                (
                    "body_renamed",
                    "区商贸企业管理中心 第三条",
                    "区商务发展中心 第二条"
                ),
                (
                    "renumbered",
                    "区商贸企业管理中心 第三条第（一）项",
                    "区商务发展中心 第二条第（一）项"
                ),
                ("body_added", "", "区气象局 第三条"),
                ("added", "", "区气象局 第三条第（一）项"),
            ])
        );
        let statuses: Vec<BodyStatusKind> = diff.bodies.iter().map(|b| b.status).collect();
        assert_eq!(
            statuses,
            [
                BodyStatusKind::Renamed,
                BodyStatusKind::Removed,
                BodyStatusKind::Renamed,
                BodyStatusKind::Added
            ]
        );
        assert_eq!(
            (
                diff.summary.body_renamed,
                diff.summary.body_removed,
                diff.summary.body_added
            ),
            (2, 1, 1)
        );
    }
}
