//! Reading generated HTML back with the `scraper` crate (html5ever's parser and CSS
//! selectors): the elements a selector matches, their attributes and their text.

pub use scraper::{ElementRef, Html};

/// A parsed CSS selector; panics with the selector when it is not valid.
pub fn selector(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap_or_else(|e| panic!("bad CSS selector `{css}`: {e}"))
}

/// Every element of `doc` that matches `css`, in document order.
pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&selector(css)).collect()
}

/// Every element below `el` that matches `css`, in document order.
pub fn select_in<'a>(el: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    el.select(&selector(css)).collect()
}

/// The first element of `doc` that matches `css`.
pub fn first<'a>(doc: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    doc.select(&selector(css)).next()
}

/// The text of an element (its text nodes run together, entities decoded), with
/// whitespace collapsed to single spaces.
pub fn text_of(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of an element: its text nodes with a space between any two (so every
/// tag separates words), entities decoded, whitespace collapsed.
pub fn words_of(el: ElementRef) -> String {
    el.text()
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a piece of HTML (a document or a part of one), as [`words_of`].
pub fn words(html: &str) -> String {
    words_of(Html::parse_fragment(html).root_element())
}

/// Every `href` and `src` value below `el` (an SVG `xlink:href` too), in document
/// order.
pub fn urls(el: ElementRef) -> Vec<String> {
    el.select(&selector("[href], [src]"))
        .flat_map(|e| {
            let e = e.value();
            [e.attr("href"), e.attr("src")]
        })
        .flatten()
        .map(str::to_string)
        .collect()
}

/// An element's start tag as written again from the parsed tree (`<a href="…">`),
/// for messages.
pub fn start_tag(el: ElementRef) -> String {
    let e = el.value();
    let mut out = format!("<{}", e.name());
    for (name, value) in e.attrs() {
        out.push_str(&format!(" {name}=\"{value}\""));
    }
    out.push('>');
    out
}
