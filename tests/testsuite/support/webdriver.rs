//! Drives Debian's Chromium through ChromeDriver (bound to 127.0.0.1) with the
//! `fantoccini` WebDriver client, behind a small blocking API for the tests: open a
//! page, find, type, click, run a script, read the URL and the console log.

pub use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The flags every headless Chromium of the test suite runs with.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// A free port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind a port on 127.0.0.1")
        .local_addr()
        .expect("local address")
        .port()
}

/// ChromeDriver's legacy log endpoint (`/se/log`), which fantoccini has no method for.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

/// A ChromeDriver process and one browser session; both end on drop.
pub struct Browser {
    runtime: tokio::runtime::Runtime,
    client: Option<Client>,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts ChromeDriver on 127.0.0.1 and a headless Chromium with a fresh profile.
    pub fn start() -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            // No --allowed-ips: with it ChromeDriver would listen on every interface;
            // without it, only on the loopback.
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver must be installed (Debian package chromium-driver; ./test.sh installs it)");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start on 127.0.0.1:{port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().expect("create a browser profile folder");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push("--window-size=1280,900".into());
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
            "goog:loggingPrefs": {"browser": "ALL"}
        });
        let Value::Object(caps) = caps else {
            unreachable!("an object")
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = runtime
            .block_on(
                ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&format!("http://127.0.0.1:{port}")),
            )
            .unwrap_or_else(|e| panic!("no browser session from chromedriver: {e}"));
        Browser {
            runtime,
            client: Some(client),
            driver,
            _profile: profile,
        }
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("the session is open")
    }

    /// Opens a URL and waits for the page to load.
    pub fn goto(&self, url: &str) {
        self.runtime
            .block_on(self.client().goto(url))
            .unwrap_or_else(|e| panic!("webdriver: open {url}: {e}"));
    }

    /// The current URL.
    pub fn url(&self) -> String {
        self.runtime
            .block_on(self.client().current_url())
            .unwrap_or_else(|e| panic!("webdriver: current URL: {e}"))
            .to_string()
    }

    /// Runs JavaScript in the page and returns its result.
    pub fn script(&self, js: &str) -> Value {
        self.runtime
            .block_on(self.client().execute(js, vec![]))
            .unwrap_or_else(|e| panic!("webdriver: script {js}: {e}"))
    }

    /// Every element matching a CSS selector.
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        self.runtime
            .block_on(self.client().find_all(Locator::Css(css)))
            .unwrap_or_else(|e| panic!("webdriver: find `{css}`: {e}"))
    }

    /// Waits up to `secs` for at least one element matching `css`.
    pub fn wait_for(&self, css: &str, secs: u64) -> Vec<Element> {
        let start = Instant::now();
        loop {
            let found = self.find_all(css);
            if !found.is_empty() {
                return found;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "no element `{css}` after {secs} s on {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The visible text of an element.
    pub fn text(&self, element: &Element) -> String {
        self.runtime
            .block_on(element.text())
            .unwrap_or_else(|e| panic!("webdriver: element text: {e}"))
    }

    /// Types into an element.
    pub fn type_into(&self, element: &Element, text: &str) {
        self.runtime
            .block_on(element.send_keys(text))
            .unwrap_or_else(|e| panic!("webdriver: type `{text}`: {e}"));
    }

    /// Clicks an element.
    pub fn click(&self, element: &Element) {
        self.runtime
            .block_on(element.click())
            .unwrap_or_else(|e| panic!("webdriver: click: {e}"));
    }

    /// Browser console entries since the last call (level, message).
    pub fn console(&self) -> Vec<(String, String)> {
        let v = self
            .runtime
            .block_on(self.client().issue_cmd(BrowserLog))
            .unwrap_or_else(|e| panic!("webdriver: browser log: {e}"));
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        (
                            e["level"].as_str().unwrap_or_default().to_string(),
                            e["message"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
