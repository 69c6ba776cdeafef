//! The year figures of a 医疗救助 program (seed 004): 资助参保, 直接救助 with the
//! 建档立卡贫困人口 and 重特大疾病 counts, the 特困供养 persons and their admissions,
//! and one-stop settlement. They feed `medfund summary`, the indicators and the
//! report.
//!
//! How a claim counts:
//! - It belongs to the year of its report month (as the assistance rule and the
//!   hospital payments take it), and a refused claim does not count.
//! - Each counting claim is one 人次 of 直接救助 (住院, 重特大疾病住院 or 门诊).
//! - A person's group is the category on the roster (建档立卡贫困人口, 特困供养).
//!
//! Every query runs on the indexes of the report month, the claim's report and
//! the status rows, so a county's year (tens of thousands of claims) stays fast.

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use rust_decimal::Decimal;

use super::beneficiaries::status_code;
use super::{Result, Store};
use crate::domain::Money;
use crate::domain::assistance::{JIANDANG, TEKUN};
use crate::domain::beneficiary::Status;
use crate::domain::fund::EntryKind;
use crate::domain::ratio::percent;

/// The 特困供养 persons of a year and their hospital admissions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TekunYear {
    /// 特困供养 persons on the roster at some time in the year: not ended by a 死亡
    /// or 迁出 row dated before 1 January (unless a 在册 row in the year brings
    /// them back).
    pub persons: i64,
    /// Their inpatient claims (普通住院 and 重特大疾病住院) of the year.
    pub admissions: i64,
}

impl TekunYear {
    /// 住院率: admissions ÷ persons, in % with 2 decimals (seed 004: 9336 ÷ 6279 =
    /// 148.69).
    pub fn admission_rate(&self) -> Decimal {
        percent(self.admissions, self.persons)
    }
}

/// A 医疗救助 program-year's figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AssistanceYearStats {
    /// Persons on the year's 资助参保 list.
    pub premium_persons: i64,
    /// The premiums of that list.
    pub premium_amount: Money,
    /// 直接救助人次: the year's claims.
    pub direct_person_times: i64,
    /// 直接救助金额: approved after audit, plus the recomputed differences of earlier
    /// months that the year's approved months carry.
    pub direct_amount: Money,
    /// Claims of 建档立卡贫困人口.
    pub direct_poor_person_times: i64,
    /// 重特大疾病住院 claims.
    pub catastrophic_person_times: i64,
    /// 重特大疾病住院 claims of 建档立卡贫困人口.
    pub catastrophic_poor_person_times: i64,
    /// Claims settled one-stop: at a hospital inside the county, whose window
    /// settles the assistance with the bill (see [`Self::one_stop_rate`]).
    pub one_stop_person_times: i64,
    pub tekun: TekunYear,
    /// The same figures of the year before, for the report's comparison.
    pub previous_tekun: TekunYear,
    /// The date of the year's latest payment in the ledger (to hospitals, to
    /// persons or to the insurer): what the paid total is counted up to.
    pub paid_through: Option<NaiveDate>,
}

impl AssistanceYearStats {
    /// 救助人次: 资助参保 persons plus 直接救助人次 (seed 004: 28050 + 31932 = 59982).
    pub fn person_times(&self) -> i64 {
        self.premium_persons + self.direct_person_times
    }

    /// 建档立卡贫困人口's share of 直接救助人次, in % (seed 004: 61).
    pub fn direct_poor_share(&self) -> Decimal {
        percent(self.direct_poor_person_times, self.direct_person_times)
    }

    /// 建档立卡贫困人口's share of 重特大疾病救助人次, in % (seed 004: 59).
    pub fn catastrophic_poor_share(&self) -> Decimal {
        percent(
            self.catastrophic_poor_person_times,
            self.catastrophic_person_times,
        )
    }

    /// 一站式结算率: the share of 直接救助人次 settled one-stop, in %. A claim is
    /// settled one-stop when it was billed by a hospital inside the county (定点
    /// 医疗机构 with 县内 set), whose window deducts the assistance from the bill
    /// and claims it from the fund; claims of hospitals outside the county were
    /// paid by hand (手工报销) and are not.
    pub fn one_stop_rate(&self) -> Decimal {
        percent(self.one_stop_person_times, self.direct_person_times)
    }
}

/// The first and last month codes of `year`, for a range on the report month.
fn month_range(year: i32) -> (String, String) {
    (format!("{year:04}-01"), format!("{year:04}-12"))
}

fn tekun_year(conn: &Connection, program_id: i64, year: i32) -> Result<TekunYear> {
    let active = status_code(Status::Active);
    let first = format!("{year:04}-01-01");
    let last = format!("{year:04}-12-31");
    let persons: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM beneficiaries b
         WHERE b.program_id = ?1 AND b.category = ?2
           AND (coalesce((SELECT s.status FROM beneficiary_status s
                          WHERE s.beneficiary_id = b.id AND s.status_date <= ?4
                          ORDER BY s.status_date DESC, s.id DESC LIMIT 1), ?3) = ?3
                OR EXISTS (SELECT 1 FROM beneficiary_status s
                           WHERE s.beneficiary_id = b.id AND s.status = ?3
                             AND s.status_date BETWEEN ?4 AND ?5))",
        )?
        .query_row(params![program_id, TEKUN, active, first, last], |r| {
            r.get(0)
        })?;
    let (from, to) = month_range(year);
    let admissions: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM monthly_reports r
             JOIN claims c ON c.report_id = r.id
             JOIN beneficiaries b ON b.id = c.beneficiary_id
             WHERE r.program_id = ?1 AND r.month BETWEEN ?2 AND ?3
               AND c.audit_status <> 'refused' AND c.visit_type = 'inpatient'
               AND b.category = ?4",
        )?
        .query_row(params![program_id, from, to, TEKUN], |r| r.get(0))?;
    Ok(TekunYear {
        persons,
        admissions,
    })
}

impl Store {
    /// The 特困供养 persons of `year` and their admissions.
    pub fn tekun_year(&self, program_id: i64, year: i32) -> Result<TekunYear> {
        tekun_year(self.conn(), program_id, year)
    }

    /// The 医疗救助 figures of `program_id` for `year` (with the 特困供养 figures of
    /// the year before).
    pub fn assistance_year_stats(&self, program_id: i64, year: i32) -> Result<AssistanceYearStats> {
        let conn = self.conn();
        let (from, to) = month_range(year);
        let [
            times,
            approved,
            poor,
            catastrophic,
            catastrophic_poor,
            one_stop,
        ] = conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(c.approved_fen), 0),
                        coalesce(sum(b.category = ?4), 0),
                        coalesce(sum(c.catastrophic <> 0), 0),
                        coalesce(sum(c.catastrophic <> 0 AND b.category = ?4), 0),
                        coalesce(sum(h.in_county <> 0), 0)
                 FROM monthly_reports r
                 JOIN claim_payable c ON c.report_id = r.id
                 JOIN beneficiaries b ON b.id = c.beneficiary_id
                 JOIN hospitals h ON h.id = c.hospital_id
                 WHERE r.program_id = ?1 AND r.month BETWEEN ?2 AND ?3
                   AND c.audit_status <> 'refused'",
            )?
            .query_row(params![program_id, from, to, JIANDANG], |r| {
                let mut sums = [0i64; 6];
                for (i, sum) in sums.iter_mut().enumerate() {
                    *sum = r.get(i)?;
                }
                Ok(sums)
            })?;
        let carried: i64 = conn
            .prepare_cached(
                "SELECT coalesce(sum(a.amount_fen), 0) FROM monthly_reports r
                 JOIN claim_adjustments a ON a.report_id = r.id
                 WHERE r.program_id = ?1 AND r.month BETWEEN ?2 AND ?3",
            )?
            .query_row(params![program_id, from, to], |r| r.get(0))?;
        let year_id = super::programs::program_year_id(conn, program_id, year)?;
        let paid_through: Option<String> = conn
            .prepare_cached(
                "SELECT max(entry_date) FROM fund_entries
                 WHERE program_year_id = ?1 AND kind IN (?2, ?3, ?4)",
            )?
            .query_row(
                params![
                    year_id,
                    EntryKind::HospitalPayment.code(),
                    EntryKind::CashPayment.code(),
                    EntryKind::PremiumPayment.code()
                ],
                |r| r.get(0),
            )?;
        let premiums = self.premium_totals(program_id, year)?;
        Ok(AssistanceYearStats {
            premium_persons: premiums.persons,
            premium_amount: premiums.amount,
            direct_person_times: times,
            direct_amount: Money::from_fen(approved + carried),
            direct_poor_person_times: poor,
            catastrophic_person_times: catastrophic,
            catastrophic_poor_person_times: catastrophic_poor,
            one_stop_person_times: one_stop,
            tekun: tekun_year(conn, program_id, year)?,
            previous_tekun: tekun_year(conn, program_id, year - 1)?,
            paid_through: paid_through.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        })
    }
}
