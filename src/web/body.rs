//! `/bodies` and `/body/{list}/{key}`: the bodies, and one body's duties with their source
//! text, clauses, modes, topics and counterparts (from `queries/ui-body-*.rq`), the
//! duties of others that name it, and its neighbourhood in the network.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use oxigraph::model::{NamedNode, Term, Variable};
use oxigraph::sparql::{QueryResults, QuerySolution};

use super::UiState;
use maud::{Markup, html};

use super::page::{
    Nav, body_link, cite_link, crumbs, duty_anchor, figure, heading_both, joined, mode_badge, t,
    thead, topic_link, zh_text,
};
use super::{PageRequest, Reply, Site, blocking, queries};
use crate::analysis::{BodyInfo, BodyKind, Lang, Mode, duty_citation, int, need, text};
use crate::catalogue;
use crate::error::{Error, Result};
use crate::graph::{self, Filter, relation_style};
use crate::sparql::compact_iri;
use crate::store::DutyStore;

fn kind_label(lang: Lang, kind: BodyKind) -> &'static str {
    match kind {
        BodyKind::Post => catalogue::KIND_POST,
        BodyKind::Committee => catalogue::KIND_COMMITTEE,
        BodyKind::Department => catalogue::KIND_DEPARTMENT,
        BodyKind::Collective => catalogue::KIND_COLLECTIVE,
        BodyKind::Government => catalogue::KIND_GOVERNMENT,
        BodyKind::Enterprise => catalogue::KIND_ENTERPRISE,
        BodyKind::Unknown => catalogue::KIND_OTHER,
    }
    .get(lang)
}

fn category_label(lang: Lang, body: &BodyInfo) -> String {
    match body.category {
        Some(c) => catalogue::ANNEX_CATEGORY_NAME.fill(lang, &[("zh", &c.zh()), ("en", &c.en())]),
        None => catalogue::NOT_IN_ANNEX.get(lang).to_owned(),
    }
}

// ---------------------------------------------------------------------------------------
// /bodies

pub(crate) async fn index(State(state): State<UiState>, asked: PageRequest) -> Reply {
    let lang = asked.lang;
    let site = asked.site(&state).await?;
    let mut duties: HashMap<&str, usize> = HashMap::new();
    for d in &site.context.duties {
        if let Some(bearer) = d.bearer.as_deref() {
            *duties.entry(bearer).or_default() += 1;
        }
    }
    let degrees = |b: &BodyInfo| {
        site.picture
            .nodes
            .iter()
            .find(|n| n.key == b.iri)
            .map_or((0, 0), |n| (n.out_degree, n.in_degree))
    };
    let count = site.context.bodies.len();
    let out = html! {
        h1 { (catalogue::BODIES.get(lang)) } "\n"
        p {
            (catalogue::BODIES_IN_ORDER.fill(lang, &[("n", &count)]))
        } "\n"
        table class="bodies" {
            "\n"
            (thead(&[
                catalogue::NAME.get(lang),
                catalogue::KIND.get(lang),
                catalogue::ANNEX_CATEGORY.get(lang),
                catalogue::ARTICLE.get(lang),
                catalogue::DUTY_PARAGRAPHS.get(lang),
                catalogue::RELATIONS_FROM_TO.get(lang),
            ]))
            "\n"
            tbody {
                "\n"
                @for b in &site.context.bodies {
                    @let (out_degree, in_degree) = degrees(b);
                    tr {
                        td { (body_link(&b.iri, b.label(lang))) }
                        td { (kind_label(lang, b.kind)) }
                        td { (category_label(lang, b)) }
                        td { (article_label(lang, &site, b)) }
                        td class="num" { (duties.get(b.iri.as_str()).copied().unwrap_or(0)) }
                        td class="num" { (out_degree) " / " (in_degree) }
                    } "\n"
                }
            } "\n"
        } "\n"
    };
    Ok(asked.page(catalogue::BODIES.get(lang), Nav::Bodies, out))
}

/// 第四十一条 as printed (the numeral of its duties), or Art. 41; in a list without
/// articles, where its first duty is (二、平台经济).
fn article_label(lang: Lang, site: &Site, body: &BodyInfo) -> String {
    let first = site
        .context
        .duties
        .iter()
        .find(|d| d.bearer.as_deref() == Some(body.iri.as_str()));
    match (lang, first.and_then(|d| d.numeral.as_deref()), body.article) {
        (Lang::Zh, Some(numeral), _) => format!("第{numeral}条"),
        (_, _, Some(article)) => format!("Art. {article}"),
        _ => first.map_or_else(|| format!("L{}", body.line), |d| d.unit_citation.clone()),
    }
}

// ---------------------------------------------------------------------------------------
// /body/{list}/{key}

struct Relation {
    relation: String,
    verb: String,
    as_written: String,
    counterpart: String,
    name: String,
    name_en: String,
    is_body: bool,
}

struct Clause {
    iri: String,
    text: String,
    mode: Option<Mode>,
    verb: Option<String>,
    /// (excluded?, IRI, zh, en)
    topics: Vec<(bool, String, String, String)>,
    relations: Vec<Relation>,
}

struct Duty {
    iri: String,
    /// In a list with articles.
    article: Option<u32>,
    /// As printed: 第四十一条第（五）项, 二、平台经济（二）.
    citation: String,
    marker: Option<String>,
    line: u32,
    text: String,
    clauses: Vec<Clause>,
}

struct Mention {
    from: String,
    from_name: String,
    from_name_en: String,
    relation: String,
    verb: String,
    as_written: String,
    duty: String,
}

/// The local name of a relation's IRI (`guides`).
fn local_name(relation: &str) -> String {
    relation.rsplit('#').next().unwrap_or(relation).to_owned()
}

/// Runs one of the body page's queries with ?body bound.
fn rows(store: &DutyStore, name: &str, query: &str, body: &str) -> Result<Vec<QuerySolution>> {
    let iri = NamedNode::new(body).map_err(|e| Error::Usage(format!("{body}: {e}")))?;
    let binding = (Variable::new_unchecked("body"), Term::NamedNode(iri));
    match store.query(query, &[binding])? {
        QueryResults::Solutions(s) => Ok(s.collect::<Result<Vec<_>, _>>()?),
        _ => Err(Error::analysis(name, "expected a SELECT query")),
    }
}

fn load(store: &DutyStore, body: &str) -> Result<(Vec<Duty>, Vec<Mention>)> {
    let q = "ui-body-clauses.rq";
    let mut duties: Vec<Duty> = Vec::new();
    for s in rows(store, q, queries::BODY_CLAUSES, body)? {
        let iri = need(&s, "duty", q)?;
        if duties.last().is_none_or(|d| d.iri != iri) {
            duties.push(Duty {
                iri,
                article: int(&s, "article"),
                citation: duty_citation(
                    text(&s, "citation"),
                    &text(&s, "numeral").map_or_else(String::new, |n| format!("第{n}条")),
                    text(&s, "marker").as_deref(),
                    int(&s, "position").unwrap_or_default(),
                ),
                marker: text(&s, "marker"),
                line: int(&s, "line").unwrap_or(0),
                text: need(&s, "dutyText", q)?,
                clauses: Vec::new(),
            });
        }
        if let (Some(clause), Some(duty)) = (text(&s, "clause"), duties.last_mut())
            && !duty.clauses.iter().any(|c| c.iri == clause)
        {
            duty.clauses.push(Clause {
                iri: clause,
                text: text(&s, "clauseText").unwrap_or_default(),
                mode: text(&s, "mode").and_then(|m| Mode::parse(&m)),
                verb: text(&s, "verb"),
                topics: Vec::new(),
                relations: Vec::new(),
            });
        }
    }
    let mut clauses: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, d) in duties.iter().enumerate() {
        for (j, c) in d.clauses.iter().enumerate() {
            clauses.insert(c.iri.clone(), (i, j));
        }
    }

    let q = "ui-body-topics.rq";
    for s in rows(store, q, queries::BODY_TOPICS, body)? {
        if let Some(&(i, j)) = clauses.get(&need(&s, "clause", q)?) {
            let label = need(&s, "label", q)?;
            duties[i].clauses[j].topics.push((
                text(&s, "how").as_deref() == Some("excludes"),
                need(&s, "topic", q)?,
                text(&s, "labelEn").unwrap_or_else(|| label.clone()),
                label,
            ));
        }
    }

    let q = "ui-body-relations.rq";
    for s in rows(store, q, queries::BODY_RELATIONS, body)? {
        if let Some(&(i, j)) = clauses.get(&need(&s, "clause", q)?) {
            let name = need(&s, "name", q)?;
            duties[i].clauses[j].relations.push(Relation {
                relation: local_name(&need(&s, "relation", q)?),
                verb: need(&s, "verb", q)?,
                as_written: need(&s, "asWritten", q)?,
                counterpart: need(&s, "counterpart", q)?,
                name_en: text(&s, "nameEn").unwrap_or_else(|| name.clone()),
                name,
                is_body: text(&s, "isBody").as_deref() == Some("true"),
            });
        }
    }

    let q = "ui-body-mentions.rq";
    let mut mentions = Vec::new();
    for s in rows(store, q, queries::BODY_MENTIONS, body)? {
        let from_name = need(&s, "fromName", q)?;
        mentions.push(Mention {
            from: need(&s, "from", q)?,
            from_name_en: text(&s, "fromNameEn").unwrap_or_else(|| from_name.clone()),
            from_name,
            relation: local_name(&need(&s, "relation", q)?),
            verb: need(&s, "verb", q)?,
            as_written: need(&s, "asWritten", q)?,
            duty: need(&s, "duty", q)?,
        });
    }
    Ok((duties, mentions))
}

pub(crate) async fn page(State(state): State<UiState>, asked: PageRequest) -> Reply {
    let lang = asked.lang;
    let site = asked.site(&state).await?;
    // The path as its IRI has it (Chinese as characters, ASCII escapes as sent).
    let path = graph::path_as_iri(asked.uri.path());
    let rest = path.strip_prefix("/body/").unwrap_or_default();
    let found = rest
        .split_once('/')
        .filter(|(list, key)| !list.is_empty() && !key.is_empty() && !key.contains('/'))
        .map(|(list, key)| graph::body_iri(list, key))
        .and_then(|iri| site.context.body(&iri));
    let Some(body) = found else {
        return Err(asked.error(
            StatusCode::NOT_FOUND,
            &catalogue::NO_SUCH_BODY.fill(lang, &[("rest", &rest)]),
        ));
    };
    let store = state.store().clone();
    let work_site = site.clone();
    let iri = body.iri.clone();
    let (duties, mentions, picture, svg) = blocking(move || {
        let (duties, mentions) = load(&store, &iri)?;
        let filter = Filter {
            body: Some(iri),
            ..Filter::default()
        };
        let (picture, svg) = work_site.draw(&filter, lang, "b-")?;
        Ok((duties, mentions, picture, svg))
    })
    .await
    .map_err(|e| asked.error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()))?;
    let out = render(&site, lang, body, &duties, &mentions, &picture, &svg);
    Ok(asked.page(body.label(lang), Nav::Bodies, out))
}

fn render(
    site: &Site,
    lang: Lang,
    body: &BodyInfo,
    duties: &[Duty],
    mentions: &[Mention],
    picture: &graph::Picture,
    svg: &str,
) -> Markup {
    let clauses: usize = duties.iter().map(|d| d.clauses.len()).sum();
    let leads = duties
        .iter()
        .flat_map(|d| &d.clauses)
        .filter(|c| c.mode == Some(Mode::Lead))
        .count();
    let article = article_label(lang, site, body);
    html! {
        (crumbs(lang, "/bodies", catalogue::BODIES.get(lang), body.label(lang)))
        (heading_both(lang, &body.name, &body.name_en))
        dl class="facts" {
            dt { (catalogue::ARTICLE.get(lang)) }
            dd {
                (catalogue::ARTICLE_AND_LINE.fill(lang, &[("article", &article), ("line", &body.line)]))
            }
            dt { (catalogue::KIND.get(lang)) }
            dd { (kind_label(lang, body.kind)) }
            dt { (catalogue::ANNEX_CATEGORY.get(lang)) }
            dd { (category_label(lang, body)) }
            @if !body.aliases.is_empty() {
                dt { (catalogue::ALIASES.get(lang)) }
                dd { (zh_text(lang, &body.aliases.join("、"))) }
            }
            dt { "IRI" }
            dd { code { (compact_iri(&body.iri).unwrap_or_else(|| body.iri.clone())) } }
            dt { (catalogue::DUTIES.get(lang)) }
            dd {
                (catalogue::DUTY_COUNTS.fill(
                    lang,
                    &[("duties", &duties.len()), ("clauses", &clauses), ("leads", &leads)],
                ))
            }
        } "\n"
        section aria-labelledby="h-duties" {
            h2 id="h-duties" {
                (catalogue::DUTIES_HEADING.fill(lang, &[("n", &duties.len())]))
            } "\n"
            ol class="duties" {
                "\n"
                @for duty in duties { (duty_item(lang, duty)) }
            } "\n"
        } "\n"
        (mentions_section(site, lang, mentions))
        section aria-labelledby="h-ego" {
            h2 id="h-ego" { (catalogue::NETWORK.get(lang)) } "\n"
            (figure(site, picture, svg, lang))
        } "\n"
    }
}

/// One duty: its citation, its source text and its clauses.
fn duty_item(lang: Lang, duty: &Duty) -> Markup {
    html! {
        li class="duty" id=(duty_anchor(&duty.iri))
            data-article=(duty.article.map(|a| a.to_string()).unwrap_or_default())
            data-marker=(duty.marker.as_deref().unwrap_or_default())
            data-iri=(duty.iri) {
            "\n"
            h3 {
                span class="cite" { (zh_text(lang, &duty.citation)) } " "
                span class="line" {
                    (catalogue::LINE_NUMBER.fill(lang, &[("line", &duty.line)]))
                }
            } "\n"
            blockquote class="source" lang="zh-CN" { (duty.text) } "\n"
            @if !duty.clauses.is_empty() {
                table class="clauses" {
                    (thead(&[
                        catalogue::CLAUSE.get(lang),
                        catalogue::MODE.get(lang),
                        catalogue::TOPICS.get(lang),
                        catalogue::COUNTERPARTS.get(lang),
                    ]))
                    tbody {
                        "\n"
                        @for clause in &duty.clauses { (clause_row(lang, clause)) }
                    }
                } "\n"
            }
        } "\n"
    }
}

/// One clause: its text, mode and verb, topics (an exclusion marked) and counterparts.
fn clause_row(lang: Lang, clause: &Clause) -> Markup {
    let topics = clause.topics.iter().map(|(excluded, iri, en, zh)| {
        let label = t(lang, zh, en);
        html! {
            @if *excluded {
                span class="excluded" {
                    (catalogue::EXCLUDES_OPEN.get(lang)) (topic_link(iri, label)) (catalogue::EXCLUDES_CLOSE.get(lang))
                }
            } @else {
                (topic_link(iri, label))
            }
        }
    });
    let relations = clause.relations.iter().map(|r| {
        let name = t(lang, &r.name, &r.name_en);
        html! {
            span class="rel" data-relation=(r.relation) title=(r.verb) {
                (relation_style(&r.relation).label(lang)) " "
                @if r.is_body { (body_link(&r.counterpart, name)) } @else { (zh_text(lang, name)) }
                @if r.as_written != r.name {
                    " " small { "（" (zh_text(lang, &r.as_written)) "）" }
                }
            }
        }
    });
    html! {
        tr {
            td lang="zh-CN" { (clause.text) }
            td {
                @if let Some(mode) = clause.mode { (mode_badge(lang, mode)) }
                @if let Some(verb) = &clause.verb { " " small lang="zh-CN" { (verb) } }
            }
            td { (joined(topics, html! { "、" })) }
            td { (joined(relations, html! { br; })) }
        } "\n"
    }
}

/// The duties of other bodies that name this one as a counterpart.
fn mentions_section(site: &Site, lang: Lang, mentions: &[Mention]) -> Markup {
    html! {
        section aria-labelledby="h-mentions" {
            h2 id="h-mentions" {
                (catalogue::NAMED_IN_OTHER_BODIES_DUTIES.get(lang))
            } "\n"
            @if mentions.is_empty() {
                p {
                    (catalogue::NAMED_BY_NOBODY.get(lang))
                } "\n"
            } @else {
                table {
                    (thead(&[
                        catalogue::BODY.get(lang),
                        catalogue::RELATION.get(lang),
                        catalogue::AS_WRITTEN.get(lang),
                        catalogue::SOURCE.get(lang),
                    ]))
                    tbody {
                        "\n"
                        @for m in mentions {
                            tr {
                                td { (body_link(&m.from, t(lang, &m.from_name, &m.from_name_en))) }
                                td {
                                    (relation_style(&m.relation).label(lang)) " "
                                    small lang="zh-CN" { (m.verb) }
                                }
                                td lang="zh-CN" { (m.as_written) }
                                td {
                                    @if let Some(source) = site.context.source(&m.duty) {
                                        (cite_link(&source, Some(&m.from)))
                                    }
                                }
                            } "\n"
                        }
                    }
                } "\n"
            }
        } "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pages' Chinese names of the kinds are the analysis's (and the reports').
    #[test]
    fn kind_names_agree_with_the_analysis() {
        for kind in [
            BodyKind::Post,
            BodyKind::Committee,
            BodyKind::Department,
            BodyKind::Collective,
            BodyKind::Government,
            BodyKind::Enterprise,
            BodyKind::Unknown,
        ] {
            assert_eq!(kind_label(Lang::Zh, kind), kind.zh());
        }
    }
}
