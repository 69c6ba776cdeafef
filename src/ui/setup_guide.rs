//! The set-up guide over the pages of a database started with 空白开始: the steps
//! in order (项目和年度, 政策参数, 定点医疗机构, the users' accounts, the roster,
//! the budget), each ticked when the data shows it done, and what to do next with
//! a button to its page. It goes when the last step is done, or on 不再显示.

use egui::{RichText, Ui};

use super::app::Command;
use super::style;
use super::widgets::read_error_ui;
use crate::store::Store;
use crate::store::setup::{SETTING_SETUP_GUIDE, SetupProgress};

/// One step: its name, the page it is done on, what to do there.
struct Step {
    name: &'static str,
    /// The title of the page it is done on.
    page: &'static str,
    todo: &'static str,
    done: fn(&SetupProgress) -> bool,
}

// The roster and the budget are business, done by the 经办人 and the 财务 (the
// 管理员 does no business): their accounts come first.
const STEPS: [Step; 6] = [
    Step {
        name: "项目和年度",
        page: super::settings::TITLE,
        todo: "在“设置”中新建项目：项目类型、主管部门、实施单位和首个年度。",
        done: |p| p.program_year,
    },
    Step {
        name: "政策参数",
        page: super::params::TITLE,
        todo: "按本地当年的文件核对“政策参数”（新项目先用内置参数），修改后按 Ctrl+S 保存。",
        done: |p| p.params,
    },
    Step {
        name: "定点医疗机构",
        page: super::hospitals::TITLE,
        todo: "在“定点医疗机构”中逐家新增，或导入本县的定点医疗机构清单。",
        done: |p| p.hospitals,
    },
    Step {
        name: "建立用户账号",
        page: super::settings::TITLE,
        todo: "在“设置”的“用户管理”中为经办人、审核员、分管领导和财务各建立账号（可一人多角色，但同一笔业务的录入、审核、批准、划拨须由不同的人办理）。",
        done: |p| p.accounts,
    },
    Step {
        name: "受益对象名册",
        page: super::roster::TITLE,
        todo: "在“受益对象”中逐人新增，或导入现有的名册（Excel）；由经办人登录后办理。",
        done: |p| p.roster,
    },
    Step {
        name: "年度预算",
        page: super::funds::TITLE,
        todo: "在“资金台账”中登记本年度的年初预算和收到的财政拨款；由财务登录后办理。",
        done: |p| p.budget,
    },
];

/// The guide's state: what the data showed when last read.
#[derive(Default)]
pub struct SetupGuide {
    /// The progress, and the store's change stamp it was read at.
    progress: Option<(SetupProgress, (u64, i64))>,
    /// The database asks for the guide (started blank, not dismissed).
    wanted: Option<bool>,
    /// 空白开始 was chosen before the new database was created.
    start_pending: bool,
}

impl SetupGuide {
    /// Read the progress again on the next frame.
    pub fn invalidate(&mut self) {
        self.progress = None;
    }

    /// Turn the guide on (after 空白开始).
    pub fn start(&mut self, store: &Store) -> crate::store::Result<()> {
        store.set_setting(SETTING_SETUP_GUIDE, "1")?;
        self.wanted = Some(true);
        self.progress = None;
        Ok(())
    }

    /// 空白开始 was chosen before the database exists: the guide starts once the
    /// new database is open ([`SetupGuide::started`]).
    pub fn start_after_sign_in(&mut self) {
        self.start_pending = true;
    }

    /// Start the guide asked for before the database was open.
    pub fn started(&mut self, store: &Store) -> crate::store::Result<()> {
        if std::mem::take(&mut self.start_pending) {
            self.start(store)?;
        }
        Ok(())
    }

    /// The guide, if the database wants it and a step is left.
    pub fn guide_ui(
        &mut self,
        ui: &mut Ui,
        store: &Store,
        program_id: Option<i64>,
        year_id: Option<i64>,
        commands: &mut Vec<Command>,
    ) {
        let wanted = match self.wanted {
            Some(wanted) => wanted,
            None => match store.setting(SETTING_SETUP_GUIDE) {
                Ok(v) => *self.wanted.insert(v.as_deref() == Some("1")),
                Err(e) => {
                    read_error_ui(ui, "设置向导", &e);
                    return;
                }
            },
        };
        if !wanted {
            return;
        }
        let read = store.change_stamp().and_then(|stamp| match self.progress {
            Some((p, at)) if at == stamp => Ok(p),
            _ => store.setup_progress(program_id, year_id).inspect(|p| {
                self.progress = Some((*p, stamp));
            }),
        });
        let progress = match read {
            Ok(p) => p,
            Err(e) => {
                ui.label(RichText::new(format!("无法读取开始使用的进度：{e}")).color(style::ERROR));
                return;
            }
        };
        let done: Vec<bool> = STEPS.iter().map(|s| (s.done)(&progress)).collect();
        // The next step is the first after the last one done: a step the clerk
        // passed over (parameters kept as built in) does not hold the guide, which
        // ends with the last step.
        let after = done.iter().rposition(|d| *d).map_or(0, |i| i + 1);
        let Some(next) = (after..STEPS.len()).find(|&i| !done[i]) else {
            return;
        };
        let mut dismiss = false;
        egui::Frame::new()
            .fill(egui::Color32::from_rgb(0xEA, 0xF2, 0xFB))
            .stroke(egui::Stroke::new(1.0, style::ACCENT))
            .inner_margin(egui::Margin::symmetric(10, 6))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("开始使用：").strong());
                    for (i, step) in STEPS.iter().enumerate() {
                        let text = format!(
                            "{} {}",
                            if done[i] {
                                "√"
                            } else {
                                ["①", "②", "③", "④", "⑤", "⑥"][i]
                            },
                            step.name
                        );
                        let text = if i == next {
                            RichText::new(text).strong().color(style::ACCENT)
                        } else if done[i] {
                            RichText::new(text).color(style::MUTED)
                        } else {
                            RichText::new(text)
                        };
                        ui.label(text);
                        if i + 1 < STEPS.len() {
                            ui.label(RichText::new("→").color(style::MUTED));
                        }
                    }
                });
                ui.horizontal(|ui| {
                    let step = &STEPS[next];
                    ui.label(format!("下一步：{}", step.todo));
                    if ui.button(format!("前往{}", step.page)).clicked() {
                        commands.push(Command::Navigate(step.page));
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        dismiss = ui.small_button("不再显示").clicked();
                    });
                });
            });
        ui.add_space(6.0);
        if dismiss {
            self.wanted = Some(false);
            // A preference, not a record: if it cannot be stored the guide returns
            // next start, which is harmless.
            let _ = store.set_setting(SETTING_SETUP_GUIDE, "0");
        }
    }
}
