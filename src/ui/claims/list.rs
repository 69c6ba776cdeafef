//! The month's claims with their totals, bulk passing, spot checks and the audit
//! decision on the selected claim.

use egui::{RichText, Ui};

use crate::domain::Money;
use crate::domain::claim::AuditDecision;
use crate::domain::user::Action;
use crate::store::assistance::Adjustment;
use crate::store::claims::ClaimRecord;
use crate::ui::app::PageCtx;
use crate::ui::claim_table::{AmountShown, claim_table_ui};
use crate::ui::style;
use crate::ui::widgets::read_error_ui;

use super::{ClaimsPage, DecisionForm};

impl ClaimsPage {
    pub(super) fn list_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let claims = match &self.claims {
            None => return,
            Some(Err(e)) => {
                read_error_ui(ui, "报账记录", e);
                return;
            }
            Some(Ok(claims)) => claims,
        };
        let sums = crate::store::claims::ClaimSums::of(claims);
        let pending: Vec<&ClaimRecord> = claims
            .iter()
            .filter(|c| c.audit == AuditDecision::Pending)
            .collect();
        let can_audit =
            !self.report.as_ref().is_some_and(|r| r.locked) && ctx.actor.may(Action::AuditClaims);
        // Bulk passing and the spot check cover only the claims this user may
        // audit (not those they entered).
        let auditable: Vec<(i64, Money)> = pending
            .iter()
            .filter(|c| c.may_audit(ctx.actor))
            .map(|c| (c.id, c.total))
            .collect();
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
            if auditable.is_empty() || !can_audit {
                return;
            }
            let unsampled: Vec<i64> = auditable
                .iter()
                .map(|p| p.0)
                .filter(|id| !self.sample.contains(id))
                .collect();
            if self.sample.is_empty() {
                if ui
                    .button(format!("全部通过（{} 条待审）", auditable.len()))
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
                self.sample =
                    crate::domain::claim::spot_check(&auditable, percent, threshold, seed);
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
                if !can_audit || !c.may_audit(ctx.actor) {
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
