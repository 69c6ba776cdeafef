//! The year summary of a program: the figures behind `medfund summary`, the
//! indicators and the report. Amounts are payable after audit.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::domain::Money;
use crate::domain::program::Program;
use crate::domain::ratio::percent;
use crate::store::{Result, Store};

/// A program-year's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub program: String,
    pub year: i32,
    pub roster_persons: i64,
    pub reimbursed_persons: i64,
    pub inpatient_persons: i64,
    pub inpatient_stays: i64,
    pub inpatient_amount: Money,
    pub outpatient_visits: i64,
    pub outpatient_amount: Money,
    pub person_times: i64,
    pub claims_total: i64,
    pub claims_audited: i64,
    pub audit_rate: Decimal,
    pub late_reports: i64,
}

/// Build the summary of `program` for `year`.
pub fn build(store: &Store, program: &Program, year: i32) -> Result<Summary> {
    store.program_year(program.id, year)?;
    let s = store.year_claim_stats(program.id, year)?;
    Ok(Summary {
        program: program.code.clone(),
        year,
        roster_persons: i64::try_from(store.roster_count(program.id)?).unwrap_or(i64::MAX),
        reimbursed_persons: s.reimbursed_persons,
        inpatient_persons: s.inpatient_persons,
        inpatient_stays: s.inpatient_stays,
        inpatient_amount: s.inpatient_amount,
        outpatient_visits: s.outpatient_visits,
        outpatient_amount: s.outpatient_amount,
        person_times: s.inpatient_stays + s.outpatient_visits,
        claims_total: s.claims_total,
        claims_audited: s.claims_audited,
        audit_rate: percent(s.claims_audited, s.claims_total),
        late_reports: s.late_reports,
    })
}

impl Summary {
    /// The JSON object `medfund summary` prints: amounts and rates as strings with
    /// 2 decimals, counts as integers.
    pub fn to_json(&self) -> Value {
        json!({
            "program": self.program,
            "year": self.year,
            "roster_persons": self.roster_persons,
            "reimbursed_persons": self.reimbursed_persons,
            "inpatient_persons": self.inpatient_persons,
            "inpatient_stays": self.inpatient_stays,
            "inpatient_amount": self.inpatient_amount.plain(),
            "outpatient_visits": self.outpatient_visits,
            "outpatient_amount": self.outpatient_amount.plain(),
            "person_times": self.person_times,
            "claims_total": self.claims_total,
            "claims_audited": self.claims_audited,
            "audit_rate": self.audit_rate.to_string(),
            "late_reports": self.late_reports,
        })
    }
}
