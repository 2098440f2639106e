//! `ropa report`: the records of processing (Art. 30) as one HTML document.

use super::cli::ReportArgs;
use crate::export::report::render_to;
use crate::export::write_atomically_with;
use crate::model::Kind;
use std::io::Write;

/// Exit 0 when written, 1 when the registry has errors (printed to stderr); `Err`
/// (exit 2) when the report cannot be made at all.
pub(super) fn run(args: ReportArgs) -> Result<u8, String> {
    let (rev, as_of) =
        super::revision_and_date(&args.dir, None, args.at.as_deref(), args.as_of.as_deref())?;
    if let Some(out) = &args.out {
        crate::outdir::check_output_file("the report", out, &args.dir)?;
    }
    // Checked as a whole, reported as the audience may see it: the site's own filter.
    let audience = args.audience.visibility();
    let project = super::open(&args.dir, rev.as_deref(), as_of, audience)?;
    let full = &project.registry;
    let languages = full.languages();
    let lang = args.lang.clone().unwrap_or_else(|| full.default_language());
    if full.organization.is_some() && !languages.contains(&lang) {
        return Err(format!(
            "--lang {lang}: the registry is not kept in `{lang}`; its languages are {}",
            languages
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    super::print_diagnostics(&project.diagnostics, project.sources())?;
    if project.has_errors() {
        eprintln!(
            "ropa report: {} error(s) in {}; no report written",
            project.diagnostics.error_count(),
            args.dir.display()
        );
        return Ok(1);
    }
    let warnings = project.diagnostics.warning_count();
    let version = full.input.version();
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let tera = crate::view::templates::load(&*full.input, &kinds).map_err(|e| e.0)?;
    let reg = project.into_view();
    // The report is written as it is rendered; into a file, atomically.
    let write = |out: &mut dyn Write| {
        render_to(&tera, &reg, &lang, as_of, version.as_deref(), audience, out)
    };
    match &args.out {
        Some(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("creating {}: {e}", parent.display()))?;
            }
            write_atomically_with(path, write)?;
            eprintln!(
                "ropa report: records of processing ({lang}, as of {as_of}, audience {}) written to {} ({warnings} warning(s))",
                audience.as_str(),
                path.display(),
            );
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match write(&mut out) {
                // The reader stopped reading (`| head`): not an error of the report.
                Err(e) if e.contains("BrokenPipe") => return Ok(0),
                result => result?,
            }
            if let Err(e) = out.flush() {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(format!("writing the report: {e}"));
                }
            }
        }
    }
    Ok(0)
}
