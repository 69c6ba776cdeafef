//! 资金台账's ledger tab: the figure cards across the top and the ledger table.

use egui::text::LayoutJob;
use egui::{Color32, RichText, TextFormat, Ui};
use egui_extras::{Column, TableBuilder};

use crate::domain::dates::iso;
use crate::domain::fund::{FundTotals, Side};
use crate::store::funds::FundEntry;
use crate::ui::style;
use crate::ui::widgets::with_header;

/// The figures across the top: budget, money in and out, balance and rates.
pub(super) fn totals_ui(ui: &mut Ui, t: &FundTotals) {
    let budget = [
        (
            "年初预算数",
            format!("{} 元", t.budget_initial.grouped()),
            None,
        ),
        (
            "全年预算数",
            format!("{} 元", t.budget_full.grouped()),
            None,
        ),
        ("上年结转", format!("{} 元", t.carried.grouped()), None),
        ("已到位资金", format!("{} 元", t.received.grouped()), None),
    ];
    let mut cards = vec![
        ("全年执行数", format!("{} 元", t.paid.grouped()), None),
        (
            "结余",
            format!("{} 元", t.balance.grouped()),
            t.balance.is_negative().then_some(style::ERROR),
        ),
        ("执行率", format!("{}%", t.execution_rate), None),
        ("到位率", format!("{}%", t.arrival_rate), None),
    ];
    if !t.gap.is_zero() {
        cards.push((
            "资金缺口",
            format!("{} 元", t.gap.grouped()),
            Some(style::ERROR),
        ));
    }
    cards_ui(ui, budget.to_vec());
    cards_ui(ui, cards);
}

/// A row of figure cards: (name, value, colour of the value).
pub(in crate::ui) fn cards_ui(ui: &mut Ui, cards: Vec<(&str, String, Option<Color32>)>) {
    ui.horizontal(|ui| {
        for (name, value, color) in cards {
            egui::Frame::new()
                .fill(Color32::from_rgb(0xF4, 0xF7, 0xFB))
                .stroke(egui::Stroke::new(1.0, Color32::from_rgb(0xD8, 0xE0, 0xEA)))
                .corner_radius(4)
                .inner_margin(egui::Margin::symmetric(10, 6))
                .show(ui, |ui| {
                    let mut job = LayoutJob::default();
                    job.append(
                        &format!("{name}  "),
                        0.0,
                        TextFormat::simple(egui::FontId::proportional(13.0), style::MUTED),
                    );
                    job.append(
                        &value,
                        0.0,
                        TextFormat::simple(
                            egui::FontId::proportional(17.0),
                            color.unwrap_or(Color32::from_gray(0x20)),
                        ),
                    );
                    ui.label(job);
                });
        }
    });
}

/// The ledger table; returns the row clicked.
pub(super) fn ledger_ui(ui: &mut Ui, entries: &[FundEntry], selected: Option<i64>) -> Option<i64> {
    if entries.is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.label("本年度还没有资金记录。点“登记收支…”（Ctrl+N）登记年初预算和财政拨款；医院月度划拨在“划拨审核”中标记已划拨后自动记入。");
        });
        return None;
    }
    let mut clicked = None;
    with_header(
        TableBuilder::new(ui)
            .id_salt("fund_ledger")
            .striped(true)
            .sense(egui::Sense::click())
            .stick_to_bottom(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center)),
        28.0,
        &[
            (Column::exact(44.0), "序号"),
            (Column::exact(92.0), "日期"),
            (Column::exact(120.0), "类型"),
            (Column::initial(150.0).clip(true), "文号 / 凭证号"),
            (
                Column::remainder().at_least(140.0).clip(true),
                "对象 / 摘要",
            ),
            (Column::exact(100.0), "收入"),
            (Column::exact(100.0), "支出"),
            (Column::exact(100.0), "预算"),
            (Column::exact(110.0), "余额"),
            (Column::exact(120.0), "状态"),
        ],
    )
    .body(|body| {
        body.rows(26.0, entries.len(), |mut row| {
            let e = &entries[row.index()];
            row.set_selected(selected == Some(e.id));
            let amount = RichText::new(e.amount.grouped()).color(if e.amount.is_negative() {
                style::ERROR
            } else {
                Color32::from_gray(0x20)
            });
            let (income, outgo, budget) = match e.kind.side() {
                Side::Inflow => (Some(amount), None, None),
                Side::Outflow => (None, Some(amount), None),
                Side::Budget => (None, None, Some(amount)),
            };
            let summary = match (e.party(), e.note.as_str()) {
                (p, "") => p,
                (p, n) if p.is_empty() => n.to_owned(),
                (p, n) => format!("{p} · {n}"),
            };
            let quarter = e
                .quarter
                .map(|q| format!("（第{q}季度）"))
                .unwrap_or_default();
            for text in [
                RichText::new(e.id.to_string()),
                RichText::new(iso(e.date)),
                RichText::new(e.kind_label()),
                RichText::new(format!("{}{quarter}", e.doc_no)),
                RichText::new(summary),
            ] {
                row.col(|ui| {
                    ui.add(egui::Label::new(text).selectable(false).truncate());
                });
            }
            for cell in [income, outgo, budget] {
                row.col(|ui| {
                    if let Some(t) = cell {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.add(egui::Label::new(t).selectable(false));
                        });
                    }
                });
            }
            row.col(|ui| {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let color = if e.balance.is_negative() {
                        style::ERROR
                    } else {
                        Color32::from_gray(0x20)
                    };
                    ui.add(
                        egui::Label::new(RichText::new(e.balance.grouped()).color(color))
                            .selectable(false),
                    );
                });
            });
            row.col(|ui| {
                let text = match (e.reverses_id, e.reversed_by) {
                    (Some(o), _) => RichText::new(format!("冲销第 {o} 笔")).color(style::WARNING),
                    (None, Some(by)) => {
                        RichText::new(format!("已被第 {by} 笔冲销")).color(style::MUTED)
                    }
                    _ => RichText::new("已入账").color(style::MUTED),
                };
                ui.add(egui::Label::new(text).selectable(false));
            });
            if row.response().clicked() {
                clicked = Some(e.id);
            }
        });
    });
    clicked
}
