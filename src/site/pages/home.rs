//! The front pages: the internal dashboard (counts, findings, what falls due) and the
//! trust site's home (subprocessors with the plan filter, answers, DPO).

use super::answers::answer_order;
use super::NAV;
use crate::diagnostics::{Diagnostics, Severity};
use crate::i18n::{self, t};
use crate::model::{Date, Kind};
use crate::view::{index_href, LinkView, SiteView};
use serde::Serialize;
use serde_json::Value;

/// Days ahead the dashboard looks for things falling due.
pub const DUE_WINDOW_DAYS: i64 = 90;

/// The data of the dashboard.
#[derive(Serialize)]
pub struct Home<'a> {
    counts: Vec<Count>,
    findings: Vec<Finding<'a>>,
    due: Vec<Due>,
    as_of: String,
    window: i64,
    report: LinkView,
}

/// How many records of a kind there are.
#[derive(Serialize)]
struct Count {
    label: String,
    href: String,
    count: usize,
}

/// One problem the checker found.
#[derive(Serialize)]
struct Finding<'a> {
    severity: Severity,
    code: &'static str,
    message: &'a str,
    place: Option<String>,
}

/// Something falling due.
#[derive(Serialize)]
pub struct Due {
    date: String,
    what: String,
    link: LinkView,
}

/// The internal dashboard.
pub fn home<'a>(v: &SiteView, lang: &str, findings: &'a Diagnostics, as_of: Date) -> Home<'a> {
    let counts = NAV
        .iter()
        .map(|k| Count {
            label: i18n::kind_plural(lang, *k),
            href: index_href(*k, lang),
            count: v.ids(*k).len(),
        })
        .collect();
    let found = findings
        .sorted(&v.reg.sources)
        .into_iter()
        .map(|d| {
            let place = d.at.map(|at| {
                let f = v.reg.sources.get(at.file);
                let (line, col) = f.line_col(at.span.start);
                format!("{}:{line}:{col}", f.path.display())
            });
            Finding {
                severity: d.severity,
                code: d.code,
                message: &d.message,
                place,
            }
        })
        .collect();
    let due = due_items(v, lang, as_of);
    let report = LinkView {
        href: crate::export::report::file_name(lang),
        label: t(lang, "report"),
    };
    Home {
        counts,
        findings: found,
        due,
        as_of: as_of.to_string(),
        window: DUE_WINDOW_DAYS,
        report,
    }
}

/// What falls due between `as_of` and 90 days later, by date.
pub fn due_items(v: &SiteView, lang: &str, as_of: Date) -> Vec<Due> {
    let end = Date(as_of.0 + chrono::Duration::days(DUE_WINDOW_DAYS));
    let mut items: Vec<(Date, String, LinkView)> = Vec::new();
    let mut add = |d: Date, what: String, link: LinkView| {
        if d >= as_of && d <= end {
            items.push((d, what, link));
        }
    };
    let r = v.reg;
    for c in &r.contracts {
        let l = v.link(Kind::Contract, &c.data.id.value, lang);
        if let Some(d) = &c.data.review_by {
            add(d.value, t(lang, "contract_review"), l.clone());
        }
        if let Some(d) = &c.data.expires {
            add(d.value, t(lang, "contract_end"), l);
        }
    }
    for tr in &r.trainings {
        add(
            tr.data.next_due(),
            t(lang, "training"),
            v.link(Kind::Training, &tr.data.id.value, lang),
        );
    }
    for p in &r.processes {
        if let Some(rv) = &p.data.meta.review {
            add(
                rv.next_due(),
                t(lang, "review"),
                v.link(Kind::Process, &p.data.id.value, lang),
            );
        }
    }
    for a in &r.activities {
        if let Some(rv) = &a.data.review {
            add(
                rv.next_due(),
                t(lang, "review"),
                v.link(Kind::Activity, &a.data.id.value, lang),
            );
        }
    }
    for s in &r.subprocessors {
        if let Some(rv) = &s.data.review {
            add(
                rv.next_due(),
                t(lang, "review"),
                v.link(Kind::Subprocessor, &s.data.id.value, lang),
            );
        }
        for c in &s.data.certifications {
            if let Some(d) = c.valid_until {
                add(
                    d,
                    format!("{}: {}", t(lang, "certificate"), c.name),
                    v.link(Kind::Subprocessor, &s.data.id.value, lang),
                );
            }
        }
    }
    for tr in &r.transfers {
        if let Some(tia) = &tr.data.tia {
            add(
                tia.review_by.value,
                t(lang, "tia_review"),
                v.link(Kind::Transfer, &tr.data.id.value, lang),
            );
        }
    }
    items.sort_by(|a, b| (a.0, &a.2.label, &a.1).cmp(&(b.0, &b.2.label, &b.1)));
    items
        .into_iter()
        .map(|(d, what, link)| Due {
            date: d.to_string(),
            what,
            link,
        })
        .collect()
}

/// The data of the trust site's front page.
#[derive(Serialize)]
pub struct TrustHome<'a> {
    as_of: String,
    org_facts: Option<Value>,
    dpo: Option<Value>,
    subprocessors: Vec<TrustSubprocessor<'a>>,
    plans: Vec<Plan<'a>>,
    features: Vec<Feature<'a>>,
    answers: Vec<LinkView>,
    answers_href: String,
}

/// A subprocessor in use, with the facts the trust page shows of it.
#[derive(Serialize)]
struct TrustSubprocessor<'a> {
    id: &'a str,
    link: LinkView,
    legal_name: Value,
    service: Value,
    sites: Value,
    data: Value,
    mechanisms: Value,
    /// The optional features that bring it in, space-separated (for the plan filter).
    features: String,
    feature_names: Value,
    certifications: Value,
}

/// A plan and its features, space-separated (for the plan filter).
#[derive(Serialize)]
struct Plan<'a> {
    id: &'a str,
    name: &'a str,
    features: String,
}

/// An optional feature.
#[derive(Serialize)]
struct Feature<'a> {
    id: &'a str,
    name: &'a str,
    default_on: bool,
}

/// The trust site's front page: subprocessors with the plan filter, answers, DPO.
pub fn trust_home<'a>(v: &SiteView<'a>, lang: &str, as_of: Date) -> TrustHome<'a> {
    // The page shows the subprocessors and the organisation's facts.
    let facts = crate::facts::facts(v.reg, lang, &crate::facts::Reachable::all());
    let optional = crate::facts::optional_subprocessors(v.reg);
    let in_use = |id: &&str| {
        v.reg.subprocessor(id).is_some_and(|s| {
            s.data.status == crate::model::subprocessor::Status::Active
                && s.data.processes_personal_data
        })
    };
    let subs = v
        .ids(Kind::Subprocessor)
        .iter()
        .copied()
        .filter(in_use)
        .map(|id| {
            let f = &facts["subprocessor"][id];
            let features: Vec<&str> = optional
                .iter()
                .filter(|(_, s)| *s == id)
                .map(|(f, _)| *f)
                .collect();
            TrustSubprocessor {
                id,
                link: v.link(Kind::Subprocessor, id, lang),
                legal_name: f["legal_name"].clone(),
                service: f["service"].clone(),
                sites: f["sites"].clone(),
                data: f["data"].clone(),
                mechanisms: f["transfer_mechanisms"].clone(),
                features: features.join(" "),
                feature_names: f["features"].clone(),
                certifications: f["certifications"].clone(),
            }
        })
        .collect();
    let d = v.default_lang().to_string();
    let plans = v
        .ids(Kind::Plan)
        .iter()
        .copied()
        .filter_map(|id| v.reg.plan(id))
        .map(|p| Plan {
            id: &p.data.id.value,
            name: p.data.name.get(lang, &d),
            features: p
                .data
                .features
                .iter()
                .map(|f| f.value.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    let features = v
        .ids(Kind::Feature)
        .iter()
        .copied()
        .filter_map(|id| v.reg.feature(id))
        .map(|f| Feature {
            id: &f.data.id.value,
            name: f.data.name.get(lang, &d),
            default_on: f.data.default_on,
        })
        .collect();
    let answers = answer_order(v)
        .into_iter()
        .map(|id| v.link(Kind::Answer, id, lang))
        .collect();
    TrustHome {
        as_of: as_of.to_string(),
        org_facts: facts.get("org").cloned(),
        dpo: facts.get("dpo").cloned(),
        subprocessors: subs,
        plans,
        features,
        answers,
        answers_href: index_href(Kind::Answer, lang),
    }
}
