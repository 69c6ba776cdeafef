//! 绩效目标申报: the program-year's 项目支出绩效目标申报表 — its facts, 资金总额 by
//! source, 总目标 and 年度目标, 实施进度计划 — and its state 编制 → 已申报 → 已批复
//! (登记批复 with date and 文号). The indicator rows are those of 绩效评分 and are
//! shown here with their 指标值; once approved a target changes only by 调整
//! (with a reason and a date). 导出申报表 writes the XLSX off the UI thread.

mod dialogs;

use egui::{RichText, TextEdit, Ui};

use self::dialogs::{AdjustDialog, ApproveDialog, Draft, ExportDialog, StageDraft};
use super::app::PageCtx;
use super::error::UiError;
use super::export_buttons::{export_path, file_export_running, file_export_ui, start_file_export};
use super::page::Page;
use super::style;
use super::year_draft::YearDraft;
use crate::domain::declaration::{Attribute, DeclarationState, FundSource, target_cell};
use crate::domain::user::Action;
use crate::report::evaluation::YearEvaluation;

/// The navigation title.
pub const TITLE: &str = "绩效目标申报";

/// The id of the export job.
const EXPORT: &str = "declaration";

/// The page's state.
#[derive(Default)]
pub struct DeclarationPage {
    /// The program-year and its one form copy.
    year: YearDraft<Draft>,
    approve: Option<ApproveDialog>,
    adjust: Option<AdjustDialog>,
    export: Option<ExportDialog>,
    /// A step or an 调整 was written: load the year again once this frame is done.
    reload: bool,
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// A labelled text field in a two-column grid.
fn field_ui(ui: &mut Ui, label: &str, value: &mut String, hint: &str, multiline: bool) {
    let label_id = ui.label(label).id;
    let edit = if multiline {
        TextEdit::multiline(value).desired_rows(3)
    } else {
        TextEdit::singleline(value)
    };
    ui.add(edit.hint_text(hint).desired_width(560.0))
        .labelled_by(label_id);
    ui.end_row();
}

/// The fields of the form.
fn form_ui(ui: &mut Ui, d: &mut Draft) {
    egui::Grid::new("declaration_form")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            field_ui(ui, "项目名称", &mut d.project, "", false);
            field_ui(ui, "主管部门", &mut d.department, "", false);
            field_ui(ui, "实施单位", &mut d.unit, "", false);
            let label_id = ui.label("项目属性").id;
            ui.horizontal(|ui| {
                for a in Attribute::ALL {
                    ui.selectable_value(&mut d.attribute, a, a.label())
                        .labelled_by(label_id);
                }
            });
            ui.end_row();
            field_ui(
                ui,
                "项目期限",
                &mut d.term,
                "如 2022年1月—2022年12月",
                false,
            );
            for (source, typed) in FundSource::ALL.into_iter().zip(d.funds.iter_mut()) {
                let label = format!("{}（元）", source.funds_label());
                field_ui(ui, &label, typed, "0.00", false);
            }
            field_ui(
                ui,
                "总目标",
                &mut d.overall_goal,
                "项目整个期限的目标",
                true,
            );
            field_ui(
                ui,
                "年度目标",
                &mut d.annual_goal,
                "本年度要达到的目标",
                true,
            );
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.strong("实施进度计划");
        if ui.button("增加阶段").clicked() {
            d.stages.push(StageDraft {
                task: String::new(),
                start: String::new(),
                end: String::new(),
            });
        }
    });
    let mut remove = None;
    egui::Grid::new("declaration_stages")
        .num_columns(4)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for h in ["开始日期", "结束日期", "进度安排", ""] {
                ui.label(RichText::new(h).color(style::MUTED));
            }
            ui.end_row();
            for (i, s) in d.stages.iter_mut().enumerate() {
                let n = i + 1;
                ui.add(TextEdit::singleline(&mut s.start).desired_width(100.0))
                    .on_hover_text(format!("第 {n} 阶段开始日期"));
                ui.add(TextEdit::singleline(&mut s.end).desired_width(100.0))
                    .on_hover_text(format!("第 {n} 阶段结束日期"));
                ui.add(TextEdit::singleline(&mut s.task).desired_width(340.0))
                    .on_hover_text(format!("第 {n} 阶段进度安排"));
                if ui.button("删除").clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        d.stages.remove(i);
    }
}

/// The indicator rows with their 指标值; returns the row whose 调整 was asked.
fn targets_ui(ui: &mut Ui, loaded: &YearEvaluation, may_adjust: bool) -> Option<usize> {
    let mut asked = None;
    ui.strong("绩效指标（在“绩效评分”页填写；批复后只能在此调整）");
    egui::Grid::new("declaration_targets")
        .num_columns(5)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for h in ["一级指标", "二级指标", "三级指标", "指标值", ""] {
                ui.label(RichText::new(h).color(style::MUTED));
            }
            ui.end_row();
            for (i, l) in loaded.lines.iter().enumerate() {
                if l.budget_execution {
                    continue;
                }
                ui.label(&l.level1);
                ui.label(&l.level2);
                ui.label(&l.name);
                ui.label(target_cell(&loaded.adjustments, i, l).replace('\n', " "));
                if may_adjust && ui.button(format!("调整「{}」", l.name)).clicked() {
                    asked = Some(i);
                }
                ui.end_row();
            }
        });
    if !loaded.adjustments.is_empty() {
        ui.add_space(4.0);
        ui.strong("调整记录");
        for a in &loaded.adjustments {
            let line = loaded.lines.get(a.position);
            let label = |t: &crate::domain::declaration::Target| match line {
                Some(l) => t.label_for(l),
                None => t.text.clone(),
            };
            ui.label(format!(
                "{} 「{}」{} → {}：{}（{}）",
                a.date,
                a.indicator,
                label(&a.before),
                label(&a.after),
                a.reason,
                a.by
            ));
        }
    }
    asked
}

impl DeclarationPage {
    fn save(&mut self, ctx: &mut PageCtx<'_>, year_id: i64) -> bool {
        let Some(d) = self.year.drafts.first() else {
            return false;
        };
        let saved = d
            .fields()
            .map_err(UiError::Invalid)
            .and_then(|f| Ok(ctx.store.save_declaration(year_id, &f, ctx.actor)?));
        match saved {
            Ok(()) => {
                self.year.mark_saved();
                true
            }
            Err(e) => {
                ctx.toasts.error(format!("未保存：{e}"));
                false
            }
        }
    }

    /// The heading with the state and the buttons of each step.
    fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>, loaded: &YearEvaluation) {
        let year = &loaded.program_year;
        let state = loaded.declaration.state;
        let may_edit = ctx.actor.may(Action::EditEvaluation);
        let mut changed = false;
        ui.horizontal(|ui| {
            ui.heading(format!("绩效目标申报 · {}年", year.year));
            ui.add_space(12.0);
            ui.label(RichText::new("状态").color(style::MUTED));
            ui.label(
                RichText::new(loaded.declaration.state_line())
                    .strong()
                    .color(style::ACCENT),
            );
            ui.add_space(12.0);
            let dirty = self.year.dirty();
            if may_edit && state.editable() {
                if ui.add_enabled(dirty, egui::Button::new("保存")).clicked() {
                    changed |= self.save(ctx, year.id);
                }
                if ui
                    .button("申报")
                    .on_hover_text("保存并报送财政部门：之后不能修改，除非撤回")
                    .clicked()
                    && (!dirty || self.save(ctx, year.id))
                {
                    match ctx.store.declare(year.id, ctx.actor) {
                        Ok(()) => ctx.toasts.success("已申报"),
                        Err(e) => ctx.toasts.error(format!("未申报：{e}")),
                    }
                    changed = true;
                }
            }
            if may_edit && state == DeclarationState::Declared {
                if ui.button("撤回申报").clicked() {
                    match ctx.store.withdraw_declaration(year.id, ctx.actor) {
                        Ok(()) => ctx.toasts.success("已撤回，可以修改后重新申报"),
                        Err(e) => ctx.toasts.error(format!("未撤回：{e}")),
                    }
                    changed = true;
                }
                if ui.button("登记批复…").clicked() {
                    self.approve = Some(ApproveDialog::default());
                }
            }
            let running = file_export_running(ui.ctx(), EXPORT);
            if ui
                .add_enabled(!running, egui::Button::new("导出申报表…"))
                .clicked()
            {
                let dir = crate::export::default_dir(ctx.store.path());
                let path = dir.join(format!(
                    "{}-{}",
                    loaded.program.code,
                    crate::export::declaration_file_name(year.year)
                ));
                self.export = Some(ExportDialog {
                    path: path.display().to_string(),
                    error: None,
                });
            }
        });
        self.reload |= changed;
    }

    fn dialogs_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>, loaded: &YearEvaluation) {
        let year_id = loaded.program_year.id;
        if let Some(dialog) = &mut self.approve {
            match dialog.ui(ui) {
                Some(Ok((date, doc_no))) => {
                    match ctx
                        .store
                        .approve_declaration(year_id, date, &doc_no, ctx.actor)
                    {
                        Ok(()) => {
                            ctx.toasts.success("已登记批复，年度指标值已锁定");
                            self.approve = None;
                            self.reload = true;
                        }
                        Err(e) => dialog.error = Some(e.to_string()),
                    }
                }
                Some(Err(())) => self.approve = None,
                None => {}
            }
        }
        if let Some(dialog) = &mut self.adjust {
            match dialog.ui(ui) {
                Some(Ok(r)) => {
                    match ctx
                        .store
                        .adjust_target(year_id, r.position, &r.target, r.date, &r.reason, ctx.actor)
                    {
                        Ok(()) => {
                            ctx.toasts.success("已调整年度指标值");
                            self.adjust = None;
                            self.reload = true;
                        }
                        Err(e) => dialog.error = Some(e.to_string()),
                    }
                }
                Some(Err(())) => self.adjust = None,
                None => {}
            }
        }
        if let Some(dialog) = &mut self.export {
            match dialog.ui(ui) {
                Some(Ok(typed)) => match export_path(&typed) {
                    Ok(path) => {
                        let (db, actor) = (ctx.store.opener(), ctx.actor.clone());
                        let (program, year) = (loaded.program.clone(), loaded.program_year.year);
                        start_file_export(
                            ui.ctx(),
                            EXPORT,
                            "导出绩效目标申报表",
                            move || {
                                let store = db.open()?;
                                let ev = crate::report::evaluation::load(&store, &program, year)?;
                                crate::export::declaration(&store, &actor, &ev, &path, today())?;
                                Ok(format!("已导出绩效目标申报表：{}", path.display()))
                            },
                        );
                        self.export = None;
                    }
                    Err(e) => dialog.error = Some(e.to_string()),
                },
                Some(Err(())) => self.export = None,
                None => {}
            }
        }
    }
}

impl Page for DeclarationPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let Some(loaded) = self
            .year
            .take_ui(ui, ctx, TITLE, |ev| vec![Draft::of(&ev.declaration.fields)])
        else {
            return;
        };
        let state = loaded.declaration.state;
        let may_edit = ctx.actor.may(Action::EditEvaluation);
        self.toolbar_ui(ui, ctx, &loaded);
        if let Some(d) = self.year.drafts.first().map(Draft::fields)
            && let Err(e) = d
        {
            ui.label(RichText::new(e).color(style::ERROR));
        }
        match state {
            DeclarationState::Draft => {}
            DeclarationState::Declared => {
                ui.label(
                    RichText::new("已申报：内容锁定，如需修改请先撤回申报。").color(style::MUTED),
                );
            }
            DeclarationState::Approved => {
                ui.label(
                    RichText::new("已批复：申报内容和年度指标值锁定，年度指标值只能调整。")
                        .color(style::MUTED),
                );
            }
        }
        ui.separator();
        let mut asked = None;
        egui::ScrollArea::vertical()
            .id_salt("declaration_page")
            .show(ui, |ui| {
                // Once approved, what may still change (an 调整) comes first.
                let may_adjust = may_edit && state == DeclarationState::Approved;
                if !state.editable() {
                    asked = targets_ui(ui, &loaded, may_adjust);
                    ui.add_space(8.0);
                    ui.separator();
                }
                if let Some(d) = self.year.drafts.first_mut() {
                    ui.add_enabled_ui(may_edit && state.editable(), |ui| form_ui(ui, d));
                }
                if state.editable() {
                    ui.add_space(8.0);
                    ui.separator();
                    targets_ui(ui, &loaded, false);
                }
            });
        if let Some(i) = asked
            && let Some(l) = loaded.lines.get(i)
        {
            self.adjust = Some(AdjustDialog::new(i, l, today()));
        }
        self.dialogs_ui(ui, ctx, &loaded);
        file_export_ui(ui, EXPORT, ctx.toasts);
        self.year.put_back(loaded);
        if std::mem::take(&mut self.reload) {
            self.year.invalidate();
        }
    }

    fn data_changed(&mut self) {
        self.year.invalidate();
    }

    fn has_unsaved_edits(&self) -> bool {
        self.year.dirty()
    }
}
