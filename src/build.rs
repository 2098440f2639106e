//! One pipeline for `build` and `serve`: load → check → render. Nothing is written
//! here; the caller decides where the files go.

use crate::check::{check, CheckOptions};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::{load, LoadFailure};
use crate::site::output::Files;
use crate::site::{render, BuildError, BuildOptions};
use crate::source::SourceMap;
use std::path::Path;
use std::time::Instant;

/// The result of compiling a registry into a site.
pub struct Compiled {
    /// Every file read (for rendering diagnostics).
    pub sources: SourceMap,
    /// Warnings (on success) or everything found (on failure).
    pub diagnostics: Diagnostics,
    /// The site, when there were no errors.
    pub files: Option<Files>,
}

/// Loads, checks and renders the registry in `dir`.
pub fn compile(dir: &Path, opts: &BuildOptions) -> Result<Compiled, LoadFailure> {
    let t = Instant::now();
    let (reg, mut diags) = load(dir)?;
    if opts.verbose {
        eprintln!(
            "{:<28} {:>8.1} ms",
            format!("loaded {} files", reg.sources.files().len()),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    let t = Instant::now();
    diags.extend(
        check(&reg, &CheckOptions { as_of: opts.as_of })
            .iter()
            .cloned(),
    );
    if opts.verbose {
        eprintln!(
            "{:<28} {:>8.1} ms",
            "checked",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    if diags.error_count() > 0 {
        return Ok(Compiled {
            sources: reg.sources,
            diagnostics: diags,
            files: None,
        });
    }
    // Other audiences see a registry from which everything hidden is gone.
    let reg = if opts.audience == crate::model::Visibility::Internal {
        reg
    } else {
        crate::audience::filter(&reg, opts.audience)
    };
    match render(&reg, &diags, opts) {
        Ok(files) => Ok(Compiled {
            sources: reg.sources,
            diagnostics: diags,
            files: Some(files),
        }),
        Err(BuildError::Registry(problems)) => {
            diags.extend(problems.iter().cloned());
            Ok(Compiled {
                sources: reg.sources,
                diagnostics: diags,
                files: None,
            })
        }
        Err(BuildError::Template(message)) => {
            diags.push(Diagnostic::new(Severity::Error, "template-error", message, None).with_hint("fix the template named above; `ropa build` uses the built-in template when a registry has none of that name"));
            Ok(Compiled {
                sources: reg.sources,
                diagnostics: diags,
                files: None,
            })
        }
    }
}
