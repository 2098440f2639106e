//! Plans and optional features: which subprocessors a given customer's data reaches.

use super::common::{FieldVisibility, Ref, Text, Visibility};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

record_with_visibility! {
    "public",
    /// A product plan (package).
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Plan {
        /// Short id (kebab-case), e.g. `business`.
        pub id: Ref,
        /// Name.
        pub name: Text,
        /// What it is.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<Text>,
        /// Optional features the plan includes (the customer may still switch them off).
        #[serde(default)]
        pub features: Vec<Ref>,
    }
}

record_with_visibility! {
    "public",
    /// An optional feature that, when on, sends data to further subprocessors.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Feature {
        /// Short id (kebab-case), e.g. `auto-translation`.
        pub id: Ref,
        /// Name.
        pub name: Text,
        /// What it does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<Text>,
        /// Whether it is on by default once the plan includes it (otherwise the customer switches it on).
        #[serde(default)]
        pub default_on: bool,
        /// Subprocessors that process data only when this feature is on.
        #[serde(default)]
        pub subprocessors: Vec<Ref>,
        /// Extra data categories the feature processes.
        #[serde(default)]
        pub data_categories: Vec<Ref>,
    }
}

super::refs::references!(Plan: Plan {
    features: Feature,
});

super::refs::references!(Feature: Feature {
    subprocessors: Subprocessor,
    data_categories: DataCategory,
});
