//! The layering rule of src/lib.rs, enforced: a module may use its own layer and the
//! layers listed before it, never one listed after it. The layers are read from
//! src/lib.rs itself (its `// N. name` comments and the `pub mod` lines under each), so
//! the order is written down once. The test also holds the rules that go with the
//! layers: only the command layer parses arguments (clap) or prints, and the model
//! layer does no I/O.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Top-level module → (layer number, layer name), from src/lib.rs.
fn layers(lib: &str) -> BTreeMap<String, (usize, String)> {
    let mut out = BTreeMap::new();
    let mut current: Option<(usize, String)> = None;
    for line in lib.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("// ") {
            if let Some((n, name)) = rest.split_once(". ") {
                if let Ok(n) = n.parse::<usize>() {
                    let name = name.split(':').next().unwrap_or(name).trim().to_string();
                    current = Some((n, name));
                }
            }
        } else if let Some(m) = line.strip_prefix("pub mod ") {
            let m = m.trim_end_matches(';').to_string();
            let layer = current.clone().unwrap_or_else(|| {
                panic!("src/lib.rs: `pub mod {m}` stands before any `// N. layer` comment")
            });
            out.insert(m, layer);
        } else if line.starts_with("mod ") {
            panic!(
                "src/lib.rs: `{line}`: every top-level module is `pub mod` under a layer comment"
            );
        }
    }
    out
}

/// The source text without comments, string and char literals (so that `crate::x`
/// in a doc comment or a message is not an import).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if b[i] == b'\n' {
                            out.push('\n');
                        }
                        i += 1;
                    }
                }
            }
            b'r' if (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                // A raw string r"…" or r#"…"#.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                while j < b.len() && !b[j..].starts_with(&close) {
                    if b[j] == b'\n' {
                        out.push('\n');
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j + close.len();
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    if b.get(i) == Some(&b'\n') {
                        out.push('\n');
                    }
                    i += 1;
                }
                out.push_str("\"\"");
                i += 1;
            }
            b'\'' if b.get(i + 2) == Some(&b'\'') || b.get(i + 1) == Some(&b'\\') => {
                // A char literal ('x', '\n', '\u{..}'); lifetimes ('a) are left alone.
                let mut j = i + 1;
                if b[j] == b'\\' {
                    j += 2;
                }
                while j < b.len() && b[j] != b'\'' {
                    j += 1;
                }
                out.push_str("' '");
                i = j + 1;
            }
            c => {
                out.push(c as char);
                i += 1;
            }
        }
    }
    out
}

/// Each `crate::<module>` the code names, with its line: paths and `use crate::{a, b}`.
fn crate_uses(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().last();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `mycrate::` is not `crate::`
            }
            if let Some(list) = rest.strip_prefix('{') {
                // `use crate::{a::b, c};`: the first name of each item at the top level.
                let mut depth = 0;
                let mut item_start = true;
                let mut name = String::new();
                for c in list.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => item_start = true,
                        c if item_start && (c.is_alphanumeric() || c == '_') => name.push(c),
                        _ if !name.is_empty() => {
                            out.push((n + 1, std::mem::take(&mut name)));
                            item_start = false;
                        }
                        _ => {}
                    }
                }
                if !name.is_empty() {
                    out.push((n + 1, name));
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push((n + 1, name));
                }
            }
        }
    }
    out
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// The top-level module a file of src/ belongs to (`None` for lib.rs and main.rs).
fn top_module(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The modules of plain data, which do no I/O.
const PLAIN_DATA: &[&str] = &["model", "source", "diagnostics", "markdown"];

/// Every breach of the rules in src/, as messages a reader can act on.
fn breaches(lib: &str, files: &[(PathBuf, String)]) -> Vec<String> {
    let layers = layers(lib);
    let cmd_layer = layers.get("cmd").map(|l| l.0);
    let mut found = Vec::new();
    for (path, text) in files {
        let Some(module) = top_module(path) else {
            continue;
        };
        let shown = path.strip_prefix(src().parent().unwrap()).unwrap_or(path);
        let Some((layer, layer_name)) = layers.get(&module) else {
            found.push(format!(
                "{}: module `{module}` is not listed under a layer in src/lib.rs",
                shown.display()
            ));
            continue;
        };
        // A file's unit tests (`#[cfg(test)] mod tests`, at its end) may print.
        let code = code_only(text);
        let code = match code.find("#[cfg(test)]\nmod ") {
            Some(at) => &code[..at],
            None => &code[..],
        };
        for (line, used) in crate_uses(code) {
            let Some((used_layer, used_name)) = layers.get(&used) else {
                continue; // a macro or item defined in lib.rs
            };
            if used_layer > layer {
                found.push(format!(
                    "{}:{line}: `{module}` (layer {layer}, {layer_name}) uses `crate::{used}` (layer {used_layer}, {used_name}): a layer may use only itself and the layers before it in src/lib.rs; move the code it needs down, or pass the value in",
                    shown.display()
                ));
            }
        }
        // Unit tests (a `tests.rs` beside the code) may print what they found.
        let is_cmd = Some(*layer) == cmd_layer || path.file_name().is_some_and(|n| n == "tests.rs");
        for (n, l) in code.lines().enumerate() {
            let words = |w: &str| {
                l.match_indices(w).any(|(at, _)| {
                    !l[..at]
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
            };
            if !is_cmd {
                for m in [
                    "println!",
                    "eprintln!",
                    "print!",
                    "eprint!",
                    "std::process::exit",
                    "io::stdout()",
                    "io::stderr()",
                ] {
                    if words(m) {
                        found.push(format!("{}:{}: `{m}` outside the command layer: return the text or log it (`log::info!`), and let src/cmd/ print it", shown.display(), n + 1));
                    }
                }
                if words("clap::") || words("use clap") {
                    found.push(format!("{}:{}: clap outside the command layer: library functions take plain values (src/cmd/cli.rs holds the arguments)", shown.display(), n + 1));
                }
            }
            if PLAIN_DATA.contains(&module.as_str()) {
                for m in ["std::fs", "std::net", "std::process", "walkdir::"] {
                    if words(m) {
                        found.push(format!("{}:{}: `{m}` in `{module}`, which is plain data: no I/O here (the loader reads, the outputs write)", shown.display(), n + 1));
                    }
                }
            }
        }
    }
    found
}

/// Pairs of top-level modules that use each other (a cycle within a layer), with a
/// line of each side.
fn cycles(lib: &str, files: &[(PathBuf, String)]) -> Vec<String> {
    let layers = layers(lib);
    let mut edges: BTreeMap<(String, String), String> = BTreeMap::new();
    for (path, text) in files {
        let Some(module) = top_module(path) else {
            continue;
        };
        let code = code_only(text);
        let code = match code.find("#[cfg(test)]\nmod ") {
            Some(at) => &code[..at],
            None => &code[..],
        };
        let shown = path.strip_prefix(src().parent().unwrap()).unwrap_or(path);
        for (line, used) in crate_uses(code) {
            if used != module && layers.contains_key(&used) {
                edges
                    .entry((module.clone(), used))
                    .or_insert_with(|| format!("{}:{line}", shown.display()));
            }
        }
    }
    edges
        .iter()
        .filter(|((a, b), _)| a < b)
        .filter_map(|((a, b), at)| {
            let back = edges.get(&(b.clone(), a.clone()))?;
            Some(format!(
                "`{a}` and `{b}` use each other ({at} and {back}): one of them must not"
            ))
        })
        .collect()
}

fn read_src() -> (String, Vec<(PathBuf, String)>) {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let files = rust_files(&src())
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    (lib, files)
}

#[test]
fn no_module_uses_a_layer_after_its_own() {
    let (lib, files) = read_src();
    let layers = layers(&lib);
    assert!(
        layers.len() >= 10,
        "src/lib.rs lists too few modules: {layers:?}"
    );
    let found = breaches(&lib, &files);
    assert!(
        found.is_empty(),
        "{} breach(es) of the layers of src/lib.rs:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn a_backward_import_is_caught() {
    // The rule itself, on a made-up tree: a model file that uses the check layer, a
    // grouped import, and a print in the loader; a doc comment naming a higher layer
    // is not an import.
    let lib = "// 1. model\npub mod model;\n// 2. load\npub mod load;\n// 3. check\npub mod check;\n// 4. cmd\npub mod cmd;\n";
    let files = vec![
        (
            src().join("model/x.rs"),
            "//! see crate::check\nuse crate::{model::A, check::B};\nfn f() { let _ = std::fs::read(\"crate::cmd\"); }\n".to_string(),
        ),
        (src().join("load/mod.rs"), "fn g() { eprintln!(\"hi\"); crate::model::x(); }\n".to_string()),
        (src().join("cmd/mod.rs"), "use crate::check; fn h() { println!(); }\n".to_string()),
    ];
    let found = breaches(lib, &files);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0].contains(
            "src/model/x.rs:2: `model` (layer 1, model) uses `crate::check` (layer 3, check)"
        ),
        "{}",
        found[0]
    );
    assert!(
        found[1].contains("src/model/x.rs:3: `std::fs` in `model`, which is plain data"),
        "{}",
        found[1]
    );
    assert!(
        found[2].contains("src/load/mod.rs:1: `eprintln!` outside the command layer"),
        "{}",
        found[2]
    );
}

#[test]
fn no_two_modules_use_each_other() {
    let (lib, files) = read_src();
    let found = cycles(&lib, &files);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
