//! Issue #18 item 3 and the loader hints of item 8: every input reads the same
//! everywhere (LF, CRLF, lone CR, a UTF-8 byte order mark), or is refused; ids have
//! a length limit that `check` enforces; tags are refused; a `#` that silently cuts
//! a plain value is warned about; hints read as sentences and suggest valid ids.

mod common;

use common::{run, Example, AS_OF};
use std::collections::BTreeMap;
use std::path::Path;

/// A subprocessor that the example publishes on its public site.
const RECORD: &str = "registry/subprocessors/hetzner.yaml";
/// A process description with front matter.
const PROCESS: &str = "processes/authority-requests.md";

/// Every file of a built site, by path relative to the site folder.
fn site_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read site folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("under site")
                    .to_string_lossy();
                // The build marker may carry a time stamp; it is not part of the site.
                if !rel.starts_with(".ropa") {
                    out.insert(rel.into_owned(), std::fs::read(&path).expect("read"));
                }
            }
        }
    }
    out
}

/// Checks and builds the public site of `ex`; returns its files.
fn public_site(ex: &Example, what: &str) -> BTreeMap<String, Vec<u8>> {
    let check = ex.check(&[]);
    assert_eq!(
        check.errors(),
        0,
        "{what}: check reports errors:\n{}",
        check.stdout
    );
    let out = ex.root().join("site-out");
    let build = run(&[
        "build".into(),
        ex.root().display().to_string(),
        "--audience".into(),
        "public".into(),
        "--as-of".into(),
        AS_OF.into(),
        "--out".into(),
        out.display().to_string(),
    ]);
    assert_eq!(
        build.code,
        Some(0),
        "{what}: build failed:\n{}",
        build.stderr
    );
    site_files(&out)
}

fn lf_to(text: &str, variant: &str) -> Vec<u8> {
    let body = match variant {
        "crlf" | "bom+crlf" => text.replace('\n', "\r\n"),
        "cr" | "bom+cr" => text.replace('\n', "\r"),
        _ => text.to_string(),
    };
    let mut bytes = Vec::new();
    if variant.starts_with("bom") {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

const VARIANTS: [&str; 5] = ["crlf", "cr", "bom", "bom+crlf", "bom+cr"];

#[test]
fn line_ends_and_bom_give_the_same_public_site_as_lf() {
    let base = Example::new();
    let reference = public_site(&base, "LF");
    let record_page: Vec<&String> = reference.keys().filter(|k| k.contains("hetzner")).collect();
    assert!(
        !record_page.is_empty(),
        "the public site has no page for hetzner: {:?}",
        reference.keys().collect::<Vec<_>>()
    );
    for variant in VARIANTS {
        let ex = Example::new();
        let record = ex.read(RECORD);
        let process = ex.read(PROCESS);
        ex.write(RECORD, lf_to(&record, variant));
        ex.write(PROCESS, lf_to(&process, variant));
        let site = public_site(&ex, variant);
        assert_eq!(
            site.keys().collect::<Vec<_>>(),
            reference.keys().collect::<Vec<_>>(),
            "{variant}: the public site has other files than with LF"
        );
        for (path, bytes) in &reference {
            assert!(
                site.get(path) == Some(bytes),
                "{variant}: {path} differs from the LF build"
            );
        }
    }
}

#[test]
fn a_diagnostic_in_a_crlf_file_points_at_the_same_line_and_column_as_in_lf() {
    for variant in ["lf", "crlf", "cr", "bom"] {
        let ex = Example::new();
        let text = ex
            .read(RECORD)
            .replacen("\nname:", "\nunknown_field: 1\nname:", 1);
        let line = common::line_of(&text, "unknown_field");
        ex.write(RECORD, lf_to(&text, variant));
        let check = ex.check(&[]);
        let found: Vec<String> = check
            .diagnostics()
            .iter()
            .filter(|d| d["file"].as_str().unwrap_or("").ends_with("hetzner.yaml"))
            .map(|d| format!("{}:{}:{}", d["code"], d["line"], d["column"]))
            .collect();
        assert!(
            found.iter().any(|f| f.ends_with(&format!(":{line}:1"))),
            "{variant}: expected a diagnostic at line {line}, column 1; got {found:?}\n{}",
            check.stdout
        );
    }
}
