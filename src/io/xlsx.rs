//! XLSX writers.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::FileError;
use super::roster_import::RowError;

fn write_err(path: &Path) -> impl Fn(XlsxError) -> FileError + '_ {
    move |e| FileError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// Save an import's error list: 行号 | 列 | 值 | 错误原因, set up for A4 printing.
pub fn write_error_list(path: &Path, title: &str, errors: &[RowError]) -> Result<(), FileError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("错误清单").map_err(write_err(path))?;
    let title_fmt = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color("#E8EEF7");
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    ws.merge_range(0, 0, 0, 3, title, &title_fmt)
        .map_err(write_err(path))?;
    for (c, (h, w)) in [
        ("行号", 8.0),
        ("列", 14.0),
        ("值", 24.0),
        ("错误原因", 48.0),
    ]
    .into_iter()
    .enumerate()
    {
        let c = c as u16;
        ws.write_string_with_format(1, c, h, &head)
            .map_err(write_err(path))?;
        ws.set_column_width(c, w).map_err(write_err(path))?;
    }
    for (i, e) in errors.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_number_with_format(r, 0, e.row as f64, &cell)
            .map_err(write_err(path))?;
        ws.write_string_with_format(r, 1, &e.column, &cell)
            .map_err(write_err(path))?;
        ws.write_string_with_format(r, 2, &e.value, &cell)
            .map_err(write_err(path))?;
        ws.write_string_with_format(r, 3, &e.message, &cell)
            .map_err(write_err(path))?;
    }
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(1, 1).map_err(write_err(path))?;
    wb.save(path).map_err(write_err(path))
}
