//! The index pages of kinds: the plain list, and the retention schedule, the TOMs by
//! control, the training plan and the role × data-category matrix.

use super::super::search::excerpt;
use crate::i18n::{self, t};
use crate::model::Kind;
use crate::view::{LinkView, SiteView};
use serde::Serialize;

/// The data of a plain index page.
#[derive(Serialize)]
pub struct List<'a> {
    items: Vec<ListItem<'a>>,
    matrix_href: Option<String>,
}

/// One record on an index page.
#[derive(Serialize)]
struct ListItem<'a> {
    label: String,
    href: String,
    summary: String,
    id: &'a str,
}

/// Every record of a kind with its one-line summary.
pub fn list<'a>(v: &SiteView<'a>, kind: Kind, lang: &str) -> List<'a> {
    let items = v
        .ids(kind)
        .iter()
        .copied()
        .map(|id| {
            let l = v.link(kind, id, lang);
            let summary = summary(v, kind, id, lang);
            ListItem {
                label: l.label,
                href: l.href,
                summary,
                id,
            }
        })
        .collect();
    List {
        items,
        matrix_href: (kind == Kind::Role).then(|| format!("{lang}/roles/matrix.html")),
    }
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

/// The data of the retention schedule.
#[derive(Serialize)]
pub struct RetentionSchedule<'a> {
    rules: Vec<RetentionRow<'a>>,
}

/// One rule of the retention schedule.
#[derive(Serialize)]
struct RetentionRow<'a> {
    rule: LinkView,
    data: Vec<LinkView>,
    trigger: String,
    event: Option<String>,
    period: String,
    latest: Option<LinkView>,
    deletion: &'a str,
}

/// Every retention rule: what it covers, from when, how long, how deleted.
pub fn retention_schedule<'a>(v: &SiteView<'a>, lang: &str) -> RetentionSchedule<'a> {
    let d = v.default_lang().to_string();
    let rows = v
        .ids(Kind::Retention)
        .iter()
        .copied()
        .filter_map(|id| v.reg.retention_rule(id))
        .map(|r| {
            let data: Vec<LinkView> = r
                .data
                .data_categories
                .iter()
                .map(|c| v.link(Kind::DataCategory, &c.value, lang))
                .collect();
            let period = match &r.data.period {
                Some(p) => i18n::duration(lang, &p.value),
                None => t(lang, "set_by_customer"),
            };
            let trigger = serde_json::to_value(r.data.trigger)
                .ok()
                .and_then(|x| x.as_str().map(|c| i18n::value(lang, c)))
                .unwrap_or_default();
            RetentionRow {
                rule: v.link(Kind::Retention, &r.data.id.value, lang),
                data,
                trigger,
                event: r.data.event.as_ref().map(|e| e.get(lang, &d).to_string()),
                period,
                latest: r
                    .data
                    .at_the_latest
                    .as_ref()
                    .map(|x| v.link(Kind::Retention, &x.value, lang)),
                deletion: r.data.deletion.get(lang, &d),
            }
        })
        .collect();
    RetentionSchedule { rules: rows }
}

/// The data of the TOMs page.
#[derive(Serialize)]
pub struct Toms<'a> {
    groups: Vec<TomGroup<'a>>,
}

/// The TOMs of one control.
#[derive(Serialize)]
struct TomGroup<'a> {
    control: String,
    id: String,
    items: Vec<TomItem<'a>>,
}

/// One TOM.
#[derive(Serialize)]
struct TomItem<'a> {
    link: LinkView,
    description: &'a str,
}

/// The TOMs, grouped by control.
pub fn toms<'a>(v: &SiteView<'a>, lang: &str) -> Toms<'a> {
    let d = v.default_lang().to_string();
    let mut groups: std::collections::BTreeMap<String, Vec<TomItem>> =
        std::collections::BTreeMap::new();
    for id in v.ids(Kind::Tom) {
        let Some(tom) = v.reg.tom(id) else { continue };
        let control = serde_json::to_value(tom.data.control)
            .ok()
            .and_then(|x| x.as_str().map(str::to_string))
            .unwrap_or_default();
        groups.entry(control).or_default().push(TomItem {
            link: v.link(Kind::Tom, id, lang),
            description: tom.data.description.get(lang, &d),
        });
    }
    let groups = groups
        .into_iter()
        .map(|(c, items)| TomGroup {
            control: i18n::value(lang, &c),
            id: c,
            items,
        })
        .collect();
    Toms { groups }
}

/// The data of the training plan.
#[derive(Serialize)]
pub struct Trainings {
    trainings: Vec<TrainingRow>,
}

/// One training: for whom, when last held, how often, when next due.
#[derive(Serialize)]
struct TrainingRow {
    link: LinkView,
    audience: String,
    last_held: String,
    interval: String,
    next_due: String,
}

/// Every training with its dates.
pub fn trainings(v: &SiteView, lang: &str) -> Trainings {
    let rows = v
        .ids(Kind::Training)
        .iter()
        .copied()
        .filter_map(|id| v.reg.training(id))
        .map(|tr| TrainingRow {
            link: v.link(Kind::Training, &tr.data.id.value, lang),
            audience: tr.data.audience.join(", "),
            last_held: tr.data.last_held.value.to_string(),
            interval: i18n::duration(lang, &tr.data.interval.value),
            next_due: tr.data.next_due().to_string(),
        })
        .collect();
    Trainings { trainings: rows }
}

/// The data of the role × data-category matrix.
#[derive(Serialize)]
pub struct Matrix {
    header: Vec<LinkView>,
    rows: Vec<MatrixRow>,
    yes: String,
}

/// One data category: which roles may see it.
#[derive(Serialize)]
struct MatrixRow {
    category: LinkView,
    cells: Vec<bool>,
}

/// Data categories down, roles across: there are usually fewer roles than categories.
pub fn matrix(v: &SiteView, lang: &str) -> Matrix {
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
    let rows = v
        .ids(Kind::DataCategory)
        .iter()
        .copied()
        .map(|c| {
            let cells: Vec<bool> = roles
                .iter()
                .map(|r| r.data.data_categories.iter().any(|x| x.value == *c))
                .collect();
            MatrixRow {
                category: v.link(Kind::DataCategory, c, lang),
                cells,
            }
        })
        .collect();
    Matrix {
        header,
        rows,
        yes: t(lang, "yes"),
    }
}
