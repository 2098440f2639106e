//! Snapshots (insta) of what a reader sees: the text of `ropa check` on registries
//! broken in distinct ways, and pages of the example's built sites (a record page of
//! every kind, a process, the indexes, the trust home for public and customer, the
//! head of the Art. 30 report). The snapshots live in `snapshots/` and are committed.
//!
//! Everything runs as of [`AS_OF`], and the temporary folders are replaced by
//! `[ROOT]`, so a snapshot changes only when the output does. A mismatch fails the
//! test; `./test.sh` and CI run with `INSTA_UPDATE=no`, which also fails on a missing
//! snapshot instead of writing one. To accept a wanted change: `cargo insta review`,
//! or run with `INSTA_UPDATE=always` once and review the diff of `snapshots/`.

use crate::support::{self, Example, AS_OF};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

const HETZNER: &str = "registry/subprocessors/hetzner.yaml";
const HETZNER_AVV: &str = "registry/contracts/hetzner-avv.yaml";
const BILLING: &str = "registry/activities/billing.yaml";
const STAFF_TRAINING: &str = "processes/staff-training.md";
const BREACH: &str = "processes/breach-notification.md";

/// `text` with every spelling of the folder `root` replaced by `[ROOT]`.
fn normalise(text: &str, root: &Path) -> String {
    let mut out = text.to_string();
    let mut spellings = vec![root.display().to_string()];
    if let Ok(real) = root.canonicalize() {
        spellings.push(real.display().to_string());
    }
    // The longest first, so that a prefix does not leave half a path behind.
    spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for s in spellings {
        out = out.replace(&s, "[ROOT]");
    }
    out
}

/// What `ropa check` (text output) printed for `ex`, with its exit code.
fn check_text(ex: &Example) -> String {
    let run = ex.check_text(&[]);
    run.assert_no_crash("ropa check");
    normalise(
        &format!(
            "exit code: {:?}\n--- stdout\n{}--- stderr\n{}",
            run.code, run.stdout, run.stderr
        ),
        ex.root(),
    )
}

/// Snapshots the check output of a copy of the example changed by `edit`.
fn diagnostics_after(name: &str, edit: impl FnOnce(&Example)) {
    let ex = Example::new();
    edit(&ex);
    insta::assert_snapshot!(name, check_text(&ex));
}

/// Snapshots the check output of a copy of the example in which each `(file, from,
/// to)` replaces the one `from` of `file` by `to`.
fn diagnostics(name: &str, edits: &[(&str, &str, &str)]) {
    diagnostics_after(name, |ex| {
        for (file, from, to) in edits {
            ex.replace(file, from, to);
        }
    });
}

/// A test `$name` that snapshots the check output after the edits `$edits` (see
/// [`diagnostics`]); the snapshot is named after the test.
macro_rules! diagnostics_test {
    ($name:ident, $edits:expr) => {
        #[test]
        fn $name() {
            diagnostics(stringify!($name), &$edits);
        }
    };
}

diagnostics_test!(
    check_yaml_syntax_error,
    [(HETZNER, "\nname: Hetzner\n", "\nname: Hetzner: Online\n")]
);
diagnostics_test!(
    check_unknown_field,
    [(HETZNER, "\naddress:\n", "\nadress:\n")]
);
diagnostics_test!(
    check_wrong_types,
    [
        (
            HETZNER,
            "\nstatus: active\n",
            "\nprocesses_personal_data: maybe\nstatus: active\n"
        ),
        (HETZNER, "\nname: Hetzner\n", "\nname: [Hetzner, Online]\n"),
    ]
);
diagnostics_test!(
    check_missing_field,
    [(HETZNER, "legal_name: Hetzner Online GmbH\n", "")]
);
diagnostics_test!(
    check_dangling_reference,
    [(
        BILLING,
        "data_categories:\n  - billing-data\n",
        "data_categories:\n  - billing-dta\n"
    )]
);
diagnostics_test!(
    check_invalid_dates,
    [
        (HETZNER, "\nsince: 2016-03-01\n", "\nsince: 2026-02-30\n"),
        (
            HETZNER_AVV,
            "\nreview_by: 2027-01-31\n",
            "\nreview_by: 2026-13-01\n"
        ),
    ]
);
diagnostics_test!(
    check_unsigned_avv,
    [(HETZNER_AVV, "signed: 2023-04-18\n", "")]
);

#[test]
fn check_duplicate_id() {
    diagnostics_after("check_duplicate_id", |ex| {
        let text = ex.read(HETZNER);
        let again = text.replace("\nname: Hetzner\n", "\nname: Hetzner (again)\n");
        ex.write("registry/subprocessors/hetzner-2.yaml", again);
    });
}

#[test]
fn check_unterminated_front_matter() {
    diagnostics_after("check_unterminated_front_matter", |ex| {
        ex.write(BREACH, "---\ntitle: x\nowner: y\n");
    });
}

#[test]
fn check_broken_markdown_links() {
    diagnostics_after("check_broken_markdown_links", |ex| {
        let mut text = ex.read(STAFF_TRAINING);
        for l in [
            "[a](ropa:process/breach-notification#gibt-es-nicht)",
            "[b](breach-notification.md#auch-nicht)",
            "[c](ropa:subprocessor/hetzne)",
        ] {
            text.push_str(&format!("\nSiehe {l}.\n"));
        }
        ex.write(STAFF_TRAINING, &text);
    });
}

// ── pages ────────────────────────────────────────────────────────────────────────

/// The example's built sites (internal wiki, customer and public trust sites), every
/// HTML page as normalised text by `audience/path`; built once for all the tests.
fn sites() -> &'static BTreeMap<String, String> {
    static SITES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    SITES.get_or_init(|| {
        let ex = Example::new();
        let out = tempfile::tempdir().expect("temp dir");
        let mut pages = BTreeMap::new();
        for audience in ["internal", "customer", "public"] {
            let site = out.path().join(audience);
            let run = support::run(&[
                "build".into(),
                ex.root().display().to_string(),
                "--audience".into(),
                audience.into(),
                "--as-of".into(),
                AS_OF.into(),
                "--out".into(),
                site.display().to_string(),
            ]);
            run.assert_exit(0);
            for (path, text) in support::text_files(&site) {
                if path.ends_with(".html") {
                    let text = normalise(&normalise(&text, &site), ex.root());
                    pages.insert(format!("{audience}/{path}"), text);
                }
            }
        }
        pages
    })
}

/// The page `audience/path` of [`sites`].
fn page(path: &str) -> &'static str {
    sites()
        .get(path)
        .unwrap_or_else(|| panic!("the build wrote no {path}"))
}

/// The snapshot name of a page: its path with `/` and `.` as `_`.
fn snap_name(path: &str) -> String {
    path.trim_end_matches(".html").replace(['/', '.'], "_")
}

#[test]
fn a_record_page_of_every_kind() {
    // The first record page (by name) of every kind folder of the wiki.
    let mut kinds: BTreeMap<&str, &str> = BTreeMap::new();
    for path in sites().keys() {
        let Some(rest) = path.strip_prefix("internal/de/") else {
            continue;
        };
        if let Some((kind, file)) = rest.split_once('/') {
            if file != "index.html" && !file.contains('/') {
                kinds.entry(kind).or_insert(path.as_str());
            }
        }
    }
    assert!(
        kinds.len() >= 15,
        "expected a folder for every kind, found {:?}",
        kinds.keys()
    );
    assert!(
        kinds.contains_key("processes"),
        "the processes are pages too"
    );
    for path in kinds
        .values()
        .copied()
        .chain(["internal/de/organization.html"])
    {
        insta::assert_snapshot!(snap_name(path), page(path));
    }
}

#[test]
fn the_indexes_and_an_english_page() {
    for path in [
        "internal/de/index.html",
        "internal/de/subprocessors/index.html",
        "internal/en/processes/breach-notification.html",
        "internal/index.html",
    ] {
        insta::assert_snapshot!(snap_name(path), page(path));
    }
}

#[test]
fn the_trust_home_for_public_and_customer() {
    for path in ["public/de/index.html", "customer/de/index.html"] {
        insta::assert_snapshot!(snap_name(path), page(path));
    }
}

#[test]
fn the_head_of_the_report() {
    let report = page("internal/report-de.html");
    let head = &report[..report
        .find("<main")
        .expect("the report has a <main> element")];
    insta::assert_snapshot!("report_de_head", head);
}
