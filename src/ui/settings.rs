//! 设置: the database and its backups, programs and their years, and the holiday
//! calendar; and, on its own tab at the top for the 管理员, 用户管理
//! (`users.rs`) and 备份与恢复 (`backups.rs`). The hospitals have their page (`hospitals.rs`).

use egui::{RichText, Ui};

use super::app::{Command, PageCtx};
use super::error::UiError;
use super::page::Page;
use super::style;
use super::widgets::{FocusOnOpen, enter_pressed, form_row_ui, read_error_ui};
use crate::domain::calendar::{DayKind, HolidayCalendar, SpecialDay};
use crate::domain::dates::{iso, parse_date};
use crate::domain::program::{Program, ProgramKind, YearParams};
use crate::domain::user::Action;
use crate::store::backup::{backup_dir, list_backups};
use crate::store::programs::NewProgram;

/// The new-program form.
struct ProgramForm {
    code: String,
    name: String,
    kind: ProgramKind,
    department: String,
    unit: String,
    year: String,
    error: Option<String>,
    focus: FocusOnOpen,
}

impl Default for ProgramForm {
    fn default() -> Self {
        Self {
            code: String::new(),
            name: String::new(),
            kind: ProgramKind::Lixiu,
            department: String::new(),
            unit: String::new(),
            year: chrono::Datelike::year(&super::clock::today()).to_string(),
            error: None,
            focus: FocusOnOpen::new(),
        }
    }
}

/// The holiday calendar section: the year shown and the add form.
struct CalendarSection {
    year: i32,
    calendar: Option<HolidayCalendar>,
    date: String,
    kind: DayKind,
    name: String,
    error: Option<String>,
}

impl Default for CalendarSection {
    fn default() -> Self {
        Self {
            year: chrono::Datelike::year(&super::clock::today()),
            calendar: None,
            date: String::new(),
            kind: DayKind::Holiday,
            name: String::new(),
            error: None,
        }
    }
}

/// The tabs of 设置.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    General,
    Users,
    Backups,
}

/// The settings page's own state.
#[derive(Default)]
pub struct SettingsPage {
    tab: Tab,
    program_form: Option<ProgramForm>,
    calendar: CalendarSection,
    users: super::users::UsersSection,
    backups: super::backups::BackupsSection,
    /// What the page lists, read once and again after a change (not every frame).
    snapshot: Option<crate::store::Result<Snapshot>>,
    /// Whether the page has been shown to this user yet.
    shown: bool,
}

/// The lists 设置 shows.
struct Snapshot {
    backups: usize,
    /// Each program with its years, e.g. 「2021、2022」.
    programs: Vec<(Program, String)>,
}

impl Snapshot {
    fn load(store: &crate::store::Store) -> crate::store::Result<Self> {
        let programs = store
            .programs()?
            .into_iter()
            .map(|p| {
                let years = store.program_years(p.id)?;
                let years = years
                    .iter()
                    .map(|y| y.year.to_string())
                    .collect::<Vec<_>>()
                    .join("、");
                Ok((p, years))
            })
            .collect::<crate::store::Result<_>>()?;
        Ok(Self {
            backups: list_backups(store.path())?.len(),
            programs,
        })
    }
}

impl SettingsPage {
    /// What the page lists, once read.
    fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref().and_then(|s| s.as_ref().ok())
    }

    fn database_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        ui.label(RichText::new("数据库").strong().size(17.0));
        let dir = backup_dir(ctx.store.path());
        let backups = self.snapshot().map(|s| s.backups);
        egui::Grid::new("db_info")
            .num_columns(2)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                ui.label(RichText::new("文件").color(style::MUTED));
                ui.label(ctx.store.path().display().to_string());
                ui.end_row();
                ui.label(RichText::new("备份").color(style::MUTED));
                match backups {
                    Some(backups) => ui.label(format!(
                        "{}（共 {} 份，每次启动自动备份，保留最近 7 天、4 周、12 个月各一份）",
                        dir.display(),
                        backups
                    )),
                    None => ui.label(dir.display().to_string()),
                };
                ui.end_row();
            });
        if ui.button("立即备份").clicked() {
            super::backups::backup_now(ctx);
            self.snapshot = None;
        }
    }

    fn programs_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        ui.horizontal(|ui| {
            ui.label(RichText::new("项目").strong().size(17.0));
            if self.program_form.is_none()
                && ctx.actor.may(Action::ManageSettings)
                && ui.button("新建项目").clicked()
            {
                self.program_form = Some(ProgramForm::default());
            }
        });
        let Some(snapshot) = self.snapshot() else {
            // The read error is said at the top of the page.
            return;
        };
        let programs = snapshot.programs.as_slice();
        if programs.is_empty() {
            ui.label(RichText::new("尚无项目。").color(style::MUTED));
        } else {
            egui::Grid::new("programs")
                .striped(true)
                .num_columns(5)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for h in ["代码", "名称", "类型", "主管部门 / 实施单位", "年度"]
                    {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for (p, years) in programs {
                        ui.label(&p.code);
                        ui.label(&p.name);
                        ui.label(p.kind.label());
                        ui.label(format!("{} / {}", p.department, p.unit));
                        ui.label(years);
                        ui.end_row();
                    }
                });
        }
        let mut close_form = false;
        if let Some(form) = &mut self.program_form {
            ui.add_space(8.0);
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(RichText::new("新建项目").strong());
                let mut save = false;
                let mut cancel = false;
                egui::Grid::new("program_form")
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        let r = form_row_ui(
                            ui,
                            "项目代码",
                            &mut form.code,
                            "英文字母，例如 lixiu",
                            None,
                            None,
                        );
                        form.focus.apply(&r);
                        save |= enter_pressed(ui, &r);
                        let r = form_row_ui(
                            ui,
                            "项目名称",
                            &mut form.name,
                            "例如：丰都县离休人员医药费县级补助",
                            None,
                            None,
                        );
                        save |= enter_pressed(ui, &r);
                        // The kind decides the categories, rules, report and the
                        // built-in 政策参数 the first year starts from.
                        let label = ui.label("项目类型");
                        egui::ComboBox::from_id_salt("program_kind")
                            .selected_text(form.kind.label())
                            .width(280.0)
                            .show_ui(ui, |ui| {
                                for kind in ProgramKind::ALL {
                                    ui.selectable_value(&mut form.kind, kind, kind.label());
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        ui.end_row();
                        let r = form_row_ui(
                            ui,
                            "主管部门",
                            &mut form.department,
                            "例如：丰都县医疗保障局",
                            None,
                            Some("必填，印在绩效自评表和自评报告的表头"),
                        );
                        save |= enter_pressed(ui, &r);
                        let r = form_row_ui(
                            ui,
                            "实施单位",
                            &mut form.unit,
                            "例如：丰都县医疗保障局",
                            None,
                            Some("必填，印在绩效自评表和自评报告的表头"),
                        );
                        save |= enter_pressed(ui, &r);
                        let r =
                            form_row_ui(ui, "首个年度", &mut form.year, "例如：2026", None, None);
                        save |= enter_pressed(ui, &r);
                    });
                if let Some(e) = &form.error {
                    ui.label(RichText::new(e).color(style::ERROR));
                }
                ui.horizontal(|ui| {
                    save |= ui.button("创建项目").clicked();
                    cancel = ui.button("取消").clicked();
                });
                if cancel {
                    close_form = true;
                } else if save {
                    match create_program(ctx, form) {
                        Ok(id) => {
                            ctx.toasts
                                .success(format!("已创建项目：{}", form.name.trim()));
                            ctx.commands.push(Command::ReloadPrograms);
                            ctx.commands.push(Command::SelectProgram(id));
                            close_form = true;
                        }
                        Err(UiError::Store(e)) => form.error = Some(format!("未创建：{e}")),
                        Err(e) => form.error = Some(e.to_string()),
                    }
                }
            });
        }
        if close_form {
            self.program_form = None;
        }
    }
}

fn create_program(ctx: &mut PageCtx<'_>, form: &ProgramForm) -> Result<i64, UiError> {
    let code = form.code.trim();
    if code.is_empty()
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(UiError::Invalid(format!(
            "项目代码「{code}」只能由英文字母、数字、- 或 _ 组成，且不能为空"
        )));
    }
    if form.name.trim().is_empty() {
        return Err(UiError::Invalid("项目名称不能为空".into()));
    }
    let year: i32 = form
        .year
        .trim()
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| {
            UiError::Invalid(format!(
                "首个年度「{}」应为 2000 到 2100 之间的年份",
                form.year.trim()
            ))
        })?;
    // A new program starts from the built-in parameters of its kind; 政策参数 edits them.
    let params = YearParams::seed(form.kind);
    Ok(ctx.store.create_program_with_year(
        &NewProgram {
            code: code.to_owned(),
            name: form.name.trim().to_owned(),
            kind: form.kind,
            department: form.department.trim().to_owned(),
            unit: form.unit.trim().to_owned(),
        },
        year,
        &params,
        ctx.actor,
    )?)
}

impl CalendarSection {
    fn section_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        ui.label(RichText::new("节假日与调休").strong().size(17.0));
        ui.label(
            RichText::new("医院月报表应于次月 5 日前报送；5 日逢周末或节假日顺延至下一个工作日，调休上班日（班）视为工作日。")
                .color(style::MUTED),
        );
        if self.calendar.is_none() {
            match ctx.store.holiday_calendar() {
                Ok(c) => self.calendar = Some(c),
                Err(e) => {
                    read_error_ui(ui, "节假日", &e);
                    return;
                }
            }
        }
        let Some(calendar) = &self.calendar else {
            return;
        };
        ui.horizontal(|ui| {
            if ui.button("‹ 上一年").clicked() {
                self.year -= 1;
            }
            ui.label(RichText::new(format!("{}年", self.year)).strong());
            if ui.button("下一年 ›").clicked() {
                self.year += 1;
            }
        });
        ui.label("各月月报截止日");
        egui::Grid::new("deadlines")
            .num_columns(6)
            .spacing([18.0, 2.0])
            .show(ui, |ui| {
                for m in 1..=12 {
                    if let Some(d) = calendar.report_deadline(self.year, m) {
                        ui.label(format!("{m}月报：{}", d.format("%-m月%-d日")));
                    }
                    if m % 6 == 0 {
                        ui.end_row();
                    }
                }
            });
        ui.add_space(4.0);
        egui::Grid::new("holidays")
            .striped(true)
            .num_columns(3)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                for h in ["名称", "放假（休）", "调休上班（班）"] {
                    ui.strong(h);
                }
                ui.end_row();
                for (name, off, work) in holiday_groups(calendar, self.year) {
                    ui.label(name);
                    ui.label(off);
                    ui.label(work);
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
        if !ctx.actor.may(Action::ManageSettings) {
            return;
        }
        let mut add = false;
        let mut remove = None;
        ui.horizontal(|ui| {
            let label = ui.label("日期");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.date)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(110.0),
                )
                .labelled_by(label.id);
            add |= enter_pressed(ui, &r);
            for k in [DayKind::Holiday, DayKind::MakeUpWorkday] {
                let text = match k {
                    DayKind::Holiday => "休（放假）",
                    DayKind::MakeUpWorkday => "班（调休上班）",
                };
                ui.radio_value(&mut self.kind, k, text);
            }
            let label = ui.label("名称");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.name)
                        .hint_text("例如：国庆节")
                        .desired_width(140.0),
                )
                .labelled_by(label.id);
            add |= enter_pressed(ui, &r);
            add |= ui.button("添加").clicked();
            if ui.button("删除该日设置").clicked() {
                match parse_date(&self.date) {
                    Some(d) => remove = Some(d),
                    None => self.error = Some(format!("日期「{}」无效", self.date.trim())),
                }
            }
        });
        if let Some(e) = &self.error {
            ui.label(RichText::new(e).color(style::ERROR));
        }
        if let Some(date) = remove {
            match ctx.store.remove_special_day(date, ctx.actor) {
                Ok(()) => {
                    ctx.toasts
                        .success(format!("已删除 {} 的节假日设置", iso(date)));
                    self.calendar = None;
                    self.error = None;
                }
                Err(e) => self.error = Some(format!("未删除：{e}")),
            }
        }
        if add {
            let Some(date) = parse_date(&self.date) else {
                self.error = Some(format!("日期「{}」无效", self.date.trim()));
                return;
            };
            let day = SpecialDay {
                date,
                kind: self.kind,
                name: self.name.trim().to_owned(),
            };
            match ctx.store.set_special_day(&day, ctx.actor) {
                Ok(()) => {
                    ctx.toasts
                        .success(format!("已设置 {} 为{}", iso(date), day.kind.label()));
                    self.year = chrono::Datelike::year(&date);
                    self.date.clear();
                    self.name.clear();
                    self.error = None;
                    self.calendar = None;
                }
                Err(e) => self.error = Some(format!("未保存：{e}")),
            }
        }
    }
}

/// The year's special days grouped by holiday: (name, days off as ranges, make-up days).
fn holiday_groups(calendar: &HolidayCalendar, year: i32) -> Vec<(String, String, String)> {
    let mut groups: Vec<(String, Vec<chrono::NaiveDate>, Vec<chrono::NaiveDate>)> = Vec::new();
    for day in calendar
        .days()
        .filter(|d| chrono::Datelike::year(&d.date) == year)
    {
        let idx = match groups.iter().position(|g| g.0 == day.name) {
            Some(i) => i,
            None => {
                groups.push((day.name.clone(), Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        match day.kind {
            DayKind::Holiday => groups[idx].1.push(day.date),
            DayKind::MakeUpWorkday => groups[idx].2.push(day.date),
        }
    }
    let md = |d: &chrono::NaiveDate| d.format("%-m月%-d日").to_string();
    groups
        .into_iter()
        .map(|(name, off, work)| {
            let mut ranges: Vec<(chrono::NaiveDate, chrono::NaiveDate)> = Vec::new();
            for d in off {
                match ranges.last_mut() {
                    Some((_, end)) if end.succ_opt() == Some(d) => *end = d,
                    _ => ranges.push((d, d)),
                }
            }
            let off = ranges
                .iter()
                .map(|(a, b)| {
                    if a == b {
                        md(a)
                    } else {
                        format!("{}至{}（{}天）", md(a), md(b), (*b - *a).num_days() + 1)
                    }
                })
                .collect::<Vec<_>>()
                .join("、");
            let work = work.iter().map(md).collect::<Vec<_>>().join("、");
            (name, off, if work.is_empty() { "—".into() } else { work })
        })
        .collect()
}

/// The navigation title.
pub const TITLE: &str = "设置";

impl Page for SettingsPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        // Shown for the first time with no program at all (the shell opens this page
        // when the database has none, e.g. after 空白开始): the new-program form opens.
        if !self.shown {
            self.shown = true;
            if ctx.program.is_none() {
                self.program_form = Some(ProgramForm::default());
            }
        }
        ui.heading("设置");
        if self.snapshot.is_none() {
            self.snapshot = Some(Snapshot::load(ctx.store));
        }
        if let Some(Err(e)) = &self.snapshot {
            read_error_ui(ui, "项目和备份", e);
        }
        if ctx.actor.may(Action::ManageSettings) {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut self.tab, Tab::General, "数据库、项目和节假日");
                ui.selectable_value(&mut self.tab, Tab::Users, "用户管理");
                ui.selectable_value(&mut self.tab, Tab::Backups, "备份与恢复");
            });
            ui.separator();
        } else {
            self.tab = Tab::General;
        }
        egui::ScrollArea::vertical().show(ui, |ui| match self.tab {
            Tab::General => {
                self.database_ui(ui, ctx);
                ui.add_space(12.0);
                self.programs_ui(ui, ctx);
                ui.add_space(12.0);
                self.calendar.section_ui(ui, ctx);
            }
            Tab::Users => self.users.section_ui(ui, ctx),
            Tab::Backups => self.backups.section_ui(ui, ctx),
        });
    }

    /// Reload the lists on the next frame.
    fn data_changed(&mut self) {
        self.snapshot = None;
        self.calendar.calendar = None;
        self.users.reload();
        self.backups.reload();
    }

    /// The new-program form, or a holiday being typed.
    fn has_unsaved_edits(&self) -> bool {
        self.program_form.is_some()
            || !self.calendar.date.is_empty()
            || !self.calendar.name.is_empty()
            || self.users.has_unsaved_edits()
    }
}
