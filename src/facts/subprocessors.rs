//! The subprocessors' facts: `subprocessor` (every one, by id) and the lists of
//! those in use (`subprocessors`, `core_subprocessors`, `optional_subprocessors`).

use super::{join, text, Facts, Reachable};
use crate::i18n;
use crate::model::subprocessor::Subprocessor;
use crate::model::Kind;
use serde_json::{json, Map, Value};

/// Inserts the subprocessors' facts.
pub(super) fn insert(c: &Facts, reach: &Reachable, root: &mut Map<String, Value>) {
    let (reg, optional) = (c.reg, &c.optional);
    if !reach.any(&[
        "core_subprocessors",
        "optional_subprocessors",
        "subprocessors",
        "subprocessor",
    ]) {
        return;
    }
    let mut subs = Map::new();
    let lists = reach.any(&[
        "core_subprocessors",
        "optional_subprocessors",
        "subprocessors",
    ]);
    for s in &reg.subprocessors {
        let x = &s.data;
        if !lists && !reach.entry("subprocessor", &x.id.value) {
            continue;
        }
        subs.insert(x.id.value.clone(), one(c, x));
    }
    // In use: active and processing personal data (the rule `ropa answer` applies).
    let in_use = |s: &&crate::model::Record<crate::model::subprocessor::Subprocessor>| {
        s.data.status == crate::model::subprocessor::Status::Active
            && s.data.processes_personal_data
    };
    let is_optional = |s: &&crate::model::Record<crate::model::subprocessor::Subprocessor>| {
        optional.iter().any(|(_, sid)| *sid == s.data.id.value)
    };
    let pick = |keep: &dyn Fn(
        &&crate::model::Record<crate::model::subprocessor::Subprocessor>,
    ) -> bool|
     -> Vec<Value> {
        reg.subprocessors
            .iter()
            .filter(in_use)
            .filter(keep)
            .filter_map(|s| subs.get(&s.data.id.value).cloned())
            .collect()
    };
    let core = pick(&|s| !is_optional(s));
    let opt_subs = pick(&|s| is_optional(s));
    let all_in_use = pick(&|_| true);
    root.insert("core_subprocessors".into(), Value::Array(core));
    root.insert("optional_subprocessors".into(), Value::Array(opt_subs));
    root.insert("subprocessors".into(), Value::Array(all_in_use));
    root.insert("subprocessor".into(), Value::Object(subs));
}

/// The facts of one subprocessor.
fn one(c: &Facts, x: &Subprocessor) -> Value {
    let (reg, lang, d) = (c.reg, c.lang, c.d);
    let label = |kind: Kind, id: &str| c.label(kind, id);
    let optional = &c.optional;
    let (cities, country_names, site_words) = sites(x, lang);
    let periods: Vec<String> = x
        .retention
        .iter()
        .filter_map(|r| reg.retention_rule(&r.value))
        .filter(|r| {
            r.data
                .subprocessor
                .as_ref()
                .is_some_and(|sp| sp.value == x.id.value)
        })
        .filter_map(|r| {
            r.data
                .period
                .as_ref()
                .map(|p| i18n::duration(lang, &p.value))
        })
        .collect();
    let features: Vec<String> = optional
        .iter()
        .filter(|(_, sid)| *sid == x.id.value)
        .map(|(f, _)| label(Kind::Feature, f))
        .collect();
    let data: Vec<String> = x
        .data_categories
        .iter()
        .map(|c| label(Kind::DataCategory, &c.value))
        .collect();
    let mechanisms: Vec<String> = x
        .transfers
        .iter()
        .filter_map(|t| reg.transfer(&t.value))
        .flat_map(|t| {
            t.data.mechanisms.iter().map(|m| {
                serde_json::to_value(m.value)
                    .ok()
                    .and_then(|v| v.as_str().map(|c| i18n::value(lang, c)))
                    .unwrap_or_default()
            })
        })
        .collect();
    json!({
        "id": x.id.value, "name": x.name, "legal_name": x.legal_name, "service": text(&x.service, lang, d),
        "address": format!("{}, {} {}, {}", x.address.street, x.address.postal_code, x.address.city, crate::i18n::country_name(x.address.country.code(), lang)),
        "country": crate::i18n::country_name(x.address.country.code(), lang),
        "sites": join(&site_words, lang), "cities": join(&cities, lang), "countries": join(&country_names, lang),
        "data": join(&data, lang), "data_list": data,
        "retention": join(&periods, lang),
        "since": x.since.map(|s| s.to_string()), "since_year": x.since.map(|s| s.0.format("%Y").to_string()),
        "certifications": join(&x.certifications.iter().map(|c| c.name.clone()).collect::<Vec<_>>(), lang),
        "transfer_mechanisms": join(&mechanisms, lang),
        "optional": !features.is_empty(), "features": join(&features, lang),
    })
}

/// Where a subprocessor processes: its cities, its countries, and both with its
/// regions in words.
fn sites(x: &Subprocessor, lang: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let cities: Vec<String> = x
        .sites
        .iter()
        .filter_map(|site| site.city.clone())
        .collect();
    let mut country_names: Vec<String> = x
        .sites
        .iter()
        .filter_map(|site| {
            site.country
                .as_ref()
                .map(|c| crate::i18n::country_name(c.code(), lang))
        })
        .collect();
    country_names.dedup();
    let mut site_words = Vec::new();
    if !cities.is_empty() {
        site_words.push(format!(
            "{} ({})",
            join(&cities, lang),
            join(&country_names, lang)
        ));
    } else if !country_names.is_empty() {
        site_words.push(join(&country_names, lang));
    }
    site_words.extend(region_words(&x.sites, lang));
    if x.sites.iter().any(|s| s.global_edge) {
        site_words.push(i18n::word(lang, "facts", "edge_network"));
    }
    (cities, country_names, site_words)
}

/// The words for the regions a subprocessor's sites name (`region: eu` / `eea`), each
/// once: the EEA is wider than the EU (Norway, Iceland, Liechtenstein), so a site in the
/// EEA must not be called one in the EU.
fn region_words(
    sites: &[crate::model::Spanned<crate::model::subprocessor::Site>],
    lang: &str,
) -> Vec<String> {
    use crate::model::subprocessor::Region;
    let mut regions: Vec<Region> = sites.iter().filter_map(|s| s.region).collect();
    regions.sort_by_key(|r| *r as u8);
    regions.dedup();
    regions
        .into_iter()
        .map(|r| {
            let key = match r {
                Region::Eu => "region_eu",
                Region::Eea => "region_eea",
            };
            i18n::word(lang, "facts", key)
        })
        .collect()
}
