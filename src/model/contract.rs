//! Contracts: AVV/DPA (Art. 28), standard contractual clauses, Art. 26 agreements.

use super::common::{Date, FieldVisibility, Ref, Spanned, Text, Visibility};
use super::organization::GdprRole;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What kind of contract it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ContractKind {
    /// Auftragsverarbeitungsvertrag (German DPA), Art. 28(3).
    Avv,
    /// Data processing agreement, Art. 28(3).
    Dpa,
    /// Standard contractual clauses, Art. 46(2)(c).
    Scc,
    /// Joint controllers' arrangement, Art. 26.
    JointControllers,
}

impl ContractKind {
    /// True for the contracts Art. 28(3) requires with a processor.
    pub fn is_processing_agreement(self) -> bool {
        matches!(self, ContractKind::Avv | ContractKind::Dpa)
    }
}

/// The SCC module (Commission Decision 2021/914).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SccModule {
    /// Controller to controller.
    One,
    /// Controller to processor.
    Two,
    /// Processor to processor.
    Three,
    /// Processor to controller.
    Four,
}

/// Whether the controller authorised subprocessors in general or one by one (Art. 28(2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Authorisation {
    /// General written authorisation, with notice of changes and a right to object.
    General,
    /// Specific written authorisation for each subprocessor.
    Specific,
}

/// The mandatory terms of Art. 28(3), letters (a) to (h).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Art28Term {
    /// (a) only on documented instructions.
    A,
    /// (b) confidentiality of persons.
    B,
    /// (c) Art. 32 security measures.
    C,
    /// (d) conditions for engaging subprocessors.
    D,
    /// (e) assistance with data subject rights.
    E,
    /// (f) assistance with Art. 32–36.
    F,
    /// (g) deletion or return at the end.
    G,
    /// (h) information and audits.
    H,
}

record_with_visibility! {
    "internal",
    /// A contract with a subprocessor, a customer or a joint controller.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Contract {
        /// Short id (kebab-case), e.g. `hetzner-avv`.
        pub id: Ref,
        /// Kind of contract.
        pub kind: Spanned<ContractKind>,
        /// Title, e.g. "Vertrag zur Auftragsverarbeitung".
        pub title: Text,
        /// The subprocessor on the other side, if it is one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub subprocessor: Option<Ref>,
        /// The other side, when it is not a subprocessor (e.g. "each customer").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub counterparty: Option<Text>,
        /// Our role in this contract.
        pub our_role: GdprRole,
        /// Date signed by both sides; absent while unsigned.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub signed: Option<Spanned<Date>>,
        /// Version or date of the contract text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
        /// Review the contract by this date.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub review_by: Option<Spanned<Date>>,
        /// The contract ends on this date.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub expires: Option<Spanned<Date>>,
        /// Where the signed document is kept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub document: Option<Document>,
        /// Which Art. 28(3) terms the contract covers.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub art28_terms: Vec<Art28Term>,
        /// Subprocessor authorisation (Art. 28(2)).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub subprocessor_authorisation: Option<Authorisation>,
        /// Days of notice before a new subprocessor (general authorisation).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub objection_notice_days: Option<u32>,
        /// SCC module, for SCC contracts.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scc_module: Option<SccModule>,
        /// Hours within which the other side must report a breach to us.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub breach_notification_hours: Option<u32>,
    }
}

/// A document reference: where it is and a hash that pins its content.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Path in the document store, or a URL.
    pub location: String,
    /// SHA-256 of the file, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

super::refs::references!(Contract: Contract {
    subprocessor: Subprocessor,
});
