//! The changes of `changes.tsv` as a graph: from a former body (or a role of today) to
//! whatever took its duties over, through chains (卫生局 → 卫计委 → 卫健委).

use std::collections::{HashMap, VecDeque};

use super::tables::{Change, ChangeKind, tables};

/// A slug reached from another through changes, and the changes on the way.
#[derive(Debug, Clone)]
pub(super) struct Reached {
    pub slug: &'static str,
    pub path: Vec<&'static Change>,
}

impl Reached {
    /// Whether some change on the way took over only part of the duties.
    pub fn via_split(&self) -> bool {
        self.path.iter().any(|c| c.kind == ChangeKind::SplitFrom)
    }
}

pub(super) fn is_former(slug: &str) -> bool {
    tables().formers.iter().any(|f| f.slug == slug)
}

/// Breadth-first from `from` over the changes `follow` admits: the shortest path to
/// every slug reached.
fn walk(from: &str, follow: impl Fn(&Change) -> bool) -> Vec<Reached> {
    let changes = &tables().changes;
    let mut paths: HashMap<&'static str, Vec<&'static Change>> = HashMap::new();
    let mut order = Vec::new();
    let mut queue: VecDeque<(&str, Vec<&'static Change>)> = VecDeque::from([(from, Vec::new())]);
    while let Some((slug, path)) = queue.pop_front() {
        for change in changes.iter().filter(|c| c.from == slug && follow(c)) {
            let to = change.to.as_str();
            if to == from || paths.contains_key(to) {
                continue;
            }
            let mut next = path.clone();
            next.push(change);
            paths.insert(to, next.clone());
            order.push(to);
            queue.push_back((to, next));
        }
    }
    order
        .into_iter()
        .filter_map(|slug| paths.remove(slug).map(|path| Reached { slug, path }))
        .collect()
}

/// Every slug `from` leads to, by the path without a split where there is one.
pub(super) fn reach(from: &str) -> Vec<Reached> {
    let whole = walk(from, |c| c.kind != ChangeKind::SplitFrom);
    let mut all = walk(from, |_| true);
    for r in &mut all {
        if let Some(w) = whole.iter().find(|w| w.slug == r.slug) {
            r.path.clone_from(&w.path);
        }
    }
    all
}

/// The roles of today a former body's duties went to whole (renamed or merged): the
/// roles the former name carries.
pub(super) fn successors(former: &str) -> Vec<&'static str> {
    walk(former, |c| c.kind != ChangeKind::SplitFrom)
        .into_iter()
        .map(|r| r.slug)
        .filter(|slug| !is_former(slug))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_are_followed() {
        assert_eq!(successors("health-bureau"), ["health"]);
        let reached = reach("health-bureau");
        let health = reached.iter().find(|r| r.slug == "health").map(|r| {
            r.path
                .iter()
                .map(|c| (c.to.as_str(), c.date.as_str()))
                .collect::<Vec<_>>()
        });
        assert_eq!(
            health,
            Some(vec![
                ("health-family-planning", "2013-03"),
                ("health", "2018-03")
            ])
        );
        // The medical insurance part went elsewhere.
        assert!(
            reached
                .iter()
                .any(|r| r.slug == "medical-security" && r.via_split())
        );
    }

    #[test]
    fn every_former_leads_to_a_role_of_today() {
        for former in &tables().formers {
            assert!(!successors(&former.slug).is_empty(), "{}", former.slug);
        }
    }

    #[test]
    fn merged_press_bureaus_lead_to_several_roles() {
        assert_eq!(
            successors("culture-radio-press-bureau"),
            ["culture-tourism", "radio-television"]
        );
        assert!(
            reach("culture-radio-press-bureau")
                .iter()
                .any(|r| r.slug == "publicity-department" && r.via_split())
        );
    }
}
