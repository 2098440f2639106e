//! Records as the site shows them: labels, URLs, localised field rows with links,
//! and the "used by" lists computed from the registry's links.

use crate::html::{escape, escape_into};
use crate::i18n;
use crate::links::links;
use crate::model::flow::Flow;
use crate::model::{IsoDuration, Kind, Record};
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

/// One row of a record's fact table: a label and HTML (already escaped).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Field label.
    pub label: String,
    /// The value as HTML.
    pub html: String,
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

/// Where a value sits: the record's kind and the field's dotted path.
#[derive(Clone, Copy)]
struct Field<'p> {
    kind: Kind,
    path: &'p str,
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
        }
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
                    .map(|c| crate::model::countries::name(c.code(), lang))
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

    /// The fact table of a record: every field but the heading, id and visibility.
    pub fn rows(&self, kind: Kind, id: &str, lang: &str, skip: &[&str], root: &str) -> Vec<Row> {
        let Value::Object(map) = self.json(kind, id) else {
            return Vec::new();
        };
        map.iter()
            .filter(|(k, _)| {
                !["id", "visibility", "field_visibility", "notes"].contains(&k.as_str())
                    && !skip.contains(&k.as_str())
            })
            .filter(|(_, v)| !is_empty(v))
            .map(|(k, v)| {
                let mut html = String::new();
                self.value_html(&mut html, Field { kind, path: k }, v, lang, root);
                Row {
                    label: i18n::field(lang, k),
                    html,
                }
            })
            .collect()
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

    fn is_text_map(&self, m: &serde_json::Map<String, Value>) -> bool {
        !m.is_empty()
            && m.keys()
                .all(|k| k.len() == 2 && k.bytes().all(|b| b.is_ascii_lowercase()))
            && m.values().all(Value::is_string)
    }

    /// Appends a field's value as HTML to `out`; links to records start with `root`.
    fn value_html(&self, out: &mut String, at: Field, v: &Value, lang: &str, root: &str) {
        let field = at.path.rsplit('.').next().unwrap_or(at.path);
        if let Some(target) = self.ref_field(at.kind, at.path) {
            match v {
                Value::String(id) => self.link_html(out, target, id, lang, root),
                Value::Array(items) => {
                    out.push_str("<ul class=\"refs\">");
                    for id in items.iter().filter_map(Value::as_str) {
                        out.push_str("<li>");
                        self.link_html(out, target, id, lang, root);
                        out.push_str("</li>");
                    }
                    out.push_str("</ul>");
                }
                _ => escape_into(out, &v.to_string(), false),
            }
            return;
        }
        match v {
            Value::Bool(b) => out.push_str(&i18n::t(lang, if *b { "yes" } else { "no" })),
            Value::Number(n) => out.push_str(&n.to_string()),
            Value::String(s) => {
                if ["period", "interval", "deadline"].contains(&field) {
                    if let Ok(d) = IsoDuration::parse(s) {
                        escape_into(out, &i18n::duration(lang, &d), false);
                        out.push_str(" <span class=\"code\">(");
                        escape_into(out, s, false);
                        out.push_str(")</span>");
                        return;
                    }
                }
                if ENUM_FIELDS.contains(&field) {
                    escape_into(out, &i18n::value(lang, s), false);
                } else if field == "country" || field == "countries" {
                    escape_into(out, &crate::model::countries::name(s, lang), false);
                } else if s.starts_with("http://") || s.starts_with("https://") {
                    let url = escape(s);
                    out.push_str(&format!("<a href=\"{url}\">{url}</a>"));
                } else {
                    escape_into(out, s, true);
                }
            }
            Value::Array(items) => {
                out.push_str(
                    if items.iter().all(|i| !i.is_object() || self.is_text_obj(i)) {
                        "<ul>"
                    } else {
                        "<ul class=\"objects\">"
                    },
                );
                for i in items {
                    out.push_str("<li>");
                    self.value_html(out, at, i, lang, root);
                    out.push_str("</li>");
                }
                out.push_str("</ul>");
            }
            Value::Object(m) if self.is_text_map(m) => {
                escape_into(out, &self.localise(v, lang), true)
            }
            Value::Object(m) if m.contains_key("street") && m.contains_key("city") => {
                let get = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default();
                let country = crate::model::countries::name(get("country"), lang);
                for (i, part) in [get("street"), get("postal_code"), get("city"), &country]
                    .into_iter()
                    .enumerate()
                {
                    out.push_str(["", ", ", " ", ", "][i]);
                    escape_into(out, part, false);
                }
            }
            Value::Object(m) => {
                out.push_str("<dl class=\"nested\">");
                let shown = m.iter().filter(|(k, x)| {
                    !(is_empty(x) || k.as_str() == "global_edge" && **x == Value::Bool(false))
                });
                for (k, x) in shown {
                    out.push_str("<dt>");
                    escape_into(out, &i18n::field(lang, k), false);
                    out.push_str("</dt><dd>");
                    let path = format!("{}.{k}", at.path);
                    let inner = Field {
                        kind: at.kind,
                        path: &path,
                    };
                    self.value_html(out, inner, x, lang, root);
                    out.push_str("</dd>");
                }
                out.push_str("</dl>");
            }
            Value::Null => {}
        }
    }

    fn is_text_obj(&self, v: &Value) -> bool {
        matches!(v, Value::Object(m) if self.is_text_map(m))
    }

    fn ref_field(&self, kind: Kind, path: &str) -> Option<Kind> {
        self.links.ref_fields.get(&kind)?.get(path).copied()
    }

    /// Appends a link to a record, or its id when there is no such record.
    fn link_html(&self, out: &mut String, kind: Kind, id: &str, lang: &str, root: &str) {
        if self.reg.contains(kind, id) {
            out.push_str("<a href=\"");
            out.push_str(root);
            escape_into(out, &href(kind, id, lang), false);
            out.push_str("\">");
            escape_into(out, &self.label(kind, id, lang), false);
            out.push_str("</a>");
        } else {
            escape_into(out, id, false);
        }
    }
}

/// Fields whose values come from a fixed set and are shown in the reader's words.
const ENUM_FIELDS: &[&str] = &[
    "role",
    "our_role",
    "status",
    "kind",
    "trigger",
    "mechanisms",
    "control",
    "sdm_goals",
    "scope",
    "depth",
    "handles",
    "subprocessor_authorisation",
    "scc_module",
    "region",
];

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}
