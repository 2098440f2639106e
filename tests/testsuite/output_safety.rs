//! Output folders and files (issue #18, items 1 and 2), through the real binary:
//! `ropa build`, `report --out`, `export --out` and `--bundle` never replace what ropa
//! did not write (the registry, a folder of the user's, a file, `/`, home), and a build
//! killed at any moment, even in the middle of the swap, leaves the old complete site
//! or the new one, with nothing else left behind after the next build.

use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use support::{ropa_bin, Example, AS_OF};

/// Another date, so that a build differs from one as of [`AS_OF`].
const OTHER_AS_OF: &str = "2027-03-01";

/// Runs ropa with `args` (and `HOME` set to `home` when given), bounded in time.
fn ropa_env(args: &[&dyn AsRef<std::ffi::OsStr>], home: Option<&Path>) -> Output {
    let mut cmd = Command::new(ropa_bin());
    for a in args {
        cmd.arg(a);
    }
    if let Some(home) = home {
        cmd.env("HOME", home);
    }
    cmd.stdin(Stdio::null());
    let started = Instant::now();
    let out = cmd.output().expect("start ropa");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "ropa took too long"
    );
    out
}

fn ropa(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    ropa_env(args, None)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file and folder under `dir`: root-relative path → content (`None` for folders).
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("under dir")
            .to_string_lossy()
            .replace('\\', "/");
        let content = entry
            .file_type()
            .is_file()
            .then(|| std::fs::read(entry.path()).expect("read file"));
        out.insert(rel, content);
    }
    out
}

/// Asserts that `o` is a refusal (exit 2) whose message names `path` and says `why`.
fn assert_refused(o: &Output, path: &Path, why: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "expected exit 2; stderr:\n{err}");
    assert!(
        err.contains(&path.display().to_string()),
        "the message names {}:\n{err}",
        path.display()
    );
    assert!(err.contains(why), "the message says `{why}`:\n{err}");
}

fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
        vec![&"build", &root, &"--out", &out, &"--as-of", &AS_OF];
    for e in extra {
        args.push(e);
    }
    ropa(&args)
}

fn assert_ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", stderr(o));
}

// ── item 1: never delete what ropa did not write ───────────────────────────────

#[test]
fn build_refuses_the_registry_and_its_source_folders_even_with_force() {
    let ex = Example::new();
    let root = ex.root();
    let before = snapshot(root);
    let cases: [(PathBuf, &str); 4] = [
        (root.to_path_buf(), "it is the registry folder itself"),
        (root.join("registry"), "`registry/` folder"),
        (root.join("processes/x"), "`processes/` folder"),
        (root.join("registry/../processes"), "`processes/` folder"),
    ];
    for (out, why) in &cases {
        for force in [&[][..], &["--force"][..]] {
            let o = build(root, out, force);
            assert_refused(&o, out, why);
            assert!(stderr(&o).contains("--force does not override"));
            assert_eq!(snapshot(root), before, "{} with {force:?}", out.display());
        }
    }
}

#[test]
fn build_refuses_a_folder_that_holds_the_registry() {
    // The registry moved one level down into a folder of the test's own, so that the
    // folder holding it is that folder (never the shared temp folder: a ropa without
    // this rule would delete it).
    let ex = Example::new();
    let outer = tempfile::tempdir().expect("temp");
    let root = outer.path().join("company/compliance");
    std::fs::create_dir_all(&root).expect("mkdir");
    for part in ["registry", "processes"] {
        std::fs::rename(ex.path(part), root.join(part)).expect("move the registry");
    }
    let before = snapshot(outer.path());
    for out in [outer.path().join("company"), outer.path().to_path_buf()] {
        let o = build(&root, &out, &["--force"]);
        assert_refused(&o, &out, "it holds the registry folder");
        assert_eq!(snapshot(outer.path()), before, "{}", out.display());
    }
}

#[test]
fn build_refuses_root_and_home() {
    let ex = Example::new();
    let o = build(ex.root(), Path::new("/"), &["--force"]);
    assert_refused(&o, Path::new("/"), "root folder");

    let home = tempfile::tempdir().expect("temp home");
    std::fs::write(home.path().join("notes.txt"), "mine").expect("write");
    let before = snapshot(home.path());
    let o = ropa_env(
        &[
            &"build",
            &ex.root(),
            &"--out",
            &home.path(),
            &"--as-of",
            &AS_OF,
            &"--force",
        ],
        Some(home.path()),
    );
    assert_refused(&o, home.path(), "home folder");
    assert_eq!(snapshot(home.path()), before);
}

#[test]
fn build_refuses_a_foreign_folder_unless_forced() {
    let ex = Example::new();
    let outer = tempfile::tempdir().expect("temp");
    let folder = outer.path().join("folder");
    std::fs::create_dir_all(folder.join("sub")).expect("mkdir");
    std::fs::write(folder.join("thesis.txt"), "years of work").expect("write");
    std::fs::write(folder.join("sub/data.csv"), "a,b").expect("write");
    let before = snapshot(outer.path());

    let o = build(ex.root(), &folder, &[]);
    assert_refused(
        &o,
        &folder,
        "was not written by ropa (it has no .ropa-output)",
    );
    assert!(stderr(&o).contains("--force"), "says how to override");
    assert_eq!(snapshot(outer.path()), before, "nothing touched");

    // --force: the user asked for it; the folder becomes ropa's output.
    assert_ok(&build(ex.root(), &folder, &["--force"]));
    assert!(!folder.join("thesis.txt").exists());
    assert!(folder.join("index.html").is_file());
    assert!(folder.join(".ropa-output").is_file());
    // From now on it is ropa's: no --force needed.
    assert_ok(&build(ex.root(), &folder, &[]));
}

#[test]
fn build_refuses_a_file_and_leaves_it_as_it_is() {
    let ex = Example::new();
    let outer = tempfile::tempdir().expect("temp");
    let file = outer.path().join("site");
    std::fs::write(&file, "not a site").expect("write");
    let before = snapshot(outer.path());
    for force in [&[][..], &["--force"][..]] {
        let o = build(ex.root(), &file, force);
        assert_refused(&o, &file, "it is a file");
        assert_eq!(
            snapshot(outer.path()),
            before,
            "the file and its folder untouched"
        );
    }
}

#[test]
fn build_writes_new_and_empty_folders_and_its_own_output_again() {
    let ex = Example::new();
    let outer = tempfile::tempdir().expect("temp");
    let empty = outer.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    assert_ok(&build(ex.root(), &empty, &[]));
    let marker = std::fs::read_to_string(empty.join(".ropa-output")).expect("marker");
    assert!(marker.contains("ropa build"), "{marker}");

    // The default output inside the registry folder stays allowed, rebuilt without
    // --force, byte-identical each time.
    let default = ex.root().join("site");
    let args: [&dyn AsRef<std::ffi::OsStr>; 4] = [&"build", &ex.root(), &"--as-of", &AS_OF];
    assert_ok(&ropa(&args));
    let first = snapshot(&default);
    assert!(first.contains_key(".ropa-output"));
    assert_ok(&ropa(&args));
    assert_eq!(snapshot(&default), first, "two builds give the same files");
    assert_eq!(snapshot(&empty), first, "the same site in any folder");
}

#[test]
fn reports_and_exports_refuse_the_registry_folders_and_folders() {
    let ex = Example::new();
    let root = ex.root();
    let outer = tempfile::tempdir().expect("temp");
    let text = outer.path().join("contract.docx");
    std::fs::write(&text, "a document").expect("write");
    let csv_file = outer.path().join("exports");
    std::fs::write(&csv_file, "a file").expect("write");
    let folder = outer.path().join("folder");
    std::fs::create_dir(&folder).expect("mkdir");
    let before_root = snapshot(root);
    let before_outer = snapshot(outer.path());

    let in_registry = root.join("registry/report.html");
    let in_processes = root.join("processes/x.json");
    let in_templates = root.join("templates/x.xlsx");
    let cases: Vec<(Vec<&dyn AsRef<std::ffi::OsStr>>, &Path, &str)> = vec![
        (
            vec![&"report", &root, &"--out", &in_registry],
            &in_registry,
            "`registry/` folder",
        ),
        (
            vec![&"report", &root, &"--out", &folder],
            &folder,
            "it is a folder",
        ),
        (
            vec![
                &"export",
                &root,
                &"--format",
                &"json",
                &"--out",
                &in_processes,
            ],
            &in_processes,
            "`processes/` folder",
        ),
        (
            vec![
                &"export",
                &root,
                &"--format",
                &"xlsx",
                &"--out",
                &in_templates,
            ],
            &in_templates,
            "`templates/` folder",
        ),
        (
            vec![&"export", &root, &"--format", &"json", &"--out", &folder],
            &folder,
            "it is a folder",
        ),
        (
            vec![&"export", &root, &"--format", &"csv", &"--out", &root],
            root,
            "registry folder itself",
        ),
        (
            vec![
                &"export",
                &root,
                &"--format",
                &"csv",
                &"--what",
                &"activities",
                &"--out",
                &root,
            ],
            root,
            "registry folder itself",
        ),
        (
            vec![&"export", &root, &"--format", &"csv", &"--out", &csv_file],
            &csv_file,
            "it is a file",
        ),
        (
            vec![&"export", &root, &"--bundle", &text],
            &text,
            "not a zip",
        ),
        (
            vec![&"export", &root, &"--bundle", &in_registry],
            &in_registry,
            "`registry/` folder",
        ),
        (
            vec![&"export", &root, &"--bundle", &folder],
            &folder,
            "it is a folder",
        ),
    ];
    for (args, path, why) in &cases {
        let o = ropa(args);
        assert_refused(&o, path, why);
        assert_eq!(snapshot(root), before_root, "registry untouched");
        assert_eq!(snapshot(outer.path()), before_outer, "files untouched");
    }

    // The normal cases still work: a new file, an existing file named as output, and
    // an earlier bundle replaced by a new one.
    let report = outer.path().join("report.html");
    for _ in 0..2 {
        assert_ok(&ropa(&[
            &"report", &root, &"--out", &report, &"--as-of", &AS_OF,
        ]));
    }
    let bundle = outer.path().join("audit.zip");
    for _ in 0..2 {
        assert_ok(&ropa(&[
            &"export",
            &root,
            &"--bundle",
            &bundle,
            &"--as-of",
            &AS_OF,
        ]));
    }
    let csv_dir = outer.path().join("csv");
    assert_ok(&ropa(&[
        &"export",
        &root,
        &"--format",
        &"csv",
        &"--out",
        &csv_dir,
    ]));
    assert!(csv_dir.join("activities.csv").is_file());
}

// ── item 2: a swap with no gap, and no litter ──────────────────────────────────

/// A registry and an output folder `site` alone in a folder of its own, so that
/// anything left beside it shows.
struct Swap {
    ex: Example,
    outer: tempfile::TempDir,
}

impl Swap {
    fn new() -> Self {
        Swap {
            ex: Example::new(),
            outer: tempfile::tempdir().expect("temp"),
        }
    }

    fn out(&self) -> PathBuf {
        self.outer.path().join("site")
    }

    fn command(&self, as_of: &str) -> Command {
        let mut cmd = Command::new(ropa_bin());
        cmd.arg("build")
            .arg(self.ex.root())
            .arg("--out")
            .arg(self.out())
            .args(["--as-of", as_of])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    }

    fn build(&self, as_of: &str) -> BTreeMap<String, Option<Vec<u8>>> {
        let status = self.command(as_of).status().expect("run ropa");
        assert!(status.success(), "build as of {as_of}: {status}");
        snapshot(&self.out())
    }

    /// What lies beside the output folder.
    fn beside(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.outer.path())
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n != "site")
            .collect();
        names.sort();
        names
    }

    /// Starts a build paused at `step` (the test hook of debug builds), waits until it
    /// is there, and kills it with SIGKILL.
    fn kill_at(&self, step: &str, as_of: &str) {
        let signal = self
            .outer
            .path()
            .join("..")
            .join(format!("ropa-pause-{}-{step}", std::process::id()));
        let _ = std::fs::remove_file(&signal);
        let mut child = self
            .command(as_of)
            .env("ROPA_TEST_PAUSE", format!("{step}:{}", signal.display()))
            .spawn()
            .expect("start ropa");
        let started = Instant::now();
        while !signal.exists() {
            if let Some(status) = child.try_wait().expect("wait") {
                panic!("the build ended ({status}) before reaching {step}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "never reached {step}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().expect("kill -9");
        child.wait().expect("reap");
        let _ = std::fs::remove_file(&signal);
    }
}

/// The hook needs a debug build of ropa (release builds ignore it).
fn hook_available() -> bool {
    cfg!(debug_assertions)
}

#[test]
fn killed_right_before_the_swap_leaves_the_old_site_and_the_next_build_cleans_up() {
    if !hook_available() {
        return;
    }
    let s = Swap::new();
    let old = s.build(AS_OF);
    s.kill_at("before-swap", OTHER_AS_OF);
    assert_eq!(snapshot(&s.out()), old, "the old site, complete");
    assert_eq!(
        s.beside().len(),
        1,
        "the staged site is left: {:?}",
        s.beside()
    );
    let new = s.build(OTHER_AS_OF);
    assert_ne!(new, old);
    assert_eq!(
        s.beside(),
        Vec::<String>::new(),
        "no temp folder after the next build"
    );
}

#[test]
fn killed_right_after_the_exchange_leaves_the_new_site_and_the_next_build_cleans_up() {
    if !hook_available() {
        return;
    }
    let s = Swap::new();
    let old = s.build(AS_OF);
    s.kill_at("after-swap", OTHER_AS_OF);
    let killed = snapshot(&s.out());
    assert_ne!(killed, old, "the new site is in place");
    assert!(killed.contains_key(".ropa-output") && killed.contains_key("index.html"));
    assert_eq!(
        s.beside().len(),
        1,
        "the old site is left: {:?}",
        s.beside()
    );
    assert_eq!(s.build(OTHER_AS_OF), killed, "the new site was complete");
    assert_eq!(
        s.beside(),
        Vec::<String>::new(),
        "no temp folder after the next build"
    );
}

#[test]
fn killed_at_random_moments_leaves_a_complete_site_and_no_litter() {
    let s = Swap::new();
    let new = s.build(OTHER_AS_OF);
    let started = Instant::now();
    let old = s.build(AS_OF);
    let duration = started.elapsed();
    assert_ne!(old, new);
    // Fixed fractions of one build's time (a little past its end too), so that the
    // kills fall in every phase: loading, rendering, writing, swapping, cleaning up.
    let fractions = [0.05, 0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97, 1.1];
    for (trial, fraction) in fractions.iter().enumerate() {
        let as_of = if trial % 2 == 0 { OTHER_AS_OF } else { AS_OF };
        let mut child = s.command(as_of).spawn().expect("start ropa");
        std::thread::sleep(duration.mul_f64(*fraction));
        let _ = child.kill();
        child.wait().expect("reap");
        let now = snapshot(&s.out());
        assert!(
            now == old || now == new,
            "trial {trial} (killed after {:.0} % of a build): the site at {} is neither the old nor the new one ({} files)",
            fraction * 100.0,
            s.out().display(),
            now.len()
        );
    }
    s.build(AS_OF);
    assert_eq!(
        s.beside(),
        Vec::<String>::new(),
        "no temp folder after the next build"
    );
    assert_eq!(snapshot(&s.out()), old);
}

#[test]
fn only_ropas_own_marked_leftovers_are_removed() {
    let s = Swap::new();
    s.build(AS_OF);
    // Named like ropa's, but without its marker, or of a build still running (this
    // test's own process is alive): the user's, left alone.
    let dead_pid = 999_999_999u32;
    let unmarked = s.outer.path().join(format!(".site.ropa-new-{dead_pid}"));
    std::fs::create_dir(&unmarked).expect("mkdir");
    std::fs::write(unmarked.join("mine.txt"), "keep").expect("write");
    let running = s
        .outer
        .path()
        .join(format!(".site.ropa-new-{}", std::process::id()));
    std::fs::create_dir(&running).expect("mkdir");
    std::fs::write(running.join(".ropa-staging"), "").expect("write");
    // A killed build's leftover: removed.
    let dead = s.outer.path().join(format!(".site.ropa-old-{dead_pid}"));
    std::fs::create_dir_all(dead.join("de")).expect("mkdir");
    std::fs::write(dead.join(".ropa-output"), "").expect("write");
    std::fs::write(dead.join("de/index.html"), "old").expect("write");
    s.build(AS_OF);
    let mut expected = vec![
        format!(".site.ropa-new-{dead_pid}"),
        format!(".site.ropa-new-{}", std::process::id()),
    ];
    expected.sort();
    assert_eq!(s.beside(), expected);
    assert!(unmarked.join("mine.txt").is_file());
}
