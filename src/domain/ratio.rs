//! Rates shown as percentages with 2 decimals, rounded half away from zero.

use rust_decimal::{Decimal, RoundingStrategy};

use super::Money;

/// `part / whole × 100`, to 2 decimals; 0 when `whole` is 0.
pub fn percent(part: i64, whole: i64) -> Decimal {
    percent_dp(part, whole, 2)
}

/// `part / whole × 100`, to `dp` decimals (0 for a whole percent, as a report
/// writes a share: 61%); 0 when `whole` is 0.
pub fn percent_dp(part: i64, whole: i64, dp: u32) -> Decimal {
    let mut p = if whole == 0 {
        Decimal::ZERO
    } else {
        (Decimal::from(part) * Decimal::from(100) / Decimal::from(whole))
            .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
    };
    p.rescale(dp);
    p
}

/// `part / whole × 100` of two amounts, to 2 decimals; 0 when `whole` is 0.
pub fn percent_of(part: Money, whole: Money) -> Decimal {
    percent(part.fen(), whole.fen())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents() {
        assert_eq!(percent(1451, 1451).to_string(), "100.00");
        assert_eq!(percent(1, 3).to_string(), "33.33");
        assert_eq!(percent(2, 3).to_string(), "66.67");
        assert_eq!(percent(1, 8).to_string(), "12.50");
        assert_eq!(percent(5, 0).to_string(), "0.00");
        // Seed 004's shares, as whole percents.
        assert_eq!(percent_dp(19_514, 31_932, 0).to_string(), "61");
        assert_eq!(percent_dp(1_511, 2_578, 0).to_string(), "59");
        assert_eq!(percent_dp(9_247, 6_380, 0).to_string(), "145");
        assert_eq!(percent_dp(9_336, 6_279, 0).to_string(), "149");
        assert_eq!(percent_dp(1, 2, 0).to_string(), "50");
        assert_eq!(percent_dp(5, 0, 0).to_string(), "0");
        assert_eq!(
            percent_of(Money::from_yuan(1_550_000), Money::from_yuan(1_550_000)).to_string(),
            "100.00"
        );
    }
}
