//! `ropa serve` on a developer's laptop (issue #18, item 5): it answers only requests
//! that name a loopback host (DNS rebinding), slow or idle clients do not starve the
//! others, many concurrent clients are all served, and past its connection cap it
//! answers 503 rather than resetting.
//!
//! Spoken to over plain std `TcpStream`s (no client crate), one request per
//! connection, because the server answers every request with `Connection: close`.

use crate::support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{ropa_bin, serial, Example, AS_OF};

/// How long any single read may block before the test gives up on it.
const READ_TIMEOUT: Duration = Duration::from_secs(20);

/// A running `ropa serve`, killed and reaped when dropped (even when a test fails).
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts `ropa serve` on a free port; `env` is set for the child only.
    fn start(example: &Example, env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(ropa_bin());
        command
            .arg("serve")
            .arg(example.root())
            .args(["--port", "0", "--as-of", AS_OF])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("start ropa serve");
        let mut line = String::new();
        let read = BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line);
        let mut server = Server {
            child,
            addr: ([127, 0, 0, 1], 0).into(),
        };
        read.expect("read the first line");
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        server.addr.set_port(port);
        server
    }

    fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Sends `head` (request line and headers, without the final blank line) and
    /// returns the whole response.
    fn send(&self, head: &str) -> Response {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream.set_read_timeout(Some(READ_TIMEOUT)).unwrap();
        write!(stream, "{head}\r\n\r\n").expect("send");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read response");
        Response::parse(&bytes).unwrap_or_else(|e| panic!("{e}"))
    }

    fn get_with_host(&self, path: &str, host: &str) -> Response {
        self.send(&format!("GET {path} HTTP/1.1\r\nHost: {host}"))
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
    body: Vec<u8>,
}

impl Response {
    /// Parses a response; an error says what was incomplete (for the load tests,
    /// which count errors rather than panic in their threads).
    fn parse(bytes: &[u8]) -> Result<Response, String> {
        let end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| format!("no complete head in {} bytes", bytes.len()))?;
        let head = String::from_utf8_lossy(&bytes[..end]);
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.strip_prefix("HTTP/1.1 "))
            .and_then(|l| l.get(..3))
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line in {head:?}"))?;
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Ok(Response {
            status,
            headers,
            body: bytes[end + 4..].to_vec(),
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Whether the body is as long as the response said.
    fn complete(&self) -> bool {
        self.header("content-length")
            .and_then(|l| l.parse::<usize>().ok())
            == Some(self.body.len())
    }
}

const PAGE: &str = "/de/processes/transcript-deletion.html";
/// A phrase of the page above, to tell wiki content from a refusal.
const WIKI_TEXT: &str = "Löschung von Chat-Transkripten";

#[test]
fn only_requests_naming_a_loopback_host_are_answered() {
    let _serial = serial();
    let example = Example::new();
    let server = Server::start(&example, &[]);
    let port = server.port();

    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
        "LOCALHOST".to_string(),
        // Another port: what a tunnel (`ssh -L 8080:localhost:PORT`) sends.
        "localhost:8080".to_string(),
    ] {
        let ok = server.get_with_host(PAGE, &host);
        assert_eq!(ok.status, 200, "Host: {host}: {}", ok.text());
        assert!(ok.text().contains(WIKI_TEXT), "Host: {host}: no wiki page");
    }

    for host in [
        "attacker.example".to_string(),
        format!("attacker.example:{port}"),
        format!("localhost.attacker.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost:{port}@attacker.example"),
        format!("localhost:x{port}"),
    ] {
        let refused = server.get_with_host(PAGE, &host);
        assert_eq!(refused.status, 421, "Host: {host}: {}", refused.text());
        let text = refused.text();
        assert!(
            !text.contains(WIKI_TEXT),
            "Host: {host}: wiki content leaked"
        );
        assert!(
            text.contains("answers only to 127.0.0.1, localhost or [::1]")
                && text.contains("DNS rebinding")
                && text.contains(&host),
            "Host: {host}: unclear refusal {text:?}"
        );
    }

    // The target's authority counts too: it cannot smuggle another host past.
    let absolute = server.send(&format!(
        "GET http://attacker.example{PAGE} HTTP/1.1\r\nHost: 127.0.0.1:{port}"
    ));
    assert_eq!(absolute.status, 421, "{}", absolute.text());
    assert!(!absolute.text().contains(WIKI_TEXT));

    // Exactly one Host header: a second cannot name another host.
    let twice = server.send(&format!(
        "GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: attacker.example"
    ));
    assert_eq!(twice.status, 400, "{}", twice.text());
    assert!(twice.text().contains("more than one Host header"));
    assert!(!twice.text().contains(WIKI_TEXT));

    // HTTP/1.1 requires a Host header.
    let missing = server.send(&format!("GET {PAGE} HTTP/1.1"));
    assert_eq!(missing.status, 400, "{}", missing.text());
    assert!(missing.text().contains("needs a Host header"));
    assert!(!missing.text().contains(WIKI_TEXT));
}

/// Runs `clients` threads that together make `total` requests for `path`, one per
/// connection, and returns the errors seen (each described).
fn hammer(server: &Server, clients: usize, total: usize, path: &str) -> Vec<String> {
    let expected = server.get_with_host(path, "127.0.0.1").body.len();
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(Mutex::new(Vec::new()));
    let start = Arc::new(std::sync::Barrier::new(clients));
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (next, errors, start) = (next.clone(), errors.clone(), start.clone());
            let (addr, path) = (server.addr, path.to_string());
            std::thread::spawn(move || {
                // All connect at once, so 200 connections are really open together.
                start.wait();
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    if let Err(e) = one_request(addr, &path, expected) {
                        errors.lock().unwrap_or_else(|e| e.into_inner()).push(e);
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("client thread");
    }
    let errors = errors.lock().unwrap_or_else(|e| e.into_inner());
    errors.clone()
}

fn one_request(addr: SocketAddr, path: &str, expected: usize) -> Result<(), String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(READ_TIMEOUT))
        .map_err(|e| e.to_string())?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .map_err(|e| format!("send: {e}"))?;
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .map_err(|e| format!("read: {e}"))?;
    let r = Response::parse(&bytes)?;
    if r.status != 200 || !r.complete() || r.body.len() != expected {
        return Err(format!(
            "status {}, {} of {expected} body bytes",
            r.status,
            r.body.len()
        ));
    }
    Ok(())
}

#[test]
fn two_hundred_concurrent_clients_make_twenty_thousand_requests_without_an_error() {
    let _serial = serial();
    let example = Example::new();
    let server = Server::start(&example, &[]);
    let started = Instant::now();
    let errors = hammer(&server, 200, 20_000, "/assets/style.css");
    eprintln!("20,000 requests in {:?}", started.elapsed());
    assert!(
        errors.is_empty(),
        "{} of 20,000 requests failed, e.g. {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );
}

/// How long the server may keep a client that never finishes its request head: its
/// head timeout is 10 s; the margin is for a slow machine.
const DROPPED_WITHIN: Duration = Duration::from_secs(25);

/// Opens `n` connections that send part of a request head and then a byte every
/// second, as a slowloris attack does. Each thread returns how long its connection
/// lasted until the server dropped it, or `None` if it still stood after
/// [`DROPPED_WITHIN`].
fn slow_clients(addr: SocketAddr, n: usize) -> Vec<std::thread::JoinHandle<Option<Duration>>> {
    (0..n)
        .map(|_| {
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut stream = TcpStream::connect(addr).ok()?;
                let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
                while started.elapsed() < DROPPED_WITHIN {
                    if stream.write_all(b"a").is_err() {
                        return Some(started.elapsed());
                    }
                    std::thread::sleep(Duration::from_millis(1000));
                }
                None
            })
        })
        .collect()
}

#[test]
fn a_normal_request_is_answered_within_a_second_during_a_slow_client_attack() {
    let _serial = serial();
    let example = Example::new();
    let server = Server::start(&example, &[]);
    let attackers = slow_clients(server.addr, 100);
    // Let every attacker connect and start trickling.
    std::thread::sleep(Duration::from_secs(2));
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        let started = Instant::now();
        let page = server.get_with_host(PAGE, "127.0.0.1");
        let took = started.elapsed();
        assert_eq!(page.status, 200, "{}", page.text());
        assert!(page.complete() && page.text().contains(WIKI_TEXT));
        slowest = slowest.max(took);
        std::thread::sleep(Duration::from_millis(300));
    }
    assert!(
        slowest < Duration::from_secs(1),
        "a normal request took {slowest:?} while 100 slow clients were connected"
    );
    // And the attackers do not hold their connections for long.
    let lasted: Vec<Option<Duration>> = attackers
        .into_iter()
        .map(|a| a.join().expect("attacker thread"))
        .collect();
    let kept = lasted.iter().filter(|l| l.is_none()).count();
    assert_eq!(
        kept, 0,
        "{kept} of 100 slow clients were still connected after {DROPPED_WITHIN:?}"
    );
}

#[test]
fn past_the_connection_cap_a_new_connection_gets_503_and_the_server_recovers() {
    let _serial = serial();
    let example = Example::new();
    let server = Server::start(&example, &[("ROPA_SERVE_MAX_CONNECTIONS", "8")]);
    // Eight idle connections (each sent nothing yet) fill the cap.
    let idle: Vec<TcpStream> = (0..8)
        .map(|_| TcpStream::connect(server.addr).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let busy = server.get_with_host(PAGE, "127.0.0.1");
    assert_eq!(busy.status, 503, "{}", busy.text());
    assert_eq!(busy.header("retry-after"), Some("1"));
    assert!(busy.complete());
    assert!(
        busy.text().contains("too many connections"),
        "{}",
        busy.text()
    );
    assert!(!busy.text().contains(WIKI_TEXT));
    // Closing them frees the slots.
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let page = server.get_with_host(PAGE, "127.0.0.1");
        if page.status == 200 {
            assert!(page.text().contains(WIKI_TEXT));
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still {} after closing",
            page.status
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
