//! GDPR rules. Each names its article in its code and message.
//!
//! | code | article |
//! |---|---|
//! | `gdpr-art28-no-avv` | Art. 28(3): a processor needs a signed contract |
//! | `gdpr-art44-no-transfer` | Art. 44–46: a third-country site needs a transfer mechanism |
//! | `gdpr-art45-not-adequate` | Art. 45: `adequacy` claimed for a country without a decision |
//! | `gdpr-art30-1f-no-retention` | Art. 30(1)(f), 5(1)(e): every data category needs a retention rule |
//! | `gdpr-art30-1b-no-purpose` | Art. 30(1)(b): a controller activity needs its purposes |
//! | `gdpr-art6-no-legal-basis` | Art. 6(1): a controller activity needs a legal basis |
//! | `gdpr-art9-no-condition` | Art. 9(2): special categories need a 9(2) condition |
//! | `gdpr-art30-2a-no-controllers` | Art. 30(2)(a): a processor activity names its controllers |
//! | `gdpr-art30-2b-no-categories` | Art. 30(2)(b): a processor activity names its categories of processing |

use super::loc;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::countries;
use crate::model::organization::GdprRole;
use crate::model::subprocessor::Status;
use crate::model::transfer::Mechanism;
use crate::registry::Registry;

pub(super) fn check(reg: &Registry, out: &mut Diagnostics) {
    processing_agreements(reg, out);
    transfers(reg, out);
    retention(reg, out);
    controller_records(reg, out);
    processor_records(reg, out);
}

/// Art. 28(3): every subprocessor that processes personal data has a signed AVV/DPA.
fn processing_agreements(reg: &Registry, out: &mut Diagnostics) {
    // Contracts by the subprocessor they name, built once.
    let mut by_subprocessor: std::collections::HashMap<
        &str,
        Vec<&crate::model::Record<crate::model::contract::Contract>>,
    > = std::collections::HashMap::new();
    for c in &reg.contracts {
        if let Some(sp) = &c.data.subprocessor {
            by_subprocessor
                .entry(sp.value.as_str())
                .or_default()
                .push(c);
        }
    }
    for s in &reg.subprocessors {
        let d = &s.data;
        if !d.processes_personal_data || d.status == Status::Retired {
            continue;
        }
        let id = d.id.value.as_str();
        let named = d.contracts.iter().filter_map(|r| reg.contract(&r.value));
        let naming = by_subprocessor.get(id).into_iter().flatten().copied();
        let mut agreements: Vec<_> = named
            .chain(naming)
            .filter(|c| c.data.kind.value.is_processing_agreement())
            .collect();
        agreements.sort_by(|a, b| a.data.id.value.cmp(&b.data.id.value));
        agreements.dedup_by(|a, b| a.data.id.value == b.data.id.value);
        if agreements.iter().any(|c| c.data.signed.is_some()) {
            continue;
        }
        let at = loc(s.file, d.id.span);
        let diag = match agreements.first() {
            Some(unsigned) => Diagnostic::error(
                "gdpr-art28-no-avv",
                format!("subprocessor `{id}` processes personal data, but its AVV/DPA `{}` is not signed (Art. 28(3) GDPR)", unsigned.data.id.value),
                at,
            )
            .with_note(loc(unsigned.file, unsigned.data.id.span), "this contract has no `signed:` date")
            .with_hint("add `signed: YYYY-MM-DD` to the contract once both sides have signed it"),
            None => Diagnostic::error(
                "gdpr-art28-no-avv",
                format!("subprocessor `{id}` processes personal data without an AVV/DPA (Art. 28(3) GDPR)"),
                at,
            )
            .with_hint(format!(
                "conclude a processing agreement and record it: `ropa new contract {id}-avv` with `kind: avv`, `subprocessor: {id}` and `signed:`; or set `processes_personal_data: false` if it does not"
            )),
        };
        out.push(diag);
    }
}

/// Art. 44–46: a site outside the EEA (and without an adequacy decision), or a global
/// edge, needs a transfer record with a mechanism that covers it.
fn transfers(reg: &Registry, out: &mut Diagnostics) {
    for t in &reg.transfers {
        let at = loc(t.file, t.data.id.span);
        if t.data.mechanisms.is_empty() {
            out.push(
                Diagnostic::error(
                    "gdpr-art44-no-transfer",
                    format!(
                        "transfer `{}` names no transfer mechanism (Art. 44–46 GDPR)",
                        t.data.id.value
                    ),
                    at,
                )
                .with_hint(
                    "add `mechanisms:` with one of `adequacy`, `eu-us-dpf`, `scc`, `bcr`, `art49`",
                ),
            );
        }
        // Each receiving country needs at least one mechanism that covers it: an
        // adequacy decision only for adequate countries, the DPF only for the US.
        let covers = |m: Mechanism, c: &str| match m {
            Mechanism::Adequacy => countries::adequate(c) || countries::in_eea(c),
            Mechanism::EuUsDpf => c == "US",
            Mechanism::Scc | Mechanism::Bcr | Mechanism::Art49 => true,
        };
        if !t.data.mechanisms.is_empty() {
            let uncovered: Vec<&str> = t
                .data
                .countries
                .iter()
                .map(|c| c.code())
                .filter(|c| !t.data.mechanisms.iter().any(|m| covers(m.value, c)))
                .collect();
            if !uncovered.is_empty() {
                let names: Vec<String> = uncovered
                    .iter()
                    .map(|c| format!("{} ({c})", crate::i18n::country_name(c, "en")))
                    .collect();
                out.push(
                    Diagnostic::error(
                        "gdpr-art45-not-adequate",
                        format!("no mechanism of transfer `{}` covers {}: there is no adequacy decision for it, and the EU-US Data Privacy Framework covers only the US (Art. 45–46 GDPR)", t.data.id.value, names.join(", ")),
                        loc(t.file, t.data.mechanisms[0].span),
                    )
                    .with_hint("add a mechanism that covers these countries, e.g. `scc` with the signed clauses as `contract:`"),
                );
            }
        }
    }
    // Transfers by the subprocessor they name, built once.
    let mut transfers_of: std::collections::HashMap<
        &str,
        Vec<&crate::model::Record<crate::model::transfer::Transfer>>,
    > = std::collections::HashMap::new();
    for t in &reg.transfers {
        transfers_of
            .entry(t.data.subprocessor.value.as_str())
            .or_default()
            .push(t);
    }
    for s in &reg.subprocessors {
        let d = &s.data;
        if !d.processes_personal_data || d.status == Status::Retired {
            continue;
        }
        let named = d.transfers.iter().filter_map(|r| reg.transfer(&r.value));
        let naming = transfers_of
            .get(d.id.value.as_str())
            .into_iter()
            .flatten()
            .copied();
        let covering: Vec<_> = named
            .chain(naming)
            .filter(|t| !t.data.mechanisms.is_empty())
            .collect();
        for site in &d.sites {
            let (needs, place) = if site.global_edge {
                (
                    !covering.iter().any(|t| t.data.global),
                    "a global edge network".to_string(),
                )
            } else if let Some(c) = &site.country {
                let code = c.code();
                let third = !countries::in_eea(code) && !countries::adequate(code);
                let covered = covering
                    .iter()
                    .any(|t| t.data.global || t.data.countries.iter().any(|tc| tc.code() == code));
                (
                    third && !covered,
                    format!(
                        "{} ({})",
                        site.city.as_deref().unwrap_or("a site"),
                        crate::i18n::country_name(code, "en")
                    ),
                )
            } else {
                (false, String::new())
            };
            if needs {
                out.push(
                    Diagnostic::error(
                        "gdpr-art44-no-transfer",
                        format!("subprocessor `{}` processes data in {place}, outside the EEA, without a transfer mechanism (Art. 44–46 GDPR)", d.id.value),
                        loc(s.file, site.span),
                    )
                    .with_hint(format!(
                        "record the transfer: `ropa new transfer {}-transfer` with `subprocessor: {}`, the countries (or `global: true`) and `mechanisms:` (e.g. `eu-us-dpf`, `scc`)",
                        d.id.value, d.id.value
                    )),
                );
            }
        }
    }
}

/// Whether one of `rule_ids` covers `category`, directly or through a parent category
/// (a rule for "connection data" covers "IP address").
fn covered(reg: &Registry, rule_ids: &[&str], category: &str) -> bool {
    let in_rules = |c: &str| {
        rule_ids.iter().any(|id| {
            reg.retention_rule(id)
                .is_some_and(|r| r.data.data_categories.iter().any(|x| x.value == c))
        })
    };
    // Walk up the taxonomy; the bound stops a parent cycle from looping forever.
    let mut current = Some(category.to_string());
    for _ in 0..32 {
        let Some(c) = current else { return false };
        if in_rules(&c) {
            return true;
        }
        current = reg
            .data_category(&c)
            .and_then(|d| d.data.parent.as_ref())
            .map(|p| p.value.clone());
    }
    false
}

/// Art. 30(1)(f), 5(1)(e): each data category of an activity has a retention rule there.
fn retention(reg: &Registry, out: &mut Diagnostics) {
    for a in &reg.activities {
        let listed: Vec<&str> = a.data.retention.iter().map(|r| r.value.as_str()).collect();

        for cat in &a.data.data_categories {
            if covered(reg, &listed, &cat.value)
                || !reg.contains(crate::model::Kind::DataCategory, &cat.value)
            {
                continue;
            }
            let elsewhere: Vec<&str> = reg
                .retention
                .iter()
                .filter(|r| covered(reg, &[r.data.id.value.as_str()], &cat.value))
                .map(|r| r.data.id.value.as_str())
                .collect();
            let hint = if elsewhere.is_empty() {
                format!("add a retention rule for `{}` (`ropa new retention {}`) and list it under `retention:` of this activity", cat.value, cat.value)
            } else {
                format!(
                    "the rule `{}` covers it: add it to `retention:` of this activity",
                    elsewhere.join("`, `")
                )
            };
            out.push(
                Diagnostic::error(
                    "gdpr-art30-1f-no-retention",
                    format!("activity `{}` processes `{}` without a retention rule (Art. 30(1)(f), 5(1)(e) GDPR)", a.data.id.value, cat.value),
                    loc(a.file, cat.span),
                )
                .with_label("no rule says when this is deleted")
                .with_hint(hint),
            );
        }
    }
}

/// Art. 30(1)(b) and Art. 6: purposes and a legal basis for controller activities;
/// Art. 9(2) for special categories.
fn controller_records(reg: &Registry, out: &mut Diagnostics) {
    for a in reg
        .activities
        .iter()
        .filter(|a| a.data.role.value == GdprRole::Controller)
    {
        let d = &a.data;
        let at = loc(a.file, d.id.span);
        if d.purposes.iter().all(|p| p.is_blank()) {
            out.push(
                Diagnostic::error(
                    "gdpr-art30-1b-no-purpose",
                    format!(
                        "controller activity `{}` states no purpose (Art. 30(1)(b) GDPR)",
                        d.id.value
                    ),
                    at,
                )
                .with_hint("add `purposes:` with at least one purpose, in every language"),
            );
        }
        if d.legal_basis.is_empty() {
            out.push(
                Diagnostic::error(
                    "gdpr-art6-no-legal-basis",
                    format!(
                        "controller activity `{}` states no legal basis (Art. 6(1) GDPR)",
                        d.id.value
                    ),
                    at,
                )
                .with_hint("add `legal_basis:` with e.g. `- article: 6(1)(b)` and why it applies"),
            );
        }
        let special: Vec<&str> = d
            .data_categories
            .iter()
            .filter(|c| reg.data_category(&c.value).is_some_and(|dc| dc.data.art9))
            .map(|c| c.value.as_str())
            .collect();
        let has_9 = d
            .legal_basis
            .iter()
            .any(|l| l.article.value.starts_with("9(2)"));
        if !special.is_empty() && !has_9 {
            out.push(
                Diagnostic::error("gdpr-art9-no-condition", format!("controller activity `{}` processes special categories ({}) without an Art. 9(2) condition", d.id.value, special.join(", ")), at)
                    .with_hint("add the Art. 9(2) condition to `legal_basis:`, e.g. `- article: 9(2)(a)` for explicit consent"),
            );
        }
    }
}

/// Art. 30(2)(a) and (b): controllers and categories of processing for processor activities.
fn processor_records(reg: &Registry, out: &mut Diagnostics) {
    for a in reg
        .activities
        .iter()
        .filter(|a| a.data.role.value == GdprRole::Processor)
    {
        let d = &a.data;
        let at = loc(a.file, d.id.span);
        if d.controllers.is_empty() {
            out.push(
                Diagnostic::error("gdpr-art30-2a-no-controllers", format!("processor activity `{}` names no controller (Art. 30(2)(a) GDPR)", d.id.value), at)
                    .with_hint("add `controllers:` with the controller or category of controllers (e.g. `- name: {de: Kunden, en: customers}`)"),
            );
        }
        if d.processing_categories.iter().all(|p| p.is_blank()) {
            out.push(
                Diagnostic::error("gdpr-art30-2b-no-categories", format!("processor activity `{}` names no categories of processing (Art. 30(2)(b) GDPR)", d.id.value), at)
                    .with_hint("add `processing_categories:` listing what is done for the controllers (storing, transmitting…)"),
            );
        }
    }
}
