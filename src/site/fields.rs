//! A record's fact rows: each field's value as a typed tree (text, links, durations,
//! lists, addresses, nested fields), rendered to HTML by the `field-row.html`
//! template, which a registry's own `templates/` folder can replace.

use crate::i18n;
use crate::model::{IsoDuration, Kind};
use crate::view::{href, SiteView};
use serde::Serialize;
use serde_json::Value;

/// The template that renders one field's value.
pub const TEMPLATE: &str = "field-row.html";

/// One row of a record's fact table: a label and HTML (already escaped).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Field label.
    pub label: String,
    /// The value as HTML.
    pub html: String,
}

/// A field's value as the fact table shows it, before it is HTML. Templates see it
/// as a map with `type` (the variant's name in snake case) and the variant's fields.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldValue {
    /// Text; its lines are shown with line breaks between them.
    Text {
        /// The lines (one unless the text is free text with line breaks).
        lines: Vec<String>,
    },
    /// A link to a record's page.
    Link {
        /// The URL, relative to the page.
        href: String,
        /// The record's name.
        label: String,
    },
    /// A list of references to records (links, or ids of missing records).
    Refs {
        /// The references.
        items: Vec<FieldValue>,
    },
    /// A duration in words, with its ISO 8601 code.
    Duration {
        /// E.g. "3 years".
        words: String,
        /// E.g. "P3Y".
        code: String,
    },
    /// A web address, shown as a link to itself.
    Url {
        /// The address.
        url: String,
    },
    /// A list of values.
    List {
        /// Whether the items are objects with fields of their own.
        objects: bool,
        /// The items.
        items: Vec<FieldValue>,
    },
    /// A postal address.
    Address {
        /// Street and number.
        street: String,
        /// Postal code.
        postal_code: String,
        /// City.
        city: String,
        /// Country, in the reader's language.
        country: String,
    },
    /// An object's fields, each with its label.
    Nested {
        /// The fields.
        fields: Vec<NestedField>,
    },
    /// Nothing (a `null` in a list).
    Empty,
}

/// One field of a nested object.
#[derive(Debug, Clone, Serialize)]
pub struct NestedField {
    /// Field label.
    pub label: String,
    /// Its value.
    pub value: FieldValue,
}

impl FieldValue {
    fn text(s: impl Into<String>) -> Self {
        FieldValue::Text {
            lines: vec![s.into()],
        }
    }

    fn lines(s: &str) -> Self {
        FieldValue::Text {
            lines: s.split('\n').map(str::to_string).collect(),
        }
    }
}

/// What the built-in `field-row.html` makes of `value`, written in Rust. Rendering
/// every row through Tera (one render call per field) made a scale-100 build about a
/// quarter slower in CPU time (benches/README.md, 4 December 2026); so rows go through
/// Tera only when a registry has its own `field-row.html`. The unit test below and
/// the golden comparison of the example's pages hold this equal to the template.
pub fn render_built_in(value: &FieldValue) -> String {
    let mut out = String::new();
    built_in_into(&mut out, value);
    out
}

fn built_in_into(out: &mut String, value: &FieldValue) {
    use crate::html::escape_into;
    match value {
        FieldValue::Text { lines } => {
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    out.push_str("<br>");
                }
                escape_into(out, line, false);
            }
        }
        FieldValue::Link { href, label } => {
            out.push_str("<a href=\"");
            escape_into(out, href, false);
            out.push_str("\">");
            escape_into(out, label, false);
            out.push_str("</a>");
        }
        FieldValue::Refs { items } => {
            out.push_str("<ul class=\"refs\">");
            for i in items {
                out.push_str("<li>");
                built_in_into(out, i);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        FieldValue::Duration { words, code } => {
            escape_into(out, words, false);
            out.push_str(" <span class=\"code\">(");
            escape_into(out, code, false);
            out.push_str(")</span>");
        }
        FieldValue::Url { url } => {
            out.push_str("<a href=\"");
            escape_into(out, url, false);
            out.push_str("\">");
            escape_into(out, url, false);
            out.push_str("</a>");
        }
        FieldValue::List { objects, items } => {
            out.push_str(if *objects {
                "<ul class=\"objects\">"
            } else {
                "<ul>"
            });
            for i in items {
                out.push_str("<li>");
                built_in_into(out, i);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        FieldValue::Address {
            street,
            postal_code,
            city,
            country,
        } => {
            escape_into(out, street, false);
            out.push_str(", ");
            escape_into(out, postal_code, false);
            out.push(' ');
            escape_into(out, city, false);
            out.push_str(", ");
            escape_into(out, country, false);
        }
        FieldValue::Nested { fields } => {
            out.push_str("<dl class=\"nested\">");
            for f in fields {
                out.push_str("<dt>");
                escape_into(out, &f.label, false);
                out.push_str("</dt><dd>");
                built_in_into(out, &f.value);
                out.push_str("</dd>");
            }
            out.push_str("</dl>");
        }
        FieldValue::Empty => {}
    }
}

/// A value as plain text on one line, for words about changes (`ropa diff`,
/// history): the labels of links, a duration's words, a list's items separated by
/// commas, nested fields as `label: value`.
pub fn plain(value: &FieldValue) -> String {
    match value {
        FieldValue::Text { lines } => lines.join(" "),
        FieldValue::Link { label, .. } => label.clone(),
        FieldValue::Refs { items } | FieldValue::List { items, .. } => items
            .iter()
            .map(plain)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        FieldValue::Duration { words, .. } => words.clone(),
        FieldValue::Url { url } => url.clone(),
        FieldValue::Address {
            street,
            postal_code,
            city,
            country,
        } => format!("{street}, {postal_code} {city}, {country}"),
        FieldValue::Nested { fields } => fields
            .iter()
            .map(|f| format!("{}: {}", f.label, plain(&f.value)))
            .collect::<Vec<_>>()
            .join("; "),
        FieldValue::Empty => String::new(),
    }
}

/// Renders a field's value with the `field-row.html` template.
pub fn render(tera: &tera::Tera, label: &str, value: &FieldValue) -> Result<String, String> {
    let mut ctx = tera::Context::new();
    ctx.insert("label", label);
    ctx.insert("value", value);
    tera.render(TEMPLATE, &ctx)
        .map_err(|e| format!("the field `{label}` with template `{TEMPLATE}`: {e}"))
}

/// Where a value sits: the record's kind and the field's dotted path.
#[derive(Clone, Copy)]
struct Field<'p> {
    kind: Kind,
    path: &'p str,
}

impl SiteView<'_> {
    /// The fact table of a record: every field but the heading, id and visibility, as
    /// labels and values.
    pub fn fields(
        &self,
        kind: Kind,
        id: &str,
        lang: &str,
        skip: &[&str],
        root: &str,
    ) -> Vec<(String, FieldValue)> {
        let Value::Object(map) = self.json(kind, id) else {
            return Vec::new();
        };
        map.iter()
            .filter(|(k, _)| {
                !["id", "visibility", "field_visibility", "notes"].contains(&k.as_str())
                    && !skip.contains(&k.as_str())
            })
            .filter(|(_, v)| !is_empty(v))
            .map(|(k, v)| {
                let value = self.value(Field { kind, path: k }, v, lang, root);
                (i18n::field(lang, k), value)
            })
            .collect()
    }

    /// A field's value at its dotted `path` (`address.city`), as the fact table
    /// shows it, with links relative to the site's root.
    pub fn display(&self, kind: Kind, path: &str, v: &Value, lang: &str) -> FieldValue {
        self.value(Field { kind, path }, v, lang, "")
    }

    /// A field's value; links to records start with `root`.
    fn value(&self, at: Field, v: &Value, lang: &str, root: &str) -> FieldValue {
        let field = at.path.rsplit('.').next().unwrap_or(at.path);
        if let Some(target) = self.ref_field(at.kind, at.path) {
            return match v {
                Value::String(id) => self.reference(target, id, lang, root),
                Value::Array(items) => FieldValue::Refs {
                    items: items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(|id| self.reference(target, id, lang, root))
                        .collect(),
                },
                _ => FieldValue::text(v.to_string()),
            };
        }
        match v {
            Value::Bool(b) => FieldValue::text(i18n::t(lang, if *b { "yes" } else { "no" })),
            Value::Number(n) => FieldValue::text(n.to_string()),
            Value::String(s) => {
                if ["period", "interval", "deadline"].contains(&field) {
                    if let Ok(d) = IsoDuration::parse(s) {
                        return FieldValue::Duration {
                            words: i18n::duration(lang, &d),
                            code: s.clone(),
                        };
                    }
                }
                if ENUM_FIELDS.contains(&field) {
                    FieldValue::text(i18n::value(lang, s))
                } else if field == "country" || field == "countries" {
                    FieldValue::text(crate::i18n::country_name(s, lang))
                } else if s.starts_with("http://") || s.starts_with("https://") {
                    FieldValue::Url { url: s.clone() }
                } else {
                    FieldValue::lines(s)
                }
            }
            Value::Array(items) => FieldValue::List {
                objects: !items.iter().all(|i| !i.is_object() || self.is_text_obj(i)),
                items: items
                    .iter()
                    .map(|i| self.value(at, i, lang, root))
                    .collect(),
            },
            Value::Object(m) if self.is_text_map(m) => FieldValue::lines(&self.localise(v, lang)),
            Value::Object(m) if m.contains_key("street") && m.contains_key("city") => {
                let get = |k: &str| {
                    m.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                FieldValue::Address {
                    street: get("street"),
                    postal_code: get("postal_code"),
                    city: get("city"),
                    country: crate::i18n::country_name(&get("country"), lang),
                }
            }
            Value::Object(m) => {
                let shown = m.iter().filter(|(k, x)| {
                    !(is_empty(x) || k.as_str() == "global_edge" && **x == Value::Bool(false))
                });
                let fields = shown
                    .map(|(k, x)| {
                        let path = format!("{}.{k}", at.path);
                        let inner = Field {
                            kind: at.kind,
                            path: &path,
                        };
                        NestedField {
                            label: i18n::field(lang, k),
                            value: self.value(inner, x, lang, root),
                        }
                    })
                    .collect();
                FieldValue::Nested { fields }
            }
            Value::Null => FieldValue::Empty,
        }
    }

    fn is_text_obj(&self, v: &Value) -> bool {
        matches!(v, Value::Object(m) if self.is_text_map(m))
    }

    /// A link to a record, or its id when there is no such record.
    fn reference(&self, kind: Kind, id: &str, lang: &str, root: &str) -> FieldValue {
        if self.reg.contains(kind, id) {
            FieldValue::Link {
                href: format!("{root}{}", href(kind, id, lang)),
                label: self.label(kind, id, lang),
            }
        } else {
            FieldValue::text(id)
        }
    }
}

/// Fields whose values come from a fixed set and are shown in the reader's words.
const ENUM_FIELDS: &[&str] = &[
    "role",
    "our_role",
    "status",
    "kind",
    "trigger",
    "mechanisms",
    "control",
    "sdm_goals",
    "scope",
    "depth",
    "handles",
    "subprocessor_authorisation",
    "scc_module",
    "region",
];

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape, nested, with every character HTML escapes.
    fn samples() -> Vec<FieldValue> {
        let t = |s: &str| FieldValue::Text {
            lines: vec![s.into()],
        };
        let tricky = "a & b < c > d \" e ' f";
        vec![
            FieldValue::Text {
                lines: vec![tricky.into(), "second".into(), String::new()],
            },
            FieldValue::Link {
                href: "../x/a&b.html".into(),
                label: tricky.into(),
            },
            FieldValue::Refs {
                items: vec![
                    FieldValue::Link {
                        href: "h".into(),
                        label: "L".into(),
                    },
                    t("missing <id>"),
                ],
            },
            FieldValue::Duration {
                words: "24 Stunden & mehr".into(),
                code: "PT24H".into(),
            },
            FieldValue::Url {
                url: "https://e.example/?a=1&b=\"2\"".into(),
            },
            FieldValue::List {
                objects: true,
                items: vec![
                    FieldValue::Nested {
                        fields: vec![NestedField {
                            label: "K<ey>".into(),
                            value: t(tricky),
                        }],
                    },
                    FieldValue::Empty,
                ],
            },
            FieldValue::List {
                objects: false,
                items: vec![t("one"), t("two")],
            },
            FieldValue::Address {
                street: "Industriestr. 25 & Hof".into(),
                postal_code: "91710".into(),
                city: "Gunzenhausen".into(),
                country: "Deutschland".into(),
            },
            FieldValue::Empty,
        ]
    }

    #[test]
    fn the_rust_rows_equal_the_built_in_template() {
        let empty = tempfile::tempdir().expect("temp dir");
        let input = crate::load::input::WorkTree::new(empty.path());
        let tera = crate::view::templates::load(&input, &[]).expect("built-in templates");
        for value in samples() {
            let by_template = render(&tera, "label", &value).expect("render");
            assert_eq!(render_built_in(&value), by_template, "{value:?}");
        }
    }
}
