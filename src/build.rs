//! One pipeline for `build` and `serve`: load → check → render. Nothing is written
//! here; the caller decides where the files go.

use crate::check::{check, CheckOptions};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::{load, LoadFailure};
use crate::site::output::Sink;
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
    /// How many files went into the sink, when there were no errors (on errors the sink
    /// holds part of a site, to be discarded).
    pub written: Option<usize>,
}

/// Loads, checks and renders the registry in `dir` into `sink`.
pub fn compile(dir: &Path, opts: &BuildOptions, sink: &dyn Sink) -> Result<Compiled, LoadFailure> {
    let t = Instant::now();
    let (reg, mut diags) = load(dir)?;
    crate::site::phase(
        opts.verbose,
        t,
        &format!("loaded {} files", reg.sources.files().len()),
    );
    let t = Instant::now();
    diags.extend(
        check(&reg, &CheckOptions { as_of: opts.as_of })
            .iter()
            .cloned(),
    );
    crate::site::phase(opts.verbose, t, "checked");
    if diags.error_count() > 0 {
        return Ok(Compiled {
            sources: reg.sources,
            diagnostics: diags,
            written: None,
        });
    }
    // Other audiences see a registry from which everything hidden is gone.
    let mut reg = if opts.audience == crate::model::Visibility::Internal {
        reg
    } else {
        crate::audience::filter(&reg, opts.audience)
    };
    // The YAML trees were kept for the audience checks and filter; pages do not need
    // them, and on a large registry they are a good part of the memory.
    reg.raw = Vec::new();
    match render(&reg, &diags, opts, sink) {
        Ok(written) => Ok(Compiled {
            sources: reg.sources,
            diagnostics: diags,
            written: Some(written),
        }),
        Err(BuildError::Registry(problems)) => {
            diags.extend(problems.iter().cloned());
            Ok(Compiled {
                sources: reg.sources,
                diagnostics: diags,
                written: None,
            })
        }
        Err(BuildError::Io(message)) => {
            diags.push(
                Diagnostic::new(
                    Severity::Error,
                    "write-error",
                    format!("cannot write the site: {message}"),
                    None,
                )
                .with_hint(
                    "check that the output folder's parent exists, is writable and has free space",
                ),
            );
            Ok(Compiled {
                sources: reg.sources,
                diagnostics: diags,
                written: None,
            })
        }
        Err(BuildError::Template(message)) => {
            diags.push(Diagnostic::new(Severity::Error, "template-error", message, None).with_hint("fix the template named above; `ropa build` uses the built-in template when a registry has none of that name"));
            Ok(Compiled {
                sources: reg.sources,
                diagnostics: diags,
                written: None,
            })
        }
    }
}
