//! Every user-facing string of the reports and the web UI, in both languages, in one
//! table: the Markdown, HTML, CSV and XLSX renderers and the pages take their words from
//! here, so that a label cannot say one thing in one format and another elsewhere, and a
//! test can check that no page or report in one language shows a string of the other.
//!
//! A text with `{name}` placeholders is filled with [`Text::fill`]. Names of the list's own
//! (bodies, topics, citations) are data, not catalogue entries.

use std::fmt::Display;

use crate::analysis::Lang;

/// One string in Chinese and in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn new(zh: &'static str, en: &'static str) -> Self {
        Text { zh, en }
    }

    /// The string in a language.
    pub const fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// The string in a language with each `{name}` replaced by its value, in one pass (a
    /// value that contains braces stays as it is). A placeholder without a value is kept.
    pub fn fill(self, lang: Lang, values: &[(&str, &dyn Display)]) -> String {
        use std::fmt::Write;
        let template = self.get(lang);
        let mut out = String::with_capacity(template.len() + 16 * values.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let name = &after[..close];
                values
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (close, v))
            });
            match value {
                Some((close, v)) => {
                    let _ = write!(out, "{v}");
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The parts of the string in a language that are its own words (between
    /// placeholders), for checks that one language does not leak into the other.
    pub fn fragments(self, lang: Lang) -> impl Iterator<Item = &'static str> {
        self.get(lang)
            .split(['{', '}'])
            .enumerate()
            // Odd parts are placeholder names.
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, part)| part)
            .filter(|part| !part.trim().is_empty())
    }
}

/// Declares the entries as constants and lists them all in [`ALL`].
macro_rules! catalogue {
    ($($(#[$doc:meta])* $name:ident = ($zh:literal, $en:literal);)*) => {
        $($(#[$doc])* pub const $name: Text = Text::new($zh, $en);)*
        /// Every entry, with its name.
        pub const ALL: &[(&str, Text)] = &[$((stringify!($name), $name)),*];
    };
}

catalogue! {

    // The reports (Markdown, HTML, CSV, XLSX): headings, notes, column names.

    TOPICS_DEALT_WITH = ("涉及的主题", "Topics dealt with");
    TOPICS_DEALT_WITH_NOTE = ("至少一个主体的职责涉及的主题", "topics at least one body's duties concern");
    TOPICS_SEVERAL_LEADS_BY_SEVERITY = ("多头牵头的主题（高/中/低）", "Topics with several leads (high/medium/low)");
    TOPICS_SEVERAL_LEADS_NOTE = ("两个以上主体“负责”同一主题，推诿扯皮风险", "two or more bodies lead the same topic");
    TOPICS_NOBODY_LEADS = ("无人牵头的主题", "Topics nobody leads");
    HIGH_PREFIX = ("高", "high ");
    TOPICS_NOBODY_LEADS_NOTE = ("只被指导、协调、督促或配合，监管盲区", "only guided, coordinated, overseen or cooperated on");
    DUTIES_WITH_AN_UNNAMED_PARTNER = ("合作对象未指明的职责", "Duties with an unnamed partner");
    UNNAMED_PARTNER_NOTE = ("会同、配合“有关部门”等", "会同/配合 有关部门 and the like");
    NETWORK = ("关系网络", "Network");
    NODES_EDGES_NOTE = ("节点 / 边（含文本所述领导关系）", "nodes / edges (with the stated line of command)");
    MOST_CENTRAL_BODIES = ("中心性前三", "Most central bodies");
    MOST_CENTRAL_NOTE = ("按中介中心性排序", "by betweenness centrality");
    REVIEW_COMMENTS_BY_SEVERITY = ("修改意见（高/中/低）", "Review comments (high/medium/low)");
    REVIEW_COMMENTS_NOTE = ("编号、附件、层级用语、日期、标点、简称", "numbering, annex, level, dates, punctuation, abbreviations");
    MATRIX = ("职责矩阵", "Matrix");
    MATRIX_NOTE = ("主体 × 主题", "bodies × topics");
    NONE_PARENS = ("（无）", "(none)");
    PAIR_OVERLAP_METHOD = ("按两主体共同涉及的行业领域、风险和场所主题计算 Jaccard 系数（共同主题数 ÷ 任一方涉及的主题数）。", "Jaccard similarity over the industry, hazard and place topics the two bodies deal with (shared ÷ either).");
    ROLE_PAIR_METHOD = ("同一清单内两个主体共同涉及行业领域、风险或场所主题时计一次，按角色汇总：清单数、平均 Jaccard 系数、半数以上清单中共同涉及的主题。", "Two bodies of one list sharing industry, hazard or place topics count once, summed by role: the lists, the mean Jaccard similarity, the topics shared in at least half of them.");
    NONE = ("无", "none");
    NOT_LISTED = ("未列入", "not listed");
    TEXT = ("原文", "Text");
    SUGGESTION = ("建议", "Suggestion");
    SOURCES = ("出处", "Sources");
    BODY = ("主体", "Body");
    ALL_HEADING_PREFIX = ("安全生产职责清单分析报告：", "Analysis report: ");
    COMPARE_HEADING_PREFIX = ("清单比较：", "Comparison of lists: ");
    GAPS_HEADING_PREFIX = ("职责空白分析：", "Gaps: ");
    GAPS = ("职责空白", "Gaps");
    REVIEW = ("修改意见", "Review");
    MATRIX_HEADING_PREFIX = ("职责矩阵：", "Responsibility matrix: ");
    NETWORK_HEADING_PREFIX = ("主体关系网络：", "Network: ");
    OVERLAPS_HEADING_PREFIX = ("主题重叠分析：", "Overlaps: ");
    OVERLAPS = ("主题重叠", "Overlaps");
    CATEGORY_COLUMN = ("附件类别", "category");
    KIND_COLUMN = ("主体类型", "kind");
    TOPIC_X_ROLE = ("主题×角色", "Topic x role");
    LISTS = ("各清单概况", "Lists");
    TOPIC_X_CATEGORY = ("主题×主体类别", "Topic x category");
    UNUSUAL_LEADS = ("非通常牵头", "Unusual leads");
    LEGEND = ("图例", "Legend");
    LETTER = ("字母", "Letter");
    MODE = ("履职方式", "Mode");
    ENGLISH = ("英文", "English");
    VERBS = ("对应动词", "Verbs");
    MATRIX_LEGEND_NOTE = ("一格内多个字母按强弱排列（L 最强）。来源：dutygraph report matrix。", "Several letters in a cell are strongest first (L strongest). Made by dutygraph report matrix.");

    ITEM = ("项目", "Item");
    RESULT = ("结果", "Result");
    NOTE = ("说明", "Note");
    MODES_STRONGEST_FIRST = ("方式（强→弱）", "Modes (strongest first)");
    LEAD = ("牵头主体", "Lead");
    OTHERS_MODES = ("其他参与主体（方式）", "Others (modes)");
    BODY_A = ("主体甲", "Body A");
    BODY_B = ("主体乙", "Body B");
    SHARED = ("共同主题", "Shared");
    JACCARD = ("Jaccard", "Jaccard");
    SHARED_TOPICS = ("共同主题", "Shared topics");
    WORST_SEVERITY = ("最高风险", "Worst severity");
    LISTS_CONCERNED = ("涉及清单数", "Lists");
    LEAD_ROLES_LISTS = ("牵头角色（牵头清单数）", "Lead roles (lists)");
    LIST = ("清单", "List");
    SEVERITY = ("风险", "Severity");
    LEADS_AND_SOURCES = ("牵头主体及出处", "Bodies in the lead and sources");
    ROLE_A = ("角色甲", "Role A");
    ROLE_B = ("角色乙", "Role B");
    LIST_COUNT = ("清单数", "Lists");
    LEVEL = ("层级", "Level");
    BODIES_COLUMN = ("主体", "Bodies");
    TOPICS_CONCERNED = ("涉及主题", "Topics");
    TOPICS_WITH_SEVERAL_LEADS = ("多头牵头主题", "Topics with several leads");
    TOPICS_NOBODY_LEADS_COLUMN = ("无人牵头主题", "Topics nobody leads");
    USUAL_LEAD_LISTS = ("通常牵头角色（清单数）", "Usual lead (lists)");
    OTHER_LEAD_ROLES_LISTS = ("其他牵头角色（清单数）", "Other lead roles (lists)");
    USUAL_LEAD = ("通常牵头角色", "Usual lead");
    LIST_OF_HOW_MANY = ("清单（共几份）", "List (of how many)");
    ARTICLE_SHORT = ("条", "Article");
    TOPIC_SPECIFIC_CLAUSES_LEAD = ("具体领域分句（其中牵头）", "Topic-specific clauses (lead)");
    BODIES_MODES_AND_SOURCES = ("涉及主体、方式及出处", "Bodies, modes and sources");
    VERB = ("动词", "Verb");
    PARTNER_AS_WRITTEN = ("对象原文", "Partner as written");
    PARTY = ("相对方", "Party");
    CLASS = ("类别", "Class");
    NAMED_BY_BODY_VERB_SOURCE = ("提及（主体、动词、出处）", "Named by (body, verb, source)");
    RANK = ("名次", "Rank");
    BETWEENNESS = ("中介中心性", "Betweenness");
    PAGERANK = ("PageRank", "PageRank");
    DEGREE = ("度", "Degree");

    SEVERAL_LEADS_HEADING = ("多头牵头的主题", "Topics with several leads");
    ONE_LEAD_OR_NONE_HEADING = ("单一牵头或无人牵头的主题", "Topics with one lead or none");
    PAIRWISE_BODIES_HEADING = ("主体两两重叠（前20对）", "Pairwise overlap of bodies (top 20)");
    LISTS_WITH_SEVERAL_LEADS_EXAMPLES = ("多头牵头的清单（示例）", "Lists with several leads (examples)");
    ONE_LEAD_OR_NONE_EVERY_LIST = ("各清单均单一牵头或无人牵头的主题", "Topics with one lead or none in every list");
    PAIRWISE_ROLES_HEADING = ("角色两两重叠（前20对）", "Pairwise overlap of roles (top 20)");
    THE_LISTS = ("各清单概况", "The lists");
    WHO_LEADS_EACH_TOPIC = ("各主题由哪类主体牵头", "Who leads each topic");
    UNUSUAL_LEAD_LISTS = ("把牵头交给非通常角色的清单（示例）", "Lists that give the lead to an unusual role (examples)");
    TOPICS_SOME_LISTS_LEAVE = ("部分清单未涉及的主题", "Topics some lists give to nobody");
    NOBODY_LEADS_HEADING = ("无人牵头的主题（监管盲区）", "Topics nobody leads");
    TOPICS_NO_DUTY_CONCERNS = ("未被任何条款涉及的主题", "Topics no duty concerns");
    UNNAMED_PARTNER_HEADING = ("合作对象未具体指明的职责", "Duties with an unnamed partner");
    PARTIES_WITHOUT_ARTICLE = ("清单中没有职责条款的相对方", "Parties with no article in the list");
    CENTRALITY_RANKING_TOP_10 = ("中心性排名（前10）", "Centrality ranking (top 10)");
    LINE_OF_COMMAND = ("文本所述的领导关系", "The line of command the text states");
    RELATIONS_BETWEEN_BODIES = ("主体之间的关系", "Relations between bodies");
    COMPONENTS_AND_REACH = ("强连通分量与可达性", "Strongly connected components and reachability");
    SUPERVISION_WITHOUT_LEAD = ("附件列为“监督管理”类、却无具体领域牵头职责的部门", "Supervision departments (annex) with no topic-specific lead");
    LEAD_OUTSIDE_SUPERVISION = ("有具体领域牵头职责、附件却未列为“监督管理”类的部门", "Departments leading specific topics the annex does not call supervision");
    WITHOUT_SPECIFIC_DUTY = ("没有具体领域职责的主体", "Bodies with no topic-specific duty");

    LISTS_SEVERAL_LEADS_BY_SEVERITY = ("多头牵头清单数（高/中/低）", "Lists with several leads (high/medium/low)");
    LIST_COUNTS_COLUMN = ("涉及/牵头/多头/未涉及清单数", "Lists concerned/led/several leads/not concerned");
    LEADS_BY_CATEGORY = ("按附件类别牵头（清单数）", "Leads by annex category (lists)");

    // The CSV and XLSX columns: the English is the column's key, as in the JSON.
    COLUMN_TOPIC = ("主题", "topic");
    COLUMN_TOPIC_IRI = ("主题IRI", "topic_iri");
    COLUMN_LISTS_CONCERNED = ("涉及清单数", "lists_concerned");
    COLUMN_LISTS_LED = ("有牵头清单数", "lists_led");
    COLUMN_LISTS_SEVERAL_LEADS = ("多头牵头清单数", "lists_several_leads");
    COLUMN_LISTS_NOT_CONCERNED = ("未涉及清单数", "lists_not_concerned");
    COLUMN_ROLE = ("角色", "role");
    COLUMN_ROLE_IRI = ("角色IRI", "role_iri");
    COLUMN_ROLE_CONCERNS = ("该角色涉及的清单数", "role_concerns");
    COLUMN_ROLE_LEADS = ("该角色牵头的清单数", "role_leads");
    COLUMN_MODES = ("方式", "modes");
    COLUMN_LIST = ("清单", "list");
    COLUMN_LIST_IRI = ("清单IRI", "list_iri");
    COLUMN_LEVEL = ("层级", "level");
    COLUMN_BODIES = ("主体数", "bodies");
    COLUMN_DUTIES = ("职责数", "duties");
    COLUMN_TOPICS = ("涉及主题数", "topics");
    COLUMN_TOPICS_SEVERAL_LEADS = ("多头牵头主题数", "topics_several_leads");
    COLUMN_TOPICS_WITHOUT_LEAD = ("无人牵头主题数", "topics_without_lead");
    COLUMN_GROUPING = ("分组", "grouping");
    COLUMN_GROUP = ("类别", "group");
    COLUMN_CONCERNS = ("涉及清单数", "concerns");
    COLUMN_LEADS = ("牵头清单数", "leads");
    COLUMN_USUAL_LEAD = ("通常牵头角色", "usual_lead");
    COLUMN_LEAD_BODY = ("牵头主体", "body");
    COLUMN_BODY = ("主体", "body");
    COLUMN_BODY_IRI = ("主体IRI", "body_iri");
    COLUMN_SOURCES = ("出处", "sources");
    COLUMN_SEVERITY = ("风险", "severity");
    COLUMN_LEAD_COUNT = ("牵头主体数", "lead_count");
    COLUMN_FINDING_LIST = ("类别", "list");
    COLUMN_SUBJECT = ("对象", "subject");
    COLUMN_DETAIL = ("说明", "detail");
    COLUMN_NODE = ("节点", "node");
    COLUMN_KIND = ("类型", "kind");
    COLUMN_IRI = ("IRI", "iri");
    COLUMN_IN_DEGREE = ("入度", "in_degree");
    COLUMN_OUT_DEGREE = ("出度", "out_degree");
    COLUMN_DEGREE_CENTRALITY = ("度中心性", "degree_centrality");
    COLUMN_PAGERANK = ("PageRank", "pagerank");
    COLUMN_BETWEENNESS = ("中介中心性", "betweenness");
    COLUMN_REACH = ("可达节点数", "reach");
    COLUMN_REACHED_FROM_TOP = ("自领导顶端可达", "reached_from_top");
    COLUMN_NO = ("序号", "no");
    COLUMN_ARTICLE = ("条", "article");
    COLUMN_LINE = ("行", "line");
    COLUMN_CITATION = ("出处", "citation");
    COLUMN_EVIDENCE = ("原文", "evidence");
    COLUMN_MESSAGE = ("意见", "message");
    COLUMN_SUGGESTION = ("建议", "suggestion");
    COLUMN_DUTY = ("职责IRI", "duty");
    // The gap table's first column: which list of findings a row belongs to.
    GAP_LIST_TOPICS_WITHOUT_LEAD = ("无人牵头的主题", "topics_without_lead");
    GAP_LIST_UNMENTIONED_TOPICS = ("未被涉及的主题", "unmentioned_topics");
    GAP_LIST_UNSPECIFIED_PARTNERS = ("合作对象未指明", "unspecified_partners");
    GAP_LIST_UNKNOWN_PARTIES = ("清单外的相对方", "unknown_parties");
    GAP_LIST_SUPERVISION_WITHOUT_LEAD = ("监督管理类无具体牵头", "supervision_without_lead");
    GAP_LIST_LEAD_OUTSIDE_SUPERVISION = ("具体牵头但非监督管理类", "lead_outside_supervision");
    GAP_LIST_BODIES_WITHOUT_SPECIFIC_DUTY = ("无具体领域职责", "bodies_without_specific_duty");

    // Sentences with {placeholders}.
    OVERLAPS_SUMMARY = (
        "共{topics}个主题有主体涉及，其中{several}个主题有两个以上主体牵头负责（高{high}、中{medium}、低{low}）。“高”：两个以上部门牵头同一行业领域、风险或场所主题；“中”：牵头者中部门不足两个；“低”：各部门在本系统内各自履行的工作环节（如事故调查处理、安全生产统计）。",
        "{topics} topics are dealt with; {several} have more than one body in the lead (high {high}, medium {medium}, low {low}). High: two or more departments lead the same industry, hazard or place topic; medium: fewer than two of the leads are departments; low: a function of safety work each body performs in its own field."
    );
    OVERLAPS_MANY_SUMMARY = (
        "多份清单一并分析：风险逐份清单计算（不同清单的主体之间不算重叠），同一职能角色的主体（如区应急管理局、县应急管理局）合并为一行并注明清单数。共{topics}个主题有主体涉及，其中{several}个主题至少在一份清单中有两个以上主体牵头负责。每个主题最多列出{sample}份清单为例。",
        "Several lists analysed together: severities are computed list by list (bodies of different lists never overlap), and bodies of the same role (区应急管理局, 县应急管理局…) make one row with the number of lists. {topics} topics are dealt with; {several} have more than one body in the lead in at least one list. Up to {sample} example lists per topic."
    );
    COMPARE_SUMMARY = (
        "共比较{lists}份清单、{topics}个主题。不同清单的主体按职能角色对应（skos:closeMatch，如区应急管理局～县应急管理局～市应急管理局），未能对应角色的按名称。“通常牵头角色”指在最多清单中牵头该主题的角色；其他清单把牵头交给别的角色时列为“非通常牵头”（每个主题最多列{sample}份清单为例）。{several}份清单至少有一个主题多头牵头。",
        "{lists} lists and {topics} topics compared. Bodies of different lists are matched by role (skos:closeMatch: 区应急管理局 ~ 县应急管理局 ~ 市应急管理局), a body no role fits by its name. The usual lead is the role that leads the topic in the most lists; lists that give the lead to another role are listed as unusual leads (up to {sample} per topic). {several} lists have at least one topic with several leads."
    );
    TOPICS_NOT_CONCERNED_IN_LISTS = (
        "以下主题在括号内数量的清单中没有任何职责涉及（JSON 中 not_concerned 列出其中最多{sample}份）：{missing}。",
        "These topics are concerned by no duty in the number of lists in brackets (not_concerned in the JSON names up to {sample} of them): {missing}."
    );
    UNMENTIONED_TOPICS_NOTE = (
        "主题分类中有{unmentioned}个主题未被任何职责涉及（请核实本地是否存在相关行业领域）：{names}。",
        "{unmentioned} topics of the taxonomy are concerned by no duty (check whether they exist locally): {names}."
    );
    NETWORK_SUMMARY = (
        "有向图共{nodes}个节点（{bodies}个责任主体、{parties}个相对方群体、{organs}个文本中的领导机关）和{edges}条边。边为文本所写的指导、督促、监督、协调、配合、会同、联合、协助、支持关系，加上文本所述的领导关系（“领导区安委会工作”“在区委、区政府领导下”“……交办”）和“设在”关系。中心性按简单有向图计算：中介中心性（rustworkx-core，归一化）、PageRank（petgraph，阻尼0.85）和度。",
        "The directed graph has {nodes} nodes ({bodies} bodies, {parties} party groups, {organs} organs named in the text) and {edges} edges: the relations written in the duties plus the line of command the text states and the housing of the office. Centralities on the simple directed graph: normalised betweenness (rustworkx-core), PageRank (petgraph, damping 0.85) and degree."
    );
    COMPONENTS_SUMMARY = (
        "强连通分量（多于一个节点）：{components}。领导关系的顶端：{roots}。从顶端沿任何关系都到达不了的主体（{unreached}个）：{unreached_names}。",
        "Strongly connected components (more than one node): {components}. Top of the line of command: {roots}. Bodies no path from the top reaches ({unreached}): {unreached_names}."
    );
    LINT_SUMMARY = (
        "共{all}条意见（高{high}条、中{medium}条、低{low}条），按条款顺序排列。“高”指引用不明或机关写错，“中”指印发前须补正的不完整或不一致之处，“低”指格式和标点。",
        "{all} comments (high {high}, medium {medium}, low {low}), in the order of the text. High: a wrong authority or an ambiguous citation; medium: incomplete or inconsistent text to settle before issue; low: form and punctuation."
    );
    LINT_TITLE = (
        "关于《{title}》的修改意见",
        "Review comments on {title}"
    );

    LABEL_SEPARATOR = ("：", ": ");
    SEMICOLON_SEPARATOR = ("；", "; ");
    LEGEND_SEPARATOR = ("，", ", ");
    SEVERITY_TAG = ("〔{severity}〕", " [{severity}] ");
    MODE_WITH_LETTER = ("{letter}（{mode}）", "{letter} ({mode})");
    CITATION_LINE = ("{citation}（第{line}行）", "{citation} (line {line})");
    CITATION_LINE_IRI = ("{citation}（第{line}行，{iri}）", "{citation} (line {line}, {iri})");
    NAME_WITH_COUNT = ("{name}（{count}）", "{name} ({count})");
    TOPIC_SEVERITY_LEADS = ("{topic}（风险{severity}：{leads}个主体牵头）", "{topic} ({severity} risk: {leads} leads)");
    NUMBERED_SECTION = ("{numeral}、{title}", "{n}. {title}");
    MATRIX_CORNER = ("主体＼主题（{legend}）", "Body \\ topic ({legend})");
    MATRIX_SUMMARY = (
        "{bodies}个主体 × {topics}个主题。图例：{legend}。一格内多个字母按强弱排列。Excel/WPS 版：dutygraph report matrix --format xlsx -o 职责矩阵.xlsx。",
        "{bodies} bodies × {topics} topics. Legend: {legend}. Several letters in a cell are strongest first. For Excel/WPS: dutygraph report matrix --format xlsx -o matrix.xlsx."
    );

    // The web UI: the chrome, the pages, the editor.

    BODIES = ("责任主体", "Bodies");
    NAME = ("名称", "Name");
    KIND = ("类型", "Kind");
    ANNEX_CATEGORY = ("附件类别", "Annex category");
    ARTICLE = ("条款", "Article");
    DUTY_PARAGRAPHS = ("职责条目", "Duties");
    RELATIONS_FROM_TO = ("关系（发出/指向）", "Relations (from/to)");
    ALIASES = ("别名与简称", "Aliases");
    DUTIES = ("职责", "Duties");
    CLAUSE = ("分句", "Clause");
    TOPICS = ("主题", "Topics");
    COUNTERPARTS = ("相对方", "Counterparts");
    EXCLUDES_OPEN = ("（不含", "(excludes ");
    EXCLUDES_CLOSE = ("）", ")");
    NAMED_IN_OTHER_BODIES_DUTIES = ("其他主体职责中提及本主体", "Named in other bodies' duties");
    NAMED_BY_NOBODY = ("没有其他主体的职责把本主体作为相对方。", "No other body's duty names it as a counterpart.");
    RELATION = ("关系", "Relation");
    AS_WRITTEN = ("原文写法", "As written");
    SOURCE = ("出处", "Source");
    DASHBOARD = ("概览", "Dashboard");
    DASHBOARD_SUBTITLE = ("职责图谱概览", "dashboard");
    DASHBOARD_LEAD = ("谁负责什么、与谁共管、哪里多头牵头、哪里无人牵头：以下均由知识图谱计算得出，每项可追溯到原文。", "Who owns what, with whom, where several bodies lead and where nobody does: computed from the knowledge graph, each traceable to the text.");
    COUNTS = ("数量", "Counts");
    NETWORK_AND_REVIEW = ("关系网络与修改意见", "Network and review");
    HIGHEST_BETWEENNESS = ("中介中心性最高的主体：", "Bodies with the highest betweenness:");
    REVIEW_COMMENTS_LINK = ("查看修改意见 →", "Review comments →");
    SEVERAL_LEAD_CARD = ("多头牵头（推诿扯皮风险）", "Several bodies lead (overlaps)");
    OVERLAPS_LINK = ("查看主题重叠分析 →", "Overlaps report →");
    ONLY = ("仅", "only ");
    NOBODY_LEADS_CARD = ("无人牵头（监管盲区）", "Nobody leads (gaps)");
    GAPS_LINK = ("查看职责空白分析 →", "Gaps report →");
    SUPERVISION_NETWORK = ("职责网络图", "The supervision network");
    NETWORK_HELP = ("点击主体打开其职责页面。可按关系和主题筛选；未选中的部分变淡。", "Click a body to open its page. Filter by relation and topic; what is left out fades.");
    RELATIONS = ("关系", "Relations");
    TOPIC = ("主题", "Topic");
    ALL_TOPICS = ("（全部主题）", "(all topics)");
    APPLY = ("筛选", "Apply");
    RESET = ("重置", "Reset");
    FULL_SIZE = ("原始大小", "Full size");
    OPEN_THE_SVG = ("单独打开 SVG", "Open the SVG");
    NETWORK_SCROLL_LABEL = ("职责网络图（可滚动）", "Supervision network (scrollable)");
    SPARQL_EDITOR = ("SPARQL 查询", "SPARQL editor");
    EXAMPLE = ("示例查询", "Example");
    YOUR_OWN_QUERY = ("（自定义查询）", "(your own query)");
    LOAD = ("载入", "Load");
    QUERY = ("查询", "Query");
    QUERY_HELP = ("按 Ctrl+Enter（Mac 上 ⌘+Enter）运行；Tab 键移到下一个控件。", "Ctrl+Enter (⌘+Enter on a Mac) runs the query; Tab moves to the next control.");
    RUN = ("运行", "Run");
    DOWNLOAD_CSV = ("下载 CSV", "Download CSV");
    DOWNLOAD_JSON = ("下载 JSON", "Download JSON");
    SHAREABLE_LINK = ("分享链接", "Shareable link");
    COPY = ("复制", "Copy");
    EDITOR_NEEDS_SCRIPT = ("运行查询需要 JavaScript；也可以直接请求 /sparql?query=…。", "Running a query needs JavaScript; you can also request /sparql?query=… directly.");
    DUTYGRAPH = ("职责图谱", "dutygraph");
    SKIP_TO_CONTENT = ("跳到正文", "Skip to content");
    MAIN_NAVIGATION = ("主导航", "Main");
    FOOTER = ("职责图谱 dutygraph · 数据来自所载入的职责清单，每项结论均可追溯到原文条、项、行。", "dutygraph · every finding traces back to the article, item and line of the loaded list.");
    NOT_FOUND = ("未找到", "Not found");
    BAD_REQUEST = ("请求有误", "Bad request");
    SOMETHING_WENT_WRONG = ("出错了", "Something went wrong");
    BACK_TO_THE_DASHBOARD = ("返回概览", "Back to the dashboard");
    LIST_SEPARATOR = ("、", ", ");
    BREADCRUMB = ("位置", "Breadcrumb");
    EDGE_FROM = ("主体", "From");
    EDGE_TO = ("对象", "To");
    REPORTS = ("分析报告", "Reports");
    REPORTS_LEAD = ("每项结论都注明出处（第X条第（Y）项、行号）。可下载 Markdown、JSON、CSV 或 Excel。", "Every finding cites its source (article, item, line). Download as Markdown, JSON, CSV or Excel.");
    DOWNLOAD = ("下载", "Download");
    UNMENTIONED = ("未涉及", "unmentioned");
    NO_CLAUSE_CONCERNS_THIS_TOPIC = ("没有任何职责分句涉及该主题", "no clause concerns this topic");
    NOBODY_LEADS_ONLY = ("无人牵头（监管盲区）：仅", "nobody leads (gap): only ");
    TOPICS_LEAD = ("主题分类中的行业领域、风险、场所和安全工作环节；标出多头牵头和无人牵头的主题。", "The industries, hazards, places and safety-work activities of the taxonomy; topics led by several bodies, or by none, are flagged.");
    BODIES_DEALING = ("涉及主体", "Bodies");
    LEADS = ("牵头主体", "Leads");
    FLAGS = ("提示", "Flags");
    WHO_LEADS_GUIDES = ("谁牵头、谁指导、谁配合", "Who leads, guides, cooperates");
    MODES = ("履职方式", "Modes");
    FACET = ("大类", "Facet");
    TOPIC_NETWORK_NOTE = ("涉及该主题（含下位主题）的职责中写明的关系，以及处理该主题的主体。", "Relations written in duties concerning this topic (or a narrower one), and the bodies dealing with it.");
    NO_SUCH_BODY = (
        "没有这个责任主体：/body/{rest}",
        "no such body: /body/{rest}"
    );
    GAPS_CARD_FOUND = (
        "{n} 个主题有人涉及却无人牵头（高 {high}）；{partners} 处合作对象只写作“有关部门”等。",
        "{n} topics are dealt with but led by nobody (high {high}); {partners} duties name their partner only as 有关部门 or the like."
    );
    NO_SUCH_TOPIC = (
        "没有这个主题：/topic/{slug}",
        "no such topic: /topic/{slug}"
    );
    BODIES_IN_ORDER = ("{n} 个责任主体，按条款顺序。", "{n} bodies, in article order.");
    ARTICLE_AND_LINE = ("{article}（第 {line} 行）", "{article} (line {line})");
    DUTY_COUNTS = (
        "{duties} 项职责、{clauses} 个分句，其中牵头负责 {leads} 个",
        "{duties} duties, {clauses} clauses, {leads} of them in the lead"
    );
    DUTIES_HEADING = ("职责（{n} 项）", "Duties ({n})");
    LINE_NUMBER = ("第 {line} 行", "line {line}");
    LINT_CARD_FOUND = (
        "起草审查：{n} 条修改意见（高 {high}、中 {medium}、低 {low}）。",
        "Drafting review: {n} comments (high {high}, medium {medium}, low {low})."
    );
    OVERLAPS_CARD_FOUND = (
        "{n} 个主题有两个以上主体牵头负责（高 {high}、中 {medium}、低 {low}）。",
        "{n} topics have more than one body in the lead (high {high}, medium {medium}, low {low})."
    );
    LEADS_COUNT = ("{n} 个主体牵头", "{n} bodies lead");
    SEVERAL_LEAD_FLAG = ("{n} 个主体牵头负责（推诿扯皮风险）", "{n} bodies lead (overlap)");
    EDGE_TABLE_CAPTION = ("图的文字说明：{n} 条关系", "The picture as text: {n} relations");
    NO_SUCH_REPORT = ("没有这个报告：{name}（可选 {names}）", "no such report: {name} ({names})");
    EDITOR_LEAD = (
        "在知识图谱上运行 SPARQL 1.1 查询（默认图为所有图的并集）。已预声明前缀：{prefixes}。",
        "Run SPARQL 1.1 queries over the knowledge graph (the default graph is the union of all graphs). Predeclared prefixes: {prefixes}."
    );
    // The kinds of body as the pages name them.
    KIND_POST = ("领导职务", "leader's post");
    KIND_COMMITTEE = ("议事协调机构", "committee");
    KIND_DEPARTMENT = ("部门", "department");
    KIND_COLLECTIVE = ("集合主体", "collective body");
    KIND_GOVERNMENT = ("地方党委政府", "people's government");
    KIND_ENTERPRISE = ("企业", "enterprise");
    KIND_OTHER = ("其他", "other");
    ANNEX_CATEGORY_NAME = ("{zh}", "{en} department");
    NOT_IN_ANNEX = ("（附件未列）", "(not in the annex)");
    // The pictures of the network (SVG, DOT, their text alternatives).
    PICTURE_TITLE = ("职责网络图 · {title}", "Supervision network · {title}");
    PICTURE_SUMMARY = (
        "职责网络图：{bodies} 个责任主体、{others} 个其他节点（领导机关、相对方）、{edges} 条关系。",
        "Supervision network: {bodies} bodies, {others} other nodes (commanding organs, counterparts), {edges} relations."
    );
    PICTURE_TOPIC_FILTER = (
        "仅显示涉及“{topic}”的职责中的关系及处理该主题的主体。",
        " Only relations written in duties concerning “{topic}”, and the bodies dealing with it."
    );
    PICTURE_BODY_FILTER = (
        "仅显示{body}及与其直接相连的节点。",
        " Only {body} and the nodes it is directly connected to."
    );
    PICTURE_RELATION_FILTER = ("关系：{relations}。", " Relations: {relations}.");
    PICTURE_COLOURS = (
        "节点颜色表示主体类型和附件类别，线的颜色和线型表示关系。",
        " Node colours show the kind of body and its annex category; line colours and dashes show the relation."
    );
    LEGEND_NODES = ("节点：", "Nodes:");
    LEGEND_RELATIONS = ("关系：", "Relations:");
    NO_RELATION_MATCHES = ("（没有符合条件的关系）", "(no relation matches)");
    NODE_DEGREES = (" · 发出 {out} 条、指向它 {in} 条关系", " · {out} relations from it, {in} to it");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_are_not_fragments() {
        let text = Text::new("{n} 个责任主体", "{n} bodies");
        assert_eq!(text.fill(Lang::Zh, &[("n", &48)]), "48 个责任主体");
        assert_eq!(text.fill(Lang::En, &[("n", &48)]), "48 bodies");
        assert_eq!(text.fragments(Lang::En).collect::<Vec<_>>(), [" bodies"]);
        let nested = Text::new("{a}{b}", "{a}{b}");
        assert_eq!(nested.fill(Lang::En, &[("a", &"{b}"), ("b", &1)]), "{b}1");
        assert_eq!(nested.fill(Lang::En, &[("b", &1)]), "{a}1");
    }

    #[test]
    fn no_two_entries_say_the_same_in_both_languages() {
        for (i, (a, x)) in ALL.iter().enumerate() {
            for (b, y) in &ALL[i + 1..] {
                assert!(x != y, "{a} and {b} are the same text");
            }
        }
    }
}
