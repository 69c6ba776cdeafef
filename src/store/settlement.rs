//! 年终清算 in the store: what each person's quota and use were, and what of the
//! year is not final yet. Posting the top-ups (and reversing them) is
//! the posting module's: refused while claims of the year wait for audit or on a
//! date inside the year, and over unapproved hospital-months only when the poster
//! confirms.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::claims::ReportStatus;
use super::programs::program_year_id;
use super::{Result, Store, StoreError};
use crate::domain::Money;
use crate::domain::claim::Month;
use crate::domain::settlement::{NotFinal, PersonYear, Settlement, UnapprovedMonth, settle};

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

pub(super) fn settlement_tx(conn: &Connection, program_id: i64, year: i32) -> Result<Settlement> {
    let not_settled = || StoreError::Invalid("年终清算只适用于离休人员医药费补助项目".into());
    if !super::programs::program_kind(conn, program_id)?.has_settlement() {
        return Err(not_settled());
    }
    let year_id = program_year_id(conn, program_id, year)?;
    let pooling_standard = super::programs::year_params(conn, year_id)?
        .pooling_standard()
        .ok_or_else(not_settled)?;
    Ok(Settlement {
        not_final: not_final_tx(conn, program_id, year)?,
        ..settle(
            year,
            &persons_tx(conn, program_id, year, year_id)?,
            pooling_standard,
        )
    })
}

pub(super) fn posted_tx(
    conn: &Connection,
    program_year_id: i64,
) -> Result<Option<PostedSettlement>> {
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
}
