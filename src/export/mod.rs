//! The exports, one function each, called alike by the CLI, the pages' buttons and
//! 一键导出: the 支付汇总表 and the 年终清算表 ([`sheets`]), the year-end
//! 绩效自评报告 and 自评表 ([`year`]), the roster and the ledger ([`registers`]),
//! the 绩效目标申报表 ([`year`]), the 公示 list and a month's claims detail
//! ([`lists`]), and [`all`] of them into one folder; besides, the 操作日志
//! ([`audit_log`]) and the 操作手册 ([`manual`]). Each export also names its file,
//! with one function.
//!
//! Every file is written to a temporary file beside the target and renamed into
//! place when complete ([`write_via_temp`]), so a refused or failed export leaves
//! nothing behind and never harms a file already there.
//!
//! The printed documents (支付汇总表, 年终清算表, 自评表, 自评报告, 申报表, 公示名单, 报账明细)
//! are recorded as they are written ([`recorded`]): one transaction holds the
//! export's row, its audit row and the writing of the file, whose footer carries
//! the 核验码 (`report::verify` reads it back).

mod all;
mod audit_log;
mod lists;
mod manual;
mod registers;
mod sheets;
mod year;

use std::path::{Path, PathBuf};

pub use all::all;
pub use audit_log::{audit_log, audit_log_file_name};
pub use lists::{
    CLAIMS_DETAIL_TYPES, PUBLIC_LIST_TYPES, claims_detail, claims_detail_file_name, public_list,
    public_list_file_name,
};
pub use manual::{MANUAL_FILE_NAME, MANUAL_TYPES, manual};
pub use registers::{ledger, ledger_file_name, roster, roster_file_name};
pub use sheets::{
    payment_summary, payment_summary_file_name, settlement_file_name, settlement_sheet,
};
pub use year::{
    declaration, declaration_file_name, report, report_file_name, scoresheet, scoresheet_file_name,
};

use crate::domain::program::Program;
use crate::io::FileError;
use crate::report::verify::Document;
use crate::store::exports::{Figure, NewExport, Stamp};
use crate::store::{Actor, Store, StoreError};

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
    /// A 支付汇总表 of a month no hospital reported.
    #[error("{0} 没有任何医院的报账")]
    EmptyMonth(String),
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

/// Where a file goes, which decides what its name has to say.
#[derive(Clone, Copy, Debug)]
pub enum Place<'a> {
    /// A folder shared by every program and year (the page's suggestion, in
    /// [`default_dir`]): the name says the program and the period.
    Shared(&'a Program),
    /// 一键导出's folder of one program-year, whose own name says both.
    YearFolder,
}

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

/// Write a printed document to `out` as `actor`, recorded: in one transaction
/// `build` makes the document and its figures, the export is recorded with its
/// 核验码, and `write` writes it (to the temporary file) with the stamp for its
/// footer. A failure records nothing and leaves nothing behind.
fn recorded<M, T>(
    store: &Store,
    actor: &Actor,
    document: &Document,
    out: &Path,
    build: impl FnOnce() -> Result<(M, Vec<Figure>), ExportError>,
    write: impl FnOnce(&Path, M, &Stamp) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    let params = serde_json::to_string(document)
        .map_err(|e| StoreError::Invalid(format!("无法记录导出：{e}")))?;
    let file_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let new = NewExport {
        kind: document.kind(),
        params: &params,
        file_name: &file_name,
    };
    write_via_temp(out, |temp| {
        store.record_export(&new, actor, build, |model, stamp| write(temp, model, stamp))
    })
}

/// [`recorded`] for a document already built from data read before: its model,
/// how to list its figures, and its writer.
fn recorded_model<M>(
    store: &Store,
    actor: &Actor,
    document: &Document,
    out: &Path,
    model: M,
    figures: impl FnOnce(&M) -> Vec<Figure>,
    write: impl FnOnce(&M, &Path, &Stamp) -> Result<(), FileError>,
) -> Result<(), ExportError> {
    recorded(
        store,
        actor,
        document,
        out,
        || {
            let f = figures(&model);
            Ok((model, f))
        },
        |temp, model, stamp| Ok(write(&model, temp, stamp)?),
    )
}
