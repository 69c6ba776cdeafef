//! The entry row: the person picker, the claim's fields and saving it with Enter.

use egui::{RichText, Ui};

use crate::domain::claim::{ClaimDraft, ClaimFieldError, Month, VisitType};
use crate::domain::dates::iso;
use crate::domain::mask::mask_id_middle;
use crate::domain::program::Program;
use crate::domain::user::Action;
use crate::ui::app::PageCtx;
use crate::ui::style;
use crate::ui::widgets::{FocusOnOpen, enter_pressed, read_error_ui};

use super::{ClaimsPage, Picked};

impl ClaimsPage {
    pub(super) fn entry_ui(
        &mut self,
        ui: &mut Ui,
        ctx: &mut PageCtx<'_>,
        program: &Program,
        hospital_id: i64,
        month: Month,
    ) {
        let locked =
            self.report.as_ref().is_some_and(|r| r.locked) || !ctx.actor.may(Action::EnterClaims);
        let mut save = false;
        let mut who_changed = false;
        ui.add_enabled_ui(!locked, |ui| {
            // With several protection layers the row wraps rather than run off the page.
            ui.horizontal_wrapped(|ui| {
                // Each field sits under its label and is tied to it for screen readers.
                let field =
                    |ui: &mut Ui, value: &mut String, label: &str, hint: &str, width: f32| {
                        ui.vertical(|ui| {
                            let l = ui.label(RichText::new(label).small().color(style::MUTED));
                            ui.add(
                                egui::TextEdit::singleline(value)
                                    .hint_text(hint)
                                    .desired_width(width),
                            )
                            .labelled_by(l.id)
                        })
                        .inner
                    };
                let r = field(
                    ui,
                    &mut self.who,
                    "身份证号或姓名",
                    "输入姓名或身份证号",
                    170.0,
                );
                self.focus.apply(&r);
                who_changed = r.changed();
                save |= enter_pressed(ui, &r);
                let d = &mut self.draft;
                // An example date of the month being entered.
                let example = month.first_day().map(iso).unwrap_or_default();
                for (value, label, hint, width) in [
                    (&mut d.visit_type, "就诊类型", "门诊 / 住院", 70.0),
                    (&mut d.visit_date, "就诊/入院日期", example.as_str(), 100.0),
                    (&mut d.discharge_date, "出院日期", "住院必填", 100.0),
                ] {
                    let r = field(ui, value, label, hint, width);
                    save |= enter_pressed(ui, &r);
                }
                if program.kind.has_catastrophic() {
                    catastrophic_ui(ui, d);
                }
                for (value, label, hint, width) in [
                    (&mut d.total, "医疗总费用", "0.00", 100.0),
                    (&mut d.out_of_catalog, "目录外费用", "0.00", 90.0),
                ] {
                    let r = field(ui, value, label, hint, width);
                    save |= enter_pressed(ui, &r);
                }
                // Named as the import columns are: 「基本医保支付」.
                for (layer, value) in self.draft.other_layers.iter_mut() {
                    let r = field(
                        ui,
                        value,
                        &crate::domain::claim::layer_paid_header(layer),
                        "0.00",
                        90.0,
                    );
                    save |= enter_pressed(ui, &r);
                }
                let r = field(ui, &mut self.draft.bill_no, "票据号", "", 120.0);
                save |= enter_pressed(ui, &r);
            });
        });
        if who_changed {
            self.picked = None;
            (self.suggestions, self.matches, self.suggest_error) =
                match suggestions(ctx, program, &self.who) {
                    Ok((picked, matches)) => (picked, matches, None),
                    Err(e) => (Vec::new(), 0, Some(e)),
                };
            if self.matches == 1 {
                self.picked = self.suggestions.first().cloned();
            }
        }
        ui.horizontal_wrapped(|ui| {
            match &self.picked {
                Some(p) => {
                    ui.label(
                        RichText::new(format!(
                            "报账人：{} {}",
                            p.name,
                            mask_id_middle(&p.id_number)
                        ))
                        .strong(),
                    );
                }
                None if !self.who.trim().is_empty() => {
                    if let Some(e) = &self.suggest_error {
                        read_error_ui(ui, "名册", e);
                    } else if self.suggestions.is_empty() {
                        ui.label(RichText::new("名册中没有相符的人").color(style::WARNING));
                    } else {
                        ui.label(RichText::new("请选择：").color(style::MUTED));
                        let mut chosen = None;
                        for s in &self.suggestions {
                            if ui
                                .button(format!("{} {}", s.name, mask_id_middle(&s.id_number)))
                                .clicked()
                            {
                                chosen = Some(s.clone());
                            }
                        }
                        if let Some(c) = chosen {
                            self.who = c.name.clone();
                            self.picked = Some(c);
                            self.refusal = None;
                        }
                    }
                }
                None => {}
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                save |= ui
                    .add_enabled(!locked, egui::Button::new("保存（Enter）"))
                    .clicked();
            });
        });
        for e in &self.errors {
            ui.label(
                RichText::new(format!(
                    "「{}」{}：{}",
                    e.field,
                    if e.value.is_empty() {
                        String::new()
                    } else {
                        format!("值「{}」", e.value)
                    },
                    e.message
                ))
                .color(style::ERROR),
            );
        }
        if let Some(r) = &self.refusal {
            ui.label(RichText::new(r).color(style::ERROR));
        }
        if save && !locked {
            self.save(ctx, program, hospital_id, month);
        }
    }

    pub(super) fn save(
        &mut self,
        ctx: &mut PageCtx<'_>,
        program: &Program,
        hospital_id: i64,
        month: Month,
    ) {
        self.refusal = None;
        // Several people match: the clerk picks one; the first match is never guessed.
        if self.picked.is_none() && self.matches > 1 {
            self.errors.clear();
            self.refusal = Some(format!(
                "「{}」对应 {} 人，请在列表中选择一人",
                self.who.trim(),
                self.matches
            ));
            return;
        }
        let Some(person) = self.picked.clone() else {
            self.errors = vec![ClaimFieldError {
                field: "身份证号".into(),
                value: self.who.clone(),
                message: "请先选定报账人（输入姓名或身份证号）".into(),
            }];
            return;
        };
        let draft = ClaimDraft {
            id_number: person.id_number.clone(),
            ..self.draft.clone()
        };
        let input = match draft.validate(month) {
            Ok(i) => i,
            Err(e) => {
                self.errors = e;
                return;
            }
        };
        self.errors.clear();
        let report = match &self.report {
            Some(r) => r.id,
            None => match ctx
                .store
                .open_report(program.id, hospital_id, month, None, ctx.actor)
            {
                Ok(r) => {
                    let id = r.id;
                    self.report = Some(r);
                    id
                }
                Err(e) => {
                    self.refusal = Some(format!("未保存：{e}"));
                    return;
                }
            },
        };
        match ctx.store.add_claim(report, &input, ctx.actor) {
            Ok(c) => {
                match ctx.store.claim_warnings(c.id) {
                    Ok(warnings) => warnings.into_iter().for_each(|w| ctx.toasts.warning(w)),
                    Err(e) => ctx.toasts.error(format!("读取审核提示失败：{e}")),
                }
                ctx.toasts.success(format!(
                    "已保存：{} {} 应付 {} 元",
                    c.name,
                    c.bill_no,
                    c.payable.grouped()
                ));
                // The next row keeps the type and date; the person, amounts and bill go.
                self.who.clear();
                self.picked = None;
                self.suggestions.clear();
                self.matches = 0;
                self.suggest_error = None;
                self.draft.discharge_date.clear();
                self.draft.total.clear();
                self.draft.out_of_catalog.clear();
                self.draft.bill_no.clear();
                self.draft.catastrophic.clear();
                for (_, value) in self.draft.other_layers.iter_mut() {
                    value.clear();
                }
                self.focus = FocusOnOpen::new();
                self.claims = None;
            }
            Err(e) => self.refusal = Some(format!("未保存：{e}")),
        }
    }
}

/// The 重特大疾病 tick under its label, for inpatient stays only; anything else
/// clears it.
fn catastrophic_ui(ui: &mut Ui, d: &mut ClaimDraft) {
    let inpatient = VisitType::from_label(&d.visit_type) == Some(VisitType::Inpatient);
    let mut ticked = inpatient && crate::domain::parse_yes_no(&d.catastrophic) == Some(true);
    ui.vertical(|ui| {
        let l = ui.label(RichText::new("重特大疾病").small().color(style::MUTED));
        ui.add_enabled(inpatient, egui::Checkbox::new(&mut ticked, "是"))
            .labelled_by(l.id)
            .on_disabled_hover_text("只用于住院");
    });
    d.catastrophic = if ticked {
        crate::domain::yes_no(true).to_owned()
    } else {
        String::new()
    };
}

/// Up to 8 people whose name, ID number or card number contains `text`, and how
/// many match in all.
fn suggestions(
    ctx: &PageCtx<'_>,
    program: &Program,
    text: &str,
) -> crate::store::Result<(Vec<Picked>, usize)> {
    if text.trim().is_empty() {
        return Ok((Vec::new(), 0));
    }
    let ids = ctx
        .store
        .search_roster(program.id, text, Default::default(), false)?;
    let matches = ids.len();
    let first: Vec<i64> = ids.into_iter().take(8).collect();
    let picked = ctx
        .store
        .roster_rows(&first)?
        .into_iter()
        .map(|b| Picked {
            name: b.fields.name,
            id_number: b.fields.id_number,
        })
        .collect();
    Ok((picked, matches))
}
