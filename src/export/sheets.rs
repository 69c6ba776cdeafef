//! The two sheets that are printed and signed: a month's 支付汇总表 and a
//! 离休 program-year's 年终清算表.

use std::path::Path;

use super::{ExportError, Place, recorded, recorded_model};
use crate::domain::claim::Month;
use crate::domain::program::Program;
use crate::domain::settlement::Settlement;
use crate::report::settlement::SettlementSheet;
use crate::report::transfers::PaymentSummary;
use crate::report::verify::Document;
use crate::store::{Actor, Store};

/// The name the 支付汇总表 of `month` is written under in `place`.
pub fn payment_summary_file_name(place: Place<'_>, month: Month) -> String {
    match place {
        Place::Shared(program) => format!("{}-{}-支付汇总表.xlsx", program.code, month.code()),
        Place::YearFolder => format!("{}年{:02}月支付汇总表.xlsx", month.year, month.month),
    }
}

/// The name the 年终清算表 of `year` is written under in `place`.
pub fn settlement_file_name(place: Place<'_>, year: i32) -> String {
    match place {
        Place::Shared(program) => format!("{}-{year}-年终清算表.xlsx", program.code),
        Place::YearFolder => format!("{year}年度年终清算表.xlsx"),
    }
}

/// Build the 支付汇总表 of `program`'s `month` and write it to `out` as `actor`,
/// recorded with its 核验码; returns it. Refused, with nothing written, for a
/// month no hospital reported.
pub fn payment_summary(
    store: &Store,
    actor: &Actor,
    program: &Program,
    month: Month,
    out: &Path,
) -> Result<PaymentSummary, ExportError> {
    let document = Document::payment_summary(program, month);
    recorded(
        store,
        actor,
        &document,
        out,
        || {
            let summary = crate::report::transfers::build(store, program, month)?;
            if summary.lines.is_empty() {
                return Err(ExportError::EmptyMonth(month.label()));
            }
            let figures = summary.figures();
            Ok((summary, figures))
        },
        |temp, summary, stamp| {
            crate::io::xlsx::write_payment_summary(temp, &summary, stamp)?;
            Ok(summary)
        },
    )
}

/// Write the 年终清算表 of `program`'s `settlement` to `out` as `actor`, recorded
/// with its 核验码.
pub fn settlement_sheet(
    store: &Store,
    actor: &Actor,
    program: &Program,
    settlement: Settlement,
    out: &Path,
) -> Result<(), ExportError> {
    let document = Document::settlement(program, settlement.year);
    recorded_model(
        store,
        actor,
        &document,
        out,
        SettlementSheet::new(program, settlement),
        SettlementSheet::figures,
        crate::io::xlsx::write_settlement_sheet,
    )
}
