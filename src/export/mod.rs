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
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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

/// `ropa export`: CSV, JSON or XLSX, or the bundle (see `cli::ExportArgs`).
/// Returns the exit status; `Err` is a message for "could not run" (exit 2).
pub fn run(args: &crate::cli::ExportArgs) -> Result<u8, String> {
    use crate::cli::ExportFormat;
    use std::io::IsTerminal;

    // Arguments first: a mistake there should not wait for the registry to load.
    let as_of = match args.as_of.as_deref() {
        Some(s) => crate::model::Date::parse(s).map_err(|e| format!("--as-of: {e}"))?,
        None => crate::model::Date(chrono::Local::now().date_naive()),
    };
    if args.bundle.is_some() && args.out.is_some() {
        return Err("--out is not used with --bundle: the bundle is written to the FILE.zip given to --bundle".into());
    }
    if args.bundle.is_none() && args.format.is_none() {
        return Err("give --format csv, json or xlsx, or --bundle FILE.zip".into());
    }
    if args.format == Some(ExportFormat::Csv) && args.what == What::All {
        match &args.out {
            None => {
                return Err("--format csv --what all writes one file per kind: give --out DIR (a folder), or choose one kind with --what activities|subprocessors|retention|toms".into())
            }
            Some(p) => crate::outdir::check_csv_folder(p, &args.dir)?,
        }
    } else if let Some(p) = &args.out {
        // A single CSV into an existing folder is written as `<kind>.csv` in it.
        if args.format == Some(ExportFormat::Csv) && p.is_dir() {
            crate::outdir::check_csv_folder(p, &args.dir)?;
        } else {
            crate::outdir::check_output_file("the export", p, &args.dir)?;
        }
    }
    if let Some(p) = &args.bundle {
        crate::outdir::check_bundle_file(p, &args.dir)?;
    }
    if args.format == Some(ExportFormat::Xlsx)
        && args.out.is_none()
        && std::io::stdout().is_terminal()
    {
        return Err(
            "--format xlsx writes a binary file: give --out FILE.xlsx (or redirect stdout)".into(),
        );
    }

    let (reg, mut diags) = crate::registry::load(&args.dir).map_err(|e| e.to_string())?;
    diags.extend(
        crate::check::check(&reg, &crate::check::CheckOptions { as_of })
            .iter()
            .cloned(),
    );
    if diags.error_count() > 0 {
        let mut err = stderr_writer();
        diags
            .render_text(&reg.sources, &mut err)
            .map_err(|e| e.to_string())?;
        eprintln!(
            "ropa export: {} error(s) in {}; nothing written (run `ropa check` for details)",
            diags.error_count(),
            args.dir.display()
        );
        return Ok(1);
    }
    let languages = reg.languages();
    let lang = match &args.lang {
        Some(l) if languages.contains(l) => l.clone(),
        Some(l) => {
            return Err(format!(
                "--lang {l}: the registry's languages are {} (see `languages:` in registry/organization.yaml)",
                languages.join(", ")
            ))
        }
        None => reg.default_language(),
    };
    let version = reg.input.version();
    let version = version.as_deref();
    // Checked as a whole above; exported as the audience may see it.
    let audience = args.audience.visibility();
    let reg = for_audience(reg, audience);

    if let Some(path) = &args.bundle {
        let (bytes, manifest) = bundle::build(&reg, &lang, as_of, version, audience)?;
        bundle::write(path, &bytes)?;
        eprintln!(
            "ropa export: wrote {} ({} files and manifest.json, as of {as_of}, audience {})",
            path.display(),
            manifest.files.len(),
            audience.as_str()
        );
        return Ok(0);
    }
    match args.format {
        Some(ExportFormat::Json) => {
            let text = json::to_string(&reg, args.what, as_of, version, audience)?;
            output(args.out.as_deref(), text.as_bytes())?;
        }
        Some(ExportFormat::Xlsx) => {
            let all = tables::all(&reg, args.what, &lang, audience);
            let bytes = xlsx::to_bytes(&all, as_of, audience)?;
            output(args.out.as_deref(), &bytes)?;
        }
        Some(ExportFormat::Csv) if args.what == What::All => {
            let dir = args.out.as_deref().expect("checked above");
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
            for table in tables::all(&reg, What::All, &lang, audience) {
                let path = dir.join(format!("{}.csv", table.name));
                write_atomically(&path, &csv::to_bytes(&table)?)?;
                eprintln!("wrote {}", path.display());
            }
        }
        Some(ExportFormat::Csv) => {
            let table = tables::table(&reg, args.what, &lang, audience);
            let bytes = csv::to_bytes(&table)?;
            match args.out.as_deref() {
                Some(dir) if dir.is_dir() => {
                    let path = dir.join(format!("{}.csv", table.name));
                    write_atomically(&path, &bytes)?;
                    eprintln!("wrote {}", path.display());
                }
                out => output(out, &bytes)?,
            }
        }
        None => unreachable!("checked above"),
    }
    Ok(0)
}

/// Writes to `out` (atomically, reporting the path on stderr) or to stdout.
fn output(out: Option<&std::path::Path>, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    match out {
        Some(path) => {
            write_atomically(path, bytes)?;
            eprintln!("wrote {}", path.display());
            Ok(())
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("writing to stdout: {e}"))
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into
/// place when complete: readers see the old file or the new one, never half of one.
pub(crate) fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    write_atomically_with(path, |w| w.write_all(bytes).map_err(|e| e.to_string()))
}

/// [`write_atomically`] for content produced piece by piece by `fill` (a large report
/// is written as it is rendered, never held in memory whole).
pub(crate) fn write_atomically_with(
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

fn stderr_writer() -> codespan_reporting::term::termcolor::StandardStream {
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    use std::io::IsTerminal;
    let choice = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    StandardStream::stderr(choice)
}
