//! A program-year's parameters: the categories and layers every kind has, and
//! what only one kind has ([`KindParams`]), read once from the stored rows.

use super::ProgramKind;
use crate::domain::Money;
use crate::domain::assistance::{AssistanceParams, GroupParams, InpatientParams, SEED_LAYERS};
use crate::domain::category;

/// The stored key of the 统筹标准 in 分 (离休).
const POOLING_STANDARD: &str = "pooling_standard_fen";
/// The stored key of the 目录外 share in percent (离休).
const OUT_OF_CATALOG_PERCENT: &str = "out_of_catalog_percent";

/// One category's year-versioned parameters. 离休 uses the quota; 医疗救助 uses the
/// premium and the three groups' deductible, rate and cap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryParams {
    pub category: String,
    /// 个人医疗定额 per year (离休).
    pub quota: Money,
    /// 资助参保: the premium paid for each person of the category (医疗救助).
    pub premium: Money,
    /// 普通住院 (医疗救助).
    pub inpatient: InpatientParams,
    /// 重特大疾病住院 (医疗救助).
    pub catastrophic: GroupParams,
    /// 门诊 (医疗救助).
    pub outpatient: GroupParams,
}

impl CategoryParams {
    /// A 离休 category: only a quota.
    pub fn lixiu(category: &str, quota: Money) -> Self {
        Self {
            category: category.to_owned(),
            quota,
            ..Default::default()
        }
    }
}

/// The year-wide parameters of a 离休 year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LixiuParams {
    /// 统筹标准 元/人/年, the 年终清算's limit per person.
    pub pooling_standard: Money,
    /// Share of 目录外 cost that is paid, in percent (0 in the demo).
    pub out_of_catalog_percent: u32,
}

/// What a year's parameters hold beyond categories and layers, by program kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KindParams {
    /// 离休: the 统筹标准 and the 目录外 share.
    Lixiu(LixiuParams),
    /// 医疗救助: everything is per category.
    Jiuzhu,
}

/// A program-year's parameters as the store keeps them: the category rows, the
/// layer rows in paying order, and the year-wide integers by key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParamRows {
    pub categories: Vec<CategoryParams>,
    pub layers: Vec<String>,
    pub scalars: Vec<(String, i64)>,
}

/// A program-year's parameters. Every rate, quota and cap is data, never a constant in code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearParams {
    pub categories: Vec<CategoryParams>,
    /// The other protection layers whose payments a claim records, in the order they
    /// pay (基本医疗保险, 大病保险, …); usually empty for 离休.
    pub layers: Vec<String>,
    /// What only the program's kind has.
    pub kind: KindParams,
}

impl YearParams {
    /// The parameters of a year of a `kind` program from its stored rows. A missing
    /// or unreadable year-wide integer reads as 0.
    pub fn from_rows(kind: ProgramKind, rows: ParamRows) -> Self {
        let scalar = |key: &str| {
            rows.scalars
                .iter()
                .find(|(k, _)| k == key)
                .map_or(0, |(_, v)| *v)
        };
        let kind = match kind {
            ProgramKind::Lixiu => KindParams::Lixiu(LixiuParams {
                pooling_standard: Money::from_fen(scalar(POOLING_STANDARD)),
                out_of_catalog_percent: u32::try_from(scalar(OUT_OF_CATALOG_PERCENT)).unwrap_or(0),
            }),
            ProgramKind::Jiuzhu => KindParams::Jiuzhu,
        };
        Self {
            categories: rows.categories,
            layers: rows.layers,
            kind,
        }
    }

    /// The year-wide integers to store, by key.
    pub fn scalar_rows(&self) -> Vec<(&'static str, i64)> {
        match &self.kind {
            KindParams::Lixiu(l) => vec![
                (POOLING_STANDARD, l.pooling_standard.fen()),
                (OUT_OF_CATALOG_PERCENT, i64::from(l.out_of_catalog_percent)),
            ],
            KindParams::Jiuzhu => Vec::new(),
        }
    }

    /// Whether these are the parameters of a `kind` program.
    pub fn is_of(&self, kind: ProgramKind) -> bool {
        match (&self.kind, kind) {
            (KindParams::Lixiu(_), ProgramKind::Lixiu)
            | (KindParams::Jiuzhu, ProgramKind::Jiuzhu) => true,
            (KindParams::Lixiu(_), ProgramKind::Jiuzhu)
            | (KindParams::Jiuzhu, ProgramKind::Lixiu) => false,
        }
    }

    /// The 统筹标准; `None` for a kind without 年终清算.
    pub fn pooling_standard(&self) -> Option<Money> {
        match &self.kind {
            KindParams::Lixiu(l) => Some(l.pooling_standard),
            KindParams::Jiuzhu => None,
        }
    }

    /// The personal quota of a category, zero when the category has none.
    pub fn quota_for(&self, category: &str) -> Money {
        self.categories
            .iter()
            .find(|c| c.category == category)
            .map(|c| c.quota)
            .unwrap_or(Money::ZERO)
    }

    /// The 资助参保 premium of a category; `None` when the year has no such category.
    pub fn premium_for(&self, category: &str) -> Option<Money> {
        self.categories
            .iter()
            .find(|c| c.category == category)
            .map(|c| c.premium)
    }

    /// The names of the year's categories, in order.
    pub fn category_names(&self) -> Vec<String> {
        self.categories.iter().map(|c| c.category.clone()).collect()
    }

    /// The parameters seed 000 gives for 离休: 5000 / 3000 quotas, 8000 pooling standard.
    pub fn lixiu_seed() -> Self {
        Self {
            categories: vec![
                CategoryParams::lixiu(category::KANGRI, Money::from_yuan(5000)),
                CategoryParams::lixiu(category::JIEFANG, Money::from_yuan(3000)),
            ],
            layers: Vec::new(),
            kind: KindParams::Lixiu(LixiuParams {
                pooling_standard: Money::from_yuan(8000),
                out_of_catalog_percent: 0,
            }),
        }
    }

    /// The 医疗救助 parameters seed 004 implies for 2019 (see
    /// [`AssistanceParams::seed_2019`]), with the layers 基本医保, 大病保险 and 其他保障.
    pub fn jiuzhu_seed() -> Self {
        Self {
            categories: AssistanceParams::seed_2019().categories,
            layers: SEED_LAYERS.iter().map(|l| (*l).to_owned()).collect(),
            kind: KindParams::Jiuzhu,
        }
    }

    /// The built-in parameters a new program of `kind` starts with.
    pub fn seed(kind: ProgramKind) -> Self {
        match kind {
            ProgramKind::Lixiu => Self::lixiu_seed(),
            ProgramKind::Jiuzhu => Self::jiuzhu_seed(),
        }
    }

    /// Check what a clerk typed in 政策参数: named, distinct categories; no negative
    /// amounts; rates from 0 to 100 %; named, distinct layers.
    pub fn check(&self) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for c in &self.categories {
            let name = c.category.trim();
            if name.is_empty() {
                return Err("类别名称不能为空".into());
            }
            if !seen.insert(name) {
                return Err(format!("类别「{name}」重复"));
            }
            let amounts = [
                ("个人医疗定额", c.quota),
                ("资助参保金额", c.premium),
                ("普通住院起付线", c.inpatient.deductible),
                ("普通住院年度限额", c.inpatient.cap),
                ("重特大疾病起付线", c.catastrophic.deductible),
                ("重特大疾病年度限额", c.catastrophic.cap),
                ("门诊起付线", c.outpatient.deductible),
                ("门诊年度限额", c.outpatient.cap),
            ];
            if let Some((label, m)) = amounts.iter().find(|(_, m)| m.is_negative()) {
                return Err(format!("「{name}」的{label} {} 不能为负数", m.plain()));
            }
            let rates = [
                ("普通住院（乡镇/县级）比例", c.inpatient.rate_local_percent),
                (
                    "普通住院（县级以上/县外）比例",
                    c.inpatient.rate_above_percent,
                ),
                ("重特大疾病比例", c.catastrophic.rate_percent),
                ("门诊比例", c.outpatient.rate_percent),
            ];
            let hundred = rust_decimal::Decimal::from(100);
            if let Some((label, r)) = rates
                .iter()
                .find(|(_, r)| r.is_sign_negative() || *r > hundred)
            {
                return Err(format!("「{name}」的{label} {r}% 应在 0 到 100 之间"));
            }
        }
        let mut layers = std::collections::HashSet::new();
        for l in &self.layers {
            if l.trim().is_empty() {
                return Err("保障层次名称不能为空".into());
            }
            if !layers.insert(l.trim()) {
                return Err(format!("保障层次「{}」重复", l.trim()));
            }
        }
        match &self.kind {
            KindParams::Lixiu(l) => {
                if l.pooling_standard.is_negative() {
                    return Err("统筹标准不能为负数".into());
                }
                if l.out_of_catalog_percent > 100 {
                    return Err(format!(
                        "目录外费用支付比例 {}% 应在 0 到 100 之间",
                        l.out_of_catalog_percent
                    ));
                }
            }
            KindParams::Jiuzhu => {}
        }
        Ok(())
    }

    /// The 医疗救助 rule's view of these parameters.
    pub fn assistance(&self, year: i32) -> AssistanceParams {
        AssistanceParams {
            year,
            categories: self.categories.clone(),
        }
    }
}
