//! Tables inside a list: rows a reader found (a Word or HTML `<table>`), lines of
//! tab-separated cells, and tables flattened to text with spaces ("序号 涉及部门 职责分工"
//! then "1 市公安局 负责…"), which are recognised by their header.
//!
//! The annex table of the reference list has its own reader ([`super::annex`]); what the
//! columns mean is the layout step's business.

use super::{LineRole, Node, RawLine, Scanned, Span, Text, is_space};

/// A table of the list.
#[derive(Debug, Clone)]
pub struct Table {
    /// 1-based order of the table in the document.
    pub index: u32,
    /// The line printed right above the header (烟花爆竹安全监管), when it is no heading
    /// of the outline.
    pub title: Option<Text>,
    /// Column titles, when the first row is a header.
    pub header: Vec<Text>,
    pub rows: Vec<TableRow>,
    /// The outline node the table sits under (a sector heading), set by [`attach`].
    pub parent: Option<usize>,
    /// The line of the first row (or of the header).
    pub line: u32,
}

/// A row of a table.
#[derive(Debug, Clone)]
pub struct TableRow {
    /// 1-based order of the row among the table's rows (the header not counted).
    pub index: u32,
    pub cells: Vec<Text>,
    /// The whole line.
    pub span: Span,
}

/// Words of column titles.
const COLUMN_WORDS: &[&str] = &[
    "序号", "编号", "部门", "单位", "职责", "分工", "事项", "内容", "领域", "行业", "牵头", "配合",
    "主体", "名称", "任务", "依据", "备注", "责任", "类别", "环节", "措施", "要求", "协同", "主管",
];

fn is_header(cells: &[&str]) -> bool {
    cells.len() >= 2
        && cells
            .iter()
            .all(|c| c.chars().count() <= 12 && !c.ends_with('。'))
        && cells
            .iter()
            .filter(|c| COLUMN_WORDS.iter().any(|w| c.contains(w)))
            .count()
            >= 2
}

/// Splits on runs of whitespace (the ideographic space included).
fn tokens(s: &str) -> Vec<&str> {
    s.split(is_space).filter(|t| !t.is_empty()).collect()
}

/// The first `n` cells of a flattened row: split at the first `n - 1` runs of spaces.
fn split_cells(s: &str, n: usize) -> Vec<&str> {
    let mut out = Vec::with_capacity(n);
    let mut rest = s.trim_matches(is_space);
    while out.len() + 1 < n {
        let Some(at) = rest.find(is_space) else { break };
        out.push(&rest[..at]);
        rest = rest[at..].trim_start_matches(is_space);
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn cells_of<'a>(raw: &RawLine<'a>, parts: &[&'a str]) -> Vec<Text> {
    parts
        .iter()
        .map(|p| raw.text_of(p).unwrap_or_else(|| raw.empty_after(p)))
        .collect()
}

/// Finds the tables among the lines, marking their lines' roles.
pub(crate) fn find(lines: &[Scanned<'_>], roles: &mut [Option<LineRole>]) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let line = &lines[i];
        // Rows of a reader's table, or lines of tab-separated cells.
        let tabbed = |l: &Scanned<'_>| {
            l.row_table.is_none()
                && l.text.split('\t').filter(|c| !c.trim().is_empty()).count() >= 2
        };
        let mut rows: Vec<(usize, Vec<Text>)> = Vec::new();
        if let Some(table) = line.row_table {
            while i < lines.len() && lines[i].row_table == Some(table) {
                // The whole line: leading empty cells (under a cell spanning rows) keep
                // the columns in place.
                rows.push((
                    i,
                    cells_of(
                        &lines[i].raw,
                        &lines[i].raw.text.split('\t').collect::<Vec<_>>(),
                    ),
                ));
                i += 1;
            }
        } else if tabbed(line) {
            while i < lines.len() && tabbed(&lines[i]) {
                let parts: Vec<&str> = lines[i].text.split('\t').collect();
                rows.push((i, cells_of(&lines[i].raw, &parts)));
                i += 1;
            }
        } else if line.marker.is_none() && is_header(&tokens(line.simple)) {
            // A table flattened to text: the header fixes the number of columns.
            let columns = tokens(line.simple).len();
            let header_parts = split_cells(line.text, columns);
            rows.push((i, cells_of(&line.raw, &header_parts)));
            i += 1;
            while i < lines.len() {
                let next = &lines[i];
                let first = tokens(next.simple).first().copied().unwrap_or_default();
                let numbered = !first.is_empty() && first.chars().all(|c| c.is_ascii_digit());
                if next.marker.is_some() || !numbered || next.row_table.is_some() {
                    break;
                }
                let parts = split_cells(next.text, columns);
                rows.push((i, cells_of(&next.raw, &parts)));
                i += 1;
            }
            if rows.len() < 2 {
                // A header with no row is no table.
                rows.clear();
                i = start;
            }
        }
        if rows.is_empty() {
            i = start + 1;
            continue;
        }
        // The header: among the first rows, after title rows (one cell spanning the table).
        let single = |cells: &[Text]| cells.iter().filter(|c| !c.text.is_empty()).count() == 1;
        let header_at = rows.iter().take(3).position(|(_, cells)| {
            let texts: Vec<&str> = cells
                .iter()
                .map(|c| c.text.as_str())
                .filter(|t| !t.is_empty())
                .collect();
            is_header(&texts)
        });
        let title_rows = header_at.unwrap_or(0);
        let in_table_title = (title_rows > 0 && rows[..title_rows].iter().all(|(_, c)| single(c)))
            .then(|| rows[0].1.iter().find(|c| !c.text.is_empty()).cloned())
            .flatten();
        let has_header = header_at.is_some();
        let header = match header_at {
            Some(h) => rows[h]
                .1
                .iter()
                .filter(|c| !c.text.is_empty())
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        let first_row = header_at.map_or(0, |h| h + 1);
        // The title: an unnumbered line just above, that is no sentence.
        let title = start
            .checked_sub(1)
            .filter(|&t| roles[t].is_none())
            .map(|t| &lines[t])
            .filter(|t| {
                t.marker.is_none()
                    && t.row_table.is_none()
                    && t.text.chars().count() <= 40
                    && !t.text.ends_with(['。', '；', ';', '，', ','])
            });
        if title.is_some() {
            roles[start - 1] = Some(LineRole::TableTitle);
        }
        let title = title.and_then(|t| t.raw.text_of(t.text)).or(in_table_title);
        for (k, (line_index, _)) in rows.iter().enumerate() {
            roles[*line_index] = Some(if k + 1 == first_row && has_header {
                LineRole::TableHeader
            } else if k < first_row {
                LineRole::TableTitle
            } else {
                LineRole::TableRow
            });
        }
        let line_no = lines[rows[0].0].raw.number;
        tables.push(Table {
            index: tables.len() as u32 + 1,
            title,
            header,
            rows: rows
                .iter()
                .skip(first_row)
                .enumerate()
                .map(|(k, (line_index, cells))| TableRow {
                    index: k as u32 + 1,
                    cells: cells.clone(),
                    span: lines[*line_index].span(),
                })
                .collect(),
            parent: None,
            line: line_no,
        });
    }
    tables
}

/// Sets each table's parent: the last outline node above it that has a marker.
pub(crate) fn attach(tables: &mut [Table], nodes: &[Node]) {
    for table in tables {
        table.parent = nodes
            .iter()
            .rposition(|n| n.span.line < table.line && n.marker.is_some());
    }
}

impl Table {
    /// The column whose title contains one of `words`.
    pub fn column(&self, words: &[&str]) -> Option<usize> {
        self.header
            .iter()
            .position(|h| words.iter().any(|w| h.text.contains(w)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::LineRole;
    use super::super::parse;

    #[test]
    fn a_flattened_table() {
        let text = "烟花爆竹安全监管\n序号 涉及部门 职责分工\n1 市公安局 负责运输许可。\n2 市应急管理局 负责安全生产监督管理；会同有关部门查处。\n相关依据:\n1.《烟花爆竹安全管理条例》\n";
        let doc = parse("t", "t", text).unwrap();
        assert_eq!(doc.tables.len(), 1);
        let table = &doc.tables[0];
        assert_eq!(table.title.as_ref().unwrap().text, "烟花爆竹安全监管");
        assert_eq!(table.header.len(), 3);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1].cells[1].text, "市应急管理局");
        assert_eq!(
            table.rows[1].cells[2].text,
            "负责安全生产监督管理；会同有关部门查处。"
        );
        assert_eq!(doc.role_of(5), Some(LineRole::BackMatter));
        assert_eq!(doc.role_of(6), Some(LineRole::BackMatter));
    }
}
