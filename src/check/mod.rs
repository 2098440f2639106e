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
    use rayon::prelude::*;
    // The families run side by side (the costly ones, references and answers, first);
    // what they find is reported in this order every time. (`field_visibility` is
    // checked while loading, where each record's tree is at hand.)
    type Family = fn(&Registry, &CheckOptions, &mut Diagnostics);
    let families: [Family; 6] = [
        |reg, _, out| references::check(reg, out),
        |reg, _, out| answers::check(reg, out),
        |reg, _, out| ids::check(reg, out),
        |reg, _, out| records::check(reg, out),
        |reg, _, out| gdpr::check(reg, out),
        |reg, opts, out| due::check(reg, opts.as_of, out),
    ];
    let found: Vec<Diagnostics> = families
        .par_iter()
        .map(|family| {
            let mut out = Diagnostics::default();
            family(reg, opts, &mut out);
            out
        })
        .collect();
    let mut out = Diagnostics::default();
    for f in found {
        out.extend(f.iter().cloned());
    }
    out.cap_repeats(MAX_REPEATS);
    out
}

/// How many diagnostics of one code one file shows before the rest are summed up.
pub const MAX_REPEATS: usize = 20;

fn loc(file: FileId, span: Span) -> Location {
    Location { file, span }
}
