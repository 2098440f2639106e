//! Process descriptions: Markdown with YAML front matter.

use super::common::{FieldVisibility, IsoDuration, Ref, Review, Spanned, Text, Visibility};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a process handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Handles {
    /// Right of access, Art. 15.
    Art15Access,
    /// Right to rectification, Art. 16.
    Art16Rectification,
    /// Right to erasure, Art. 17.
    Art17Erasure,
    /// Right to restriction, Art. 18.
    Art18Restriction,
    /// Right to data portability, Art. 20.
    Art20Portability,
    /// Right to object, Art. 21.
    Art21Objection,
    /// Breach notification to the authority, Art. 33.
    Art33Breach,
    /// Breach communication to data subjects, Art. 34.
    Art34Communication,
    /// A request from a supervisory authority (Art. 31, 58).
    AuthorityRequest,
    /// Engaging or changing a subprocessor (Art. 28(2)).
    SubprocessorChange,
    /// Staff training (Art. 39(1)(b)).
    Training,
    /// Deleting data by retention rule.
    Deletion,
    /// Anything else.
    Other,
}

/// The front matter of a process description (the Markdown body follows it).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessMeta {
    /// Short id (kebab-case); the file name without `.md` if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Ref>,
    /// Title, in the language of this file.
    pub title: Text,
    /// The team or person responsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Who follows the process (teams).
    #[serde(default)]
    pub audience: Vec<String>,
    /// What it handles.
    #[serde(default)]
    pub handles: Vec<Handles>,
    /// The deadline for completing it (ISO 8601), e.g. P1M for Art. 12(3), PT72H for Art. 33.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Spanned<IsoDuration>>,
    /// The legal source of the deadline, e.g. "Art. 12(3) DSGVO".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_basis: Option<Text>,
    /// Records it concerns, as `kind:id` (e.g. `subprocessor:hetzner`).
    #[serde(default)]
    pub related: Vec<Ref>,
    /// Periodic review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// Who may see this process (default: internal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// Fields visible only to a narrower audience than the record.
    #[serde(default, skip_serializing_if = "FieldVisibility::is_empty")]
    pub field_visibility: FieldVisibility,
}

/// The front matter of a translation (`name.en.md`): only what differs by language.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessTranslationMeta {
    /// Title in the translation's language.
    pub title: Text,
}

/// A process description in one language.
#[derive(Debug, Clone)]
pub struct ProcessBody {
    /// Language code.
    pub lang: String,
    /// Title in that language.
    pub title: String,
    /// Markdown, front matter removed.
    pub markdown: String,
    /// Byte offset of the Markdown body in its file.
    pub body_offset: usize,
    /// The file it came from.
    pub file: crate::source::FileId,
}

/// A process: its front matter and its text in each language.
#[derive(Debug, Clone)]
pub struct Process {
    /// Id (from front matter or file name).
    pub id: Ref,
    /// Front matter of the default-language file.
    pub meta: ProcessMeta,
    /// The text per language, default language first.
    pub bodies: Vec<ProcessBody>,
}
