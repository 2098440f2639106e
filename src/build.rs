//! One pipeline for `build` and `serve`: a project ([`Project::open`]) rendered into a
//! sink. Nothing is written here; the caller decides where the files go.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::input::{Input, WorkTree};
use crate::load::LoadFailure;
use crate::project::{OpenOptions, Project};
use crate::registry::Registry;
use crate::site::output::Sink;
use crate::site::{render, BuildError, BuildOptions, Rendered};
use crate::source::SourceMap;
use std::path::Path;
use std::sync::Arc;

/// The result of compiling a registry into a site.
pub struct Compiled {
    /// The registry as loaded; its `sources` are every file read (for diagnostics).
    pub registry: Registry,
    /// The registry the site shows, when it is filtered for a narrower audience.
    pub shown: Option<Registry>,
    /// Warnings (on success) or everything found (on failure).
    pub diagnostics: Diagnostics,
    /// What went into the sink, when there were no errors (on errors the sink holds
    /// part of a site, to be discarded).
    pub rendered: Option<Rendered>,
}

impl Compiled {
    /// Every file read.
    pub fn sources(&self) -> &SourceMap {
        &self.registry.sources
    }
}

/// Opens the registry in the folder `dir` and renders it into `sink` (see
/// [`compile_from`]).
pub fn compile(dir: &Path, opts: &BuildOptions, sink: &dyn Sink) -> Result<Compiled, LoadFailure> {
    compile_from(Arc::new(WorkTree::new(dir)), opts, sink)
}

/// Opens the registry `input` holds ([`Project::open_from`]: load, check, the
/// audience's view) and, when it has no errors, renders it into `sink`.
pub fn compile_from(
    input: Arc<dyn Input>,
    opts: &BuildOptions,
    sink: &dyn Sink,
) -> Result<Compiled, LoadFailure> {
    let project = Project::open_from(
        input,
        &OpenOptions {
            as_of: opts.as_of,
            audience: opts.audience,
        },
    )?;
    let Project {
        registry,
        shown,
        mut diagnostics,
    } = project;
    if diagnostics.error_count() > 0 {
        return Ok(Compiled {
            registry,
            shown,
            diagnostics,
            rendered: None,
        });
    }
    let result = render(
        shown.as_ref().unwrap_or(&registry),
        &diagnostics,
        opts,
        sink,
    );
    let rendered = match result {
        Ok(rendered) => Some(rendered),
        Err(e) => {
            diagnostics.extend(build_error(e).iter().cloned());
            None
        }
    };
    Ok(Compiled {
        registry,
        shown,
        diagnostics,
        rendered,
    })
}

/// A failed render as diagnostics.
pub fn build_error(e: BuildError) -> Diagnostics {
    let mut out = Diagnostics::default();
    match e {
        BuildError::Registry(problems) => out.extend(problems.iter().cloned()),
        BuildError::Io(message) => out.push(
            Diagnostic::new(
                Severity::Error,
                "write-error",
                format!("cannot write the site: {message}"),
                None,
            )
            .with_hint(
                "check that the output folder's parent exists, is writable and has free space",
            ),
        ),
        BuildError::Template(message) => out.push(Diagnostic::new(Severity::Error, "template-error", message, None).with_hint("fix the template named above; `ropa build` uses the built-in template when a registry has none of that name")),
    }
    out
}
