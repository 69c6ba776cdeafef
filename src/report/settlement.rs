//! The 年终清算表 of a 离休 program-year and its JSON for `medfund settlement`.

use serde_json::{Value, json};

use crate::domain::capital::to_capital;
use crate::domain::program::Program;
use crate::domain::settlement::Settlement;

/// The settlement as printed: title, unit and the figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettlementSheet {
    pub title: String,
    pub unit: String,
    pub settlement: Settlement,
    /// 大写 of the total top-up.
    pub total_capital: String,
}

impl SettlementSheet {
    pub fn new(program: &Program, settlement: Settlement) -> Self {
        Self {
            title: format!("{} {}年度年终清算表", program.name, settlement.year),
            unit: program.unit.clone(),
            total_capital: to_capital(settlement.total_top_up),
            settlement,
        }
    }
}

/// The JSON `medfund settlement` prints. ID numbers are whole here, for machine use.
pub fn to_json(s: &Settlement) -> Value {
    let nf = &s.not_final;
    json!({
        "year": s.year,
        "persons": s.lines.iter().map(|l| json!({
            "id_number": l.id_number,
            "name": l.name,
            "category": l.category,
            "quota": l.quota.plain(),
            "months": l.months,
            "prorated_quota": l.prorated_quota.plain(),
            "used": l.used.plain(),
            "top_up": l.top_up.plain(),
        })).collect::<Vec<_>>(),
        "total_used": s.total_used.plain(),
        "total_top_up": s.total_top_up.plain(),
        "pooling_limit": s.pooling_limit.plain(),
        "pooling_excess": s.pooling_excess.plain(),
        "pending_claims": {"count": nf.pending_claims, "amount": nf.pending_amount.plain()},
        "unapproved_months": nf.unapproved_months.iter().map(|m| json!({
            "month": m.month.code(),
            "hospital_code": m.hospital_code,
            "hospital": m.hospital,
            "status": m.status,
        })).collect::<Vec<_>>(),
    })
}
