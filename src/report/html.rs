//! A single self-contained HTML page (inline CSS, no external assets) from [`Block`]s.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::content::{Block, Table, nothing, severity_label};
use crate::analysis::Lang;

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

fn table(t: &Table, lang: Lang) -> Markup {
    if t.rows.is_empty() {
        return html! { p { (nothing(lang)) } "\n" };
    }
    let grid = html! {
        table {
            "\n"
            thead { tr { @for h in &t.headers { th { (h) } } } } "\n"
            tbody {
                "\n"
                @for row in &t.rows {
                    tr class=[row.class] {
                        @for (i, c) in row.cells.iter().enumerate() {
                            // Matrix cells are coloured by their strongest mode.
                            @let mode = (t.wide && i > 0)
                                .then(|| c.chars().next())
                                .flatten()
                                .map(|l| html! { "m" (l) });
                            td class=[mode] { (c) }
                        }
                    } "\n"
                }
            } "\n"
        } "\n"
    };
    html! {
        @if t.wide { div class="wide" { (grid) } "\n" } @else { (grid) }
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
    let page = html! {
        (DOCTYPE) "\n"
        html lang=(match lang { Lang::Zh => "zh-CN", Lang::En => "en" }) {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                meta name="generator" content="dutygraph"; "\n"
                title { (title) } "\n"
                // Our own style sheet: nothing to escape.
                style { (PreEscaped(STYLE)) } "\n"
            } "\n"
            body {
                "\n"
                (fragment(blocks, lang))
            } "\n"
        } "\n"
    };
    page.into_string()
}

/// The blocks as HTML without the page around them (for the web UI, which has its own).
pub fn render_fragment(blocks: &[Block], lang: Lang) -> Markup {
    fragment(blocks, lang)
}

fn fragment(blocks: &[Block], lang: Lang) -> Markup {
    html! {
        @for block in blocks {
            @match block {
                Block::Heading(level, text) => {
                    @match (*level).clamp(1, 6) {
                        1 => h1 { (text) },
                        2 => h2 { (text) },
                        3 => h3 { (text) },
                        4 => h4 { (text) },
                        5 => h5 { (text) },
                        _ => h6 { (text) },
                    }
                    "\n"
                }
                Block::Paragraph(text) => { p { (text) } "\n" }
                Block::Table(t) => (table(t, lang)),
                Block::Comments(comments) => {
                    ol class="comments" {
                        "\n"
                        @for c in comments {
                            li {
                                span class={ "sev " (c.severity.en()) } {
                                    (severity_label(lang, c.severity))
                                }
                                strong { (c.place) } " " (c.message)
                                @for (label, text) in &c.details {
                                    div class="detail" {
                                        (label) (super::content::label_separator(lang)) (text)
                                    }
                                }
                            } "\n"
                        }
                    } "\n"
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::content::Row;

    fn one_table(rows: Vec<Row>) -> Vec<Block> {
        vec![
            Block::Heading(1, "A <title>".into()),
            Block::Table(Table {
                headers: vec!["name & role".into()],
                rows,
                wide: false,
            }),
        ]
    }

    #[test]
    fn text_from_the_list_is_escaped_by_the_template() {
        let page = render(
            &one_table(vec![Row {
                cells: vec!["<script>alert('x')</script>".into()],
                class: Some("high"),
            }]),
            Lang::En,
        );
        assert!(page.contains("<title>A &lt;title&gt;</title>"), "{page}");
        assert!(page.contains("<th>name &amp; role</th>"), "{page}");
        assert!(
            page.contains(
                "<tr class=\"high\"><td>&lt;script&gt;alert('x')&lt;/script&gt;</td></tr>"
            ),
            "{page}"
        );
        assert!(!page.contains("<script>"), "{page}");
    }

    #[test]
    fn an_empty_table_says_so_in_the_report_language() {
        let en = render_fragment(&one_table(Vec::new()), Lang::En).into_string();
        assert!(
            en.contains("<p>(none)</p>") && !en.contains("（无）"),
            "{en}"
        );
        let zh = render_fragment(&one_table(Vec::new()), Lang::Zh).into_string();
        assert!(zh.contains("<p>（无）</p>"), "{zh}");
        let md = crate::report::md::render(&one_table(Vec::new()), Lang::En);
        assert!(md.contains("(none)") && !md.contains("（无）"), "{md}");
    }
}
