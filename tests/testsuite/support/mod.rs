//! Shared helpers of the test suite: a temporary copy of the example registry,
//! running the real `ropa` binary on it, and reading its JSON output.

pub mod fs;
pub mod history;
pub mod html;
pub mod webdriver;

pub use fs::{copy_registry, example, files, text_files};

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// One lock for the tests that run a server and measure its latency or load (the
/// `serve` and `serve_safety` modules): they share two cores with whatever else runs,
/// and one server's rebuild must not eat another's time budget.
static SERIAL: Mutex<()> = Mutex::new(());

/// Takes the [`SERIAL`] lock (also after a test that held it failed).
pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// The date every check runs "as of", so that due dates do not drift with the calendar.
pub const AS_OF: &str = "2026-11-29";

/// How long one run of the binary may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The folder of the example registry (holds `registry/` and `processes/`).
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A registry of `tests/fixtures/` (e.g. `leak`).
pub fn fixture(name: &str) -> PathBuf {
    example_root().join("tests/fixtures").join(name)
}

/// The binary under test.
pub fn ropa_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ropa"))
}

/// A temporary copy of the example registry (`registry/` and `processes/`).
pub struct Example {
    dir: tempfile::TempDir,
}

impl Example {
    /// Copies the example registry into a fresh temporary folder.
    pub fn new() -> Self {
        let src = example_root();
        assert!(
            src.join("registry/organization.yaml").is_file(),
            "the example registry is missing at {}",
            src.display()
        );
        Example {
            dir: copy_registry(&src),
        }
    }

    /// A copy with one load error: Hetzner lacks its required `legal_name`.
    pub fn broken() -> Self {
        let ex = Example::new();
        ex.replace(
            "registry/subprocessors/hetzner.yaml",
            "legal_name: Hetzner Online GmbH\n",
            "",
        );
        ex
    }

    /// The folder that holds `registry/` and `processes/`.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The absolute path of a file given relative to the root (`registry/…`).
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The text of a file of the copy.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// Writes a file of the copy (creating its folder).
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {rel}: {e}"));
    }

    /// Deletes a file of the copy.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap_or_else(|e| panic!("cannot remove {rel}: {e}"));
    }

    /// Replaces the one occurrence of `from` in a file by `to`; returns the new text.
    /// Panics when `from` does not occur exactly once (the example changed).
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> String {
        let text = self.read(rel);
        let n = text.matches(from).count();
        assert_eq!(
            n, 1,
            "expected exactly one `{from}` in {rel}, found {n}; has the example registry changed?"
        );
        let new = text.replacen(from, to, 1);
        self.write(rel, &new);
        new
    }

    /// Replaces the whole top-level entry `key:` of a one-record file (the key line and
    /// the indented lines under it) by `replacement` (one or more lines, no final
    /// newline); returns the new text. Panics when the key is not there.
    pub fn set_top_level(&self, rel: &str, key: &str, replacement: &str) -> String {
        let text = self.read(rel);
        let new = replace_top_level(&text, key, replacement)
            .unwrap_or_else(|| panic!("no top-level `{key}:` in {rel}"));
        self.write(rel, &new);
        new
    }

    /// Every file of the copy under `rel` (recursively), as paths relative to the root
    /// with `/` separators, sorted.
    pub fn files(&self, rel: &str) -> Vec<String> {
        let mut out = Vec::new();
        collect_files(self.root(), &self.path(rel), &mut out);
        out.sort();
        out
    }

    /// Runs `ropa check <root> --format json --as-of AS_OF` plus `extra`.
    pub fn check(&self, extra: &[&str]) -> Run {
        let mut args = vec!["--format", "json", "--as-of", AS_OF];
        args.extend_from_slice(extra);
        check_dir(self.root(), &args)
    }

    /// Runs `ropa check <root> --as-of AS_OF` plus `extra` (text output on stderr).
    pub fn check_text(&self, extra: &[&str]) -> Run {
        let mut args = vec!["--as-of", AS_OF];
        args.extend_from_slice(extra);
        check_dir(self.root(), &args)
    }
}

impl Default for Example {
    fn default() -> Self {
        Example::new()
    }
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let entry = entry.expect("folder entry");
        let path = entry.path();
        if path.is_dir() {
            collect_files(root, &path, out);
        } else {
            let rel = path.strip_prefix(root).expect("under root");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Runs the binary with `args` and returns what it wrote (no timeout; for the tests
/// that look at the raw bytes of its output).
pub fn ropa(args: &[&str]) -> Output {
    Command::new(ropa_bin())
        .args(args)
        .output()
        .expect("run ropa")
}

/// Runs `command` to its end and fails the test, with its stderr, unless it succeeds.
pub fn output_ok(command: &mut Command, what: &str) -> Output {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `ropa build <dir> --audience <audience> --as-of AS_OF --out <out>`; fails the test
/// with ropa's stderr unless it succeeds.
pub fn build(dir: &Path, audience: &str, out: &Path) {
    let mut command = Command::new(ropa_bin());
    command
        .arg("build")
        .arg(dir)
        .args(["--audience", audience, "--as-of", AS_OF, "--out"])
        .arg(out);
    output_ok(&mut command, &format!("ropa build --audience {audience}"));
}

/// The errors of `instance` against the JSON Schema `schema`, one readable line each.
pub fn schema_errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("a valid schema");
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Bytes a run wrote, as text (invalid UTF-8 replaced).
pub fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// The signal that ended the process, if any (Unix).
    pub signal: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `ropa check <dir> <args…>`.
pub fn check_dir(dir: &Path, args: &[&str]) -> Run {
    let mut full: Vec<String> = vec!["check".into(), dir.display().to_string()];
    full.extend(args.iter().map(|s| s.to_string()));
    run(&full)
}

/// Runs `ropa <command> <root> --as-of AS_OF <extra…>`.
pub fn run_on(command: &str, root: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        command.to_string(),
        root.display().to_string(),
        "--as-of".to_string(),
        AS_OF.to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args)
}

/// Runs the binary with `args`; fails the test if it takes longer than the timeout.
pub fn run(args: &[String]) -> Run {
    run_program(&ropa_bin(), args, TIMEOUT)
}

/// Runs `program` with `args` to completion; fails the test if it cannot start or
/// takes longer than `limit` (it is killed then).
pub fn run_program(program: &Path, args: &[String], limit: Duration) -> Run {
    let out_file = tempfile::tempfile().expect("temp file");
    let err_file = tempfile::tempfile().expect("temp file");
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out_file.try_clone().expect("clone"))
        .stderr(err_file.try_clone().expect("clone"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the program") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{} {args:?} did not finish within {limit:?}",
                program.display()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let read = |mut f: std::fs::File| {
        use std::io::{Read, Seek};
        f.rewind().expect("rewind");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read output");
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Run {
        code: status.code(),
        signal: signal_of(&status),
        stdout: read(out_file),
        stderr: read(err_file),
    }
}

#[cfg(unix)]
fn signal_of(status: &std::process::ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal()
}

#[cfg(not(unix))]
fn signal_of(_: &std::process::ExitStatus) -> Option<i32> {
    None
}

impl Run {
    /// The parsed JSON report on stdout.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}); exit {:?}\nstdout:\n{}\nstderr:\n{}",
                self.code, self.stdout, self.stderr
            )
        })
    }

    /// The diagnostics of the JSON report.
    pub fn diagnostics(&self) -> Vec<Value> {
        self.json()["diagnostics"]
            .as_array()
            .unwrap_or_else(|| panic!("no `diagnostics` array in {}", self.stdout))
            .clone()
    }

    /// Number of errors in the JSON report.
    pub fn errors(&self) -> u64 {
        self.json()["errors"].as_u64().expect("`errors` count")
    }

    /// Number of warnings in the JSON report.
    pub fn warnings(&self) -> u64 {
        self.json()["warnings"].as_u64().expect("`warnings` count")
    }

    /// A readable list of the diagnostics, for assertion messages.
    pub fn summary(&self) -> String {
        match serde_json::from_str::<Value>(&self.stdout) {
            Ok(v) => v["diagnostics"]
                .as_array()
                .map(|ds| ds.iter().map(describe).collect::<Vec<_>>().join("\n"))
                .unwrap_or_default(),
            Err(_) => format!("stdout: {}\nstderr: {}", self.stdout, self.stderr),
        }
    }

    /// Asserts that the process ended normally with `code`.
    pub fn assert_exit(&self, code: i32) {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}, got {:?} (signal {:?})\ndiagnostics:\n{}\nstderr:\n{}",
            self.code,
            self.signal,
            self.summary(),
            self.stderr
        );
    }

    /// Asserts the process did not panic or crash: it exited with 0 or 1.
    pub fn assert_no_crash(&self, what: &str) {
        assert!(
            self.signal.is_none(),
            "{what}: ropa was killed by signal {:?}\nstderr:\n{}",
            self.signal,
            self.stderr
        );
        assert!(
            matches!(self.code, Some(0) | Some(1)),
            "{what}: ropa exited with {:?} (101 = panic)\nstderr:\n{}",
            self.code,
            self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "{what}: ropa panicked\nstderr:\n{}",
            self.stderr
        );
    }

    /// Every diagnostic with `code` in `file`.
    pub fn find(&self, code: &str, file: &str) -> Vec<Value> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d["code"] == code && d["file"] == file)
            .collect()
    }

    /// The diagnostic with `code` in `file` at `line`; fails the test with the
    /// full list of diagnostics when there is none.
    pub fn expect(&self, code: &str, file: &str, line: usize) -> Value {
        let found = self
            .diagnostics()
            .into_iter()
            .find(|d| d["code"] == code && d["file"] == file && d["line"] == line);
        match found {
            Some(d) => d,
            None => panic!(
                "expected `{code}` in {file} at line {line}; got:\n{}",
                self.summary()
            ),
        }
    }

    /// The one diagnostic with `code` in `file` (any line).
    pub fn expect_in(&self, code: &str, file: &str) -> Value {
        let found = self.find(code, file);
        match found.len() {
            1 => found.into_iter().next().expect("one"),
            0 => panic!("expected `{code}` in {file}; got:\n{}", self.summary()),
            n => panic!(
                "expected one `{code}` in {file}, found {n}:\n{}",
                self.summary()
            ),
        }
    }
}

/// Where a diagnostic is, as `file:line:col`.
pub fn place(d: &Value) -> String {
    format!(
        "{}:{}:{}",
        d["file"].as_str().unwrap_or("-"),
        d["line"],
        d["column"]
    )
}

/// One diagnostic as `file:line:col severity[code] message`.
pub fn describe(d: &Value) -> String {
    format!(
        "{} {}[{}] {}",
        place(d),
        d["severity"].as_str().unwrap_or("?"),
        d["code"].as_str().unwrap_or("?"),
        d["message"].as_str().unwrap_or("")
    )
}

/// Replaces the top-level entry `key:` (its line and the indented, blank or list lines
/// under it) by `replacement`.
pub fn replace_top_level(text: &str, key: &str, replacement: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let head = format!("{key}:");
    let start = lines.iter().position(|l| {
        l.starts_with(&head)
            && (l.len() == head.len() || l[head.len()..].starts_with([' ', '\n', '\r']))
    })?;
    let mut end = start + 1;
    while end < lines.len() {
        let l = lines[end];
        let continues = l.starts_with(' ') || l.starts_with('-') || l.trim().is_empty();
        if !continues {
            break;
        }
        end += 1;
    }
    // Blank lines at the end of the block belong to what follows.
    while end > start + 1 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    let mut out: String = lines[..start].concat();
    out.push_str(replacement);
    out.push('\n');
    out.push_str(&lines[end..].concat());
    Some(out)
}

/// The 1-based line on which `needle` first occurs in `text`.
pub fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` does not occur in the text"));
    line_at(text, at)
}

/// The 1-based line of a byte offset.
pub fn line_at(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// The 1-based line on which `needle` occurs at or after the line `after`.
pub fn line_of_after(text: &str, after: usize, needle: &str) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(after.saturating_sub(1))
        .map(str::len)
        .sum();
    let at = text[start..]
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` does not occur after line {after}"));
    line_at(text, start + at)
}

/// A small deterministic pseudo-random generator (xorshift64*), so that "random"
/// inputs are the same on every run.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (any value; zero is replaced).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// `len` random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| (self.next_u64() >> 56) as u8).collect()
    }
}

/// `git` in `dir`, with an identity of its own and no signing, so that the test does
/// not depend on the machine's git configuration.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=ropa test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("run git (git must be installed; ./test.sh installs it)");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
