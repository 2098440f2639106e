//! Who may see a record or a field.

use super::Spanned;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// Per-field visibility: field name → the narrowest audience that may see it.
pub type FieldVisibility = BTreeMap<Spanned<String>, Visibility>;
