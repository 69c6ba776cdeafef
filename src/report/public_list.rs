//! The 公示 list of 医疗救助 recipients (救助对象公示名单): the title, unit and
//! date, then one line per person and kind of assistance with the name and ID
//! number masked, a 小计 per kind when there are several, and the 合计.
//!
//! The lines are built as the store streams its rows and handed on at once;
//! a [`PublicLine`] can only be made from a store row through the masks, so no
//! whole ID number, address, phone, bank account or diagnosis reaches a writer.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::domain::Money;
use crate::domain::disclosure::{AidType, ListScope};
use crate::domain::mask::{mask_id_middle, mask_name};
use crate::domain::program::Program;
use crate::store::lists::PublicRecord;
use crate::store::{Store, StoreError};

use super::evaluation::chinese_date;

/// The columns of the list.
pub const COLUMNS: [&str; 6] = [
    "序号",
    "姓名",
    "身份证号",
    "救助类别",
    "救助类型",
    "救助金额",
];

/// Everything printed around the rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicListHead {
    /// On one line: 「赫山区城乡医疗救助2019年11月救助对象公示名单」.
    pub title: String,
    /// The same title broken where a 2号 line of an A4 page would: the program's
    /// name, then the period and 救助对象公示名单.
    pub title_lines: Vec<String>,
    /// 公示单位: the program's 实施单位.
    pub unit: String,
    /// 公示日期, as printed: 2019年12月5日.
    pub date: String,
    /// The notes under the table.
    pub notes: Vec<String>,
}

/// One person's assistance of one kind, masked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicLine {
    /// 序号, from 1 over the whole list.
    pub seq: usize,
    /// 张*静.
    pub name: String,
    /// 430903********1234.
    pub id_number: String,
    pub category: String,
    pub aid: AidType,
    pub amount: Money,
}

impl PublicLine {
    fn masked(seq: usize, r: &PublicRecord) -> Self {
        Self {
            seq,
            name: mask_name(&r.name),
            id_number: mask_id_middle(&r.id_number),
            category: r.category.clone(),
            aid: r.aid,
            amount: r.amount,
        }
    }
}

/// A line of the list as the writers receive it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListLine {
    Row(PublicLine),
    /// The sum of one kind, after its rows (only when the list has several kinds).
    Subtotal {
        aid: AidType,
        persons: usize,
        amount: Money,
    },
    /// The list's sum; `persons` counts each person once.
    Total {
        persons: usize,
        amount: Money,
    },
}

impl ListLine {
    /// The label of a sum line: 「资助参保小计（3 人）」, 「合　计（5 人）」.
    pub fn sum_label(&self) -> Option<String> {
        match self {
            ListLine::Row(_) => None,
            ListLine::Subtotal { aid, persons, .. } => {
                Some(format!("{}小计（{persons} 人）", aid.label()))
            }
            ListLine::Total { persons, .. } => Some(format!("合　计（{persons} 人）")),
        }
    }
}

/// What a written list came to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListTotals {
    /// Person-and-kind rows.
    pub rows: usize,
    /// Distinct persons.
    pub persons: usize,
    pub amount: Money,
}

/// 「赫山区城乡医疗救助2019年11月救助对象公示名单」: the title, and the name a
/// saved list is offered under.
pub fn title(program: &Program, scope: ListScope) -> String {
    format!("{}{}救助对象公示名单", program.name, scope.label())
}

/// The head of `program`'s list for `scope`, dated `today`; refused for a
/// program that is not 医疗救助.
pub fn head(
    program: &Program,
    scope: ListScope,
    today: NaiveDate,
) -> Result<PublicListHead, StoreError> {
    if !program.kind.has_public_list() {
        return Err(StoreError::Invalid(format!(
            "「{}」不是医疗救助项目，没有救助对象公示名单",
            program.name
        )));
    }
    let second = format!("{}救助对象公示名单", scope.label());
    Ok(PublicListHead {
        title: title(program, scope),
        title_lines: vec![program.name.clone(), second],
        unit: program.unit.clone(),
        date: chinese_date(today),
        notes: vec![
            "说明：1. 姓名、身份证号已按规定隐去部分信息。".to_owned(),
            format!(
                "2. 救助金额为审核后金额（含重新计算的调整），单位：元；{}",
                if scope.includes_premiums() {
                    "资助参保为本年度资助参保名单所列金额。"
                } else {
                    "按医院报账月份统计。"
                }
            ),
            format!("3. 如有异议，请在公示期内向{}反映。", program.unit),
        ],
    })
}

/// Stream the lines of `program`'s list for `scope` into `emit`, in order; the
/// 合计 comes last. Returns the totals.
pub fn stream<E: From<StoreError>>(
    store: &Store,
    program: &Program,
    scope: ListScope,
    mut emit: impl FnMut(ListLine) -> Result<(), E>,
) -> Result<ListTotals, E> {
    let mut totals = ListTotals::default();
    let mut people: HashSet<i64> = HashSet::new();
    // The kind being written, its rows and sum; whether a 小计 was written.
    let mut current: Option<(AidType, usize, Money)> = None;
    let mut subtotals = false;
    store.public_list_rows(program.id, scope, |r: PublicRecord| {
        match &mut current {
            Some((aid, persons, amount)) if *aid == r.aid => {
                *persons += 1;
                *amount = *amount + r.amount;
            }
            _ => {
                if let Some((aid, persons, amount)) = current.take() {
                    emit(ListLine::Subtotal {
                        aid,
                        persons,
                        amount,
                    })?;
                    subtotals = true;
                }
                current = Some((r.aid, 1, r.amount));
            }
        }
        totals.rows += 1;
        totals.amount = totals.amount + r.amount;
        people.insert(r.beneficiary_id);
        emit(ListLine::Row(PublicLine::masked(totals.rows, &r)))
    })?;
    if subtotals && let Some((aid, persons, amount)) = current {
        emit(ListLine::Subtotal {
            aid,
            persons,
            amount,
        })?;
    }
    totals.persons = people.len();
    emit(ListLine::Total {
        persons: totals.persons,
        amount: totals.amount,
    })?;
    Ok(totals)
}
