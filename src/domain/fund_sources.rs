//! Where a program-year's money comes from (中央 / 省级 / 市级 / 县级 / 其他资金):
//! the budget and the appropriations by source, and the 自评表's funds block with
//! 本年财政拨款 split by level (其中：中央补助 …).
//!
//! What was spent is counted against the sources in one fixed order, exactly, with
//! no proportions: 上年结转 first (as [`FundTotals::source_rows`]), then 中央, 省级,
//! 市级, 县级 and money of no stated source, each up to what it brought in, 其他资金
//! last (transfers from above are spent first, 其他资金 only when they run out). A
//! payment beyond every receipt stays on 未注明来源.

use super::Money;
use super::declaration::FundSource;
use super::fund::{EntryKind, FundTotals};

/// The buckets: the five sources in [`FundSource::ALL`]'s order, then none stated.
const UNSTATED: usize = 5;

/// The order money is counted as spent: 中央, 省级, 市级, 县级, none stated, 其他.
const SPENDING_ORDER: [usize; 6] = [0, 1, 2, 3, UNSTATED, 4];

fn bucket(source: Option<FundSource>) -> usize {
    source
        .and_then(|s| FundSource::ALL.iter().position(|x| *x == s))
        .unwrap_or(UNSTATED)
}

/// A year's budget and receipts by source (net of reversals).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SourceSums {
    /// 年初预算数 per bucket.
    pub initial: [Money; 6],
    /// 追加 / 调减 per bucket.
    pub adjust: [Money; 6],
    /// 财政拨款 received per bucket.
    pub received: [Money; 6],
}

impl SourceSums {
    /// Add one ledger entry; entries other than budgets and appropriations have
    /// no source and are not counted here.
    pub fn add(&mut self, source: Option<FundSource>, kind: EntryKind, amount: Money) {
        let i = bucket(source);
        let slot = match kind {
            EntryKind::BudgetInitial => &mut self.initial[i],
            EntryKind::BudgetAdjust => &mut self.adjust[i],
            EntryKind::Appropriation => &mut self.received[i],
            EntryKind::CarryIn
            | EntryKind::HospitalPayment
            | EntryKind::CashPayment
            | EntryKind::PremiumPayment
            | EntryKind::Refund => return,
        };
        *slot = *slot + amount;
    }

    /// Whether any budget or receipt names its source.
    pub fn any_stated(&self) -> bool {
        (0..UNSTATED).any(|i| {
            !(self.initial[i].is_zero() && self.adjust[i].is_zero() && self.received[i].is_zero())
        })
    }

    /// What `source` brought in.
    pub fn received_from(&self, source: FundSource) -> Money {
        self.received[bucket(Some(source))]
    }
}

/// One row of the 自评表's funds block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FundLine {
    pub label: &'static str,
    /// 年初预算数.
    pub initial: Money,
    /// 全年预算数.
    pub full: Money,
    /// 全年执行数.
    pub executed: Money,
    /// A 其中 line under 本年财政拨款, not part of the 年度资金总额's sum.
    pub detail: bool,
}

/// The label of a bucket's 其中 line.
fn detail_label(i: usize) -> &'static str {
    match FundSource::ALL.get(i) {
        Some(FundSource::Central) => "　其中：中央补助",
        Some(FundSource::Provincial) => "　　　　省级补助",
        Some(FundSource::City) => "　　　　市级补助",
        Some(FundSource::County) => "　　　　县级资金",
        Some(FundSource::Other) | None => "　　　　未注明来源",
    }
}

/// The 自评表's funds block: 年度资金总额, 其中：本年财政拨款 (and, once any money
/// names its source, each level under it), 上年结转资金 and 其他资金.
pub fn fund_lines(totals: &FundTotals, sources: &SourceSums) -> Vec<FundLine> {
    let [fresh, carried] = totals.source_rows();
    let line = |label, (initial, full, executed): (Money, Money, Money), detail| FundLine {
        label,
        initial,
        full,
        executed,
        detail,
    };
    let total = (
        fresh.0 + carried.0,
        fresh.1 + carried.1,
        fresh.2 + carried.2,
    );
    if !sources.any_stated() {
        let zero = (Money::ZERO, Money::ZERO, Money::ZERO);
        return vec![
            line("年度资金总额", total, false),
            line("其中：本年财政拨款", fresh, false),
            line("上年结转资金", carried, false),
            line("其他资金", zero, false),
        ];
    }
    let mut executed = [Money::ZERO; 6];
    let mut left = fresh.2;
    for i in SPENDING_ORDER {
        let take = left
            .min(sources.received[i].max(Money::ZERO))
            .max(Money::ZERO);
        executed[i] = take;
        left = left - take;
    }
    executed[UNSTATED] = executed[UNSTATED] + left;
    let of = |i: usize| {
        (
            sources.initial[i],
            sources.initial[i] + sources.adjust[i],
            executed[i],
        )
    };
    let other = of(4);
    let fiscal = (fresh.0 - other.0, fresh.1 - other.1, fresh.2 - other.2);
    let mut out = vec![
        line("年度资金总额", total, false),
        line("其中：本年财政拨款", fiscal, false),
    ];
    let shown = |i: usize| {
        let (a, b, c) = of(i);
        !(a.is_zero() && b.is_zero() && c.is_zero() && sources.received[i].is_zero())
    };
    let details: Vec<usize> = [0, 1, 2, 3, UNSTATED]
        .into_iter()
        .filter(|i| shown(*i))
        .collect();
    for (n, i) in details.iter().enumerate() {
        // The first 其中 line says 其中; the others are indented under it.
        let label = match (n, *i) {
            (0, UNSTATED) => "　其中：未注明来源",
            (0, 1) => "　其中：省级补助",
            (0, 2) => "　其中：市级补助",
            (0, 3) => "　其中：县级资金",
            (_, i) => detail_label(i),
        };
        out.push(line(label, of(*i), true));
    }
    out.push(line("上年结转资金", carried, false));
    out.push(line("其他资金", other, false));
    out
}

/// 「中央 1019 万元、省级 500 万元、县级 500 万元」: what each stated source brought in,
/// in 万元 (two places), for the report's text; empty when none is stated.
pub fn received_text(sources: &SourceSums) -> String {
    FundSource::ALL
        .into_iter()
        .filter(|s| !sources.received_from(*s).is_zero())
        .map(|s| {
            format!(
                "{}{}万元",
                s.label(),
                sources.received_from(s).wan_rounded().normalize()
            )
        })
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fund::KindSums;

    fn y(n: i64) -> Money {
        Money::from_yuan(n)
    }

    #[test]
    fn without_stated_sources_the_block_is_as_before() {
        let mut k = KindSums::default();
        k.add(EntryKind::BudgetInitial, y(1_340_000));
        k.add(EntryKind::Appropriation, y(1_340_000));
        k.add(EntryKind::HospitalPayment, y(1_000_000));
        let lines = fund_lines(&FundTotals::from_sums(&k), &SourceSums::default());
        let labels: Vec<_> = lines.iter().map(|l| l.label).collect();
        assert_eq!(
            labels,
            [
                "年度资金总额",
                "其中：本年财政拨款",
                "上年结转资金",
                "其他资金"
            ]
        );
        assert_eq!(lines[1].executed, y(1_000_000));
    }

    #[test]
    fn transfers_from_above_are_counted_as_spent_first() {
        // Seed 004's 2019 by source: 中央 1019 万, 省级 500 万, 县级 500 万, all
        // budgeted and received; 1596 万 paid. Spent: 中央 1019 in full, 省级 500
        // in full, 县级 1596 − 1019 − 500 = 77.
        let mut k = KindSums::default();
        let mut s = SourceSums::default();
        for (source, wan) in [
            (FundSource::Central, 1019),
            (FundSource::Provincial, 500),
            (FundSource::County, 500),
        ] {
            k.add(EntryKind::BudgetInitial, y(wan * 10_000));
            k.add(EntryKind::Appropriation, y(wan * 10_000));
            s.add(Some(source), EntryKind::BudgetInitial, y(wan * 10_000));
            s.add(Some(source), EntryKind::Appropriation, y(wan * 10_000));
        }
        k.add(EntryKind::HospitalPayment, y(15_960_000));
        s.add(None, EntryKind::HospitalPayment, y(15_960_000));
        let lines = fund_lines(&FundTotals::from_sums(&k), &s);
        let row = |label: &str| lines.iter().find(|l| l.label == label).unwrap().clone();
        assert_eq!(
            lines.iter().map(|l| l.label).collect::<Vec<_>>(),
            [
                "年度资金总额",
                "其中：本年财政拨款",
                "　其中：中央补助",
                "　　　　省级补助",
                "　　　　县级资金",
                "上年结转资金",
                "其他资金",
            ]
        );
        assert_eq!(row("　其中：中央补助").executed, y(10_190_000));
        assert_eq!(row("　　　　省级补助").executed, y(5_000_000));
        assert_eq!(row("　　　　县级资金").executed, y(770_000));
        assert_eq!(row("　　　　县级资金").full, y(5_000_000));
        assert_eq!(row("其中：本年财政拨款").executed, y(15_960_000));
        assert!(row("　其中：中央补助").detail && !row("其他资金").detail);
        assert_eq!(received_text(&s), "中央1019万元、省级500万元、县级500万元");
    }

    #[test]
    fn other_money_is_spent_last_and_outside_the_fiscal_row() {
        // 县级 100 and 其他 50 received and budgeted; 120 paid: 县级 100, 其他 20.
        let mut k = KindSums::default();
        let mut s = SourceSums::default();
        for (source, n) in [(FundSource::County, 100), (FundSource::Other, 50)] {
            k.add(EntryKind::BudgetInitial, y(n));
            k.add(EntryKind::Appropriation, y(n));
            s.add(Some(source), EntryKind::BudgetInitial, y(n));
            s.add(Some(source), EntryKind::Appropriation, y(n));
        }
        k.add(EntryKind::CashPayment, y(120));
        let lines = fund_lines(&FundTotals::from_sums(&k), &s);
        let row = |label: &str| lines.iter().find(|l| l.label == label).unwrap().clone();
        assert_eq!(row("其他资金").executed, y(20));
        assert_eq!(row("其他资金").full, y(50));
        assert_eq!(row("其中：本年财政拨款").executed, y(100));
        assert_eq!(row("其中：本年财政拨款").full, y(100));
        assert_eq!(row("　其中：县级资金").executed, y(100));
        assert_eq!(row("年度资金总额").executed, y(120));
    }
}
