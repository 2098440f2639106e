//! Ids: well-formed (kebab-case) and unique within their kind.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Kind;
use crate::registry::Registry;
use std::collections::BTreeMap;

/// Whether `id` is kebab-case: lower-case letters, digits and single hyphens.
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The longest id, in bytes (ids are ASCII). An id becomes file names such as
/// `ID.html` and `ID.yaml`, and file systems allow 255 bytes per name; 100 leaves
/// room for suffixes and language tags, and is far more than a readable id needs.
pub const MAX_ID_LEN: usize = 100;

/// A valid id made of `text`: lower-cased, every run of other characters one
/// hyphen, cut to [`MAX_ID_LEN`] (used by hints, which must suggest valid ids).
pub fn kebab(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut id = out.trim_matches('-').to_string();
    id.truncate(MAX_ID_LEN);
    id.trim_end_matches('-').to_string()
}

pub(super) fn check(reg: &Registry, out: &mut Diagnostics) {
    for kind in Kind::ALL {
        let mut first_seen = BTreeMap::new();
        for (id, at) in reg.ids(kind) {
            if id.len() > MAX_ID_LEN {
                out.push(
                    Diagnostic::error(
                        "id-too-long",
                        format!(
                            "the id is {} characters long; at most {MAX_ID_LEN} are allowed",
                            id.chars().count()
                        ),
                        at,
                    )
                    .with_label("ids become file names, which file systems keep short")
                    .with_hint(format!(
                        "shorten the id to {MAX_ID_LEN} characters or fewer, e.g. `{}`",
                        kebab(id)
                            .chars()
                            .take(40)
                            .collect::<String>()
                            .trim_end_matches('-')
                    )),
                );
            } else if !is_kebab(id) {
                out.push(
                    Diagnostic::error("invalid-id", format!("the id `{id}` is not kebab-case"), at)
                        .with_hint(format!(
                            "use lower-case letters, digits and hyphens, e.g. `{}`",
                            kebab(id)
                        )),
                );
            }
            match first_seen.get(id) {
                None => {
                    first_seen.insert(id, at);
                }
                Some(&first) => {
                    let first_path = reg.sources.get(first.file).path.display().to_string();
                    out.push(
                        Diagnostic::error(
                            "duplicate-id",
                            format!("the {kind} id `{id}` is also used in {first_path}"),
                            at,
                        )
                        .with_label("second use")
                        .with_note(first, "first used here")
                        .with_hint(format!(
                            "every {kind} needs its own id; rename one of the two"
                        )),
                    );
                }
            }
        }
    }
}
