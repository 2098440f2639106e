//! Markdown documents (processes, answers): the front matter of each file loaded,
//! and translations (`id.LANG.md`) joined to the document they translate.

use super::fetch::{fetch, Fetched, Part};
use super::file::{loc, FileLoad};
use super::input::Input;
use super::raw::RawRecord;
use super::visibility::check_field_visibility;
use crate::diagnostics::Diagnostic;
use crate::model::process::{Document, DocumentMeta, Markdown, ProcessBody, TranslationMeta};
use crate::model::{Kind, Record, Records, Spanned};
use crate::source::{FileId, SourceFile, Span};
use serde::de::DeserializeOwned;
use std::path::PathBuf;

/// One document file loaded: its text, what loading it found, and what it holds.
pub(super) type LoadedDocument<'a, M, Tm> = (SourceFile, FileLoad<'a>, Option<DocumentPart<M, Tm>>);

impl super::Loader {
    /// Markdown documents (processes, answers): `id.md` in the default language,
    /// `id.LANG.md` translations whose front matter holds only the heading.
    pub(super) fn documents<M, Tm>(
        &mut self,
        loaded: Vec<LoadedDocument<M, Tm>>,
        kind: Kind,
        list: fn(&mut Records) -> &mut Vec<Record<Document<M>>>,
    ) where
        M: DocumentMeta,
        Tm: TranslationMeta,
    {
        let folder = if kind == Kind::Answer {
            "registry/answers"
        } else {
            "processes"
        };
        let mut translations: Vec<(String, String, FileId, Tm, usize, Markdown)> = Vec::new();
        self.reserve(loaded.iter().map(|(_, load, _)| load));
        let documents = loaded
            .iter()
            .filter(|(_, _, part)| matches!(part, Some(DocumentPart::Document(_))))
            .count();
        list(&mut self.out.records).reserve(documents);
        for (source, load, part) in loaded {
            self.merge(source, load);
            match part {
                Some(DocumentPart::Document(record)) => list(&mut self.out.records).push(*record),
                Some(DocumentPart::Translation {
                    base,
                    lang,
                    file,
                    meta,
                    offset,
                    text,
                }) => translations.push((base, lang, file, meta, offset, text)),
                None => {}
            }
        }
        // A translation belongs to the document of the same file stem (or id).
        let mut by_name: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for (i, d) in list(&mut self.out.records).iter().enumerate() {
            by_name.entry(d.data.id.value.clone()).or_insert(i);
        }
        let files: Vec<FileId> = list(&mut self.out.records).iter().map(|d| d.file).collect();
        let stems: Vec<(String, usize)> = files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let stem = self
                    .out
                    .sources
                    .get(*f)
                    .path
                    .file_stem()?
                    .to_str()?
                    .to_string();
                Some((stem, i))
            })
            .collect();
        for (stem, i) in stems {
            by_name.insert(stem, i);
        }
        for (base, lang, file, meta, offset, text) in translations {
            let found = by_name.get(&base).copied();
            let docs = list(&mut self.out.records);
            match found.and_then(|i| docs.get_mut(i)) {
                Some(d) => d.data.bodies.push(ProcessBody {
                    title: meta.heading().get(&lang, &lang).to_string(),
                    lang,
                    markdown: text,
                    body_offset: offset,
                    file,
                }),
                None => self.diags.push(
                    Diagnostic::error("orphan-translation", format!("this translation has no {kind} `{base}.md` in the default language"), loc(file, Span::new(0, 0)))
                        .with_hint(format!("create `{folder}/{base}.md`, or rename this file to match an existing {kind}")),
                ),
            }
        }
        let languages = self.languages.clone();
        let mut missing = Vec::new();
        for d in list(&mut self.out.records).iter_mut() {
            d.data.bodies.sort_by_key(|b| {
                languages
                    .iter()
                    .position(|l| *l == b.lang)
                    .unwrap_or(usize::MAX)
            });
            for lang in &languages {
                if !d.data.bodies.iter().any(|b| &b.lang == lang) {
                    missing.push((
                        d.file,
                        d.data.meta.heading().span,
                        d.data.id.value.clone(),
                        lang.clone(),
                    ));
                }
            }
        }
        for (file, span, id, lang) in missing {
            let stem = self
                .out
                .sources
                .get(file)
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            self.diags.push(
                Diagnostic::warning("missing-translation", format!("{kind} `{id}` has no {lang} text"), loc(file, span))
                    .with_label(format!("no `{stem}.{lang}.md` beside this file"))
                    .with_hint(format!("write `{folder}/{stem}.{lang}.md` with the heading in its front matter; until then readers see the {} text", languages.first().map(String::as_str).unwrap_or("default"))),
            );
        }
    }
}

/// What one Markdown document file holds.
pub(super) enum DocumentPart<M, Tm> {
    /// A document in the default language.
    Document(Box<Record<Document<M>>>),
    /// A translation, for the document of stem `base`.
    Translation {
        base: String,
        lang: String,
        file: FileId,
        meta: Tm,
        offset: usize,
        text: Markdown,
    },
}

/// Loads process or answer files in parallel; the first will have the id `base`.
pub(super) fn document_files<'a, M, Tm>(
    input: &dyn Input,
    paths: &[PathBuf],
    base: FileId,
    kind: Kind,
    languages: &'a [String],
) -> Vec<LoadedDocument<'a, M, Tm>>
where
    M: DeserializeOwned + DocumentMeta + Send,
    Tm: DeserializeOwned + TranslationMeta + Send,
{
    use rayon::prelude::*;
    paths
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            document_file::<M, Tm>(
                fetch(input, path, Part::FrontMatter),
                base + i,
                kind,
                languages,
            )
        })
        .collect()
}

/// Loads one process or answer file that will have the id `file`.
fn document_file<'a, M, Tm>(
    mut fetched: Fetched,
    file: FileId,
    kind: Kind,
    languages: &'a [String],
) -> LoadedDocument<'a, M, Tm>
where
    M: DeserializeOwned + DocumentMeta,
    Tm: DeserializeOwned + TranslationMeta,
{
    let mut load = FileLoad::new(languages, file);
    let source = std::mem::replace(
        &mut fetched.file,
        SourceFile::new(PathBuf::new(), String::new()),
    );
    let default_lang = languages.first().map(String::as_str).unwrap_or("en");
    let stem = fetched
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let (base, lang) = match stem.rsplit_once('.') {
        Some((b, l)) if l.len() == 2 && l.bytes().all(|c| c.is_ascii_lowercase()) => {
            (b.to_string(), Some(l.to_string()))
        }
        _ => (stem.clone(), None),
    };
    if !load.readable(&fetched) {
        return (source, load, None);
    }
    let is_translation = matches!(&lang, Some(l) if languages.is_empty() || *l != default_lang);
    let Some(fm) = fetched.front_matter.take() else {
        let (message, hint) = if source.text.starts_with("---") {
            (
                format!("the front matter of this {kind} is not closed"),
                "end the front matter with a line that holds only `---`".to_string(),
            )
        } else {
            (format!("a {kind} must start with YAML front matter between `---` lines"), format!("start the file with `---`, the fields, then `---`; `ropa new {kind} <id>` writes one"))
        };
        load.diags.push(
            Diagnostic::error("missing-front-matter", message, loc(file, Span::new(0, 0)))
                .with_hint(hint),
        );
        if !is_translation {
            load.unreadable.push((kind, base));
        }
        return (source, load, None);
    };
    let Some(node) = load.parsed(fetched.yaml.take(), &source.text) else {
        if !is_translation {
            load.unreadable.push((kind, base));
        }
        return (source, load, None);
    };
    if is_translation {
        let lang = lang.unwrap_or_default();
        if !languages.contains(&lang) {
            load.diags.push(
                Diagnostic::warning(
                    "unknown-language",
                    format!(
                        "`{lang}` is not one of the registry's languages ({})",
                        languages.join(", ")
                    ),
                    loc(file, Span::new(0, 0)),
                )
                .with_hint(
                    "add the language to `languages` in organization.yaml, or rename the file",
                ),
            );
        }
        let part = load
            .record::<Tm>(&node, kind)
            .map(|r| DocumentPart::Translation {
                base,
                lang,
                file,
                meta: r.data,
                offset: fm.body_offset,
                text: Markdown::of(&source.text, fm.body_offset),
            });
        return (source, load, part);
    }
    let Some(r) = load.record::<M>(&node, kind) else {
        load.unreadable.push((kind, base));
        return (source, load, None);
    };
    let id = r.data.id().cloned().unwrap_or_else(|| Spanned {
        span: Span::new(0, 0),
        value: base.clone(),
    });
    let body = ProcessBody {
        lang: default_lang.to_string(),
        title: r.data.heading().get(default_lang, default_lang).to_string(),
        markdown: Markdown::of(&source.text, fm.body_offset),
        body_offset: fm.body_offset,
        file,
    };
    let span = node.span;
    check_field_visibility(kind, &id.value, file, &node, &mut load.diags);
    load.raw.reserve_exact(1);
    load.raw
        .push(RawRecord::new(kind, id.value.clone(), file, node, false));
    let record = Record {
        file,
        span,
        data: Document {
            id,
            meta: r.data,
            bodies: vec![body],
        },
    };
    (source, load, Some(DocumentPart::Document(Box::new(record))))
}
