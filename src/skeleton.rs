//! `ropa new`: commented skeletons of every kind, embedded in the binary.

use crate::check::is_kebab;
use crate::model::Kind;
use std::path::{Path, PathBuf};

/// The skeleton text of a kind; `{{id}}` stands for the new record's id.
pub fn template(kind: Kind) -> &'static str {
    match kind {
        Kind::Organization => include_str!("skeletons/organization.yaml"),
        Kind::Subprocessor => include_str!("skeletons/subprocessor.yaml"),
        Kind::Contract => include_str!("skeletons/contract.yaml"),
        Kind::Transfer => include_str!("skeletons/transfer.yaml"),
        Kind::DataCategory => include_str!("skeletons/data-category.yaml"),
        Kind::DataSubject => include_str!("skeletons/data-subject.yaml"),
        Kind::Activity => include_str!("skeletons/activity.yaml"),
        Kind::System => include_str!("skeletons/system.yaml"),
        Kind::Flow => include_str!("skeletons/flow.yaml"),
        Kind::Retention => include_str!("skeletons/retention.yaml"),
        Kind::Tom => include_str!("skeletons/tom.yaml"),
        Kind::Role => include_str!("skeletons/role.yaml"),
        Kind::Training => include_str!("skeletons/training.yaml"),
        Kind::Plan => include_str!("skeletons/plan.yaml"),
        Kind::Feature => include_str!("skeletons/feature.yaml"),
        Kind::Process => include_str!("skeletons/process.md"),
        Kind::Answer => include_str!("skeletons/answer.md"),
    }
}

/// Where a new record of `kind` with `id` goes, relative to the registry folder.
pub fn path_for(kind: Kind, id: &str) -> PathBuf {
    match kind {
        Kind::Organization => PathBuf::from("registry/organization.yaml"),
        Kind::Process => PathBuf::from(format!("processes/{id}.md")),
        Kind::Answer => PathBuf::from(format!("registry/answers/{id}.md")),
        _ => PathBuf::from(format!("registry/{}/{id}.yaml", kind.folder())),
    }
}

/// Writes the skeleton; refuses bad kinds, bad ids and existing files.
pub fn write(dir: &Path, kind: &str, id: &str) -> Result<PathBuf, String> {
    let Some(kind) = Kind::from_name(kind) else {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        return Err(format!(
            "`{kind}` is not a kind of record; {}",
            crate::diagnostics::suggest(kind, &names)
        ));
    };
    if !is_kebab(id) {
        return Err(format!(
            "`{id}` is not a valid id: use lower-case letters, digits and hyphens (e.g. `my-{}`)",
            kind.name()
        ));
    }
    let path = dir.join(path_for(kind, id));
    if path.exists() {
        return Err(format!(
            "{} already exists; ropa never overwrites a record (choose another id or edit the file)",
            path.display()
        ));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(&path, template(kind).replace("{{id}}", id))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}
