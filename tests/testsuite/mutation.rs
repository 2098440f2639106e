//! Mutation-based robustness test of the loader (issue #18): copies of the example's
//! YAML and Markdown files are damaged in many small ways (fixed seeds, so every
//! run tries the same inputs), and for each case ropa, called in-process, must
//!
//! - not panic and not hang (each case runs in a thread with a time limit);
//! - agree with itself: `check` (load + check) finds errors exactly when the build
//!   refuses, and when it finds none the internal and the public build succeed;
//! - read an equivalent rewrite the same: the case with CRLF or lone-CR line ends,
//!   or a UTF-8 byte order mark, gives the same diagnostics and the same site.
//!
//! Most cases (`yaml_readers_agree_on_damaged_files`) go to the YAML readers
//! alone: the fast reader must give the same tree or error as the full parser, or
//! leave the file to it. Many go through `check` alone (load and check, as `ropa
//! check` runs them). Fewer (`damaged_inputs_never_panic_hang_or_disagree`) run
//! the whole pipeline, `check` beside the internal and the public build, which takes
//! a good part of a second each in a debug build.
//!
//! `ROPA_MUTATION_CASES=N` sets the number of whole-pipeline cases (default 50),
//! twenty times as many check cases (default 1,000) and sixty times as many reader
//! cases (default 3,000); `ROPA_MUTATION_SEED=S` the first seed. A longer
//! run: `ROPA_MUTATION_CASES=5000 cargo test --release --test mutation`.

use crate::support;

use ropa::model::Visibility;
use ropa::site::output::MemorySink;
use ropa::site::BuildOptions;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;
use support::{example_root, Rng};

/// How long one case may take before it counts as a hang (generous: debug build on
/// a busy machine; a case normally takes well under a second).
const CASE_LIMIT: Duration = Duration::from_secs(60);

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What one build of a registry gave: the diagnostics (code, line, column, file) and
/// the site's files, when it was built.
#[derive(Debug, PartialEq)]
struct Outcome {
    load_failed: Option<String>,
    diagnostics: Vec<String>,
    errors: usize,
    site: Option<Vec<(String, Vec<u8>)>>,
}

fn as_of() -> ropa::model::Date {
    ropa::model::Date(chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("valid date"))
}

/// Builds `root` for `audience` in memory.
fn build(root: &Path, audience: Visibility) -> Outcome {
    let opts = BuildOptions {
        as_of: as_of(),
        audience,
    };
    let sink = MemorySink::default();
    let compiled = match ropa::build::compile(root, &opts, &sink) {
        Ok(c) => c,
        Err(e) => {
            return Outcome {
                load_failed: Some(format!("{e:?}")),
                diagnostics: Vec::new(),
                errors: 0,
                site: None,
            }
        }
    };
    let sources = compiled.sources();
    let diagnostics = listed(&compiled.diagnostics, sources);
    let built = compiled.rendered.is_some();
    let errors = compiled.diagnostics.error_count();
    drop(compiled);
    let site = built.then(|| {
        sink.into_files()
            .into_iter()
            .map(|(path, stored)| (path, stored.bytes().into_owned()))
            .collect()
    });
    Outcome {
        load_failed: None,
        diagnostics,
        errors,
        site,
    }
}

/// The diagnostics in their reported order, each as `code file:line:column`.
fn listed(
    diagnostics: &ropa::diagnostics::Diagnostics,
    sources: &ropa::source::SourceMap,
) -> Vec<String> {
    diagnostics
        .sorted(sources)
        .into_iter()
        .map(|d| match &d.at {
            Some(at) => {
                let (line, col) = sources.get(at.file).line_col(at.span.start);
                let path = sources.get(at.file).path.display().to_string();
                format!("{} {path}:{line}:{col}", d.code)
            }
            None => d.code.to_string(),
        })
        .collect()
}

/// What `ropa check` reports for `root` (load, then check, as the command does): the
/// diagnostics as `build` lists them, and the number of errors; `Err` when the
/// registry could not be loaded at all.
fn check(root: &Path) -> Result<(Vec<String>, usize), String> {
    let (reg, mut diagnostics) = ropa::registry::load(root).map_err(|e| format!("{e:?}"))?;
    diagnostics.extend(
        ropa::check::check(&reg, &ropa::check::CheckOptions { as_of: as_of() })
            .iter()
            .cloned(),
    );
    let sources = &reg.sources;
    Ok((listed(&diagnostics, sources), diagnostics.error_count()))
}

/// Runs `f` in a thread; fails the test on a panic or when it outlives the limit.
fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(CASE_LIMIT) {
        Ok(v) => {
            let _ = handle.join();
            v
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: no result within {CASE_LIMIT:?} (a hang?)")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let panic = handle.join().err().map(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            });
            panic!("{what}: ropa panicked: {panic:?}")
        }
    }
}

/// The example's YAML and Markdown files, relative to its root.
fn inputs(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.join("registry"), root.join("processes")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "md")
            ) {
                out.push(path.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// One random change to `text`.
fn mutate(rng: &mut Rng, text: &mut Vec<u8>) {
    let lines = |t: &[u8]| -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(
            t.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        starts.retain(|s| *s <= t.len());
        starts
    };
    let pos = if text.is_empty() {
        0
    } else {
        rng.below(text.len() + 1)
    };
    let starts = lines(text);
    let line = rng.below(starts.len());
    let line_start = starts[line];
    let line_end = starts.get(line + 1).copied().unwrap_or(text.len());
    const INSERTS: [&[u8]; 14] = [
        b": ",
        b"- ",
        b"\"",
        b"'",
        b"\t",
        b"&a ",
        b"*a",
        b"#",
        b" #x",
        b"!!str ",
        b"{",
        b"[",
        b"\r",
        b"\xef\xbb\xbf",
    ];
    match rng.below(11) {
        0 => {
            if !text.is_empty() {
                let i = rng.below(text.len());
                text[i] ^= 1 << rng.below(8);
            }
        }
        1 => {
            text.drain(line_start..line_end);
        }
        2 => {
            let copy = text[line_start..line_end].to_vec();
            text.splice(line_start..line_start, copy);
        }
        3 => {
            let spaces = b"  ".repeat(1 + rng.below(3));
            text.splice(line_start..line_start, spaces);
        }
        4 => {
            let n = text[line_start..line_end]
                .iter()
                .take_while(|b| **b == b' ')
                .count();
            text.drain(line_start..line_start + n.min(1 + rng.below(4)));
        }
        5 => text.truncate(pos),
        6 => {
            let other = rng.below(starts.len());
            let (a, b) = (line.min(other), line.max(other));
            if a != b {
                let a_end = starts[a + 1];
                let b_end = starts.get(b + 1).copied().unwrap_or(text.len());
                let first = text[starts[a]..a_end].to_vec();
                let second = text[starts[b]..b_end].to_vec();
                if first.ends_with(b"\n") && second.ends_with(b"\n") {
                    text.splice(starts[b]..b_end, first);
                    text.splice(starts[a]..a_end, second);
                }
            }
        }
        7 => {
            let what = INSERTS[rng.below(INSERTS.len())];
            text.splice(pos..pos, what.iter().copied());
        }
        8 => {
            // Deep nesting.
            let depth = 1 + rng.below(100);
            let nest: Vec<u8> = if rng.below(2) == 0 {
                b"[".repeat(depth)
            } else {
                (0..depth)
                    .flat_map(|d| {
                        let mut l = b"\n".to_vec();
                        l.extend(b" ".repeat(d + 2));
                        l.extend(b"k:");
                        l
                    })
                    .collect()
            };
            text.splice(
                line_end.saturating_sub(1).max(line_start)
                    ..line_end.saturating_sub(1).max(line_start),
                nest,
            );
        }
        9 => {
            let long = b"x".repeat(1 + rng.below(20_000));
            text.splice(pos..pos, long);
        }
        _ => {
            let len = 1 + rng.below(8);
            let junk = rng.bytes(len);
            text.splice(pos..pos, junk);
        }
    }
}

/// `text` with LF turned into `ending`, and optionally a byte order mark first.
fn rewrite(text: &[u8], ending: &[u8], bom: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 20 + 3);
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    for &b in text {
        if b == b'\n' {
            out.extend_from_slice(ending);
        } else {
            out.push(b);
        }
    }
    out
}

fn copy_example() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("ropa-mutation-")
        .tempdir()
        .expect("temp dir");
    for rel in inputs(&example_root()) {
        let to = dir.path().join(&rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("create folder");
        std::fs::copy(example_root().join(&rel), &to).expect("copy");
    }
    dir
}

/// Builds the registry at `root` for both audiences, in a bounded thread, and
/// checks that check and build agree.
fn run_case(what: &str, root: &Path) -> (Outcome, Option<Outcome>) {
    let root_owned = root.to_path_buf();
    let internal = bounded(what, move || build(&root_owned, Visibility::Internal));
    let root_owned = root.to_path_buf();
    let checked = bounded(what, move || check(&root_owned));
    assert_eq!(
        checked.is_err(),
        internal.load_failed.is_some(),
        "{what}: `check` and `build` disagree on whether the registry loads: {checked:?} / {:?}",
        internal.load_failed
    );
    if internal.load_failed.is_some() {
        return (internal, None);
    }
    if let Ok((diagnostics, errors)) = &checked {
        assert_eq!(
            (diagnostics, *errors),
            (&internal.diagnostics, internal.errors),
            "{what}: `check` and `build` report different findings"
        );
    }
    assert_eq!(
        internal.errors == 0,
        internal.site.is_some(),
        "{what}: check and build disagree: {} errors, site built: {}; {:?}",
        internal.errors,
        internal.site.is_some(),
        internal.diagnostics
    );
    if internal.errors > 0 {
        return (internal, None);
    }
    let root_owned = root.to_path_buf();
    let public = bounded(what, move || build(&root_owned, Visibility::Public));
    assert!(
        public.site.is_some(),
        "{what}: check passes and the internal site builds, but the public build fails: {:?}",
        public.diagnostics
    );
    (internal, Some(public))
}

#[test]
fn damaged_inputs_never_panic_hang_or_disagree() {
    let cases = env_number("ROPA_MUTATION_CASES", 50);
    let first = env_number("ROPA_MUTATION_SEED", 1);
    let dir = copy_example();
    let root = dir.path();
    let files = inputs(root);
    let started = std::time::Instant::now();
    let (mut refused, mut built) = (0, 0);
    for seed in first..first + cases {
        let mut rng = Rng::new(seed.wrapping_mul(0x9E37_79B9));
        let rel = &files[rng.below(files.len())];
        let original = std::fs::read(root.join(rel)).expect("read");
        let mut text = original.clone();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut rng, &mut text);
        }
        let what = format!("seed {seed} ({})", rel.display());
        std::fs::write(root.join(rel), &text).expect("write");
        let (internal, public) = run_case(&what, root);
        if internal.errors > 0 || internal.load_failed.is_some() {
            refused += 1;
        } else {
            built += 1;
        }
        // Every tenth case: the same damage with other line ends reads the same.
        if seed % 10 == 0 && !text.contains(&b'\r') {
            let (ending, bom): (&[u8], bool) = match rng.below(3) {
                0 => (b"\r\n", false),
                1 => (b"\r", false),
                _ => (b"\n", true),
            };
            std::fs::write(root.join(rel), rewrite(&text, ending, bom)).expect("write");
            let (internal2, public2) = run_case(&format!("{what}, rewritten"), root);
            assert_eq!(
                internal,
                internal2,
                "{what}: line ends/BOM change the internal outcome; input {:?}",
                String::from_utf8_lossy(&text)
            );
            assert_eq!(
                public, public2,
                "{what}: line ends/BOM change the public site"
            );
        }
        std::fs::write(root.join(rel), &original).expect("restore");
    }
    eprintln!(
        "{cases} cases from seed {first}: {refused} refused, {built} built, in {:?}",
        started.elapsed()
    );
}

/// Many more damaged registries go through `check` alone (load and check, as
/// `ropa check` runs them; a few hundredths of a second each): no panic, no hang, and
/// every fifth case rewritten with other line ends or a byte order mark reports the
/// same findings at the same lines and columns.
#[test]
fn damaged_inputs_checked_alone_never_panic_hang_or_read_line_ends_differently() {
    let cases = 20 * env_number("ROPA_MUTATION_CASES", 50);
    let first = env_number("ROPA_MUTATION_SEED", 1);
    let dir = copy_example();
    let root = dir.path();
    let files = inputs(root);
    let started = std::time::Instant::now();
    let (mut refused, mut rewritten) = (0, 0);
    for seed in first..first + cases {
        let mut rng = Rng::new(seed.wrapping_mul(0x2545_F491) ^ 0x5bd1_e995);
        let rel = &files[rng.below(files.len())];
        let original = std::fs::read(root.join(rel)).expect("read");
        let mut text = original.clone();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut rng, &mut text);
        }
        let what = format!("check seed {seed} ({})", rel.display());
        std::fs::write(root.join(rel), &text).expect("write");
        let root_owned = root.to_path_buf();
        let outcome = bounded(&what, move || check(&root_owned));
        if outcome.as_ref().map_or(true, |(_, errors)| *errors > 0) {
            refused += 1;
        }
        if seed % 5 == 0 && !text.contains(&b'\r') {
            let (ending, bom): (&[u8], bool) = match rng.below(4) {
                0 => (b"\r\n", false),
                1 => (b"\r", false),
                2 => (b"\r\n", true),
                _ => (b"\n", true),
            };
            std::fs::write(root.join(rel), rewrite(&text, ending, bom)).expect("write");
            let root_owned = root.to_path_buf();
            let again = bounded(&what, move || check(&root_owned));
            assert_eq!(
                outcome,
                again,
                "{what}: line ends {ending:?} / BOM {bom} change what check reports; input {:?}",
                String::from_utf8_lossy(&text)
            );
            rewritten += 1;
        }
        std::fs::write(root.join(rel), &original).expect("restore");
    }
    eprintln!(
        "{cases} check cases from seed {first}: {refused} with errors, {rewritten} rewritten, in {:?}",
        started.elapsed()
    );
}

/// Swaps the first two top-level blocks (a key and its indented lines) of a YAML
/// mapping file; `None` when the file is not shaped so.
fn reorder_top_level(text: &str) -> Option<String> {
    let mut blocks: Vec<String> = Vec::new();
    let mut head = String::new();
    for line in text.split_inclusive('\n') {
        let starts_key =
            line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && line.contains(':');
        if starts_key {
            blocks.push(line.to_string());
        } else if let Some(last) = blocks.last_mut() {
            last.push_str(line);
        } else {
            head.push_str(line);
        }
    }
    if blocks.len() < 3 || !blocks.iter().all(|b| b.ends_with('\n')) {
        return None;
    }
    // Keep `id` first-class where it is; swap the last two blocks.
    let n = blocks.len();
    blocks.swap(n - 1, n - 2);
    Some(head + &blocks.concat())
}

#[test]
fn reordered_keys_crlf_and_bom_give_the_same_site() {
    let dir = copy_example();
    let root = dir.path();
    let (base, base_public) = run_case("the example", root);
    assert_eq!(base.errors, 0, "{:?}", base.diagnostics);
    let codes = |o: &Outcome| {
        let mut c: Vec<String> = o
            .diagnostics
            .iter()
            .map(|d| d.split(' ').next().unwrap_or("").to_string())
            .collect();
        c.sort();
        c
    };
    let mut tried = 0;
    for rel in inputs(root)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        let original = std::fs::read_to_string(root.join(rel)).expect("read");
        let Some(reordered) = reorder_top_level(&original) else {
            continue;
        };
        tried += 1;
        for (name, text) in [
            ("reordered", reordered.clone().into_bytes()),
            (
                "reordered+CRLF+BOM",
                rewrite(reordered.as_bytes(), b"\r\n", true),
            ),
        ] {
            std::fs::write(root.join(rel), &text).expect("write");
            let what = format!("{} {name}", rel.display());
            let (internal, public) = run_case(&what, root);
            assert_eq!(codes(&internal), codes(&base), "{what}: other diagnostics");
            assert_eq!(internal.site, base.site, "{what}: other internal site");
            assert_eq!(public, base_public, "{what}: other public site");
        }
        std::fs::write(root.join(rel), &original).expect("restore");
        if tried >= 6 {
            break;
        }
    }
    assert!(tried > 0, "no YAML file could be reordered");
}

#[test]
fn yaml_readers_agree_on_damaged_files() {
    let cases = 60 * env_number("ROPA_MUTATION_CASES", 50);
    let first = env_number("ROPA_MUTATION_SEED", 1);
    let root = example_root();
    let texts: Vec<(PathBuf, Vec<u8>)> = inputs(&root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let text = std::fs::read(root.join(&p)).expect("read");
            (p, text)
        })
        .collect();
    let started = std::time::Instant::now();
    let mut disagreements = Vec::new();
    for seed in first..first + cases {
        let mut rng = Rng::new(seed.wrapping_mul(0x51_7CC1_B727) ^ 0xA5A5);
        let (rel, original) = &texts[rng.below(texts.len())];
        let mut text = original.clone();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut rng, &mut text);
        }
        let Ok(text) = String::from_utf8(text) else {
            continue;
        };
        let what = format!("seed {seed} ({})", rel.display());
        let file = ropa::source::SourceFile::new(rel.clone(), text.clone());
        let (fast, full) = bounded(&what, move || {
            (
                ropa::load::yaml::parse(&file),
                ropa::load::yaml::parse_full(&file),
            )
        });
        if fast != full {
            let (a, b) = (format!("{fast:?}"), format!("{full:?}"));
            let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            let around = |s: &str| {
                s.get(at.saturating_sub(150)..(at + 150).min(s.len()))
                    .unwrap_or("")
                    .to_string()
            };
            let diff = (around(&a), around(&b));
            let short = |r: &Result<ropa::load::yaml::Node, ropa::load::yaml::YamlError>| match r {
                Ok(_) => format!("a tree {diff:?}"),
                Err(e) => format!("{} at {:?}", e.message, e.span),
            };
            disagreements.push(format!(
                "{what}: fast reader: {}, full parser: {}; input {text:?}",
                short(&fast),
                short(&full)
            ));
        }
    }
    eprintln!(
        "{cases} reader cases from seed {first} in {:?}",
        started.elapsed()
    );
    for d in &disagreements {
        eprintln!("{}", d.chars().take(300).collect::<String>());
    }
    assert!(
        disagreements.is_empty(),
        "{} cases where the fast YAML reader and the full parser disagree; the first:\n{}",
        disagreements.len(),
        disagreements[0]
    );
}
