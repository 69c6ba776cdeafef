//! 导出公示名单 and 导出报账明细: the buttons a page puts in its toolbar with one
//! call to [`list_exports_ui`], a small dialog for each (the month or the whole
//! year, or the hospital; the file type; where to save, with 浏览… opening the
//! system's save dialog under a default name), the export off the UI thread with a
//! progress bar, and at the end the dialog with 打开文件夹 that 报告导出 shows too
//! ([`export_done_ui`]). A page that exports one file from its own dialog (the
//! 支付汇总表, the 年终清算表) runs it off the UI thread the same way with
//! [`start_file_export`] and [`file_export_ui`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{RichText, Ui};

use super::app::PageCtx;
use super::error::UiError;
use super::jobs::Job;
use super::style;
use super::toasts::Toasts;
use super::widgets::{DialogAction, FocusOnOpen, enter_pressed, escape_pressed, form_dialog_ui};
use crate::domain::claim::Month;
use crate::domain::disclosure::ListScope;
use crate::domain::hospital::Hospital;
use crate::domain::program::Program;
use crate::export::{CLAIMS_DETAIL_TYPES, PUBLIC_LIST_TYPES};

/// The folder the lists were last saved in.
const SETTING_LIST_DIR: &str = "ui.list_export_dir";

/// A finished export, shown until closed: what was written, where, and the folder
/// 打开文件夹 opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportDone {
    pub message: String,
    pub location: PathBuf,
    pub folder: PathBuf,
}

/// After an export: where the files are, and a button to open the folder.
pub fn export_done_ui(ui: &mut Ui, done: &mut Option<ExportDone>, toasts: &mut Toasts) {
    let Some(d) = done.as_ref() else {
        return;
    };
    let mut close = false;
    egui::Modal::new(egui::Id::unique("export_done")).show(ui.ctx(), |ui| {
        ui.set_width(520.0);
        ui.heading("导出完成");
        ui.add_space(6.0);
        ui.label(&d.message);
        ui.label(RichText::new(d.location.display().to_string()).strong());
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("打开文件夹").clicked() {
                if let Err(e) = opener::open(&d.folder) {
                    toasts.error(format!("无法打开文件夹 {}：{e}", d.folder.display()));
                }
                close = true;
            }
            close |= ui.button("关闭").clicked();
        });
    });
    if close || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        *done = None;
    }
}

/// What the dialog is about to export.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Choice {
    /// The 公示 list of the month, or of the whole year.
    PublicList { whole_year: bool },
    /// The claims detail of the month, of every hospital or of one.
    Claims {
        hospitals: Vec<Hospital>,
        hospital: Option<i64>,
    },
}

/// The open dialog.
struct Dialog {
    choice: Choice,
    /// Index into the choice's file types.
    kind: usize,
    path: String,
    error: Option<String>,
    focus: FocusOnOpen,
}

impl Dialog {
    fn types(&self) -> &'static [&'static str] {
        match self.choice {
            Choice::PublicList { .. } => &PUBLIC_LIST_TYPES,
            Choice::Claims { .. } => &CLAIMS_DETAIL_TYPES,
        }
    }

    fn kind(&self) -> &'static str {
        self.types().get(self.kind).copied().unwrap_or("xlsx")
    }

    fn scope(&self, month: Month) -> ListScope {
        match self.choice {
            Choice::PublicList { whole_year: true } => ListScope::Year(month.year),
            _ => ListScope::Month(month),
        }
    }

    fn hospital(&self) -> Option<&Hospital> {
        match &self.choice {
            Choice::Claims {
                hospitals,
                hospital: Some(id),
            } => hospitals.iter().find(|h| h.id == *id),
            _ => None,
        }
    }

    /// The name the file is offered under for what is chosen now.
    fn file_name(&self, program: &Program, month: Month) -> String {
        match &self.choice {
            Choice::PublicList { .. } => {
                crate::export::public_list_file_name(program, self.scope(month), self.kind())
            }
            Choice::Claims { .. } => {
                crate::export::claims_detail_file_name(program, month, self.hospital(), self.kind())
            }
        }
    }

    fn folder(&self) -> PathBuf {
        Path::new(self.path.trim())
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// Put the default name for what is chosen now in the chosen folder.
    fn rename(&mut self, program: &Program, month: Month) {
        self.path = self
            .folder()
            .join(self.file_name(program, month))
            .display()
            .to_string();
    }
}

/// The buttons' state, kept in egui's memory so that a page needs no field for it.
#[derive(Default)]
struct ListExports {
    dialog: Option<Dialog>,
    job: Option<Job<Result<ExportDone, UiError>>>,
    done: Option<ExportDone>,
}

type Shared = Arc<Mutex<ListExports>>;

/// 导出公示名单… (医疗救助 only) and 导出报账明细… for `program`'s `month`, with
/// `hospital` offered first for the claims detail; the progress bar while one
/// runs, and the dialogs.
pub fn list_exports_ui(
    ui: &mut Ui,
    ctx: &mut PageCtx<'_>,
    program: &Program,
    month: Month,
    hospital: Option<i64>,
) {
    let shared: Shared = ui.data_mut(|d| {
        d.get_temp_mut_or_default::<Shared>(egui::Id::unique("list_exports"))
            .clone()
    });
    let mut state = shared.lock().unwrap_or_else(|p| p.into_inner());
    state.buttons_ui(ui, ctx, program, month, hospital);
    if let Some(job) = &state.job {
        progress_panel_ui(ui, job, "正在查询…");
    }
    state.dialog_ui(ui, ctx, program, month);
    state.poll(ctx);
    export_done_ui(ui, &mut state.done, ctx.toasts);
}

impl ListExports {
    fn buttons_ui(
        &mut self,
        ui: &mut Ui,
        ctx: &mut PageCtx<'_>,
        program: &Program,
        month: Month,
        hospital: Option<i64>,
    ) {
        let idle = self.job.is_none();
        let public_list = program.kind.has_public_list();
        // Two buttons where there is room for them, else one menu holding both.
        let room = if public_list { 260.0 } else { 130.0 };
        let wanted = if ui.available_width() >= room {
            wanted_ui(ui, idle, public_list)
        } else {
            ui.add_enabled_ui(idle, |ui| {
                ui.menu_button("导出名单…", |ui| wanted_ui(ui, idle, public_list))
                    .inner
                    .flatten()
            })
            .inner
        };
        let choice = match wanted {
            None => return,
            Some(Wanted::PublicList) => Choice::PublicList { whole_year: false },
            Some(Wanted::Claims) => match ctx.store.hospitals() {
                Ok(hospitals) => Choice::Claims {
                    hospital: hospital.filter(|id| hospitals.iter().any(|h| h.id == *id)),
                    hospitals,
                },
                Err(e) => {
                    ctx.toasts.error(format!("读取医院失败：{e}"));
                    return;
                }
            },
        };
        let folder = remembered_folder(ctx, SETTING_LIST_DIR)
            .map(PathBuf::from)
            .unwrap_or_else(|| crate::export::default_dir(ctx.store.path()));
        let mut dialog = Dialog {
            choice,
            kind: 0,
            path: folder.join("x").display().to_string(),
            error: None,
            focus: FocusOnOpen::new(),
        };
        dialog.rename(program, month);
        self.dialog = Some(dialog);
        self.done = None;
    }

    fn dialog_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>, program: &Program, month: Month) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        let escape = escape_pressed(ui.ctx());
        let (title, intro) = match dialog.choice {
            Choice::PublicList { .. } => (
                "导出救助对象公示名单",
                "姓名、身份证号隐去部分信息；不含住址、电话、银行账号和诊断。",
            ),
            Choice::Claims { .. } => (
                "导出报账明细",
                "每条报账一行，含完整身份证号，仅供内部工作使用，请勿公开。",
            ),
        };
        let mut changed = false;
        let mut browse = false;
        let action = form_dialog_ui(ui, 600.0, title, Some(intro), |ui, submit| {
            match &mut dialog.choice {
                Choice::PublicList { whole_year } => {
                    ui.label("公示范围");
                    ui.horizontal(|ui| {
                        changed |= ui
                            .radio_value(whole_year, false, format!("本月（{}）", month.label()))
                            .changed();
                        changed |= ui
                            .radio_value(
                                whole_year,
                                true,
                                format!("全年（{}年度，含资助参保）", month.year),
                            )
                            .changed();
                    });
                    ui.end_row();
                }
                Choice::Claims {
                    hospitals,
                    hospital,
                } => {
                    let label = ui.label("医疗机构");
                    let current = hospital
                        .and_then(|id| hospitals.iter().find(|h| h.id == id))
                        .map(|h| h.name.clone())
                        .unwrap_or_else(|| "全部医院".into());
                    egui::ComboBox::from_id_salt("claims_export_hospital")
                        .selected_text(current)
                        .width(300.0)
                        .show_ui(ui, |ui| {
                            changed |= ui.selectable_value(hospital, None, "全部医院").changed();
                            for h in hospitals.iter() {
                                changed |= ui
                                    .selectable_value(
                                        hospital,
                                        Some(h.id),
                                        format!("{} {}", h.code, h.name),
                                    )
                                    .changed();
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                }
            }
            ui.label("文件类型");
            ui.horizontal(|ui| {
                for (i, kind) in dialog.types().iter().enumerate() {
                    changed |= ui
                        .radio_value(&mut dialog.kind, i, format!(".{kind}"))
                        .changed();
                }
            });
            ui.end_row();
            // The path is long: a wider field than a form row's, 浏览… beside it.
            let label = ui.label("保存到");
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut dialog.path)
                                .hint_text("文件路径")
                                .desired_width(380.0),
                        )
                        .labelled_by(label.id);
                    dialog.focus.apply(&r);
                    *submit |= enter_pressed(ui, &r);
                    browse = ui.button("浏览…").clicked();
                });
                if let Some(e) = &dialog.error {
                    ui.label(RichText::new(e).color(style::ERROR).small());
                }
            });
            ui.end_row();
        });
        if changed {
            dialog.rename(program, month);
            dialog.error = None;
        }
        if browse {
            let kind = dialog.kind();
            if let Some(mut picked) = rfd::FileDialog::new()
                .set_title(title)
                .set_directory(dialog.folder())
                .set_file_name(dialog.file_name(program, month))
                .add_filter(kind, &[kind])
                .save_file()
            {
                if picked.extension().is_none() {
                    picked.set_extension(kind);
                }
                dialog.path = picked.display().to_string();
            }
        }
        if escape || action == DialogAction::Cancel {
            self.dialog = None;
            return;
        }
        if action != DialogAction::Submit {
            return;
        }
        let path = match crate::export::check_file_type(
            Path::new(dialog.path.trim().trim_matches('"')),
            dialog.types(),
        )
        .map_err(UiError::from)
        .and_then(|_| export_path(&dialog.path))
        {
            Ok(p) => p,
            Err(e) => {
                dialog.error = Some(e.to_string());
                return;
            }
        };
        let folder = dialog.folder();
        if let Err(e) = ctx
            .store
            .set_setting(SETTING_LIST_DIR, &folder.display().to_string())
        {
            ctx.toasts.error(format!("保存导出文件夹失败：{e}"));
        }
        let (db, actor) = (ctx.store.opener(), ctx.actor.clone());
        let program = program.clone();
        self.job = Some(match &dialog.choice {
            Choice::PublicList { .. } => {
                let scope = dialog.scope(month);
                Job::spawn(
                    "导出公示名单",
                    ui.ctx(),
                    move |h| -> Result<_, UiError> {
                        let store = db.open()?;
                        let today = chrono::Local::now().date_naive();
                        let t = crate::export::public_list(
                            &store,
                            &actor,
                            &program,
                            scope,
                            &path,
                            today,
                            &|done, total| h.report(done, total),
                        )?;
                        Ok(finished(
                            format!(
                                "已导出{}救助对象公示名单：{} 人、{} 条，合计 {} 元，保存在：",
                                scope.label(),
                                t.persons,
                                t.rows,
                                t.amount.grouped()
                            ),
                            path,
                        ))
                    },
                )
            }
            Choice::Claims { .. } => {
                let hospital = dialog.hospital().cloned();
                Job::spawn(
                    "导出报账明细",
                    ui.ctx(),
                    move |h| -> Result<_, UiError> {
                        let store = db.open()?;
                        let n = crate::export::claims_detail(
                            &store,
                            &actor,
                            &program,
                            month,
                            hospital.as_ref(),
                            &path,
                            &|done, total| h.report(done, total),
                        )?;
                        Ok(finished(
                            format!("已导出{}报账明细 {n} 条，保存在：", month.label()),
                            path,
                        ))
                    },
                )
            }
        });
        self.dialog = None;
    }

    fn poll(&mut self, ctx: &mut PageCtx<'_>) {
        if let Some(done) = finished_export(&mut self.job, ctx.toasts) {
            ctx.toasts
                .success(format!("{}{}", done.message, done.location.display()));
            self.done = Some(done);
        }
    }
}

/// The export folder last saved under setting `key`, if any. A failed read is
/// said in a toast and gives `None`, so the caller offers the default folder and
/// the clerk can still export.
pub fn remembered_folder(ctx: &mut PageCtx<'_>, key: &str) -> Option<String> {
    ctx.store.setting(key).unwrap_or_else(|e| {
        ctx.toasts.error(format!("读取导出文件夹设置失败：{e}"));
        None
    })
}

/// The result of an export job once it has finished, taken out of `slot`; `None`
/// while it runs, and when it failed, which is shown as 「导出失败：…」.
pub fn finished_export<T>(
    slot: &mut Option<Job<Result<T, UiError>>>,
    toasts: &mut Toasts,
) -> Option<T> {
    let outcome = slot.as_ref()?.poll_result()?;
    *slot = None;
    match outcome {
        Ok(value) => Some(value),
        Err(e) => {
            toasts.error(format!("导出失败：{e}"));
            None
        }
    }
}

/// The path typed into a 保存到 field (quotes pasted with it dropped), or the
/// refusal if its folder does not exist.
pub fn export_path(typed: &str) -> Result<PathBuf, UiError> {
    let path = PathBuf::from(typed.trim().trim_matches('"'));
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    if folder.is_dir() {
        Ok(path)
    } else {
        Err(UiError::Invalid(format!(
            "文件夹 {} 不存在",
            folder.display()
        )))
    }
}

/// While `job` runs: its progress in a small panel over the page's bottom right
/// corner, so the page stays usable; `waiting` until it reports rows.
fn progress_panel_ui<T>(ui: &Ui, job: &Job<T>, waiting: &str) {
    let (done, total) = job.progress();
    egui::Area::new(egui::Id::unique(("export_progress", job.title.as_str())))
        .anchor(egui::Align2::RIGHT_BOTTOM, [-16.0, -40.0])
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(format!("正在{}…", job.title));
                let bar = if total == 0 {
                    egui::ProgressBar::new(0.0).animate(true).text(waiting)
                } else {
                    egui::ProgressBar::new(done as f32 / total as f32)
                        .text(format!("{done} / {total} 行"))
                };
                ui.add(bar.desired_width(320.0));
            });
        });
}

/// A page's export of one file from its own dialog (the 支付汇总表, the
/// 年终清算表), kept in egui's memory under the page's id so that the page needs
/// no field for it.
type FileJob = Arc<Mutex<Option<Job<Result<String, UiError>>>>>;

fn file_job(ctx: &egui::Context, id: &str) -> FileJob {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_default::<FileJob>(egui::Id::unique(("file_export", id)))
            .clone()
    })
}

/// Write one file off the UI thread as export `id`, called `title` in its
/// progress panel; `work` returns the message shown when it is done.
pub fn start_file_export(
    ctx: &egui::Context,
    id: &str,
    title: &str,
    work: impl FnOnce() -> Result<String, UiError> + Send + 'static,
) {
    let job = Job::spawn(title, ctx, move |_| work());
    *file_job(ctx, id).lock().unwrap_or_else(|p| p.into_inner()) = Some(job);
}

/// Whether export `id` is still being written.
pub fn file_export_running(ctx: &egui::Context, id: &str) -> bool {
    file_job(ctx, id)
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .is_some()
}

/// Call every frame for export `id`: its progress panel while it runs, and once
/// it is done its message, or the failure, as a toast.
pub fn file_export_ui(ui: &Ui, id: &str, toasts: &mut Toasts) {
    let shared = file_job(ui.ctx(), id);
    let mut slot = shared.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(message) = finished_export(&mut slot, toasts) {
        toasts.success(message);
    }
    if let Some(job) = slot.as_ref() {
        progress_panel_ui(ui, job, "正在写入…");
    }
}

/// Which export a button asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wanted {
    PublicList,
    Claims,
}

/// The two buttons (the 公示 list for 医疗救助 only), right to left in a toolbar.
fn wanted_ui(ui: &mut Ui, idle: bool, public_list: bool) -> Option<Wanted> {
    let mut wanted = None;
    if ui
        .add_enabled(idle, egui::Button::new("导出报账明细…"))
        .on_hover_text("本月每条报账一行（含完整身份证号，仅供内部使用），xlsx 或 csv")
        .clicked()
    {
        wanted = Some(Wanted::Claims);
    }
    if public_list
        && ui
            .add_enabled(idle, egui::Button::new("导出公示名单…"))
            .on_hover_text("救助对象公示名单：姓名、身份证号隐去部分信息，xlsx 或 docx")
            .clicked()
    {
        wanted = Some(Wanted::PublicList);
    }
    wanted
}

fn finished(message: String, path: PathBuf) -> ExportDone {
    ExportDone {
        message,
        folder: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        location: path,
    }
}
