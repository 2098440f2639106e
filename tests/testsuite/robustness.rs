//! No input makes `ropa check` panic or crash: whatever is in the registry, the binary
//! exits with 0 or 1 (never 101, never a signal), prints a JSON report, and names the
//! broken file in a diagnostic.

use crate::support;

use serde_json::Value;
use support::{Example, Rng, Run};

/// Asserts a run ended normally with a well-formed report whose counts match exit code.
fn assert_sane(run: &Run, what: &str) {
    run.assert_no_crash(what);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "{what}: stdout is not JSON ({e})\nstdout:\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        )
    });
    let errors = json["errors"].as_u64().expect("errors");
    assert_eq!(
        run.code == Some(1),
        errors > 0,
        "{what}: exit code {:?} with {errors} error(s)",
        run.code
    );
}

/// Asserts the run reports an error in `file`.
fn assert_names(run: &Run, file: &str, what: &str) {
    assert_sane(run, what);
    run.assert_exit(1);
    let named = run
        .diagnostics()
        .into_iter()
        .any(|d| d["file"] == file && d["severity"] == "error");
    assert!(
        named,
        "{what}: no error names {file}; got:\n{}",
        run.summary()
    );
}

// Truncated example files ─────────────────────────────────────────────────────────

/// Byte offsets at which to cut a file of `len` bytes (some inside multi-byte characters).
fn cuts(text: &[u8]) -> Vec<usize> {
    let len = text.len();
    let mut out = vec![0, 1, len / 4, len / 2, 3 * len / 4, len.saturating_sub(1)];
    // The middle of the first and of the last multi-byte character.
    if let Some(i) = text.iter().position(|b| *b >= 0x80) {
        out.push(i + 1);
    }
    if let Some(i) = text.iter().rposition(|b| *b >= 0xC0) {
        out.push(i + 1);
    }
    // The end of the front matter of a Markdown file (drops the closing `---`).
    if let Some(i) = text.windows(5).position(|w| w == b"\n---\n") {
        out.push(i + 2);
        out.push(i + 4);
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|&c| c < len);
    out
}

#[test]
fn truncated_example_files_never_crash() {
    let probe = Example::new();
    let mut files = probe.files("registry");
    files.extend(probe.files("processes"));
    assert!(files.len() > 10, "the example has files: {files:?}");
    drop(probe);

    let workers = 4;
    std::thread::scope(|scope| {
        for w in 0..workers {
            let mine: Vec<String> = files.iter().skip(w).step_by(workers).cloned().collect();
            scope.spawn(move || {
                let ex = Example::new();
                for file in mine {
                    let original = std::fs::read(ex.path(&file)).expect("read");
                    for cut in cuts(&original) {
                        let part = &original[..cut];
                        ex.write(&file, part);
                        let run = ex.check(&[]);
                        let what = format!("{file} cut at byte {cut} of {}", original.len());
                        assert_sane(&run, &what);
                        // Cutting a character in half leaves a file that is not UTF-8.
                        if std::str::from_utf8(part).is_err() {
                            assert_names(&run, &file, &what);
                            run.expect_in("not-text", &file);
                        }
                        // A process that lost its closing `---` has no front matter.
                        if file.ends_with(".md")
                            && std::str::from_utf8(part)
                                .is_ok_and(|t| t.starts_with("---\n") && !t[4..].contains("\n---"))
                            && !part.is_empty()
                        {
                            assert_names(&run, &file, &what);
                        }
                    }
                    ex.write(&file, &original);
                }
            });
        }
    });
}

// Malformed files ─────────────────────────────────────────────────────────────────

/// Inputs that are no registry record at all.
fn malformed_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let mut rng = Rng::new(0x05EE_D0FB_0B00);
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0".to_vec();
    png.extend(rng.bytes(2048));
    let yamlish: Vec<u8> = {
        let alphabet = b"abc:- \n\n  []{},&*!|>'\"#%@`?\t\\0123456789";
        (0..4096)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect()
    };
    let mut nested_block = String::new();
    for depth in 0..1000 {
        nested_block.push_str(&" ".repeat(depth));
        nested_block.push_str("a:\n");
    }
    let mut laughs = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        laughs.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let mut big = b"id: big\nnotes: ".to_vec();
    big.extend(std::iter::repeat_n(b'x', 9 * 1024 * 1024));
    big.push(b'\n');

    vec![
        ("random bytes", rng.bytes(4096)),
        ("more random bytes", rng.bytes(100)),
        ("random YAML punctuation", yamlish),
        ("a PNG image", png),
        ("invalid UTF-8", b"id: caf\xe9\nname: \xff\xfe\n".to_vec()),
        ("a lone continuation byte", b"id: x\nname: \x80\n".to_vec()),
        (
            "an encoded surrogate",
            b"id: x\nname: \xed\xa0\x80\n".to_vec(),
        ),
        ("UTF-16 with a BOM", b"\xff\xfei\0d\0:\0 \0x\0\n\0".to_vec()),
        ("a NUL byte", b"id: x\nname: a\0b\n".to_vec()),
        ("100000 open lists", "[".repeat(100_000).into_bytes()),
        (
            "100000 nested mappings",
            "a: {".repeat(100_000).into_bytes(),
        ),
        (
            "100000 nested flow mappings",
            "{a: ".repeat(100_000).into_bytes(),
        ),
        (
            "100000 nested block lists",
            "- ".repeat(100_000).into_bytes(),
        ),
        ("1000 indented mappings", nested_block.into_bytes()),
        ("an empty file", Vec::new()),
        ("only `---`", b"---".to_vec()),
        ("only `---` and a newline", b"---\n".to_vec()),
        ("only `...`", b"...\n".to_vec()),
        ("only comments", b"# a comment\n# another\n".to_vec()),
        ("only blank lines", b"\n\n   \n\t\n".to_vec()),
        ("an alias bomb", laughs.into_bytes()),
        ("an alias", b"id: x\nname: *nothing\n".to_vec()),
        (
            "a tag",
            b"id: !custom x\nname: !!binary aGVsbG8=\n".to_vec(),
        ),
        ("two documents", b"id: a\n---\nid: b\n".to_vec()),
        ("a complex key", b"? [a, b]\n: c\n".to_vec()),
        ("a mapping as key", b"{a: b}: c\n".to_vec()),
        ("an unterminated quote", b"id: \"x\nname: y\n".to_vec()),
        ("tab indentation", b"id: x\naddress:\n\tcity: y\n".to_vec()),
        ("a plain scalar", b"just some text\n".to_vec()),
        ("a number", b"42\n".to_vec()),
        ("a list of numbers", b"[1, 2, 3]\n".to_vec()),
        ("a list of lists", b"- [a]\n- [b]\n".to_vec()),
        ("a mapping of nulls", b"id:\nname:\n".to_vec()),
        ("a byte order mark", b"\xef\xbb\xbfid: x\n".to_vec()),
        ("a file over the size limit", big),
    ]
}

/// How a malformed input becomes the text of a file.
type Wrap = fn(&[u8]) -> Vec<u8>;

/// Where a malformed input is put: the file, and how the input becomes its text.
fn placements() -> Vec<(&'static str, Wrap)> {
    fn raw(b: &[u8]) -> Vec<u8> {
        b.to_vec()
    }
    fn front_matter(b: &[u8]) -> Vec<u8> {
        let mut out = b"---\n".to_vec();
        out.extend_from_slice(b);
        if !b.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(b"---\n\n# Body\n");
        out
    }
    vec![
        ("registry/subprocessors/broken.yaml", raw),
        ("registry/data-categories/broken.yaml", raw),
        ("registry/organization.yaml", raw),
        ("processes/broken.md", raw),
        ("processes/broken.md", front_matter),
        ("processes/breach-notification.en.md", front_matter),
    ]
}

#[test]
fn malformed_files_are_reported_not_crashed_on() {
    let inputs = malformed_inputs();
    let places = placements();
    std::thread::scope(|scope| {
        for (i, (file, wrap)) in places.iter().enumerate() {
            let inputs = &inputs;
            // Text output for one YAML and one Markdown placement is enough.
            let text_too = i == 0 || i == 4;
            scope.spawn(move || {
                let ex = Example::new();
                let original = std::fs::read(ex.path(file)).ok();
                for (name, bytes) in inputs {
                    ex.write(file, wrap(bytes));
                    let what = format!("{name} in {file}");
                    let run = ex.check(&[]);
                    assert_names(&run, file, &what);
                    // The text rendering (source snippets) is a code path of its own.
                    if !text_too {
                        continue;
                    }
                    let text = ex.check_text(&[]);
                    text.assert_no_crash(&format!("{what}, text output"));
                    text.assert_exit(1);
                    assert!(
                        text.stderr.contains(file),
                        "{what}: the text output does not name the file:\n{}",
                        text.stderr
                    );
                }
                match original {
                    Some(o) => ex.write(file, o),
                    None => ex.remove(file),
                }
            });
        }
    });
}

#[test]
fn specific_codes_for_specific_breakage() {
    let cases: [(&str, &[u8], &str); 9] = [
        ("an empty file", b"", "empty-file"),
        ("only `---`", b"---\n", "empty-file"),
        ("only comments", b"# nothing\n# here\n", "empty-file"),
        ("invalid UTF-8", b"id: x\nname: \xff\n", "not-text"),
        ("a PNG image", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not-text"),
        ("a NUL byte", b"id: x\0\n", "not-text"),
        ("an anchor", b"id: &a x\nname: *a\n", "yaml-unsupported"),
        ("two documents", b"id: a\n---\nid: b\n", "yaml-syntax"),
        ("a mapping as key", b"{a: b}: c\n", "yaml-unsupported"),
    ];
    let ex = Example::new();
    let file = "registry/subprocessors/broken.yaml";
    for (name, bytes, code) in cases {
        ex.write(file, bytes);
        let run = ex.check(&[]);
        assert_sane(&run, name);
        run.assert_exit(1);
        assert!(
            !run.find(code, file).is_empty(),
            "{name}: expected `{code}` in {file}; got:\n{}",
            run.summary()
        );
    }
    // Too deep: either the depth cap or the parser's own limit, never a crash.
    for (name, text) in [
        ("open lists", "[".repeat(100_000)),
        ("nested mappings", "a: {".repeat(100_000)),
        ("nested block lists", "- ".repeat(100_000)),
    ] {
        ex.write(file, &text);
        let run = ex.check(&[]);
        assert_names(&run, file, name);
        let codes: Vec<String> = run
            .find("yaml-too-deep", file)
            .into_iter()
            .chain(run.find("yaml-syntax", file))
            .map(|d| d["code"].as_str().unwrap_or_default().to_string())
            .collect();
        assert!(
            !codes.is_empty(),
            "{name}: expected `yaml-too-deep` in {file}; got:\n{}",
            run.summary()
        );
    }
}

#[test]
fn process_with_unterminated_front_matter_is_reported() {
    let ex = Example::new();
    let file = "processes/breach-notification.md";
    let text = ex.read(file);
    let close = text[4..].find("\n---\n").expect("front matter closes") + 4;
    let broken = format!("{}{}", &text[..close + 1], &text[close + 5..]);
    assert!(!broken[4..].contains("\n---\n"));
    ex.write(file, &broken);
    let run = ex.check(&[]);
    assert_names(&run, file, "unterminated front matter");

    for (name, body) in [
        ("only the opening line", "---\n"),
        ("opening line without newline", "---"),
        ("front matter that never ends", "---\ntitle: x\nowner: y\n"),
    ] {
        ex.write(file, body);
        let run = ex.check(&[]);
        assert_names(&run, file, name);
    }
}

// Odd but valid Markdown: no crash, whatever the diagnostics ─────────────────────

#[test]
fn odd_markdown_bodies_never_crash() {
    let ex = Example::new();
    let file = "processes/breach-notification.md";
    let text = ex.read(file);
    let close = text[4..].find("\n---\n").expect("front matter closes") + 4;
    let front = &text[..close + 5];
    let bodies: Vec<(&str, String)> = vec![
        ("empty body", String::new()),
        ("deep block quotes", ">".repeat(100_000)),
        ("deep lists", "- ".repeat(100_000)),
        ("open brackets", "[".repeat(100_000)),
        ("nested links", "[a](".repeat(10_000)),
        ("emphasis", "*_".repeat(50_000)),
        (
            "odd ropa links",
            "[a](ropa:) [b](ropa:/) [c](ropa:subprocessor/) [d](ropa:/hetzner) \
             [e](ropa:subprocessor/hetzner#) [f](ropa:nothing/x) [g](ropa:subprocessor/hetzner/x) \
             [h](ropa:%00) [i](<ropa:subprocessor/ü>)\n"
                .to_string(),
        ),
        ("HTML", "<div><a href=\"ropa:x/y\">".repeat(1000)),
        (
            "a NUL-free control mess",
            "\u{1}\u{2}\u{7f}\u{85}\u{2028}\r\r\n".repeat(1000),
        ),
    ];
    for (name, body) in bodies {
        ex.write(file, format!("{front}{body}"));
        let run = ex.check(&[]);
        assert_sane(&run, name);
        ex.check_text(&[])
            .assert_no_crash(&format!("{name}, text output"));
    }
}

// Extreme values in otherwise valid records ─────────────────────────────────────────

/// Huge durations and dates at the ends of the calendar are valid input; reviews and
/// trainings computed from them must not overflow.
#[test]
fn extreme_durations_and_dates_never_crash() {
    let places = [
        (
            "registry/subprocessors/hetzner.yaml",
            "\n  interval: P1Y\n",
            "\n  last: 2026-01-20\n",
        ),
        (
            "registry/trainings/trainings.yaml",
            "\n  interval: P1Y\n",
            "\n  last_held: 2026-02-10\n",
        ),
        (
            "processes/breach-notification.md",
            "\n  interval: P1Y\n",
            "\n  last: 2026-05-12\n",
        ),
    ];
    let intervals = [
        "P4294967295Y",
        "P357913942Y",
        "P1Y4294967295M",
        "P4294967295W",
        "PT4294967295H",
        "P4294967295Y4294967295M4294967295W4294967295DT4294967295H4294967295M4294967295S",
        "P99999999999999999999Y",
    ];
    let dates = ["9999-12-31", "0000-01-01"];
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = places
            .iter()
            .map(|&(file, interval_line, date_line)| {
                scope.spawn(move || {
                    let ex = Example::new();
                    let mut failures = Vec::new();
                    let original = ex.read(file);
                    assert!(
                        original.contains(interval_line),
                        "{file} has `{interval_line}`"
                    );
                    assert!(original.contains(date_line), "{file} has `{date_line}`");
                    let key = date_line.trim().split(':').next().expect("key");
                    for interval in intervals {
                        for date in dates {
                            let text = original
                                .replacen(interval_line, &format!("\n  interval: {interval}\n"), 1)
                                .replacen(date_line, &format!("\n  {key}: {date}\n"), 1);
                            ex.write(file, &text);
                            let run = ex.check(&[]);
                            let what = format!("{file} with interval {interval} from {date}");
                            if run.signal.is_some() || !matches!(run.code, Some(0) | Some(1)) {
                                let first = run.stderr.lines().find(|l| l.contains("panicked"));
                                failures.push(format!(
                                    "{what}: exit {:?}; {}",
                                    run.code,
                                    first.unwrap_or("")
                                ));
                            } else {
                                assert_sane(&run, &what);
                            }
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} run(s) crashed, among them:\n{}",
        failures.len(),
        failures
            .iter()
            .take(6)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
