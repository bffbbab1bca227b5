//! Arbitrary input never panics: random text, fragments of the genre, and mutations of the
//! reference list all go through parse → extract → RDF, or fail with an error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dutygraph::extract::{Taxonomy, extract};
use dutygraph::{doc, rdf, store};
use proptest::prelude::*;

fn pipeline(text: &str) {
    if let Ok(document) = doc::parse("fuzz.txt", "fuzz", text) {
        let model = extract(document, Taxonomy::builtin());
        let quads = rdf::quads(&model);
        assert!(!quads.is_empty());
    }
}

/// Pieces that the parser and extractor react to.
fn genre_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("第一条".to_owned()),
        Just("第五十二条  ".to_owned()),
        Just("第三章　".to_owned()),
        Just("（一）".to_owned()),
        Just("(七)".to_owned()),
        Just("（".to_owned()),
        Just("）".to_owned()),
        Just("会同有关部门".to_owned()),
        Just("配合消防部门".to_owned()),
        Just("对".to_owned()),
        Just("进行监督检查".to_owned()),
        Just("（不含特种设备）".to_owned()),
        Just("森林、草原火灾除外".to_owned()),
        Just("除".to_owned()),
        Just("区应急管理局安全生产职责".to_owned()),
        Just("（以下简称".to_owned()),
        Just("设在".to_owned()),
        Just("附件".to_owned()),
        Just("\t".to_owned()),
        Just("\n".to_owned()),
        Just("、".to_owned()),
        Just("，".to_owned()),
        Just("。".to_owned()),
        "\\PC{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        pipeline(&text);
    }

    #[test]
    fn genre_fragments_never_panic(pieces in proptest::collection::vec(genre_piece(), 0..80)) {
        pipeline(&pieces.concat());
    }

    #[test]
    fn mutated_reference_never_panics(
        cuts in proptest::collection::vec((0usize..60_000, 0usize..400), 0..6),
        inserts in proptest::collection::vec((0usize..60_000, genre_piece()), 0..6),
    ) {
        let mut text: Vec<char> = store::DEFAULT_LIST.chars().collect();
        for (at, len) in cuts {
            let at = at % (text.len() + 1);
            let end = (at + len).min(text.len());
            text.drain(at..end);
        }
        for (at, piece) in inserts {
            let at = at % (text.len() + 1);
            text.splice(at..at, piece.chars());
        }
        pipeline(&text.into_iter().collect::<String>());
    }

    #[test]
    fn arbitrary_bytes_are_decoded_or_rejected(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(text) = doc::decode("bytes.txt", &bytes) {
            pipeline(text);
        }
    }
}
