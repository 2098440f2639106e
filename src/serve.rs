//! `ropa serve`: compile the wiki in memory, serve it on 127.0.0.1, rebuild when a
//! record changes and reload the open pages.
//!
//! Deliberately small: one thread per connection, one watcher thread that learns of
//! changes from the system (inotify; polling where that is unavailable), and a shared
//! [`Site`] behind a lock. A change to a process text re-renders only its pages (see
//! [`crate::session`]); anything else rebuilds the site. It is a tool for
//! authors on their own machine, not a web server: it binds to loopback only and
//! answers GET and HEAD with `Connection: close`.

use crate::session::{Outcome, Session};
use crate::site::output::Files;
use crate::site::BuildOptions;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, PoisonError, RwLock};
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
/// Longest request head accepted; anything longer gets 431.
const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request (or read the answer).
const IO_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections handled at once; more are dropped rather than spawning without bound.
const MAX_CONNECTIONS: usize = 64;
/// The path the live-reload script polls.
const VERSION_PATH: &str = "/__ropa/version";

/// What `ropa serve` needs to know.
pub struct ServeOptions {
    /// The registry folder (holding `registry/` and `processes/`).
    pub dir: PathBuf,
    /// The port on 127.0.0.1; 0 lets the system pick a free one.
    pub port: u16,
    /// Passed to every compile.
    pub build: BuildOptions,
}

/// The state every connection reads and the watcher replaces after each rebuild.
#[derive(Default)]
struct Site {
    /// Bumped on every rebuild (good or bad); the live-reload script compares it.
    version: u64,
    /// The last good build; kept while the registry is broken so css/js still load.
    files: Option<Arc<Files>>,
    /// The diagnostics of the latest compile when it failed.
    error: Option<Arc<str>>,
}

type Shared = Arc<RwLock<Site>>;

/// Compiles `opts.dir`, then serves it until the process is killed. Returns an error
/// (and serves nothing) when the first compile finds no registry or the port is taken.
pub fn serve(mut opts: ServeOptions) -> Result<(), String> {
    let shown = opts.dir.display().to_string();
    // The system reports changes by absolute path.
    if let Ok(absolute) = opts.dir.canonicalize() {
        opts.dir = absolute;
    }
    // Watch before the first compile, so an edit made while it runs (or before the
    // watcher thread gets going) still triggers a rebuild.
    let changes = Changes::new(&opts.dir);
    let started = Instant::now();
    let (session, first) = Session::start(&opts.dir, &opts.build).map_err(|e| e.to_string())?;
    let site: Shared = Arc::default();
    apply(&site, report(Ok(first), started, "built"));
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, opts.port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", opts.port))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let mut out = io::stdout().lock();
    // Tests (and scripts) read the port from this line, so it must not sit in a buffer.
    let _ = writeln!(
        out,
        "Serving {shown} on http://127.0.0.1:{port}/ (Ctrl-C to stop)"
    );
    let _ = out.flush();
    drop(out);
    let watcher_site = Arc::clone(&site);
    std::thread::spawn(move || watch(&opts.dir, &opts.build, &watcher_site, changes, session));
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            continue; // dropping the stream closes it
        }
        let (site, active) = (Arc::clone(&site), Arc::clone(&active));
        std::thread::spawn(move || {
            let _ = handle(stream, &site);
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(())
}

/// Reports a (re)build on stderr (`what` in `N ms`) and reduces it to what the server
/// shows: the site, or the diagnostics.
fn report(
    result: Result<Outcome, String>,
    started: Instant,
    what: &str,
) -> Result<Arc<Files>, String> {
    let ms = started.elapsed().as_millis();
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(message) => {
            eprintln!("build failed: {message}");
            return Err(message);
        }
    };
    eprint!("{}", outcome.text);
    let warnings = outcome.warnings;
    match outcome.files {
        Some(files) => {
            let how = if outcome.partial {
                format!(
                    "{} of {} files rendered again",
                    outcome.rendered,
                    files.len()
                )
            } else {
                format!("{} files", files.len())
            };
            eprintln!("{what} in {ms} ms ({how}, {warnings} warning(s))");
            Ok(files)
        }
        None => {
            let errors = outcome.errors;
            eprintln!(
                "build failed: {errors} error(s), {warnings} warning(s); the browser shows them"
            );
            Err(format!(
                "{errors} error(s), {warnings} warning(s):\n\n{}",
                outcome.text
            ))
        }
    }
}

fn apply(site: &Shared, outcome: Result<Arc<Files>, String>) {
    let mut site = site.write().unwrap_or_else(PoisonError::into_inner);
    site.version += 1;
    match outcome {
        Ok(files) => {
            site.files = Some(files);
            site.error = None;
        }
        Err(text) => site.error = Some(text.into()),
    }
}

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
struct Changes {
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
    fn new(dir: &Path) -> Self {
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
    fn next(&mut self, dir: &Path) -> Vec<PathBuf> {
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

/// Waits for changes forever; rebuilds and swaps the site after each, the short way
/// when the session allows it.
fn watch(
    dir: &Path,
    opts: &BuildOptions,
    site: &Shared,
    mut changes: Changes,
    mut session: Option<Session>,
) {
    loop {
        let paths = changes.next(dir);
        let started = Instant::now();
        // A panic in the pipeline is a bug, but it must not silently stop the rebuilds.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Some(outcome) = session.as_mut().and_then(|s| s.update(&paths)) {
                return Ok(outcome);
            }
            // The old registry is not needed for a full rebuild (the pages being
            // served are held by the site): free it before loading the new one.
            session = None;
            let (next, outcome) = Session::start(dir, opts)?;
            session = next;
            Ok(outcome)
        }))
        .unwrap_or_else(|_| {
            // What the session held may be half-changed: start afresh next time.
            session = None;
            Err(crate::load::LoadFailure(
                "ropa panicked while building; see the terminal".into(),
            ))
        })
        .map_err(|e: crate::load::LoadFailure| e.to_string());
        apply(site, report(result, started, "rebuilt"));
    }
}

/// One answer; `extra` holds further header lines, each ending in `\r\n`.
struct Response {
    status: &'static str,
    extra: String,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Response {
    fn new(status: &'static str, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            extra: String::new(),
            content_type,
            body: body.into(),
        }
    }

    fn text(status: &'static str, body: &str) -> Self {
        Response::new(status, "text/plain; charset=utf-8", format!("{body}\n"))
    }

    fn html(status: &'static str, page: String) -> Self {
        Response::new(status, content_type(Some("html")), page)
    }
}

/// Reads one request from `stream` and answers it.
fn handle(mut stream: TcpStream, site: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    // Read the whole head (not just the request line): closing a socket with unread
    // data makes the kernel send a reset, which can destroy the answer in flight.
    let response = loop {
        if head.windows(3).any(|w| w == b"\n\r\n") || head.windows(2).any(|w| w == b"\n\n") {
            // Only the request line matters: no header changes what is served.
            let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
            break request(String::from_utf8_lossy(line).trim_end(), site);
        }
        if head.len() > MAX_HEAD {
            break Response::text(
                "431 Request Header Fields Too Large",
                "request head too long",
            );
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(()); // closed before a complete request: nobody to answer
        }
        head.extend_from_slice(&buf[..n]);
    };
    let head_only = head.starts_with(b"HEAD ");
    let out = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n{}\r\n",
        response.status,
        response.content_type,
        response.body.len(),
        response.extra
    );
    stream.write_all(out.as_bytes())?;
    if !head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

/// Answers the request line `line` from the current state of the site.
fn request(line: &str, site: &Shared) -> Response {
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Response::text("400 Bad Request", "bad request line");
    };
    if !version.starts_with("HTTP/1.") {
        return Response::text("505 HTTP Version Not Supported", "HTTP/1.x only");
    }
    if method != "GET" && method != "HEAD" {
        let mut r = Response::text("405 Method Not Allowed", "only GET and HEAD");
        r.extra = "Allow: GET, HEAD\r\n".into();
        return r;
    }
    let raw = target.split(['?', '#']).next().unwrap_or_default();
    let Some(path) = percent_decode(raw).filter(|p| p.starts_with('/')) else {
        return Response::text("400 Bad Request", "bad path");
    };
    // The files live in memory, so nothing could escape the site anyway; `..` is
    // refused because it can only be a mistake or a probe.
    if path.split('/').any(|seg| seg == ".." || seg == ".") || path.contains('\\') {
        return Response::text("400 Bad Request", "bad path");
    }
    let (version, files, error) = {
        let s = site.read().unwrap_or_else(PoisonError::into_inner);
        (s.version, s.files.clone(), s.error.clone())
    };
    if path == VERSION_PATH {
        return Response::text("200 OK", &version.to_string());
    }
    let key = if path.ends_with('/') {
        format!("{}index.html", &path[1..])
    } else {
        path[1..].to_string()
    };
    let ext = Path::new(&key).extension().and_then(|e| e.to_str());
    // While the registry is broken, every page shows why (css/js still come from the
    // last good build, so the rest of the site keeps its looks once fixed).
    if let Some(error) = error.filter(|_| matches!(ext, None | Some("html"))) {
        return Response::html("200 OK", error_page(&error, version));
    }
    let files = files.unwrap_or_default();
    if let Some(stored) = files.get(&key) {
        let bytes = stored.bytes();
        return match ext {
            Some("html") => Response::html(
                "200 OK",
                inject_reload(&String::from_utf8_lossy(&bytes), version),
            ),
            _ => Response::new("200 OK", content_type(ext), bytes.into_owned()),
        };
    }
    // `/de` → `/de/`: the pages link relatively, so a folder's URL must end in a slash.
    if files.contains_key(&format!("{key}/index.html")) {
        let mut r = Response::text("301 Moved Permanently", "moved");
        r.extra = format!("Location: {raw}/\r\n");
        return r;
    }
    let page = format!(
        "{HTML_HEAD}<title>ropa: not found</title></head><body><h1>Not found</h1><p><code>{}</code> is not part of the site. <a href=\"/\">Home</a></p></body></html>\n",
        escape(&path)
    );
    Response::html("404 Not Found", inject_reload(&page, version))
}

fn content_type(ext: Option<&str>) -> &'static str {
    match ext {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes; `None` for a broken escape or a result that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().filter(|s| !s.contains('\0'))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const HTML_HEAD: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";

/// The script that reloads the page once the server's version moves past `version`.
/// Fetch errors are ignored: while the server restarts, the page just waits.
fn reload_script(version: u64) -> String {
    format!("<script>(function(){{var v=\"{version}\";setInterval(function(){{fetch(\"{VERSION_PATH}\",{{cache:\"no-store\"}}).then(function(r){{return r.ok?r.text():v}}).then(function(t){{if(t.trim()!==v)location.reload()}}).catch(function(){{}})}},500)}})();</script>")
}

/// Puts the live-reload script before the last `</body>` (or at the end).
fn inject_reload(html: &str, version: u64) -> String {
    let at = html.rfind("</body>").unwrap_or(html.len());
    format!("{}{}{}", &html[..at], reload_script(version), &html[at..])
}

/// The page every HTML request gets while the registry does not build.
fn error_page(diagnostics: &str, version: u64) -> String {
    format!(
        "{HTML_HEAD}<title>ropa: build failed</title><style>body{{font-family:system-ui,sans-serif;margin:2rem}}pre{{background:#f6f6f6;padding:1rem;overflow:auto;white-space:pre-wrap}}</style></head>\
         <body><h1>The registry does not build</h1><p>Fix the problems below and save; this page reloads by itself.</p><pre>{}</pre>{}</body></html>\n",
        escape(diagnostics),
        reload_script(version)
    )
}
