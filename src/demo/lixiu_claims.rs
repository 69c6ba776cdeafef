//! The 离休 demo's 2021 claims: twelve months of hospital reports, audited,
//! approved and transferred.

use super::Crew;
use crate::domain::Money;
use crate::domain::claim::{AuditDecision, ClaimInput, Month, VisitType};
use crate::store::{Result, StoreError, Transaction, claims, posting};
use chrono::Datelike;

/// Seed 000's 2021 output: inpatient 25 persons, 99 stays, 886,500.00 元; outpatient
/// 1,352 visits, 663,500.00 元. Split into 12 months of hospital reports, every claim
/// audited, every month approved and transferred; 丰都县中医院's September report
/// arrived late. Everyone's costs exceed their quota, so there are no top-ups.
const INPATIENT_STAYS: usize = 99;
const INPATIENT_FEN: i64 = 88_650_000;
const OUTPATIENT_VISITS: usize = 1352;
const OUTPATIENT_FEN: i64 = 66_350_000;

/// `total` 分 split into `n` uneven parts that add up exactly (integer arithmetic).
fn split_fen(total: i64, n: usize, rng: &mut fastrand::Rng) -> Vec<i64> {
    let weights: Vec<i64> = (0..n).map(|_| rng.i64(50..=150)).collect();
    let sum: i64 = weights.iter().sum();
    let mut parts: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    let rest = total - parts.iter().sum::<i64>();
    if let Some(last) = parts.last_mut() {
        *last += rest;
    }
    parts
}

struct DemoClaim {
    hospital: usize,
    month: u32,
    person: usize,
    inpatient: bool,
    day: u32,
    days: u32,
    payable_fen: i64,
    bill_no: String,
}

pub(super) fn load_claims_2021(
    tx: &Transaction<'_>,
    program_id: i64,
    hospital_ids: &[i64],
    id_numbers: &[String],
    crew: &Crew,
) -> Result<()> {
    let mut rng = fastrand::Rng::with_seed(2021);
    let mut claims = Vec::new();
    let stays = split_fen(INPATIENT_FEN, INPATIENT_STAYS, &mut rng);
    for (k, fen) in stays.into_iter().enumerate() {
        let month = (k % 12) as u32 + 1;
        claims.push(DemoClaim {
            // Mostly the county hospital, then the TCM hospital, one in ten out of county.
            hospital: match k % 10 {
                0..=5 => 0,
                6..=8 => 1,
                _ => 6,
            },
            month,
            person: k % id_numbers.len(),
            inpatient: true,
            day: 1 + rng.u32(0..18),
            days: 3 + k as u32 % 8,
            payable_fen: fen,
            bill_no: format!("ZY2021{month:02}{k:04}"),
        });
    }
    let visits = split_fen(OUTPATIENT_FEN, OUTPATIENT_VISITS, &mut rng);
    for (v, fen) in visits.into_iter().enumerate() {
        let month = (v % 12) as u32 + 1;
        claims.push(DemoClaim {
            hospital: (v / 12) % 6,
            month,
            person: v % id_numbers.len(),
            inpatient: false,
            day: 1 + rng.u32(0..28),
            days: 0,
            payable_fen: fen,
            bill_no: format!("MZ2021{month:02}{v:05}"),
        });
    }
    let calendar = crate::store::calendar::load_calendar(tx)?;
    let mut voucher = 0;
    for month in 1..=12_u32 {
        for (h, hospital_id) in hospital_ids.iter().enumerate() {
            let mine: Vec<&DemoClaim> = claims
                .iter()
                .filter(|c| c.month == month && c.hospital == h)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let m = Month { year: 2021, month };
            let deadline = calendar
                .report_deadline(2021, month)
                .ok_or_else(|| StoreError::Invalid("示例数据月份有误".into()))?;
            let received = if h == 1 && month == 9 {
                deadline + chrono::Duration::days(3)
            } else {
                deadline - chrono::Duration::days(2)
            };
            let report = claims::open_report_tx(
                tx,
                program_id,
                *hospital_id,
                m,
                Some(received),
                &crew.clerk,
            )?;
            let mut ids = Vec::new();
            for (i, c) in mine.iter().enumerate() {
                let date = |day: u32| chrono::NaiveDate::from_ymd_opt(2021, month, day);
                let visit =
                    date(c.day).ok_or_else(|| StoreError::Invalid("示例日期有误".into()))?;
                // Every fourth bill has some 目录外 cost, which the program does not pay.
                let out_fen = if i % 4 == 3 {
                    c.payable_fen * 3 / 100
                } else {
                    0
                };
                let input = ClaimInput {
                    id_number: id_numbers[c.person].clone(),
                    visit_type: if c.inpatient {
                        VisitType::Inpatient
                    } else {
                        VisitType::Outpatient
                    },
                    visit_date: visit,
                    discharge_date: if c.inpatient {
                        date(c.day + c.days)
                    } else {
                        None
                    },
                    total: Money::from_fen(c.payable_fen + out_fen),
                    out_of_catalog: Money::from_fen(out_fen),
                    bill_no: c.bill_no.clone(),
                    other_layers: Vec::new(),
                    catastrophic: false,
                };
                ids.push(claims::add_claim_tx(tx, report.id, &input, &crew.clerk)?.id);
            }
            claims::audit_claims_tx(tx, &ids, &AuditDecision::Passed, &crew.auditor)?;
            claims::approve_report_tx(tx, report.id, &crew.leader)?;
            voucher += 1;
            let paid = chrono::NaiveDate::from_ymd_opt(2021, month, 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                .and_then(|d| d.with_day(15))
                .ok_or_else(|| StoreError::Invalid("示例日期有误".into()))?;
            posting::mark_paid_tx(
                tx,
                report.id,
                &format!("记-{}-{voucher:03}", paid.format("%Y-%m")),
                paid,
                &crew.finance,
            )?;
        }
    }
    Ok(())
}
