//! Every reference from one record to another, in one list: the checker looks for
//! dangling ones, the site turns them into links and "used by" lists.

use crate::diagnostics::Location;
pub use crate::model::parse_kind_id;
use crate::model::refs::References;
use crate::model::{Kind, Record};
use crate::registry::Registry;

/// One reference: who points where, and where it is written.
#[derive(Debug, Clone)]
pub struct Link<'a> {
    /// The kind of the record that holds the reference.
    pub from_kind: Kind,
    /// The id of that record.
    pub from_id: &'a str,
    /// The field it is written in (for messages).
    pub field: &'static str,
    /// The kind it must point at.
    pub to_kind: Kind,
    /// The id it names.
    pub to_id: &'a str,
    /// Where it is written.
    pub at: Location,
}

/// Every record-to-record reference of the registry, in load order.
///
/// Process `related:` entries (`kind:id`) are included when their kind is known;
/// unknown kinds are reported by the checker.
pub fn links(reg: &Registry) -> Vec<Link<'_>> {
    let mut out = Vec::new();
    each_link(reg, |link| out.push(link));
    out
}

/// Hands every record-to-record reference to `f`, in the order of [`links`] (without
/// gathering them: a large registry has hundreds of thousands). Which fields are
/// references is declared next to each record type (`references!` in `src/model/`).
pub fn each_link<'a>(reg: &'a Registry, mut f: impl FnMut(Link<'a>)) {
    let f = &mut f as &mut dyn FnMut(Link<'a>);
    of(&reg.subprocessors, f);
    of(&reg.contracts, f);
    of(&reg.transfers, f);
    of(&reg.data_categories, f);
    of(&reg.activities, f);
    of(&reg.systems, f);
    of(&reg.flows, f);
    of(&reg.retention, f);
    of(&reg.toms, f);
    of(&reg.roles, f);
    of(&reg.trainings, f);
    of(&reg.plans, f);
    of(&reg.features, f);
    of(&reg.answers, f);
    of(&reg.processes, f);
}

/// Hands the references of every record of one kind to `f`.
fn of<'a, T: References>(records: &'a [Record<T>], f: &mut dyn FnMut(Link<'a>)) {
    for r in records {
        let from_id = r.data.id();
        r.data.references(&mut |field, to_kind, to_id, span| {
            f(Link {
                from_kind: T::KIND,
                from_id,
                field,
                to_kind,
                to_id,
                at: Location { file: r.file, span },
            })
        });
    }
}
