//! `ropa build`: the internal wiki as static HTML, rendered in parallel, written atomically.

pub mod diagram;
pub mod output;
pub mod pages;
pub mod search;
pub mod templates;
pub mod view;

use crate::diagnostics::Diagnostics;
use crate::model::{Date, Kind};
use crate::registry::Registry;
use output::Files;
use rayon::prelude::*;
use std::time::Instant;

/// Settings of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The date the dashboard counts from.
    pub as_of: Date,
    /// Print the time of each phase to stderr.
    pub verbose: bool,
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
}

fn phase(verbose: bool, start: Instant, what: &str) {
    if verbose {
        eprintln!(
            "{what:<28} {:>8.1} ms",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Renders the whole site into memory. `findings` are the warnings shown on the dashboard.
pub fn render(
    reg: &Registry,
    findings: &Diagnostics,
    opts: &BuildOptions,
) -> Result<Files, BuildError> {
    let t = Instant::now();
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let tera = templates::load(&reg.root, &kinds).map_err(|e| BuildError::Template(e.0))?;
    phase(opts.verbose, t, "templates loaded");

    let t = Instant::now();
    let view = view::SiteView::new(reg, opts.audience);
    let (pages, search, problems) = pages::collect(&view, findings, opts.as_of);
    if problems.error_count() > 0 {
        return Err(BuildError::Registry(problems));
    }
    phase(opts.verbose, t, &format!("{} pages collected", pages.len()));

    let t = Instant::now();
    let rendered: Result<Vec<(String, Vec<u8>)>, BuildError> = pages
        .par_iter()
        .map(|p| {
            let ctx = tera::Context::from_serialize(&p.data)
                .map_err(|e| BuildError::Template(e.to_string()))?;
            tera.render(&p.template, &ctx)
                .map(|html| (p.path.clone(), html.into_bytes()))
                .map_err(|e| {
                    BuildError::Template(format!(
                        "rendering {} with template `{}`: {e}",
                        p.path, p.template
                    ))
                })
        })
        .collect();
    let mut files: Files = rendered?.into_iter().collect();
    phase(opts.verbose, t, "pages rendered");

    // The records of processing (Art. 30), one document per language at the root; they
    // are for the company and the authority, so only the internal wiki carries them.
    let t = Instant::now();
    if opts.audience == crate::model::Visibility::Internal {
        let version = crate::export::registry_version(&reg.root);
        for lang in &view.languages {
            let html = crate::export::report::render_with(
                &tera,
                reg,
                lang,
                opts.as_of,
                version.as_deref(),
            )
            .map_err(BuildError::Template)?;
            files.insert(crate::export::report::file_name(lang), html.into_bytes());
        }
    }
    phase(opts.verbose, t, "records of processing");

    let t = Instant::now();
    for (name, content) in templates::ASSETS {
        files.insert(format!("assets/{name}"), content.as_bytes().to_vec());
    }
    for lang in &view.languages {
        let entries: Vec<_> = search
            .iter()
            .filter(|e| e.u.starts_with(&format!("{lang}/")))
            .cloned()
            .collect();
        files.insert(
            format!("assets/search-{lang}.js"),
            search::script(&entries).into_bytes(),
        );
    }
    files.insert(
        "subprocessors.json".into(),
        subprocessors_json(reg, opts.as_of).into_bytes(),
    );
    let home = format!("{}/index.html", view.default_lang());
    files.insert(
        "index.html".into(),
        format!("<!DOCTYPE html>\n<html lang=\"{0}\"><head><meta charset=\"utf-8\"><title>ropa</title><meta http-equiv=\"refresh\" content=\"0; url={1}\"></head><body><a href=\"{1}\">{1}</a></body></html>\n", view.default_lang(), home).into_bytes(),
    );
    phase(opts.verbose, t, "assets and search index");
    Ok(files)
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
