//! The organisation that keeps the registry: controller and/or processor.

use super::common::{Address, Contact, FieldVisibility, Ref, Spanned, Text, Visibility};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The role the organisation plays under the GDPR.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum GdprRole {
    /// Decides purposes and means (Art. 4(7)); keeps Art. 30(1) records.
    Controller,
    /// Processes on behalf of a controller (Art. 4(8)); keeps Art. 30(2) records.
    Processor,
}

record_with_visibility! {
    "public",
    /// The organisation: identity, languages, DPO, representative, authority.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Organization {
        /// Short id (kebab-case).
        pub id: Ref,
        /// Registered legal name, e.g. "Beispiel Chat GmbH".
        pub legal_name: String,
        /// Name used in text, e.g. the product or brand.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub short_name: Option<String>,
        /// What the organisation does, in a sentence.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<Text>,
        /// Registered address.
        pub address: Address,
        /// General contact.
        #[serde(default)]
        pub contact: Contact,
        /// People who represent the organisation (managing directors), Art. 30(1)(a).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub management: Vec<String>,
        /// Languages of all text, default language first, e.g. [de, en].
        pub languages: Vec<Spanned<String>>,
        /// Controller, processor, or both.
        pub roles: Vec<GdprRole>,
        /// Data protection officer (Art. 37–39).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub dpo: Option<Dpo>,
        /// Representative in the Union (Art. 27), for organisations outside it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub representative: Option<Representative>,
        /// The competent supervisory authority.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub supervisory_authority: Option<Authority>,
    }
}

impl Organization {
    /// The default language (first listed).
    pub fn default_language(&self) -> &str {
        self.languages
            .first()
            .map(|l| l.value.as_str())
            .unwrap_or("en")
    }
}

/// The data protection officer.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dpo {
    /// Name, with title.
    pub name: String,
    /// Firm, for an external DPO.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Postal address.
    pub address: Address,
    /// E-mail address (published, Art. 37(7)).
    pub email: String,
    /// Telephone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Whether the DPO is external (a service) or an employee.
    #[serde(default)]
    pub external: bool,
}

/// The representative in the Union (Art. 27).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Representative {
    /// Name, or why none is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Why no representative is required (e.g. established in the EU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_required: Option<Text>,
}

/// The supervisory authority.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Name of the authority.
    pub name: Text,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
}
