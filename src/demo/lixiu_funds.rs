//! The 离休 demo's money: the 2021 budget and appropriations and 2022's start.

use crate::domain::Money;
use crate::domain::declaration::FundSource;
use crate::domain::fund::EntryKind;
use crate::store::funds::{self, NewEntry};
use crate::store::programs;
use crate::store::{Actor, Result, StoreError, Transaction};

/// Seed 000's money: 年初预算 134 万元 and 追加 21 万元 (全年预算 155 万元), received as
/// four quarterly appropriations and the supplement. The 12 monthly transfers
/// (155 万元) are posted as each month is paid. 2022 has its budget and first quarter.
/// (year, kind, date, quarter, 元, 文号, 摘要).
pub(super) type DemoEntry = (
    i32,
    EntryKind,
    &'static str,
    Option<u32>,
    i64,
    &'static str,
    &'static str,
);

const FUNDS: [DemoEntry; 9] = [
    (
        2021,
        EntryKind::BudgetInitial,
        "2021-01-05",
        None,
        1_340_000,
        "丰财社〔2021〕3号",
        "2021年离休人员医药费县级补助年初预算",
    ),
    (
        2021,
        EntryKind::Appropriation,
        "2021-01-20",
        Some(1),
        335_000,
        "丰财社〔2021〕12号",
        "第一季度拨款",
    ),
    (
        2021,
        EntryKind::Appropriation,
        "2021-04-15",
        Some(2),
        335_000,
        "丰财社〔2021〕58号",
        "第二季度拨款",
    ),
    (
        2021,
        EntryKind::Appropriation,
        "2021-07-14",
        Some(3),
        335_000,
        "丰财社〔2021〕102号",
        "第三季度拨款",
    ),
    (
        2021,
        EntryKind::Appropriation,
        "2021-10-15",
        Some(4),
        335_000,
        "丰财社〔2021〕147号",
        "第四季度拨款",
    ),
    (
        2021,
        EntryKind::BudgetAdjust,
        "2021-11-22",
        None,
        210_000,
        "丰财社〔2021〕186号",
        "年底追加：超统筹标准部分",
    ),
    (
        2021,
        EntryKind::Appropriation,
        "2021-12-08",
        Some(4),
        210_000,
        "丰财社〔2021〕193号",
        "年底追加拨款",
    ),
    (
        2022,
        EntryKind::BudgetInitial,
        "2022-01-06",
        None,
        1_400_000,
        "丰财社〔2022〕2号",
        "2022年离休人员医药费县级补助年初预算",
    ),
    (
        2022,
        EntryKind::Appropriation,
        "2022-01-19",
        Some(1),
        350_000,
        "丰财社〔2022〕10号",
        "第一季度拨款",
    ),
];

pub(super) fn load_funds(tx: &Transaction<'_>, program_id: i64, actor: &Actor) -> Result<()> {
    for entry in &FUNDS {
        let year_id = programs::program_year_id(tx, program_id, entry.0)?;
        record_demo_entry(tx, year_id, entry, None, actor)?;
    }
    Ok(())
}

/// Record one budget or appropriation row of a demo ledger, from `source` where
/// it says.
pub(super) fn record_demo_entry(
    tx: &Transaction<'_>,
    year_id: i64,
    &(_, kind, date, quarter, yuan, doc_no, note): &DemoEntry,
    source: Option<FundSource>,
    actor: &Actor,
) -> Result<()> {
    funds::record_entry_tx(
        tx,
        year_id,
        &NewEntry {
            kind,
            date: demo_date(date)?,
            doc_no: doc_no.into(),
            quarter,
            amount: Money::from_yuan(yuan),
            id_number: None,
            counterparty: String::new(),
            note: note.into(),
            source,
        },
        actor,
    )?;
    Ok(())
}

/// A date written in the demo's tables.
pub(super) fn demo_date(text: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Invalid(format!("示例日期有误：{text}")))
}
