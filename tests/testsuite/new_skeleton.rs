//! `ropa new <kind> <id>`: every skeleton is a record that loads without a single
//! load or shape problem, runs through the real binary, and never overwrites a file.
//!
//! A fresh skeleton is incomplete on purpose, so the GDPR rules (codes `gdpr-…`) may
//! report it, and date rules may warn; anything that says the file is not a valid
//! record of its kind must not appear.

use crate::support::{ropa, text};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every kind `ropa new` accepts, with where its record goes (`<id>` stands for the id).
const KINDS: [(&str, &str); 16] = [
    ("organization", "registry/organization.yaml"),
    ("subprocessor", "registry/subprocessors/<id>.yaml"),
    ("contract", "registry/contracts/<id>.yaml"),
    ("transfer", "registry/transfers/<id>.yaml"),
    ("data-category", "registry/data-categories/<id>.yaml"),
    ("data-subject", "registry/data-subjects/<id>.yaml"),
    ("activity", "registry/activities/<id>.yaml"),
    ("system", "registry/systems/<id>.yaml"),
    ("flow", "registry/flows/<id>.yaml"),
    ("retention", "registry/retention/<id>.yaml"),
    ("tom", "registry/toms/<id>.yaml"),
    ("role", "registry/roles/<id>.yaml"),
    ("training", "registry/trainings/<id>.yaml"),
    ("plan", "registry/plans/<id>.yaml"),
    ("feature", "registry/features/<id>.yaml"),
    ("process", "processes/<id>.md"),
];

/// Codes that mean "this file is not a valid record": none may come from a skeleton.
const LOAD_CODES: [&str; 11] = [
    "yaml-syntax",
    "unknown-field",
    "wrong-type",
    "missing-field",
    "unknown-value",
    "invalid-date",
    "invalid-duration",
    "invalid-value",
    "dangling-reference",
    "invalid-id",
    "empty-file",
];

/// Required references a skeleton cannot leave empty: the model demands one id, and
/// no id exists in a fresh registry. The skeletons name these placeholder records;
/// (kind, field, placeholder id, kind of the record it must name).
const REQUIRED_REFERENCES: [(&str, &str, &str, &str); 3] = [
    (
        "transfer",
        "subprocessor",
        "todo-subprocessor",
        "subprocessor",
    ),
    ("flow", "from", "todo-source-system", "system"),
    ("flow", "to", "todo-destination-system", "system"),
];

/// The smallest organisation that loads without any diagnostic.
const MINIMAL_ORGANIZATION: &str = "\
id: test-org
legal_name: Test GmbH
address:
  street: Teststraße 1
  postal_code: \"50667\"
  city: Köln
  country: DE
languages: [de, en]
roles: [controller, processor]
";

/// A temporary registry; with `registry/organization.yaml` unless `with_org` is false.
fn registry(with_org: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("registry")).expect("registry folder");
    if with_org {
        std::fs::write(
            dir.path().join("registry/organization.yaml"),
            MINIMAL_ORGANIZATION,
        )
        .expect("write organization");
    }
    dir
}

/// `ropa new <kind> <id> --dir <dir>`, asserting success; returns the written path.
fn new_record(dir: &Path, kind: &str, id: &str) -> PathBuf {
    let out = ropa(&["new", kind, id, "--dir", dir.to_str().expect("utf-8 path")]);
    assert!(
        out.status.success(),
        "`ropa new {kind} {id}` failed ({}):\n{}",
        out.status,
        text(&out.stderr)
    );
    let expected = expected_path(kind, id);
    let written = dir.join(&expected);
    assert!(
        written.is_file(),
        "`ropa new {kind} {id}` did not write {}",
        expected
    );
    assert!(
        text(&out.stdout).contains(&expected),
        "`ropa new {kind} {id}` should name {expected} on stdout, said: {}",
        text(&out.stdout)
    );
    written
}

fn expected_path(kind: &str, id: &str) -> String {
    let (_, pattern) = KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .unwrap_or_else(|| panic!("unknown kind {kind} in test"));
    pattern.replace("<id>", id)
}

/// `ropa check <dir> --format json --as-of 2026-11-29`, parsed.
fn check(dir: &Path) -> Value {
    let out = ropa(&[
        "check",
        dir.to_str().expect("utf-8 path"),
        "--format",
        "json",
        "--as-of",
        "2026-11-29",
    ]);
    let code = out.status.code();
    assert!(
        code == Some(0) || code == Some(1),
        "ropa check could not run ({}):\n{}",
        out.status,
        text(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("ropa check printed no JSON ({e}):\n{}", text(&out.stdout)))
}

fn diagnostics(report: &Value) -> Vec<&Value> {
    report["diagnostics"]
        .as_array()
        .expect("`diagnostics` is a list")
        .iter()
        .collect()
}

fn code(d: &Value) -> &str {
    d["code"].as_str().unwrap_or_default()
}

fn describe(d: &Value) -> String {
    format!(
        "{} {} at {}:{}: {}",
        d["severity"].as_str().unwrap_or("?"),
        code(d),
        d["file"].as_str().unwrap_or("?"),
        d["line"],
        d["message"].as_str().unwrap_or("?")
    )
}

/// Problems with a check report of a fresh skeleton: any load/shape code (whatever
/// its severity), and any error that is not a GDPR rule finding.
fn shape_problems(report: &Value) -> Vec<String> {
    diagnostics(report)
        .into_iter()
        .filter(|d| {
            LOAD_CODES.contains(&code(d))
                || (d["severity"] == "error" && !code(d).starts_with("gdpr-"))
        })
        .map(describe)
        .collect()
}

/// Writes the records a kind's required references name, so that the skeleton can be
/// judged on its own shape (see `required_references_are_placeholders`).
fn seed_required_references(dir: &Path, kind: &str) {
    for (k, _, placeholder, target) in REQUIRED_REFERENCES {
        if k == kind && !dir.join(expected_path(target, placeholder)).exists() {
            new_record(dir, target, placeholder);
        }
    }
}

#[test]
fn the_minimal_organization_is_clean() {
    let dir = registry(true);
    let report = check(dir.path());
    let all: Vec<String> = diagnostics(&report).into_iter().map(describe).collect();
    assert!(all.is_empty(), "unexpected diagnostics: {all:#?}");
}

#[test]
fn every_skeleton_is_a_valid_record() {
    let mut failures = Vec::new();
    for (kind, _) in KINDS {
        let id = format!("new-{kind}");
        let dir = registry(kind != "organization");
        seed_required_references(dir.path(), kind);
        let path = new_record(dir.path(), kind, &id);
        let written = std::fs::read_to_string(&path).expect("read skeleton");
        if !written.contains(&id) {
            failures.push(format!("{kind}: the file does not contain the id `{id}`"));
        }
        if written.contains("{{id}}") {
            failures.push(format!("{kind}: `{{{{id}}}}` was not replaced"));
        }
        for problem in shape_problems(&check(dir.path())) {
            failures.push(format!("{kind}: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "skeletons that are not valid records:\n{}",
        failures.join("\n")
    );
}

#[test]
fn skeletons_survive_ids_that_yaml_would_read_as_other_types() {
    // `null`, `true`, `1e5` and `2024` are kebab-case ids, but plain YAML scalars
    // that are not text; the skeletons must quote the id.
    let mut failures = Vec::new();
    for (kind, _) in KINDS.iter().filter(|(k, _)| *k != "organization") {
        let dir = registry(true);
        seed_required_references(dir.path(), kind);
        for id in ["null", "true", "1e5", "2024"] {
            new_record(dir.path(), kind, id);
        }
        for problem in shape_problems(&check(dir.path())) {
            failures.push(format!("{kind}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn required_references_are_placeholders_that_check_reports() {
    // The model makes these references required, so a skeleton must name *some*
    // record. In a registry without it, `ropa check` reports exactly these dangling
    // references, at the placeholder's line, and nothing else about the file's shape.
    for kind in ["transfer", "flow"] {
        let dir = registry(true);
        let id = format!("new-{kind}");
        let path = new_record(dir.path(), kind, &id);
        let written = std::fs::read_to_string(&path).expect("read skeleton");
        let report = check(dir.path());
        let mut expected: Vec<(String, u64)> = REQUIRED_REFERENCES
            .iter()
            .filter(|(k, ..)| *k == kind)
            .map(|(_, field, placeholder, _)| {
                let line = written
                    .lines()
                    .position(|l| l == format!("{field}: {placeholder}"))
                    .unwrap_or_else(|| panic!("{kind}: no line `{field}: {placeholder}`"));
                (placeholder.to_string(), line as u64 + 1)
            })
            .collect();
        expected.sort();
        let mut dangling: Vec<(String, u64)> = diagnostics(&report)
            .into_iter()
            .filter(|d| code(d) == "dangling-reference")
            .map(|d| {
                assert_eq!(d["file"], expected_path(kind, &id), "{}", describe(d));
                let placeholder = REQUIRED_REFERENCES
                    .iter()
                    .map(|(_, _, p, _)| *p)
                    .find(|p| d["message"].as_str().unwrap_or_default().contains(p))
                    .unwrap_or_else(|| panic!("unexpected: {}", describe(d)));
                (placeholder.to_string(), d["line"].as_u64().unwrap_or(0))
            })
            .collect();
        dangling.sort();
        assert_eq!(dangling, expected, "{kind}: dangling references");
        let others: Vec<String> = shape_problems(&report)
            .into_iter()
            .filter(|p| !p.contains("dangling-reference"))
            .collect();
        assert!(others.is_empty(), "{kind}: {others:#?}");
    }
}

#[test]
fn a_second_new_with_the_same_id_is_refused_and_keeps_the_file() {
    for (kind, _) in KINDS {
        let dir = registry(kind != "organization");
        let path = new_record(dir.path(), kind, "twice");
        std::fs::write(&path, "edited by hand\n").expect("edit");
        let out = ropa(&[
            "new",
            kind,
            "twice",
            "--dir",
            dir.path().to_str().expect("utf-8 path"),
        ]);
        assert!(
            !out.status.success(),
            "{kind}: a second `ropa new` succeeded"
        );
        let stderr = text(&out.stderr);
        let shown = Path::new(dir.path()).join(expected_path(kind, "twice"));
        assert!(
            stderr.contains(&shown.display().to_string()),
            "{kind}: stderr should name {}, said: {stderr}",
            shown.display()
        );
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "edited by hand\n",
            "{kind}: the existing file was overwritten"
        );
    }
}

#[test]
fn an_unknown_kind_exits_2_with_a_suggestion() {
    let dir = registry(true);
    let out = ropa(&[
        "new",
        "subprocesor",
        "hetzner",
        "--dir",
        dir.path().to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("did you mean `subprocessor`"),
        "stderr: {stderr}"
    );
    assert!(!dir.path().join("registry/subprocessors").exists());
}

#[test]
fn an_invalid_id_exits_2_and_writes_nothing() {
    let dir = registry(true);
    for id in ["Bad_ID", "trailing-", "two--hyphens", "dot.ted"] {
        let out = ropa(&[
            "new",
            "subprocessor",
            id,
            "--dir",
            dir.path().to_str().expect("utf-8 path"),
        ]);
        assert_eq!(out.status.code(), Some(2), "{id}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(id),
            "{id}: stderr should name the id: {}",
            text(&out.stderr)
        );
    }
    assert!(!dir.path().join("registry/subprocessors").exists());
}

/// The skeleton with its commented-out examples switched on: `# key: value` lines
/// (and their indented continuations) lose their `# `, and `#  - item` lines after
/// `key: []` become the list's items.
fn uncomment_examples(skeleton: &str) -> String {
    #[derive(PartialEq)]
    enum Mode {
        None,
        Key,
        List,
    }
    fn is_commented_key(line: &str) -> bool {
        let Some(rest) = line.strip_prefix("# ") else {
            return false;
        };
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
            .count();
        let after = &rest[name_len..];
        name_len > 0 && (after == ":" || after.starts_with(": "))
    }
    let mut out: Vec<String> = Vec::new();
    let mut mode = Mode::None;
    for line in skeleton.lines() {
        if is_commented_key(line) {
            out.push(line[2..].to_string());
            mode = Mode::Key;
        } else if mode == Mode::Key && line.starts_with("#   ") {
            out.push(line[2..].to_string());
        } else if line.starts_with("#  - ") || (mode == Mode::List && line.starts_with("#    ")) {
            if let Some(last) = out.last_mut() {
                if let Some(key) = last.strip_suffix(" []") {
                    *last = key.to_string();
                }
            }
            out.push(line[1..].to_string());
            mode = Mode::List;
        } else {
            out.push(line.to_string());
            mode = Mode::None;
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn commented_examples_are_valid_when_switched_on() {
    // The examples name records that do not exist in a fresh registry (`hetzner`…),
    // so dangling references are expected here; every other load code is not.
    let mut failures = Vec::new();
    for (kind, _) in KINDS {
        let dir = registry(kind != "organization");
        let path = new_record(dir.path(), kind, &format!("new-{kind}"));
        let skeleton = std::fs::read_to_string(&path).expect("read skeleton");
        let switched_on = uncomment_examples(&skeleton);
        if switched_on == skeleton {
            failures.push(format!("{kind}: the skeleton has no commented-out example"));
        }
        std::fs::write(&path, switched_on).expect("write");
        for d in diagnostics(&check(dir.path())) {
            if LOAD_CODES.contains(&code(d)) && code(d) != "dangling-reference" {
                failures.push(format!("{kind}: {}", describe(d)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
