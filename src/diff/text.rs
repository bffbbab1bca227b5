//! Comparing the texts of duties: the normal form (what counts as the same words), the
//! character-bigram measures, and the character-level edits of a reworded duty.
//!
//! The measure is the Dice coefficient of the multisets of character bigrams,
//! `2·|A∩B| / (|A|+|B|)`, over the letters and digits of the normal form (punctuation left
//! out). Chinese has no spaces between words, so words cannot be compared; bigrams are the
//! unit of most Chinese text-similarity work, and they are robust to the typical revision
//! (a phrase inserted, a clause dropped, 和 → 、): one edited character costs at most two
//! bigrams. Dice rather than Jaccard because it is linear in the shared bigrams, which
//! makes the thresholds read as "about this share of the text kept".

use serde::Serialize;
use similar::{Algorithm, ChangeTag};

/// A duty's text as compared: its normal form and the bigrams of its letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The normal form: equal normal forms are the same words (see [`normalise`]).
    pub key: String,
    /// Character bigrams of the letters and digits of `key`, sorted (a multiset).
    pub bigrams: Vec<u64>,
}

impl Fingerprint {
    pub fn of(text: &str) -> Self {
        let key = normalise(text);
        let letters: Vec<char> = key.chars().filter(|c| c.is_alphanumeric()).collect();
        let mut bigrams: Vec<u64> = letters
            .windows(2)
            .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
            .collect();
        bigrams.sort_unstable();
        Fingerprint { key, bigrams }
    }

    /// The bigrams once each, for coverage.
    fn set(&self) -> Vec<u64> {
        let mut set = self.bigrams.clone();
        set.dedup();
        set
    }
}

/// The class a punctuation mark belongs to, in the normal form. The pauses and stops
/// 、，；。 (and their half-width and small forms) are one class: they cut clauses, and
/// which of them a draft uses does not change who does what. Other marks are folded to
/// one width.
fn canonical(c: char) -> Option<char> {
    // Full-width ASCII forms to ASCII (，→, （→( ：→: １→1 Ａ→A).
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if crate::doc::is_space(c) || c == '\u{a0}' {
        return None;
    }
    Some(match c {
        ',' | ';' | '.' | '、' | '，' | '；' | '。' | '､' | '｡' | '﹐' | '﹑' | '﹔' | '﹒' => {
            '，'
        }
        '“' | '”' | '„' | '″' | '「' | '」' => '"',
        '‘' | '’' | '′' | '『' | '』' => '\'',
        '〔' | '［' => '[',
        '〕' | '］' => ']',
        '—' | '－' | '–' => '-',
        other => other,
    })
}

/// The normal form of a text: full-width letters, digits and marks folded to half width,
/// whitespace of every kind removed, 、，；。 and their variants made one mark, and the
/// marks that end the text dropped (a duty ending in ；or 。 is the same duty).
pub fn normalise(text: &str) -> String {
    let mut out: String = text.chars().filter_map(canonical).collect();
    while out.ends_with(['，', ':']) {
        out.pop();
    }
    out
}

/// Size of the intersection of two sorted multisets.
fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Dice coefficient of the bigram multisets, 0 to 1. Texts too short for a bigram are
/// similar only when their normal forms are equal.
pub fn dice(a: &Fingerprint, b: &Fingerprint) -> f64 {
    let total = a.bigrams.len() + b.bigrams.len();
    if a.key == b.key {
        return 1.0;
    }
    if total == 0 {
        return 0.0;
    }
    2.0 * shared(&a.bigrams, &b.bigrams) as f64 / total as f64
}

/// The share of `part`'s bigrams found in `whole`: how much of `part` comes from `whole`.
pub fn containment(part: &Fingerprint, whole: &Fingerprint) -> f64 {
    if part.bigrams.is_empty() {
        return 0.0;
    }
    shared(&part.bigrams, &whole.bigrams) as f64 / part.bigrams.len() as f64
}

/// The share of the distinct bigrams of `whole` that occur in at least one of `parts`.
pub fn coverage(whole: &Fingerprint, parts: &[&Fingerprint]) -> f64 {
    let target = whole.set();
    if target.is_empty() {
        return 0.0;
    }
    let mut union: Vec<u64> = parts
        .iter()
        .flat_map(|p| p.bigrams.iter().copied())
        .collect();
    union.sort_unstable();
    union.dedup();
    shared(&target, &union) as f64 / target.len() as f64
}

/// One run of the character-level comparison of two printed texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub op: EditOp,
    pub text: String,
}

/// What a run of [`Edit`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EditOp {
    Equal,
    Insert,
    Delete,
}

/// The character-level insertions and deletions that turn `old` into `new`, as printed,
/// in runs (a deletion before the insertion that replaces it).
pub fn edits(old: &str, new: &str) -> Vec<Edit> {
    let mut runs: Vec<Edit> = Vec::new();
    for (tag, text) in similar::utils::diff_chars(Algorithm::Myers, old, new) {
        let op = match tag {
            ChangeTag::Equal => EditOp::Equal,
            ChangeTag::Insert => EditOp::Insert,
            ChangeTag::Delete => EditOp::Delete,
        };
        match runs.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => runs.push(Edit {
                op,
                text: text.to_owned(),
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_spaces_and_pauses_are_not_words() {
        assert_eq!(
            normalise("负责工商贸行业安全生产监管，按照分级、属地原则。"),
            normalise("负责 工商贸行业安全生产监管,按照分级，属地原则；")
        );
        assert_eq!(normalise("（不含特种设备）"), normalise("(不含特种设备)"));
        assert_eq!(normalise("每年至少安排１次"), "每年至少安排1次");
        assert_eq!(
            normalise("社有出资企业安全监管工作；"),
            "社有出资企业安全监管工作"
        );
        assert_eq!(normalise("\u{3000}全区 \t"), "全区");
        // Words are words: 区 → 县 is a change.
        assert_ne!(normalise("全区"), normalise("全县"));
    }

    #[test]
    fn dice_counts_shared_bigrams() {
        let a = Fingerprint::of("安全生产");
        let b = Fingerprint::of("安全生产。");
        assert_eq!(dice(&a, &b), 1.0);
        // 安全 全生 生产 against 安全 全管 管理: one of three shared.
        let c = Fingerprint::of("安全管理");
        assert!((dice(&a, &c) - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(dice(&Fingerprint::of("甲"), &Fingerprint::of("乙")), 0.0);
        assert_eq!(dice(&Fingerprint::of("甲"), &Fingerprint::of("甲。")), 1.0);
    }

    #[test]
    fn containment_and_coverage_see_the_parts_of_a_split() {
        let whole =
            Fingerprint::of("负责本系统的安全生产管理，指导安全生产检查、事故隐患排查治理。");
        let first = Fingerprint::of("负责本系统的安全生产管理。");
        let second = Fingerprint::of("指导安全生产检查、事故隐患排查治理。");
        assert_eq!(containment(&first, &whole), 1.0);
        assert_eq!(containment(&second, &whole), 1.0);
        assert!(coverage(&whole, &[&first]) < 0.6);
        // Only the bigram across the cut (理指) is in neither part.
        let both = coverage(&whole, &[&first, &second]);
        assert!(both > 0.95 && both < 1.0, "{both}");
    }

    #[test]
    fn edits_are_runs_of_characters() {
        let runs = edits(
            "宣传教育和安全文化建设工作",
            "宣传教育、安全文化建设和应急科普工作",
        );
        let ops: Vec<(EditOp, &str)> = runs.iter().map(|e| (e.op, e.text.as_str())).collect();
        assert_eq!(
            ops,
            [
                (EditOp::Equal, "宣传教育"),
                (EditOp::Delete, "和"),
                (EditOp::Insert, "、"),
                (EditOp::Equal, "安全文化建设"),
                (EditOp::Insert, "和应急科普"),
                (EditOp::Equal, "工作"),
            ]
        );
        // The runs rebuild both texts.
        let old: String = runs
            .iter()
            .filter(|e| e.op != EditOp::Insert)
            .map(|e| e.text.as_str())
            .collect();
        let new: String = runs
            .iter()
            .filter(|e| e.op != EditOp::Delete)
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(old, "宣传教育和安全文化建设工作");
        assert_eq!(new, "宣传教育、安全文化建设和应急科普工作");
    }
}
