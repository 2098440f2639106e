//! What a record writes about who may see it (`visibility`, `field_visibility`),
//! read and checked while loading, where the record's tree is at hand.

use super::de::from_node;
use super::yaml::{Node, NodeKind};
use crate::model::process::{AnswerMeta, ProcessMeta};
use crate::model::{Kind, Visibility, NESTED_INTERNAL};
use serde::de::DeserializeOwned;

/// The `visibility` a record's tree sets, if it sets one it may have.
pub fn written_visibility(node: &Node) -> Option<Visibility> {
    node.get("visibility")
        .and_then(Node::as_str)
        .and_then(parse_visibility)
}

/// A visibility as written in YAML (`public`, `customer`, `internal`).
pub fn parse_visibility(s: &str) -> Option<Visibility> {
    match s {
        "public" => Some(Visibility::Public),
        "customer" => Some(Visibility::Customer),
        "internal" => Some(Visibility::Internal),
        _ => None,
    }
}

/// True when `name` is `outer.inner` of [`NESTED_INTERNAL`] and the record has `outer`.
fn is_nested_field(kind: Kind, name: &str, node: &Node) -> bool {
    NESTED_INTERNAL.iter().any(|&(k, outer, inner)| {
        k == kind && name == format!("{outer}.{inner}") && node.key(outer).is_some()
    })
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
    // A record with other errors would fail without the field for another reason, so
    // it cannot tell; its errors are reported anyway. Asking it would make the answer
    // depend on which record a loader thread met first (seen as a `hidden-required-
    // field` that came and went between runs).
    if !loads(kind, node) {
        return false;
    }
    let mut without = node.clone();
    if let NodeKind::Map(e) = &mut without.kind {
        e.retain(|(k, _)| k.as_str() != Some(field));
    }
    let required = !loads(kind, &without);
    KNOWN.with(|k| k.borrow_mut().insert((kind, field.to_string()), required));
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
