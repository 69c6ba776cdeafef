//! The payment rule of a program-year: claim by claim (离休) or person by person
//! over the year (医疗救助), from the program's kind and the year's parameters.

use rusqlite::Connection;

use super::Result;
use crate::domain::assistance::AssistanceParams;
use crate::domain::program::ProgramKind;
use crate::domain::rules::PayRule;

/// How a program-year computes payable amounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClaimRule {
    /// Claim by claim (离休).
    PerClaim(PayRule),
    /// Person by person over the year (医疗救助); see the assistance module.
    Assistance(AssistanceParams),
}

/// The payment rule of a program for a year, from its kind and the year's parameters.
pub fn claim_rule(conn: &Connection, program_id: i64, year: i32) -> Result<ClaimRule> {
    let kind = super::programs::program_kind(conn, program_id)?;
    let year_id = super::programs::program_year_id(conn, program_id, year)?;
    let params = super::programs::year_params(conn, year_id)?;
    Ok(match kind {
        ProgramKind::Lixiu => ClaimRule::PerClaim(PayRule::Lixiu {
            out_of_catalog_percent: params.out_of_catalog_percent,
        }),
        ProgramKind::Jiuzhu => ClaimRule::Assistance(params.assistance(year)),
    })
}
