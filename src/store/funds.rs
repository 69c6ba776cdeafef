//! The fund ledger (资金台账): budgets, appropriations, payments and refunds of a
//! program-year, each an inserted row with the running cash balance after it. Rows
//! are never edited or deleted; [`Store::reverse_entry`] posts the correction.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::{Actor, Result, Store, StoreError, now_stamp};
use crate::domain::Money;
use crate::domain::dates::iso;
use crate::domain::declaration::FundSource;
use crate::domain::fund::{EntryKind, FundTotals, KindSums, check_amount};
use crate::domain::fund_sources::SourceSums;
use crate::domain::user::Action;

/// What a clerk records by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    pub kind: EntryKind,
    pub date: NaiveDate,
    /// 文号 or 凭证号.
    pub doc_no: String,
    /// The quarter an appropriation is for.
    pub quarter: Option<u32>,
    pub amount: Money,
    /// The person a cash payment goes to, by ID number.
    pub id_number: Option<String>,
    /// Who pays a refund back, or is paid.
    pub counterparty: String,
    pub note: String,
    /// Where a budget or an appropriation comes from (中央 … 其他), if stated.
    pub source: Option<FundSource>,
}

/// Links of an entry to the records it comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Links {
    pub hospital_id: Option<i64>,
    pub report_id: Option<i64>,
    pub beneficiary_id: Option<i64>,
    pub settlement_id: Option<i64>,
    pub reverses_id: Option<i64>,
}

/// A posted ledger row, with the names it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FundEntry {
    pub id: i64,
    pub program_year_id: i64,
    pub kind: EntryKind,
    pub date: NaiveDate,
    pub doc_no: String,
    pub quarter: Option<u32>,
    pub amount: Money,
    pub hospital_name: Option<String>,
    pub report_month: Option<String>,
    pub person_name: Option<String>,
    pub settlement_id: Option<i64>,
    pub counterparty: String,
    pub note: String,
    pub reverses_id: Option<i64>,
    /// The entry that reversed this one, if any.
    pub reversed_by: Option<i64>,
    pub balance: Money,
    pub created_by: String,
    /// Where a budget or an appropriation comes from, if stated.
    pub source: Option<FundSource>,
}

impl FundEntry {
    /// The kind as the ledger shows it, with the source where one is named:
    /// 「财政拨款·中央」.
    pub fn kind_label(&self) -> String {
        match self.source {
            Some(s) => format!("{}·{}", self.kind.label(), s.label()),
            None => self.kind.label().to_owned(),
        }
    }

    /// Who the money went to or came from, as the ledger shows it.
    pub fn party(&self) -> String {
        if let Some(h) = &self.hospital_name {
            return match &self.report_month {
                Some(m) => format!("{h}（{m}）"),
                None => h.clone(),
            };
        }
        if let Some(p) = &self.person_name {
            return p.clone();
        }
        self.counterparty.clone()
    }
}

const ENTRY_SELECT: &str =
    "SELECT e.id, e.program_year_id, e.kind, e.entry_date, e.doc_no, e.quarter,
        e.amount_fen, h.name, r.month, b.name, e.settlement_id, e.counterparty, e.note,
        e.reverses_id, (SELECT x.id FROM fund_entries x WHERE x.reverses_id = e.id),
        e.balance_fen, e.created_by, e.source
     FROM fund_entries e
     LEFT JOIN hospitals h ON h.id = e.hospital_id
     LEFT JOIN monthly_reports r ON r.id = e.report_id
     LEFT JOIN beneficiaries b ON b.id = e.beneficiary_id";

type RawEntry = (FundEntry, String, String, Option<String>);

fn read_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok((
        FundEntry {
            id: r.get(0)?,
            program_year_id: r.get(1)?,
            kind: EntryKind::BudgetInitial,
            date: NaiveDate::MIN,
            doc_no: r.get(4)?,
            quarter: r.get(5)?,
            amount: Money::from_fen(r.get(6)?),
            hospital_name: r.get(7)?,
            report_month: r.get(8)?,
            person_name: r.get(9)?,
            settlement_id: r.get(10)?,
            counterparty: r.get(11)?,
            note: r.get(12)?,
            reverses_id: r.get(13)?,
            reversed_by: r.get(14)?,
            balance: Money::from_fen(r.get(15)?),
            created_by: r.get(16)?,
            source: None,
        },
        r.get(2)?,
        r.get(3)?,
        r.get(17)?,
    ))
}

fn finish_entry((mut e, kind, date, source): RawEntry) -> Result<FundEntry> {
    e.source = source
        .map(|s| {
            FundSource::from_code(&s).ok_or_else(|| StoreError::Corrupt(format!("资金来源 {s}")))
        })
        .transpose()?;
    e.kind = EntryKind::from_code(&kind)
        .ok_or_else(|| StoreError::Corrupt(format!("资金台账类型 {kind}")))?;
    e.date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("资金台账日期 {date}")))?;
    Ok(e)
}

fn entry_tx(conn: &Connection, id: i64) -> Result<FundEntry> {
    let row = conn
        .query_row(&format!("{ENTRY_SELECT} WHERE e.id = ?1"), [id], read_entry)
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("资金台账第 {id} 笔")))?;
    finish_entry(row)
}

fn last_balance(conn: &Connection, program_year_id: i64) -> Result<Money> {
    let fen: Option<i64> = conn
        .prepare_cached(
            "SELECT balance_fen FROM fund_entries WHERE program_year_id = ?1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([program_year_id], |r| r.get(0))
        .optional()?;
    Ok(Money::from_fen(fen.unwrap_or(0)))
}

/// The fields every entry has, as written.
pub(crate) struct Posting<'a> {
    pub kind: EntryKind,
    pub date: NaiveDate,
    pub doc_no: &'a str,
    pub quarter: Option<u32>,
    pub amount: Money,
    pub counterparty: &'a str,
    pub note: &'a str,
    pub source: Option<FundSource>,
}

/// Insert one ledger row with its running balance, and log it. The caller has
/// checked the amount and the role.
pub(crate) fn insert_entry_tx(
    tx: &Connection,
    audit: &mut AuditWriter<'_>,
    program_year_id: i64,
    p: &Posting<'_>,
    links: Links,
) -> Result<i64> {
    let balance = last_balance(tx, program_year_id)? + p.kind.balance_effect(p.amount);
    tx.prepare_cached(
        "INSERT INTO fund_entries (program_year_id, kind, entry_date, doc_no, quarter, amount_fen,
             hospital_id, report_id, beneficiary_id, settlement_id, counterparty, note, reverses_id,
             balance_fen, created_at, created_by, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        program_year_id,
        p.kind.code(),
        iso(p.date),
        p.doc_no,
        p.quarter,
        p.amount.fen(),
        links.hospital_id,
        links.report_id,
        links.beneficiary_id,
        links.settlement_id,
        p.counterparty,
        p.note,
        links.reverses_id,
        balance.fen(),
        now_stamp(),
        audit.actor(),
        p.source.map(FundSource::code),
    ])?;
    let id = tx.last_insert_rowid();
    audit.log(
        "fund_entry",
        Some(id),
        if links.reverses_id.is_some() {
            "reverse"
        } else {
            "insert"
        },
        None,
        Some(
            json!({
                "program_year_id": program_year_id,
                "kind": p.kind.code(),
                "date": iso(p.date),
                "doc_no": p.doc_no,
                "quarter": p.quarter,
                "amount": p.amount.plain(),
                "hospital_id": links.hospital_id,
                "report_id": links.report_id,
                "beneficiary_id": links.beneficiary_id,
                "settlement_id": links.settlement_id,
                "counterparty": p.counterparty,
                "note": p.note,
                "reverses_id": links.reverses_id,
                "balance": balance.plain(),
                "source": p.source.map(FundSource::code),
            })
            .to_string(),
        ),
    )?;
    Ok(id)
}

/// [`Store::record_entry`] inside a transaction.
pub fn record_entry_tx(
    tx: &Connection,
    program_year_id: i64,
    e: &NewEntry,
    actor: &Actor,
) -> Result<i64> {
    actor.require(Action::RecordFunds)?;
    if !EntryKind::MANUAL.contains(&e.kind) {
        return Err(StoreError::Invalid(format!(
            "「{}」由系统生成，不能手工登记",
            e.kind.label()
        )));
    }
    check_amount(e.kind, e.amount).map_err(StoreError::Invalid)?;
    if let Some(q) = e.quarter
        && !(1..=4).contains(&q)
    {
        return Err(StoreError::Invalid(format!("季度「{q}」应为 1 到 4")));
    }
    let beneficiary_id = match (e.kind, e.id_number.as_deref().map(str::trim)) {
        (EntryKind::CashPayment, Some(idn)) if !idn.is_empty() => {
            let id: Option<i64> = tx
                .query_row(
                    "SELECT b.id FROM beneficiaries b JOIN program_years y ON y.program_id = b.program_id
                     WHERE y.id = ?1 AND b.id_number = ?2",
                    params![program_year_id, idn],
                    |r| r.get(0),
                )
                .optional()?;
            Some(id.ok_or_else(|| StoreError::Invalid(format!("身份证号 {idn} 不在本项目名册中")))?)
        }
        (EntryKind::CashPayment, _) => {
            return Err(StoreError::Invalid(
                "个人支付必须填写收款人的身份证号".into(),
            ));
        }
        _ => None,
    };
    if e.source.is_some()
        && !matches!(
            e.kind,
            EntryKind::BudgetInitial | EntryKind::BudgetAdjust | EntryKind::Appropriation
        )
    {
        return Err(StoreError::Invalid(format!(
            "「{}」不登记资金来源：只有预算和财政拨款登记中央、省级、市级、县级或其他资金",
            e.kind.label()
        )));
    }
    if e.kind == EntryKind::Refund && e.counterparty.trim().is_empty() {
        return Err(StoreError::Invalid("资金退回必须填写退款单位或个人".into()));
    }
    let mut audit = AuditWriter::new(tx, actor)?;
    insert_entry_tx(
        tx,
        &mut audit,
        program_year_id,
        &Posting {
            kind: e.kind,
            date: e.date,
            doc_no: e.doc_no.trim(),
            quarter: e.quarter,
            amount: e.amount,
            counterparty: e.counterparty.trim(),
            note: e.note.trim(),
            source: e.source,
        },
        Links {
            beneficiary_id,
            ..Links::default()
        },
    )
}

/// A reversing row just posted, with the entry it reverses and the month that
/// entry was linked to.
pub(crate) struct Reversal {
    pub id: i64,
    pub original: FundEntry,
    pub report_id: Option<i64>,
}

/// Insert the reversal of entry `id`: same kind, opposite amount, the same links.
/// What the entry posted from is un-posted by the posting module.
pub(crate) fn insert_reversal_tx(
    tx: &Connection,
    audit: &mut AuditWriter<'_>,
    id: i64,
    date: NaiveDate,
    reason: &str,
) -> Result<Reversal> {
    let original = entry_tx(tx, id)?;
    if original.reverses_id.is_some() {
        return Err(StoreError::Invalid(format!(
            "第 {id} 笔本身是冲销记录，不能再冲销"
        )));
    }
    if let Some(by) = original.reversed_by {
        return Err(StoreError::Invalid(format!("第 {id} 笔已被第 {by} 笔冲销")));
    }
    let links: (Option<i64>, Option<i64>, Option<i64>, Option<i64>) = tx.query_row(
        "SELECT hospital_id, report_id, beneficiary_id, settlement_id FROM fund_entries WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let new_id = insert_entry_tx(
        tx,
        audit,
        original.program_year_id,
        &Posting {
            kind: original.kind,
            date,
            doc_no: &original.doc_no,
            quarter: original.quarter,
            amount: -original.amount,
            counterparty: &original.counterparty,
            note: &format!("冲销第 {id} 笔：{reason}"),
            source: original.source,
        },
        Links {
            hospital_id: links.0,
            report_id: links.1,
            beneficiary_id: links.2,
            settlement_id: links.3,
            reverses_id: Some(id),
        },
    )?;
    Ok(Reversal {
        id: new_id,
        original,
        report_id: links.1,
    })
}

/// Sum a program-year's entries by kind.
pub(crate) fn kind_sums(conn: &Connection, program_year_id: i64) -> Result<KindSums> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, sum(amount_fen) FROM fund_entries WHERE program_year_id = ?1 GROUP BY kind",
    )?;
    let rows = stmt.query_map([program_year_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut sums = KindSums::default();
    for row in rows {
        let (kind, fen) = row?;
        let kind = EntryKind::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("资金台账类型 {kind}")))?;
        sums.add(kind, Money::from_fen(fen));
    }
    Ok(sums)
}

/// One bar of the payments chart: the month (1–12) a payment belongs to, and who got it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthlyFlow {
    pub month: u32,
    pub kind: EntryKind,
    /// The hospital's name for hospital payments; empty otherwise.
    pub hospital: String,
    pub amount: Money,
}

impl Store {
    /// Record a budget, an appropriation, a cash payment or a refund.
    pub fn record_entry(
        &mut self,
        program_year_id: i64,
        e: &NewEntry,
        actor: &Actor,
    ) -> Result<i64> {
        self.write(|tx| record_entry_tx(tx, program_year_id, e, actor))
    }

    /// A program-year's ledger in posting order.
    pub fn fund_entries(&self, program_year_id: i64) -> Result<Vec<FundEntry>> {
        let mut stmt = self.conn().prepare(&format!(
            "{ENTRY_SELECT} WHERE e.program_year_id = ?1 ORDER BY e.id"
        ))?;
        let rows = stmt.query_map([program_year_id], read_entry)?;
        rows.map(|r| finish_entry(r?)).collect()
    }

    /// One ledger entry.
    pub fn fund_entry(&self, id: i64) -> Result<FundEntry> {
        entry_tx(self.conn(), id)
    }

    /// A program-year's budget, receipts, payments and balance.
    pub fn fund_totals(&self, program_year_id: i64) -> Result<FundTotals> {
        Ok(FundTotals::from_sums(&kind_sums(
            self.conn(),
            program_year_id,
        )?))
    }

    /// A program-year's budgets and appropriations by the source they name.
    pub fn fund_source_sums(&self, program_year_id: i64) -> Result<SourceSums> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT source, kind, sum(amount_fen) FROM fund_entries
             WHERE program_year_id = ?1
               AND kind IN ('budget_initial', 'budget_adjust', 'appropriation')
             GROUP BY source, kind",
        )?;
        let rows = stmt
            .query_map([program_year_id], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut sums = SourceSums::default();
        for (source, kind, fen) in rows {
            let kind = EntryKind::from_code(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("资金台账类型 {kind}")))?;
            let source = source
                .map(|s| {
                    FundSource::from_code(&s)
                        .ok_or_else(|| StoreError::Corrupt(format!("资金来源 {s}")))
                })
                .transpose()?;
            sums.add(source, kind, Money::from_fen(fen));
        }
        Ok(sums)
    }

    /// Every cash movement of a program-year by the month it belongs to: a hospital
    /// payment by its report's month, anything else by its date (a date after the
    /// year counts as December, one before it as January).
    pub fn monthly_flows(&self, program_year_id: i64) -> Result<Vec<MonthlyFlow>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.kind, coalesce(r.month, substr(e.entry_date, 1, 7)), y.year,
                    coalesce(h.name, ''), sum(e.amount_fen)
             FROM fund_entries e
             JOIN program_years y ON y.id = e.program_year_id
             LEFT JOIN monthly_reports r ON r.id = e.report_id
             LEFT JOIN hospitals h ON h.id = e.hospital_id
             WHERE e.program_year_id = ?1
               AND e.kind NOT IN ('budget_initial', 'budget_adjust')
             GROUP BY 1, 2, 4 ORDER BY 2, 4",
        )?;
        let rows = stmt.query_map([program_year_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i32>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, ym, year, hospital, fen) = row?;
            let kind = EntryKind::from_code(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("资金台账类型 {kind}")))?;
            let entry_year: i32 = ym.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(year);
            let month: u32 = ym.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
            let month = match entry_year.cmp(&year) {
                std::cmp::Ordering::Less => 1,
                std::cmp::Ordering::Greater => 12,
                std::cmp::Ordering::Equal => month.clamp(1, 12),
            };
            out.push(MonthlyFlow {
                month,
                kind,
                hospital,
                amount: Money::from_fen(fen),
            });
        }
        Ok(out)
    }
}
