//! The 操作日志 as XLSX: a register sheet (title, header row repeated on every
//! page, A4 landscape fitted to the width, a filter on the header), one row per
//! audit entry as the rows stream in, entities and actions in Chinese.

use std::path::Path;

use super::FileError;
use super::registers::register_sheet;
use super::xlsx::write_streamed;
use crate::domain::audit_label::{action_label, entity_label};
use crate::store::audit_log::AuditRow;

/// The columns and their widths.
pub const COLUMNS: [(&str, f64); 8] = [
    ("时间", 19.0),
    ("用户", 12.0),
    ("姓名", 10.0),
    ("对象", 14.0),
    ("编号", 8.0),
    ("操作", 14.0),
    ("原值", 50.0),
    ("新值", 50.0),
];

/// Where each row goes: called once per entry, in order.
pub type AuditSink<'a> = dyn FnMut(&AuditRow) -> Result<(), FileError> + 'a;

/// The cells of one row, as the sheet and the page show them.
pub fn cells(row: &AuditRow) -> [String; 8] {
    let e = &row.entry;
    [
        e.at.clone(),
        e.actor.clone(),
        row.display_name.clone().unwrap_or_default(),
        entity_label(&e.entity).to_owned(),
        e.entity_id.map(|i| i.to_string()).unwrap_or_default(),
        action_label(&e.action).to_owned(),
        e.old_value.clone().unwrap_or_default(),
        e.new_value.clone().unwrap_or_default(),
    ]
}

/// Write the log titled `title` as XLSX at `path` with whatever rows `fill` sends
/// to the sink it is given.
pub fn write_xlsx<T, E: From<FileError>>(
    path: &Path,
    title: &str,
    fill: impl FnOnce(&mut AuditSink<'_>) -> Result<T, E>,
) -> Result<T, E> {
    write_streamed(path, |ws, e| {
        let (cell, _) = register_sheet(ws, "操作日志", title, &COLUMNS, true).map_err(e)?;
        let mut r = 2_u32;
        let mut sink = |row: &AuditRow| -> Result<(), FileError> {
            for (c, text) in (0..).zip(cells(row)) {
                ws.write_string_with_format(r, c, text, &cell).map_err(e)?;
            }
            r += 1;
            Ok(())
        };
        let out = fill(&mut sink)?;
        let last = (COLUMNS.len() - 1) as u16;
        ws.autofilter(1, 0, r.saturating_sub(1).max(1), last)
            .map_err(e)?;
        Ok(out)
    })
}
