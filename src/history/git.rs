//! The repository a registry folder is in, as history needs it (gix; ropa never runs
//! `git`): the last tag before HEAD, the first-parent commits of HEAD with their
//! dates and subjects, and the commit in force at the end of a day.

use std::path::Path;

/// One commit of the first-parent history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Its id (hex).
    pub id: String,
    /// Committer time, seconds since 1970 (UTC).
    pub time: i64,
    /// The first line of its message.
    pub subject: String,
}

/// Why the history cannot be read: the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoHistory(pub String);

fn repo(dir: &Path, what: &str) -> Result<gix::Repository, NoHistory> {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let existing = absolute
        .ancestors()
        .find(|p| p.is_dir())
        .unwrap_or(Path::new("/"));
    gix::ThreadSafeRepository::discover_with_environment_overrides(existing)
        .map(|r| r.to_thread_local())
        .map_err(|_| {
            NoHistory(format!(
                "`{}` is not in a git repository; {what} reads the registry's history from git: give a folder inside a git work tree",
                dir.display()
            ))
        })
}

/// The revision `ropa diff` compares from when none is given: the last tag reachable
/// from HEAD (annotated or not), or else `HEAD`.
pub fn default_from(dir: &Path) -> Result<String, NoHistory> {
    let repo = repo(dir, "ropa diff")?;
    let head = repo.head_commit().map_err(|_| {
        NoHistory(format!(
            "the repository of `{}` has no commit yet; commit the registry first, or name two revisions",
            dir.display()
        ))
    })?;
    let tag = head
        .describe()
        .names(gix::commit::describe::SelectRef::AllTags)
        .traverse_first_parent(true)
        .try_resolve()
        .ok()
        .flatten()
        .and_then(|r| r.outcome.name.map(|n| n.to_string()));
    Ok(tag.unwrap_or_else(|| "HEAD".to_string()))
}

/// HEAD's first-parent history, newest first. A shallow clone has no whole history:
/// that is an error, never a shorter answer.
pub fn first_parent(dir: &Path, what: &str) -> Result<Vec<CommitInfo>, NoHistory> {
    let repo = repo(dir, what)?;
    if repo.is_shallow() {
        return Err(NoHistory(format!(
            "the repository at `{}` is a shallow clone: its history is cut off, so {what} cannot tell what the records said before; fetch the whole history with `git fetch --unshallow`",
            repo.workdir().unwrap_or(repo.git_dir()).display()
        )));
    }
    let head = repo.head_id().map_err(|_| {
        NoHistory(format!(
            "the repository of `{}` has no commit yet, so there is no history for {what}",
            dir.display()
        ))
    })?;
    let walk = repo
        .rev_walk([head.detach()])
        .first_parent_only()
        .all()
        .map_err(|e| NoHistory(format!("cannot read the history: {e}")))?;
    let mut out = Vec::new();
    for info in walk {
        let info = info.map_err(|e| NoHistory(format!("cannot read the history: {e}")))?;
        let commit = info
            .object()
            .map_err(|e| NoHistory(format!("cannot read commit {}: {e}", info.id)))?;
        let time = commit.time().map(|t| t.seconds).unwrap_or(0);
        let subject = commit
            .message()
            .map(|m| m.summary().to_string())
            .unwrap_or_default();
        out.push(CommitInfo {
            id: info.id.to_string(),
            time,
            subject,
        });
    }
    Ok(out)
}

/// The last commit on HEAD's first-parent history whose committer time is on or
/// before `until` (seconds since 1970, UTC). Commit times need not grow along the
/// history (a rebase can reorder them); the newest commit that satisfies the rule is
/// taken, walking from HEAD.
pub fn commit_until(dir: &Path, until: i64, what: &str) -> Result<CommitInfo, NoHistory> {
    let commits = first_parent(dir, what)?;
    let first = commits.last().cloned();
    commits.into_iter().find(|c| c.time <= until).ok_or_else(|| {
        let first = first
            .map(|c| {
                format!(
                    "; the first commit ({}) is of {}",
                    &c.id[..7.min(c.id.len())],
                    day_of(c.time)
                )
            })
            .unwrap_or_default();
        NoHistory(format!(
            "{what}: the history of HEAD has no commit on or before that day{first}; give a later date"
        ))
    })
}

/// The UTC day of a commit time, `YYYY-MM-DD`.
pub fn day_of(time: i64) -> String {
    chrono::DateTime::from_timestamp(time, 0)
        .map(|d| crate::model::Date(d.date_naive()).to_string())
        .unwrap_or_default()
}
