//! Every reference from one record to another, in one list: the checker looks for
//! dangling ones, the site turns them into links and "used by" lists.

use crate::diagnostics::Location;
use crate::model::{Kind, Ref};
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

struct Collector<F> {
    out: F,
}

impl<'a, F: FnMut(Link<'a>)> Collector<F> {
    fn add(
        &mut self,
        from: (Kind, &'a str, usize),
        field: &'static str,
        to: Kind,
        refs: impl IntoIterator<Item = &'a Ref>,
    ) {
        for r in refs {
            (self.out)(Link {
                from_kind: from.0,
                from_id: from.1,
                field,
                to_kind: to,
                to_id: &r.value,
                at: Location {
                    file: from.2,
                    span: r.span,
                },
            });
        }
    }
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
/// gathering them: a large registry has hundreds of thousands).
pub fn each_link<'a>(reg: &'a Registry, f: impl FnMut(Link<'a>)) {
    let mut c = Collector { out: f };
    for r in &reg.subprocessors {
        let f = (Kind::Subprocessor, r.data.id.value.as_str(), r.file);
        let d = &r.data;
        c.add(f, "data_categories", Kind::DataCategory, &d.data_categories);
        c.add(f, "data_subjects", Kind::DataSubject, &d.data_subjects);
        c.add(f, "retention", Kind::Retention, &d.retention);
        c.add(f, "contracts", Kind::Contract, &d.contracts);
        c.add(f, "transfers", Kind::Transfer, &d.transfers);
    }
    for r in &reg.contracts {
        let f = (Kind::Contract, r.data.id.value.as_str(), r.file);
        c.add(f, "subprocessor", Kind::Subprocessor, &r.data.subprocessor);
    }
    for r in &reg.transfers {
        let f = (Kind::Transfer, r.data.id.value.as_str(), r.file);
        c.add(
            f,
            "subprocessor",
            Kind::Subprocessor,
            [&r.data.subprocessor],
        );
        c.add(f, "contract", Kind::Contract, &r.data.contract);
    }
    for r in &reg.data_categories {
        let f = (Kind::DataCategory, r.data.id.value.as_str(), r.file);
        c.add(f, "parent", Kind::DataCategory, &r.data.parent);
    }
    for r in &reg.activities {
        let f = (Kind::Activity, r.data.id.value.as_str(), r.file);
        let d = &r.data;
        c.add(f, "data_subjects", Kind::DataSubject, &d.data_subjects);
        c.add(f, "data_categories", Kind::DataCategory, &d.data_categories);
        c.add(f, "transfers", Kind::Transfer, &d.transfers);
        c.add(f, "retention", Kind::Retention, &d.retention);
        c.add(f, "toms", Kind::Tom, &d.toms);
        c.add(f, "systems", Kind::System, &d.systems);
        c.add(f, "subprocessors", Kind::Subprocessor, &d.subprocessors);
        for rec in &d.recipients {
            c.add(
                f,
                "recipients.subprocessor",
                Kind::Subprocessor,
                &rec.subprocessor,
            );
            c.add(f, "recipients.role", Kind::Role, &rec.role);
        }
        for ctl in &d.controllers {
            c.add(f, "controllers.contract", Kind::Contract, &ctl.contract);
        }
    }
    for r in &reg.systems {
        let f = (Kind::System, r.data.id.value.as_str(), r.file);
        c.add(f, "operated_by", Kind::Subprocessor, &r.data.operated_by);
    }
    for r in &reg.flows {
        let f = (Kind::Flow, r.data.id.value.as_str(), r.file);
        let d = &r.data;
        c.add(f, "from", Kind::System, [&d.from]);
        c.add(f, "to", Kind::System, [&d.to]);
        c.add(f, "data_categories", Kind::DataCategory, &d.data_categories);
        c.add(f, "activities", Kind::Activity, &d.activities);
    }
    for r in &reg.retention {
        let f = (Kind::Retention, r.data.id.value.as_str(), r.file);
        let d = &r.data;
        c.add(f, "data_categories", Kind::DataCategory, &d.data_categories);
        c.add(f, "at_the_latest", Kind::Retention, &d.at_the_latest);
        c.add(f, "system", Kind::System, &d.system);
        c.add(f, "subprocessor", Kind::Subprocessor, &d.subprocessor);
    }
    for r in &reg.toms {
        let f = (Kind::Tom, r.data.id.value.as_str(), r.file);
        c.add(f, "provided_by", Kind::Subprocessor, &r.data.provided_by);
    }
    for r in &reg.roles {
        let f = (Kind::Role, r.data.id.value.as_str(), r.file);
        c.add(
            f,
            "data_categories",
            Kind::DataCategory,
            &r.data.data_categories,
        );
    }
    for r in &reg.trainings {
        let f = (Kind::Training, r.data.id.value.as_str(), r.file);
        c.add(f, "process", Kind::Process, &r.data.process);
    }
    for r in &reg.plans {
        let f = (Kind::Plan, r.data.id.value.as_str(), r.file);
        c.add(f, "features", Kind::Feature, &r.data.features);
    }
    for r in &reg.features {
        let f = (Kind::Feature, r.data.id.value.as_str(), r.file);
        c.add(
            f,
            "subprocessors",
            Kind::Subprocessor,
            &r.data.subprocessors,
        );
        c.add(
            f,
            "data_categories",
            Kind::DataCategory,
            &r.data.data_categories,
        );
    }
    for r in &reg.answers {
        for rel in &r.data.meta.sources {
            if let Some((kind, id)) = parse_kind_id(&rel.value) {
                (c.out)(Link {
                    from_kind: Kind::Answer,
                    from_id: &r.data.id.value,
                    field: "sources",
                    to_kind: kind,
                    to_id: id,
                    at: Location {
                        file: r.file,
                        span: rel.span,
                    },
                });
            }
        }
    }
    for r in &reg.processes {
        for rel in &r.data.meta.related {
            if let Some((kind, id)) = parse_kind_id(&rel.value) {
                (c.out)(Link {
                    from_kind: Kind::Process,
                    from_id: &r.data.id.value,
                    field: "related",
                    to_kind: kind,
                    to_id: id,
                    at: Location {
                        file: r.file,
                        span: rel.span,
                    },
                });
            }
        }
    }
}

/// Splits `kind:id` (front matter) or `kind/id` (Markdown links) into its parts.
pub fn parse_kind_id(s: &str) -> Option<(Kind, &str)> {
    let (kind, id) = s.split_once([':', '/'])?;
    Some((Kind::from_name(kind)?, id))
}
