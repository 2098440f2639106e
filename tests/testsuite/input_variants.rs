//! Issue #18 item 3 and the loader hints of item 8: every input reads the same
//! everywhere (LF, CRLF, lone CR, a UTF-8 byte order mark), or is refused; ids have
//! a length limit that `check` enforces; tags are refused; a `#` that silently cuts
//! a plain value is warned about; hints read as sentences and suggest valid ids.

use crate::support;

use std::collections::BTreeMap;
use std::path::Path;
use support::{run, Example, AS_OF};

/// A subprocessor that the example publishes on its public site.
const RECORD: &str = "registry/subprocessors/hetzner.yaml";
/// A process description with front matter.
const PROCESS: &str = "processes/authority-requests.md";

/// Every file of a built site, by path relative to the site folder.
fn site_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = support::files(dir);
    // The build marker may carry a time stamp; it is not part of the site.
    out.retain(|rel, _| !rel.starts_with(".ropa"));
    out
}

/// Checks and builds the public site of `ex`; returns its files and what check
/// reported (code, file, line, column).
fn public_site(ex: &Example, what: &str) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let check = ex.check(&[]);
    let reported = check
        .diagnostics()
        .iter()
        .map(|d| format!("{} {}:{}:{}", d["code"], d["file"], d["line"], d["column"]))
        .collect();
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
    (site_files(&out), reported)
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
    let (reference, reported) = public_site(&base, "LF");
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
        let (site, variant_reported) = public_site(&ex, variant);
        // A BOM before the front matter's `---` once gave `missing-front-matter`.
        assert_eq!(
            variant_reported, reported,
            "{variant}: check reports other things than with LF"
        );
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
        let line = support::line_of(&text, "unknown_field");
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

/// The diagnostics of `run` with `code`, as "file:line:col message | hint".
fn with_code(run: &support::Run, code: &str) -> Vec<String> {
    run.diagnostics()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            format!(
                "{} {} | {}",
                support::place(d),
                d["message"].as_str().unwrap_or(""),
                d["hint"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn an_id_too_long_for_a_file_name_is_refused_by_check_and_build() {
    let ex = Example::new();
    let long = "a".repeat(300);
    ex.replace(RECORD, "id: hetzner", &format!("id: {long}"));
    let check = ex.check(&[]);
    check.assert_exit(1);
    let found = with_code(&check, "id-too-long");
    assert_eq!(found.len(), 1, "{}", check.stdout);
    assert!(
        found[0].starts_with(
            "registry/subprocessors/hetzner.yaml:3:5 the id is 300 characters long; at most 100"
        ),
        "{found:?}"
    );
    let out = ex.root().join("site-out");
    let build = run(&[
        "build".into(),
        ex.root().display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ]);
    assert_ne!(build.code, Some(0), "build accepted a 300-character id");
    assert!(
        build.stderr.contains("id-too-long") || build.stderr.contains("300 characters"),
        "build does not say why: {}",
        build.stderr
    );
    assert!(
        !build.stderr.contains("File name too long"),
        "{}",
        build.stderr
    );
}

#[test]
fn an_id_of_100_characters_is_accepted() {
    let ex = Example::new();
    let id = "a".repeat(100);
    ex.replace(RECORD, "id: hetzner", &format!("id: {id}"));
    let check = ex.check(&[]);
    assert!(
        with_code(&check, "id-too-long").is_empty(),
        "{}",
        check.stdout
    );
}

#[test]
fn every_yaml_tag_is_refused_including_str() {
    for tag in ["!!str", "!!int", "!custom", "!<tag:yaml.org,2002:str>"] {
        let ex = Example::new();
        ex.replace(
            RECORD,
            "\nname: Hetzner\n",
            &format!("\nname: {tag} Hetzner\n"),
        );
        let check = ex.check(&[]);
        check.assert_exit(1);
        let found = with_code(&check, "yaml-unsupported");
        assert_eq!(found.len(), 1, "{tag}: {}", check.stdout);
        assert!(
            found[0].starts_with("registry/subprocessors/hetzner.yaml:4:7 YAML tags"),
            "{tag}: {found:?}"
        );
        assert!(
            found[0].contains("remove the tag; quote the value"),
            "{found:?}"
        );
    }
}

#[test]
fn a_comment_glued_to_a_plain_value_is_warned_about_with_the_fix() {
    let ex = Example::new();
    ex.replace(
        "registry/organization.yaml",
        "street: Beispielstraße 1\n",
        "street: 440 N Barranca Ave #4133\n",
    );
    let check = ex.check(&[]);
    let found = with_code(&check, "comment-in-value");
    assert_eq!(found.len(), 1, "{}", check.stdout);
    let line = support::line_of(&ex.read("registry/organization.yaml"), "#4133");
    assert!(
        found[0].starts_with(&format!("registry/organization.yaml:{line}:30 `#4133` is read as a YAML comment, so the value is only `440 N Barranca Ave`")),
        "{found:?}"
    );
    assert!(
        found[0].contains("quote the value if the `#` belongs to it: \"440 N Barranca Ave #4133\""),
        "{found:?}"
    );
}

#[test]
fn ordinary_comments_and_quoted_values_are_not_warned_about() {
    let ex = Example::new();
    ex.replace(
        "registry/organization.yaml",
        "street: Beispielstraße 1\n",
        "street: Beispielstraße 1 # the head office\n",
    );
    ex.replace(
        RECORD,
        "\nname: Hetzner\n",
        "\nname: \"Hetzner #1\" #checked\n",
    );
    let check = ex.check(&[]);
    assert!(
        with_code(&check, "comment-in-value").is_empty(),
        "{}",
        check.stdout
    );
    // The example itself gives no such warning.
    let clean = Example::new().check(&[]);
    assert!(with_code(&clean, "comment-in-value").is_empty());
}

#[test]
fn a_dangling_reference_hint_is_one_sentence_with_a_valid_id() {
    let ex = Example::new();
    ex.replace(
        "registry/activities/billing.yaml",
        "subprocessor: hetzner",
        "subprocessor: hetzne",
    );
    ex.replace(
        "registry/activities/billing.yaml",
        "role: finance",
        "role: Support_Engineer",
    );
    let check = ex.check(&[]);
    let found = with_code(&check, "dangling-reference");
    let near = found
        .iter()
        .find(|d| d.contains("`hetzne`"))
        .unwrap_or_else(|| panic!("no hint for hetzne: {found:?}"));
    assert!(
        near.ends_with(
            "| did you mean `hetzner`? Otherwise create it with `ropa new subprocessor hetzne`."
        ),
        "{near}"
    );
    let invalid = found
        .iter()
        .find(|d| d.contains("Support_Engineer"))
        .unwrap_or_else(|| panic!("no hint for Support_Engineer: {found:?}"));
    assert!(
        invalid.contains("`ropa new role support-engineer` and write `support-engineer` here"),
        "{invalid}"
    );
    assert!(
        !invalid.contains("ropa new role Support_Engineer"),
        "{invalid}"
    );
    assert!(!near.contains("?;") && !invalid.contains("?;"), "{found:?}");
}
