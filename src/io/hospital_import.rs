//! 定点医疗机构 import: the county's list of designated hospitals (机构代码, 名称,
//! 级别, and optionally 县内, 统一社会信用代码, 开户行, 账号) through the same dry-run
//! preview, verdicts, counts, JSON and exit codes as the other imports, then one
//! transaction for the valid rows. A bad code, a code twice in the file or an
//! unknown 级别 refuses the row; a failed credit-code check is only a warning on it.

use std::collections::HashMap;
use std::path::Path;

use super::roster_import::{
    Columns, Counts, ImportError, Progress, RowError, Verdict, row_errors, tally,
};
use super::table::{Table, read_table};
use crate::domain::hospital::{self as h, Hospital, HospitalDraft, credit_code_warning};
use crate::store::Store;
use crate::store::hospitals::HospitalChange;

/// The columns a hospital list may have, with the headers each accepts.
pub const COLUMNS: &[(&str, &[&str], bool)] = &[
    (
        h::CODE,
        &[
            "机构代码",
            "定点医疗机构代码",
            "医疗机构代码",
            "定点机构代码",
            "机构编码",
            "医药机构代码",
        ],
        true,
    ),
    (
        h::NAME,
        &[
            "机构名称",
            "名称",
            "医疗机构名称",
            "定点医疗机构名称",
            "定点医疗机构",
        ],
        true,
    ),
    (h::LEVEL, &["级别", "医院级别", "机构级别"], true),
    (h::IN_COUNTY, &["县内", "是否县内", "县内/县外"], false),
    (
        h::CREDIT_CODE,
        &["统一社会信用代码", "社会信用代码", "信用代码"],
        false,
    ),
    (h::BANK_NAME, &["开户行", "开户银行"], false),
    (
        h::BANK_ACCOUNT,
        &["账号", "银行账号", "开户账号", "银行账户"],
        false,
    ),
];

/// One previewed row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HospitalPreviewRow {
    pub excel_row: usize,
    pub name: String,
    pub code: String,
    pub verdict: Verdict,
    /// A failed credit-code check: the row is still written.
    pub warning: Option<RowError>,
}

/// The dry run: every row's verdict, and the writes a commit would make.
#[derive(Clone, Debug, Default)]
pub struct HospitalsPreview {
    pub rows: Vec<HospitalPreviewRow>,
    pub changes: Vec<HospitalChange>,
    /// The file was read as GBK (not UTF-8): the preview says so.
    pub gbk: bool,
}

impl HospitalsPreview {
    pub fn counts(&self) -> Counts {
        tally(self.rows.iter().map(|r| &r.verdict))
    }

    pub fn errors(&self) -> Vec<RowError> {
        row_errors(self.rows.iter().map(|r| &r.verdict))
    }

    /// The warnings of the rows, in row order.
    pub fn warnings(&self) -> Vec<RowError> {
        self.rows.iter().filter_map(|r| r.warning.clone()).collect()
    }
}

/// Read a hospital list and preview it against the registry. Writes nothing.
pub fn preview_file(
    store: &Store,
    path: &Path,
    progress: &Progress<'_>,
) -> Result<HospitalsPreview, ImportError> {
    let mut table = read_table(path)?;
    table.find_header_row(COLUMNS[0].1);
    preview_table(store, &table, progress)
}

/// Preview a table already read. Writes nothing.
pub fn preview_table(
    store: &Store,
    table: &Table,
    progress: &Progress<'_>,
) -> Result<HospitalsPreview, ImportError> {
    let cols = Columns::find(table, COLUMNS)?;
    let existing: HashMap<String, Hospital> = store
        .hospitals()?
        .into_iter()
        .map(|h| (h.code.clone(), h))
        .collect();
    let total = table.rows.len();
    let mut first_rows: HashMap<String, usize> = HashMap::new();
    let mut preview = HospitalsPreview {
        gbk: table.gbk,
        ..Default::default()
    };
    for (i, row) in table.rows.iter().enumerate() {
        progress.step(i, total)?;
        let code_text = cols.get(row, h::CODE).text();
        let known = existing.get(&code_text.trim().to_uppercase());
        // A column the file does not have keeps what a known hospital has stored.
        let text = |name: &str, stored: fn(&HospitalDraft) -> String| -> String {
            match (cols.has(name), known) {
                (false, Some(k)) => stored(&HospitalDraft::of(k)),
                _ => cols.get(row, name).text(),
            }
        };
        let draft = HospitalDraft {
            code: code_text.clone(),
            name: cols.get(row, h::NAME).text(),
            level: cols.get(row, h::LEVEL).text(),
            in_county: text(h::IN_COUNTY, |d| d.in_county.clone()),
            credit_code: text(h::CREDIT_CODE, |d| d.credit_code.clone()),
            bank_name: text(h::BANK_NAME, |d| d.bank_name.clone()),
            bank_account: text(h::BANK_ACCOUNT, |d| d.bank_account.clone()),
        };
        let err = |column: &str, value: &str, message: String| {
            RowError::new(row.excel_row, column, value, message)
        };
        let mut errors = Vec::new();
        let checked = draft.validate().map_err(|es| {
            es.into_iter()
                .map(|e| err(e.field, &e.value, e.message))
                .collect::<Vec<_>>()
        });
        let code = checked
            .as_ref()
            .map_or_else(|_| code_text.trim().to_uppercase(), |h| h.code.clone());
        if !code.is_empty() {
            match first_rows.get(&code) {
                Some(first) => errors.push(err(
                    h::CODE,
                    &code_text,
                    format!("与第 {first} 行的机构代码重复"),
                )),
                None => {
                    first_rows.insert(code.clone(), row.excel_row);
                }
            }
        }
        let warning = credit_code_warning(&draft.credit_code)
            .map(|w| err(h::CREDIT_CODE, &draft.credit_code, w));
        let verdict = match checked {
            Err(mut es) => {
                es.extend(errors);
                Verdict::Error(es)
            }
            Ok(_) if !errors.is_empty() => Verdict::Error(errors),
            Ok(new) => match known {
                None => {
                    preview.changes.push(HospitalChange::Insert(new));
                    Verdict::New
                }
                Some(old) => {
                    let new = Hospital {
                        id: old.id,
                        active: old.active,
                        ..new
                    };
                    let changes = new.changes_from(old);
                    if changes.is_empty() {
                        Verdict::Unchanged
                    } else {
                        preview.changes.push(HospitalChange::Update {
                            old: old.clone(),
                            new,
                        });
                        Verdict::Update(changes)
                    }
                }
            },
        };
        preview.rows.push(HospitalPreviewRow {
            excel_row: row.excel_row,
            name: draft.name,
            code,
            verdict,
            warning,
        });
    }
    (progress.report)(total, total);
    Ok(preview)
}

/// Write the preview's valid rows in one transaction; error rows are skipped.
pub fn commit(
    store: &mut Store,
    preview: &HospitalsPreview,
    actor: &crate::store::Actor,
    progress: &Progress<'_>,
) -> Result<Counts, ImportError> {
    store.apply_hospital_changes(
        &preview.changes,
        actor,
        &progress.counting(preview.changes.len()),
        progress.cancel,
    )?;
    Ok(preview.counts())
}
