//! Value types shared by every record kind: positions, references, text in several
//! languages, dates, ISO 8601 durations, countries and visibility.

use crate::source::Span;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// Struct name by which the YAML deserializer recognises [`Spanned`].
pub const SPANNED_NAME: &str = "$ropa::Spanned";
/// Field names of the [`Spanned`] protocol: start byte, end byte, value.
pub const SPANNED_FIELDS: &[&str] = &["$start", "$end", "$value"];
/// Every "invalid date" message starts with this (the loader gives it its own code).
pub const INVALID_DATE: &str = "invalid date";
/// Every "invalid duration" message starts with this.
pub const INVALID_DURATION: &str = "invalid duration";

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

/// Who may see a record or field. Ordered from widest to narrowest audience.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Anyone: the public trust site.
    Public,
    /// Customers under NDA/contract: the customer site.
    Customer,
    /// Staff only: the internal wiki and the authority report.
    Internal,
}

impl Visibility {
    /// Lower-case name, as written in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Customer => "customer",
            Visibility::Internal => "internal",
        }
    }
}

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

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub chrono::NaiveDate);

impl Date {
    /// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day).
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(format!(
                "{INVALID_DATE} `{s}`: write dates as YYYY-MM-DD, e.g. 2026-03-31"
            ));
        }
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| format!("{INVALID_DATE} `{s}`: there is no such day in the calendar"))
    }

    /// The date plus a duration (hours and smaller are rounded up to whole days).
    pub fn plus(self, d: &IsoDuration) -> Date {
        use chrono::Months;
        // Saturating: an absurd duration (P4000000000Y) gives the last representable
        // date, never an overflow.
        let months = d.years.saturating_mul(12).saturating_add(d.months);
        let base = self
            .0
            .checked_add_months(Months::new(months))
            .unwrap_or(chrono::NaiveDate::MAX);
        let secs = d.hours as i64 * 3600 + d.minutes as i64 * 60 + d.seconds as i64;
        let days = (d.weeks as i64) * 7 + d.days as i64 + (secs + 86_399) / 86_400;
        Date(
            chrono::Duration::try_days(days)
                .and_then(|dd| base.checked_add_signed(dd))
                .unwrap_or(chrono::NaiveDate::MAX),
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(de::Error::custom)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date, YYYY-MM-DD.",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

/// An ISO 8601 duration such as `PT24H`, `P30D`, `P1Y6M`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IsoDuration {
    /// Years.
    pub years: u32,
    /// Months.
    pub months: u32,
    /// Weeks.
    pub weeks: u32,
    /// Days.
    pub days: u32,
    /// Hours.
    pub hours: u32,
    /// Minutes.
    pub minutes: u32,
    /// Seconds.
    pub seconds: u32,
}

impl IsoDuration {
    /// Parses the ISO 8601 form `PnYnMnWnDTnHnMnS` (whole numbers only).
    pub fn parse(s: &str) -> Result<IsoDuration, String> {
        let err = || {
            format!(
                "{INVALID_DURATION} `{s}`: write an ISO 8601 duration such as PT24H (24 hours), P30D (30 days), P6M (6 months) or P1Y (1 year)"
            )
        };
        let rest = s.strip_prefix('P').ok_or_else(err)?;
        if rest.is_empty() {
            return Err(err());
        }
        let mut d = IsoDuration::default();
        let mut in_time = false;
        let mut number = String::new();
        let mut any = false;
        let mut last_rank = 0u8;
        for c in rest.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            if c == 'T' {
                if in_time || !number.is_empty() {
                    return Err(err());
                }
                in_time = true;
                continue;
            }
            let n: u32 = number.parse().map_err(|_| err())?;
            number.clear();
            let (slot, rank) = match (in_time, c) {
                (false, 'Y') => (&mut d.years, 1),
                (false, 'M') => (&mut d.months, 2),
                (false, 'W') => (&mut d.weeks, 3),
                (false, 'D') => (&mut d.days, 4),
                (true, 'H') => (&mut d.hours, 5),
                (true, 'M') => (&mut d.minutes, 6),
                (true, 'S') => (&mut d.seconds, 7),
                _ => return Err(err()),
            };
            if rank <= last_rank {
                return Err(err());
            }
            last_rank = rank;
            *slot = n;
            any = true;
        }
        if !number.is_empty() || !any {
            return Err(err());
        }
        Ok(d)
    }

    /// Length in hours, with months as 30 and years as 365 days (for comparisons only).
    pub fn approx_hours(&self) -> u64 {
        let days: u64 = self.years as u64 * 365
            + self.months as u64 * 30
            + self.weeks as u64 * 7
            + self.days as u64;
        days * 24 + self.hours as u64 + (self.minutes as u64 * 60 + self.seconds as u64) / 3600
    }

    /// True for a zero-length duration (`P0D`: at once).
    pub fn is_zero(&self) -> bool {
        *self == IsoDuration::default()
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("P0D");
        }
        f.write_str("P")?;
        for (n, u) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if n > 0 {
                write!(f, "{n}{u}")?;
            }
        }
        if self.hours + self.minutes + self.seconds > 0 {
            f.write_str("T")?;
            for (n, u) in [(self.hours, 'H'), (self.minutes, 'M'), (self.seconds, 'S')] {
                if n > 0 {
                    write!(f, "{n}{u}")?;
                }
            }
        }
        Ok(())
    }
}

impl Serialize for IsoDuration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        IsoDuration::parse(&s).map_err(de::Error::custom)
    }
}

impl JsonSchema for IsoDuration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An ISO 8601 duration: PT24H, P30D, P6M, P1Y.",
            "type": "string",
            "pattern": "^P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$"
        })
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case (`DE`, `US`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Country(pub String);

impl Country {
    /// The code.
    pub fn code(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if crate::model::countries::is_known(&s) {
            Ok(Country(s))
        } else {
            let upper = s.to_ascii_uppercase();
            let hint = if crate::model::countries::is_known(&upper) {
                format!("; did you mean `{upper}`?")
            } else {
                String::new()
            };
            Err(de::Error::custom(format!(
                "`{s}` is not an ISO 3166-1 alpha-2 country code such as DE, IE or US{hint}"
            )))
        }
    }
}

impl JsonSchema for Country {
    fn schema_name() -> Cow<'static, str> {
        "Country".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "ISO 3166-1 alpha-2 country code, e.g. DE.",
            "type": "string",
            "enum": crate::model::countries::codes()
        })
    }
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street and number.
    pub street: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// Country code (ISO 3166-1 alpha-2).
    pub country: Country,
}

/// How to reach someone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Telephone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
}

/// Per-field visibility: field name → the narrowest audience that may see it.
pub type FieldVisibility = BTreeMap<Spanned<String>, Visibility>;

/// When a record was last reviewed and how often it must be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Date of the last review.
    pub last: Spanned<Date>,
    /// How often it must be reviewed (ISO 8601, e.g. P1Y).
    pub interval: Spanned<IsoDuration>,
}

impl Review {
    /// The date the next review is due.
    pub fn next_due(&self) -> Date {
        self.last.value.plus(&self.interval.value)
    }
}
