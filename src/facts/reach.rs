//! Which facts the answers of a registry can reach: the names written in their Tera
//! code, so that only those are gathered.

use crate::registry::Registry;
use std::collections::{HashMap, HashSet};

/// Which facts answers can reach: the top-level names written in them (Tera finds
/// variables by name only; `__tera_context` reaches them all), and of a map of
/// records (`subprocessor`, `retention`, …) only the entries named with a literal id
/// (`subprocessor["hetzner"]`) when it is used in no other way. Gathering only those
/// keeps a large registry's answers cheap.
pub struct Reachable(Option<HashMap<String, Entries>>);

/// The entries of a map of records an answer can reach.
enum Entries {
    All,
    Only(HashSet<String>),
}

impl Reachable {
    /// Every fact (for `ropa answer`, which shows any of them).
    pub fn all() -> Self {
        Reachable(None)
    }

    /// The facts named in the texts of `reg`'s answers.
    pub fn by_answers(reg: &Registry) -> Self {
        let bodies = reg.answers.iter().flat_map(|a| &a.data.bodies);
        Reachable::named_in(bodies.map(|b| &*b.markdown))
    }

    /// The facts named in `texts`.
    fn named_in<'t>(texts: impl Iterator<Item = &'t str>) -> Self {
        let mut names: HashMap<String, Entries> = HashMap::new();
        for text in texts {
            for code in tera_code(text) {
                let bytes = code.as_bytes();
                let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
                let mut i = 0;
                while i < bytes.len() {
                    if !is_word(bytes[i]) {
                        i += 1;
                        continue;
                    }
                    let start = i;
                    while i < bytes.len() && is_word(bytes[i]) {
                        i += 1;
                    }
                    let word = &code[start..i];
                    if word == "__tera_context" {
                        return Reachable::all();
                    }
                    let literal = literal_index(&code[i..]);
                    match (names.get_mut(word), literal) {
                        (Some(Entries::All), _) => {}
                        (Some(Entries::Only(ids)), Some(id)) => {
                            ids.insert(id.to_string());
                        }
                        (Some(entries), None) => *entries = Entries::All,
                        (None, Some(id)) => {
                            names.insert(
                                word.to_string(),
                                Entries::Only(HashSet::from([id.to_string()])),
                            );
                        }
                        (None, None) => {
                            names.insert(word.to_string(), Entries::All);
                        }
                    }
                }
            }
        }
        Reachable(Some(names))
    }

    /// Whether any of these names is reached.
    pub(super) fn any(&self, keys: &[&str]) -> bool {
        match &self.0 {
            None => true,
            Some(names) => keys.iter().any(|k| names.contains_key(*k)),
        }
    }

    /// Whether the entry `id` of the map `key` is reached.
    pub(super) fn entry(&self, key: &str, id: &str) -> bool {
        match &self.0 {
            None => true,
            Some(names) => match names.get(key) {
                None => false,
                Some(Entries::All) => true,
                Some(Entries::Only(ids)) => ids.contains(id),
            },
        }
    }
}

/// The parts of a text between Tera's `{{ }}` and `{% %}` (the prose around them
/// cannot name a fact). A quoted `}}` does not end a part.
fn tera_code(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut parts = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'{' && (b[i + 1] == b'{' || b[i + 1] == b'%') {
            let start = i + 2;
            let mut j = start;
            let mut quote = None;
            while j < b.len() {
                match (quote, b[j]) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, c @ (b'"' | b'\'' | b'`')) => quote = Some(c),
                    (None, b'}' | b'%') if b.get(j + 1) == Some(&b'}') => break,
                    _ => {}
                }
                j += 1;
            }
            parts.push(&text[start..j.min(b.len())]);
            i = j + 2;
        } else {
            i += 1;
        }
    }
    parts
}

/// The id in `["id"]` or `['id']` at the start of `rest`, if that is what follows a name.
fn literal_index(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix('[')?;
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &rest[1..];
    let end = inner.find(quote)?;
    inner[end + 1..].starts_with(']').then(|| &inner[..end])
}

#[cfg(test)]
mod tests {
    use super::Reachable;

    #[test]
    fn a_map_named_only_with_literal_ids_reaches_only_those_entries() {
        let r = Reachable::named_in(
            [r#"{{ subprocessor["aws-cloudfront"].name }} {{ subprocessor['hetzner'].sites }}"#]
                .into_iter(),
        );
        assert!(r.entry("subprocessor", "aws-cloudfront"));
        assert!(r.entry("subprocessor", "hetzner"));
        assert!(!r.entry("subprocessor", "deepl"));
        assert!(!r.any(&["retention", "processes"]));
    }

    #[test]
    fn any_other_use_of_a_map_reaches_all_of_it() {
        for other in [
            "{{ subprocessor.deepl.name }}",
            "{% for s in subprocessors %}{{ subprocessor[s.id].name }}{% endfor %}",
            "{% set all = subprocessor %}",
        ] {
            let r =
                Reachable::named_in([r#"{{ subprocessor["hetzner"].name }}"#, other].into_iter());
            assert!(r.entry("subprocessor", "deepl"), "{other}");
            assert!(r.entry("subprocessor", "hetzner"), "{other}");
        }
        let r = Reachable::named_in(["{{ __tera_context }}"].into_iter());
        assert!(r.entry("retention", "cdn-logs") && r.any(&["processes"]));
    }

    #[test]
    fn words_of_the_prose_around_the_expressions_reach_nothing() {
        let r = Reachable::named_in(
            [r#"Which process keeps the data? {{ retention["a"].name }} {% if x == "}}" %}plans{% endif %}"#]
                .into_iter(),
        );
        assert!(r.entry("retention", "a"));
        assert!(!r.any(&["process", "plans", "data"]));
        assert!(r.any(&["x"]));
    }
}
