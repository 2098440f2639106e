//! Writing a built site: every file goes into a fresh folder beside the target, which is
//! swapped in only once the build succeeded, so a failed build (or a crash mid-write)
//! never leaves a half-written site. Pages are written as they are rendered, from
//! several threads, so a large site is never held in memory as a whole.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// A built site in memory: root-relative path → file content (shared, so that a
/// rebuild of a few pages copies only the map, not the files). The content is kept
/// in the buffer it was rendered into: a large registry's reports are tens of
/// megabytes each, and copying them into a buffer of their own held each twice.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// Where the files of a build go, as they are rendered (from several threads at once).
pub trait Sink: Sync {
    /// Stores one file under its root-relative path.
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()>;
    /// Opens a file to be written piece by piece (for large files such as the reports);
    /// it is complete once the writer is flushed and dropped.
    fn create(&self, path: &str) -> io::Result<Box<dyn io::Write + '_>>;
}

/// Keeps the files in memory (`ropa serve`).
#[derive(Default)]
pub struct MemorySink(Mutex<Files>);

impl MemorySink {
    /// The files stored.
    pub fn into_files(self) -> Files {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, mut bytes: Vec<u8>) -> io::Result<()> {
        // Tens of thousands of pages: none keeps the room it grew into.
        bytes.shrink_to_fit();
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string(), Arc::new(bytes));
        Ok(())
    }

    fn create(&self, path: &str) -> io::Result<Box<dyn io::Write + '_>> {
        Ok(Box::new(MemoryFile {
            sink: self,
            path: path.to_string(),
            bytes: Vec::new(),
        }))
    }
}

/// A file of a [`MemorySink`] being written; stored when dropped.
struct MemoryFile<'a> {
    sink: &'a MemorySink,
    path: String,
    bytes: Vec<u8>,
}

impl io::Write for MemoryFile<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for MemoryFile<'_> {
    fn drop(&mut self) {
        let bytes = std::mem::take(&mut self.bytes);
        let _ = self.sink.put(&self.path, bytes);
    }
}

/// A fresh folder beside the output folder that the build writes into; [`Staging::commit`]
/// swaps it in, dropping it unused removes it.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

fn ctx(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

impl Staging {
    /// Creates the staging folder for `out` (its parent must exist or be creatable).
    pub fn new(out: &Path) -> io::Result<Self> {
        let dir = sibling(out, "new");
        if dir.exists() {
            remove_tree(&dir).map_err(|e| ctx(e, &dir))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| ctx(e, &dir))?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            made: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Replaces the output folder with the staged one; the previous site is removed only
    /// once the new one is in place.
    pub fn commit(mut self) -> io::Result<()> {
        let old = sibling(&self.out, "old");
        if self.out.exists() {
            std::fs::rename(&self.out, &old).map_err(|e| ctx(e, &self.out))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            // Put the previous site back.
            let _ = std::fs::rename(&old, &self.out);
            return Err(ctx(e, &self.out));
        }
        self.committed = true;
        if old.exists() {
            remove_tree(&old).map_err(|e| ctx(e, &old))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
    }
}

impl Staging {
    /// The path of a file in the staging folder, its folder created.
    fn prepare(&self, path: &str) -> io::Result<PathBuf> {
        let file = self.dir.join(path);
        if let Some(parent) = file.parent() {
            let known = self
                .made
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains(parent);
            if !known {
                std::fs::create_dir_all(parent).map_err(|e| ctx(e, parent))?;
                self.made
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(parent.to_path_buf());
            }
        }
        Ok(file)
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        let file = self.prepare(path)?;
        std::fs::write(&file, bytes).map_err(|e| ctx(e, &file))
    }

    fn create(&self, path: &str) -> io::Result<Box<dyn io::Write + '_>> {
        let file = self.prepare(path)?;
        let f = std::fs::File::create(&file).map_err(|e| ctx(e, &file))?;
        Ok(Box::new(io::BufWriter::with_capacity(1 << 16, f)))
    }
}

/// Removes a folder and everything in it.
fn remove_tree(dir: &Path) -> io::Result<()> {
    std::fs::remove_dir_all(dir)
}
