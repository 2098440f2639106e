//! `ropa export`: CSV, JSON or XLSX of the records, or the hashed audit bundle.

use super::cli::{ExportArgs, ExportFormat, What};
use crate::export::{bundle, csv, json, tables, write_atomically, xlsx};
use std::io::IsTerminal;
use std::path::Path;

/// Returns the exit status; `Err` is a message for "could not run" (exit 2).
pub(super) fn run(args: ExportArgs) -> Result<u8, String> {
    // Arguments first: a mistake there should not wait for the registry to load.
    let (rev, as_of) =
        super::revision_and_date(&args.dir, None, args.at.as_deref(), args.as_of.as_deref())?;
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

    // Checked as a whole; exported as the audience may see it.
    let audience = args.audience.visibility();
    let project = super::open(&args.dir, rev.as_deref(), as_of, audience)?;
    if project.has_errors() {
        super::print_diagnostics(&project.diagnostics, project.sources())?;
        eprintln!(
            "ropa export: {} error(s) in {}; nothing written (run `ropa check` for details)",
            project.diagnostics.error_count(),
            args.dir.display()
        );
        return Ok(1);
    }
    let languages = project.registry.languages();
    let lang = match &args.lang {
        Some(l) if languages.contains(l) => l.clone(),
        Some(l) => {
            return Err(format!(
                "--lang {l}: the registry's languages are {} (see `languages:` in registry/organization.yaml)",
                languages.join(", ")
            ))
        }
        None => project.registry.default_language(),
    };
    let version = project.registry.input.version();
    let version = version.as_deref();
    let reg = project.into_view();
    let what = args.what.export();

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
            let text = json::to_string(&reg, what, as_of, version, audience)?;
            output(args.out.as_deref(), text.as_bytes())?;
        }
        Some(ExportFormat::Xlsx) => {
            let all = tables::all(&reg, what, &lang, audience);
            let bytes = xlsx::to_bytes(&all, as_of, audience)?;
            output(args.out.as_deref(), &bytes)?;
        }
        Some(ExportFormat::Csv) if args.what == What::All => {
            let dir = args.out.as_deref().expect("checked above");
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
            for table in tables::all(&reg, what, &lang, audience) {
                let path = dir.join(format!("{}.csv", table.name));
                write_atomically(&path, &csv::to_bytes(&table)?)?;
                eprintln!("wrote {}", path.display());
            }
        }
        Some(ExportFormat::Csv) => {
            let table = tables::table(&reg, what, &lang, audience);
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
fn output(out: Option<&Path>, bytes: &[u8]) -> Result<(), String> {
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
