//! `ropa schema` writes one JSON Schema per kind; every file of the example registry
//! validates against the schema of its kind, and broken records do not.
//!
//! YAML is turned into JSON by ropa's own converter (`Node::to_json`), so the test
//! sees the same values `ropa check` does.

use crate::support;

use ropa::load::{front_matter, yaml};
use ropa::model::Kind;
use ropa::source::SourceFile;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::{run, schema_errors, Example};

/// Runs `ropa schema --out <dir>` and loads every schema it wrote, by file name.
fn write_schemas(dir: &Path) -> BTreeMap<String, Value> {
    let r = run(&[
        "schema".to_string(),
        "--out".to_string(),
        dir.display().to_string(),
    ]);
    r.assert_exit(0);
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("schema folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name")
            .to_string();
        let text = std::fs::read_to_string(&path).expect("read schema");
        let value: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        out.insert(name, value);
    }
    out
}

/// The schema file that describes a file of the registry (path relative to the root).
fn schema_name_for(rel: &str) -> String {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["registry", "organization.yaml"] => "organization.schema.json".into(),
        ["registry", folder, ..] => {
            let kind = Kind::from_folder(folder)
                .unwrap_or_else(|| panic!("no kind is kept in registry/{folder}/"));
            format!("{}.schema.json", kind.name())
        }
        ["processes", file] => {
            let stem = file.strip_suffix(".md").expect("a Markdown file");
            let is_translation = stem.rsplit_once('.').is_some_and(|(_, lang)| {
                lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase())
            });
            if is_translation {
                "process-translation.schema.json".into()
            } else {
                "process.schema.json".into()
            }
        }
        _ => panic!("unexpected file {rel}"),
    }
}

/// A registry file (or a process's front matter) as JSON, by ropa's own reader.
fn to_json(rel: &str, text: &str) -> Value {
    let file = SourceFile::new(PathBuf::from(rel), text.to_string());
    let yaml_source = if rel.ends_with(".md") {
        front_matter::split(&file)
            .unwrap_or_else(|| panic!("{rel} has no front matter"))
            .yaml
    } else {
        file
    };
    let node = yaml::parse(&yaml_source)
        .unwrap_or_else(|e| panic!("{rel} is not valid YAML: {}", e.message));
    node.to_json()
}

fn yaml_files(ex: &Example) -> Vec<String> {
    let mut files: Vec<String> = ex
        .files("registry")
        .into_iter()
        .filter(|f| f.ends_with(".yaml") || f.ends_with(".yml"))
        .collect();
    files.extend(
        ex.files("processes")
            .into_iter()
            .filter(|f| f.ends_with(".md")),
    );
    files
}

#[test]
fn schema_writes_one_file_per_kind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let schemas = write_schemas(dir.path());
    for kind in Kind::ALL {
        let name = format!("{}.schema.json", kind.name());
        let schema = schemas
            .get(&name)
            .unwrap_or_else(|| panic!("`ropa schema` did not write {name}"));
        // Every schema is itself a valid JSON Schema.
        assert!(
            jsonschema::meta::is_valid(schema),
            "{name} is not a valid JSON Schema"
        );
    }
    assert!(schemas.contains_key("process-translation.schema.json"));
}

#[test]
fn every_example_file_validates_against_its_schema() {
    let ex = Example::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let schemas = write_schemas(dir.path());
    let files = yaml_files(&ex);
    assert!(files.len() > 10, "the example has files: {files:?}");
    let mut failures = Vec::new();
    let mut checked: BTreeMap<String, usize> = BTreeMap::new();
    for rel in &files {
        let name = schema_name_for(rel);
        let schema = schemas
            .get(&name)
            .unwrap_or_else(|| panic!("no {name} for {rel}"));
        let instance = to_json(rel, &ex.read(rel));
        let errs = schema_errors(schema, &instance);
        if !errs.is_empty() {
            failures.push(format!("{rel} against {name}:\n  {}", errs.join("\n  ")));
        }
        *checked.entry(name).or_default() += 1;
    }
    assert!(
        failures.is_empty(),
        "{} file(s) do not validate:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for name in [
        "organization.schema.json",
        "subprocessor.schema.json",
        "contract.schema.json",
        "transfer.schema.json",
        "activity.schema.json",
        "process.schema.json",
        "process-translation.schema.json",
    ] {
        assert!(
            checked.contains_key(name),
            "no example file checked against {name}"
        );
    }
}

const HETZNER: &str = "registry/subprocessors/hetzner.yaml";

/// The branch of a "one record or a list of them" schema that describes one record,
/// so that errors name the field instead of "not valid under any of the schemas".
fn one_record(schema: &Value) -> Value {
    let reference = schema["anyOf"]
        .as_array()
        .and_then(|branches| branches.iter().find_map(|b| b.get("$ref")))
        .unwrap_or_else(|| panic!("expected `anyOf` with a `$ref` branch: {schema}"));
    serde_json::json!({
        "$schema": schema["$schema"],
        "$ref": reference,
        "$defs": schema["$defs"],
    })
}

/// The hetzner subprocessor with one edit, as JSON, and the schema's verdict: from
/// the whole schema of the kind, and from its one-record branch.
fn subprocessor_errors(edit: impl Fn(&str) -> String) -> Vec<String> {
    let ex = Example::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let schemas = write_schemas(dir.path());
    let original = ex.read(HETZNER);
    let text = edit(&original);
    assert_ne!(text, original, "the edit changed nothing");
    let instance = to_json(HETZNER, &text);
    let schema = &schemas["subprocessor.schema.json"];
    let whole = schema_errors(schema, &instance);
    let detailed = schema_errors(&one_record(schema), &instance);
    assert_eq!(
        whole.is_empty(),
        detailed.is_empty(),
        "the kind's schema and its one-record branch disagree: {whole:?} / {detailed:?}"
    );
    detailed
}

fn assert_rejected(errs: &[String], mentions: &str, what: &str) {
    assert!(!errs.is_empty(), "{what} is accepted by the schema");
    assert!(
        errs.iter().any(|e| e.contains(mentions)),
        "{what}: no error mentions `{mentions}`: {errs:#?}"
    );
}

#[test]
fn unedited_subprocessor_is_valid() {
    assert_eq!(
        subprocessor_errors(|t| format!("{t}\n")),
        Vec::<String>::new()
    );
}

#[test]
fn schema_rejects_an_unknown_field() {
    let errs =
        subprocessor_errors(|t| t.replacen("\nname: Hetzner\n", "\nname: Hetzner\nadress: x\n", 1));
    assert!(!errs.is_empty(), "an unknown field is accepted");
}

#[test]
fn schema_rejects_a_misspelt_field() {
    let errs = subprocessor_errors(|t| t.replacen("\naddress:\n", "\nadress:\n", 1));
    assert_rejected(&errs, "adress", "a misspelt field");
}

#[test]
fn schema_rejects_a_lower_case_country() {
    let errs = subprocessor_errors(|t| t.replacen("\n  country: DE\n", "\n  country: de\n", 1));
    assert_rejected(&errs, "/address/country", "`country: de`");
}

#[test]
fn schema_rejects_a_missing_required_field() {
    let errs = subprocessor_errors(|t| t.replacen("legal_name: Hetzner Online GmbH\n", "", 1));
    assert!(
        !errs.is_empty(),
        "a subprocessor without `legal_name` is accepted"
    );
}

#[test]
fn schema_rejects_a_wrong_type() {
    let errs = subprocessor_errors(|t| {
        t.replacen(
            "\nstatus: active\n",
            "\nprocesses_personal_data: maybe\nstatus: active\n",
            1,
        )
    });
    assert!(
        !errs.is_empty(),
        "`processes_personal_data: maybe` is accepted"
    );
}

/// What `ropa check` accepts, the schema accepts too (the schemas are generated from
/// the model "so they can never drift from what `ropa check` accepts"): an editor
/// that validates with the schema must not flag a file `ropa check` passes.
#[test]
fn schema_accepts_what_check_accepts() {
    let variants = [
        // Numbers where text is expected: YAML reads them as numbers, ropa as text.
        (
            HETZNER,
            "  postal_code: \"91710\"\n",
            "  postal_code: 91710\n",
        ),
        (
            "registry/contracts/hetzner-avv.yaml",
            "\nversion: Hetzner-AVV Fassung 2023-03 mit Anlage 2 (TOM)\n",
            "\nversion: 2023\n",
        ),
        (HETZNER, "\nname: Hetzner\n", "\nname: 1999\n"),
        // A list item that YAML reads as a boolean.
        (HETZNER, "  - name: ISO/IEC 27001\n", "  - name: true\n"),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let schemas = write_schemas(dir.path());
    let mut drift = Vec::new();
    for (file, from, to) in variants {
        let ex = Example::new();
        let text = ex.replace(file, from, to);
        let run = ex.check(&[]);
        if run.errors() > 0 {
            // `ropa check` refuses it: nothing to compare.
            continue;
        }
        let schema = one_record(&schemas[&schema_name_for(file)]);
        let errs = schema_errors(&schema, &to_json(file, &text));
        if !errs.is_empty() {
            drift.push(format!(
                "{file} with `{}`: ropa check passes, the schema says:\n  {}",
                to.trim(),
                errs.iter()
                    .map(|e| e.chars().take(160).collect::<String>())
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
    }
    assert!(drift.is_empty(), "{}", drift.join("\n"));
}
