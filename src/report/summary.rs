//! The year summary of a program: the figures behind `medfund summary`, the
//! indicators and the report. Amounts are payable after audit.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::domain::fund::FundTotals;
use crate::domain::program::Program;
use crate::domain::ratio::percent;
use crate::store::claims::YearClaimStats;
use crate::store::{Result, Store};

/// A program-year's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub program: String,
    pub year: i32,
    pub roster_persons: i64,
    /// People on the roster with a social-security card (one-stop settlement).
    pub card_holders: i64,
    /// The year's claims after audit, as the store counts them.
    pub claims: YearClaimStats,
    pub person_times: i64,
    pub audit_rate: Decimal,
    /// The fund position from the ledger.
    pub funds: FundTotals,
}

/// Build the summary of `program` for `year`.
pub fn build(store: &Store, program: &Program, year: i32) -> Result<Summary> {
    let program_year = store.program_year(program.id, year)?;
    let claims = store.year_claim_stats(program.id, year)?;
    Ok(Summary {
        program: program.code.clone(),
        year,
        roster_persons: i64::try_from(store.roster_count(program.id)?).unwrap_or(i64::MAX),
        card_holders: store.card_holders(program.id)?,
        person_times: claims.inpatient_stays + claims.outpatient_visits,
        audit_rate: percent(claims.claims_audited, claims.claims_total),
        funds: store.fund_totals(program_year.id)?,
        claims,
    })
}

impl Summary {
    /// The JSON object `medfund summary` prints: amounts and rates as strings with
    /// 2 decimals, counts as integers.
    pub fn to_json(&self) -> Value {
        let c = &self.claims;
        let mut out = json!({
            "program": self.program,
            "year": self.year,
            "roster_persons": self.roster_persons,
            "reimbursed_persons": c.reimbursed_persons,
            "inpatient_persons": c.inpatient_persons,
            "inpatient_stays": c.inpatient_stays,
            "inpatient_amount": c.inpatient_amount.plain(),
            "outpatient_visits": c.outpatient_visits,
            "outpatient_amount": c.outpatient_amount.plain(),
            "person_times": self.person_times,
            "claims_total": c.claims_total,
            "claims_audited": c.claims_audited,
            "audit_rate": self.audit_rate.to_string(),
            "late_reports": c.late_reports,
            "budget_initial": self.funds.budget_initial.plain(),
            "budget_full": self.funds.budget_full.plain(),
            "carried": self.funds.carried.plain(),
            "received": self.funds.received.plain(),
            "paid": self.funds.paid.plain(),
            "balance": self.funds.balance.plain(),
            "execution_rate": self.funds.execution_rate.to_string(),
            "arrival_rate": self.funds.arrival_rate.to_string(),
            "funding_gap": self.funds.gap.plain(),
        });
        if let Some(map) = out.as_object_mut() {
            for m in crate::report::metrics::METRICS {
                map.entry(m.code)
                    .or_insert_with(|| Value::String((m.value)(self).to_string()));
            }
        }
        out
    }
}
