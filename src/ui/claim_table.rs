//! The claims table shared by 月度报账 and 划拨审核: one virtualized row per claim
//! with who entered and audited it, and its explanation on hover.

use super::widgets::with_header;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::style;
use crate::domain::dates::iso;
use crate::domain::duty::Doer;
use crate::store::claims::ClaimRecord;

/// Which amount the 应付 column shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountShown {
    /// The rule's payable amount (while claims are being entered).
    Payable,
    /// The amount payable after audit (for review).
    AfterAudit,
}

/// Who did a step, or a dash when it is not known.
fn doer_name(doer: Option<&Doer>) -> String {
    doer.map_or_else(|| "—".to_owned(), |d| d.name.clone())
}

/// Show `claims`, newest first when `newest_first`; `selected` is highlighted and
/// `marked` claims (e.g. picked by 抽查) are flagged. Returns the claim clicked.
pub fn claim_table_ui(
    ui: &mut Ui,
    id_salt: &str,
    claims: &[ClaimRecord],
    amount: AmountShown,
    newest_first: bool,
    selected: Option<i64>,
    marked: &[i64],
) -> Option<i64> {
    let mut clicked = None;
    let amount_title = match amount {
        AmountShown::Payable => "应付",
        AmountShown::AfterAudit => "审核后应付",
    };
    with_header(
        TableBuilder::new(ui)
            .id_salt(id_salt)
            .striped(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center)),
        26.0,
        &[
            (Column::initial(130.0), "票据号"),
            (Column::initial(70.0), "姓名"),
            (Column::initial(108.0), "类型"),
            (Column::initial(200.0), "就诊 / 住院日期"),
            (Column::initial(100.0), "医疗总费用"),
            (Column::initial(90.0), "目录外"),
            (Column::initial(100.0), amount_title),
            (Column::initial(60.0), "审核"),
            (Column::initial(70.0), "录入人"),
            (Column::initial(70.0), "审核人"),
            (Column::remainder().at_least(160.0), "计算说明"),
        ],
    )
    .body(|body| {
        body.rows(24.0, claims.len(), |mut row| {
            let i = if newest_first {
                claims.len() - 1 - row.index()
            } else {
                row.index()
            };
            let c = &claims[i];
            row.set_selected(selected == Some(c.id));
            let dates = match c.discharge_date {
                Some(d) => format!("{} 至 {}", iso(c.visit_date), iso(d)),
                None => iso(c.visit_date),
            };
            let shown = match amount {
                AmountShown::Payable => c.payable,
                AmountShown::AfterAudit => c.payable_after_audit(),
            };
            for text in [
                c.bill_no.clone(),
                c.name.clone(),
                if c.catastrophic {
                    format!("{}（重特大）", c.visit_type.label())
                } else {
                    c.visit_type.label().to_owned()
                },
                dates,
                c.total.grouped(),
                c.out_of_catalog.grouped(),
                shown.grouped(),
                if marked.contains(&c.id) {
                    format!("{}（抽中）", c.audit.label())
                } else {
                    c.audit.label().to_owned()
                },
                doer_name(c.entered_by.as_ref()),
                doer_name(c.audited_by.as_ref()),
            ] {
                row.col(|ui| {
                    ui.add(egui::Label::new(text).selectable(false).truncate());
                });
            }
            row.col(|ui| {
                ui.add(
                    egui::Label::new(RichText::new(&c.explanation).small().color(style::MUTED))
                        .selectable(false)
                        .truncate(),
                )
                .on_hover_text(&c.explanation);
            });
            if row.response().clicked() {
                clicked = Some(c.id);
            }
        });
    });
    clicked
}
