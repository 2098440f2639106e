//! Which registry files changed: the system's change events (inotify) where it has
//! them, a poll of modification times and sizes where not, settled so that one save
//! (or one `git checkout`) gives one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant, SystemTime};

/// The folders (relative to the registry root) whose changes trigger a rebuild.
const WATCHED: [&str; 3] = ["registry", "processes", "templates"];
/// How often the watcher looks for changes when it has to poll.
const POLL: Duration = Duration::from_millis(200);
/// How long to wait after a change before rebuilding, so an editor's save (often a
/// write plus a rename) or a `git checkout` lands in one rebuild rather than several.
const DEBOUNCE: Duration = Duration::from_millis(100);
/// The same, when the system reports each change as it happens.
const SETTLE: Duration = Duration::from_millis(40);
/// Longest wait for a burst of changes to settle.
const MAX_SETTLE: Duration = Duration::from_secs(1);

type Snapshot = Vec<(PathBuf, Option<SystemTime>, u64)>;

/// Every file under the watched folders with its mtime and size, in a stable order.
/// Folders are left out: saving by renaming a new file into place touches its folder,
/// but only the file changed.
fn snapshot(dir: &Path) -> Snapshot {
    let mut out = Vec::new();
    for sub in WATCHED {
        for entry in walkdir::WalkDir::new(dir.join(sub))
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| !e.file_type().is_dir())
        {
            if let Ok(meta) = entry.metadata() {
                out.push((entry.into_path(), meta.modified().ok(), meta.len()));
            }
        }
    }
    out
}

/// The files added, changed or removed between two snapshots.
fn changed(before: &Snapshot, after: &Snapshot) -> Vec<PathBuf> {
    let old: std::collections::HashMap<&PathBuf, _> =
        before.iter().map(|(p, m, l)| (p, (m, l))).collect();
    let new: std::collections::HashSet<&PathBuf> = after.iter().map(|(p, _, _)| p).collect();
    let mut out: Vec<PathBuf> = after
        .iter()
        .filter(|(p, m, l)| old.get(p) != Some(&(m, l)))
        .map(|(p, _, _)| p.clone())
        .collect();
    out.extend(
        before
            .iter()
            .map(|(p, _, _)| p)
            .filter(|p| !new.contains(p))
            .cloned(),
    );
    out
}

/// Whether a change to `path` can change the site: a file ropa reads (records,
/// answers, process texts, templates) or a watched folder as a whole — not an
/// editor's swap or backup file, nor anything hidden.
fn relevant(dir: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(dir) else {
        return false;
    };
    let parts: Vec<&str> = relative
        .components()
        .map(|c| c.as_os_str().to_str().unwrap_or("."))
        .collect();
    if parts.iter().any(|p| p.starts_with('.')) {
        return false;
    }
    let ext = relative.extension().and_then(|e| e.to_str()).unwrap_or("");
    match parts.as_slice() {
        [folder] => WATCHED.contains(folder),
        ["registry", ..] => matches!(ext, "yaml" | "yml" | "md"),
        ["processes", ..] => ext == "md",
        ["templates", ..] => !ext.ends_with('~') && !matches!(ext, "swp" | "tmp" | "bak"),
        _ => false,
    }
}

/// Where the watcher learns what changed.
pub(super) struct Changes {
    /// The system's notifications (inotify on Linux), while they work.
    notified: Option<(
        notify::RecommendedWatcher,
        Receiver<notify::Result<notify::Event>>,
    )>,
    /// The files as last seen, for polling.
    seen: Snapshot,
}

impl Changes {
    /// Starts watching `dir`'s folders (or takes the first snapshot to poll against).
    pub(super) fn new(dir: &Path) -> Self {
        use notify::{RecursiveMode, Watcher};
        let (tx, rx) = std::sync::mpsc::channel();
        let notified = notify::recommended_watcher(tx).ok().and_then(|mut w| {
            // The registry folder itself, for watched folders that appear later.
            w.watch(dir, RecursiveMode::NonRecursive).ok()?;
            for sub in WATCHED.map(|s| dir.join(s)).iter().filter(|p| p.is_dir()) {
                w.watch(sub, RecursiveMode::Recursive).ok()?;
            }
            Some((w, rx))
        });
        let seen = if notified.is_some() {
            Snapshot::new()
        } else {
            snapshot(dir)
        };
        Changes { notified, seen }
    }

    /// Waits for changes that matter and returns the files (or folders) changed, once
    /// a burst of them has settled.
    pub(super) fn next(&mut self, dir: &Path) -> Vec<PathBuf> {
        loop {
            let mut paths = match self.notified.as_mut() {
                Some((watcher, events)) => match events.recv() {
                    Ok(first) => {
                        let mut paths = event_paths(dir, first);
                        let deadline = Instant::now() + MAX_SETTLE;
                        while let Ok(more) = events.recv_timeout(SETTLE) {
                            paths.extend(event_paths(dir, more));
                            if Instant::now() > deadline {
                                break;
                            }
                        }
                        watch_new_folders(dir, watcher, &paths);
                        paths
                    }
                    Err(_) => {
                        // The notifications stopped: poll from here on.
                        self.notified = None;
                        self.seen = snapshot(dir);
                        continue;
                    }
                },
                None => self.poll(dir),
            };
            paths.retain(|p| relevant(dir, p));
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                return paths;
            }
        }
    }

    /// Waits until a snapshot differs from the last one, lets it settle, and returns
    /// the files changed.
    fn poll(&mut self, dir: &Path) -> Vec<PathBuf> {
        loop {
            std::thread::sleep(POLL);
            let mut now = snapshot(dir);
            if now == self.seen {
                continue;
            }
            // Let a burst of writes settle (but not forever: a file rewritten non-stop
            // must not starve the rebuild). The snapshot is taken *before* rebuilding,
            // so a change made during the rebuild is seen by the next poll.
            for _ in 0..10 {
                std::thread::sleep(DEBOUNCE);
                let again = snapshot(dir);
                if again == now {
                    break;
                }
                now = again;
            }
            let paths = changed(&self.seen, &now);
            self.seen = now;
            return paths;
        }
    }
}

/// The paths an event names; a lost event (the queue overflowed) names the registry
/// folder, which means "rebuild everything".
fn event_paths(dir: &Path, event: notify::Result<notify::Event>) -> Vec<PathBuf> {
    match event {
        Ok(e) if e.need_rescan() => vec![dir.join("registry")],
        Ok(e) if matches!(e.kind, notify::EventKind::Access(_)) => Vec::new(),
        Ok(e) => e.paths,
        Err(_) => vec![dir.join("registry")],
    }
}

/// Starts watching a watched folder that was just created.
fn watch_new_folders(dir: &Path, watcher: &mut notify::RecommendedWatcher, paths: &[PathBuf]) {
    use notify::{RecursiveMode, Watcher};
    for sub in WATCHED.map(|s| dir.join(s)) {
        if paths.contains(&sub) && sub.is_dir() {
            let _ = watcher.watch(&sub, RecursiveMode::Recursive);
        }
    }
}
