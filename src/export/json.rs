//! JSON: one document with a stable key order, the records as ropa serialises them
//! (text stays a `{de, en}` map, dates `YYYY-MM-DD`, durations ISO 8601), and the
//! JSON Schema of that document, generated from the model types.

use super::tables::kinds;
use super::What;
use crate::model::activity::Activity;
use crate::model::organization::Organization;
use crate::model::retention::RetentionRule;
use crate::model::subprocessor::Subprocessor;
use crate::model::tom::Tom;
use crate::model::{Date, Record, Visibility};
use crate::registry::{HasId, Registry};
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde::Serialize;

/// The version of the export format, written as `ropa_export`.
pub const FORMAT_VERSION: u32 = 1;

/// The exported document. Keys come out in this order; a kind `--what` leaves out is
/// left out of the document.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "ropa export",
    extend("required" = ["ropa_export", "as_of", "registry_version", "audience", "organization"])
)]
pub struct Export<'a> {
    /// Version of the export format (1).
    #[schemars(extend("const" = 1))]
    pub ropa_export: u32,
    /// The date the export is valid for.
    pub as_of: Date,
    /// The registry's version (git commit), when known.
    pub registry_version: Option<String>,
    /// Who the export is for: `internal` (auditors: everything, including notes),
    /// `customer` or `public` (what the customer or public site shows).
    pub audience: Visibility,
    /// The organisation that keeps the registry.
    pub organization: Option<&'a Organization>,
    /// Processing activities, sorted by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activities: Option<Vec<&'a Activity>>,
    /// Subprocessors, sorted by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subprocessors: Option<Vec<&'a Subprocessor>>,
    /// Retention rules, sorted by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Vec<&'a RetentionRule>>,
    /// Technical and organisational measures, sorted by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toms: Option<Vec<&'a Tom>>,
}

fn sorted<T: HasId>(records: &[Record<T>]) -> Vec<&T> {
    let mut v: Vec<&T> = records.iter().map(|r| &r.data).collect();
    v.sort_by(|a, b| a.id().value.cmp(&b.id().value));
    v.dedup_by(|a, b| a.id().value == b.id().value);
    v
}

/// The document for the kinds of `what`.
pub fn document<'a>(
    reg: &'a Registry,
    what: What,
    as_of: Date,
    version: Option<&str>,
    audience: Visibility,
) -> Export<'a> {
    let want = kinds(what);
    let has = |k: What| want.contains(&k);
    Export {
        ropa_export: FORMAT_VERSION,
        as_of,
        registry_version: version.map(str::to_string),
        audience,
        organization: reg.organization.as_ref().map(|o| &o.data),
        activities: has(What::Activities).then(|| sorted(&reg.activities)),
        subprocessors: has(What::Subprocessors).then(|| sorted(&reg.subprocessors)),
        retention: has(What::Retention).then(|| sorted(&reg.retention)),
        toms: has(What::Toms).then(|| sorted(&reg.toms)),
    }
}

/// The document as pretty-printed JSON, ending with a newline.
pub fn to_string(
    reg: &Registry,
    what: What,
    as_of: Date,
    version: Option<&str>,
    audience: Visibility,
) -> Result<String, String> {
    let mut text = serde_json::to_string_pretty(&document(reg, what, as_of, version, audience))
        .map_err(|e| format!("writing the JSON export: {e}"))?;
    text.push('\n');
    Ok(text)
}

/// The JSON Schema (2020-12) of the export document.
pub fn schema() -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<Export<'static>>();
    schema.to_value()
}

/// The schema as pretty-printed JSON, ending with a newline (as `ropa schema` writes it).
pub fn schema_string() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).expect("schemas serialize");
    text.push('\n');
    text
}
