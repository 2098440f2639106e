//! References: every id a record names must exist, in the right kind; so must every
//! `ropa:kind/id` link in a process description.

use super::loc;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::{links, parse_kind_id};
use crate::load::de::suggest;
use crate::model::Kind;
use crate::registry::Registry;
use crate::source::Span;
use pulldown_cmark::{Event, Parser, Tag};

pub(super) fn check(reg: &Registry, out: &mut Diagnostics) {
    for link in links(reg) {
        if reg.contains(link.to_kind, link.to_id) {
            continue;
        }
        out.push(dangling(reg, link.to_kind, link.to_id, link.at, link.field));
    }
    for p in &reg.processes {
        for rel in &p.data.meta.related {
            if parse_kind_id(&rel.value).is_none() {
                let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                let kind = rel.value.split([':', '/']).next().unwrap_or_default();
                out.push(
                    Diagnostic::error(
                        "invalid-reference",
                        format!("`{}` is not a `kind:id` reference", rel.value),
                        loc(p.file, rel.span),
                    )
                    .with_hint(format!(
                        "write e.g. `subprocessor:hetzner`; kinds: {}",
                        suggest(kind, &kinds)
                    )),
                );
            }
        }
        for body in &p.data.bodies {
            markdown_links(reg, body, out);
        }
    }
}

fn dangling(
    reg: &Registry,
    kind: Kind,
    id: &str,
    at: crate::diagnostics::Location,
    field: &str,
) -> Diagnostic {
    let known: Vec<&str> = reg.ids(kind).into_iter().map(|(i, _)| i).collect();
    let elsewhere: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| **k != kind && reg.contains(**k, id))
        .map(|k| k.name())
        .collect();
    let mut hint = if known.is_empty() {
        format!("there are no {kind} records yet; create one with `ropa new {kind} {id}`")
    } else {
        let s = suggest(id, &known);
        format!("{s}; or create it with `ropa new {kind} {id}`")
    };
    if !elsewhere.is_empty() {
        hint = format!(
            "`{id}` is a {}, but `{field}` needs a {kind}; {hint}",
            elsewhere.join("/")
        );
    }
    Diagnostic::error(
        "dangling-reference",
        format!("no {kind} has the id `{id}`"),
        at,
    )
    .with_label(format!("`{field}` names a {kind} that does not exist"))
    .with_hint(hint)
}

/// Checks `[text](ropa:kind/id)` links in one language's Markdown.
fn markdown_links(
    reg: &Registry,
    body: &crate::model::process::ProcessBody,
    out: &mut Diagnostics,
) {
    for (event, range) in Parser::new(&body.markdown).into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let Some(target) = dest_url.strip_prefix("ropa:") else {
            continue;
        };
        let span = Span::new(body.body_offset + range.start, body.body_offset + range.end);
        let at = loc(body.file, span);
        match parse_kind_id(target) {
            Some((kind, id)) => {
                let id = id.split('#').next().unwrap_or(id);
                if !reg.contains(kind, id) {
                    out.push(dangling(reg, kind, id, at, "link"));
                }
            }
            None => {
                let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                let kind = target.split('/').next().unwrap_or_default();
                out.push(
                    Diagnostic::error(
                        "invalid-reference",
                        format!("`ropa:{target}` is not a link to a record"),
                        at,
                    )
                    .with_hint(format!(
                        "write `ropa:kind/id`, e.g. `ropa:subprocessor/hetzner`; kinds: {}",
                        suggest(kind, &kinds)
                    )),
                );
            }
        }
    }
}
