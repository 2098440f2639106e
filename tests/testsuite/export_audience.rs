//! Exports, reports and bundles honour audiences (#18 item 6): `--audience customer`
//! and `--audience public` go through the site's filter, so none of the leak fixture's
//! internal markers (and, for public, none of its customer-only markers) reaches any
//! file, while the default internal export still carries them all. Also: document
//! locations (`dms://…`) of certifications and TIAs are internal by default, the
//! registry version says when the files differ from the commit, and `ropa answer`
//! refuses a registry with check errors, as `build` does.

use crate::support;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;
use support::{fixture, run, text_files as files, Example, Run, AS_OF};

fn ropa(args: &[&str]) -> Run {
    run(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Every member of a zip (an XLSX or a bundle), by name, as text; zips inside it
/// (the bundle's XLSX) are opened too, as `outer/inner`.
fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a valid zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).expect("zip member");
        let name = member.name().expect("member name").to_string();
        let mut content = Vec::new();
        member.read_to_end(&mut content).expect("read zip member");
        if content.starts_with(b"PK\x03\x04") {
            for (inner, text) in unzip(&content) {
                out.insert(format!("{name}/{inner}"), text);
            }
        }
        out.insert(name, String::from_utf8_lossy(&content).into_owned());
    }
    out
}

/// The markers of the leak fixture (as the `leak` module collects them): every run of
/// letters, digits and hyphens that starts with a marker prefix, in any file or name.
fn markers(prefixes: &[&str]) -> Vec<String> {
    let mut out = std::collections::BTreeSet::new();
    for (path, content) in files(&fixture("leak")) {
        let s = format!("{path}\n{content}");
        for prefix in prefixes {
            for (start, _) in s.match_indices(prefix) {
                let token: String = s[start..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                let token = token.trim_end_matches('-');
                if token.len() > 16 {
                    out.insert(token.to_string());
                }
            }
        }
    }
    out.into_iter().collect()
}

const INTERNAL: &[&str] = &["LEAK-NOTES-", "LEAK-INTERNAL-", "leak-internal-"];
const CUSTOMER: &[&str] = &["LEAK-CUSTOMER-", "leak-customer-"];

/// Everything `audience` gets from the leak fixture: JSON, one CSV per kind, XLSX,
/// the report and a bundle, each file by a name that says where it came from.
fn exports(audience: &str, out: &Path) -> BTreeMap<String, String> {
    let dir = fixture("leak");
    let dir = arg(&dir);
    let base = ["--as-of", AS_OF, "--audience", audience];
    // `ropa <args…> --as-of … --audience …`, which must succeed.
    let ok = |args: &[&str]| {
        let r = ropa(&[args, &base[..]].concat());
        r.assert_exit(0);
        r
    };
    let mut all = BTreeMap::new();

    let r = ok(&["export", dir, "--format", "json"]);
    all.insert("export.json".to_string(), r.stdout);

    let csv = out.join(format!("csv-{audience}"));
    ok(&["export", dir, "--format", "csv", "--out", arg(&csv)]);
    for (name, text) in files(&csv) {
        all.insert(format!("csv/{name}"), text);
    }

    let xlsx = out.join(format!("{audience}.xlsx"));
    ok(&["export", dir, "--format", "xlsx", "--out", arg(&xlsx)]);
    for (name, text) in unzip(&std::fs::read(&xlsx).expect("the XLSX")) {
        all.insert(format!("xlsx/{name}"), text);
    }

    let report = out.join(format!("report-{audience}.html"));
    ok(&["report", dir, "--out", arg(&report)]);
    all.insert(
        "report.html".into(),
        std::fs::read_to_string(&report).expect("the report"),
    );

    let bundle = out.join(format!("bundle-{audience}.zip"));
    ok(&["export", dir, "--bundle", arg(&bundle)]);
    for (name, text) in unzip(&std::fs::read(&bundle).expect("the bundle")) {
        all.insert(format!("bundle/{name}"), text);
    }
    all
}

/// `marker: files` for every marker found in any of `outputs`.
fn found(outputs: &BTreeMap<String, String>, markers: &[String]) -> Vec<String> {
    markers
        .iter()
        .filter_map(|m| {
            let hits: Vec<&str> = outputs
                .iter()
                .filter(|(_, text)| text.contains(m.as_str()))
                .map(|(name, _)| name.as_str())
                .collect();
            (!hits.is_empty()).then(|| format!("{m}: {}", hits.join(", ")))
        })
        .collect()
}

#[test]
fn customer_and_public_exports_carry_no_internal_marker() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let internal = markers(INTERNAL);
    let customer = markers(CUSTOMER);
    assert!(
        internal.len() > 20 && customer.len() > 5,
        "the fixture has markers"
    );

    let c = exports("customer", tmp.path());
    let leaks = found(&c, &internal);
    assert!(
        leaks.is_empty(),
        "internal markers in customer exports:\n{}",
        leaks.join("\n")
    );
    // Not an empty export: what customers may see is there.
    assert!(
        !found(&c, &customer).is_empty(),
        "the customer exports show no customer-only marker at all"
    );

    let p = exports("public", tmp.path());
    let leaks = found(&p, &[internal, customer].concat());
    assert!(
        leaks.is_empty(),
        "hidden markers in public exports:\n{}",
        leaks.join("\n")
    );
    assert!(
        p["export.json"].contains("PUBLIC-OK-"),
        "the public JSON is not empty"
    );
}

#[test]
fn the_default_internal_export_keeps_what_the_filter_hides() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let all = exports("internal", tmp.path());
    // The fields the customer filter takes out, each in the formats that carry it.
    let expect = [
        ("export.json", "LEAK-NOTES-SUBPROCESSOR-PUBHOST"),
        ("export.json", "LEAK-NOTES-TOM-TLS"),
        (
            "export.json",
            "LEAK-INTERNAL-DEFAULT-SUBPROCESSOR-PUBHOST-CERT-EVIDENCE",
        ),
        ("csv/toms.csv", "LEAK-INTERNAL-FIELD-TOM-TLS-EVIDENCE"),
        (
            "xlsx/xl/sharedStrings.xml",
            "LEAK-INTERNAL-FIELD-TOM-TLS-EVIDENCE",
        ),
        ("report.html", "LEAK-INTERNAL-FIELD-ACTIVITY-PUB-OWNER"),
        ("report.html", "leak-internal-activity-main"),
        ("bundle/export.json", "LEAK-NOTES-TOM-TLS"),
    ];
    for (file, marker) in expect {
        let text = all
            .get(file)
            .unwrap_or_else(|| panic!("no {file} among {:?}", all.keys()));
        assert!(text.contains(marker), "the internal {file} lacks {marker}");
    }
    // And the default is internal: no --audience gives the same JSON.
    let r = ropa(&[
        "export",
        arg(&fixture("leak")),
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ]);
    r.assert_exit(0);
    assert_eq!(
        r.stdout, all["export.json"],
        "the default audience is internal"
    );
}

#[test]
fn every_file_names_its_audience_and_the_bundle_still_verifies() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let all = exports("customer", tmp.path());
    let json: serde_json::Value = serde_json::from_str(&all["export.json"]).expect("JSON");
    assert_eq!(json["audience"], "customer", "the JSON says its audience");
    assert!(
        all["xlsx/docProps/core.xml"].contains("audience: customer"),
        "the XLSX properties say the audience:\n{}",
        all["xlsx/docProps/core.xml"]
    );
    assert!(
        all["report.html"].contains("customers (without internal fields and records)")
            || all["report.html"].contains("Kunden (ohne interne Felder und Einträge)"),
        "the report's cover says the audience"
    );
    // Every CSV ends with an audience column, filled on every row.
    for (name, text) in all.iter().filter(|(n, _)| n.starts_with("csv/")) {
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader.headers().expect("CSV header").clone();
        let last = headers.len() - 1;
        assert!(
            ["Zielgruppe", "Audience"].contains(&&headers[last]),
            "{name}: the last column names the audience: {headers:?}"
        );
        let rows: Vec<_> = reader.records().map(|r| r.expect("CSV row")).collect();
        assert!(!rows.is_empty(), "{name} has rows");
        for row in rows {
            assert_eq!(&row[last], "customer", "{name}: {row:?}");
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&all["bundle/manifest.json"]).expect("manifest JSON");
    assert_eq!(
        manifest["audience"], "customer",
        "the manifest says the audience"
    );
    let bundle = tmp.path().join("bundle-customer.zip");
    let r = ropa(&["verify", arg(&bundle)]);
    r.assert_exit(0);
    assert!(
        r.stdout.contains("audience customer"),
        "verify names it:\n{}",
        r.stdout
    );
}

#[test]
fn help_says_the_default_is_internal_and_what_the_others_leave_out() {
    for cmd in ["export", "report"] {
        let r = ropa(&[cmd, "--help"]);
        r.assert_exit(0);
        let help = r.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in [
            "--audience",
            "for auditors: everything, including internal notes",
            "[default: internal]",
            "`customer` leaves out what is internal",
        ] {
            assert!(
                help.contains(needle),
                "`ropa {cmd} --help` lacks `{needle}`:\n{help}"
            );
        }
    }
}

#[test]
fn document_locations_of_certifications_and_tias_are_internal_by_default() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = support::example_root();
    let site = |audience: &str| {
        let out = tmp.path().join(audience);
        support::build(&root, audience, &out);
        files(&out)
    };
    let with_dms = |site: &BTreeMap<String, String>| -> Vec<String> {
        site.iter()
            .filter(|(_, t)| t.contains("dms://"))
            .map(|(p, _)| p.clone())
            .collect()
    };
    for audience in ["public", "customer"] {
        let pages = with_dms(&site(audience));
        assert!(
            pages.is_empty(),
            "the {audience} site shows `dms://` paths in {pages:?}"
        );
    }
    let internal = site("internal");
    for path in [
        "dms://lieferanten/hetzner/pruefberichte/",
        "dms://datenschutz/tia/2024-04-02-meta-whatsapp.pdf",
    ] {
        assert!(
            internal.values().any(|t| t.contains(path)),
            "the internal wiki still shows {path}"
        );
    }
}

/// The "Registry version" the English report of `dir` states.
fn report_version(dir: &Path) -> String {
    let r = ropa(&["report", arg(dir), "--lang", "en", "--as-of", AS_OF]);
    r.assert_exit(0);
    let at = r
        .stdout
        .find("Registry version")
        .expect("the cover names the version");
    let rest = &r.stdout[at..];
    let rest = &rest[..rest.len().min(600)];
    rest.to_string()
}

#[test]
fn the_registry_version_says_when_files_differ_from_the_commit() {
    let ex = Example::new();
    // A folder outside any repository: no commit to name.
    let outside = Command::new(support::ropa_bin())
        .args(["report", arg(ex.root()), "--lang", "en", "--as-of", AS_OF])
        .env(
            "GIT_CEILING_DIRECTORIES",
            ex.root().parent().expect("parent"),
        )
        .output()
        .expect("run ropa");
    assert!(outside.status.success());
    assert!(String::from_utf8_lossy(&outside.stdout).contains("not under version control"));

    support::git(ex.root(), &["init", "-q"]);
    support::git(ex.root(), &["add", "-A"]);
    support::git(ex.root(), &["commit", "-q", "-m", "registry"]);
    let head = String::from_utf8(
        Command::new("git")
            .arg("-C")
            .arg(ex.root())
            .args(["rev-parse", "HEAD"])
            .output()
            .expect("git rev-parse")
            .stdout,
    )
    .expect("UTF-8")
    .trim()
    .to_string();

    let clean = report_version(ex.root());
    assert!(
        clean.contains(&head),
        "the clean registry names {head}:\n{clean}"
    );
    assert!(!clean.contains("uncommitted"), "clean, yet:\n{clean}");

    // A modified file.
    ex.replace(
        "registry/organization.yaml",
        "\nid: beispiel-chat\n",
        "\n# edited\nid: beispiel-chat\n",
    );
    let modified = report_version(ex.root());
    assert!(
        modified.contains(&format!("{head} + uncommitted changes")),
        "a modified registry says so:\n{modified}"
    );

    // Committed again, then an untracked file.
    support::git(ex.root(), &["commit", "-q", "-am", "edit"]);
    assert!(!report_version(ex.root()).contains("uncommitted"));
    // (untracked: in the folder, unknown to git, as after `git rm --cached`)
    support::git(
        ex.root(),
        &["rm", "-q", "--cached", "registry/organization.yaml"],
    );
    let untracked = report_version(ex.root());
    assert!(
        untracked.contains("+ uncommitted changes"),
        "an untracked file counts:\n{untracked}"
    );

    // A site built into the registry folder is output, not a change of the registry.
    support::git(ex.root(), &["add", "registry/organization.yaml"]);
    std::fs::create_dir_all(ex.path("site")).expect("mkdir");
    std::fs::write(ex.path("site/index.html"), "x").expect("write");
    assert!(!report_version(ex.root()).contains("uncommitted"));
}

#[test]
fn answer_refuses_a_registry_with_check_errors() {
    let ex = Example::new();
    // Meta is in the US: without its transfer record, `check` reports a missing
    // Art. 44 transfer, an error of the checks (not of loading).
    ex.remove("registry/transfers/meta-us.yaml");
    let c = ex.check_text(&[]);
    assert_eq!(c.code, Some(1), "check fails:\n{}", c.stderr);
    let r = ropa(&["answer", arg(ex.root()), "--plan", "business"]);
    assert_eq!(
        r.code,
        Some(1),
        "answer refuses:\n{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(r.stdout.is_empty(), "no answer printed:\n{}", r.stdout);
    assert!(
        r.stderr.contains("gdpr-art44-no-transfer")
            && r.stderr
                .contains("error(s) in the registry; run `ropa check`"),
        "says why:\n{}",
        r.stderr
    );
}

#[test]
fn a_record_may_show_a_document_location_by_naming_it() {
    let ex = Example::new();
    ex.replace(
        "registry/transfers/aws-cdn-global.yaml",
        "field_visibility:\n  tia: customer\n",
        "field_visibility:\n  tia: customer\n  tia.document: customer\n",
    );
    let c = ex.check_text(&[]);
    c.assert_exit(0);
    assert!(
        !c.stderr.contains("unknown-field"),
        "the name is known:\n{}",
        c.stderr
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let build = |audience: &str| {
        let out = tmp.path().join(audience);
        support::build(ex.root(), audience, &out);
        files(&out)
    };
    let doc = "dms://datenschutz/tia/2025-02-20-aws-cloudfront.pdf";
    assert!(
        build("customer").values().any(|t| t.contains(doc)),
        "`tia.document: customer` shows it to customers"
    );
    assert!(
        !build("public").values().any(|t| t.contains(doc)),
        "but not to the public"
    );
}
