//! Retention rules: how long data is kept and how it is deleted (Art. 5(1)(e), 17, 30(1)(f)).

use super::common::{FieldVisibility, IsoDuration, Ref, Spanned, Text, Visibility};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The event from which the retention period runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Trigger {
    /// From the moment the data is collected.
    Collection,
    /// From the deletion of the customer's account.
    AccountDeletion,
    /// From the end of the contract.
    ContractEnd,
    /// From an event described in `event`.
    Event,
    /// After a period the customer sets (bounded by `period` as the latest).
    CustomerConfigurable,
}

record_with_visibility! {
    "public",
    /// How long a kind of data is kept, from when, why, and how it is deleted.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct RetentionRule {
        /// Short id (kebab-case), e.g. `cdn-logs`.
        pub id: Ref,
        /// Name, per language.
        pub name: Text,
        /// The data categories the rule covers.
        pub data_categories: Vec<Ref>,
        /// The event from which the period runs.
        pub trigger: Trigger,
        /// The event, when `trigger: event`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub event: Option<Text>,
        /// How long after the trigger the data is deleted (ISO 8601; `P0D` = at once).
        /// May be left out only for a customer-configurable rule with `at_the_latest`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub period: Option<Spanned<IsoDuration>>,
        /// For customer-configurable retention: the latest deletion, as a rule id
        /// (e.g. deletion at account deletion at the latest).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub at_the_latest: Option<Ref>,
        /// What the customer can do themselves (delete one by one, set a schedule…).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub customer_options: Vec<Text>,
        /// Legal basis for keeping the data this long (e.g. § 147 AO, § 257 HGB).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub legal_basis: Option<Text>,
        /// How the data is deleted.
        pub deletion: Text,
        /// Where the data is held (a system id).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub system: Option<Ref>,
        /// The subprocessor that holds the data, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub subprocessor: Option<Ref>,
    }
}

super::refs::references!(RetentionRule: Retention {
    data_categories: DataCategory,
    at_the_latest: Retention,
    system: System,
    subprocessor: Subprocessor,
});
