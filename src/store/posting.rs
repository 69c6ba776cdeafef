//! Posting to the fund ledger and un-posting, for every source a ledger row comes
//! from: a hospital-month (已划拨: its approved transfer becomes a 医院支付, or a
//! refund when earlier adjustments outweigh it), a 资助参保 premium payment, and a
//! year-end settlement (年终清算). Reversing a posted row here also un-posts its
//! source. The funds module writes only the ledger rows themselves.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::claims::{MonthlyReport, ReportStatus, date, report_tx, require_payer, require_status};
use super::funds::{Links, Posting, Reversal, insert_entry_tx, insert_reversal_tx};
use super::programs::program_year_id;
use super::settlement::{PostedSettlement, posted_tx, settlement_tx};
use super::{Actor, Result, Store, StoreError, now_stamp};
use crate::domain::Money;
use crate::domain::dates::iso;
use crate::domain::fund::EntryKind;
use crate::domain::settlement::{Settlement, posting_date_refusal};
use crate::domain::user::Action;

/// [`Store::mark_paid`] inside a transaction.
pub fn mark_paid_tx(
    tx: &Connection,
    report_id: i64,
    voucher_no: &str,
    paid: NaiveDate,
    actor: &Actor,
) -> Result<()> {
    actor.require(Action::MarkPaid)?;
    if voucher_no.trim().is_empty() {
        return Err(StoreError::Invalid("划拨必须填写凭证号".into()));
    }
    let report = report_tx(tx, report_id)?;
    require_status(&report, ReportStatus::Approved, "只有已批准的报账可以划拨")?;
    require_payer(tx, report_id, actor)?;
    tx.execute(
        "UPDATE monthly_reports SET status = 'paid', voucher_no = ?2, paid_date = ?3, paid_by = ?4
         WHERE id = ?1",
        params![report_id, voucher_no.trim(), iso(paid), actor.username],
    )?;
    let mut audit = AuditWriter::new(tx, actor)?;
    audit.log(
        "monthly_report",
        Some(report_id),
        "paid",
        Some(json!({"status": "approved"}).to_string()),
        Some(
            json!({"status": "paid", "voucher_no": voucher_no.trim(), "paid_date": iso(paid)})
                .to_string(),
        ),
    )?;
    post_payment(tx, &mut audit, &report, voucher_no.trim(), paid)
}

/// The ledger payment of a paid hospital-month: its audited payable claims.
fn post_payment(
    tx: &Connection,
    audit: &mut AuditWriter<'_>,
    report: &MonthlyReport,
    voucher_no: &str,
    paid: NaiveDate,
) -> Result<()> {
    let amount: i64 = tx.query_row(
        "SELECT (SELECT coalesce(sum(approved_fen), 0) FROM claim_payable WHERE report_id = ?1)
              + (SELECT coalesce(sum(amount_fen), 0) FROM claim_adjustments WHERE report_id = ?1)",
        [report.id],
        |r| r.get(0),
    )?;
    let year_id = program_year_id(tx, report.program_id, report.month.year)?;
    // Adjustments of earlier months can outweigh a month: then the hospital owes.
    let (kind, amount, note) = if amount < 0 {
        (EntryKind::Refund, -amount, "救助金额重新计算，医院应退")
    } else {
        (EntryKind::HospitalPayment, amount, "")
    };
    insert_entry_tx(
        tx,
        audit,
        year_id,
        &Posting {
            kind,
            date: paid,
            doc_no: voucher_no,
            quarter: None,
            amount: Money::from_fen(amount),
            counterparty: if kind == EntryKind::Refund {
                &report.hospital_name
            } else {
                ""
            },
            note,
            source: None,
        },
        Links {
            hospital_id: Some(report.hospital_id),
            report_id: Some(report.id),
            ..Default::default()
        },
    )?;
    Ok(())
}

/// Post the ledger payments of months paid before the ledger existed (migration 4).
pub(crate) fn post_paid_reports(tx: &Connection) -> Result<()> {
    let paid: Vec<(i64, String, String)> = tx
        .prepare(
            "SELECT id, coalesce(voucher_no, ''), coalesce(paid_date, substr(created_at, 1, 10))
             FROM monthly_reports WHERE status = 'paid' ORDER BY month, id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if paid.is_empty() {
        return Ok(());
    }
    let mut audit = AuditWriter::new(tx, &Actor::system())?;
    for (id, voucher, date_text) in paid {
        let report = report_tx(tx, id)?;
        let paid = date(Some(date_text)).unwrap_or(report.deadline);
        post_payment(tx, &mut audit, &report, &voucher, paid)?;
    }
    Ok(())
}

/// Pay every unpaid row of a year's list to the insurer with one ledger payment;
/// returns the entry's id.
pub fn pay_premiums_tx(
    tx: &Connection,
    program_year_id: i64,
    date: NaiveDate,
    doc_no: &str,
    insurer: &str,
    actor: &Actor,
) -> Result<i64> {
    actor.require(Action::RecordFunds)?;
    if doc_no.trim().is_empty() {
        return Err(StoreError::Invalid("缴费必须填写凭证号".into()));
    }
    if insurer.trim().is_empty() {
        return Err(StoreError::Invalid(
            "缴费必须填写收款单位（承保机构）".into(),
        ));
    }
    let (count, sum): (i64, i64) = tx.query_row(
        "SELECT count(*), coalesce(sum(amount_fen), 0) FROM premium_subsidies
         WHERE program_year_id = ?1 AND fund_entry_id IS NULL",
        [program_year_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if sum == 0 {
        return Err(StoreError::Invalid("资助参保名单中没有待缴费的金额".into()));
    }
    let mut audit = AuditWriter::new(tx, actor)?;
    let entry = insert_entry_tx(
        tx,
        &mut audit,
        program_year_id,
        &Posting {
            kind: EntryKind::PremiumPayment,
            date,
            doc_no: doc_no.trim(),
            quarter: None,
            amount: Money::from_fen(sum),
            counterparty: insurer.trim(),
            note: &format!("资助参保 {count} 人"),
            source: None,
        },
        Links::default(),
    )?;
    tx.execute(
        "UPDATE premium_subsidies SET fund_entry_id = ?2
         WHERE program_year_id = ?1 AND fund_entry_id IS NULL",
        params![program_year_id, entry],
    )?;
    audit.log(
        "premium_subsidy",
        None,
        "paid",
        Some(json!({"fund_entry_id": null}).to_string()),
        Some(json!({"fund_entry_id": entry, "rows": count}).to_string()),
    )?;
    Ok(entry)
}

/// A reversed premium payment leaves its rows unpaid again.
fn unpay_premiums_tx(tx: &Connection, audit: &mut AuditWriter<'_>, entry_id: i64) -> Result<()> {
    let n = tx.execute(
        "UPDATE premium_subsidies SET fund_entry_id = NULL WHERE fund_entry_id = ?1",
        [entry_id],
    )?;
    audit.log(
        "premium_subsidy",
        None,
        "unpaid",
        Some(json!({"fund_entry_id": entry_id, "rows": n}).to_string()),
        Some(json!({"fund_entry_id": null}).to_string()),
    )
}

/// Post the reversal of entry `id`: same kind, opposite amount. A reversed premium
/// payment leaves its rows unpaid; a reversed hospital payment (or month's refund)
/// returns its month to 已批准 (unpaid).
fn reverse_entry_tx(
    tx: &Connection,
    audit: &mut AuditWriter<'_>,
    id: i64,
    date: NaiveDate,
    reason: &str,
) -> Result<i64> {
    let Reversal {
        id: new_id,
        original,
        report_id,
    } = insert_reversal_tx(tx, audit, id, date, reason)?;
    if original.kind == EntryKind::PremiumPayment {
        unpay_premiums_tx(tx, audit, id)?;
    }
    // A month's transfer (a payment, or the refund of a month whose adjustments
    // outweighed it) is the only entry linked to a report: reversing it unpays it.
    if let Some(report_id) = report_id {
        tx.execute(
            "UPDATE monthly_reports SET status = 'approved', voucher_no = NULL, paid_date = NULL,
                    paid_by = NULL
             WHERE id = ?1 AND status = 'paid'",
            [report_id],
        )?;
        audit.log(
            "monthly_report",
            Some(report_id),
            "unpaid",
            Some(json!({"status": "paid", "voucher_no": original.doc_no}).to_string()),
            Some(json!({"status": "approved", "reason": reason}).to_string()),
        )?;
    }
    Ok(new_id)
}

impl Store {
    /// 已划拨: finance records the payment of an approved hospital-month.
    pub fn mark_paid(
        &mut self,
        report_id: i64,
        voucher_no: &str,
        paid: NaiveDate,
        actor: &Actor,
    ) -> Result<()> {
        self.write(|tx| mark_paid_tx(tx, report_id, voucher_no, paid, actor))
    }

    /// Pay a year's unpaid premiums to the insurer in one ledger payment.
    pub fn pay_premiums(
        &mut self,
        program_id: i64,
        year: i32,
        date: NaiveDate,
        doc_no: &str,
        insurer: &str,
        actor: &Actor,
    ) -> Result<i64> {
        self.write(|tx| {
            let year_id = program_year_id(tx, program_id, year)?;
            pay_premiums_tx(tx, year_id, date, doc_no, insurer, actor)
        })
    }

    /// Reverse a posted entry with a reason; returns the reversing entry's id.
    pub fn reverse_entry(
        &mut self,
        id: i64,
        date: NaiveDate,
        reason: &str,
        actor: &Actor,
    ) -> Result<i64> {
        actor.require(Action::RecordFunds)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid("冲销必须填写原因".into()));
        }
        self.write(|tx| {
            let mut audit = AuditWriter::new(tx, actor)?;
            reverse_entry_tx(tx, &mut audit, id, date, reason)
        })
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
        self.backup_and_rotate()?;
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
                        source: None,
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
