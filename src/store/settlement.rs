//! 年终清算 in the store: what each person's quota and use were, what of the year is
//! not final yet, and posting the top-ups as cash payments in one transaction
//! (undone only by reversal). Posting is refused while claims of the year wait for
//! audit or on a date inside the year, and over unapproved hospital-months only
//! when the poster confirms.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::claims::ReportStatus;
use super::funds::{Links, Posting, insert_entry_tx, reverse_entry_tx};
use super::programs::program_year_id;
use super::{Actor, Result, Store, StoreError, now_stamp};
use crate::domain::Money;
use crate::domain::claim::Month;
use crate::domain::fund::EntryKind;
use crate::domain::settlement::{
    NotFinal, PersonYear, Settlement, UnapprovedMonth, posting_date_refusal, settle,
};
use crate::domain::user::Action;

/// A posted settlement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostedSettlement {
    pub id: i64,
    pub posted_at: String,
    pub posted_by: String,
    pub total: Money,
}

fn persons_tx(
    conn: &Connection,
    program_id: i64,
    year: i32,
    year_id: i64,
) -> Result<Vec<PersonYear>> {
    let quotas: HashMap<String, Money> = conn
        .prepare("SELECT category, quota_fen FROM category_params WHERE program_year_id = ?1")?
        .query_map([year_id], |r| {
            Ok((r.get::<_, String>(0)?, Money::from_fen(r.get(1)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let used: HashMap<i64, Money> = conn
        .prepare(
            "SELECT c.beneficiary_id, sum(c.approved_fen) FROM claim_payable c
             JOIN monthly_reports r ON r.id = c.report_id
             WHERE r.program_id = ?1 AND r.month >= ?2 AND r.month < ?3
             GROUP BY c.beneficiary_id",
        )?
        .query_map(
            params![
                program_id,
                format!("{year:04}-01"),
                format!("{:04}-01", year + 1)
            ],
            |r| Ok((r.get::<_, i64>(0)?, Money::from_fen(r.get(1)?))),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut events = super::beneficiaries::program_status_events(conn, program_id)?;
    let mut stmt = conn.prepare(
        "SELECT id, id_number, name, category FROM beneficiaries
         WHERE program_id = ?1 ORDER BY name_key, name, id",
    )?;
    let rows = stmt.query_map([program_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, id_number, name, category) = row?;
        out.push(PersonYear {
            beneficiary_id: id,
            quota: quotas.get(&category).copied().unwrap_or(Money::ZERO),
            events: events.remove(&id).unwrap_or_default(),
            used: used.get(&id).copied().unwrap_or(Money::ZERO),
            id_number,
            name,
            category,
        });
    }
    Ok(out)
}

/// The year's claims still 待审 and its hospital-months not approved or paid.
fn not_final_tx(conn: &Connection, program_id: i64, year: i32) -> Result<NotFinal> {
    let (from, to) = (format!("{year:04}-01"), format!("{:04}-01", year + 1));
    let (pending_claims, pending_fen): (u32, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(c.payable_fen), 0) FROM claims c
         JOIN monthly_reports r ON r.id = c.report_id
         WHERE r.program_id = ?1 AND r.month >= ?2 AND r.month < ?3
           AND c.audit_status = 'pending'",
        params![program_id, from, to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut stmt = conn.prepare(
        "SELECT r.month, h.code, h.name, r.status FROM monthly_reports r
         JOIN hospitals h ON h.id = r.hospital_id
         WHERE r.program_id = ?1 AND r.month >= ?2 AND r.month < ?3
           AND r.status IN ('pending', 'returned')
         ORDER BY r.month, h.code",
    )?;
    let rows = stmt.query_map(params![program_id, from, to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut unapproved_months = Vec::new();
    for row in rows {
        let (month, hospital_code, hospital, status) = row?;
        let status = ReportStatus::from_code(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("月报表状态 {status}")))?;
        unapproved_months.push(UnapprovedMonth {
            month: Month::parse(&month)
                .ok_or_else(|| StoreError::Corrupt(format!("月报表月份 {month}")))?,
            hospital_code,
            hospital,
            status: status.label().to_owned(),
        });
    }
    Ok(NotFinal {
        pending_claims,
        pending_amount: Money::from_fen(pending_fen),
        unapproved_months,
    })
}

fn settlement_tx(conn: &Connection, program_id: i64, year: i32) -> Result<Settlement> {
    if !super::programs::program_kind(conn, program_id)?.has_settlement() {
        return Err(StoreError::Invalid(
            "年终清算只适用于离休人员医药费补助项目".into(),
        ));
    }
    let year_id = program_year_id(conn, program_id, year)?;
    let params = super::programs::year_params(conn, year_id)?;
    Ok(Settlement {
        not_final: not_final_tx(conn, program_id, year)?,
        ..settle(
            year,
            &persons_tx(conn, program_id, year, year_id)?,
            params.pooling_standard,
        )
    })
}

fn posted_tx(conn: &Connection, program_year_id: i64) -> Result<Option<PostedSettlement>> {
    Ok(conn
        .query_row(
            "SELECT id, posted_at, posted_by, total_fen FROM settlements
             WHERE program_year_id = ?1 AND reversed_at IS NULL ORDER BY id DESC LIMIT 1",
            [program_year_id],
            |r| {
                Ok(PostedSettlement {
                    id: r.get(0)?,
                    posted_at: r.get(1)?,
                    posted_by: r.get(2)?,
                    total: Money::from_fen(r.get(3)?),
                })
            },
        )
        .optional()?)
}

impl Store {
    /// The year-end settlement of a 离休 program-year, as it stands now.
    pub fn settlement(&self, program_id: i64, year: i32) -> Result<Settlement> {
        settlement_tx(self.conn(), program_id, year)
    }

    /// The settlement posted for a program-year and not reversed, if any.
    pub fn posted_settlement(
        &self,
        program_id: i64,
        year: i32,
    ) -> Result<Option<PostedSettlement>> {
        posted_tx(self.conn(), program_year_id(self.conn(), program_id, year)?)
    }

    /// Post the settlement: one cash payment per person with a top-up, all in one
    /// transaction. Refused while an earlier posting stands, while claims of the
    /// year are 待审, on a date inside the year, and over hospital-months not yet
    /// approved unless `confirm_unapproved` (the poster saw the warning).
    pub fn post_settlement(
        &mut self,
        program_id: i64,
        year: i32,
        date: NaiveDate,
        confirm_unapproved: bool,
        actor: &Actor,
    ) -> Result<(PostedSettlement, Settlement)> {
        actor.require(Action::RecordFunds)?;
        if let Some(why) = posting_date_refusal(year, date) {
            return Err(StoreError::Invalid(why));
        }
        self.write(|tx| {
            let year_id = program_year_id(tx, program_id, year)?;
            if let Some(p) = posted_tx(tx, year_id)? {
                return Err(StoreError::Invalid(format!(
                    "{year}年度的年终清算已于 {} 过账，如需重做请先冲销",
                    p.posted_at
                )));
            }
            let s = settlement_tx(tx, program_id, year)?;
            if let Some(why) = s.not_final.pending_refusal(year) {
                return Err(StoreError::Invalid(why));
            }
            if let Some(warning) = s.not_final.unapproved_warning(year)
                && !confirm_unapproved
            {
                return Err(StoreError::NeedsConfirmation(format!(
                    "{warning}。确认后才能过账"
                )));
            }
            let posted_at = now_stamp();
            tx.execute(
                "INSERT INTO settlements (program_year_id, posted_at, posted_by, total_fen)
                 VALUES (?1, ?2, ?3, ?4)",
                params![year_id, posted_at, actor.username, s.total_top_up.fen()],
            )?;
            let settlement_id = tx.last_insert_rowid();
            let mut audit = AuditWriter::new(tx, actor)?;
            audit.log(
                "settlement",
                Some(settlement_id),
                "post",
                None,
                Some(
                    json!({"year": year, "persons": s.lines.len(), "total_top_up": s.total_top_up.plain(),
                           "pooling_excess": s.pooling_excess.plain(),
                           "unapproved_months": s.not_final.unapproved_months.len()})
                    .to_string(),
                ),
            )?;
            let note = format!("{year}年度年终清算：个人医疗定额节余以现金补足");
            for line in s.lines.iter().filter(|l| !l.top_up.is_zero()) {
                insert_entry_tx(
                    tx,
                    &mut audit,
                    year_id,
                    &Posting {
                        kind: EntryKind::CashPayment,
                        date,
                        doc_no: &format!("清算-{year}-{settlement_id}"),
                        quarter: None,
                        amount: line.top_up,
                        counterparty: "",
                        note: &note,
                    },
                    Links {
                        beneficiary_id: Some(line.beneficiary_id),
                        settlement_id: Some(settlement_id),
                        ..Links::default()
                    },
                )?;
            }
            let posted = PostedSettlement {
                id: settlement_id,
                posted_at,
                posted_by: actor.username.clone(),
                total: s.total_top_up,
            };
            Ok((posted, s))
        })
    }

    /// Reverse a posted settlement: every one of its payments not yet reversed gets
    /// its reversing entry, in one transaction.
    pub fn reverse_settlement(
        &mut self,
        settlement_id: i64,
        date: NaiveDate,
        reason: &str,
        actor: &Actor,
    ) -> Result<()> {
        actor.require(Action::RecordFunds)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid("冲销必须填写原因".into()));
        }
        self.write(|tx| {
            let reversed: Option<Option<String>> = tx
                .query_row(
                    "SELECT reversed_at FROM settlements WHERE id = ?1",
                    [settlement_id],
                    |r| r.get(0),
                )
                .optional()?;
            match reversed {
                None => return Err(StoreError::NotFound(format!("第 {settlement_id} 次清算"))),
                Some(Some(at)) => {
                    return Err(StoreError::Invalid(format!("该次清算已于 {at} 冲销")));
                }
                Some(None) => {}
            }
            let ids: Vec<i64> = tx
                .prepare(
                    "SELECT e.id FROM fund_entries e WHERE e.settlement_id = ?1 AND e.reverses_id IS NULL
                       AND NOT EXISTS (SELECT 1 FROM fund_entries x WHERE x.reverses_id = e.id)
                     ORDER BY e.id",
                )?
                .query_map([settlement_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut audit = AuditWriter::new(tx, actor)?;
            for id in ids {
                reverse_entry_tx(tx, &mut audit, id, date, reason)?;
            }
            let at = now_stamp();
            tx.execute(
                "UPDATE settlements SET reversed_at = ?2, reversed_by = ?3 WHERE id = ?1",
                params![settlement_id, at, actor.username],
            )?;
            audit.log(
                "settlement",
                Some(settlement_id),
                "reverse",
                Some(json!({"reversed": false}).to_string()),
                Some(json!({"reversed": true, "reason": reason}).to_string()),
            )
        })
    }
}
