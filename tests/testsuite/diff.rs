//! `ropa diff` (#20 item 5): what changed in the records between two revisions of a
//! test repository with known edits, in text, Markdown and JSON, per record and
//! field; a moved file is no change; `--audience` shows only what that audience may
//! see at both ends; bad revisions and folders outside git exit 2.

use crate::support::history::Repo;
use crate::support::{run, Run};
use serde_json::json;

const HETZNER: &str = "registry/subprocessors/hetzner.yaml";
const RETENTION: &str = "registry/retention/retention.yaml";

fn diff(repo: &Repo, args: &[&str]) -> Run {
    let mut full = vec!["diff".to_string(), repo.root().display().to_string()];
    full.extend(args.iter().map(|s| s.to_string()));
    run(&full)
}

/// The example tagged `v1`, then one commit with three edits: a new site at
/// Hetzner, Hetzner's city, the CDN logs kept 7 days instead of 24 hours, plus a
/// moved file (DeepL) and a new data category.
fn edited() -> Repo {
    let repo = Repo::example("2025-01-10");
    repo.git(&["tag", "v1"]);
    repo.replace(
        HETZNER,
        "data_categories:\n  - chat-content",
        "  - city: Helsinki\n    country: FI\ndata_categories:\n  - chat-content",
    );
    repo.replace(HETZNER, "city: Gunzenhausen", "city: Nürnberg");
    repo.replace(RETENTION, "  period: PT24H\n", "  period: P7D\n");
    repo.git(&[
        "mv",
        "registry/subprocessors/deepl.yaml",
        "registry/subprocessors/translation.yaml",
    ]);
    repo.write(
        "registry/data-categories/extra.yaml",
        "id: survey-answers\nlabel:\n  de: Umfrageantworten\n  en: Survey answers\n",
    );
    repo.commit("Helsinki, CDN logs a week", "2025-02-10");
    repo
}

const EXPECTED_TEXT: &str = "\
Changes in the records from v1 (SHORT1) to HEAD (SHORT2)

Subprocessors
  ~ Hetzner — Address › City: Gunzenhausen → Nürnberg
  ~ Hetzner — Processing sites: + Helsinki (FI)

Data categories
  + Survey answers (survey-answers)

Retention
  ~ CDN logs — Period: 24 hours → 7 days
";

#[test]
fn the_known_edits_and_nothing_else_in_text() {
    let repo = edited();
    let out = diff(&repo, &["v1", "HEAD", "--lang", "en"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let short = |rev: &str| repo.git(&["rev-parse", "--short=7", rev]);
    let expected = EXPECTED_TEXT
        .replace("SHORT1", &short("v1"))
        .replace("SHORT2", &short("HEAD"));
    assert_eq!(out.stdout, expected);
}

#[test]
fn the_known_edits_in_json() {
    let repo = edited();
    let out = diff(&repo, &["v1", "HEAD", "--lang", "en", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let v = out.json();
    assert_eq!(v["from"]["rev"], "v1");
    assert_eq!(v["from"]["commit"], repo.git(&["rev-parse", "v1"]));
    assert_eq!(v["to"]["commit"], repo.git(&["rev-parse", "HEAD"]));
    assert_eq!(v["audience"], "internal");
    assert_eq!(
        v["changes"],
        json!([
            {"kind": "subprocessor", "id": "hetzner", "label": "Hetzner", "change": "changed",
             "fields": [
                {"path": "address.city", "label": "Address › City", "old": "Gunzenhausen", "new": "Nürnberg"},
                {"path": "sites", "label": "Processing sites", "removed": [], "added": ["Helsinki (FI)"]}
             ]},
            {"kind": "data-category", "id": "survey-answers", "label": "Survey answers", "change": "added"},
            {"kind": "retention", "id": "cdn-logs", "label": "CDN logs", "change": "changed",
             "fields": [{"path": "period", "label": "Period", "old": "24 hours", "new": "7 days"}]}
        ])
    );
}

#[test]
fn markdown_has_a_heading_per_kind_and_bullets() {
    let repo = edited();
    let out = diff(&repo, &["v1", "HEAD", "--format", "markdown"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let md = &out.stdout;
    assert!(
        md.starts_with("### Änderungen der Einträge von v1 ("),
        "{md}"
    );
    assert!(md.contains("\n#### Unterauftragsverarbeiter\n\n- **geändert** Hetzner (`hetzner`)\n  - Anschrift › Ort: Gunzenhausen → Nürnberg\n"), "{md}");
    assert!(
        md.contains("- **neu** Umfrageantworten (`survey-answers`)\n"),
        "{md}"
    );
    assert!(md.contains("  - Frist: 24 Stunden → 7 Tage\n"), "{md}");
}

#[test]
fn defaults_are_the_last_tag_and_the_work_tree() {
    let repo = edited();
    repo.git(&["tag", "v2"]);
    // Nothing changed since v2.
    let out = diff(&repo, &[]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(0), "keine Änderungen an den Einträgen\n"),
        "{}",
        out.stderr
    );
    // An uncommitted edit is in the work tree.
    repo.replace(RETENTION, "  period: P7D\n", "  period: P14D\n");
    let out = diff(&repo, &["--lang", "en"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let short = repo.git(&["rev-parse", "--short=7", "v2"]);
    assert_eq!(
        out.stdout,
        format!("Changes in the records from v2 ({short}) to the work tree\n\nRetention\n  ~ CDN logs — Period: 7 days → 14 days\n")
    );
}

#[test]
fn a_moved_file_with_the_same_records_is_no_change() {
    let repo = Repo::example("2025-01-10");
    repo.git(&["mv", HETZNER, "registry/subprocessors/hosting.yaml"]);
    repo.git(&["mv", RETENTION, "registry/retention/all-rules.yaml"]);
    repo.commit("moved", "2025-01-11");
    let out = diff(&repo, &["HEAD~1", "HEAD", "--lang", "en"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(0), "no changes in the records\n"),
        "{}",
        out.stderr
    );
    let out = diff(&repo, &["HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(out.json()["changes"], json!([]));
}

#[test]
fn the_public_sees_no_internal_change_and_no_hidden_field() {
    let repo = Repo::example("2025-01-10");
    repo.git(&["tag", "v1"]);
    // An internal note, an internal record (contracts are internal) and a field
    // hidden at the later end, each with a marker.
    repo.replace(HETZNER, "Ansprechpartner", "SECRET-NOTE-1 Ansprechpartner");
    repo.replace(
        "registry/contracts/hetzner-avv.yaml",
        "Online über",
        "SECRET-CONTRACT-2 Online über",
    );
    repo.replace(
        HETZNER,
        "  review: internal\n",
        "  review: internal\n  assessment: internal\n",
    );
    repo.replace(
        HETZNER,
        "assessment:\n  de: >-\n",
        "assessment:\n  de: >-\n    SECRET-FIELD-3\n",
    );
    repo.replace(HETZNER, "city: Gunzenhausen", "city: Nürnberg");
    repo.commit("internal edits", "2025-02-10");
    for audience in ["public", "customer"] {
        for format in ["text", "markdown", "json"] {
            let out = diff(
                &repo,
                &["v1", "HEAD", "--audience", audience, "--format", format],
            );
            assert_eq!(out.code, Some(0), "{}", out.stderr);
            for marker in ["SECRET", "hetzner-avv", "Hetzner Online", "assessment"] {
                assert!(
                    !out.stdout.contains(marker),
                    "{audience} {format}: {marker} in\n{}",
                    out.stdout
                );
            }
            assert!(
                out.stdout.contains("Nürnberg"),
                "{audience} {format}: the public change is shown\n{}",
                out.stdout
            );
        }
    }
    // The same edits are all there for the internal audience (so the checks above
    // are not vacuous): the text names each changed field, the JSON carries the texts.
    let internal = diff(&repo, &["v1", "HEAD"]);
    assert_eq!(internal.code, Some(0), "{}", internal.stderr);
    for line in [
        "  ~ Hetzner — Interne Notizen: geändert",
        "  ~ Hetzner — Prüfung: geändert",
        "  ~ Hetzner — Sichtbarkeit der Felder › Prüfung: (nicht angegeben) → internal",
        "  ~ Vertrag zur Auftragsverarbeitung gemäß Art. 28 DSGVO (Hetzner Online GmbH) — Interne Notizen: geändert",
    ] {
        assert!(internal.stdout.lines().any(|l| l == line), "internal: {line:?} missing in\n{}", internal.stdout);
    }
    let internal = diff(&repo, &["v1", "HEAD", "--format", "json"]);
    for marker in ["SECRET-NOTE-1", "SECRET-CONTRACT-2", "SECRET-FIELD-3"] {
        assert!(
            internal.stdout.contains(marker),
            "internal: {marker} missing in\n{}",
            internal.stdout
        );
    }
}

#[test]
fn a_record_hidden_at_one_end_is_added_or_removed_and_its_references_are_dropped() {
    let repo = Repo::example("2025-01-10");
    // chat-content becomes internal: for the public it is removed, and Hetzner's
    // list of data categories does not lose it in words.
    repo.replace(
        "registry/data-categories/data-categories.yaml",
        "- id: chat-content\n",
        "- id: chat-content\n  visibility: internal\n",
    );
    repo.commit("chat content internal", "2025-01-11");
    let out = diff(
        &repo,
        &["HEAD~1", "HEAD", "--audience", "public", "--format", "json"],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let changes = out.json()["changes"].clone();
    assert_eq!(
        changes,
        json!([{"kind": "data-category", "id": "chat-content", "label": "Chat-Inhalte (Transkripte)", "change": "removed"}])
    );
    let internal = diff(&repo, &["HEAD~1", "HEAD", "--format", "json"]).json();
    assert_eq!(internal["changes"][0]["fields"][0]["path"], "visibility");
}

#[test]
fn bad_revisions_and_folders_outside_git_exit_2() {
    let repo = Repo::example("2025-01-10");
    let out = diff(&repo, &["no-such-tag"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("revision no-such-tag: no such revision"),
        "{}",
        out.stderr
    );
    let outside = repo.outside("plain");
    crate::support::fs::copy_dir(&repo.root().join("registry"), &outside.join("registry"));
    let out = run(&["diff".into(), outside.display().to_string()]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("is not in a git repository"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_broken_end_is_not_compared() {
    let repo = Repo::example("2025-01-10");
    repo.replace(HETZNER, "name: Hetzner\n", "name: [Hetzner\n");
    let out = diff(&repo, &["HEAD"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the registry in the work tree has 1 error(s)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("hetzner.yaml:"), "{}", out.stderr);
}

#[test]
fn help_explains_with_an_example() {
    let out = run(&["diff".into(), "--help".into()]);
    assert_eq!(out.code, Some(0));
    assert!(
        out.stdout
            .contains("\n    ~ Hetzner — Processing sites: + Helsinki (FI)\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("last tag reachable from HEAD"),
        "{}",
        out.stdout
    );
}
