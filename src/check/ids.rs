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

fn kebab(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

pub(super) fn check(reg: &Registry, out: &mut Diagnostics) {
    for kind in Kind::ALL {
        let mut first_seen = BTreeMap::new();
        for (id, at) in reg.ids(kind) {
            if !is_kebab(id) {
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
