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
    let run = |f: &dyn Fn(&mut Diagnostics)| {
        let mut found = Diagnostics::default();
        f(&mut found);
        found
    };
    // The costly families (references, answers) run side by side with the rest;
    // what they find is reported in the same order every time.
    let (references, (answers, (rest, (audience, due)))) = rayon::join(
        || run(&|out| references::check(reg, out)),
        || {
            rayon::join(
                || run(&|out| answers::check(reg, out)),
                || {
                    rayon::join(
                        || {
                            run(&|out| {
                                records::check(reg, out);
                                gdpr::check(reg, out);
                            })
                        },
                        || {
                            rayon::join(
                                || run(&|out| out.extend(crate::audience::check(reg))),
                                || run(&|out| due::check(reg, opts.as_of, out)),
                            )
                        },
                    )
                },
            )
        },
    );
    let mut out = run(&|out| ids::check(reg, out));
    for found in [references, rest, answers, audience, due] {
        out.extend(found.iter().cloned());
    }
    out
}

fn loc(file: FileId, span: Span) -> Location {
    Location { file, span }
}
