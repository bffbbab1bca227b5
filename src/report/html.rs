//! A single self-contained HTML page (inline CSS, no external assets) from [`Block`]s.

use super::content::{Block, Table, severity_label};
use crate::analysis::Lang;

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",SimSun,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222;line-height:1.6}
h1{font-size:1.6em;border-bottom:2px solid #444;padding-bottom:.3em}
h2{font-size:1.3em;margin-top:2em;border-bottom:1px solid #aaa}
h3{font-size:1.1em;margin-top:1.5em}
h4{font-size:1em;margin-top:1.2em}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}
th,td{border:1px solid #bbb;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#eee;position:sticky;top:0}
tr.high td{background:#fde2e1}
tr.medium td{background:#fff3cd}
tr.low td{background:#f3f6fa}
.wide{overflow-x:auto;max-width:100%}
.wide table{font-size:.75em}
.wide td{text-align:center;white-space:nowrap}
.wide td:first-child{text-align:left;position:sticky;left:0;background:#fafafa}
td.mL{background:#f8c9c4;font-weight:bold}
td.mG{background:#cfe3f7}
td.mC{background:#d9f0d3}
td.mO{background:#fde8c8}
td.mP{background:#e6dcf3}
td.mS{background:#eeeeee}
ol.comments li{margin-bottom:.8em}
.sev{display:inline-block;border-radius:3px;padding:0 .4em;margin-right:.4em;font-size:.85em;color:#fff}
.sev.high{background:#c0392b}.sev.medium{background:#d68910}.sev.low{background:#7f8c8d}
.detail{color:#444;margin-left:1em}
"#;

fn table(out: &mut String, t: &Table) {
    if t.rows.is_empty() {
        out.push_str("<p>（无）</p>\n");
        return;
    }
    if t.wide {
        out.push_str("<div class=\"wide\">");
    }
    out.push_str("<table>\n<thead><tr>");
    for h in &t.headers {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        match row.class {
            Some(c) => out.push_str(&format!("<tr class=\"{c}\">")),
            None => out.push_str("<tr>"),
        }
        for (i, c) in row.cells.iter().enumerate() {
            // Matrix cells are coloured by their strongest mode.
            let mode_class = if t.wide && i > 0 {
                c.chars().next().map(|l| format!(" class=\"m{l}\""))
            } else {
                None
            };
            out.push_str(&format!(
                "<td{}>{}</td>",
                mode_class.unwrap_or_default(),
                escape(c)
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if t.wide {
        out.push_str("</div>\n");
    }
}

pub fn render(blocks: &[Block], lang: Lang) -> String {
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Heading(_, t) => Some(t.as_str()),
            _ => None,
        })
        .unwrap_or("dutygraph");
    let mut out = String::with_capacity(256 * 1024);
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"dutygraph\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        match lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        },
        escape(title)
    ));
    out.push_str(&render_fragment(blocks, lang));
    out.push_str("</body>\n</html>\n");
    out
}

/// The blocks as HTML without the page around them (for the web UI, which has its own).
pub fn render_fragment(blocks: &[Block], lang: Lang) -> String {
    let mut out = String::with_capacity(128 * 1024);
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let level = (*level).clamp(1, 6);
                out.push_str(&format!("<h{level}>{}</h{level}>\n", escape(text)));
            }
            Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", escape(text))),
            Block::Table(t) => table(&mut out, t),
            Block::Comments(comments) => {
                out.push_str("<ol class=\"comments\">\n");
                for c in comments {
                    let sev = severity_label(lang, c.severity);
                    out.push_str(&format!(
                        "<li><span class=\"sev {}\">{}</span><strong>{}</strong> {}",
                        c.severity.en(),
                        escape(&sev),
                        escape(&c.place),
                        escape(&c.message)
                    ));
                    for (label, text) in &c.details {
                        out.push_str(&format!(
                            "<div class=\"detail\">{}{}{}</div>",
                            escape(label),
                            super::content::label_separator(lang),
                            escape(text)
                        ));
                    }
                    out.push_str("</li>\n");
                }
                out.push_str("</ol>\n");
            }
        }
    }
    out
}
