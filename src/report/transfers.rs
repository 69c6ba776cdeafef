//! The monthly 支付汇总表: one row per hospital with its bank details and the amount
//! payable after audit, the total in figures and in Chinese capitals. For 医疗救助
//! the amount includes the recomputed differences of earlier months the hospital's
//! month carries, as the ledger payment does. The signature lines name who
//! entered, audited, approved and paid the month.

use crate::domain::Money;
use crate::domain::capital::to_capital;
use crate::domain::claim::Month;
use crate::domain::program::Program;
use crate::store::claims::MonthDoers;
use crate::store::{Result, Store};

/// One hospital's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentLine {
    pub code: String,
    pub name: String,
    pub bank: String,
    pub account: String,
    pub claims: i64,
    /// What the month pays: its claims after audit plus the adjustments it carries.
    pub payable: Money,
    pub status: String,
}

/// The whole sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentSummary {
    pub title: String,
    pub unit: String,
    pub month: Month,
    pub lines: Vec<PaymentLine>,
    pub total_claims: i64,
    pub total: Money,
    /// 大写金额 of the total.
    pub total_capital: String,
    /// Who entered, audited, approved and paid the month, for the signature lines.
    pub doers: MonthDoers,
}

impl PaymentSummary {
    /// The line under the signature lines naming who did each step of the month
    /// (a dash for a step nobody is known to have done).
    pub fn doers_line(&self) -> String {
        let names = |n: &[String]| {
            if n.is_empty() {
                "—".to_owned()
            } else {
                n.join("、")
            }
        };
        let d = &self.doers;
        format!(
            "录入：{}　审核：{}　批准：{}　支付：{}",
            names(&d.entered),
            names(&d.audited),
            names(&d.approved),
            names(&d.paid)
        )
    }
}

/// Build the 支付汇总表 of `program` for `month`.
pub fn build(store: &Store, program: &Program, month: Month) -> Result<PaymentSummary> {
    let hospitals = store.hospitals()?;
    let lines: Vec<PaymentLine> = store
        .transfer_rows(program.id, month)?
        .into_iter()
        .map(|row| {
            let h = hospitals.iter().find(|h| h.id == row.report.hospital_id);
            PaymentLine {
                code: row.report.hospital_code.clone(),
                name: row.report.hospital_name.clone(),
                bank: h.map(|h| h.bank_name.clone()).unwrap_or_default(),
                account: h.map(|h| h.bank_account.clone()).unwrap_or_default(),
                claims: row.claims,
                payable: row.to_transfer,
                status: row.report.status.label().to_owned(),
            }
        })
        .collect();
    let total: Money = lines.iter().map(|l| l.payable).sum();
    Ok(PaymentSummary {
        title: format!("{} {} 支付汇总表", program.name, month.label()),
        unit: program.unit.clone(),
        month,
        total_claims: lines.iter().map(|l| l.claims).sum(),
        total_capital: to_capital(total),
        total,
        lines,
        doers: store.month_doers(program.id, month)?,
    })
}
