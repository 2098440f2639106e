//! `--rev REV` (#19 item 2): `check` and `build` read the registry as it is at a git
//! revision, straight from the repository (ropa runs no `git`; the tests use it only
//! to make the history). A build of a revision is byte for byte the build of a
//! checkout of it, templates and registry version included; a wrong revision, a
//! folder outside any repository and a folder the revision lacks stop with exit 2.

use crate::support::fs::{copy_dir, files};
use crate::support::git;
use crate::support::{example_root, ropa_bin, Run, AS_OF};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the registry lives in the test repository: a subfolder, as in a
/// repository that keeps more than the registry.
const SUB: &str = "compliance";

/// A repository with three commits of the example registry in `compliance/`:
///
/// 1. `hetzner.yaml` has an unknown field `colour` on line 5 (`check` fails);
/// 2. fixed, Hetzner named "Hetzner (two)", and a `templates/base.html` override
///    with the marker `revision two`;
/// 3. (HEAD) "Hetzner (three)" and the marker `revision three`.
struct History {
    tmp: tempfile::TempDir,
    commits: Vec<String>,
}

const HETZNER: &str = "registry/subprocessors/hetzner.yaml";

impl History {
    fn new() -> Self {
        let tmp = tempfile::Builder::new()
            .prefix("ropa-rev-")
            .tempdir()
            .expect("temp dir");
        let h = History {
            tmp,
            commits: Vec::new(),
        };
        std::fs::create_dir_all(h.repo()).expect("mkdir");
        git(&h.repo(), &["init", "-q"]);
        let src = example_root();
        copy_dir(&src.join("registry"), &h.reg().join("registry"));
        copy_dir(&src.join("processes"), &h.reg().join("processes"));
        let mut h = h;
        h.replace(HETZNER, "name: Hetzner\n", "name: Hetzner\ncolour: blue\n");
        h.commit("one");
        h.replace(
            HETZNER,
            "name: Hetzner\ncolour: blue\n",
            "name: Hetzner (two)\n",
        );
        let base = std::fs::read_to_string(src.join("templates/base.html")).expect("base.html");
        let marked = base.replacen("</head>", "<!-- revision two -->\n</head>", 1);
        assert_ne!(base, marked, "the built-in base.html has a </head>");
        h.write("templates/base.html", &marked);
        h.commit("two");
        h.replace(HETZNER, "name: Hetzner (two)\n", "name: Hetzner (three)\n");
        h.replace("templates/base.html", "revision two", "revision three");
        h.commit("three");
        h
    }

    /// The repository's top folder.
    fn repo(&self) -> PathBuf {
        self.tmp.path().join("repo")
    }

    /// The registry folder (holds `registry/`, `processes/`, `templates/`).
    fn reg(&self) -> PathBuf {
        self.repo().join(SUB)
    }

    /// A fresh path outside the repository.
    fn out(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.reg().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn replace(&self, rel: &str, from: &str, to: &str) {
        let path = self.reg().join(rel);
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text.matches(from).count(), 1, "`{from}` once in {rel}");
        std::fs::write(path, text.replacen(from, to, 1)).expect("write");
    }

    fn commit(&mut self, message: &str) {
        git(&self.repo(), &["add", "-A"]);
        git(&self.repo(), &["commit", "-q", "-m", message]);
        self.commits.push(git(&self.repo(), &["rev-parse", "HEAD"]));
    }
}

/// `ropa` with `args`, from `cwd`, with git's discovery stopped at `ceiling` (so a
/// temporary folder is never taken for part of a repository around it).
fn ropa_in(cwd: &Path, ceiling: &Path, args: &[&str]) -> Run {
    let out = Command::new(ropa_bin())
        .current_dir(cwd)
        .env("GIT_CEILING_DIRECTORIES", ceiling)
        .args(args)
        .output()
        .expect("run ropa");
    Run {
        code: out.status.code(),
        signal: None,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ropa(h: &History, args: &[&str]) -> Run {
    ropa_in(h.tmp.path(), h.tmp.path(), args)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

fn assert_same_tree(a: &Path, b: &Path, what: &str) {
    let (a, b) = (files(a), files(b));
    assert!(a.len() > 10, "{what}: the site has only {} files", a.len());
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&a),
        names(&b),
        "{what}: the sites hold different files"
    );
    for (name, bytes) in &a {
        assert!(
            *bytes == b[name],
            "{what}: `{name}` differs:\n--- from --rev ---\n{}\n--- from the checkout ---\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[name])
        );
    }
}

/// Whether any file of the site holds `needle`.
fn site_has(site: &Path, needle: &str) -> bool {
    files(site)
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains(needle))
}

fn build(h: &History, dir: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["build", s(dir), "--as-of", AS_OF, "--out", s(out)];
    args.extend_from_slice(extra);
    let r = ropa(h, &args);
    r.assert_exit(0);
}

/// `build --rev HEAD~1` writes what a build of a checkout of HEAD~1 writes, for the
/// internal wiki (with the Art. 30 reports, which name the commit) and the public
/// site; the templates come from the revision too.
#[test]
fn a_build_of_a_revision_is_the_build_of_its_checkout() {
    let h = History::new();
    let reg = h.reg();
    for (audience, extra) in [
        ("internal", &[][..]),
        ("public", &["--audience", "public"][..]),
    ] {
        let from_rev = h.out(&format!("rev-{audience}"));
        let mut args = vec!["--rev", "HEAD~1"];
        args.extend_from_slice(extra);
        build(&h, &reg, &from_rev, &args);
        assert!(
            site_has(&from_rev, "Hetzner (two)") && !site_has(&from_rev, "Hetzner (three)"),
            "{audience}: --rev HEAD~1 shows the records of HEAD~1"
        );
        assert!(
            site_has(&from_rev, "<!-- revision two -->"),
            "{audience}: --rev HEAD~1 uses the templates of HEAD~1"
        );
        if audience == "internal" {
            assert!(
                site_has(&from_rev, &h.commits[1]),
                "the reports name the commit of HEAD~1"
            );
        }

        git(&h.repo(), &["checkout", "-q", "HEAD~1"]);
        let checkout = h.out(&format!("checkout-{audience}"));
        build(&h, &reg, &checkout, extra);
        git(&h.repo(), &["checkout", "-q", "main"]);
        assert_same_tree(&from_rev, &checkout, audience);
    }
}

/// `ropa check DIR --format json --rev REV` in the history's repository.
fn check_at(h: &History, dir: &Path, rev: &str) -> Run {
    ropa(
        h,
        &[
            "check",
            s(dir),
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--rev",
            rev,
        ],
    )
}

/// `check --rev` finds the error only an older commit has, at its file and line; the
/// work tree (HEAD) has none.
#[test]
fn check_of_a_revision_reports_its_own_errors_at_their_place() {
    let h = History::new();
    let reg = h.reg();
    let head = ropa(
        &h,
        &["check", s(&reg), "--as-of", AS_OF, "--format", "json"],
    );
    head.assert_exit(0);
    let old = check_at(&h, &reg, "HEAD~2");
    old.assert_exit(1);
    let found = old.expect("unknown-field", HETZNER, 5);
    assert!(
        found["message"]
            .as_str()
            .unwrap_or_default()
            .contains("colour"),
        "{found}"
    );
    // Text output names the file as in the work tree, and the line.
    let text = ropa(
        &h,
        &["check", s(&reg), "--as-of", AS_OF, "--rev", &h.commits[0]],
    );
    text.assert_exit(1);
    assert!(
        text.stderr.contains(&format!("{HETZNER}:5:")),
        "{}",
        text.stderr
    );
    // The folder named relative to the current one, and a folder the work tree no
    // longer has: found in the revision all the same.
    let relative = ropa_in(
        &h.repo(),
        h.tmp.path(),
        &[
            "check", SUB, "--as-of", AS_OF, "--format", "json", "--rev", "HEAD~2",
        ],
    );
    relative.expect("unknown-field", HETZNER, 5);
    std::fs::rename(&reg, h.out("moved")).expect("move the registry away");
    let gone = check_at(&h, &reg, "HEAD~2");
    gone.expect("unknown-field", HETZNER, 5);
}

/// A revision the repository does not have, a folder outside any repository and a
/// folder the revision lacks: exit 2, with what to do.
#[test]
fn a_revision_that_cannot_be_read_stops_with_exit_2() {
    let h = History::new();
    let reg = h.reg();
    for command in ["check", "build"] {
        let r = ropa(&h, &[command, s(&reg), "--rev", "nosuch"]);
        r.assert_exit(2);
        let top = h.repo().canonicalize().expect("canonical");
        let expected = format!(
            "error: --rev nosuch: no such revision in the repository at {}; `git log --oneline` lists commits",
            top.display()
        );
        assert!(
            r.stderr.contains(&expected)
                || r.stderr.contains(
                    &expected.replace(&top.display().to_string(), &h.repo().display().to_string())
                ),
            "{command}: {}",
            r.stderr
        );
    }
    // Outside any repository.
    let outside = h.out("outside");
    copy_dir(&reg, &outside);
    let r = ropa(&h, &["check", s(&outside), "--rev", "HEAD"]);
    r.assert_exit(2);
    assert!(
        r.stderr.contains("is not in a git repository") && r.stderr.contains("leave out --rev"),
        "{}",
        r.stderr
    );
    // A folder of the work tree that no commit has.
    let new = h.repo().join("new");
    copy_dir(&reg, &new);
    let r = ropa(
        &h,
        &["build", s(&new), "--rev", "HEAD", "--out", s(&h.out("n"))],
    );
    r.assert_exit(2);
    assert!(
        r.stderr
            .contains("there is no folder `new` at that revision"),
        "{}",
        r.stderr
    );
    // The repository's top folder, which holds no `registry/` (the registry is in
    // a subfolder).
    let r = ropa(&h, &["check", s(&h.repo()), "--rev", "HEAD"]);
    r.assert_exit(2);
    assert!(r.stderr.contains("no registry in"), "{}", r.stderr);
    assert!(r.stderr.contains("at revision HEAD"), "{}", r.stderr);
}

/// The registry version: a work-tree build of a changed registry says so; a build of
/// a revision names just its commit, whatever the work tree holds.
#[test]
fn the_version_of_a_revision_is_its_commit() {
    let h = History::new();
    let reg = h.reg();
    h.replace(
        HETZNER,
        "name: Hetzner (three)\n",
        "name: Hetzner (edited)\n",
    );
    let work = h.out("work");
    build(&h, &reg, &work, &[]);
    let dirty = format!("{} + uncommitted changes", h.commits[2]);
    assert!(
        site_has(&work, &dirty),
        "the work tree build says `{dirty}`"
    );
    let rev = h.out("rev");
    build(&h, &reg, &rev, &["--rev", "HEAD"]);
    assert!(site_has(&rev, &h.commits[2]), "names HEAD's commit");
    assert!(
        !site_has(&rev, "uncommitted changes") && !site_has(&rev, "Hetzner (edited)"),
        "a revision is not the work tree"
    );
}

/// `--rev` is offered where it is read, and `serve` keeps to the work tree.
#[test]
fn rev_is_an_option_of_check_and_build_only() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (command, has) in [("check", true), ("build", true), ("serve", false)] {
        let r = ropa_in(tmp.path(), tmp.path(), &[command, "--help"]);
        r.assert_exit(0);
        assert_eq!(
            r.stdout.contains("--rev <REV>"),
            has,
            "{command}:\n{}",
            r.stdout
        );
    }
}
