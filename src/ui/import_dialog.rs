//! The import dialog (roster, claims, the 资助参保 list or the hospitals): choose a file (or, for
//! 从名册生成, none), see the dry-run preview of every row, then commit the valid
//! rows in one transaction, or cancel and change nothing.

use std::path::PathBuf;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::app::PageCtx;
use super::jobs::Job;
use super::style;
use super::widgets::{FocusOnOpen, enter_pressed, escape_pressed, with_header};
use crate::io::import_preview::{AnyPreview, ImportTarget, Tone};
use crate::io::roster_import::{Counts, ImportError};

enum Stage {
    Choose,
    Previewing(Job<Result<AnyPreview, ImportError>>),
    Preview(Box<AnyPreview>),
    Committing(Job<Result<Counts, ImportError>>),
    Done(Counts),
}

/// What the dialog did this frame.
#[derive(Default)]
pub struct DialogOutcome {
    pub changed: bool,
    pub closed: bool,
}

/// The dialog's state.
pub struct ImportDialog {
    target: ImportTarget,
    path: String,
    stage: Stage,
    errors_only: bool,
    message: Option<(bool, String)>,
    focus: FocusOnOpen,
    /// 从名册生成's preview was started.
    auto_started: bool,
}

impl ImportDialog {
    pub fn new(target: ImportTarget) -> Self {
        Self {
            target,
            path: String::new(),
            stage: Stage::Choose,
            errors_only: false,
            message: None,
            focus: FocusOnOpen::new(),
            auto_started: false,
        }
    }

    fn start_preview(&mut self, ui: &Ui, db: crate::store::open::DbOpener) {
        let path = PathBuf::from(clean_path(&self.path));
        let target = self.target.clone();
        self.message = None;
        self.stage = Stage::Previewing(Job::spawn("正在检查文件", ui.ctx(), move |h| {
            let store = db.open()?;
            h.with_progress(|p| target.preview(&store, &path, p))
        }));
    }

    fn start_commit(
        &mut self,
        ui: &Ui,
        db: crate::store::open::DbOpener,
        preview: AnyPreview,
        actor: crate::store::Actor,
    ) {
        self.stage = Stage::Committing(Job::spawn("正在写入", ui.ctx(), move |h| {
            let mut store = db.open()?;
            h.with_progress(|p| preview.commit(&mut store, &actor, p))
        }));
    }

    /// Collect a finished job's result.
    fn poll(&mut self, ctx: &mut PageCtx<'_>, out: &mut DialogOutcome) {
        match &self.stage {
            Stage::Previewing(job) => match job.poll() {
                Some(Ok(Ok(preview))) => {
                    self.errors_only = preview.counts().errors > 0;
                    self.stage = Stage::Preview(Box::new(preview));
                }
                Some(Ok(Err(e))) => {
                    self.message = Some((true, e.to_string()));
                    self.stage = Stage::Choose;
                }
                Some(Err(e)) => {
                    self.message = Some((true, e.to_string()));
                    self.stage = Stage::Choose;
                }
                None => {}
            },
            Stage::Committing(job) => match job.poll() {
                Some(Ok(Ok(counts))) => {
                    ctx.toasts
                        .success(format!("{}完成：{counts}", self.target.verb()));
                    out.changed = true;
                    self.stage = Stage::Done(counts);
                }
                Some(Ok(Err(e))) => {
                    self.message = Some((
                        true,
                        format!("{}失败，未写入任何数据：{e}", self.target.verb()),
                    ));
                    self.stage = Stage::Choose;
                }
                Some(Err(e)) => {
                    self.message = Some((true, e.to_string()));
                    self.stage = Stage::Choose;
                }
                None => {}
            },
            _ => {}
        }
    }

    pub fn dialog_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) -> DialogOutcome {
        let mut out = DialogOutcome::default();
        self.poll(ctx, &mut out);
        let db = ctx.store.opener();
        let mut close = false;
        let mut commit = false;
        let escape = escape_pressed(ui.ctx());
        // 从名册生成 has no file to choose: its preview starts as the dialog opens.
        if !self.target.needs_file() && !self.auto_started {
            self.auto_started = true;
            self.start_preview(ui, db.clone());
        }
        let verb = self.target.verb();
        egui::Modal::new(egui::Id::unique("import_dialog")).show(ui.ctx(), |ui| {
            ui.set_width(960.0);
            ui.heading(self.target.title());
            ui.add_space(6.0);
            if let Some((is_error, text)) = &self.message {
                let color = if *is_error {
                    style::ERROR
                } else {
                    style::MUTED
                };
                ui.label(RichText::new(text).color(color));
            }
            match &mut self.stage {
                Stage::Choose => {
                    let mut go = false;
                    let needs_file = self.target.needs_file();
                    ui.horizontal(|ui| {
                        if !needs_file {
                            return;
                        }
                        let label = ui.label("文件");
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut self.path)
                                    .hint_text("xlsx、xls、csv 或 txt 文件的完整路径")
                                    .desired_width(600.0),
                            )
                            .labelled_by(label.id);
                        self.focus.apply(&r);
                        go |= enter_pressed(ui, &r);
                        if ui.button("浏览…").clicked()
                            && let Some(p) = rfd::FileDialog::new()
                                .set_title("选择要导入的文件")
                                .add_filter("表格文件", &["xlsx", "xls", "csv", "txt"])
                                .pick_file()
                        {
                            self.path = p.display().to_string();
                        }
                    });
                    ui.label(
                        RichText::new(self.target.columns_hint())
                            .small()
                            .color(style::MUTED),
                    );
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        let can = !needs_file || !self.path.trim().is_empty();
                        go |= ui.add_enabled(can, egui::Button::new("预览")).clicked();
                        if ui.button("取消").clicked() {
                            close = true;
                        }
                    });
                    if go && (!needs_file || !self.path.trim().is_empty()) {
                        self.start_preview(ui, db.clone());
                    }
                }
                Stage::Previewing(job) => progress_ui(ui, job, "正在检查每一行…"),
                Stage::Committing(job) => progress_ui(ui, job, "正在写入数据库…"),
                Stage::Preview(preview) => {
                    let counts = preview.counts();
                    ui.label(RichText::new(format!("预览结果：{counts}")).strong());
                    if let Some(summary) = preview.summary() {
                        ui.label(summary);
                    }
                    if let Some(note) = preview.encoding_note() {
                        ui.label(RichText::new(note).color(style::WARNING));
                    }
                    if let Some(left_out) = preview.errors_left_out() {
                        ui.label(
                            RichText::new(format!(
                                "{left_out}；「保存错误清单（Excel）」保存全部错误行。"
                            ))
                            .color(style::WARNING),
                        );
                    }
                    ui.label(
                        RichText::new(
                            "这只是预览，尚未写入。提交时只写入无错误的行，有错误的行会被跳过。",
                        )
                        .color(style::MUTED),
                    );
                    ui.checkbox(&mut self.errors_only, "只看错误行");
                    preview_table_ui(ui, preview, self.errors_only);
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        let n = preview.writes();
                        commit = ui
                            .add_enabled(n > 0, egui::Button::new(format!("提交 {n} 条有效记录")))
                            .clicked();
                        if counts.errors > 0 && ui.button("保存错误清单（Excel）").clicked()
                        {
                            self.message = Some(save_error_list(&self.path, preview));
                        }
                        if ui.button(format!("取消，不{verb}")).clicked() {
                            close = true;
                        }
                    });
                }
                Stage::Done(counts) => {
                    ui.label(RichText::new(format!("{verb}完成：{counts}")).strong());
                    ui.add_space(8.0);
                    if ui.button("关闭").clicked() {
                        close = true;
                    }
                }
            }
        });
        if commit && let Stage::Preview(preview) = std::mem::replace(&mut self.stage, Stage::Choose)
        {
            self.start_commit(ui, db, *preview, ctx.actor.clone());
        }
        let busy = matches!(self.stage, Stage::Previewing(_) | Stage::Committing(_));
        if (escape && !busy) || close {
            out.closed = true;
        }
        out
    }
}

fn progress_ui<T>(ui: &mut Ui, job: &Job<T>, text: &str) {
    let (done, total) = job.progress();
    let fraction = if total == 0 {
        0.0
    } else {
        done as f32 / total as f32
    };
    ui.label(format!("{}：{text}", job.title));
    ui.add(
        egui::ProgressBar::new(fraction)
            .show_percentage()
            .text(format!("{done} / {total} 行")),
    );
    ui.add_space(6.0);
    if job.is_cancelling() {
        ui.label(RichText::new("正在取消，已做的工作会全部撤回…").color(style::MUTED));
    } else if ui.button("取消").clicked() {
        job.cancel();
    }
}

fn preview_table_ui(ui: &mut Ui, preview: &AnyPreview, errors_only: bool) {
    let key_title = preview.key_title();
    let name_title = preview.name_title();
    // A hospital's name is longer than a person's.
    let name_width = if matches!(preview, AnyPreview::Hospitals(_)) {
        200.0
    } else {
        90.0
    };
    let lines = preview.shown_lines(errors_only);
    with_header(
        TableBuilder::new(ui)
            .id_salt("import_preview")
            .striped(true)
            .max_scroll_height(300.0)
            .min_scrolled_height(200.0),
        26.0,
        &[
            (Column::exact(56.0), "行号"),
            (Column::exact(name_width), name_title),
            (Column::exact(170.0), key_title),
            (Column::exact(64.0), "结果"),
            (Column::remainder(), "说明"),
        ],
    )
    .body(|body| {
        body.rows(44.0, lines.len(), |mut row| {
            let l = &lines[row.index()];
            let color = match l.tone {
                Tone::Quiet => style::MUTED,
                Tone::Changed => style::WARNING,
                Tone::Error => style::ERROR,
            };
            row.col(|ui| {
                ui.label(l.excel_row.to_string());
            });
            row.col(|ui| {
                ui.label(&l.name);
            });
            row.col(|ui| {
                ui.label(&l.key);
            });
            row.col(|ui| {
                ui.label(RichText::new(l.verdict).color(color).strong());
            });
            row.col(|ui| {
                ui.add(egui::Label::new(RichText::new(&l.detail).color(color)).wrap());
            });
        });
    });
}

/// A typed or pasted path without the quotes Explorer's “复制为路径” adds.
fn clean_path(text: &str) -> &str {
    text.trim().trim_matches(|c| c == '"' || c == '\'')
}

/// Save the error list beside the source file; returns the message to show.
fn save_error_list(source: &str, preview: &AnyPreview) -> (bool, String) {
    let src = PathBuf::from(clean_path(source));
    let stem = src.file_stem().and_then(|s| s.to_str()).unwrap_or("导入");
    let target = src.with_file_name(format!("{stem}-错误清单.xlsx"));
    let title = format!("导入错误清单：{}", src.display());
    match crate::io::xlsx::write_error_list(&target, &title, &preview.errors()) {
        Ok(()) => (false, format!("错误清单已保存：{}", target.display())),
        Err(e) => (true, e.to_string()),
    }
}
