//! References: every id a record names must exist, in the right kind; so must every
//! `ropa:kind/id` link in a process description.

use super::loc;
use crate::diagnostics::suggest;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::{each_link, parse_kind_id};
use crate::model::Kind;
use crate::registry::Registry;
use crate::source::Span;
use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;

pub(super) fn check(reg: &Registry, out: &mut Diagnostics) {
    // The records' references and the Markdown bodies are checked side by side.
    let (records, markdown) = rayon::join(|| record_references(reg), || bodies(reg));
    out.extend(records.iter().cloned());
    out.extend(markdown.iter().cloned());
}

/// The ids records name, and the `kind:id` references of answers and processes.
fn record_references(reg: &Registry) -> Diagnostics {
    let mut out = Diagnostics::default();
    each_link(reg, |link| {
        if !reg.contains(link.to_kind, link.to_id) {
            out.push(dangling(reg, link.to_kind, link.to_id, link.at, link.field));
        }
    });
    let answer_sources = reg
        .answers
        .iter()
        .flat_map(|a| a.data.meta.sources.iter().map(move |s| (a.file, s)));
    let process_related = reg
        .processes
        .iter()
        .flat_map(|p| p.data.meta.related.iter().map(move |s| (p.file, s)));
    for (file, rel) in answer_sources.chain(process_related) {
        if parse_kind_id(&rel.value).is_none() {
            let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            let kind = rel.value.split([':', '/']).next().unwrap_or_default();
            out.push(
                Diagnostic::error(
                    "invalid-reference",
                    format!("`{}` is not a `kind:id` reference", rel.value),
                    loc(file, rel.span),
                )
                .with_hint(format!(
                    "write e.g. `subprocessor:hetzner`; kinds: {}",
                    suggest(kind, &kinds)
                )),
            );
        }
    }
    out
}

/// The links, images and raw HTML of every Markdown body.
fn bodies(reg: &Registry) -> Diagnostics {
    let mut out = Diagnostics::default();
    // Every body is parsed once, in parallel, for its heading anchors and its links;
    // then the links are checked, also in parallel, against the anchors of all bodies.
    let process_bodies = reg
        .processes
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.data.bodies.iter().map(move |b| (Some(i), b)));
    let answer_bodies = reg
        .answers
        .iter()
        .flat_map(|a| a.data.bodies.iter().map(|b| (None, b)));
    let bodies: Vec<_> = process_bodies.chain(answer_bodies).collect();
    let scanned: Vec<Scanned> = bodies.par_iter().map(|(_, b)| scan(b)).collect();
    let mut anchors = ProcessAnchors::new(reg);
    for ((process, b), s) in bodies.iter().zip(&scanned) {
        if let Some(position) = process {
            anchors.add(*position, &b.lang, &s.anchors);
        }
    }
    let found: Vec<Diagnostics> = bodies
        .par_iter()
        .zip(&scanned)
        .map(|((_, body), s)| {
            let mut found = Diagnostics::default();
            markdown_links(reg, body, s, &anchors, &mut found);
            found
        })
        .collect();
    for f in found {
        out.extend(f.iter().cloned());
    }
    out
}

/// What [`check`] reports about one Markdown body (its links, images and raw HTML),
/// checked on its own: for `serve`, after only the text read from `file` changed.
pub fn markdown_of(reg: &Registry, file: crate::source::FileId) -> Diagnostics {
    let mut out = Diagnostics::default();
    let bodies = reg
        .processes
        .iter()
        .flat_map(|p| &p.data.bodies)
        .chain(reg.answers.iter().flat_map(|a| &a.data.bodies));
    let Some(body) = bodies.into_iter().find(|b| b.file == file) else {
        return out;
    };
    let scanned = scan(body);
    // The anchors of every process this body links to.
    let mut targets: Vec<&str> = scanned
        .items
        .iter()
        .filter_map(|(item, _)| match item {
            Item::Link(url) | Item::Image(url) => linked_process(url),
            Item::RawHtml => None,
        })
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let found: Vec<(usize, &str, Vec<String>)> = targets
        .iter()
        .filter_map(|id| reg.position(Kind::Process, id))
        .flat_map(|i| reg.processes[i].data.bodies.iter().map(move |b| (i, b)))
        .map(|(i, b)| (i, b.lang.as_str(), crate::markdown::anchors(&b.markdown)))
        .collect();
    let mut anchors = ProcessAnchors::new(reg);
    for (position, lang, a) in &found {
        anchors.add(*position, lang, a);
    }
    markdown_links(reg, body, &scanned, &anchors, &mut out);
    out
}

/// The heading anchors of processes' pages, by the process's position in the
/// registry and language (looked up once per link: a large registry has hundreds of
/// thousands of links).
struct ProcessAnchors<'a> {
    by_position: Vec<Vec<(&'a str, &'a [String])>>,
}

impl<'a> ProcessAnchors<'a> {
    fn new(reg: &Registry) -> Self {
        ProcessAnchors {
            by_position: vec![Vec::new(); reg.processes.len()],
        }
    }

    fn add(&mut self, position: usize, lang: &'a str, anchors: &'a [String]) {
        if let Some(pages) = self.by_position.get_mut(position) {
            pages.push((lang, anchors));
        }
    }

    /// The anchors of the page a link from a `lang` page reaches: the process's page
    /// in that language, or else in its first language.
    fn of(&self, position: usize, lang: &str) -> Option<&'a [String]> {
        let pages = self.by_position.get(position)?;
        let lang = if pages.iter().any(|(l, _)| *l == lang) {
            lang
        } else {
            pages.first()?.0
        };
        // Should a language be given twice, the page added last counts.
        pages
            .iter()
            .rev()
            .find(|(l, _)| *l == lang)
            .map(|(_, a)| *a)
    }
}

/// The process a Markdown link points into (`ropa:process/id…` or `id.md…`), if any.
fn linked_process(url: &str) -> Option<&str> {
    let target = url.split('#').next().unwrap_or(url);
    if let Some(rest) = target.strip_prefix("ropa:") {
        return match parse_kind_id(rest) {
            Some((Kind::Process, id)) => Some(id),
            _ => None,
        };
    }
    md_link_id(target)
}

/// The process id a relative `.md` link names (`other.md`, `../processes/other.en.md`).
fn md_link_id(target: &str) -> Option<&str> {
    if !target.ends_with(".md") || crate::markdown::is_external(target) || target.contains("://") {
        return None;
    }
    let stem = target
        .rsplit('/')
        .next()
        .unwrap_or(target)
        .trim_end_matches(".md");
    Some(stem.split('.').next().unwrap_or(stem))
}

/// What the checks look at in one Markdown body.
struct Scanned<'a> {
    /// Its heading anchors.
    anchors: Vec<String>,
    /// Its links, images and raw HTML, with their byte ranges in the body.
    items: Vec<(Item<'a>, std::ops::Range<usize>)>,
}

/// A link or image keeps its address as written (borrowed from the body unless it
/// had escapes): a large registry's texts have hundreds of thousands of links.
enum Item<'a> {
    RawHtml,
    Image(pulldown_cmark::CowStr<'a>),
    Link(pulldown_cmark::CowStr<'a>),
}

/// Parses a body once for [`Scanned`], streaming: the events are looked at as they
/// come, not kept.
fn scan(body: &crate::model::process::ProcessBody) -> Scanned<'_> {
    let mut items = Vec::new();
    let events = Parser::new_ext(&body.markdown, crate::markdown::OPTIONS)
        .into_offset_iter()
        .map(|(event, range)| {
            let item = match &event {
                Event::Html(_) | Event::InlineHtml(_) => Some(Item::RawHtml),
                Event::Start(Tag::Image { dest_url, .. }) => Some(Item::Image(dest_url.clone())),
                Event::Start(Tag::Link { dest_url, .. }) => Some(Item::Link(dest_url.clone())),
                _ => None,
            };
            match (item, items.last_mut()) {
                // Raw HTML on one line, or one HTML block (a comment over several lines
                // comes as one event per line), is one finding: a line of 10,000 tags
                // gives one warning, not 10,000 (each printing the whole line).
                (Some(Item::RawHtml), Some((Item::RawHtml, last)))
                    if same_line_or_adjacent(&body.markdown, last, &range) =>
                {
                    last.end = last.end.max(range.end);
                }
                (Some(item), _) => items.push((item, range)),
                (None, _) => {}
            }
            event
        });
    let anchors = crate::markdown::anchors_of(events);
    Scanned { anchors, items }
}

/// Whether raw HTML at `next` continues the raw HTML at `last`: they are on the same
/// line, or nothing lies between them (the lines of one HTML block).
fn same_line_or_adjacent(
    text: &str,
    last: &std::ops::Range<usize>,
    next: &std::ops::Range<usize>,
) -> bool {
    text.get(last.end..next.start)
        .is_some_and(|between| !between.contains('\n'))
}

fn dangling(
    reg: &Registry,
    kind: Kind,
    id: &str,
    at: crate::diagnostics::Location,
    field: &str,
) -> Diagnostic {
    let known: Vec<&str> = reg.ids(kind).into_iter().map(|(i, _)| i).collect();
    let elsewhere: Vec<String> = Kind::ALL
        .iter()
        .filter(|k| **k != kind && reg.contains(**k, id))
        .map(|k| k.with_article())
        .collect();
    let create = create_hint(kind, id);
    let mut hint = if known.is_empty() {
        format!("There are no {kind} records yet: {create}")
    } else {
        match suggest(id, &known) {
            s if s.starts_with("did you mean") => format!("{s} Otherwise {create}"),
            _ => format!("No {kind} id is close to `{id}`; {create}"),
        }
    };
    if !elsewhere.is_empty() {
        hint = format!(
            "`{id}` is {}, but `{field}` needs {}. {hint}",
            elsewhere.join("/"),
            kind.with_article()
        );
    }
    Diagnostic::error(
        "dangling-reference",
        format!("no {kind} has the id `{id}`"),
        at,
    )
    .with_label(format!(
        "`{field}` names {} that does not exist",
        kind.with_article()
    ))
    .with_hint(hint)
}

/// "create it with `ropa new KIND ID`." — with an id `ropa new` accepts: a
/// reference that is not kebab-case gets a kebab-case suggestion and is to be renamed.
fn create_hint(kind: Kind, id: &str) -> String {
    let valid = super::ids::kebab(id);
    if valid == id {
        format!("create it with `ropa new {kind} {id}`.")
    } else if valid.is_empty() {
        format!("create it with `ropa new {kind} <id>` (lower-case letters, digits and hyphens) and name that id here.")
    } else {
        format!(
            "create it with `ropa new {kind} {valid}` and write `{valid}` here (ids are lower-case letters, digits and hyphens)."
        )
    }
}

/// Checks the links of one language's Markdown: `ropa:kind/id` links name a record,
/// `other.md` links a process, and `#anchor`s (in this page or another process) a heading.
fn markdown_links(
    reg: &Registry,
    body: &crate::model::process::ProcessBody,
    scanned: &Scanned,
    anchors: &ProcessAnchors,
    out: &mut Diagnostics,
) {
    let own_anchors = scanned.anchors.as_slice();
    for (item, range) in &scanned.items {
        let span = Span::new(body.body_offset + range.start, body.body_offset + range.end);
        let at = loc(body.file, span);
        let dest_url = match item {
            Item::RawHtml => {
                out.push(
                    Diagnostic::warning("raw-html", "raw HTML in Markdown is not rendered", at)
                        .with_label("left out of every page")
                        .with_hint("write it in Markdown: **bold**, tables, lists and links cover what a process description needs"),
                );
                continue;
            }
            Item::Image(dest_url) if dest_url.starts_with("ropa:") => {
                out.push(
                    Diagnostic::warning(
                        "invalid-reference",
                        format!("`{dest_url}` names a record, which is a page, not an image"),
                        at,
                    )
                    .with_label("left out of every page")
                    .with_hint("link the record instead: `[text](ropa:kind/id)` without the `!`"),
                );
                continue;
            }
            Item::Image(dest_url) if crate::markdown::is_external(dest_url) => {
                out.push(
                    Diagnostic::warning(
                        "external-image",
                        "an image from another site is not loaded by any page",
                        at,
                    )
                    .with_label("shown as a link to the image")
                    .with_hint("pages fetch nothing from elsewhere (a remote image tells its host who reads the page); copy the image beside the page and use a relative path, or write a link `[text](url)` without the `!`"),
                );
                continue;
            }
            Item::Link(dest_url) | Item::Image(dest_url) => &**dest_url,
        };
        if !crate::markdown::is_safe_url(dest_url) {
            out.push(
                Diagnostic::warning(
                    "unsafe-link",
                    // The message names the scheme, not the whole address: diagnostics
                    // are shown on the dashboard, and the address may be a script.
                    format!(
                        "this link uses the scheme `{}`, which pages may not carry",
                        dest_url
                            .split(':')
                            .next()
                            .unwrap_or_default()
                            .trim()
                            .to_lowercase()
                    ),
                    at,
                )
                .with_label("only its text is shown")
                .with_hint("links may be http(s), mailto, tel, `ropa:kind/id` or relative paths"),
            );
            continue;
        }
        let (target, anchor) = match dest_url.split_once('#') {
            Some((t, a)) => (t, Some(a)),
            None => (dest_url, None),
        };
        // `process` is the linked process (its id and position), or None for this
        // page; its anchors are only looked up when the link names one.
        let broken_anchor = |process: Option<(&str, usize)>| -> Option<Diagnostic> {
            let a = anchor?;
            let anchors = match process {
                Some((_, position)) => anchors.of(position, &body.lang)?,
                None => own_anchors,
            };
            if anchors.iter().any(|x| x == a) {
                return None;
            }
            let known: Vec<&str> = anchors.iter().map(String::as_str).collect();
            let page = match process {
                Some((id, _)) => format!("process `{id}`"),
                None => "this page".to_string(),
            };
            Some(
                Diagnostic::error(
                    "broken-link",
                    format!("`#{a}` is not a heading of {page}"),
                    at,
                )
                .with_label("no such heading")
                .with_hint(if known.is_empty() {
                    format!(
                        "anchors are made from heading text, and {page} has no headings: link it without `#{a}`, or add the heading"
                    )
                } else {
                    format!("anchors are made from heading text; {}", suggest(a, &known))
                }),
            )
        };
        if target.is_empty() {
            out.extend(broken_anchor(None));
        } else if let Some(rest) = target.strip_prefix("ropa:") {
            match parse_kind_id(rest) {
                Some((kind, id)) => match reg.position(kind, id) {
                    Some(p) if kind == Kind::Process => out.extend(broken_anchor(Some((id, p)))),
                    Some(_) => {}
                    // A record that exists but could not be read is not reported again.
                    None if reg.contains(kind, id) => {}
                    None => out.push(dangling(reg, kind, id, at, "link")),
                },
                None => {
                    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                    let kind = rest.split('/').next().unwrap_or_default();
                    out.push(
                        Diagnostic::error(
                            "invalid-reference",
                            format!("`ropa:{rest}` is not a link to a record"),
                            at,
                        )
                        .with_hint(format!(
                            "write `ropa:kind/id`, e.g. `ropa:subprocessor/hetzner`; kinds: {}",
                            suggest(kind, &kinds)
                        )),
                    );
                }
            }
        } else if let Some(id) = md_link_id(target) {
            match reg.position(Kind::Process, id) {
                Some(p) => out.extend(broken_anchor(Some((id, p)))),
                None if reg.contains(Kind::Process, id) => {}
                None => out.push(dangling(reg, Kind::Process, id, at, "link")),
            }
        }
    }
}
