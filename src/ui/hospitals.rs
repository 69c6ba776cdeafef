//! 定点医疗机构, a page of its own: the registry's list, adding and editing a hospital (a
//! change of 开户行 or 账号 is shown old → new and confirmed on its own, because it
//! decides where the money goes), disabling one that left the scheme, and importing
//! the county's list through the shared import dialog.

use egui::{RichText, Ui};

use super::app::PageCtx;
use super::import_dialog::ImportDialog;
use super::page::Page;
use super::style;
use super::widgets::{
    DialogAction, FocusOnOpen, confirm_buttons_ui, enter_pressed, escape_pressed, form_dialog_ui,
    read_error_ui,
};
use crate::domain::beneficiary::FieldError;
use crate::domain::hospital::{
    self as h, Hospital, HospitalDraft, HospitalLevel, credit_code_warning,
};
use crate::domain::user::Action;
use crate::io::import_preview::ImportTarget;

/// The add or edit form.
struct HospitalForm {
    /// The stored record being edited; `None` for a new hospital.
    editing: Option<Hospital>,
    draft: HospitalDraft,
    in_county: bool,
    errors: Vec<FieldError>,
    /// The store's refusal.
    refused: Option<String>,
    /// The checked record whose new bank details wait for confirmation.
    confirm_bank: Option<Hospital>,
    focus: FocusOnOpen,
}

impl HospitalForm {
    fn new(editing: Option<Hospital>) -> Self {
        let draft = editing
            .as_ref()
            .map(HospitalDraft::of)
            .unwrap_or_else(|| HospitalDraft {
                level: HospitalLevel::Township.label().to_owned(),
                ..Default::default()
            });
        Self {
            in_county: editing.as_ref().is_none_or(|h| h.in_county),
            editing,
            draft,
            errors: Vec::new(),
            refused: None,
            confirm_bank: None,
            focus: FocusOnOpen::new(),
        }
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// What is open over the list.
enum Dialog {
    Form(Box<HospitalForm>),
    /// 停用: asked before it is done.
    Disable(Hospital),
    Import(Box<ImportDialog>),
}

/// The page's own state.
#[derive(Default)]
pub struct HospitalsPage {
    /// The registry, read once and again after a change (not every frame).
    hospitals: Option<Vec<Hospital>>,
    selected: Option<i64>,
    dialog: Option<Dialog>,
}

impl HospitalsPage {
    /// The list and its buttons. Returns whether the registry changed.
    fn list_page_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>, hospitals: &[Hospital]) -> bool {
        let may = ctx.actor.may(Action::ManageSettings);
        let selected = hospitals
            .iter()
            .find(|h| Some(h.id) == self.selected)
            .cloned();
        let mut changed = false;
        ui.horizontal(|ui| {
            ui.heading("定点医疗机构");
            ui.add_space(16.0);
            if !may {
                return;
            }
            if ui.button("新增定点医疗机构…").clicked() {
                self.dialog = Some(Dialog::Form(Box::new(HospitalForm::new(None))));
            }
            if ui.button("导入定点医疗机构…").clicked() {
                self.dialog = Some(Dialog::Import(Box::new(ImportDialog::new(
                    ImportTarget::Hospitals,
                ))));
            }
            if let Some(h) = &selected {
                if ui.button("编辑所选…").clicked() {
                    self.dialog = Some(Dialog::Form(Box::new(HospitalForm::new(Some(h.clone())))));
                }
                if h.active {
                    if ui.button("停用所选…").clicked() {
                        self.dialog = Some(Dialog::Disable(h.clone()));
                    }
                } else if ui.button("恢复启用所选").clicked() {
                    match ctx.store.set_hospital_active(h.id, true, ctx.actor) {
                        Ok(()) => {
                            ctx.toasts.success(format!("已恢复启用：{}", h.name));
                            changed = true;
                        }
                        Err(e) => ctx.toasts.error(format!("未恢复启用：{e}")),
                    }
                }
            }
        });
        if hospitals.is_empty() {
            ui.label(
                RichText::new("尚无定点医疗机构。请逐家新增，或导入本县的定点医疗机构清单（Excel）；录入月度报账前必须先登记医院。")
                    .color(style::MUTED),
            );
        } else {
            self.list_ui(ui, hospitals, may);
        }
        changed | self.dialog_ui(ui, ctx)
    }

    fn list_ui(&mut self, ui: &mut Ui, hospitals: &[Hospital], may: bool) {
        if may {
            ui.label(
                RichText::new("点击机构代码选中一家医院，再编辑或停用。")
                    .small()
                    .color(style::MUTED),
            );
        }
        egui::Grid::new("hospitals")
            .striped(true)
            .num_columns(7)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                for title in [
                    "机构代码",
                    "名称",
                    "级别",
                    "县内",
                    "状态",
                    "统一社会信用代码",
                    "开户行 / 账号",
                ] {
                    ui.strong(title);
                }
                ui.end_row();
                for h in hospitals {
                    let selected = self.selected == Some(h.id);
                    let code = RichText::new(&h.code).monospace();
                    if ui.selectable_label(selected, code).clicked() {
                        self.selected = Some(h.id);
                    }
                    let muted = |text: &str| {
                        if h.active {
                            RichText::new(text)
                        } else {
                            RichText::new(text).color(style::MUTED)
                        }
                    };
                    ui.label(muted(&h.name));
                    ui.label(muted(h.level.label()));
                    ui.label(muted(crate::domain::yes_no(h.in_county)));
                    if h.active {
                        ui.label("定点");
                    } else {
                        ui.label(RichText::new("已停用").color(style::WARNING));
                    }
                    match credit_code_warning(&h.credit_code) {
                        None => ui.monospace(&h.credit_code),
                        Some(w) => ui
                            .label(
                                RichText::new(format!("{}（校验不符）", h.credit_code))
                                    .color(style::WARNING),
                            )
                            .on_hover_text(w),
                    };
                    ui.label(muted(&format!("{} {}", h.bank_name, h.bank_account)));
                    ui.end_row();
                }
            });
    }

    /// The open dialog, if any. Returns whether the registry changed.
    fn dialog_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) -> bool {
        let escape = escape_pressed(ui.ctx());
        let (changed, close) = match &mut self.dialog {
            None => return false,
            Some(Dialog::Import(dialog)) => {
                let out = dialog.dialog_ui(ui, ctx);
                (out.changed, out.closed)
            }
            Some(Dialog::Disable(h)) => disable_ui(ui, ctx, h, escape),
            Some(Dialog::Form(form)) => match form_ui(ui, ctx, form, escape) {
                FormOutcome::Open => (false, false),
                FormOutcome::Cancelled => (false, true),
                FormOutcome::Saved(id) => {
                    self.selected = Some(id);
                    (true, true)
                }
            },
        };
        if close {
            self.dialog = None;
        }
        changed
    }
}

/// 停用: what it means, then 确认停用 or 取消. Returns (changed, close).
fn disable_ui(ui: &mut Ui, ctx: &mut PageCtx<'_>, h: &Hospital, escape: bool) -> (bool, bool) {
    let intro = format!(
        "停用「{}」（{}）：该院已有的报账、划拨和台账记录全部保留，仍可查询和导出；停用后不能再登记它的新月报表。以后可以恢复启用。",
        h.name, h.code
    );
    let mut action = DialogAction::None;
    egui::Modal::new(egui::Id::unique("disable_hospital")).show(ui.ctx(), |ui| {
        ui.set_width(520.0);
        ui.heading("停用定点医疗机构");
        ui.add_space(6.0);
        ui.label(intro);
        ui.add_space(8.0);
        action = confirm_buttons_ui(ui, "确认停用", "取消");
    });
    match action {
        DialogAction::Submit => match ctx.store.set_hospital_active(h.id, false, ctx.actor) {
            Ok(()) => {
                ctx.toasts.success(format!("已停用：{}", h.name));
                (true, true)
            }
            Err(e) => {
                ctx.toasts.error(format!("未停用：{e}"));
                (false, true)
            }
        },
        DialogAction::Cancel => (false, true),
        DialogAction::None => (false, escape),
    }
}

enum FormOutcome {
    Open,
    Cancelled,
    /// Saved; the hospital's id.
    Saved(i64),
}

fn form_ui(
    ui: &mut Ui,
    ctx: &mut PageCtx<'_>,
    form: &mut HospitalForm,
    escape: bool,
) -> FormOutcome {
    if let Some(new) = form.confirm_bank.clone() {
        return confirm_bank_ui(ui, ctx, form, new, escape);
    }
    let may_bank = ctx.actor.may(Action::ChangeHospitalBank);
    let editing = form.editing.is_some();
    let title = if editing {
        "编辑定点医疗机构"
    } else {
        "新增定点医疗机构"
    };
    let credit_warning = credit_code_warning(&form.draft.credit_code);
    let action = form_dialog_ui(ui, 560.0, title, None, |ui, submit| {
        let f = &mut *form;
        let (e_code, e_name, e_account) = (
            f.error(h::CODE).map(str::to_owned),
            f.error(h::NAME).map(str::to_owned),
            f.error(h::BANK_ACCOUNT).map(str::to_owned),
        );
        let r = super::widgets::form_row_ui(
            ui,
            h::CODE,
            &mut f.draft.code,
            "H + 6 位地区码 + 5 位顺序号",
            e_code.as_deref(),
            Some("例如 H50023000001"),
        );
        f.focus.apply(&r);
        *submit |= enter_pressed(ui, &r);
        let r = super::widgets::form_row_ui(
            ui,
            h::NAME,
            &mut f.draft.name,
            "例如：丰都县人民医院",
            e_name.as_deref(),
            None,
        );
        *submit |= enter_pressed(ui, &r);
        let label = ui.label(h::LEVEL);
        egui::ComboBox::from_id_salt("hospital_level")
            .selected_text(f.draft.level.clone())
            .show_ui(ui, |ui| {
                for level in HospitalLevel::ALL {
                    ui.selectable_value(
                        &mut f.draft.level,
                        level.label().to_owned(),
                        level.label(),
                    );
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        ui.label("");
        ui.checkbox(&mut f.in_county, "县内（本县的定点医疗机构）");
        ui.end_row();
        let r = super::widgets::form_row_ui(
            ui,
            h::CREDIT_CODE,
            &mut f.draft.credit_code,
            "18 位，可不填",
            None,
            None,
        );
        *submit |= enter_pressed(ui, &r);
        if let Some(w) = &credit_warning {
            ui.label("");
            ui.label(RichText::new(format!("提示：{w}（仅提示，可以保存）")).color(style::WARNING));
            ui.end_row();
        }
        if editing && !may_bank {
            ui.label(RichText::new("开户行 / 账号").color(style::MUTED));
            ui.label(
                RichText::new(format!(
                    "{} {}（只有{}可以修改收款账户）",
                    f.draft.bank_name,
                    f.draft.bank_account,
                    crate::domain::user::Role::Admin.label()
                ))
                .color(style::MUTED),
            );
            ui.end_row();
        } else {
            let r = super::widgets::form_row_ui(
                ui,
                h::BANK_NAME,
                &mut f.draft.bank_name,
                "例如：中国农业银行丰都支行",
                None,
                Some("划拨资金付往此账户"),
            );
            *submit |= enter_pressed(ui, &r);
            let r = super::widgets::form_row_ui(
                ui,
                h::BANK_ACCOUNT,
                &mut f.draft.bank_account,
                "银行账号",
                e_account.as_deref(),
                None,
            );
            *submit |= enter_pressed(ui, &r);
        }
        if let Some(refused) = &f.refused {
            ui.label("");
            ui.label(RichText::new(refused).color(style::ERROR));
            ui.end_row();
        }
    });
    if escape || action == DialogAction::Cancel {
        return FormOutcome::Cancelled;
    }
    if action != DialogAction::Submit {
        return FormOutcome::Open;
    }
    form.draft.in_county = crate::domain::yes_no(form.in_county).to_owned();
    let checked = match form.draft.validate() {
        Ok(h) => h,
        Err(errors) => {
            form.errors = errors;
            form.refused = None;
            return FormOutcome::Open;
        }
    };
    form.errors.clear();
    match &form.editing {
        None => match ctx.store.add_hospital(&checked, ctx.actor) {
            Ok(id) => {
                ctx.toasts
                    .success(format!("已新增定点医疗机构：{}", checked.name));
                FormOutcome::Saved(id)
            }
            Err(e) => {
                form.refused = Some(format!("未保存：{e}"));
                FormOutcome::Open
            }
        },
        Some(old) => {
            let new = Hospital {
                id: old.id,
                active: old.active,
                ..checked
            };
            if new.bank_differs(old) {
                form.confirm_bank = Some(new);
                return FormOutcome::Open;
            }
            save_edit(ctx, form, &new)
        }
    }
}

fn save_edit(ctx: &mut PageCtx<'_>, form: &mut HospitalForm, new: &Hospital) -> FormOutcome {
    match ctx.store.update_hospital(new, ctx.actor) {
        Ok(()) => {
            ctx.toasts.success(format!("已保存：{}", new.name));
            FormOutcome::Saved(new.id)
        }
        Err(e) => {
            form.confirm_bank = None;
            form.refused = Some(format!("未保存：{e}"));
            FormOutcome::Open
        }
    }
}

/// A change of 开户行 or 账号, old → new in large type, confirmed on its own.
fn confirm_bank_ui(
    ui: &mut Ui,
    ctx: &mut PageCtx<'_>,
    form: &mut HospitalForm,
    new: Hospital,
    escape: bool,
) -> FormOutcome {
    let Some(old) = form.editing.clone() else {
        return FormOutcome::Cancelled;
    };
    let mut action = DialogAction::None;
    egui::Modal::new(egui::Id::unique("confirm_bank")).show(ui.ctx(), |ui| {
        ui.set_width(600.0);
        ui.heading(RichText::new(format!("修改「{}」的收款账户", old.name)).color(style::ERROR));
        ui.add_space(6.0);
        ui.label("今后划拨给该院的资金将付往新账户。请对照医院盖章的账户变更函逐位核对：");
        ui.add_space(6.0);
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.5, style::ERROR))
            .show(ui, |ui| {
                egui::Grid::new("bank_change")
                    .num_columns(3)
                    .spacing([16.0, 8.0])
                    .show(ui, |ui| {
                        ui.label("");
                        ui.strong("原账户");
                        ui.strong("新账户");
                        ui.end_row();
                        for (label, before, after) in [
                            (h::BANK_NAME, &old.bank_name, &new.bank_name),
                            (h::BANK_ACCOUNT, &old.bank_account, &new.bank_account),
                        ] {
                            ui.label(label);
                            ui.label(RichText::new(before).size(18.0));
                            let text = RichText::new(after).size(18.0).strong();
                            ui.label(if before == after {
                                text
                            } else {
                                text.color(style::ERROR)
                            });
                            ui.end_row();
                        }
                    });
            });
        ui.add_space(6.0);
        ui.label(
            RichText::new("这次修改连同原账户和新账户记入审计日志。")
                .small()
                .color(style::MUTED),
        );
        ui.add_space(8.0);
        action = confirm_buttons_ui(ui, "确认修改收款账户", "返回修改");
    });
    match action {
        DialogAction::Submit => save_edit(ctx, form, &new),
        DialogAction::Cancel => {
            form.confirm_bank = None;
            FormOutcome::Open
        }
        DialogAction::None if escape => {
            form.confirm_bank = None;
            FormOutcome::Open
        }
        DialogAction::None => FormOutcome::Open,
    }
}

/// The navigation title.
pub const TITLE: &str = "定点医疗机构";

impl Page for HospitalsPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let hospitals = match self.hospitals.take() {
            Some(h) => h,
            None => match ctx.store.hospitals() {
                Ok(h) => h,
                Err(e) => {
                    read_error_ui(ui, "医院", &e);
                    return;
                }
            },
        };
        let changed = egui::ScrollArea::both()
            .show(ui, |ui| self.list_page_ui(ui, ctx, &hospitals))
            .inner;
        if !changed {
            self.hospitals = Some(hospitals);
        }
    }

    /// Read the registry again on the next frame.
    fn data_changed(&mut self) {
        self.hospitals = None;
    }

    /// The add / edit form, when open.
    fn has_unsaved_edits(&self) -> bool {
        matches!(self.dialog, Some(Dialog::Form(_)))
    }
}
