//! The client-side search index: one small script per language, loaded by a `<script>`
//! tag (so it works from `file://`, where `fetch` is blocked). Each entry holds a title,
//! its kind, a URL and a short excerpt — never the whole page — so the index stays small.

use serde::Serialize;

/// One searchable page.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Title.
    pub t: String,
    /// Kind (shown beside the hit).
    pub k: String,
    /// Root-relative URL.
    pub u: String,
    /// Excerpt: the first words of the page's text, plus keywords.
    pub x: String,
}

/// Longest excerpt kept per page, in characters.
pub const EXCERPT_CHARS: usize = 240;

/// Cuts text to an excerpt on a word boundary, whitespace collapsed.
pub fn excerpt(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= EXCERPT_CHARS {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(EXCERPT_CHARS).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => cut,
    }
}

/// An entry as it goes into the index: its page and its JSON (kept between rebuilds
/// in `serve`, which then serialises only the entries of the pages it renders again).
#[derive(Debug, Clone)]
pub struct Indexed {
    /// Root-relative URL of the page.
    pub url: String,
    /// The entry as JSON, safe inside a script element.
    pub json: String,
}

impl From<Entry> for Indexed {
    fn from(entry: Entry) -> Self {
        let json = serde_json::to_string(&entry).expect("search entries serialize");
        Indexed {
            // `</` cannot end a script element inside a JS string when escaped like this.
            json: json.replace("</", "<\\/"),
            url: entry.u,
        }
    }
}

/// The index script for one language: its entries in page order.
pub fn script<'a>(entries: impl Iterator<Item = &'a Indexed> + Clone) -> String {
    let size: usize = entries.clone().map(|e| e.json.len() + 1).sum();
    let mut out = String::with_capacity(size + 32);
    out.push_str("window.ROPA_SEARCH = [");
    for (i, e) in entries.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&e.json);
    }
    out.push_str("];\n");
    out
}
