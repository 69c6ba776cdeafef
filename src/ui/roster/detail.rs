//! The selected person's detail beside the table: fields, status history, the
//! 救助身份 history and the log.

use egui::{RichText, Ui};

use crate::domain::beneficiary::{BeneficiaryDraft, Status};
use crate::domain::dates::iso;
use crate::domain::id_number::age_on;
use crate::domain::program::{Program, ProgramYear};
use crate::store::Store;
use crate::store::identities::IdentityRow;
use crate::ui::style;
use crate::ui::widgets::{FocusOnOpen, read_error_ui, value_row_ui};

use super::{Detail, PersonForm, RosterPage, StatusForm, today};

impl RosterPage {
    pub(super) fn detail_ui(
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
            if program.kind.has_identities() {
                identities_ui(ui, &detail.identities);
            }
            ui.add_space(8.0);
            ui.label(RichText::new("修改记录").strong());
            for e in detail.log.iter().take(20) {
                let action = match e.action.as_str() {
                    "insert" => "新增",
                    "update" => "修改",
                    "status" => "状态变更",
                    "identity" => "救助身份",
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
}

/// The person's 救助身份 rows: identity, 认定日期 (自始 for the roster's row) to
/// 终止日期 (至今), who entered each and when.
fn identities_ui(ui: &mut Ui, rows: &[IdentityRow]) {
    ui.add_space(8.0);
    ui.label(RichText::new("救助身份").strong());
    if rows.is_empty() {
        ui.label(RichText::new("无（该人员的报账将不予救助）").color(style::ERROR));
    }
    egui::Grid::new("person_identities")
        .num_columns(4)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for title in ["身份", "认定日期", "终止日期", "录入"] {
                ui.label(RichText::new(title).color(style::MUTED));
            }
            ui.end_row();
            for r in rows {
                ui.label(r.span.identity.as_str());
                ui.label(r.span.start_label());
                ui.label(r.span.end_label());
                ui.label(
                    RichText::new(format!("{} {}", r.entered_at, r.entered_by))
                        .small()
                        .color(style::MUTED),
                );
                ui.end_row();
            }
        });
}

pub(super) fn load_detail(store: &Store, id: i64) -> crate::store::Result<Detail> {
    Ok(Detail {
        person: store.beneficiary(id)?,
        history: store.status_history(id)?,
        identities: store.identities(id)?,
        log: store.audit_entries("beneficiary", id)?,
    })
}
