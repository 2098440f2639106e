//! Markdown of process descriptions: rendering to HTML (tables, footnotes, task lists,
//! heading anchors, `ropa:kind/id` links turned into page links) and the anchors and
//! links the checker verifies.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// One heading of a rendered document (for a table of contents and anchor checks).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The text.
    pub text: String,
    /// The anchor id.
    pub id: String,
}

/// A link in the Markdown that does not resolve.
#[derive(Debug, Clone)]
pub struct BrokenLink {
    /// Byte range in the Markdown.
    pub range: std::ops::Range<usize>,
    /// The link target as written.
    pub target: String,
}

/// Rendered Markdown.
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Its headings, in order.
    pub headings: Vec<Heading>,
    /// Links that point nowhere (`#anchor` not in the page, `.md` to a missing process).
    pub broken: Vec<BrokenLink>,
    /// The text without markup (for the search index).
    pub plain: String,
}

/// The Markdown extensions ropa enables.
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// The anchor ids of a Markdown text's headings (see [`anchors_of`]).
pub fn anchors(markdown: &str) -> Vec<String> {
    anchors_of(pulldown_cmark::Parser::new_ext(markdown, OPTIONS))
}

/// The anchor ids a document's headings get when rendered (the leading title heading
/// excluded), for checking `#anchor` links without rendering. One pass over the
/// events: a large registry has a hundred thousand headings.
pub fn anchors_of<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<String> {
    let mut ids = AnchorIds::default();
    let mut anchors = Vec::new();
    // A leading level-1 heading repeats the page title and is not rendered: it gets
    // no anchor of its own, but its id counts as given (as when rendering).
    let mut leading_title = false;
    let mut open: Option<(Option<CowStr>, String)> = None;
    for (i, event) in events.enumerate() {
        match (event, &mut open) {
            (Event::Start(Tag::Heading { level, id, .. }), None) => {
                leading_title = i == 0 && level == HeadingLevel::H1;
                open = Some((id, String::new()))
            }
            (Event::Text(t) | Event::Code(t), Some((_, text))) => text.push_str(&t),
            (Event::End(TagEnd::Heading(_)), Some(_)) => {
                let Some((id, text)) = open.take() else {
                    continue;
                };
                let anchor = ids.next(id, &text);
                if std::mem::take(&mut leading_title) {
                    continue;
                }
                anchors.push(anchor);
            }
            _ => {}
        }
    }
    anchors
}

/// Gives each heading of a page its anchor id: the explicit `{#id}` or the slug of
/// its text, with `-1`, `-2`, … added when the page already has it.
#[derive(Default)]
struct AnchorIds {
    /// Each id given so far and how often (a page has a handful of headings).
    used: Vec<(String, usize)>,
}

impl AnchorIds {
    fn next(&mut self, explicit: Option<CowStr>, text: &str) -> String {
        let base = explicit
            .map(|s| s.to_string())
            .unwrap_or_else(|| slug(text));
        match self.used.iter_mut().find(|(b, _)| *b == base) {
            Some((_, n)) => {
                *n += 1;
                format!("{base}-{}", *n - 1)
            }
            None => {
                self.used.push((base.clone(), 1));
                base
            }
        }
    }
}

/// The headings of a document, in order, with anchor ids unique within the page.
fn collect_headings<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut ids = AnchorIds::default();
    // The heading being read: its level, explicit id and text so far.
    let mut open: Option<(HeadingLevel, Option<CowStr>, String)> = None;
    for event in events {
        match (event, &mut open) {
            (Event::Start(Tag::Heading { level, id, .. }), None) => {
                open = Some((level, id, String::new()))
            }
            (Event::Text(t) | Event::Code(t), Some((_, _, text))) => text.push_str(&t),
            (Event::End(TagEnd::Heading(_)), Some(_)) => {
                let Some((level, id, text)) = open.take() else {
                    continue;
                };
                let id = ids.next(id, &text);
                headings.push(Heading {
                    level: level_num(level),
                    text,
                    id,
                });
            }
            _ => {}
        }
    }
    headings
}

/// Turns heading text into an anchor id: lower case, ASCII letters/digits and hyphens,
/// German umlauts spelled out.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |c: char| match c {
        'ä' => out.push_str("ae"),
        'ö' => out.push_str("oe"),
        'ü' => out.push_str("ue"),
        'ß' => out.push_str("ss"),
        c if c.is_ascii_alphanumeric() => out.push(c),
        _ => {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-')
            }
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
    let len = out.trim_end_matches('-').len();
    if len == 0 {
        "section".into()
    } else {
        out.truncate(len);
        out
    }
}

/// Renders Markdown. `resolve` turns `ropa:kind/id` and `other.md` targets into
/// root-relative URLs (None = broken); `root` is the page's path back to the site root.
pub fn render(
    markdown: &str,
    root: &str,
    lang: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    unlink_missing: bool,
) -> Rendered {
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .collect();

    let mut headings = collect_headings(events.iter().map(|(e, _)| e.clone()));

    // A leading level-1 heading repeats the page title (which comes from the front
    // matter); it is dropped so every page has exactly one <h1>.
    let mut events = events;
    if let Some((
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }),
        _,
    )) = events.first()
    {
        let end = events
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .unwrap_or(0);
        events.drain(..=end);
        headings.remove(0);
    }
    let anchors: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
    let mut broken = Vec::new();
    let mut plain = String::new();
    let mut heading_index = 0;
    let mut out_events = Vec::with_capacity(events.len());
    // A link that may not be shown (unsafe scheme, or a record this audience cannot
    // see) keeps its text and loses its link; links do not nest, so one flag suffices.
    let mut dropping_link = false;
    // An autolink's text is its address; when the link goes, so does the address.
    let mut dropping_text = false;
    // The image being read, and what becomes of it (its alt text comes as the
    // events between its start and end).
    let mut image: Option<ImageFate> = None;
    // Links do not nest: an image inside a link cannot become one.
    let mut in_link = false;
    for (event, range) in events.iter().cloned() {
        match event {
            Event::End(TagEnd::Image) if image.is_some() => {
                if image.take() == Some(ImageFate::Link) {
                    out_events.push(Event::End(TagEnd::Link));
                }
            }
            _ if image == Some(ImageFate::Gone) => {}
            Event::End(TagEnd::Link) if dropping_link => {
                in_link = false;
                dropping_link = false;
                dropping_text = false;
            }
            Event::Text(_) | Event::Code(_) if dropping_text => {}
            Event::Start(Tag::Image { dest_url, .. })
                if !is_safe_url(&dest_url) || dest_url.starts_with("ropa:") =>
            {
                // An image with a script URL, or one that names a record (records are
                // pages, not images), becomes nothing, its alt text included: a
                // stray word where the image was would read as part of the text.
                image = Some(ImageFate::Gone);
            }
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) if is_external(&dest_url) => {
                // A page loads nothing from elsewhere: a remote image (a tracking pixel)
                // would tell its host who reads the page. It becomes a link, its alt
                // text the link's text, so the reader can still open it; inside a link
                // only the alt text stays (`ropa check` warns: `external-image`).
                if in_link {
                    image = Some(ImageFate::Text);
                } else {
                    image = Some(ImageFate::Link);
                    out_events.push(Event::Start(Tag::Link {
                        link_type: pulldown_cmark::LinkType::Inline,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::Start(Tag::Link { .. }) if image.is_some() => {}
            Event::End(TagEnd::Link) if image.is_some() => {}
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = headings
                    .get(heading_index)
                    .map(|h| h.id.clone())
                    .unwrap_or_default();
                heading_index += 1;
                out_events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                in_link = true;
                let dest = dest_url.to_string();
                let autolink = matches!(link_type, pulldown_cmark::LinkType::Autolink);
                if !is_safe_url(&dest) {
                    dropping_link = true;
                    dropping_text = autolink;
                    continue;
                }
                let new = if let Some(anchor) = dest.strip_prefix('#') {
                    if !anchors.contains(&anchor) {
                        broken.push(BrokenLink {
                            range: range.clone(),
                            target: dest.clone(),
                        });
                    }
                    dest
                } else if dest.starts_with("ropa:")
                    || (is_relative(&dest) && dest.split('#').next().unwrap_or("").ends_with(".md"))
                {
                    match resolve(&dest) {
                        Some(url) => format!("{root}{url}"),
                        None if unlink_missing => {
                            dropping_link = true;
                            dropping_text = autolink;
                            continue;
                        }
                        None => {
                            broken.push(BrokenLink {
                                range: range.clone(),
                                target: dest.clone(),
                            });
                            "#".into()
                        }
                    }
                } else {
                    dest
                };
                out_events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(new),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                in_link = false;
                out_events.push(event);
            }
            Event::Text(t) => {
                plain.push_str(&t);
                plain.push(' ');
                out_events.push(Event::Text(t));
            }
            Event::Code(t) => {
                plain.push_str(&t);
                plain.push(' ');
                out_events.push(Event::Code(t));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                // Raw HTML is not rendered: it is the one way Markdown could carry a
                // script or an event handler into a page (`ropa check` warns about it).
            }
            other => out_events.push(other),
        }
    }
    let mut html_out = String::new();
    html::push_html(&mut html_out, out_events.into_iter());
    // Task-list checkboxes are read-only markers; give them a name for screen readers.
    let (done, open) = (
        crate::i18n::t(lang, "task_done"),
        crate::i18n::t(lang, "task_open"),
    );
    let html_out = html_out
        .replace(
            "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>",
            &format!("<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"{done}\"/>"),
        )
        .replace(
            "<input disabled=\"\" type=\"checkbox\"/>",
            &format!("<input disabled=\"\" type=\"checkbox\" aria-label=\"{open}\"/>"),
        );
    Rendered {
        html: html_out,
        headings,
        broken,
        plain,
    }
}

/// Whether a link target may appear in a page: web, mail and phone links, `ropa:`
/// record links and relative paths; never `javascript:`, `data:` or other schemes.
pub fn is_safe_url(dest: &str) -> bool {
    // The scheme is what comes before the first `:`, blanks and control characters
    // left out (browsers ignore them); a `/`, `#` or `?` before it makes a relative link.
    // It is read into a few bytes (a large registry has hundreds of thousands of
    // links): a scheme that is longer than `mailto`, or not ASCII, is none of these.
    const SAFE: [&[u8]; 5] = [b"http", b"https", b"mailto", b"tel", b"ropa"];
    let mut scheme = [0u8; 6];
    let mut len = 0;
    let mut fits = true;
    for c in dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
    {
        match c {
            ':' => return fits && SAFE.contains(&&scheme[..len]),
            '/' | '#' | '?' => return true,
            c if fits && c.is_ascii() && len < scheme.len() => {
                scheme[len] = (c as u8).to_ascii_lowercase();
                len += 1;
            }
            _ => fits = false,
        }
    }
    true
}

/// What becomes of an image in a page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ImageFate {
    /// Left out with its alt text.
    Gone,
    /// A link to the image, the alt text its text.
    Link,
    /// Only its alt text.
    Text,
}

/// Whether a link or image target is on another host: `http(s)://…` or a
/// network-path reference `//host/path` (RFC 3986 §4.2), which browsers resolve
/// against the page's scheme to another host: it is never a path of the site
/// (browsers read `\\host` the same way).
pub fn is_external(dest: &str) -> bool {
    let dest = dest.trim_start();
    let lower = |n: usize| dest.get(..n).map(str::to_ascii_lowercase);
    dest.starts_with("//")
        || dest.starts_with("\\\\")
        || lower(7).as_deref() == Some("http://")
        || lower(8).as_deref() == Some("https://")
}

fn is_relative(dest: &str) -> bool {
    !dest.contains("://")
        && !dest.starts_with('/')
        && !dest.starts_with("mailto:")
        && !dest.starts_with("tel:")
}

fn level_num(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(t: &str) -> Option<String> {
        match t {
            "ropa:subprocessor/hetzner" => Some("de/subprocessors/hetzner.html".into()),
            "other.md" => Some("de/processes/other.html".into()),
            _ => None,
        }
    }

    #[test]
    fn only_web_mail_phone_record_and_relative_links_are_safe() {
        for safe in [
            "https://example.com",
            "HTTP://example.com",
            " mailto:dpo@example.com",
            "tel:+49301234",
            "ropa:subprocessor/hetzner",
            "other.md#steps",
            "#steps",
            "../a:b",
            "?q=a:b",
            "no-scheme-at-all",
        ] {
            assert!(is_safe_url(safe), "{safe} should be allowed");
        }
        for unsafe_ in [
            "javascript:alert(1)",
            "java\tscript:alert(1)",
            " JavaScript :alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "httpsx:example",
            "mailtos:x",
            "htp:x",
            "ħttp:x",
            ":nothing",
        ] {
            assert!(!is_safe_url(unsafe_), "{unsafe_} should be refused");
        }
    }

    #[test]
    fn slugs_are_lower_case_ascii_with_umlauts_spelled_out() {
        assert_eq!(slug("Purpose and scope"), "purpose-and-scope");
        assert_eq!(
            slug("  Löschung — Größe & Übermaß! "),
            "loeschung-groesse-uebermass"
        );
        assert_eq!(slug("ÄRA"), "aera");
        assert_eq!(slug("¿?"), "section");
        assert_eq!(slug("v2.1 (draft)"), "v2-1-draft");
    }

    #[test]
    fn anchors_links_and_broken_links() {
        let md = "# Löschung\n\n## Schritte\n\n## Schritte\n\nSee [H](ropa:subprocessor/hetzner), [o](other.md), [s](#schritte), [x](#nope), [y](ropa:contract/none).\n\n- [x] done\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let r = render(md, "../../", "en", &resolve, false);
        assert!(
            !r.html.contains("<h1"),
            "the leading h1 repeats the page title"
        );
        assert!(r.html.contains("<h2 id=\"schritte-1\">"));
        assert!(r
            .html
            .contains("href=\"../../de/subprocessors/hetzner.html\""));
        assert!(r.html.contains("href=\"../../de/processes/other.html\""));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("checkbox"));
        let targets: Vec<&str> = r.broken.iter().map(|b| b.target.as_str()).collect();
        assert_eq!(targets, vec!["#nope", "ropa:contract/none"]);
    }

    #[test]
    fn unsafe_and_hidden_links_keep_only_their_text() {
        let md = "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [b2](%20javascript:x) [c](data:text/html,x) ![i](javascript:x) [d](ropa:contract/secret) [e](https://example.org)";
        let r = render(md, "", "en", &resolve, true);
        assert!(!r.html.to_lowercase().contains("javascript"), "{}", r.html);
        assert!(!r.html.contains("data:"), "{}", r.html);
        assert!(!r.html.contains("secret"), "{}", r.html);
        assert!(
            r.html.contains(">a<") || r.html.contains("a "),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://example.org\""));
        assert!(r.broken.is_empty());
    }

    #[test]
    fn raw_html_is_dropped() {
        let r = render(
            "<script>alert(1)</script>\n\nHi <b>x</b> <img src=x onerror=alert(2)>",
            "",
            "en",
            &resolve,
            false,
        );
        assert!(!r.html.contains("script"), "{}", r.html);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("alert"), "{}", r.html);
        assert!(r.html.contains("Hi x"), "{}", r.html);
    }
}
