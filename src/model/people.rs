//! Roles (who can reach which data) and trainings (who learned what, when).

use super::common::{Date, FieldVisibility, IsoDuration, Ref, Spanned, Text, Visibility};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a role is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RoleScope {
    /// A role in the product's role editor, assigned by the customer to operators.
    Product,
    /// A role of our own staff.
    Staff,
}

record_with_visibility! {
    "public",
    /// A role: what it may do and which data it can reach.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Role {
        /// Short id (kebab-case).
        pub id: Ref,
        /// Name, per language.
        pub name: Text,
        /// Product role or staff role.
        pub scope: RoleScope,
        /// What the role is for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<Text>,
        /// Permissions, e.g. `chat`, `configuration`, `analytics`.
        #[serde(default)]
        pub permissions: Vec<Permission>,
        /// Data categories the role can reach.
        #[serde(default)]
        pub data_categories: Vec<Ref>,
        /// Whether customers can change this role in the role editor.
        #[serde(default)]
        pub customizable: bool,
    }
}

/// A permission of a role.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Permission {
    /// Short name, e.g. `chat`.
    pub id: String,
    /// What it allows, per language.
    pub label: Text,
}

record_with_visibility! {
    "public",
    /// A recurring staff training.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Training {
        /// Short id (kebab-case).
        pub id: Ref,
        /// Title, per language.
        pub title: Text,
        /// What it teaches.
        pub topic: Text,
        /// Teams that take it, e.g. `sales`, `customer-success`, `all-staff`.
        pub audience: Vec<String>,
        /// `standard` or `intensive` (deeper, for teams that answer customers).
        #[serde(default)]
        pub depth: Depth,
        /// When it was last held.
        pub last_held: Spanned<Date>,
        /// How often it is repeated.
        pub interval: Spanned<IsoDuration>,
        /// Where the material and attendance list are kept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub evidence: Option<String>,
        /// The process that describes it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub process: Option<Ref>,
    }
}

impl Training {
    /// When the training is next due.
    pub fn next_due(&self) -> Date {
        self.last_held.value.plus(&self.interval.value)
    }
}

/// How deep a training goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Depth {
    /// The regular course.
    #[default]
    Standard,
    /// An intensive course.
    Intensive,
}

super::refs::references!(Role: Role {
    data_categories: DataCategory,
});

super::refs::references!(Training: Training {
    process: Process,
});
