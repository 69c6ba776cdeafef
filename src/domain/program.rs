//! Programs (专项资金项目), their kinds, and year-versioned parameters.

use serde::{Deserialize, Serialize};

use super::Money;
use super::assistance::{GroupParams, InpatientParams};

/// The kind of a program decides its categories and rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProgramKind {
    /// 离休人员医药费补助.
    Lixiu,
    /// 城乡医疗救助.
    Jiuzhu,
}

impl ProgramKind {
    pub const ALL: [ProgramKind; 2] = [ProgramKind::Lixiu, ProgramKind::Jiuzhu];

    pub fn code(self) -> &'static str {
        match self {
            ProgramKind::Lixiu => "lixiu",
            ProgramKind::Jiuzhu => "jiuzhu",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ProgramKind::Lixiu => "离休人员医药费补助",
            ProgramKind::Jiuzhu => "城乡医疗救助",
        }
    }
}

/// A program as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: ProgramKind,
    /// 主管部门.
    pub department: String,
    /// 实施单位.
    pub unit: String,
}

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

/// A program-year's parameters. Every rate, quota and cap is data, never a constant in code.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct YearParams {
    pub categories: Vec<CategoryParams>,
    /// 统筹标准 元/人/年 (离休).
    pub pooling_standard: Money,
    /// Share of 目录外 cost that is paid, in percent (离休; 0 in the demo).
    pub out_of_catalog_percent: u32,
    /// The other protection layers whose payments a claim records, in the order they
    /// pay (基本医疗保险, 大病保险, …); empty for 离休.
    pub layers: Vec<String>,
}

impl YearParams {
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
                CategoryParams::lixiu(super::category::KANGRI, Money::from_yuan(5000)),
                CategoryParams::lixiu(super::category::JIEFANG, Money::from_yuan(3000)),
            ],
            pooling_standard: Money::from_yuan(8000),
            out_of_catalog_percent: 0,
            layers: Vec::new(),
        }
    }

    /// The 医疗救助 parameters seed 004 implies for 2019 (see
    /// [`super::assistance::AssistanceParams::seed_2019`]), with the layers
    /// 基本医保, 大病保险 and 其他保障.
    pub fn jiuzhu_seed() -> Self {
        Self {
            categories: super::assistance::AssistanceParams::seed_2019().categories,
            pooling_standard: Money::ZERO,
            out_of_catalog_percent: 0,
            layers: super::assistance::SEED_LAYERS
                .iter()
                .map(|l| (*l).to_owned())
                .collect(),
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
        if self.pooling_standard.is_negative() {
            return Err("统筹标准不能为负数".into());
        }
        if self.out_of_catalog_percent > 100 {
            return Err(format!(
                "目录外费用支付比例 {}% 应在 0 到 100 之间",
                self.out_of_catalog_percent
            ));
        }
        Ok(())
    }

    /// The 医疗救助 rule's view of these parameters.
    pub fn assistance(&self, year: i32) -> super::assistance::AssistanceParams {
        super::assistance::AssistanceParams {
            year,
            categories: self.categories.clone(),
        }
    }
}

/// A program year, e.g. 2021 of `lixiu`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramYear {
    pub id: i64,
    pub program_id: i64,
    pub year: i32,
    pub params: YearParams,
}
