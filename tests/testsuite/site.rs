//! `ropa build` on copies of the example registry, run through the real binary: every
//! link of the generated site resolves (from `file://`, so only relative links), builds
//! are deterministic and atomic, template overrides touch only their pages, broken
//! Markdown links stop the build with a located diagnostic, both languages mirror each
//! other, every page meets some accessibility basics, and the search index is small.
//!
//! HTML is read back with an HTML5 parser and CSS selectors (`support::html`, the
//! `scraper` crate), as a browser would read it.

use crate::support;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use support::html::{select, select_in, start_tag, ElementRef, Html};
use support::{files, line_of, run, Example, Run, AS_OF};

const HETZNER: &str = "registry/subprocessors/hetzner.yaml";
const HETZNER_AVV: &str = "registry/contracts/hetzner-avv.yaml";
const STAFF_TRAINING: &str = "processes/staff-training.md";
const STAFF_TRAINING_EN: &str = "processes/staff-training.en.md";

// ── building ─────────────────────────────────────────────────────────────────────

/// Runs `ropa build <root> --out <out> --as-of <as_of>`.
fn build_at(root: &Path, out: &Path, as_of: &str) -> Run {
    run(&[
        "build".to_string(),
        root.display().to_string(),
        "--out".to_string(),
        out.display().to_string(),
        "--as-of".to_string(),
        as_of.to_string(),
    ])
}

/// Runs `ropa build` as of [`AS_OF`] and fails the test unless it succeeds.
fn build_ok(root: &Path, out: &Path) -> Run {
    let r = build_at(root, out, AS_OF);
    assert_built(&r, out);
    r
}

fn assert_built(r: &Run, out: &Path) {
    assert!(
        r.code == Some(0) && r.signal.is_none(),
        "ropa build into {} failed with {:?} (signal {:?})\nstderr:\n{}",
        out.display(),
        r.code,
        r.signal,
        r.stderr
    );
    assert!(
        out.join("index.html").is_file(),
        "no index.html in {}",
        out.display()
    );
}

/// A fresh, empty temporary folder holding the output folder `site/` (not created), so
/// that anything written beside the output shows up in [`OutDir::siblings`].
struct OutDir {
    dir: tempfile::TempDir,
}

impl OutDir {
    fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("ropa-site-")
            .tempdir()
            .expect("create temp dir");
        OutDir { dir }
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// Names of everything in the folder that holds `site/`.
    fn siblings(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .expect("read temp dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// The differences between two snapshots, one line each (empty when identical).
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut diffs = Vec::new();
    for (path, bytes) in a {
        match b.get(path) {
            None => diffs.push(format!("{path}: only in the first")),
            Some(other) if other != bytes => {
                diffs.push(format!("{path}: {}", first_difference(bytes, other)))
            }
            Some(_) => {}
        }
    }
    for path in b.keys().filter(|p| !a.contains_key(*p)) {
        diffs.push(format!("{path}: only in the second"));
    }
    diffs
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let show = |s: &[u8]| {
        let from = at.saturating_sub(40);
        String::from_utf8_lossy(&s[from..(at + 40).min(s.len())]).replace('\n', "⏎")
    };
    format!(
        "differ at byte {at} (lengths {} / {}): `{}` vs `{}`",
        a.len(),
        b.len(),
        show(a),
        show(b)
    )
}

// ── the site as read back ────────────────────────────────────────────────────────

/// A built site read back: every file, and every HTML file parsed.
struct Site {
    files: BTreeMap<String, Vec<u8>>,
    html: BTreeMap<String, Page>,
}

struct Page {
    text: String,
    doc: Html,
}

impl Page {
    /// `path: <tag …>` of an element, for messages.
    fn at(&self, path: &str, el: ElementRef) -> String {
        format!("{path}: {}", start_tag(el))
    }

    /// Every element of the page, in document order.
    fn elements(&self) -> Vec<ElementRef<'_>> {
        select(&self.doc, "*")
    }

    /// Every `id` on the page, and `name` of `<a>` (the old way to make an anchor).
    fn anchors(&self) -> HashSet<String> {
        let mut ids: HashSet<String> = select(&self.doc, "[id]")
            .into_iter()
            .filter_map(|e| e.value().attr("id").map(str::to_string))
            .collect();
        ids.extend(
            select(&self.doc, "a[name]")
                .into_iter()
                .filter_map(|e| e.value().attr("name").map(str::to_string)),
        );
        ids
    }
}

impl Site {
    fn read(dir: &Path) -> Site {
        let files = files(dir);
        let mut html = BTreeMap::new();
        for (path, bytes) in &files {
            if path.ends_with(".html") {
                let text = String::from_utf8(bytes.clone())
                    .unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"));
                let doc = Html::parse_document(&text);
                html.insert(path.clone(), Page { text, doc });
            }
        }
        Site { files, html }
    }

    /// The top-level language folders (every top-level folder but `assets/`).
    fn languages(&self) -> BTreeSet<String> {
        self.files
            .keys()
            .filter_map(|p| p.split_once('/').map(|(top, _)| top.to_string()))
            .filter(|top| top != "assets")
            .collect()
    }

    /// HTML pages inside the language folders (all but the root redirect).
    fn lang_pages(&self) -> impl Iterator<Item = (&String, &Page)> {
        let langs = self.languages();
        self.html.iter().filter(move |(p, _)| {
            p.split_once('/')
                .is_some_and(|(top, _)| langs.contains(top))
        })
    }
}

/// Where a URL in a page leads.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// `http(s):`, `mailto:`, `tel:`: not checked.
    External,
    /// `data:`: fine.
    Data,
    /// A file of the site (root-relative path) and maybe an anchor in it.
    File {
        path: String,
        fragment: Option<String>,
    },
}

/// Resolves `url`, written in the page at root-relative `from`, against the site root.
/// Errors are links that cannot work in a static site opened from `file://`.
fn resolve(from: &str, url: &str) -> Result<Target, String> {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace());
    let lower = url.to_ascii_lowercase();
    if ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return Ok(Target::External);
    }
    if lower.starts_with("data:") {
        return Ok(Target::Data);
    }
    if lower.starts_with("javascript:") {
        return Err("a `javascript:` URL".into());
    }
    if lower.starts_with("file:") {
        return Err("a `file:` URL (absolute, works on one machine only)".into());
    }
    if url.starts_with('/') || url.starts_with('\\') {
        return Err("rooted at `/` (breaks when the site is opened from file://)".into());
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    if scheme_end.is_some_and(|i| url.as_bytes()[i] == b':') {
        return Err("an unexpected URL scheme".into());
    }
    if url.is_empty() {
        return Err("an empty URL".into());
    }
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(percent_decode(f))),
        None => (url, None),
    };
    if fragment.as_deref() == Some("") {
        return Err("an empty fragment `#` (placeholder link)".into());
    }
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() {
        return Ok(Target::File {
            path: from.to_string(),
            fragment,
        });
    }
    let mut parts: Vec<String> = from.split('/').map(str::to_string).collect();
    parts.pop(); // the page's own file name
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("climbs above the site root".into());
                }
            }
            "" if i + 1 == segments.len() => {
                return Err("links to a folder (file:// shows no index.html for it)".into());
            }
            "" => return Err("has an empty path segment (`//`)".into()),
            s => parts.push(percent_decode(s)),
        }
    }
    Ok(Target::File {
        path: parts.join("/"),
        fragment,
    })
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every URL an element links to: `href`, `src`, `xlink:href` (read as `href`), and
/// the target of a `<meta http-equiv="refresh">`.
fn urls(el: ElementRef) -> Vec<(&'static str, String)> {
    let e = el.value();
    let mut out = Vec::new();
    for name in ["href", "src"] {
        if let Some(v) = e.attr(name) {
            out.push((name, v.to_string()));
        }
    }
    if e.name() == "meta"
        && e.attr("http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
    {
        if let Some(content) = e.attr("content") {
            if let Some(i) = content.to_ascii_lowercase().find("url=") {
                out.push(("content", content[i + 4..].trim().to_string()));
            }
        }
    }
    out
}

// 1 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn every_link_and_anchor_of_the_example_site_resolves() {
    let ex = Example::new();
    let out = OutDir::new();
    build_ok(ex.root(), &out.site());
    let site = Site::read(&out.site());

    let mut anchors: HashMap<&str, HashSet<String>> = HashMap::new();
    for (path, page) in &site.html {
        anchors.insert(path, page.anchors());
    }

    let mut failures = Vec::new();
    let mut checked = 0usize;
    let mut fragments = 0usize;
    for (path, page) in &site.html {
        for tag in page.elements() {
            for (attr, url) in urls(tag) {
                let at = page.at(path, tag);
                let show = format!("<{} {attr}=\"{url}\">", tag.value().name());
                match resolve(path, &url) {
                    Err(why) => failures.push(format!("{at}: {show} is {why}")),
                    Ok(Target::External | Target::Data) => {}
                    Ok(Target::File {
                        path: target,
                        fragment,
                    }) => {
                        checked += 1;
                        if !site.files.contains_key(&target) {
                            failures.push(format!("{at}: {show} → {target}: no such file"));
                            continue;
                        }
                        let Some(fragment) = fragment else { continue };
                        fragments += 1;
                        match anchors.get(target.as_str()) {
                            None => failures.push(format!(
                                "{at}: {show} → {target} is not HTML but has `#{fragment}`"
                            )),
                            Some(ids) if !ids.contains(&fragment) => failures
                                .push(format!("{at}: {show} → {target} has no id=\"{fragment}\"")),
                            Some(_) => {}
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} broken link(s) in the site:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        site.html.len() > 200,
        "expected more than 200 pages from the example, got {}",
        site.html.len()
    );
    // The crawl really looked at links, including anchors within and across pages.
    assert!(
        checked > 10 * site.html.len(),
        "only {checked} links checked"
    );
    assert!(
        fragments > site.html.len(),
        "only {fragments} links with a #fragment checked"
    );
    // Nothing outside the site is needed: no absolute paths in any attribute either.
    let mut absolute = Vec::new();
    for (path, page) in &site.html {
        for tag in page.elements() {
            for (name, value) in tag.value().attrs() {
                let v = value.trim().to_ascii_lowercase();
                if v.starts_with("file:")
                    || (matches!(name, "action" | "data-root" | "poster" | "srcset")
                        && v.starts_with('/'))
                {
                    absolute.push(format!("{}: {name}=\"{value}\"", page.at(path, tag)));
                }
            }
        }
    }
    assert!(
        absolute.is_empty(),
        "absolute paths in the site:\n{}",
        absolute.join("\n")
    );
}

// 2 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn builds_are_deterministic() {
    let ex = Example::new();
    // A second copy in another place: where the registry lies must not show in the site.
    let elsewhere = Example::new();
    // The default date, and one where many reviews are overdue (findings on the dashboard).
    for as_of in [AS_OF, "2031-01-01"] {
        let (a, b, c) = (OutDir::new(), OutDir::new(), OutDir::new());
        for (root, out) in [(ex.root(), &a), (ex.root(), &b), (elsewhere.root(), &c)] {
            assert_built(&build_at(root, &out.site(), as_of), &out.site());
        }
        let first = files(&a.site());
        assert!(first.len() > 200, "only {} files built", first.len());
        let diffs = differences(&first, &files(&b.site()));
        assert!(
            diffs.is_empty(),
            "two builds of the same registry as of {as_of} differ:\n{}",
            diffs.join("\n")
        );
        let diffs = differences(&first, &files(&c.site()));
        assert!(
            diffs.is_empty(),
            "builds of two copies of the same registry (as of {as_of}) differ:\n{}",
            diffs.join("\n")
        );
    }
}

// 3 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let ex = Example::new();
    let out = OutDir::new();
    build_ok(ex.root(), &out.site());
    assert_eq!(
        out.siblings(),
        ["site"],
        "a successful build left files beside the site"
    );
    let before = files(&out.site());

    let hetzner = ex.read(HETZNER);
    assert_eq!(
        hetzner.matches("- hetzner-avv").count(),
        1,
        "{HETZNER} no longer lists hetzner-avv once; has the example changed?"
    );
    ex.remove(HETZNER_AVV);
    let r = build_at(ex.root(), &out.site(), AS_OF);
    r.assert_exit(1);
    assert!(
        r.stderr.contains("dangling-reference"),
        "stderr does not name `dangling-reference`:\n{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(HETZNER),
        "stderr does not name {HETZNER}:\n{}",
        r.stderr
    );
    expect_located(
        &r,
        &["dangling-reference"],
        HETZNER,
        line_of(&hetzner, "- hetzner-avv"),
    );
    assert!(
        !r.stderr.contains("panicked"),
        "ropa panicked:\n{}",
        r.stderr
    );

    let diffs = differences(&before, &files(&out.site()));
    assert!(
        diffs.is_empty(),
        "the failed build changed the site:\n{}",
        diffs.join("\n")
    );
    assert_eq!(
        out.siblings(),
        ["site"],
        "the failed build left files beside the site"
    );
    assert!(
        !ex.path("site").exists(),
        "the failed build wrote the default site folder"
    );
}

// 4 ──────────────────────────────────────────────────────────────────────────────

/// Unique text put on the pages by the overriding template.
const MARKER: &str = "<p class=\"ropa-test-marker\">override-5c1e9a</p>";

fn is_process_record_page(path: &str) -> bool {
    let Some((lang, rest)) = path.split_once('/') else {
        return false;
    };
    matches!(lang, "de" | "en")
        && rest.strip_prefix("processes/").is_some_and(|name| {
            !name.contains('/') && name.ends_with(".html") && name != "index.html"
        })
}

#[test]
fn a_registry_template_overrides_only_its_own_pages() {
    let ex = Example::new();
    let (plain, custom) = (OutDir::new(), OutDir::new());
    build_ok(ex.root(), &plain.site());

    // The built-in process template with the marker at the top of its block: pages
    // rendered with it must be the old pages plus the marker, nothing else.
    let built_in = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/process.html"),
    )
    .expect("read templates/process.html");
    assert!(
        built_in.contains("{% extends \"record.html\" %}"),
        "process.html no longer extends record.html"
    );
    let open = "{% block record_top %}";
    assert_eq!(
        built_in.matches(open).count(),
        1,
        "process.html has no single `{open}`"
    );
    ex.write(
        "templates/process.html",
        built_in.replacen(open, &format!("{open}{MARKER}"), 1),
    );
    build_ok(ex.root(), &custom.site());

    let before = files(&plain.site());
    let after = files(&custom.site());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the override changed which files are built"
    );
    let mut problems = Vec::new();
    let mut overridden = 0;
    for (path, old) in &before {
        let new = &after[path];
        if is_process_record_page(path) {
            overridden += 1;
            let text = String::from_utf8_lossy(new);
            if text.matches(MARKER).count() != 1 {
                problems.push(format!("{path}: the marker is not on the page once"));
            } else if text.replacen(MARKER, "", 1).as_bytes() != old.as_slice() {
                problems.push(format!(
                    "{path}: changed beyond the marker: {}",
                    first_difference(old, text.replacen(MARKER, "", 1).as_bytes())
                ));
            }
        } else if new != old {
            problems.push(format!(
                "{path}: not a process page, but changed: {}",
                first_difference(old, new)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "template override:\n{}",
        problems.join("\n")
    );
    let processes = ex
        .files("processes")
        .iter()
        .filter(|p| p.ends_with(".md") && !p.ends_with(".en.md"))
        .count();
    assert_eq!(
        overridden,
        2 * processes,
        "expected a de and an en page per process"
    );
}

// 5 ──────────────────────────────────────────────────────────────────────────────

/// Each `(code, file, line)` of the diagnostics in ropa's text output on stderr
/// (`error[code]: …` followed by `┌─ file:line:column`).
fn located_codes(stderr: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut code = None;
    for line in stderr.lines() {
        let l = line.trim_start();
        if let Some(rest) = l
            .strip_prefix("error[")
            .or_else(|| l.strip_prefix("warning["))
        {
            code = rest.split(']').next().map(str::to_string);
        } else if let Some(place) = l.split("┌─ ").nth(1) {
            let mut parts = place.trim().rsplitn(3, ':');
            let (_col, line_no, file) = (parts.next(), parts.next(), parts.next());
            if let (Some(c), Some(n), Some(f)) = (&code, line_no.and_then(|n| n.parse().ok()), file)
            {
                out.push((c.clone(), f.to_string(), n));
            }
        }
    }
    out
}

fn expect_located(r: &Run, codes: &[&str], file: &str, line: usize) {
    let found = located_codes(&r.stderr);
    assert!(
        found
            .iter()
            .any(|(c, f, l)| codes.contains(&c.as_str()) && f == file && *l == line),
        "expected {} at {file}:{line}; found {found:?}\nstderr:\n{}",
        codes.join(" or "),
        r.stderr
    );
}

/// Found failing when written: `ropa build` stops after the checker's errors, so the
/// `#anchor` error (found only while rendering) is not reported in the same run.
#[test]
fn broken_markdown_links_stop_the_build_with_their_location() {
    let ex = Example::new();
    let text = ex.read(STAFF_TRAINING);
    let record_link = "[x](ropa:subprocessor/nope)";
    let anchor_link = "[y](#no-such-heading)";
    let new = format!("{text}\nSiehe auch {record_link}.\n\nUnd {anchor_link}.\n");
    ex.write(STAFF_TRAINING, &new);
    let out = OutDir::new();
    let r = build_at(ex.root(), &out.site(), AS_OF);
    r.assert_exit(1);
    assert!(
        !out.site().exists(),
        "a failed build wrote {}",
        out.site().display()
    );
    // A record that does not exist is a dangling reference (as in `ropa check`).
    expect_located(
        &r,
        &["dangling-reference", "broken-link"],
        STAFF_TRAINING,
        line_of(&new, record_link),
    );
    // Reported in the same run: fixing one problem must not reveal the next.
    expect_located(
        &r,
        &["broken-link"],
        STAFF_TRAINING,
        line_of(&new, anchor_link),
    );
}

#[test]
fn a_broken_heading_anchor_is_reported_in_each_language() {
    let ex = Example::new();
    let de = format!(
        "{}\nSiehe [y](#no-such-heading).\n",
        ex.read(STAFF_TRAINING)
    );
    let en = format!(
        "{}\n\nSee\n[z](#no-such-heading-en).\n",
        ex.read(STAFF_TRAINING_EN)
    );
    ex.write(STAFF_TRAINING, &de);
    ex.write(STAFF_TRAINING_EN, &en);
    let out = OutDir::new();
    let r = build_at(ex.root(), &out.site(), AS_OF);
    r.assert_exit(1);
    expect_located(
        &r,
        &["broken-link"],
        STAFF_TRAINING,
        line_of(&de, "[y](#no-such-heading)"),
    );
    expect_located(
        &r,
        &["broken-link"],
        STAFF_TRAINING_EN,
        line_of(&en, "[z](#no-such-heading-en)"),
    );
    assert!(
        !out.site().exists(),
        "a failed build wrote {}",
        out.site().display()
    );
}

/// Anchors into other pages (`ropa:kind/id#x`, `other.md#x`) and anchors that merely
/// start with `fn` must either stop the build or lead somewhere: a build that
/// succeeds never contains a link to a missing anchor.
///
/// Found failing when written: such links are neither reported nor valid.
#[test]
fn markdown_anchors_into_other_pages_are_checked() {
    let ex = Example::new();
    let links = [
        "[a](ropa:process/breach-notification#gibt-es-nicht)",
        "[b](breach-notification.md#auch-nicht)",
        "[c](#fnord)",
    ];
    let mut text = ex.read(STAFF_TRAINING);
    for l in links {
        text.push_str(&format!("\nSiehe {l}.\n"));
    }
    ex.write(STAFF_TRAINING, &text);
    let out = OutDir::new();
    let r = build_at(ex.root(), &out.site(), AS_OF);
    if r.code == Some(1) {
        for l in links {
            expect_located(&r, &["broken-link"], STAFF_TRAINING, line_of(&text, l));
        }
        return;
    }
    assert_built(&r, &out.site());
    let site = Site::read(&out.site());
    let mut dead = Vec::new();
    let path = "de/processes/staff-training.html";
    let page = &site.html[path];
    for tag in page.elements() {
        for (_, url) in urls(tag) {
            if let Ok(Target::File {
                path: target,
                fragment: Some(f),
            }) = resolve(path, &url)
            {
                if !site
                    .html
                    .get(&target)
                    .is_some_and(|p| p.anchors().contains(&f))
                {
                    dead.push(format!("{}: href=\"{url}\"", page.at(path, tag)));
                }
            }
        }
    }
    assert!(
        dead.is_empty(),
        "ropa build succeeded (exit 0) but the page links to anchors that do not exist:\n{}",
        dead.join("\n")
    );
}

// 6 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn every_page_exists_in_both_languages_and_links_to_its_counterpart() {
    let ex = Example::new();
    let out = OutDir::new();
    build_ok(ex.root(), &out.site());
    let site = Site::read(&out.site());
    let langs = site.languages();
    assert_eq!(langs, BTreeSet::from(["de".to_string(), "en".to_string()]));

    let mut failures = Vec::new();
    for (path, page) in site.lang_pages() {
        let (lang, rest) = path.split_once('/').expect("in a language folder");
        // The parser makes an <html> for every page; the page must have written it.
        match select(&page.doc, "html").first() {
            Some(_) if !page.text.contains("<html") => {
                failures.push(format!("{path}: no <html> element"))
            }
            None => failures.push(format!("{path}: no <html> element")),
            Some(t) if t.value().attr("lang") != Some(lang) => failures.push(format!(
                "{path}: <html lang={:?}>, expected \"{lang}\"",
                t.value().attr("lang")
            )),
            Some(_) => {}
        }
        for other in langs.iter().filter(|l| *l != lang) {
            let counterpart = format!("{other}/{rest}");
            if !site.html.contains_key(&counterpart) {
                failures.push(format!("{path}: no counterpart {counterpart}"));
                continue;
            }
            let switch = select(&page.doc, "a[hreflang]").into_iter().any(|t| {
                t.value().attr("hreflang") == Some(other.as_str())
                    && t.value().attr("href").and_then(|h| resolve(path, h).ok())
                        == Some(Target::File {
                            path: counterpart.clone(),
                            fragment: None,
                        })
            });
            if !switch {
                failures.push(format!(
                    "{path}: no <a hreflang=\"{other}\"> to {counterpart}"
                ));
            }
        }
    }
    for lang in &langs {
        if !site.html.contains_key(&format!("{lang}/index.html")) {
            failures.push(format!("no {lang}/index.html"));
        }
    }
    assert!(failures.is_empty(), "languages:\n{}", failures.join("\n"));
}

// 7 ──────────────────────────────────────────────────────────────────────────────

/// Problems of one page with headings, landmarks, form labels, images, SVGs and ids.
fn accessibility(page: &Page, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let all = |css: &str| select(&page.doc, css);

    let headings: Vec<(ElementRef, u8)> = all("h1, h2, h3, h4, h5, h6")
        .into_iter()
        .map(|t| (t, t.value().name().as_bytes()[1] - b'0'))
        .collect();
    let h1 = headings.iter().filter(|(_, l)| *l == 1).count();
    if h1 != 1 {
        let places: Vec<String> = headings
            .iter()
            .filter(|(_, l)| *l == 1)
            .map(|(t, _)| page.at(path, *t))
            .collect();
        out.push(format!(
            "{path}: {h1} <h1> elements (expected exactly 1) at {}",
            places.join(", ")
        ));
    }
    let mut previous = 0;
    for (t, level) in &headings {
        if *level > previous + 1 {
            out.push(format!(
                "{}: <h{level}> follows <h{previous}> (skips a level)",
                page.at(path, *t)
            ));
        }
        previous = *level;
    }

    let count = |css: &str| all(css).len();
    if count("main") != 1 {
        out.push(format!(
            "{path}: {} <main> elements (expected 1)",
            count("main")
        ));
    }
    if count("nav") == 0 {
        out.push(format!("{path}: no <nav>"));
    }

    // Form controls: a <label for=id>, an enclosing <label>, or an ARIA name.
    let label_for: HashSet<&str> = all("label[for]")
        .into_iter()
        .filter_map(|t| t.value().attr("for"))
        .collect();
    for t in all("input, select, textarea") {
        let e = t.value();
        if e.attr("type")
            .is_some_and(|ty| ty.eq_ignore_ascii_case("hidden"))
        {
            continue;
        }
        let in_label = t
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "label");
        let labelled = e.attr("id").is_some_and(|id| label_for.contains(id))
            || in_label
            || e.attr("aria-label").is_some_and(|a| !a.trim().is_empty())
            || e.attr("aria-labelledby").is_some();
        if !labelled {
            out.push(format!(
                "{}: <{} type={:?}> has no label",
                page.at(path, t),
                e.name(),
                e.attr("type")
            ));
        }
    }

    for t in all("img:not([alt])") {
        out.push(format!("{}: <img> without alt", page.at(path, t)));
    }

    // SVG: role="img" and a non-empty <title> inside.
    for svg in all("svg") {
        if svg.value().attr("role") != Some("img") {
            out.push(format!(
                "{}: <svg> without role=\"img\"",
                page.at(path, svg)
            ));
        }
        let titled = select_in(svg, "title")
            .into_iter()
            .any(|t| !t.text().collect::<String>().trim().is_empty());
        if !titled {
            out.push(format!(
                "{}: <svg> without a non-empty <title>",
                page.at(path, svg)
            ));
        }
    }

    // Labels and anchors point at ids, so ids must be unique.
    let mut seen: HashMap<&str, ElementRef> = HashMap::new();
    for t in all("[id]") {
        if let Some(id) = t.value().attr("id") {
            if let Some(first) = seen.insert(id, t) {
                out.push(format!(
                    "{}: id=\"{id}\" also on {}",
                    page.at(path, t),
                    start_tag(first)
                ));
            }
        }
    }
    out
}

/// Found failing when written: Markdown task lists (`- [ ] …`) become `<input
/// type="checkbox">` without a label.
#[test]
fn every_page_meets_accessibility_basics() {
    let ex = Example::new();
    let out = OutDir::new();
    build_ok(ex.root(), &out.site());
    let site = Site::read(&out.site());
    let mut failures = Vec::new();
    let mut pages = 0;
    for (path, page) in site.lang_pages() {
        pages += 1;
        failures.extend(accessibility(page, path));
    }
    assert!(pages > 200, "only {pages} pages checked");
    assert!(
        failures.is_empty(),
        "{} accessibility problem(s) in {pages} pages:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// 8 ──────────────────────────────────────────────────────────────────────────────

const SEARCH_PREFIX: &str = "window.ROPA_SEARCH =";

fn search_index(site: &Site, lang: &str) -> (usize, Vec<Value>) {
    let path = format!("assets/search-{lang}.js");
    let bytes = site.files.get(&path).unwrap_or_else(|| panic!("no {path}"));
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"));
    let json = text
        .strip_prefix(SEARCH_PREFIX)
        .unwrap_or_else(|| {
            panic!(
                "{path} does not start with `{SEARCH_PREFIX}`: {}",
                &text[..text.len().min(60)]
            )
        })
        .trim()
        .strip_suffix(';')
        .unwrap_or_else(|| panic!("{path} does not end with `;`"));
    let value: Value = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("{path} is not JSON after the prefix: {e}"));
    let entries = value
        .as_array()
        .unwrap_or_else(|| panic!("{path}: not an array"))
        .clone();
    (bytes.len(), entries)
}

#[test]
fn the_search_index_is_a_small_script_of_existing_pages() {
    let ex = Example::new();
    let out = OutDir::new();
    build_ok(ex.root(), &out.site());
    let site = Site::read(&out.site());
    for lang in ["de", "en"] {
        let (size, entries) = search_index(&site, lang);
        assert!(
            entries.len() > 50,
            "search-{lang}.js indexes only {} pages",
            entries.len()
        );
        let mut problems = Vec::new();
        for e in &entries {
            let u = e["u"].as_str().unwrap_or_default();
            let title = e["t"].as_str().unwrap_or_default();
            if title.trim().is_empty() {
                problems.push(format!("{e}: no title"));
            }
            // URLs are root-relative (site.js prefixes the page's way back to the root).
            match resolve("index.html", u) {
                Ok(Target::File { path, .. })
                    if site.html.contains_key(&path) && path.starts_with(&format!("{lang}/")) => {}
                other => problems.push(format!(
                    "`{title}`: URL `{u}` leads nowhere in {lang}/ ({other:?})"
                )),
            }
        }
        assert!(
            problems.is_empty(),
            "search-{lang}.js:\n{}",
            problems.join("\n")
        );
        let hetzner = entries
            .iter()
            .find(|e| e["t"] == "Hetzner")
            .unwrap_or_else(|| panic!("search-{lang}.js has no entry titled \"Hetzner\""));
        let u = hetzner["u"].as_str().expect("url");
        assert!(
            site.files.contains_key(u),
            "the Hetzner entry leads to {u}, which does not exist"
        );
        let per_page = size / entries.len();
        assert!(
            per_page < 1024,
            "search-{lang}.js: {size} bytes for {} pages = {per_page} bytes per page (limit 1 KB)",
            entries.len()
        );
    }
}

#[test]
fn a_record_value_is_shown_as_written_even_where_it_looks_like_markup() {
    let ex = Example::new();
    ex.replace(
        HETZNER,
        "legal_name: Hetzner Online GmbH",
        "legal_name: \"Hetzner {ROOT} <Online> & 'GmbH'\"",
    );
    let out = OutDir::new();
    build_ok(ex.root(), &out.site());
    let site = Site::read(&out.site());
    let page = &site.html["en/subprocessors/hetzner.html"].text;
    assert!(
        page.contains("Hetzner {ROOT} &lt;Online&gt; &amp; &#39;GmbH&#39;"),
        "the legal name is not shown as written (escaped) on the Hetzner page"
    );
}

/// The `<figure class="diagram">` of a page: its inner HTML.
fn diagram_of<'a>(site: &'a Site, path: &str) -> &'a str {
    let text = &site
        .html
        .get(path)
        .unwrap_or_else(|| panic!("no page {path}"))
        .text;
    let start = text
        .find("<figure class=\"diagram\">")
        .unwrap_or_else(|| panic!("{path} has no diagram"));
    let end = start + text[start..].find("</figure>").expect("figure closed");
    &text[start..end]
}

#[test]
fn a_diagram_of_too_many_flows_is_replaced_by_a_note() {
    let ex = Example::new();
    let out = OutDir::new();
    build_ok(ex.root(), &out.site());
    let site = Site::read(&out.site());
    // The example's flows are few: the overview and every system page draw them.
    for path in [
        "de/flows/index.html",
        "en/flows/index.html",
        "en/systems/chat-backend.html",
    ] {
        let diagram = diagram_of(&site, path);
        assert!(
            diagram.contains("<svg") && !diagram.contains("diagram-note"),
            "{path}: {diagram}"
        );
    }

    // 150 more flows between the backend and the database: 158 in all, 156 at the backend.
    let mut extra = String::new();
    for i in 0..150 {
        extra.push_str(&format!(
            "- id: extra-flow-{i:03}\n  from: chat-backend\n  to: chat-database\n  data_categories: [chat-content]\n  purpose:\n    de: Zusatzfluss {i}\n    en: Extra flow {i}\n"
        ));
    }
    ex.write("registry/flows/extra.yaml", extra);
    let out = OutDir::new();
    build_ok(ex.root(), &out.site());
    let site = Site::read(&out.site());
    for (path, flows) in [
        ("en/flows/index.html", "158 data flows are too many for one legible diagram (at most 150)"),
        ("de/flows/index.html", "158 Datenflüsse sind zu viele für ein lesbares Diagramm (höchstens 150)"),
        ("en/systems/chat-backend.html", "156 data flows are too many for one legible diagram (at most 150); they are listed below under “Used by”."),
    ] {
        let diagram = diagram_of(&site, path);
        assert!(!diagram.contains("<svg"), "{path} still draws {} bytes of diagram", diagram.len());
        assert!(diagram.contains(flows), "{path}: no note `{flows}` in {diagram}");
    }
    // A system with few flows still has its drawing, and the list names every flow.
    assert!(diagram_of(&site, "en/systems/cdn-edge.html").contains("<svg"));
    let list = &site.html["en/flows/index.html"].text;
    assert!(
        list.contains("flows/extra-flow-149.html"),
        "the flows list lacks the last extra flow"
    );
}

// ── reading HTML ─────────────────────────────────────────────────────────────────

#[test]
fn the_html_reader_reads_tags_attributes_and_references() {
    let html = "<!DOCTYPE html><!-- <a href=\"no\"> --><p class=x id='a b'>1 < 2</p>\
                <a href=\"../x.html?q=1&amp;r=2#f&#x2F;g\" data-x>t</a><input disabled type=checkbox/>\
                <script>if (a<b) { s = \"<a href='no'>\" }</script><svg role=img><title>T</title></svg><br/>";
    let page = Page {
        text: html.to_string(),
        doc: Html::parse_document(html),
    };
    let names: Vec<&str> = page
        .elements()
        .into_iter()
        .map(|t| t.value().name())
        .filter(|n| !matches!(*n, "html" | "head" | "body"))
        .collect();
    // Neither the comment nor the script's text is read as an <a>.
    assert_eq!(names, ["p", "a", "input", "script", "svg", "title", "br"]);
    let p = select(&page.doc, "p")[0].value();
    assert_eq!(p.attr("id"), Some("a b"));
    assert_eq!(p.attr("class"), Some("x"));
    let a = select(&page.doc, "a")[0];
    assert_eq!(a.value().attr("href"), Some("../x.html?q=1&r=2#f/g"));
    assert_eq!(a.value().attr("data-x"), Some(""));
    assert_eq!(urls(a), [("href", "../x.html?q=1&r=2#f/g".to_string())]);
    assert_eq!(
        select(&page.doc, "input")[0].value().attr("type"),
        Some("checkbox/")
    );
    let svg = select(&page.doc, "svg")[0];
    assert_eq!(svg.value().attr("role"), Some("img"));
    assert_eq!(support::html::text_of(select_in(svg, "title")[0]), "T");
    assert_eq!(page.anchors(), HashSet::from(["a b".to_string()]));

    assert_eq!(
        resolve(
            "de/subprocessors/hetzner.html",
            "../../en/processes/x.html#a%20b"
        ),
        Ok(Target::File {
            path: "en/processes/x.html".into(),
            fragment: Some("a b".into())
        })
    );
    assert_eq!(
        resolve("de/index.html", "#main"),
        Ok(Target::File {
            path: "de/index.html".into(),
            fragment: Some("main".into())
        })
    );
    assert_eq!(
        resolve("de/index.html", "https://example.com/"),
        Ok(Target::External)
    );
    assert!(resolve("de/index.html", "/de/index.html").is_err());
    assert!(resolve("de/index.html", "file:///tmp/x.html").is_err());
    assert!(resolve("de/index.html", "JavaScript:void(0)").is_err());
    assert!(resolve("de/index.html", "../../x.html").is_err());
    assert!(resolve("de/index.html", "subprocessors/").is_err());
}
