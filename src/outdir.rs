//! Where ropa may write: the rules that keep `build`, `report`, `export` and
//! `--bundle` from replacing anything ropa did not write.
//!
//! - A folder is ropa's output only when it holds [`MARKER`], which every build writes
//!   last. `ropa build` replaces a folder wholesale, so an existing non-empty folder
//!   without the marker is refused unless `--force`.
//! - Never, whatever the flags: the registry folder itself, anything in its
//!   `registry/`, `processes/` or `templates/`, a folder that holds the registry, `/`,
//!   the home folder (or a folder that holds it).
//! - A site folder or CSV folder that is an existing file is refused (the file is left
//!   as it is); an output file that is an existing folder is refused too.
//! - `--bundle FILE` that exists and is not a zip is refused (a zip there is taken to
//!   be an earlier bundle and replaced).

use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as written by `ropa build`.
pub const MARKER: &str = ".ropa-output";

/// What the marker says (fixed, so that two builds of a registry stay byte-identical).
pub const MARKER_TEXT: &str =
    "This folder was written by `ropa build`; ropa replaces it on the next build. \
Delete this file to keep ropa from touching the folder.\n";

/// The registry's own folders: never written into.
const SOURCE_FOLDERS: [&str; 3] = ["registry", "processes", "templates"];

/// `path` absolute, with symbolic links and `..` resolved as far as it exists (the
/// nearest existing ancestor is canonicalized, the rest appended), so that two
/// spellings of one place compare equal.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            // What does not exist yet has no links: `..` there is plain text.
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(name) => out.push(name),
                    _ => {}
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Why `out` may never be written, whatever the flags (`None` when it may be). `holds`
/// says whether `out` is a folder that replaces everything in it, so that a folder
/// holding the registry or the home folder is refused too.
fn forbidden(out: &Path, registry_dir: &Path, holds: bool) -> Option<String> {
    let out = resolve(out);
    let dir = resolve(registry_dir);
    if out.parent().is_none() {
        return Some("it is the root folder `/`".into());
    }
    if out == dir {
        return Some("it is the registry folder itself".into());
    }
    for source in SOURCE_FOLDERS {
        if out.starts_with(dir.join(source)) {
            return Some(format!("it lies in the registry's `{source}/` folder"));
        }
    }
    if holds && dir.starts_with(&out) {
        return Some("it holds the registry folder".into());
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        let home = resolve(Path::new(&home));
        if out == home || (holds && home.starts_with(&out)) {
            return Some("it is your home folder or holds it".into());
        }
    }
    None
}

/// The message for a refused output.
fn refused(what: &str, out: &Path, why: &str, fix: &str) -> String {
    format!(
        "refusing to write {what} to `{}`: {why}; {fix}",
        out.display()
    )
}

/// Whether the site folder `out` may be replaced by `ropa build` (see the module text).
pub fn check_site_folder(out: &Path, registry_dir: &Path, force: bool) -> Result<(), String> {
    const WHAT: &str = "the site";
    if let Some(why) = forbidden(out, registry_dir, true) {
        return Err(refused(
            WHAT,
            out,
            &why,
            "give --out a new or empty folder elsewhere (--force does not override this)",
        ));
    }
    let Ok(meta) = std::fs::symlink_metadata(out) else {
        return Ok(()); // Not there yet: made by the build.
    };
    if meta.file_type().is_symlink() {
        return Err(refused(
            WHAT,
            out,
            "it is a symbolic link (the build would replace the link, not the folder it points to)",
            "give --out the folder the link points to",
        ));
    }
    if !meta.is_dir() {
        return Err(refused(
            WHAT,
            out,
            "it is a file, and the site is a folder",
            "give --out a folder (the file is left as it is)",
        ));
    }
    if force || out.join(MARKER).is_file() || is_empty_dir(out) {
        return Ok(());
    }
    Err(refused(
        WHAT,
        out,
        &format!("it is not empty and was not written by ropa (it has no {MARKER}), and the build replaces the whole folder"),
        "choose a new or empty folder, delete this one yourself, or pass --force to replace it",
    ))
}

/// Whether a folder that CSV files are written into may be used: never a forbidden
/// place, never an existing file. Only the CSV files of the export are replaced in it.
pub fn check_csv_folder(out: &Path, registry_dir: &Path) -> Result<(), String> {
    if let Some(why) = forbidden(out, registry_dir, false) {
        return Err(refused(
            "the CSV files",
            out,
            &why,
            "give --out a folder outside the registry's sources",
        ));
    }
    if out.exists() && !out.is_dir() {
        return Err(refused(
            "the CSV files",
            out,
            "it is a file, and `--what all` writes one file per kind into a folder",
            "give --out DIR (a folder; the file is left as it is)",
        ));
    }
    Ok(())
}

/// Whether the output file `out` (a report, an export, a bundle) may be written: never
/// into a forbidden place, never over a folder. An existing file is replaced, as the
/// user named it as the output.
pub fn check_output_file(what: &str, out: &Path, registry_dir: &Path) -> Result<(), String> {
    if let Some(why) = forbidden(out, registry_dir, false) {
        return Err(refused(
            what,
            out,
            &why,
            "give --out a file outside the registry's sources",
        ));
    }
    if out.is_dir() {
        return Err(refused(
            what,
            out,
            "it is a folder",
            "give a file name (the folder is left as it is)",
        ));
    }
    Ok(())
}

/// [`check_output_file`] for `--bundle`: an existing file is replaced only when it is
/// a zip (an earlier bundle), so that a mistyped name cannot overwrite a document.
pub fn check_bundle_file(out: &Path, registry_dir: &Path) -> Result<(), String> {
    const WHAT: &str = "the bundle";
    check_output_file(WHAT, out, registry_dir)?;
    if out.is_file() && !is_zip(out) {
        return Err(refused(
            WHAT,
            out,
            "the file exists and is not a zip (not an earlier bundle)",
            "choose another name, or delete the file yourself",
        ));
    }
    Ok(())
}

/// Whether the file begins like a zip archive.
fn is_zip(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && (head == *b"PK\x03\x04" || head == *b"PK\x05\x06")
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_handles_dots_and_missing_parts() {
        let tmp = std::env::temp_dir().canonicalize().unwrap();
        let p = tmp.join("ropa-no-such-folder/a/../b");
        assert_eq!(resolve(&p), tmp.join("ropa-no-such-folder/b"));
        assert_eq!(resolve(&tmp.join(".")), tmp);
    }

    #[test]
    fn forbidden_places() {
        let tmp = std::env::temp_dir().canonicalize().unwrap();
        let dir = tmp.join("ropa-forbidden-test");
        assert!(forbidden(&dir, &dir, true).is_some());
        assert!(forbidden(&dir.join("registry/x"), &dir, false).is_some());
        assert!(forbidden(&dir.join("templates"), &dir, true).is_some());
        assert!(forbidden(&tmp, &dir, true).is_some());
        assert!(forbidden(&tmp, &dir, false).is_none());
        assert!(forbidden(Path::new("/"), &dir, true).is_some());
        assert!(forbidden(&dir.join("site"), &dir, true).is_none());
        assert!(forbidden(&dir.join("registry-site"), &dir, true).is_none());
    }
}
