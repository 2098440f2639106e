//! Processing activities: the rows of the records of processing (Art. 30).

use super::common::{Date, FieldVisibility, Ref, Review, Spanned, Text, Visibility};
use super::organization::GdprRole;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

record_with_visibility! {
    "internal",
    /// One processing activity, kept as a controller (Art. 30(1)) or processor (Art. 30(2)) record.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Activity {
        /// Short id (kebab-case), e.g. `chat-service`.
        pub id: Ref,
        /// Our role in it: `controller` (Art. 30(1)) or `processor` (Art. 30(2)).
        pub role: Spanned<GdprRole>,
        /// Name, per language.
        pub name: Text,
        /// What happens, in a few sentences.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<Text>,
        /// Purposes of the processing, Art. 30(1)(b) (controller).
        #[serde(default)]
        pub purposes: Vec<Text>,
        /// Legal bases, Art. 6(1) and Art. 9(2) (controller).
        #[serde(default)]
        pub legal_basis: Vec<LegalBasis>,
        /// Categories of data subjects, Art. 30(1)(c).
        #[serde(default)]
        pub data_subjects: Vec<Ref>,
        /// Categories of personal data, Art. 30(1)(c).
        #[serde(default)]
        pub data_categories: Vec<Ref>,
        /// Recipients, Art. 30(1)(d).
        #[serde(default)]
        pub recipients: Vec<Recipient>,
        /// Transfers to third countries, Art. 30(1)(e) / 30(2)(c).
        #[serde(default)]
        pub transfers: Vec<Ref>,
        /// Retention rules, Art. 30(1)(f).
        #[serde(default)]
        pub retention: Vec<Ref>,
        /// Technical and organisational measures, Art. 30(1)(g) / 30(2)(d).
        #[serde(default)]
        pub toms: Vec<Ref>,
        /// Systems involved.
        #[serde(default)]
        pub systems: Vec<Ref>,
        /// Controllers on whose behalf we process, Art. 30(2)(a) (processor).
        #[serde(default)]
        pub controllers: Vec<ControllerParty>,
        /// Categories of processing carried out for them, Art. 30(2)(b) (processor).
        #[serde(default)]
        pub processing_categories: Vec<Text>,
        /// Subprocessors engaged (processor), or processors used (controller).
        #[serde(default)]
        pub subprocessors: Vec<Ref>,
        /// The team or person responsible.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub owner: Option<String>,
        /// Periodic review.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub review: Option<Review>,
        /// Data protection impact assessment (Art. 35).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub dpia: Option<Dpia>,
    }
}

/// A legal basis: an article reference and why it applies.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// The article, e.g. `6(1)(b)` or `9(2)(a)`.
    pub article: Spanned<String>,
    /// Why it applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Text>,
}

/// Who receives the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RecipientKind {
    /// A team inside the organisation.
    Internal,
    /// A processor (name it with `subprocessor`).
    Processor,
    /// Another controller outside the organisation.
    External,
    /// A public authority.
    Authority,
}

/// A recipient of personal data, Art. 30(1)(d).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// What kind of recipient.
    pub kind: RecipientKind,
    /// Name or category, per language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// The subprocessor, for `processor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subprocessor: Option<Ref>,
    /// The role, for `internal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Ref>,
}

/// A controller (or a category of controllers) on whose behalf we process, Art. 30(2)(a).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ControllerParty {
    /// Name, or the category ("customers with a paid plan").
    pub name: Text,
    /// How to reach them, or where their details are kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Text>,
    /// Their representative, or where it is recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Text>,
    /// Their DPO, or where it is recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo: Option<Text>,
    /// The processing contract with them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<Ref>,
}

/// A data protection impact assessment, Art. 35.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dpia {
    /// Whether one is required.
    pub required: bool,
    /// Why (not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
    /// When it was carried out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<Date>,
}

super::refs::references!(Activity: Activity {
    data_subjects: DataSubject,
    data_categories: DataCategory,
    transfers: Transfer,
    retention: Retention,
    toms: Tom,
    systems: System,
    subprocessors: Subprocessor,
    recipients[subprocessor: Subprocessor, role: Role],
    controllers[contract: Contract],
});
