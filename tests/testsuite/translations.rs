//! Translations as data: the shipped word lists (`locales/*.toml`) agree key for key,
//! no source file branches on a language code, and a registry's own `locales/` adds a
//! language with one file or changes one word.

use crate::support::{run, Example, AS_OF};
use ropa::i18n::catalog;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn locales_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

/// Every `section.key` of a word list.
fn keys(text: &str, name: &str) -> BTreeSet<String> {
    let (entries, problems) =
        catalog::parse(text).unwrap_or_else(|p| panic!("{name}: {} at {:?}", p.message, p.span));
    assert!(problems.is_empty(), "{name}: {problems:?}");
    entries
        .into_iter()
        .map(|e| format!("{}.{}", e.section, e.key))
        .collect()
}

#[test]
fn every_shipped_language_has_every_key() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(locales_dir())
        .expect("locales/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "expected locales/en.toml and de.toml");
    let english = keys(
        &std::fs::read_to_string(locales_dir().join("en.toml")).expect("en.toml"),
        "en.toml",
    );
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).expect("read");
        let lang = name.trim_end_matches(".toml");
        // Each file on disk is the one built into ropa.
        let embedded = catalog::BUILT_IN.iter().find(|(l, _)| *l == lang);
        assert_eq!(
            embedded.map(|(_, t)| *t),
            Some(text.as_str()),
            "locales/{name} is not in catalog::BUILT_IN (or differs from what is built in)"
        );
        let own = keys(&text, &name);
        let missing: Vec<_> = english.difference(&own).collect();
        let extra: Vec<_> = own.difference(&english).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "locales/{name}: missing {missing:?}; not in en.toml {extra:?}"
        );
    }
    assert_eq!(
        catalog::BUILT_IN.len(),
        files.len(),
        "BUILT_IN lists a file that is gone"
    );
}

/// The source of `src/` without comments and test modules, with runs of whitespace
/// made one space (so a comparison broken over lines is still found).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read source");
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.split(" //").next().unwrap_or_default())
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect();
    lines
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a branch on a language looks like in the code.
fn language_branches(code: &str) -> Vec<String> {
    const PATTERNS: &[&str] = &[
        "lang == \"",
        "lang != \"",
        "== \"de\"",
        "!= \"de\"",
        "== \"en\"",
        "!= \"en\"",
        "\"de\" ==",
        "\"en\" ==",
        "\"de\" =>",
        "\"en\" =>",
        "\"de\") =>",
        "\"en\") =>",
    ];
    let mut found: Vec<String> = PATTERNS
        .iter()
        .filter(|p| code.contains(*p))
        .map(|p| p.to_string())
        .collect();
    // German has no place in the code at all: its words are in locales/de.toml.
    if code.contains("\"de\"") {
        found.push("\"de\"".into());
    }
    found
}

#[test]
fn no_source_file_branches_on_a_language() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("walk src/");
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        // The list of shipped word lists names them by language.
        if path.ends_with("i18n/catalog.rs") {
            continue;
        }
        for b in language_branches(&code_of(path)) {
            offenders.push(format!(
                "{}: `{b}`",
                path.strip_prefix(&src).unwrap().display()
            ));
        }
    }
    assert!(
        offenders.is_empty(),
        "words or rules chosen by language in the code (put them in locales/<lang>.toml): {offenders:#?}"
    );
}

#[test]
fn the_source_scan_sees_a_branch() {
    // The scan above would see the branches this change removed.
    for code in [
        "let and = if lang == \"de\" { \"und\" } else { \"and\" };",
        "match (r, lang) { (Region::Eu, \"de\") => \"Rechenzentren\", _ => \"x\" }",
        "fn de(&self) -> bool { self.lang == \"de\" }",
    ] {
        assert!(!language_branches(code).is_empty(), "{code}");
    }
    assert!(language_branches("let default = \"en\".to_string();").is_empty());
}

fn set_languages(ex: &Example, languages: &str) {
    ex.replace(
        "registry/organization.yaml",
        "languages: [de, en]",
        &format!("languages: [{languages}]"),
    );
}

fn build(ex: &Example) -> crate::support::Run {
    let out = ex.path("site");
    run(&[
        "build".into(),
        ex.root().display().to_string(),
        format!("--as-of={AS_OF}"),
        "--out".into(),
        out.display().to_string(),
    ])
}

#[test]
fn a_new_language_needs_only_a_file() {
    let ex = Example::new();
    set_languages(&ex, "de, en, xx");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lang/xx.toml");
    ex.write("locales/xx.toml", std::fs::read(fixture).expect("fixture"));
    let r = build(&ex);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let home = ex.read("site/xx/index.html");
    for word in ["[[Search]]", "[[Overview]]", "[[Subprocessors]]"] {
        assert!(home.contains(word), "xx/index.html lacks {word}");
    }
    // A word the file does not have reads in English, not German.
    assert!(home.contains("Skip to content"), "no English fallback");
    assert!(!home.contains("Zum Inhalt springen"));
    let report = ex.read("site/report-xx.html");
    assert!(
        report.contains("<title>[[Records of processing activities]]"),
        "the report's title is not the xx one"
    );
    assert!(report.contains("Part A – Records as controller"));
    // The German site is as it was.
    assert!(ex.read("site/de/index.html").contains(">Suche</label>"));
}

#[test]
fn a_registry_word_replaces_ropas() {
    let ex = Example::new();
    ex.write("locales/de.toml", "[ui]\nsearch = \"Finden\"\n");
    let r = build(&ex);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let de = ex.read("site/de/index.html");
    assert!(
        de.contains(">Finden</label>"),
        "the registry's word is not used"
    );
    assert!(!de.contains(">Suche</label>"));
    // Other words and the other language keep ropa's own.
    assert!(de.contains("Zum Inhalt springen"));
    assert!(ex.read("site/en/index.html").contains(">Search</label>"));
}

#[test]
fn a_wrong_word_list_is_reported_with_file_line_and_column() {
    let ex = Example::new();
    ex.write(
        "locales/de.toml",
        "[ui]\nsearch = \"Finden\"\nsourcez = \"Q\"\n",
    );
    ex.write("locales/en.toml", "[ui]\nsearch = \"Find\"\n[report\n");
    let r = ex.check_text(&[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("error[locale-unknown-key]"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("locales/de.toml:3:1"), "{}", r.stderr);
    assert!(
        r.stderr.contains("did you mean `ui.sources`?"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("error[locale-syntax]"), "{}", r.stderr);
    assert!(r.stderr.contains("locales/en.toml:3:8"), "{}", r.stderr);
}
