//! The checks that run on a loaded registry. Each family of rules lives in its own
//! file; every rule has a stable code (listed in the README) and, for the GDPR
//! rules, names the article behind it.

mod answers;
mod due;
mod gdpr;
mod ids;

pub use ids::is_kebab;
mod records;
mod references;

pub use references::markdown_of;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::Date;
use crate::registry::Registry;
use crate::source::{FileId, Span};

/// Settings of a check run.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// The date against which reviews, expiries and due dates are judged.
    pub as_of: Date,
}

/// Runs every check and returns what it found.
pub fn check(reg: &Registry, opts: &CheckOptions) -> Diagnostics {
    let mut out = Diagnostics::default();
    ids::check(reg, &mut out);
    references::check(reg, &mut out);
    records::check(reg, &mut out);
    gdpr::check(reg, &mut out);
    answers::check(reg, &mut out);
    out.extend(crate::audience::check(reg));
    due::check(reg, opts.as_of, &mut out);
    out
}

fn loc(file: FileId, span: Span) -> Location {
    Location { file, span }
}
