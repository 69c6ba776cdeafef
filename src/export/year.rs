//! The year-end 绩效自评报告 (DOCX) and 自评表 (XLSX) of a program-year, and its
//! 绩效目标申报表 (XLSX).

use std::path::Path;

use chrono::NaiveDate;

use super::{ExportError, recorded_model};
use crate::report::declaration::DeclarationSheet;
use crate::report::evaluation::YearEvaluation;
use crate::report::scoresheet::ScoreSheet;
use crate::report::self_eval::ReportDoc;
use crate::report::verify::Document;
use crate::store::{Actor, Store};

/// The name the 绩效自评报告 of `year` is written under.
pub fn report_file_name(year: i32) -> String {
    format!("{year}年度绩效自评报告.docx")
}

/// The name the 自评表 of `year` is written under.
pub fn scoresheet_file_name(year: i32) -> String {
    format!("{year}年度绩效自评表.xlsx")
}

/// Write the 绩效自评报告 (DOCX) of a program-year to `out` as `actor`, dated
/// `today`, recorded with its 核验码.
pub fn report(
    store: &Store,
    actor: &Actor,
    ev: &YearEvaluation,
    out: &Path,
    today: NaiveDate,
) -> Result<(), ExportError> {
    let document = Document::report(&ev.program, ev.program_year.year, today);
    recorded_model(
        store,
        actor,
        &document,
        out,
        ev.report(today),
        ReportDoc::figures,
        crate::io::report_docx::write_report,
    )
}

/// Write the 自评表 (XLSX) of a program-year to `out` as `actor`, dated `today`,
/// recorded with its 核验码.
pub fn scoresheet(
    store: &Store,
    actor: &Actor,
    ev: &YearEvaluation,
    out: &Path,
    today: NaiveDate,
) -> Result<(), ExportError> {
    let document = Document::scoresheet(&ev.program, ev.program_year.year, today);
    recorded_model(
        store,
        actor,
        &document,
        out,
        ev.scoresheet(today),
        ScoreSheet::figures,
        crate::io::scoresheet::write_scoresheet,
    )
}

/// The name the 绩效目标申报表 of `year` is written under.
pub fn declaration_file_name(year: i32) -> String {
    format!("{year}年度绩效目标申报表.xlsx")
}

/// Write the 绩效目标申报表 (XLSX) of a program-year to `out` as `actor`, dated
/// `today`, recorded with its 核验码.
pub fn declaration(
    store: &Store,
    actor: &Actor,
    ev: &YearEvaluation,
    out: &Path,
    today: NaiveDate,
) -> Result<(), ExportError> {
    let document = Document::declaration(&ev.program, ev.program_year.year, today);
    recorded_model(
        store,
        actor,
        &document,
        out,
        ev.declaration_sheet(),
        DeclarationSheet::figures,
        crate::io::declaration::write_declaration,
    )
}
