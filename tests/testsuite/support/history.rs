//! Git repositories with known histories of the example registry, for the tests of
//! `ropa diff`, history pages and `--at`: every commit has fixed author and committer
//! dates, so ids and dates are the same on every run.

use super::example_root;
use super::fs::copy_dir;
use std::path::PathBuf;
use std::process::Command;

/// A repository holding a copy of the example registry at its top.
pub struct Repo {
    tmp: tempfile::TempDir,
}

impl Repo {
    /// The example registry, committed once ("the example") on `date` (YYYY-MM-DD,
    /// noon UTC).
    pub fn example(date: &str) -> Self {
        let tmp = tempfile::Builder::new()
            .prefix("ropa-history-")
            .tempdir()
            .expect("temp dir");
        let repo = Repo { tmp };
        std::fs::create_dir_all(repo.root()).expect("mkdir");
        repo.git(&["init", "-q"]);
        let src = example_root();
        copy_dir(&src.join("registry"), &repo.root().join("registry"));
        copy_dir(&src.join("processes"), &repo.root().join("processes"));
        repo.commit("the example", date);
        repo
    }

    /// The registry folder (the work tree's top).
    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("repo")
    }

    /// A fresh path outside the repository.
    pub fn outside(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// The text of a file of the registry.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Writes a file of the registry.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Replaces `from` (which must be there) by `to` in a file.
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Commits everything as it is, on `date` at noon UTC; returns the commit id.
    pub fn commit(&self, subject: &str, date: &str) -> String {
        self.commit_at(subject, &format!("{date}T12:00:00Z"))
    }

    /// Commits everything with the commit time `time` (RFC 3339).
    pub fn commit_at(&self, subject: &str, time: &str) -> String {
        self.git(&["add", "-A"]);
        let out = self
            .command(&["commit", "-q", "--allow-empty", "-m", subject])
            .env("GIT_AUTHOR_DATE", time)
            .env("GIT_COMMITTER_DATE", time)
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git commit: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.git(&["rev-parse", "HEAD"])
    }

    /// `git <args>` in the repository; its output.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self
            .command(args)
            .output()
            .expect("run git (./test.sh installs it)");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new("git");
        c.arg("-C").arg(self.root()).args([
            "-c",
            "user.name=ropa test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ]);
        c.args(args);
        c.env_remove("GIT_DIR").env_remove("GIT_WORK_TREE");
        c
    }
}
