//! The `ropa report` command: load, check, and write the report to a file or stdout.

use super::render_to;
use crate::check::{check, CheckOptions};
use crate::model::{Date, Kind};
use crate::site::templates;
use std::io::Write;

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

/// `ropa report`: loads and checks the registry, then writes the records of
/// processing as HTML to `--out` or stdout. Exit 0 when written, 1 when the registry
/// has errors (printed to stderr); `Err` (exit 2) when the report cannot be made at all.
pub fn run(args: &crate::cli::ReportArgs) -> Result<u8, String> {
    let as_of = match args.as_of.as_deref() {
        Some(s) => Date::parse(s).map_err(|e| format!("--as-of: {e}"))?,
        None => Date(chrono::Local::now().date_naive()),
    };
    if let Some(out) = &args.out {
        crate::outdir::check_output_file("the report", out, &args.dir)?;
    }
    let (reg, mut diags) = crate::load::load(&args.dir).map_err(|e| e.to_string())?;
    let languages = reg.languages();
    let lang = args.lang.clone().unwrap_or_else(|| reg.default_language());
    if reg.organization.is_some() && !languages.contains(&lang) {
        return Err(format!(
            "--lang {lang}: the registry is not kept in `{lang}`; its languages are {}",
            languages
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    diags.extend(check(&reg, &CheckOptions { as_of }).iter().cloned());
    let mut err = stderr_writer();
    diags
        .render_text(&reg.sources, &mut err)
        .map_err(|e| e.to_string())?;
    if diags.error_count() > 0 {
        eprintln!(
            "ropa report: {} error(s) in {}; no report written",
            diags.error_count(),
            args.dir.display()
        );
        return Ok(1);
    }
    let version = super::registry_version(&args.dir);
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let tera = templates::load(&reg.root, &kinds).map_err(|e| e.0)?;
    // Checked as a whole, reported as the audience may see it: the site's own filter.
    let audience = args.audience.visibility();
    let reg = super::for_audience(reg, audience);
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
            super::write_atomically_with(path, write)?;
            eprintln!(
                "ropa report: records of processing ({lang}, as of {as_of}, audience {}) written to {} ({} warning(s))",
                audience.as_str(),
                path.display(),
                diags.warning_count()
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
