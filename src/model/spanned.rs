//! A value with the place in its file where it was written, and references (ids of
//! other records) as such values.

use crate::source::Span;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Struct name by which the YAML deserializer recognises [`Spanned`].
pub const SPANNED_NAME: &str = "$ropa::Spanned";
/// Field names of the [`Spanned`] protocol: start byte, end byte, value.
pub const SPANNED_FIELDS: &[&str] = &["$start", "$end", "$value"];

/// A value with the place in its file where it was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Spanned<T> {
    /// Where it stands in its file.
    pub span: Span,
    /// The value.
    pub value: T,
}

impl<T> Spanned<T> {
    /// A value without a place (for values ropa makes itself).
    pub fn unplaced(value: T) -> Self {
        Spanned {
            span: Span::default(),
            value,
        }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut start = None;
                let mut end = None;
                let mut value = None;
                while let Some(key) = map.next_key::<SpannedKey>()? {
                    match key {
                        SpannedKey::Start => start = Some(map.next_value::<usize>()?),
                        SpannedKey::End => end = Some(map.next_value::<usize>()?),
                        SpannedKey::Value => value = Some(map.next_value::<T>()?),
                    }
                }
                match (start, end, value) {
                    (Some(s), Some(e), Some(value)) => Ok(Spanned {
                        span: Span::new(s, e),
                        value,
                    }),
                    _ => Err(de::Error::custom("incomplete spanned value")),
                }
            }
        }
        d.deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, V(std::marker::PhantomData))
    }
}

/// A key of the [`Spanned`] protocol, read without allocating (every value of every
/// record is spanned).
enum SpannedKey {
    Start,
    End,
    Value,
}

impl<'de> Deserialize<'de> for SpannedKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = SpannedKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key of a spanned value")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<SpannedKey, E> {
                match key {
                    "$start" => Ok(SpannedKey::Start),
                    "$end" => Ok(SpannedKey::End),
                    "$value" => Ok(SpannedKey::Value),
                    _ => Err(E::custom("unexpected key in spanned value")),
                }
            }
        }
        d.deserialize_identifier(V)
    }
}

/// The id of another record, with where the reference was written.
pub type Ref = Spanned<String>;
