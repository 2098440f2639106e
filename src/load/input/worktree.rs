//! The registry as it is on disk (walkdir), read file by file.

use super::{git, Input, ReadError};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The registry folder on disk.
#[derive(Debug, Clone)]
pub struct WorkTree {
    root: PathBuf,
}

impl WorkTree {
    /// The registry in the folder `root` (the folder that holds `registry/`).
    pub fn new(root: &Path) -> Self {
        WorkTree {
            root: root.to_path_buf(),
        }
    }

    fn path(&self, relative: &Path) -> PathBuf {
        if relative.as_os_str().is_empty() {
            self.root.clone()
        } else {
            self.root.join(relative)
        }
    }
}

impl Input for WorkTree {
    fn root(&self) -> &Path {
        &self.root
    }

    fn revision(&self) -> Option<&str> {
        None
    }

    fn is_dir(&self, dir: &Path) -> bool {
        self.path(dir).is_dir()
    }

    fn files_under(&self, dir: &Path) -> Result<Vec<PathBuf>, String> {
        let dir = self.path(dir);
        let mut out = Vec::new();
        let walker = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = entry.map_err(|e| {
                format!("cannot read `{}`: {e}", e.path().unwrap_or(&dir).display())
            })?;
            if entry.file_type().is_file() {
                out.push(relative_to(&self.root, entry.path()).to_path_buf());
            }
        }
        Ok(out)
    }

    fn names_in(&self, dir: &Path) -> Result<Vec<OsString>, String> {
        Ok(std::fs::read_dir(self.path(dir))
            .map_err(|e| e.to_string())?
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect())
    }

    /// Opened once, its size asked of the open file.
    ///
    /// A file is read up to the size it had when opened (tens of thousands of files:
    /// asking each for one more byte to see its end would be one more system call
    /// each). A file that reports no size (as some special file systems do) is read to
    /// its end, up to the limit.
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        use std::io::Read;
        let io = |e: std::io::Error| ReadError::Io(e.to_string());
        let mut file = std::fs::File::open(self.path(path)).map_err(io)?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len > limit {
            return Err(ReadError::TooLarge(Some(len)));
        }
        let take = if len == 0 {
            limit.saturating_add(1)
        } else {
            len
        };
        let mut bytes = Vec::with_capacity(len as usize);
        file.by_ref()
            .take(take)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > limit {
            return Err(ReadError::TooLarge(None));
        }
        Ok(bytes)
    }

    fn version(&self) -> Option<String> {
        git::work_tree_version(&self.root)
    }
}

/// `path` relative to `root`, as shown to the user. Paths found under `root` start
/// with its bytes, which are compared as such (comparing component by component
/// costs more, for tens of thousands of files); any other path is compared the
/// usual way.
fn relative_to<'p>(root: &Path, path: &'p Path) -> &'p Path {
    let root_bytes = root.as_os_str().as_encoded_bytes();
    let rest = path
        .as_os_str()
        .as_encoded_bytes()
        .strip_prefix(root_bytes)
        .and_then(|rest| rest.strip_prefix(std::path::MAIN_SEPARATOR_STR.as_bytes()))
        .filter(|rest| !root_bytes.is_empty() && !rest.is_empty())
        .filter(|rest| !rest.starts_with(std::path::MAIN_SEPARATOR_STR.as_bytes()))
        .and_then(|rest| std::str::from_utf8(rest).ok());
    match rest {
        Some(rest) => Path::new(rest),
        None => path.strip_prefix(root).unwrap_or(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_registry_folder() {
        let root = Path::new("/srv/ropa");
        for (path, shown) in [
            ("/srv/ropa/registry/a.yaml", "registry/a.yaml"),
            ("/srv/ropa-b/registry/a.yaml", "/srv/ropa-b/registry/a.yaml"),
            ("/srv/ropa", ""),
            ("/elsewhere/a.yaml", "/elsewhere/a.yaml"),
        ] {
            assert_eq!(
                relative_to(root, Path::new(path)),
                Path::new(shown),
                "{path}"
            );
        }
        assert_eq!(
            relative_to(Path::new("."), Path::new("./processes/p.md")),
            Path::new("processes/p.md")
        );
        assert_eq!(
            relative_to(Path::new("reg/"), Path::new("reg/x.yaml")),
            Path::new("x.yaml")
        );
        assert_eq!(
            relative_to(Path::new(""), Path::new("/abs/x.yaml")),
            Path::new("/abs/x.yaml")
        );
    }
}
