//! 资助参保: putting persons on a year's list, from a file (身份证号, with optional
//! 姓名, 救助类别 and 资助金额) or from the roster itself (从名册生成). Either way the
//! same dry-run preview, verdicts, counts, JSON and exit codes as the roster and
//! claims imports, then one transaction for the new rows.
//!
//! A person belongs on a year's list when they are 在册 on some day of the year
//! (see [`active_in_year`]): premiums are paid for a whole year, so a person who
//! died or moved out during it was insured for it, and one who returned during it
//! is insured from then.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

use super::roster_import::{
    Columns, Counts, ID_HEADERS, ImportError, NAME_HEADERS, Progress, RowError, Verdict,
    named_person, row_errors, tally,
};
use super::table::{TableRow, read_table};
use crate::domain::Money;
use crate::domain::beneficiary::{self as b, active_in_year, normalize_name};
use crate::domain::program::{Program, YearParams};
use crate::store::assistance::{NewPremium, PremiumRow};
use crate::store::claims::ClaimPerson;
use crate::store::{Store, StoreError};

/// The 救助类别 column.
pub const CATEGORY: &str = "救助类别";
/// The 资助金额 column.
pub const AMOUNT: &str = "资助金额";

/// The columns a 资助参保 file may have, with the headers each accepts.
pub const COLUMNS: &[(&str, &[&str], bool)] = &[
    (b::ID_NUMBER, ID_HEADERS, true),
    (b::NAME, NAME_HEADERS, false),
    (CATEGORY, &["救助类别", "类别", "人员类别"], false),
    (
        AMOUNT,
        &["资助金额", "资助参保金额", "资助标准", "金额"],
        false,
    ),
];

/// One previewed row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PremiumPreviewRow {
    /// The row in the file; for 从名册生成, the row's number in the preview.
    pub excel_row: usize,
    pub name: String,
    pub id_number: String,
    /// The category and amount the row puts on the list (or finds there).
    pub listed: Option<(String, Money)>,
    /// What the clerk should notice about a valid row (an amount other than the
    /// year's standard).
    pub note: String,
    /// 新增, 无变化 or 错误.
    pub verdict: Verdict,
}

/// The dry run of a 资助参保 file or of 从名册生成.
#[derive(Clone, Debug)]
pub struct PremiumsPreview {
    pub key: ListKey,
    /// 从名册生成: who was left out, and why.
    pub left_out: String,
    pub rows: Vec<PremiumPreviewRow>,
    pub new_premiums: Vec<NewPremium>,
    /// The file was read as GBK (not UTF-8): the preview says so.
    pub gbk: bool,
}

impl PremiumsPreview {
    fn new(program_id: i64, year: i32) -> Self {
        Self {
            key: ListKey { program_id, year },
            rows: Vec::new(),
            new_premiums: Vec::new(),
            left_out: String::new(),
            gbk: false,
        }
    }

    pub fn counts(&self) -> Counts {
        tally(self.rows.iter().map(|r| &r.verdict))
    }

    pub fn errors(&self) -> Vec<RowError> {
        row_errors(self.rows.iter().map(|r| &r.verdict))
    }

    /// What a commit would add to the list.
    pub fn new_amount(&self) -> Money {
        self.new_premiums.iter().map(|p| p.amount).sum()
    }

    /// One line on what a commit would do.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "将列入{}年度资助参保名单 {} 人，资助金额合计 {} 元",
            self.key.year,
            self.new_premiums.len(),
            self.new_amount().grouped()
        );
        if !self.left_out.is_empty() {
            text.push('；');
            text.push_str(&self.left_out);
        }
        text
    }
}

/// Which list: a program's year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListKey {
    pub program_id: i64,
    pub year: i32,
}

/// What every row is checked against.
struct YearContext {
    year: i32,
    params: YearParams,
    listed: HashMap<i64, PremiumRow>,
    people: HashMap<String, ClaimPerson>,
}

impl YearContext {
    fn load(store: &Store, program: &Program, year: i32) -> Result<Self, ImportError> {
        if !program.kind.has_premiums() {
            return Err(StoreError::Invalid(format!(
                "「{}」不是城乡医疗救助项目，没有资助参保名单",
                program.name
            ))
            .into());
        }
        Ok(Self {
            year,
            params: store.program_year(program.id, year)?.params,
            listed: store.listed_premiums(program.id, year)?,
            people: store.claim_people(program.id)?,
        })
    }
}

/// Read and preview a 资助参保 file for a program's year. Writes nothing.
pub fn preview_file(
    store: &Store,
    program: &Program,
    year: i32,
    path: &Path,
    progress: &Progress<'_>,
) -> Result<PremiumsPreview, ImportError> {
    let mut table = read_table(path)?;
    table.find_header_row(ID_HEADERS);
    let cols = Columns::find(&table, COLUMNS)?;
    let ctx = YearContext::load(store, program, year)?;
    let total = table.rows.len();
    let mut first_rows: HashMap<i64, usize> = HashMap::new();
    let mut preview = PremiumsPreview::new(program.id, year);
    preview.gbk = table.gbk;
    for (i, row) in table.rows.iter().enumerate() {
        progress.step(i, total)?;
        let (line, new) = check_row(&ctx, &cols, row, &mut first_rows);
        preview.rows.push(line);
        preview.new_premiums.extend(new);
    }
    (progress.report)(total, total);
    Ok(preview)
}

/// Check one row of a file: who, which category, how much, and whether the person
/// is already listed.
fn check_row(
    ctx: &YearContext,
    cols: &Columns,
    row: &TableRow,
    first_rows: &mut HashMap<i64, usize>,
) -> (PremiumPreviewRow, Option<NewPremium>) {
    let year = ctx.year;
    let mut errors = Vec::new();
    let mut error = |column: &str, value: &str, message: String| {
        errors.push(RowError::new(row.excel_row, column, value, message));
    };
    let id_cell = cols.get(row, b::ID_NUMBER);
    let name = normalize_name(&cols.get(row, b::NAME).text());
    let category_text = cols.get(row, CATEGORY).text();
    let amount_text = cols.get(row, AMOUNT).text();
    let (id, person) = named_person(&ctx.people, id_cell, &name, &mut error);
    if let Some(p) = person {
        if !active_in_year(&p.events, year) {
            error(
                b::ID_NUMBER,
                &id_cell.text(),
                format!("「{}」{year}年内不在册（已死亡或迁出）", p.name),
            );
        }
        match first_rows.entry(p.id) {
            Entry::Occupied(first) => error(
                b::ID_NUMBER,
                &id_cell.text(),
                format!("与第 {} 行的身份证号重复", first.get()),
            ),
            Entry::Vacant(slot) => {
                slot.insert(row.excel_row);
            }
        }
    }
    // 救助类别: as written, else the roster's; one of the year's categories.
    let category = match (category_text.is_empty(), person) {
        (false, _) => Some(category_text.clone()),
        (true, Some(p)) => Some(p.category.clone()),
        (true, None) => None,
    };
    let standard = category.as_ref().and_then(|c| {
        let found = ctx.params.premium_for(c);
        if found.is_none() {
            let choices = ctx.params.category_names().join("、");
            let message = if category_text.is_empty() {
                format!("未填写，名册中的类别「{c}」不是{year}年度的救助类别（{choices}）")
            } else {
                format!("不是{year}年度的救助类别（{choices}）")
            };
            error(CATEGORY, &category_text, message);
        }
        found
    });
    // 资助金额: as written, else the category's standard; more than zero.
    let mut note = String::new();
    let amount = if amount_text.is_empty() {
        match (&category, standard) {
            (Some(c), Some(s)) if s.is_zero() => {
                error(
                    AMOUNT,
                    "",
                    format!("「{c}」{year}年度的资助金额为 0，请填写资助金额"),
                );
                None
            }
            _ => standard,
        }
    } else {
        match Money::parse_non_negative(&amount_text) {
            Ok(m) if m.is_zero() => {
                error(AMOUNT, &amount_text, "资助金额必须大于 0".into());
                None
            }
            Ok(m) => {
                if let (Some(c), Some(s)) = (&category, standard)
                    && s != m
                {
                    note = format!(
                        "资助金额 {} 与「{c}」{year}年度标准 {} 不同",
                        m.grouped(),
                        s.grouped()
                    );
                }
                Some(m)
            }
            Err(e) => {
                error(AMOUNT, &amount_text, e.to_string());
                None
            }
        }
    };
    let listed = category.clone().zip(amount);
    let mut new = None;
    let verdict = match (person, listed.clone()) {
        (Some(p), Some((category, amount))) if errors.is_empty() => match ctx.listed.get(&p.id) {
            Some(old) if old.amount == amount => Verdict::Unchanged,
            Some(old) => {
                let paid = if old.fund_entry_id.is_some() {
                    "，已缴费"
                } else {
                    ""
                };
                Verdict::Error(vec![RowError::new(
                    row.excel_row,
                    AMOUNT,
                    &amount_text,
                    format!(
                        "「{}」已在{year}年度名单中（{}，{} 元{paid}）；如需更改金额，请先移出名单",
                        p.name,
                        old.category,
                        old.amount.grouped()
                    ),
                )])
            }
            None => {
                new = Some(NewPremium {
                    beneficiary_id: p.id,
                    category,
                    amount,
                });
                Verdict::New
            }
        },
        _ => Verdict::Error(errors),
    };
    let line = PremiumPreviewRow {
        excel_row: row.excel_row,
        name: person.map_or(name, |p| p.name.clone()),
        id_number: id.map_or_else(|_| id_cell.text(), |id| id.as_str().to_owned()),
        listed,
        note,
        verdict,
    };
    (line, new)
}

/// 从名册生成: every person 在册 on some day of the year whose category has a
/// premium above zero in the year's parameters and who is not listed yet, in the
/// order they were added to the roster. Writes nothing.
pub fn preview_roster(
    store: &Store,
    program: &Program,
    year: i32,
    progress: &Progress<'_>,
) -> Result<PremiumsPreview, ImportError> {
    let ctx = YearContext::load(store, program, year)?;
    let mut people: Vec<(&String, &ClaimPerson)> = ctx.people.iter().collect();
    people.sort_by_key(|(_, p)| p.id);
    let total = people.len();
    let (mut listed, mut no_premium, mut inactive) = (0, 0, 0);
    let mut preview = PremiumsPreview::new(program.id, year);
    for (i, (id_number, p)) in people.into_iter().enumerate() {
        progress.step(i, total)?;
        let premium = ctx.params.premium_for(&p.category).unwrap_or_default();
        if ctx.listed.contains_key(&p.id) {
            listed += 1;
        } else if premium.is_zero() {
            no_premium += 1;
        } else if !active_in_year(&p.events, year) {
            inactive += 1;
        } else {
            preview.rows.push(PremiumPreviewRow {
                excel_row: preview.rows.len() + 1,
                name: p.name.clone(),
                id_number: id_number.clone(),
                listed: Some((p.category.clone(), premium)),
                note: String::new(),
                verdict: Verdict::New,
            });
            preview.new_premiums.push(NewPremium {
                beneficiary_id: p.id,
                category: p.category.clone(),
                amount: premium,
            });
        }
    }
    preview.left_out = format!(
        "未列入：已在名单中 {listed} 人，类别本年度无资助金额 {no_premium} 人，{year}年内不在册 {inactive} 人"
    );
    (progress.report)(total, total);
    Ok(preview)
}
