//! `ropa build`: the wiki or a trust site into a folder, swapped in whole or not at all.

use super::cli::{Audience, BuildArgs};
use crate::site::output::Staging;
use crate::site::BuildOptions;
use crate::timing::phase;
use std::time::Instant;

pub(super) fn run(args: BuildArgs) -> Result<u8, String> {
    super::init_logging(args.verbose);
    let (rev, as_of) = super::revision_and_date(
        &args.dir,
        args.rev.as_deref(),
        args.at.as_deref(),
        args.as_of.as_deref(),
    )?;
    let default_out = match args.audience {
        Audience::Internal => "site",
        Audience::Customer => "site-customer",
        Audience::Public => "site-public",
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.dir.join(default_out));
    let opts = BuildOptions {
        as_of,
        audience: args.audience.visibility(),
    };
    let start = Instant::now();
    // The revision first: an unknown one is reported before anything is touched.
    let input = crate::load::input::open(&args.dir, rev.as_deref()).map_err(|e| e.to_string())?;
    // Never replace what ropa did not write (see `crate::outdir`), checked before the
    // registry is even read.
    crate::outdir::check_site_folder(&out, &args.dir, args.force)?;
    // Pages are written into a fresh folder beside `out` as they are rendered; it
    // replaces `out` only if the whole build succeeds.
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let staging = Staging::new(&out).map_err(|e| format!("cannot write the site: {e}"))?;
    let compiled = crate::build::compile_from(input, &opts, &staging).map_err(|e| e.to_string())?;
    super::print_diagnostics(&compiled.diagnostics, compiled.sources())?;
    let Some(written) = compiled.rendered.as_ref().map(|r| r.written) else {
        eprintln!(
            "ropa build: {} error(s); nothing written, {} left as it was",
            compiled.diagnostics.error_count(),
            out.display()
        );
        return Ok(1);
    };
    let t = Instant::now();
    staging
        .commit()
        .map_err(|e| format!("writing the site: {e}"))?;
    phase(t, "swapped in");
    eprintln!(
        "ropa build: {} files in {} ({} warning(s), {:.0} ms)",
        written,
        out.display(),
        compiled.diagnostics.warning_count(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    // The process ends here: freeing a large registry piece by piece only costs time.
    std::mem::forget(compiled);
    Ok(0)
}
