//! Facts from the records, in one language, for the `{{ … }}` expressions of FAQ
//! answers: an answer says `{{ subprocessor.hetzner.sites }}` instead of copying
//! "Falkenstein und Nürnberg", so changing the record changes every answer.
//!
//! The facts come from the registry an output is built from; for the public site that
//! is the filtered registry, so an answer cannot quote what the public may not see
//! (its build fails instead).

//!
//! This module gathers them (one file per group of records) and holds what they
//! share; `reach` finds which facts answers name, `answer` renders an answer.

mod answer;
mod org;
mod reach;
mod records;
mod subprocessors;

pub use answer::{render_answer, MAX_ANSWER_BYTES, MAX_RANGE_STEPS};
pub use reach::Reachable;

use crate::model::{Kind, Text};
use crate::registry::Registry;
use serde_json::{json, Map, Value};

/// Joins words as people do: "a", "a und b", "a, b und c".
pub fn join(items: &[String], lang: &str) -> String {
    let and = crate::i18n::rule(lang, "list-and");
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} {and} {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

fn text(t: &Text, lang: &str, default: &str) -> String {
    t.get(lang, default).to_string()
}

fn opt(t: &Option<Text>, lang: &str, default: &str) -> String {
    t.as_ref()
        .map(|t| text(t, lang, default))
        .unwrap_or_default()
}

/// The subprocessors a feature switches on, by feature id.
pub fn optional_subprocessors(reg: &Registry) -> Vec<(&str, &str)> {
    reg.features
        .iter()
        .flat_map(|f| {
            f.data
                .subprocessors
                .iter()
                .map(move |s| (f.data.id.value.as_str(), s.value.as_str()))
        })
        .collect()
}

/// What the facts of one language are gathered with.
struct Facts<'a> {
    reg: &'a Registry,
    lang: &'a str,
    /// The default language.
    d: &'a str,
    /// The subprocessors features switch on, by feature id.
    optional: Vec<(&'a str, &'a str)>,
}

impl Facts<'_> {
    /// The name of a record in the language (its id when it has none).
    fn label(&self, kind: Kind, id: &str) -> String {
        let (reg, lang, d) = (self.reg, self.lang, self.d);
        match kind {
            Kind::DataCategory => reg.data_category(id).map(|c| text(&c.data.label, lang, d)),
            Kind::Subprocessor => reg.subprocessor(id).map(|s| s.data.name.clone()),
            Kind::Feature => reg.feature(id).map(|f| text(&f.data.name, lang, d)),
            Kind::Retention => reg.retention_rule(id).map(|r| text(&r.data.name, lang, d)),
            _ => None,
        }
        .unwrap_or_else(|| id.to_string())
    }
}

/// Every fact an answer may use, for one language (see README, "Answers"); of them,
/// those `reach` names.
pub fn facts(reg: &Registry, lang: &str, reach: &Reachable) -> Value {
    let d = reg.default_language();
    let d = d.as_str();
    let mut root = Map::new();
    let c = Facts {
        reg,
        lang,
        d,
        optional: optional_subprocessors(reg),
    };
    org::insert(reg, lang, d, &mut root);
    subprocessors::insert(&c, reach, &mut root);
    records::retention(&c, reach, &mut root);
    records::data_categories(&c, reach, &mut root);
    records::roles(&c, reach, &mut root);
    records::trainings(&c, reach, &mut root);
    records::plans(&c, reach, &mut root);
    records::features(&c, reach, &mut root);
    records::processes(&c, reach, &mut root);
    root.insert(
        "counts".into(),
        json!({"subprocessors": reg.subprocessors.len(), "processes": reg.processes.len(), "trainings": reg.trainings.len(), "toms": reg.toms.len()}),
    );
    Value::Object(root)
}

/// The facts of one language as a Tera context, built when an answer first needs them
/// (nothing else does, and a large registry has many facts), and only those the
/// registry's answers name.
pub struct Lazy<'a> {
    reg: &'a Registry,
    lang: String,
    cell: std::sync::OnceLock<tera::Context>,
}

impl<'a> Lazy<'a> {
    /// The facts of `reg` in `lang`, not yet gathered.
    pub fn new(reg: &'a Registry, lang: &str) -> Self {
        Lazy {
            reg,
            lang: lang.to_string(),
            cell: std::sync::OnceLock::new(),
        }
    }

    /// The context (gathered on the first call).
    pub fn get(&self) -> &tera::Context {
        self.cell.get_or_init(|| {
            let reach = Reachable::by_answers(self.reg);
            context(&facts(self.reg, &self.lang, &reach))
        })
    }
}

/// The facts as a Tera context; build it once per language and reuse it for every answer.
pub fn context(facts: &Value) -> tera::Context {
    tera::Context::from_serialize(facts).unwrap_or_default()
}
