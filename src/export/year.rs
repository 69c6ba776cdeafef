//! The year-end 绩效自评报告 (DOCX) and 自评表 (XLSX) of a program-year.

use std::path::Path;

use chrono::NaiveDate;

use super::{ExportError, write_via_temp};
use crate::report::evaluation::YearEvaluation;

/// The name the 绩效自评报告 of `year` is written under.
pub fn report_file_name(year: i32) -> String {
    format!("{year}年度绩效自评报告.docx")
}

/// The name the 自评表 of `year` is written under.
pub fn scoresheet_file_name(year: i32) -> String {
    format!("{year}年度绩效自评表.xlsx")
}

/// Write the 绩效自评报告 (DOCX) of a program-year to `out`.
pub fn report(ev: &YearEvaluation, out: &Path, today: NaiveDate) -> Result<(), ExportError> {
    let doc = ev.report(today);
    write_via_temp(out, |temp| {
        Ok(crate::io::report_docx::write_report(&doc, temp)?)
    })
}

/// Write the 自评表 (XLSX) of a program-year to `out`.
pub fn scoresheet(ev: &YearEvaluation, out: &Path, today: NaiveDate) -> Result<(), ExportError> {
    let sheet = ev.scoresheet(today);
    write_via_temp(out, |temp| {
        Ok(crate::io::scoresheet::write_scoresheet(&sheet, temp)?)
    })
}
