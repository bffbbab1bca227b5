//! The annex table (附件): the categories of departments, as the reference list prints it
//! (a title, then cells separated by tabs, several to a line or one per line with a blank
//! line closing each record).

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
    for line in lines {
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
