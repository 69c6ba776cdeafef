//! The start-up `medfund check`, run on a second connection while the clerk signs
//! in, and the banner that lists what it found until dismissed.

use egui::{Color32, RichText, Ui};

use super::jobs::Job;
use super::style;
use crate::store::open::DbOpener;

/// The check while it runs, then the problems it found.
#[derive(Default)]
pub struct StartupCheck {
    job: Option<Job<crate::store::Result<Vec<String>>>>,
    /// Problems the check found, shown in a banner until dismissed.
    problems: Vec<String>,
}

impl StartupCheck {
    /// Run `medfund check` on a second connection to the database at `path`.
    pub fn start(db: DbOpener, ctx: &egui::Context) -> Self {
        let job = Job::spawn("数据检查", ctx, move |handle| {
            db.open()?
                .check(&|share, _| handle.report((share * 1000.0) as usize, 1000))
        });
        Self {
            job: Some(job),
            problems: Vec::new(),
        }
    }

    /// Pick up the check's result when it arrives.
    pub fn poll(&mut self) {
        let Some(job) = &self.job else {
            return;
        };
        let failed = match job.poll() {
            None => return,
            Some(Ok(Ok(problems))) => {
                self.problems = problems;
                self.job = None;
                return;
            }
            Some(Ok(Err(e))) => e.to_string(),
            Some(Err(died)) => died.to_string(),
        };
        self.problems = vec![format!("数据检查未能完成：{failed}")];
        self.job = None;
    }

    /// Whether the check is still running.
    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// (done, total) while the check runs.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.job.as_ref().map(|job| job.progress())
    }

    /// The banner listing the problems found, until 知道了.
    pub fn banner_ui(&mut self, ui: &mut Ui) {
        if self.problems.is_empty() {
            return;
        }
        let mut dismiss = false;
        egui::Frame::new()
            .fill(Color32::from_rgb(0xFD, 0xEC, 0xEA))
            .stroke(egui::Stroke::new(1.0, style::ERROR))
            .inner_margin(egui::Margin::symmetric(10, 6))
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(format!(
                            "数据检查发现 {} 个问题，请联系管理员核实（可用 medfund check 复查）：",
                            self.problems.len()
                        ))
                        .color(style::ERROR)
                        .strong(),
                    );
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        dismiss = ui.button("知道了").clicked();
                    });
                });
                for p in self.problems.iter().take(5) {
                    ui.label(RichText::new(format!("· {p}")).color(style::ERROR));
                }
                if self.problems.len() > 5 {
                    ui.label(
                        RichText::new(format!("……另有 {} 个问题", self.problems.len() - 5))
                            .color(style::ERROR),
                    );
                }
            });
        ui.add_space(6.0);
        if dismiss {
            self.problems.clear();
        }
    }
}
