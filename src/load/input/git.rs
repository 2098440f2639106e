//! The git repository a registry folder is in, read with gix (ropa never runs `git`):
//! finding it, the folder's place in it, and whether the work tree differs from HEAD.

use super::SOURCE_FOLDERS;
use std::path::{Path, PathBuf};

/// The repository `dir` is in, found as git finds it: upwards from `dir`, honouring
/// `GIT_DIR`, `GIT_CEILING_DIRECTORIES` and `GIT_DISCOVERY_ACROSS_FILESYSTEM`.
pub(super) fn discover(dir: &Path) -> Option<gix::ThreadSafeRepository> {
    gix::ThreadSafeRepository::discover_with_environment_overrides(dir).ok()
}

/// `dir`'s path relative to the work tree's top folder (empty for the top itself),
/// with `/` between its parts; `None` when it is not inside the work tree.
pub(super) fn place_in(workdir: &Path, dir: &Path) -> Option<PathBuf> {
    let top = workdir.canonicalize().ok()?;
    let here = dir.canonicalize().ok()?;
    here.strip_prefix(&top).ok().map(Path::to_path_buf)
}

/// The version of the registry in the work-tree folder `dir` (see
/// [`super::Input::version`]).
pub(super) fn work_tree_version(dir: &Path) -> Option<String> {
    let repo = discover(dir)?.to_thread_local();
    let commit = repo.head_id().ok()?.detach();
    // If the status cannot be had, the commit alone cannot be vouched for either.
    let changed = repo
        .workdir()
        .and_then(|top| place_in(top, dir))
        .is_none_or(|place| differs_from_head(&repo, &place));
    Some(if changed {
        format!("{commit} + uncommitted changes")
    } else {
        commit.to_string()
    })
}

/// Whether anything in the registry's folders at `place` (relative to the top of
/// the work tree) is modified, staged, deleted or untracked (ignored files do not
/// count); true when that cannot be found out.
fn differs_from_head(repo: &gix::Repository, place: &Path) -> bool {
    use gix::status::{Item, UntrackedFiles};
    let place = gix::path::to_unix_separators_on_windows(gix::path::into_bstr(place));
    // Relative to the top of the work tree (`top`), taken literally (a folder name
    // may hold `*`).
    let patterns = SOURCE_FOLDERS.iter().map(|folder| {
        let mut spec = gix::bstr::BString::from(":(top,literal)");
        if !place.is_empty() {
            spec.extend_from_slice(&place);
            spec.push(b'/');
        }
        spec.extend_from_slice(folder.as_bytes());
        spec
    });
    let Ok(platform) = repo.status(gix::progress::Discard) else {
        return true;
    };
    let status = platform
        .untracked_files(UntrackedFiles::Files)
        .index_worktree_rewrites(None)
        .into_iter(patterns);
    let Ok(mut items) = status else {
        return true;
    };
    items.any(|item| match item {
        // Entries the walk found that are tracked, and entries whose file only
        // needs its cached stat refreshed, are no change.
        Ok(Item::IndexWorktree(change)) => change.summary().is_some(),
        Ok(Item::TreeIndex(_)) => true,
        Err(_) => true,
    })
}
