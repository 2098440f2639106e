//! `ropa serve`: compile the wiki in memory, serve it on 127.0.0.1, rebuild when a
//! record changes and reload the open pages.
//!
//! Deliberately small and std-only: one thread per connection, one watcher thread that
//! polls the registry's folders, and a shared [`Site`] behind a lock. It is a tool for
//! authors on their own machine, not a web server: it binds to loopback only and
//! answers GET and HEAD with `Connection: close`.

use crate::build::{compile, Compiled};
use crate::site::output::{Files, MemorySink};
use crate::site::BuildOptions;
use codespan_reporting::term::termcolor::NoColor;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime};

/// The folders (relative to the registry root) whose changes trigger a rebuild.
const WATCHED: [&str; 3] = ["registry", "processes", "templates"];
/// How often the watcher looks for changes.
const POLL: Duration = Duration::from_millis(200);
/// How long to wait after a change before rebuilding, so an editor's save (often a
/// write plus a rename) or a `git checkout` lands in one rebuild rather than several.
const DEBOUNCE: Duration = Duration::from_millis(100);
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
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    // Snapshot before the first compile, so an edit made while it runs (or before the
    // watcher thread gets going) still triggers a rebuild.
    let seen = snapshot(&opts.dir);
    let started = Instant::now();
    let first = compile_in_memory(&opts.dir, &opts.build).map_err(|e| e.to_string())?;
    let site: Shared = Arc::default();
    apply(&site, report(Ok(first), started, "built"));
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, opts.port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", opts.port))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let mut out = io::stdout().lock();
    // Tests (and scripts) read the port from this line, so it must not sit in a buffer.
    let _ = writeln!(
        out,
        "Serving {} on http://127.0.0.1:{port}/ (Ctrl-C to stop)",
        opts.dir.display()
    );
    let _ = out.flush();
    drop(out);
    let watcher_site = Arc::clone(&site);
    std::thread::spawn(move || watch(&opts.dir, &opts.build, &watcher_site, seen));
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

/// Compiles the site into memory.
fn compile_in_memory(
    dir: &Path,
    opts: &BuildOptions,
) -> Result<(Compiled, Files), crate::load::LoadFailure> {
    let sink = MemorySink::default();
    let compiled = compile(dir, opts, &sink)?;
    Ok((compiled, sink.into_files()))
}

/// The outcome of one compile, reduced to what the server keeps.
enum Outcome {
    Built(Files),
    Failed(String),
}

/// Turns a compile into an [`Outcome`] and reports it (`what` in `N ms`) on stderr.
fn report(result: Result<(Compiled, Files), String>, started: Instant, what: &str) -> Outcome {
    let ms = started.elapsed().as_millis();
    let (compiled, files) = match result {
        Ok(c) => c,
        Err(message) => {
            eprintln!("build failed: {message}");
            return Outcome::Failed(message);
        }
    };
    let mut text = NoColor::new(Vec::new());
    let _ = compiled
        .diagnostics
        .render_text(&compiled.sources, &mut text);
    let text = String::from_utf8_lossy(&text.into_inner()).into_owned();
    eprint!("{text}");
    let warnings = compiled.diagnostics.warning_count();
    match compiled.written {
        Some(_) => {
            eprintln!(
                "{what} in {ms} ms ({} files, {warnings} warning(s))",
                files.len()
            );
            Outcome::Built(files)
        }
        None => {
            let errors = compiled.diagnostics.error_count();
            eprintln!(
                "build failed: {errors} error(s), {warnings} warning(s); the browser shows them"
            );
            Outcome::Failed(format!(
                "{errors} error(s), {warnings} warning(s):\n\n{text}"
            ))
        }
    }
}

fn apply(site: &Shared, outcome: Outcome) {
    let mut site = site.write().unwrap_or_else(PoisonError::into_inner);
    site.version += 1;
    match outcome {
        Outcome::Built(files) => {
            site.files = Some(Arc::new(files));
            site.error = None;
        }
        Outcome::Failed(text) => site.error = Some(text.into()),
    }
}

type Snapshot = Vec<(PathBuf, Option<SystemTime>, u64)>;

/// Every file under the watched folders with its mtime and size, in a stable order.
fn snapshot(dir: &Path) -> Snapshot {
    let mut out = Vec::new();
    for sub in WATCHED {
        for entry in walkdir::WalkDir::new(dir.join(sub))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Ok(meta) = entry.metadata() {
                out.push((entry.into_path(), meta.modified().ok(), meta.len()));
            }
        }
    }
    out
}

/// Polls the watched folders forever; rebuilds and swaps the site on every change.
fn watch(dir: &Path, opts: &BuildOptions, site: &Shared, mut seen: Snapshot) {
    loop {
        std::thread::sleep(POLL);
        if snapshot(dir) == seen {
            continue;
        }
        // Let a burst of writes settle (but not forever: a file rewritten non-stop must
        // not starve the rebuild). Taking the snapshot *before* compiling means a change
        // made during the compile is seen by the next poll.
        for _ in 0..10 {
            std::thread::sleep(DEBOUNCE);
            let now = snapshot(dir);
            if now == seen {
                break;
            }
            seen = now;
        }
        let started = Instant::now();
        // A panic in the pipeline is a bug, but it must not silently stop the rebuilds.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            compile_in_memory(dir, opts)
        }))
        .unwrap_or_else(|_| {
            Err(crate::load::LoadFailure(
                "ropa panicked while building; see the terminal".into(),
            ))
        })
        .map_err(|e| e.to_string());
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
    if let Some(bytes) = files.get(&key) {
        return match ext {
            Some("html") => Response::html(
                "200 OK",
                inject_reload(&String::from_utf8_lossy(bytes), version),
            ),
            _ => Response::new("200 OK", content_type(ext), bytes.clone()),
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
