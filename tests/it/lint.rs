//! The lint report on the reference list: every defect a reviewer of the draft would flag,
//! asserted one by one (found by reading data/weidu-2022-draft.txt), and nothing else.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use common::reference;
use dutygraph::analysis::lint::{Finding, LintReport};
use dutygraph::analysis::{self, Lang, Severity};
use dutygraph::report::{self, Format};

fn lint() -> &'static LintReport {
    static LINT: OnceLock<LintReport> = OnceLock::new();
    LINT.get_or_init(|| {
        analysis::analyse(reference(), common::kind("lint").reads())
            .unwrap()
            .lint
            .unwrap()
    })
}

fn find(kind: &str, article: Option<u32>) -> Vec<&'static Finding> {
    lint()
        .findings
        .iter()
        .filter(|f| f.kind == kind && f.article == article)
        .collect()
}

fn one(kind: &str, article: Option<u32>) -> &'static Finding {
    let found = find(kind, article);
    assert_eq!(found.len(), 1, "{kind} in article {article:?}: {found:#?}");
    found[0]
}

/// Every finding: (kind, article, line, severity).
const EXPECTED: &[(&str, Option<u32>, u32, Severity)] = &[
    ("halfwidth-punctuation", Some(1), 6, Severity::Low),
    (
        "abbreviation-before-definition",
        Some(5),
        20,
        Severity::Medium,
    ),
    ("other-level", Some(7), 40, Severity::High),
    ("heading-separator", Some(8), 46, Severity::Low),
    ("halfwidth-punctuation", Some(16), 139, Severity::Low),
    ("halfwidth-punctuation", Some(26), 246, Severity::Low),
    ("other-level", Some(28), 282, Severity::Medium),
    ("heading-punctuation", Some(33), 328, Severity::Low),
    ("halfwidth-punctuation", Some(35), 366, Severity::Low),
    ("numbering-unnumbered", Some(36), 374, Severity::Medium),
    ("halfwidth-punctuation", Some(36), 379, Severity::Low),
    ("numbering-duplicate", Some(36), 386, Severity::High),
    ("numbering-gap", Some(41), 450, Severity::Medium),
    ("halfwidth-punctuation", Some(41), 455, Severity::Low),
    ("halfwidth-punctuation", Some(42), 469, Severity::Low),
    ("numbering-gap", Some(42), 471, Severity::Medium),
    ("heading-punctuation", Some(43), 479, Severity::Low),
    ("item-ending", Some(45), 501, Severity::Low),
    ("halfwidth-punctuation", Some(47), 513, Severity::Low),
    ("halfwidth-punctuation", Some(50), 530, Severity::Low),
    ("halfwidth-punctuation", Some(53), 551, Severity::Low),
    ("blank-date", Some(56), 558, Severity::Medium),
    ("halfwidth-punctuation", None, 559, Severity::Low),
    ("annex-alias", Some(46), 569, Severity::Medium),
    ("annex-alias", Some(44), 574, Severity::Medium),
];

#[test]
fn exactly_the_defects_of_the_reference_list_in_document_order() {
    let found: Vec<(&str, Option<u32>, u32, Severity)> = lint()
        .findings
        .iter()
        .map(|f| (f.kind, f.article, f.line, f.severity))
        .collect();
    assert_eq!(found, EXPECTED);
    assert_eq!(lint().count(Severity::High), 2);
}

#[test]
fn water_bureau_first_paragraph_unnumbered_and_seven_printed_twice() {
    let unnumbered = one("numbering-unnumbered", Some(36));
    assert_eq!(unnumbered.citation, "第三十六条第1段");
    assert!(
        unnumbered
            .duty
            .as_deref()
            .unwrap()
            .ends_with("/art36/item1")
    );
    assert!(unnumbered.message.contains("区水利局"));
    assert!(unnumbered.message.contains("从（二）开始"));
    assert_eq!(unnumbered.suggestion, "在该段段首加“（一）”。");
    assert!(
        unnumbered
            .evidence
            .starts_with("负责全区水利行业安全生产工作")
    );

    let duplicate = one("numbering-duplicate", Some(36));
    assert_eq!(duplicate.citation, "第三十六条第（七）项");
    assert!(duplicate.duty.as_deref().unwrap().ends_with("/art36/item8"));
    assert!(
        duplicate
            .evidence
            .starts_with("（七）负责水利行业安全生产统计分析")
    );
    assert!(duplicate.suggestion.contains("改为（八）"));
    let cited: Vec<u32> = duplicate.sources.iter().map(|s| s.line).collect();
    assert_eq!(cited, [384, 386]);
    // No separate "missing （一）" for the same defect, and the second （七） is no gap.
    assert!(find("numbering-missing-first", Some(36)).is_empty());
    assert!(find("numbering-gap", Some(36)).is_empty());
}

#[test]
fn skipped_items_in_articles_41_and_42() {
    let emergency = one("numbering-gap", Some(41));
    assert_eq!(emergency.citation, "第四十一条第（五）项");
    assert!(
        emergency
            .message
            .contains("由（三）直接跳到（五），缺少（四）")
    );
    assert!(emergency.duty.as_deref().unwrap().ends_with("/art41/item4"));
    let market = one("numbering-gap", Some(42));
    assert_eq!(market.citation, "第四十二条第（七）项");
    assert!(market.message.contains("缺少（六）"));
    assert_eq!(market.line, 471);
}

#[test]
fn annex_aliases_differ_from_the_headings() {
    let trade = one("annex-alias", Some(46));
    assert_eq!(trade.evidence, "区商管中心");
    assert!(trade.message.contains("区商贸企业管理中心"));
    assert_eq!(trade.suggestion, "附件中统一写作“区商贸企业管理中心”。");
    assert!(trade.iri.contains("/annex/row1/e"));
    let data = one("annex-alias", Some(44));
    assert_eq!(data.evidence, "区政务服务和大数据局");
    assert!(data.message.contains("区政务服务和大数据管理局"));
    assert!(data.iri.contains("/annex/row2/e"));
    // The counts 24, 5 and 7 match the names listed, and every department is in the annex.
    for kind in [
        "annex-count",
        "annex-unlinked",
        "annex-missing",
        "annex-duplicate",
    ] {
        assert!(lint().findings.iter().all(|f| f.kind != kind), "{kind}");
    }
}

#[test]
fn blank_effective_date() {
    let date = one("blank-date", Some(56));
    assert!(date.evidence.contains("2022年2月  日"));
    assert!(date.message.contains("未填写日"));
    assert_eq!(date.citation, "第五十六条");
    assert!(date.iri.ends_with("/art56"));
}

#[test]
fn another_administrative_level() {
    let city = one("other-level", Some(7));
    assert_eq!(city.citation, "第七条第（一）项");
    assert!(city.evidence.contains("落实市委对安全生产的领导职责"));
    assert_eq!(city.suggestion, "将“市委”改为“区委”。");
    let localities = one("other-level", Some(28));
    assert_eq!(localities.citation, "第二十八条第（三）项");
    assert!(localities.evidence.contains("各地民政部门"));
    // 《许昌市安全生产职责清单》 (第一条) is a title, and 第五十三条 describes the tiers on purpose.
    assert!(find("other-level", Some(1)).is_empty());
    assert!(find("other-level", Some(53)).is_empty());
}

#[test]
fn stray_punctuation_and_separators_in_headings() {
    for (article, heading) in [
        (33, "区生态环境分局安全生产职责。"),
        (43, "区城管局安全生产职责。"),
    ] {
        let f = one("heading-punctuation", Some(article));
        assert_eq!(f.evidence, heading);
        assert_eq!(f.suggestion, "删去标题末尾的“。”。");
    }
    // 第十四条's heading ends with "：" before its items: not flagged.
    assert!(find("heading-punctuation", Some(14)).is_empty());
    let separator = one("heading-separator", Some(8));
    assert!(separator.message.contains("全角空格"));
    assert!(separator.message.contains("2个半角空格"));
}

#[test]
fn half_width_punctuation_one_comment_per_paragraph() {
    let first = one("halfwidth-punctuation", Some(1));
    assert!(first.message.contains("“,”6处"));
    assert_eq!(first.citation, "第一条");
    let roads = one("halfwidth-punctuation", Some(35));
    assert_eq!(roads.citation, "第三十五条第（二）项");
    assert!(roads.message.contains("“(”1处") && roads.message.contains("“;”1处"));
    let fire = one("halfwidth-punctuation", Some(50));
    assert!(fire.message.contains("“,”3处"));
    let annex = one("halfwidth-punctuation", None);
    assert_eq!(annex.evidence, "附件:安全生产监督管理职责…");
    assert!(annex.iri.ends_with("/annex"));
    for article in [16, 26, 36, 41, 42, 47, 53] {
        one("halfwidth-punctuation", Some(article));
    }
}

#[test]
fn item_ending_with_a_semicolon() {
    let f = one("item-ending", Some(45));
    assert_eq!(f.citation, "第四十五条第（二）项");
    assert!(f.evidence.ends_with("社有出资企业安全监管工作；"));
}

#[test]
fn abbreviation_used_before_article_12_defines_it() {
    let f = one("abbreviation-before-definition", Some(5));
    assert_eq!(f.citation, "第五条第（三）项");
    assert!(f.message.contains("第十二条才定义"));
    let cited: Vec<&str> = f.sources.iter().map(|s| s.citation.as_str()).collect();
    assert_eq!(
        cited,
        [
            "第五条第（三）项",
            "第六条第（二）项",
            "第六条第（六）项",
            "第八条第（三）项"
        ]
    );
}

#[test]
fn every_finding_has_a_citation_an_iri_and_both_languages() {
    for f in &lint().findings {
        assert!(!f.citation.is_empty() && f.iri.starts_with("https://w3id.org/dutygraph/id/"));
        assert!(!f.message.is_empty() && !f.message_en.is_empty());
        assert!(!f.suggestion.is_empty() && !f.suggestion_en.is_empty());
        if let Some(duty) = &f.duty {
            assert!(f.sources.iter().any(|s| &s.duty == duty));
        }
    }
}

#[test]
fn markdown_reads_as_review_comments() {
    let analyses = analysis::analyse(reference(), common::kind("lint").reads()).unwrap();
    let md = String::from_utf8(
        report::render(&analyses, common::kind("lint"), Format::Md, Lang::Zh).unwrap(),
    )
    .unwrap();
    assert!(md.starts_with("# 关于《魏都区安全生产职责清单（征求意见稿）》的修改意见"));
    assert!(md.contains("共25条意见（高2条、中8条、低15条）"));
    assert!(md.contains("10. **第三十六条第1段（第374行）**〔中〕"));
    assert!(md.contains("   - 建议：在该段段首加“（一）”。"));
}

/// Every kind of finding the schema names fires on some list: the reference list, the genre
/// excerpts, or the small lists made for the rules those do not trigger
/// (tests/fixtures/lint/) — so that no rule goes untested.
#[test]
fn every_kind_of_finding_fires_on_some_list() {
    let schema = common::schema("lint");
    let kinds: BTreeSet<String> = schema["items"]["properties"]["kind"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds.len(), 19, "{kinds:?}");

    let made = common::load_dir("tests/fixtures/lint");

    let mut fired: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for (name, store) in [
        ("reference", reference()),
        ("genre", common::genre()),
        ("fixtures/lint", &made),
    ] {
        let lint = analysis::analyse(store, common::kind("lint").reads())
            .unwrap()
            .lint
            .unwrap();
        for finding in &lint.findings {
            fired
                .entry(finding.kind.to_owned())
                .or_default()
                .insert(name);
        }
    }
    let never: Vec<&String> = kinds.iter().filter(|k| !fired.contains_key(*k)).collect();
    assert!(never.is_empty(), "kinds that fire on no list: {never:?}");
    let unknown: Vec<&String> = fired.keys().filter(|k| !kinds.contains(*k)).collect();
    assert!(
        unknown.is_empty(),
        "kinds missing from the schema: {unknown:?}"
    );
    // The made-up lists are there for the rules nothing else triggers.
    for kind in [
        "numbering-order",
        "numbering-missing-first",
        "article-numbering",
        "section-numbering",
        "annex-count",
        "annex-duplicate",
        "annex-missing",
        "annex-unlinked",
    ] {
        assert_eq!(fired[kind], BTreeSet::from(["fixtures/lint"]), "{kind}");
    }
}
