//! The Tera templates: built in (from `templates/` of ropa's source, embedded in the
//! binary) and replaced one by one by a registry's own `templates/` folder.

use std::path::Path;

/// The built-in templates, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("record.html", include_str!("../../templates/record.html")),
    ("process.html", include_str!("../../templates/process.html")),
    (
        "retention-schedule.html",
        include_str!("../../templates/retention-schedule.html"),
    ),
    ("toms.html", include_str!("../../templates/toms.html")),
    (
        "trainings.html",
        include_str!("../../templates/trainings.html"),
    ),
    ("flows.html", include_str!("../../templates/flows.html")),
    ("matrix.html", include_str!("../../templates/matrix.html")),
    ("answers.html", include_str!("../../templates/answers.html")),
    ("answer.html", include_str!("../../templates/answer.html")),
    (
        "trust-home.html",
        include_str!("../../templates/trust-home.html"),
    ),
    ("report.html", include_str!("../../templates/report.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    (
        "field-row.html",
        include_str!("../../templates/field-row.html"),
    ),
];

/// Static files copied into `assets/`.
pub const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../templates/static/style.css"),
    ),
    ("site.js", include_str!("../../templates/static/site.js")),
    (
        "favicon.svg",
        include_str!("../../templates/static/favicon.svg"),
    ),
];

/// A template problem, naming the file it is in.
#[derive(Debug)]
pub struct TemplateError(pub String);

/// Loads the built-in templates, then the registry's overrides from `root/templates/`.
/// Record pages use `<kind>.html` when it exists and `record.html` otherwise.
pub fn load(root: &Path, kinds: &[&str]) -> Result<tera::Tera, TemplateError> {
    let mut templates: Vec<(String, String)> = BUILT_IN
        .iter()
        .map(|(n, c)| (n.to_string(), c.to_string()))
        .collect();
    for kind in kinds {
        let name = format!("{kind}.html");
        if !templates.iter().any(|(n, _)| *n == name) {
            templates.push((name, "{% extends \"record.html\" %}".to_string()));
        }
    }
    let dir = root.join("templates");
    if dir.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| TemplateError(format!("{}: {e}", dir.display())))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "html"))
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| TemplateError(format!("{}: {e}", path.display())))?;
            match templates.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => templates.push((name, text)),
            }
        }
    }
    let mut tera = tera::Tera::new();
    tera.register_filter("url_part", url_part);
    tera.add_raw_templates(templates.iter().map(|(n, c)| (n.as_str(), c.as_str())))
        .map_err(|e| TemplateError(format!("in templates (built-in or {}): {e}", dir.display())))?;
    Ok(tera)
}

/// Tera filter `url_part`: percent-encodes a value put into a URL (`mailto:{{ dpo.email
/// | url_part }}`), so a `"`, space or `<` in a record cannot end the attribute or
/// change the address. Letters, digits and `-._~@+` stay as they are.
fn url_part(value: tera::StringInput, _: tera::Kwargs, _: &tera::State) -> String {
    let mut out = String::new();
    for b in value.as_str().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@+".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
