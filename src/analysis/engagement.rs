//! Which body deals with which topic, in which mode, in which duty: the rows the overlap,
//! gap and comparison analyses all start from.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{BodyKind, Context, Mode, SourceRef, need, queries, select, sort_sources};
use crate::error::Result;
use crate::store::DutyStore;

/// One row of `report-overlaps.rq`: a body deals with a topic in a mode, in a duty.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EngagementRow {
    pub topic: String,
    pub body: String,
    pub mode: Mode,
    pub duty: String,
}

/// Reads the engagement rows (topic, body, mode, duty).
pub fn engagement(store: &DutyStore, _context: &Context) -> Result<Vec<EngagementRow>> {
    let q = "report-overlaps.rq";
    let mut rows = Vec::new();
    for s in select(store, q, queries::OVERLAPS)? {
        let mode_iri = need(&s, "mode", q)?;
        let Some(mode) = Mode::parse(&mode_iri) else {
            continue;
        };
        rows.push(EngagementRow {
            topic: need(&s, "topic", q)?,
            body: need(&s, "body", q)?,
            mode,
            duty: need(&s, "duty", q)?,
        });
    }
    rows.sort();
    rows.dedup();
    Ok(rows)
}

/// A body engaged in a topic.
#[derive(Debug, Clone, Serialize)]
pub struct EngagedBody {
    pub name: String,
    pub name_en: String,
    pub iri: String,
    pub kind: BodyKind,
    /// Its modes on the topic, strongest first.
    pub modes: Vec<Mode>,
    /// The duties, in document order (over many lists: those of the first lists only).
    pub sources: Vec<SourceRef>,
    /// Over many lists, where this entry is a role: the lists where a body of the role
    /// deals with the topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lists: Option<usize>,
    /// Over many lists: the lists where a body of the role leads the topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_lists: Option<usize>,
}

impl EngagedBody {
    pub fn leads(&self) -> bool {
        self.modes.first() == Some(&Mode::Lead)
    }
}

/// The bodies of each topic, from the engagement rows.
pub fn by_topic(context: &Context, rows: &[EngagementRow]) -> Vec<(String, Vec<EngagedBody>)> {
    type Engaged = (BTreeSet<Mode>, Vec<SourceRef>);
    let mut grouped: BTreeMap<&str, BTreeMap<&str, Engaged>> = BTreeMap::new();
    for row in rows {
        let entry = grouped
            .entry(&row.topic)
            .or_default()
            .entry(&row.body)
            .or_default();
        entry.0.insert(row.mode);
        entry.1.extend(context.source(&row.duty));
    }
    grouped
        .into_iter()
        .map(|(topic, bodies)| {
            let mut engaged: Vec<EngagedBody> = bodies
                .into_iter()
                .map(|(iri, (modes, mut sources))| {
                    sort_sources(&mut sources);
                    let (name, name_en, kind) = context.body(iri).map_or_else(
                        || (iri.to_owned(), iri.to_owned(), BodyKind::Unknown),
                        |b| (b.name.clone(), b.name_en.clone(), b.kind),
                    );
                    EngagedBody {
                        name,
                        name_en,
                        iri: iri.to_owned(),
                        kind,
                        modes: modes.into_iter().collect(),
                        sources,
                        lists: None,
                        lead_lists: None,
                    }
                })
                .collect();
            engaged.sort_by_key(|b| {
                (
                    b.modes.first().copied(),
                    context.body_position(&b.iri).unwrap_or(usize::MAX),
                )
            });
            (topic.to_owned(), engaged)
        })
        .collect()
}
