//! The registry as it is at a git revision, read from the repository's objects
//! (gix): nothing is checked out, and the work tree is not looked at.

use super::{git, Input, ReadError};
use crate::load::LoadFailure;
use gix::object::tree::EntryKind;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The registry folder as it is at one commit.
pub struct Revision {
    root: PathBuf,
    rev: String,
    commit: gix::ObjectId,
    repo: gix::ThreadSafeRepository,
    /// Handles on the repository for the threads that read (a handle is not shared
    /// between threads, and making one for every file would cost more than reading it).
    handles: Mutex<Vec<gix::Repository>>,
    /// Every entry under the registry folder, by its path relative to it.
    entries: HashMap<PathBuf, (EntryKind, gix::ObjectId)>,
}

impl std::fmt::Debug for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Revision")
            .field("root", &self.root)
            .field("rev", &self.rev)
            .field("commit", &self.commit)
            .finish_non_exhaustive()
    }
}

impl Revision {
    /// The folder `dir` as it is at `rev` (a commit, tag or branch, `HEAD~1`) of the
    /// git repository `dir` is in. `dir` need not exist in the work tree any more.
    pub fn open(dir: &Path, rev: &str) -> Result<Self, LoadFailure> {
        let fail = |message: String| LoadFailure(format!("--rev {rev}: {message}"));
        // The nearest folder that exists finds the repository; the rest of the path
        // is looked up in the revision.
        let absolute = std::path::absolute(dir)
            .map_err(|e| fail(format!("cannot find `{}`: {e}", dir.display())))?;
        let existing = absolute
            .ancestors()
            .find(|p| p.is_dir())
            .unwrap_or(Path::new("/"));
        let missing = absolute.strip_prefix(existing).unwrap_or(Path::new(""));
        let not_in_git = || {
            fail(format!(
                "`{}` is not in a git repository; --rev reads the registry from a repository's history: give a folder inside a git work tree, or leave out --rev to read the files as they are",
                dir.display()
            ))
        };
        let repo = git::discover(existing).ok_or_else(not_in_git)?;
        let local = repo.to_thread_local();
        let workdir = local.workdir().ok_or_else(|| {
            fail(format!(
                "the repository at `{}` has no work tree (it is bare); give a folder inside a work tree",
                local.git_dir().display()
            ))
        })?;
        let mut place = git::place_in(workdir, existing).ok_or_else(not_in_git)?;
        if !missing.as_os_str().is_empty() {
            place.push(missing);
        }
        let top = workdir.display().to_string();
        let id = local.rev_parse_single(rev).map_err(|_| {
            fail(format!(
                "no such revision in the repository at {top}; `git log --oneline` lists commits"
            ))
        })?;
        let object = id
            .object()
            .map_err(|e| fail(format!("cannot read it in the repository at {top}: {e}")))?;
        let kind = object.kind;
        let commit = object.peel_to_commit().map_err(|_| {
            fail(format!(
                "it names a {kind}, not a commit; give a commit, tag or branch"
            ))
        })?;
        let commit_id = commit.id;
        let short = commit_id.to_hex_with_len(7).to_string();
        let unreadable = |e: &dyn std::fmt::Display| {
            fail(format!(
                "cannot read commit {short} in the repository at {top}: {e}"
            ))
        };
        let tree = commit.tree().map_err(|e| unreadable(&e))?;
        let shown = if place.as_os_str().is_empty() {
            ".".to_string()
        } else {
            place.display().to_string()
        };
        let folder = if place.as_os_str().is_empty() {
            tree
        } else {
            let absent = || {
                fail(format!(
                    "there is no folder `{shown}` at that revision (commit {short} of the repository at {top}); `git log --oneline -- {shown}` lists the commits that changed it"
                ))
            };
            let entry = tree
                .lookup_entry_by_path(&place)
                .map_err(|e| unreadable(&e))?
                .ok_or_else(absent)?;
            if !entry.mode().is_tree() {
                return Err(fail(format!(
                    "`{shown}` is a file at that revision (commit {short} of the repository at {top}), not a folder; give the folder that holds `registry/`"
                )));
            }
            entry.object().map_err(|e| unreadable(&e))?.into_tree()
        };
        let listed = folder
            .traverse()
            .breadthfirst
            .files()
            .map_err(|e| unreadable(&e))?;
        let entries = listed
            .into_iter()
            .map(|e| {
                let path = gix::path::from_bstring(e.filepath);
                (path, (e.mode.kind(), e.oid))
            })
            .collect();
        Ok(Revision {
            root: dir.to_path_buf(),
            rev: rev.to_string(),
            commit: commit_id,
            repo,
            handles: Mutex::new(Vec::new()),
            entries,
        })
    }

    /// Runs `f` with a handle on the repository of this thread's own.
    fn with_repo<T>(&self, f: impl FnOnce(&gix::Repository) -> T) -> T {
        let taken = self.handles.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let repo = taken.unwrap_or_else(|| {
            let mut repo = self.repo.to_thread_local();
            repo.object_cache_size_if_unset(4 << 20);
            repo
        });
        let out = f(&repo);
        self.handles
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(repo);
        out
    }

    fn what_is(&self, path: &Path) -> Option<&(EntryKind, gix::ObjectId)> {
        self.entries.get(path)
    }
}

/// Whether `path` lies under `dir` with no hidden entry (a name starting with `.`)
/// on the way.
fn visible_under(dir: &Path, path: &Path) -> bool {
    path.strip_prefix(dir).is_ok_and(|rest| {
        rest.components()
            .all(|c| !c.as_os_str().as_encoded_bytes().starts_with(b"."))
    })
}

impl Input for Revision {
    fn root(&self) -> &Path {
        &self.root
    }

    fn revision(&self) -> Option<&str> {
        Some(&self.rev)
    }

    fn is_dir(&self, dir: &Path) -> bool {
        dir.as_os_str().is_empty() || matches!(self.what_is(dir), Some((EntryKind::Tree, _)))
    }

    fn files_under(&self, dir: &Path) -> Result<Vec<PathBuf>, String> {
        if !self.is_dir(dir) {
            return Err(format!(
                "cannot read `{}`: there is no such folder at revision {}",
                self.root.join(dir).display(),
                self.rev
            ));
        }
        Ok(self
            .entries
            .iter()
            .filter(|(_, (kind, _))| matches!(kind, EntryKind::Blob | EntryKind::BlobExecutable))
            .filter(|(path, _)| visible_under(dir, path))
            .map(|(path, _)| path.clone())
            .collect())
    }

    fn names_in(&self, dir: &Path) -> Result<Vec<OsString>, String> {
        if !self.is_dir(dir) {
            return Err(format!("there is no such folder at revision {}", self.rev));
        }
        Ok(self
            .entries
            .keys()
            .filter(|path| path.parent() == Some(dir))
            .filter_map(|path| path.file_name().map(OsString::from))
            .collect())
    }

    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        let rev = &self.rev;
        let id = match self.what_is(path) {
            Some((EntryKind::Blob | EntryKind::BlobExecutable, id)) => *id,
            Some((EntryKind::Tree, _)) => {
                return Err(ReadError::Io(format!("it is a folder at revision {rev}")))
            }
            Some((EntryKind::Link, _)) => {
                return Err(ReadError::Io(format!(
                    "it is a symbolic link at revision {rev}; links are not followed"
                )))
            }
            Some((EntryKind::Commit, _)) => {
                return Err(ReadError::Io(format!(
                    "it is a submodule at revision {rev}"
                )))
            }
            None => {
                return Err(ReadError::Io(format!(
                    "there is no such file at revision {rev}"
                )))
            }
        };
        self.with_repo(|repo| {
            let io =
                |e: &dyn std::fmt::Display| ReadError::Io(format!("cannot read it from git: {e}"));
            let size = repo.find_header(id).map_err(|e| io(&e))?.size();
            if size > limit {
                return Err(ReadError::TooLarge(Some(size)));
            }
            Ok(repo.find_object(id).map_err(|e| io(&e))?.detach().data)
        })
    }

    /// The commit: what a revision holds is committed by definition.
    fn version(&self) -> Option<String> {
        Some(self.commit.to_string())
    }
}
