//! Writing a built site: every file goes into a fresh folder beside the target, which is
//! swapped in only once the build succeeded, so a failed build (or a crash mid-write)
//! never leaves a half-written site. Pages are written as they are rendered, from
//! several threads, so a large site is never held in memory as a whole.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// A built site in memory: root-relative path → file content (shared, so that a
/// rebuild of a few pages copies only the map, not the files).
pub type Files = BTreeMap<String, Arc<Stored>>;

/// Pages larger than this are kept compressed in memory: only the records of
/// processing get this large (60 MB each for a registry of 28,000 records, a tenth
/// of that compressed), and they are not rendered again while a text is edited.
const COMPRESS_PAGES_OVER: usize = 4 << 20;

/// One file of a site kept in memory.
pub enum Stored {
    /// The bytes as rendered.
    Plain(Vec<u8>),
    /// A large page, deflated.
    Deflated(Vec<u8>),
}

impl Stored {
    /// Keeps `bytes` (a large HTML page compressed; anything else as it is).
    fn new(path: &str, mut bytes: Vec<u8>) -> Stored {
        if bytes.len() > COMPRESS_PAGES_OVER && path.ends_with(".html") {
            use std::io::Write;
            let mut encoder = flate2::write::DeflateEncoder::new(
                Vec::with_capacity(bytes.len() / 8),
                flate2::Compression::fast(),
            );
            if encoder.write_all(&bytes).is_ok() {
                if let Ok(deflated) = encoder.finish() {
                    return Stored::Deflated(deflated);
                }
            }
        }
        // Tens of thousands of pages: none keeps the room it grew into.
        bytes.shrink_to_fit();
        Stored::Plain(bytes)
    }

    /// The file's bytes.
    pub fn bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match self {
            Stored::Plain(bytes) => bytes.as_slice().into(),
            Stored::Deflated(deflated) => {
                use std::io::Read;
                let mut out = Vec::new();
                // Compressed by this process a moment ago: it reads back.
                let _ =
                    flate2::read::DeflateDecoder::new(deflated.as_slice()).read_to_end(&mut out);
                out.into()
            }
        }
    }
}

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
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        let stored = Arc::new(Stored::new(path, bytes));
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string(), stored);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A page as large as a big registry's records of processing: rows that repeat,
    /// with a running number so that no two are the same.
    fn large_page() -> Vec<u8> {
        let mut page = String::from("<!doctype html><html><body><table>");
        let mut i = 0;
        while page.len() <= COMPRESS_PAGES_OVER {
            page.push_str(&format!(
                "<tr><td>act-{i:05}</td><td>Support requests</td><td>Hetzner Online GmbH, Gunzenhausen</td></tr>\n"
            ));
            i += 1;
        }
        page.push_str("</table></body></html>");
        page.into_bytes()
    }

    #[test]
    fn large_pages_are_kept_compressed_and_served_whole() {
        let sink = MemorySink::default();
        let page = large_page();
        sink.put("report-de.html", page.clone()).unwrap();
        sink.put("assets/search-de.js", page.clone()).unwrap();
        sink.put("de/index.html", b"<p>small</p>".to_vec()).unwrap();
        let files = sink.into_files();
        let report = &files["report-de.html"];
        match report.as_ref() {
            Stored::Deflated(deflated) => assert!(
                deflated.len() < page.len() / 4,
                "{} bytes kept for a {}-byte page",
                deflated.len(),
                page.len()
            ),
            Stored::Plain(_) => panic!("a large page is kept as it is"),
        }
        assert!(report.bytes().as_ref() == page.as_slice());
        // Other files stay as they are (the search index is rendered again after
        // every edit; compressing it each time would slow that down).
        assert!(matches!(
            files["assets/search-de.js"].as_ref(),
            Stored::Plain(_)
        ));
        assert_eq!(files["de/index.html"].bytes().as_ref(), b"<p>small</p>");
    }
}
