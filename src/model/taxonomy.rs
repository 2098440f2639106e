//! The taxonomies: categories of personal data and of data subjects.

use super::common::{FieldVisibility, Ref, Text, Visibility};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

record_with_visibility! {
    "public",
    /// A category of personal data, e.g. "IP address" or "chat content".
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct DataCategory {
        /// Short id (kebab-case), e.g. `ip-address`.
        pub id: Ref,
        /// Name, per language.
        pub label: Text,
        /// What it covers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<Text>,
        /// A broader category this one belongs to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub parent: Option<Ref>,
        /// Special category of personal data (Art. 9).
        #[serde(default)]
        pub art9: bool,
        /// Data about criminal convictions and offences (Art. 10).
        #[serde(default)]
        pub art10: bool,
    }
}

record_with_visibility! {
    "public",
    /// A category of data subjects, e.g. "website visitors" or "employees".
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct DataSubject {
        /// Short id (kebab-case).
        pub id: Ref,
        /// Name, per language.
        pub label: Text,
        /// Who belongs to it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<Text>,
    }
}

super::refs::references!(DataCategory: DataCategory {
    parent: DataCategory,
});
