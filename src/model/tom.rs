//! Technical and organisational measures (Art. 32).

use super::common::{Date, FieldVisibility, Ref, Text, Visibility};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The classic German control a measure belongs to (Anlage zu § 9 BDSG a.F.), still
/// the headings of most AVV annexes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Control {
    /// Zutrittskontrolle: physical access to premises.
    PhysicalAccess,
    /// Zugangskontrolle: access to systems.
    SystemAccess,
    /// Zugriffskontrolle: access to data within systems.
    DataAccess,
    /// Weitergabekontrolle: transmission and transport.
    Transfer,
    /// Eingabekontrolle: who entered or changed what.
    Input,
    /// Auftragskontrolle: processing only on instructions.
    Instructions,
    /// Verfügbarkeitskontrolle: availability and resilience.
    Availability,
    /// Trennungsgebot: separation by purpose.
    Separation,
    /// Verfahren zur regelmäßigen Überprüfung (Art. 32(1)(d)).
    Review,
}

/// The goals of the Standard Data Protection Model (SDM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SdmGoal {
    /// Datenminimierung.
    DataMinimisation,
    /// Verfügbarkeit.
    Availability,
    /// Integrität.
    Integrity,
    /// Vertraulichkeit.
    Confidentiality,
    /// Nichtverkettung.
    Unlinkability,
    /// Transparenz.
    Transparency,
    /// Intervenierbarkeit.
    Intervenability,
}

/// The letters of Art. 32(1).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Art32Letter {
    /// (a) pseudonymisation and encryption.
    A,
    /// (b) confidentiality, integrity, availability, resilience.
    B,
    /// (c) restore availability after an incident.
    C,
    /// (d) regular testing and evaluation.
    D,
}

record_with_visibility! {
    "customer",
    /// A technical or organisational measure.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Tom {
        /// Short id (kebab-case).
        pub id: Ref,
        /// Title, per language.
        pub title: Text,
        /// What is done.
        pub description: Text,
        /// Technical or organisational.
        pub kind: TomKind,
        /// Classic control it belongs to.
        pub control: Control,
        /// Art. 32(1) letters it serves.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub art32: Vec<Art32Letter>,
        /// SDM goals it serves.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub sdm_goals: Vec<SdmGoal>,
        /// Who is responsible.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub owner: Option<String>,
        /// The subprocessor that provides the measure (e.g. the data centre's access control).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub provided_by: Option<Ref>,
        /// Evidence (document, ticket, report).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub evidence: Option<String>,
        /// When it was last tested.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub last_tested: Option<Date>,
    }
}

/// Technical or organisational.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TomKind {
    /// A technical measure.
    Technical,
    /// An organisational measure.
    Organisational,
}

super::refs::references!(Tom: Tom {
    provided_by: Subprocessor,
});
