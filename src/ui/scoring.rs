//! 绩效评分: the program-year's indicator tree with targets, 分值, actuals (typed or
//! from a data metric), live scores, the total and grade, and the 校验 panel. The
//! clerk edits a copy of the set; 保存 (Ctrl+S) writes it in one transaction.

use egui::{Color32, RichText, TextEdit, Ui};
use egui_extras::{Column, TableBuilder};

use super::app::PageCtx;
use super::page::Page;
use super::style;
use super::widgets::with_header;
use super::year_draft::YearDraft;
use crate::domain::scoring::{Actual, IndicatorLine, Nature, Tier, parse_number};
use crate::domain::user::Action;
use crate::report::evaluation::{self, YearEvaluation};
use crate::report::metrics::metrics_for;

/// One indicator as the form holds it: numbers as typed.
#[derive(Clone, Debug, PartialEq)]
struct LineDraft {
    level1: String,
    level2: String,
    name: String,
    nature: Nature,
    target: String,
    target_text: String,
    unit: String,
    weight: String,
    metric: Option<String>,
    actual: String,
    tier: Tier,
    judged: String,
    actual_text: String,
    reason: String,
    budget_execution: bool,
}

impl LineDraft {
    fn from_line(l: &IndicatorLine) -> Self {
        let text = |d: Option<rust_decimal::Decimal>| d.map(|d| d.normalize().to_string());
        let (actual, tier, judged) = match &l.actual {
            Actual::Missing => (String::new(), Tier::Achieved, String::new()),
            Actual::Value(v) if l.metric.is_none() => {
                (v.normalize().to_string(), Tier::Achieved, String::new())
            }
            Actual::Value(_) => (String::new(), Tier::Achieved, String::new()),
            Actual::Judged { tier, score } => (String::new(), *tier, score.normalize().to_string()),
        };
        Self {
            level1: l.level1.clone(),
            level2: l.level2.clone(),
            name: l.name.clone(),
            nature: l.nature,
            target: text(l.target).unwrap_or_default(),
            target_text: l.target_text.clone(),
            unit: l.unit.clone(),
            weight: l.weight.normalize().to_string(),
            metric: l.metric.clone(),
            actual,
            tier,
            judged,
            actual_text: l.actual_text.clone(),
            reason: l.reason.clone(),
            budget_execution: l.budget_execution,
        }
    }

    fn blank(level1: &str, level2: &str) -> Self {
        Self::from_line(&IndicatorLine {
            level1: level1.into(),
            level2: level2.into(),
            ..empty_line()
        })
    }

    /// The line, or what is wrong with a field: (field label, message).
    fn to_line(&self) -> Result<IndicatorLine, (&'static str, String)> {
        let num =
            |text: &str, label: &'static str| parse_number(text, label).map_err(|e| (label, e));
        let target = match self.nature {
            Nature::Qualitative => None,
            _ => num(&self.target, "年度指标值")?,
        };
        let actual = match (self.nature, &self.metric) {
            (Nature::Qualitative, _) => match num(&self.judged, "得分")? {
                Some(score) => Actual::Judged {
                    tier: self.tier,
                    score,
                },
                None => Actual::Missing,
            },
            // The metric's value is filled in by `evaluation::resolve`.
            (_, Some(_)) => Actual::Missing,
            (_, None) => num(&self.actual, "实际完成值")?
                .map(Actual::Value)
                .unwrap_or(Actual::Missing),
        };
        Ok(IndicatorLine {
            level1: self.level1.trim().to_owned(),
            level2: self.level2.trim().to_owned(),
            name: self.name.trim().to_owned(),
            nature: self.nature,
            target,
            target_text: self.target_text.trim().to_owned(),
            unit: self.unit.trim().to_owned(),
            weight: num(&self.weight, "分值")?.unwrap_or_default(),
            metric: self.metric.clone(),
            actual,
            actual_text: self.actual_text.trim().to_owned(),
            reason: self.reason.trim().to_owned(),
            budget_execution: self.budget_execution,
        })
    }
}

/// The page's state.
#[derive(Default)]
pub struct ScoringPage {
    /// The program-year and the indicator lines being edited.
    year: YearDraft<LineDraft>,
    selected: usize,
}

impl ScoringPage {
    fn save(
        &mut self,
        ctx: &mut PageCtx<'_>,
        year_id: i64,
        parsed: &[Result<IndicatorLine, (&'static str, String)>],
    ) {
        let mut lines = Vec::with_capacity(parsed.len());
        for (p, d) in parsed.iter().zip(&self.year.drafts) {
            match p {
                Ok(l) => lines.push(l.clone()),
                Err((_, e)) => {
                    ctx.toasts.error(format!("未保存：「{}」{e}", d.name));
                    return;
                }
            }
        }
        match ctx.store.save_indicators(year_id, &lines, ctx.actor) {
            Ok(()) => {
                ctx.toasts.success("绩效指标已保存");
                self.year.mark_saved();
            }
            Err(e) => ctx.toasts.error(format!("保存失败：{e}")),
        }
    }

    /// The form for the selected indicator, and the buttons that change the set.
    fn editor_ui(&mut self, ui: &mut Ui, may_edit: bool, loaded: &YearEvaluation) {
        let locked = !loaded.declaration.state.editable();
        ui.horizontal(|ui| {
            ui.strong("指标内容");
            if locked {
                ui.label(
                    RichText::new(format!(
                        "绩效目标{}：指标和年度指标值锁定，只能填写实际完成值和偏差原因（调整请到“绩效目标申报”页）",
                        loaded.declaration.state.label()
                    ))
                    .color(style::MUTED),
                );
            }
            if !may_edit || locked {
                return;
            }
            ui.add_space(12.0);
            if ui.button("增加指标").clicked() {
                let (l1, l2) = self
                    .year
                    .drafts
                    .get(self.selected)
                    .map(|d| (d.level1.clone(), d.level2.clone()))
                    .unwrap_or_default();
                let at = (self.selected + 1).min(self.year.drafts.len());
                self.year.drafts.insert(at, LineDraft::blank(&l1, &l2));
                self.selected = at;
            }
            let n = self.year.drafts.len();
            if ui
                .add_enabled(n > 0, egui::Button::new("删除指标"))
                .clicked()
            {
                self.year.drafts.remove(self.selected.min(n - 1));
                self.selected = self.selected.min(self.year.drafts.len().saturating_sub(1));
            }
            if ui
                .add_enabled(self.selected > 0 && n > 0, egui::Button::new("上移"))
                .clicked()
            {
                self.year.drafts.swap(self.selected, self.selected - 1);
                self.selected -= 1;
            }
            if ui
                .add_enabled(self.selected + 1 < n, egui::Button::new("下移"))
                .clicked()
            {
                self.year.drafts.swap(self.selected, self.selected + 1);
                self.selected += 1;
            }
        });
        let Some(d) = self.year.drafts.get_mut(self.selected) else {
            ui.label("还没有指标。点“增加指标”开始。");
            return;
        };
        ui.add_space(4.0);
        ui.add_enabled_ui(may_edit, |ui| {
            egui::Grid::new("indicator_grid")
                .num_columns(4)
                .spacing([12.0, 6.0])
                .show(ui, |ui| line_form_ui(ui, d, loaded, !locked));
        });
    }
}

/// An indicator with nothing filled in.
fn empty_line() -> IndicatorLine {
    IndicatorLine {
        level1: String::new(),
        level2: String::new(),
        name: String::new(),
        nature: Nature::AtLeast,
        target: None,
        target_text: String::new(),
        unit: String::new(),
        weight: rust_decimal::Decimal::ZERO,
        metric: None,
        actual: Actual::Missing,
        actual_text: String::new(),
        reason: String::new(),
        budget_execution: false,
    }
}

/// A label and its single-line text field: two cells of the form grid.
fn text_cell_ui(ui: &mut Ui, label: &str, value: &mut String, hint: &str) {
    target_cell_ui(ui, label, value, hint, true);
}

/// [`text_cell_ui`] for a field of the target, which 批复 locks (`enabled` false).
fn target_cell_ui(ui: &mut Ui, label: &str, value: &mut String, hint: &str, enabled: bool) {
    let label_id = ui.label(label).id;
    ui.add_enabled(
        enabled,
        TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(200.0),
    )
    .labelled_by(label_id);
}

/// The selected indicator's fields, two to a row so the whole form shows beside
/// the 校验 panel without scrolling.
/// `open` is false once the targets are declared: the fields of the target are
/// then shown, not edited.
fn line_form_ui(ui: &mut Ui, d: &mut LineDraft, loaded: &YearEvaluation, open: bool) {
    target_cell_ui(ui, "一级指标", &mut d.level1, "产出指标 / 效益指标 …", open);
    target_cell_ui(ui, "二级指标", &mut d.level2, "数量指标 / 质量指标 …", open);
    ui.end_row();
    target_cell_ui(ui, "三级指标", &mut d.name, "指标名称", open);
    let label_id = ui.label("指标性质").id;
    ui.add_enabled_ui(open, |ui| {
        ui.horizontal(|ui| {
            for n in Nature::ALL {
                ui.selectable_value(&mut d.nature, n, n.symbol())
                    .labelled_by(label_id);
            }
        });
    });
    ui.end_row();
    if d.nature == Nature::Qualitative {
        target_cell_ui(ui, "年度指标值", &mut d.target_text, "如：普遍知晓", open);
    } else {
        target_cell_ui(ui, "年度指标值", &mut d.target, "数字，如 98", open);
    }
    target_cell_ui(ui, "分值", &mut d.weight, "如 10", open);
    ui.end_row();
    if d.nature == Nature::Qualitative {
        let label_id = ui.label("完成等级").id;
        ui.horizontal(|ui| {
            for t in Tier::ALL {
                let (lo, hi) = t.bounds_percent();
                ui.selectable_value(&mut d.tier, t, t.label())
                    .on_hover_text(format!("分值的 {lo}%–{hi}%"))
                    .labelled_by(label_id);
            }
        });
        text_cell_ui(ui, "得分", &mut d.judged, "在所选等级的范围内");
        ui.end_row();
        text_cell_ui(ui, "完成情况", &mut d.actual_text, "如：普遍知晓");
        ui.end_row();
    } else {
        target_cell_ui(ui, "单位", &mut d.unit, "%、人、元/人/年", open);
        ui.label("");
        ui.add_enabled(
            open,
            egui::Checkbox::new(&mut d.budget_execution, "预算执行率（按执行率计分）"),
        );
        ui.end_row();
        let label_id = ui.label("实际值来源").id;
        let current = d
            .metric
            .as_deref()
            .and_then(crate::report::metrics::metric)
            .map_or("手工填写".to_owned(), |m| format!("数据：{}", m.label));
        egui::ComboBox::from_id_salt("metric_source")
            .selected_text(current)
            .width(200.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut d.metric, None, "手工填写");
                for m in metrics_for(loaded.program.kind) {
                    let value = (m.value)(&loaded.summary).normalize();
                    ui.selectable_value(
                        &mut d.metric,
                        Some(m.code.to_owned()),
                        format!("数据：{}（{value}{}）", m.label, m.unit),
                    );
                }
            })
            .response
            .labelled_by(label_id);
        match d.metric.as_deref().and_then(crate::report::metrics::metric) {
            Some(m) => {
                ui.label("实际完成值");
                ui.label(
                    RichText::new(format!(
                        "{}{}",
                        (m.value)(&loaded.summary).normalize(),
                        m.unit
                    ))
                    .strong(),
                );
            }
            None => text_cell_ui(ui, "实际完成值", &mut d.actual, "数字"),
        }
        ui.end_row();
    }
    let label_id = ui.label("偏差原因分析及改进措施").id;
    ui.add(
        TextEdit::multiline(&mut d.reason)
            .desired_rows(2)
            .desired_width(200.0),
    )
    .labelled_by(label_id);
    ui.end_row();
}

/// The indicator table; returns the row clicked.
fn indicator_table_ui(
    ui: &mut Ui,
    drafts: &[LineDraft],
    lines: &[IndicatorLine],
    scores: &[rust_decimal::Decimal],
    selected: usize,
) -> Option<usize> {
    let mut clicked = None;
    let height = (28.0 + 26.0 * drafts.len() as f32).min(ui.available_height() * 0.55);
    ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
        with_header(
            TableBuilder::new(ui)
                .id_salt("indicators")
                .striped(true)
                .sense(egui::Sense::click())
                .auto_shrink([false, true])
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center)),
            28.0,
            &[
                (Column::exact(90.0), "一级指标"),
                (Column::exact(120.0), "二级指标"),
                (Column::remainder().at_least(160.0).clip(true), "三级指标"),
                (Column::exact(120.0), "年度指标值"),
                (Column::exact(120.0), "实际完成值"),
                (Column::exact(56.0), "分值"),
                (Column::exact(64.0), "得分"),
            ],
        )
        .body(|body| {
            body.rows(26.0, drafts.len(), |mut row| {
                let i = row.index();
                let (d, l) = (&drafts[i], &lines[i]);
                row.set_selected(i == selected);
                let actual = l.actual_label();
                let actual = if actual.is_empty() {
                    RichText::new("未填").color(style::WARNING)
                } else {
                    RichText::new(actual)
                };
                let s = scores.get(i).copied().unwrap_or_default();
                let score =
                    RichText::new(s.normalize().to_string())
                        .strong()
                        .color(if s < l.weight {
                            style::WARNING
                        } else {
                            Color32::from_gray(0x20)
                        });
                // Labels that do not take the click, so the row gets it.
                for text in [
                    RichText::new(&d.level1),
                    RichText::new(&d.level2),
                    RichText::new(&d.name),
                    RichText::new(l.target_label()),
                    actual,
                    RichText::new(l.weight.normalize().to_string()),
                    score,
                ] {
                    row.col(|ui| {
                        ui.add(egui::Label::new(text).selectable(false).truncate());
                    });
                }
                if row.response().clicked() {
                    clicked = Some(i);
                }
            });
        });
    });
    clicked
}

/// The 校验 panel: typing errors first, then what the 自评表 would be faulted for.
fn checks_ui(ui: &mut Ui, errors: &[String], problems: &[String]) {
    ui.strong("校验");
    ui.add_space(4.0);
    if errors.is_empty() && problems.is_empty() {
        ui.label(RichText::new("没有发现问题").color(Color32::from_rgb(0x2E, 0x7D, 0x32)));
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("checks")
        .show(ui, |ui| {
            for e in errors.iter().chain(problems) {
                ui.label(RichText::new(format!("· {e}")).color(style::ERROR));
            }
        });
}

/// The navigation title.
pub const TITLE: &str = "绩效评分";

impl Page for ScoringPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        // A line's metric value is not part of its draft, so the loaded (resolved)
        // lines serve as the stored copy.
        let Some(loaded) = self.year.take_ui(ui, ctx, "绩效评分", |ev| {
            ev.lines.iter().map(LineDraft::from_line).collect()
        }) else {
            return;
        };
        let year = loaded.program_year.clone();
        self.selected = self.selected.min(self.year.drafts.len().saturating_sub(1));
        let may_edit = ctx.actor.may(Action::EditEvaluation);

        // Score what the form holds now.
        let parsed: Vec<Result<IndicatorLine, (&'static str, String)>> =
            self.year.drafts.iter().map(LineDraft::to_line).collect();
        let mut lines: Vec<IndicatorLine> = parsed
            .iter()
            .zip(&self.year.drafts)
            .map(|(p, d)| match p {
                Ok(l) => l.clone(),
                // Not scored until its numbers read; the 校验 panel says which.
                Err(_) => IndicatorLine {
                    name: d.name.clone(),
                    ..empty_line()
                },
            })
            .collect();
        evaluation::resolve(&mut lines, &loaded.summary);
        let ev = evaluation::score(&lines);

        let save =
            may_edit && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S));
        let mut do_save = save;
        ui.horizontal(|ui| {
            ui.heading(format!("绩效评分 · {}年", year.year));
            ui.add_space(16.0);
            ui.label(RichText::new("自评得分").color(style::MUTED));
            ui.label(
                RichText::new(format!("{} 分", ev.total.normalize()))
                    .size(22.0)
                    .strong()
                    .color(style::ACCENT),
            );
            ui.label(RichText::new("评价等级").color(style::MUTED));
            ui.label(
                RichText::new(ev.grade.label())
                    .size(22.0)
                    .strong()
                    .color(style::ACCENT),
            );
            if may_edit {
                ui.add_space(16.0);
                do_save |= ui
                    .add_enabled(self.year.dirty(), egui::Button::new("保存"))
                    .on_hover_text("保存全部指标（Ctrl+S）")
                    .clicked();
                if ui
                    .add_enabled(self.year.dirty(), egui::Button::new("放弃修改"))
                    .clicked()
                {
                    self.year.drafts = self.year.saved.clone();
                }
                if self.year.dirty() {
                    ui.label(RichText::new("有未保存的修改").color(style::WARNING));
                }
            } else {
                ui.label(
                    RichText::new(format!("{}只能查看", ctx.actor.roles.label()))
                        .color(style::MUTED),
                );
            }
        });
        ui.add_space(4.0);

        // ↑ / ↓ move between indicators while no field has the keyboard.
        if ui.ctx().memory(|m| m.focused().is_none()) {
            let n = self.year.drafts.len();
            if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown)) {
                self.selected = (self.selected + 1).min(n.saturating_sub(1));
            }
            if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp)) {
                self.selected = self.selected.saturating_sub(1);
            }
        }
        if let Some(i) =
            indicator_table_ui(ui, &self.year.drafts, &lines, &ev.scores, self.selected)
        {
            self.selected = i;
        }
        ui.add_space(6.0);
        ui.separator();
        let errors: Vec<String> = parsed
            .iter()
            .zip(&self.year.drafts)
            .filter_map(|(p, d)| p.as_ref().err().map(|(_, e)| format!("「{}」{e}", d.name)))
            .collect();
        let height = ui.available_height();
        ui.horizontal_top(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(660.0, height),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("indicator_form")
                        .show(ui, |ui| self.editor_ui(ui, may_edit, &loaded));
                },
            );
            ui.separator();
            ui.vertical(|ui| checks_ui(ui, &errors, &ev.problems));
        });

        if do_save {
            self.save(ctx, year.id, &parsed);
        }
        self.year.put_back(loaded);
    }

    /// Reload the figures (metrics) on the next frame; edits not yet saved stay.
    fn data_changed(&mut self) {
        self.year.invalidate();
    }

    fn has_unsaved_edits(&self) -> bool {
        self.year.dirty()
    }
}
