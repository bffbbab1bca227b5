//! Every input the fuzzers found a failure with (tests/fixtures/fuzz/TARGET/, see
//! docs/fuzzing.md), run through the code of its fuzz target: each must be read or refused
//! with an error, never panic, and what is read must keep the readers' promises.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use dutygraph::extract::Taxonomy;
use dutygraph::read::{self, Extracted, Limits};
use dutygraph::store::Source;

/// The fuzz targets' limits (fuzz/src/lib.rs).
fn limits() -> Limits {
    Limits {
        max_input: 16 << 20,
        max_unpacked: 64 << 20,
        max_entries: 10_000,
        max_depth: 512,
        max_objects: 100_000,
        max_text: 16 << 20,
    }
}

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

/// Blocks in order, each on a non-blank line of the text.
fn check(file: &Path, extracted: &Extracted) {
    let lines: Vec<&str> = extracted.text.split('\n').collect();
    let mut previous = 0;
    for block in &extracted.blocks {
        assert!(block.line > previous, "{}: {block:?}", file.display());
        previous = block.line;
        let line = lines[block.line as usize - 1];
        assert!(
            !line.trim_matches(read::is_space).is_empty(),
            "{}: {block:?}",
            file.display()
        );
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
            if let Ok(extracted) = reader(&bytes, &limits()) {
                check(&file, &extracted);
            }
            count += 1;
        }
    }
    for file in inputs("pipeline") {
        let bytes = std::fs::read(&file).unwrap();
        if let Ok(source) = Source::from_bytes("fuzz", "fuzz".to_owned(), &bytes, &limits())
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
