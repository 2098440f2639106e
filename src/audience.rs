//! What each audience may see. The public and customer sites are built from a registry
//! *filtered here, once*, before anything renders: hidden records and fields are gone
//! from it, so no page, search index or JSON file can leak them.
//!
//! A record is shown when its `visibility` (or its kind's default) is at most the
//! audience; a field when its `field_visibility` entry (or the field's default) is.
//! References to hidden records are removed; a record that cannot stand without a
//! hidden one (a flow into a hidden system) is hidden too.

use crate::links::links;
use crate::load::de::from_node;
use crate::load::visibility::parse_visibility;
use crate::load::yaml::{Node, NodeKind};
use crate::model::process::{Answer, AnswerMeta, Process, ProcessMeta};
use crate::model::{Kind, Record, Visibility, NESTED_INTERNAL};
use crate::registry::{RawRecord, Registry};
use crate::source::Span;
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;

/// Fields hidden from the public and customers unless a record says otherwise.
pub fn default_field_visibility(kind: Kind, field: &str) -> Visibility {
    match (kind, field) {
        (_, "notes") => Visibility::Internal,
        (Kind::Contract, "document") => Visibility::Internal,
        (Kind::Tom, "evidence" | "owner") => Visibility::Internal,
        (Kind::Training, "evidence") => Visibility::Internal,
        (Kind::Activity | Kind::Process, "owner") => Visibility::Internal,
        _ => Visibility::Public,
    }
}

/// Fields that are internal whatever a record says.
const ALWAYS_INTERNAL: &[&str] = &["notes"];

fn record_visibility(raw: &RawRecord) -> Visibility {
    raw.visibility
        .unwrap_or_else(|| raw.kind.default_visibility())
}

/// The registry as `audience` may see it. For `internal`, a copy of everything.
pub fn filter(reg: &Registry, audience: Visibility) -> Registry {
    let mut hidden: BTreeSet<(Kind, String)> = reg
        .raw
        .iter()
        .filter(|r| record_visibility(r) > audience)
        .map(|r| (r.kind, r.id.clone()))
        .collect();
    let all_links = links(reg);
    // Every record's tree, read again where it was not kept (in parallel); a record
    // whose tree cannot be had is left out.
    let trees: Vec<Option<Node>> = {
        use rayon::prelude::*;
        reg.raw.par_iter().map(|r| r.tree(&reg.sources)).collect()
    };
    loop {
        let mut out = Registry::empty_like(reg);
        let mut newly_hidden = Vec::new();
        for (raw, tree) in reg.raw.iter().zip(&trees) {
            if hidden.contains(&(raw.kind, raw.id.clone())) {
                continue;
            }
            let Some(tree) = tree else {
                newly_hidden.push((raw.kind, raw.id.clone()));
                continue;
            };
            // References from this record to hidden records, by where they are written.
            let cut: Vec<Span> = all_links
                .iter()
                .filter(|l| l.from_kind == raw.kind && l.from_id == raw.id && l.at.file == raw.file)
                .filter(|l| hidden.contains(&(l.to_kind, l.to_id.to_string())))
                .map(|l| l.at.span)
                .collect();
            let node = visible_node(raw, tree, audience, &cut);
            if !add(&mut out, reg, raw, &node) {
                newly_hidden.push((raw.kind, raw.id.clone()));
            }
        }
        if newly_hidden.is_empty() {
            out.reindex();
            return out;
        }
        hidden.extend(newly_hidden);
    }
}

/// The record's tree without hidden fields and without references to hidden records.
fn visible_node(raw: &RawRecord, tree: &Node, audience: Visibility, cut: &[Span]) -> Node {
    let mut node = tree.clone();
    let explicit: Vec<(String, Visibility)> = match node.get("field_visibility").map(|n| &n.kind) {
        Some(NodeKind::Map(entries)) => entries
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), parse_visibility(v.as_str()?)?)))
            .collect(),
        _ => Vec::new(),
    };
    if let NodeKind::Map(entries) = &mut node.kind {
        entries.retain(|(k, _)| {
            let Some(name) = k.as_str() else { return true };
            if name == "field_visibility" {
                return false;
            }
            let v = explicit
                .iter()
                .find(|(f, _)| f == name)
                .map(|(_, v)| *v)
                .unwrap_or_else(|| default_field_visibility(raw.kind, name));
            let v = if ALWAYS_INTERNAL.contains(&name) {
                Visibility::Internal
            } else {
                v
            };
            v <= audience
        });
    }
    for &(kind, outer, inner) in NESTED_INTERNAL {
        // A record may show the inner field by naming it, `outer.inner: customer`.
        let name = format!("{outer}.{inner}");
        let level = explicit
            .iter()
            .find(|(f, _)| *f == name)
            .map_or(Visibility::Internal, |(_, v)| *v);
        if kind == raw.kind && level > audience {
            remove_inner(&mut node, outer, inner);
        }
    }
    for span in cut {
        remove_at(&mut node, *span);
    }
    node
}

/// Removes `inner` from the map at `outer`, or from every map in the list at `outer`.
fn remove_inner(node: &mut Node, outer: &str, inner: &str) {
    let NodeKind::Map(entries) = &mut node.kind else {
        return;
    };
    let Some((_, value)) = entries.iter_mut().find(|(k, _)| k.as_str() == Some(outer)) else {
        return;
    };
    let drop_inner = |n: &mut Node| {
        if let NodeKind::Map(fields) = &mut n.kind {
            fields.retain(|(k, _)| k.as_str() != Some(inner));
        }
    };
    match &mut value.kind {
        NodeKind::Seq(items) => items.iter_mut().for_each(drop_inner),
        NodeKind::Map(_) => drop_inner(value),
        _ => {}
    }
}

/// Removes the list item or mapping entry whose value is exactly at `span`.
fn remove_at(node: &mut Node, span: Span) -> bool {
    match &mut node.kind {
        NodeKind::Seq(items) => {
            if let Some(i) = items.iter().position(|n| n.span == span) {
                items.remove(i);
                return true;
            }
            items.iter_mut().any(|n| remove_at(n, span))
        }
        NodeKind::Map(entries) => {
            if let Some(i) = entries.iter().position(|(_, v)| v.span == span) {
                entries.remove(i);
                return true;
            }
            entries.iter_mut().any(|(_, v)| remove_at(v, span))
        }
        _ => false,
    }
}

fn typed<T: DeserializeOwned>(raw: &RawRecord, node: &Node) -> Option<Record<T>> {
    let (result, _) = from_node::<T>(node);
    result.ok().map(|data| Record {
        file: raw.file,
        span: raw.span,
        data,
    })
}

/// Adds the record to `out`; false when it no longer makes sense without what was cut.
fn add(out: &mut Registry, full: &Registry, raw: &RawRecord, node: &Node) -> bool {
    macro_rules! push {
        ($field:ident) => {
            match typed(raw, node) {
                Some(r) => {
                    out.$field.push(r);
                    true
                }
                None => false,
            }
        };
    }
    match raw.kind {
        Kind::Organization => match typed(raw, node) {
            Some(r) => {
                out.organization = Some(r);
                true
            }
            None => false,
        },
        Kind::Subprocessor => push!(subprocessors),
        Kind::Contract => push!(contracts),
        Kind::Transfer => push!(transfers),
        Kind::DataCategory => push!(data_categories),
        Kind::DataSubject => push!(data_subjects),
        Kind::Activity => push!(activities),
        Kind::System => push!(systems),
        Kind::Flow => push!(flows),
        Kind::Retention => push!(retention),
        Kind::Tom => push!(toms),
        Kind::Role => push!(roles),
        Kind::Training => push!(trainings),
        Kind::Plan => push!(plans),
        Kind::Feature => push!(features),
        Kind::Process => {
            let Some(meta) = typed::<ProcessMeta>(raw, node) else {
                return false;
            };
            let Some(p) = full.process(&raw.id) else {
                return false;
            };
            out.processes.push(Record {
                file: p.file,
                span: p.span,
                data: Process {
                    id: p.data.id.clone(),
                    meta: meta.data,
                    bodies: p.data.bodies.clone(),
                },
            });
            true
        }
        Kind::Answer => {
            let Some(meta) = typed::<AnswerMeta>(raw, node) else {
                return false;
            };
            let Some(a) = full.answer(&raw.id) else {
                return false;
            };
            out.answers.push(Record {
                file: a.file,
                span: a.span,
                data: Answer {
                    id: a.data.id.clone(),
                    meta: meta.data,
                    bodies: a.data.bodies.clone(),
                },
            });
            true
        }
    }
}
