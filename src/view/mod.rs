//! Records as every output shows them (site, report, exports): labels, URLs,
//! localised texts, the "used by" lists computed from the registry's links, and the
//! templates they render through.

pub mod templates;

use crate::i18n;
use crate::links::links;
use crate::model::flow::Flow;
use crate::model::{Kind, Record};
use crate::registry::Registry;
use foldhash::HashMap;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A link as templates use it: a label and a root-relative URL.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinkView {
    /// What the reader sees.
    pub label: String,
    /// Root-relative URL (templates prefix `root`).
    pub href: String,
}

/// A group of "used by" links: the kind, and the records.
#[derive(Debug, Clone, Serialize)]
pub struct UsedBy {
    /// The kind, plural.
    pub kind: String,
    /// The records.
    pub items: Vec<LinkView>,
}

/// The registry prepared for the site: links both ways, labels, URLs.
pub struct SiteView<'a> {
    /// The registry.
    pub reg: &'a Registry,
    /// Languages, default first.
    pub languages: Vec<String>,
    /// Who the site is for.
    pub audience: crate::model::Visibility,
    links: Cow<'a, LinkIndex>,
    /// Ids per kind, sorted once (pages ask for them constantly).
    sorted_ids: BTreeMap<Kind, Vec<&'a str>>,
    /// Every record serialised when first asked for, by kind and id (a one-page
    /// rebuild in `serve` needs only a few of them).
    records: BTreeMap<Kind, HashMap<&'a str, OnceLock<Value>>>,
    /// The flows each activity and system takes part in, built when first asked for.
    flows: OnceLock<FlowIndex<'a>>,
    /// Whether the registry has its own `templates/field-row.html`, looked up once.
    own_field_rows: OnceLock<bool>,
}

/// Flows by the activity or system they belong to.
type FlowIndex<'a> = HashMap<Kind, HashMap<&'a str, Vec<&'a Record<Flow>>>>;

/// Who links to whom, by position of the records in the registry's lists. Building it
/// for a large registry takes a while; `serve` keeps it between rebuilds of process
/// texts, which hold no such links.
#[derive(Clone, Default)]
pub struct LinkIndex {
    /// (kind, position) of a record → (kind, position) of the records naming it.
    incoming: HashMap<(Kind, usize), Vec<(Kind, usize)>>,
    /// kind → field → target kind, for turning ids in field values into links.
    ref_fields: HashMap<Kind, HashMap<&'static str, Kind>>,
}

impl LinkIndex {
    /// The links of a registry.
    pub fn new(reg: &Registry) -> Self {
        let mut index = LinkIndex::default();
        for l in links(reg) {
            index
                .ref_fields
                .entry(l.from_kind)
                .or_default()
                .entry(l.field)
                .or_insert(l.to_kind);
            let from = reg.position(l.from_kind, l.from_id);
            let to = reg.position(l.to_kind, l.to_id);
            if let (Some(from), Some(to)) = (from, to) {
                index
                    .incoming
                    .entry((l.to_kind, to))
                    .or_default()
                    .push((l.from_kind, from));
            }
        }
        index
    }
}

/// Root-relative URL of a record's page.
pub fn href(kind: Kind, id: &str, lang: &str) -> String {
    match kind {
        Kind::Organization => format!("{lang}/organization.html"),
        _ => format!("{lang}/{}/{id}.html", kind.folder()),
    }
}

/// Root-relative URL of a kind's index page.
pub fn index_href(kind: Kind, lang: &str) -> String {
    match kind {
        Kind::Organization => format!("{lang}/organization.html"),
        _ => format!("{lang}/{}/index.html", kind.folder()),
    }
}

impl<'a> SiteView<'a> {
    /// Prepares the view of a registry.
    pub fn new(reg: &'a Registry, audience: crate::model::Visibility) -> Self {
        // Indexing the links and sorting the ids are independent; both take a while.
        let (links, mut view) = rayon::join(
            || LinkIndex::new(reg),
            || Self::with_links(reg, audience, Cow::Owned(LinkIndex::default())),
        );
        view.links = Cow::Owned(links);
        view
    }

    /// Prepares the view of a registry whose links are already indexed.
    pub fn with_links(
        reg: &'a Registry,
        audience: crate::model::Visibility,
        links: Cow<'a, LinkIndex>,
    ) -> Self {
        let mut sorted_ids = BTreeMap::new();
        for kind in Kind::ALL {
            let mut ids: Vec<&str> = reg.ids(kind).into_iter().map(|(i, _)| i).collect();
            ids.sort_unstable();
            ids.dedup();
            sorted_ids.insert(kind, ids);
        }
        let records = sorted_ids
            .iter()
            .map(|(kind, ids)| (*kind, ids.iter().map(|id| (*id, OnceLock::new())).collect()))
            .collect();
        SiteView {
            reg,
            languages: reg.languages(),
            audience,
            links,
            sorted_ids,
            records,
            flows: OnceLock::new(),
            own_field_rows: OnceLock::new(),
        }
    }

    /// Whether the registry replaces the built-in `field-row.html` with its own.
    pub fn has_own_field_rows(&self) -> bool {
        *self.own_field_rows.get_or_init(|| {
            let folder = std::path::Path::new("templates");
            self.reg.input.is_dir(folder)
                && self
                    .reg
                    .input
                    .names_in(folder)
                    .is_ok_and(|names| names.iter().any(|n| n == "field-row.html"))
        })
    }

    /// Its link index (to keep for a later view of the same registry).
    pub fn into_links(self) -> LinkIndex {
        self.links.into_owned()
    }

    /// The default language.
    pub fn default_lang(&self) -> &str {
        &self.languages[0]
    }

    /// The name a reader knows a record by.
    pub fn label(&self, kind: Kind, id: &str, lang: &str) -> String {
        let d = self.default_lang();
        let r = self.reg;
        let s = match kind {
            Kind::Organization => r.organization.as_ref().map(|o| o.data.legal_name.clone()),
            Kind::Subprocessor => r.subprocessor(id).map(|x| x.data.name.clone()),
            Kind::Contract => r
                .contract(id)
                .map(|x| x.data.title.get(lang, d).to_string()),
            Kind::Transfer => r.transfer(id).map(|x| {
                let sub = self.label(Kind::Subprocessor, &x.data.subprocessor.value, lang);
                let countries: Vec<String> = x
                    .data
                    .countries
                    .iter()
                    .map(|c| crate::i18n::country_name(c.code(), lang))
                    .collect();
                format!("{sub} → {}", countries.join(", "))
            }),
            Kind::DataCategory => r
                .data_category(id)
                .map(|x| x.data.label.get(lang, d).to_string()),
            Kind::DataSubject => r
                .data_subject(id)
                .map(|x| x.data.label.get(lang, d).to_string()),
            Kind::Activity => r.activity(id).map(|x| x.data.name.get(lang, d).to_string()),
            Kind::System => r.system(id).map(|x| x.data.name.get(lang, d).to_string()),
            Kind::Flow => r.flow(id).map(|x| {
                format!(
                    "{} → {}",
                    self.label(Kind::System, &x.data.from.value, lang),
                    self.label(Kind::System, &x.data.to.value, lang)
                )
            }),
            Kind::Retention => r
                .retention_rule(id)
                .map(|x| x.data.name.get(lang, d).to_string()),
            Kind::Tom => r.tom(id).map(|x| x.data.title.get(lang, d).to_string()),
            Kind::Role => r.role(id).map(|x| x.data.name.get(lang, d).to_string()),
            Kind::Training => r
                .training(id)
                .map(|x| x.data.title.get(lang, d).to_string()),
            Kind::Plan => r.plan(id).map(|x| x.data.name.get(lang, d).to_string()),
            Kind::Feature => r.feature(id).map(|x| x.data.name.get(lang, d).to_string()),
            Kind::Answer => r.answer(id).map(|x| {
                x.data
                    .bodies
                    .iter()
                    .find(|b| b.lang == lang)
                    .or(x.data.bodies.first())
                    .map(|b| b.title.clone())
                    .unwrap_or_default()
            }),
            Kind::Process => r.process(id).map(|x| {
                x.data
                    .bodies
                    .iter()
                    .find(|b| b.lang == lang)
                    .or(x.data.bodies.first())
                    .map(|b| b.title.clone())
                    .unwrap_or_default()
            }),
        };
        s.filter(|s| !s.is_empty())
            .unwrap_or_else(|| id.to_string())
    }

    /// A link to a record.
    pub fn link(&self, kind: Kind, id: &str, lang: &str) -> LinkView {
        LinkView {
            label: self.label(kind, id, lang),
            href: href(kind, id, lang),
        }
    }

    /// Every id of a kind, in page order (sorted by id for stable output).
    pub fn ids(&self, kind: Kind) -> &[&'a str] {
        self.sorted_ids.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// How many records of a kind there are.
    pub fn count(&self, kind: Kind) -> usize {
        self.sorted_ids.get(&kind).map(Vec::len).unwrap_or(0)
    }

    /// The flows an activity serves, or that start or end at a system, in registry order.
    pub fn flows_of(&self, kind: Kind, id: &str) -> &[&'a Record<Flow>] {
        let index = self.flows.get_or_init(|| {
            let mut index = FlowIndex::default();
            for f in &self.reg.flows {
                let d = &f.data;
                let mut keys: Vec<(Kind, &str)> = d
                    .activities
                    .iter()
                    .map(|a| (Kind::Activity, a.value.as_str()))
                    .collect();
                keys.push((Kind::System, &d.from.value));
                keys.push((Kind::System, &d.to.value));
                keys.sort_unstable();
                keys.dedup();
                for (kind, id) in keys {
                    index
                        .entry(kind)
                        .or_default()
                        .entry(id)
                        .or_default()
                        .push(f);
                }
            }
            index
        });
        index
            .get(&kind)
            .and_then(|m| m.get(id))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// What links to a record, grouped by kind.
    pub fn used_by(&self, kind: Kind, id: &str, lang: &str) -> Vec<UsedBy> {
        let mut groups: BTreeMap<Kind, Vec<LinkView>> = BTreeMap::new();
        let from = self
            .reg
            .position(kind, id)
            .and_then(|to| self.links.incoming.get(&(kind, to)));
        for &(from_kind, position) in from.map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(from_id) = self.reg.id_at(from_kind, position) {
                groups
                    .entry(from_kind)
                    .or_default()
                    .push(self.link(from_kind, from_id, lang));
            }
        }
        groups
            .into_iter()
            .map(|(k, mut items)| {
                items.sort();
                items.dedup();
                UsedBy {
                    kind: i18n::kind_plural(lang, k),
                    items,
                }
            })
            .collect()
    }

    /// The record as JSON, as it would be serialised (`null` if there is none).
    pub fn json(&self, kind: Kind, id: &str) -> &Value {
        let records = self.records.get(&kind);
        // There is one organisation; pages name it without its id.
        let found = match kind {
            Kind::Organization => records.and_then(|m| m.iter().next()),
            _ => records.and_then(|m| m.get_key_value(id)),
        };
        found
            .map(|(id, cell)| cell.get_or_init(|| self.serialise(kind, id)))
            .unwrap_or(&Value::Null)
    }

    fn serialise(&self, kind: Kind, id: &str) -> Value {
        let r = self.reg;
        let v = match kind {
            Kind::Organization => r
                .organization
                .as_ref()
                .map(|x| serde_json::to_value(&x.data)),
            Kind::Subprocessor => r.subprocessor(id).map(|x| serde_json::to_value(&x.data)),
            Kind::Contract => r.contract(id).map(|x| serde_json::to_value(&x.data)),
            Kind::Transfer => r.transfer(id).map(|x| serde_json::to_value(&x.data)),
            Kind::DataCategory => r.data_category(id).map(|x| serde_json::to_value(&x.data)),
            Kind::DataSubject => r.data_subject(id).map(|x| serde_json::to_value(&x.data)),
            Kind::Activity => r.activity(id).map(|x| serde_json::to_value(&x.data)),
            Kind::System => r.system(id).map(|x| serde_json::to_value(&x.data)),
            Kind::Flow => r.flow(id).map(|x| serde_json::to_value(&x.data)),
            Kind::Retention => r.retention_rule(id).map(|x| serde_json::to_value(&x.data)),
            Kind::Tom => r.tom(id).map(|x| serde_json::to_value(&x.data)),
            Kind::Role => r.role(id).map(|x| serde_json::to_value(&x.data)),
            Kind::Training => r.training(id).map(|x| serde_json::to_value(&x.data)),
            Kind::Plan => r.plan(id).map(|x| serde_json::to_value(&x.data)),
            Kind::Feature => r.feature(id).map(|x| serde_json::to_value(&x.data)),
            Kind::Process => r.process(id).map(|x| serde_json::to_value(&x.data.meta)),
            Kind::Answer => r.answer(id).map(|x| serde_json::to_value(&x.data.meta)),
        };
        v.and_then(Result::ok).unwrap_or(Value::Null)
    }

    /// Text of a record's internal notes, if any.
    pub fn notes(&self, kind: Kind, id: &str, lang: &str) -> Option<String> {
        let v = self.json(kind, id);
        v.get("notes")
            .filter(|n| !n.is_null())
            .map(|n| self.localise(n, lang))
    }

    /// A text value in `lang`: a per-language map picks its language, a string stays.
    pub fn localise(&self, v: &Value, lang: &str) -> String {
        match v {
            Value::String(s) => s.clone(),
            Value::Object(m) if self.is_text_map(m) => m
                .get(lang)
                .or_else(|| m.get(self.default_lang()))
                .or_else(|| m.values().next())
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    /// Whether an object is a text in several languages (`{de: …, en: …}`).
    pub(super) fn is_text_map(&self, m: &serde_json::Map<String, Value>) -> bool {
        !m.is_empty()
            && m.keys()
                .all(|k| k.len() == 2 && k.bytes().all(|b| b.is_ascii_lowercase()))
            && m.values().all(Value::is_string)
    }

    /// The kind a field (dotted path) of a kind refers to, if it is a reference.
    pub(super) fn ref_field(&self, kind: Kind, path: &str) -> Option<Kind> {
        self.links.ref_fields.get(&kind)?.get(path).copied()
    }
}
