//! Finding a registry's files through its [`Input`] and reading each one: its text
//! (line ends normalised, bad bytes found) and its YAML parsed, ready to load.

use super::input::{path_order, Input, ReadError};
use super::{front_matter, yaml, LoadFailure, MAX_FILE_BYTES};
use crate::source::SourceFile;
use std::path::{Path, PathBuf};
use yaml::Node;

/// The Markdown files under `dir` (relative to the registry folder), if it exists.
pub(super) fn discover_if_any(input: &dyn Input, dir: &Path) -> Result<Vec<PathBuf>, LoadFailure> {
    if input.is_dir(dir) {
        discover(input, dir, &["md"])
    } else {
        Ok(Vec::new())
    }
}

/// Every file with one of `extensions` under `dir`, sorted by path; hidden entries skipped.
pub(super) fn discover(
    input: &dyn Input,
    dir: &Path,
    extensions: &[&str],
) -> Result<Vec<PathBuf>, LoadFailure> {
    // Listed in the order the file system gives, then sorted once (sorting each
    // folder while walking compares parsed file names: slow for a folder of 20,000).
    let mut out = input.files_under(dir).map_err(LoadFailure)?;
    out.retain(|path| {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
    });
    out.sort_by_cached_key(|p| path_order(p));
    Ok(out)
}

/// Which part of a file is YAML.
#[derive(Clone, Copy)]
pub(super) enum Part {
    /// The whole file (registry records).
    Whole,
    /// The front matter of a Markdown file.
    FrontMatter,
}

/// Why a file's text could not be used.
pub(super) enum Unreadable {
    Io(String),
    NotUtf8(usize),
    Binary,
}

/// A file read and parsed ahead of loading (the costly part, done in parallel).
pub(super) struct Fetched {
    /// Its path relative to the registry folder, as diagnostics show it.
    pub path: PathBuf,
    pub file: SourceFile,
    pub unreadable: Option<Unreadable>,
    pub nul_at: Option<usize>,
    pub front_matter: Option<front_matter::FrontMatter>,
    pub yaml: Option<Result<Node, yaml::YamlError>>,
}

/// Reads the file at `path` (relative to the registry folder) and parses its YAML.
pub(super) fn fetch(input: &dyn Input, path: &Path, part: Part) -> Fetched {
    let bytes = read_bounded(input, path);
    let mut fetched = Fetched {
        path: path.to_path_buf(),
        file: SourceFile::new(path.to_path_buf(), String::new()),
        unreadable: None,
        nul_at: None,
        front_matter: None,
        yaml: None,
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            fetched.unreadable = Some(Unreadable::Io(e));
            return fetched;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => normalise_line_ends(t),
        Err(e) => {
            // The offset of the first bad byte, counted in the normalised text that
            // diagnostics show.
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let at = normalise_line_ends(prefix).len();
            fetched.unreadable = Some(Unreadable::NotUtf8(at));
            normalise_line_ends(String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    };
    if fetched.unreadable.is_none() {
        // A registry is tens of megabytes of text: looked through with memchr's
        // vectorised search.
        if let Some(at) = memchr::memchr(0, text.as_bytes()) {
            fetched.unreadable = Some(Unreadable::Binary);
            fetched.nul_at = Some(at);
        }
    }
    fetched.file = SourceFile::new(path.to_path_buf(), text);
    if fetched.unreadable.is_some() {
        return fetched;
    }
    match part {
        Part::Whole => fetched.yaml = Some(yaml::parse(&fetched.file)),
        Part::FrontMatter => {
            fetched.front_matter = front_matter::split(&fetched.file);
            fetched.yaml = fetched
                .front_matter
                .as_ref()
                .map(|fm| yaml::parse(&fm.yaml));
        }
    }
    fetched
}

/// A file's text as every later stage sees it: a leading UTF-8 byte order mark
/// dropped, and CRLF and lone CR line ends turned into LF.
///
/// Done once, here, so the YAML parser, the fast reader, front matter, the audience
/// filter and diagnostics all read the same lines (a lone-CR file once passed `check`
/// and then lost its record on the public site). Diagnostics show this text, so
/// their line and column agree with what an editor shows for the original file.
pub(super) fn normalise_line_ends(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            // CRLF is one line end: the LF that follows is the one kept.
            if chars.peek() != Some(&'\n') {
                out.push('\n');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A file's bytes, if it is not larger than [`MAX_FILE_BYTES`].
pub(super) fn read_bounded(input: &dyn Input, path: &Path) -> Result<Vec<u8>, String> {
    input.read(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::Io(e) => e,
        ReadError::TooLarge(Some(len)) => {
            format!("the file is {len} bytes; registry files are at most {MAX_FILE_BYTES}")
        }
        ReadError::TooLarge(None) => {
            format!("the file is over {MAX_FILE_BYTES} bytes; registry files are at most that")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files are found in the order of a walk that sorts each folder by name: a
    /// folder's files before those of a sibling whose name it begins (`a/` before
    /// `a-b/` and `a.yaml`), hidden entries skipped.
    #[test]
    fn files_are_found_in_the_order_of_a_sorted_walk() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "a-b/x.yaml",
            "a/x.yaml",
            "a/b/y.yaml",
            "a/b.yaml",
            "a.yaml",
            "a0/z.yaml",
            "B.yaml",
            "ä.yaml",
            "a/.hidden.yaml",
            ".hidden/c.yaml",
            "a/notes.txt",
        ];
        for name in names {
            let path = dir.path().join("registry").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "id: x\n").unwrap();
        }
        let input = super::super::input::WorkTree::new(dir.path());
        let found: Vec<String> = discover(&input, Path::new("registry"), &["yaml"])
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix("registry").unwrap().display().to_string())
            .collect();
        assert_eq!(
            found,
            [
                "B.yaml",
                "a/b/y.yaml",
                "a/b.yaml",
                "a/x.yaml",
                "a-b/x.yaml",
                "a.yaml",
                "a0/z.yaml",
                "ä.yaml"
            ]
        );
    }
}
