//! JSON Schemas of every record kind (`ropa schema`), generated from the model itself
//! so they can never drift from what `ropa check` accepts.

use crate::model::activity::Activity;
use crate::model::contract::Contract;
use crate::model::flow::{Flow, System};
use crate::model::organization::Organization;
use crate::model::people::{Role, Training};
use crate::model::process::{AnswerMeta, ProcessMeta, ProcessTranslationMeta};
use crate::model::product::{Feature, Plan};
use crate::model::retention::RetentionRule;
use crate::model::subprocessor::Subprocessor;
use crate::model::taxonomy::{DataCategory, DataSubject};
use crate::model::tom::Tom;
use crate::model::transfer::Transfer;
use crate::model::Kind;
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use std::path::{Path, PathBuf};

/// A file holds one record, or a list of records of its folder's kind.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum OneOrMany<T> {
    /// One record.
    One(T),
    /// Several records.
    Many(Vec<T>),
}

fn generate<T: JsonSchema>(title: &str) -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    let mut value = schema.to_value();
    accept_scalars_as_text(&mut value);
    value
}

/// `ropa check` reads any scalar as text (`postal_code: 91710`, `version: 2`), so the
/// schema accepts numbers and booleans wherever it accepts free text.
fn accept_scalars_as_text(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            let unconstrained = !["enum", "pattern", "const", "format"]
                .iter()
                .any(|k| m.contains_key(*k));
            let widened = match m.get("type") {
                Some(Value::String(t)) if t == "string" => {
                    Some(serde_json::json!(["string", "number", "boolean"]))
                }
                Some(Value::Array(types)) if types.iter().any(|t| t == "string") => {
                    let mut all = types.clone();
                    for extra in ["number", "boolean"] {
                        if !all.iter().any(|t| t == extra) {
                            all.push(Value::String(extra.into()));
                        }
                    }
                    Some(Value::Array(all))
                }
                _ => None,
            };
            if let (true, Some(types)) = (unconstrained, widened) {
                m.insert("type".into(), types);
            }
            m.values_mut().for_each(accept_scalars_as_text);
        }
        Value::Array(a) => a.iter_mut().for_each(accept_scalars_as_text),
        _ => {}
    }
}

/// The schema of the files of one kind (`process` describes the front matter).
pub fn for_kind(kind: Kind) -> serde_json::Value {
    let title = format!("ropa {} record", kind.name());
    match kind {
        Kind::Organization => generate::<Organization>(&title),
        Kind::Subprocessor => generate::<OneOrMany<Subprocessor>>(&title),
        Kind::Contract => generate::<OneOrMany<Contract>>(&title),
        Kind::Transfer => generate::<OneOrMany<Transfer>>(&title),
        Kind::DataCategory => generate::<OneOrMany<DataCategory>>(&title),
        Kind::DataSubject => generate::<OneOrMany<DataSubject>>(&title),
        Kind::Activity => generate::<OneOrMany<Activity>>(&title),
        Kind::System => generate::<OneOrMany<System>>(&title),
        Kind::Flow => generate::<OneOrMany<Flow>>(&title),
        Kind::Retention => generate::<OneOrMany<RetentionRule>>(&title),
        Kind::Tom => generate::<OneOrMany<Tom>>(&title),
        Kind::Role => generate::<OneOrMany<Role>>(&title),
        Kind::Training => generate::<OneOrMany<Training>>(&title),
        Kind::Plan => generate::<OneOrMany<Plan>>(&title),
        Kind::Feature => generate::<OneOrMany<Feature>>(&title),
        Kind::Process => generate::<ProcessMeta>("ropa process front matter"),
        Kind::Answer => generate::<AnswerMeta>("ropa answer front matter"),
    }
}

/// The schema of a process translation's front matter (`name.en.md`).
pub fn for_process_translation() -> serde_json::Value {
    generate::<ProcessTranslationMeta>("ropa process translation front matter")
}

/// Writes every schema into `dir`; returns the files written, in kind order.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| with_path(e, dir))?;
    let mut written = Vec::new();
    let mut files: Vec<(String, serde_json::Value)> = Kind::ALL
        .iter()
        .map(|k| (format!("{}.schema.json", k.name()), for_kind(*k)))
        .collect();
    files.push((
        "process-translation.schema.json".into(),
        for_process_translation(),
    ));
    files.push(("export.schema.json".into(), crate::export::json::schema()));
    for (name, schema) in files {
        let path = dir.join(name);
        let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
        text.push('\n');
        std::fs::write(&path, text).map_err(|e| with_path(e, &path))?;
        written.push(path);
    }
    Ok(written)
}

fn with_path(e: std::io::Error, path: &Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}
