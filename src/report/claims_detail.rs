//! The claims detail of a month (报账明细): one row per claim with the whole ID
//! number (an internal working file, never published), the amounts of every
//! protection layer, the audit and the rule's explanation. One row model serves
//! the XLSX and the CSV writer.

use crate::domain::Money;
use crate::domain::claim::{Month, VisitType};
use crate::domain::program::{Program, ProgramKind};
use crate::domain::yes_no;
use crate::store::lists::ClaimDetail;

/// How a column's values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// An identifier kept as text even when it is all digits (票据号, 身份证号).
    Code,
    /// Short text: names, labels, dates.
    Text,
    /// A long text (计算说明).
    Long,
    /// An amount in 元.
    Money,
}

/// A column: its header and kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub kind: ColumnKind,
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Money(Money),
}

/// The file's columns and title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimsDetail {
    /// 「赫山区城乡医疗救助 2019年11月 报账明细」, with the hospital when only one.
    pub title: String,
    pub columns: Vec<Column>,
    kind: ProgramKind,
}

impl ClaimsDetail {
    /// The layout for `program`'s `month`: a 重特大疾病 column for 医疗救助, and a
    /// 「{layer}支付」 column per other protection layer of the year.
    pub fn new(program: &Program, month: Month, hospital: Option<&str>, layers: &[String]) -> Self {
        let col = |header: &str, kind| Column {
            header: header.to_owned(),
            kind,
        };
        let mut columns = vec![
            col("票据号", ColumnKind::Code),
            col("身份证号", ColumnKind::Code),
            col("姓名", ColumnKind::Text),
            col("医疗机构", ColumnKind::Text),
            col("就诊类型", ColumnKind::Text),
        ];
        if program.kind.has_catastrophic() {
            columns.push(col("重特大疾病", ColumnKind::Text));
        }
        columns.extend([
            col("入院/就诊日期", ColumnKind::Text),
            col("出院日期", ColumnKind::Text),
            col("医疗总费用", ColumnKind::Money),
            col("目录外费用", ColumnKind::Money),
        ]);
        columns.extend(layers.iter().map(|l| {
            col(
                &crate::domain::claim::layer_paid_header(l),
                ColumnKind::Money,
            )
        }));
        columns.extend([
            col("应付金额", ColumnKind::Money),
            col("审核状态", ColumnKind::Text),
            col("核减金额", ColumnKind::Money),
            col("审核意见", ColumnKind::Text),
            col("审核后应付", ColumnKind::Money),
            col("计算说明", ColumnKind::Long),
        ]);
        let title = match hospital {
            Some(h) => format!("{} {} 报账明细（{h}）", program.name, month.label()),
            None => format!("{} {} 报账明细", program.name, month.label()),
        };
        Self {
            title,
            columns,
            kind: program.kind,
        }
    }

    /// The cells of one claim, in the columns' order.
    pub fn row(&self, d: &ClaimDetail) -> Vec<Cell> {
        let c = &d.claim;
        let text = |s: &str| Cell::Text(s.to_owned());
        let (reduction, reason) = match &c.audit {
            crate::domain::claim::AuditDecision::Reduced { amount, reason } => {
                (*amount, reason.as_str())
            }
            crate::domain::claim::AuditDecision::Refused { reason } => {
                (Money::ZERO, reason.as_str())
            }
            _ => (Money::ZERO, ""),
        };
        let mut cells = vec![
            text(&c.bill_no),
            text(&c.id_number),
            text(&c.name),
            text(&d.hospital_name),
            text(c.visit_type.label()),
        ];
        if self.kind.has_catastrophic() {
            cells.push(text(yes_no(
                c.catastrophic && c.visit_type == VisitType::Inpatient,
            )));
        }
        cells.extend([
            Cell::Text(c.visit_date.to_string()),
            Cell::Text(c.discharge_date.map(|d| d.to_string()).unwrap_or_default()),
            Cell::Money(c.total),
            Cell::Money(c.out_of_catalog),
        ]);
        cells.extend(d.layers.iter().map(|m| Cell::Money(*m)));
        cells.extend([
            Cell::Money(c.payable),
            text(c.audit.label()),
            Cell::Money(reduction),
            text(reason),
            Cell::Money(d.approved),
            text(&c.explanation),
        ]);
        cells
    }
}
