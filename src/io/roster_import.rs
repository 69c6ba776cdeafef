//! Roster import: a dry-run preview of every row, then one transaction for the
//! valid ones. The GUI button and `medfund import beneficiaries` both use this.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use super::FileError;
use super::table::{Cell, Table, read_table};
use crate::domain::beneficiary::{
    self as b, BeneficiaryDraft, BeneficiaryFields, FieldChange, Status, StatusEvent,
    check_status_date, normalize_name,
};
use crate::domain::dates::parse_date;
use crate::domain::id_number::IdNumber;
use crate::domain::program::Program;
use crate::domain::quoted;
use crate::store::beneficiaries::RosterChange;
use crate::store::claims::ClaimPerson;
use crate::store::{Actor, Store, StoreError};

/// The headers a 身份证号 column may have.
pub const ID_HEADERS: &[&str] = &[
    "身份证号",
    "公民身份号码",
    "证件号码",
    "身份证号码",
    "身份证",
];

/// The headers a 姓名 column may have.
pub const NAME_HEADERS: &[&str] = &["姓名", "名字"];

/// The columns an import understands, each with the headers it accepts.
pub const COLUMNS: &[(&str, &[&str], bool)] = &[
    (b::NAME, NAME_HEADERS, true),
    (b::ID_NUMBER, ID_HEADERS, true),
    (
        b::WORK_DATE,
        &["参加工作时间", "参加革命工作时间", "参加工作日期"],
        false,
    ),
    (b::CATEGORY, &["类别", "人员类别", "救助类别"], false),
    (b::CARD_NO, &["社保卡号", "社会保障卡号"], false),
    (b::UNIT, &["单位", "原工作单位", "工作单位"], false),
    (b::PHONE, &["联系电话", "电话", "手机号"], false),
    (
        b::CLASS_ONE,
        &["一类对象", "是否一类对象", "兜底保障一类对象"],
        false,
    ),
    (b::STATUS, &["状态", "人员状态"], false),
    (b::STATUS_DATE, &["状态日期", "状态变更日期"], false),
];

/// One problem in one row, as the clerk needs to find it in Excel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub value: String,
    pub message: String,
}

impl RowError {
    /// The error at `row`; a long `value` is kept as [`quoted`] cuts it.
    pub fn new(row: usize, column: &str, value: &str, message: impl Into<String>) -> Self {
        Self {
            row,
            column: column.to_owned(),
            value: quoted(value),
            message: message.into(),
        }
    }
}

/// What an import will do with one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    New,
    Update(Vec<FieldChange>),
    Unchanged,
    Error(Vec<RowError>),
}

impl Verdict {
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::New => "新增",
            Verdict::Update(_) => "更新",
            Verdict::Unchanged => "无变化",
            Verdict::Error(_) => "错误",
        }
    }
}

/// One previewed row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewRow {
    pub excel_row: usize,
    pub name: String,
    pub id_number: String,
    pub verdict: Verdict,
}

/// The dry run: every row's verdict, and the writes a commit would make.
#[derive(Clone, Debug, Default)]
pub struct RosterPreview {
    pub program_id: i64,
    pub source: String,
    pub rows: Vec<PreviewRow>,
    pub changes: Vec<RosterChange>,
    /// The file was read as GBK (not UTF-8): the preview says so.
    pub gbk: bool,
}

/// The counts printed after an import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: usize,
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "新增 {}，更新 {}，无变化 {}，错误 {}",
            self.new, self.updated, self.unchanged, self.errors
        )
    }
}

/// Count a preview's verdicts.
pub fn tally<'a>(verdicts: impl Iterator<Item = &'a Verdict>) -> Counts {
    let mut c = Counts::default();
    for v in verdicts {
        match v {
            Verdict::New => c.new += 1,
            Verdict::Update(_) => c.updated += 1,
            Verdict::Unchanged => c.unchanged += 1,
            Verdict::Error(_) => c.errors += 1,
        }
    }
    c
}

/// Every error of every verdict, in row order.
pub fn row_errors<'a>(verdicts: impl Iterator<Item = &'a Verdict>) -> Vec<RowError> {
    verdicts
        .filter_map(|v| match v {
            Verdict::Error(e) => Some(e.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

impl RosterPreview {
    pub fn counts(&self) -> Counts {
        tally(self.rows.iter().map(|r| &r.verdict))
    }

    /// Every error of every row, in row order.
    pub fn errors(&self) -> Vec<RowError> {
        row_errors(self.rows.iter().map(|r| &r.verdict))
    }
}

/// Why an import could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Progress reporting and cancelling for long work off the UI thread.
pub struct Progress<'a> {
    pub report: &'a (dyn Fn(usize, usize) + Sync),
    pub cancel: &'a AtomicBool,
}

impl Progress<'_> {
    /// Whether the user asked to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// A counter for work of `total` rows, as the store's writers take it.
    pub fn counting(&self, total: usize) -> impl Fn(usize) + '_ {
        move |done| (self.report)(done, total)
    }

    /// At row `i` of `total`: every 2000 rows, report and stop if asked to.
    pub fn step(&self, i: usize, total: usize) -> Result<(), StoreError> {
        if i.is_multiple_of(2000) {
            if self.cancelled() {
                return Err(StoreError::Cancelled);
            }
            (self.report)(i, total);
        }
        Ok(())
    }
}

/// The columns of an import (name, accepted headers, required) and where the file
/// has them.
pub(crate) struct Columns {
    cols: HashMap<&'static str, usize>,
}

impl Columns {
    /// Find each column; a required one missing is an error naming its headers.
    pub(crate) fn find(
        table: &Table,
        spec: &[(&'static str, &[&str], bool)],
    ) -> Result<Self, FileError> {
        let mut cols = HashMap::new();
        for (name, aliases, required) in spec {
            match table.column(aliases) {
                Some(i) => {
                    cols.insert(*name, i);
                }
                None if *required => {
                    return Err(FileError::MissingColumn {
                        column: (*name).to_owned(),
                        aliases: aliases.join("、"),
                    });
                }
                None => {}
            }
        }
        Ok(Self { cols })
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.cols.contains_key(name)
    }

    pub(crate) fn get<'r>(&self, row: &'r super::table::TableRow, name: &str) -> &'r Cell {
        row.cell(self.cols.get(name).copied())
    }
}

/// The roster person a row names by its 身份证号, the 姓名 (when written) checked
/// against the roster's. Each problem goes to `error` as (column, value, message).
/// Returns the number, or why it is not one, and the person when found.
pub(crate) fn named_person<'p>(
    people: &'p HashMap<String, ClaimPerson>,
    id_cell: &Cell,
    name: &str,
    error: &mut impl FnMut(&str, &str, String),
) -> (Result<IdNumber, String>, Option<&'p ClaimPerson>) {
    let id = id_text(id_cell).and_then(|t| IdNumber::parse(&t).map_err(|e| e.to_string()));
    let person = match &id {
        Err(message) => {
            error(b::ID_NUMBER, &id_cell.text(), message.clone());
            None
        }
        Ok(id) => {
            let found = people.get(id.as_str());
            if found.is_none() {
                error(b::ID_NUMBER, id.as_str(), "不在本项目名册中".into());
            }
            found
        }
    };
    if let Some(p) = person
        && !name.is_empty()
        && name != normalize_name(&p.name)
    {
        error(b::NAME, name, format!("与名册中的姓名「{}」不符", p.name));
    }
    (id, person)
}

/// The ID-number cell as text. Excel stores a long number typed without a leading
/// quote as a float, which has already lost its last digits: say so.
pub(crate) fn id_text(cell: &Cell) -> Result<String, String> {
    let lost = |n: &str| {
        format!(
            "身份证号被 Excel 存成了数字（{n}），末几位可能已丢失；请把该列设为“文本”后重新输入"
        )
    };
    match cell {
        Cell::Number(n) if n.contains(['e', 'E']) || n.len() >= 16 => Err(lost(n)),
        // A CSV saved from Excel keeps the scientific form as text, e.g. 5.00230E+17.
        Cell::Text(t) if t.contains("E+") || t.contains("e+") => Err(lost(t.trim())),
        other => Ok(other.text()),
    }
}

/// Read a file and preview it against the program's roster.
pub fn preview_file(
    store: &Store,
    program: &Program,
    path: &Path,
    progress: &Progress<'_>,
) -> Result<RosterPreview, ImportError> {
    let mut table = read_table(path)?;
    if let Some((_, id_aliases, _)) = COLUMNS.iter().find(|c| c.0 == b::ID_NUMBER) {
        table.find_header_row(id_aliases);
    }
    let mut p = preview_table(store, program, &table, progress)?;
    p.source = path.display().to_string();
    Ok(p)
}

/// Preview a table already read. Writes nothing.
pub fn preview_table(
    store: &Store,
    program: &Program,
    table: &Table,
    progress: &Progress<'_>,
) -> Result<RosterPreview, ImportError> {
    let cols = Columns::find(table, COLUMNS)?;
    let existing = store.beneficiaries_by_id_number(program.id)?;
    let categories = store
        .program_years(program.id)?
        .last()
        .map(|y| y.params.category_names())
        .unwrap_or_default();
    let total = table.rows.len();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut preview = RosterPreview {
        program_id: program.id,
        gbk: table.gbk,
        ..Default::default()
    };
    for (i, row) in table.rows.iter().enumerate() {
        progress.step(i, total)?;
        let err = |column: &str, value: String, message: String| {
            RowError::new(row.excel_row, column, &value, message)
        };
        let mut errors = Vec::new();
        let id_cell = cols.get(row, b::ID_NUMBER);
        let id_number = match id_text(id_cell) {
            Ok(t) => t,
            Err(msg) => {
                errors.push(err(b::ID_NUMBER, id_cell.text(), msg));
                id_cell.text()
            }
        };
        // A column the file does not have keeps the stored value of a known person.
        let known = IdNumber::parse(&id_number)
            .ok()
            .and_then(|id| existing.get(id.as_str()));
        let text = |name: &str, stored: fn(&BeneficiaryFields) -> String| -> String {
            match (cols.has(name), known) {
                (false, Some(k)) => stored(&k.fields),
                _ => cols.get(row, name).text(),
            }
        };
        let draft = BeneficiaryDraft {
            name: cols.get(row, b::NAME).text(),
            id_number: id_number.clone(),
            work_date: text(b::WORK_DATE, |f| {
                f.work_date
                    .map(crate::domain::dates::iso)
                    .unwrap_or_default()
            }),
            category: text(b::CATEGORY, |f| f.category.clone()),
            card_no: text(b::CARD_NO, |f| f.card_no.clone()),
            unit: text(b::UNIT, |f| f.unit.clone()),
            phone: text(b::PHONE, |f| f.phone.clone()),
            class_one: text(b::CLASS_ONE, |f| {
                crate::domain::yes_no(f.class_one).to_owned()
            }),
        };
        let fields = if errors.is_empty() {
            match draft.validate(program.kind, &categories) {
                Ok(f) => Some(f),
                Err(es) => {
                    errors.extend(es.into_iter().map(|e| err(e.field, e.value, e.message)));
                    None
                }
            }
        } else {
            None
        };
        let status_text = cols.get(row, b::STATUS).text();
        let status_date_text = cols.get(row, b::STATUS_DATE).text();
        let status = if status_text.is_empty() {
            None
        } else {
            match Status::from_label(&status_text) {
                Some(s) => Some(s),
                None => {
                    errors.push(err(
                        b::STATUS,
                        status_text.clone(),
                        "状态只能是 在册、死亡 或 迁出".into(),
                    ));
                    None
                }
            }
        };
        let status_date = if status_date_text.is_empty() {
            None
        } else {
            match parse_date(&status_date_text) {
                Some(d) => Some(d),
                None => {
                    errors.push(err(
                        b::STATUS_DATE,
                        status_date_text.clone(),
                        "不是有效日期".into(),
                    ));
                    None
                }
            }
        };
        // 在册 without a date is fine when it says what is stored already.
        let stored_status = fields
            .as_ref()
            .and_then(|f| existing.get(&f.id_number))
            .map_or(Status::Active, |c| c.status);
        let needs_date =
            status.is_some_and(|s| s != Status::Active || stored_status != Status::Active);
        if needs_date && status_date.is_none() && status_date_text.is_empty() {
            errors.push(err(
                b::STATUS_DATE,
                String::new(),
                format!(
                    "填写了状态「{}」，必须同时填写状态日期",
                    quoted(&status_text)
                ),
            ));
        }
        if status_text.is_empty() && !status_date_text.is_empty() {
            errors.push(err(
                b::STATUS,
                String::new(),
                format!(
                    "填写了状态日期「{}」，必须同时填写状态",
                    quoted(&status_date_text)
                ),
            ));
        }
        if let (Some(f), Some(d)) = (&fields, status_date)
            && let Err(e) = check_status_date(d, f.birth_date, chrono::Local::now().date_naive())
        {
            errors.push(err(b::STATUS_DATE, status_date_text.clone(), e));
        }
        let canonical_id = fields
            .as_ref()
            .map(|f| f.id_number.clone())
            .unwrap_or(id_number.clone());
        if !canonical_id.is_empty() {
            if let Some(first) = seen.get(&canonical_id) {
                errors.push(err(
                    b::ID_NUMBER,
                    id_number.clone(),
                    format!("与第 {first} 行的身份证号重复"),
                ));
            } else {
                seen.insert(canonical_id.clone(), row.excel_row);
            }
        }
        let verdict = match fields {
            Some(fields) if errors.is_empty() => {
                let current = existing.get(&fields.id_number);
                let status_event = match (status, status_date) {
                    (Some(s), Some(d)) => {
                        let same = current
                            .is_some_and(|c| c.status == s && c.status_date == Some(d))
                            || (current.is_none() && s == Status::Active);
                        (!same).then_some(StatusEvent { status: s, date: d })
                    }
                    _ => None,
                };
                match current {
                    None => {
                        preview.changes.push(RosterChange::Insert {
                            fields,
                            status: status_event,
                        });
                        Verdict::New
                    }
                    Some(cur) => {
                        let mut changes = fields.changes_from(&cur.fields);
                        if let Some(ev) = &status_event {
                            changes.push(FieldChange {
                                label: b::STATUS,
                                old: cur.status.label().to_owned(),
                                new: format!(
                                    "{}（{}）",
                                    ev.status.label(),
                                    crate::domain::dates::iso(ev.date)
                                ),
                            });
                        }
                        if changes.is_empty() {
                            Verdict::Unchanged
                        } else {
                            preview.changes.push(RosterChange::Update {
                                id: cur.id,
                                old: cur.fields.clone(),
                                fields,
                                status: status_event,
                            });
                            Verdict::Update(changes)
                        }
                    }
                }
            }
            _ => Verdict::Error(errors),
        };
        preview.rows.push(PreviewRow {
            excel_row: row.excel_row,
            name: draft.name,
            id_number,
            verdict,
        });
    }
    (progress.report)(total, total);
    Ok(preview)
}

/// Write the preview's valid rows in one transaction; errors rows are skipped.
pub fn commit(
    store: &mut Store,
    preview: &RosterPreview,
    actor: &Actor,
    progress: &Progress<'_>,
) -> Result<Counts, ImportError> {
    let total = preview.changes.len();
    store.apply_roster_changes(
        preview.program_id,
        &preview.changes,
        actor,
        &progress.counting(total),
        progress.cancel,
    )?;
    Ok(preview.counts())
}
