//! Word lists of the genre: governing verbs with their mode and relation, and the words
//! that mark a party. Kept as data so that a reviewer can read and extend them.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// How a body holds a duty (the mode of a clause's governing verb).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Lead,
    Guidance,
    Coordination,
    Oversight,
    Cooperation,
    Support,
}

impl Mode {
    pub const ALL: [Mode; 6] = [
        Mode::Lead,
        Mode::Guidance,
        Mode::Coordination,
        Mode::Oversight,
        Mode::Cooperation,
        Mode::Support,
    ];
}

/// A relation a verb establishes with its counterpart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelationKind {
    /// 会同
    JointlyWith,
    /// 配合
    CooperatesWith,
    /// 协助
    Assists,
    /// 协调
    Coordinates,
    /// 指导
    Guides,
    /// 督促
    Urges,
    /// 监督
    Supervises,
    /// 支持
    Supports,
    /// 联合
    ActsJointlyWith,
}

impl RelationKind {
    pub const ALL: [RelationKind; 9] = [
        RelationKind::JointlyWith,
        RelationKind::CooperatesWith,
        RelationKind::Assists,
        RelationKind::Coordinates,
        RelationKind::Guides,
        RelationKind::Urges,
        RelationKind::Supervises,
        RelationKind::Supports,
        RelationKind::ActsJointlyWith,
    ];

    /// 会同, 配合, 协助 and 联合 are followed by a party, whatever comes after it.
    pub fn takes_a_party(self) -> bool {
        matches!(
            self,
            RelationKind::JointlyWith
                | RelationKind::ActsJointlyWith
                | RelationKind::CooperatesWith
                | RelationKind::Assists
        )
    }

    /// Verbs like 会同 and 联合 introduce a partner before the clause's own verb.
    pub fn is_prepositional(self) -> bool {
        matches!(
            self,
            RelationKind::JointlyWith | RelationKind::ActsJointlyWith
        )
    }
}

/// A verb of the lexicon.
#[derive(Debug, Clone, Copy)]
pub struct Verb {
    pub word: &'static str,
    pub mode: Mode,
    pub relation: Option<RelationKind>,
}

const fn verb(word: &'static str, mode: Mode, relation: Option<RelationKind>) -> Verb {
    Verb {
        word,
        mode,
        relation,
    }
}

use Mode::*;
use RelationKind::*;

/// Governing verbs. Matching is leftmost-longest, so 监督管理 (Lead) wins over 监督.
pub const VERBS: &[Verb] = &[
    // Relations.
    verb("会同", Lead, Some(JointlyWith)),
    verb("联合", Lead, Some(ActsJointlyWith)),
    verb("配合", Cooperation, Some(CooperatesWith)),
    verb("协助", Cooperation, Some(Assists)),
    verb("协调", Coordination, Some(Coordinates)),
    verb("综合协调", Coordination, Some(Coordinates)),
    verb("指导", Guidance, Some(Guides)),
    verb("督促", Oversight, Some(Urges)),
    verb("监督", Oversight, Some(Supervises)),
    verb("监督检查", Oversight, Some(Supervises)),
    verb("监督管理", Lead, Some(Supervises)),
    verb("支持", Support, Some(Supports)),
    // Guidance.
    verb("引导", Guidance, None),
    // Coordination.
    verb("统筹", Coordination, None),
    // Oversight.
    verb("督导", Oversight, None),
    verb("督查", Oversight, None),
    verb("监察", Oversight, None),
    verb("检查", Oversight, None),
    verb("抽查", Oversight, None),
    verb("巡查", Oversight, None),
    // Cooperation.
    verb("参与", Cooperation, None),
    verb("参加", Cooperation, None),
    // Support.
    verb("保障", Support, None),
    // Lead.
    verb("负责", Lead, None),
    verb("承担", Lead, None),
    verb("承办", Lead, None),
    verb("组织", Lead, None),
    verb("领导", Lead, None),
    verb("实施", Lead, None),
    verb("查处", Lead, None),
    verb("制定", Lead, None),
    verb("制订", Lead, None),
    verb("拟订", Lead, None),
    verb("拟定", Lead, None),
    verb("起草", Lead, None),
    verb("建立", Lead, None),
    verb("建立健全", Lead, None),
    verb("健全", Lead, None),
    verb("开展", Lead, None),
    verb("推动", Lead, None),
    verb("推进", Lead, None),
    verb("落实", Lead, None),
    verb("加强", Lead, None),
    verb("研究", Lead, None),
    verb("审定", Lead, None),
    verb("完成", Lead, None),
    verb("履行", Lead, None),
    verb("监管", Lead, None),
    verb("办理", Lead, None),
    verb("贯彻", Lead, None),
    verb("将", Lead, None),
    verb("把", Lead, None),
    verb("纳入", Lead, None),
    verb("加大", Lead, None),
    verb("淘汰", Lead, None),
    verb("促进", Lead, None),
    verb("促使", Lead, None),
    verb("提高", Lead, None),
    verb("提升", Lead, None),
    verb("普及", Lead, None),
    verb("报道", Lead, None),
    verb("处置", Lead, None),
    verb("防范", Lead, None),
    verb("完善", Lead, None),
    verb("优化", Lead, None),
    verb("选优配强", Lead, None),
    verb("调查", Lead, None),
    verb("审核", Lead, None),
    verb("反映", Lead, None),
    verb("维护", Lead, None),
    verb("动员", Lead, None),
    verb("打击", Lead, None),
    verb("强化", Lead, None),
    verb("推广", Lead, None),
    verb("编制", Lead, None),
    verb("作出", Lead, None),
    verb("听取", Lead, None),
    verb("安排", Lead, None),
    verb("分析", Lead, None),
    verb("召开", Lead, None),
    verb("明确", Lead, None),
    verb("消除", Lead, None),
    verb("规范", Lead, None),
    verb("做好", Lead, None),
    verb("抓好", Lead, None),
    verb("处理", Lead, None),
    verb("代表", Lead, None),
    verb("表彰", Lead, None),
    verb("总结", Lead, None),
    verb("审查", Lead, None),
    verb("严格", Lead, None),
    verb("行使", Lead, None),
    verb("整改", Lead, None),
    verb("执行", Lead, None),
    verb("制止", Lead, None),
    verb("指挥", Lead, None),
    verb("确保", Lead, None),
    verb("建设", Lead, None),
    verb("宣传", Lead, None),
    verb("预防", Lead, None),
    verb("鉴定", Lead, None),
    verb("开发", Lead, None),
    verb("积极争取", Lead, None),
    verb("争取", Lead, None),
    verb("部署", Lead, None),
    verb("分析研判", Lead, None),
    verb("研判", Lead, None),
    verb("应对", Lead, None),
    verb("备案", Lead, None),
    verb("吊销", Lead, None),
    verb("提出", Lead, None),
    verb("拟定", Lead, None),
    verb("承接", Lead, None),
    verb("依托", Lead, None),
    verb("配备", Lead, None),
    verb("齐抓共管", Lead, None),
    verb("完成好", Lead, None),
    verb("学习", Lead, None),
    verb("重视", Lead, None),
    verb("遵守", Lead, None),
    verb("提供", Lead, None),
    verb("进行", Lead, None),
    verb("排查", Lead, None),
    verb("管控", Lead, None),
    verb("优化提升", Lead, None),
    verb("选拔", Lead, None),
    verb("培训", Lead, None),
    verb("引进", Lead, None),
    verb("保护", Lead, None),
];

/// Words that end a counterpart's noun phrase although they are not verbs.
pub const NP_STOPS: &[&str] = &[
    "依法",
    "按照",
    "依照",
    "依据",
    "根据",
    "对",
    "在",
    "为",
    "及时",
    "积极",
    "认真",
    "正确",
    "共同",
    "定期",
    "切实",
    "其",
    "的",
    "从",
    "以",
    "全面",
    "主动",
    "进一步",
    "应",
    "安全",
    "按规定",
];

/// Nouns a verb can modify; a verb right before one of them is not a verb (监督部门).
pub const NOUN_HEADS: &[&str] = &[
    "部门", "机构", "机关", "人员", "单位", "职责", "体系", "制度", "能力", "队伍", "力量", "责任",
    "同志", "干部", "班子", "小组",
];

/// Nouns that contain a verb of the lexicon (机构编制 holds 编制).
pub const NOUN_COMPOUNDS: &[&str] = &["机构编制", "组织人事", "宣传教育", "宣传文化"];

/// Light verbs of the 对…进行/实施… construction: the governing verb follows them.
pub const LIGHT_VERBS: &[&str] = &["进行", "实施", "开展", "予以", "作出", "给予", "加强"];

/// Words a party's name ends with (checked after a trailing parenthetical is set aside).
pub const PARTY_HEADS: &[&str] = &[
    "部门",
    "单位",
    "企业",
    "机构",
    "机关",
    "学校",
    "幼儿园",
    "派出所",
    "办事处",
    "管委会",
    "街道",
    "社区",
    "工会",
    "团委",
    "妇联",
    "群团组织",
    "部队",
    "民兵力量",
    "成员",
    "同志",
    "干部",
    "局",
    "委",
    "委员会",
    "安委会",
    "办公室",
    "大队",
    "中心",
    "合作社",
    "供销社",
    "队伍",
    "主体",
    "媒体",
    "政府",
    "人大",
    "政协",
    "服务者",
    "景区",
    "本系统",
    "各方面",
    "公司",
    "村",
    "乡镇",
];

/// Classes of counterpart words, checked in order (first hit wins).
pub const PARTY_CLASS_CUES: &[(&str, &[&str])] = &[
    (
        "HigherLevel",
        &[
            "上级",
            "国家",
            "中央",
            "省委",
            "省政府",
            "省级",
            "市委",
            "市政府",
            "市级",
        ],
    ),
    (
        "Enterprises",
        &[
            "企业",
            "生产经营单位",
            "经营单位",
            "公司",
            "事故发生单位",
            "用人单位",
            "发行单位",
            "主办单位",
            "企事业单位",
            "事业单位",
            "责任单位",
        ],
    ),
    (
        "LowerLevelUnits",
        &[
            "街道",
            "乡镇",
            "社区",
            "村",
            "派出所",
            "学校",
            "幼儿园",
            "下级",
            "所属",
            "基层",
            "本系统",
            "分管",
            "所分包",
            "队伍",
            "工会",
            "民兵",
        ],
    ),
    (
        "UnspecifiedDepartments",
        &[
            "有关部门",
            "相关部门",
            "有关单位",
            "相关单位",
            "各单位",
            "各部门",
            "主管部门",
            "成员单位",
            "各方面",
            "有关方面",
        ],
    ),
];

/// The verb automaton (leftmost-longest over [`VERBS`]).
pub fn verb_matcher() -> &'static AhoCorasick {
    static MATCHER: OnceLock<AhoCorasick> = OnceLock::new();
    MATCHER.get_or_init(|| {
        // The lexicon is a constant; building it cannot fail on input.
        #[allow(clippy::expect_used)]
        // A DFA: the verbs are matched in every clause several times over (splitting,
        // modes, relations). Its 129 words build in about 1 ms (the default NFA in 0.3 ms;
        // release build, 2026-12-03), once per process that extracts, and scan faster:
        // it pays for itself on large lists and about breaks even on the reference list.
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(VERBS.iter().map(|v| v.word))
            .expect("the verb lexicon builds")
    })
}

/// The automaton of [`NP_STOPS`].
pub fn np_stop_matcher() -> &'static AhoCorasick {
    static MATCHER: OnceLock<AhoCorasick> = OnceLock::new();
    MATCHER.get_or_init(|| {
        #[allow(clippy::expect_used)]
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(NP_STOPS)
            .expect("the stop list builds")
    })
}
