//! Files for the tests: copying a registry into a temporary folder and reading a
//! built folder back as path → bytes.

use std::collections::BTreeMap;
use std::path::Path;

/// Copies the folder `from` (recursively, files and folders only) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()))
    {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        let ty = entry.file_type().expect("file type");
        if ty.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if ty.is_file() {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// A copy of a registry (its `registry/` and, where there is one, `processes/`) in a
/// fresh temporary folder.
pub fn copy_registry(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("ropa-test-")
        .tempdir()
        .expect("create temp dir");
    assert!(
        from.join("registry").is_dir(),
        "no registry/ in {}",
        from.display()
    );
    for part in ["registry", "processes"] {
        if from.join(part).is_dir() {
            copy_dir(&from.join(part), &dir.path().join(part));
        }
    }
    dir
}

/// A copy of the example registry in a fresh temporary folder.
pub fn example() -> tempfile::TempDir {
    copy_registry(&super::example_root())
}

/// Every file below `root`: path relative to it (with `/`) → content.
pub fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        {
            let entry = entry.expect("folder entry");
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                walk(root, &path, out);
            } else {
                let rel: Vec<String> = path
                    .strip_prefix(root)
                    .expect("under root")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
                out.insert(rel.join("/"), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// [`files`] as text (invalid UTF-8 replaced).
pub fn text_files(root: &Path) -> BTreeMap<String, String> {
    files(root)
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}
