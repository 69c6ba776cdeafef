//! A file of 审核结论 for one hospital-month (`medfund audit`): the same dry-run
//! preview, verdicts, counts, JSON and exit codes as the imports. Each row names a
//! claim by 票据号 and gives 通过, 核减 (with 核减金额) or 拒付, with 审核意见 for
//! the last two; `pass_rest` also passes every claim still 待审 that the file does
//! not name. The decisions go through [`Store::audit_decisions`], the store function
//! behind the GUI's audit buttons.

use std::collections::HashMap;
use std::path::Path;

use super::roster_import::{
    Columns, Counts, ImportError, Progress, RowError, Verdict, row_errors, tally,
};
use super::table::read_table;
use crate::domain::Money;
use crate::domain::claim::{self as c, AuditDecision, Month};
use crate::domain::program::Program;
use crate::store::claims::ClaimRecord;
use crate::store::{Actor, Store, StoreError};

/// The columns a file of 审核结论 may have, with the headers each accepts.
pub const COLUMNS: &[(&str, &[&str], bool)] = &[
    (c::BILL_NO, &["票据号", "发票号", "单据号"], true),
    (c::NAME, &["姓名", "患者姓名"], false),
    (c::AUDIT_CONCLUSION, &["审核结论", "审核结果"], true),
    (c::AUDIT_REDUCTION, &["核减金额", "核减"], false),
    (
        c::AUDIT_REASON,
        &["审核意见", "核减原因", "拒付原因", "原因"],
        false,
    ),
];

/// One previewed decision: a row of the file, or (row 0) a claim passed by
/// `pass_rest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditPreviewRow {
    pub excel_row: usize,
    pub name: String,
    pub bill_no: String,
    /// The decision as it will read in the claim list, e.g. 「核减 500.00：超标准收费」.
    pub decision: String,
    /// 新增 (a decision to apply), 无变化 (the claim already has it) or 错误.
    pub verdict: Verdict,
}

/// The dry run of a file of 审核结论.
#[derive(Clone, Debug)]
pub struct AuditPreview {
    pub rows: Vec<AuditPreviewRow>,
    /// The decisions a commit applies, by claim id.
    pub decisions: Vec<(i64, AuditDecision)>,
    /// The file was read as GBK (not UTF-8): the preview says so.
    pub gbk: bool,
}

impl AuditPreview {
    pub fn counts(&self) -> Counts {
        tally(self.rows.iter().map(|r| &r.verdict))
    }

    pub fn errors(&self) -> Vec<RowError> {
        row_errors(self.rows.iter().map(|r| &r.verdict))
    }

    /// What a commit decides, e.g. 「审核 5 条：通过 3 条，核减 1 条（核减 500.00 元），拒付 1 条」.
    pub fn summary(&self) -> String {
        let count =
            |f: fn(&AuditDecision) -> bool| self.decisions.iter().filter(|(_, d)| f(d)).count();
        let cut: Money = self.decisions.iter().map(|(_, d)| d.reduction()).sum();
        format!(
            "审核 {} 条：通过 {} 条，核减 {} 条（核减 {} 元），拒付 {} 条",
            self.decisions.len(),
            count(|d| matches!(d, AuditDecision::Passed)),
            count(|d| matches!(d, AuditDecision::Reduced { .. })),
            cut.grouped(),
            count(|d| matches!(d, AuditDecision::Refused { .. })),
        )
    }
}

/// A decision as the clerk reads it.
fn describe(d: &AuditDecision) -> String {
    match d {
        AuditDecision::Pending | AuditDecision::Passed => d.label().to_owned(),
        AuditDecision::Reduced { amount, reason } => {
            format!("{} {}：{reason}", d.label(), amount.plain())
        }
        AuditDecision::Refused { reason } => format!("{}：{reason}", d.label()),
    }
}

/// The claims of the hospital-month, refusing a month that is missing or locked.
fn month_claims(
    store: &Store,
    program: &Program,
    hospital_id: i64,
    month: Month,
) -> Result<Vec<ClaimRecord>, StoreError> {
    let Some(report) = store.find_report(program.id, hospital_id, month)? else {
        return Err(StoreError::Invalid(format!(
            "该医院 {} 没有报账，无可审核",
            month.label()
        )));
    };
    if report.locked {
        return Err(StoreError::Invalid(format!(
            "{} {} 的报账已批准锁定，不能再审核",
            month.label(),
            report.hospital_name
        )));
    }
    store.report_claims(report.id)
}

/// Preview the decisions of `path` (if any) for a hospital-month, plus with
/// `pass_rest` a 通过 for every claim still 待审 that the file does not name.
/// Writes nothing.
pub fn preview(
    store: &Store,
    program: &Program,
    hospital_id: i64,
    month: Month,
    path: Option<&Path>,
    pass_rest: bool,
    progress: &Progress<'_>,
) -> Result<AuditPreview, ImportError> {
    let claims = month_claims(store, program, hospital_id, month)?;
    let by_bill: HashMap<&str, &ClaimRecord> =
        claims.iter().map(|c| (c.bill_no.as_str(), c)).collect();
    let mut preview = AuditPreview {
        rows: Vec::new(),
        decisions: Vec::new(),
        gbk: false,
    };
    // 票据号 the file names (rows in error too), with the row that named it first.
    let mut named: HashMap<String, usize> = HashMap::new();
    if let Some(path) = path {
        let mut table = read_table(path)?;
        table.find_header_row(COLUMNS[0].1);
        preview.gbk = table.gbk;
        let cols = Columns::find(&table, COLUMNS)?;
        let total = table.rows.len();
        for (i, row) in table.rows.iter().enumerate() {
            progress.step(i, total)?;
            let text = |name: &str| cols.get(row, name).text();
            let bill_no = text(c::BILL_NO).trim().to_owned();
            let claim = by_bill.get(bill_no.as_str()).copied();
            let parsed = AuditDecision::from_row(
                &text(c::AUDIT_CONCLUSION),
                &text(c::AUDIT_REDUCTION),
                &text(c::AUDIT_REASON),
            );
            let verdict = match judge(&bill_no, claim, &parsed, named.get(&bill_no), month) {
                Ok(Some(decision)) => {
                    preview.decisions.push(decision);
                    Verdict::New
                }
                Ok(None) => Verdict::Unchanged,
                Err((column, value, message)) => {
                    Verdict::Error(vec![RowError::new(row.excel_row, &column, &value, message)])
                }
            };
            if !bill_no.is_empty() {
                named.entry(bill_no.clone()).or_insert(row.excel_row);
            }
            preview.rows.push(AuditPreviewRow {
                excel_row: row.excel_row,
                name: claim
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| text(c::NAME)),
                bill_no,
                decision: parsed.as_ref().map(describe).unwrap_or_default(),
                verdict,
            });
        }
        (progress.report)(total, total);
    }
    if pass_rest {
        for claim in &claims {
            if claim.audit == AuditDecision::Pending && !named.contains_key(&claim.bill_no) {
                preview.decisions.push((claim.id, AuditDecision::Passed));
                preview.rows.push(AuditPreviewRow {
                    excel_row: 0,
                    name: claim.name.clone(),
                    bill_no: claim.bill_no.clone(),
                    decision: "通过（其余待审）".into(),
                    verdict: Verdict::New,
                });
            }
        }
    }
    Ok(preview)
}

/// A refused row: column, value and why.
type Refusal = (String, String, String);

/// What one row does: a decision to apply, nothing (the claim already has it), or
/// why not.
fn judge(
    bill_no: &str,
    claim: Option<&ClaimRecord>,
    parsed: &Result<AuditDecision, c::ClaimFieldError>,
    first_row: Option<&usize>,
    month: Month,
) -> Result<Option<(i64, AuditDecision)>, Refusal> {
    let refuse = |column: &str, value: &str, message: String| {
        Err((column.to_owned(), value.to_owned(), message))
    };
    if bill_no.is_empty() {
        return refuse(c::BILL_NO, "", "票据号不能为空".into());
    }
    if let Some(first) = first_row {
        return refuse(c::BILL_NO, bill_no, format!("与第 {first} 行的票据号重复"));
    }
    let Some(claim) = claim else {
        return refuse(
            c::BILL_NO,
            bill_no,
            format!("该医院 {} 的报账中没有这个票据号", month.label()),
        );
    };
    let decision = match parsed {
        Ok(d) => d,
        Err(e) => return refuse(&e.field, &e.value, e.message.clone()),
    };
    if claim.audit == *decision {
        return Ok(None);
    }
    if claim.audit != AuditDecision::Pending {
        return refuse(
            c::AUDIT_CONCLUSION,
            decision.label(),
            format!(
                "该报账已审核为「{}」，不能再按文件审核（如需更改，请在月度报账页操作）",
                describe(&claim.audit)
            ),
        );
    }
    match decision.check(claim.payable) {
        Err(message) => refuse(c::AUDIT_REDUCTION, &decision.reduction().plain(), message),
        Ok(()) => Ok(Some((claim.id, decision.clone()))),
    }
}

/// Apply the preview's decisions in one transaction.
pub fn commit(
    store: &mut Store,
    preview: &AuditPreview,
    actor: &Actor,
) -> Result<Counts, ImportError> {
    store.audit_decisions(&preview.decisions, actor)?;
    Ok(preview.counts())
}
