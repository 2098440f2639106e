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
use crate::load::yaml::{Node, NodeKind};
use crate::model::process::{Answer, AnswerMeta, Process, ProcessMeta};
use crate::model::{Kind, Record, Visibility};
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

/// Fields inside a field that are internal unless the record's `field_visibility`
/// names them as `outer.inner` (e.g. `tia.document: customer`):
/// `(kind, outer field, inner field)`. These are document
/// locations (`dms://…`) like a contract's `document`: useful to staff and auditors,
/// meaningless or revealing to anyone else.
const NESTED_INTERNAL: &[(Kind, &str, &str)] = &[
    (Kind::Subprocessor, "certifications", "evidence"),
    (Kind::Transfer, "tia", "document"),
];

/// True when `name` is `outer.inner` of [`NESTED_INTERNAL`] and the record has `outer`.
fn is_nested_field(kind: Kind, name: &str, node: &Node) -> bool {
    NESTED_INTERNAL.iter().any(|&(k, outer, inner)| {
        k == kind && name == format!("{outer}.{inner}") && node.key(outer).is_some()
    })
}

/// Fields that are internal whatever a record says.
const ALWAYS_INTERNAL: &[&str] = &["notes"];

fn record_visibility(raw: &RawRecord) -> Visibility {
    raw.visibility
        .unwrap_or_else(|| raw.kind.default_visibility())
}

/// The `visibility` a record's tree sets, if it sets one it may have.
pub fn written_visibility(node: &Node) -> Option<Visibility> {
    node.get("visibility")
        .and_then(Node::as_str)
        .and_then(parse_visibility)
}

/// A visibility as written in YAML (`public`, `customer`, `internal`).
fn parse_visibility(s: &str) -> Option<Visibility> {
    match s {
        "public" => Some(Visibility::Public),
        "customer" => Some(Visibility::Customer),
        "internal" => Some(Visibility::Internal),
        _ => None,
    }
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
        let mut out = Registry::at(&reg.root);
        out.sources = reg.sources.clone();
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

/// Whether a record of `kind` cannot do without `field`: `node` (a record that loads,
/// with `field`) no longer loads without it.
///
/// Records are plain derived structs (no cross-field rules), so the answer depends
/// only on the kind and the field; it is found once per thread and remembered (a
/// large registry hides the same few fields in thousands of records).
fn is_required(kind: Kind, field: &str, node: &Node) -> bool {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static KNOWN: RefCell<HashMap<(Kind, String), bool>> = RefCell::new(HashMap::new());
    }
    if let Some(known) = KNOWN.with(|k| k.borrow().get(&(kind, field.to_string())).copied()) {
        return known;
    }
    let mut without = node.clone();
    if let NodeKind::Map(e) = &mut without.kind {
        e.retain(|(k, _)| k.as_str() != Some(field));
    }
    let required = !loads(kind, &without);
    // A record with other errors may fail without the field for another reason: only
    // what a record that loads as written says is remembered.
    if !required || loads(kind, node) {
        KNOWN.with(|k| k.borrow_mut().insert((kind, field.to_string()), required));
    }
    required
}

/// Whether a record's tree still makes a record of its kind.
fn loads(kind: Kind, node: &Node) -> bool {
    use crate::model::*;
    fn ok<T: DeserializeOwned>(node: &Node) -> bool {
        from_node::<T>(node).0.is_ok()
    }
    match kind {
        Kind::Organization => ok::<organization::Organization>(node),
        Kind::Subprocessor => ok::<subprocessor::Subprocessor>(node),
        Kind::Contract => ok::<contract::Contract>(node),
        Kind::Transfer => ok::<transfer::Transfer>(node),
        Kind::DataCategory => ok::<taxonomy::DataCategory>(node),
        Kind::DataSubject => ok::<taxonomy::DataSubject>(node),
        Kind::Activity => ok::<activity::Activity>(node),
        Kind::System => ok::<flow::System>(node),
        Kind::Flow => ok::<flow::Flow>(node),
        Kind::Retention => ok::<retention::RetentionRule>(node),
        Kind::Tom => ok::<tom::Tom>(node),
        Kind::Role => ok::<people::Role>(node),
        Kind::Training => ok::<people::Training>(node),
        Kind::Plan => ok::<product::Plan>(node),
        Kind::Feature => ok::<product::Feature>(node),
        Kind::Process => ok::<ProcessMeta>(node),
        Kind::Answer => ok::<AnswerMeta>(node),
    }
}

/// Problems with a record's `field_visibility`: a field the record does not have, or
/// a required field hidden from an audience that may see the record (which would
/// silently drop the whole record from that audience's site). `node` is the record's
/// tree as loaded; checked while loading, where the tree is at hand.
pub fn check_field_visibility(
    kind: Kind,
    id: &str,
    file: crate::source::FileId,
    node: &Node,
    out: &mut crate::diagnostics::Diagnostics,
) {
    use crate::diagnostics::{Diagnostic, Location};
    let Some(NodeKind::Map(entries)) = node.get("field_visibility").map(|n| &n.kind) else {
        return;
    };
    let record = written_visibility(node).unwrap_or_else(|| kind.default_visibility());
    for (key, value) in entries {
        let (Some(field), Some(level)) = (key.as_str(), value.as_str().and_then(parse_visibility))
        else {
            continue;
        };
        let at = Location {
            file,
            span: key.span,
        };
        if node.key(field).is_none() && !is_nested_field(kind, field, node) {
            out.push(
                Diagnostic::warning(
                    "unknown-field",
                    format!("`field_visibility` names `{field}`, which this {kind} does not have"),
                    at,
                )
                .with_hint("name a field written in this record, or remove the entry"),
            );
            continue;
        }
        if level <= record {
            continue;
        }
        if is_required(kind, field, node) {
            out.push(
                Diagnostic::error(
                    "hidden-required-field",
                    format!(
                        "`{field}` is required, so hiding it from the {} site would leave the whole {kind} `{id}` out of it",
                        record.as_str(),
                    ),
                    at,
                )
                .with_hint(format!(
                    "if the whole {kind} is meant only for that audience, set its `visibility: {}`; otherwise keep `{field}` visible",
                    level.as_str()
                )),
            );
        }
    }
}
