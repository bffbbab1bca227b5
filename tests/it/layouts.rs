//! Every layout of the genre and its variants, on small lists written for the test: what
//! the layout step must find (layout, bodies with their duty counts, sectors, unattributed
//! duties, metadata). The real excerpts are in tests/it/genre.rs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use dutygraph::doc;
use dutygraph::extract::{self, Model, Taxonomy};

fn read(text: &str) -> Model {
    let document = doc::parse("t.txt", "t", text).unwrap();
    extract::extract(document, Taxonomy::builtin())
}

/// (body name as printed, duties it bears), in the order the bodies were found.
fn bodies(model: &Model) -> Vec<(String, usize)> {
    common::duties_per_body(model)
}

fn expect(model: &Model, expected: &[(&str, usize)]) {
    let got = bodies(model);
    let got: Vec<(&str, usize)> = got.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    assert_eq!(got, expected);
}

fn sectors(model: &Model) -> Vec<&str> {
    model
        .sectors
        .iter()
        .map(|s| s.label.text.as_str())
        .collect()
}

fn unattributed(model: &Model) -> usize {
    model.duties.iter().filter(|d| d.bearer.is_none()).count()
}

fn layout(model: &Model) -> &'static str {
    model.layout.kind.name()
}

// ---------------------------------------------------------------------------------------
// 1. Article per body, with a heading

#[test]
fn article_headings_with_colons_half_width_items_and_traditional_characters() {
    let model = read(
        "某某县安全生产职责清单\n\
         第一条:为明确职责，制定本清单。\n\
         第七条 县科委工作职责:\n\
         (一)负责科技行业安全生产工作。\n\
         (二)指导科研单位开展安全检查。\n\
         第八条：县应急管理局\n\
         （一）负责危险化学品安全监管。\n\
         第九條 縣公安局安全生產職責\n\
         （一）負責道路交通安全管理。\n\
         （二）配合有關部門做好消防工作。\n",
    );
    assert_eq!(layout(&model), "articles");
    expect(
        &model,
        &[("县科委", 2), ("县应急管理局", 1), ("縣公安局", 2)],
    );
    // 第一条 is no body's duty; the traditional name is matched as simplified.
    let police = &model.bodies[2];
    assert!(police.aliases.iter().any(|a| a.text == "县公安局"));
    assert_eq!(
        police.role.map(|r| r.slug.as_str()),
        Some("public-security")
    );
    assert_eq!(model.duties[0].citation, "第七条第（一）项");
}

// 2. Article per body, the body is the subject

#[test]
fn an_article_whose_subject_is_its_body() {
    let model = read(
        "第八条 房产行政主管部门负责物业服务企业的安全监督管理；按照规定负责房屋安全鉴定工作。\n\
         第九条 质监部门负责特种设备安全监察，会同有关部门开展事故调查。\n",
    );
    assert_eq!(layout(&model), "articles");
    expect(&model, &[("房产行政主管部门", 1), ("质监部门", 1)]);
    let duty = &model.duties[0];
    assert_eq!(duty.clauses.len(), 2);
    // The body's own name is no counterpart of its duty, and 质监部门 is market regulation.
    assert_eq!(
        model.bodies[1].role.map(|r| r.slug.as_str()),
        Some("market-regulation")
    );
}

// 3. A lead-in names the body

#[test]
fn a_lead_in_names_the_body_not_the_whole_sentence() {
    let model = read(
        "第一章 总则\n\
         第一条 为了明确职责，制定本规定。\n\
         第二章 政府责任\n\
         第五条 市、县（区）人民政府应当落实安全生产工作责任制，履行下列职责：\n\
         （一）将安全生产纳入国民经济和社会发展总体规划；\n\
         （二）建立健全安全生产协调机制；\n\
         （三）督促本级人民政府有关主管部门加强安全生产工作。\n",
    );
    expect(&model, &[("市、县（区）人民政府", 3)]);
    assert_eq!(
        model.bodies[0].kind,
        dutygraph::extract::BodyKind::Collective
    );
    // The general provisions bear no duty and say why.
    assert_eq!(model.layout.skipped.len(), 1);
    assert!(model.layout.skipped[0].note.zh.contains("总则"));
}

// 4. Outline per body, no articles

#[test]
fn outline_headings_name_bodies_at_any_level() {
    let model = read(
        "一、各街道办事处\n\
         （一）认真贯彻执行安全管理法律法规。\n\
         （二）建立健全本辖区安全管理责任制。\n\
         二、区应急管理局\n\
         （一）负责综合监督管理。\n",
    );
    assert_eq!(layout(&model), "body-outline");
    expect(&model, &[("各街道办事处", 2), ("区应急管理局", 1)]);
    assert_eq!(model.duties[1].citation, "一、各街道办事处（二）");
}

#[test]
fn bodies_as_parenthesised_headings_with_numbered_items_after_a_page_break() {
    let model = read(
        "4.负责牵头督促市场经营者做好市场安全管理工作。\n\
         5.会同有关部门开展集中检查。\n\
         （三十六）质监部门。\n\
         1.依法对锅炉、压力容器实施安全监察。\n\
         2.负责特种设备行政许可。\n\
         （三十七）供销部门。\n\
         1.负责供销系统所属单位的安全管理工作。\n\
         （三十八）各资产经营投资公司应严格按照有关法律法规做好安全生产工作。\n",
    );
    assert_eq!(layout(&model), "body-outline");
    expect(
        &model,
        &[("质监部门", 2), ("供销部门", 1), ("各资产经营投资公司", 1)],
    );
    // The two items before the first heading are kept, without a bearer.
    assert_eq!(unattributed(&model), 2);
    assert_eq!(model.duties[0].citation, "第4项");
    assert_eq!(model.duties[2].citation, "（三十六）质监部门第1项");
}

#[test]
fn posts_as_headings_with_enumeration_commas() {
    let model = read(
        "（一）乡长安全生产职责\n\
         1、全面负责本乡安全生产工作。\n\
         2、定期研究部署安全生产工作。\n\
         （二）副乡长安全生产职责\n\
         1、协助乡长抓好安全生产工作。\n",
    );
    expect(&model, &[("乡长", 2), ("副乡长", 1)]);
    assert_eq!(model.bodies[0].kind, dutygraph::extract::BodyKind::Post);
}

#[test]
fn a_body_heading_followed_by_unnumbered_paragraphs() {
    let model = read(
        "区安全生产职责清单\n\
         一、区应急管理局\n\
         负责全区安全生产综合监督管理。\n\
         指导协调有关部门安全生产工作。\n\
         二、区住建局\n\
         负责建筑施工安全监管。\n",
    );
    expect(&model, &[("区应急管理局", 2), ("区住建局", 1)]);
    assert_eq!(model.duties[1].citation, "一、区应急管理局第2段");
}

#[test]
fn group_headings_above_body_headings() {
    let model = read(
        "一、区直有关部门\n\
         （一）区应急管理局\n\
         1.负责综合监督管理。\n\
         2.负责危险化学品安全监管。\n\
         （二）区交通运输局\n\
         1.负责道路运输安全监管。\n\
         二、乡镇（街道）\n\
         （一）各乡镇人民政府\n\
         1.负责本辖区安全生产工作。\n",
    );
    expect(
        &model,
        &[
            ("区应急管理局", 2),
            ("区交通运输局", 1),
            ("各乡镇人民政府", 1),
        ],
    );
    assert_eq!(unattributed(&model), 0);
}

// 5. Sector first

#[test]
fn sector_headings_with_numbered_lines_opening_with_bodies() {
    let model = read(
        "一、剧本娱乐经营场所\n\
         （一）区文旅局负责指导督促剧本娱乐经营场所履行安全生产责任。\n\
         （二）区公安分局负责剧本娱乐经营场所治安管理工作。\n\
         二、烟花爆竹\n\
         （一）区应急管理局负责烟花爆竹经营安全监管。\n\
         （二）区文旅局配合做好烟花燃放活动的安全管理。\n",
    );
    assert_eq!(layout(&model), "sector-first");
    expect(
        &model,
        &[("区文旅局", 2), ("区公安分局", 1), ("区应急管理局", 1)],
    );
    assert_eq!(sectors(&model), ["剧本娱乐经营场所", "烟花爆竹"]);
    // 烟花爆竹 is the taxonomy's; 剧本娱乐经营场所 a topic of the list's own, under 娱乐场所.
    let taxonomy = Taxonomy::builtin();
    assert!(model.sectors[0].concept.is_none());
    let broader = model.sectors[0]
        .broader
        .map(|b| taxonomy.concepts[b].pref_zh.as_str());
    assert!(
        broader.is_some_and(|b| b.contains("娱乐场所")),
        "{broader:?}"
    );
    assert_eq!(
        model.sectors[1]
            .concept
            .map(|c| taxonomy.concepts[c].pref_zh.as_str()),
        Some("烟花爆竹")
    );
    assert_eq!(model.duties[3].citation, "二、烟花爆竹（二）");
}

#[test]
fn sector_headings_with_unnumbered_lines_opening_with_generic_bodies() {
    let model = read(
        "一、剧本娱乐经营场所\n\
         文化旅游部门负责指导督促经营者履行安全生产责任。\n\
         公安机关负责治安管理工作。\n\
         消防救援机构负责消防监督检查。\n",
    );
    assert_eq!(layout(&model), "sector-first");
    expect(
        &model,
        &[("文化旅游部门", 1), ("公安机关", 1), ("消防救援机构", 1)],
    );
}

#[test]
fn a_lead_table_written_as_sentences() {
    let model = read(
        "一、学校\n\
         全省学校的安全生产工作由省教育厅牵头负责，省公安厅、省卫健委配合，副省长为主管领导。\n\
         二、旅游景区\n\
         旅游景区安全生产工作由省文化和旅游厅牵头负责。\n",
    );
    expect(
        &model,
        &[
            ("省教育厅", 1),
            ("省公安厅", 1),
            ("省卫健委", 1),
            ("副省长", 1),
            ("省文化和旅游厅", 1),
        ],
    );
    use dutygraph::extract::Mode;
    let mode = |i: usize| model.duties[i].clauses[0].mode;
    assert_eq!(
        [mode(0), mode(1), mode(3)],
        [Mode::Lead, Mode::Cooperation, Mode::Lead]
    );
    assert_eq!(sectors(&model), ["学校", "旅游景区"]);
}

// 6. Tables

#[test]
fn a_table_flattened_with_spaces_with_a_catch_all_row_and_no_body_row() {
    let model = read(
        "烟花爆竹安全监管\n\
         序号 涉及部门 职责分工\n\
         1 市公安局 负责烟花爆竹运输许可。\n\
         2 市应急管理局 负责烟花爆竹经营单位的安全生产监督管理。\n\
         3 市交通运输局等有关市直部门 按照职责分工查处违法行为。\n\
         4 其他 经营单位的主要负责人对本单位的烟花爆竹安全工作负责。\n\
         相关依据:\n\
         1.《烟花爆竹安全管理条例》\n",
    );
    assert_eq!(layout(&model), "table");
    expect(
        &model,
        &[
            ("市公安局", 1),
            ("市应急管理局", 1),
            ("市交通运输局等有关市直部门", 1),
        ],
    );
    assert_eq!(unattributed(&model), 1);
    assert_eq!(model.document.level.as_deref(), Some("市"));
    assert_eq!(model.duties[1].citation, "烟花爆竹安全监管表序号2");
    // The legal basis is no duty.
    assert_eq!(model.duties.len(), 4);
}

#[test]
fn a_matrix_of_sectors_leads_and_partners_with_tabs() {
    let model = read(
        "行业领域\t牵头部门\t配合部门\n\
         危险化学品\t区应急管理局\t区公安分局、区交通局\n\
         燃气\t区住建局\t区市场监管局\n",
    );
    expect(
        &model,
        &[
            ("区应急管理局", 1),
            ("区公安分局", 1),
            ("区交通局", 1),
            ("区住建局", 1),
            ("区市场监管局", 1),
        ],
    );
    use dutygraph::extract::Mode;
    assert_eq!(model.duties[0].clauses[0].mode, Mode::Lead);
    assert_eq!(model.duties[1].clauses[0].mode, Mode::Cooperation);
    let taxonomy = Taxonomy::builtin();
    let hazchem = taxonomy.by_pref_label("危险化学品").unwrap();
    assert_eq!(model.sectors[0].concept, Some(hazchem));
}

// 8. Around the list

#[test]
fn the_notice_and_the_provisions_are_no_duties_and_the_metadata_is_kept() {
    let model = read(
        "朗读\n\
         某某县人民政府办公室关于印发《某某县安全生产职责规定（试行）》的通知\n\
         某政办[2009]12号\n\
         各乡镇人民政府，县直各部门：\n\
         现将《某某县安全生产职责规定（试行）》印发给你们，请认真执行。\n\
         某某县人民政府办公室\n\
         二OO九年三月二十九日\n\
         某某县安全生产职责规定（试行）\n\
         第一章 总则\n\
         第一条 为明确职责，制定本规定。\n\
         第二章 部门职责\n\
         第二条 县应急管理局负责全县安全生产综合监督管理。\n\
         第三章 附则\n\
         第三条 本规定自印发之日起施行。\n\
         ? ?\n\
         抄送：县委办公室。\n",
    );
    let meta = &model.document.meta;
    assert_eq!(
        meta.title.as_ref().unwrap().text,
        "某某县安全生产职责规定（试行）"
    );
    assert_eq!(meta.status.as_ref().unwrap().text, "试行");
    assert_eq!(meta.number.as_ref().unwrap().text, "某政办[2009]12号");
    assert_eq!(meta.issuer.as_ref().unwrap().text, "某某县人民政府办公室");
    assert_eq!(meta.issued, Some((2009, 3, 29)));
    assert_eq!(model.document.level.as_deref(), Some("县"));
    expect(&model, &[("县应急管理局", 1)]);
    assert_eq!(model.layout.skipped.len(), 2);
}

// 9. A page that starts mid-document

#[test]
fn paragraphs_before_the_first_heading_are_kept_unattributed_and_never_given_to_the_next_body() {
    let model = read(
        "负责本系统安全生产工作。\n\
         （二）指导所属单位开展隐患排查。\n\
         三、区水利局\n\
         （一）负责水利工程安全监管。\n",
    );
    expect(&model, &[("区水利局", 1)]);
    assert_eq!(unattributed(&model), 2);
    assert!(
        model
            .duties
            .iter()
            .filter(|d| d.bearer.is_none())
            .all(|d| d.unattributed.is_some())
    );
}

#[test]
fn a_document_with_no_list_is_refused_with_what_it_looked_like() {
    let model = read("会议纪要\n今天开了会，讨论了工作。\n");
    assert!(model.is_empty());
    let message = model.refusal();
    assert!(message.contains("no duty found"), "{message}");
    assert!(message.contains("tried articles"), "{message}");
}

#[test]
fn a_web_table_row_spanning_two_duty_cells_is_one_row_with_two_duties() {
    // The department cell spans two rows (rowspan): the second row's blank number and
    // department continue the first, as a Word table's vertical merge does.
    let page = "<html><head><meta charset=utf-8><title>职责分工</title></head><body>\
        <p>燃气安全监管</p>\
        <table><tr><th>序号</th><th>牵头部门</th><th>职责</th></tr>\
        <tr><td>1</td><td>区住建局</td><td>负责燃气经营许可。</td></tr>\
        <tr><td rowspan=2>2</td><td rowspan=2>区市场监管局</td><td>负责燃气器具质量监督。</td></tr>\
        <tr><td>负责燃气计量器具检定。</td></tr>\
        <tr><td>3</td><td>其他</td><td>燃气企业落实主体责任。</td></tr>\
        </table></body></html>";
    let source = dutygraph::store::Source::from_bytes(
        "t.html",
        "t".to_owned(),
        page.as_bytes(),
        &dutygraph::read::Limits::default(),
    )
    .unwrap();
    let model = source.model(Taxonomy::builtin()).unwrap();
    expect(&model, &[("区住建局", 1), ("区市场监管局", 2)]);
    let cited: Vec<(&str, u32, &str)> = model
        .duties
        .iter()
        .map(|d| (d.citation.as_str(), d.position, d.text.text.as_str()))
        .collect();
    assert_eq!(
        cited,
        [
            ("燃气安全监管表序号1", 1, "负责燃气经营许可。"),
            ("燃气安全监管表序号2", 1, "负责燃气器具质量监督。"),
            ("燃气安全监管表序号2", 2, "负责燃气计量器具检定。"),
            ("燃气安全监管表序号3", 1, "燃气企业落实主体责任。"),
        ]
    );
    // 其他 names no body: its row is kept, unattributed.
    assert!(model.duties[3].bearer.is_none());
    assert_eq!(model.duties[1].unit, model.duties[2].unit);
}

#[test]
fn articles_with_numbered_items_a_duty_after_the_colon_and_a_government_with_an_alternative() {
    let model = read(
        "某县安全生产工作职责规定\n\
         第一章 总则\n\
         第一条 为了落实安全生产责任，制定本规定。\n\
         第二章 部门职责\n\
         第二条 乡镇人民政府（街道办事处）安全生产职责：\n\
         （一）贯彻落实安全生产法律法规；\n\
         （二）组织开展安全生产检查。\n\
         第三条 县应急管理局安全生产工作职责\n\
         1.负责全县安全生产综合监督管理工作。\n\
         2.负责危险化学品安全监督管理。\n\
         第四条 县教育局：负责学校安全工作的指导和监督。\n\
         第三章 附则\n\
         第五条 本规定自印发之日起施行。\n",
    );
    expect(
        &model,
        &[
            ("乡镇人民政府（街道办事处）", 2),
            ("县应急管理局", 2),
            ("县教育局", 1),
        ],
    );
    assert_eq!(
        model.bodies[0].kind,
        dutygraph::extract::BodyKind::Government
    );
    assert_eq!(model.duties[2].citation, "第三条第1项");
    assert_eq!(model.duties[4].citation, "第四条第1段");
}

#[test]
fn a_notice_without_a_title_and_a_signature_after_the_last_item_are_no_duties() {
    let model = read(
        "各县（市、区）人民政府，市直有关单位：\n\
         为进一步明确安全生产职责，现通知如下：\n\
         一、市应急管理局\n\
         （一）负责全市安全生产综合监督管理。\n\
         （二）负责危险化学品安全监督管理。\n\
         二、市住房和城乡建设局\n\
         （一）负责房屋建筑工程施工安全监督管理。\n\
         某市人民政府办公室\n\
         2023年5月6日\n",
    );
    expect(&model, &[("市应急管理局", 2), ("市住房和城乡建设局", 1)]);
    assert_eq!(unattributed(&model), 0);
    let meta = &model.document.meta;
    assert_eq!(meta.issuer.as_ref().unwrap().text, "某市人民政府办公室");
    assert_eq!(meta.issued, Some((2023, 5, 6)));
}

#[test]
fn unnumbered_headings_of_numbered_items_name_bodies_and_sectors() {
    let model = read(
        "某区部门安全生产职责清单\n\
         区应急管理局\n\
         1.负责全区安全生产综合监督管理。\n\
         2.负责危险化学品安全监督管理。\n\
         区住房和城乡建设局：\n\
         1.负责建筑施工安全监督管理。\n\
         区教育局\n\
         1.负责学校安全管理工作。\n",
    );
    expect(
        &model,
        &[
            ("区应急管理局", 2),
            ("区住房和城乡建设局", 1),
            ("区教育局", 1),
        ],
    );
    assert_eq!(
        model.document.meta.title.as_ref().unwrap().text,
        "某区部门安全生产职责清单"
    );

    let model = read(
        "重点行业领域监管职责分工\n\
         城镇燃气\n\
         1.县住建局负责城镇燃气行业管理。\n\
         2.县市场监管局负责燃气压力容器安全监察。\n\
         电动自行车\n\
         1.县市场监管局负责电动自行车产品质量监管。\n",
    );
    expect(&model, &[("县住建局", 1), ("县市场监管局", 2)]);
    assert_eq!(sectors(&model), ["城镇燃气", "电动自行车"]);
}

#[test]
fn a_provinces_departments_are_matched_to_the_roles_of_a_citys_bureaus() {
    let model = read(
        "某省安全生产工作职责规定\n\
         第一条 省应急管理厅履行下列职责：\n\
         （一）负责全省安全生产综合监督管理；\n\
         （二）负责危险化学品安全监督管理。\n\
         第二条 省公安厅负责道路交通安全管理。\n",
    );
    expect(&model, &[("省应急管理厅", 2), ("省公安厅", 1)]);
    let roles: Vec<Option<&str>> = model
        .bodies
        .iter()
        .map(|b| b.role.map(|r| r.slug.as_str()))
        .collect();
    assert_eq!(
        roles,
        [Some("emergency-management"), Some("public-security")]
    );
}

#[test]
fn article_headings_worded_every_way_name_their_body() {
    for heading in [
        "区应急管理局主要职责是：",
        "区应急管理局的安全生产职责：",
        "区应急管理局负有以下安全生产职责：",
        "区应急管理局承担以下职责：",
        "区应急管理局在安全生产工作中履行以下职责：",
        "区应急管理局安全生产责任清单",
        "区应急管理局职责",
    ] {
        let model = read(&format!(
            "第十条 {heading}\n（一）负责全区安全生产综合监督管理。\n（二）负责危险化学品安全监督管理。\n\
             第十一条 区公安分局\n（一）负责道路交通安全管理。\n"
        ));
        let got = bodies(&model);
        assert_eq!(
            got,
            [("区应急管理局".to_owned(), 2), ("区公安分局".to_owned(), 1)],
            "{heading}"
        );
    }
    // A duty after the colon of the heading comes first, cited by the article.
    let model = read(
        "第十条 区应急管理局：负责全区安全生产综合监督管理；\n\
         （一）负责危险化学品安全监督管理。\n\
         （二）负责烟花爆竹安全监督管理。\n",
    );
    expect(&model, &[("区应急管理局", 3)]);
    let cited: Vec<(&str, u32)> = model
        .duties
        .iter()
        .map(|d| (d.citation.as_str(), d.position))
        .collect();
    assert_eq!(
        cited,
        [
            ("第十条", 1),
            ("第十条第（一）项", 2),
            ("第十条第（二）项", 3)
        ]
    );
    assert_eq!(model.duties[0].text.text, "负责全区安全生产综合监督管理；");
}
