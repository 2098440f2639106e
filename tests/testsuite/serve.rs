//! `ropa serve` end to end: the real binary on a copy of the example registry, spoken
//! to over plain HTTP/1.1 (no client crate), edited while it runs.

use crate::support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{ropa_bin, serial, Example, AS_OF};

/// How long a change may take to show in the served pages before the test calls it
/// lost. A bound against hangs and missed rebuilds, not a speed figure: the tests share
/// one binary with CPU-heavy ones, and benches/run.sh measures the rebuild ("serve:
/// one-file rebuild"; about 0.1 s at scale 100).
const LIVE: Duration = Duration::from_secs(30);

/// A running `ropa serve`; killed (and reaped, so no zombie is left) when dropped,
/// even when an assertion fails first.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// What the server printed on stderr so far (it is echoed to the test's stderr).
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(example: &Example) -> Server {
        let mut child = Command::new(ropa_bin())
            .arg("serve")
            .arg(example.root())
            .args(["--port", "0", "--as-of", AS_OF])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ropa serve");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                eprintln!("serve: {line}");
                let mut log = sink.lock().unwrap_or_else(|e| e.into_inner());
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut line = String::new();
        let read = BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line);
        // Build the guard before asserting, so a bad first line still kills the child.
        let mut server = Server {
            child,
            addr: ([127, 0, 0, 1], 0).into(),
            log,
        };
        read.expect("read the first line");
        let prefix = format!("Serving {} on http://127.0.0.1:", example.root().display());
        let rest = line
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
        assert!(
            rest.ends_with("/ (Ctrl-C to stop)\n"),
            "unexpected first line: {line:?}"
        );
        let port: u16 = rest.split('/').next().unwrap().parse().expect("port");
        server.addr.set_port(port);
        server
    }

    /// The server's stderr so far.
    fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits (up to `LIVE`) until the server's stderr has `n` lines holding `needle`.
    fn wait_for_log(&self, needle: &str, n: usize) -> String {
        let since = Instant::now();
        loop {
            let log = self.log();
            if log.matches(needle).count() >= n {
                return log;
            }
            assert!(
                since.elapsed() < LIVE,
                "no {n}× `{needle}` on stderr within {LIVE:?}:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Every file of a fresh `ropa build` of `example`, compared with what the server
    /// serves under the same path (without its live-reload script); returns the paths
    /// that differ.
    fn differences_from_a_fresh_build(&self, example: &Example) -> Vec<String> {
        let out = tempfile::tempdir().expect("temp dir");
        let site = out.path().join("site");
        // The default audience of `ropa build` and `ropa serve` is internal.
        support::build(example.root(), "internal", &site);
        let mut differ = Vec::new();
        let mut files = 0;
        for entry in walkdir::WalkDir::new(&site).sort_by_file_name() {
            let entry = entry.expect("walk the site");
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&site).unwrap();
            // The marker of a folder written by `ropa build`, not a page of the site.
            if rel == std::path::Path::new(".ropa-output") {
                continue;
            }
            files += 1;
            let url = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
            let built = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
            let served = self.get(&url);
            if served.status != 200 || without_reload(&served.body) != built {
                differ.push(url);
            }
        }
        assert!(files > 100, "the fresh build has only {files} files");
        differ
    }

    fn assert_alive(&mut self) {
        let status = self.child.try_wait().expect("try_wait");
        assert!(status.is_none(), "ropa serve exited: {status:?}");
    }

    /// Sends `request_line` (plus a Host header) and returns the response.
    fn raw(&self, request_line: &str) -> Response {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(stream, "{request_line}\r\nHost: {}\r\n\r\n", self.addr).expect("send");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read response");
        Response::parse(&bytes)
    }

    fn get(&self, path: &str) -> Response {
        self.raw(&format!("GET {path} HTTP/1.1"))
    }

    /// Polls `path` every 100 ms until `done` holds; returns the response and how long
    /// it took, or panics after `LIVE` (with the last response, to see what was served).
    fn wait_for(
        &self,
        path: &str,
        since: Instant,
        done: impl Fn(&Response) -> bool,
    ) -> (Response, Duration) {
        loop {
            let r = self.get(path);
            if done(&r) {
                return (r, since.elapsed());
            }
            assert!(
                since.elapsed() < LIVE,
                "{path}: no change within {LIVE:?}; last response:\n{}",
                r.body
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A served page without the live-reload script `serve` adds before `</body>`.
fn without_reload(body: &str) -> String {
    match body.rfind("<script>(function(){var v=") {
        Some(start) => {
            let end = body[start..].find("</script>").expect("script end") + start + 9;
            format!("{}{}", &body[..start], &body[end..])
        }
        None => body.to_string(),
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("no head in {text:?}"));
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        assert!(
            status_line.starts_with("HTTP/1.1 "),
            "status line {status_line:?}"
        );
        let status = status_line[9..12].parse().expect("status code");
        let headers = lines
            .map(|l| {
                let (k, v) = l
                    .split_once(':')
                    .unwrap_or_else(|| panic!("bad header {l:?}"));
                (k.to_ascii_lowercase(), v.trim().to_string())
            })
            .collect();
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

const PAGE: &str = "/de/processes/transcript-deletion.html";

#[test]
fn serves_the_site_on_loopback() {
    let _serial = serial();
    let example = Example::new();
    let server = Server::start(&example);
    assert!(server.addr.ip().is_loopback());

    let page = server.get(PAGE);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Löschung von Chat-Transkripten"),
        "title missing"
    );
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("connection"), Some("close"));
    assert_eq!(
        page.header("content-length"),
        Some(page.body.len().to_string().as_str())
    );
    assert!(
        page.body.contains("/__ropa/version"),
        "no live-reload script"
    );
    let (script, body_end) = (
        page.body.rfind("<script>(function"),
        page.body.rfind("</body>"),
    );
    assert!(
        script.is_some() && script < body_end,
        "script not just before </body>"
    );

    // Percent-encoded paths, query strings, HEAD.
    assert_eq!(
        server
            .get("/de/processes/transcript%2Ddeletion.html?x=1")
            .status,
        200
    );
    let head = server.raw(&format!("HEAD {PAGE} HTTP/1.1"));
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    assert_eq!(head.header("content-length"), page.header("content-length"));

    // Folders: `/` serves the root index (a redirect page), `/de/` the German home,
    // `/de` redirects to `/de/` so relative links keep working.
    let root = server.get("/");
    assert_eq!(root.status, 200);
    assert!(root.body.contains("de/index.html"), "{}", root.body);
    let home = server.get("/de/");
    assert_eq!(home.status, 200);
    assert_eq!(home.body, server.get("/de/index.html").body);
    let redirect = server.get("/de");
    assert_eq!(
        (redirect.status, redirect.header("location")),
        (301, Some("/de/"))
    );

    let css = server.get("/assets/style.css");
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8"))
    );
    assert!(!css.body.contains("__ropa"), "script injected into css");

    let missing = server.get("/de/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html lang=\"en\">"));

    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/de/..%2F..%2FCargo.toml",
        "/assets/../../Cargo.toml",
    ] {
        let r = server.get(path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        assert!(!r.body.contains("[package]"), "{path} escaped the site");
    }

    assert_eq!(server.raw("POST / HTTP/1.1").status, 405);
    assert_eq!(server.raw("GARBAGE").status, 400);
    assert_eq!(server.get("/__ropa/version").body.trim(), "1");
}

#[test]
fn an_edit_shows_within_two_seconds() {
    let _serial = serial();
    let example = Example::new();
    let server = Server::start(&example);
    let before = server.get("/__ropa/version").body;
    assert_eq!(server.get(PAGE).status, 200);

    let marker = format!("ropa-serve-marker-{}", std::process::id());
    let rel = "processes/transcript-deletion.md";
    example.write(rel, format!("{}\n\n{marker}\n", example.read(rel)));
    let written = Instant::now();
    let (page, took) = server.wait_for(PAGE, written, |r| r.body.contains(&marker));
    eprintln!("edit visible after {took:?}");
    assert_eq!(page.status, 200);
    assert!(took < LIVE, "took {took:?}");
    let after = server.get("/__ropa/version").body;
    assert_ne!(before, after, "version did not change");
    assert!(
        page.body.contains(&format!("var v=\"{}\"", after.trim())),
        "page carries a stale version"
    );
}

#[test]
fn a_broken_registry_shows_the_error_and_recovers() {
    let _serial = serial();
    let example = Example::new();
    let mut server = Server::start(&example);
    let rel = "registry/subprocessors/hetzner.yaml";
    let original = example.read(rel);
    let line = original
        .lines()
        .find(|l| l.starts_with("legal_name:"))
        .expect("legal_name line");
    example.replace(rel, line, "legal_name: [unclosed: {");

    let broken = Instant::now();
    let is_error = |r: &Response| r.body.contains("<title>ropa: build failed</title>");
    let (page, took) = server.wait_for(PAGE, broken, is_error);
    eprintln!("error page after {took:?}");
    assert!(took < LIVE, "took {took:?}");
    assert_eq!(page.status, 200);
    assert!(page.body.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.body.contains("hetzner.yaml"), "{}", page.body);
    assert!(page.body.contains("yaml-syntax"), "{}", page.body);
    assert!(page.body.contains("<pre>") && page.body.contains("/__ropa/version"));
    // Any HTML path, even one that never existed, shows the same error page…
    assert!(is_error(&server.get("/de/")));
    assert!(is_error(&server.get("/en/anything.html")));
    // …while the assets of the last good build are still served.
    assert_eq!(server.get("/assets/style.css").status, 200);
    server.assert_alive();

    example.write(rel, &original);
    let fixed = Instant::now();
    let (page, took) = server.wait_for(PAGE, fixed, |r| !is_error(r));
    eprintln!("recovered after {took:?}");
    assert!(took < LIVE, "took {took:?}");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Löschung von Chat-Transkripten"));
    server.assert_alive();
}

const PROCESS: &str = "processes/transcript-deletion.md";

#[test]
fn a_process_text_edit_renders_only_its_pages_and_serves_what_a_fresh_build_would() {
    let _serial = serial();
    let example = Example::new();
    let server = Server::start(&example);
    server.wait_for_log("built in", 1);

    // New text at the top (so it is in the search excerpt) with a record link and raw
    // HTML (a warning, so the dashboard changes).
    let marker = format!("short-path-marker-{}", std::process::id());
    let title = "# Löschung von Chat-Transkripten\n";
    example.replace(
        PROCESS,
        title,
        &format!("{title}\n{marker}: siehe [Hetzner](ropa:subprocessor/hetzner), <b>fett</b>.\n"),
    );
    let (page, _) = server.wait_for(PAGE, Instant::now(), |r| r.body.contains(&marker));
    assert!(
        page.body.contains("subprocessors/hetzner.html"),
        "the record link was not rendered"
    );
    let log = server.wait_for_log("rebuilt in", 1);
    assert!(
        log.contains("files rendered again"),
        "the edit did not take the short path:\n{log}"
    );
    let home = server.get("/de/index.html");
    assert!(
        home.body.contains("raw-html"),
        "the dashboard misses the new warning"
    );
    assert!(
        server.get("/assets/search-de.js").body.contains(&marker),
        "the search index misses the new text"
    );
    let differ = server.differences_from_a_fresh_build(&example);
    assert!(
        differ.is_empty(),
        "served ≠ fresh build after the short path: {differ:?}"
    );

    // A new heading is a new link target for other pages: the whole site is rebuilt.
    let text = example.read(PROCESS);
    example.write(
        PROCESS,
        format!("{text}\n## Ganz neuer Abschnitt\n\nText.\n"),
    );
    let log = server.wait_for_log("rebuilt in", 2);
    let last = log.lines().rfind(|l| l.contains("rebuilt in")).unwrap();
    assert!(
        !last.contains("rendered again"),
        "a heading change took the short path: {last}"
    );
    let differ = server.differences_from_a_fresh_build(&example);
    assert!(
        differ.is_empty(),
        "served ≠ fresh build after a full rebuild: {differ:?}"
    );
}

#[test]
fn a_broken_link_in_a_process_text_shows_the_error_and_the_fix_takes_the_short_path() {
    let _serial = serial();
    let example = Example::new();
    let server = Server::start(&example);
    server.wait_for_log("built in", 1);
    let text = example.read(PROCESS);
    example.write(
        PROCESS,
        format!("{text}\nSiehe [den Dienst](ropa:subprocessor/no-such-provider).\n"),
    );
    let is_error = |r: &Response| r.body.contains("<title>ropa: build failed</title>");
    let (page, _) = server.wait_for(PAGE, Instant::now(), is_error);
    assert!(page.body.contains("dangling-reference"), "{}", page.body);
    assert!(page.body.contains("no-such-provider"), "{}", page.body);
    let line = text.lines().count() + 2;
    assert!(
        page.body
            .contains(&format!("transcript-deletion.md:{line}:")),
        "the error does not name line {line}: {}",
        page.body
    );

    let marker = format!("fixed-marker-{}", std::process::id());
    example.write(PROCESS, format!("{text}\n{marker}\n"));
    server.wait_for(PAGE, Instant::now(), |r| r.body.contains(&marker));
    let log = server.wait_for_log("rebuilt in", 1);
    assert!(
        log.contains("files rendered again"),
        "the fix did not take the short path:\n{log}"
    );
    let differ = server.differences_from_a_fresh_build(&example);
    assert!(differ.is_empty(), "served ≠ fresh build: {differ:?}");
}

#[test]
fn editor_swap_and_backup_files_do_not_trigger_a_rebuild() {
    let _serial = serial();
    let example = Example::new();
    let server = Server::start(&example);
    server.wait_for_log("built in", 1);
    let before = server.get("/__ropa/version").body;
    example.write("processes/.transcript-deletion.md.swp", "swap");
    example.write("processes/transcript-deletion.md~", "backup");
    example.write("registry/subprocessors/hetzner.yaml.bak", "backup");
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(
        server.get("/__ropa/version").body,
        before,
        "{}",
        server.log()
    );
    assert!(!server.log().contains("rebuilt"), "{}", server.log());
}
