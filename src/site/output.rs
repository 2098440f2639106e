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

/// HTML pages larger than this are kept deflated in memory. A large registry's site is
/// hundreds of megabytes of HTML (590 MB for 28,000 records), about a third of that
/// deflated; `serve` holds all of it while the build's own working memory comes on
/// top. A page is inflated when it is requested (tens of microseconds for a page of
/// a few kilobytes). Smaller pages gain too little to be worth it.
const COMPRESS_PAGES_OVER: usize = 2 << 10;

/// One file of a site kept in memory.
pub enum Stored {
    /// The bytes as rendered.
    Plain(Vec<u8>),
    /// An HTML page, deflated.
    Deflated(Vec<u8>),
}

impl Stored {
    /// Keeps `bytes`: an HTML page deflated, anything else as it is (styles, scripts
    /// and the search index, which every edit in `serve` writes again: compressing
    /// its megabytes each time would slow the edit down).
    fn new(path: &str, mut bytes: Vec<u8>) -> Stored {
        if bytes.len() > COMPRESS_PAGES_OVER && path.ends_with(".html") {
            if let Some(deflated) = deflate(&bytes) {
                return Stored::Deflated(deflated);
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

/// `bytes` deflated (raw deflate, as [`Stored::bytes`] reads it). Each thread keeps its
/// compressor: setting one up for each of tens of thousands of pages costs more than
/// clearing it.
fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::fast(), false));
    }
    COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        // Pages deflate to a third or so of their size.
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let (read, written) = (compressor.total_in(), compressor.total_out());
            let rest = bytes.get(usize::try_from(read).ok()?..)?;
            match compressor
                .compress_vec(rest, &mut out, FlushCompress::Finish)
                .ok()?
            {
                Status::StreamEnd => break,
                // No progress with room to write: give up (the page is kept as it is).
                _ if (read, written) == (compressor.total_in(), compressor.total_out()) => {
                    return None
                }
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(1024)),
            }
        }
        out.shrink_to_fit();
        Some(out)
    })
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

    fn keep(&self, path: &str, stored: Stored) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string(), Arc::new(stored));
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.keep(path, Stored::new(path, bytes));
        Ok(())
    }

    fn create(&self, path: &str) -> io::Result<Box<dyn io::Write + '_>> {
        let content = if path.ends_with(".html") {
            Content::Deflating(Box::new(io::BufWriter::with_capacity(
                64 << 10,
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast()),
            )))
        } else {
            Content::Plain(Vec::new())
        };
        Ok(Box::new(MemoryFile {
            sink: self,
            path: path.to_string(),
            content,
        }))
    }
}

/// A file of a [`MemorySink`] being written; stored when dropped. An HTML page is
/// deflated as it is written: the records of processing of a large registry are
/// 60 MB each, and are never held whole.
struct MemoryFile<'a> {
    sink: &'a MemorySink,
    path: String,
    content: Content,
}

enum Content {
    Plain(Vec<u8>),
    /// Templates write a page in many small pieces: they reach the encoder in chunks.
    Deflating(Box<io::BufWriter<flate2::write::DeflateEncoder<Vec<u8>>>>),
}

impl io::Write for MemoryFile<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.content {
            Content::Plain(bytes) => {
                bytes.extend_from_slice(buf);
                Ok(buf.len())
            }
            Content::Deflating(encoder) => encoder.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for MemoryFile<'_> {
    fn drop(&mut self) {
        match std::mem::replace(&mut self.content, Content::Plain(Vec::new())) {
            Content::Plain(bytes) => self.sink.keep(&self.path, Stored::new(&self.path, bytes)),
            Content::Deflating(writer) => {
                let deflated = (*writer)
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)
                    .and_then(flate2::write::DeflateEncoder::finish);
                if let Ok(mut deflated) = deflated {
                    deflated.shrink_to_fit();
                    self.sink.keep(&self.path, Stored::Deflated(deflated));
                }
            }
        }
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

    /// A page of about `size` bytes: table rows that repeat, with a running number so
    /// that no two are the same (as in the records of processing of a big registry).
    fn page_of(size: usize) -> Vec<u8> {
        let mut page = String::from("<!doctype html><html><body><table>");
        let mut i = 0;
        while page.len() <= size {
            page.push_str(&format!(
                "<tr><td>act-{i:05}</td><td>Support requests</td><td>Hetzner Online GmbH, Gunzenhausen</td></tr>\n"
            ));
            i += 1;
        }
        page.push_str("</table></body></html>");
        page.into_bytes()
    }

    #[test]
    fn pages_are_kept_compressed_and_served_whole() {
        let sink = MemorySink::default();
        let report = page_of(4 << 20);
        let page = page_of(8 << 10);
        sink.put("report-de.html", report.clone()).unwrap();
        sink.put("de/activities/act-00001.html", page.clone())
            .unwrap();
        sink.put("assets/search-de.js", report.clone()).unwrap();
        sink.put("de/index.html", b"<p>small</p>".to_vec()).unwrap();
        let files = sink.into_files();
        for (path, original) in [
            ("report-de.html", &report),
            ("de/activities/act-00001.html", &page),
        ] {
            match files[path].as_ref() {
                Stored::Deflated(deflated) => assert!(
                    deflated.len() < original.len() / 2,
                    "{path}: {} bytes kept for a {}-byte page",
                    deflated.len(),
                    original.len()
                ),
                Stored::Plain(_) => panic!("{path} is kept as it is"),
            }
            assert!(
                files[path].bytes().as_ref() == original.as_slice(),
                "{path}"
            );
        }
        // Other files stay as they are (the search index is rendered again after
        // every edit; compressing it each time would slow that down), and so do pages
        // too small to gain.
        assert!(matches!(
            files["assets/search-de.js"].as_ref(),
            Stored::Plain(_)
        ));
        assert!(matches!(files["de/index.html"].as_ref(), Stored::Plain(_)));
        assert_eq!(files["de/index.html"].bytes().as_ref(), b"<p>small</p>");
    }

    /// A page written piece by piece (as the records of processing are) is deflated
    /// as it is written, and reads back whole; another file written so is kept as it is.
    #[test]
    fn pages_written_in_pieces_are_kept_compressed() {
        use std::io::Write;
        let sink = MemorySink::default();
        let report = page_of(1 << 20);
        for path in ["report-en.html", "subprocessors.json"] {
            let mut out = sink.create(path).unwrap();
            for piece in report.chunks(1000) {
                out.write_all(piece).unwrap();
            }
            out.flush().unwrap();
        }
        let files = sink.into_files();
        match files["report-en.html"].as_ref() {
            Stored::Deflated(deflated) => assert!(deflated.len() < report.len() / 4),
            Stored::Plain(_) => panic!("the page is kept as it is"),
        }
        assert!(files["report-en.html"].bytes().as_ref() == report.as_slice());
        assert!(matches!(
            files["subprocessors.json"].as_ref(),
            Stored::Plain(bytes) if *bytes == report
        ));
    }
}
