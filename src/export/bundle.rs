//! The audit bundle (`ropa export --bundle FILE.zip`) and its check (`ropa verify`).
//!
//! The bundle holds the Art. 30 report in every language, every export (JSON, XLSX,
//! one CSV per kind), the export's JSON Schema and `manifest.json`, which lists every
//! other file with its SHA-256 and size. The same registry and as-of date give a
//! byte-identical zip: members in path order, fixed timestamps (the as-of date),
//! fixed permissions and deterministic compression.

use super::tables::{self, KINDS};
use super::What;
use crate::model::{Date, Visibility};
use crate::registry::Registry;
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The name of the manifest inside the bundle.
pub const MANIFEST: &str = "manifest.json";

/// One file of the bundle as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Path inside the zip.
    pub path: String,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    /// Size of the content in bytes.
    pub bytes: u64,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The ropa version that wrote the bundle.
    pub ropa_version: String,
    /// The date the bundle is valid for.
    pub as_of: String,
    /// The registry's version (git commit), when known.
    pub registry_version: Option<String>,
    /// Who the bundle is for (`internal`, `customer`, `public`); absent in bundles
    /// written before ropa knew audiences, which were internal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Visibility>,
    /// Every other file of the bundle, sorted by path.
    pub files: Vec<ManifestFile>,
}

/// SHA-256 as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Every file of the bundle but the manifest, by path.
pub fn members(
    reg: &Registry,
    lang: &str,
    as_of: Date,
    version: Option<&str>,
    audience: Visibility,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut files = BTreeMap::new();
    for l in reg.languages() {
        let html = super::report::render(reg, &l, as_of, version, audience)
            .map_err(|e| format!("the report in `{l}`: {e}"))?;
        files.insert(format!("report-{l}.html"), html.into_bytes());
    }
    files.insert(
        "export.json".into(),
        super::json::to_string(reg, What::All, as_of, version, audience)?.into_bytes(),
    );
    files.insert(
        "export.schema.json".into(),
        super::json::schema_string().into_bytes(),
    );
    let all = tables::all(reg, What::All, lang, audience);
    files.insert(
        "export.xlsx".into(),
        super::xlsx::to_bytes(&all, as_of, audience)?,
    );
    for (kind, table) in KINDS.iter().zip(&all) {
        files.insert(
            format!("csv/{}.csv", tables::name(*kind)),
            super::csv::to_bytes(table)?,
        );
    }
    Ok(files)
}

/// The manifest of `files`.
pub fn manifest(
    files: &BTreeMap<String, Vec<u8>>,
    as_of: Date,
    version: Option<&str>,
    audience: Visibility,
) -> Manifest {
    Manifest {
        ropa_version: env!("CARGO_PKG_VERSION").to_string(),
        as_of: as_of.to_string(),
        registry_version: version.map(str::to_string),
        audience: Some(audience),
        files: files
            .iter()
            .map(|(path, bytes)| ManifestFile {
                path: path.clone(),
                sha256: sha256_hex(bytes),
                bytes: bytes.len() as u64,
            })
            .collect(),
    }
}

/// The timestamp of every member: midnight of the as-of date, or 1980-01-01 when the
/// date is outside what a zip can store.
fn zip_time(as_of: Date) -> DateTime {
    let d = as_of.0;
    u16::try_from(d.year())
        .ok()
        .and_then(|y| DateTime::from_date_and_time(y, d.month() as u8, d.day() as u8, 0, 0, 0).ok())
        .unwrap_or(DateTime::DEFAULT)
}

/// Packs `files` (in path order) and then the manifest into a zip.
pub fn zip_bytes(
    files: &BTreeMap<String, Vec<u8>>,
    manifest: &Manifest,
    as_of: Date,
) -> Result<Vec<u8>, String> {
    let err = |e: &dyn std::fmt::Display| format!("writing the bundle: {e}");
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip_time(as_of))
        .system(zip::System::Unix)
        .unix_permissions(0o644)
        .large_file(false);
    let mut manifest_text = serde_json::to_string_pretty(manifest).map_err(|e| err(&e))?;
    manifest_text.push('\n');
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let entries = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .chain(std::iter::once((MANIFEST, manifest_text.as_bytes())));
    for (path, bytes) in entries {
        zip.start_file(path, options).map_err(|e| err(&e))?;
        zip.write_all(bytes).map_err(|e| err(&e))?;
    }
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
}

/// The whole bundle as zip bytes.
pub fn build(
    reg: &Registry,
    lang: &str,
    as_of: Date,
    version: Option<&str>,
    audience: Visibility,
) -> Result<(Vec<u8>, Manifest), String> {
    let files = members(reg, lang, as_of, version, audience)?;
    let manifest = manifest(&files, as_of, version, audience);
    let bytes = zip_bytes(&files, &manifest, as_of)?;
    Ok((bytes, manifest))
}

/// What `ropa verify` found wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Listed in the manifest, but its content differs.
    Changed {
        /// Path inside the zip.
        path: String,
        /// What differs.
        detail: String,
    },
    /// Listed in the manifest, not in the zip.
    Missing(String),
    /// In the zip, not listed in the manifest.
    Extra(String),
}

impl Problem {
    /// The path of the file concerned.
    pub fn path(&self) -> &str {
        match self {
            Problem::Changed { path, .. } | Problem::Missing(path) | Problem::Extra(path) => path,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Problem::Changed { path, detail } => write!(f, "changed  {path}: {detail}"),
            Problem::Missing(path) => write!(
                f,
                "missing  {path}: listed in the manifest, not in the bundle"
            ),
            Problem::Extra(path) => write!(
                f,
                "extra    {path}: in the bundle, not listed in the manifest"
            ),
        }
    }
}

/// The verdict on a readable bundle.
#[derive(Debug, Clone)]
pub struct Verification {
    /// The bundle's manifest.
    pub manifest: Manifest,
    /// Every file that differs, is missing or is extra, in path order.
    pub problems: Vec<Problem>,
}

/// Checks a bundle's bytes against its manifest. `Err` when it is not a readable
/// bundle at all (not a zip, no or a broken manifest).
pub fn verify_bytes(bytes: &[u8]) -> Result<Verification, String> {
    let mut zip =
        ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("not a zip file: {e}"))?;
    let manifest: Manifest = {
        let mut file = zip
            .by_name(MANIFEST)
            .map_err(|_| format!("no `{MANIFEST}` in the zip"))?;
        let mut text = String::new();
        file.by_ref()
            .take(16 * 1024 * 1024)
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read `{MANIFEST}`: {e}"))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("`{MANIFEST}` is not a ropa manifest: {e}"))?
    };
    let mut listed = BTreeMap::new();
    for f in &manifest.files {
        if f.path == MANIFEST || listed.insert(f.path.as_str(), f).is_some() {
            return Err(format!(
                "`{MANIFEST}` lists `{}` twice or lists itself",
                f.path
            ));
        }
    }
    let mut problems = Vec::new();
    let names: Vec<String> = zip
        .file_names_raw()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    for name in &names {
        if name == MANIFEST || name.ends_with('/') {
            continue;
        }
        if !listed.contains_key(name.as_str()) {
            problems.push(Problem::Extra(name.clone()));
        }
    }
    for (path, expected) in &listed {
        let mut file = match zip.by_name(path) {
            Ok(f) => f,
            Err(_) => {
                problems.push(Problem::Missing(path.to_string()));
                continue;
            }
        };
        let declared = file.size();
        let mut content = Vec::new();
        // Read at most one byte more than expected: enough to tell the size differs.
        let read = file
            .by_ref()
            .take(expected.bytes.saturating_add(1))
            .read_to_end(&mut content);
        let detail = match read {
            Err(e) => Some(format!("cannot be read ({e})")),
            Ok(_) if content.len() as u64 != expected.bytes || declared != expected.bytes => {
                Some(format!(
                    "{} bytes, the manifest says {}",
                    declared.max(content.len() as u64),
                    expected.bytes
                ))
            }
            Ok(_) => {
                let actual = sha256_hex(&content);
                (!actual.eq_ignore_ascii_case(&expected.sha256))
                    .then(|| format!("SHA-256 {actual}, the manifest says {}", expected.sha256))
            }
        };
        if let Some(detail) = detail {
            problems.push(Problem::Changed {
                path: path.to_string(),
                detail,
            });
        }
    }
    problems.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(Verification { manifest, problems })
}

/// Writes the bundle to `path` through a temporary file beside it, so that a failed
/// run never leaves a half-written zip.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    super::write_atomically(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (BTreeMap<String, Vec<u8>>, Manifest, Date) {
        let as_of = Date::parse("2026-11-29").unwrap();
        let mut files = BTreeMap::new();
        files.insert("b.txt".to_string(), b"bee".to_vec());
        files.insert("a/c.txt".to_string(), "Köln".as_bytes().to_vec());
        let m = manifest(&files, as_of, Some("abc"), Visibility::Internal);
        (files, m, as_of)
    }

    #[test]
    fn sha256_of_nothing() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn zips_are_reproducible_and_verify() {
        let (files, m, as_of) = sample();
        let a = zip_bytes(&files, &m, as_of).unwrap();
        let b = zip_bytes(&files, &m, as_of).unwrap();
        assert_eq!(a, b);
        let v = verify_bytes(&a).unwrap();
        assert_eq!(v.problems, vec![]);
        assert_eq!(v.manifest, m);
    }

    #[test]
    fn changes_are_named() {
        let (mut files, m, as_of) = sample();
        files.insert("b.txt".into(), b"bee!".to_vec());
        files.remove("a/c.txt");
        files.insert("d.txt".into(), b"new".to_vec());
        let v = verify_bytes(&zip_bytes(&files, &m, as_of).unwrap()).unwrap();
        let named: Vec<&str> = v.problems.iter().map(Problem::path).collect();
        assert_eq!(named, ["a/c.txt", "b.txt", "d.txt"]);
        assert!(matches!(v.problems[0], Problem::Missing(_)));
        assert!(matches!(v.problems[1], Problem::Changed { .. }));
        assert!(matches!(v.problems[2], Problem::Extra(_)));
    }

    #[test]
    fn not_a_zip_is_an_error() {
        assert!(verify_bytes(b"hello").is_err());
    }
}
