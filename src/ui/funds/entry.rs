//! 资金台账's entry form: its state, its dialog and its submit.

use chrono::Datelike;
use egui::Ui;

use super::default_date;
use crate::domain::Money;
use crate::domain::dates::{iso, parse_date};
use crate::domain::declaration::FundSource;
use crate::domain::fund::{EntryKind, quarter_of, signed_amount};

/// Whether an entry of `kind` names where its money comes from.
fn has_source(kind: EntryKind) -> bool {
    matches!(
        kind,
        EntryKind::BudgetInitial | EntryKind::BudgetAdjust | EntryKind::Appropriation
    )
}
use crate::store::funds::NewEntry;
use crate::ui::app::PageCtx;
use crate::ui::error::UiError;
use crate::ui::widgets::{DialogAction, FocusOnOpen, enter_pressed, form_dialog_ui, form_row_ui};

/// The form for a new entry.
pub(super) struct EntryForm {
    kind: EntryKind,
    decrease: bool,
    date: String,
    doc_no: String,
    /// 0 = from the date.
    quarter: u32,
    amount: String,
    id_number: String,
    counterparty: String,
    note: String,
    /// Where a budget or an appropriation comes from; none stated by default.
    source: Option<FundSource>,
    pub(super) error: Option<String>,
    focus: FocusOnOpen,
}

impl EntryForm {
    /// A blank form dated today, or the year's last day for a past year.
    pub(super) fn new(year: i32) -> Self {
        Self {
            kind: EntryKind::Appropriation,
            decrease: false,
            date: iso(default_date(year)),
            doc_no: String::new(),
            quarter: 0,
            amount: String::new(),
            id_number: String::new(),
            counterparty: String::new(),
            note: String::new(),
            source: None,
            error: None,
            focus: FocusOnOpen::new(),
        }
    }
}

pub(super) fn entry_dialog_ui(ui: &mut Ui, form: &mut EntryForm) -> DialogAction {
    form_dialog_ui(ui, 560.0, "登记收支", None, |ui, submit| {
        let label = ui.label("类型");
        egui::ComboBox::from_id_salt("fund_entry_kind")
            .selected_text(form.kind.label())
            .width(280.0)
            .show_ui(ui, |ui| {
                for k in EntryKind::MANUAL {
                    ui.selectable_value(&mut form.kind, k, k.label());
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        if form.kind == EntryKind::BudgetAdjust {
            ui.label("调整方向");
            ui.horizontal(|ui| {
                ui.radio_value(&mut form.decrease, false, "追加");
                ui.radio_value(&mut form.decrease, true, "调减");
            });
            ui.end_row();
        }
        let r = form_row_ui(ui, "日期", &mut form.date, "YYYY-MM-DD", None, None);
        *submit |= enter_pressed(ui, &r);
        let doc_label = match form.kind {
            EntryKind::CashPayment | EntryKind::Refund => "凭证号",
            _ => "文号",
        };
        let r = form_row_ui(
            ui,
            doc_label,
            &mut form.doc_no,
            "例如：丰财社〔2022〕10号",
            None,
            None,
        );
        *submit |= enter_pressed(ui, &r);
        if form.kind == EntryKind::Appropriation {
            let label = ui.label("季度");
            let text = |q: u32| {
                if q == 0 {
                    "按日期".to_owned()
                } else {
                    format!("第{q}季度")
                }
            };
            egui::ComboBox::from_id_salt("fund_entry_quarter")
                .selected_text(text(form.quarter))
                .width(280.0)
                .show_ui(ui, |ui| {
                    for q in 0..=4 {
                        ui.selectable_value(&mut form.quarter, q, text(q));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
        }
        if has_source(form.kind) {
            let label = ui.label("资金来源");
            let text = |s: Option<FundSource>| s.map_or("未注明", FundSource::funds_label);
            egui::ComboBox::from_id_salt("fund_entry_source")
                .selected_text(text(form.source))
                .width(280.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut form.source, None, text(None));
                    for s in FundSource::ALL {
                        ui.selectable_value(&mut form.source, Some(s), text(Some(s)));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
        }
        let r = form_row_ui(
            ui,
            "金额（元）",
            &mut form.amount,
            "例如：350000",
            form.error.as_deref(),
            None,
        );
        form.focus.apply(&r);
        *submit |= enter_pressed(ui, &r);
        if form.kind == EntryKind::CashPayment {
            let r = form_row_ui(
                ui,
                "收款人身份证号",
                &mut form.id_number,
                "须在本项目名册中",
                None,
                None,
            );
            *submit |= enter_pressed(ui, &r);
        }
        if form.kind == EntryKind::Refund {
            let r = form_row_ui(
                ui,
                "退款单位或个人",
                &mut form.counterparty,
                "例如：丰都县人民医院",
                None,
                None,
            );
            *submit |= enter_pressed(ui, &r);
        }
        let r = form_row_ui(ui, "摘要", &mut form.note, "可留空", None, None);
        *submit |= enter_pressed(ui, &r);
    })
}

pub(super) fn submit_entry(
    ctx: &mut PageCtx<'_>,
    year_id: i64,
    form: &EntryForm,
) -> Result<String, UiError> {
    let date = parse_date(&form.date).ok_or_else(|| {
        UiError::Invalid(format!(
            "日期「{}」无效，应写作 YYYY-MM-DD",
            form.date.trim()
        ))
    })?;
    let typed = Money::parse_non_negative(&form.amount)
        .map_err(|e| UiError::Invalid(format!("金额「{}」：{e}", form.amount.trim())))?;
    let amount = signed_amount(form.kind, typed, form.decrease);
    let quarter = (form.kind == EntryKind::Appropriation).then(|| {
        if form.quarter == 0 {
            quarter_of(date.month())
        } else {
            form.quarter
        }
    });
    let entry = NewEntry {
        kind: form.kind,
        date,
        doc_no: form.doc_no.clone(),
        quarter,
        amount,
        id_number: Some(form.id_number.clone()),
        counterparty: form.counterparty.clone(),
        note: form.note.clone(),
        source: form.source.filter(|_| has_source(form.kind)),
    };
    let id = ctx.store.record_entry(year_id, &entry, ctx.actor)?;
    Ok(format!(
        "已登记第 {id} 笔：{} {} 元",
        form.kind.label(),
        amount.grouped()
    ))
}
