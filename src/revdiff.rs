//! What changed in the records between two states, in words: each record added,
//! removed or changed, each changed field with its values as the site shows them
//! (`Hetzner — Sites: + Helsinki (FI)`), as text, Markdown (for a pull request) or
//! JSON (stable order).

use crate::history::{Change, Delta, RecordChange, State};
use crate::i18n;
use crate::model::{Kind, Visibility};
use crate::site::fields::plain;
use crate::view::SiteView;
use serde::Serialize;
use serde_json::Value;

/// One record's change in words.
#[derive(Debug, Clone, Serialize)]
pub struct Worded {
    /// Its kind (`subprocessor`).
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// The name a reader knows it by.
    pub label: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// For a changed record, each changed field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<WordedField>,
}

/// One field's change in words.
#[derive(Debug, Clone, Serialize)]
pub struct WordedField {
    /// The dotted path (`address.city`).
    pub path: String,
    /// Its label in the reader's language (`Address › City`).
    pub label: String,
    /// A single value before (absent when it was not set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// A single value after (absent when it is cleared).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// List items only before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<String>>,
    /// List items only after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added: Option<Vec<String>>,
}

/// The two views words are taken from: labels and values of the old state from the
/// old registry, of the new state from the new one.
pub struct Words<'a> {
    old: SiteView<'a>,
    new: SiteView<'a>,
    lang: String,
}

impl<'a> Words<'a> {
    /// Words in `lang` for changes from `from` to `to`, as `audience` sees them.
    pub fn new(from: &'a State, to: &'a State, audience: Visibility, lang: &str) -> Self {
        Words {
            old: SiteView::new(from.view(), audience),
            new: SiteView::new(to.view(), audience),
            lang: lang.to_string(),
        }
    }

    /// Every change in words, in the order given.
    pub fn word(&self, changes: &[RecordChange]) -> Vec<Worded> {
        changes.iter().map(|c| self.record(c)).collect()
    }

    fn record(&self, c: &RecordChange) -> Worded {
        let lang = &self.lang;
        let label = match c.change {
            Change::Removed => self.old.label(c.kind, &c.id, lang),
            _ => self.new.label(c.kind, &c.id, lang),
        };
        let (change, fields) = match &c.change {
            Change::Added => ("added", Vec::new()),
            Change::Removed => ("removed", Vec::new()),
            Change::Changed(fields) => (
                "changed",
                fields
                    .iter()
                    .flat_map(|f| self.field(c.kind, &f.path, &f.delta))
                    .collect(),
            ),
        };
        Worded {
            kind: c.kind.name(),
            id: c.id.clone(),
            label,
            change,
            fields,
        }
    }

    fn field(&self, kind: Kind, path: &str, delta: &Delta) -> Vec<WordedField> {
        let lang = &self.lang;
        let label = path
            .split('.')
            .map(|p| i18n::field(lang, p))
            .collect::<Vec<_>>()
            .join(" › ");
        match delta {
            Delta::List { removed, added } => vec![WordedField {
                path: path.to_string(),
                label,
                old: None,
                new: None,
                removed: Some(
                    removed
                        .iter()
                        .map(|v| self.value(&self.old, kind, path, v, lang))
                        .collect(),
                ),
                added: Some(
                    added
                        .iter()
                        .map(|v| self.value(&self.new, kind, path, v, lang))
                        .collect(),
                ),
            }],
            Delta::Set { old, new } => {
                let texts = (
                    old.as_ref().and_then(Value::as_object),
                    new.as_ref().and_then(Value::as_object),
                );
                // A text in several languages: the reader's language if it changed,
                // else each language that did.
                if let (Some(o), Some(n)) = texts {
                    if crate::history::compare::is_text_map(o)
                        && crate::history::compare::is_text_map(n)
                    {
                        let in_lang = |m: &serde_json::Map<String, Value>, l: &str| {
                            m.get(l).and_then(Value::as_str).map(str::to_string)
                        };
                        if in_lang(o, lang) != in_lang(n, lang) {
                            return vec![self.set(path, label, in_lang(o, lang), in_lang(n, lang))];
                        }
                        let mut langs: Vec<&String> = n
                            .keys()
                            .chain(o.keys().filter(|k| !n.contains_key(*k)))
                            .collect();
                        langs.dedup();
                        return langs
                            .into_iter()
                            .filter(|l| in_lang(o, l) != in_lang(n, l))
                            .map(|l| {
                                self.set(
                                    path,
                                    format!("{label} ({l})"),
                                    in_lang(o, l),
                                    in_lang(n, l),
                                )
                            })
                            .collect();
                    }
                }
                let old = old
                    .as_ref()
                    .map(|v| self.value(&self.old, kind, path, v, lang));
                let new = new
                    .as_ref()
                    .map(|v| self.value(&self.new, kind, path, v, lang));
                vec![self.set(path, label, old, new)]
            }
        }
    }

    fn set(
        &self,
        path: &str,
        label: String,
        old: Option<String>,
        new: Option<String>,
    ) -> WordedField {
        WordedField {
            path: path.to_string(),
            label,
            old,
            new,
            removed: None,
            added: None,
        }
    }

    fn value(&self, view: &SiteView, kind: Kind, path: &str, v: &Value, lang: &str) -> String {
        if let Some(site) = site_words(v, lang) {
            return site;
        }
        plain(&view.display(kind, path, v, lang))
    }
}

/// A processing site as a list shows it: `Helsinki (FI)`, a country, a region, or
/// the worldwide edge network.
fn site_words(v: &Value, lang: &str) -> Option<String> {
    let m = v.as_object()?;
    let is_site = m.contains_key("global_edge") && !m.contains_key("street");
    if !is_site {
        return None;
    }
    let s = |k: &str| m.get(k).and_then(Value::as_str);
    if m.get("global_edge") == Some(&Value::Bool(true)) {
        return Some(i18n::word(lang, "facts", "edge_network"));
    }
    Some(match (s("city"), s("country"), s("region")) {
        (Some(city), Some(cc), _) => format!("{city} ({cc})"),
        (None, Some(cc), _) => i18n::country_name(cc, lang),
        (Some(city), None, _) => city.to_string(),
        (None, None, Some(region)) => i18n::word(lang, "facts", &format!("region_{region}")),
        (None, None, None) => String::new(),
    })
}

/// What is compared, for the heading: the revision and its short commit, or the
/// work tree.
pub fn state_name(state: &State, lang: &str) -> String {
    match (&state.rev, &state.commit) {
        (Some(rev), Some(commit)) if commit.starts_with(rev.as_str()) => {
            commit[..7.min(commit.len())].to_string()
        }
        (Some(rev), Some(commit)) => format!("{rev} ({})", &commit[..7.min(commit.len())]),
        (Some(rev), None) => rev.clone(),
        (None, _) => i18n::word(lang, "diff", "work_tree"),
    }
}

fn heading(from: &State, to: &State, lang: &str) -> String {
    i18n::word(lang, "diff", "title")
        .replace("{from}", &state_name(from, lang))
        .replace("{to}", &state_name(to, lang))
}

fn field_words(f: &WordedField, lang: &str, escape: fn(&str) -> String) -> String {
    let none = i18n::word(lang, "diff", "none");
    let long = |s: &Option<String>| s.as_ref().is_some_and(|s| s.len() > 160);
    if let (Some(removed), Some(added)) = (&f.removed, &f.added) {
        let items: Vec<String> = removed
            .iter()
            .map(|r| format!("− {}", escape(r)))
            .chain(added.iter().map(|a| format!("+ {}", escape(a))))
            .collect();
        return format!("{}: {}", escape(&f.label), items.join(", "));
    }
    if long(&f.old) || long(&f.new) {
        return format!(
            "{}: {}",
            escape(&f.label),
            i18n::word(lang, "diff", "text_changed")
        );
    }
    let show = |s: &Option<String>| s.as_deref().map(escape).unwrap_or_else(|| none.clone());
    format!("{}: {} → {}", escape(&f.label), show(&f.old), show(&f.new))
}

/// Groups of changes by kind, in the order given.
fn by_kind(changes: &[Worded]) -> Vec<(&'static str, Vec<&Worded>)> {
    let mut out: Vec<(&'static str, Vec<&Worded>)> = Vec::new();
    for c in changes {
        match out.last_mut() {
            Some((k, items)) if *k == c.kind => items.push(c),
            _ => out.push((c.kind, vec![c])),
        }
    }
    out
}

fn kind_plural(kind: &str, lang: &str) -> String {
    Kind::from_name(kind).map_or_else(|| kind.to_string(), |k| i18n::kind_plural(lang, k))
}

/// The changes as plain text, one line per record added or removed and per field
/// changed.
pub fn text(from: &State, to: &State, changes: &[Worded], lang: &str) -> String {
    if changes.is_empty() {
        return format!("{}\n", i18n::word(lang, "diff", "no_changes"));
    }
    let mut out = format!("{}\n", heading(from, to, lang));
    let same = |s: &str| s.to_string();
    for (kind, items) in by_kind(changes) {
        out.push_str(&format!("\n{}\n", kind_plural(kind, lang)));
        for c in items {
            let name = if c.label == c.id {
                c.id.clone()
            } else {
                format!("{} ({})", c.label, c.id)
            };
            match c.change {
                "added" => out.push_str(&format!("  + {name}\n")),
                "removed" => out.push_str(&format!("  − {name}\n")),
                _ => {
                    for f in &c.fields {
                        out.push_str(&format!(
                            "  ~ {} — {}\n",
                            c.label,
                            field_words(f, lang, same)
                        ));
                    }
                }
            }
        }
    }
    out
}

/// Markdown that reads well as a pull-request comment: a heading per kind, a bullet
/// per record, a nested bullet per field.
pub fn markdown(from: &State, to: &State, changes: &[Worded], lang: &str) -> String {
    if changes.is_empty() {
        return format!("{}\n", md_escape(&i18n::word(lang, "diff", "no_changes")));
    }
    let mut out = format!("### {}\n", md_escape(&heading(from, to, lang)));
    for (kind, items) in by_kind(changes) {
        out.push_str(&format!(
            "\n#### {}\n\n",
            md_escape(&kind_plural(kind, lang))
        ));
        for c in items {
            let word = i18n::word(lang, "diff", c.change);
            out.push_str(&format!(
                "- **{}** {} (`{}`)\n",
                md_escape(&word),
                md_escape(&c.label),
                c.id
            ));
            for f in &c.fields {
                out.push_str(&format!("  - {}\n", field_words(f, lang, md_escape)));
            }
        }
    }
    out
}

/// The changes as one JSON document (the keys in a fixed order):
/// `{"from", "to", "audience", "lang", "changes": [{kind, id, label, change, fields}]}`.
pub fn json(
    from: &State,
    to: &State,
    changes: &[Worded],
    audience: Visibility,
    lang: &str,
) -> Value {
    let end = |s: &State| {
        serde_json::json!({
            "rev": s.rev,
            "commit": s.commit,
            "work_tree": s.rev.is_none(),
        })
    };
    serde_json::json!({
        "from": end(from),
        "to": end(to),
        "audience": audience.as_str(),
        "lang": lang,
        "changes": changes,
    })
}

/// Markdown's special characters escaped with a backslash.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!'
        ) {
            out.push('\\');
        }
        if ch == '\n' {
            out.push(' ');
        } else {
            out.push(ch);
        }
    }
    out
}
