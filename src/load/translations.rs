//! Translated texts (`{de: …, en: …}` maps) checked against the registry's languages.

use super::file::loc;
use super::yaml::{Node, NodeKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::FileId;

/// Warns about text maps that lack one of the registry's languages or name another.
pub(super) fn check_translations(
    node: &Node,
    languages: &[String],
    file: FileId,
    diags: &mut Diagnostics,
) {
    if languages.is_empty() {
        return;
    }
    match &node.kind {
        NodeKind::Seq(items) => items
            .iter()
            .for_each(|n| check_translations(n, languages, file, diags)),
        NodeKind::Map(entries) => {
            // Every mapping of the registry passes here: its keys are looked at in place.
            let keys = || entries.iter().filter_map(|(k, _)| k.as_str());
            let is_text = keys().next().is_some()
                && keys().all(|k| k.len() == 2 && k.bytes().all(|b| b.is_ascii_lowercase()))
                && keys().any(|k| languages.iter().any(|l| l == k))
                && entries
                    .iter()
                    .all(|(_, v)| matches!(v.kind, NodeKind::Scalar { .. } | NodeKind::Null));
            if is_text {
                for lang in languages {
                    if !keys().any(|k| k == lang) {
                        diags.push(
                            Diagnostic::warning(
                                "missing-translation",
                                format!("this text has no `{lang}` version"),
                                loc(file, node.span),
                            )
                            .with_label(format!("add `{lang}: …` here"))
                            .with_hint(format!(
                                "until it is added, readers of the {lang} pages see the {} text",
                                keys().next().unwrap_or_default()
                            )),
                        );
                    }
                }
                for (k, _) in entries {
                    if let Some(name) = k.as_str() {
                        if !languages.iter().any(|l| l == name) {
                            diags.push(
                                Diagnostic::warning("unknown-language", format!("`{name}` is not one of the registry's languages ({})", languages.join(", ")), loc(file, k.span))
                                    .with_hint("add it to `languages` in organization.yaml, or remove this translation"),
                            );
                        }
                    }
                }
            } else {
                entries
                    .iter()
                    .for_each(|(_, v)| check_translations(v, languages, file, diags));
            }
        }
        _ => {}
    }
}
