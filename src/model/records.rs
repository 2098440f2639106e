//! Every record of a registry by kind, as plain lists (the loader fills them; the
//! registry indexes them).

use super::activity::Activity;
use super::contract::Contract;
use super::flow::{Flow, System};
use super::organization::Organization;
use super::people::{Role, Training};
use super::process::{Answer, Process};
use super::product::{Feature, Plan};
use super::retention::RetentionRule;
use super::subprocessor::Subprocessor;
use super::taxonomy::{DataCategory, DataSubject};
use super::tom::Tom;
use super::transfer::Transfer;
use super::{Kind, Record, Ref};

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

impl<M> HasId for super::process::Document<M> {
    fn id(&self) -> &Ref {
        &self.id
    }
}

/// The records of a registry, one list per kind, in load order.
#[derive(Debug, Default)]
pub struct Records {
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
}

impl Records {
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
}
