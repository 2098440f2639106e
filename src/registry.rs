//! The loaded, cross-linked registry: every record by kind, lookups by id.

use crate::diagnostics::{Diagnostics, Location};
use crate::load::input::{Input, WorkTree};
use crate::load::{LoadFailure, Loaded};
use crate::model::activity::Activity;
use crate::model::contract::Contract;
use crate::model::flow::{Flow, System};
use crate::model::people::{Role, Training};
use crate::model::process::{Answer, Process};
use crate::model::product::{Feature, Plan};
use crate::model::retention::RetentionRule;
use crate::model::subprocessor::Subprocessor;
use crate::model::taxonomy::{DataCategory, DataSubject};
use crate::model::tom::Tom;
use crate::model::transfer::Transfer;
use crate::model::{Kind, Record};
use crate::source::SourceMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

pub use crate::load::raw::RawRecord;
pub use crate::model::{HasId, Records};

/// Loads the registry in the folder `root` as it is on disk.
pub fn load(root: &Path) -> Result<(Registry, Diagnostics), LoadFailure> {
    load_from(Arc::new(WorkTree::new(root)))
}

/// Loads the registry `input` holds (the work tree, or a git revision).
pub fn load_from(input: Arc<dyn Input>) -> Result<(Registry, Diagnostics), LoadFailure> {
    let (loaded, diagnostics) = crate::load::load_from(&*input)?;
    Ok((Registry::new(loaded, input), diagnostics))
}

/// Everything a registry holds, as loaded; its records by kind through `Deref`
/// (`reg.subprocessors`).
#[derive(Debug)]
pub struct Registry {
    /// Where its files were read: the templates and the version come from there too.
    pub input: Arc<dyn Input>,
    /// Every file read.
    pub sources: SourceMap,
    /// The records, by kind.
    pub records: Records,
    /// Ids of records that exist but could not be read; references to them are
    /// not reported a second time.
    pub unreadable: BTreeSet<(Kind, String)>,
    /// Every loaded record as written (YAML tree), for deriving an audience's view.
    pub raw: Vec<RawRecord>,
    index: BTreeMap<Kind, foldhash::HashMap<String, usize>>,
}

impl std::ops::Deref for Registry {
    type Target = Records;

    fn deref(&self) -> &Records {
        &self.records
    }
}

impl std::ops::DerefMut for Registry {
    fn deref_mut(&mut self) -> &mut Records {
        &mut self.records
    }
}

impl Registry {
    /// The registry of what was loaded from `input`, indexed.
    pub fn new(loaded: Loaded, input: Arc<dyn Input>) -> Self {
        let mut reg = Registry {
            input,
            sources: loaded.sources,
            records: loaded.records,
            unreadable: loaded.unreadable,
            raw: loaded.raw,
            index: BTreeMap::new(),
        };
        reg.reindex();
        reg
    }

    /// A registry with no records, of the same files as `reg` (to be filled with
    /// what an audience may see of it).
    pub fn empty_like(reg: &Registry) -> Self {
        Registry {
            input: Arc::clone(&reg.input),
            sources: reg.sources.clone(),
            records: Records::default(),
            unreadable: BTreeSet::new(),
            raw: Vec::new(),
            index: BTreeMap::new(),
        }
    }

    /// Rebuilds the id index (first record of each id wins); call after loading.
    pub fn reindex(&mut self) {
        let mut index: BTreeMap<Kind, foldhash::HashMap<String, usize>> = BTreeMap::new();
        for kind in Kind::ALL {
            for (i, (id, _)) in self.ids(kind).into_iter().enumerate() {
                index
                    .entry(kind)
                    .or_default()
                    .entry(id.to_string())
                    .or_insert(i);
            }
        }
        self.index = index;
    }

    /// Every id of a kind, with where it is written, in load order.
    pub fn ids(&self, kind: Kind) -> Vec<(&str, Location)> {
        fn of<T: HasId>(v: &[Record<T>]) -> Vec<(&str, Location)> {
            v.iter()
                .map(|r| {
                    let id = r.data.id();
                    (
                        id.value.as_str(),
                        Location {
                            file: r.file,
                            span: id.span,
                        },
                    )
                })
                .collect()
        }
        match kind {
            Kind::Organization => of(self.organization.as_slice()),
            Kind::Subprocessor => of(&self.subprocessors),
            Kind::Contract => of(&self.contracts),
            Kind::Transfer => of(&self.transfers),
            Kind::DataCategory => of(&self.data_categories),
            Kind::DataSubject => of(&self.data_subjects),
            Kind::Activity => of(&self.activities),
            Kind::System => of(&self.systems),
            Kind::Flow => of(&self.flows),
            Kind::Retention => of(&self.retention),
            Kind::Tom => of(&self.toms),
            Kind::Role => of(&self.roles),
            Kind::Training => of(&self.trainings),
            Kind::Plan => of(&self.plans),
            Kind::Feature => of(&self.features),
            Kind::Process => of(&self.processes),
            Kind::Answer => of(&self.answers),
        }
    }

    /// Whether a record of this kind and id exists (or exists but could not be read).
    pub fn contains(&self, kind: Kind, id: &str) -> bool {
        self.position(kind, id).is_some()
            || (!self.unreadable.is_empty() && self.unreadable.contains(&(kind, id.to_string())))
    }

    /// The id of the record at a position of its kind's list.
    pub fn id_at(&self, kind: Kind, position: usize) -> Option<&str> {
        fn of<T: HasId>(v: &[Record<T>], i: usize) -> Option<&str> {
            v.get(i).map(|r| r.data.id().value.as_str())
        }
        match kind {
            Kind::Organization => of(self.organization.as_slice(), position),
            Kind::Subprocessor => of(&self.subprocessors, position),
            Kind::Contract => of(&self.contracts, position),
            Kind::Transfer => of(&self.transfers, position),
            Kind::DataCategory => of(&self.data_categories, position),
            Kind::DataSubject => of(&self.data_subjects, position),
            Kind::Activity => of(&self.activities, position),
            Kind::System => of(&self.systems, position),
            Kind::Flow => of(&self.flows, position),
            Kind::Retention => of(&self.retention, position),
            Kind::Tom => of(&self.toms, position),
            Kind::Role => of(&self.roles, position),
            Kind::Training => of(&self.trainings, position),
            Kind::Plan => of(&self.plans, position),
            Kind::Feature => of(&self.features, position),
            Kind::Process => of(&self.processes, position),
            Kind::Answer => of(&self.answers, position),
        }
    }

    /// Position of a record in its kind's list.
    pub fn position(&self, kind: Kind, id: &str) -> Option<usize> {
        self.index.get(&kind).and_then(|m| m.get(id)).copied()
    }

    /// The organisation's languages, default first (`["en"]` if unknown).
    pub fn languages(&self) -> Vec<String> {
        match &self.organization {
            Some(o) if !o.data.languages.is_empty() => {
                o.data.languages.iter().map(|l| l.value.clone()).collect()
            }
            _ => vec!["en".to_string()],
        }
    }

    /// The default language.
    pub fn default_language(&self) -> String {
        self.languages().remove(0)
    }
}

macro_rules! lookup {
    ($($fn:ident, $field:ident, $kind:expr, $t:ty;)*) => {
        impl Registry {$(
            #[doc = concat!("The ", stringify!($fn), " with this id.")]
            pub fn $fn(&self, id: &str) -> Option<&Record<$t>> {
                self.position($kind, id).and_then(|i| self.$field.get(i))
            }
        )*}
    };
}

lookup! {
    subprocessor, subprocessors, Kind::Subprocessor, Subprocessor;
    contract, contracts, Kind::Contract, Contract;
    transfer, transfers, Kind::Transfer, Transfer;
    data_category, data_categories, Kind::DataCategory, DataCategory;
    data_subject, data_subjects, Kind::DataSubject, DataSubject;
    activity, activities, Kind::Activity, Activity;
    system, systems, Kind::System, System;
    flow, flows, Kind::Flow, Flow;
    retention_rule, retention, Kind::Retention, RetentionRule;
    tom, toms, Kind::Tom, Tom;
    role, roles, Kind::Role, Role;
    training, trainings, Kind::Training, Training;
    plan, plans, Kind::Plan, Plan;
    feature, features, Kind::Feature, Feature;
    process, processes, Kind::Process, Process;
    answer, answers, Kind::Answer, Answer;
}
