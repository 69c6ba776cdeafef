//! Claims import for one hospital-month: the same dry-run preview, verdicts, counts,
//! JSON and exit codes as the roster import. A row already stored with the same
//! 票据号 and the same content is 无变化; anything else about a used 票据号 is an error.

use std::collections::HashMap;
use std::path::Path;

use super::roster_import::{
    Columns, Counts, ImportError, Progress, RowError, Verdict, row_errors, tally,
};
use super::table::{Cell, read_table};
use crate::domain::beneficiary::{Status, normalize_name, status_on};
use crate::domain::claim::{self as c, ClaimDraft, ClaimInput, Month};
use crate::domain::dates::iso;
use crate::domain::identity::NO_IDENTITY;
use crate::domain::program::Program;
use crate::store::claims::{ReportKey, add_claims};
use crate::store::{Actor, Store, StoreError};

/// The columns a claims file may have, with the headers each accepts.
pub const COLUMNS: &[(&str, &[&str], bool)] = &[
    (
        c::ID_NUMBER,
        &["身份证号", "公民身份号码", "证件号码", "身份证号码"],
        true,
    ),
    (c::NAME, &["姓名", "患者姓名"], false),
    (c::VISIT_TYPE, &["就诊类型", "类型", "医疗类别"], true),
    (
        c::VISIT_DATE,
        &["就诊日期", "入院日期", "就诊/入院日期"],
        true,
    ),
    (c::DISCHARGE_DATE, &["出院日期"], false),
    (c::TOTAL, &["医疗总费用", "总费用", "费用总额"], true),
    (
        c::OUT_OF_CATALOG,
        &["目录外费用", "目录外", "自费费用"],
        false,
    ),
    (c::BILL_NO, &["票据号", "发票号", "单据号"], true),
    (c::CATASTROPHIC, &["重特大疾病", "是否重特大疾病"], false),
];

/// One previewed row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimPreviewRow {
    pub excel_row: usize,
    pub name: String,
    pub bill_no: String,
    /// 新增, 无变化 or 错误 (a claim is never updated by an import).
    pub verdict: Verdict,
}

/// The dry run of a claims file.
#[derive(Clone, Debug)]
pub struct ClaimsPreview {
    pub key: ReportKey,
    pub rows: Vec<ClaimPreviewRow>,
    pub new_claims: Vec<ClaimInput>,
    /// The file was read as GBK (not UTF-8): the preview says so.
    pub gbk: bool,
}

impl ClaimsPreview {
    pub fn counts(&self) -> Counts {
        tally(self.rows.iter().map(|r| &r.verdict))
    }

    pub fn errors(&self) -> Vec<RowError> {
        row_errors(self.rows.iter().map(|r| &r.verdict))
    }
}

/// Read and preview a claims file for `hospital_id` and `month`. Writes nothing.
pub fn preview_file(
    store: &Store,
    program: &Program,
    hospital_id: i64,
    month: Month,
    path: &Path,
    progress: &Progress<'_>,
) -> Result<ClaimsPreview, ImportError> {
    let mut table = read_table(path)?;
    table.find_header_row(COLUMNS[0].1);
    let cols = Columns::find(&table, COLUMNS)?;
    if let Some(report) = store.find_report(program.id, hospital_id, month)?
        && report.locked
    {
        return Err(StoreError::Invalid(format!(
            "{} {} 的报账已批准锁定，不能导入",
            month.label(),
            report.hospital_name
        ))
        .into());
    }
    // Each other protection layer of the year is read from a column 「{layer}支付」
    // (or of the layer's own name).
    let layers: Vec<(String, Option<usize>)> = store
        .program_year(program.id, month.year)?
        .params
        .layers
        .into_iter()
        .map(|l| {
            let column = table.column(&[c::layer_paid_header(&l).as_str(), l.as_str()]);
            (l, column)
        })
        .collect();
    let people = store.claim_people(program.id)?;
    let stored = store.hospital_bills(hospital_id)?;
    let total = table.rows.len();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut preview = ClaimsPreview {
        key: ReportKey {
            program_id: program.id,
            hospital_id,
            month,
        },
        rows: Vec::with_capacity(total),
        new_claims: Vec::new(),
        gbk: table.gbk,
    };
    for (i, row) in table.rows.iter().enumerate() {
        progress.step(i, total)?;
        let err = |column: &str, value: String, message: String| {
            RowError::new(row.excel_row, column, &value, message)
        };
        let text = |name: &str| cols.get(row, name).text();
        let draft = ClaimDraft {
            id_number: match cols.get(row, c::ID_NUMBER) {
                Cell::Number(n) => n.clone(),
                other => other.text(),
            },
            visit_type: text(c::VISIT_TYPE),
            visit_date: text(c::VISIT_DATE),
            discharge_date: text(c::DISCHARGE_DATE),
            total: text(c::TOTAL),
            out_of_catalog: text(c::OUT_OF_CATALOG),
            bill_no: text(c::BILL_NO),
            other_layers: layers
                .iter()
                .map(|(l, column)| (l.clone(), row.cell(*column).text()))
                .collect(),
            catastrophic: text(c::CATASTROPHIC),
        };
        let name = normalize_name(&text(c::NAME));
        let mut errors = Vec::new();
        let input = match draft.validate(month) {
            Ok(input) => Some(input),
            Err(es) => {
                errors.extend(es.into_iter().map(|e| err(&e.field, e.value, e.message)));
                None
            }
        };
        let mut verdict_unchanged = false;
        if let Some(input) = &input {
            match people.get(&input.id_number) {
                None => errors.push(err(
                    c::ID_NUMBER,
                    input.id_number.clone(),
                    "不在本项目名册中".into(),
                )),
                Some(p) => {
                    let status = status_on(&p.events, input.visit_date);
                    if status != Status::Active {
                        errors.push(err(
                            c::VISIT_DATE,
                            iso(input.visit_date),
                            format!("「{}」在该日已{}，不在册", p.name, status.label()),
                        ));
                    }
                    if program.kind.has_identities()
                        && !p.identities.iter().any(|s| s.valid_on(input.visit_date))
                    {
                        errors.push(err(
                            c::VISIT_DATE,
                            iso(input.visit_date),
                            format!("「{}」：{NO_IDENTITY}", p.name),
                        ));
                    }
                    if !name.is_empty() && name != normalize_name(&p.name) {
                        errors.push(err(
                            c::NAME,
                            name.clone(),
                            format!("与名册中的姓名「{}」不符", p.name),
                        ));
                    }
                }
            }
            if let Some(first) = seen.get(&input.bill_no) {
                errors.push(err(
                    c::BILL_NO,
                    input.bill_no.clone(),
                    format!("与第 {first} 行的票据号重复"),
                ));
            } else {
                seen.insert(input.bill_no.clone(), row.excel_row);
            }
            if let Some(old) = stored.get(&input.bill_no) {
                let same = old.id_number == input.id_number
                    && old.visit_date == input.visit_date
                    && old.total == input.total
                    && old.out_of_catalog == input.out_of_catalog;
                if same {
                    verdict_unchanged = true;
                } else {
                    errors.push(err(
                        c::BILL_NO,
                        input.bill_no.clone(),
                        format!("票据号已使用（{} {} 就诊）", old.name, iso(old.visit_date)),
                    ));
                }
            }
        }
        let verdict = match input {
            Some(input) if errors.is_empty() => {
                if verdict_unchanged {
                    Verdict::Unchanged
                } else {
                    preview.new_claims.push(input);
                    Verdict::New
                }
            }
            _ => Verdict::Error(errors),
        };
        preview.rows.push(ClaimPreviewRow {
            excel_row: row.excel_row,
            name,
            bill_no: draft.bill_no,
            verdict,
        });
    }
    (progress.report)(total, total);
    Ok(preview)
}

/// Write the preview's new claims in one transaction.
pub fn commit(
    store: &mut Store,
    preview: &ClaimsPreview,
    actor: &Actor,
    progress: &Progress<'_>,
) -> Result<Counts, ImportError> {
    let total = preview.new_claims.len();
    add_claims(
        store,
        preview.key,
        &preview.new_claims,
        actor,
        &progress.counting(total),
        progress.cancel,
    )?;
    Ok(preview.counts())
}
