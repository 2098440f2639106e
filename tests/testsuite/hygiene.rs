//! #18 items 4, 7 and two of 8: check's work is bounded by its input, public pages
//! carry no tracking images or mangled facts, and the wording of sites and answers
//! matches the records.

use crate::support;

use std::time::{Duration, Instant};
use support::{line_of, Example};

/// Appends `text` to an answer of the example.
fn append(ex: &Example, rel: &str, text: &str) {
    let mut body = ex.read(rel);
    body.push_str(text);
    ex.write(rel, body);
}

#[test]
fn ten_thousand_tags_on_one_line_give_one_short_warning() {
    let ex = Example::new();
    append(
        &ex,
        "registry/answers/cdn.md",
        &format!("\n{}\n", "<b>x</b>".repeat(5_000)),
    );
    let started = Instant::now();
    let run = ex.check(&[]);
    // Generous: the run takes well under a second; before the fix it took minutes.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "check took {:?}",
        started.elapsed()
    );
    run.assert_exit(0);
    let found = run.find("raw-html", "registry/answers/cdn.md");
    assert_eq!(
        found.len(),
        1,
        "one raw-html per line: {}",
        run.stdout.len()
    );
    assert!(
        run.stdout.len() < 10_000,
        "{} bytes of JSON",
        run.stdout.len()
    );
    let text = ex.check_text(&[]);
    // A line too long to show is named by its place, not printed.
    assert!(
        text.stderr.len() < 5_000,
        "{} bytes of text",
        text.stderr.len()
    );
    assert!(
        text.stderr.contains("0 error(s), 1 warning(s)"),
        "{}",
        text.stderr
    );
}

#[test]
fn a_multi_line_comment_gives_one_warning() {
    let ex = Example::new();
    let rel = "registry/answers/cdn.md";
    append(&ex, rel, "\n<!--\n  TODO: one\n  two\n  three\n-->\n");
    let line = line_of(&ex.read(rel), "<!--");
    let run = ex.check(&[]);
    let found = run.find("raw-html", rel);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], line);
}

#[test]
fn the_process_skeleton_gives_at_most_one_warning_per_comment() {
    let ex = Example::new();
    let new = support::run(&[
        "new".into(),
        "process".into(),
        "new-proc".into(),
        "--dir".into(),
        ex.root().display().to_string(),
    ]);
    new.assert_exit(0);
    let rel = "processes/new-proc.md";
    let text = ex.read(rel);
    let comments = text.matches("<!--").count();
    let found = ex.check(&[]).find("raw-html", rel);
    assert!(
        found.len() <= comments,
        "{} comments, {} warnings: {found:?}",
        comments,
        found.len()
    );
}

#[test]
fn many_findings_of_one_code_in_a_file_are_summed_up() {
    let ex = Example::new();
    let rel = "registry/answers/cdn.md";
    let lines: String = (0..30).map(|i| format!("\nline {i} <b>x</b>\n")).collect();
    append(&ex, rel, &lines);
    let run = ex.check(&[]);
    let found = run.find("raw-html", rel);
    assert_eq!(found.len(), 21, "20 shown and one summary");
    assert!(
        found.iter().any(|d| d["message"]
            .as_str()
            .unwrap_or("")
            .contains("and 10 more `raw-html`")),
        "{found:?}"
    );
}

#[test]
fn nested_ranges_in_an_answer_stop_at_a_budget_with_the_line() {
    let ex = Example::new();
    let rel = "registry/answers/cdn.md";
    append(
        &ex,
        rel,
        "\n{% for i in range(end=1000) %}{% for j in range(end=1000) %}{% for k in range(end=1000) %}{% endfor %}{% endfor %}{% endfor %}\n",
    );
    let line = line_of(&ex.read(rel), "{% for i in range");
    let started = Instant::now();
    let run = ex.check(&[]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "check took {:?}",
        started.elapsed()
    );
    run.assert_exit(1);
    let d = run.expect("answer-template", rel, line);
    assert!(
        d["message"].as_str().unwrap_or("").contains("loop steps"),
        "{d}"
    );
}

/// The example with DeepL's site in the EEA instead of the EU.
fn deepl_in_the_eea() -> Example {
    let ex = Example::new();
    ex.replace(
        "registry/subprocessors/deepl.yaml",
        "region: eu",
        "region: eea",
    );
    ex
}

#[test]
fn a_site_in_the_eea_is_called_so_on_the_trust_front_page() {
    let ex = deepl_in_the_eea();
    let run = support::run(&[
        "build".into(),
        ex.root().display().to_string(),
        "--audience".into(),
        "public".into(),
        "--as-of".into(),
        support::AS_OF.into(),
    ]);
    run.assert_exit(0);
    for (lang, eea, eu) in [
        (
            "de",
            "Rechenzentren im Europäischen Wirtschaftsraum (EWR)",
            "Rechenzentren in der EU",
        ),
        (
            "en",
            "data centres in the European Economic Area (EEA)",
            "data centres in the EU",
        ),
    ] {
        let page = ex.read(&format!("site-public/{lang}/index.html"));
        assert!(page.contains(eea), "{lang}: the EEA site is not named");
        assert!(
            !page.contains(eu),
            "{lang}: an EEA site is called one in the EU"
        );
    }
}

#[test]
fn a_site_in_the_eea_is_called_so_by_ropa_answer() {
    let ex = deepl_in_the_eea();
    for (lang, eea, eu) in [
        (
            "de",
            "Rechenzentren im Europäischen Wirtschaftsraum (EWR)",
            "Rechenzentren in der EU",
        ),
        (
            "en",
            "data centres in the European Economic Area (EEA)",
            "data centres in the EU",
        ),
    ] {
        let run = support::run(&[
            "answer".into(),
            ex.root().display().to_string(),
            "--plan".into(),
            "business".into(),
            "--feature".into(),
            "auto-translation".into(),
            "--lang".into(),
            lang.into(),
        ]);
        run.assert_exit(0);
        assert!(run.stdout.contains(eea), "{lang}: {}", run.stdout);
        assert!(!run.stdout.contains(eu), "{lang}: {}", run.stdout);
    }
}

/// Builds the public site of `ex`; the build must succeed.
fn build_public(ex: &Example) {
    let run = support::run(&[
        "build".into(),
        ex.root().display().to_string(),
        "--audience".into(),
        "public".into(),
        "--as-of".into(),
        support::AS_OF.into(),
    ]);
    run.assert_exit(0);
}

#[test]
fn external_images_become_links_with_a_warning() {
    let ex = Example::new();
    let rel = "registry/answers/cdn.md";
    append(
        &ex,
        rel,
        "\nPixel ![tracker-alt](https://tracker.example/p.gif) and ![net-alt](//tracker.example/q.gif) end.\n",
    );
    let line = line_of(&ex.read(rel), "Pixel");
    let found = ex.check(&[]).find("external-image", rel);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|d| d["line"] == line));
    build_public(&ex);
    let page = ex.read("site-public/de/answers/cdn.html");
    assert!(!page.contains("<img"), "an external image is loaded");
    assert!(page.contains("<a href=\"https://tracker.example/p.gif\">tracker-alt</a>"));
    assert!(page.contains("<a href=\"//tracker.example/q.gif\">net-alt</a>"));
}

#[test]
fn a_left_out_image_leaves_no_alt_text_behind() {
    let ex = Example::new();
    append(
        &ex,
        "registry/answers/cdn.md",
        "\nBefore ![stray-alt-word](javascript:alert(1)) after.\n",
    );
    build_public(&ex);
    let page = ex.read("site-public/de/answers/cdn.html");
    assert!(page.contains("Before"), "the paragraph is there");
    assert!(
        !page.contains("stray-alt-word"),
        "the alt text stayed behind"
    );
}

#[test]
fn network_path_links_are_external_not_process_links() {
    let ex = Example::new();
    let rel = "registry/answers/cdn.md";
    append(
        &ex,
        rel,
        "\n[other](//docs.example/guide.md) [p](//docs.example/path)\n",
    );
    let run = ex.check(&[]);
    run.assert_exit(0);
    assert!(
        run.find("dangling-reference", rel).is_empty(),
        "{}",
        run.stdout
    );
    build_public(&ex);
    let page = ex.read("site-public/de/answers/cdn.html");
    assert!(
        page.contains("href=\"//docs.example/guide.md\""),
        "rewritten"
    );
    assert!(page.contains("href=\"//docs.example/path\""), "rewritten");
}

#[test]
fn facts_in_answers_show_literally() {
    let ex = Example::new();
    ex.set_top_level(
        "registry/subprocessors/aws-cloudfront.yaml",
        "name",
        "name: \"AWS <script>alert(1)</script> *x*\"",
    );
    build_public(&ex);
    let page = ex.read("site-public/de/answers/cdn.html");
    let body = page.split("class=\"sources\"").next().unwrap_or_default();
    assert!(
        body.contains("AWS &lt;script&gt;alert(1)&lt;/script&gt; *x*"),
        "the name is mangled in the answer text"
    );
    assert!(!body.contains("<em>x</em>"));
    assert!(!page.contains("<script>alert"));
}

#[test]
fn a_mailto_with_a_quote_is_percent_encoded() {
    let ex = Example::new();
    ex.replace(
        "registry/organization.yaml",
        "email: privacy@beispiel-chat.example",
        "email: \"priv\\\"acy@beispiel-chat.example\"",
    );
    append(
        &ex,
        "registry/answers/cdn.md",
        "\n[mail](mailto:a@b.example?subject=x\"onmouseover=\"alert(1))\n",
    );
    build_public(&ex);
    // The DPO's address on the trust front page (a template) and a link in an answer.
    let home = ex.read("site-public/de/index.html");
    assert!(
        home.contains("href=\"mailto:priv%22acy@beispiel-chat.example\""),
        "not encoded"
    );
    let page = ex.read("site-public/de/answers/cdn.html");
    assert!(
        page.contains("subject=x%22onmouseover=%22alert(1)"),
        "not encoded"
    );
    assert!(!page.contains("\"onmouseover"));
}

#[test]
fn thousands_of_findings_on_one_line_print_a_bounded_report() {
    let ex = Example::new();
    let rel = "registry/answers/cdn.md";
    let line = "[a](javascript:x) [b](#nope) ".repeat(3_000);
    append(&ex, rel, &format!("\n{line}\n"));
    let run = ex.check(&[]);
    run.assert_exit(1);
    // 20 of each code and one "and 2980 more" each.
    assert_eq!(run.find("unsafe-link", rel).len(), 21);
    assert_eq!(run.find("broken-link", rel).len(), 21);
    let text = ex.check_text(&[]);
    assert!(
        text.stderr.len() < 30_000,
        "{} bytes of text",
        text.stderr.len()
    );
    assert!(
        text.stderr
            .contains("and 2980 more `broken-link` in this file"),
        "{}",
        text.stderr
    );
    assert!(text.stderr.contains("too long to show"));
}

#[test]
fn a_broken_anchor_on_a_page_without_headings_gets_a_hint_that_says_so() {
    let ex = Example::new();
    let rel = "registry/answers/cdn.md";
    append(&ex, rel, "\n[mehr](#nirgends)\n");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect_in("broken-link", rel);
    let hint = d["hint"].as_str().unwrap_or_default();
    assert!(
        hint.contains("has no headings") && hint.contains("without `#nirgends`"),
        "the hint should say the page has no headings and how to fix the link: {hint:?}"
    );
    assert!(
        !hint.contains("allowed:"),
        "an empty list is offered: {hint:?}"
    );
}
