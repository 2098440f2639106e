//! Text for people: one string for every language, or one per language code.

use super::Spanned;
use crate::source::Span;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Text for people: one string for every language, or one per language code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// Where it is written.
    pub span: Span,
    /// The text itself.
    pub value: TextValue,
}

/// The two ways to write [`Text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextValue {
    /// The same in every language (names, addresses, codes).
    Same(String),
    /// One string per language code (`de`, `en`...), in code order.
    PerLanguage(Translations),
}

/// The strings of a [`Text`] written per language, in language-code order.
///
/// A short sorted list rather than a map: nearly every text has two or three
/// languages, and a registry has tens of thousands of texts (a map's smallest node
/// is several hundred bytes).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Translations(Vec<(String, Spanned<String>)>);

impl Translations {
    /// The text in `lang`, if written.
    pub fn get(&self, lang: &str) -> Option<&Spanned<String>> {
        self.position(lang).ok().map(|i| &self.0[i].1)
    }

    /// Whether the text is written in `lang`.
    pub fn contains_key(&self, lang: &str) -> bool {
        self.position(lang).is_ok()
    }

    /// Sets the text in `lang`, replacing what was there.
    pub fn insert(&mut self, lang: String, text: Spanned<String>) {
        match self.position(&lang) {
            Ok(i) => self.0[i].1 = text,
            Err(i) => self.0.insert(i, (lang, text)),
        }
    }

    /// The language codes, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(lang, _)| lang)
    }

    /// The texts, in the order of their language codes.
    pub fn values(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.0.iter().map(|(_, text)| text)
    }

    /// Language codes and texts, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Spanned<String>)> {
        self.0.iter().map(|(lang, text)| (lang, text))
    }

    /// True when no language is written.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn position(&self, lang: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(l, _)| l.as_str().cmp(lang))
    }
}

impl Serialize for Translations {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl Default for TextValue {
    fn default() -> Self {
        TextValue::Same(String::new())
    }
}

impl Text {
    /// Text in `lang`, falling back to `fallback`, then to any language.
    pub fn get<'a>(&'a self, lang: &str, fallback: &str) -> &'a str {
        match &self.value {
            TextValue::Same(s) => s,
            TextValue::PerLanguage(m) => m
                .get(lang)
                .or_else(|| m.get(fallback))
                .or_else(|| m.values().next())
                .map(|s| s.value.as_str())
                .unwrap_or(""),
        }
    }

    /// Whether the text exists in `lang` (a `Same` text exists in every language).
    pub fn has(&self, lang: &str) -> bool {
        match &self.value {
            TextValue::Same(_) => true,
            TextValue::PerLanguage(m) => m.contains_key(lang),
        }
    }

    /// The language codes written, if per language.
    pub fn languages(&self) -> Vec<&str> {
        match &self.value {
            TextValue::Same(_) => Vec::new(),
            TextValue::PerLanguage(m) => m.keys().map(String::as_str).collect(),
        }
    }

    /// Every string of this text, for searching in all languages.
    pub fn all(&self) -> Vec<&str> {
        match &self.value {
            TextValue::Same(s) => vec![s.as_str()],
            TextValue::PerLanguage(m) => m.values().map(|s| s.value.as_str()).collect(),
        }
    }

    /// True when there is no text in any language.
    pub fn is_blank(&self) -> bool {
        self.all().iter().all(|s| s.trim().is_empty())
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            TextValue::Same(t) => s.serialize_str(t),
            TextValue::PerLanguage(m) => m.serialize(s),
        }
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Text for people: one string for every language, or a map of language codes to strings, e.g. {de: …, en: …}.",
            "anyOf": [
                {"type": ["string", "number", "boolean"]},
                {
                    "type": "object",
                    "propertyNames": {"pattern": "^[a-z]{2}(-[A-Z]{2})?$"},
                    "additionalProperties": {"type": ["string", "number", "boolean"]},
                    "minProperties": 1
                }
            ]
        })
    }
}

struct TextValueVisitor;

impl<'de> Visitor<'de> for TextValueVisitor {
    type Value = TextValue;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text, or a map of language codes to text (e.g. `de: …` and `en: …`)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<TextValue, E> {
        Ok(TextValue::Same(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<TextValue, E> {
        Ok(TextValue::Same(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<TextValue, E> {
        Ok(TextValue::Same(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<TextValue, E> {
        Ok(TextValue::Same(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<TextValue, E> {
        Ok(TextValue::Same(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<TextValue, E> {
        Ok(TextValue::Same(v.to_string()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextValue, A::Error> {
        let mut out = Translations(Vec::with_capacity(map.size_hint().unwrap_or(2)));
        while let Some(lang) = map.next_key::<Spanned<String>>()? {
            let valid = {
                let b = lang.value.as_bytes();
                (b.len() == 2 && b.iter().all(u8::is_ascii_lowercase))
                    || (b.len() == 5
                        && b[..2].iter().all(u8::is_ascii_lowercase)
                        && b[2] == b'-'
                        && b[3..].iter().all(u8::is_ascii_uppercase))
            };
            if !valid {
                return Err(de::Error::custom(format!(
                    "`{}` is not a language code; use two lower-case letters such as `de` or `en`",
                    lang.value
                )));
            }
            let text: Spanned<TextValue> = map.next_value()?;
            let s = match text.value {
                TextValue::Same(s) => s,
                TextValue::PerLanguage(_) => {
                    return Err(de::Error::custom(
                        "text in one language must be a string, not another map",
                    ))
                }
            };
            out.insert(
                lang.value,
                Spanned {
                    span: text.span,
                    value: s,
                },
            );
        }
        if out.is_empty() {
            return Err(de::Error::custom(
                "empty map of languages; write the text, e.g. `de: …` and `en: …`",
            ));
        }
        Ok(TextValue::PerLanguage(out))
    }
}

impl<'de> Deserialize<'de> for TextValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextValueVisitor)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<TextValue>::deserialize(d)?;
        Ok(Text {
            span: s.span,
            value: s.value,
        })
    }
}
