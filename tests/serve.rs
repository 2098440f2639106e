//! `ropa serve` end to end: the real binary on a copy of the example registry, spoken
//! to over plain HTTP/1.1 (no client crate), edited while it runs.

mod common;

use common::{ropa_bin, Example, AS_OF};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a change may take to show in the served pages.
const LIVE: Duration = Duration::from_secs(2);

/// The live-edit tests measure rebuild latency (a debug build compiles the example in
/// ~0.6 s on two cores); running the servers one at a time keeps one server's compile
/// from eating another's time budget on a small machine.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running `ropa serve`; killed (and reaped, so no zombie is left) when dropped,
/// even when an assertion fails first.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(example: &Example) -> Server {
        let mut child = Command::new(ropa_bin())
            .arg("serve")
            .arg(example.root())
            .args(["--port", "0", "--as-of", AS_OF])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start ropa serve");
        let mut line = String::new();
        let read = BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line);
        // Build the guard before asserting, so a bad first line still kills the child.
        let mut server = Server {
            child,
            addr: ([127, 0, 0, 1], 0).into(),
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
