//! The 操作日志 export: every row the page's filter matches, as XLSX, read from the
//! store a page at a time.

use std::path::Path;

use chrono::NaiveDate;

use super::lists::RowCounter;
use super::{ExportError, check_file_type, write_via_temp};
use crate::domain::audit_label::{action_label, entity_label};
use crate::store::audit_log::AuditFilter;
use crate::store::{Actor, Store};

/// The name the log is offered under.
pub fn audit_log_file_name(today: NaiveDate) -> String {
    format!("操作日志{}.xlsx", today.format("%Y%m%d"))
}

/// The sheet's title: 操作日志 and the filter applied.
fn title(filter: &AuditFilter) -> String {
    let mut parts = Vec::new();
    if let Some(u) = &filter.user {
        parts.push(format!("用户 {u}"));
    }
    if let Some(e) = &filter.entity {
        parts.push(format!("对象 {}", entity_label(e)));
    }
    if let Some(a) = &filter.action {
        parts.push(format!("操作 {}", action_label(a)));
    }
    match (filter.from, filter.to) {
        (Some(f), Some(t)) => parts.push(format!("{f} 至 {t}")),
        (Some(f), None) => parts.push(format!("{f} 起")),
        (None, Some(t)) => parts.push(format!("至 {t}")),
        (None, None) => {}
    }
    if parts.is_empty() {
        "操作日志".to_owned()
    } else {
        format!("操作日志（{}）", parts.join("，"))
    }
}

/// Write the rows of the audit log that `filter` matches, newest first, to `out`
/// (.xlsx) as `actor`, reporting (rows written, rows in all). Returns how many rows
/// were written. Refused, with nothing written, for another file type, a reader
/// who may not read the log, or a filter matching no row.
pub fn audit_log(
    store: &Store,
    actor: &Actor,
    filter: &AuditFilter,
    out: &Path,
    progress: &dyn Fn(usize, usize),
) -> Result<usize, ExportError> {
    check_file_type(out, &["xlsx"])?;
    let total = store.audit_log_count(actor, filter)?;
    if total == 0 {
        return Err(ExportError::Nothing("没有符合条件的操作日志".into()));
    }
    let fill = |sink: &mut crate::io::audit_log::AuditSink<'_>| {
        let mut counter = RowCounter::start(total, progress);
        store.audit_log_each(actor, filter, |row| {
            counter.tick();
            sink(&row).map_err(ExportError::from)
        })?;
        Ok::<_, ExportError>(counter.finish())
    };
    write_via_temp(out, |temp| {
        crate::io::audit_log::write_xlsx(temp, &title(filter), fill)
    })
}
