//! What changed in the records between two states: records added, removed and
//! changed (matched by kind and id), and for a changed one each changed field by its
//! dotted path, as plain values (words are the render layer's job).
//!
//! For an audience narrower than everything, a record shown at one end only is added
//! or removed; a field hidden at either end is left out; references to records hidden
//! at either end are dropped from both ends.

use super::State;
use crate::links::links;
use crate::model::{Kind, Record};
use crate::registry::Registry;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One record that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordChange {
    /// Its kind.
    pub kind: Kind,
    /// Its id.
    pub id: String,
    /// How it changed.
    pub change: Change,
}

/// How a record changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// It is new.
    Added,
    /// It is gone.
    Removed,
    /// Some of its fields changed (never empty).
    Changed(Vec<FieldChange>),
}

/// One field that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The field's dotted path (`address.city`); list items are not counted.
    pub path: String,
    /// What changed.
    pub delta: Delta,
}

/// A field's change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Delta {
    /// A single value replaced (absent on one side when set or cleared).
    Set {
        /// Before.
        old: Option<Value>,
        /// After.
        new: Option<Value>,
    },
    /// Items of a list removed and added (order alone is no change).
    List {
        /// Items only before.
        removed: Vec<Value>,
        /// Items only after.
        added: Vec<Value>,
    },
}

/// A record's key.
pub type Key = (Kind, String);

/// Every record of `reg` as JSON (as pages serialise it), without its id; process
/// descriptions and answers carry their text per language as `text`.
pub fn record_values(reg: &Registry) -> BTreeMap<Key, Value> {
    fn of<T: Serialize + crate::model::HasId>(
        kind: Kind,
        v: &[Record<T>],
        out: &mut BTreeMap<Key, Value>,
    ) {
        for r in v {
            let id = r.data.id().value.clone();
            if let Ok(value) = serde_json::to_value(&r.data) {
                out.entry((kind, id)).or_insert(value);
            }
        }
    }
    let mut out = BTreeMap::new();
    if let Some(o) = &reg.organization {
        if let Ok(v) = serde_json::to_value(&o.data) {
            out.insert((Kind::Organization, o.data.id.value.clone()), v);
        }
    }
    of(Kind::Subprocessor, &reg.subprocessors, &mut out);
    of(Kind::Contract, &reg.contracts, &mut out);
    of(Kind::Transfer, &reg.transfers, &mut out);
    of(Kind::DataCategory, &reg.data_categories, &mut out);
    of(Kind::DataSubject, &reg.data_subjects, &mut out);
    of(Kind::Activity, &reg.activities, &mut out);
    of(Kind::System, &reg.systems, &mut out);
    of(Kind::Flow, &reg.flows, &mut out);
    of(Kind::Retention, &reg.retention, &mut out);
    of(Kind::Tom, &reg.toms, &mut out);
    of(Kind::Role, &reg.roles, &mut out);
    of(Kind::Training, &reg.trainings, &mut out);
    of(Kind::Plan, &reg.plans, &mut out);
    of(Kind::Feature, &reg.features, &mut out);
    for p in &reg.processes {
        let text = p.data.bodies.iter().map(|b| (b.lang.clone(), &*b.markdown));
        if let Ok(v) = serde_json::to_value(&p.data.meta) {
            out.entry((Kind::Process, p.data.id.value.clone()))
                .or_insert(with_text(v, text));
        }
    }
    for a in &reg.answers {
        let text = a.data.bodies.iter().map(|b| (b.lang.clone(), &*b.markdown));
        if let Ok(v) = serde_json::to_value(&a.data.meta) {
            out.entry((Kind::Answer, a.data.id.value.clone()))
                .or_insert(with_text(v, text));
        }
    }
    for v in out.values_mut() {
        if let Value::Object(m) = v {
            m.shift_remove("id");
        }
    }
    out
}

fn with_text<'a>(mut v: Value, text: impl Iterator<Item = (String, &'a str)>) -> Value {
    let bodies: Map<String, Value> = text
        .map(|(lang, md)| (lang, Value::String(md.trim().to_string())))
        .collect();
    if let Value::Object(m) = &mut v {
        m.insert("text".into(), Value::Object(bodies));
    }
    v
}

/// The changes from `from` to `to`, by kind (in the registry's order of kinds) and id.
pub fn compare(from: &State, to: &State) -> Vec<RecordChange> {
    let (a_full, b_full) = (record_values(&from.full), record_values(&to.full));
    let (mut a, mut b) = match (&from.shown, &to.shown) {
        (Some(fa), Some(fb)) => (record_values(fa), record_values(fb)),
        _ => (a_full.clone(), b_full.clone()),
    };
    if from.shown.is_some() && to.shown.is_some() {
        let hidden: BTreeSet<&Key> = a_full
            .keys()
            .filter(|k| !a.contains_key(*k))
            .chain(b_full.keys().filter(|k| !b.contains_key(*k)))
            .collect();
        let hidden: BTreeSet<Key> = hidden.into_iter().cloned().collect();
        drop_refs(&from.full, &hidden, &mut a);
        drop_refs(&to.full, &hidden, &mut b);
        // Fields hidden at either end are left out at both.
        let keys: Vec<Key> = a.keys().filter(|k| b.contains_key(*k)).cloned().collect();
        for key in keys {
            let mut paths = Vec::new();
            for (full, shown) in [(&a_full, &a), (&b_full, &b)] {
                if let (Some(f), Some(s)) = (full.get(&key), shown.get(&key)) {
                    hidden_paths(f, s, &mut Vec::new(), &mut paths);
                }
            }
            for path in &paths {
                let parts: Vec<&str> = path.iter().map(String::as_str).collect();
                for side in [&mut a, &mut b] {
                    if let Some(v) = side.get_mut(&key) {
                        remove_path(v, &parts, None);
                    }
                }
            }
        }
    }
    let keys: BTreeSet<&Key> = a.keys().chain(b.keys()).collect();
    let mut out: Vec<RecordChange> = keys
        .into_iter()
        .filter_map(|key| {
            let change = match (a.get(key), b.get(key)) {
                (None, Some(_)) => Change::Added,
                (Some(_), None) => Change::Removed,
                (Some(old), Some(new)) => {
                    let mut fields = Vec::new();
                    diff_value(&mut Vec::new(), Some(old), Some(new), &mut fields);
                    if fields.is_empty() {
                        return None;
                    }
                    Change::Changed(fields)
                }
                (None, None) => return None,
            };
            Some(RecordChange {
                kind: key.0,
                id: key.1.clone(),
                change,
            })
        })
        .collect();
    out.sort_by(|x, y| (x.kind, &x.id).cmp(&(y.kind, &y.id)));
    out
}

/// Removes from every record's value the references to `hidden` records.
fn drop_refs(full: &Registry, hidden: &BTreeSet<Key>, values: &mut BTreeMap<Key, Value>) {
    for l in links(full) {
        if !hidden.contains(&(l.to_kind, l.to_id.to_string())) {
            continue;
        }
        if let Some(v) = values.get_mut(&(l.from_kind, l.from_id.to_string())) {
            let parts: Vec<&str> = l.field.split('.').collect();
            remove_path(v, &parts, Some(l.to_id));
        }
    }
}

/// The paths of fields in `full` that `shown` lacks (hidden from the audience).
fn hidden_paths(full: &Value, shown: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match (full, shown) {
        (Value::Object(f), Value::Object(s)) if !is_text_map(f) => {
            for (k, fv) in f {
                at.push(k.clone());
                match s.get(k) {
                    None if !is_empty(fv) => out.push(at.clone()),
                    Some(sv) => hidden_paths(fv, sv, at, out),
                    None => {}
                }
                at.pop();
            }
        }
        (Value::Array(f), Value::Array(s)) => {
            for (fv, sv) in f.iter().zip(s) {
                hidden_paths(fv, sv, at, out);
            }
        }
        _ => {}
    }
}

/// Removes the field at `parts` (through lists); with `only`, only where it is (or,
/// in a list, holds) that string.
fn remove_path(v: &mut Value, parts: &[&str], only: Option<&str>) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| remove_path(i, parts, only)),
        Value::Object(m) => {
            let Some((first, rest)) = parts.split_first() else {
                return;
            };
            if !rest.is_empty() {
                if let Some(inner) = m.get_mut(*first) {
                    remove_path(inner, rest, only);
                }
                return;
            }
            match (only, m.get_mut(*first)) {
                (None, Some(_)) => {
                    m.shift_remove(*first);
                }
                (Some(id), Some(Value::String(s))) if s == id => {
                    m.shift_remove(*first);
                }
                (Some(id), Some(Value::Array(items))) => {
                    items.retain(|i| i.as_str() != Some(id));
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// Whether an object is a text in several languages (`{de: …, en: …}`).
pub fn is_text_map(m: &Map<String, Value>) -> bool {
    !m.is_empty()
        && m.keys()
            .all(|k| k.len() == 2 && k.bytes().all(|b| b.is_ascii_lowercase()))
        && m.values().all(Value::is_string)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !is_empty(v))
}

/// The changes from `old` to `new` at `at`, into `out`.
fn diff_value(
    at: &mut Vec<String>,
    old: Option<&Value>,
    new: Option<&Value>,
    out: &mut Vec<FieldChange>,
) {
    let (old, new) = (present(old), present(new));
    let path = || at.join(".");
    match (old, new) {
        (None, None) => {}
        (Some(Value::Object(o)), Some(Value::Object(n))) if !is_text_map(o) && !is_text_map(n) => {
            let keys: Vec<&String> = n
                .keys()
                .chain(o.keys().filter(|k| !n.contains_key(*k)))
                .collect();
            for k in keys {
                at.push(k.clone());
                diff_value(at, o.get(k), n.get(k), out);
                at.pop();
            }
        }
        (o, n)
            if matches!(o, Some(Value::Array(_)) | None)
                && matches!(n, Some(Value::Array(_)) | None) =>
        {
            let empty = Vec::new();
            let o = o.and_then(Value::as_array).unwrap_or(&empty);
            let n = n.and_then(Value::as_array).unwrap_or(&empty);
            let (removed, added) = multiset_difference(o, n);
            if !removed.is_empty() || !added.is_empty() {
                out.push(FieldChange {
                    path: path(),
                    delta: Delta::List { removed, added },
                });
            }
        }
        (o, n) => {
            if o != n {
                out.push(FieldChange {
                    path: path(),
                    delta: Delta::Set {
                        old: o.cloned(),
                        new: n.cloned(),
                    },
                });
            }
        }
    }
}

/// Items of `old` not in `new` and of `new` not in `old`, counting repeats.
fn multiset_difference(old: &[Value], new: &[Value]) -> (Vec<Value>, Vec<Value>) {
    let mut unmatched: Vec<Option<&Value>> = new.iter().map(Some).collect();
    let mut removed = Vec::new();
    for o in old {
        match unmatched.iter_mut().find(|n| n.is_some_and(|n| n == o)) {
            Some(slot) => *slot = None,
            None => removed.push(o.clone()),
        }
    }
    let added = unmatched.into_iter().flatten().cloned().collect();
    (removed, added)
}
