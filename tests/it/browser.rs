//! End-to-end tests of the web UI in headless Chromium, driven over WebDriver (fantoccini
//! and Debian's chromium-driver, both installed by scripts/test.sh) against the real
//! `dutygraph serve` on a free port. Each test starts its own server, chromedriver and
//! browser, and leaves screenshots in `target/ui-screenshots/` (PNG).
//!
//! With `DUTYGRAPH_UPDATE_SCREENSHOTS=1` the dashboard and body page screenshots (of the
//! reference list, of a sector-first list and of an outline list) are also copied to
//! `docs/screenshots/`, where the README shows them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{ART41_MARKERS, HAZCHEM_BODIES, Server};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const PATIENCE: Duration = Duration::from_secs(30);

/// One browser at a time: the machine has two cores.
static SERIAL: Mutex<()> = Mutex::new(());

/// A child process killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn program(variable: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(
        path.exists(),
        "{} not found: the browser tests need Debian's chromium and chromium-driver, which scripts/test.sh installs (or set {variable})",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `target/ui-screenshots/` (next to the test binaries' temporary directory).
fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("ui-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The real server, chromedriver and a browser session.
struct Browser {
    client: Client,
    /// `http://127.0.0.1:PORT`
    base: String,
    _driver: Process,
    _server: Server,
}

impl Browser {
    async fn start(name: &str, server_args: &[&str]) -> Browser {
        // The server, on a free port it reports on standard error.
        let server = Server::start(server_args);
        let base = server.base.clone();

        // chromedriver on a free port.
        let port = free_port();
        let driver = Process(
            Command::new(program("CHROMEDRIVER", "/usr/bin/chromedriver"))
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts"),
        );
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < PATIENCE, "chromedriver did not listen");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        // Headless Chromium with a fresh profile; no background networking (the machine's
        // closed network refuses it).
        let profile = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("chromium-{name}"));
        let _ = std::fs::remove_dir_all(&profile);
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": program("CHROMIUM", "/usr/bin/chromium"),
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--hide-scrollbars",
                    "--lang=zh-CN",
                    "--window-size=1280,1500",
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session");
        Browser {
            client,
            base,
            _driver: driver,
            _server: server,
        }
    }

    async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
    }

    /// Runs a script until `ready` accepts its value; panics with the last value after
    /// [`PATIENCE`].
    async fn wait_for(&self, what: &str, script: &str, ready: impl Fn(&Value) -> bool) -> Value {
        let started = Instant::now();
        loop {
            let value = self.client.execute(script, vec![]).await.unwrap();
            if ready(&value) {
                return value;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "timed out waiting for {what}; last value: {value}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a screenshot of the viewport as `target/ui-screenshots/{name}.png`.
    async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, &png).unwrap();
        assert!(
            std::fs::metadata(&path).unwrap().len() > 10_000,
            "{name}.png is empty"
        );
        if std::env::var_os("DUTYGRAPH_UPDATE_SCREENSHOTS").is_some()
            && [
                "dashboard",
                "body-page",
                "sectors-dashboard",
                "outline-body-page",
            ]
            .contains(&name)
        {
            let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
            std::fs::create_dir_all(&docs).unwrap();
            std::fs::copy(&path, docs.join(format!("{name}.png"))).unwrap();
        }
        path
    }
}

/// Runs a test with a browser: one at a time, the session closed (Chromium quit) even when
/// the test fails, then the server and chromedriver stopped.
fn browse<F, Fut>(name: &'static str, test: F)
where
    F: FnOnce(Arc<Browser>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    browse_lists(name, &[], test);
}

/// [`browse`] with the server started on the lists given (`--doc` arguments).
fn browse_lists<F, Fut>(name: &'static str, server_args: &[&str], test: F)
where
    F: FnOnce(Arc<Browser>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let browser = Arc::new(Browser::start(name, server_args).await);
        let outcome = tokio::spawn(test(browser.clone())).await;
        let _ = browser.client.clone().close().await;
        drop(browser);
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }
    });
}

const COUNT_BODIES: &str =
    "return document.querySelectorAll('svg.dg-graph a.dg-node[data-kind=body]').length;";

#[test]
fn the_dashboard_draws_every_body_and_filters_by_topic() {
    browse("dashboard", |b| async move {
        b.goto("/").await;
        let bodies = b
            .wait_for("the network's body nodes", COUNT_BODIES, |v| {
                v.as_u64().is_some_and(|n| n > 0)
            })
            .await;
        assert!(bodies.as_u64().unwrap() >= 40, "{bodies} body nodes");
        assert_eq!(bodies, 48);
        let h1 = b.client.find(Locator::Css("h1")).await.unwrap();
        assert!(h1.text().await.unwrap().contains("魏都区安全生产职责清单"));
        // The script ran: it reports what is shown.
        let status = b
            .wait_for(
                "the filter status",
                "return document.getElementById('graph-status').textContent;",
                |v| v.as_str().is_some_and(|s| s.starts_with("显示")),
            )
            .await;
        let edges = b
            .client
            .execute(
                "return document.querySelector('svg.dg-graph').getAttribute('data-edges');",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            status
                .as_str()
                .unwrap()
                .contains(&format!("显示 {} 条关系", edges.as_str().unwrap())),
            "{status}"
        );
        // Keyboard: Tab reaches the bodies of the picture (they are links).
        let focused = b
            .client
            .execute(
                "const a = document.querySelector(\"svg.dg-graph a.dg-node[data-label='区应急管理局']\"); a.focus(); return document.activeElement === a;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(focused, true, "a body node takes the keyboard focus");
        b.client
            .execute("document.activeElement.blur();", vec![])
            .await
            .unwrap();
        // The whole dashboard, the network included, for the README.
        b.client.set_window_size(1280, 2300).await.unwrap();
        b.screenshot("dashboard").await;
        b.client.set_window_size(1280, 1500).await.unwrap();

        // Filter by topic: only the six bodies dealing with 危险化学品 stay lit.
        let select = b.client.find(Locator::Id("graph-topic")).await.unwrap();
        select.select_by_value("hazardous-chemicals").await.unwrap();
        let lit = b
            .wait_for(
                "the topic filter",
                "return Array.from(document.querySelectorAll('svg.dg-graph a.dg-node[data-kind=body]:not(.dg-dim)')).map(n => n.getAttribute('data-label')).sort();",
                |v| v.as_array().is_some_and(|a| a.len() < 48),
            )
            .await;
        let mut expected: Vec<&str> = HAZCHEM_BODIES.to_vec();
        expected.sort_unstable();
        assert_eq!(lit, json!(expected));
        // Unticking 指导 dims its edges; the filter is in the URL, to share.
        b.client
            .find(Locator::Css("input[name=rel][value=guides]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let lit_guides = b
            .wait_for(
                "the relation filter",
                "return document.querySelectorAll('svg.dg-graph .dg-edge[data-relation=guides]:not(.dg-dim)').length;",
                |v| v == &json!(0),
            )
            .await;
        assert_eq!(lit_guides, 0);
        let url = b.client.current_url().await.unwrap();
        assert!(url.as_str().contains("topic=hazardous-chemicals"), "{url}");
        assert!(!url.as_str().contains("rel=guides"), "{url}");
        assert!(url.as_str().contains("rel=supervises"), "{url}");
        b.screenshot("dashboard-filtered").await;
    });
}

#[test]
fn clicking_a_body_opens_its_page_with_its_ten_duties() {
    browse("body", |b| async move {
        b.goto("/").await;
        b.wait_for("the network", COUNT_BODIES, |v| v == &json!(48))
            .await;
        let node = b
            .client
            .find(Locator::Css(
                "svg.dg-graph a.dg-node[data-label='区应急管理局']",
            ))
            .await
            .unwrap();
        node.click().await.unwrap();
        b.wait_for("the body page", "return location.pathname;", |v| {
            v == &json!("/body/weidu-2022-draft/art41")
        })
        .await;
        let h1 = b.client.find(Locator::Css("h1")).await.unwrap();
        assert!(h1.text().await.unwrap().starts_with("区应急管理局"));
        let duties = b.client.find_all(Locator::Css("li.duty")).await.unwrap();
        assert_eq!(duties.len(), 10);
        let mut markers = Vec::new();
        for duty in &duties {
            markers.push(duty.attr("data-marker").await.unwrap().unwrap());
        }
        assert_eq!(markers, ART41_MARKERS);
        let fifth = b.client.find(Locator::Id("item4")).await.unwrap();
        let text = fifth.text().await.unwrap();
        assert!(text.contains("第四十一条第（五）项"), "{text}");
        assert!(text.contains("依法组织生产安全事故调查处理"), "{text}");
        b.screenshot("body-page").await;
    });
}

#[test]
fn the_editor_runs_an_example_from_the_keyboard_and_shares_it() {
    browse("editor", |b| async move {
        b.goto("/editor").await;
        let pick = b.client.find(Locator::Id("example")).await.unwrap();
        // Another example first: the text area follows the choice.
        pick.select_by_value("numbering.rq").await.unwrap();
        b.wait_for(
            "the numbering example",
            "return document.getElementById('query').value;",
            |v| {
                v.as_str()
                    .is_some_and(|q| q.contains("# Question: where does item numbering break"))
            },
        )
        .await;
        pick.select_by_value("bodies-sharing-topic.rq")
            .await
            .unwrap();
        b.wait_for(
            "the shared-topic example",
            "return document.getElementById('query').value;",
            |v| v.as_str().is_some_and(|q| q.contains("危险化学品")),
        )
        .await;
        // Ctrl+Enter in the text area runs it.
        let text = b.client.find(Locator::Id("query")).await.unwrap();
        text.send_keys(&(Key::Control + &Key::Enter)).await.unwrap();
        let rows = b
            .wait_for(
                "the results",
                "return Array.from(document.querySelectorAll('#results-table tbody tr')).map(r => r.cells[0].textContent);",
                |v| v.as_array().is_some_and(|a| !a.is_empty()),
            )
            .await;
        let mut bodies: Vec<String> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        bodies.sort();
        let mut expected: Vec<String> = HAZCHEM_BODIES.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(bodies, expected);
        let status = b
            .client
            .find(Locator::Id("status"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(status.starts_with("6 行"), "{status}");
        b.screenshot("editor").await;

        // The shareable URL brings the query back and runs it.
        let share = b
            .client
            .find(Locator::Id("share"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap();
        assert!(
            share.starts_with(&format!("{}/editor?query=", b.base)),
            "{share}"
        );
        b.client.goto(&share).await.unwrap();
        let again = b
            .wait_for(
                "the shared query's results",
                "return document.querySelectorAll('#results-table tbody tr').length;",
                |v| v.as_u64().is_some_and(|n| n > 0),
            )
            .await;
        assert_eq!(again, 6);
    });
}

#[test]
fn switching_to_english() {
    browse("english", |b| async move {
        b.goto("/body/weidu-2022-draft/art41").await;
        let lang = b
            .client
            .execute("return document.documentElement.lang;", vec![])
            .await
            .unwrap();
        assert_eq!(lang, "zh-CN");
        b.client
            .find(Locator::Id("lang-switch"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        b.wait_for(
            "the English page",
            "return document.documentElement.lang;",
            |v| v == &json!("en"),
        )
        .await;
        let h1 = b.client.find(Locator::Css("h1")).await.unwrap();
        assert!(
            h1.text()
                .await
                .unwrap()
                .starts_with("District Emergency Management Bureau")
        );
        // Remembered: the dashboard is now in English too.
        b.goto("/").await;
        b.wait_for(
            "the English dashboard",
            "return document.documentElement.lang;",
            |v| v == &json!("en"),
        )
        .await;
        let nav = b
            .client
            .find(Locator::Css("nav a[aria-current=page]"))
            .await
            .unwrap();
        assert_eq!(nav.text().await.unwrap(), "Dashboard");
        let label = b
            .client
            .execute(
                "return document.querySelector(\"svg.dg-graph a.dg-node[href='/body/weidu-2022-draft/art41'] text\").textContent;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(label, "District Emergency Management Bureau");
        b.screenshot("dashboard-en").await;
    });
}

#[test]
fn a_sector_first_list_and_an_outline_list_in_word() {
    let genre = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let sectors = genre.join("genre/jinan-liuan-2024-sectors.txt");
    let outline = genre.join("formats/docx/yantian-2005-rules.docx");
    let args = [
        "--doc",
        sectors.to_str().unwrap(),
        "--doc",
        outline.to_str().unwrap(),
    ];
    browse_lists("genre", &args, |b| async move {
        // 11 departments named as the subjects of the sector-first list's items, and the
        // outline list's 各街道办事处.
        b.goto("/").await;
        b.wait_for("the network", COUNT_BODIES, |v| v == &json!(12))
            .await;
        b.screenshot("sectors-dashboard").await;
        let node = b
            .client
            .find(Locator::Css(
                "svg.dg-graph a.dg-node[data-label='区文旅局']",
            ))
            .await
            .unwrap();
        node.click().await.unwrap();
        b.wait_for(
            "the body page",
            "return decodeURIComponent(location.pathname);",
            |v| v == &json!("/body/jinan-liuan-2024-sectors/区文旅局"),
        )
        .await;
        let duties = b.client.find_all(Locator::Css("li.duty")).await.unwrap();
        assert_eq!(duties.len(), 1);
        let text = duties[0].text().await.unwrap();
        assert!(text.contains("一、剧本娱乐经营场所（一）"), "{text}");

        // The outline list read from Word: eight items cited by the outline.
        b.goto("/body/yantian-2005-rules/各街道办事处").await;
        let duties = b.client.find_all(Locator::Css("li.duty")).await.unwrap();
        assert_eq!(duties.len(), 8);
        let fourth = b.client.find(Locator::Id("s1-item4")).await.unwrap();
        let text = fourth.text().await.unwrap();
        assert!(text.contains("一、各街道办事处（四）"), "{text}");
        assert!(
            text.contains("督促检查区政府确定由街道办事处负责管辖的企业"),
            "{text}"
        );
        b.screenshot("outline-body-page").await;
    });
}
