//! Where a registry's files come from: the work tree as it is on disk, or a git
//! revision read straight from the repository's objects. The loader, the templates
//! and the registry version read through [`Input`] only.

mod git;
pub mod revision;
pub mod worktree;

pub use revision::Revision;
pub use worktree::WorkTree;

use super::LoadFailure;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folders of a registry whose files make its content (the output folders a
/// build writes beside them are not part of it).
pub const SOURCE_FOLDERS: &[&str] = &["registry", "processes", "templates"];

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// It could not be read; the text says why.
    Io(String),
    /// It is larger than the limit asked for; its size, when known before reading.
    TooLarge(Option<u64>),
}

/// A registry's files, wherever they are kept. Paths are relative to the registry
/// folder (`registry/subprocessors/hetzner.yaml`), and are what diagnostics show.
///
/// A value stands for one state of the registry: two revisions are two values, and
/// can be loaded side by side.
pub trait Input: Send + Sync + std::fmt::Debug {
    /// The registry folder as the user named it.
    fn root(&self) -> &Path;

    /// The revision read, as the user named it; `None` for the work tree.
    fn revision(&self) -> Option<&str>;

    /// Whether `dir` (relative; empty for the registry folder itself) is a folder.
    fn is_dir(&self, dir: &Path) -> bool;

    /// Every regular file under the folder `dir`, in no particular order. Entries
    /// below `dir` whose name starts with `.` are skipped (hidden folders are not
    /// entered); links are not followed, nor listed.
    fn files_under(&self, dir: &Path) -> Result<Vec<PathBuf>, String>;

    /// The names of everything directly in the folder `dir` (hidden or not, files,
    /// folders and links alike).
    fn names_in(&self, dir: &Path) -> Result<Vec<OsString>, String>;

    /// A file's bytes, if there are at most `limit` of them.
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError>;

    /// The registry's version, as reports state it: the commit, followed by
    /// ` + uncommitted changes` when the files differ from it (modified, staged,
    /// deleted or untracked) so that a report never names a commit it does not
    /// show. `None` when the folder is not in git or has no commit yet.
    fn version(&self) -> Option<String>;
}

/// The registry in `dir`: its work tree, or with `rev` the revision `rev` of the git
/// repository `dir` is in.
pub fn open(dir: &Path, rev: Option<&str>) -> Result<Arc<dyn Input>, LoadFailure> {
    Ok(match rev {
        None => Arc::new(WorkTree::new(dir)),
        Some(rev) => Arc::new(Revision::open(dir, rev)?),
    })
}

/// A path's bytes ordered as a walk sorted by file name visits them: folder by
/// folder (the separator sorts before every other byte), names compared bytewise.
pub(crate) fn path_order(path: &Path) -> Vec<u8> {
    let separator = std::path::MAIN_SEPARATOR as u8;
    let mut key = path.as_os_str().as_encoded_bytes().to_vec();
    for b in &mut key {
        if *b == separator {
            *b = 0;
        }
    }
    key
}
