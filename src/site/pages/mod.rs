//! Every page of the site, as a template name and its typed data: which pages there
//! are, and the frame every page shares (languages, navigation, interface strings).
//! Pages are independent jobs: collecting them reads the registry; rendering them is
//! parallel.

mod answers;
mod flows;
mod home;
mod lists;
mod record;

use crate::diagnostics::Diagnostics;
use crate::i18n::{self, t};
use crate::model::{Date, Kind, Visibility};
use crate::view::{index_href, SiteView};
use serde::Serialize;

pub use super::search::Entry;

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
    /// rendered: they are the same on many pages), or why it could not be made.
    pub data: Result<tera::Context, String>,
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
#[allow(clippy::too_many_arguments)]
pub fn build(
    v: &SiteView,
    tera: &tera::Tera,
    lang: &str,
    job: Job,
    facts: &crate::facts::Lazy,
    findings: &Diagnostics,
    as_of: Date,
) -> (Page, Option<Entry>, Diagnostics) {
    let mut problems = Diagnostics::default();
    let at = |path: String, template: &str, title: String, kind: Option<Kind>| Place {
        path,
        template: template.to_string(),
        title,
        kind,
    };
    let internal = v.audience == Visibility::Internal;
    let home = || at(format!("{lang}/index.html"), "", t(lang, "home"), None);
    let (page, entry) = match job {
        Job::Home if internal => {
            let data = home::home(v, lang, findings, as_of);
            let place = Place {
                template: "home.html".to_string(),
                ..home()
            };
            (place.page(v, lang, &data), None)
        }
        Job::Home => {
            let data = home::trust_home(v, lang, as_of);
            let place = Place {
                template: "trust-home.html".to_string(),
                ..home()
            };
            (place.page(v, lang, &data), None)
        }
        Job::Organization => {
            let path = index_href(Kind::Organization, lang);
            let root = root_of(&path);
            let data = record::record(v, tera, Kind::Organization, "", lang, &root);
            let title = v.label(Kind::Organization, "", lang);
            let place = at(path, "organization.html", title, Some(Kind::Organization));
            match data {
                Ok(data) => {
                    let entry =
                        record::entry(v, Kind::Organization, "", lang, String::new(), &data);
                    (place.page(v, lang, &data), Some(entry))
                }
                Err(e) => (place.failed(lang, e), None),
            }
        }
        Job::List(kind) => {
            let place = at(
                index_href(kind, lang),
                list_template(kind),
                i18n::kind_plural(lang, kind),
                Some(kind),
            );
            let page = match kind {
                Kind::Retention => place.page(v, lang, &lists::retention_schedule(v, lang)),
                Kind::Tom => place.page(v, lang, &lists::toms(v, lang)),
                Kind::Training => place.page(v, lang, &lists::trainings(v, lang)),
                Kind::Flow => place.page(v, lang, &flows::flows_overview(v, lang)),
                Kind::Answer => {
                    let data = answers::answers(v, lang, facts, as_of, &mut problems);
                    place.page(v, lang, &data)
                }
                _ => place.page(v, lang, &lists::list(v, kind, lang)),
            };
            (page, None)
        }
        Job::Record(kind, id) => {
            let (page, entry, found) = record::record_page(v, tera, kind, id, lang, facts, as_of);
            problems.extend(found.iter().cloned());
            (page, entry)
        }
        Job::Matrix => {
            let place = at(
                format!("{lang}/roles/matrix.html"),
                "matrix.html",
                t(lang, "matrix"),
                Some(Kind::Role),
            );
            (place.page(v, lang, &lists::matrix(v, lang)), None)
        }
    };
    (page, entry, problems)
}

/// The template of a kind's index page.
fn list_template(kind: Kind) -> &'static str {
    match kind {
        Kind::Retention => "retention-schedule.html",
        Kind::Tom => "toms.html",
        Kind::Training => "trainings.html",
        Kind::Flow => "flows.html",
        Kind::Answer => "answers.html",
        _ => "list.html",
    }
}

/// One entry of the navigation.
#[derive(Serialize)]
struct NavItem {
    label: String,
    href: String,
    active: bool,
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
        let ui: serde_json::Map<String, serde_json::Value> = i18n::ui_strings(lang)
            .into_iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
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
                let mut nav = vec![NavItem {
                    label: t(lang, "home"),
                    href: format!("{lang}/index.html"),
                    active: section.is_none(),
                }];
                nav.extend(shown.iter().map(|k| NavItem {
                    label: i18n::kind_plural(lang, *k),
                    href: index_href(*k, lang),
                    active: section == Some(*k),
                }));
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
        let mut ctx = page.data.clone()?;
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

/// A link to the same page in another language.
#[derive(Serialize)]
struct LangLink<'a> {
    code: &'a str,
    href: String,
    current: bool,
}

/// What every page has around its own data: where it is, its title, the languages.
#[derive(Serialize)]
struct Frame<'a> {
    root: String,
    lang: &'a str,
    langs: Vec<LangLink<'a>>,
    title: &'a str,
    org: String,
    kind: Option<String>,
    kind_id: Option<&'static str>,
}

/// A page's own data in its frame, as one template context.
#[derive(Serialize)]
struct Framed<'a, T> {
    #[serde(flatten)]
    frame: Frame<'a>,
    #[serde(flatten)]
    body: &'a T,
}

/// Where a page goes, its template, title and section.
struct Place {
    path: String,
    template: String,
    title: String,
    kind: Option<Kind>,
}

impl Place {
    /// The page at this place whose data could not be made, and why.
    fn failed(self, lang: &str, why: String) -> Page {
        Page {
            data: Err(format!("rendering {}: {why}", self.path)),
            path: self.path,
            template: self.template,
            lang: lang.to_string(),
            kind: self.kind,
        }
    }

    /// The page at this place with `body` as its own data.
    fn page<T: Serialize>(self, v: &SiteView, lang: &str, body: &T) -> Page {
        let Place {
            path,
            template,
            title,
            kind,
        } = self;
        let langs = v
            .languages
            .iter()
            .map(|l| LangLink {
                code: l,
                href: format!("{l}{}", &path[lang.len()..]),
                current: l == lang,
            })
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
        let frame = Frame {
            root: root_of(&path),
            lang,
            langs,
            title: &title,
            org,
            kind: kind.map(|k| i18n::kind_singular(lang, k)),
            kind_id: kind.map(|k| k.name()),
        };
        let data =
            tera::Context::from_serialize(&Framed { frame, body }).map_err(|e| e.to_string());
        Page {
            path,
            template,
            lang: lang.to_string(),
            kind,
            data,
        }
    }
}
