//! Every page of the site, as a template name and the data it needs. Pages are
//! independent jobs: collecting them reads the registry; rendering them is parallel.

use super::diagram::{self, DiagramEdge, DiagramNode};
use super::search::{excerpt, Entry};
use super::view::{href, index_href, LinkView, SiteView};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::i18n::{self, t};
use crate::markdown;
use crate::model::{Date, Kind, Visibility};
use crate::source::Span;
use serde_json::{json, Value};

/// One page to render.
pub struct Page {
    /// Root-relative output path.
    pub path: String,
    /// Template name.
    pub template: String,
    /// Its language.
    pub lang: String,
    /// The kind whose section it belongs to (for the navigation).
    pub kind: Option<Kind>,
    /// Template data (the navigation and the interface strings are added when it is
    /// rendered: they are the same on many pages).
    pub data: Value,
}

/// Kinds listed in the navigation, in order.
const NAV: [Kind; 16] = [
    Kind::Answer,
    Kind::Subprocessor,
    Kind::Contract,
    Kind::Transfer,
    Kind::Activity,
    Kind::DataCategory,
    Kind::DataSubject,
    Kind::Retention,
    Kind::Tom,
    Kind::Role,
    Kind::Training,
    Kind::Process,
    Kind::Flow,
    Kind::System,
    Kind::Plan,
    Kind::Feature,
];

/// Days ahead the dashboard looks for things falling due.
pub const DUE_WINDOW_DAYS: i64 = 90;

/// One page of the site, before its data is gathered.
#[derive(Debug, Clone, Copy)]
pub enum Job<'a> {
    /// The dashboard (internal) or trust home (public, customer).
    Home,
    /// The organisation's page.
    Organization,
    /// The index page of a kind.
    List(Kind),
    /// One record's page.
    Record(Kind, &'a str),
    /// The role × permission matrix.
    Matrix,
}

/// Every page of the site in every language, in a fixed order (the search index
/// follows it).
pub fn jobs<'a>(v: &'a SiteView) -> Vec<(&'a str, Job<'a>)> {
    let internal = v.audience == Visibility::Internal;
    let mut jobs = Vec::new();
    for lang in &v.languages {
        let lang = lang.as_str();
        jobs.push((lang, Job::Home));
        jobs.push((lang, Job::Organization));
        for kind in NAV {
            if !internal && v.ids(kind).is_empty() {
                continue;
            }
            jobs.push((lang, Job::List(kind)));
            jobs.extend(v.ids(kind).iter().map(|id| (lang, Job::Record(kind, id))));
        }
        if internal || !v.ids(Kind::Role).is_empty() {
            jobs.push((lang, Job::Matrix));
        }
    }
    jobs
}

/// Gathers the data of one page, its search entry (record pages) and the problems
/// found on the way (broken Markdown links, answers that cannot be rendered).
pub fn build(
    v: &SiteView,
    lang: &str,
    job: Job,
    facts: &crate::facts::Lazy,
    findings: &Diagnostics,
    as_of: Date,
) -> (Page, Option<Entry>, Diagnostics) {
    let mut problems = Diagnostics::default();
    let page = |path: String, template: &str, title: String, kind: Option<Kind>, extra: Value| {
        let data = frame(v, lang, &path, &title, kind, extra);
        Page {
            path,
            template: template.to_string(),
            lang: lang.to_string(),
            kind,
            data,
        }
    };
    let internal = v.audience == Visibility::Internal;
    let (page, entry) = match job {
        Job::Home if internal => (
            page(
                format!("{lang}/index.html"),
                "home.html",
                t(lang, "home"),
                None,
                home(v, lang, findings, as_of),
            ),
            None,
        ),
        Job::Home => (
            page(
                format!("{lang}/index.html"),
                "trust-home.html",
                t(lang, "home"),
                None,
                trust_home(v, lang, as_of),
            ),
            None,
        ),
        Job::Organization => {
            let path = index_href(Kind::Organization, lang);
            let data = record(v, Kind::Organization, "", lang, &root_of(&path));
            let entry = entry(v, Kind::Organization, "", lang, String::new(), &data);
            let title = v.label(Kind::Organization, "", lang);
            (
                page(
                    path,
                    "organization.html",
                    title,
                    Some(Kind::Organization),
                    data,
                ),
                Some(entry),
            )
        }
        Job::List(kind) => {
            let (template, extra) = match kind {
                Kind::Retention => ("retention-schedule.html", retention_schedule(v, lang)),
                Kind::Tom => ("toms.html", toms(v, lang)),
                Kind::Training => ("trainings.html", trainings(v, lang)),
                Kind::Flow => ("flows.html", flows_overview(v, lang)),
                Kind::Answer => (
                    "answers.html",
                    answers(v, lang, facts, as_of, &mut problems),
                ),
                _ => ("list.html", list(v, kind, lang)),
            };
            (
                page(
                    index_href(kind, lang),
                    template,
                    i18n::kind_plural(lang, kind),
                    Some(kind),
                    extra,
                ),
                None,
            )
        }
        Job::Record(kind, id) => {
            let (page, entry, found) = record_page(v, kind, id, lang, facts, as_of);
            problems.extend(found.iter().cloned());
            (page, Some(entry))
        }
        Job::Matrix => (
            page(
                format!("{lang}/roles/matrix.html"),
                "matrix.html",
                t(lang, "matrix"),
                Some(Kind::Role),
                matrix(v, lang),
            ),
            None,
        ),
    };
    (page, entry, problems)
}

/// What every page of one language shares, ready for the templates: the interface
/// strings (`t`) and the navigation (`nav`, one per section, marking it active).
pub struct Shared {
    ui: tera::Value,
    nav: Vec<(Option<Kind>, tera::Value)>,
}

impl Shared {
    /// The strings and navigation of `lang`.
    pub fn new(v: &SiteView, lang: &str) -> Self {
        let ui: serde_json::Map<String, Value> = i18n::ui_strings(lang)
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect();
        let shown: Vec<Kind> = NAV
            .into_iter()
            .filter(|k| v.audience == Visibility::Internal || !v.ids(*k).is_empty())
            .collect();
        let sections = std::iter::once(None)
            .chain(shown.iter().copied().map(Some))
            .chain([Some(Kind::Organization)]);
        let nav = sections
            .map(|section| {
                let mut nav = vec![
                    json!({"label": t(lang, "home"), "href": format!("{lang}/index.html"), "active": section.is_none()}),
                ];
                nav.extend(shown.iter().map(|k| json!({"label": i18n::kind_plural(lang, *k), "href": index_href(*k, lang), "active": section == Some(*k)})));
                (section, tera::Value::from_serializable(&nav))
            })
            .collect();
        Shared {
            ui: tera::Value::from_serializable(&ui),
            nav,
        }
    }

    /// The template context of a page: its data plus the shared parts.
    pub fn context(&self, page: &Page) -> Result<tera::Context, String> {
        let mut ctx = tera::Context::from_serialize(&page.data).map_err(|e| e.to_string())?;
        ctx.insert_value("t", self.ui.clone());
        let nav = self
            .nav
            .iter()
            .find(|(k, _)| *k == page.kind)
            .or_else(|| self.nav.last())
            .map(|(_, n)| n.clone());
        if let Some(nav) = nav {
            ctx.insert_value("nav", nav);
        }
        Ok(ctx)
    }
}

/// How many `../` lead from a page back to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn frame(
    v: &SiteView,
    lang: &str,
    path: &str,
    title: &str,
    kind: Option<Kind>,
    mut extra: Value,
) -> Value {
    let root = root_of(path);
    let langs: Vec<Value> = v
        .languages
        .iter()
        .map(|l| json!({"code": l, "href": format!("{l}{}", &path[lang.len()..]), "current": l == lang}))
        .collect();
    let org = v
        .reg
        .organization
        .as_ref()
        .map(|o| {
            o.data
                .short_name
                .clone()
                .unwrap_or_else(|| o.data.legal_name.clone())
        })
        .unwrap_or_default();
    let base = json!({
        "root": root, "lang": lang, "langs": langs, "title": title, "org": org,
        "kind": kind.map(|k| i18n::kind_singular(lang, k)), "kind_id": kind.map(|k| k.name()),
    });
    if let (Value::Object(e), Value::Object(b)) = (&mut extra, base) {
        for (k, val) in b {
            e.entry(k).or_insert(val);
        }
    }
    extra
}

fn record(v: &SiteView, kind: Kind, id: &str, lang: &str, root: &str) -> Value {
    // The field shown as the page heading is not repeated in the fact table.
    let skip: &[&str] = match kind {
        Kind::Process | Kind::Contract | Kind::Tom | Kind::Training => &["title"],
        Kind::Subprocessor
        | Kind::Activity
        | Kind::System
        | Kind::Retention
        | Kind::Role
        | Kind::Plan
        | Kind::Feature => &["name"],
        Kind::DataCategory | Kind::DataSubject => &["label"],
        Kind::Organization => &["legal_name"],
        _ => &[],
    };
    json!({
        "id": id,
        "rows": v.rows(kind, id, lang, skip, root),
        "used_by": v.used_by(kind, id, lang),
        "notes": v.notes(kind, id, lang),
        "index": {"label": i18n::kind_plural(lang, kind), "href": index_href(kind, lang)},
    })
}

/// The search entry of a record page: its title, kind, address and an excerpt of
/// `text` (documents) or else of the first fact rows of the page's data.
fn entry(v: &SiteView, kind: Kind, id: &str, lang: &str, text: String, page: &Value) -> Entry {
    let mut plain = text;
    if plain.is_empty() {
        let rows = page["rows"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        for r in rows.iter().take(4) {
            plain.push_str(&strip_tags(r["html"].as_str().unwrap_or_default()));
            plain.push(' ');
        }
    }
    let link = v.link(kind, id, lang);
    Entry {
        t: link.label,
        k: i18n::kind_singular(lang, kind),
        u: link.href,
        x: excerpt(&plain),
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// A process or answer body as HTML (answers first take their facts from the records).
fn document_body(
    v: &SiteView,
    kind: Kind,
    id: &str,
    lang: &str,
    root: &str,
    facts: &crate::facts::Lazy,
    problems: &mut Diagnostics,
) -> (Value, String) {
    let bodies = match kind {
        Kind::Answer => v.reg.answer(id).map(|a| &a.data.bodies),
        _ => v.reg.process(id).map(|p| &p.data.bodies),
    };
    let Some(bodies) = bodies else {
        return (Value::Null, String::new());
    };
    let Some(body) = bodies.iter().find(|b| b.lang == lang).or(bodies.first()) else {
        return (Value::Null, String::new());
    };
    let markdown = if kind == Kind::Answer {
        match crate::facts::render_answer(
            &body.markdown,
            facts.get(),
            &format!("answer-{id}-{lang}"),
        ) {
            Ok(text) => text,
            Err(message) => {
                let at = Location {
                    file: body.file,
                    span: Span::new(body.body_offset, body.body_offset),
                };
                problems.push(
                    Diagnostic::new(Severity::Error, "answer-template", format!("answer `{id}` cannot be rendered for this site: {}", message.lines().next().unwrap_or_default()), Some(at))
                        .with_hint("an answer on the public or customer site may only use facts that audience can see; make the record (or field) visible, or leave the fact out"),
                );
                return (Value::Null, String::new());
            }
        }
    } else {
        body.markdown.to_string()
    };
    let resolve = |target: &str| -> Option<String> {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        let url = if let Some(rest) = path.strip_prefix("ropa:") {
            let (kind, rid) = crate::links::parse_kind_id(rest)?;
            v.reg.contains(kind, rid).then(|| href(kind, rid, lang))?
        } else {
            let stem = path.trim_end_matches(".md");
            let stem = stem.rsplit('/').next().unwrap_or(stem);
            let stem = stem.split('.').next().unwrap_or(stem);
            v.reg
                .contains(Kind::Process, stem)
                .then(|| href(Kind::Process, stem, lang))?
        };
        Some(match anchor {
            Some(a) => format!("{url}#{a}"),
            None => url,
        })
    };
    let r = markdown::render(
        &markdown,
        root,
        lang,
        &resolve,
        v.audience != Visibility::Internal,
    );
    for b in &r.broken {
        let at = Location {
            file: body.file,
            span: Span::new(
                body.body_offset + b.range.start,
                body.body_offset + b.range.end,
            ),
        };
        problems.push(
            Diagnostic::new(Severity::Error, "broken-link", format!("the link `{}` leads nowhere", b.target), Some(at))
                .with_label("no such page or anchor")
                .with_hint("link records as `ropa:kind/id`, other processes as `other-process.md`, and headings of this page as `#heading-text`"),
        );
    }
    let toc: Vec<&markdown::Heading> = r.headings.iter().filter(|h| h.level == 2).collect();
    (
        json!({"html": r.html, "toc": toc, "lang": body.lang}),
        r.plain,
    )
}

fn list(v: &SiteView, kind: Kind, lang: &str) -> Value {
    let items: Vec<Value> = v
        .ids(kind)
        .iter()
        .copied()
        .map(|id| {
            let l = v.link(kind, id, lang);
            let summary = summary(v, kind, id, lang);
            json!({"label": l.label, "href": l.href, "summary": summary, "id": id})
        })
        .collect();
    json!({ "items": items, "matrix_href": (kind == Kind::Role).then(|| format!("{lang}/roles/matrix.html")) })
}

/// A one-line summary of a record for lists: its description, service or purpose.
fn summary(v: &SiteView, kind: Kind, id: &str, lang: &str) -> String {
    let json = v.json(kind, id);
    ["description", "service", "purpose", "topic", "deletion"]
        .iter()
        .find_map(|f| json.get(*f).filter(|x| !x.is_null()))
        .map(|x| excerpt(&v.localise(x, lang)))
        .unwrap_or_default()
}

fn home(v: &SiteView, lang: &str, findings: &Diagnostics, as_of: Date) -> Value {
    let counts: Vec<Value> = NAV
        .iter()
        .map(|k| json!({"label": i18n::kind_plural(lang, *k), "href": index_href(*k, lang), "count": v.ids(*k).len()}))
        .collect();
    let found: Vec<Value> = findings
        .sorted(&v.reg.sources)
        .into_iter()
        .map(|d| {
            let place = d.at.map(|at| {
                let f = v.reg.sources.get(at.file);
                let (line, col) = f.line_col(at.span.start);
                format!("{}:{line}:{col}", f.path.display())
            });
            json!({"severity": d.severity, "code": d.code, "message": d.message, "place": place})
        })
        .collect();
    let due = due_items(v, lang, as_of);
    let report =
        json!({"href": crate::export::report::file_name(lang), "label": t(lang, "report")});
    json!({"counts": counts, "findings": found, "due": due, "as_of": as_of.to_string(), "window": DUE_WINDOW_DAYS, "report": report})
}

/// What falls due between `as_of` and 90 days later, by date.
pub fn due_items(v: &SiteView, lang: &str, as_of: Date) -> Vec<Value> {
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
        .map(|(d, what, link)| json!({"date": d.to_string(), "what": what, "link": link}))
        .collect()
}

fn retention_schedule(v: &SiteView, lang: &str) -> Value {
    let d = v.default_lang().to_string();
    let rows: Vec<Value> = v
        .ids(Kind::Retention)
        .iter().copied()
        .filter_map(|id| v.reg.retention_rule(id))
        .map(|r| {
            let data: Vec<LinkView> = r.data.data_categories.iter().map(|c| v.link(Kind::DataCategory, &c.value, lang)).collect();
            let period = match &r.data.period {
                Some(p) => i18n::duration(lang, &p.value),
                None => t(lang, "set_by_customer"),
            };
            let trigger = serde_json::to_value(r.data.trigger).ok().and_then(|x| x.as_str().map(|c| i18n::value(lang, c))).unwrap_or_default();
            json!({
                "rule": v.link(Kind::Retention, &r.data.id.value, lang),
                "data": data,
                "trigger": trigger,
                "event": r.data.event.as_ref().map(|e| e.get(lang, &d).to_string()),
                "period": period,
                "latest": r.data.at_the_latest.as_ref().map(|x| v.link(Kind::Retention, &x.value, lang)),
                "deletion": r.data.deletion.get(lang, &d),
            })
        })
        .collect();
    json!({"rules": rows})
}

fn toms(v: &SiteView, lang: &str) -> Value {
    let d = v.default_lang().to_string();
    let mut groups: std::collections::BTreeMap<String, Vec<Value>> =
        std::collections::BTreeMap::new();
    for id in v.ids(Kind::Tom) {
        let Some(tom) = v.reg.tom(id) else { continue };
        let control = serde_json::to_value(tom.data.control)
            .ok()
            .and_then(|x| x.as_str().map(str::to_string))
            .unwrap_or_default();
        groups.entry(control).or_default().push(json!({
            "link": v.link(Kind::Tom, id, lang),
            "description": tom.data.description.get(lang, &d),
        }));
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(c, items)| json!({"control": i18n::value(lang, &c), "id": c, "items": items}))
        .collect();
    json!({"groups": groups})
}

fn trainings(v: &SiteView, lang: &str) -> Value {
    let rows: Vec<Value> = v
        .ids(Kind::Training)
        .iter()
        .copied()
        .filter_map(|id| v.reg.training(id))
        .map(|tr| {
            json!({
                "link": v.link(Kind::Training, &tr.data.id.value, lang),
                "audience": tr.data.audience.join(", "),
                "last_held": tr.data.last_held.value.to_string(),
                "interval": i18n::duration(lang, &tr.data.interval.value),
                "next_due": tr.data.next_due().to_string(),
            })
        })
        .collect();
    json!({"trainings": rows})
}

/// Data categories down, roles across: there are usually fewer roles than categories.
fn matrix(v: &SiteView, lang: &str) -> Value {
    let roles: Vec<_> = v
        .ids(Kind::Role)
        .iter()
        .copied()
        .filter_map(|id| v.reg.role(id))
        .collect();
    let header: Vec<LinkView> = roles
        .iter()
        .map(|r| v.link(Kind::Role, &r.data.id.value, lang))
        .collect();
    let rows: Vec<Value> = v
        .ids(Kind::DataCategory)
        .iter()
        .copied()
        .map(|c| {
            let cells: Vec<bool> = roles
                .iter()
                .map(|r| r.data.data_categories.iter().any(|x| x.value == *c))
                .collect();
            json!({"category": v.link(Kind::DataCategory, c, lang), "cells": cells})
        })
        .collect();
    json!({"header": header, "rows": rows, "yes": t(lang, "yes")})
}

/// The most flows one diagram draws. Beyond it the drawing is wider than any screen or
/// page (3,000 flows made a 200,000-pixel, 10 MB SVG), so a note stands in its place
/// and the pages of the systems and activities draw their part.
pub const DIAGRAM_MAX_FLOWS: usize = 150;

/// The diagram of `flows` as inline SVG, or else the interface string `too_many` (with
/// the number of flows and the limit filled in) when there are too many to draw.
fn diagram_for(
    v: &SiteView,
    flows: &[&crate::model::Record<crate::model::flow::Flow>],
    lang: &str,
    root: &str,
    title: &str,
    too_many: &str,
) -> String {
    if flows.len() > DIAGRAM_MAX_FLOWS {
        let note = t(lang, too_many)
            .replace("{flows}", &flows.len().to_string())
            .replace("{max}", &DIAGRAM_MAX_FLOWS.to_string())
            .replace("{used_by}", &t(lang, "used_by"));
        return format!("<p class=\"diagram-note\">{}</p>", super::view::esc(&note));
    }
    let d = v.default_lang().to_string();
    let mut seen = std::collections::HashSet::new();
    let system_ids: Vec<&str> = flows
        .iter()
        .flat_map(|f| [f.data.from.value.as_str(), f.data.to.value.as_str()])
        .filter(|s| seen.insert(*s))
        .collect();
    let nodes: Vec<DiagramNode> = system_ids
        .iter()
        .map(|id| {
            let sys = v.reg.system(id);
            DiagramNode {
                id: id.to_string(),
                label: v.label(Kind::System, id, lang),
                sublabel: sys
                    .and_then(|s| s.data.operated_by.as_ref())
                    .map(|o| v.label(Kind::Subprocessor, &o.value, lang)),
                href: sys.map(|_| format!("{root}{}", href(Kind::System, id, lang))),
                external: sys.is_some_and(|s| s.data.external),
            }
        })
        .collect();
    let edges: Vec<DiagramEdge> = flows
        .iter()
        .map(|f| DiagramEdge {
            from: f.data.from.value.clone(),
            to: f.data.to.value.clone(),
            label: f.data.purpose.get(lang, &d).to_string(),
            href: Some(format!(
                "{root}{}",
                href(Kind::Flow, &f.data.id.value, lang)
            )),
        })
        .collect();
    diagram::render(&nodes, &edges, title, &t(lang, "diagram_desc"))
}

fn flows_overview(v: &SiteView, lang: &str) -> Value {
    let mut flows: Vec<_> = v.reg.flows.iter().collect();
    flows.sort_by(|a, b| a.data.id.value.cmp(&b.data.id.value));
    let root = root_of(&index_href(Kind::Flow, lang));
    let svg = diagram_for(
        v,
        &flows,
        lang,
        &root,
        &t(lang, "all_flows"),
        "too_many_flows",
    );
    let mut data = list(v, Kind::Flow, lang);
    data["diagram"] = Value::String(svg);
    data
}

fn record_diagram(v: &SiteView, kind: Kind, id: &str, lang: &str, root: &str) -> String {
    let mut flows = v.flows_of(kind, id).to_vec();
    if flows.is_empty() {
        return String::new();
    }
    flows.sort_by(|a, b| a.data.id.value.cmp(&b.data.id.value));
    let title = format!("{}: {}", t(lang, "data_flows"), v.label(kind, id, lang));
    diagram_for(v, &flows, lang, root, &title, "too_many_flows_here")
}

/// The FAQ page: every answer in full, with its sources.
fn answers(
    v: &SiteView,
    lang: &str,
    facts: &crate::facts::Lazy,
    as_of: Date,
    problems: &mut Diagnostics,
) -> Value {
    let root = root_of(&index_href(Kind::Answer, lang));
    let items: Vec<Value> = answer_order(v)
        .into_iter()
        .map(|id| {
            let (body, _) = document_body(v, Kind::Answer, id, lang, &root, facts, problems);
            json!({"id": id, "question": v.label(Kind::Answer, id, lang), "href": href(Kind::Answer, id, lang), "body": body, "sources": answer_sources(v, id, lang)})
        })
        .collect();
    json!({"answers": items, "as_of": as_of.to_string()})
}

/// Answers in their `order`, then by id.
fn answer_order<'a>(v: &SiteView<'a>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = v.ids(Kind::Answer).to_vec();
    ids.sort_by_key(|id| {
        (
            v.reg
                .answer(id)
                .and_then(|a| a.data.meta.order)
                .unwrap_or(u32::MAX),
            id.to_string(),
        )
    });
    ids
}

/// The records an answer names as its sources, as links (hidden ones are gone already).
pub fn answer_sources(v: &SiteView, id: &str, lang: &str) -> Vec<LinkView> {
    v.reg
        .answer(id)
        .map(|a| {
            a.data
                .meta
                .sources
                .iter()
                .filter_map(|s| crate::links::parse_kind_id(&s.value))
                .filter(|(k, i)| v.reg.contains(*k, i))
                .map(|(k, i)| v.link(k, i, lang))
                .collect()
        })
        .unwrap_or_default()
}

/// The trust site's front page: subprocessors with the plan filter, answers, DPO.
fn trust_home(v: &SiteView, lang: &str, as_of: Date) -> Value {
    // The page shows the subprocessors and the organisation's facts.
    let facts = crate::facts::facts(v.reg, lang, &crate::facts::Reachable::all());
    let optional = crate::facts::optional_subprocessors(v.reg);
    let in_use = |id: &&str| {
        v.reg.subprocessor(id).is_some_and(|s| {
            s.data.status == crate::model::subprocessor::Status::Active
                && s.data.processes_personal_data
        })
    };
    let subs: Vec<Value> = v
        .ids(Kind::Subprocessor)
        .iter().copied()
        .filter(in_use)
        .map(|id| {
            let f = &facts["subprocessor"][id];
            let features: Vec<&str> = optional.iter().filter(|(_, s)| *s == id).map(|(f, _)| *f).collect();
            json!({
                "id": id, "link": v.link(Kind::Subprocessor, id, lang), "legal_name": f["legal_name"], "service": f["service"],
                "sites": f["sites"], "data": f["data"], "mechanisms": f["transfer_mechanisms"], "features": features.join(" "),
                "feature_names": f["features"], "certifications": f["certifications"],
            })
        })
        .collect();
    let d = v.default_lang().to_string();
    let plans: Vec<Value> = v
        .ids(Kind::Plan)
        .iter().copied()
        .filter_map(|id| v.reg.plan(id))
        .map(|p| json!({"id": p.data.id.value, "name": p.data.name.get(lang, &d), "features": p.data.features.iter().map(|f| f.value.as_str()).collect::<Vec<_>>().join(" ")}))
        .collect();
    let features: Vec<Value> = v
        .ids(Kind::Feature)
        .iter().copied()
        .filter_map(|id| v.reg.feature(id))
        .map(|f| json!({"id": f.data.id.value, "name": f.data.name.get(lang, &d), "default_on": f.data.default_on}))
        .collect();
    let answers: Vec<LinkView> = answer_order(v)
        .into_iter()
        .map(|id| v.link(Kind::Answer, id, lang))
        .collect();
    json!({
        "as_of": as_of.to_string(), "org_facts": facts.get("org"), "dpo": facts.get("dpo"),
        "subprocessors": subs, "plans": plans, "features": features, "answers": answers,
        "answers_href": index_href(Kind::Answer, lang),
    })
}

/// One record's page and search entry (and any problem its Markdown has).
fn record_page(
    v: &SiteView,
    kind: Kind,
    id: &str,
    lang: &str,
    facts: &crate::facts::Lazy,
    as_of: Date,
) -> (Page, Entry, Diagnostics) {
    let mut problems = Diagnostics::default();
    let path = href(kind, id, lang);
    let root = root_of(&path);
    let mut data = record(v, kind, id, lang, &root);
    let mut text = String::new();
    if kind.is_document() {
        let (body, plain) = document_body(v, kind, id, lang, &root, facts, &mut problems);
        data["body"] = body;
        data["as_of"] = Value::String(as_of.to_string());
        data["sources"] = serde_json::to_value(answer_sources(v, id, lang)).unwrap_or_default();
        text = plain;
    }
    if kind == Kind::Activity || kind == Kind::System {
        data["diagram"] = Value::String(record_diagram(v, kind, id, lang, &root));
    }
    let entry = entry(v, kind, id, lang, text, &data);
    let data = frame(v, lang, &path, &v.label(kind, id, lang), Some(kind), data);
    (
        Page {
            path,
            template: format!("{}.html", kind.name()),
            lang: lang.to_string(),
            kind: Some(kind),
            data,
        },
        entry,
        problems,
    )
}
