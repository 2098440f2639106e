//! `ropa build`: the internal wiki as static HTML, rendered in parallel, written atomically.

pub mod diagram;
pub mod fields;
pub mod output;
pub mod pages;
pub mod search;

use crate::diagnostics::Diagnostics;
use crate::model::{Date, Kind};
use crate::registry::Registry;
use crate::timing::phase;
use crate::view::{self, templates};
use output::Sink;
use rayon::prelude::*;
use std::io::Write;
use std::time::Instant;

/// Settings of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The date the dashboard counts from.
    pub as_of: Date,
    /// Who the site is for (the registry given to `render` is already filtered for it).
    pub audience: crate::model::Visibility,
}

/// Why a build produced nothing.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the registry (broken links in Markdown…).
    Registry(Diagnostics),
    /// A template could not be parsed or rendered.
    Template(String),
    /// A file could not be written.
    Io(String),
}

/// What a render leaves behind, for a later partial one (`serve`).
pub struct Rendered {
    /// How many files went into the sink.
    pub written: usize,
    /// The search entries of every page, in page order.
    pub search: Vec<search::Indexed>,
    /// The registry's links, indexed.
    pub links: view::LinkIndex,
}

/// Renders the whole site into `sink`, page by page in parallel, and returns how many
/// files it wrote. `findings` are the warnings shown on the dashboard. On an error the
/// sink holds part of a site; the caller discards it.
pub fn render(
    reg: &Registry,
    findings: &Diagnostics,
    opts: &BuildOptions,
    sink: &dyn Sink,
) -> Result<Rendered, BuildError> {
    let t = Instant::now();
    let tera = load_templates(reg)?;
    phase(t, "templates loaded");

    let t = Instant::now();
    let view = view::SiteView::new(reg, opts.audience);
    let per_lang = per_language(&view);
    let jobs = pages::jobs(&view);
    phase(t, "site prepared");

    // The records of processing render on one thread while the pages take the others.
    let t = Instant::now();
    let (search, reports) = rayon::join(
        || render_jobs(&view, &tera, &per_lang, &jobs, findings, opts.as_of, sink),
        || render_reports(&tera, reg, &view.languages, opts, sink),
    );
    let search = search?;
    let mut written = jobs.len() + reports?;
    phase(t, &format!("{} pages, records of processing", jobs.len()));
    drop(jobs);
    drop(per_lang);

    // The view holds every record as JSON: it is taken apart while the rest is written.
    let t = Instant::now();
    let (links, rest) = rayon::join(
        || view.into_links(),
        || write_rest(&tera, reg, opts, &search, sink),
    );
    written += rest?;
    phase(t, "assets and search index");
    Ok(Rendered {
        written,
        search,
        links,
    })
}

/// Writes what is not a page: the assets, `subprocessors.json`, the redirect to the
/// home page of the default language and the search index. Returns how many files.
fn write_rest(
    tera: &tera::Tera,
    reg: &Registry,
    opts: &BuildOptions,
    search: &[search::Indexed],
    sink: &dyn Sink,
) -> Result<usize, BuildError> {
    let mut written = 0;
    let mut put = |path: String, bytes: Vec<u8>| -> Result<(), BuildError> {
        written += 1;
        sink.put(&path, bytes)
            .map_err(|e| BuildError::Io(e.to_string()))
    };
    for (name, content) in templates::ASSETS {
        put(format!("assets/{name}"), content.as_bytes().to_vec())?;
    }
    put(
        "subprocessors.json".into(),
        subprocessors_json(reg, opts.as_of).into_bytes(),
    )?;
    let languages = reg.languages();
    let default_lang = &languages[0];
    let mut ctx = tera::Context::new();
    ctx.insert("lang", default_lang);
    ctx.insert("home", &format!("{default_lang}/index.html"));
    let redirect = tera.render("redirect.html", &ctx).map_err(|e| {
        BuildError::Template(format!(
            "rendering index.html with template `redirect.html`: {e}"
        ))
    })?;
    put("index.html".into(), redirect.into_bytes())?;
    Ok(written + write_search(&languages, search, sink)?)
}

/// Renders again only what shows the text of the processes `ids` — their pages in
/// every language (a language without its own text shows the default one), the
/// search index (kept in `rendered` with the links) and, with `home`, the dashboard (its list of
/// findings). For `serve`, after the Markdown of a process changed but not its front
/// matter: no other page shows a process's text. Returns how many files it wrote.
pub fn render_processes(
    reg: &Registry,
    findings: &Diagnostics,
    opts: &BuildOptions,
    sink: &dyn Sink,
    ids: &[&str],
    home: bool,
    rendered: &mut Rendered,
) -> Result<usize, BuildError> {
    let t = Instant::now();
    let Rendered { search, links, .. } = rendered;
    let tera = load_templates(reg)?;
    let view = view::SiteView::with_links(reg, opts.audience, std::borrow::Cow::Borrowed(links));
    let per_lang = per_language(&view);
    let shown: Vec<&str> = ids
        .iter()
        .filter_map(|id| view.ids(Kind::Process).iter().find(|x| *x == id).copied())
        .collect();
    let mut jobs = Vec::new();
    for lang in &view.languages {
        if home {
            jobs.push((lang.as_str(), pages::Job::Home));
        }
        jobs.extend(
            shown
                .iter()
                .map(|id| (lang.as_str(), pages::Job::Record(Kind::Process, id))),
        );
    }
    phase(t, "site prepared");
    let t = Instant::now();
    let entries = render_jobs(&view, &tera, &per_lang, &jobs, findings, opts.as_of, sink)?;
    phase(t, &format!("{} pages rendered", jobs.len()));
    let t = Instant::now();
    for entry in entries {
        if let Some(old) = search.iter_mut().find(|e| e.url == entry.url) {
            *old = entry;
        }
    }
    let written = jobs.len() + write_search(&view.languages, search, sink)?;
    phase(t, "search index");
    Ok(written)
}

/// The records of processing (Art. 30), one document per language at the root; they
/// are for the company and the authority, so only the internal wiki carries them.
/// Returns how many files it wrote.
fn render_reports(
    tera: &tera::Tera,
    reg: &Registry,
    languages: &[String],
    opts: &BuildOptions,
    sink: &dyn Sink,
) -> Result<usize, BuildError> {
    if opts.audience != crate::model::Visibility::Internal {
        return Ok(0);
    }
    let version = reg.input.version();
    // One language after the other: each report of a large registry is big.
    for lang in languages {
        let name = crate::export::report::file_name(lang);
        let mut out = sink
            .create(&name)
            .map_err(|e| BuildError::Io(e.to_string()))?;
        crate::export::report::render_to(
            tera,
            reg,
            lang,
            opts.as_of,
            version.as_deref(),
            opts.audience,
            &mut out,
        )
        .map_err(BuildError::Template)?;
        out.flush().map_err(|e| BuildError::Io(e.to_string()))?;
    }
    Ok(languages.len())
}

/// Per language of the view: the facts answers are written with, and what every page
/// shares.
fn per_language<'a>(view: &'a view::SiteView) -> Vec<(crate::facts::Lazy<'a>, pages::Shared)> {
    view.languages
        .iter()
        .map(|lang| {
            (
                crate::facts::Lazy::new(view.reg, lang),
                pages::Shared::new(view, lang),
            )
        })
        .collect()
}

fn load_templates(reg: &Registry) -> Result<tera::Tera, BuildError> {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    templates::load(&*reg.input, &kinds).map_err(|e| BuildError::Template(e.0))
}

/// Renders `jobs` in parallel into `sink`; each page is gathered, rendered and written
/// on its own, and only its search entry comes back (in job order). `per_lang` holds,
/// per language of the view, the facts answers are written with and the shared parts.
fn render_jobs(
    view: &view::SiteView,
    tera: &tera::Tera,
    per_lang: &[(crate::facts::Lazy, pages::Shared)],
    jobs: &[(&str, pages::Job)],
    findings: &Diagnostics,
    as_of: Date,
    sink: &dyn Sink,
) -> Result<Vec<search::Indexed>, BuildError> {
    let of_lang = |lang: &str| {
        let i = view.languages.iter().position(|l| l == lang).unwrap_or(0);
        &per_lang[i]
    };
    let done: Vec<(Option<search::Indexed>, Diagnostics)> = jobs
        .par_iter()
        .map(|(lang, job)| {
            let (facts, shared) = of_lang(lang);
            let (page, entry, problems) =
                pages::build(view, tera, lang, *job, facts, findings, as_of);
            if problems.error_count() == 0 {
                let ctx = shared.context(&page).map_err(BuildError::Template)?;
                let html = tera.render(&page.template, &ctx).map_err(|e| {
                    BuildError::Template(format!(
                        "rendering {} with template `{}`: {e}",
                        page.path, page.template
                    ))
                })?;
                sink.put(&page.path, html.into_bytes())
                    .map_err(|e| BuildError::Io(e.to_string()))?;
            }
            Ok((entry.map(search::Indexed::from), problems))
        })
        .collect::<Result<_, BuildError>>()?;
    let mut problems = Diagnostics::default();
    let mut search = Vec::new();
    for (entry, found) in done {
        search.extend(entry);
        problems.extend(found.iter().cloned());
    }
    if problems.error_count() > 0 {
        return Err(BuildError::Registry(problems));
    }
    Ok(search)
}

/// Writes the search index of each language (`assets/search-LANG.js`); returns how
/// many files it wrote.
fn write_search(
    languages: &[String],
    search: &[search::Indexed],
    sink: &dyn Sink,
) -> Result<usize, BuildError> {
    let scripts: Vec<(String, String)> = languages
        .par_iter()
        .map(|lang| {
            let prefix = format!("{lang}/");
            let entries = search.iter().filter(|e| e.url.starts_with(&prefix));
            (format!("assets/search-{lang}.js"), search::script(entries))
        })
        .collect();
    let count = scripts.len();
    for (path, script) in scripts {
        sink.put(&path, script.into_bytes())
            .map_err(|e| BuildError::Io(e.to_string()))?;
    }
    Ok(count)
}

/// `subprocessors.json`: the subprocessors this audience may see, for machines.
fn subprocessors_json(reg: &Registry, as_of: crate::model::Date) -> String {
    let optional = crate::facts::optional_subprocessors(reg);
    let list: Vec<serde_json::Value> = reg
        .subprocessors
        .iter()
        .map(|s| {
            let d = &s.data;
            let features: Vec<&str> = optional.iter().filter(|(_, id)| *id == d.id.value).map(|(f, _)| *f).collect();
            let plans: Vec<&str> = reg
                .plans
                .iter()
                .filter(|p| p.data.features.iter().any(|f| features.contains(&f.value.as_str())))
                .map(|p| p.data.id.value.as_str())
                .collect();
            let mechanisms: Vec<serde_json::Value> = d
                .transfers
                .iter()
                .filter_map(|t| reg.transfer(&t.value))
                .flat_map(|t| t.data.mechanisms.iter().map(|m| serde_json::to_value(m.value).unwrap_or_default()))
                .collect();
            serde_json::json!({
                "id": d.id.value, "name": d.name, "legal_name": d.legal_name, "address": d.address,
                "service": d.service, "sites": d.sites, "data_categories": d.data_categories,
                "transfer_mechanisms": mechanisms, "certifications": d.certifications,
                "status": d.status, "optional": !features.is_empty(), "features": features, "plans": plans,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(
        &serde_json::json!({"as_of": as_of.to_string(), "subprocessors": list}),
    )
    .expect("subprocessors serialize");
    text.push('\n');
    text
}
