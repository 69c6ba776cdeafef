//! The payment rule of a program-year: claim by claim (离休) or person by person
//! over the year (医疗救助), as the year's parameters choose it in domain.

use rusqlite::Connection;

use super::Result;
pub use crate::domain::rules::ClaimRule;

/// The payment rule of a program for a year, as its parameters choose it.
pub fn claim_rule(conn: &Connection, program_id: i64, year: i32) -> Result<ClaimRule> {
    let year_id = super::programs::program_year_id(conn, program_id, year)?;
    let params = super::programs::year_params(conn, year_id)?;
    Ok(ClaimRule::of_year(&params, year))
}
