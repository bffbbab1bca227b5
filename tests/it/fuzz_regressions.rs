//! Every input the fuzzers found a failure with (tests/fixtures/fuzz/TARGET/, see
//! docs/fuzzing.md), run through the code of its fuzz target: each must be read or refused
//! with an error, never panic, and what is read must keep the readers' promises.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use dutygraph::extract::Taxonomy;
use dutygraph::read::{self, Extracted, Limits};
use dutygraph::store::Source;

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|f| f.is_file());
    files.sort();
    files
}

/// What every reader promises ([`Extracted::check_blocks`]).
fn check(file: &Path, extracted: &Extracted) {
    if let Err(broken) = extracted.check_blocks() {
        panic!("{}: {broken}", file.display());
    }
}

#[test]
fn inputs_the_fuzzers_found_are_read_or_refused() {
    let mut count = 0;
    for (target, reader) in [
        (
            "read_text",
            (|b: &[u8], _: &Limits| read::text::read(b).map_err(|e| format!("{e:?}")))
                as fn(&[u8], &Limits) -> Result<Extracted, String>,
        ),
        ("read_html", |b, l| {
            read::html::read(b, l).map_err(|e| format!("{e:?}"))
        }),
        ("read_docx", |b, l| {
            read::docx::read(b, l).map_err(|e| format!("{e:?}"))
        }),
        ("read_pdf", |b, l| {
            read::pdf::read(b, l).map_err(|e| format!("{e:?}"))
        }),
    ] {
        for file in inputs(target) {
            let bytes = std::fs::read(&file).unwrap();
            if let Ok(extracted) = reader(&bytes, &Limits::small()) {
                check(&file, &extracted);
            }
            count += 1;
        }
    }
    for file in inputs("pipeline") {
        let bytes = std::fs::read(&file).unwrap();
        if let Ok(source) = Source::from_bytes("fuzz", "fuzz".to_owned(), &bytes, &Limits::small())
            && let Ok(model) = source.model(Taxonomy::builtin())
        {
            assert!(
                !dutygraph::rdf::quads(&model).is_empty(),
                "{}",
                file.display()
            );
        }
        count += 1;
    }
    // The directory is kept even while no failure is open.
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz/README.md")
            .is_file()
    );
    eprintln!("{count} regression inputs");
}
