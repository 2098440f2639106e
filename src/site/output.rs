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
///
/// Its name, `.NAME.ropa-new-PID`, and the file [`STAGING_MARKER`] in it tell a later
/// build that it is ropa's: a build killed before it finished leaves it behind, and the
/// next build into the same folder removes it (see [`remove_leftovers`]).
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

/// Marks a staging folder while a build writes into it (replaced by
/// [`crate::outdir::MARKER`] once the site is complete).
pub const STAGING_MARKER: &str = ".ropa-staging";

const STAGING_TEXT: &str =
    "A build of ropa is writing this folder; if no build is running, the next one removes it.\n";

/// The tags of ropa's temporary folders beside the output.
const TAGS: [&str; 2] = ["ropa-new", "ropa-old"];

fn out_name(out: &Path) -> String {
    out.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into())
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    out.with_file_name(format!(".{}.{tag}-{}", out_name(out), std::process::id()))
}

fn ctx(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

impl Staging {
    /// Creates the staging folder for `out` (its parent must exist or be creatable),
    /// after removing what killed builds into `out` left behind.
    pub fn new(out: &Path) -> io::Result<Self> {
        remove_leftovers(out);
        let dir = sibling(out, "ropa-new");
        if dir.exists() {
            remove_marked_tree(&dir).map_err(|e| ctx(e, &dir))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| ctx(e, &dir))?;
        let marker = dir.join(STAGING_MARKER);
        std::fs::write(&marker, STAGING_TEXT).map_err(|e| ctx(e, &marker))?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            made: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Marks the staged site complete and puts it in place of the output folder in one
    /// step; the previous site is removed afterwards. A kill at any moment leaves the
    /// old complete site or the new one at `out`, and at most a marked temporary
    /// folder beside it, which the next build removes.
    pub fn commit(mut self) -> io::Result<()> {
        // The marker goes in last: a folder that has it is a complete site.
        let marker = self.dir.join(crate::outdir::MARKER);
        std::fs::write(&marker, crate::outdir::MARKER_TEXT).map_err(|e| ctx(e, &marker))?;
        let staging_marker = self.dir.join(STAGING_MARKER);
        std::fs::remove_file(&staging_marker).map_err(|e| ctx(e, &staging_marker))?;
        test_pause("before-swap");
        let old = swap_in(&self.dir, &self.out)?;
        self.committed = true;
        if let Some(old) = old {
            test_pause("after-swap");
            remove_marked_tree(&old).map_err(|e| ctx(e, &old))?;
        }
        Ok(())
    }
}

/// Puts the folder `new` at `out`; returns where the previous `out` now is, if there
/// was one.
fn swap_in(new: &Path, out: &Path) -> io::Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(new, out).map_err(|e| ctx(e, out))?;
        return Ok(None);
    }
    if exchange(new, out)? {
        // The old site now has the staging folder's name.
        return Ok(Some(new.to_path_buf()));
    }
    // No atomic exchange here: two renames, with a moment in which `out` does not
    // exist (the old site is then complete at `.NAME.ropa-old-PID`, which the next
    // build removes).
    let old = sibling(out, "ropa-old");
    std::fs::rename(out, &old).map_err(|e| ctx(e, out))?;
    if let Err(e) = std::fs::rename(new, out) {
        // Put the previous site back.
        let _ = std::fs::rename(&old, out);
        return Err(ctx(e, out));
    }
    Ok(Some(old))
}

/// Exchanges the folders `a` and `b` atomically (Linux `renameat2(RENAME_EXCHANGE)`).
/// `Ok(false)` when the system or file system cannot, so that the caller falls back to
/// two renames: other systems (macOS, the BSDs, Windows) always get that fallback, as
/// do file systems without the exchange (some network and FUSE file systems).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(ctx(e, b)),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Test hook, in debug builds only: with `ROPA_TEST_PAUSE=STEP:FILE`, the build creates
/// FILE when it reaches STEP (`before-swap` or `after-swap`) and waits there a minute,
/// so that a test can kill it at exactly that moment. Release builds ignore it.
fn test_pause(step: &str) {
    if !cfg!(debug_assertions) {
        return;
    }
    let Some(value) = std::env::var_os("ROPA_TEST_PAUSE") else {
        return;
    };
    let value = value.to_string_lossy();
    if let Some(signal) = value.strip_prefix(step).and_then(|v| v.strip_prefix(':')) {
        let _ = std::fs::write(signal, step);
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

/// Removes the temporary folders that killed builds into `out` left beside it: only
/// those named like ropa's (`.NAME.ropa-new-PID`, `.NAME.ropa-old-PID`), that carry a
/// marker of ropa's (or are empty), and whose build is no longer running. Nothing else
/// is touched; errors are ignored (a leftover stays until a later build).
pub fn remove_leftovers(out: &Path) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{}.", out_name(out));
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(&prefix)
            .and_then(|rest| {
                TAGS.iter()
                    .find_map(|t| rest.strip_prefix(t)?.strip_prefix('-'))
            })
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && !build_running(pid) && (is_marked(&path) || is_empty(&path)) {
            let _ = remove_marked_tree(&path);
        }
    }
}

fn is_marked(dir: &Path) -> bool {
    dir.join(STAGING_MARKER).is_file() || dir.join(crate::outdir::MARKER).is_file()
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut e| e.next().is_none())
}

/// Whether process `pid` may still be a build writing its temporary folder. On Linux,
/// `/proc` says; elsewhere only our own process is known to be running, so a
/// concurrent build's folder might be removed there.
fn build_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    cfg!(target_os = "linux") && Path::new(&format!("/proc/{pid}")).exists()
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_marked_tree(&self.dir);
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

/// Removes a temporary folder of ropa's and everything in it, its markers last: a
/// removal cut short leaves a folder that still says it is ropa's, and the next build
/// finishes the job.
fn remove_marked_tree(dir: &Path) -> io::Result<()> {
    let markers = [STAGING_MARKER, crate::outdir::MARKER];
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if markers.iter().any(|m| entry.file_name() == *m) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
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

    /// The swap exchanges the two folders in one step on Linux: the old site ends up
    /// under the staging folder's name, and nothing else is made.
    #[test]
    #[cfg(target_os = "linux")]
    fn the_swap_is_one_exchange_on_linux() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let new = sibling(&out, "ropa-new");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(new.join("index.html"), "new").unwrap();
        assert_eq!(swap_in(&new, &out).unwrap(), Some(new.clone()));
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(new.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
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
