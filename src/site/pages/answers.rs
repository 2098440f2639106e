//! The FAQ page (every answer in full) and the order and sources of answers.

use super::record::{document_body, Body};
use super::root_of;
use crate::diagnostics::Diagnostics;
use crate::model::{Date, Kind};
use crate::view::{href, index_href, LinkView, SiteView};
use serde::Serialize;

/// The data of the FAQ page.
#[derive(Serialize)]
pub struct Answers<'a> {
    answers: Vec<Answer<'a>>,
    as_of: String,
}

/// One answer on the FAQ page.
#[derive(Serialize)]
struct Answer<'a> {
    id: &'a str,
    question: String,
    href: String,
    body: Option<Body>,
    sources: Vec<LinkView>,
}

/// The FAQ page: every answer in full, with its sources.
pub fn answers<'a>(
    v: &SiteView<'a>,
    lang: &str,
    facts: &crate::facts::Lazy,
    as_of: Date,
    problems: &mut Diagnostics,
) -> Answers<'a> {
    let root = root_of(&index_href(Kind::Answer, lang));
    let answers = answer_order(v)
        .into_iter()
        .map(|id| {
            let (body, _) = document_body(v, Kind::Answer, id, lang, &root, facts, problems);
            Answer {
                id,
                question: v.label(Kind::Answer, id, lang),
                href: href(Kind::Answer, id, lang),
                body,
                sources: answer_sources(v, id, lang),
            }
        })
        .collect();
    Answers {
        answers,
        as_of: as_of.to_string(),
    }
}

/// Answers in their `order`, then by id.
pub fn answer_order<'a>(v: &SiteView<'a>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = v.ids(Kind::Answer).to_vec();
    ids.sort_by_key(|id| {
        (
            v.reg
                .answer(id)
                .and_then(|a| a.data.meta.order)
                .unwrap_or(u32::MAX),
            id.to_string(),
        )
    });
    ids
}

/// The records an answer names as its sources, as links (hidden ones are gone already).
pub fn answer_sources(v: &SiteView, id: &str, lang: &str) -> Vec<LinkView> {
    v.reg
        .answer(id)
        .map(|a| {
            a.data
                .meta
                .sources
                .iter()
                .filter_map(|s| crate::links::parse_kind_id(&s.value))
                .filter(|(k, i)| v.reg.contains(*k, i))
                .map(|(k, i)| v.link(k, i, lang))
                .collect()
        })
        .unwrap_or_default()
}
