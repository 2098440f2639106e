//! `ropa serve`: compile the wiki in memory, serve it on 127.0.0.1, rebuild when a
//! record changes and reload the open pages.
//!
//! Deliberately small: HTTP is hyper's (see [`listen`]), one watcher thread learns of
//! changes from the system (inotify; polling where that is unavailable), and a shared
//! [`Site`] behind a lock. A change to a process text re-renders only its pages (see
//! [`crate::session`]); anything else rebuilds the site. It is a tool for
//! authors on their own machine, not a web server: it binds to loopback only, answers
//! only requests that name a loopback host (so a web page cannot reach it through DNS
//! rebinding), and answers GET and HEAD with `Connection: close`.

mod changes;

use crate::session::{Outcome, Session};
use crate::site::output::Files;
use crate::site::BuildOptions;
use changes::Changes;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, HOST};
use hyper::{Method, Request, StatusCode, Version};
use std::io;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Longest request head accepted; hyper answers a longer one with 431.
const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request head; a slower one is dropped, so
/// clients that trickle a byte now and then cannot hold connections for long.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one connection may last in all (head, answer, and a slow reader of it).
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(60);
/// Connections handled at once; a connection past them gets a quick 503 (a reset
/// would look like a crash to the browser). Each is a tokio task, so this bounds
/// memory, not threads.
const MAX_CONNECTIONS: usize = 512;
/// Overrides [`MAX_CONNECTIONS`]; undocumented in `--help`, for tests of the cap.
const MAX_CONNECTIONS_ENV: &str = "ROPA_SERVE_MAX_CONNECTIONS";
/// How long the client is told to wait before trying again after a 503.
const RETRY_AFTER_SECS: u64 = 1;
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
    /// Called once the site is built and the port is open, with the address to visit
    /// (the command layer prints it; tests and scripts read the port from it).
    pub on_ready: Box<dyn FnOnce(&str)>,
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
    let on_ready = std::mem::replace(&mut opts.on_ready, Box::new(|_| {}));
    on_ready(&format!("http://127.0.0.1:{port}/"));
    let watcher_site = Arc::clone(&site);
    std::thread::spawn(move || watch(&opts.dir, &opts.build, &watcher_site, changes, session));
    listen(listener, port, site)
}

/// Serves `listener` until the process is killed.
///
/// hyper on a small tokio runtime rather than a thread per connection (or tiny_http,
/// which reads request heads without a timeout on a growing thread pool): each
/// connection is a cheap task, hyper drops a client that does not finish its request
/// head within [`HEAD_TIMEOUT`], and a semaphore caps the connections, so idle or
/// trickling clients neither starve the others nor exhaust the machine.
fn listen(listener: TcpListener, port: u16, site: Shared) -> Result<(), String> {
    let cap = std::env::var(MAX_CONNECTIONS_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(MAX_CONNECTIONS);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| format!("cannot start the HTTP server: {e}"))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let slots = Arc::new(tokio::sync::Semaphore::new(cap));
        loop {
            // Errors here are the client's (it reset before being accepted) or a
            // passing shortage of file descriptors: back off briefly, keep serving.
            let Ok((stream, _)) = listener.accept().await else {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            };
            let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                tokio::spawn(overloaded(stream));
                continue;
            };
            let site = Arc::clone(&site);
            tokio::spawn(async move {
                let _ =
                    tokio::time::timeout(CONNECTION_TIMEOUT, connection(stream, port, site)).await;
                drop(slot);
            });
        }
    })
}

/// Speaks HTTP/1.1 on one connection (one request: every answer says `close`).
async fn connection(stream: tokio::net::TcpStream, port: u16, site: Shared) {
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        let response = answer(&req, port, &site);
        async move { Ok::<_, std::convert::Infallible>(response) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .keep_alive(false)
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
        .await;
}

/// Answers a connection past the cap with 503, without reading its request.
async fn overloaded(mut stream: tokio::net::TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = "ropa serve is handling too many connections; try again in a moment\n";
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nRetry-After: {RETRY_AFTER_SECS}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        stream.write_all(head.as_bytes()).await?;
        stream.shutdown().await?;
        // Drain what the client sent: closing a socket with unread data makes the
        // kernel send a reset, which can destroy the answer in flight.
        let mut sink = [0u8; 1024];
        while stream.read(&mut sink).await? > 0 {}
        io::Result::Ok(())
    })
    .await;
}

/// Reports a (re)build in the log (`what` in `N ms`) and reduces it to what the server
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
            log::error!("build failed: {message}");
            return Err(message);
        }
    };
    if !outcome.text.is_empty() {
        // The diagnostics as `check` prints them (each ends with a newline).
        log::warn!("{}", outcome.text.trim_end_matches('\n'));
    }
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
            log::info!("{what} in {ms} ms ({how}, {warnings} warning(s))");
            Ok(files)
        }
        None => {
            let errors = outcome.errors;
            log::error!(
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

/// One answer: a status, extra headers, a content type and a body.
struct Response {
    status: StatusCode,
    extra: Vec<(&'static str, String)>,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Response {
    fn new(status: StatusCode, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            extra: Vec::new(),
            content_type,
            body: body.into(),
        }
    }

    fn text(status: StatusCode, body: &str) -> Self {
        Response::new(status, "text/plain; charset=utf-8", format!("{body}\n"))
    }

    fn html(status: StatusCode, page: String) -> Self {
        Response::new(status, content_type(Some("html")), page)
    }

    /// The answer hyper sends; a HEAD gets the headers (with the GET's length) only.
    fn into_hyper(self, head_only: bool) -> hyper::Response<Full<Bytes>> {
        let length = self.body.len();
        let body = if head_only { Vec::new() } else { self.body };
        let mut builder = hyper::Response::builder()
            .status(self.status)
            .header("Content-Type", self.content_type)
            .header("Content-Length", length)
            .header("Cache-Control", "no-store")
            .header("X-Content-Type-Options", "nosniff")
            .header("Connection", "close");
        for (name, value) in self.extra {
            builder = builder.header(name, value);
        }
        builder
            .body(Full::new(Bytes::from(body)))
            .unwrap_or_else(|_| {
                // Only a header value with a control character can fail here (a
                // redirect to a strange path): answer plainly instead.
                let mut r = hyper::Response::new(Full::new(Bytes::from_static(b"bad path\n")));
                *r.status_mut() = StatusCode::BAD_REQUEST;
                r
            })
    }
}

/// Answers one request from the current state of the site.
fn answer(req: &Request<Incoming>, port: u16, site: &Shared) -> hyper::Response<Full<Bytes>> {
    let head_only = req.method() == Method::HEAD;
    let response = match host_problem(req, port) {
        Some(refusal) => refusal,
        None => request(req.method(), req.uri().path(), site),
    };
    response.into_hyper(head_only)
}

/// Whether `host` (a `Host` header or a URI's authority) names a loopback host:
/// `127.0.0.1`, `localhost` or `[::1]`, with or without a port. Any port: the name
/// is what DNS rebinding changes, and a tunnel (`ssh -L 8080:localhost:4000`) or a
/// container's port mapping legitimately names another port than the one served.
fn loopback_host(host: &str) -> bool {
    let (name, given) = match host.rsplit_once(':') {
        Some((name, p)) if !name.is_empty() && !p.contains(']') => (name, Some(p)),
        _ => (host, None),
    };
    let name_ok = ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|ok| name.eq_ignore_ascii_case(ok));
    name_ok && given.is_none_or(|p| p.parse::<u16>().is_ok())
}

/// Refuses a request that names another host (421; DNS rebinding: a web page whose
/// name now points at 127.0.0.1 must not read the wiki) or none at all on HTTP/1.1.
fn host_problem(req: &Request<Incoming>, port: u16) -> Option<Response> {
    // RFC 9112 §3.2: a request with several Host headers is invalid (which one a
    // proxy or browser meant is anybody's guess).
    if req.headers().get_all(HOST).iter().nth(1).is_some() {
        return Some(Response::text(
            StatusCode::BAD_REQUEST,
            "more than one Host header; send exactly one (e.g. Host: 127.0.0.1)",
        ));
    }
    let header = req.headers().get(HOST).map(HeaderValue::to_str);
    let named = match (header, req.uri().authority()) {
        (Some(Ok(host)), _) => host.to_string(),
        (Some(Err(_)), _) => {
            return Some(Response::text(StatusCode::BAD_REQUEST, "bad Host header"))
        }
        (None, Some(authority)) => authority.as_str().to_string(),
        (None, None) if req.version() == Version::HTTP_10 => return None,
        (None, None) => {
            return Some(Response::text(
                StatusCode::BAD_REQUEST,
                "an HTTP/1.1 request needs a Host header (e.g. Host: 127.0.0.1)",
            ))
        }
    };
    let authority_ok = req
        .uri()
        .authority()
        .is_none_or(|a| loopback_host(a.as_str()));
    if loopback_host(&named) && authority_ok {
        return None;
    }
    Some(Response::text(
        StatusCode::MISDIRECTED_REQUEST,
        &format!(
            "ropa serve answers only to 127.0.0.1, localhost or [::1]; this request named Host: {} \
             (refused as DNS rebinding protection). Open http://127.0.0.1:{port}/ instead.",
            named.escape_debug()
        ),
    ))
}

/// Answers `method` on `raw` (the path of the request target, still percent-encoded).
fn request(method: &Method, raw: &str, site: &Shared) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = Response::text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
        r.extra.push(("Allow", "GET, HEAD".into()));
        return r;
    }
    let Some(path) = percent_decode(raw).filter(|p| p.starts_with('/')) else {
        return Response::text(StatusCode::BAD_REQUEST, "bad path");
    };
    // The files live in memory, so nothing could escape the site anyway; `..` is
    // refused because it can only be a mistake or a probe.
    if path.split('/').any(|seg| seg == ".." || seg == ".") || path.contains('\\') {
        return Response::text(StatusCode::BAD_REQUEST, "bad path");
    }
    let (version, files, error) = {
        let s = site.read().unwrap_or_else(PoisonError::into_inner);
        (s.version, s.files.clone(), s.error.clone())
    };
    if path == VERSION_PATH {
        return Response::text(StatusCode::OK, &version.to_string());
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
        return Response::html(StatusCode::OK, error_page(&error, version));
    }
    let files = files.unwrap_or_default();
    if let Some(stored) = files.get(&key) {
        let bytes = stored.bytes();
        return match ext {
            Some("html") => Response::html(
                StatusCode::OK,
                inject_reload(&String::from_utf8_lossy(&bytes), version),
            ),
            _ => Response::new(StatusCode::OK, content_type(ext), bytes.into_owned()),
        };
    }
    // `/de` → `/de/`: the pages link relatively, so a folder's URL must end in a slash.
    if files.contains_key(&format!("{key}/index.html")) {
        let mut r = Response::text(StatusCode::MOVED_PERMANENTLY, "moved");
        r.extra.push(("Location", format!("{raw}/")));
        return r;
    }
    let page = format!(
        "{HTML_HEAD}<title>ropa: not found</title></head><body><h1>Not found</h1><p><code>{}</code> is not part of the site. <a href=\"/\">Home</a></p></body></html>\n",
        crate::html::escape(&path)
    );
    Response::html(StatusCode::NOT_FOUND, inject_reload(&page, version))
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
        crate::html::escape(diagnostics),
        reload_script(version)
    )
}
