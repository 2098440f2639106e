//! YAML text → a tree of nodes that remember where they stand in the file.
//!
//! This is the one module that knows the YAML parser (saphyr-parser); the rest of
//! ropa sees [`Node`]. Anchors and aliases are refused (they hide where a value
//! comes from, and unbounded aliasing is a denial-of-service vector), nesting is
//! capped, and duplicate keys are errors.

mod simple;

use crate::source::{SourceFile, Span};
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

/// Deepest nesting of lists and mappings a registry file may have.
pub const MAX_DEPTH: usize = 64;

/// A YAML value with its place in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: NodeKind,
    /// Where it is.
    pub span: Span,
}

/// The shapes a YAML value can take.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `~`, `null` or nothing.
    Null,
    /// A scalar; `plain` is false when it was quoted or a block scalar (then it is always a string).
    Scalar {
        /// The scalar's text.
        text: String,
        /// Whether it was written without quotes.
        plain: bool,
    },
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in file order.
    Map(Vec<(Node, Node)>),
}

/// A problem found while reading YAML.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// Stable diagnostic code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Span,
    /// How to fix it.
    pub hint: String,
    /// A related place (the first of two duplicate keys).
    pub related: Option<Span>,
}

impl Node {
    /// The text of a scalar, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The key node for `key`, if this is a mapping that has it.
    pub fn key(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(k, _)| k),
            _ => None,
        }
    }

    /// A short description of the shape, for messages ("a list", "a mapping"...).
    pub fn describe(&self) -> String {
        match &self.kind {
            NodeKind::Null => "nothing (null)".into(),
            NodeKind::Scalar { text, .. } => format!("the value `{}`", shorten(text)),
            NodeKind::Seq(_) => "a list".into(),
            NodeKind::Map(_) => "a mapping".into(),
        }
    }

    /// The node as JSON, with plain scalars resolved as YAML 1.2 core schema would
    /// (booleans, numbers, null); used to validate files against the JSON Schema.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Scalar { text, plain } => {
                if *plain {
                    match resolve_plain(text) {
                        Plain::Bool(b) => Value::Bool(b),
                        Plain::Int(i) => Value::from(i),
                        Plain::Float(f) => serde_json::Number::from_f64(f)
                            .map(Value::Number)
                            .unwrap_or_else(|| Value::String(text.clone())),
                        Plain::Str => Value::String(text.clone()),
                    }
                } else {
                    Value::String(text.clone())
                }
            }
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Cuts long text for messages.
pub fn shorten(text: &str) -> String {
    let one_line = text.lines().next().unwrap_or("");
    if one_line.chars().count() > 40 || one_line.len() < text.len() {
        format!("{}…", one_line.chars().take(40).collect::<String>())
    } else {
        one_line.to_string()
    }
}

/// What a plain scalar means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Plain {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// Anything else: a string.
    Str,
}

/// Resolves a plain scalar by the YAML 1.2 core schema (no `yes`/`no` booleans).
pub fn resolve_plain(text: &str) -> Plain {
    match text {
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        _ => {}
    }
    if let Ok(i) = text.parse::<i64>() {
        return Plain::Int(i);
    }
    let looks_numeric = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && text.chars().any(|c| c.is_ascii_digit());
    if looks_numeric {
        if let Ok(f) = text.parse::<f64>() {
            return Plain::Float(f);
        }
    }
    Plain::Str
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// Parses one YAML document. An empty file gives a `Null` node.
pub fn parse(file: &SourceFile) -> Result<Node, YamlError> {
    match simple::parse(&file.text) {
        Some(node) => Ok(node),
        None => parse_full(file),
    }
}

/// Reads one YAML text with the fast reader alone: `None` where it gives up (then
/// [`parse`] hands the file to [`parse_full`]). Public for the test that runs both
/// readers on every file it can find (tests/yaml_readers.rs) and for the benchmark
/// (examples/yaml_readers.rs); ropa itself calls [`parse`].
pub fn parse_fast(text: &str) -> Option<Node> {
    simple::parse(text)
}

/// Parses one YAML document with the full YAML parser.
pub fn parse_full(file: &SourceFile) -> Result<Node, YamlError> {
    let mut parser = Parser::new_from_str(&file.text);
    let mut builder = Builder {
        file,
        stack: Vec::new(),
        root: None,
        documents: 0,
    };
    // The parser counts in characters; in ASCII text they are bytes.
    let ascii = file.text.is_ascii();
    let offset = |m: saphyr_parser::Marker| {
        if ascii {
            m.index().min(file.text.len())
        } else {
            file.offset_of(m.line(), m.col())
        }
    };
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| scan_error(file, &e))?;
        let span = Span::new(offset(span.start), offset(span.end));
        if builder.event(event, span)? {
            break;
        }
    }
    // An empty document (nothing, or only `---` and comments) is a null at the start
    // of the file, where a message about it points; the parser would place it after
    // the marker, past the last line (tests/yaml_readers.rs found the fast reader
    // and this one differing there).
    match builder.root {
        Some(root) if !(root.kind == NodeKind::Null && root.span.start == root.span.end) => {
            Ok(root)
        }
        _ => Ok(Node {
            kind: NodeKind::Null,
            span: Span::new(0, 0),
        }),
    }
}

fn scan_error(file: &SourceFile, e: &ScanError) -> YamlError {
    let m = e.marker();
    let at = file.offset_of(m.line(), m.col());
    let end = file.text[at..]
        .chars()
        .next()
        .map(|c| at + c.len_utf8())
        .unwrap_or(at);
    if e.info().contains("recursion limit") {
        return YamlError {
            code: "yaml-too-deep",
            message: format!("lists and mappings are nested too deeply ({})", e.info()),
            span: Span::new(at, end),
            hint: "registry records are shallow; this file is probably not a registry record"
                .into(),
            related: None,
        };
    }
    YamlError {
        code: "yaml-syntax",
        message: format!("YAML syntax error: {}", e.info()),
        span: Span::new(at, end),
        hint: "check the indentation and quoting around this place; a value that contains `: ` or starts with a special character (`*`, `&`, `!`, `%`, `@`, `` ` ``) must be quoted".into(),
        related: None,
    }
}

enum Open {
    Seq(Vec<Node>, Span),
    Map(Vec<(Node, Node)>, Option<Node>, Span),
}

struct Builder<'a> {
    file: &'a SourceFile,
    stack: Vec<Open>,
    root: Option<Node>,
    documents: usize,
}

impl Builder<'_> {
    /// Handles one event; returns true when the stream is over.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<bool, YamlError> {
        match event {
            Event::StreamEnd => return Ok(true),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(YamlError {
                        code: "yaml-syntax",
                        message: "a second YAML document in one file".into(),
                        span,
                        hint: "put one record (or one list of records) in each file; remove the `---` line or move what follows into its own file".into(),
                        related: None,
                    });
                }
            }
            Event::Alias(_) => {
                return Err(YamlError {
                    code: "yaml-unsupported",
                    message: "YAML aliases (`*name`) are not supported".into(),
                    span,
                    hint: "write the value out where it is used, or refer to a record by its id"
                        .into(),
                    related: None,
                })
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.refuse_anchor(anchor, span)?;
                let plain = style == ScalarStyle::Plain;
                // Every tag is refused, `!!str` too, as the README says: one rule
                // is easier to follow than a list of exceptions, and quoting does
                // what `!!str` would.
                if let Some(tag) = tag {
                    return Err(unsupported_tag(
                        span,
                        &format!("{}{}", tag.handle, tag.suffix),
                    ));
                }
                let kind = if plain && is_null(&text) {
                    NodeKind::Null
                } else {
                    NodeKind::Scalar {
                        text: text.into_owned(),
                        plain,
                    }
                };
                let span = self.trim_span(span);
                self.add(Node { kind, span })?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(
                    anchor,
                    tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    span,
                )?;
                self.stack.push(Open::Seq(Vec::new(), span));
            }
            Event::MappingStart(anchor, tag) => {
                self.open(
                    anchor,
                    tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    span,
                )?;
                self.stack.push(Open::Map(Vec::new(), None, span));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Open::Seq(items, start)) => {
                        let end = items.last().map(|n| n.span.end).unwrap_or(span.end);
                        Node {
                            kind: NodeKind::Seq(items),
                            span: Span::new(start.start, end.max(start.start)),
                        }
                    }
                    Some(Open::Map(entries, _, start)) => {
                        let end = entries.last().map(|(_, v)| v.span.end).unwrap_or(span.end);
                        Node {
                            kind: NodeKind::Map(entries),
                            span: Span::new(start.start, end.max(start.start)),
                        }
                    }
                    None => return Ok(false),
                };
                self.add(node)?;
            }
            _ => {}
        }
        Ok(false)
    }

    /// Checks what may not open a list or mapping: anchors, tags, too much depth.
    fn open(&self, anchor: usize, tag: Option<String>, span: Span) -> Result<(), YamlError> {
        self.refuse_anchor(anchor, span)?;
        if let Some(tag) = tag {
            return Err(unsupported_tag(span, &tag));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                code: "yaml-too-deep",
                message: format!("lists and mappings are nested more than {MAX_DEPTH} levels deep"),
                span,
                hint: "registry records are shallow; this file is probably not a registry record"
                    .into(),
                related: None,
            });
        }
        Ok(())
    }

    /// Plain scalars' spans sometimes run over trailing blanks; trim them.
    fn trim_span(&self, span: Span) -> Span {
        let text = &self.file.text[span.start..span.end.min(self.file.text.len())];
        let trimmed = text.trim_end();
        Span::new(span.start, span.start + trimmed.len())
    }

    fn refuse_anchor(&self, anchor: usize, span: Span) -> Result<(), YamlError> {
        if anchor == 0 {
            Ok(())
        } else {
            Err(YamlError {
                code: "yaml-unsupported",
                message: "YAML anchors (`&name`) are not supported".into(),
                span,
                hint: "remove the anchor; write each value out where it is used".into(),
                related: None,
            })
        }
    }

    fn add(&mut self, node: Node) -> Result<(), YamlError> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(items, _)) => items.push(node),
            Some(Open::Map(entries, pending, _)) => match pending.take() {
                None => {
                    if !matches!(node.kind, NodeKind::Scalar { .. }) {
                        return Err(YamlError {
                            code: "yaml-unsupported",
                            message: "a mapping key must be a plain name".into(),
                            span: node.span,
                            hint: "use a simple word as the key, e.g. `name:`".into(),
                            related: None,
                        });
                    }
                    if let Some((first, _)) =
                        entries.iter().find(|(k, _)| k.as_str() == node.as_str())
                    {
                        return Err(YamlError {
                            code: "yaml-duplicate-key",
                            message: format!(
                                "the key `{}` appears twice in this mapping",
                                node.as_str().unwrap_or_default()
                            ),
                            span: node.span,
                            hint: "remove one of the two entries or merge them".into(),
                            related: Some(first.span),
                        });
                    }
                    *pending = Some(node);
                }
                Some(key) => entries.push((key, node)),
            },
        }
        Ok(())
    }
}

fn unsupported_tag(span: Span, tag: &str) -> YamlError {
    YamlError {
        code: "yaml-unsupported",
        message: format!("YAML tags (here `{tag}`) are not supported"),
        span,
        hint: "remove the tag; quote the value if it must be text, e.g. `\"1\"`".into(),
        related: None,
    }
}
