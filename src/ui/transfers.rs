//! 划拨审核: each hospital's month with its sums after audit; a supervisor drills
//! into the claims, approves (which locks the month) or returns it, and finance
//! marks an approved month 已划拨. The month's 支付汇总表 is exported from here.

use chrono::NaiveDate;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::app::PageCtx;
use super::claim_table::{AmountShown, claim_table_ui};
use super::error::UiError;
use super::page::Page;
use super::style;
use super::widgets::{
    DialogAction, FocusOnOpen, enter_pressed, escape_pressed, form_dialog_ui, form_row_ui,
    month_nav_ui, read_error_ui, with_header,
};
use crate::domain::claim::Month;
use crate::domain::dates::{iso, parse_date};
use crate::domain::program::Program;
use crate::domain::user::Action;
use crate::export::Place;
use crate::store::claims::{ClaimRecord, ReportStatus, TransferRow};

/// The page's export job, by its id.
const PAYMENT_SUMMARY: &str = "transfers.payment_summary";

/// A decision that needs a text before it is made.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Pending {
    Return { comment: String },
    Pay { voucher: String, date: String },
    Reopen { reason: String },
    Export { path: String },
}

/// The page's own state.
#[derive(Default)]
pub struct TransfersPage {
    month: Option<Month>,
    rows: Option<(i64, Month, Vec<TransferRow>)>,
    /// The year's audit rate and late reports, loaded with the rows.
    year_line: String,
    selected: Option<i64>,
    claims: Option<(i64, Vec<ClaimRecord>)>,
    dialog: Option<(Pending, Option<String>, FocusOnOpen)>,
}

impl TransfersPage {
    fn reload(&mut self) {
        self.rows = None;
        self.claims = None;
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>, program: &Program, month: Month) {
        ui.horizontal(|ui| {
            ui.heading("划拨审核");
            ui.add_space(16.0);
            if let Some(m) = month_nav_ui(ui, month) {
                self.month = Some(m);
                self.selected = None;
            }
            let rows = self
                .rows
                .as_ref()
                .map(|(_, _, r)| r.as_slice())
                .unwrap_or(&[]);
            let totals = crate::store::claims::TransferTotals::of(rows);
            let mut text = format!(
                "共 {} 家医院，审核后应付合计 {} 元",
                rows.len(),
                totals.payable.grouped()
            );
            if !totals.adjustment.is_zero() {
                text += &format!(
                    "，调整 {} 元，应划拨 {} 元",
                    totals.adjustment.grouped(),
                    totals.to_transfer.grouped()
                );
            }
            ui.label(RichText::new(text).color(style::MUTED));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                super::export_buttons::file_export_ui(ui, PAYMENT_SUMMARY, ctx.toasts);
                let idle = !super::export_buttons::file_export_running(ui.ctx(), PAYMENT_SUMMARY);
                if ui
                    .add_enabled(
                        idle && !rows.is_empty(),
                        egui::Button::new("导出支付汇总表…"),
                    )
                    .clicked()
                {
                    let file = crate::export::default_dir(ctx.store.path()).join(
                        crate::export::payment_summary_file_name(Place::Shared(program), month),
                    );
                    self.dialog = Some((
                        Pending::Export {
                            path: file.display().to_string(),
                        },
                        None,
                        FocusOnOpen::new(),
                    ));
                }
                let selected = rows.iter().find(|r| Some(r.report.id) == self.selected);
                super::export_buttons::list_exports_ui(
                    ui,
                    ctx,
                    program,
                    month,
                    selected.map(|r| r.report.hospital_id),
                );
            });
        });
        ui.label(RichText::new(&self.year_line).color(style::MUTED));
        ui.add_space(4.0);
    }

    fn rows_ui(&mut self, ui: &mut Ui) {
        let Some((_, month, rows)) = &self.rows else {
            return;
        };
        if rows.is_empty() {
            ui.add_space(24.0);
            ui.vertical_centered(|ui| {
                ui.label(format!("{} 还没有医院报账。", month.label()));
            });
            return;
        }
        let mut clicked = None;
        let selected = self.selected;
        // 医疗救助 months may carry adjustments of earlier, locked months.
        let adjusted = rows.iter().any(|r| !r.adjustment.is_zero());
        // The two more columns take their room from the others.
        let w = |wide: f32, narrow: f32| Column::initial(if adjusted { narrow } else { wide });
        let mut columns = vec![
            (w(120.0, 110.0), "机构代码"),
            (w(230.0, 170.0), "定点医疗机构"),
            (w(90.0, 80.0), "笔数 / 已审"),
            (w(110.0, 100.0), "医疗总费用"),
            (w(120.0, 100.0), "审核后应付"),
        ];
        if adjusted {
            columns.push((Column::initial(90.0), "调整"));
            columns.push((Column::initial(100.0), "应划拨"));
        }
        columns.extend([
            (w(120.0, 90.0), "报送"),
            (w(80.0, 72.0), "状态"),
            (Column::remainder().at_least(100.0), "凭证号 / 意见"),
        ]);
        with_header(
            TableBuilder::new(ui)
                .id_salt("transfer_rows")
                .striped(true)
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center)),
            28.0,
            &columns,
        )
        .body(|body| {
            body.rows(28.0, rows.len(), |mut row| {
                let r = &rows[row.index()];
                row.set_selected(selected == Some(r.report.id));
                let mut cells = vec![
                    r.report.hospital_name.clone(),
                    format!("{} / {}", r.claims, r.audited),
                    r.total_cost.grouped(),
                    r.payable.grouped(),
                ];
                if adjusted {
                    cells.push(r.adjustment.grouped());
                    cells.push(r.to_transfer.grouped());
                }
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(RichText::new(&r.report.hospital_code).monospace())
                            .selectable(false),
                    );
                });
                for text in cells {
                    row.col(|ui| {
                        ui.add(egui::Label::new(text).selectable(false).truncate());
                    });
                }
                row.col(|ui| {
                    let (text, color) = match r.report.received {
                        Some(d) if r.report.is_late() => {
                            (format!("逾期 {}", d.format("%-m月%-d日")), style::ERROR)
                        }
                        Some(d) => (format!("{}", d.format("%-m月%-d日")), style::MUTED),
                        None => ("未报".into(), style::WARNING),
                    };
                    ui.add(egui::Label::new(RichText::new(text).color(color)).selectable(false))
                        .on_hover_text(format!("截止 {}", iso(r.report.deadline)));
                });
                row.col(|ui| {
                    let color = match r.report.status {
                        ReportStatus::Paid => style::MUTED,
                        ReportStatus::Approved => style::ACCENT,
                        ReportStatus::Returned => style::ERROR,
                        ReportStatus::Pending => style::WARNING,
                    };
                    ui.add(
                        egui::Label::new(
                            RichText::new(r.report.status.label()).color(color).strong(),
                        )
                        .selectable(false),
                    );
                });
                row.col(|ui| {
                    let text = match (&r.voucher_no, r.paid_date) {
                        (Some(v), Some(d)) => format!("{v}（{}）", iso(d)),
                        _ => r.review_comment.clone(),
                    };
                    ui.add(egui::Label::new(text).selectable(false).truncate());
                });
                if row.response().clicked() {
                    clicked = Some(r.report.id);
                }
            });
        });
        if let Some(id) = clicked {
            self.selected = Some(id);
            self.claims = None;
        }
    }

    fn claims_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>, report_id: i64) {
        let Some(row) = self
            .rows
            .as_ref()
            .and_then(|(_, _, rows)| rows.iter().find(|r| r.report.id == report_id))
            .cloned()
        else {
            self.selected = None;
            return;
        };
        if self.claims.as_ref().is_none_or(|(id, _)| *id != report_id) {
            match ctx.store.report_claims(report_id) {
                Ok(c) => self.claims = Some((report_id, c)),
                Err(e) => {
                    read_error_ui(ui, "报账明细", &e);
                    return;
                }
            }
        }
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!(
                    "{} {} 报账明细",
                    row.report.month.label(),
                    row.report.hospital_name
                ))
                .strong()
                .size(16.0),
            );
            ui.label(
                RichText::new(format!("状态：{}", row.report.status.label())).color(style::MUTED),
            );
            if !row.adjustment.is_zero() {
                ui.label(
                    RichText::new(format!(
                        "审核后应付 {} 元，调整 {} 元，应划拨 {} 元",
                        row.payable.grouped(),
                        row.adjustment.grouped(),
                        row.to_transfer.grouped()
                    ))
                    .color(style::WARNING),
                );
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("关闭明细").clicked() {
                    self.selected = None;
                }
                match row.report.status {
                    ReportStatus::Pending | ReportStatus::Returned
                        if ctx.actor.may(Action::ApproveTransfer) =>
                    {
                        if row.report.status == ReportStatus::Pending
                            && ui.button("退回…").clicked()
                        {
                            self.dialog = Some((
                                Pending::Return {
                                    comment: String::new(),
                                },
                                None,
                                FocusOnOpen::new(),
                            ));
                        }
                        if ui.button("批准").clicked() {
                            match ctx.store.approve_report(report_id, ctx.actor) {
                                Ok(()) => {
                                    ctx.toasts.success(format!(
                                        "已批准 {} {}，该月已锁定",
                                        row.report.month.label(),
                                        row.report.hospital_name
                                    ));
                                    self.reload();
                                }
                                Err(e) => ctx.toasts.error(format!("未批准：{e}")),
                            }
                        }
                    }
                    ReportStatus::Approved => {
                        if ctx.actor.may(Action::ReopenMonth) && ui.button("重新打开…").clicked()
                        {
                            self.dialog = Some((
                                Pending::Reopen {
                                    reason: String::new(),
                                },
                                None,
                                FocusOnOpen::new(),
                            ));
                        }
                        if ctx.actor.may(Action::MarkPaid) && ui.button("标记已划拨…").clicked()
                        {
                            self.dialog = Some((
                                Pending::Pay {
                                    voucher: String::new(),
                                    date: iso(chrono::Local::now().date_naive()),
                                },
                                None,
                                FocusOnOpen::new(),
                            ));
                        }
                    }
                    _ => {}
                }
            });
        });
        let Some((_, claims)) = &self.claims else {
            return;
        };
        claim_table_ui(
            ui,
            "transfer_claims_table",
            claims,
            AmountShown::AfterAudit,
            false,
            None,
            &[],
        );
    }

    fn dialog_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>, program: &Program, month: Month) {
        let Some((pending, error, focus)) = &mut self.dialog else {
            return;
        };
        let Some(report_id) = self
            .selected
            .or(matches!(pending, Pending::Export { .. }).then_some(0))
        else {
            self.dialog = None;
            return;
        };
        let escape = escape_pressed(ui.ctx());
        let title = match pending {
            Pending::Return { .. } => "退回报账",
            Pending::Pay { .. } => "标记已划拨",
            Pending::Reopen { .. } => "重新打开已批准的月份",
            Pending::Export { .. } => "导出支付汇总表",
        };
        let action = form_dialog_ui(ui, 520.0, title, None, |ui, submit| match pending {
            Pending::Return { comment } => {
                let r = form_row_ui(
                    ui,
                    "退回意见",
                    comment,
                    "例如：缺少住院费用清单",
                    error.as_deref(),
                    None,
                );
                focus.apply(&r);
                *submit |= enter_pressed(ui, &r);
            }
            Pending::Reopen { reason } => {
                let r = form_row_ui(
                    ui,
                    "重新打开原因",
                    reason,
                    "将记入审计日志",
                    error.as_deref(),
                    None,
                );
                focus.apply(&r);
                *submit |= enter_pressed(ui, &r);
            }
            Pending::Pay { voucher, date } => {
                let r = form_row_ui(
                    ui,
                    "凭证号",
                    voucher,
                    "例如：记-2021-10-001",
                    error.as_deref(),
                    None,
                );
                focus.apply(&r);
                *submit |= enter_pressed(ui, &r);
                let r = form_row_ui(ui, "划拨日期", date, "YYYY-MM-DD", None, None);
                *submit |= enter_pressed(ui, &r);
            }
            Pending::Export { path } => {
                let r = form_row_ui(
                    ui,
                    "保存到",
                    path,
                    "xlsx 文件路径",
                    error.as_deref(),
                    Some("A4 横向，含合计、大写金额和签字栏"),
                );
                focus.apply(&r);
                *submit |= enter_pressed(ui, &r);
            }
        });
        if escape || action == DialogAction::Cancel {
            self.dialog = None;
            return;
        }
        if action != DialogAction::Submit {
            return;
        }
        let outcome: Result<String, UiError> = match pending {
            Pending::Return { comment } => ctx
                .store
                .return_report(report_id, comment, ctx.actor)
                .map(|()| "已退回".to_owned())
                .map_err(UiError::from),
            Pending::Reopen { reason } => ctx
                .store
                .reopen_report(report_id, reason, ctx.actor)
                .map(|()| "已重新打开，月份已解锁".to_owned())
                .map_err(UiError::from),
            Pending::Pay { voucher, date } => match parse_date(date) {
                None => Err(UiError::Invalid(format!("划拨日期「{}」无效", date.trim()))),
                Some(d) => pay(ctx, report_id, voucher, d),
            },
            // Written off the UI thread; its outcome is shown when it is done.
            Pending::Export { path } => {
                match export(ui.ctx(), ctx, program, month, path) {
                    Ok(()) => self.dialog = None,
                    Err(e) => *error = Some(e.to_string()),
                }
                return;
            }
        };
        match outcome {
            Ok(message) => {
                ctx.toasts.success(message);
                self.dialog = None;
                self.reload();
            }
            Err(e) => *error = Some(e.to_string()),
        }
    }
}

fn pay(
    ctx: &mut PageCtx<'_>,
    report_id: i64,
    voucher: &str,
    date: NaiveDate,
) -> Result<String, UiError> {
    ctx.store
        .mark_paid(report_id, voucher, date, ctx.actor)
        .map(|()| format!("已标记划拨，凭证号 {}", voucher.trim()))
        .map_err(UiError::from)
}

/// Start writing the 支付汇总表 of `month` to the typed `path` off the UI thread,
/// or say why not.
fn export(
    egui_ctx: &egui::Context,
    ctx: &PageCtx<'_>,
    program: &Program,
    month: Month,
    path: &str,
) -> Result<(), UiError> {
    let path = super::export_buttons::export_path(path)?;
    let (db, actor, program) = (ctx.store.opener(), ctx.actor.clone(), program.clone());
    super::export_buttons::start_file_export(
        egui_ctx,
        PAYMENT_SUMMARY,
        "导出支付汇总表",
        move || {
            let store = db.open()?;
            let summary = crate::export::payment_summary(&store, &actor, &program, month, &path)?;
            Ok(format!(
                "已导出支付汇总表：{}（合计 {} 元）",
                path.display(),
                summary.total.grouped()
            ))
        },
    );
    Ok(())
}

/// The navigation title.
pub const TITLE: &str = "划拨审核";

impl Page for TransfersPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let (Some(program), Some(year)) = (ctx.program.cloned(), ctx.year.map(|y| y.year)) else {
            ui.heading("划拨审核");
            ui.label("请先选择项目和年度。");
            return;
        };
        let month = *self.month.get_or_insert(Month { year, month: 1 });
        let month = if month.year == year {
            month
        } else {
            Month { year, month: 1 }
        };
        self.month = Some(month);
        if self
            .rows
            .as_ref()
            .is_none_or(|(p, m, _)| *p != program.id || *m != month)
        {
            match ctx.store.transfer_rows(program.id, month) {
                Ok(rows) => {
                    self.year_line = match ctx.store.year_claim_stats(program.id, month.year) {
                        Ok(s) => format!(
                            "{}年审核率 {}%，逾期报送 {} 份",
                            month.year,
                            crate::domain::ratio::percent(s.claims_audited, s.claims_total),
                            s.late_reports
                        ),
                        Err(e) => format!("读取年度统计失败：{e}"),
                    };
                    self.rows = Some((program.id, month, rows));
                }
                Err(e) => {
                    ui.label(RichText::new(format!("读取失败：{e}")).color(style::ERROR));
                    return;
                }
            }
            self.claims = None;
        }
        self.toolbar_ui(ui, ctx, &program, month);
        if let Some(id) = self.selected {
            egui::Panel::bottom("transfer_claims")
                .resizable(true)
                .default_size(320.0)
                .min_size(180.0)
                .frame(
                    egui::Frame::side_top_panel(ui.style())
                        .inner_margin(egui::Margin::symmetric(8, 6)),
                )
                .show(ui, |ui| self.claims_ui(ui, ctx, id));
        }
        self.rows_ui(ui);
        self.dialog_ui(ui, ctx, &program, month);
    }

    /// Forget loaded rows (after a program or year change).
    fn data_changed(&mut self) {
        self.rows = None;
        self.claims = None;
        self.selected = None;
        self.month = None;
    }
}
