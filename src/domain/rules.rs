//! Payable amounts of claims, computed from the program-year's parameters, each
//! with its explanation (计算过程).
//!
//! A rule kind is a variant of [`PayRule`]. Rules that depend on what a person has
//! already received in the year (deductibles, yearly caps, cumulative outpatient
//! assistance) read and update a [`YearUse`], so claims are computed in date order;
//! 离休 uses none of it but records what it paid.

use rust_decimal::Decimal;

use super::Money;
use super::assistance::AssistanceParams;
use super::program::{KindParams, YearParams};

/// One payment by another protection layer on a bill (基本医保, 大病保险, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerPayment {
    pub layer: String,
    pub amount: Money,
}

/// The money on one claim as entered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimAmounts {
    /// 医疗总费用.
    pub total: Money,
    /// 目录外费用.
    pub out_of_catalog: Money,
    /// Payments already made by other layers, in the program's layer order.
    pub other_layers: Vec<LayerPayment>,
}

/// Why the amounts of a claim cannot be right.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("{0}不能为负数")]
    Negative(&'static str),
    #[error("目录外费用 {out} 大于医疗总费用 {total}")]
    OutOfCatalogAboveTotal { out: String, total: String },
    /// The layers paid more than the whole bill. Layers above the in-catalog part
    /// alone are possible (扶贫特惠保 or a commercial layer also pays toward 目录外
    /// costs) and are not an error.
    #[error("{paid} 合计 {layers} 大于医疗总费用 {total}")]
    LayersAboveTotal {
        /// Each paying layer with its amount, e.g. 「基本医保支付 800.00、大病保险支付 300.00」.
        paid: String,
        layers: String,
        total: String,
    },
}

impl ClaimAmounts {
    /// Check the amounts against each other.
    pub fn check(&self) -> Result<(), AmountError> {
        if self.total.is_negative() {
            return Err(AmountError::Negative("医疗总费用"));
        }
        if self.out_of_catalog.is_negative() {
            return Err(AmountError::Negative("目录外费用"));
        }
        if self.other_layers.iter().any(|l| l.amount.is_negative()) {
            return Err(AmountError::Negative("其他保障支付"));
        }
        if self.out_of_catalog > self.total {
            return Err(AmountError::OutOfCatalogAboveTotal {
                out: self.out_of_catalog.plain(),
                total: self.total.plain(),
            });
        }
        let layers = self.layers_paid();
        if layers > self.total {
            let paid: Vec<String> = self
                .paying_layers()
                .map(|l| {
                    format!(
                        "{} {}",
                        super::claim::layer_paid_header(&l.layer),
                        l.amount.plain()
                    )
                })
                .collect();
            return Err(AmountError::LayersAboveTotal {
                paid: paid.join("、"),
                layers: layers.plain(),
                total: self.total.plain(),
            });
        }
        Ok(())
    }

    /// What the other layers paid together.
    pub fn layers_paid(&self) -> Money {
        self.other_layers.iter().map(|l| l.amount).sum()
    }

    /// The layers that paid something, in the program's order.
    pub fn paying_layers(&self) -> impl Iterator<Item = &LayerPayment> {
        self.other_layers.iter().filter(|l| !l.amount.is_zero())
    }

    /// 目录内费用 = 总费用 − 目录外费用.
    pub fn in_catalog(&self) -> Money {
        self.total - self.out_of_catalog
    }
}

/// What a person has used in one rule group so far in the year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct YearUse {
    /// Deductible (起付线) already absorbed.
    pub deductible: Money,
    /// Amount already paid by this program.
    pub paid: Money,
}

/// A computed payable amount and how it was reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payable {
    pub amount: Money,
    pub explanation: String,
}

/// A program kind's payment rule with its year parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayRule {
    /// 离休: in-catalog cost is paid in full; the out-of-catalog share is a parameter.
    Lixiu { out_of_catalog_percent: u32 },
}

impl PayRule {
    /// Compute one claim, after the person's earlier claims of the year in `used`,
    /// and add this claim to it.
    pub fn compute(
        &self,
        amounts: &ClaimAmounts,
        used: &mut YearUse,
    ) -> Result<Payable, AmountError> {
        amounts.check()?;
        match self {
            PayRule::Lixiu {
                out_of_catalog_percent,
            } => {
                let in_catalog = amounts.in_catalog();
                // What other layers already paid is not paid again: first from the
                // in-catalog part, and what they paid beyond it from the 目录外 part.
                let layers = amounts.layers_paid();
                let own = (in_catalog - layers).max(Money::ZERO);
                let beyond = (layers - in_catalog).max(Money::ZERO);
                let out_own = amounts.out_of_catalog - beyond;
                let pct = Decimal::from(*out_of_catalog_percent);
                let out_part = out_own.times_percent(pct);
                let amount = own + out_part;
                used.paid = used.paid + amount;
                let layer_text = if layers.is_zero() {
                    String::new()
                } else {
                    format!(" − 其他保障 {}", layers.plain())
                };
                let out_text = if beyond.is_zero() {
                    amounts.out_of_catalog.plain()
                } else {
                    format!(
                        "{} − 其他保障超出目录内部分 {} = {}",
                        amounts.out_of_catalog.plain(),
                        beyond.plain(),
                        out_own.plain()
                    )
                };
                let explanation = format!(
                    "目录内 {} − {}{layer_text} = {} × 100% = {}；目录外 {out_text} × {}% = {}；应付 {}",
                    amounts.total.plain(),
                    amounts.out_of_catalog.plain(),
                    own.plain(),
                    own.plain(),
                    out_of_catalog_percent,
                    out_part.plain(),
                    amount.plain()
                );
                Ok(Payable {
                    amount,
                    explanation,
                })
            }
        }
    }
}

/// How a program-year computes payable amounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClaimRule {
    /// Claim by claim (离休).
    PerClaim(PayRule),
    /// Person by person over the year (医疗救助); see [`super::assistance`].
    Assistance(AssistanceParams),
}

impl ClaimRule {
    /// The rule of a program-year, chosen by what its parameters hold.
    pub fn of_year(params: &YearParams, year: i32) -> Self {
        match &params.kind {
            KindParams::Lixiu(l) => ClaimRule::PerClaim(PayRule::Lixiu {
                out_of_catalog_percent: l.out_of_catalog_percent,
            }),
            KindParams::Jiuzhu => ClaimRule::Assistance(params.assistance(year)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts(total: &str, out: &str) -> ClaimAmounts {
        ClaimAmounts {
            total: Money::parse(total).unwrap(),
            out_of_catalog: Money::parse(out).unwrap(),
            other_layers: Vec::new(),
        }
    }

    #[test]
    fn the_parameters_choose_the_rule() {
        assert_eq!(
            ClaimRule::of_year(&YearParams::lixiu_seed(), 2021),
            ClaimRule::PerClaim(PayRule::Lixiu {
                out_of_catalog_percent: 0
            })
        );
        let jiuzhu = YearParams::jiuzhu_seed();
        assert_eq!(
            ClaimRule::of_year(&jiuzhu, 2019),
            ClaimRule::Assistance(jiuzhu.assistance(2019))
        );
    }

    #[test]
    fn lixiu_pays_in_catalog_in_full_with_an_explanation() {
        let rule = PayRule::Lixiu {
            out_of_catalog_percent: 0,
        };
        let mut used = YearUse::default();
        let p = rule
            .compute(&amounts("1234.50", "34.50"), &mut used)
            .unwrap();
        assert_eq!(p.amount.plain(), "1200.00");
        assert_eq!(
            p.explanation,
            "目录内 1234.50 − 34.50 = 1200.00 × 100% = 1200.00；目录外 34.50 × 0% = 0.00；应付 1200.00"
        );
        let p = rule.compute(&amounts("100", "0"), &mut used).unwrap();
        assert_eq!(p.amount.plain(), "100.00");
        assert_eq!(used.paid.plain(), "1300.00");
    }

    #[test]
    fn lixiu_out_of_catalog_share_rounds_half_away_from_zero() {
        let rule = PayRule::Lixiu {
            out_of_catalog_percent: 15,
        };
        let p = rule
            .compute(&amounts("100.10", "0.10"), &mut YearUse::default())
            .unwrap();
        // 0.10 × 15% = 0.015 → 0.02.
        assert_eq!(p.amount.plain(), "100.02");
    }

    #[test]
    fn other_layers_are_not_paid_twice() {
        let rule = PayRule::Lixiu {
            out_of_catalog_percent: 0,
        };
        let mut a = amounts("1000", "100");
        a.other_layers.push(LayerPayment {
            layer: "基本医疗保险".into(),
            amount: Money::from_yuan(600),
        });
        let p = rule.compute(&a, &mut YearUse::default()).unwrap();
        assert_eq!(p.amount.plain(), "300.00");
        assert_eq!(
            p.explanation,
            "目录内 1000.00 − 100.00 − 其他保障 600.00 = 300.00 × 100% = 300.00；目录外 100.00 × 0% = 0.00；应付 300.00"
        );
    }

    #[test]
    fn impossible_amounts_are_refused() {
        let rule = PayRule::Lixiu {
            out_of_catalog_percent: 0,
        };
        let err = rule
            .compute(&amounts("10", "20"), &mut YearUse::default())
            .unwrap_err();
        assert_eq!(err.to_string(), "目录外费用 20.00 大于医疗总费用 10.00");
        let err = rule
            .compute(&amounts("-1", "0"), &mut YearUse::default())
            .unwrap_err();
        assert_eq!(err.to_string(), "医疗总费用不能为负数");
        let mut a = amounts("100", "10");
        a.other_layers = vec![
            LayerPayment {
                layer: "基本医保".into(),
                amount: Money::from_yuan(80),
            },
            LayerPayment {
                layer: "大病保险".into(),
                amount: Money::ZERO,
            },
            LayerPayment {
                layer: "其他保障".into(),
                amount: Money::parse("20.01").unwrap(),
            },
        ];
        assert_eq!(
            a.check().unwrap_err().to_string(),
            "基本医保支付 80.00、其他保障支付 20.01 合计 100.01 大于医疗总费用 100.00"
        );
    }

    /// Layers above the in-catalog part (95 > 100 − 10) but within the bill: the
    /// in-catalog part is 0, and of the 10.00 目录外 the layers paid 5.00, so at 50 %
    /// the program pays (10 − 5) × 50 % = 2.50.
    #[test]
    fn layers_above_the_in_catalog_part_are_taken_off_the_out_of_catalog_part() {
        let rule = PayRule::Lixiu {
            out_of_catalog_percent: 50,
        };
        let mut a = amounts("100", "10");
        a.other_layers.push(LayerPayment {
            layer: "基本医疗保险".into(),
            amount: Money::from_yuan(95),
        });
        let p = rule.compute(&a, &mut YearUse::default()).unwrap();
        assert_eq!(p.amount.plain(), "2.50");
        assert_eq!(
            p.explanation,
            "目录内 100.00 − 10.00 − 其他保障 95.00 = 0.00 × 100% = 0.00；目录外 10.00 − 其他保障超出目录内部分 5.00 = 5.00 × 50% = 2.50；应付 2.50"
        );
    }
}
