//! Monthly reports (月报表) and their claims: opening a report, adding a checked
//! claim with its computed payable amount, and the audit decision on each claim.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::beneficiaries::status_events;
use super::{Actor, Result, Store, StoreError, now_stamp};
pub use super::pay_rule::{ClaimRule, claim_rule};
use crate::domain::Money;
use crate::domain::beneficiary::{Status, status_on};
use crate::domain::claim::{AuditDecision, ClaimInput, Month, VisitType};
use crate::domain::dates::iso;
use crate::domain::rules::{ClaimAmounts, PayRule, Payable, YearUse};
use crate::domain::user::Action;

/// Where a hospital-month stands in review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportStatus {
    /// 待复核.
    Pending,
    /// 已批准.
    Approved,
    /// 已划拨.
    Paid,
    /// 退回.
    Returned,
}

impl ReportStatus {
    pub fn label(self) -> &'static str {
        match self {
            ReportStatus::Pending => "待复核",
            ReportStatus::Approved => "已批准",
            ReportStatus::Paid => "已划拨",
            ReportStatus::Returned => "退回",
        }
    }

    pub(super) fn code(self) -> &'static str {
        match self {
            ReportStatus::Pending => "pending",
            ReportStatus::Approved => "approved",
            ReportStatus::Paid => "paid",
            ReportStatus::Returned => "returned",
        }
    }

    pub(super) fn from_code(code: &str) -> Option<Self> {
        [Self::Pending, Self::Approved, Self::Paid, Self::Returned]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// One hospital's report for one month of one program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthlyReport {
    pub id: i64,
    pub program_id: i64,
    pub hospital_id: i64,
    pub hospital_code: String,
    pub hospital_name: String,
    pub month: Month,
    pub received: Option<NaiveDate>,
    pub deadline: NaiveDate,
    pub status: ReportStatus,
    pub locked: bool,
}

impl MonthlyReport {
    /// Received after its deadline.
    pub fn is_late(&self) -> bool {
        self.received.is_some_and(|r| r > self.deadline)
    }
}

/// A stored claim with the person's name, for lists and exports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimRecord {
    pub id: i64,
    pub report_id: i64,
    pub beneficiary_id: i64,
    pub name: String,
    pub id_number: String,
    pub visit_type: VisitType,
    pub visit_date: NaiveDate,
    pub discharge_date: Option<NaiveDate>,
    pub total: Money,
    pub out_of_catalog: Money,
    pub bill_no: String,
    pub payable: Money,
    pub explanation: String,
    pub audit: AuditDecision,
    /// 重特大疾病住院 (医疗救助).
    pub catastrophic: bool,
}

impl ClaimRecord {
    /// What is payable after the audit decision.
    pub fn payable_after_audit(&self) -> Money {
        self.audit.payable_after(self.payable)
    }
}

pub(super) fn date(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
}

fn visit_code(v: VisitType) -> &'static str {
    match v {
        VisitType::Inpatient => "inpatient",
        VisitType::Outpatient => "outpatient",
    }
}

fn audit_parts(d: &AuditDecision) -> (&'static str, i64, &str) {
    match d {
        AuditDecision::Pending => ("pending", 0, ""),
        AuditDecision::Passed => ("passed", 0, ""),
        AuditDecision::Reduced { amount, reason } => ("reduced", amount.fen(), reason),
        AuditDecision::Refused { reason } => ("refused", 0, reason),
    }
}

fn audit_from(code: &str, reduction: i64, reason: String) -> AuditDecision {
    match code {
        "passed" => AuditDecision::Passed,
        "reduced" => AuditDecision::Reduced {
            amount: Money::from_fen(reduction),
            reason,
        },
        "refused" => AuditDecision::Refused { reason },
        _ => AuditDecision::Pending,
    }
}

const REPORT_COLS: &str = "r.id, r.program_id, r.hospital_id, h.name, r.month, r.received_date, r.deadline, r.status, r.locked, h.code";

fn read_report(r: &rusqlite::Row<'_>) -> rusqlite::Result<MonthlyReport> {
    let month: String = r.get(4)?;
    let status: String = r.get(7)?;
    let bad =
        |what: String| rusqlite::Error::InvalidColumnType(0, what, rusqlite::types::Type::Text);
    Ok(MonthlyReport {
        id: r.get(0)?,
        program_id: r.get(1)?,
        hospital_id: r.get(2)?,
        hospital_name: r.get(3)?,
        month: Month::parse(&month).ok_or_else(|| bad(format!("month {month}")))?,
        received: date(r.get(5)?),
        deadline: date(r.get(6)?).ok_or_else(|| bad("deadline".into()))?,
        status: ReportStatus::from_code(&status).ok_or_else(|| bad(format!("status {status}")))?,
        locked: r.get(8)?,
        hospital_code: r.get(9)?,
    })
}

pub(super) fn report_tx(conn: &Connection, id: i64) -> Result<MonthlyReport> {
    conn.query_row(
        &format!("SELECT {REPORT_COLS} FROM monthly_reports r JOIN hospitals h ON h.id = r.hospital_id WHERE r.id = ?1"),
        [id],
        read_report,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("月报表（编号 {id}）")))
}

pub(super) const CLAIM_COLS: &str = "c.id, c.report_id, c.beneficiary_id, b.name, b.id_number, c.visit_type, c.visit_date, c.discharge_date, c.total_fen, c.out_of_catalog_fen, c.bill_no, c.payable_fen, c.explanation, c.audit_status, c.reduction_fen, c.audit_reason, c.catastrophic";

pub(super) fn read_claim(r: &rusqlite::Row<'_>) -> rusqlite::Result<ClaimRecord> {
    let visit: String = r.get(5)?;
    Ok(ClaimRecord {
        id: r.get(0)?,
        report_id: r.get(1)?,
        beneficiary_id: r.get(2)?,
        name: r.get(3)?,
        id_number: r.get(4)?,
        visit_type: if visit == "inpatient" {
            VisitType::Inpatient
        } else {
            VisitType::Outpatient
        },
        visit_date: date(r.get(6)?).unwrap_or_default(),
        discharge_date: date(r.get(7)?),
        total: Money::from_fen(r.get(8)?),
        out_of_catalog: Money::from_fen(r.get(9)?),
        bill_no: r.get(10)?,
        payable: Money::from_fen(r.get(11)?),
        explanation: r.get(12)?,
        audit: audit_from(&r.get::<_, String>(13)?, r.get(14)?, r.get(15)?),
        catastrophic: r.get(16)?,
    })
}

fn claim_json(c: &ClaimInput, payable: Money) -> String {
    let layers: Vec<_> = c
        .other_layers
        .iter()
        .map(|l| json!({"layer": l.layer, "amount": l.amount.plain()}))
        .collect();
    json!({
        "id_number": c.id_number, "visit_type": c.visit_type.label(), "visit_date": iso(c.visit_date),
        "discharge_date": c.discharge_date.map(iso), "total": c.total.plain(),
        "out_of_catalog": c.out_of_catalog.plain(), "bill_no": c.bill_no, "payable": payable.plain(),
        "other_layers": layers, "catastrophic": c.catastrophic,
    })
    .to_string()
}

/// Refuse a step that needs the report in `status`, naming where it is instead.
pub(super) fn require_status(report: &MonthlyReport, status: ReportStatus, rule: &str) -> Result<()> {
    if report.status == status {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{rule}，当前为{}",
            report.status.label()
        )))
    }
}

fn ensure_unlocked(report: &MonthlyReport) -> Result<()> {
    if report.locked {
        Err(StoreError::Invalid(format!(
            "{} {} 的报账已批准锁定，不能修改",
            report.month.label(),
            report.hospital_name
        )))
    } else {
        Ok(())
    }
}

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

    /// Add a claim to a report, refused with the reason when the person is not on the
    /// roster or not 在册 on the visit date, the bill number is already used at the
    /// hospital, or the month is locked. The payable amount comes from the program's
    /// rule and the year's parameters.
    pub fn add_claim(
        &mut self,
        report_id: i64,
        c: &ClaimInput,
        actor: &Actor,
    ) -> Result<ClaimRecord> {
        self.write(|tx| add_claim_tx(tx, report_id, c, actor))
    }

    /// The claims of a report, in entry order.
    pub fn report_claims(&self, report_id: i64) -> Result<Vec<ClaimRecord>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {CLAIM_COLS} FROM claims c JOIN beneficiaries b ON b.id = c.beneficiary_id
             WHERE c.report_id = ?1 ORDER BY c.id"
        ))?;
        let rows = stmt.query_map([report_id], read_claim)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Record the audit decision on claims (one, or a selection for bulk 通过), in one
    /// transaction; refused in a locked month.
    pub fn audit_claims(
        &mut self,
        claim_ids: &[i64],
        decision: &AuditDecision,
        actor: &Actor,
    ) -> Result<()> {
        self.write(|tx| audit_claims_tx(tx, claim_ids, decision, actor))
    }

    /// Record a different decision on each claim (a file of 审核结论), in one
    /// transaction, with the same role rule, audit rows and recompute as
    /// [`Store::audit_claims`].
    pub fn audit_decisions(
        &mut self,
        decisions: &[(i64, AuditDecision)],
        actor: &Actor,
    ) -> Result<()> {
        self.write(|tx| audit_each_tx(tx, decisions.iter().map(|(id, d)| (*id, d)), actor))
    }
}

fn claim_tx(conn: &Connection, id: i64) -> Result<ClaimRecord> {
    conn.query_row(
        &format!("SELECT {CLAIM_COLS} FROM claims c JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE c.id = ?1"),
        [id],
        read_claim,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("报账记录（编号 {id}）")))
}

/// One row of the 划拨审核 list: a hospital's month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferRow {
    pub report: MonthlyReport,
    pub claims: i64,
    pub audited: i64,
    pub total_cost: Money,
    pub payable: Money,
    /// 医疗救助: differences from recomputed claims of earlier, locked months that
    /// this month carries (once approved) or will carry (while pending).
    pub adjustment: Money,
    /// What the hospital is to be paid for the month: payable after audit plus
    /// the adjustment.
    pub to_transfer: Money,
    pub voucher_no: Option<String>,
    pub paid_date: Option<NaiveDate>,
    pub review_comment: String,
}

/// A hospital-month's sums over its claims, for the 月度报账 heading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClaimSums {
    pub total: Money,
    pub payable: Money,
    pub after_audit: Money,
}

impl ClaimSums {
    pub fn of(claims: &[ClaimRecord]) -> Self {
        claims.iter().fold(Self::default(), |s, c| Self {
            total: s.total + c.total,
            payable: s.payable + c.payable,
            after_audit: s.after_audit + c.payable_after_audit(),
        })
    }
}

/// A month's sums over its hospitals, for the 划拨审核 heading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TransferTotals {
    pub payable: Money,
    pub adjustment: Money,
    pub to_transfer: Money,
}

impl TransferTotals {
    pub fn of(rows: &[TransferRow]) -> Self {
        rows.iter().fold(Self::default(), |t, r| Self {
            payable: t.payable + r.payable,
            adjustment: t.adjustment + r.adjustment,
            to_transfer: t.to_transfer + r.to_transfer,
        })
    }
}

impl Store {
    /// The newest year in which a program has monthly reports.
    pub fn latest_report_year(&self, program_id: i64) -> Result<Option<i32>> {
        let month: Option<String> = self.conn().query_row(
            "SELECT max(month) FROM monthly_reports WHERE program_id = ?1",
            [program_id],
            |r| r.get(0),
        )?;
        Ok(month.and_then(|m| Month::parse(&m)).map(|m| m.year))
    }

    /// The hospitals a program has monthly reports from.
    pub fn report_hospital_ids(&self, program_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT hospital_id FROM monthly_reports WHERE program_id = ?1 ORDER BY 1",
        )?;
        let rows = stmt.query_map([program_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every hospital's report for a month, with its sums after audit.
    pub fn transfer_rows(&self, program_id: i64, month: Month) -> Result<Vec<TransferRow>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {REPORT_COLS},
                    (SELECT count(*) FROM claim_payable c WHERE c.report_id = r.id),
                    (SELECT count(*) FROM claim_payable c WHERE c.report_id = r.id AND c.audit_status <> 'pending'),
                    (SELECT coalesce(sum(total_fen), 0) FROM claim_payable c WHERE c.report_id = r.id),
                    (SELECT coalesce(sum(approved_fen), 0) FROM claim_payable c WHERE c.report_id = r.id),
                    r.voucher_no, r.paid_date, r.review_comment,
                    CASE WHEN r.locked THEN
                        (SELECT coalesce(sum(amount_fen), 0) FROM claim_adjustments a WHERE a.report_id = r.id)
                    ELSE
                        (SELECT coalesce(sum(amount_fen), 0) FROM claim_adjustments a
                         WHERE a.program_id = r.program_id AND a.hospital_id = r.hospital_id
                           AND a.report_id IS NULL)
                    END
             FROM monthly_reports r JOIN hospitals h ON h.id = r.hospital_id
             WHERE r.program_id = ?1 AND r.month = ?2 ORDER BY h.code"
        ))?;
        let rows = stmt.query_map(params![program_id, month.code()], |r| {
            let payable = Money::from_fen(r.get(13)?);
            let adjustment = Money::from_fen(r.get(17)?);
            Ok(TransferRow {
                report: read_report(r)?,
                claims: r.get(10)?,
                audited: r.get(11)?,
                total_cost: Money::from_fen(r.get(12)?),
                payable,
                voucher_no: r.get(14)?,
                paid_date: date(r.get(15)?),
                review_comment: r.get(16)?,
                adjustment,
                to_transfer: payable + adjustment,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
                "UPDATE monthly_reports SET status = 'returned', review_comment = ?2 WHERE id = ?1",
                params![report_id, comment.trim()],
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
                "UPDATE monthly_reports SET status = 'pending', locked = 0, approved_digest = NULL
                 WHERE id = ?1",
                [report_id],
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

/// The year's claim figures of a program, after audit (claims belong to the year
/// of their report's month).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YearClaimStats {
    pub reimbursed_persons: i64,
    pub inpatient_persons: i64,
    pub inpatient_stays: i64,
    pub inpatient_amount: Money,
    pub outpatient_visits: i64,
    pub outpatient_amount: Money,
    pub claims_total: i64,
    pub claims_audited: i64,
    pub reports: i64,
    pub late_reports: i64,
    /// Hospital-months 已划拨.
    pub paid_reports: i64,
    /// Of those, paid by the end of the month after the report's month (次月拨付).
    pub paid_by_next_month: i64,
}

impl Store {
    /// Figures for the summary, the indicators and the report.
    pub fn year_claim_stats(&self, program_id: i64, year: i32) -> Result<YearClaimStats> {
        let like = format!("{year:04}-%");
        let (reimbursed, in_persons, stays, in_amount, visits, out_amount, total, audited) =
            self.conn().query_row(
                "SELECT count(DISTINCT CASE WHEN c.approved_fen > 0 THEN c.beneficiary_id END),
                    count(DISTINCT CASE WHEN c.visit_type = 'inpatient' THEN c.beneficiary_id END),
                    coalesce(sum(c.visit_type = 'inpatient'), 0),
                    coalesce(sum(CASE WHEN c.visit_type = 'inpatient' THEN c.approved_fen END), 0),
                    coalesce(sum(c.visit_type = 'outpatient'), 0),
                    coalesce(sum(CASE WHEN c.visit_type = 'outpatient' THEN c.approved_fen END), 0),
                    count(*),
                    coalesce(sum(c.audit_status <> 'pending'), 0)
             FROM claim_payable c JOIN monthly_reports r ON r.id = c.report_id
             WHERE r.program_id = ?1 AND r.month LIKE ?2",
                params![program_id, like],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, i64>(4)?,
                        r.get::<_, i64>(5)?,
                        r.get::<_, i64>(6)?,
                        r.get::<_, i64>(7)?,
                    ))
                },
            )?;
        let (reports, late, paid, paid_in_time) = self.conn().query_row(
            "SELECT count(*), coalesce(sum(received_date IS NOT NULL AND received_date > deadline), 0),
                    coalesce(sum(status = 'paid'), 0),
                    coalesce(sum(status = 'paid' AND paid_date < date(month || '-01', '+2 months')), 0)
             FROM monthly_reports WHERE program_id = ?1 AND month LIKE ?2",
            params![program_id, like],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            },
        )?;
        Ok(YearClaimStats {
            reimbursed_persons: reimbursed,
            inpatient_persons: in_persons,
            inpatient_stays: stays,
            inpatient_amount: Money::from_fen(in_amount),
            outpatient_visits: visits,
            outpatient_amount: Money::from_fen(out_amount),
            claims_total: total,
            claims_audited: audited,
            reports,
            late_reports: late,
            paid_reports: paid,
            paid_by_next_month: paid_in_time,
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
    let calendar = super::calendar::load_calendar(tx)?;
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
            super::hospitals::require_active(tx, hospital_id)?;
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

/// [`Store::add_claim`] inside a transaction.
pub fn add_claim_tx(
    tx: &Connection,
    report_id: i64,
    c: &ClaimInput,
    actor: &Actor,
) -> Result<ClaimRecord> {
    let report = report_tx(tx, report_id)?;
    let rule = claim_rule(tx, report.program_id, report.month.year)?;
    add_claim_with_rule_tx(tx, &report, &rule, c, actor)
}

/// [`add_claim_tx`] with the report and its year's rule already read (a batch
/// reads them once).
fn add_claim_with_rule_tx(
    tx: &Connection,
    report: &MonthlyReport,
    rule: &ClaimRule,
    c: &ClaimInput,
    actor: &Actor,
) -> Result<ClaimRecord> {
    actor.require(Action::EnterClaims)?;
    ensure_unlocked(report)?;
    let report_id = report.id;
    let program_id = report.program_id;
    let person: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, name FROM beneficiaries WHERE program_id = ?1 AND id_number = ?2",
            params![program_id, c.id_number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((person_id, name)) = person else {
        return Err(StoreError::Invalid(format!(
            "身份证号 {} 不在本项目名册中",
            c.id_number
        )));
    };
    let events = status_events(tx, person_id)?;
    let on = c.visit_date;
    let status = status_on(&events, on);
    if status != Status::Active {
        return Err(StoreError::Invalid(format!(
            "「{name}」在 {} 已{}，不在册，不能报账",
            iso(on),
            status.label()
        )));
    }
    let used: Option<(String, String)> = tx
        .query_row(
            "SELECT b.name, c.visit_date FROM claims c JOIN beneficiaries b ON b.id = c.beneficiary_id
             WHERE c.hospital_id = ?1 AND c.bill_no = ?2",
            params![report.hospital_id, c.bill_no],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((who, when)) = used {
        return Err(StoreError::Invalid(format!(
            "票据号 {} 在{}已使用（{who} {when} 就诊）",
            c.bill_no, report.hospital_name
        )));
    }
    let mut audit = AuditWriter::new(tx, actor)?;
    let at = (report_id, report.hospital_id, person_id);
    let id = match rule {
        ClaimRule::PerClaim(rule) => insert_claim(tx, at, c, &compute(rule, c)?, "pending")?,
        ClaimRule::Assistance(params) => {
            if c.catastrophic && c.visit_type != VisitType::Inpatient {
                // Checked again: a ClaimInput need not come from ClaimDraft::validate.
                return Err(StoreError::Invalid(
                    crate::domain::claim::CATASTROPHIC_OUTPATIENT.into(),
                ));
            }
            let unset = Payable {
                amount: Money::ZERO,
                explanation: String::new(),
            };
            let id = insert_claim(tx, at, c, &unset, "pending")?;
            super::assistance::recompute_tx(
                tx,
                &mut audit,
                person_id,
                report.month.year,
                params,
                Some(id),
            )?;
            id
        }
    };
    let claim = claim_tx(tx, id)?;
    audit.log(
        "claim",
        Some(id),
        "insert",
        None,
        Some(claim_json(c, claim.payable)),
    )?;
    Ok(claim)
}

/// A claim's payable amount by a per-claim rule.
pub fn compute(rule: &PayRule, c: &ClaimInput) -> Result<Payable> {
    let amounts = ClaimAmounts {
        total: c.total,
        out_of_catalog: c.out_of_catalog,
        other_layers: c.other_layers.clone(),
    };
    rule.compute(&amounts, &mut YearUse::default())
        .map_err(|e| StoreError::Invalid(e.to_string()))
}

/// [`Store::audit_claims`] inside a transaction.
pub fn audit_claims_tx(
    tx: &Connection,
    claim_ids: &[i64],
    decision: &AuditDecision,
    actor: &Actor,
) -> Result<()> {
    audit_each_tx(tx, claim_ids.iter().map(|id| (*id, decision)), actor)
}

/// Record a decision on each claim (they may differ), then recompute each 医疗救助
/// person's year once: a 核减 or 拒付 gives later claims cap room back.
fn audit_each_tx<'d>(
    tx: &Connection,
    decisions: impl Iterator<Item = (i64, &'d AuditDecision)>,
    actor: &Actor,
) -> Result<()> {
    actor.require(Action::AuditClaims)?;
    let mut audit = AuditWriter::new(tx, actor)?;
    let mut people: std::collections::BTreeSet<(i64, i32, i64)> = Default::default();
    for (id, decision) in decisions {
        let claim = claim_tx(tx, id)?;
        let report = report_tx(tx, claim.report_id)?;
        ensure_unlocked(&report)?;
        people.insert((report.program_id, report.month.year, claim.beneficiary_id));
        decision.check(claim.payable).map_err(StoreError::Invalid)?;
        let (code, reduction, reason) = audit_parts(decision);
        tx.execute(
            "UPDATE claims SET audit_status = ?2, reduction_fen = ?3, audit_reason = ?4 WHERE id = ?1",
            params![id, code, reduction, reason],
        )?;
        super::seal::reseal_claim(tx, id)?;
        let (old_code, old_reduction, old_reason) = audit_parts(&claim.audit);
        audit.log(
            "claim",
            Some(id),
            "audit",
            Some(json!({"audit": old_code, "reduction": Money::from_fen(old_reduction).plain(), "reason": old_reason}).to_string()),
            Some(json!({"audit": code, "reduction": Money::from_fen(reduction).plain(), "reason": reason}).to_string()),
        )?;
    }
    // Ordered by program-year, so each year's rule is read once.
    let mut rule: Option<((i64, i32), ClaimRule)> = None;
    for (program_id, year, person_id) in people {
        if rule
            .as_ref()
            .is_none_or(|(key, _)| *key != (program_id, year))
        {
            rule = Some(((program_id, year), claim_rule(tx, program_id, year)?));
        }
        if let Some((_, ClaimRule::Assistance(params))) = &rule {
            super::assistance::recompute_tx(tx, &mut audit, person_id, year, params, None)?;
        }
    }
    Ok(())
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
    tx.execute(
        "UPDATE monthly_reports SET status = 'approved', locked = 1, approved_by = ?2, approved_at = ?3
         WHERE id = ?1",
        params![report_id, actor.username, now_stamp()],
    )?;
    super::seal::seal_report(tx, report_id)?;
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


/// Insert generated, already audited claims in bulk for the demo data sets: each
/// claim's payable amount was computed by the caller with the program's rule (the
/// person's person id comes first) and each gets its audit-log row, but the
/// per-claim refusal checks are skipped, as the generator makes only valid claims.
pub fn bulk_insert_generated_claims_tx(
    tx: &Connection,
    report_id: i64,
    hospital_id: i64,
    claims: &[(i64, ClaimInput, Payable)],
    actor: &Actor,
) -> Result<()> {
    actor.require(Action::EnterClaims)?;
    actor.require(Action::AuditClaims)?;
    let mut audit = AuditWriter::new(tx, actor)?;
    for (person_id, c, payable) in claims {
        let id = insert_claim(
            tx,
            (report_id, hospital_id, *person_id),
            c,
            payable,
            "passed",
        )?;
        audit.log(
            "claim",
            Some(id),
            "insert",
            None,
            Some(claim_json(c, payable.amount)),
        )?;
    }
    Ok(())
}

/// What the store knows about a person for checking an imported claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimPerson {
    pub id: i64,
    pub name: String,
    /// The roster category (the 资助参保 import's default).
    pub category: String,
    pub events: Vec<crate::domain::beneficiary::StatusEvent>,
}

impl Store {
    /// A program's people keyed by ID number, with their status rows, for the claims
    /// and 资助参保 import previews.
    pub fn claim_people(
        &self,
        program_id: i64,
    ) -> Result<std::collections::HashMap<String, ClaimPerson>> {
        let mut events = super::beneficiaries::program_status_events(self.conn(), program_id)?;
        let mut stmt = self.conn().prepare(
            "SELECT id, name, id_number, category FROM beneficiaries WHERE program_id = ?1",
        )?;
        let rows = stmt.query_map([program_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut people = std::collections::HashMap::new();
        for row in rows {
            let (id, name, number, category) = row?;
            let events = events.remove(&id).unwrap_or_default();
            people.insert(
                number,
                ClaimPerson {
                    id,
                    name,
                    category,
                    events,
                },
            );
        }
        Ok(people)
    }

    /// The claims already stored at a hospital, keyed by 票据号.
    pub fn hospital_bills(
        &self,
        hospital_id: i64,
    ) -> Result<std::collections::HashMap<String, ClaimRecord>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {CLAIM_COLS} FROM claims c JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE c.hospital_id = ?1"
        ))?;
        let rows = stmt.query_map([hospital_id], read_claim)?;
        rows.map(|r| r.map(|c| (c.bill_no.clone(), c)).map_err(StoreError::from))
            .collect()
    }
}

/// Which hospital-month a batch of claims belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportKey {
    pub program_id: i64,
    pub hospital_id: i64,
    pub month: Month,
}

/// Add checked claims to a hospital-month in one transaction, opening its report if
/// needed; `progress` is told how many are done and `cancel` rolls everything back.
pub fn add_claims(
    store: &mut Store,
    key: ReportKey,
    claims: &[ClaimInput],
    actor: &Actor,
    progress: &dyn Fn(usize),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<()> {
    store.write(|tx| {
        let report = open_report_tx(tx, key.program_id, key.hospital_id, key.month, None, actor)?;
        let rule = claim_rule(tx, key.program_id, key.month.year)?;
        for (i, c) in claims.iter().enumerate() {
            if i % 500 == 0 {
                if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                    return Err(StoreError::Cancelled);
                }
                progress(i);
            }
            add_claim_with_rule_tx(tx, &report, &rule, c, actor)?;
        }
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(StoreError::Cancelled);
        }
        progress(claims.len());
        Ok(())
    })
}

/// Insert a claim with its payable amount and `audit_status`; the caller logs it.
/// `at` is (report, hospital, person). Returns the new claim's id.
fn insert_claim(
    tx: &Connection,
    (report_id, hospital_id, person_id): (i64, i64, i64),
    c: &ClaimInput,
    payable: &Payable,
    audit_status: &str,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO claims (report_id, hospital_id, beneficiary_id, visit_type, visit_date, discharge_date,
                             total_fen, out_of_catalog_fen, bill_no, payable_fen, explanation, audit_status,
                             created_at, catastrophic)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        report_id,
        hospital_id,
        person_id,
        visit_code(c.visit_type),
        iso(c.visit_date),
        c.discharge_date.map(iso),
        c.total.fen(),
        c.out_of_catalog.fen(),
        c.bill_no,
        payable.amount.fen(),
        payable.explanation,
        audit_status,
        now_stamp(),
        c.catastrophic
    ])?;
    let id = tx.last_insert_rowid();
    for l in &c.other_layers {
        tx.prepare_cached(
            "INSERT INTO claim_layers (claim_id, layer, amount_fen) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, l.layer, l.amount.fen()])?;
    }
    super::seal::reseal_claim(tx, id)?;
    Ok(id)
}

impl Store {
    /// Warnings about a stored claim that do not stop it: the same person at another
    /// hospital on the same day, or a total over 10× the person's median claim.
    pub fn claim_warnings(&self, claim_id: i64) -> Result<Vec<String>> {
        let claim = claim_tx(self.conn(), claim_id)?;
        let mut out = Vec::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT h.name FROM claims c JOIN hospitals h ON h.id = c.hospital_id
             WHERE c.beneficiary_id = ?1 AND c.visit_date = ?2 AND c.id <> ?3
               AND c.hospital_id <> (SELECT hospital_id FROM claims WHERE id = ?3)",
        )?;
        let others: Vec<String> = stmt
            .query_map(
                params![claim.beneficiary_id, iso(claim.visit_date), claim_id],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        for h in others {
            out.push(format!(
                "{} 同日（{}）也在{}就诊，请核实",
                claim.name,
                iso(claim.visit_date),
                h
            ));
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT total_fen FROM claims WHERE beneficiary_id = ?1 AND id <> ?2 ORDER BY visit_date DESC LIMIT 200",
        )?;
        let earlier: Vec<Money> = stmt
            .query_map(params![claim.beneficiary_id, claim_id], |r| {
                Ok(Money::from_fen(r.get(0)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.extend(crate::domain::claim::outlier_warning(claim.total, &earlier));
        Ok(out)
    }
}
