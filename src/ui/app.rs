//! Application state, navigation, the program/year selector and the command queue.

use egui::{Color32, RichText, Ui};

use super::account::{IdleTimer, PasswordDialog};
use super::encrypt::{EncryptPrompt, EncryptRequest};
use super::help::Help;
use super::login::{Door, Entered, LoginForm};
use super::page::{self, Page};
use super::setup_guide::SetupGuide;
use super::startup_check::StartupCheck;
use super::style;
use super::toasts::Toasts;
use crate::domain::program::{Program, ProgramYear};
use crate::store::open::FileKind;
use crate::store::users::SessionEvent;
use crate::store::{Actor, SETTING_PROGRAM, Store};

/// Work a page asks the app to do after the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Open the page of this title.
    Navigate(&'static str),
    SelectProgram(i64),
    SelectYear(i32),
    /// Load the demo into the (empty) database.
    LoadDemo,
    /// Programs or years were added: reload the selector.
    ReloadPrograms,
    /// Leave the session; the log-in card shows again.
    Logout,
    /// 恢复备份 from this copy (设置 → 备份与恢复), off the UI thread.
    Restore(std::path::PathBuf),
}

/// What a page gets to work with during one frame.
pub struct PageCtx<'a> {
    pub store: &'a mut Store,
    pub actor: &'a Actor,
    pub program: Option<&'a Program>,
    pub year: Option<&'a ProgramYear>,
    pub toasts: &'a mut Toasts,
    pub commands: &'a mut Vec<Command>,
}

const SETTING_YEAR: &str = "ui.year";

/// The whole application.
pub struct MedfundApp {
    /// The database file.
    path: std::path::PathBuf,
    /// The open database: `None` until someone signs in to an encrypted file, and
    /// again after they sign out, so that its key leaves memory.
    store: Option<Store>,
    /// The start-up backup and check ran for this window.
    started: bool,
    actor: Option<Actor>,
    login: LoginForm,
    /// The window locked itself after the idle minutes; the pages are kept.
    locked: bool,
    idle: IdleTimer,
    password_dialog: PasswordDialog,
    /// The pages, as [`page::all`] lists them, and the one shown.
    pages: Vec<Box<dyn Page>>,
    current: usize,
    programs: Vec<Program>,
    years: Vec<ProgramYear>,
    program: Option<usize>,
    year: Option<usize>,
    pub toasts: Toasts,
    commands: Vec<Command>,
    welcome_open: bool,
    guide: SetupGuide,
    /// The start-up `check`, running off the UI thread, then its banner.
    check: StartupCheck,
    /// 加密数据库, on a plain file from before encryption.
    encrypt: EncryptPrompt,
    /// A restore running with the database moved into it.
    restoring: Option<super::backups::RestoreJob>,
    /// 帮助: the 操作手册 (F1) and 关于.
    pub help: Help,
    ctx: egui::Context,
    /// Whether the file is still to be created, and whether it is the demo's: read
    /// once, for the log-in card, not every frame.
    file_facts: (bool, bool),
}

impl MedfundApp {
    /// The app on the database at `path`: the log-in card on an encrypted file,
    /// the demo or a new database on a first start, and a plain file from before
    /// encryption opened as it is (the 管理员 is asked to encrypt it).
    pub fn new(path: std::path::PathBuf, ctx: egui::Context) -> Self {
        style::apply(&ctx);
        // The 操作手册's screenshots are PNG.
        egui_extras::install_image_loaders(&ctx);
        let mut toasts = Toasts::default();
        let kind = FileKind::of(&path).unwrap_or_else(|e| {
            toasts.error(format!("无法读取数据库文件：{e}"));
            FileKind::Encrypted
        });
        let store = match kind {
            FileKind::Plain => Store::open_plain(&path)
                .map_err(|e| toasts.error(format!("无法打开数据库：{e}")))
                .ok(),
            _ => None,
        };
        let mut app = Self {
            path,
            store,
            started: false,
            actor: None,
            login: LoginForm::default(),
            locked: false,
            idle: IdleTimer::default(),
            password_dialog: PasswordDialog::default(),
            pages: page::all(),
            current: 0,
            programs: Vec::new(),
            years: Vec::new(),
            program: None,
            year: None,
            toasts,
            commands: Vec::new(),
            welcome_open: kind == FileKind::Missing,
            guide: SetupGuide::default(),
            check: StartupCheck::default(),
            encrypt: EncryptPrompt::default(),
            restoring: None,
            help: Help::default(),
            ctx,
            file_facts: (false, false),
        };
        app.read_file_facts();
        app.reload_programs();
        app
    }

    /// Whether the start-up check is still running (tests wait for it).
    pub fn checking(&self) -> bool {
        self.check.running()
    }

    /// Whether a restore is still running (tests wait for it).
    pub fn restoring(&self) -> bool {
        self.restoring.is_some()
    }

    /// The open database, once someone signed in.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    pub fn current_program(&self) -> Option<&Program> {
        self.program.and_then(|i| self.programs.get(i))
    }

    pub fn current_year(&self) -> Option<&ProgramYear> {
        self.year.and_then(|i| self.years.get(i))
    }

    fn reload_programs(&mut self) {
        let Some(store) = &self.store else {
            self.programs.clear();
            self.years.clear();
            self.program = None;
            self.year = None;
            return;
        };
        match store.programs() {
            Ok(p) => self.programs = p,
            Err(e) => self.toasts.error(format!("读取项目失败：{e}")),
        }
        let remembered = self.setting(SETTING_PROGRAM);
        let current_code = self
            .current_program()
            .map(|p| p.code.clone())
            .or(remembered);
        self.program = current_code
            .and_then(|c| self.programs.iter().position(|p| p.code == c))
            .or(if self.programs.is_empty() {
                None
            } else {
                Some(0)
            });
        self.reload_years();
    }

    fn reload_years(&mut self) {
        let current = match self.current_year() {
            Some(y) => Some(y.year),
            None => self.setting(SETTING_YEAR).and_then(|y| y.parse().ok()),
        };
        let Some(store) = &self.store else {
            return;
        };
        self.years = match self.current_program().map(|p| p.id) {
            Some(id) => store.program_years(id).unwrap_or_else(|e| {
                self.toasts.error(format!("读取年度失败：{e}"));
                Vec::new()
            }),
            None => Vec::new(),
        };
        // Default to the newest year with reports, else the newest that is not after
        // today's, else the newest.
        let this_year = chrono::Datelike::year(&super::clock::today());
        let with_reports = match self.current_program().map(|p| p.id) {
            Some(id) => store.latest_report_year(id).unwrap_or_else(|e| {
                self.toasts.error(format!("读取月报表失败：{e}"));
                None
            }),
            None => None,
        };
        self.year = current
            .or(with_reports)
            .and_then(|y| self.years.iter().position(|py| py.year == y))
            .or_else(|| self.years.iter().rposition(|py| py.year <= this_year))
            .or(self.years.len().checked_sub(1));
    }

    fn run_commands(&mut self) {
        for command in std::mem::take(&mut self.commands) {
            match command {
                Command::Navigate(title) => {
                    self.data_changed();
                    if let Some(i) = self.page_index(title) {
                        self.current = i;
                    }
                }
                Command::SelectProgram(id) => {
                    self.program = self.programs.iter().position(|p| p.id == id);
                    if let Some(code) = self.current_program().map(|p| p.code.clone()) {
                        self.remember(SETTING_PROGRAM, &code);
                    }
                    self.year = None;
                    self.reload_years();
                    self.program_changed();
                    let kind = self.current_program().map(|p| p.kind);
                    if !self.pages.get(self.current).is_some_and(|p| p.serves(kind)) {
                        self.current = 0;
                    }
                }
                Command::SelectYear(year) => {
                    self.year = self.years.iter().position(|y| y.year == year);
                    self.remember(SETTING_YEAR, &year.to_string());
                    self.program_changed();
                }
                Command::LoadDemo => {
                    let loaded =
                        crate::demo::create_demo_store(&self.path).and_then(|mut store| {
                            crate::demo::load_demo(&mut store, &Actor::system())?;
                            Ok(store)
                        });
                    match loaded {
                        Ok(store) => {
                            self.store = Some(store);
                            self.toasts.success(
                                "示例数据已载入：丰都县离休人员医药费县级补助、赫山区城乡医疗救助",
                            );
                        }
                        Err(e) => self.toasts.error(format!("载入示例数据失败：{e}")),
                    }
                    self.welcome_open = false;
                    self.reload_programs();
                    self.program_changed();
                }
                Command::Logout => {
                    if let Some(actor) = self.actor.take() {
                        self.log_session(&actor, SessionEvent::Logout);
                    }
                    self.discard_pages();
                    // An encrypted database closes: the next user's password opens it.
                    if self.store.as_ref().is_some_and(Store::is_encrypted) {
                        self.store = None;
                        self.reload_programs();
                        self.read_file_facts();
                    }
                }
                Command::ReloadPrograms => {
                    self.reload_programs();
                    self.program_changed();
                }
                Command::Restore(backup) => {
                    if let (Some(store), Some(actor)) = (self.store.take(), self.actor.clone()) {
                        self.restoring = Some(super::backups::RestoreJob::start(
                            store, backup, actor, &self.ctx,
                        ));
                    }
                }
            }
        }
    }

    /// Another program or year is chosen (or the programs were reloaded).
    fn program_changed(&mut self) {
        for page in &mut self.pages {
            page.program_changed();
        }
        self.guide.invalidate();
    }

    /// The next user starts from fresh pages: nothing typed or picked by the
    /// previous one stays.
    fn discard_pages(&mut self) {
        self.pages = page::all();
        self.current = 0;
    }

    fn log_session(&mut self, actor: &Actor, event: SessionEvent) {
        let Some(store) = &mut self.store else {
            return;
        };
        if let Err(e) = store.log_session(actor, event) {
            self.toasts.error(format!("写入操作日志失败：{e}"));
        }
    }

    /// Lock the window over the current page once the idle minutes have passed.
    fn lock_when_idle(&mut self, ctx: &egui::Context) {
        if self.locked || !self.idle.idle(ctx) {
            return;
        }
        if let Some(actor) = self.actor.clone() {
            self.locked = true;
            self.login = LoginForm::locked(&actor);
            self.log_session(&actor, SessionEvent::IdleLock);
        }
    }

    /// A user signed in: on a locked window the same user resumes with every
    /// draft kept, another user starts from fresh pages.
    fn signed_in(&mut self, entered: Entered) {
        let Entered { actor, opened } = entered;
        if let Some(store) = opened {
            self.store = Some(store);
            self.reload_programs();
        }
        self.start_once();
        let resumed = self.locked
            && self
                .actor
                .as_ref()
                .is_some_and(|a| a.username == actor.username);
        if resumed {
            self.log_session(&actor, SessionEvent::Resume);
        } else {
            if let Some(previous) = self.actor.take().filter(|_| self.locked) {
                self.log_session(&previous, SessionEvent::Logout);
                self.discard_pages();
            }
            self.toasts.success(format!(
                "欢迎，{}（{}）",
                actor.display_name,
                actor.roles.label()
            ));
            if self.programs.is_empty() {
                // 设置 opens its new-program form when it finds no program.
                if let Some(i) = self.page_index(super::settings::TITLE) {
                    self.current = i;
                }
            }
        }
        self.locked = false;
        let minutes = self
            .store
            .as_ref()
            .map_or(
                Ok(crate::domain::password::DEFAULT_IDLE_MINUTES),
                Store::idle_minutes,
            )
            .unwrap_or_else(|e| {
                self.toasts.error(format!("读取界面设置失败：{e}"));
                crate::domain::password::DEFAULT_IDLE_MINUTES
            });
        self.idle = IdleTimer::new(minutes);
        self.actor = Some(actor);
    }

    fn read_file_facts(&mut self) {
        let new = FileKind::of(&self.path).is_ok_and(|k| k == FileKind::Missing);
        let demo = crate::store::keyring::KeyFile::load(&self.path).is_ok_and(|k| k.demo);
        self.file_facts = (new, demo);
    }

    /// The first time the database is open in this window: back it up and run the
    /// start-up check on a second connection.
    fn start_once(&mut self) {
        let Some(store) = self.store.as_ref().filter(|_| !self.started) else {
            return;
        };
        self.started = true;
        match store.backup_and_rotate() {
            Ok(report) => {
                for warning in report.warnings {
                    self.toasts.warning(format!("启动备份：{warning}"));
                }
            }
            Err(e) => self.toasts.error(format!("启动备份失败：{e}")),
        }
        self.check = StartupCheck::start(store.opener(), &self.ctx);
    }

    /// 加密数据库: encrypt the plain file in place, then its plain backups as asked.
    fn encrypt_now(&mut self, actor: &Actor, request: EncryptRequest) {
        let Some(store) = self.store.take() else {
            return;
        };
        match store.encrypt(actor, &request.password) {
            Ok((store, encryption)) => {
                let files = &encryption.plain_backups;
                let handled = if request.encrypt_backups {
                    store.encrypt_backups(files).map(|()| "已加密")
                } else {
                    crate::store::encrypt::remove_backups(files).map(|()| "已删除")
                };
                let note = match handled {
                    Ok(what) => format!("{} 个未加密的旧备份{what}。", files.len()),
                    Err(e) => format!("处理旧备份失败：{e}"),
                };
                self.store = Some(store);
                self.read_file_facts();
                self.encrypt.done(encryption, note);
                self.data_changed();
            }
            Err(e) => {
                // Refused before the file was touched: the plain file opens again.
                self.store = Store::open_plain(&self.path)
                    .map_err(|e| self.toasts.error(format!("无法重新打开数据库：{e}")))
                    .ok();
                self.encrypt.refused(e.to_string());
            }
        }
    }

    /// Pages reload what they show after the data may have changed.
    fn data_changed(&mut self) {
        for page in &mut self.pages {
            page.data_changed();
        }
        self.guide.invalidate();
    }

    fn page_index(&self, title: &str) -> Option<usize> {
        self.pages.iter().position(|p| p.title() == title)
    }

    /// A remembered choice of the selector; a failed read is said in a toast.
    fn setting(&mut self, key: &str) -> Option<String> {
        let store = self.store.as_ref()?;
        store.setting(key).unwrap_or_else(|e| {
            self.toasts.error(format!("读取界面设置失败：{e}"));
            None
        })
    }

    fn remember(&mut self, key: &str, value: &str) {
        let Some(store) = &self.store else {
            return;
        };
        if let Err(e) = store.set_setting(key, value) {
            self.toasts.error(format!("保存界面设置失败：{e}"));
        }
    }

    fn header_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.add_space(4.0);
            ui.label(
                RichText::new(super::TITLE)
                    .color(style::ON_ACCENT)
                    .size(20.0)
                    .strong(),
            );
            ui.add_space(32.0);
            if self.actor.is_some() && !self.locked {
                self.selector_ui(ui);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                self.help.menu_ui(ui);
                if let Some(actor) = self.actor.as_ref().filter(|_| !self.locked) {
                    if ui.button("退出登录").clicked() {
                        self.commands.push(Command::Logout);
                    }
                    if ui.button("修改密码").clicked() {
                        self.password_dialog.open();
                    }
                    ui.label(
                        RichText::new(format!(
                            "当前用户：{}（{}）",
                            actor.display_name,
                            actor.roles.label()
                        ))
                        .color(style::ON_ACCENT),
                    );
                }
            });
        });
    }

    fn selector_ui(&mut self, ui: &mut Ui) {
        let mut picked_program = None;
        let mut picked_year = None;
        ui.horizontal(|ui| {
            let label = ui.label(RichText::new("项目").color(style::ON_ACCENT));
            let program_text = self
                .current_program()
                .map(|p| p.name.clone())
                .unwrap_or_else(|| "尚无项目".into());
            egui::ComboBox::from_id_salt("program_selector")
                .selected_text(program_text)
                .width(300.0)
                .show_ui(ui, |ui| {
                    for p in &self.programs {
                        let selected = self.current_program().map(|c| c.id) == Some(p.id);
                        if ui.selectable_label(selected, &p.name).clicked() {
                            picked_program = Some(p.id);
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            ui.add_space(8.0);
            let label = ui.label(RichText::new("年度").color(style::ON_ACCENT));
            let year_text = self
                .current_year()
                .map(|y| format!("{}年", y.year))
                .unwrap_or_else(|| "无年度".into());
            egui::ComboBox::from_id_salt("year_selector")
                .selected_text(year_text)
                .width(90.0)
                .show_ui(ui, |ui| {
                    for y in &self.years {
                        let selected = self.current_year().map(|c| c.year) == Some(y.year);
                        if ui
                            .selectable_label(selected, format!("{}年", y.year))
                            .clicked()
                        {
                            picked_year = Some(y.year);
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
        if let Some(id) = picked_program {
            self.commands.push(Command::SelectProgram(id));
        }
        if let Some(y) = picked_year {
            self.commands.push(Command::SelectYear(y));
        }
    }

    fn nav_ui(&mut self, ui: &mut Ui) {
        ui.add_space(8.0);
        let kind = self.current_program().map(|p| p.kind);
        let mut picked = None;
        for (i, page) in self.pages.iter().enumerate() {
            if !page.serves(kind) || !self.actor.as_ref().is_some_and(|a| page.shown_to(a)) {
                continue;
            }
            let selected = self.current == i;
            let text = RichText::new(page.title()).size(16.0);
            let button = egui::Button::selectable(selected, text)
                .min_size(egui::vec2(ui.available_width(), 34.0));
            let mut response = ui.add(button);
            if page.has_unsaved_edits() {
                // A dot at the button's right end; the label stays the page's title.
                let dot = response.rect.right_center() - egui::vec2(10.0, 0.0);
                ui.painter().circle_filled(dot, 4.0, style::WARNING);
                response = response.on_hover_text("有未保存的修改");
            }
            if response.clicked() && self.current != i {
                picked = Some(i);
            }
        }
        if let Some(i) = picked {
            // Another page may have changed what this one shows.
            self.data_changed();
            self.current = i;
        }
    }

    fn status_ui(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            if let Some((done, total)) = self.check.progress() {
                ui.add(
                    egui::ProgressBar::new(if total > 0 {
                        done as f32 / total as f32
                    } else {
                        0.0
                    })
                    .desired_width(120.0)
                    .text("正在检查数据…"),
                );
            }
            ui.label(
                RichText::new(format!("数据库：{}", self.path.display()))
                    .small()
                    .color(style::MUTED),
            );
        });
    }

    fn welcome_ui(&mut self, ctx: &egui::Context) {
        if !self.welcome_open {
            return;
        }
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("welcome")).show(ctx, |ui| {
            ui.set_width(600.0);
            ui.heading("欢迎使用医保专项资金绩效台账");
            ui.add_space(8.0);
            ui.label("这是一个新的空数据库。可以先载入示例数据熟悉各项功能，示例包括两个项目：");
            ui.label("· 丰都县离休人员医药费县级补助：2021 年全年（25 人、7 家医院、1,451 条报账，已全部审核划拨，资金台账、年终清算和绩效自评 98 分），以及 2022 年的预算和第一季度；");
            ui.label("· 赫山区城乡医疗救助：2018、2019 年（28,155 人，资助参保 28,050 人，直接救助 31,932 条报账，绩效自评 94.66 分）。");
            ui.label("示例的用户各有角色（管理员、经办人、审核员、财务、分管领导）。");
            ui.add_space(6.0);
            ui.label("也可以空白开始：先设置管理员密码，再按页面顶部的提示依次建立项目和年度、核对政策参数、登记定点医疗机构、导入受益对象名册、登记年度预算。");
            ui.add_space(12.0);
            ui.horizontal(|ui| {
                if ui.button("载入示例数据").clicked() {
                    choice = Some(true);
                }
                if ui.button("空白开始").clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => self.commands.push(Command::LoadDemo),
            Some(false) => {
                // The log-in card asks for the administrator's password next, then
                // opens 设置 with the new-program form; the guide says what follows.
                self.welcome_open = false;
                self.guide.start_after_sign_in();
            }
            None => {}
        }
    }

    /// A finished restore: the database back, and on success a sign-out.
    fn poll_restore(&mut self) {
        let Some(job) = &self.restoring else {
            return;
        };
        let Some((store, restored)) = job.finish(&mut self.toasts) else {
            return;
        };
        self.restoring = None;
        self.store = store;
        if restored {
            self.commands.push(Command::Logout);
        }
        self.data_changed();
    }

    fn page_ui(&mut self, ui: &mut Ui) {
        self.check.banner_ui(ui);
        if self.restoring.is_some() {
            super::backups::RestoreJob::waiting_ui(ui);
            return;
        }
        let Some(actor) = self.actor.as_ref().filter(|_| !self.locked) else {
            if self.welcome_open {
                return;
            }
            let door = match &mut self.store {
                Some(store) => Door::Open(store),
                None => Door::File {
                    path: &self.path,
                    new: self.file_facts.0,
                    demo: self.file_facts.1,
                },
            };
            if let Some(entered) = self.login.login_ui(ui, door) {
                self.signed_in(entered);
            }
            return;
        };
        let Some(store) = &mut self.store else {
            return;
        };
        if !store.is_encrypted() || self.encrypt.showing_code() {
            let may = actor.may(crate::domain::user::Action::ManageSettings);
            if let Some(request) = self.encrypt.prompt_ui(ui, may) {
                let actor = actor.clone();
                self.encrypt_now(&actor, request);
                return;
            }
        }
        let Some(actor) = self.actor.as_ref() else {
            return;
        };
        let Some(store) = &mut self.store else {
            return;
        };
        if let Err(e) = self.guide.started(store) {
            self.toasts.error(format!("保存界面设置失败：{e}"));
        }
        if self.password_dialog.dialog_ui(ui, store, actor) {
            self.toasts.success("密码已修改");
        }
        let program = self.program.and_then(|i| self.programs.get(i));
        let year = self.year.and_then(|i| self.years.get(i));
        self.guide.guide_ui(
            ui,
            store,
            program.map(|p| p.id),
            year.map(|y| y.id),
            &mut self.commands,
        );
        let mut ctx = PageCtx {
            store,
            actor,
            program,
            year,
            toasts: &mut self.toasts,
            commands: &mut self.commands,
        };
        // A page this user is not offered is not drawn for them either.
        if !self
            .pages
            .get(self.current)
            .is_some_and(|p| p.shown_to(actor))
        {
            self.current = 0;
        }
        if let Some(page) = self.pages.get_mut(self.current) {
            page.ui(ui, &mut ctx);
        }
    }
}

impl eframe::App for MedfundApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.check.poll();
        self.poll_restore();
        if self.actor.is_some() {
            self.lock_when_idle(&ctx);
        }
        egui::Panel::top("header")
            .frame(
                egui::Frame::new()
                    .fill(style::ACCENT)
                    .inner_margin(egui::Margin::symmetric(10, 8)),
            )
            .show(ui, |ui| self.header_ui(ui));
        egui::Panel::bottom("status")
            .frame(
                egui::Frame::new()
                    .fill(Color32::from_gray(0xF0))
                    .inner_margin(egui::Margin::symmetric(10, 4)),
            )
            .show(ui, |ui| self.status_ui(ui));
        let logged_in = self.actor.is_some() && !self.locked;
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(144.0)
            .frame(
                egui::Frame::new()
                    .fill(Color32::from_rgb(0xF4, 0xF6, 0xF9))
                    .inner_margin(egui::Margin::symmetric(8, 4)),
            )
            .show(ui, |ui| {
                if logged_in {
                    self.nav_ui(ui);
                }
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(12))
            .show(ui, |ui| self.page_ui(ui));
        self.welcome_ui(&ctx);
        self.help
            .windows_ui(&ctx, &self.path, self.store.as_ref(), &mut self.toasts);
        self.toasts.show(&ctx);
        self.run_commands();
    }
}
