//! The site in a real headless Chromium: search for "Hetzner", follow the hit to the
//! subprocessor page, switch the language — from `file://` and through `ropa serve` —
//! with no console error.

use crate::support::example;
use crate::support::webdriver::Browser;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The browser shows the Hetzner page in `lang`, headed "Hetzner"; `how` it got there.
fn assert_on_hetzner(browser: &Browser, lang: &str, how: &str) {
    let url = browser.url();
    assert!(
        url.ends_with(&format!("/{lang}/subprocessors/hetzner.html")),
        "{how} went to {url}"
    );
    let h1 = browser.find_all("h1").remove(0);
    assert_eq!(browser.text(&h1), "Hetzner", "the heading on {url}");
}

/// Searches for Hetzner from the home page at `home`, follows the hit, switches to English.
fn search_follow_switch(browser: &Browser, home: &str) {
    browser.goto(home);
    let input = browser.wait_for("#q", 10).remove(0);
    browser.type_into(&input, "Hetzner");
    let hits = browser.wait_for("#hits a", 10);
    let hit = hits
        .iter()
        .find(|h| browser.text(h).starts_with("Hetzner"))
        .unwrap_or_else(|| {
            panic!(
                "no hit titled Hetzner among {:?}",
                hits.iter().map(|h| browser.text(h)).collect::<Vec<_>>()
            )
        });
    browser.click(hit);
    browser.wait_for("h1", 10);
    assert_on_hetzner(browser, "de", "followed the hit");

    let english = browser.wait_for(".langs a[hreflang=en]", 10).remove(0);
    browser.click(&english);
    browser.wait_for("html[lang=en]", 10);
    assert_on_hetzner(browser, "en", "the language switch");
    let sites = browser.script("return document.querySelector('main').innerText");
    let text = sites.as_str().unwrap_or_default();
    assert!(
        text.contains("Falkenstein") && text.contains("Germany"),
        "the English page lists the sites: {text}"
    );

    let errors: Vec<_> = browser
        .console()
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn search_follow_and_switch_language_from_file_url() {
    let reg = example();
    let out = reg.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_ropa"))
        .args([
            "build",
            reg.path().to_str().unwrap(),
            "--as-of",
            "2026-11-29",
            "--out",
            out.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let browser = Browser::start();
    let home: PathBuf = out.join("de/index.html");
    search_follow_switch(&browser, &format!("file://{}", home.display()));
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn search_follow_and_switch_language_through_serve() {
    let reg = example();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ropa"))
        .args([
            "serve",
            reg.path().to_str().unwrap(),
            "--port",
            "0",
            "--as-of",
            "2026-11-29",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let server = Server(child);
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in `{line}`"))
        .to_string();
    let browser = Browser::start();
    search_follow_switch(&browser, &format!("{url}de/index.html"));
    drop(server);
}
