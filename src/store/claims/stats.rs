//! Figures over claims: a hospital-month's and a month's sums (月度报账, 划拨审核),
//! the years and hospitals with reports, and the year's claim statistics.

use chrono::NaiveDate;
use rusqlite::params;

use super::{ClaimRecord, MonthlyReport, REPORT_COLS, date, read_report};
use crate::domain::Money;
use crate::domain::claim::Month;
use crate::store::{Result, Store};

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
