//! The annex table (附件): the categories of departments, as the reference list prints it
//! (a title, then cells separated by tabs, several to a line or one per line with a blank
//! line closing each record), or with one cell per line and no tabs, as a web page or a PDF
//! gives it (the header's cells say how many cells make a record).

use super::{Annex, AnnexRow, RawLine as Line, Span, Text, is_space, numeral};

/// Cells of a table line: tab-separated, leading tab ignored.
fn cells<'a>(line: &Line<'a>) -> Vec<Text> {
    line.text
        .split('\t')
        .filter_map(|cell| line.text_of(cell))
        .collect()
}

/// The annex: a title, then a table whose cells are tab-separated, either several to a
/// line or one per line with a blank line closing each record.
pub(super) fn parse_annex(lines: &[Line<'_>]) -> Option<Annex> {
    let first = lines.first()?;
    let mut title = None;
    let mut records: Vec<(Vec<Text>, Span)> = Vec::new();
    let mut open: Option<(Vec<Text>, Span)> = None;
    let tabbed = lines.iter().any(|l| l.text.contains('\t'));
    if !tabbed {
        (title, records) = cell_per_line(lines);
    }
    for line in lines.iter().filter(|_| tabbed) {
        if line.is_blank() {
            records.extend(open.take());
            continue;
        }
        if !line.text.contains('\t') {
            records.extend(open.take());
            // Lines without tabs before the table: the 附件 label and the table title.
            let trimmed = line.trimmed();
            if records.is_empty() && !trimmed.starts_with("附件") && !trimmed.starts_with("附表")
            {
                title = line.text_of(trimmed);
            }
            continue;
        }
        let row_cells = cells(line);
        if row_cells.len() > 1 {
            records.extend(open.take());
            records.push((row_cells, line.span_of(line.trimmed())));
        } else {
            let (cells, _) = open.get_or_insert_with(|| (Vec::new(), line.span_of(line.trimmed())));
            cells.extend(row_cells);
        }
    }
    records.extend(open.take());

    let mut records = records.into_iter().filter(|(cells, _)| !cells.is_empty());
    let header = records.next().map(|(cells, _)| cells).unwrap_or_default();
    let column = |words: &[&str], fallback: usize| {
        header
            .iter()
            .position(|h| words.iter().any(|w| h.text.contains(w)))
            .unwrap_or(fallback)
    };
    let category_col = column(&["类别", "分类"], 0);
    let count_col = column(&["数量", "个数"], 3);
    let names_col = column(&["具体部门", "部门名称", "单位名称", "具体单位"], 2);
    let description_col = column(&["职责"], 1);

    let rows = records
        .enumerate()
        .filter_map(|(i, (cells, span))| {
            let category = cells.get(category_col)?.clone();
            let count_text = cells.get(count_col).cloned();
            let count = count_text.as_ref().and_then(|t| numeral::parse(&t.text));
            let names = cells.get(names_col).map(split_names).unwrap_or_default();
            Some(AnnexRow {
                index: i as u32 + 1,
                category,
                description: cells.get(description_col).cloned(),
                names,
                count_text,
                count,
                span,
            })
        })
        .collect();
    Some(Annex {
        title,
        header,
        rows,
        span: first.span_of(first.trimmed()),
    })
}

/// Words of the annex's column titles.
const COLUMN_WORDS: &[&str] = &[
    "类别", "分类", "职责", "部门", "数量", "个数", "名称", "序号",
];

/// A table printed one cell per line: the header is the run of short lines with column
/// words, and every record has as many cells as the header.
fn cell_per_line(lines: &[Line<'_>]) -> (Option<Text>, Vec<(Vec<Text>, Span)>) {
    let cells: Vec<&Line<'_>> = lines.iter().filter(|l| !l.is_blank()).collect();
    let is_column = |l: &&Line<'_>| {
        let t = l.trimmed();
        t.chars().count() <= 8 && COLUMN_WORDS.iter().any(|w| t.contains(w))
    };
    let Some(start) = cells.iter().position(is_column) else {
        return (None, Vec::new());
    };
    let width = cells[start..].iter().take_while(|l| is_column(l)).count();
    if width < 2 {
        return (None, Vec::new());
    }
    let title = cells[..start]
        .iter()
        .rev()
        .find(|l| !l.trimmed().starts_with("附件") && !l.trimmed().starts_with("附表"))
        .and_then(|l| l.text_of(l.trimmed()));
    let records = cells[start..]
        .chunks(width)
        .filter(|chunk| chunk.len() == width)
        .map(|chunk| {
            let texts = chunk
                .iter()
                .filter_map(|l| l.text_of(l.trimmed()))
                .collect();
            (texts, chunk[0].span_of(chunk[0].trimmed()))
        })
        .collect();
    (title, records)
}

/// Splits a 、-joined list of names, keeping each name's span.
fn split_names(cell: &Text) -> Vec<Text> {
    let mut out = Vec::new();
    let mut offset = 0;
    for part in cell.text.split(['、', ',', '，', ';', '；']) {
        let lead = part.len() - part.trim_start_matches(is_space).len();
        let trimmed = part.trim_matches(is_space);
        if !trimmed.is_empty() {
            let start = cell.span.start + offset + lead;
            let column = cell.span.column + cell.text[..offset + lead].chars().count() as u32;
            out.push(Text {
                text: trimmed.to_owned(),
                span: Span {
                    start,
                    end: start + trimmed.len(),
                    line: cell.span.line,
                    column,
                },
            });
        }
        offset += part.len();
        offset += cell.text[offset..].chars().next().map_or(0, char::len_utf8);
    }
    out
}
