//! Every query of the cookbook (queries/*.rq), run on the reference list and checked
//! against a fact of the document. A new .rq file without a check here fails the test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::HashMap;

use common::{reference, text};
use oxigraph::sparql::QueryResults;

type Rows = Vec<HashMap<String, String>>;

fn run(query: &str) -> Rows {
    match reference().query(query, &[]).unwrap() {
        QueryResults::Solutions(solutions) => solutions
            .map(|s| {
                let s = s.unwrap();
                s.iter()
                    .map(|(v, t)| (v.as_str().to_owned(), text(t)))
                    .collect()
            })
            .collect(),
        _ => panic!("not a SELECT"),
    }
}

fn has(rows: &Rows, pairs: &[(&str, &str)]) -> bool {
    rows.iter()
        .any(|r| pairs.iter().all(|(k, v)| r.get(*k).is_some_and(|x| x == v)))
}

fn check(file: &str, rows: &Rows) {
    let local = |iri: &str| iri.rsplit(['#', '/']).next().unwrap_or(iri).to_owned();
    match file {
        "annex-names.rq" => {
            assert_eq!(rows.len(), 2);
            assert!(has(rows, &[("annexName", "区商管中心"), ("article", "46")]));
            assert!(has(
                rows,
                &[("annexName", "区政务服务和大数据局"), ("article", "44")]
            ));
        }
        "bodies-by-category.rq" => {
            let counts: Vec<&str> = rows.iter().map(|r| r["bodies"].as_str()).collect();
            assert_eq!(counts, ["24", "7", "5"]);
        }
        "bodies-sharing-topic.rq" => {
            // Default topic 危险化学品: the six bodies whose articles concern it.
            assert_eq!(rows.len(), 6);
            assert!(has(
                rows,
                &[("body", "区公安分局"), ("modes", "Coordination")]
            ));
        }
        "duties-of-body.rq" => {
            // Default 区应急管理局: ten paragraphs, the fourth printed （五）.
            assert_eq!(rows.len(), 10);
            assert!(has(
                rows,
                &[("position", "4"), ("marker", "五"), ("line", "450")]
            ));
        }
        "exclusions.rq" => {
            assert!(has(
                rows,
                &[("body", "区应急管理局"), ("excluded", "特种设备")]
            ));
        }
        "lead-overlaps.rq" => {
            assert!(has(rows, &[("topic", "铁路"), ("leads", "6")]));
            assert!(has(rows, &[("topic", "危险化学品"), ("leads", "5")]));
        }
        "numbering.rq" => {
            let found: Vec<(&str, &str)> = rows
                .iter()
                .map(|r| (r["article"].as_str(), r["position"].as_str()))
                .collect();
            assert_eq!(found, [("36", "1"), ("36", "8"), ("41", "4"), ("42", "6")]);
        }
        "topics-without-lead.rq" => {
            assert!(has(
                rows,
                &[("topic", "燃气"), ("onlyModes", "Coordination")]
            ));
        }
        "unspecified-partners.rq" => {
            assert!(has(
                rows,
                &[("article", "19"), ("verb", "会同"), ("partner", "有关部门")]
            ));
        }
        "who-guides-whom.rq" => {
            assert!(has(
                rows,
                &[
                    ("from", "区住建局"),
                    ("relation", "cooperatesWith"),
                    ("to", "区消防救援大队")
                ]
            ));
        }
        "report-lists.rq" => {
            assert_eq!(rows.len(), 1);
            assert!(has(
                rows,
                &[
                    ("level", "区"),
                    ("status", "征求意见稿"),
                    ("title", "魏都区安全生产职责清单")
                ]
            ));
        }
        "report-duties.rq" => {
            assert_eq!(rows.len(), 269);
            assert!(has(
                rows,
                &[
                    ("article", "36"),
                    ("position", "8"),
                    ("marker", "七"),
                    ("numeral", "三十六")
                ]
            ));
        }
        "report-bodies.rq" => {
            assert_eq!(rows.len(), 48);
            let trade = rows.iter().find(|r| r["article"] == "46").unwrap();
            assert!(trade["names"].split('|').any(|n| n == "区商管中心"));
            assert_eq!(local(&trade["category"]), "SupervisionDepartment");
            let committee = rows.iter().find(|r| r["article"] == "12").unwrap();
            assert!(committee["names"].split('|').any(|n| n == "区安委会"));
            let emergency = rows.iter().find(|r| r["name"] == "区应急管理局").unwrap();
            assert_eq!(local(&emergency["role"]), "emergency-management");
        }
        "report-topics.rq" => {
            assert!(rows.len() >= 100);
            assert!(
                rows.iter()
                    .any(|r| r["label"] == "危险化学品" && local(&r["facet"]) == "sectors")
            );
            assert!(
                rows.iter()
                    .any(|r| r["label"] == "事故调查处理" && local(&r["facet"]) == "activities")
            );
        }
        "report-overlaps.rq" => {
            let mut bodies: Vec<&str> = rows
                .iter()
                .filter(|r| r["topicLabel"] == "危险化学品")
                .map(|r| r["bodyName"].as_str())
                .collect();
            bodies.sort_unstable();
            bodies.dedup();
            assert_eq!(bodies.len(), 6);
        }
        "report-matrix.rq" => {
            let cell = rows
                .iter()
                .find(|r| r["body"].ends_with("/body/art32") && r["topic"].ends_with("/railway"))
                .unwrap();
            let mut modes: Vec<String> = cell["modes"].split(' ').map(local).collect();
            modes.sort();
            assert_eq!(modes, ["Coordination", "Guidance"]);
        }
        "report-gaps-topics.rq" => {
            assert!(has(rows, &[("label", "燃气"), ("modes", "Coordination")]));
            assert!(
                rows.iter()
                    .any(|r| r["label"] == "煤炭" && r.get("modes").is_none_or(String::is_empty))
            );
            assert!(!rows.iter().any(|r| r["label"] == "铁路"));
        }
        "report-gaps-partners.rq" => {
            assert!(rows.iter().any(|r| r["bodyName"] == "区委政法委"
                && r["verb"] == "会同"
                && r["partner"] == "有关部门"
                && r["duty"].ends_with("/art19/item3")));
        }
        "report-gaps-parties.rq" => {
            assert!(has(rows, &[("partyName", "人大")]));
            assert!(
                rows.iter()
                    .all(|r| ["OtherParty", "HigherLevel"].contains(&local(&r["class"]).as_str()))
            );
        }
        "report-gaps-bodies.rq" => {
            assert!(has(
                rows,
                &[("name", "区委主要负责同志"), ("specificClauses", "0")]
            ));
            let emergency = rows.iter().find(|r| r["name"] == "区应急管理局").unwrap();
            assert!(emergency["specificLeads"].parse::<u32>().unwrap() > 0);
        }
        "report-network-edges.rq" => {
            assert!(
                rows.iter()
                    .any(|r| local(&r["relation"]) == "cooperatesWith"
                        && r["toName"] == "区消防救援大队"
                        && r["asWritten"] == "消防部门")
            );
        }
        "report-network-command.rq" => {
            assert!(rows.iter().any(|r| r.contains_key("host")
                && r["host"].ends_with("/body/art41")
                && r["numeral"] == "十三"));
            assert!(rows.iter().any(|r| {
                r.get("text")
                    .is_some_and(|t| t.starts_with("在区委、区政府领导下"))
            }));
        }
        // The reference list numbers articles, not outline headings: its sections are
        // checked on the excerpts of the genre (tests/it/genre.rs).
        "report-lint-sections.rq" => assert!(rows.is_empty()),
        "report-lint-articles.rq" => {
            assert_eq!(
                rows.iter().filter(|r| r.contains_key("article")).count(),
                56
            );
            assert_eq!(rows.iter().filter(|r| r.contains_key("chapter")).count(), 6);
            assert!(has(
                rows,
                &[
                    ("article", "33"),
                    ("heading", "区生态环境分局安全生产职责。")
                ]
            ));
            assert!(
                rows.iter()
                    .any(|r| r.get("article").is_some_and(|a| a == "56")
                        && r["text"].contains("2022年2月  日"))
            );
        }
        "report-lint-annex.rq" => {
            let mut declared: Vec<&str> = rows
                .iter()
                .filter(|r| r.get("number").is_some_and(|n| n == "1"))
                .map(|r| r["declared"].as_str())
                .collect();
            declared.sort_unstable();
            assert_eq!(declared, ["24", "5", "7"]);
            assert_eq!(rows.iter().filter(|r| r.contains_key("entry")).count(), 36);
            assert!(has(
                rows,
                &[("text", "附件:安全生产监督管理职责分类表"), ("line", "559")]
            ));
        }
        "report-lint-abbreviations.rq" => {
            assert!(has(
                rows,
                &[
                    ("abbreviation", "区安委会"),
                    ("definedIn", "12"),
                    ("line", "83")
                ]
            ));
        }
        "graph-duty-topics.rq" => {
            // 第四十一条（一） concerns 工贸 and 劳动保护, so also their broader 行业与领域 and
            // 风险与灾害; the special equipment it carves out (不含特种设备) is not among them.
            let mut topics: Vec<String> = rows
                .iter()
                .filter(|r| r["duty"].ends_with("/art41/item1"))
                .map(|r| local(&r["topic"]))
                .collect();
            topics.sort();
            assert_eq!(
                topics,
                [
                    "hazards",
                    "industry-and-trade",
                    "labour-protection",
                    "sectors"
                ]
            );
        }
        "ui-counts.rq" => {
            // One list of 48 bodies and 269 duties; 95 topics concerned (report all's summary).
            assert_eq!(rows.len(), 1);
            let row = &rows[0];
            assert!(has(
                rows,
                &[
                    ("lists", "1"),
                    ("bodies", "48"),
                    ("duties", "269"),
                    ("topics", "95")
                ]
            ));
            let n = |k: &str| row[k].parse::<u32>().unwrap();
            assert!(n("clauses") > n("duties"));
            assert!(n("relations") > 0 && n("parties") > 0);
        }
        "ui-body-clauses.rq" => {
            // 区应急管理局: ten paragraphs, printed 一 二 三 五 … 十一 (no （四）), each once,
            // in document order; 第四十一条（二）'s four clauses in order c1…c4.
            let art41: Vec<&HashMap<String, String>> = rows
                .iter()
                .filter(|r| r["body"].ends_with("/body/art41"))
                .collect();
            let mut markers: Vec<&str> = art41.iter().map(|r| r["marker"].as_str()).collect();
            markers.dedup();
            assert_eq!(
                markers,
                ["一", "二", "三", "五", "六", "七", "八", "九", "十", "十一"]
            );
            let item2: Vec<String> = art41
                .iter()
                .filter(|r| r["duty"].ends_with("/art41/item2"))
                .map(|r| local(&r["clause"]))
                .collect();
            assert_eq!(item2, ["c1", "c2", "c3", "c4"]);
            assert!(has(
                rows,
                &[
                    ("numeral", "四十一"),
                    ("clauseText", "负责工商贸行业安全生产监管"),
                    ("verb", "负责")
                ]
            ));
        }
        "ui-body-topics.rq" => {
            // 第四十一条（一）'s second clause: 劳动保护 concerned, 特种设备 carved out.
            let clause = |r: &HashMap<String, String>| r["clause"].ends_with("/art41/item1/c2");
            assert!(rows.iter().any(|r| clause(r)
                && r["how"] == "excludes"
                && r["label"] == "特种设备"
                && r["labelEn"] == "Special equipment"));
            assert!(
                rows.iter()
                    .any(|r| clause(r) && r["how"] == "concerns" && r["label"] == "劳动保护")
            );
            assert!(
                !rows
                    .iter()
                    .any(|r| clause(r) && r["how"] == "concerns" && r["label"] == "特种设备")
            );
        }
        "ui-body-relations.rq" => {
            // 第三十四条（五）: 区住建局 配合消防部门 → 区消防救援大队, a body of the list; it
            // also 指导、监督 物业服务企业, a party group.
            assert!(rows.iter().any(|r| r["clause"].contains("/art34/item5/")
                && local(&r["relation"]) == "cooperatesWith"
                && r["asWritten"] == "消防部门"
                && r["name"] == "区消防救援大队"
                && r["isBody"] == "true"));
            assert!(rows.iter().any(|r| r["clause"].contains("/art34/item5/")
                && local(&r["relation"]) == "guides"
                && r["name"] == "物业服务企业"
                && r["isBody"] == "false"));
        }
        "ui-body-mentions.rq" => {
            // 区消防救援大队 is named by 区住建局 (配合消防部门, 第三十四条（五）).
            assert!(rows.iter().any(|r| r["body"].ends_with("/body/art50")
                && r["fromName"] == "区住建局"
                && r["verb"] == "配合"
                && r["asWritten"] == "消防部门"
                && r["duty"].ends_with("/art34/item5")));
        }
        "report-roles.rq" => {
            let emergency = rows
                .iter()
                .find(|r| local(&r["role"]) == "emergency-management")
                .unwrap();
            assert_eq!(emergency["label"], "应急管理部门");
            assert_eq!(
                emergency["bodies"], "1",
                "区应急管理局, the one body of its role"
            );
            assert!(has(rows, &[("label", "消防救援机构"), ("bodies", "1")]));
        }
        "report-compare-roles.rq" => {
            let row = rows
                .iter()
                .find(|r| {
                    local(&r["topic"]) == "hazardous-chemicals"
                        && r.get("role")
                            .is_some_and(|x| local(x) == "emergency-management")
                })
                .unwrap();
            assert_eq!(
                (row["concerns"].as_str(), row["leads"].as_str()),
                ("1", "1")
            );
            assert!(row["modes"].split(' ').any(|m| m == "Lead"));
        }
        "report-compare-leads.rq" => {
            // One list; 危险化学品: five bodies lead it, all departments.
            assert!(has(
                rows,
                &[("leads", "5"), ("deptLeads", "5"), ("lists", "1")]
            ));
            assert!(rows.iter().all(|r| r["lists"] == "1"));
        }
        "report-compare-lists.rq" => {
            assert_eq!(rows.len(), 1);
            assert!(has(
                rows,
                &[
                    ("bodies", "48"),
                    ("duties", "269"),
                    ("topics", "95"),
                    ("severalLeads", "34")
                ]
            ));
        }
        "report-compare-groups.rq" => {
            let hazchem = |grouping: &str, group: &str| {
                rows.iter()
                    .find(|r| {
                        local(&r["topic"]) == "hazardous-chemicals"
                            && r["grouping"] == grouping
                            && r.get("group").is_some_and(|g| local(g) == group)
                    })
                    .map(|r| (r["concerns"].clone(), r["leads"].clone()))
            };
            let one = Some(("1".to_owned(), "1".to_owned()));
            assert_eq!(hazchem("category", "SupervisionDepartment"), one);
            assert_eq!(hazchem("kind", "Department"), one);
        }
        other => panic!("queries/{other} has no check in tests/it/report_queries.rs"),
    }
}

#[test]
fn every_cookbook_query_answers_its_question_on_the_reference_list() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    assert!(files.len() >= 25);
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let query = std::fs::read_to_string(&path).unwrap();
        assert!(
            query.starts_with("# Question:")
                && query
                    .lines()
                    .nth(1)
                    .is_some_and(|l| l.starts_with("# 问题：")),
            "{name} opens with the question in English and Chinese"
        );
        check(&name, &run(&query));
    }
}

#[test]
fn the_embedded_report_queries_are_the_files() {
    for (name, embedded) in dutygraph::analysis::queries::ALL {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("queries")
            .join(name);
        assert_eq!(&std::fs::read_to_string(path).unwrap(), embedded, "{name}");
    }
}
