//! Lists in the files they are published in: Word, web pages (GBK), PDF, GB18030 and UTF-16
//! text give what the text gives; hostile files are refused with a clear message, naming
//! the file, and nothing is written.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dutygraph::extract::{Model, Taxonomy};
use dutygraph::read::{Failure, Limits};
use dutygraph::store::Source;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn model_of(path: &Path) -> Model {
    Source::read(path)
        .unwrap()
        .model(Taxonomy::builtin())
        .unwrap()
}

fn model_of_bytes(name: &str, bytes: &[u8]) -> Model {
    Source::from_bytes(name, "list".to_owned(), bytes, &Limits::default())
        .unwrap()
        .model(Taxonomy::builtin())
        .unwrap()
}

/// The list's graph without provenance: what a reader of the list finds, whatever the file.
///
/// Left out: where things are (lines, columns, bytes, pages, Word paragraphs, elements), what
/// the file is (format, encoding, checksum, name), and an article's dg:text, which is the
/// source from 第X条 to its last paragraph with the file's own line breaks and blank lines.
/// A no-break space (a web page's &nbsp;) is read as a space.
fn graph_without_provenance(model: &Model) -> BTreeSet<String> {
    const PROVENANCE: &[&str] = &[
        "ns#line>",
        "ns#column>",
        "ns#startByte>",
        "ns#endByte>",
        "ns#page>",
        "ns#paragraphIndex>",
        "ns#htmlElement>",
        "ns#sha256>",
        "ns#encoding>",
        "terms/format>",
        "terms/source>",
        "terms/identifier>",
    ];
    let base = format!("/id/{}", model.document.id);
    dutygraph::rdf::quads(model)
        .iter()
        .map(|q| q.to_string().replace(&base, "/id/X").replace('\u{a0}', " "))
        .filter(|q| !PROVENANCE.iter().any(|p| q.contains(p)))
        .filter(|q| !(q.contains("ns#text>") && q.contains("/art") && !q.contains("/item")))
        .collect()
}

fn reference_text() -> Model {
    model_of(&fixture("data/weidu-2022-draft.txt"))
}

#[test]
fn the_reference_list_in_every_format_gives_the_same_graph() {
    let text = graph_without_provenance(&reference_text());
    let mut formats: Vec<(String, Model)> = [
        "tests/fixtures/formats/docx/weidu-2022-draft.docx",
        "tests/fixtures/formats/html/weidu-2022-draft-gbk.html",
        "tests/fixtures/formats/pdf/weidu-2022-draft.pdf",
        "tests/fixtures/formats/pdf/weidu-2022-draft-libreoffice.pdf",
    ]
    .iter()
    .map(|f| ((*f).to_owned(), model_of(&fixture(f))))
    .collect();
    // The same text in GB18030 and in UTF-16 with a byte order mark.
    let utf8 = std::fs::read_to_string(fixture("data/weidu-2022-draft.txt")).unwrap();
    let (gb18030, _, _) = encoding_rs::GB18030.encode(&utf8);
    formats.push(("GB18030".to_owned(), model_of_bytes("gb.txt", &gb18030)));
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in utf8.encode_utf16() {
        le.extend(unit.to_le_bytes());
        be.extend(unit.to_be_bytes());
    }
    formats.push(("UTF-16LE".to_owned(), model_of_bytes("le.txt", &le)));
    formats.push(("UTF-16BE".to_owned(), model_of_bytes("be.txt", &be)));
    for (name, model) in &formats {
        let got = graph_without_provenance(model);
        let missing: Vec<&String> = text.difference(&got).take(5).collect();
        let extra: Vec<&String> = got.difference(&text).take(5).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name}: missing {missing:#?}\nextra {extra:#?}"
        );
        assert_eq!(model.duties.len(), 269, "{name}");
    }
    // What the graph says of the file.
    let encodings: Vec<Option<&str>> = formats
        .iter()
        .map(|(_, m)| m.document.file.encoding)
        .collect();
    assert_eq!(
        encodings,
        [
            None,
            Some("GBK"),
            None,
            None,
            Some("GBK"),
            Some("UTF-16LE"),
            Some("UTF-16BE")
        ]
    );
}

/// (body, duties) pairs, sector labels and the topics the duties concern.
fn summary(model: &Model) -> (Vec<(String, usize)>, Vec<String>, BTreeSet<String>) {
    let bodies = common::duties_per_body(model);
    let sectors = model.sectors.iter().map(|s| s.label.text.clone()).collect();
    let topics = model
        .duties
        .iter()
        .flat_map(|d| d.concerns())
        .map(|t| model.taxonomy.concepts[t].pref_zh.clone())
        .collect();
    (bodies, sectors, topics)
}

#[test]
fn excerpts_of_the_genre_in_word_web_and_pdf_read_as_their_text() {
    for (file, text) in [
        (
            "tests/fixtures/formats/docx/jinan-liuan-2024-sectors.docx",
            "tests/fixtures/genre/jinan-liuan-2024-sectors.txt",
        ),
        (
            "tests/fixtures/formats/docx/yantian-2005-rules.docx",
            "tests/fixtures/genre/yantian-2005-rules.txt",
        ),
        (
            "tests/fixtures/formats/docx/shijiazhuang-2024-table.docx",
            "tests/fixtures/genre/shijiazhuang-2024-table.txt",
        ),
        (
            "tests/fixtures/formats/html/shijiazhuang-2024-table.html",
            "tests/fixtures/genre/shijiazhuang-2024-table.txt",
        ),
        (
            "tests/fixtures/formats/pdf/jinan-liuan-2024-sectors.pdf",
            "tests/fixtures/genre/jinan-liuan-2024-sectors.txt",
        ),
    ] {
        let mut expected = summary(&model_of(&fixture(text)));
        if file.ends_with(".html") {
            // The web page prints 序号2's two duties in two cells beside one department
            // cell spanning both rows (rowspan); the text joined them on one line. Two
            // cells are two duty paragraphs, each cited to its own line.
            for (body, duties) in &mut expected.0 {
                if body == "市应急管理局" {
                    *duties = 2;
                }
            }
        }
        let got = summary(&model_of(&fixture(file)));
        assert_eq!(got, expected, "{file}");
        assert!(!expected.0.is_empty(), "{text}");
    }
}

// ---------------------------------------------------------------------------------------
// The command line: what was read, and hostile files

fn dutygraph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dutygraph"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dutygraph-formats-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn inspect_says_which_format_and_encoding_it_read() {
    let output = dutygraph(&[
        "inspect",
        "--format",
        "json",
        fixture("tests/fixtures/formats/html/weidu-2022-draft-gbk.html")
            .to_str()
            .unwrap(),
        fixture("tests/fixtures/formats/docx/yantian-2005-rules.docx")
            .to_str()
            .unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let views: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(views[0]["format"], "html");
    assert_eq!(views[0]["encoding"], "GBK");
    assert_eq!(views[0]["layout"]["kind"], "articles");
    assert_eq!(views[0]["bodies"].as_array().unwrap().len(), 48);
    assert_eq!(views[1]["format"], "docx");
    assert_eq!(views[1]["encoding"], serde_json::Value::Null);
    assert_eq!(views[1]["layout"]["kind"], "body-outline");
    assert_eq!(views[1]["bodies"][0]["name"], "各街道办事处");
    assert_eq!(views[1]["bodies"][0]["duties"], 8);
    // Outline lines carry the Word paragraph they came from.
    assert!(
        views[1]["outline"][0]["origin"]
            .as_str()
            .unwrap()
            .starts_with("paragraph ")
    );
}

/// A status printed in the title line (某某清单（征求意见稿）) is the title's, said once.
#[test]
fn inspect_prints_a_status_in_the_title_once() {
    let output = dutygraph(&[
        "inspect",
        fixture("tests/fixtures/lint/articles-out-of-order.txt")
            .to_str()
            .unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("  标题: 某某县安全生产职责清单（征求意见稿）\n"),
        "{text}"
    );
}

#[test]
fn inspect_reads_what_it_can_and_names_each_failure_once() {
    let dir = temp_dir("inspect-failures");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"\xff\xfe").unwrap();
    let old = dir.join("old.doc");
    std::fs::write(&old, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old Word").unwrap();
    let good = fixture("tests/fixtures/genre/yantian-2005-rules.txt");
    let output = dutygraph(&[
        "inspect",
        empty.to_str().unwrap(),
        good.to_str().unwrap(),
        old.to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(
        err.matches("empty.txt:1:1: the document is empty").count(),
        1,
        "{err}"
    );
    assert_eq!(err.matches("old.doc").count(), 1, "{err}");
    // The last failure gives the exit code: an old Word file must be converted first.
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("各街道办事处"));
}

/// Runs `export --doc FILE -o OUT` and checks the refusal: exit code, the file named with
/// the message, nothing written.
fn refused(dir: &Path, name: &str, bytes: &[u8], message: &str, code: i32, extra: &[&str]) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = dir.join(format!("{name}.ttl"));
    let mut args = vec![
        "export",
        "--doc",
        path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let output = dutygraph(&args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(code), "{name}: {err}");
    assert!(err.contains(path.to_str().unwrap()), "{name}: {err}");
    assert!(err.contains(message), "{name}: {err}");
    assert!(!err.contains("panicked"), "{name}: {err}");
    assert!(!out.exists(), "{name}: nothing may be written");
}

/// A minimal PDF of the given objects (bodies without `N 0 obj`), with a cross-reference
/// table and the trailer's extra entries.
fn pdf(objects: &[&str], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        write!(out, "{} 0 obj\n{body}\nendobj\n", i + 1).unwrap();
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for offset in offsets {
        writeln!(out, "{offset:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

/// A Word file (a zip) with more entries than the limit: refused before unpacking any.
fn zip_with_entries(count: usize) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(b"<w:document/>").unwrap();
    for i in 0..count {
        zip.start_file(format!("word/media/{i}.bin"), options)
            .unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn hostile_and_unreadable_files_are_refused_and_nothing_is_written() {
    let dir = temp_dir("hostile");
    // Word: more entries than a document has (a zip bomb of entries).
    refused(
        &dir,
        "entries.docx",
        &zip_with_entries(10_001),
        "refused as hostile",
        1,
        &[],
    );
    // A web page nested deeper than any page is.
    let deep = format!(
        "<!DOCTYPE html><html><body>{}第一条 区应急管理局</body></html>",
        "<div>".repeat(100_000)
    );
    refused(
        &dir,
        "deep.html",
        deep.as_bytes(),
        "refused as hostile",
        1,
        &[],
    );
    // PDF: a page tree that contains itself, an encrypted file, a scan without text.
    let looped = pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        ],
        "",
    );
    refused(&dir, "loop.pdf", &looped, "refused as hostile", 1, &[]);
    let page = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        "<< /Length 0 >>\nstream\n\nendstream",
    ];
    refused(
        &dir,
        "encrypted.pdf",
        &pdf(&page, "/Encrypt << /Filter /Standard /V 2 >>"),
        "the PDF is encrypted",
        1,
        &[],
    );
    refused(&dir, "scan.pdf", &pdf(&page, ""), "OCR is needed", 1, &[]);
    // Old binary Word, WPS: the conversion to use, exit code 2.
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0";
    refused(
        &dir,
        "list.doc",
        ole,
        "soffice --headless --convert-to docx",
        2,
        &[],
    );
    refused(&dir, "list.wps", ole, "a WPS document (.wps)", 2, &[]);
    // A file over --max-input.
    let reference = std::fs::read(fixture("data/weidu-2022-draft.txt")).unwrap();
    refused(
        &dir,
        "big.txt",
        &reference,
        "over the limit of 1024 bytes (--max-input)",
        1,
        &["--max-input", "1KiB"],
    );
}

/// `mib` MiB of zeros deflated in about `mib` KiB (deflate packs at most ~1000:1): one
/// compressed MiB, repeated (each ends with a sync flush, so the copies follow each other),
/// then an empty final block; with a zlib header when `zlib`.
fn deflated_zeros(mib: usize, zlib: bool) -> Vec<u8> {
    let mut compress = flate2::Compress::new(flate2::Compression::best(), zlib);
    let mut first = Vec::with_capacity(8192);
    compress
        .compress_vec(&vec![0u8; 1 << 20], &mut first, flate2::FlushCompress::Sync)
        .unwrap();
    let mut chunk = Vec::with_capacity(8192);
    compress
        .compress_vec(&vec![0u8; 1 << 20], &mut chunk, flate2::FlushCompress::Sync)
        .unwrap();
    let mut out = first;
    out.extend(chunk.repeat(mib - 1));
    out.extend([0x03, 0x00]);
    out
}

#[test]
fn a_pdf_stream_inflating_past_the_unpacked_limit_is_refused() {
    // A page whose content stream inflates to 300 MiB (default limit: 256 MiB).
    let bomb = deflated_zeros(300, true);
    let mut bytes = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for body in [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_owned(),
    ] {
        offsets.push(bytes.len());
        write!(bytes, "{} 0 obj\n{body}\nendobj\n", offsets.len()).unwrap();
    }
    offsets.push(bytes.len());
    write!(
        bytes,
        "4 0 obj\n<< /Length {} /Filter /FlateDecode >>\nstream\n",
        bomb.len()
    )
    .unwrap();
    bytes.extend(&bomb);
    bytes.extend(b"\nendstream\nendobj\n");
    let xref = bytes.len();
    write!(bytes, "xref\n0 5\n0000000000 65535 f \n").unwrap();
    for offset in offsets {
        writeln!(bytes, "{offset:010} 00000 n ").unwrap();
    }
    write!(
        bytes,
        "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    )
    .unwrap();
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let dir = temp_dir("pdf-bomb");
    refused(
        &dir,
        "bomb.pdf",
        &bytes,
        "refused as hostile: its streams inflate to more than 268435456 bytes (limits.max_unpacked)",
        1,
        &[],
    );
}

#[test]
fn a_zip_bomb_is_refused_at_the_unpacked_limit() {
    let deflated = deflated_zeros(512, false);
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(&deflated).unwrap();
    let mut bytes = zip.finish().unwrap().into_inner();
    // Mark the stored entry as deflated, its true size declared, in both headers.
    let central = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
    for (method, size) in [(8, 22), (central + 10, central + 24)] {
        bytes[method..method + 2].copy_from_slice(&8u16.to_le_bytes());
        bytes[size..size + 4].copy_from_slice(&(512u32 << 20).to_le_bytes());
    }
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let err = dutygraph::read::read("bomb.docx", &bytes, &Limits::default()).unwrap_err();
    assert!(matches!(err.failure, Failure::Hostile { .. }), "{err}");
    assert!(
        err.to_string().starts_with("bomb.docx: refused as hostile"),
        "{err}"
    );
    assert!(err.to_string().contains("max_unpacked"), "{err}");
}
