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
    // Words are collected only until the excerpt is known to be too long.
    let (mut collapsed, mut chars) = (String::new(), 0);
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
            chars += 1;
        }
        collapsed.push_str(word);
        chars += word.chars().count();
        if chars > EXCERPT_CHARS {
            break;
        }
    }
    if chars <= EXCERPT_CHARS {
        return collapsed;
    }
    let end = collapsed
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map_or(collapsed.len(), |(i, _)| i);
    let cut = &collapsed[..end];
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => cut.to_string(),
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

#[cfg(test)]
mod tests {
    use super::{excerpt, EXCERPT_CHARS};

    #[test]
    fn an_excerpt_collapses_whitespace_and_ends_on_a_word() {
        assert_eq!(
            excerpt("  Chat\n\ttranscripts   are\r\ndeleted "),
            "Chat transcripts are deleted"
        );
        assert_eq!(excerpt(""), "");
        // Exactly the limit: kept whole, no ellipsis.
        let exact = format!("{} {}", "ä".repeat(100), "ö".repeat(EXCERPT_CHARS - 101));
        assert_eq!(exact.chars().count(), EXCERPT_CHARS);
        assert_eq!(excerpt(&exact), exact);
        // One character more: cut before the word that crosses the limit.
        let over = format!("{exact}ü");
        assert_eq!(excerpt(&over), format!("{}…", "ä".repeat(100)));
        // Words after the limit do not matter; whitespace before it is collapsed.
        let long = format!("{}\n\n{}", "wort ".repeat(47), "Ende ".repeat(1000));
        let cut = excerpt(&long);
        assert!(
            cut.ends_with('…') && !cut.contains("  ") && !cut.contains('\n'),
            "{cut}"
        );
        assert!(
            cut.chars().count() <= EXCERPT_CHARS + 1,
            "{} chars",
            cut.chars().count()
        );
        assert!(cut.starts_with(&"wort ".repeat(47)), "{cut}");
        // One endless word is cut at the limit, without an ellipsis.
        let word = "x".repeat(3 * EXCERPT_CHARS);
        assert_eq!(excerpt(&word), "x".repeat(EXCERPT_CHARS));
    }
}
