//! 核验: the box where anyone signed in (the 安全审计员 above all) types the
//! 核验码 printed in a document's footer and reads which document it is, who
//! exported it and when, and whether today's data still gives the same figures,
//! with each differing figure then → now. The same `report::verify` as
//! `medfund verify`.

use egui::{RichText, Ui};

use super::app::PageCtx;
use super::page::Page;
use super::style;
use super::widgets::enter_pressed;
use crate::report::verify::{NOT_FOUND, Outcome, Verification, verify};

/// The navigation title.
pub const TITLE: &str = "文件核验";

/// The code typed and what verifying it said.
#[derive(Default)]
pub struct VerifyPage {
    code: String,
    result: Option<Result<Option<Verification>, String>>,
}

impl Page for VerifyPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        ui.heading("核验打印文件");
        ui.label(
            RichText::new(
                "输入支付汇总表、年终清算表、自评表、自评报告、公示名单或报账明细页脚上的核验码，\
                 查看是哪份文件、由谁何时导出，以及今天的数据是否仍给出相同的数字。",
            )
            .color(style::MUTED),
        );
        ui.add_space(6.0);
        let mut go = false;
        ui.horizontal(|ui| {
            let label = ui.label("核验码");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.code)
                        .hint_text("XXXX-XXXX-XXXX")
                        .desired_width(200.0),
                )
                .labelled_by(label.id);
            go |= enter_pressed(ui, &field);
            go |= ui.button("核验").clicked();
        });
        if go {
            self.result = Some(verify(ctx.store, &self.code).map_err(|e| e.to_string()));
        }
        ui.add_space(8.0);
        match &self.result {
            None => {}
            Some(Err(e)) => {
                ui.label(RichText::new(e).color(style::ERROR));
            }
            Some(Ok(None)) => {
                ui.label(RichText::new(NOT_FOUND).color(style::ERROR));
            }
            Some(Ok(Some(v))) => verification_ui(ui, v),
        }
    }

    fn data_changed(&mut self) {
        // Today's figures may be others now: verify again on request.
        self.result = None;
    }
}

/// The facts of a verified code, the verdict coloured, and the differing figures.
fn verification_ui(ui: &mut Ui, v: &Verification) {
    let colour = match v.outcome {
        Outcome::Matches => style::SUCCESS,
        Outcome::Differs(_) | Outcome::RecordChanged => style::ERROR,
    };
    egui::Grid::new("verify_facts")
        .num_columns(2)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for (label, value) in v.facts() {
                ui.label(RichText::new(label).color(style::MUTED));
                if label == "结论" {
                    ui.label(RichText::new(value).strong().color(colour));
                } else {
                    ui.label(value);
                }
                ui.end_row();
            }
        });
    let changes = v.changes();
    if !changes.is_empty() {
        ui.add_space(8.0);
        ui.label(
            RichText::new(format!(
                "不同的数字（{} 项，导出时 → 今天）：",
                changes.len()
            ))
            .strong(),
        );
        egui::ScrollArea::vertical()
            .max_height(ui.available_height())
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for c in changes {
                    ui.label(c.line());
                }
            });
    }
}
