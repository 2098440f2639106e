//! `ropa check` on a copy of the example registry with one problem put in: each test
//! edits one file (or adds one), runs the real binary with `--format json`, and checks
//! the exit code, the diagnostic's code, its file and its line. Lines are computed
//! from the edited text, never written down as numbers.

use crate::support;

use serde_json::Value;
use support::{check_dir, line_of, line_of_after, Example};

const HETZNER: &str = "registry/subprocessors/hetzner.yaml";
const HETZNER_AVV: &str = "registry/contracts/hetzner-avv.yaml";
const AWS_CLOUDFRONT: &str = "registry/subprocessors/aws-cloudfront.yaml";
const AWS_TRANSFER: &str = "registry/transfers/aws-cdn-global.yaml";
/// A controller activity (Art. 30(1)).
const BILLING: &str = "registry/activities/billing.yaml";
/// A processor activity (Art. 30(2)).
const CHAT_SERVICE: &str = "registry/activities/chat-service.yaml";
const BREACH_PROCESS: &str = "processes/breach-notification.md";

fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap_or_default()
}

fn hint(d: &Value) -> &str {
    d["hint"].as_str().unwrap_or_default()
}

/// How many of `diagnostics` have `code`.
fn count(diagnostics: &[Value], code: &str) -> usize {
    diagnostics.iter().filter(|d| d["code"] == code).count()
}

// 1 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn example_registry_is_clean() {
    let ex = Example::new();
    let run = ex.check(&[]);
    run.assert_exit(0);
    assert_eq!(run.errors(), 0, "errors in the example:\n{}", run.summary());
    let errors: Vec<Value> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(
        errors.is_empty(),
        "errors in the example:\n{}",
        run.summary()
    );
    // Every record kind and the processes are there, so the other tests exercise
    // a complete registry.
    for folder in [
        "registry/subprocessors",
        "registry/contracts",
        "registry/transfers",
        "registry/data-categories",
        "registry/data-subjects",
        "registry/activities",
        "registry/retention",
        "processes",
    ] {
        assert!(
            !ex.files(folder).is_empty(),
            "the example has no files in {folder}"
        );
    }
}

// 2 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn yaml_syntax_error_is_reported_at_its_line() {
    let ex = Example::new();
    // A value with an unquoted `: ` in it.
    let text = ex.replace(HETZNER, "\nname: Hetzner\n", "\nname: Hetzner: Online\n");
    let line = line_of(&text, "name: Hetzner: Online");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect("yaml-syntax", HETZNER, line);
    assert_eq!(d["severity"], "error");
    assert!(!hint(&d).is_empty(), "a syntax error has a hint: {d}");
}

#[test]
fn yaml_bad_indentation_is_reported_at_its_line() {
    let ex = Example::new();
    // The second key of the address is indented deeper than the first.
    let text = ex.replace(
        HETZNER,
        "\n  city: Gunzenhausen\n",
        "\n    city: Gunzenhausen\n",
    );
    let line = line_of(&text, "    city: Gunzenhausen");
    let run = ex.check(&[]);
    run.assert_exit(1);
    run.expect("yaml-syntax", HETZNER, line);
}

#[test]
fn yaml_unclosed_bracket_is_reported() {
    let ex = Example::new();
    let text = ex.set_top_level(HETZNER, "contracts", "contracts: [hetzner-avv");
    let opened = line_of(&text, "contracts: [hetzner-avv");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect_in("yaml-syntax", HETZNER);
    // A flow list may run over several lines, so the parser finds the missing `]`
    // where the next key starts: on the line after the `[` at the latest.
    let at = d["line"].as_u64().expect("line") as usize;
    assert!(
        at == opened || at == opened + 1,
        "unclosed `[` on line {opened} reported on line {at}"
    );
}

// 3 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn unknown_field_suggests_the_right_name() {
    let ex = Example::new();
    let text = ex.replace(HETZNER, "\naddress:\n", "\nadress:\n");
    let line = line_of(&text, "\nadress:") + 1;
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect("unknown-field", HETZNER, line);
    assert_eq!(d["column"], 1);
    assert!(message(&d).contains("adress"), "{d}");
    assert!(
        hint(&d).contains("did you mean `address`"),
        "hint should suggest `address`: {d}"
    );
}

// 4 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn wrong_types_are_reported_at_the_value() {
    let ex = Example::new();
    ex.replace(
        HETZNER,
        "\nstatus: active\n",
        "\nprocesses_personal_data: maybe\nstatus: active\n",
    );
    let text = ex.replace(HETZNER, "\nname: Hetzner\n", "\nname: [Hetzner, Online]\n");
    let run = ex.check(&[]);
    run.assert_exit(1);

    let d = run.expect(
        "wrong-type",
        HETZNER,
        line_of(&text, "processes_personal_data: maybe"),
    );
    assert!(message(&d).contains("maybe"), "{d}");
    // The column points at the value, not the key.
    assert_eq!(d["column"], "processes_personal_data: ".len() as u64 + 1);

    let d = run.expect("wrong-type", HETZNER, line_of(&text, "name: [Hetzner"));
    assert!(message(&d).contains("list"), "{d}");
}

// 5 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn missing_required_field_is_named() {
    let ex = Example::new();
    let text = ex.replace(HETZNER, "legal_name: Hetzner Online GmbH\n", "");
    let run = ex.check(&[]);
    run.assert_exit(1);
    // Missing fields are reported at the start of the record that lacks them.
    let d = run.expect("missing-field", HETZNER, line_of(&text, "id: hetzner"));
    assert!(message(&d).contains("`legal_name`"), "{d}");
}

// 6 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn duplicate_id_names_both_files() {
    let ex = Example::new();
    let copy = "registry/subprocessors/hetzner-2.yaml";
    let original = ex.read(HETZNER);
    let text = original.replace("\nname: Hetzner\n", "\nname: Hetzner (again)\n");
    ex.write(copy, &text);
    let run = ex.check(&[]);
    run.assert_exit(1);
    let found: Vec<Value> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d["code"] == "duplicate-id")
        .collect();
    assert_eq!(found.len(), 1, "one duplicate:\n{}", run.summary());
    let d = &found[0];
    let id_line = line_of(&text, "id: hetzner");
    assert_eq!(d["line"], id_line, "{d}");
    assert!(message(d).contains("hetzner"), "{d}");
    // The diagnostic is in one file; its message or a related place names the other.
    let mut named: Vec<String> = vec![d["file"].as_str().unwrap_or_default().to_string()];
    for r in d["related"].as_array().into_iter().flatten() {
        named.push(r["file"].as_str().unwrap_or_default().to_string());
        assert_eq!(r["line"], id_line, "related place is the other id: {d}");
    }
    for file in [HETZNER, copy] {
        assert!(
            named.iter().any(|n| n == file) || message(d).contains(file),
            "{file} is not named by {d}"
        );
    }
    assert!(
        d["related"].as_array().is_some_and(|r| !r.is_empty()),
        "a duplicate points at the first use: {d}"
    );
}

// 7 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn dangling_reference_points_at_the_reference() {
    let ex = Example::new();
    let text = ex.replace(
        BILLING,
        "data_categories:\n  - billing-data\n",
        "data_categories:\n  - billing-dta\n",
    );
    let line = line_of(&text, "  - billing-dta");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect("dangling-reference", BILLING, line);
    assert_eq!(d["column"], 5, "{d}");
    assert!(message(&d).contains("billing-dta"), "{d}");
    assert!(
        hint(&d).contains("billing-data"),
        "hint suggests the id: {d}"
    );
}

// 8 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn invalid_dates_are_reported() {
    let ex = Example::new();
    // 30 February does not exist; month 13 does not either.
    let sub = ex.replace(HETZNER, "\nsince: 2016-03-01\n", "\nsince: 2026-02-30\n");
    let contract = ex.replace(
        HETZNER_AVV,
        "\nreview_by: 2027-01-31\n",
        "\nreview_by: 2026-13-01\n",
    );
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect("invalid-date", HETZNER, line_of(&sub, "since: 2026-02-30"));
    assert!(message(&d).contains("2026-02-30"), "{d}");
    let d = run.expect(
        "invalid-date",
        HETZNER_AVV,
        line_of(&contract, "review_by: 2026-13-01"),
    );
    assert!(message(&d).contains("2026-13-01"), "{d}");
}

#[test]
fn invalid_durations_are_reported() {
    let ex = Example::new();
    // In a YAML record…
    let sub = ex.replace(HETZNER, "\n  interval: P1Y\n", "\n  interval: 24 hours\n");
    let interval = line_of(&sub, "  interval: 24 hours");
    // …and in the front matter of a process description.
    let process = ex.replace(
        BREACH_PROCESS,
        "\ndeadline: PT72H\n",
        "\ndeadline: 72 hours\n",
    );
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect("invalid-duration", HETZNER, interval);
    assert!(message(&d).contains("24 hours"), "{d}");
    assert!(
        message(&d).contains("PT24H"),
        "the message shows the ISO form: {d}"
    );
    let d = run.expect(
        "invalid-duration",
        BREACH_PROCESS,
        line_of(&process, "deadline: 72 hours"),
    );
    assert!(message(&d).contains("72 hours"), "{d}");
}

// 9 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn gdpr_art28_unsigned_avv() {
    let ex = Example::new();
    ex.replace(HETZNER_AVV, "signed: 2023-04-18\n", "");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let sub = ex.read(HETZNER);
    let d = run.expect("gdpr-art28-no-avv", HETZNER, line_of(&sub, "id: hetzner"));
    assert!(message(&d).contains("Art. 28"), "{d}");
    assert!(
        message(&d).contains("hetzner-avv"),
        "names the contract: {d}"
    );
    let related = d["related"].as_array().cloned().unwrap_or_default();
    let contract = ex.read(HETZNER_AVV);
    assert!(
        related
            .iter()
            .any(|r| r["file"] == HETZNER_AVV && r["line"] == line_of(&contract, "id: hetzner-avv")),
        "points at the unsigned contract: {d}"
    );
}

#[test]
fn gdpr_art28_no_avv_at_all() {
    let ex = Example::new();
    ex.remove(HETZNER_AVV);
    let text = ex.set_top_level(HETZNER, "contracts", "contracts: []");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect("gdpr-art28-no-avv", HETZNER, line_of(&text, "id: hetzner"));
    assert!(message(&d).contains("Art. 28"), "{d}");
}

/// Removes the record file of a transfer and every list item that names it; a list
/// left without items becomes `[]`.
fn remove_transfer(ex: &Example, file: &str, id: &str) {
    ex.remove(file);
    let item = format!("  - {id}\n");
    for f in ex.files("registry") {
        let text = ex.read(&f);
        if !text.contains(&item) {
            continue;
        }
        let text = text.replace(&item, "");
        let lines: Vec<&str> = text.lines().collect();
        let indent = |l: &str| l.len() - l.trim_start().len();
        let mut out = String::new();
        for (i, l) in lines.iter().enumerate() {
            out.push_str(l);
            let opens_block = l.trim_end().ends_with(':') && !l.trim_start().starts_with('#');
            let next_is_inside = lines
                .get(i + 1)
                .is_some_and(|n| indent(n) > indent(l) || n.trim_start().starts_with("- "));
            if opens_block && !next_is_inside {
                out.push_str(" []");
            }
            out.push('\n');
        }
        ex.write(&f, out);
    }
}

#[test]
fn gdpr_art44_global_edge_without_transfer() {
    let ex = Example::new();
    let sub = ex.read(AWS_CLOUDFRONT);
    assert!(
        sub.contains("global_edge: true"),
        "the CDN has a global edge site"
    );
    remove_transfer(&ex, AWS_TRANSFER, "aws-cdn-global");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let sub = ex.read(AWS_CLOUDFRONT);
    // Reported at the site that needs the transfer.
    let d = run.expect(
        "gdpr-art44-no-transfer",
        AWS_CLOUDFRONT,
        line_of(&sub, "  - global_edge: true"),
    );
    assert!(message(&d).contains("Art. 44"), "{d}");
    assert!(message(&d).contains("global edge"), "{d}");
}

#[test]
fn gdpr_art44_us_site_without_transfer() {
    let ex = Example::new();
    // Hetzner's first data centre moves to the US; Hetzner has no transfer record.
    let text = ex.replace(
        HETZNER,
        "  - city: Falkenstein\n    country: DE\n",
        "  - city: Ashburn\n    country: US\n",
    );
    let run = ex.check(&[]);
    run.assert_exit(1);
    // Reported at the site that needs the transfer.
    let d = run.expect(
        "gdpr-art44-no-transfer",
        HETZNER,
        line_of(&text, "  - city: Ashburn"),
    );
    assert!(message(&d).contains("Art. 44"), "{d}");
    assert!(message(&d).contains("Ashburn"), "names the site: {d}");
}

#[test]
fn gdpr_art30_1f_data_category_without_retention() {
    let ex = Example::new();
    let text = ex.replace(BILLING, "retention:\n  - invoices\n", "retention:\n");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let cats = line_of(&text, "\ndata_categories:\n") + 1;
    let line = line_of_after(&text, cats, "  - billing-data");
    let d = run.expect("gdpr-art30-1f-no-retention", BILLING, line);
    assert!(message(&d).contains("Art. 30(1)(f)"), "{d}");
    assert!(message(&d).contains("billing-data"), "{d}");
    assert!(
        hint(&d).contains("invoices"),
        "hint names the rule that covers it: {d}"
    );
    // `accounting-records` still has its rule.
    assert!(
        !run.find("gdpr-art30-1f-no-retention", BILLING)
            .iter()
            .any(|d| message(d).contains("`accounting-records`")),
        "{}",
        run.summary()
    );
}

#[test]
fn gdpr_art30_1b_controller_activity_without_purpose() {
    let ex = Example::new();
    let text = ex.set_top_level(BILLING, "purposes", "purposes: []");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect(
        "gdpr-art30-1b-no-purpose",
        BILLING,
        line_of(&text, "id: billing"),
    );
    assert!(message(&d).contains("Art. 30(1)(b)"), "{d}");
}

#[test]
fn gdpr_art6_controller_activity_without_legal_basis() {
    let ex = Example::new();
    let text = ex.set_top_level(BILLING, "legal_basis", "legal_basis: []");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect(
        "gdpr-art6-no-legal-basis",
        BILLING,
        line_of(&text, "id: billing"),
    );
    assert!(message(&d).contains("Art. 6"), "{d}");
}

#[test]
fn gdpr_art30_2a_processor_activity_without_controllers() {
    let ex = Example::new();
    let text = ex.set_top_level(CHAT_SERVICE, "controllers", "controllers: []");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect(
        "gdpr-art30-2a-no-controllers",
        CHAT_SERVICE,
        line_of(&text, "id: chat-service"),
    );
    assert!(message(&d).contains("Art. 30(2)(a)"), "{d}");
}

#[test]
fn gdpr_art30_2b_processor_activity_without_categories() {
    let ex = Example::new();
    let text = ex.set_top_level(
        CHAT_SERVICE,
        "processing_categories",
        "processing_categories: []",
    );
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect(
        "gdpr-art30-2b-no-categories",
        CHAT_SERVICE,
        line_of(&text, "id: chat-service"),
    );
    assert!(message(&d).contains("Art. 30(2)(b)"), "{d}");
}

const META_TRANSFER: &str = "registry/transfers/meta-us.yaml";

#[test]
fn gdpr_art45_adequacy_claimed_without_a_decision() {
    let ex = Example::new();
    // The US has no general adequacy decision (only the DPF for certified companies).
    let text = ex.set_top_level(META_TRANSFER, "mechanisms", "mechanisms:\n  - adequacy");
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect(
        "gdpr-art45-not-adequate",
        META_TRANSFER,
        line_of(&text, "  - adequacy"),
    );
    assert!(message(&d).contains("Art. 45"), "{d}");
    assert!(message(&d).contains("US"), "names the country: {d}");
}

/// Two mechanisms that each fail to cover a country do not cover it together.
#[test]
fn gdpr_art45_no_mechanism_covers_the_country() {
    let ex = Example::new();
    ex.replace(META_TRANSFER, "\ncountries: [US]\n", "\ncountries: [IN]\n");
    ex.set_top_level(
        META_TRANSFER,
        "mechanisms",
        "mechanisms:\n  - adequacy\n  - eu-us-dpf",
    );
    let run = ex.check(&[]);
    run.assert_exit(1);
    let found = run.find("gdpr-art45-not-adequate", META_TRANSFER);
    assert!(
        found.iter().any(|d| message(d).contains("IN")),
        "neither adequacy nor the DPF covers India, yet:\n{}",
        run.summary()
    );
}

// 10 ─────────────────────────────────────────────────────────────────────────────

/// A file path as its components, so that `a/b` sorts before `a-b/c` as files do.
fn path_key(d: &Value) -> (Vec<String>, u64, u64) {
    let file = d["file"].as_str().unwrap_or_default();
    (
        file.split('/').map(str::to_string).collect(),
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
    )
}

#[test]
fn several_problems_in_several_files_are_all_reported_in_order() {
    let ex = Example::new();
    // Written in reverse file order, two of them in one file.
    ex.replace(HETZNER, "\naddress:\n", "\nadress:\n");
    let sub_name = ex.replace(HETZNER, "\nname: Hetzner\n", "\nname: [Hetzner]\n");
    let contract = ex.replace(
        HETZNER_AVV,
        "\nreview_by: 2027-01-31\n",
        "\nreview_by: 2027-02-31\n",
    );
    let activity = ex.replace(
        BILLING,
        "data_categories:\n  - billing-data\n",
        "data_categories:\n  - billing-dta\n",
    );
    let run = ex.check(&[]);
    run.assert_exit(1);

    let expected = [
        (
            "dangling-reference",
            BILLING,
            line_of(&activity, "  - billing-dta"),
        ),
        (
            "invalid-date",
            HETZNER_AVV,
            line_of(&contract, "review_by: 2027-02-31"),
        ),
        ("wrong-type", HETZNER, line_of(&sub_name, "name: [Hetzner]")),
        (
            "unknown-field",
            HETZNER,
            line_of(&sub_name, "\nadress:") + 1,
        ),
    ];
    let diags = run.diagnostics();
    let mut positions = Vec::new();
    for (code, file, line) in expected {
        run.expect(code, file, line);
        positions.push(
            diags
                .iter()
                .position(|d| d["code"] == code && d["file"] == file && d["line"] == line)
                .expect("found"),
        );
    }
    assert!(run.errors() >= 4, "{}", run.summary());
    assert_eq!(
        run.json()["errors"].as_u64().unwrap(),
        diags.iter().filter(|d| d["severity"] == "error").count() as u64,
        "the error count matches the list"
    );
    // The whole list is in file, line, column order…
    for pair in diags.windows(2) {
        assert!(
            path_key(&pair[0]) <= path_key(&pair[1]),
            "out of order:\n  {}\n  {}\nall:\n{}",
            support::describe(&pair[0]),
            support::describe(&pair[1]),
            run.summary()
        );
    }
    // …so the four problems come in this order: activities, contracts, subprocessors
    // (name on an earlier line than address).
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "problems not in file-then-line order:\n{}",
        run.summary()
    );
}

// 11 ─────────────────────────────────────────────────────────────────────────────

#[test]
fn deny_warnings_turns_a_missing_translation_into_failure() {
    let ex = Example::new();
    let baseline = ex.check(&["--deny-warnings"]);
    let clean = baseline.warnings() == 0;

    // Take the English out of the first purpose of the billing activity.
    let text = ex.read(BILLING);
    let purposes = line_of(&text, "\npurposes:\n") + 1;
    let de = line_of_after(&text, purposes, "  - de: ");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[de].trim_start().starts_with("en:"),
        "the line after `- de:` is its English: {}",
        lines[de]
    );
    let edited: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != de)
        .map(|(_, l)| *l)
        .collect();
    ex.write(BILLING, edited.join("\n") + "\n");

    let run = ex.check(&[]);
    run.assert_exit(0);
    assert_eq!(run.errors(), 0, "{}", run.summary());
    let d = run.expect("missing-translation", BILLING, de);
    assert_eq!(d["severity"], "warning");
    assert!(message(&d).contains("en"), "{d}");

    let denied = ex.check(&["--deny-warnings"]);
    denied.assert_exit(1);
    assert_eq!(denied.errors(), 0, "{}", denied.summary());
    denied.expect("missing-translation", BILLING, de);

    // Without warnings of its own, the example passes even with the flag.
    if clean {
        baseline.assert_exit(0);
    }
}

// 12 ─────────────────────────────────────────────────────────────────────────────

#[test]
fn exit_2_without_a_registry() {
    let dir = tempfile::tempdir().expect("temp dir");
    for format in ["text", "json"] {
        let run = check_dir(dir.path(), &["--format", format]);
        run.assert_exit(2);
        assert!(
            run.stderr.contains("registry"),
            "stderr explains what is missing: {}",
            run.stderr
        );
        assert!(
            run.stderr.trim_start().starts_with("error"),
            "stderr: {}",
            run.stderr
        );
    }
    // A folder that does not exist at all.
    let missing = dir.path().join("nowhere");
    let run = check_dir(&missing, &[]);
    run.assert_exit(2);
    assert!(!run.stderr.trim().is_empty(), "a message on stderr");
}

// 13 ─────────────────────────────────────────────────────────────────────────────

#[test]
fn text_output_shows_code_place_and_hint() {
    let ex = Example::new();
    let text = ex.replace(HETZNER, "\naddress:\n", "\nadress:\n");
    let line = line_of(&text, "\nadress:") + 1;
    let run = ex.check_text(&[]);
    run.assert_exit(1);
    assert!(
        run.stdout.trim().is_empty(),
        "text goes to stderr: {}",
        run.stdout
    );
    let err = &run.stderr;
    assert!(err.contains("error[unknown-field]"), "{err}");
    let place = format!("{HETZNER}:{line}:1");
    assert!(err.contains(&place), "expected `{place}` in:\n{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(err.contains("did you mean `address`"), "{err}");
    // The snippet shows the offending line.
    assert!(err.contains("adress:"), "{err}");
}

// A broken file must not drown its one error in follow-up errors ──────────────────

/// A record whose file cannot be parsed still exists: references to it are not
/// dangling (the registry keeps such ids in `unreadable` for exactly this reason).
#[test]
fn syntax_error_does_not_cascade_into_dangling_references() {
    let ex = Example::new();
    let text = ex.replace(HETZNER, "\nname: Hetzner\n", "\nname: Hetzner: Online\n");
    let run = ex.check(&[]);
    run.assert_exit(1);
    run.expect(
        "yaml-syntax",
        HETZNER,
        line_of(&text, "name: Hetzner: Online"),
    );
    let follow_ups: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "dangling-reference" && message(d).contains("`hetzner`"))
        .map(support::describe)
        .collect();
    assert!(
        follow_ups.is_empty(),
        "{} follow-up errors for the one syntax error in {HETZNER}:\n{}",
        follow_ups.len(),
        follow_ups.join("\n")
    );
}

/// A syntax error in organization.yaml is one error: it does not turn every `*.en.md`
/// translation into a second process with the same id, nor every reference to the
/// organisation into a dangling one.
#[test]
fn broken_organization_does_not_cascade() {
    let ex = Example::new();
    let org = "registry/organization.yaml";
    let text = ex.read(org);
    let legal = text
        .lines()
        .find(|l| l.starts_with("legal_name: "))
        .expect("organization.yaml has `legal_name:`")
        .to_string();
    let broken = format!("{legal}: GmbH");
    let text = ex.replace(org, &format!("{legal}\n"), &format!("{broken}\n"));
    let run = ex.check(&[]);
    run.assert_exit(1);
    run.expect("yaml-syntax", org, line_of(&text, &broken));
    let elsewhere: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["severity"] == "error" && d["file"] != org)
        .map(support::describe)
        .collect();
    assert!(
        elsewhere.is_empty(),
        "{} follow-up errors outside {org}:\n{}",
        elsewhere.len(),
        elsewhere.join("\n")
    );
}

/// `field_visibility` is checked record by record: a field the record does not have is
/// a warning at its entry; hiding a required field from an audience that may see the
/// record (which would drop the whole record from that site) is an error at its entry.
#[test]
fn field_visibility_names_missing_and_required_fields() {
    let ex = Example::new();
    let text = ex.replace(
        HETZNER,
        "\nfield_visibility:\n",
        "\nfield_visibility:\n  adress: internal\n  legal_name: internal\n",
    );
    let run = ex.check(&[]);
    run.assert_exit(1);
    let d = run.expect(
        "unknown-field",
        HETZNER,
        line_of(&text, "  adress: internal"),
    );
    assert_eq!(d["severity"], "warning", "{d}");
    assert_eq!(d["column"], 3, "{d}");
    assert!(message(&d).contains("`adress`"), "{d}");
    let d = run.expect(
        "hidden-required-field",
        HETZNER,
        line_of(&text, "  legal_name: internal"),
    );
    assert!(message(&d).contains("`legal_name` is required"), "{d}");
    assert!(message(&d).contains("subprocessor `hetzner`"), "{d}");
    assert!(hint(&d).contains("visibility: internal"), "{d}");
    // Each record that hides a required field is named, not only the first; hiding
    // an optional field (Hetzner's `review`) is no problem.
    assert_eq!(
        count(&run.diagnostics(), "hidden-required-field"),
        1,
        "one record hides a required field"
    );
    let text = ex.replace(
        AWS_CLOUDFRONT,
        "\nfield_visibility:\n",
        "\nfield_visibility:\n  legal_name: customer\n",
    );
    let run = ex.check(&[]);
    let d = run.expect(
        "hidden-required-field",
        AWS_CLOUDFRONT,
        line_of(&text, "  legal_name: customer"),
    );
    assert!(message(&d).contains("subprocessor `aws-cloudfront`"), "{d}");
    assert!(hint(&d).contains("visibility: customer"), "{d}");
    assert_eq!(
        count(&run.diagnostics(), "hidden-required-field"),
        2,
        "both records that hide `legal_name` are named"
    );
}
