//! One way into a registry for every command: load → check → the audience's view,
//! done once, here.
//!
//! `check`, `build`, `serve`, `report`, `export` and `answer` all start with
//! [`Project::open`]; nothing else calls the loader and the checker in a row.

use crate::check::{check, CheckOptions};
use crate::diagnostics::Diagnostics;
use crate::load::input::{Input, WorkTree};
use crate::load::LoadFailure;
use crate::model::{Date, Visibility};
use crate::registry::Registry;
use crate::source::SourceMap;
use crate::timing::phase;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// How to open a registry.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// The date the due-date checks count from.
    pub as_of: Date,
    /// Who the outputs are for: the registry is narrowed to what they may see.
    pub audience: Visibility,
}

/// A registry, loaded and checked, and narrowed to its audience.
pub struct Project {
    /// The registry as loaded, every record; its `sources` are every file read.
    pub registry: Registry,
    /// What the audience may see, when it is narrower than everything (made only when
    /// the registry has no errors: nothing is shown of a broken registry).
    pub shown: Option<Registry>,
    /// Everything load and check found.
    pub diagnostics: Diagnostics,
}

impl Project {
    /// [`Project::open_from`] the work tree of the registry folder `dir`.
    pub fn open(dir: &Path, opts: &OpenOptions) -> Result<Project, LoadFailure> {
        Self::open_from(Arc::new(WorkTree::new(dir)), opts)
    }

    /// Loads the registry `input` holds (a work tree or a git revision), checks it as
    /// a whole, and, when it has no errors, filters it for `opts.audience`
    /// ([`crate::audience::filter`]: one filter for every output). `Err` only when
    /// there is no registry to read at all.
    pub fn open_from(input: Arc<dyn Input>, opts: &OpenOptions) -> Result<Project, LoadFailure> {
        let t = Instant::now();
        let (mut registry, mut diagnostics) = crate::registry::load_from(input)?;
        phase(
            t,
            &format!("loaded {} files", registry.sources.files().len()),
        );
        let t = Instant::now();
        diagnostics.extend(
            check(&registry, &CheckOptions { as_of: opts.as_of })
                .iter()
                .cloned(),
        );
        phase(t, "checked");
        let shown = (diagnostics.error_count() == 0 && opts.audience != Visibility::Internal)
            .then(|| crate::audience::filter(&registry, opts.audience));
        // The YAML trees were kept for the audience checks and the filter; no output
        // needs them, and on a large registry they are a good part of the memory.
        if diagnostics.error_count() == 0 {
            registry.raw = Vec::new();
        }
        Ok(Project {
            registry,
            shown,
            diagnostics,
        })
    }

    /// The registry as the audience may see it.
    pub fn view(&self) -> &Registry {
        self.shown.as_ref().unwrap_or(&self.registry)
    }

    /// Takes the audience's registry out of the project.
    pub fn into_view(self) -> Registry {
        self.shown.unwrap_or(self.registry)
    }

    /// Every file read, for rendering diagnostics.
    pub fn sources(&self) -> &SourceMap {
        &self.registry.sources
    }

    /// Whether load or check found an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.error_count() > 0
    }
}
