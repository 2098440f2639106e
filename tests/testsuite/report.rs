//! `ropa report` on copies of the example registry, through the real binary: every
//! activity has its section with every item of Art. 30(1) (controller) or Art. 30(2)
//! (processor) in both languages; an item the registry leaves empty says so instead of
//! disappearing; the document is self-contained and escaped; it prints to a PDF of
//! several pages with headless Chromium; a language the registry lacks is refused; and
//! `ropa build` puts the report beside the wiki and links it from the home page.

use crate::support;

use std::path::{Path, PathBuf};

use std::time::Duration;
use support::{run, Example, Run, AS_OF};

/// The item headings of Art. 30(1), German and English: the article, then the start
/// of the label (the report prints "<article> – <label>").
const CONTROLLER_ITEMS: [(&str, &str); 7] = [
    (
        "Art. 30 Abs. 1 lit. a – Name und Kontaktdaten des Verantwortlichen",
        "Art. 30(1)(a) – Name and contact details of the controller",
    ),
    (
        "Art. 30 Abs. 1 lit. b – Zwecke der Verarbeitung",
        "Art. 30(1)(b) – Purposes of the processing",
    ),
    (
        "Art. 30 Abs. 1 lit. c – Beschreibung der Kategorien betroffener Personen",
        "Art. 30(1)(c) – Description of the categories of data subjects",
    ),
    (
        "Art. 30 Abs. 1 lit. d – Kategorien von Empfängern",
        "Art. 30(1)(d) – Categories of recipients",
    ),
    (
        "Art. 30 Abs. 1 lit. e – Gegebenenfalls Übermittlungen von personenbezogenen Daten an ein Drittland",
        "Art. 30(1)(e) – Where applicable, transfers of personal data to a third country",
    ),
    (
        "Art. 30 Abs. 1 lit. f – Wenn möglich, die vorgesehenen Fristen für die Löschung",
        "Art. 30(1)(f) – Where possible, the envisaged time limits for erasure",
    ),
    (
        "Art. 30 Abs. 1 lit. g – Wenn möglich, eine allgemeine Beschreibung der technischen und organisatorischen Maßnahmen",
        "Art. 30(1)(g) – Where possible, a general description of the technical and organisational security measures",
    ),
];

/// The item headings of Art. 30(2), German and English.
const PROCESSOR_ITEMS: [(&str, &str); 4] = [
    (
        "Art. 30 Abs. 2 lit. a – Name und Kontaktdaten des Auftragsverarbeiters",
        "Art. 30(2)(a) – Name and contact details of the processor",
    ),
    (
        "Art. 30 Abs. 2 lit. b – Kategorien von Verarbeitungen, die im Auftrag jedes Verantwortlichen durchgeführt werden",
        "Art. 30(2)(b) – Categories of processing carried out on behalf of each controller",
    ),
    (
        "Art. 30 Abs. 2 lit. c – Gegebenenfalls Übermittlungen von personenbezogenen Daten an ein Drittland",
        "Art. 30(2)(c) – Where applicable, transfers of personal data to a third country",
    ),
    (
        "Art. 30 Abs. 2 lit. d – Wenn möglich, eine allgemeine Beschreibung der technischen und organisatorischen Maßnahmen",
        "Art. 30(2)(d) – Where possible, a general description of the technical and organisational security measures",
    ),
];

/// What the report prints for an item the registry leaves empty.
fn not_stated(lang: &str) -> &'static str {
    if lang == "de" {
        "nicht angegeben"
    } else {
        "not stated"
    }
}

fn items(lang: &str, role: &str) -> Vec<&'static str> {
    let table: &[(&str, &str)] = if role == "controller" {
        &CONTROLLER_ITEMS
    } else {
        &PROCESSOR_ITEMS
    };
    table
        .iter()
        .map(|(de, en)| if lang == "de" { *de } else { *en })
        .collect()
}

/// `(id, role)` of every activity of the example registry, read from the YAML files.
fn example_activities() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("registry/activities");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read registry/activities") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read activity");
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("{key}:")))
                .map(|v| v.trim().to_string())
                .unwrap_or_else(|| panic!("{}: no top-level `{key}:`", path.display()))
        };
        out.push((field("id"), field("role")));
    }
    out.sort();
    assert!(
        out.len() >= 5,
        "expected the example's activities, found {out:?}"
    );
    assert!(
        out.iter().any(|(_, r)| r == "controller") && out.iter().any(|(_, r)| r == "processor"),
        "the example should have controller and processor activities: {out:?}"
    );
    out
}

/// Runs `ropa report <root> --lang <lang> --as-of AS_OF --out <out>` and returns the HTML.
fn report(root: &Path, lang: &str, out: &Path) -> String {
    let out_arg = out.display().to_string();
    let r = support::run_on("report", root, &["--lang", lang, "--out", &out_arg]);
    r.assert_exit(0);
    std::fs::read_to_string(out).unwrap_or_else(|e| panic!("read {}: {e}", out.display()))
}

/// The HTML of an activity's section: from its anchor to the next `<section`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let anchor = format!("id=\"activity-{id}\"");
    let start = html
        .find(&anchor)
        .unwrap_or_else(|| panic!("the report has no section {anchor}"));
    let end = html[start..]
        .find("<section")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// The text of some HTML (or of a slice of it): every tag a space, entities decoded,
/// whitespace collapsed.
fn text(html: &str) -> String {
    support::html::words(html)
}

/// The text of the body of one item of a section (after its `<h4>` heading, up to the
/// next item), found by the start of its heading.
fn item_text(section_html: &str, heading: &str) -> String {
    for chunk in section_html.split("<div class=\"item\"").skip(1) {
        let (Some(h), Some(end)) = (chunk.find("<h4"), chunk.find("</h4>")) else {
            continue;
        };
        if text(&chunk[h..end]).starts_with(heading) {
            return text(&chunk[end..]);
        }
    }
    panic!("no item `{heading}` in:\n{}", text(section_html))
}

// 1 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn every_activity_has_every_article_30_item_in_both_languages() {
    let ex = Example::new();
    let out = tempfile::tempdir().expect("temp dir");
    let activities = example_activities();
    let mut failures = Vec::new();
    for lang in ["de", "en"] {
        let html = report(ex.root(), lang, &out.path().join(format!("r-{lang}.html")));
        assert!(html.starts_with("<!DOCTYPE html>"), "not an HTML document");
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")),
            "no <html lang=\"{lang}\">"
        );
        let title = if lang == "de" {
            "Verzeichnis von Verarbeitungstätigkeiten"
        } else {
            "Records of processing activities"
        };
        assert!(html.contains(title), "{lang}: no title `{title}`");
        assert!(html.contains("Beispiel Chat GmbH"), "{lang}: no legal name");
        assert!(html.contains(AS_OF), "{lang}: no as-of date");
        for (id, role) in &activities {
            if !html.contains(&format!("href=\"#activity-{id}\"")) {
                failures.push(format!("{lang}: the contents do not link to {id}"));
            }
            let s = text(section(&html, id));
            for heading in items(lang, role) {
                if !s.contains(heading) {
                    failures.push(format!("{lang}: {role} activity {id} lacks `{heading}`"));
                }
            }
            // A section holds the items of its own role only.
            let other = if role == "controller" {
                "processor"
            } else {
                "controller"
            };
            for heading in items(lang, other) {
                if s.contains(heading) {
                    failures.push(format!(
                        "{lang}: {role} activity {id} has the {other} item `{heading}`"
                    ));
                }
            }
        }
        // The annexes of an AVV/DPA.
        for (anchor, de, en) in [
            (
                "annex-1",
                "Anlage 1 – Unterauftragsverarbeiter",
                "Annex 1 – Subprocessors",
            ),
            (
                "annex-2",
                "Anlage 2 – Technische und organisatorische Maßnahmen",
                "Annex 2 – Technical and organisational measures",
            ),
        ] {
            let heading = if lang == "de" { de } else { en };
            if !html.contains(&format!("id=\"{anchor}\"")) || !html.contains(heading) {
                failures.push(format!("{lang}: no {anchor} `{heading}`"));
            }
        }
        // Annex 1 lists the active subprocessors, and optional ones with their feature.
        let annex = text(&html[html.find("id=\"annex-1\"").unwrap_or(0)..]);
        for name in [
            "Hetzner Online GmbH",
            "Amazon Web Services EMEA SARL",
            "DeepL SE",
            "Meta Platforms Ireland Limited",
        ] {
            if !annex.contains(name) {
                failures.push(format!("{lang}: annex 1 does not list {name}"));
            }
        }
        let feature = if lang == "de" {
            "Nur mit der Funktion „Automatische Übersetzung“"
        } else {
            "Only with the feature \"Automatic translation\""
        };
        if !annex.contains(feature) {
            failures.push(format!("{lang}: annex 1 does not say `{feature}`"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_report_is_self_contained_escaped_and_deterministic() {
    let ex = Example::new();
    let name = "billing.yaml";
    ex.replace(
        &format!("registry/activities/{name}"),
        "de: Rechnungsstellung und Buchhaltung",
        "de: \"Rechnung <script>alert('x')</script> & Co\"",
    );
    let out = tempfile::tempdir().expect("temp dir");
    let html = report(ex.root(), "de", &out.path().join("a.html"));
    let again = report(ex.root(), "de", &out.path().join("b.html"));
    assert!(html == again, "two runs of `ropa report` differ");
    let lower = html.to_ascii_lowercase();
    for bad in ["<script", "<link", " src=", "@import", "url(", "http-equiv"] {
        assert!(
            !lower.contains(bad),
            "the report contains `{bad}` (it must be self-contained, with no scripts)"
        );
    }
    assert!(
        html.contains("Rechnung &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"),
        "the activity name is not escaped"
    );
    // Print layout: A4, a page break before each activity, rows kept whole, repeated
    // table headers.
    for css in [
        "size: A4",
        "margin: 20mm 16mm",
        "break-before: page",
        "break-inside: avoid",
        "display: table-header-group",
        "counter(page)",
    ] {
        assert!(html.contains(css), "the report's CSS lacks `{css}`");
    }
    // Without git, the version says so.
    assert!(html.contains("nicht unter Versionskontrolle"));
}

// 2 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn an_empty_item_is_printed_as_not_stated() {
    let ex = Example::new();
    let out = tempfile::tempdir().expect("temp dir");
    let d_de = "Art. 30 Abs. 1 lit. d – Kategorien von Empfängern";
    let d_en = "Art. 30(1)(d) – Categories of recipients";
    let g2_de = PROCESSOR_ITEMS[3].0;
    let g2_en = PROCESSOR_ITEMS[3].1;

    // Before: staff training has recipients, the chat service has measures.
    for lang in ["de", "en"] {
        let html = report(
            ex.root(),
            lang,
            &out.path().join(format!("before-{lang}.html")),
        );
        let (d, g2) = if lang == "de" {
            (d_de, g2_de)
        } else {
            (d_en, g2_en)
        };
        let recipients = item_text(section(&html, "staff-training"), d);
        assert!(
            !recipients.contains(not_stated(lang)) && recipients.contains("Hetzner"),
            "{lang}: before the change, (d) of staff-training is: {recipients}"
        );
        let toms = item_text(section(&html, "chat-service"), g2);
        assert!(
            !toms.contains(not_stated(lang)),
            "{lang}: before the change, 30(2)(d) of chat-service is: {toms}"
        );
    }

    // Remove the recipients (and the processors, which are recipients too) of a
    // controller activity, and the measures of a processor activity.
    let staff = "registry/activities/staff-training.yaml";
    ex.set_top_level(staff, "recipients", "# recipients: removed by the test");
    ex.set_top_level(
        staff,
        "subprocessors",
        "# subprocessors: removed by the test",
    );
    ex.set_top_level(
        "registry/activities/chat-service.yaml",
        "toms",
        "# toms: removed by the test",
    );
    for lang in ["de", "en"] {
        let html = report(
            ex.root(),
            lang,
            &out.path().join(format!("after-{lang}.html")),
        );
        let (d, g2) = if lang == "de" {
            (d_de, g2_de)
        } else {
            (d_en, g2_en)
        };
        let staff_html = section(&html, "staff-training");
        let recipients = item_text(staff_html, d);
        assert!(
            recipients.trim() == not_stated(lang),
            "{lang}: (d) of staff-training without recipients should say only `{}`, says: {recipients}",
            not_stated(lang)
        );
        // Styled so that it is seen: the marker carries its own class.
        let marker = format!("<span class=\"na\">{}</span>", not_stated(lang));
        let d_at = staff_html.find("-1d\"").expect("item (d) anchor");
        let e_at = staff_html.find("-1e\"").expect("item (e) anchor");
        assert!(
            staff_html[d_at..e_at].contains(&marker),
            "{lang}: (d) is not marked with {marker}"
        );
        let toms = item_text(section(&html, "chat-service"), g2);
        assert!(
            toms.trim() == not_stated(lang),
            "{lang}: 30(2)(d) of chat-service without measures should say only `{}`, says: {toms}",
            not_stated(lang)
        );
        // The other items are still there, and the other activities are untouched.
        for heading in items(lang, "controller") {
            assert!(
                text(staff_html).contains(heading),
                "{lang}: lost `{heading}`"
            );
        }
        let billing = item_text(section(&html, "billing"), d);
        assert!(
            !billing.contains(not_stated(lang)),
            "{lang}: (d) of billing changed: {billing}"
        );
    }
}

// 3 ──────────────────────────────────────────────────────────────────────────────

/// Runs a program to completion with a time limit; returns (success, stdout, stderr).
fn run_tool(program: &Path, args: &[String], limit: Duration) -> (bool, String, String) {
    let r = support::run_program(program, args, limit);
    (r.code == Some(0), r.stdout, r.stderr)
}

/// A program on the PATH (or in /usr/bin).
fn program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin")])
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Pages of a PDF: `/Type /Page` objects (not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while let Some(at) = find(&pdf[i..], b"/Type") {
        let mut j = i + at + b"/Type".len();
        while j < pdf.len() && pdf[j].is_ascii_whitespace() {
            j += 1;
        }
        if pdf[j..].starts_with(b"/Page") && pdf.get(j + 5).is_some_and(|c| *c != b's') {
            n += 1;
        }
        i = j;
    }
    n
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn the_report_prints_to_a_pdf_of_several_pages() {
    let chromium = program("chromium")
        .expect("chromium must be installed (Debian package chromium; .ci/run installs it)");
    let pdftotext = program("pdftotext").expect(
        "pdftotext must be installed to read the PDF's text (Debian package poppler-utils)",
    );
    let ex = Example::new();
    let out = tempfile::tempdir().expect("temp dir");
    let html_path = out.path().join("report-de.html");
    report(ex.root(), "de", &html_path);
    let pdf_path = out.path().join("report-de.pdf");
    let profile = tempfile::tempdir().expect("temp dir");
    let args: Vec<String> = support::webdriver::CHROMIUM_FLAGS
        .iter()
        .map(|s| s.to_string())
        .chain([
            format!("--user-data-dir={}", profile.path().display()),
            "--no-pdf-header-footer".to_string(),
            format!("--print-to-pdf={}", pdf_path.display()),
            format!("file://{}", html_path.display()),
        ])
        .collect();
    let (ok, _, stderr) = run_tool(&chromium, &args, Duration::from_secs(120));
    let pdf = std::fs::read(&pdf_path)
        .unwrap_or_else(|e| panic!("chromium wrote no PDF ({e}); ok={ok}\nstderr:\n{stderr}"));
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let pages = pdf_pages(&pdf);
    let activities = example_activities().len();
    // Cover, contents, a page (at least) per activity, and the two annexes.
    assert!(
        pages > activities + 3,
        "the PDF has {pages} page(s), expected more than {}",
        activities + 3
    );

    let (ok, stdout, stderr) = run_tool(
        &pdftotext,
        &[
            "-enc".to_string(),
            "UTF-8".to_string(),
            pdf_path.display().to_string(),
            "-".to_string(),
        ],
        Duration::from_secs(60),
    );
    assert!(ok, "pdftotext failed:\n{stderr}");
    let all = stdout;
    for needle in [
        "Beispiel Chat GmbH",
        "Art. 30",
        "Verzeichnis von Verarbeitungstätigkeiten",
        "Datenschutz Beispiel GmbH",
        "Anlage 2",
    ] {
        assert!(all.contains(needle), "the PDF's text lacks `{needle}`");
    }
    // pdftotext ends each page with a form feed.
    let texts: Vec<&str> = all
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(
        texts.len(),
        pages,
        "pdftotext pages vs. /Type /Page objects"
    );
    // Every page after the cover carries the running header with the as-of date, and
    // every page its number.
    let header = format!("Stand {AS_OF}");
    for (i, page) in texts.iter().enumerate() {
        if i > 0 {
            assert!(
                page.contains(&header),
                "page {} has no running header `{header}`",
                i + 1
            );
        }
        let number = format!("Seite {} / {pages}", i + 1);
        assert!(page.contains(&number), "page {} lacks `{number}`", i + 1);
    }
    // Each activity starts a page: its heading (the last occurrence; the first is in
    // the contents) is among the first lines of its page.
    let headings = html_headings(&std::fs::read_to_string(&html_path).expect("read html"));
    assert_eq!(
        headings.len(),
        activities,
        "activity headings: {headings:?}"
    );
    for heading in &headings {
        let (page_no, page) = texts
            .iter()
            .enumerate()
            .rev()
            .find(|(_, p)| p.lines().any(|l| l.trim() == heading))
            .unwrap_or_else(|| panic!("no page has the heading `{heading}`"));
        let line = page
            .lines()
            .filter(|l| !l.trim().is_empty())
            .position(|l| l.trim() == heading)
            .expect("found above");
        assert!(
            line < 8,
            "`{heading}` is line {} of page {}: no page break before it",
            line + 1,
            page_no + 1
        );
    }
}

/// The text of each activity's `<h3>` heading ("A.1 Name").
fn html_headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<section class=\"activity\"") {
        rest = &rest[at..];
        let h = rest.find("<h3").expect("activity heading");
        let end = rest[h..].find("</h3>").expect("end of heading") + h;
        out.push(text(&rest[h..end]));
        rest = &rest[end..];
    }
    out
}

// 4 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn a_language_the_registry_lacks_is_refused() {
    let ex = Example::new();
    let out = tempfile::tempdir().expect("temp dir");
    let target = out.path().join("report-fr.html");
    let r: Run = run(&[
        "report".to_string(),
        ex.root().display().to_string(),
        "--lang".to_string(),
        "fr".to_string(),
        "--as-of".to_string(),
        AS_OF.to_string(),
        "--out".to_string(),
        target.display().to_string(),
    ]);
    r.assert_exit(2);
    assert!(
        r.stderr.contains("fr") && r.stderr.contains("`de`") && r.stderr.contains("`en`"),
        "the message should name the language asked for and those available:\n{}",
        r.stderr
    );
    assert!(!target.exists(), "a report was written for `fr`");
}

#[test]
fn the_default_language_and_stdout_and_broken_registries() {
    let ex = Example::new();
    // No --lang: the registry's default language (de); no --out: stdout.
    let r = run(&[
        "report".to_string(),
        ex.root().display().to_string(),
        "--as-of".to_string(),
        AS_OF.to_string(),
    ]);
    r.assert_exit(0);
    assert!(
        r.stdout.contains("<html lang=\"de\">") && r.stdout.contains("Art. 30 Abs. 1 lit. a"),
        "stdout is not the German report"
    );
    // An error in the registry: diagnostics on stderr, exit 1, nothing written.
    ex.set_top_level(
        "registry/activities/billing.yaml",
        "purposes",
        "purposes: []",
    );
    let out = tempfile::tempdir().expect("temp dir");
    let target = out.path().join("sub/dir/report.html");
    let r = support::run_on(
        "report",
        ex.root(),
        &["--out", &target.display().to_string()],
    );
    r.assert_exit(1);
    assert!(
        r.stderr.contains("gdpr-art30-1b-no-purpose"),
        "stderr does not show the diagnostic:\n{}",
        r.stderr
    );
    assert!(!target.exists(), "a report was written despite errors");
}

// 5 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn the_site_carries_the_report_and_a_registry_template_replaces_it() {
    let ex = Example::new();
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let build = |site: &Path| {
        run(&[
            "build".to_string(),
            ex.root().display().to_string(),
            "--out".to_string(),
            site.display().to_string(),
            "--as-of".to_string(),
            AS_OF.to_string(),
        ])
    };
    build(&site).assert_exit(0);
    for lang in ["de", "en"] {
        let in_site = std::fs::read_to_string(site.join(format!("report-{lang}.html")))
            .unwrap_or_else(|e| panic!("no report-{lang}.html in the site: {e}"));
        let alone = report(
            ex.root(),
            lang,
            &out.path().join(format!("alone-{lang}.html")),
        );
        assert!(
            in_site == alone,
            "the site's report-{lang}.html differs from `ropa report --lang {lang}`"
        );
        let home =
            std::fs::read_to_string(site.join(format!("{lang}/index.html"))).expect("home page");
        assert!(
            home.contains(&format!("href=\"../report-{lang}.html\"")),
            "{lang}/index.html does not link to ../report-{lang}.html"
        );
    }

    ex.write(
        "templates/report.html",
        "<!DOCTYPE html>\n<html lang=\"{{ lang }}\"><head><title>{{ title }}</title></head><body><h1>custom-report-7f3a {{ org }}</h1></body></html>\n",
    );
    let custom = report(ex.root(), "en", &out.path().join("custom.html"));
    assert!(
        custom.contains("<h1>custom-report-7f3a Beispiel Chat GmbH</h1>"),
        "the registry's templates/report.html was not used:\n{custom}"
    );
}
