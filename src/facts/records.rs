//! The facts of the other record kinds: retention rules, data categories, roles,
//! trainings, plans, features and processes, one function each.

use super::{join, opt, text, Facts, Reachable};
use crate::i18n::{self, t};
use crate::model::Kind;
use serde_json::{json, Map, Value};

/// Inserts `retention`: the retention rules, by id.
pub(super) fn retention(c: &Facts, reach: &Reachable, root: &mut Map<String, Value>) {
    let (reg, lang, d) = (c.reg, c.lang, c.d);
    let label = |kind: Kind, id: &str| c.label(kind, id);
    if !reach.any(&["retention"]) {
        return;
    }
    let mut rules = Map::new();
    for r in &reg.retention {
        let x = &r.data;
        if !reach.entry("retention", &x.id.value) {
            continue;
        }
        let trigger = serde_json::to_value(x.trigger)
            .ok()
            .and_then(|v| v.as_str().map(|c| i18n::value(lang, c)))
            .unwrap_or_default();
        rules.insert(
            x.id.value.clone(),
            json!({
                "name": text(&x.name, lang, d),
                "period": x.period.as_ref().map(|p| i18n::duration(lang, &p.value)).unwrap_or_else(|| t(lang, "set_by_customer")),
                "trigger": trigger, "event": opt(&x.event, lang, d), "deletion": text(&x.deletion, lang, d),
                "latest": x.at_the_latest.as_ref().map(|l| label(Kind::Retention, &l.value)),
                "options": x.customer_options.iter().map(|o| text(o, lang, d)).collect::<Vec<_>>(),
                "data": join(&x.data_categories.iter().map(|c| label(Kind::DataCategory, &c.value)).collect::<Vec<_>>(), lang),
            }),
        );
    }
    root.insert("retention".into(), Value::Object(rules));
}

/// Inserts `data_category`: the data categories' labels, by id.
pub(super) fn data_categories(c: &Facts, reach: &Reachable, root: &mut Map<String, Value>) {
    let (reg, lang, d) = (c.reg, c.lang, c.d);
    if !reach.any(&["data_category"]) {
        return;
    }
    let cats: Map<String, Value> = reg
        .data_categories
        .iter()
        .map(|c| {
            (
                c.data.id.value.clone(),
                json!({"label": text(&c.data.label, lang, d)}),
            )
        })
        .collect();
    root.insert("data_category".into(), Value::Object(cats));
}

/// Inserts `role` (by id) and `product_roles`.
pub(super) fn roles(c: &Facts, reach: &Reachable, root: &mut Map<String, Value>) {
    let (reg, lang, d) = (c.reg, c.lang, c.d);
    if !reach.any(&["role", "product_roles"]) {
        return;
    }
    let mut roles = Map::new();
    let mut product_roles = Vec::new();
    for r in &reg.roles {
        let x = &r.data;
        let v = json!({
            "name": text(&x.name, lang, d), "description": opt(&x.description, lang, d),
            "permissions": join(&x.permissions.iter().map(|p| text(&p.label, lang, d)).collect::<Vec<_>>(), lang),
            "product": x.scope == crate::model::people::RoleScope::Product, "customizable": x.customizable,
        });
        if x.scope == crate::model::people::RoleScope::Product {
            product_roles.push(v.clone());
        }
        roles.insert(x.id.value.clone(), v);
    }
    root.insert("role".into(), Value::Object(roles));
    root.insert("product_roles".into(), Value::Array(product_roles));
}

/// Inserts `training` (by id) and `trainings`.
pub(super) fn trainings(c: &Facts, reach: &Reachable, root: &mut Map<String, Value>) {
    let (reg, lang, d) = (c.reg, c.lang, c.d);
    if !reach.any(&["trainings", "training"]) {
        return;
    }
    let mut trainings = Map::new();
    for tr in &reg.trainings {
        let x = &tr.data;
        trainings.insert(
            x.id.value.clone(),
            json!({
                "title": text(&x.title, lang, d), "topic": text(&x.topic, lang, d),
                "audience": join(&x.audience.iter().map(|a| reg.role(a).map(|r| text(&r.data.name, lang, d)).unwrap_or_else(|| a.clone())).collect::<Vec<_>>(), lang),
                "interval": i18n::duration(lang, &x.interval.value), "last_held": x.last_held.value.to_string(),
                "next_due": x.next_due().to_string(), "intensive": x.depth == crate::model::people::Depth::Intensive,
            }),
        );
    }
    root.insert(
        "trainings".into(),
        Value::Array(trainings.values().cloned().collect()),
    );
    root.insert("training".into(), Value::Object(trainings));
}

/// Inserts `plan` (by id) and `plans`, in record order.
pub(super) fn plans(c: &Facts, reach: &Reachable, root: &mut Map<String, Value>) {
    let (reg, lang, d) = (c.reg, c.lang, c.d);
    let label = |kind: Kind, id: &str| c.label(kind, id);
    if !reach.any(&["plans", "plan"]) {
        return;
    }
    let plans: Map<String, Value> = reg
        .plans
        .iter()
        .map(|p| {
            let features: Vec<String> = p
                .data
                .features
                .iter()
                .map(|f| label(Kind::Feature, &f.value))
                .collect();
            (
                p.data.id.value.clone(),
                json!({"name": text(&p.data.name, lang, d), "features": join(&features, lang)}),
            )
        })
        .collect();
    // In record order as lists too: Tera iterates maps in no fixed order.
    root.insert(
        "plans".into(),
        Value::Array(
            reg.plans
                .iter()
                .filter_map(|p| plans.get(&p.data.id.value).cloned())
                .collect(),
        ),
    );
    root.insert("plan".into(), Value::Object(plans));
}

/// Inserts `feature` (by id) and `features`, in record order.
pub(super) fn features(c: &Facts, reach: &Reachable, root: &mut Map<String, Value>) {
    let (reg, lang, d) = (c.reg, c.lang, c.d);
    let label = |kind: Kind, id: &str| c.label(kind, id);
    if !reach.any(&["features", "feature"]) {
        return;
    }
    let features: Map<String, Value> = reg
        .features
        .iter()
        .map(|f| {
            let subs: Vec<String> = f.data.subprocessors.iter().map(|s| label(Kind::Subprocessor, &s.value)).collect();
            (f.data.id.value.clone(), json!({"name": text(&f.data.name, lang, d), "description": opt(&f.data.description, lang, d), "subprocessors": join(&subs, lang), "default_on": f.data.default_on}))
        })
        .collect();
    root.insert(
        "features".into(),
        Value::Array(
            reg.features
                .iter()
                .filter_map(|f| features.get(&f.data.id.value).cloned())
                .collect(),
        ),
    );
    root.insert("feature".into(), Value::Object(features));
}

/// Inserts `process` (by id) and `processes`.
pub(super) fn processes(c: &Facts, reach: &Reachable, root: &mut Map<String, Value>) {
    let (reg, lang, d) = (c.reg, c.lang, c.d);
    if !reach.any(&["processes", "process"]) {
        return;
    }
    let mut processes = Map::new();
    let list = reach.any(&["processes"]);
    for p in &reg.processes {
        if !list && !reach.entry("process", &p.data.id.value) {
            continue;
        }
        let title = p
            .data
            .bodies
            .iter()
            .find(|b| b.lang == lang)
            .or(p.data.bodies.first())
            .map(|b| b.title.clone())
            .unwrap_or_default();
        processes.insert(
            p.data.id.value.clone(),
            json!({"title": title, "deadline": p.data.meta.deadline.as_ref().map(|x| i18n::duration(lang, &x.value)), "deadline_basis": opt(&p.data.meta.deadline_basis, lang, d)}),
        );
    }
    root.insert(
        "processes".into(),
        Value::Array(processes.values().cloned().collect()),
    );
    root.insert("process".into(), Value::Object(processes));
}
