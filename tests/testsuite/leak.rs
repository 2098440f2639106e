//! Nothing hidden reaches the customer or public site, and nothing a Markdown author
//! writes can put a script into any site.
//!
//! `tests/fixtures/leak/` is a small registry in which every internal thing carries a
//! unique marker: `LEAK-NOTES-…` in every `notes` field, `LEAK-INTERNAL-…` in every
//! field that is internal (by `field_visibility` or by default) and in the text of every
//! internal record, `leak-internal-…` as the id of every internal record (and of public
//! records that cannot stand without an internal one), and `LEAK-CUSTOMER-…` /
//! `leak-customer-…` for what only customers may see. `PUBLIC-OK-…` marks text every
//! site must show. The markers are collected from the fixture files themselves, so a
//! new one is checked as soon as it is written.

use crate::support::html::{self, first, text_of, Html};
use crate::support::{self, copy_registry, example, files, fixture, ropa, text, AS_OF};
use std::collections::BTreeMap;
use std::path::{Component, Path};

/// Builds `dir` for `audience` into `out`; panics with ropa's output on failure.
fn build(dir: &Path, audience: &str, out: &Path) -> BTreeMap<String, Vec<u8>> {
    support::build(dir, audience, out);
    let site = files(out);
    assert!(
        site.keys().any(|k| k.ends_with(".html")),
        "the {audience} build wrote no page"
    );
    site
}

/// The three sites of one registry.
struct Sites {
    _tmp: tempfile::TempDir,
    internal: BTreeMap<String, Vec<u8>>,
    customer: BTreeMap<String, Vec<u8>>,
    public: BTreeMap<String, Vec<u8>>,
}

fn build_all(dir: &Path) -> Sites {
    let tmp = tempfile::tempdir().unwrap();
    let internal = build(dir, "internal", &tmp.path().join("internal"));
    let customer = build(dir, "customer", &tmp.path().join("customer"));
    let public = build(dir, "public", &tmp.path().join("public"));
    Sites {
        _tmp: tmp,
        internal,
        customer,
        public,
    }
}

fn contains(hay: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The files of a site that hold `needle`, in their content or in their path.
fn found_in(site: &BTreeMap<String, Vec<u8>>, needle: &str) -> Vec<String> {
    site.iter()
        .filter(|(path, bytes)| path.contains(needle) || contains(bytes, needle))
        .map(|(path, _)| path.clone())
        .collect()
}

/// What a marker says about who may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Audience {
    Internal,
    Customer,
    Public,
}

const PREFIXES: &[(&str, Audience)] = &[
    ("LEAK-NOTES-", Audience::Internal),
    ("LEAK-INTERNAL-", Audience::Internal),
    ("leak-internal-", Audience::Internal),
    ("LEAK-CUSTOMER-", Audience::Customer),
    ("leak-customer-", Audience::Customer),
    ("PUBLIC-OK-", Audience::Public),
];

/// Every marker written in the fixture's files or their names (the longest run of
/// letters, digits and hyphens from a marker prefix), with the audience its prefix names.
fn markers(root: &Path) -> BTreeMap<String, Audience> {
    let mut out = BTreeMap::new();
    let mut stray = Vec::new();
    for (path, bytes) in files(root) {
        let content = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is not UTF-8"));
        // File names count: answers and processes take their id from them.
        let s = format!("{path}\n{content}");
        for needle in ["LEAK-", "leak-", "PUBLIC-OK-"] {
            for (start, _) in s.match_indices(needle) {
                let token: String = s[start..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                let token = token.trim_end_matches('-').to_string();
                match PREFIXES.iter().find(|(p, _)| token.starts_with(p)) {
                    Some((_, audience)) if token.len() > 16 => {
                        out.insert(token, *audience);
                    }
                    _ => stray.push(format!("{path}: `{token}`")),
                }
            }
        }
    }
    assert!(
        stray.is_empty(),
        "markers that name no audience (expected one of {:?}): {stray:?}",
        PREFIXES.iter().map(|p| p.0).collect::<Vec<_>>()
    );
    out
}

#[test]
fn the_fixture_is_a_valid_registry_with_markers_of_every_kind() {
    let o = ropa(&["check", fixture("leak").to_str().unwrap(), "--as-of", AS_OF]);
    assert!(
        o.status.success(),
        "the leak fixture must pass `ropa check` with no error:\n{}",
        text(&o.stderr)
    );
    let m = markers(&fixture("leak"));
    let count = |prefix: &str| m.keys().filter(|k| k.starts_with(prefix)).count();
    // Every record kind that has `notes` carries one, and there are internal fields,
    // internal records, customer-only ones and public controls.
    for kind in [
        "ORGANIZATION",
        "SUBPROCESSOR",
        "CONTRACT",
        "TRANSFER",
        "DATA-CATEGORY",
        "DATA-SUBJECT",
        "ACTIVITY",
        "SYSTEM",
        "FLOW",
        "RETENTION",
        "TOM",
        "ROLE",
        "TRAINING",
        "PLAN",
        "FEATURE",
    ] {
        assert!(
            count(&format!("LEAK-NOTES-{kind}-")) > 0,
            "no `notes` marker for {kind}"
        );
    }
    for kind in [
        "subprocessor",
        "contract",
        "transfer",
        "data-category",
        "data-subject",
        "activity",
        "system",
        "flow",
        "retention",
        "tom",
        "role",
        "training",
        "plan",
        "feature",
        "process",
        "answer",
    ] {
        assert!(
            count(&format!("leak-internal-{kind}-")) > 0,
            "no internal {kind} record in the fixture"
        );
    }
    assert!(count("LEAK-INTERNAL-FIELD-") >= 20, "{m:?}");
    assert!(count("LEAK-CUSTOMER-FIELD-") >= 8, "{m:?}");
    assert!(count("leak-customer-") >= 5, "{m:?}");
    assert!(count("PUBLIC-OK-") >= 10, "{m:?}");
}

#[test]
fn internal_things_reach_only_the_internal_wiki() {
    let sites = build_all(&fixture("leak"));
    let m = markers(&fixture("leak"));
    let mut missing = Vec::new();
    let mut leaked = Vec::new();
    for (marker, audience) in &m {
        if *audience != Audience::Internal {
            continue;
        }
        if found_in(&sites.internal, marker).is_empty() {
            missing.push(marker.clone());
        }
        for (name, site) in [("customer", &sites.customer), ("public", &sites.public)] {
            let at = found_in(site, marker);
            if !at.is_empty() {
                leaked.push(format!("{marker} in the {name} site: {at:?}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "planted markers that the internal wiki does not show (so the test could not see them leak): {missing:?}"
    );
    assert!(
        leaked.is_empty(),
        "internal things leaked:\n{}",
        leaked.join("\n")
    );
}

#[test]
fn customer_things_reach_customers_but_not_the_public() {
    let sites = build_all(&fixture("leak"));
    let m = markers(&fixture("leak"));
    let mut problems = Vec::new();
    for (marker, audience) in &m {
        if *audience != Audience::Customer {
            continue;
        }
        if found_in(&sites.internal, marker).is_empty() {
            problems.push(format!("{marker}: not in the internal wiki"));
        }
        if found_in(&sites.customer, marker).is_empty() {
            problems.push(format!("{marker}: not in the customer site"));
        }
        let at = found_in(&sites.public, marker);
        if !at.is_empty() {
            problems.push(format!("{marker}: leaked into the public site: {at:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn public_things_reach_every_site() {
    let sites = build_all(&fixture("leak"));
    let m = markers(&fixture("leak"));
    let mut missing = Vec::new();
    for (marker, audience) in &m {
        if *audience != Audience::Public {
            continue;
        }
        for (name, site) in [
            ("internal", &sites.internal),
            ("customer", &sites.customer),
            ("public", &sites.public),
        ] {
            if found_in(site, marker).is_empty() {
                missing.push(format!("{marker} not in the {name} site"));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
    // The public answer that links hidden records keeps the words of those links and
    // its link to a public record; customers keep the link to a customer-only record.
    for lang in ["de", "en"] {
        let path = format!("{lang}/answers/hosting.html");
        let page = text(&sites.public[&path]);
        assert!(
            page.contains(&format!("href=\"../../{lang}/subprocessors/pubhost.html\"")),
            "the link to a public record stays: {page}"
        );
        let words = article_text(&page);
        let phrases: [&str; 4] = if lang == "de" {
            [
                "ist der Vertrag;",
                "in der Datenbank,",
                "im Prozess und",
                "durch eine Maßnahme.",
            ]
        } else {
            [
                "rests on the contract;",
                "in the database,",
                "in the process and",
                "by a measure.",
            ]
        };
        for phrase in phrases {
            assert!(
                words.contains(phrase),
                "the text of a link to a hidden record stays (`{phrase}`): {words}"
            );
        }
        let customer = text(&sites.customer[&path]);
        assert!(
            customer.contains(&format!(
                "href=\"../../{lang}/toms/leak-customer-tom-tls.html\""
            )),
            "customers keep the link to a measure they may see: {customer}"
        );
    }
}

/// The text of a page's `<article>`, whitespace collapsed.
fn article_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    text_of(first(&doc, "article").expect("the page has an <article>"))
}

/// Every `href` and `src` value of an HTML page (also `xlink:href`).
fn urls(html: &str) -> Vec<String> {
    html::urls(Html::parse_document(html).root_element())
}

/// Joins a relative URL to the folder of `page` (both root-relative); None if it
/// climbs above the root.
fn join(page: &str, url: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for c in Path::new(url).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Links of a site that lead nowhere: a relative URL naming no file of the site, or a
/// scheme no browser can follow (`ropa:`) or that must never be written (`javascript:`).
fn dead_links(site: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut dead = Vec::new();
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = text(bytes);
        for url in urls(&html) {
            let lower = url.trim().to_ascii_lowercase();
            if lower.starts_with('#')
                || lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("mailto:")
                || lower.starts_with("tel:")
            {
                continue;
            }
            if lower
                .split(['/', '?', '#'])
                .next()
                .unwrap_or("")
                .contains(':')
            {
                dead.push(format!("{path}: `{url}` (not a followable URL)"));
                continue;
            }
            let file = url.split(['#', '?']).next().unwrap_or("");
            if file.is_empty() {
                continue;
            }
            match join(path, file) {
                Some(target) if site.contains_key(&target) => {}
                _ => dead.push(format!("{path}: `{url}`")),
            }
        }
    }
    dead
}

#[test]
fn links_on_every_site_lead_to_pages_that_exist() {
    let sites = build_all(&fixture("leak"));
    for (name, site) in [
        ("internal", &sites.internal),
        ("customer", &sites.customer),
        ("public", &sites.public),
    ] {
        let dead = dead_links(site);
        assert!(
            dead.is_empty(),
            "dead links in the {name} site:\n{}",
            dead.join("\n")
        );
    }
    // Hidden records have no pages; public ones do.
    for path in sites.public.keys() {
        assert!(
            !path.contains("/contracts/leak") && !path.contains("/systems/leak"),
            "{path}"
        );
    }
    assert!(sites.public.contains_key("de/answers/hosting.html"));
    assert!(!sites
        .public
        .contains_key("de/processes/leak-internal-process-onboarding.html"));
    assert!(sites.public.contains_key("de/processes/pub-process.html"));
}

#[test]
fn the_scanners_see_links_and_markers() {
    let html =
        "<a href=\"../x.html#a\">x</a><img alt=\"\" src=\"ropa:contract/c\"><a data-href=\"no\">";
    assert_eq!(urls(html), vec!["../x.html#a", "ropa:contract/c"]);
    assert_eq!(
        join("de/a/b.html", "../x.html").as_deref(),
        Some("de/x.html")
    );
    assert_eq!(join("de/b.html", "../../x.html"), None);
    let mut site = BTreeMap::new();
    site.insert("de/a/b.html".to_string(), html.as_bytes().to_vec());
    site.insert("de/x.html".to_string(), Vec::new());
    assert_eq!(dead_links(&site).len(), 1, "{:?}", dead_links(&site));
    assert!(contains(b"abc LEAK-X def", "LEAK-X"));
    assert!(!contains(b"abc", ""));
}

/// An image whose target is a hidden record must not carry that record's id into the
/// public site (the image is dropped, or its alt text kept, as links are).
#[test]
fn markdown_images_of_hidden_records_do_not_leak() {
    let reg = copy_registry(&fixture("leak"));
    for (file, line) in [
        (
            "hosting.md",
            "\nBild: ![Übersicht](ropa:system/leak-internal-system-db)\n",
        ),
        (
            "hosting.en.md",
            "\nImage: ![Overview](ropa:system/leak-internal-system-db)\n",
        ),
    ] {
        let path = reg.path().join("registry/answers").join(file);
        let mut s = std::fs::read_to_string(&path).unwrap();
        s.push_str(line);
        std::fs::write(&path, s).unwrap();
    }
    let sites = build_all(reg.path());
    let leaked = found_in(&sites.public, "leak-internal-system-db");
    assert!(
        leaked.is_empty(),
        "the id of an internal system reached the public site through an image: {leaked:?}\n{}",
        snippet(&sites.public, "leak-internal-system-db")
    );
    let dead = dead_links(&sites.internal);
    assert!(
        dead.is_empty(),
        "an image of a record has no followable URL in the internal wiki either:\n{}",
        dead.join("\n")
    );
}

/// The first place `needle` occurs in a site, with some context.
fn snippet(site: &BTreeMap<String, Vec<u8>>, needle: &str) -> String {
    for (path, bytes) in site {
        let s = text(bytes);
        if let Some(i) = s.find(needle) {
            let start = s[..i].char_indices().rev().nth(80).map_or(0, |(j, _)| j);
            let end = s[i..]
                .char_indices()
                .nth(needle.len() + 40)
                .map_or(s.len(), |(j, _)| i + j);
            return format!("{path}: …{}…", &s[start..end]);
        }
    }
    String::new()
}

// --- Sanitizing -------------------------------------------------------------------

const XSS_DE: &str = "---
question: \"Ist diese Seite sicher?\"
order: 1
sources:
  - subprocessor:hetzner
---

Einleitung <script>alert('x')</script> und <img src=x onerror=alert(1)> Ende.

<script>alert('block')</script>

- [click](javascript:alert(1))
- [c2](JaVaScRiPt:alert(2))
- ![i](javascript:alert(3))
- [sicher](https://example.org/)
";

const XSS_EN: &str = "---
question: \"Is this page safe?\"
---

Intro <script>alert('x')</script> and <img src=x onerror=alert(1)> end.

<script>alert('block')</script>

- [click](javascript:alert(1))
- [c2](JaVaScRiPt:alert(2))
- ![i](javascript:alert(3))
- [safe](https://example.org/)
";

fn add_answer(root: &Path, id: &str, de: &str, en: &str) {
    let dir = root.join("registry/answers");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{id}.md")), de).unwrap();
    std::fs::write(dir.join(format!("{id}.en.md")), en).unwrap();
}

#[test]
fn scripts_in_an_answer_reach_no_site() {
    let reg = example();
    add_answer(reg.path(), "xss-probe", XSS_DE, XSS_EN);
    let tmp = tempfile::tempdir().unwrap();
    for audience in ["public", "internal"] {
        let site = build(reg.path(), audience, &tmp.path().join(audience));
        let mut bad = Vec::new();
        for (path, bytes) in &site {
            let lower = text(bytes).to_lowercase();
            for needle in ["<script>alert", "onerror=", "javascript:"] {
                if lower.contains(needle) {
                    bad.push(format!("{path} contains `{needle}`"));
                }
            }
        }
        assert!(
            bad.is_empty(),
            "the {audience} site carries script:\n{}\n{}",
            bad.join("\n"),
            snippet(&site, "alert")
        );
        for lang in ["de", "en"] {
            let page = text(
                site.get(&format!("{lang}/answers/xss-probe.html"))
                    .unwrap_or_else(|| panic!("no {lang} page for the probe answer")),
            );
            for word in ["click", "c2"] {
                assert!(
                    page.contains(&format!("<li>{word}</li>")),
                    "the link text `{word}` stays ({audience}, {lang}): {page}"
                );
            }
            assert!(
                page.contains("href=\"https://example.org/\""),
                "safe links stay links ({audience}, {lang})"
            );
            let all = text(&site[&format!("{lang}/answers/index.html")]);
            assert!(all.contains("click"), "the FAQ page shows the probe too");
        }
    }
}

/// Markup in record fields is escaped on every page; unsafe link schemes in any
/// spelling never become a link; event handlers never become attributes.
#[test]
fn markup_in_records_and_odd_link_spellings_stay_text() {
    let reg = copy_registry(&fixture("leak"));
    let sub = reg.path().join("registry/subprocessors/optsvc.yaml");
    let s = std::fs::read_to_string(&sub).unwrap().replace(
        "service: PUBLIC-OK-OPTSVC-SERVICE machine translation.",
        "service: \"PUBLIC-OK-OPTSVC-SERVICE <script>alert('svc')</script> <img src=x onerror=alert(2)>\"",
    );
    std::fs::write(&sub, s).unwrap();
    let body = "\n\n[c3]( javascript:alert(4)) [c4](java\tscript:alert(5)) [c5](&#106;avascript:alert(6)) \
                [c6](vbscript:alert(7)) [c7](data:text/html;base64,PHNjcmlwdD4=) [c8][r] <javascript:alert(8)>\n\n\
                <div onmouseover=\"alert(9)\">div</div>\n\n[r]: javascript:alert(10)\n";
    add_answer(
        reg.path(),
        "odd-links",
        &format!("---\nquestion: \"Links?\"\n---{body}"),
        &format!("---\nquestion: \"Links?\"\n---{body}"),
    );
    let sites = build_all(reg.path());
    for (name, site) in [
        ("internal", &sites.internal),
        ("customer", &sites.customer),
        ("public", &sites.public),
    ] {
        for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
            let html = text(bytes);
            assert!(
                !html.contains("<script>alert") && !html.contains("<img src=x"),
                "{name} {path}: markup from a record is not escaped"
            );
            for url in urls(&html) {
                let squeezed: String = url
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(
                    !squeezed.starts_with("javascript:")
                        && !squeezed.starts_with("vbscript:")
                        && !squeezed.starts_with("data:")
                        && !squeezed.starts_with("&#"),
                    "{name} {path}: unsafe URL `{url}`"
                );
            }
            let lower = html.to_ascii_lowercase();
            for handler in ["onmouseover=", "onerror="] {
                // Escaped text (`&lt;img … onerror=…&gt;`) is harmless; an attribute is not.
                for (i, _) in lower.match_indices(handler) {
                    let tag_start = lower[..i].rfind('<');
                    let text_start = lower[..i].rfind('>');
                    assert!(
                        tag_start.is_none() || text_start > tag_start,
                        "{name} {path}: `{handler}` inside a tag"
                    );
                }
            }
        }
        let page = text(&site["de/answers/odd-links.html"]);
        for word in ["c3", "c4", "c5", "c6", "c7", "c8"] {
            assert!(
                page.contains(word),
                "{name}: the text `{word}` stays: {page}"
            );
        }
    }
}
