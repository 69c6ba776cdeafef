//! 受益对象: the roster table with search-as-you-type, the detail view, the add /
//! edit form, status changes, the 救助身份 history, and the import dialogs.

mod detail;
mod form;
mod table;

use detail::load_detail;

use chrono::NaiveDate;
use egui::{RichText, Ui};

use super::app::PageCtx;
use super::import_dialog::ImportDialog;
use super::page::Page;
use super::style;
use super::widgets::{FocusOnOpen, PagedRows, read_error_ui};
use crate::domain::beneficiary::{Beneficiary, BeneficiaryDraft, Status};
use crate::domain::program::Program;
use crate::domain::user::Action;
use crate::io::import_preview::ImportTarget;
use crate::store::audit::AuditEntry;
use crate::store::beneficiaries::{RosterSort, StatusRow};
use crate::store::identities::IdentityRow;
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
    identities: Vec<IdentityRow>,
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

fn today() -> NaiveDate {
    super::clock::today()
}

impl RosterPage {
    fn refresh_after_write(&mut self, store: &Store, select: Option<i64>) {
        self.view = None;
        self.selected = select;
        self.detail = select.map(|id| load_detail(store, id));
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
                if program.kind.has_identities()
                    && ui
                        .button("导入救助身份…")
                        .on_hover_text("导入民政、乡村振兴的救助身份名单（先预览）")
                        .clicked()
                {
                    self.import = Some(ImportDialog::new(ImportTarget::Identities {
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
}

/// The navigation title.
pub const TITLE: &str = "受益对象";

impl Page for RosterPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
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

    /// Forget cached rows; they are reloaded on the next frame.
    fn data_changed(&mut self) {
        self.view = None;
        self.detail = None;
        self.selected = None;
    }

    /// An open add / edit or status form.
    fn has_unsaved_edits(&self) -> bool {
        self.form.is_some() || self.status_form.is_some()
    }
}
