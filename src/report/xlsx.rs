//! XLSX workbooks (rust_xlsxwriter): one sheet per table; the matrix sheet is coloured by
//! mode, with its legend on a sheet of its own and in its top-left cell.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::content::Table;
use crate::analysis::{Analyses, Lang, Mode};
use crate::catalogue;
use crate::error::{Error, Result};

fn err(e: XlsxError) -> Error {
    Error::render("xlsx", e)
}

fn mode_color(letter: char) -> Option<Color> {
    Some(Color::RGB(match letter {
        'L' => 0xF8C9C4,
        'G' => 0xCFE3F7,
        'C' => 0xD9F0D3,
        'O' => 0xFDE8C8,
        'P' => 0xE6DCF3,
        'S' => 0xEEEEEE,
        _ => return None,
    }))
}

/// Excel limits sheet names to 31 characters without []:*?/\.
fn sheet_name(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

fn write_table(sheet: &mut Worksheet, table: &Table) -> Result<()> {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xEEEEEE))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let plain = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    for (c, h) in table.headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, h, &header)
            .map_err(err)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.cells.iter().enumerate() {
            let format = match (
                table.wide && c > 0,
                value.chars().next().and_then(mode_color),
            ) {
                (true, Some(color)) => plain
                    .clone()
                    .set_background_color(color)
                    .set_align(FormatAlign::Center),
                _ => plain.clone(),
            };
            sheet
                .write_string_with_format(r, c as u16, value, &format)
                .map_err(err)?;
        }
    }
    sheet.set_freeze_panes(1, 1).map_err(err)?;
    if table.wide {
        sheet.set_column_width(0, 26).map_err(err)?;
        for c in 1..table.headers.len() {
            sheet.set_column_width(c as u16, 6).map_err(err)?;
        }
        sheet.set_row_height(0, 90).map_err(err)?;
    } else {
        for c in 0..table.headers.len() {
            sheet.set_column_width(c as u16, 18).map_err(err)?;
        }
    }
    Ok(())
}

/// A workbook with one sheet per table, plus the legend of the mode letters.
pub fn render(tables: &[(String, Table)], analyses: &Analyses, lang: Lang) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    for (name, table) in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(name)).map_err(err)?;
        write_table(sheet, table)?;
    }
    if analyses.matrix.is_some() {
        let sheet = workbook.add_worksheet();
        sheet
            .set_name(sheet_name(catalogue::LEGEND.get(lang)))
            .map_err(err)?;
        let bold = Format::new().set_bold();
        let headers = [
            catalogue::LETTER.get(lang).to_owned(),
            catalogue::MODE.get(lang).to_owned(),
            catalogue::ENGLISH.get(lang).to_owned(),
            catalogue::VERBS.get(lang).to_owned(),
        ];
        for (c, h) in headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, h, &bold)
                .map_err(err)?;
        }
        for (r, m) in Mode::ALL.iter().enumerate() {
            let r = r as u32 + 1;
            let letter =
                Format::new().set_background_color(mode_color(m.letter()).unwrap_or(Color::White));
            sheet
                .write_string_with_format(r, 0, m.letter().to_string(), &letter)
                .map_err(err)?;
            sheet.write_string(r, 1, m.zh()).map_err(err)?;
            sheet.write_string(r, 2, m.en()).map_err(err)?;
            sheet.write_string(r, 3, m.verbs()).map_err(err)?;
        }
        sheet
            .write_string(8, 0, catalogue::MATRIX_LEGEND_NOTE.get(lang).to_owned())
            .map_err(err)?;
        sheet.write_string(9, 0, &analyses.title).map_err(err)?;
        sheet.set_column_width(3, 30).map_err(err)?;
    }
    workbook.save_to_buffer().map_err(err)
}
