//! The year-end exports: the 绩效自评报告, the 自评表 and 一键导出 of the whole
//! folder. One function per operation, called by both the CLI and the 报告导出 page.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::claim::Month;
use crate::domain::program::{Program, ProgramKind};
use crate::io::FileError;
use crate::report::evaluation::{self, YearEvaluation};
use crate::report::settlement::SettlementSheet;
use crate::store::{Store, StoreError};

/// What can stop an export, in the clerk's words.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error("无法创建文件夹 {path}：{reason}")]
    Folder { path: String, reason: String },
    #[error("写 {0} 时意外中断，请重试")]
    Interrupted(String),
}

/// Write the 绩效自评报告 (DOCX) of a program-year to `out`.
pub fn report(ev: &YearEvaluation, out: &Path, today: NaiveDate) -> Result<(), ExportError> {
    crate::io::report_docx::write_report(&ev.report(today), out)?;
    Ok(())
}

/// Write the 自评表 (XLSX) of a program-year to `out`.
pub fn scoresheet(ev: &YearEvaluation, out: &Path, today: NaiveDate) -> Result<(), ExportError> {
    crate::io::scoresheet::write_scoresheet(&ev.scoresheet(today), out)?;
    Ok(())
}

/// 一键导出: write every year-end file of `program`'s `year` into `dir`, reporting
/// progress (0–1) and what it is writing. Returns the files written, in order.
pub fn all(
    store: &Store,
    program: &Program,
    year: i32,
    dir: &Path,
    today: NaiveDate,
    progress: &dyn Fn(f32, &str),
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|e| ExportError::Folder {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut written = Vec::new();
    let step = |done: usize, what: &str| progress(done as f32 / 18.0, what);

    step(0, "正在汇总年度数据…");
    let ev = evaluation::load(store, program, year)?;

    // The 年终清算表 of a large roster is the slowest file: it is computed and
    // written on a second connection while this one writes the rest.
    let settlement_path = dir.join(format!("{year}年度年终清算表.xlsx"));
    std::thread::scope(|scope| {
        let settlement = (program.kind == ProgramKind::Lixiu).then(|| {
            let (db, path) = (store.path().to_path_buf(), settlement_path.clone());
            scope.spawn(move || -> Result<PathBuf, ExportError> {
                let store = Store::open(&db)?;
                let settlement = store.settlement(program.id, year)?;
                crate::io::xlsx::write_settlement_sheet(
                    &SettlementSheet::new(program, settlement),
                    &path,
                )?;
                Ok(path)
            })
        });
        let rest = write_rest(store, program, &ev, dir, today, &step, &mut written);
        if settlement.is_some() {
            step(17, "正在写年终清算表…");
        }
        let settled = settlement.map(|h| {
            h.join().unwrap_or_else(|_| {
                Err(ExportError::Interrupted(
                    settlement_path.display().to_string(),
                ))
            })
        });
        rest?;
        if let Some(path) = settled.transpose()? {
            written.push(path);
        }
        Ok::<(), ExportError>(())
    })?;
    step(18, "导出完成");
    Ok(written)
}

/// Everything but the 年终清算表, in order.
fn write_rest(
    store: &Store,
    program: &Program,
    ev: &YearEvaluation,
    dir: &Path,
    today: NaiveDate,
    step: &dyn Fn(usize, &str),
    written: &mut Vec<PathBuf>,
) -> Result<(), ExportError> {
    let year = ev.summary.year;
    step(1, "正在写绩效自评报告…");
    let path = dir.join(format!("{year}年度绩效自评报告.docx"));
    report(ev, &path, today)?;
    written.push(path);

    step(2, "正在写绩效自评表…");
    let path = dir.join(format!("{year}年度绩效自评表.xlsx"));
    scoresheet(ev, &path, today)?;
    written.push(path);

    for m in 1..=12 {
        step(2 + m as usize, &format!("正在写 {m} 月支付汇总表…"));
        let month = Month { year, month: m };
        let summary = crate::report::transfers::build(store, program, month)?;
        if summary.lines.is_empty() {
            continue;
        }
        let path = dir.join(format!("{year}年{m:02}月支付汇总表.xlsx"));
        crate::io::xlsx::write_payment_summary(&path, &summary)?;
        written.push(path);
    }

    step(15, "正在写名册…");
    let path = dir.join(match program.kind {
        ProgramKind::Lixiu => "报销对象名册.xlsx",
        ProgramKind::Jiuzhu => "救助对象名册.xlsx",
    });
    let people = store.roster_all(program.id)?;
    crate::io::registers::write_roster(
        &format!("{}名册", program.name),
        program.kind,
        &people,
        &path,
    )?;
    written.push(path);

    step(16, "正在写资金台账…");
    let path = dir.join(format!("{year}年度资金台账.xlsx"));
    let entries = store.fund_entries(ev.program_year.id)?;
    crate::io::registers::write_ledger(
        &format!("{} {year}年度资金台账", program.name),
        &entries,
        &path,
    )?;
    written.push(path);
    Ok(())
}
