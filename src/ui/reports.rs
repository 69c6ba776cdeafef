//! 报告导出: the narrative of the 绩效自评报告, section by section, with a live
//! preview of its placeholders filled from the data; and 一键导出, which writes the
//! report, the 自评表, the monthly 支付汇总表, the settlement sheet, the roster and
//! the ledger into one folder off the UI thread.

use std::path::{Path, PathBuf};

use egui::{RichText, TextEdit, Ui};

use super::app::PageCtx;
use super::error::UiError;
use super::export_buttons::{ExportDone, export_done_ui, finished_export, remembered_folder};
use super::jobs::Job;
use super::page::Page;
use super::style;
use super::year_draft::YearDraft;
use crate::domain::program::Program;
use crate::domain::template::fill;
use crate::domain::user::Action;
use crate::report::evaluation::YearEvaluation;
use crate::report::narrative::placeholders;

const SETTING_EXPORT_DIR: &str = "ui.export_dir";

/// The page's state.
#[derive(Default)]
pub struct ReportsPage {
    /// The program-year and one text per template section (the template's where
    /// never saved), as edited.
    year: YearDraft<String>,
    selected: usize,
    /// The folder the export goes into (a subfolder per program-year is made).
    folder: String,
    job: Option<Job<Result<Vec<PathBuf>, UiError>>>,
    done: Option<ExportDone>,
}

/// Where the export of `program`'s `year` goes inside `folder`.
pub fn export_folder(folder: &Path, program: &Program, year: i32) -> PathBuf {
    folder.join(format!("{}{year}年度绩效自评", program.name))
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

impl ReportsPage {
    fn editor_ui(&mut self, ui: &mut Ui, loaded: &YearEvaluation, may_edit: bool) {
        let sections = loaded.sections();
        let Some(def) = sections.get(self.selected) else {
            return;
        };
        let Some(text) = self.year.drafts.get_mut(self.selected) else {
            return;
        };
        ui.horizontal(|ui| {
            let heading = [def.chapter, def.heading]
                .into_iter()
                .filter(|h| !h.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            ui.strong(if heading.is_empty() {
                def.label.to_owned()
            } else {
                heading
            });
            if may_edit && text != def.default && ui.button("恢复模板文字").clicked() {
                *text = def.default.to_owned();
            }
        });
        let label_id = ui.label("正文（{…} 为数据占位符，导出时填入数据）").id;
        ui.add_enabled(
            may_edit,
            TextEdit::multiline(text)
                .desired_rows(10)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label_id);
        let today = today();
        let (filled, unknown) = fill(text, |n| loaded.value(n, today));
        if !unknown.is_empty() {
            ui.label(
                RichText::new(format!(
                    "不认识的占位符：{}（将原样导出）",
                    unknown
                        .iter()
                        .map(|u| format!("{{{u}}}"))
                        .collect::<Vec<_>>()
                        .join("、")
                ))
                .color(style::ERROR),
            );
        }
        ui.add_space(6.0);
        ui.label(RichText::new("预览").color(style::MUTED));
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            for line in filled.lines().filter(|l| !l.trim().is_empty()) {
                ui.label(line.trim());
            }
        });
        ui.add_space(6.0);
        egui::CollapsingHeader::new("可用的占位符")
            .id_salt("placeholders")
            .show(ui, |ui| {
                egui::Grid::new("placeholder_grid")
                    .num_columns(3)
                    .striped(true)
                    .show(ui, |ui| {
                        for (name, what) in placeholders(loaded.program.kind) {
                            ui.monospace(format!("{{{name}}}"));
                            ui.label(loaded.value(name, today).unwrap_or_default());
                            ui.label(RichText::new(*what).color(style::MUTED));
                            ui.end_row();
                        }
                        ui.monospace("{指标:名称}");
                        ui.label("");
                        ui.label(
                            RichText::new("该三级指标的实际完成值，如 {指标:报销对象满意度}")
                                .color(style::MUTED),
                        );
                        ui.end_row();
                    });
            });
    }

    fn save(&mut self, ctx: &mut PageCtx<'_>, loaded: &YearEvaluation) {
        let changed: Vec<(String, String)> = loaded
            .sections()
            .iter()
            .zip(self.year.drafts.iter().zip(&self.year.saved))
            .filter(|(_, (now, before))| now != before)
            .map(|(d, (now, _))| (d.key.to_owned(), now.clone()))
            .collect();
        match ctx
            .store
            .save_narratives(loaded.program_year.id, &changed, ctx.actor)
        {
            Ok(()) => {
                self.year.mark_saved();
                ctx.toasts.success("报告文字已保存");
            }
            Err(e) => ctx.toasts.error(format!("保存失败：{e}")),
        }
    }

    /// The folder field, 浏览…, 一键导出 and the progress bar. Returns whether
    /// 一键导出 was pressed.
    fn export_bar_ui(&mut self, ui: &mut Ui) -> bool {
        let mut go = false;
        ui.horizontal(|ui| {
            let label_id = ui.label("导出到文件夹").id;
            ui.add_enabled(
                self.job.is_none(),
                TextEdit::singleline(&mut self.folder).desired_width(420.0),
            )
            .labelled_by(label_id);
            if ui
                .add_enabled(self.job.is_none(), egui::Button::new("浏览…"))
                .clicked()
                && let Some(p) = rfd::FileDialog::new()
                    .set_title("选择导出文件夹")
                    .set_directory(&self.folder)
                    .pick_folder()
            {
                self.folder = p.display().to_string();
            }
            go = ui
                .add_enabled(
                    self.job.is_none() && !self.folder.trim().is_empty(),
                    egui::Button::new(RichText::new("一键导出").strong()),
                )
                .on_hover_text("绩效自评报告、自评表、各月支付汇总表、年终清算表、名册、资金台账")
                .clicked();
        });
        if let Some(job) = &self.job {
            job.progress_bar_ui(ui, "正在导出", "");
        }
        go
    }

    fn start_export(
        &mut self,
        egui_ctx: &egui::Context,
        ctx: &mut PageCtx<'_>,
        program: &Program,
        year: i32,
    ) {
        let folder = PathBuf::from(self.folder.trim());
        if let Err(e) = ctx
            .store
            .set_setting(SETTING_EXPORT_DIR, &folder.display().to_string())
        {
            ctx.toasts.error(format!("保存导出文件夹失败：{e}"));
        }
        let dir = export_folder(&folder, program, year);
        let (db, actor) = (ctx.store.opener(), ctx.actor.clone());
        let program = program.clone();
        self.done = None;
        self.job = Some(Job::spawn(
            "一键导出",
            egui_ctx,
            move |h| -> Result<_, UiError> {
                let store = db.open()?;
                crate::export::all(
                    &store,
                    &actor,
                    &program,
                    year,
                    &dir,
                    today(),
                    &|share, _| h.report((share * 100.0) as usize, 100),
                )
                .map_err(UiError::from)
            },
        ));
    }

    fn poll_export(&mut self, ctx: &mut PageCtx<'_>) {
        let Some(files) = finished_export(&mut self.job, ctx.toasts) else {
            return;
        };
        let folder = files
            .first()
            .and_then(|f| f.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        ctx.toasts.success(format!(
            "已导出 {} 个文件到 {}",
            files.len(),
            folder.display()
        ));
        self.done = Some(ExportDone {
            message: format!("已导出 {} 个文件到：", files.len()),
            location: folder.clone(),
            folder,
        });
    }
}

/// The navigation title.
pub const TITLE: &str = "报告导出";

impl Page for ReportsPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let Some(loaded) = self.year.take_ui(ui, ctx, "报告导出", |ev| {
            ev.sections()
                .iter()
                .map(|d| ev.text(d).to_owned())
                .collect()
        }) else {
            return;
        };
        if self.folder.is_empty() {
            self.folder = remembered_folder(ctx, SETTING_EXPORT_DIR).unwrap_or_else(|| {
                crate::export::default_dir(ctx.store.path())
                    .display()
                    .to_string()
            });
        }
        let (program, year) = (loaded.program.clone(), loaded.program_year.clone());
        self.selected = self.selected.min(self.year.drafts.len().saturating_sub(1));
        let may_edit = ctx.actor.may(Action::EditEvaluation);
        let mut save = may_edit
            && self.year.dirty()
            && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S));

        ui.horizontal(|ui| {
            ui.heading(format!("报告导出 · {}年", year.year));
            ui.add_space(16.0);
            ui.label(
                RichText::new(format!(
                    "自评得分 {} 分 · {}",
                    loaded.evaluation.total.normalize(),
                    loaded.evaluation.grade.label()
                ))
                .color(style::ACCENT)
                .strong(),
            );
            if may_edit {
                ui.add_space(16.0);
                save |= ui
                    .add_enabled(self.year.dirty(), egui::Button::new("保存文字"))
                    .on_hover_text("保存全部段落（Ctrl+S）")
                    .clicked();
                if self.year.dirty() {
                    ui.label(RichText::new("有未保存的修改").color(style::WARNING));
                }
            }
        });
        ui.add_space(4.0);
        let export = self.export_bar_ui(ui);
        ui.separator();

        egui::Panel::left("report_sections")
            .resizable(false)
            .exact_size(230.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("section_list")
                    .show(ui, |ui| {
                        for (i, def) in loaded.sections().iter().enumerate() {
                            // A chapter with sections of its own heads them.
                            if !def.chapter.is_empty() && !def.heading.is_empty() {
                                ui.add_space(4.0);
                                ui.label(RichText::new(def.chapter).strong());
                            }
                            let edited = self.year.drafts.get(i) != self.year.saved.get(i);
                            let label = if edited {
                                format!("{} *", def.label)
                            } else {
                                def.label.to_owned()
                            };
                            let label = if def.chapter.is_empty() || !def.heading.is_empty() {
                                RichText::new(label)
                            } else {
                                RichText::new(label).strong()
                            };
                            if ui.selectable_label(i == self.selected, label).clicked() {
                                self.selected = i;
                            }
                        }
                    });
            });
        egui::ScrollArea::vertical()
            .id_salt("section_editor")
            .show(ui, |ui| self.editor_ui(ui, &loaded, may_edit));

        if save {
            self.save(ctx, &loaded);
        }
        if export {
            if self.year.dirty() && may_edit {
                self.save(ctx, &loaded);
            }
            self.start_export(ui.ctx(), ctx, &program, year.year);
        }
        self.poll_export(ctx);
        export_done_ui(ui, &mut self.done, ctx.toasts);
        self.year.put_back(loaded);
    }

    /// Reload the figures on the next frame; unsaved text stays.
    fn data_changed(&mut self) {
        self.year.invalidate();
    }

    fn has_unsaved_edits(&self) -> bool {
        self.year.dirty()
    }
}
