//! The registry's history from git: two states of the records opened side by side
//! (a revision or the work tree), the first-parent commits of a repository, and what
//! changed in the records between two states, by kind and id and field by field.
//!
//! Records are matched by kind and id, never by path: a file moved with the same
//! records in it is no change.

pub mod compare;
pub mod git;

use crate::load::LoadFailure;
use crate::model::Visibility;
use crate::registry::Registry;
use std::path::Path;

pub use compare::{compare, Change, Delta, FieldChange, RecordChange};

/// The records at one end of a comparison.
pub struct State {
    /// What the user named it (`v1.0`, `HEAD~2`), or `None` for the work tree.
    pub rev: Option<String>,
    /// The commit it is (`None` for the work tree, or outside git).
    pub commit: Option<String>,
    /// Every record.
    pub full: Registry,
    /// What the audience may see, when that is narrower than everything.
    pub shown: Option<Registry>,
}

impl State {
    /// The registry as the audience sees it.
    pub fn view(&self) -> &Registry {
        self.shown.as_ref().unwrap_or(&self.full)
    }
}

/// Why a state could not be opened.
pub enum OpenError {
    /// No registry to read (a bad revision, not a git repository): exit 2.
    CouldNotRun(String),
    /// The registry there has errors; nothing is compared (a wrong answer is worse
    /// than none). The loaded registry and its diagnostics, to show them.
    Broken(Box<(Registry, crate::diagnostics::Diagnostics)>),
}

/// The registry in `dir` at `rev` (or its work tree), as `audience` may see it.
/// Only loading errors stop it (no date rules are judged: an old revision's expired
/// contract is history, not a reason to refuse).
pub fn open_state(dir: &Path, rev: Option<&str>, audience: Visibility) -> Result<State, OpenError> {
    let input =
        crate::load::input::open(dir, rev).map_err(|LoadFailure(m)| OpenError::CouldNotRun(m))?;
    let commit = match rev {
        Some(_) => input.version(),
        None => None,
    };
    let (full, diagnostics) =
        crate::registry::load_from(input).map_err(|LoadFailure(m)| OpenError::CouldNotRun(m))?;
    if diagnostics.error_count() > 0 {
        return Err(OpenError::Broken(Box::new((full, diagnostics))));
    }
    let shown =
        (audience != Visibility::Internal).then(|| crate::audience::filter(&full, audience));
    Ok(State {
        rev: rev.map(str::to_string),
        commit,
        full,
        shown,
    })
}
