//! The 政策参数 form: a program-year's parameters as typed, each field read with
//! its problem named in the clerk's words.

use super::ProgramKind;
use super::params::{CategoryParams, KindParams, LixiuParams, YearParams};
use crate::domain::Money;
use crate::domain::money::MoneyError;

/// One amount or rate of a category, as 政策参数 shows and parses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamField {
    Quota,
    Premium,
    InpatientDeductible,
    InpatientRateLocal,
    InpatientRateAbove,
    InpatientCap,
    CatastrophicDeductible,
    CatastrophicRate,
    CatastrophicCap,
    OutpatientDeductible,
    OutpatientRate,
    OutpatientCap,
}

impl ParamField {
    pub const ALL: [ParamField; 12] = [
        ParamField::Quota,
        ParamField::Premium,
        ParamField::InpatientDeductible,
        ParamField::InpatientRateLocal,
        ParamField::InpatientRateAbove,
        ParamField::InpatientCap,
        ParamField::CatastrophicDeductible,
        ParamField::CatastrophicRate,
        ParamField::CatastrophicCap,
        ParamField::OutpatientDeductible,
        ParamField::OutpatientRate,
        ParamField::OutpatientCap,
    ];

    /// The fields a program of `kind` uses, in column order.
    pub fn of_kind(kind: ProgramKind) -> &'static [ParamField] {
        match kind {
            ProgramKind::Lixiu => &Self::ALL[..1],
            ProgramKind::Jiuzhu => &Self::ALL[1..],
        }
    }

    /// The full name, as messages use it.
    pub fn label(self) -> &'static str {
        match self {
            ParamField::Quota => "个人医疗定额",
            ParamField::Premium => "资助参保金额",
            ParamField::InpatientDeductible => "普通住院起付线",
            ParamField::InpatientRateLocal => "普通住院（乡镇/县级）比例",
            ParamField::InpatientRateAbove => "普通住院（县级以上/县外）比例",
            ParamField::InpatientCap => "普通住院年度限额",
            ParamField::CatastrophicDeductible => "重特大疾病起付线",
            ParamField::CatastrophicRate => "重特大疾病比例",
            ParamField::CatastrophicCap => "重特大疾病年度限额",
            ParamField::OutpatientDeductible => "门诊起付线",
            ParamField::OutpatientRate => "门诊比例",
            ParamField::OutpatientCap => "门诊年度限额",
        }
    }

    /// A rate in percent (else an amount in 元).
    pub fn is_rate(self) -> bool {
        matches!(
            self,
            ParamField::InpatientRateLocal
                | ParamField::InpatientRateAbove
                | ParamField::CatastrophicRate
                | ParamField::OutpatientRate
        )
    }

    fn money_mut(self, c: &mut CategoryParams) -> Option<&mut Money> {
        Some(match self {
            ParamField::Quota => &mut c.quota,
            ParamField::Premium => &mut c.premium,
            ParamField::InpatientDeductible => &mut c.inpatient.deductible,
            ParamField::InpatientCap => &mut c.inpatient.cap,
            ParamField::CatastrophicDeductible => &mut c.catastrophic.deductible,
            ParamField::CatastrophicCap => &mut c.catastrophic.cap,
            ParamField::OutpatientDeductible => &mut c.outpatient.deductible,
            ParamField::OutpatientCap => &mut c.outpatient.cap,
            _ => return None,
        })
    }

    fn rate_mut(self, c: &mut CategoryParams) -> Option<&mut rust_decimal::Decimal> {
        Some(match self {
            ParamField::InpatientRateLocal => &mut c.inpatient.rate_local_percent,
            ParamField::InpatientRateAbove => &mut c.inpatient.rate_above_percent,
            ParamField::CatastrophicRate => &mut c.catastrophic.rate_percent,
            ParamField::OutpatientRate => &mut c.outpatient.rate_percent,
            _ => return None,
        })
    }

    /// The field's value of `c`, as the form shows it (`4000.00`, `70`).
    fn text(self, c: &CategoryParams) -> String {
        let mut c = c.clone();
        if let Some(m) = self.money_mut(&mut c) {
            return m.plain();
        }
        self.rate_mut(&mut c)
            .map(|r| r.normalize().to_string())
            .unwrap_or_default()
    }
}

/// One category of 政策参数 as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryDraft {
    pub category: String,
    /// One text per [`ParamField::ALL`], in that order.
    values: [String; 12],
}

impl CategoryDraft {
    /// A new category of a program of `kind`: the fields the kind shows are
    /// empty (to be typed), the others zero.
    pub fn blank(kind: ProgramKind) -> Self {
        let mut d = Self::default();
        for f in ParamField::ALL {
            if !ParamField::of_kind(kind).contains(&f) {
                *d.value_mut(f) = "0".into();
            }
        }
        d
    }

    pub fn value(&self, field: ParamField) -> &str {
        &self.values[field as usize]
    }

    pub fn value_mut(&mut self, field: ParamField) -> &mut String {
        &mut self.values[field as usize]
    }

    fn from_params(c: &CategoryParams) -> Self {
        Self {
            category: c.category.clone(),
            values: ParamField::ALL.map(|f| f.text(c)),
        }
    }
}

/// A problem with what was typed in 政策参数, in the clerk's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// The category row, when the problem is in one.
    pub row: Option<usize>,
    /// The field, when the problem is in one.
    pub field: Option<ParamField>,
    pub message: String,
}

/// The 离休 year-wide parameters as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LixiuDraft {
    /// 统筹标准 元/人/年 as typed.
    pub pooling_standard: String,
    /// 目录外费用支付比例 % as typed.
    pub out_of_catalog_percent: String,
}

/// What only the program's kind has, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KindDraft {
    Lixiu(LixiuDraft),
    Jiuzhu,
}

/// A program-year's parameters as typed in 政策参数.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearParamsDraft {
    pub categories: Vec<CategoryDraft>,
    /// The other protection layers, in paying order; blank lines are dropped.
    pub layers: Vec<String>,
    /// What only the program's kind has.
    pub kind: KindDraft,
}

/// Read a rate in percent: `70`, `70%`, `62.5`; from 0 to 100.
fn parse_percent(text: &str) -> Result<rust_decimal::Decimal, &'static str> {
    let t = text.trim().trim_end_matches(['%', '％']).trim();
    if t.is_empty() {
        return Err("不能为空");
    }
    let d: rust_decimal::Decimal = t.parse().map_err(|_| "不是数字")?;
    if d.is_sign_negative() || d > rust_decimal::Decimal::from(100) {
        return Err("应在 0 到 100 之间");
    }
    Ok(d)
}

/// Read an amount in 元: not empty, not negative, at most 2 decimals.
fn parse_amount(text: &str) -> Result<Money, &'static str> {
    if text.trim().is_empty() {
        return Err("不能为空");
    }
    Money::parse_non_negative(text).map_err(|e| match e {
        MoneyError::NotANumber => "不是有效的金额",
        MoneyError::TooManyDecimals => "最多保留 2 位小数",
        MoneyError::Negative => "不能为负数",
        MoneyError::OutOfRange => "超出范围",
    })
}

impl YearParamsDraft {
    /// The form of stored parameters.
    pub fn from_params(p: &YearParams) -> Self {
        Self {
            categories: p
                .categories
                .iter()
                .map(CategoryDraft::from_params)
                .collect(),
            layers: p.layers.clone(),
            kind: match &p.kind {
                KindParams::Lixiu(l) => KindDraft::Lixiu(LixiuDraft {
                    pooling_standard: l.pooling_standard.plain(),
                    out_of_catalog_percent: l.out_of_catalog_percent.to_string(),
                }),
                KindParams::Jiuzhu => KindDraft::Jiuzhu,
            },
        }
    }

    /// The parameters, or every problem: each field that does not read (naming
    /// the category, the field and the value), then — when all read — what
    /// [`YearParams::check`] refuses.
    pub fn parse(&self) -> Result<YearParams, Vec<ParamError>> {
        let mut errors = Vec::new();
        let mut categories = Vec::with_capacity(self.categories.len());
        for (row, d) in self.categories.iter().enumerate() {
            let name = d.category.trim();
            let who = if name.is_empty() {
                format!("第 {} 个类别", row + 1)
            } else {
                format!("「{name}」")
            };
            let mut c = CategoryParams {
                category: name.to_owned(),
                ..Default::default()
            };
            for f in ParamField::ALL {
                let text = d.value(f);
                let outcome = if let Some(slot) = f.rate_mut(&mut c) {
                    parse_percent(text).map(|r| *slot = r)
                } else if let Some(slot) = f.money_mut(&mut c) {
                    parse_amount(text).map(|m| *slot = m)
                } else {
                    Ok(())
                };
                if let Err(problem) = outcome {
                    let message = if text.trim().is_empty() {
                        format!("{who}的{}{problem}", f.label())
                    } else {
                        format!("{who}的{}「{}」{problem}", f.label(), text.trim())
                    };
                    errors.push(ParamError {
                        row: Some(row),
                        field: Some(f),
                        message,
                    });
                }
            }
            categories.push(c);
        }
        let kind = match &self.kind {
            KindDraft::Lixiu(d) => KindParams::Lixiu(d.parse(&mut errors)),
            KindDraft::Jiuzhu => KindParams::Jiuzhu,
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let params = YearParams {
            categories,
            kind,
            layers: self
                .layers
                .iter()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect(),
        };
        params.check().map_err(|message| {
            vec![ParamError {
                row: None,
                field: None,
                message,
            }]
        })?;
        Ok(params)
    }
}

impl LixiuDraft {
    /// The 统筹标准 and the 目录外 share, adding each that does not read to `errors`
    /// (and reading it as 0).
    fn parse(&self, errors: &mut Vec<ParamError>) -> LixiuParams {
        let pooling_standard = parse_amount(&self.pooling_standard).unwrap_or_else(|problem| {
            errors.push(ParamError {
                row: None,
                field: None,
                message: format!("统筹标准「{}」{problem}", self.pooling_standard.trim()),
            });
            Money::ZERO
        });
        let percent = self.out_of_catalog_percent.trim();
        let percent = percent.trim_end_matches(['%', '％']).trim();
        let out_of_catalog_percent = match percent.parse::<u32>() {
            Ok(p) if p <= 100 => p,
            _ => {
                errors.push(ParamError {
                    row: None,
                    field: None,
                    message: format!(
                        "目录外费用支付比例「{}」应为 0 到 100 之间的整数",
                        self.out_of_catalog_percent.trim()
                    ),
                });
                0
            }
        };
        LixiuParams {
            pooling_standard,
            out_of_catalog_percent,
        }
    }
}
