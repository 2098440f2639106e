//! Loading one file's records: its text checked, its YAML parsed and turned into
//! typed records (each bad value reported, the rest kept), their trees kept.

use super::comments;
use super::de::suggest;
use super::fetch::{Fetched, Unreadable};
use super::raw::RawRecord;
use super::recover::recover;
use super::translations::check_translations;
use super::visibility::check_field_visibility;
use super::yaml::{self, Node, NodeKind};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{HasId, Kind, Record, Records};
use crate::source::{FileId, Span};
use serde::de::DeserializeOwned;

/// What loading one file found. Files are loaded on their own, in parallel, each
/// with the id its file will have; [`super::Loader::merge`] then adds them in file order.
pub(super) struct FileLoad<'a> {
    pub languages: &'a [String],
    pub file: FileId,
    pub diags: Diagnostics,
    pub unreadable: Vec<(Kind, String)>,
    pub raw: Vec<RawRecord>,
    /// The registry's languages, when this file is the organisation.
    pub languages_found: Option<Vec<String>>,
    /// Adds the file's records to the registry.
    pub add: Option<AddRecords>,
    /// The kind and number of records `add` adds.
    pub adds: Option<(Kind, usize)>,
}

/// Adds one file's records to the registry.
pub(super) type AddRecords = Box<dyn FnOnce(&mut Records) + Send>;

impl<'a> FileLoad<'a> {
    pub(super) fn new(languages: &'a [String], file: FileId) -> Self {
        FileLoad {
            languages,
            file,
            diags: Diagnostics::default(),
            unreadable: Vec::new(),
            raw: Vec::new(),
            languages_found: None,
            add: None,
            adds: None,
        }
    }

    /// Reports an unreadable, binary or non-UTF-8 file (for which there is nothing
    /// further to load); true if the file can be used.
    pub(super) fn readable(&mut self, fetched: &Fetched) -> bool {
        let id = self.file;
        match &fetched.unreadable {
            None => true,
            Some(Unreadable::Io(e)) => {
                self.diags.push(
                    Diagnostic::error(
                        "io-error",
                        format!("cannot read this file: {e}"),
                        loc(id, Span::default()),
                    )
                    .with_hint("check that the file exists and is readable"),
                );
                false
            }
            Some(bad) => {
                let (at, what) = match bad {
                    Unreadable::NotUtf8(at) => (*at, "this file is not UTF-8 text"),
                    _ => (
                        fetched.nul_at.unwrap_or_default(),
                        "this file contains a NUL byte: it looks like a binary file",
                    ),
                };
                self.diags.push(
                    Diagnostic::error("not-text", what, loc(id, Span::new(at, at + 1)))
                        .with_label("first bad byte here")
                        .with_hint("registry files must be UTF-8 text; re-save the file as UTF-8, or move it out of the registry"),
                );
                false
            }
        }
    }

    /// The YAML tree parsed ahead, or its syntax error reported; translated texts are
    /// checked against the registry's languages.
    pub(super) fn parsed(
        &mut self,
        parsed: Option<Result<Node, yaml::YamlError>>,
        text: &str,
    ) -> Option<Node> {
        let file = self.file;
        match parsed? {
            Ok(node) => {
                check_translations(&node, self.languages, file, &mut self.diags);
                // Most files hold no comment at all: one scan spares the tree walk.
                if memchr::memchr(b'#', text.as_bytes()).is_some() {
                    comments::check(&node, text, file, &mut self.diags);
                }
                Some(node)
            }
            Err(e) => {
                let mut d =
                    Diagnostic::error(e.code, e.message, loc(file, e.span)).with_hint(e.hint);
                if let Some(first) = e.related {
                    d = d.with_note(loc(file, first), "first written here");
                }
                self.diags.push(d);
                None
            }
        }
    }

    pub(super) fn push<T: DeserializeOwned + HasId + Send + 'static>(
        &mut self,
        node: Node,
        kind: Kind,
        list: fn(&mut Records) -> &mut Vec<Record<T>>,
    ) {
        let records: Vec<Record<T>> = self.records(&node, kind);
        self.remember(&records, node, kind);
        self.adds = Some((kind, records.len()));
        self.add = Some(Box::new(move |reg| list(reg).extend(records)));
    }

    /// Keeps the YAML tree of each loaded record (matched by its span) for audience views.
    pub(super) fn remember<T: HasId>(&mut self, records: &[Record<T>], node: Node, kind: Kind) {
        // A file that lists records would be read again once per record: its trees
        // are kept.
        let (items, listed) = match node.kind {
            NodeKind::Seq(items) => (items, true),
            _ => (vec![node], false),
        };
        // Records come in the order of their items; items that gave no record are skipped.
        let mut items = items.into_iter();
        self.raw.reserve_exact(records.len());
        for r in records {
            if let Some(n) = items.by_ref().find(|n| n.span == r.span) {
                let id = &r.data.id().value;
                check_field_visibility(kind, id, r.file, &n, &mut self.diags);
                self.raw.push(RawRecord::new(
                    kind,
                    r.data.id().value.clone(),
                    r.file,
                    n,
                    listed,
                ));
            }
        }
    }

    /// The records in one file: a mapping is one record, a list holds several.
    pub(super) fn records<T: DeserializeOwned>(
        &mut self,
        node: &Node,
        kind: Kind,
    ) -> Vec<Record<T>> {
        let file = self.file;
        let items: Vec<&Node> = match &node.kind {
            NodeKind::Map(_) => vec![node],
            NodeKind::Seq(items) if kind != Kind::Organization => items.iter().collect(),
            NodeKind::Null => {
                self.diags.push(
                    Diagnostic::error(
                        "empty-file",
                        format!("this file holds no {kind} record"),
                        loc(file, node.span),
                    )
                    .with_hint(format!(
                        "write a record (see `ropa new {kind} <id>`) or delete the file"
                    )),
                );
                return Vec::new();
            }
            _ => {
                let expected = if kind == Kind::Organization {
                    "a mapping (`key: value` lines)".to_string()
                } else {
                    format!("a {kind} record (a mapping) or a list of them")
                };
                self.diags.push(
                    Diagnostic::error(
                        "wrong-type",
                        format!("expected {expected}, found {}", node.describe()),
                        loc(file, node.span),
                    )
                    .with_hint(format!(
                        "see `ropa new {kind} <id>` for the shape of a {kind}"
                    )),
                );
                return Vec::new();
            }
        };
        // Sized to fit: most files hold one record, and a growing list would make
        // room for four (a record is hundreds of bytes).
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if let Some(r) = self.record(item, kind) {
                out.push(r);
            }
        }
        out
    }

    pub(super) fn record<T: DeserializeOwned>(
        &mut self,
        node: &Node,
        kind: Kind,
    ) -> Option<Record<T>> {
        let file = self.file;
        if !matches!(node.kind, NodeKind::Map(_)) {
            self.diags.push(
                Diagnostic::error(
                    "wrong-type",
                    format!(
                        "expected a {kind} record (a mapping), found {}",
                        node.describe()
                    ),
                    loc(file, node.span),
                )
                .with_hint("each item of a list file is a record with `id:` and its fields"),
            );
            return None;
        }
        let (result, unknown, errors) = recover::<T>(node);
        for u in unknown {
            let within = if u.within.is_empty() {
                kind.name().to_string()
            } else {
                describe_struct(u.within)
            };
            self.diags.push(
                Diagnostic::error(
                    "unknown-field",
                    format!("unknown field `{}` in {within}", u.key),
                    loc(file, u.span),
                )
                .with_label("not a field of this record")
                .with_hint(suggest(&u.key, u.allowed)),
            );
        }
        for e in errors {
            let mut d = Diagnostic::error(
                e.kind.code(),
                e.message,
                loc(file, e.span.unwrap_or(node.span)),
            );
            if let Some(h) = e.hint {
                d = d.with_hint(h);
            }
            self.diags.push(d);
        }
        match result {
            Some(data) => Some(Record {
                file,
                span: node.span,
                data,
            }),
            None => {
                if let Some(id) = node.get("id").and_then(Node::as_str) {
                    self.unreadable.push((kind, id.to_string()));
                }
                None
            }
        }
    }
}

/// Where a diagnostic points.
pub(super) fn loc(file: FileId, span: Span) -> Location {
    Location { file, span }
}

/// "Address" → "an address", for messages about nested records.
fn describe_struct(name: &str) -> String {
    let mut words = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.push(c.to_ascii_lowercase());
    }
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {words}")
}
