//! Source files as loaded: their text, and byte offsets turned into lines and columns.

use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
pub type FileId = usize;

/// A byte range within one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte (inclusive).
    pub start: usize,
    /// Last byte (exclusive).
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }
}

/// One loaded file: its path as the user named it, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the registry root where possible, as shown to the user.
    pub path: PathBuf,
    /// Full text (lossy-decoded if the file was not UTF-8); shared with the Markdown
    /// bodies read from it, so a large registry's text is held once.
    pub text: std::sync::Arc<String>,
    /// Where each line starts: found when first asked (most files are never asked,
    /// and a large registry has millions of lines).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A file with its text.
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text: std::sync::Arc::new(text),
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr_lines(self.text.as_bytes()));
            starts
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line];
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line + 1, col + 1)
    }

    /// Byte offset of a 1-based line and 0-based character column (as YAML parsers report).
    pub fn offset_of(&self, line: usize, char_col: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let within = line_text
            .char_indices()
            .nth(char_col)
            .map(|(i, _)| i)
            .unwrap_or(line_text.len());
        start + within
    }

    /// The byte offset where a 1-based line begins (clamped to the end of the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts()
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }
}

/// The offsets just after each `\n`.
fn memchr_lines(text: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text).map(|i| i + 1)
}

/// Every file ropa read, in the order it read them.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Makes room for `additional` more files.
    pub fn reserve(&mut self, additional: usize) {
        self.files.reserve(additional);
    }

    /// Adds a file already read and returns its id.
    pub fn push(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }

    /// Puts a file read again in the place of the one with this id.
    pub fn replace(&mut self, id: FileId, file: SourceFile) {
        self.files[id] = file;
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// All files.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The id of a file by its displayed path.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path)
    }
}

/// Diagnostics are printed straight from the loaded files, whose line starts are
/// already known (copying every file into another table took as long as the check on
/// a large registry).
impl<'a> codespan_reporting::files::Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<String, codespan_reporting::files::Error> {
        Ok(self.file(id)?.path.display().to_string())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.file(id)?.text)
    }

    fn line_index(
        &'a self,
        id: FileId,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let starts = self.file(id)?.line_starts();
        Ok(match starts.binary_search(&byte_index) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        })
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        let file = self.file(id)?;
        let starts = file.line_starts();
        let start =
            *starts
                .get(line_index)
                .ok_or(codespan_reporting::files::Error::LineTooLarge {
                    given: line_index,
                    max: starts.len().saturating_sub(1),
                })?;
        let end = starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.text.len());
        Ok(start..end)
    }
}

impl SourceMap {
    fn file(&self, id: FileId) -> Result<&SourceFile, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }
}
