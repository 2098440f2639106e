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

/// The Markdown of a document: its file's text from where the front matter ends
/// (the text is shared with the file as loaded, not copied).
#[derive(Debug, Clone)]
pub struct Markdown {
    text: std::sync::Arc<String>,
    start: usize,
}

impl Markdown {
    /// The text of `file` from byte `start` on.
    pub fn of(text: &std::sync::Arc<String>, start: usize) -> Self {
        Markdown {
            text: text.clone(),
            start: start.min(text.len()),
        }
    }
}

impl std::ops::Deref for Markdown {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text[self.start..]
    }
}

/// A process description in one language.
#[derive(Debug, Clone)]
pub struct ProcessBody {
    /// Language code.
    pub lang: String,
    /// Title in that language.
    pub title: String,
    /// Markdown, front matter removed.
    pub markdown: Markdown,
    /// Byte offset of the Markdown body in its file.
    pub body_offset: usize,
    /// The file it came from.
    pub file: crate::source::FileId,
}

/// A Markdown document: its front matter and its text in each language.
#[derive(Debug, Clone)]
pub struct Document<M> {
    /// Id (from front matter or file name).
    pub id: Ref,
    /// Front matter of the default-language file.
    pub meta: M,
    /// The text per language, default language first.
    pub bodies: Vec<ProcessBody>,
}

/// A process description.
pub type Process = Document<ProcessMeta>;

/// A FAQ answer.
pub type Answer = Document<AnswerMeta>;

/// What the loader needs from a document's front matter.
pub trait DocumentMeta {
    /// The id written in the front matter, if any.
    fn id(&self) -> Option<&Ref>;
    /// The heading (title or question) in the file's language.
    fn heading(&self) -> &Text;
}

impl DocumentMeta for ProcessMeta {
    fn id(&self) -> Option<&Ref> {
        self.id.as_ref()
    }
    fn heading(&self) -> &Text {
        &self.title
    }
}

impl DocumentMeta for AnswerMeta {
    fn id(&self) -> Option<&Ref> {
        self.id.as_ref()
    }
    fn heading(&self) -> &Text {
        &self.question
    }
}

/// The front matter of a FAQ answer (`registry/answers/<id>.md`). The body is Markdown
/// in which `{{ … }}` expressions take facts from the records (see README, "Answers"),
/// so that changing a record changes every answer that uses it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerMeta {
    /// Short id (kebab-case); the file name without `.md` if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Ref>,
    /// The question, in the language of this file.
    pub question: Text,
    /// Position in the list of answers (lower first; then by id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    /// The records the answer rests on, as `kind:id`; shown under the answer.
    #[serde(default)]
    pub sources: Vec<Ref>,
    /// Who may see this answer (default: public).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
}

/// The front matter of an answer's translation (`<id>.en.md`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerTranslationMeta {
    /// The question in the translation's language.
    pub question: Text,
}

/// The front matter of any translation: its heading.
pub trait TranslationMeta {
    /// Title or question.
    fn heading(&self) -> &Text;
}

impl TranslationMeta for ProcessTranslationMeta {
    fn heading(&self) -> &Text {
        &self.title
    }
}

impl TranslationMeta for AnswerTranslationMeta {
    fn heading(&self) -> &Text {
        &self.question
    }
}

/// A document names other records as `kind:id` strings; those of a known kind are
/// references (unknown kinds are reported by the checker).
fn kind_id_references<'a>(
    field: &'static str,
    refs: &'a [Ref],
    f: &mut dyn FnMut(&'static str, super::Kind, &'a str, crate::source::Span),
) {
    for r in refs {
        if let Some((kind, id)) = super::parse_kind_id(&r.value) {
            f(field, kind, id, r.span);
        }
    }
}

impl super::refs::References for Answer {
    const KIND: super::Kind = super::Kind::Answer;

    fn id(&self) -> &str {
        &self.id.value
    }

    fn references<'a>(
        &'a self,
        f: &mut dyn FnMut(&'static str, super::Kind, &'a str, crate::source::Span),
    ) {
        kind_id_references("sources", &self.meta.sources, f);
    }
}

impl super::refs::References for Process {
    const KIND: super::Kind = super::Kind::Process;

    fn id(&self) -> &str {
        &self.id.value
    }

    fn references<'a>(
        &'a self,
        f: &mut dyn FnMut(&'static str, super::Kind, &'a str, crate::source::Span),
    ) {
        kind_id_references("related", &self.meta.related, f);
    }
}
