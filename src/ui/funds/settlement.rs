//! 资金台账's 离休 year-end settlement: its view computed off the UI thread, its
//! dialog and table, posting and reversing it, and the 年终清算表 export job.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::Dialog;
use crate::domain::dates::{iso, parse_date};
use crate::domain::mask::mask_id_middle;
use crate::domain::program::Program;
use crate::domain::settlement::Settlement;
use crate::domain::user::Action;
use crate::store::Actor;
use crate::store::settlement::PostedSettlement;
use crate::ui::app::PageCtx;
use crate::ui::error::UiError;
use crate::ui::style;
use crate::ui::widgets::{form_row_ui, with_header};

/// The 年终清算表's export job, by its id.
pub(super) const SETTLEMENT_SHEET: &str = "funds.settlement_sheet";

/// The settlement window's state.
pub(super) struct SettlementView {
    settlement: Settlement,
    posted: Option<PostedSettlement>,
    pub(super) path: String,
    date: String,
    reason: String,
    error: Option<String>,
    /// 过账 was pressed once; the next press posts.
    confirming: bool,
    /// The poster ticked that unapproved hospital-months may still change.
    confirm_unapproved: bool,
}

/// Compute the settlement window on its own thread (a large roster takes a
/// moment), keeping the export path the clerk typed, if any.
pub(super) fn load_settlement(
    egui_ctx: &egui::Context,
    ctx: &PageCtx<'_>,
    program: &Program,
    year: i32,
    path: Option<String>,
) -> Dialog {
    let db = ctx.store.opener();
    let program = program.clone();
    Dialog::SettlementLoading(crate::ui::jobs::Job::spawn(
        "年终清算",
        egui_ctx,
        move |_| -> Result<_, UiError> {
            let store = db.open()?;
            let mut view = open_settlement(&store, &program, year)?;
            if let Some(path) = path {
                view.path = path;
            }
            Ok(view)
        },
    ))
}

/// The settlement window for a program-year, computed from `store`.
fn open_settlement(
    store: &crate::store::Store,
    program: &Program,
    year: i32,
) -> crate::store::Result<SettlementView> {
    let settlement = store.settlement(program.id, year)?;
    let posted = store.posted_settlement(program.id, year)?;
    Ok(SettlementView {
        settlement,
        posted,
        path: crate::export::default_dir(store.path())
            .join(crate::export::settlement_file_name(
                crate::export::Place::Shared(program),
                year,
            ))
            .display()
            .to_string(),
        // Posted after the year ends: today (the store refuses a date inside it).
        date: iso(chrono::Local::now().date_naive()),
        reason: String::new(),
        error: None,
        confirming: false,
        confirm_unapproved: false,
    })
}

/// Start writing the 年终清算表 of `settlement` to `path` off the UI thread; its
/// outcome is shown when it is done.
fn export_sheet(
    egui_ctx: &egui::Context,
    (db, actor): (crate::store::open::DbOpener, Actor),
    program: &Program,
    settlement: Settlement,
    path: std::path::PathBuf,
) {
    let program = program.clone();
    crate::ui::export_buttons::start_file_export(
        egui_ctx,
        SETTLEMENT_SHEET,
        "导出年终清算表",
        move || {
            let store = db.open()?;
            crate::export::settlement_sheet(&store, &actor, &program, settlement, &path)
                .map(|()| format!("已导出年终清算表：{}", path.display()))
                .map_err(UiError::from)
        },
    );
}

pub(super) enum SettlementAction {
    None,
    Close,
    Changed,
}

pub(super) fn settlement_dialog_ui(
    ui: &mut Ui,
    ctx: &mut PageCtx<'_>,
    program: &Program,
    year: i32,
    view: &mut SettlementView,
) -> SettlementAction {
    let mut action = SettlementAction::None;
    let may_post = ctx.actor.may(Action::RecordFunds);
    let exporter = (ctx.store.opener(), ctx.actor.clone());
    let s = &view.settlement;
    egui::Modal::new(egui::Id::unique("settlement_dialog")).show(ui.ctx(), |ui| {
        ui.set_width(980.0);
        ui.heading(format!("{year}年度年终清算"));
        ui.label(
            RichText::new(
                "补足金额 = 应享定额 − 已报销金额（不足 0 按 0 计）；已报销只计已审核的报账（核减后金额，拒付不计，待审不计）；年内死亡或迁出的，定额按在册月数（含状态变更当月）折算。",
            )
            .color(style::MUTED),
        );
        ui.add_space(4.0);
        settlement_table_ui(ui, s);
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!(
                "合计 {} 人：已报销 {} 元，补足 {} 元。统筹标准控制数 {} 元，超统筹标准支出（年底追加需求）{} 元。",
                s.lines.len(),
                s.total_used.grouped(),
                s.total_top_up.grouped(),
                s.pooling_limit.grouped(),
                s.pooling_excess.grouped()
            ))
            .strong(),
        );
        let pending = s.not_final.pending_refusal(year);
        let unapproved = s.not_final.unapproved_warning(year);
        if view.posted.is_none() {
            if let Some(why) = &pending {
                ui.label(RichText::new(format!("{why}。")).color(style::ERROR));
            }
            if let Some(warning) = &unapproved {
                ui.label(RichText::new(format!("{warning}。")).color(style::WARNING));
            }
        }
        match &view.posted {
            Some(p) => {
                ui.label(
                    RichText::new(format!(
                        "已于 {} 由 {} 过账，补足 {} 元已记入资金台账。",
                        p.posted_at,
                        p.posted_by,
                        p.total.grouped()
                    ))
                    .color(style::ACCENT),
                );
            }
            None => {
                ui.label(RichText::new("尚未过账。").color(style::WARNING));
            }
        }
        if let Some(e) = &view.error {
            ui.label(RichText::new(e).color(style::ERROR));
        }
        ui.add_space(6.0);
        egui::Grid::new("settlement_grid")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                form_row_ui(ui, "清算表保存到", &mut view.path, "xlsx 文件路径", None, Some("A4，身份证号已遮蔽，含合计和签字栏"));
                if may_post {
                    match &view.posted {
                        None => {
                            form_row_ui(ui, "过账日期", &mut view.date, "YYYY-MM-DD", None, None);
                        }
                        Some(_) => {
                            form_row_ui(ui, "冲销原因", &mut view.reason, "冲销后可重新清算过账", None, None);
                            form_row_ui(ui, "冲销日期", &mut view.date, "YYYY-MM-DD", None, None);
                        }
                    }
                }
            });
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let idle = !crate::ui::export_buttons::file_export_running(ui.ctx(), SETTLEMENT_SHEET);
            if ui.add_enabled(idle, egui::Button::new("导出清算表")).clicked() {
                match crate::ui::export_buttons::export_path(&view.path) {
                    Ok(path) => export_sheet(ui.ctx(), exporter.clone(), program, s.clone(), path),
                    Err(e) => view.error = Some(e.to_string()),
                }
            }
            if may_post {
                let date = parse_date(&view.date);
                match &view.posted {
                    None => {
                        if !view.confirming {
                            // The store refuses it too; the reason stays in view above.
                            let mut button = ui.add_enabled(pending.is_none(), egui::Button::new("过账…"));
                            if let Some(why) = &pending {
                                button = button.on_disabled_hover_text(why.as_str());
                            }
                            view.confirming = button.clicked();
                        } else {
                            let persons = s.lines.iter().filter(|l| !l.top_up.is_zero()).count();
                            ui.label(
                                RichText::new(format!(
                                    "将向 {persons} 人支付补足金额合计 {} 元，记入资金台账。",
                                    s.total_top_up.grouped()
                                ))
                                .color(style::WARNING),
                            );
                            if unapproved.is_some() {
                                ui.checkbox(&mut view.confirm_unapproved, "已知悉未批准月份的报账仍可能变动，仍要过账");
                            }
                            let ready = unapproved.is_none() || view.confirm_unapproved;
                            if ui.add_enabled(ready, egui::Button::new("确认过账")).clicked() {
                                match date {
                                    None => {
                                        view.error =
                                            Some(format!("过账日期「{}」无效", view.date.trim()))
                                    }
                                    Some(d) => {
                                        match ctx.store.post_settlement(program.id, year, d, view.confirm_unapproved, ctx.actor) {
                                            Ok((p, _)) => {
                                                ctx.toasts.success(format!(
                                                    "年终清算已过账，补足 {} 元",
                                                    p.total.grouped()
                                                ));
                                                action = SettlementAction::Changed;
                                            }
                                            Err(e) => view.error = Some(e.to_string()),
                                        }
                                    }
                                }
                            }
                            if ui.button("返回").clicked() {
                                view.confirming = false;
                                view.confirm_unapproved = false;
                            }
                        }
                    }
                    Some(p) => {
                        if ui.button("冲销清算").clicked() {
                            match date {
                                None => view.error = Some(format!("冲销日期「{}」无效", view.date.trim())),
                                Some(d) => match ctx.store.reverse_settlement(p.id, d, &view.reason, ctx.actor) {
                                    Ok(()) => {
                                        ctx.toasts.success("年终清算已冲销");
                                        action = SettlementAction::Changed;
                                    }
                                    Err(e) => view.error = Some(e.to_string()),
                                },
                            }
                        }
                    }
                }
            }
            if ui.button("关闭").clicked() {
                action = SettlementAction::Close;
            }
        });
    });
    action
}

fn settlement_table_ui(ui: &mut Ui, s: &Settlement) {
    with_header(
        TableBuilder::new(ui)
            .id_salt("settlement_lines")
            .striped(true)
            .max_scroll_height(360.0)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center)),
        26.0,
        &[
            (Column::initial(80.0), "姓名"),
            (Column::initial(190.0), "身份证号"),
            (Column::initial(110.0), "类别"),
            (Column::initial(90.0), "年度定额"),
            (Column::initial(70.0), "在册月数"),
            (Column::initial(100.0), "应享定额"),
            (Column::initial(110.0), "已报销"),
            (Column::remainder().at_least(100.0), "补足金额"),
        ],
    )
    .body(|body| {
        body.rows(24.0, s.lines.len(), |mut row| {
            let l = &s.lines[row.index()];
            for text in [
                l.name.clone(),
                mask_id_middle(&l.id_number),
                l.category.clone(),
                l.quota.grouped(),
                l.months.to_string(),
                l.prorated_quota.grouped(),
                l.used.grouped(),
                l.top_up.grouped(),
            ] {
                row.col(|ui| {
                    ui.add(egui::Label::new(text).selectable(false));
                });
            }
        });
    });
}
