//! 救助身份 import: the monthly list from 民政 / 乡村振兴 (身份证号, 姓名, 救助身份,
//! 认定日期, 终止日期), with the same dry-run preview, verdicts, counts, JSON and
//! exit codes as the other imports, then one transaction (which recomputes the
//! claims of every person it changed). The window's dialog and
//! `medfund import identities` both use this.
//!
//! Each row is merged into the person's rows of its identity, in file order
//! ([`merge`]): a row no row of the identity overlaps is 新增; a row a row already
//! says (the same period, or inside a closed one) is 无变化; a row that overlaps
//! one is 更新 (their union; the list's 终止日期 ends an open row). A row is an
//! error when the person is not on the roster, the name differs, the identity is
//! not one of the year's categories, a date is not a date, the 终止日期 is before
//! the 认定日期, it overlaps more than one row of the identity, or the person's rows
//! once the whole file is merged would leave a claim already entered with no valid
//! identity on its date (then none of that person's rows is written).

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::roster_import::{
    Columns, Counts, ID_HEADERS, ImportError, NAME_HEADERS, Progress, RowError, Verdict,
    named_person, row_errors, tally,
};
use super::table::{TableRow, read_table};
use crate::domain::beneficiary::{self as b, FieldChange, normalize_name};
use crate::domain::dates::{iso, parse_date};
use crate::domain::identity::{END, IDENTITY, IdentitySpan, Merge, START, check_dates, merge};
use crate::domain::program::{Program, ProgramYear};
use crate::store::claims::ClaimPerson;
use crate::store::identities::IdentityChange;
use crate::store::{Actor, Store, StoreError};

/// The columns a list may have, with the headers each accepts.
pub const COLUMNS: &[(&str, &[&str], bool)] = &[
    (b::ID_NUMBER, ID_HEADERS, true),
    (b::NAME, NAME_HEADERS, false),
    (
        IDENTITY,
        &["救助身份", "身份", "救助类别", "人员类别", "对象类别"],
        true,
    ),
    (
        START,
        &["认定日期", "认定时间", "纳入日期", "开始日期"],
        true,
    ),
    (
        END,
        &["终止日期", "终止时间", "退出日期", "结束日期", "取消日期"],
        false,
    ),
];

/// One previewed row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityPreviewRow {
    pub excel_row: usize,
    pub name: String,
    pub id_number: String,
    /// The identity and period the row gives, once read.
    pub span: Option<IdentitySpan>,
    /// 新增, 更新 (认定日期 / 终止日期 old → new), 无变化 or 错误.
    pub verdict: Verdict,
}

/// The dry run of a list.
#[derive(Clone, Debug, Default)]
pub struct IdentitiesPreview {
    pub program_id: i64,
    pub rows: Vec<IdentityPreviewRow>,
    /// The writes a commit makes, one per new or changed identity row.
    pub changes: Vec<IdentityChange>,
    /// The file was read as GBK (not UTF-8): the preview says so.
    pub gbk: bool,
}

impl IdentitiesPreview {
    pub fn counts(&self) -> Counts {
        tally(self.rows.iter().map(|r| &r.verdict))
    }

    pub fn errors(&self) -> Vec<RowError> {
        row_errors(self.rows.iter().map(|r| &r.verdict))
    }
}

/// One of a person's rows as the preview goes: the stored row it started as.
#[derive(Clone, Debug)]
struct Working {
    stored: Option<(i64, IdentitySpan)>,
    span: IdentitySpan,
}

/// What every row is checked against, and the rows as the file changes them.
struct Context {
    people: HashMap<String, ClaimPerson>,
    years: Vec<ProgramYear>,
    claim_dates: HashMap<i64, Vec<NaiveDate>>,
    rows: HashMap<i64, Vec<Working>>,
    /// Persons in the order the file first changes them.
    order: Vec<i64>,
    ordered: std::collections::HashSet<i64>,
}

impl Context {
    fn load(store: &Store, program: &Program) -> Result<Self, ImportError> {
        if !program.kind.has_identities() {
            return Err(StoreError::Invalid(format!(
                "「{}」不是城乡医疗救助项目，没有救助身份",
                program.name
            ))
            .into());
        }
        let rows = store
            .program_identities(program.id)?
            .into_iter()
            .map(|(person, rows)| {
                let working = rows
                    .into_iter()
                    .map(|r| Working {
                        stored: Some((r.id, r.span.clone())),
                        span: r.span,
                    })
                    .collect();
                (person, working)
            })
            .collect();
        Ok(Self {
            people: store.claim_people(program.id)?,
            years: store.program_years(program.id)?,
            claim_dates: store.claim_dates(program.id)?,
            rows,
            order: Vec::new(),
            ordered: Default::default(),
        })
    }

    /// The categories of the year of `day`, else of the program's latest year.
    fn categories(&self, day: NaiveDate) -> Option<(i32, Vec<String>)> {
        self.years
            .iter()
            .find(|y| y.year == day.year())
            .or_else(|| self.years.last())
            .map(|y| (y.year, y.params.category_names()))
    }

    /// The writes the rows add up to, person by person in file order.
    fn changes(&self) -> Vec<IdentityChange> {
        let mut out = Vec::new();
        for person in &self.order {
            for w in self.rows.get(person).into_iter().flatten() {
                match &w.stored {
                    None => out.push(IdentityChange::Insert {
                        beneficiary_id: *person,
                        span: w.span.clone(),
                    }),
                    Some((id, old)) if *old != w.span => out.push(IdentityChange::Update {
                        id: *id,
                        beneficiary_id: *person,
                        old: old.clone(),
                        new: w.span.clone(),
                    }),
                    Some(_) => {}
                }
            }
        }
        out
    }
}

/// Read and preview a list for a program. Writes nothing.
pub fn preview_file(
    store: &Store,
    program: &Program,
    path: &Path,
    progress: &Progress<'_>,
) -> Result<IdentitiesPreview, ImportError> {
    let mut table = read_table(path)?;
    table.find_header_row(ID_HEADERS);
    let cols = Columns::find(&table, COLUMNS)?;
    let mut ctx = Context::load(store, program)?;
    let total = table.rows.len();
    let mut preview = IdentitiesPreview {
        program_id: program.id,
        gbk: table.gbk,
        ..Default::default()
    };
    let mut persons = Vec::with_capacity(total);
    for (i, row) in table.rows.iter().enumerate() {
        progress.step(i, total)?;
        let (line, person) = check_row(&mut ctx, &cols, row);
        preview.rows.push(line);
        persons.push(person);
    }
    refuse_uncovered(&mut ctx, &mut preview.rows, &persons);
    preview.changes = ctx.changes();
    (progress.report)(total, total);
    Ok(preview)
}

/// A date cell: required or not; the error names the column.
fn date_cell(
    text: &str,
    column: &str,
    required: bool,
    error: &mut impl FnMut(&str, &str, String),
) -> Option<NaiveDate> {
    if text.is_empty() {
        if required {
            error(column, "", format!("请填写{column}"));
        }
        return None;
    }
    let date = parse_date(text);
    if date.is_none() {
        error(
            column,
            text,
            "不是有效日期（可写作 2025-03-01、2025/3/1 或 2025年3月1日）".into(),
        );
    }
    date
}

/// Check one row and merge it into the person's rows; the person it names.
fn check_row(
    ctx: &mut Context,
    cols: &Columns,
    row: &TableRow,
) -> (IdentityPreviewRow, Option<i64>) {
    let mut errors = Vec::new();
    let mut error = |column: &str, value: &str, message: String| {
        errors.push(RowError::new(row.excel_row, column, value, message));
    };
    let id_cell = cols.get(row, b::ID_NUMBER);
    let name = normalize_name(&cols.get(row, b::NAME).text());
    let identity = cols.get(row, IDENTITY).text().trim().to_owned();
    let start_text = cols.get(row, START).text();
    let end_text = cols.get(row, END).text();
    let (id, person) = named_person(&ctx.people, id_cell, &name, &mut error);
    let person = person.cloned();
    let start = date_cell(&start_text, START, true, &mut error);
    let end = date_cell(&end_text, END, false, &mut error);
    if let Some(start) = start {
        if let Err(message) = check_dates(start, end) {
            error(END, &end_text, message);
        }
        if identity.is_empty() {
            error(IDENTITY, "", "请填写救助身份".into());
        } else if let Some((year, names)) = ctx.categories(start)
            && !names.contains(&identity)
        {
            error(
                IDENTITY,
                &identity,
                format!("不是{year}年度的救助类别（{}）", names.join("、")),
            );
        }
    }
    let span = start.map(|start| IdentitySpan {
        identity: identity.clone(),
        start: Some(start),
        end,
    });
    let verdict = match (&person, &span) {
        (Some(p), Some(span)) if errors.is_empty() => merge_row(ctx, p, span, row),
        _ => Verdict::Error(errors),
    };
    let person_id = person.as_ref().map(|p| p.id);
    let line = IdentityPreviewRow {
        excel_row: row.excel_row,
        name: person.map_or(name, |p| p.name),
        id_number: id.map_or_else(|_| id_cell.text(), |id| id.as_str().to_owned()),
        span,
        verdict,
    };
    (line, person_id)
}

/// Merge a checked row into the person's working rows; refused when it
/// overlaps more than one row of its identity.
fn merge_row(
    ctx: &mut Context,
    person: &ClaimPerson,
    span: &IdentitySpan,
    row: &TableRow,
) -> Verdict {
    let rows = ctx.rows.entry(person.id).or_default();
    let spans: Vec<IdentitySpan> = rows.iter().map(|w| w.span.clone()).collect();
    let verdict = match merge(&spans, span) {
        Merge::Ambiguous(message) => {
            return Verdict::Error(vec![RowError::new(
                row.excel_row,
                START,
                &iso_or_empty(span.start),
                message,
            )]);
        }
        Merge::Unchanged => return Verdict::Unchanged,
        Merge::New => {
            rows.push(Working {
                stored: None,
                span: span.clone(),
            });
            Verdict::New
        }
        Merge::Change { index, to } => {
            let old = std::mem::replace(&mut rows[index].span, to.clone());
            let mut changes = Vec::new();
            if old.start != to.start {
                changes.push(FieldChange {
                    label: START,
                    old: old.start_label(),
                    new: to.start_label(),
                });
            }
            if old.end != to.end {
                changes.push(FieldChange {
                    label: END,
                    old: old.end_label(),
                    new: to.end_label(),
                });
            }
            Verdict::Update(changes)
        }
    };
    if ctx.ordered.insert(person.id) {
        ctx.order.push(person.id);
    }
    verdict
}

/// A person whose rows, once the whole file is merged, leave a claim already
/// entered with no valid identity keeps the rows they had: each of their rows
/// that would change something is refused, naming the first such claim.
fn refuse_uncovered(ctx: &mut Context, lines: &mut [IdentityPreviewRow], persons: &[Option<i64>]) {
    for person in ctx.order.clone() {
        let Some(rows) = ctx.rows.get_mut(&person) else {
            continue;
        };
        let uncovered = ctx
            .claim_dates
            .get(&person)
            .into_iter()
            .flatten()
            .filter(|d| !rows.iter().any(|w| w.span.valid_on(**d)))
            .min();
        let Some(day) = uncovered else {
            continue;
        };
        *rows = rows
            .iter()
            .filter_map(|w| {
                w.stored.as_ref().map(|(id, span)| Working {
                    stored: Some((*id, span.clone())),
                    span: span.clone(),
                })
            })
            .collect();
        for (line, _) in lines
            .iter_mut()
            .zip(persons)
            .filter(|(_, p)| **p == Some(person))
        {
            if matches!(line.verdict, Verdict::New | Verdict::Update(_)) {
                let end = line.span.as_ref().and_then(|s| s.end);
                line.verdict = Verdict::Error(vec![RowError::new(
                    line.excel_row,
                    END,
                    &iso_or_empty(end),
                    format!(
                        "「{}」{} 的报账将无有效救助身份，请先核对该笔报账",
                        line.name,
                        iso(*day)
                    ),
                )]);
            }
        }
    }
}

fn iso_or_empty(day: Option<NaiveDate>) -> String {
    day.map(iso).unwrap_or_default()
}

/// Write the preview's changes in one transaction; error rows are skipped.
pub fn commit(
    store: &mut Store,
    preview: &IdentitiesPreview,
    actor: &Actor,
    progress: &Progress<'_>,
) -> Result<Counts, ImportError> {
    let total = preview.changes.len();
    store.apply_identity_changes(
        preview.program_id,
        &preview.changes,
        actor,
        &progress.counting(total),
        progress.cancel,
    )?;
    Ok(preview.counts())
}
