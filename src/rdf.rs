//! Stage 3: [`Model`] → quads in the document's named graph.
//!
//! Every node read from the source carries its provenance (`dg:line`, `dg:column`,
//! `dg:startByte`, `dg:endByte`); duties also carry `dg:article`, `dg:position` and
//! `dg:marker`, so a finding can always be cited as 第X条第(Y)项.

use oxigraph::model::{GraphNameRef, LiteralRef, NamedNode, NamedNodeRef, Quad, QuadRef, TermRef};

use crate::doc::{ArticleForm, Span};
use crate::extract::{
    BodyKind, Category, Counterpart, LayoutKind, Mode, Model, PartyClass, RelationKind, UnitKind,
};
use crate::read::Origin;
use crate::vocab::{
    ID_BASE, ROLE_BASE, ROLES_GRAPH, TOPIC_BASE, dcterms, dg, eli, iri_segment, org, prov, rdf,
    rdfs, skos, xsd,
};

/// IRIs of the instances of one document.
#[derive(Debug, Clone)]
pub struct Iris {
    base: String,
}

impl Iris {
    pub fn new(document_id: &str) -> Self {
        Iris {
            base: format!("{ID_BASE}{}", iri_segment(document_id)),
        }
    }

    fn node(&self, path: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}/{path}", self.base))
    }

    /// The document itself, also the name of its graph.
    pub fn document(&self) -> NamedNode {
        NamedNode::new_unchecked(self.base.clone())
    }

    pub fn chapter(&self, number: u32) -> NamedNode {
        self.node(&format!("ch{number}"))
    }

    pub fn article(&self, number: u32) -> NamedNode {
        self.node(&format!("art{number}"))
    }

    /// A unit: an article (art41), a section (s2, s1-3), a table row (t1/row2).
    pub fn unit(&self, key: &str) -> NamedNode {
        self.node(key)
    }

    pub fn duty(&self, unit: &str, position: u32) -> NamedNode {
        self.node(&format!("{unit}/item{position}"))
    }

    pub fn clause(&self, unit: &str, position: u32, clause: u32) -> NamedNode {
        self.node(&format!("{unit}/item{position}/c{clause}"))
    }

    pub fn relation(&self, unit: &str, position: u32, clause: u32, index: usize) -> NamedNode {
        self.node(&format!("{unit}/item{position}/c{clause}/r{index}"))
    }

    /// A body: `body/art41` for an article's body, `body/区文旅局` for a named one.
    pub fn body(&self, key: &str) -> NamedNode {
        self.node(&format!("body/{key}"))
    }

    /// A topic of the list's own (a sector heading no concept of the taxonomy matches).
    pub fn topic(&self, key: &str) -> NamedNode {
        self.node(&format!("topic/{key}"))
    }

    pub fn party(&self, label: &str) -> NamedNode {
        self.node(&format!("party/{}", iri_segment(label)))
    }

    /// The annex (附件) as a whole.
    pub fn annex(&self) -> NamedNode {
        self.node("annex")
    }

    pub fn annex_row(&self, row: u32) -> NamedNode {
        self.node(&format!("annex/row{row}"))
    }

    pub fn annex_entry(&self, row: u32, entry: u32) -> NamedNode {
        self.node(&format!("annex/row{row}/e{entry}"))
    }
}

/// The role concept a body is skos:closeMatch to (matching bodies across lists).
pub fn role_iri(slug: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ROLE_BASE}{}", iri_segment(slug)))
}

/// The role concept scheme, from the roles table, in the roles graph.
pub fn write_roles(sink: &mut dyn FnMut(QuadRef<'_>)) {
    let scheme = dg::ROLES.into_owned();
    let mut w = Writer {
        graph: GraphNameRef::NamedNode(ROLES_GRAPH),
        sink,
        number: String::new(),
    };
    w.iri(&scheme, rdf::TYPE, skos::CONCEPT_SCHEME);
    w.zh(&scheme, skos::PREF_LABEL, "责任主体角色");
    w.en(&scheme, skos::PREF_LABEL, "Roles of duty-bearing bodies");
    let mut seen = std::collections::HashSet::new();
    for role in crate::extract::bodies::roles() {
        if !seen.insert(role.slug.as_str()) {
            continue;
        }
        let r = role_iri(&role.slug);
        w.iri(&r, rdf::TYPE, skos::CONCEPT);
        w.iri(&r, skos::IN_SCHEME, dg::ROLES);
        w.zh(&r, skos::PREF_LABEL, &role.zh);
        w.en(&r, skos::PREF_LABEL, &role.english_without_level());
    }
}

pub fn mode_iri(mode: Mode) -> NamedNodeRef<'static> {
    match mode {
        Mode::Lead => dg::LEAD,
        Mode::Guidance => dg::GUIDANCE,
        Mode::Coordination => dg::COORDINATION,
        Mode::Oversight => dg::OVERSIGHT,
        Mode::Cooperation => dg::COOPERATION,
        Mode::Support => dg::SUPPORT,
    }
}

pub fn relation_iri(kind: RelationKind) -> NamedNodeRef<'static> {
    match kind {
        RelationKind::JointlyWith => dg::JOINTLY_WITH,
        RelationKind::CooperatesWith => dg::COOPERATES_WITH,
        RelationKind::Assists => dg::ASSISTS,
        RelationKind::Coordinates => dg::COORDINATES,
        RelationKind::Guides => dg::GUIDES,
        RelationKind::Urges => dg::URGES,
        RelationKind::Supervises => dg::SUPERVISES,
        RelationKind::Supports => dg::SUPPORTS,
        RelationKind::ActsJointlyWith => dg::ACTS_JOINTLY_WITH,
    }
}

pub fn party_class_iri(class: PartyClass) -> NamedNodeRef<'static> {
    match class {
        PartyClass::UnspecifiedDepartments => dg::UNSPECIFIED_DEPARTMENTS,
        PartyClass::LowerLevelUnits => dg::LOWER_LEVEL_UNITS,
        PartyClass::Enterprises => dg::ENTERPRISES,
        PartyClass::HigherLevel => dg::HIGHER_LEVEL,
        PartyClass::OtherParty => dg::OTHER_PARTY,
    }
}

pub fn category_iri(category: Category) -> NamedNodeRef<'static> {
    match category {
        Category::Supervision => dg::SUPERVISION_DEPARTMENT,
        Category::Industry => dg::INDUSTRY_DEPARTMENT,
        Category::Support => dg::SUPPORT_DEPARTMENT,
    }
}

pub fn kind_iri(kind: BodyKind) -> NamedNodeRef<'static> {
    match kind {
        BodyKind::Post => dg::POST,
        BodyKind::Committee => dg::COMMITTEE,
        BodyKind::Department => dg::DEPARTMENT,
        BodyKind::Collective => dg::COLLECTIVE,
        BodyKind::Government => dg::GOVERNMENT,
        BodyKind::Enterprise => dg::ENTERPRISE,
    }
}

pub fn layout_iri(kind: LayoutKind) -> Option<NamedNodeRef<'static>> {
    match kind {
        LayoutKind::Articles => Some(dg::ARTICLES_LAYOUT),
        LayoutKind::BodyOutline => Some(dg::BODY_OUTLINE_LAYOUT),
        LayoutKind::SectorFirst => Some(dg::SECTOR_FIRST_LAYOUT),
        LayoutKind::Table => Some(dg::TABLE_LAYOUT),
        LayoutKind::Mixed => Some(dg::MIXED_LAYOUT),
        LayoutKind::Unknown => None,
    }
}

/// Writes the triples of one graph to a sink, borrowing every term: no quad is built
/// owned unless the sink keeps it.
struct Writer<'a> {
    graph: GraphNameRef<'a>,
    sink: &'a mut dyn FnMut(QuadRef<'_>),
    number: String,
}

impl Writer<'_> {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: TermRef<'_>) {
        (self.sink)(QuadRef::new(s.as_ref(), p, o, self.graph));
    }

    fn iri(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: NamedNodeRef<'_>) {
        self.add(s, p, o.into());
    }

    fn zh(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, text: &str) {
        self.add(
            s,
            p,
            LiteralRef::new_language_tagged_literal_unchecked(text, "zh").into(),
        );
    }

    fn en(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, text: &str) {
        self.add(
            s,
            p,
            LiteralRef::new_language_tagged_literal_unchecked(text, "en").into(),
        );
    }

    fn string(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, text: &str) {
        self.add(s, p, LiteralRef::new_simple_literal(text).into());
    }

    fn typed(
        &mut self,
        s: &NamedNode,
        p: NamedNodeRef<'_>,
        text: &str,
        datatype: NamedNodeRef<'_>,
    ) {
        self.add(s, p, LiteralRef::new_typed_literal(text, datatype).into());
    }

    fn int(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, value: u64) {
        use std::fmt::Write as _;
        let mut number = std::mem::take(&mut self.number);
        number.clear();
        let _ = write!(number, "{value}");
        self.add(
            s,
            p,
            LiteralRef::new_typed_literal(&number, xsd::INTEGER).into(),
        );
        self.number = number;
    }

    fn span(&mut self, s: &NamedNode, span: Span) {
        self.int(s, dg::LINE, span.line.into());
        self.int(s, dg::COLUMN, span.column.into());
        self.int(s, dg::START_BYTE, span.start as u64);
        self.int(s, dg::END_BYTE, span.end as u64);
    }
}

/// The quads of one document, all in the graph named by the document IRI.
pub fn quads(model: &Model) -> Vec<Quad> {
    let mut quads = Vec::with_capacity(16_000);
    write(model, &mut |q| quads.push(q.into_owned()));
    quads
}

/// Writes the quads of one document, all in the graph named by the document IRI.
pub fn write(model: &Model, sink: &mut dyn FnMut(QuadRef<'_>)) {
    let document = &model.document;
    let source = document.source.as_str();
    let iris = Iris::new(&document.id);
    let doc_iri = iris.document();
    let mut w = Writer {
        graph: GraphNameRef::NamedNode(doc_iri.as_ref()),
        sink,
        number: String::new(),
    };
    // Where a node was read from, beside its line: the page, Word paragraph or element.
    let origin = |w: &mut Writer<'_>, s: &NamedNode, line: u32| match document
        .block_at(line)
        .map(|b| &b.origin)
    {
        Some(Origin::PdfPage(page)) => w.int(s, dg::PAGE, (*page).into()),
        Some(Origin::WordParagraph(index)) => w.int(s, dg::PARAGRAPH_INDEX, (*index).into()),
        Some(Origin::HtmlElement(path)) => w.string(s, dg::HTML_ELEMENT, path),
        Some(Origin::Line) | None => {}
    };

    w.iri(&doc_iri, rdf::TYPE, dg::DUTY_LIST);
    w.iri(&doc_iri, rdf::TYPE, eli::LEGAL_RESOURCE);
    w.string(&doc_iri, dcterms::IDENTIFIER, &document.id);
    if let Some(name) = std::path::Path::new(&document.source_name).file_name() {
        w.string(&doc_iri, dcterms::SOURCE, &name.to_string_lossy());
    }
    if let Some(title) = &document.title {
        w.zh(&doc_iri, dcterms::TITLE, &title.text);
    }
    if let Some(status) = &document.status {
        w.string(&doc_iri, dg::STATUS, &status.text);
    }
    if let Some(level) = &document.level {
        w.string(&doc_iri, dg::LEVEL, level);
    }
    let meta = &document.meta;
    if let Some(number) = &meta.number {
        w.string(&doc_iri, eli::ID_LOCAL, &number.text);
    }
    if let Some(issuer) = &meta.issuer {
        w.zh(&doc_iri, dcterms::CREATOR, &issuer.text);
    }
    if let Some((year, month, day)) = meta.issued {
        w.typed(
            &doc_iri,
            dcterms::ISSUED,
            &format!("{year:04}-{month:02}-{day:02}"),
            xsd::DATE,
        );
    }
    if let Some(notice) = &meta.notice_title {
        w.zh(&doc_iri, dg::NOTICE_TITLE, &notice.text);
    }
    if let Some(layout) = layout_iri(model.layout.kind) {
        w.iri(&doc_iri, dg::LAYOUT, layout);
    }
    w.string(&doc_iri, dcterms::FORMAT, document.file.format.media_type());
    w.string(&doc_iri, dg::SHA256, &document.file.sha256);
    if let Some(encoding) = document.file.encoding {
        w.string(&doc_iri, dg::ENCODING, encoding);
    }

    for chapter in &document.chapters {
        let ch = iris.chapter(chapter.number);
        w.iri(&ch, rdf::TYPE, dg::CHAPTER);
        w.int(&ch, dg::CHAPTER_NUMBER, chapter.number.into());
        w.string(&ch, dg::NUMERAL, &chapter.numeral);
        w.zh(&ch, dg::HEADING, &chapter.heading.text);
        w.iri(&ch, eli::IS_PART_OF, doc_iri.as_ref());
        w.span(&ch, chapter.span);
        origin(&mut w, &ch, chapter.span.line);
    }

    for article in &document.articles {
        let art = iris.article(article.number);
        w.iri(&art, rdf::TYPE, dg::ARTICLE);
        w.int(&art, dg::ARTICLE_NUMBER, article.number.into());
        w.string(&art, dg::NUMERAL, &article.numeral);
        w.iri(&art, eli::IS_PART_OF, doc_iri.as_ref());
        if let Some(chapter) = article.chapter {
            w.iri(&art, dg::CHAPTER_PROP, iris.chapter(chapter).as_ref());
        }
        if article.form == ArticleForm::Titled {
            w.zh(&art, dg::HEADING, &article.heading.text);
        }
        // The article's text: its source from 第X条 to the end of its last paragraph.
        let end = article
            .paragraphs
            .last()
            .map_or(article.span.end, |p| p.text.span.end);
        if let Some(text) = source.get(article.span.start..end) {
            w.zh(&art, dg::TEXT, text);
        }
        w.span(
            &art,
            Span {
                end,
                ..article.span
            },
        );
        origin(&mut w, &art, article.span.line);
    }

    // Sections of an outline and rows of a table that hold duties.
    for unit in &model.units {
        let u = iris.unit(&unit.key);
        match unit.kind {
            UnitKind::Article { .. } => {
                w.string(&u, dg::CITATION, &unit.citation);
                continue;
            }
            UnitKind::Section | UnitKind::Orphans => {
                w.iri(&u, rdf::TYPE, dg::SECTION);
                w.iri(&u, rdf::TYPE, eli::LEGAL_RESOURCE_SUBDIVISION);
            }
            UnitKind::Row { .. } => {
                w.iri(&u, rdf::TYPE, dg::TABLE_ROW);
                w.iri(&u, rdf::TYPE, eli::LEGAL_RESOURCE_SUBDIVISION);
                if let Some(text) = source.get(unit.span.start..unit.span.end) {
                    w.zh(&u, dg::TEXT, text);
                }
            }
        }
        w.iri(&u, eli::IS_PART_OF, doc_iri.as_ref());
        if let Some(parent) = unit.parent {
            w.iri(
                &u,
                eli::IS_PART_OF,
                iris.unit(&model.units[parent].key).as_ref(),
            );
        }
        if !unit.citation.is_empty() {
            w.string(&u, dg::CITATION, &unit.citation);
        }
        if let Some(marker) = &unit.marker {
            w.string(&u, dg::MARKER, &marker.literal);
            if let Some(value) = marker.value {
                w.int(&u, dg::MARKER_VALUE, value.into());
            }
        }
        if let Some(heading) = &unit.heading {
            w.zh(&u, dg::HEADING, &heading.text);
        }
        match unit.role {
            Some(crate::extract::layout::HeadingRole::Body(b)) => {
                w.iri(&u, dg::ABOUT, iris.body(&model.bodies[b].key).as_ref());
            }
            Some(crate::extract::layout::HeadingRole::Sector(s)) => {
                w.iri(&u, dg::ABOUT, sector_iri(model, &iris, s).as_ref());
            }
            _ => {}
        }
        w.span(&u, unit.span);
        origin(&mut w, &u, unit.span.line);
    }

    // Sectors no concept of the taxonomy matches: topics of the list's own.
    for sector in &model.sectors {
        if sector.concept.is_some() {
            continue;
        }
        let t = iris.topic(&sector.key);
        w.iri(&t, rdf::TYPE, dg::TOPIC);
        w.iri(&t, rdf::TYPE, skos::CONCEPT);
        w.iri(&t, skos::IN_SCHEME, dg::TOPICS);
        w.zh(&t, skos::PREF_LABEL, &sector.label.text);
        if let Some(broader) = sector.broader {
            let b = NamedNode::new_unchecked(model.taxonomy.concepts[broader].iri.clone());
            w.iri(&t, skos::BROADER, b.as_ref());
        }
        w.iri(&t, eli::IS_PART_OF, doc_iri.as_ref());
        w.span(&t, sector.label.span);
    }

    for body in &model.bodies {
        let b = iris.body(&body.key);
        // Where the body is named: its article, or the unit of its heading or first duty.
        let named_in = match body.article {
            Some(number) => Some(iris.article(number)),
            None => body.unit.map(|u| iris.unit(&model.units[u].key)),
        };
        w.iri(&b, rdf::TYPE, dg::BODY);
        w.iri(&b, rdf::TYPE, kind_iri(body.kind));
        w.iri(
            &b,
            rdf::TYPE,
            if body.kind == BodyKind::Post {
                org::POST
            } else {
                org::ORGANIZATION
            },
        );
        w.zh(&b, rdfs::LABEL, &body.name);
        w.en(&b, rdfs::LABEL, &body.english);
        for alias in &body.aliases {
            w.zh(&b, skos::ALT_LABEL, &alias.text);
        }
        if let Some(abbreviation) = &body.abbreviation {
            w.string(&b, dg::ABBREVIATION, abbreviation);
            if let Some(named_in) = &named_in {
                w.iri(&b, dg::ABBREVIATION_DEFINED_IN, named_in.as_ref());
            }
        }
        if let Some(category) = body.category {
            w.iri(&b, dg::CATEGORY_PROP, category_iri(category));
        }
        if let Some(host) = body.housed_in {
            w.iri(
                &b,
                dg::HOUSED_IN,
                iris.body(&model.bodies[host].key).as_ref(),
            );
        }
        if let Some(role) = body.role {
            w.iri(&b, skos::CLOSE_MATCH, role_iri(&role.slug).as_ref());
        }
        if let Some(number) = body.article {
            w.int(&b, dg::ARTICLE_NUMBER, number.into());
        }
        if let Some(named_in) = &named_in {
            w.iri(&b, prov::WAS_DERIVED_FROM, named_in.as_ref());
        }
        w.iri(&b, eli::IS_PART_OF, doc_iri.as_ref());
        w.span(&b, body.name_span);
        origin(&mut w, &b, body.name_span.line);
    }

    for party in &model.parties {
        let p = iris.party(&party.label);
        w.iri(&p, rdf::TYPE, dg::PARTY_GROUP);
        w.zh(&p, rdfs::LABEL, &party.label);
        w.iri(&p, dg::PARTY_CLASS_PROP, party_class_iri(party.class));
        w.iri(&p, eli::IS_PART_OF, doc_iri.as_ref());
    }

    let topic = |id: usize| NamedNode::new_unchecked(model.taxonomy.concepts[id].iri.clone());
    for duty in &model.duties {
        let unit = &model.units[duty.unit];
        let d = iris.duty(&unit.key, duty.position);
        let u = iris.unit(&unit.key);
        // Topics of the list's own that the duty's sectors are, with their words: the
        // duty concerns its sectors; a clause, when its words name the sector.
        let own_topics: Vec<(NamedNode, String)> = duty
            .sectors
            .iter()
            .filter(|&&s| model.sectors[s].concept.is_none())
            .map(|&s| {
                let sector = &model.sectors[s];
                let words = crate::doc::script::simplified(&sector.label.text).into_owned();
                (iris.topic(&sector.key), words)
            })
            .collect();
        let concerns = duty.concerns();
        w.iri(&d, rdf::TYPE, dg::DUTY);
        if let Some(bearer) = duty.bearer {
            w.iri(
                &d,
                dg::BEARER,
                iris.body(&model.bodies[bearer].key).as_ref(),
            );
        }
        if let Some(article) = duty.article {
            w.int(&d, dg::ARTICLE_NUMBER, article.into());
        }
        w.int(&d, dg::POSITION, duty.position.into());
        if let Some(marker) = &duty.marker {
            w.string(&d, dg::MARKER, &marker.literal);
            if let Some(value) = marker.value {
                w.int(&d, dg::MARKER_VALUE, value.into());
            }
        }
        w.zh(&d, dg::TEXT, &duty.text.text);
        w.span(&d, duty.text.span);
        w.iri(&d, eli::IS_PART_OF, u.as_ref());
        w.iri(&d, prov::WAS_DERIVED_FROM, u.as_ref());
        for &t in &concerns {
            w.iri(&d, dg::CONCERNS, topic(t).as_ref());
        }
        for &s in &duty.sectors {
            if let Some(t) = model.sectors[s].concept
                && !concerns.contains(&t)
            {
                w.iri(&d, dg::CONCERNS, topic(t).as_ref());
            }
        }
        for (t, _) in &own_topics {
            w.iri(&d, dg::CONCERNS, t.as_ref());
        }
        for t in duty.excludes() {
            w.iri(&d, dg::EXCLUDES, topic(t).as_ref());
        }
        for clause in &duty.clauses {
            let c = iris.clause(&unit.key, duty.position, clause.index);
            w.iri(&d, dg::CLAUSE_PROP, c.as_ref());
            w.iri(&c, rdf::TYPE, dg::CLAUSE);
            w.zh(&c, dg::TEXT, &clause.text.text);
            // A clause's text is a substring of its duty's; its line is enough to cite it.
            w.int(&c, dg::LINE, clause.text.span.line.into());
            w.iri(&c, dg::MODE_PROP, mode_iri(clause.mode));
            if let Some(verb) = clause.verb {
                w.string(&c, dg::VERB, verb);
            }
            for &t in &clause.concerns {
                w.iri(&c, dg::CONCERNS, topic(t).as_ref());
            }
            if !own_topics.is_empty() {
                let words = crate::doc::script::simplified(&clause.text.text);
                for (t, label) in &own_topics {
                    if words.contains(label.as_str()) {
                        w.iri(&c, dg::CONCERNS, t.as_ref());
                    }
                }
            }
            for &t in &clause.excludes {
                w.iri(&c, dg::EXCLUDES, topic(t).as_ref());
            }
            for (j, relation) in clause.relations.iter().enumerate() {
                let target = match relation.counterpart {
                    Counterpart::Body(b) => iris.body(&model.bodies[b].key),
                    Counterpart::Party(p) => iris.party(&model.parties[p].label),
                };
                let property = relation_iri(relation.kind);
                w.iri(&c, property, target.as_ref());
                let r = iris.relation(&unit.key, duty.position, clause.index, j + 1);
                w.iri(&c, dg::RELATION, r.as_ref());
                w.iri(&r, rdf::TYPE, dg::RELATION_MENTION);
                w.iri(&r, dg::RELATION_PROPERTY, property);
                w.string(&r, dg::VERB, relation.verb);
                w.string(&r, dg::AS_WRITTEN, &relation.as_written.text);
                w.iri(&r, dg::COUNTERPART, target.as_ref());
                w.span(&r, relation.as_written.span);
            }
        }
        w.string(&d, dg::CITATION, &duty.citation);
        if let Some(reason) = duty.unattributed {
            w.typed(&d, dg::UNATTRIBUTED, "true", xsd::BOOLEAN);
            w.zh(&d, rdfs::COMMENT, reason.zh());
            w.en(&d, rdfs::COMMENT, reason.en());
        }
        origin(&mut w, &d, duty.text.span.line);
    }

    if let Some(annex) = &document.annex {
        // The annex itself: its opening line as printed (附件:…), for review.
        let a = iris.annex();
        w.iri(&a, rdf::TYPE, dg::ANNEX);
        w.iri(&a, eli::IS_PART_OF, doc_iri.as_ref());
        if let Some(text) = source.get(annex.span.start..annex.span.end) {
            w.zh(&a, dg::TEXT, text);
        }
        if let Some(title) = &annex.title {
            w.zh(&a, dg::HEADING, &title.text);
        }
        w.span(&a, annex.span);
        for row in &annex.rows {
            let r = iris.annex_row(row.index);
            w.iri(&r, rdf::TYPE, dg::ANNEX_ROW);
            w.iri(&r, eli::IS_PART_OF, doc_iri.as_ref());
            w.zh(&r, rdfs::LABEL, &row.category.text);
            if let Some(category) = crate::extract::Category::from_words(&row.category.text) {
                w.iri(&r, dg::CATEGORY_PROP, category_iri(category));
            }
            if let Some(description) = &row.description {
                w.zh(&r, dg::DESCRIPTION, &description.text);
            }
            if let Some(count) = row.count {
                w.int(&r, dg::DECLARED_COUNT, count.into());
            }
            w.span(&r, row.span);
        }
        for link in &model.annex_links {
            let e = iris.annex_entry(link.row, link.entry);
            w.iri(&iris.annex_row(link.row), dg::ENTRY, e.as_ref());
            w.iri(&e, rdf::TYPE, dg::ANNEX_ENTRY);
            w.string(&e, dg::AS_WRITTEN, &link.name.text);
            w.int(&e, eli::NUMBER, link.entry.into());
            if let Some(body) = link.body {
                w.iri(&e, dg::NAMES, iris.body(&model.bodies[body].key).as_ref());
            }
            w.span(&e, link.name.span);
        }
    }
}

/// The topic a sector is: the taxonomy's concept, or a topic of the list's own.
fn sector_iri(model: &Model, iris: &Iris, sector: usize) -> NamedNode {
    let s = &model.sectors[sector];
    match s.concept {
        Some(concept) => NamedNode::new_unchecked(model.taxonomy.concepts[concept].iri.clone()),
        None => iris.topic(&s.key),
    }
}

/// Whether an IRI is a topic of the taxonomy (not of a list).
pub fn is_taxonomy_topic(iri: &str) -> bool {
    iri.starts_with(TOPIC_BASE)
}
