//! The claims detail (报账明细) as XLSX or CSV, one row per claim, written as the
//! rows stream in.
//!
//! - XLSX: a register sheet (title, header row repeated on every page, A4
//!   landscape fitted to the width) with a filter on the header; amounts are
//!   numbers, identifiers text.
//! - CSV: UTF-8 with a byte-order mark so that Excel reads the Chinese, the header
//!   row, quoted where needed. An identifier of more than 11 digits (身份证号,
//!   票据号) gets a leading tab, which Excel takes as text instead of turning it
//!   into 4.30903E+17; readers that trim cells see the plain value. Text that
//!   starts like a formula (= + - @, a tab or a carriage return) gets a leading
//!   apostrophe, so that no spreadsheet runs what a hospital typed.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::FileError;
use super::registers::register_sheet;
use super::xlsx::{stamp_row, stamped_footer, write_failed, write_streamed};
use crate::report::claims_detail::{Cell, ClaimsDetail, ColumnKind};
use crate::store::exports::Stamp;

/// Where each row goes: called once per claim, in order.
pub type RowSink<'a> = dyn FnMut(&[Cell]) -> Result<(), FileError> + 'a;

fn width(kind: ColumnKind, header: &str) -> f64 {
    match kind {
        ColumnKind::Code => 21.0,
        ColumnKind::Money => 12.0,
        ColumnKind::Long => 72.0,
        ColumnKind::Text if header == "医疗机构" => 26.0,
        ColumnKind::Text if header.contains("日期") => 12.0,
        ColumnKind::Text => 10.0,
    }
}

/// Write the detail as XLSX at `path` with whatever rows `fill` sends to the sink
/// it is given.
pub fn write_xlsx<T, E: From<FileError>>(
    path: &Path,
    detail: &ClaimsDetail,
    stamp: &Stamp,
    fill: impl FnOnce(&mut RowSink<'_>) -> Result<T, E>,
) -> Result<T, E> {
    let columns: Vec<(&str, f64)> = detail
        .columns
        .iter()
        .map(|c| (c.header.as_str(), width(c.kind, &c.header)))
        .collect();
    write_streamed(path, |ws, e| {
        let (cell, money) =
            register_sheet(ws, "报账明细", &detail.title, &columns, true).map_err(e)?;
        let mut r = 2_u32;
        let mut sink = |cells: &[Cell]| -> Result<(), FileError> {
            for (c, value) in (0..).zip(cells) {
                match value {
                    Cell::Text(t) => ws.write_string_with_format(r, c, t, &cell),
                    Cell::Money(m) => ws.write_with_format(r, c, m.decimal(), &money),
                }
                .map_err(e)?;
            }
            r += 1;
            Ok(())
        };
        let out = fill(&mut sink)?;
        let last = columns.len().saturating_sub(1) as u16;
        ws.autofilter(1, 0, r.saturating_sub(1).max(1), last)
            .map_err(e)?;
        stamp_row(ws, r + 1, last, stamp).map_err(e)?;
        ws.set_footer(stamped_footer(stamp));
        Ok(out)
    })
}

/// A CSV cell: amounts as plain 元, long digit strings of identifier columns
/// behind a tab.
fn csv_text(value: &Cell, kind: ColumnKind) -> String {
    match value {
        Cell::Money(m) => m.plain(),
        Cell::Text(t)
            if kind == ColumnKind::Code
                && t.len() > 11
                && t.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("\t{t}")
        }
        Cell::Text(t) => defused(t),
    }
}

/// Text from outside (a 票据号, a name, a reason) as a CSV cell that Excel and
/// WPS never run as a formula: one starting with = + - @, a tab or a carriage
/// return gets a leading apostrophe.
pub(crate) fn defused(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Write the detail as CSV at `path` with whatever rows `fill` sends to the sink
/// it is given.
pub fn write_csv<T, E: From<FileError>>(
    path: &Path,
    detail: &ClaimsDetail,
    stamp: &Stamp,
    fill: impl FnOnce(&mut RowSink<'_>) -> Result<T, E>,
) -> Result<T, E> {
    let fail = |e: &dyn std::fmt::Display| write_failed(path, e);
    let mut file = BufWriter::new(std::fs::File::create(path).map_err(|e| fail(&e))?);
    file.write_all("\u{feff}".as_bytes())
        .map_err(|e| fail(&e))?;
    let mut w = csv::Writer::from_writer(file);
    w.write_record(detail.columns.iter().map(|c| c.header.as_str()))
        .map_err(|e| fail(&e))?;
    let mut record: Vec<String> = Vec::with_capacity(detail.columns.len());
    let mut sink = |cells: &[Cell]| -> Result<(), FileError> {
        record.clear();
        record.extend(
            cells
                .iter()
                .zip(&detail.columns)
                .map(|(v, c)| csv_text(v, c.kind)),
        );
        w.write_record(&record).map_err(|e| fail(&e))
    };
    let out = fill(&mut sink)?;
    // The 核验码 as the last row, in its first cell.
    let mut last = vec![String::new(); detail.columns.len().max(1)];
    last[0] = stamp.line();
    w.write_record(&last).map_err(|e| fail(&e))?;
    let file = w.into_inner().map_err(|e| fail(&e))?;
    file.into_inner()
        .map_err(|e| fail(&e))?
        .sync_all()
        .map_err(|e| fail(&e))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;

    #[test]
    fn csv_cells_keep_long_numbers_as_text() {
        let id = Cell::Text("430903199001011234".into());
        assert_eq!(csv_text(&id, ColumnKind::Code), "\t430903199001011234");
        let x_id = Cell::Text("43090319900101123X".into());
        assert_eq!(csv_text(&x_id, ColumnKind::Code), "43090319900101123X");
        assert_eq!(csv_text(&Cell::Text("ZY1".into()), ColumnKind::Code), "ZY1");
        assert_eq!(
            csv_text(&Cell::Money(Money::from_fen(-123_450)), ColumnKind::Money),
            "-1234.50"
        );
        for (text, out) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("王 = 1", "王 = 1"),
        ] {
            assert_eq!(csv_text(&Cell::Text(text.into()), ColumnKind::Text), out);
        }
    }
}
