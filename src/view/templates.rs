//! The Tera templates: built in (from `templates/` of ropa's source, embedded in the
//! binary) and replaced one by one by a registry's own `templates/` folder.

use crate::load::input::Input;
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

/// Loads the built-in templates, then the registry's overrides from its `templates/`
/// (read through `input`: the work tree, or a revision). Record pages use
/// `<kind>.html` when it exists and `record.html` otherwise.
pub fn load(input: &dyn Input, kinds: &[&str]) -> Result<tera::Tera, TemplateError> {
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
    let folder = Path::new("templates");
    let dir = input.root().join(folder);
    if input.is_dir(folder) {
        let mut entries: Vec<_> = input
            .names_in(folder)
            .map_err(|e| TemplateError(format!("{}: {e}", dir.display())))?
            .into_iter()
            .map(|name| folder.join(name))
            .filter(|p| p.extension().is_some_and(|x| x == "html"))
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = read_text(input, &path).map_err(|e| {
                TemplateError(format!("{}: {e}", input.root().join(&path).display()))
            })?;
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

/// A template's text (any size, as before there was a limit on registry files).
fn read_text(input: &dyn Input, path: &Path) -> Result<String, String> {
    use crate::load::input::ReadError;
    let bytes = input.read(path, u64::MAX).map_err(|e| match e {
        ReadError::Io(e) => e,
        ReadError::TooLarge(_) => "the file is too large".to_string(),
    })?;
    // The words of `std::fs::read_to_string`, which read templates before.
    String::from_utf8(bytes).map_err(|_| "stream did not contain valid UTF-8".to_string())
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
