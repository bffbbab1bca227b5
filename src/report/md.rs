//! Markdown rendering of [`Block`]s.

use super::content::{Block, Table, label_separator, nothing, severity_label};
use crate::analysis::Lang;
use crate::catalogue;

/// Escapes the characters that break a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn table(out: &mut String, t: &Table, lang: Lang) {
    if t.headers.is_empty() {
        return;
    }
    if t.rows.is_empty() {
        out.push_str(nothing(lang));
        out.push_str("\n\n");
        return;
    }
    out.push_str(&format!(
        "| {} |\n",
        t.headers
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    ));
    out.push_str(&format!("|{}\n", "---|".repeat(t.headers.len())));
    for row in &t.rows {
        let mut cells: Vec<String> = row.cells.iter().map(|c| cell(c)).collect();
        cells.resize(t.headers.len(), String::new());
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

pub fn render(blocks: &[Block], lang: Lang) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&format!(
                    "{} {text}\n\n",
                    "#".repeat(usize::from(*level).max(1))
                ));
            }
            Block::Paragraph(text) => out.push_str(&format!("{text}\n\n")),
            Block::Table(t) => table(&mut out, t, lang),
            Block::Comments(comments) => {
                let separator = label_separator(lang);
                for (i, c) in comments.iter().enumerate() {
                    let severity = catalogue::SEVERITY_TAG
                        .fill(lang, &[("severity", &severity_label(lang, c.severity))]);
                    out.push_str(&format!(
                        "{}. **{}**{severity}{}\n",
                        i + 1,
                        c.place,
                        c.message
                    ));
                    for (label, text) in &c.details {
                        out.push_str(&format!("   - {label}{separator}{text}\n"));
                    }
                }
                out.push('\n');
            }
        }
    }
    out
}
