//! 备份与恢复 in 设置 (管理员 only): the second backup folder (a USB drive, a
//! share), the backups of both folders in a table (date, size, kind, folder),
//! 立即备份, and 恢复 of a chosen copy after a confirmation. The store verifies
//! the copy before touching the database; [`RestoreJob`] runs it off the UI
//! thread, and after a restore the window signs out, since the users and roles
//! are now the backup's.
//!
//! Each row's button carries the copy's time (「恢复 2026-03-01 09:00:00」), so
//! rows are told apart by their accessible names.

use egui::{RichText, Ui};

use super::app::{Command, PageCtx};
use super::jobs::Job;
use super::style;
use super::toasts::Toasts;
use super::widgets::{form_row_ui, read_error_ui};
use crate::store::backup::restore::Restored;
use crate::store::backup::{BackupFile, Folder};
use crate::store::open::DbOpener;
use crate::store::{Actor, Result as StoreResult, Store};

/// The section's own state.
#[derive(Default)]
pub struct BackupsSection {
    /// The backups, read once and again after a change (not every frame).
    list: Option<StoreResult<Vec<BackupFile>>>,
    /// The second folder as typed, read when the section first shows.
    second: Option<String>,
    /// The copy picked for 恢复, waiting for the confirmation.
    confirm: Option<BackupFile>,
    error: Option<String>,
}

/// The button of a row: what it says, unique to the copy.
pub fn restore_label(file: &BackupFile) -> String {
    let second = match file.folder {
        Folder::Main => "",
        Folder::Second => "（第二备份文件夹）",
    };
    format!("恢复 {}{second}", file.taken.format("%Y-%m-%d %H:%M:%S"))
}

/// A size in KB or MB.
fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

impl BackupsSection {
    /// Reload the list on the next frame.
    pub fn reload(&mut self) {
        self.list = None;
    }

    pub fn section_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        if !ctx.actor.may(crate::domain::user::Action::ManageSettings) {
            return;
        }
        if let Some(e) = &self.error {
            ui.label(RichText::new(e).color(style::ERROR));
        }
        self.second_folder_ui(ui, ctx);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new("备份").strong().size(17.0));
            if ui.button("立即备份").clicked() {
                backup_now(ctx);
                self.list = None;
            }
        });
        ui.label(
            RichText::new(
                "每次启动、导入写入、清算记账、重新计算和恢复之前自动备份；每个文件夹保留最近 7 天、4 周、12 个月各一份。",
            )
            .color(style::MUTED),
        );
        if self.list.is_none() {
            self.list = Some(ctx.store.backups());
        }
        let picked = match &self.list {
            Some(Ok(files)) if files.is_empty() => {
                ui.label("还没有备份。");
                None
            }
            Some(Ok(files)) => backups_table_ui(ui, files),
            Some(Err(e)) => {
                read_error_ui(ui, "备份", e);
                None
            }
            None => None,
        };
        if picked.is_some() {
            self.confirm = picked;
        }
        self.confirm_ui(ui, ctx);
    }

    fn second_folder_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        ui.label(RichText::new("第二备份文件夹").strong().size(17.0));
        let saved = match ctx.store.second_backup_folder() {
            Ok(saved) => saved.map(|p| p.display().to_string()),
            Err(e) => {
                read_error_ui(ui, "第二备份文件夹", &e);
                return;
            }
        };
        let typed = self
            .second
            .get_or_insert_with(|| saved.clone().unwrap_or_default());
        let missing = saved
            .as_deref()
            .is_some_and(|s| !std::path::Path::new(s).is_dir());
        let note = if missing {
            Some("文件夹现在不存在或未连接（U 盘未插入？）：备份只写入本机备份文件夹")
        } else {
            Some("例如 U 盘或共享文件夹；留空则只备份到本机")
        };
        egui::Grid::new("second_backup_folder")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                form_row_ui(ui, "文件夹路径", typed, "例如：E:\\medfund备份", None, note);
                ui.end_row();
            });
        if ui.button("保存第二备份文件夹").clicked() {
            let folder = typed.trim();
            let folder = (!folder.is_empty()).then(|| std::path::PathBuf::from(folder));
            match ctx
                .store
                .set_second_backup_folder(folder.as_deref(), ctx.actor)
            {
                Ok(()) => {
                    self.error = None;
                    self.second = None;
                    self.list = None;
                    ctx.toasts.success("第二备份文件夹已保存");
                }
                Err(e) => self.error = Some(e.to_string()),
            }
        }
    }

    /// The confirmation of 恢复, and the restore itself.
    fn confirm_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let Some(file) = &self.confirm else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("confirm_restore")).show(ui.ctx(), |ui| {
            ui.set_width(520.0);
            ui.heading("恢复备份");
            ui.label(format!(
                "用 {} 的备份（{}，{}）替换当前数据库？",
                file.taken.format("%Y-%m-%d %H:%M:%S"),
                file.kind.label(),
                file.folder.label()
            ));
            ui.label(
                RichText::new(
                    "先核验备份；当前数据库会先备份，再移入备份文件夹保留。恢复后请重新登录。",
                )
                .color(style::MUTED),
            );
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("确认恢复").clicked() {
                    answer = Some(true);
                }
                if ui.button("取消").clicked() {
                    answer = Some(false);
                }
            });
        });
        match answer {
            Some(true) => {
                // The shell runs it off the UI thread, with the database closed.
                ctx.commands.push(Command::Restore(file.path.clone()));
                self.confirm = None;
                self.error = None;
                self.list = None;
            }
            Some(false) => self.confirm = None,
            None => {}
        }
    }
}

/// 立即备份: one backup now, its warnings said.
pub fn backup_now(ctx: &mut PageCtx<'_>) {
    match ctx.store.backup_and_rotate() {
        Ok(report) => {
            ctx.toasts
                .success(format!("已备份到 {}", report.path.display()));
            for warning in report.warnings {
                ctx.toasts.warning(warning);
            }
        }
        Err(e) => ctx.toasts.error(format!("备份失败：{e}")),
    }
}

/// The table of backups; the copy whose 恢复 was clicked.
fn backups_table_ui(ui: &mut Ui, files: &[BackupFile]) -> Option<BackupFile> {
    let mut picked = None;
    egui::Grid::new("backups")
        .num_columns(5)
        .striped(true)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for head in ["日期", "大小", "类别", "文件夹", "操作"] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for file in files {
                ui.label(file.taken.format("%Y-%m-%d %H:%M:%S").to_string());
                ui.label(size_text(file.size));
                ui.label(file.kind.label());
                ui.label(file.folder.label())
                    .on_hover_text(file.path.display().to_string());
                if ui.button(restore_label(file)).clicked() {
                    picked = Some(file.clone());
                }
                ui.end_row();
            }
        });
    picked
}

/// A restore running on its own thread with the database moved into it; the
/// database comes back, restored or as it was.
pub struct RestoreJob {
    job: Job<(Store, StoreResult<Restored>)>,
    /// To open the file again should the worker die.
    opener: DbOpener,
}

impl RestoreJob {
    pub fn start(
        mut store: Store,
        backup: std::path::PathBuf,
        actor: Actor,
        ctx: &egui::Context,
    ) -> Self {
        let opener = store.opener();
        let job = Job::spawn("正在恢复备份", ctx, move |_| {
            let restored = store.restore(&backup, &actor);
            (store, restored)
        });
        Self { job, opener }
    }

    /// Once done: the database, and whether it was restored (said in a toast,
    /// as is a refusal).
    pub fn finish(&self, toasts: &mut Toasts) -> Option<(Option<Store>, bool)> {
        let (store, outcome) = match self.job.poll()? {
            Ok((store, restored)) => (Some(store), restored.map_err(|e| e.to_string())),
            Err(died) => (self.opener.open().ok(), Err(died.to_string())),
        };
        let restored = match outcome {
            Ok(restored) => {
                toasts.success(format!(
                    "已恢复备份 {}；原数据库已移入 {}。请重新登录。",
                    restored.from.display(),
                    restored.set_aside.display()
                ));
                true
            }
            Err(e) => {
                toasts.error(format!("恢复失败：{e}"));
                false
            }
        };
        Some((store, restored))
    }

    /// What the window shows meanwhile.
    pub fn waiting_ui(ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("正在核验并恢复备份，请稍候…");
        });
    }
}
