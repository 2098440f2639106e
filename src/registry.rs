//! The loaded, cross-linked registry: every record by kind, lookups by id.

use crate::diagnostics::Location;
use crate::model::activity::Activity;
use crate::model::contract::Contract;
use crate::model::flow::{Flow, System};
use crate::model::organization::Organization;
use crate::model::people::{Role, Training};
use crate::model::process::{Answer, Process};
use crate::model::product::{Feature, Plan};
use crate::model::retention::RetentionRule;
use crate::model::subprocessor::Subprocessor;
use crate::model::taxonomy::{DataCategory, DataSubject};
use crate::model::tom::Tom;
use crate::model::transfer::Transfer;
use crate::model::{Kind, Record, Ref};
use crate::source::SourceMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// A record kind that has an id.
pub trait HasId {
    /// The record's id, with where it is written.
    fn id(&self) -> &Ref;
}

macro_rules! has_id {
    ($($t:ty),*) => {$(
        impl HasId for $t {
            fn id(&self) -> &Ref {
                &self.id
            }
        }
    )*};
}
has_id!(
    Organization,
    Subprocessor,
    Contract,
    Transfer,
    DataCategory,
    DataSubject,
    Activity,
    System,
    Flow,
    RetentionRule,
    Tom,
    Role,
    Training,
    Plan,
    Feature
);

impl<M> HasId for crate::model::process::Document<M> {
    fn id(&self) -> &Ref {
        &self.id
    }
}

/// A record as written in its file, before it became a typed record.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// Its kind.
    pub kind: Kind,
    /// Its id.
    pub id: String,
    /// Its file.
    pub file: crate::source::FileId,
    /// Where its mapping is written in the file (for a process: in its front matter).
    pub span: crate::source::Span,
    /// Its `visibility`, if it sets one it may have.
    pub visibility: Option<crate::model::Visibility>,
    /// Its YAML tree, kept only when it stands in a list file (which would be read
    /// again once per record); [`RawRecord::tree`] reads the others again from their
    /// file when a site for a narrower audience needs them. A large registry's trees
    /// are a good part of its memory.
    pub node: Option<crate::load::yaml::Node>,
}

impl RawRecord {
    /// A record as loaded from `node`; the tree is kept if `keep` (a record of a list
    /// file).
    pub fn new(
        kind: Kind,
        id: String,
        file: crate::source::FileId,
        node: crate::load::yaml::Node,
        keep: bool,
    ) -> Self {
        RawRecord {
            kind,
            id,
            file,
            span: node.span,
            visibility: crate::audience::written_visibility(&node),
            node: keep.then_some(node),
        }
    }

    /// The record's YAML tree: kept, or read again from its file (`None` if the file
    /// no longer holds it).
    pub fn tree(&self, sources: &crate::source::SourceMap) -> Option<crate::load::yaml::Node> {
        use crate::load::yaml::{parse, NodeKind};
        if let Some(node) = &self.node {
            return Some(node.clone());
        }
        let file = sources.get(self.file);
        let root = match self.kind {
            Kind::Process | Kind::Answer => {
                parse(&crate::load::front_matter::split(file)?.yaml).ok()?
            }
            _ => parse(file).ok()?,
        };
        if root.span == self.span {
            return Some(root);
        }
        match root.kind {
            NodeKind::Seq(items) => items.into_iter().find(|n| n.span == self.span),
            _ => None,
        }
    }
}

/// Everything a registry holds, as loaded.
#[derive(Debug, Default)]
pub struct Registry {
    /// The folder that holds `registry/` and `processes/`.
    pub root: PathBuf,
    /// Every file read.
    pub sources: SourceMap,
    /// The organisation (absent only when the registry is broken).
    pub organization: Option<Record<Organization>>,
    /// Subprocessors.
    pub subprocessors: Vec<Record<Subprocessor>>,
    /// Contracts.
    pub contracts: Vec<Record<Contract>>,
    /// Third-country transfers.
    pub transfers: Vec<Record<Transfer>>,
    /// Data categories.
    pub data_categories: Vec<Record<DataCategory>>,
    /// Data subject categories.
    pub data_subjects: Vec<Record<DataSubject>>,
    /// Processing activities.
    pub activities: Vec<Record<Activity>>,
    /// Systems.
    pub systems: Vec<Record<System>>,
    /// Data flows.
    pub flows: Vec<Record<Flow>>,
    /// Retention rules.
    pub retention: Vec<Record<RetentionRule>>,
    /// Technical and organisational measures.
    pub toms: Vec<Record<Tom>>,
    /// Roles.
    pub roles: Vec<Record<Role>>,
    /// Trainings.
    pub trainings: Vec<Record<Training>>,
    /// Plans.
    pub plans: Vec<Record<Plan>>,
    /// Optional features.
    pub features: Vec<Record<Feature>>,
    /// Process descriptions.
    pub processes: Vec<Record<Process>>,
    /// FAQ answers.
    pub answers: Vec<Record<Answer>>,
    /// Ids of records that exist but could not be read; references to them are
    /// not reported a second time.
    pub unreadable: BTreeSet<(Kind, String)>,
    /// Every loaded record as written (YAML tree), for deriving an audience's view.
    pub raw: Vec<RawRecord>,
    index: BTreeMap<Kind, foldhash::HashMap<String, usize>>,
}

impl Registry {
    /// An empty registry rooted at `root`.
    pub fn at(root: &std::path::Path) -> Self {
        Registry {
            root: root.to_path_buf(),
            ..Registry::default()
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

    /// Makes room for `additional` more records of `kind` (loading knows how many
    /// come before it adds them, and a large registry's lists are tens of megabytes).
    pub fn reserve(&mut self, kind: Kind, additional: usize) {
        match kind {
            Kind::Organization => {}
            Kind::Subprocessor => self.subprocessors.reserve(additional),
            Kind::Contract => self.contracts.reserve(additional),
            Kind::Transfer => self.transfers.reserve(additional),
            Kind::DataCategory => self.data_categories.reserve(additional),
            Kind::DataSubject => self.data_subjects.reserve(additional),
            Kind::Activity => self.activities.reserve(additional),
            Kind::System => self.systems.reserve(additional),
            Kind::Flow => self.flows.reserve(additional),
            Kind::Retention => self.retention.reserve(additional),
            Kind::Tom => self.toms.reserve(additional),
            Kind::Role => self.roles.reserve(additional),
            Kind::Training => self.trainings.reserve(additional),
            Kind::Plan => self.plans.reserve(additional),
            Kind::Feature => self.features.reserve(additional),
            Kind::Process => self.processes.reserve(additional),
            Kind::Answer => self.answers.reserve(additional),
        }
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
