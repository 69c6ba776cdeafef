//! The 资助参保 list of a 医疗救助 program-year: the persons whose premiums the
//! program pays, searched and summed; its payment to the insurer is posted by the
//! posting module.

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::{Actor, Result, Store, StoreError, now_stamp};
use crate::domain::Money;
use crate::domain::user::Action;

/// One person on a year's 资助参保 list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PremiumRow {
    pub id: i64,
    pub beneficiary_id: i64,
    pub name: String,
    pub id_number: String,
    pub category: String,
    pub amount: Money,
    /// The ledger payment to the insurer that carries it, once paid.
    pub fund_entry_id: Option<i64>,
}

/// A person to put on the list: the amount defaults to the category's premium.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPremium {
    pub beneficiary_id: i64,
    pub category: String,
    pub amount: Money,
}

/// The list's sums.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PremiumTotals {
    pub persons: i64,
    pub amount: Money,
    pub paid_persons: i64,
    pub paid_amount: Money,
}

impl PremiumTotals {
    /// How many listed persons are not paid yet.
    pub fn unpaid_persons(&self) -> i64 {
        self.persons - self.paid_persons
    }

    /// What the next 缴费 will pay.
    pub fn unpaid_amount(&self) -> Money {
        self.amount - self.paid_amount
    }
}

const PREMIUM_COLS: &str =
    "p.id, p.beneficiary_id, b.name, b.id_number, p.category, p.amount_fen, p.fund_entry_id";

/// A list search: `?2` is a LIKE pattern on the name or ID number ('%' for all).
const PREMIUM_MATCH: &str = "(b.name LIKE ?2 ESCAPE '\\' OR b.id_number LIKE ?2 ESCAPE '\\')";

fn premium_pattern(query: &str) -> String {
    if query.trim().is_empty() {
        "%".to_owned()
    } else {
        super::beneficiaries::like_pattern(query)
    }
}

fn read_premium(r: &rusqlite::Row<'_>) -> rusqlite::Result<PremiumRow> {
    Ok(PremiumRow {
        id: r.get(0)?,
        beneficiary_id: r.get(1)?,
        name: r.get(2)?,
        id_number: r.get(3)?,
        category: r.get(4)?,
        amount: Money::from_fen(r.get(5)?),
        fund_entry_id: r.get(6)?,
    })
}

/// Put persons on a year's list, in the caller's transaction; a person already on
/// it is refused by name.
pub fn add_premiums_tx(
    tx: &Connection,
    program_year_id: i64,
    rows: &[NewPremium],
    actor: &Actor,
    progress: &dyn Fn(usize),
    cancel: &AtomicBool,
) -> Result<()> {
    actor.require(Action::EnterClaims)?;
    let mut audit = AuditWriter::new(tx, actor)?;
    for (i, p) in rows.iter().enumerate() {
        if i % 500 == 0 {
            if cancel.load(Ordering::Relaxed) {
                return Err(StoreError::Cancelled);
            }
            progress(i);
        }
        if p.amount.is_negative() {
            return Err(StoreError::Invalid(format!(
                "资助金额 {} 不能为负数",
                p.amount.plain()
            )));
        }
        let existing: Option<String> = tx
            .prepare_cached(
                "SELECT b.name FROM premium_subsidies p JOIN beneficiaries b ON b.id = p.beneficiary_id
                 WHERE p.program_year_id = ?1 AND p.beneficiary_id = ?2",
            )?
            .query_row(params![program_year_id, p.beneficiary_id], |r| r.get(0))
            .optional()?;
        if let Some(name) = existing {
            return Err(StoreError::Invalid(format!(
                "「{name}」已在本年度资助参保名单中"
            )));
        }
        tx.prepare_cached(
            "INSERT INTO premium_subsidies (program_year_id, beneficiary_id, category, amount_fen, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            program_year_id,
            p.beneficiary_id,
            p.category,
            p.amount.fen(),
            now_stamp()
        ])?;
        audit.log(
            "premium_subsidy",
            Some(tx.last_insert_rowid()),
            "insert",
            None,
            Some(
                json!({"program_year_id": program_year_id, "beneficiary_id": p.beneficiary_id,
                        "category": p.category, "amount": p.amount.plain()})
                .to_string(),
            ),
        )?;
    }
    // A cancel that arrives after the last row still rolls everything back.
    if cancel.load(Ordering::Relaxed) {
        return Err(StoreError::Cancelled);
    }
    progress(rows.len());
    Ok(())
}

impl Store {
    /// Put persons on a year's 资助参保 list in one transaction.
    pub fn add_premiums(
        &mut self,
        program_id: i64,
        year: i32,
        rows: &[NewPremium],
        actor: &Actor,
        progress: &dyn Fn(usize),
        cancel: &AtomicBool,
    ) -> Result<()> {
        self.write(|tx| {
            let year_id = super::programs::program_year_id(tx, program_id, year)?;
            add_premiums_tx(tx, year_id, rows, actor, progress, cancel)
        })
    }

    /// Take an unpaid person off a year's list (a paid one stays: reverse the payment
    /// first).
    pub fn remove_premium(&mut self, premium_id: i64, actor: &Actor) -> Result<()> {
        actor.require(Action::EnterClaims)?;
        self.write(|tx| {
            let row = tx
                .query_row(
                    &format!("SELECT {PREMIUM_COLS} FROM premium_subsidies p JOIN beneficiaries b ON b.id = p.beneficiary_id WHERE p.id = ?1"),
                    [premium_id],
                    read_premium,
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(format!("资助参保记录（编号 {premium_id}）")))?;
            if row.fund_entry_id.is_some() {
                return Err(StoreError::Invalid(format!(
                    "「{}」的参保费已缴，不能移出名单；请先冲销该笔缴费",
                    row.name
                )));
            }
            tx.execute("DELETE FROM premium_subsidies WHERE id = ?1", [premium_id])?;
            AuditWriter::new(tx, actor)?.log(
                "premium_subsidy",
                Some(premium_id),
                "delete",
                Some(json!({"beneficiary_id": row.beneficiary_id, "category": row.category, "amount": row.amount.plain()}).to_string()),
                None,
            )
        })
    }

    /// A page of the persons of a year's list whose name or ID number contains
    /// `query` (all when it is blank), by name.
    pub fn search_premiums(
        &self,
        program_id: i64,
        year: i32,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<PremiumRow>> {
        let year_id = super::programs::program_year_id(self.conn(), program_id, year)?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {PREMIUM_COLS} FROM premium_subsidies p JOIN beneficiaries b ON b.id = p.beneficiary_id
             WHERE p.program_year_id = ?1 AND {PREMIUM_MATCH}
             ORDER BY b.name_key, b.id LIMIT ?3 OFFSET ?4"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = stmt.query_map(
            params![year_id, premium_pattern(query), limit, offset],
            read_premium,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many persons of a year's list match `query` (see [`Store::search_premiums`]).
    pub fn premium_count(&self, program_id: i64, year: i32, query: &str) -> Result<usize> {
        let year_id = super::programs::program_year_id(self.conn(), program_id, year)?;
        let n: i64 = self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM premium_subsidies p JOIN beneficiaries b ON b.id = p.beneficiary_id
                 WHERE p.program_year_id = ?1 AND {PREMIUM_MATCH}"
            ))?
            .query_row(params![year_id, premium_pattern(query)], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// A year's whole list keyed by person, for the import preview.
    pub fn listed_premiums(
        &self,
        program_id: i64,
        year: i32,
    ) -> Result<std::collections::HashMap<i64, PremiumRow>> {
        let year_id = super::programs::program_year_id(self.conn(), program_id, year)?;
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {PREMIUM_COLS} FROM premium_subsidies p JOIN beneficiaries b ON b.id = p.beneficiary_id
             WHERE p.program_year_id = ?1"
        ))?;
        let rows = stmt.query_map([year_id], read_premium)?;
        rows.map(|r| r.map(|p| (p.beneficiary_id, p)).map_err(StoreError::from))
            .collect()
    }

    /// A year's list sums.
    pub fn premium_totals(&self, program_id: i64, year: i32) -> Result<PremiumTotals> {
        let Ok(year_id) = super::programs::program_year_id(self.conn(), program_id, year) else {
            return Ok(PremiumTotals::default());
        };
        Ok(self.conn().query_row(
            "SELECT count(*), coalesce(sum(amount_fen), 0),
                    coalesce(sum(fund_entry_id IS NOT NULL), 0),
                    coalesce(sum(CASE WHEN fund_entry_id IS NOT NULL THEN amount_fen END), 0)
             FROM premium_subsidies WHERE program_year_id = ?1",
            [year_id],
            |r| {
                Ok(PremiumTotals {
                    persons: r.get(0)?,
                    amount: Money::from_fen(r.get(1)?),
                    paid_persons: r.get(2)?,
                    paid_amount: Money::from_fen(r.get(3)?),
                })
            },
        )?)
    }
}
