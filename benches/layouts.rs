//! Reading a 1 MB list of each layout (target: ≤ 50 ms in release from bytes to the model:
//! encoding, outline, layout step, bodies, clauses, topics and relations), and the same
//! into a store.
//!
//! The lists are written here, in each layout of the genre (tests/it/layouts.rs), from the
//! reference list's own duty sentences, so that clauses, topics and relations are as dense
//! as in a real list; bodies and sectors are many and distinct, as in a large city's list.
//!
//! Run: `cargo bench --bench layouts`. Figures are recorded in docs/benchmarks.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

// As in the binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use dutygraph::extract::Taxonomy;
use dutygraph::read::Limits;
use dutygraph::store::{DEFAULT_LIST, DutyStore, Source};

const SIZE: usize = 1 << 20;

const PLACES: &[&str] = &[
    "东城", "西城", "南岗", "北林", "中原", "金水", "二七", "惠济", "上街", "新华", "长安", "桥西",
    "裕华", "井陉", "正定", "栾城", "高邑", "深泽", "赞皇", "无极",
];
const DEPARTMENTS: &[&str] = &[
    "应急管理局",
    "住房城乡建设局",
    "交通运输局",
    "市场监管局",
    "公安分局",
    "教育局",
    "卫生健康委",
    "生态环境分局",
    "自然资源局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电旅游局",
    "城市管理局",
    "工业和信息化局",
    "发展改革委",
    "民政局",
    "财政局",
];
const SECTORS: &[&str] = &[
    "危险化学品",
    "烟花爆竹",
    "建筑施工",
    "道路交通",
    "城镇燃气",
    "特种设备",
    "消防",
    "人员密集场所",
    "旅游景区",
    "学校",
    "水利工程",
    "农业机械",
    "渔业船舶",
    "民用爆炸物品",
    "电动自行车",
    "文化娱乐场所",
    "物业",
    "养老机构",
    "医疗机构",
    "粮食仓储",
];

/// 36 → 三十六, as numbers are printed.
fn numeral(n: usize) -> String {
    dutygraph::doc::numeral::to_chinese(n as u32)
}

/// The reference list's duty sentences (its （一）… items, markers removed).
fn sentences() -> Vec<&'static str> {
    DEFAULT_LIST
        .lines()
        .filter_map(|l| l.strip_prefix('（'))
        .filter_map(|l| l.split_once('）').map(|(_, rest)| rest.trim()))
        .filter(|s| s.chars().count() > 8)
        .collect()
}

fn body(n: usize) -> String {
    let place = PLACES[n / DEPARTMENTS.len() % PLACES.len()];
    format!("{place}区{}", DEPARTMENTS[n % DEPARTMENTS.len()])
}

/// Writes units until the text reaches 1 MB.
fn list(title: &str, header: &str, mut unit: impl FnMut(usize, &mut String)) -> Vec<u8> {
    let mut text = format!("{title}\n{header}");
    let mut n = 1;
    while text.len() < SIZE {
        unit(n, &mut text);
        n += 1;
    }
    text.into_bytes()
}

fn layouts() -> Vec<(&'static str, Vec<u8>)> {
    let s = sentences();
    let mut k = 0;
    let mut next = move || {
        k += 1;
        s[k % s.len()]
    };
    let items = |text: &mut String, next: &mut dyn FnMut() -> &'static str| {
        for i in 1..=8 {
            text.push_str(&format!("（{}）{}\n", numeral(i), next()));
        }
    };
    let mut out = Vec::new();
    out.push((
        "articles",
        list("某市安全生产职责清单", "", |n, t| {
            t.push_str(&format!("第{}条  {}：\n", numeral(n), body(n)));
            items(t, &mut next);
        }),
    ));
    out.push((
        "article-subject",
        list("某市安全生产职责规定", "", |n, t| {
            t.push_str(&format!(
                "第{}条  {}负责{}\n",
                numeral(n),
                body(n),
                next().trim_start_matches("负责")
            ));
        }),
    ));
    out.push((
        "body-outline",
        list("某市各部门安全生产职责", "", |n, t| {
            t.push_str(&format!("{}、{}\n", numeral(n), body(n)));
            items(t, &mut next);
        }),
    ));
    out.push((
        "sector-first",
        list(
            "进一步明确部分行业领域安全生产监管职责分工",
            "",
            |n, t| {
                let sector = SECTORS[n % SECTORS.len()];
                t.push_str(&format!("{}、{sector}（{}）\n", numeral(n), numeral(n)));
                for i in 1..=6 {
                    t.push_str(&format!(
                        "（{}）{}负责{}\n",
                        numeral(i),
                        body(n * 6 + i),
                        next().trim_start_matches("负责")
                    ));
                }
            },
        ),
    ));
    out.push((
        "table",
        list(
            "安全生产职责边界清单",
            "序号 涉及部门 职责分工\n",
            |n, t| {
                t.push_str(&format!("{n} {} {}\n", body(n), next()));
            },
        ),
    ));
    out
}

fn reading(c: &mut Criterion) {
    let taxonomy = Taxonomy::builtin();
    let limits = Limits::default();
    let mut group = c.benchmark_group("read 1 MB");
    group.sample_size(20);
    for (layout, bytes) in layouts() {
        // The list must be read as that layout, every unit with its body.
        let source = Source::from_bytes("bench.txt", "bench".to_owned(), &bytes, &limits).unwrap();
        let model = source.model(taxonomy.clone()).unwrap();
        assert!(
            model.bodies.len() > 100,
            "{layout}: {} bodies",
            model.bodies.len()
        );
        assert!(
            model.duties.iter().all(|d| d.bearer.is_some()),
            "{layout}: unattributed duties"
        );
        eprintln!(
            "{layout}: {} bytes, {:?}, {} bodies, {} duties",
            bytes.len(),
            model.layout.kind,
            model.bodies.len(),
            model.duties.len()
        );
        group.bench_function(format!("{layout}: bytes → model"), |b| {
            b.iter(|| {
                let source =
                    Source::from_bytes("bench.txt", "bench".to_owned(), black_box(&bytes), &limits)
                        .unwrap();
                source.model(taxonomy.clone()).unwrap()
            })
        });
        group.bench_function(format!("{layout}: bytes → store"), |b| {
            b.iter(|| {
                let source =
                    Source::from_bytes("bench.txt", "bench".to_owned(), black_box(&bytes), &limits)
                        .unwrap();
                DutyStore::load_frozen(&[source]).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, reading);
criterion_main!(benches);
