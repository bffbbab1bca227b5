//! The README's "SPARQL endpoint" examples work exactly as printed: every `$ dutygraph serve`
//! line starts that server, every `$ curl` line is run from the repository root and its
//! output compared with the lines printed under it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One `$ command` and the output printed under it.
struct Example {
    command: String,
    expected: String,
}

/// A `## ` section of the README, ended by the next `## ` heading outside code blocks
/// (reports printed in the README have `## ` headings of their own).
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("README has {heading}"));
    let rest = &readme[start + heading.len()..];
    let mut in_code = false;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with("## ") {
            return &rest[..offset];
        }
        offset += line.len();
    }
    rest
}

fn examples(section: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_console = false;
    // Output belongs to the last command of the same block.
    let mut open = false;
    for line in section.lines() {
        if line.starts_with("```console") {
            in_console = true;
            open = false;
            continue;
        }
        if line.starts_with("```") {
            in_console = false;
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            out.push(Example {
                command: command.to_owned(),
                expected: String::new(),
            });
            open = true;
        } else if let Some(last) = out.last_mut().filter(|_| open) {
            last.expected.push_str(line);
            last.expected.push('\n');
        }
    }
    out
}

struct Servers(HashMap<String, Child>);

impl Drop for Servers {
    fn drop(&mut self) {
        for child in self.0.values_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn start_server(args: &[String], servers: &mut Servers) {
    let bind = args
        .windows(2)
        .find(|w| w[0] == "--bind")
        .map_or("127.0.0.1:7878".to_owned(), |w| w[1].clone());
    if let Some(mut old) = servers.0.remove(&bind) {
        let _ = old.kill();
        let _ = old.wait();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_dutygraph"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for "listening on …" on standard error.
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let line = lines.next().expect("the server said something").unwrap();
        if line.contains("listening on") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not start: {args:?}"
        );
    }
    // Keep draining its log so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    servers.0.insert(bind, child);
}

#[test]
fn endpoint_examples_work_exactly_as_printed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let examples = examples(section(&readme, "## SPARQL endpoint"));
    assert!(
        examples
            .iter()
            .filter(|e| e.command.starts_with("curl"))
            .count()
            >= 10
    );
    let mut servers = Servers(HashMap::new());
    let mut failures = Vec::new();
    for example in &examples {
        let words = shlex::split(&example.command).unwrap();
        match words.first().map(String::as_str) {
            Some("dutygraph") if words.get(1).map(String::as_str) == Some("serve") => {
                start_server(&words[1..], &mut servers)
            }
            Some("curl") => {
                let output = Command::new("bash")
                    .args(["-c", &example.command])
                    .current_dir(root)
                    .output()
                    .unwrap();
                // A terminal shows CRLF (the CSV results) as LF, and a last line without
                // its newline like any other: compare what a reader sees.
                let got = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
                if got.trim_end() != example.expected.trim_end() {
                    failures.push(format!(
                        "$ {}\n--- README\n{}--- got\n{}",
                        example.command, example.expected, got
                    ));
                }
            }
            // Other lines (python3 bodies.py) are covered by tests/it/real_server.rs.
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn layout_and_format_examples_work_as_printed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let examples = examples(section(
        &readme,
        "## Lists of every layout, in every format",
    ));
    assert!(examples.len() >= 3);
    // `dutygraph` is the binary under test.
    let bin = Path::new(env!("CARGO_BIN_EXE_dutygraph")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failures = Vec::new();
    for example in &examples {
        let output = Command::new("bash")
            .args(["-c", &format!("{} 2>&1", example.command)])
            .env("PATH", &path)
            .current_dir(root)
            .output()
            .unwrap();
        let got = String::from_utf8_lossy(&output.stdout);
        // A last line "…" prints the start of the output only.
        let matches = match example.expected.strip_suffix("…\n") {
            Some(start) => got.starts_with(start),
            None => got.trim_end() == example.expected.trim_end(),
        };
        if !matches {
            failures.push(format!(
                "$ {}\n--- README\n{}--- got\n{}",
                example.command, example.expected, got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
