//! Rules about single records that types alone cannot express.

use super::loc;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::retention::Trigger;
use crate::registry::Registry;

/// Whether `article` names a legal basis: `6(1)(a)`–`(f)`, `9(2)(a)`–`(j)`, or `10`.
pub fn is_legal_basis(article: &str) -> bool {
    let b = article.as_bytes();
    match article {
        "10" => true,
        _ if article.starts_with("6(1)(") => {
            b.len() == 7 && (b'a'..=b'f').contains(&b[5]) && b[6] == b')'
        }
        _ if article.starts_with("9(2)(") => {
            b.len() == 7 && (b'a'..=b'j').contains(&b[5]) && b[6] == b')'
        }
        _ => false,
    }
}

pub(super) fn check(reg: &Registry, out: &mut Diagnostics) {
    if let Some(org) = &reg.organization {
        if org.data.languages.is_empty() {
            out.push(
                Diagnostic::error(
                    "missing-field",
                    "`languages` is empty",
                    loc(org.file, org.data.id.span),
                )
                .with_hint(
                    "list the languages of the registry, default first, e.g. `languages: [de, en]`",
                ),
            );
        }
        for l in &org.data.languages {
            let ok = l.value.len() == 2 && l.value.bytes().all(|b| b.is_ascii_lowercase());
            if !ok {
                out.push(
                    Diagnostic::error(
                        "invalid-value",
                        format!("`{}` is not a language code", l.value),
                        loc(org.file, l.span),
                    )
                    .with_hint("use ISO 639-1 codes: two lower-case letters such as `de` or `en`"),
                );
            }
        }
    }
    for s in &reg.subprocessors {
        if s.data.sites.is_empty() && s.data.processes_personal_data {
            out.push(
                Diagnostic::error("missing-field", format!("subprocessor `{}` names no processing site", s.data.id.value), loc(s.file, s.data.id.span))
                    .with_hint("add `sites:` with `city` and `country` of each data centre, or `global_edge: true` for a worldwide network"),
            );
        }
        for site in &s.data.sites {
            if site.country.is_none() && site.region.is_none() && !site.global_edge {
                out.push(
                    Diagnostic::error("invalid-site", format!("a site of `{}` names no country or region and is not a global edge", s.data.id.value), loc(s.file, site.span))
                        .with_label("where is this?")
                        .with_hint("give each site its `country:` (and `city:` where known), `region: eu` when the provider names only the EU, or mark a worldwide edge network with `global_edge: true`"),
                );
            }
        }
    }
    for a in &reg.activities {
        for lb in &a.data.legal_basis {
            if !is_legal_basis(&lb.article.value) {
                out.push(
                    Diagnostic::error(
                        "invalid-legal-basis",
                        format!("`{}` is not a legal basis of the GDPR", lb.article.value),
                        loc(a.file, lb.article.span),
                    )
                    .with_hint(
                        "write the article as `6(1)(a)` … `6(1)(f)`, `9(2)(a)` … `9(2)(j)` or `10`",
                    ),
                );
            }
        }
    }
    for r in &reg.retention {
        let open_ended =
            r.data.trigger == Trigger::CustomerConfigurable && r.data.at_the_latest.is_some();
        if r.data.period.is_none() && !open_ended {
            out.push(
                Diagnostic::error("missing-field", format!("retention rule `{}` says not how long the data is kept", r.data.id.value), loc(r.file, r.data.id.span))
                    .with_hint("add `period:` (ISO 8601, e.g. P30D); a customer-configurable rule may instead name the rule that ends it with `at_the_latest:`"),
            );
        }
        if r.data.trigger == Trigger::Event && r.data.event.is_none() {
            out.push(
                Diagnostic::error(
                    "missing-field",
                    format!(
                        "retention rule `{}` runs from an event but does not say which",
                        r.data.id.value
                    ),
                    loc(r.file, r.data.id.span),
                )
                .with_hint("add `event:` describing the event (e.g. end of the employment)"),
            );
        }
    }
    for t in &reg.transfers {
        if t.data.countries.is_empty() && !t.data.global {
            out.push(
                Diagnostic::error("missing-field", format!("transfer `{}` names no country", t.data.id.value), loc(t.file, t.data.id.span))
                    .with_hint("list the receiving countries in `countries:`, or set `global: true` for a worldwide network"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_legal_basis;

    #[test]
    fn legal_bases() {
        for ok in ["6(1)(a)", "6(1)(f)", "9(2)(j)", "10"] {
            assert!(is_legal_basis(ok), "{ok}");
        }
        for bad in ["6(1)(g)", "6(1)", "6 1 b", "9(2)(k)", "art. 6", ""] {
            assert!(!is_legal_basis(bad), "{bad}");
        }
    }
}
