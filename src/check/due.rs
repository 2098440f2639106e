//! Dates against `--as-of`: overdue reviews, expired contracts and certifications,
//! overdue trainings and transfer impact assessments. Warnings, not errors: the
//! records are still true, but someone has work to do.

use super::loc;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::Date;
use crate::registry::Registry;

fn overdue(
    out: &mut Diagnostics,
    code: &'static str,
    what: String,
    due: Date,
    as_of: Date,
    at: Location,
    hint: &str,
) {
    if due < as_of {
        out.push(
            Diagnostic::warning(code, format!("{what} was due on {due} (as of {as_of})"), at)
                .with_hint(hint.to_string()),
        );
    }
}

pub(super) fn check(reg: &Registry, as_of: Date, out: &mut Diagnostics) {
    let review_hint = "review the record, then set `review.last` to the date of the review";
    for a in &reg.activities {
        if let Some(r) = &a.data.review {
            overdue(
                out,
                "review-overdue",
                format!("the review of activity `{}`", a.data.id.value),
                r.next_due(),
                as_of,
                loc(a.file, r.last.span),
                review_hint,
            );
        }
    }
    for s in &reg.subprocessors {
        if let Some(r) = &s.data.review {
            overdue(
                out,
                "review-overdue",
                format!("the review of subprocessor `{}`", s.data.id.value),
                r.next_due(),
                as_of,
                loc(s.file, r.last.span),
                review_hint,
            );
        }
        for c in &s.data.certifications {
            if let Some(until) = c.valid_until {
                overdue(
                    out,
                    "certification-expired",
                    format!("the certification {} of `{}`", c.name, s.data.id.value),
                    until,
                    as_of,
                    loc(s.file, s.data.id.span),
                    "ask the subprocessor for the renewed certificate and update `valid_until`",
                );
            }
        }
    }
    for p in &reg.processes {
        if let Some(r) = &p.data.meta.review {
            overdue(
                out,
                "review-overdue",
                format!("the review of process `{}`", p.data.id.value),
                r.next_due(),
                as_of,
                loc(p.file, r.last.span),
                review_hint,
            );
        }
    }
    for c in &reg.contracts {
        if let Some(d) = &c.data.review_by {
            overdue(
                out,
                "contract-review-overdue",
                format!("the review of contract `{}`", c.data.id.value),
                d.value,
                as_of,
                loc(c.file, d.span),
                "review the contract and set a new `review_by`",
            );
        }
        if let Some(d) = &c.data.expires {
            overdue(
                out,
                "contract-expired",
                format!("the end of contract `{}`", c.data.id.value),
                d.value,
                as_of,
                loc(c.file, d.span),
                "renew the contract and update `expires`, or retire what depends on it",
            );
        }
    }
    for t in &reg.transfers {
        if let Some(tia) = &t.data.tia {
            overdue(
                out,
                "tia-overdue",
                format!("the transfer impact assessment of `{}`", t.data.id.value),
                tia.review_by.value,
                as_of,
                loc(t.file, tia.review_by.span),
                "repeat the assessment and update `tia.date` and `tia.review_by`",
            );
        }
    }
    for t in &reg.trainings {
        overdue(
            out,
            "training-overdue",
            format!("training `{}`", t.data.id.value),
            t.data.next_due(),
            as_of,
            loc(t.file, t.data.last_held.span),
            "hold the training, then set `last_held`",
        );
    }
}
