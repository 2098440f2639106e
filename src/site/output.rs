//! Writing a built site: all files into a fresh folder beside the target, then swapped
//! in, so a failed build (or a crash mid-write) never leaves a half-written site.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// A built site in memory: root-relative path → file content.
pub type Files = BTreeMap<String, Vec<u8>>;

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

/// Writes `files` to `out` atomically: the old folder is replaced only once the new one
/// is complete.
pub fn write_atomically(files: &Files, out: &Path) -> io::Result<()> {
    let staging = sibling(out, "new");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| ctx(e, &staging))?;
    }
    let result = (|| {
        for (rel, bytes) in files {
            let path = staging.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| ctx(e, parent))?;
            }
            std::fs::write(&path, bytes).map_err(|e| ctx(e, &path))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let old = sibling(out, "old");
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| ctx(e, out))?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the previous site back.
        let _ = std::fs::rename(&old, out);
        return Err(ctx(e, out));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| ctx(e, &old))?;
    }
    Ok(())
}
