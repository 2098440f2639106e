//! Countries (ISO 3166-1 alpha-2 codes), postal addresses and contact details.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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
