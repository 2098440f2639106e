//! A record's page: its fact rows, "used by" lists and notes, and for processes and
//! answers the Markdown body; and its search entry.

use super::super::fields::{self, Row};
use super::super::search::{excerpt, Entry};
use super::answers::answer_sources;
use super::flows::record_diagram;
use super::{root_of, Page, Place};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::i18n;
use crate::markdown;
use crate::model::{Date, Kind, Visibility};
use crate::source::Span;
use crate::view::{href, index_href, LinkView, SiteView, UsedBy};
use serde::Serialize;

/// The data of a record's page.
#[derive(Serialize)]
pub struct RecordData<'a> {
    id: &'a str,
    rows: Vec<Row>,
    used_by: Vec<UsedBy>,
    notes: Option<String>,
    /// The kind's index page (the breadcrumb).
    index: LinkView,
    /// Processes and answers: their text.
    #[serde(flatten)]
    document: Option<Document>,
    /// Activities and systems: the diagram of their flows.
    #[serde(skip_serializing_if = "Option::is_none")]
    diagram: Option<String>,
}

/// What the page of a process or answer has beyond the fact rows.
#[derive(Serialize)]
struct Document {
    body: Option<Body>,
    as_of: String,
    sources: Vec<LinkView>,
}

/// A process or answer text as HTML, with its table of contents.
#[derive(Serialize)]
pub struct Body {
    html: String,
    toc: Vec<markdown::Heading>,
    lang: String,
}

/// The fact rows (rendered with the field template), "used by" lists and notes of a
/// record; `Err` says why a row could not be rendered.
pub fn record<'a>(
    v: &SiteView,
    tera: &tera::Tera,
    kind: Kind,
    id: &'a str,
    lang: &str,
    root: &str,
) -> Result<RecordData<'a>, String> {
    // The field shown as the page heading is not repeated in the fact table.
    let skip: &[&str] = match kind {
        Kind::Process | Kind::Contract | Kind::Tom | Kind::Training => &["title"],
        Kind::Subprocessor
        | Kind::Activity
        | Kind::System
        | Kind::Retention
        | Kind::Role
        | Kind::Plan
        | Kind::Feature => &["name"],
        Kind::DataCategory | Kind::DataSubject => &["label"],
        Kind::Organization => &["legal_name"],
        _ => &[],
    };
    let rows = v
        .fields(kind, id, lang, skip, root)
        .into_iter()
        .map(|(label, value)| {
            let html = if v.has_own_field_rows() {
                fields::render(tera, &label, &value)?
            } else {
                fields::render_built_in(&value)
            };
            Ok(Row { label, html })
        })
        .collect::<Result<_, String>>()?;
    Ok(RecordData {
        id,
        rows,
        used_by: v.used_by(kind, id, lang),
        notes: v.notes(kind, id, lang),
        index: LinkView {
            label: i18n::kind_plural(lang, kind),
            href: index_href(kind, lang),
        },
        document: None,
        diagram: None,
    })
}

/// The search entry of a record page: its title, kind, address and an excerpt of
/// `text` (documents) or else of the first fact rows of the page's data.
pub fn entry(
    v: &SiteView,
    kind: Kind,
    id: &str,
    lang: &str,
    text: String,
    page: &RecordData,
) -> Entry {
    let mut plain = text;
    if plain.is_empty() {
        for r in page.rows.iter().take(4) {
            plain.push_str(&strip_tags(&r.html));
            plain.push(' ');
        }
    }
    let link = v.link(kind, id, lang);
    Entry {
        t: link.label,
        k: i18n::kind_singular(lang, kind),
        u: link.href,
        x: excerpt(&plain),
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// A process or answer body as HTML (answers first take their facts from the records)
/// and as plain text.
pub fn document_body(
    v: &SiteView,
    kind: Kind,
    id: &str,
    lang: &str,
    root: &str,
    facts: &crate::facts::Lazy,
    problems: &mut Diagnostics,
) -> (Option<Body>, String) {
    let bodies = match kind {
        Kind::Answer => v.reg.answer(id).map(|a| &a.data.bodies),
        _ => v.reg.process(id).map(|p| &p.data.bodies),
    };
    let Some(bodies) = bodies else {
        return (None, String::new());
    };
    let Some(body) = bodies.iter().find(|b| b.lang == lang).or(bodies.first()) else {
        return (None, String::new());
    };
    let markdown = if kind == Kind::Answer {
        match crate::facts::render_answer(
            &body.markdown,
            facts.get(),
            &format!("answer-{id}-{lang}"),
        ) {
            Ok(text) => text,
            Err(message) => {
                let at = Location {
                    file: body.file,
                    span: Span::new(body.body_offset, body.body_offset),
                };
                problems.push(
                    Diagnostic::new(Severity::Error, "answer-template", format!("answer `{id}` cannot be rendered for this site: {}", message.lines().next().unwrap_or_default()), Some(at))
                        .with_hint("an answer on the public or customer site may only use facts that audience can see; make the record (or field) visible, or leave the fact out"),
                );
                return (None, String::new());
            }
        }
    } else {
        body.markdown.to_string()
    };
    let resolve = |target: &str| -> Option<String> {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        let url = if let Some(rest) = path.strip_prefix("ropa:") {
            let (kind, rid) = crate::links::parse_kind_id(rest)?;
            v.reg.contains(kind, rid).then(|| href(kind, rid, lang))?
        } else {
            let stem = path.trim_end_matches(".md");
            let stem = stem.rsplit('/').next().unwrap_or(stem);
            let stem = stem.split('.').next().unwrap_or(stem);
            v.reg
                .contains(Kind::Process, stem)
                .then(|| href(Kind::Process, stem, lang))?
        };
        Some(match anchor {
            Some(a) => format!("{url}#{a}"),
            None => url,
        })
    };
    let r = markdown::render(
        &markdown,
        root,
        lang,
        &resolve,
        v.audience != Visibility::Internal,
    );
    for b in &r.broken {
        let at = Location {
            file: body.file,
            span: Span::new(
                body.body_offset + b.range.start,
                body.body_offset + b.range.end,
            ),
        };
        problems.push(
            Diagnostic::new(Severity::Error, "broken-link", format!("the link `{}` leads nowhere", b.target), Some(at))
                .with_label("no such page or anchor")
                .with_hint("link records as `ropa:kind/id`, other processes as `other-process.md`, and headings of this page as `#heading-text`"),
        );
    }
    let toc = r.headings.into_iter().filter(|h| h.level == 2).collect();
    let html = Body {
        html: r.html,
        toc,
        lang: body.lang.to_string(),
    };
    (Some(html), r.plain)
}

/// One record's page and search entry (and any problem its Markdown has).
pub fn record_page(
    v: &SiteView,
    tera: &tera::Tera,
    kind: Kind,
    id: &str,
    lang: &str,
    facts: &crate::facts::Lazy,
    as_of: Date,
) -> (Page, Option<Entry>, Diagnostics) {
    let mut problems = Diagnostics::default();
    let path = href(kind, id, lang);
    let root = root_of(&path);
    let place = Place {
        template: format!("{}.html", kind.name()),
        title: v.label(kind, id, lang),
        kind: Some(kind),
        path,
    };
    let mut data = match record(v, tera, kind, id, lang, &root) {
        Ok(data) => data,
        Err(e) => return (place.failed(lang, e), None, problems),
    };
    let mut text = String::new();
    if kind.is_document() {
        let (body, plain) = document_body(v, kind, id, lang, &root, facts, &mut problems);
        data.document = Some(Document {
            body,
            as_of: as_of.to_string(),
            sources: answer_sources(v, id, lang),
        });
        text = plain;
    }
    if kind == Kind::Activity || kind == Kind::System {
        data.diagram = Some(record_diagram(v, kind, id, lang, &root));
    }
    let entry = entry(v, kind, id, lang, text, &data);
    (place.page(v, lang, &data), Some(entry), problems)
}
