//! `--at DATE` (#20 item 8): build, report, export and the bundle read the last commit
//! on or before the end of that day on HEAD's first-parent history, judged as of that
//! day; a day before the first commit, a shallow clone and a folder outside git are
//! clear errors (exit 2), never a wrong answer.

use crate::support::history::Repo;
use crate::support::{run, Run};
use std::process::Command;

const HETZNER: &str = "registry/subprocessors/hetzner.yaml";

fn ropa(cmd: &str, dir: &std::path::Path, args: &[&str]) -> Run {
    let mut full = vec![cmd.to_string(), dir.display().to_string()];
    full.extend(args.iter().map(|s| s.to_string()));
    run(&full)
}

/// The example on 10 January 2025 (Hetzner in Gunzenhausen), Ansbach from 1 March,
/// Erlangen from 2 June 2025, 00:30 UTC.
fn three_commits() -> (Repo, [String; 3]) {
    let repo = Repo::example("2025-01-10");
    let first = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    repo.replace(HETZNER, "city: Gunzenhausen", "city: Ansbach");
    let second = repo
        .commit("Hetzner moves to Ansbach", "2025-03-01")
        .trim()
        .to_string();
    repo.replace(HETZNER, "city: Ansbach", "city: Erlangen");
    let third = repo
        .commit_at("Hetzner moves to Erlangen", "2025-06-02T00:30:00Z")
        .trim()
        .to_string();
    (repo, [first, second, third])
}

fn subprocessors_json(repo: &Repo, at: &str) -> serde_json::Value {
    let out = ropa(
        "export",
        &repo.root(),
        &["--format", "json", "--what", "subprocessors", "--at", at],
    );
    assert_eq!(out.code, Some(0), "--at {at}: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON")
}

#[test]
fn at_picks_the_last_commit_on_or_before_the_end_of_that_day() {
    let (repo, [first, second, third]) = three_commits();
    for (at, city, commit) in [
        ("2025-01-10", "Gunzenhausen", &first),
        ("2025-02-28", "Gunzenhausen", &first),
        ("2025-03-01", "Ansbach", &second),
        // The Erlangen commit is of 2 June, 00:30 UTC: not yet on 1 June.
        ("2025-06-01", "Ansbach", &second),
        ("2025-06-02", "Erlangen", &third),
        ("2026-11-29", "Erlangen", &third),
    ] {
        let json = subprocessors_json(&repo, at);
        let text = json.to_string();
        for other in ["Gunzenhausen", "Ansbach", "Erlangen"] {
            assert_eq!(
                text.contains(other),
                other == city,
                "--at {at}: {other} in {text}"
            );
        }
        // The day is the as-of date, and the export names the commit it was read from.
        assert!(
            text.contains(&format!("\"{at}\"")),
            "--at {at}: as-of date missing: {text}"
        );
        assert!(
            text.contains(commit.as_str()),
            "--at {at}: commit {commit} missing: {text}"
        );
    }
}

#[test]
fn build_and_report_at_a_day_equal_the_revision_of_that_day() {
    let (repo, [_, second, _]) = three_commits();
    let out_dir = repo.outside("site-at");
    let rev_dir = repo.outside("site-rev");
    let at = ropa(
        "build",
        &repo.root(),
        &["--at", "2025-06-01", "--out", out_dir.to_str().unwrap()],
    );
    assert_eq!(at.code, Some(0), "{}", at.stderr);
    let rev = ropa(
        "build",
        &repo.root(),
        &[
            "--rev",
            &second,
            "--as-of",
            "2025-06-01",
            "--out",
            rev_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(rev.code, Some(0), "{}", rev.stderr);
    let files = |root: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.expect("walk"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().display().to_string();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let (a, b) = (files(&out_dir), files(&rev_dir));
    assert!(a.len() > 50, "{} files", a.len());
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (x, y) in a.iter().zip(&b) {
        assert!(x.1 == y.1, "{} differs between --at and --rev", x.0);
    }
    assert!(a
        .iter()
        .any(|f| String::from_utf8_lossy(&f.1).contains("Ansbach")));

    let report = ropa(
        "report",
        &repo.root(),
        &["--at", "2025-03-01", "--lang", "en"],
    );
    assert_eq!(report.code, Some(0), "{}", report.stderr);
    assert!(report.stdout.contains("Ansbach") && !report.stdout.contains("Erlangen"));
    assert!(
        report.stdout.contains("2025-03-01"),
        "the as-of date is on the cover"
    );
    assert!(
        report.stdout.contains(&second[..7]),
        "the commit is on the cover"
    );
}

#[test]
fn a_day_before_the_first_commit_is_an_error() {
    let (repo, [first, ..]) = three_commits();
    for cmd in [&["export", "--format", "json"][..], &["report"], &["build"]] {
        let mut args: Vec<&str> = cmd[1..].to_vec();
        args.extend(["--at", "2025-01-09"]);
        let out = ropa(cmd[0], &repo.root(), &args);
        assert_eq!(out.code, Some(2), "{}: {}", cmd[0], out.stderr);
        assert!(out.stdout.is_empty());
        assert!(
            out.stderr.contains(
                "--at 2025-01-09: the history of HEAD has no commit on or before that day"
            ) && out.stderr.contains(&format!(
                "the first commit ({}) is of 2025-01-10",
                &first[..7]
            )),
            "{}",
            out.stderr
        );
    }
    assert!(
        !repo.root().join("site").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn a_shallow_clone_and_a_folder_outside_git_are_refused() {
    let (repo, _) = three_commits();
    let shallow = repo.outside("shallow");
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", repo.root().display()))
        .arg(&shallow)
        .status()
        .expect("git clone");
    assert!(status.success());
    let out = ropa(
        "export",
        &shallow,
        &["--format", "json", "--at", "2025-06-01"],
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("is a shallow clone: its history is cut off")
            && out.stderr.contains("git fetch --unshallow"),
        "{}",
        out.stderr
    );

    let plain = repo.outside("plain");
    crate::support::fs::copy_dir(&repo.root().join("registry"), &plain.join("registry"));
    let out = ropa("report", &plain, &["--at", "2025-06-01"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("is not in a git repository"),
        "{}",
        out.stderr
    );
}

#[test]
fn at_cannot_be_combined_with_as_of_or_rev() {
    let (repo, _) = three_commits();
    let out = ropa(
        "build",
        &repo.root(),
        &["--at", "2025-06-01", "--as-of", "2025-06-01"],
    );
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
    let out = ropa(
        "build",
        &repo.root(),
        &["--at", "2025-06-01", "--rev", "HEAD"],
    );
    assert_eq!(out.code, Some(2));
    let out = ropa(
        "export",
        &repo.root(),
        &["--format", "json", "--at", "1 June"],
    );
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("--at"), "{}", out.stderr);
}
