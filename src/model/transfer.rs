//! Transfers to third countries (Chapter V, Art. 44–49).

use super::common::{Country, Date, FieldVisibility, Ref, Spanned, Text, Visibility};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The legal ground for a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Mechanism {
    /// Adequacy decision, Art. 45.
    Adequacy,
    /// EU-US Data Privacy Framework (adequacy for certified US organisations), Art. 45.
    EuUsDpf,
    /// Standard contractual clauses, Art. 46(2)(c).
    Scc,
    /// Binding corporate rules, Art. 46(2)(b), 47.
    Bcr,
    /// A derogation for specific situations, Art. 49.
    Art49,
}

record_with_visibility! {
    "public",
    /// A transfer of personal data to a third country, and what makes it lawful.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Transfer {
        /// Short id (kebab-case).
        pub id: Ref,
        /// Who receives the data.
        pub subprocessor: Ref,
        /// Receiving countries outside the EEA.
        #[serde(default)]
        pub countries: Vec<Country>,
        /// True when the data may be served from anywhere (global edge network).
        #[serde(default)]
        pub global: bool,
        /// Mechanisms, strongest first (e.g. DPF with SCC as a fallback).
        pub mechanisms: Vec<Spanned<Mechanism>>,
        /// The SCC contract, for `scc`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub contract: Option<Ref>,
        /// When the recipient's DPF certification was last checked.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub dpf_checked: Option<Date>,
        /// The transfer impact assessment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tia: Option<Tia>,
        /// Supplementary measures (encryption, pseudonymisation…).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub supplementary_measures: Vec<Text>,
        /// What is transferred and why, in a sentence.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<Text>,
    }
}

/// A transfer impact assessment.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tia {
    /// When it was done.
    pub date: Date,
    /// When it must be reviewed.
    pub review_by: Spanned<Date>,
    /// Where the assessment is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

super::refs::references!(Transfer: Transfer {
    subprocessor: Subprocessor,
    contract: Contract,
});
