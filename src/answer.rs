//! `ropa answer`: which subprocessors, data, sites and retention apply to a customer
//! with a given plan and features. The trust site's filter uses the same rules.

use crate::facts::optional_subprocessors;
use crate::model::subprocessor::Status;
use crate::model::Kind;
use crate::registry::Registry;
use serde::Serialize;
use std::collections::BTreeSet;

/// What applies to one customer.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Applicable {
    /// The plan's id.
    pub plan: String,
    /// Features switched on (requested, or on by default in the plan).
    pub features: Vec<String>,
    /// Subprocessors that process this customer's data, by id.
    pub subprocessors: Vec<String>,
    /// Data categories they process, by id.
    pub data_categories: Vec<String>,
    /// Retention rules that apply, by id.
    pub retention: Vec<String>,
}

/// The subprocessors every customer's data reaches: active, processing personal data,
/// and not switched on by an optional feature.
pub fn core_subprocessors(reg: &Registry) -> Vec<String> {
    let optional = optional_subprocessors(reg);
    reg.subprocessors
        .iter()
        .filter(|s| s.data.status == Status::Active && s.data.processes_personal_data)
        .filter(|s| !optional.iter().any(|(_, id)| *id == s.data.id.value))
        .map(|s| s.data.id.value.clone())
        .collect()
}

/// What applies to a customer with `plan` who switched on `features`.
pub fn applicable(reg: &Registry, plan: &str, features: &[String]) -> Result<Applicable, String> {
    let Some(p) = reg.plan(plan) else {
        let known: Vec<&str> = reg.ids(Kind::Plan).into_iter().map(|(i, _)| i).collect();
        return Err(format!(
            "there is no plan `{plan}`; {}",
            crate::diagnostics::suggest(plan, &known)
        ));
    };
    let included: Vec<&str> = p.data.features.iter().map(|f| f.value.as_str()).collect();
    let mut on: BTreeSet<String> = BTreeSet::new();
    for f in features {
        if reg.feature(f).is_none() {
            let known: Vec<&str> = reg.ids(Kind::Feature).into_iter().map(|(i, _)| i).collect();
            return Err(format!(
                "there is no feature `{f}`; {}",
                crate::diagnostics::suggest(f, &known)
            ));
        }
        if !included.contains(&f.as_str()) {
            return Err(format!(
                "the plan `{plan}` does not include the feature `{f}` (it includes: {})",
                if included.is_empty() {
                    "no optional features".to_string()
                } else {
                    included.join(", ")
                }
            ));
        }
        on.insert(f.clone());
    }
    for f in &included {
        if reg.feature(f).is_some_and(|x| x.data.default_on) {
            on.insert(f.to_string());
        }
    }
    let mut subs: BTreeSet<String> = core_subprocessors(reg).into_iter().collect();
    let mut cats: BTreeSet<String> = BTreeSet::new();
    for f in &on {
        if let Some(feature) = reg.feature(f) {
            subs.extend(feature.data.subprocessors.iter().map(|s| s.value.clone()));
            cats.extend(feature.data.data_categories.iter().map(|c| c.value.clone()));
        }
    }
    let mut retention = BTreeSet::new();
    for s in &subs {
        if let Some(sub) = reg.subprocessor(s) {
            cats.extend(sub.data.data_categories.iter().map(|c| c.value.clone()));
            retention.extend(sub.data.retention.iter().map(|r| r.value.clone()));
        }
    }
    Ok(Applicable {
        plan: plan.to_string(),
        features: on.into_iter().collect(),
        subprocessors: subs.into_iter().collect(),
        data_categories: cats.into_iter().collect(),
        retention: retention.into_iter().collect(),
    })
}

/// The answer as text for people, in `lang`.
pub fn to_text(reg: &Registry, a: &Applicable, lang: &str) -> String {
    let d = reg.default_language();
    let facts = crate::facts::facts(reg, lang, &crate::facts::Reachable::all());
    let w = |key: &str| crate::i18n::word(lang, "answer", key);
    let mut out = String::new();
    let plan = reg
        .plan(&a.plan)
        .map(|p| p.data.name.get(lang, &d).to_string())
        .unwrap_or_default();
    let features: Vec<String> = a
        .features
        .iter()
        .filter_map(|f| reg.feature(f))
        .map(|f| f.data.name.get(lang, &d).to_string())
        .collect();
    out.push_str(&format!(
        "{} {plan} ({}){}\n\n",
        w("plan"),
        a.plan,
        if features.is_empty() {
            w("no_features")
        } else {
            format!("{} {}", w("with"), crate::facts::join(&features, lang))
        }
    ));
    out.push_str(&format!("{}:\n", w("subprocessors")));
    for s in &a.subprocessors {
        let f = &facts["subprocessor"][s];
        out.push_str(&format!(
            "  - {} ({}): {}\n    {}: {}\n",
            f["legal_name"].as_str().unwrap_or(s),
            f["country"].as_str().unwrap_or_default(),
            f["service"]
                .as_str()
                .unwrap_or_default()
                .lines()
                .next()
                .unwrap_or_default(),
            w("sites"),
            f["sites"].as_str().unwrap_or_default(),
        ));
    }
    let cats: Vec<String> = a
        .data_categories
        .iter()
        .map(|c| {
            facts["data_category"][c]["label"]
                .as_str()
                .unwrap_or(c)
                .to_string()
        })
        .collect();
    out.push_str(&format!(
        "\n{}: {}\n",
        w("data_categories"),
        cats.join(", ")
    ));
    out.push_str(&format!("\n{}:\n", w("retention")));
    for r in &a.retention {
        let f = &facts["retention"][r];
        out.push_str(&format!(
            "  - {}: {}\n",
            f["name"].as_str().unwrap_or(r),
            f["period"].as_str().unwrap_or_default()
        ));
    }
    out
}
