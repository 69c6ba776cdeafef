//! 资金台账's dialogs: the dispatcher that shows whichever is open, with the
//! reversal and next-year forms it owns and the settlement it hands on.

use egui::{RichText, Ui};

use super::entry::{entry_dialog_ui, submit_entry};
use super::settlement::{SettlementAction, load_settlement, settlement_dialog_ui};
use super::{Dialog, FundsPage};
use crate::domain::dates::parse_date;
use crate::domain::program::Program;
use crate::ui::app::{Command, PageCtx};
use crate::ui::error::UiError;
use crate::ui::page::Page as _;
use crate::ui::style;
use crate::ui::widgets::{
    DialogAction, enter_pressed, escape_pressed, form_dialog_ui, form_row_ui,
};

impl FundsPage {
    pub(super) fn dialog_ui(
        &mut self,
        ui: &mut Ui,
        ctx: &mut PageCtx<'_>,
        program: &Program,
        year: i32,
    ) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        let Some(year_id) = self.loaded.as_ref().map(|l| l.year_id) else {
            return;
        };
        let escape = escape_pressed(ui.ctx());
        let mut close = false;
        // The dialog that replaces this one (the settlement recomputed after a post).
        let mut next = None;
        let mut changed = false;
        match dialog {
            Dialog::Entry(form) => match entry_dialog_ui(ui, form) {
                DialogAction::Submit => match submit_entry(ctx, year_id, form) {
                    Ok(message) => {
                        ctx.toasts.success(message);
                        close = true;
                        changed = true;
                    }
                    Err(e) => form.error = Some(e.to_string()),
                },
                DialogAction::Cancel => close = true,
                DialogAction::None => {}
            },
            Dialog::Reverse {
                id,
                reason,
                date,
                error,
                focus,
            } => {
                let intro = format!("冲销第 {id} 笔：系统将记一笔金额相反的冲销记录，原记录保留。");
                let action = form_dialog_ui(ui, 560.0, "冲销", Some(&intro), |ui, submit| {
                    let r = form_row_ui(
                        ui,
                        "冲销原因",
                        reason,
                        "将记入台账和审计日志",
                        error.as_deref(),
                        None,
                    );
                    focus.apply(&r);
                    *submit |= enter_pressed(ui, &r);
                    let r = form_row_ui(ui, "冲销日期", date, "YYYY-MM-DD", None, None);
                    *submit |= enter_pressed(ui, &r);
                });
                match action {
                    DialogAction::Submit => {
                        let result = match parse_date(date) {
                            None => Err(UiError::Invalid(format!(
                                "冲销日期「{}」无效，应写作 YYYY-MM-DD",
                                date.trim()
                            ))),
                            Some(d) => ctx
                                .store
                                .reverse_entry(*id, d, reason, ctx.actor)
                                .map_err(UiError::from),
                        };
                        match result {
                            Ok(new_id) => {
                                ctx.toasts.success(format!(
                                    "已冲销第 {id} 笔（冲销记录为第 {new_id} 笔）"
                                ));
                                close = true;
                                changed = true;
                            }
                            Err(e) => *error = Some(e.to_string()),
                        }
                    }
                    DialogAction::Cancel => close = true,
                    DialogAction::None => {}
                }
            }
            Dialog::NextYear { error } => {
                let balance = self
                    .loaded
                    .as_ref()
                    .map(|l| l.chart.totals.balance)
                    .unwrap_or_default();
                let intro = format!(
                    "将以{year}年度的政策参数开启{}年度，并把{year}年度结余 {} 元记为{}年度的上年结转。名册沿用，在册人员继续在册。",
                    year + 1,
                    balance.grouped(),
                    year + 1
                );
                let action = form_dialog_ui(
                    ui,
                    560.0,
                    &format!("开启{}年度", year + 1),
                    Some(&intro),
                    |ui, _| {
                        if let Some(e) = error.as_deref() {
                            ui.label(RichText::new(e).color(style::ERROR));
                            ui.end_row();
                        }
                    },
                );
                match action {
                    DialogAction::Submit => {
                        match ctx.store.start_next_year(program.id, year, ctx.actor) {
                            Ok(_) => {
                                ctx.toasts.success(format!(
                                    "已开启{}年度，结转 {} 元",
                                    year + 1,
                                    balance.grouped()
                                ));
                                ctx.commands.push(Command::ReloadPrograms);
                                ctx.commands.push(Command::SelectYear(year + 1));
                                close = true;
                                changed = true;
                            }
                            Err(e) => *error = Some(e.to_string()),
                        }
                    }
                    DialogAction::Cancel => close = true,
                    DialogAction::None => {}
                }
            }
            Dialog::SettlementLoading(job) => {
                egui::Modal::new(egui::Id::unique("settlement_loading")).show(ui.ctx(), |ui| {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("正在计算{year}年度年终清算…"));
                    });
                });
                match job.poll_result() {
                    None => {}
                    Some(Ok(view)) => {
                        self.dialog = Some(Dialog::Settlement(Box::new(view)));
                        return;
                    }
                    Some(Err(e)) => {
                        ctx.toasts.error(format!("无法计算年终清算：{e}"));
                        close = true;
                    }
                }
            }
            Dialog::Settlement(view) => match settlement_dialog_ui(ui, ctx, program, year, view) {
                SettlementAction::None => {}
                SettlementAction::Close => close = true,
                SettlementAction::Changed => {
                    changed = true;
                    let path = std::mem::take(&mut view.path);
                    next = Some(load_settlement(ui.ctx(), ctx, program, year, Some(path)));
                }
            },
        }
        if escape || close {
            self.dialog = None;
        } else if next.is_some() {
            self.dialog = next;
        }
        if changed {
            self.data_changed();
        }
    }
}
