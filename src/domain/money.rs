//! Exact money in 元 with 2 decimal places, stored as INTEGER 分.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

/// An exact amount of money in 元. Never a float.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(Decimal);

/// Why a text or number is not a valid amount of money.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("不是有效的金额")]
    NotANumber,
    #[error("金额最多保留 2 位小数")]
    TooManyDecimals,
    #[error("金额不能为负数")]
    Negative,
    #[error("金额超出范围")]
    OutOfRange,
}

/// Amounts must stay below 1 万亿 元.
pub const MAX_YUAN: i64 = 1_000_000_000_000;

impl Money {
    pub const ZERO: Self = Self(Decimal::ZERO);

    /// From a whole number of 分, as stored in SQLite.
    pub fn from_fen(fen: i64) -> Self {
        Self(Decimal::new(fen, 2))
    }

    /// From whole 元.
    pub fn from_yuan(yuan: i64) -> Self {
        Self(Decimal::from(yuan))
    }

    /// From an exact decimal; refuses more than 2 decimal places.
    pub fn from_decimal(value: Decimal) -> Result<Self, MoneyError> {
        let normalized = value.normalize();
        if normalized.scale() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        let mut d = value;
        d.rescale(2);
        // No county fund comes near a trillion 元; the cap keeps every sum in i64 分
        // and every amount writable in 大写.
        if d.abs() >= Decimal::from(MAX_YUAN) {
            return Err(MoneyError::OutOfRange);
        }
        Ok(Self(d))
    }

    /// Parse user text such as `1234.5`, `1,234.50` or `￥1234`; refuses more than 2 decimals.
    pub fn parse(text: &str) -> Result<Self, MoneyError> {
        let cleaned: String = text
            .trim()
            .trim_start_matches(['￥', '¥'])
            .trim_end_matches('元')
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        if cleaned.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        let value = Decimal::from_str(&cleaned).map_err(|_| MoneyError::NotANumber)?;
        Self::from_decimal(value)
    }

    /// Like [`Money::parse`] but also refuses a negative amount.
    pub fn parse_non_negative(text: &str) -> Result<Self, MoneyError> {
        let m = Self::parse(text)?;
        if m.is_negative() {
            return Err(MoneyError::Negative);
        }
        Ok(m)
    }

    /// The amount in whole 分, for storage.
    pub fn fen(self) -> i64 {
        let mut d = self.0;
        d.rescale(2);
        // from_decimal guarantees the mantissa fits.
        d.mantissa().to_i64().unwrap_or(i64::MAX)
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Plain form with 2 decimals, e.g. `886500.00` (for JSON and files).
    pub fn plain(self) -> String {
        let mut d = self.0;
        d.rescale(2);
        d.to_string()
    }

    /// Display form with thousands separators, e.g. `886,500.00`.
    pub fn grouped(self) -> String {
        let plain = self.plain();
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", plain.as_str()),
        };
        let (int, frac) = rest.split_once('.').unwrap_or((rest, "00"));
        let mut out = String::with_capacity(plain.len() + int.len() / 3);
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        format!("{sign}{out}.{frac}")
    }

    /// This amount times `percent` %, rounded half away from zero (四舍五入) to 0.01.
    pub fn times_percent(self, percent: Decimal) -> Money {
        let mut d = (self.0 * percent / Decimal::from(100))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        d.rescale(2);
        Money(d)
    }

    /// The smaller of two amounts.
    pub fn min(self, other: Money) -> Money {
        if other < self { other } else { self }
    }

    /// The larger of two amounts.
    pub fn max(self, other: Money) -> Money {
        if other > self { other } else { self }
    }

    /// The amount in 万元 as a float, only for placing a bar or point on a chart.
    /// Never use it for arithmetic: every figure shown as text comes from the exact
    /// amount.
    pub fn chart_wan(self) -> f64 {
        self.in_wan().to_f64().unwrap_or(0.0)
    }

    /// The exact amount in 万元, e.g. 886500.00 元 → 88.65.
    pub fn in_wan(self) -> Decimal {
        self.0 / Decimal::from(10_000)
    }

    /// The amount in 万元 rounded half away from zero to 0.01, with 2 decimals.
    pub fn wan_rounded(self) -> Decimal {
        let mut d = self
            .in_wan()
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        d.rescale(2);
        d
    }

    /// The amount in 万元 with 2 decimals, rounded half away from zero, e.g. `88.65`.
    pub fn wan_yuan(self) -> String {
        self.wan_rounded().to_string()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl std::ops::Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        // No "-0.00": zero stays positive.
        if self.0.is_zero() {
            Money::ZERO
        } else {
            Money(-self.0)
        }
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let m = Money::parse("1,234.5").unwrap();
        assert_eq!(m.fen(), 123_450);
        assert_eq!(m.plain(), "1234.50");
        assert_eq!(m.grouped(), "1,234.50");
        assert_eq!(Money::from_fen(88_650_000).wan_yuan(), "88.65");
        assert_eq!(Money::from_fen(-123_456_789).grouped(), "-1,234,567.89");
        assert_eq!(Money::parse("￥12元").unwrap().plain(), "12.00");
        assert_eq!((-Money::ZERO).plain(), "0.00");
        assert_eq!((-Money::from_fen(5)).plain(), "-0.05");
    }

    #[test]
    fn refuses_bad_amounts() {
        assert_eq!(Money::parse("1.234"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Money::parse("abc"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse(""), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse_non_negative("-1"), Err(MoneyError::Negative));
        // Trailing zeros beyond 2 places are fine: 1.500 is 1.50.
        assert_eq!(Money::parse("1.500").unwrap().fen(), 150);
        assert_eq!(Money::parse("1000000000000"), Err(MoneyError::OutOfRange));
        assert!(Money::parse("999999999999.99").is_ok());
    }

    #[test]
    fn percent_rounds_half_away_from_zero() {
        let m = Money::parse("0.05").unwrap();
        assert_eq!(m.times_percent(Decimal::from(50)).plain(), "0.03");
        assert_eq!(
            Money::parse("-0.05")
                .unwrap()
                .times_percent(Decimal::from(50))
                .plain(),
            "-0.03"
        );
        assert_eq!(
            Money::parse("1234.00")
                .unwrap()
                .times_percent(Decimal::from(70))
                .plain(),
            "863.80"
        );
        assert_eq!(
            Money::parse("8000")
                .unwrap()
                .times_percent(Decimal::from(100))
                .plain(),
            "8000.00"
        );
    }

    #[test]
    fn wan_yuan_rounds_half_away_from_zero() {
        assert_eq!(Money::from_fen(50).wan_yuan(), "0.00");
        assert_eq!(Money::parse("50").unwrap().wan_yuan(), "0.01");
        assert_eq!(Money::parse("-50").unwrap().wan_yuan(), "-0.01");
    }
}
