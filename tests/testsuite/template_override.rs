//! A registry restyles the fact rows of record pages by putting its own
//! `templates/field-row.html` next to `registry/`: its markup is what the record pages
//! show, and a broken one stops the build with a message naming the file.

use crate::support::{run, Example, Run, AS_OF};
use std::path::{Path, PathBuf};

const HETZNER_PAGE: &str = "site/de/subprocessors/hetzner.html";

/// The address line of the built-in field template.
const BUILT_IN_ADDRESS: &str = "{{ v.street }}, {{ v.postal_code }} {{ v.city }}, {{ v.country }}";

/// Builds the registry at `root` into `out/site`.
fn build(root: &Path, out: &Path) -> Run {
    run(&[
        "build".to_string(),
        root.display().to_string(),
        "--out".to_string(),
        out.join("site").display().to_string(),
        "--as-of".to_string(),
        AS_OF.to_string(),
    ])
}

fn built_in() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates/field-row.html");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

#[test]
fn an_overridden_field_row_template_restyles_the_rows_of_record_pages() {
    let ex = Example::new();
    let plain = tempfile::tempdir().expect("temp dir");
    let r = build(ex.root(), plain.path());
    assert_eq!(r.code, Some(0), "plain build failed:\n{}", r.stderr);
    let page = read(plain.path(), HETZNER_PAGE);
    assert!(
        page.contains(
            "<dt>Anschrift</dt><dd>Industriestr. 25, 91710 Gunzenhausen, Deutschland</dd>"
        ),
        "the built-in address row is not on the page"
    );

    let template = built_in();
    assert_eq!(
        template.matches(BUILT_IN_ADDRESS).count(),
        1,
        "the built-in field-row.html no longer has one address line"
    );
    ex.write(
        "templates/field-row.html",
        template.replacen(
            BUILT_IN_ADDRESS,
            "<address class=\"postal\">{{ v.street }}<br>{{ v.postal_code }} {{ v.city }}<br>{{ v.country }}</address>",
            1,
        ),
    );
    let custom = tempfile::tempdir().expect("temp dir");
    let r = build(ex.root(), custom.path());
    assert_eq!(
        r.code,
        Some(0),
        "build with the override failed:\n{}",
        r.stderr
    );
    let page = read(custom.path(), HETZNER_PAGE);
    assert!(
        page.contains("<dt>Anschrift</dt><dd><address class=\"postal\">Industriestr. 25<br>91710 Gunzenhausen<br>Deutschland</address></dd>"),
        "the overriding template's address markup is not on the record page"
    );
    assert!(
        page.contains("<dt>Firma</dt><dd>Hetzner Online GmbH</dd>"),
        "rows the override does not restyle changed"
    );
    // The organisation's page is a record page too.
    let org = read(custom.path(), "site/en/organization.html");
    assert!(
        org.contains("<address class=\"postal\">"),
        "the organisation's address is not restyled"
    );
}

#[test]
fn a_field_row_template_can_replace_every_row() {
    let ex = Example::new();
    ex.write(
        "templates/field-row.html",
        "<span class=\"mine\" data-type=\"{{ value.type }}\">{{ label }}</span>",
    );
    let out = tempfile::tempdir().expect("temp dir");
    let r = build(ex.root(), out.path());
    assert_eq!(r.code, Some(0), "build failed:\n{}", r.stderr);
    let page = read(out.path(), HETZNER_PAGE);
    assert!(
        page.contains(
            "<dt>Firma</dt><dd><span class=\"mine\" data-type=\"text\">Firma</span></dd>"
        ),
        "the overriding template is not used for the rows"
    );
    assert!(
        page.contains("<dd><span class=\"mine\" data-type=\"address\">Anschrift</span></dd>"),
        "the address row does not come from the overriding template"
    );
    assert!(
        !page.contains("Industriestr. 25"),
        "a row was rendered without the template"
    );
}

#[test]
fn a_broken_field_row_template_stops_the_build_naming_the_file() {
    let ex = Example::new();
    ex.write("templates/field-row.html", "{{ value.type ");
    let out = tempfile::tempdir().expect("temp dir");
    let r = build(ex.root(), out.path());
    assert_ne!(
        r.code,
        Some(0),
        "the build succeeded with a broken template"
    );
    assert!(
        r.stderr.contains("field-row.html"),
        "the message does not name the template:\n{}",
        r.stderr
    );
}
