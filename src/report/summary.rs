//! The year summary of a program: the figures behind `medfund summary`, the
//! indicators and the report. Amounts are payable after audit. A 医疗救助 year
//! adds its own figures (资助参保, 直接救助, 特困供养, …).

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::domain::fund::FundTotals;
use crate::domain::fund_sources::SourceSums;
use crate::domain::program::{Figures, Program, ProgramKind};
use crate::domain::ratio::percent;
use crate::store::assistance_stats::AssistanceYearStats;
use crate::store::claims::YearClaimStats;
use crate::store::{Result, Store};

/// A program-year's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub program: String,
    pub kind: ProgramKind,
    pub year: i32,
    pub roster_persons: i64,
    /// People on the roster with a social-security card (one-stop settlement).
    pub card_holders: i64,
    /// The year's claims after audit, as the store counts them.
    pub claims: YearClaimStats,
    /// 离休: inpatient stays + outpatient visits. 医疗救助: 资助参保 persons +
    /// 直接救助人次.
    pub person_times: i64,
    pub audit_rate: Decimal,
    /// The fund position from the ledger.
    pub funds: FundTotals,
    /// Its budgets and appropriations by source (中央 … 其他).
    pub fund_sources: SourceSums,
    /// 医疗救助's own figures; none for 离休.
    pub assistance: Option<AssistanceYearStats>,
}

/// Build the summary of `program` for `year`.
pub fn build(store: &Store, program: &Program, year: i32) -> Result<Summary> {
    let program_year = store.program_year(program.id, year)?;
    let claims = store.year_claim_stats(program.id, year)?;
    let assistance = match program.kind.figures() {
        Figures::Reimbursement => None,
        Figures::Assistance => Some(store.assistance_year_stats(program.id, year)?),
    };
    Ok(Summary {
        program: program.code.clone(),
        kind: program.kind,
        year,
        roster_persons: i64::try_from(store.roster_count(program.id)?).unwrap_or(i64::MAX),
        card_holders: store.card_holders(program.id)?,
        person_times: assistance.map_or(claims.inpatient_stays + claims.outpatient_visits, |a| {
            a.person_times()
        }),
        audit_rate: percent(claims.claims_audited, claims.claims_total),
        funds: store.fund_totals(program_year.id)?,
        fund_sources: store.fund_source_sums(program_year.id)?,
        claims,
        assistance,
    })
}

impl Summary {
    /// The JSON object `medfund summary` prints: amounts and rates as strings with
    /// 2 decimals, counts as integers, and every metric of the program's kind.
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
            if let Some(Value::Object(more)) = self.assistance.as_ref().map(assistance_json) {
                map.extend(more);
            }
            for m in crate::report::metrics::metrics_for(self.kind) {
                map.entry(m.code)
                    .or_insert_with(|| Value::String((m.value)(self).to_string()));
            }
        }
        out
    }
}

/// 医疗救助's figures in the summary JSON.
fn assistance_json(a: &AssistanceYearStats) -> Value {
    json!({
        "premium_persons": a.premium_persons,
        "premium_amount": a.premium_amount.plain(),
        "direct_person_times": a.direct_person_times,
        "direct_amount": a.direct_amount.plain(),
        "direct_poor_person_times": a.direct_poor_person_times,
        "direct_poor_share": a.direct_poor_share().to_string(),
        "catastrophic_person_times": a.catastrophic_person_times,
        "catastrophic_poor_person_times": a.catastrophic_poor_person_times,
        "catastrophic_poor_share": a.catastrophic_poor_share().to_string(),
        "tekun_persons": a.tekun.persons,
        "tekun_admissions": a.tekun.admissions,
        "tekun_admission_rate": a.tekun.admission_rate().to_string(),
        "previous_tekun_persons": a.previous_tekun.persons,
        "previous_tekun_admissions": a.previous_tekun.admissions,
        "previous_tekun_admission_rate": a.previous_tekun.admission_rate().to_string(),
        "one_stop_person_times": a.one_stop_person_times,
        "one_stop_rate": a.one_stop_rate().to_string(),
        "paid_through": a.paid_through.map(crate::domain::dates::iso),
    })
}
