//! The registers: a program's roster of every person and a program-year's fund
//! ledger.

use std::path::Path;

use super::{ExportError, write_via_temp};
use crate::domain::program::{Program, ProgramYear};
use crate::store::Store;

/// The name `program`'s roster is written under (the kind's register name).
pub fn roster_file_name(program: &Program) -> &'static str {
    program.kind.register_file_name()
}

/// The name the fund ledger of `year` is written under.
pub fn ledger_file_name(year: i32) -> String {
    format!("{year}年度资金台账.xlsx")
}

/// Write `program`'s roster, every person, to `out`.
pub fn roster(store: &Store, program: &Program, out: &Path) -> Result<(), ExportError> {
    let people = store.roster_all(program.id)?;
    let title = format!("{}名册", program.name);
    write_via_temp(out, |temp| {
        Ok(crate::io::registers::write_roster(
            &title,
            program.kind,
            &people,
            temp,
        )?)
    })
}

/// Write the fund ledger of `program`'s `year` to `out`.
pub fn ledger(
    store: &Store,
    program: &Program,
    year: &ProgramYear,
    out: &Path,
) -> Result<(), ExportError> {
    let entries = store.fund_entries(year.id)?;
    let title = format!("{} {}年度资金台账", program.name, year.year);
    write_via_temp(out, |temp| {
        Ok(crate::io::registers::write_ledger(&title, &entries, temp)?)
    })
}
