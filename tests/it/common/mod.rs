//! Helpers shared by the integration tests: the reference list loaded once, SPARQL
//! answers as plain strings, facts of the reference list several tests check, JSON Schema
//! validation, the outcome of a command that must succeed, and the real `dutygraph serve`
//! on a free port.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use dutygraph::store::DutyStore;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

/// The six bodies whose duties concern 危险化学品 (or a narrower topic), sorted.
pub const HAZCHEM_BODIES: [&str; 6] = [
    "区公安分局",
    "区卫健委",
    "区市场监管分局",
    "区应急管理局",
    "区教体局",
    "区生态环境分局",
];

/// The printed markers of 第四十一条 (区应急管理局): the draft skips （四）.
pub const ART41_MARKERS: [&str; 10] =
    ["一", "二", "三", "五", "六", "七", "八", "九", "十", "十一"];

/// The embedded reference list, loaded once per test binary.
pub fn reference() -> &'static DutyStore {
    static STORE: OnceLock<DutyStore> = OnceLock::new();
    STORE.get_or_init(|| DutyStore::load_default().expect("the reference list loads"))
}

/// The six real excerpts of tests/fixtures/genre/ (outline, sector-first, table, traditional
/// and lead-in layouts), loaded once per test binary.
pub fn genre() -> &'static DutyStore {
    static STORE: OnceLock<DutyStore> = OnceLock::new();
    STORE.get_or_init(|| load_dir("tests/fixtures/genre"))
}

/// Every `.txt` list of a directory of the repository, in name order, loaded into one store.
pub fn load_dir(relative: &str) -> DutyStore {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect(relative)
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let sources = dutygraph::store::Source::read_all(&paths).expect("the lists read");
    DutyStore::load(&sources).expect("the lists load")
}

/// A term as plain text: IRIs without brackets, literals by value.
pub fn text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

/// Runs a SELECT and returns its rows as strings, in the query's order.
pub fn select(store: &DutyStore, query: &str) -> Vec<Vec<String>> {
    match store.query(query, &[]).expect("the query runs") {
        QueryResults::Solutions(solutions) => solutions
            .map(|s| {
                s.expect("a solution")
                    .values()
                    .iter()
                    .map(|v| v.as_ref().map(text).unwrap_or_default())
                    .collect()
            })
            .collect(),
        _ => panic!("not a SELECT"),
    }
}

/// Runs a SELECT with one variable and returns its values.
pub fn column(store: &DutyStore, query: &str) -> Vec<String> {
    select(store, query)
        .into_iter()
        .map(|mut r| r.remove(0))
        .collect()
}

/// Runs an ASK.
pub fn ask(store: &DutyStore, query: &str) -> bool {
    match store.query(query, &[]).expect("the query runs") {
        QueryResults::Boolean(b) => b,
        _ => panic!("not an ASK"),
    }
}

/// The JSON Schema `schemas/<name>.schema.json`.
pub fn schema(name: &str) -> serde_json::Value {
    let path = format!("{}/schemas/{name}.schema.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Asserts that `instance` is valid against the schema `schema_name`, naming the first errors.
pub fn assert_valid(schema_name: &str, instance: &serde_json::Value) {
    let validator = jsonschema::validator_for(&schema(schema_name)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema_name}: {errors:#?}");
}

/// Runs a command, asserts that it succeeded (showing its standard error if not) and
/// returns its output.
pub fn run_ok(command: &mut Command) -> Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A running `dutygraph serve`, killed when dropped if still running.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `dutygraph serve --bind 127.0.0.1:0 ARGS…` and waits (two minutes at most)
    /// for the address it reports on standard error, which is kept draining (and kept, for
    /// [`Server::log`]) so that logging never blocks the server.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dutygraph"))
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if let Some(rest) = line.split("listening on http://").nth(1) {
                        let addr = rest.trim_end_matches("/sparql").to_owned();
                        let _ = tx.send(addr);
                    }
                    lines.lock().unwrap().push(line);
                }
            });
        }
        let addr = match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(addr) => addr,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "the server did not report its address; stderr:\n{}",
                    lines.lock().unwrap().join("\n")
                );
            }
        };
        Server {
            child,
            base: format!("http://{addr}"),
            stderr: lines,
        }
    }

    /// `http://127.0.0.1:PORT/sparql`
    pub fn sparql(&self) -> String {
        format!("{}/sparql", self.base)
    }

    /// The lines written to standard error so far.
    pub fn log(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends a signal and waits (bounded) for the process to exit; returns its status.
    pub fn stop(&mut self, signal: &str) -> ExitStatus {
        let status = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        for _ in 0..300 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server did not exit after {signal}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// (body name as printed, duties it bears) of a model, in the order the bodies were found.
pub fn duties_per_body(model: &dutygraph::extract::Model) -> Vec<(String, usize)> {
    model
        .bodies
        .iter()
        .enumerate()
        .map(|(id, b)| {
            let n = model.duties.iter().filter(|d| d.bearer == Some(id)).count();
            (b.name.clone(), n)
        })
        .collect()
}

/// The sheets of an XLSX file read back by another library (calamine): name, then each
/// row's cells as text (an empty cell as "").
pub fn xlsx_sheets(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<String>>)> {
    let mut workbook: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(bytes)).expect("an XLSX file");
    calamine::Reader::worksheets(&mut workbook)
        .into_iter()
        .map(|(name, cells)| {
            let rows = cells
                .rows()
                .map(|row| row.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// The report kind called `name` (`report::REPORTS`, or `all`).
pub fn kind(name: &str) -> dutygraph::report::Kind {
    dutygraph::report::Kind::named(name).expect("a report kind of the registry")
}
