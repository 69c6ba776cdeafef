//! Monthly reports (月报表) and their claims: the types and row readers they share.
//! The month workflow, claim entry, statistics, import and the demo's bulk insert
//! are submodules; their public items are re-exported here.

mod bulk;
mod duty;
mod entry;
mod import;
mod stats;
mod workflow;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

use super::{Result, StoreError};
use crate::domain::Money;
use crate::domain::claim::{AuditDecision, ClaimInput, Month, VisitType};
use crate::domain::dates::iso;
use crate::domain::duty::Doer;

pub use super::pay_rule::{ClaimRule, claim_rule};
pub(crate) use bulk::bulk_insert_generated_claims_tx;
pub use duty::MonthDoers;
pub(crate) use duty::require_payer;
pub use entry::{add_claim_tx, audit_claims_tx, compute};
pub use import::{ClaimPerson, ReportKey, add_claims};
pub use stats::{ClaimSums, TransferRow, TransferTotals, YearClaimStats};
pub use workflow::{approve_report_tx, open_report_tx};

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

    fn code(self) -> &'static str {
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
    /// 录入人, unknown for claims entered before it was recorded.
    pub entered_by: Option<Doer>,
    /// 审核人, while the claim has a decision (unknown before it was recorded).
    pub audited_by: Option<Doer>,
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

pub(super) const CLAIM_COLS: &str = "c.id, c.report_id, c.beneficiary_id, b.name, b.id_number, c.visit_type, c.visit_date, c.discharge_date, c.total_fen, c.out_of_catalog_fen, c.bill_no, c.payable_fen, c.explanation, c.audit_status, c.reduction_fen, c.audit_reason, c.catastrophic, c.entered_by, (SELECT display_name FROM users WHERE username = c.entered_by), c.audited_by, (SELECT display_name FROM users WHERE username = c.audited_by)";

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
        entered_by: doer(r.get(17)?, r.get(18)?),
        audited_by: doer(r.get(19)?, r.get(20)?),
    })
}

/// Who did a step, from their username and display name (the username when the
/// user is not on file).
pub(super) fn doer(username: Option<String>, name: Option<String>) -> Option<Doer> {
    username.map(|username| Doer {
        name: name.unwrap_or_else(|| username.clone()),
        username,
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
pub(super) fn require_status(
    report: &MonthlyReport,
    status: ReportStatus,
    rule: &str,
) -> Result<()> {
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
