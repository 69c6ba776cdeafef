//! 月度报账: pick a hospital and month, record when its report arrived, and enter
//! claims from the keyboard — Tab through the fields, Enter saves and starts the
//! next row. The month's claims are listed below with their totals; pending claims
//! can be passed in bulk.

use egui::{RichText, Ui};

use super::app::PageCtx;
use super::claim_table::{AmountShown, claim_table_ui};
use super::import_dialog::ImportDialog;
use super::page::Page;
use super::style;
use super::widgets::{FocusOnOpen, enter_pressed, month_nav_ui, read_error_ui};
use crate::domain::Money;
use crate::domain::claim::{AuditDecision, ClaimDraft, ClaimFieldError, Month, VisitType};
use crate::domain::dates::{iso, parse_date};
use crate::domain::hospital::Hospital;
use crate::domain::mask::mask_id_middle;
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
    /// Forget loaded data after a program or year change.
    pub fn invalidate(&mut self) {
        *self = Self::default();
    }

    /// Another hospital or month: reload, and put the cursor back in the first field.
    fn reload(&mut self) {
        self.report = None;
        self.claims = None;
        self.focus = FocusOnOpen::new();
        self.sample.clear();
        self.selected_claim = None;
        self.adjustments = None;
    }

    pub fn page_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
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
                Err(e) => ctx.toasts.error(format!("读取月报表失败：{e}")),
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

    fn entry_ui(
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

    fn save(&mut self, ctx: &mut PageCtx<'_>, program: &Program, hospital_id: i64, month: Month) {
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

    fn list_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let claims = match &self.claims {
            None => return,
            Some(Err(e)) => {
                read_error_ui(ui, "报账记录", e);
                return;
            }
            Some(Ok(claims)) => claims,
        };
        let sums = crate::store::claims::ClaimSums::of(claims);
        let pending: Vec<(i64, Money)> = claims
            .iter()
            .filter(|c| c.audit == AuditDecision::Pending)
            .map(|c| (c.id, c.total))
            .collect();
        let can_audit =
            !self.report.as_ref().is_some_and(|r| r.locked) && ctx.actor.may(Action::AuditClaims);
        let mut decide: Option<(Vec<i64>, AuditDecision)> = None;
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!(
                    "本月 {} 条，医疗总费用 {} 元，应付 {} 元，审核后应付 {} 元",
                    claims.len(),
                    sums.total.grouped(),
                    sums.payable.grouped(),
                    sums.after_audit.grouped()
                ))
                .strong(),
            );
            let audited = i64::try_from(claims.len() - pending.len()).unwrap_or(0);
            let all = i64::try_from(claims.len()).unwrap_or(0);
            ui.label(
                RichText::new(format!(
                    "审核率 {}%",
                    crate::domain::ratio::percent(audited, all)
                ))
                .color(style::MUTED),
            );
            if pending.is_empty() || !can_audit {
                return;
            }
            let unsampled: Vec<i64> = pending
                .iter()
                .map(|p| p.0)
                .filter(|id| !self.sample.contains(id))
                .collect();
            if self.sample.is_empty() {
                if ui
                    .button(format!("全部通过（{} 条待审）", pending.len()))
                    .clicked()
                {
                    decide = Some((unsampled, AuditDecision::Passed));
                }
            } else if !unsampled.is_empty()
                && ui
                    .button(format!("通过未抽中的 {} 条", unsampled.len()))
                    .clicked()
            {
                decide = Some((unsampled, AuditDecision::Passed));
            }
            ui.separator();
            let l = ui.label("抽查比例 %");
            ui.add(
                egui::TextEdit::singleline(&mut self.spot_percent)
                    .hint_text("10")
                    .desired_width(36.0),
            )
            .labelled_by(l.id);
            let l = ui.label("及金额 ≥");
            ui.add(
                egui::TextEdit::singleline(&mut self.spot_threshold)
                    .hint_text("元")
                    .desired_width(70.0),
            )
            .labelled_by(l.id);
            if ui.button("抽查").clicked() {
                // An empty ratio means the usual 10%.
                let percent = match self.spot_percent.trim() {
                    "" => 10,
                    t => t.parse::<u32>().unwrap_or(0),
                };
                let threshold = Money::parse(&self.spot_threshold).ok();
                let seed = chrono::Local::now().timestamp_millis().unsigned_abs();
                self.sample = crate::domain::claim::spot_check(&pending, percent, threshold, seed);
                ctx.toasts
                    .success(format!("已抽中 {} 条，请逐条审核", self.sample.len()));
            }
        });
        let clicked = claim_table_ui(
            ui,
            "claims_list",
            claims,
            AmountShown::Payable,
            true,
            self.selected_claim,
            &self.sample,
        );
        if let Some(id) = clicked {
            self.selected_claim = clicked;
            self.decision = DecisionForm::default();
            self.adjustments = Some(ctx.store.claim_adjustments(id));
        }
        if let Some(id) = self.selected_claim
            && let Some(c) = claims.iter().find(|c| c.id == id)
        {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                let adjustments = match &self.adjustments {
                    Some(Ok(a)) => a.as_slice(),
                    Some(Err(e)) => {
                        read_error_ui(ui, "调整记录", e);
                        &[]
                    }
                    None => &[],
                };
                explanation_ui(ui, c, adjustments);
                if !can_audit {
                    return;
                }
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(format!(
                            "审核 {} {}（应付 {} 元）",
                            c.bill_no,
                            c.name,
                            c.payable.grouped()
                        ))
                        .strong(),
                    );
                    ui.radio_value(&mut self.decision.kind, 0, "通过");
                    ui.radio_value(&mut self.decision.kind, 1, "核减");
                    ui.radio_value(&mut self.decision.kind, 2, "拒付");
                    if self.decision.kind == 1 {
                        let l = ui.label("核减金额");
                        ui.add(
                            egui::TextEdit::singleline(&mut self.decision.amount)
                                .desired_width(80.0),
                        )
                        .labelled_by(l.id);
                    }
                    if self.decision.kind > 0 {
                        let l = ui.label("原因");
                        ui.add(
                            egui::TextEdit::singleline(&mut self.decision.reason)
                                .desired_width(200.0),
                        )
                        .labelled_by(l.id);
                    }
                    if ui.button("确定审核").clicked() {
                        let d = match self.decision.kind {
                            0 => Some(AuditDecision::Passed),
                            1 => match Money::parse_non_negative(&self.decision.amount) {
                                Ok(amount) => Some(AuditDecision::Reduced {
                                    amount,
                                    reason: self.decision.reason.trim().to_owned(),
                                }),
                                Err(e) => {
                                    self.decision.error = Some(format!(
                                        "核减金额「{}」：{e}",
                                        self.decision.amount.trim()
                                    ));
                                    None
                                }
                            },
                            _ => Some(AuditDecision::Refused {
                                reason: self.decision.reason.trim().to_owned(),
                            }),
                        };
                        if let Some(d) = d {
                            decide = Some((vec![id], d));
                        }
                    }
                });
                if let Some(e) = &self.decision.error {
                    ui.label(RichText::new(e).color(style::ERROR));
                }
            });
        }
        if let Some((ids, decision)) = decide {
            match ctx.store.audit_claims(&ids, &decision, ctx.actor) {
                Ok(()) => {
                    ctx.toasts
                        .success(format!("已{} {} 条", decision.label(), ids.len()));
                    self.sample.retain(|id| !ids.contains(id));
                    self.decision = DecisionForm::default();
                    self.claims = None;
                }
                Err(e) => self.decision.error = Some(format!("未审核：{e}")),
            }
        }
    }
}

/// The selected claim's whole 计算说明, and the adjustments a later recompute made
/// to it while its month was locked.
fn explanation_ui(ui: &mut Ui, c: &ClaimRecord, adjustments: &[Adjustment]) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{} {} 计算说明", c.bill_no, c.name)).strong());
        ui.label(&c.explanation);
    });
    for a in adjustments {
        let carried = if a.report_id.is_some() {
            "已计入该院批准的月份划拨"
        } else {
            "待计入该院下一个批准的月份划拨"
        };
        ui.label(
            RichText::new(format!(
                "调整：{}（{}，{carried}）",
                a.explanation, a.created_at
            ))
            .color(style::WARNING),
        );
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

/// The navigation title.
pub const TITLE: &str = "月度报账";

impl Page for ClaimsPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        self.page_ui(ui, ctx);
    }

    fn data_changed(&mut self) {
        self.invalidate();
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
