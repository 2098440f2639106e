//! A serde deserializer over [`Node`]s that knows where every value stands.
//!
//! It differs from a plain YAML deserializer in three ways that make diagnostics good:
//! errors carry the span of the innermost value they concern; unknown fields are
//! collected (with the fields that would have been valid) and skipped, so every
//! unknown field of a file is reported in one run; and [`Spanned`] values receive
//! their span.
//!
//! [`Spanned`]: crate::model::Spanned

use super::yaml::{resolve_plain, Node, NodeKind, Plain};
use crate::model::common::{INVALID_DATE, INVALID_DURATION, SPANNED_NAME};
use crate::source::Span;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::cell::RefCell;
use std::fmt;

/// What went wrong while turning a node into a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeErrorKind {
    /// A value of the wrong shape or type.
    WrongType,
    /// A required field is absent.
    MissingField,
    /// A value not among the allowed ones.
    UnknownValue,
    /// A date that is not `YYYY-MM-DD` or not in the calendar.
    InvalidDate,
    /// A duration that is not ISO 8601.
    InvalidDuration,
    /// Any other invalid value.
    InvalidValue,
}

impl DeErrorKind {
    /// The diagnostic code.
    pub fn code(self) -> &'static str {
        match self {
            DeErrorKind::WrongType => "wrong-type",
            DeErrorKind::MissingField => "missing-field",
            DeErrorKind::UnknownValue => "unknown-value",
            DeErrorKind::InvalidDate => "invalid-date",
            DeErrorKind::InvalidDuration => "invalid-duration",
            DeErrorKind::InvalidValue => "invalid-value",
        }
    }
}

/// An error with the place it concerns.
#[derive(Debug, Clone)]
pub struct DeError {
    /// What kind of problem.
    pub kind: DeErrorKind,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// Where (the innermost value).
    pub span: Option<Span>,
}

impl DeError {
    fn new(kind: DeErrorKind, message: String) -> Self {
        DeError {
            kind,
            message,
            hint: None,
            span: None,
        }
    }

    /// Sets the span unless an inner value already did.
    fn at(mut self, span: Span) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let message = msg.to_string();
        let kind = if message.starts_with(INVALID_DATE) {
            DeErrorKind::InvalidDate
        } else if message.starts_with(INVALID_DURATION) {
            DeErrorKind::InvalidDuration
        } else {
            DeErrorKind::InvalidValue
        };
        DeError::new(kind, message)
    }

    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        let found = match unexp {
            de::Unexpected::Str(s) => format!("the text `{}`", super::yaml::shorten(s)),
            de::Unexpected::Map => "a mapping".into(),
            de::Unexpected::Seq => "a list".into(),
            de::Unexpected::Unit => "nothing (null)".into(),
            other => other.to_string(),
        };
        DeError::new(
            DeErrorKind::WrongType,
            format!("expected {exp}, found {found}"),
        )
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::new(
            DeErrorKind::InvalidValue,
            format!("invalid value {unexp}: expected {exp}"),
        )
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let mut e = DeError::new(
            DeErrorKind::UnknownValue,
            format!("`{variant}` is not one of the allowed values"),
        );
        e.hint = Some(suggest(variant, expected));
        e
    }

    fn missing_field(field: &'static str) -> Self {
        let mut e = DeError::new(
            DeErrorKind::MissingField,
            format!("missing required field `{field}`"),
        );
        e.hint = Some(format!("add `{field}:` to this record (`ropa new` writes a skeleton with every field explained)"));
        e
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let mut e = DeError::new(
            DeErrorKind::InvalidValue,
            format!("unknown field `{field}`"),
        );
        e.hint = Some(suggest(field, expected));
        e
    }
}

pub use crate::diagnostics::suggest;

/// A key that is not a field of the struct it stands in.
#[derive(Debug, Clone)]
pub struct UnknownField {
    /// The key as written.
    pub key: String,
    /// Where the key is.
    pub span: Span,
    /// The struct (serde name) it was found in.
    pub within: &'static str,
    /// The fields that struct has.
    pub allowed: &'static [&'static str],
}

/// Deserializes `T` from a node; unknown fields are returned beside the result.
pub fn from_node<'de, T: de::Deserialize<'de>>(
    node: &Node,
) -> (Result<T, DeError>, Vec<UnknownField>) {
    let unknown = RefCell::new(Vec::new());
    let result = T::deserialize(NodeDe {
        node,
        unknown: &unknown,
    })
    .map_err(|e| e.at(node.span));
    (result, unknown.into_inner())
}

struct NodeDe<'a> {
    node: &'a Node,
    unknown: &'a RefCell<Vec<UnknownField>>,
}

impl<'a> NodeDe<'a> {
    fn child(&self, node: &'a Node) -> NodeDe<'a> {
        NodeDe {
            node,
            unknown: self.unknown,
        }
    }

    fn wrong(&self, exp: &dyn de::Expected) -> DeError {
        let unexp = match &self.node.kind {
            NodeKind::Null => de::Unexpected::Unit,
            NodeKind::Scalar { text, .. } => de::Unexpected::Str(text),
            NodeKind::Seq(_) => de::Unexpected::Seq,
            NodeKind::Map(_) => de::Unexpected::Map,
        };
        <DeError as de::Error>::invalid_type(unexp, exp).at(self.node.span)
    }

    fn scalar(&self) -> Option<(&'a str, bool)> {
        match &self.node.kind {
            NodeKind::Scalar { text, plain } => Some((text.as_str(), *plain)),
            _ => None,
        }
    }
}

macro_rules! deserialize_int {
    ($name:ident, $visit:ident, $ty:ty) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            let span = self.node.span;
            match self.scalar() {
                Some((text, true)) => match text.parse::<$ty>() {
                    Ok(n) => visitor.$visit::<DeError>(n).map_err(|e| e.at(span)),
                    Err(_) => Err(self.wrong(&visitor)),
                },
                _ => Err(self.wrong(&visitor)),
            }
        }
    };
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.node.span;
        let r = match &self.node.kind {
            NodeKind::Null => visitor.visit_unit(),
            NodeKind::Scalar { text, plain: false } => visitor.visit_str(text),
            NodeKind::Scalar { text, plain: true } => match resolve_plain(text) {
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Int(i) => visitor.visit_i64(i),
                Plain::Float(f) => visitor.visit_f64(f),
                Plain::Str => visitor.visit_str(text),
            },
            NodeKind::Seq(items) => visitor.visit_seq(Seq {
                items: items.iter(),
                parent: &self,
            }),
            NodeKind::Map(entries) => visitor.visit_map(Map {
                entries: entries.iter(),
                value: None,
                fields: None,
                within: "",
                parent: &self,
            }),
        };
        r.map_err(|e| e.at(span))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some((text, true)) => match resolve_plain(text) {
                Plain::Bool(b) => visitor
                    .visit_bool::<DeError>(b)
                    .map_err(|e| e.at(self.node.span)),
                _ => Err(self.wrong(&visitor)),
            },
            _ => Err(self.wrong(&visitor)),
        }
    }

    deserialize_int!(deserialize_i8, visit_i8, i8);
    deserialize_int!(deserialize_i16, visit_i16, i16);
    deserialize_int!(deserialize_i32, visit_i32, i32);
    deserialize_int!(deserialize_i64, visit_i64, i64);
    deserialize_int!(deserialize_u8, visit_u8, u8);
    deserialize_int!(deserialize_u16, visit_u16, u16);
    deserialize_int!(deserialize_u32, visit_u32, u32);
    deserialize_int!(deserialize_u64, visit_u64, u64);
    deserialize_int!(deserialize_f32, visit_f32, f32);
    deserialize_int!(deserialize_f64, visit_f64, f64);

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        // Any scalar reads as text: `version: 2` is the string "2".
        match self.scalar() {
            Some((text, _)) => visitor
                .visit_str::<DeError>(text)
                .map_err(|e| e.at(self.node.span)),
            None => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.kind {
            NodeKind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.kind {
            NodeKind::Null => visitor.visit_unit(),
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let span = self.node.span;
        visitor.visit_newtype_struct(self).map_err(|e| e.at(span))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            // `transfers:` with nothing after it reads as an empty list.
            NodeKind::Null => visitor
                .visit_seq(Seq {
                    items: [].iter(),
                    parent: &self,
                })
                .map_err(|e| e.at(self.node.span)),
            NodeKind::Seq(items) => visitor
                .visit_seq(Seq {
                    items: items.iter(),
                    parent: &self,
                })
                .map_err(|e| e.at(self.node.span)),
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Map(entries) => visitor
                .visit_map(Map {
                    entries: entries.iter(),
                    value: None,
                    fields: None,
                    within: "",
                    parent: &self,
                })
                .map_err(|e| e.at(head(self.node))),
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == SPANNED_NAME {
            return visitor.visit_map(SpannedAccess {
                step: 0,
                de: Some(self),
            });
        }
        match &self.node.kind {
            NodeKind::Map(entries) => visitor
                .visit_map(Map {
                    entries: entries.iter(),
                    value: None,
                    fields: Some(fields),
                    within: name,
                    parent: &self,
                })
                .map_err(|e| e.at(head(self.node))),
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let span = self.node.span;
        match &self.node.kind {
            NodeKind::Scalar { text, .. } => visitor
                .visit_enum(text.as_str().into_deserializer())
                .map_err(|e: DeError| e.at(span)),
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

/// The first line of a mapping: where "missing field" errors point.
fn head(node: &Node) -> Span {
    match &node.kind {
        NodeKind::Map(entries) => entries.first().map(|(k, _)| k.span).unwrap_or(node.span),
        _ => node.span,
    }
}

struct Seq<'a, 'p> {
    items: std::slice::Iter<'a, Node>,
    parent: &'p NodeDe<'a>,
}

impl<'de> de::SeqAccess<'de> for Seq<'_, '_> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(node) => seed
                .deserialize(self.parent.child(node))
                .map(Some)
                .map_err(|e| e.at(node.span)),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'a, 'p> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
    fields: Option<&'static [&'static str]>,
    within: &'static str,
    parent: &'p NodeDe<'a>,
}

impl<'de> de::MapAccess<'de> for Map<'_, '_> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        for (key, value) in self.entries.by_ref() {
            if let (Some(fields), Some(name)) = (self.fields, key.as_str()) {
                if !fields.contains(&name) {
                    self.parent.unknown.borrow_mut().push(UnknownField {
                        key: name.to_string(),
                        span: key.span,
                        within: self.within,
                        allowed: fields,
                    });
                    continue;
                }
            }
            self.value = Some(value);
            return seed
                .deserialize(self.parent.child(key))
                .map(Some)
                .map_err(|e| e.at(key.span));
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let node = self
            .value
            .take()
            .expect("serde calls next_value only after next_key");
        seed.deserialize(self.parent.child(node))
            .map_err(|e| e.at(node.span))
    }
}

/// Feeds a [`Spanned`](crate::model::Spanned) its start, end and value.
struct SpannedAccess<'a> {
    step: u8,
    de: Option<NodeDe<'a>>,
}

impl<'de> de::MapAccess<'de> for SpannedAccess<'_> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let key = match self.step {
            0 => "$start",
            1 => "$end",
            2 => "$value",
            _ => return Ok(None),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        self.step += 1;
        let span = self.de.as_ref().map(|d| d.node.span).unwrap_or_default();
        match self.step {
            1 => seed.deserialize(span.start.into_deserializer()),
            2 => seed.deserialize(span.end.into_deserializer()),
            _ => {
                let de = self.de.take().expect("value is read once");
                seed.deserialize(de)
            }
        }
    }
}
