//! Systems and the data flows between them.

use super::common::{Country, FieldVisibility, Ref, Text, Visibility};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

record_with_visibility! {
    "internal",
    /// A system that holds or moves personal data: ours, a subprocessor's, or the user's device.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct System {
        /// Short id (kebab-case), e.g. `chat-backend`.
        pub id: Ref,
        /// Name, per language.
        pub name: Text,
        /// What it does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<Text>,
        /// The subprocessor that hosts or operates it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub operated_by: Option<Ref>,
        /// True for systems outside our control (a visitor's browser, a customer's CRM).
        #[serde(default)]
        pub external: bool,
    }
}

record_with_visibility! {
    "internal",
    /// Personal data moving from one system to another.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Flow {
        /// Short id (kebab-case).
        pub id: Ref,
        /// Source system.
        pub from: Ref,
        /// Destination system.
        pub to: Ref,
        /// What moves.
        pub data_categories: Vec<Ref>,
        /// Why.
        pub purpose: Text,
        /// The activities this flow belongs to.
        #[serde(default)]
        pub activities: Vec<Ref>,
        /// How (e.g. "HTTPS, TLS 1.2+").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub protocol: Option<String>,
        /// Countries the data passes through or lands in.
        #[serde(default)]
        pub countries: Vec<Country>,
    }
}

super::refs::references!(System: System {
    operated_by: Subprocessor,
});

super::refs::references!(Flow: Flow {
    from: System,
    to: System,
    data_categories: DataCategory,
    activities: Activity,
});
