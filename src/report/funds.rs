//! The fund charts of a program-year: payments by month stacked by hospital,
//! against the cumulative money received and the budget; and each hospital's share.

use rust_decimal::Decimal;

use crate::domain::Money;
use crate::domain::fund::{EntryKind, FundTotals};
use crate::domain::ratio::percent_of;
use crate::store::{Result, Store};

/// One stacked series: a hospital (or 个人支付, 资助参保缴费) with its payments by month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    pub by_month: [Money; 12],
    pub total: Money,
    /// Share of the year's payments, in %.
    pub share: Decimal,
}

/// Everything the charts draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FundChart {
    /// Largest payee first.
    pub series: Vec<Series>,
    /// Carried + received up to the end of each month.
    pub cumulative_received: [Money; 12],
    pub totals: FundTotals,
    /// What the bars add up to (refunds are not drawn).
    pub charted_payments: Money,
}

/// The label of cash payments to persons in the charts.
pub const CASH_SERIES: &str = "个人支付";

/// Build the charts of a program-year.
pub fn build(store: &Store, program_year_id: i64) -> Result<FundChart> {
    let flows = store.monthly_flows(program_year_id)?;
    let mut series: Vec<Series> = Vec::new();
    let mut received = [Money::ZERO; 12];
    for f in &flows {
        let i = (f.month.clamp(1, 12) - 1) as usize;
        let name = match f.kind {
            EntryKind::HospitalPayment => f.hospital.as_str(),
            EntryKind::CashPayment => CASH_SERIES,
            // 资助参保缴费 goes to the insurer, beside the hospitals.
            EntryKind::PremiumPayment => f.kind.label(),
            EntryKind::Appropriation | EntryKind::CarryIn => {
                received[i] = received[i] + f.amount;
                continue;
            }
            _ => continue,
        };
        let s = match series.iter_mut().position(|s| s.name == name) {
            Some(p) => &mut series[p],
            None => {
                series.push(Series {
                    name: name.to_owned(),
                    by_month: [Money::ZERO; 12],
                    total: Money::ZERO,
                    share: Decimal::ZERO,
                });
                let last = series.len() - 1;
                &mut series[last]
            }
        };
        s.by_month[i] = s.by_month[i] + f.amount;
        s.total = s.total + f.amount;
    }
    let charted: Money = series.iter().map(|s| s.total).sum();
    for s in &mut series {
        s.share = percent_of(s.total, charted);
    }
    series.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
    let mut cumulative = [Money::ZERO; 12];
    let mut running = Money::ZERO;
    for (i, r) in received.iter().enumerate() {
        running = running + *r;
        cumulative[i] = running;
    }
    Ok(FundChart {
        series,
        cumulative_received: cumulative,
        totals: store.fund_totals(program_year_id)?,
        charted_payments: charted,
    })
}
