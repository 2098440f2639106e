//! The record kinds of a registry, as plain data. No I/O here.

/// A record type whose last fields are `visibility` (with the kind's default, named in
/// its doc line and so in the JSON Schema), `field_visibility` and `notes`: written
/// once here instead of in every kind (serde's `flatten` does not work with
/// `deny_unknown_fields` nor with the spanned deserializer).
macro_rules! record_with_visibility {
    ("public", $($rest:tt)*) => {
        record_with_visibility!(@doc "Who may see this record (default: public).", $($rest)*);
    };
    ("customer", $($rest:tt)*) => {
        record_with_visibility!(@doc "Who may see this record (default: customer).", $($rest)*);
    };
    ("internal", $($rest:tt)*) => {
        record_with_visibility!(@doc "Who may see this record (default: internal).", $($rest)*);
    };
    (@doc $doc:tt, $(#[$meta:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        pub struct $name {
            $($body)*
            #[doc = $doc]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub visibility: Option<Visibility>,
            /// Fields visible only to a narrower audience than the record.
            #[serde(default, skip_serializing_if = "FieldVisibility::is_empty")]
            pub field_visibility: FieldVisibility,
            /// Internal notes (never public).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub notes: Option<Text>,
        }
    };
}

pub mod activity;
mod address;
pub mod common;
pub mod contract;
pub mod countries;
mod date;
mod duration;
pub mod flow;
pub mod organization;
pub mod people;
pub mod process;
pub mod product;
pub mod records;
pub mod refs;
pub mod retention;
mod spanned;
pub mod subprocessor;
pub mod taxonomy;
mod text;
pub mod tom;
pub mod transfer;
mod visibility;

pub use common::{
    Address, Contact, Country, Date, FieldVisibility, IsoDuration, Ref, Review, Spanned, Text,
    TextValue, Visibility,
};
pub use records::{HasId, Records};

use crate::source::{FileId, Span};

/// The kinds of record a registry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `registry/organization.yaml`
    Organization,
    /// `registry/subprocessors/`
    Subprocessor,
    /// `registry/contracts/`
    Contract,
    /// `registry/transfers/`
    Transfer,
    /// `registry/data-categories/`
    DataCategory,
    /// `registry/data-subjects/`
    DataSubject,
    /// `registry/activities/`
    Activity,
    /// `registry/systems/`
    System,
    /// `registry/flows/`
    Flow,
    /// `registry/retention/`
    Retention,
    /// `registry/toms/`
    Tom,
    /// `registry/roles/`
    Role,
    /// `registry/trainings/`
    Training,
    /// `registry/plans/`
    Plan,
    /// `registry/features/`
    Feature,
    /// `processes/*.md`
    Process,
    /// `registry/answers/*.md`
    Answer,
}

impl Kind {
    /// Every kind, in the order the registry lists them.
    pub const ALL: [Kind; 17] = [
        Kind::Organization,
        Kind::Subprocessor,
        Kind::Contract,
        Kind::Transfer,
        Kind::DataCategory,
        Kind::DataSubject,
        Kind::Activity,
        Kind::System,
        Kind::Flow,
        Kind::Retention,
        Kind::Tom,
        Kind::Role,
        Kind::Training,
        Kind::Plan,
        Kind::Feature,
        Kind::Process,
        Kind::Answer,
    ];

    /// The singular name used on the command line and in `kind:id` references.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::Subprocessor => "subprocessor",
            Kind::Contract => "contract",
            Kind::Transfer => "transfer",
            Kind::DataCategory => "data-category",
            Kind::DataSubject => "data-subject",
            Kind::Activity => "activity",
            Kind::System => "system",
            Kind::Flow => "flow",
            Kind::Retention => "retention",
            Kind::Tom => "tom",
            Kind::Role => "role",
            Kind::Training => "training",
            Kind::Plan => "plan",
            Kind::Feature => "feature",
            Kind::Process => "process",
            Kind::Answer => "answer",
        }
    }

    /// The folder (under `registry/`, or `processes` at the top) that holds this kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Organization => "organization.yaml",
            Kind::Subprocessor => "subprocessors",
            Kind::Contract => "contracts",
            Kind::Transfer => "transfers",
            Kind::DataCategory => "data-categories",
            Kind::DataSubject => "data-subjects",
            Kind::Activity => "activities",
            Kind::System => "systems",
            Kind::Flow => "flows",
            Kind::Retention => "retention",
            Kind::Tom => "toms",
            Kind::Role => "roles",
            Kind::Training => "trainings",
            Kind::Plan => "plans",
            Kind::Feature => "features",
            Kind::Process => "processes",
            Kind::Answer => "answers",
        }
    }

    /// The kind whose singular name is `name`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind stored in `folder` under `registry/`.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.folder() == folder && !k.is_document())
    }

    /// The name with its indefinite article: "an activity", "a contract".
    pub fn with_article(self) -> String {
        let n = self.name();
        let article = if n.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {n}")
    }

    /// Kinds written as Markdown with front matter rather than YAML.
    pub fn is_document(self) -> bool {
        matches!(self, Kind::Process | Kind::Answer)
    }

    /// Who may see a record of this kind when it does not say (see README, "Visibility").
    pub fn default_visibility(self) -> Visibility {
        match self {
            Kind::Organization
            | Kind::Subprocessor
            | Kind::Transfer
            | Kind::DataCategory
            | Kind::DataSubject
            | Kind::Retention
            | Kind::Role
            | Kind::Training
            | Kind::Plan
            | Kind::Feature
            | Kind::Answer => Visibility::Public,
            Kind::Tom => Visibility::Customer,
            Kind::Contract | Kind::Activity | Kind::System | Kind::Flow | Kind::Process => {
                Visibility::Internal
            }
        }
    }
}

/// Fields inside a field that are internal unless the record's `field_visibility`
/// names them as `outer.inner` (e.g. `tia.document: customer`):
/// `(kind, outer field, inner field)`. These are document
/// locations (`dms://…`) like a contract's `document`: useful to staff and auditors,
/// meaningless or revealing to anyone else.
pub const NESTED_INTERNAL: &[(Kind, &str, &str)] = &[
    (Kind::Subprocessor, "certifications", "evidence"),
    (Kind::Transfer, "tia", "document"),
];

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A record as loaded: its data, and where it came from.
#[derive(Debug, Clone)]
pub struct Record<T> {
    /// The file it is in.
    pub file: FileId,
    /// The whole record in that file.
    pub span: Span,
    /// The record.
    pub data: T,
}

/// Splits `kind:id` (front matter) or `kind/id` (Markdown links) into its parts.
pub fn parse_kind_id(s: &str) -> Option<(Kind, &str)> {
    let (kind, id) = s.split_once([':', '/'])?;
    Some((Kind::from_name(kind)?, id))
}
