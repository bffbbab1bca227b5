//! Every IRI dutygraph writes or reads, in one place.
//!
//! The `dg:` terms below are the public vocabulary contract (see `ontology/dutygraph.ttl`):
//! users' saved queries depend on them, so they are never renamed.

use oxigraph::model::NamedNodeRef;

/// Namespace of the dutygraph vocabulary.
pub const DG: &str = "https://w3id.org/dutygraph/ns#";
/// Base of instance IRIs: `{ID_BASE}{document-id}/…`.
pub const ID_BASE: &str = "https://w3id.org/dutygraph/id/";
/// Base of topic concept IRIs: `{TOPIC_BASE}{slug}`.
pub const TOPIC_BASE: &str = "https://w3id.org/dutygraph/topic/";
/// Base of role concept IRIs: `{ROLE_BASE}{slug}` (roles match bodies across lists).
pub const ROLE_BASE: &str = "https://w3id.org/dutygraph/role/";
/// Named graph holding the role concepts (from `src/extract/roles.tsv`).
pub const ROLES_GRAPH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/dutygraph/graph/roles");
/// Named graph holding `ontology/dutygraph.ttl`.
pub const ONTOLOGY_GRAPH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/dutygraph/graph/ontology");
/// Named graph holding `ontology/topics.ttl`.
pub const TOPICS_GRAPH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/dutygraph/graph/topics");

/// Prefixes used in Turtle output and accepted in queries without declaration.
pub const PREFIXES: &[(&str, &str)] = &[
    ("dg", DG),
    ("dgid", ID_BASE),
    ("topic", TOPIC_BASE),
    ("role", ROLE_BASE),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("eli", "http://data.europa.eu/eli/ontology#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dcterms", "http://purl.org/dc/terms/"),
];

/// Makes words usable as one IRI path segment (the IRIs of parties, lists and roles;
/// also the stable keys extraction gives bodies): Chinese stays readable, ASCII that IRIs
/// forbid (and `/`, `?`, `#`) is percent-encoded.
pub fn iri_segment(words: &str) -> String {
    let mut out = String::with_capacity(words.len());
    for c in words.chars() {
        if c.is_ascii_alphanumeric()
            || matches!(c, '-' | '_' | '.' | '~')
            || !c.is_ascii() && !c.is_whitespace() && !c.is_control()
        {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The prefixes written in Turtle output. `dgid:` is left out: instance IRIs have `/` in
/// their paths, which Turtle would have to escape (`dgid:weidu-2022-draft\/art41`).
pub fn turtle_prefixes() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    PREFIXES.iter().filter(|(prefix, _)| *prefix != "dgid")
}

macro_rules! terms {
    ($ns:literal; $($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        $(
            $(#[$doc])*
            pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!($ns, $local));
        )*
    };
}

/// The `dg:` vocabulary.
pub mod dg {
    use super::NamedNodeRef;

    terms! { "https://w3id.org/dutygraph/ns#";
        // Classes.
        /// A duty-bearing body or post.
        BODY = "Body";
        /// A leader's post (区委主要负责同志).
        POST = "Post";
        /// A committee or its office (区安委会, 区安委会办公室).
        COMMITTEE = "Committee";
        /// A party or government department (区应急管理局).
        DEPARTMENT = "Department";
        /// A collective designation of several bodies (各有关部门, 各街道办事处（管委会）).
        COLLECTIVE = "Collective";
        /// A people's government or Party committee of an area (乡镇人民政府, 街道办事处).
        GOVERNMENT = "Government";
        /// A company or other enterprise bearing duties (供电公司).
        ENTERPRISE = "Enterprise";
        /// A section of an outline (一、…, （一）…) that holds duties or headings.
        SECTION = "Section";
        /// A row of a table that holds duties.
        TABLE_ROW = "TableRow";
        /// Class of the layouts of lists.
        LAYOUT_CLASS = "Layout";
        /// A responsibility list as a whole.
        DUTY_LIST = "DutyList";
        /// A chapter (第X章).
        CHAPTER = "Chapter";
        /// An article (第X条).
        ARTICLE = "Article";
        /// One duty paragraph.
        DUTY = "Duty";
        /// One clause of a duty, with one governing verb.
        CLAUSE = "Clause";
        /// A topic concept.
        TOPIC = "Topic";
        /// A counterpart that is not one of the list's bodies.
        PARTY_GROUP = "PartyGroup";
        /// Class of the party classes.
        PARTY_CLASS = "PartyClass";
        /// Class of the modes.
        MODE = "Mode";
        /// Class of the annex categories.
        CATEGORY = "Category";
        /// A relation as it is written in a clause (verb, counterpart words, resolution).
        RELATION_MENTION = "RelationMention";
        /// One name listed in a row of the annex table.
        ANNEX_ENTRY = "AnnexEntry";
        /// One row (category) of the annex table.
        ANNEX_ROW = "AnnexRow";
        /// The annex (附件) as a whole: its opening line and title.
        ANNEX = "Annex";

        // Properties of the contract.
        /// Duty → Body.
        BEARER = "bearer";
        /// Duty/Article → article number.
        ARTICLE_NUMBER = "article";
        /// Duty → 1-based position in its article.
        POSITION = "position";
        /// Duty → item marker as printed.
        MARKER = "marker";
        /// Duty/Clause/Article → exact source text.
        TEXT = "text";
        /// Duty → Clause.
        CLAUSE_PROP = "clause";
        /// Clause → Mode.
        MODE_PROP = "mode";
        /// Clause/Duty → Topic.
        CONCERNS = "concerns";
        /// Clause/Duty → Topic explicitly carved out.
        EXCLUDES = "excludes";
        /// Super-property of the relation properties.
        RELATES_TO = "relatesTo";
        /// 会同.
        JOINTLY_WITH = "jointlyWith";
        /// 配合.
        COOPERATES_WITH = "cooperatesWith";
        /// 协助.
        ASSISTS = "assists";
        /// 协调.
        COORDINATES = "coordinates";
        /// 指导.
        GUIDES = "guides";
        /// 督促.
        URGES = "urges";
        /// 监督.
        SUPERVISES = "supervises";
        /// 支持.
        SUPPORTS = "supports";
        /// 联合.
        ACTS_JOINTLY_WITH = "actsJointlyWith";
        /// PartyGroup → PartyClass.
        PARTY_CLASS_PROP = "partyClass";
        /// Body → Category.
        CATEGORY_PROP = "category";

        // Properties beyond the contract (documented in ontology/).
        /// Any node → 1-based source line of its first character.
        LINE = "line";
        /// Any node → 1-based column (in characters) of its first character.
        COLUMN = "column";
        /// Any node → byte offset of its first byte in the source.
        START_BYTE = "startByte";
        /// Any node → byte offset just past its last byte in the source.
        END_BYTE = "endByte";
        /// Duty → numeric value of its marker (七 → 7).
        MARKER_VALUE = "markerValue";
        /// Article/Chapter → heading as printed after 第X条 / 第X章.
        HEADING = "heading";
        /// Article → Chapter.
        CHAPTER_PROP = "chapter";
        /// Chapter → chapter number.
        CHAPTER_NUMBER = "chapterNumber";
        /// Article → its number as printed (四十一).
        NUMERAL = "numeral";
        /// Clause → governing verb as written.
        VERB = "verb";
        /// Clause → RelationMention.
        RELATION = "relation";
        /// RelationMention → the relation property it asserts.
        RELATION_PROPERTY = "relationProperty";
        /// RelationMention → Body or PartyGroup.
        COUNTERPART = "counterpart";
        /// RelationMention/AnnexEntry → the words as written.
        AS_WRITTEN = "asWritten";
        /// Body → Body it is housed in (区安委会办公室 设在 区应急管理局).
        HOUSED_IN = "housedIn";
        /// DutyList → status (征求意见稿).
        STATUS = "status";
        /// DutyList → administrative level word (区, 县, 市…).
        LEVEL = "level";
        /// AnnexRow → the count printed in the row.
        DECLARED_COUNT = "declaredCount";
        /// AnnexRow → description of the category as printed.
        DESCRIPTION = "description";
        /// AnnexRow → AnnexEntry.
        ENTRY = "entry";
        /// AnnexEntry → Body it names.
        NAMES = "names";
        /// Body → Article whose heading defines an abbreviation of it (以下简称).
        ABBREVIATION_DEFINED_IN = "abbreviationDefinedIn";
        /// Body → the abbreviation defined by 以下简称.
        ABBREVIATION = "abbreviation";
        /// Duty/Section/Article/TableRow → how it is cited (第四十一条第（五）项, 二、平台经济（二）).
        CITATION = "citation";
        /// Duty → true when the text does not say whose duty it is.
        UNATTRIBUTED = "unattributed";
        /// Section → the Body or Topic its heading names.
        ABOUT = "about";
        /// DutyList → Layout.
        LAYOUT = "layout";
        /// DutyList → SHA-256 of the source file, lowercase hex.
        SHA256 = "sha256";
        /// DutyList → character encoding of the source file (GB18030, UTF-16LE…).
        ENCODING = "encoding";
        /// DutyList → title of the notice that issued it (…关于印发《…》的通知).
        NOTICE_TITLE = "noticeTitle";
        /// Any node → 1-based page of the PDF it was read from.
        PAGE = "page";
        /// Any node → 1-based index of the Word paragraph it was read from.
        PARAGRAPH_INDEX = "paragraphIndex";
        /// Any node → the element of the web page it was read from (a CSS-like path).
        HTML_ELEMENT = "htmlElement";

        // Individuals.
        /// Mode: 负责/承担/监督管理/组织….
        LEAD = "Lead";
        /// Mode: 指导.
        GUIDANCE = "Guidance";
        /// Mode: 协调/统筹.
        COORDINATION = "Coordination";
        /// Mode: 督促/监督/检查.
        OVERSIGHT = "Oversight";
        /// Mode: 配合/协助/参与.
        COOPERATION = "Cooperation";
        /// Mode: 支持/保障.
        SUPPORT = "Support";
        /// Party class: 有关部门/相关单位.
        UNSPECIFIED_DEPARTMENTS = "UnspecifiedDepartments";
        /// Party class: 街道, 派出所, 学校.
        LOWER_LEVEL_UNITS = "LowerLevelUnits";
        /// Party class: 企业/生产经营单位.
        ENTERPRISES = "Enterprises";
        /// Party class: 上级….
        HIGHER_LEVEL = "HigherLevel";
        /// Party class: anything else.
        OTHER_PARTY = "OtherParty";
        /// Annex category: 负有安全生产监督管理职责的部门.
        SUPERVISION_DEPARTMENT = "SupervisionDepartment";
        /// Annex category: 负有安全生产行业领域管理职责的部门.
        INDUSTRY_DEPARTMENT = "IndustryDepartment";
        /// Annex category: 负有安全生产支持保障职责的部门.
        SUPPORT_DEPARTMENT = "SupportDepartment";
        /// The topic concept scheme.
        TOPICS = "topics";
        /// The role concept scheme (bodies of different lists with the same role).
        ROLES = "roles";
        /// Layout: an article (第X条) per body.
        ARTICLES_LAYOUT = "ArticlesLayout";
        /// Layout: an outline heading per body.
        BODY_OUTLINE_LAYOUT = "BodyOutlineLayout";
        /// Layout: sector headings first, each line opening with its body.
        SECTOR_FIRST_LAYOUT = "SectorFirstLayout";
        /// Layout: a table of departments and duties.
        TABLE_LAYOUT = "TableLayout";
        /// Layout: several of the above.
        MIXED_LAYOUT = "MixedLayout";
    }
}

pub mod rdf {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        /// rdf:type
        TYPE = "type";
    }
}

pub mod rdfs {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/2000/01/rdf-schema#";
        /// rdfs:label
        LABEL = "label";
        /// rdfs:comment
        COMMENT = "comment";
        /// rdfs:subPropertyOf
        SUB_PROPERTY_OF = "subPropertyOf";
    }
}

pub mod xsd {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/2001/XMLSchema#";
        /// xsd:integer
        INTEGER = "integer";
        /// xsd:boolean
        BOOLEAN = "boolean";
        /// xsd:date
        DATE = "date";
        /// xsd:gYear (the year of a change of bodies, `ontology/role-history.ttl`)
        G_YEAR = "gYear";
        /// xsd:gYearMonth (the month of a change of bodies)
        G_YEAR_MONTH = "gYearMonth";
    }
}

pub mod skos {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/2004/02/skos/core#";
        /// skos:Concept
        CONCEPT = "Concept";
        /// skos:ConceptScheme
        CONCEPT_SCHEME = "ConceptScheme";
        /// skos:prefLabel
        PREF_LABEL = "prefLabel";
        /// skos:altLabel
        ALT_LABEL = "altLabel";
        /// skos:broader
        BROADER = "broader";
        /// skos:inScheme
        IN_SCHEME = "inScheme";
        /// skos:closeMatch
        CLOSE_MATCH = "closeMatch";
        /// skos:historyNote (what became of a former body, `ontology/role-history.ttl`)
        HISTORY_NOTE = "historyNote";
        /// skos:changeNote (the evidence of one change of bodies)
        CHANGE_NOTE = "changeNote";
    }
}

pub mod org {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/ns/org#";
        /// org:Organization
        ORGANIZATION = "Organization";
        /// org:Post
        POST = "Post";
    }
}

pub mod eli {
    use super::NamedNodeRef;
    terms! { "http://data.europa.eu/eli/ontology#";
        /// eli:LegalResource
        LEGAL_RESOURCE = "LegalResource";
        /// eli:LegalResourceSubdivision
        LEGAL_RESOURCE_SUBDIVISION = "LegalResourceSubdivision";
        /// eli:is_part_of
        IS_PART_OF = "is_part_of";
        /// eli:number
        NUMBER = "number";
        /// eli:id_local (文号)
        ID_LOCAL = "id_local";
    }
}

pub mod prov {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/ns/prov#";
        /// prov:wasDerivedFrom
        WAS_DERIVED_FROM = "wasDerivedFrom";
        /// prov:wasRevisionOf (a role concept renamed from a former one)
        WAS_REVISION_OF = "wasRevisionOf";
        /// prov:qualifiedDerivation (a dated change of bodies)
        QUALIFIED_DERIVATION = "qualifiedDerivation";
        /// prov:Derivation
        DERIVATION = "Derivation";
        /// prov:Revision
        REVISION = "Revision";
        /// prov:entity (the former concept of a qualified derivation)
        ENTITY = "entity";
    }
}

pub mod dcterms {
    use super::NamedNodeRef;
    terms! { "http://purl.org/dc/terms/";
        /// dcterms:title
        TITLE = "title";
        /// dcterms:identifier
        IDENTIFIER = "identifier";
        /// dcterms:source
        SOURCE = "source";
        /// dcterms:format
        FORMAT = "format";
        /// dcterms:issued
        ISSUED = "issued";
        /// dcterms:creator
        CREATOR = "creator";
        /// dcterms:date (the date of a change of bodies)
        DATE = "date";
        /// dcterms:replaces (a role concept replaces a former one, renamed or merged)
        REPLACES = "replaces";
    }
}
