//! ropa's two YAML readers give the same records: on every YAML text the tests know
//! that the fast reader (`load::yaml::parse_fast`) takes, the full parser
//! (`load::yaml::parse_full`, saphyr-parser) gives the same tree — every key, value,
//! kind of scalar and span. The loader turns that tree (and nothing else from the
//! reader) into records and diagnostics, so equal trees mean equal records and equal
//! diagnostics; and where the fast reader gives up, the full parser alone reads the
//! file, as in `ropa check`.
//!
//! The texts: the example registry (`registry/`, `processes/`), every file under
//! `tests/fixtures/`, a generated scale-1 registry (examples/gen_registry.rs), the
//! kinds of broken input of tests/robustness.rs (raw and as front matter, and every
//! example file cut short at each line), and seeded, deterministic mutations of the
//! example's files. YAML files are read whole, Markdown files by their front matter.
//! benches/README.md ("One YAML path") says why there are two readers.

#[path = "../../examples/gen_registry.rs"]
#[allow(dead_code)]
mod gen_registry;

use crate::support::{example_root, Rng};
use ropa::load::front_matter;
use ropa::load::yaml::{parse_fast, parse_full, Node, NodeKind};
use ropa::source::SourceFile;
use std::path::{Path, PathBuf};

/// What the two readers did with a set of texts.
#[derive(Default)]
struct Tally {
    /// Texts the fast reader took (and the full parser agreed on).
    fast: usize,
    /// All texts.
    all: usize,
    /// One message per text on which they disagree.
    problems: Vec<String>,
}

impl Tally {
    /// Runs both readers on `text`, which `name` names in messages.
    fn run(&mut self, name: &str, text: &str) {
        self.all += 1;
        let Some(fast) = parse_fast(text) else {
            return;
        };
        let file = SourceFile::new(PathBuf::from(name), text.to_string());
        match parse_full(&file) {
            Ok(full) if full == fast => self.fast += 1,
            Ok(full) => self.problems.push(format!(
                "{name}: the fast reader and the full parser read different records\n{}",
                first_difference(&file, &fast, &full, "")
            )),
            Err(e) => {
                let (line, col) = file.line_col(e.span.start);
                self.problems.push(format!(
                    "{name}: the fast reader read what the full parser refuses at {line}:{col} ({}: {})",
                    e.code, e.message
                ))
            }
        }
    }

    /// Fails with every disagreement, or when the fast reader took less than
    /// `least_fast` of the texts (then this test would prove little).
    fn assert_agree(&self, what: &str, least_fast: f64) {
        eprintln!(
            "{what}: {} texts; the fast reader took {} (the full parser agreeing), and read {} differently",
            self.all,
            self.fast,
            self.problems.len()
        );
        assert!(
            self.problems.is_empty(),
            "{what}: {} of {} texts read differently by the two YAML readers:\n\n{}",
            self.problems.len(),
            self.all,
            self.problems
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n\n")
        );
        assert!(self.all > 0, "{what}: no texts found");
        let share = self.fast as f64 / self.all as f64;
        assert!(
            share >= least_fast,
            "{what}: the fast reader took only {} of {} texts ({:.0} %, expected at least {:.0} %)",
            self.fast,
            self.all,
            share * 100.0,
            least_fast * 100.0
        );
    }
}

/// Where two trees first differ: the path of keys and indexes, and each reader's value
/// and place (line:column–line:column).
fn first_difference(file: &SourceFile, fast: &Node, full: &Node, path: &str) -> String {
    let here = if path.is_empty() { "the root" } else { path };
    match (&fast.kind, &full.kind) {
        (NodeKind::Seq(a), NodeKind::Seq(b)) if a.len() == b.len() && fast.span == full.span => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                if x != y {
                    return first_difference(file, x, y, &format!("{path}[{i}]"));
                }
            }
            String::new()
        }
        (NodeKind::Map(a), NodeKind::Map(b)) if a.len() == b.len() && fast.span == full.span => {
            for ((k1, v1), (k2, v2)) in a.iter().zip(b) {
                let key = k1.as_str().unwrap_or("?");
                let at = if path.is_empty() {
                    key.to_string()
                } else {
                    format!("{path}.{key}")
                };
                if k1 != k2 {
                    return first_difference(file, k1, k2, &format!("{at} (the key)"));
                }
                if v1 != v2 {
                    return first_difference(file, v1, v2, &at);
                }
            }
            String::new()
        }
        _ => format!(
            "  at {here}:\n  fast reader: {} at {}\n  full parser: {} at {}",
            shown(fast),
            place(file, fast),
            shown(full),
            place(file, full)
        ),
    }
}

fn shown(node: &Node) -> String {
    let s = match &node.kind {
        NodeKind::Null => "null".to_string(),
        NodeKind::Scalar { text, plain } => {
            format!("{} {text:?}", if *plain { "plain" } else { "quoted/block" })
        }
        NodeKind::Seq(items) => format!("a list of {}", items.len()),
        NodeKind::Map(entries) => format!("a mapping of {} keys", entries.len()),
    };
    s.chars().take(160).collect()
}

fn place(file: &SourceFile, node: &Node) -> String {
    let (l1, c1) = file.line_col(node.span.start);
    let (l2, c2) = file.line_col(node.span.end);
    format!("{l1}:{c1}–{l2}:{c2}")
}

/// The YAML a file holds as the loader reads it: a YAML file whole, a Markdown file's
/// front matter (`None` when it has none).
fn yaml_of(path: &Path, text: String) -> Option<String> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => Some(text),
        Some("md") => {
            let file = SourceFile::new(path.to_path_buf(), text);
            front_matter::split(&file).map(|fm| fm.yaml.text.to_string())
        }
        _ => None,
    }
}

/// Every YAML and Markdown file under `dir`, sorted, with its text.
fn files_under(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let path = e.into_path();
            let text = std::fs::read_to_string(&path).ok()?;
            Some((path, text))
        })
        .filter(|(p, _)| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "md")
            )
        })
        .collect();
    out.sort();
    out
}

/// Runs both readers on every YAML text under `dirs`.
fn tally_dirs(dirs: &[PathBuf], shown_from: &Path) -> Tally {
    let mut tally = Tally::default();
    for dir in dirs {
        for (path, text) in files_under(dir) {
            let name = path.strip_prefix(shown_from).unwrap_or(&path).display();
            if let Some(yaml) = yaml_of(&path, text) {
                tally.run(&name.to_string(), &yaml);
            }
        }
    }
    tally
}

fn example_files() -> Vec<(PathBuf, String)> {
    let root = example_root();
    let mut files = files_under(&root.join("registry"));
    files.extend(files_under(&root.join("processes")));
    assert!(files.len() > 10, "the example registry has files");
    files
        .into_iter()
        .map(|(p, t)| (p.strip_prefix(&root).expect("under root").to_path_buf(), t))
        .collect()
}

#[test]
fn the_readers_agree_on_the_example_registry() {
    let root = example_root();
    let tally = tally_dirs(&[root.join("registry"), root.join("processes")], &root);
    tally.assert_agree("the example registry", 0.9);
}

#[test]
fn the_readers_agree_on_the_test_fixtures() {
    let root = example_root();
    let tally = tally_dirs(&[root.join("tests/fixtures")], &root);
    tally.assert_agree("tests/fixtures", 0.9);
}

#[test]
fn the_readers_agree_on_a_generated_scale_one_registry() {
    let dir = tempfile::tempdir().expect("temp dir");
    gen_registry::generate(dir.path(), 1, 100, 42);
    let tally = tally_dirs(
        &[dir.path().join("registry"), dir.path().join("processes")],
        dir.path(),
    );
    assert!(tally.all > 300, "the scale-1 registry has its files");
    tally.assert_agree("the generated scale-1 registry", 0.99);
}

/// The kinds of input tests/robustness.rs puts into the registry (those that are text).
fn broken_inputs() -> Vec<(&'static str, String)> {
    let mut rng = Rng::new(0x05EE_D0FB_0B00);
    let yamlish = |rng: &mut Rng, n: usize| -> String {
        let alphabet = b"abc:- \n\n  []{},&*!|>'\"#%@`?\t\\0123456789";
        (0..n)
            .map(|_| alphabet[rng.below(alphabet.len())] as char)
            .collect()
    };
    let mut nested_block = String::new();
    for depth in 0..100 {
        nested_block.push_str(&" ".repeat(depth));
        nested_block.push_str("a:\n");
    }
    let mut nested_list = String::new();
    for depth in 0..100 {
        nested_list.push_str(&" ".repeat(2 * depth));
        nested_list.push_str("- a\n");
        nested_list.push_str(&" ".repeat(2 * depth));
        nested_list.push_str("- \n");
    }
    let laughs = "a: &a [lol, lol]\nb: &b [*a, *a]\nc: [*b, *b]\n".to_string();
    let mut out = vec![
        ("random YAML punctuation", yamlish(&mut rng, 4096)),
        ("short random YAML punctuation", yamlish(&mut rng, 40)),
        ("a NUL byte", "id: x\nname: a\0b\n".into()),
        ("1000 open lists", "[".repeat(1000)),
        ("1000 nested mappings", "a: {".repeat(1000)),
        ("1000 nested block lists", "- ".repeat(1000)),
        ("100 indented mappings", nested_block),
        ("100 indented lists", nested_list),
        ("an empty text", String::new()),
        ("only `---`", "---".into()),
        ("only `---` and a newline", "---\n".into()),
        ("only `...`", "...\n".into()),
        ("only comments", "# a comment\n# another\n".into()),
        ("only blank lines", "\n\n   \n\t\n".into()),
        ("an alias bomb", laughs),
        ("an alias", "id: x\nname: *nothing\n".into()),
        ("a tag", "id: !custom x\nname: !!binary aGVsbG8=\n".into()),
        ("two documents", "id: a\n---\nid: b\n".into()),
        ("a complex key", "? [a, b]\n: c\n".into()),
        ("a mapping as key", "{a: b}: c\n".into()),
        ("an unterminated quote", "id: \"x\nname: y\n".into()),
        ("tab indentation", "id: x\naddress:\n\tcity: y\n".into()),
        ("a plain scalar", "just some text\n".into()),
        ("a number", "42\n".into()),
        ("a list of numbers", "[1, 2, 3]\n".into()),
        ("a list of lists", "- [a]\n- [b]\n".into()),
        ("a mapping of nulls", "id:\nname:\n".into()),
        ("a byte order mark", "\u{feff}id: x\n".into()),
        ("a C1 control", "id: x\nname: a\u{85}b\n".into()),
        ("a non-character", "id: x\nname: a\u{fffe}b\n".into()),
        (
            "a long line",
            format!("id: x\nname: {}\n", "x".repeat(1100)),
        ),
        ("a long key", format!("{}: x\n", "k".repeat(1100))),
        ("no final line end", "id: x\nname: y".into()),
        (
            "CRLF line ends",
            "id: x\r\nname: y\r\nlist:\r\n  - a\r\n".into(),
        ),
        ("lone CR line ends", "id: x\rname: y\r".into()),
    ];
    for _ in 0..20 {
        let n = 1 + rng.below(200);
        out.push(("random YAML punctuation (more)", yamlish(&mut rng, n)));
    }
    out
}

#[test]
fn the_readers_agree_on_the_robustness_corpus() {
    let mut tally = Tally::default();
    for (name, input) in broken_inputs() {
        tally.run(&format!("{name} (a YAML file)"), &input);
        let mut md = format!("---\n{input}");
        if !input.ends_with('\n') {
            md.push('\n');
        }
        md.push_str("---\n\n# Body\n");
        if let Some(yaml) = yaml_of(Path::new("broken.md"), md) {
            tally.run(&format!("{name} (front matter)"), &yaml);
        }
    }
    // Every example file cut short at the start and the middle of each line, as a
    // file saved half-way through is.
    for (path, text) in example_files() {
        let mut cuts: Vec<usize> = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            cuts.push(start);
            let mut mid = start + line.len() / 2;
            while !text.is_char_boundary(mid) {
                mid += 1;
            }
            cuts.push(mid);
            start += line.len();
        }
        for cut in cuts {
            let part = text[..cut].to_string();
            let name = format!("{} cut at byte {cut} of {}", path.display(), text.len());
            if let Some(yaml) = yaml_of(&path, part) {
                tally.run(&name, &yaml);
            }
        }
    }
    // The corpus is mostly what the fast reader must leave to the full parser; the
    // cut files are mostly what it takes.
    tally.assert_agree("the robustness corpus", 0.3);
}

/// One small random change to `text`, of the kinds an editor or a merge makes.
fn mutate(rng: &mut Rng, text: &mut String) {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|s| *s < text.len())
        .collect();
    if starts.is_empty() {
        text.push_str("a: b\n");
        return;
    }
    let line = rng.below(starts.len());
    let (start, end) = (
        starts[line],
        starts.get(line + 1).copied().unwrap_or(text.len()),
    );
    let mut at = start + rng.below(end - start + 1);
    while !text.is_char_boundary(at) {
        at += 1;
    }
    const INSERTS: [&str; 16] = [
        ": ", "- ", "\"", "'", "\t", "&a ", "*a", "#", " #x", "!!str ", "{", "[", "\r", "~", "  ",
        "\n",
    ];
    match rng.below(7) {
        0 => drop(text.drain(start..end)),
        1 => {
            let copy = text[start..end].to_string();
            text.insert_str(start, &copy);
        }
        2 => text.insert_str(start, &"  ".repeat(1 + rng.below(2))),
        3 => {
            let blanks = text[start..end].bytes().take_while(|b| *b == b' ').count();
            drop(text.drain(start..start + blanks.min(1 + rng.below(4))));
        }
        4 => text.truncate(at),
        _ => text.insert_str(at, INSERTS[rng.below(INSERTS.len())]),
    }
}

#[test]
fn the_readers_agree_on_mutated_example_files() {
    let files = example_files();
    let mut tally = Tally::default();
    for seed in 1..=400u64 {
        let mut rng = Rng::new(seed.wrapping_mul(0x2F0B_3C1D_7E55) ^ 0x5EED);
        let (path, original) = &files[rng.below(files.len())];
        let mut text = original.clone();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut rng, &mut text);
        }
        if let Some(yaml) = yaml_of(path, text) {
            tally.run(&format!("{} (mutation seed {seed})", path.display()), &yaml);
        }
    }
    tally.assert_agree("400 mutated example files", 0.2);
}
