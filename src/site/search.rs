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

/// The index script for one language.
pub fn script(entries: &[Entry]) -> String {
    let json = serde_json::to_string(entries).expect("search entries serialize");
    // `</` cannot end a script element inside a JS string when escaped like this.
    format!("window.ROPA_SEARCH = {};\n", json.replace("</", "<\\/"))
}
