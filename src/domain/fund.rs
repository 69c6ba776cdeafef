//! The fund ledger (资金台账) of a program-year: the kinds of movement, how each
//! moves the budget or the cash balance, and the year's totals and warnings.
//!
//! A posted movement is never edited or deleted. A mistake is corrected by a
//! reversing entry of the same kind with the opposite amount, pointing at the
//! original.

use rust_decimal::Decimal;

use super::Money;
use super::ratio::percent_of;

/// What a ledger entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// 年初预算数.
    BudgetInitial,
    /// 预算调整: 追加 (positive) or 调减 (negative).
    BudgetAdjust,
    /// 财政拨款: money received from the finance bureau.
    Appropriation,
    /// 上年结转: the balance carried from last year.
    CarryIn,
    /// 拨付医院: one 已划拨 hospital-month.
    HospitalPayment,
    /// 个人支付: a cash payment to a person (年终补足, 手工报销).
    CashPayment,
    /// 资助参保缴费: the premiums of the year's 资助参保 list, paid to the insurer.
    PremiumPayment,
    /// 退回: money returned to the fund.
    Refund,
}

/// Which side of the ledger an entry sits on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Moves the budget, not the cash.
    Budget,
    /// Money in.
    Inflow,
    /// Money out.
    Outflow,
}

impl EntryKind {
    pub const ALL: [EntryKind; 8] = [
        EntryKind::BudgetInitial,
        EntryKind::BudgetAdjust,
        EntryKind::Appropriation,
        EntryKind::CarryIn,
        EntryKind::HospitalPayment,
        EntryKind::CashPayment,
        EntryKind::PremiumPayment,
        EntryKind::Refund,
    ];

    /// What a clerk may record by hand; hospital payments come from 划拨审核 and
    /// carried balances from the year rollover.
    pub const MANUAL: [EntryKind; 5] = [
        EntryKind::BudgetInitial,
        EntryKind::BudgetAdjust,
        EntryKind::Appropriation,
        EntryKind::CashPayment,
        EntryKind::Refund,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EntryKind::BudgetInitial => "budget_initial",
            EntryKind::BudgetAdjust => "budget_adjust",
            EntryKind::Appropriation => "appropriation",
            EntryKind::CarryIn => "carry_in",
            EntryKind::HospitalPayment => "hospital_payment",
            EntryKind::CashPayment => "cash_payment",
            EntryKind::PremiumPayment => "premium_payment",
            EntryKind::Refund => "refund",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryKind::BudgetInitial => "年初预算",
            EntryKind::BudgetAdjust => "预算调整",
            EntryKind::Appropriation => "财政拨款",
            EntryKind::CarryIn => "上年结转",
            EntryKind::HospitalPayment => "拨付医院",
            EntryKind::CashPayment => "个人支付",
            EntryKind::PremiumPayment => "资助参保缴费",
            EntryKind::Refund => "资金退回",
        }
    }

    pub fn side(self) -> Side {
        match self {
            EntryKind::BudgetInitial | EntryKind::BudgetAdjust => Side::Budget,
            EntryKind::Appropriation | EntryKind::CarryIn | EntryKind::Refund => Side::Inflow,
            EntryKind::HospitalPayment | EntryKind::CashPayment | EntryKind::PremiumPayment => {
                Side::Outflow
            }
        }
    }

    /// How an entry of this kind and `amount` moves the cash balance.
    pub fn balance_effect(self, amount: Money) -> Money {
        match self.side() {
            Side::Budget => Money::ZERO,
            Side::Inflow => amount,
            Side::Outflow => -amount,
        }
    }

    /// Whether a new entry of this kind may carry a negative amount (调减).
    pub fn allows_negative(self) -> bool {
        self == EntryKind::BudgetAdjust
    }
}

/// The amount to record for what the clerk typed: a 调减 is a negative adjustment.
pub fn signed_amount(kind: EntryKind, typed: Money, decrease: bool) -> Money {
    if decrease && kind == EntryKind::BudgetAdjust {
        -typed
    } else {
        typed
    }
}

/// Check a new (not reversing) entry's amount.
pub fn check_amount(kind: EntryKind, amount: Money) -> Result<(), String> {
    if amount.is_zero() {
        return Err("金额不能为 0".into());
    }
    if amount.is_negative() && !kind.allows_negative() {
        return Err(format!("{}的金额不能为负数", kind.label()));
    }
    Ok(())
}

/// The year's sums, by kind, net of reversals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KindSums {
    pub budget_initial: Money,
    pub budget_adjust: Money,
    pub appropriation: Money,
    pub carry_in: Money,
    pub hospital_payment: Money,
    pub cash_payment: Money,
    pub premium_payment: Money,
    pub refund: Money,
}

impl KindSums {
    /// Add one entry (a reversal is simply a negative amount of the same kind).
    pub fn add(&mut self, kind: EntryKind, amount: Money) {
        let slot = match kind {
            EntryKind::BudgetInitial => &mut self.budget_initial,
            EntryKind::BudgetAdjust => &mut self.budget_adjust,
            EntryKind::Appropriation => &mut self.appropriation,
            EntryKind::CarryIn => &mut self.carry_in,
            EntryKind::HospitalPayment => &mut self.hospital_payment,
            EntryKind::CashPayment => &mut self.cash_payment,
            EntryKind::PremiumPayment => &mut self.premium_payment,
            EntryKind::Refund => &mut self.refund,
        };
        *slot = *slot + amount;
    }
}

/// A program-year's fund position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FundTotals {
    /// 年初预算数.
    pub budget_initial: Money,
    /// 全年预算数 = 年初预算数 + adjustments.
    pub budget_full: Money,
    /// 上年结转.
    pub carried: Money,
    /// Received from the finance bureau.
    pub received: Money,
    /// 全年执行数: payments less refunds.
    pub paid: Money,
    /// carried + received − paid.
    pub balance: Money,
    /// 执行率 = paid ÷ 全年预算数, in %.
    pub execution_rate: Decimal,
    /// 到位率 = received ÷ 全年预算数, in %.
    pub arrival_rate: Decimal,
    /// 资金缺口: what payments outran the money available, else 0.
    pub gap: Money,
}

impl FundTotals {
    pub fn from_sums(s: &KindSums) -> Self {
        let budget_full = s.budget_initial + s.budget_adjust;
        let paid = s.hospital_payment + s.cash_payment + s.premium_payment - s.refund;
        let balance = s.carry_in + s.appropriation - paid;
        Self {
            budget_initial: s.budget_initial,
            budget_full,
            carried: s.carry_in,
            received: s.appropriation,
            paid,
            balance,
            execution_rate: percent_of(paid, budget_full),
            arrival_rate: percent_of(s.appropriation, budget_full),
            gap: (-balance).max(Money::ZERO),
        }
    }

    /// The 自评表's funds rows as (年初预算数, 全年预算数, 全年执行数): 本年财政拨款
    /// and 上年结转资金. What was carried in is counted as spent first.
    pub fn source_rows(&self) -> [(Money, Money, Money); 2] {
        let from_carried = self.carried.min(self.paid.max(Money::ZERO));
        [
            (
                self.budget_initial,
                self.budget_full,
                self.paid - from_carried,
            ),
            (self.carried, self.carried, from_carried),
        ]
    }

    /// What the clerk should know but may go on with: a negative balance, an
    /// overspent budget.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.balance.is_negative() {
            out.push(format!(
                "余额为负（{} 元）：支付已超过到位资金，资金缺口 {} 元，请催拨或追加预算",
                self.balance.grouped(),
                self.gap.grouped()
            ));
        }
        if self.paid > self.budget_full {
            out.push(format!(
                "全年执行数 {} 元已超过全年预算数 {} 元",
                self.paid.grouped(),
                self.budget_full.grouped()
            ));
        }
        out
    }
}

/// The quarter (1–4) a month falls in.
pub fn quarter_of(month: u32) -> u32 {
    month.saturating_sub(1) / 3 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(n: i64) -> Money {
        Money::from_yuan(n)
    }

    #[test]
    fn totals_of_the_demo_year() {
        let mut s = KindSums::default();
        s.add(EntryKind::BudgetInitial, y(1_340_000));
        s.add(EntryKind::BudgetAdjust, y(210_000));
        for q in [330_000, 340_000, 330_000, 340_000, 210_000] {
            s.add(EntryKind::Appropriation, y(q));
        }
        s.add(EntryKind::HospitalPayment, y(1_550_000));
        let t = FundTotals::from_sums(&s);
        assert_eq!(t.budget_full, y(1_550_000));
        assert_eq!(t.received, y(1_550_000));
        assert_eq!(t.balance, Money::ZERO);
        assert_eq!(t.execution_rate.to_string(), "100.00");
        assert_eq!(t.arrival_rate.to_string(), "100.00");
        assert!(t.warnings().is_empty());
        let [fresh, carried] = t.source_rows();
        assert_eq!(fresh, (y(1_340_000), y(1_550_000), y(1_550_000)));
        assert_eq!(carried, (Money::ZERO, Money::ZERO, Money::ZERO));
    }

    #[test]
    fn money_carried_in_is_spent_first() {
        let mut s = KindSums::default();
        s.add(EntryKind::BudgetInitial, y(1_000));
        s.add(EntryKind::CarryIn, y(300));
        s.add(EntryKind::Appropriation, y(1_000));
        s.add(EntryKind::HospitalPayment, y(800));
        let [fresh, carried] = FundTotals::from_sums(&s).source_rows();
        assert_eq!(fresh, (y(1_000), y(1_000), y(500)));
        assert_eq!(carried, (y(300), y(300), y(300)));
    }

    #[test]
    fn a_reversal_cancels_its_original() {
        let mut s = KindSums::default();
        s.add(EntryKind::Appropriation, y(100));
        s.add(EntryKind::CashPayment, y(30));
        s.add(EntryKind::CashPayment, -y(30));
        s.add(EntryKind::Refund, y(5));
        let t = FundTotals::from_sums(&s);
        assert_eq!(t.paid, -y(5));
        assert_eq!(t.balance, y(105));
    }

    #[test]
    fn overspending_warns_with_the_gap() {
        let mut s = KindSums::default();
        s.add(EntryKind::BudgetInitial, y(100));
        s.add(EntryKind::Appropriation, y(80));
        s.add(EntryKind::HospitalPayment, y(120));
        let t = FundTotals::from_sums(&s);
        assert_eq!(t.balance, -y(40));
        assert_eq!(t.gap, y(40));
        assert_eq!(t.execution_rate.to_string(), "120.00");
        assert_eq!(t.arrival_rate.to_string(), "80.00");
        let w = t.warnings();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("资金缺口 40.00"), "{}", w[0]);
        assert!(w[1].contains("超过全年预算数"), "{}", w[1]);
    }

    #[test]
    fn amounts_are_checked_by_kind() {
        assert!(check_amount(EntryKind::BudgetAdjust, -y(10)).is_ok());
        assert_eq!(
            check_amount(EntryKind::Appropriation, -y(10)).unwrap_err(),
            "财政拨款的金额不能为负数"
        );
        assert!(check_amount(EntryKind::Refund, Money::ZERO).is_err());
        assert_eq!(EntryKind::Refund.balance_effect(y(3)), y(3));
        assert_eq!(EntryKind::CashPayment.balance_effect(y(3)), -y(3));
        assert_eq!(EntryKind::BudgetAdjust.balance_effect(y(3)), Money::ZERO);
        assert_eq!(signed_amount(EntryKind::BudgetAdjust, y(10), true), -y(10));
        assert_eq!(signed_amount(EntryKind::Appropriation, y(10), true), y(10));
        assert_eq!(quarter_of(1), 1);
        assert_eq!(quarter_of(12), 4);
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::from_code(k.code()), Some(k));
        }
    }
}
