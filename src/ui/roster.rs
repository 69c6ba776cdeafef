//! 受益对象: the roster table with search-as-you-type, the detail view, the add /
//! edit form, status changes, and the import dialog.

use chrono::NaiveDate;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::app::PageCtx;
use super::import_dialog::ImportDialog;
use super::page::Page;
use super::style;
use super::widgets::{
    FocusOnOpen, PagedRows, enter_pressed, escape_pressed, form_row_ui, read_error_ui, value_row_ui,
};
use crate::domain::beneficiary::{
    self as b, Beneficiary, BeneficiaryDraft, FieldError, Status, StatusEvent, check_status_date,
};
use crate::domain::category::lixiu_category;
use crate::domain::dates::{iso, parse_date};
use crate::domain::id_number::{IdNumber, age_on};
use crate::domain::program::{Program, ProgramKind, ProgramYear};
use crate::domain::user::Action;
use crate::io::import_preview::ImportTarget;
use crate::store::audit::AuditEntry;
use crate::store::beneficiaries::{RosterSort, StatusRow};
use crate::store::{Store, StoreError};

const BLOCK: usize = 64;
const ROW_HEIGHT: f32 = 28.0;

/// The ids matching the current search, with rows fetched a block at a time as
/// they scroll into view.
struct RosterView {
    program_id: i64,
    query: String,
    sort: RosterSort,
    descending: bool,
    ids: Vec<i64>,
    rows: PagedRows<Beneficiary>,
    /// Why a block could not be read; the table is not shown then.
    error: Option<StoreError>,
    /// A new search or order starts at the top of the table.
    scroll_to_top: bool,
}

impl RosterView {
    fn row(&mut self, store: &Store, index: usize) -> Option<&Beneficiary> {
        let ids = &self.ids;
        let fetched = self.rows.get(index, |offset, limit| {
            store.roster_rows(&ids[offset..(offset + limit).min(ids.len())])
        });
        match fetched {
            Ok(row) => row,
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }
}

/// The detail of the selected person.
struct Detail {
    person: Beneficiary,
    history: Vec<StatusRow>,
    log: Vec<AuditEntry>,
}

/// The add / edit form.
struct PersonForm {
    editing: Option<i64>,
    draft: BeneficiaryDraft,
    attempted: bool,
    save_error: Option<String>,
    focus: FocusOnOpen,
}

/// The status change form.
struct StatusForm {
    person_id: i64,
    name: String,
    birth: NaiveDate,
    status: Status,
    date: String,
    note: String,
    error: Option<String>,
    focus: FocusOnOpen,
}

/// The roster page's own state.
#[derive(Default)]
pub struct RosterPage {
    search: String,
    sort: Option<(RosterSort, bool)>,
    view: Option<RosterView>,
    selected: Option<i64>,
    detail: Option<crate::store::Result<Detail>>,
    form: Option<PersonForm>,
    status_form: Option<StatusForm>,
    import: Option<ImportDialog>,
    load_error: Option<StoreError>,
}

fn field_error<'e>(errors: &'e [FieldError], field: &str) -> Option<&'e str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl RosterPage {
    /// Forget cached rows; they are reloaded on the next frame.
    pub fn invalidate(&mut self) {
        self.view = None;
        self.detail = None;
        self.selected = None;
    }

    fn refresh_after_write(&mut self, store: &Store, select: Option<i64>) {
        self.view = None;
        self.selected = select;
        self.detail = select.map(|id| load_detail(store, id));
    }

    pub fn page_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let Some(program) = ctx.program else {
            ui.heading("受益对象");
            ui.label("尚无项目。请先在“设置”中新建项目，或载入示例数据。");
            return;
        };
        let program = program.clone();
        let year = ctx.year.cloned();
        self.ensure_view(ctx.store, &program);
        let can_edit = ctx.actor.may(Action::EditRoster);
        self.toolbar_ui(ui, can_edit, &program);
        if self.detail.is_some() {
            egui::Panel::right("roster_detail")
                .default_size(360.0)
                .min_size(300.0)
                .frame(
                    egui::Frame::side_top_panel(ui.style())
                        .inner_margin(egui::Margin::symmetric(12, 8)),
                )
                .show(ui, |ui| {
                    self.detail_ui(ui, &program, year.as_ref(), can_edit)
                });
        }
        egui::ScrollArea::horizontal()
            .id_salt("roster_hscroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                self.table_ui(ui, ctx.store, program.kind, year.as_ref())
            });
        self.form_ui(ui, ctx, &program, year.as_ref());
        self.status_form_ui(ui, ctx);
        if let Some(dialog) = &mut self.import {
            let outcome = dialog.dialog_ui(ui, ctx);
            if outcome.changed {
                self.refresh_after_write(ctx.store, None);
            }
            if outcome.closed {
                self.import = None;
            }
        }
    }

    fn ensure_view(&mut self, store: &Store, program: &Program) {
        let (sort, descending) = self.sort.unwrap_or((RosterSort::Name, false));
        let stale = self.view.as_ref().is_none_or(|v| {
            v.program_id != program.id
                || v.query != self.search
                || v.sort != sort
                || v.descending != descending
        });
        if !stale {
            return;
        }
        match store.search_roster(program.id, &self.search, sort, descending) {
            Ok(ids) => {
                self.load_error = None;
                self.view = Some(RosterView {
                    program_id: program.id,
                    query: self.search.clone(),
                    sort,
                    descending,
                    ids,
                    rows: PagedRows::new(BLOCK),
                    error: None,
                    scroll_to_top: true,
                });
            }
            Err(e) => {
                self.load_error = Some(e);
                self.view = None;
            }
        }
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, can_edit: bool, program: &Program) {
        let modal_open = self.form.is_some() || self.status_form.is_some() || self.import.is_some();
        ui.horizontal(|ui| {
            ui.heading("受益对象");
            ui.add_space(16.0);
            let label = ui.label("搜索");
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text("姓名、身份证号或社保卡号")
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            if !modal_open
                && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F))
            {
                search.request_focus();
            }
            if !self.search.is_empty() && ui.small_button("清除").clicked() {
                self.search.clear();
            }
            let total = self.view.as_ref().map_or(0, |v| v.ids.len());
            ui.label(RichText::new(format!("共 {total} 人")).color(style::MUTED));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if !can_edit {
                    return;
                }
                if ui
                    .button("导入…")
                    .on_hover_text("从 Excel 或 CSV 导入名册（先预览）")
                    .clicked()
                {
                    self.import = Some(ImportDialog::new(ImportTarget::Roster {
                        program: program.clone(),
                    }));
                }
                let add = ui.button("新增（Ctrl+N）");
                let shortcut = !modal_open
                    && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::N));
                if add.clicked() || shortcut {
                    self.form = Some(PersonForm {
                        editing: None,
                        draft: BeneficiaryDraft::default(),
                        attempted: false,
                        save_error: None,
                        focus: FocusOnOpen::new(),
                    });
                }
            });
        });
        if let Some(e) = &self.load_error {
            read_error_ui(ui, "名册", e);
        }
        ui.add_space(4.0);
    }

    fn table_ui(
        &mut self,
        ui: &mut Ui,
        store: &Store,
        kind: ProgramKind,
        year: Option<&ProgramYear>,
    ) {
        let Some(view) = &mut self.view else {
            return;
        };
        if let Some(e) = &view.error {
            read_error_ui(ui, "名册", e);
            return;
        }
        if view.ids.is_empty() {
            ui.add_space(24.0);
            ui.vertical_centered(|ui| {
                if view.query.is_empty() {
                    ui.label("名册为空。点击“新增”逐个录入，或“导入…”从 Excel 导入。");
                } else {
                    ui.label(format!("没有与“{}”相符的人员。", view.query));
                }
            });
            return;
        }
        let today = today();
        let class_one = kind.has_class_one();
        let columns = roster_columns(kind);
        let status_col = columns.iter().position(|c| c.0 == "状态");
        let mut clicked_sort = None;
        let mut clicked_row = None;
        let mut open_row = None;
        let current_sort = (view.sort, view.descending);
        let selected = self.selected;
        let mut table = TableBuilder::new(ui);
        if std::mem::take(&mut view.scroll_to_top) {
            table = table.vertical_scroll_offset(0.0);
        }
        table = table
            .id_salt("roster_table")
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
        for (_, _, column) in &columns {
            table = table.column(*column);
        }
        table
            .header(30.0, |mut header| {
                for (title, sort, _) in columns {
                    header.col(|ui| {
                        let arrow = match (sort, current_sort) {
                            (Some(s), (cur, desc)) if s == cur => {
                                if desc {
                                    " ▼"
                                } else {
                                    " ▲"
                                }
                            }
                            _ => "",
                        };
                        let r = ui.add(
                            egui::Button::new(RichText::new(format!("{title}{arrow}")).strong())
                                .frame(false),
                        );
                        if r.clicked() {
                            clicked_sort = sort;
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, view.ids.len(), |mut row| {
                    let index = row.index();
                    let Some(person) = view.row(store, index).cloned() else {
                        return;
                    };
                    row.set_selected(selected == Some(person.id));
                    let r = &person.fields;
                    let masked = crate::domain::mask::mask_id_middle(&r.id_number);
                    let status = person.status.label().to_owned();
                    let mut cells = vec![
                        r.name.clone(),
                        masked,
                        r.gender.label().to_owned(),
                        age_on(r.birth_date, today).to_string(),
                        r.category.clone(),
                    ];
                    if class_one {
                        cells.push(crate::domain::yes_no(r.class_one).to_owned());
                    } else {
                        cells.push(r.work_date.map(iso).unwrap_or_default());
                        cells.push(
                            year.map(|y| y.params.quota_for(&r.category).grouped())
                                .unwrap_or_default(),
                        );
                    }
                    cells.push(status);
                    cells.push(r.unit.clone());
                    for (i, text) in cells.into_iter().enumerate() {
                        row.col(|ui| {
                            let mut t = RichText::new(text);
                            if Some(i) == status_col && person.status != Status::Active {
                                t = t.color(style::WARNING);
                            }
                            ui.add(egui::Label::new(t).selectable(false).truncate());
                        });
                    }
                    let resp = row.response();
                    if resp.clicked() {
                        clicked_row = Some(person.id);
                    }
                    if resp.double_clicked() {
                        open_row = Some(person.id);
                    }
                });
            });
        if let Some(sort) = clicked_sort {
            let descending = current_sort.0 == sort && !current_sort.1;
            self.sort = Some((sort, descending));
        }
        if let Some(id) = clicked_row.or(open_row) {
            self.selected = Some(id);
            self.detail = Some(load_detail(store, id));
        }
    }

    fn detail_ui(
        &mut self,
        ui: &mut Ui,
        program: &Program,
        year: Option<&ProgramYear>,
        can_edit: bool,
    ) {
        let detail = match &self.detail {
            None => return,
            Some(Err(e)) => {
                read_error_ui(ui, "人员信息", e);
                return;
            }
            Some(Ok(d)) => d,
        };
        let p = &detail.person;
        let mut close = false;
        let mut edit = false;
        let mut change_status = false;
        ui.horizontal(|ui| {
            ui.heading(&p.fields.name);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("关闭").clicked() {
                    close = true;
                }
            });
        });
        if can_edit {
            ui.horizontal(|ui| {
                if ui.button("编辑").clicked() {
                    edit = true;
                }
                if ui.button("变更状态").clicked() {
                    change_status = true;
                }
            });
        }
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("person_detail")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    value_row_ui(
                        ui,
                        "身份证号",
                        RichText::new(&p.fields.id_number).monospace(),
                    );
                    value_row_ui(ui, "性别", p.fields.gender.label());
                    value_row_ui(ui, "出生日期", iso(p.fields.birth_date));
                    value_row_ui(
                        ui,
                        "年龄",
                        format!("{} 岁", age_on(p.fields.birth_date, today())),
                    );
                    if program.kind.has_class_one() {
                        value_row_ui(ui, "救助类别", p.fields.category.as_str());
                        value_row_ui(ui, "一类对象", crate::domain::yes_no(p.fields.class_one));
                    } else {
                        value_row_ui(ui, "类别", p.fields.category.as_str());
                        value_row_ui(
                            ui,
                            "参加工作时间",
                            p.fields.work_date.map(iso).unwrap_or_else(|| "—".into()),
                        );

                        let quota = year
                            .map(|y| {
                                format!(
                                    "{} 元（{}年）",
                                    y.params.quota_for(&p.fields.category).grouped(),
                                    y.year
                                )
                            })
                            .unwrap_or_else(|| "—".into());
                        value_row_ui(ui, "个人定额", quota);
                    }
                    value_row_ui(ui, "社保卡号", p.fields.card_no.as_str());
                    value_row_ui(ui, "单位", p.fields.unit.as_str());
                    value_row_ui(ui, "联系电话", p.fields.phone.as_str());
                    let status = match p.status_date {
                        Some(d) => format!("{}（{}）", p.status.label(), iso(d)),
                        None => p.status.label().to_owned(),
                    };
                    value_row_ui(ui, "状态", status);
                });
            ui.add_space(8.0);
            ui.label(RichText::new("状态记录").strong());
            if detail.history.is_empty() {
                ui.label(RichText::new("无（自始在册）").color(style::MUTED));
            }
            for h in &detail.history {
                ui.label(format!(
                    "{} {}{}　（{} 由 {} 录入）",
                    iso(h.date),
                    h.status.label(),
                    if h.note.is_empty() {
                        String::new()
                    } else {
                        format!("：{}", h.note)
                    },
                    h.entered_at,
                    h.entered_by
                ));
            }
            ui.add_space(8.0);
            ui.label(RichText::new("修改记录").strong());
            for e in detail.log.iter().take(20) {
                let action = match e.action.as_str() {
                    "insert" => "新增",
                    "update" => "修改",
                    "status" => "状态变更",
                    other => other,
                };
                ui.label(RichText::new(format!("{} {} {}", e.at, e.actor, action)).small());
            }
        });
        if close {
            self.detail = None;
            self.selected = None;
        } else if edit {
            let f = &p.fields;
            self.form = Some(PersonForm {
                editing: Some(p.id),
                draft: BeneficiaryDraft {
                    name: f.name.clone(),
                    id_number: f.id_number.clone(),
                    work_date: f.work_date.map(iso).unwrap_or_default(),
                    category: f.category.clone(),
                    card_no: f.card_no.clone(),
                    unit: f.unit.clone(),
                    phone: f.phone.clone(),
                    class_one: crate::domain::yes_no(f.class_one).to_owned(),
                },
                attempted: false,
                save_error: None,
                focus: FocusOnOpen::new(),
            });
        } else if change_status {
            self.status_form = Some(StatusForm {
                person_id: p.id,
                name: p.fields.name.clone(),
                birth: p.fields.birth_date,
                status: if p.status == Status::Active {
                    Status::Deceased
                } else {
                    Status::Active
                },
                date: iso(today()),
                note: String::new(),
                error: None,
                focus: FocusOnOpen::new(),
            });
        }
    }

    fn form_ui(
        &mut self,
        ui: &mut Ui,
        ctx: &mut PageCtx<'_>,
        program: &Program,
        year: Option<&ProgramYear>,
    ) {
        let Some(form) = &mut self.form else {
            return;
        };
        let categories = year.map(|y| y.params.category_names()).unwrap_or_default();
        let result = form.draft.validate(program.kind, &categories);
        let errors: Vec<FieldError> = result.as_ref().err().cloned().unwrap_or_default();
        let attempted = form.attempted;
        // A field's error shows once it is filled in, or after a save attempt.
        let shown = |field: &str, value: &str| -> Option<String> {
            if attempted || !value.trim().is_empty() {
                field_error(&errors, field).map(str::to_owned)
            } else {
                None
            }
        };
        let mut save = false;
        let mut cancel = false;
        let title = if form.editing.is_some() {
            "编辑受益对象"
        } else {
            "新增受益对象"
        };
        let escape = escape_pressed(ui.ctx());
        egui::Modal::new(egui::Id::unique("person_form")).show(ui.ctx(), |ui| {
            ui.set_width(520.0);
            ui.heading(title);
            ui.add_space(6.0);
            egui::Grid::new("person_form_grid")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    let d = &mut form.draft;
                    let name_err = shown(b::NAME, &d.name);
                    let r = form_row_ui(
                        ui,
                        "姓名",
                        &mut d.name,
                        "例如：韩堃",
                        name_err.as_deref(),
                        None,
                    );
                    form.focus.apply(&r);
                    save |= enter_pressed(ui, &r);
                    // The ID error shows as soon as 18 characters are typed.
                    let id_err = if d.id_number.trim().chars().count() >= 18 || attempted {
                        field_error(&errors, b::ID_NUMBER).map(str::to_owned)
                    } else {
                        None
                    };
                    let id_note = IdNumber::parse(&d.id_number).ok().map(|id| {
                        format!("{}，{} 出生", id.gender().label(), iso(id.birth_date()))
                    });
                    let r = form_row_ui(
                        ui,
                        "身份证号",
                        &mut d.id_number,
                        "18 位，末位可为 X",
                        id_err.as_deref(),
                        id_note.as_deref(),
                    );
                    save |= enter_pressed(ui, &r);
                    match program.kind {
                        ProgramKind::Lixiu => {
                            let work_err = shown(b::WORK_DATE, &d.work_date);
                            let work_note = parse_date(&d.work_date)
                                .and_then(|w| lixiu_category(w).ok())
                                .map(|c| {
                                    let quota = year
                                        .map(|y| y.params.quota_for(c).grouped())
                                        .unwrap_or_default();
                                    format!("类别：{c}，个人定额 {quota} 元")
                                });
                            let r = form_row_ui(
                                ui,
                                "参加工作时间",
                                &mut d.work_date,
                                "1945-09-02 或 1945年9月2日",
                                work_err.as_deref(),
                                work_note.as_deref(),
                            );
                            save |= enter_pressed(ui, &r);
                        }
                        ProgramKind::Jiuzhu => {
                            let cat_err = shown(b::CATEGORY, &d.category);
                            assistance_fields_ui(ui, d, &categories, cat_err.as_deref());
                        }
                    }
                    let r = form_row_ui(ui, "社保卡号", &mut d.card_no, "", None, None);
                    save |= enter_pressed(ui, &r);
                    let r = form_row_ui(ui, "单位", &mut d.unit, "原工作单位", None, None);
                    save |= enter_pressed(ui, &r);
                    let phone_err = shown(b::PHONE, &d.phone);
                    let r =
                        form_row_ui(ui, "联系电话", &mut d.phone, "", phone_err.as_deref(), None);
                    save |= enter_pressed(ui, &r);
                });
            if let Some(e) = &form.save_error {
                ui.label(RichText::new(e).color(style::ERROR));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("保存（Enter）").clicked() {
                    save = true;
                }
                if ui.button("取消（Esc）").clicked() {
                    cancel = true;
                }
            });
        });
        if escape {
            cancel = true;
        }
        if cancel {
            self.form = None;
            return;
        }
        if !save {
            return;
        }
        form.attempted = true;
        let fields = match form.draft.validate(program.kind, &categories) {
            Ok(f) => f,
            Err(_) => {
                form.save_error = Some("请先改正上面标红的内容，未保存。".into());
                return;
            }
        };
        let outcome = match form.editing {
            None => ctx.store.add_beneficiary(program.id, &fields, ctx.actor),
            Some(id) => ctx
                .store
                .update_beneficiary(id, &fields, ctx.actor)
                .map(|()| id),
        };
        match outcome {
            Ok(id) => {
                ctx.toasts.success(format!("已保存：{}", fields.name));
                self.form = None;
                self.refresh_after_write(ctx.store, Some(id));
            }
            Err(e) => form.save_error = Some(format!("未保存：{e}")),
        }
    }

    fn status_form_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let Some(form) = &mut self.status_form else {
            return;
        };
        let mut save = false;
        let mut cancel = false;
        let escape = escape_pressed(ui.ctx());
        egui::Modal::new(egui::Id::unique("status_form")).show(ui.ctx(), |ui| {
            ui.set_width(440.0);
            ui.heading(format!("变更状态：{}", form.name));
            ui.add_space(6.0);
            egui::Grid::new("status_form_grid")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    ui.label("新状态");
                    ui.horizontal(|ui| {
                        for s in Status::ALL {
                            ui.radio_value(&mut form.status, s, s.label());
                        }
                    });
                    ui.end_row();
                    let r = form_row_ui(
                        ui,
                        "状态日期",
                        &mut form.date,
                        "YYYY-MM-DD",
                        form.error.as_deref(),
                        Some("死亡、迁出自该日起不再在册；死亡当月仍计入定额"),
                    );
                    form.focus.apply(&r);
                    save |= enter_pressed(ui, &r);
                    let r =
                        form_row_ui(ui, "备注", &mut form.note, "例如：死亡证明编号", None, None);
                    save |= enter_pressed(ui, &r);
                });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("保存状态").clicked() {
                    save = true;
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
        });
        if escape || cancel {
            self.status_form = None;
            return;
        }
        if !save {
            return;
        }
        let Some(date) = parse_date(&form.date) else {
            form.error = Some(format!("「{}」不是有效日期", form.date));
            return;
        };
        if let Err(e) = check_status_date(date, form.birth, today()) {
            form.error = Some(e);
            return;
        }
        let event = StatusEvent {
            status: form.status,
            date,
        };
        match ctx
            .store
            .add_status(form.person_id, &event, form.note.trim(), ctx.actor)
        {
            Ok(now) => {
                if now.status == event.status && now.status_date == Some(date) {
                    ctx.toasts.success(format!(
                        "已将 {} 的状态变更为 {}（{}）",
                        form.name,
                        event.status.label(),
                        iso(date)
                    ));
                } else {
                    ctx.toasts.warning(format!(
                        "已登记 {} 于 {} {}；因有更晚的状态记录，当前状态仍为 {}",
                        form.name,
                        iso(date),
                        event.status.label(),
                        now.status.label()
                    ));
                }
                let id = form.person_id;
                self.status_form = None;
                self.refresh_after_write(ctx.store, Some(id));
            }
            Err(e) => form.error = Some(format!("未保存：{e}")),
        }
    }
}

/// The roster table's columns for a program of `kind`: title, sort and width.
fn roster_columns(kind: ProgramKind) -> Vec<(&'static str, Option<RosterSort>, Column)> {
    let mut columns = vec![
        (
            "姓名",
            Some(RosterSort::Name),
            Column::initial(84.0).at_least(60.0),
        ),
        (
            "身份证号",
            Some(RosterSort::IdNumber),
            Column::initial(170.0).at_least(120.0),
        ),
        ("性别", Some(RosterSort::Gender), Column::initial(44.0)),
        ("年龄", Some(RosterSort::Age), Column::initial(44.0)),
    ];
    match kind {
        ProgramKind::Lixiu => columns.extend([
            ("类别", Some(RosterSort::Category), Column::initial(104.0)),
            (
                "参加工作时间",
                Some(RosterSort::WorkDate),
                Column::initial(104.0),
            ),
            ("个人定额", Some(RosterSort::Quota), Column::initial(84.0)),
        ]),
        ProgramKind::Jiuzhu => columns.extend([
            (
                "救助类别",
                Some(RosterSort::Category),
                Column::initial(130.0),
            ),
            (
                "一类对象",
                Some(RosterSort::ClassOne),
                Column::initial(64.0),
            ),
        ]),
    }
    columns.extend([
        ("状态", Some(RosterSort::Status), Column::initial(52.0)),
        (
            "单位",
            Some(RosterSort::Unit),
            Column::remainder().at_least(140.0),
        ),
    ]);
    columns
}

/// 救助类别 from the year's categories and the 一类对象 tick: two form rows.
fn assistance_fields_ui(
    ui: &mut Ui,
    d: &mut BeneficiaryDraft,
    categories: &[String],
    error: Option<&str>,
) {
    let label = ui.label("救助类别");
    ui.vertical(|ui| {
        let shown = if d.category.trim().is_empty() {
            "请选择".to_owned()
        } else {
            d.category.clone()
        };
        egui::ComboBox::from_id_salt("person_category")
            .selected_text(shown)
            .width(280.0)
            .show_ui(ui, |ui| {
                for c in categories {
                    ui.selectable_value(&mut d.category, c.clone(), c);
                }
            })
            .response
            .labelled_by(label.id);
        if let Some(e) = error {
            ui.label(RichText::new(e).color(style::ERROR).small());
        }
    });
    ui.end_row();
    let label = ui.label("一类对象");
    let mut class_one = crate::domain::parse_yes_no(&d.class_one).unwrap_or(false);
    if ui
        .checkbox(&mut class_one, "社会救助兜底保障一类对象（不设起付线）")
        .labelled_by(label.id)
        .changed()
    {
        d.class_one = crate::domain::yes_no(class_one).to_owned();
    }
    ui.end_row();
}

fn load_detail(store: &Store, id: i64) -> crate::store::Result<Detail> {
    Ok(Detail {
        person: store.beneficiary(id)?,
        history: store.status_history(id)?,
        log: store.audit_entries("beneficiary", id)?,
    })
}

/// The navigation title.
pub const TITLE: &str = "受益对象";

impl Page for RosterPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        self.page_ui(ui, ctx);
    }

    fn data_changed(&mut self) {
        self.invalidate();
    }

    /// An open add / edit or status form.
    fn has_unsaved_edits(&self) -> bool {
        self.form.is_some() || self.status_form.is_some()
    }
}
