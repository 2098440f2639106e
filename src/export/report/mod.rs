//! `ropa report`: the records of processing activities (Art. 30 GDPR) as one
//! self-contained, print-ready HTML document (inline CSS, no scripts, no external
//! resources), in one of the registry's languages.
//!
//! The data is prepared here, item by item of Art. 30(1) and 30(2), as plain text in
//! a few shapes (`Block`: a key/value table, a table, a list, a paragraph); the Tera
//! template `report.html` only lays it out, so a registry can restyle the report with
//! its own `templates/report.html` without redoing the law. Text is escaped by Tera;
//! nothing the registry says is inserted as HTML. An item the registry leaves empty is
//! printed as "nicht angegeben" / "not stated" (a cell with `na: true`), never dropped.

mod annexes;
mod builder;
mod cover;
mod items;
mod measures;
mod part_a;
mod part_b;
mod transfers;
mod view;

use crate::model::{Date, Kind, Visibility};
use crate::registry::Registry;
use crate::view::templates;
use builder::Builder;
use serde::Serialize;

/// The name of the report's template (built in, or the registry's own).
pub const TEMPLATE: &str = "report.html";

/// Where `ropa build` puts the report in `lang`, relative to the site root.
pub fn file_name(lang: &str) -> String {
    format!("report-{lang}.html")
}

// ── rendering ────────────────────────────────────────────────────────────────────

/// Renders the records of processing of `reg` in `lang` as of `as_of`, noting the
/// registry `version` (a git commit) if known. Loads the built-in template, or the
/// registry's own `templates/report.html`.
pub fn render(
    reg: &Registry,
    lang: &str,
    as_of: Date,
    version: Option<&str>,
    audience: Visibility,
) -> Result<String, String> {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let tera = templates::load(&*reg.input, &kinds).map_err(|e| e.0)?;
    let mut html = Vec::new();
    render_to(&tera, reg, lang, as_of, version, audience, &mut html)?;
    String::from_utf8(html).map_err(|e| e.to_string())
}

/// Renders the report in `lang` with `tera`'s templates straight into `out` (the
/// report of a large registry runs to tens of megabytes).
pub fn render_to(
    tera: &tera::Tera,
    reg: &Registry,
    lang: &str,
    as_of: Date,
    version: Option<&str>,
    audience: Visibility,
    out: &mut dyn std::io::Write,
) -> Result<(), String> {
    let data = Builder::new(reg, lang).report(as_of, version, audience);
    let ctx = tera::Context::from_serialize(&data).map_err(|e| e.to_string())?;
    drop(data);
    tera.render_to(TEMPLATE, &ctx, out)
        .map_err(|e| format!("rendering the report with template `{TEMPLATE}`: {e}"))
}

/// A string as a CSS string literal: quoted, with `"`, `\`, line breaks and `<`
/// escaped (so it can neither end the string nor the `<style>` element).
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            '\n' | '\r' => out.push_str("\\a "),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The YAML spelling of an enum value (`physical-access`).
fn code<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|x| x.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_break_out() {
        assert_eq!(
            css_string("a \"b\" </style>"),
            "\"a \\22 b\\22  \\3c /style\\3e \""
        );
        assert_eq!(css_string("x\ny"), "\"x\\a y\"");
    }
}
