//! `ropa check`: every problem of a registry at once, as text or JSON.

use super::cli::{CheckArgs, Format};
use crate::model::Visibility;

pub(super) fn run(args: CheckArgs) -> Result<u8, String> {
    super::init_logging(args.verbose);
    let as_of = super::as_of(args.as_of.as_deref())?;
    let project = super::open(&args.dir, args.rev.as_deref(), as_of, Visibility::Internal)?;
    let diags = &project.diagnostics;
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&diags.to_json(project.sources()))
                .map_err(|e| e.to_string())?;
            println!("{json}");
        }
        Format::Text => {
            super::print_diagnostics(diags, project.sources())?;
            eprintln!(
                "ropa check: {} error(s), {} warning(s) in {} file(s) of {}",
                diags.error_count(),
                diags.warning_count(),
                project.sources().files().len(),
                args.dir.display()
            );
        }
    }
    let failed = diags.error_count() > 0 || (args.deny_warnings && diags.warning_count() > 0);
    // The process ends here: freeing a large registry piece by piece only costs time.
    std::mem::forget(project);
    Ok(u8::from(failed))
}
