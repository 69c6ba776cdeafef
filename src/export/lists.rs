//! The lists: the 公示 list of 医疗救助 recipients (.xlsx or .docx) and a month's
//! claims detail (.xlsx or .csv), streamed row by row with progress.

use std::path::Path;

use chrono::NaiveDate;

use super::{ExportError, check_file_type, recorded};
use crate::domain::claim::Month;
use crate::domain::disclosure::ListScope;
use crate::domain::hospital::Hospital;
use crate::domain::program::Program;
use crate::report::claims_detail::ClaimsDetail;
use crate::report::public_list::{ListLine, ListTotals};
use crate::report::verify::{Document, claims_detail_figures, public_list_figures};
use crate::store::{Actor, Store};

/// The file types of the 公示 list.
pub const PUBLIC_LIST_TYPES: [&str; 2] = ["xlsx", "docx"];

/// The file types of the claims detail.
pub const CLAIMS_DETAIL_TYPES: [&str; 2] = ["xlsx", "csv"];

/// Counts the rows of a list as they are written and reports every 500th.
pub(super) struct RowCounter<'a> {
    done: usize,
    total: usize,
    report: &'a dyn Fn(usize, usize),
}

impl<'a> RowCounter<'a> {
    pub(super) fn start(total: usize, report: &'a dyn Fn(usize, usize)) -> Self {
        report(0, total);
        Self {
            done: 0,
            total,
            report,
        }
    }

    pub(super) fn tick(&mut self) {
        self.done += 1;
        if self.done.is_multiple_of(500) {
            (self.report)(self.done, self.total);
        }
    }

    /// Report the end; returns how many rows were counted.
    pub(super) fn finish(&self) -> usize {
        (self.report)(self.done, self.total);
        self.done
    }
}

/// Write the 公示 list of `program` for `scope` to `out` (.xlsx or .docx) as
/// `actor`, dated `today`, recorded with its 核验码, reporting (rows written,
/// rows in all). Refused, with nothing written, for another file type, a program
/// that is not 医疗救助, a year not opened, or a period without any recipient.
pub fn public_list(
    store: &Store,
    actor: &Actor,
    program: &Program,
    scope: ListScope,
    out: &Path,
    today: NaiveDate,
    progress: &dyn Fn(usize, usize),
) -> Result<ListTotals, ExportError> {
    let kind = check_file_type(out, &PUBLIC_LIST_TYPES)?;
    let head = crate::report::public_list::head(program, scope, today)?;
    store.program_year(program.id, scope.year())?;
    let total = store.public_list_count(program.id, scope)?;
    if total == 0 {
        return Err(ExportError::Nothing(format!(
            "{}没有可公示的救助对象（审核通过的救助或资助参保）",
            scope.label()
        )));
    }
    let fill = |sink: &mut crate::io::public_list::LineSink<'_>| {
        let mut counter = RowCounter::start(total, progress);
        let totals = crate::report::public_list::stream(store, program, scope, |line| {
            if let ListLine::Row(_) = line {
                counter.tick();
            }
            sink(&line).map_err(ExportError::from)
        })?;
        counter.finish();
        Ok::<_, ExportError>(totals)
    };
    // The figures are read once before the file is written, in the same
    // transaction, so both passes see the same rows.
    let figures = || Ok(((), public_list_figures(store, program, scope)?));
    let document = Document::public_list(program, scope, today);
    recorded(
        store,
        actor,
        &document,
        out,
        figures,
        |temp, (), stamp| match kind.as_str() {
            "docx" => crate::io::public_list::write_docx(temp, &head, stamp, fill),
            _ => crate::io::public_list::write_xlsx(temp, &head, stamp, fill),
        },
    )
}

/// The name a 公示 list is offered under: its title and the type.
pub fn public_list_file_name(program: &Program, scope: ListScope, kind: &str) -> String {
    format!(
        "{}.{kind}",
        crate::report::public_list::title(program, scope)
    )
}

/// The name a claims detail is offered under.
pub fn claims_detail_file_name(
    program: &Program,
    month: Month,
    hospital: Option<&Hospital>,
    kind: &str,
) -> String {
    match hospital {
        Some(h) => format!(
            "{}{}报账明细（{}）.{kind}",
            program.name,
            month.label(),
            h.name
        ),
        None => format!("{}{}报账明细.{kind}", program.name, month.label()),
    }
}

/// Write the claims of `program`'s `month` (every hospital, or `hospital`'s) to
/// `out` (.xlsx or .csv) as `actor`, one row per claim, recorded with its 核验码,
/// reporting (rows written, rows in all). Returns how many claims were written.
/// Refused, with nothing written, for another file type, a year not opened or a
/// month without claims.
pub fn claims_detail(
    store: &Store,
    actor: &Actor,
    program: &Program,
    month: Month,
    hospital: Option<&Hospital>,
    out: &Path,
    progress: &dyn Fn(usize, usize),
) -> Result<usize, ExportError> {
    let kind = check_file_type(out, &CLAIMS_DETAIL_TYPES)?;
    let layers = store.program_year(program.id, month.year)?.params.layers;
    let hospital_id = hospital.map(|h| h.id);
    let total = store.claim_detail_count(program.id, month, hospital_id)?;
    if total == 0 {
        return Err(ExportError::Nothing(format!(
            "{}{}没有报账明细",
            month.label(),
            hospital.map(|h| h.name.as_str()).unwrap_or("")
        )));
    }
    let detail = ClaimsDetail::new(program, month, hospital.map(|h| h.name.as_str()), &layers);
    let fill = |sink: &mut crate::io::claims_detail::RowSink<'_>| {
        let mut counter = RowCounter::start(total, progress);
        store.claim_details(program.id, month, hospital_id, &layers, |d| {
            counter.tick();
            sink(&detail.row(&d)).map_err(ExportError::from)
        })?;
        Ok::<_, ExportError>(counter.finish())
    };
    let figures = || {
        Ok((
            (),
            claims_detail_figures(store, program, month, hospital_id)?,
        ))
    };
    let document = Document::claims_detail(program, month, hospital.map(|h| h.code.as_str()));
    recorded(
        store,
        actor,
        &document,
        out,
        figures,
        |temp, (), stamp| match kind.as_str() {
            "csv" => crate::io::claims_detail::write_csv(temp, &detail, stamp, fill),
            _ => crate::io::claims_detail::write_xlsx(temp, &detail, stamp, fill),
        },
    )
}
