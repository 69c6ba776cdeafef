//! The add / edit form and the status change form.

use egui::{RichText, Ui};

use crate::domain::beneficiary::{
    self as b, BeneficiaryDraft, FieldError, Status, StatusEvent, check_status_date,
};
use crate::domain::category::lixiu_category;
use crate::domain::dates::{iso, parse_date};
use crate::domain::id_number::IdNumber;
use crate::domain::program::{Program, ProgramKind, ProgramYear};
use crate::ui::app::PageCtx;
use crate::ui::style;
use crate::ui::widgets::{enter_pressed, escape_pressed, form_row_ui};

use super::{RosterPage, today};

fn field_error<'e>(errors: &'e [FieldError], field: &str) -> Option<&'e str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
}

impl RosterPage {
    pub(super) fn form_ui(
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

    pub(super) fn status_form_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
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
