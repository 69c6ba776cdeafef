//! The month workflow of a hospital's report: opening it (with its deadline),
//! 批准 (the month locks and takes over open adjustments), 退回 and reopening.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::duty::require_approver;
use super::{
    MonthlyReport, REPORT_COLS, ReportStatus, ensure_unlocked, read_report, report_tx,
    require_status,
};
use crate::domain::Money;
use crate::domain::claim::Month;
use crate::domain::dates::iso;
use crate::domain::user::Action;
use crate::store::audit::AuditWriter;
use crate::store::{Actor, Result, Store, StoreError, now_stamp};

impl Store {
    /// The report of a hospital for a month, opened (with its deadline from the
    /// holiday calendar) if it does not exist yet. `received` records when the
    /// hospital's report arrived.
    pub fn open_report(
        &mut self,
        program_id: i64,
        hospital_id: i64,
        month: Month,
        received: Option<NaiveDate>,
        actor: &Actor,
    ) -> Result<MonthlyReport> {
        self.write(|tx| open_report_tx(tx, program_id, hospital_id, month, received, actor))
    }

    /// The report of a hospital-month if one has been opened; reading writes nothing.
    pub fn find_report(
        &self,
        program_id: i64,
        hospital_id: i64,
        month: Month,
    ) -> Result<Option<MonthlyReport>> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {REPORT_COLS} FROM monthly_reports r JOIN hospitals h ON h.id = r.hospital_id
                     WHERE r.program_id = ?1 AND r.hospital_id = ?2 AND r.month = ?3"
                ),
                params![program_id, hospital_id, month.code()],
                read_report,
            )
            .optional()?)
    }

    /// One report.
    pub fn report(&self, id: i64) -> Result<MonthlyReport> {
        report_tx(self.conn(), id)
    }

    /// 批准: a supervisor approves a hospital-month whose claims are all audited;
    /// the month locks.
    pub fn approve_report(&mut self, report_id: i64, actor: &Actor) -> Result<()> {
        self.write(|tx| approve_report_tx(tx, report_id, actor))
    }

    /// 退回: a supervisor returns a hospital-month with a comment.
    pub fn return_report(&mut self, report_id: i64, comment: &str, actor: &Actor) -> Result<()> {
        actor.require(Action::ApproveTransfer)?;
        if comment.trim().is_empty() {
            return Err(StoreError::Invalid("退回必须填写意见".into()));
        }
        self.write(|tx| {
            let report = report_tx(tx, report_id)?;
            require_status(&report, ReportStatus::Pending, "只有待复核的报账可以退回")?;
            tx.execute(
                "UPDATE monthly_reports SET status = 'returned', review_comment = ?2, returned_by = ?3
                 WHERE id = ?1",
                params![report_id, comment.trim(), actor.username],
            )?;
            AuditWriter::new(tx, actor)?.log(
                "monthly_report",
                Some(report_id),
                "return",
                Some(json!({"status": report.status.code()}).to_string()),
                Some(json!({"status": "returned", "comment": comment.trim()}).to_string()),
            )
        })
    }

    /// Reopen an approved, unpaid month with a logged reason; it returns to 待复核.
    pub fn reopen_report(&mut self, report_id: i64, reason: &str, actor: &Actor) -> Result<()> {
        actor.require(Action::ReopenMonth)?;
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid("重新打开必须填写原因".into()));
        }
        self.write(|tx| {
            let report = report_tx(tx, report_id)?;
            require_status(
                &report,
                ReportStatus::Approved,
                "只有已批准且未划拨的报账可以重新打开",
            )?;
            tx.execute(
                "UPDATE monthly_reports SET status = 'pending', locked = 0, approved_digest = NULL,
                        reopened_by = ?2
                 WHERE id = ?1",
                params![report_id, actor.username],
            )?;
            tx.execute(
                "UPDATE claim_adjustments SET report_id = NULL WHERE report_id = ?1",
                [report_id],
            )?;
            AuditWriter::new(tx, actor)?.log(
                "monthly_report",
                Some(report_id),
                "reopen",
                Some(json!({"status": "approved", "locked": true}).to_string()),
                Some(
                    json!({"status": "pending", "locked": false, "reason": reason.trim()})
                        .to_string(),
                ),
            )
        })
    }
}

/// [`Store::open_report`] inside a transaction.
pub fn open_report_tx(
    tx: &Connection,
    program_id: i64,
    hospital_id: i64,
    month: Month,
    received: Option<NaiveDate>,
    actor: &Actor,
) -> Result<MonthlyReport> {
    actor.require(Action::EnterClaims)?;
    let calendar = crate::store::calendar::load_calendar(tx)?;
    let deadline = calendar
        .report_deadline(month.year, month.month)
        .ok_or_else(|| StoreError::Invalid(format!("月份 {} 无效", month.code())))?;
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM monthly_reports WHERE program_id = ?1 AND hospital_id = ?2 AND month = ?3",
            params![program_id, hospital_id, month.code()],
            |r| r.get(0),
        )
        .optional()?;
    let mut audit = AuditWriter::new(tx, actor)?;
    let id = match existing {
        Some(id) => id,
        None => {
            crate::store::hospitals::require_active(tx, hospital_id)?;
            tx.execute(
                "INSERT INTO monthly_reports (program_id, hospital_id, month, deadline, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    program_id,
                    hospital_id,
                    month.code(),
                    iso(deadline),
                    now_stamp()
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit.log(
                "monthly_report",
                Some(id),
                "insert",
                None,
                Some(json!({"program_id": program_id, "hospital_id": hospital_id, "month": month.code(), "deadline": iso(deadline)}).to_string()),
            )?;
            id
        }
    };
    let report = report_tx(tx, id)?;
    if let Some(r) = received
        && report.received != Some(r)
    {
        ensure_unlocked(&report)?;
        tx.execute(
            "UPDATE monthly_reports SET received_date = ?2 WHERE id = ?1",
            params![id, iso(r)],
        )?;
        audit.log(
            "monthly_report",
            Some(id),
            "update",
            Some(json!({"received_date": report.received.map(iso)}).to_string()),
            Some(json!({"received_date": iso(r)}).to_string()),
        )?;
    }
    report_tx(tx, id)
}

/// [`Store::approve_report`] inside a transaction.
pub fn approve_report_tx(tx: &Connection, report_id: i64, actor: &Actor) -> Result<()> {
    actor.require(Action::ApproveTransfer)?;
    let report = report_tx(tx, report_id)?;
    if !matches!(
        report.status,
        ReportStatus::Pending | ReportStatus::Returned
    ) {
        return Err(StoreError::Invalid(format!(
            "{} {} 的状态是{}，不能再批准",
            report.month.label(),
            report.hospital_name,
            report.status.label()
        )));
    }
    let pending: i64 = tx.query_row(
        "SELECT count(*) FROM claims WHERE report_id = ?1 AND audit_status = 'pending'",
        [report_id],
        |r| r.get(0),
    )?;
    if pending > 0 {
        return Err(StoreError::Invalid(format!(
            "还有 {pending} 条报账未审核，审核完毕才能批准"
        )));
    }
    require_approver(tx, report_id, actor)?;
    tx.execute(
        "UPDATE monthly_reports SET status = 'approved', locked = 1, approved_by = ?2, approved_at = ?3
         WHERE id = ?1",
        params![report_id, actor.username, now_stamp()],
    )?;
    crate::store::seal::seal_report(tx, report_id)?;
    let mut audit = AuditWriter::new(tx, actor)?;
    attach_adjustments_tx(tx, &mut audit, &report)?;
    audit.log(
        "monthly_report",
        Some(report_id),
        "approve",
        Some(json!({"status": report.status.code(), "locked": report.locked}).to_string()),
        Some(json!({"status": "approved", "locked": true}).to_string()),
    )
}

/// At approval, the month takes over the hospital's adjustments still open.
fn attach_adjustments_tx(
    tx: &Connection,
    audit: &mut AuditWriter<'_>,
    report: &MonthlyReport,
) -> Result<()> {
    let (count, sum): (i64, i64) = tx.query_row(
        "SELECT count(*), coalesce(sum(amount_fen), 0) FROM claim_adjustments
         WHERE program_id = ?1 AND hospital_id = ?2 AND report_id IS NULL",
        params![report.program_id, report.hospital_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if count == 0 {
        return Ok(());
    }
    tx.execute(
        "UPDATE claim_adjustments SET report_id = ?3
         WHERE program_id = ?1 AND hospital_id = ?2 AND report_id IS NULL",
        params![report.program_id, report.hospital_id, report.id],
    )?;
    audit.log(
        "monthly_report",
        Some(report.id),
        "adjustments",
        None,
        Some(json!({"adjustments": count, "amount": Money::from_fen(sum).plain()}).to_string()),
    )
}
