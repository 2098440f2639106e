//! Subprocessors (Art. 28): the service providers that process personal data for us.

use super::common::{
    Address, Country, Date, FieldVisibility, Ref, Review, Spanned, Text, Visibility,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a subprocessor is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Announced to customers, not yet used.
    Planned,
    /// In use.
    #[default]
    Active,
    /// No longer used.
    Retired,
}

record_with_visibility! {
    "public",
    /// A service provider that processes personal data on our behalf.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Subprocessor {
        /// Short id (kebab-case), e.g. `hetzner`.
        pub id: Ref,
        /// Name used in text, e.g. "Hetzner".
        pub name: String,
        /// Registered legal name, e.g. "Hetzner Online GmbH".
        pub legal_name: String,
        /// Registered address; its country is the corporate seat.
        pub address: Address,
        /// Parent company, where it matters (e.g. for access by third-country authorities).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub parent: Option<Parent>,
        /// What they do for us.
        pub service: Text,
        /// Whether they process personal data at all (default: true).
        #[serde(default = "yes")]
        pub processes_personal_data: bool,
        /// Where the data is processed.
        pub sites: Vec<Spanned<Site>>,
        /// The data categories they process.
        #[serde(default)]
        pub data_categories: Vec<Ref>,
        /// Whose data it is.
        #[serde(default)]
        pub data_subjects: Vec<Ref>,
        /// Retention rules for the data they hold.
        #[serde(default)]
        pub retention: Vec<Ref>,
        /// The AVV/DPA with them (contract ids).
        #[serde(default)]
        pub contracts: Vec<Ref>,
        /// Chapter V transfers they make (transfer ids).
        #[serde(default)]
        pub transfers: Vec<Ref>,
        /// Certifications and audits.
        #[serde(default)]
        pub certifications: Vec<Certification>,
        /// Lifecycle status.
        #[serde(default)]
        pub status: Status,
        /// Since when we work with them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub since: Option<Date>,
        /// When the engagement was announced to customers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub announced: Option<Date>,
        /// When it takes or took effect.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub effective: Option<Date>,
        /// When it ended.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub retired: Option<Date>,
        /// How we vetted them (selection, due diligence).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub assessment: Option<Text>,
        /// Periodic review of the subprocessor.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub review: Option<Review>,
    }
}

fn yes() -> bool {
    true
}

/// A parent company.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parent {
    /// Legal name.
    pub name: String,
    /// Country of its seat.
    pub country: Country,
}

/// A place where data is processed: a country (and city, where known), or a global edge network.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// City (for a data centre).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Country of the data centre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// For providers that name only a region (e.g. "EU data centres"), not a country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// True for a worldwide edge network (CDN), whose locations are not fixed.
    #[serde(default)]
    pub global_edge: bool,
    /// What happens there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// A certification, attestation or audit report.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// Name, e.g. "ISO/IEC 27001".
    pub name: String,
    /// Scope or issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Text>,
    /// Valid until.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Date>,
    /// Where the certificate can be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// A region a provider commits to without naming the country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// Somewhere in the European Union.
    Eu,
    /// Somewhere in the European Economic Area.
    Eea,
}

super::refs::references!(Subprocessor: Subprocessor {
    data_categories: DataCategory,
    data_subjects: DataSubject,
    retention: Retention,
    contracts: Contract,
    transfers: Transfer,
});
