//! What the fuzz targets share: the limits they read with, and the invariants every
//! [`Extracted`] must hold.

use dutygraph::read::{Extracted, Limits};

/// Small caps, so that no input can make the fuzzer run out of memory (libFuzzer's
/// `-rss_limit_mb=2048`) through a legitimate but huge document.
pub fn limits() -> Limits {
    Limits {
        max_input: 16 << 20,
        max_unpacked: 64 << 20,
        max_entries: 10_000,
        max_depth: 512,
        max_objects: 100_000,
        max_text: 16 << 20,
    }
}

/// What `read::mod` promises of an extracted text: blocks in order, each on a non-blank
/// line of the text.
pub fn check(extracted: &Extracted) {
    let lines: Vec<&str> = extracted.text.split('\n').collect();
    let mut previous = 0;
    for block in &extracted.blocks {
        assert!(block.line > previous, "blocks out of order: {block:?}");
        previous = block.line;
        let line = lines
            .get(block.line as usize - 1)
            .unwrap_or_else(|| panic!("block past the end of the text: {block:?}"));
        assert!(
            !line.trim_matches(dutygraph::read::is_space).is_empty(),
            "block on a blank line: {block:?}"
        );
    }
}
