//! Recovery from partly bad records: the bad values of a record set aside one by one
//! so every error is reported and the rest still loads, and what can be told of a
//! file that does not parse at all.

use super::de::{self, from_node};
use super::yaml::{Node, NodeKind};
use crate::source::Span;
use serde::de::DeserializeOwned;

/// Most values of one record ropa will set aside to find further errors in it.
const MAX_ERRORS_PER_RECORD: usize = 32;

/// Deserializes a record, and on an error sets the offending entry aside and tries
/// again, so that every bad value of a record is reported in one run, and a record
/// whose bad values were all optional still loads (and its references get checked).
///
/// A "missing field" that is only missing because ropa set it aside is not reported;
/// the mapping that needed it is set aside in turn.
pub(super) fn recover<T: DeserializeOwned>(
    node: &Node,
) -> (Option<T>, Vec<de::UnknownField>, Vec<de::DeError>) {
    // Most records are fine: read them as they are, and copy only to set values aside.
    if let (Ok(value), unknown) = from_node::<T>(node) {
        return (Some(value), unknown, Vec::new());
    }
    let mut work = node.clone();
    let mut removed: Vec<(usize, String)> = Vec::new();
    let mut unknown: Vec<de::UnknownField> = Vec::new();
    let mut errors = Vec::new();
    for _ in 0..MAX_ERRORS_PER_RECORD {
        let (result, found) = from_node::<T>(&work);
        for u in found {
            if !unknown.iter().any(|k| k.span == u.span) {
                unknown.push(u);
            }
        }
        let err = match result {
            Ok(value) => return (Some(value), unknown, errors),
            Err(e) => e,
        };
        let span = err.span.unwrap_or(work.span);
        if err.kind == de::DeErrorKind::MissingField {
            // The error points at the first key of the mapping that lacks the field.
            let consequence = removed.iter().any(|(map_start, field)| {
                *map_start == span.start && err.message.contains(&format!("`{field}`"))
            });
            if !consequence {
                errors.push(err);
            }
            if !remove_map_at(&mut work, span.start, &mut removed) {
                return (None, unknown, errors);
            }
        } else {
            errors.push(err);
            if !remove_entry_containing(&mut work, span, &mut removed) {
                return (None, unknown, errors);
            }
        }
    }
    (None, unknown, errors)
}

/// Removes the innermost mapping entry whose key or value contains `span`.
fn remove_entry_containing(
    node: &mut Node,
    span: Span,
    removed: &mut Vec<(usize, String)>,
) -> bool {
    let head = map_head(node);
    match &mut node.kind {
        NodeKind::Map(entries) => {
            let Some(i) = entries
                .iter()
                .position(|(k, v)| contains(k.span, span) || contains(v.span, span))
            else {
                return false;
            };
            if remove_entry_containing(&mut entries[i].1, span, removed) {
                return true;
            }
            let (k, _) = entries.remove(i);
            removed.push((head, k.as_str().unwrap_or_default().to_string()));
            true
        }
        NodeKind::Seq(items) => items
            .iter_mut()
            .filter(|n| contains(n.span, span))
            .any(|n| remove_entry_containing(n, span, removed)),
        _ => false,
    }
}

/// Removes the entry that holds the mapping whose first key starts at `head`.
fn remove_map_at(node: &mut Node, head: usize, removed: &mut Vec<(usize, String)>) -> bool {
    let my_head = map_head(node);
    match &mut node.kind {
        NodeKind::Map(entries) => {
            if let Some(i) = entries
                .iter()
                .position(|(_, v)| matches!(v.kind, NodeKind::Map(_)) && map_head(v) == head)
            {
                let (k, _) = entries.remove(i);
                removed.push((my_head, k.as_str().unwrap_or_default().to_string()));
                return true;
            }
            if let Some(i) = entries.iter().position(|(_, v)| match &v.kind {
                NodeKind::Seq(items) => items.iter().any(|it| map_head(it) == head),
                _ => false,
            }) {
                let (k, _) = entries.remove(i);
                removed.push((my_head, k.as_str().unwrap_or_default().to_string()));
                return true;
            }
            entries
                .iter_mut()
                .any(|(_, v)| remove_map_at(v, head, removed))
        }
        NodeKind::Seq(items) => items.iter_mut().any(|n| remove_map_at(n, head, removed)),
        _ => false,
    }
}

fn map_head(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Map(entries) => entries
            .first()
            .map(|(k, _)| k.span.start)
            .unwrap_or(node.span.start),
        _ => node.span.start,
    }
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start
        && inner.end <= outer.end
        && !(outer.start == outer.end && inner.start != outer.start)
}

/// The `id:` values written in a text that is not valid YAML (best effort).
pub(super) fn scan_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let l = line.trim_start();
            let l = l.strip_prefix("- ").unwrap_or(l).trim_start();
            let v = l.strip_prefix("id:")?.trim();
            let v = v.trim_matches(|c| c == '"' || c == '\'');
            (!v.is_empty()).then(|| v.to_string())
        })
        .collect()
}

/// The `languages: [de, en]` of an organization file that could not be read (best effort),
/// so that process translations are still recognised as such.
pub(super) fn scan_languages(text: &str) -> Vec<String> {
    text.lines()
        .find_map(|line| line.trim_start().strip_prefix("languages:"))
        .map(|v| {
            v.trim()
                .trim_matches(|c| c == '[' || c == ']')
                .split(',')
                .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
                .filter(|s| s.len() == 2)
                .collect()
        })
        .unwrap_or_default()
}
