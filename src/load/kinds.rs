//! Which kind of record a file of `registry/` holds (by its folder), and its
//! records loaded as that kind.

use super::de::suggest;
use super::fetch::Fetched;
use super::file::{loc, FileLoad};
use super::recover::{scan_ids, scan_languages};
use super::translations::check_translations;
use crate::diagnostics::Diagnostic;
use crate::model::{Kind, Record};
use crate::source::{FileId, SourceFile, Span};
use std::path::{Path, PathBuf};

/// Loads one file of `registry/` (not an answer) that will have the id `file`.
pub(super) fn registry_file<'a>(
    registry_dir: &Path,
    mut fetched: Fetched,
    file: FileId,
    languages: &'a [String],
) -> (SourceFile, FileLoad<'a>) {
    let mut load = FileLoad::new(languages, file);
    let source = std::mem::replace(
        &mut fetched.file,
        SourceFile::new(PathBuf::new(), String::new()),
    );
    let relative = fetched
        .path
        .strip_prefix(registry_dir)
        .unwrap_or(&fetched.path);
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_top_level = relative.components().count() == 1;
    let kind = if is_top_level && first == "organization.yaml" {
        Some(Kind::Organization)
    } else if is_top_level {
        None
    } else {
        Kind::from_folder(&first)
    };
    if !load.readable(&fetched) {
        return (source, load);
    }
    let Some(kind) = kind else {
        let folders: Vec<&str> = Kind::ALL
            .iter()
            .filter(|k| **k != Kind::Process && **k != Kind::Organization)
            .map(|k| k.folder())
            .collect();
        let hint = if is_top_level {
            format!(
                "records live in folders named after their kind: {}",
                suggest(&first, &folders)
            )
        } else {
            format!(
                "the folder `{first}` holds no known kind of record; {}",
                suggest(&first, &folders)
            )
        };
        load.diags.push(
            Diagnostic::warning(
                "unknown-file",
                format!(
                    "ropa does not know what `{}` holds; it is skipped",
                    relative.display()
                ),
                loc(file, Span::default()),
            )
            .with_hint(hint),
        );
        return (source, load);
    };
    let Some(node) = load.parsed(fetched.yaml.take(), &source.text) else {
        // The ids written in a file that does not parse still exist as far as the
        // author is concerned: references to them are not reported a second time.
        for id in scan_ids(&source.text) {
            load.unreadable.push((kind, id));
        }
        if kind == Kind::Organization {
            load.languages_found = Some(scan_languages(&source.text));
        }
        return (source, load);
    };
    match kind {
        Kind::Organization => {
            let records = load.records(&node, kind);
            if records.is_empty() {
                load.languages_found = Some(scan_languages(&source.text));
            }
            if let Some(org) = records.first() {
                let languages = org_languages(org);
                check_translations(&node, &languages, file, &mut load.diags);
                load.languages_found = Some(languages);
            }
            load.remember(&records, node, kind);
            load.add = Some(Box::new(move |reg| {
                reg.organization = records.into_iter().next();
            }));
        }
        Kind::Subprocessor => load.push(node, kind, |r| &mut r.subprocessors),
        Kind::Contract => load.push(node, kind, |r| &mut r.contracts),
        Kind::Transfer => load.push(node, kind, |r| &mut r.transfers),
        Kind::DataCategory => load.push(node, kind, |r| &mut r.data_categories),
        Kind::DataSubject => load.push(node, kind, |r| &mut r.data_subjects),
        Kind::Activity => load.push(node, kind, |r| &mut r.activities),
        Kind::System => load.push(node, kind, |r| &mut r.systems),
        Kind::Flow => load.push(node, kind, |r| &mut r.flows),
        Kind::Retention => load.push(node, kind, |r| &mut r.retention),
        Kind::Tom => load.push(node, kind, |r| &mut r.toms),
        Kind::Role => load.push(node, kind, |r| &mut r.roles),
        Kind::Training => load.push(node, kind, |r| &mut r.trainings),
        Kind::Plan => load.push(node, kind, |r| &mut r.plans),
        Kind::Feature => load.push(node, kind, |r| &mut r.features),
        Kind::Process | Kind::Answer => {}
    }
    (source, load)
}

/// The languages an organisation names, default first.
fn org_languages(org: &Record<crate::model::organization::Organization>) -> Vec<String> {
    org.data.languages.iter().map(|l| l.value.clone()).collect()
}
