//! The fast reader's unit tests: on the example and on texts at the edge of its
//! subset it gives up or gives the full parser's tree.

use super::super::{parse_full, Node};
use crate::source::SourceFile;
use std::path::{Path, PathBuf};

/// Both readers on one text: the simple one gives up or agrees with the full one.
fn agree(path: &Path, text: &str) -> Result<bool, String> {
    let Some(simple) = super::parse(text) else {
        return Ok(false);
    };
    let file = SourceFile::new(path.to_path_buf(), text.to_string());
    match parse_full(&file) {
        Ok(full) if full == simple => Ok(true),
        Ok(full) => Err(format!(
            "{}: the readers disagree\n{}",
            path.display(),
            show(&simple, &full)
        )),
        Err(e) => Err(format!(
            "{}: the simple reader accepted what the full one refuses: {}",
            path.display(),
            e.message
        )),
    }
}

/// The first place where two trees differ, for the failure message.
fn show(a: &Node, b: &Node) -> String {
    use super::super::NodeKind::*;
    match (&a.kind, &b.kind) {
        (Seq(x), Seq(y)) if x.len() == y.len() && a.span == b.span => x
            .iter()
            .zip(y)
            .find(|(p, q)| p != q)
            .map(|(p, q)| show(p, q))
            .unwrap_or_default(),
        (Map(x), Map(y)) if x.len() == y.len() && a.span == b.span => x
            .iter()
            .zip(y)
            .find(|(p, q)| p != q)
            .map(|((k1, v1), (k2, v2))| if k1 != k2 { show(k1, k2) } else { show(v1, v2) })
            .unwrap_or_default(),
        _ => format!(
            "simple: {:?} at {:?}\nfull:   {:?} at {:?}",
            short(a),
            a.span,
            short(b),
            b.span
        ),
    }
}

fn short(n: &Node) -> String {
    let s = format!("{:?}", n.kind);
    s.chars().take(120).collect()
}

fn yaml_of(path: &Path, text: &str) -> Option<String> {
    if path.extension().is_some_and(|e| e == "md") {
        let file = SourceFile::new(path.to_path_buf(), text.to_string());
        crate::load::front_matter::split(&file).map(|fm| fm.yaml.text.to_string())
    } else {
        Some(text.to_string())
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "md")
        })
        .collect()
}

#[test]
fn agrees_with_the_full_parser_on_every_registry_file_in_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![
        root.join("registry"),
        root.join("processes"),
        root.join("tests"),
    ];
    if let Ok(extra) = std::env::var("ROPA_YAML_AGREEMENT_DIR") {
        dirs.push(PathBuf::from(extra));
    }
    let (mut simple, mut all, mut problems) = (0, 0, Vec::new());
    for dir in dirs {
        for path in files_under(&dir) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Some(yaml) = yaml_of(&path, &text) else {
                continue;
            };
            all += 1;
            match agree(&path, &yaml) {
                Ok(true) => simple += 1,
                Ok(false) => {}
                Err(e) => problems.push(e),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    eprintln!("{simple} of {all} files read by the simple reader");
}

/// Texts at the edge of the subset: whatever the simple reader does with them, it
/// must not differ from the full parser.
const EDGES: &[&str] = &[
    "",
    "# only a comment\n",
    "a: 1\n",
    "a: 1",
    "a: 1\r\nb: 2\r\n",
    "a: 1\rb: 2\n",
    "a: 1\r\nb:\tc\r\n",
    "\u{feff}a: 1\n",
    "a:\tb\n",
    "a:  spaced   \n",
    "a: x # comment\n",
    "a: x#not-a-comment\n",
    "a: \"x\" # comment\n",
    "a: \"x\"y\n",
    "a: 'it''s'\n",
    "a: \"tab\\there \\\"q\\\" \\\\ \\/ \\u00e9\"\n",
    "a: \"line\n  two\"\n",
    "a: plain\n  continued\n",
    "a: plain\n\n  continued after blank\n",
    "a:\n",
    "a:\nb: 1\n",
    "a: ~\nb: null\nc: Null\n",
    "a: [x, y , z]\n",
    "a: []\n",
    "a: [ ]\n",
    "a: [\"q\", y]\n",
    "a: [x, [y]]\n",
    "a: [x,]\n",
    "a: {}\n",
    "a: {b: 1}\n",
    "a: b: c\n",
    "a: b:\n",
    "a: :b\n",
    "a: -b\n",
    "a: - b\n",
    "a: &anchor x\nb: *anchor\n",
    "a: !tag x\n",
    "a: !!str 1\n",
    "a: |\n  one\n  two\n",
    "a: |-\n  one\n\n  two\n",
    "a: |\n  one\n    indented\n  back\n",
    "a: |+\n  keep\n\n",
    "a: |2\n   x\n",
    "a: >\n  folded\n  text\n\n  para\n",
    "a: >-\n  folded\n    more\n  text\n",
    "a: >-\n\n  leading blank\n",
    "a: >-\n  trailing\n\n\nb: 1\n",
    "a: >-\n  x\n  # not a comment\nb: 1\n",
    "a: >-\n  x\n# a comment\nb: 1\n",
    "a: >-\n  x\n \nb: 1\n",
    "a: >-\n  x\n     \n  y\n",
    "a: > # c\n  x\n",
    "a: >\n",
    "- a\n- b\n",
    "- a\n-\n- c\n",
    "- - a\n  - b\n",
    "-   a: 1\n    b: 2\n- a: 3\n",
    "- a: 1\n   b: 2\n",
    "- a: 1\n b: 2\n",
    "- a: 1\n  b:\n  - x\n  - y\n  c: 2\n",
    "a:\n- x\n- y\nb: 1\n",
    "a:\n  - x\n  - y\nb:\n    c: 1\n",
    "a:\n  b: 1\n c: 2\n",
    "a:\n    b: 1\n  c: 2\n",
    "a: 1\na: 2\n",
    "a:\n  b: 1\n  b: 2\n",
    "a: 1\n  b: 2\n",
    "a: 1\n- b\n",
    "- a\nb: 1\n",
    "just a scalar\n",
    "\"quoted key\": 1\n",
    "? complex\n: key\n",
    "a b: 1\n",
    "a.b-c_d: 1\n",
    "-a: 1\n",
    "1: one\n",
    "a: 1\n---\nb: 2\n",
    "---\na: 1\n",
    "--- \na: 1\n",
    "---\na: 1\n...\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: 1 #c\n  # indented comment\nb: 2\n",
    "a:\n  # comment before\n  b: 1\n",
    "a: ünïcödé text – “quotes”\n",
    "a: \"ünï\"\nb: 'cödé'\n",
    "a: x\n\n\n",
    "  a: 1\n  b: 2\n",
    "  a: 1\nb: 2\n",
    "a:\n  - b: 1\n    c:\n      - d\n",
    "a: `x`\n",
    "a: @x\n",
    "a: %x\n",
    "a: x, y\n",
    "a: 0x1F\n",
    "a: 1e3\n",
    "a: .5\n",
    "a: true\nb: FALSE\nc: yes\n",
    "a: 2026-01-01\n",
    "a: 'multi\n  line'\n",
    "a: \"\\x41\"\n",
    "a: \"bad escape \\q\"\n",
    "a: \"unclosed\n",
    "a: [unclosed\n",
    "a:\n  -\n    b: 1\n",
    "null: 1\n",
    "Null: 1\na: 2\n",
    "a:\n  null: x\n",
];

#[test]
fn gives_up_or_agrees_on_texts_at_the_edge_of_the_subset() {
    let mut problems = Vec::new();
    for (i, text) in EDGES.iter().enumerate() {
        if let Err(e) = agree(Path::new(&format!("edge-{i}.yaml")), text) {
            problems.push(format!("{e}\n  text: {text:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn reads_what_registry_files_are_written_in() {
    let text = "# A record.\nid: x-1\nname:\n  de: \"Name\"\n  en: Name\nlist:\n  - a\n  - b\nitems:\n- kind: internal\n  role: r-1\nnote: >-\n  folded\n  text\nlangs: [de, en]\n";
    assert_eq!(agree(Path::new("typical.yaml"), text), Ok(true));
    let fm = "---\nid: p\ntitle:\n  de: Titel\n";
    assert_eq!(agree(Path::new("front-matter.md"), fm), Ok(true));
}
