//! 一键导出: every year-end file of a program-year into one folder, as a list of
//! steps that counts itself for the progress it reports.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{ExportError, Place};
use crate::domain::claim::Month;
use crate::domain::program::Program;
use crate::report::evaluation;
use crate::store::{Actor, Store};

/// One step: what it says it is doing, and the work, which returns the file it
/// wrote (none for a month without claims).
type Step<'a> = (
    String,
    Box<dyn FnOnce() -> Result<Option<PathBuf>, ExportError> + 'a>,
);

/// 一键导出: write every year-end file of `program`'s `year` into `dir`, reporting
/// progress (0–1) and what it is writing. Returns the files written, in order.
pub fn all(
    store: &Store,
    actor: &Actor,
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
    progress(0.0, "正在汇总年度数据…");
    let ev = evaluation::load(store, program, year)?;
    let ev = &ev;
    let at = |name: &str| dir.join(name);

    std::thread::scope(|scope| {
        // The 年终清算表 of a large roster is the slowest file: it is computed and
        // written on a second connection while this one writes the rest.
        let settlement_path = at(&super::settlement_file_name(Place::YearFolder, year));
        let settlement = RefCell::new(program.kind.has_settlement().then(|| {
            let (db, path) = (store.opener(), settlement_path.clone());
            scope.spawn(move || -> Result<PathBuf, ExportError> {
                let store = db.open()?;
                let settlement = store.settlement(program.id, year)?;
                super::settlement_sheet(&store, actor, program, settlement, &path)?;
                Ok(path)
            })
        }));

        let mut steps: Vec<Step<'_>> = vec![
            step("正在写绩效自评报告…", move || {
                let path = at(&super::report_file_name(year));
                super::report(store, actor, ev, &path, today).map(|()| Some(path))
            }),
            step("正在写绩效自评表…", move || {
                let path = at(&super::scoresheet_file_name(year));
                super::scoresheet(store, actor, ev, &path, today).map(|()| Some(path))
            }),
            step("正在写绩效目标申报表…", move || {
                let path = at(&super::declaration_file_name(year));
                super::declaration(store, actor, ev, &path, today).map(|()| Some(path))
            }),
        ];
        for m in 1..=12 {
            steps.push(step(
                format!("正在写 {m} 月支付汇总表…"),
                move || {
                    let month = Month { year, month: m };
                    let path = at(&super::payment_summary_file_name(Place::YearFolder, month));
                    match super::payment_summary(store, actor, program, month, &path) {
                        Ok(_) => Ok(Some(path)),
                        Err(ExportError::EmptyMonth(_)) => Ok(None),
                        Err(e) => Err(e),
                    }
                },
            ));
        }
        steps.push(step("正在写名册…", move || {
            let path = at(super::roster_file_name(program));
            super::roster(store, program, &path).map(|()| Some(path))
        }));
        steps.push(step("正在写资金台账…", move || {
            let path = at(&super::ledger_file_name(year));
            super::ledger(store, program, &ev.program_year, &path).map(|()| Some(path))
        }));
        if settlement.borrow().is_some() {
            let (settlement, path) = (&settlement, settlement_path.clone());
            steps.push(step("正在写年终清算表…", move || {
                settlement
                    .borrow_mut()
                    .take()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(ExportError::Interrupted(path.display().to_string()))
                        })
                    })
                    .transpose()
            }));
        }

        let written = run(steps, progress);
        // A step that failed left the second thread running: wait for it, its
        // outcome no longer matters.
        if let Some(h) = settlement.into_inner() {
            let _ = h.join();
        }
        written
    })
}

fn step<'a>(
    what: impl Into<String>,
    work: impl FnOnce() -> Result<Option<PathBuf>, ExportError> + 'a,
) -> Step<'a> {
    (what.into(), Box::new(work))
}

/// Run `steps` in order, each reported as its share of them all; the files written.
fn run(steps: Vec<Step<'_>>, progress: &dyn Fn(f32, &str)) -> Result<Vec<PathBuf>, ExportError> {
    let count = steps.len() as f32;
    let mut written = Vec::new();
    for (done, (what, work)) in steps.into_iter().enumerate() {
        progress(done as f32 / count, &what);
        written.extend(work()?);
    }
    progress(1.0, "导出完成");
    Ok(written)
}
