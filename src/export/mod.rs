//! The records of processing (Art. 30) as a print-ready report, and audit exports:
//! CSV, JSON, XLSX and a hashed bundle that can be verified later.

pub mod bundle;
pub mod csv;
pub mod json;
pub mod report;
pub mod tables;
pub mod xlsx;

use crate::model::Visibility;

/// What an export covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// Processing activities (Art. 30(1) and 30(2) records).
    Activities,
    /// Subprocessors (the AVV/DPA annex list).
    Subprocessors,
    /// The retention schedule.
    Retention,
    /// Technical and organisational measures (Art. 32).
    Toms,
    /// All of the above.
    All,
}

/// The registry as `audience` may see it, through the site's own filter
/// ([`crate::audience::filter`]): one filter for every output, no second path.
/// Internal exports are the registry as loaded (the filter would only copy it).
pub fn for_audience(
    reg: crate::registry::Registry,
    audience: Visibility,
) -> crate::registry::Registry {
    match audience {
        Visibility::Internal => reg,
        _ => crate::audience::filter(&reg, audience),
    }
}

/// One line saying who an export is for, written into each file that has room for it.
pub fn audience_note(audience: Visibility) -> String {
    match audience {
        Visibility::Internal => {
            "audience: internal (for auditors: everything, including internal notes)".into()
        }
        Visibility::Customer => "audience: customer (internal records and fields left out)".into(),
        Visibility::Public => {
            "audience: public (internal and customer-only records and fields left out)".into()
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into
/// place when complete: readers see the old file or the new one, never half of one.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    write_atomically_with(path, |w| w.write_all(bytes).map_err(|e| e.to_string()))
}

/// [`write_atomically`] for content produced piece by piece by `fill` (a large report
/// is written as it is rendered, never held in memory whole).
pub fn write_atomically_with(
    path: &std::path::Path,
    fill: impl FnOnce(&mut dyn std::io::Write) -> Result<(), String>,
) -> Result<(), String> {
    use std::io::Write;
    let fail = |e: String| format!("cannot write `{}`: {e}", path.display());
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if path.is_dir() {
        return Err(format!("cannot write `{}`: it is a folder", path.display()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let f = std::fs::File::create_new(&tmp).map_err(|e| e.to_string())?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
        fill(&mut w)?;
        w.flush().map_err(|e| e.to_string())?;
        let f = w.into_inner().map_err(|e| e.to_string())?;
        f.sync_all().map_err(|e| e.to_string())?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(|e| e.to_string())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}
