//! The 绩效目标申报 page's form copy (numbers and dates as typed) and its three
//! dialogs: 登记批复 (date and 文号), 调整 of an approved target (the new value,
//! the date, the reason) and 导出申报表 (where to save).

use egui::Ui;

use crate::domain::Money;
use crate::domain::dates::{iso, parse_date};
use crate::domain::declaration::{
    Attribute, DeclarationFields, FundSource, SourceAmounts, Stage, Target,
};
use crate::domain::scoring::{IndicatorLine, Nature, parse_number};
use crate::ui::widgets::{DialogAction, FocusOnOpen, enter_pressed, form_dialog_ui, form_row_ui};

/// A stage as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct StageDraft {
    pub task: String,
    pub start: String,
    pub end: String,
}

/// The declaration's fields as typed: amounts in 元, dates as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Draft {
    pub project: String,
    pub department: String,
    pub unit: String,
    pub attribute: Attribute,
    pub term: String,
    pub funds: [String; 5],
    pub overall_goal: String,
    pub annual_goal: String,
    pub stages: Vec<StageDraft>,
}

impl Draft {
    pub fn of(f: &DeclarationFields) -> Self {
        Self {
            project: f.project.clone(),
            department: f.department.clone(),
            unit: f.unit.clone(),
            attribute: f.attribute,
            term: f.term.clone(),
            funds: FundSource::ALL.map(|s| {
                let m = f.funds.get(s);
                if m.is_zero() {
                    String::new()
                } else {
                    m.plain()
                }
            }),
            overall_goal: f.overall_goal.clone(),
            annual_goal: f.annual_goal.clone(),
            stages: f
                .stages
                .iter()
                .map(|s| StageDraft {
                    task: s.task.clone(),
                    start: iso(s.start),
                    end: iso(s.end),
                })
                .collect(),
        }
    }

    /// The fields, or what is wrong with the first field that does not read.
    pub fn fields(&self) -> Result<DeclarationFields, String> {
        let mut funds = SourceAmounts::default();
        for (source, typed) in FundSource::ALL.into_iter().zip(&self.funds) {
            if typed.trim().is_empty() {
                continue;
            }
            let m = Money::parse_non_negative(typed)
                .map_err(|e| format!("{}（元）「{}」：{e}", source.funds_label(), typed.trim()))?;
            funds.set(source, m);
        }
        let mut stages = Vec::with_capacity(self.stages.len());
        for (i, s) in self.stages.iter().enumerate() {
            let day = |text: &str, what: &str| {
                parse_date(text).ok_or_else(|| {
                    format!(
                        "实施进度计划第 {} 行{what}「{}」不是日期，应写作 2022-01-01",
                        i + 1,
                        text.trim()
                    )
                })
            };
            stages.push(Stage {
                task: s.task.trim().to_owned(),
                start: day(&s.start, "开始日期")?,
                end: day(&s.end, "结束日期")?,
            });
        }
        Ok(DeclarationFields {
            project: self.project.trim().to_owned(),
            department: self.department.trim().to_owned(),
            unit: self.unit.trim().to_owned(),
            attribute: self.attribute,
            term: self.term.trim().to_owned(),
            funds,
            overall_goal: self.overall_goal.trim().to_owned(),
            annual_goal: self.annual_goal.trim().to_owned(),
            stages,
        })
    }
}

/// 登记批复: the date and the 文号.
#[derive(Default)]
pub(super) struct ApproveDialog {
    pub date: String,
    pub doc_no: String,
    pub error: Option<String>,
    focus: FocusOnOpen,
}

impl ApproveDialog {
    /// The dialog; on 确定 the date and the 文号 as typed.
    pub fn ui(&mut self, ui: &mut Ui) -> Option<Result<(chrono::NaiveDate, String), ()>> {
        let error = self.error.clone();
        let action = form_dialog_ui(
            ui,
            460.0,
            "登记批复",
            Some("财政部门批复后登记：批复后年度指标值锁定，只能通过“调整”修改。"),
            |ui, submit| {
                let r = form_row_ui(ui, "批复日期", &mut self.date, "如 2021-02-10", None, None);
                self.focus.apply(&r);
                let r = form_row_ui(
                    ui,
                    "批复文号",
                    &mut self.doc_no,
                    "如 丰财绩〔2021〕3号",
                    error.as_deref(),
                    None,
                );
                *submit |= enter_pressed(ui, &r);
            },
        );
        match action {
            DialogAction::Cancel => Some(Err(())),
            DialogAction::Submit => match parse_date(&self.date) {
                Some(d) => Some(Ok((d, self.doc_no.trim().to_owned()))),
                None => {
                    self.error = Some(format!(
                        "批复日期「{}」不是日期，应写作 2021-02-10",
                        self.date.trim()
                    ));
                    None
                }
            },
            DialogAction::None => None,
        }
    }
}

/// 调整 of indicator `position`: the new target, the date and the reason.
pub(super) struct AdjustDialog {
    pub position: usize,
    pub line: IndicatorLine,
    pub target: String,
    pub date: String,
    pub reason: String,
    pub error: Option<String>,
    focus: FocusOnOpen,
}

/// What the 调整 dialog asks the store to do.
pub(super) struct AdjustRequest {
    pub position: usize,
    pub target: Target,
    pub date: chrono::NaiveDate,
    pub reason: String,
}

impl AdjustDialog {
    pub fn new(position: usize, line: &IndicatorLine, today: chrono::NaiveDate) -> Self {
        Self {
            position,
            target: String::new(),
            date: iso(today),
            reason: String::new(),
            error: None,
            focus: FocusOnOpen::new(),
            line: line.clone(),
        }
    }

    fn request(&self) -> Result<AdjustRequest, String> {
        let target = match self.line.nature {
            Nature::Qualitative => Target {
                value: None,
                text: self.target.trim().to_owned(),
            },
            Nature::AtLeast | Nature::AtMost | Nature::Equal => Target {
                value: Some(
                    parse_number(&self.target, "调整后的年度指标值")?
                        .ok_or("调整后的年度指标值须是数字，如 95")?,
                ),
                text: self.line.target_text.clone(),
            },
        };
        let date = parse_date(&self.date).ok_or_else(|| {
            format!(
                "调整日期「{}」不是日期，应写作 2021-09-01",
                self.date.trim()
            )
        })?;
        Ok(AdjustRequest {
            position: self.position,
            target,
            date,
            reason: self.reason.trim().to_owned(),
        })
    }

    /// The dialog; on 确定 what to adjust, on 取消 `Err`.
    pub fn ui(&mut self, ui: &mut Ui) -> Option<Result<AdjustRequest, ()>> {
        let error = self.error.clone();
        let intro = format!(
            "「{}」批复的年度指标值为 {}。调整须写明原因，记入操作日志，自评表同时列出批复值和调整值。",
            self.line.name,
            self.line.target_label()
        );
        let hint = match self.line.nature {
            Nature::Qualitative => "如：基本知晓",
            Nature::AtLeast | Nature::AtMost | Nature::Equal => "数字，如 95",
        };
        let action = form_dialog_ui(ui, 520.0, "调整年度指标值", Some(&intro), |ui, _| {
            let r = form_row_ui(ui, "调整后的年度指标值", &mut self.target, hint, None, None);
            self.focus.apply(&r);
            form_row_ui(ui, "调整日期", &mut self.date, "如 2021-09-01", None, None);
            form_row_ui(
                ui,
                "调整原因",
                &mut self.reason,
                "如：上级政策调整",
                error.as_deref(),
                None,
            );
        });
        match action {
            DialogAction::Cancel => Some(Err(())),
            DialogAction::Submit => match self.request() {
                Ok(r) => Some(Ok(r)),
                Err(e) => {
                    self.error = Some(e);
                    None
                }
            },
            DialogAction::None => None,
        }
    }
}

/// 导出申报表: where to save it.
pub(super) struct ExportDialog {
    pub path: String,
    pub error: Option<String>,
}

impl ExportDialog {
    /// The dialog; on 确定 the path as typed.
    pub fn ui(&mut self, ui: &mut Ui) -> Option<Result<String, ()>> {
        let error = self.error.clone();
        let action = form_dialog_ui(
            ui,
            640.0,
            "导出绩效目标申报表",
            Some("A4 纵向，含审核意见、批复情况和签字栏；页脚印核验码。"),
            |ui, submit| {
                let label_id = ui.label("保存到").id;
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        let r = ui
                            .add(egui::TextEdit::singleline(&mut self.path).desired_width(440.0))
                            .labelled_by(label_id);
                        *submit |= enter_pressed(ui, &r);
                        if ui.button("浏览…").clicked()
                            && let Some(p) = rfd::FileDialog::new()
                                .set_file_name(file_name(&self.path))
                                .add_filter("Excel 工作簿", &["xlsx"])
                                .save_file()
                        {
                            self.path = p.display().to_string();
                        }
                    });
                    if let Some(e) = &error {
                        ui.label(egui::RichText::new(e).color(crate::ui::style::ERROR));
                    }
                });
                ui.end_row();
            },
        );
        match action {
            DialogAction::Cancel => Some(Err(())),
            DialogAction::Submit => Some(Ok(self.path.clone())),
            DialogAction::None => None,
        }
    }
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
