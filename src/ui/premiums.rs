//! 资助参保: a 医疗救助 year's list of the persons whose insurance premium the fund
//! pays. Its totals; the list, paged from the store as it scrolls, with search by
//! name or ID number; 导入… and 从名册生成 through the import dialog; 移出名单 for an
//! unpaid person; and 缴费, which pays every unpaid row to the insurer with one
//! ledger payment (reversing that payment in 资金台账 leaves the rows unpaid again).

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::app::PageCtx;
use super::error::UiError;
use super::funds::{cards_ui, default_date};
use super::import_dialog::ImportDialog;
use super::page::Page;
use super::style;
use super::widgets::{
    DialogAction, FocusOnOpen, PagedRows, enter_pressed, escape_pressed, form_dialog_ui,
    form_row_ui, program_year_ui, read_error_ui, search_box_ui, with_header,
};
use crate::domain::dates::{iso, parse_date};
use crate::domain::mask::mask_id_middle;
use crate::domain::program::{Program, ProgramKind};
use crate::domain::user::Action;
use crate::io::import_preview::ImportTarget;
use crate::store::assistance::{PremiumRow, PremiumTotals};
use crate::store::{Store, StoreError};

/// Rows fetched from the store at a time.
const PAGE: usize = 64;
const ROW_HEIGHT: f32 = 28.0;
/// The setting that remembers the last 收款单位.
const SETTING_INSURER: &str = "premiums.insurer";
/// The 收款单位 offered the first time.
const DEFAULT_INSURER: &str = "城乡居民基本医疗保险基金";

/// The list as searched, its pages fetched as they scroll into view.
struct ListView {
    program_id: i64,
    year: i32,
    query: String,
    count: usize,
    totals: PremiumTotals,
    rows: PagedRows<PremiumRow>,
    /// Why a page of rows could not be read; the table is not shown then.
    error: Option<StoreError>,
    /// A new search starts at the top of the table.
    scroll_to_top: bool,
}

impl ListView {
    /// Read the list for a search; the year's totals do not depend on it, so a new
    /// search of the same year passes them on (`known`).
    fn load(
        store: &Store,
        program_id: i64,
        year: i32,
        query: &str,
        known: Option<PremiumTotals>,
    ) -> crate::store::Result<Self> {
        let totals = match known {
            Some(t) => t,
            None => store.premium_totals(program_id, year)?,
        };
        Ok(Self {
            program_id,
            year,
            query: query.to_owned(),
            count: store.premium_count(program_id, year, query)?,
            totals,
            rows: PagedRows::new(PAGE),
            error: None,
            scroll_to_top: true,
        })
    }

    fn row(&mut self, store: &Store, index: usize) -> Option<&PremiumRow> {
        let (program_id, year, query) = (self.program_id, self.year, &self.query);
        let fetched = self.rows.get(index, |offset, limit| {
            store.search_premiums(program_id, year, query, offset, limit)
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

/// The 缴费 form.
struct PayForm {
    date: String,
    doc_no: String,
    insurer: String,
    error: Option<String>,
    focus: FocusOnOpen,
}

enum Dialog {
    Import(Box<ImportDialog>),
    Remove {
        row: PremiumRow,
        error: Option<String>,
        /// Enter confirms from the second frame on (not with the key that opened it).
        armed: bool,
    },
    Pay(PayForm),
}

/// The page's own state.
#[derive(Default)]
pub struct PremiumsPage {
    selected: Option<PremiumRow>,
    dialog: Option<Dialog>,
    search: String,
    /// The list as loaded, or why it could not be.
    list: Option<crate::store::Result<ListView>>,
}

impl PremiumsPage {
    fn view(&self) -> Option<&ListView> {
        self.list.as_ref().and_then(|l| l.as_ref().ok())
    }

    /// Load the list when it is not loaded for this program, year and search.
    fn ensure_view(&mut self, store: &Store, program: &Program, year: i32) {
        let same_year = |v: &ListView| v.program_id == program.id && v.year == year;
        let (fresh, known) = match &self.list {
            Some(Ok(v)) if same_year(v) => (v.query == self.search, Some(v.totals)),
            Some(Ok(_)) | None => (false, None),
            Some(Err(_)) => (true, None),
        };
        if !fresh {
            self.list = Some(ListView::load(store, program.id, year, &self.search, known));
        }
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>, program: &Program, year: i32) {
        let can_list = ctx.actor.may(Action::EnterClaims);
        let can_pay = ctx.actor.may(Action::RecordFunds);
        let idle = self.dialog.is_none();
        let unpaid = self
            .view()
            .map(|v| v.totals.unpaid_amount())
            .unwrap_or_default();
        let removable = self
            .selected
            .as_ref()
            .filter(|r| r.fund_entry_id.is_none())
            .cloned();
        ui.horizontal(|ui| {
            ui.heading(format!("资助参保 · {year}年"));
            ui.add_space(16.0);
            let search = search_box_ui(ui, &mut self.search, "姓名或身份证号", 220.0, idle);
            let count = self.view().map_or(0, |v| v.count);
            ui.label(RichText::new(format!("共 {count} 人")).color(style::MUTED));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if can_pay
                    && ui
                        .add_enabled(!unpaid.is_zero(), egui::Button::new("缴费…"))
                        .on_hover_text("把名单中未缴的参保费一次缴给承保机构，记入资金台账")
                        .on_disabled_hover_text("名单中没有未缴的参保费")
                        .clicked()
                {
                    match pay_form(ctx.store, year) {
                        Ok(form) => self.dialog = Some(Dialog::Pay(form)),
                        Err(e) => ctx.toasts.error(format!("读取收款单位失败：{e}")),
                    }
                }
                if !can_list {
                    return;
                }
                let remove = ui
                    .add_enabled(removable.is_some(), egui::Button::new("移出名单…"))
                    .on_hover_text("把所选的未缴人员移出名单（Delete）")
                    .on_disabled_hover_text("先在名单中选中一位未缴费的人员");
                let delete = idle
                    && !search.has_focus()
                    && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Delete));
                if (remove.clicked() || delete)
                    && let Some(row) = removable.clone()
                {
                    self.dialog = Some(Dialog::Remove {
                        row,
                        error: None,
                        armed: false,
                    });
                }
                if ui
                    .button("从名册生成…")
                    .on_hover_text(
                        "把本年度内在册、所属类别有资助标准且尚未列入的人员列入名单（先预览）",
                    )
                    .clicked()
                {
                    self.dialog = Some(Dialog::Import(Box::new(ImportDialog::new(
                        ImportTarget::PremiumsFromRoster {
                            program: program.clone(),
                            year,
                        },
                    ))));
                }
                if ui
                    .button("导入…")
                    .on_hover_text("从 Excel 或 CSV 导入资助参保名单（先预览）")
                    .clicked()
                {
                    self.dialog = Some(Dialog::Import(Box::new(ImportDialog::new(
                        ImportTarget::Premiums {
                            program: program.clone(),
                            year,
                        },
                    ))));
                }
            });
        });
        ui.add_space(4.0);
    }

    fn table_ui(&mut self, ui: &mut Ui, store: &Store) {
        let Some(Ok(view)) = &mut self.list else {
            return;
        };
        if let Some(e) = &view.error {
            read_error_ui(ui, "资助参保名单", e);
            return;
        }
        if view.count == 0 {
            ui.add_space(24.0);
            ui.vertical_centered(|ui| {
                if view.query.is_empty() {
                    ui.label(
                        "名单为空。点“从名册生成…”按类别的资助标准列入在册人员，或“导入…”从 Excel 导入。",
                    );
                } else {
                    ui.label(format!("没有与“{}”相符的人员。", view.query));
                }
            });
            return;
        }
        let selected = self.selected.as_ref().map(|r| r.id);
        let mut clicked = None;
        let mut table = TableBuilder::new(ui);
        if std::mem::take(&mut view.scroll_to_top) {
            table = table.vertical_scroll_offset(0.0);
        }
        with_header(
            table
                .id_salt("premium_table")
                .striped(true)
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center)),
            30.0,
            &[
                (Column::initial(100.0).at_least(70.0), "姓名"),
                (Column::initial(180.0).at_least(140.0), "身份证号"),
                (Column::initial(150.0).at_least(90.0), "类别"),
                (Column::initial(120.0).at_least(90.0), "金额（元）"),
                (Column::remainder().at_least(60.0), "状态"),
            ],
        )
        .body(|body| {
            body.rows(ROW_HEIGHT, view.count, |mut row| {
                let Some(r) = view.row(store, row.index()).cloned() else {
                    return;
                };
                row.set_selected(selected == Some(r.id));
                let label = |ui: &mut Ui, text: RichText| {
                    ui.add(egui::Label::new(text).selectable(false).truncate());
                };
                row.col(|ui| label(ui, RichText::new(&r.name)));
                row.col(|ui| label(ui, RichText::new(mask_id_middle(&r.id_number))));
                row.col(|ui| label(ui, RichText::new(&r.category)));
                row.col(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        label(ui, RichText::new(r.amount.grouped()));
                    });
                });
                row.col(|ui| {
                    let status = match r.fund_entry_id {
                        Some(_) => RichText::new("已缴").color(style::MUTED),
                        None => RichText::new("未缴").color(style::WARNING),
                    };
                    label(ui, status);
                });
                if row.response().clicked() {
                    clicked = Some(r);
                }
            });
        });
        if let Some(r) = clicked {
            self.selected = Some(r);
        }
    }

    fn dialog_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>, program: &Program, year: i32) {
        let totals = self.view().map(|v| v.totals).unwrap_or_default();
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        let escape = escape_pressed(ui.ctx());
        let mut close = false;
        let mut changed = false;
        match dialog {
            Dialog::Import(dialog) => {
                let outcome = dialog.dialog_ui(ui, ctx);
                changed = outcome.changed;
                close = outcome.closed;
            }
            Dialog::Remove { row, error, armed } => {
                let intro = format!(
                    "将 {}（{}，{}，{} 元）移出{year}年度资助参保名单？按 Enter 或“确定”移出。",
                    row.name,
                    mask_id_middle(&row.id_number),
                    row.category,
                    row.amount.grouped()
                );
                let enter =
                    std::mem::replace(armed, true) && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let action =
                    form_dialog_ui(ui, 520.0, "移出名单", Some(&intro), |ui, submit| {
                        *submit |= enter;
                        if let Some(e) = error.as_deref() {
                            ui.label(RichText::new(e).color(style::ERROR));
                            ui.end_row();
                        }
                    });
                match action {
                    DialogAction::Submit => match ctx.store.remove_premium(row.id, ctx.actor) {
                        Ok(()) => {
                            ctx.toasts
                                .success(format!("已将 {} 移出{year}年度名单", row.name));
                            close = true;
                            changed = true;
                        }
                        Err(e) => *error = Some(format!("未移出：{e}")),
                    },
                    DialogAction::Cancel => close = true,
                    DialogAction::None => close = escape,
                }
            }
            Dialog::Pay(form) => {
                match pay_dialog_ui(ui, form, &totals, year) {
                    DialogAction::Submit => match pay(ctx, program, year, form, &totals) {
                        Ok(()) => {
                            close = true;
                            changed = true;
                        }
                        Err(e) => {
                            form.error = Some(match e {
                                UiError::Store(e) => format!("未缴费：{e}"),
                                e => e.to_string(),
                            });
                            // Back to the voucher field, to correct and press Enter again.
                            form.focus = FocusOnOpen::new();
                        }
                    },
                    DialogAction::Cancel => close = true,
                    DialogAction::None => close = escape,
                }
            }
        }
        if close {
            self.dialog = None;
        }
        if changed {
            self.data_changed();
        }
    }
}

/// The list's figures across the top.
fn totals_ui(ui: &mut Ui, t: &PremiumTotals) {
    let unpaid = t.unpaid_amount();
    cards_ui(
        ui,
        vec![
            ("人数", format!("{} 人", t.persons), None),
            ("资助金额", format!("{} 元", t.amount.grouped()), None),
            ("已缴人数", format!("{} 人", t.paid_persons), None),
            ("已缴金额", format!("{} 元", t.paid_amount.grouped()), None),
            (
                "未缴金额",
                format!("{} 元", unpaid.grouped()),
                (!unpaid.is_zero()).then_some(style::WARNING),
            ),
        ],
    );
}

/// A 缴费 form dated today (or the year's last day for a past year), paying the
/// last 收款单位 used.
fn pay_form(store: &Store, year: i32) -> crate::store::Result<PayForm> {
    Ok(PayForm {
        date: iso(default_date(year)),
        doc_no: String::new(),
        insurer: store
            .setting(SETTING_INSURER)?
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_INSURER.to_owned()),
        error: None,
        focus: FocusOnOpen::new(),
    })
}

fn pay_dialog_ui(
    ui: &mut Ui,
    form: &mut PayForm,
    totals: &PremiumTotals,
    year: i32,
) -> DialogAction {
    let intro = format!(
        "缴纳{year}年度资助参保名单中未缴的 {} 人参保费，合计 {} 元，一笔记入资金台账（资助参保缴费）。",
        totals.unpaid_persons(),
        totals.unpaid_amount().grouped()
    );
    form_dialog_ui(ui, 560.0, "缴费", Some(&intro), |ui, submit| {
        let r = form_row_ui(ui, "缴费日期", &mut form.date, "YYYY-MM-DD", None, None);
        *submit |= enter_pressed(ui, &r);
        let r = form_row_ui(ui, "凭证号", &mut form.doc_no, "记账凭证号", None, None);
        form.focus.apply(&r);
        *submit |= enter_pressed(ui, &r);
        let r = form_row_ui(
            ui,
            "收款单位",
            &mut form.insurer,
            "承保机构或医保基金",
            None,
            Some("下次缴费时默认沿用"),
        );
        *submit |= enter_pressed(ui, &r);
        if let Some(e) = form.error.as_deref() {
            ui.label("");
            ui.label(RichText::new(e).color(style::ERROR));
            ui.end_row();
        }
    })
}

/// Post the payment; remember the 收款单位 for next time.
fn pay(
    ctx: &mut PageCtx<'_>,
    program: &Program,
    year: i32,
    form: &PayForm,
    totals: &PremiumTotals,
) -> Result<(), UiError> {
    let date = parse_date(&form.date).ok_or_else(|| {
        UiError::Invalid(format!(
            "缴费日期「{}」无效，应写作 YYYY-MM-DD，例如 {year}-03-20",
            form.date.trim()
        ))
    })?;
    let entry = ctx.store.pay_premiums(
        program.id,
        year,
        date,
        &form.doc_no,
        &form.insurer,
        ctx.actor,
    )?;
    if let Err(e) = ctx.store.set_setting(SETTING_INSURER, form.insurer.trim()) {
        ctx.toasts.error(format!("保存收款单位失败：{e}"));
    }
    ctx.toasts.success(format!(
        "已缴费：{} 人，{} 元，付给{}（资金台账第 {entry} 笔）",
        totals.unpaid_persons(),
        totals.unpaid_amount().grouped(),
        form.insurer.trim()
    ));
    Ok(())
}

/// The navigation title.
pub const TITLE: &str = "资助参保";

impl Page for PremiumsPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn serves(&self, kind: Option<ProgramKind>) -> bool {
        kind.is_some_and(|k| k.has_premiums())
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let Some((program, year)) = program_year_ui(ui, ctx, "资助参保") else {
            return;
        };
        if !program.kind.has_premiums() {
            ui.heading("资助参保");
            ui.label("资助参保名单只用于城乡医疗救助项目。");
            return;
        }
        self.ensure_view(ctx.store, &program, year);
        self.toolbar_ui(ui, ctx, &program, year);
        match &self.list {
            Some(Err(e)) => {
                read_error_ui(ui, "资助参保名单", e);
                return;
            }
            Some(Ok(view)) => totals_ui(ui, &view.totals),
            None => {}
        }
        ui.add_space(6.0);
        self.table_ui(ui, ctx.store);
        self.dialog_ui(ui, ctx, &program, year);
    }

    /// Forget what was loaded (after a program, year or data change).
    fn data_changed(&mut self) {
        self.list = None;
        self.selected = None;
    }

    /// The payment form, when open.
    fn has_unsaved_edits(&self) -> bool {
        matches!(self.dialog, Some(Dialog::Pay(_)))
    }
}
