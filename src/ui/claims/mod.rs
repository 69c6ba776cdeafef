//! 月度报账: pick a hospital and month, record when its report arrived, and enter
//! claims from the keyboard — Tab through the fields, Enter saves and starts the
//! next row. The month's claims are listed below with their totals; pending claims
//! can be passed in bulk.

mod entry;
mod list;

use egui::{RichText, Ui};

use super::app::PageCtx;
use super::import_dialog::ImportDialog;
use super::page::Page;
use super::style;
use super::widgets::{FocusOnOpen, enter_pressed, month_nav_ui, read_error_ui};
use crate::domain::claim::{ClaimDraft, ClaimFieldError, Month};
use crate::domain::dates::{iso, parse_date};
use crate::domain::hospital::Hospital;
use crate::domain::program::Program;
use crate::domain::user::Action;
use crate::io::import_preview::ImportTarget;
use crate::store::StoreError;
use crate::store::assistance::Adjustment;
use crate::store::claims::{ClaimRecord, MonthlyReport};

/// The person the picker settled on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Picked {
    name: String,
    id_number: String,
}

/// The page's own state.
#[derive(Default)]
pub struct ClaimsPage {
    /// The hospitals, read once (not every frame).
    hospitals: Option<Vec<Hospital>>,
    hospital: Option<i64>,
    month: Option<Month>,
    received: String,
    report: Option<MonthlyReport>,
    claims: Option<crate::store::Result<Vec<ClaimRecord>>>,
    who: String,
    picked: Option<Picked>,
    suggestions: Vec<Picked>,
    /// How many roster people match `who` (the picker lists the first few).
    matches: usize,
    /// Why the roster could not be searched for `who`.
    suggest_error: Option<StoreError>,
    draft: ClaimDraft,
    errors: Vec<ClaimFieldError>,
    refusal: Option<String>,
    focus: FocusOnOpen,
    /// Claims picked by 抽查 for individual review.
    sample: Vec<i64>,
    spot_percent: String,
    spot_threshold: String,
    selected_claim: Option<i64>,
    /// The adjustments of the selected claim (医疗救助), read when it is picked.
    adjustments: Option<crate::store::Result<Vec<Adjustment>>>,
    decision: DecisionForm,
    import: Option<ImportDialog>,
}

/// The audit decision on the selected claim: 0 通过, 1 核减, 2 拒付.
#[derive(Default)]
struct DecisionForm {
    kind: u8,
    amount: String,
    reason: String,
    error: Option<String>,
}

impl ClaimsPage {
    /// Another hospital or month: reload, and put the cursor back in the first field.
    fn reload(&mut self) {
        self.report = None;
        self.claims = None;
        self.focus = FocusOnOpen::new();
        self.sample.clear();
        self.selected_claim = None;
        self.adjustments = None;
    }

    fn toolbar_ui(
        &mut self,
        ui: &mut Ui,
        _ctx: &mut PageCtx<'_>,
        _program: &Program,
        hospitals: &[Hospital],
        month: Month,
    ) {
        ui.horizontal(|ui| {
            ui.heading("月度报账");
            ui.add_space(16.0);
            let label = ui.label("医院");
            let current = hospitals
                .iter()
                .find(|h| Some(h.id) == self.hospital)
                .map(|h| h.name.clone())
                .unwrap_or_else(|| "请选择医院".into());
            let mut picked = None;
            egui::ComboBox::from_id_salt("claims_hospital")
                .selected_text(current)
                .width(260.0)
                .show_ui(ui, |ui| {
                    for h in hospitals {
                        if ui
                            .selectable_label(
                                Some(h.id) == self.hospital,
                                format!(
                                    "{} {}{}",
                                    h.code,
                                    h.name,
                                    if h.active { "" } else { "（已停用）" }
                                ),
                            )
                            .clicked()
                        {
                            picked = Some(h.id);
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            if let Some(id) = picked {
                self.hospital = Some(id);
                self.reload();
            }
            ui.add_space(12.0);
            if let Some(m) = month_nav_ui(ui, month) {
                self.month = Some(m);
                self.reload();
            }
        });
    }

    fn report_line_ui(
        &mut self,
        ui: &mut Ui,
        ctx: &mut PageCtx<'_>,
        program: &Program,
        hospital_id: i64,
        month: Month,
    ) {
        ui.horizontal(|ui| {
            let label = ui.label("月报表收到日期");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.received)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(110.0),
                )
                .labelled_by(label.id);
            let save = enter_pressed(ui, &r) | ui.button("登记").clicked();
            match &self.report {
                Some(rep) => {
                    let late = if rep.is_late() {
                        RichText::new(format!("逾期（截止 {}）", iso(rep.deadline)))
                            .color(style::ERROR)
                    } else {
                        RichText::new(format!("截止 {}", iso(rep.deadline))).color(style::MUTED)
                    };
                    ui.label(late);
                    ui.label(
                        RichText::new(format!("状态：{}", rep.status.label())).color(style::MUTED),
                    );
                    if rep.locked {
                        ui.label(RichText::new("已批准锁定，不能修改").color(style::WARNING));
                    }
                }
                None => {
                    ui.label(
                        RichText::new(
                            "本月尚未登记月报表；登记收到日期或录入第一条报账时自动建立。",
                        )
                        .color(style::MUTED),
                    );
                }
            }
            if save {
                match parse_date(&self.received) {
                    None => ctx
                        .toasts
                        .error(format!("收到日期「{}」无效", self.received.trim())),
                    Some(d) => match ctx.store.open_report(
                        program.id,
                        hospital_id,
                        month,
                        Some(d),
                        ctx.actor,
                    ) {
                        Ok(r) => {
                            ctx.toasts.success(format!(
                                "已登记收到日期 {}{}",
                                iso(d),
                                if r.is_late() { "（逾期）" } else { "" }
                            ));
                            self.report = Some(r);
                        }
                        Err(e) => ctx.toasts.error(format!("未登记：{e}")),
                    },
                }
            }
        });
    }
}

/// The navigation title.
pub const TITLE: &str = "月度报账";

impl Page for ClaimsPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let (Some(program), Some(year)) = (ctx.program.cloned(), ctx.year.map(|y| y.year)) else {
            ui.heading("月度报账");
            ui.label("请先选择项目和年度。");
            return;
        };
        if self.hospitals.is_none() {
            match ctx.store.hospitals() {
                Ok(h) => self.hospitals = Some(h),
                Err(e) => {
                    read_error_ui(ui, "医院", &e);
                    return;
                }
            }
        }
        let hospitals = self.hospitals.clone().unwrap_or_default();
        let month = match self.month {
            Some(m) if m.year == year => m,
            _ => Month { year, month: 1 },
        };
        self.month = Some(month);
        if self.hospital.is_none() && !hospitals.is_empty() {
            // Start on the first in-county hospital the program has reports from (the
            // database may hold other counties' hospitals too); the clerk switches as
            // reports come in.
            let known = match ctx.store.report_hospital_ids(program.id) {
                Ok(known) => known,
                Err(e) => {
                    read_error_ui(ui, "月报表", &e);
                    return;
                }
            };
            self.hospital = hospitals
                .iter()
                .find(|h| h.in_county && known.contains(&h.id))
                .or(hospitals.iter().find(|h| h.in_county))
                .or(hospitals.first())
                .map(|h| h.id);
        }
        // One field per other protection layer of the year (none for 离休).
        let layers = ctx
            .year
            .map(|y| y.params.layers.clone())
            .unwrap_or_default();
        if self
            .draft
            .other_layers
            .iter()
            .map(|(l, _)| l)
            .ne(layers.iter())
        {
            self.draft.other_layers = layers.into_iter().map(|l| (l, String::new())).collect();
        }
        if self.draft.visit_type.is_empty() {
            self.draft.visit_type = "门诊".into();
        }
        self.toolbar_ui(ui, ctx, &program, &hospitals, month);
        let Some(hospital_id) = self.hospital else {
            ui.add_space(16.0);
            if hospitals.is_empty() {
                ui.label("尚无定点医疗机构：请先在“定点医疗机构”页中新增，或导入本县的定点医疗机构清单。");
            } else {
                ui.label("请先选择医院。");
            }
            return;
        };
        if self.report.is_none() {
            // Opening a report writes only when the month has none yet; reading an
            // existing one changes nothing.
            match ctx.store.find_report(program.id, hospital_id, month) {
                Ok(r) => {
                    self.received = r
                        .as_ref()
                        .and_then(|r| r.received)
                        .map(iso)
                        .unwrap_or_default();
                    self.report = r;
                }
                Err(e) => {
                    // Not an empty month: say why there is nothing to show.
                    read_error_ui(ui, "月报表", &e);
                    return;
                }
            }
            self.claims = None;
        }
        if self.claims.is_none() {
            self.claims = Some(match &self.report {
                Some(r) => ctx.store.report_claims(r.id),
                None => Ok(Vec::new()),
            });
        }
        let can_import =
            ctx.actor.may(Action::EnterClaims) && !self.report.as_ref().is_some_and(|r| r.locked);
        if can_import
            && ui
                .button("从文件导入报账明细…")
                .on_hover_text("xlsx、xls 或 csv，先预览再写入")
                .clicked()
            && let Some(h) = hospitals.iter().find(|h| h.id == hospital_id)
        {
            self.import = Some(ImportDialog::new(ImportTarget::Claims {
                program: program.clone(),
                hospital_id,
                hospital_name: h.name.clone(),
                month,
            }));
        }
        if let Some(dialog) = &mut self.import {
            let outcome = dialog.dialog_ui(ui, ctx);
            if outcome.changed {
                self.report = None;
                self.claims = None;
            }
            if outcome.closed {
                self.import = None;
            }
        }
        self.report_line_ui(ui, ctx, &program, hospital_id, month);
        ui.separator();
        self.entry_ui(ui, ctx, &program, hospital_id, month);
        ui.separator();
        self.list_ui(ui, ctx);
    }

    /// Forget loaded data after a program or year change.
    fn data_changed(&mut self) {
        *self = Self::default();
    }

    /// What is typed for the next claim beyond what a saved row keeps (its type and
    /// date), or a decision being typed.
    fn has_unsaved_edits(&self) -> bool {
        let d = &self.draft;
        !self.who.is_empty()
            || [
                &d.discharge_date,
                &d.total,
                &d.out_of_catalog,
                &d.bill_no,
                &d.catastrophic,
            ]
            .iter()
            .any(|s| !s.is_empty())
            || d.other_layers.iter().any(|(_, v)| !v.is_empty())
            || !self.decision.amount.is_empty()
            || !self.decision.reason.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_saved_row_keeps_is_not_an_unsaved_edit() {
        let mut page = ClaimsPage::default();
        page.draft.visit_type = "住院".into();
        page.draft.visit_date = "2021-01-04".into();
        assert!(!page.has_unsaved_edits());
        page.draft.total = "120.00".into();
        assert!(page.has_unsaved_edits());
        let page = ClaimsPage {
            who: "韩".into(),
            ..Default::default()
        };
        assert!(page.has_unsaved_edits());
    }
}
