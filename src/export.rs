//! The exports: the year-end 绩效自评报告, 自评表 and 一键导出 of the whole folder,
//! and the lists — the 公示 list of 医疗救助 recipients and a month's claims
//! detail. One function per operation, called by both the CLI and the pages.
//!
//! A list is written to a temporary file beside the target and renamed into place
//! when complete, so a refused or failed export leaves nothing behind.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::claim::Month;
use crate::domain::disclosure::ListScope;
use crate::domain::hospital::Hospital;
use crate::domain::program::Program;
use crate::io::FileError;
use crate::report::claims_detail::ClaimsDetail;
use crate::report::evaluation::{self, YearEvaluation};
use crate::report::public_list::{ListLine, ListTotals};
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
    #[error("输出文件「{path}」应以 {allowed} 结尾")]
    Extension { path: String, allowed: String },
    #[error("文件夹 {0} 不存在，请先建立或另选保存位置")]
    NoFolder(String),
    #[error("{0}，未导出")]
    Nothing(String),
}

/// The folder, inside the user's Documents, that exports go to until the clerk
/// picks another.
pub const DEFAULT_DIR_NAME: &str = "medfund导出";

/// Where exports go until the clerk picks a folder: [`DEFAULT_DIR_NAME`] in the
/// user's Documents folder (beside the database `db` where there is none), never
/// a folder relative to wherever the program was started. Made on first use; if it
/// cannot be made, the export that needs it names it.
pub fn default_dir(db: &Path) -> PathBuf {
    let base = directories::UserDirs::new()
        .and_then(|d| d.document_dir().map(Path::to_path_buf))
        .or_else(|| db.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let dir = base.join(DEFAULT_DIR_NAME);
    let _ = std::fs::create_dir_all(&dir);
    dir
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
        let settlement = program.kind.has_settlement().then(|| {
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
    let path = dir.join(program.kind.register_file_name());
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

/// The file types of the 公示 list.
pub const PUBLIC_LIST_TYPES: [&str; 2] = ["xlsx", "docx"];

/// The file types of the claims detail.
pub const CLAIMS_DETAIL_TYPES: [&str; 2] = ["xlsx", "csv"];

/// The extension of `out`, lower case, if it is one of `allowed`; else the
/// refusal naming them.
pub fn check_file_type(out: &Path, allowed: &[&str]) -> Result<String, ExportError> {
    out.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| allowed.contains(&e.as_str()))
        .ok_or_else(|| ExportError::Extension {
            path: out.display().to_string(),
            allowed: allowed
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(" 或 "),
        })
}

/// Run `write` on a temporary file beside `out`, then move it to `out`; on any
/// error the temporary file is removed and `out` is left as it was.
fn write_via_temp<T>(
    out: &Path,
    write: impl FnOnce(&Path) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(ExportError::NoFolder(dir.display().to_string()));
    }
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.medfund-tmp"));
    let outcome = write(&temp).and_then(|v| {
        std::fs::rename(&temp, out).map_err(|e| {
            ExportError::File(FileError::Write {
                path: out.display().to_string(),
                reason: e.to_string(),
            })
        })?;
        Ok(v)
    });
    if outcome.is_err() {
        // Nothing to report if it was never created.
        let _ = std::fs::remove_file(&temp);
    }
    // Errors name the file the user asked for, not the temporary one.
    outcome.map_err(|e| match e {
        ExportError::File(FileError::Write { reason, .. }) => ExportError::File(FileError::Write {
            path: out.display().to_string(),
            reason,
        }),
        other => other,
    })
}

/// Counts the rows of a list as they are written and reports every 500th.
struct RowCounter<'a> {
    done: usize,
    total: usize,
    report: &'a dyn Fn(usize, usize),
}

impl<'a> RowCounter<'a> {
    fn start(total: usize, report: &'a dyn Fn(usize, usize)) -> Self {
        report(0, total);
        Self {
            done: 0,
            total,
            report,
        }
    }

    fn tick(&mut self) {
        self.done += 1;
        if self.done.is_multiple_of(500) {
            (self.report)(self.done, self.total);
        }
    }

    /// Report the end; returns how many rows were counted.
    fn finish(&self) -> usize {
        (self.report)(self.done, self.total);
        self.done
    }
}

/// Write the 公示 list of `program` for `scope` to `out` (.xlsx or .docx), dated
/// `today`, reporting (rows written, rows in all). Refused, with nothing written,
/// for another file type, a program that is not 医疗救助, a year not opened, or a
/// period without any recipient.
pub fn public_list(
    store: &Store,
    program: &Program,
    scope: ListScope,
    out: &Path,
    today: NaiveDate,
    progress: &dyn Fn(usize, usize),
) -> Result<ListTotals, ExportError> {
    let kind = check_file_type(out, &PUBLIC_LIST_TYPES)?;
    let head = crate::report::public_list::head(program, scope, today)?;
    store.program_year(program.id, scope.year())?;
    let total = store.public_list_count(program.id, scope)?;
    if total == 0 {
        return Err(ExportError::Nothing(format!(
            "{}没有可公示的救助对象（审核通过的救助或资助参保）",
            scope.label()
        )));
    }
    let fill = |sink: &mut crate::io::public_list::LineSink<'_>| {
        let mut counter = RowCounter::start(total, progress);
        let totals = crate::report::public_list::stream(store, program, scope, |line| {
            if let ListLine::Row(_) = line {
                counter.tick();
            }
            sink(&line).map_err(ExportError::from)
        })?;
        counter.finish();
        Ok::<_, ExportError>(totals)
    };
    write_via_temp(out, |temp| match kind.as_str() {
        "docx" => crate::io::public_list::write_docx(temp, &head, fill),
        _ => crate::io::public_list::write_xlsx(temp, &head, fill),
    })
}

/// The name a 公示 list is offered under: its title and the type.
pub fn public_list_file_name(program: &Program, scope: ListScope, kind: &str) -> String {
    format!(
        "{}.{kind}",
        crate::report::public_list::title(program, scope)
    )
}

/// The name a claims detail is offered under.
pub fn claims_detail_file_name(
    program: &Program,
    month: Month,
    hospital: Option<&Hospital>,
    kind: &str,
) -> String {
    match hospital {
        Some(h) => format!(
            "{}{}报账明细（{}）.{kind}",
            program.name,
            month.label(),
            h.name
        ),
        None => format!("{}{}报账明细.{kind}", program.name, month.label()),
    }
}

/// Write the claims of `program`'s `month` (every hospital, or `hospital`'s) to
/// `out` (.xlsx or .csv), one row per claim, reporting (rows written, rows in all).
/// Returns how many claims were written. Refused, with nothing written, for
/// another file type, a year not opened or a month without claims.
pub fn claims_detail(
    store: &Store,
    program: &Program,
    month: Month,
    hospital: Option<&Hospital>,
    out: &Path,
    progress: &dyn Fn(usize, usize),
) -> Result<usize, ExportError> {
    let kind = check_file_type(out, &CLAIMS_DETAIL_TYPES)?;
    let layers = store.program_year(program.id, month.year)?.params.layers;
    let hospital_id = hospital.map(|h| h.id);
    let total = store.claim_detail_count(program.id, month, hospital_id)?;
    if total == 0 {
        return Err(ExportError::Nothing(format!(
            "{}{}没有报账明细",
            month.label(),
            hospital.map(|h| h.name.as_str()).unwrap_or("")
        )));
    }
    let detail = ClaimsDetail::new(program, month, hospital.map(|h| h.name.as_str()), &layers);
    let fill = |sink: &mut crate::io::claims_detail::RowSink<'_>| {
        let mut counter = RowCounter::start(total, progress);
        store.claim_details(program.id, month, hospital_id, &layers, |d| {
            counter.tick();
            sink(&detail.row(&d)).map_err(ExportError::from)
        })?;
        Ok::<_, ExportError>(counter.finish())
    };
    write_via_temp(out, |temp| match kind.as_str() {
        "csv" => crate::io::claims_detail::write_csv(temp, &detail, fill),
        _ => crate::io::claims_detail::write_xlsx(temp, &detail, fill),
    })
}
